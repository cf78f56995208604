// An older database is copied aside before it is upgraded (explore19 finding 3): `fw runs` on a
// schema-4 file upgraded it to the latest schema for good, without a word, and the older build then
// refused it. The store now keeps FILE.schemaN.bak beside it first, whole and as it was, and says
// so (Store.upgraded); where the copy cannot be written it refuses, naming it, and leaves the file
// at its old schema.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION, StoreError, migrate, openStore } from './index'
import { tempDir } from './test-fixtures/temp'

/** A database file at schema 4 as the older build left it, with one dataset and one run. */
function schema4(): { dir: string; file: string } {
  const { dir, file } = tempDir('fw-upgrade-copy-', 'runs.db')
  const raw = new Database(file)
  migrate(raw, file, MIGRATIONS.slice(0, 4))
  raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('d', 'h', 0, 0)").run()
  raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at) VALUES (1, '{}', 1, 'old', 'done', 0)").run()
  raw.close()
  return { dir, file }
}

const versionOf = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return { version: db.pragma('user_version', { simple: true }), runs: (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n }
  } finally {
    db.close()
  }
}

describe('upgrading an older database', () => {
  it('keeps FILE.schema4.bak, a whole copy at schema 4, before upgrading, and says so', () => {
    const { file } = schema4()
    const store = openStore(file)
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(store.upgraded).toEqual({ from: 4, to: SCHEMA_VERSION, copy: `${file}.schema4.bak` })
    } finally {
      store.close()
    }
    expect(versionOf(`${file}.schema4.bak`)).toEqual({ version: 4, runs: 1 })
    // no temporary file is left beside them
    expect(fs.readdirSync(path.dirname(file)).filter((f) => !/^runs\.db(-wal|-shm)?$/.test(f))).toEqual(['runs.db.schema4.bak'])
    // opened again: nothing to upgrade, nothing said, the copy left as it was
    const again = openStore(file)
    try {
      expect(again.upgraded).toBeNull()
    } finally {
      again.close()
    }
  })

  it('never overwrites a copy an earlier upgrade kept: the next one is FILE.schema4-2.bak', () => {
    const { file } = schema4()
    fs.writeFileSync(`${file}.schema4.bak`, 'an earlier copy')
    const store = openStore(file)
    try {
      expect(store.upgraded?.copy).toBe(`${file}.schema4-2.bak`)
    } finally {
      store.close()
    }
    expect(fs.readFileSync(`${file}.schema4.bak`, 'utf8')).toBe('an earlier copy')
    expect(versionOf(`${file}.schema4-2.bak`).version).toBe(4)
  })

  it('a new database and one already at the latest schema keep no copy', () => {
    const { dir, file } = tempDir('fw-upgrade-copy-')
    for (let i = 0; i < 2; i++) {
      const store = openStore(file)
      expect(store.upgraded).toBeNull()
      store.close()
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('.bak'))).toEqual([])
  })

  it('refuses, naming the copy, when it cannot be written, and leaves the database at schema 4', () => {
    const { file } = schema4()
    // a folder where the copy is written before it takes its name: it cannot be made there
    fs.mkdirSync(`${file}.schema4.bak.tmp-${process.pid}`)
    let error: unknown
    try {
      openStore(file).close()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('migration-failed')
    expect((error as StoreError).message).toMatch(new RegExp(`^cannot keep a copy of ${file.replace(/[.]/g, '\\.')} at schema 4 before upgrading it to ${SCHEMA_VERSION}: ${`${file}.schema4.bak`.replace(/[.]/g, '\\.')}: .+; the database was left at schema 4`))
    expect(versionOf(file)).toEqual({ version: 4, runs: 1 })
  })
})
