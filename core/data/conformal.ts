// Split-conformal prediction intervals. Absolute residuals |y - yhat| on the validation set give, per
// horizon step, the finite-sample quantile q = the ceil((n+1)(1-alpha))-th smallest residual; the
// interval yhat +- q then covers a new exchangeable point with probability >= 1 - alpha.
// A series' errors are not exchangeable: their scale drifts (a trend that accelerates, a calmer or
// wilder stretch). The workbench's intervals weight each residual by its age (nonexchangeable
// conformal prediction, Barber, Candes, Ramdas & Tibshirani 2023, Ann. Statist. 51(2)): the i-th
// of n residuals in time order weighs decay^(n - i), the new point decay^0 = 1, and q is the level
// quantile of that weighted distribution with the new point's weight at +Infinity. decay = 1 is
// the plain split-conformal quantile above, to the same value.
import { finish, type Pausable } from './pausable'
import { fix, words, type Words } from './words'

/** The workbench's recency weight per origin of age (the paper's own choice for its time series):
 *  a residual 69 origins old counts half as much as the newest, and at most about 100 residuals'
 *  worth of weight ever counts, so a few dozen recent errors dominate a long series' quantiles. On
 *  the quality benchmark's series (docs/forecasting.md section 5) it brought the test-period
 *  coverage of 19 series of 41 within 85-95 % (11 with equal weights), at bands 2.9 % wider. */
export const CONFORMAL_DECAY = 0.99

/** The recency weight a run's quantiles at `level` use: CONFORMAL_DECAY, or for a level above 0.98
 *  the slower 1 - (1 - level) / 2, so that the weights can add up to twice the windows' worth the
 *  level needs, level / (1 - level). At CONFORMAL_DECAY they never exceed 99 windows' worth, and a
 *  99 % interval, which needs 99, was never calibrated however long the series; at 0.995 it needs
 *  138 validation windows (fewestCalibrating), 99.9 % 1,385 at 0.9995. The weights are
 *  fixed before any residual is seen, so the paper's guarantee holds as for 0.99; the bench's probe
 *  of 0.995 at 90 % (docs/forecasting.md section 5) kept the coverage within a point. */
export function conformalDecay(level: number): number {
  return Math.max(CONFORMAL_DECAY, 1 - (1 - level) / 2)
}

/** What a run says of an interval of zero width: every half-width `q` (per step) 0 to rounding (at
 *  most `tol`, EXACT_FIT of the errors' scale) because the errors it was calibrated on were, as on
 *  a series the forecast fits exactly (a line, a constant). Such an interval still covers the test
 *  rows; it promises nothing about new data, where any error at all falls outside it. The words
 *  count the errors that were 0 (every one, or most: a quantile of zero needs only the level's
 *  share). Null where some step's half-width is wider, or undefined. One rule for the CLI and the
 *  app (a notice kept with the run). */
export function zeroWidthNote(q: ArrayLike<number>, residuals: ArrayLike<number>, tol: number, level: number): string | null {
  const z = zeroWidthOf(q, residuals, tol)
  if (!z) return null
  const which = z.zero === z.n ? `every one of the ${z.n} validation and test errors it is calibrated on was 0` : `${z.zero} of the ${z.n} validation and test errors it is calibrated on were 0`
  return `the ${Math.round(level * 100)} % prediction interval has zero width: ${which} (to rounding: the forecast fits these rows exactly), so ${ZERO_WIDTH_MEANS}`
}

/** zeroWidthNote's test: how many of the n residuals were 0 to rounding where every half-width is. */
export function zeroWidthOf(q: ArrayLike<number>, residuals: ArrayLike<number>, tol: number): { zero: number; n: number } | null {
  if (q.length === 0 || Array.from(q).some((x) => !(Math.abs(x) <= tol))) return null
  let zero = 0
  for (let i = 0; i < residuals.length; i++) if (Math.abs(residuals[i]!) <= tol) zero++
  return { zero, n: residuals.length }
}

/** What an interval of zero width means, for zeroWidthNote and a global run's note of its series. */
export const ZERO_WIDTH_MEANS = 'it promises nothing about new data, where any error at all falls outside it; judge the forecast by whether the series keeps to the pattern fitted, not by the interval'

export interface ConformalIntervals {
  level: number // 1 - alpha
  n: number // validation residuals per step
  q: Float64Array // (H) half-width per horizon step, in the units of the residuals; Infinity if n is too small
}

/** residuals (n, H) row-major: n validation windows (in time order) x H horizon steps (H = 1 for a
 *  single target); window i of n weighs decay^(n - i) (1: all alike). */
export function fitConformal(residuals: ArrayLike<number>, H = 1, level = 0.9, decay = 1): ConformalIntervals {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1) (got ${level})`)
  checkDecay(decay)
  const n = Math.floor(residuals.length / H)
  const q = new Float64Array(H) // (H)
  const k = Math.ceil((n + 1) * level) // rank of the quantile, 1-based
  for (let h = 0; h < H; h++) {
    if (decay < 1) {
      const g = new GrowingQuantile(Float64Array.from({ length: n }, (_, i) => residuals[i * H + h]!), false, true)
      for (let i = 0; i < n; i++) g.add(i, decay ** (n - i)) // the oldest decay^n, the newest decay^1; the new point 1
      q[h] = g.quantile(level)
      continue
    }
    if (k > n) {
      q[h] = Infinity // too few points for this level: the honest interval is unbounded
      continue
    }
    const r = new Float64Array(n) // (n)
    for (let i = 0; i < n; i++) r[i] = Math.abs(residuals[i * H + h]!)
    r.sort()
    q[h] = r[k - 1]!
  }
  return { level, n, q }
}

/** The most validation windows fewestCalibrating tries: far more than any run has. */
export const MOST_WINDOWS = 1 << 17

/** The fewest validation windows whose errors calibrate an interval at `level`, weighed by age as a
 *  run weighs them (fitConformal with `decay`): one fewer, and its half-width is unbounded, so the
 *  run has no interval. null where MOST_WINDOWS do not: with decay < 1 the weights add up to less
 *  than decay / (1 - decay) windows' worth however many there are, and a level whose quantile needs
 *  more (0.99 and above, at 0.99) is never reached; a run's own decay (conformalDecay) reaches every
 *  level below 1. */
export function fewestCalibrating(level: number, decay = conformalDecay(level)): number | null {
  const calibrates = (n: number) => Number.isFinite(fitConformal(new Float64Array(n).fill(1), 1, level, decay).q[0])
  let hi = 1
  while (!calibrates(hi)) {
    if (hi >= MOST_WINDOWS) return null
    hi *= 2
  }
  let lo = Math.floor(hi / 2) // 0 or a count that does not calibrate
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (calibrates(mid)) hi = mid
    else lo = mid
  }
  return hi
}

/** Why a regression run has no prediction interval, from fewestCalibrating: its validation windows
 *  are fewer than the level needs, or no number of them calibrates it. One sentence for fw train,
 *  Evaluate and the exports. */
export function noIntervalNote(level: number, decay = conformalDecay(level)): Required<Words> {
  const p = +(level * 100).toFixed(1)
  const pct = fix(`${p}%`, `${p} %`)
  const n = fewestCalibrating(level, decay)
  const no = fix('no prediction interval', 'No prediction interval')
  if (n !== null) return words`${no}: a ${fix(`${p}% split-conformal`, `${p} %`)} interval needs at least ${n} validation windows${fix('', ' (forecasts scored on the validation rows)')}, and this run has fewer; ${fix('more rows or a larger validation share give one', "more rows, or a larger validation share in Setup's split, give one")}`
  const worth = +(decay / (1 - decay)).toFixed(2)
  // a level below decay whose windows would number more than MOST_WINDOWS
  if (level / (1 - level) < worth) return words`${no}: a ${pct} interval needs more than ${MOST_WINDOWS} validation windows, as each error weighs ${decay} times the next one's; ${fix('a lower interval.level needs fewer', "a config's lower interval.level needs fewer")}`
  return words`${no}: a ${pct} interval cannot be calibrated from any number of validation windows: each error weighs ${decay} times the next one's, so at most ${worth} windows' worth counts, and ${pct} needs more; ${fix('', "a config's ")}interval.level below ${decay} gives one`
}

function checkDecay(decay: number): void {
  if (!(decay > 0 && decay <= 1)) throw new RangeError(`decay must be in (0, 1] (got ${decay})`)
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

/** The low word of a float64 among its two Uint32 words: 0 on a little-endian machine. */
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1

/** Below this many keys ranksOf sorts by 8-bit digits, from it by 16-bit ones (measured: 8-bit
 *  35x faster on 50 keys, 15 % on 8,000, 60 % slower on 16,000). An interval calibration ranks
 *  each step's few hundred residuals, 57 times for an 18-step horizon. */
export const RADIX_SMALL = 10_000

/** Each key's 1-based rank, ties in index order: the order of sorting the indices by key, then by
 *  index (key(a) - key(b) || a - b), which an interval calibration's quantiles made with a
 *  comparator call per comparison, about a second for every step's residuals pooled on a long
 *  series and not paused in. Here a stable radix sort of the keys' bits, made to order as
 *  unsigned numbers (the sign bit set on a positive key, every bit flipped on a negative one),
 *  16 bits a pass (8 below RADIX_SMALL keys): the same order, ties kept in index order, several times faster. -0 reads as 0,
 *  its equal, as the subtraction made it. NaN is not a key (the caller ranks it as Infinity). */
export function ranksOf(keys: Float64Array): Int32Array {
  return finish(ranksOfPausing(keys))
}

/** ranksOf's rows handled between two of ranksOfPausing's pauses (each pass of the sort, and the
 *  passes before and after it, go by this many rows): a cancel waits for at most this much work,
 *  however many residuals a calibration pools. */
export const RANK_ROWS_PER_PAUSE = 1 << 16

/** ranksOf, pausing (pausable.ts) after every RANK_ROWS_PER_PAUSE rows of each of its passes: every
 *  step's residuals pooled on a long series are millions, and a cancel is heard meanwhile. The same
 *  passes in the same order: the same ranks. */
export function* ranksOfPausing(keys: Float64Array): Pausable<Int32Array> {
  const n = keys.length
  const words = new Uint32Array(Float64Array.from(keys, (x) => (x === 0 ? 0 : x)).buffer) // (2n) -0 as 0
  const lo = new Uint32Array(n) // (n)
  const hi = new Uint32Array(n) // (n)
  for (let from = 0; from < n; from += RANK_ROWS_PER_PAUSE) {
    for (let i = from, to = Math.min(n, from + RANK_ROWS_PER_PAUSE); i < to; i++) {
      const l = words[2 * i + LOW_WORD]!
      const h = words[2 * i + 1 - LOW_WORD]!
      const negative = h >>> 31 === 1
      lo[i] = negative ? ~l >>> 0 : l
      hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0
    }
    yield
  }
  let order = new Int32Array(n) // (n) indices, sorted by the digits so far
  for (let i = 0; i < n; i++) order[i] = i
  let next = new Int32Array(n) // (n)
  // a pass clears and sums a count per digit value: 65,536 of them cost more than the keys below
  // RADIX_SMALL, which take 8-bit digits (8 passes of 256 counts) instead; any digit width sorts
  // stably to the same order
  const bits = n < RADIX_SMALL ? 8 : 16
  const digits = 1 << bits
  const mask = digits - 1
  const count = new Int32Array(digits + 1) // (2^bits + 1)
  for (let pass = 0; pass < 64 / bits; pass++) {
    const word = pass < 32 / bits ? lo : hi
    const shift = (pass * bits) % 32
    count.fill(0)
    for (let from = 0; from < n; from += RANK_ROWS_PER_PAUSE) {
      for (let i = from, to = Math.min(n, from + RANK_ROWS_PER_PAUSE); i < to; i++) count[((word[i]! >>> shift) & mask) + 1]!++
      yield
    }
    for (let d = 1; d <= digits; d++) count[d]! += count[d - 1]!
    for (let from = 0; from < n; from += RANK_ROWS_PER_PAUSE) {
      for (let r = from, to = Math.min(n, from + RANK_ROWS_PER_PAUSE); r < to; r++) {
        const i = order[r]!
        next[count[(word[i]! >>> shift) & mask]!++] = i
      }
      yield
    }
    ;[order, next] = [next, order]
  }
  const rank = new Int32Array(n) // (n)
  for (let r = 0; r < n; r++) rank[order[r]!] = r + 1
  return rank
}

/** The keys GrowingQuantile ranks: the residuals (signed) or their absolute values, NaN as Infinity
 *  (ranked last, with the infinities: never let in). */
function keysOf(residuals: ArrayLike<number>, signed: boolean): Float64Array {
  const n = residuals.length
  const keys = new Float64Array(n) // (n)
  for (let i = 0; i < n; i++) {
    const a = signed ? residuals[i]! : Math.abs(residuals[i]!)
    keys[i] = a === a ? a : Infinity
  }
  return keys
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
  private readonly wTree: Float64Array | null // (n + 1) Fenwick tree of weights over the ranks (weighted only)
  private readonly top: number // highest power of two <= n
  private m = 0
  private w = 0 // the weight let in so far

  /** signed: rank the residuals as they are (the upper tail of signed errors: one side of an
   *  asymmetric interval) instead of their absolute values. weighted: each residual comes in with a
   *  weight (add's), and quantile is the weighted conformal quantile (its newWeight). ranks: those
   *  ranksOf gives the residuals' keys, made already (pausing). */
  constructor(residuals: ArrayLike<number>, signed = false, weighted = false, ranks?: Int32Array) {
    const n = residuals.length
    const keys = keysOf(residuals, signed) // (n)
    this.rankOf = ranks ?? ranksOf(keys)
    this.sorted = new Float64Array(n)
    for (let i = 0; i < n; i++) this.sorted[this.rankOf[i]! - 1] = keys[i]!
    this.tree = new Int32Array(n + 1)
    this.wTree = weighted ? new Float64Array(n + 1) : null
    let top = 1
    while (top * 2 <= n) top *= 2
    this.top = top
  }

  /** The constructor's quantile, built pausing (ranksOfPausing): a pause after every
   *  RANK_ROWS_PER_PAUSE residuals ranked, so that building one over millions of them can stop. */
  static *pausing(residuals: ArrayLike<number>, signed = false, weighted = false): Pausable<GrowingQuantile> {
    const ranks = yield* ranksOfPausing(keysOf(residuals, signed))
    return new this(residuals, signed, weighted, ranks)
  }

  /** How many residuals have been let in. */
  get size(): number {
    return this.m
  }

  /** Lets residual i (its index in the constructor's list) in, with weight `weight` (>= 0; only a
   *  weighted quantile reads it); a non-finite residual is skipped. */
  add(i: number, weight = 1): void {
    if (!Number.isFinite(this.sorted[this.rankOf[i]! - 1]!)) return
    this.m++
    for (let r = this.rankOf[i]!; r < this.tree.length; r += r & -r) this.tree[r]++
    if (this.wTree) {
      this.w += weight
      for (let r = this.rankOf[i]!; r < this.wTree.length; r += r & -r) this.wTree[r] += weight
    }
  }

  /** Multiplies every weight let in by f (> 0), so that weights relative to a reference that moves
   *  on stay in floating point's range; the quantiles are unchanged when newWeight is scaled too. */
  scale(f: number): void {
    if (!this.wTree) return
    for (let r = 1; r < this.wTree.length; r++) this.wTree[r] *= f
    this.w *= f
  }

  /** The finite-sample conformal half-width at `level` of the residuals let in so far. Weighted
   *  (nonexchangeable conformal prediction): the smallest residual at which the running weight
   *  reaches level x (the weight let in + newWeight), the new point's weight sitting at +Infinity;
   *  with every weight 1, the same rank as unweighted. Infinity while too little weight is in. */
  quantile(level: number, newWeight = 1): number {
    if (this.wTree) return this.weighted(level, newWeight)
    const k = Math.ceil((this.m + 1) * level)
    if (k > this.m || k < 1) return Infinity
    return this.sorted[this.descend(this.tree, k)]! // rank pos + 1, 0-based pos
  }

  private weighted(level: number, newWeight: number): number {
    const need = level * (this.w + newWeight)
    if (this.m === 0 || !(this.w >= need)) return Infinity
    return this.sorted[Math.min(this.descend(this.wTree!, need), this.sorted.length - 1)]!
  }

  /** The 0-based position of the smallest rank whose running total in `tree` reaches `target`
   *  (binary lifting over the Fenwick tree). */
  private descend(tree: Int32Array | Float64Array, target: number): number {
    let pos = 0
    let left = target
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step
      if (next < tree.length && tree[next]! < left) {
        pos = next
        left -= tree[next]!
      }
    }
    return pos
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
export function sequentialConformal(calibration: ArrayLike<number>, test: ArrayLike<number>, observed: ArrayLike<number>, origins: ArrayLike<number>, H: number, level = 0.9, decay = 1): Float64Array {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1) (got ${level})`)
  checkDecay(decay)
  const nc = Math.floor(calibration.length / H)
  const n = origins.length
  const q = new Float64Array(n * H) // (n, H)
  const byOrigin = Array.from({ length: n }, (_, i) => i).sort((a, b) => origins[a]! - origins[b]! || a - b)
  // weights by age in origins: the calibration windows in their order, then the test windows in
  // their origins' order; test window i's own interval weighs its new point as the newest, decay^0
  const place = new Int32Array(n) // test window -> its position among all nc + n windows
  byOrigin.forEach((i, r) => (place[i] = nc + r))
  const N = nc + n
  for (let h = 0; h < H; h++) {
    const all = new Float64Array(N) // calibration residuals, then the test ones (of step h)
    for (let i = 0; i < nc; i++) all[i] = calibration[i * H + h]!
    for (let i = 0; i < n; i++) all[nc + i] = test[i * H + h]!
    const g = new GrowingQuantile(all, false, decay < 1)
    // a window at position j weighs decay^(ref - j), ref moving on with the test origins (scale:
    // the weights stay within e^+-200 of the newest, older ones may fade to 0)
    let ref = nc
    const weightAt = (j: number) => (decay < 1 ? decay ** (ref - j) : 1)
    for (let i = 0; i < nc; i++) g.add(i, weightAt(i))
    const bySeen = Array.from({ length: n }, (_, i) => i).sort((a, b) => observed[a * H + h]! - observed[b * H + h]! || a - b)
    let next = 0
    for (const i of byOrigin) {
      if (decay < 1 && (place[i]! - ref) * -Math.log(decay) > 200) {
        g.scale(decay ** (place[i]! - ref))
        ref = place[i]!
      }
      while (next < n && observed[bySeen[next]! * H + h]! <= origins[i]!) {
        const j = bySeen[next++]!
        g.add(nc + j, weightAt(place[j]!))
      }
      q[i * H + h] = g.quantile(level, weightAt(place[i]!))
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
export function conformalThroughTest(validation: ArrayLike<number>, test: ArrayLike<number>, observed: ArrayLike<number>, origins: ArrayLike<number>, H: number, level: number, decay = conformalDecay(level)): TestPeriodIntervals {
  const perWindow = sequentialConformal(validation, test, observed, origins, H, level, decay)
  // the test windows in their origins' order, after validation's, for the weights by age
  const n = origins.length
  const byOrigin = Array.from({ length: n }, (_, i) => i).sort((a, b) => origins[a]! - origins[b]! || a - b)
  const both = new Float64Array(validation.length + n * H)
  both.set(validation)
  byOrigin.forEach((i, r) => both.set(Array.prototype.slice.call(test, i * H, i * H + H) as number[], validation.length + r * H))
  return { perWindow, coverage: shareInside(test, (i, h) => perWindow[i * H + h]!, H), q: fitConformal(both, H, level, decay).q }
}
