// The stored datasets as both front ends list them, and the one rule for deleting one: what the list
// says of a dataset (inUse) is what removeDataset refuses it with, and it changes with its runs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../store'
import { idRanges } from '../store/datasets'
import { fromStoredDataset, reclaimedWords, removeDataset, storedDatasets, toStoredDataset } from './datasets'
import { offsetAt } from '../data/clock-rule'
import { offsetText, timeCells, zoneMarkOf } from '../data/time-cell'
import type { DateColumn } from '../data'
import { advanceTime, inferStep } from '../train/time-step'

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

  it('says which other datasets hold the same rows (an older build kept one copy per run), never merging them', () => {
    const a = save('seattle.csv', 40)
    const b = save('seattle.csv', 40)
    const other = save('seattle.csv', 41)
    const c = save('copy of seattle.csv', 40) // another name, the same rows
    expect(row(a).sameRows).toEqual([b, c])
    expect(row(b).sameRows).toEqual([a, c])
    expect(row(c).sameRows).toEqual([a, b])
    expect(row(other).sameRows).toEqual([])
    expect(storedDatasets(store).map((d) => d.id)).toEqual([c, other, b, a])
  })

  it('names every run it asks to delete, consecutive ones as a range, in order', () => {
    const a = save('a.csv', 3)
    const ids = Array.from({ length: 7 }, () => runOn(a))
    expect(row(a).runIds).toEqual(ids)
    // was 'runs 1, 2, 3, 4, 5 and 2 more': the last two, to be deleted first, unnamed
    expect(row(a).inUse).toBe(`dataset ${a} is used by runs ${ids[0]}-${ids[6]}; delete those runs first`)
    expect(idRanges([9, 1, 2, 3, 7, 8, 10, 11])).toBe('1-3 and 7-11')
    expect(idRanges([1, 2, 4, 6, 7, 8])).toBe('1, 2, 4 and 6-8')
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

describe('the daylight-saving rule of a date column (core/data/clock-rule.ts) in the store', () => {
  const BERLIN = { rule: 'EU' as const, std: 60 }
  /** Berlin's midnights over 2023's two switches, as instants, and written with their offsets. */
  const days = Array.from({ length: 400 }, (_, i) => Date.UTC(2023, 0, 1 + i) - offsetAt(Date.UTC(2023, 0, 1 + i) - 36e5, BERLIN) * 60_000)
  const text = `time,load\n${days.map((t, i) => `${new Date(t + offsetAt(t, BERLIN) * 60_000).toISOString().slice(0, 19)}${offsetText(offsetAt(t, BERLIN))},${i}`).join('\n')}\n`

  it('is kept with the column and read back, so a reopened dataset steps past its end as the imported one does', async () => {
    const { importCsv } = await import('../data')
    const ds = await importCsv(text, { fileName: 'berlin.csv' })
    expect(ds.columns[0]).toMatchObject({ kind: 'date', zoned: true, clock: BERLIN })
    const back = fromStoredDataset(store.datasets.load(store.datasets.save(toStoredDataset(ds, 'berlin.csv', null))))
    expect(back.columns[0]).toMatchObject({ kind: 'date', zoned: true, clock: BERLIN })
  })

  it('a dataset stored before offsets were kept (zoned, no offset, no rule) reads as before: written in UTC marked Z, steady steps, no rule invented', () => {
    const id = store.datasets.save({ name: 'old.csv', sourceFile: null, columns: [{ name: 'time', kind: 'date', data: Float64Array.from(days), meta: { format: 'iso', hasTime: true, zoned: true } }] })
    const col = fromStoredDataset(store.datasets.load(id)).columns[0] as DateColumn
    expect(col).toEqual({ kind: 'date', name: 'time', values: Float64Array.from(days), format: 'iso', hasTime: true, zoned: true })
    expect(zoneMarkOf(col)).toBe('Z')
    const s = inferStep(col.values, null, col.clock)!
    expect(s).toEqual({ kind: 'ms', ms: 864e5 })
    expect(advanceTime(days.at(-1)!, s, 1) - days.at(-1)!).toBe(864e5) // 24 hours, as before
    // a rule that is no known one is not read either
    const odd = store.datasets.save({ name: 'odd.csv', sourceFile: null, columns: [{ name: 'time', kind: 'date', data: Float64Array.from(days), meta: { format: 'iso', hasTime: true, zoned: true, clock: { rule: 'AU', std: 600 } } }] })
    expect(fromStoredDataset(store.datasets.load(odd)).columns[0]).not.toHaveProperty('clock')
  })
})

describe('the rows\' own UTC offsets of a date column (several that follow no rule) in the store', () => {
  // hourly rows at +05:45, then +05:30 from the third; listed out of order
  const text = 'time,load\n2021-06-01T05:45:00+05:45,1\n2021-06-01T07:30:00+05:30,3\n2021-06-01T06:45:00+05:45,2\n2021-06-01T08:30:00+05:30,4\n'
  const h = (i: number) => Date.UTC(2021, 5, 1, i)

  it('are kept per instant and read back, so a reopened dataset writes each time as the file did', async () => {
    const { importCsv } = await import('../data')
    const ds = await importCsv(text, { fileName: 'kathmandu.csv' })
    const offsets = { at: [h(0), h(2)], min: [345, 330] }
    expect(ds.columns[0]).toMatchObject({ kind: 'date', zoned: true, offsets })
    const back = fromStoredDataset(store.datasets.load(store.datasets.save(toStoredDataset(ds, 'kathmandu.csv', null)))).columns[0] as DateColumn
    expect(back).toMatchObject({ kind: 'date', zoned: true, offsets })
    expect(timeCells(Array.from(back.values), zoneMarkOf(back))).toEqual(['2021-06-01T05:45:00+05:45', '2021-06-01T07:30:00+05:30', '2021-06-01T06:45:00+05:45', '2021-06-01T08:30:00+05:30'])
  })

  it('stored before they were kept, or malformed: none, written in UTC marked Z as before', () => {
    const meta = (offsets?: unknown) => ({ format: 'iso', hasTime: true, zoned: true, ...(offsets === undefined ? {} : { offsets }) })
    for (const offsets of [undefined, { at: [h(2), h(0)], min: [345, 330] }, { at: [h(0)], min: [345.5] }, { at: [h(0), h(1)], min: [345] }]) {
      const id = store.datasets.save({ name: 'old.csv', sourceFile: null, columns: [{ name: 'time', kind: 'date', data: Float64Array.of(h(0), h(1)), meta: meta(offsets) }] })
      const col = fromStoredDataset(store.datasets.load(id)).columns[0] as DateColumn
      expect(col).not.toHaveProperty('offsets')
      expect(zoneMarkOf(col)).toBe('Z')
    }
  })
})
