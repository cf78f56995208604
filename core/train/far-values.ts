// Values far from the rest of a series, found as a run's statistical models find them (statOutliers,
// model.outliers 'clean'), for the Data view to mark before any run. A run searches its training
// rows only; this reads every row of the column given, in time order, with the season data.season
// 'auto' resolves on them, so it shows what a run whose training rows hold those values replaces.
import { statOutliers, type ReplacedValue } from '../data'
import { resolveSeasonOf } from './season'

/** Longer series are not searched (about a second at 20 000 seasonal rows, in a worker). */
export const FAR_MAX_ROWS = 20_000
/** Shorter series are not searched: too few rows to tell a spike from the series' own moves. */
export const FAR_MIN_ROWS = 8

export interface FarValues {
  /** Rows into the values given, each with the value na.interp() puts in its place. */
  rows: ReplacedValue[]
  /** The season the search used (1: none), and whether it read the logs as well as the values. */
  season: number
  log: boolean
}

/** The values of `y` (rows in time order, `time` strictly increasing beside them, or null for rows
 *  one step apart) that lie far from the rest; null when there are too few or too many rows, or the
 *  times are not strictly increasing (the rows are then not one series in order). */
export function farValues(y: Float64Array, time: Float64Array | null): FarValues | null {
  const n = y.length
  if (n < FAR_MIN_ROWS || n > FAR_MAX_ROWS || (time !== null && time.length !== n)) return null
  if (time) for (let i = 1; i < n; i++) if (!(time[i]! > time[i - 1]!)) return null
  const { season } = resolveSeasonOf('auto', time, y)
  const r = statOutliers(y, season > 1 ? season : null)
  return { rows: r.replaced, season, log: r.log }
}
