// Browser mode's transport when its server goes away (exploratory pass 8, item 7): the page must
// learn at once that the server is gone, answer verbs in plain words instead of the browser's
// "Failed to fetch", and say when it is reached again or when a restarted server no longer knows it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionState } from '../../../electron/contract'
import { LOST_MESSAGE, REPLACED_MESSAGE, createWebTransport } from './web'
import { encodeWire } from '../../../electron/web/wire'

class FakeSocket {
  static made: FakeSocket[] = []
  onopen: (() => void) | null = null
  onclose: (() => void) | null = null
  onmessage: ((e: { data: string }) => void) | null = null
  constructor(readonly url: string) {
    FakeSocket.made.push(this)
  }
}

const loc = { host: '127.0.0.1:5000', search: '?token=abc' } as Location

beforeEach(() => {
  vi.useFakeTimers()
  FakeSocket.made = []
  vi.stubGlobal('WebSocket', FakeSocket)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

function watched(): { t: ReturnType<typeof createWebTransport>; states: ConnectionState[] } {
  const t = createWebTransport(loc)
  const states: ConnectionState[] = []
  t.onConnection!((s) => states.push(s))
  return { t, states }
}

describe('browser mode when the server stops answering', () => {
  it('says the connection is lost as soon as the event socket closes, and live again once it reopens', async () => {
    const { states } = watched()
    // no server answers the request that asks why a socket was refused
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    FakeSocket.made[0]!.onopen!()
    expect(states).toEqual([])
    FakeSocket.made[0]!.onclose!()
    expect(states).toEqual(['lost'])
    // It keeps trying: a second socket after the back-off, which fails too, and a third.
    await vi.advanceTimersByTimeAsync(600)
    expect(FakeSocket.made).toHaveLength(2)
    FakeSocket.made[1]!.onclose!()
    expect(states).toEqual(['lost'])
    await vi.advanceTimersByTimeAsync(1100)
    expect(FakeSocket.made).toHaveLength(3)
    FakeSocket.made[2]!.onopen!()
    expect(states).toEqual(['lost', 'live'])
  })

  it("answers a verb the server cannot take in plain words, not the browser's bare 'Failed to fetch'", async () => {
    const { t, states } = watched()
    FakeSocket.made[0]!.onopen!()
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const r = await t.listRuns(undefined as never)
    expect(r).toEqual({ ok: false, error: { name: 'TransportError', code: 'offline', message: LOST_MESSAGE } })
    expect(LOST_MESSAGE).toMatch(/server is not answering.*Restart the app/)
    expect(states).toEqual(['lost'])
  })

  it('a server restarted on the same port refuses the socket: said as restarted, and no more tries (exploratory pass 18)', async () => {
    // the banner said "reconnects by itself if the server answers again" while the new server
    // answered every try with 403 (another token) and the page kept trying forever
    const { states } = watched()
    FakeSocket.made[0]!.onopen!()
    FakeSocket.made[0]!.onclose!()
    expect(states).toEqual(['lost'])
    const fetch = vi.fn(async () => new Response('missing or wrong token', { status: 403 }))
    vi.stubGlobal('fetch', fetch)
    await vi.advanceTimersByTimeAsync(600)
    expect(FakeSocket.made).toHaveLength(2)
    FakeSocket.made[1]!.onclose!() // refused before it opened
    await vi.advanceTimersByTimeAsync(0)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(states).toEqual(['lost', 'replaced'])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.made).toHaveLength(2)
  })

  it('a socket refused while the server answers the page: tries again later, still lost', async () => {
    const { states } = watched()
    FakeSocket.made[0]!.onclose!()
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 200 })))
    await vi.advanceTimersByTimeAsync(0)
    expect(states).toEqual(['lost'])
    await vi.advanceTimersByTimeAsync(600)
    expect(FakeSocket.made).toHaveLength(2)
  })

  it('says so when a restarted server no longer knows the page’s token', async () => {
    const { t, states } = watched()
    vi.stubGlobal('fetch', vi.fn(async () => new Response('missing or wrong token', { status: 403 })))
    const r = await t.listRuns(undefined as never)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.message).toBe(REPLACED_MESSAGE)
    expect(states).toEqual(['replaced'])
  })
})

describe("browser mode's pushed events", () => {
  it('passes a good run or backtest event to its listeners, and drops a malformed one with a console error naming the event and the field', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const t = createWebTransport(loc)
      const runs: unknown[] = []
      const backtests: unknown[] = []
      t.onRunEvent((m) => runs.push(m))
      t.onBacktestEvent((m) => backtests.push(m))
      const push = (channel: string, msg: unknown) => FakeSocket.made[0]!.onmessage!({ data: encodeWire({ channel, msg }) })
      const good = { runId: 3, event: { type: 'status', status: 'cancelled', error: null } }
      push('run:event', good)
      push('run:event', { runId: 3, event: { type: 'status', status: 'exploded', error: null } })
      push('backtest:event', { jobId: 1, event: { type: 'cancelled' } })
      push('backtest:event', { jobId: 1, event: { type: 'epoch', fold: 1, folds: 2, epoch: 'one', epochs: 3 } })
      expect(runs).toEqual([good])
      expect(backtests).toEqual([{ jobId: 1, event: { type: 'cancelled' } }])
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/^The app's event runEvent is malformed at event\.status: /),
        expect.stringMatching(/^The app's event backtestEvent is malformed at event\.epoch: /)
      ])
    } finally {
      errors.mockRestore()
    }
  })
})
