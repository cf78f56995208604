// Is a series a random walk? (issue 12: "some series really are random walks, where naive is the
// best forecast; there a run must say so and fall back, openly"). The test reads the training rows
// only: their one-step changes are a random walk's when nothing in them predicts the next change
// (a Ljung-Box portmanteau test of their autocorrelations finds none at 5 %) and their mean is not
// told apart from 0 (a drift's t statistic under 2). Then the last value is the best forecast of
// every future value that the past can give.
import { acf } from './linalg'

/** The significance level of both tests. */
export const RANDOM_WALK_ALPHA = 0.05

/** Ljung-Box as stats::Box.test(x, lag, type = "Ljung-Box", fitdf): Q = n (n + 2) sum r_k^2 / (n - k),
 *  compared with a chi-squared on lag - fitdf degrees of freedom. */
export function ljungBox(x: Float64Array, lag: number, fitdf = 0): { statistic: number; df: number; p: number } {
  const n = x.length
  if (!(lag >= 1) || lag >= n) throw new RangeError(`ljungBox: lag must be in 1..${n - 1}, got ${lag}`)
  const r = acf(x, lag)
  let q = 0
  for (let k = 1; k <= lag; k++) q += (r[k - 1]! * r[k - 1]!) / (n - k)
  q *= n * (n + 2)
  const df = lag - fitdf
  return { statistic: q, df, p: chiSquaredUpper(q, df) }
}

/** P(X > x) for X chi-squared with df degrees of freedom: Q(df/2, x/2), the regularized upper
 *  incomplete gamma function (series below a + 1, Lentz's continued fraction above). */
export function chiSquaredUpper(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquaredUpper: df must be positive, got ${df}`)
  if (x !== x) return NaN
  if (x <= 0) return 1
  const a = df / 2
  const z = x / 2
  const lead = Math.exp(-z + a * Math.log(z) - logGamma(a))
  if (z < a + 1) {
    let term = 1 / a
    let sum = term
    for (let k = 1; k < 1000; k++) {
      term *= z / (a + k)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break
    }
    return Math.max(0, 1 - sum * lead)
  }
  const tiny = 1e-300
  let b = z + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let f = d
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return Math.min(1, f * lead)
}

/** ln Gamma(a) for a > 0 (Lanczos, g = 7, 9 terms: about 15 digits). */
export function logGamma(a: number): number {
  if (a < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a)
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  const x = a - 1
  let s = c[0]!
  for (let i = 1; i < 9; i++) s += c[i]! / (x + i)
  const t = x + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s)
}

export interface RandomWalkTest {
  /** True when the changes look like white noise without a drift: naive is the forecast. */
  randomWalk: boolean
  /** Ljung-Box p-value of the one-step changes, its lag, and the changes' mean over its standard error. */
  p: number
  lag: number
  driftT: number
  /** How many changes were read. */
  n: number
}

/** Fewest training changes the test is run on: below it, Ljung-Box has too little power to call a
 *  series a random walk, and the answer is no. */
export const RANDOM_WALK_MIN_CHANGES = 20

/**
 * Tests the training rows y (in the model's space: log for a log-transformed target) for a random
 * walk. lag: 10 for a non-seasonal series, 2m for a seasonal one (Hyndman and Athanasopoulos,
 * Forecasting: Principles and Practice, 5.4), at most a fifth of the changes; a seasonal series
 * with fewer than 5m changes is not tested (its lag would not reach the season).
 */
export function randomWalkTest(y: ArrayLike<number>, m: number): RandomWalkTest {
  const d = new Float64Array(Math.max(0, y.length - 1)) // (n - 1)
  for (let t = 1; t < y.length; t++) d[t - 1] = y[t]! - y[t - 1]!
  const n = d.length
  const lag = Math.min(m > 1 ? 2 * m : 10, Math.floor(n / 5))
  let mean = 0
  for (const v of d) mean += v
  mean /= n || 1
  let ss = 0
  for (const v of d) ss += (v - mean) * (v - mean)
  const sd = Math.sqrt(ss / Math.max(1, n - 1))
  // a constant series' changes are all 0: no drift, and nothing to predict beyond the last value
  const driftT = sd > 0 ? (mean / sd) * Math.sqrt(n) : mean === 0 ? 0 : Infinity
  // a seasonal series whose changes are too few for a lag of a whole season: the test could not see
  // the season, and so cannot call the series a random walk
  if (n < RANDOM_WALK_MIN_CHANGES || lag < 1 || (m > 1 && lag < m) || !(sd > 0)) return { randomWalk: false, p: NaN, lag, driftT, n }
  const p = ljungBox(d, lag).p
  return { randomWalk: p > RANDOM_WALK_ALPHA && Math.abs(driftT) < 2, p, lag, driftT, n }
}
