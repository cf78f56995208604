// A split by date on times written with an offset (Berlin's midnights, 23:00 UTC the day before):
// a date without an offset is the file's midnight, as fw explain --at reads it; before, it was UTC
// midnight, the file's 01:00, and each part started a row (the file's day) late.
import { expect, it } from 'vitest'
import { defaultConfig, validateConfig, type PipelineConfig } from './config'
import { pooledCuts } from './global'
import { importCsv } from './import'
import { preparePipeline } from './pipeline'
import { computeSplits } from './windows'
import { zoneMarkOf } from './time-cell'

const day = (i: number, off = '+01:00') => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)}T00:00:00${off}`
const berlin = () => importCsv(`time,y\n${Array.from({ length: 60 }, (_, i) => `${day(i)},${(i * 7) % 11}`).join('\n')}\n`, { fileName: 'berlin.csv' })
const split = (valStart: string, testStart: string): PipelineConfig['split'] => ({ by: 'date', valStart, testStart, gap: 0 })
const cfgOf = (ds: Awaited<ReturnType<typeof berlin>>, s: PipelineConfig['split']) => defaultConfig(ds, 'y', { window: { lookback: 3, horizon: 1, stride: 1, mode: 'final' }, split: s })

it("starts validation and test at the file's midnight of a date without an offset", async () => {
  const ds = await berlin()
  const p = preparePipeline(ds, cfgOf(ds, split('2024-01-31', '2024-02-15')))
  expect([p.splits.val.start, p.splits.test.start]).toEqual([30, 45])
  // a time of day without an offset is on the file's clock as well
  expect(preparePipeline(ds, cfgOf(ds, split('2024-01-31T00:00:00', '2024-02-15 00:00'))).splits.test.start).toBe(45)
})

it('keeps the meaning of a date with an offset: the instant it names', async () => {
  const ds = await berlin()
  // UTC midnight of the 31st is the file's 01:00: the first row at or after it is the 1st of February
  const p = preparePipeline(ds, cfgOf(ds, split('2024-01-31T00:00:00Z', '2024-02-15T00:00:00+01:00')))
  expect([p.splits.val.start, p.splits.test.start]).toEqual([31, 45])
})

it("cuts a global run's shared dates on the file's clock", async () => {
  const ds = await berlin()
  const tcol = ds.columns.find((c) => c.name === 'time')!
  const cuts = pooledCuts((tcol as { values: Float64Array }).values, split('2024-01-31', '2024-02-15'), zoneMarkOf(tcol))
  expect(cuts).toEqual({ valStart: Date.UTC(2024, 0, 30, 23), testStart: Date.UTC(2024, 1, 14, 23) })
})

it("reads a date past a daylight-saving switch on the switched clock's midnight", async () => {
  const rows = Array.from({ length: 20 }, (_, i) => {
    const d = Date.UTC(2024, 2, 22 + i)
    return `${new Date(d).toISOString().slice(0, 10)}T00:00:00${d >= Date.UTC(2024, 2, 31) ? '+02:00' : '+01:00'},${i % 5}`
  })
  const ds = await importCsv(`time,y\n${rows.join('\n')}\n`, { fileName: 'dst.csv' })
  const p = preparePipeline(ds, defaultConfig(ds, 'y', { window: { lookback: 2, horizon: 1, stride: 1, mode: 'final' }, split: split('2024-03-30', '2024-04-02') }))
  expect([p.splits.val.start, p.splits.test.start]).toEqual([8, 11])
})

it('refuses a split date that is no time, and one out of order, naming the field', async () => {
  const ds = await berlin()
  expect(() => validateConfig(JSON.parse(JSON.stringify(cfgOf(ds, split('2024-01-31', '2024-02-15')))))).not.toThrow()
  expect(() => validateConfig(JSON.parse(JSON.stringify(cfgOf(ds, split('2024-13-45', '2024-02-15')))))).toThrow(/split\.valStart/)
  expect(() => validateConfig(JSON.parse(JSON.stringify(cfgOf(ds, split('2024-02-15 00:00', '2024-01-31')))))).toThrow(/split\.testStart: must be after/)
})

// One cut with an offset and one without, within hours: only the file's clock orders them. Berlin's
// 11:30 is 10:30 UTC, before 10:45 UTC; read as UTC (no clock), it was after, and the order judged wrong.
it("orders a cut with an offset and one without as instants on the file's clock, not as UTC", async () => {
  const ds = await berlin()
  const ordered = split('2024-01-31 11:30', '2024-01-31T10:45:00Z') // 10:30 UTC, then 10:45 UTC
  expect(validateConfig(cfgOf(ds, ordered)).split).toEqual(ordered)
  const tcol = ds.columns.find((c) => c.name === 'time')!
  const cut = (s: PipelineConfig['split']) => computeSplits(60, { split: s }, (tcol as { values: Float64Array }).values, zoneMarkOf(tcol))
  expect(cut(ordered).test.start).toBe(31)
  // the other way round: 10:45 UTC, then the file's 11:30 (10:30 UTC), refused naming the field and both instants
  const reversed = split('2024-01-31T10:45:00Z', '2024-01-31 11:30')
  expect(validateConfig(cfgOf(ds, reversed)).split).toEqual(reversed)
  expect(() => cut(reversed)).toThrow(expect.objectContaining({ field: 'split.testStart', message: expect.stringMatching(/must be after split\.valStart.*11:30.*10:30 UTC.*10:45 UTC/) }))
  // a global run's shared cut dates alike
  expect(() => pooledCuts((tcol as { values: Float64Array }).values, reversed, zoneMarkOf(tcol))).toThrow(/must be after split\.valStart/)
  expect(pooledCuts((tcol as { values: Float64Array }).values, ordered, zoneMarkOf(tcol))).toEqual({ valStart: Date.UTC(2024, 0, 31, 10, 30), testStart: Date.UTC(2024, 0, 31, 10, 45) })
  expect(() => preparePipeline(ds, cfgOf(ds, reversed))).toThrow(expect.objectContaining({ field: 'split.testStart', message: expect.stringMatching(/must be after split\.valStart.*11:30.*10:30 UTC.*10:45 UTC/) }))
  // an order no offset can mend is still refused before the data is read
  expect(() => validateConfig(cfgOf(ds, split('2024-02-02 00:00', '2024-01-31T00:00:00Z')))).toThrow(/split\.testStart|must be after/)
})
