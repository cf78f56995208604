// Loss, gradients (explicit BPTT) and prediction for a whole stacked model.
//
// Backward plan (float32 hot path, no allocation once the workspace exists):
//   1. head: dZ from the loss; dV += dZ^T H_top; dc += Σ dZ; dh_top = dZ V
//   2. per layer, top to bottom, the cell's backward sweep writes dG_t = dL/d(pre-activation)
//      for every t, using one small recurrent GEMM per step for dh_{t-1};
//   3. weight gradients as ONE GEMM per tensor after the sweep:
//      dW_ih += dGi^T (G*H, T*B) · X (T*B, D),  dW_hh += dGh^T · Hprev (T*B, H);
//      the layer below receives dGi · W_ih (one GEMM), masked by the dropout it saw.
// Truncation (see types.ts):
//   chunked k: the sweep simply drops dh (and dc) when it crosses a chunk start t % k == 0.
//   sliding k: each scored L_t gets its own sweep over steps max(0, t-k+1)..t through all layers;
//     the window's dG are summed into the layer accumulators, then step 3 runs once.
//     Cost O(T·k) cell-steps instead of O(T): fine for k << T, documented in README.md.
import { checkBatch, checkInput, fillRowWeights, type Batch, type GradOptions } from './batch'
import { ConfigError } from './errors'
import { elmanBackward } from './cells/elman'
import { gruBackward } from './cells/gru'
import { lstmBackward } from './cells/lstm'
import { addColumnSums, gemm } from './kernels'
import { applyOutputActivation, lossForward } from './losses'
import { allocParams, type Model } from './model'
import { actCode, forwardHead, forwardLayers, getWorkspace, headRows, layerInput, slidingScratch, type Workspace } from './network'
import type { FloatArray } from './types'

export interface GradResult {
  loss: number
  grads: FloatArray // same layout and length as model.params
  gradFlow?: Float64Array // (T) ||dL/dh_t||_F over (B, H), top layer
  inputGrad?: FloatArray // (T, B, D)
}

function runForward(model: Model, batch: Batch, opts: GradOptions, ws: Workspace, dZ: FloatArray | null): number {
  forwardLayers(model, ws, batch.x, opts.training === true, opts.rng)
  forwardHead(model, ws)
  const perStep = model.spec.outputMode === 'per-step'
  fillRowWeights(ws.rowWeight, batch, perStep)
  return lossForward({
    kind: opts.loss, act: model.spec.outputActivation, delta: opts.huberDelta ?? 1,
    Z: ws.Z, rows: headRows(model, ws).rows, O: model.spec.outputSize,
    target: batch.target, rowWeight: ws.rowWeight, yhat: ws.yhat, dZ
  })
}

/** Forward only. With opts.training and an rng, dropout is applied exactly as in lossAndGrad. */
export function computeLoss(model: Model, batch: Batch, opts: GradOptions): number {
  checkBatch(model, batch, opts)
  return runForward(model, batch, opts, getWorkspace(model, batch.T, batch.B), null)
}

/** g*(V h + c): per-step (T, B, O), final (B, O). No dropout. */
export function predict(model: Model, x: FloatArray, T: number, B: number): FloatArray {
  checkInput(model, x, T, B)
  const ws = getWorkspace(model, T, B)
  forwardLayers(model, ws, x, false, undefined)
  forwardHead(model, ws)
  const O = model.spec.outputSize
  const { rows } = headRows(model, ws)
  const out = allocParams(model.dtype, rows * O)
  for (let r = 0; r < rows; r++) applyOutputActivation(model.spec.outputActivation, ws.Z, r * O, out, r * O, O)
  return out
}

/** One layer's backward sweep over t0..t1, writing dGi/dGh. */
function cellBackward(model: Model, ws: Workspace, l: number, dhIn: FloatArray, t0: number, t1: number, chunk: number,
  dGi: FloatArray, dGh: FloatArray, dhSeen: FloatArray | null): void {
  const c = ws.layers[l]
  const o = ws.offsets[l]
  const P = model.params
  const cell = model.spec.cell
  if (cell === 'elman') elmanBackward(c, P, o, dhIn, t0, t1, chunk, dGi, dhSeen, actCode(model))
  else if (cell === 'lstm') lstmBackward(c, P, o, dhIn, t0, t1, chunk, dGi, dhSeen)
  else gruBackward(c, P, o, dhIn, t0, t1, chunk, dGi, dGh, dhSeen)
}

/** dxOut rows t0..t1 (T, B, D_l) = dGi · W_ih, then times the dropout mask the layer's input saw. */
function gradIntoLayerBelow(model: Model, ws: Workspace, l: number, dGi: FloatArray, t0: number, t1: number, dxOut: FloatArray): void {
  const c = ws.layers[l]
  const GH = c.G * c.H
  const D = c.D
  const r0 = t0 * ws.B
  const nRows = (t1 - t0 + 1) * ws.B
  gemm(false, false, nRows, D, GH, dGi, r0 * GH, GH, model.params, ws.offsets[l].wih, D, 0, dxOut, r0 * D, D)
  if (ws.dropActive && l > 0) {
    const mask = ws.mask[l - 1]
    for (let i = r0 * D, n = (r0 + nRows) * D; i < n; i++) dxOut[i] *= mask[i]
  }
}

/** dL/dh of the top layer (T, B, H) from the head's dZ (rows, O) in ws.dZ: ws.dhIn of the top layer. */
function headIntoTop(model: Model, ws: Workspace): FloatArray {
  const { spec, params } = model
  const { T, B } = ws
  const H = spec.hiddenSize
  const O = spec.outputSize
  const { rows } = headRows(model, ws)
  const V = model.layout[model.layout.length - 2].offset
  const dTop = ws.dhIn[spec.numLayers - 1] // (T, B, H)
  const topRow = spec.outputMode === 'per-step' ? 0 : (T - 1) * B
  if (topRow > 0) dTop.fill(0, 0, topRow * H)
  gemm(false, false, rows, H, O, ws.dZ, 0, O, params, V, H, 0, dTop, topRow * H, H)
  return dTop
}

/** Full or chunked BPTT sweeps of every layer, top to bottom, from ws.dhIn of the top layer. */
function sweepLayers(model: Model, ws: Workspace, chunk: number, dhSeen: FloatArray | null): void {
  const L = model.spec.numLayers
  for (let l = L - 1; l >= 0; l--) {
    const c = ws.layers[l]
    cellBackward(model, ws, l, ws.dhIn[l], 0, ws.T - 1, chunk, c.dGi, c.dGh, l === L - 1 ? dhSeen : null)
    if (l > 0) gradIntoLayerBelow(model, ws, l, c.dGi, 0, ws.T - 1, ws.dhIn[l - 1])
  }
}

/** dL/dx (T, B, D) = dGi of the first layer · W_ih, a fresh array the caller keeps. */
function gradIntoInput(model: Model, ws: Workspace): FloatArray {
  const D = model.spec.inputSize
  const GH = model.spec.hiddenSize * ws.layers[0].G
  const N = ws.T * ws.B
  const dx = ws.alloc(N * D) // (T, B, D)
  gemm(false, false, N, D, GH, ws.layers[0].dGi, 0, GH, model.params, ws.offsets[0].wih, D, 0, dx, 0, D)
  return dx
}

/**
 * The outputs ŷ (as predict returns them: per-step (T, B, O), final (B, O)) and the gradient of
 * output `output` at the last step with respect to the input, ∂ŷ_o/∂x (T, B, D), of every sequence
 * of the batch: one forward pass and one backward sweep, without the weight gradients or a loss
 * (what explanations need: core/train/explain.ts). No dropout, no truncation.
 */
export function outputInputGrad(model: Model, x: FloatArray, T: number, B: number, output: number): { y: FloatArray; inputGrad: FloatArray } {
  checkInput(model, x, T, B)
  const { spec } = model
  const O = spec.outputSize
  if (!Number.isInteger(output) || output < 0 || output >= O) throw new ConfigError('output', `must be an integer in 0..${O - 1} (got ${output})`)
  const ws = getWorkspace(model, T, B)
  forwardLayers(model, ws, x, false, undefined)
  forwardHead(model, ws)
  const { rows } = headRows(model, ws)
  const y = allocParams(model.dtype, rows * O)
  for (let r = 0; r < rows; r++) applyOutputActivation(spec.outputActivation, ws.Z, r * O, y, r * O, O)
  // dZ: dŷ_o/dz on the last step's rows, 0 elsewhere
  const dZ = ws.dZ // (rows, O)
  dZ.fill(0)
  const act = spec.outputActivation
  for (let r = spec.outputMode === 'per-step' ? (T - 1) * B : 0; r < rows; r++) {
    const yo = y[r * O + output]
    if (act === 'identity') dZ[r * O + output] = 1
    else if (act === 'sigmoid') dZ[r * O + output] = yo * (1 - yo)
    else for (let k = 0; k < O; k++) dZ[r * O + k] = yo * ((k === output ? 1 : 0) - y[r * O + k]) // softmax
  }
  headIntoTop(model, ws)
  sweepLayers(model, ws, 0, null)
  return { y, inputGrad: gradIntoInput(model, ws) }
}

export function lossAndGrad(model: Model, batch: Batch, opts: GradOptions, grads?: FloatArray): GradResult {
  const trunc = checkBatch(model, batch, opts)
  const { spec, params } = model
  const { T, B } = batch
  const L = spec.numLayers
  const H = spec.hiddenSize
  const O = spec.outputSize
  const ws = getWorkspace(model, T, B)
  const g = grads && grads.length === params.length ? grads : allocParams(model.dtype, params.length)
  g.fill(0)

  const loss = runForward(model, batch, opts, ws, ws.dZ)

  // 1. head
  const { rows, hOff } = headRows(model, ws)
  const V = model.layout[model.layout.length - 2].offset
  const cOff = model.layout[model.layout.length - 1].offset
  const top = ws.layers[L - 1]
  const dZ = ws.dZ // (rows, O)
  gemm(true, false, O, H, rows, dZ, 0, O, top.hs, hOff, H, 1, g, V, H)
  addColumnSums(g, cOff, dZ, rows, O)
  const dTop = headIntoTop(model, ws)

  let dhSeen: FloatArray | null = null
  if (opts.gradFlow) {
    if (ws.dhSeen === null) ws.dhSeen = ws.alloc(T * B * H)
    dhSeen = ws.dhSeen
    dhSeen.fill(0)
  }

  // 2. sweeps
  if (trunc.kind !== 'sliding') sweepLayers(model, ws, trunc.kind === 'chunked' ? trunc.k : 0, dhSeen)
  else {
    const k = trunc.k
    const s = slidingScratch(model, ws)
    for (const c of ws.layers) {
      c.dGi.fill(0)
      if (c.dGh !== c.dGi) c.dGh.fill(0)
    }
    const BH = B * H
    s.inj.fill(0)
    const tStart = spec.outputMode === 'per-step' ? 0 : T - 1
    for (let t = tStart; t < T; t++) {
      const t0 = Math.max(0, t - k + 1)
      for (let i = 0; i < BH; i++) s.inj[t * BH + i] = dTop[t * BH + i]
      for (let l = L - 1; l >= 0; l--) {
        const c = ws.layers[l]
        cellBackward(model, ws, l, l === L - 1 ? s.inj : s.dxW, t0, t, 0, s.dGiW, s.dGhW, l === L - 1 ? dhSeen : null)
        const GH = c.G * H
        for (let i = t0 * B * GH, n = (t + 1) * B * GH; i < n; i++) c.dGi[i] += s.dGiW[i]
        if (c.dGh !== c.dGi) for (let i = t0 * B * GH, n = (t + 1) * B * GH; i < n; i++) c.dGh[i] += s.dGhW[i]
        if (l > 0) gradIntoLayerBelow(model, ws, l, s.dGiW, t0, t, s.dxW)
      }
      s.inj.fill(0, t * BH, (t + 1) * BH)
    }
  }

  // 3. weight gradients, one GEMM per tensor
  const N = T * B
  for (let l = 0; l < L; l++) {
    const c = ws.layers[l]
    const o = ws.offsets[l]
    const GH = c.G * H
    const { X, off } = layerInput(ws, l, batch.x)
    gemm(true, false, GH, c.D, N, c.dGi, 0, GH, X, off, c.D, 1, g, o.wih, c.D)
    gemm(true, false, GH, H, N, c.dGh, 0, GH, c.hs, 0, H, 1, g, o.whh, H)
    addColumnSums(g, o.bih, c.dGi, N, GH)
    if (c.dGh === c.dGi) for (let j = 0; j < GH; j++) g[o.bhh + j] = g[o.bih + j]
    else addColumnSums(g, o.bhh, c.dGh, N, GH)
  }

  const result: GradResult = { loss, grads: g }
  if (opts.inputGrad) result.inputGrad = gradIntoInput(model, ws)
  if (dhSeen !== null) {
    const flow = new Float64Array(T)
    const BH = B * H
    for (let t = 0; t < T; t++) {
      let s2 = 0
      for (let i = 0; i < BH; i++) s2 += dhSeen[t * BH + i] * dhSeen[t * BH + i]
      flow[t] = Math.sqrt(s2)
    }
    result.gradFlow = flow
  }
  return result
}
