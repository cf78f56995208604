// ARIMA's state-space form and its likelihood as R's stats::arima computes them (src/library/stats/
// src/arima.c and R/arima.R): the parameter transformation that keeps the AR parts stationary
// (partrans, Jones 1980), the expansion of the seasonal polynomials (ARIMA_transPars), Gardner et al.
// (1980)'s initial covariance (getQ0, AS 154), the exact Gaussian likelihood by the Kalman filter with
// a diffuse prior (kappa = 1e6) on the differencing states (ARIMA_Like), the conditional sum of
// squares (ARIMA_CSS) and the forecast means (KalmanFore's Z' T^k a).

/** R's arma vector: p, q, P, Q, m, d, D. */
export interface ArimaOrder {
  p: number
  d: number
  q: number
  P: number
  D: number
  Q: number
  m: number // seasonal period; 1 when there is no seasonal part
}

export function narmaOf(o: ArimaOrder): number {
  return o.p + o.q + o.P + o.Q
}

/** partrans: raw (-Inf, Inf)^k to the AR coefficients of a stationary AR(k), via tanh to PACFs and Durbin-Levinson. */
function partrans(k: number, raw: ArrayLike<number>, from: number, out: Float64Array, to: number): void {
  const work = new Float64Array(k) // (k)
  for (let j = 0; j < k; j++) work[j] = out[to + j] = Math.tanh(raw[from + j])
  for (let j = 1; j < k; j++) {
    const a = out[to + j]
    for (let i = 0; i < j; i++) work[i] -= a * out[to + j - i - 1]
    for (let i = 0; i < j; i++) out[to + i] = work[i]
  }
}

/** invpartrans: the AR coefficients back to raw parameters (Durbin-Levinson backwards, then atanh). */
function invpartrans(k: number, phi: ArrayLike<number>, from: number, out: Float64Array, to: number): void {
  const work = new Float64Array(k) // (k)
  for (let j = 0; j < k; j++) work[j] = out[to + j] = phi[from + j]
  for (let j = k - 1; j > 0; j--) {
    const a = out[to + j]
    for (let i = 0; i < j; i++) work[i] = (out[to + i] + a * out[to + j - i - 1]) / (1 - a * a)
    for (let i = 0; i < j; i++) out[to + i] = work[i]
  }
  for (let j = 0; j < k; j++) out[to + j] = Math.atanh(out[to + j])
}

/** ARIMA_undoPars: the full coefficient vector with the AR and seasonal AR parts transformed. */
export function undoPars(par: ArrayLike<number>, o: ArimaOrder): Float64Array {
  const out = Float64Array.from(par as ArrayLike<number>) // (npar)
  if (o.p > 0) partrans(o.p, par, 0, out, 0)
  if (o.P > 0) partrans(o.P, par, o.p + o.q, out, o.p + o.q)
  return out
}

/** ARIMA_Invtrans. */
export function invTrans(par: ArrayLike<number>, o: ArimaOrder): Float64Array {
  const out = Float64Array.from(par as ArrayLike<number>) // (npar)
  if (o.p > 0) invpartrans(o.p, par, 0, out, 0)
  if (o.P > 0) invpartrans(o.P, par, o.p + o.q, out, o.p + o.q)
  return out
}

/** ARIMA_Gradtrans: d undoPars / d par by forward differences (eps 1e-3), (n, n) column-major as R's matrix. */
export function gradTrans(par: ArrayLike<number>, o: ArimaOrder): Float64Array {
  const n = par.length
  const eps = 1e-3
  const A = new Float64Array(n * n) // (n, n) A[i + j n]
  for (let i = 0; i < n; i++) A[i + i * n] = 1
  const block = (k: number, v: number) => {
    const w1 = new Float64Array(k) // (k)
    const w2 = new Float64Array(k) // (k)
    const w3 = new Float64Array(k) // (k)
    for (let i = 0; i < k; i++) w1[i] = par[v + i]
    partrans(k, w1, 0, w2, 0)
    for (let i = 0; i < k; i++) {
      w1[i] += eps
      partrans(k, w1, 0, w3, 0)
      for (let j = 0; j < k; j++) A[i + v + (j + v) * n] = (w3[j] - w2[j]) / eps
      w1[i] -= eps
    }
  }
  if (o.p > 0) block(o.p, 0)
  if (o.P > 0) block(o.P, o.p + o.q)
  return A
}

/** ARIMA_transPars: the coefficient vector to the expanded phi (p + m P) and theta (q + m Q). */
export function transPars(par: ArrayLike<number>, o: ArimaOrder, trans: boolean): { phi: Float64Array; theta: Float64Array } {
  const { p: mp, q: mq, P: msp, Q: msq } = o
  const ns = o.m
  let params: ArrayLike<number> = par
  if (trans) {
    const t = Float64Array.from(par as ArrayLike<number>)
    if (mp > 0) partrans(mp, par, 0, t, 0)
    if (msp > 0) partrans(msp, par, mp + mq, t, mp + mq)
    params = t
  }
  const p = mp + ns * msp
  const q = mq + ns * msq
  const phi = new Float64Array(p) // (p)
  const theta = new Float64Array(q) // (q)
  for (let i = 0; i < mp; i++) phi[i] = params[i]
  for (let i = 0; i < mq; i++) theta[i] = params[i + mp]
  for (let j = 0; j < msp; j++) {
    phi[(j + 1) * ns - 1] += params[j + mp + mq]
    for (let i = 0; i < mp; i++) phi[(j + 1) * ns + i] -= params[i] * params[j + mp + mq]
  }
  for (let j = 0; j < msq; j++) {
    theta[(j + 1) * ns - 1] += params[j + mp + mq + msp]
    for (let i = 0; i < mq; i++) theta[(j + 1) * ns + i] += params[i + mp] * params[j + mp + mq + msp]
  }
  return { phi, theta }
}

/** The differencing polynomial's coefficients: (1 - B)^d (1 - B^m)^D = 1 - sum Delta_i B^i. (d + m D) */
export function deltaOf(o: ArimaOrder): Float64Array {
  let poly = [1]
  const conv = (b: number[]) => {
    const out = new Array<number>(poly.length + b.length - 1).fill(0)
    for (let i = 0; i < poly.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += poly[i] * b[j]
    poly = out
  }
  for (let i = 0; i < o.d; i++) conv([1, -1])
  for (let i = 0; i < o.D; i++) {
    const s = new Array<number>(o.m + 1).fill(0)
    s[0] = 1
    s[o.m] = -1
    conv(s)
  }
  return Float64Array.from(poly.slice(1), (v) => -v)
}

/** AS 154's inclu2: Givens-style inclusion of one row into the triangular system. */
function inclu2(np: number, xnext: Float64Array, xrow: Float64Array, ynext: number, d: Float64Array, rbar: Float64Array, thetab: Float64Array): void {
  for (let i = 0; i < np; i++) xrow[i] = xnext[i]
  let ithisr = 0
  for (let i = 0; i < np; i++) {
    if (xrow[i] !== 0) {
      const xi = xrow[i]
      const di = d[i]
      const dpi = di + xi * xi
      d[i] = dpi
      const cbar = di / dpi
      const sbar = xi / dpi
      for (let k = i + 1; k < np; k++) {
        const xk = xrow[k]
        const rbthis = rbar[ithisr]
        xrow[k] = xk - xi * rbthis
        rbar[ithisr++] = cbar * rbthis + sbar * xk
      }
      const xk = ynext
      ynext = xk - xi * thetab[i]
      thetab[i] = cbar * thetab[i] + sbar * xk
      if (di === 0) return
    } else ithisr = ithisr + np - i - 1
  }
}

let rbarScratch = new Float64Array(0)
// getQ0's other work arrays, kept between calls as rbar is (zeroed where R's are): at r = 26 they
// hold 1,700 numbers, allocated for each likelihood evaluation otherwise
let q0Scratch = new Float64Array(0)

/**
 * getQ0: the stationary covariance of the ARMA part's state (r x r, r = max(p, q + 1)) by Gardner,
 * Harvey & Phillips (1980), as R computes it. Column-major (r, r).
 */
export function getQ0(phi: Float64Array, theta: Float64Array): Float64Array {
  const r = Math.max(phi.length, theta.length + 1)
  const P = new Float64Array(r * r) // (r, r)
  q0Into(phi, theta, P)
  return P
}

/** getQ0 into P (r, r), all of it written. */
function q0Into(phi: Float64Array, theta: Float64Array, P: Float64Array): void {
  const p = phi.length
  const q = theta.length
  const r = Math.max(p, q + 1)
  const np = (r * (r + 1)) / 2
  const nrbar = (np * (np - 1)) / 2
  if (q0Scratch.length < 4 * np) q0Scratch = new Float64Array(4 * np)
  else q0Scratch.fill(0, 0, 4 * np)
  P.fill(0, 0, r * r)
  const V = q0Scratch.subarray(0, np) // (np) lower triangle of (1, theta)(1, theta)'
  let ind = 0
  for (let j = 0; j < r; j++) {
    const vj = j === 0 ? 1 : j - 1 < q ? theta[j - 1] : 0
    for (let i = j; i < r; i++) {
      const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0
      V[ind++] = vi * vj
    }
  }
  if (r === 1) {
    P[0] = p === 0 ? 1 : 1 / (1 - phi[0] * phi[0])
    return
  }
  if (p > 0) {
    // (nrbar) zeroed scratch, kept between calls: at r = 27 it holds 70 000 numbers, allocated for
    // each likelihood evaluation otherwise
    if (rbarScratch.length < nrbar) rbarScratch = new Float64Array(nrbar)
    else rbarScratch.fill(0, 0, nrbar)
    const rbar = rbarScratch
    const thetab = q0Scratch.subarray(np, 2 * np) // (np)
    const xnext = q0Scratch.subarray(2 * np, 3 * np) // (np)
    const xrow = q0Scratch.subarray(3 * np, 4 * np) // (np)
    ind = 0
    let ind1 = -1
    const npr = np - r
    const npr1 = npr + 1
    let indj = npr
    let ind2 = npr - 1
    for (let j = 0; j < r; j++) {
      const phij = j < p ? phi[j] : 0
      xnext[indj++] = 0
      let indi = npr1 + j
      for (let i = j; i < r; i++) {
        const ynext = V[ind++]
        const phii = i < p ? phi[i] : 0
        if (j !== r - 1) {
          xnext[indj] = -phii
          if (i !== r - 1) {
            xnext[indi] -= phij
            xnext[++ind1] = -1
          }
        }
        xnext[npr] = -phii * phij
        if (++ind2 >= np) ind2 = 0
        xnext[ind2] += 1
        inclu2(np, xnext, xrow, ynext, P, rbar, thetab)
        xnext[ind2] = 0
        if (i !== r - 1) {
          xnext[indi++] = 0
          xnext[ind1] = 0
        }
      }
    }
    let ithisr = nrbar - 1
    let im = np - 1
    for (let i = 0; i < np; i++) {
      let bi = thetab[im]
      let jm = np - 1
      for (let j = 0; j < i; j++) bi -= rbar[ithisr--] * P[jm--]
      P[im--] = bi
    }
    // re-order
    ind = npr
    for (let i = 0; i < r; i++) xnext[i] = P[ind++]
    ind = np - 1
    ind1 = npr - 1
    for (let i = 0; i < npr; i++) P[ind--] = P[ind1--]
    for (let i = 0; i < r; i++) P[i] = xnext[i]
  } else {
    let indn = np
    ind = np
    for (let i = 0; i < r; i++)
      for (let j = 0; j <= i; j++) {
        --ind
        P[ind] = V[ind]
        if (j !== 0) P[ind] += P[--indn]
      }
  }
  // unpack the packed lower triangle to a full matrix
  ind = np
  for (let i = r - 1; i > 0; i--) for (let j = r - 1; j >= i; j--) P[r * i + j] = P[--ind]
  for (let i = 0; i < r - 1; i++) for (let j = i + 1; j < r; j++) P[i + r * j] = P[j + r * i]
}

/** makeARIMA's state: a (rd), P (rd, rd), Pn (rd, rd), column-major; r ARMA states then d differencing states. */
export interface ArimaSS {
  phi: Float64Array // (p)
  theta: Float64Array // (q)
  delta: Float64Array // (d)
  r: number
  rd: number
  a: Float64Array // (rd)
  P: Float64Array // (rd, rd)
  Pn: Float64Array // (rd, rd)
}

export const KAPPA = 1e6 // R's prior variance of the differencing states

let q0Out = new Float64Array(0) // getQ0's result for makeArima, kept between calls

/**
 * makeARIMA(phi, theta, Delta, kappa) with SSinit = "Gardner1980". `reuse`: a model of the same
 * orders that is no longer needed (an optimiser's previous probe): its a, P and Pn are reset and
 * taken over instead of allocated.
 */
export function makeArima(phi: Float64Array, theta: Float64Array, delta: Float64Array, reuse?: ArimaSS): ArimaSS {
  const p = phi.length
  const q = theta.length
  const r = Math.max(p, q + 1)
  const d = delta.length
  const rd = r + d
  const fits = reuse !== undefined && reuse.rd === rd && reuse.Pn.length === rd * rd && reuse.P.length === rd * rd && reuse.a.length === rd
  const Pn = fits ? reuse.Pn.fill(0) : new Float64Array(rd * rd) // (rd, rd)
  const a = fits ? reuse.a.fill(0) : new Float64Array(rd) // (rd)
  const P = fits ? reuse.P.fill(0) : new Float64Array(rd * rd) // (rd, rd)
  if (r > 1) {
    if (q0Out.length < r * r) q0Out = new Float64Array(r * r)
    const Q0 = q0Out // (r, r)
    q0Into(phi, theta, Q0)
    for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) Pn[i + rd * j] = Q0[i + r * j]
  } else Pn[0] = p > 0 ? 1 / (1 - phi[0] * phi[0]) : 1
  for (let i = 0; i < d; i++) Pn[r + i + rd * (r + i)] = KAPPA
  return { phi, theta, delta, r, rd, a, P, Pn }
}

export interface LikeResult {
  ssq: number
  sumlog: number
  nu: number
  resid: Float64Array | null // (n) standardised innovations, when asked for
}

/** Indices of the non-zero entries. */
function nonZero(v: Float64Array): Int32Array {
  let k = 0
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) k++
  const idx = new Int32Array(k) // (k)
  k = 0
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) idx[k++] = i
  return idx
}

/** The state prediction a <- T a, written into anew. */
export function predictState(ss: ArimaSS, a: Float64Array, anew: Float64Array): void {
  const { phi, delta, r, rd } = ss
  const p = phi.length
  const d = delta.length
  for (let i = 0; i < r; i++) {
    let tmp = i < r - 1 ? a[i + 1] : 0
    if (i < p) tmp += phi[i] * a[0]
    anew[i] = tmp
  }
  if (d > 0) {
    for (let i = r + 1; i < rd; i++) anew[i] = a[i - 1]
    let tmp = a[0]
    for (let i = 0; i < d; i++) tmp += delta[i] * a[r + i]
    anew[r] = tmp
  }
}

const ROW_A = 0 // an ARMA row with phi_i != 0: (T x)_i = phi_i x_0 + x_{i+1}
const ROW_S = 1 // a shift: (T x)_i = x_{src_i} (ARMA rows with phi_i = 0, differencing rows after the first)
const ROW_Z = 2 // the last ARMA row with phi = 0: (T x)_i = 0
const ROW_D = 3 // the first differencing row: (T x)_r = x_0 + sum Delta_k x_{r+k}

/**
 * What the filter needs of T, V and Delta, and its scratch (anew, M, w), set for one filter run into
 * buffers kept between runs (grown as a larger model needs): an auto ARIMA search runs the filter
 * some 10^4 times, and these arrays, allocated per run, were most of its allocation. Lengths are the
 * counts below, not the buffers' lengths.
 */
interface Transition {
  kind: Uint8Array // (rd) each row of T by kind
  src: Int32Array // (rd) the source row of the shifts
  fixed: Int32Array // (nf) the rows that are not shifts
  nf: number
  dv: Float64Array // (nd) the non-zero entries of Delta, Delta[dz[t]]
  dr: Int32Array // (nd) their state rows, r + dz[t]
  nd: number
  vz: Int32Array // (nv) non-zero entries of V = (1, theta)
  vv: Float64Array // (nv) their values
  nv: number
  w: Float64Array // (rd, rd) scratch: the rows of T P that are not shifts
  anew: Float64Array // (rd) scratch: the predicted state
  M: Float64Array // (rd) scratch: Pnew Z
}

const trScratch: Transition = {
  kind: new Uint8Array(0),
  src: new Int32Array(0),
  fixed: new Int32Array(0),
  nf: 0,
  dv: new Float64Array(0),
  dr: new Int32Array(0),
  nd: 0,
  vz: new Int32Array(0),
  vv: new Float64Array(0),
  nv: 0,
  w: new Float64Array(0),
  anew: new Float64Array(0),
  M: new Float64Array(0)
}
let trBusy = false // a filter run inside another's atOrigin gets buffers of its own

/** The transition of ss into the kept buffers (or fresh ones while they are in use). */
function transitionOf(ss: ArimaSS): Transition {
  const { phi, theta, delta, r, rd } = ss
  const d = delta.length
  const q = theta.length
  const tr: Transition = trBusy ? { ...trScratch, kind: new Uint8Array(0), w: new Float64Array(0), anew: new Float64Array(0) } : trScratch
  if (tr.kind.length < rd) {
    tr.kind = new Uint8Array(rd)
    tr.src = new Int32Array(rd)
    tr.fixed = new Int32Array(rd)
    tr.dv = new Float64Array(rd)
    tr.dr = new Int32Array(rd)
    tr.vz = new Int32Array(rd)
    tr.vv = new Float64Array(rd)
  }
  if (tr.w.length < rd * rd) tr.w = new Float64Array(rd * rd)
  if (tr.anew.length < rd) {
    tr.anew = new Float64Array(rd)
    tr.M = new Float64Array(rd)
  }
  const { kind, src, fixed, dv, dr, vz, vv } = tr
  let nf = 0
  for (let i = 0; i < rd; i++) {
    src[i] = 0
    if (i < r) {
      if (i < phi.length && phi[i] !== 0) kind[i] = ROW_A
      else if (i < r - 1) {
        kind[i] = ROW_S
        src[i] = i + 1
      } else kind[i] = ROW_Z
    } else if (i === r) kind[i] = ROW_D
    else {
      kind[i] = ROW_S
      src[i] = i - 1
    }
    if (kind[i] !== ROW_S) fixed[nf++] = i
  }
  tr.nf = nf
  let nd = 0
  for (let i = 0; i < d; i++)
    if (delta[i] !== 0) {
      dv[nd] = delta[i]
      dr[nd++] = r + i
    }
  tr.nd = nd
  let nv = 0
  for (let i = 0; i <= q; i++) {
    const v = i === 0 ? 1 : theta[i - 1]
    if (v !== 0) {
      vz[nv] = i
      vv[nv++] = v
    }
  }
  tr.nv = nv
  return tr
}

/** One innovation into the likelihood sums (left out during the diffuse start, gain >= 1e4, as R
 *  does) and the standardised residual. */
function accumulate(acc: LikeResult, res: number, gain: number, l: number): void {
  if (gain < 1e4) {
    acc.nu++
    acc.ssq += (res * res) / gain
    acc.sumlog += Math.log(gain)
  }
  if (acc.resid) acc.resid[l] = res / Math.sqrt(gain)
}

/** One innovation: accumulate, and the filtered state a = anew + M res / gain. */
function innovate(acc: LikeResult, res: number, gain: number, l: number, a: Float64Array, anew: Float64Array, M: Float64Array): void {
  accumulate(acc, res, gain, l)
  for (let i = 0; i < a.length; i++) a[i] = anew[i] + (M[i] * res) / gain
}

/**
 * Pnew = T P T' + V V' (V = (1, theta, 0...)) for a model with differencing, each entry by R's own
 * expression (mm = T P, then mm T', arima.c), without building the rows of mm that are copies of P:
 * most of T is a shift, so most of Pnew is P moved by one row and one column. Only the non-zero
 * entries of V are added (adding 0 changes no value), as the filter skips zero coefficients.
 */
function predictCov(P: Float64Array, Pnew: Float64Array, tr: Transition, ss: ArimaSS): void {
  const { phi, r, rd } = ss
  const { kind, src, fixed, nf, dv, dr, nd, vz, vv, nv, w } = tr
  // the rows of mm = T P that are not copies: w[i + rd j]
  for (let f = 0; f < nf; f++) {
    const i = fixed[f]
    const k = kind[i]
    if (k === ROW_A) {
      const ph = phi[i]
      if (i < r - 1) for (let j = 0; j < rd; j++) w[i + rd * j] = ph * P[rd * j] + P[i + 1 + rd * j]
      else for (let j = 0; j < rd; j++) w[i + rd * j] = ph * P[rd * j] + 0
    } else if (k === ROW_D)
      for (let j = 0; j < rd; j++) {
        const cj = rd * j
        let tmp = P[cj]
        for (let t = 0; t < nd; t++) tmp += dv[t] * P[dr[t] + cj]
        w[r + cj] = tmp
      }
    else for (let j = 0; j < rd; j++) w[i + rd * j] = 0
  }
  // Pnew = mm T', column i of Pnew from the columns of mm; mm[j, c] is P[src[j] + rd c] for a
  // shift row j, else w[j + rd c] (written out below: a closure made per call, 130,000 calls in an
  // auto ARIMA search on a quarterly series, was most of the search's allocation)
  for (let i = 0; i < rd; i++) {
    const k = kind[i]
    const ci = rd * i
    if (k === ROW_S) {
      // Pnew[j, i] = mm[j, src_i]: P[src_j, src_i] for the shift rows
      const pc = rd * src[i]
      for (let j = 0; j < r - 1; j++) Pnew[j + ci] = P[j + 1 + pc]
      for (let j = r + 1; j < rd; j++) Pnew[j + ci] = P[j - 1 + pc]
      for (let t = 0; t < nf; t++) Pnew[fixed[t] + ci] = w[fixed[t] + pc]
    } else if (k === ROW_A) {
      const ph = phi[i]
      if (i < r - 1) {
        const c1 = rd * (i + 1)
        for (let j = 0; j < rd; j++) Pnew[j + ci] = kind[j] === ROW_S ? ph * P[src[j]] + P[src[j] + c1] : ph * w[j] + w[j + c1]
      } else for (let j = 0; j < rd; j++) Pnew[j + ci] = ph * (kind[j] === ROW_S ? P[src[j]] : w[j]) + 0
    } else if (k === ROW_D)
      for (let j = 0; j < rd; j++) {
        // mm's row j from P (a shift row, at row src[j]) or from w (at row j)
        if (kind[j] === ROW_S) {
          const row = src[j]
          let tmp = P[row]
          for (let t = 0; t < nd; t++) tmp += dv[t] * P[row + rd * dr[t]]
          Pnew[j + ci] = tmp
        } else {
          let tmp = w[j]
          for (let t = 0; t < nd; t++) tmp += dv[t] * w[j + rd * dr[t]]
          Pnew[j + ci] = tmp
        }
      }
    else for (let j = 0; j < rd; j++) Pnew[j + ci] = 0
  }
  for (let a = 0; a < nv; a++) {
    const ca = rd * vz[a]
    const va = vv[a]
    for (let b = 0; b < nv; b++) Pnew[vz[b] + ca] += vv[b] * va
  }
}

/**
 * ARIMA_Like with sUP = 0: runs the Kalman filter over y from ss.a / ss.Pn, updating ss.a, ss.P and
 * ss.Pn in place (as R's .Call does). `atOrigin(t)` is called after observation t is filtered in,
 * with ss.a the filtered state then. Innovations with gain >= 1e4 (the diffuse start) are left out of
 * the likelihood, as R does.
 */
export function arimaLike(y: ArrayLike<number>, ss: ArimaSS, giveResid: boolean, atOrigin?: (t: number) => void, last = y.length - 1, record?: LikeTrace): LikeResult {
  // Only the non-zero coefficients are visited: seasonal models' phi and Delta are mostly zeros, and
  // adding 0 * x changes no value, so the results are R's.
  const tr = transitionOf(ss)
  const kept = tr === trScratch
  if (kept) trBusy = true
  try {
    return filterRun(y, ss, giveResid, atOrigin, last, record, tr)
  } finally {
    if (kept) trBusy = false
  }
}

/** arimaLike's filter on the transition (and scratch) tr of ss. */
function filterRun(y: ArrayLike<number>, ss: ArimaSS, giveResid: boolean, atOrigin: ((t: number) => void) | undefined, last: number, record: LikeTrace | undefined, tr: Transition): LikeResult {
  const { phi, theta, r, rd, a, P } = ss
  const Pnew = ss.Pn
  const p = phi.length
  const q = theta.length
  const d = ss.delta.length
  const n = last + 1
  const { anew, M, dv, dr, nd } = tr
  const resid = giveResid ? new Float64Array(n) : null // (n)
  const acc: LikeResult = { ssq: 0, sumlog: 0, nu: 0, resid }
  // Once the filtered covariance P comes back bit for bit unchanged, every later step would compute
  // the same Pnew, M and gain again (they depend on P only while no value is missing): reuse them.
  // This skips the O(rd^2) work per step without changing a bit of the result.
  let steady = false
  let gainSteady = 0
  for (let l = 0; l < n; l++) {
    predictState(ss, a, anew)
    const yl = y[l]
    if (steady && !Number.isNaN(yl)) {
      let res = yl - anew[0]
      for (let t = 0; t < nd; t++) res -= dv[t] * anew[dr[t]]
      acc.nu++
      acc.ssq += (res * res) / gainSteady
      acc.sumlog += Math.log(gainSteady)
      if (resid) resid[l] = res / Math.sqrt(gainSteady)
      for (let i = 0; i < rd; i++) a[i] = anew[i] + (M[i] * res) / gainSteady
      if (record) {
        for (let i = 0; i < rd; i++) record.M[l * rd + i] = M[i]
        record.gain[l] = gainSteady
      }
      if (atOrigin) atOrigin(l)
      continue
    }
    if (steady) {
      // a missing value: the covariance moves again; rebuild Pnew from P below
      steady = false
    }
    if (l > 0) {
      if (d === 0) {
        for (let i = 0; i < r; i++) {
          const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0
          for (let j = 0; j < r; j++) {
            let tmp = j === 0 ? vi : j - 1 < q ? vi * theta[j - 1] : 0
            if (i < p && j < p) tmp += phi[i] * phi[j] * P[0]
            if (i < r - 1 && j < r - 1) tmp += P[i + 1 + r * (j + 1)]
            if (i < p && j < r - 1) tmp += phi[i] * P[j + 1]
            if (j < p && i < r - 1) tmp += phi[j] * P[i + 1]
            Pnew[i + r * j] = tmp
          }
        }
      } else predictCov(P, Pnew, tr, ss)
    }
    if (!Number.isNaN(yl)) {
      let res = yl - anew[0]
      for (let t = 0; t < nd; t++) res -= dv[t] * anew[dr[t]]
      for (let i = 0; i < rd; i++) {
        let tmp = Pnew[i]
        for (let t = 0; t < nd; t++) tmp += Pnew[i + dr[t] * rd] * dv[t]
        M[i] = tmp
      }
      let gain = M[0]
      for (let t = 0; t < nd; t++) gain += dv[t] * M[dr[t]]
      innovate(acc, res, gain, l, a, anew, M)
      if (record) {
        for (let i = 0; i < rd; i++) record.M[l * rd + i] = M[i]
        record.gain[l] = gain
      }
      // P = Pnew - M M' / gain; M[i] * M[j] === M[j] * M[i], so each quotient serves both triangles.
      // Whether P came back unchanged is only asked until the first entry that changed.
      let same = l > 0 && gain < 1e4
      for (let j = 0; j < rd; j++) {
        const mj = M[j]
        const cj = j * rd
        for (let i = 0; i < j; i++) {
          const u = (M[i] * mj) / gain
          const v1 = Pnew[i + cj] - u
          const v2 = Pnew[j + i * rd] - u
          if (same && (v1 !== P[i + cj] || v2 !== P[j + i * rd])) same = false
          P[i + cj] = v1
          P[j + i * rd] = v2
        }
        const v = Pnew[j + cj] - (mj * mj) / gain
        if (same && v !== P[j + cj]) same = false
        P[j + cj] = v
      }
      if (same) {
        steady = true
        gainSteady = gain
      }
    } else {
      for (let i = 0; i < rd; i++) a[i] = anew[i]
      for (let i = 0; i < rd * rd; i++) P[i] = Pnew[i]
      if (resid) resid[l] = NaN
    }
    if (atOrigin) atOrigin(l)
  }
  return acc
}

/** What arimaLike's covariance recursion gives at each step: M (n, rd) row-major and the gain (n). */
export interface LikeTrace {
  M: Float64Array
  gain: Float64Array
}

/**
 * arimaLike's state recursion alone, on a trace it recorded for the same phi, theta and Delta on a
 * series with the same missing values (P, M and the gains do not depend on the values of y): the
 * returned step(yl, l) moves `a` past observation l, a = T a then a += M res / gain by arimaLike's
 * expressions (a = T a where yl is missing), and returns the innovation res. O(rd) a step.
 */
export function traceStepper(ss: ArimaSS, trace: LikeTrace, a: Float64Array): (yl: number, l: number) => number {
  const { delta, r, rd } = ss
  const dz = nonZero(delta)
  const nd = dz.length
  const anew = new Float64Array(rd) // (rd)
  return (yl, l) => {
    predictState(ss, a, anew)
    if (Number.isNaN(yl)) {
      for (let i = 0; i < rd; i++) a[i] = anew[i]
      return NaN
    }
    let res = yl - anew[0]
    for (let t = 0; t < nd; t++) res -= delta[dz[t]] * anew[r + dz[t]]
    const gain = trace.gain[l]
    const off = l * rd
    for (let i = 0; i < rd; i++) a[i] = anew[i] + (trace.M[off + i] * res) / gain
    return res
  }
}

/**
 * arimaLike(y, ss) from a trace that arimaLike recorded for the same phi, theta and Delta on a series
 * with the same missing values (traceStepper): only the state and the innovations are computed, and
 * the result is arimaLike's bit for bit. ss.a is updated; ss.P and ss.Pn are not.
 */
export function arimaLikeReplay(y: ArrayLike<number>, ss: ArimaSS, trace: LikeTrace): LikeResult {
  const step = traceStepper(ss, trace, ss.a)
  const acc: LikeResult = { ssq: 0, sumlog: 0, nu: 0, resid: null }
  for (let l = 0; l < y.length; l++) {
    const res = step(y[l], l)
    if (!Number.isNaN(y[l])) accumulate(acc, res, trace.gain[l], l)
  }
  return acc
}

/** KalmanFore's means: Z' T^k a for k = 1..h, into out[offset..offset+h), plus xm(k). a is not changed. */
export function kalmanMeans(ss: ArimaSS, a: Float64Array, h: number, out: Float64Array, offset: number, xm: (k: number) => number): void {
  const { r, rd, delta } = ss
  const d = delta.length
  let cur = Float64Array.from(a) // (rd)
  let next = new Float64Array(rd) // (rd)
  for (let k = 1; k <= h; k++) {
    predictState(ss, cur, next)
    let fc = next[0]
    for (let i = 0; i < d; i++) fc += next[r + i] * delta[i]
    out[offset + k - 1] = fc + xm(k)
    const t = cur
    cur = next
    next = t
  }
}

/**
 * ARIMA_CSS: differences y (d, then D at lag m), then the conditional sum of squares of the ARMA
 * recursion from observation ncond on. Returns ssq / (number of finite residuals) and the residuals.
 */
export function arimaCss(y: ArrayLike<number>, o: ArimaOrder, phi: Float64Array, theta: Float64Array, ncond: number): { s2: number; resid: Float64Array } {
  return cssOfDifferenced(cssDifferenced(y, o), phi, theta, ncond, new Float64Array(y.length))
}

/** arimaCss's differencing of y, in place on a copy (d times at lag 1, D times at lag m), as R's
 *  ARIMA_CSS does it; the copy into `w` (n) where given (an optimiser's scratch). (n) */
export function cssDifferenced(y: ArrayLike<number>, o: ArimaOrder, w = new Float64Array(y.length)): Float64Array {
  const n = y.length
  for (let l = 0; l < n; l++) w[l] = y[l]
  for (let i = 0; i < o.d; i++) for (let l = n - 1; l > 0; l--) w[l] -= w[l - 1]
  const ns = o.m
  for (let i = 0; i < o.D; i++) for (let l = n - 1; l >= ns; l--) w[l] -= w[l - ns]
  return w
}

/** arimaCss on a series already differenced (cssDifferenced), which it only reads: the CSS
 *  optimiser differences its series once for all its probes instead of once a probe. `resid` (n)
 *  receives the residuals from row ncond on (rows before it are left as they are; only those from
 *  ncond on are read), so an optimiser may pass the same scratch each probe. */
export function cssOfDifferenced(w: Float64Array, phi: Float64Array, theta: Float64Array, ncond: number, resid: Float64Array): { s2: number; resid: Float64Array } {
  const n = w.length
  const p = phi.length
  const q = theta.length
  // First over the non-zero coefficients only (seasonal models' phi and theta are mostly zeros).
  // While every value is finite, each skipped term is 0 * (a finite number) = 0, which changes no
  // value; if anything is not finite (a missing value, an overflow), R's full sums are run instead,
  // where 0 * NaN or 0 * Inf is NaN.
  const pz = nonZero(phi)
  const qz = nonZero(theta)
  let ssq = 0
  let nu = 0
  let finite = true
  for (let l = 0; l < n; l++) if (!Number.isFinite(w[l])) finite = false
  for (let l = ncond; l < n && finite; l++) {
    let tmp = w[l]
    for (let k = 0; k < pz.length; k++) tmp -= phi[pz[k]] * w[l - pz[k] - 1]
    const jmax = Math.min(l - ncond, q)
    for (let k = 0; k < qz.length && qz[k] < jmax; k++) tmp -= theta[qz[k]] * resid[l - qz[k] - 1]
    resid[l] = tmp
    ssq += tmp * tmp
    nu++
    if (!Number.isFinite(tmp)) finite = false
  }
  if (finite) return { s2: ssq / nu, resid }
  ssq = 0
  nu = 0
  for (let l = ncond; l < n; l++) {
    let tmp = w[l]
    for (let j = 0; j < p; j++) tmp -= phi[j] * w[l - j - 1]
    const jmax = Math.min(l - ncond, q)
    for (let j = 0; j < jmax; j++) tmp -= theta[j] * resid[l - j - 1]
    resid[l] = tmp
    if (!Number.isNaN(tmp)) {
      nu++
      ssq += tmp * tmp
    }
  }
  return { s2: ssq / nu, resid }
}

// ---- polynomial roots (R's polyroot), for the stationarity and invertibility checks ----

/**
 * Roots of c[0] + c[1] z + ... + c[k] z^k (trailing zero coefficients dropped), by the Aberth-Ehrlich
 * iteration. R's polyroot() uses Jenkins-Traub; both converge to the roots to near machine precision
 * for these degrees, and R's checks only compare their moduli with 1 or 1.01 (maInvert also reflects them).
 */
export function polyRoots(c: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  let k = c.length - 1
  while (k > 0 && c[k] === 0) k--
  const re = new Float64Array(k) // (k)
  const im = new Float64Array(k) // (k)
  if (k === 0) return { re, im }
  // monic coefficients a[0..k-1], a[k] = 1
  const a = new Float64Array(k + 1) // (k + 1)
  for (let i = 0; i <= k; i++) a[i] = c[i] / c[k]
  // start on a circle of radius from the coefficient bound, off the real axis
  let rad = 0
  for (let i = 0; i < k; i++) rad = Math.max(rad, Math.pow(Math.abs(a[i]), 1 / (k - i)))
  rad = Math.max(rad, 1e-3)
  for (let i = 0; i < k; i++) {
    const ang = (2 * Math.PI * i) / k + 0.4
    re[i] = rad * Math.cos(ang)
    im[i] = rad * Math.sin(ang)
  }
  for (let iter = 0; iter < 500; iter++) {
    let moved = 0
    for (let i = 0; i < k; i++) {
      // p(z) and p'(z) by Horner
      let pr = 1
      let pi = 0
      let dr = 0
      let di = 0
      const zr = re[i]
      const zi = im[i]
      for (let j = k - 1; j >= 0; j--) {
        const ndr = dr * zr - di * zi + pr
        const ndi = dr * zi + di * zr + pi
        dr = ndr
        di = ndi
        const npr = pr * zr - pi * zi + a[j]
        const npi = pr * zi + pi * zr
        pr = npr
        pi = npi
      }
      if (pr === 0 && pi === 0) continue
      // ratio = p / p'
      const den = dr * dr + di * di
      let rr: number
      let ri: number
      if (den === 0) {
        rr = 1e-8
        ri = 1e-8
      } else {
        rr = (pr * dr + pi * di) / den
        ri = (pi * dr - pr * di) / den
      }
      // sum 1 / (z_i - z_j)
      let sr = 0
      let si = 0
      for (let j = 0; j < k; j++)
        if (j !== i) {
          const ur = zr - re[j]
          const ui = zi - im[j]
          const u2 = ur * ur + ui * ui
          if (u2 > 0) {
            sr += ur / u2
            si += -ui / u2
          }
        }
      // w = ratio / (1 - ratio * s)
      const tr = 1 - (rr * sr - ri * si)
      const ti = -(rr * si + ri * sr)
      const t2 = tr * tr + ti * ti
      const wr = (rr * tr + ri * ti) / t2
      const wi = (ri * tr - rr * ti) / t2
      re[i] = zr - wr
      im[i] = zi - wi
      moved = Math.max(moved, Math.hypot(wr, wi) / Math.max(1, Math.hypot(zr, zi)))
    }
    if (moved < 1e-15) break
  }
  return { re, im }
}

/** min |root| of 1 - sum phi_i z^i (or 1 + sum theta_i z^i), trimmed after the last |coef| > 1e-8; 2 when none (myarima's minroot). */
export function minRootModulus(coef: Float64Array, sign: 1 | -1, cap = 2): number {
  let last = -1
  for (let i = 0; i < coef.length; i++) if (Math.abs(coef[i]) > 1e-8) last = i
  if (last < 0) return cap
  const c = new Float64Array(last + 2) // (last + 2)
  c[0] = 1
  for (let i = 0; i <= last; i++) c[i + 1] = sign * coef[i]
  const { re, im } = polyRoots(c)
  let mn = cap
  for (let i = 0; i < re.length; i++) mn = Math.min(mn, Math.hypot(re[i], im[i]))
  return mn
}

/** arima's arCheck: all roots of 1 - sum ar_i z^i outside the unit circle. */
export function arCheck(ar: ArrayLike<number>): boolean {
  let p = 0
  for (let i = 0; i < ar.length; i++) if (ar[i] !== 0) p = i + 1
  if (p === 0) return true
  const c = new Float64Array(p + 1) // (p + 1)
  c[0] = 1
  for (let i = 0; i < p; i++) c[i + 1] = -ar[i]
  const { re, im } = polyRoots(c)
  for (let i = 0; i < re.length; i++) if (!(Math.hypot(re[i], im[i]) > 1)) return false
  return true
}

/** arima's maInvert: reflects MA roots inside the unit circle to the outside. */
export function maInvert(ma: Float64Array): Float64Array {
  const q = ma.length
  let q0 = 0
  for (let i = 0; i < q; i++) if (ma[i] !== 0) q0 = i + 1
  if (q0 === 0) return ma
  const c = new Float64Array(q0 + 1) // (q0 + 1)
  c[0] = 1
  for (let i = 0; i < q0; i++) c[i + 1] = ma[i]
  const { re, im } = polyRoots(c)
  let any = false
  for (let i = 0; i < re.length; i++) if (Math.hypot(re[i], im[i]) < 1) any = true
  if (!any) return ma
  const out = new Float64Array(q) // (q)
  if (q0 === 1) {
    out[0] = 1 / ma[0]
    return out
  }
  for (let i = 0; i < re.length; i++) {
    const m2 = re[i] * re[i] + im[i] * im[i]
    if (m2 < 1) {
      re[i] = re[i] / m2
      im[i] = -im[i] / m2
    }
  }
  // x <- 1; for (r in roots) x <- c(x, 0) - c(0, x) / r
  let xr = [1]
  let xi = [0]
  for (let k = 0; k < re.length; k++) {
    const m2 = re[k] * re[k] + im[k] * im[k]
    const ir = re[k] / m2 // 1 / r
    const ii = -im[k] / m2
    const nr = new Array<number>(xr.length + 1).fill(0)
    const ni = new Array<number>(xr.length + 1).fill(0)
    for (let j = 0; j < xr.length; j++) {
      nr[j] += xr[j]
      ni[j] += xi[j]
      nr[j + 1] -= xr[j] * ir - xi[j] * ii
      ni[j + 1] -= xr[j] * ii + xi[j] * ir
    }
    xr = nr
    xi = ni
  }
  for (let i = 0; i < q0; i++) out[i] = xr[i + 1]
  return out
}
