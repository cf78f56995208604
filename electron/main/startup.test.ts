// Startup failures become a dialog with choices (issue 17), against real database files: damaged,
// newer than the app, read-only, busy, and a missing or foreign native build. The dialog is a
// stand-in that answers as a user would.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore, StoreError } from '../../core/store'
import { describeStartupFailure, NativeBuildMissingError, openWithRecovery, sessionMarker } from './startup'
import type { StartupAction, StartupFailure, StartupShell } from './startup'

const temps: string[] = []
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true })
})
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fw-startup-'))
  temps.push(d)
  return d
}

/** A stand-in for the dialogs: answers from a script, records what it was shown. */
function shell(answers: StartupAction[], backup: string | null = null): StartupShell & { shown: StartupFailure[]; notes: string[] } {
  const shown: StartupFailure[] = []
  const notes: string[] = []
  return {
    shown,
    notes,
    ask: async (f) => (shown.push(f), answers.shift() ?? 'quit'),
    pickBackup: async () => backup,
    told: (m) => notes.push(m)
  }
}

const damagedFile = (d: string): string => {
  const f = join(d, 'runs.db')
  writeFileSync(f, 'this is not a database, just a file that got overwritten '.repeat(200))
  return f
}
/** A run database whose schema a newer app moved on to version 999 (an empty file with only
 *  user_version 999 is no run database of any version: the store calls it another application's). */
const newerFile = (d: string): string => {
  const f = join(d, 'runs.db')
  openStore(f).close()
  const db = new Database(f)
  db.pragma('user_version = 999')
  db.close()
  return f
}

/** What openStore throws for `file` (undefined when it opens). */
function openError(file: string, nativeBinding?: string): unknown {
  try {
    openStore(file, nativeBinding ? { nativeBinding } : {}).close()
  } catch (e) {
    return e
  }
  return undefined
}

describe('describeStartupFailure: the cause and the file, with the choices that help', () => {
  it('damaged: open a backup, start a new database, or quit', () => {
    const d = dir()
    const f = damagedFile(d)
    const r = describeStartupFailure(openError(f), f)
    expect(r).toMatchObject({ cause: 'damaged', file: f, actions: ['open-backup', 'new-database', 'quit'] })
    // named as fw and browser mode name it (core/services/database-file.ts), not just 'damaged'
    expect(r.message).toBe(`Not a Forecast Workbench database (it looks like a CSV; its first line is "${'this is not a database, just a file that got overwritten '.repeat(2).slice(0, 60)}…"): ${f}`)
    expect(r.detail).toMatch(/^Start a new database moves this file aside \(renamed, never deleted\)/)
    writeFileSync(f, Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 97 + 13) % 256)))
    expect(describeStartupFailure(openError(f), f).message).toBe(`Not a Forecast Workbench database (it is not an SQLite database, nor text: it starts with the bytes 0d 6e cf 30 91 f2 53 b4 …): ${f}`)
    writeFileSync(f, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(700_000, 0x5a)]))
    expect(describeStartupFailure(openError(f), f).message).toMatch(/^The database is damaged \(.+\): /)
  })

  it("another application's SQLite database: named by its tables as fw names it, the same choices, and left as it was", () => {
    const d = dir()
    const f = join(d, 'runs.db')
    const db = new Database(f)
    db.exec('CREATE TABLE t (x); CREATE TABLE runs (id INTEGER PRIMARY KEY)')
    db.close()
    const before = readFileSync(f)
    const r = describeStartupFailure(openError(f), f)
    expect(r).toMatchObject({ cause: 'foreign', file: f, actions: ['open-backup', 'new-database', 'quit'] })
    expect(r.message).toMatch(new RegExp(`^Not a Forecast Workbench database \\(an SQLite database of another application: tables runs and t; it lacks Forecast Workbench's tables .+\\): ${f}$`))
    expect(r.detail).toMatch(/^Start a new database moves this file aside \(renamed, never deleted\)/)
    expect(readFileSync(f).equals(before)).toBe(true)
    expect(readdirSync(d)).toEqual(['runs.db'])
  })

  it('newer than the app: says to update, offers the same choices', () => {
    const d = dir()
    const f = newerFile(d)
    const r = describeStartupFailure(openError(f), f)
    expect(r).toMatchObject({ cause: 'too-new', file: f, actions: ['open-backup', 'new-database', 'quit'] })
    expect(r.message).toMatch(/written by a newer version of Forecast Workbench: .*runs\.db$/)
    expect(r.detail).toMatch(/^Update the app/)
  })

  it('read-only and busy: names the file and the fix, offers try again or quit', () => {
    const ro = describeStartupFailure(new StoreError('read-only', 'read-only database /data/runs.db has schema version 1 and needs an upgrade', { file: '/data/runs.db' }), '/x/runs.db')
    expect(ro).toMatchObject({ cause: 'read-only', file: '/data/runs.db', actions: ['retry', 'quit'] })
    expect(ro.message).toBe('The database cannot be written: /data/runs.db')
    expect(ro.detail).toMatch(/write permission/)
    const folder = describeStartupFailure(Object.assign(new Error("EACCES: permission denied, mkdir '/x'"), { code: 'EACCES' }), '/x/runs.db')
    expect(folder).toMatchObject({ cause: 'read-only', file: '/x/runs.db', actions: ['retry', 'quit'] })
    const busy = describeStartupFailure(new StoreError('busy', 'database busy (another process holds it): /x/runs.db', { file: '/x/runs.db' }), '/x/runs.db')
    expect(busy).toMatchObject({ cause: 'busy', actions: ['retry', 'quit'] })
  })

  it('missing Electron build of the driver: names the file and the command that fixes it', () => {
    const r = describeStartupFailure(new NativeBuildMissingError('/app/native/electron/better_sqlite3.node'), '/u/runs.db')
    expect(r).toMatchObject({ cause: 'native-missing', file: '/app/native/electron/better_sqlite3.node', actions: ['quit'] })
    expect(r.detail).toContain('npm run setup:electron')
    expect(r.detail).toContain('node scripts/electron-native.mjs --force')
  })

  it('a driver built for another runtime (a real dlopen failure): the same command', () => {
    const d = dir()
    const bogus = join(d, 'better_sqlite3.node')
    writeFileSync(bogus, 'not a shared object')
    const err = openError(join(d, 'runs.db'), bogus)
    expect(err).toBeDefined()
    const r = describeStartupFailure(err, join(d, 'runs.db'))
    expect(r).toMatchObject({ cause: 'native-abi', actions: ['quit'] })
    expect(r.detail).toContain('npm run setup:electron')
    const abi = describeStartupFailure(new Error("The module 'x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 139."), '/u/runs.db')
    expect(abi.cause).toBe('native-abi')
  })
})

describe('openWithRecovery: every choice does what it says, and nothing is deleted', () => {
  it('Quit: resolves null (main then quits, releasing the single-instance lock)', async () => {
    const d = dir()
    const f = damagedFile(d)
    const s = shell(['quit'])
    await expect(openWithRecovery(() => openStore(f), f, s)).resolves.toBeNull()
    expect(s.shown.map((x) => x.cause)).toEqual(['damaged'])
    expect(readdirSync(d)).toEqual(['runs.db']) // untouched
  })

  it('Start a new database: the damaged file is moved aside, kept whole, and a fresh one opens', async () => {
    const d = dir()
    const f = damagedFile(d)
    const before = readFileSync(f)
    const s = shell(['new-database'])
    const store = await openWithRecovery(() => openStore(f), f, s)
    expect(store).not.toBeNull()
    store!.close()
    const aside = readdirSync(d).find((n) => n.startsWith('runs.db.damaged-'))!
    expect(readFileSync(join(d, aside))).toEqual(before)
    expect(s.notes[0]).toContain(aside)
  })

  it('Open a backup: the newer file is moved aside and the backup copied in; cancel asks again', async () => {
    const d = dir()
    const f = newerFile(d)
    const backupDir = dir()
    const backup = join(backupDir, 'runs-backup.db')
    openStore(backup).close()
    // First the picker is cancelled (the same question comes back), then a backup is chosen.
    let picks = 0
    const s = shell(['open-backup', 'open-backup'])
    s.pickBackup = async () => (++picks === 1 ? null : backup)
    const store = await openWithRecovery(() => openStore(f), f, s)
    expect(store).not.toBeNull()
    store!.close()
    expect(s.shown.map((x) => x.cause)).toEqual(['too-new', 'too-new'])
    expect(existsSync(backup)).toBe(true) // copied, not moved
    expect(readdirSync(d).some((n) => n.startsWith('runs.db.damaged-'))).toBe(true)
  })

  it('Try again: opens once the cause is gone; a choice the failure does not offer counts as Quit', async () => {
    let attempts = 0
    const open = () => {
      if (++attempts === 1) throw new StoreError('busy', 'database busy (another process holds it): /x/runs.db', { file: '/x/runs.db' })
      return 'store'
    }
    await expect(openWithRecovery(open, '/x/runs.db', shell(['retry']))).resolves.toBe('store')
    const missing = () => {
      throw new NativeBuildMissingError('/app/native/electron/better_sqlite3.node')
    }
    await expect(openWithRecovery(missing, '/x/runs.db', shell(['new-database']))).resolves.toBeNull()
  })
})

describe('sessionMarker: quick_check only after an unclean shutdown', () => {
  it('is absent after a clean close and present after a crash', () => {
    const f = join(dir(), 'runs.db')
    expect(sessionMarker(f).wasUnclean).toBe(false)
    const m = sessionMarker(f)
    m.open()
    expect(sessionMarker(f).wasUnclean).toBe(true) // the process died here: next launch verifies
    m.close()
    expect(sessionMarker(f).wasUnclean).toBe(false)
  })
})
