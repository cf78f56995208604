// main/index.ts with Electron stood in (issue 17): a startup failure is a dialog naming the cause
// and the file, and Quit really quits, with no window; a recovered start opens the window, and the
// menu's Open CSV goes through main's dialog to the renderer. Real store files, real backend.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

type Item = { label?: string; click?: () => void; submenu?: Item[] }
const h = vi.hoisted(() => ({
  appEvents: new Map<string, (...a: unknown[]) => void>(),
  quit: (() => {}) as (...a: unknown[]) => void,
  messageBox: (async () => ({ response: 0 })) as (...a: unknown[]) => Promise<{ response: number }>,
  openDialog: (async () => ({ canceled: true, filePaths: [] })) as (...a: unknown[]) => Promise<{ canceled: boolean; filePaths: string[] }>,
  boxes: [] as { message: string; detail: string; buttons: string[] }[],
  menu: [] as Item[],
  windows: [] as unknown[],
  sent: [] as [string, unknown][],
  userData: '',
  appPath: ''
}))

vi.mock('electron', () => ({
  app: {
    setPath: () => {},
    getPath: (name: string) => (name === 'userData' ? h.userData : tmpdir()),
    getAppPath: () => h.appPath,
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => true,
    on: (ev: string, fn: (...a: unknown[]) => void) => h.appEvents.set(ev, fn),
    whenReady: () => Promise.resolve(),
    quit: (...a: unknown[]) => h.quit(...a),
    exit: () => {}
  },
  BrowserWindow: { getFocusedWindow: () => null, getAllWindows: () => h.windows },
  dialog: {
    showMessageBox: async (...a: unknown[]) => {
      const opts = (a.length === 2 ? a[1] : a[0]) as { message: string; detail: string; buttons: string[] }
      h.boxes.push(opts)
      return h.messageBox(...a)
    },
    showOpenDialog: (...a: unknown[]) => h.openDialog(...a),
    showErrorBox: () => {},
    showSaveDialog: async () => ({ canceled: true })
  },
  Menu: { buildFromTemplate: (t: Item[]) => t, setApplicationMenu: (m: Item[]) => (h.menu = m) },
  Tray: class {},
  ipcMain: { handle: () => {} },
  utilityProcess: { fork: () => ({}) }
}))

const win = {
  on: () => {},
  once: () => {},
  isDestroyed: () => false,
  isMinimized: () => false,
  webContents: { send: (channel: string, payload: unknown) => void h.sent.push([channel, payload]) }
}
const createMainWindow = vi.fn(() => (h.windows.push(win), win))
vi.mock('./window', () => ({ createMainWindow }))

const repo = resolve(__dirname, '../..')
const temps: string[] = []
let quit: ReturnType<typeof vi.fn<(...a: unknown[]) => void>>

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'fw-main-'))
  temps.push(d)
  return d
}
/** An app root with the stand-in "Electron" build of the driver (the Node build, which vitest can load). */
function appRoot(withNative: boolean): string {
  const root = temp()
  if (withNative) {
    mkdirSync(join(root, 'native', 'electron'), { recursive: true })
    copyFileSync(join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(root, 'native', 'electron', 'better_sqlite3.node'))
  }
  return root
}
async function launch(): Promise<void> {
  vi.resetModules()
  await import('./index')
}

beforeEach(() => {
  h.appEvents.clear()
  h.boxes.length = 0
  h.sent.length = 0
  h.windows.length = 0
  h.menu = []
  createMainWindow.mockClear()
  quit = vi.fn<(...a: unknown[]) => void>()
  h.quit = quit
})
afterEach(async () => {
  // Close what a started app opened (the before-quit path with nothing training).
  h.appEvents.get('before-quit')?.({ preventDefault: () => {} })
  await new Promise((r) => setTimeout(r, 20))
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('main at launch', () => {
  it('without the Electron build of the driver: a dialog names the file and the command, Quit quits, no window', async () => {
    h.appPath = appRoot(false)
    h.userData = temp()
    h.messageBox = async () => ({ response: 0 })
    await launch()
    await vi.waitFor(() => expect(quit).toHaveBeenCalled())
    expect(h.boxes).toHaveLength(1)
    expect(h.boxes[0]!.message).toBe(`The database driver for the desktop app is missing: ${join(h.appPath, 'native', 'electron', 'better_sqlite3.node')}`)
    expect(h.boxes[0]!.detail).toContain('npm run setup:electron')
    expect(h.boxes[0]!.buttons).toEqual(['Quit'])
    expect(createMainWindow).not.toHaveBeenCalled()
  })

  it('with a damaged database: the choices are offered; a new database opens the window, the old file is kept', async () => {
    h.appPath = appRoot(true)
    h.userData = temp()
    writeFileSync(join(h.userData, 'runs.db'), 'garbage '.repeat(1000))
    h.messageBox = async () => ({ response: 1 }) // Start a new database
    await launch()
    await vi.waitFor(() => expect(createMainWindow).toHaveBeenCalledTimes(1))
    // what fw and browser mode say of the same file (core/services/database-file.ts): text, not a database
    expect(h.boxes[0]!.message).toMatch(/^Not a Forecast Workbench database \(it is text; its first line is "garbage garbage /)
    expect(h.boxes[0]!.message.endsWith(`: ${join(h.userData, 'runs.db')}`)).toBe(true)
    expect(h.boxes[0]!.buttons).toEqual(['Open a backup…', 'Start a new database', 'Quit'])
    expect(readdirSync(h.userData).some((n) => n.startsWith('runs.db.damaged-'))).toBe(true)
    expect(existsSync(join(h.userData, 'runs.db.open'))).toBe(true) // the session marker: quick_check next time only if it stays
    expect(quit).not.toHaveBeenCalled()
  })

  it('the menu\'s Open CSV shows main\'s dialog and sends the file to the window; a clean quit removes the session marker', async () => {
    h.appPath = appRoot(true)
    h.userData = temp()
    const csv = join(temp(), 'my data.csv')
    writeFileSync(csv, 'date,y\n2024-01-01,1\n')
    h.openDialog = async () => ({ canceled: false, filePaths: [csv] })
    await launch()
    await vi.waitFor(() => expect(createMainWindow).toHaveBeenCalled())
    const open = h.menu.flatMap((m) => m.submenu ?? []).find((i) => i.label === 'Open CSV…')!
    open.click!()
    await vi.waitFor(() => expect(h.sent).toHaveLength(1))
    const [channel, file] = h.sent[0]! as [string, { name: string; path: string; bytes: Uint8Array }]
    expect(channel).toBe('menu:open-file')
    expect(file.name).toBe('my data.csv')
    expect(file.path).toBe(csv)
    expect(file.bytes.byteLength).toBe(20)
    h.appEvents.get('before-quit')!({ preventDefault: () => {} })
    await vi.waitFor(() => expect(quit).toHaveBeenCalled())
    expect(existsSync(join(h.userData, 'runs.db.open'))).toBe(false)
  })
})
