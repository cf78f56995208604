// Scores the trained network against every baseline on the same forecast origins, per split, in
// original units; fits split-conformal intervals on validation residuals and reports their test
// coverage; turns the test windows into forecast rows.
import {
  bestBaseline, classificationBaselines, classificationMetrics, coverage, detectPeriod, fitConformal, inverseTarget,
  regressionBaselines, regressionMetrics, targetRows, type SplitName
} from '../data'
import { predict, type Model } from '../engine'
import type { PreparedRun } from './prepare'
import type { ForecastRow, MetricRow } from './types'

export interface Evaluation {
  metrics: MetricRow[]
  forecasts: ForecastRow[]
  intervalCoverage: number | null
  intervalHalfWidth: number | null
  bestBaseline: string | null
  /** The test split window by window, for exports: target rows, actuals, the network's forecast
   *  (regression: original units; classification: (W, K) probabilities) and every baseline's. */
  test: TestDetail | null
}

export interface TestDetail {
  rows: Int32Array // (W) dataset row of each window's target
  y: Float64Array // (W) actual value or class index
  yhat: Float64Array // regression (W); classification (W, K)
  baselines: Record<string, Float64Array> // same shapes as yhat
  classes: string[] | null
}

const SPLITS: SplitName[] = ['train', 'val', 'test']
const clean = (v: number): number | null => (Number.isFinite(v) ? v : null)

/** The network's output at the last step of every window of a split: (W, O) after g*. */
export function predictSplit(model: Model, run: PreparedRun, split: SplitName, batchSize = 256): Float64Array {
  const src = run.sources[split]
  const O = model.spec.outputSize
  const out = new Float64Array(src.count * O) // (W, O)
  for (let s = 0; s < src.count; s += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, src.count - s) }, (_, i) => s + i)
    const b = src.batch(idx)
    const y = predict(model, b.x, b.T, b.B) // per-step (T, B, O) | final (B, O)
    const last = model.spec.outputMode === 'per-step' ? (b.T - 1) * b.B * O : 0
    for (let i = 0; i < b.B * O; i++) out[s * O + i] = y[last + i]!
  }
  return out
}

export function evaluate(model: Model, run: PreparedRun, level: number): Evaluation {
  return run.prep.fitted.target.kind === 'regression' ? evaluateRegression(model, run, level) : evaluateClassification(model, run)
}

function evaluateRegression(model: Model, run: PreparedRun, level: number): Evaluation {
  const { prep } = run
  const W = prep.config.window
  // (N) the target in original units: the observed values exactly, and the imputed ones (which exist
  // only in scaled float32 form) where a value was missing, so baselines see what the network saw.
  const imputed = inverseTarget(prep.fitted, prep.target)
  const series = Float64Array.from(prep.targetRaw, (v, i) => (Number.isNaN(v) ? imputed[i]! : v))
  const train = prep.splits.train
  const trainY = series.subarray(train.start, train.end)
  const period = detectPeriod(trainY)
  const metrics: MetricRow[] = []
  const pred: Partial<Record<SplitName, { y: Float64Array; yhat: Float64Array; rows: Int32Array; base: Record<string, Float64Array> }>> = {}
  for (const split of SPLITS) {
    const { target, origin } = targetRows(prep.windows[split])
    if (target.length === 0) continue
    const yhat = inverseTarget(prep.fitted, predictSplit(model, run, split))
    const y = Float64Array.from(target, (r) => prep.targetRaw[r]!)
    const base = regressionBaselines(series, origin, W.horizon, W.lookback, period) as Record<string, Float64Array>
    pred[split] = { y, yhat, rows: target, base }
    for (const [name, p] of [['model', yhat] as const, ...Object.entries(base)]) {
      const m = regressionMetrics(y, p, trainY, 1)
      for (const key of ['mae', 'rmse', 'mape', 'smape', 'mase', 'r2'] as const) metrics.push({ split, model: name, metric: key, value: clean(m[key]) })
    }
  }
  const best = addSkill(metrics, 'rmse', false)

  // Split-conformal: |residuals| on validation give the half-width; coverage is measured on test.
  let q: number | null = null
  let cover: number | null = null
  const val = pred.val
  const test = pred.test
  if (val && val.y.length > 0) {
    const ci = fitConformal(Float64Array.from(val.y, (y, i) => y - val.yhat[i]!), 1, level)
    q = Number.isFinite(ci.q[0]!) ? ci.q[0]! : null
    if (test && test.y.length > 0 && q !== null) cover = coverage(ci, test.y, test.yhat)[0]!
  }
  const forecasts: ForecastRow[] = []
  if (test) {
    for (let i = 0; i < test.y.length; i++) {
      const v = test.yhat[i]!
      forecasts.push({
        ts: prep.time ? prep.time[test.rows[i]!]! : test.rows[i]!,
        step: W.horizon,
        value: v,
        lower: q === null ? null : v - q,
        upper: q === null ? null : v + q,
        actual: clean(test.y[i]!)
      })
    }
  }
  const detail: TestDetail | null = test ? { rows: test.rows, y: test.y, yhat: test.yhat, baselines: test.base, classes: null } : null
  return { metrics, forecasts, intervalCoverage: cover, intervalHalfWidth: q, bestBaseline: best, test: detail }
}

function evaluateClassification(model: Model, run: PreparedRun): Evaluation {
  const { prep, K } = run
  const cls = prep.target as Int32Array // (N) class index, -1 unknown
  const metrics: MetricRow[] = []
  const forecasts: ForecastRow[] = []
  let detail: TestDetail | null = null
  for (const split of SPLITS) {
    const { target, origin } = targetRows(prep.windows[split])
    if (target.length === 0) continue
    const out = predictSplit(model, run, split)
    // Binary networks have one sigmoid output P(class 1); expand to (W, 2) probabilities.
    const prob = K === 2 && model.spec.outputSize === 1 ? Float64Array.from({ length: target.length * 2 }, (_, j) => (j % 2 ? out[j >> 1]! : 1 - out[j >> 1]!)) : out
    const y = Float64Array.from(target, (r) => cls[r]!)
    const base = classificationBaselines(cls, origin, K, prep.splits.train) as Record<string, Float64Array>
    for (const [name, p] of [['model', prob] as const, ...Object.entries(base)]) {
      const m = classificationMetrics(y, p, K)
      const f1 = m.binary ? m.binary.f1 : m.macroF1
      const rows: [string, number][] = [['accuracy', m.accuracy], ['f1', f1], ['precision', m.binary ? m.binary.precision : m.macroPrecision],
        ['recall', m.binary ? m.binary.recall : m.macroRecall], ['logloss', m.logLoss], ['brier', m.brier], ['auc', m.rocAuc]]
      for (const [metric, value] of rows) metrics.push({ split, model: name, metric, value: clean(value) })
    }
    if (split === 'test') {
      const classes = prep.fitted.target.kind === 'classification' ? prep.fitted.target.classes : null
      detail = { rows: target, y, yhat: prob, baselines: base, classes }
      for (let i = 0; i < target.length; i++) {
        let arg = 0
        for (let k = 1; k < K; k++) if (prob[i * K + k]! > prob[i * K + arg]!) arg = k
        forecasts.push({
          ts: prep.time ? prep.time[target[i]!]! : target[i]!,
          step: prep.config.window.horizon,
          value: K === 2 ? prob[i * 2 + 1]! : arg,
          lower: null,
          upper: null,
          actual: y[i]! >= 0 ? y[i]! : null
        })
      }
    }
  }
  const best = addSkill(metrics, 'brier', false)
  return { metrics, forecasts, intervalCoverage: null, intervalHalfWidth: null, bestBaseline: best, test: detail }
}

/** Skill on each split = 1 - metric(model) / metric(best baseline), the best baseline chosen on
 *  validation (test when there is no validation) so the test score does not pick its own yardstick. */
function addSkill(metrics: MetricRow[], key: string, higherIsBetter: boolean): string | null {
  const pick = (split: SplitName) => Object.fromEntries(metrics.filter((m) => m.split === split && m.metric === key && m.model !== 'model' && m.value !== null).map((m) => [m.model, higherIsBetter ? -m.value! : m.value!]))
  const scores = Object.keys(pick('val')).length ? pick('val') : pick('test')
  if (!Object.keys(scores).length) return null
  const best = bestBaseline(scores).name
  for (const split of SPLITS) {
    const model = metrics.find((m) => m.split === split && m.model === 'model' && m.metric === key)?.value
    const base = metrics.find((m) => m.split === split && m.model === best && m.metric === key)?.value
    if (model != null && base != null && base !== 0) metrics.push({ split, model: 'model', metric: 'skill', value: clean(1 - model / base) })
  }
  return best
}
