// A global run (one model across many series) through the contract, as the app and browser mode see
// it: the summary says global and how many series, listRunSeries gives each series' scores,
// getSeriesForecast one series' test forecast, and the forecast CSV carries the series columns.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../core/store'
import { seedRun } from '../../core/store/test-fixtures/sample'
import { createStoreSink } from '../../core/services/store-sink'
import { globalRunResults } from '../../core/services/global-run'
import { sampleGlobalConfig, sampleGlobalResult } from '../../test/fixtures/global-run'
import { validateRequest, type RunDetail, type RunSeriesRow } from '../contract'
import { createDispatcher, createWorkbench } from './handlers'
import { importCsv } from '../../core/data'
import { resolveConfig } from '../../core/train/config'
import { runGlobalTraining } from '../../core/train/global'
import { answered, exportWorkerBundle } from './testing'

const dir = mkdtempSync(join(tmpdir(), 'fw-global-ipc-'))
const store = openStore(join(dir, 'runs.db'), { appVersion: 'test' })
afterAll(() => store.close())
const d = createDispatcher(createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(store) }).impl)
async function answer(verb: string, req?: unknown) {
  return d.dispatch(verb, req)
}
const ok = <T>(verb: string, req?: unknown): Promise<T> => answered<T>({ dispatch: answer }, verb, req)

const globalRun = seedRun(store, JSON.stringify(sampleGlobalConfig)).runId
store.finishRun(globalRun, globalRunResults(sampleGlobalResult, sampleGlobalConfig, true))
const single = seedRun(store, JSON.stringify({ data: { target: 'y' }, model: { cell: 'lstm' } })).runId

describe('global runs through the contract', () => {
  it('getRun and listRuns say the run is global, with its id columns, series count and aggregate', async () => {
    const detail = await ok<RunDetail>('getRun', { runId: globalRun })
    expect(detail.summary.global).toEqual({ columns: ['store', 'item'], series: 2, meanMase: 1, meanNaiveMase: 1.5, beatNaive: 1, beatBestNaive: 1, skipped: ['s3, c'] })
    expect(detail.hasTime).toBe(true)
    expect((await ok<RunDetail>('getRun', { runId: single })).summary.global).toBeNull()
  })

  it("getRun gives seasonal naive's mean MASE and over how many series where the run keeps it (Evaluate says it)", async () => {
    const kept = seedRun(store, JSON.stringify(sampleGlobalConfig)).runId
    store.finishRun(kept, globalRunResults({ ...sampleGlobalResult, summary: { ...sampleGlobalResult.summary, seasonalNaive: { meanMase: 0.75, series: 1 } } }, sampleGlobalConfig, true))
    expect((await ok<RunDetail>('getRun', { runId: kept })).summary.global!.seasonalNaive).toEqual({ meanMase: 0.75, series: 1 })
  })

  it('listRunSeries gives each series in order with its scores; getSeriesForecast one series\' test forecast', async () => {
    const series = await ok<RunSeriesRow[]>('listRunSeries', { runId: globalRun })
    expect(series.map((s) => [s.number, s.label, s.mae, s.mase, s.beatsNaive])).toEqual([[1, 's1, a', 2, 1, true], [2, 's2, b', 4, null, false]])
    // what forecasts each series (Evaluate's "forecast by" column)
    expect(series.map((s) => [s.forecastBy, s.forecastLabel])).toEqual([['ensemble', 'mean of the network and Theta'], ['naive', 'Naive']])
    expect(await ok('getSeriesForecast', { runId: globalRun, series: 2 })).toEqual({ rows: sampleGlobalResult.series[1]!.forecasts, hasTime: true })
    expect(await ok('listRunSeries', { runId: single })).toEqual([])
    expect(await answer('getSeriesForecast', { runId: single, series: 1 })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await answer('getSeriesForecast', { runId: globalRun, series: 7 })).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  it("listRunSeries marks a series whose test values left its history with the reason, kept with its row (a level shift's poor score explained)", async () => {
    const series = sampleGlobalResult.series.map((s, i) => ({ ...s, range: { domain: null, min: 1, max: 9, n: 24, above: i === 1 ? 10 : 0, below: 0 } }))
    const run = seedRun(store, JSON.stringify(sampleGlobalConfig)).runId
    store.finishRun(run, globalRunResults({ ...sampleGlobalResult, series }, sampleGlobalConfig, true))
    const rows = await ok<RunSeriesRow[]>('listRunSeries', { runId: run })
    expect(rows.map((s) => s.rangeNote)).toEqual([null, '10 of 24 test values lie outside everything seen before the test period (1 to 9), 10 above it: the forecast extrapolates past the history there, so judge it with care.'])
    // runs stored before keep no range: no mark
    expect((await ok<RunSeriesRow[]>('listRunSeries', { runId: globalRun })).map((s) => s.rangeNote)).toEqual([null, null])
  })

  it('refuses payloads of the wrong type before the store sees them', async () => {
    for (const bad of [{ runId: globalRun, series: 0 }, { runId: globalRun, series: 0.5 }, { runId: globalRun, series: '1' }, { runId: globalRun }, { runId: '1', series: 1 }, { runId: globalRun, series: 1, extra: 1 }, { runId: globalRun, position: 1 }]) {
      expect(await answer('getSeriesForecast', bad)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } })
    }
    for (const bad of [{ runId: 0 }, { runId: 'x' }, {}, { runId: 1, series: 1 }]) expect(await answer('listRunSeries', bad)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } })
    expect(validateRequest('getSeriesForecast', { runId: 3, series: 1 })).toEqual({ runId: 3, series: 1 })
  })

  it('exports the forecast CSV with the series columns first, the report with its series, and says why its ONNX graph cannot be built without weights', async () => {
    const csv = await ok<{ text: string }>('exportForecastCsv', { runId: globalRun })
    const lines = csv.text.trim().split(/\r?\n/)
    expect(lines[0]).toBe('store,item,time,step,forecast,lower,upper,actual')
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['s1,a', 's1,a', 's2,b'])
    // this seeded run has no stored weights: the graph cannot be built, and the answer says why
    const onnx = await answer('exportOnnx', { runId: globalRun })
    expect(onnx).toMatchObject({ ok: false, error: { code: 'not-available' } })
    // the message names the run once, with no field name before it (the app shows it as it is)
    expect(!onnx.ok && onnx.error.message).toMatch(new RegExp(`^run ${globalRun} has no saved weights`))
    expect(!onnx.ok && onnx.error.field).toBeUndefined()
    expect((await ok<{ text: string }>('exportReport', { runId: globalRun })).text).toContain('<section id="series">')
  })

  it('exports the model file stored with the run as it was written; a global run stored before model files were kept says to train it again', async () => {
    expect(await ok('exportModel', { runId: globalRun })).toEqual({ fileName: `model-run-${globalRun}.json`, text: JSON.stringify(sampleGlobalResult.modelFile) })
    const old = seedRun(store, JSON.stringify(sampleGlobalConfig)).runId
    store.finishRun(old, globalRunResults({ ...sampleGlobalResult, modelFile: null }, sampleGlobalConfig, true)) // as migration 008 leaves runs stored before it
    const refused = await answer('exportModel', { runId: old })
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-available', message: `run ${old} was stored before global model files were kept; train it again` } })
    expect(!refused.ok && refused.error.field).toBeUndefined()
  })
})

describe("a global run's reach past the end, read from its model file", () => {
  it('getRun gives the horizon where the network reads an input with no future, null where it reads the target alone, nothing without a model file', async () => {
    const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
    const csv = ['shop,date,units,price', ...['x', 'y'].flatMap((s, k) => Array.from({ length: 40 }, (_, i) => `${s},${day(i)},${(20 + 9 * k + 0.3 * i + 3 * Math.sin(i)).toFixed(2)},${(5 + Math.cos(i)).toFixed(2)}`))]
    const ds = await importCsv(csv.join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'] })
    const stored = async (features: string[]) => {
      const config = resolveConfig({ data: { target: 'units', features, lookBack: 4, horizon: 3, series: { columns: ['shop'], values: null, global: { short: 'skip' } } }, training: { epochs: 1, seed: 1 }, model: { forecaster: 'network' } })
      const r = await runGlobalTraining({ config, dataset: ds }, { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} })
      const id = seedRun(store, JSON.stringify(sampleGlobalConfig)).runId
      store.finishRun(id, globalRunResults({ ...sampleGlobalResult, modelFile: JSON.parse(JSON.stringify(r!.modelFile)) }, sampleGlobalConfig, true))
      return (await ok<RunDetail>('getRun', { runId: id })).aheadReach
    }
    expect(await stored(['price'])).toEqual({ steps: 3, features: ['price'], series: 2, of: 2 })
    expect(await stored([])).toBeNull()
    // the seeded run's model file is no network this version loads: no reach is said (Forecast says why)
    expect((await ok<RunDetail>('getRun', { runId: globalRun })).aheadReach).toBeUndefined()
  })
})

describe('a global run that diverged after good epochs', () => {
  it("tells the renderer how it ended, in the app's words, and keeps the sentence with the done run, as a single run's", async () => {
    const events: unknown[] = []
    const wb = createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: (m) => void events.push(m.event), storeSink: createStoreSink(store) })
    const id = seedRun(store, JSON.stringify(sampleGlobalConfig)).runId
    const words = { message: "diverged at epoch 4, step 2: … kept epoch 3's weights; a lower learning rate (training.lr in the --config file)", app: "diverged at epoch 4, step 2: … kept epoch 3's weights; a lower learning rate (Learning rate in Setup)" }
    wb.sink.onGlobalDone(String(id), { result: { ...sampleGlobalResult, diverged: { epoch: 4, step: 2, words } }, hasTime: true })
    expect(events).toEqual([{ type: 'done', epochsRun: 3, bestEpoch: 2, stoppedEarly: false, ending: words.app }])
    const detail = await ok<RunDetail>('getRun', { runId: id })
    // the Train view's ending when reopened and the Runs row's mark: an ending, not an error
    expect([detail.summary.status, detail.summary.error, detail.summary.ending]).toEqual(['done', null, { kind: 'diverged', kept: 2, words: words.app }])
  })
})

describe("a global run's exports on the export worker (the app and browser mode)", () => {
  const worker = exportWorkerBundle('global-export-test')
  let dw: ReturnType<typeof createDispatcher>
  beforeAll(() => {
    dw = createDispatcher(createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: () => {}, storeSink: null, exportWorker: worker.file }).impl)
  })

  it('gives the files and refusals main gave on its own thread, and a cancel answers the export as cancelled', async () => {
    const requests: [string, unknown][] = [
      ['exportForecastCsv', { runId: globalRun }], ['exportForecastCsv', { runId: globalRun, locale: 'de-DE' }],
      ['exportReport', { runId: globalRun }], ['exportModel', { runId: globalRun }],
      // refused as main refused them: the seeded run's model file loads no network, and it has no weights
      ['exportForecastCsv', { runId: globalRun, aheadSteps: 5 }], ['exportXlsx', { runId: globalRun, aheadSteps: 5 }], ['exportOnnx', { runId: globalRun }]
    ]
    for (const [verb, req] of requests) {
      const onMain = await d.dispatch(verb, req)
      expect(await dw.dispatch(verb, req)).toEqual(onMain)
    }
    expect((await d.dispatch('exportOnnx', { runId: globalRun })).ok).toBe(false)
    // the export is under way until its worker answers; the cancel ends it there, with no file
    const pending = dw.dispatch('exportXlsx', { runId: globalRun })
    expect((await dw.dispatch('cancelExport', undefined))).toEqual({ ok: true, value: { cancelled: true } })
    const cancelled = await pending
    expect(!cancelled.ok && cancelled.error.code).toBe('cancelled')
    expect(await dw.dispatch('exportProgress', undefined)).toEqual({ ok: true, value: { progress: null } }) // none under way
  }, 120_000)
})
