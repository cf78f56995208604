// The honest choice (issue 12): the network is scored on validation beside statistical models
// (naive, seasonal naive, drift, ETS, Theta, all fitted on the training rows only) and beside the
// mean of itself and the best of them. The best on validation becomes the run's forecast, and the
// run says so when that is not the network. Validation paths: from every origin o in the validation
// rows, the forecasts of o+1 .. o+K, scored where o+k is still a validation row.
import { fitStat, fitConformal, type StatFit, type StatName, type StoredStat, type RowRange } from '../data'

export interface ChoiceScore { name: string; label: string; mae: number }

/** Stored with the run (model file `pipeline.choice`, TrainResult.choice). */
export interface ForecastChoice {
  /** 'network', 'combination' (mean of the network and `statistical`), or a statistical model's name. */
  chosen: 'network' | 'combination' | StatName
  label: string
  /** The best statistical model on validation, fitted on the training rows (scores, test metrics). */
  statistical: StoredStat | null
  /** The same model refitted on every row, which forecasts past the end of the data. */
  statisticalFull: StoredStat | null
  /** Forecast = network * weights.network + statistical * weights.statistical. */
  weights: { network: number; statistical: number }
  season: number
  /** Steps ahead scored on validation (1..steps). */
  steps: number
  /** Validation MAE (original units) over steps 1..steps of every candidate, best first. */
  validation: ChoiceScore[]
  /** One sentence for the CLI, the app and the report. */
  message: string
}

const STAT_ORDER: StatName[] = ['naive', 'seasonal-naive', 'drift', 'ets', 'theta']

/** Every statistical model that fits `trainY` with period m; the ones that cannot fit are named. */
export function fitStatModels(trainY: Float64Array, m: number): { fits: StatFit[]; skipped: string[] } {
  const fits: StatFit[] = []
  const skipped: string[] = []
  for (const name of STAT_ORDER) {
    if (name === 'seasonal-naive' && m <= 1) continue
    try {
      fits.push(fitStat(name, trainY, m > 1 ? m : null))
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message}`)
    }
  }
  return { fits, skipped }
}

/** Mean over steps of the per-step MAE on the rows of `range`; NaN forecasts are skipped, and so
 *  are steps with no scored row. paths (W, K) from `origins`. */
export function pathMae(y: ArrayLike<number>, paths: Float64Array, origins: ArrayLike<number>, K: number, range: RowRange, steps = K): number {
  let total = 0
  let counted = 0
  for (let k = 1; k <= steps; k++) {
    let s = 0
    let n = 0
    for (let i = 0; i < origins.length; i++) {
      const r = origins[i]! + k
      const f = paths[i * K + k - 1]!
      if (r < range.start || r >= range.end || f !== f) continue
      s += Math.abs(y[r]! - f)
      n++
    }
    if (n) (total += s / n), counted++
  }
  return counted ? total / counted : NaN
}

/** a * wa + b * wb elementwise, where a NaN in `a` (a step the network cannot reach) leaves b. */
export function blend(a: Float64Array | null, b: Float64Array | null, w: { network: number; statistical: number }): Float64Array {
  if (!a) return Float64Array.from(b!)
  if (!b || w.statistical === 0) return Float64Array.from(a)
  if (w.network === 0) return Float64Array.from(b)
  return Float64Array.from(a, (v, i) => (v === v ? v * w.network + b[i]! * w.statistical : b[i]!))
}

export interface Candidates {
  network: Float64Array | null // (W, K) validation paths of the network, NaN where it cannot reach
  stats: { fit: StatFit; paths: Float64Array }[] // (W, K) each
}

export type Forecaster = 'auto' | ForecastChoice['chosen']

/** Picks the forecaster with the lowest validation path MAE (ties go to the simpler one), or the
 *  configured one (`forced`), scoring every candidate either way. */
export function choose(y: ArrayLike<number>, origins: ArrayLike<number>, K: number, val: RowRange, c: Candidates, netSteps: number, forced: Forecaster = 'auto'):
  { chosen: ForecastChoice['chosen']; label: string; best: StatFit | null; weights: ForecastChoice['weights']; validation: ChoiceScore[] } {
  // Statistical models are scored over the steps the network reaches too, so that every candidate
  // answers the same question.
  const steps = c.network ? netSteps : K
  const scored = c.stats.map((s) => ({ s, mae: pathMae(y, s.paths, origins, K, val, steps) })).filter((x) => Number.isFinite(x.mae))
  scored.sort((a, b) => a.mae - b.mae)
  const best = scored[0]?.s ?? null
  const validation: ChoiceScore[] = scored.map((x) => ({ name: x.s.fit.name, label: x.s.fit.label, mae: x.mae }))
  if (c.network) {
    const net = pathMae(y, c.network, origins, K, val, steps)
    if (Number.isFinite(net)) validation.push({ name: 'network', label: 'network', mae: net })
    if (best) {
      const comb = pathMae(y, blend(c.network, best.paths, { network: 0.5, statistical: 0.5 }), origins, K, val, steps)
      if (Number.isFinite(comb)) validation.push({ name: 'combination', label: `mean of network and ${best.fit.label}`, mae: comb })
    }
  }
  validation.sort((a, b) => a.mae - b.mae)
  if (forced !== 'auto') {
    if (forced === 'network') return { chosen: 'network', label: 'network', best: best?.fit ?? null, weights: { network: 1, statistical: 0 }, validation }
    if (forced === 'combination' && best) return { chosen: 'combination', label: `mean of network and ${best.fit.label}`, best: best.fit, weights: { network: 0.5, statistical: 0.5 }, validation }
    const own = c.stats.find((s) => s.fit.name === forced)
    if (own) return { chosen: own.fit.name, label: own.fit.label, best: own.fit, weights: { network: 0, statistical: 1 }, validation }
  }
  const top = validation[0]
  if (!top) return { chosen: 'network', label: 'network', best: null, weights: { network: 1, statistical: 0 }, validation }
  if (top.name === 'network') return { chosen: 'network', label: 'network', best: best?.fit ?? null, weights: { network: 1, statistical: 0 }, validation }
  if (top.name === 'combination') return { chosen: 'combination', label: top.label, best: best!.fit, weights: { network: 0.5, statistical: 0.5 }, validation }
  return { chosen: best!.fit.name, label: best!.fit.label, best: best!.fit, weights: { network: 0, statistical: 1 }, validation }
}

/** The sentence a run says about its choice. */
export function choiceMessage(chosen: ForecastChoice['chosen'], label: string, validation: ChoiceScore[], forced = false): string {
  if (forced) {
    const top = validation[0]
    const mine = validation.find((v) => v.name === chosen)
    const beat = top && mine && top !== mine ? `; on validation ${top.label} did better (MAE ${fmt(top.mae)} against ${fmt(mine.mae)})` : ''
    return `the forecast is ${label}, as configured (model.forecaster)${beat}`
  }
  const net = validation.find((v) => v.name === 'network')
  const top = validation[0]
  const pct = (a: number, b: number) => `${Math.round((100 * (a - b)) / a)} %`
  if (chosen === 'network') {
    const second = validation[1]
    return second ? `the network forecasts best on validation (MAE ${fmt(top!.mae)}, ${pct(second.mae, top!.mae)} better than the next best, ${second.label})` : 'the network is the forecast'
  }
  if (!net) return `the forecast is ${label}: no network forecast could be scored on validation`
  const lead = chosen === 'combination' ? `the forecast is the ${label}` : `the network lost to ${label} on validation (MAE ${fmt(net.mae)} against ${fmt(top!.mae)}); the forecast falls back to ${label}`
  const walk = chosen === 'naive' ? '. The series behaves like a random walk here: the last value is the best forecast found' : ''
  return chosen === 'combination' ? `${lead}, which beats each alone on validation (MAE ${fmt(top!.mae)}, network ${fmt(net.mae)})` : lead + walk
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3))

/**
 * Split-conformal half-widths per step 1..K from validation paths of the chosen forecaster, on
 * residuals in the model's own space (log for a log-transformed target, so the interval is a
 * ratio). A step with too few residuals for the level takes the last calibrated step's q scaled by
 * sqrt(k / k0), an approximation the caller names.
 */
export function pathIntervals(y: ArrayLike<number>, paths: Float64Array, origins: ArrayLike<number>, K: number, range: RowRange, level: number, log: boolean):
  { q: number[]; calibrated: number } {
  const tr = (v: number) => (log ? Math.log(v) : v)
  const q: number[] = []
  let calibrated = 0
  for (let k = 1; k <= K; k++) {
    const res: number[] = []
    for (let i = 0; i < origins.length; i++) {
      const r = origins[i]! + k
      const f = paths[i * K + k - 1]!
      if (r < range.start || r >= range.end || f !== f) continue
      res.push(tr(y[r]!) - tr(f))
    }
    const ci = fitConformal(res, 1, level)
    const qk = ci.q[0]!
    if (Number.isFinite(qk) && calibrated === k - 1) {
      q.push(qk)
      calibrated = k
    } else if (calibrated > 0) q.push(q[calibrated - 1]! * Math.sqrt(k / calibrated))
    else return { q: [], calibrated: 0 }
  }
  return { q, calibrated }
}

/** A forecast value's interval: additive, or a ratio around it for a log-transformed target. */
export function bounds(v: number, q: number, log: boolean): [number, number] {
  return log ? [v * Math.exp(-q), v * Math.exp(q)] : [v - q, v + q]
}
