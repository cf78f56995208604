// GEMM kernels for the hot path. This file owns the signature; the implementation behind it may
// be replaced by blocked TypeScript or WebAssembly SIMD without changing any caller.
import type { FloatArray } from './types'

/**
 * C[m, n] = beta * C[m, n] + sum_k op(A)[m, k] * op(B)[k, n]   (row-major, BLAS-like)
 * op(A) is (M, K): A itself (lda >= K) or, with transA, A^T where A is (K, M) (lda >= M).
 * op(B) is (K, N): B itself (ldb >= N) or, with transB, B^T where B is (N, K) (ldb >= K).
 * Offsets let callers address sub-matrices of one flat buffer without copies.
 */
export function gemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, lda: number,
  B: FloatArray, bOff: number, ldb: number,
  beta: number,
  C: FloatArray, cOff: number, ldc: number
): void {
  for (let i = 0; i < M; i++) {
    const ci = cOff + i * ldc
    for (let j = 0; j < N; j++) {
      let s = 0
      for (let k = 0; k < K; k++) {
        const a = transA ? A[aOff + k * lda + i] : A[aOff + i * lda + k]
        const b = transB ? B[bOff + j * ldb + k] : B[bOff + k * ldb + j]
        s += a * b
      }
      C[ci + j] = beta === 0 ? s : beta * C[ci + j] + s
    }
  }
}
