// The relaxed-SIMD module (every multiply-add fused, as Electron 38 runs it) against the plain-SIMD
// module on the same inputs: the recurrent sweeps and the packed GEMM agree to float32 rounding.
// Both are instantiated here from their bytes, whichever one the engine itself picked.
import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { RELAXED_BASE64, SIMD_BASE64 } from './kernels/simd-bytes'
import type { SimdExports } from './kernels/wasm-module'
import { Rng } from './rng'
import { relErr } from './testing/helpers'

setFlagsFromString('--experimental-wasm-relaxed-simd')

// core/engine's typings carry no DOM lib, hence this small view of the WebAssembly API.
interface Wasm {
  validate(bytes: Uint8Array): boolean
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer }
  Module: new (bytes: Uint8Array) => object
  Instance: new (m: object, imports: object) => { exports: unknown }
}
const WebAssembly = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly

const PAGES = 64
function instance(b64: string): { ex: SimdExports; heap: Float32Array } {
  const memory = new WebAssembly.Memory({ initial: PAGES })
  const mod = new WebAssembly.Module(Buffer.from(b64, 'base64'))
  const ex = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as SimdExports
  return { ex, heap: new Float32Array(memory.buffer) }
}

describe('relaxed-SIMD module', () => {
  it('validates here once the flag is on, and differs from the plain module', () => {
    expect(WebAssembly.validate(Buffer.from(RELAXED_BASE64, 'base64'))).toBe(true)
    expect(RELAXED_BASE64).not.toBe(SIMD_BASE64)
  })

  it('LSTM forward and backward sweeps and gemm_pk agree with the plain module to float32 rounding', () => {
    const [plain, relaxed] = [instance(SIMD_BASE64), instance(RELAXED_BASE64)]
    const rng = new Rng(3)
    const T = 5, B = 6, H = 16, D = 3, G = 4 * H
    // byte layout, 64-float aligned
    let at = 64
    const take = (n: number) => { const a = at; at += Math.ceil((n + 256) / 64) * 64; return a }
    const gates = take(T * B * G), hs = take((T + 1) * B * H), cs = take((T + 1) * B * H), tc = take(T * B * H)
    const raw = take(G * H), w = take(G * H), wT = take(H * G), rawIh = take(G * D), wihT = take(D * G), bias = take(G)
    const x = take(T * B * D), dhIn = take(T * B * H), dG = take(T * B * G), dhNext = take(B * H), dcNext = take(B * H)
    const dW = take(G * H), ws = take(256 * (H + 8 + 4))
    const init = new Float32Array(at)
    for (const [p, n, s] of [[raw, G * H, 0.3], [rawIh, G * D, 0.3], [bias, G, 0.1], [x, T * B * D, 1], [dhIn, T * B * H, 1]] as const) {
      for (let i = 0; i < n; i++) init[p + i] = (rng.next() * 2 - 1) * s
    }
    for (const { ex, heap } of [plain, relaxed]) {
      heap.set(init)
      ex.pack_b(raw * 4, G, H, H * 4, 4, w * 4)
      ex.pack_b(raw * 4, H, G, 4, H * 4, wT * 4)
      ex.pack_b(rawIh * 4, D, G, 4, D * 4, wihT * 4)
      ex.lstm_fwd(T, B, H, gates * 4, hs * 4, cs * 4, tc * 4, wT * 4, bias * 4, x * 4, D, wihT * 4)
      ex.lstm_bwd(0, T - 1, 0, B, H, gates * 4, cs * 4, tc * 4, dhIn * 4, dG * 4, dhNext * 4, dcNext * 4, w * 4, 0)
      ex.gemm_pk(G, H, T * B, dG * 4, 4, G * 4, hs * 4, H * 4, 4, dW * 4, H * 4, 0, ws * 4) // dW_hh = dG^T Hprev
    }
    const region = (h: Float32Array, p: number, n: number) => h.subarray(p, p + n)
    for (const [p, n] of [[hs, (T + 1) * B * H], [dG, T * B * G], [dW, G * H]] as const) {
      const a = region(plain.heap, p, n)
      const b = region(relaxed.heap, p, n)
      expect(relErr(a, b)).toBeLessThan(1e-5)
      expect(a.some((v) => v !== 0)).toBe(true)
    }
  })
})
