// The app's sweep, each trial a start of its own stored when its trainer starts training, as fw
// sweep stores its trials: a trial refused before training stores no run and Sweep gets its reason
// in the app's words; the first trial the store will not take stops every other; a sweep none of
// whose trials was stored is dropped; Stop sweep reaches every trial not yet ended. The real host,
// with the fake trainer process.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../core/store'
import { createStoreSink } from '../../core/services/store-sink'
import { TrainerHost } from '../../core/services/trainer-host'
import { nodeFork } from '../../core/services/node-fork'
import { FAKE_TRAINER } from '../../test/fixtures/trainer/payload'
import type { Responses, RunEventMessage } from '../contract'
import { validateEvent } from '../replies'
import type { HostMessage } from '../../core/services/trainer-protocol'
import { trialThreads } from '../../core/train/sweep'
import { availableParallelism } from 'node:os'
import { createDispatcher, createWorkbench } from './handlers'
import { answered } from './testing'

const dir = mkdtempSync(join(tmpdir(), 'fw-sweep-start-'))
const store = openStore(join(dir, 'runs.db'), { appVersion: 'test' })
afterAll(() => store.close())

const N = 64
const columns = [
  { kind: 'numeric' as const, name: 'y', values: Float64Array.from({ length: N }, (_, i) => Math.sin(i / 5)) },
  { kind: 'numeric' as const, name: 'x', values: Float64Array.from({ length: N }, (_, i) => Math.cos(i / 7)) }
]
const config = (epochs: number) => ({ data: { target: 'y', features: ['x'], lookBack: 4 }, model: { cell: 'gru', hiddenSize: 8 }, training: { epochs, lr: 0.01 } })
const refuse = { hiddenSize: 4, message: 'short series: 3 training rows (--look-back 40)', app: 'short series: 3 training rows (Look-back in Setup)' }

/** Every event the workbenches below sent, as the renderer's check (validateEvent) took it: how
 *  many, and the messages of those it refused. */
const pushed = { checked: 0, refused: [] as string[] }
function rendererCheck(m: RunEventMessage): void {
  pushed.checked++
  try {
    validateEvent('runEvent', m)
  } catch (e) {
    pushed.refused.push((e as Error).message)
  }
}

/** A workbench over `s` (the store, or one whose run insert fails) with the real host. */
async function bench(s: Store, o: { concurrency: number; epochDelayMs: number }) {
  const events: RunEventMessage[] = []
  const sent: HostMessage[] = [] // every message the host posted to a trainer
  const wb = createWorkbench({ store: s, samplesDir: dir, version: 't', mode: 'web', broadcast: (m) => { rendererCheck(m); if (m.event.type !== 'queue') events.push(m) } /* the queue's events: handlers.test.ts */, storeSink: createStoreSink(s) })
  const host = new TrainerHost({
    modulePath: FAKE_TRAINER, sink: wb.sink, concurrency: o.concurrency, log: () => {},
    fork: (path) => {
      const child = nodeFork(path, { env: { ...process.env, FAKE_TRAINER: JSON.stringify({ epochDelayMs: o.epochDelayMs, refuse }) } })
      const post = child.postMessage.bind(child)
      child.postMessage = (m) => (sent.push(m), post(m))
      return child
    }
  })
  wb.attachHost(host)
  const d = createDispatcher(wb.impl)
  const ok = <V extends keyof Responses>(verb: V, req: unknown): Promise<Responses[V]> => answered<Responses[V]>(d, verb, req)
  const { datasetId } = await ok('saveDataset', { name: 'f.csv', sourceFile: null, columns })
  let finished = 0
  host.onEvent((e) => void (e.type === 'finished' && finished++))
  /** Resolves once `n` trials have ended, and the workbench has seen each end. */
  const ended = async (n: number): Promise<void> => {
    while (finished < n) await new Promise((r) => setTimeout(r, 20))
    await new Promise((r) => setTimeout(r, 20))
  }
  /** The last event of start `startId` before it was stored, or of its run. */
  const lastOf = (startId: number): RunEventMessage | undefined => {
    const runId = events.find((e) => e.startId === startId && e.runId !== null)?.runId
    return events.filter((e) => e.startId === startId || (runId !== undefined && e.runId === runId)).at(-1)
  }
  return { events, sent, host, ok, datasetId, ended, lastOf }
}
const inSweep = (sweepId: number) => store.runs.list().filter((r) => r.sweepId === sweepId)

describe("the app's sweep stores each trial when its trainer starts training", () => {
  it('a trial refused before training stores no run, and its reason comes in the app\'s words under its start', async () => {
    const b = await bench(store, { concurrency: 1, epochDelayMs: 5 })
    const before = store.runs.list().length
    const r = await b.ok('startSweep', { datasetId: b.datasetId, config: config(3), name: 'hs', grid: { 'model.hiddenSize': [4, 8] } })
    expect(r.startIds).toHaveLength(2)
    // named as fw sweep names its trials: by the sweep's number, apart from every other sweep's
    expect(r.names).toEqual([`sweep ${r.sweepId} · trial 1 · hiddenSize=4`, `sweep ${r.sweepId} · trial 2 · hiddenSize=8`])
    expect(store.runs.list()).toHaveLength(before) // nothing stored at Start
    await b.ended(2)
    await b.host.shutdown()
    const [refused, trained] = r.startIds as [number, number]
    expect(b.lastOf(refused)).toEqual({ runId: null, startId: refused, event: { type: 'failed', error: { name: 'PipelineError', message: refuse.app } } })
    expect(inSweep(r.sweepId).map((x) => [x.name, x.status])).toEqual([[`sweep ${r.sweepId} · trial 2 · hiddenSize=8`, 'done']])
    expect(b.events.find((e) => e.startId === trained && e.event.type === 'started')?.runId).toBe(inSweep(r.sweepId)[0]!.id)
    expect(store.sweeps.list().map((s) => s.id)).toContain(r.sweepId)
  })

  it("stores each trial with the threads the user chose ('auto'), its trainer told the cores left per trial", async () => {
    const b = await bench(store, { concurrency: 2, epochDelayMs: 5 })
    const r = await b.ok('startSweep', { datasetId: b.datasetId, config: config(2), name: 'threads', grid: { 'model.hiddenSize': [8, 12] } })
    await b.ended(2)
    await b.host.shutdown()
    // stored as chosen: a re-run or ⚙ of a trial trains as any run does, and Compare lists no setting nobody chose
    expect(inSweep(r.sweepId).map((x) => (JSON.parse(x.configJson) as { training: { threads: unknown } }).training.threads)).toEqual(['auto', 'auto'])
    // the run keeps the share it trained on, for a Resume to train on the same
    expect(inSweep(r.sweepId).map((x) => x.trialThreads)).toEqual(Array(2).fill(trialThreads('auto', availableParallelism(), 2)))
    // while the sweep runs, its trials share the cores: each trainer is told what is left per trial
    const starts = b.sent.filter((m) => m.type === 'start')
    expect(starts).toHaveLength(2)
    for (const m of starts) expect([m.config.training.threads, (m as { threads?: number }).threads]).toEqual(['auto', trialThreads('auto', availableParallelism(), 2)])
  })

  it('a sweep none of whose trials was stored is dropped', async () => {
    const b = await bench(store, { concurrency: 1, epochDelayMs: 5 })
    const r = await b.ok('startSweep', { datasetId: b.datasetId, config: config(3), name: 'all refused', grid: { 'model.hiddenSize': [4] } })
    expect(store.sweeps.list().map((s) => s.id)).toContain(r.sweepId)
    await b.ended(1)
    await b.host.shutdown()
    expect(b.lastOf(r.startIds[0]!)?.event).toEqual({ type: 'failed', error: { name: 'PipelineError', message: refuse.app } })
    expect(store.sweeps.list().map((s) => s.id)).not.toContain(r.sweepId)
  })

  it('the first trial the store will not take stops every other trial; with none stored the sweep is dropped', async () => {
    const full = new Error('database or disk is full')
    const runs = Object.create(store.runs, { create: { value: () => { throw full } } }) as typeof store.runs
    const failing = Object.create(store, { runs: { value: runs } }) as Store
    const b = await bench(failing, { concurrency: 2, epochDelayMs: 50 })
    const before = store.runs.list().length
    const r = await b.ok('startSweep', { datasetId: b.datasetId, config: config(20), name: 'full', grid: { 'model.hiddenSize': [8, 16, 32] } })
    await b.ended(3)
    await b.host.shutdown()
    expect(store.runs.list()).toHaveLength(before)
    expect(b.events.filter((e) => e.event.type === 'epoch')).toEqual([])
    const last = r.startIds.map((id) => b.lastOf(id)!)
    // one trial fails with the store's reason, the others are stopped before training: nothing stored
    expect(last.every((e) => e.runId === null)).toBe(true)
    expect(last.filter((e) => e.event.type === 'failed').map((e) => e.event)).toEqual([{ type: 'failed', error: { name: 'RecordError', message: expect.stringContaining('database or disk is full') } }])
    expect(last.filter((e) => e.event.type === 'status').map((e) => e.event)).toEqual([
      { type: 'status', status: 'cancelled', error: null }, { type: 'status', status: 'cancelled', error: null }
    ])
    expect(store.sweeps.list().map((s) => s.id)).not.toContain(r.sweepId)
  })

  it('a trial the host refuses to queue (a crash loop) refuses the whole sweep: the trials queued before it stopped, nothing stored, no sweep', async () => {
    const b = await bench(store, { concurrency: 1, epochDelayMs: 50 })
    const real = b.host.start.bind(b.host)
    let n = 0
    b.host.start = (key, payload) => {
      if (++n === 2) throw new Error('the trainer crashed 3 times in 1 minute')
      return real(key, payload)
    }
    const sweeps = store.sweeps.list().length
    const before = store.runs.list().length
    const r = await b.ok('startSweep', { datasetId: b.datasetId, config: config(200), name: 'crash', grid: { 'model.hiddenSize': [8, 16, 32] } }).catch((e: Error) => e)
    expect(r).toEqual(new Error('startSweep: failed the trainer crashed 3 times in 1 minute'))
    await b.ended(1)
    expect(b.host.active()).toEqual([])
    expect(store.runs.list()).toHaveLength(before)
    expect(store.sweeps.list()).toHaveLength(sweeps)
    await b.host.shutdown()
  })

  it('Stop sweep stops every trial not yet ended: training (its run kept, cancelled), starting and queued (nothing stored)', async () => {
    const b = await bench(store, { concurrency: 2, epochDelayMs: 50 })
    const r = await b.ok('startSweep', { datasetId: b.datasetId, config: config(200), name: 'stop', grid: { 'model.hiddenSize': [8, 16, 32] } })
    // the first trial trains (stored), the third waits in the queue
    while (!b.events.some((e) => e.event.type === 'epoch')) await new Promise((res) => setTimeout(res, 20))
    expect(b.host.queued()).toEqual([`start ${r.startIds[2]}`])
    expect(await b.ok('stopSweep', { sweepId: r.sweepId })).toEqual({ stopped: 3 })
    await b.ended(3)
    expect(b.host.active()).toEqual([])
    expect(b.host.queued()).toEqual([])
    const stored = inSweep(r.sweepId)
    expect(stored.length).toBeGreaterThanOrEqual(1)
    expect(stored.every((x) => x.status === 'cancelled')).toBe(true)
    // the queued one never started: its last word is that it was stopped, with no run
    expect(b.lastOf(r.startIds[2]!)).toEqual({ runId: null, startId: r.startIds[2], event: { type: 'status', status: 'cancelled', error: null } })
    // an ended sweep has nothing left to stop
    expect(await b.ok('stopSweep', { sweepId: r.sweepId })).toEqual({ stopped: 0 })
    await b.host.shutdown()
  })
})

describe('the events a sweep sends every window', () => {
  it("all pass the renderer's check of a run event (electron/replies.ts EVENT_SCHEMAS)", () => {
    expect(pushed.checked).toBeGreaterThan(20)
    expect(pushed.refused).toEqual([])
  })
})
