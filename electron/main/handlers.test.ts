import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import Database from 'better-sqlite3'
import { openStore, storedTestNoise } from '../../core/store'
import { translateSqliteError } from '../../core/store/errors'
import { defaultConfig } from '../../core/train/config'
import { weekCalendarNote } from '../../core/train/season'
import type { TrainResult } from '../../core/train/types'
import { checkQueueMessage, type RunEventMessage, type RunListItem } from '../contract'
import { createStoreSink } from '../../core/services/store-sink'
import { createDispatcher, createWorkbench } from './handlers'
import { fewEventsWords, scoresBetterWords, toneOf, verdictOf } from '../../core/export/verdict'
import { listedSkill, parsedRun } from '../../core/services/listed-skill'
import { keptCalendarByDefault, runNotices } from '../../core/services/run-words'
import { storedHeadline } from '../../core/data/metrics'
import type { HostEvent, StartedEvent, TrainerHost } from '../../core/services/trainer-host'
import type { StartPayload } from '../../core/services/trainer-protocol'
import { answered, sinkHooks } from './testing'

const dir = mkdtempSync(join(tmpdir(), 'fw-handlers-'))
writeFileSync(join(dir, 'tiny.csv'), 'a,b\n1,2\n')
const store = openStore(join(dir, 'runs.db'), { appVersion: 'test' })
afterAll(() => store.close())

const events: RunEventMessage[] = []
const hostListeners: ((e: HostEvent) => void)[] = []
const starts: { runId: string; payload: StartPayload }[] = []
const cancels: string[] = []
let training: string[] = [] // the host keys the fake host says are training
let waiting: string[] = [] // and those it says are queued
const fakeHost = {
  start: (runId: string, payload: StartPayload) => (starts.push({ runId, payload }), new Promise(() => {})),
  resume: (runId: string, payload: StartPayload) => (starts.push({ runId, payload }), new Promise(() => {})),
  cancel: async (key: string) => (cancels.push(key), true),
  active: () => training.map((runId) => ({ runId, pid: 1, startedAt: 0 })),
  queued: () => waiting,
  onEvent: (l: (e: HostEvent) => void) => (hostListeners.push(l), () => {})
} as unknown as TrainerHost
const wb = createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: (m) => events.push(m), storeSink: createStoreSink(store) })
wb.attachHost(fakeHost)
const d = createDispatcher(wb.impl)
const ok = <T>(verb: string, req?: unknown): Promise<T> => answered<T>(d, verb, req)
/** startRun, then the trainer's 'started' as the host reports it (under the start's key): the run
 *  stored then, and the key its later events come under. */
async function startedRun(req: unknown, started: StartedEvent): Promise<{ id: number; key: string }> {
  const { startId } = await ok<{ startId: number }>('startRun', req)
  const key = `start ${startId}`
  expect(starts.at(-1)!.runId).toBe(key)
  wb.sink.onStarted(key, started)
  const said = events.at(-1)!
  expect(said).toMatchObject({ startId, event: { type: 'started' } })
  return { id: said.runId!, key }
}

const N = 40
const day = 86_400_000
const columns = [
  { kind: 'date' as const, name: '=when', values: Float64Array.from({ length: N }, (_, i) => Date.UTC(2021, 0, 1) + i * day), format: 'iso' as const, hasTime: false },
  { kind: 'numeric' as const, name: 'temp', values: Float64Array.from({ length: N }, (_, i) => 10 + i) },
  { kind: 'categorical' as const, name: 'sky', codes: Int32Array.from({ length: N }, (_, i) => i % 2), levels: ['sun', 'rain'] }
]

describe('the workbench handlers over a real store', () => {
  let datasetId = 0
  let runId = 0
  const config = { ...defaultConfig('temp'), data: { ...defaultConfig('temp').data, time: '=when', lookBack: 3 } }

  it('lists and reads samples, refusing anything else', async () => {
    expect((await ok<{ samples: string[] }>('appInfo')).samples).toEqual(['tiny.csv'])
    expect((await ok<{ text: string }>('readSample', { name: 'tiny.csv' })).text).toBe('a,b\n1,2\n')
    const r = await d.dispatch('readSample', { name: 'runs.db' })
    expect(r.ok ? null : r.error.code).toBe('not-found')
  })

  it('says from the start (appInfo) that the run database was opened read-only, naming the file and why', async () => {
    expect((await ok<{ readOnly: unknown }>('appInfo')).readOnly).toBeNull()
    const file = join(mkdtempSync(join(tmpdir(), 'fw-handlers-ro-')), 'runs.db')
    openStore(file, { appVersion: 'test' }).close()
    const ro = openStore(file, { readonly: true })
    try {
      const roWb = createWorkbench({ store: ro, samplesDir: dir, version: 't', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(ro) })
      const r = await createDispatcher(roWb.impl).dispatch('appInfo', undefined)
      expect(r.ok ? (r.value as { readOnly: unknown }).readOnly : r.error).toEqual({ file, reason: 'opened read-only on request' })
    } finally {
      ro.close()
    }
  })

  it('stores typed columns and gives them back', async () => {
    datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'w.csv', sourceFile: null, columns })).datasetId
    const back = await ok<{ columns: typeof columns }>('getDataset', { datasetId })
    expect(back.columns.map((c) => c.kind)).toEqual(['date', 'numeric', 'categorical'])
    const sky = back.columns[2] as unknown as { codes: Int32Array; levels: string[] }
    expect(Array.from(sky.codes.slice(0, 3))).toEqual([0, 1, 0])
    expect(sky.levels).toEqual(['sun', 'rain'])
  })

  /** startRun refused outright: the dataset stored for it goes with it (start-dataset.test.ts),
   *  and the window stores its columns again for its next Start, as Setup's does. */
  async function refusedStart(cfg: unknown) {
    const r = await d.dispatch('startRun', { datasetId, config: cfg })
    datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'w.csv', sourceFile: null, columns })).datasetId
    return r
  }

  it('validates the config with core/train, naming the field', async () => {
    const bad = await refusedStart({ ...config, training: { ...config.training, lr: -1 } })
    expect(bad.ok ? null : bad.error).toMatchObject({ name: 'ConfigError', field: 'training.lr' })
    const missing = await refusedStart({ ...config, data: { ...config.data, target: 'nope' } })
    expect(missing.ok ? null : missing.error.field).toBe('data.target')
    // a column named twice would be fed to the network twice: refused naming it
    const twice = await refusedStart({ ...config, data: { ...config.data, features: ['sky', 'sky'] } })
    expect(twice.ok ? null : twice.error).toMatchObject({ name: 'ConfigError', field: 'data.features', message: expect.stringContaining('lists "sky" twice') })
    expect(starts).toEqual([])
  })

  it('starts a run in the trainer with the stored columns', async () => {
    const { startId } = await ok<{ startId: number }>('startRun', { datasetId, config })
    expect(starts).toHaveLength(1)
    expect(starts[0]!.runId).toBe(`start ${startId}`)
    expect(starts[0]!.payload.columns.map((c) => [c.name, c.kind])).toEqual([['=when', 'datetime'], ['temp', 'numeric'], ['sky', 'categorical']])
    // and the dataset's name, which the trainer's refusals name as Setup's do (not "dataset")
    expect(starts[0]!.payload.file).toBe('w.csv')
  })

  it('records what the trainer reports and tells the renderer', async () => {
    const id = starts[0]!.runId
    wb.sink.onStarted(id, { type: 'started', epochs: 2, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] })
    runId = events.find((e) => e.event.type === 'started')!.runId!
    wb.sink.onEpoch(id, { type: 'epoch', epoch: 1, trainLoss: 1, valLoss: 0.9, gradNorm: 2, clipRate: 1, lr: 0.005, seconds: 0.1, gradFlow: [0.1, 0.2, 0.4] })
    const forecasts = [0, 1].map((k) => ({ ts: Date.UTC(2021, 0, 1) + (35 + k) * day, step: 1, value: 45 + k, lower: 44 + k, upper: 46 + k, actual: 45.5 + k }))
    const metrics = [
      { split: 'test' as const, model: 'model', metric: 'rmse', value: 0.5 },
      { split: 'test' as const, model: 'network', metric: 'rmse', value: 0.4 },
      { split: 'test' as const, model: 'naive', metric: 'rmse', value: 1 }
    ]
    wb.sink.onDone(id, { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics, forecasts, intervalCoverage: 0.9, modelFile: { format: 'x' } } as unknown as TrainResult)
    // 'deleted': the dataset each of the three refused starts above dropped; 'queue': the start begun at once
    expect(events.map((e) => e.event.type)).toEqual(['deleted', 'deleted', 'deleted', 'queue', 'started', 'epoch', 'done'])
    const detail = await ok<{ summary: { status: string; testMetric: unknown }; epochs: unknown[]; gradFlow: number[]; forecasts: unknown[] }>('getRun', { runId })
    expect(detail.summary.status).toBe('done')
    expect(detail.epochs).toHaveLength(1)
    expect(detail.gradFlow).toEqual([0.1, 0.2, 0.4])
    // After a restart the gradient flow comes back from the stored epoch.
    const fresh = createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: () => {}, storeSink: null })
    expect((await createDispatcher(fresh.impl).dispatch('getRun', { runId })).ok && (await fresh.impl.getRun!({ runId }))).toMatchObject({ gradFlow: [0.1, 0.2, 0.4] })
    expect(detail.forecasts).toHaveLength(2)
    // with no stored skill: against the best baseline on test, never the run's own network
    expect(detail.summary.testMetric).toEqual({ metric: 'rmse', value: 0.5, skill: 0.5 })
  })

  it("gives a run's stored test skill in its summary, the one Evaluate and the CLI give", async () => {
    const { id, key } = await startedRun({ datasetId, config }, { type: 'started', epochs: 1, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] })
    const metrics = [
      { split: 'test' as const, model: 'model', metric: 'rmse', value: 0.5 },
      { split: 'test' as const, model: 'network', metric: 'rmse', value: 0.4 }, // the forecast's own network part
      { split: 'test' as const, model: 'naive', metric: 'rmse', value: 0.45 }, // best on test, not on validation
      { split: 'val' as const, model: 'naive', metric: 'rmse', value: 0.4 },
      { split: 'val' as const, model: 'linear', metric: 'rmse', value: 0.3 },
      { split: 'test' as const, model: 'linear', metric: 'rmse', value: 0.625 },
      { split: 'test' as const, model: 'model', metric: 'skill', value: 0.2 } // against the baseline picked on validation
    ]
    wb.sink.onDone(key, { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics, forecasts: [], intervalCoverage: null, modelFile: { format: 'x' } } as unknown as TrainResult)
    const detail = await ok<{ summary: { testMetric: unknown } }>('getRun', { runId: id })
    expect(detail.summary.testMetric).toEqual({ metric: 'rmse', value: 0.5, skill: expect.closeTo(0.2, 12) })
  })

  /** The Runs row's test metric of a run done with these metric rows, on values of 100.3-171. */
  async function lineRun(metrics: { split: 'train' | 'val' | 'test'; model: string; metric: string; value: number }[]): Promise<unknown> {
    const { id, key } = await startedRun({ datasetId, config }, { type: 'started', epochs: 1, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] })
    const range = { domain: null, min: 100.3, max: 171, n: 18, above: 0, below: 0 }
    wb.sink.onDone(key, { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics, forecasts: [], intervalCoverage: null, range, modelFile: { format: 'x' } } as unknown as TrainResult)
    return (await ok<{ summary: { testMetric: unknown } }>('getRun', { runId: id })).summary.testMetric
  }
  const exactly = (b: string) => `the forecast and the ${b} baseline both fit the test period exactly (RMSE 0 to rounding), so the ratio of their errors is rounding noise, not skill`

  it("says why a run's Runs row has no skill: its forecast and the best baseline both fit the test period exactly", async () => {
    // a line of values 100-171 fitted to rounding: 1 − 2.0e-14 / 1.8e-14 is noise, not a skill of -13 %
    expect(await lineRun([
      { split: 'test', model: 'model', metric: 'rmse', value: 2.0e-14 },
      { split: 'test', model: 'drift', metric: 'rmse', value: 1.8e-14 },
      { split: 'test', model: 'naive', metric: 'rmse', value: 0.7 }
    ])).toEqual({ metric: 'rmse', value: 2.0e-14, skill: null, noSkill: exactly('drift') })
  })

  it('a run stored before the rule with a skill of rounding: none, for the reason and against the baseline the verdict names (the best on validation)', async () => {
    expect(await lineRun([
      { split: 'val', model: 'linear', metric: 'rmse', value: 1e-14 },
      { split: 'val', model: 'drift', metric: 'rmse', value: 3e-14 },
      { split: 'test', model: 'model', metric: 'rmse', value: 2.0e-14 },
      { split: 'test', model: 'linear', metric: 'rmse', value: 2.4e-14 },
      { split: 'test', model: 'drift', metric: 'rmse', value: 1.8e-14 },
      { split: 'test', model: 'model', metric: 'skill', value: 0.168 }
    ])).toEqual({ metric: 'rmse', value: 2.0e-14, skill: null, noSkill: exactly('linear') })
  })

  it("a Runs row judges a forecast made of baselines against one it is not made of, and a plain baseline far better on test makes it red (run 9)", async () => {
    const { id, key } = await startedRun({ datasetId, config }, { type: 'started', epochs: 1, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] })
    const rmse = (split: 'val' | 'test', v: Record<string, number>) => Object.entries(v).map(([model, value]) => ({ split, model, metric: 'rmse', value }))
    const metrics = [
      ...rmse('val', { arima: 1.048, ets: 1.0481, theta: 1.0766, 'moving-average': 1.0947, drift: 1.5645, naive: 1.5645, model: 1.0503 }),
      ...rmse('test', { arima: 21.232, ets: 21.218, theta: 20.99, 'moving-average': 12.743, drift: 6.115, naive: 6.1159, model: 21.146 }),
      { split: 'test', model: 'model', metric: 'skill', value: 0.00404 } // stored against ARIMA, a third of the forecast
    ]
    const members = ['ets', 'theta', 'arima'].map((name) => ({ name, label: name, weight: 1 / 3, fit: {}, full: {} }))
    const choice = { chosen: 'combination', label: 'mean of ETS, Theta and ARIMA', network: 0, members, season: 7, steps: 14, validation: [], message: 'the network lost' }
    wb.sink.onDone(key, { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics, forecasts: [], intervalCoverage: null, choice, modelFile: { format: 'x' } } as unknown as TrainResult)
    const row = (await ok<{ summary: { testMetric: { skill: number; plainBetter?: string } } }>('getRun', { runId: id })).summary.testMetric
    expect(row.skill).toBeCloseTo(1 - 21.146 / 12.743, 9) // against moving average, not ARIMA
    expect(row.plainBetter).toBe('drift')
  })

  it("a Runs row says the network lost as Evaluate judges it (networkLostOf): not on a constant series, where it is level with the yardstick to float32 rounding; yes where it really lost", async () => {
    const members = ['ets', 'theta'].map((name) => ({ name, label: name, weight: 1 / 2, fit: {}, full: {} }))
    // values of 5 throughout: the mean of ETS and Theta exact (0), the network off by its float32 rounding
    const range = { min: 5, max: 5, scale: 5, n: 30, above: 0, below: 0, domain: null }
    const runLosing = async (networkMae: number) => {
      const { id, key } = await startedRun({ datasetId, config }, { type: 'started', epochs: 1, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] })
      const validation = [{ name: 'combination', label: 'mean of ETS and Theta', mae: 0 }, { name: 'network', label: 'network', mae: networkMae }]
      const choice = { chosen: 'combination', label: 'mean of ETS and Theta', network: 0, members, season: 1, steps: 1, validation, message: 'the network lost' }
      wb.sink.onDone(key, { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics: [], forecasts: [], intervalCoverage: null, choice, range, modelFile: { format: 'x' } } as unknown as TrainResult)
      return id
    }
    const level = await runLosing(3.6e-6) // within FLOAT32_FIT (1e-5) of 5
    const lost = await runLosing(0.2)
    const listed = await ok<{ id: number; forecaster?: { network: number; lost: boolean } }[]>('listRuns')
    expect(listed.find((r) => r.id === level)!.forecaster).toMatchObject({ network: 0, lost: false })
    expect(listed.find((r) => r.id === lost)!.forecaster).toMatchObject({ network: 0, lost: true })
    // getRun's summary says the same
    expect((await ok<{ summary: { forecaster: { lost: boolean } } }>('getRun', { runId: level })).summary.forecaster.lost).toBe(false)
  })

  it("gives a classification run's Brier score as its test metric, the one its skill is measured on", async () => {
    const cls = { ...config, data: { ...config.data, task: 'classification', rule: 'y > 0' } }
    const id = store.runs.create({ datasetId, configJson: JSON.stringify(cls), seed: 1 })
    wb.sink.onStarted(String(id), { type: 'started', epochs: 1, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] })
    const metrics = [
      { split: 'test' as const, model: 'model', metric: 'logloss', value: 0.49 },
      { split: 'test' as const, model: 'model', metric: 'accuracy', value: 0.78 },
      { split: 'test' as const, model: 'model', metric: 'brier', value: 0.31 },
      { split: 'test' as const, model: 'training-rate', metric: 'brier', value: 0.47 },
      { split: 'test' as const, model: 'model', metric: 'skill', value: 0.33 } // the Brier skill
    ]
    wb.sink.onDone(String(id), { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics, forecasts: [], intervalCoverage: null, modelFile: { format: 'x' } } as unknown as TrainResult)
    const detail = await ok<{ summary: { testMetric: unknown } }>('getRun', { runId: id })
    expect(detail.summary.testMetric).toEqual({ metric: 'brier', value: 0.31, skill: 0.33 })
  })

  it("gives a two-class run's threshold chosen on validation with it, and null for a run stored without one", async () => {
    const cls = { ...config, data: { ...config.data, task: 'classification', rule: 'y > 0' } }
    const chosen = { rule: 'youden' as const, threshold: 0.42, reason: null, n: 5, positives: 2, validation: { j: 1, tpr: 1, fpr: 0, accuracy: 1, precision: 1, recall: 1, f1: 1 } }
    const runWith = async (threshold?: typeof chosen) => {
      const id = store.runs.create({ datasetId, configJson: JSON.stringify(cls), seed: 1 })
      wb.sink.onStarted(String(id), { type: 'started', epochs: 1, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] })
      wb.sink.onDone(String(id), { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics: [], forecasts: [], intervalCoverage: null, modelFile: { format: 'x' }, ...(threshold ? { threshold } : {}) } as unknown as TrainResult)
      return (await ok<{ threshold?: unknown }>('getRun', { runId: id })).threshold
    }
    expect(await runWith(chosen)).toEqual(chosen)
    expect(await runWith()).toBeNull()
  })

  it("colours a classification run's Runs row amber, as its verdict, where its test period holds few rows of the rarer class (run 24)", async () => {
    const cls = { ...config, data: { ...config.data, task: 'classification', rule: 'y > 0' } }
    const metrics = [
      { split: 'val' as const, model: 'majority', metric: 'brier', value: 0.0268 },
      { split: 'test' as const, model: 'model', metric: 'brier', value: 0.044 },
      { split: 'test' as const, model: 'majority', metric: 'brier', value: 0.0444 },
      { split: 'test' as const, model: 'model', metric: 'skill', value: 1 - 0.044 / 0.0444 }
    ]
    const runWith = async (positives: number) => {
      const id = store.runs.create({ datasetId, configJson: JSON.stringify(cls), seed: 1 })
      wb.sink.onStarted(String(id), { type: 'started', epochs: 1, windows: { train: 20, val: 5, test: 30 }, paramCount: 10, notices: [] })
      // 30 test rows, the last `positives` of them class 1; a second step whose rows do not count
      const forecasts = Array.from({ length: 30 }, (_, i) => [1, 2].map((step) => ({ ts: i, step, value: 0.1, lower: null, upper: null, actual: step === 1 ? Number(i >= 30 - positives) : 1 }))).flat()
      wb.sink.onDone(String(id), { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics, forecasts, intervalCoverage: null, modelFile: { format: 'x' } } as unknown as TrainResult)
      return (await ok<{ id: number; testMetric: { skill: number; fewEvents?: { fewest: number; absent: number[] } } }[]>('listRuns')).find((r) => r.id === id)!.testMetric
    }
    const few = await runWith(1)
    expect(few.skill).toBeCloseTo(1 - 0.044 / 0.0444, 9)
    const rows = { names: ['false', 'true'], where: ['y <= 0', 'y > 0'] } // the rule's classes, in its words
    expect(few.fewEvents).toEqual({ fewest: 1, absent: [], ...rows })
    expect(toneOf(few.skill, false, false, few.fewEvents !== undefined)).toBe('warn') // as the verdict: not green
    const none = (await runWith(0)).fewEvents!
    expect(none).toEqual({ fewest: 0, absent: [1], ...rows })
    // the Runs row names the class the test period lacks, as the run's own caution does
    expect(fewEventsWords(none)).toBe('the test period holds no row where y > 0')
    expect((await runWith(10)).fewEvents).toBeUndefined() // enough events: green, as before
  })

  it("colours a classification run's Runs row amber, as its verdict, where its Brier difference from the baseline is within the noise kept with it", async () => {
    const cls = { ...config, data: { ...config.data, task: 'classification', rule: 'y > 0' } }
    const metrics = (model: number) => [
      { split: 'val' as const, model: 'training-rate', metric: 'brier', value: 0.21 },
      { split: 'test' as const, model: 'model', metric: 'brier', value: model },
      { split: 'test' as const, model: 'training-rate', metric: 'brier', value: 0.2176 },
      { split: 'test' as const, model: 'model', metric: 'skill', value: 1 - model / 0.2176 }
    ]
    const rowWith = async (model: number, noise: { mean: number; se: number } | null) => {
      const id = store.runs.create({ datasetId, configJson: JSON.stringify(cls), seed: 1 })
      wb.sink.onStarted(String(id), { type: 'started', epochs: 1, windows: { train: 20, val: 5, test: 30 }, paramCount: 10, notices: [] })
      // 30 test rows, 15 of each class: no caution of few events beside it
      const forecasts = Array.from({ length: 30 }, (_, i) => ({ ts: i, step: 1, value: 0.5, lower: null, upper: null, actual: i % 2 }))
      const classes = { names: ['false', 'true'], ...(noise ? { noise: { baseline: 'training-rate', ...noise, rows: 30 } } : {}) }
      wb.sink.onDone(String(id), { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics: metrics(model), forecasts, classes, intervalCoverage: null, modelFile: { format: 'x' } } as unknown as TrainResult)
      const row = (await ok<RunListItem[]>('listRuns')).find((r) => r.id === id)!
      const t = row.testMetric!
      return { t, tone: toneOf(t.skill, false, !!t.plainBetter, t.fewEvents !== undefined, t.level !== undefined), verdict: verdictOf('classification', null, store.metrics.list(id), null, null, null, null, 'app', [], storedTestNoise(store.runs.get(id))) }
    }
    // within 2 SE: level, amber, a gain or a small loss alike, as the verdict
    for (const [model, mean] of [[0.2157, -0.0019], [0.218, 0.0004]] as const) {
      const level = await rowWith(model, { mean, se: 0.0018 })
      expect(level.t.level).toEqual({ baseline: 'training-rate', mean, se: 0.0018, rows: 30 })
      expect(level.verdict.headline).toMatch(/^Level with the best baseline/)
      expect(level.tone).toBe(level.verdict.tone)
      expect(level.tone).toBe('warn')
    }
    // beyond 2 SE, or no noise kept (a run stored before): green and red as before
    const apart = await rowWith(0.2157, { mean: -0.0019, se: 0.0005 })
    expect(apart.t).not.toHaveProperty('level')
    expect([apart.tone, apart.verdict.tone]).toEqual(['good', 'good'])
    expect((await rowWith(0.2157, null)).tone).toBe('good')
    expect((await rowWith(0.218, null)).tone).toBe('bad')
  })

  it("carries, for a classification run's Runs row, the baselines that classified its test rows better, as its verdict names them (exploratory pass 20, run 5)", async () => {
    const cls = { ...config, data: { ...config.data, task: 'classification', rule: 'y > 0' } }
    const scores = (persistence: [number, number]) => [
      { split: 'val' as const, model: 'persistence', metric: 'brier', value: 0.5 },
      { split: 'val' as const, model: 'majority', metric: 'brier', value: 1 },
      ...([['model', 0.3788, 0.7091, 0.6883], ['persistence', 0.5091, ...persistence], ['majority', 1.0303, 0.4848, 0]] as [string, number, number, number][])
        .flatMap(([model, brier, accuracy, f1]) => [['brier', brier], ['accuracy', accuracy], ['f1', f1]].map(([metric, value]) => ({ split: 'test' as const, model, metric: metric as string, value: value as number }))),
      { split: 'test' as const, model: 'model', metric: 'skill', value: 1 - 0.3788 / 0.5091 }
    ]
    const listedWith = async (persistence: [number, number]) => {
      const id = store.runs.create({ datasetId, configJson: JSON.stringify(cls), seed: 1 })
      wb.sink.onStarted(String(id), { type: 'started', epochs: 1, windows: { train: 20, val: 5, test: 30 }, paramCount: 10, notices: [] })
      // 30 test rows, 15 of each class: no caution of few events beside it
      const forecasts = Array.from({ length: 30 }, (_, i) => ({ ts: i, step: 1, value: 0.5, lower: null, upper: null, actual: i % 2 }))
      wb.sink.onDone(String(id), { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics: scores(persistence), forecasts, intervalCoverage: null, modelFile: { format: 'x' } } as unknown as TrainResult)
      const row = (await ok<RunListItem[]>('listRuns')).find((r) => r.id === id)!
      return { row, verdict: verdictOf('classification', null, store.metrics.list(id)) }
    }
    const better = await listedWith([0.7455, 0.7529])
    expect(better.row.testMetric?.scoresBetter).toEqual([{ metric: 'accuracy', model: 'persistence', value: 0.7455, mine: 0.7091 }, { metric: 'f1', model: 'persistence', value: 0.7529, mine: 0.6883 }])
    // the row's words are the verdict's clause, from the one function
    const clause = scoresBetterWords(better.row.testMetric!.scoresBetter!)
    expect(clause).toBe('on test persistence had a higher accuracy (0.7455 against 0.7091) and F1 (0.7529 against 0.6883)')
    expect(better.verdict.headline).toBe(`Better than the best baseline (persistence) by 25.6 % on test (Brier score), but ${clause}`)
    // persistence classified no test row better: nothing to say, as the verdict says nothing
    const none = await listedWith([0.5, 0.5])
    expect(none.row.testMetric).not.toHaveProperty('scoresBetter')
    expect(none.verdict.headline).toBe('Better than the best baseline (persistence) by 25.6 % on test (Brier score)')
  })

  it("lists the runs in one read (no run's metrics read one by one), each row's skill the rule's on all its metrics", async () => {
    const perRun = vi.spyOn(store.metrics, 'list')
    const whole = vi.spyOn(store.runs, 'list')
    let rows: { id: number; testMetric: { skill: number | null } | null }[]
    try {
      rows = await ok('listRuns')
      expect(perRun).not.toHaveBeenCalled()
      expect(whole).not.toHaveBeenCalled()
    } finally {
      perRun.mockRestore()
      whole.mockRestore()
    }
    const done = store.runs.list().filter((r) => r.status === 'done')
    expect(done.length).toBeGreaterThan(2)
    for (const r of done) {
      const task = (JSON.parse(r.configJson) as { data?: { task?: string } }).data?.task === 'classification' ? 'classification' : 'regression'
      const all = store.metrics.list(r.id)
      const want = listedSkill(r, parsedRun(r), task, storedHeadline(task, Object.keys(r.testMetrics)), () => all, () => store.forecasts.classTally(r.id)).skill
      expect(rows.find((x) => x.id === r.id)!.testMetric?.skill ?? null, `run ${r.id}`).toBe(want)
    }
  })

  it("says a run's forecasts are timed when fw train found the time column (kept with the dataset, not the config)", async () => {
    const { toStoredDataset } = await import('../../core/services/datasets')
    const ds = { file: 'cli.csv', rowCount: N, columns, timeColumn: '=when', notices: [], lines: Int32Array.from({ length: N }, (_, i) => i + 2), format: { delimiter: ',', decimal: 'dot' } }
    const cliData = store.datasets.save(toStoredDataset(ds as never, 'cli.csv', null, {}))
    const untimed = { ...config, data: { ...config.data, time: undefined } }
    const cli = store.runs.create({ datasetId: cliData, configJson: JSON.stringify(untimed), seed: 1 })
    expect((await ok<{ hasTime: boolean }>('getRun', { runId: cli })).hasTime).toBe(true)
    // a dataset the app stored before it sent its time column keeps none: its runs name it in the config, or have none
    const app = store.runs.create({ datasetId, configJson: JSON.stringify(untimed), seed: 1 })
    expect((await ok<{ hasTime: boolean }>('getRun', { runId: app })).hasTime).toBe(false)
    expect((await ok<{ hasTime: boolean }>('getRun', { runId })).hasTime).toBe(true)
    expect((await ok<{ zone?: unknown }>('getRun', { runId: cli })).zone).toBeUndefined()
    // an integer step index as the time: the app shows its forecasts' ts as the integers
    const stepCols = columns.map((c) => (c.kind === 'date' ? { kind: 'date' as const, name: c.name, values: Float64Array.from({ length: N }, (_, i) => i + 1), format: 'step' as const, hasTime: false } : c))
    const stepData = store.datasets.save(toStoredDataset({ ...ds, columns: stepCols } as never, 'steps.csv', null, {}))
    const stepRun = store.runs.create({ datasetId: stepData, configJson: JSON.stringify(untimed), seed: 1 })
    expect((await ok<{ hasTime: boolean; zone?: unknown }>('getRun', { runId: stepRun })).zone).toBe('step')
    // times written with one offset: the zone the views name them in, as fw compare reads it
    const zonedCols = columns.map((c) => (c.kind === 'date' ? { ...c, zoned: true, offsetMin: 60 } : c))
    const zonedData = store.datasets.save(toStoredDataset({ ...ds, columns: zonedCols } as never, 'berlin.csv', null, {}))
    const zonedRun = store.runs.create({ datasetId: zonedData, configJson: JSON.stringify(untimed), seed: 1 })
    expect((await ok<{ zone?: unknown }>('getRun', { runId: zonedRun })).zone).toBe(60)
  })

  it('reuses the dataset fw train stored when the app opens the same rows from no path (browser mode) or another one', async () => {
    const { toStoredDataset } = await import('../../core/services/datasets')
    // as fw train stores it: the path it read, the time column and the file's format (an older fw wrote the decimal mark as null)
    const ds = { file: 'same.csv', rowCount: N, columns, timeColumn: '=when', notices: [], lines: Int32Array.from({ length: N }, (_, i) => i + 2), format: { delimiter: ',', decimal: null, newline: '\n', bom: false } }
    const cli = store.datasets.saveOrReuse(toStoredDataset(ds as never, 'same.csv', '/home/ana/same.csv', {})).id
    for (const sourceFile of [null, '/elsewhere/same.csv']) {
      // found before a Start stores it (Setup's words of the file open), and then reused
      expect(await ok('findStoredDataset', { name: 'same.csv', sourceFile, columns, timeColumn: '=when' })).toEqual({ datasetId: cli })
      expect(await ok('saveDataset', { name: 'same.csv', sourceFile, columns, timeColumn: '=when' })).toEqual({ datasetId: cli, reused: true })
    }
    // other rows under the same name are never merged into it
    const edited = columns.map((c) => (c.name === 'temp' ? { ...c, values: Float64Array.from({ length: N }, (_, i) => 11 + i) } : c))
    const stored = store.datasets.list().length
    expect(await ok('findStoredDataset', { name: 'same.csv', sourceFile: null, columns: edited, timeColumn: '=when' })).toEqual({ datasetId: null })
    expect(store.datasets.list()).toHaveLength(stored) // looked for, not stored
    const unknownUnit = await d.dispatch('findStoredDataset', { name: 'same.csv', sourceFile: null, columns, units: { nope: 'kg' } })
    expect(unknownUnit.ok ? null : unknownUnit.error).toMatchObject({ code: 'invalid-payload', field: 'units.nope' })
    expect(await ok('saveDataset', { name: 'same.csv', sourceFile: null, columns: edited, timeColumn: '=when' })).toMatchObject({ reused: false })
    const bad = await d.dispatch('saveDataset', { name: 'same.csv', sourceFile: null, columns, timeColumn: 'nope' })
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'invalid-payload' })
  })

  it('exports a trained run\'s forecast as formula-safe CSV with the baselines as columns', async () => {
    // The run above was recorded from made-up events and has no weights: nothing to export.
    const none = await d.dispatch('exportForecastCsv', { runId })
    expect(none.ok ? null : none.error).toMatchObject({ code: 'not-found' })
    // A real (tiny) training recorded through the same sink.
    const key = `start ${(await ok<{ startId: number }>('startRun', { datasetId, config: { ...config, training: { ...config.training, epochs: 2 } } })).startId}`
    const stored = store.datasets.load(datasetId)
    const { fromStoredDataset } = await import('../../core/services/datasets')
    const { runTraining } = await import('../../core/train/run')
    const cfg = starts.at(-1)!.payload.config
    const result = await runTraining({ config: cfg, dataset: fromStoredDataset(stored) }, sinkHooks(wb.sink, key))
    wb.sink.onDone(key, result!)
    const id = events.at(-1)!.runId!
    // The trainer's choice is stored with the run and comes back with it (issue 12, item 4).
    const back = await ok<{ choice: { chosen: string; message: string; validation: unknown[]; members: object[] } | null }>('getRun', { runId: id })
    expect(back.choice).toMatchObject({ chosen: result!.choice!.chosen, message: result!.choice!.message })
    expect(back.choice!.validation).toHaveLength(result!.choice!.validation.length)
    for (const m of back.choice!.members) expect(Object.keys(m).sort()).toEqual(['label', 'name', 'weight'])
    const listed = (await ok<{ id: number; forecaster: unknown; target: string }[]>('listRuns')).find((r) => r.id === id)
    expect(listed).toMatchObject({ forecaster: { chosen: result!.choice!.chosen }, target: cfg.data.target })
    const { fileName, text } = await ok<{ fileName: string; text: string }>('exportForecastCsv', { runId: id })
    expect(fileName).toBe(`forecast-run-${id}.csv`)
    const lines = text.trim().split('\r\n')
    const header = lines[0]!.split(',')
    expect(header.slice(0, 2)).toEqual(['time', 'row'])
    expect(header).toEqual(expect.arrayContaining(['forecast', 'lower', 'upper', 'actual', 'baseline_naive']))
    expect(lines).toHaveLength(1 + result!.forecasts.length)
    const first = Object.fromEntries(lines[1]!.split(',').map((v, i) => [header[i]!, v]))
    expect(Number(first['forecast'])).toBeCloseTo(result!.forecasts[0]!.value, 6)
    // temp = 10 + row: the naive forecast of row r (horizon 1) is the value at r - 1.
    expect(Number(first['baseline_naive'])).toBe(Number(first['actual']) - 1)
    // the run's own forecast: the files carry no note
    expect('note' in (await ok<object>('exportForecastCsv', { runId: id }))).toBe(false)
    // a stored choice the rebuild does not make (an older version's): each file says so, and the Export view with it
    store.runs.setChoice(id, JSON.stringify({ ...JSON.parse(store.runs.get(id).choiceJson!), label: 'ETS(M,Md,N)' }))
    for (const verb of ['exportForecastCsv', 'exportXlsx', 'exportReport'])
      expect((await ok<{ note?: string }>(verb, { runId: id })).note, verb).toMatch(/^the run chose ETS\(M,Md,N\) when it trained; rebuilt by this version of the app/)
  })

  it("passes the trainer's notes, warnings and progress to the renderer, not its errors (those end the run)", async () => {
    const before = events.length
    for (const l of hostListeners) {
      l({ type: 'log', runId: '7', level: 'info', message: 'training on 2 threads' })
      l({ type: 'log', runId: '7', level: 'warn', message: 'training on one thread' })
      l({ type: 'log', runId: '7', level: 'error', message: 'trainer of run 7 sent a malformed message' })
      l({ type: 'phase', runId: '7', phase: 'choice', done: 2, total: 3 })
      l({ type: 'phase', runId: '7', phase: 'batches', epoch: 1, done: 40, total: 6563 })
      l({ type: 'queued', runId: '7' } as HostEvent)
    }
    expect(hostListeners).toHaveLength(1)
    expect(events.slice(before)).toEqual([
      { runId: 7, event: { type: 'log', level: 'info', message: 'training on 2 threads' } },
      { runId: 7, event: { type: 'log', level: 'warn', message: 'training on one thread' } },
      { runId: 7, event: { type: 'progress', phase: 'choice', done: 2, total: 3 } },
      { runId: 7, event: { type: 'progress', phase: 'batches', epoch: 1, done: 40, total: 6563 } }
    ])
  })

  it('renames, annotates and deletes', async () => {
    const s = await ok<{ name: string; notes: string }>('updateRun', { runId, name: 'first', notes: '=not a formula here' })
    expect(s).toMatchObject({ name: 'first', notes: '=not a formula here' })
    // clearing: null (what the Runs view sends for an emptied field) and a blank name alike
    expect(await ok('updateRun', { runId, name: null, notes: null })).toMatchObject({ name: null, notes: null })
    await ok('updateRun', { runId, name: 'second', notes: 'kept' })
    expect(await ok('updateRun', { runId, name: '' })).toMatchObject({ name: null, notes: 'kept' })
    expect(await ok('updateRun', { runId, name: '  ' })).toMatchObject({ name: null, notes: 'kept' })
    expect(await ok('deleteRun', { runId })).toEqual({ deleted: true })
    expect((await d.dispatch('getRun', { runId })).ok).toBe(false)
    // the pages it freed went back to the disk (as fw rm does), none kept free inside the file
    expect(store.db.pragma('freelist_count', { simple: true })).toBe(0)
  })

  it('marks an interrupted run and tells the renderer', async () => {
    const { id, key } = await startedRun({ datasetId, config }, { type: 'started', epochs: 5, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] })
    wb.sink.onInterrupted(key, 'killed (SIGKILL)')
    expect(events.at(-1)).toEqual({ runId: id, event: { type: 'status', status: 'interrupted', error: 'killed (SIGKILL)' } })
    expect((await ok<{ summary: { status: string; error: string } }>('getRun', { runId: id })).summary).toMatchObject({ status: 'interrupted', error: 'killed (SIGKILL)' })
  })

  it("shows a run fw trained into the same database in the app's words: a failure's cause, and a divergence as an ending, not an error", async () => {
    const fwSink = createStoreSink(store) // as fw train records a run (core/cli)
    const started = { type: 'started' as const, epochs: 15, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] }
    const failed = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1 })
    fwSink.onStarted(String(failed), started)
    fwSink.onFailed(String(failed), { name: 'DivergedError', message: 'diverged at epoch 1 (training.lr in the --config file)', app: 'diverged at epoch 1 (Learning rate in Setup)' })
    expect((await ok<{ summary: { error: string } }>('getRun', { runId: failed })).summary.error).toBe('diverged at epoch 1 (Learning rate in Setup)')
    const refused = await d.dispatch('exportForecastCsv', { runId: failed })
    expect(refused.ok ? null : refused.error.message).toBe(`run ${failed} failed (diverged at epoch 1 (Learning rate in Setup)): it has no model to export, forecast or explain with; train it again, with a lower learning rate or gradient clipping`)
    const diverged = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1 })
    fwSink.onStarted(String(diverged), started)
    const words = { message: "diverged at epoch 4, step 9: … kept epoch 3's weights (training.lr in the --config file)", app: "diverged at epoch 4, step 9: … kept epoch 3's weights (Learning rate in Setup)" }
    fwSink.onDone(String(diverged), { epochsRun: 3, bestEpoch: 3, stoppedEarly: false, metrics: [], forecasts: [], intervalCoverage: null, modelFile: { format: 'x' }, diverged: { epoch: 4, step: 9, words } } as unknown as TrainResult)
    const row = (await ok<{ id: number; error: string | null; ending: unknown }[]>('listRuns')).find((r) => r.id === diverged)
    expect([row?.error, row?.ending]).toEqual([null, { kind: 'diverged', kept: 3, words: words.app }])
  })
})

describe('a run is stored when its trainer starts training, as fw train stores its run', () => {
  const started: StartedEvent = { type: 'started', epochs: 3, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] }
  const config = { ...defaultConfig('temp'), data: { ...defaultConfig('temp').data, time: '=when', lookBack: 3 } }
  let datasetId = 0
  const begin = async (): Promise<{ startId: number; key: string }> => {
    if (!datasetId) datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 's.csv', sourceFile: null, columns })).datasetId
    const { startId } = await ok<{ startId: number }>('startRun', { datasetId, config })
    return { startId, key: `start ${startId}` }
  }
  const ids = () => store.runs.list().map((r) => r.id)

  it('a start the trainer refuses stores no run, takes no run number, and the renderer gets its reason in the words a failed run would have', async () => {
    const before = ids()
    const { startId, key } = await begin()
    expect(ids()).toEqual(before) // nothing stored at Start
    wb.sink.onFailed(key, { name: 'PipelineError', message: 'short series: 3 training rows (--look-back 40)', app: 'short series: 3 training rows (Look-back in Setup)' })
    expect(events.at(-1)).toEqual({ runId: null, startId, event: { type: 'failed', error: { name: 'PipelineError', message: 'short series: 3 training rows (Look-back in Setup)' } } })
    expect(ids()).toEqual(before)
    // the next run to start training takes the number the refused one would have
    const next = await begin()
    wb.sink.onStarted(next.key, started)
    const stored = events.at(-1)!
    expect(stored).toMatchObject({ startId: next.startId, event: { type: 'started' } })
    expect(stored.runId).toBe(Math.max(0, ...before, ...store.runs.list().filter((r) => r.id !== stored.runId).map((r) => r.id)) + 1)
    expect(ids()).toContain(stored.runId)
    // its later events name the run alone, and reach the store under it
    wb.sink.onEpoch(next.key, { type: 'epoch', epoch: 1, trainLoss: 1, valLoss: 0.9, gradNorm: 2, clipRate: 0, lr: 0.005, seconds: 0.1, gradFlow: [1] })
    expect(events.at(-1)).toEqual({ runId: stored.runId, event: expect.objectContaining({ type: 'epoch' }) })
    expect(store.epochs.list(stored.runId!)).toHaveLength(1)
  })

  it('a start stopped before training stores nothing; a started one is stopped under its start, and cannot be deleted while it trains', async () => {
    const before = ids()
    const { startId, key } = await begin()
    expect(await ok('cancelStart', { startId })).toEqual({ cancelled: true })
    expect(cancels.at(-1)).toBe(key)
    wb.sink.onCancelled(key) // the host's answer to the cancel
    expect(events.at(-1)).toEqual({ runId: null, startId, event: { type: 'status', status: 'cancelled', error: null } })
    expect(ids()).toEqual(before)

    const live = await begin()
    wb.sink.onStarted(live.key, started)
    const runId = events.at(-1)!.runId!
    training = [live.key]
    const refused = await d.dispatch('deleteRun', { runId })
    expect(refused.ok ? null : refused.error.message).toBe(`run ${runId} is training; stop it first`)
    expect(await ok('stopRun', { runId })).toEqual({ stopped: true })
    expect(cancels.at(-1)).toBe(live.key)
    training = []
    wb.sink.onCancelled(live.key)
    expect(store.runs.get(runId).status).toBe('cancelled')
    // resumed, it trains under its own id, and is stopped under it
    store.saveCheckpoint(runId, ['last', 'best'], { epoch: 1, valLoss: 0.5, weights: Float32Array.from([1]), layout: [{ name: 'w', shape: [1], offset: 0, size: 1 }], optimizer: { step: 3, m: new Float64Array(1), v: new Float64Array(1), rng: [1, 2, 3, 4] } } as never)
    await ok('resumeRun', { runId })
    expect(starts.at(-1)!.runId).toBe(String(runId))
    await ok('stopRun', { runId })
    expect(cancels.at(-1)).toBe(String(runId))
  })

  it('lists what trains and what is queued, in start order, each with the handle that stops it', async () => {
    const first = await begin()
    wb.sink.onStarted(first.key, started)
    const runId = events.at(-1)!.runId!
    const second = await begin()
    training = [first.key]
    waiting = [second.key]
    const cell = config.model.cell
    expect(await ok('listTraining')).toEqual([
      { startId: first.startId, runId, state: 'training', name: null, datasetId, epochs: config.training.epochs, cell, sweepId: null, datasetName: 's.csv', config: expect.objectContaining({ data: expect.objectContaining({ target: 'temp', lookBack: 3 }) }) },
      { startId: second.startId, runId: null, state: 'queued', name: null, datasetId, epochs: config.training.epochs, cell, sweepId: null, datasetName: 's.csv', config: expect.objectContaining({ data: expect.objectContaining({ target: 'temp', lookBack: 3 }) }) }
    ])
    // the queued one is stopped under its start, the running one under its run, each its own
    expect(await ok('cancelStart', { startId: second.startId })).toEqual({ cancelled: true })
    expect(cancels.at(-1)).toBe(second.key)
    expect(await ok('stopRun', { runId })).toEqual({ stopped: true })
    expect(cancels.at(-1)).toBe(first.key)
    training = []
    waiting = []
    expect(await ok('listTraining')).toEqual([])
    expect((await d.dispatch('listTraining', { extra: 1 })).ok).toBe(false)
  })

  it('deletes several runs at once, or none: one training is refused, named, and nothing goes', async () => {
    const a = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1 })
    const b = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1 })
    const live = await begin()
    wb.sink.onStarted(live.key, started)
    const busy = events.at(-1)!.runId!
    training = [live.key]
    const refused = await d.dispatch('deleteRuns', { runIds: [a, busy, b] })
    expect(refused.ok ? null : refused.error.message).toBe(`run ${busy} is training; stop it first`)
    expect(ids()).toEqual(expect.arrayContaining([a, b, busy]))
    const missing = await d.dispatch('deleteRuns', { runIds: [a, 99_999] })
    expect(missing.ok ? null : missing.error.message).toMatch(/run 99999 not found/)
    expect(ids()).toEqual(expect.arrayContaining([a, b]))
    expect(await ok('deleteRuns', { runIds: [a, b, a] })).toEqual({ deleted: 2 })
    expect(ids()).not.toContain(a)
    expect(ids()).not.toContain(b)
    expect((await d.dispatch('deleteRuns', { runIds: [] })).ok).toBe(false)
    training = []
  })

  it('Delete on a full disk: the runs go, and the space not given back is a note, not a failure', async () => {
    const a = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1 })
    const b = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1 })
    // the deletion commits; giving its space back then fails as SQLite does on a full disk
    const full = vi.spyOn(store, 'reclaimSpace').mockImplementation(() => {
      throw translateSqliteError(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'), store.file, 'space', 'the freed space was not given back to the disk')
    })
    try {
      const words = `deleted; its space was not given back to the disk (the disk holding ${store.file} is full): it stays free inside the database file, and the next deletion gives it back once there is room.`
      expect(await ok('deleteRun', { runId: a })).toEqual({ deleted: true, note: `Run #${a} ${words}` })
      expect(await ok('deleteRuns', { runIds: [b] })).toEqual({ deleted: 1, note: `Run #${b} ${words}` })
    } finally {
      full.mockRestore()
    }
    expect(ids()).not.toContain(a)
    expect(ids()).not.toContain(b)
  })

  it('Re-run stores its run, with its parent, when the trainer starts it', async () => {
    const first = await begin()
    wb.sink.onStarted(first.key, started)
    const parent = events.at(-1)!.runId!
    const before = ids()
    const { startId } = await ok<{ startId: number }>('rerun', { runId: parent })
    expect(ids()).toEqual(before)
    wb.sink.onStarted(`start ${startId}`, started)
    const child = events.at(-1)!.runId!
    expect(store.runs.get(child).parentRunId).toBe(parent)
  })

  it('refuses a start on a read-only database at once, as storing it at Start did', async () => {
    const ro = Object.create(store, { readonly: { value: true } }) as typeof store // as the store opens a file it cannot write
    const wbRo = createWorkbench({ store: ro, samplesDir: dir, version: 't', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(ro) })
    wbRo.attachHost(fakeHost)
    const n = starts.length
    const r = await createDispatcher(wbRo.impl).dispatch('startRun', { datasetId, config })
    expect(r.ok ? null : r.error.message).toBe(`read-only database: ${store.file}`)
    expect(starts).toHaveLength(n)
  })
})

describe('resuming a run', () => {
  it('sends the trainer the best checkpoint too, so early stopping and the final weights go on from it', async () => {
    const datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'r.csv', sourceFile: null, columns })).datasetId
    const base = defaultConfig('temp')
    const { id, key } = await startedRun({ datasetId, config: { ...base, data: { ...base.data, time: '=when', lookBack: 3 } } }, { type: 'started', epochs: 9, windows: { train: 20, val: 5, test: 5 }, paramCount: 4, notices: [] })
    const cp = (epoch: number, valLoss: number, w: number) => ({ epoch, valLoss, weights: Float32Array.from([w, w, w, w]), layout: [{ name: 'w', shape: [4], offset: 0, size: 4 }], optimizer: { step: epoch * 3, m: new Float64Array(4), v: new Float64Array(4), rng: [epoch, 2, 3, 4] } })
    store.saveCheckpoint(id, ['last', 'best'], cp(4, 0.4, 4)) // the best epoch so far
    store.saveCheckpoint(id, ['last'], cp(6, 0.6, 6)) // two worse epochs after it
    wb.sink.onInterrupted(key, 'killed (SIGKILL)')
    expect(await ok('resumeRun', { runId: id })).toEqual({ runId: id })
    const sent = starts.at(-1)!.payload.resume!
    expect(sent).toMatchObject({ epochsDone: 6, checkpoint: { epoch: 6, valLoss: 0.6 }, best: { epoch: 4, kind: 'best', valLoss: 0.4 } })
    expect(Array.from(sent.best!.weights)).toEqual([4, 4, 4, 4])
  })

  it("gives the folder fw train --out named, where the app's Resume writes nothing (the view says so)", async () => {
    const datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'o.csv', sourceFile: null, columns })).datasetId
    const id = store.runs.create({ datasetId, configJson: JSON.stringify(defaultConfig('temp')), seed: 1 })
    expect((await ok<{ outDir?: string | null }>('getRun', { runId: id })).outDir).toBeNull()
    store.runs.setOutDir(id, join(dir, 'fw-train-out'))
    expect((await ok<{ outDir?: string | null }>('getRun', { runId: id })).outDir).toBe(join(dir, 'fw-train-out'))
  })

  it("sends a sweep's trial with the share of the threads it trained on, so it ends as the uninterrupted trial would", async () => {
    const datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 't.csv', sourceFile: null, columns })).datasetId
    const base = defaultConfig('temp')
    const config = { ...base, data: { ...base.data, time: '=when', lookBack: 3 } }
    const sweepId = store.sweeps.create({ name: 'trials', specJson: '{}' })
    const cp = { epoch: 2, valLoss: 0.5, weights: Float32Array.from([1, 2, 3, 4]), layout: [{ name: 'w', shape: [4], offset: 0, size: 4 }], optimizer: { step: 6, m: new Float64Array(4), v: new Float64Array(4) } }
    const sent = async (trialThreads: number | null) => {
      const id = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1, sweepId, name: 'trial', trialThreads })
      store.saveCheckpoint(id, ['last'], cp)
      store.db.prepare(`UPDATE runs SET status = 'cancelled' WHERE id = ?`).run(id)
      await ok('resumeRun', { runId: id })
      return starts.at(-1)!.payload
    }
    expect(await sent(1)).toMatchObject({ threads: 1, config: { training: { threads: 'auto' } } })
    expect(await sent(null)).not.toHaveProperty('threads') // a trial whose config names a number, a run of its own
  })
})

describe('a global run', () => {
  it('is resumed from its last checkpoint like any run (the trainer gets the checkpoint)', async () => {
    const datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'g.csv', sourceFile: null, columns })).datasetId
    const base = defaultConfig('temp')
    const global = { ...base, data: { ...base.data, time: '=when', lookBack: 3, series: { columns: ['sky'], values: null, global: { short: 'skip' as const } } } }
    const { id, key } = await startedRun({ datasetId, config: global }, { type: 'started', epochs: 5, windows: { train: 20, val: 5, test: 5 }, paramCount: 4, notices: [] })
    const cp = { epoch: 2, kind: 'last' as const, valLoss: 0.5, weights: Float32Array.from([1, 2, 3, 4]), layout: [{ name: 'w', shape: [4], offset: 0, size: 4 }], optimizer: { step: 6, m: new Float64Array(4), v: new Float64Array(4) }, rngState: [1, 2, 3, 4] }
    wb.sink.onCheckpoint(key, cp)
    wb.sink.onCancelled(key)
    expect((await ok<{ canResume: boolean; summary: { status: string } }>('getRun', { runId: id }))).toMatchObject({ canResume: true, summary: { status: 'cancelled' } })
    expect(await ok('resumeRun', { runId: id })).toEqual({ runId: id })
    const sent = starts.at(-1)!
    expect(sent.runId).toBe(String(id))
    expect(sent.payload.config.data.series?.global).toMatchObject({ short: 'skip' })
    expect(sent.payload.resume).toMatchObject({ epochsDone: 2, checkpoint: { epoch: 2, rngState: [1, 2, 3, 4] } })
    expect(Array.from(sent.payload.resume!.checkpoint.weights)).toEqual([1, 2, 3, 4])
  })
})

describe('runs that other processes train', () => {
  it('the Runs view names a live owner, marks a gone one interrupted, and resume refuses the live one', async () => {
    const { spawnSync } = await import('node:child_process')
    const { processStart } = await import('../../core/store/owner')
    const { seedRun } = await import('../../core/store/test-fixtures/sample')
    const { datasetId, runId: gone } = seedRun(store)
    const live = store.runs.create({ datasetId, configJson: JSON.stringify(defaultConfig('passengers')), seed: 1 })
    store.startRun(live)
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid // has exited and been reaped
    const stamp = store.db.prepare(`UPDATE runs SET owner_pid = ?, owner_start = ?, owner_instance = 'other', owner_kind = 'cli' WHERE id = ?`)
    stamp.run(deadPid, null, gone)
    stamp.run(process.ppid, processStart(process.ppid), live) // vitest's parent: alive, not this process

    const runs = await ok<{ id: number; status: string; runningElsewhere: string | null; error: string | null }[]>('listRuns')
    expect(runs.find((r) => r.id === gone)).toMatchObject({ status: 'interrupted', error: `interrupted: the process training it (CLI, pid ${deadPid}) has ended` })
    // a list row leaves a null optional field out (RunListItem): trained elsewhere by no one
    expect(runs.find((r) => r.id === gone)!.runningElsewhere ?? null).toBeNull()
    expect(runs.find((r) => r.id === live)).toMatchObject({ status: 'running', runningElsewhere: `CLI, pid ${process.ppid}` })
    const r = await d.dispatch('resumeRun', { runId: live })
    expect(r.ok ? null : r.error.message).toBe(`run ${live} is training in another process (CLI, pid ${process.ppid}); stop it there first`)
  })
})

describe('the training queue told to every window', () => {
  const config = { ...defaultConfig('temp'), data: { ...defaultConfig('temp').data, time: '=when', lookBack: 3 } }
  it('tells every window of a start queued behind another, or begun at once: the queue event, as the renderer checks it', async () => {
    const { datasetId } = await ok<{ datasetId: number }>('saveDataset', { name: 'q.csv', sourceFile: null, columns })
    const before = events.length
    const busy = vi.spyOn(fakeHost, 'queued').mockImplementation(() => [starts.at(-1)!.runId]) // the host has no free trainer
    let queued: number
    try {
      queued = (await ok<{ startId: number }>('startRun', { datasetId, config })).startId
    } finally {
      busy.mockRestore()
    }
    const begun = (await ok<{ startId: number }>('startRun', { datasetId, config })).startId
    const said = events.slice(before).filter((e) => e.event.type === 'queue')
    expect(said).toEqual([
      { runId: null, startId: queued, event: { type: 'queue', change: 'queued' } },
      { runId: null, startId: begun, event: { type: 'queue', change: 'started' } }
    ])
    for (const e of said) expect(checkQueueMessage(e)).toBe(e)
  })
})

describe("Setup's word that the calendar is the default, kept with the run from its start", () => {
  const config = { ...defaultConfig('temp'), data: { ...defaultConfig('temp').data, time: '=when', lookBack: 3, calendar: ['dow' as const] } }
  const started = { type: 'started' as const, epochs: 9, windows: { train: 20, val: 5, test: 5 }, paramCount: 4, notices: [] }
  it('keeps the note where startRun’s calendarByDefault is true, none where false or absent, and refuses one not true or false; the trainer is not told', async () => {
    const { datasetId } = await ok<{ datasetId: number }>('saveDataset', { name: 'c.csv', sourceFile: null, columns })
    for (const [word, kept] of [[true, true], [false, false], [undefined, false]] as const) {
      const { id } = await startedRun({ datasetId, config, ...(word === undefined ? {} : { calendarByDefault: word }) }, started)
      expect(keptCalendarByDefault(store.runs.get(id)), `calendarByDefault ${word}`).toBe(kept)
      expect(starts.at(-1)!.payload).not.toHaveProperty('calendarByDefault')
    }
    const n = starts.length
    const bad = await d.dispatch('startRun', { datasetId, config, calendarByDefault: 'yes' })
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'invalid-payload', field: 'calendarByDefault' })
    expect(starts).toHaveLength(n)
  })

  it('a Re-run keeps it where the run trained again kept the note, and not where it did not', async () => {
    const { datasetId } = await ok<{ datasetId: number }>('saveDataset', { name: 'c.csv', sourceFile: null, columns })
    const kept = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1, name: null })
    store.runs.setNotices(kept, [weekCalendarNote()])
    const asked = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1, name: null })
    for (const [src, want] of [[kept, true], [asked, false]] as const) {
      const { startId } = await ok<{ startId: number }>('rerun', { runId: src })
      const key = `start ${startId}`
      wb.sink.onStarted(key, started)
      const said = events.at(-1)!
      expect(said).toMatchObject({ startId, event: { type: 'started' } })
      expect(keptCalendarByDefault(store.runs.get(said.runId!)), `a Re-run of run ${src}`).toBe(want)
    }
  })

  it('a run that kept the note at its start keeps it at its end, after the notices its training kept', async () => {
    const { datasetId } = await ok<{ datasetId: number }>('saveDataset', { name: 'c.csv', sourceFile: null, columns })
    const idle = { message: 'a setting that does nothing' }
    for (const calendarByDefault of [true, false]) {
      const { id, key } = await startedRun({ datasetId, config, calendarByDefault }, started)
      wb.sink.onDone(key, { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics: [], forecasts: [], intervalCoverage: null, intervalHalfWidth: null, bestBaseline: null, notices: [idle], modelFile: {} } as unknown as TrainResult)
      expect(store.runs.get(id).status).toBe('done')
      expect(runNotices(store.runs.get(id), 'cli')).toEqual(calendarByDefault ? [idle.message, weekCalendarNote().message] : [idle.message])
    }
  })
})

describe('the calendar-default word across a restart and a Resume', () => {
  const config = { ...defaultConfig('temp'), data: { ...defaultConfig('temp').data, time: '=when', lookBack: 3, calendar: ['dow' as const] } }
  it('keeps it with the queued start, so the start (or sweep trial) queued again after a restart says it', async () => {
    const { datasetId } = await ok<{ datasetId: number }>('saveDataset', { name: 'c.csv', sourceFile: null, columns })
    const said = (await ok<{ startId: number }>('startRun', { datasetId, config, calendarByDefault: true })).startId
    const unsaid = (await ok<{ startId: number }>('startRun', { datasetId, config })).startId
    const trial = (await ok<{ startIds: number[] }>('startSweep', { datasetId, config, name: 'cal', grid: { 'training.lr': [0.01] }, calendarByDefault: true })).startIds[0]!
    const ours = [said, unsaid, trial]
    expect(store.queue.mine().filter((q) => ours.includes(q.startId)).map((q) => [q.startId, q.calendarByDefault])).toEqual([[said, true], [unsaid, false], [trial, true]])
    // the app is gone (killed) with both waiting: a new app over the same database queues them again
    const again = openStore(store.file, { appVersion: 'test' })
    try {
      const { spawnSync } = await import('node:child_process')
      again.db.prepare('UPDATE queued_starts SET owner_pid = ? WHERE start_id IN (?, ?, ?)').run(spawnSync(process.execPath, ['-e', '0']).pid, ...ours)
      const sent: StartPayload[] = []
      const next = createWorkbench({ store: again, samplesDir: dir, version: 'test', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(again) })
      next.attachHost({ ...fakeHost, concurrency: 1, start: (_: string, payload: StartPayload) => (sent.push(payload), new Promise(() => {})) } as unknown as TrainerHost)
      // the start of its own and the sweep's trial alike: each run stored at its 'started' keeps
      // the word its queue row kept (the trainer is not told it)
      expect(sent).toHaveLength(3)
      for (const p of sent) expect(p).not.toHaveProperty('calendarByDefault')
      const stored: number[] = []
      for (const startId of ours) {
        const before = again.db.prepare('SELECT max(id) AS id FROM runs').get() as { id: number }
        next.sink.onStarted(`start ${startId}`, { type: 'started', epochs: 9, windows: { train: 20, val: 5, test: 5 }, paramCount: 4, notices: [] })
        stored.push((again.db.prepare('SELECT max(id) AS id FROM runs').get() as { id: number }).id)
        expect(stored.at(-1)).toBeGreaterThan(before.id)
      }
      expect(stored.map((id) => keptCalendarByDefault(again.runs.get(id)))).toEqual([true, false, true])
      next.close()
    } finally {
      again.close()
    }
  })

  it('a Resume keeps it where the run’s start did, and not where it did not', async () => {
    const datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'r.csv', sourceFile: null, columns })).datasetId
    const cp = { epoch: 2, valLoss: 0.4, weights: Float32Array.from([1, 1, 1, 1]), layout: [{ name: 'w', shape: [4], offset: 0, size: 4 }], optimizer: { step: 6, m: new Float64Array(4), v: new Float64Array(4), rng: [2, 2, 3, 4] } }
    for (const calendarByDefault of [true, false]) {
      const { id, key } = await startedRun({ datasetId, config, calendarByDefault }, { type: 'started', epochs: 9, windows: { train: 20, val: 5, test: 5 }, paramCount: 4, notices: [] })
      // the run keeps the note from its start, before any epoch ends
      expect(keptCalendarByDefault(store.runs.get(id))).toBe(calendarByDefault)
      store.saveCheckpoint(id, ['last', 'best'], cp)
      wb.sink.onInterrupted(key, 'killed (SIGKILL)')
      await ok('resumeRun', { runId: id })
      expect(starts.at(-1)!.payload).not.toHaveProperty('calendarByDefault')
      // its end writes its notices again: the note kept from its start stays
      wb.sink.onDone(String(id), { epochsRun: 9, bestEpoch: 2, stoppedEarly: false, metrics: [], forecasts: [], intervalCoverage: null, intervalHalfWidth: null, bestBaseline: null, modelFile: {} } as unknown as TrainResult)
      expect(keptCalendarByDefault(store.runs.get(id)), `started with ${calendarByDefault}`).toBe(calendarByDefault)
    }
  })
})
