// The slice of papaparse that core/data uses. tsconfig.core.json maps 'papaparse' here because
// @types/papaparse references @types/node, which would let Node globals typecheck in pure code.
declare module 'papaparse' {
  export interface ParseError { type: string; code: string; message: string; row?: number; index?: number }
  export interface ParseResult { data: string[][]; errors: ParseError[]; meta: { cursor: number } }
  export class Parser {
    constructor(config: { delimiter?: string; newline?: string; quoteChar?: string })
    parse(input: string, baseIndex: number, ignoreLastRow: boolean): ParseResult
  }
  const Papa: { Parser: typeof Parser }
  export default Papa
}
