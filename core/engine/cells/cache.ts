// Per-layer forward cache and backward scratch, allocated once per (T, B) and reused (no
// allocation in the hot loop). Hidden states keep an extra slot 0 for h_{-1} = 0, so the
// "previous state" of every step is one contiguous (T*B, H) block: hs[0 .. T*B*H).
import type { WasmArena } from '../kernels/arena'
import type { LayerOffsets } from '../params'
import type { FloatArray } from '../types'

/**
 * Present when the layer's buffers live in a workspace arena and its sweeps run as one wasm call
 * each (float32, H % 8 == 0). The weights are arena copies refreshed by every forward
 * pass, so the backward pass that follows reads the same weights.
 */
export interface FusedLayer {
  arena: WasmArena
  raw: Float32Array // (G*H, H) W_hh as in the parameters
  w: Float32Array // W_hh packed as gemm_bp panels (op(B) of the backward step: K = G*H, N = H)
  wT: Float32Array // W_hh^T packed as gemm_bp panels (op(B) of the forward step: K = H, N = G*H)
  rawIh: Float32Array // (G*H, D) W_ih as in the parameters
  wihT: Float32Array // W_ih^T packed as gemm_bp panels (K = D, N = G*H): the step's input projection
  bias: Float32Array // (G*H) b_ih + b_hh, added by the sweep instead of broadcast over (T, B, G*H);
  //   GRU: (4H) [b_ir + b_hr, b_iz + b_hz, b_in, b_hn], since b_hn sits inside r ⊙ (...)
  hg: Float32Array // GRU: (B, 3H) scratch for one step's h_(t-1) W_hh^T; else empty
  x: Float32Array // (T, B, D) arena copy of the input when it lives outside (layer 0); else empty
}

/** Copies the layer's weights into the arena, packs the GEMM operands, and sums the biases. */
export function loadRecurrentWeights(f: FusedLayer, P: FloatArray, o: LayerOffsets, GH: number, H: number): void {
  const a = f.arena
  const D = o.D
  f.raw.set(P.subarray(o.whh, o.whh + GH * H))
  a.ex.pack_b(a.addr(f.raw), GH, H, H * 4, 4, a.addr(f.w)) // op(B)[k][n] = W[k][n]
  a.ex.pack_b(a.addr(f.raw), H, GH, 4, H * 4, a.addr(f.wT)) // op(B)[k][n] = W[n][k]
  f.rawIh.set(P.subarray(o.wih, o.wih + GH * D))
  a.ex.pack_b(a.addr(f.rawIh), D, GH, 4, D * 4, a.addr(f.wihT))
  if (f.bias.length === GH) {
    for (let j = 0; j < GH; j++) f.bias[j] = P[o.bih + j] + P[o.bhh + j]
  } else { // GRU
    for (let j = 0; j < 2 * H; j++) f.bias[j] = P[o.bih + j] + P[o.bhh + j]
    for (let j = 2 * H; j < 3 * H; j++) f.bias[j] = P[o.bih + j]
    for (let j = 0; j < H; j++) f.bias[3 * H + j] = P[o.bhh + 2 * H + j]
  }
}

/** Arena address of the layer input X (T, B, D) starting at xOff, copying it in when it lives outside. */
export function inputAddress(f: FusedLayer, X: FloatArray, xOff: number, n: number): number {
  if (f.arena.owns(X)) return f.arena.addr(X, xOff)
  f.x.set(X.subarray(xOff, xOff + n))
  return f.arena.addr(f.x)
}

export interface LayerCache {
  T: number
  B: number
  D: number // input width
  H: number
  G: number // gates: 1 Elman, 4 LSTM, 3 GRU
  gates: FloatArray // (T, B, G*H) pre-activations; LSTM/GRU overwrite them with gate values
  hs: FloatArray // (T+1, B, H) slot 0 = initial state (zeros)
  cs: FloatArray // LSTM cell states (T+1, B, H); empty for other cells
  aux: FloatArray // LSTM tanh(c_t) / GRU W_hn h_{t-1} + b_hn, (T, B, H); empty for Elman
  dGi: FloatArray // (T, B, G*H) dL/d(input pre-activation): feeds weight_ih, bias_ih, dx
  dGh: FloatArray // (T, B, G*H) dL/d(hidden pre-activation); the same array as dGi except for GRU
  dhNext: FloatArray // (B, H) gradient flowing into h_{t-1}
  dcNext: FloatArray // (B, H) LSTM gradient flowing into c_{t-1}
  tmp: FloatArray // (B, H)
  fused: FusedLayer | null
}

export function makeLayerCache(
  alloc: (n: number) => FloatArray, T: number, B: number, D: number, H: number, G: number, cell: 'elman' | 'lstm' | 'gru'
): LayerCache {
  const dGi = alloc(T * B * G * H)
  return {
    T, B, D, H, G,
    gates: alloc(T * B * G * H),
    hs: alloc((T + 1) * B * H),
    cs: alloc(cell === 'lstm' ? (T + 1) * B * H : 0),
    aux: alloc(cell === 'elman' ? 0 : T * B * H),
    dGi,
    dGh: cell === 'gru' ? alloc(T * B * G * H) : dGi,
    dhNext: alloc(B * H),
    dcNext: alloc(B * H),
    tmp: alloc(B * H),
    fused: null
  }
}

/** True where the backward sweep must stop at step t: window start or a chunk boundary. */
export function cutsBefore(t: number, t0: number, chunk: number): boolean {
  return t === t0 || (chunk > 0 && t % chunk === 0)
}

export const ACT_TANH = 0
export const ACT_RELU = 1
export const ACT_SIGMOID = 2

/**
 * dst rows 0..N-1 of width W all become the bias row  P[a + j] + (j < nb ? P[b + j] : 0).
 * Row 0 is computed once and then doubled with copyWithin (memmove), far cheaper than N*W adds.
 */
export function broadcastBias(dst: FloatArray, N: number, W: number, P: FloatArray, a: number, b: number, nb: number): void {
  for (let j = 0; j < W; j++) dst[j] = j < nb ? P[a + j] + P[b + j] : P[a + j]
  const total = N * W
  let filled = W
  while (filled < total) {
    const n = Math.min(filled, total - filled)
    dst.copyWithin(filled, 0, n)
    filled += n
  }
}
