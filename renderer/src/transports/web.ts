// Browser mode's transport: verbs are POSTs to /api/<verb> carrying the per-launch token from the
// page URL; run events arrive on a WebSocket. Same TransportApi as the Electron preload.
import { VERBS, EVENT_CHANNELS } from '../../../electron/contract'
import type { ApiEvents, BacktestEventMessage, ConnectionState, MenuCommand, Result, RunEventMessage, TransportApi } from '../../../electron/contract'
import { BINARY_TYPE, decodeWire, decodeWireBinary, encodeWireBinary } from '../../../electron/web/wire'
import { checkedListener } from '../../../electron/replies'

/** A reply this large is decoded in a task apart from its caller's use of it. */
const LARGE = 1 << 16
/** The longest wait between two tries to reach a server that stopped answering. */
const MAX_RETRY = 5_000

/** What a verb answers while the server cannot be reached, in place of the browser's bare "Failed
 *  to fetch": what happened and what to do. */
export const LOST_MESSAGE =
  "The app's server is not answering (connection lost), so nothing was done. Restart the app and open the address it prints; a run that was training was interrupted and can be resumed, and the trainings waiting in the queue are queued again."
export const REPLACED_MESSAGE =
  "The app's server was restarted, so this page's key no longer works and nothing was done. Open the address the server printed when it started."

export function createWebTransport(loc: Location = window.location): TransportApi {
  const token = new URLSearchParams(loc.search).get('token') ?? ''
  const runListeners = new Set<(msg: RunEventMessage) => void>()
  const backtestListeners = new Set<(msg: BacktestEventMessage) => void>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()
  let socket: WebSocket | null = null
  let retry = 500
  let timer: ReturnType<typeof setTimeout> | undefined
  let state: ConnectionState = 'live'
  // each event checked once (electron/replies.ts EVENT_SCHEMAS), as the preload checks them: a
  // malformed one is dropped with a console error naming the event and the field
  const toRunListeners = checkedListener('runEvent', (m) => { for (const l of runListeners) l(m) })
  const toBacktestListeners = checkedListener('backtestEvent', (m) => { for (const l of backtestListeners) l(m) })

  function setState(next: ConnectionState): void {
    if (next === state) return
    state = next
    for (const l of connectionListeners) l(next)
  }

  function connect(): void {
    clearTimeout(timer)
    timer = undefined
    const s = new WebSocket(`ws://${loc.host}/ws?token=${encodeURIComponent(token)}`)
    socket = s
    let opened = false
    s.onopen = () => {
      opened = true
      retry = 500
      // Reached again (the same server: a restarted one has another token and refuses this socket).
      setState('live')
    }
    s.onmessage = (e) => {
      const data = decodeWire(String(e.data)) as { channel: string; msg: unknown }
      if (data.channel === EVENT_CHANNELS.runEvent) toRunListeners(data.msg)
      else if (data.channel === EVENT_CHANNELS.backtestEvent) toBacktestListeners(data.msg)
    }
    // The socket closes when the server stops (or the laptop sleeps): the page says so at once, since
    // no run event can reach it now, and keeps trying with back-off; listeners re-read the store once
    // it is reached again.
    // A socket refused before it opened is a server that answers but will not take this page (a
    // browser gives no status for it): a restarted server, on the same port with another token, or
    // none at all. One request tells them apart: a 403 for the token says the page was replaced, and
    // it stops trying (its key can never work again); no answer, it keeps trying.
    s.onclose = () => {
      socket = null
      if (state === 'live') setState('lost')
      if (opened) reconnectLater()
      else void probe()
    }
  }

  /** After a refused socket: 'replaced' when the server answers that the page's token is wrong,
   *  else another try later. */
  async function probe(): Promise<void> {
    await call('appInfo', undefined)
    if (state !== 'replaced') reconnectLater()
  }

  function reconnectLater(): void {
    if (timer !== undefined || socket) return
    timer = setTimeout(connect, retry)
    retry = Math.min(retry * 2, MAX_RETRY)
  }

  async function call(verb: string, req: unknown): Promise<Result<unknown>> {
    try {
      // Binary both ways (electron/web/wire.ts): a dataset's columns travel as raw bytes, so no
      // task has to build or parse megabytes of base64.
      const body = req === undefined ? null : new Blob(encodeWireBinary(req) as BlobPart[])
      // A large body goes to fetch from a task of its own, apart from the click that caused it.
      if (body !== null && body.size > 1 << 20) await new Promise((r) => setTimeout(r))
      const res = await fetch(`/api/${verb}`, {
        method: 'POST',
        headers: { 'content-type': BINARY_TYPE, accept: BINARY_TYPE, 'x-fw-token': token },
        body
      })
      if (!res.ok) {
        const text = await res.text()
        if (res.status === 403 && /wrong token/.test(text)) {
          setState('replaced')
          return { ok: false, error: { name: 'TransportError', code: 'forbidden', message: REPLACED_MESSAGE } }
        }
        return { ok: false, error: { name: 'TransportError', code: 'forbidden', message: `${res.status} ${text}` } }
      }
      if (res.headers.get('content-type') === BINARY_TYPE) {
        const bytes = new Uint8Array(await res.arrayBuffer())
        const value = decodeWireBinary(bytes) as Result<unknown>
        // A large reply's decode and what its caller then does (Evaluate rendering a 1,000-series
        // run's table) each get a task of their own: together they made a long task.
        if (bytes.length > LARGE) await new Promise((r) => setTimeout(r))
        return value
      }
      return decodeWire(await res.text()) as Result<unknown>
    } catch (e) {
      // fetch rejects only when no answer came: the server is gone (a TypeError, "Failed to fetch").
      if (!(e instanceof TypeError)) return { ok: false, error: { name: 'TransportError', code: 'offline', message: e instanceof Error ? e.message : String(e) } }
      if (state === 'live') setState('lost')
      if (!socket) reconnectLater()
      return { ok: false, error: { name: 'TransportError', code: 'offline', message: LOST_MESSAGE } }
    }
  }

  const verbs = Object.fromEntries(VERBS.map((v) => [v, (req: unknown) => call(v, req)]))
  return {
    ...(verbs as Omit<TransportApi, keyof ApiEvents>),
    mode: 'web',
    onRunEvent(listener) {
      if (!socket) connect()
      runListeners.add(listener)
      return () => void runListeners.delete(listener)
    },
    onBacktestEvent(listener) {
      if (!socket) connect()
      backtestListeners.add(listener)
      return () => void backtestListeners.delete(listener)
    },
    onConnection(listener) {
      if (!socket && timer === undefined) connect()
      connectionListeners.add(listener)
      return () => void connectionListeners.delete(listener)
    },
    onMenu(_listener: (c: MenuCommand) => void) {
      return () => {} // a browser has no application menu; the shortcuts live in App.vue
    },
    pathForFile: () => null
  }
}
