// A calendar grid on times written with an offset (Berlin's midnights, 23:00 UTC the day before):
// its periods are the file's days, so the rows keep their times and an absent day is named as the
// file would name it; before, every period was the UTC day before (2024-01-10 for the absent 11th).
import { expect, it } from 'vitest'
import { importCsv } from '../data/import'
import { prepareSeries, seriesOnGrid } from '../data/series'
import { autoGridNote } from './grid'

const H = 36e5
const berlin = async (skip: number) => {
  const rows = Array.from({ length: 40 }, (_, i) => i).filter((i) => i !== skip).map((i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)}T00:00:00+01:00,${i}`)
  return importCsv(`time,y\n${rows.join('\n')}\n`, { fileName: 'berlin.csv' })
}

it("puts zoned daily rows on the file's days: the rows keep their times, the absent day is the file's 11 January", async () => {
  const ds = await berlin(10)
  const { dataset, report } = prepareSeries(ds, { column: 'time', duplicates: 'mean', resample: { freq: { unit: 'day', every: 1 }, agg: 'mean', auto: true }, series: { columns: [], values: null } })
  const t = (dataset.columns.find((c) => c.name === 'time') as { values: Float64Array }).values
  expect(dataset.rowCount).toBe(40)
  expect(t[0]).toBe(Date.UTC(2024, 0, 1) - H)
  expect(t[10]).toBe(Date.UTC(2024, 0, 11) - H)
  expect(report.firstInserted).toBe(Date.UTC(2024, 0, 11) - H)
  expect(autoGridNote({ unit: 'day', every: 1, agg: 'mean', auto: true }, report, 'interpolate', false, 60).message).toContain('1 day absent, 2024-01-11,')
  // Setup's preview of the grid (SplitTimeline) puts them on the same days
  const values = (ds.columns.find((c) => c.name === 'y') as { values: Float64Array }).values
  const times = (ds.columns.find((c) => c.name === 'time') as { values: Float64Array }).values
  expect(Array.from(seriesOnGrid(times, values, { freq: { unit: 'day', every: 1 }, agg: 'mean' }, 60).time.slice(9, 12))).toEqual([10, 11, 12].map((d) => Date.UTC(2024, 0, d) - H))
})

it('steps over a daylight-saving switch on the rule\'s clock: each period starts at the switched midnight', async () => {
  const rows = Array.from({ length: 10 }, (_, i) => i).filter((i) => i !== 5).map((i) => {
    const d = Date.UTC(2024, 2, 27 + i)
    return `${new Date(d).toISOString().slice(0, 10)}T00:00:00${d >= Date.UTC(2024, 2, 31) ? '+02:00' : '+01:00'},${i}`
  })
  const ds = await importCsv(`time,y\n${rows.join('\n')}\n`, { fileName: 'dst.csv' })
  const { dataset } = prepareSeries(ds, { column: 'time', duplicates: 'mean', resample: { freq: { unit: 'day', every: 1 }, agg: 'mean' }, series: { columns: [], values: null } })
  const t = Array.from((dataset.columns.find((c) => c.name === 'time') as { values: Float64Array }).values)
  expect(t.length).toBe(10)
  // 1 April (absent, inserted) at its midnight +02:00: 22:00 UTC on 31 March
  expect(t[5]).toBe(Date.UTC(2024, 2, 31, 22))
  expect(t[3]).toBe(Date.UTC(2024, 2, 29, 23))
})
