import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, session, shell } from 'electron'
import { CONTENT_SECURITY_POLICY, isAllowedExternal, isSameDocumentNavigation } from './security'

const here = dirname(fileURLToPath(import.meta.url))

export interface MainWindowOptions {
  /** The preload threw: the page has no window.api. Main tells the user (issue 17). */
  onPreloadError?: (error: Error) => void
}

export function createMainWindow(opts: MainWindowOptions = {}): BrowserWindow {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
    })
  })

  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Forecast Workbench',
    icon: join(here, '../../resources/icons/icon.png'),
    // Written out literally, not spread from a constant, so static scanners (electronegativity in
    // CI) see every setting where the window is made; window.test.ts asserts them.
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click (auxclick) would open links in new windows past the window-open handler.
      disableBlinkFeatures: 'Auxclick'
    }
  })
  win.once('ready-to-show', () => win.show())

  const wc = win.webContents
  wc.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  wc.on('will-navigate', (event, url) => {
    if (!isSameDocumentNavigation(wc.getURL(), url)) event.preventDefault()
  })
  wc.on('will-attach-webview', (event) => event.preventDefault())
  wc.on('preload-error', (_event, _path, error) => opts.onPreloadError?.(error))

  const devUrl = process.env['ELECTRON_RENDERER_URL']
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(join(here, '../renderer/index.html'))
  return win
}
