import { it } from 'vitest'
import { WasmArena } from './kernels/arena'
it('ab', () => {
  // dW_hh (512x128) += dG^T (512 x 4096) . hs (4096 x 128)
  const M = 512, N = 128, K = 4096
  const guard = 4 * 600
  const ar = WasmArena.create(M * K + K * N + M * N + 4 * guard + 64, 256 * (N + 4) + 4096)!
  const A = ar.alloc(K * M, guard), B = ar.alloc(K * N, guard), C = ar.alloc(M * N, guard)
  for (let i = 0; i < A.length; i++) A[i] = Math.random() - 0.5
  for (let i = 0; i < B.length; i++) B[i] = Math.random() - 0.5
  const ws = ar.scratch * 4
  const g1 = () => { for (let k0 = 0; k0 < K; k0 += 256) ar.ex.gemm(M, N, 256, ar.addr(A) + k0 * M * 4, 4, M * 4, ar.addr(B) + k0 * N * 4, N * 4, ar.addr(C), N * 4, 1) }
  const g2 = () => ar.ex.gemm_pk(M, N, K, ar.addr(A), 4, M * 4, ar.addr(B), N * 4, 4, ar.addr(C), N * 4, 1, ws)
  const flop = 2 * M * N * K
  const best: Record<string, number> = { gemm: 1e9, gemm_pk: 1e9 }
  for (let rep = 0; rep < 60; rep++) {
    for (const [name, g] of [['gemm', g1], ['gemm_pk', g2]] as const) {
      const t = performance.now()
      g()
      best[name] = Math.min(best[name], performance.now() - t)
    }
  }
  for (const k in best) console.log(k, (flop / best[k] / 1e6).toFixed(1), 'GFLOP/s (min of 60)')
})
