// Values far from the rest of a series, found as a run's statistical models find them (statOutliers,
// model.outliers 'clean'), for the Data view and fw inspect to show before any run. A run searches
// its training rows; this reads the rows of the column given, in time order, with the season
// data.season 'auto' resolves on them, so it shows what a run whose training rows hold those values
// replaces. Like a run, it searches the last OUTLIER_MAX_ROWS rows of a longer series.
import { OUTLIER_MAX_ROWS, statOutliersOfTail, type ReplacedValue } from '../data'
import type { ClockRule } from '../data/clock-rule'
import { resolveSeasonOf } from './season'

/** Shorter series are not searched: too few rows to tell a spike from the series' own moves. */
export const FAR_MIN_ROWS = 8
export { OUTLIER_MAX_ROWS as FAR_MAX_ROWS }

export interface FarValues {
  /** Rows into the values given, each with the value na.interp() puts in its place. */
  rows: ReplacedValue[]
  /** The first row searched (0, or where the last OUTLIER_MAX_ROWS start). */
  from: number
  /** The season the search used (1: none), and whether it read the logs as well as the values. */
  season: number
  log: boolean
}

/** Why the values of `y` (rows in time order, `time` beside them or null) are not searched, or null
 *  when they are: too few rows, or too few values (a column mostly or wholly missing), or times not
 *  strictly increasing (the rows are then not one series in order). */
export function farSkipped(y: Float64Array, time: Float64Array | null): string | null {
  const n = y.length
  if (n < FAR_MIN_ROWS) return `fewer than ${FAR_MIN_ROWS} rows`
  let present = 0
  for (let i = 0; i < n; i++) if (y[i] === y[i]) present++
  if (present < FAR_MIN_ROWS) return present === 0 ? 'the column has no values' : `only ${present} of the ${n} values are there`
  if (time !== null && time.length !== n) return 'the time column does not match the rows'
  if (time) for (let i = 1; i < n; i++) if (!(time[i]! > time[i - 1]!)) return 'the rows are not in time order (repeated or decreasing times)'
  return null
}

/** The values of `y` (rows in time order, `time` strictly increasing beside them, or null for rows
 *  one step apart) that lie far from the rest; null where farSkipped gives a reason not to search.
 *  clock: the rule the time column's offsets follow (DateColumn.clock), on which its steps are read
 *  as a run reads them (Berlin's monthly midnights are calendar months, so the season is the year).
 *  stepIndex: `time` is an integer step index (isStepIndex), no dates: it orders the rows, and the
 *  season is found from the values, as a run on it finds it (defaultSeasonAndLookBack). */
export function farValues(y: Float64Array, time: Float64Array | null, clock?: ClockRule | null, stepIndex = false): FarValues | null {
  if (farSkipped(y, time) !== null) return null
  const n = y.length
  // the season read off the stretch searched (a long series' autocorrelation costs, and says no more)
  const from = Math.max(0, n - OUTLIER_MAX_ROWS)
  const { season } = resolveSeasonOf('auto', time && !stepIndex ? time.subarray(from) : null, y.subarray(from), clock)
  const r = statOutliersOfTail(y, season > 1 ? season : null)
  return { rows: r.replaced, from: r.from, season, log: r.log }
}
