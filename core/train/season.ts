// The seasonal period of a run and the look-back that goes with it. The period comes from the time
// column's spacing where it has a conventional one (months -> 12, quarters -> 4, days -> 7,
// weekdays -> 5, hours -> 24, ...), else from the autocorrelation of the training rows (detectPeriod); 1 = no season.
import { detectPeriod, type Dataset } from '../data'
import { inferStep } from './time-step'

const HOUR = 36e5
const DAY = 24 * HOUR
/** Periods per spacing in ms: a cycle a day (sub-daily data), a week (daily), a year (weekly). */
const MS_PERIODS: [number, number][] = [[15 * 6e4, 96], [30 * 6e4, 48], [HOUR, 24], [DAY, 7], [7 * DAY, 52]]

/** The conventional period of a time column's spacing, or null when it has none (irregular,
 *  yearly, seconds). */
export function seasonFromTime(time: Float64Array | null): number | null {
  if (!time || time.length < 3) return null
  const s = inferStep(time)
  if (!s) return null
  if (s.kind === 'months') return 12 % s.months === 0 && s.months < 12 ? 12 / s.months : null
  if (s.kind === 'weekdays') return 5 // a week of business days
  const hit = MS_PERIODS.find(([ms]) => Math.abs(s.ms - ms) < 1e-6 * ms)
  return hit ? hit[1] : null
}

/** data.season resolved: a number as given, else the time column's period, else the training
 *  rows' autocorrelation peak, else 1. A period needs two full cycles of training rows to be used. */
export function resolveSeason(season: 'auto' | number, time: Float64Array | null, trainY: Float64Array): number {
  if (season !== 'auto') return season
  const m = seasonFromTime(time) ?? (time ? null : detectPeriod(trainY))
  return m !== null && m > 1 && trainY.length >= 2 * m ? m : 1
}

/** Default look-back for N rows with period m and horizon h: two seasons (at least 12 rows), capped
 *  so that the training rows (70 %) still hold twice as many rows as one window spans. */
export function suggestLookBack(N: number, m: number, h: number): number {
  const want = Math.max(2 * m, 12)
  const cap = Math.floor((0.7 * N) / 2) - h
  return Math.max(2, Math.min(want, cap, 4096))
}

/** The look-back a run on `ds` gets when none is given: suggestLookBack with the season that
 *  data.season resolves to on the first 70 % of the rows (the default training share). */
export function defaultLookBack(ds: Dataset, target: string, season: 'auto' | number, horizon: number): number {
  const col = ds.columns.find((c) => c.name === target)
  const tcol = ds.timeColumn ? ds.columns.find((c) => c.name === ds.timeColumn) : undefined
  const time = tcol && 'values' in tcol ? (tcol.values as Float64Array) : null
  const n = Math.floor(0.7 * ds.rowCount)
  const y = col && col.kind === 'numeric' ? col.values.subarray(0, n) : new Float64Array(0)
  return suggestLookBack(ds.rowCount, resolveSeason(season, time ? time.subarray(0, n) : null, y), horizon)
}
