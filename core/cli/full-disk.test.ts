// A full disk (SQLITE_FULL, injected here: a store over a real full file system needs a mount) is
// said naming the database file and what to do, in the same words by fw and the app (core/store
// errors.ts diskFull): it was "internal error: disk full, checkpoint not saved" (exit 1), fw show
// "failed (StoreError: …)", and fw rm "internal error: database or disk is full" (exit 1) after the
// deletion had committed, only giving its space back having failed.
import { mkdtempSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openStore } from '../store'
import { notFound, translateSqliteError } from '../store/errors'
import { createStoreSink } from '../services/store-sink'
import { failureOf } from './index'
import { fw } from './test-fixtures/fw'

const full = () => new Database.SqliteError('database or disk is full', 'SQLITE_FULL')

/** A database with two cancelled runs. */
function seeded(): { db: string; runs: number[] } {
  const db = join(mkdtempSync(join(tmpdir(), 'fw-full-')), 'runs.db')
  const store = openStore(db, { appVersion: 'test' })
  const ds = store.datasets.save({ name: 'small.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2, 3]) }] })
  const runs = [1, 2].map(() => store.runs.create({ datasetId: ds, configJson: '{}', seed: 1 }))
  for (const r of runs) store.cancelRun(r)
  store.close()
  return { db, runs }
}

/** Makes the step that gives space back (incremental_vacuum, then the WAL's TRUNCATE checkpoint)
 *  fail as on a full disk (or with `error`); the deletion before it writes as usual. */
function fullWhenReclaiming(error = full): void {
  const pragma = Database.prototype.pragma
  vi.spyOn(Database.prototype, 'pragma').mockImplementation(function (this: Database.Database, source: string, options?: Database.PragmaOptions) {
    if (/^(incremental_vacuum|wal_checkpoint\(TRUNCATE\))/.test(source) && new Error().stack?.includes('reclaimSpace')) throw error()
    return pragma.call(this, source, options)
  })
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a full disk', () => {
  it('fw rm: the deletion that committed is said as done, the space given back as skipped (exit 0)', async () => {
    const { db, runs } = seeded()
    fullWhenReclaiming()
    const r = await fw('rm', String(runs[0]), '--db', db)
    vi.restoreAllMocks()
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`run ${runs[0]} deleted; its space was not given back to the disk (the disk holding ${db} is full): it stays free inside the database file, and the next deletion gives it back once there is room\n`)
    const listed = await fw('runs', '--db', db, '--json')
    expect((JSON.parse(listed.stdout) as { id: number }[]).map((x) => x.id)).toEqual([runs[1]])
  })

  it('fw rm: another process holding the file at that step is said so, without "once there is room"', async () => {
    const { db, runs } = seeded()
    fullWhenReclaiming(() => new Database.SqliteError('database is locked', 'SQLITE_BUSY'))
    const r = await fw('rm', String(runs[0]), '--db', db)
    vi.restoreAllMocks()
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toBe(`run ${runs[0]} deleted; its space was not given back to the disk (database busy (another process holds it): ${db}): it stays free inside the database file, and the next deletion gives it back\n`)
  })

  it('the store names the file when giving space back fails, and fw compact says the file is as it was', async () => {
    const { db } = seeded()
    const store = openStore(db, { appVersion: 'test' })
    fullWhenReclaiming()
    expect(() => store.reclaimSpace()).toThrow(`the disk holding ${db} is full: the freed space was not given back to the disk; free space there and retry`)
    vi.restoreAllMocks()
    store.close()
    const exec = Database.prototype.exec
    vi.spyOn(Database.prototype, 'exec').mockImplementation(function (this: Database.Database, source: string) {
      if (source === 'VACUUM') throw full()
      return exec.call(this, source)
    })
    const r = await fw('compact', '--db', db)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`fw compact: the disk holding ${db} is full: the file was not compacted (it is as it was); free space there and retry\n`)
    expect(r.code).toBe(2)
  })

  it('a write it stops names the file and what to do, exit 2, not an internal error', () => {
    const e = translateSqliteError(full(), '/data/runs.db', 'checkpoint')
    expect(failureOf(e, 'train')).toEqual({ message: 'fw train: the disk holding /data/runs.db is full: checkpoint not saved; free space there and retry', exit: 2, hint: null })
  })

  it('a run it failed is stored with those words, not a class name (fw show)', async () => {
    const { db } = seeded()
    const store = openStore(db, { appVersion: 'test' })
    const runId = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })
    const sink = createStoreSink(store)
    const e = translateSqliteError(full(), db, 'checkpoint') as Error
    sink.onFailed(String(runId), { name: e.name, message: e.message })
    store.close()
    const shown = await fw('show', String(runId), '--db', db)
    expect(shown.stdout.split('\n')[0]).toBe(`run ${runId}: failed (the disk holding ${db} is full: checkpoint not saved; free space there and retry)`)
  })

  it('a run of a process gone that cannot be marked interrupted does not stop the database opening (fw runs, fw rm)', async () => {
    const { db, runs } = seeded()
    const store = openStore(db, { appVersion: 'test' })
    const runId = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })
    store.startRun(runId)
    // trained by a CLI process that has ended (its pid free again)
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    store.db.prepare(`UPDATE runs SET owner_host = ?, owner_pid = ?, owner_start = NULL, owner_instance = 'other', owner_kind = 'cli' WHERE id = ?`).run(hostname(), dead, runId)
    store.close()
    // marking it interrupted at the next open (a write) fails as on a full disk
    const transaction = Database.prototype.transaction
    vi.spyOn(Database.prototype, 'transaction').mockImplementation(function (this: Database.Database, fn: (...a: unknown[]) => unknown) {
      const t = transaction.call(this, fn)
      if (!new Error().stack?.includes('recoverStale')) return t
      return Object.assign(() => t(), { deferred: () => t.deferred(), immediate: () => { throw full() } }) as never
    })
    const listed = await fw('runs', '--db', db, '--json')
    expect(listed.stderr).toBe('')
    expect((JSON.parse(listed.stdout) as { id: number; status: string }[]).map((x) => [x.id, x.status])).toEqual([[runId, 'running'], [runs[1], 'cancelled'], [runs[0], 'cancelled']])
    const removed = await fw('rm', String(runs[0]), '--db', db)
    expect([removed.code, removed.stderr, removed.stdout.split(/[;\n]/)[0]]).toEqual([0, '', `run ${runs[0]} deleted`])
    vi.restoreAllMocks()
    // with room again, the next open marks it
    expect((JSON.parse((await fw('runs', '--db', db, '--json')).stdout) as { id: number; status: string }[]).find((x) => x.id === runId)!.status).toBe('interrupted')
  })
})

describe('a run or dataset not found', () => {
  it('names the database it was looked for in (--db, or FW_DB), which may be the wrong one', () => {
    expect(failureOf(notFound('run 4'), 'show', undefined, '/data/other.db').message).toBe('fw show: run 4 not found in /data/other.db')
    vi.stubEnv('FW_DB', '/data/env.db')
    try {
      expect(failureOf(notFound('runs 5, 12'), 'rm').message).toBe('fw rm: runs 5, 12 not found in /data/env.db')
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
