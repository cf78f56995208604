import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { createModel, Rng, serializeModel, type CellKind, type OutputMode } from '../engine'
import { openModelFile } from './model-file'
import { MissingFeaturesError, ModelImportError } from './errors'
import { exportOnnx, type OnnxExportOptions } from './onnx'
import { assertFeaturesPresent, importOnnx, isNewerVersion, predictWindows } from './onnx-import'
import { modelProtoType } from './onnx/onnx-proto'
import { ONNX_FORMAT_VERSION } from './onnx/format'

const opts: OnnxExportOptions = {
  scaling: { inputMean: [10, 0], inputStd: [2, 0.5], targetMean: [100], targetStd: [20] },
  featureNames: ['sales', 'price'], target: 'sales', lookBack: 6, horizon: 3, appVersion: '0.1.0', task: 'regression'
}
const FILE = 'model.onnx'

function makeModel(cell: CellKind, outputMode: OutputMode, numLayers = 2) {
  return createModel({ cell, inputSize: 2, hiddenSize: 5, numLayers, outputSize: 3, hiddenActivation: 'relu', outputActivation: 'identity', outputMode, dropout: 0 }, new Rng(5))
}

describe('importOnnx', () => {
  it.each([['elman', 'per-step'], ['lstm', 'final'], ['gru', 'per-step']] as const)('%s %s: weights, spec and metadata come back exactly', async (cell, mode) => {
    const model = makeModel(cell, mode)
    const back = importOnnx(exportOnnx(model, opts), { file: FILE, appVersion: '0.1.0' })
    expect(back.model.spec).toEqual(model.spec)
    expect(back.model.layout).toEqual(model.layout)
    expect(Array.from(back.model.params)).toEqual(Array.from(model.params)) // float32 -> float32 is bit-exact
    expect(back.scaling).toEqual({ inputMean: [10, 0], inputStd: [2, 0.5], targetMean: [100, 100, 100], targetStd: [20, 20, 20] })
    expect([back.featureNames, back.target, back.lookBack, back.horizon, back.task, back.appVersion]).toEqual([['sales', 'price'], 'sales', 6, 3, 'regression', '0.1.0'])
  })

  it('predictWindows on the imported model gives what ONNX Runtime gives on the file', async () => {
    const bytes = exportOnnx(makeModel('gru', 'per-step'), opts)
    const rng = new Rng(8)
    const B = 4
    const windows = new Float32Array(B * 6 * 2).map((_, i) => (i % 2 === 0 ? 10 + 2 * rng.normal() : 0.5 * rng.normal())) // (B, L, D)
    const session = await ort.InferenceSession.create(bytes)
    const want = (await session.run({ window: new ort.Tensor('float32', windows, [B, 6, 2]) })).forecast.data as Float32Array
    const got = predictWindows(importOnnx(bytes, { file: FILE, appVersion: '0.1.0' }), windows, B)
    expect(got.length).toBe(want.length)
    for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(want[i]), 20))
  })

  it('refuses a file from a newer app with a message that says so', () => {
    const bytes = exportOnnx(makeModel('lstm', 'final', 1), { ...opts, appVersion: '2.3.0' })
    expect(() => importOnnx(bytes, { file: FILE, appVersion: '0.1.0' })).toThrow(ModelImportError)
    expect(() => importOnnx(bytes, { file: FILE, appVersion: '0.1.0' })).toThrow(/written by Forecast Workbench 2\.3\.0.*this app is 0\.1\.0.*Update the app/)
  })

  it('refuses a newer export format even from the same app version', () => {
    const T = modelProtoType()
    const msg = T.toObject(T.decode(exportOnnx(makeModel('elman', 'final', 1), opts))) as { metadata_props: { key: string; value: string }[] }
    msg.metadata_props.find((p) => p.key === 'format_version')!.value = '5'
    const bytes = T.encode(T.fromObject(msg)).finish()
    expect(ONNX_FORMAT_VERSION).toBe(4)
    expect(() => importOnnx(bytes, { file: FILE, appVersion: '0.1.0' })).toThrow(/export format 5.*this app is 0\.1\.0 \(format 4\).*Update the app/)
  })

  it('names the file and the problem for damaged or foreign files', () => {
    expect(() => importOnnx(new TextEncoder().encode('{"format":"forecast-workbench-model"}'), { file: 'x.onnx', appVersion: '0.1.0' })).toThrow(/^x\.onnx: /)
    const T = modelProtoType()
    const foreign = T.encode(T.fromObject({ ir_version: 8, graph: { name: 'g' } })).finish()
    expect(() => importOnnx(foreign, { file: 'x.onnx', appVersion: '0.1.0' })).toThrow(/x\.onnx: metadata 'format' is missing; only models exported by Forecast Workbench/)
    const msg = T.toObject(T.decode(exportOnnx(makeModel('gru', 'final', 1), opts))) as { graph: { initializer: { name: string }[] } }
    msg.graph.initializer = msg.graph.initializer.filter((t) => t.name !== 'R_l0')
    expect(() => importOnnx(T.encode(T.fromObject(msg)).finish(), { file: 'x.onnx', appVersion: '0.1.0' })).toThrow(/initializer 'R_l0' is missing/)
  })

  it('classes: written for classification, read back, and damaged class metadata named', () => {
    const cls = (outputSize: number, act: 'sigmoid' | 'softmax') => createModel({ cell: 'gru', inputSize: 2, hiddenSize: 4, numLayers: 1, outputSize, hiddenActivation: 'tanh', outputActivation: act, outputMode: 'final', dropout: 0 }, new Rng(3))
    const o: OnnxExportOptions = { ...opts, scaling: null, task: 'classification' }
    const rule = { column: 'sales', op: '>' as const, value: 100 }
    const two = importOnnx(exportOnnx(cls(1, 'sigmoid'), { ...o, classes: { names: ['false', 'true'], rule } }), { file: FILE, appVersion: '0.1.0' })
    expect(two.classes).toEqual({ names: ['false', 'true'], rule })
    const three = exportOnnx(cls(3, 'softmax'), { ...o, classes: { names: ['sun', 'rain', 'fog'], rule: null } })
    expect(importOnnx(three, { file: FILE, appVersion: '0.1.0' }).classes).toEqual({ names: ['sun', 'rain', 'fog'], rule: null })
    // without classes (files from before), and a regression file: none
    expect(importOnnx(exportOnnx(cls(3, 'softmax'), o), { file: FILE, appVersion: '0.1.0' }).classes).toBeNull()
    expect(importOnnx(exportOnnx(makeModel('gru', 'final', 1), opts), { file: FILE, appVersion: '0.1.0' }).classes).toBeNull()
    // the writer refuses names that do not match the outputs, and classes on a regression model
    expect(() => exportOnnx(cls(3, 'softmax'), { ...o, classes: { names: ['a', 'b'], rule: null } })).toThrow(/classes must be 3 class names for the model's 3 softmax outputs/)
    expect(() => exportOnnx(makeModel('gru', 'final', 1), { ...opts, classes: { names: ['a', 'b', 'c'], rule: null } })).toThrow(/only classification has classes/)
    // the reader names damaged metadata
    const T = modelProtoType()
    const edit = (bytes: Uint8Array, key: string, value: string) => {
      const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
      const p = msg.metadata_props.find((x) => x.key === key)
      if (p) p.value = value
      else msg.metadata_props.push({ key, value })
      return T.encode(T.fromObject(msg)).finish()
    }
    const read = (b: Uint8Array) => () => importOnnx(b, { file: 'x.onnx', appVersion: '0.1.0' })
    expect(read(edit(three, 'classes', '["sun","rain"]'))).toThrow("x.onnx: metadata 'classes' must be a JSON array of 3 class names for the model's 3 softmax outputs")
    expect(read(edit(three, 'class_rule', '{"column":"sales","op":">","value":"high"}'))).toThrow(/x\.onnx: metadata 'class_rule' must be a JSON object \{ column, op, value \}/)
    expect(read(edit(exportOnnx(makeModel('gru', 'final', 1), opts), 'classes', '["a","b","c"]'))).toThrow("x.onnx: metadata 'classes' is given for a 'regression' model; only classification has classes")
  })

  it("missing: the model file's fill of new rows, read back, absent in files from before, damaged values named", () => {
    const missing = { default: 'interpolate', columns: { price: 'mean' }, imputers: { sales: 101.5, price: 0.25 } }
    const bytes = exportOnnx(makeModel('gru', 'final', 1), { ...opts, missing })
    expect(importOnnx(bytes, { file: FILE, appVersion: '0.1.0' }).missing).toEqual(missing)
    expect(importOnnx(exportOnnx(makeModel('gru', 'final', 1), opts), { file: FILE, appVersion: '0.1.0' }).missing).toBeNull()
    const T = modelProtoType()
    const edit = (value: string) => {
      const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
      msg.metadata_props.find((x) => x.key === 'missing')!.value = value
      return () => importOnnx(T.encode(T.fromObject(msg)).finish(), { file: 'x.onnx', appVersion: '0.1.0' })
    }
    expect(edit('{"default":"spline","columns":{},"imputers":{}}')).toThrow(/x\.onnx: metadata 'missing' .*missing\.default.*spline/)
    expect(edit('{"default":"ffill","columns":{"price":"guess"},"imputers":{}}')).toThrow(/x\.onnx: metadata 'missing' .*missing\.columns\.price/)
    expect(edit('{"default":"ffill","columns":{}}')).toThrow("x.onnx: metadata 'missing' must hold 'imputers', a JSON object of column -> training mean (a number) or mode (a level)")
    expect(edit('{"default":"ffill","columns":{},"imputers":{"sales":null}}')).toThrow(/metadata 'missing' must hold 'imputers'/)
    // a seasonal target's gaps: read back, and a damaged one named
    const gapFill = { season: 12, cuts: ['2001-01-01T00:00:00.000Z', '2002-01-01T00:00:00.000Z', '2002-12-01T00:00:00.000Z'] as [string, string, string] }
    expect(importOnnx(exportOnnx(makeModel('gru', 'final', 1), { ...opts, missing: { ...missing, gapFill } }), { file: FILE, appVersion: '0.1.0' }).missing?.gapFill).toEqual(gapFill)
    expect(edit('{"default":"interpolate","columns":{},"imputers":{},"gapFill":{"season":1,"cuts":[]}}')).toThrow("x.onnx: metadata 'missing' has a 'gapFill' that is not { season, cuts } with an integer season above 1 and three ISO times")
  })

  it('duplicates: the run\'s rule for repeated times, read back, absent in files from before, a damaged value named', () => {
    const bytes = exportOnnx(makeModel('gru', 'final', 1), { ...opts, duplicates: 'last' })
    expect(importOnnx(bytes, { file: FILE, appVersion: '0.1.0' }).duplicates).toBe('last')
    expect(importOnnx(exportOnnx(makeModel('gru', 'final', 1), opts), { file: FILE, appVersion: '0.1.0' }).duplicates).toBeNull()
    const T = modelProtoType()
    const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
    msg.metadata_props.find((x) => x.key === 'duplicates')!.value = 'median'
    expect(() => importOnnx(T.encode(T.fromObject(msg)).finish(), { file: 'x.onnx', appVersion: '0.1.0' })).toThrow("x.onnx: metadata 'duplicates' must be one of keep, error, mean, sum, last, first (got 'median')")
  })

  it('names every feature the new data lacks', () => {
    expect(() => assertFeaturesPresent(['sales', 'price', 'promo'], ['date', 'sales'], 'new.csv')).toThrow(MissingFeaturesError)
    expect(() => assertFeaturesPresent(['sales', 'price', 'promo'], ['date', 'sales'], 'new.csv')).toThrow("new.csv lacks the columns the model was trained on: 'price' and 'promo'")
    expect(() => assertFeaturesPresent(['sales'], ['sales', 'x'], 'new.csv')).not.toThrow()
  })

  it('compares versions numerically', () => {
    expect(isNewerVersion('0.10.0', '0.9.3')).toBe(true)
    expect(isNewerVersion('0.1.0', '0.1.0')).toBe(false)
    expect(isNewerVersion('0.1.0', '1.0.0')).toBe(false)
  })
})

describe('openModelFile', () => {
  const model = makeModel('gru', 'final', 1)
  it("reads back the run's forecast when the graph is only its network part, and null otherwise", () => {
    const model = makeModel('gru', 'final', 1)
    const read = (o: OnnxExportOptions) => importOnnx(exportOnnx(model, o), { file: FILE, appVersion: '0.1.0' }).runForecastLabel
    expect(read({ ...opts, runForecast: { label: 'mean of the network, ETS(A,N,N) and Theta', networkWeight: 1 / 3, message: 'the network forecasts at least as well' } })).toBe('mean of the network, ETS(A,N,N) and Theta')
    expect(read({ ...opts, runForecast: { label: 'network', networkWeight: 1, message: 'the forecast is the network' } })).toBeNull()
    expect(read(opts)).toBeNull()
  })

  it('opens both the JSON model format and an ONNX export', () => {
    const json = new TextEncoder().encode(JSON.stringify(serializeModel(model)))
    const a = openModelFile(json, 'm.json', '0.1.0')
    const b = openModelFile(exportOnnx(model, opts), 'm.onnx', '0.1.0')
    expect(a.kind).toBe('json')
    expect(b.kind).toBe('onnx')
    expect(Array.from(a.model.params)).toEqual(Array.from(model.params))
    expect(Array.from(b.model.params)).toEqual(Array.from(model.params))
  })

  it('names the file when the JSON model is newer than the app', () => {
    const newer = new TextEncoder().encode(JSON.stringify({ ...serializeModel(model), version: 99 }))
    expect(() => openModelFile(newer, 'm.json', '0.1.0')).toThrow(/^m\.json: version is 99, newer than this app supports/)
  })
})
