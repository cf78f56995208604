// GEMM micro-benchmark on the shapes the engine issues for the standard workloads, per kernel path.
// Not a test: figures only, printed and returned for bench/results.json.
import { gemmTs } from '../core/engine/kernels/gemm-ts'
import { gemm } from '../core/engine/kernels'
import { WasmArena } from '../core/engine/kernels/arena'
import { gemmWasm, wasmKernelInfo } from '../core/engine/kernels/gemm-wasm'
import type { FloatArray } from '../core/engine/types'

type Gemm = typeof gemmTs

interface Shape { name: string; transA: boolean; transB: boolean; M: number; N: number; K: number; beta: number }

// (what, where): H=128,B=64 is W2/W4, H=64,B=16 is W3, H=32,B=32 is W1; G*H = 512 for the LSTM.
export const SHAPES: Shape[] = [
  { name: 'W1 recurrent h.Whh^T (32x32x32)', transA: false, transB: true, M: 32, N: 32, K: 32, beta: 0 },
  { name: 'W3 recurrent h.Whh^T (16x64x64)', transA: false, transB: true, M: 16, N: 64, K: 64, beta: 0 },
  { name: 'W2 recurrent h.Whh^T (64x128x128)', transA: false, transB: true, M: 64, N: 128, K: 128, beta: 0 },
  { name: 'W4 recurrent h.Whh^T (64x512x128)', transA: false, transB: true, M: 64, N: 512, K: 128, beta: 0 },
  { name: 'W2 input proj x.Wih^T (4096x128x8)', transA: false, transB: true, M: 4096, N: 128, K: 8, beta: 0 },
  { name: 'W4 backward dPre.W (64x128x512)', transA: false, transB: false, M: 64, N: 128, K: 512, beta: 0 },
  { name: 'W2 weight grad dPre^T.H (128x128x4096)', transA: true, transB: false, M: 128, N: 128, K: 4096, beta: 1 },
  { name: 'W4 weight grad dPre^T.H (512x128x4096)', transA: true, transB: false, M: 512, N: 128, K: 4096, beta: 1 },
  { name: 'W1 head h.V^T (768x1x32)', transA: false, transB: true, M: 768, N: 1, K: 32, beta: 1 },
  { name: 'W1 head grad dZ^T.h (1x32x768)', transA: true, transB: false, M: 1, N: 32, K: 768, beta: 1 },
  { name: 'W1 head backward dZ.V (768x32x1)', transA: false, transB: false, M: 768, N: 32, K: 1, beta: 0 }
]

function naive(
  transA: boolean, transB: boolean, M: number, N: number, K: number, A: FloatArray, aOff: number, lda: number,
  B: FloatArray, bOff: number, ldb: number, beta: number, C: FloatArray, cOff: number, ldc: number
): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0
      for (let k = 0; k < K; k++) {
        s += (transA ? A[aOff + k * lda + i] : A[aOff + i * lda + k]) * (transB ? B[bOff + j * ldb + k] : B[bOff + k * ldb + j])
      }
      C[cOff + i * ldc + j] = beta === 0 ? s : beta * C[cOff + i * ldc + j] + s
    }
  }
}

type Make = (s: Shape) => (n: number) => Float32Array
const heapArrays: Make = () => (n) => new Float32Array(n)
// Operands in a workspace arena, as the engine's sweeps and weight gradients have them: no copies.
const arenaArrays: Make = (s) => {
  const guard = 4 * Math.max(s.M, s.N, s.K) + 16
  const arena = WasmArena.create(3 * guard + s.M * s.K + s.K * s.N + s.M * s.N + 64, s.K * (s.N + 8) + 4096)
  if (arena === null) throw new Error('wasm unavailable')
  return (n) => arena.alloc(n, guard)
}

function gflops(f: Gemm, s: Shape, seconds: number, make: Make = heapArrays): number {
  const alloc = make(s)
  const A = alloc(s.M * s.K)
  const B = alloc(s.K * s.N)
  for (let i = 0; i < A.length; i++) A[i] = Math.random() - 0.5 // in place: .map() would return a heap copy
  for (let i = 0; i < B.length; i++) B[i] = Math.random() - 0.5
  const C = alloc(s.M * s.N)
  const lda = s.transA ? s.M : s.K
  const ldb = s.transB ? s.K : s.N
  const call = () => f(s.transA, s.transB, s.M, s.N, s.K, A, 0, lda, B, 0, ldb, s.beta, C, 0, s.N)
  const flop = 2 * s.M * s.N * s.K
  let n = Math.max(1, Math.round(2e7 / flop))
  for (let i = 0; i < n; i++) call() // warm-up, lets the JIT settle
  let best = 0
  const end = performance.now() + seconds * 1000
  while (performance.now() < end) {
    const t = performance.now()
    for (let i = 0; i < n; i++) call()
    const dt = (performance.now() - t) / 1000
    best = Math.max(best, (flop * n) / dt / 1e9)
    if (dt < 0.02) n *= 2 // only after the rate is taken: it was measured with the old n
  }
  return best
}

export async function run(opts: { quick: boolean; log: (s: string) => void }): Promise<Record<string, unknown>> {
  const info = wasmKernelInfo()
  opts.log(`gemm float32, GFLOP/s (best of runs; 'resident': operands already in a workspace arena). wasm: ${info.available ? (info.relaxed ? 'simd + relaxed-simd fma' : 'simd') : 'unavailable'}`)
  const paths: [string, Gemm, Make?][] = [['ts', gemmTs], ['naive', naive]]
  if (info.available) paths.unshift(['wasm', gemmWasm], ['resident', gemm, arenaArrays])
  const rows: Record<string, unknown>[] = []
  opts.log(`${'shape'.padEnd(44)}${paths.map(([p]) => p.padStart(9)).join('')}`)
  for (const s of SHAPES) {
    const row: Record<string, number | string> = { shape: s.name }
    for (const [p, f, make] of paths) row[p] = Number(gflops(f, s, opts.quick ? 0.15 : 0.5, make).toFixed(2))
    opts.log(`${s.name.padEnd(44)}${paths.map(([p]) => String(row[p]).padStart(9)).join('')}`)
    rows.push(row)
  }
  return { wasm: info, shapes: rows }
}
