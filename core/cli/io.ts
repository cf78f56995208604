// File input and output for the CLI (Node only).
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { importCsv, NO_TIME_COLUMN, TIME_COLUMN, WINDOWS_1252 } from '../data/import'
import { ImportError, PipelineError } from '../data/errors'
import { FutureKindError } from '../data/future'
import { DEFAULT_MISSING } from '../data/values'
import { importInTwo } from './import-parts'
import { TEXT_ENCODINGS, type Dataset, type ImportOptions, type TextEncodingName } from '../data/types'
import { fileText } from './text-stream'
import { UsageError, columnPairs, str, type Parsed } from './args'
import { SERIES_FLAGS, seriesImport } from './series'
import { refusalWords, WriteRefused, writeFileAtomic as writeFileShared } from '../services/files'
import { writeRunFiles as writeRunFilesShared, type RunFileTexts, type WrittenRunFiles } from '../services/run-files'

/** Characters of CSV read at a time (bench/import.ts reads as this does). */
export const CSV_CHUNK = 1 << 16

export async function readCsvFile(path: string, opts: Partial<ImportOptions> = {}, onProgress?: (chars: number) => void): Promise<Dataset> {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file`)
  // 64 KiB chunks: papaparse's rows of one chunk stay small and short-lived; 1 MiB chunks made a
  // 1M-row import about 30 % slower (the app's worker reads a File's stream in 64 KiB too)
  const open = (start = 0, end?: number) => fileText(path, opts.encoding, CSV_CHUNK, start, end)
  const options = { ...opts, fileName: basename(path) }
  const progress = onProgress ? (p: { chars: number }) => onProgress(p.chars) : undefined
  // a large file in two parts at once (a worker thread reads the second), exactly the same Dataset
  try {
    return (await importInTwo(path, options, open, progress)) ?? (await importCsv(open(), options, progress))
  } catch (e) {
    // the time column chosen is --time's (csvOptions): named by the flag, as the user wrote it
    if (e instanceof ImportError && opts.timeColumn !== undefined && e.column === opts.timeColumn) e.message = e.message.replace(`${TIME_COLUMN} "`, '--time "').replace(NO_TIME_COLUMN, 'leave out --time')
    // the way to read it as Windows-1252 is a flag here (a button in the app)
    if (e instanceof ImportError && e.code === 'invalid-utf8') e.message = e.message.replace(`or read it as ${WINDOWS_1252}`, 'or pass --encoding windows-1252')
    throw e
  }
}

/** What fw train, predict and forecast say of the files they read whose numbers have a decimal comma
 *  (the import's format.decimal, which fw inspect's first line names), so that 12,5 read as 12.5 is
 *  never silent: one line per such file, naming it. */
export function decimalNotes(...files: (Dataset | undefined)[]): string[] {
  return files.filter((d) => d?.format.decimal === 'comma').map((d) => `${d!.file}: numbers read with a decimal comma (12,5 as 12.5)`)
}

/** What a cell of each kind must be, for the refusal of a --future file's cell. */
const A_VALUE: Partial<Record<string, [one: string, column: string]>> = { numeric: ['a number', 'numbers'], boolean: ['true or false', 'true/false values'], date: ['a date', 'dates'] }

/** Runs `append`, which appends the rows of the --future file `path` (read with `opts`) to the data.
 *  When it refuses a column of the file for its kind (a word among numbers made it text, and only the
 *  column was named), the file is read again with that column typed as the data's, so that the
 *  refusal names the file, the line and row, the column and the value that is not one. */
export async function namingFutureCell<T>(path: string, opts: Partial<ImportOptions>, append: () => T): Promise<T> {
  try {
    return append()
  } catch (e) {
    if (!(e instanceof FutureKindError) || !A_VALUE[e.kind]) throw e
    const typed = await readCsvFile(path, { ...opts, columns: { ...opts.columns, [e.column]: { type: e.kind as 'numeric' } } }).then(() => null, (x: unknown) => x)
    if (!(typed instanceof ImportError) || typed.column !== e.column || typed.value === undefined) throw e
    const [one, column] = A_VALUE[e.kind]!
    throw new PipelineError('bad-config', `${typed.file}, line ${typed.line} (row ${typed.row}), column "${e.column}": "${typed.value}" is not ${one}, and the column holds ${column} in ${e.dataFile}; correct the value`, 'future')
  }
}

export function readJsonFile(path: string, what: string): unknown {
  if (!existsSync(path)) throw new UsageError(`${path}: no such ${what} file`)
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON (${(e as Error).message})`)
  }
}

/** The folder --out names (default fw-out), checked before any training: a file in its place (or in
 *  place of a folder above it), or a folder the user cannot write in, is bad input said at once, not
 *  an internal error after the run, whose model would then be lost with --no-db. The folder is made
 *  when the files are written. */
export function outDir(p: Parsed): string {
  const dir = str(p, 'out') ?? 'fw-out'
  checkWritable(dir, `--out ${dir}`, true)
  return dir
}

/** Bad input (UsageError) unless `path` can be written: a file, or with `folder` a folder to make
 *  files in. `what` names it in the message (e.g. "--csv x.csv"). Checked before the work that
 *  writes it, so that nothing is computed, or half exported, for an output that cannot be written. */
export function checkWritable(path: string, what: string, folder = false): void {
  const full = resolve(path)
  let st: ReturnType<typeof statSync> | undefined
  try {
    st = statSync(full, { throwIfNoEntry: false })
  } catch {
    st = undefined // ENOTDIR: a file above it, found below
  }
  if (st) {
    if (folder && !st.isDirectory()) throw new UsageError(`${what}: is a file; name a folder for model.json and predictions.csv`)
    if (!folder && st.isDirectory()) throw new UsageError(`${what}: is a folder; name a file in it`)
  }
  // the nearest folder that exists: the files (or the folders to make) go in it
  let d = st?.isDirectory() ? full : dirname(full)
  for (; !existsSync(d); d = dirname(d)) if (dirname(d) === d) break
  if (!statSync(d).isDirectory()) throw new UsageError(`${what}: ${d} is a file, not a folder`)
  // a device or pipe (--out /dev/stdout) is written to as it is
  if (st && !st.isFile() && !st.isDirectory()) return
  try {
    accessSync(d, constants.W_OK)
  } catch {
    throw new UsageError(`${what}: cannot write in ${d}: permission denied`)
  }
  // access() lets root write anywhere, /proc included, where mkdir and open say ENOENT: a folder or
  // file made and removed again there says whether the output can be made
  const folders = d !== (folder ? full : dirname(full))
  const probe = join(d, `.fw-check-${process.pid}`)
  try {
    if (folders) mkdirSync(probe)
    else writeFileSync(probe, '', { flag: 'wx' })
    rmSync(probe, { recursive: folders })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'it takes no new files or folders' : (refusalWords(code) ?? code ?? (e as Error).message)
    throw new UsageError(`${what}: cannot make a ${folders ? 'folder' : 'file'} in ${d}: ${why}`)
  }
}

/** `write`'s file system refusal (WriteRefused, naming the file) as a usage error (exit 2). */
function refusedAsUsage<T>(write: () => T): T {
  try {
    return write()
  } catch (e) {
    if (e instanceof WriteRefused) throw new UsageError(e.message, { cause: e.cause })
    throw e
  }
}

/** Writes via a temporary file and a rename (core/services/files.ts); a refusal is a usage error
 *  (exit 2) naming the file. */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  refusedAsUsage(() => writeFileShared(path, text))
}

/** A run's two files in its output folder (fw train --out, or fw resume's folder), written by fw
 *  train and fw resume alike as the app writes them on a resume (core/services/run-files.ts); a
 *  refusal is a usage error naming the file. */
export function writeRunFiles(dir: string, texts: RunFileTexts): WrittenRunFiles {
  return refusedAsUsage(() => writeRunFilesShared(dir, texts))
}

/** How to read a CSV, from the command line: --encoding utf-8|windows-1252, --delimiter , ; tab, --decimal dot|comma, --date-order dmy|mdy,
 *  --month-order ym|my,
 *  and which series of a long file (--series COL --series-value VALUE, series.ts). */
export const CSV_FLAGS = { encoding: 'string', delimiter: 'string', decimal: 'string', 'date-order': 'string', 'month-order': 'string', type: 'string', na: 'string', ...SERIES_FLAGS } as const

/** The column types --type sets, as the app's Data view sets them. */
const COLUMN_TYPES = ['numeric', 'categorical', 'boolean', 'date', 'ignore'] as const

export function csvOptions(p: Parsed): Partial<ImportOptions> {
  const o: Partial<ImportOptions> = {}
  const enc = str(p, 'encoding')
  if (enc !== undefined) {
    if (!(TEXT_ENCODINGS as readonly string[]).includes(enc)) throw new UsageError(`--encoding must be ${TEXT_ENCODINGS.join(' or ')} (got '${enc}')`)
    o.encoding = enc as TextEncodingName
  }
  const d = str(p, 'delimiter')
  if (d !== undefined) {
    const map: Record<string, ImportOptions['delimiter']> = { ',': ',', comma: ',', ';': ';', semicolon: ';', tab: '\t', '\\t': '\t', '\t': '\t' }
    if (!(d in map)) throw new UsageError(`--delimiter must be ',', ';' or tab (got '${d}')`)
    o.delimiter = map[d]
  }
  const dec = str(p, 'decimal')
  if (dec !== undefined) {
    if (dec !== 'dot' && dec !== 'comma') throw new UsageError(`--decimal must be dot or comma (got '${dec}')`)
    o.decimal = dec
  }
  // --na VALUE,…: more values read as missing, beside the usual '', NA, N/A, #N/A, null, NaN and -
  const na = str(p, 'na')
  if (na !== undefined) {
    const extra = na.split(',').map((x) => x.trim()).filter((x) => x !== '')
    if (!extra.length) throw new UsageError(`--na takes the values to read as missing, separated by commas (got '${na}')`)
    o.missingTokens = [...DEFAULT_MISSING, ...extra]
  }
  const order = str(p, 'date-order')
  if (order !== undefined) {
    if (order !== 'dmy' && order !== 'mdy') throw new UsageError(`--date-order must be dmy or mdy (got '${order}')`)
    o.dateOrder = order
  }
  const months = str(p, 'month-order')
  if (months !== undefined) {
    if (months !== 'ym' && months !== 'my') throw new UsageError(`--month-order must be ym or my (got '${months}')`)
    o.monthOrder = months
  }
  // --time (train and its kin): the import reads that column as the time, so whole numbers chosen
  // so (bare years, Unix times) become times, and anything else is refused naming the column
  const time = str(p, 'time')
  if (time !== undefined) o.timeColumn = time
  // --type COL=KIND,…: a column read as text, or left out, where the import refuses its values
  // (a column the file lacks is refused by the import, naming it)
  const types = str(p, 'type')
  if (types !== undefined) {
    o.columns = {}
    for (const [column, kind, part] of columnPairs(types, 'type', 'TYPE')) {
      if (!column) throw new UsageError(`--type takes COLUMN=TYPE, separated by commas (got '${part.trim()}')`)
      if (!(COLUMN_TYPES as readonly string[]).includes(kind)) throw new UsageError(`--type ${column}=${kind}: the type must be ${COLUMN_TYPES.join(', ')}`)
      o.columns[column] = { type: kind as (typeof COLUMN_TYPES)[number] }
    }
  }
  return { ...o, ...seriesImport(p) }
}
