// The few pieces of R's stats package that ets() and thetaf() lean on: least squares (lsfit, lm),
// classical decomposition (decompose) and the sample autocorrelation (acf).

/**
 * Least-squares coefficients of y on the columns of X, by Householder QR as R's lm() does it
 * (without pivoting: the callers pass full-rank designs). X is (n, p) row-major.
 */
export function leastSquares(X: Float64Array, y: Float64Array, n: number, p: number): Float64Array {
  const A = Float64Array.from(X) // (n, p) reduced in place to R
  const b = Float64Array.from(y) // (n) becomes Q'y
  for (let k = 0; k < p; k++) {
    let norm = 0
    for (let i = k; i < n; i++) norm += A[i * p + k] * A[i * p + k]
    norm = Math.sqrt(norm)
    if (norm === 0) throw new RangeError('leastSquares: the design matrix is rank deficient')
    const alpha = A[k * p + k] > 0 ? -norm : norm
    // v = x - alpha e1, stored over column k
    A[k * p + k] -= alpha
    let vv = 0
    for (let i = k; i < n; i++) vv += A[i * p + k] * A[i * p + k]
    for (let j = k + 1; j < p; j++) {
      let s = 0
      for (let i = k; i < n; i++) s += A[i * p + k] * A[i * p + j]
      const c = (2 * s) / vv
      for (let i = k; i < n; i++) A[i * p + j] -= c * A[i * p + k]
    }
    let s = 0
    for (let i = k; i < n; i++) s += A[i * p + k] * b[i]
    const c = (2 * s) / vv
    for (let i = k; i < n; i++) b[i] -= c * A[i * p + k]
    A[k * p + k] = alpha // R's diagonal
  }
  const coef = new Float64Array(p) // (p) back substitution on R
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k]
    for (let j = k + 1; j < p; j++) s -= A[k * p + j] * coef[j]
    coef[k] = s / A[k * p + k]
  }
  return coef
}

/** R's lsfit(x, y)$coefficients for one regressor: [intercept, slope]. */
export function lineFit(x: ArrayLike<number>, y: ArrayLike<number>, n: number): [number, number] {
  let xb = 0
  let yb = 0
  for (let i = 0; i < n; i++) {
    xb += x[i]
    yb += y[i]
  }
  xb /= n
  yb /= n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - xb) * (y[i] - yb)
    sxx += (x[i] - xb) * (x[i] - xb)
  }
  const slope = sxy / sxx
  return [yb - slope * xb, slope]
}

/**
 * stats::decompose(x, type): the centred moving average of order m (2 x m for even m) as trend,
 * the per-position mean of x / trend (or x - trend) as the seasonal figure, normalised to mean 1
 * (or 0). Positions count from x[0], as decompose does. Returns the figure (m); seasonal[t] = figure[t % m].
 */
export function decomposeFigure(x: Float64Array, m: number, multiplicative: boolean): Float64Array {
  const n = x.length
  if (m <= 1 || n < 2 * m) throw new RangeError(`decompose: the series has ${n} points, it needs 2 periods (${2 * m})`)
  const even = m % 2 === 0
  const nf = even ? m + 1 : m
  const w = new Float64Array(nf) // (nf) filter weights
  for (let j = 0; j < nf; j++) w[j] = (even && (j === 0 || j === nf - 1) ? 0.5 : 1) / m
  const o = Math.floor(nf / 2)
  const sum = new Float64Array(m) // (m)
  const cnt = new Float64Array(m) // (m)
  for (let t = o; t < n - (nf - 1 - o); t++) {
    let trend = 0
    for (let j = 0; j < nf; j++) trend += w[j] * x[t + o - j] // stats::filter(sides = 2)'s order
    const d = multiplicative ? x[t] / trend : x[t] - trend
    // mean(season, na.rm = TRUE): a 0 where the moving average is 0 too (a series that crosses 0) is NaN, left out
    if (d !== d) continue
    sum[t % m] += d
    cnt[t % m]++
  }
  const fig = new Float64Array(m) // (m)
  let mean = 0
  for (let i = 0; i < m; i++) {
    fig[i] = sum[i] / cnt[i]
    mean += fig[i] / m
  }
  for (let i = 0; i < m; i++) fig[i] = multiplicative ? fig[i] / mean : fig[i] - mean
  return fig
}

/** Sample autocorrelations r_1..r_maxLag as stats::acf (demeaned, divided by the lag-0 sum). (maxLag) */
export function acf(x: Float64Array, maxLag: number): Float64Array {
  const n = x.length
  let mean = 0
  for (let t = 0; t < n; t++) mean += x[t]
  mean /= n
  let c0 = 0
  for (let t = 0; t < n; t++) c0 += (x[t] - mean) * (x[t] - mean)
  const r = new Float64Array(maxLag) // (maxLag)
  for (let k = 1; k <= maxLag; k++) {
    let s = 0
    for (let t = 0; t + k < n; t++) s += (x[t] - mean) * (x[t + k] - mean)
    r[k - 1] = s / c0
  }
  return r
}
