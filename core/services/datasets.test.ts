// The stored datasets as both front ends list them, and the one rule for deleting one: what the list
// says of a dataset (inUse) is what removeDataset refuses it with, and it changes with its runs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../store'
import { fromStoredDataset, reclaimedWords, removeDataset, storedDatasets, toStoredDataset } from './datasets'

let store: Store
beforeEach(() => {
  store = openStore(join(mkdtempSync(join(tmpdir(), 'fw-stored-datasets-')), 'runs.db'), { appVersion: 'test' })
})
afterEach(() => store.close())

const save = (name: string, rows: number) =>
  store.datasets.save({ name, sourceFile: `/data/${name}`, columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from({ length: rows }, (_, i) => i), unit: 'kWh' }, { name: 'x', kind: 'numeric', data: new Float64Array(rows) }] })
/** A finished run on the dataset (a queued one of this live process is not for deleting). */
function runOn(datasetId: number): number {
  const id = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
  store.cancelRun(id)
  return id
}
const row = (id: number) => storedDatasets(store).find((d) => d.id === id)!

describe('storedDatasets', () => {
  it('lists each dataset with its columns, the runs that use it and its size, newest first', () => {
    const a = save('a.csv', 100)
    const b = save('b.csv', 3)
    const r1 = runOn(a)
    const r2 = runOn(a)
    expect(storedDatasets(store).map((d) => d.id)).toEqual([b, a])
    expect(row(a)).toMatchObject({
      name: 'a.csv', sourceFile: '/data/a.csv', rowCount: 100, columnCount: 2, bytes: 1600,
      columns: [{ name: 'y', kind: 'numeric', unit: 'kWh' }, { name: 'x', kind: 'numeric', unit: null }],
      runs: 2, runIds: [r1, r2], inUse: `dataset ${a} is used by runs ${r1} and ${r2}; delete those runs first`
    })
    expect(row(b)).toMatchObject({ runs: 0, runIds: [], inUse: null, bytes: 48 })
  })

  it('names at most five runs, in order', () => {
    const a = save('a.csv', 3)
    const ids = Array.from({ length: 7 }, () => runOn(a))
    expect(row(a).runIds).toEqual(ids)
    expect(row(a).inUse).toBe(`dataset ${a} is used by runs ${ids.slice(0, 5).join(', ')} and 2 more; delete those runs first`)
  })
})

describe('removeDataset', () => {
  it('refuses a dataset that runs use with the words the list gives, and deletes it once they are gone', () => {
    const a = save('a.csv', 50_000)
    const run = runOn(a)
    const listed = row(a).inUse
    expect(listed).toBe(`dataset ${a} is used by run ${run}; delete run ${run} first`)
    expect(() => removeDataset(store, a)).toThrow(expect.objectContaining({ code: 'in-use', message: listed }))
    store.runs.remove(run)
    expect(row(a).inUse).toBeNull()
    const r = removeDataset(store, a)
    expect(storedDatasets(store)).toEqual([])
    // its 800 kB of columns went back to the disk, and the words say so
    expect(r.file.before - r.file.after).toBeGreaterThan(400_000)
    expect(r.said).toMatch(new RegExp(`^dataset ${a} deleted; [\\d.]+ [kM]B given back to the disk \\(the database file went from \\d+\\.\\d [kM]B to \\d+\\.\\d kB\\)$`))
    expect(store.db.pragma('freelist_count', { simple: true })).toBe(0)
  })
})

describe('reclaimedWords', () => {
  it('says the space given back, and no "went from X to X" that shows no change (a 19.2 kB dataset in a 1.9 MB file)', () => {
    const none = { returned: 19_200, kept: 0 }
    expect(reclaimedWords(none, { before: 1_900_000, after: 1_880_800 })).toBe('; 19.2 kB given back to the disk')
    expect(reclaimedWords(none, { before: 16_800_000, after: 400_000 })).toBe('; 16.4 MB given back to the disk (the database file went from 16.8 MB to 400.0 kB)')
    expect(reclaimedWords(none, { before: 1000, after: 1000 })).toBe('')
  })
})

describe('toStoredDataset and fromStoredDataset', () => {
  it('keep a date column whose times carried UTC offsets (zoned), and read one stored without it as before', async () => {
    const { importCsv } = await import('../data')
    const ds = await importCsv('time,load\n2021-03-27T01:00:00+01:00,1\n2021-03-27T02:00:00+01:00,2\n2021-03-27T03:00:00+01:00,3\n', { fileName: 'tz.csv' })
    expect(ds.columns[0]).toMatchObject({ kind: 'date', zoned: true })
    const back = fromStoredDataset(store.datasets.load(store.datasets.save(toStoredDataset(ds, 'tz.csv', null))))
    expect(back.columns[0]).toMatchObject({ kind: 'date', name: 'time', hasTime: true, zoned: true })
    const old = store.datasets.save({ name: 'old.csv', sourceFile: null, columns: [{ name: 't', kind: 'date', data: Float64Array.of(0, 36e5), meta: { format: 'iso', hasTime: true } }] })
    expect(fromStoredDataset(store.datasets.load(old)).columns[0]).toEqual({ kind: 'date', name: 't', values: Float64Array.of(0, 36e5), format: 'iso', hasTime: true })
  })
})
