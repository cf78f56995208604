// Model = validated spec + one flat parameter buffer + its named layout.
import { ConfigError } from './errors'
import { buildLayout, viewOf, type ParamView } from './params'
import type { Rng } from './rng'
import type { CellKind, DType, FloatArray, HiddenActivation, ModelSpec, OutputActivation, OutputMode } from './types'

export interface Model {
  spec: ModelSpec
  dtype: DType
  params: FloatArray // all weights, layout order
  layout: ParamView[]
}

const CELLS: CellKind[] = ['elman', 'lstm', 'gru']
const HIDDEN_ACTS: HiddenActivation[] = ['tanh', 'relu', 'sigmoid']
const OUTPUT_ACTS: OutputActivation[] = ['identity', 'sigmoid', 'softmax']
const MODES: OutputMode[] = ['per-step', 'final']
export const MAX_LAYERS = 4

function oneOf<T extends string>(v: unknown, allowed: T[], field: string, dflt?: T): T {
  if (v === undefined && dflt !== undefined) return dflt
  if (typeof v !== 'string' || !(allowed as string[]).includes(v)) {
    throw new ConfigError(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')} (got ${JSON.stringify(v)})`)
  }
  return v as T
}

function intIn(v: unknown, lo: number, hi: number, field: string, dflt?: number): number {
  if (v === undefined && dflt !== undefined) return dflt
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    const range = hi === Infinity ? `>= ${lo}` : `in ${lo}..${hi}`
    throw new ConfigError(field, `must be an integer ${range} (got ${JSON.stringify(v)})`)
  }
  return v
}

/**
 * Checks an untrusted spec and fills defaults (numLayers 1, tanh, identity, per-step, dropout 0).
 * `prefix` is prepended to field names, e.g. 'spec.' when the spec comes from a model file.
 */
/** Whether dropout changes a training step: it acts between stacked layers only (as PyTorch's
 *  nn.LSTM/GRU/RNN, which warn about dropout with one layer), so with one layer it does nothing and
 *  draws no random numbers. */
export function dropoutActs(spec: Pick<ModelSpec, 'dropout' | 'numLayers'>): boolean {
  return spec.dropout > 0 && spec.numLayers > 1
}

export function validateSpec(spec: unknown, prefix = ''): ModelSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ConfigError(prefix ? prefix.slice(0, -1) : 'spec', 'must be an object')
  }
  const s = spec as Record<string, unknown>
  const dropout = s.dropout === undefined ? 0 : s.dropout
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new ConfigError(prefix + 'dropout', `must be a number in [0, 1) (got ${JSON.stringify(s.dropout)})`)
  }
  return {
    cell: oneOf(s.cell, CELLS, prefix + 'cell'),
    inputSize: intIn(s.inputSize, 1, Infinity, prefix + 'inputSize'),
    hiddenSize: intIn(s.hiddenSize, 1, Infinity, prefix + 'hiddenSize'),
    numLayers: intIn(s.numLayers, 1, MAX_LAYERS, prefix + 'numLayers', 1),
    outputSize: intIn(s.outputSize, 1, Infinity, prefix + 'outputSize'),
    hiddenActivation: oneOf(s.hiddenActivation, HIDDEN_ACTS, prefix + 'hiddenActivation', 'tanh'),
    outputActivation: oneOf(s.outputActivation, OUTPUT_ACTS, prefix + 'outputActivation', 'identity'),
    outputMode: oneOf(s.outputMode, MODES, prefix + 'outputMode', 'per-step'),
    dropout
  }
}

export function allocParams(dtype: DType, size: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size)
}

/** PyTorch init: every RNN tensor and the head (nn.Linear with fan_in = H) ~ U(-1/sqrt(H), 1/sqrt(H)). */
export function createModel(spec: ModelSpec, rng: Rng, dtype: DType = 'float32'): Model {
  const s = validateSpec(spec)
  if (dtype !== 'float32' && dtype !== 'float64') throw new ConfigError('dtype', `must be 'float32' or 'float64' (got ${JSON.stringify(dtype)})`)
  const { layout, size } = buildLayout(s)
  const params = allocParams(dtype, size)
  const bound = 1 / Math.sqrt(s.hiddenSize)
  for (let i = 0; i < size; i++) params[i] = (2 * rng.next() - 1) * bound
  return { spec: s, dtype, params, layout }
}

export function paramView(model: Model, name: string): FloatArray {
  return viewOf(model.params, model.layout, name)
}

export function cloneModel(model: Model): Model {
  return {
    spec: { ...model.spec },
    dtype: model.dtype,
    params: model.params.slice(),
    layout: model.layout.map((v) => ({ ...v, shape: [...v.shape] }))
  }
}
