// The CLI's flags that take a model file: a file of another kind is named as such (core/services/file-kind.ts).
import { fileKind, looksLike } from '../services/file-kind'
import { UsageError } from './args'

export { fileKind, kindOf, looksLike } from '../services/file-kind'

/** What a flag taking a JSON model file takes, in words. */
export const MODEL_JSON = 'a model file: the model.json that fw train writes (or fw export --model)'

/** A flag that takes a model file (--model, --from) naming a CSV, a database or other text: said as
 *  such before it is parsed as a model (which said 'not valid JSON', or 'not an ONNX model'). JSON
 *  and binary files go on to the model loaders, which name what is wrong inside them. readsData: the
 *  command reads data from --csv, where a CSV given here was meant to go. */
export function checkModelFileKind(path: string | undefined, flag: string, takes: string, readsData = true): void {
  const kind = path === undefined ? null : fileKind(path)
  if (!kind || kind.kind === 'json' || kind.kind === 'binary') return
  throw new UsageError(`--${flag} ${path}: not a model file (${looksLike(kind)}); --${flag} takes ${takes}${kind.kind === 'csv' && readsData ? ', and the data goes in --csv' : ''}`)
}
