import { invalid, rowOfRun } from './errors'
import { read, write, type Ctx } from './context'
import { finiteOrNull, text } from './validate'

export type Split = 'train' | 'val' | 'test'

/** The `model` name under which the trained network's own metrics are stored. */
export const NETWORK = 'model'

export interface MetricRow {
  split: Split
  /** NETWORK ('model') for the trained network, else a baseline name such as 'naive'. */
  model: string
  /** e.g. 'rmse', 'mae', 'smape', 'mase', 'accuracy', 'f1', 'logloss', 'auc'. */
  metric: string
  /** null when the metric is undefined for this data (never NaN). */
  value: number | null
}

const SPLITS: readonly string[] = ['train', 'val', 'test']

export function metricsTable(ctx: Ctx) {
  const upsert = ctx.db.prepare(
    `INSERT INTO metrics (run_id, split, model, metric, value) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (run_id, split, model, metric) DO UPDATE SET value = excluded.value`
  )
  const select = ctx.db.prepare<[number], MetricRow>(
    'SELECT split, model, metric, value FROM metrics WHERE run_id = ? ORDER BY split, model, metric'
  )

  return {
    /** Stores (or replaces) metric values in one transaction. */
    save(runId: number, rows: readonly MetricRow[]): void {
      const params = rows.map((r, i) => {
        const f = `metrics[${i}]`
        if (!SPLITS.includes(r.split)) throw invalid(`${f}.split`, `must be one of ${SPLITS.join(', ')} (got ${JSON.stringify(r.split)})`)
        return [runId, r.split, text(`${f}.model`, r.model), text(`${f}.metric`, r.metric), finiteOrNull(`${f}.value`, r.value)]
      })
      write(ctx, 'metrics', 'NORMAL', () => {
        for (const p of params) rowOfRun(runId, () => upsert.run(...p))
      })
    },

    list(runId: number): MetricRow[] {
      return read(ctx, () => select.all(runId))
    }
  }
}

export type MetricsTable = ReturnType<typeof metricsTable>
