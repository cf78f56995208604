// GEMM kernels for the hot path. This file owns the signature; the implementation behind it is
// chosen per call: WebAssembly SIMD for float32 products big enough to pay for it — in place when
// an operand lives in a workspace arena (kernels/arena.ts), else through the shared scratch memory
// (kernels/gemm-wasm.ts) — and blocked TypeScript (kernels/gemm-ts.ts) otherwise.
import { arenaOf } from './kernels/arena'
import { gemmTs } from './kernels/gemm-ts'
import { gemmIn, gemmWasm, wasmKernelInfo } from './kernels/gemm-wasm'
import type { FloatArray } from './types'

export { gemmTs } from './kernels/gemm-ts'
export { gemmWasm, wasmKernelInfo } from './kernels/gemm-wasm'
export type { WasmKernelInfo } from './kernels/gemm-wasm'
export { sigmoidInto, tanhInto } from './kernels/activations'

/** 'auto' routes by dtype and size; 'ts' and 'wasm' force one path (tests, benchmarks). */
export type KernelBackend = 'auto' | 'ts' | 'wasm'

// Below this many multiply-adds (M*N*K) the call and copy overhead beats what wasm SIMD saves
// (measured: wasm already wins 5x at 16x16x16, breaks even near 4x8x8); and
// with fewer than 4 columns the 8-wide wasm tiles are mostly padding and C goes back row by row.
export const WASM_MIN_WORK = 512
const WASM_MIN_N = 4

let backend: KernelBackend = 'auto'
let wasmOn: boolean | null = null // decided on the first call (the module loads lazily)

export function setKernelBackend(b: KernelBackend): void {
  if (b === 'wasm' && !wasmKernelInfo().available) throw new Error(`wasm kernels unavailable: ${wasmKernelInfo().reason}`)
  backend = b
  wasmOn = b !== 'ts' && wasmKernelInfo().available
}

export function getKernelBackend(): KernelBackend {
  return backend
}

/**
 * C[m, n] = beta * C[m, n] + sum_k op(A)[m, k] * op(B)[k, n]   (row-major, BLAS-like)
 * op(A) is (M, K): A itself (lda >= K) or, with transA, A^T where A is (K, M) (lda >= M).
 * op(B) is (K, N): B itself (ldb >= N) or, with transB, B^T where B is (N, K) (ldb >= K).
 * Offsets let callers address sub-matrices of one flat buffer without copies.
 * beta = 0 ignores C's old contents (NaN included). Float32 products may run in wasm with
 * float32 accumulation; float64 always runs in TypeScript with float64 accumulation.
 */
export function gemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, lda: number,
  B: FloatArray, bOff: number, ldb: number,
  beta: number,
  C: FloatArray, cOff: number, ldc: number
): void {
  if (wasmOn === null) wasmOn = wasmKernelInfo().available
  if (wasmOn && C instanceof Float32Array && (backend === 'wasm' || (N >= WASM_MIN_N && M * N * K >= WASM_MIN_WORK))) {
    const arena = arenaOf(C) ?? arenaOf(A) ?? arenaOf(B)
    if (arena !== undefined && A instanceof Float32Array && B instanceof Float32Array && M > 0 && K > 0 &&
        gemmIn(arena, transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc)) return
    gemmWasm(transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc)
  } else {
    gemmTs(transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc)
  }
}

/** dst[dOff + j] += Σ_r src[r, j] for src (N, W): bias gradients. In wasm when src lives in an arena. */
export function addColumnSums(dst: FloatArray, dOff: number, src: FloatArray, N: number, W: number): void {
  const arena = wasmOn !== false ? arenaOf(src) : undefined // an arena exists only where wasm loaded
  if (arena !== undefined && W % 4 === 0 && arena.reserve(arena.scratch + W)) {
    arena.ex.colsum(arena.addr(src as Float32Array), N, W, arena.scratch * 4)
    const sums = arena.heap()
    for (let j = 0; j < W; j++) dst[dOff + j] += sums[arena.scratch + j]
    return
  }
  let r = 0 // four rows per pass to cut the dst traffic
  for (; r + 4 <= N; r += 4) {
    const a = r * W
    for (let j = 0; j < W; j++) dst[dOff + j] += src[a + j] + src[a + W + j] + src[a + 2 * W + j] + src[a + 3 * W + j]
  }
  for (; r < N; r++) for (let j = 0; j < W; j++) dst[dOff + j] += src[r * W + j]
}
