// The series a global run's chart shows first: the report's chart and the app's Evaluate chart
// pick the same one. Pure: no DOM, no Node.
import { naturalBy } from '../data/natural'
import { formatNumber } from './report/scale'

/** The series a global run's report charts (a chart of 1,000 series would say nothing), and the
 *  one the app's Evaluate chart shows until another is picked, and why:
 *  the series of median MASE among those with one (the lower of the middle two; ties by label), a
 *  typical series rather than the alphabetically first (stores.csv's first, FLAT, is a flat line);
 *  where none has a MASE, the first in natural order. */
export function chartSeries<T extends { label: string; mase: number | null }>(series: readonly T[]): { row: T; why: string } | null {
  const scored = naturalBy(series.filter((s) => s.mase !== null && Number.isFinite(s.mase)), (s) => s.label).sort((a, b) => a.mase! - b.mase!)
  if (scored.length) {
    const row = scored[Math.floor((scored.length - 1) / 2)]!
    return { row, why: scored.length === 1 ? `the only one of ${series.length} with a MASE` : `the median MASE (${formatNumber(row.mase, 4)}) of the ${scored.length} series with one, a typical series` }
  }
  const row = naturalBy(series, (s) => s.label)[0]
  return row ? { row, why: `the first of ${series.length}` } : null
}

