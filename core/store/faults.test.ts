import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoreError, SCHEMA_VERSION, MIGRATIONS, migrate, openStore, startFresh, type Store } from './index'
import { checkpoint, epoch, seedRun } from './test-fixtures/sample'
import { tempDir } from './test-fixtures/temp'

let tmp: string
let file: string
beforeEach(() => {
  ;({ dir: tmp, file } = tempDir('fw-store-faults-'))
})

const sha256 = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex')

function caught(fn: () => unknown): StoreError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError)
    return e as StoreError
  }
  throw new Error('expected a StoreError, nothing was thrown')
}

/** A closed database with a finished-looking run, enough pages to damage. */
function populated(): { runId: number } {
  const store = openStore(file)
  const { runId } = seedRun(store)
  store.epochs.append(runId, [1, 2, 3].map((n) => epoch(n)))
  store.saveCheckpoint(runId, ['last', 'best'], checkpoint(3, 50_000))
  store.close()
  return { runId }
}

function schemaDump(db: Database.Database): unknown[] {
  return db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()
}

describe('startup after a crash', () => {
  it("turns runs left 'running' into 'interrupted' with the reason, and leaves others alone", () => {
    const store = openStore(file)
    const { datasetId, runId: running } = seedRun(store)
    const queued = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
    const done = store.runs.create({ datasetId, configJson: '{}', seed: 2 })
    store.startRun(done)
    store.finishRun(done, { metrics: [], forecasts: [] })
    store.db.close() // no orderly close: as if the process died

    const after = openStore(file)
    expect(after.recoverInterrupted('the app quit while training')).toEqual([running])
    expect(after.runs.get(running)).toMatchObject({ status: 'interrupted', error: 'the app quit while training' })
    expect(after.runs.get(running).finishedAt).not.toBeNull()
    expect(after.runs.get(queued).status).toBe('queued')
    expect(after.runs.get(done).status).toBe('done')
    expect(after.recoverInterrupted('again')).toEqual([])
    after.close()
  })
})

/** Overwrites the root page of `table` in the closed database. */
function damageRoot(table: string): void {
  const db = new Database(file, { readonly: true })
  const root = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(table) as number
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.close()
  const fd = fs.openSync(file, 'r+')
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize)
  fs.closeSync(fd)
}

describe('a damaged file', () => {
  const damages: [string, () => void][] = [
    ['a bad header', () => {
      const fd = fs.openSync(file, 'r+')
      fs.writeSync(fd, Buffer.from('this is not sqlite at all'), 0, 25, 0)
      fs.closeSync(fd)
    }],
    ['a bad b-tree page', () => damageRoot('epochs')],
    ['truncation to half its size', () => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))],
    ['truncation inside the header', () => fs.truncateSync(file, 60)]
  ]

  for (const [what, damage] of damages) {
    it(`with ${what} is reported as damaged, offered options, and never overwritten`, () => {
      populated()
      damage()
      const before = sha256(file)
      const err = caught(() => openStore(file))
      expect(err.code).toBe('damaged')
      expect(err.message).toBe(`database damaged: ${file}`)
      expect(err.file).toBe(file)
      expect(err.options).toEqual(['open-backup', 'new-database'])
      expect(sha256(file)).toBe(before)

      // 'new-database': the damaged file is moved aside, byte for byte, and a fresh one opens.
      const movedTo = startFresh(file)
      expect(movedTo).not.toBe(file)
      expect(sha256(movedTo)).toBe(before)
      const fresh = openStore(file)
      expect(fresh.runs.list()).toEqual([])
      fresh.close()
      expect(sha256(movedTo)).toBe(before)
    })
  }

  it('startFresh never overwrites an earlier damaged copy', () => {
    fs.writeFileSync(file, 'first')
    const at = new Date('2026-01-02T03:04:05Z')
    const a = startFresh(file, at)
    fs.writeFileSync(file, 'second')
    const b = startFresh(file, at)
    expect(a).not.toBe(b)
    expect([fs.readFileSync(a, 'utf8'), fs.readFileSync(b, 'utf8')]).toEqual(['first', 'second'])
  })
})

describe('a read-only database', () => {
  it('opened read-only says so, reads fine, and refuses writes with a clear message', () => {
    const { runId } = populated()
    const before = sha256(file)
    const store = openStore(file, { readonly: true })
    expect(store.readonly).toBe(true)
    expect(store.readonlyReason).toMatch(/read-only/)
    expect(store.getRun(runId).epochs).toHaveLength(3)
    for (const write of [
      () => store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 }),
      () => store.appendEpoch(runId, epoch(4)),
      () => store.saveCheckpoint(runId, ['last'], checkpoint(4)),
      () => store.recoverInterrupted('x')
    ]) {
      const err = caught(write)
      expect(err.code).toBe('read-only')
      expect(err.message).toBe(`read-only database: ${file}`)
    }
    store.close()
    expect(sha256(file)).toBe(before)
  })

  // Root ignores file modes, so this part can only run as an ordinary user.
  it.skipIf(process.getuid?.() === 0)('a file without write permission is opened read-only with the reason', () => {
    populated()
    fs.chmodSync(file, 0o444)
    const store = openStore(file)
    expect(store.readonly).toBe(true)
    expect(store.readonlyReason).toBe(`no permission to write ${file}`)
    expect(caught(() => store.recoverInterrupted('x')).code).toBe('read-only')
    store.close()
  })

  it.skipIf(process.getuid?.() === 0)('in a folder without write permission is read from a private copy', () => {
    const { runId } = populated()
    fs.chmodSync(tmp, 0o555)
    try {
      const store = openStore(file)
      expect(store.readonly).toBe(true)
      expect(store.readonlyReason).toBe(`no permission to write in folder ${tmp} (showing a read-only copy)`)
      expect(store.getRun(runId).epochs).toHaveLength(3)
      expect(caught(() => store.appendEpoch(runId, epoch(4))).message).toBe(`read-only database: ${file}`)
      store.close()
    } finally {
      fs.chmodSync(tmp, 0o755)
    }
  })

  it('that a crash left mid-write (a hot rollback journal) is read from a private copy, rolled back', () => {
    // The crash: a writer in rollback-journal mode (a new file is, until the store switches it to
    // WAL) has spilled changed pages into the file; its journal holds the pages as they were.
    // The file and journal are copied at that moment, as a SIGKILL would leave them.
    const { runId } = populated()
    const raw = new Database(file)
    raw.pragma('journal_mode = DELETE')
    raw.exec('CREATE TABLE filler(x BLOB)')
    const ins = raw.prepare('INSERT INTO filler VALUES (?)')
    raw.transaction(() => { for (let i = 0; i < 100; i++) ins.run(Buffer.alloc(4000, 1)) })()
    raw.pragma('cache_size = 2')
    raw.exec('BEGIN')
    raw.exec('UPDATE filler SET x = zeroblob(4000)')
    const crashed = path.join(tmp, 'crashed.db')
    fs.copyFileSync(file, crashed)
    fs.copyFileSync(file + '-journal', crashed + '-journal')
    raw.exec('ROLLBACK')
    raw.close()
    // SQLite's own read-only connection cannot read it: the journal must be rolled back first
    const plain = (() => {
      try {
        new Database(crashed, { readonly: true }).prepare('SELECT count(*) FROM filler').get()
      } catch (e) {
        return (e as { code?: string }).code
      }
    })()
    expect(plain).toBe('SQLITE_READONLY_ROLLBACK')
    const before = [sha256(crashed), sha256(crashed + '-journal')]

    const store = openStore(crashed, { readonly: true })
    expect(store.readonly).toBe(true)
    expect(store.readonlyReason).toBe('opened read-only on request (showing a read-only copy, recovered from a write that was interrupted)')
    expect(store.getRun(runId).epochs).toHaveLength(3)
    expect(caught(() => store.appendEpoch(runId, epoch(4))).message).toBe(`read-only database: ${crashed}`)
    store.close()
    // the original and its journal are only read
    expect([sha256(crashed), sha256(crashed + '-journal')]).toEqual(before)
  })

  it('that does not exist is not created', () => {
    expect(caught(() => openStore(file, { readonly: true })).code).toBe('not-found')
    expect(fs.existsSync(file)).toBe(false)
  })
})

describe('a full disk', () => {
  it('fails naming the file ("the disk holding FILE is full: checkpoint not saved; …") and keeps the previous checkpoint intact', () => {
    const store = openStore(file)
    const { runId } = seedRun(store)
    const first = checkpoint(1, 20_000)
    store.saveCheckpoint(runId, ['last'], first)
    const pages = store.db.pragma('page_count', { simple: true }) as number
    store.db.pragma(`max_page_count = ${pages + 2}`) // room for small rows, not for 160 KB more weights

    const err = caught(() => store.saveCheckpoint(runId, ['last', 'best'], checkpoint(2, 40_000)))
    expect(err.code).toBe('disk-full')
    expect(err.message).toBe(`the disk holding ${file} is full: checkpoint not saved; free space there and retry`)

    const last = store.checkpoints.load(runId, 'last')!
    expect(last.epoch).toBe(1)
    expect(Array.from(last.weights)).toEqual(Array.from(first.weights))
    expect(Array.from(last.optimizer.m)).toEqual(Array.from(first.optimizer.m))
    expect(store.checkpoints.load(runId, 'best')).toBeNull()
    // Small writes still fit, and the database is sound.
    store.appendEpoch(runId, epoch(1))
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
    store.close()
  })
})

describe('schema versions', () => {
  it('a database from a newer app is refused with a message and left untouched', () => {
    populated()
    const raw = new Database(file)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    const before = sha256(file)
    const err = caught(() => openStore(file))
    expect(err.code).toBe('too-new')
    expect(err.message).toContain(file)
    expect(err.message).toContain(`schema version ${SCHEMA_VERSION + 1}`)
    expect(err.message).toMatch(/update the app/)
    expect(sha256(file)).toBe(before)
  })

  it('a migration failing midway is rolled back: schema and user_version unchanged', () => {
    populated()
    const db = new Database(file)
    const schemaBefore = schemaDump(db)
    const broken = {
      version: SCHEMA_VERSION + 1,
      name: '999_broken',
      sql: `CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;
            ALTER TABLE runs ADD COLUMN tag TEXT;
            INSERT INTO no_such_table VALUES (1);`
    }
    let err: unknown
    try {
      migrate(db, file, [...MIGRATIONS, broken])
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(StoreError)
    expect((err as StoreError).code).toBe('migration-failed')
    expect((err as StoreError).message).toContain('999_broken')
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(schemaDump(db)).toEqual(schemaBefore)
    db.close()
  })

  it('a failing first migration leaves a new database empty', () => {
    const db = new Database(file)
    const broken = [{ version: 1, name: '001_broken', sql: MIGRATIONS[0].sql + '\nINSERT INTO no_such_table VALUES (1);' }]
    expect(() => migrate(db, file, broken)).toThrow(/001_broken/)
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(schemaDump(db)).toEqual([])
    db.close()
  })
})

describe('NaN', () => {
  let store: Store
  beforeEach(() => (store = openStore(file)))
  afterEach(() => store.close())

  it('is rejected with a typed error naming the field, and nothing is written', () => {
    const { runId } = seedRun(store)
    const bad = [epoch(1), { ...epoch(2), valLoss: NaN }]
    const err = caught(() => store.epochs.append(runId, bad))
    expect(err.code).toBe('invalid')
    expect(err.field).toBe('epochs[1].valLoss')
    expect(store.epochs.list(runId)).toEqual([])

    const cp = checkpoint(1)
    cp.weights[3] = NaN
    expect(caught(() => store.saveCheckpoint(runId, ['last'], cp)).field).toBe('checkpoint.weights[3]')
    expect(caught(() => store.metrics.save(runId, [{ split: 'test', model: 'model', metric: 'rmse', value: NaN }])).field).toBe('metrics[0].value')
    expect(caught(() => store.forecasts.replace(runId, [{ ts: 1, step: 1, value: Infinity, lower: null, upper: null, actual: null }])).field).toBe(
      'forecasts[0].value'
    )
    expect(store.getRun(runId)).toMatchObject({ best: null, metrics: [], forecasts: [] })
  })
})

describe("a damaged file opened with verify: 'before-write' (the CLI)", () => {
  /** The checkpoints table's root page overwritten: a page a runs list never reads. */
  const damageCheckpoints = () => damageRoot('checkpoints')

  it('reads what is whole, says damaged where a read meets the damage, and refuses every change before it writes', () => {
    const { runId } = populated()
    damageCheckpoints()
    const before = sha256(file)
    const store = openStore(file, { verify: 'before-write' })
    try {
      expect(store.runs.list().map((r) => r.id)).toEqual([runId])
      expect(caught(() => store.checkpoints.load(runId, 'last')).code).toBe('damaged')
      for (const change of [
        () => store.runs.label(runId, { name: 'renamed' }),
        () => store.runs.removeMany([runId]),
        () => store.reclaimSpace(),
        () => store.compact()
      ]) {
        const err = caught(change)
        expect(err.code).toBe('damaged')
        expect(err.message).toBe(`database damaged: ${file}`)
      }
    } finally {
      store.close()
    }
    expect(sha256(file)).toBe(before)
  })

  it('has no heartbeat before its first change: it owns nothing yet, and a beat would run the check on a timer', () => {
    populated()
    damageCheckpoints()
    const before = sha256(file)
    const store = openStore(file, { verify: 'before-write' })
    try {
      expect(store.heartbeat()).toBe(0) // before: the beat was a change, so it ran the check: 'damaged'
      expect(store.runs.list()).toHaveLength(1)
    } finally {
      store.close()
    }
    expect(sha256(file)).toBe(before)
  })

  it('beats once a change has run the check', () => {
    const { runId } = populated()
    const store = openStore(file, { verify: 'before-write' })
    try {
      const mine = store.runs.create({ datasetId: store.datasets.list()[0]!.id, configJson: '{}', seed: 1 })
      store.startRun(mine)
      expect(mine).toBeGreaterThan(runId)
      expect(store.heartbeat()).toBe(1)
    } finally {
      store.close()
    }
  })

  it('checks on open when opening itself would write (a migration)', () => {
    populated()
    const db = new Database(file)
    db.pragma('user_version = 1')
    db.close()
    damageCheckpoints()
    const before = sha256(file)
    expect(caught(() => openStore(file, { verify: 'before-write' })).code).toBe('damaged')
    expect(sha256(file)).toBe(before)
  })
})
