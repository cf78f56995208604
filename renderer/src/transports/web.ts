// Browser mode's transport: verbs are POSTs to /api/<verb> carrying the per-launch token from the
// page URL; run events arrive on a WebSocket. Same TransportApi as the Electron preload.
import { VERBS, EVENT_CHANNELS } from '../../../electron/contract'
import type { ApiEvents, BacktestEventMessage, MenuCommand, Result, RunEventMessage, TransportApi } from '../../../electron/contract'
import { BINARY_TYPE, decodeWire, decodeWireBinary, encodeWireBinary } from '../../../electron/web/wire'

/** A reply this large is decoded in a task apart from its caller's use of it. */
const LARGE = 1 << 16

export function createWebTransport(loc: Location = window.location): TransportApi {
  const token = new URLSearchParams(loc.search).get('token') ?? ''
  const runListeners = new Set<(msg: RunEventMessage) => void>()
  const backtestListeners = new Set<(msg: BacktestEventMessage) => void>()
  let socket: WebSocket | null = null
  let retry = 500

  function connect(): void {
    socket = new WebSocket(`ws://${loc.host}/ws?token=${encodeURIComponent(token)}`)
    socket.onopen = () => (retry = 500)
    socket.onmessage = (e) => {
      const data = decodeWire(String(e.data)) as { channel: string; msg: unknown }
      if (data.channel === EVENT_CHANNELS.runEvent) for (const l of runListeners) l(data.msg as RunEventMessage)
      else if (data.channel === EVENT_CHANNELS.backtestEvent) for (const l of backtestListeners) l(data.msg as BacktestEventMessage)
    }
    // The server may restart or the laptop sleep; reconnect with back-off, views re-read the store.
    socket.onclose = () => {
      socket = null
      setTimeout(connect, (retry = Math.min(retry * 2, 10_000)))
    }
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
      if (!res.ok) return { ok: false, error: { name: 'TransportError', code: 'forbidden', message: `${res.status} ${await res.text()}` } }
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
      return { ok: false, error: { name: 'TransportError', code: 'offline', message: e instanceof Error ? e.message : String(e) } }
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
    onMenu(_listener: (c: MenuCommand) => void) {
      return () => {} // a browser has no application menu; the shortcuts live in App.vue
    },
    pathForFile: () => null
  }
}
