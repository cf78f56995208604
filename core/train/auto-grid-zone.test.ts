// The automatic grid (data.resample "auto") on times written with an offset: Berlin's daily rows
// stand at the file's midnights (23:00 UTC the day before, 22:00 in summer), which are days on the
// file's clock; before, auto looked for UTC midnights and found no grid, so the absent days stayed
// gaps.
import { expect, it } from 'vitest'
import { importCsv } from '../data/import'
import { calendarGaps } from '../data/series'
import { zoneMarkOf } from '../data/time-cell'
import { autoResample, autoResampleFor } from './grid'

const H = 36e5
const berlinRows = (n: number, skip: number[], start = Date.UTC(2024, 0, 1), id = '') =>
  Array.from({ length: n }, (_, i) => i).filter((i) => !skip.includes(i)).map((i) => {
    const d = start + i * 864e5
    // Berlin's clock: +01:00 in winter, +02:00 from 31 March to 27 October 2024
    const summer = d >= Date.UTC(2024, 2, 31) && d < Date.UTC(2024, 9, 27)
    return `${id}${new Date(d).toISOString().slice(0, 10)}T00:00:00${summer ? '+02:00' : '+01:00'},${i % 7}`
  })

it("finds the daily grid on a zoned file's midnights, and names the first absent day at the file's midnight", async () => {
  const ds = await importCsv(`time,y\n${berlinRows(60, [10, 30]).join('\n')}\n`, { fileName: 'berlin.csv' })
  expect(autoResample(ds, 'time')).toEqual({ unit: 'day', every: 1, agg: 'mean', auto: true })
  const t = (ds.columns.find((c) => c.name === 'time') as { values: Float64Array }).values
  expect(calendarGaps(t, 60)).toEqual({ freq: { unit: 'day', every: 1 }, missing: 2, first: Date.UTC(2024, 0, 11) - H })
  // on UTC's clock the same instants are 23:00, no grid
  expect(calendarGaps(t)).toBeNull()
})

it('finds it across a daylight-saving switch (the night of 23 hours is one day)', async () => {
  const ds = await importCsv(`time,y\n${berlinRows(40, [5, 25], Date.UTC(2024, 2, 10)).join('\n')}\n`, { fileName: 'dst.csv' })
  expect(autoResample(ds, 'time')).toEqual({ unit: 'day', every: 1, agg: 'mean', auto: true })
  const c = ds.columns.find((x) => x.name === 'time')!
  // the first absent day is 15 March (+01:00), the second 4 April (+02:00, 22:00 UTC the day before)
  expect(calendarGaps((c as { values: Float64Array }).values, zoneMarkOf(c))).toEqual({ freq: { unit: 'day', every: 1 }, missing: 2, first: Date.UTC(2024, 2, 15) - H })
})

it('a global model finds it over zoned series, one with days absent and one without', async () => {
  const rows = [...berlinRows(50, [7]).map((r) => `a,${r}`), ...berlinRows(50, []).map((r) => `b,${r}`)]
  const ds = await importCsv(`id,time,y\n${rows.join('\n')}\n`, { fileName: 'stores.csv' })
  expect(autoResampleFor(ds, 'time', { columns: ['id'], values: null, global: true })).toEqual({ unit: 'day', every: 1, agg: 'mean', auto: true })
})

// Series in different zones (Berlin's +01:00, India's +05:30), each at its own midnights: the file
// keeps each row's offset by instant, and the offset in force at a series' absent midnight was the
// other series' row's, so "auto" found no grid; now each series' days are on its own clock.
it("a global model finds it over series in different zones, each on its own clock", async () => {
  const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)
  const rows = (id: string, off: string, skip: number[]) => Array.from({ length: 40 }, (_, i) => i).filter((i) => !skip.includes(i)).map((i) => `${id},${day(i)}T00:00:00${off},${i % 7}`)
  const ds = await importCsv(`id,time,y\n${[...rows('a', '+01:00', [10]), ...rows('b', '+05:30', [])].join('\n')}\n`, { fileName: 'zones.csv' })
  expect(autoResampleFor(ds, 'time', { columns: ['id'], values: null, global: true })).toEqual({ unit: 'day', every: 1, agg: 'mean', auto: true })
  // each series alone finds its own (a) or none (b, no day absent)
  expect(autoResampleFor(ds, 'time', { columns: ['id'], values: ['a'] })).toEqual({ unit: 'day', every: 1, agg: 'mean', auto: true })
  expect(autoResampleFor(ds, 'time', { columns: ['id'], values: ['b'] })).toBeNull()
})
