// The Export view's verbs over a real store with one real (tiny) training: ONNX, XLSX, HTML report,
// the CSV locale, and a model file (JSON or ONNX) applied to a stored dataset.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importOnnx, SHEETS } from '../../core/export'
import { fromStoredDataset } from '../../core/services/datasets'
import { openStore } from '../../core/store'
import { resolveConfig } from '../../core/train/config'
import { runTraining } from '../../core/train/run'
import type { TrainResult } from '../../core/train/types'
import type { RunExplanation } from '../../core/train/explain-run'
import { LIMITS, type ChoiceSummary, type FileBytes, type FileText, type ModelPrediction } from '../contract'
import { forecasterWords, labelWords } from '../../core/export/verdict'
import { decodeWire, encodeWire } from '../web/wire'
import { createDispatcher, createWorkbench } from './handlers'
import { createStoreSink } from '../../core/services/store-sink'
import type { TrainerHost } from '../../core/services/trainer-host'
import { answered, exportWorkerBundle, sinkHooks } from './testing'

const VERSION = '0.1.0'
const store = openStore(join(mkdtempSync(join(tmpdir(), 'fw-export-')), 'runs.db'), { appVersion: VERSION })
afterAll(() => store.close())
const fakeHost = { start: () => new Promise(() => {}), resume: () => new Promise(() => {}), cancel: async () => true, active: () => [], queued: () => [], onEvent: () => () => {} } as unknown as TrainerHost
const workbench = (version: string) => {
  const wb = createWorkbench({ store, samplesDir: tmpdir(), version, mode: 'web', broadcast: () => {}, storeSink: createStoreSink(store) })
  wb.attachHost(fakeHost)
  return wb
}
const wb = workbench(VERSION)
const d = createDispatcher(wb.impl)
const ok = <T>(verb: string, req?: unknown, via = d): Promise<T> => answered<T>(via, verb, req)
async function fails(verb: string, req: unknown, via = d) {
  const r = await via.dispatch(verb, req)
  if (r.ok) throw new Error(`${verb} should have failed`)
  return r.error
}

const N = 40
const L = 3
const day = 86_400_000
const columns = (withSky: boolean) => [
  { kind: 'date' as const, name: 'when', values: Float64Array.from({ length: N }, (_, i) => Date.UTC(2021, 0, 1) + i * day), format: 'iso' as const, hasTime: false },
  { kind: 'numeric' as const, name: 'temp', values: Float64Array.from({ length: N }, (_, i) => 10 + i + 3 * Math.sin(i)) },
  ...(withSky ? [{ kind: 'categorical' as const, name: 'sky', codes: Int32Array.from({ length: N }, (_, i) => i % 2), levels: ['sun', 'rain'] }] : [])
]

let datasetId = 0
let noSkyId = 0
let runId = 0
let result: TrainResult

beforeAll(async () => {
  datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'w.csv', sourceFile: null, columns: columns(true) })).datasetId
  noSkyId = (await ok<{ datasetId: number }>('saveDataset', { name: 'no-sky.csv', sourceFile: null, columns: columns(false) })).datasetId
  const config = resolveConfig({ data: { target: 'temp', time: 'when', lookBack: L, features: ['sky'] }, model: { forecaster: 'network' }, training: { epochs: 3 } })
  ;({ result, runId } = await trainStored(datasetId, config))
})

/** Starts a run of `config` on a stored dataset and trains it here, as the trainer would, through
 *  the store sink: its result and the id of the run stored. */
async function trainStored(dsId: number, config: ReturnType<typeof resolveConfig>): Promise<{ result: TrainResult; runId: number }> {
  // the trainer host's key for the start; its run is stored at 'started'
  const id = `start ${(await ok<{ startId: number }>('startRun', { datasetId: dsId, config })).startId}`
  const trained = (await runTraining({ config, dataset: fromStoredDataset(store.datasets.load(dsId)) }, sinkHooks(wb.sink, id)))!
  wb.sink.onDone(id, trained)
  return { result: trained, runId: Math.max(...store.runs.list().map((r) => r.id)) }
}

describe('exporting a trained run', () => {
  it('writes the ONNX model as plain bytes that import back with the run\'s inputs', async () => {
    const f = await ok<FileBytes>('exportOnnx', { runId })
    expect(f.fileName).toBe(`model-run-${runId}.onnx`)
    // a Buffer would reach the page as { type: 'Buffer', data } in browser mode
    expect(Object.getPrototypeOf(f.bytes)).toBe(Uint8Array.prototype)
    const m = importOnnx(f.bytes, { file: f.fileName, appVersion: VERSION })
    expect(m.featureNames).toEqual(['temp', 'sky=sun', 'sky=rain'])
    expect([m.target, m.lookBack, m.horizon, m.appVersion]).toEqual(['temp', L, 1, VERSION])
  })

  it('writes the four-sheet XLSX with one forecast row per test forecast', async () => {
    const f = await ok<FileBytes>('exportXlsx', { runId })
    expect(f.fileName).toBe(`forecast-run-${runId}.xlsx`)
    expect(Object.getPrototypeOf(f.bytes)).toBe(Uint8Array.prototype)
    const wbk = new ExcelJS.Workbook()
    await wbk.xlsx.load(f.bytes.buffer.slice(f.bytes.byteOffset, f.bytes.byteOffset + f.bytes.byteLength) as ArrayBuffer)
    expect(wbk.worksheets.map((s) => s.name)).toEqual([SHEETS.forecast, SHEETS.metrics, SHEETS.config, SHEETS.data, SHEETS.about])
    const sheet = wbk.getWorksheet(SHEETS.forecast)!
    expect(sheet.rowCount).toBe(1 + result.forecasts.length)
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    const first = sheet.getRow(2).values as unknown[]
    expect(first[1 + header.indexOf('time')]).toBeInstanceOf(Date)
    expect(first[1 + header.indexOf('forecast')]).toBeCloseTo(result.forecasts[0]!.value, 9)
    // the Data sheet names the run's time column, which a dataset stored by the app keeps in the config only
    const data = wbk.getWorksheet(SHEETS.data)!
    const rows = data.getSheetValues().filter(Boolean) as unknown[][]
    const head = rows.find((r) => r.includes('time column'))!
    expect(rows[rows.indexOf(head) + 1]![head.indexOf('time column')]).toBe('when')
  })

  it('writes the self-contained HTML report', async () => {
    const f = await ok<FileText>('exportReport', { runId })
    expect(f.fileName).toBe(`report-run-${runId}.html`)
    expect(f.text.slice(0, 15).toLowerCase()).toBe('<!doctype html>')
    expect(f.text).toContain('<svg')
    expect(f.text).not.toMatch(/\b(src|href)="https?:/)
  })

  it('writes the forecast CSV with a semicolon and a decimal comma for de-DE', async () => {
    const en = (await ok<FileText>('exportForecastCsv', { runId, locale: 'en-US' })).text
    const de = (await ok<FileText>('exportForecastCsv', { runId, locale: 'de-DE' })).text
    expect(en).toBe((await ok<FileText>('exportForecastCsv', { runId })).text)
    const a = Papa.parse<string[]>(en.trim(), { delimiter: ',' }).data
    const b = Papa.parse<string[]>(de.trim(), { delimiter: ';' }).data
    expect(b[0]).toEqual(a[0])
    const col = a[0]!.indexOf('forecast')
    expect(b).toHaveLength(1 + result.forecasts.length)
    for (let i = 1; i < a.length; i++) {
      expect(b[i]![col]).toBe(a[i]![col]!.replace('.', ','))
      expect(Number(a[i]![col])).toBeCloseTo(result.forecasts[i - 1]!.value, 9)
    }
  })
})

describe('explaining a forecast of a trained run (Evaluate\'s "why this forecast")', () => {
  it('explains the clicked test forecast by its time; importance on validation only when asked; a time with no row is refused', async () => {
    const f = result.forecasts[2]!
    const e = await ok<RunExplanation>('explainForecast', { runId, ts: f.ts })
    expect(e.at.time).toBe(f.ts)
    expect(e.at.forecast).toBeCloseTo(f.value, 4) // forecaster 'network': the run's forecast is the network's
    expect(e.at.attributions).toHaveLength(L)
    expect(e.at.attributions[0]).toHaveLength(3) // temp, sky=sun, sky=rain
    expect(e.global).toBeNull()
    const g = await ok<RunExplanation>('explainForecast', { runId, ts: f.ts, global: true })
    expect(g.global!.meanAbs).toHaveLength(L)
    // the budget set in the panel reaches the explanation: 0 refines no window
    const none = await ok<RunExplanation>('explainForecast', { runId, ts: f.ts, global: true, refineBudget: 0 })
    expect([none.global!.refineBudget, none.global!.refineEvaluations]).toEqual([0, 0])
    expect((await fails('explainForecast', { runId, ts: f.ts, global: true, refineBudget: -1 })).code).toBe('invalid-payload')
    expect((await fails('explainForecast', { runId, ts: f.ts + 1 })).code).toBe('not-found')
  })
})

describe('applying a model file to a stored dataset', () => {
  let json: Uint8Array
  let onnx: Uint8Array
  beforeAll(async () => {
    json = new TextEncoder().encode((await ok<FileText>('exportModel', { runId })).text)
    onnx = (await ok<FileBytes>('exportOnnx', { runId })).bytes
  })

  it('forecasts every window with the JSON model file, as `fw predict` does', async () => {
    const p = await ok<ModelPrediction>('predictWithModel', { datasetId, fileName: `model-run-${runId}.json`, bytes: json })
    expect(p).toMatchObject({ kind: 'json', target: 'temp', lookBack: L, horizon: 1, hasTime: true })
    expect(p.rows).toHaveLength(N - L + 1)
    // the window ending at row L-1 forecasts row L; the last one forecasts the day after the data
    expect(p.rows[0]).toMatchObject({ ts: Date.UTC(2021, 0, 1) + L * day, step: 1, actual: 10 + L + 3 * Math.sin(L) })
    expect(p.rows.at(-1)).toMatchObject({ ts: Date.UTC(2021, 0, 1) + N * day, actual: null })
    // the run's test forecasts are these windows' forecasts, with the same interval (or none)
    const byTs = new Map(p.rows.map((r) => [r.ts, r]))
    const stored = (await ok<{ forecasts: { ts: number; value: number; lower: number | null; upper: number | null }[] }>('getRun', { runId })).forecasts
    expect(stored.length).toBeGreaterThan(0)
    for (const f of stored) {
      const r = byTs.get(f.ts)!
      expect(r.value).toBeCloseTo(f.value, 5)
      for (const k of ['lower', 'upper'] as const) {
        if (f[k] === null) expect(r[k]).toBeNull()
        else expect(r[k]).toBeCloseTo(f[k]!, 5)
      }
    }
    const csv = Papa.parse<string[]>(p.csv.text.trim()).data
    expect(p.csv.fileName).toBe(`predictions-model-run-${runId}.csv`)
    expect(csv[0]).toEqual(['time', 'step', 'forecast', 'lower', 'upper', 'actual'])
    expect(csv.slice(1).map((r) => Number(r[2]))).toEqual(p.rows.map((r) => Number(r.value.toPrecision(15)))) // the CSV's 15 digits
    // what made them, in the words of the run's own verdict
    const run = await ok<{ choice?: ChoiceSummary | null }>('getRun', { runId })
    expect(run.choice).toBeTruthy()
    expect(p.forecaster).toBe(forecasterWords(run.choice, 'regression'))
  })

  it('forecasts the same values with the ONNX export (no interval)', async () => {
    const fromJson = await ok<ModelPrediction>('predictWithModel', { datasetId, fileName: 'm.json', bytes: json })
    const p = await ok<ModelPrediction>('predictWithModel', { datasetId, fileName: 'm.onnx', bytes: onnx })
    expect(p).toMatchObject({ kind: 'onnx', target: 'temp', lookBack: L, horizon: 1, hasTime: true })
    expect(p.rows.map((r) => r.ts)).toEqual(fromJson.rows.map((r) => r.ts))
    p.rows.forEach((r, i) => {
      expect(Math.abs(r.value - fromJson.rows[i]!.value)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(r.value)))
      expect([r.lower, r.upper]).toEqual([null, null])
    })
    expect(p.notes.join(' ')).toMatch(/no prediction interval/i)
    // the graph is the network alone; where the run's forecast was something else, that is said
    expect(p.forecaster).toMatch(/^the network alone/)
    const choice = (await ok<{ choice?: ChoiceSummary | null }>('getRun', { runId })).choice!
    const said = p.notes.find((n) => n.startsWith("The run's forecast was"))
    expect(said ?? null).toBe(choice.network < 1 ? `The run's forecast was ${labelWords(choice.label)}; this ONNX graph is its network only, so these are the network's forecasts. Apply the run's JSON model file for the run's own forecast.` : null)
  })

  // Exploratory pass 16: Apply model stored the file it was applied to (datasets 7-10, no run
  // using them), while Stored datasets says a file is kept when a run first trains on it.
  it('applies a model to the columns of a file not stored, the same forecasts, and stores nothing', async () => {
    const stored = await ok<ModelPrediction>('predictWithModel', { datasetId, fileName: 'm.json', bytes: json })
    const before = store.datasets.list().length
    for (const [fileName, bytes] of [['m.json', json], ['m.onnx', onnx]] as const) {
      const p = await ok<ModelPrediction>('predictWithModel', { dataset: { name: 'w.csv', columns: columns(true) }, fileName, bytes })
      expect(p.rows.map((r) => r.ts)).toEqual(stored.rows.map((r) => r.ts))
      if (fileName === 'm.json') expect(p.rows).toEqual(stored.rows)
    }
    expect(store.datasets.list().length).toBe(before)
    // the features it lacks, named with the file's name
    const e = await fails('predictWithModel', { dataset: { name: 'no-sky.csv', columns: columns(false) }, fileName: 'm.json', bytes: json })
    expect(e.message).toMatch(/^no-sky\.csv lacks the column "sky" that the model needs/)
  })

  it('names the features the dataset lacks, for both kinds of file', async () => {
    for (const [fileName, bytes] of [['m.json', json], ['m.onnx', onnx]] as const) {
      const e = await fails('predictWithModel', { datasetId: noSkyId, fileName, bytes })
      expect(e).toMatchObject({ name: 'ModelApplyError', code: 'missing-features' })
      expect(e.message).toContain('sky')
      if (fileName === 'm.json') expect(e.message).toMatch(/^\S+ lacks the column "sky" that the model needs\. Open a file with those columns in Data, then apply the model again\.$/)
    }
  })

  it('refuses files written by a newer app, and damaged files', async () => {
    const older = createDispatcher(workbench('0.0.9').impl)
    for (const [fileName, bytes] of [['m.json', json], ['m.onnx', onnx]] as const) {
      const e = await fails('predictWithModel', { datasetId, fileName, bytes }, older)
      expect(e).toMatchObject({ code: 'too-new', field: 'bytes' })
      expect(e.message).toMatch(/0\.1\.0/)
    }
    for (const bytes of [new Uint8Array([0x08, 0xff, 0xff, 0xff]), new TextEncoder().encode('{"format":"nope"'), new TextEncoder().encode('{"hello":1}')]) {
      expect(await fails('predictWithModel', { datasetId, fileName: 'x.onnx', bytes })).toMatchObject({ code: 'bad-model', field: 'bytes' })
    }
    expect((await fails('predictWithModel', { datasetId: 9999, fileName: 'm.json', bytes: json })).message).toContain('9999')
  })
})

describe('hostile payloads for the new verbs', () => {
  it('are rejected with the field named, before any handler runs', async () => {
    const bytes = new Uint8Array([1, 2, 3])
    const cases: [string, unknown, string, string][] = [
      ['exportOnnx', { runId: '1' }, 'invalid-payload', 'runId'],
      ['exportXlsx', { runId: 1, extra: true }, 'invalid-payload', '(payload)'],
      ['exportReport', { runId: -2 }, 'invalid-payload', 'runId'],
      ['exportForecastCsv', { runId: 1, locale: 'xx-XX' }, 'invalid-payload', 'locale'],
      ['exportForecastCsv', { runId: 1, locale: 7 }, 'invalid-payload', 'locale'],
      ['predictWithModel', { datasetId, fileName: 'm.onnx', bytes: [1, 2, 3] }, 'invalid-payload', 'bytes'],
      ['predictWithModel', { datasetId, fileName: 'm.onnx', bytes: 'AAEC' }, 'invalid-payload', 'bytes'],
      ['predictWithModel', { datasetId, fileName: 'm.onnx', bytes: new Float64Array(3) }, 'invalid-payload', 'bytes'],
      ['predictWithModel', { datasetId, fileName: 'm.onnx', bytes: new Uint8Array(0) }, 'invalid-payload', 'bytes'],
      ['predictWithModel', { datasetId, fileName: 'm.onnx', bytes: new Uint8Array(LIMITS.modelBytes + 1) }, 'invalid-payload', 'bytes'],
      ['predictWithModel', { datasetId, fileName: '../../etc/m.onnx', bytes }, 'hostile-payload', 'fileName'],
      ['predictWithModel', { datasetId, fileName: 'dir/m.onnx', bytes }, 'invalid-payload', 'fileName'],
      ['predictWithModel', { datasetId, fileName: '.m.onnx', bytes }, 'invalid-payload', 'fileName'],
      ['predictWithModel', { datasetId: 1.5, fileName: 'm.onnx', bytes }, 'invalid-payload', 'datasetId'],
      ['predictWithModel', { datasetId, fileName: 'm.onnx' }, 'invalid-payload', 'bytes'],
      ['predictWithModel', { fileName: 'm.onnx', bytes }, 'invalid-payload', 'datasetId'],
      ['predictWithModel', { datasetId, dataset: { name: 'w.csv', columns: columns(true) }, fileName: 'm.onnx', bytes }, 'invalid-payload', 'datasetId'],
      ['predictWithModel', { dataset: { name: 'w.csv', columns: [...columns(true), { kind: 'numeric', name: 'short', values: new Float64Array(3) }] }, fileName: 'm.onnx', bytes }, 'invalid-payload', 'dataset.columns'],
      ['predictWithModel', { dataset: { name: 'w.csv', columns: [...columns(true), columns(true)[1]] }, fileName: 'm.onnx', bytes }, 'invalid-payload', 'dataset.columns'],
      ['predictWithModel', { dataset: { name: 'w.csv', columns: columns(true), extra: 1 }, fileName: 'm.onnx', bytes }, 'invalid-payload', 'dataset'],
      ['predictWithModel', JSON.parse('{"datasetId":1,"fileName":"m.onnx","bytes":{},"__proto__":{"x":1}}'), 'hostile-payload', '__proto__']
    ]
    for (const [verb, payload, code, field] of cases) {
      const e = await fails(verb, payload)
      expect({ verb, code: e.code, field: e.field }).toEqual({ verb, code, field })
    }
  })
})

describe('bytes on the browser-mode wire', () => {
  it('carry the ONNX export and an upload as Uint8Arrays, Buffers included', async () => {
    const r = await d.dispatch('exportOnnx', { runId })
    const back = decodeWire(encodeWire(r)) as { ok: true; value: FileBytes }
    expect(back.value.bytes).toBeInstanceOf(Uint8Array)
    expect(back.value.bytes).toEqual((r as { value: FileBytes }).value.bytes)
    const buf = Buffer.from([0, 1, 254, 255])
    const sent = decodeWire(encodeWire({ fileName: 'm.onnx', bytes: buf.subarray(1, 3) })) as { bytes: Uint8Array }
    expect(sent.bytes).toBeInstanceOf(Uint8Array)
    expect(Array.from(sent.bytes)).toEqual([1, 254])
  })

  it('survive structured clone, which Electron\'s IPC uses (V8 serializer)', async () => {
    const { deserialize, serialize } = await import('node:v8')
    const r = (await d.dispatch('exportOnnx', { runId })) as { ok: true; value: FileBytes }
    const back = deserialize(serialize(r)) as typeof r
    expect(back.value.bytes).toBeInstanceOf(Uint8Array)
    expect(back.value.bytes).toEqual(r.value.bytes)
    const upload = structuredClone({ datasetId, fileName: 'm.onnx', bytes: r.value.bytes })
    expect((await d.dispatch('predictWithModel', upload)).ok).toBe(true)
  })
})

describe('exports on the export worker (the app and browser mode)', () => {
  const worker = exportWorkerBundle('export-handlers-test')
  let dw: ReturnType<typeof createDispatcher>
  beforeAll(() => {
    dw = createDispatcher(createWorkbench({ store, samplesDir: tmpdir(), version: VERSION, mode: 'web', broadcast: () => {}, storeSink: null, exportWorker: worker.file }).impl)
  })

  it('gives the files main made before, and a cancel answers the export as cancelled, then none is under way', async () => {
    for (const verb of ['exportForecastCsv', 'exportReport', 'exportModel']) expect(await ok<FileText>(verb, { runId }, dw)).toEqual(await ok<FileText>(verb, { runId }))
    expect((await ok<FileBytes>('exportOnnx', { runId }, dw)).bytes).toEqual((await ok<FileBytes>('exportOnnx', { runId })).bytes)
    // the export is under way until its worker answers; the cancel ends it there, with no file
    const pending = dw.dispatch('exportXlsx', { runId })
    expect(await ok('cancelExport', undefined, dw)).toEqual({ cancelled: true })
    const r = await pending
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.code).toBe('cancelled')
    expect(await ok('cancelExport', {}, dw)).toEqual({ cancelled: false })
    // an unknown run is refused with its code before any thread starts
    expect(await fails('exportReport', { runId: 999 }, dw)).toMatchObject({ code: 'not-found' })
  }, 120_000)
})

describe('applying a model file of a run of three classes', () => {
  it('gives the same CSV with the ONNX graph as with the JSON model file: the class by name and one probability column per class, summing to 1', async () => {
    const sky3: ReturnType<typeof columns> = [...columns(false), { kind: 'categorical' as const, name: 'sky', codes: Int32Array.from({ length: N }, (_, i) => (i * 7) % 3), levels: ['sun', 'rain', 'snow'] }]
    const dsId = (await ok<{ datasetId: number }>('saveDataset', { name: 'sky3.csv', sourceFile: null, columns: sky3 })).datasetId
    const config = resolveConfig({ data: { target: 'sky', task: 'classification', time: 'when', lookBack: L, features: ['temp'] }, training: { epochs: 2 } })
    const { runId: id } = await trainStored(dsId, config)
    const json = new TextEncoder().encode((await ok<FileText>('exportModel', { runId: id })).text)
    const onnx = (await ok<FileBytes>('exportOnnx', { runId: id })).bytes
    const [a, b] = await Promise.all([['m.onnx', onnx], ['m.json', json]].map(([fileName, bytes]) => ok<ModelPrediction>('predictWithModel', { datasetId: dsId, fileName, bytes })))
    const [x, y] = [a!, b!].map((p) => Papa.parse<string[]>(p.csv.text.trim()).data)
    const names = importOnnx(onnx, { file: 'm.onnx', appVersion: VERSION }).classes!.names
    expect([...names].sort()).toEqual(['rain', 'snow', 'sun'])
    const probCols = names.map((n) => `P(sky = ${n})`)
    expect(x![0]).toEqual(['time', 'step', 'forecast', 'actual', ...probCols])
    expect(x![0]).toEqual(y![0])
    expect(x!.length).toBe(y!.length)
    x!.slice(1).forEach((r, i) => {
      const s = y![i + 1]!
      expect([r[0], r[1], r[2], r[3]]).toEqual([s[0], s[1], s[2], s[3]])
      const p = r.slice(4).map(Number)
      expect(p).toHaveLength(3)
      p.forEach((v, k) => expect(Math.abs(v - Number(s[4 + k]))).toBeLessThan(1e-4))
      expect(Math.abs(p.reduce((u, v) => u + v, 0) - 1)).toBeLessThan(1e-5)
      expect(r[2]).toBe(names[p.indexOf(Math.max(...p))])
    })
  })
})
