import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { app, BrowserWindow, dialog } from 'electron'
import { electronNativeBinding } from '../../core/store'
import { createBackend } from '../web/backend'
import type { Backend } from '../web/backend'
import type { HandlerImpl } from './handlers'
import { broadcastRunEvent, registerIpc, sendMenuCommand } from './ipc'
import { installMenu } from './menu'
import { electronFork } from './utility-fork'
import { createMainWindow } from './window'

let backend: Backend | null = null

/** Electron's side of saveFile: a save dialog, then the bytes or text the renderer produced. */
const saveFile: NonNullable<HandlerImpl['saveFile']> = async ({ suggestedName, text, bytes }) => {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  const opts = { defaultPath: join(app.getPath('documents'), suggestedName) }
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts)
  if (r.canceled || !r.filePath) return { saved: false, where: null }
  await writeFile(r.filePath, text ?? bytes!)
  return { saved: true, where: r.filePath }
}

function startBackend(): Backend {
  const root = app.getAppPath()
  const native = electronNativeBinding(root)
  const b = createBackend({
    dbPath: join(app.getPath('userData'), 'runs.db'),
    samplesDir: join(root, 'resources', 'samples'),
    trainerPath: join(root, 'out', 'main', 'trainer.js'),
    fork: electronFork,
    version: app.getVersion(),
    mode: 'electron',
    broadcast: broadcastRunEvent,
    saveFile,
    ...(existsSync(native) ? { nativeBinding: native } : {})
  })
  registerIpc(b.dispatcher)
  return b
}

// Quit during training asks first; the host then marks the runs interrupted (resumable).
let quitting = false
app.on('before-quit', (event) => {
  if (quitting || !backend) return
  event.preventDefault()
  void (async () => {
    const active = backend!.host.active().length
    if (active > 0) {
      const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
      const opts = {
        type: 'question' as const,
        buttons: ['Keep training', 'Quit'],
        defaultId: 0,
        cancelId: 0,
        message: `${active === 1 ? 'A model is' : `${active} models are`} still training.`,
        detail: 'Quitting stops training. The run is kept as interrupted and can be resumed from its last checkpoint.'
      }
      const { response } = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts)
      if (response === 0) return
    }
    quitting = true
    await backend!.close()
    app.quit()
  })()
})

// Single instance: a second launch focuses the existing window instead of opening another
// database writer.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows()
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })
  app.whenReady().then(() => {
    backend = startBackend()
    installMenu(sendMenuCommand)
    createMainWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
    })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
