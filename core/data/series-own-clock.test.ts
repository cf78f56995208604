// A long file whose series are written in different zones (store a in Berlin, +01:00; store b in
// India, +05:30), each at its own midnights: the file keeps each row's offset (by instant), so a
// split's date without an offset is each series' own midnight, as a run on that one series reads it.
// Before, a global run read it on the file's clock at that date (Berlin's 23:00 UTC the day before,
// which is India's 04:30 of the day): store b's validation and test started a day late.
import { expect, it } from 'vitest'
import { defaultConfig, type PipelineConfig } from './config'
import { prepareGlobal } from './global'
import { importCsv } from './import'
import { preparePipeline } from './pipeline'

const rows = (id: string, off: string, n = 40) => Array.from({ length: n }, (_, i) => `${id},${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)}T00:00:00${off},${(i * 7) % 11}`)
const load = () => importCsv(`store,time,y\n${[...rows('a', '+01:00'), ...rows('b', '+05:30')].join('\n')}\n`, { fileName: 'zones.csv', series: ['store'] })
const split: PipelineConfig['split'] = { by: 'date', valStart: '2024-01-25', testStart: '2024-02-01', gap: 0 }
const cfgOf = (ds: Awaited<ReturnType<typeof load>>, series: PipelineConfig['time']['series']) =>
  defaultConfig(ds, 'y', { features: [], window: { lookback: 3, horizon: 1, stride: 1, mode: 'final' }, split, time: { column: 'time', duplicates: 'mean', resample: null, series } })

it("starts each series' validation and test at its own midnight of the split's dates (a global run)", async () => {
  const ds = await load()
  const gp = prepareGlobal(ds, cfgOf(ds, null), ['store'])
  // 25 January is each series' row 24, 1 February its row 31, whatever its zone
  expect(gp.parts.map((p) => [p.label, p.prep.splits.val.start, p.prep.splits.test.start])).toEqual([['store = a', 24, 31], ['store = b', 24, 31]])
  // as a run on store b alone cuts it
  const one = preparePipeline(ds, cfgOf(ds, { columns: ['store'], values: ['b'] }))
  expect([one.splits.val.start, one.splits.test.start]).toEqual([24, 31])
})

it('says the dates as written, each on its series\' own clock, where they name no one instant', async () => {
  const ds = await load()
  const gp = prepareGlobal(ds, cfgOf(ds, null), ['store'])
  expect(gp.cuts).toBeNull()
  expect(gp.ownClocks).toEqual({ valStart: '2024-01-25', testStart: '2024-02-01' })
  // a date with an offset names one instant for every series: shared cuts, as before
  const at = prepareGlobal(ds, { ...cfgOf(ds, null), split: { ...split, valStart: '2024-01-25T00:00:00+01:00', testStart: '2024-02-01T00:00:00+01:00' } }, ['store'])
  expect(at.ownClocks).toBeUndefined()
  expect(at.cuts).toEqual({ valStart: Date.UTC(2024, 0, 24, 23), testStart: Date.UTC(2024, 0, 31, 23) })
})

it("names a skipped series' cut on its own clock", async () => {
  const text = `store,time,y\n${[...rows('a', '+01:00'), ...rows('b', '+05:30'), ...rows('c', '+05:30', 20)].join('\n')}\n`
  const ds = await importCsv(text, { fileName: 'zones.csv', series: ['store'] })
  const gp = prepareGlobal(ds, cfgOf(ds, null), ['store'])
  expect(gp.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^ends on 2024-01-20T00:00:00\+05:30, before the test cut date 2024-02-01T00:00:00\+05:30: /)])
  expect(gp.notices.find((n) => n.code === 'short-series')?.message).toMatch(/^1 series skipped \(1 end before the test cut date 2024-02-01 \(on each series' own clock\)\)/)
})

it("refuses a series on whose own clock the dates are out of order, naming it and the field once", async () => {
  const ds = await load()
  // 03:00 is 02:00 UTC in Berlin, but 21:30 UTC the day before in India: before validation's 23:00 UTC
  const cfg = { ...cfgOf(ds, null), split: { ...split, valStart: '2024-01-25T00:00:00+01:00', testStart: '2024-01-25 03:00' } }
  let refused = ''
  try {
    prepareGlobal(ds, cfg, ['store'])
  } catch (e) {
    refused = (e as Error).message
  }
  expect(refused).toBe('split.testStart: series store = b: must be after split.valStart: "2024-01-25 03:00" on its own clock (2024-01-24 21:30 UTC) is before "2024-01-25T00:00:00+01:00" (2024-01-24 23:00 UTC)')
})
