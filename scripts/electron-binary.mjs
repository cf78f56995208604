// Where Electron's binary is, whether it is usable, and how to fetch it: shared by the install
// step (scripts/postinstall.mjs), `npm start` (scripts/start.mjs) and scripts/electron-native.mjs.
//
// The `electron` npm package is only a launcher; its binary is a separate download that its own
// postinstall (node_modules/electron/install.js) fetches. package.json's `allowScripts` denies that
// script (npm >= 11.16 reads the field), so a failed download can never roll back `npm install`;
// scripts/postinstall.mjs runs the same install.js itself and turns a failure into a warning.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/** node_modules/electron of the project at `root`; FW_ELECTRON_DIR replaces it (tests). */
export function electronDir(root) {
  return process.env.FW_ELECTRON_DIR ? path.resolve(process.env.FW_ELECTRON_DIR) : path.join(root, 'node_modules', 'electron')
}

/**
 * { ok: true, binary, version } when Electron's binary is installed, else { ok: false, reason }
 * with a reason that fits in one line: package missing, no download yet, or a partial download
 * (path.txt present, binary missing).
 */
export function electronStatus(root) {
  const dir = electronDir(root)
  const rel = (p) => path.relative(root, p) || p
  const pkgFile = path.join(dir, 'package.json')
  if (!fs.existsSync(pkgFile)) return { ok: false, reason: `the electron package is not installed (${rel(dir)} is missing)` }
  const version = JSON.parse(fs.readFileSync(pkgFile, 'utf8')).version
  const pathTxt = path.join(dir, 'path.txt')
  if (!fs.existsSync(pathTxt)) return { ok: false, version, reason: `Electron ${version}'s binary was never downloaded (${rel(pathTxt)} is missing)` }
  const binary = path.join(dir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim())
  if (!fs.existsSync(binary)) {
    return { ok: false, version, reason: `Electron ${version}'s download is incomplete (${rel(binary)} does not exist)` }
  }
  return { ok: true, version, binary }
}

/** What to do about a missing binary, in one line. */
export const ELECTRON_FIX =
  'run `npm run setup:electron` where the download can work (internet access, or ELECTRON_MIRROR or a proxy: README, "Without the Electron binary")'

/** The first line of a download error that names the cause (e.g. "getaddrinfo ENOTFOUND github.com"). */
export function downloadCause(stderr) {
  const lines = String(stderr).split('\n').map((l) => l.trim()).filter(Boolean)
  const named = lines.find((l) => /E[A-Z]{3,}|HTTPError|RequestError|Error:|status code|timed? ?out/i.test(l) && !l.startsWith('at '))
  return (named ?? lines[0] ?? 'no output').replace(/^(Request|HTTP)?Error:\s*/, '').slice(0, 200)
}

/**
 * Runs Electron's own install.js (the download its postinstall would have done). Returns
 * { ok: true } or { ok: false, cause }. Never throws.
 */
export function downloadElectron(root, { timeoutMs = Number(process.env.FW_ELECTRON_DOWNLOAD_TIMEOUT_S ?? 900) * 1000 } = {}) {
  const dir = electronDir(root)
  const script = path.join(dir, 'install.js')
  if (!fs.existsSync(script)) return { ok: false, cause: `${path.relative(root, script)} is missing` }
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  const r = spawnSync(process.execPath, [script], { cwd: dir, env, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] })
  if (r.error) return { ok: false, cause: r.error.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs / 1000} s` : r.error.message }
  if (r.status !== 0) return { ok: false, cause: downloadCause(r.stderr || r.stdout) }
  const s = electronStatus(root)
  return s.ok ? { ok: true } : { ok: false, cause: s.reason }
}
