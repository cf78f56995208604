// Nelder-Mead as R's nmmin() does it (src/appl/optim.c: J.C. Nash's Pascal code, re-crafted by
// B.D. Ripley), which forecast::ets() calls with abstol = -Inf, intol = sqrt(eps), alpha = 1,
// beta = 0.5, gamma = 2, maxit = 2000. The same moves in the same order, so that from the same start
// our ETS fits follow R's simplex and land where R lands.

const BIG = 1.0e35 // what nmmin substitutes for a non-finite objective

export interface NelderMeadOptions {
  abstol: number
  intol: number // relative convergence tolerance on the spread of the simplex's values
  alpha: number // reflection
  beta: number // contraction
  gamma: number // expansion
  maxit: number // function evaluations
}

export const R_ETS_NELDER_MEAD: NelderMeadOptions = { abstol: -Infinity, intol: Math.sqrt(2.220446049250313e-16), alpha: 1, beta: 0.5, gamma: 2, maxit: 2000 }

export interface NelderMeadResult {
  par: Float64Array // (n)
  value: number
  fncount: number
  fail: number // 0 converged, 1 maxit reached, 10 the simplex stopped shrinking
}

/** Minimises fn from `start`. fn may return Infinity or NaN outside the feasible region. */
export function nelderMead(fn: (x: Float64Array) => number, start: Float64Array, opt: NelderMeadOptions = R_ETS_NELDER_MEAD): NelderMeadResult {
  const n = start.length
  const bvec = Float64Array.from(start) // (n) the point being evaluated
  const n1 = n + 1
  const C = n + 2
  // P[i * C + j]: rows 0..n-1 coordinates, row n the value; columns 0..n the vertices, column n+1 the
  // centroid. One flat array, not an array of rows: no row to load and check before each element
  const P = new Float64Array((n + 1) * C) // (n+1, n+2)
  const V = n * C // where row n, the values, starts
  let f = fn(bvec)
  if (!Number.isFinite(f)) throw new RangeError('Nelder-Mead: the objective cannot be evaluated at the initial parameters')
  let funcount = 1
  let fail = 0
  const convtol = opt.intol * (Math.abs(f) + opt.intol)
  P[V] = f
  for (let i = 0; i < n; i++) P[i * C] = bvec[i]
  let L = 1
  let size = 0
  let step = 0
  for (let i = 0; i < n; i++) if (0.1 * Math.abs(bvec[i]) > step) step = 0.1 * Math.abs(bvec[i])
  if (step === 0) step = 0.1
  for (let j = 2; j <= n1; j++) {
    for (let i = 0; i < n; i++) P[i * C + j - 1] = bvec[i]
    let trystep = step
    while (P[(j - 2) * C + j - 1] === bvec[j - 2]) {
      P[(j - 2) * C + j - 1] = bvec[j - 2] + trystep
      trystep *= 10
    }
    size += trystep
  }
  let oldsize = size
  let calcvert = true
  const eval1 = (): number => {
    const v = fn(bvec)
    funcount++
    return Number.isFinite(v) ? v : BIG
  }
  do {
    if (calcvert) {
      for (let j = 0; j < n1; j++)
        if (j + 1 !== L) {
          for (let i = 0; i < n; i++) bvec[i] = P[i * C + j]
          P[V + j] = eval1()
        }
      calcvert = false
    }
    let VL = P[V + L - 1]
    let VH = VL
    let H = L
    for (let j = 1; j <= n1; j++)
      if (j !== L) {
        const v = P[V + j - 1]
        if (v < VL) {
          L = j
          VL = v
        }
        if (v > VH) {
          H = j
          VH = v
        }
      }
    if (VH <= VL + convtol || VL <= opt.abstol) break

    for (let i = 0; i < n; i++) {
      let temp = -P[i * C + H - 1]
      for (let j = 0; j < n1; j++) temp += P[i * C + j]
      P[i * C + C - 1] = temp / n
    }
    for (let i = 0; i < n; i++) bvec[i] = (1.0 + opt.alpha) * P[i * C + C - 1] - opt.alpha * P[i * C + H - 1]
    const VR = eval1()
    if (VR < VL) {
      P[V + C - 1] = VR
      for (let i = 0; i < n; i++) {
        const e = opt.gamma * bvec[i] + (1 - opt.gamma) * P[i * C + C - 1]
        P[i * C + C - 1] = bvec[i]
        bvec[i] = e
      }
      f = eval1()
      if (f < VR) {
        for (let i = 0; i < n; i++) P[i * C + H - 1] = bvec[i]
        P[V + H - 1] = f
      } else {
        for (let i = 0; i < n; i++) P[i * C + H - 1] = P[i * C + C - 1]
        P[V + H - 1] = VR
      }
    } else {
      if (VR < VH) {
        for (let i = 0; i < n; i++) P[i * C + H - 1] = bvec[i]
        P[V + H - 1] = VR
      }
      for (let i = 0; i < n; i++) bvec[i] = (1 - opt.beta) * P[i * C + H - 1] + opt.beta * P[i * C + C - 1]
      f = eval1()
      if (f < P[V + H - 1]) {
        for (let i = 0; i < n; i++) P[i * C + H - 1] = bvec[i]
        P[V + H - 1] = f
      } else if (VR >= VH) {
        // shrink towards the best vertex
        calcvert = true
        size = 0
        for (let j = 0; j < n1; j++)
          if (j + 1 !== L)
            for (let i = 0; i < n; i++) {
              P[i * C + j] = opt.beta * (P[i * C + j] - P[i * C + L - 1]) + P[i * C + L - 1]
              size += Math.abs(P[i * C + j] - P[i * C + L - 1])
            }
        if (size < oldsize) oldsize = size
        else {
          fail = 10
          break
        }
      }
    }
  } while (funcount <= opt.maxit)

  const par = new Float64Array(n) // (n)
  for (let i = 0; i < n; i++) par[i] = P[i * C + L - 1]
  if (funcount > opt.maxit) fail = 1
  return { par, value: P[V + L - 1], fncount: funcount, fail }
}
