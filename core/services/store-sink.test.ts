// The store sink end to end: a real trainer process, the host, and a real SQLite file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openStore, type Store } from '../store'
import { FAKE_TRAINER, fakeWeights, testColumns, testPayload } from '../../test/fixtures/trainer/payload'
import { nodeFork } from './node-fork'
import { checkpointFromStore, createStoreSink, type StoreSinkOptions } from './store-sink'
import { TrainerHost } from './trainer-host'
import { runEnding, runError } from './run-words'

let tmp: string
let store: Store
let host: TrainerHost | null = null

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-sink-'))
  store = openStore(path.join(tmp, 'runs.db'), { appVersion: 'test' })
})

afterEach(async () => {
  await host?.shutdown()
  host = null
  store.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

function newRun(): string {
  const datasetId = store.datasets.save({ name: 'sine', columns: testColumns().map((c) => ({ name: c.name, kind: c.kind, data: c.data })) })
  const payload = testPayload()
  return String(store.runs.create({ datasetId, configJson: JSON.stringify(payload.config), seed: payload.config.training.seed }))
}

function hostWith(behaviour: Record<string, unknown>, sinkOptions: StoreSinkOptions = {}): TrainerHost {
  host = new TrainerHost({
    modulePath: FAKE_TRAINER,
    sink: createStoreSink(store, sinkOptions),
    concurrency: 1,
    fork: (p) => nodeFork(p, { env: { ...process.env, FAKE_TRAINER: JSON.stringify(behaviour) } }),
    log: () => {}
  })
  return host
}

describe('store sink', () => {
  it('records a finished run: epochs, best checkpoint, metrics, forecast, status done', async () => {
    const runId = newRun()
    await expect(hostWith({}).start(runId, testPayload({ epochs: 4 }))).resolves.toMatchObject({ status: 'done' })
    const detail = store.getRun(Number(runId))
    expect(detail.run.status).toBe('done')
    expect(detail.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4])
    expect(detail.best?.epoch).toBe(4)
    expect(detail.best?.weights).toEqual(fakeWeights(4, 32))
    expect(detail.metrics).toEqual([{ split: 'val', model: 'model', metric: 'loss', value: expect.any(Number) }])
    expect(detail.forecasts).toHaveLength(1)
  })

  it.each([
    // every: ms between 'last'-only writes; writes: the epochs whose state is written
    { every: 0, writes: [1, 2, 3, 4, 5, 6], last: 6 },
    { every: 3_600_000, writes: [1, 2, 3], last: 3 }
  ])('stores each improvement as best and last, and other epochs as last at most every $every ms', async ({ every, writes, last }) => {
    const runId = newRun()
    const save = vi.spyOn(store, 'saveCheckpoint')
    const h = hostWith({ plateauAt: 3, emitLast: true }, { lastCheckpointEveryMs: every })
    await expect(h.start(runId, testPayload({ epochs: 6 }))).resolves.toMatchObject({ status: 'done' })
    expect(save.mock.calls.map(([, , cp]) => cp.epoch)).toEqual(writes)
    expect(save.mock.calls.filter(([, kinds]) => kinds.includes('best')).map(([, , cp]) => cp.epoch)).toEqual([1, 2, 3])
    expect(store.checkpoints.load(Number(runId), 'best')?.epoch).toBe(3)
    expect(store.checkpoints.load(Number(runId), 'last')?.epoch).toBe(last)
  })

  it('records a killed run as interrupted with its last checkpoint, from which it resumes', async () => {
    const runId = newRun()
    const h = hostWith({ epochDelayMs: 150 })
    const outcome = h.start(runId, testPayload({ epochs: 50 }))
    await new Promise<void>((resolve) => {
      const off = h.onEvent((e) => {
        if (e.type === 'progress' && e.snapshot.epoch >= 2) {
          off()
          resolve()
        }
      })
    })
    process.kill(h.active()[0]!.pid!, 'SIGKILL')
    await expect(outcome).resolves.toEqual({ status: 'interrupted', reason: 'killed (SIGKILL)' })
    expect(store.runs.get(Number(runId))).toMatchObject({ status: 'interrupted', error: 'killed (SIGKILL)' })
    const last = store.resumeRun(Number(runId))
    expect(last.epoch).toBeGreaterThanOrEqual(2)
    expect(last.weights).toEqual(fakeWeights(last.epoch, 32))
    expect(checkpointFromStore(last)).toMatchObject({ epoch: last.epoch, kind: 'last', rngState: [1, 2, 3, last.epoch] })
    const resumed = await h.resume(runId, {
      ...testPayload({ epochs: last.epoch + 2 }),
      resume: { checkpoint: checkpointFromStore(last), epochsDone: last.epoch }
    })
    expect(resumed.status).toBe('done')
    const detail = store.getRun(Number(runId))
    expect(detail.run.status).toBe('done')
    expect(detail.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: last.epoch + 2 }, (_, i) => i + 1))
  })

  it('records a failure and a cancellation', async () => {
    const failing = newRun()
    await hostWith({ throwAt: 1, throwMessage: 'no rows left after dropping missing values' }).start(failing, testPayload())
    expect(store.runs.get(Number(failing))).toMatchObject({ status: 'failed', error: 'Error: no rows left after dropping missing values' })
    await host!.shutdown()
    const cancelled = newRun()
    const h = hostWith({ epochDelayMs: 50 })
    const outcome = h.start(cancelled, testPayload({ epochs: 100 }))
    await h.cancel(cancelled)
    await outcome
    expect(store.runs.get(Number(cancelled)).status).toBe('cancelled')
  })
})

const STARTED = { type: 'started' as const, epochs: 4, windows: { train: 1, val: 1, test: 1 }, paramCount: 1, notices: [] }

describe('how a run ended, stored in both wordings', () => {
  it('a failed run keeps a typed error\'s message without its class name; one that diverged after good epochs is done with its ending, not an error', () => {
    const sink = createStoreSink(store)
    const failed = newRun()
    sink.onStarted(failed, STARTED)
    sink.onFailed(failed, { name: 'DivergedError', message: 'diverged at epoch 1, step 2 (training.lr in the --config file)', app: 'diverged at epoch 1, step 2 (Learning rate in Setup)' })
    const f = store.runs.get(Number(failed))
    // each front end reads its own words of the same stored run, whichever trained it
    expect(runError(f)).toEqual({ message: 'diverged at epoch 1, step 2 (training.lr in the --config file)', app: 'diverged at epoch 1, step 2 (Learning rate in Setup)' })
    expect(runEnding(f)).toBeNull()
    const odd = newRun()
    sink.onStarted(odd, STARTED)
    sink.onFailed(odd, { name: 'TypeError', message: 'x is undefined' })
    expect(store.runs.get(Number(odd))).toMatchObject({ error: 'TypeError: x is undefined', errorApp: null })
    const diverged = newRun()
    sink.onStarted(diverged, STARTED)
    sink.onDone(diverged, { epochsRun: 3, bestEpoch: 3, stoppedEarly: false, metrics: [], forecasts: [], intervalCoverage: null, intervalHalfWidth: null, bestBaseline: null, modelFile: {}, diverged: { epoch: 4, step: 10, words: { message: 'diverged at epoch 4 (training.lr in the --config file)', app: 'diverged at epoch 4 (Learning rate in Setup)' } } })
    const d = store.runs.get(Number(diverged))
    expect([d.status, d.error, runError(d)]).toEqual(['done', null, null])
    expect(runEnding(d)).toEqual({ kind: 'diverged', kept: 3, message: 'diverged at epoch 4 (training.lr in the --config file)', app: 'diverged at epoch 4 (Learning rate in Setup)' })
  })
})
