// Loads simd.wat's compiled bytes (simd-bytes.ts) once per process and instantiates it over a given
// memory: one growable memory for GEMM scratch (gemm-wasm.ts) and one fixed memory per workspace
// arena (arena.ts). core/engine has no DOM or Node typings, hence the small local view of the API.
import { RELAXED_BASE64, SIMD_BASE64 } from './simd-bytes'

export interface WasmMemory { buffer: ArrayBuffer; grow(pages: number): number }

/** simd.wat's exports. Every address is a byte offset into the instance's memory. */
export interface SimdExports {
  gemm(M: number, N: number, K: number, a: number, sai: number, sak: number, b: number, ldb: number,
    c: number, ldc: number, beta: number): void
  transpose(src: number, rows: number, cols: number, lds: number, dst: number, ldd: number): void
  gemm_bp(M: number, N: number, K: number, a: number, lda: number, bp: number, c: number, ldc: number, beta: number): void
  gemm_bp2(M: number, N: number, K: number, a: number, lda: number, bp: number, K2: number, a2: number, lda2: number, bp2: number,
    c: number, ldc: number, beta: number): void
  pack_b(src: number, K: number, N: number, sk: number, sn: number, dst: number): void
  colsum(src: number, N: number, W: number, dst: number): void
  gemm_pk(M: number, N: number, K: number, a: number, sai: number, sak: number, b: number, sbk: number, sbn: number,
    c: number, ldc: number, beta: number, ws: number): void
  elman_fwd(T: number, B: number, H: number, pre: number, hs: number, wT: number, bias: number, act: number,
    x: number, D: number, wihT: number): void
  elman_bwd(t0: number, t1: number, chunk: number, B: number, H: number, hs: number, dhIn: number, dG: number,
    dhNext: number, w: number, dhSeen: number, act: number): void
  lstm_fwd(T: number, B: number, H: number, gates: number, hs: number, cs: number, tc: number, wT: number, bias: number,
    x: number, D: number, wihT: number): void
  gru_fwd(T: number, B: number, H: number, gates: number, hs: number, hn: number, wT: number, wihT: number, bias: number,
    x: number, D: number, hg: number): void
  gru_bwd(t0: number, t1: number, chunk: number, B: number, H: number, gates: number, hs: number, hn: number,
    dhIn: number, dGi: number, dGh: number, dhNext: number, w: number, dhSeen: number): void
  lstm_bwd(t0: number, t1: number, chunk: number, B: number, H: number, gates: number, cs: number, tc: number,
    dhIn: number, dG: number, dhNext: number, dcNext: number, w: number, dhSeen: number): void
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (desc: { initial: number; maximum?: number }) => WasmMemory
}

export interface WasmKernelInfo { available: boolean; relaxed: boolean; reason?: string }

export const PAGE_BYTES = 65536

let api: WasmApi | null = null
let compiled: object | null = null
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

// Synchronous compile: the module is a few KB, and a synchronous load means every kernel is on its
// final path from the first call. Runs in a worker or utility process in the app, never on a page.
// Lazy, on the first kernel call: a Node entry may still switch relaxed SIMD on before that
// (core/services/wasm-features.ts), whatever order its imports evaluate in.
let loaded = false
function load(): void {
  if (loaded) return
  loaded = true
  const w = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (!w) {
    info = { available: false, relaxed: false, reason: 'no WebAssembly in this runtime' }
    return
  }
  try {
    const relaxedBytes = base64Bytes(RELAXED_BASE64)
    const relaxed = w.validate(relaxedBytes)
    const bytes = relaxed ? relaxedBytes : base64Bytes(SIMD_BASE64)
    if (!w.validate(bytes)) {
      info = { available: false, relaxed: false, reason: 'WebAssembly SIMD not supported' }
      return
    }
    compiled = new w.Module(bytes)
    api = w
    info = { available: true, relaxed }
  } catch (e) {
    info = { available: false, relaxed: false, reason: `WebAssembly load failed: ${(e as Error).message}` }
  }
}

export function wasmKernelInfo(): WasmKernelInfo {
  load()
  return { ...info }
}

/** A fresh memory of `pages` 64 KiB pages and an instance over it; null when wasm is unavailable. */
export function instantiate(pages: number): { memory: WasmMemory; ex: SimdExports } | null {
  load()
  if (api === null || compiled === null) return null
  const memory = new api.Memory({ initial: pages })
  const ex = new api.Instance(compiled, { env: { memory } }).exports as SimdExports
  return { memory, ex }
}
