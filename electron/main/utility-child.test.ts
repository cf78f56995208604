// Stop pressed at any moment of an Electron trainer's life (issue 17): the real TrainerHost over
// adaptUtilityProcess, with a stand-in UtilityProcess that behaves as Electron's does before
// 'spawn': no pid, kill() returns false and does nothing, postMessage is queued.
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { MemorySink } from '../../test/fixtures/trainer/memory-sink'
import { testPayload } from '../../test/fixtures/trainer/payload'
import { TrainerHost, type HostEvent } from '../../core/services/trainer-host'
import { adaptUtilityProcess } from './utility-child'

const pids: number[] = []

class LateUtility extends EventEmitter {
  pid: number | undefined = undefined
  stderr = new PassThrough()
  posted: { type: string }[] = []
  kills = 0
  static next = 100
  postMessage(m: { type: string }): void {
    this.posted.push(m)
  }
  kill(): boolean {
    if (this.pid === undefined) return false // UtilityProcessWrapper::Kill before launch
    this.kills++
    setTimeout(() => this.exit(0))
    return true
  }
  spawn(): void {
    this.pid = LateUtility.next++
    pids.push(this.pid)
    this.emit('spawn')
  }
  exit(code: number): void {
    if (this.listenerCount('exit') === 0 || this.exited) return
    this.exited = true
    this.pid = undefined
    this.emit('exit', code)
  }
  exited = false
}

function setup() {
  const procs: LateUtility[] = []
  const app = new EventEmitter()
  const sink = new MemorySink()
  const events: HostEvent[] = []
  const host = new TrainerHost({
    modulePath: 'trainer.js',
    sink,
    concurrency: 1,
    log: () => {},
    fork: () => {
      const p = new LateUtility()
      procs.push(p)
      return adaptUtilityProcess(p, app, `trainer ${procs.length}`)
    }
  })
  host.onEvent((e) => events.push(e))
  return { host, sink, procs, events }
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms))

describe('cancel at any moment of an Electron trainer', () => {
  it('before spawn: the kill is held until spawn, the run ends cancelled and the queued run starts', async () => {
    pids.length = 0
    const { host, sink, procs, events } = setup()
    const first = host.start('r1', testPayload())
    const second = host.start('r2', testPayload())
    expect(procs).toHaveLength(1)
    expect(procs[0]!.posted.map((m) => m.type)).toEqual(['start']) // queued on the pipe
    const cancelled = host.cancel('r1')
    await tick()
    expect(procs[0]!.kills).toBe(0) // nothing to kill yet, and Electron's kill() would do nothing
    procs[0]!.spawn()
    await expect(first).resolves.toEqual({ status: 'cancelled' })
    await expect(cancelled).resolves.toBe(true)
    expect(procs[0]!.kills).toBe(1)
    expect(sink.of('r1').map((c) => c.kind)).toEqual(['cancelled'])
    // Nothing waits behind it: r2 got its own process.
    expect(procs).toHaveLength(2)
    procs[1]!.spawn()
    void host.cancel('r2')
    await expect(second).resolves.toEqual({ status: 'cancelled' })
    // `running` came at spawn, with the pid (before the fix it came at fork, with undefined).
    expect(events.filter((e) => e.type === 'running')).toEqual([
      { type: 'running', runId: 'r1', pid: pids[0] },
      { type: 'running', runId: 'r2', pid: pids[1] }
    ])
  })

  it('a process that never spawns (launch failed) still ends the cancelled run', async () => {
    const { host, procs } = setup()
    const outcome = host.start('r1', testPayload())
    void host.cancel('r1')
    procs[0]!.exit(1) // Electron emits 'exit' when the launch fails, without 'spawn'
    await expect(outcome).resolves.toEqual({ status: 'cancelled' })
  })

  it('during start (spawned, no `started` yet): killed and cancelled', async () => {
    const { host, procs, events } = setup()
    const outcome = host.start('r1', testPayload())
    procs[0]!.spawn()
    await tick()
    const pid = procs[0]!.pid
    expect(events.find((e) => e.type === 'running')).toEqual({ type: 'running', runId: 'r1', pid })
    expect(host.active()[0]!.pid).toBe(pid)
    void host.cancel('r1')
    await expect(outcome).resolves.toEqual({ status: 'cancelled' })
    expect(procs[0]!.posted.map((m) => m.type)).toEqual(['start', 'cancel'])
  })

  it('after done: nothing to cancel, the run stays done', async () => {
    const { host, procs, sink } = setup()
    const outcome = host.start('r1', testPayload())
    procs[0]!.spawn()
    const p = procs[0]!
    p.emit('message', { runId: 'r1', type: 'started', epochs: 1, windows: { train: 1, val: 1, test: 1 }, paramCount: 1, notices: [] })
    // The trainer's final report; the process has not exited yet when Stop arrives.
    const result = {
      epochsRun: 1, bestEpoch: 1, stoppedEarly: false,
      metrics: [{ split: 'val', model: 'model', metric: 'loss', value: 0.5 }],
      forecasts: [{ ts: 63, step: 1, value: 1, lower: 0, upper: 2, actual: 1 }],
      intervalCoverage: 0.9, intervalHalfWidth: 1, bestBaseline: 'naive', modelFile: { fake: true }
    }
    p.emit('message', { runId: 'r1', type: 'done', result })
    await expect(host.cancel('r1')).resolves.toBe(false)
    await expect(outcome).resolves.toMatchObject({ status: 'done' })
    expect(sink.of('r1').map((c) => c.kind)).toEqual(['started', 'done'])
    await expect(host.cancel('r1')).resolves.toBe(false)
  })
})
