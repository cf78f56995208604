// The default look-back of one model across every series of a long file (fw train --global, Setup's
// "one model across all series"), the same in both and whatever the order of the rows. It was the
// first series' (the one of the file's first row): the same rows in another order could take
// another look-back (58 against 57). A global model reads one look-back for every series, and the
// default of one series (season.ts defaultSeasonAndLookBack: two seasons, capped so that a short
// series keeps its training windows) is worked out for each; the run takes their median. Setup works
// it out on its main thread, so every series is kept cheap (npm run bench -- --section
// global-lookback: 1,000 daily series of 1,000 rows) rather than a sample of them taken.
import { selectRows, type Dataset } from '../data'
import { defaultSeasonAndLookBack, type DefaultLookBack } from './season'

/** The default look-back of a global model on `ds`, whose series are `groups` (each one's rows, in
 *  any order: core/data seriesRows, or the Data view's grouping): each series' own default (its rows
 *  in time order, its season resolved on them as a single-series run resolves it), and of those the
 *  median, the lower of the two middle ones for an even count. At least half the series take that
 *  look-back or more as their own, so it is two seasons wherever most series are long enough, and a
 *  few short series (skipped or refused as data.series.global.short says) do not shorten the
 *  window of the others, as the shortest series' would. Neither the order of the series nor that of
 *  the rows within a series changes it. */
export function globalDefaultLookBack(ds: Dataset, groups: readonly Int32Array[], target: string, season: 'auto' | number, horizon: number): DefaultLookBack {
  const tc = ds.timeColumn ? ds.columns.find((c) => c.name === ds.timeColumn) : undefined
  const time = tc?.kind === 'date' ? tc.values : null
  // the target and the time column are all a default reads: no copy of the other columns per series
  const narrow: Dataset = { ...ds, columns: ds.columns.filter((c) => c.name === target || c === tc) }
  const each = groups.map((rows) => defaultSeasonAndLookBack(selectRows(narrow, inTimeOrder(rows, time)), target, season, horizon))
  if (each.length === 0) return defaultSeasonAndLookBack(narrow, target, season, horizon)
  each.sort(byLookBack)
  return each[(each.length - 1) >> 1]!
}

/** A series' rows by time (rows without one last, in file order), so that the order of a file's rows
 *  within a series does not change its default. */
function inTimeOrder(rows: Int32Array, time: Float64Array | null): Int32Array {
  if (!time) return rows
  const at = (i: number) => (time[i] === time[i] ? time[i]! : Infinity)
  const before = (a: number, b: number) => at(a) - at(b) || a - b
  // rows in time order already (most files): the sort's answer, without its comparator's cost
  let sorted = true
  for (let k = 1; k < rows.length && sorted; k++) sorted = before(rows[k - 1]!, rows[k]!) < 0
  return sorted ? rows : Int32Array.from(rows).sort(before)
}

/** Two defaults in order of look-back, then of everything else they say, so that the median of
 *  equal look-backs is the same answer whichever series came first. */
function byLookBack(a: DefaultLookBack, b: DefaultLookBack): number {
  const rows = (d: DefaultLookBack) => (d.basis.kind === 'none' ? 0 : d.basis.rows)
  return a.lookBack - b.lookBack || a.full - b.full || a.season - b.season || a.basis.kind.localeCompare(b.basis.kind) || rows(a) - rows(b)
}
