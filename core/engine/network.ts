// The stacked network's forward pass: layers -> (dropout between layers) -> head, plus the
// (T, B)-keyed workspace that holds every activation the backward pass needs.
import { ACT_RELU, ACT_SIGMOID, ACT_TANH, broadcastBias, makeLayerCache, type LayerCache } from './cells/cache'
import { arenaStride, WasmArena } from './kernels/arena'
import { elmanForward } from './cells/elman'
import { gruForward } from './cells/gru'
import { lstmForward } from './cells/lstm'
import { gemm, getKernelBackend, wasmKernelInfo } from './kernels'
import { dropoutActs, type Model } from './model'
import { gateCount, layerOffsets, type LayerOffsets } from './params'
import type { Rng } from './rng'
import type { FloatArray } from './types'

export interface Workspace {
  T: number
  B: number
  alloc: (n: number) => FloatArray // for buffers made after the workspace: plain arrays, never the arena's
  offsets: LayerOffsets[]
  layers: LayerCache[]
  mask: FloatArray[] // per boundary l -> l+1: (T, B, H), entries 0 or 1/(1-p)
  dropped: FloatArray[] // per boundary: (T, B, H) masked h of layer l, the input of layer l+1
  dropActive: boolean // whether the last forward pass used dropout
  dhIn: FloatArray[] // per layer (T, B, H): gradient arriving at h_t from above
  Z: FloatArray // (T*B, O) per-step or (B, O) final: head pre-activations
  dZ: FloatArray // same shape as Z
  rowWeight: Float64Array // (rows) loss weight of each Z row, already divided by B
  yhat: Float64Array // (O) scratch
  sliding: SlidingScratch | null // allocated on first sliding-BPTT call
  dhSeen: FloatArray | null // (T, B, H) gradient-flow accumulator, allocated on request
}

export interface SlidingScratch {
  dGiW: FloatArray // (T, B, G*H) one window's input-side pre-activation grads
  dGhW: FloatArray // (T, B, G*H) GRU hidden side (same array otherwise)
  dxW: FloatArray // (T, B, H) one window's gradient into the layer below
  inj: FloatArray // (T, B, H) top-layer injection: dL_t/dh_t at the window's last step only
}

const cache = new WeakMap<Model, Workspace[]>()
const MAX_CACHED = 4 // e.g. train batch, last partial batch, validation, predict

export function getWorkspace(model: Model, T: number, B: number): Workspace {
  let list = cache.get(model)
  if (!list) {
    list = []
    cache.set(model, list)
  }
  const fused = fusedEligible(model) // re-checked: tests switch the kernel backend between calls
  for (const ws of list) if (ws.T === T && ws.B === B && (ws.layers[0].fused !== null) === fused) return ws
  const ws = makeWorkspace(model, T, B)
  list.unshift(ws)
  if (list.length > MAX_CACHED) list.pop()
  return ws
}

function makeWorkspace(model: Model, T: number, B: number): Workspace {
  const plain = model.dtype === 'float64' ? (n: number) => new Float64Array(n) : (n: number) => new Float32Array(n)
  const arena = makeArena(model, T, B)
  if (arena === null) return buildWorkspace(model, T, B, plain, plain)
  const ws = buildWorkspace(model, T, B, (n) => arena.alloc(n, ARENA_GUARD(model)), plain)
  const { spec } = model
  const H = spec.hiddenSize
  const GH = gateCount(spec.cell) * H
  const gru = spec.cell === 'gru'
  const guard = ARENA_GUARD(model)
  ws.layers.forEach((c, l) => {
    const D = ws.offsets[l].D
    c.fused = {
      arena, raw: arena.alloc(GH * H, guard), w: arena.alloc(GH * H, guard), wT: arena.alloc(H * GH, guard),
      rawIh: arena.alloc(GH * D, guard), wihT: arena.alloc(D * GH, guard), bias: arena.alloc(gru ? GH + H : GH, guard),
      hg: gru ? arena.alloc(B * GH, guard) : new Float32Array(0),
      x: l === 0 ? arena.alloc(T * B * D, guard) : new Float32Array(0) // upper layers read the arena's h
    }
  })
  ws.dhSeen = arena.alloc(T * B * H, guard) // resident, so gradient flow keeps the fused sweep
  return ws
}

// Padding after every arena array: GEMM tiles read up to 3 rows and 7 columns past an operand.
const ARENA_GUARD = (model: Model) => 4 * (gateCount(model.spec.cell) * model.spec.hiddenSize + Math.max(model.spec.inputSize, 8)) + 16

/**
 * An arena that holds the whole workspace, when its sweeps can run fused in wasm: float32, the
 * wasm kernels on (not forced to TypeScript), and H % 8 == 0 (the kernels' f32x4 rows and 8-wide
 * GEMM tiles). Everything else keeps plain arrays and the TypeScript loops.
 */
function fusedEligible(model: Model): boolean {
  const { spec } = model
  return model.dtype === 'float32' && getKernelBackend() !== 'ts' && wasmKernelInfo().available && spec.hiddenSize % 8 === 0
}

function makeArena(model: Model, T: number, B: number): WasmArena | null {
  const { spec } = model
  const H = spec.hiddenSize
  if (!fusedEligible(model)) return null
  const guard = ARENA_GUARD(model)
  let floats = 0
  const count = (n: number) => {
    floats += arenaStride(n, guard)
    return new Float32Array(0)
  }
  buildWorkspace(model, T, B, count, count)
  const GH = gateCount(spec.cell) * H
  const offsets = layerOffsets(spec, model.layout)
  const gru = spec.cell === 'gru'
  for (const { D } of offsets) {
    floats += 3 * arenaStride(GH * H, guard) + 2 * arenaStride(GH * D, guard) + arenaStride(gru ? GH + H : GH, guard)
    if (gru) floats += arenaStride(B * GH, guard)
  }
  floats += arenaStride(T * B * offsets[0].D, guard) + arenaStride(T * B * H, guard)
  // GEMM scratch for the operands that live outside: x and the weights (with op(B) packing), and a
  // padded copy of C when it is a gradient tensor or has a width that is not a multiple of 8.
  const D = Math.max(spec.inputSize, H)
  const scratch = T * B * Math.ceil(D / 8) * 8 + 3 * GH * (Math.ceil(D / 8) * 8) + 4096
  return WasmArena.create(floats, scratch)
}

function buildWorkspace(
  model: Model, T: number, B: number, alloc: (n: number) => FloatArray, later: (n: number) => FloatArray
): Workspace {
  const { spec } = model
  const H = spec.hiddenSize
  const G = gateCount(spec.cell)
  const L = spec.numLayers
  const offsets = layerOffsets(spec, model.layout)
  const rows = spec.outputMode === 'per-step' ? T * B : B
  const layers: LayerCache[] = []
  const dhIn: FloatArray[] = []
  for (let l = 0; l < L; l++) {
    layers.push(makeLayerCache(alloc, T, B, offsets[l].D, H, G, spec.cell))
    dhIn.push(alloc(T * B * H))
  }
  const mask: FloatArray[] = []
  const dropped: FloatArray[] = []
  if (spec.dropout > 0) {
    for (let l = 0; l + 1 < L; l++) {
      mask.push(alloc(T * B * H))
      dropped.push(alloc(T * B * H))
    }
  }
  return {
    T, B, alloc: later, offsets, layers, mask, dropped, dropActive: false, dhIn,
    Z: alloc(rows * spec.outputSize),
    dZ: alloc(rows * spec.outputSize),
    rowWeight: new Float64Array(rows),
    yhat: new Float64Array(spec.outputSize),
    sliding: null,
    dhSeen: null
  }
}

export function slidingScratch(model: Model, ws: Workspace): SlidingScratch {
  if (ws.sliding === null) {
    const n = ws.T * ws.B * model.spec.hiddenSize
    const G = gateCount(model.spec.cell)
    const dGiW = ws.alloc(n * G)
    ws.sliding = { dGiW, dGhW: model.spec.cell === 'gru' ? ws.alloc(n * G) : dGiW, dxW: ws.alloc(n), inj: ws.alloc(n) }
  }
  return ws.sliding
}

export function actCode(model: Model): number {
  const a = model.spec.hiddenActivation
  return a === 'relu' ? ACT_RELU : a === 'sigmoid' ? ACT_SIGMOID : ACT_TANH
}

/** Where layer l reads its input (T, B, D_l): x itself, the previous layer's h, or its dropped-out copy. */
export function layerInput(ws: Workspace, l: number, x: FloatArray): { X: FloatArray; off: number } {
  if (l === 0) return { X: x, off: 0 }
  if (ws.dropActive) return { X: ws.dropped[l - 1], off: 0 }
  const below = ws.layers[l - 1]
  return { X: below.hs, off: ws.B * below.H } // skip slot 0 (h_{-1})
}

/** Runs every layer over x (T, B, D). Dropout (inverted, seeded) only between layers and only when training. */
export function forwardLayers(model: Model, ws: Workspace, x: FloatArray, training: boolean, rng: Rng | undefined): void {
  const { spec, params } = model
  const L = spec.numLayers
  const p = spec.dropout
  ws.dropActive = training && dropoutActs(spec)
  const act = actCode(model)
  for (let l = 0; l < L; l++) {
    const { X, off } = layerInput(ws, l, x)
    const c = ws.layers[l]
    const o = ws.offsets[l]
    if (spec.cell === 'elman') elmanForward(c, params, o, X, off, act)
    else if (spec.cell === 'lstm') lstmForward(c, params, o, X, off)
    else gruForward(c, params, o, X, off)
    if (ws.dropActive && l + 1 < L) {
      const mask = ws.mask[l]
      const dropped = ws.dropped[l]
      const hs = c.hs
      const keep = 1 / (1 - p)
      const off1 = ws.B * c.H
      for (let i = 0; i < mask.length; i++) {
        const m = (rng as Rng).next() < p ? 0 : keep
        mask[i] = m
        dropped[i] = hs[off1 + i] * m
      }
    }
  }
}

/** Rows of the top layer's h that the head reads: all T steps (per-step) or step T-1 (final). */
export function headRows(model: Model, ws: Workspace): { rows: number; hOff: number } {
  const top = ws.layers[model.spec.numLayers - 1]
  const BH = ws.B * top.H
  return model.spec.outputMode === 'per-step' ? { rows: ws.T * ws.B, hOff: BH } : { rows: ws.B, hOff: ws.T * BH }
}

/** Z (rows, O) = H_top V^T + c */
export function forwardHead(model: Model, ws: Workspace): void {
  const { spec, params, layout } = model
  const O = spec.outputSize
  const H = spec.hiddenSize
  const V = layout[layout.length - 2].offset // head.weight (O, H)
  const c = layout[layout.length - 1].offset // head.bias (O)
  const { rows, hOff } = headRows(model, ws)
  const Z = ws.Z
  broadcastBias(Z, rows, O, params, c, c, 0)
  gemm(false, true, rows, O, H, ws.layers[spec.numLayers - 1].hs, hOff, H, params, V, H, 1, Z, 0, O)
}
