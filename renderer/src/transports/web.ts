// Browser mode's transport: verbs are POSTs to /api/<verb> carrying the per-launch token from the
// page URL; run events arrive on a WebSocket. Same TransportApi as the Electron preload.
import { VERBS, EVENT_CHANNELS } from '../../../electron/contract'
import type { MenuCommand, Result, RunEventMessage, TransportApi } from '../../../electron/contract'
import { decodeWire, encodeWire } from '../../../electron/web/wire'

export function createWebTransport(loc: Location = window.location): TransportApi {
  const token = new URLSearchParams(loc.search).get('token') ?? ''
  const runListeners = new Set<(msg: RunEventMessage) => void>()
  let socket: WebSocket | null = null
  let retry = 500

  function connect(): void {
    socket = new WebSocket(`ws://${loc.host}/ws?token=${encodeURIComponent(token)}`)
    socket.onopen = () => (retry = 500)
    socket.onmessage = (e) => {
      const data = decodeWire(String(e.data)) as { channel: string; msg: RunEventMessage }
      if (data.channel === EVENT_CHANNELS.runEvent) for (const l of runListeners) l(data.msg)
    }
    // The server may restart or the laptop sleep; reconnect with back-off, views re-read the store.
    socket.onclose = () => {
      socket = null
      setTimeout(connect, (retry = Math.min(retry * 2, 10_000)))
    }
  }

  async function call(verb: string, req: unknown): Promise<Result<unknown>> {
    try {
      const body = req === undefined ? '' : encodeWire(req)
      // A large body (a dataset's columns as base64) goes to fetch from a task of its own: encoding
      // it and handing it over are each several ms, too much for one task with the click before it.
      if (body.length > 32_768) await new Promise((r) => setTimeout(r))
      const res = await fetch(`/api/${verb}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-fw-token': token },
        body
      })
      if (!res.ok) return { ok: false, error: { name: 'TransportError', code: 'forbidden', message: `${res.status} ${await res.text()}` } }
      return decodeWire(await res.text()) as Result<unknown>
    } catch (e) {
      return { ok: false, error: { name: 'TransportError', code: 'offline', message: e instanceof Error ? e.message : String(e) } }
    }
  }

  const verbs = Object.fromEntries(VERBS.map((v) => [v, (req: unknown) => call(v, req)]))
  return {
    ...(verbs as Omit<TransportApi, 'onRunEvent' | 'onMenu' | 'pathForFile' | 'mode'>),
    mode: 'web',
    onRunEvent(listener) {
      if (!socket) connect()
      runListeners.add(listener)
      return () => void runListeners.delete(listener)
    },
    onMenu(_listener: (c: MenuCommand) => void) {
      return () => {} // a browser has no application menu; the shortcuts live in App.vue
    },
    pathForFile: () => null
  }
}
