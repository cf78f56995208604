// Electron's transport for the contract: one ipcMain.handle per channel. Every call's sender frame
// must be the main frame of one of our windows showing our own page; then the transport-agnostic
// dispatcher validates the payload and answers a Result.
import { BrowserWindow, ipcMain } from 'electron'
import type { IpcMainInvokeEvent, WebFrameMain } from 'electron'
import { CHANNELS, EVENT_CHANNELS, VERBS, toWireError, ContractError } from '../contract'
import type { BacktestEventMessage, MenuCommand, RunEventMessage } from '../contract'
import type { Dispatcher } from './handlers'

/** Our page: the built renderer file, or the dev server in `electron-vite dev`. */
export function isTrustedFrame(frame: WebFrameMain | null, devUrl: string | undefined): boolean {
  if (!frame || frame.parent !== null) return false
  try {
    const u = new URL(frame.url)
    if (devUrl) return u.origin === new URL(devUrl).origin
    return u.protocol === 'file:' && u.pathname.endsWith('/renderer/index.html')
  } catch {
    return false
  }
}

export function registerIpc(dispatcher: Dispatcher): void {
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  for (const verb of VERBS) {
    ipcMain.handle(CHANNELS[verb], async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedFrame(event.senderFrame, devUrl)) {
        return { ok: false, error: toWireError(new ContractError('forbidden', 'request from an untrusted frame')) }
      }
      return dispatcher.dispatch(verb, payload)
    })
  }
}

export function broadcastRunEvent(msg: RunEventMessage): void {
  toEveryWindow(EVENT_CHANNELS.runEvent, msg)
}

export function broadcastBacktestEvent(msg: BacktestEventMessage): void {
  toEveryWindow(EVENT_CHANNELS.backtestEvent, msg)
}

function toEveryWindow(channel: string, msg: unknown): void {
  for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(channel, msg)
}

export function sendMenuCommand(command: MenuCommand): void {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  win?.webContents.send(EVENT_CHANNELS.menu, command)
}
