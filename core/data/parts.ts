// A large file read in two parts at once (the app's import worker and a helper worker): the first part
// from the start of the file, the second from the first line break past the middle, each into its own
// column accumulators; then the second part's accumulators are merged into the first's and the
// columns are decided over all rows, as importCsv decides them.
//
// The merge gives exactly what importCsv gives for the whole file, or nothing: the second part is
// only used when the first one ends at a record boundary (not inside a quoted field that holds a line
// break), and when every column's reading can be continued from where the first part stopped. Where
// a column's reading depends on what came before in a way the second part could not know (its dates
// of another format than the first part's; a number reading skipped for values the whole-file read
// would have counted; a date reading the second part gave up on), the first part's reader reads the
// rest of the file itself. Errors of the second part are placed in the whole file (line and record).

import type { ColumnAcc, Place } from './accumulate'
import { F64Builder, I32Builder } from './builders'
import { ImportError, importErrorData, placedImportError, type ImportErrorData } from './errors'
import { CsvReader, type CsvLayout, type CsvSource } from './import'
import type { AbortSignalLike, Dataset, ImportOptions, ImportProgress } from './types'
import { DATE_NONE, sameZone } from './values'
import { mergeClockEvidence, type ClockEvidence } from './clock-rule'

/** Files smaller than this are read in one part (the app's import worker and the CLI): below a few
 *  MB the second reader's start, hand-over and merge are a larger share than the half of the parse
 *  they save. */
export const PARALLEL_MIN = 8 << 20

/** How far past the middle of a file its second part's line break is looked for. */
export const BREAK_LOOK = 1 << 20

/** `report`, called at most ten times a second (a progress bar needs no more) by the clock `now`
 *  (ms; performance.now where there is one: core/data reads no clock itself); the rest are dropped.
 *  For the progress the readers post (the app's workers, the CLI's thread). */
export function tenPerSecond<T>(report: (p: T) => void, now: () => number): (p: T) => void {
  let last = -Infinity
  return (p) => {
    const t = now()
    if (t - last > 100) {
      last = t
      report(p)
    }
  }
}

/** Where the second part starts: the byte after the first line break in `look`, the bytes of a file
 *  of `size` bytes from byte `mid` on; -1 when there is none, or it ends the file. */
export function breakAfter(look: Uint8Array, mid: number, size: number): number {
  const i = look.indexOf(10)
  return i < 0 || mid + i + 1 >= size ? -1 : mid + i + 1
}

/** One column's accumulator as plain data and finished arrays (transferable). */
export interface AccPart {
  n: number
  nonMissing: number
  num: Float64Array | null
  alt: Float64Array | null
  dotValid: number
  commaValid: number
  commaValidAfterDotBad: number
  commaSkipped: number
  ambiguous: number
  firstAmbiguous: Place | null
  firstDotBad: Place | null
  firstCommaBad: Place | null
  firstDotInf: Place | null
  firstCommaInf: Place | null
  unitSign: string | null
  unitCount: number
  firstUnit: Place | null
  firstOtherUnit: Place | null
  negCount: number
  firstNeg: Place | null
  dateAlive: boolean
  dateFamily: number
  dateValid: number
  dateBad: number
  firstDateBad: Place | null
  firstDate: Place | null
  hasTime: boolean
  firstZoned: Place | null
  firstNaive: Place | null
  zone: number | null
  clock: ClockEvidence | null
  zoneRuns: number[] | null
  firstDayFirst: Place | null
  firstMonthFirst: Place | null
  dA: Float64Array | null
  dB: Float64Array | null
  badAt: Int32Array
  todAlive: boolean
  tod: Float64Array | null
  levels: string[]
  codes: Int32Array | null
  overflow: boolean
  /** The category reading still waited at the part's end (ColumnAcc.catDeferred): no codes, and
   *  every value a number written with catK decimals. */
  catDeferred: boolean
  catK: number
}

/** What the second part's reader holds at its end. Lines and records count from the part's start. */
export interface RangePart {
  records: number
  line: number
  linesBefore: number
  chars: number
  lines: Int32Array
  accs: AccPart[]
  headerRepeats: number[]
  /** The width of the part's rows (CsvReader.extraField): the layout's, or where the first part had
   *  read no data row, as the part's first row decided it. */
  extraField: boolean | null
}

export type RangeResult = { ok: true; part: RangePart } | { ok: false; error: ImportErrorData }

function accPart(a: ColumnAcc): AccPart {
  const part: AccPart = {
    n: a.n, nonMissing: a.nonMissing,
    num: a.num?.finish() ?? null, alt: a.alt?.finish() ?? null,
    dotValid: a.dotValid, commaValid: a.commaValid, commaValidAfterDotBad: a.commaValidAfterDotBad, commaSkipped: a.commaSkipped,
    ambiguous: a.ambiguous, firstAmbiguous: a.firstAmbiguous,
    firstDotBad: a.firstDotBad, firstCommaBad: a.firstCommaBad, firstDotInf: a.firstDotInf, firstCommaInf: a.firstCommaInf,
    unitSign: a.unitSign, unitCount: a.unitCount, firstUnit: a.firstUnit, firstOtherUnit: a.firstOtherUnit, negCount: a.negCount, firstNeg: a.firstNeg,
    dateAlive: a.dateAlive, dateFamily: a.dateFamily, dateValid: a.dateValid, dateBad: a.dateBad,
    firstDateBad: a.firstDateBad, firstDate: a.firstDate, hasTime: a.hasTime, firstZoned: a.firstZoned, firstNaive: a.firstNaive, zone: a.zone, clock: a.clock, zoneRuns: a.zoneRuns, firstDayFirst: a.firstDayFirst, firstMonthFirst: a.firstMonthFirst,
    dA: a.dA?.finish() ?? null, dB: a.dB?.finish() ?? null, badAt: a.badAt?.finish() ?? new Int32Array(0),
    todAlive: a.todAlive, tod: a.tod?.finish() ?? null,
    levels: a.levels, codes: a.catDeferred ? null : (a.codes?.finish() ?? null), overflow: a.overflow, catDeferred: a.catDeferred, catK: a.catK
  }
  a.release()
  return part
}

/** Reads the second part of a file (after a line break) with the first part's format and header. */
export async function readPart(source: CsvSource, layout: CsvLayout, opts: ImportOptions, onProgress?: (p: ImportProgress) => void): Promise<RangeResult> {
  try {
    const r = new CsvReader(opts, onProgress, undefined, layout)
    for (const a of r.accs) a.badAt = new I32Builder()
    r.openMore(source)
    await r.read(true)
    return { ok: true, part: { records: r.records, line: r.line, linesBefore: r.linesBefore, chars: r.chars, lines: r.lines.finish(), accs: r.accs.map(accPart), headerRepeats: r.headerRepeats, extraField: r.extraField } }
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: importErrorData(e) }
    throw e
  }
}

/** The buffers of a part, to transfer rather than copy it to another worker. */
export function partTransfer(p: RangePart): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>([p.lines.buffer as ArrayBuffer])
  for (const a of p.accs) for (const x of [a.num, a.alt, a.dA, a.dB, a.badAt, a.codes, a.tod]) if (x) out.add(x.buffer as ArrayBuffer)
  return [...out]
}

/** Where the whole-file date reading stops inside the part: the index in b.badAt, -1 if it does not. */
function dateDeath(a: ColumnAcc, b: AccPart): number {
  for (let i = 0; i < b.badAt.length; i++) {
    const bad = a.dateBad + i + 1
    if (bad > 10 && bad > 0.1 * (a.nonMissing + b.badAt[i])) return i
  }
  return -1
}

/** Whether the part's readings of this column are the whole file's readings of its rows. */
function mergeable(a: ColumnAcc, b: AccPart): boolean {
  // the comma reading is skipped after a comma failure while every value still reads with a dot: a
  // part that skipped where the whole file (a dot failure before the part) would not have
  if (a.wantNumber && a.firstDotBad !== null && b.commaSkipped > 0) return false
  if (a.dateAlive) {
    if (a.dateFamily !== DATE_NONE && b.dateFamily !== DATE_NONE && a.dateFamily !== b.dateFamily) return false
    if (!b.dateAlive && dateDeath(a, b) < 0) return false // the part gave up on dates where the whole file would not have
  }
  return true
}

function shift(p: Place | null, by: number): Place | null {
  return p && { rec: p.rec + by, raw: p.raw }
}

function mergeNumbers(a: ColumnAcc, b: AccPart): void {
  const off = a.n
  const commaBadBefore = a.firstCommaBad !== null
  // the part's values the whole file reads with a comma: all, or (after a comma failure and no dot
  // failure before the part) only those after the part's first dot failure
  a.commaValid += a.firstDotBad !== null || !commaBadBefore ? b.commaValid : b.commaValidAfterDotBad
  a.dotValid += b.dotValid
  if (a.ambiguous === 0) a.firstAmbiguous = shift(b.firstAmbiguous, off)
  a.ambiguous += b.ambiguous
  a.firstDotBad ??= shift(b.firstDotBad, off)
  a.firstCommaBad ??= shift(b.firstCommaBad, off)
  a.firstDotInf ??= shift(b.firstDotInf, off)
  a.firstCommaInf ??= shift(b.firstCommaInf, off)
  a.unitCount += b.unitCount
  if (a.negCount === 0) a.firstNeg = shift(b.firstNeg, off)
  a.negCount += b.negCount
  if (a.unitSign === null) {
    a.unitSign = b.unitSign
    a.firstUnit = shift(b.firstUnit, off)
    a.firstOtherUnit = shift(b.firstOtherUnit, off)
  } else if (b.unitSign !== null) a.firstOtherUnit ??= shift(b.unitSign !== a.unitSign ? b.firstUnit : b.firstOtherUnit, off)
  if (a.num === null || b.num === null || (a.firstDotBad !== null && a.firstCommaBad !== null && a.option?.type === undefined)) {
    a.num = a.alt = null
    return
  }
  // The comma reading differs from the dot reading from the first value where both read and differ;
  // after a comma failure there is no comma reading any more, so the part's own starts only count
  // when the first part had no comma failure.
  if (a.alt !== null) a.alt.attach(b.alt ?? b.num)
  else if (b.alt !== null && !commaBadBefore) {
    const alt = new F64Builder()
    for (let i = 0; i < off; i++) alt.push(a.num.get(i))
    alt.attach(b.alt)
    a.alt = alt
  }
  a.num.attach(b.num)
}

function mergeDates(a: ColumnAcc, b: AccPart): void {
  const off = a.n
  if (!a.dateAlive) return // the first part's reading stands; the part's rows were never read as dates
  const die = dateDeath(a, b)
  if (die >= 0) {
    // nonMissing values of the part up to the one where the reading stops: all valid but die + 1
    a.dateValid += b.badAt[die] - (die + 1)
    a.dateBad += die + 1
    a.firstDateBad ??= shift(b.firstDateBad, off)
    a.firstDate ??= shift(b.firstDate, off) // (the file's first date when the parts before had none: a mixed format names it)
    a.dateAlive = false
    a.dA = a.dB = null
    return
  }
  const familyBefore = a.dateFamily
  a.dateValid += b.dateValid
  a.dateBad += b.dateBad
  a.firstDateBad ??= shift(b.firstDateBad, off)
  a.firstDate ??= shift(b.firstDate, off)
  a.hasTime ||= b.hasTime
  a.firstZoned ??= shift(b.firstZoned, off)
  a.firstNaive ??= shift(b.firstNaive, off)
  a.zone = sameZone(a.zone, b.zone)
  if (b.clock) {
    if (a.clock) mergeClockEvidence(a.clock, b.clock)
    else a.clock = b.clock
  }
  // the part's offset changes, its records counted from the file's start
  for (let i = 0; b.zoneRuns && i < b.zoneRuns.length; i += 2)
    if (a.zoneRuns === null || a.zoneRuns[a.zoneRuns.length - 1] !== b.zoneRuns[i + 1]) (a.zoneRuns ??= []).push(b.zoneRuns[i]! + off, b.zoneRuns[i + 1]!)
  if (familyBefore === DATE_NONE) a.dateFamily = b.dateFamily
  // (the part's day/month evidence differs from the whole file's only for values that are not dates
  // of the file's family, and it is read only for a column all of whose values are)
  a.firstDayFirst ??= shift(b.firstDayFirst, off)
  a.firstMonthFirst ??= shift(b.firstMonthFirst, off)
  a.dA = joined(a.dA, off, b.dA, b.n)
  a.dB = joined(a.dB, off, b.dB, b.n)
}

/** The times-of-day reading lives on only where it lived in both parts. */
function mergeTimesOfDay(a: ColumnAcc, b: AccPart): void {
  if (!a.todAlive) return
  if (!b.todAlive) {
    a.todAlive = false
    a.tod = null
    return
  }
  a.tod = joined(a.tod, a.n, b.tod, b.n)
}

/** A date reading continued by the part's: NaN for the rows before it started, NaN for a part without it. */
function joined(mine: F64Builder | null, off: number, theirs: Float64Array | null, n: number): F64Builder | null {
  if (mine === null && theirs === null) return null
  const f = mine ?? new F64Builder()
  if (mine === null) f.appendFill(off, NaN)
  if (theirs) f.attach(theirs)
  else f.appendFill(n, NaN)
  return f
}

/** Before mergeNumbers: a waiting reading (catDeferred) makes its codes from the numbers of its rows. */
function mergeCategories(a: ColumnAcc, b: AccPart): void {
  if (a.dict === null) return // no category reading (a set type), or more than maxLevels already
  if (b.overflow) return a.dropCategories()
  if (b.catDeferred) {
    // both still wait, with the same decimals (or one of them has no value yet): the whole file's does
    if (a.catDeferred && (a.catK === b.catK || a.catK < 0 || b.catK < 0)) {
      if (a.catK < 0) a.catK = b.catK
      return
    }
    a.settleCategories()
    if (a.dict === null) return // (more than maxLevels in the first part's own rows)
    const num = b.num as Float64Array // a part's wait keeps its numbers (every value is one)
    const codes = new Int32Array(num.length)
    if (a.codeNumbers(num.length, (i) => num[i]!, b.catK, (code, i) => (codes[i] = code))) a.codes?.attach(codes)
    return
  }
  if (b.codes === null) return a.dropCategories()
  a.settleCategories()
  if (a.dict === null) return // (more than maxLevels in the first part's own rows)
  const map = new Int32Array(b.levels.length)
  for (let k = 0; k < b.levels.length; k++) {
    map[k] = a.levelCode(b.levels[k])
    if (map[k] < 0) return
  }
  const codes = b.codes
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = map[codes[i]]
  a.codes?.attach(codes)
}

/**
 * Merges the second part into the reader of the first (which stopped at a record boundary where
 * the part starts). False, with the reader untouched, when some column cannot be merged exactly.
 */
export function absorbPart(r: CsvReader, p: RangePart): boolean {
  if (p.accs.length !== r.accs.length || !r.accs.every((a, j) => mergeable(a, p.accs[j]))) return false
  // the part's first row decided the rows' width where the first part had no data row
  if (r.extraField === null && p.extraField) r.takeExtraField()
  r.accs.forEach((a, j) => {
    const b = p.accs[j]
    mergeCategories(a, b) // first: a waiting reading reads the first part's numbers, which mergeNumbers may drop
    if (a.wantNumber) mergeNumbers(a, b)
    if (a.wantDate) mergeDates(a, b)
    mergeTimesOfDay(a, b)
    a.n += b.n
    a.nonMissing += b.nonMissing
  })
  const lines = p.lines
  for (let i = 0; i < lines.length; i++) lines[i] += r.line - 1
  r.lines.attach(lines)
  for (const at of p.headerRepeats) r.headerRepeats.push(at + r.line - 1)
  r.line += p.line - 1
  r.linesBefore += p.linesBefore
  r.records += p.records
  r.chars += p.chars
  return true
}

/** The second part, read elsewhere; a null result: it could not be (the first part's reader reads on). */
export interface SecondPart { result: Promise<RangeResult | null>; cancel(): void }

export interface TwoParts {
  /** The file up to and including a line break near its middle. */
  first: CsvSource
  /** The file after that line break, for the first part's reader when the parts cannot be merged. */
  rest: () => CsvSource
  /** Starts reading the file after that line break elsewhere (readPart), with this layout. */
  second: (layout: CsvLayout, onProgress: (p: ImportProgress) => void) => SecondPart
}

const NOT_TEXT_CODES = new Set(['binary', 'invalid-utf8', 'control-char'])

/** importCsv of a file given as two parts, the second read elsewhere at the same time. */
export async function importCsvInTwo(src: TwoParts, opts: ImportOptions, onProgress?: (p: ImportProgress) => void, signal?: AbortSignalLike): Promise<Dataset> {
  let other: ImportProgress = { records: 0, chars: 0 }
  let own: ImportProgress = { records: 0, chars: 0 }
  const report = () => onProgress?.({ records: own.records + other.records, chars: own.chars + other.chars })
  const r = new CsvReader(opts, (p) => ((own = p), report()), signal)
  await r.openFile(src.first)
  // the layout once a data row is read: the first decides the width of every row (CsvReader.extraField)
  await r.read(false, () => r.header !== null && r.records > 0)
  const layout = r.layout()
  let second: SecondPart | null = layout && src.second(layout, (p) => ((other = p), report()))
  try {
    await r.read(false)
    if (second && r.pending === '') {
      const res = await second.result
      second = null
      if (res && !res.ok) {
        const e = res.error
        throw placedImportError(e, NOT_TEXT_CODES.has(e.code) ? r.linesBefore : r.line - 1, r.records)
      }
      if (res && absorbPart(r, res.part)) return r.finish()
    }
  } finally {
    second?.cancel()
  }
  other = { records: 0, chars: 0 }
  r.openMore(src.rest())
  await r.read(true)
  return r.finish()
}
