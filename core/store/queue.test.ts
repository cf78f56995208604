import { spawn } from 'node:child_process'
import os from 'node:os'
import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION, migrate, openStore } from './index'
import { seedRun } from './test-fixtures/sample'
import { tempDir } from './test-fixtures/temp'

// The app's training queue in the database (migration 016): a start taken but not yet stored as a
// run is a row, so a queue left by a process that stopped is queued again by the next one.

let file: string
beforeEach(() => {
  file = tempDir('fw-store-queue-').file
})

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((r) => c.once('exit', r))
  return c.pid!
}

const config = (lr: number) => JSON.stringify({ data: { target: 'passengers' }, training: { lr } })

describe('the training queue kept in the store', () => {
  it('a queue left by a process that has ended is taken over by the next, oldest first, with what each start needs', async () => {
    const first = openStore(file, { appVersion: 't' })
    const { datasetId, runId } = seedRun(first)
    const a = first.queue.add({ startId: 4, datasetId, configJson: config(0.01), name: 'wide' })
    const b = first.queue.add({ startId: 6, datasetId, configJson: config(0.02), parentRunId: runId })
    expect(first.queue.mine().map((q) => q.id)).toEqual([a, b])
    // the process that queued them died (kill -9): its rows carry a pid that is gone
    first.db.prepare('UPDATE queued_starts SET owner_pid = ?').run(await deadPid())
    first.close()

    const second = openStore(file, { appVersion: 't' })
    const taken = second.queue.adopt()
    expect(taken.map(({ id, startId, datasetId: d, parentRunId, name, configJson }) => ({ id, startId, d, parentRunId, name, configJson }))).toEqual([
      { id: a, startId: 4, d: datasetId, parentRunId: null, name: 'wide', configJson: config(0.01) },
      { id: b, startId: 6, d: datasetId, parentRunId: runId, name: null, configJson: config(0.02) }
    ])
    expect(second.queue.mine().map((q) => q.id)).toEqual([a, b])
    expect(second.queue.lastStartId()).toBe(6) // its next start is 7: a window showing start 6 still finds it
    // taken once only: a third process finds them owned by a live one
    const third = openStore(file, { appVersion: 't' })
    expect(third.queue.adopt()).toEqual([])
    third.close()
    second.close()
  })

  it('leaves the queue of a live process alone, and removes only its own rows', () => {
    const live = openStore(file, { appVersion: 't' })
    const { datasetId } = seedRun(live)
    const a = live.queue.add({ startId: 1, datasetId, configJson: config(0.01) })
    const other = openStore(file, { appVersion: 't' }) // the same live pid, another open: not gone
    expect(other.queue.adopt()).toEqual([])
    expect(other.queue.remove(a)).toBe(false)
    expect(live.queue.remove(a)).toBe(true)
    expect(live.queue.mine()).toEqual([])
    other.close()
    live.close()
  })

  it('storing the run and removing its queue row commit together', () => {
    const s = openStore(file, { appVersion: 't' })
    const { datasetId } = seedRun(s)
    const a = s.queue.add({ startId: 1, datasetId, configJson: config(0.01) })
    expect(() => s.transaction(() => {
      s.queue.remove(a)
      s.runs.create({ datasetId: 999, configJson: config(0.01), seed: 1 }) // refused: no such dataset
    })).toThrow(/dataset 999/)
    expect(s.queue.mine().map((q) => q.id)).toEqual([a])
    s.close()
  })

  it('goes with its dataset; a re-run whose run is deleted stays queued as a plain start', () => {
    const s = openStore(file, { appVersion: 't' })
    const { datasetId, runId } = seedRun(s)
    s.queue.add({ startId: 1, datasetId, configJson: config(0.01), parentRunId: runId })
    s.cancelRun(runId)
    s.runs.remove(runId)
    expect(s.queue.mine().map((q) => q.parentRunId)).toEqual([null])
    s.db.prepare('DELETE FROM datasets WHERE id = ?').run(datasetId)
    expect(s.queue.mine()).toEqual([])
    s.close()
  })
  it("a sweep's trial names its sweep and the sweep's number of trials, kept when the next process takes it over", async () => {
    const first = openStore(file, { appVersion: 't' })
    const { datasetId } = seedRun(first)
    const sweepId = first.sweeps.create({ name: 'lr' })
    first.queue.add({ startId: 1, datasetId, configJson: config(0.01) })
    first.queue.add({ startId: 2, datasetId, configJson: config(0.02), name: 'lr: lr=0.02', sweep: { id: sweepId, trials: 8 } })
    expect(() => first.queue.add({ startId: 3, datasetId, configJson: config(0.03), sweep: { id: sweepId, trials: 0 } })).toThrow(expect.objectContaining({ code: 'invalid', field: 'queued.sweep.trials' }))
    expect(() => first.queue.add({ startId: 3, datasetId, configJson: config(0.03), sweep: { id: 999, trials: 8 } })).toThrow()
    first.db.prepare('UPDATE queued_starts SET owner_pid = ?').run(await deadPid())
    first.close()
    const second = openStore(file, { appVersion: 't' })
    expect(second.queue.adopt().map((q) => [q.startId, q.sweep])).toEqual([[1, null], [2, { id: sweepId, trials: 8 }]])
    second.close()
  })
})

describe('migration 016: the training queue', () => {
  it('a version-15 database opens with an empty queue and keeps its runs', () => {
    const raw = new Database(file)
    migrate(raw, file, MIGRATIONS.slice(0, 15))
    raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('d', 'h', 0, 0)").run()
    raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at) VALUES (1, '{}', 1, 'old', 'done', 0)").run()
    raw.close()
    const s = openStore(file, { appVersion: 't' })
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(s.queue.mine()).toEqual([])
    expect(s.queue.adopt()).toEqual([])
    expect(s.queue.lastStartId()).toBe(0)
    expect(s.runs.list().map((r) => r.id)).toEqual([1])
    s.queue.add({ startId: 1, datasetId: 1, configJson: '{}' })
    expect(s.queue.mine()).toHaveLength(1)
    s.close()
  })
})

/** A database at schema `version` whose queue holds start 5 ("old", dataset 1) of a process that is gone. */
async function oldQueue(version: number): Promise<void> {
  const raw = new Database(file)
  migrate(raw, file, MIGRATIONS.slice(0, version))
  raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('d', 'h', 0, 0)").run()
  raw.prepare(
    `INSERT INTO queued_starts (start_id, dataset_id, name, config_json, queued_at, owner_host, owner_pid, owner_instance, owner_kind, heartbeat_at)
     VALUES (5, 1, 'old', '{}', 0, ?, ?, 'gone', 'app', 0)`
  ).run(os.hostname(), await deadPid())
  raw.close()
}

describe('migration 017: the sweep of a queued trial', () => {
  it('a version-16 queue opens with its starts as starts of their own; a trial queued after goes with its sweep', async () => {
    await oldQueue(16)
    const s = openStore(file, { appVersion: 't' })
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(s.queue.adopt().map((q) => [q.startId, q.name, q.sweep])).toEqual([[5, 'old', null]])
    const sweepId = s.sweeps.create({ name: 'lr' })
    s.queue.add({ startId: 6, datasetId: 1, configJson: '{}', sweep: { id: sweepId, trials: 2 } })
    expect(s.queue.mine().map((q) => q.sweep)).toEqual([null, { id: sweepId, trials: 2 }])
    // a sweep is deleted only when nothing of it is left to run: its rows go with it
    s.sweeps.remove(sweepId)
    expect(s.queue.mine().map((q) => q.startId)).toEqual([5])
    s.close()
  })
})

describe('migration 022: whether a queued start’s calendar is the default', () => {
  it('a version-21 queue opens with its starts saying no; a start queued after keeps its word, and only 0 or 1 is stored', async () => {
    await oldQueue(21)
    const s = openStore(file, { appVersion: 't' })
    try {
      expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(s.queue.adopt().map((q) => [q.startId, q.calendarByDefault])).toEqual([[5, false]])
      s.queue.add({ startId: 6, datasetId: 1, configJson: '{}', calendarByDefault: true })
      s.queue.add({ startId: 7, datasetId: 1, configJson: '{}', calendarByDefault: false })
      s.queue.add({ startId: 8, datasetId: 1, configJson: '{}' })
      expect(s.queue.mine().map((q) => [q.startId, q.calendarByDefault])).toEqual([[5, false], [6, true], [7, false], [8, false]])
      expect(() => s.db.prepare('UPDATE queued_starts SET calendar_by_default = 2 WHERE start_id = 6').run()).toThrow(/CHECK constraint failed/)
    } finally {
      s.close()
    }
  })
})
