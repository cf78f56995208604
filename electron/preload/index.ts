import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { CHANNELS, EVENT_CHANNELS, VERBS } from '../contract'
import type { ApiEvents, TransportApi } from '../contract'
import { checkedListener, type Events, type PushEvent } from '../replies'

// Named verbs only; ipcRenderer itself is never exposed. Each verb maps to exactly one channel of the
// shared contract. Results come back as { ok, value | error } and renderer/src/api.ts unwraps them,
// since an Error thrown across contextBridge would lose its code and field.
export function buildApi(): TransportApi {
  const verbs = Object.fromEntries(VERBS.map((v) => [v, (req: unknown) => ipcRenderer.invoke(CHANNELS[v], req)]))
  // Main's pushes reach a listener checked (electron/replies.ts EVENT_SCHEMAS): a malformed one is
  // dropped with a console error naming the event and the field. The event object never leaks.
  function subscribe<E extends PushEvent>(event: E, listener: (payload: Events[E]) => void): () => void {
    const checked = checkedListener(event, listener)
    const h = (_e: unknown, payload: unknown) => checked(payload)
    ipcRenderer.on(EVENT_CHANNELS[event], h)
    return () => void ipcRenderer.removeListener(EVENT_CHANNELS[event], h)
  }
  const events: ApiEvents = {
    mode: 'electron',
    onRunEvent: (listener) => subscribe('runEvent', listener),
    onBacktestEvent: (listener) => subscribe('backtestEvent', listener),
    onMenu: (listener) => subscribe('menu', listener),
    onOpenFile: (listener) => subscribe('openFile', listener),
    pathForFile: (file: File) => webUtils.getPathForFile(file) || null
  }
  return { ...(verbs as Omit<TransportApi, keyof ApiEvents>), ...events }
}

contextBridge.exposeInMainWorld('api', buildApi())
