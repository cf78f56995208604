// Everything the Data and Setup views derive from a whole dataset in one O(rows) pass per column:
// stats, lag-1 autocorrelation, the chart envelope and the warnings. The import worker computes it
// next to the columns and posts it with them, so a million-row file costs the page no long task;
// seedSummary() then fills the lookup caches that columnStats()/columnLag1()/chartIndices() read.
import type { Column, Dataset } from '../../../core/data/types'
import { columnStats, datasetWarnings, envelopeIndices, lag1Autocorrelation, seedColumn } from './columns'
import type { ColumnStats, Warning } from './columns'

export interface ColumnSummary {
  stats: ColumnStats
  /** Lag-1 autocorrelation of a numeric column (the default-target score), else null. */
  lag1: number | null
  /** Rows the series chart draws for a numeric column longer than the chart's limit, else null (all rows). */
  chart: Int32Array | null // (≤ ENVELOPE_POINTS)
}

export interface DatasetSummary {
  columns: ColumnSummary[] // aligned with dataset.columns
  warnings: Warning[]
}

export function summarise(ds: Dataset): DatasetSummary {
  const columns = ds.columns.map((c: Column): ColumnSummary => {
    const stats = columnStats(c)
    return {
      stats,
      lag1: c.kind === 'numeric' ? lag1Autocorrelation(c.values) : null,
      chart: c.kind === 'numeric' ? envelopeIndices(c.values) : null
    }
  })
  return { columns, warnings: datasetWarnings(ds) }
}

/** The summary's buffers, to transfer rather than copy. */
export function summaryTransfer(s: DatasetSummary): ArrayBuffer[] {
  return s.columns.flatMap((c) => (c.chart ? [c.chart.buffer as ArrayBuffer] : []))
}

/** Makes the column helpers answer from the summary instead of recomputing on the main thread. */
export function seedSummary(ds: Dataset, s: DatasetSummary): void {
  ds.columns.forEach((c, i) => {
    const cs = s.columns[i]
    if (cs) seedColumn(c, cs.stats, cs.lag1, cs.chart)
  })
}
