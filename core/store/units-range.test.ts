// Migration 005: a unit per dataset column and the target's range facts per run (issue 18).
import path from 'node:path'
import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS, StoreError, openStore, type Store } from './index'
import { seedRun } from './test-fixtures/sample'
import { tempStore, type TempStore } from './test-fixtures/temp'

let tmp: TempStore
let store: Store
beforeEach(() => {
  tmp = tempStore('fw-units-', { appVersion: '0.1.0' })
  store = tmp.store
})

const col = (name: string, unit?: string | null) => ({ name, kind: 'numeric', data: Float64Array.of(1, 2, 3), ...(unit !== undefined ? { unit } : {}) })
const invalidError = (fn: () => unknown): StoreError => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError)
    expect((e as StoreError).code).toBe('invalid')
    return e as StoreError
  }
  throw new Error('did not throw')
}

describe('dataset_columns.unit', () => {
  it('save keeps each unit; list and load read them back; no unit (absent, null or empty) is null', () => {
    const id = store.datasets.save({ name: 'co2', columns: [col('CO2', 'ppm'), col('temp', '°C'), col('n', null), col('x', '')] })
    const units = (cs: { name: string; unit: string | null }[]) => Object.fromEntries(cs.map((c) => [c.name, c.unit]))
    expect(units(store.datasets.load(id).columns)).toEqual({ CO2: 'ppm', temp: '°C', n: null, x: null })
    expect(units(store.datasets.list().find((d) => d.id === id)!.columns)).toEqual({ CO2: 'ppm', temp: '°C', n: null, x: null })
  })

  it('setUnits changes some units by column name and clears with an empty string, surviving a reopen', () => {
    const id = store.datasets.save({ name: 'co2', columns: [col('CO2', 'ppm'), col('temp')] })
    store.datasets.setUnits(id, { temp: 'K', CO2: '' })
    store.close()
    store = tmp.open({ appVersion: '0.1.0' })
    expect(store.datasets.load(id).columns.map((c) => c.unit)).toEqual([null, 'K'])
  })

  it('refuses a unit that is too long or holds a control character, naming the column; nothing changes', () => {
    const id = store.datasets.save({ name: 'co2', columns: [col('CO2', 'ppm'), col('temp')] })
    expect(invalidError(() => store.datasets.setUnits(id, { temp: 'K', CO2: 'x'.repeat(17) })).message).toMatch(/the unit of column "CO2" is 17 characters long; at most 16/)
    expect(invalidError(() => store.datasets.setUnits(id, { temp: 'a\nb' })).message).toMatch(/the unit of column "temp" contains a control character/)
    expect(invalidError(() => store.datasets.setUnits(id, { nope: 'm' })).message).toMatch(/no column "nope"/)
    expect(store.datasets.load(id).columns.map((c) => c.unit)).toEqual(['ppm', null])
    expect(invalidError(() => store.datasets.save({ name: 'bad', columns: [col('y', '\u0007')] })).message).toMatch(/column "y"/)
    expect(() => store.datasets.setUnits(999, { y: 'm' })).toThrow(/dataset 999/)
    // 16 characters (not bytes) are fine
    store.datasets.setUnits(id, { CO2: 'µg/m³ (24 h avg)' })
    expect(store.datasets.load(id).columns[0]!.unit).toBe('µg/m³ (24 h avg)')
  })
})

describe('runs.range_json', () => {
  const range = { domain: 'non-negative', min: 0, max: 9, n: 10, above: 2, below: 0 }
  it('finishRun stores the range facts; get and list read them back; a run without them has null', () => {
    const { runId } = seedRun(store)
    store.finishRun(runId, { metrics: [], forecasts: [], range })
    expect(JSON.parse(store.runs.get(runId).rangeJson!)).toEqual(range)
    expect(JSON.parse(store.runs.list().find((r) => r.id === runId)!.rangeJson!)).toEqual(range)
    const b = seedRun(store)
    store.finishRun(b.runId, { metrics: [], forecasts: [] })
    expect(store.runs.get(b.runId).rangeJson).toBeNull()
  })
})

describe('migration 005 on a version-4 database', () => {
  it('adds the columns with nulls, keeping every row', () => {
    const file = path.join(tmp.dir, 'v4.db')
    const raw = new Database(file)
    for (const m of MIGRATIONS.filter((x) => x.version <= 4)) raw.exec(m.sql)
    raw.pragma('user_version = 4')
    raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('old', 'h', 0, 1)").run()
    raw.prepare("INSERT INTO dataset_columns (dataset_id, idx, name, kind, dtype, data) VALUES (1, 0, 'y', 'numeric', 'f64', x'000000000000F03F')").run()
    raw.close()
    const s = openStore(file, { appVersion: '0.1.0' })
    try {
      expect(s.datasets.load(1).columns[0]!.unit).toBeNull()
      s.datasets.setUnits(1, { y: 'kg' })
      expect(s.datasets.list()[0]!.columns[0]!.unit).toBe('kg')
    } finally {
      s.close()
    }
  })
})
