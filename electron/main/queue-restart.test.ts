// The training queue outlives the app: a start waiting in the queue when the app (or the browser-
// mode server) stops is queued again, under the same handle, when the app next opens the database,
// and appInfo says so. A sweep cut short is queued again too, its remaining trials only, as trials
// of the same sweep. The real host and store, with the fake trainer process.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../core/store'
import { createStoreSink } from '../../core/services/store-sink'
import { TrainerHost } from '../../core/services/trainer-host'
import { nodeFork } from '../../core/services/node-fork'
import { FAKE_TRAINER } from '../../test/fixtures/trainer/payload'
import type { AppInfo, Responses, TrainingItem } from '../contract'
import { createDispatcher, createWorkbench } from './handlers'

const N = 64
const columns = [
  { kind: 'numeric' as const, name: 'y', values: Float64Array.from({ length: N }, (_, i) => Math.sin(i / 5)) },
  { kind: 'numeric' as const, name: 'x', values: Float64Array.from({ length: N }, (_, i) => Math.cos(i / 7)) }
]
const config = (lr: number) => ({ data: { target: 'y', features: ['x'], lookBack: 4 }, model: { cell: 'gru', hiddenSize: 8 }, training: { epochs: 3, lr } })

/** The app's back end over `store`: a workbench and a host training one run at a time. */
function app(store: Store, epochDelayMs: number) {
  const wb = createWorkbench({ store, samplesDir: store.file, version: 't', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(store) })
  const host = new TrainerHost({
    modulePath: FAKE_TRAINER, sink: wb.sink, concurrency: 1, log: () => {},
    fork: (path) => nodeFork(path, { env: { ...process.env, FAKE_TRAINER: JSON.stringify({ epochDelayMs }) } })
  })
  wb.attachHost(host)
  const d = createDispatcher(wb.impl)
  const call = async <T>(verb: Parameters<typeof d.dispatch>[0], req: unknown): Promise<T> => {
    const r = await d.dispatch(verb, req as never)
    if (!r.ok) throw new Error(r.error.message)
    return r.value as T
  }
  return { host, call }
}

/** The pid of a process that has exited: what the rows of an app killed with -9 name. */
async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((r) => c.once('exit', r))
  return c.pid!
}

/** A new database holding one dataset, with the app over it. */
async function opened(epochDelayMs: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'fw-queue-restart-')), 'runs.db')
  const store = openStore(file, { appVersion: 't' })
  const a = app(store, epochDelayMs)
  const { datasetId } = await a.call<{ datasetId: number }>('saveDataset', { name: 'f.csv', sourceFile: null, columns })
  return { file, store, a, datasetId }
}

/** The app's process is gone (killed with -9): its queue's rows name a pid that has exited. */
async function gone(store: Store): Promise<void> {
  store.db.prepare('UPDATE queued_starts SET owner_pid = ?').run(await deadPid())
}

/** Resolves when every training of `host` has ended. */
const idle = (host: TrainerHost) => new Promise<void>((resolve) => {
  const check = () => host.active().length + host.queued().length === 0 && resolve()
  host.onEvent((e) => e.type === 'finished' && setTimeout(check, 0))
  check()
})

describe('the training queue across a restart of the app', () => {
  it('queues again, in order and under the same handles, the starts waiting when the app stopped; one removed from the queue stays removed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fw-queue-restart-')), 'runs.db')
    const first = openStore(file, { appVersion: 't' })
    const a = app(first, 2000)
    const { datasetId } = await a.call<{ datasetId: number }>('saveDataset', { name: 'f.csv', sourceFile: null, columns })
    const ids: number[] = []
    for (const [lr, name] of [[0.01, null], [0.02, 'second'], [0.03, null], [0.04, 'removed']] as const) {
      ids.push((await a.call<{ startId: number }>('startRun', { datasetId, config: config(lr), name })).startId)
    }
    await a.call('cancelStart', { startId: ids[3] })
    // the first is training: its run is stored (it is resumable after the stop, not queued again)
    while ((await a.call<TrainingItem[]>('listTraining', undefined))[0]!.runId === null) await new Promise((r) => setTimeout(r, 20))
    expect((await a.call<TrainingItem[]>('listTraining', undefined)).map((t) => [t.startId, t.state])).toEqual([[ids[0], 'training'], [ids[1], 'queued'], [ids[2], 'queued']])
    // the app stops (killed: its pid is then gone, and the run it trained is left running)
    await a.host.shutdown()
    const dead = await deadPid()
    first.db.prepare('UPDATE queued_starts SET owner_pid = ?').run(dead)
    first.db.prepare("UPDATE runs SET status = 'running', error = NULL, finished_at = NULL, owner_pid = ? WHERE status = 'interrupted'").run(dead)
    const trained = (first.db.prepare("SELECT id FROM runs WHERE status = 'running'").get() as { id: number }).id
    first.close()

    const second = openStore(file, { appVersion: 't' })
    const b = app(second, 1)
    const info = await b.call<AppInfo>('appInfo', undefined)
    // one trains at once (nothing else does: the run that was training is interrupted, not resumed),
    // the other waits behind it; the run interrupted is named, to be resumed
    expect(info.requeue).toEqual({ started: 1, queued: 1, refused: [], sweeps: [] })
    expect(info.interrupted).toEqual([{ runId: trained, name: null }])
    const listed = await b.call<TrainingItem[]>('listTraining', undefined)
    expect(listed.map((t) => [t.startId, t.name])).toEqual([[ids[1], 'second'], [ids[2], null]])
    await idle(b.host)
    // each became a run with its own settings, and left the queue as it was stored
    const runs = second.runs.list().filter((r) => r.status === 'done')
    expect(runs.map((r) => [r.name, JSON.parse(r.configJson).training.lr])).toEqual([[null, 0.03], ['second', 0.02]])
    expect(second.queue.mine()).toEqual([])
    expect(second.runs.list().filter((r) => r.status === 'interrupted')).toHaveLength(1)
    // a new start takes a handle none of those queued again had
    const next = await b.call<{ startId: number }>('startRun', { datasetId, config: config(0.05) })
    expect(next.startId).toBeGreaterThan(ids[2]!)
    await idle(b.host)
    await b.host.shutdown()
    second.close()
  }, 30_000)

  it('a start that can no longer be queued (its config refused by this version) leaves the queue, and appInfo says which and why', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fw-queue-restart-')), 'runs.db')
    const s = openStore(file, { appVersion: 't' })
    const b0 = app(s, 1)
    const { datasetId } = await b0.call<{ datasetId: number }>('saveDataset', { name: 'f.csv', sourceFile: null, columns })
    await b0.host.shutdown()
    const row = s.queue.add({ startId: 7, datasetId, configJson: JSON.stringify({ ...config(0.01), model: { cell: 'transformer' } }), name: 'old' })
    s.db.prepare('UPDATE queued_starts SET owner_pid = ? WHERE id = ?').run(await deadPid(), row)
    s.close()
    const s2 = openStore(file, { appVersion: 't' })
    const b = app(s2, 1)
    const info = await b.call<AppInfo>('appInfo', undefined)
    expect(info.requeue.queued).toBe(0)
    expect(info.requeue.refused).toEqual([expect.stringMatching(/^“old” on f\.csv: .*cell/)])
    expect(s2.db.prepare('SELECT count(*) AS n FROM queued_starts').get()).toEqual({ n: 0 })
    await b.host.shutdown()
    s2.close()
  }, 30_000)

  it('a sweep cut short comes back with its remaining trials only, in order, as trials of the same sweep; those begun are not run again', async () => {
    const { file, store: first, a, datasetId } = await opened(20)
    // one trial at a time: the first two end at once, the third trains long enough to be cut short
    const sweep = await a.call<Responses['startSweep']>('startSweep', { datasetId, config: config(0.01), name: 'ep', grid: { 'training.epochs': [1, 2, 400, 3, 4] } })
    expect(first.queue.mine().map((q) => q.sweep)).toEqual(Array(5).fill({ id: sweep.sweepId, trials: 5 }))
    const third = () => first.runs.list().find((r) => r.name === sweep.names[2])
    while (third()?.status !== 'running') await new Promise((r) => setTimeout(r, 20))
    await a.host.shutdown()
    await gone(first)
    first.close()

    const second = openStore(file, { appVersion: 't' })
    const b = app(second, 1)
    const info = await b.call<AppInfo>('appInfo', undefined)
    expect(info.requeue).toEqual({ started: 0, queued: 0, refused: [], sweeps: [{ name: 'ep', trials: 5, done: 3, queued: 2, refused: [] }] })
    const listed = await b.call<TrainingItem[]>('listTraining', undefined)
    expect(listed.map((t) => [t.startId, t.name, t.sweepId])).toEqual([[sweep.startIds[3], 'sweep 1 · trial 4 · epochs=3', sweep.sweepId], [sweep.startIds[4], 'sweep 1 · trial 5 · epochs=4', sweep.sweepId]])
    await idle(b.host)
    // every trial once: the two that ended and the one cut short (resumable) are not run again
    const trials = second.runs.list().filter((r) => r.sweepId === sweep.sweepId).sort((x, y) => x.id - y.id)
    expect(trials.map((r) => [r.name, r.status])).toEqual([
      ['sweep 1 · trial 1 · epochs=1', 'done'], ['sweep 1 · trial 2 · epochs=2', 'done'], ['sweep 1 · trial 3 · epochs=400', 'interrupted'], ['sweep 1 · trial 4 · epochs=3', 'done'], ['sweep 1 · trial 5 · epochs=4', 'done']
    ])
    expect(second.queue.mine()).toEqual([])
    expect(second.sweeps.get(sweep.sweepId).name).toBe('ep')
    await b.host.shutdown()
    second.close()
  }, 30_000)

  it('a sweep none of whose trials had begun keeps its sweep across the stop; a trial that can no longer be queued is named, the others run', async () => {
    const { file, store: first, a, datasetId } = await opened(2000)
    const ahead = await a.call<{ startId: number }>('startRun', { datasetId, config: config(0.01), name: 'ahead' })
    const sweep = await a.call<Responses['startSweep']>('startSweep', { datasetId, config: config(0.01), name: 'lr', grid: { 'training.lr': [0.02, 0.03, 0.04] } })
    while ((await a.call<TrainingItem[]>('listTraining', undefined))[0]!.runId === null) await new Promise((r) => setTimeout(r, 20))
    // the app stops with every trial still queued: the sweep is kept for its rows
    await a.host.shutdown()
    expect(first.sweeps.list().map((w) => w.id)).toContain(sweep.sweepId)
    await gone(first)
    // this version no longer takes the second trial's settings
    first.db.prepare("UPDATE queued_starts SET config_json = json_set(config_json, '$.model.cell', 'transformer') WHERE start_id = ?").run(sweep.startIds[1])
    first.close()

    const second = openStore(file, { appVersion: 't' })
    const b = app(second, 1)
    const info = await b.call<AppInfo>('appInfo', undefined)
    expect(info.requeue.queued).toBe(0)
    // the refused trial is said under its sweep (started again with the sweep), not as a plain start
    expect(info.requeue.sweeps).toEqual([{ name: 'lr', trials: 3, done: 0, queued: 2, refused: [expect.stringMatching(/^“sweep 1 · trial 2 · lr=0\.03” on f\.csv: .*cell/)] }])
    expect(info.requeue.refused).toEqual([])
    expect((await b.call<TrainingItem[]>('listTraining', undefined)).map((t) => t.startId)).toEqual([sweep.startIds[0], sweep.startIds[2]])
    expect(ahead.startId).toBeLessThan(sweep.startIds[0]!)
    await idle(b.host)
    expect(second.runs.list().filter((r) => r.sweepId === sweep.sweepId).map((r) => r.name).sort()).toEqual(['sweep 1 · trial 1 · lr=0.02', 'sweep 1 · trial 3 · lr=0.04'])
    expect(second.db.prepare('SELECT count(*) AS n FROM queued_starts').get()).toEqual({ n: 0 })
    await b.host.shutdown()
    second.close()
  }, 30_000)
})
