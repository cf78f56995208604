// The time index: rows without a time are dropped, rows are sorted if needed (with a notice), duplicate
// timestamps are reported and optionally aggregated, the spacing is checked, and the series can be
// resampled to a chosen frequency. Everything returns a new Dataset; the input is not modified.

import { PipelineError } from './errors'
import { andList, fix, plural, seriesGroup, words, type Words } from './words'
import { countSeries, detectSeriesId, filterSeries, acrossAll, pickOne, quotedColumns } from './series-id'
import type { Column, Dataset, DateColumn, Notice } from './types'
import { addWeekdays, closedWeekdays, weekdaysOnly } from './weekdays'
import { DAY_MS, isoDate, isoDayOrStamp } from './days'
import { clockTimes, type ClockRule } from './clock-rule'
import { isStepIndex, refuseGridOnStepIndex } from './step-index'
import { dataZoneMark, fileClock, isOffsetMark, noticeTime, ownZone, periodCell, pickRows, zoneMarkOf, type TimeZoneMark } from './time-cell'

export type Aggregation = 'mean' | 'sum' | 'last' | 'first'
/** 'keep' leaves duplicate timestamps (reported), 'error' refuses them, the others aggregate them. */
export type DuplicatePolicy = 'keep' | 'error' | Aggregation
export type TimeUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month'
export interface Frequency { unit: TimeUnit; every: number }
export interface TimeConfig {
  column: string | null
  duplicates: DuplicatePolicy
  /** Resample to one row per period (weeks start on Monday, months on the 1st; UTC). Empty periods become
   *  missing rows. auto: chosen by data.resample "auto" (calendarGaps), which the run's notice says. */
  resample: { freq: Frequency; agg: Aggregation; auto?: true } | null
  /** A long file's series id and the one series to keep (one value per column). values null: the
   *  id is declared but no series chosen, which is refused until one model across series exists.
   *  Absent (configs stored before) or null: none; repeated timestamps are then checked for series.
   *  columns []: the analyst says the rows are one series (no id): repeated timestamps are merged as
   *  `duplicates` says, with a notice, whatever column would split them. */
  series?: SeriesChoice | null
}

export interface SeriesChoice { columns: string[]; values: string[] | null }

export interface TimeReport {
  column: string | null
  droppedNoTime: number
  sorted: boolean // true when the rows had to be re-sorted
  duplicateRows: number // rows sharing a timestamp with an earlier row (before aggregation)
  medianStepMs: number | null
  irregularSteps: number // steps that differ from the median step (calendar months, quarters, half-years and years count as regular, and a Friday's step to Monday in a weekday series)
  steps: number // steps between the distinct times irregularSteps counts among (rows - 1 after duplicates merged)
  /** A row every weekday and none at a weekend (business days, core/data/weekdays.ts). */
  weekdays?: boolean
  /** Business days only: the weekdays without a row that read as holidays (closedWeekdays; not
   *  counted in irregularSteps), and the first of them (epoch ms). */
  closedWeekdays?: { days: number; first: number }
  /** Local clock times (no offset): the night hours without a row where a daylight-saving change
   *  turns the clocks forward (clocksForward; not counted in irregularSteps), and the first (epoch ms). */
  clocksForward?: { hours: number; first: number }
  largestGapMs: number | null
  /** A grid data.resample "auto" chose (cfg.resample.auto) only fills absent periods of the rows'
   *  own step, so that step, measured before the grid, is the step of the rows (medianStepMs and
   *  weekdays above are the grid's): what otherStepWords compares with a model's. Absent without a
   *  grid, and for a grid by name, which aggregates rows of any step onto its own. */
  sourceStep?: { medianStepMs: number | null; weekdays?: true }
  insertedRows: number // empty periods created by resampling
  /** The first of them (epoch ms); absent where none. */
  firstInserted?: number
}

const UNIT_MS: Record<Exclude<TimeUnit, 'month'>, number> = { second: 1e3, minute: 6e4, hour: 36e5, day: DAY_MS, week: 6048e5 }
const MONDAY = Date.UTC(1970, 0, 5)

export function bucketStart(t: number, f: Frequency): number {
  if (f.unit === 'month') {
    const d = new Date(t)
    const m = d.getUTCFullYear() * 12 + d.getUTCMonth()
    const b = Math.floor(m / f.every) * f.every
    return Date.UTC(Math.floor(b / 12), b % 12, 1)
  }
  const step = UNIT_MS[f.unit] * f.every
  const origin = f.unit === 'week' ? MONDAY : 0
  return origin + Math.floor((t - origin) / step) * step
}

export function nextBucket(b: number, f: Frequency): number {
  if (f.unit !== 'month') return b + UNIT_MS[f.unit] * f.every
  const d = new Date(b)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + f.every, 1)
}

/** The instant a period starts at on the clock of `zone` (./time-cell fileClock: the file's own
 *  where its times carried an offset; else UTC, as bucketStart). */
export function clockBucket(t: number, f: Frequency, zone: TimeZoneMark): number {
  return clockInstant(bucketStart(fileClock(t, zone), f), zone)
}

/** The instant the period after the one starting at `b` starts at, on the clock of `zone`. */
export function clockNext(b: number, f: Frequency, zone: TimeZoneMark): number {
  return clockInstant(nextBucket(fileClock(b, zone), f), zone)
}

/** The instant whose clock in `zone` shows `clock` (the offset in force there: taken at the
 *  instant the offset before it gives, so a period past a daylight-saving switch starts at the
 *  switched clock's midnight). */
function clockInstant(clock: number, zone: TimeZoneMark): number {
  const guess = clock - (fileClock(clock, zone) - clock)
  return clock - (fileClock(guess, zone) - guess)
}

/** The id columns of data.series (from the flags or --config), [] when none or malformed (for
 *  resolveConfig to name), and the chosen series' rows, for defaults computed from the data (the
 *  look-back); an unknown value is refused here already, naming the column's values. */
export function chosenSeries(ds: Dataset, s: unknown): { columns: string[]; rows: Dataset } {
  const o = s as { columns?: unknown; values?: unknown } | undefined
  const ok = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')
  if (!o || !ok(o.columns) || o.columns.length === 0) return { columns: [], rows: ds }
  const columns = o.columns
  if (!ok(o.values) || o.values.length !== columns.length || !columns.every((c) => ds.columns.some((x) => x.name === c))) return { columns, rows: ds }
  return { columns, rows: selectRows(ds, filterSeries(ds, columns, o.values).rows) }
}

/** A new dataset with rows `idx` (in that order); idx[i] = -1 inserts an empty (all missing) row. */
export function selectRows(ds: Dataset, idx: Int32Array): Dataset {
  // a plain loop: a typed array's from(idx, fn) takes several times as long (a global model's default
  // look-back selects every series of a long file: core/train/global-lookback.ts)
  const gather = <A extends Float64Array | Int32Array>(out: A, src: ArrayLike<number>, none: number): A => {
    for (let k = 0; k < idx.length; k++) out[k] = idx[k]! < 0 ? none : src[idx[k]!]!
    return out
  }
  const pick = (src: Float64Array) => gather(new Float64Array(idx.length), src, NaN) // (idx.length)
  const columns: Column[] = ds.columns.map((c) => {
    switch (c.kind) {
      case 'numeric':
      case 'boolean':
        return { ...c, values: pick(c.values) }
      case 'date':
        // one series' rows of a file whose rows' own offsets are kept: its own offsets
        return ownZone(pickRows(c, idx))
      case 'categorical':
        return { ...c, codes: gather(new Int32Array(idx.length), c.codes, -1) }
      case 'text':
        return c
    }
  })
  const lines = gather(new Int32Array(idx.length), ds.lines, 0) // 0: a row made by resampling
  return { ...ds, rowCount: idx.length, columns, lines, notices: [...ds.notices] }
}

/** Aggregates runs of consecutive rows sharing `key` into one row each; `time` becomes the key. */
function aggregateRuns(ds: Dataset, timeName: string, key: Float64Array, agg: Aggregation): Dataset {
  const starts: number[] = []
  for (let i = 0; i < key.length; i++) if (i === 0 || key[i] !== key[i - 1]) starts.push(i)
  starts.push(key.length)
  const G = starts.length - 1
  const reduce = (v: Float64Array): Float64Array => {
    const out = new Float64Array(G) // (G)
    for (let g = 0; g < G; g++) {
      let s = 0
      let n = 0
      let first = NaN
      let last = NaN
      for (let i = starts[g]; i < starts[g + 1]; i++) {
        const x = v[i]
        if (x !== x) continue
        if (n === 0) first = x
        last = x
        s += x
        n++
      }
      out[g] = n === 0 ? NaN : agg === 'mean' ? s / n : agg === 'sum' ? s : agg === 'first' ? first : last
    }
    return out
  }
  const columns: Column[] = ds.columns.map((c) => {
    if (c.name === timeName && c.kind === 'date') return { ...pickRows(c, starts.slice(0, G)), values: Float64Array.from(starts.slice(0, G), (i) => key[i]) }
    if (c.kind === 'numeric') return { ...c, values: reduce(c.values) }
    // booleans: a mean is the share of true rows, so it stays in [0, 1]; dates and categories take the last/first value
    if (c.kind === 'boolean') return { ...c, values: reduce(c.values) }
    if (c.kind === 'date') return { ...pickRows(c, starts.slice(0, G)), values: reduce(c.values).map((x, g) => (agg === 'first' ? c.values[starts[g]] : x)) }
    if (c.kind === 'categorical') {
      const codes = new Int32Array(G) // (G)
      for (let g = 0; g < G; g++) {
        let code = -1
        for (let i = starts[g]; i < starts[g + 1]; i++) {
          if (c.codes[i] < 0) continue
          code = c.codes[i]
          if (agg === 'first') break
        }
        codes[g] = code
      }
      return { ...c, codes }
    }
    return c
  })
  const lines = Int32Array.from(starts.slice(0, G), (i) => ds.lines[i])
  return { ...ds, rowCount: G, columns, lines, notices: [...ds.notices] }
}

const HOUR = 3_600_000
/** What a repeated night hour in autumn most likely is, said beside the duplicates notice. */
const CLOCKS_BACK = '; times repeating between midnight and 4 a.m. in March, April, October or November are what local clock times do in the hour a daylight-saving change repeats: if that is the cause, write the times with their UTC offset (2024-10-27T02:00+02:00 and 02:00+01:00) or in UTC, and the two hours stay apart'

/**
 * Whether every repeated time of sorted times `t` (local clock times, read without an offset) is
 * what the night a daylight-saving change turns the clocks back would give: sub-daily data, each
 * repeat between 00:00 and 03:59 in March, April, October or November (autumn in either
 * hemisphere), on at most one night per such month. A hint, never a change: the data stays as read.
 */
export function clocksBack(t: Float64Array): boolean {
  const nights = new Set<string>()
  let repeats = 0
  let step = Infinity
  for (let i = 1; i < t.length; i++) {
    if (t[i] !== t[i - 1]) {
      step = Math.min(step, t[i]! - t[i - 1]!)
      continue
    }
    repeats++
    const d = new Date(t[i]!)
    if (d.getUTCHours() > 3 || ![2, 3, 9, 10].includes(d.getUTCMonth())) return false
    nights.add(isoDate(t[i]!))
  }
  const months = new Set([...nights].map((n) => n.slice(0, 7)))
  return repeats > 0 && step <= HOUR && months.size === nights.size
}

/**
 * The steps of sorted distinct local clock times `t` (read without an offset; usual step `step`)
 * that skip exactly one hour where a daylight-saving change turns the clocks forward: sub-daily
 * data stepping evenly into the hour, the skipped hour starting between 00:00 and 03:00 in March,
 * April, September or October (spring in either hemisphere), at most one such night a month. Local
 * time skips that hour, so no row is missing: the rows either side are one step of elapsed time
 * apart, as a window reads them. The indices of those steps' earlier rows; a hint, as clocksBack.
 */
export function clocksForward(t: Float64Array, step: number): number[] {
  if (!(step > 0 && step <= HOUR && HOUR % step === 0)) return []
  const at: number[] = []
  const months = new Set<string>()
  for (let i = 1; i < t.length; i++) {
    if (t[i]! - t[i - 1]! !== step + HOUR) continue
    const skipped = new Date(t[i - 1]! + step)
    const month = skipped.toISOString().slice(0, 7)
    if (skipped.getUTCHours() > 3 || ![2, 3, 8, 9].includes(skipped.getUTCMonth()) || months.has(month)) return []
    months.add(month)
    at.push(i - 1)
  }
  return at
}

/** Whether a time column holds local clock times (read without a UTC offset), whose steps are
 *  judged with clocksForward: one rule for a run (prepareSeries) and for what Setup and the Data
 *  view count before it. */
export const localClockTimes = (c: Column | undefined): boolean => c?.kind === 'date' && c.zoned !== true

/** How a time column's steps are judged (stepSpacing): true, local clock times (localClockTimes); a
 *  ClockRule, instants whose offsets follow that learnt daylight-saving rule (./clock-rule), whose
 *  whole-day steps are judged on the clock, so a 23 h or 25 h day across a switch is a day; false,
 *  instants. One rule for a run and for what Setup and the Data view count before it. */
export type StepClock = boolean | ClockRule

export const stepClockOf = (c: Column | undefined): StepClock => localClockTimes(c) || (c?.kind === 'date' && c.clock ? c.clock : false)

/** Said of the hours clocksForward finds, as information (not an irregular step): one rule and one
 *  wording for fw train's notice and the Data view's (`where`: " across the 3 series"). */
export function clocksForwardNote(hours: number, first: number, where = ''): string {
  const hour = `${formatTime(first, true)} to ${formatTime(first + HOUR, true).slice(11)}`
  return `${hours === 1 ? `the hour from ${hour} has no row${where}` : `${hours} night hours have no row${where}, the first from ${hour}`}: ${hours === 1 ? 'it is the hour' : 'each is the hour'} local clock times skip where a daylight-saving change turns the clocks forward, so nothing is missing, and a window reads the rows either side as one step apart, the time that passed between them (were the times in UTC, not local, the hour would be missing)`
}

/** A time as the app and fw show it, in UTC: the day (2021-10-29), with the time of day to the
 *  minute where the data is sub-daily (2021-10-29 23:00); '—' for none. A step index's time
 *  (`step`: its column is one, ./step-index) is its integer as the file writes it (isoDayOrStamp). */
export function formatTime(ms: number, withTime: boolean | ClockDigits = false, step = false): string {
  if (!Number.isFinite(ms)) return '—'
  return step ? isoDayOrStamp(ms, true) : withTime ? new Date(ms).toISOString().slice(0, withTime === 'millis' ? 23 : withTime === 'seconds' ? 19 : 16).replace('T', ' ') : isoDate(ms)
}

/** How finely a column's times are shown (formatTime): to the second, or the millisecond, where
 *  some time has seconds or a fraction of one (a sensor's 250 ms rows), else to the minute (true);
 *  false where it has no time of day. */
export type ClockDigits = 'seconds' | 'millis'
export function clockDigits(values: ArrayLike<number>, hasTime: boolean): boolean | ClockDigits {
  if (!hasTime) return false
  let digits: boolean | ClockDigits = true
  for (let i = 0; i < values.length; i++) {
    const t = values[i]!
    if (!Number.isFinite(t)) continue
    if (t % 1000 !== 0) return 'millis'
    if (t % 60_000 !== 0) digits = 'seconds'
  }
  return digits
}

/** A time as the app's views name it, as the file wrote it, in its zone (`zone`, ./time-cell): a
 *  zoned time with the time of day and the offset its clock shows, as fw and the notices write it
 *  (noticeTime: 2024-02-01T00:00:00+01:00), or, where a view has room for a date alone
 *  (`withTime` false), the day the file's clock shows (2024-02-01, not the UTC day before); a step
 *  index's integer; else as formatTime (times without an offset are shown as read). */
export function fileTime(ms: number, zone: TimeZoneMark, withTime: boolean | ClockDigits = false): string {
  if (!Number.isFinite(ms)) return '—'
  if (!isOffsetMark(zone)) return periodCell(ms, zone) ?? formatTime(ms, withTime, zone === 'step')
  return withTime ? noticeTime(ms, zone) : isoDate(fileClock(ms, zone))
}

function timeValues(ds: Dataset, name: string): Float64Array {
  const c = ds.columns.find((c) => c.name === name)
  if (!c) throw new PipelineError('unknown-column', `no column "${name}" in ${ds.file}`, 'time.column')
  if (c.kind !== 'date') throw new PipelineError('no-time-column', `column "${name}" is ${c.kind}, not a date`, 'time.column')
  return c.values
}

/** A step index (./step-index) increases on every row of a series, in file order: a step repeated
 *  or going back is no order the rows can be sorted into without guessing (a typo, or two series
 *  mixed), so it is refused naming the line, the value and the one before it. */
function stepIndexOrder(ds: Dataset, name: string, t: Float64Array): void {
  let prev = -1
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== t[i]) continue
    if (prev >= 0 && !(t[i]! > t[prev]!)) {
      const how = t[i] === t[prev] ? 'repeats' : 'goes back from'
      throw new PipelineError(t[i] === t[prev] ? 'duplicate-time' : 'step-index-order', words`line ${ds.lines[i]!} of ${ds.file}: "${name}" ${how} ${t[prev]!} (line ${ds.lines[prev]!}) to ${t[i]!}; an integer step index must increase on every row of a series${ds.series?.columns.length ? '' : fix(' (a long file? name its series with --series)', ' (a long file? pick its series column in Data)')}`, 'time.column')
    }
    prev = i
  }
}

export function prepareSeries(input: Dataset, cfg: TimeConfig): { dataset: Dataset; report: TimeReport } {
  const report: TimeReport = {
    column: cfg.column, droppedNoTime: 0, sorted: false, duplicateRows: 0,
    medianStepMs: null, irregularSteps: 0, steps: 0, largestGapMs: null, insertedRows: 0
  }
  const notices: Notice[] = []
  if (cfg.series) input = oneSeries(input, cfg.series, notices)
  if (cfg.column === null) return { dataset: notices.length ? { ...input, notices: [...input.notices, ...notices] } : input, report }
  const name = cfg.column
  let t = timeValues(input, name)
  // Repeated times across series are never merged: refused before any work, naming the id and how
  // to pick one (detection needs no sorting and costs one pass when the times increase).
  const split = cfg.series ? null : detectSeriesId(input, name)
  if (split?.candidate && split.strong) throw mixedSeries(input, split.candidate.columns, split.candidate.count, split.duplicateRows)
  if (isStepIndex(input.columns.find((c) => c.name === name))) stepIndexOrder(input, name, t)

  // keep rows with a time, sorted stably (ties keep file order)
  const keep: number[] = []
  for (let i = 0; i < t.length; i++) if (t[i] === t[i]) keep.push(i)
  report.droppedNoTime = t.length - keep.length
  if (report.droppedNoTime) {
    const n = report.droppedNoTime
    let first = 0
    while (t[first] === t[first]) first++
    notices.push({ code: 'no-time', message: `${plural(n, 'row')} without a time ${n === 1 ? `was dropped (line ${input.lines[first]})` : `were dropped (the first at line ${input.lines[first]})`}`, column: name })
  }
  let outOfOrder = -1
  for (let k = 1; k < keep.length && outOfOrder < 0; k++) if (t[keep[k]] < t[keep[k - 1]]) outOfOrder = keep[k]
  if (outOfOrder >= 0) {
    keep.sort((a, b) => t[a] - t[b] || a - b)
    report.sorted = true
    notices.push({ code: 'sorted', message: `rows were not in time order (first at line ${input.lines[outOfOrder]}); sorted by "${name}"`, column: name })
  }
  let ds = report.sorted || report.droppedNoTime ? selectRows(input, Int32Array.from(keep)) : input
  t = timeValues(ds, name)

  let firstDup = -1
  for (let i = 1; i < t.length; i++)
    if (t[i] === t[i - 1]) {
      report.duplicateRows++
      if (firstDup < 0) firstDup = i
    }
  if (report.duplicateRows) {
    const tc = ds.columns.find((c) => c.name === name) as DateColumn
    // local clock times as written; times with an offset as the file wrote them (noticeTime; UTC marked Z where no one offset names both rows)
    const where = `first at line ${ds.lines[firstDup]}, ${tc.zoned ? noticeTime(t[firstDup]!, zoneMarkOf(tc)) : formatTime(t[firstDup]!, tc.hasTime)}`
    const idHint = split?.candidate ? words`; ${quotedColumns(split.candidate.columns)} would split them into ${split.candidate.count} series: if that names series, pick one (${pickOne(split.candidate.columns)})` : ''
    const hint = clocksBack(t) ? words`${idHint}${CLOCKS_BACK}` : idHint
    if (cfg.duplicates === 'error')
      throw new PipelineError('duplicate-time', `${report.duplicateRows} ${report.duplicateRows === 1 ? 'row repeats' : 'rows repeat'} an earlier timestamp${ds.file ? ` in ${ds.file}` : ''} (${where}); the rule 'error' refuses ${report.duplicateRows === 1 ? 'it' : 'them'} ('mean', 'sum', 'last' or 'first' merges the rows of a time, 'keep' keeps them)`, 'time.duplicates')
    if (cfg.duplicates === 'keep')
      notices.push({ code: 'duplicates', ...words`${report.duplicateRows} ${report.duplicateRows === 1 ? 'row repeats' : 'rows repeat'} an earlier timestamp (${where}); kept${hint}`, column: name })
    else {
      const before = ds.rowCount
      ds = aggregateRuns(ds, name, t, cfg.duplicates)
      // a category has no mean nor sum: aggregateRuns takes its last value, said (exploratory pass 22, finding 16)
      const cats = cfg.duplicates === 'mean' || cfg.duplicates === 'sum' ? ds.columns.filter((c) => c.kind === 'categorical').map((c) => `"${c.name}"`) : []
      const last = cats.length ? ` (${andList(cats)} ${cats.length === 1 ? 'takes' : 'take'} the last value of each time)` : ''
      notices.push({ code: 'duplicates', ...words`${report.duplicateRows} ${report.duplicateRows === 1 ? 'row' : 'rows'} merged: they repeat an earlier timestamp (${where}); ${before} rows aggregated by ${cfg.duplicates} into ${ds.rowCount}${last}${hint}`, column: name })
      t = timeValues(ds, name)
    }
  }

  if (cfg.resample?.auto) {
    const s = stepSpacing(t)
    report.sourceStep = { medianStepMs: s?.medianStepMs ?? null, ...(s?.weekdays ? { weekdays: true as const } : {}) }
  }
  if (cfg.resample) {
    const f = cfg.resample.freq
    if (!(Number.isInteger(f.every) && f.every >= 1) || !(f.unit in UNIT_MS || f.unit === 'month'))
      throw new PipelineError('bad-config', `resample frequency must be { unit: second|minute|hour|day|week|month, every: integer >= 1 }`, 'time.resample.freq')
    const every = everyWords(f)
    refuseGridOnStepIndex(ds, name, fix(`resampling to ${every} (data.resample)`, `the Calendar grid (${every})`), 'data.resample')
    // periods on the file's clock (fileClock): times written with an offset (Berlin's midnights,
    // 23:00 UTC the day before) fall in the file's day, each period starting at the file's midnight,
    // not in the UTC day before; times without one as read
    // (days and longer: an hour's or a minute's period is the same span on either clock, and on the
    // clock the autumn night's repeated hour would merge two hours into one)
    const zone = f.unit === 'day' || f.unit === 'week' || f.unit === 'month' ? zoneMarkOf(ds.columns.find((c) => c.name === name)) : null
    const key = Float64Array.from(t, (x) => clockBucket(x, f, zone))
    ds = aggregateRuns(ds, name, key, cfg.resample.agg)
    // fill empty periods with missing rows so the series is regular
    const tb = timeValues(ds, name)
    const idx: number[] = []
    const times: number[] = []
    for (let g = 0; g < tb.length; g++) {
      if (g > 0) for (let b = clockNext(tb[g - 1]!, f, zone); b < tb[g]; b = clockNext(b, f, zone)) {
        idx.push(-1)
        times.push(b)
      }
      idx.push(g)
      times.push(tb[g])
    }
    refuseUpsampling(ds, name, tb, idx.length, t, f, zone)
    report.insertedRows = idx.length - tb.length
    const firstGap = idx.indexOf(-1)
    if (firstGap >= 0) report.firstInserted = times[firstGap]
    if (report.insertedRows) {
      ds = selectRows(ds, Int32Array.from(idx))
      ;(ds.columns.find((c) => c.name === name) as { values: Float64Array }).values = Float64Array.from(times)
    }
    notices.push({ code: 'resampled', message: `resampled to ${everyWords(f)} by ${cfg.resample.agg}: ${ds.rowCount} rows (${report.insertedRows} empty periods are missing values)`, column: name })
    t = timeValues(ds, name)
  }

  const tcol = ds.columns.find((c) => c.name === name) as DateColumn
  spacing(t, report, stepClockOf(tcol))
  if (report.weekdays)
    notices.push({ code: 'weekdays', message: `"${name}" has rows on weekdays only, none at a weekend (business days): a step from Friday to Monday is one step, a week 5 steps, and forecasts past the end skip weekends`, column: name })
  if (report.closedWeekdays) notices.push({ code: 'closed-weekdays', ...closedWeekdaysNote(report.closedWeekdays.days, report.closedWeekdays.first), column: name })
  if (report.clocksForward) notices.push({ code: 'clocks-forward', message: clocksForwardNote(report.clocksForward.hours, report.clocksForward.first), column: name })
  // a step index's steps are its own integers, no span of time
  const index = isStepIndex(tcol)
  const usual = index ? `${report.medianStepMs} of "${name}"` : usualStep(report)
  // why "auto" left the gaps (a calendar step, but business days, times off the grid, too many
  // absent); not where repeated times are kept apart (data.duplicates 'keep': no grid merges them)
  const noGrid = report.irregularSteps && !index && !(report.duplicateRows && cfg.duplicates === 'keep') ? calendarGapsWhyNot(t, zoneMarkOf(tcol)) : null
  if (report.irregularSteps)
    notices.push({ code: 'irregular', message: `${report.irregularSteps} of ${t.length - 1} time steps differ from the usual step of ${usual}; largest gap ${index ? report.largestGapMs : fmtMs(report.largestGapMs ?? 0)}; a window reads the rows on either side of a gap as one step apart${index ? '' : GAP_ADVICE}`, column: name })
  if (noGrid) notices.push({ code: 'no-auto-grid', message: noGrid, column: name })
  const most = mostlyIrregularNote(report.irregularSteps, report.steps, usual)
  if (most) notices.push({ code: 'mostly-irregular', ...most, column: name })
  return { dataset: { ...ds, timeColumn: name, notices: [...ds.notices, ...notices] }, report }
}

/** One series' times and values as a run's calendar grid (time.resample) puts them, by prepareSeries
 *  itself: one row per period, absent periods as missing rows. Setup's split timeline counts its rows
 *  and windows on these, so that they are the run's (the CO2 sample's 5 absent months: Setup said 494
 *  train windows where the run had 495). Repeated times are merged by mean here whatever the run's
 *  data.duplicates: the grid merges a period's rows anyway, so the row count is the same. */
export function seriesOnGrid(time: Float64Array, values: Float64Array, resample: NonNullable<TimeConfig['resample']>, zone: TimeZoneMark = null): { time: Float64Array; values: Float64Array } {
  // the zone of the file's times (./time-cell), whose clock the periods are on, as the run's are
  const own = typeof zone === 'number' ? { offsetMin: zone } : zone !== null && typeof zone === 'object' ? ('rule' in zone ? { clock: zone } : { offsets: zone }) : {}
  const ds: Dataset = {
    file: '', rowCount: time.length, lines: Int32Array.from(time, (_, i) => i + 2), timeColumn: 't', notices: [],
    format: { delimiter: ',', decimal: null, newline: '\n', bom: false },
    columns: [{ kind: 'date', name: 't', values: time, format: 'iso', hasTime: true, zoned: true, ...own }, { kind: 'numeric', name: 'y', values }]
  }
  const out = prepareSeries(ds, { column: 't', duplicates: 'mean', resample, series: { columns: [], values: null } }).dataset
  return { time: timeValues(out, 't'), values: (out.columns.find((c) => c.name === 'y') as { values: Float64Array }).values }
}

/** The zone the forecast files write a run's times in (../data/time-cell): the time column's, and
 *  where the run reads one series of a long file (`series` with its values), that series' own
 *  (ownZone: its rows' offsets, where the file keeps each row's), not the whole file's. */
export function seriesZoneMark(ds: Dataset, time: string | null | undefined, series: SeriesChoice | null | undefined): TimeZoneMark {
  const own = seriesTimeColumn(ds, time, series)
  return own ? zoneMarkOf(own) : dataZoneMark(ds, time)
}

/** The time column over the rows of the one series `series` picks, with its own zone (ownZone);
 *  null where it picks none, or the file keeps no row's own offset (then the file's column holds). */
export function seriesTimeColumn(ds: Dataset, time: string | null | undefined, series: SeriesChoice | null | undefined): DateColumn | null {
  const c = ds.columns.find((x): x is DateColumn => x.kind === 'date' && x.name === (time ?? ds.timeColumn))
  if ((!c?.offsets && !c?.rowOffsets) || !series?.values || series.columns.length === 0) return null
  if (!series.columns.every((n) => ds.columns.some((x) => x.name === n))) return null
  const { rows } = filterSeries(ds, series.columns, series.values)
  return ownZone(pickRows(c, rows))
}

/** The rows of one series (cfg.series), with a notice; refused when no series is chosen. */
function oneSeries(ds: Dataset, s: SeriesChoice, notices: Notice[]): Dataset {
  if (s.columns.length === 0) return ds // declared one series: nothing to keep or refuse
  if (s.values === null) {
    const count = countSeries(ds, s.columns)
    throw mixedSeries(ds, s.columns, count, null)
  }
  const absent = s.columns.filter((c) => !ds.columns.some((x) => x.name === c))
  if (absent.length === s.columns.length) {
    // new data for a model of one series may come without the id column: it is that series
    notices.push({ code: 'series', column: s.columns[0], message: `${ds.file} has no ${s.columns.join(', ')} column: its rows are taken as the series ${s.values.join(', ')}` })
    return ds
  }
  const { rows } = filterSeries(ds, s.columns, s.values)
  const what = s.columns.map((c, j) => `${c} = ${s.values![j]}`).join(', ')
  notices.push({ code: 'series', column: s.columns[0], message: `series ${what}: ${rows.length} of ${ds.rowCount} rows` })
  return selectRows(ds, rows)
}

function mixedSeries(ds: Dataset, columns: string[], count: number, duplicateRows: number | null): PipelineError {
  const id = quotedColumns(columns)
  const why = duplicateRows === null ? `${id} is the series id; it makes` : `timestamps repeat (${duplicateRows} rows) and ${id} splits the rows into`
  return new PipelineError(
    'mixed-series',
    words`${ds.file}: ${why} ${count} series; trained as one series they would be mixed (duplicate times averaged across series). Pick one series (${pickOne(columns)}); or train one model across every series (${acrossAll(columns)})${fix('; if the rows are one series measured several times, --series none merges them', '')}`,
    'time.series'
  )
}

function spacing(t: Float64Array, report: TimeReport, local: StepClock): void {
  const s = stepSpacing(t, local)
  if (!s) return
  report.medianStepMs = s.medianStepMs
  report.largestGapMs = s.largestGapMs
  report.irregularSteps = s.irregularSteps
  report.steps = t.length - 1
  if (s.weekdays) report.weekdays = true
  if (s.closedWeekdays) report.closedWeekdays = { days: s.closedWeekdays, first: s.firstClosed }
  if (s.clocksForward) report.clocksForward = { hours: s.clocksForward, first: s.firstForward }
}

/** Said of a business-day series' weekdays without a row that read as holidays (closedWeekdays), as
 *  information rather than an irregular step, in each front end's words: fw train's notice and the
 *  Data view's (`where`: " across the 3 series"). A window reads the rows either side as one step apart, which is what a market closed
 *  that day means; filling them (resampling) would invent rows. */
export function closedWeekdaysNote(days: number, first: number, where = ''): Required<Words> {
  const day = isoDate(first)
  return words`${days} ${days === 1 ? 'weekday' : 'weekdays'} without a row${where} (holidays?), ${days === 1 ? '' : 'the first '}${day}: a window reads the rows either side as one step apart, as for a market closed that day; forecasts past the end skip weekends but not holidays unless given the holiday dates (${fix('fw train --holidays FILE', 'Holiday dates… in Setup, under inputs known in the future')})`
}

/** A step in calendar words where it is one ("monthly", "weekly"), so monthly data is not said to
 *  step by "31 days"; null otherwise. Months and years vary in length, hence the ranges. */
export function calendarStep(ms: number): string | null {
  const d = ms / DAY_MS
  if (d >= 28 && d <= 31) return 'monthly'
  if (d >= 89 && d <= 92) return 'quarterly'
  if (d >= 365 && d <= 366) return 'yearly'
  if (d === 7) return 'weekly'
  if (d === 1) return 'daily'
  if (ms === 3_600_000) return 'hourly'
  return null
}
const CALENDAR_UNIT: Record<string, string> = { monthly: 'a month', quarterly: 'a quarter', yearly: 'a year', weekly: 'a week', daily: 'a day', hourly: 'an hour' }

export function formatStep(ms: number): string {
  const cal = calendarStep(ms)
  if (cal) return `${CALENDAR_UNIT[cal]} (${cal})`
  if (ms >= DAY_MS) return `${+(ms / DAY_MS).toFixed(2)} day${ms === DAY_MS ? '' : 's'}`
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(2)} h`
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(2)} min`
  return `${+(ms / 1000).toFixed(2)} s`
}

/** The usual step as a run's notices write it ("2 h", "a weekday"). */
const usualStep = (r: TimeReport): string => (r.weekdays ? 'a weekday' : formatStep(r.medianStepMs ?? 0))

/** The steps of sorted times (no missing ones): the usual (median) step; how many steps differ from
 *  it (calendar months, quarters, half-years and years are regular, and a Friday's step to Monday in
 *  a business-day series, and its steps over a few weekdays that read as holidays: closedWeekdays,
 *  how many weekdays, and the first of them; and, for `local` clock times read without an offset,
 *  the hours a daylight-saving change skips: clocksForward, how many, and the first skipped hour's
 *  start; under a learnt ClockRule, whole-day steps on its clock: clockTimes); the index of the first
 *  irregular step's earlier row
 *  (-1: none); the largest step. What a run's `irregular` notice counts, and the Data view's warning before it (one rule);
 *  null for fewer than two times. */
export function stepSpacing(t: Float64Array, local: StepClock = false): { medianStepMs: number; irregularSteps: number; firstIrregular: number; largestGapMs: number; weekdays: boolean; closedWeekdays: number; firstClosed: number; clocksForward: number; firstForward: number } | null {
  if (t.length < 2) return null
  if (typeof local === 'object') t = clockTimes(t, local) ?? t
  const d = new Float64Array(t.length - 1) // (N-1)
  for (let i = 1; i < t.length; i++) d[i - 1] = t[i] - t[i - 1]
  const sorted = Float64Array.from(d).sort()
  const median = sorted[sorted.length >> 1]
  const months = sameDayOfMonth(t) || monthEnds(t) ? calendarMonths(median) : 0
  const weekdays = weekdaysOnly(t, median)
  const closed = weekdays ? closedWeekdays(t) : null
  const forward = local === true ? clocksForward(t, median) : []
  let irregularSteps = 0
  let firstIrregular = -1
  for (let i = 0; i < d.length; i++) {
    const regular = months ? monthsBetween(t[i], t[i + 1]) === months : weekdays ? addWeekdays(t[i], 1) === t[i + 1] : d[i] === median
    if (regular || closed?.steps.has(i) || forward.includes(i)) continue
    irregularSteps++
    if (firstIrregular < 0) firstIrregular = i
  }
  const firstForward = forward.length ? t[forward[0]!]! + median : NaN
  return { medianStepMs: median, irregularSteps, firstIrregular, largestGapMs: sorted[sorted.length - 1], weekdays, closedWeekdays: closed?.days ?? 0, firstClosed: closed?.first ?? NaN, clocksForward: forward.length, firstForward }
}

/** When most steps between distinct times (more than half) differ from the usual one: the season,
 *  the horizon and the timestamps past the end all count in the usual step, so they mean little;
 *  said before training, in each front end's words, advising a regular step. A run still trains
 *  (the rows may be what the analyst means); null when half or fewer differ. `usual`: the step as
 *  the caller writes it ("1 h", "an hour (hourly)"). One rule for fw train's notice and Setup's. */
export function mostlyIrregularNote(irregular: number, steps: number, usual: string): Required<Words> | null {
  if (!mostlyIrregular(irregular, steps)) return null
  return words`${irregular} of ${steps} time steps (${Math.round((100 * irregular) / steps)} %) differ from the usual step of ${usual}: ${IRREGULAR_ADVICE}`
}

const mostlyIrregular = (irregular: number, steps: number) => steps >= 2 && irregular * 2 > steps
/** The end of the irregular-steps notice: what a run's config can do about the gaps. Applying a
 *  saved model (apply.ts) says instead what its file's reader can do, as it sets no config. */
export const GAP_ADVICE = ' (resampling, data.resample, fills gaps with missing values instead)'

const IRREGULAR_ADVICE = words`the season, the horizon and the forecast's timestamps past the end all assume that every step is the usual one, so they mean little here; resample the rows to a regular step, or aggregate them to a coarser one (${fix('--resample STEP, or data.resample in the --config file', 'one row per step, made before the file is imported')}), and train on that`

/** One series' steps as mostlyIrregularNote counts them. */
export interface SeriesSteps {
  label: string
  irregular: number
  steps: number
  usual: string
}

/** mostlyIrregularNote said of a global run's series, by the same rule series by series: the one
 *  series ("in series store = s1, 52 of 79 time steps ..."), or those it holds for grouped ("in 4
 *  series: a, b, c and 1 more, most time steps (60 to 66 %) differ ..."); null when none. One rule
 *  for fw train --global's notice and Setup's. */
export function mostlyIrregularSeriesNote(series: readonly SeriesSteps[]): Required<Words> | null {
  const most = series.filter((s) => mostlyIrregular(s.irregular, s.steps))
  if (most.length === 1) return words`in series ${most[0]!.label}, ${mostlyIrregularNote(most[0]!.irregular, most[0]!.steps, most[0]!.usual)!}`
  if (!most.length) return null
  const shares = most.map((s) => Math.round((100 * s.irregular) / s.steps))
  const [lo, hi] = [Math.min(...shares), Math.max(...shares)]
  const usual = most.every((s) => s.usual === most[0]!.usual) ? `the usual step of ${most[0]!.usual}` : "each series' usual step"
  return words`in ${seriesGroup(most.map((s) => s.label))}, most time steps (${lo === hi ? `${lo} %` : `${lo} to ${hi} %`}) differ from ${usual}: ${IRREGULAR_ADVICE}`
}

/** A prepared series' steps (its time report), for mostlyIrregularSeriesNote. */
export const seriesSteps = (label: string, r: TimeReport): SeriesSteps => ({ label, irregular: r.irregularSteps, steps: r.steps, usual: usualStep(r) })

/** The whole calendar months of a step whose length in days varies with the calendar: a month
 *  (28-31 days), a quarter (89-92), half a year (181-184) or a year (365-366); 0 for any other. */
function calendarMonths(stepMs: number): number {
  const days = stepMs / DAY_MS
  for (const [months, lo, hi] of [[1, 28, 31], [3, 89, 92], [6, 181, 184], [12, 365, 366]] as const) if (days >= lo && days <= hi) return months
  return 0
}

function sameDayOfMonth(t: Float64Array): boolean {
  const day = new Date(t[0]).getUTCDate()
  return t.every((x) => new Date(x).getUTCDate() === day)
}

/** Every time the last day of its month (2010-01-31, 2010-02-28, ...), as month-end reports write them. */
function monthEnds(t: Float64Array): boolean {
  return t.every((x) => new Date(x + DAY_MS).getUTCDate() === 1)
}

function monthsBetween(a: number, b: number): number {
  const da = new Date(a)
  const db = new Date(b)
  return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth()
}

function fmtMs(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS} d`
  if (ms % 36e5 === 0) return `${ms / 36e5} h`
  if (ms % 6e4 === 0) return `${ms / 6e4} min`
  return `${ms / 1e3} s`
}

/** A series' usual step as a class: calendar months, quarters and years count as one step whatever
 *  their length in days, and business days (`weekdays`: a daily step with no weekend rows, which
 *  count 5 to a week and forecast past the end on weekdays only) as 'weekday'; otherwise the step in
 *  ms. null for a series of one row. Two series step alike when their classes are equal: the global
 *  one-frequency rule, and a model file applied to new rows (otherStepWords). */
export function stepClass(ms: number | null, weekdays = false): string | null {
  if (ms === null) return null
  if (weekdays) return 'weekday'
  const d = ms / DAY_MS
  return d >= 28 && d <= 31 ? 'month' : d >= 89 && d <= 92 ? 'quarter' : d >= 365 && d <= 366 ? 'year' : String(ms)
}

/** A step class in words: '1 d', '15 min', 'month', 'weekday (none at weekends)'. */
export function stepName(c: string): string {
  if (c === 'weekday') return 'weekday (none at weekends)'
  if (c === 'month' || c === 'quarter' || c === 'year') return c
  return fmtMs(Number(c))
}

/** The usual step of the rows a pipeline was fitted on, as a model file keeps it (fitted.step). */
export interface FittedStep {
  ms: number
  weekdays?: true
  /** true: the time column was an integer step index (./step-index), `ms` a step of its integers,
   *  and new rows' time column is read as one (withModelTime); false: dates, and whole numbers in
   *  new rows are refused. Absent (files from before it, step-index runs among them): not recorded,
   *  nothing checked, whole numbers read as a step index and dates as dates. */
  index?: boolean
}

/** A model fitted on rows `trained` apart applied to `file`, whose rows step by `report`'s usual
 *  step (before a grid "auto" chose: sourceStep): null when they step alike (or either is unknown: a
 *  file from before fitted.step, a file of one row), else the refusal in both wordings. Its look-back,
 *  horizon, season and the times past the end all count in the training step, so rows of another step
 *  would be read as if they were of it (and a grid "auto" chose would average them onto it). */
export function otherStepWords(trained: FittedStep | undefined, report: Pick<TimeReport, 'medianStepMs' | 'weekdays' | 'sourceStep'>, file: string, lookback: number): Required<Words> | null {
  if (!trained) return null
  const rows = report.sourceStep ?? report
  const was = stepClass(trained.ms, trained.weekdays === true)
  const now = stepClass(rows.medianStepMs, rows.weekdays === true)
  if (was === null || now === null || was === now) return null
  // a step index's steps are its integers (both are one: withModelTime refuses a mix), no span of time
  const gap = (c: string) => (trained.index ? c : c === 'weekday' ? 'a weekday (none at weekends)' : c === 'month' || c === 'quarter' || c === 'year' ? `a ${c}` : stepName(c))
  return words`${file} has rows ${gap(now)} apart${trained.index ? ' in its step index' : ''}, but the model was trained on rows ${gap(was)} apart: its look-back (${lookback} rows), horizon and season count steps of ${gap(was)}, so it would read these rows as if they were ${gap(was)} apart; give it a file with rows ${gap(was)} apart, or ${fix(`train a model on ${file} with fw train`, `train a run on ${file} in Setup`)}`
}

/** A model file from before fitted.step applied to `file`: what otherStepWords cannot check, said
 *  (the same words in both front ends). */
export function uncheckedStepNote(file: string): string {
  return `the model file does not record the step of its training rows (it was saved by an earlier version), so whether ${file} steps alike is not checked: its look-back, horizon and season count rows of the training step; train the run again to have it checked`
}

/** Auto resampling (data.resample "auto") puts a series on its own calendar grid only where at most
 *  this share of the grid's periods is absent (docs/data.md: measured from 2 % to 15 %). */
export const AUTO_GRID_MAX_MISSING = 0.15

/** The grid a series of sorted, distinct times stands on when its usual step is a calendar step (a
 *  day, a week starting on Monday, or a month, quarter, half-year or year starting on the 1st) and a
 *  few periods are absent (at most AUTO_GRID_MAX_MISSING of the grid): the step, how many periods
 *  are absent, and the first of them (epoch ms). null where no period is absent, where a time lies off
 *  the grid (resampling would move it), for business days (an absent weekday reads as a holiday),
 *  for steps under a day (a clock change is no gap), and where more are absent. The periods are on
 *  the clock of `zone` (the time column's, zoneMarkOf), as prepareSeries's: a zoned file's days
 *  start at its midnights (clockBucket), a daylight-saving night of 23 or 25 hours is one day. */
export function calendarGaps(t: Float64Array, zone: TimeZoneMark = null): { freq: Frequency; missing: number; first: number } | null {
  const g = calendarFit(t, zone)
  return g && !('why' in g) ? g : null
}

/** Why the automatic grid (calendarGaps) leaves rows that step unevenly on a calendar step (a day, a
 *  week, a month…) as they are, in words, where it is one of its reasons: business days, a time off
 *  the grid, more than AUTO_GRID_MAX_MISSING of the periods absent; null where it puts them on a
 *  grid, or the rows step evenly, or their usual step is no calendar step (under a day). */
export function calendarGapsWhyNot(t: Float64Array, zone: TimeZoneMark = null): string | null {
  const g = calendarFit(t, zone)
  return g && 'why' in g ? `no automatic calendar grid (--resample auto): ${g.why}` : null
}

function calendarFit(t: Float64Array, zone: TimeZoneMark): { freq: Frequency; missing: number; first: number } | { why: string } | null {
  // the step measured on the file's clock, where a day is 24 hours whatever the switches
  const s = stepSpacing(zone === null ? t : Float64Array.from(t, (x) => fileClock(x, zone)))
  if (!s || s.irregularSteps === 0) return null
  if (s.weekdays) return { why: 'the rows are business days, and a daily grid would put every weekend back as absent days' }
  const months = calendarMonths(s.medianStepMs)
  const freq: Frequency | null = months
    ? { unit: 'month', every: months }
    : s.medianStepMs % UNIT_MS.week === 0
      ? { unit: 'week', every: s.medianStepMs / UNIT_MS.week }
      : s.medianStepMs % UNIT_MS.day === 0
        ? { unit: 'day', every: s.medianStepMs / UNIT_MS.day }
        : null
  if (!freq) return null
  let off = 0
  let firstOff = NaN
  for (let i = 0; i < t.length; i++)
    if (clockBucket(t[i]!, freq, zone) !== t[i] || (i > 0 && t[i]! <= t[i - 1]!)) {
      if (!off) firstOff = t[i]!
      off++
    }
  const grid = `a ${gridWords(freq)} grid`
  if (off) return { why: `${off} of ${t.length} times are off ${grid} (the first, ${noticeTime(firstOff, zone)}: not at the start of its ${freq.unit === 'month' ? periodsWords(freq, 1).slice(2) : freq.unit}), which would move them` }
  let missing = 0
  let first = NaN
  for (let i = 1; i < t.length; i++)
    for (let b = clockNext(t[i - 1]!, freq, zone); b < t[i]!; b = clockNext(b, freq, zone)) {
      if (!missing) first = b
      missing++
    }
  if (!missing) return null
  if (missing > AUTO_GRID_MAX_MISSING * (t.length + missing))
    return { why: `${periodsWords(freq, missing)} of ${t.length + missing} absent on ${grid} (${((100 * missing) / (t.length + missing)).toFixed(0)} %), more than the ${100 * AUTO_GRID_MAX_MISSING} % it fills; give --resample ${freq.unit === 'month' && freq.every === 1 ? 'month' : freq.every === 1 ? freq.unit : `"${freq.every} ${freq.unit}"`} to put them on it anyway` }
  return { freq, missing, first }
}

/** The refusal of a grid finer than the rows' own spacing (weeks on quarterly rows: most of its
 *  periods would be rows filled in, each from the row before, and a window would read mostly its
 *  own fills): where fewer than half of the steps between the rows' periods `tb` (after joining the
 *  rows of a period) are one period of `f`. `periods`: how many the grid has; `t`: the rows' own
 *  times, whose usual step is said. The automatic grid (calendarGaps) takes a step at which at most
 *  AUTO_GRID_MAX_MISSING of the periods are absent, so it never meets this. */
function refuseUpsampling(ds: Dataset, name: string, tb: Float64Array, periods: number, t: Float64Array, f: Frequency, zone: TimeZoneMark): void {
  const steps = tb.length - 1
  let one = 0
  for (let g = 1; g < tb.length; g++) if (clockNext(tb[g - 1]!, f, zone) === tb[g]) one++
  if (steps < 2 || 2 * one >= steps) return
  const usual = stepSpacing(t)?.medianStepMs ?? 0
  const asked = fix(`resampling to ${everyWords(f)} (--resample)`, `the Calendar grid (${gridWords(f)})`)
  const inserted = periods - tb.length
  throw new PipelineError('bad-config', words`${asked} is finer than the rows of ${ds.file || 'the file'}, whose usual step in "${name}" is ${formatStep(usual)}: ${inserted} of the grid's ${periodsWords(f, periods)} would hold no row, each filled in from the rows before it, not read; give the rows' own step or a coarser one, or keep the rows as they are (${fix('--resample off', 'Calendar grid: Off')})`, 'data.resample')
}

/** A calendar step in words: "monthly", "every 2 weeks", "quarterly". */
export function gridWords(f: Frequency): string {
  if (f.unit === 'month') return ({ 1: 'monthly', 3: 'quarterly', 6: 'half-yearly', 12: 'yearly' } as Record<number, string>)[f.every] ?? `every ${f.every} months`
  if (f.every === 1) return f.unit === 'day' ? 'daily' : f.unit === 'week' ? 'weekly' : `every ${f.unit}`
  return `every ${f.every} ${f.unit}s`
}

/** A step's periods counted in words: "6 months", "1 week", "13 days" ("3 quarters" for months every 3). */
export function periodsWords(f: Frequency, n: number): string {
  const unit = f.unit === 'month' ? ({ 1: 'month', 3: 'quarter', 6: 'half-year', 12: 'year' } as Record<number, string>)[f.every] ?? `${f.every}-month period` : f.every === 1 ? f.unit : `${f.every}-${f.unit} period`
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

/** "every day", "every 3 hours": a grid's period in words (not "every 1 day", "every 3 hour"). */
export function everyWords(f: { every: number; unit: string }): string {
  return f.every === 1 ? `every ${f.unit}` : `every ${f.every} ${f.unit}s`
}
