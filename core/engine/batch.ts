// Batches (time-major like PyTorch), gradient options, and their validation at the boundary.
import { ConfigError, InputError } from './errors'
import { checkLossConfig } from './losses'
import { dropoutActs, type Model } from './model'
import type { Rng } from './rng'
import type { FloatArray, LossKind, Truncation } from './types'

export interface Batch {
  x: FloatArray // (T, B, D)
  T: number
  B: number
  /** per-step: (T, B, O) floats or (T, B) class indices (Int32Array, softmax-ce);
   *  final: (B, O) floats or (B) class indices */
  target: FloatArray | Int32Array
  /** per-step only (ignored in final mode): (T) or (T, B); 0 masks a step, e.g. warm-up */
  stepWeight?: FloatArray
}

export interface GradOptions {
  loss: LossKind
  huberDelta?: number // default 1
  truncation?: Truncation // default { kind: 'none' }
  training?: boolean // dropout active (needs rng)
  rng?: Rng
  gradFlow?: boolean // also return ||dL/dh_t|| for every t (top layer)
  inputGrad?: boolean // also return dL/dx (T, B, D)
}

function isFloatArray(a: unknown): a is FloatArray {
  return a instanceof Float32Array || a instanceof Float64Array
}

/** Throws InputError at the first NaN/Inf in a (T, B, D) tensor. */
export function checkFinite(x: FloatArray, T: number, B: number, D: number, tensor: 'x' | 'target'): void {
  const n = T * B * D
  for (let i = 0; i < n; i++) {
    const v = x[i]
    if (v - v !== 0) { // false only for finite numbers
      const d = i % D
      const b = Math.floor(i / D) % B
      const t = Math.floor(i / (D * B))
      throw new InputError(tensor, { t, b, d }, `is ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}`)
    }
  }
}

export function checkInput(model: Model, x: unknown, T: unknown, B: unknown): void {
  const D = model.spec.inputSize
  if (typeof T !== 'number' || !Number.isInteger(T) || T < 1) throw new ConfigError('batch.T', `must be an integer >= 1 (got ${JSON.stringify(T)})`)
  if (typeof B !== 'number' || !Number.isInteger(B) || B < 1) throw new ConfigError('batch.B', `must be an integer >= 1 (got ${JSON.stringify(B)})`)
  if (!isFloatArray(x)) throw new ConfigError('batch.x', 'must be a Float32Array or Float64Array')
  if (x.length !== T * B * D) {
    throw new ConfigError('batch.x', `length must be T*B*inputSize = ${T}*${B}*${D} = ${T * B * D} (got ${x.length})`)
  }
  checkFinite(x, T, B, D, 'x')
}

export function checkTruncation(tr: unknown): Truncation {
  if (tr === undefined) return { kind: 'none' }
  const t = tr as { kind?: unknown; k?: unknown }
  if (typeof tr !== 'object' || tr === null || !['none', 'sliding', 'chunked'].includes(t.kind as string)) {
    throw new ConfigError('truncation.kind', `must be 'none', 'sliding' or 'chunked' (got ${JSON.stringify(t?.kind)})`)
  }
  if (t.kind === 'none') return { kind: 'none' }
  if (typeof t.k !== 'number' || !Number.isInteger(t.k) || t.k < 1) {
    throw new ConfigError('truncation.k', `must be an integer >= 1 (got ${JSON.stringify(t.k)})`)
  }
  return { kind: t.kind as 'sliding' | 'chunked', k: t.k }
}

/** Validates batch + options against the model; returns the defaulted truncation. */
export function checkBatch(model: Model, batch: Batch, opts: GradOptions): Truncation {
  const { spec } = model
  if (typeof batch !== 'object' || batch === null) throw new ConfigError('batch', 'must be an object')
  checkLossConfig(spec, opts.loss, opts.huberDelta)
  checkInput(model, batch.x, batch.T, batch.B)
  const { T, B, target } = batch
  const O = spec.outputSize
  const rows = spec.outputMode === 'per-step' ? T * B : B
  const tFirst = spec.outputMode === 'per-step' ? 0 : T - 1 // time index of target row 0, for error positions
  if (opts.loss === 'softmax-ce') {
    if (!(target instanceof Int32Array)) throw new ConfigError('batch.target', "must be an Int32Array of class indices for 'softmax-ce'")
    if (target.length !== rows) throw new ConfigError('batch.target', `length must be ${rows} class indices (got ${target.length})`)
    for (let r = 0; r < rows; r++) {
      const k = target[r]
      if (k < 0 || k >= O) {
        throw new InputError('target', { t: tFirst + Math.floor(r / B), b: r % B, d: 0 }, `is class ${k}, outside 0..${O - 1}`)
      }
    }
  } else {
    if (!isFloatArray(target)) throw new ConfigError('batch.target', `must be a Float32Array or Float64Array for '${opts.loss}'`)
    if (target.length !== rows * O) throw new ConfigError('batch.target', `length must be ${rows * O} (got ${target.length})`)
    try {
      checkFinite(target, rows / B, B, O, 'target')
    } catch (e) {
      if (e instanceof InputError) throw new InputError('target', { ...e.position, t: e.position.t + tFirst }, e.message.replace(/^.*\] /, ''))
      throw e
    }
  }
  const w = batch.stepWeight
  if (w !== undefined && spec.outputMode === 'per-step') {
    if (!isFloatArray(w) || (w.length !== T && w.length !== T * B)) {
      throw new ConfigError('batch.stepWeight', `must be a float array of length T=${T} or T*B=${T * B}`)
    }
    for (let i = 0; i < w.length; i++) {
      if (!(w[i] >= 0 && Number.isFinite(w[i]))) throw new ConfigError(`batch.stepWeight[${i}]`, `must be finite and >= 0 (got ${w[i]})`)
    }
  }
  if (opts.training && dropoutActs(spec) && !opts.rng) {
    throw new ConfigError('rng', 'is required when training a model with dropout')
  }
  return checkTruncation(opts.truncation)
}

/** rowWeight[r] = w_t / B for each scored row of Z. */
export function fillRowWeights(rowWeight: Float64Array, batch: Batch, perStep: boolean): void {
  const { T, B } = batch
  const w = perStep ? batch.stepWeight : undefined
  if (!w) {
    rowWeight.fill(1 / B)
  } else if (w.length === T) {
    for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) rowWeight[t * B + b] = w[t] / B
  } else {
    for (let r = 0; r < T * B; r++) rowWeight[r] = w[r] / B
  }
}
