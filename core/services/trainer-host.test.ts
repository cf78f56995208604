// TrainerHost against real child processes (the fake trainer fixture, forked by nodeFork).
import { afterEach, describe, expect, it } from 'vitest'
import { bestValLoss, expandGrid, runSweep } from '../train/sweep'
import type { Checkpoint } from '../train/types'
import { MemorySink, type SinkCall } from '../../test/fixtures/trainer/memory-sink'
import { FAKE_TRAINER, fakeWeights, testColumns, testConfig, testPayload } from '../../test/fixtures/trainer/payload'
import { ProtocolError } from './trainer-protocol'
import { nodeFork } from './node-fork'
import { CrashLoopError, TrainerHost, type HostEvent, type TrainerHostOptions } from './trainer-host'

const hosts: TrainerHost[] = []
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.shutdown()))
})

function setup(behaviour: Record<string, unknown> = {}, options: Partial<TrainerHostOptions> = {}, killGraceMs?: number) {
  const sink = new MemorySink()
  const logs: string[] = []
  const events: HostEvent[] = []
  let forks = 0
  const host = new TrainerHost({
    modulePath: FAKE_TRAINER,
    sink,
    concurrency: 2,
    fork: (path) => {
      forks++
      return nodeFork(path, { env: { ...process.env, FAKE_TRAINER: JSON.stringify(behaviour) }, ...(killGraceMs ? { killGraceMs } : {}) })
    },
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...options
  })
  host.onEvent((e) => events.push(e))
  hosts.push(host)
  return { host, sink, logs, events, forks: () => forks }
}

const kinds = (calls: SinkCall[]): string[] =>
  calls.map((c) => (c.kind === 'epoch' ? `epoch ${c.event.epoch}` : c.kind === 'checkpoint' ? `checkpoint ${c.checkpoint.epoch}` : c.kind))

function expectIntact(cp: Checkpoint, P: number): void {
  expect(cp.weights).toBeInstanceOf(Float32Array)
  expect(cp.weights).toEqual(fakeWeights(cp.epoch, P))
  expect(cp.layout).toEqual([{ name: 'w', shape: [P], offset: 0, size: P }])
  expect(cp.optimizer.m).toBeInstanceOf(Float64Array)
  expect(cp.optimizer.m.length).toBe(P)
}

/** The most runs alive at once, from the host's running/finished events. */
function peakConcurrency(events: HostEvent[]): number {
  let alive = 0
  let peak = 0
  for (const e of events) {
    if (e.type === 'running') peak = Math.max(peak, ++alive)
    if (e.type === 'finished' && alive > 0) alive--
  }
  return peak
}

describe('TrainerHost with a real trainer process', () => {
  it('delivers every event of a full run to the sink, in order', async () => {
    const { host, sink } = setup()
    const outcome = await host.start('r1', testPayload({ epochs: 4, hiddenSize: 8 }))
    expect(outcome.status).toBe('done')
    expect(kinds(sink.of('r1'))).toEqual([
      'started', 'epoch 1', 'checkpoint 1', 'epoch 2', 'checkpoint 2', 'epoch 3', 'checkpoint 3', 'epoch 4', 'checkpoint 4', 'done'
    ])
    const started = sink.of('r1')[0]!
    // The columns reached the trainer as typed arrays ('advanced' serialization).
    expect(started.kind === 'started' && started.event.notices).toEqual([{ message: 'y:Float64Array(64)' }, { message: 'x:Float64Array(64)' }])
    for (const c of sink.of('r1')) if (c.kind === 'checkpoint') expectIntact(c.checkpoint, 32)
    const progress = sink.calls.filter((c) => c.kind === 'progress')
    expect(progress.at(-1)).toMatchObject({ snapshot: { epoch: 4, epochs: 4 } })
    expect(host.active()).toEqual([])
  })

  it('cancels a run midway: status cancelled, the last checkpoint delivered intact, the process gone', async () => {
    const { host, sink } = setup({ epochDelayMs: 30 })
    const outcome = host.start('r1', testPayload({ epochs: 200, hiddenSize: 8 }))
    await sink.waitFor((c) => c.kind === 'checkpoint' && c.checkpoint.epoch === 3)
    const pid = host.active()[0]!.pid!
    await expect(host.cancel('r1')).resolves.toBe(true)
    await expect(outcome).resolves.toEqual({ status: 'cancelled' })
    const calls = sink.of('r1')
    expect(calls.at(-1)!.kind).toBe('cancelled')
    expect(calls.filter((c) => c.kind === 'cancelled')).toHaveLength(1)
    const last = calls.findLast((c) => c.kind === 'checkpoint')
    expect(last?.kind === 'checkpoint' && last.checkpoint.epoch).toBeGreaterThanOrEqual(3)
    if (last?.kind === 'checkpoint') expectIntact(last.checkpoint, 32)
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/)
  })

  it('cancels a trainer that has gone silent, and one that ignores SIGTERM', async () => {
    const hung = setup({ hangAt: 2 })
    const a = hung.host.start('a', testPayload({ epochs: 5 }))
    await hung.sink.waitFor((c) => c.kind === 'checkpoint')
    await expect(hung.host.cancel('a')).resolves.toBe(true)
    await expect(a).resolves.toEqual({ status: 'cancelled' })
    const stubborn = setup({ ignoreSigterm: true, epochDelayMs: 20 }, {}, 100)
    const b = stubborn.host.start('b', testPayload({ epochs: 100 }))
    await stubborn.sink.waitFor((c) => c.kind === 'epoch')
    await expect(stubborn.host.cancel('b')).resolves.toBe(true)
    await expect(b).resolves.toEqual({ status: 'cancelled' })
  })

  it('marks a run interrupted when its trainer is killed with SIGKILL mid-epoch', async () => {
    const { host, sink } = setup({ epochDelayMs: 300 })
    const outcome = host.start('r1', testPayload({ epochs: 50 }))
    // After checkpoint 1 the trainer is 300 ms into epoch 2.
    await sink.waitFor((c) => c.kind === 'checkpoint' && c.checkpoint.epoch === 1)
    const killedAt = performance.now()
    process.kill(host.active()[0]!.pid!, 'SIGKILL')
    await expect(outcome).resolves.toEqual({ status: 'interrupted', reason: 'killed (SIGKILL)' })
    const interrupted = await sink.waitFor((c) => c.kind === 'interrupted')
    console.log(`kill -9 -> interrupted: ${(interrupted.at - killedAt).toFixed(1)} ms`)
    expect(kinds(sink.of('r1'))).toEqual(['started', 'epoch 1', 'checkpoint 1', 'interrupted'])
  })

  it('fails a run with the trainer’s own message when it throws', async () => {
    const { host, sink, events } = setup({ throwAt: 2, throwMessage: 'matrix is singular at epoch 2' })
    const outcome = await host.start('r1', testPayload())
    expect(outcome).toEqual({ status: 'failed', error: { name: 'Error', message: 'matrix is singular at epoch 2' } })
    expect(kinds(sink.of('r1'))).toEqual(['started', 'epoch 1', 'checkpoint 1', 'failed'])
    expect(events.some((e) => e.type === 'crash-loop')).toBe(false)
  })

  it('reports a silent non-zero exit and a native crash as interruptions with their reason', async () => {
    const exit = setup({ exitAt: { epoch: 2, code: 3 } })
    await expect(exit.host.start('r1', testPayload())).resolves.toEqual({ status: 'interrupted', reason: 'exited with code 3' })
    const segv = setup({ signalAt: { epoch: 1, signal: 'SIGSEGV' } })
    await expect(segv.host.start('r1', testPayload())).resolves.toEqual({ status: 'interrupted', reason: 'crashed (SIGSEGV)' })
  })

  it.each([
    ['a string where a number belongs', { malformedAt: 2 }, 'epoch.trainLoss: expected number, got "oops"'],
    ['an unknown message type', { unknownTypeAt: 2 }, 'message.type: unknown message type "bogus"'],
    ['another run’s id', { wrongRunIdAt: 2 }, 'message.runId: expected "r1", got "r1-other"']
  ])('rejects a trainer message with %s and fails the run', async (_what, behaviour, problem) => {
    const { host, sink, logs } = setup(behaviour)
    const outcome = await host.start('r1', testPayload({ epochs: 5 }))
    expect(outcome.status).toBe('failed')
    expect(outcome.status === 'failed' && outcome.error.name).toBe('ProtocolError')
    expect(outcome.status === 'failed' && outcome.error.message).toContain(problem)
    // Nothing from the bad message on was acted on.
    expect(kinds(sink.of('r1'))).toEqual(['started', 'epoch 1', 'checkpoint 1', 'failed'])
    expect(logs.some((l) => l.startsWith('error:') && l.includes(problem))).toBe(true)
  })

  it('fails a global run whose trainer ends it with a single-series done: its series would be lost', async () => {
    const { host, sink } = setup()
    const payload = testPayload({ epochs: 2 })
    payload.config.data.series = { columns: ['store'], values: null, global: { short: 'skip' } }
    payload.columns.push({ name: 'store', kind: 'categorical', data: new Int32Array(64), levels: ['s1'] })
    const outcome = await host.start('r1', payload)
    expect(outcome).toMatchObject({ status: 'failed', error: { name: 'ProtocolError' } })
    expect(outcome.status === 'failed' && outcome.error.message).toContain('done: the run is a global run')
    expect(sink.of('r1').map((c) => c.kind)).not.toContain('done')
  })

  it('rejects a malformed start before forking anything, naming the field', () => {
    const { host, forks } = setup()
    const bad = testPayload()
    ;(bad.config.training as { lr: unknown }).lr = '0.01'
    expect(() => host.start('r1', bad)).toThrow(new ProtocolError('start.config.training.lr', 'must be a number in (0, 10] (got "0.01")'))
    const json = testPayload()
    json.columns[1]!.data = Array.from(json.columns[1]!.data) as unknown as Float64Array
    expect(() => host.start('r2', json)).toThrow('start.columns[1].data: expected Float64Array or Int32Array, got array')
    expect(() => host.resume('r3', testPayload())).toThrow('start.resume: missing')
    expect(forks()).toBe(0)
    expect(host.queued()).toEqual([])
  })

  it('stops starting runs after 3 crashes in 5 minutes with an actionable CrashLoopError', async () => {
    const { host, sink, events } = setup({ signalAt: { epoch: 1, signal: 'SIGSEGV' } }, { concurrency: 1 })
    const outcomes = ['r1', 'r2', 'r3', 'r4'].map((id) => host.start(id, testPayload()))
    const [o1, o2, o3, o4] = await Promise.all(outcomes)
    for (const o of [o1, o2, o3]) expect(o).toEqual({ status: 'interrupted', reason: 'crashed (SIGSEGV)' })
    const message = 'The trainer crashed 3 times in 5 minutes; last error: crashed (SIGSEGV). Try a smaller model or batch size, or restart the app.'
    expect(o4).toEqual({ status: 'failed', error: { name: 'CrashLoopError', message } })
    expect(sink.of('r4').map((c) => c.kind)).toEqual(['queued', 'failed'])
    expect(events.filter((e) => e.type === 'crash-loop')).toHaveLength(1)
    expect(() => host.start('r5', testPayload())).toThrow(CrashLoopError)
    host.resetCrashLoop()
    const r6 = host.start('r6', testPayload())
    await host.cancel('r6')
    await expect(r6).resolves.toEqual({ status: 'cancelled' })
  })

  it('does not count crashes that fall outside the window', async () => {
    let clock = 0
    const { host, events } = setup({ signalAt: { epoch: 1, signal: 'SIGSEGV' } }, { concurrency: 1, now: () => clock })
    for (const id of ['r1', 'r2', 'r3']) {
      await expect(host.start(id, testPayload())).resolves.toMatchObject({ status: 'interrupted' })
      clock += 3 * 60_000 // so no three crashes share one 5-minute window
    }
    expect(events.some((e) => e.type === 'crash-loop')).toBe(false)
    const r4 = host.start('r4', testPayload()) // would throw CrashLoopError if the window were ignored
    await host.cancel('r4')
    await expect(r4).resolves.toEqual({ status: 'cancelled' })
  })

  it('runs two trainers at once without mixing their events', async () => {
    const { host, sink, events } = setup({ epochDelayMs: 20 })
    const a = host.start('a', testPayload({ epochs: 6, hiddenSize: 8 }))
    const b = host.start('b', testPayload({ epochs: 4, hiddenSize: 16 }))
    expect(host.active().map((r) => r.runId)).toEqual(['a', 'b'])
    await expect(Promise.all([a, b])).resolves.toMatchObject([{ status: 'done' }, { status: 'done' }])
    expect(peakConcurrency(events)).toBe(2)
    for (const [id, epochs, P] of [['a', 6, 32], ['b', 4, 64]] as const) {
      const calls = sink.of(id)
      expect(calls[0]).toMatchObject({ kind: 'started', event: { epochs, paramCount: P } })
      expect(calls.filter((c) => c.kind === 'epoch').map((c) => c.kind === 'epoch' && c.event.epoch)).toEqual(
        Array.from({ length: epochs }, (_, i) => i + 1)
      )
      for (const c of calls) if (c.kind === 'checkpoint') expectIntact(c.checkpoint, P)
      expect(calls.at(-1)!.kind).toBe('done')
    }
  })

  it('queues runs beyond its concurrency and starts them in order as slots free', async () => {
    const { host, sink, events } = setup({}, { concurrency: 1 })
    const all = ['a', 'b', 'c'].map((id) => host.start(id, testPayload({ epochs: 2 })))
    expect(host.active().map((r) => r.runId)).toEqual(['a'])
    expect(host.queued()).toEqual(['b', 'c'])
    expect(sink.calls.filter((c) => c.kind === 'queued').map((c) => c.runId)).toEqual(['b', 'c'])
    await expect(Promise.all(all)).resolves.toMatchObject([{ status: 'done' }, { status: 'done' }, { status: 'done' }])
    expect(events.filter((e) => e.type === 'running').map((e) => e.type === 'running' && e.runId)).toEqual(['a', 'b', 'c'])
    expect(peakConcurrency(events)).toBe(1)
  })

  it('cancels a queued run without ever forking it', async () => {
    const { host, sink, forks } = setup({ epochDelayMs: 20 }, { concurrency: 1 })
    const a = host.start('a', testPayload({ epochs: 3 }))
    const b = host.start('b', testPayload())
    await expect(host.cancel('b')).resolves.toBe(true)
    await expect(b).resolves.toEqual({ status: 'cancelled' })
    await expect(a).resolves.toMatchObject({ status: 'done' })
    expect(sink.of('b').map((c) => c.kind)).toEqual(['queued', 'cancelled'])
    expect(forks()).toBe(1)
  })

  it('resumes from a checkpoint, which reaches the trainer intact', async () => {
    const { host, sink, events } = setup()
    const weights = fakeWeights(3, 32)
    const checkpoint: Checkpoint = {
      epoch: 3, kind: 'best', valLoss: 0.5, weights, layout: [{ name: 'w', shape: [32], offset: 0, size: 32 }],
      optimizer: { step: 30, m: new Float64Array(32), v: new Float64Array(32) }, rngState: [1, 2, 3, 4]
    }
    const outcome = await host.resume('r1', { ...testPayload({ epochs: 5 }), resume: { checkpoint, epochsDone: 3 } })
    expect(outcome.status).toBe('done')
    expect(kinds(sink.of('r1'))).toEqual(['started', 'epoch 4', 'checkpoint 4', 'epoch 5', 'checkpoint 5', 'done'])
    const sum = weights.reduce((s, w) => s + w, 0)
    expect(events.find((e) => e.type === 'log')).toMatchObject({ message: `resumed at epoch 4 from Float32Array(32) sum=${sum}` })
  })

  it('kills every trainer at shutdown and marks running and queued runs interrupted', async () => {
    const { host, sink } = setup({ epochDelayMs: 50 }, { concurrency: 1 })
    const a = host.start('a', testPayload({ epochs: 100 }))
    const b = host.start('b', testPayload())
    await sink.waitFor((c) => c.kind === 'epoch')
    const pid = host.active()[0]!.pid!
    await host.shutdown()
    await expect(a).resolves.toEqual({ status: 'interrupted', reason: 'the app quit' })
    await expect(b).resolves.toEqual({ status: 'interrupted', reason: 'the app quit before the run started' })
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/)
    expect(() => host.start('c', testPayload())).toThrow('shut down')
  })

  it('runs a sweep of 4 trials two at a time and ranks them by validation loss', async () => {
    const { host, sink, events } = setup({ epochDelayMs: 10 }, { concurrency: 2 })
    const trials = expandGrid(testConfig({ epochs: 3 }), { 'model.hiddenSize': [8, 16], 'training.lr': [0.01, 0.003] })
    expect(trials).toHaveLength(4)
    const ranked = await runSweep(
      trials,
      async (t) => {
        const id = `trial-${t.index}`
        const outcome = await host.start(id, { config: t.config, columns: testColumns() })
        if (outcome.status !== 'done') throw new Error(`trial ${t.index} ${outcome.status}`)
        return { valLoss: bestValLoss(sink.of(id).flatMap((c) => (c.kind === 'epoch' ? [c.event] : []))) }
      },
      { concurrency: 4 } // the host, not the sweep, limits processes
    )
    expect(peakConcurrency(events)).toBe(2)
    expect(ranked.map((r) => r.error)).toEqual([null, null, null, null])
    const losses = ranked.map((r) => r.valLoss!)
    expect(losses).toEqual([...losses].sort((x, y) => x - y))
    expect(new Set(ranked.map((r) => r.trial.index))).toEqual(new Set([0, 1, 2, 3]))
  })
})
