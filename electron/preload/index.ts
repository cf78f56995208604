import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { CHANNELS, EVENT_CHANNELS, VERBS } from '../contract'
import type { ApiEvents, BacktestEventMessage, MenuCommand, OpenedFile, RunEventMessage, TransportApi } from '../contract'

// Named verbs only; ipcRenderer itself is never exposed. Each verb maps to exactly one channel of the
// shared contract. Results come back as { ok, value | error } and renderer/src/api.ts unwraps them,
// since an Error thrown across contextBridge would lose its code and field.
export function buildApi(): TransportApi {
  const verbs = Object.fromEntries(VERBS.map((v) => [v, (req: unknown) => ipcRenderer.invoke(CHANNELS[v], req)]))
  const events: ApiEvents = {
    mode: 'electron',
    onRunEvent(listener: (msg: RunEventMessage) => void) {
      const h = (_e: unknown, msg: RunEventMessage) => listener(msg)
      ipcRenderer.on(EVENT_CHANNELS.runEvent, h)
      return () => void ipcRenderer.removeListener(EVENT_CHANNELS.runEvent, h)
    },
    onBacktestEvent(listener: (msg: BacktestEventMessage) => void) {
      const h = (_e: unknown, msg: BacktestEventMessage) => listener(msg)
      ipcRenderer.on(EVENT_CHANNELS.backtestEvent, h)
      return () => void ipcRenderer.removeListener(EVENT_CHANNELS.backtestEvent, h)
    },
    onMenu(listener: (command: MenuCommand) => void) {
      const h = (_e: unknown, command: MenuCommand) => listener(command)
      ipcRenderer.on(EVENT_CHANNELS.menu, h)
      return () => void ipcRenderer.removeListener(EVENT_CHANNELS.menu, h)
    },
    onOpenFile(listener: (file: OpenedFile) => void) {
      const h = (_e: unknown, file: OpenedFile) => listener(file)
      ipcRenderer.on(EVENT_CHANNELS.openFile, h)
      return () => void ipcRenderer.removeListener(EVENT_CHANNELS.openFile, h)
    },
    pathForFile: (file: File) => webUtils.getPathForFile(file) || null
  }
  return { ...(verbs as Omit<TransportApi, keyof ApiEvents>), ...events }
}

contextBridge.exposeInMainWorld('api', buildApi())
