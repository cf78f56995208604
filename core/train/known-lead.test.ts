// Inputs known in the future are led by the horizon (InputBlock.lead): the window ending at t holds
// their values up to t + h, so the network sees the promotion (or the calendar) of the row it
// forecasts. Before, a window ending at t held them only up to t, and a promotion on the forecast
// day never reached the network.
import { describe, expect, it } from 'vitest'
import { applyFitted, applyScaler, gatherBatch, importCsv, preparePipeline, type Dataset } from '../data'
import { createModel, Rng } from '../engine'
import { exportOnnx } from '../export/onnx'
import { importOnnx } from '../export/onnx-import'
import { modelProtoType } from '../export/onnx/onnx-proto'
import { pipelineOnnx } from '../services/run-export'
import { ledNote, predictOnnxRows } from '../services/onnx-predict'
import { resolveConfig } from './config'
import { explainRun, inputLagWords } from './explain-run'
import { forecastAhead, ForecastError, loadModelFile, predictWindows, windowsLeftOut, type LoadedModel } from './forecast'
import { prepareRun, toPipelineConfig } from './prepare'
import { runTraining } from './run'

const DAY = 864e5
const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * DAY).toISOString().slice(0, 10)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }

/** A promotion on about 3 days in 10 (a fixed pseudo-random draw) lifts sales by 40 on its own day. */
const promoOf = (i: number) => ((i * 2654435761) >>> 0) % 10 < 3 ? 1 : 0
function csv(n: number, future = 0, edit?: (i: number, f: string[]) => void): string {
  const lines = ['date,sales,promo']
  for (let i = 0; i < n + future; i++) {
    const noise = ((((i * 48271) >>> 0) % 1000) / 1000 - 0.5) * 4 // in [-2, 2)
    const f = [day(i), i < n ? (100 + 40 * promoOf(i) + noise).toFixed(2) : '', String(promoOf(i))]
    edit?.(i, f)
    lines.push(f.join(','))
  }
  return lines.join('\n') + '\n'
}
const onnxMeta = (bytes: Uint8Array): Record<string, string> => {
  const T = modelProtoType()
  const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
  return Object.fromEntries(msg.metadata_props.map((p) => [p.key, p.value]))
}
const load = (text: string) => importCsv(text, { fileName: 'promo.csv' })

async function trained(text: string, data: Record<string, unknown>, epochs = 2, forecaster = 'network'): Promise<{ m: LoadedModel; file: unknown; result: Awaited<ReturnType<typeof runTraining>> }> {
  const config = resolveConfig({
    data: { target: 'sales', features: ['promo'], known: ['promo'], lookBack: 7, ...data } as never,
    model: { cell: 'gru', hiddenSize: 8, forecaster } as never,
    training: { epochs, batchSize: 32, seed: 4 }
  })
  const result = await runTraining({ config, dataset: await load(text), appVersion: '0.1.0' }, hooks)
  const file = JSON.parse(JSON.stringify(result!.modelFile))
  return { m: loadModelFile(file, '0.1.0'), file, result }
}

describe('inputs known in the future are led by the horizon', () => {
  it('the pipeline: row r of a known block holds its value at r + h; the last h rows hold NaN, which no window reads', async () => {
    const ds = await load(csv(200, 5))
    const config = resolveConfig({ data: { target: 'sales', features: ['promo'], known: ['promo'], lookBack: 7, horizon: 3, calendar: ['dow'] } })
    const p = preparePipeline(ds, toPipelineConfig(config, ds))
    expect(p.N).toBe(200) // the 5 future rows are cut before the split
    const promo = p.fitted.inputs.find((b) => b.column === 'promo')!
    expect(promo).toMatchObject({ known: true, lead: 3 })
    expect(p.fitted.inputs.filter((b) => b.column.startsWith('cal:')).map((b) => b.lead)).toEqual([3, 3])
    expect(p.fitted.inputs.find((b) => b.column === 'sales')!.lead).toBeUndefined()
    const s = p.fitted.scalers['promo']!
    for (let r = 0; r < 197; r++) expect(p.inputs[r * p.D + promo.offset]).toBeCloseTo(applyScaler(s, promoOf(r + 3)), 6)
    for (let r = 197; r < 200; r++) expect(p.inputs[r * p.D + promo.offset]).toBeNaN()
    // the target's own input is not led
    const sales = p.fitted.inputs.find((b) => b.column === 'sales')!
    expect(p.inputs[10 * p.D + sales.offset]).toBeCloseTo(applyScaler(p.fitted.scalers['sales']!, Number(csv(200).split('\n')[11]!.split(',')[1])), 5)
    for (const split of ['train', 'val', 'test'] as const) {
      const w = p.windows[split]
      const b = gatherBatch(p, w, Array.from({ length: w.starts.length }, (_, i) => i))
      expect(b.x.some((v) => v !== v)).toBe(false)
    }
  })

  it('the network learns the promotion of the day it forecasts: test MAE far below every baseline of the same run, and the run\'s forecast is the network alone', async () => {
    const { result } = await trained(csv(400), {}, 40, 'auto')
    // the statistical models cannot see the promotion: the mean with them would dilute it (choice.ts)
    expect(result!.choice!.chosen).toBe('network')
    expect(result!.choice!.message).toMatch(/^the network reads promo, which the statistical models do not see, and forecasts much better on validation/)
    const maes = result!.metrics.filter((r) => r.split === 'test' && r.metric === 'mae' && r.value !== null)
    const model = maes.find((r) => r.model === 'model')!.value!
    const baselines = maes.filter((r) => r.model !== 'model').map((r) => r.value!)
    expect(baselines.length).toBeGreaterThan(3)
    // sales move by 40 with the promotion and by at most 2 otherwise; a network that did not see the
    // forecast day's promotion scored as the baselines do (test MAE 18.5 against naive's 23.2)
    expect(model).toBeLessThan(0.3 * Math.min(...baselines))
  }, 120_000)

  it('a forecast reads the known value at its own row: step 1 moves with the first future day\'s promotion, not with a later one', async () => {
    const { m } = await trained(csv(300, 10), {}, 15)
    const base = applyFitted(await load(csv(300, 10)), m.config, m.fitted)
    const flip = (at: number) => (i: number, f: string[]) => void (i === at && (f[2] = String(1 - promoOf(at))))
    const step1 = (a: typeof base) => forecastAhead(m, a, 1)[0]!.value
    const first = applyFitted(await load(csv(300, 10, flip(300))), m.config, m.fitted)
    const later = applyFitted(await load(csv(300, 10, flip(301))), m.config, m.fitted)
    expect(Math.abs(step1(first) - step1(base))).toBeGreaterThan(5) // trained: a promotion is worth about 40
    expect(step1(later)).toBe(step1(base))
    // and step 2 moves with the second day's
    expect(Math.abs(forecastAhead(m, later, 2)[1]!.value - forecastAhead(m, base, 2)[1]!.value)).toBeGreaterThan(5)
    // without the future rows even step 1 is refused, naming the day it needs
    const none = applyFitted(await load(csv(300)), m.config, m.fitted)
    expect(() => forecastAhead(m, none, 1)).toThrow(ForecastError)
    expect(() => forecastAhead(m, none, 1)).toThrow(`"promo" has no future value at ${day(300)}`)
  }, 120_000)

  it('a forecast needs the known values its windows read, no more: step 1 of a horizon-3 model reads the first future day\'s only', async () => {
    const { m } = await trained(csv(120, 1), { horizon: 3 })
    const a = applyFitted(await load(csv(120, 1)), m.config, m.fitted)
    expect(forecastAhead(m, a, 1)).toHaveLength(1)
    expect(() => forecastAhead(m, a, 2)).toThrow(`"promo" has no future value at ${day(121)}: forecasting 2 steps ahead reads its values up to ${day(121)}`)
  }, 60_000)

  it('a log-transformed target: the future rows\' empty target is no value <= 0, and the forecast goes past the end', async () => {
    const { m } = await trained(csv(120, 4), { transform: 'log' })
    expect(m.fitted.target).toMatchObject({ transform: 'log' })
    const points = forecastAhead(m, applyFitted(await load(csv(120, 4)), m.config, m.fitted), 4)
    expect(points.map((p) => new Date(p.time!).toISOString().slice(0, 10))).toEqual([120, 121, 122, 123].map(day))
    expect(points.every((p) => p.value > 0)).toBe(true)
  }, 60_000)

  it('predictWindows leaves out the windows whose forecast day has no known value, and keeps them when the file gives it', async () => {
    const { m } = await trained(csv(120, 3), { horizon: 2 })
    const [a0, a3] = [applyFitted(await load(csv(120)), m.config, m.fitted), applyFitted(await load(csv(120, 3)), m.config, m.fitted)]
    const without = predictWindows(m, a0)
    const withFuture = predictWindows(m, a3)
    expect(windowsLeftOut(m, a0, without)).toBe('the last 2 windows are left out: promo is known in the future and read 2 rows ahead, and the data has no value for their forecast rows; add rows after the last target value (the target left empty) with those values')
    expect(windowsLeftOut(m, a3, withFuture)).toBeNull()
    // windows end at rows 6 .. 119 and forecast 2 rows ahead: without future rows the last two
    // (forecasting rows 120 and 121) would read promo past the data
    expect(without.length).toBe(120 - 7 + 1 - 2)
    expect(without.at(-1)!.row).toBe(119)
    expect(withFuture.length).toBe(120 - 7 + 1)
    expect(withFuture.at(-1)!.row).toBe(121)
    expect(withFuture.every((p) => Number.isFinite(p.value))).toBe(true)
    // the windows both have agree
    without.forEach((p, i) => expect(withFuture[i]!.value).toBeCloseTo(p.value, 9))
  }, 60_000)

  it('backtest: the folds end at the last target value (future rows hold nothing to score), each scored with the led input', async () => {
    const { backtest } = await import('./backtest')
    const config = resolveConfig({ data: { target: 'sales', features: ['promo'], known: ['promo'], lookBack: 7 }, model: { hiddenSize: 6, forecaster: 'network' }, training: { epochs: 2, seed: 1 } })
    const [withFuture, plain] = [await load(csv(200, 10)), await load(csv(200))]
    const a = await backtest(config, withFuture, { words: 'app', folds: 2 })
    const b = await backtest(config, plain, { words: 'app', folds: 2 })
    expect(a.map((f) => [f.trainRows, f.testRows])).toEqual([[140, 30], [170, 30]])
    expect(a.map((f) => [f.trainRows, f.testRows])).toEqual(b.map((f) => [f.trainRows, f.testRows]))
    for (const f of a) expect(Number.isFinite(f.metrics.find((m) => m.model === 'model' && m.metric === 'mae')!.value)).toBe(true)
  }, 60_000)

  it('a run stored before the lead is rebuilt as it trained: its stored config reads knownLead false, and its inputs are not led', async () => {
    const { withStoredDefaults } = await import('./config')
    const ds = await load(csv(120))
    const fresh = resolveConfig({ data: { target: 'sales', features: ['promo'], known: ['promo'], lookBack: 7 } })
    expect(fresh.data.knownLead).toBe(true)
    // a config as such a run stored it: resolved, without the field
    const stored = JSON.parse(JSON.stringify(fresh)) as { data: Record<string, unknown> }
    delete stored.data['knownLead']
    const old = resolveConfig(withStoredDefaults(stored))
    expect(old.data.knownLead).toBe(false)
    const pOld = preparePipeline(ds, toPipelineConfig(old, ds))
    const pNew = preparePipeline(ds, toPipelineConfig(resolveConfig(withStoredDefaults(JSON.parse(JSON.stringify(fresh)))), ds))
    const block = (p: typeof pOld) => p.fitted.inputs.find((b) => b.column === 'promo')!
    expect(block(pOld).lead).toBeUndefined()
    expect(block(pNew).lead).toBe(1)
    expect(pOld.inputs[119 * pOld.D + block(pOld).offset]).toBeCloseTo(applyScaler(pOld.fitted.scalers['promo']!, promoOf(119)), 6)
    // runs without inputs known in the future carry no such field, stored or not
    expect(resolveConfig({ data: { target: 'sales', features: ['promo'] } }).data.knownLead).toBeUndefined()
    expect(resolveConfig(withStoredDefaults({ data: { target: 'sales', features: ['promo'] } })).data.knownLead).toBeUndefined()
    expect(() => resolveConfig({ data: { target: 'sales', features: ['promo'], known: ['promo'], knownLead: 'yes' } })).toThrow(/data.knownLead/)
  })

  it('a model file that leads inputs is version 2, which an app from before leads refuses; one that does not stays version 1', async () => {
    const { file } = await trained(csv(120), {}, 1)
    expect((file as { version: number }).version).toBe(2)
    const { file: plain } = await trained(csv(120), { known: [] }, 1)
    expect((plain as { version: number }).version).toBe(1)
    expect((plain as { pipeline: { fitted: { inputs: { lead?: number }[] } } }).pipeline.fitted.inputs.some((b) => b.lead)).toBe(false)
  }, 60_000)

  it('a model file from before leads keeps its meaning: each row its own values, steps within the horizon without future values', async () => {
    const { file } = await trained(csv(120, 3), {})
    const old = JSON.parse(JSON.stringify(file)) as { pipeline: { fitted: { inputs: { lead?: number }[] } } }
    for (const b of old.pipeline.fitted.inputs) delete b.lead
    const m = loadModelFile(old, '0.1.0')
    const a = applyFitted(await load(csv(120)), m.config, m.fitted)
    const promo = m.fitted.inputs.find((b) => b.column === 'promo')!
    expect(a.inputs[119 * a.D + promo.offset]).toBeCloseTo(applyScaler(m.fitted.scalers['promo']!, promoOf(119)), 6)
    // as before leads: one step (the horizon) reads only the data's rows
    expect(forecastAhead(m, a, 1)).toHaveLength(1)
    expect(() => forecastAhead(m, a, 2)).toThrow(`"promo" has no future value at ${day(120)}`)
  }, 60_000)

  it('explain: by default the last forecast whose window holds its led values, said in a note; a window past them is refused', async () => {
    const ds = await load(csv(200))
    const config = resolveConfig({ data: { target: 'sales', features: ['promo'], known: ['promo'], lookBack: 7, horizon: 2 } })
    const run = prepareRun(config, ds)
    const model = createModel(run.spec, new Rng(3), 'float64')
    const s = { model, prep: run.prep, lookback: 7, horizon: 2, direct: false, choice: null }
    const e = explainRun(s, { localOnly: true })
    expect(e.at.end).toBe(197)
    expect(e.at.row).toBe(199)
    expect(e.notes.join(' ')).toContain(`this explains the last forecast whose inputs it gives, of ${day(199)}`)
    // promo is read 2 rows ahead: its newest window row holds the forecast step's own promo, labelled
    // so (not "lag 2", the row's distance), the row before it lag 1; the target's newest is lag 2
    const [promo, sales] = [e.inputNames.indexOf('promo'), e.inputNames.indexOf('sales')]
    expect([inputLagWords(e, 6, promo), inputLagWords(e, 5, promo), inputLagWords(e, 6, sales)]).toEqual(['the forecast step', 'lag 1', 'lag 2'])
    expect(e.notes.join(' ')).not.toContain('at lag k')
    expect(() => explainRun(s, { end: 199, localOnly: true })).toThrow(`the forecast of ${day(201)} reads promo up to 2 rows past the data, values the run's data does not give; forecasts up to ${day(199)} can be explained`)
  })

  it('ONNX: the file names the led inputs, and fw predict with it leads them as the model file does', async () => {
    const text = csv(150)
    const { m } = await trained(text, { horizon: 2 })
    const bytes = pipelineOnnx(m.model, m.fitted, { target: 'sales', lookBack: 7, horizon: 2, appVersion: '0.1.0', task: 'regression', choice: null })
    const imported = importOnnx(bytes, { file: 'm.onnx', appVersion: '0.1.0' })
    expect(imported.leads).toEqual({ promo: 2 })
    // format 4, which an app from before leads (formats up to 3) refuses rather than reading the
    // led column unled; its level steps are read back as format 2's
    expect(onnxMeta(bytes)['format_version']).toBe('4')
    expect(imported.level).not.toBeNull()
    // a format-4 file without lead_inputs (edited) is refused, not read unled
    const T = modelProtoType()
    const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
    msg.metadata_props = msg.metadata_props.filter((p) => p.key !== 'lead_inputs')
    expect(() => importOnnx(T.encode(T.fromObject(msg)).finish(), { file: 'e.onnx', appVersion: '0.1.0' })).toThrow("e.onnx: metadata 'lead_inputs' is missing; format 4 is written for a model that reads inputs ahead of the window's rows, and names them there: the file is damaged, or was edited")
    expect(onnxMeta(pipelineOnnx(m.model, { ...m.fitted, inputs: m.fitted.inputs.map(({ lead: _, ...b }) => b) }, { target: 'sales', lookBack: 7, horizon: 2, appVersion: '0.1.0', task: 'regression', choice: null }))['format_version']).toBe('2')
    // exported again from what was read: the same metadata
    expect(importOnnx(exportOnnx(imported.model, { ...imported, appVersion: '0.1.0' }), { file: 'again.onnx', appVersion: '0.1.0' }).leads).toEqual({ promo: 2 })
    const ds: Dataset = await load(text)
    const onnx = predictOnnxRows(imported, ds)
    const json = predictWindows(m, applyFitted(ds, m.config, m.fitted))
    expect(onnx.led).toEqual({ features: ['promo'], windows: 2 })
    expect(onnx.rows.length).toBe(json.length)
    onnx.rows.forEach((r, i) => {
      expect(r.ts).toBe(json[i]!.time)
      expect(Math.abs(r.value - json[i]!.value)).toBeLessThan(1e-4 * Math.max(1, Math.abs(json[i]!.value)))
    })
    // a file with future rows (sales empty, promo given): no window ends on them (their sales would
    // be a fill), and the last windows read their promo, as the JSON model file reads them
    const withFuture: Dataset = await load(csv(150, 3))
    const onnxF = predictOnnxRows(imported, withFuture)
    const jsonF = predictWindows(m, applyFitted(withFuture, m.config, m.fitted))
    expect(onnxF.led).toBeNull()
    expect(onnxF.gaps.find((g) => g.column === 'sales')?.cells).toBe(0) // the future rows' empty sales are read by no window
    expect(onnxF.rows.map((r) => r.ts)).toEqual(jsonF.map((p) => p.time))
    expect(onnxF.rows.at(-1)!.ts).toBe(Date.parse(day(151)))
    onnxF.rows.forEach((r, i) => expect(Math.abs(r.value - jsonF[i]!.value)).toBeLessThan(1e-4 * Math.max(1, Math.abs(jsonF[i]!.value))))
    // under the run's rule 'drop' (metadata 'missing'), a row missing its promo is left out, but not
    // the future rows, whose sales are empty: they give the led values, as the JSON model file keeps them
    const drop = { ...m, config: { ...m.config, missing: { default: 'drop' as const, columns: {} } } }
    const dropOnnx = importOnnx(pipelineOnnx(m.model, m.fitted, { target: 'sales', lookBack: 7, horizon: 2, appVersion: '0.1.0', task: 'regression', choice: null, missing: drop.config.missing }), { file: 'd.onnx', appVersion: '0.1.0' })
    const gap: Dataset = await load(csv(150, 3, (i, f) => void (i === 60 && (f[2] = ''))))
    const onnxD = predictOnnxRows(dropOnnx, gap)
    const jsonD = predictWindows(drop, applyFitted(gap, drop.config, m.fitted))
    expect([onnxD.dropped, onnxD.led]).toEqual([1, null])
    expect(onnxD.rows.map((r) => r.ts)).toEqual(jsonD.map((p) => p.time))
    onnxD.rows.forEach((r, i) => expect(Math.abs(r.value - jsonD[i]!.value)).toBeLessThan(1e-4 * Math.max(1, Math.abs(jsonD[i]!.value))))
  }, 60_000)

  it('ONNX: the future rows are not filled, as the model file leaves them: a window that reads a missing future value is left out, and the gap is not counted', async () => {
    const { m } = await trained(csv(150), { horizon: 2 })
    const imported = importOnnx(pipelineOnnx(m.model, m.fitted, { target: 'sales', lookBack: 7, horizon: 2, appVersion: '0.1.0', task: 'regression', choice: null, missing: m.config.missing }), { file: 'm.onnx', appVersion: '0.1.0' })
    expect(imported.missing?.default).toBe('interpolate') // the premise: the run's rule fills gaps
    // 3 future rows (sales empty), the second one's promo missing: the JSON model file leaves it NaN
    const gap: Dataset = await load(csv(150, 3, (i, f) => void (i === 151 && (f[2] = ''))))
    const onnx = predictOnnxRows(imported, gap)
    const json = predictWindows(m, applyFitted(gap, m.config, m.fitted))
    // the window ending on row 149 reads promo of row 151: left out by both (before: filled and forecast)
    expect(json.map((p) => p.time)).not.toContain(Date.parse(day(151)))
    expect(onnx.rows.map((r) => r.ts)).toEqual(json.map((p) => p.time))
    onnx.rows.forEach((r, i) => expect(Math.abs(r.value - json[i]!.value)).toBeLessThan(1e-4 * Math.max(1, Math.abs(json[i]!.value))))
    // no fill in the future rows, so none counted (before: "promo: 1 cell")
    expect(onnx.gaps.find((g) => g.column === 'promo')?.cells).toBe(0)
    expect(onnx.led).toEqual({ features: ['promo'], windows: 0, unread: 1 })
    expect(ledNote(onnx.led!)).toBe('a window reads a missing value of promo in a row after the last target value, and is left out, as the JSON model file leaves it out (it fills no gap in those rows)')
  }, 60_000)

  it('ONNX with calendar inputs: the file carries the calendar, and fw predict derives its columns from the time column', async () => {
    const text = csv(150)
    const { m } = await trained(text, { features: [], known: undefined, calendar: ['dow', 'holiday'], holidays: ['2024-02-14', '2024-03-01'] })
    const bytes = pipelineOnnx(m.model, m.fitted, { target: 'sales', lookBack: 7, horizon: 1, appVersion: '0.1.0', task: 'regression', choice: null, calendar: m.config.calendar })
    const imported = importOnnx(bytes, { file: 'c.onnx', appVersion: '0.1.0' })
    expect(imported.calendar).toEqual({ features: ['dow', 'holiday'], holidays: ['2024-02-14', '2024-03-01'] })
    expect(imported.leads).toEqual({ 'cal:dow.sin': 1, 'cal:dow.cos': 1, 'cal:holiday': 1 })
    const ds: Dataset = await load(text)
    const onnx = predictOnnxRows(imported, ds)
    // the model file computes the calendar of the day past the end; the ONNX path reads the file's
    // rows only, so it leaves the last window out, with its note
    const json = predictWindows(m, applyFitted(ds, m.config, m.fitted))
    expect(onnx.led).toEqual({ features: ['cal:dow.sin', 'cal:dow.cos', 'cal:holiday'], windows: 1 })
    expect(onnx.rows.length).toBe(json.length - 1)
    onnx.rows.forEach((r, i) => {
      expect(r.ts).toBe(json[i]!.time)
      expect(Math.abs(r.value - json[i]!.value)).toBeLessThan(1e-4 * Math.max(1, Math.abs(json[i]!.value)))
    })
  }, 60_000)

  it('ONNX of a direct model: fw predict gives each window\'s steps 1..h, as the model file does, not a class index', async () => {
    const text = csv(150)
    const { m } = await trained(text, { horizon: 3, direct: true })
    const bytes = pipelineOnnx(m.model, m.fitted, { target: 'sales', lookBack: 7, horizon: 3, appVersion: '0.1.0', task: 'regression', choice: null })
    const imported = importOnnx(bytes, { file: 'd.onnx', appVersion: '0.1.0' })
    const ds: Dataset = await load(text)
    const onnx = predictOnnxRows(imported, ds)
    const json = predictWindows(m, applyFitted(ds, m.config, m.fitted))
    expect(onnx.rows.length).toBe(json.length)
    expect(onnx.rows.slice(0, 3).map((r) => r.step)).toEqual([1, 2, 3])
    onnx.rows.forEach((r, i) => {
      expect([r.ts, r.step]).toEqual([json[i]!.time, json[i]!.step])
      expect(Math.abs(r.value - json[i]!.value)).toBeLessThan(1e-4 * Math.max(1, Math.abs(json[i]!.value)))
    })
    expect(Math.min(...onnx.rows.map((r) => r.value))).toBeGreaterThan(50) // sales, not 0, 1, 2
  }, 60_000)
})
