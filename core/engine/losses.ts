// Losses on the head's pre-activation z = V h + c (rows of O outputs).
//
// Reduction (the one and only): loss = (1/B) · Σ_b Σ_t w_t · Σ_o l(ŷ, y)
//   - summed over scored steps and outputs, averaged over the batch B;
//   - per-step mode scores every t, weighted by stepWeight (T) or (T, B) (default 1; 0 masks a step);
//   - final mode scores t = T-1 only (weight 1).
// Per-element losses, ŷ = g*(z):
//   mse:        l = ½ (ŷ - y)²                                  (any output activation)
//   huber:      l = ½ d² if |d| <= δ else δ (|d| - ½ δ), d = ŷ - y (any output activation)
//   bce:        l = max(z,0) - z·y + log1p(exp(-|z|))           (needs g* = sigmoid; stable, from logits)
//   softmax-ce: l = logsumexp(z) - z_k, k = class index         (needs g* = softmax; one l per row)
import { ConfigError } from './errors'
import type { FloatArray, LossKind, ModelSpec, OutputActivation } from './types'

export const LOSSES: LossKind[] = ['mse', 'bce', 'softmax-ce', 'huber']

export function checkLossConfig(spec: ModelSpec, loss: unknown, huberDelta: unknown): void {
  if (typeof loss !== 'string' || !(LOSSES as string[]).includes(loss)) {
    throw new ConfigError('loss', `must be one of ${LOSSES.map((l) => `'${l}'`).join(', ')} (got ${JSON.stringify(loss)})`)
  }
  if (loss === 'bce' && spec.outputActivation !== 'sigmoid') {
    throw new ConfigError('loss', `'bce' needs outputActivation 'sigmoid' (got '${spec.outputActivation}')`)
  }
  if (loss === 'softmax-ce' && spec.outputActivation !== 'softmax') {
    throw new ConfigError('loss', `'softmax-ce' needs outputActivation 'softmax' (got '${spec.outputActivation}')`)
  }
  if (huberDelta !== undefined && !(typeof huberDelta === 'number' && huberDelta > 0 && Number.isFinite(huberDelta))) {
    throw new ConfigError('huberDelta', `must be a finite number > 0 (got ${JSON.stringify(huberDelta)})`)
  }
}

/** ŷ = g*(z) for one row, written into out (may alias z). */
export function applyOutputActivation(act: OutputActivation, z: FloatArray, zOff: number, out: FloatArray, oOff: number, O: number): void {
  if (act === 'identity') {
    for (let k = 0; k < O; k++) out[oOff + k] = z[zOff + k]
  } else if (act === 'sigmoid') {
    for (let k = 0; k < O; k++) out[oOff + k] = 1 / (1 + Math.exp(-z[zOff + k]))
  } else {
    let m = -Infinity
    for (let k = 0; k < O; k++) m = Math.max(m, z[zOff + k])
    let s = 0
    for (let k = 0; k < O; k++) s += Math.exp(z[zOff + k] - m)
    for (let k = 0; k < O; k++) out[oOff + k] = Math.exp(z[zOff + k] - m) / s
  }
}

export interface LossArgs {
  kind: LossKind
  act: OutputActivation
  delta: number // huber δ
  Z: FloatArray // (rows, O) head pre-activations
  rows: number
  O: number
  target: FloatArray | Int32Array // (rows, O) floats or (rows) class indices
  rowWeight: Float64Array // (rows) w_t / B
  yhat: Float64Array // (O) scratch
  dZ: FloatArray | null // (rows, O) dloss/dz is written here when given
}

/** Returns Σ_rows rowWeight · Σ_o l, and fills dZ if asked. */
export function lossForward(a: LossArgs): number {
  const { kind, act, delta, Z, rows, O, target, rowWeight, yhat, dZ } = a
  let total = 0
  for (let r = 0; r < rows; r++) {
    const w = rowWeight[r]
    const zo = r * O
    if (w === 0) {
      if (dZ !== null) for (let k = 0; k < O; k++) dZ[zo + k] = 0
      continue
    }
    let l = 0
    if (kind === 'bce') {
      for (let k = 0; k < O; k++) {
        const z = Z[zo + k]
        const y = target[zo + k]
        l += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)))
        if (dZ !== null) dZ[zo + k] = w * (1 / (1 + Math.exp(-z)) - y)
      }
    } else if (kind === 'softmax-ce') {
      const cls = target[r]
      let m = -Infinity
      for (let k = 0; k < O; k++) m = Math.max(m, Z[zo + k])
      let s = 0
      for (let k = 0; k < O; k++) s += Math.exp(Z[zo + k] - m)
      l = m + Math.log(s) - Z[zo + cls]
      if (dZ !== null) for (let k = 0; k < O; k++) dZ[zo + k] = w * (Math.exp(Z[zo + k] - m) / s - (k === cls ? 1 : 0))
    } else {
      applyOutputActivation(act, Z, zo, yhat, 0, O)
      // yhat becomes dl/dŷ after the loss is read off
      for (let k = 0; k < O; k++) {
        const d = yhat[k] - target[zo + k]
        if (kind === 'mse') {
          l += 0.5 * d * d
          yhat[k] = d
        } else {
          const ad = Math.abs(d)
          l += ad <= delta ? 0.5 * d * d : delta * (ad - 0.5 * delta)
          yhat[k] = ad <= delta ? d : d > 0 ? delta : -delta
        }
      }
      if (dZ !== null) chainOutputActivation(act, Z, zo, yhat, dZ, O, w)
    }
    total += w * l
  }
  return total
}

/** dZ[row] = w · (dŷ/dz)^T dl/dŷ, given dl/dŷ in dy. */
function chainOutputActivation(act: OutputActivation, Z: FloatArray, zo: number, dy: Float64Array, dZ: FloatArray, O: number, w: number): void {
  if (act === 'identity') {
    for (let k = 0; k < O; k++) dZ[zo + k] = w * dy[k]
  } else if (act === 'sigmoid') {
    for (let k = 0; k < O; k++) {
      const s = 1 / (1 + Math.exp(-Z[zo + k]))
      dZ[zo + k] = w * dy[k] * s * (1 - s)
    }
  } else {
    // softmax Jacobian: dz_k = ŷ_k (dy_k - Σ_j dy_j ŷ_j); ŷ recomputed into dZ first
    applyOutputActivation('softmax', Z, zo, dZ, zo, O)
    let dot = 0
    for (let k = 0; k < O; k++) dot += dy[k] * dZ[zo + k]
    for (let k = 0; k < O; k++) dZ[zo + k] = w * dZ[zo + k] * (dy[k] - dot)
  }
}
