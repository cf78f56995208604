// createMainWindow against a stand-in for Electron (the binary is not needed): the options the
// real BrowserWindow would get, the session's permission handlers and the navigation guards.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const created: { options: Record<string, unknown>; handlers: Record<string, (...a: unknown[]) => unknown>; openHandler?: (d: { url: string }) => unknown }[] = []
const session = { permission: undefined as undefined | ((...a: unknown[]) => void), check: undefined as undefined | (() => boolean), headers: undefined as undefined | ((d: unknown, cb: (r: unknown) => void) => void) }
const openExternal = vi.fn()

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents: Record<string, unknown>
    constructor(options: Record<string, unknown>) {
      const entry: (typeof created)[number] = { options, handlers: {} }
      created.push(entry)
      this.webContents = {
        setWindowOpenHandler: (h: (d: { url: string }) => unknown) => (entry.openHandler = h),
        on: (ev: string, h: (...a: unknown[]) => unknown) => (entry.handlers[ev] = h),
        getURL: () => 'file:///app/out/renderer/index.html'
      }
    }
    once() {}
    loadFile() { return Promise.resolve() }
    loadURL() { return Promise.resolve() }
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: (...a: unknown[]) => void) => (session.permission = h),
      setPermissionCheckHandler: (h: () => boolean) => (session.check = h),
      webRequest: { onHeadersReceived: (h: (d: unknown, cb: (r: unknown) => void) => void) => (session.headers = h) }
    }
  },
  shell: { openExternal }
}))

describe('createMainWindow', () => {
  beforeEach(() => {
    created.length = 0
    openExternal.mockClear()
  })

  it('creates the window isolated, sandboxed, without Node and with auxclick disabled', async () => {
    const { createMainWindow } = await import('./window')
    createMainWindow()
    const prefs = created[0]!.options['webPreferences'] as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, webviewTag: false, allowRunningInsecureContent: false, experimentalFeatures: false, disableBlinkFeatures: 'Auxclick'
    })
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.cjs$/)
  })

  it('denies every permission, sets the CSP header, blocks navigation and new windows', async () => {
    const { createMainWindow } = await import('./window')
    createMainWindow()
    const answers: boolean[] = []
    session.permission!({}, 'media', (ok: boolean) => answers.push(ok))
    session.permission!({}, 'notifications', (ok: boolean) => answers.push(ok))
    expect(answers).toEqual([false, false])
    expect(session.check!()).toBe(false)
    let headers: Record<string, string[]> = {}
    session.headers!({ responseHeaders: {} }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders))
    expect(headers['Content-Security-Policy']![0]).toMatch(/script-src 'self'/)

    const w = created[0]!
    expect(w.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(w.openHandler!({ url: 'https://github.com/x' })).toEqual({ action: 'deny' }) // opened outside, never in the app
    expect(openExternal).toHaveBeenCalledTimes(1)
    const prevent = vi.fn()
    w.handlers['will-navigate']!({ preventDefault: prevent }, 'https://evil.example/')
    expect(prevent).toHaveBeenCalled()
    const attach = vi.fn()
    w.handlers['will-attach-webview']!({ preventDefault: attach })
    expect(attach).toHaveBeenCalled()
  })

  it('reports a failed preload to main, which shows it (issue 17), instead of a page silently without window.api', async () => {
    const { createMainWindow } = await import('./window')
    const seen: Error[] = []
    createMainWindow({ onPreloadError: (e) => seen.push(e) })
    const error = new Error('Cannot find module')
    created[0]!.handlers['preload-error']!({}, '/app/out/preload/index.cjs', error)
    expect(seen).toEqual([error])
  })
})
