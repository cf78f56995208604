// Elman cell, PyTorch nn.RNN:  h_t = g(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh),  g in tanh/relu/sigmoid.
import { gemm, sigmoidInto, tanhInto } from '../kernels'
import type { LayerOffsets } from '../params'
import type { FloatArray } from '../types'
import { ACT_SIGMOID, ACT_TANH, broadcastBias, cutsBefore, inputAddress, loadRecurrentWeights, type LayerCache } from './cache'

/** X (T, B, D) starts at xOff. Fills c.gates (pre-activations) and c.hs. */
export function elmanForward(c: LayerCache, P: FloatArray, o: LayerOffsets, X: FloatArray, xOff: number, act: number): void {
  const { T, B, D, H } = c
  const pre = c.gates // (T, B, H)
  const hs = c.hs // (T+1, B, H)
  const N = T * B
  const BH = B * H
  hs.fill(0, 0, BH)
  const f = c.fused
  if (f !== null) {
    loadRecurrentWeights(f, P, o, H, H)
    const a = f.arena
    a.ex.elman_fwd(T, B, H, a.addr(pre as Float32Array), a.addr(hs as Float32Array), a.addr(f.wT), a.addr(f.bias), act,
      inputAddress(f, X, xOff, N * D), D, a.addr(f.wihT))
    return
  }
  // input projection for all steps at once: pre = X W_ih^T + (b_ih + b_hh)
  broadcastBias(pre, N, H, P, o.bih, o.bhh, H)
  gemm(false, true, N, H, D, X, xOff, D, P, o.wih, D, 1, pre, 0, H)
  for (let t = 0; t < T; t++) {
    const pOff = t * BH
    const hOff = pOff + BH
    gemm(false, true, B, H, H, hs, pOff, H, P, o.whh, H, 1, pre, pOff, H) // += W_hh h_{t-1}
    if (act === ACT_TANH) tanhInto(pre, pOff, hs, hOff, BH)
    else if (act === ACT_SIGMOID) sigmoidInto(pre, pOff, hs, hOff, BH)
    else for (let i = 0; i < BH; i++) { const a = pre[pOff + i]; hs[hOff + i] = a > 0 ? a : 0 }
  }
}

/**
 * BPTT over steps t1 down to t0. dhIn (T, B, H) is the gradient arriving at h_t from above (head or
 * next layer). Writes dG (T, B, H) = dL/d(pre-activation) for t0..t1. No gradient crosses into
 * step t0-1, nor across a chunk boundary (t % chunk == 0) when chunk > 0. If dhSeen is given, the
 * total dL/dh_t is added into it (gradient-flow diagnostics).
 */
export function elmanBackward(
  c: LayerCache, P: FloatArray, o: LayerOffsets, dhIn: FloatArray, t0: number, t1: number, chunk: number,
  dG: FloatArray, dhSeen: FloatArray | null, act: number
): void {
  const { B, H } = c
  const BH = B * H
  const hs = c.hs
  const dhNext = c.dhNext // (B, H)
  const f = c.fused
  if (f !== null && f.arena.owns(dhIn) && f.arena.owns(dG) && (dhSeen === null || f.arena.owns(dhSeen))) {
    const a = f.arena
    a.ex.elman_bwd(t0, t1, chunk, B, H, a.addr(hs as Float32Array), a.addr(dhIn), a.addr(dG), a.addr(dhNext as Float32Array),
      a.addr(f.w), dhSeen === null ? 0 : a.addr(dhSeen), act)
    return
  }
  dhNext.fill(0)
  for (let t = t1; t >= t0; t--) {
    const gOff = t * BH
    const hOff = gOff + BH
    for (let i = 0; i < BH; i++) dG[gOff + i] = dhIn[gOff + i] + dhNext[i] // dh_t, for now
    if (dhSeen !== null) for (let i = 0; i < BH; i++) dhSeen[gOff + i] += dG[gOff + i]
    // times g'(a), written in terms of the output h = g(a)
    if (act === ACT_TANH) for (let i = 0; i < BH; i++) { const h = hs[hOff + i]; dG[gOff + i] *= 1 - h * h }
    else if (act === ACT_SIGMOID) for (let i = 0; i < BH; i++) { const h = hs[hOff + i]; dG[gOff + i] *= h * (1 - h) }
    else for (let i = 0; i < BH; i++) if (!(hs[hOff + i] > 0)) dG[gOff + i] = 0
    if (cutsBefore(t, t0, chunk)) dhNext.fill(0)
    else gemm(false, false, B, H, H, dG, gOff, H, P, o.whh, H, 0, dhNext, 0, H) // dh_{t-1} = dG_t W_hh
  }
}
