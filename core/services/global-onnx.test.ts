// One ONNX graph for every series of a global model (format 3, core/export/onnx-global.ts), run by
// ONNX Runtime on each series' raw windows with that series' values from the file's series_table,
// against the app's own per-series forecast (forecast-global.ts forecastGlobal, which applies each
// series' stored pipeline and runs predictWindows). Three series at levels ~10, ~500 and ~50,000,
// one of them modelled as log(y): the per-series inputs carry all of that difference.
import * as fs from 'node:fs'
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { importCsv, prepareSeries, selectRows, type Dataset } from '../data'
import { seriesRows } from '../data/global'
import { importGlobalOnnx, importOnnx, openModelFile, predictWindows, ExportError, exportGlobalOnnx } from '../export'
import { modelProtoType } from '../export/onnx/onnx-proto'
import { resolveConfig } from '../train/config'
import { forecastGlobal, loadGlobalModelFile, type GlobalModel } from '../train/forecast-global'
import { runGlobalTraining } from '../train/global'
import { globalModelOnnx } from './global-onnx'

const N = 120
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const q = (v: number) => Math.round(v * 4) / 4 // quarters: exact in float32 at these levels, so ORT's float32 window holds the CSV's values
const LEVELS: Record<string, (i: number) => number> = {
  small: (i) => 8 * Math.exp(0.012 * i) * (1 + 0.05 * Math.sin(i / 3)), // spans x4: log(y) (data.transform 'auto')
  mid: (i) => 500 + 0.5 * i + 15 * Math.sin(i / 2),
  big: (i) => 50000 + 20 * i + 3000 * Math.sin(i / 5)
}
const csv = ['shop,date,units,price']
for (const [k, [name, f]] of Object.entries(LEVELS).entries()) for (let i = 0; i < N; i++) csv.push(`${name},${day(i)},${q(f(i))},${q(3 + k + Math.cos(i / 4))}`)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }
const TOL = 1e-5 // relative, float32

interface Case { label: string; cell: 'gru' | 'lstm' | 'elman'; mode: 'final' | 'per-step'; level: 'window' | 'global'; oneHot: boolean; horizon?: number; direct?: boolean; noLog?: boolean }
const CASES: Case[] = [
  { label: 'relative+log gru final', cell: 'gru', mode: 'final', level: 'window', oneHot: false },
  { label: 'relative+log lstm per-step, one-hot id', cell: 'lstm', mode: 'per-step', level: 'window', oneHot: true },
  { label: 'global levels elman final, direct h=3', cell: 'elman', mode: 'final', level: 'global', oneHot: false, horizon: 3, direct: true },
  { label: 'relative, no log (no series_target_log input) gru per-step', cell: 'gru', mode: 'per-step', level: 'window', oneHot: false, noLog: true }
]

async function trained(c: Case): Promise<{ ds: Dataset; gm: GlobalModel }> {
  const ds = await importCsv(csv.join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'] })
  const config = resolveConfig({
    data: { target: 'units', features: ['price'], lookBack: 6, horizon: c.horizon ?? 1, direct: c.direct ?? false, level: c.level, transform: c.noLog ? 'none' : 'auto', calendar: 'none', series: { columns: ['shop'], values: null, global: { short: 'skip', oneHot: c.oneHot } } } as never,
    model: { cell: c.cell, hiddenSize: 8, outputMode: c.mode, forecaster: 'network' }, // the graph is the network
    training: { epochs: 3, seed: 2, batchSize: 32 }
  })
  const r = await runGlobalTraining({ config, dataset: ds }, hooks)
  return { ds, gm: loadGlobalModelFile(JSON.parse(JSON.stringify(r!.modelFile))) }
}

/** Every window of series k, raw, (W, L, D), columns in the model's input order; a one-hot id
 *  input (shop=mid) is 1 on the series' own level. */
function rawWindows(gm: GlobalModel, ds: Dataset, k: number): { windows: Float32Array; W: number } {
  const s = gm.series[k]!
  const rows = seriesRows(ds, gm.columns).find((r) => r.key.join() === s.key.join())!
  const { dataset: one } = prepareSeries({ ...selectRows(ds, rows.rows), notices: [] }, s.m.config.time)
  const names = s.m.fitted.inputNames
  const L = s.m.config.window.lookback
  const cols = names.map((n) => {
    const c = one.columns.find((x) => x.name === n) as { values: Float64Array } | undefined
    if (c) return c.values
    const [col, level] = n.split('=')
    const j = gm.columns.indexOf(col!)
    if (j < 0) throw new Error(`no column for input ${n}`)
    return new Float64Array(one.rowCount).fill(s.key[j] === level ? 1 : 0)
  })
  const D = names.length
  const W = one.rowCount - L + 1
  const windows = new Float32Array(W * L * D)
  for (let w = 0; w < W; w++) for (let t = 0; t < L; t++) for (let d = 0; d < D; d++) windows[(w * L + t) * D + d] = cols[d]![w + t]!
  return { windows, W }
}

type Entry = { key: string[]; label: string; inputs: Record<string, number[]>; forecast_by?: string }
function metaOf(bytes: Uint8Array): Record<string, string> {
  const T = modelProtoType()
  const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
  return Object.fromEntries(msg.metadata_props.map((p) => [p.key, p.value]))
}

/** The feeds for a batch whose window b belongs to series rowsOf[b]: each series input repeated per window. */
function feeds(table: Entry[], names: string[], windows: Float32Array, rowsOf: number[], L: number, D: number): Record<string, ort.Tensor> {
  const B = rowsOf.length
  const f: Record<string, ort.Tensor> = { window: new ort.Tensor('float32', windows, [B, L, D]) }
  for (const n of names) {
    const width = table[0]!.inputs[n]!.length
    f[n] = new ort.Tensor('float32', Float32Array.from({ length: B * width }, (_, i) => table[rowsOf[Math.floor(i / width)]!]!.inputs[n]![i % width]!), [B, width])
  }
  return f
}

/** The forecast of window w from ORT's output: the last step of a per-step model; output o of a final one. */
const pick = (y: Float32Array, mode: Case['mode'], L: number, O: number, w: number, o: number) => (mode === 'per-step' ? y[(w * L + L - 1) * O + o]! : y[w * O + o]!)

interface Parity { label: string; series: string; windows: number; maxRel: number; mixedRel: number; swappedRel: number }
const parity: Parity[] = []

describe('the global ONNX graph matches the app\'s per-series forecasts in ONNX Runtime', () => {
  it.each(CASES)('$label', async (c) => {
    const { ds, gm } = await trained(c)
    const bytes = globalModelOnnx(gm, '0.1.0')
    // set ONNX_DUMP_DIR to keep the files, e.g. for onnx.checker.check_model(full_check=True)
    if (process.env.ONNX_DUMP_DIR) fs.writeFileSync(`${process.env.ONNX_DUMP_DIR}/global-${CASES.indexOf(c)}.onnx`, bytes)
    const meta = metaOf(bytes)
    expect(meta['format_version']).toBe('3')
    const names = JSON.parse(meta['series_inputs']!) as string[]
    const table = JSON.parse(meta['series_table']!) as Entry[]
    expect(table.map((e) => e.key)).toEqual([['small'], ['mid'], ['big']])
    // the series differ in scale by four orders of magnitude, and only the small one models log(y)
    const logs = gm.series.map((s) => s.m.fitted.target.kind === 'regression' && s.m.fitted.target.transform === 'log')
    expect(logs).toEqual(c.noLog ? [false, false, false] : [true, false, false])
    expect(names).toEqual(['series_input_mean', 'series_input_std', 'series_target_mean', 'series_target_std', ...(c.noLog ? [] : ['series_target_log'])])
    if (!c.noLog) expect(table.map((e) => e.inputs['series_target_log'])).toEqual([[1], [0], [0]])

    const { blocks } = forecastGlobal(gm, ds, null) // the app: each series through its own pipeline
    const session = await ort.InferenceSession.create(bytes)
    const L = gm.series[0]!.m.config.window.lookback
    const D = gm.series[0]!.m.fitted.D
    const O = gm.series[0]!.m.model.spec.outputSize
    const per = gm.series.map((_, k) => rawWindows(gm, ds, k))
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)
    const ortSeries: Float32Array[] = []
    for (const [k, { windows, W }] of per.entries()) {
      const want = blocks[k]!.points // W windows × O outputs (a direct model's steps 1..h)
      expect(want.length).toBe(W * O)
      const y = (await session.run(feeds(table, names, windows, new Array(W).fill(k), L, D))).forecast!.data as Float32Array
      ortSeries.push(y)
      let maxRel = 0
      want.forEach((p, i) => (maxRel = Math.max(maxRel, rel(pick(y, c.mode, L, O, Math.floor(i / O), i % O), p.value))))
      // the same windows with another series' values (what ignoring the series inputs amounts to)
      const other = (k + 1) % per.length
      const z = (await session.run(feeds(table, names, windows, new Array(W).fill(other), L, D))).forecast!.data as Float32Array
      let swappedRel = 0
      want.forEach((p, i) => (swappedRel = Math.max(swappedRel, rel(pick(z, c.mode, L, O, Math.floor(i / O), i % O), p.value))))
      parity.push({ label: c.label, series: gm.series[k]!.label, windows: W, maxRel, mixedRel: NaN, swappedRel })
      expect(maxRel).toBeLessThanOrEqual(TOL)
      // a level-relative model is anchored at the window's own last value, so the wrong scaling
      // moves its forecast by ~1 % of the level, not by orders of magnitude: still 100x the tolerance
      expect(swappedRel).toBeGreaterThan(100 * TOL)
      // forecasts in each series' own units
      expect(Math.min(...want.map((p) => p.value)) / LEVELS[gm.series[k]!.key[0]!]!(0)).toBeGreaterThan(0.5)
    }

    // one batch mixing every series, interleaved window by window
    const rowsOf: number[] = []
    const order: [number, number][] = []
    const longest = Math.max(...per.map((p) => p.W))
    for (let w = 0; w < longest; w++) per.forEach((p, k) => { if (w < p.W) (rowsOf.push(k), order.push([k, w])) })
    const mixed = new Float32Array(order.length * L * D)
    order.forEach(([k, w], b) => mixed.set(per[k]!.windows.subarray(w * L * D, (w + 1) * L * D), b * L * D))
    const y = (await session.run(feeds(table, names, mixed, rowsOf, L, D))).forecast!.data as Float32Array
    await session.release()
    const mixedRel = gm.series.map(() => 0)
    order.forEach(([k, w], b) => {
      for (let o = 0; o < O; o++) mixedRel[k] = Math.max(mixedRel[k]!, rel(pick(y, c.mode, L, O, b, o), blocks[k]!.points[w * O + o]!.value))
    })
    parity.slice(-3).forEach((p, k) => (p.mixedRel = mixedRel[k]!))
    for (const r of mixedRel) expect(r).toBeLessThanOrEqual(TOL)

    // the importer reads the table back and its float32 mirror runs each series as ORT does
    const back = importGlobalOnnx(bytes, { file: 'm.onnx', appVersion: '0.1.0' })
    expect(back.seriesColumns).toEqual(['shop'])
    expect(back.series.map((s) => s.level?.targetLog ?? false)).toEqual(logs)
    back.series.forEach((s, k) => {
      const got = predictWindows({ model: back.model, task: 'regression', scaling: s.scaling, level: s.level }, per[k]!.windows, per[k]!.W)
      for (let i = 0; i < got.length; i++) expect(rel(got[i]!, ortSeries[k]![i]!)).toBeLessThanOrEqual(TOL)
    })
  }, 60_000)

  afterAll(() => {
    fs.mkdirSync('e2e-artifacts', { recursive: true })
    const lines = ['| case | series | windows | max rel err vs app | mixed batch | with the next series\' inputs |', '|---|---|---|---|---|---|',
      ...parity.map((p) => `| ${p.label} | ${p.series} | ${p.windows} | ${p.maxRel.toExponential(2)} | ${p.mixedRel.toExponential(2)} | ${p.swappedRel.toExponential(2)} |`)]
    fs.writeFileSync('e2e-artifacts/onnx-global-parity.md', lines.join('\n') + '\n')
  })
})

describe('a global graph', () => {
  it('is refused by importOnnx with what it is, read by openModelFile (fw predict, the app), and a single-series file refused by importGlobalOnnx', async () => {
    const { gm } = await trained(CASES[0]!)
    const bytes = globalModelOnnx(gm, '0.1.0')
    expect(() => importOnnx(bytes, { file: 'm.onnx', appVersion: '0.1.0' })).toThrow(/^m\.onnx: metadata 'format_version' is 3: the file is the graph of a global model \(one network for many series of \["shop"\]\).*read it with importGlobalOnnx/)
    // fw predict and the app's Apply model open it as what it is, each series with its table values
    const opened = openModelFile(bytes, 'm.onnx', '0.1.0')
    expect(opened.kind).toBe('onnx-global')
    expect(opened.kind === 'onnx-global' && opened.series.map((s) => s.label)).toEqual(gm.series.map((s) => s.label))
    expect(() => importGlobalOnnx(bytes, { file: 'm.onnx', appVersion: '0.0.1' })).toThrow(/written by Forecast Workbench 0\.1\.0 \(export format 3\); this app is 0\.0\.1/)
    const one = gm.series[0]!.m
    const { exportOnnx, onnxScalingFromPipeline } = await import('../export')
    const single = exportOnnx(one.model, { scaling: onnxScalingFromPipeline(one.fitted), featureNames: one.fitted.inputNames, target: 'units', lookBack: 6, horizon: 1, appVersion: '0.1.0', task: 'regression' })
    expect(() => importGlobalOnnx(single, { file: 's.onnx', appVersion: '0.1.0' })).toThrow("s.onnx: metadata 'format_version' is 1, a single-series export; a global model's graph has format 3")
    // a single-series file edited to say format 3 has no series columns to name
    const T = modelProtoType()
    const msg = T.toObject(T.decode(single)) as { metadata_props: { key: string; value: string }[] }
    msg.metadata_props.find((p) => p.key === 'format_version')!.value = '3'
    expect(() => importOnnx(T.encode(T.fromObject(msg)).finish(), { file: 'e.onnx', appVersion: '0.1.0' })).toThrow("e.onnx: metadata 'format_version' is 3, a global model's graph, but the file has no 'series_columns': it is damaged, or was edited")
  }, 60_000)

  it('says which series the run forecast otherwise (a statistical model chosen on validation)', async () => {
    const { gm } = await trained(CASES[0]!)
    const m = gm.series[0]!.m
    const D = m.fitted.D
    const s = (label: string, forecastBy: string | null) => ({ key: [label], label: `shop = ${label}`, scaling: { inputMean: new Array(D).fill(0), inputStd: new Array(D).fill(1), targetMean: [0], targetStd: [1] }, level: null, forecastBy })
    const opts = { featureNames: m.fitted.inputNames, target: 'units', lookBack: 6, horizon: 1, appVersion: '0.1.0', seriesColumns: ['shop'] }
    const meta = metaOf(exportGlobalOnnx(m.model, { ...opts, series: [s('a', null), s('b', 'ETS(A,N,N)')] }))
    expect((JSON.parse(meta['series_table']!) as Entry[]).map((e) => e.forecast_by)).toEqual([undefined, 'ETS(A,N,N)'])
    expect(meta['run_forecast_note']).toBe('This graph is the global network. 1 of 2 series were forecast in the run by another forecaster, chosen on their validation rows (forecast_by in their series_table entry); use the model file (JSON) for their run forecast.')
    expect(metaOf(exportGlobalOnnx(m.model, { ...opts, series: [s('a', null)] }))['run_forecast_note']).toBeUndefined()
    // led inputs make it format 4, still read as a global graph (by its series table), and refused
    // by importOnnx as one; an app that knows format 3 at most refuses it
    const led = exportGlobalOnnx(m.model, { ...opts, series: [s('a', null)], leads: { price: 1 } })
    expect(metaOf(led)['format_version']).toBe('4')
    expect(importGlobalOnnx(led, { file: 'g.onnx', appVersion: '0.1.0' }).leads).toEqual({ price: 1 })
    expect(() => importOnnx(led, { file: 'g.onnx', appVersion: '0.1.0' })).toThrow(/^g\.onnx: metadata 'format_version' is 4: the file is the graph of a global model/)
  }, 60_000)

  it("carries the run's missing-value rule, and each series' own training means, as a single-series file's 'missing'", async () => {
    const { gm } = await trained(CASES[0]!)
    const bytes = globalModelOnnx(gm, '0.1.0')
    // the rule once, without means (they differ per series): metadata 'missing'
    expect(JSON.parse(metaOf(bytes)['missing']!)).toEqual({ default: gm.series[0]!.m.config.missing.default, columns: gm.series[0]!.m.config.missing.columns })
    const g = importGlobalOnnx(bytes, { file: 'g.onnx', appVersion: '0.1.0' })
    expect(g.missing).toEqual(gm.series[0]!.m.config.missing)
    // each series' entry holds its own training means, as its JSON pipeline fills new rows with them
    g.series.forEach((s, k) => expect(s.missing).toEqual({ imputers: gm.series[k]!.m.fitted.imputers, ...(gm.series[k]!.m.fitted.gapFill ? { gapFill: gm.series[k]!.m.fitted.gapFill } : {}) }))
    expect(new Set(g.series.map((s) => s.missing!.imputers['units'])).size).toBe(3) // levels ~10, ~500, ~50,000
    // a file from before carries neither: no rule read
    const m = gm.series[0]!.m
    const D = m.fitted.D
    const s = (label: string, missing?: { imputers: Record<string, number> }) => ({ key: [label], label: `shop = ${label}`, scaling: { inputMean: new Array(D).fill(0), inputStd: new Array(D).fill(1), targetMean: [0], targetStd: [1] }, level: null, missing })
    const opts = { featureNames: m.fitted.inputNames, target: 'units', lookBack: 6, horizon: 1, appVersion: '0.1.0', seriesColumns: ['shop'] }
    const older = importGlobalOnnx(exportGlobalOnnx(m.model, { ...opts, series: [s('a')] }), { file: 'o.onnx', appVersion: '0.1.0' })
    expect(older.missing).toBeNull()
    expect(older.series[0]!.missing).toBeNull()
    // the rule without a series' means cannot be filled by: refused on export, naming the series
    expect(() => exportGlobalOnnx(m.model, { ...opts, missing: { default: 'ffill', columns: {} }, series: [s('a', { imputers: { units: 1 } }), s('b')] })).toThrow("series[1] (shop = b).missing is absent; with the run's missing-value rule every series needs its training means and modes")
  }, 60_000)

  it('names the series whose level steps or scaling cannot share one graph', async () => {
    const { gm } = await trained(CASES[0]!)
    const m = gm.series[0]!.m
    const D = m.fitted.D
    const s = (label: string, relativeInputs: number[], std = 1) => ({ key: [label], label: `shop = ${label}`, scaling: { inputMean: new Array(D).fill(0), inputStd: new Array(D).fill(std), targetMean: [0], targetStd: [1] }, level: { logInputs: [], relativeInputs, targetInput: relativeInputs[0] ?? null, targetLog: false } })
    const opts = { featureNames: m.fitted.inputNames, target: 'units', lookBack: 6, horizon: 1, appVersion: '0.1.0', seriesColumns: ['shop'] }
    expect(() => exportGlobalOnnx(m.model, { ...opts, series: [s('a', [0]), s('b', [])] })).toThrow(ExportError)
    expect(() => exportGlobalOnnx(m.model, { ...opts, series: [s('a', [0]), s('b', [])] })).toThrow(/^series\[1\] \(shop = b\)\.level takes inputs \[\] relative/)
    expect(() => exportGlobalOnnx(m.model, { ...opts, series: [s('a', [0]), s('b', [0], 0)] })).toThrow("series[1] (shop = b).scaling.inputStd[0] is 0; a constant column cannot be scaled")
    expect(() => exportGlobalOnnx(m.model, { ...opts, series: [s('a', [0]), s('a', [0])] })).toThrow('series[1] (shop = a).key repeats the id ["a"] of an earlier series')
  }, 60_000)
})
