// The only module that touches window.api. It picks the transport (the Electron preload, or browser
// mode's HTTP + WebSocket), unwraps Results into values or ApiErrors and checks every value against
// its verb's reply validator (electron/replies.ts), so views cannot tell the two apart and never
// read a malformed reply.
import { ApiError, toWireError, VERBS } from '../../electron/contract'
import type { Api, ApiEvents, Result, TransportApi, Verb } from '../../electron/contract'
import { validateReply } from '../../electron/replies'
import { createWebTransport } from './transports/web'

declare global {
  interface Window {
    api?: TransportApi
  }
}

/** The reply, checked (electron/replies.ts) before any view reads it; a malformed one is an
 *  ApiError with code 'invalid-reply', its message naming the verb and the field. */
function checkedReply(verb: Verb, value: unknown): unknown {
  try {
    return validateReply(verb, value)
  } catch (e) {
    throw new ApiError(toWireError(e))
  }
}

export function fromTransport(t: TransportApi): Api {
  const verbs = Object.fromEntries(
    VERBS.map((v) => [
      v,
      async (req: unknown) => {
        const r = await (t[v] as (x: unknown) => Promise<{ ok: boolean; value?: unknown; error?: never }>)(req)
        if (r.ok) return checkedReply(v, r.value)
        throw new ApiError((r as unknown as { error: ConstructorParameters<typeof ApiError>[0] }).error)
      }
    ])
  )
  const api = {
    ...(verbs as Omit<Api, keyof ApiEvents>),
    mode: t.mode,
    onRunEvent: t.onRunEvent.bind(t),
    onBacktestEvent: t.onBacktestEvent.bind(t),
    onMenu: t.onMenu.bind(t),
    pathForFile: t.pathForFile.bind(t),
    ...(t.onOpenFile ? { onOpenFile: t.onOpenFile.bind(t) } : {}),
    ...(t.onConnection ? { onConnection: t.onConnection.bind(t) } : {})
  }
  if (t.mode === 'web') {
    // A browser saves through a download; there is no dialog in main to ask.
    api.saveFile = async ({ suggestedName, text, bytes }) => {
      const blob = new Blob([text ?? (bytes as BlobPart)], { type: text !== undefined ? 'text/csv' : 'application/octet-stream' })
      const a = document.createElement('a')
      a.href = URL.createObjectURL(blob)
      a.download = suggestedName
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
      return { saved: true, where: 'download' }
    }
  }
  return api
}

let current: Api | null = null

/** Electron's window: the built page is a file, and the user agent names Electron. Browser mode is
 *  always http://127.0.0.1. */
export function inElectron(loc: { protocol: string } = location, ua: string = navigator.userAgent): boolean {
  return loc.protocol === 'file:' || /\bElectron\//.test(ua)
}

/** In Electron without window.api the preload failed: every verb says so (main shows its error in
 *  a dialog). Never the HTTP transport, whose "offline" errors would hide the real cause. */
export function missingPreload(): TransportApi {
  const error = { name: 'PreloadError', code: 'preload-missing', message: "The window could not connect to the app: its preload script did not load. Restart the app; if this persists, reinstall it." }
  const verbs = Object.fromEntries(VERBS.map((v) => [v, async (_req: unknown): Promise<Result<unknown>> => ({ ok: false, error })]))
  return { ...(verbs as Omit<TransportApi, keyof ApiEvents>), mode: 'electron', onRunEvent: () => () => {}, onBacktestEvent: () => () => {}, onMenu: () => () => {}, pathForFile: () => null }
}

export function useApi(): Api {
  current ??= fromTransport(window.api ?? (inElectron() ? missingPreload() : createWebTransport()))
  return current
}

/** Component tests inject a fake. */
export function setApi(api: Api | null): void {
  current = api
}
