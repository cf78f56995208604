// Walk-forward backtest with an expanding window: the last `testFraction` of the (time-sorted)
// rows is cut into k consecutive blocks; fold i trains on every row before block i (its last
// 15 % as validation) and is scored on block i. Each fold runs the whole pipeline again, so
// imputers and scalers are refitted on that fold's training rows only.
import { lastTargetRow, prepareSeries, selectRows, type Dataset } from '../data'
import type { FitHooks, GradientProvider } from './fit'
import { runTraining } from './run'
import { toPipelineConfig } from './prepare'
import type { MetricRow, TrainConfig, TrainEvent } from './types'

export interface BacktestFold {
  fold: number
  trainRows: number // rows before the test block (training + validation)
  testRows: number
  metrics: MetricRow[] // test split only: the network and every baseline
  /** What the fold's run said of itself, e.g. "statistical model skipped: arima: …" (a model missing
   *  from a fold's metrics is said, not only absent). */
  notes: string[]
}

export interface BacktestOptions {
  folds: number
  testFraction?: number // share of the rows the k test blocks cover together (default 0.3)
  onEvent?: (fold: number, e: TrainEvent) => void
  /** Each fold as soon as it is scored (the app shows the table fill in fold by fold). */
  onFold?: (fold: BacktestFold) => void
  shouldStop?: () => boolean
  yieldNow?: () => Promise<void>
  /** How each fold's training steps are computed off this thread (the trainer's worker threads). */
  gradients?: GradientProvider
}

/** The share of the rows the k test blocks cover together, unless the caller names another. */
const TEST_FRACTION = 0.3

/** The rows a backtest of `config` cuts into folds: the series as training reads it (one series
 *  picked, sorted by time), up to its last target value (a known input's future rows hold nothing
 *  to score). */
function backtestSeries(config: TrainConfig, input: Dataset): Dataset {
  const { dataset: sorted } = prepareSeries(input, toPipelineConfig(config, input).time)
  const target = sorted.columns.find((c) => c.name === config.data.target)
  const last = target ? lastTargetRow(target) : sorted.rowCount - 1
  return last >= 0 && last < sorted.rowCount - 1 ? selectRows(sorted, Int32Array.from({ length: last + 1 }, (_, i) => i)) : sorted
}

/** How many rows a backtest of `config` on `input` has to cut into folds (main checks the folds
 *  asked for against it before starting anything). */
export const backtestRowCount = (config: TrainConfig, input: Dataset): number => backtestSeries(config, input).rowCount

/** The most folds `rows` rows allow: each fold's test block, floor(rows × testFraction / k), needs a row. */
export const maxBacktestFolds = (rows: number, testFraction = TEST_FRACTION): number => Math.max(0, Math.floor(rows * testFraction))

export async function backtest(config: TrainConfig, input: Dataset, opts: BacktestOptions): Promise<BacktestFold[]> {
  const k = opts.folds
  if (!Number.isInteger(k) || k < 2 || k > 50) throw new RangeError(`folds must be an integer in [2, 50] (got ${k})`)
  const ds = backtestSeries(config, input)
  const N = ds.rowCount
  const block = Math.floor((N * (opts.testFraction ?? TEST_FRACTION)) / k)
  if (block < 1) throw new RangeError(`${N} rows are too few for ${k} folds (they allow at most ${maxBacktestFolds(N, opts.testFraction)})`)
  const out: BacktestFold[] = []
  for (let f = 0; f < k; f++) {
    const before = N - (k - f) * block
    const n = before + block
    const rows = selectRows(ds, Int32Array.from({ length: n }, (_, i) => i))
    // Fractions of n that put exactly `before` rows ahead of the test block.
    const cfg: TrainConfig = {
      ...config,
      data: { ...config.data, split: { kind: 'fraction', train: (0.85 * before) / n, val: (0.15 * before + 0.5) / n, gap: config.data.split.gap } }
    }
    const notes: string[] = []
    const hooks: FitHooks = {
      emit: (e) => {
        if (e.type === 'log' && e.message.startsWith('statistical model skipped')) notes.push(e.message)
        opts.onEvent?.(f + 1, e)
      },
      shouldStop: opts.shouldStop ?? (() => false),
      yieldNow: opts.yieldNow ?? (() => Promise.resolve())
    }
    const r = await runTraining({ config: cfg, dataset: rows, ...(opts.gradients ? { gradients: opts.gradients } : {}) }, hooks)
    if (!r) break
    const done: BacktestFold = { fold: f + 1, trainRows: before, testRows: block, metrics: r.metrics.filter((m) => m.split === 'test'), notes }
    out.push(done)
    opts.onFold?.(done)
  }
  return out
}
