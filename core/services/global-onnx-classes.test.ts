// A global classification's ONE ONNX graph (onnx-global.ts, task 'classification'): each series'
// inputs scaled by its own series_input_mean/std, the network's sigmoid or softmax the output, the
// class names in the metadata. Run by ONNX Runtime on each series' raw windows (read as fw predict
// reads them: onnx-predict.ts onnxRowsOf, assembleInputs) against the app's own per-series
// forecast (forecast-global.ts forecastGlobal, the run's model file) and the run's own stored test
// forecasts. Three cities whose temperature input sits at levels ~0, ~40 and ~900: the per-series
// inputs carry that difference.
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { importCsv, selectRows, type Dataset } from '../data'
import { seriesRows } from '../data/global'
import { importGlobalOnnx, predictWindows } from '../export'
import { modelProtoType } from '../export/onnx/onnx-proto'
import { resolveConfig } from '../train/config'
import { forecastGlobal, loadGlobalModelFile } from '../train/forecast-global'
import { runGlobalTraining, type GlobalResult } from '../train/global'
import { globalModelOnnx } from './global-onnx'
import { predictGlobalOnnx, seriesOnnx } from './global-onnx-predict'
import { assembleInputs, onnxRowsOf } from './onnx-predict'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }
const TOL = 1e-4 // absolute, on probabilities
const LEVEL: Record<string, number> = { a: 0, b: 40, c: 900 }
const SPREAD: Record<string, number> = { a: 1, b: 5, c: 60 }

function csv(): string {
  const rows = ['city,date,temp,sky']
  for (const [k, c] of ['a', 'b', 'c'].entries())
    for (let i = 0; i < 70; i++) rows.push(`${c},${day(i)},${LEVEL[c]! + SPREAD[c]! * Math.round(4 * Math.sin((i + k) / 3)) / 4},${['rain', 'sun', 'snow'][(i * (k + 1) + (i % 4 === 0 ? 1 : 0)) % 3]}`)
  return rows.join('\n') + '\n'
}

interface Case { label: string; data: Record<string, unknown>; mode: 'final' | 'per-step'; cell: 'gru' | 'lstm' }
const CASES: Case[] = [
  { label: 'three classes (softmax), gru final', data: { target: 'sky', features: ['temp'], task: 'classification' }, mode: 'final', cell: 'gru' },
  { label: 'two classes by a rule (sigmoid), lstm per-step', data: { target: 'temp', features: [], rule: 'temp > 20' }, mode: 'per-step', cell: 'lstm' }
]

async function trained(c: Case): Promise<{ ds: Dataset; r: GlobalResult; gm: ReturnType<typeof loadGlobalModelFile> }> {
  const ds = await importCsv(csv(), { fileName: 'sky.csv', series: ['city'] })
  const config = resolveConfig({
    data: { lookBack: 5, horizon: 1, calendar: 'none', ...c.data, series: { columns: ['city'], values: null, global: { short: 'skip' } } } as never,
    model: { cell: c.cell, hiddenSize: 6, outputMode: c.mode },
    training: { epochs: 2, seed: 4, batchSize: 32 }
  })
  const r = (await runGlobalTraining({ config, dataset: ds }, hooks))!
  return { ds, r, gm: loadGlobalModelFile(JSON.parse(JSON.stringify(r.modelFile))) }
}

function metaOf(bytes: Uint8Array): Record<string, string> {
  const T = modelProtoType()
  const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
  return Object.fromEntries(msg.metadata_props.map((p) => [p.key, p.value]))
}

describe("a global classification's ONNX graph", () => {
  it.each(CASES)('$label: matches the app and the run in ONNX Runtime, series by series', async (c) => {
    const { ds, r, gm } = await trained(c)
    const names = gm.series[0]!.m.fitted.target.kind === 'classification' ? gm.series[0]!.m.fitted.target.classes : []
    const bytes = globalModelOnnx(gm, '0.1.0')
    const meta = metaOf(bytes)
    expect([meta['format_version'], meta['task'], meta['classes']]).toEqual(['3', 'classification', JSON.stringify(names)])
    expect(JSON.parse(meta['series_inputs']!)).toEqual(['series_input_mean', 'series_input_std'])
    expect(meta['target_input']).toBeUndefined() // no level steps
    const g = importGlobalOnnx(bytes, { file: 'g.onnx', appVersion: '0.1.0' })
    expect([g.task, g.classes?.names]).toEqual(['classification', names])
    const K = names.length
    const O = gm.series[0]!.m.model.spec.outputSize
    expect(O).toBe(K === 2 ? 1 : K)

    const { blocks } = forecastGlobal(gm, ds, null) // the app: each series through its own pipeline
    const session = await ort.InferenceSession.create(bytes)
    const inFile = new Map(seriesRows(ds, g.seriesColumns).map((s) => [s.key.join(), s]))
    const L = g.lookBack
    const D = g.featureNames.length
    const ortOf = async (raw: Float32Array, W: number, k: number): Promise<Float32Array> => {
      const windows = new Float32Array(W * L * D) // (W, L, D)
      for (let w = 0; w < W; w++) windows.set(raw.subarray(w * D, (w + L) * D), w * L * D)
      const s = g.series[k]!
      const rep = (v: number[]) => new ort.Tensor('float32', Float32Array.from({ length: W * D }, (_, i) => v[i % D]!), [W, D])
      const y = (await session.run({ window: new ort.Tensor('float32', windows, [W, L, D]), series_input_mean: rep(s.scaling.inputMean), series_input_std: rep(s.scaling.inputStd) })).forecast!.data as Float32Array
      // each window's class probabilities (K), from the last step of a per-step model
      return Float32Array.from({ length: W * K }, (_, i) => {
        const w = Math.floor(i / K)
        const at = c.mode === 'per-step' ? (w * L + L - 1) * O : w * O
        return K === 2 ? (i % 2 ? y[at]! : 1 - y[at]!) : y[at + (i % K)]!
      })
    }
    let compared = 0
    let swapped = 0
    for (const [k, s] of g.series.entries()) {
      const m = seriesOnnx(g, s)
      expect(m.classes?.names).toEqual(names)
      const own = { ...selectRows(ds, inFile.get(s.key.join())!.rows), notices: [] }
      const { slots, series } = onnxRowsOf(m, own)
      const { raw } = assembleInputs(slots, series, m.missing, m.target)
      const W = series.rowCount - L + 1
      const probs = await ortOf(raw, W, k)
      const want = blocks[k]!.points
      expect(want.length).toBe(W)
      want.forEach((p, w) => {
        for (let j = 0; j < K; j++) expect(Math.abs(probs[w * K + j]! - p.probs![j]!)).toBeLessThanOrEqual(TOL)
      })
      // the run's own test forecasts (what it stored): a probability of two classes, the likeliest of more
      const byTime = new Map(want.map((p, w) => [p.time, w]))
      for (const f of r.series[k]!.forecasts) {
        const w = byTime.get(f.ts)!
        expect(w).toBeDefined()
        const mine = Array.from(probs.subarray(w * K, (w + 1) * K))
        if (K === 2) expect(Math.abs(mine[1]! - f.value)).toBeLessThanOrEqual(TOL)
        else expect(mine.indexOf(Math.max(...mine))).toBe(f.value)
        compared++
      }
      // the importer's float32 mirror runs the series as ORT does
      const windows = new Float32Array(W * L * D)
      for (let w = 0; w < W; w++) windows.set(raw.subarray(w * D, (w + L) * D), w * L * D)
      const mirror = predictWindows(m, windows, W)
      expect(mirror.length).toBe(c.mode === 'per-step' ? W * L * O : W * O)
      // the same windows with the next series' scaling: the per-series inputs are what the graph reads
      const other = await ortOf(raw, W, (k + 1) % g.series.length)
      for (let i = 0; i < probs.length; i++) swapped = Math.max(swapped, Math.abs(other[i]! - probs[i]!))
    }
    await session.release()
    expect(compared).toBe(r.series.reduce((n, s) => n + s.forecasts.length, 0))
    expect(compared).toBeGreaterThan(20)
    expect(swapped).toBeGreaterThan(100 * TOL)
  }, 60_000)

  it('is applied by fw predict --model\'s path to a long file: each series named, its forecast the class it gives', async () => {
    const { ds, gm } = await trained(CASES[0]!)
    const g = importGlobalOnnx(globalModelOnnx(gm, '0.1.0'), { file: 'g.onnx', appVersion: '0.1.0' })
    const f = predictGlobalOnnx(g, ds)
    const { blocks } = forecastGlobal(gm, ds, null)
    expect(f.series.map((s) => s.label)).toEqual(blocks.map((b) => b.label))
    // the likeliest class of each window, as the model file gives it
    f.series.forEach((s, k) => expect(s.rows.map((x) => x.value)).toEqual(blocks[k]!.points.map((p) => p.value)))
    const lines = f.text.trim().split(/\r?\n/)
    expect(lines[0]).toBe('city,time,step,forecast,actual')
    expect(lines.slice(1).every((l) => /^[abc],\S+,1,(rain|sun|snow),(rain|sun|snow)?$/.test(l))).toBe(true)
  }, 60_000)
})
