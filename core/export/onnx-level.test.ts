// Format 2: runs trained with level-relative windows and a log target (core/data LevelMode
// 'window', TargetTransform 'log') exported through onnxOf, run by ONNX Runtime on the raw CO2
// sample, against the engine's own forecast (core/train/forecast predictWindows on the model file).
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { applyFitted, importCsv, prepareSeries, type Dataset } from '../data'
import { createModel, Rng } from '../engine'
import { onnxOf, type RebuiltRun } from '../services/run-export'
import { resolveConfig } from '../train/config'
import { loadModelFile, predictWindows as engineForecast } from '../train/forecast'
import { prepareRun } from '../train/prepare'
import { rebuildModelFile } from '../train/run'
import type { TrainConfig } from '../train/types'
import { exportOnnx } from './onnx'
import { importOnnx, predictWindows } from './onnx-import'
import { ExportError } from './errors'
import { modelProtoType } from './onnx/onnx-proto'
import { onnxLevelFromPipeline } from './scaling'

const text = fs.readFileSync(new URL('../../resources/samples/co2-concentration.csv', import.meta.url), 'utf8')
const L = 12
const TOL = 1e-5 // relative, float32

/** The sample with every value rounded to float32, so the engine (float64 from the CSV) and the
 *  graph (a float32 window) start from the same numbers and only the graph's arithmetic differs. */
async function co2f32(): Promise<Dataset> {
  const ds = await importCsv(text, { fileName: 'co2-concentration.csv' })
  const columns = ds.columns.map((c) => (c.kind === 'numeric' && c.name !== ds.timeColumn ? { ...c, values: Float64Array.from(c.values, Math.fround) } : c))
  return { ...ds, columns } as Dataset
}

interface Case { label: string; data: Record<string, unknown>; cell: 'elman' | 'lstm' | 'gru'; mode: 'per-step' | 'final'; format: number }
const REL_LOG = { level: 'window', transform: 'log' }
const CASES: Case[] = [
  ...(['elman', 'lstm', 'gru'] as const).flatMap((cell) => (['per-step', 'final'] as const).map((mode) => ({ label: `relative+log ${cell} ${mode}`, data: REL_LOG, cell, mode, format: 2 }))),
  { label: 'relative gru final', data: { level: 'window', transform: 'none' }, cell: 'gru', mode: 'final', format: 2 },
  { label: 'relative lstm per-step', data: { level: 'window', transform: 'none' }, cell: 'lstm', mode: 'per-step', format: 2 },
  { label: 'global+log gru final', data: { level: 'global', transform: 'log' }, cell: 'gru', mode: 'final', format: 2 },
  { label: 'global elman per-step', data: { level: 'global', transform: 'none' }, cell: 'elman', mode: 'per-step', format: 1 },
  { label: 'global gru final', data: { level: 'global', transform: 'none' }, cell: 'gru', mode: 'final', format: 1 },
  { label: 'direct h=3 relative+log gru', data: { ...REL_LOG, horizon: 3, direct: true }, cell: 'gru', mode: 'final', format: 2 }
]

/** A tiny run rebuilt the way `fw export` rebuilds a stored one, from weights drawn at random and
 *  scaled ×2 past the init range so gates saturate (trained weights outgrow it too); the CLI tests
 *  (core/cli/predict-onnx.test.ts) export a trained run. */
function rebuilt(c: Case, ds: Dataset): RebuiltRun {
  const config: TrainConfig = resolveConfig({
    data: { target: 'CO2', features: ['adjusted CO2'], lookBack: L, ...c.data } as never,
    model: { cell: c.cell, hiddenSize: 6, outputMode: c.mode, forecaster: 'network' }, // the graph is the network
    training: { epochs: 1, batchSize: 64, earlyStopping: null }
  })
  const model = createModel(prepareRun(config, ds).spec, new Rng(CASES.indexOf(c) + 1))
  const weights = Float32Array.from(model.params, (w) => 2 * w)
  const run = rebuildModelFile(config, ds, weights, { appVersion: '0.1.0', bestEpoch: 1 })
  return { runId: 1, name: c.label, appVersion: '0.1.0', createdAt: 0, config, dataset: ds, bestEpoch: 1, rebuilt: run, remade: null }
}

/** Every window of the series (rows sorted as the pipeline sorts them), raw, (W, L, D). */
function rawWindows(r: RebuiltRun, ds: Dataset): { windows: Float32Array; W: number; D: number } {
  const { dataset: series } = prepareSeries(ds, r.rebuilt.run.prep.config.time)
  const names = r.rebuilt.run.prep.fitted.inputNames
  const cols = names.map((n) => (series.columns.find((c) => c.name === n) as { values: Float64Array }).values)
  const D = names.length
  const W = series.rowCount - L + 1
  const windows = new Float32Array(W * L * D)
  for (let w = 0; w < W; w++) for (let t = 0; t < L; t++) for (let d = 0; d < D; d++) windows[(w * L + t) * D + d] = cols[d]![w + t]!
  return { windows, W, D }
}

/** The file's custom_metadata_map, as Python's onnxruntime shows it. */
function metaOf(bytes: Uint8Array): Record<string, string> {
  const T = modelProtoType()
  const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
  return Object.fromEntries(msg.metadata_props.map((p) => [p.key, p.value]))
}

interface Parity { label: string; format: number; n: number; maxAbs: number; maxRel: number; importRel: number }
const parity: Parity[] = []

describe('ONNX export of level-relative and log runs matches the engine in ONNX Runtime', () => {
  it.each(CASES)('$label', async (c) => {
    const ds = await co2f32()
    const r = rebuilt(c, ds)
    const fitted = r.rebuilt.run.prep.fitted
    const t = fitted.target
    expect(t.kind === 'regression' && [!!t.relative, t.transform === 'log']).toEqual([c.data.level === 'window', c.data.transform === 'log'])
    const bytes = onnxOf(r)
    const imported = importOnnx(bytes, { file: 'm.onnx', appVersion: '0.1.0' })
    const session = await ort.InferenceSession.create(bytes)
    expect(metaOf(bytes)['format_version']).toBe(String(c.format))
    expect(imported.level === null).toBe(c.format === 1)
    if (c.format === 2) {
      expect(imported.level).toEqual(onnxLevelFromPipeline(fitted))
      expect(fitted.inputNames).toEqual(['CO2', 'adjusted CO2'])
      expect(imported.level!.relativeInputs).toEqual(c.data.level === 'window' ? [0] : []) // adjusted CO2 stays absolute
      expect(imported.level!.logInputs).toEqual(c.data.transform === 'log' ? [0] : [])
    }

    const { windows, W, D } = rawWindows(r, ds)
    const got = (await session.run({ window: new ort.Tensor('float32', windows, [W, L, D]) })).forecast
    await session.release()
    const O = r.rebuilt.model.spec.outputSize
    expect(got.dims).toEqual(c.mode === 'per-step' ? [W, L, O] : [W, O])
    const y = got.data as Float32Array
    const last = (w: number, o: number) => (c.mode === 'per-step' ? y[(w * L + L - 1) * O + o]! : y[w * O + o]!)

    // the engine: the stored model file, read back as from disk, on the same data
    const m = loadModelFile(JSON.parse(JSON.stringify(r.rebuilt.modelFile)), '0.1.0')
    const points = engineForecast(m, applyFitted(ds, m.config, m.fitted))
    expect(points.length).toBe(W * O)
    let maxAbs = 0, maxRel = 0
    points.forEach((p, i) => {
      const want = p.value
      const abs = Math.abs(last(Math.floor(i / O), i % O) - want)
      maxAbs = Math.max(maxAbs, abs)
      maxRel = Math.max(maxRel, abs / Math.abs(want))
    })
    // and the importer's float32 mirror of the graph (what `fw predict --model x.onnx` runs)
    const mirror = predictWindows(imported, windows, W)
    let importRel = 0
    for (let i = 0; i < y.length; i++) importRel = Math.max(importRel, Math.abs(mirror[i]! - y[i]!) / Math.abs(y[i]!))
    parity.push({ label: c.label, format: c.format, n: points.length, maxAbs, maxRel, importRel })
    expect(maxRel).toBeLessThanOrEqual(TOL)
    expect(importRel).toBeLessThanOrEqual(TOL)
    // the forecast is in CO2's units (ppm), not the network's scaled changes
    expect(Math.min(...points.map((p) => p.value))).toBeGreaterThan(250)
  })

  afterAll(() => {
    fs.mkdirSync('e2e-artifacts', { recursive: true })
    const lines = ['| case | format | forecasts | max abs err (ppm) | max rel err vs engine | max rel err, import mirror vs ORT |', '|---|---|---|---|---|---|',
      ...parity.map((p) => `| ${p.label} | ${p.format} | ${p.n} | ${p.maxAbs.toExponential(2)} | ${p.maxRel.toExponential(2)} | ${p.importRel.toExponential(2)} |`)]
    fs.writeFileSync('e2e-artifacts/onnx-level-parity.md', lines.join('\n') + '\n')
  })
})

describe('format 2 files', () => {
  it('round-trip through importOnnx: weights, scaling and level steps come back, and re-export gives the same bytes', async () => {
    const ds = await co2f32()
    const r = rebuilt(CASES[0]!, ds)
    const bytes = onnxOf(r)
    const back = importOnnx(bytes, { file: 'm.onnx', appVersion: '0.1.0' })
    expect(back.level).toEqual({ logInputs: [0], relativeInputs: [0], targetInput: 0, targetLog: true })
    expect(Array.from(back.model.params)).toEqual(Array.from(r.rebuilt.model.params))
    expect(Buffer.from(exportOnnx(back.model, { ...back, level: back.level })).equals(Buffer.from(bytes))).toBe(true)
    const meta = metaOf(bytes)
    expect(meta['format_version']).toBe('2')
    expect(JSON.parse(meta['log_inputs']!)).toEqual(['CO2'])
    expect(JSON.parse(meta['relative_inputs']!)).toEqual(['CO2'])
    expect([meta['target_input'], meta['target_transform']]).toEqual(['CO2', 'log'])
  })

  it('record a relative target without log as no log steps and no exp', async () => {
    const ds = await co2f32()
    const r = rebuilt(CASES[6]!, ds) // relative, no log
    const back = importOnnx(onnxOf(r), { file: 'm.onnx', appVersion: '0.1.0' })
    expect(back.level).toEqual({ logInputs: [], relativeInputs: [0], targetInput: 0, targetLog: false })
  })

  it('a level-relative target that is not among the inputs cannot be exported', () => {
    expect(() => onnxLevelFromPipeline({
      inputs: [{ column: 'x', kind: 'numeric', offset: 0, size: 1 }], inputNames: ['x'], D: 1, scalers: {}, imputers: {}, warnings: [],
      splits: { train: { start: 0, end: 10 }, val: { start: 10, end: 12 }, test: { start: 12, end: 14 } },
      target: { column: 'y', kind: 'regression', scaler: { kind: 'zscore', mean: 0, std: 1 }, relative: true }
    })).toThrow(ExportError)
  })
})

describe('format 2 files stay as written before format 3 (a global model\'s graph)', () => {
  // sha256 of exports by the exporter of commit 9cc27b5, before the global graph shared its code
  it.each([
    ['lstm', 'per-step', '3a583d51fa627c54451cb72b1eebe55533d45c20425120366c946b1e94d64ff5'],
    ['gru', 'final', 'dff2e4cd610bc2759b9be3e6e271345a0008d891582b8c296b0115fd056abf22'],
    ['elman', 'final', '03e653524f87c801ac964082107940f3c017de41c9436e92686a7977cfbe6de5']
  ] as const)('%s %s, byte for byte', (cell, mode, sha) => {
    const model = createModel({ cell, inputSize: 3, hiddenSize: 4, numLayers: 2, outputSize: 2, hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: mode, dropout: 0 }, new Rng(11))
    const bytes = exportOnnx(model, {
      scaling: { inputMean: [100, 3, 0], inputStd: [7, 2, 1], targetMean: [4.6], targetStd: [0.01] }, featureNames: ['y', 'x', 'flag'], target: 'y', lookBack: 5, horizon: 2, appVersion: '0.1.0', task: 'regression',
      level: { logInputs: [0], relativeInputs: [0], targetInput: 0, targetLog: true }
    })
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha)
  })
})

describe('format 1 files (written before format 2)', () => {
  // written by the exporter of commit 4294b72 (format 1): a GRU, final output, scaling only
  const v1 = new Uint8Array(fs.readFileSync(new URL('./fixtures/v1-gru-final.onnx', import.meta.url)))

  it('still import, with no level steps, and the importer computes what ONNX Runtime computes', async () => {
    const m = importOnnx(v1, { file: 'v1.onnx', appVersion: '0.1.0' })
    expect(m.level).toBeNull()
    expect(m.scaling).toEqual({ inputMean: [350, 350], inputStd: [25, 25], targetMean: [350], targetStd: [25] })
    expect([m.featureNames, m.target, m.lookBack, m.model.spec.cell, m.model.spec.outputMode]).toEqual([['CO2', 'adjusted CO2'], 'CO2', 4, 'gru', 'final'])
    const windows = Float32Array.from({ length: 3 * 4 * 2 }, (_, i) => 320 + 7 * Math.sin(i)) // (3, 4, 2)
    const session = await ort.InferenceSession.create(v1)
    const want = (await session.run({ window: new ort.Tensor('float32', windows, [3, 4, 2]) })).forecast.data as Float32Array
    await session.release()
    const got = predictWindows(m, windows, 3)
    for (let i = 0; i < 3; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-5 * Math.abs(want[i]!))
  })

  it('are what this exporter still writes without level steps, byte for byte', () => {
    const m = importOnnx(v1, { file: 'v1.onnx', appVersion: '0.1.0' })
    expect(Buffer.from(exportOnnx(m.model, m)).equals(Buffer.from(v1))).toBe(true)
    expect(Buffer.from(exportOnnx(m.model, { ...m, level: { logInputs: [], relativeInputs: [], targetInput: null, targetLog: false } })).equals(Buffer.from(v1))).toBe(true)
  })
})
