// Split-conformal prediction intervals. Absolute residuals |y - yhat| on the validation set give, per
// horizon step, the finite-sample quantile q = the ceil((n+1)(1-alpha))-th smallest residual; the
// interval yhat +- q then covers a new exchangeable point with probability >= 1 - alpha.

export interface ConformalIntervals {
  level: number // 1 - alpha
  n: number // validation residuals per step
  q: Float64Array // (H) half-width per horizon step, in the units of the residuals; Infinity if n is too small
}

/** residuals (n, H) row-major: n validation windows x H horizon steps (H = 1 for a single target). */
export function fitConformal(residuals: ArrayLike<number>, H = 1, level = 0.9): ConformalIntervals {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1) (got ${level})`)
  const n = Math.floor(residuals.length / H)
  const q = new Float64Array(H) // (H)
  const k = Math.ceil((n + 1) * level) // rank of the quantile, 1-based
  for (let h = 0; h < H; h++) {
    if (k > n) {
      q[h] = Infinity // too few points for this level: the honest interval is unbounded
      continue
    }
    const r = new Float64Array(n) // (n)
    for (let i = 0; i < n; i++) r[i] = Math.abs(residuals[i * H + h])
    r.sort()
    q[h] = r[k - 1]
  }
  return { level, n, q }
}

/** Share of test points inside yhat +- q, per horizon step; y and yhat (n, H) row-major. */
export function coverage(ci: ConformalIntervals, y: ArrayLike<number>, yhat: ArrayLike<number>): Float64Array {
  const H = ci.q.length
  const n = Math.floor(y.length / H)
  const out = new Float64Array(H) // (H)
  for (let i = 0; i < n; i++) for (let h = 0; h < H; h++) if (Math.abs(y[i * H + h] - yhat[i * H + h]) <= ci.q[h]) out[h]++
  for (let h = 0; h < H; h++) out[h] /= n
  return out
}
