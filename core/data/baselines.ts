// Baselines every model must beat, computed on the same forecast origins as the model. An origin o is the
// last input row of a window; the forecast is for row o + h. y is the target in original units.

import { higherIsBetter } from './metrics'

export type RegressionBaseline = 'naive' | 'seasonal-naive' | 'moving-average' | 'linear'
export type ClassificationBaseline = 'majority' | 'persistence' | 'training-rate'

/**
 * Seasonal period from the autocorrelation of the training series: the lag in [2, maxLag] with the
 * highest autocorrelation that is a local peak and above `minAcf`; null when there is none.
 */
export function detectPeriod(trainY: ArrayLike<number>, maxLag = Math.floor(trainY.length / 2), minAcf = 0.3): number | null {
  const v = Array.from(trainY).filter((x) => x === x)
  const n = v.length
  const mean = v.reduce((s, x) => s + x, 0) / n
  let c0 = 0
  for (const x of v) c0 += (x - mean) ** 2
  if (c0 === 0 || n < 4) return null
  const top = Math.min(maxLag, n - 2)
  const acf = new Float64Array(top + 2) // (lags)
  for (let k = 1; k <= top + 1 && k < n; k++) {
    let s = 0
    for (let t = k; t < n; t++) s += (v[t] - mean) * (v[t - k] - mean)
    acf[k] = s / c0
  }
  let best: number | null = null
  for (let k = 2; k <= top; k++)
    if (acf[k] > minAcf && acf[k] >= acf[k - 1] && acf[k] >= acf[k + 1] && (best === null || acf[k] > acf[best])) best = k
  return best
}

/** Forecasts of y[o + h] for every origin o, per baseline (seasonal-naive only with a period). */
export function regressionBaselines(
  y: ArrayLike<number>,
  origins: ArrayLike<number>,
  horizon: number,
  lookback: number,
  period: number | null
): Partial<Record<RegressionBaseline, Float64Array>> {
  const W = origins.length
  const naive = new Float64Array(W) // (W)
  const seasonal = new Float64Array(W) // (W)
  const ma = new Float64Array(W) // (W)
  const linear = new Float64Array(W) // (W)
  const L = lookback
  // least squares on t = 0..L-1: slope = sum (t - tbar)(y - ybar) / sum (t - tbar)^2
  const tbar = (L - 1) / 2
  let stt = 0
  for (let t = 0; t < L; t++) stt += (t - tbar) ** 2
  for (let i = 0; i < W; i++) {
    const o = origins[i]
    naive[i] = y[o]
    if (period) {
      const back = period * Math.ceil(horizon / period) // the same season, last observed at or before o
      seasonal[i] = o + horizon - back >= 0 ? y[o + horizon - back] : y[o]
    }
    let s = 0
    for (let t = 0; t < L; t++) s += y[o - L + 1 + t]
    const ybar = s / L
    ma[i] = ybar
    let sty = 0
    for (let t = 0; t < L; t++) sty += (t - tbar) * (y[o - L + 1 + t] - ybar)
    const slope = stt === 0 ? 0 : sty / stt
    linear[i] = ybar + slope * (L - 1 + horizon - tbar)
  }
  const out: Partial<Record<RegressionBaseline, Float64Array>> = { naive, 'moving-average': ma, linear }
  if (period) out['seasonal-naive'] = seasonal
  return out
}

/**
 * Class probabilities (W, K) row-major for every origin: majority class of the training rows,
 * persistence (the class at the origin), and the constant training class frequencies.
 */
export function classificationBaselines(
  cls: ArrayLike<number>,
  origins: ArrayLike<number>,
  K: number,
  train: { start: number; end: number }
): Record<ClassificationBaseline, Float64Array> {
  const freq = new Float64Array(K) // (K)
  let n = 0
  for (let i = train.start; i < train.end; i++)
    if (cls[i] >= 0) {
      freq[cls[i]]++
      n++
    }
  let major = 0
  for (let k = 1; k < K; k++) if (freq[k] > freq[major]) major = k
  for (let k = 0; k < K; k++) freq[k] /= n
  const W = origins.length
  const majority = new Float64Array(W * K) // (W, K)
  const persistence = new Float64Array(W * K) // (W, K)
  const rate = new Float64Array(W * K) // (W, K)
  for (let i = 0; i < W; i++) {
    majority[i * K + major] = 1
    const c = cls[origins[i]]
    persistence[i * K + (c >= 0 ? c : major)] = 1
    rate.set(freq, i * K)
  }
  return { majority, persistence, 'training-rate': rate }
}

/** A stored score: one metric of one model (the forecast 'model', the network alone 'network', or a
 *  baseline) on one split. */
export interface ScoreRow { split: string; model: string; metric: string; value: number | null }

/** The order baselines are computed in (regressionBaselines, then the statistical models; the
 *  classification baselines): on an exact tie the first of them is the yardstick (the plainer one:
 *  a flat validation period that every baseline fits exactly is naive's to call perfect), whatever
 *  order the rows come in; names not listed come after, alphabetically. */
const TIE_ORDER = ['naive', 'moving-average', 'linear', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima', 'majority', 'persistence', 'training-rate']
const tieRank = (name: string) => (TIE_ORDER.includes(name) ? TIE_ORDER.indexOf(name) : TIE_ORDER.length)
const firstOnTie = (a: string, b: string) => tieRank(a) - tieRank(b) || (a < b ? -1 : a > b ? 1 : 0)

/** The order a metrics table lists its predictors in, whether a run just computed them or the store
 *  gave them back sorted by name: the forecast ('model'), the network alone, then the baselines
 *  plainest first (the order a run computes them, TIE_ORDER), others alphabetically. */
export function byPredictor(a: string, b: string): number {
  const own = (n: string) => (n === 'model' ? 0 : n === 'network' ? 1 : 2)
  return own(a) - own(b) || firstOnTie(a, b)
}

/** The baselines' finite scores under `key` on `split`: not the run's forecast ('model') nor the
 *  network alone, nor one of `members` (the baselines the forecast is made of); a missing or
 *  non-finite score is no score. */
export function baselineScores<R extends ScoreRow>(rows: readonly R[], split: string, key: string, members: readonly string[]): R[] {
  return rows.filter((m) => m.split === split && m.metric === key && m.model !== 'model' && m.model !== 'network' && !members.includes(m.model) && m.value !== null && Number.isFinite(m.value))
}

/**
 * The skill yardstick: the baseline with the best score under `key` on validation (test where
 * validation has none), of those the forecast is not made of (`members`: against one of its own
 * members its skill would be ~0 by construction), so that the test score does not pick its own
 * yardstick. Best is the lowest error, or the highest score where higher is better (higherIsBetter:
 * accuracy, R²); a tie goes to the plainer baseline (TIE_ORDER). The one rule for the skill
 * evaluate stores (core/train/evaluate.ts) and the one every view shows (core/export/verdict.ts
 * runSkill, metricsTable). null: no finite score.
 * `splits`: where to look, the first with a finite score; a table of a run that is not judged
 * (metricsTable without judging: a global run, scored on test alone) passes each row's own split.
 */
export function skillBaseline(rows: readonly ScoreRow[], key: string, members: readonly string[] = [], splits: readonly string[] = ['val', 'test']): string | null {
  const pool = splits.map((split) => baselineScores(rows, split, key, members)).find((p) => p.length)
  if (!pool) return null
  const higher = higherIsBetter(key)
  return pool.reduce((a, b) => {
    const d = higher ? b.value! - a.value! : a.value! - b.value!
    return d > 0 || (d === 0 && firstOnTie(b.model, a.model) < 0) ? b : a
  }).model
}
