// The Backtest verbs over a real store and the real trainer, forked as the app forks it: the folds
// train in the trainer process (main only validates and forwards), every fold's start and scores
// reach the renderer, nothing is stored, and cancel leaves no process and no result behind.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../core/store'
import { resolveConfig } from '../../core/train/config'
import { BacktestHost, type BacktestEvent } from '../../core/services/backtest-host'
import { nodeFork } from '../../core/services/node-fork'
import type { TrainerChild } from '../../core/services/trainer-child'
import { bundleTrainer } from '../../test/fixtures/trainer/bundle'
import type { BacktestEventMessage } from '../contract'
import { validateEvent } from '../replies'
import { createDispatcher, createWorkbench } from './handlers'
import { answered } from './testing'

const dir = mkdtempSync(join(tmpdir(), 'fw-backtest-'))
const store = openStore(join(dir, 'runs.db'), { appVersion: 'test' })
const events: BacktestEventMessage[] = []
const refused: string[] = [] // events the renderer's check refused (validateEvent)
const children: TrainerChild[] = []
let host: BacktestHost
let remove = (): void => {}

const wb = createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: () => {}, storeSink: null })
const d = createDispatcher(wb.impl)

beforeAll(async () => {
  const bundle = await bundleTrainer('backtest')
  remove = bundle.remove
  host = new BacktestHost({
    // one thread: the test needs no worker file
    fork: (path) => {
      const c = nodeFork(path, { env: { ...process.env, FW_PARALLEL_WORKER: '/nonexistent' } })
      children.push(c)
      return c
    },
    modulePath: bundle.trainer,
    onEvent: (jobId, event) => {
      events.push({ jobId, event })
      try {
        validateEvent('backtestEvent', { jobId, event }) // as the renderer checks it
      } catch (e) {
        refused.push((e as Error).message)
      }
    },
    // longer than the test may take: cancel must end the trainer by itself, not by the kill fallback
    cancelGraceMs: 120_000,
    log: () => {}
  })
  wb.attachBacktests(host)
}, 120_000)

afterAll(async () => {
  await host?.shutdown()
  store.close()
  remove()
})

const N = 90
const columns = [
  { kind: 'numeric' as const, name: 'y', values: Float64Array.from({ length: N }, (_, i) => 10 + Math.sin(i / 3) + 0.02 * i) },
  { kind: 'numeric' as const, name: 'x', values: Float64Array.from({ length: N }, (_, i) => Math.cos(i / 5)) }
]
const config = (epochs: number) => resolveConfig({ data: { target: 'y', features: ['x'], lookBack: 4, season: 1 }, model: { cell: 'gru', hiddenSize: 4 }, training: { epochs, threads: 1, earlyStopping: null } })

const ok = <T>(verb: string, req?: unknown): Promise<T> => answered<T>(d, verb, req)
const of = (jobId: number) => events.filter((e) => e.jobId === jobId).map((e) => e.event)
function settled(jobId: number, timeoutMs = 60_000): Promise<BacktestEvent> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now()
    const poll = setInterval(() => {
      const last = of(jobId).find((e) => e.type === 'done' || e.type === 'failed' || e.type === 'cancelled')
      if (last) (clearInterval(poll), resolve(last))
      else if (Date.now() - t0 > timeoutMs) (clearInterval(poll), reject(new Error(`backtest ${jobId} did not end`)))
    }, 20)
  })
}
const alive = (pid: number | undefined) => {
  try {
    return pid !== undefined && process.kill(pid, 0)
  } catch {
    return false
  }
}

describe('startBacktest and cancelBacktest', () => {
  let datasetId = 0
  beforeAll(async () => {
    datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'bt.csv', sourceFile: null, columns })).datasetId
  })

  it('refuses a bad payload before forking anything, naming the field', async () => {
    const field = async (req: unknown) => {
      const r = await d.dispatch('startBacktest', req)
      return r.ok ? null : [r.error.code, r.error.field]
    }
    expect(await field({ datasetId, config: config(1), folds: 1 })).toEqual(['invalid-payload', 'folds'])
    expect(await field({ datasetId, config: config(1), folds: 21 })).toEqual(['invalid-payload', 'folds'])
    expect(await field({ datasetId, config: { ...config(1), training: { ...config(1).training, lr: -1 } }, folds: 3 })).toEqual(['failed', 'training.lr'])
    expect(await field({ datasetId, config: { ...config(1), data: { ...config(1).data, target: 'nope' } }, folds: 3 })).toEqual(['invalid-payload', 'data.target'])
    expect(children).toHaveLength(0)
  })

  it('refuses more folds than the rows allow before starting, naming the most that fit', async () => {
    // 90 rows: each fold's test block is floor(90 × 0.3 / k) rows, so 27 folds at most; 40 rows, 12
    const short = (await ok<{ datasetId: number }>('saveDataset', { name: 'short.csv', sourceFile: null, columns: columns.map((c) => ({ ...c, values: c.values.slice(0, 40) })) })).datasetId
    const r = await d.dispatch('startBacktest', { datasetId: short, config: config(1), folds: 13 })
    expect(r.ok ? null : [r.error.code, r.error.field, r.error.message]).toEqual(['invalid-payload', 'folds', 'folds: 13 folds do not fit: the last 30 % of 40 rows cannot give each of 13 folds a row to score; these 40 rows allow at most 12 folds'])
    const tiny = (await ok<{ datasetId: number }>('saveDataset', { name: 'tiny.csv', sourceFile: null, columns: columns.map((c) => ({ ...c, values: c.values.slice(0, 6) })) })).datasetId
    const t = await d.dispatch('startBacktest', { datasetId: tiny, config: config(1), folds: 2 })
    expect(t.ok ? null : t.error.message).toBe('folds: 2 folds do not fit: the last 30 % of 6 rows cannot give each of 2 folds a row to score; no backtest fits these 6 rows')
    // a look-back the first fold is too short for (40 rows, 2 folds: 28 before the first block, 23
    // of them to train; look-back 30 needs 31): refused here, not by the trainer after starting
    const long = resolveConfig({ ...config(1), data: { ...config(1).data, lookBack: 30 } })
    const l = await d.dispatch('startBacktest', { datasetId: short, config: long, folds: 2 })
    expect(l.ok ? null : [l.error.field, l.error.message]).toEqual(['folds', 'folds: 2 folds do not fit: the first fold would train on 28 rows; look-back 30 and horizon 1 need at least 37 (85 % of them to train, 15 % to validate); no backtest fits these 40 rows'])
    // the panel asks the same before Run: the most folds (up to the panel's 20) and why not one more
    expect(await ok('backtestLimit', { datasetId: short, config: config(1) })).toEqual({ most: 12, why: 'the last 30 % of 40 rows cannot give each of 13 folds a row to score' })
    expect(await ok('backtestLimit', { datasetId: short, config: long })).toEqual({ most: 0, why: 'the first fold would train on 28 rows; look-back 30 and horizon 1 need at least 37 (85 % of them to train, 15 % to validate)' })
    expect(await ok('backtestLimit', { datasetId, config: config(1) })).toEqual({ most: 20, why: null })
    expect(children).toHaveLength(0)
  })

  it('trains every fold in the trainer process, tells each fold, and stores nothing', async () => {
    const runsBefore = store.runs.list().length
    const { jobId } = await ok<{ jobId: number }>('startBacktest', { datasetId, config: config(1), folds: 3 })
    const end = await settled(jobId)
    expect(end.type).toBe('done')
    const seen = of(jobId)
    expect(seen.filter((e) => e.type === 'fold-started').map((e) => (e.type === 'fold-started' ? [e.fold, e.folds, e.epochs] : null))).toEqual([[1, 3, 1], [2, 3, 1], [3, 3, 1]])
    expect(seen.filter((e) => e.type === 'fold-done')).toHaveLength(3)
    const folds = end.type === 'done' ? end.folds : []
    expect(folds.map((f) => f.fold)).toEqual([1, 2, 3])
    // later folds train on more rows, each scored on a block of its own
    expect(folds[0]!.trainRows).toBeLessThan(folds[2]!.trainRows)
    for (const f of folds) {
      expect(f.metrics.find((m) => m.model === 'model' && m.metric === 'rmse')?.value).toBeGreaterThan(0)
      expect(f.metrics.some((m) => m.model === 'naive' && m.metric === 'rmse')).toBe(true)
    }
    expect(store.runs.list()).toHaveLength(runsBefore)
    await expect.poll(() => host.active()).toEqual([])
  }, 90_000)

  it("backtests a global run's settings in the trainer: every series cut at the same dates, scored pooled", async () => {
    const day = 864e5
    const n = 50
    const shops = ['a', 'b']
    const cols = [
      { kind: 'categorical' as const, name: 'shop', codes: Int32Array.from({ length: 2 * n }, (_, i) => Math.floor(i / n)), levels: shops },
      { kind: 'date' as const, name: 'when', values: Float64Array.from({ length: 2 * n }, (_, i) => Date.UTC(2021, 0, 1) + (i % n) * day), format: 'iso' as const, hasTime: false },
      { kind: 'numeric' as const, name: 'y', values: Float64Array.from({ length: 2 * n }, (_, i) => 10 + 20 * Math.floor(i / n) + Math.sin(i / 3)) }
    ]
    const id = (await ok<{ datasetId: number }>('saveDataset', { name: 'shops.csv', sourceFile: null, columns: cols })).datasetId
    const global = resolveConfig({ data: { target: 'y', features: [], time: 'when', lookBack: 4, season: 1, series: { columns: ['shop'], values: null, global: { short: 'skip' } } }, model: { cell: 'gru', hiddenSize: 4, forecaster: 'network' }, training: { epochs: 1, threads: 1, earlyStopping: null } })
    // 50 distinct days: blocks of floor(15 / k) days, one at least
    expect(await ok('backtestLimit', { datasetId: id, config: global })).toEqual({ most: 15, why: 'the last 30 % of 50 distinct dates cannot give each of 16 folds a date to score' })
    const { jobId } = await ok<{ jobId: number }>('startBacktest', { datasetId: id, config: global, folds: 2 })
    const end = await settled(jobId)
    expect(end.type).toBe('done')
    const folds = end.type === 'done' ? end.folds : []
    // blocks of 7 days: the first fold trains on 36 days of each shop, the second on 43
    expect(folds.map((f) => [f.fold, f.trainRows, f.testRows])).toEqual([[1, 72, 14], [2, 86, 14]])
    for (const f of folds) expect(f.metrics.find((m) => m.model === 'model' && m.metric === 'mase')?.value).toBeGreaterThan(0)
  }, 90_000)

  it('cancel stops the backtest: its process exits, no result follows, and nothing is left running', async () => {
    const { jobId } = await ok<{ jobId: number }>('startBacktest', { datasetId, config: config(5000), folds: 4 })
    await expect.poll(() => of(jobId).some((e) => e.type === 'epoch'), { timeout: 30_000 }).toBe(true)
    const child = children.at(-1)!
    expect(alive(child.pid)).toBe(true)
    expect(await ok<{ cancelled: boolean }>('cancelBacktest', { jobId })).toEqual({ cancelled: true })
    // cancel resolves once the process has gone
    expect(host.active()).toEqual([])
    expect(alive(child.pid)).toBe(false)
    const seen = of(jobId)
    expect(seen.at(-1)).toEqual({ type: 'cancelled' })
    expect(seen.some((e) => e.type === 'done' || e.type === 'fold-done')).toBe(false)
    // a second cancel, or one of a job that never was, cancels nothing
    expect(await ok<{ cancelled: boolean }>('cancelBacktest', { jobId })).toEqual({ cancelled: false })
    expect(await ok<{ cancelled: boolean }>('cancelBacktest', { jobId: 999 })).toEqual({ cancelled: false })
  }, 60_000)
})

describe('the events a backtest sends every window', () => {
  it("all pass the renderer's check of a backtest event (electron/replies.ts EVENT_SCHEMAS), each kind of them", () => {
    expect([...new Set(events.map((e) => e.event.type))]).toEqual(expect.arrayContaining(['fold-started', 'epoch', 'progress', 'fold-done', 'done', 'cancelled']))
    expect(refused).toEqual([])
  })
})
