// Issue 15: the set-up works without Electron's binary. `npm install`'s postinstall turns a failed
// download into a warning, and `npm start` falls back to browser mode, opening the page in the
// default browser when there is one. Electron is faked with FW_ELECTRON_DIR (a folder laid out like
// node_modules/electron); browser mode is the real out/node/web.js, so those cases need `npm run build`
// (CI builds before it tests).
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const repo = resolve(__dirname, '..')
const built = existsSync(join(repo, 'out', 'node', 'web.js')) && existsSync(join(repo, 'out', 'renderer', 'index.html'))
const temps: string[] = []
const children: ChildProcessWithoutNullStreams[] = []

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'fw-setup-'))
  temps.push(d)
  return d
}

/** A folder laid out like node_modules/electron; `install` is the body of its install.js. */
function fakeElectron(opts: { pathTxt?: boolean; install?: string } = {}): string {
  const dir = temp()
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '38.8.6' }))
  if (opts.pathTxt) writeFileSync(join(dir, 'path.txt'), 'electron') // ...but no dist/electron: a partial download
  writeFileSync(join(dir, 'install.js'), opts.install ?? 'process.exit(0)\n')
  return dir
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('postinstall: a failed Electron download is a warning, not a failed install', () => {
  const offline = "console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous>'); process.exit(1)\n"

  it('exits 0 and names the cause and the fix', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FW_ELECTRON_DIR: fakeElectron({ install: offline }) }
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'postinstall.mjs')], { env, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stderr).toContain("Electron's binary could not be downloaded: getaddrinfo ENOTFOUND github.com.")
    expect(r.stderr).toContain('npm run setup:electron')
  })

  it('`npm run setup:electron` (--strict) fails on the same error, so a retry is visibly a failure', () => {
    const env = { ...process.env, FW_ELECTRON_DIR: fakeElectron({ install: offline }) }
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'postinstall.mjs'), '--strict'], { env, encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('ENOTFOUND')
  })

  it('ELECTRON_SKIP_BINARY_DOWNLOAD skips the download quietly', () => {
    const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', FW_ELECTRON_DIR: fakeElectron({ install: offline }) }
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'postinstall.mjs')], { env, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set')
    expect(r.stderr).not.toContain('WARNING')
  })
})

/** Starts `npm start`'s script (without its build) and collects its output until `until` matches. */
function start(env: NodeJS.ProcessEnv, until: RegExp): Promise<{ child: ChildProcessWithoutNullStreams; out: () => string; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [join(repo, 'scripts', 'start.mjs'), '--no-build'], { cwd: repo, env })
  children.push(child)
  let out = ''
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no ${until} within 30 s; output:\n${out}`)), 30_000)
    const onData = (b: Buffer) => {
      out += b.toString()
      const m = until.exec(out)
      if (m) {
        clearTimeout(timer)
        res({ child, out: () => out, match: m })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`start.mjs exited (${code}) early; output:\n${out}`))
    })
  })
}

function stopped(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((res) => {
    if (child.exitCode !== null) return res(child.exitCode)
    child.once('exit', (code) => res(code))
    child.kill('SIGTERM')
  })
}

describe.skipIf(!built || process.platform === 'win32')('npm start without a usable Electron binary', () => {
  const urlLine = /Forecast Workbench \(browser mode\) on (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/

  it('says why in one line, starts browser mode and opens its URL in the default browser', async () => {
    const dir = temp()
    const bin = join(dir, 'bin')
    mkdirSync(bin)
    const opened = join(dir, 'opened.txt')
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > '${opened}'\n`)
    chmodSync(join(bin, 'xdg-open'), 0o755)
    const env = {
      PATH: bin, // the fake xdg-open and nothing else
      HOME: dir,
      DISPLAY: ':0',
      FW_DB: join(dir, 'runs.db'),
      FW_ELECTRON_DIR: fakeElectron({ pathTxt: true })
    }
    const { child, out, match } = await start(env, urlLine)
    const url = match[1]!
    const lines = out().split('\n')
    expect(lines[0]).toMatch(/^npm start: no desktop window: Electron 38\.8\.6's download is incomplete \(.*electron does not exist\); for the window, run `npm run setup:electron`.*\. Starting browser mode instead\.$/)

    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="app"')
    expect((await fetch(url.replace(/token=.*/, 'token=wrong'))).status).toBe(403)

    for (let i = 0; i < 100 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 50))
    expect(readFileSync(opened, 'utf8').trim()).toBe(url)
    expect(await stopped(child)).toBe(0)
  })

  it('without a default browser it still prints the URL and says to open it', async () => {
    const dir = temp()
    const env = { PATH: join(dir, 'nothing'), HOME: dir, DISPLAY: ':0', FW_DB: join(dir, 'runs.db'), FW_ELECTRON_DIR: join(dir, 'no-electron') }
    const { child, out } = await start(env, /xdg-open is not installed\): open the URL above/)
    expect(out()).toMatch(/^npm start: no desktop window: the electron package is not installed/)
    expect(out()).toMatch(urlLine)
    expect(await stopped(child)).toBe(0)
  })
})
