// Node 20 runs the plain-SIMD wasm module; to exercise the relaxed-SIMD (FMA) module as Electron
// does, run: npx vitest run core/engine/kernels.test.ts --execArgv=--experimental-wasm-relaxed-simd
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { gemm, gemmTs, gemmWasm, setKernelBackend, sigmoidInto, tanhInto, wasmKernelInfo } from './kernels'
import { RELAXED_BASE64 } from './kernels/simd-bytes'
import { Rng } from './rng'
import type { FloatArray } from './types'

type Gemm = typeof gemmTs

interface Case { transA: boolean; transB: boolean; M: number; N: number; K: number; beta: number; pad: number; off: number }

// Sizes around the micro-tiles (4x4 in TS, 4x8 in wasm), the K blocks (256 in both) and the
// matrix-vector cases (M = 1 or N = 1, done four dot products at a time in TS).
const SIZES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 5], [9, 1, 33], [3, 7, 1], [7, 3, 33], [4, 8, 4], [33, 17, 7], [5, 33, 300], [64, 32, 9], [8, 16, 24], [2, 65, 513]
]

function cases(): Case[] {
  const out: Case[] = []
  for (const [M, N, K] of SIZES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const beta of [0, 1, 0.5]) out.push({ transA, transB, M, N, K, beta, pad: (M + N + K) % 3, off: 5 })
      }
    }
  }
  return out
}

interface Operands { A: FloatArray; B: FloatArray; C: FloatArray; lda: number; ldb: number; ldc: number }

/** Random operands with offsets and leading dimensions padded past the minimum; gaps hold sentinels. */
function operands(c: Case, make: (n: number) => FloatArray, rng: Rng): Operands {
  const lda = (c.transA ? c.M : c.K) + c.pad
  const ldb = (c.transB ? c.K : c.N) + c.pad
  const ldc = c.N + c.pad // pad 0 with N % 8 == 0 takes the wasm path that copies C in one piece
  const fill = (a: FloatArray) => {
    for (let i = 0; i < a.length; i++) a[i] = rng.next() * 2 - 1
    return a
  }
  const A = fill(make(c.off + (c.transA ? c.K : c.M) * lda))
  const B = fill(make(c.off + (c.transB ? c.N : c.K) * ldb))
  const C = fill(make(c.off + c.M * ldc + 3))
  return { A, B, C, lda, ldb, ldc }
}

/** float64 triple loop; also returns sum_k |a b| + |beta c| per entry to scale the tolerance. */
function reference(c: Case, o: Operands): { want: Float64Array; scale: Float64Array } {
  const want = new Float64Array(o.C)
  const scale = new Float64Array(o.C.length)
  for (let i = 0; i < c.M; i++) {
    for (let j = 0; j < c.N; j++) {
      let s = 0
      let mag = 0
      for (let k = 0; k < c.K; k++) {
        const a = c.transA ? o.A[c.off + k * o.lda + i] : o.A[c.off + i * o.lda + k]
        const b = c.transB ? o.B[c.off + j * o.ldb + k] : o.B[c.off + k * o.ldb + j]
        s += a * b
        mag += Math.abs(a * b)
      }
      const q = c.off + i * o.ldc + j
      want[q] = c.beta === 0 ? s : c.beta * o.C[q] + s
      scale[q] = mag + Math.abs(c.beta * o.C[q])
    }
  }
  return { want, scale }
}

function check(f: Gemm, c: Case, make: (n: number) => FloatArray, relTol: number, rng: Rng): void {
  const o = operands(c, make, rng)
  const { want, scale } = reference(c, o)
  f(c.transA, c.transB, c.M, c.N, c.K, o.A, c.off, o.lda, o.B, c.off, o.ldb, c.beta, o.C, c.off, o.ldc)
  for (let q = 0; q < o.C.length; q++) {
    const err = Math.abs(o.C[q] - want[q])
    // Entries outside op(C) (offset, ldc gaps, tail) must come back bit-identical.
    const tol = scale[q] === 0 && want[q] === o.C[q] ? 0 : relTol * (scale[q] + 1e-30)
    if (!(err <= tol)) {
      throw new Error(`${JSON.stringify(c)}: C[${q}] = ${o.C[q]}, want ${want[q]} (err ${err}, tol ${tol})`)
    }
  }
}

const f32 = (n: number) => new Float32Array(n)
const f64 = (n: number) => new Float64Array(n)

afterEach(() => setKernelBackend('auto'))

describe('gemm kernels against a float64 triple loop', () => {
  it('the TypeScript path, float64: every trans combination, offsets, padded strides, beta 0/1/0.5', () => {
    const rng = new Rng(1)
    for (const c of cases()) check(gemmTs, c, f64, 1e-13, rng)
  })

  it('the TypeScript path, float32 operands (rounded once on store)', () => {
    const rng = new Rng(2)
    for (const c of cases()) check(gemmTs, c, f32, 2e-7, rng)
  })

  it('WebAssembly SIMD is available in this runtime', () => {
    expect(wasmKernelInfo()).toMatchObject({ available: true })
  })

  it('loads the relaxed-SIMD module exactly when the runtime validates it', () => {
    const bytes = Uint8Array.from(Buffer.from(RELAXED_BASE64, 'base64'))
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly
    expect(wasmKernelInfo().relaxed).toBe(wasm.validate(bytes))
  })

  it('the wasm path, float32 (float32 accumulation)', () => {
    const rng = new Rng(3)
    for (const c of cases()) check(gemmWasm, c, f32, 2e-6, rng)
  })

  it('the dispatcher, forced to each path and on auto, for both dtypes', () => {
    const rng = new Rng(4)
    for (const b of ['ts', 'wasm', 'auto'] as const) {
      setKernelBackend(b)
      for (const c of cases()) {
        check(gemm, c, f32, 2e-6, rng)
        check(gemm, c, f64, 1e-13, rng)
      }
    }
  })

  it('TS and wasm agree on the engine shapes (recurrent, backward, weight gradient)', () => {
    const rng = new Rng(5)
    const shapes: Case[] = [
      { transA: false, transB: true, M: 64, N: 512, K: 128, beta: 1, pad: 0, off: 0 },
      { transA: false, transB: false, M: 16, N: 64, K: 192, beta: 0, pad: 0, off: 64 },
      { transA: true, transB: false, M: 96, N: 32, K: 768, beta: 1, pad: 0, off: 0 }
    ]
    for (const c of shapes) {
      const o = operands(c, f32, rng)
      const cWasm = new Float32Array(o.C)
      gemmTs(c.transA, c.transB, c.M, c.N, c.K, o.A, c.off, o.lda, o.B, c.off, o.ldb, c.beta, o.C, c.off, o.ldc)
      gemmWasm(c.transA, c.transB, c.M, c.N, c.K, o.A, c.off, o.lda, o.B, c.off, o.ldb, c.beta, cWasm, c.off, o.ldc)
      let worst = 0
      for (let q = 0; q < o.C.length; q++) worst = Math.max(worst, Math.abs(o.C[q] - cWasm[q]) / (1 + Math.abs(o.C[q])))
      expect(worst).toBeLessThan(1e-5)
    }
  })

  it('beta = 0 ignores NaN already in C, on both paths', () => {
    for (const f of [gemmTs, gemmWasm]) {
      const A = new Float32Array(12 * 20).fill(0.5) // (12, 20)
      const B = new Float32Array(20 * 9).fill(2) // (20, 9)
      const C = new Float32Array(12 * 9).fill(NaN) // (12, 9)
      f(false, false, 12, 9, 20, A, 0, 20, B, 0, 9, 0, C, 0, 9)
      expect(Array.from(C).every((v) => v === 20)).toBe(true)
    }
  })

  it('K = 0 scales C by beta (an empty sum)', () => {
    for (const f of [gemmTs, gemmWasm]) {
      const C = new Float64Array([1, 2, 3, 4])
      f(false, false, 2, 2, 0, new Float64Array(0), 0, 1, new Float64Array(0), 0, 2, 0.5, C, 0, 2)
      expect(Array.from(C)).toEqual([0.5, 1, 1.5, 2])
    }
  })
})

describe('generated wasm bytes', () => {
  it('simd-bytes.ts matches simd.wat (scripts/build-wasm.mjs --check)', () => {
    const script = resolve(__dirname, '../../scripts/build-wasm.mjs')
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain('up to date')
  })
})

describe('activation kernels', () => {
  const xs = [0, 1e-30, -1e-8, 1e-3, -0.3, 0.5, 1, -2, 3.7, 7.9, 8, -20, 1e6, -Infinity, Infinity]
  for (let i = 0; i < 2000; i++) xs.push((i - 1000) / 97)

  it('float32 tanh within 2 float32 ulps, sigmoid within abs 2e-7, of the exact functions', () => {
    const src = Float32Array.from(xs)
    const t = new Float32Array(xs.length + 2)
    const s = new Float32Array(xs.length)
    tanhInto(src, 0, t, 2, xs.length)
    sigmoidInto(src, 0, s, 0, xs.length)
    expect(t[0]).toBe(0) // before dOff: untouched
    for (let i = 0; i < xs.length; i++) {
      const x = src[i]
      const tanh = Math.tanh(x)
      const sig = 1 / (1 + Math.exp(-x))
      expect(Math.abs(t[i + 2] - tanh)).toBeLessThanOrEqual(Math.max(1.2e-7, 2 ** -22 * Math.abs(tanh)))
      expect(Math.abs(s[i] - sig)).toBeLessThanOrEqual(2e-7)
      expect(Math.sign(t[i + 2])).toBe(Math.sign(tanh)) // odd, and exact 0 at 0
    }
  })

  it('float64 is exact (Math.tanh, 1/(1+exp(-x))) and NaN propagates on both paths', () => {
    const src = Float64Array.from([...xs, NaN])
    const t = new Float64Array(src.length)
    const s = new Float64Array(src.length)
    tanhInto(src, 0, t, 0, src.length)
    sigmoidInto(src, 0, s, 0, src.length)
    for (let i = 0; i < xs.length; i++) {
      expect(t[i]).toBe(Math.tanh(src[i]))
      expect(s[i]).toBe(1 / (1 + Math.exp(-src[i])))
    }
    const f = new Float32Array([NaN])
    tanhInto(f, 0, f, 0, 1)
    expect(t[xs.length]).toBeNaN()
    expect(f[0]).toBeNaN()
  })
})
