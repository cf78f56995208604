#!/usr/bin/env node
// `npm start`: builds the app, then opens the desktop window when Electron's binary is installed
// (and a display exists). Otherwise, or when Electron fails at once (a binary that cannot run), it
// says why in one line, starts browser mode (out/node/web.js, as `npm run web` does) and opens its
// URL in the default browser (xdg-open, open or start); without one the printed URL is the way in.
//
//   node scripts/start.mjs [--web] [--no-build] [--no-open]
//     --web       browser mode even where the window could open
//     --no-build  use out/ as it is (tests)
//     --no-open   print the URL, do not open a browser (also FW_NO_BROWSER=1)
// Browser mode honours FW_DB, FW_PORT and FW_SAMPLES (electron/web/index.ts).
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { ELECTRON_FIX, electronStatus } from './electron-binary.mjs'

const args = process.argv.slice(2)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const noOpen = args.includes('--no-open') || !!process.env.FW_NO_BROWSER
const hasDisplay = () => process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)

/** Why the desktop window cannot open (one line, with the fix), or null when it can. */
function whyNoWindow() {
  if (args.includes('--web')) return 'browser mode was asked for (--web)'
  const electron = electronStatus(root)
  if (!electron.ok) return `${electron.reason}; for the window, ${ELECTRON_FIX}`
  if (!hasDisplay()) return 'no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)'
  // Builds better-sqlite3 for Electron if it is missing or stale (a no-op when up to date).
  const native = spawnSync(process.execPath, [path.join(root, 'scripts', 'electron-native.mjs')], { cwd: root, stdio: 'inherit' })
  if (native.status !== 0) return 'better-sqlite3 could not be built for Electron (see above); retry with `node scripts/electron-native.mjs`'
  return null
}

function build() {
  if (args.includes('--no-build')) return
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (r.status !== 0) {
    console.error('npm start: the build failed (see above)')
    process.exit(r.status ?? 1)
  }
}

/** Runs a child to its end with this process's signals forwarded; exits with its status. */
function follow(child) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig))
  child.on('error', (e) => {
    console.error(`npm start: ${e.message}`)
    process.exit(1)
  })
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

/** Opens `url` in the default browser; tolerates a missing or failing opener. */
function openBrowser(url) {
  const manual = 'open the URL above in a browser on this machine'
  if (noOpen) return
  if (!hasDisplay()) {
    console.log(`npm start: no graphical display, so no browser was opened: ${manual}.`)
    return
  }
  const [cmd, cmdArgs] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]]
  let child
  try {
    child = spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true, windowsVerbatimArguments: process.platform === 'win32' })
  } catch (e) {
    console.log(`npm start: could not open a browser (${e.message}): ${manual}.`)
    return
  }
  child.on('error', (e) => {
    const why = e.code === 'ENOENT' ? `${cmd} is not installed` : e.message
    console.log(`npm start: no default browser could be opened (${why}): ${manual}.`)
  })
  child.on('exit', (code) => {
    if (code) console.log(`npm start: ${cmd} could not open a browser (exit ${code}): ${manual}.`)
  })
  child.unref()
  console.log(`npm start: opening it in your default browser (${cmd}).`)
}

function startWeb(why) {
  console.log(`npm start: no desktop window: ${why}. Starting browser mode instead.`)
  const web = spawn(process.execPath, [path.join(root, 'out', 'node', 'web.js')], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] })
  readline.createInterface({ input: web.stdout }).on('line', (line) => {
    console.log(line)
    const m = /\bon (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(line)
    if (m) openBrowser(m[1])
  })
  follow(web)
}

/**
 * Electron, falling back to browser mode when it fails at once (a binary that cannot run: missing
 * system libraries, a corrupt download, the wrong CPU).
 */
function startElectron() {
  const { binary } = electronStatus(root)
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  const started = Date.now()
  let signalled = false
  let fellBack = false
  const fallBack = (why) => {
    if (fellBack) return
    fellBack = true
    startWeb(why)
  }
  const child = spawn(binary, ['.'], { cwd: root, stdio: 'inherit', env })
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      signalled = true
      child.kill(sig)
    })
  }
  child.on('error', (e) => fallBack(`Electron could not be started (${e.message})`))
  child.on('close', (code, signal) => {
    const seconds = (Date.now() - started) / 1000
    if (fellBack) return
    if (code && !signalled && seconds < 15) {
      fallBack(`Electron exited with code ${code} ${seconds.toFixed(1)} s after starting (its messages are above; on Linux often missing system libraries)`)
    } else process.exit(code ?? (signal ? 1 : 0))
  })
}

const why = whyNoWindow()
build()
if (why === null) startElectron()
else startWeb(why)
