// Browser mode's launcher: --help prints the usage and serves nothing (it started a server on the
// default database), and a database that is not one is named as the CLI names it, with what to do.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../core/store'
import { launchFailure, webArgs } from './launch'

describe('browser mode arguments', () => {
  it('--help (or -h) prints the usage, naming the default database, and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = webArgs([flag], '/home/a/runs.db')
      expect(r).toMatchObject({ exit: 0 })
      expect('stdout' in r && r.stdout).toMatch(/^Forecast Workbench in a browser[\s\S]*FW_DB +the run database \(default: \/home\/a\/runs\.db/)
    }
  })

  it('serves with no arguments, and refuses any other, exit 2', () => {
    expect(webArgs([], '/x.db')).toEqual({ serve: true })
    expect(webArgs(['--db', 'a.db'], '/x.db')).toMatchObject({ exit: 2, stderr: expect.stringMatching(/^web\.js: unexpected argument '--db': browser mode takes none \(the database is FW_DB\)/) })
  })
})

describe('a database that does not open', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-web-launch-'))
  const failure = (f: string) => {
    try {
      openStore(f).close()
    } catch (e) {
      return launchFailure(e, f)
    }
    throw new Error(`${f} opened`)
  }

  it('random bytes: not a database (as fw says), with the next step, not "database damaged"', () => {
    const f = join(dir, 'noise.db')
    writeFileSync(f, Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 97 + 13) % 256)))
    expect(failure(f)).toBe(`database ${f}: not a Forecast Workbench database (it is not an SQLite database, nor text: it starts with the bytes 0d 6e cf 30 91 f2 53 b4 …)\n  move the file aside and start again with a new database, or open another (e.g. FW_DB=${join(dir, 'noise')}-new.db)`)
  })

  it("another application's SQLite database: named by its tables, with the next step, and left as it was", () => {
    const f = join(dir, 'other.db')
    const db = new Database(f)
    db.exec('CREATE TABLE t (x); PRAGMA user_version = 7')
    db.close()
    const before = readFileSync(f)
    expect(failure(f)).toBe(`database ${f}: not a Forecast Workbench database (an SQLite database of another application: table t)\n  name the run database (e.g. FW_DB=${join(dir, 'other')}-new.db)`)
    expect(readFileSync(f).equals(before)).toBe(true)
  })

  it('damaged pages: damaged, why, and the next step', () => {
    const f = join(dir, 'torn.db')
    writeFileSync(f, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(700_000, 0x5a)]))
    expect(failure(f)).toMatch(/^database .*torn\.db: the database is damaged \(.+\)\n {2}move the file aside and start again/)
  })
})
