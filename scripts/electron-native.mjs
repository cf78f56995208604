#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into native/electron/better_sqlite3.node, beside the
// Node build that npm installed in node_modules (used by tests and the CLI). Main passes the
// Electron build to openStore({ nativeBinding }). Runs from postinstall; see docs/storage.md.
//
//   node scripts/electron-native.mjs [--root DIR] [--dry-run] [--force]
//
// Without an Electron binary (node_modules/electron/path.txt missing, or naming a missing file)
// it prints why it skipped and exits 0. A failed build exits 1 (scripts/postinstall.mjs turns that
// into a warning; `npm start` then falls back to browser mode).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveCommand } from './command-line.mjs'
import { electronStatus } from './electron-binary.mjs'

const args = process.argv.slice(2)
const dryRun = args.includes('--dry-run')
const force = args.includes('--force')
const rootIndex = args.indexOf('--root')
const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const log = (msg) => console.log(`electron-native: ${msg}`)
const skip = (why) => {
  log(`skipped: ${why}. The Node build of better-sqlite3 (tests, CLI) is unaffected; \`npm run setup:electron\` fetches Electron, then builds this.`)
  process.exit(0)
}

const electron = electronStatus(root)
if (!electron.ok) skip(`no Electron binary: ${electron.reason}`)

const electronVersion = electron.version
const sqliteDir = path.join(root, 'node_modules', 'better-sqlite3')
const sqliteVersion = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version
const { arch, platform } = process
const outDir = path.join(root, 'native', 'electron')
const outFile = path.join(outDir, 'better_sqlite3.node')
const stampFile = path.join(outDir, 'build.json')
const stamp = { electron: electronVersion, betterSqlite3: sqliteVersion, platform, arch }

if (!force && fs.existsSync(outFile) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === JSON.stringify(stamp)) {
  log(`up to date: ${path.relative(root, outFile)} (better-sqlite3 ${sqliteVersion} for Electron ${electronVersion})`)
  process.exit(0)
}

/** A package's file, resolved from better-sqlite3's own dependencies; null when absent. */
function resolveFrom(dir, request) {
  try {
    return createRequire(path.join(dir, 'package.json')).resolve(request)
  } catch {
    return null
  }
}

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp, // npm sets this for lifecycle scripts
    resolveFrom(sqliteDir, 'node-gyp/bin/node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  ]
  const found = candidates.find((c) => c && fs.existsSync(c))
  return found ? [process.execPath, found] : ['npx', '--yes', 'node-gyp']
}

const prebuildBin = resolveFrom(sqliteDir, 'prebuild-install/bin.js')
const attempts = [
  {
    name: 'prebuild-install (download a prebuilt binary)',
    cmd: [...(prebuildBin ? [process.execPath, prebuildBin] : ['npx', '--yes', 'prebuild-install']),
      '--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', platform, '--verbose']
  },
  {
    name: 'node-gyp (compile against Electron headers)',
    cmd: [...nodeGyp(), 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers']
  }
]

log(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${platform}-${arch}) into ${path.relative(root, outFile)}`)
if (dryRun) {
  for (const a of attempts) log(`would try ${a.name}: ${a.cmd.join(' ')}`)
  process.exit(0)
}

// Build in a copy, so node_modules/better-sqlite3/build keeps the Node build.
function build(work) {
  const copy = path.join(work, 'better-sqlite3')
  fs.cpSync(sqliteDir, copy, { recursive: true, filter: (src) => path.relative(sqliteDir, src).split(path.sep)[0] !== 'build' })
  // The copy's own dependencies (bindings, prebuild-install) resolve from the real node_modules.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'junction')
  const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node')
  for (const a of attempts) {
    log(`trying ${a.name}`)
    // No shell: node.exe under C:\Program Files and a root with spaces stay one argument each.
    const { file, args: argv, shell } = resolveCommand(a.cmd)
    const r = spawnSync(file, argv, { cwd: copy, stdio: 'inherit', shell })
    if (r.status === 0 && fs.existsSync(built)) {
      fs.mkdirSync(outDir, { recursive: true })
      fs.copyFileSync(built, outFile)
      fs.writeFileSync(stampFile, JSON.stringify(stamp))
      log(`done: ${path.relative(root, outFile)}`)
      return 0
    }
    log(`${a.name} did not produce a binary (exit ${r.status ?? r.error?.message})`)
  }
  console.error(
    'electron-native: FAILED to build better-sqlite3 for Electron. Needs internet (prebuilt download or Electron headers) ' +
      'and, for node-gyp, Python and a C++ toolchain. The CLI and tests still work; the desktop app will not open its database.'
  )
  return 1
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-electron-native-'))
let code = 1
try {
  code = build(work)
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
process.exit(code)
