// How many differences auto.arima() takes, as forecast 8.20 decides it:
// - d: ndiffs(x, test = "kpss"): urca's ur.kpss(type = "mu", use.lag = trunc(3 sqrt(n) / 13)), the
//   p-value by linear interpolation in its table (0.347, 0.463, 0.574, 0.739 at 10, 5, 2.5, 1 %),
//   difference while p < 0.05, at most twice.
// - D: nsdiffs(x, test = "seas"): the seasonal strength of mstl(x) (one stl(x, s.window = 11) for a
//   single period) above 0.64 means one seasonal difference.
// stl() is ported from R's stl.f (Cleveland et al. 1990), non-robust as mstl() uses it for nsdiffs, and
// robust (stl(robust = TRUE): 15 outer passes of bisquare weights) as tsoutliers() uses it.

import { finish, type Pausable } from '../pausable'

/** forecast's is.constant(): all.equal(x, rep(x[1])) at tolerance 1.5e-8 (mean relative difference). */
export function isConstant(x: ArrayLike<number>): boolean {
  const n = x.length
  if (n === 0) return true
  let sd = 0
  let sa = 0
  for (let i = 0; i < n; i++) {
    sd += Math.abs(x[i] - x[0])
    sa += Math.abs(x[i])
  }
  const xn = sa / n
  let xy = sd / n
  if (Number.isFinite(xn) && xn > 1.5e-8) xy /= xn
  return xy <= 1.5e-8
}

/** diff(x, lag) */
export function diffBy(x: ArrayLike<number>, lag: number): Float64Array {
  const out = new Float64Array(Math.max(0, x.length - lag)) // (n - lag)
  for (let i = 0; i < out.length; i++) out[i] = x[i + lag] - x[i]
  return out
}

/** ur.kpss(x, type = "mu", use.lag = trunc(3 sqrt(n) / 13))'s statistic. */
export function kpssStat(x: ArrayLike<number>): number {
  const n = x.length
  let mean = 0
  for (let i = 0; i < n; i++) mean += x[i]
  mean /= n
  const res = new Float64Array(n) // (n)
  for (let i = 0; i < n; i++) res[i] = x[i] - mean
  let S = 0
  let num = 0
  let s2 = 0
  for (let i = 0; i < n; i++) {
    S += res[i]
    num += S * S
    s2 += res[i] * res[i]
  }
  num /= n * n
  s2 /= n
  const lmax = Math.trunc((3 * Math.sqrt(n)) / 13)
  let den = s2
  if (lmax > 0) {
    let acc = 0
    for (let k = 1; k <= lmax; k++) {
      let c = 0
      for (let i = k; i < n; i++) c += res[i] * res[i - k]
      acc += (1 - k / (lmax + 1)) * c
    }
    den = s2 + (2 / n) * acc
  }
  return num / den
}

const KPSS_CVAL = [0.347, 0.463, 0.574, 0.739]
const KPSS_PCT = [0.1, 0.05, 0.025, 0.01]

/** approx(cval, pct, xout = stat, rule = 2)$y: NaN for a NaN statistic. */
export function kpssPValue(stat: number): number {
  if (Number.isNaN(stat)) return NaN
  if (stat <= KPSS_CVAL[0]) return KPSS_PCT[0]
  if (stat >= KPSS_CVAL[3]) return KPSS_PCT[3]
  let i = 0
  while (stat > KPSS_CVAL[i + 1]) i++
  const t = (stat - KPSS_CVAL[i]) / (KPSS_CVAL[i + 1] - KPSS_CVAL[i])
  return KPSS_PCT[i] + t * (KPSS_PCT[i + 1] - KPSS_PCT[i])
}

/** ndiffs(x) with its defaults (alpha 0.05, KPSS, level, max.d 2). */
export function ndiffs(x0: ArrayLike<number>, alpha = 0.05, maxD = 2): number {
  let x: Float64Array = Float64Array.from(x0 as ArrayLike<number>)
  let d = 0
  if (isConstant(x)) return d
  const test = (v: Float64Array): boolean | null => {
    const p = kpssPValue(kpssStat(v))
    return Number.isNaN(p) ? null : p < alpha
  }
  let dodiff = test(x)
  if (dodiff === null) return d
  while (dodiff && d < maxD) {
    d++
    x = diffBy(x, 1)
    if (isConstant(x)) return d
    dodiff = test(x)
    if (dodiff === null) return d - 1
  }
  return d
}

// ---- STL (stl.f), 1-based as the Fortran: arrays carry an offset so that a(i) is arr[off + i - 1] ----

/** stlest: the local (degree 0 or 1) loess estimate at xs from y(nleft..nright); null when all weights vanish. */
function stlest(y: Float64Array, yo: number, n: number, len: number, ideg: number, xs: number, nleft: number, nright: number, w: Float64Array, rw: Float64Array | null): number | null {
  const range = n - 1
  let h = Math.max(xs - nleft, nright - xs)
  if (len > n) h += Math.trunc((len - n) / 2)
  const h9 = 0.999 * h
  const h1 = 0.001 * h
  let a = 0
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs)
    if (r <= h9) {
      if (r <= h1) w[j] = 1
      else {
        const u = r / h
        const v = 1 - u * u * u
        w[j] = v * v * v
      }
      if (rw) w[j] *= rw[j]
      a += w[j]
    } else w[j] = 0
  }
  if (a <= 0) return null
  for (let j = nleft; j <= nright; j++) w[j] /= a
  if (h > 0 && ideg > 0) {
    a = 0
    for (let j = nleft; j <= nright; j++) a += w[j] * j
    let b = xs - a
    let c = 0
    for (let j = nleft; j <= nright; j++) c += w[j] * (j - a) * (j - a)
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c
      for (let j = nleft; j <= nright; j++) w[j] *= b * (j - a) + 1
    }
  }
  let ys = 0
  for (let j = nleft; j <= nright; j++) ys += w[j] * y[yo + j - 1]
  return ys
}

/** stless: loess smoothing of y(1..n) into ys(1..n), evaluated every njump points and interpolated.
 *  rw: robustness weights rw(1..n) at rw[1..n] (null: none, userw = .false.). */
function stless(y: Float64Array, yo: number, n: number, len: number, ideg: number, njump: number, ys: Float64Array, yso: number, w: Float64Array, rw: Float64Array | null = null): void {
  const Y = (i: number) => y[yo + i - 1]
  const set = (i: number, v: number | null) => {
    ys[yso + i - 1] = v === null ? Y(i) : v
  }
  if (n < 2) {
    ys[yso] = y[yo]
    return
  }
  const newnj = Math.min(njump, n - 1)
  let nleft = 1
  let nright = n
  if (len >= n) {
    nleft = 1
    nright = n
    for (let i = 1; i <= n; i += newnj) set(i, stlest(y, yo, n, len, ideg, i, nleft, nright, w, rw))
  } else if (newnj === 1) {
    const nsh = Math.trunc((len + 1) / 2)
    nleft = 1
    nright = len
    for (let i = 1; i <= n; i++) {
      if (i > nsh && nright !== n) {
        nleft++
        nright++
      }
      set(i, stlest(y, yo, n, len, ideg, i, nleft, nright, w, rw))
    }
  } else {
    const nsh = Math.trunc((len + 1) / 2)
    for (let i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1
        nright = len
      } else if (i >= n - nsh + 1) {
        nleft = n - len + 1
        nright = n
      } else {
        nleft = i - nsh + 1
        nright = len + i - nsh
      }
      set(i, stlest(y, yo, n, len, ideg, i, nleft, nright, w, rw))
    }
  }
  if (newnj !== 1) {
    const YS = (i: number) => ys[yso + i - 1]
    for (let i = 1; i <= n - newnj; i += newnj) {
      const delta = (YS(i + newnj) - YS(i)) / newnj
      for (let j = i + 1; j <= i + newnj - 1; j++) ys[yso + j - 1] = YS(i) + delta * (j - i)
    }
    const k = Math.trunc((n - 1) / newnj) * newnj + 1
    if (k !== n) {
      set(n, stlest(y, yo, n, len, ideg, n, nleft, nright, w, rw))
      if (k !== n - 1) {
        const delta = (YS(n) - YS(k)) / (n - k)
        for (let j = k + 1; j <= n - 1; j++) ys[yso + j - 1] = YS(k) + delta * (j - k)
      }
    }
  }
}

/** stlma: moving average of length len over x(1..n) into ave(1..n-len+1). */
function stlma(x: Float64Array, n: number, len: number, ave: Float64Array): void {
  const newn = n - len + 1
  let v = 0
  for (let i = 0; i < len; i++) v += x[i]
  ave[0] = v / len
  for (let j = 1, k = len, m = 0; j < newn; j++, k++, m++) {
    v = v - x[m] + x[k]
    ave[j] = v / len
  }
}

/** stl.f's psort: partially sorts a(1..n) (a[0] is a(1)) so that a(ind(k)) holds what a full sort
 *  would put there, for the positions ind(1..ni), as the Fortran does it. stlrwt calls it with
 *  ind = (n/2 + 1, n - n/2) in that (descending) order, where the routine expects ascending
 *  positions: then the values left there are not always the order statistics (in about 3 % of
 *  random inputs), and R's robustness weights use whatever lands there. This port keeps that: a
 *  true median made the robust STL of AirPassengers part from R's at the 7th pass. */
function psort(arr: Float64Array, n: number, ind: number[]): void {
  const ni = ind.length
  if (n < 2 || ni === 0) return
  const a = (i: number) => arr[i - 1]!
  const set = (i: number, v: number) => (arr[i - 1] = v)
  const I = (k: number) => ind[k - 1]!
  const indu = new Int32Array(17)
  const indl = new Int32Array(17)
  const iu = new Int32Array(17)
  const il = new Int32Array(17)
  let jl = 1
  let ju = ni
  indl[1] = 1
  indu[1] = ni
  let i = 1
  let j = n
  let m = 1
  let k = 0
  let l = 0
  let p = 0
  let t = 0
  let tt = 0
  // labels of the Fortran: 161 outer loop, 166 pop, 173 while (j - i > 10), 174 insertion sort
  let label = 161
  for (;;) {
    switch (label) {
      case 161:
        label = i < j ? 10 : 166
        break
      case 166:
        m--
        if (m === 0) return
        i = il[m]!
        j = iu[m]!
        jl = indl[m]!
        ju = indu[m]!
        label = jl <= ju ? 173 : 166
        break
      case 173:
        label = j - i > 10 ? 10 : 174
        break
      case 10: {
        k = i
        const ij = Math.trunc((i + j) / 2)
        t = a(ij)
        if (a(i) > t) {
          set(ij, a(i))
          set(i, t)
          t = a(ij)
        }
        l = j
        if (a(j) < t) {
          set(ij, a(j))
          set(j, t)
          t = a(ij)
          if (a(i) > t) {
            set(ij, a(i))
            set(i, t)
            t = a(ij)
          }
        }
        for (;;) {
          l--
          if (a(l) <= t) {
            tt = a(l)
            do k++
            while (!(a(k) >= t))
            if (k > l) break
            set(l, a(k))
            set(k, tt)
          }
        }
        indl[m] = jl
        indu[m] = ju
        p = m
        m++
        label = 173
        if (l - i <= j - k) {
          il[p] = k
          iu[p] = j
          j = l
          for (;;) {
            if (jl > ju) {
              label = 166
              break
            }
            if (I(ju) > j) ju--
            else break
          }
          if (label !== 166) indl[p] = ju + 1
        } else {
          il[p] = i
          iu[p] = l
          i = k
          for (;;) {
            if (jl > ju) {
              label = 166
              break
            }
            if (I(jl) < i) jl++
            else break
          }
          if (label !== 166) indu[p] = jl - 1
        }
        break
      }
      case 174:
        if (i !== 1) {
          i--
          for (;;) {
            i++
            if (i === j) break
            t = a(i + 1)
            if (a(i) > t) {
              k = i
              do {
                set(k + 1, a(k))
                k--
              } while (!(t >= a(k)))
              set(k + 1, t)
            }
          }
          label = 166
        } else label = 161
        break
    }
  }
}

/** stlrwt: bisquare robustness weights of the residuals y - fit, scaled by 6 times the "median"
 *  |residual| that psort leaves at positions n/2 + 1 and n - n/2. rw[1..n] */
function stlrwt(y: Float64Array, fit: Float64Array, rw: Float64Array): void {
  const n = y.length
  const r = new Float64Array(n) // (n) |residuals|, partially sorted by psort
  for (let i = 0; i < n; i++) r[i] = Math.abs(y[i]! - fit[i]!)
  const mid1 = Math.trunc(n / 2) + 1
  const mid2 = n - mid1 + 1
  psort(r, n, [mid1, mid2])
  const cmad = 3 * (r[mid1 - 1]! + r[mid2 - 1]!)
  const c9 = 0.999 * cmad
  const c1 = 0.001 * cmad
  for (let i = 0; i < n; i++) {
    const v = Math.abs(y[i]! - fit[i]!)
    if (v <= c1) rw[i + 1] = 1
    else if (v <= c9) {
      const u = v / cmad
      rw[i + 1] = (1 - u * u) * (1 - u * u)
    } else rw[i + 1] = 0
  }
}

/** stl(ts(x, frequency = np), s.window = ns, robust) with R's other defaults: non-robust (inner 2,
 *  outer 0) or robust (inner 1, outer 15). Returns seasonal and trend, (n) each. */
export function stl(x: Float64Array, np: number, sWindow: number, robust = false): { seasonal: Float64Array; trend: Float64Array } {
  return finish(stlPausing(x, np, sWindow, robust))
}

/** stl, paused (pausable.ts) after each inner iteration's cycle-subseries smooth and after its
 *  trend: the robust one (tsoutliers') took 0.2-0.9 s on 20,000 hourly rows in one piece, and a
 *  run's cancel waited for it. The same statements in the same order: the same numbers. */
export function* stlPausing(x: Float64Array, np: number, sWindow: number, robust = false): Pausable<{ seasonal: Float64Array; trend: Float64Array }> {
  const n = x.length
  const nextodd = (v: number) => {
    const r = Math.round(v)
    return r % 2 === 0 ? r + 1 : r
  }
  const odd3 = (v: number) => {
    const w = Math.max(3, v)
    return w % 2 === 0 ? w + 1 : w
  }
  const ns = odd3(sWindow)
  const nt = odd3(nextodd(Math.ceil((1.5 * np) / (1 - 1.5 / sWindow))))
  const nl = odd3(nextodd(np))
  const isdeg = 0
  const itdeg = 1
  const ildeg = 1
  const nsjump = Math.ceil(sWindow / 10)
  const ntjump = Math.ceil(nextodd(Math.ceil((1.5 * np) / (1 - 1.5 / sWindow))) / 10)
  const nljump = Math.ceil(nextodd(np) / 10)
  const inner = robust ? 1 : 2
  const outer = robust ? 15 : 0
  const N = n + 2 * np
  const c1 = new Float64Array(N) // (n + 2 np) work(, 1)
  const c2 = new Float64Array(N) // work(, 2): cycle-subseries smooth, extended by a period each side
  const c3 = new Float64Array(N) // work(, 3)
  const w = new Float64Array(N + 2) // loess weights, 1-based
  const season = new Float64Array(n) // (n)
  const trend = new Float64Array(n) // (n)
  const sub = new Float64Array(Math.trunc(n / np) + 2) // one cycle-subseries
  const subs = new Float64Array(Math.trunc(n / np) + 3) // its smooth, one point beyond each end
  const rw = new Float64Array(n + 1) // robustness weights, 1-based
  const subRw = new Float64Array(Math.trunc(n / np) + 3) // one cycle-subseries' weights, 1-based
  let userw = false
  for (let pass = 0; pass <= outer; pass++) {
    if (pass > 0) {
      for (let i = 0; i < n; i++) c1[i] = trend[i]! + season[i]!
      stlrwt(x, c1.subarray(0, n), rw)
      userw = true
    }
    for (let iter = 0; iter < inner; iter++) {
      for (let i = 0; i < n; i++) c1[i] = x[i]! - trend[i]!
      // stlss: smooth each cycle-subseries, extended one point either side
      for (let j = 1; j <= np; j++) {
        const k = Math.trunc((n - j) / np) + 1
        for (let i = 1; i <= k; i++) sub[i - 1] = c1[(i - 1) * np + j - 1]!
        if (userw) for (let i = 1; i <= k; i++) subRw[i] = rw[(i - 1) * np + j]!
        const srw = userw ? subRw : null
        stless(sub, 0, k, ns, isdeg, nsjump, subs, 1, w, srw)
        const nright = Math.min(ns, k)
        const first = stlest(sub, 0, k, ns, isdeg, 0, 1, nright, w, srw)
        subs[0] = first === null ? subs[1]! : first
        const nleft = Math.max(1, k - ns + 1)
        const lastv = stlest(sub, 0, k, ns, isdeg, k + 1, nleft, k, w, srw)
        subs[k + 1] = lastv === null ? subs[k]! : lastv
        for (let m = 1; m <= k + 2; m++) c2[(m - 1) * np + j - 1] = subs[m - 1]!
      }
      yield
      // stlfts: moving averages np, np, 3 of c2 into c3
      stlma(c2, N, np, c3)
      stlma(c3, N - np + 1, np, c1)
      stlma(c1, N - 2 * np + 2, 3, c3)
      // low-pass filter of the seasonal smooth (never weighted)
      stless(c3, 0, n, nl, ildeg, nljump, c1, 0, w)
      for (let i = 0; i < n; i++) season[i] = c2[np + i]! - c1[i]!
      for (let i = 0; i < n; i++) c1[i] = x[i]! - season[i]!
      stless(c1, 0, n, nt, itdeg, ntjump, trend, 0, w, userw ? rw : null)
      yield
    }
  }
  return { seasonal: season, trend }
}

/** The sample variance (R's var()). */
export function variance(x: ArrayLike<number>): number {
  const n = x.length
  let mean = 0
  for (let i = 0; i < n; i++) mean += x[i]
  mean /= n
  let s = 0
  for (let i = 0; i < n; i++) s += (x[i] - mean) * (x[i] - mean)
  return s / (n - 1)
}

/** seas.heuristic(x): max(0, min(1, 1 - var(remainder) / var(remainder + seasonal))) from mstl(x). */
export function seasonalStrength(x: Float64Array, m: number): number {
  const { seasonal, trend } = stl(x, m, 11)
  const n = x.length
  const rem = new Float64Array(n) // (n)
  const rs = new Float64Array(n) // (n)
  for (let i = 0; i < n; i++) {
    rem[i] = x[i] - seasonal[i] - trend[i]
    rs[i] = rem[i] + seasonal[i]
  }
  return Math.max(0, Math.min(1, 1 - variance(rem) / variance(rs)))
}

/** nsdiffs(x) with its defaults (test "seas", max.D 1): 1 when the seasonal strength exceeds 0.64. */
export function nsdiffs(x: Float64Array, m: number): number {
  if (isConstant(x) || m <= 1 || m >= x.length || x.length <= 2 * m) return 0
  return seasonalStrength(x, m) > 0.64 ? 1 : 0
}
