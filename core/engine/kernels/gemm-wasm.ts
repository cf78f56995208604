// WebAssembly SIMD path for float32 GEMM. Operands are copied into the module's memory (one
// memcpy-like `set` per operand, plus an in-wasm transpose when op(B) = B^T), multiplied by the
// 4x8 f32x4 micro-kernel of gemm.wat, and copied back. The copies cost O(MK + KN + MN) against
// O(MNK) of work, so ../kernels only routes products above a size threshold here.
// core/engine has no DOM or Node typings, hence the small local view of the WebAssembly API.
import type { FloatArray } from '../types'
import { GEMM_RELAXED_BASE64, GEMM_SIMD_BASE64 } from './gemm-wasm-bytes'
import { gemmTs } from './gemm-ts'

interface WasmMemory { buffer: ArrayBuffer; grow(pages: number): number }
interface GemmExports {
  memory: WasmMemory
  gemm(M: number, N: number, K: number, a: number, sai: number, sak: number, b: number, ldb: number,
    c: number, ldc: number, beta: number): void
  transpose(src: number, rows: number, cols: number, lds: number, dst: number, ldd: number): void
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}

export interface WasmKernelInfo { available: boolean; relaxed: boolean; reason?: string }

// wasm memory never shrinks: products whose copies would need more than 256 MiB stay in TypeScript.
const MAX_FLOATS = 64 * 1024 * 1024
const KC = 256 // K block: a (KC, 8) strip of op(B) and a (4, KC) strip of op(A) stay in L1

let ex: GemmExports | null = null
let heap = new Float32Array(0) // view of ex.memory, refreshed after every grow
let info: WasmKernelInfo = { available: false, relaxed: false, reason: 'not loaded' }

function base64Bytes(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const clean = s.replace(/=+$/, '')
  const out = new Uint8Array((clean.length * 3) >> 2)
  let bits = 0
  let acc = 0
  let o = 0
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | alphabet.indexOf(clean[i])
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  return out
}

// Synchronous compile: the module is under 2 KB (below the 4 KB that browsers allow on a
// main thread), and a synchronous load means gemm is on its final path from the first call.
function load(): void {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (!api) {
    info = { available: false, relaxed: false, reason: 'no WebAssembly in this runtime' }
    return
  }
  try {
    const relaxedBytes = base64Bytes(GEMM_RELAXED_BASE64)
    const relaxed = api.validate(relaxedBytes)
    const bytes = relaxed ? relaxedBytes : base64Bytes(GEMM_SIMD_BASE64)
    if (!api.validate(bytes)) {
      info = { available: false, relaxed: false, reason: 'WebAssembly SIMD not supported' }
      return
    }
    ex = new api.Instance(new api.Module(bytes), {}).exports as GemmExports
    heap = new Float32Array(ex.memory.buffer)
    info = { available: true, relaxed }
  } catch (e) {
    info = { available: false, relaxed: false, reason: `WebAssembly load failed: ${(e as Error).message}` }
  }
}
load()

export function wasmKernelInfo(): WasmKernelInfo {
  return { ...info }
}

function ensure(floats: number): Float32Array {
  const need = floats * 4
  const mem = (ex as GemmExports).memory
  if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536))
  if (heap.buffer !== mem.buffer) heap = new Float32Array(mem.buffer)
  return heap
}

const up = (x: number, m: number) => Math.ceil(x / m) * m

/** Same contract as `gemm` in ../kernels for Float32Array operands; anything else goes to gemmTs. */
export function gemmWasm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, lda: number,
  B: FloatArray, bOff: number, ldb: number,
  beta: number,
  C: FloatArray, cOff: number, ldc: number
): void {
  if (ex === null || !(A instanceof Float32Array) || !(B instanceof Float32Array) || !(C instanceof Float32Array) ||
      M <= 0 || N <= 0 || K <= 0) {
    gemmTs(transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc)
    return
  }
  const Mp = up(M, 4)
  const Np = up(N, 8)
  // Regions in floats, 16-byte aligned, each with the slack that the padded tiles touch.
  const aSpan = transA ? (K - 1) * lda + M : (M - 1) * lda + K
  const aSize = transA ? (K - 1) * lda + Mp : Mp * lda
  const bSpan = transB ? (N - 1) * ldb + K : (K - 1) * ldb + N
  const bSize = transB ? up(bSpan, 4) + K * Np : (K - 1) * ldb + Np
  const a = 0
  const b = up(aSize, 4)
  const c = b + up(bSize, 4)
  if (c + Mp * Np > MAX_FLOATS) {
    gemmTs(transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc)
    return
  }
  const h = ensure(c + Mp * Np)
  h.set(A.subarray(aOff, aOff + aSpan), a)
  h.set(B.subarray(bOff, bOff + bSpan), b)
  let bOp = b // op(B) as (K, Np) or (K, ldb) row-major
  let ldbOp = ldb
  if (transB) {
    bOp = b + up(bSpan, 4)
    ldbOp = Np
    ;(ex as GemmExports).transpose(b * 4, N, K, ldb * 4, bOp * 4, Np * 4)
  }
  const packedC = Np === N && ldc === N // C's rows are contiguous and already 8-aligned: one copy each way
  if (beta !== 0) {
    if (packedC) h.set(C.subarray(cOff, cOff + M * N), c)
    else for (let i = 0; i < M; i++) h.set(C.subarray(cOff + i * ldc, cOff + i * ldc + N), c + i * Np)
  }
  const sai = transA ? 4 : lda * 4
  const sak = transA ? lda * 4 : 4
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0)
    ;(ex as GemmExports).gemm(M, N, kc, a * 4 + k0 * sak, sai, sak, (bOp + k0 * ldbOp) * 4, ldbOp * 4,
      c * 4, Np * 4, k0 === 0 ? beta : 1)
  }
  if (packedC) C.set(h.subarray(c, c + M * N), cOff)
  else for (let i = 0; i < M; i++) C.set(h.subarray(c + i * Np, c + i * Np + N), cOff + i * ldc)
}
