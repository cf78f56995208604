#!/usr/bin/env node
// `npm install`'s last step (package.json "postinstall") and `npm run setup:electron`.
//
// 1. Electron's binary. allowScripts keeps npm from running electron's own download script, whose
//    failure would roll back the whole install. This runs that same script (install.js) and, if
//    the download fails (offline, a proxy, a blocked host), prints a warning naming the cause and
//    the fix, and carries on: the CLI, the tests and browser mode need no Electron binary, and
//    `npm start` falls back to browser mode.
// 2. better-sqlite3 for Electron's ABI (scripts/electron-native.mjs), once the binary is there.
//    A failed build is a warning here too; `npm start` retries it.
//
// Never fails the install. ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips step 1 (and so step 2).
//   node scripts/postinstall.mjs            what npm install runs
//   node scripts/postinstall.mjs --strict   `npm run setup:electron`: exit 1 when either step fails
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ELECTRON_FIX, downloadElectron, electronStatus } from './electron-binary.mjs'

const strict = process.argv.includes('--strict')
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const warn = (msg) => console.warn(`\n  WARNING (forecast-workbench): ${msg}\n`)

function electronBinary() {
  const before = electronStatus(root)
  if (before.ok) return true
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && !strict) {
    console.log(`postinstall: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so Electron's binary was not downloaded; \`npm start\` will use browser mode. Later: \`npm run setup:electron\`.`)
    return false
  }
  console.log(`postinstall: downloading Electron ${before.version ?? ''}'s binary (node_modules/electron/install.js) ...`)
  const r = downloadElectron(root)
  if (r.ok) {
    console.log('postinstall: Electron binary installed.')
    return true
  }
  warn(
    `Electron's binary could not be downloaded: ${r.cause}.\n` +
      `  Everything else is installed: the CLI, the tests and browser mode work, and \`npm start\` opens the app in your browser.\n` +
      `  For the desktop window: ${ELECTRON_FIX}.`
  )
  return false
}

let ok = electronBinary()
if (ok) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'electron-native.mjs')], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    warn(
      'better-sqlite3 could not be built for Electron (see the lines above). The CLI, the tests and browser mode are unaffected;\n' +
        '  `npm start` retries the build and otherwise opens browser mode. Retry alone: `node scripts/electron-native.mjs`.'
    )
    ok = false
  }
}
process.exit(strict && !ok ? 1 : 0)
