// Bagged ETS for the experiment in choice-rules.exp.ts (EXP_BAGGED): Bergmeir, Hyndman & Benitez
// 2016, *Bagging exponential smoothing methods using STL decomposition and Box-Cox transformation*,
// IJF 32(2), as R's forecast::baggedETS and bld.mbb.bootstrap do it:
//   - Box-Cox with Guerrero's lambda in [0, 1] (R: BoxCox.lambda(x, lower = 0, upper = 1)) on a
//     series above 1e-6, else lambda 1;
//   - a seasonal series (m > 1, more than 2m rows): R takes stl(x, "periodic"); here the periodic
//     seasonal figure is the classical one (stats::decompose's, additive, on the transformed rows)
//     and the trend is STL's trend step, a local-linear tricube loess over STL's trend window
//     (nextodd(ceiling(1.5 m / (1 - 1.5 / s.window))), s.window = 10 n + 1 for "periodic") of the
//     seasonally adjusted rows: not R's stl to the digit (no inner iterations, no low-pass filter);
//     a non-seasonal series: loess(x ~ t, span = 6 / n, degree = 1), a tricube local line over the
//     6 nearest rows (R's loess interpolates its surface; this evaluates it at every row);
//   - a moving-block bootstrap of the remainder (blocks of 2m rows, or min(8, n / 2)), R's MBB;
//   - each of the B series rebuilt (trend + seasonal + bootstrapped remainder) and back-transformed;
//     the first is the series itself, as in R;
//   - ETS (the run's fit: AICc selection over the model set) fitted on each; the forecast is the
//     mean (R's baggedETS) or median of the B forecasts.
// Seeded (core/engine/rng.ts's sfc32), so the same series and seed give the same bags.
import { fitStatModels } from '../../core/train/choice'
import { decomposeFigure } from '../../core/data/stats/linalg'
import { Rng } from '../../core/engine/rng'
import type { StatFit } from '../../core/data'
import { boxCox, guerreroLambda, invBoxCox } from './boxcox'

/** Local-linear loess with tricube weights over the q nearest rows (x = 0..n-1), evaluated at each row. */
export function loessLine(y: Float64Array, q: number): Float64Array {
  const n = y.length
  const out = new Float64Array(n)
  q = Math.max(2, Math.min(q, n))
  for (let i = 0; i < n; i++) {
    // the q nearest rows: a window [lo, lo + q) as centred on i as the ends allow
    const lo = Math.max(0, Math.min(i - Math.floor((q - 1) / 2), n - q))
    const hi = lo + q - 1
    let dmax = Math.max(i - lo, hi - i)
    dmax = Math.max(dmax, 1) * 1.000001 // R's loess widens the bandwidth a hair so the q-th row keeps a weight
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0
    for (let j = lo; j <= hi; j++) {
      const d = Math.abs(j - i) / dmax
      const w = d >= 1 ? 0 : (1 - d * d * d) ** 3
      const x = j - i
      sw += w; sx += w * x; sy += w * y[j]!; sxx += w * x * x; sxy += w * x * y[j]!
    }
    const det = sw * sxx - sx * sx
    out[i] = Math.abs(det) > 1e-12 * sw * sw ? (sy * sxx - sx * sxy) / det : sy / sw
  }
  return out
}

export interface Decomposition { lambda: number; trend: Float64Array; seasonal: Float64Array; remainder: Float64Array; block: number }

/** bld.mbb.bootstrap's decomposition of x under a season m (1: none). */
export function bagDecompose(x: Float64Array, m: number): Decomposition {
  const n = x.length
  const freq = n <= 2 * m ? 1 : m
  const block = freq > 1 ? 2 * freq : Math.min(8, Math.floor(n / 2))
  let min = Infinity
  for (const v of x) min = Math.min(min, v)
  const lambda = min > 1e-6 ? guerreroLambda(x, freq, 0, 1) : 1
  const xb = boxCox(x, lambda)
  const seasonal = new Float64Array(n)
  let trend: Float64Array
  if (freq > 1) {
    const fig = decomposeFigure(xb, freq, false)
    for (let t = 0; t < n; t++) seasonal[t] = fig[t % freq]!
    const sWindow = 10 * n + 1
    let tWindow = Math.ceil((1.5 * freq) / (1 - 1.5 / sWindow))
    if (tWindow % 2 === 0) tWindow++
    trend = loessLine(Float64Array.from(xb, (v, t) => v - seasonal[t]!), tWindow)
  } else trend = loessLine(xb, Math.floor(n * (6 / n)))
  const remainder = Float64Array.from(xb, (v, t) => v - trend[t]! - seasonal[t]!)
  return { lambda, trend, seasonal, remainder, block }
}

/** R's MBB(x, window_size): floor(n / b) + 2 blocks drawn with replacement, n values from a random offset. */
export function movingBlocks(x: Float64Array, b: number, rng: Rng): Float64Array {
  const n = x.length
  b = Math.max(1, Math.min(b, n))
  const nb = Math.floor(n / b) + 2
  const bx = new Float64Array(nb * b)
  for (let i = 0; i < nb; i++) {
    const c = rng.int(n - b + 1)
    bx.set(x.subarray(c, c + b), i * b)
  }
  const from = rng.int(b)
  return bx.slice(from, from + n)
}

/** bld.mbb.bootstrap(x, num): the series itself and num - 1 rebuilt from bootstrapped remainders. */
export function bootstrapSeries(x: Float64Array, m: number, num: number, seed: number): Float64Array[] {
  const out: Float64Array[] = [Float64Array.from(x)]
  if (num <= 1 || x.length <= 1) return out
  const d = bagDecompose(x, m)
  const rng = new Rng(seed)
  for (let i = 1; i < num; i++) {
    const r = movingBlocks(d.remainder, d.block, rng)
    out.push(invBoxCox(Float64Array.from(r, (v, t) => d.trend[t]! + d.seasonal[t]! + v), d.lambda))
  }
  return out
}

/** ETS fitted (as a run fits it) on each bootstrapped series; the bags where it fails are left out. */
export function baggedEts(x: Float64Array, m: number, num: number, seed: number): StatFit[] {
  const fits: StatFit[] = []
  for (const s of bootstrapSeries(x, m, num, seed)) {
    if (!s.every(Number.isFinite)) continue
    const f = fitStatModels(s, m, ['ets']).fits[0]
    if (f) fits.push(f)
  }
  if (!fits.length) throw new Error('ETS fitted none of the bootstrapped series')
  return fits
}

/** The element-wise mean or median of forecasts, NaN entries left out. */
export function aggregate(xs: Float64Array[], how: 'mean' | 'median'): Float64Array {
  return Float64Array.from(xs[0]!, (_, i) => {
    const v = xs.map((x) => x[i]!).filter((z) => z === z).sort((a, b) => a - b)
    if (!v.length) return NaN
    if (how === 'mean') return v.reduce((a, b) => a + b, 0) / v.length
    const k = v.length >> 1
    return v.length % 2 ? v[k]! : (v[k - 1]! + v[k]!) / 2
  })
}
