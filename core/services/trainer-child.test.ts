// Exit classification of both TrainerChild adapters. The Electron one runs against stand-in
// emitters (there is no Electron binary here); the Node one against real processes.
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import type { Details } from 'electron'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FAKE_TRAINER, testPayload } from '../../test/fixtures/trainer/payload'
import { MemorySink } from '../../test/fixtures/trainer/memory-sink'
import { classify, nodeFork } from './node-fork'
import { describeExit, type ExitInfo } from './trainer-child'
import { TrainerHost } from './trainer-host'
import { GONE_WAIT_MS, adaptUtilityProcess } from '../../electron/main/utility-child'

class FakeUtility extends EventEmitter {
  pid: number | undefined = 4242
  stderr = new PassThrough()
  posted: unknown[] = []
  killed = false
  postMessage(m: unknown): void {
    this.posted.push(m)
  }
  kill(): boolean {
    this.killed = true
    return true
  }
}

const gone = (name: string, reason: Details['reason'], exitCode = 1): Details => ({ type: 'Utility', reason, exitCode, name, serviceName: name })

function utility() {
  const proc = new FakeUtility()
  const app = new EventEmitter()
  const child = adaptUtilityProcess(proc, app, 'trainer 1')
  const exits: ExitInfo[] = []
  child.onExit((info) => exits.push(info))
  return { proc, app, child, exits }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('Electron utility process adapter', () => {
  it('classifies an exit by the child-process-gone that came before it', () => {
    const { proc, app, exits } = utility()
    app.emit('child-process-gone', {}, gone('trainer 2', 'crashed')) // another process: ignored
    app.emit('child-process-gone', {}, gone('trainer 1', 'oom'))
    proc.emit('exit', 1)
    expect(exits).toEqual([{ code: 1, signal: null, reason: 'oom' }])
    expect(app.listenerCount('child-process-gone')).toBe(0)
  })

  it('waits briefly for a child-process-gone that comes after the exit', () => {
    vi.useFakeTimers()
    const { proc, app, exits } = utility()
    proc.emit('exit', 139)
    expect(exits).toEqual([])
    app.emit('child-process-gone', {}, gone('trainer 1', 'crashed', 139))
    expect(exits).toEqual([{ code: 139, signal: null, reason: 'crashed' }])
    vi.advanceTimersByTime(GONE_WAIT_MS)
    expect(exits).toHaveLength(1)
  })

  it('falls back to the exit code when no child-process-gone comes, with stderr as detail', async () => {
    vi.useFakeTimers()
    const { proc, exits } = utility()
    proc.stderr.write('at train (trainer.js:10)\nTypeError: x is not a function\n')
    await vi.advanceTimersByTimeAsync(0) // let the stream deliver
    proc.emit('exit', 0)
    vi.advanceTimersByTime(GONE_WAIT_MS)
    expect(exits).toEqual([{ code: 0, signal: null, reason: 'clean-exit', detail: 'TypeError: x is not a function' }])
  })

  it('passes messages through and stops posting once the process is gone', () => {
    const { proc, app, child } = utility()
    const seen: unknown[] = []
    child.onMessage((m) => seen.push(m))
    proc.emit('message', { type: 'log' })
    child.postMessage({ type: 'cancel', runId: 'r1' })
    app.emit('child-process-gone', {}, gone('trainer 1', 'killed'))
    proc.emit('exit', 9)
    child.postMessage({ type: 'cancel', runId: 'r1' })
    child.kill()
    expect(seen).toEqual([{ type: 'log' }])
    expect(proc.posted).toHaveLength(1)
    expect(proc.killed).toBe(false)
    expect(child.pid).toBe(4242)
  })
})

describe('Node child process adapter', () => {
  it('maps signals, codes and V8 out-of-memory onto the child-process-gone reasons', () => {
    expect(classify(null, 'SIGKILL', '')).toEqual({ code: null, signal: 'SIGKILL', reason: 'killed' })
    expect(classify(null, 'SIGSEGV', '')).toEqual({ code: null, signal: 'SIGSEGV', reason: 'crashed' })
    expect(classify(0, null, '')).toEqual({ code: 0, signal: null, reason: 'clean-exit' })
    expect(classify(2, null, 'Error: no such file\n    at x (y.js:1)\n')).toEqual({ code: 2, signal: null, reason: 'abnormal-exit', detail: 'Error: no such file' })
    expect(classify(null, 'SIGABRT', '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n')).toEqual(
      { code: null, signal: 'SIGABRT', reason: 'oom' }
    )
  })

  it('describes exits for the user', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL', reason: 'killed' })).toBe('killed (SIGKILL)')
    expect(describeExit({ code: 1, signal: null, reason: 'oom' })).toBe('out of memory')
    expect(describeExit({ code: 1, signal: null, reason: 'abnormal-exit', detail: 'Error: boom' })).toBe('exited with code 1: Error: boom')
    expect(describeExit({ code: 0, signal: null, reason: 'clean-exit' })).toBe('exited before finishing')
  })

  it('reports a trainer that runs out of heap as interrupted: out of memory', async () => {
    const sink = new MemorySink()
    const host = new TrainerHost({
      modulePath: FAKE_TRAINER,
      sink,
      concurrency: 1,
      fork: (p) => nodeFork(p, { execArgv: ['--max-old-space-size=24'], env: { ...process.env, FAKE_TRAINER: JSON.stringify({ oomAt: 2 }) } }),
      log: () => {}
    })
    await expect(host.start('r1', testPayload())).resolves.toEqual({ status: 'interrupted', reason: 'out of memory' })
    expect(sink.of('r1').map((c) => c.kind)).toEqual(['started', 'epoch', 'checkpoint', 'interrupted'])
  })
})
