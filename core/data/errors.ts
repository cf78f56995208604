// Typed errors of the data pipeline. Every message names the file, the place (line and record) and the
// column where there is one, so the UI can show it verbatim and the CLI can print it.

import { prefixed, type Words } from './words'

export type ImportErrorCode =
  | 'empty-file' // zero characters (or only a BOM)
  | 'whitespace-only' // nothing but spaces and newlines
  | 'no-columns' // a header row whose names are all empty
  | 'header-only' // a header and no data rows
  | 'binary' // NUL bytes: not a text file
  | 'invalid-utf8' // U+FFFD replacement characters: the bytes were not UTF-8
  | 'control-char' // other C0 control characters (not tab/CR/LF)
  | 'unclosed-quote' // a quoted field never closes (papaparse would swallow the rest of the file)
  | 'bad-quote' // text after a closing quote, e.g. "ab"c
  | 'ragged-row' // a row with a different number of fields than the header
  | 'duplicate-column' // the same column name twice in the header
  | 'long-column-name' // a column name longer than COLUMN_NAME_MAX (./limits.ts)
  | 'unknown-column' // an option names a column that is not in the file
  | 'non-numeric' // text in a numeric column (forced numeric, or >= 90 % numeric with a stray word)
  | 'out-of-range' // a number that does not fit a float64 (1e400 -> Infinity)
  | 'mixed-units' // numbers written with two different unit signs in one column ($ and €, or % and $)
  | 'excel-serial-date' // a column set to date holding Excel serial day numbers (44256), which no reading as missing fixes
  | 'invalid-date' // a value that does not parse in a (forced or >= 90 %) date column
  | 'mixed-time-zones' // times with a UTC offset (or Z) and times without one in one date column
  | 'invalid-boolean' // a value that is not true/false in a forced boolean column
  | 'ambiguous-number-format' // "1,500" could be 1.5 or 1500: pass opts.decimal
  | 'wrong-decimal' // opts.decimal names one mark, and every value of a column is written with the other
  | 'ambiguous-date-format' // "03/04/2020" could be dd/mm or mm/dd: pass opts.dateOrder
  | 'ambiguous-month-format' // "10-12" could be yy-mm or mm-yy: pass opts.monthOrder
  | 'too-many-levels' // a forced categorical column with more than maxLevels distinct values
  | 'bad-option' // an invalid import option
  | 'aborted' // the caller's signal was set

/** Refusals of one column's values (the error names the column), which reading that column as text
 *  or leaving it out gets past. */
const COLUMN_VALUE_CODES: ReadonlySet<string> = new Set<ImportErrorCode>(['non-numeric', 'mixed-units', 'invalid-date', 'excel-serial-date', 'mixed-time-zones', 'invalid-boolean', 'out-of-range'])

/** What gets past an import refusal naming `column`: reading the column as text or leaving it out
 *  ('text-or-leave'), only leaving it out ('leave': a column of too many values, read as text, is
 *  refused again), or nothing of the kind (null). The app offers them as buttons, the CLI as --type. */
export function columnFixes(e: { code: string; column?: string }): 'text-or-leave' | 'leave' | null {
  if (!e.column) return null
  return COLUMN_VALUE_CODES.has(e.code) ? 'text-or-leave' : e.code === 'too-many-levels' ? 'leave' : null
}

/** Refusals of one value of a column (not a number among numbers, a date or boolean that does not
 *  read), which reading that value as missing gets past: the value, or null. Never a 0 or 1 of a
 *  column set to boolean: they are its no and yes, and reading one as missing would blank a class. */
export function missingFix(e: { code: string; column?: string; value?: string }): string | null {
  if (e.code === 'invalid-boolean' && (e.value === '0' || e.value === '1')) return null
  return e.column && e.value && (e.code === 'non-numeric' || e.code === 'invalid-date' || e.code === 'invalid-boolean') ? e.value : null
}

export interface ImportErrorDetails {
  file: string
  /** 1-based physical line in the file where the offending record starts (the header is usually line 1). */
  line?: number
  /** 1-based data record number (the header is not counted). */
  row?: number
  column?: string
  value?: string
  /** For the three ambiguity codes: the option values the caller may pass to decide. */
  choices?: string[]
}

export class ImportError extends Error {
  override name = 'ImportError'
  readonly code: ImportErrorCode
  readonly file: string
  readonly line?: number
  readonly row?: number
  readonly column?: string
  readonly value?: string
  readonly choices?: string[]

  constructor(code: ImportErrorCode, what: string, d: ImportErrorDetails) {
    super(`${d.file}${placeOf(d)}: ${what}`)
    this.code = code
    this.file = d.file
    this.line = d.line
    this.row = d.row
    this.column = d.column
    this.value = d.value
    this.choices = d.choices
  }
}

/** An ImportError as plain data, as it crosses from one worker to another. */
export interface ImportErrorData extends ImportErrorDetails { code: ImportErrorCode; message: string }

export function importErrorData(e: ImportError): ImportErrorData {
  return { code: e.code, message: e.message, file: e.file, line: e.line, row: e.row, column: e.column, value: e.value, choices: e.choices }
}

/** The error met in a part of a file read on its own, placed in the whole file: `lines` and `rows`
 *  come before the part (its own lines and records count from 1). */
export function placedImportError(e: ImportErrorData, lines: number, rows: number): ImportError {
  const what = e.message.slice(`${e.file}${placeOf(e)}: `.length)
  return new ImportError(e.code, what, {
    file: e.file,
    line: e.line === undefined ? undefined : e.line + lines,
    row: e.row === undefined ? undefined : e.row + rows,
    column: e.column,
    value: e.value,
    choices: e.choices
  })
}

function placeOf(d: ImportErrorDetails): string {
  const parts: string[] = []
  if (d.line !== undefined) parts.push(`line ${d.line}`)
  if (d.row !== undefined) parts.push(`record ${d.row}`)
  if (d.column !== undefined) parts.push(`column "${d.column}"`)
  return parts.length ? ` (${parts.join(', ')})` : ''
}

export type PipelineErrorCode =
  | 'bad-config' // a config field is missing or invalid; `field` names it
  | 'unknown-column'
  | 'bad-rule' // a classification rule that does not parse
  | 'short-series' // "need at least N rows, have M"
  | 'no-time-column'
  | 'duplicate-time' // duplicates policy 'error' and two rows share a timestamp (or a step index repeats)
  | 'step-index-order' // a step index goes back on a row (step-index.ts)
  | 'mixed-series' // timestamps repeat and a column splits the rows into series: pick one (series-id.ts)
  | 'unknown-series' // the chosen series value is not in its column
  | 'other-step' // new rows step otherwise than the rows a model was fitted on (apply.ts)

export class PipelineError extends Error {
  override name = 'PipelineError'
  /** The app's words where they differ from the message (the CLI's): words.ts. */
  readonly app?: string
  constructor(
    readonly code: PipelineErrorCode,
    message: string | Words,
    readonly field?: string
  ) {
    const w = prefixed(field ? `${field}: ` : '', message)
    super(w.message)
    if (w.app !== undefined) this.app = w.app
  }
}
