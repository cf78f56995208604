import { beforeEach, describe, expect, it } from 'vitest'
import { NETWORK, SCHEMA_VERSION, StoreError, changeCells, datasetContentKey, diffConfigs, type Store } from './index'
import { checkpoint, epoch, seedRun } from './test-fixtures/sample'
import { tempStore, type TempStore } from './test-fixtures/temp'

let tmp: TempStore
let store: Store
beforeEach(() => {
  tmp = tempStore('fw-store-', { appVersion: '0.1.0' })
  store = tmp.store
})

describe('connection', () => {
  it('uses WAL, foreign keys, a busy timeout, STRICT tables and the latest schema', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL between durable writes
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const tables = store.db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all()
    expect(tables.length).toBe(14) // 006 added run_series and series_forecasts, 008 global_models, 009 run_ids, 012 dataset_ids, 016 queued_starts
    expect(tables.every((t) => (t as { strict: number }).strict === 1)).toBe(true)
  })

  it('reopens an existing database without migrating again', () => {
    const { runId } = seedRun(store)
    store.close()
    store = tmp.open()
    expect(store.runs.get(runId).seed).toBe(42)
  })
})

describe('datasets', () => {
  it('round-trips every column as the same typed array, and lists headers without data', () => {
    const y = Float64Array.from([1.5, NaN, 3]) // NaN is core/data's missing marker inside a column blob
    const codes = Int32Array.from([0, 2, 1])
    const id = store.datasets.save({
      name: 'sales',
      sourceFile: 'sales.csv',
      columns: [
        { name: 'y', kind: 'numeric', data: y },
        { name: 'region', kind: 'categorical', data: codes, meta: { categories: ['n', 'e', 's'] } }
      ],
      meta: { delimiter: ',' }
    })
    const ds = store.datasets.load(id)
    expect(ds).toMatchObject({ name: 'sales', sourceFile: 'sales.csv', rowCount: 3, meta: { delimiter: ',' } })
    expect(ds.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(ds.columns[0].data).toBeInstanceOf(Float64Array)
    expect(Array.from(ds.columns[0].data)).toEqual([1.5, NaN, 3])
    expect(ds.columns[1]).toMatchObject({ name: 'region', dtype: 'i32', meta: { categories: ['n', 'e', 's'] } })
    expect(Array.from(ds.columns[1].data)).toEqual([0, 2, 1])
    const [summary] = store.datasets.list()
    expect(summary.columns.map((c) => c.name)).toEqual(['y', 'region'])
    expect(summary).not.toHaveProperty('columns.0.data')
    expect(store.datasets.findByHash(ds.contentHash).map((d) => d.id)).toEqual([id])
  })

  it('saveOrReuse stores the same rows once, from any path or import, and different rows anew', () => {
    const input = (o: { y?: number[]; levels?: string[]; unit?: string; source?: string | null; meta?: unknown; name?: string } = {}) => ({
      name: o.name ?? 'sales.csv',
      sourceFile: o.source === undefined ? '/data/sales.csv' : o.source,
      columns: [
        { name: 'y', kind: 'numeric', data: Float64Array.from(o.y ?? [1, 2, 3]), ...(o.unit ? { unit: o.unit } : {}) },
        { name: 'region', kind: 'categorical', data: Int32Array.from([0, 1, 0]), meta: { levels: o.levels ?? ['n', 's'] } }
      ],
      meta: o.meta ?? { timeColumn: null, format: { delimiter: ',', decimal: null, newline: '\n', bom: false } }
    })
    // findSame: the one saveOrReuse would reuse, found without storing (Setup's check of a file not stored)
    expect(store.datasets.findSame(input())).toBeNull()
    const first = store.datasets.saveOrReuse(input())
    expect(first.reused).toBe(false)
    // the same rows from another path, from browser mode (no path), read by a later fw that writes
    // the decimal mark it read ("dot", an older one null), or with ';' between cells: the one dataset
    for (const o of [{}, { source: '/other/sales.csv' }, { source: null }, { meta: { timeColumn: null, format: { delimiter: ';', decimal: 'dot', newline: '\r\n', bom: true } } }, { meta: { timeColumn: null } }]) {
      expect(store.datasets.findSame(input(o))).toBe(first.id)
      expect(store.datasets.saveOrReuse(input(o))).toEqual({ id: first.id, reused: true })
    }
    // other values, other level names, a unit, another file name, another time column, or import
    // facts that name no time column (the app stored none before): each a dataset of its own
    for (const o of [{ y: [1, 2, 4] }, { levels: ['north', 'south'] }, { unit: 'kg' }, { name: 'copy.csv' }, { meta: { timeColumn: 'y' } }, { meta: {} }]) {
      const stored = store.datasets.list().length
      expect(store.datasets.findSame(input(o))).toBeNull()
      expect(store.datasets.list()).toHaveLength(stored)
      expect(store.datasets.saveOrReuse(input(o)).reused).toBe(false)
    }
    expect(store.datasets.list()).toHaveLength(7)
  })

  it('datasetContentKey: equal for the same rows whatever the file, other for other rows or levels', () => {
    const a = store.datasets.save({ name: 'a.csv', sourceFile: '/x/a.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2]), unit: 'kg' }], meta: { timeColumn: null } })
    const b = store.datasets.save({ name: 'b.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2]) }] })
    const c = store.datasets.save({ name: 'a.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 3]) }] })
    const d = store.datasets.save({ name: 'd.csv', columns: [{ name: 'y', kind: 'categorical', data: Int32Array.from([0, 1]), meta: { levels: ['p', 'q'] } }] })
    const e = store.datasets.save({ name: 'e.csv', columns: [{ name: 'y', kind: 'categorical', data: Int32Array.from([0, 1]), meta: { levels: ['q', 'p'] } }] })
    const key = new Map(store.datasets.list().map((s) => [s.id, datasetContentKey(s)]))
    expect(key.get(a)).toBe(key.get(b))
    expect(key.get(a)).not.toBe(key.get(c))
    expect(key.get(d)).not.toBe(key.get(e))
  })

  it("a clock rule kept with a date column: its own dataset on import, but the same rows to Compare", () => {
    // one file of Berlin's times stored before the import kept the rule its offsets follow, and again after
    const day = (clock?: unknown) => ({ name: 'berlin.csv', columns: [{ name: 'time', kind: 'date', data: Float64Array.from([0, 864e5]), meta: { format: 'iso', hasTime: true, zoned: true, ...(clock ? { clock } : {}) } }], meta: { timeColumn: 'time' } })
    const before = store.datasets.saveOrReuse(day())
    const after = store.datasets.saveOrReuse(day({ rule: 'EU', std: 60 }))
    // the later import keeps its rule (the stamps past the end follow it): not folded into the one without
    expect(after.reused).toBe(false)
    expect(store.datasets.saveOrReuse(day({ rule: 'EU', std: 60 }))).toEqual({ id: after.id, reused: true })
    // the rows, and so the runs' test scores, are the same
    const key = new Map(store.datasets.list().map((s) => [s.id, datasetContentKey(s)]))
    expect(key.get(before.id)).toBe(key.get(after.id))
  })

  it('rows\' own offsets kept with a date column: its own dataset on import, but the same rows to Compare', () => {
    // one file of times at +05:45 then +05:30, stored before each row's offset was kept, and again after
    const rows = (offsets?: unknown) => ({ name: 'kathmandu.csv', columns: [{ name: 'time', kind: 'date', data: Float64Array.from([0, 36e5]), meta: { format: 'iso', hasTime: true, zoned: true, ...(offsets ? { offsets } : {}) } }], meta: { timeColumn: 'time' } })
    const before = store.datasets.saveOrReuse(rows())
    const after = store.datasets.saveOrReuse(rows({ at: [0, 36e5], min: [345, 330] }))
    expect(after.reused).toBe(false)
    const key = new Map(store.datasets.list().map((s) => [s.id, datasetContentKey(s)]))
    expect(key.get(before.id)).toBe(key.get(after.id))
  })

  it('rejects columns of different lengths, naming the column', () => {
    const err = (() => {
      try {
        store.datasets.save({ name: 'x', columns: [{ name: 'a', kind: 'n', data: new Float64Array(3) }, { name: 'b', kind: 'n', data: new Float64Array(2) }] })
      } catch (e) {
        return e as StoreError
      }
    })()
    expect(err).toBeInstanceOf(StoreError)
    expect(err?.field).toBe('dataset.columns[1].data')
    expect(store.datasets.list()).toEqual([])
  })

  it('will not delete a dataset that runs use', () => {
    const { datasetId, runId } = seedRun(store)
    expect(() => store.datasets.remove(datasetId)).toThrow(expect.objectContaining({ code: 'in-use' }))
    store.runs.remove(runId)
    store.datasets.remove(datasetId)
    expect(store.datasets.list()).toEqual([])
  })
})

describe('runs', () => {
  it('stores the config text verbatim, with seed, app version and timestamps', () => {
    const config = '{ "hidden":  16,\n "cell": "gru" }' // odd spacing must survive
    const { runId } = seedRun(store, config)
    const run = store.runs.get(runId)
    expect(run).toMatchObject({ configJson: config, seed: 42, appVersion: '0.1.0', status: 'running', error: null })
    expect(run.startedAt).toBeGreaterThanOrEqual(run.createdAt)
  })

  it('rejects impossible status changes', () => {
    const { runId } = seedRun(store)
    store.finishRun(runId, { metrics: [], forecasts: [] })
    expect(() => store.startRun(runId)).toThrow(expect.objectContaining({ code: 'invalid', message: `run ${runId} is done and cannot become running` }))
  })

  it('lists runs newest first with epoch count, best validation loss and test metrics', () => {
    const a = seedRun(store)
    store.epochs.append(a.runId, [epoch(1, 0.9), epoch(2, 0.4), epoch(3, null)])
    store.finishRun(a.runId, {
      metrics: [
        { split: 'test', model: NETWORK, metric: 'rmse', value: 1.25 },
        { split: 'test', model: NETWORK, metric: 'mase', value: null },
        { split: 'test', model: 'naive', metric: 'rmse', value: 2 },
        { split: 'val', model: NETWORK, metric: 'rmse', value: 1 }
      ],
      forecasts: []
    })
    const b = store.runs.create({ datasetId: a.datasetId, configJson: '{}', seed: 1 })
    const list = store.runs.list()
    expect(list.map((r) => r.id)).toEqual([b, a.runId])
    expect(list[1]).toMatchObject({ datasetName: 'airline', epochCount: 3, bestValLoss: 0.4, testMetrics: { rmse: 1.25, mase: null }, status: 'done' })
    expect(list[0]).toMatchObject({ epochCount: 0, bestValLoss: null, testMetrics: {}, status: 'queued' })
    expect(store.runs.list({ status: 'done' }).map((r) => r.id)).toEqual([a.runId])
    expect(store.runs.list({ limit: 1 }).map((r) => r.id)).toEqual([b])
  })

  it('loads one run in full', () => {
    const { runId } = seedRun(store)
    store.epochs.append(runId, [epoch(1), epoch(2)])
    store.saveCheckpoint(runId, ['last', 'best'], checkpoint(2))
    const forecasts = [
      { ts: 2000, step: 1, value: 1.5, lower: 1, upper: 2, actual: 1.4 },
      { ts: 3000, step: 2, value: 1.7, lower: null, upper: null, actual: null }
    ]
    store.finishRun(runId, { metrics: [{ split: 'test', model: NETWORK, metric: 'mae', value: 0.1 }], forecasts })
    const detail = store.getRun(runId)
    expect(detail.run.status).toBe('done')
    expect(detail.epochs).toEqual([epoch(1), epoch(2)].map((e) => ({ ...e, gradFlow: null }))) // gradFlow absent when written -> null
    expect(detail.best?.epoch).toBe(2)
    expect(detail.metrics).toEqual([{ split: 'test', model: NETWORK, metric: 'mae', value: 0.1 }])
    expect(detail.forecasts).toEqual(forecasts)
  })

  it('deletes a run with everything that belongs to it', () => {
    const { runId } = seedRun(store)
    store.epochs.append(runId, [epoch(1)])
    store.saveCheckpoint(runId, ['last'], checkpoint(1))
    store.finishRun(runId, { metrics: [{ split: 'test', model: NETWORK, metric: 'mae', value: 0.1 }], forecasts: [{ ts: 1, step: 1, value: 1, lower: null, upper: null, actual: null }] })
    store.runs.remove(runId)
    for (const table of ['runs', 'epochs', 'checkpoints', 'metrics', 'forecasts']) {
      expect(store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0)
    }
    expect(() => store.runs.get(runId)).toThrow(expect.objectContaining({ code: 'not-found' }))
  })

  it('re-runs with the same dataset, config text and seed as a new queued run', () => {
    const { datasetId, runId } = seedRun(store, '{"hidden":8}')
    const again = store.runs.rerun(runId)
    expect(store.runs.get(again)).toMatchObject({ datasetId, configJson: '{"hidden":8}', seed: 42, status: 'queued', parentRunId: runId })
  })

  it('diffs two configs by flattened key path', () => {
    const a = seedRun(store, '{"cell":"lstm","layers":[{"size":16},{"size":8}],"optim":{"lr":0.001},"dropout":0}').runId
    const b = store.runs.create({ datasetId: 1, configJson: '{"cell":"gru","layers":[{"size":16},{"size":4}],"optim":{"lr":0.001,"beta1":0.9}}', seed: 1 })
    expect(store.diffRuns(a, b)).toEqual([
      { path: 'cell', kind: 'changed', before: 'lstm', after: 'gru' },
      { path: 'dropout', kind: 'removed', before: 0 },
      { path: 'layers[1].size', kind: 'changed', before: 8, after: 4 },
      { path: 'optim.beta1', kind: 'added', after: 0.9 }
    ])
    expect(diffConfigs('{"a":[1]}', '{"a":[1]}')).toEqual([])
  })

  it('diffs a list of names as a set: the names only in each, not position by position', () => {
    const a = JSON.stringify({ data: { features: ['temp', 'humidity', 'sales'], known: ['temp'], series: { columns: ['store', 'dept'], values: ['1', '2'] } } })
    const b = JSON.stringify({ data: { features: ['temp', 'precipitation', 'humidity'], known: ['temp'], series: { columns: ['store', 'dept'], values: ['2', '1'] } } })
    const diff = diffConfigs(a, b)
    expect(diff).toEqual([
      { path: 'data.features', kind: 'changed', before: ['temp', 'humidity', 'sales'], after: ['temp', 'precipitation', 'humidity'], onlyBefore: ['sales'], onlyAfter: ['precipitation'] },
      // a series' values pair with its columns by position
      { path: 'data.series.values[0]', kind: 'changed', before: '1', after: '2' },
      { path: 'data.series.values[1]', kind: 'changed', before: '2', after: '1' }
    ])
    expect(changeCells(diff[0]!, 'run 5', 'run 1')).toEqual(['only in run 5: sales', 'only in run 1: precipitation'])
    // one list a part of the other: the run with no name of its own shows —
    const more = diffConfigs('{"data":{"features":["a"]}}', '{"data":{"features":["a","b"]}}')
    expect(changeCells(more[0]!, 'run 1', 'run 2')).toEqual(['—', 'only in run 2: b'])
    // the same names in another order: both lists as they are
    const order = diffConfigs('{"data":{"features":["a","b"]}}', '{"data":{"features":["b","a"]}}')
    expect(order).toEqual([{ path: 'data.features', kind: 'changed', before: ['a', 'b'], after: ['b', 'a'] }])
    expect(changeCells(order[0]!, 'run 1', 'run 2')).toEqual(['["a","b"]', '["b","a"]'])
  })

  it('labels a run with the user name and notes', () => {
    const { runId } = seedRun(store)
    store.runs.label(runId, { name: 'baseline LSTM' })
    store.runs.label(runId, { notes: 'lr too high?' })
    expect(store.runs.get(runId)).toMatchObject({ name: 'baseline LSTM', notes: 'lr too high?' })
  })

  it('clears a name or notes with null or a blank text, and leaves an absent one as it is', () => {
    const { runId } = seedRun(store)
    store.runs.label(runId, { name: 'baseline LSTM', notes: 'lr too high?' })
    store.runs.label(runId, { name: null })
    expect(store.runs.get(runId)).toMatchObject({ name: null, notes: 'lr too high?' })
    store.runs.label(runId, { name: 'again', notes: null })
    expect(store.runs.get(runId)).toMatchObject({ name: 'again', notes: null })
    // a name of only spaces is no name (the run shows its automatic name), blank notes no notes
    store.runs.label(runId, { name: '   ', notes: 'kept' })
    expect(store.runs.get(runId)).toMatchObject({ name: null, notes: 'kept' })
    store.runs.label(runId, { notes: ' \n ' })
    expect(store.runs.get(runId)).toMatchObject({ name: null, notes: null })
  })

  it('groups sweep trials, and keeps the runs when the sweep is deleted', () => {
    const { datasetId } = seedRun(store)
    const sweepId = store.sweeps.create({ name: 'hidden size', specJson: '{"hidden":[8,16]}' })
    const trials = [8, 16].map((h) => store.runs.create({ datasetId, configJson: JSON.stringify({ hidden: h }), seed: 1, sweepId }))
    expect(store.runs.list({ sweepId }).map((r) => r.id).sort()).toEqual(trials)
    store.sweeps.remove(sweepId)
    expect(trials.map((id) => store.runs.get(id).sweepId)).toEqual([null, null])
  })
})

describe('checkpoints', () => {
  it('keeps at most one best and one last per run, replacing on save', () => {
    const { runId } = seedRun(store)
    store.saveCheckpoint(runId, ['last', 'best'], checkpoint(1))
    store.saveCheckpoint(runId, ['last'], checkpoint(2))
    store.saveCheckpoint(runId, ['last'], checkpoint(3))
    expect(store.db.prepare('SELECT kind, epoch FROM checkpoints ORDER BY kind').all()).toEqual([
      { kind: 'best', epoch: 1 },
      { kind: 'last', epoch: 3 }
    ])
  })

  it('round-trips weights, layout and optimizer state exactly (f32 and f64)', () => {
    const { runId } = seedRun(store)
    const cp = checkpoint(5)
    store.saveCheckpoint(runId, ['best'], cp)
    const back = store.checkpoints.load(runId, 'best')!
    expect(back.weights).toBeInstanceOf(Float32Array)
    expect(back).toMatchObject({ epoch: 5, valLoss: 0.2, layout: cp.layout, optimizer: { step: 15, rng: { state: [1, 2, 3, 5] } } })
    expect(Array.from(back.weights)).toEqual(Array.from(cp.weights))
    expect(Array.from(back.optimizer.v)).toEqual(Array.from(cp.optimizer.v))
    const f64 = { ...cp, weights: Float64Array.from([Math.PI, -1e-300, 2, 3, 4, 5]) }
    store.saveCheckpoint(runId, ['last'], f64)
    expect(Array.from(store.checkpoints.load(runId, 'last')!.weights)).toEqual(Array.from(f64.weights))
  })

  it('keeps SGD\'s state (momentum in m, no v) and refuses a buffer of another size', () => {
    const { runId } = seedRun(store)
    const cp = checkpoint(2)
    const sgd = { ...cp, optimizer: { ...cp.optimizer, m: new Float64Array(cp.weights.length).fill(0.5), v: new Float64Array(0) } }
    store.saveCheckpoint(runId, ['last'], sgd)
    const back = store.checkpoints.load(runId, 'last')!
    expect([Array.from(back.optimizer.m), back.optimizer.v.length]).toEqual([Array.from(sgd.optimizer.m), 0])
    const bad = { ...cp, optimizer: { ...cp.optimizer, v: new Float64Array(cp.weights.length + 1) } }
    expect(() => store.saveCheckpoint(runId, ['last'], bad)).toThrow(`checkpoint.optimizer.v: has ${cp.weights.length + 1} values for ${cp.weights.length} weights`)
  })

  it('rejects a layout that does not fit the weights', () => {
    const { runId } = seedRun(store)
    const cp = { ...checkpoint(1), layout: [{ name: 'w', shape: [2, 4], offset: 0, size: 8 }] }
    expect(() => store.saveCheckpoint(runId, ['last'], cp)).toThrow(expect.objectContaining({ code: 'invalid', field: 'checkpoint.layout[0]' }))
  })

  it('resumes an interrupted run from its last checkpoint, dropping later epochs', () => {
    const { runId } = seedRun(store)
    store.epochs.append(runId, [1, 2, 3, 4, 5].map((n) => epoch(n)))
    store.saveCheckpoint(runId, ['last'], checkpoint(3))
    store.recoverInterrupted('crash')
    const from = store.resumeRun(runId)
    expect(from.epoch).toBe(3)
    expect(store.epochs.list(runId).map((e) => e.epoch)).toEqual([1, 2, 3])
    expect(store.runs.get(runId)).toMatchObject({ status: 'running', error: null, finishedAt: null })
    store.appendEpoch(runId, epoch(4))
  })
})

describe('schema constraints', () => {
  it('surface as typed invalid errors', () => {
    const { runId } = seedRun(store)
    expect(() => store.appendEpoch(runId, { ...epoch(1), gradNorm: -1 })).toThrow(
      expect.objectContaining({ code: 'invalid', message: expect.stringContaining('CHECK constraint failed') })
    )
    expect(() =>
      store.datasets.save({ name: 'x', columns: [{ name: 'a', kind: 'n', data: new Float64Array(1) }, { name: 'a', kind: 'n', data: new Float64Array(1) }] })
    ).toThrow(expect.objectContaining({ code: 'invalid', field: 'dataset.columns[1].name' }))
  })
})
