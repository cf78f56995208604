// LSTM cell, PyTorch nn.LSTM (gate order i, f, g, o in the rows of weight_ih / weight_hh):
//   i = σ(W_ii x + b_ii + W_hi h + b_hi)    f = σ(W_if x + b_if + W_hf h + b_hf)
//   g = tanh(W_ig x + b_ig + W_hg h + b_hg) o = σ(W_io x + b_io + W_ho h + b_ho)
//   c_t = f ⊙ c_{t-1} + i ⊙ g               h_t = o ⊙ tanh(c_t)
import { gemm, sigmoidInto, tanhInto } from '../kernels'
import type { LayerOffsets } from '../params'
import type { FloatArray } from '../types'
import { broadcastBias, cutsBefore, inputAddress, loadRecurrentWeights, type LayerCache } from './cache'

/** X (T, B, D) starts at xOff. c.gates ends up holding the activated gates [i, f, g, o]. */
export function lstmForward(c: LayerCache, P: FloatArray, o: LayerOffsets, X: FloatArray, xOff: number): void {
  const { T, B, D, H } = c
  const G4 = 4 * H
  const gates = c.gates // (T, B, 4H)
  const hs = c.hs // (T+1, B, H)
  const cs = c.cs // (T+1, B, H)
  const tc = c.aux // (T, B, H) tanh(c_t)
  const N = T * B
  const BH = B * H
  hs.fill(0, 0, BH)
  cs.fill(0, 0, BH)
  const f = c.fused
  if (f !== null) {
    loadRecurrentWeights(f, P, o, G4, H)
    const a = f.arena
    a.ex.lstm_fwd(T, B, H, a.addr(gates as Float32Array), a.addr(hs as Float32Array), a.addr(cs as Float32Array),
      a.addr(tc as Float32Array), a.addr(f.wT), a.addr(f.bias), inputAddress(f, X, xOff, N * D), D, a.addr(f.wihT))
    return
  }
  broadcastBias(gates, N, G4, P, o.bih, o.bhh, G4)
  gemm(false, true, N, G4, D, X, xOff, D, P, o.wih, D, 1, gates, 0, G4)
  for (let t = 0; t < T; t++) {
    const gOff = t * B * G4
    gemm(false, true, B, G4, H, hs, t * BH, H, P, o.whh, H, 1, gates, gOff, G4)
    for (let b = 0; b < B; b++) {
      const base = gOff + b * G4
      const prev = t * BH + b * H
      const cur = prev + BH
      sigmoidInto(gates, base, gates, base, 2 * H) // i, f
      tanhInto(gates, base + 2 * H, gates, base + 2 * H, H) // g
      sigmoidInto(gates, base + 3 * H, gates, base + 3 * H, H) // o
      for (let j = 0; j < H; j++) cs[cur + j] = gates[base + H + j] * cs[prev + j] + gates[base + j] * gates[base + 2 * H + j]
    }
    tanhInto(cs, (t + 1) * BH, tc, t * BH, BH)
    for (let b = 0; b < B; b++) {
      const base = gOff + b * G4 + 3 * H
      const s = t * BH + b * H
      for (let j = 0; j < H; j++) hs[s + BH + j] = gates[base + j] * tc[s + j]
    }
  }
}

/** Same contract as elmanBackward; dG is (T, B, 4H) and the cell gradient dc is carried too. */
export function lstmBackward(
  c: LayerCache, P: FloatArray, o: LayerOffsets, dhIn: FloatArray, t0: number, t1: number, chunk: number,
  dG: FloatArray, dhSeen: FloatArray | null
): void {
  const { B, H } = c
  const G4 = 4 * H
  const BH = B * H
  const gates = c.gates
  const cs = c.cs
  const tc = c.aux
  const dhNext = c.dhNext // (B, H)
  const dcNext = c.dcNext // (B, H)
  const f = c.fused
  if (f !== null && f.arena.owns(dhIn) && f.arena.owns(dG) && (dhSeen === null || f.arena.owns(dhSeen))) {
    const a = f.arena
    a.ex.lstm_bwd(t0, t1, chunk, B, H, a.addr(gates as Float32Array), a.addr(cs as Float32Array), a.addr(tc as Float32Array),
      a.addr(dhIn), a.addr(dG), a.addr(dhNext as Float32Array), a.addr(dcNext as Float32Array), a.addr(f.w),
      dhSeen === null ? 0 : a.addr(dhSeen))
    return
  }
  dhNext.fill(0)
  dcNext.fill(0)
  for (let t = t1; t >= t0; t--) {
    const gOff = t * B * G4
    for (let b = 0; b < B; b++) {
      const base = gOff + b * G4
      const s = t * BH + b * H // (t, b) in (T, B, H); also c_{t-1} in cs
      for (let j = 0; j < H; j++) {
        const dh = dhIn[s + j] + dhNext[b * H + j]
        if (dhSeen !== null) dhSeen[s + j] += dh
        const i = gates[base + j]
        const f = gates[base + H + j]
        const g = gates[base + 2 * H + j]
        const og = gates[base + 3 * H + j]
        const th = tc[s + j]
        const dc = dcNext[b * H + j] + dh * og * (1 - th * th)
        dG[base + j] = dc * g * i * (1 - i)
        dG[base + H + j] = dc * cs[s + j] * f * (1 - f)
        dG[base + 2 * H + j] = dc * i * (1 - g * g)
        dG[base + 3 * H + j] = dh * th * og * (1 - og)
        dcNext[b * H + j] = dc * f
      }
    }
    if (cutsBefore(t, t0, chunk)) {
      dhNext.fill(0)
      dcNext.fill(0)
    } else {
      gemm(false, false, B, H, G4, dG, gOff, G4, P, o.whh, H, 0, dhNext, 0, H)
    }
  }
}
