// Versioned JSON model file; the format is documented in docs/model-format.md.
import { ConfigError } from './errors'
import { allocParams, validateSpec, type Model } from './model'
import { buildLayout } from './params'
import type { DType, ModelSpec } from './types'

export const MODEL_FORMAT = 'forecast-workbench-model'
/** The newest file version this app reads and writes. A file is written with the lowest version
 *  that describes it, so that an older app refuses only what it would misread: 1 as before, 2 when
 *  the pipeline leads an input (an input block with `lead`: the window's row r holds the value of
 *  row r + lead; an app that knows 1 would read those rows unled). */
export const MODEL_VERSION = 2
/** The first version whose pipeline may lead inputs. */
export const MODEL_LEAD_VERSION = 2

export interface ModelFile {
  format: 'forecast-workbench-model'
  version: number
  spec: ModelSpec
  dtype: DType
  weights: { name: string; shape: number[]; data: number[] }[] // PyTorch names, row-major
  pipeline?: unknown // scalers, window, roles: owned by core/data
  meta?: Record<string, unknown>
}

/** `extra.version`: the file version its pipeline needs (1 when not given; the caller that owns the
 *  pipeline knows whether it leads inputs). */
export function serializeModel(model: Model, extra?: { pipeline?: unknown; meta?: Record<string, unknown>; version?: number }): ModelFile {
  const version = extra?.version ?? 1
  if (!Number.isInteger(version) || version < 1 || version > MODEL_VERSION) throw new ConfigError('version', `must be an integer from 1 to ${MODEL_VERSION} (got ${version})`)
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version,
    spec: { ...model.spec },
    dtype: model.dtype,
    // float32 -> double is exact, so Float32Array.from(data) restores the same bits
    weights: model.layout.map((v) => ({ name: v.name, shape: [...v.shape], data: Array.from(model.params.subarray(v.offset, v.offset + v.size)) }))
  }
  if (extra?.pipeline !== undefined) file.pipeline = extra.pipeline
  if (extra?.meta !== undefined) file.meta = extra.meta
  return file
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Parses an untrusted model file (already JSON.parse'd). Throws ConfigError naming the bad field. */
export function parseModel(json: unknown): { model: Model; pipeline?: unknown; meta?: Record<string, unknown> } {
  if (!isObject(json)) throw new ConfigError('(file)', 'must be a JSON object')
  if (json.format !== MODEL_FORMAT) throw new ConfigError('format', `must be '${MODEL_FORMAT}' (got ${JSON.stringify(json.format)})`)
  const version = json.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ConfigError('version', `must be a positive integer (got ${JSON.stringify(version)})`)
  }
  if (version > MODEL_VERSION) {
    throw new ConfigError('version', `is ${version}, newer than this app supports (${MODEL_VERSION}); update the app`)
  }
  const spec = validateSpec(json.spec, 'spec.')
  const dtype = json.dtype
  if (dtype !== 'float32' && dtype !== 'float64') throw new ConfigError('dtype', `must be 'float32' or 'float64' (got ${JSON.stringify(dtype)})`)
  if (json.meta !== undefined && !isObject(json.meta)) throw new ConfigError('meta', 'must be an object')
  if (!Array.isArray(json.weights)) throw new ConfigError('weights', 'must be an array')

  const { layout, size } = buildLayout(spec)
  const params = allocParams(dtype, size)
  const seen = new Set<string>()
  json.weights.forEach((w: unknown, i: number) => {
    const at = `weights[${i}]`
    if (!isObject(w)) throw new ConfigError(at, 'must be an object')
    const view = layout.find((v) => v.name === w.name)
    if (!view) throw new ConfigError(`${at}.name`, `${JSON.stringify(w.name)} is not a parameter of this ${spec.cell} model`)
    if (seen.has(view.name)) throw new ConfigError(`${at}.name`, `'${view.name}' appears twice`)
    seen.add(view.name)
    const shape = w.shape
    if (!Array.isArray(shape) || shape.length !== view.shape.length || shape.some((d, k) => d !== view.shape[k])) {
      throw new ConfigError(`${at}.shape`, `must be [${view.shape.join(', ')}] for '${view.name}' (got ${JSON.stringify(shape)})`)
    }
    const data = w.data
    if (!Array.isArray(data) || data.length !== view.size) {
      throw new ConfigError(`${at}.data`, `must be an array of ${view.size} numbers (got ${Array.isArray(data) ? data.length : typeof data})`)
    }
    for (let k = 0; k < data.length; k++) {
      const x = data[k]
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new ConfigError(`${at}.data[${k}]`, `must be a finite number (got ${JSON.stringify(x)})`)
      params[view.offset + k] = x
    }
  })
  for (const v of layout) if (!seen.has(v.name)) throw new ConfigError('weights', `is missing '${v.name}'`)

  const out: { model: Model; pipeline?: unknown; meta?: Record<string, unknown> } = { model: { spec, dtype, params, layout } }
  if (json.pipeline !== undefined) out.pipeline = json.pipeline
  if (json.meta !== undefined) out.meta = json.meta as Record<string, unknown>
  return out
}
