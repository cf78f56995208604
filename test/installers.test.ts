// Issue 15: `npm run dist`'s electron-builder configuration, checked without downloads. Building an
// installer needs Electron's zip for the target (and, for AppImage/dmg/nsis, tools electron-builder
// downloads), which this machine cannot fetch; what can be checked offline is checked: the config's
// fields, its guard against a missing or foreign native module, and a real `--dir` pack against a
// stand-in Electron (a folder laid out like Electron's, with a stub executable) whose layout is
// asserted: app.asar's contents, the unpacked native module, the icon and the samples.
import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const repo = resolve(__dirname, '..')
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'))
const electronVersion: string = JSON.parse(readFileSync(join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')).version
const temps: string[] = []
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true })
})

/** A folder holding a stand-in for scripts/electron-native.mjs's output, stamped for this machine. */
function standInNative(stamp: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'fw-native-'))
  temps.push(dir)
  // Node's build of better-sqlite3 stands in for the Electron one: same file name and format.
  copyFileSync(join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(dir, 'better_sqlite3.node'))
  const s = { electron: electronVersion, betterSqlite3: 'stand-in', platform: process.platform, arch: process.arch, ...stamp }
  writeFileSync(join(dir, 'build.json'), JSON.stringify(s))
  return dir
}

describe('electron-builder configuration (npm run dist)', () => {
  it('names the app, builds every platform\'s installer, packs asar with the native module unpacked', async () => {
    // @ts-expect-error plain .js config without a declaration file
    const { default: c } = await import('../electron-builder.js')
    expect(c.appId).toBe('app.forecastworkbench.desktop')
    expect(c.productName).toBe('Forecast Workbench')
    expect(c.version ?? pkg.version).toBe(pkg.version) // electron-builder takes package.json's
    expect(c.electronVersion).toBe(electronVersion)
    expect(c.linux.target).toEqual(['AppImage', 'deb'])
    expect(c.mac.target).toEqual(['dmg'])
    expect(c.win.target).toEqual(['nsis'])
    expect(c.asar).toBe(true)
    expect(c.asarUnpack).toContain('native/electron/**')
    expect(c.npmRebuild).toBe(false) // the Electron-ABI build comes from scripts/electron-native.mjs
    expect(c.publish).toBeNull()
    expect(c.linux.maintainer).toMatch(/<.+@.+>/) // deb refuses to build without one
    for (const p of [c.linux.icon, c.mac.icon, c.win.icon]) {
      expect(p.startsWith('resources/')).toBe(true)
      expect(existsSync(join(repo, p))).toBe(true)
    }
    const icon = readFileSync(join(repo, c.linux.icon))
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]) // dmg and nsis icons need >= 512 / 256
    const native = c.files.find((f: unknown) => typeof f === 'object')
    expect(native.to).toBe('native/electron')
    expect(native.filter).toContain('better_sqlite3.node')
    expect(c.directories.buildResources).toBe('resources')
    expect(pkg.scripts.dist).toMatch(/npm run build && node scripts\/electron-native\.mjs && electron-builder --config electron-builder\.js/)
  })

  it('refuses to pack without the Electron-ABI better-sqlite3, or with one for another Electron, platform or CPU', async () => {
    // @ts-expect-error plain .js config without a declaration file
    const { checkNative } = await import('../electron-builder.js')
    const empty = mkdtempSync(join(tmpdir(), 'fw-native-'))
    temps.push(empty)
    expect(() => checkNative(process.platform, process.arch, empty)).toThrow(/is missing: `npm run dist` needs better-sqlite3 built for Electron/)
    const here = standInNative()
    expect(() => checkNative(process.platform, process.arch, here)).not.toThrow()
    expect(() => checkNative('win32', process.arch, here)).toThrow(/built for platform .*, this package is for win32/)
    expect(() => checkNative(process.platform, 'ia32', here)).toThrow(/built for arch .*, this package is for ia32/)
    expect(() => checkNative(process.platform, process.arch, standInNative({ electron: '30.0.0' }))).toThrow(/built for electron 30\.0\.0/)
  })

  it.skipIf(process.platform !== 'linux' || !existsSync(join(repo, 'out', 'main', 'index.js')) || !existsSync(join(repo, 'out', 'renderer', 'index.html')))(
    'a --dir pack against a stand-in Electron has the app in app.asar and the native module unpacked',
    { timeout: 300_000 },
    () => {
      const work = mkdtempSync(join(tmpdir(), 'fw-dist-'))
      temps.push(work)
      const electronDist = join(work, 'electron-dist')
      mkdirSync(join(electronDist, 'resources'), { recursive: true })
      writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho stand-in\n')
      chmodSync(join(electronDist, 'electron'), 0o755)
      writeFileSync(join(electronDist, 'version'), electronVersion)
      writeFileSync(join(electronDist, 'LICENSE'), 'stand-in')
      const out = join(work, 'dist')
      const r = spawnSync(
        process.execPath,
        [join(repo, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.js', '--linux', '--dir', '--publish', 'never',
          `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`],
        { cwd: repo, env: { ...process.env, FW_NATIVE_DIR: standInNative(), CI: 'true' }, encoding: 'utf8' }
      )
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
      const app = join(out, 'linux-unpacked')
      expect(statSync(join(app, 'forecast-workbench')).mode & 0o111).not.toBe(0) // the executable, renamed
      const asar = createRequire(join(repo, 'node_modules', 'app-builder-lib', 'package.json'))('@electron/asar')
      const archive = join(app, 'resources', 'app.asar')
      const files = new Set<string>(asar.listPackage(archive).map((f: string) => f.replaceAll('\\', '/')))
      for (const f of [
        '/package.json',
        '/out/main/index.js',
        '/out/main/trainer.js',
        '/out/main/parallel-worker.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
        '/resources/icons/icon.png',
        '/resources/samples/seattle-weather.csv',
        '/native/electron/better_sqlite3.node',
        '/native/electron/build.json',
        '/node_modules/better-sqlite3/lib/index.js',
        '/node_modules/exceljs/package.json',
        // what forecastXlsx imports: exceljs's Workbook module, not the package's entry
        '/node_modules/exceljs/lib/doc/workbook.js',
        '/node_modules/papaparse/package.json',
        '/node_modules/protobufjs/package.json'
      ]) expect(files, f).toContain(f)
      // Node's better-sqlite3 build and sources stay out; devDependencies stay out.
      expect([...files].filter((f) => f.startsWith('/node_modules/better-sqlite3/build') || f.startsWith('/node_modules/better-sqlite3/src'))).toEqual([])
      for (const dev of ['electron', 'vite', 'vitest', '@tensorflow', 'electron-builder']) expect(files).not.toContain(`/node_modules/${dev}`)
      expect([...files].some((f) => f.endsWith('.map'))).toBe(false)
      // The native module lives outside the archive, where Electron can load it.
      const unpacked = join(app, 'resources', 'app.asar.unpacked', 'native', 'electron', 'better_sqlite3.node')
      expect(statSync(unpacked).size).toBeGreaterThan(100_000)
      const packedPkg = JSON.parse(asar.extractFile(archive, 'package.json').toString())
      expect([packedPkg.name, packedPkg.version, packedPkg.main]).toEqual([pkg.name, pkg.version, 'out/main/index.js'])
    }
  )
})
