import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION, StoreError, migrate, openStore, parseStoredClasses } from './index'
import { tempDir } from './test-fixtures/temp'

/** A new database file at schema `version`, holding one dataset (id 1), still open raw. */
function databaseAt(version: number): { file: string; raw: Database.Database } {
  const { file } = tempDir('fw-mig-', `v${version}.db`)
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

describe('migration 012: a dataset number is never given again', () => {
  it('after the newest dataset is removed, the next import takes a new number; a database from before keeps counting from its largest', () => {
    const { file, raw } = databaseAt(11) // holds dataset 1
    for (let i = 0; i < 2; i++) raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('d', 'h', 0, 0)").run()
    raw.close()

    const store = openStore(file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const input = (name: string) => ({ name, columns: [{ name: 'y', kind: 'numeric', data: new Float64Array([1, 2]) }] })
    store.datasets.remove(3)
    const a = store.datasets.save(input('a'))
    expect(a).toBe(4) // SQLite alone would give 3 again, the removed dataset's number
    store.datasets.remove(a)
    store.datasets.remove(2)
    expect(store.datasets.saveOrReuse(input('b'))).toEqual({ id: 5, reused: false })
    expect(store.datasets.list().map((d) => d.id).sort((x, y) => x - y)).toEqual([1, 5])
    // an insert that names its id (a copy, a repair) moves the mark too
    store.db.prepare("INSERT INTO datasets (id, name, content_hash, imported_at, row_count) VALUES (40, 'x', 'h', 0, 0)").run()
    store.datasets.remove(40)
    expect(store.datasets.save(input('c'))).toBe(41)
    store.close()
  })
})

describe('migration 011: a run\'s words in both wordings, a done run\'s ending apart from its error', () => {
  it('moves a done run\'s stored ending out of error, with the epoch of its best checkpoint; a failed run\'s error stays, read as the one wording', () => {
    const { file, raw } = databaseAt(10)
    const run = raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at, error) VALUES (1, '{}', 1, 'old', ?, 0, ?)")
    run.run('done', "diverged at epoch 4, step 7: the loss or a gradient became NaN or infinite, so training stopped and kept epoch 3's weights; a lower learning rate (Learning rate in Setup) would let it train on")
    run.run('failed', 'no rows left after dropping missing values')
    run.run('done', null)
    raw.prepare(`INSERT INTO checkpoints (run_id, kind, epoch, val_loss, weights_dtype, weights, layout_json, optim_step, optim_m, optim_v, saved_at)
      VALUES (1, 'best', 3, 0.5, 'f32', x'00000000', '[]', 0, x'', x'', 0)`).run()
    raw.close()

    const store = openStore(file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const [diverged, failed, plain] = [1, 2, 3].map((id) => store.runs.get(id))
    expect([diverged!.error, diverged!.errorApp]).toEqual([null, null])
    expect(JSON.parse(diverged!.endingJson!)).toEqual({ kind: 'diverged', kept: 3, message: expect.stringContaining("kept epoch 3's weights") })
    expect(failed).toMatchObject({ error: 'no rows left after dropping missing values', errorApp: null, endingJson: null })
    expect(plain).toMatchObject({ error: null, endingJson: null })
    store.close()
  })

  it('keeps both wordings of a failure and of an ending from then on', () => {
    const { file, raw } = databaseAt(SCHEMA_VERSION)
    raw.close()
    const store = openStore(file)
    const failed = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })
    store.startRun(failed)
    store.failRun(failed, { message: 'lower training.lr in the --config file', app: 'lower Learning rate in Setup' })
    expect(store.runs.get(failed)).toMatchObject({ error: 'lower training.lr in the --config file', errorApp: 'lower Learning rate in Setup' })
    const done = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })
    store.startRun(done)
    store.finishRun(done, { metrics: [], forecasts: [], ending: { kind: 'diverged', kept: 2, message: 'diverged (training.lr)', app: 'diverged (Learning rate)' } })
    expect(store.runs.get(done)).toMatchObject({ status: 'done', error: null, errorApp: null })
    expect(JSON.parse(store.runs.get(done).endingJson!)).toEqual({ kind: 'diverged', kept: 2, message: 'diverged (training.lr)', app: 'diverged (Learning rate)' })
    store.close()
  })
})

describe('migration 014: a two-class run\'s threshold chosen on validation', () => {
  it('opens a run stored before with its results as they were and no threshold; a run finished after keeps its choice', () => {
    const { file, raw } = databaseAt(13)
    raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at) VALUES (1, '{}', 1, 'old', 'done', 0)").run()
    raw.prepare("INSERT INTO metrics (run_id, split, model, metric, value) VALUES (1, 'test', 'model', 'f1', 0.75)").run()
    raw.close()

    const store = openStore(file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(store.runs.get(1)).toMatchObject({ status: 'done', thresholdJson: null })
    expect(store.metrics.list(1)).toEqual([{ split: 'test', model: 'model', metric: 'f1', value: 0.75 }])

    const run = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })
    store.startRun(run)
    const choice = { rule: 'youden', threshold: 0.35, reason: null, n: 40, positives: 9, validation: { j: 0.5, tpr: 0.75, fpr: 0.25, accuracy: 0.75, precision: 0.5, recall: 0.75, f1: 0.6 } }
    store.finishRun(run, { metrics: [], forecasts: [], threshold: choice })
    expect(JSON.parse(store.runs.get(run).thresholdJson!)).toEqual(choice)
    expect(store.getRun(run).run.thresholdJson).toBe(store.runs.get(run).thresholdJson)
    // a run finished without one (regression) keeps none
    const plain = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })
    store.startRun(plain)
    store.finishRun(plain, { metrics: [], forecasts: [] })
    expect(store.runs.get(plain).thresholdJson).toBeNull()
    store.close()
  })
})

describe('migration 019: a classification run\'s class names', () => {
  it('opens a run stored before with none; a run finished after keeps its names and words; a malformed list is refused, the run left running', () => {
    const { file, raw } = databaseAt(18)
    raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at) VALUES (1, '{}', 1, 'old', 'done', 0)").run()
    raw.close()

    const store = openStore(file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(store.runs.get(1)).toMatchObject({ status: 'done', classesJson: null })
    const finished = (classes: unknown) => {
      const run = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })
      store.startRun(run)
      store.finishRun(run, { metrics: [], forecasts: [], classes: classes as never })
      return run
    }
    const yesNo = finished({ names: ['false', 'true'], words: ['no', 'yes'] })
    expect(parseStoredClasses(store.runs.get(yesNo).classesJson)).toEqual({ names: ['false', 'true'], words: ['no', 'yes'] })
    expect(parseStoredClasses(store.runs.get(finished({ names: ['sun', 'rain', 'snow'] })).classesJson)).toEqual({ names: ['sun', 'rain', 'snow'] })
    expect(store.runs.get(finished(null)).classesJson).toBeNull() // regression keeps none
    for (const bad of [{ names: ['sun'] }, { names: ['sun', 3] }, { names: ['a', 'b'], words: ['no'] }]) {
      const run = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1 })
      store.startRun(run)
      expect(() => store.finishRun(run, { metrics: [], forecasts: [], classes: bad as never })).toThrow(/run\.classes: class names/)
      expect(store.runs.get(run)).toMatchObject({ status: 'running', classesJson: null }) // nothing half done
    }
    store.close()
  })
})

describe('migration 020: the threads a sweep\'s trial trains on', () => {
  it('opens a run stored before with none; a trial keeps its share, 1 to 16 threads only, and a re-run keeps none', () => {
    const { file, raw } = databaseAt(19)
    raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at) VALUES (1, '{}', 1, 'old', 'interrupted', 0)").run()
    raw.close()

    const store = openStore(file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(store.runs.get(1)).toMatchObject({ status: 'interrupted', trialThreads: null })
    const trial = store.runs.create({ datasetId: 1, configJson: '{}', seed: 1, trialThreads: 2 })
    expect(store.runs.get(trial).trialThreads).toBe(2)
    expect(store.runs.list().find((r) => r.id === trial)!.trialThreads).toBe(2)
    // a re-run trains on its config's threads, as the parallel README says
    expect(store.runs.get(store.runs.rerun(trial)).trialThreads).toBeNull()
    const count = store.runs.list().length
    for (const bad of [0, 17, 1.5]) expect(() => store.runs.create({ datasetId: 1, configJson: '{}', seed: 1, trialThreads: bad })).toThrow(expect.objectContaining({ code: 'invalid', field: 'run.trialThreads' }))
    expect(store.runs.list().length).toBe(count) // none stored
    store.close()
  })
})

describe('migration 015: the folder a run\'s files are written to', () => {
  it('opens a run stored before with no folder; one set after is kept, absolute only', () => {
    const { file, raw } = databaseAt(14)
    raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at) VALUES (1, '{}', 1, 'old', 'interrupted', 0)").run()
    raw.close()

    const store = openStore(file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(store.runs.get(1)).toMatchObject({ status: 'interrupted', outDir: null })
    const dir = join(tmpdir(), 'fw-out-of-run-1')
    store.runs.setOutDir(1, dir)
    expect(store.runs.get(1).outDir).toBe(dir)
    expect(store.runs.list()[0]!.outDir).toBe(dir)
    // a relative folder would be read against whichever folder fw resume runs in: refused
    expect(() => store.runs.setOutDir(1, 'fw-out')).toThrow(expect.objectContaining({ code: 'invalid', field: 'run.outDir' }))
    expect(() => store.runs.setOutDir(99, dir)).toThrow(expect.objectContaining({ code: 'not-found' }))
    store.close()
  })
})
