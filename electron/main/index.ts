import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { app, BrowserWindow, dialog, Menu, Tray } from 'electron'
import { electronNativeBinding } from '../../core/store'
import { WriteRefused, writeFileAtomic } from '../../core/services/files'
import { appContractError, EVENT_CHANNELS } from '../contract'
import { createBackend } from '../web/backend'
import type { Backend } from '../web/backend'
import type { HandlerImpl } from './handlers'
import { broadcastBacktestEvent, broadcastRunEvent, registerIpc, sendMenuCommand } from './ipc'
import { closeQuestion, createLifecycle, quitQuestion } from './lifecycle'
import { installMenu } from './menu'
import { openCsvFromMenu } from './open-csv'
import { ACTION_LABELS, NativeBuildMissingError, openWithRecovery, sessionMarker } from './startup'
import type { StartupAction } from './startup'
import { electronFork } from './utility-fork'
import { createMainWindow } from './window'

let backend: Backend | null = null
let mainWindow: BrowserWindow | null = null

// The smoke test (scripts/electron-smoke.mjs) runs the app on a temporary profile.
if (process.env['FW_USER_DATA_DIR']) app.setPath('userData', process.env['FW_USER_DATA_DIR'])

const currentWindow = (): BrowserWindow | null => {
  const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : (BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null)
  return win
}

/** Electron's side of saveFile: a save dialog, then the bytes or text the renderer produced. */
const saveFile: NonNullable<HandlerImpl['saveFile']> = async ({ suggestedName, text, bytes }) => {
  const win = currentWindow()
  const opts = { defaultPath: join(app.getPath('documents'), suggestedName) }
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts)
  if (r.canceled || !r.filePath) return { saved: false, where: null }
  // whole or not at all (a full disk leaves no half file), a refusal said in words naming the file
  try {
    writeFileAtomic(r.filePath, text ?? bytes!)
  } catch (e) {
    if (e instanceof WriteRefused) throw appContractError('failed', e)
    throw e
  }
  return { saved: true, where: r.filePath }
}

const dbPath = (): string => join(app.getPath('userData'), 'runs.db')

/** Opens the store; throws what startup.ts turns into a dialog. */
function openBackend(verify: boolean): Backend {
  const root = app.getAppPath()
  const native = electronNativeBinding(root)
  // Without the Electron build the Node one would fail later with an ABI error; say which file.
  if (!existsSync(native)) throw new NativeBuildMissingError(native)
  return createBackend({
    dbPath: dbPath(),
    samplesDir: join(root, 'resources', 'samples'),
    trainerPath: join(root, 'out', 'main', 'trainer.js'),
    exportWorker: join(root, 'out', 'main', 'export-worker.js'),
    fork: electronFork,
    mode: 'electron',
    broadcast: broadcastRunEvent,
    broadcastBacktest: broadcastBacktestEvent,
    saveFile,
    nativeBinding: native,
    verify
  })
}

const lifecycle = createLifecycle({
  platform: process.platform,
  busy: () => (backend ? { running: backend.host.active().length, queued: backend.host.queued().length } : { running: 0, queued: 0 }),
  backtesting: () => (backend ? backend.backtests.active().length > 0 : false),
  async askClose(win, busy) {
    const { answers, ...q } = closeQuestion(busy)
    const { response } = await dialog.showMessageBox(win as BrowserWindow, { type: 'question', ...q, defaultId: 0, cancelId: 0, noLink: true })
    return answers[response] ?? 'keep'
  },
  async askQuit(win, busy) {
    const opts = { type: 'question' as const, ...quitQuestion(busy), defaultId: 0, cancelId: 0, noLink: true }
    const { response } = win ? await dialog.showMessageBox(win as BrowserWindow, opts) : await dialog.showMessageBox(opts)
    return response === 1 ? 'quit' : 'keep'
  },
  async shutdown() {
    const b = backend
    backend = null
    if (b) await b.close()
    sessionMarker(dbPath()).close()
  },
  quit: () => app.quit(),
  showTray({ open, quit }) {
    const tray = new Tray(join(app.getAppPath(), 'resources', 'icons', 'icon.png'))
    tray.setToolTip('Forecast Workbench: training; quits when the last run ends')
    tray.setContextMenu(Menu.buildFromTemplate([
      { label: 'Open Forecast Workbench', click: open },
      { label: 'Stop training and quit', click: quit }
    ]))
    tray.on('click', open)
    return () => tray.destroy()
  },
  mainWindow: currentWindow
})

function openWindow(): BrowserWindow {
  const win = createMainWindow({
    onPreloadError(error) {
      // Without its preload the page cannot reach main; say why instead of failing quietly.
      void dialog.showMessageBox(win, { type: 'error', message: 'The window could not connect to the app (its preload script failed).', detail: error.message })
    }
  })
  win.on('close', (event) => lifecycle.onClose(win, event))
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  mainWindow = win
  return win
}

async function openCsv(): Promise<void> {
  // macOS keeps the app without a window; the file then goes to a new one once its page listens.
  let win = currentWindow()
  if (!win) {
    const created = openWindow()
    await new Promise<void>((resolve) => created.webContents.once('did-finish-load', () => resolve()))
    win = created
  }
  await openCsvFromMenu<BrowserWindow>({
    window: () => win,
    showOpenDialog: (win, options) => dialog.showOpenDialog(win, options),
    size: async (path) => (await stat(path)).size,
    read: async (path) => new Uint8Array(await readFile(path)),
    send: (win, file) => win.webContents.send(EVENT_CHANNELS.openFile, file),
    refuse: (win, message, detail) => void dialog.showMessageBox(win, { type: 'warning', message, detail })
  })
}

async function start(): Promise<void> {
  const marker = sessionMarker(dbPath())
  const notes: string[] = []
  const b = await openWithRecovery(() => openBackend(marker.wasUnclean), dbPath(), {
    async ask(f) {
      const buttons = f.actions.map((a) => ACTION_LABELS[a])
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: 'Forecast Workbench',
        message: f.message,
        detail: f.detail,
        buttons,
        defaultId: 0,
        cancelId: f.actions.indexOf('quit'),
        noLink: true
      })
      return f.actions[response] ?? ('quit' satisfies StartupAction)
    },
    async pickBackup(path) {
      const r = await dialog.showOpenDialog({ title: 'Open a backup of the database', defaultPath: path, properties: ['openFile'] })
      return r.canceled ? null : (r.filePaths[0] ?? null)
    },
    told: (message) => void notes.push(message)
  })
  if (!b) return app.quit() // the user chose Quit: nothing lingers holding the single-instance lock
  backend = b
  marker.open()
  registerIpc(b.dispatcher)
  b.host.onEvent((e) => {
    if (e.type === 'finished') lifecycle.onRunEnded()
  })
  installMenu((command) => (command === 'open-csv' ? void openCsv() : sendMenuCommand(command)))
  const win = openWindow()
  if (notes.length) win.once('ready-to-show', () => void dialog.showMessageBox(win, { type: 'info', message: notes.join('\n') }))
  // a database opened read-only is said in the window itself (appInfo's readOnly), in a notice that
  // stays in view, as in browser mode
  // runs and datasets fw rm deleted while the app was in the background, told as the window comes
  // back rather than at the next tick (the backend's timer looks every DELETION_CHECK_MS too)
  app.on('browser-window-focus', () => backend?.checkDeletions())
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
}

app.on('before-quit', (event) => {
  if (!backend) return // nothing open yet (or already closed): quit as asked
  lifecycle.onBeforeQuit(event)
})

// Single instance: a second launch focuses the existing window instead of opening another
// database writer.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const win = currentWindow()
    if (win) {
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
    }
  })
  app.whenReady().then(start).catch((e: unknown) => {
    // Whatever escaped startup's own dialogs: shown, then the process ends (it must not linger).
    dialog.showErrorBox('Forecast Workbench could not start', e instanceof Error ? (e.stack ?? e.message) : String(e))
    app.exit(1)
  })
  app.on('window-all-closed', () => lifecycle.onWindowAllClosed())
}
