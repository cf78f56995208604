// WebAssembly SIMD path for float32 GEMM: simd.wat's 4x8 f32x4 micro-kernel over operands in a wasm
// memory. An operand that already lives in that memory (a workspace arena's view, see arena.ts) is
// used in place; any other is copied into the memory's scratch region (plus an in-wasm transpose
// when op(B) = B^T) and C is copied back. The copies cost O(MK + KN + MN) against O(MNK) of work,
// so ../kernels only routes products above a size threshold here.
import type { FloatArray } from '../types'
import { gemmTs } from './gemm-ts'
import { instantiate, PAGE_BYTES, type SimdExports, type WasmMemory } from './wasm-module'

export { wasmKernelInfo } from './wasm-module'
export type { WasmKernelInfo } from './wasm-module'

/** A wasm instance plus where its scratch region starts and how far it may extend. */
export interface GemmContext {
  ex: SimdExports
  heap: () => Float32Array // the current view of the whole memory
  scratch: number // first float of the scratch region
  reserve: (floats: number) => boolean // make [0, floats) addressable; false if it cannot
}

// The shared context's memory never shrinks: products whose copies would need more than 256 MiB
// stay in TypeScript.
const MAX_FLOATS = 64 * 1024 * 1024
const KC = 256 // K block: a (KC, 8) strip of op(B) and a (4, KC) strip of op(A) stay in L1
// From this K on, gemm_pk's packing (one pass over each operand per K block) pays for itself: the
// weight gradients (K = T*B) read 2 KiB-strided rows that otherwise miss L1 on every reuse.
const PACKED_MIN_K = 256
const PACK_KC = 256 // gemm_pk's K block (fixed in simd.wat)

let shared: GemmContext | null = null
function sharedContext(): GemmContext | null {
  if (shared !== null) return shared
  const inst = instantiate(1)
  if (inst === null) return null
  const memory: WasmMemory = inst.memory
  let view = new Float32Array(memory.buffer)
  shared = {
    ex: inst.ex,
    heap: () => (view.buffer === memory.buffer ? view : (view = new Float32Array(memory.buffer))),
    scratch: 0,
    reserve: (floats) => {
      if (floats > MAX_FLOATS) return false
      const need = floats * 4
      if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE_BYTES))
      return true
    }
  }
  return shared
}

const up = (x: number, m: number) => Math.ceil(x / m) * m

/**
 * C = beta*C + op(A) op(B) in ctx's memory (contract of `gemm` in ../kernels, Float32Array operands).
 * Returns false, having touched nothing, when the scratch region cannot hold the copies needed.
 */
export function gemmIn(
  ctx: GemmContext, transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  beta: number,
  C: Float32Array, cOff: number, ldc: number
): boolean {
  const mem = ctx.heap().buffer
  const Mp = up(M, 4)
  const Np = up(N, 8)
  // Plan every region first (float indices, 16-byte aligned, with the slack padded tiles touch).
  let next = ctx.scratch
  const take = (n: number) => {
    const at = next
    next += up(n, 4)
    return at
  }
  const aSpan = transA ? (K - 1) * lda + M : (M - 1) * lda + K
  const a = A.buffer === mem ? A.byteOffset / 4 + aOff : take(transA ? (K - 1) * lda + Mp : Mp * lda)
  const bSpan = transB ? (N - 1) * ldb + K : (K - 1) * ldb + N
  const bResident = B.buffer === mem
  const packed = K >= PACKED_MIN_K // gemm_pk packs op(B) itself, transposed or not
  // gemm_pk reads up to 7 rows of B past N when transB (its zero padding is a select): keep them in scratch
  const b = bResident ? B.byteOffset / 4 + bOff : take(transB ? bSpan + (packed ? 8 * ldb : 0) : (K - 1) * ldb + Np)
  const bOp = transB && !packed ? take(K * Np) : b // op(B) as (K, ldbOp) row-major
  const ldbOp = transB && !packed ? Np : ldb
  const pkScratch = packed ? take(PACK_KC * (Np + 4)) : 0
  const cInPlace = C.buffer === mem && N % 8 === 0
  const c = cInPlace ? C.byteOffset / 4 + cOff : take(Mp * Np)
  const ldcOp = cInPlace ? ldc : Np
  if (!ctx.reserve(next)) return false
  const h = ctx.heap()
  if (A.buffer !== mem) h.set(A.subarray(aOff, aOff + aSpan), a)
  if (!bResident) h.set(B.subarray(bOff, bOff + bSpan), b)
  if (transB && !packed) ctx.ex.transpose(b * 4, N, K, ldb * 4, bOp * 4, Np * 4)
  const packedC = Np === N && ldc === N // C's rows are contiguous and already 8-aligned: one copy each way
  if (!cInPlace && beta !== 0) {
    if (packedC) h.set(C.subarray(cOff, cOff + M * N), c)
    else for (let i = 0; i < M; i++) h.set(C.subarray(cOff + i * ldc, cOff + i * ldc + N), c + i * Np)
  }
  const sai = transA ? 4 : lda * 4
  const sak = transA ? lda * 4 : 4
  if (packed) {
    ctx.ex.gemm_pk(M, N, K, a * 4, sai, sak, b * 4, transB ? 4 : ldb * 4, transB ? ldb * 4 : 4, c * 4, ldcOp * 4, beta, pkScratch * 4)
  } else {
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0)
      ctx.ex.gemm(M, N, kc, a * 4 + k0 * sak, sai, sak, (bOp + k0 * ldbOp) * 4, ldbOp * 4, c * 4, ldcOp * 4, k0 === 0 ? beta : 1)
    }
  }
  if (!cInPlace) {
    if (packedC) C.set(h.subarray(c, c + M * N), cOff)
    else for (let i = 0; i < M; i++) C.set(h.subarray(c + i * Np, c + i * Np + N), cOff + i * ldc)
  }
  return true
}

/** Same contract as `gemm` in ../kernels; runs in the shared scratch memory, else in TypeScript. */
export function gemmWasm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, lda: number,
  B: FloatArray, bOff: number, ldb: number,
  beta: number,
  C: FloatArray, cOff: number, ldc: number
): void {
  const ctx = M > 0 && N > 0 && K > 0 && A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array
    ? sharedContext()
    : null
  if (ctx === null || !gemmIn(ctx, transA, transB, M, N, K, A as Float32Array, aOff, lda, B as Float32Array, bOff, ldb, beta, C as Float32Array, cOff, ldc)) {
    gemmTs(transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc)
  }
}
