// Box-Cox transforms for the experiment in choice-rules.exp.ts (EXP_BOXCOX), as R's forecast
// package has them (forecast 8.x: BoxCox, InvBoxCox, BoxCox.lambda with method "guerrero", and
// R's optimize(), which is Brent's fmin in src/library/stats/src/optimize.c). Positive series only:
// the experiment transforms no series with a value at or below 0.

/** R's BoxCox(x, lambda) for x > 0: log(x) at lambda 0, else (x^lambda - 1) / lambda. */
export function boxCox(x: ArrayLike<number>, lambda: number): Float64Array {
  return Float64Array.from(x, (v) => (lambda === 0 ? Math.log(v) : (Math.pow(v, lambda) - 1) / lambda))
}

/** R's InvBoxCox(x, lambda, biasadj, fvar): the median back-transform, or with `fvar` (the
 *  forecast variance on the transformed scale, one per value) the mean, out * (1 + fvar (1 -
 *  lambda) / (2 out^(2 lambda))). A value past the transform's range (x >= -1/lambda, lambda < 0)
 *  gives NaN, as R's NA. */
export function invBoxCox(x: ArrayLike<number>, lambda: number, fvar?: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v, i) => {
    if (lambda < 0 && v >= -1 / lambda) return NaN
    const xx = v * lambda + 1
    const out = lambda === 0 ? Math.exp(v) : Math.sign(xx) * Math.pow(Math.abs(xx), 1 / lambda)
    return fvar ? out * (1 + (0.5 * fvar[i]! * (1 - lambda)) / Math.pow(out, 2 * lambda)) : out
  })
}

/** R's optimize(f, c(lower, upper)) ($minimum), tol = .Machine$double.eps^0.25: Brent's fmin. */
export function brentMin(f: (x: number) => number, lower: number, upper: number, tol = Math.pow(2 ** -52, 0.25)): number {
  const c = (3 - Math.sqrt(5)) * 0.5
  const eps = Math.sqrt(2 ** -52)
  let a = lower
  let b = upper
  let v = a + c * (b - a)
  let w = v
  let x = v
  let d = 0
  let e = 0
  let fx = f(x)
  let fv = fx
  let fw = fx
  const tol3 = tol / 3
  for (;;) {
    const xm = (a + b) * 0.5
    const tol1 = eps * Math.abs(x) + tol3
    const t2 = tol1 * 2
    if (Math.abs(x - xm) <= t2 - (b - a) * 0.5) break
    let p = 0
    let q = 0
    let r = 0
    if (Math.abs(e) > tol1) {
      // fit a parabola
      r = (x - w) * (fx - fv)
      q = (x - v) * (fx - fw)
      p = (x - v) * q - (x - w) * r
      q = (q - r) * 2
      if (q > 0) p = -p
      else q = -q
      r = e
      e = d
    }
    if (Math.abs(p) >= Math.abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x)) {
      // a golden-section step
      e = x < xm ? b - x : a - x
      d = c * e
    } else {
      // a parabolic-interpolation step, not too close to the bounds
      d = p / q
      const u = x + d
      if (u - a < t2 || b - u < t2) d = x >= xm ? -tol1 : tol1
    }
    const u = Math.abs(d) >= tol1 ? x + d : d > 0 ? x + tol1 : x - tol1
    const fu = f(u)
    if (fu <= fx) {
      if (u < x) b = x
      else a = x
      v = w; fv = fw
      w = x; fw = fx
      x = u; fx = fu
    } else {
      if (u < x) a = u
      else b = u
      if (fu <= fw || w === x) {
        v = w; fv = fw
        w = u; fw = fu
      } else if (fu <= fv || v === x || v === w) {
        v = u; fv = fu
      }
    }
  }
  return x
}

const meanOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length
const sdOf = (xs: number[]) => {
  const m = meanOf(xs)
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1))
}

/** R's guer.cv: the coefficient of variation of sd / mean^(1 - lambda) over consecutive blocks of
 *  max(2, period) values (the last whole blocks of x). */
export function guerreroCv(lambda: number, x: ArrayLike<number>, period: number): number {
  const p = Math.round(Math.max(2, period))
  const nyr = Math.floor(x.length / p)
  const start = x.length - nyr * p
  const rat: number[] = []
  for (let j = 0; j < nyr; j++) {
    const block = Array.from({ length: p }, (_, i) => x[start + j * p + i]!)
    rat.push(sdOf(block) / Math.pow(meanOf(block), 1 - lambda))
  }
  return sdOf(rat) / meanOf(rat)
}

/** R's BoxCox.lambda(x, method = "guerrero", lower, upper) for a series of frequency `period`: 1
 *  where x has no more than two periods, else the lambda in [lower, upper] (lower at least 0 when a
 *  value is at or below 0) minimising guerreroCv. forecast's lambda = "auto" takes lower -0.9. */
export function guerreroLambda(x: ArrayLike<number>, period: number, lower = -1, upper = 2): number {
  let lo = lower
  for (let i = 0; i < x.length; i++) if (x[i]! <= 0) lo = Math.max(lo, 0)
  if (x.length <= 2 * period) return 1
  return brentMin((lam) => guerreroCv(lam, x, period), lo, upper)
}
