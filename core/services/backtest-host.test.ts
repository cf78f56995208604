// BacktestHost against a scripted child: what it tells of each message, a crash, a malformed
// message, throttled epochs, and one backtest at a time.
import { describe, expect, it } from 'vitest'
import { testPayload } from '../../test/fixtures/trainer/payload'
import { BacktestHost, type BacktestEvent } from './backtest-host'
import type { ExitInfo, TrainerChild } from './trainer-child'
import type { HostMessage } from './trainer-protocol'

class FakeChild implements TrainerChild {
  readonly posted: HostMessage[] = []
  killed = 0
  private message: (m: unknown) => void = () => {}
  private exit: (i: ExitInfo) => void = () => {}
  readonly pid = 4242
  postMessage(m: HostMessage): void {
    this.posted.push(m)
  }
  kill(): void {
    this.killed++
    this.exit({ code: null, signal: 'SIGTERM' })
  }
  onMessage(l: (m: unknown) => void): void {
    this.message = l
  }
  onExit(l: (i: ExitInfo) => void): void {
    this.exit = l
  }
  say(m: Record<string, unknown>): void {
    this.message(m)
  }
  die(info: ExitInfo): void {
    this.exit(info)
  }
}

function setUp(now = () => 0) {
  const children: FakeChild[] = []
  const events: [number, BacktestEvent][] = []
  const host = new BacktestHost({ fork: () => (children.push(new FakeChild()), children.at(-1)!), modulePath: 'trainer.js', onEvent: (id, e) => events.push([id, e]), now, log: () => {} })
  return { host, children, events, start: () => host.start({ ...testPayload(), folds: 3 }) }
}
const fold = { fold: 1, trainRows: 40, testRows: 8, metrics: [], notes: [] }

describe('BacktestHost', () => {
  it('sends the backtest to a new trainer and tells its folds and its end', () => {
    const { children, events, start } = setUp()
    const id = start()
    const c = children[0]!
    expect(c.posted[0]).toMatchObject({ type: 'backtest', runId: `backtest-${id}`, folds: 3 })
    c.say({ type: 'fold-started', runId: `backtest-${id}`, fold: 1, folds: 3, epochs: 2 })
    c.say({ type: 'fold-done', runId: `backtest-${id}`, result: fold })
    c.say({ type: 'backtest-done', runId: `backtest-${id}`, folds: [fold] })
    expect(events.map(([, e]) => e.type)).toEqual(['fold-started', 'fold-done', 'done'])
    expect(c.killed).toBe(1) // its job is over: the process is ended, and its exit tells nothing more
  })

  it('refuses a bad payload without forking', () => {
    const { host, children } = setUp()
    expect(() => host.start({ ...testPayload(), folds: 30 })).toThrow(/^backtest\.folds: /)
    expect(children).toHaveLength(0)
  })

  it('fails a backtest whose trainer crashes, or sends a malformed message', () => {
    const { children, events, start } = setUp()
    start()
    children[0]!.die({ code: null, signal: 'SIGSEGV', reason: 'crashed' })
    expect(events.at(-1)![1]).toEqual({ type: 'failed', error: { name: 'TrainerExit', message: "The backtest's training process crashed (SIGSEGV)." } })
    const id = start()
    children[1]!.say({ type: 'fold-done', runId: `backtest-${id}`, result: { ...fold, testRows: 'eight' } })
    expect(events.at(-1)![1]).toMatchObject({ type: 'failed', error: { name: 'ProtocolError', message: expect.stringContaining('fold-done.result.testRows') } })
  })

  it('throttles epochs, keeping each fold\'s last', () => {
    let t = 0
    const { children, events, start } = setUp(() => t)
    const id = start()
    const say = (m: Record<string, unknown>) => children[0]!.say({ runId: `backtest-${id}`, ...m })
    say({ type: 'fold-started', fold: 1, folds: 3, epochs: 3 })
    say({ type: 'fold-epoch', fold: 1, epoch: 1 })
    t = 100
    say({ type: 'fold-epoch', fold: 1, epoch: 2 })
    say({ type: 'fold-epoch', fold: 1, epoch: 3 })
    expect(events.filter(([, e]) => e.type === 'epoch').map(([, e]) => (e.type === 'epoch' ? e.epoch : 0))).toEqual([1, 3])
  })

  it("tells what a fold does while no epoch ends (its series' models, then each choice), throttled as epochs, keeping each phase's end", () => {
    let t = 0
    const { children, events, start } = setUp(() => t)
    const id = start()
    const say = (m: Record<string, unknown>) => children[0]!.say({ runId: `backtest-${id}`, ...m })
    say({ type: 'fold-started', fold: 2, folds: 3, epochs: 1 })
    say({ type: 'fold-epoch', fold: 2, epoch: 1 })
    t = 1000
    for (const [phase, done] of [['models', 0], ['models', 15], ['models', 30], ['choice', 0]] as const) say({ type: 'fold-progress', fold: 2, phase, done, total: 30 })
    t = 1300
    say({ type: 'fold-progress', fold: 2, phase: 'choice', done: 9, total: 30 })
    expect(events.filter(([, e]) => e.type === 'progress').map(([, e]) => e)).toEqual([
      { type: 'progress', fold: 2, folds: 3, phase: 'models', done: 0, total: 30 },
      { type: 'progress', fold: 2, folds: 3, phase: 'models', done: 30, total: 30 },
      { type: 'progress', fold: 2, folds: 3, phase: 'choice', done: 9, total: 30 }
    ])
    // counts that do not add up stop the backtest, naming the field
    say({ type: 'fold-progress', fold: 2, phase: 'choice', done: 31, total: 30 })
    expect(events.at(-1)![1]).toMatchObject({ type: 'failed', error: { message: expect.stringContaining('fold-progress.done: 31 is more than total 30') } })
  })

  it('runs one backtest at a time: a new one cancels the one before', async () => {
    const { host, children, events, start } = setUp()
    const first = start()
    children[0]!.say({ type: 'fold-started', runId: `backtest-${first}`, fold: 1, folds: 3, epochs: 2 })
    events.length = 0
    const second = start()
    expect(children[0]!.posted.at(-1)).toEqual({ type: 'cancel', runId: `backtest-${first}` })
    children[0]!.die({ code: 0, signal: null, reason: 'clean-exit' })
    expect(events).toEqual([[first, { type: 'cancelled' }]])
    expect(host.active()).toEqual([second])
    await expect(host.cancel(first)).resolves.toBe(false)
  })

  it('kills a trainer cancelled before it has said anything (still loading, it would hear the cancel only once loaded)', async () => {
    const { host, children, events, start } = setUp()
    const id = start()
    await expect(host.cancel(id)).resolves.toBe(true)
    expect(children[0]!.killed).toBe(1)
    expect(children[0]!.posted.map((m) => m.type)).toEqual(['backtest'])
    expect(events).toEqual([[id, { type: 'cancelled' }]])
    // once it has started a fold, it is asked to stop between batches, and its clean exit ends it
    const next = start()
    children[1]!.say({ type: 'fold-started', runId: `backtest-${next}`, fold: 1, folds: 3, epochs: 2 })
    const cancelled = host.cancel(next)
    expect(children[1]!.killed).toBe(0)
    expect(children[1]!.posted.at(-1)).toEqual({ type: 'cancel', runId: `backtest-${next}` })
    children[1]!.die({ code: 0, signal: null, reason: 'clean-exit' })
    await expect(cancelled).resolves.toBe(true)
    expect(events.at(-1)).toEqual([next, { type: 'cancelled' }])
  })
})
