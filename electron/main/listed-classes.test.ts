// The Runs list answers at once for a classification run stored before its classes were kept
// (schema 19) and without a rule: its classes (read by preparing the run again, seconds on a large
// file) were read on the list's request, the first list after a start waiting for them. Now the
// list answers without them (its caution names the target, not which class), main finds them after
// the answer, keeps them with the run and tells every window (a 'classes' event), and the next list
// names them.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { StoreError, openStore } from '../../core/store'
import { findRunClasses } from '../../core/services/listed-skill'
import { fw } from '../../core/cli/test-fixtures/fw'
import { checkClassesMessage, type RunEventMessage, type RunListItem } from '../contract'
import { answered, exportWorkerBundle, startApartWorkbench } from './testing'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname

it('lists a run without its classes at once, then finds them, keeps them and says so; the next list names them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-listed-classes-'))
  const db = join(dir, 'runs.db')
  for (const out of ['out1', 'out2']) {
    const t = await fw('train', '--csv', sample, '--target', 'weather', '--task', 'classification', '--epochs', '2', '--db', db, '--out', join(dir, out))
    expect(t.code, t.stderr).toBe(0)
  }
  const store = openStore(db, { appVersion: 't' })
  try {
    store.db.prepare('UPDATE runs SET classes_json = NULL').run() // as runs finished before migration 019
    const said: RunEventMessage[] = []
    const { wb, d } = startApartWorkbench(store, dir, undefined, (m) => said.push(m))
    const first = (await answered<RunListItem[]>(d, 'listRuns')).find((r) => r.id === 1)!
    // answered before the classes were read: the caution knows its target, not which class it lacks
    expect(first.testMetric?.fewEvents).toMatchObject({ fewest: 0, target: 'weather' })
    expect(first.testMetric?.fewEvents?.names).toBeUndefined()
    expect(store.runs.get(1).classesJson).toBeNull()
    expect(said).toEqual([])
    // found after the answer, kept with each run, and told once for both (each window reads the list once)
    for (let i = 0; i < 600 && !said.length; i++) await new Promise((r) => setTimeout(r, 50))
    expect(said).toEqual([{ runId: null, event: { type: 'classes', runIds: [2, 1] } }])
    expect(() => checkClassesMessage(said[0])).not.toThrow()
    expect(JSON.parse(store.runs.get(1).classesJson!)).toEqual({ names: ['drizzle', 'rain', 'sun', 'snow', 'fog'] })
    expect(JSON.parse(store.runs.get(2).classesJson!)).toEqual({ names: ['drizzle', 'rain', 'sun', 'snow', 'fog'] })
    const next = (await answered<RunListItem[]>(d, 'listRuns')).find((r) => r.id === 1)!
    expect(next.testMetric?.fewEvents?.names).toEqual(['drizzle', 'rain', 'sun', 'snow', 'fog'])
    // nothing left to find: no more events
    await new Promise((r) => setTimeout(r, 50))
    expect(said).toHaveLength(1)
    wb.close()
    // findRunClasses: a read the store refused for now (busy) or a run deleted since is tried again
    // at the next list; any other failure is no such thing and is thrown, not kept quiet
    const fresh = openStore(db, { appVersion: 't' })
    try {
      fresh.db.prepare('UPDATE runs SET classes_json = NULL WHERE id = 1').run()
      expect(findRunClasses(fresh, { id: 99 })).toBe(false)
      const load = fresh.datasets.load.bind(fresh.datasets)
      fresh.datasets.load = () => {
        throw new StoreError('busy', 'the database is busy')
      }
      expect(findRunClasses(fresh, { id: 1 })).toBe(false)
      fresh.datasets.load = () => {
        throw new TypeError('a bug')
      }
      expect(() => findRunClasses(fresh, { id: 1 })).toThrow('a bug')
      fresh.datasets.load = load
      expect(findRunClasses(fresh, { id: 1 })).toBe(true)
    } finally {
      fresh.close()
    }
  } finally {
    store.close()
  }
}, 120_000)

it('a classes event is refused unless it names 1 or more run ids and no run or start of its own', () => {
  expect(() => checkClassesMessage({ runId: null, event: { type: 'classes', runIds: [] } })).toThrow(/event.runIds|1 to/)
  expect(() => checkClassesMessage({ runId: 3, event: { type: 'classes', runIds: [3] } })).toThrow(/must be null/)
  expect(() => checkClassesMessage({ runId: null, event: { type: 'classes', runIds: [1.5] } })).toThrow(/run ids/)
})

// Reading a listed run's classes prepared the run again on main, one synchronous read (3 s on a
// 200,000-row file) during which no window's request was answered. Its preparing is now done on a
// worker thread: a request made while it is under way is answered before it ends.
const worker = exportWorkerBundle('listed-classes-test')

it('answers another request while a large run\'s classes are read, then keeps them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-listed-classes-large-'))
  const db = join(dir, 'runs.db')
  const t = await fw('train', '--csv', sample, '--target', 'weather', '--task', 'classification', '--epochs', '1', '--db', db, '--out', join(dir, 'out'))
  expect(t.code, t.stderr).toBe(0)
  const store = openStore(db, { appVersion: 't' })
  try {
    // the run's dataset made 137 times as long (200,157 rows, the dates running on): its classes
    // are found only by preparing the run again on it
    const ds = store.datasets.load(1)
    const k = 137, n = ds.rowCount
    const columns = ds.columns.map((c) => {
      const data = new (c.data.constructor as Float64ArrayConstructor)(n * k) // (k * n)
      for (let r = 0; r < k; r++) for (let i = 0; i < n; i++) data[r * n + i] = c.kind === 'date' ? c.data[i]! + r * n * 86_400_000 : c.data[i]!
      return { name: c.name, kind: c.kind, data, meta: c.meta, unit: c.unit }
    })
    const large = store.datasets.save({ name: 'large', columns, meta: ds.meta })
    store.db.prepare('UPDATE runs SET dataset_id = ?, classes_json = NULL').run(large)
    const said: RunEventMessage[] = []
    const { wb, d } = startApartWorkbench(store, dir, worker.file, (m) => said.push(m))
    try {
      expect((await answered<RunListItem[]>(d, 'listRuns'))[0]!.testMetric?.fewEvents?.names).toBeUndefined()
      // the lookup starts a turn after the answer; a request made once it is under way
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r))
      const datasets = await answered<{ id: number }[]>(d, 'listDatasets')
      expect(datasets.map((x) => x.id)).toContain(large)
      // answered before the lookup ended: nothing kept nor told yet
      expect(store.runs.get(1).classesJson).toBeNull()
      expect(said).toEqual([])
      for (let i = 0; i < 1200 && !said.length; i++) await new Promise((r) => setTimeout(r, 50))
      expect(said).toEqual([{ runId: null, event: { type: 'classes', runIds: [1] } }])
      expect(JSON.parse(store.runs.get(1).classesJson!)).toEqual({ names: ['drizzle', 'rain', 'sun', 'snow', 'fog'] })
    } finally {
      wb.close()
    }
  } finally {
    store.close()
  }
}, 180_000)
