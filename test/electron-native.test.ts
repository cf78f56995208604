// Issue 17: scripts/electron-native.mjs spawns its helpers without a shell, so paths with spaces
// (node.exe under C:\Program Files, a project in "My Projects") stay one argument each. The Windows
// rules are checked as data; the real spawn runs here against a project root with spaces, a stand-in
// Electron and a stand-in prebuild-install that records the argv it was given.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain .mjs without a declaration file
import { quoteForCmd, resolveCommand } from '../scripts/command-line.mjs'

const repo = resolve(__dirname, '..')
const temps: string[] = []
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true })
})

describe('resolveCommand: helper commands without a shell', () => {
  const winNode = 'C:\\Program Files\\nodejs\\node.exe'

  it('runs node with a script as two plain arguments on Windows, spaces and all', () => {
    const cmd = [winNode, 'C:\\Users\\Ana Lima\\fw\\node_modules\\prebuild-install\\bin.js', '--runtime', 'electron']
    expect(resolveCommand(cmd, { platform: 'win32', execPath: winNode })).toEqual({ file: winNode, args: cmd.slice(1), shell: false })
  })

  it('runs npx through npm\'s npx-cli.js with node, found beside node.exe or from npm_execpath', () => {
    const cli = 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npx-cli.js'
    const r = resolveCommand(['npx', '--yes', 'node-gyp', 'rebuild'], { platform: 'win32', execPath: winNode, env: {}, exists: (p: string) => p === cli })
    expect(r).toEqual({ file: winNode, args: [cli, '--yes', 'node-gyp', 'rebuild'], shell: false })
    const viaNpm = resolveCommand(['npx', 'x'], {
      platform: 'linux', execPath: '/usr/bin/node', env: { npm_execpath: '/opt/my npm/bin/npm-cli.js' }, exists: (p: string) => p === '/opt/my npm/bin/npx-cli.js'
    })
    expect(viaNpm).toEqual({ file: '/usr/bin/node', args: ['/opt/my npm/bin/npx-cli.js', 'x'], shell: false })
  })

  it('falls back to cmd.exe for npx only on Windows without npx-cli.js, quoting every argument', () => {
    const r = resolveCommand(['npx', '--yes', 'node-gyp', '--dist-url=https://electronjs.org/headers', 'C:\\My Projects\\fw'], {
      platform: 'win32', execPath: winNode, env: {}, exists: () => false
    })
    expect(r).toEqual({ file: 'npx --yes node-gyp --dist-url=https://electronjs.org/headers "C:\\My Projects\\fw"', args: [], shell: true })
    expect(resolveCommand(['npx', 'a b'], { platform: 'linux', env: {}, exists: () => false })).toEqual({ file: 'npx', args: ['a b'], shell: false })
  })

  it('quotes for cmd.exe as Windows parses argv back: quotes escaped, trailing backslashes doubled', () => {
    expect(quoteForCmd('plain-arg=1')).toBe('plain-arg=1')
    expect(quoteForCmd('C:\\Program Files\\')).toBe('"C:\\Program Files\\\\"')
    expect(quoteForCmd('say "hi"')).toBe('"say \\"hi\\""')
    expect(quoteForCmd('a\\"b')).toBe('"a\\\\\\"b"')
  })
})

describe('electron-native.mjs in a project whose path has spaces', () => {
  it('hands prebuild-install its arguments intact and installs what it built', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'fw native ')), 'My Projects', 'forecast workbench')
    temps.push(resolve(root, '..', '..'))
    const sqlite = join(root, 'node_modules', 'better-sqlite3')
    mkdirSync(sqlite, { recursive: true })
    writeFileSync(join(sqlite, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }))
    // A stand-in prebuild-install: records its argv and cwd, and "downloads" a binary.
    const prebuild = join(root, 'node_modules', 'prebuild-install')
    mkdirSync(prebuild, { recursive: true })
    writeFileSync(join(prebuild, 'package.json'), JSON.stringify({ name: 'prebuild-install', version: '0.0.0' }))
    const record = join(root, 'argv.json')
    writeFileSync(
      join(prebuild, 'bin.js'),
      `const fs = require('fs'), path = require('path')\n` +
        `fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv, cwd: process.cwd() }))\n` +
        `fs.mkdirSync(path.join(process.cwd(), 'build', 'Release'), { recursive: true })\n` +
        `fs.writeFileSync(path.join(process.cwd(), 'build', 'Release', 'better_sqlite3.node'), 'stand-in')\n`
    )
    // A stand-in Electron: package.json, path.txt and the file it names.
    const electron = join(root, 'node_modules', 'electron')
    mkdirSync(join(electron, 'dist'), { recursive: true })
    writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: '38.8.6' }))
    writeFileSync(join(electron, 'path.txt'), 'electron')
    writeFileSync(join(electron, 'dist', 'electron'), '')

    const env = { ...process.env }
    delete env.FW_ELECTRON_DIR
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'electron-native.mjs'), '--root', root], { env, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const seen = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; cwd: string }
    expect(seen.argv[1]).toBe(join(prebuild, 'bin.js'))
    expect(seen.argv.slice(2)).toEqual(['--runtime', 'electron', '--target', '38.8.6', '--arch', process.arch, '--platform', process.platform, '--verbose'])
    expect(seen.cwd).toMatch(/better-sqlite3$/)
    expect(readFileSync(join(root, 'native', 'electron', 'better_sqlite3.node'), 'utf8')).toBe('stand-in')
    expect(existsSync(join(root, 'native', 'electron', 'build.json'))).toBe(true)
  })
})

describe('npm run test:electron without the binary', () => {
  it('says in one line that it skipped and why, and exits 0', () => {
    const fake = mkdtempSync(join(tmpdir(), 'fw-no-electron-'))
    temps.push(fake)
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'electron', version: '38.8.6' }))
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'electron-smoke.mjs')], { env: { ...process.env, FW_ELECTRON_DIR: fake }, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    expect(r.stdout).toMatch(/^electron smoke test: skipped: Electron 38\.8\.6's binary was never downloaded \(.*path\.txt is missing\)/)
  })
})
