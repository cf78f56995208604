import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION, StoreError, migrate, openStore } from './index'

/** A new database file at schema `version`, holding one dataset (id 1), still open raw. */
function databaseAt(version: number): { file: string; raw: Database.Database } {
  const file = join(mkdtempSync(join(tmpdir(), 'fw-mig-')), `v${version}.db`)
  const raw = new Database(file)
  migrate(raw, file, MIGRATIONS.slice(0, version))
  expect(raw.pragma('user_version', { simple: true })).toBe(version)
  raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('d', 'h', 0, 0)").run()
  return { file, raw }
}

describe('migration 002: per-epoch gradient flow', () => {
  it('upgrades a version-1 database in place, keeping its rows', () => {
    const { file, raw } = databaseAt(1)
    raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at) VALUES (1, '{}', 1, 'old', 'running', 0)").run()
    raw.prepare('INSERT INTO epochs (run_id, epoch, train_loss, lr, seconds) VALUES (1, 1, 0.5, 0.01, 1)').run()
    raw.close()

    const store = openStore(file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(store.epochs.list(1)).toEqual([{ epoch: 1, trainLoss: 0.5, valLoss: null, gradNorm: null, clipRate: null, lr: 0.01, seconds: 1, gradFlow: null }])
    store.appendEpoch(1, { epoch: 2, trainLoss: 0.4, valLoss: 0.45, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 1, gradFlow: [0.5, 0.25, 1e-9] })
    expect(Array.from(store.epochs.list(1)[1]!.gradFlow!)).toEqual([0.5, 0.25, 1e-9])
    expect(() => store.appendEpoch(1, { epoch: 3, trainLoss: 0.4, valLoss: null, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 1, gradFlow: [1, Number.NaN] }))
      .toThrow(StoreError)
    expect(store.epochs.list(1)).toHaveLength(2)
    store.close()
  })
})

describe('migration 009: a run number is never given again', () => {
  it('after the newest run is removed, the next run takes a new number; a database from before keeps counting from its largest', () => {
    const { file, raw } = databaseAt(8)
    for (let i = 0; i < 3; i++) raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at) VALUES (1, '{}', 1, 'old', 'done', 0)").run()
    raw.close()

    const store = openStore(file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    store.runs.remove(3)
    const a = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })
    expect(a).toBe(4) // SQLite alone would give 3 again, the removed run's number
    store.runs.remove(a)
    store.runs.remove(2)
    expect(store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })).toBe(5)
    expect(store.runs.list().map((r) => r.id)).toEqual([5, 1])
    // an insert that names its id (a copy, a repair) moves the mark too
    store.db.prepare("INSERT INTO runs (id, dataset_id, config_json, seed, app_version, status, created_at) VALUES (40, 1, '{}', 1, 'x', 'done', 0)").run()
    store.runs.remove(40)
    expect(store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })).toBe(41)
    store.close()
  })
})
