// The exported graph, run by ONNX Runtime, against the engine's own predict on the same windows.
import * as fs from 'node:fs'
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { createModel, predict, Rng, type CellKind, type HiddenActivation, type Model, type OutputActivation, type OutputMode } from '../engine'
import { exportOnnx, type OnnxScaling } from './onnx'
import { modelProtoType } from './onnx/onnx-proto'

/** custom metadata of an exported file, read back from the protobuf. */
function readMeta(bytes: Uint8Array): Record<string, string> {
  const T = modelProtoType()
  const m = T.toObject(T.decode(bytes)) as { metadata_props?: { key: string; value: string }[] }
  return Object.fromEntries((m.metadata_props ?? []).map((p) => [p.key, p.value]))
}

const T = 12 // look-back
const B = 5
const D = 3
const H = 6
const TOL = 1e-5
const f32 = Math.fround

const CELLS: { cell: CellKind; act: HiddenActivation; label: string }[] = [
  { cell: 'elman', act: 'tanh', label: 'elman-tanh' },
  { cell: 'elman', act: 'relu', label: 'elman-relu' },
  { cell: 'elman', act: 'sigmoid', label: 'elman-sigmoid' },
  { cell: 'lstm', act: 'tanh', label: 'lstm' },
  { cell: 'gru', act: 'tanh', label: 'gru' }
]
const MODES: OutputMode[] = ['per-step', 'final']
const DEPTHS = [1, 2]
const ACTS: OutputActivation[] = ['identity', 'sigmoid', 'softmax']

interface Parity { label: string; maxAbs: number; maxRel: number }
const parity: Parity[] = []

/** Windows in original units: feature d ~ N(mean_d, std_d), laid out (batch, T, D) as ONNX takes them. */
function rawWindows(rng: Rng, s: OnnxScaling): Float32Array {
  const x = new Float32Array(B * T * D) // (B, T, D)
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let d = 0; d < D; d++) {
    x[(b * T + t) * D + d] = s.inputMean[d] + s.inputStd[d] * rng.normal()
  }
  return x
}

/** The engine's forecast for the same windows: the same float32 scaling in TS, predict, inverse. */
function engineForecast(model: Model, raw: Float32Array, s: OnnxScaling, regression: boolean): Float32Array {
  const x = new Float32Array(T * B * D) // (T, B, D), time-major for the engine
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let d = 0; d < D; d++) {
    const v = raw[(b * T + t) * D + d]
    x[(t * B + b) * D + d] = f32(f32(v - f32(s.inputMean[d])) / f32(s.inputStd[d]))
  }
  const y = predict(model, x, T, B) // per-step (T, B, O), final (B, O)
  const O = model.spec.outputSize
  const perStep = model.spec.outputMode === 'per-step'
  const out = new Float32Array(y.length) // per-step (B, T, O), final (B, O)
  for (let r = 0; r < y.length / O; r++) {
    const dst = perStep ? ((r % B) * T + Math.floor(r / B)) * O : r * O // engine row r = t * B + b
    for (let o = 0; o < O; o++) {
      const sd = f32(s.targetStd.length === 1 ? s.targetStd[0] : s.targetStd[o])
      const mu = f32(s.targetMean.length === 1 ? s.targetMean[0] : s.targetMean[o])
      out[dst + o] = regression ? f32(f32(y[r * O + o] * sd) + mu) : y[r * O + o]
    }
  }
  return out
}

describe('ONNX export matches the engine when run by ONNX Runtime', () => {
  const cases = CELLS.flatMap((c) => MODES.flatMap((mode) => DEPTHS.flatMap((L) => ACTS.map((out) => ({ ...c, mode, L, out })))))
  it.each(cases)('$label $mode depth $L $out', async ({ cell, act: hiddenActivation, label, mode, L, out: act }) => {
    const rng = new Rng(17 + parity.length)
    const O = act === 'softmax' ? 3 : 2
    const regression = act !== 'softmax' && !(act === 'sigmoid' && L === 2) // sigmoid is tried as both a bounded regressor and a multi-label classifier
    const model = createModel({ cell, inputSize: D, hiddenSize: H, numLayers: L, outputSize: O, hiddenActivation, outputActivation: act, outputMode: mode, dropout: 0 }, rng)
    // Trained weights outgrow the init range, so bounded cells are checked with saturating gates
    // too (×2.5). An Elman-ReLU with such weights explodes over the window (outputs ~100 std), where
    // float32 round-off alone differs by 1e-5 between any two summation orders; it keeps init weights.
    const gain = hiddenActivation === 'relu' && cell === 'elman' ? 1 : 2.5
    for (let i = 0; i < model.params.length; i++) model.params[i] *= gain
    const s: OnnxScaling = { inputMean: [50, -3, 0.2], inputStd: [10, 0.5, 0.01], targetMean: regression ? [120, -7] : [0], targetStd: regression ? [25, 0.3] : [1] }
    const bytes = exportOnnx(model, { scaling: s, featureNames: ['load', 'temp', 'rate'], target: 'load', lookBack: T, horizon: O, appVersion: '0.1.0', task: regression ? 'regression' : 'classification' })
    // set ONNX_DUMP_DIR to keep the files, e.g. for `python -m onnx.checker`-style checks by other tools
    if (process.env.ONNX_DUMP_DIR) fs.writeFileSync(`${process.env.ONNX_DUMP_DIR}/${label}-${mode}-${L}-${act}.onnx`, bytes)
    const session = await ort.InferenceSession.create(bytes)
    const raw = rawWindows(rng, s)
    const res = await session.run({ window: new ort.Tensor('float32', raw, [B, T, D]) })
    const got = res.forecast
    expect(got.dims).toEqual(mode === 'per-step' ? [B, T, O] : [B, O])
    const want = engineForecast(model, raw, s, regression)
    const data = got.data as Float32Array
    expect(data.length).toBe(want.length)
    // relative to the value, with a floor of one target standard deviation (regression) or 0.01
    // probability, so a forecast that happens to sit near zero is not judged on noise
    let maxAbs = 0, maxRel = 0
    for (let i = 0; i < want.length; i++) {
      const o = i % O
      const floor = regression ? s.targetStd[o] : 0.01
      const abs = Math.abs(data[i] - want[i])
      maxAbs = Math.max(maxAbs, abs)
      maxRel = Math.max(maxRel, abs / Math.max(Math.abs(want[i]), floor))
    }
    parity.push({ label: `${label} | ${mode} | ${L} | ${act}`, maxAbs, maxRel })
    expect(maxRel).toBeLessThanOrEqual(TOL)
    await session.release()
  })

  afterAll(() => {
    // the figures for the closing note; e2e-artifacts/ is git-ignored
    fs.mkdirSync('e2e-artifacts', { recursive: true })
    const lines = ['| cell | mode | depth | output | max abs err | max rel err |', '|---|---|---|---|---|---|',
      ...parity.map((p) => `| ${p.label} | ${p.maxAbs.toExponential(2)} | ${p.maxRel.toExponential(2)} |`)]
    fs.writeFileSync('e2e-artifacts/onnx-parity.md', lines.join('\n') + '\n')
  })
})

describe('exportOnnx input checks', () => {
  const model = createModel({ cell: 'lstm', inputSize: 2, hiddenSize: 3, numLayers: 1, outputSize: 1, hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'final', dropout: 0 }, new Rng(3))
  const base = { scaling: null, featureNames: ['a', 'b'], target: 'a', lookBack: 4, horizon: 1, appVersion: '0.1.0', task: 'regression' as const }

  it('runs without scaling: the graph then works in model units', async () => {
    const session = await ort.InferenceSession.create(exportOnnx(model, base))
    const x = new Float32Array([0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8]) // (1, 4, 2)
    const res = await session.run({ window: new ort.Tensor('float32', x, [1, 4, 2]) })
    const xt = new Float32Array(x) // B = 1, so (1, T, D) and (T, 1, D) share a layout
    const want = predict(model, xt, 4, 1)
    expect(Math.abs((res.forecast.data as Float32Array)[0] - want[0])).toBeLessThan(1e-6)
  })

  it('writes a float64 model as float32 weights that still match its float64 predictions', async () => {
    const m64 = createModel({ ...model.spec, outputMode: 'per-step' }, new Rng(4), 'float64')
    const session = await ort.InferenceSession.create(exportOnnx(m64, base))
    const rng = new Rng(9)
    const x = new Float32Array(4 * 2).map(() => rng.normal()) // (1, 4, 2) = (4, 1, 2)
    const got = (await session.run({ window: new ort.Tensor('float32', x, [1, 4, 2]) })).forecast.data as Float32Array
    const want = predict(m64, Float64Array.from(x), 4, 1) // (4, 1, 1)
    for (let t = 0; t < 4; t++) expect(Math.abs(got[t] - want[t])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[t])))
  })

  it("says in its metadata when the run's forecast is more than this network, and only then", async () => {
    const meta = async (bytes: Uint8Array) => {
      await ort.InferenceSession.create(bytes) // still a valid graph
      return readMeta(bytes)
    }
    const withStats = await meta(exportOnnx(model, { ...base, runForecast: { label: 'mean of the network, ETS(A,N,N) and Theta', networkWeight: 1 / 3, message: 'the network forecasts at least as well' } }))
    expect(withStats['run_forecast']).toBe('mean of the network, ETS(A,N,N) and Theta')
    expect(withStats['run_forecast_note']).toMatch(/network only \(weight 0.3333/)
    const alone = await meta(exportOnnx(model, { ...base, runForecast: { label: 'network', networkWeight: 1, message: 'the forecast is the network' } }))
    expect(alone['run_forecast']).toBeUndefined()
  })

  it('names the field that does not fit the model', () => {
    expect(() => exportOnnx(model, { ...base, featureNames: ['a'] })).toThrow(/featureNames has 1 names but the model takes 2/)
    expect(() => exportOnnx(model, { ...base, scaling: { inputMean: [0, 0], inputStd: [1, 0], targetMean: [0], targetStd: [1] } })).toThrow(/scaling.inputStd\[1\] is 0/)
    expect(() => exportOnnx(model, { ...base, scaling: { inputMean: [0], inputStd: [1, 1], targetMean: [0], targetStd: [1] } })).toThrow(/scaling.inputMean must have 2 values/)
    expect(() => exportOnnx(model, { ...base, task: 'classification' })).toThrow(/probabilities need sigmoid or softmax/)
  })
})
