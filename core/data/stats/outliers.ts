// Outliers as R's forecast::tsoutliers() finds and replaces them (Hyndman; forecast 8.20): a
// series is seasonally adjusted by a robust STL when its season is strong, smoothed by Friedman's
// super smoother, and a point whose residual lies more than 3 interquartile ranges outside the
// residuals' quartiles is an outlier; it is replaced by na.interp()'s value, and the search runs
// once more on the cleaned series. One bad print (a 5000 among values near 50) throws ETS, Theta and
// ARIMA far off; the run fits them on the cleaned training rows instead, and says so.
//
// Ported here: supsmu (stats' ppr.f, Friedman 1984) with R's defaults (span "cv", bass 0), mstl()
// of one season with robust = TRUE (stl.f's robust passes, in arima-diffs.ts), na.interp() (linear,
// or seasonal: a Fourier + polynomial regression to fill, then the robust STL's seasonally adjusted
// series interpolated linearly plus its seasonal part) and tsoutliers() itself. Checked against R
// on real series with and without planted outliers (fixtures/generate-outliers.R).

import { stlPausing, variance } from './arima-diffs'
import { leastSquares } from './linalg'
import { finish, type Pausable } from '../pausable'

// ppr.f's DATA statement gives these double precision constants in single precision literals (its
// sml only enters the bass penalty, which R's default bass = 0 turns off).
const SPANS = [Math.fround(0.05), Math.fround(0.2), Math.fround(0.5)] as const
const BIG = Math.fround(1e20)
const EPS = Math.fround(1e-3)

/** ppr.f's smooth: a running-lines smoother of span `span` over (x, y) sorted by x, unit weights.
 *  iper > 0 also writes the cross-validated absolute residuals into acvr. (n) each */
function smooth(x: Float64Array, y: Float64Array, span: number, iper: number, vsmlsq: number, smo: Float64Array, acvr: Float64Array | null): void {
  const n = x.length
  const X = (i: number) => x[i - 1]!
  const Y = (i: number) => y[i - 1]!
  let xm = 0
  let ym = 0
  let v = 0
  let cvar = 0
  let fbw = 0
  let ibw = Math.trunc(0.5 * span * n + 0.5)
  if (ibw < 2) ibw = 2
  const it = 2 * ibw + 1
  for (let i = 1; i <= Math.min(it, n); i++) {
    const j = i
    const xti = X(j)
    const wt = 1
    const fbo = fbw
    fbw += wt
    if (fbw > 0) xm = (fbo * xm + wt * xti) / fbw
    if (fbw > 0) ym = (fbo * ym + wt * Y(j)) / fbw
    let tmp = 0
    if (fbo > 0) tmp = (fbw * wt * (xti - xm)) / fbo
    v += tmp * (xti - xm)
    cvar += tmp * (Y(j) - ym)
  }
  for (let j = 1; j <= n; j++) {
    const out = j - ibw - 1
    const inn = j + ibw
    if (out >= 1 && inn <= n) {
      const xto = X(out)
      const xti = X(inn)
      let wt = 1
      let fbo = fbw
      fbw -= wt
      let tmp = 0
      if (fbw > 0) tmp = (fbo * wt * (xto - xm)) / fbw
      v -= tmp * (xto - xm)
      cvar -= tmp * (Y(out) - ym)
      if (fbw > 0) xm = (fbo * xm - wt * xto) / fbw
      if (fbw > 0) ym = (fbo * ym - wt * Y(out)) / fbw
      wt = 1
      fbo = fbw
      fbw += wt
      if (fbw > 0) xm = (fbo * xm + wt * xti) / fbw
      if (fbw > 0) ym = (fbo * ym + wt * Y(inn)) / fbw
      tmp = 0
      if (fbo > 0) tmp = (fbw * wt * (xti - xm)) / fbo
      v += tmp * (xti - xm)
      cvar += tmp * (Y(inn) - ym)
    }
    let a = 0
    if (v > vsmlsq) a = cvar / v
    smo[j - 1] = a * (X(j) - xm) + ym
    if (iper <= 0 || !acvr) continue
    let h = 0
    if (fbw > 0) h = 1 / fbw
    if (v > vsmlsq) h += ((X(j) - xm) * (X(j) - xm)) / v
    acvr[j - 1] = 0
    a = 1 - h
    if (a > 0) acvr[j - 1] = Math.abs(Y(j) - smo[j - 1]!) / a
    else if (j > 1) acvr[j - 1] = acvr[j - 2]!
  }
  // fitted values of tied x are their mean (x here is strictly increasing: nothing to do, but the
  // port keeps R's rule for any caller that passes ties)
  let j = 1
  while (j <= n) {
    const j0 = j
    let sy = smo[j - 1]!
    let fw = 1
    while (j < n && !(X(j + 1) > X(j))) {
      j++
      sy += smo[j - 1]!
      fw += 1
    }
    if (j > j0) for (let i = j0; i <= j; i++) smo[i - 1] = sy / fw
    j++
  }
}

/** stats::supsmu(x, y)$y with its defaults (span = "cv", bass = 0, unit weights), x strictly
 *  increasing (a time index). (n) */
export function supsmu(x: Float64Array, y: Float64Array): Float64Array {
  return finish(supsmuPausing(x, y))
}

/** supsmu, paused (pausable.ts) after each of its running-lines smooths. */
function* supsmuPausing(x: Float64Array, y: Float64Array): Pausable<Float64Array> {
  const n = y.length
  if (x.length !== n) throw new RangeError(`supsmu: x has ${x.length} values and y ${n}`)
  const smo = new Float64Array(n) // (n)
  if (!(x[n - 1]! > x[0]!)) {
    let s = 0
    for (let i = 0; i < n; i++) s += y[i]!
    smo.fill(n > 0 ? s / n : 0)
    return smo
  }
  let i = Math.trunc(n / 4)
  let j = 3 * i
  let scale = x[j - 1]! - x[i - 1]!
  while (!(scale > 0)) {
    if (j < n) j++
    if (i > 1) i--
    scale = x[j - 1]! - x[i - 1]!
  }
  const vsmlsq = (EPS * scale) * (EPS * scale)
  const sc = Array.from({ length: 7 }, () => new Float64Array(n)) // sc(n, 7)
  const h = new Float64Array(n) // (n) unused cross-validation scratch
  for (let k = 0; k < 3; k++) {
    smooth(x, y, SPANS[k]!, 1, vsmlsq, sc[2 * k]!, sc[6]!)
    yield
    smooth(x, sc[6]!, SPANS[1], -1, vsmlsq, sc[2 * k + 1]!, h)
    yield
  }
  for (let t = 0; t < n; t++) {
    let resmin = BIG
    for (let k = 0; k < 3; k++) {
      if (sc[2 * k + 1]![t]! >= resmin) continue
      resmin = sc[2 * k + 1]![t]!
      sc[6]![t] = SPANS[k]!
    }
    // bass = 0: no woofer penalty (alpha <= 0 has no effect)
  }
  smooth(x, sc[6]!, SPANS[1], -1, vsmlsq, sc[1]!, h)
  yield
  for (let t = 0; t < n; t++) {
    let s = sc[1]![t]!
    if (s <= SPANS[0]) s = SPANS[0]
    if (s >= SPANS[2]) s = SPANS[2]
    sc[1]![t] = s
    let f = s - SPANS[1]
    if (f < 0) {
      f = -f / (SPANS[1] - SPANS[0])
      sc[3]![t] = (1 - f) * sc[2]![t]! + f * sc[0]![t]!
    } else {
      f = f / (SPANS[2] - SPANS[1])
      sc[3]![t] = (1 - f) * sc[2]![t]! + f * sc[4]![t]!
    }
  }
  smooth(x, sc[3]!, SPANS[0], -1, vsmlsq, smo, h)
  return smo
}

/** The super smoother of y against 1..n, pausing as supsmuPausing. */
function supsmuIndex(y: Float64Array): Pausable<Float64Array> {
  const t = new Float64Array(y.length) // (n) 1..n
  for (let i = 0; i < y.length; i++) t[i] = i + 1
  return supsmuPausing(t, y)
}

/** mstl(ts(x, frequency = m), robust = TRUE) for one season m > 1: stl with s.window 11, robust,
 *  pausing within (stlPausing). */
function mstlRobust(x: Float64Array, m: number): Pausable<{ seasonal: Float64Array; trend: Float64Array }> {
  return stlPausing(x, m, 11, true)
}

/** R's approx(idx, v[idx], 1:n, rule = 2)$y: linear interpolation over the finite points, constant
 *  beyond the first and the last. `known[i]`: whether v[i] is a point. */
function approxFill(v: Float64Array, known: Uint8Array): Float64Array {
  const n = v.length
  const out = Float64Array.from(v) // (n)
  let prev = -1
  for (let i = 0; i < n; i++) {
    if (!known[i]) continue
    if (prev < 0) for (let k = 0; k < i; k++) out[k] = v[i]!
    else for (let k = prev + 1; k < i; k++) out[k] = v[prev]! + ((v[i]! - v[prev]!) * (k - prev)) / (i - prev)
    prev = i
  }
  if (prev >= 0) for (let k = prev + 1; k < n; k++) out[k] = v[prev]!
  return out
}

/** forecast::na.interp(x) for a series of frequency m (NaN = missing), lambda NULL: linear when
 *  m <= 1 or at most 2m values are present; otherwise the seasonal fill described above, which
 *  falls back to linear when it leaves the data's range by more than half that range. (n) */
export function naInterp(x: Float64Array, m: number): Float64Array {
  return finish(naInterpPausing(x, m))
}

/** naInterp, paused after its regression's design, after its least squares and within its robust
 *  STL (a seasonal fill of 20,000 hourly rows took about as long as a search's pass). */
function* naInterpPausing(x: Float64Array, m: number): Pausable<Float64Array> {
  const n = x.length
  const known = new Uint8Array(n) // (n)
  let present = 0
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < n; i++) {
    if (x[i] === x[i]) {
      known[i] = 1
      present++
      if (x[i]! < lo) lo = x[i]!
      if (x[i]! > hi) hi = x[i]!
    }
  }
  if (present === n) return Float64Array.from(x)
  if (present === 0) throw new RangeError('naInterp: every value is missing')
  if (m <= 1 || present <= 2 * m) return approxFill(x, known)
  // lm(x ~ cbind(fourier(x, K), poly(tt, degree))): an intercept, K harmonics (sin dropped where it
  // vanishes) and a polynomial in time; its fitted values fill the gaps for the robust STL.
  const K = Math.min(Math.trunc(m / 2), 5)
  const degree = Math.min(Math.max(Math.trunc(n / 10), 1), 6)
  const cols: ((t: number) => number)[] = [() => 1]
  for (let k = 1; k <= K; k++) {
    const p = k / m
    if (Math.abs(2 * p - Math.round(2 * p)) > Number.EPSILON) cols.push((t) => Math.sin(2 * Math.PI * p * t))
    cols.push((t) => Math.cos(2 * Math.PI * p * t))
  }
  // poly() is an orthogonal basis of the powers 1..degree: the same column space as the powers of
  // a centred and scaled time, which keeps the least squares well conditioned.
  const mid = (n + 1) / 2
  const half = Math.max((n - 1) / 2, 1)
  for (let d = 1; d <= degree; d++) cols.push((t) => ((t - mid) / half) ** d)
  const p = cols.length
  const X = new Float64Array(present * p) // (present, p)
  const yk = new Float64Array(present) // (present)
  for (let i = 0, r = 0; i < n; i++) {
    if (!known[i]) continue
    for (let c = 0; c < p; c++) X[r * p + c] = cols[c]!(i + 1)
    yk[r++] = x[i]!
  }
  yield
  const beta = leastSquares(X, yk, present, p)
  yield
  const filled = Float64Array.from(x) // (n)
  for (let i = 0; i < n; i++) {
    if (known[i]) continue
    let s = 0
    for (let c = 0; c < p; c++) s += beta[c]! * cols[c]!(i + 1)
    filled[i] = s
  }
  const { seasonal } = yield* mstlRobust(filled, m)
  const sa = new Float64Array(n) // (n) seasonally adjusted
  for (let i = 0; i < n; i++) sa[i] = filled[i]! - seasonal[i]!
  const saFill = approxFill(sa, known)
  const out = Float64Array.from(x) // (n)
  let outLo = Infinity
  let outHi = -Infinity
  for (let i = 0; i < n; i++) {
    if (!known[i]) out[i] = saFill[i]! + seasonal[i]!
    if (out[i]! < outLo) outLo = out[i]!
    if (out[i]! > outHi) outHi = out[i]!
  }
  const range = hi - lo
  if (outHi > hi + 0.5 * range || outLo < lo - 0.5 * range) return approxFill(x, known)
  return out
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b)
  const k = s.length >> 1
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2
}

/** R's quantile(x, p) (type 7) of sorted values. */
function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

/** One pass of tsoutliers(x, iterate = 1): the outliers' 0-based indices, ascending, and how far
 *  each residual lies beyond its quartile, in interquartile ranges (3 or more). */
/** `half`: told once its seasonal decomposition is done (where there is none, at once), before the
 *  smoother: each is about half of a pass on a long seasonal series. */
function* findOutliers(x: Float64Array, m: number, half?: () => void): Pausable<{ index: number[]; severity: number[] }> {
  const n = x.length
  const missing: number[] = []
  for (let i = 0; i < n; i++) if (x[i] !== x[i]) missing.push(i)
  let xx = missing.length ? yield* naInterpPausing(x, m) : x
  let constant = true
  for (let i = 1; i < n && constant; i++) if (xx[i] !== xx[0]) constant = false
  if (constant) return { index: [], severity: [] }
  if (m > 1 && n > 2 * m) {
    const { seasonal, trend } = yield* mstlRobust(xx, m)
    const rem = new Float64Array(n) // (n)
    const detrend = new Float64Array(n) // (n)
    for (let i = 0; i < n; i++) {
      detrend[i] = xx[i]! - trend[i]!
      rem[i] = detrend[i]! - seasonal[i]!
    }
    if (1 - variance(rem) / variance(detrend) >= 0.6) {
      const sa = new Float64Array(n) // (n)
      for (let i = 0; i < n; i++) sa[i] = xx[i]! - seasonal[i]!
      xx = sa
    }
  }
  half?.()
  yield
  const fit = yield* supsmuIndex(xx)
  const resid = new Float64Array(n) // (n)
  for (let i = 0; i < n; i++) resid[i] = xx[i]! - fit[i]!
  for (const i of missing) resid[i] = NaN
  const present = resid.filter((r) => r === r).sort()
  const q1 = quantile7(present, 0.25)
  const q3 = quantile7(present, 0.75)
  const iqr = q3 - q1
  const lower = q1 - 3 * iqr
  const upper = q3 + 3 * iqr
  if (!(upper - lower > 1e-14)) return { index: [], severity: [] }
  const index: number[] = []
  const severity: number[] = []
  for (let i = 0; i < n; i++) {
    if (!(resid[i]! < lower || resid[i]! > upper)) continue
    index.push(i)
    severity.push((resid[i]! < lower ? q1 - resid[i]! : resid[i]! - q3) / iqr)
  }
  return { index, severity }
}

export interface Outliers {
  /** 0-based positions, ascending. */
  index: number[]
  /** The value each is replaced by, in the same order. */
  replacements: number[]
  /** Not R's output: how far each residual lies beyond its quartile, in interquartile ranges (3 or
   *  more; the larger of its two passes'). */
  severity: number[]
}

/** forecast::tsoutliers(ts(x, frequency = m)) with its defaults (iterate = 2, lambda NULL). NaN is
 *  a missing value (filled, never an outlier). Series shorter than 5 points have none. `pass`: told
 *  after each half of its two searches (the seasonal decomposition, the smoother): up to 4 times
 *  (none in a series that short, fewer in a constant one). */
export function tsoutliers(x: Float64Array, m: number | null, pass?: () => void): Outliers {
  return finish(tsoutliersPausing(x, m, pass))
}

/** tsoutliers, paused after each of its passes' halves (where it tells `pass`) and within them (the
 *  robust STL's passes, the smoother's running lines, na.interp's fill). */
function* tsoutliersPausing(x: Float64Array, m: number | null, pass?: () => void): Pausable<Outliers> {
  const period = m !== null && m > 1 ? m : 1
  if (x.length < 5) return { index: [], replacements: [], severity: [] }
  const first = yield* findOutliers(x, period, pass)
  pass?.()
  yield
  const sev = new Map(first.index.map((i, k) => [i, first.severity[k]!]))
  const y = Float64Array.from(x) // (n)
  for (const i of first.index) y[i] = NaN
  let clean = yield* naInterpPausing(y, period)
  let index = first.index
  const again = yield* findOutliers(clean, period, pass)
  pass?.()
  yield
  if (again.index.length) {
    again.index.forEach((i, k) => sev.set(i, Math.max(sev.get(i) ?? 0, again.severity[k]!)))
    index = [...new Set([...first.index, ...again.index])].sort((a, b) => a - b)
    const z = Float64Array.from(clean) // (n)
    for (const i of index) z[i] = NaN
    clean = yield* naInterpPausing(z, period)
  }
  return { index, replacements: index.map((i) => clean[i]!), severity: index.map((i) => sev.get(i)!) }
}

/** The largest magnitude whose square is a finite 64-bit number (1.34e154): past it a series'
 *  variance, a squared error and the smoothers' sums overflow to Infinity. */
export const SQUARE_MAX = Math.sqrt(Number.MAX_VALUE)

/** One replaced value of a series: its 0-based row, the value and what the statistical models read. */
export interface ReplacedValue { row: number; value: number; replacement: number }

/** A flagged value is an outlier only when it lies further from its replacement than SPIKE_RATIO
 *  times the step between the values around it (the median of the 3 rows before it, of the 3
 *  after): a bad print is a spike among neighbours at one level; beside a level shift tsoutliers'
 *  smoother flags rows whose neighbours differ by the shift itself, and the models must see it. */
export const SPIKE_RATIO = 2

/** A flagged value is an outlier only when it lies further from its replacement than this many
 *  times the median absolute change from one row to the next: out of scale with how the series
 *  moves. On a smooth series the quartiles of tsoutliers' residuals are narrow, and it flags values
 *  a typical step or two away (the CO2 sample's first springs, 1958-1962: up to 3.9 steps), which
 *  no model is thrown by. Each is measured against the replacement it gets with only the values
 *  still kept left out (left out all at once, a run of them is filled from further away). A value
 *  written 2 times too large is 11.5 steps away on a monthly series near 50, the gold series' known
 *  error 43. */
export const STEP_RATIO = 5

/** A series whose values are 0 in at least this share of rows is intermittent (counts, sparse
 *  demand): its spikes are what it is made of, and tsoutliers, whose quartiles then sit at 0,
 *  would call them outliers. Nothing is replaced in it. */
export const INTERMITTENT_ZEROS = 0.25

/**
 * The outliers the statistical models leave out of a history: what R's tsoutliers() finds, less
 * what reads as the series changing rather than a bad value.
 * - tsoutliers() reads a series as additive: on the values, a multiplicative season's peaks look
 *   like outliers (R flags 7 of AirPassengers' 144 months and 24 of UKgas's 108 quarters), and
 *   replacing them cost the quality benchmark's rule 7 % (docs/forecasting.md). On the logs (R's
 *   lambda = 0) those peaks are ordinary, but a series that grows from near 0 is steep there and its
 *   first values look like outliers (the first 23 of 2t + 1). So for a positive series a value is
 *   an outlier when tsoutliers finds it both on the values and on the logs, as it finds a bad print
 *   (a 5000 among values near 50); other series are read on their values.
 * - A flagged value that is not a spike (SPIKE_RATIO) is kept: beside a level shift tsoutliers
 *   flags rows on either side of it. So is one a typical move or two from its replacement
 *   (STEP_RATIO), and the first and last values: one new value far from the rest may be a bad print
 *   or the first of a new level, and the forecast must not guess.
 * - An intermittent series (INTERMITTENT_ZEROS) has none.
 * The rows left are replaced by na.interp(), as tsoutliers does. `log`: false to read the values
 * alone even when every one is positive. `pass`: told OUTLIER_PASSES times, after each half of a search and
 * after the flagged values are judged (a rebuild counts them: seconds on a long series), those not
 * needed at the end.
 */
export function statOutliers(y: Float64Array, m: number | null, log = true, pass?: () => void): { replaced: ReplacedValue[]; log: boolean } {
  return finish(statOutliersPausing(y, m, log, pass))
}

/** statOutliers, paused where it tells `pass` (the halves of its searches, the judging) and within
 *  them (tsoutliersPausing; the judging's fills, naInterpPausing). */
function* statOutliersPausing(y: Float64Array, m: number | null, log = true, pass?: () => void): Pausable<{ replaced: ReplacedValue[]; log: boolean }> {
  if (!pass) return yield* searchOutliers(y, m, log)
  let told = 0
  const r = yield* searchOutliers(y, m, log, () => (told++, pass()))
  for (; told < OUTLIER_PASSES; told++) pass() // the passes not needed (no value flagged, a short or intermittent series)
  return r
}

/** What statOutliers searches in up to this many counts: the halves of tsoutliers' passes (two
 *  passes on the values, two on the logs, each a robust STL then supsmu: about a second a pass on
 *  20,000 hourly rows, each half counted: a pass was the longest silence left of an export's
 *  rebuild, 1.3-1.8 s at a load average of 21), then the flagged values judged as spikes or not
 *  (each round fills the gaps again, na.interp's decomposition: uncounted, it was the longest
 *  silence left of that rebuild, 1.0-2.0 s at a load average of 15). */
export const OUTLIER_PASSES = 9

/** `positive`: whether every value is positive, so that the logs are read too (given where the
 *  values past SQUARE_MAX are searched for as missing: the others decide). */
function* searchOutliers(y: Float64Array, m: number | null, log: boolean, pass?: () => void, positive = y.length > 0 && y.every((v) => v > 0 && Number.isFinite(v))): Pausable<{ replaced: ReplacedValue[]; log: boolean }> {
  const n = y.length
  // a value past SQUARE_MAX overflows the decomposition's and the smoother's sums (a 1e308 among
  // values near 100 made every residual NaN, and nothing was found): it is far from any series a
  // computer can fit, so it is one at once, and the others are searched with it missing
  const huge: number[] = []
  for (let i = 0; i < n; i++) if (Math.abs(y[i]!) > SQUARE_MAX) huge.push(i)
  if (huge.length) {
    const rest = Float64Array.from(y) // (n)
    for (const i of huge) rest[i] = NaN
    const r = yield* searchOutliers(rest, m, log, pass, y.every((v, i) => huge.includes(i) || (v > 0 && Number.isFinite(v))))
    for (const x of r.replaced) rest[x.row] = NaN
    const filled = yield* naInterpPausing(rest, m !== null && m > 1 ? m : 1)
    const replaced = [...r.replaced, ...huge.map((row) => ({ row, value: y[row]!, replacement: filled[row]! }))].sort((a, b) => a.row - b.row)
    return { replaced, log: r.log }
  }
  const useLog = log && positive
  let zeros = 0
  for (let i = 0; i < n; i++) if (y[i] === 0) zeros++
  if (zeros >= INTERMITTENT_ZEROS * n) return { replaced: [], log: useLog }
  const onValues = yield* tsoutliersPausing(y, m, pass)
  let kept = onValues.index.filter((i) => i < n - 1)
  if (useLog && kept.length) {
    const onLogs = new Set((yield* tsoutliersPausing(y.map(Math.log), m, pass)).index)
    kept = kept.filter((i) => onLogs.has(i))
  }
  // spikes, not steps: each flagged value against the step between its unflagged neighbours (it
  // needs some on both sides), and against the series' typical change from row to row
  const period = m !== null && m > 1 ? m : 1
  if (kept.length) {
    const moves: number[] = []
    for (let i = 1; i < n; i++) if (y[i] === y[i] && y[i - 1] === y[i - 1]) moves.push(Math.abs(y[i]! - y[i - 1]!))
    const typical = median(moves)
    // each value against the replacement it would get with only the others still kept left out:
    // until no more drop (a value dropped changes its neighbours' replacements)
    for (let round = 0; round < 10 && kept.length; round++) {
      const flagged = new Set(kept)
      const gaps = Float64Array.from(y) // (n)
      for (const i of kept) gaps[i] = NaN
      const filled = yield* naInterpPausing(gaps, period)
      const around = (i: number, dir: number) => {
        const v: number[] = []
        for (let j = i + dir; j >= 0 && j < n && v.length < 3; j += dir) if (!flagged.has(j)) v.push(y[j]!)
        return v.length ? median(v) : NaN
      }
      const next = kept.filter((i) => {
        const before = around(i, -1)
        const after = around(i, 1)
        if (!(before === before && after === after)) return false
        const away = Math.abs(y[i]! - filled[i]!)
        return away > SPIKE_RATIO * Math.abs(after - before) && away > STEP_RATIO * typical
      })
      if (next.length === kept.length) break
      kept = next
    }
  }
  pass?.()
  yield
  let replacements = onValues.replacements
  if (kept.length !== onValues.index.length) {
    const gaps = Float64Array.from(y) // (n)
    for (const i of kept) gaps[i] = NaN
    const filled = kept.length ? yield* naInterpPausing(gaps, period) : gaps
    replacements = kept.map((i) => filled[i]!)
  }
  return { replaced: kept.map((row, k) => ({ row, value: y[row]!, replacement: replacements[k]! })), log: useLog }
}

/** The longest stretch a run (and the Data view) searches for outliers: the last this many rows of a
 *  longer series. The robust STL takes about a second per 20 000 rows at a season of 24, and a run
 *  searches twice (its training rows, and every row for the refit); the statistical models read no
 *  further back that matters: ETS and ARIMA are not fitted past 10 000 and 3 000 training rows,
 *  and Theta's level has long forgotten one value 20 000 rows back. */
export const OUTLIER_MAX_ROWS = 20_000

/** statOutliers on the last OUTLIER_MAX_ROWS rows of y (all of a shorter one), rows counted in y. */
export function statOutliersOfTail(y: Float64Array, m: number | null, log = true, pass?: () => void): { replaced: ReplacedValue[]; log: boolean; from: number } {
  return finish(statOutliersOfTailPausing(y, m, log, pass))
}

/** statOutliersOfTail, paused where it tells `pass` (statOutliers' passes) and within each (a run's
 *  preparation pauses there, and a cancel is heard meanwhile: a pass was 0.2-0.9 s in one piece on
 *  20,000 hourly rows). */
export function* statOutliersOfTailPausing(y: Float64Array, m: number | null, log = true, pass?: () => void): Pausable<{ replaced: ReplacedValue[]; log: boolean; from: number }> {
  const from = Math.max(0, y.length - OUTLIER_MAX_ROWS)
  const r = yield* statOutliersPausing(from ? y.subarray(from) : y, m, log, pass)
  return { log: r.log, from, replaced: from ? r.replaced.map((x) => ({ ...x, row: x.row + from })) : r.replaced }
}

/** x with tsoutliers' outliers replaced by its replacements; x itself when there are none. */
export function cleanOutliers(x: Float64Array, found: Pick<Outliers, 'index' | 'replacements'>): Float64Array {
  return withReplaced(x, found.index.map((row, k) => ({ row, value: x[row]!, replacement: found.replacements[k]! })))
}

/** y with the given rows replaced (y itself when there are none). */
export function withReplaced(y: Float64Array, replaced: readonly ReplacedValue[]): Float64Array {
  if (!replaced.length) return y
  const out = Float64Array.from(y) // (n)
  for (const r of replaced) out[r.row] = r.replacement
  return out
}
