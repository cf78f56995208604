// importCsv: text chunks in, a typed columnar Dataset out. Streaming: the text is parsed chunk by chunk
// with papaparse's low-level Parser (the unfinished last record of a chunk is carried to the next), and
// each cell goes straight into its column accumulator, so memory is the typed columns plus one chunk.
// Nothing is half-imported: any problem throws an ImportError and no Dataset is returned.

import Papa from 'papaparse'
import { ColumnAcc } from './accumulate'
import { I32Builder } from './builders'
import { ImportError, type ImportErrorCode } from './errors'
import { finalizeColumns } from './finalize'
import { countLines, detectDelimiter, detectNewline, findNotText } from './sniff'
import { countSeries, detectSeriesId, seriesNotice } from './series-id'
import type { AbortSignalLike, Dataset, Delimiter, ImportOptions, ImportProgress, Notice } from './types'
import { DEFAULT_MISSING } from './values'

export type CsvSource = string | Iterable<string> | AsyncIterable<string>

const HEAD_CHARS = 1 << 16 // enough text to see the delimiter in 50 records
/** Characters handed to papaparse at a time, whatever size the source's chunks come in (chromium's
 *  File stream gives up to 2 MiB): on 1 MiB pieces its parse of 1M rows x 10 took 3x as long as on
 *  64 KiB ones (its rows of one piece stay small and short-lived). */
const PIECE = 1 << 16
/** A record still open after this many characters is an unclosed quote, not a long field. */
const MAX_OPEN_RECORD = 8 << 20

async function* chunksOf(src: CsvSource): AsyncGenerator<string> {
  if (typeof src === 'string') {
    for (let i = 0; i < src.length; i += PIECE) yield src.slice(i, i + PIECE)
    return
  }
  for await (const c of src as AsyncIterable<string>) {
    if (c.length <= PIECE) {
      if (c.length) yield c
    } else for (let i = 0; i < c.length; i += PIECE) yield c.slice(i, i + PIECE)
  }
}

/** Reads chunks until they hold HEAD_CHARS (or the source ends); the chunks are parsed as they came. */
async function readHead(it: AsyncGenerator<string>): Promise<{ chunks: string[]; done: boolean }> {
  const chunks: string[] = []
  let n = 0
  for (;;) {
    if (n >= HEAD_CHARS) return { chunks, done: false }
    const r = await it.next()
    if (r.done) return { chunks, done: true }
    chunks.push(r.value)
    n += r.value.length
  }
}

function validateOptions(opts: ImportOptions): void {
  const bad = (what: string): never => {
    throw new ImportError('bad-option', what, { file: opts.fileName ?? '(unnamed)' })
  }
  if (typeof opts.fileName !== 'string') bad('fileName must be a string')
  if (opts.delimiter !== undefined && ![',', ';', '\t', 'auto'].includes(opts.delimiter)) bad(`delimiter must be ',', ';', '\\t' or 'auto' (got ${JSON.stringify(opts.delimiter)})`)
  if (opts.decimal !== undefined && !['dot', 'comma', 'auto'].includes(opts.decimal)) bad(`decimal must be 'dot', 'comma' or 'auto' (got ${JSON.stringify(opts.decimal)})`)
  if (opts.dateOrder !== undefined && !['dmy', 'mdy'].includes(opts.dateOrder)) bad(`dateOrder must be 'dmy' or 'mdy' (got ${JSON.stringify(opts.dateOrder)})`)
  if (opts.maxLevels !== undefined && !(Number.isInteger(opts.maxLevels) && opts.maxLevels >= 1)) bad(`maxLevels must be an integer >= 1 (got ${opts.maxLevels})`)
  if (opts.series !== undefined && !(Array.isArray(opts.series) && opts.series.length > 0 && opts.series.every((c) => typeof c === 'string' && c !== '')))
    bad(`series must be a list of column names (got ${JSON.stringify(opts.series)})`)
}

/** Distinct values a declared series column may have (a long file of many small series). */
const SERIES_MAX_LEVELS = 1_000_000

export async function importCsv(
  source: CsvSource,
  opts: ImportOptions,
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignalLike
): Promise<Dataset> {
  validateOptions(opts)
  const file = opts.fileName
  const notices: Notice[] = []
  const it = chunksOf(source)
  const first = await readHead(it)
  const bom = first.chunks.length > 0 && first.chunks[0].charCodeAt(0) === 0xfeff
  if (bom) first.chunks[0] = first.chunks[0].slice(1)
  const head = first.chunks.join('')
  if (head.length === 0) throw new ImportError('empty-file', 'the file is empty', { file })

  const newline = detectNewline(head)
  let delimiter: Delimiter
  if (opts.delimiter && opts.delimiter !== 'auto') delimiter = opts.delimiter
  else {
    const g = detectDelimiter(head, first.done)
    delimiter = g.delimiter
    const show = (d: string) => (d === '\t' ? 'tab' : `'${d}'`)
    notices.push({
      code: 'delimiter',
      message: `delimiter detected: ${show(delimiter)}` + (g.alsoConsistent.length ? ` (${g.alsoConsistent.map(show).join(', ')} also fit; pass delimiter to override)` : '')
    })
  }

  const missing = new Set((opts.missingTokens ?? DEFAULT_MISSING).map((t) => t.trim().toLowerCase()))
  const missingFirst = new Set([...missing].map((t) => t.charCodeAt(0) | 32)) // | 32: ASCII lower case
  const maxTok = Math.max(0, ...[...missing].map((t) => t.length))
  const maxLevels = opts.maxLevels ?? 1000

  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' })
  const lines = new I32Builder() // (N) 1-based start line of each record
  let header: string[] | null = null
  let accs: ColumnAcc[] = []
  let line = 1 // line where the next record starts
  let linesBefore = 0 // line breaks in all chunks before the current one (for not-text errors)
  let records = 0
  let chars = 0
  let pending = ''

  const fail = (code: ImportErrorCode, what: string, extra: { line?: number; row?: number; column?: string; value?: string } = {}): never => {
    throw new ImportError(code, what, { file, ...extra })
  }

  const takeHeader = (row: string[], at: number) => {
    const names = row.map((n) => n.trim())
    if (names.every((n) => n === '')) fail('no-columns', 'the header row has no column names', { line: at })
    const seen = new Map<string, number>()
    names.forEach((n, j) => {
      if (n === '') {
        names[j] = `column_${j + 1}`
        notices.push({ code: 'unnamed-column', message: `column ${j + 1} has no name; called it "${names[j]}"`, column: names[j] })
      }
      const prev = seen.get(names[j])
      if (prev !== undefined) fail('duplicate-column', `the column name "${names[j]}" is used twice (columns ${prev + 1} and ${j + 1})`, { line: at, column: names[j] })
      seen.set(names[j], j)
    })
    for (const name of Object.keys(opts.columns ?? {}))
      if (!seen.has(name)) fail('unknown-column', `option columns names "${name}", which is not in the header (${names.join(', ')})`, { column: name })
    if (opts.timeColumn && !seen.has(opts.timeColumn)) fail('unknown-column', `timeColumn "${opts.timeColumn}" is not in the header`, { column: opts.timeColumn })
    for (const n of opts.series ?? []) if (!seen.has(n)) fail('unknown-column', `the series column "${n}" is not in the header (${names.join(', ')})`, { column: n })
    header = names
    const series = new Set(opts.series ?? [])
    accs = names.map((n) => (series.has(n) ? new ColumnAcc(n, opts.columns?.[n] ?? { type: 'categorical' }, SERIES_MAX_LEVELS) : new ColumnAcc(n, opts.columns?.[n], maxLevels)))
  }

  const takeRows = (rows: string[][], quoted: boolean, stopAt: number) => {
    const nl = newline === '\r' ? '\r' : '\n'
    for (let r = 0; r < rows.length && r < stopAt; r++) {
      const row = rows[r]
      const at = line
      line++
      if (quoted) for (const f of row) if (f.indexOf(nl) >= 0) line += countLines(f, newline)
      // blank line (with a tab delimiter, tabs are whitespace too)
      if ((row.length === 1 || delimiter === '\t') && row.every((f) => f.trim() === '')) continue
      if (header === null) {
        takeHeader(row, at)
        continue
      }
      const ncol = accs.length
      if (row.length !== ncol)
        fail('ragged-row', `expected ${ncol} fields like the header, found ${row.length}`, { line: at, row: records + 1 })
      for (let j = 0; j < ncol; j++) {
        let v = row[j]
        const c0 = v.charCodeAt(0)
        if (c0 === 32 || v.charCodeAt(v.length - 1) === 32 || c0 === 9) v = v.trim()
        if (v === '' || (v.length <= maxTok && missingFirst.has(v.charCodeAt(0) | 32) && missing.has(v.toLowerCase()))) accs[j].pushMissing()
        else accs[j].push(v)
      }
      lines.push(at)
      records++
    }
  }

  const feed = (chunk: string, last: boolean) => {
    const bad = findNotText(chunk)
    if (bad) {
      const what =
        bad.code === 'binary' ? 'NUL byte: this is a binary file, not CSV text'
        : bad.code === 'invalid-utf8' ? 'bytes that are not valid UTF-8 (save the file as UTF-8)'
        : `control character U+${bad.char.toString(16).padStart(4, '0').toUpperCase()}: not a text file?`
      fail(bad.code, what, { line: linesBefore + countLines(chunk, newline, 0, bad.index) + 1 })
    }
    linesBefore += countLines(chunk, newline)
    chars += chunk.length
    const text = pending + chunk
    const res = parser.parse(text, 0, !last)
    const quoted = text.indexOf('"') >= 0
    let stopAt = Infinity
    let quoteErr: (typeof res.errors)[number] | undefined
    for (const e of res.errors)
      // an error in the unfinished last record is re-checked when the record is parsed whole
      if (e.type === 'Quotes' && (e.row ?? 0) < stopAt && (last || (e.row ?? 0) < res.data.length)) {
        stopAt = e.row ?? 0
        quoteErr = e
      }
    takeRows(res.data, quoted, stopAt)
    if (quoteErr) {
      if (quoteErr.code === 'MissingQuotes') fail('unclosed-quote', 'a quoted field is never closed (a missing " swallows the rest of the file)', { line, row: records + 1 })
      fail('bad-quote', 'text after a closing quote; a quote inside a quoted field must be doubled ("")', { line, row: records + 1 })
    }
    pending = last ? '' : text.substring(res.meta.cursor)
    if (pending.length > MAX_OPEN_RECORD) fail('unclosed-quote', `a record runs for more than ${MAX_OPEN_RECORD >> 20} MiB: a quoted field is never closed`, { line, row: records + 1 })
    onProgress?.({ records, chars })
  }

  // One chunk of look-ahead tells the parser when it is reading the last one.
  const queued = first.chunks.filter((c) => c.length > 0)
  let done = first.done
  let cur: string | undefined = queued.shift()
  while (cur !== undefined) {
    if (signal?.aborted) fail('aborted', 'import cancelled')
    let next: string | undefined = queued.shift()
    if (next === undefined && !done) {
      const r = await it.next()
      if (r.done) done = true
      else next = r.value
    }
    feed(cur, next === undefined)
    cur = next
  }

  if (header === null) fail('whitespace-only', 'the file contains only whitespace')
  if (records === 0) fail('header-only', 'the file has a header but no data rows')

  const lineArr = lines.finish()
  const { columns, decimal } = finalizeColumns(accs, { file, lines: lineArr, opts, notices })
  let timeColumn: string | null = null
  if (opts.timeColumn) {
    const c = columns.find((c) => c.name === opts.timeColumn)
    if (!c || c.kind !== 'date') fail('bad-option', `timeColumn "${opts.timeColumn}" is not a date column (it reads as ${c?.kind ?? 'ignored'})`, { column: opts.timeColumn })
    timeColumn = opts.timeColumn
  } else if (opts.timeColumn === undefined) {
    timeColumn = columns.find((c) => c.kind === 'date')?.name ?? null
    if (timeColumn) notices.push({ code: 'time-column', message: `time column: "${timeColumn}"`, column: timeColumn })
    // never row order without saying so
    else notices.push({ code: 'no-time-column', message: 'no column reads as dates: the rows are taken in file order, one step apart' })
  }
  const ds: Dataset = { file, rowCount: records, columns, lines: lineArr, format: { delimiter, decimal, newline, bom }, timeColumn, notices }
  ds.series = seriesOf(ds, opts)
  return ds
}

/** The declared series id with its count, or the proposed one (with its notice) when timestamps repeat. */
function seriesOf(ds: Dataset, opts: ImportOptions): Dataset['series'] {
  if (opts.series) {
    const count = countSeries(ds, opts.series)
    ds.notices.push({ code: 'series-declared', column: opts.series[0], message: `series id: ${opts.series.map((n) => `"${n}"`).join(' and ')}, ${count} series` })
    return { columns: [...opts.series], count, declared: true }
  }
  if (!ds.timeColumn) return null
  const d = detectSeriesId(ds)
  const n = seriesNotice(d, ds.rowCount)
  if (n) ds.notices.push(n)
  return d.candidate && d.strong ? { ...d.candidate, declared: false } : null
}
