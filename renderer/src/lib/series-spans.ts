// Setup's split over all series of a long file (issue 13): each series' times, sorted, and the pooled
// time axis, gathered once per file (seriesSpansSteps, 100,000 rows a step); then, at every move of
// a boundary, how a global run would cut each series (cutSeries), through core's own functions:
// pooledCuts for the shared dates, computeSplits and windowIndex for each series' rows, and
// shortSeriesSplit for a short series cut on its own rows, as core/data/global.ts prepareGlobal
// does. The series' rows as the run has them (runSpansSteps: duplicates merged, the calendar grid,
// missing target values never a window's target) replace the file's where the caller gives the
// run's config.
import { bareMessage, cutsOnClocks, emptyColumnIn, ownClocksOf, pooledCuts, type GlobalCuts } from '../../../core/data/global'
import { PipelineError } from '../../../core/data/errors'
import type { PipelineConfig, WindowConfig } from '../../../core/data/config'
import type { Dataset } from '../../../core/data/types'
import { computeSplits, hasKnownWindow, splitWindow, windowIndex, type RowRange, type SplitName } from '../../../core/data/windows'
import { shortSeriesSplit, splitRowsOf, type SplitRows } from '../../../core/data/pipeline'
import { mostlyIrregularSeriesNote, stepClockOf, type SeriesSteps, type StepClock } from '../../../core/data/series'
import { seriesLabelOf } from '../../../core/data/natural'
import { seriesStepsOf } from './columns'
import { GROUP_CHUNK, groupSeries, readySeriesGroups, rowsOf, runInSteps, seriesGroupsOf, type SeriesGroups } from './series-groups'
import { finish } from '../../../core/data/pausable'
import type { SteppedWork } from './perf'
import { fileClock, splitInstant, type TimeZoneMark } from '../../../core/data/time-cell'

export interface SeriesSpans {
  keys: string[][] // (G) each series' id values
  times: Float64Array // (R) each series' times (rows without one left out), sorted, series after series
  starts: Int32Array // (G + 1) series g's times are times[starts[g]] .. times[starts[g + 1] - 1]
  series: Float64Array[] // (G) series g's times, a view of `times`
  axis: Float64Array // (U) the distinct times of every series, sorted: the pooled time axis
  byStart: Int32Array // (G) the series sorted by first time, then last
  local: StepClock // how its steps are judged: local clock times, a learnt clock rule (core/data stepClockOf)
  /** (G) each series' own clock, where the file keeps each row's UTC offset (core/data ownClocksOf):
   *  a split's date without an offset is read on it, as the run reads it (seriesCuts). Absent: the
   *  file's one clock holds for every series. */
  own?: TimeZoneMark[]
  /** (G) runSpansSteps': the count of series g's rows with no target value before each of its
   *  rows (n + 1; null: none), `series` then the times of the rows the run has. Absent: the file's
   *  rows, every target taken as known. */
  missing?: (Int32Array | null)[]
  /** (G) runSpansSteps': the first of the run's target and inputs with no value in any of series g's
   *  rows (core/data emptyColumnIn), for which the run skips it whatever the cuts; null: none. */
  empty?: (string | null)[]
}

/** Rows a step of seriesSpansSteps: a quarter of the grouping's, as each row also goes into a Set. */
export const SPANS_CHUNK = GROUP_CHUNK / 4

/** The times of every series of `groups`, gathered `chunk` rows a step. */
export function* seriesSpansSteps(ds: Dataset, groups: SeriesGroups, timeColumn: string, chunk = SPANS_CHUNK): Generator<void, SeriesSpans, void> {
  const c = ds.columns.find((x) => x.name === timeColumn)
  if (!c || c.kind !== 'date') throw new Error(`column "${timeColumn}" is not a date column`)
  const G = groups.keys.length
  const times = new Float64Array(groups.order.length) // (R)
  const starts = new Int32Array(G + 1) // (G + 1)
  const distinct = new Set<number>()
  let R = 0
  let done = 0
  for (let g = 0; g < G; g++) {
    const rows = rowsOf(groups, g)
    const from = R
    let sorted = true
    for (const r of rows) {
      const t = c.values[r]!
      if (t !== t) continue
      if (R > from && t < times[R - 1]!) sorted = false
      if (R === from || t !== times[R - 1]) distinct.add(t)
      times[R++] = t
    }
    if (!sorted) times.subarray(from, R).sort() // the pipeline sorts a series by time too (core/data/series.ts)
    starts[g + 1] = R
    done += rows.length
    if (done >= chunk) {
      done = 0
      yield
    }
  }
  const axis = Float64Array.from(distinct).sort() // (U)
  const byStart = Int32Array.from({ length: G }, (_, g) => g).sort((a, b) => first(a) - first(b) || last(a) - last(b) || a - b)
  function first(g: number): number {
    return starts[g + 1]! > starts[g]! ? times[starts[g]!]! : Infinity
  }
  function last(g: number): number {
    return starts[g + 1]! > starts[g]! ? times[starts[g + 1]! - 1]! : Infinity
  }
  const series = Array.from({ length: G }, (_, g) => times.subarray(starts[g]!, starts[g + 1]!))
  const own = c.offsets || c.rowOffsets ? ownClocksOf(c, Array.from({ length: G }, (_, g) => ({ rows: rowsOf(groups, g) }))) : null
  return { keys: groups.keys, times: times.subarray(0, R), starts, series, axis, byStart, local: stepClockOf(c), ...(own ? { own } : {}) }
}

/** A row-chunked step's work over `groups` (seriesSpansSteps', runSpansSteps'), for runInSteps'
 *  `work`: every row, at most `chunk` rows a step less one and then the whole series that reaches it
 *  (a step ends at a series' end). */
export function rowsWork(name: string, groups: SeriesGroups, chunk = SPANS_CHUNK): Omit<SteppedWork, 'steps'> {
  let longest = 0
  for (let g = 0; g < groups.keys.length; g++) longest = Math.max(longest, groups.starts[g + 1]! - groups.starts[g]!)
  return { name, units: groups.order.length, chunk: chunk - 1 + longest }
}

/** Per grouping and time column: the spans under way, and once gathered. */
const gathered = new WeakMap<SeriesGroups, Map<string, { pending: Promise<SeriesSpans>; done: SeriesSpans | null }>>()
/** The spans of the series `columns` make in `ds`, gathered once per file, id and time column, one
 *  step a task after the grouping (shared with the Data view's small multiples). */
export async function seriesSpansOf(ds: Dataset, columns: string[], timeColumn: string): Promise<SeriesSpans> {
  const groups = await seriesGroupsOf(ds, columns)
  let byTime = gathered.get(groups)
  if (!byTime) gathered.set(groups, (byTime = new Map()))
  let entry = byTime.get(timeColumn)
  if (!entry) {
    const e: { pending: Promise<SeriesSpans>; done: SeriesSpans | null } = { pending: runInSteps(seriesSpansSteps(ds, groups, timeColumn), { work: rowsWork('series times', groups) }), done: null }
    e.pending.then((s) => (e.done = s), () => {})
    byTime.set(timeColumn, (entry = e))
  }
  return entry.pending
}

/** The config key of the rows a global run has of each series (runSpansSteps): its pipeline
 *  config without the split and window, which the cuts read, not the rows. */
export function runSpansKey(cfg: PipelineConfig): string {
  return JSON.stringify({ ...cfg, split: null, window: null })
}
/** Per file's spans: the run's rows of each series the lanes last read (runSpansSteps), and their key. */
const runRead = new WeakMap<SeriesSpans, { key: string; spans: SeriesSpans | { error: string } }>()
/** The lanes' run rows of `file` under config key `key`, kept for runSpansNow. */
export function keepRunSpans(file: SeriesSpans, key: string, spans: SeriesSpans | { error: string }): void {
  runRead.set(file, { key, spans })
}
/** The rows a global run with `cfg` has of each series of `ds` by `columns` (runSpansSteps), at
 *  once: the lanes' where they have read them for this config (keepRunSpans), else read now, in
 *  one go (a pass over every row of the file). */
export function runSpansNow(ds: Dataset, columns: string[], timeColumn: string, cfg: PipelineConfig): SeriesSpans | { error: string } {
  const groups = readySeriesGroups(ds, columns) ?? groupSeries(ds, columns)
  const file = gathered.get(groups)?.get(timeColumn)?.done ?? finish(seriesSpansSteps(ds, groups, timeColumn))
  const key = runSpansKey(cfg)
  const read = runRead.get(file)
  return read?.key === key ? read.spans : finish(runSpansSteps(file, ds, groups, columns, JSON.parse(key) as PipelineConfig))
}

/**
 * `spans` with each series' rows as a global run with `cfg` (one series' pipeline config) has them
 * (core/data rowsToSplit, as for a single-series run: repeated times merged by data.duplicates, put
 * on the run's calendar grid, rows a 'drop' rule or a known input's future leaves out), with the
 * count of those with no target value (a blank, a period the grid put back: never a window's target,
 * as the run counts windows); about `chunk` rows a step. The pooled axis stays the file's, as the
 * run's cut dates are; or the error with which the run would refuse a series' rows (repeated
 * times under data.duplicates 'error'), naming the series as prepareGlobal names it.
 */
export function* runSpansSteps(spans: SeriesSpans, ds: Dataset, groups: SeriesGroups, columns: readonly string[], cfg: PipelineConfig, chunk = SPANS_CHUNK): Generator<void, SeriesSpans | { error: string }, void> {
  const G = spans.keys.length
  const series: Float64Array[] = new Array(G)
  const missing: (Int32Array | null)[] = new Array(G)
  const empty: (string | null)[] = new Array(G)
  const checked = [cfg.target, ...cfg.features]
  // the columns the rows are read by (each series' rows are copied: not every column of a wide file)
  const used = new Set([cfg.time.column, cfg.target, ...cfg.features])
  const narrow: Dataset = { ...ds, columns: ds.columns.filter((c) => used.has(c.name)) }
  let done = 0
  for (let g = 0; g < G; g++) {
    const rows = rowsOf(groups, g)
    let r: SplitRows
    try {
      r = splitRowsOf(narrow, { ...cfg, time: { ...cfg.time, series: { columns: [...columns], values: spans.keys[g]! } } }, rows)
    } catch (e) {
      if (!(e instanceof PipelineError)) throw e
      return { error: `series ${seriesLabelOf([...columns], spans.keys[g]!)} (${rows.length} rows, first on line ${ds.lines[rows[0]!]}): ${bareMessage(e)}` }
    }
    series[g] = r.time ?? new Float64Array(0)
    missing[g] = r.missing
    empty[g] = emptyColumnIn(narrow, rows, checked)
    done += rows.length
    if (done >= chunk) {
      done = 0
      yield
    }
  }
  return { ...spans, series, missing, empty }
}

/** Times a step of mostlyIrregularSeriesSteps: judging a time's step (its calendar day, weekday and
 *  month) took 0.2 to 0.6 µs here (1,000 series of 1,000 days: 0.2 to 0.6 s in all, in 101 steps of
 *  1 ms median, 46 ms at most, the first), where one task of it took 464 ms in the e2e suite. */
export const IRREGULAR_CHUNK = GROUP_CHUNK / 10

/** Each series' steps judged by fw train --global's rule (core/data mostlyIrregularSeriesNote, in
 *  the app's words), `chunk` times a step. */
export function* mostlyIrregularSeriesSteps(spans: SeriesSpans, columns: readonly string[], chunk = IRREGULAR_CHUNK): Generator<void, string | null, void> {
  const steps: SeriesSteps[] = []
  let done = 0
  for (let g = 0; g < spans.series.length; g++) {
    const s = seriesStepsOf(seriesLabelOf(columns, spans.keys[g]!), spans.series[g]!, spans.local)
    if (s) steps.push(s)
    done += spans.series[g]!.length
    if (done >= chunk) {
      done = 0
      yield
    }
  }
  return mostlyIrregularSeriesNote(steps)?.app ?? null
}

const irregularOf = new WeakMap<SeriesSpans, Promise<string | null>>()
/** Setup's warning for a global run when most steps of some series are off their usual one, once
 *  per file, id and time column (the spans'); null when none. */
export function mostlyIrregularSeriesOf(spans: SeriesSpans, columns: readonly string[]): Promise<string | null> {
  let p = irregularOf.get(spans)
  if (!p) irregularOf.set(spans, (p = runInSteps(mostlyIrregularSeriesSteps(spans, columns))))
  return p
}

/** The times of every series of `spans` as its own clock reads them (its wall time, taken as UTC),
 *  distinct and sorted, where the spans keep each series' own clock (SeriesSpans.own); null
 *  otherwise. On it a date without an offset (splitInstant with no zone) falls where each series'
 *  own clock puts it, and a time of it written as a date (splitDateText with no zone) is read so
 *  by every series: the axis a split's boundary moves on where the run reads the dates on each
 *  series' own clock. */
export function ownClockAxis(spans: SeriesSpans): Float64Array | null {
  const own = spans.own
  if (!own) return null
  const wall = new Set<number>()
  spans.series.forEach((t, g) => t.forEach((x) => wall.add(fileClock(x, own[g]!))))
  return Float64Array.from(wall).sort() // (U)
}

/** What becomes of a series under the cuts. */
export const KEPT = 0
export const ENDS_BEFORE = 1 // ends before the test cut date (shared dates)
export const STARTS_AFTER = 2 // starts at or after the validation cut date (shared dates)
export const TOO_SHORT = 3 // no window in some split
export const NO_VALUE = 4 // a column of the run with no value in any of its rows (SeriesSpans.empty)

export interface CutOptions {
  /** By shares of the pooled axis, or by dates (Setup's split by dates: every series cut at them). */
  split: { train: number; val: number; gap: number } | { valStart: string; testStart: string; gap: number }
  window: Pick<WindowConfig, 'lookback' | 'horizon' | 'stride' | 'mode' | 'targets'>
  cuts: GlobalCuts
  /** The clock a date without an offset is read on: the time column's (pooledCuts), or each
   *  series' own where the spans keep them (SeriesSpans.own). */
  zone?: TimeZoneMark
  /** The series id columns: a refusal names a series by them (store = b). */
  columns?: readonly string[]
}

export interface SeriesCuts {
  /** How the series are cut ('auto' resolved), and the shared dates when they are shared. */
  mode: 'dates' | 'series'
  cuts: { valStart: number; testStart: number } | null
  /** (G) A split by dates read on each series' own clock at different instants (SeriesSpans.own):
   *  each series' cut instants (then `cuts` is null); null otherwise. */
  ownCuts: { valStart: number; testStart: number }[] | null
  /** Per series, the first row of validation and of test in its sorted times (its own split, or
   *  the shared dates), and the training rows' end: rows [0, trainEnd) train, [valStart, testRow) validation, [testStart, n) test. */
  trainEnd: Int32Array // (G)
  valStart: Int32Array // (G)
  valEnd: Int32Array // (G)
  testStart: Int32Array // (G)
  status: Uint8Array // (G) KEPT, ENDS_BEFORE, STARTS_AFTER, TOO_SHORT or NO_VALUE
  /** `empty`: the series with no value of a column, per column (NO_VALUE), as prepareGlobal counts them. */
  counts: { kept: number; endsBefore: number; startsAfter: number; short: number; empty: Map<string, number> }
  /** 'auto' only: how many series the shared dates would skip that their own split keeps (then each is cut on its own rows). */
  rescued: number
}

type Splits = Record<SplitName, RowRange>

/** A window in each split (core's windowIndex; `w` with a stride past any series asks for one window
 *  at most), with every target known where `missing` counts the rows that hold none (core's
 *  hasKnownWindow, at the window's own stride, as the run's windowIndex steps). */
function hasWindows(n: number, s: Splits, w: CutOptions['window'], missing: Int32Array | null): boolean {
  const any = (k: SplitName) => (missing ? hasKnownWindow(n, s[k], splitWindow(w, k), missing) : windowIndex(n, s[k], { ...splitWindow(w, k), stride: 2 ** 31 }).starts.length > 0)
  return any('train') && any('val') && any('test')
}

/** Series a step of cutSeriesSteps: 1,000 series of 1,000 days took 1.3 ms to cut here, and up to
 *  83 ms in one task on a loaded machine, once a move of a boundary while it was dragged. */
export const CUT_CHUNK = 200

/**
 * How a global run with these options would cut every series of `spans` (core/data/global.ts
 * prepareGlobal), or the error with which it would refuse (a pooled axis too short to cut).
 */
export function cutSeries(spans: SeriesSpans, o: CutOptions): SeriesCuts | { error: string } {
  const steps = cutSeriesSteps(spans, o, Infinity)
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

/** cutSeries in steps of about `chunk` series (each pass over the series counts them again). */
export function* cutSeriesSteps(spans: SeriesSpans, o: CutOptions, chunk = CUT_CHUNK): Generator<void, SeriesCuts | { error: string }, void> {
  const w = o.window
  const whole = (x: number) => Number.isInteger(x) && x >= 1
  const byDates = 'valStart' in o.split ? o.split : null
  const zone = o.zone ?? null
  const shares = 'train' in o.split ? o.split : null
  const set = byDates ? !Number.isNaN(splitInstant(byDates.valStart, zone)) && !Number.isNaN(splitInstant(byDates.testStart, zone)) : !!shares && shares.train > 0 && shares.val > 0 && shares.train + shares.val < 1
  if (!set || !(o.split.gap >= 0) || !whole(w.lookback) || !whole(w.horizon) || !whole(w.stride))
    return { error: 'the split or the window is not set yet' } // the fields beside say what is wrong
  // each series on its own rows is cut by shares of its rows (core/data prepareGlobal refuses dates)
  if (byDates && o.cuts === 'series') return { error: 'each series on its own rows is cut by shares of its rows, not at dates' }
  const G = spans.keys.length
  // (a split by dates: the shares an own-rows split would take are never read, the cuts being the dates)
  const frac: PipelineConfig['split'] = { by: 'fraction', train: shares?.train ?? 0.7, val: shares?.val ?? 0.15, gap: o.split.gap }
  const own = { split: frac, window: { ...o.window } } as PipelineConfig // what shortSeriesSplit reads
  const timesOf = (g: number) => spans.series[g]!
  const missingOf = (g: number) => spans.missing?.[g] ?? null
  const emptyOf = (g: number) => spans.empty?.[g] ?? null
  /** Series g on its own rows, shrunk when short as a single-series run does; null when it has no
   *  window even so, or a column with no value (skipped whatever its split). */
  const ownSplit = (g: number): Splits | null => {
    if (emptyOf(g) !== null) return null
    const n = timesOf(g).length
    const s = computeSplits(n, own, null)
    if (hasWindows(n, s, w, missingOf(g))) return s
    const alt = shortSeriesSplit(own, n)
    const s2 = alt && computeSplits(n, alt.config, null)
    return s2 && hasWindows(n, s2, w, missingOf(g)) ? s2 : null
  }
  let mode: 'dates' | 'series' = o.cuts === 'series' ? 'series' : 'dates'
  let cuts: SeriesCuts['cuts'] = null
  let ownCuts: SeriesCuts['ownCuts'] = null
  const splits: (Splits | null)[] = new Array(G)
  let rescued = 0
  const iso = (t: number) => new Date(t).toISOString()
  const datesAt = (c: { valStart: number; testStart: number }): Pick<PipelineConfig, 'split'> => ({ split: { by: 'date', valStart: iso(c.valStart), testStart: iso(c.testStart), gap: o.split.gap } })
  let dates: Pick<PipelineConfig, 'split'> = own
  /** Series g's split at the dates: the shared ones, or its own clock's (ownCuts). */
  const datesOf = (g: number): Pick<PipelineConfig, 'split'> => (ownCuts ? datesAt(ownCuts[g]!) : dates)
  let done = 0
  /** Whether a step has cut its `chunk` series (then the caller yields). */
  const full = (): boolean => ++done % chunk === 0
  if (mode === 'dates') {
    try {
      const split = byDates ? ({ by: 'date', valStart: byDates.valStart, testStart: byDates.testStart, gap: byDates.gap } as const) : null
      // series in different zones: a date without an offset on each one's own clock (core seriesCuts)
      ownCuts = split && spans.own ? cutsOnClocks(spans.own, (g) => (o.columns ? seriesLabelOf([...o.columns], spans.keys[g]!) : spans.keys[g]!.join(', ')), split) : null
      // the axis is already distinct and sorted: the same cuts as from every row
      if (!ownCuts) cuts = pooledCuts(spans.axis, split ?? frac, zone)
    } catch (e) {
      if (e instanceof PipelineError) return { error: e.message }
      throw e
    }
    if (cuts) dates = datesAt(cuts)
    for (let g = 0; g < G; g++) {
      const t = timesOf(g)
      const s = computeSplits(t.length, datesOf(g), t)
      splits[g] = emptyOf(g) === null && hasWindows(t.length, s, w, missingOf(g)) ? s : null
      if (full()) yield
    }
    if (o.cuts === 'auto' && !byDates) {
      // the series the shared dates skip but their own split keeps: then every series on its own rows
      for (let g = 0; g < G; g++) {
        if (splits[g]) continue
        if (ownSplit(g)) rescued++
        if (full()) yield
      }
      if (rescued) (mode = 'series'), (cuts = null)
    }
  }
  if (mode === 'series')
    for (let g = 0; g < G; g++) {
      splits[g] = ownSplit(g)
      if (full()) yield
    }

  const trainEnd = new Int32Array(G)
  const valStart = new Int32Array(G)
  const valEnd = new Int32Array(G)
  const testStart = new Int32Array(G)
  const status = new Uint8Array(G)
  const counts = { kept: 0, endsBefore: 0, startsAfter: 0, short: 0, empty: new Map<string, number>() }
  for (let g = 0; g < G; g++) {
    const t = timesOf(g)
    // a skipped series is drawn cut all the same, to show where the cuts fall on it
    const s = splits[g] ?? (cuts || ownCuts ? computeSplits(t.length, datesOf(g), t) : computeSplits(t.length, own, null))
    trainEnd[g] = s.train.end
    valStart[g] = s.val.start
    valEnd[g] = s.val.end
    testStart[g] = s.test.start
    if (full()) yield
    if (splits[g]) {
      counts.kept++
      continue
    }
    // the reasons as prepareGlobal gives them: a column with no value first, then outside the
    // shared dates, else too short
    const last = t.length ? t[t.length - 1]! : -Infinity
    const first = t.length ? t[0]! : Infinity
    const empty = emptyOf(g)
    const at = ownCuts?.[g] ?? cuts
    if (empty !== null) (status[g] = NO_VALUE), counts.empty.set(empty, (counts.empty.get(empty) ?? 0) + 1)
    else if (at && last < at.testStart) (status[g] = ENDS_BEFORE), counts.endsBefore++
    else if (at && first >= at.valStart) (status[g] = STARTS_AFTER), counts.startsAfter++
    else (status[g] = TOO_SHORT), counts.short++
  }
  return { mode, cuts, ownCuts, trainEnd, valStart, valEnd, testStart, status, counts, rescued }
}
