// One global model across every series, started as the app starts it (issue 13): startRun through
// the workbench's handlers, the real trainer (bundled as the app builds it) forked by TrainerHost,
// and the run recorded in a real store with globalRunResults, so that Evaluate, Runs and Export see
// it as they see a run of fw train --global. Cancel and a refused run leave nothing `running`; a cancelled run resumes.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCsv } from '../core/data'
import { openStore, type Store } from '../core/store'
import { toStoredDataset } from '../core/services/datasets'
import { parseGlobalSummary } from '../core/services/global-run'
import { loadGlobalModelFile } from '../core/train/forecast-global'
import { storedGlobalOnnx } from '../core/services/global-onnx'
import { nodeFork } from '../core/services/node-fork'
import { createStoreSink } from '../core/services/store-sink'
import { TrainerHost, type RunOutcome } from '../core/services/trainer-host'
import { resolveConfig } from '../core/train/config'
import type { TrainConfig } from '../core/train/types'
import type { RunEventMessage, RunSeriesRow } from '../electron/contract'
import { createDispatcher, createWorkbench, type Dispatcher } from '../electron/main/handlers'
import { bundleTrainer } from './fixtures/trainer/bundle'

let bundle: Awaited<ReturnType<typeof bundleTrainer>> | null = null
let store: Store
let host: TrainerHost
let api: Dispatcher
const events: RunEventMessage[] = []

/** A long file: `store,date,sales`, daily rows per store (the last one `short` rows long). */
function longCsv(rows: number, short = rows): string {
  const lines = ['store,date,sales']
  const stores = ['north', 'south', 'east']
  stores.forEach((s, k) => {
    const n = k === stores.length - 1 ? short : rows
    for (let i = rows - n; i < rows; i++) lines.push(`${s},${new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)},${(50 + 10 * k + 5 * Math.sin((2 * Math.PI * i) / 7) + i * 0.05 * (k + 1)).toFixed(2)}`)
  })
  return lines.join('\n') + '\n'
}

async function dataset(csv: string): Promise<number> {
  const ds = await importCsv(csv, { fileName: 'stores.csv' })
  return store.datasets.save(toStoredDataset(ds, 'stores.csv', null))
}

function config(epochs: number, short: 'skip' | 'refuse' = 'skip', oneHot = false): TrainConfig {
  return resolveConfig({
    data: { target: 'sales', time: 'date', features: [], lookBack: 7, series: { columns: ['store'], values: null, global: { short, ...(oneHot ? { oneHot: true } : {}) } } },
    model: { cell: 'gru', hiddenSize: 6 },
    training: { epochs, batchSize: 16, earlyStopping: null, threads: 1 }
  })
}

async function ok<T>(verb: string, req?: unknown): Promise<T> {
  const r = await api.dispatch(verb, req)
  if (!r.ok) throw new Error(`${verb}: ${r.error.code} ${r.error.message}`)
  return r.value as T
}

/** Starts a run through the contract, as the app does: a start handle, the run stored at the
 *  trainer's 'started' (its runId then, null for a start refused before), and the host's outcome. */
async function startRun(datasetId: number, cfg: TrainConfig): Promise<{ startId: number; runId: Promise<number | null>; outcome: Promise<RunOutcome> }> {
  const { startId } = await ok<{ startId: number }>('startRun', { datasetId, config: JSON.parse(JSON.stringify(cfg)) })
  const outcome = host.settled(`start ${startId}`)!
  const started = () => events.find((e) => e.startId === startId && e.event.type === 'started')?.runId ?? null
  const runId = new Promise<number | null>((res) => {
    const poll = setInterval(() => {
      const id = started()
      if (id !== null) clearInterval(poll), res(id)
    }, 10)
    void outcome.then(() => (clearInterval(poll), res(started())))
  })
  return { startId, runId, outcome }
}

beforeAll(async () => {
  bundle = await bundleTrainer('trainer-global')
  store = openStore(join(mkdtempSync(join(tmpdir(), 'fw-trainer-global-')), 'runs.db'), { appVersion: 'test' })
  const wb = createWorkbench({ store, samplesDir: tmpdir(), version: 'test', mode: 'web', broadcast: (m) => { if (m.event.type !== 'queue') events.push(m) } /* the queue's events: handlers.test.ts */, storeSink: createStoreSink(store, { lastCheckpointEveryMs: 0 }) })
  host = new TrainerHost({ fork: (m) => nodeFork(m, { env: { ...process.env, FW_PARALLEL_WORKER: '/nonexistent' } }), modulePath: bundle.trainer, sink: wb.sink, concurrency: 1, progressIntervalMs: 20, log: (l, m) => { if (l === 'error') console.error(m) } })
  wb.attachHost(host)
  api = createDispatcher(wb.impl)
}, 120_000)

afterAll(async () => {
  await host?.shutdown()
  store?.close()
  bundle?.remove()
})

describe('a global run started from the app', () => {
  it('trains in the trainer process, streams its epochs, and is recorded with its series as fw train --global records it', async () => {
    const datasetId = await dataset(longCsv(120))
    const start = await startRun(datasetId, config(3, 'skip', true))
    const o = await start.outcome
    const runId = (await start.runId)!
    expect(o).toMatchObject({ status: 'done' })
    expect(o.status === 'done' && 'global' in o ? o.global.result.series.map((s) => s.key[0]) : null).toEqual(['north', 'south', 'east'])
    const mine = events.filter((e) => e.runId === runId).map((e) => e.event.type)
    expect(mine.filter((t) => t === 'epoch')).toHaveLength(3) // live curves, as for a single run
    expect(mine.at(-1)).toBe('done')
    // after the last epoch the view hears what the run does, with the series done: each series'
    // forecast being chosen, from none to all three
    const choice = events.filter((e) => e.runId === runId && e.event.type === 'progress' && e.event.phase === 'choice').map((e) => e.event)
    expect(choice).toEqual([0, 1, 2, 3].map((done) => ({ type: 'progress', phase: 'choice', done, total: 3 })))
    expect(mine.lastIndexOf('progress')).toBeGreaterThan(mine.lastIndexOf('epoch'))

    const run = store.runs.get(runId)
    expect(run.status).toBe('done')
    const g = parseGlobalSummary(run.globalJson)!
    expect(g.columns).toEqual(['store'])
    expect(g.summary.series).toBe(3)
    expect(g.hasTime).toBe(true)
    const series = await ok<RunSeriesRow[]>('listRunSeries', { runId })
    expect(series.map((s) => s.label)).toEqual(['store = north', 'store = south', 'store = east'])
    for (const s of series) {
      expect(s.n).toBeGreaterThan(0)
      expect(Number.isFinite(s.mae)).toBe(true)
    }
    // no NaN reaches the store: every metric is a finite number or null
    for (const m of store.metrics.list(runId)) expect(m.value === null || Number.isFinite(m.value)).toBe(true)
    const detail = await ok<{ summary: { global: { series: number } | null }; canResume: boolean }>('getRun', { runId })
    expect(detail.summary.global?.series).toBe(3)
    const csv = await ok<{ text: string }>('exportForecastCsv', { runId })
    expect(csv.text.split(/\r?\n/)[0]).toMatch(/^store,time,/)
    expect(store.runs.get(runId).configJson).toContain('"oneHot":true')
    // its best weights are stored as a CLI-made run's are: the global ONNX graph rebuilds from them
    expect(store.checkpoints.load(runId, 'best')).not.toBeNull()
    const graph = storedGlobalOnnx(store, runId)
    expect(graph.length).toBeGreaterThan(1000)
    // the app's Export gives that same graph
    const exported = await ok<{ fileName: string; bytes: Uint8Array }>('exportOnnx', { runId })
    expect(exported.fileName).toBe(`model-run-${runId}.onnx`)
    expect(Buffer.from(exported.bytes).equals(Buffer.from(graph))).toBe(true)
    // the trainer sent its model file, kept with the run under the run's app version, and Export gives it
    const stored = store.runs.globalModel(runId)!
    const file = JSON.parse(stored) as { meta: { appVersion: string } }
    expect(file.meta.appVersion).toBe('test')
    const gm = loadGlobalModelFile(file, 'test')
    expect(gm.series.map((s) => s.key[0])).toEqual(['north', 'south', 'east'])
    expect(o.status === 'done' && 'global' in o ? o.global.result.modelFile : null).toMatchObject({ pipeline: JSON.parse(JSON.stringify(file)).pipeline })
    expect(await ok('exportModel', { runId })).toEqual({ fileName: `model-run-${runId}.json`, text: stored })
    // and each series says what forecasts it, as the CLI and the store have it
    const rows = store.series.list(runId)
    expect(series.map((s) => [s.forecastBy, s.forecastLabel])).toEqual(rows.map((s) => [s.forecastBy, s.forecastLabel]))
    for (const s of series) expect(typeof s.forecastBy).toBe('string')
  }, 120_000)

  it('cancels midway: the run is cancelled, not running; Resume continues it in the trainer to the end, recorded with its series', async () => {
    const datasetId = await dataset(longCsv(120))
    const start = await startRun(datasetId, config(400))
    const outcome = start.outcome
    const runId = (await start.runId)!
    // stopped once a checkpoint is stored: the trainer sends an epoch before its checkpoint, and a
    // stop at once after the first epoch's event could kill it with that checkpoint still on its way
    // (then no checkpoint: a run that cannot resume, as the app says; a clean-clone CI run saw it)
    await new Promise<void>((res) => {
      const poll = setInterval(() => {
        if (events.some((e) => e.runId === runId && e.event.type === 'checkpoint')) clearInterval(poll), res()
      }, 10)
    })
    expect(await ok<{ stopped: boolean }>('stopRun', { runId })).toEqual({ stopped: true })
    expect((await outcome).status).toBe('cancelled')
    expect(store.runs.get(runId).status).toBe('cancelled')
    expect(store.runs.get(runId).globalJson).toBeNull()
    expect((await ok<{ canResume: boolean }>('getRun', { runId })).canResume).toBe(true)
    const stoppedAt = store.checkpoints.load(runId, 'last')!.epoch
    expect(stoppedAt).toBeLessThan(400)
    expect(await ok('resumeRun', { runId })).toEqual({ runId })
    expect((await host.settled(String(runId))!).status).toBe('done')
    const run = store.runs.get(runId)
    expect(run.status).toBe('done')
    expect(store.epochs.list(runId).map((e) => e.epoch)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1))
    expect(parseGlobalSummary(run.globalJson)!.summary.series).toBe(3)
    expect(store.series.list(runId)).toHaveLength(3)
    expect(store.runs.globalModel(runId)).not.toBeNull()
  }, 120_000)

  it('a series too short with short-series "refuse" fails the run, naming the series; nothing stays running', async () => {
    const datasetId = await dataset(longCsv(120, 5)) // east: 5 rows, too few for a window even split on its own rows
    const before = store.runs.list().length
    const refused = await startRun(datasetId, config(3, 'refuse'))
    const o = await refused.outcome
    expect(o.status).toBe('failed')
    // refused before training: no run stored (no number used), and the failure names the series
    expect(await refused.runId).toBeNull()
    expect(store.runs.list()).toHaveLength(before)
    const failed = events.filter((e) => e.startId === refused.startId).at(-1)!
    expect(failed).toMatchObject({ runId: null, event: { type: 'failed' } })
    expect(JSON.stringify(failed.event)).toMatch(/east/)
    // with "skip" the same file trains on the two long series and names the one it skipped
    const skip = await startRun(datasetId, config(2, 'skip'))
    expect((await skip.outcome).status).toBe('done')
    const g = parseGlobalSummary(store.runs.get((await skip.runId)!).globalJson)!
    expect(g.summary.series).toBe(2)
    expect(g.skipped.map((s) => s.label)).toEqual(['store = east'])
  }, 120_000)

  it('refuses a global config whose series column is not in the dataset, naming the field', async () => {
    const datasetId = await dataset(longCsv(60))
    const cfg = config(1)
    cfg.data.series = { ...cfg.data.series!, columns: ['shop'] }
    const r = await api.dispatch('startRun', { datasetId, config: cfg })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-payload', field: 'data.series.columns[0]' } })
  })
})
