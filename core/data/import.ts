// importCsv: text chunks in, a typed columnar Dataset out. Streaming: the text is parsed chunk by chunk
// with papaparse's low-level Parser (the unfinished last record of a chunk is carried to the next), and
// each cell goes straight into its column accumulator, so memory is the typed columns plus one chunk.
// Nothing is half-imported: any problem throws an ImportError and no Dataset is returned.
//
// A large file can also be read in two parts at once (importCsvInTwo, for the app's worker): the
// first part from the start, the second from a line break past the middle into accumulators of its
// own, merged into the first's when the break turns out to end a record (parts.ts).

import { andList, andListCut, nameStart } from './words'
import { COLUMN_NAME_MAX } from './limits'
import Papa from 'papaparse'
import { ColumnAcc } from './accumulate'
import { I32Builder } from './builders'
import { ImportError, type ImportErrorCode } from './errors'
import { finalizeColumns } from './finalize'
import { UTF16_WORDS, countLines, detectDelimiter, detectNewline, excelSepLine, findNotText, looksUtf16, workbookWords } from './sniff'
import { countSeries, detectSeriesId, quotedColumns, seriesNotice } from './series-id'
import { TEXT_ENCODINGS, type AbortSignalLike, type Dataset, type Delimiter, type ImportOptions, type ImportProgress, type Notice } from './types'
import { DEFAULT_MISSING } from './values'
import { columnGuess, columnsClause } from './near'
import { asStepIndex, firstNotWhole, stepIndexCandidate, stepIndexWords } from './step-index'

/** How a refusal names the time column chosen (ImportOptions.timeColumn): the CLI says its flag instead
 *  (core/cli/io.ts readCsvFile). */
export const TIME_COLUMN = 'the time column'
/** The way forward where the file is not UTF-8 ("or read it as …"): the app offers it as a button,
 *  fw names its flag (--encoding windows-1252) instead. */
export const WINDOWS_1252 = 'Windows-1252'
/** The way forward where the time column chosen counts the rows; fw names its flag (--time) instead. */
export const NO_TIME_COLUMN = 'choose no time column'

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

function validateOptions(opts: ImportOptions): void {
  const bad = (what: string): never => {
    throw new ImportError('bad-option', what, { file: opts.fileName ?? '(unnamed)' })
  }
  if (typeof opts.fileName !== 'string') bad('fileName must be a string')
  if (opts.delimiter !== undefined && ![',', ';', '\t', 'auto'].includes(opts.delimiter)) bad(`delimiter must be ',', ';', '\\t' or 'auto' (got ${JSON.stringify(opts.delimiter)})`)
  if (opts.decimal !== undefined && !['dot', 'comma', 'auto'].includes(opts.decimal)) bad(`decimal must be 'dot', 'comma' or 'auto' (got ${JSON.stringify(opts.decimal)})`)
  if (opts.dateOrder !== undefined && !['dmy', 'mdy'].includes(opts.dateOrder)) bad(`dateOrder must be 'dmy' or 'mdy' (got ${JSON.stringify(opts.dateOrder)})`)
  if (opts.monthOrder !== undefined && !['ym', 'my'].includes(opts.monthOrder)) bad(`monthOrder must be 'ym' or 'my' (got ${JSON.stringify(opts.monthOrder)})`)
  if (opts.maxLevels !== undefined && !(Number.isInteger(opts.maxLevels) && opts.maxLevels >= 1)) bad(`maxLevels must be an integer >= 1 (got ${opts.maxLevels})`)
  if (opts.series !== undefined && !(Array.isArray(opts.series) && opts.series.length > 0 && opts.series.every((c) => typeof c === 'string' && c !== '')))
    bad(`series must be a list of column names (got ${JSON.stringify(opts.series)})`)
  if (opts.encoding !== undefined && !(TEXT_ENCODINGS as readonly string[]).includes(opts.encoding)) bad(`encoding must be ${TEXT_ENCODINGS.map((e) => `'${e}'`).join(' or ')} (got ${JSON.stringify(opts.encoding)})`)
}

/** A column name as the import reads it: without the spaces around it, and composed (Unicode NFC:
 *  macOS tools write "é" as "e" and a combining accent, which looks the same as the "é" typed, but
 *  would not match it). */
export const columnName = (written: string): string => written.trim().normalize('NFC')

/** The options with the column names they give composed as the header's are (columnName). */
function composedNames(opts: ImportOptions): ImportOptions {
  const nfc = (n: string) => n.normalize('NFC')
  return {
    ...opts,
    ...(opts.columns ? { columns: Object.fromEntries(Object.entries(opts.columns).map(([n, o]) => [nfc(n), o])) } : {}),
    ...(typeof opts.timeColumn === 'string' ? { timeColumn: nfc(opts.timeColumn) } : {}),
    ...(opts.series ? { series: opts.series.map(nfc) } : {})
  }
}

/** Which of the header cells `at` (0-based) the file writes otherwise than the name they are read
 *  as (columnName): with spaces around it, or decomposed (NFD); two names that collide only once
 *  read so ("sales" and "sales ") say so, or the header seems to name two different columns. Empty
 *  where none was. */
function trimmedWords(row: readonly string[], at: readonly number[]): string {
  const spaced = at.filter((j) => row[j] !== row[j]!.trim())
  const decomposed = at.filter((j) => row[j]!.trim() !== columnName(row[j]!))
  let out = ''
  if (spaced.length) {
    const cells = spaced.map((j, k) => `${k === 0 ? 'column ' + (j + 1) + ' is' : ' and column ' + (j + 1)} "${row[j]}"`).join('')
    out += `; ${cells} in the file, ${spaced.length > 1 ? 'their names' : 'its name'} read without the spaces around ${spaced.length > 1 ? 'them' : 'it'}`
  }
  if (decomposed.length) {
    const cells = decomposed.map((j, k) => `${k === 0 ? 'column ' : ' and column '}${j + 1}`).join('')
    out += `; ${cells} ${decomposed.length > 1 ? 'are' : 'is'} written with accents as separate characters (Unicode NFD) in the file, ${decomposed.length > 1 ? 'their names' : 'its name'} read in the composed form`
  }
  return out
}

/** Where `pos` falls in `text`, which starts at a record boundary: the records (not blank) wholly
 *  before it, its field in its record (0-based), and the fields of the first record up to it. */
function placeIn(text: string, pos: number, delimiter: string, nl: string): { records: number; field: number; first: string[] } {
  let records = 0
  let field = 0
  let inQuotes = false
  let blank = true
  let start = 0
  const first: string[] = []
  const cell = (i: number) => text.slice(start, i).replace(/^\s*"|"\s*$/g, '').replace(/""/g, '"')
  for (let i = 0; i < pos; i++) {
    const ch = text[i]
    if (ch === '"') inQuotes = !inQuotes
    if (inQuotes) continue
    if (ch === delimiter) {
      if (records === 0) first.push(cell(i))
      field++
      start = i + 1
      blank = false
    } else if (ch === nl) {
      if (!blank) {
        if (records === 0) first.push(cell(i))
        records++
      }
      field = 0
      start = i + 1
      blank = true
    } else if (ch !== ' ' && ch !== '\t' && ch !== '\r') blank = false
  }
  return { records, field, first }
}

const SERIES_MAX_LEVELS = 1_000_000

/** What a part of a file read on its own needs from the file's head: the format and the header. */
export interface CsvLayout {
  delimiter: Delimiter
  newline: '\n' | '\r\n' | '\r'
  header: string[]
  /** CsvReader.extraField once a data row has been read; null where the first part holds none (the
   *  part's first row then decides it, as it is the file's first data row). */
  extraField: boolean | null
}

/**
 * The state of one streaming read: the format, the header, the column accumulators and the place
 * (line, record) reached. importCsv reads a whole file with one; importCsvInTwo reads the second part
 * of a file with another that starts from the first one's layout (no head, no header row).
 */
export class CsvReader {
  readonly file: string
  readonly notices: Notice[] = []
  readonly opts: ImportOptions
  delimiter: Delimiter = ','
  newline: '\n' | '\r\n' | '\r' = '\n'
  bom = false
  /** Excel's "sep=;" first line, skipped (null: none). */
  sepLine: string | null = null
  header: string[] | null = null
  accs: ColumnAcc[] = []
  readonly lines = new I32Builder() // (N) 1-based start line of each record
  line = 1 // line where the next record starts
  linesBefore = 0 // line breaks in all chunks before the current one (for not-text errors)
  records = 0
  chars = 0
  /** Lines that repeat the header row (files pasted together): skipped, said once in finish(). */
  readonly headerRepeats: number[] = []
  /** The unfinished last record of the text read so far ('' at a record boundary). */
  pending = ''
  /** Whether every data row has one field more than the header, empty (a trailing delimiter on the
   *  data rows only), as the first data row decides; null before it. */
  extraField: boolean | null = null
  private parser: InstanceType<typeof Papa.Parser> | null = null
  private missing = new Set<string>()
  /** 1 at (first character | 32) of each missing token: a cell whose first character is not one is no token. */
  private missingFirst = new Uint8Array(65536)
  private maxTok = 0
  private readonly maxLevels: number
  private it: AsyncGenerator<string> | null = null
  private queued: string[] = []
  private done = true

  constructor(
    options: ImportOptions,
    private readonly onProgress?: (p: ImportProgress) => void,
    private readonly signal?: AbortSignalLike,
    layout?: CsvLayout
  ) {
    validateOptions(options)
    const opts = (this.opts = composedNames(options))
    this.file = opts.fileName
    this.maxLevels = opts.maxLevels ?? 1000
    this.missing = new Set((opts.missingTokens ?? DEFAULT_MISSING).map((t) => t.trim().toLowerCase()))
    for (const t of this.missing) this.missingFirst[t.charCodeAt(0) | 32] = 1 // | 32: ASCII lower case
    this.maxTok = Math.max(0, ...[...this.missing].map((t) => t.length))
    if (layout) {
      this.setFormat(layout.delimiter, layout.newline)
      this.header = layout.header
      this.extraField = layout.extraField
      this.accs = this.makeAccs(layout.header)
    }
  }

  /** The format and header, once the header row has been read. */
  layout(): CsvLayout | null {
    return this.header && { delimiter: this.delimiter, newline: this.newline, header: this.header, extraField: this.records > 0 ? this.extraField === true : null }
  }

  private trailingWords(): string {
    return `a trailing ${this.delimiter === '\t' ? 'tab' : `'${this.delimiter}'`}`
  }

  /** Every data row has one field more than the header, empty: said once. */
  takeExtraField(): void {
    const ncol = this.accs.length
    this.extraField = true
    this.notices.push({ code: 'trailing-delimiter', message: `every data row ends in ${this.trailingWords().replace('a trailing ', 'a ')} that the header does not: an empty field ${ncol + 1}, after the header's ${ncol} columns; read without it` })
  }

  private setFormat(delimiter: Delimiter, newline: '\n' | '\r\n' | '\r'): void {
    this.delimiter = delimiter
    this.newline = newline
    this.parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' })
  }

  private fail(code: ImportErrorCode, what: string, extra: { line?: number; row?: number; column?: string; value?: string } = {}): never {
    throw new ImportError(code, what, { file: this.file, ...extra })
  }

  /** Reads the head of the file (at least HEAD_CHARS, or all of it) and detects the format from it. */
  async openFile(source: CsvSource): Promise<void> {
    const opts = this.opts
    this.it = chunksOf(source)
    const chunks: string[] = []
    let n = 0
    this.done = false
    while (n < HEAD_CHARS) {
      const r = await this.it.next()
      if (r.done) {
        this.done = true
        break
      }
      chunks.push(r.value)
      n += r.value.length
    }
    this.bom = chunks.length > 0 && chunks[0].charCodeAt(0) === 0xfeff
    if (this.bom) chunks[0] = chunks[0].slice(1)
    let head = chunks.join('')
    if (head.length === 0) this.fail('empty-file', 'the file is empty')
    // never read otherwise than as UTF-8 without saying so
    if (opts.encoding === 'windows-1252') this.notices.push({ code: 'encoding', message: 'read as Windows-1252 (as asked), not UTF-8' })

    const newline = detectNewline(head)
    const show = (d: string) => (d === '\t' ? 'tab' : `'${d}'`)
    // Excel's "sep=;" line: no record; it names the delimiter (an explicit one still wins)
    const sep = excelSepLine(head)
    if (sep) {
      if (sep.delimiter === null && !(opts.delimiter && opts.delimiter !== 'auto'))
        this.fail('bad-option', `line 1 "${sep.text}" is Excel's delimiter line, and it names a delimiter that is not read (only ',', ';' and tab are): save the file with one of those`, { line: 1 })
      const skip = (cs: string[], n: number): void => {
        for (let i = 0; n > 0 && i < cs.length; i++) {
          const k = Math.min(n, cs[i].length)
          cs[i] = cs[i].slice(k)
          n -= k
        }
      }
      skip(chunks, sep.length)
      head = head.slice(sep.length)
      this.line = 2
      this.linesBefore = 1
      this.chars = sep.length
      this.sepLine = sep.text
    }
    let delimiter: Delimiter
    if (opts.delimiter && opts.delimiter !== 'auto') {
      delimiter = opts.delimiter
      if (sep) this.notices.push({ code: 'delimiter', message: `line 1 "${sep.text}" is Excel's delimiter line: skipped it` + (sep.delimiter !== delimiter ? ` (the delimiter given, ${show(delimiter)}, is used)` : '') })
    } else if (sep?.delimiter) {
      delimiter = sep.delimiter
      this.notices.push({ code: 'delimiter', message: `delimiter ${show(delimiter)}, from line 1 "${sep.text}" (Excel's delimiter line, skipped)` })
    } else {
      const g = detectDelimiter(head, this.done)
      delimiter = g.delimiter
      this.notices.push({
        code: 'delimiter',
        message: `delimiter detected: ${show(delimiter)}` + (g.alsoConsistent.length ? ` (${andList(g.alsoConsistent.map(show))} also fit; pass delimiter to override)` : '')
      })
    }
    this.setFormat(delimiter, newline)
    this.queued = chunks.filter((c) => c.length > 0)
  }

  /** Starts reading another source where the last one stopped (the rest of a file). */
  openMore(source: CsvSource): void {
    this.it = chunksOf(source)
    this.queued = []
    this.done = false
  }

  /**
   * Feeds the open source to the parser. `last`: its end is the end of the file (else the record open
   * at its end stays in `pending`). `until`: stop after the chunk at which it holds.
   */
  async read(last: boolean, until?: () => boolean): Promise<void> {
    const it = this.it as AsyncGenerator<string>
    // One chunk of look-ahead tells the parser when it is reading the last one.
    let cur: string | undefined = this.queued.shift()
    if (cur === undefined && !this.done) {
      const r = await it.next()
      if (r.done) this.done = true
      else cur = r.value
    }
    if (cur === undefined && last && this.pending !== '') this.feed('', true) // a part of nothing after an open record
    while (cur !== undefined) {
      if (this.signal?.aborted) this.fail('aborted', 'import cancelled')
      let next: string | undefined = this.queued.shift()
      if (next === undefined && !this.done) {
        const r = await it.next()
        if (r.done) this.done = true
        else next = r.value
      }
      this.feed(cur, last && next === undefined)
      if (next !== undefined && until?.()) {
        this.queued.unshift(next)
        return
      }
      cur = next
    }
  }

  private makeAccs(names: string[]): ColumnAcc[] {
    const opts = this.opts
    const series = new Set(opts.series ?? [])
    return names.map((n) => (series.has(n) ? new ColumnAcc(n, opts.columns?.[n] ?? { type: 'categorical' }, SERIES_MAX_LEVELS) : new ColumnAcc(n, opts.columns?.[n], this.maxLevels)))
  }

  private takeHeader(row: string[], at: number): void {
    const opts = this.opts
    const names = row.map(columnName)
    if (names.every((n) => n === '')) this.fail('no-columns', 'the header row has no column names', { line: at })
    const seen = new Map<string, number>()
    names.forEach((n, j) => {
      if (n === '') {
        names[j] = `column_${j + 1}`
        this.notices.push({ code: 'unnamed-column', message: `column ${j + 1} has no name; called it "${names[j]}"`, column: names[j] })
      }
      if (names[j]!.length > COLUMN_NAME_MAX) {
        this.fail('long-column-name', `column ${j + 1}'s name is ${names[j]!.length.toLocaleString('en-US')} characters long (${nameStart(names[j]!)}); a column name may have at most ${COLUMN_NAME_MAX.toLocaleString('en-US')}: shorten it in the file's header, or delete the column from the file`, { line: at })
      }
      const prev = seen.get(names[j])
      if (prev !== undefined) this.fail('duplicate-column', `the column name "${names[j]}" is used twice (columns ${prev + 1} and ${j + 1}${trimmedWords(row, [prev, j])})`, { line: at, column: names[j] })
      seen.set(names[j], j)
    })
    // a column named that the header lacks: said with the nearest one, as fw train says a --target
    const absent = (name: string, what: string): never =>
      this.fail('unknown-column', `${what} is not in the header${columnGuess([name], names)}${columnsClause(names)}`, { column: name })
    for (const name of Object.keys(opts.columns ?? {})) if (!seen.has(name)) absent(name, `column "${name}", given a type,`)
    if (opts.timeColumn && !seen.has(opts.timeColumn)) absent(opts.timeColumn, `${TIME_COLUMN} "${opts.timeColumn}"`)
    for (const n of opts.series ?? []) if (!seen.has(n)) absent(n, `the series column "${n}"`)
    this.header = names
    this.accs = this.makeAccs(names)
  }

  private takeRows(rows: string[][], quoted: boolean, stopAt: number): void {
    const newline = this.newline
    const delimiter = this.delimiter
    const nl = newline === '\r' ? '\r' : '\n'
    const missing = this.missing
    const missingFirst = this.missingFirst
    const maxTok = this.maxTok
    const lines = this.lines
    for (let r = 0; r < rows.length && r < stopAt; r++) {
      const row = rows[r]
      // a '\n' file with CRLF lines among its LF ones: the '\r' ends the line, it is no part of the
      // last cell (an empty cell read as "\r" was a value, 0 to Number())
      if (newline === '\n') {
        const last = row[row.length - 1]
        if (last !== undefined && last.charCodeAt(last.length - 1) === 13) row[row.length - 1] = last.slice(0, -1)
      }
      const at = this.line
      this.line++
      if (quoted) for (const f of row) if (f.indexOf(nl) >= 0) this.line += countLines(f, newline)
      // blank line (with a tab delimiter, tabs are whitespace too)
      if ((row.length === 1 || delimiter === '\t') && row.every((f) => f.trim() === '')) continue
      if (this.header === null) {
        this.takeHeader(row, at)
        continue
      }
      const accs = this.accs
      const ncol = accs.length
      if (repeatsHeader(row, this.header)) {
        this.headerRepeats.push(at)
        continue
      }
      if (row.length !== ncol || this.extraField === true) this.checkWidth(row, at, quoted)
      for (let j = 0; j < ncol; j++) {
        let v = row[j]
        const c0 = v.charCodeAt(0)
        if (c0 === 32 || v.charCodeAt(v.length - 1) === 32 || c0 === 9) v = v.trim()
        if (v === '' || (v.length <= maxTok && missingFirst[v.charCodeAt(0) | 32] === 1 && missing.has(v.toLowerCase()))) accs[j].pushMissing()
        else accs[j].push(v)
      }
      lines.push(at)
      this.records++
    }
  }

  /** A data row of another width than the header's: the first of one field more, that field empty,
   *  makes that the width of every row (a trailing delimiter on the data rows only, said in a notice);
   *  anything else is refused. Called for every row once that width is taken. */
  private checkWidth(row: string[], at: number, quoted: boolean): void {
    const ncol = this.accs.length
    const place = { line: at, row: this.records + 1 }
    const trailing = this.trailingWords()
    if (row.length === ncol + 1 && row[ncol]!.trim() === '') {
      if (this.extraField === true) return
      if (this.records === 0 && this.extraField === null) return this.takeExtraField()
    }
    if (this.extraField === true) {
      if (row.length === ncol + 1) this.fail('ragged-row', `expected ${ncol} fields like the header, found ${ncol + 1}: field ${ncol + 1} is "${row[ncol]}", where the rows before it end in an empty one (${trailing})`, place)
      this.fail('ragged-row', `expected ${ncol + 1} fields like the rows before it (the header's ${ncol} and an empty field ${ncol + 1}, ${trailing}), found ${row.length}`, place)
    }
    this.fail('ragged-row', `expected ${ncol} fields like the header, found ${row.length}${this.newline === '\r\n' && !quoted && row.some((f) => f.includes('\n')) ? '; its lines end in LF where the header\'s ends in CR LF: the file mixes line ends; save it with one kind' : ''}`, place)
  }

  /** The refusal of text that held bytes not valid UTF-8 (U+FFFD in the decoded text, at `pos` in
   *  `text`, which starts at a record boundary): the line, and the column, by its name where the
   *  header has been read, by its number in the header where the byte is in it. */
  private notUtf8(text: string, pos: number, line: number): never {
    const { records, field, first } = placeIn(text, pos, this.delimiter, this.newline === '\r' ? '\r' : '\n')
    const why = `. Excel's plain "CSV (Comma delimited)" saves Windows-1252 text: save it as UTF-8 instead (Excel: File › Save As, "CSV UTF-8 (Comma delimited)"), or read it as ${WINDOWS_1252}`
    if (this.header === null && records === 0) this.fail('invalid-utf8', `bytes that are not valid UTF-8 in column ${field + 1} of the header${why}`, { line })
    const header = this.header ?? first.map(columnName)
    const before = this.header === null ? records - 1 : records
    this.fail('invalid-utf8', `bytes that are not valid UTF-8${why}`, { line, row: this.records + before + 1, ...(header[field] !== undefined ? { column: header[field] } : {}) })
  }

  private feed(chunk: string, last: boolean): void {
    const newline = this.newline
    const bad = findNotText(chunk)
    if (bad) {
      // a UTF-16 file read as UTF-8: its byte order mark gives two U+FFFD, its ASCII a NUL beside each character
      const atStart = this.chars === 0 && this.linesBefore === 0
      const utf16 = atStart && bad.index <= 3 && looksUtf16(chunk)
      const workbook = atStart && bad.index <= 3 ? workbookWords(chunk) : null
      const line = this.linesBefore + countLines(chunk, newline, 0, bad.index) + 1
      if (bad.code === 'invalid-utf8' && !utf16 && !workbook) this.notUtf8(this.pending + chunk, this.pending.length + bad.index, line)
      const what =
        utf16 ? UTF16_WORDS
        : workbook ? workbook
        : bad.code === 'binary' ? 'NUL byte: this is a binary file, not CSV text'
        : `control character U+${bad.char.toString(16).padStart(4, '0').toUpperCase()}: not a text file?`
      this.fail(bad.code, what, { line })
    }
    this.linesBefore += countLines(chunk, newline)
    this.chars += chunk.length
    const text = this.pending + chunk
    const res = (this.parser as InstanceType<typeof Papa.Parser>).parse(text, 0, !last)
    const quoted = text.indexOf('"') >= 0
    let stopAt = Infinity
    let quoteErr: (typeof res.errors)[number] | undefined
    for (const e of res.errors)
      // an error in the unfinished last record is re-checked when the record is parsed whole
      if (e.type === 'Quotes' && (e.row ?? 0) < stopAt && (last || (e.row ?? 0) < res.data.length)) {
        stopAt = e.row ?? 0
        quoteErr = e
      }
    this.takeRows(res.data, quoted, stopAt)
    if (quoteErr) {
      if (quoteErr.code === 'MissingQuotes') this.fail('unclosed-quote', 'a quoted field is never closed (a missing " swallows the rest of the file)', { line: this.line, row: this.records + 1 })
      this.fail('bad-quote', 'text after a closing quote; a quote inside a quoted field must be doubled ("")', { line: this.line, row: this.records + 1 })
    }
    this.pending = last ? '' : text.substring(res.meta.cursor)
    if (this.pending.length > MAX_OPEN_RECORD) this.fail('unclosed-quote', `a record runs for more than ${MAX_OPEN_RECORD >> 20} MiB: a quoted field is never closed`, { line: this.line, row: this.records + 1 })
    this.onProgress?.({ records: this.records, chars: this.chars })
  }

  /** The Dataset of everything read: the column types decided over all rows, the time column, the series. */
  finish(): Dataset {
    const opts = this.opts
    const file = this.file
    if (this.header === null) {
      if (this.sepLine !== null) this.fail('whitespace-only', `the file holds only Excel's delimiter line "${this.sepLine}"`)
      this.fail('whitespace-only', 'the file contains only whitespace')
    }
    if (this.records === 0) this.fail('header-only', 'the file has a header but no data rows')
    const notices = this.notices
    const repeats = headerRepeatsNotice(this.headerRepeats)
    if (repeats) notices.push(repeats)
    const lineArr = this.lines.finish()
    const { columns, decimal, decimalExample } = finalizeColumns(this.accs, { file, lines: lineArr, opts, notices })
    let timeColumn: string | null = null
    if (opts.timeColumn) {
      const at = columns.findIndex((c) => c.name === opts.timeColumn)
      const c = columns[at]
      // whole numbers that are no years or Unix times (finalize.ts read those as dates): a step index
      if (c?.kind === 'numeric' && !c.unit) {
        const bad = firstNotWhole(c.values)
        if (bad >= 0) this.fail('bad-option', `${TIME_COLUMN} "${c.name}" is neither dates nor an integer step index: ${c.values[bad]} is not a whole number`, { column: c.name, line: lineArr[bad], row: bad + 1 })
        notices.push({ code: 'step-index', message: stepIndexWords((columns[at] = asStepIndex(c))), column: c.name })
      } else if (!c || c.kind !== 'date') {
        const what = c?.kind === 'numeric' ? `numbers with the unit ${c.unit}` : c?.kind ?? 'ignored'
        this.fail('bad-option', `${TIME_COLUMN} "${opts.timeColumn}" is neither a date column nor an integer step index (it reads as ${what}): ${NO_TIME_COLUMN}, or name another`, { column: opts.timeColumn })
      }
      timeColumn = opts.timeColumn
    } else if (opts.timeColumn === undefined) {
      timeColumn = columns.find((c) => c.kind === 'date')?.name ?? null
      const index = timeColumn ? null : stepIndexCandidate(columns)
      if (index) {
        // never over a column of dates, and only where one column alone fits (./step-index)
        const c = (columns[columns.indexOf(index)] = asStepIndex(index))
        timeColumn = c.name
        notices.push({ code: 'time-column', message: `time column: "${c.name}", an integer step index (no column reads as dates, and it is the only column of whole numbers named like a time that increases on every row)`, column: c.name })
        notices.push({ code: 'step-index', message: stepIndexWords(c), column: c.name })
      } else if (timeColumn) notices.push({ code: 'time-column', message: `time column: "${timeColumn}"`, column: timeColumn })
      // never row order without saying so
      else notices.push({ code: 'no-time-column', message: 'no column reads as dates: the rows are taken in file order, one step apart' })
    }
    const ds: Dataset = { file, rowCount: this.records, columns, lines: lineArr, format: { delimiter: this.delimiter, decimal, newline: this.newline, bom: this.bom, ...(decimalExample ? { decimalExample } : {}) }, timeColumn, notices }
    ds.series = seriesOf(ds, opts)
    return ds
  }
}

/** Whether a data row is the header row again (two files pasted together): every cell its column's
 *  name (a column the header left unnamed, called column_N, empty). */
export function repeatsHeader(row: string[], header: string[]): boolean {
  if (row.length !== header.length || row[0].trim() !== header[0]) return false
  for (let j = 1; j < row.length; j++) {
    const v = row[j].trim()
    if (v !== header[j] && !(v === '' && header[j] === `column_${j + 1}`)) return false
  }
  return true
}

/** The notice for the lines that repeat the header row, all of them named (or the first few and a count). */
export function headerRepeatsNotice(lines: readonly number[]): Notice | null {
  if (lines.length === 0) return null
  const named = andListCut(lines, 5)
  return { code: 'header-repeated', message: `${lines.length === 1 ? 'line' : 'lines'} ${named} ${lines.length === 1 ? 'repeats' : 'repeat'} the header row: skipped` }
}

export async function importCsv(
  source: CsvSource,
  opts: ImportOptions,
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignalLike
): Promise<Dataset> {
  const r = new CsvReader(opts, onProgress, signal)
  await r.openFile(source)
  await r.read(true)
  return r.finish()
}

/** The declared series id with its count, or the proposed one (with its notice) when timestamps repeat. */
function seriesOf(ds: Dataset, opts: ImportOptions): Dataset['series'] {
  if (opts.series) {
    const count = countSeries(ds, opts.series)
    ds.notices.push({ code: 'series-declared', column: opts.series[0], message: `series id: ${quotedColumns(opts.series)}, ${count} series` })
    return { columns: [...opts.series], count, declared: true }
  }
  if (!ds.timeColumn) return null
  const d = detectSeriesId(ds)
  const n = seriesNotice(d, ds.rowCount)
  if (n) ds.notices.push(n)
  return d.candidate && d.strong ? { ...d.candidate, declared: false } : null
}
