// Another application's SQLite database named as the run database was written to: an unrelated
// file got the whole schema (fw runs then said "no runs yet"), one with a `runs` or `datasets`
// table failed at migration 001, one with user_version 7 at migration 009. The store now refuses
// any SQLite file it cannot tell is its own, naming its tables, and leaves it exactly as it was.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { APPLICATION_ID, tablesAt } from './identity'
import { MIGRATIONS, SCHEMA_VERSION, StoreError, migrate, openStore } from './index'
import { seedRun } from './test-fixtures/sample'
import { tempDir } from './test-fixtures/temp'

let tmp: string
let file: string
beforeEach(() => {
  ;({ dir: tmp, file } = tempDir('fw-store-identity-', 'other.db'))
})

const sha256 = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex')

/** An SQLite file made by `sql`, as another program would leave it (closed, rollback journal). */
function sqliteFile(sql: string): string {
  const db = new Database(file)
  db.exec(sql)
  db.close()
  return file
}

/** What opening `f` throws; fails the test when it opens. */
function refusal(f: string, opts: { readonly?: boolean } = {}): StoreError {
  try {
    openStore(f, opts).close()
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError)
    return e as StoreError
  }
  throw new Error(`${f} opened`)
}

const header = (f: string) => {
  const db = new Database(f, { readonly: true })
  try {
    return { applicationId: db.pragma('application_id', { simple: true }), userVersion: db.pragma('user_version', { simple: true }) }
  } finally {
    db.close()
  }
}

describe("another application's SQLite database", () => {
  it('is refused, naming its tables, and left byte for byte as it was, with nothing beside it', () => {
    sqliteFile("CREATE TABLE t (x); CREATE TABLE notes (id INTEGER, body TEXT); INSERT INTO t VALUES (1)")
    const before = sha256(file)
    const e = refusal(file)
    expect(e.code).toBe('foreign')
    expect(e.detail).toBe('an SQLite database of another application: tables notes and t')
    expect(e.message).toBe(`database ${file} is not a Forecast Workbench database (an SQLite database of another application: tables notes and t); the file was left untouched`)
    expect(sha256(file)).toBe(before)
    expect(fs.readdirSync(tmp)).toEqual(['other.db']) // no -wal, -shm or -journal
  })

  it('with a runs or datasets table of its own: refused before any migration, saying which of ours it lacks', () => {
    sqliteFile('CREATE TABLE runs (id INTEGER PRIMARY KEY, started TEXT)')
    const before = sha256(file)
    const e = refusal(file)
    expect(e.code).toBe('foreign') // was 'migration-failed': "table runs already exists"
    const lacking = tablesAt(SCHEMA_VERSION).filter((t) => t !== 'runs')
    expect(e.detail).toBe(`an SQLite database of another application: table runs; it lacks Forecast Workbench's tables ${lacking.slice(0, 6).join(', ')} and ${lacking.length - 6} more`)
    expect(sha256(file)).toBe(before)
  })

  it('with user_version 7: refused, not migrated from 8 on; with no tables at all, its user_version says what marks it', () => {
    sqliteFile('CREATE TABLE t (x); PRAGMA user_version = 7')
    expect(refusal(file).detail).toBe('an SQLite database of another application: table t')
    fs.rmSync(file)
    sqliteFile('PRAGMA user_version = 7')
    const before = sha256(file)
    expect(refusal(file).detail).toBe('an SQLite database of another application: no tables, user_version 7')
    expect(sha256(file)).toBe(before)
  })

  it('that set its own application_id is refused even with our tables and a version of ours', () => {
    const db = new Database(file)
    migrate(db, file)
    db.pragma('application_id = 1234')
    db.close()
    expect(refusal(file).detail).toBe(`an SQLite database of another application: tables ${tablesAt(SCHEMA_VERSION).sort().slice(0, 6).join(', ')} and ${tablesAt(SCHEMA_VERSION).length - 6} more, user_version ${SCHEMA_VERSION}, application_id 0x000004d2`)
  })

  it('is refused read-only too, as foreign, not as one that needs an upgrade', () => {
    sqliteFile('CREATE TABLE t (x)')
    expect(refusal(file, { readonly: true }).code).toBe('foreign')
  })

  it('newer-looking (user_version above ours) without our tables is foreign, not "written by a newer app"', () => {
    sqliteFile(`CREATE TABLE t (x); PRAGMA user_version = ${SCHEMA_VERSION + 5}`)
    expect(refusal(file).code).toBe('foreign')
  })
})

describe('what the store takes as its own', () => {
  it('a new file is stamped with our application_id', () => {
    openStore(file).close()
    expect(header(file)).toEqual({ applicationId: APPLICATION_ID, userVersion: SCHEMA_VERSION })
  })

  it('an SQLite file with nothing in it becomes a new database', () => {
    sqliteFile('CREATE TABLE scratch (x); DROP TABLE scratch') // a valid file of one page, no tables
    const store = openStore(file)
    seedRun(store)
    expect(store.runs.list()).toHaveLength(1)
    store.close()
    expect(header(file)).toEqual({ applicationId: APPLICATION_ID, userVersion: SCHEMA_VERSION })
  })

  it('a database made before the stamp is known by its version and tables: read-only, left as it is; writable, upgraded and stamped', () => {
    const db = new Database(file)
    migrate(db, file)
    db.close()
    const before = sha256(file)
    const ro = openStore(file, { readonly: true })
    expect(ro.runs.list()).toEqual([])
    ro.close()
    expect(sha256(file)).toBe(before)
    openStore(file).close()
    expect(header(file)).toEqual({ applicationId: APPLICATION_ID, userVersion: SCHEMA_VERSION })

    const v5 = path.join(tmp, 'v5.db')
    const old = new Database(v5)
    migrate(old, v5, MIGRATIONS.slice(0, 5))
    old.close()
    openStore(v5).close()
    expect(header(v5)).toEqual({ applicationId: APPLICATION_ID, userVersion: SCHEMA_VERSION })
  })

  it('a database of ours from a newer app is still "too new", stamped or not', () => {
    const db = new Database(file)
    migrate(db, file)
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(refusal(file).code).toBe('too-new')
    const stamped = new Database(file)
    stamped.pragma(`application_id = ${APPLICATION_ID}`)
    stamped.close()
    expect(refusal(file).code).toBe('too-new')
  })

  it('tablesAt names exactly the tables the migrations leave (no migration drops or renames one)', () => {
    const db = new Database(':memory:')
    for (const m of MIGRATIONS) {
      migrate(db, file, MIGRATIONS.slice(0, m.version))
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'").pluck().all()
      expect([...tables].sort(), m.name).toEqual([...tablesAt(m.version)].sort())
    }
    db.close()
  })
})
