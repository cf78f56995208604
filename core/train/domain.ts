// What the target's values can be, and where the test period lies against its history (issue 18).
// - Domain: when every training value of the target is >= 0 (prices, counts, concentrations), a
//   forecast or an interval bound below 0 is impossible, so it is clipped to 0. The rule is decided
//   once, at training time, and travels with the model file (pipeline.domain) and the run
//   (runs.range_json), so the app, fw forecast, fw predict and every export clip alike. Model files
//   from before it carry no domain and forecast as they always did.
// - Range: test values outside everything seen before the test period, where every forecaster
//   extrapolates (a network of absolute levels, data.level 'global', cannot reach them at all; the
//   default level-relative one and the statistical models carry a trend past them); computed at
//   training time and stored with the run, so the warning shows without the run's dataset.
import type { RowRange } from '../data'
import type { Domain, TargetRange } from '../data/range'
import { magnitudeOf } from '../data/metrics'
import { noticeTime, type TimeZoneMark } from '../data/time-cell'
import { fix, words, type Words } from '../data/words'
import { offsetBounds } from './choice'

export type { Domain, TargetRange } from '../data/range'

/** 'non-negative' when every observed training value (NaN = missing) is >= 0, else null. */
export function domainOf(train: ArrayLike<number>): Domain | null {
  let seen = false
  for (let i = 0; i < train.length; i++) {
    const v = train[i]!
    if (v !== v) continue
    if (v < 0) return null
    seen = true
  }
  return seen ? 'non-negative' : null
}

/** A forecast value inside the domain. */
export function clipValue(d: Domain | null, v: number): number {
  return d === 'non-negative' && v < 0 ? 0 : v
}

/** Every value of a forecast array inside the domain (the same array when there is none). */
export function clipValues(d: Domain | null, values: Float64Array): Float64Array {
  return d === null ? values : values.map((v) => clipValue(d, v))
}

/** The interval v ± q (ratios for a log target), clipped to the domain. */
export function boundsIn(d: Domain | null, v: number, q: number, log: boolean): [number, number] {
  return offsetBoundsIn(d, v, -q, q, log)
}

/** The interval [v + lower, v + upper] (choice.offsetBounds, ratios for a log target), clipped to the domain. */
export function offsetBoundsIn(d: Domain | null, v: number, lower: number, upper: number, log: boolean): [number, number] {
  const [lo, hi] = offsetBounds(v, lower, upper, log)
  return [clipValue(d, lo), clipValue(d, hi)]
}

/** The range facts of a run: the domain from the training rows, the history before the test rows
 *  and the test values outside it. `y` (N) is the target in original units, NaN where missing. */
export function targetRangeOf(y: ArrayLike<number>, train: RowRange, test: RowRange): TargetRange | null {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < test.start; i++) {
    const v = y[i]!
    if (v === v) (min = Math.min(min, v)), (max = Math.max(max, v))
  }
  if (!(min <= max)) return null
  let n = 0
  let above = 0
  let below = 0
  for (let i = test.start; i < test.end; i++) {
    const v = y[i]!
    if (v !== v) continue
    n++
    if (v > max) above++
    else if (v < min) below++
  }
  return { domain: domainOf(Array.prototype.slice.call(y, train.start, train.end) as number[]), min, max, scale: magnitudeOf(Array.prototype.slice.call(y, 0, test.start) as number[]), n, above, below }
}

/** A stored range (JSON) back, or null when absent or malformed: a damaged or foreign row shows
 *  no warning instead of breaking a view. */
export function parseTargetRange(json: string | null | undefined): TargetRange | null {
  if (!json) return null
  let r: unknown
  try {
    r = JSON.parse(json)
  } catch {
    return null
  }
  if (typeof r !== 'object' || r === null) return null
  const o = r as Record<string, unknown>
  const num = (k: string) => typeof o[k] === 'number' && Number.isFinite(o[k])
  const count = (k: string) => Number.isInteger(o[k]) && (o[k] as number) >= 0
  if (!num('min') || !num('max') || !count('n') || !count('above') || !count('below')) return null
  if (o['domain'] !== null && o['domain'] !== 'non-negative') return null
  const far = Array.isArray(o['outOfScale']) ? (o['outOfScale'] as unknown[]).flatMap((x) => {
    const f = x as Record<string, unknown> | null
    const m = f?.['merged'] as { lines?: unknown; by?: unknown } | undefined
    const merged = m && Array.isArray(m.lines) && m.lines.every((l) => Number.isInteger(l)) && typeof m.by === 'string' ? { merged: { lines: m.lines as number[], by: m.by } } : {}
    return f && Number.isInteger(f['line']) && typeof f['value'] === 'number' ? [{ line: f['line'] as number, value: f['value'], ...merged }] : []
  }) : []
  const u = o['unchanged'] as Record<string, unknown> | null | undefined
  const unchanged = u && typeof u === 'object' && typeof u['share'] === 'number' && typeof u['smallest'] === 'number' ? { unchanged: { share: u['share'], smallest: u['smallest'] } } : {}
  const scale = typeof o['scale'] === 'number' && Number.isFinite(o['scale']) && o['scale'] >= 0 ? { scale: o['scale'] } : {}
  return { domain: o['domain'] as Domain | null, min: o['min'] as number, max: o['max'] as number, ...scale, n: o['n'] as number, above: o['above'] as number, below: o['below'] as number, ...(far.length ? { outOfScale: far } : {}), ...unchanged }
}

/** What a model file keeps of the history its run was fitted and chosen on (pipeline.history): the
 *  observed target's range before the test period, TargetRange's min and max. */
export interface HistoryRange { min: number; max: number }

/** The warning past the end when the data's last observed target values lie outside everything the
 *  run saw before its test period (the test period's rule, rangeWarning): how many of the last rows,
 *  where, and what to do, in each front end's words, with outsideHistory's units hint where those
 *  values are some power of 10 off (unitsHint); null when the last value lies inside, or the
 *  model file keeps no history (files from before it). The network and the choice were fitted on
 *  rows that never reached them; the statistical members are refitted on every row, but a model
 *  form chosen on the training rows (ARIMA keeps its orders) may read them as noise around the old
 *  level. `y` (N) in original units, NaN where missing; `time` epoch ms, `lines` 1-based; `zone` the
 *  zone the data's times carried (Applied.zone), in which the times are named as the file wrote them
 *  ('step': an integer step index's integers, as they are). */
export function beyondHistory(h: HistoryRange | null, target: string, y: ArrayLike<number> | null, time: ArrayLike<number> | null, lines: ArrayLike<number>, format: (v: number) => string = String, zone: TimeZoneMark = null): Words | null {
  if (!h || !y) return null
  let above = 0
  let below = 0
  let first = -1
  let last = -1
  for (let i = y.length - 1; i >= 0; i--) {
    const v = y[i]!
    if (v !== v) continue // a missing value neither ends nor extends the stretch
    if (v > h.max) above++
    else if (v < h.min) below++
    else break
    first = i
    if (last < 0) last = i
  }
  const n = above + below
  if (!n) return null
  const where = below === 0 ? 'above' : above === 0 ? 'below' : 'outside'
  const at = (i: number) => (time && Number.isFinite(time[i]) ? noticeTime(time[i]!, zone) : lines[i] ? `line ${lines[i]}` : `row ${i + 1}`)
  const span = n === 1 ? at(last) : `${at(first)} to ${at(last)}`
  const what = n === 1 ? `the last value of ${target} (${span}) lies` : `the last ${n} values of ${target} (${span}) lie`
  return words`${what} ${where} everything the run saw before its test period (${format(h.min)} to ${format(h.max)}): the network and the choice of forecaster were fitted on rows that never reached ${n === 1 ? 'it' : 'them'}, so the forecast past the end extrapolates, and a statistical model whose form was chosen on the training rows may read ${n === 1 ? 'it' : 'them'} as noise around the old level. Judge it with care; to fit the new level, ${fix('train again with a later split (data.split in the --config file) so that these rows fall among the training rows', "train again with the split's boundaries moved later in Setup so that these rows fall among the training rows")}${unitsHint(h, Array.prototype.slice.call(y, first, last + 1) as number[], n === 1)}`
}

/** At least this share of a file's target values outside the history range is said when a saved
 *  model forecasts its windows (fw predict, the app's Apply model); fewer are a few extreme days. */
export const OUTSIDE_SHARE = 0.1

/** How many times larger (> 1) or smaller the typical value of `y` is than the history's, when that
 *  lies within a factor 10^0.2 (1.6) of a power of 10 from 10 up: a value in other units (g for kg,
 *  thousands, per cent for a fraction). null otherwise, for a history that crosses 0, or no values. */
export function unitsFactor(h: HistoryRange, y: ArrayLike<number>): number | null {
  if (!(h.min > 0 || h.max < 0)) return null
  const abs = Array.from(y, Math.abs).filter((v) => v === v).sort((a, b) => a - b)
  if (!abs.length) return null
  const typical = abs[abs.length >> 1]!
  const trained = (Math.abs(h.min) + Math.abs(h.max)) / 2
  if (!(typical > 0)) return null
  const decades = Math.log10(typical / trained)
  const k = Math.round(decades)
  return k !== 0 && Math.abs(decades - k) <= 0.2 ? 10 ** k : null
}

/** ". They are about 1,000 times smaller than the training values: are the units the same?" (It
 *  is, for `one` value), the end of the range warnings where unitsFactor finds the values `y` some
 *  power of 10 off the history; '' otherwise. */
function unitsHint(h: HistoryRange, y: ArrayLike<number>, one = false): string {
  const f = unitsFactor(h, y)
  if (f === null) return ''
  const times = f > 1 ? f : 1 / f
  return `. ${one ? 'It is' : 'They are'} about ${times.toLocaleString('en-US')} times ${f > 1 ? 'larger' : 'smaller'} than the training values: are the units the same?`
}

/** The warning when a saved model forecasts the windows of a file (fw predict, the app's Apply
 *  model) whose target values lie, OUTSIDE_SHARE of them or more, outside everything the run saw
 *  before its test period (pipeline.history): how many, which way, and, where they are some power of
 *  10 off (unitsFactor), that the units may differ. The network and the choice of forecaster were
 *  fitted on values in that range, so the forecasts of those windows extrapolate. null when fewer
 *  lie outside, or the model file keeps no history (files from before it, classification). `y` (N)
 *  in original units, NaN where missing. One rule for both front ends (the words name no command). */
export function outsideHistory(h: HistoryRange | null, target: string, y: ArrayLike<number> | null, file: string, format: (v: number) => string = String): string | null {
  if (!h || !y) return null
  let above = 0
  let below = 0
  let present = 0
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!
    if (v !== v) continue
    present++
    if (v > h.max) above++
    else if (v < h.min) below++
  }
  const n = above + below
  if (!present || n < OUTSIDE_SHARE * present) return null
  const where = below === 0 ? 'above' : above === 0 ? 'below' : 'outside'
  const which = n === present ? `all ${present} values` : `${n} of the ${present} values`
  return `${which} of ${target} in ${file} lie ${where} everything the run saw before its test period (${format(h.min)} to ${format(h.max)}): the network and the choice of forecaster were fitted on values in that range, so the forecasts that read these extrapolate; judge them with care${unitsHint(h, y)}`
}
