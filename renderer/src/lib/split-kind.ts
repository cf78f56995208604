// Setup's split by share of rows or by dates, turned from one form into the other on the rows the
// run cuts (core/data computeSplits; a global run's pooled time axis, pooledCuts): shares into the
// dates where their cuts fall, written on the file's clock; dates into the shares that cut the same
// rows. Either way the run cuts the same rows before and after the switch.
import { computeSplits, firstAtOrAfter } from '../../../core/data/windows'
import { cutsOutOfOrder, fileClock, splitInstant, splitOutOfOrder, type TimeZoneMark } from '../../../core/data/time-cell'
import type { DataConfig } from '../../../core/train/types'
import { bareMessage, seriesCuts, type SeriesRows } from '../../../core/data/global'
import { PipelineError } from '../../../core/data/errors'
import type { DateColumn } from '../../../core/data/types'
import { seriesLabelOf } from '../../../core/data/natural'
import { cutSeries, KEPT, type CutOptions, type SeriesCuts, type SeriesSpans } from './series-spans'

/** A global run's time column and series where the file keeps each row's UTC offset: a date
 *  without an offset is read on each series' own clock (core/data/global seriesCuts). */
export interface OwnClocks { tcol: DateColumn; list: readonly SeriesRows[] }

/** A global run's series as Setup's lanes cut them (lib/series-spans cutSeries): the rows the run
 *  has of each (runSpansSteps; or why they are not known), and the cut options beside the split. */
export interface RunSeries { spans: SeriesSpans | { error: string }; cut: Omit<CutOptions, 'split'> }

export type FractionSplit = Extract<DataConfig['split'], { kind: 'fraction' }>
export type DateSplit = Extract<DataConfig['split'], { kind: 'date' }>

/** The distinct times of `times`, sorted (rows without one left out): a global run's pooled axis,
 *  which pooledCuts cuts a split by shares on. */
export function pooledAxis(times: Float64Array): Float64Array {
  return Float64Array.from(new Set(Array.from(times).filter((t) => t === t))).sort() // (U)
}

/** Instant `t` as a split date on the file's clock: its day where it is midnight there, else its
 *  wall time to the minute (the second, the millisecond where it has them); the instant with Z where
 *  that reads back as another instant (a wall time the clock shows twice as it turns back). */
export function splitDateText(t: number, zone: TimeZoneMark): string {
  const wall = new Date(fileClock(t, zone)).toISOString() // 2024-03-01T13:00:00.000Z
  const to = wall.endsWith('T00:00:00.000Z') ? 10 : wall.endsWith(':00.000Z') ? 16 : wall.endsWith('.000Z') ? 19 : 23
  const text = to === 10 ? wall.slice(0, 10) : `${wall.slice(0, 10)} ${wall.slice(11, to)}`
  return splitInstant(text, zone) === t ? text : new Date(t).toISOString()
}

/** The shortest decimal in (lo, hi) or at lo: a share of the rows as a person would write it. */
function shortestIn(lo: number, hi: number): number {
  for (let d = 1; d <= 6; d++) {
    const p = 10 ** d
    const x = Math.ceil(lo * p - 1e-9) / p
    if (x > 0 && x >= lo && x < hi) return x
  }
  return (lo + hi) / 2
}

/** The dates at which the shares `s` cut `rows` (the times of the rows the run splits, sorted):
 *  the first validation row's and the first test row's, on the file's clock; or why they cannot.
 *  `run`: a global run's series, where the shares may have it split each series on its own rows
 *  (autoCutsMoved): then no dates are given that would cut a series elsewhere. */
export function fractionsToDates(s: FractionSplit, rows: Float64Array, zone: TimeZoneMark, run: RunSeries | null = null): DateSplit | { error: string } {
  const N = rows.length
  const c = computeSplits(N, { split: { by: 'fraction', train: s.train, val: s.val, gap: 0 } }, null)
  const a = c.train.end
  const b = c.val.end
  if (a < 1 || b <= a || b >= N) return { error: `${N} ${N === 1 ? 'row' : 'rows'} cut at ${s.train} and ${s.val} leave a part with none, so there is no date to cut at` }
  const d: DateSplit = { kind: 'date', valStart: splitDateText(rows[a]!, zone), testStart: splitDateText(rows[b]!, zone), gap: s.gap }
  const moved = run && autoCutsMoved(run, d, s, 'shares')
  return moved ? { error: moved } : d
}

/** The shares that cut `rows` (sorted times) where the dates `s` do (the first row at or after
 *  each, on the file's clock `zone`); or why they cannot, naming the field. `own`: a global run's
 *  series on their own clocks, whose order of the dates is checked as the run checks it (seriesCuts,
 *  naming the series), not on the file's clock; where the dates name other instants on some
 *  series' clocks, the shares (one instant of the pooled times for every series) are given only if
 *  they cut every series at the rows the dates do, else why not, naming the series (ownClockMoved).
 *  `run`: a global run's series, where the shares may have it split each series on its own rows
 *  instead of at the dates (autoCutsMoved): then no shares are given that would cut a series elsewhere. */
export function datesToFractions(s: DateSplit, rows: Float64Array, zone: TimeZoneMark, own: OwnClocks | null = null, run: RunSeries | null = null): FractionSplit | { error: string } {
  const N = rows.length
  const v = splitInstant(s.valStart, zone)
  const t = splitInstant(s.testStart, zone)
  if (Number.isNaN(v)) return { error: `Validation from is not a date (got ${JSON.stringify(s.valStart)})` }
  if (Number.isNaN(t)) return { error: `Test from is not a date (got ${JSON.stringify(s.testStart)})` }
  if (cutsOutOfOrder(s.valStart, s.testStart)) return { error: 'Test from must come after Validation from' }
  let each: { valStart: number; testStart: number }[] | null = null
  if (own) {
    try {
      each = seriesCuts(own.tcol, own.list, { by: 'date', valStart: s.valStart, testStart: s.testStart, gap: s.gap })
    } catch (e) {
      if (e instanceof PipelineError) return { error: `Test from: ${bareMessage(e)}` }
      throw e
    }
  } else {
    const order = splitOutOfOrder(s.valStart, s.testStart, zone, 'Validation from')
    if (order) return { error: `Test from ${order}` }
  }
  if (!N) return { error: 'there are no rows to cut' }
  const a = firstAtOrAfter(rows, v)
  const b = firstAtOrAfter(rows, t)
  const first = splitDateText(rows[0]!, zone)
  const last = splitDateText(rows[N - 1]!, zone)
  if (a < 1) return { error: `Validation from (${s.valStart}) is at or before the first row (${first}): no training rows` }
  if (b >= N) return { error: `Test from (${s.testStart}) is after the last row (${last}): no test rows` }
  if (b <= a) return { error: `no row lies from Validation from (${s.valStart}) to before Test from (${s.testStart}): no validation rows` }
  if (each) {
    const moved = ownClockMoved(own!, each, rows[a]!, rows[b]!)
    if (moved) return { error: moved }
  }
  const train = shortestIn(a / N, (a + 1) / N)
  const end = shortestIn(b / N, (b + 1) / N)
  const round = (x: number) => Math.round(x * 1e6) / 1e6
  const out: FractionSplit = { kind: 'fraction', train, val: round(end - train), gap: s.gap }
  const cuts = (f: FractionSplit) => computeSplits(N, { split: { by: 'fraction', train: f.train, val: f.val, gap: 0 } }, null)
  const got = cuts(out)
  // (else the short decimals land a row off in floating point: the middle of each row's share)
  const f: FractionSplit = got.train.end === a && got.val.end === b && out.train + out.val < 1 ? out : { kind: 'fraction', train: (a + 0.5) / N, val: (b - a) / N, gap: s.gap }
  const moved = run && autoCutsMoved(run, s, f, 'dates')
  return moved ? { error: moved } : f
}

/** Why the dates `d` and the shares `f` would not cut every series of a global run at the same
 *  rows: under cuts 'auto' the shares have the run split each series on its own rows where the same
 *  dates for all would skip a series that its own split keeps (series spanning different periods,
 *  core/data/global prepareGlobal), which the dates never do. Names the first series they would
 *  move, with its rows by the split the draft has (`now`) and by the other; null where every series
 *  is cut at the same rows (or the cuts are not 'auto'). */
export function autoCutsMoved(run: RunSeries, d: DateSplit, f: FractionSplit, now: 'dates' | 'shares'): string | null {
  if (run.cut.cuts !== 'auto') return null
  const unknown = (why: string) => `whether the shares would have the run split each series on its own rows is not known: ${why}`
  if ('error' in run.spans) return unknown(run.spans.error)
  const spans = run.spans
  const shared = cutSeries(spans, { ...run.cut, split: { train: f.train, val: f.val, gap: f.gap } })
  if ('error' in shared) return unknown(shared.error)
  if (shared.mode !== 'series') return null
  const dated = cutSeries(spans, { ...run.cut, split: { valStart: d.valStart, testStart: d.testStart, gap: d.gap } })
  if ('error' in dated) return unknown(dated.error)
  const at = (c: SeriesCuts, g: number) => [c.trainEnd[g], c.valStart[g], c.valEnd[g], c.testStart[g], c.status[g] === KEPT].join()
  const g = spans.keys.findIndex((_, g) => at(shared, g) !== at(dated, g))
  if (g < 0) return null
  const label = seriesLabelOf([...(run.cut.columns ?? [])], spans.keys[g]!)
  const skip = (c: SeriesCuts) => (c.status[g] === KEPT ? '' : ' (skipped)')
  const val = (c: SeriesCuts) => c.valEnd[g]! - c.valStart[g]!
  const rows = (c: SeriesCuts) => `${c.trainEnd[g]} training and ${val(c)} validation ${val(c) === 1 ? 'row' : 'rows'}${skip(c)}`
  const brief = (c: SeriesCuts) => `${c.trainEnd[g]} and ${val(c)}${skip(c)}`
  const n = shared.rescued
  const why = `each series on its own rows (cuts auto: the same dates for all would skip ${n} ${n === 1 ? 'series that its' : 'series that their'} own split keeps)`
  return now === 'dates'
    ? `shares would have the run split ${why}, and series ${label} would be cut at other rows: ${rows(dated)} by the dates, ${brief(shared)} by shares`
    : `the shares have the run split ${why}, which no dates do: at the dates where they fall (validation from ${d.valStart}, test from ${d.testStart}) series ${label} would be cut at other rows, ${rows(shared)} by the shares, ${brief(dated)} by the dates; with Cuts “the same dates for every series” the shares cut every series at those dates`
}

/** Where the dates, read on each series' own clock at the instants `each` (seriesCuts), cut some
 *  series at other rows than the shares would, which cut every series at one instant of the pooled
 *  times (`valAt`, `testAt`: the first pooled time at or after each date on the file's clock): why
 *  no shares keep the cuts, naming the first such series and its rows both ways; null where every
 *  series is cut at the same rows. */
function ownClockMoved(own: OwnClocks, each: readonly { valStart: number; testStart: number }[], valAt: number, testAt: number): string | null {
  for (const [i, s] of own.list.entries()) {
    const t = pooledAxis(Float64Array.from(s.rows, (r) => own.tcol.values[r]!)) // (n) its times, sorted
    const cut = (at: number) => firstAtOrAfter(t, at)
    const [v, w] = [cut(each[i]!.valStart), cut(each[i]!.testStart)]
    const [fv, fw] = [cut(valAt), cut(testAt)]
    if (v === fv && w === fw) continue
    return `the dates are read on each series' own clock, as the series carry different UTC offsets; shares cut every series at one instant of the pooled times, and series ${s.label} would be cut at other rows: ${v} training and ${w - v} validation ${w - v === 1 ? 'row' : 'rows'} by the dates, ${fv} and ${fw - fv} by shares`
  }
  return null
}
