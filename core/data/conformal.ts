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
  return shareInside(Float64Array.from({ length: Math.floor(y.length / H) * H }, (_, i) => y[i]! - yhat[i]!), (_, h) => ci.q[h]!, H)
}

/** Share of residuals (n, H) row-major with |residual| <= halfAt(window, step), per step. */
function shareInside(residuals: ArrayLike<number>, halfAt: (i: number, h: number) => number, H: number): Float64Array {
  const n = Math.floor(residuals.length / H)
  const out = new Float64Array(H) // (H)
  for (let i = 0; i < n; i++) for (let h = 0; h < H; h++) if (Math.abs(residuals[i * H + h]!) <= halfAt(i, h)) out[h]++
  for (let h = 0; h < H; h++) out[h] /= n
  return out
}

/**
 * The conformal quantile of a set of absolute (or signed) residuals that grows as their outcomes are observed.
 * Every residual that may ever join is given up front and ranked once; add(i) lets residual i in and
 * quantile(level) is the ceil((m+1)·level)-th smallest |residual| of the m let in so far (Infinity
 * while m is too small for the level), as fitConformal computes it from those m. A Fenwick tree over
 * the ranks makes both O(log n), so a quantile at each of thousands of origins stays cheap.
 * Non-finite residuals are never counted.
 */
export class GrowingQuantile {
  private readonly sorted: Float64Array // (n) |residual| ascending
  private readonly rankOf: Int32Array // (n) residual i -> 1-based position in sorted
  private readonly tree: Int32Array // (n + 1) Fenwick tree of counts over the ranks
  private readonly top: number // highest power of two <= n
  private m = 0

  /** signed: rank the residuals as they are (the upper tail of signed errors: one side of an
   *  asymmetric interval) instead of their absolute values. */
  constructor(residuals: ArrayLike<number>, signed = false) {
    const n = residuals.length
    const key = (i: number) => {
      const a = signed ? residuals[i]! : Math.abs(residuals[i]!)
      return a === a ? a : Infinity // NaN last, with the infinities: never let in
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b)
    this.sorted = Float64Array.from(order, key)
    this.rankOf = new Int32Array(n)
    order.forEach((i, r) => (this.rankOf[i] = r + 1))
    this.tree = new Int32Array(n + 1)
    let top = 1
    while (top * 2 <= n) top *= 2
    this.top = top
  }

  /** How many residuals have been let in. */
  get size(): number {
    return this.m
  }

  /** Lets residual i (its index in the constructor's list) in; a non-finite one is skipped. */
  add(i: number): void {
    if (!Number.isFinite(this.sorted[this.rankOf[i]! - 1]!)) return
    this.m++
    for (let r = this.rankOf[i]!; r < this.tree.length; r += r & -r) this.tree[r]++
  }

  /** The finite-sample conformal half-width at `level` of the residuals let in so far. */
  quantile(level: number): number {
    const k = Math.ceil((this.m + 1) * level)
    if (k > this.m || k < 1) return Infinity
    // the smallest rank whose running count reaches k (binary lifting over the tree)
    let pos = 0
    let left = k
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step
      if (next < this.tree.length && this.tree[next]! < left) {
        pos = next
        left -= this.tree[next]!
      }
    }
    return this.sorted[pos]! // rank pos + 1, 0-based pos
  }
}

/**
 * Sequential split-conformal half-widths over a test period (n windows, H steps, row-major): the
 * interval at test origin i, step h, is calibrated on every calibration (validation) residual of
 * step h and every test residual of step h already observed at that origin (observed[j, h] <=
 * origins[i]); the same procedure that calibrates the forecast past the end on validation and test
 * alike, replayed as the test period unfolds, so each test interval uses only what was known when it
 * was made. Returns (n, H) half-widths, Infinity where there are too few residuals for the level.
 */
export function sequentialConformal(calibration: ArrayLike<number>, test: ArrayLike<number>, observed: ArrayLike<number>, origins: ArrayLike<number>, H: number, level = 0.9): Float64Array {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1) (got ${level})`)
  const nc = Math.floor(calibration.length / H)
  const n = origins.length
  const q = new Float64Array(n * H) // (n, H)
  const byOrigin = Array.from({ length: n }, (_, i) => i).sort((a, b) => origins[a]! - origins[b]! || a - b)
  for (let h = 0; h < H; h++) {
    const all = new Float64Array(nc + n) // calibration residuals, then the test ones (of step h)
    for (let i = 0; i < nc; i++) all[i] = calibration[i * H + h]!
    for (let i = 0; i < n; i++) all[nc + i] = test[i * H + h]!
    const g = new GrowingQuantile(all)
    for (let i = 0; i < nc; i++) g.add(i)
    const bySeen = Array.from({ length: n }, (_, i) => i).sort((a, b) => observed[a * H + h]! - observed[b * H + h]! || a - b)
    let next = 0
    for (const i of byOrigin) {
      while (next < n && observed[bySeen[next]! * H + h]! <= origins[i]!) g.add(nc + bySeen[next++]!)
      q[i * H + h] = g.quantile(level)
    }
  }
  return q
}

export interface TestPeriodIntervals {
  /** (n, H) each test window's half-widths at its origin (sequentialConformal). */
  perWindow: Float64Array
  /** (H) the share of test windows inside their own interval, per step. */
  coverage: Float64Array
  /** (H) the half-widths of every validation and test residual: those kept for after the data. */
  q: Float64Array
}

/**
 * Split-conformal intervals through a test period, from validation's residuals (nv, H) and the
 * test windows' (n, H), each observed at its row `observed` (n, H) and forecast from `origins` (n):
 * evaluate's for a single series and each series' of a global run. The caller has checked that
 * validation alone calibrates every step (fitConformal's half-widths all finite).
 */
export function conformalThroughTest(validation: ArrayLike<number>, test: ArrayLike<number>, observed: ArrayLike<number>, origins: ArrayLike<number>, H: number, level: number): TestPeriodIntervals {
  const perWindow = sequentialConformal(validation, test, observed, origins, H, level)
  const both = new Float64Array(validation.length + test.length)
  both.set(validation)
  both.set(test, validation.length)
  return { perWindow, coverage: shareInside(test, (i, h) => perWindow[i * H + h]!, H), q: fitConformal(both, H, level).q }
}
