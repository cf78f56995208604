// What a backtest's folds say, in numbers: one metric per fold and predictor, its mean over the
// folds, the best value in each row, and in how many folds the forecast beat every baseline.
// `fw backtest` prints it and the app's Backtest panel shows it, so both read the folds alike.
// Imports types only: the renderer uses it.
import type { BacktestFold } from './backtest'
import type { TrainConfig } from './types'

/** The folds the app's backtest may have (`fw backtest` takes up to 50): each fold is a whole run. */
export const BACKTEST_FOLDS = { min: 2, max: 20 } as const

/** Metrics where higher is better; every other one is an error or a loss (lower is better). */
const HIGHER_BETTER = new Set(['accuracy', 'f1', 'precision', 'recall', 'auc'])
/** The run's forecast and the network alone inside it: not baselines. */
const OWN = new Set(['model', 'network'])

export interface BacktestTable {
  metric: string
  higherBetter: boolean
  /** Every predictor any fold scored, in the order the folds list them ('model' is the forecast). */
  predictors: string[]
  rows: { fold: number; trainRows: number; testRows: number; values: (number | null)[]; best: number | null }[]
  /** The mean over the folds; null for a predictor that some fold could not score (a note says why),
   *  since a mean over fewer folds would compare it on other test periods than the rest. */
  mean: { values: (number | null)[]; best: number | null }
  /** Folds in which the forecast did strictly better than the best baseline of that fold. */
  beat: number
  /** Folds with a forecast score and at least one baseline score. */
  compared: number
  /** The baseline with the best mean, and that mean; null when no baseline has one. */
  bestBaseline: { model: string; mean: number } | null
}

/** The metric `fw backtest` prints: RMSE for regression, accuracy for classification. */
export const headlineMetric = (task: TrainConfig['data']['task']): string => (task === 'regression' ? 'rmse' : 'accuracy')

export const higherIsBetter = (metric: string): boolean => HIGHER_BETTER.has(metric)

/** The metrics the folds were scored on, in the order they list them (the run's skill left out). */
export function backtestMetrics(folds: readonly BacktestFold[]): string[] {
  return [...new Set(folds.flatMap((f) => f.metrics.map((m) => m.metric)))].filter((m) => m !== 'skill')
}

export function backtestTable(folds: readonly BacktestFold[], metric: string): BacktestTable {
  const higherBetter = higherIsBetter(metric)
  const better = (a: number, b: number) => (higherBetter ? a > b : a < b)
  const bestOf = (values: (number | null)[]): number | null =>
    values.reduce<number | null>((b, v) => (v === null || !Number.isFinite(v) ? b : b === null || better(v, b) ? v : b), null)
  const predictors = [...new Set(folds.flatMap((f) => f.metrics.filter((m) => m.metric === metric).map((m) => m.model)))]
  const valueOf = (f: BacktestFold, model: string) => f.metrics.find((m) => m.model === model && m.metric === metric)?.value ?? null
  const rows = folds.map((f) => {
    const values = predictors.map((p) => valueOf(f, p))
    return { fold: f.fold, trainRows: f.trainRows, testRows: f.testRows, values, best: bestOf(values) }
  })
  const means = predictors.map((_, i) => {
    if (!rows.length || rows.some((r) => r.values[i] === null)) return null
    return rows.reduce((s, r) => s + r.values[i]!, 0) / rows.length
  })
  const baselines = predictors.map((p, i) => (OWN.has(p) ? -1 : i)).filter((i) => i >= 0)
  const own = predictors.indexOf('model')
  let beat = 0
  let compared = 0
  for (const r of rows) {
    const mine = own < 0 ? null : r.values[own]!
    const base = bestOf(baselines.map((i) => r.values[i]!))
    if (mine === null || base === null) continue
    compared++
    if (better(mine, base)) beat++
  }
  const bestMean = bestOf(baselines.map((i) => means[i]!))
  const bestIndex = baselines.find((i) => means[i] === bestMean)
  return {
    metric,
    higherBetter,
    predictors,
    rows,
    mean: { values: means, best: bestOf(means) },
    beat,
    compared,
    bestBaseline: bestMean === null || bestIndex === undefined ? null : { model: predictors[bestIndex]!, mean: bestMean }
  }
}
