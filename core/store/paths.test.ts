import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDbPath, resolveDbPath } from './paths'
import { tempDir } from './test-fixtures/temp'

describe('defaultDbPath', () => {
  it('follows each platform’s convention for user data', () => {
    expect(defaultDbPath({}, 'linux', '/home/ann')).toBe('/home/ann/.local/share/forecast-workbench/runs.db')
    expect(defaultDbPath({ XDG_DATA_HOME: '/data/ann' }, 'linux', '/home/ann')).toBe('/data/ann/forecast-workbench/runs.db')
    expect(defaultDbPath({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/ann')).toBe('/home/ann/.local/share/forecast-workbench/runs.db')
    expect(defaultDbPath({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/forecast-workbench/runs.db')
    expect(defaultDbPath({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\forecast-workbench\\runs.db'
    )
  })
})

describe('resolveDbPath', () => {
  it('prefers --db, then FW_DB, then the default', () => {
    expect(resolveDbPath('/x/a.db', { FW_DB: '/y/b.db' })).toBe('/x/a.db')
    expect(resolveDbPath(undefined, { FW_DB: '/y/b.db' })).toBe('/y/b.db')
    expect(resolveDbPath(undefined, { XDG_DATA_HOME: '/z' })).toBe('/z/forecast-workbench/runs.db')
  })
})

describe('scripts/electron-native.mjs', () => {
  const script = path.resolve(import.meta.dirname, '../../scripts/electron-native.mjs')
  const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' })

  // Always a fake root: on a machine with Electron installed, the real one would start a build.
  function fakeRoot(electronBinary: 'none' | 'missing' | 'present'): string {
    const root = tempDir('fw-native-').dir
    const electron = path.join(root, 'node_modules', 'electron')
    fs.mkdirSync(path.join(electron, 'dist'), { recursive: true })
    fs.mkdirSync(path.join(root, 'node_modules', 'better-sqlite3'))
    fs.writeFileSync(path.join(electron, 'package.json'), '{"version":"38.8.6"}')
    fs.writeFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), '{"version":"12.11.1"}')
    if (electronBinary !== 'none') fs.writeFileSync(path.join(electron, 'path.txt'), 'electron')
    if (electronBinary === 'present') fs.writeFileSync(path.join(electron, 'dist', 'electron'), '')
    return root
  }

  it('skips with a clear message and exit 0 when Electron’s binary is absent (as on this machine)', () => {
    const bare = fakeRoot('none')
    const r = run('--root', bare)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^electron-native: skipped: no Electron binary: .*\(node_modules\/electron\/path\.txt is missing\)/)
    const missing = fakeRoot('missing')
    const r2 = run('--root', missing)
    expect(r2.status).toBe(0)
    expect(r2.stdout).toMatch(/^electron-native: skipped: no Electron binary: .*\(node_modules\/electron\/dist\/electron does not exist\)/)
    for (const root of [bare, missing]) expect(fs.existsSync(path.join(root, 'native'))).toBe(false)
  })

  it('with an Electron binary, plans prebuild-install then node-gyp for Electron’s version and headers', () => {
    const root = fakeRoot('present')
    const r = run('--root', root, '--dry-run')
    expect(r.status).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toContain('for Electron 38.8.6')
    expect(lines[1]).toMatch(/prebuild-install --runtime electron --target 38\.8\.6 --arch \w+ --platform \w+/)
    expect(lines[2]).toMatch(/node-gyp(\.js)? rebuild --release --target=38\.8\.6 --arch=\w+ --dist-url=https:\/\/electronjs\.org\/headers$/)
  })
})
