import { contextBridge } from 'electron'

// Named verbs only; ipcRenderer itself is never exposed. The verbs grow with the app's features
// (see electron/contract.ts once it exists).
const api = {
  version: (): string => process.versions['electron'] ?? 'unknown'
}

export type Api = typeof api

contextBridge.exposeInMainWorld('api', api)
