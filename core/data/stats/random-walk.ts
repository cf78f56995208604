// Is a series a random walk? (issue 12: "some series really are random walks, where naive is the
// best forecast; there a run must say so and fall back, openly"). The test reads the training rows
// only: their one-step changes are a random walk's when nothing in them predicts the next change
// (two portmanteau tests of their autocorrelations find none at 5 %) and their mean is not told
// apart from 0 (a drift's t statistic under 2). Then the last value is the best forecast of every
// future value that the past can give.
//
// Both portmanteau tests hold their size when the variance changes, which Ljung-Box does not:
// Ljung-Box takes each autocorrelation's variance to be 1/n, true of independent changes only.
// Prices' changes are uncorrelated but come in calm and wild stretches (volatility clustering), or
// hold one bad print, and then Ljung-Box finds "structure" in a random walk far more often than 5 %
// of the time (simulated, docs/forecasting.md: 26 % of GARCH walks, 97 % with one bad print), and
// the run extrapolated noise on stock indices and gold.
// - The robust portmanteau test (Lobato, Nankervis and Savin 2001) divides each squared
//   autocorrelation by its own estimated variance.
// - The sign portmanteau test is Ljung-Box on the signs of the non-zero changes: the signs of
//   changes e_t = s_t z_t with z_t independent and symmetric are independent whatever s_t does
//   (Campbell and Dufour 1995, "Exact nonparametric orthogonality and random walk tests", Review of
//   Economics and Statistics 77(1)), and a few extreme changes weigh no more than any other.
// The robust test alone loses power when the evidence of dependence sits in a few wild stretches
// (inflation through a war, a river's floods): its variance estimate is dominated by them. Calling a
// series a random walk overrides validation and costs much when wrong, so both must find nothing.
import { acf } from './linalg'

/** The significance level of every test. */
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

/**
 * The portmanteau test robust to conditional heteroskedasticity: Q~ = n sum_k r~_k^2 with
 * r~_k^2 = g_k^2 / t_k, g_k = (1/n) sum_t e_t e_{t-k}, t_k = (1/n) sum_t e_t^2 e_{t-k}^2 over the
 * demeaned x, compared with a chi-squared on lag degrees of freedom (Lobato, Nankervis and Savin,
 * "Testing for autocorrelation using a modified Box-Pierce Q test", International Economic Review
 * 42(1), 2001; the same r~_k as Escanciano and Lobato's automatic portmanteau test, J. Econometrics
 * 151, 2009). For independent x with a constant variance t_k is about g_0^2, and Q~ is Box-Pierce's
 * n sum r_k^2; when the variance clusters, t_k is larger and Q~ smaller, as the autocorrelations'
 * own spread is.
 */
export function robustPortmanteau(x: Float64Array, lag: number): { statistic: number; df: number; p: number } {
  const n = x.length
  if (!(lag >= 1) || lag >= n) throw new RangeError(`robustPortmanteau: lag must be in 1..${n - 1}, got ${lag}`)
  let mean = 0
  for (let t = 0; t < n; t++) mean += x[t]!
  mean /= n
  const e = new Float64Array(n) // (n)
  for (let t = 0; t < n; t++) e[t] = x[t]! - mean
  let q = 0
  for (let k = 1; k <= lag; k++) {
    let g = 0
    let tk = 0
    for (let t = k; t < n; t++) {
      const ee = e[t]! * e[t - k]!
      g += ee
      tk += ee * ee
    }
    // n (g/n)^2 / (tk/n) = g^2 / tk; tk = 0 only when every product is 0, so g is too
    if (tk > 0) q += (g * g) / tk
  }
  return { statistic: q, df: lag, p: chiSquaredUpper(q, lag) }
}

/** Ljung-Box on the signs of x's non-zero values: the sign portmanteau test, valid for independent
 *  changes symmetric about 0 of any changing scale, and insensitive to outliers. About 0, not about
 *  the sample median: a calm stretch's small changes would then fall on one side of a median a
 *  little off 0 together, and their signs would cluster with the variance (the test file's GARCH
 *  walks were rejected 10 % of the time so). Zeros are left out: a calm stretch holds more of them.
 *  NaN when fewer than 2 lag + 1 values are non-zero. */
export function signPortmanteau(x: Float64Array, lag: number): { statistic: number; df: number; p: number } {
  const signs = Float64Array.from(Array.from(x).filter((v) => v !== 0), Math.sign)
  if (signs.length < 2 * lag + 1) return { statistic: NaN, df: lag, p: NaN }
  return ljungBox(signs, lag)
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
  /** The robust portmanteau p-value of the one-step changes, its lag, and the changes' mean over
   *  its standard error. */
  p: number
  /** The sign portmanteau p-value at the same lag (NaN with too few non-zero changes). A random
   *  walk needs both p-values above 5 %. */
  signP: number
  /** Ljung-Box's p-value at the same lag, which assumes a constant variance: said beside the two
   *  when it alone rejects, so that an analyst who checks with Box.test sees why. */
  ljungBoxP: number
  lag: number
  driftT: number
  /** How many changes were read. */
  n: number
  /** Set when the changes look like white noise on their own but move with those of an input known
   *  at the row they forecast (changesFollow): then randomWalk is false, since that input tells the
   *  next change apart from noise. */
  follows?: { input: string; t: number; p: number }
}

/** Fewest training changes the test is run on: below it, the test has too little power to call a
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
  if (n < RANDOM_WALK_MIN_CHANGES || lag < 1 || (m > 1 && lag < m) || !(sd > 0)) return { randomWalk: false, p: NaN, signP: NaN, ljungBoxP: NaN, lag, driftT, n }
  const p = robustPortmanteau(d, lag).p
  const signP = signPortmanteau(d, lag).p
  return { randomWalk: p > RANDOM_WALK_ALPHA && signP > RANDOM_WALK_ALPHA && Math.abs(driftT) < 2, p, signP, ljungBoxP: ljungBox(d, lag).p, lag, driftT, n }
}

/** The p-value under which an input known in the future explains a random walk's changes
 *  (changesFollow), over the number of input columns tested (Bonferroni). Strict: calling a series a
 *  random walk keeps a network from overfitting runs that look like trends; this must be plain. */
export const FOLLOWS_ALPHA = 0.01
/** The least share of the changes' variance an input must explain (the slope's R²) to lift the
 *  guard: a weekday effect in a stock index's daily changes can be plain over a few hundred days
 *  (the DAX of 1991-97: t = 3.0) and explain 3 % of them, too little to forecast from, while
 *  lifting the guard lets the statistical models extrapolate the walk's runs. */
export const FOLLOWS_MIN_R2 = 0.1
/** The most leverage one row may have in changesFollow's slope: a row above it carries the slope
 *  nearly alone, and HC3's (1 - h)² then divides by nearly 0. */
export const FOLLOWS_MAX_LEVERAGE = 0.5

/** How many values of `xs` equal its most common one. */
function modeCount(xs: number[]): number {
  const counts = new Map<number, number>()
  let most = 0
  for (const x of xs) {
    const c = (counts.get(x) ?? 0) + 1
    counts.set(x, c)
    if (c > most) most = c
  }
  return most
}

/** Fewest rows on which an input must change for changesFollow to test it (a month input over
 *  fewer than 10 months is not tested: HC3 still errs to the small side on a handful of rows). */
export const FOLLOWS_MIN_MOVES = 10

/**
 * How far the one-step changes dy of a series move with those of an input, dx, at the same rows:
 * the least-squares slope of dy on dx (both centred) over its heteroskedasticity-consistent
 * standard error, and the two-sided normal p-value. The error is HC3 (MacKinnon & White 1985, J.
 * Econometrics 29(3)): White's HC0 holds when the changes' variance is not constant, but where a
 * few rows carry the slope (an input that changes on few of them) it is far too small; HC3 divides
 * each squared residual by (1 - h)², h its leverage. Simulated on pure random walks at p < 0.005:
 * a month input over 105 daily rows (3 changes) came out followed 18.8 % of the time with HC0 and
 * 6.3 % with HC3, over 350 rows (11 changes) 3.0 % and 1.5 %, a holiday flag (4 days in 105)
 * 2.8 % and 0.5 %; a promotion on 3 days in 10 over 42 rows 2.3 % and 1.3 %, with no loss of power
 * against a lift of twice the steps' sd. An input known
 * at the row a forecast is for (a promotion, a holiday) that moves with the changes says what a
 * random walk's next change is, which its history alone cannot. Pairs with a non-finite value are
 * skipped; t and p are NaN with fewer than RANDOM_WALK_MIN_CHANGES pairs, fewer than
 * FOLLOWS_MIN_MOVES dx that differ from the most common one, a row of leverage above
 * FOLLOWS_MAX_LEVERAGE, or residuals all 0. r2: the share of dy's variance the slope explains.
 */
export function changesFollow(dy: ArrayLike<number>, dx: ArrayLike<number>): { t: number; p: number; n: number; r2: number } {
  const ys: number[] = []
  const xs: number[] = []
  for (let i = 0; i < Math.min(dy.length, dx.length); i++) {
    if (Number.isFinite(dy[i]) && Number.isFinite(dx[i])) {
      ys.push(dy[i]!)
      xs.push(dx[i]!)
    }
  }
  const n = ys.length
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / n
  const my = mean(ys)
  const mx = mean(xs)
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2
    sxy += (xs[i]! - mx) * (ys[i]! - my)
    syy += (ys[i]! - my) ** 2
  }
  // an input whose change differs from its usual one on few rows (a month, a sparse holiday table,
  // a countdown with one reset) leaves those few to carry the slope: below FOLLOWS_MIN_MOVES of
  // them, or with one row of leverage above FOLLOWS_MAX_LEVERAGE, it is not tested
  const moves = n - modeCount(xs)
  const none = { t: NaN, p: NaN, n, r2: NaN }
  if (n < RANDOM_WALK_MIN_CHANGES || moves < FOLLOWS_MIN_MOVES || !(sxx > 0)) return none
  const b = sxy / sxx
  let v = 0 // Σ x² e² / (1 - h)²: HC3, each residual scaled up by its row's leverage h
  for (let i = 0; i < n; i++) {
    const x = xs[i]! - mx
    const e = ys[i]! - my - b * x
    const h = 1 / n + (x * x) / sxx
    if (h > FOLLOWS_MAX_LEVERAGE) return none
    v += (x * x * e * e) / ((1 - h) * (1 - h))
  }
  // changes that fit the slope exactly (v 0) are no evidence either way: not tested
  if (!(v > 0)) return none
  const t = b / (Math.sqrt(v) / sxx)
  return { t, p: chiSquaredUpper(t * t, 1), n, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 0 }
}
