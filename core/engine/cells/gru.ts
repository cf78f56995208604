// GRU cell, PyTorch nn.GRU (gate order r, z, n; b_hn sits inside the reset product):
//   r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
//   h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
// Because r multiplies only the hidden part of n, dL/d(input pre-activation) and
// dL/d(hidden pre-activation) differ in the n rows: dGi_n = dn·(1-n²), dGh_n = dGi_n ⊙ r.
import { gemm, sigmoidInto, tanhInto } from '../kernels'
import type { LayerOffsets } from '../params'
import type { FloatArray } from '../types'
import { broadcastBias, cutsBefore, inputAddress, loadRecurrentWeights, type LayerCache } from './cache'

/** X (T, B, D) starts at xOff. c.gates ends up holding [r, z, n]; c.aux holds W_hn h_{t-1} + b_hn. */
export function gruForward(c: LayerCache, P: FloatArray, o: LayerOffsets, X: FloatArray, xOff: number): void {
  const { T, B, D, H } = c
  const G3 = 3 * H
  const gates = c.gates // (T, B, 3H)
  const hs = c.hs // (T+1, B, H)
  const hn = c.aux // (T, B, H)
  const N = T * B
  const BH = B * H
  hs.fill(0, 0, BH)
  const f = c.fused
  if (f !== null) {
    loadRecurrentWeights(f, P, o, G3, H)
    const a = f.arena
    a.ex.gru_fwd(T, B, H, a.addr(gates as Float32Array), a.addr(hs as Float32Array), a.addr(hn as Float32Array), a.addr(f.wT),
      a.addr(f.wihT), a.addr(f.bias), inputAddress(f, X, xOff, N * D), D, a.addr(f.hg))
    return
  }
  // r, z rows get both biases; the n row only b_in (b_hn is added inside r ⊙ (...))
  broadcastBias(gates, N, G3, P, o.bih, o.bhh, 2 * H)
  gemm(false, true, N, G3, D, X, xOff, D, P, o.wih, D, 1, gates, 0, G3)
  for (let t = 0; t < T; t++) {
    const gOff = t * B * G3
    const hPrev = t * BH
    gemm(false, true, B, 2 * H, H, hs, hPrev, H, P, o.whh, H, 1, gates, gOff, G3) // r, z hidden parts
    gemm(false, true, B, H, H, hs, hPrev, H, P, o.whh + 2 * H * H, H, 0, hn, hPrev, H) // W_hn h_{t-1}
    for (let b = 0; b < B; b++) {
      const base = gOff + b * G3
      const s = hPrev + b * H
      sigmoidInto(gates, base, gates, base, 2 * H) // r, z
      for (let j = 0; j < H; j++) {
        const hnv = hn[s + j] + P[o.bhh + 2 * H + j]
        hn[s + j] = hnv
        gates[base + 2 * H + j] += gates[base + j] * hnv // n pre-activation: W_in x + b_in + r ⊙ (W_hn h + b_hn)
      }
      tanhInto(gates, base + 2 * H, gates, base + 2 * H, H)
      for (let j = 0; j < H; j++) {
        const z = gates[base + H + j]
        hs[s + BH + j] = (1 - z) * gates[base + 2 * H + j] + z * hs[s + j]
      }
    }
  }
}

/** Same contract as elmanBackward, with separate dGi / dGh (T, B, 3H) outputs. */
export function gruBackward(
  c: LayerCache, P: FloatArray, o: LayerOffsets, dhIn: FloatArray, t0: number, t1: number, chunk: number,
  dGi: FloatArray, dGh: FloatArray, dhSeen: FloatArray | null
): void {
  const { B, H } = c
  const G3 = 3 * H
  const BH = B * H
  const gates = c.gates
  const hs = c.hs
  const hn = c.aux
  const dhNext = c.dhNext // (B, H)
  const direct = c.tmp // (B, H) dh ⊙ z: the part of dh_{t-1} that skips the GEMM
  const f = c.fused
  if (f !== null && f.arena.owns(dhIn) && f.arena.owns(dGi) && f.arena.owns(dGh) && (dhSeen === null || f.arena.owns(dhSeen))) {
    const a = f.arena
    a.ex.gru_bwd(t0, t1, chunk, B, H, a.addr(gates as Float32Array), a.addr(hs as Float32Array), a.addr(hn as Float32Array),
      a.addr(dhIn), a.addr(dGi), a.addr(dGh), a.addr(dhNext as Float32Array), a.addr(f.w), dhSeen === null ? 0 : a.addr(dhSeen))
    return
  }
  dhNext.fill(0)
  for (let t = t1; t >= t0; t--) {
    const gOff = t * B * G3
    for (let b = 0; b < B; b++) {
      const base = gOff + b * G3
      const s = t * BH + b * H // (t, b) in (T, B, H); also h_{t-1} in hs
      for (let j = 0; j < H; j++) {
        const dh = dhIn[s + j] + dhNext[b * H + j]
        if (dhSeen !== null) dhSeen[s + j] += dh
        const r = gates[base + j]
        const z = gates[base + H + j]
        const n = gates[base + 2 * H + j]
        const dnPre = dh * (1 - z) * (1 - n * n)
        const drPre = dnPre * hn[s + j] * r * (1 - r)
        const dzPre = dh * (hs[s + j] - n) * z * (1 - z)
        dGi[base + j] = drPre
        dGh[base + j] = drPre
        dGi[base + H + j] = dzPre
        dGh[base + H + j] = dzPre
        dGi[base + 2 * H + j] = dnPre
        dGh[base + 2 * H + j] = dnPre * r
        direct[b * H + j] = dh * z
      }
    }
    if (cutsBefore(t, t0, chunk)) {
      dhNext.fill(0)
    } else {
      dhNext.set(direct)
      gemm(false, false, B, H, G3, dGh, gOff, G3, P, o.whh, H, 1, dhNext, 0, H)
    }
  }
}
