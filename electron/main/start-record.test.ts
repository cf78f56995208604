// A start whose run cannot be stored at the trainer's 'started' (the store's insert fails: its
// parent deleted during a Re-run, a full disk): the trainer is stopped at once, nothing is stored,
// and Train gets the store's reason. The real host, with the fake trainer process.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../core/store'
import { createStoreSink } from '../../core/services/store-sink'
import { TrainerHost } from '../../core/services/trainer-host'
import { nodeFork } from '../../core/services/node-fork'
import { FAKE_TRAINER } from '../../test/fixtures/trainer/payload'
import type { RunEventMessage } from '../contract'
import { createDispatcher, createWorkbench } from './handlers'

const dir = mkdtempSync(join(tmpdir(), 'fw-start-record-'))
const store = openStore(join(dir, 'runs.db'), { appVersion: 'test' })
afterAll(() => store.close())

describe('a run that cannot be stored when its trainer starts', () => {
  it('stops the trainer at once, stores nothing, and tells Train the store\'s reason', async () => {
    const N = 64
    const events: RunEventMessage[] = []
    const full = new Error('database or disk is full')
    // the store as it is, but its run insert fails
    const runs = Object.create(store.runs, { create: { value: () => { throw full } } }) as typeof store.runs
    const failing = Object.create(store, { runs: { value: runs } }) as typeof store
    const wb = createWorkbench({ store: failing, samplesDir: dir, version: 't', mode: 'web', broadcast: (m) => { if (m.event.type !== 'queue') events.push(m) } /* the queue's events: handlers.test.ts */, storeSink: createStoreSink(failing) })
    const host = new TrainerHost({
      modulePath: FAKE_TRAINER, sink: wb.sink, concurrency: 1, log: () => {},
      fork: (path) => nodeFork(path, { env: { ...process.env, FAKE_TRAINER: JSON.stringify({ epochDelayMs: 50 }) } })
    })
    wb.attachHost(host)
    const d = createDispatcher(wb.impl)
    const columns = [
      { kind: 'numeric' as const, name: 'y', values: Float64Array.from({ length: N }, (_, i) => Math.sin(i / 5)) },
      { kind: 'numeric' as const, name: 'x', values: Float64Array.from({ length: N }, (_, i) => Math.cos(i / 7)) }
    ]
    const saved = await d.dispatch('saveDataset', { name: 'f.csv', sourceFile: null, columns })
    if (!saved.ok) throw new Error(saved.error.message)
    const datasetId = (saved.value as { datasetId: number }).datasetId
    const config = { data: { target: 'y', features: ['x'], lookBack: 4 }, model: { cell: 'gru', hiddenSize: 8 }, training: { epochs: 20, lr: 0.01 } }
    const before = store.runs.list().length
    const r = await d.dispatch('startRun', { datasetId, config })
    if (!r.ok) throw new Error(r.error.message)
    const startId = (r.value as { startId: number }).startId
    await new Promise<void>((resolve) => host.onEvent((e) => e.type === 'finished' && resolve()))
    await host.shutdown()
    expect(store.runs.list()).toHaveLength(before)
    expect(events.filter((e) => e.event.type === 'epoch')).toEqual([])
    expect(events.at(-1)).toEqual({ runId: null, startId, event: { type: 'failed', error: { name: 'RecordError', message: expect.stringContaining('database or disk is full') } } })
  })
})
