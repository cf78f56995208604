// R's optim(method = "BFGS") (src/appl/optim.c's vmmin, J.C. Nash's variable metric method) with
// optim's numerical gradient (central differences, ndeps = 1e-3 on the parscale'd parameters) and
// optimhess() for hessian = TRUE: the same moves in the same order, so that stats::arima's fits land
// where R's land. Defaults as optim's: maxit 100, reltol sqrt(eps), abstol -Inf.

const STEPREDN = 0.2
const ACCTOL = 0.0001
const RELTEST = 10.0

export interface BfgsOptions {
  parscale: Float64Array // (n) optim works on par / parscale
  maxit: number
  reltol: number
  ndeps: number
  onIter?: (iter: number, value: number) => void // optim's trace: called after each accepted step
}

export interface BfgsResult {
  par: Float64Array // (n) on the original scale
  value: number
  fail: number // 0 converged, 1 maxit reached
  fncount: number
  grcount: number
}

/** What R's optim raises; stats::arima lets it through and auto.arima counts the model as failed. */
export class OptimError extends Error {}

export const defaultBfgs = (n: number, parscale?: Float64Array): BfgsOptions => ({
  parscale: parscale ?? new Float64Array(n).fill(1),
  maxit: 100,
  reltol: Math.sqrt(2.220446049250313e-16),
  ndeps: 1e-3
})

/** The objective and optim's finite-difference gradient, on the scaled parameters. */
class Scaled {
  private x: Float64Array
  constructor(private fn: (x: Float64Array) => number, private opt: BfgsOptions) {
    this.x = new Float64Array(opt.parscale.length)
  }
  f(p: Float64Array): number {
    const s = this.opt.parscale
    for (let i = 0; i < p.length; i++) this.x[i] = p[i] * s[i]
    return this.fn(this.x)
  }
  grad(p: Float64Array, df: Float64Array): void {
    const s = this.opt.parscale
    const eps = this.opt.ndeps
    const x = this.x
    for (let i = 0; i < p.length; i++) x[i] = p[i] * s[i]
    for (let i = 0; i < p.length; i++) {
      x[i] = (p[i] + eps) * s[i]
      const v1 = this.fn(x)
      x[i] = (p[i] - eps) * s[i]
      const v2 = this.fn(x)
      df[i] = (v1 - v2) / (2 * eps)
      if (!Number.isFinite(df[i])) throw new OptimError(`non-finite finite-difference value [${i + 1}]`)
      x[i] = p[i] * s[i]
    }
  }
}

/** optim(par, fn, method = "BFGS", control = list(parscale, maxit)). */
export function bfgs(fn: (x: Float64Array) => number, start: Float64Array, opt: BfgsOptions): BfgsResult {
  const n = start.length
  const sc = new Scaled(fn, opt)
  const b = new Float64Array(n) // (n) scaled parameters
  for (let i = 0; i < n; i++) b[i] = start[i] / opt.parscale[i]
  const unscale = () => Float64Array.from(b, (v, i) => v * opt.parscale[i])
  if (opt.maxit <= 0) return { par: unscale(), value: sc.f(b), fail: 0, fncount: 0, grcount: 0 }
  const g = new Float64Array(n) // (n)
  const t = new Float64Array(n) // (n)
  const X = new Float64Array(n) // (n)
  const c = new Float64Array(n) // (n)
  const B = new Float64Array(n * n) // (n, n) lower triangle used, B[i * n + j], j <= i
  let f = sc.f(b)
  if (!Number.isFinite(f)) throw new OptimError("initial value in 'vmmin' is not finite")
  let Fmin = f
  let funcount = 1
  let gradcount = 1
  sc.grad(b, g)
  let iter = 1
  let ilast = gradcount
  let count = 0
  do {
    if (ilast === gradcount) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) B[i * n + j] = 0
        B[i * n + i] = 1
      }
    }
    for (let i = 0; i < n; i++) {
      X[i] = b[i]
      c[i] = g[i]
    }
    let gradproj = 0
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let j = 0; j <= i; j++) s -= B[i * n + j] * g[j]
      for (let j = i + 1; j < n; j++) s -= B[j * n + i] * g[j]
      t[i] = s
      gradproj += s * g[i]
    }
    if (gradproj < 0) {
      let steplength = 1.0
      let accpoint = false
      do {
        count = 0
        for (let i = 0; i < n; i++) {
          b[i] = X[i] + steplength * t[i]
          if (RELTEST + X[i] === RELTEST + b[i]) count++
        }
        if (count < n) {
          f = sc.f(b)
          funcount++
          accpoint = Number.isFinite(f) && f <= Fmin + gradproj * steplength * ACCTOL
          if (!accpoint) steplength *= STEPREDN
        }
      } while (!(count === n || accpoint))
      const enough = f > -Infinity && Math.abs(f - Fmin) > opt.reltol * (Math.abs(Fmin) + opt.reltol)
      if (!enough) {
        count = n
        Fmin = f
      }
      if (count < n) {
        Fmin = f
        sc.grad(b, g)
        gradcount++
        iter++
        opt.onIter?.(iter, f)
        let D1 = 0
        for (let i = 0; i < n; i++) {
          t[i] = steplength * t[i]
          c[i] = g[i] - c[i]
          D1 += t[i] * c[i]
        }
        if (D1 > 0) {
          let D2 = 0
          for (let i = 0; i < n; i++) {
            let s = 0
            for (let j = 0; j <= i; j++) s += B[i * n + j] * c[j]
            for (let j = i + 1; j < n; j++) s += B[j * n + i] * c[j]
            X[i] = s
            D2 += s * c[i]
          }
          D2 = 1.0 + D2 / D1
          for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) B[i * n + j] += (D2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / D1
        } else ilast = gradcount
      } else if (ilast < gradcount) {
        count = 0
        ilast = gradcount
      }
    } else {
      count = 0
      if (ilast === gradcount) count = n
      else ilast = gradcount
    }
    if (iter >= opt.maxit) break
    if (gradcount - ilast > 2 * n) ilast = gradcount
  } while (count !== n || ilast !== gradcount)
  return { par: unscale(), value: Fmin, fail: iter < opt.maxit ? 0 : 1, fncount: funcount, grcount: gradcount }
}

/** optimhess(par, fn): the symmetrised finite-difference Jacobian of optim's numerical gradient. (n, n) */
export function optimHess(fn: (x: Float64Array) => number, par: Float64Array, opt: BfgsOptions): Float64Array {
  const n = par.length
  const sc = new Scaled(fn, opt)
  const s = opt.parscale
  const dpar = Float64Array.from(par, (v, i) => v / s[i]) // (n)
  const df1 = new Float64Array(n) // (n)
  const df2 = new Float64Array(n) // (n)
  const H = new Float64Array(n * n) // (n, n)
  for (let i = 0; i < n; i++) {
    const eps = opt.ndeps / s[i]
    dpar[i] = dpar[i] + eps
    sc.grad(dpar, df1)
    dpar[i] = dpar[i] - 2 * eps
    sc.grad(dpar, df2)
    for (let j = 0; j < n; j++) H[i * n + j] = (df1[j] - df2[j]) / (2 * eps * s[i] * s[j])
    dpar[i] = dpar[i] + eps
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const tmp = 0.5 * (H[i * n + j] + H[j * n + i])
      H[i * n + j] = H[j * n + i] = tmp
    }
  return H
}

/**
 * solve(A) for a small square matrix as R's solve.default does it: LU with partial pivoting (dgesv),
 * an error when a pivot is exactly zero or the reciprocal condition number (1-norm) is below eps.
 * Returns null where R would stop. (n, n) row-major in and out.
 */
export function solveInverse(A: Float64Array, n: number): Float64Array | null {
  const LU = Float64Array.from(A) // (n, n)
  const piv = new Int32Array(n) // (n)
  for (let k = 0; k < n; k++) {
    let pmax = k
    for (let i = k + 1; i < n; i++) if (Math.abs(LU[i * n + k]) > Math.abs(LU[pmax * n + k])) pmax = i
    piv[k] = pmax
    if (LU[pmax * n + k] === 0 || Number.isNaN(LU[pmax * n + k])) return null
    if (pmax !== k) for (let j = 0; j < n; j++) [LU[k * n + j], LU[pmax * n + j]] = [LU[pmax * n + j], LU[k * n + j]]
    for (let i = k + 1; i < n; i++) {
      const f = (LU[i * n + k] /= LU[k * n + k])
      for (let j = k + 1; j < n; j++) LU[i * n + j] -= f * LU[k * n + j]
    }
  }
  const inv = new Float64Array(n * n) // (n, n)
  for (let col = 0; col < n; col++) {
    const x = new Float64Array(n) // (n) e_col permuted
    x[col] = 1
    for (let k = 0; k < n; k++) if (piv[k] !== k) [x[k], x[piv[k]]] = [x[piv[k]], x[k]]
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i] -= LU[i * n + j] * x[j]
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) x[i] -= LU[i * n + j] * x[j]
      x[i] /= LU[i * n + i]
    }
    for (let i = 0; i < n; i++) inv[i * n + col] = x[i]
  }
  const norm1 = (M: Float64Array) => {
    let mx = 0
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let i = 0; i < n; i++) s += Math.abs(M[i * n + j])
      mx = Math.max(mx, s)
    }
    return mx
  }
  const rcond = 1 / (norm1(A) * norm1(inv))
  if (!(rcond >= 2.220446049250313e-16)) return null
  return inv
}
