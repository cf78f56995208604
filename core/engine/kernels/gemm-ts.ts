// Pure TypeScript GEMM: pack op(A) and op(B) into 4-wide panels of doubles, then run a 4x4
// register-blocked micro-kernel over them. Packing makes every transA/transB combination and
// both element types look the same to the micro-kernel (one Float64Array shape, unit stride),
// which keeps the hot loop monomorphic; K is cut into blocks so the B block stays in L2 while
// the M panels sweep over it (weight gradients have K = T*B in the thousands).
import type { FloatArray } from '../types'

const KC = 256 // K block: KC * N * 8 bytes of packed B for N <= 512 stays within L2

// Module-level scratch, grown on demand and never shrunk: no allocation per call.
let aPack = new Float64Array(4 * KC * 64) // (ceil(M/4), kc, 4)
let bPack = new Float64Array(4 * KC * 128) // (ceil(N/4), kc, 4)

/** Same contract as `gemm` in ../kernels; always computes in double precision. */
export function gemmTs(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, lda: number,
  B: FloatArray, bOff: number, ldb: number,
  beta: number,
  C: FloatArray, cOff: number, ldc: number
): void {
  if (M <= 0 || N <= 0) return
  if (K <= 0) {
    scaleC(M, N, beta, C, cOff, ldc)
    return
  }
  if (M === 1 || N === 1) {
    dots(transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc)
    return
  }
  const mp = (M + 3) >> 2
  const np = (N + 3) >> 2
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0)
    if (aPack.length < mp * kc * 4) aPack = new Float64Array(mp * kc * 4)
    if (bPack.length < np * kc * 4) bPack = new Float64Array(np * kc * 4)
    if (transA) packAT(M, kc, A, aOff + k0 * lda, lda, aPack)
    else packAN(M, kc, A, aOff + k0, lda, aPack)
    if (transB) packBT(N, kc, B, bOff + k0, ldb, bPack)
    else packBN(N, kc, B, bOff + k0 * ldb, ldb, bPack)
    micro(M, N, kc, aPack, bPack, k0 === 0 ? beta : 1, C, cOff, ldc)
  }
}

// Matrix-vector products (a head with one output, its gradient): 4x4 tiles would be 3/4 padding.
// N = 1 is c_i = op(A)[i, :] . op(B)[:, 0]; M = 1 is c_j = op(A)[0, :] . op(B)[:, j]. Either way
// many dot products against one shared vector, taken four outputs at a time.
function dots(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, lda: number, B: FloatArray, bOff: number, ldb: number,
  beta: number, C: FloatArray, cOff: number, ldc: number
): void {
  const sAi = transA ? 1 : lda
  const sAk = transA ? lda : 1
  const sBj = transB ? ldb : 1
  const sBk = transB ? 1 : ldb
  if (N === 1) manyDots(M, K, A, aOff, sAi, sAk, B, bOff, sBk, beta, C, cOff, ldc)
  else manyDots(N, K, B, bOff, sBj, sBk, A, aOff, sAk, beta, C, cOff, 1)
}

// C[cOff + o*sc] = beta*C + sum_k X[xOff + o*sxo + k*sxk] * v[vOff + k*sv]  for o < count.
function manyDots(
  count: number, K: number, X: FloatArray, xOff: number, sxo: number, sxk: number,
  v: FloatArray, vOff: number, sv: number, beta: number, C: FloatArray, cOff: number, sc: number
): void {
  let o = 0
  for (; o + 4 <= count; o += 4) {
    let p0 = xOff + o * sxo
    let p1 = p0 + sxo
    let p2 = p1 + sxo
    let p3 = p2 + sxo
    let pv = vOff
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0
    for (let k = 0; k < K; k++) {
      const x = v[pv]
      s0 += X[p0] * x; s1 += X[p1] * x; s2 += X[p2] * x; s3 += X[p3] * x
      p0 += sxk; p1 += sxk; p2 += sxk; p3 += sxk
      pv += sv
    }
    const q = cOff + o * sc
    if (beta === 0) {
      C[q] = s0; C[q + sc] = s1; C[q + 2 * sc] = s2; C[q + 3 * sc] = s3
    } else {
      C[q] = beta * C[q] + s0; C[q + sc] = beta * C[q + sc] + s1
      C[q + 2 * sc] = beta * C[q + 2 * sc] + s2; C[q + 3 * sc] = beta * C[q + 3 * sc] + s3
    }
  }
  for (; o < count; o++) {
    let p = xOff + o * sxo
    let pv = vOff
    let s = 0
    for (let k = 0; k < K; k++) {
      s += X[p] * v[pv]
      p += sxk
      pv += sv
    }
    const q = cOff + o * sc
    C[q] = beta === 0 ? s : beta * C[q] + s
  }
}

function scaleC(M: number, N: number, beta: number, C: FloatArray, cOff: number, ldc: number): void {
  for (let i = 0; i < M; i++) {
    const ci = cOff + i * ldc
    for (let j = 0; j < N; j++) C[ci + j] = beta === 0 ? 0 : beta * C[ci + j]
  }
}

// op(A) = A (M, kc), row i at off + i*lda. Packed: dst[(ip*kc + k)*4 + r] = A[4ip + r, k], rows >= M are 0.
function packAN(M: number, kc: number, A: FloatArray, off: number, lda: number, dst: Float64Array): void {
  for (let i0 = 0; i0 < M; i0 += 4) {
    const base = (i0 >> 2) * kc * 4
    for (let r = 0; r < 4; r++) {
      const i = i0 + r
      if (i < M) {
        const src = off + i * lda
        for (let k = 0; k < kc; k++) dst[base + k * 4 + r] = A[src + k]
      } else {
        for (let k = 0; k < kc; k++) dst[base + k * 4 + r] = 0
      }
    }
  }
}

// op(A) = A^T with A (kc, M): the rows of op(A) are columns of A, so 4 of them are contiguous.
function packAT(M: number, kc: number, A: FloatArray, off: number, lda: number, dst: Float64Array): void {
  for (let i0 = 0; i0 < M; i0 += 4) {
    let d = (i0 >> 2) * kc * 4
    if (i0 + 4 <= M) {
      for (let k = 0; k < kc; k++) {
        const s = off + k * lda + i0
        dst[d] = A[s]; dst[d + 1] = A[s + 1]; dst[d + 2] = A[s + 2]; dst[d + 3] = A[s + 3]
        d += 4
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const s = off + k * lda
        for (let r = 0; r < 4; r++) dst[d + r] = i0 + r < M ? A[s + i0 + r] : 0
        d += 4
      }
    }
  }
}

// op(B) = B (kc, N). Packed: dst[(jp*kc + k)*4 + c] = B[k, 4jp + c], columns >= N are 0.
function packBN(N: number, kc: number, B: FloatArray, off: number, ldb: number, dst: Float64Array): void {
  for (let j0 = 0; j0 < N; j0 += 4) {
    let d = (j0 >> 2) * kc * 4
    if (j0 + 4 <= N) {
      for (let k = 0; k < kc; k++) {
        const s = off + k * ldb + j0
        dst[d] = B[s]; dst[d + 1] = B[s + 1]; dst[d + 2] = B[s + 2]; dst[d + 3] = B[s + 3]
        d += 4
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const s = off + k * ldb
        for (let c = 0; c < 4; c++) dst[d + c] = j0 + c < N ? B[s + j0 + c] : 0
        d += 4
      }
    }
  }
}

// op(B) = B^T with B (N, kc): column j of op(B) is row j of B.
function packBT(N: number, kc: number, B: FloatArray, off: number, ldb: number, dst: Float64Array): void {
  for (let j0 = 0; j0 < N; j0 += 4) {
    const base = (j0 >> 2) * kc * 4
    for (let c = 0; c < 4; c++) {
      const j = j0 + c
      if (j < N) {
        const src = off + j * ldb
        for (let k = 0; k < kc; k++) dst[base + k * 4 + c] = B[src + k]
      } else {
        for (let k = 0; k < kc; k++) dst[base + k * 4 + c] = 0
      }
    }
  }
}

// C = beta*C + Ap Bp over all 4x4 tiles. beta = 0 never reads C (BLAS semantics: NaN in C is ignored).
function micro(
  M: number, N: number, kc: number, ap: Float64Array, bp: Float64Array,
  beta: number, C: FloatArray, cOff: number, ldc: number
): void {
  const stride = kc * 4
  for (let i0 = 0; i0 < M; i0 += 4) {
    const aBase = (i0 >> 2) * stride
    for (let j0 = 0; j0 < N; j0 += 4) {
      let pa = aBase
      let pb = (j0 >> 2) * stride
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0
      for (let k = 0; k < kc; k++) {
        const a0 = ap[pa], a1 = ap[pa + 1], a2 = ap[pa + 2], a3 = ap[pa + 3]
        const b0 = bp[pb], b1 = bp[pb + 1], b2 = bp[pb + 2], b3 = bp[pb + 3]
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3
        pa += 4
        pb += 4
      }
      if (i0 + 4 <= M && j0 + 4 <= N) {
        let p = cOff + i0 * ldc + j0
        if (beta === 0) {
          C[p] = c00; C[p + 1] = c01; C[p + 2] = c02; C[p + 3] = c03; p += ldc
          C[p] = c10; C[p + 1] = c11; C[p + 2] = c12; C[p + 3] = c13; p += ldc
          C[p] = c20; C[p + 1] = c21; C[p + 2] = c22; C[p + 3] = c23; p += ldc
          C[p] = c30; C[p + 1] = c31; C[p + 2] = c32; C[p + 3] = c33
        } else {
          C[p] = beta * C[p] + c00; C[p + 1] = beta * C[p + 1] + c01; C[p + 2] = beta * C[p + 2] + c02; C[p + 3] = beta * C[p + 3] + c03; p += ldc
          C[p] = beta * C[p] + c10; C[p + 1] = beta * C[p + 1] + c11; C[p + 2] = beta * C[p + 2] + c12; C[p + 3] = beta * C[p + 3] + c13; p += ldc
          C[p] = beta * C[p] + c20; C[p + 1] = beta * C[p + 1] + c21; C[p + 2] = beta * C[p + 2] + c22; C[p + 3] = beta * C[p + 3] + c23; p += ldc
          C[p] = beta * C[p] + c30; C[p + 1] = beta * C[p + 1] + c31; C[p + 2] = beta * C[p + 2] + c32; C[p + 3] = beta * C[p + 3] + c33
        }
      } else {
        edge(M - i0, N - j0, beta, C, cOff + i0 * ldc + j0, ldc,
          c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33)
      }
    }
  }
}

// A partial tile at the bottom/right border: store only the rows < mr and columns < nr.
function edge(
  mr: number, nr: number, beta: number, C: FloatArray, p: number, ldc: number,
  c00: number, c01: number, c02: number, c03: number, c10: number, c11: number, c12: number, c13: number,
  c20: number, c21: number, c22: number, c23: number, c30: number, c31: number, c32: number, c33: number
): void {
  const t = tile
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03; t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13
  t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23; t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33
  const rows = Math.min(mr, 4)
  const cols = Math.min(nr, 4)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const q = p + r * ldc + c
      C[q] = beta === 0 ? t[r * 4 + c] : beta * C[q] + t[r * 4 + c]
    }
  }
}
const tile = new Float64Array(16) // (4, 4) partial-tile staging
