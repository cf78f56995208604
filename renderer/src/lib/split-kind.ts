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

/** A global run's time column and series where the file keeps each row's UTC offset: a date
 *  without an offset is read on each series' own clock (core/data/global seriesCuts). */
export interface OwnClocks { tcol: DateColumn; list: readonly SeriesRows[] }

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
 *  the first validation row's and the first test row's, on the file's clock; or why they cannot. */
export function fractionsToDates(s: FractionSplit, rows: Float64Array, zone: TimeZoneMark): DateSplit | { error: string } {
  const N = rows.length
  const c = computeSplits(N, { split: { by: 'fraction', train: s.train, val: s.val, gap: 0 } }, null)
  const a = c.train.end
  const b = c.val.end
  if (a < 1 || b <= a || b >= N) return { error: `${N} ${N === 1 ? 'row' : 'rows'} cut at ${s.train} and ${s.val} leave a part with none, so there is no date to cut at` }
  return { kind: 'date', valStart: splitDateText(rows[a]!, zone), testStart: splitDateText(rows[b]!, zone), gap: s.gap }
}

/** The shares that cut `rows` (sorted times) where the dates `s` do (the first row at or after
 *  each, on the file's clock `zone`); or why they cannot, naming the field. `own`: a global run's
 *  series on their own clocks, whose order of the dates is checked as the run checks it (seriesCuts,
 *  naming the series), not on the file's clock; where the dates name other instants on some
 *  series' clocks, the shares (one instant of the pooled times for every series) are given only if
 *  they cut every series at the rows the dates do, else why not, naming the series (ownClockMoved). */
export function datesToFractions(s: DateSplit, rows: Float64Array, zone: TimeZoneMark, own: OwnClocks | null = null): FractionSplit | { error: string } {
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
  if (got.train.end === a && got.val.end === b && out.train + out.val < 1) return out
  // the short decimals land a row off in floating point: the middle of each row's share
  const mid: FractionSplit = { kind: 'fraction', train: (a + 0.5) / N, val: (b - a) / N, gap: s.gap }
  return mid
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
