// Model file round trips and malformed files.
import { describe, expect, it } from 'vitest'
import { predict } from './bptt'
import { ConfigError } from './errors'
import { createModel } from './model'
import { Rng } from './rng'
import { MODEL_LEAD_VERSION, MODEL_VERSION, parseModel, serializeModel } from './serialize'
import type { DType, ModelSpec } from './types'

const spec: ModelSpec = { cell: 'lstm', inputSize: 2, hiddenSize: 4, numLayers: 2, outputSize: 3, hiddenActivation: 'tanh', outputActivation: 'softmax', outputMode: 'final', dropout: 0.1 }

function viaJson(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v))
}

describe('round trip', () => {
  it.each(['float32', 'float64'] as DType[])('%s: bit-identical weights, same predictions, pipeline and meta kept', (dtype) => {
    const model = createModel(spec, new Rng(3), dtype)
    const pipeline = { window: 24, scalers: [{ kind: 'zscore', mean: 1.5, std: 2 }] }
    const file = serializeModel(model, { pipeline, meta: { trainedOn: 'sales.csv' } })
    const back = parseModel(viaJson(file))
    expect(back.model.dtype).toBe(dtype)
    expect(back.model.params.constructor).toBe(model.params.constructor)
    expect(Array.from(back.model.params)).toEqual(Array.from(model.params))
    expect(back.model.spec).toEqual(model.spec)
    expect(back.pipeline).toEqual(pipeline)
    expect(back.meta).toEqual({ trainedOn: 'sales.csv' })
    const x = new (dtype === 'float64' ? Float64Array : Float32Array)(5 * 2 * 2).map((_, i) => Math.sin(i))
    expect(Array.from(predict(back.model, x, 5, 2))).toEqual(Array.from(predict(model, x, 5, 2)))
  })
  it('file lists every weight by PyTorch name with shape, row-major', () => {
    const model = createModel(spec, new Rng(3), 'float64')
    const file = serializeModel(model)
    expect(file.format).toBe('forecast-workbench-model')
    expect(file.version).toBe(1)
    expect(file.weights[0].name).toBe('weight_ih_l0')
    expect(file.weights[0].shape).toEqual([16, 2])
    // row-major: element (r, k) of weight_ih_l0 is data[r * 2 + k] = params[r * 2 + k]
    expect(file.weights[0].data[1 * 2 + 1]).toBe(model.params[3])
  })
})

describe('malformed files -> ConfigError naming the field', () => {
  const good = () => viaJson(serializeModel(createModel(spec, new Rng(3)))) as Record<string, any>
  const fieldOf = (json: unknown) => {
    try {
      parseModel(json)
    } catch (e) {
      if (e instanceof ConfigError) return e.field
      throw e
    }
    throw new Error('expected a ConfigError')
  }
  it('unknown format', () => expect(fieldOf({ ...good(), format: 'keras' })).toBe('format'))
  it('newer version is refused', () => {
    expect(fieldOf({ ...good(), version: MODEL_VERSION + 1 })).toBe('version')
    expect(() => parseModel({ ...good(), version: MODEL_VERSION + 1 })).toThrow(/newer/)
  })
  it('a file is written with the version its caller needs; 1 when not said', () => {
    const m = parseModel(good()).model
    expect(serializeModel(m).version).toBe(1)
    expect(serializeModel(m, { version: MODEL_LEAD_VERSION }).version).toBe(2)
    expect(parseModel(serializeModel(m, { version: MODEL_LEAD_VERSION })).model.params).toEqual(m.params)
    expect(() => serializeModel(m, { version: MODEL_VERSION + 1 })).toThrow(/version/)
  })
  it('bad spec field', () => expect(fieldOf({ ...good(), spec: { ...good().spec, hiddenSize: 0 } })).toBe('spec.hiddenSize'))
  it('missing spec', () => expect(fieldOf({ ...good(), spec: undefined })).toBe('spec'))
  it('wrong shape', () => {
    const f = good()
    f.weights[2].shape = [15]
    expect(fieldOf(f)).toBe('weights[2].shape')
  })
  it('wrong data length and non-numbers (NaN becomes null in JSON)', () => {
    const f = good()
    f.weights[1].data.pop()
    expect(fieldOf(f)).toBe('weights[1].data')
    const g = good()
    g.weights[3].data[5] = null
    expect(fieldOf(g)).toBe('weights[3].data[5]')
  })
  it('unknown, duplicate and missing weights', () => {
    const f = good()
    f.weights[0].name = 'weight_ih_l7'
    expect(fieldOf(f)).toBe('weights[0].name')
    const g = good()
    g.weights[1] = { ...g.weights[0] }
    expect(fieldOf(g)).toBe('weights[1].name')
    const h = good()
    h.weights.pop()
    expect(fieldOf(h)).toBe('weights')
  })
  it('bad dtype and not an object', () => {
    expect(fieldOf({ ...good(), dtype: 'int8' })).toBe('dtype')
    expect(fieldOf([1, 2])).toBe('(file)')
  })
})
