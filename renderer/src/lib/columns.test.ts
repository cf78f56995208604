import { describe, expect, it } from 'vitest'
import { smallDataset } from '../test/fakes'
import { chartIndices, chartPoints, columnDecimals, formatFixed, formatCount, formatTime, formatWhen, columnStats, datasetWarnings, decimalCommaNote, defaultRoles, defaultTargetWhy, envelopeIndices, formatValue, implausibleTarget, lag1Autocorrelation, untickedNote, pointsAt, timeSpan } from './columns'
import { seedSummary, summarise } from './summary'
import { importCsv } from '../../../core/data/import'
import type { Column, Dataset } from '../../../core/data/types'
import { prepareSeries } from '../../../core/data/series'
import { instantOf, offsetAt } from '../../../core/data/clock-rule'
import { timeCell, zoneWords } from '../../../core/data/time-cell'

describe('column helpers', () => {
  it('computes stats with missing values left out', () => {
    expect(columnStats({ kind: 'numeric', name: 'y', values: new Float64Array([1, NaN, 3]) })).toEqual({ min: 1, max: 3, mean: 2, missing: 1 })
    expect(columnStats({ kind: 'categorical', name: 'c', codes: new Int32Array([0, -1, 1]), levels: ['a', 'b'] }).missing).toBe(1)
  })

  it('picks the smoothest numeric column as the default target, every other usable column as a feature', () => {
    const ds = smallDataset()
    ds.columns.push({ kind: 'numeric', name: 'noise', values: Float64Array.from({ length: ds.rowCount }, (_, i) => (i % 2 ? 1 : -1)) })
    expect(lag1Autocorrelation(Float64Array.from([1, -1, 1, -1, 1]))).toBeLessThan(0)
    expect(lag1Autocorrelation(Float64Array.from([1, NaN, 2]))).toBe(0) // fewer than 3 values
    expect(defaultRoles(ds)).toEqual({ time: 'date', target: 'temp', features: ['sky', 'noise'] })
    // Setup's Target hint says why, for the default target only
    expect(defaultTargetWhy(ds, 'temp')).toMatch(/^Picked by default: of the numeric columns \(flags, ids and the time left out\), "temp" follows on most closely from one row to the next \(lag-1 autocorrelation 0\.\d\d\), as a series worth forecasting does\.$/)
    expect(defaultTargetWhy(ds, 'noise')).toBeNull()
  })

  it('says why a derived column gave its place to the column it is derived from (CO2\'s "adjusted")', async () => {
    const lines = ['month,co2,co2_adjusted', ...Array.from({ length: 120 }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,${(350 + 0.5 * i + 1 * Math.sin((2 * Math.PI * i) / 12)).toFixed(2)},${(350 + 0.5 * i + 0.01 * Math.sin(i)).toFixed(2)}`)]
    const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'co2.csv' })
    const target = defaultRoles(ds).target!
    expect(target).toBe('co2')
    expect(defaultTargetWhy(ds, target)).toBe('Picked by default: "co2_adjusted" follows on most closely from one row to the next of the numeric columns, but its name says it is derived, and "co2" moves with it: the column it is derived from.')
  })

  it('leaves a mostly blank category unticked (a note on a few days), says so, and ticks one blank in half its rows', async () => {
    // euro.csv's "Bemerkung": 15 notes in 300 rows, ticked, and each note filled over the blank days after it
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10)
    const lines = ['Datum;Umsatz;Bemerkung;Aktion;offen']
    for (let i = 0; i < 300; i++) lines.push(`${day(i)};${(12000 + 900 * Math.sin(i / 4)).toFixed(2)};${i % 20 === 0 ? 'Feiertag' : ''};${i % 2 ? 'A' : ''};${i % 3 === 0 ? 'ja' : ''}`)
    const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'euro.csv' })
    expect(defaultRoles(ds)).toEqual({ time: 'Datum', target: 'Umsatz', features: ['Aktion'] })
    expect(untickedNote(ds, 'Umsatz')).toBe('Not ticked by default: Bemerkung (blank in 285 of 300 rows: a blank would be filled with the value before it, carrying one over the rows after) and offen (blank in 200 of 300 rows: a blank would be filled with the value before it, carrying one over the rows after). Tick them to use them.')
    expect(untickedNote(ds, 'Aktion')).not.toBeNull()
    expect(untickedNote({ ...ds, columns: ds.columns.filter((c) => c.name !== 'Bemerkung' && c.name !== 'offen') }, 'Umsatz')).toBeNull()
  })

  it('leaves a column that counts the rows (0, 1, 2, …) unticked and says why, as fw train does', async () => {
    const lines = ['row,y,x', ...Array.from({ length: 300 }, (_, i) => `${i},${(20 + 4 * Math.sin(i / 3)).toFixed(2)},${(i * 37) % 11}`)]
    const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'intindex.csv' })
    expect(defaultRoles(ds)).toEqual({ time: null, target: 'y', features: ['x'] })
    expect(untickedNote(ds, 'y')).toBe('Not ticked by default: row (0, 1, 2, …, 299: it counts the rows, so its validation and test values all lie outside the range of its training values, which the network cannot learn from). Tick it to use it.')
    // in steps of 10, and backwards: the same
    const tens = await importCsv(['n,y', ...Array.from({ length: 50 }, (_, i) => `${500 - 10 * i},${(i % 7) + 0.5}`)].join('\n') + '\n', { fileName: 'tens.csv' })
    expect(untickedNote(tens, 'y')).toBe('Not ticked by default: n (500, 490, 480, …, 10: it counts the rows in steps of 10, so its validation and test values all lie outside the range of its training values, which the network cannot learn from). Tick it to use it.')
  })

  it('takes a column "t" that counts 0, 1, 2, … as the time (a step index) where no column holds dates, and never over a date column', async () => {
    const body = Array.from({ length: 300 }, (_, i) => `${i},${(20 + 4 * Math.sin(i / 3)).toFixed(2)},${(i * 37) % 11}`)
    const ds = await importCsv(['t,y,x', ...body].join('\n') + '\n', { fileName: 'intindex.csv' })
    expect(defaultRoles(ds)).toEqual({ time: 't', target: 'y', features: ['x'] })
    expect(ds.columns[0]).toMatchObject({ kind: 'date', format: 'step' })
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)
    const dated = await importCsv(['t,date,y', ...Array.from({ length: 50 }, (_, i) => `${i},${day(i)},${i % 7}.5`)].join('\n') + '\n', { fileName: 'dated.csv' })
    expect(dated.timeColumn).toBe('date')
    expect(dated.columns[0]!.kind).toBe('numeric')
  })

  it("warns of a step index's gap in its own integers, not as a span of time since 1970", async () => {
    // steps of 5, one gap of 10 after t = 500
    const body = Array.from({ length: 200 }, (_, i) => `${5 * i + (i > 100 ? 5 : 0)},${(20 + 4 * Math.sin(i / 3)).toFixed(2)}`)
    const ds = await importCsv(['t,y', ...body].join('\n') + '\n', { fileName: 'gap.csv' })
    expect(ds.columns[0]).toMatchObject({ kind: 'date', format: 'step' })
    const said = datasetWarnings(ds).map((w) => w.message).join('\n')
    expect(said).toContain('differs from the usual step of 5 of "t" (the first after 500)')
    expect(said).not.toContain('1970')
  })

  it('proposes the sales, not a noise column, when one far value is in the sales (pass 18: 1e308, 1e15)', () => {
    const n = 400
    const day = (i: number) => Date.UTC(2020, 0, 1) + i * 864e5
    for (const big of [1e308, 1e15]) {
      const sales = Float64Array.from({ length: n }, (_, i) => (i === 120 ? big : 110 + 15 * Math.sin((2 * Math.PI * i) / 60) + 5 * Math.sin(i * 1.7)))
      const x = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 101) / 10 + Math.sin(i / 40))
      const ds = { ...smallDataset(), rowCount: n, timeColumn: 'date', columns: [{ kind: 'date', name: 'date', values: Float64Array.from({ length: n }, (_, i) => day(i)) }, { kind: 'numeric', name: 'sales', values: sales }, { kind: 'numeric', name: 'x', values: x }] } as Dataset
      expect(lag1Autocorrelation(sales)).toBeGreaterThan(0.5)
      expect(defaultRoles(ds).target).toBe('sales')
    }
  })

  it("never defaults the target to a 0/1 flag, an id or a row counter: a sales file's target is its sales", async () => {
    // as the report's stores.csv: stores' daily sales and prices, a holiday flag 1 for 3 days in a
    // row now and then (smoother by lag 1 than the sales), and a row number
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const day = (i: number) => new Date(Date.UTC(2022, 0, 1) + i * 864e5).toISOString().slice(0, 10)
    const lines = ['row,date,store,sales,price,holiday']
    for (let s = 0; s < 3; s++) for (let i = 0; i < 200; i++) lines.push(`${lines.length},${day(i)},S0${s},${(100 + 2 * s + 20 * Math.sin((2 * Math.PI * i) / 7) + 5 * rnd()).toFixed(2)},${(10 + rnd()).toFixed(2)},${i % 50 < 3 ? 1 : 0}`)
    const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'stores.csv' })
    const col = (n: string) => ds.columns.find((c) => c.name === n) as Column & { values: Float64Array }
    // what made the flag the default: it is smoother by lag 1 than the sales
    expect(lag1Autocorrelation(col('holiday').values)).toBeGreaterThan(lag1Autocorrelation(col('sales').values))
    expect(defaultRoles(ds).target).toBe('sales')
    expect(['row', 'sales', 'price', 'holiday'].map((n) => implausibleTarget(ds, col(n)))).toEqual(['id', null, null, 'flag'])
    // an id by its name, the time column; a file of flags alone has no default target (Setup asks)
    expect(implausibleTarget({ ...ds, timeColumn: 'price' }, col('price'))).toBe('time')
    expect(implausibleTarget(ds, { ...col('sales'), name: 'store_id' })).toBe('id')
    expect(implausibleTarget(ds, { ...col('sales'), name: 'valid' })).toBeNull()
    expect(defaultRoles({ ...ds, columns: ds.columns.filter((c) => c.name === 'date' || c.name === 'holiday') }).target).toBeNull()
  })

  it('groups counts by thousands', () => {
    expect([0, 999, 1000, 1_000_000, -12345].map(formatCount)).toEqual(['0', '999', '1,000', '1,000,000', '-12,345'])
  })

  it('warns about missing values, irregular gaps and duplicate timestamps', () => {
    const ds = smallDataset(30)
    const t = (ds.columns[0] as { values: Float64Array }).values
    t[10] = t[9]! // a duplicate
    for (let i = 20; i < t.length; i++) t[i] = t[i]! + 5 * 86_400_000 // a gap before row 20 (the rows stay in time order)
    const w = datasetWarnings(ds)
    expect(w.map((x) => x.code)).toEqual(expect.arrayContaining(['missing', 'duplicates', 'irregular']))
    // where, and what a run makes of a gap
    expect(w.find((x) => x.code === 'duplicates')?.message).toBe(`1 row shares a timestamp with the row before (the first at ${formatTime(t[10]!)}). A run merges the rows of a time into one: each number by their mean, "sky" by the last value.`)
    // 29 distinct days, 28 steps: the 5-day gap, and the step over the repeated day (two days once merged)
    expect(w.find((x) => x.code === 'irregular')?.message).toBe(`2 of 28 steps between rows differ from the usual step of a day (daily) (the first after ${formatTime(t[9]!)}); a window reads the rows on either side of a gap as one step apart.`)
  })

  it('says that times written with a UTC offset are shown as the file wrote them and read in UTC, and not for times without one', async () => {
    const zoned = await importCsv('time,load\n2021-03-27T01:00:00+01:00,1\n2021-03-27T02:00:00+01:00,2\n2021-03-27T03:00:00+01:00,3\n', { fileName: 'tz.csv' })
    expect(datasetWarnings(zoned).find((w) => w.code === 'utc')?.message).toBe('The times of "time" carry the one UTC offset +01:00: they are shown here as the file wrote them (the first, 2021-03-27T01:00:00+01:00), and a run reads them in UTC (steps, and the calendar\'s hour of day, are UTC\'s); the exported forecast files and Export\'s forecast past the end write them with +01:00, as the file does.')
    const rows = await importCsv('time,load\n2021-03-27T05:45:00+05:45,1\n2021-03-27T06:30:00+05:30,2\n', { fileName: 'kathmandu.csv' })
    expect(datasetWarnings(rows).find((w) => w.code === 'utc')?.message).toBe('The times of "time" carry more than one UTC offset, which follow no clock rule: they are shown here as the file wrote them (the first, 2021-03-27T05:45:00+05:45), and a run reads them in UTC (steps, and the calendar\'s hour of day, are UTC\'s); the exported forecast files and Export\'s forecast past the end write them each with its own offset, as the file does (those past the end with the last row\'s).')
    const naive = await importCsv('time,load\n2021-03-27T01:00:00,1\n2021-03-27T02:00:00,2\n2021-03-27T03:00:00,3\n', { fileName: 'naive.csv' })
    expect(datasetWarnings(naive).some((w) => w.code === 'utc')).toBe(false)
  })

  it('names the first duplicate and the first irregular step of a zoned file as the file wrote them, not in UTC', async () => {
    const hours = [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12].map((h) => `2021-03-27T${String(h).padStart(2, '0')}:00:00+01:00,${h}`)
    const ds = await importCsv(`time,load\n${hours.join('\n')}\n`, { fileName: 'tz.csv' })
    expect(datasetWarnings(ds).find((w) => w.code === 'irregular')?.message).toContain('(the first after 2021-03-27T03:00:00+01:00)')
  })

  it('says what the zoned times hold as fw inspect says it: Z, one offset, a rule learnt from the switches, several offsets with no rule, two offsets at one instant', async () => {
    // before: each "are written with a UTC offset" (Z too), the rule unsaid, and Z "as the file has more than one offset"
    const said = async (text: string) => {
      const ds = await importCsv(text, { fileName: 'zoned.csv' })
      const message = datasetWarnings(ds).find((w) => w.code === 'utc')!.message
      // the clause on what the column holds, word for word as fw inspect's (core/data/time-cell zoneWords)
      expect(zoneWords(ds)).toContain(message.slice(4, message.indexOf(': they are shown here')))
      return message
    }
    expect(await said('time,load\n2021-03-27T01:00:00Z,1\n2021-03-27T02:00:00Z,2\n')).toBe('The times of "time" carry the zone Z (UTC): they are shown here as the file wrote them (the first, 2021-03-27T01:00:00Z), and a run reads them in UTC (steps, and the calendar\'s hour of day, are UTC\'s); the exported forecast files and Export\'s forecast past the end write them with Z, as the file does.')
    expect(await said('time,load\n2021-03-27T01:00:00+01:00,1\n2021-03-27T02:00:00+01:00,2\n')).toMatch(/^The times of "time" carry the one UTC offset \+01:00: .* write them with \+01:00, as the file does\.$/)
    // daily at Berlin's midnight through both 2021 switches: the EU rule learnt
    const berlin = Array.from({ length: 300 }, (_, d) => {
      const day = new Date(Date.UTC(2021, 2, 1) + d * 86_400_000).toISOString().slice(0, 10)
      return `${day}T00:00:00${day > '2021-03-28' && day <= '2021-10-31' ? '+02:00' : '+01:00'},${d}`
    })
    expect(await said(`time,load\n${berlin.join('\n')}\n`)).toMatch(/^The times of "time" carry UTC offsets that follow the EU clock changes: .* write them each with its own offset, as the file does\.$/)
    expect(await said('time,load\n2021-03-27T05:45:00+05:45,1\n2021-03-27T06:30:00+05:30,2\n')).toMatch(/^The times of "time" carry more than one UTC offset, which follow no clock rule: .* each with its own offset, as the file does \(those past the end with the last row's\)\.$/)
    expect(await said('time,site,load\n2021-03-27T01:00:00+01:00,a,1\n2021-03-26T19:00:00-05:00,b,2\n2021-03-27T02:00:00+01:00,a,3\n2021-03-26T20:00:00-05:00,b,4\n')).toMatch(/^The times of "time" carry more than one UTC offset, and rows at one instant carry two \(series in different zones: each row's is kept\): .* write them in each series' own offsets, as the file does\.$/)
  })

  it('counts the steps off the usual one as a run does (one rule), and places the first with its time in sub-daily data', async () => {
    const hour = 3_600_000
    const at = [0, 1, 2, 2, 2 + 5 / 60, 5 + 5 / 60, 6 + 5 / 60, 7 + 8 / 60, 8 + 5 / 60, NaN, 9 + 5 / 60, 11 + 5 / 60, 12 + 5 / 60]
    const text = `time,value\n${at.map((h, i) => `${h === h ? new Date(Date.UTC(2020, 0, 1, 1) + h * hour).toISOString().slice(0, 19) : ''},${i}`).join('\n')}\n`
    const ds = await importCsv(text, { fileName: 'irregular.csv' })
    const run = prepareSeries(ds, { column: 'time', duplicates: 'mean', resample: null })
    const w = datasetWarnings(ds).find((x) => x.code === 'irregular')
    expect(run.report.irregularSteps).toBe(5) // 5 min, 3 h, 1 h 3 min, 57 min, 2 h
    expect(w?.message).toBe('5 of 10 steps between rows differ from the usual step of an hour (hourly) (the first after 2020-01-01 03:00); a window reads the rows on either side of a gap as one step apart.')
    const one = await importCsv('time,value\n2020-01-01T00:00,1\n2020-01-01T01:00,2\n2020-01-01T02:00,3\n2020-01-01T04:00,4\n2020-01-01T05:00,5\n', { fileName: 'one.csv' })
    expect(datasetWarnings(one).find((x) => x.code === 'irregular')?.message).toMatch(/^1 of 4 steps between rows differs from the usual step of an hour \(hourly\) \(the first after 2020-01-01 02:00\)/)
  })

  it('says weekdays without a row in business-day data as information pointing to holiday dates, not as an irregular step', async () => {
    // Wed 3 Jan 2024 .. Wed 28 Feb, no weekend rows; Monday 15 Jan and Monday 19 Feb missing
    const rows: string[] = []
    for (let t = Date.UTC(2024, 0, 3); t <= Date.UTC(2024, 1, 28); t += 864e5) {
      const iso = new Date(t).toISOString().slice(0, 10)
      if (new Date(t).getUTCDay() % 6 !== 0 && iso !== '2024-01-15' && iso !== '2024-02-19') rows.push(`${iso},${rows.length}`)
    }
    const w = datasetWarnings(await importCsv(`d,v\n${rows.join('\n')}\n`, { fileName: 'bday.csv' }))
    expect(w.some((x) => x.code === 'irregular')).toBe(false)
    expect(w.find((x) => x.code === 'holidays')).toEqual({ code: 'holidays', column: 'd', info: true, message: '2 weekdays without a row (holidays?), the first 2024-01-15: a window reads the rows either side as one step apart, as for a market closed that day; forecasts past the end skip weekends but not holidays unless given the holiday dates (Holiday dates… in Setup, under inputs known in the future).' })
    // February missing from the middle: a gap still warns
    const gap = datasetWarnings(await importCsv(`d,v\n${rows.filter((r) => !r.startsWith('2024-02-0')).join('\n')}\n`, { fileName: 'gap.csv' }))
    expect(gap.find((x) => x.code === 'irregular')?.message).toMatch(/^1 of \d+ steps between rows differs from the usual step of a weekday \(Monday to Friday\) \(the first after 2024-01-31\)/)
  })

  it('offers no fill from the value before for a column with no values at all, but to ignore it', () => {
    const ds = smallDataset(30)
    ds.columns.push({ kind: 'numeric', name: 'blank', values: new Float64Array(30).fill(NaN) })
    const w = datasetWarnings(ds).filter((x) => x.column === 'blank')
    expect(w).toEqual([{ code: 'missing', column: 'blank', message: '"blank" has no values at all, so it can be neither the target nor a feature.', fix: { label: 'Ignore column', kind: 'ignore-column', column: 'blank' } }])
    expect(datasetWarnings(ds).find((x) => x.column === 'temp')?.fix?.kind).toBe('interpolate')
  })

  it('says which series of a long file hold the missing values, and offers no fill from the value before for a series with no value to fill from', async () => {
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
    const csv = (v: (s: string, i: number) => string) => ['store,date,sales', ...['a', 'b', 'c'].flatMap((s) => Array.from({ length: 40 }, (_, i) => `${s},${day(i)},${v(s, i)}`))].join('\n')
    const empty = await importCsv(csv((s, i) => (s === 'c' ? '' : String(i))), { fileName: 'long.csv', series: ['store'] })
    expect(datasetWarnings(empty).filter((w) => w.code === 'missing')).toEqual([{ code: 'missing', column: 'sales', message: '"sales" has 40 missing values (33.3 %), all in series store = c, which has no value of "sales" at all: the fill from the value before has nothing to fill it from, and a run across the series leaves it out.' }])
    // a gap in b besides: the fill from the value before fills it, and the warning says it fills b's only
    const both = await importCsv(csv((s, i) => (s === 'c' || (s === 'b' && i === 7) ? '' : String(i))), { fileName: 'long.csv', series: ['store'] })
    expect(datasetWarnings(both).filter((w) => w.code === 'missing')).toEqual([{ code: 'missing', column: 'sales', message: '"sales" has 41 missing values (34.2 %), 40 of them in series store = c, which has no value of "sales" at all: the fill from the value before fills the other series\' gaps only, and a run across the series leaves it out.', fix: { label: 'Fill from the value before', kind: 'interpolate', column: 'sales' } }])
    // gaps within series only: the plain count and the fill, as for one series
    const gaps = await importCsv(csv((s, i) => (i === 7 ? '' : String(i))), { fileName: 'long.csv', series: ['store'] })
    expect(datasetWarnings(gaps).find((w) => w.code === 'missing')?.message).toBe('"sales" has 3 missing values (2.5 %).')
  })

  it('counts the rows at the end with features but no target apart: rows ahead, not filled, and no fill offered for them (exploratory pass 22, finding 3)', async () => {
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
    const csv = (blank: (i: number) => boolean) => ['date,sales,price', ...Array.from({ length: 100 }, (_, i) => `${day(i)},${blank(i) ? '' : 100 + i},${10 + (i % 3)}`)].join('\n')
    const ahead = await importCsv(csv((i) => i >= 86), { fileName: 'multi.csv' })
    expect(datasetWarnings(ahead).filter((w) => w.code === 'missing')).toEqual([{ code: 'missing', column: 'sales', message: '14 rows at the end (from line 88) have no "sales": as the target, rows ahead, not filled: a run leaves them out of training and forecasts read the inputs known in the future from them; as an input, a run fills them with the last value before them (its rule: interpolate, which has no later value to draw a line to).' }])
    // inner gaps besides: only they are counted missing, and only they are offered a fill
    const both = await importCsv(csv((i) => i >= 86 || i === 20 || i === 21), { fileName: 'multi.csv' })
    expect(datasetWarnings(both).filter((w) => w.code === 'missing')).toEqual([{ code: 'missing', column: 'sales', message: '"sales" has 2 missing values (2.0 %) inside its rows. 14 rows at the end (from line 88) have no "sales": as the target, rows ahead, not filled: a run leaves them out of training and forecasts read the inputs known in the future from them; as an input, a run fills them with the last value before them (its rule: interpolate, which has no later value to draw a line to).', fix: { label: 'Fill from the value before', kind: 'interpolate', column: 'sales' } }])
  })

  it("a long file: each series' rows ahead, grouped where the series end alike, counted apart from the gaps", async () => {
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
    // a and b end with 2 rows of price but no sales, c with 1; b has a gap inside besides
    const ahead: Record<string, number> = { a: 2, b: 2, c: 1 }
    const rows = Object.keys(ahead).flatMap((s) => Array.from({ length: 20 }, (_, i) => `${s},${day(i)},${i >= 20 - ahead[s]! || (s === 'b' && i === 7) ? '' : 100 + i},${10 + (i % 3)}`))
    const ds = await importCsv(['store,date,sales,price', ...rows].join('\n'), { fileName: 'long.csv', series: ['store'] })
    expect(datasetWarnings(ds).filter((w) => w.code === 'missing')).toEqual([{
      code: 'missing', column: 'sales',
      message: '"sales" has 1 missing value (1.7 %) inside its rows. In 2 series: store = a and store = b, the last 2 rows have no "sales"; in series store = c, the last row (line 61) has no "sales": as the target, rows ahead, not filled: a run leaves them out of training and forecasts read the inputs known in the future from them; as an input, a run fills them with the last value before them (its rule: interpolate, which has no later value to draw a line to).',
      fix: { label: 'Fill from the value before', kind: 'interpolate', column: 'sales' }
    }])
  })

  it('says that a run merges the rows of a repeated time, numbers by their mean and categories by the last value (exploratory pass 22, findings 15i and 16b)', async () => {
    const ds = await importCsv('date,y,region\n2021-01-01,1,south\n2021-01-02,2,north\n2021-01-02,4,south\n2021-01-03,3,south\n', { fileName: 'dups.csv' })
    expect(datasetWarnings(ds).find((w) => w.code === 'duplicates')?.message).toBe('1 row shares a timestamp with the row before (the first at 2021-01-02). A run merges the rows of a time into one: each number by their mean, "region" by the last value.')
  })

  it('a repeated night hour in autumn is said with its hour and as the hour a daylight-saving change repeats', async () => {
    const { importCsv } = await import('../../../core/data/import')
    const hours = ['00', '01', '02', '02', '03', '04'].map((h, i) => `2023-10-29 ${h}:00,${10 + i * 0.5}`)
    const dup = datasetWarnings(await importCsv(`time,load\n${hours.join('\n')}\n`, { fileName: 'dst.csv' })).find((w) => w.code === 'duplicates')
    expect(dup?.message).toMatch(/^1 row shares a timestamp with the row before \(the first at 2023-10-29 02:00\)\. They fall in the night a daylight-saving change repeats an hour/)
    // the same repeat at noon is no clock change
    const noon = datasetWarnings(await importCsv(`time,load\n${hours.map((r) => r.replace(' 0', ' 1')).join('\n')}\n`, { fileName: 'noon.csv' })).find((w) => w.code === 'duplicates')
    expect(noon?.message).not.toMatch(/daylight/)
  })

  it('says a night hour missing in spring as the hour a daylight-saving change skips, as information in the run\'s words, not as an irregular step', async () => {
    const hours = (skip: string, zone = '') => Array.from({ length: 48 }, (_, i) => `2024-03-${30 + (i >= 24 ? 1 : 0)} ${String(i % 24).padStart(2, '0')}:00${zone}`).filter((t) => !t.startsWith(skip))
    const spring = datasetWarnings(await importCsv(`time,load\n${hours('2024-03-31 02:00').map((t, i) => `${t},${i}`).join('\n')}\n`, { fileName: 'dst.csv' }))
    expect(spring.filter((w) => w.column === 'time')).toEqual([{ code: 'clocks-forward', column: 'time', info: true, message: 'The hour from 2024-03-31 02:00 to 03:00 has no row: it is the hour local clock times skip where a daylight-saving change turns the clocks forward, so nothing is missing, and a window reads the rows either side as one step apart, the time that passed between them (were the times in UTC, not local, the hour would be missing).' }])
    // written in UTC, the same hour is a gap
    const utc = datasetWarnings(await importCsv(`time,load\n${hours('2024-03-31 02:00', 'Z').map((t, i) => `${t},${i}`).join('\n')}\n`, { fileName: 'utc.csv' }))
    expect(utc.map((w) => w.code)).toEqual(['utc', 'irregular'])
    // in a long file, within each series, said once across them
    const long = hours('2024-03-31 02:00').flatMap((t, i) => ['a', 'b'].map((s) => `${s},${t},${i}`))
    const w = datasetWarnings(await importCsv(`store,time,load\n${long.join('\n')}\n`, { fileName: 'long.csv', series: ['store'] }))
    expect(w.filter((x) => x.column === 'time').map((x) => [x.code, x.message])).toEqual([['clocks-forward', '2 night hours have no row across the 2 series, the first from 2024-03-31 02:00 to 03:00: each is the hour local clock times skip where a daylight-saving change turns the clocks forward, so nothing is missing, and a window reads the rows either side as one step apart, the time that passed between them (were the times in UTC, not local, the hour would be missing).']])
  })

  // left by stop 52: Berlin's daily midnights, their offsets learnt as the EU rule, warned of the 23 h and 25 h days
  it('daily rows at local midnight under a learnt clock rule: the switch days are days, no irregular step (one series or each of several)', async () => {
    const berlin = { rule: 'EU', std: 60 } as const
    const days = Array.from({ length: 400 }, (_, i) => instantOf(Date.UTC(2023, 0, 1 + i), berlin))
    const cell = (t: number) => timeCell(t, 'seconds', offsetAt(t, berlin))
    const one = await importCsv(`time,load\n${days.map((t, i) => `${cell(t)},${i}`).join('\n')}\n`, { fileName: 'berlin.csv' })
    expect(datasetWarnings(one).map((w) => w.code)).toEqual(['utc'])
    expect(datasetWarnings(one)[0]!.message).toMatch(/^The times of "time" carry UTC offsets that follow the EU clock changes: .* write them each with its own offset, as the file does\.$/)
    const long = await importCsv(`store,time,load\n${days.flatMap((t, i) => ['a', 'b'].map((s) => `${s},${cell(t)},${i}`)).join('\n')}\n`, { fileName: 'long.csv', series: ['store'] })
    expect(datasetWarnings(long).filter((w) => w.code === 'irregular')).toEqual([])
  })

  it('reads the time of a long file within each series: no gap where one series ends, no duplicate across series', async () => {
    const { importCsv } = await import('../../../core/data/import')
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
    const bySeries = ['store,date,sales', ...['a', 'b', 'c'].flatMap((s) => Array.from({ length: 40 }, (_, i) => `${s},${day(i)},${i}`))].join('\n')
    const ds = await importCsv(bySeries, { fileName: 'long.csv' })
    expect(ds.series?.columns).toEqual(['store'])
    expect(datasetWarnings(ds).filter((w) => w.code === 'irregular' || w.code === 'duplicates')).toEqual([])
    const byDate = ['store,date,sales', ...Array.from({ length: 40 }, (_, i) => ['a', 'b', 'c'].map((s) => `${s},${day(i)},${i}`)).flat()].join('\n')
    expect(datasetWarnings(await importCsv(byDate, { fileName: 'long2.csv' })).filter((w) => w.code === 'irregular' || w.code === 'duplicates')).toEqual([])
    // a gap and a repeated day inside series b are still named
    const holes = ['store,date,sales', ...['a', 'b', 'c'].flatMap((s) => Array.from({ length: 40 }, (_, i) => (s === 'b' && i === 20 ? null : `${s},${day(s === 'b' && i === 30 ? 29 : i)},${i}`)).filter((x) => x !== null))].join('\n')
    const w = datasetWarnings(await importCsv(holes, { fileName: 'long3.csv', series: ['store'] }))
    expect(w.find((x) => x.code === 'irregular')?.message).toBe("2 of 115 steps between rows of a series differ from that series' usual step; most series step by a day (daily).") // day 20 missing, day 29 twice
    expect(w.find((x) => x.code === 'duplicates')?.message).toBe('1 row shares a timestamp with the row before within its series (3 series of store). A run merges the rows of a time into one: each number by their mean.')
  })

  it('reads the times as a run does, sorted within each series, whatever the file order or the id column\'s kind', async () => {
    const { importCsv } = await import('../../../core/data/import')
    const DAY = 86_400_000
    const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * DAY).toISOString().slice(0, 10)
    // a fixed shuffle (a linear congruential sequence), so the test reads the same rows every time
    let seed = 7
    const shuffled = <T>(xs: T[]): T[] => {
      const a = [...xs]
      for (let i = a.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        const j = seed % (i + 1)
        ;[a[i], a[j]] = [a[j]!, a[i]!]
      }
      return a
    }
    const rows = (ids: string[]) => ids.flatMap((s, k) => Array.from({ length: 60 + 10 * k }, (_, i) => `${s},${day(i)},${i % 7}`)) // series of 60, 70, 80 days
    const warnings = async (lines: string[], name: string) => {
      const ds = await importCsv(['store,date,sales', ...lines].join('\n'), { fileName: name })
      return { ds, w: datasetWarnings(ds).filter((x) => x.column === 'date') }
    }
    // one series, shuffled: its true span, no gaps, and the sort said
    const one = await warnings(shuffled(rows(['x'])), 'one.csv')
    const t1 = (one.ds.columns.find((c) => c.name === 'date') as { values: Float64Array }).values
    expect(timeSpan(t1)).toEqual({ first: Date.UTC(2021, 0, 1), last: Date.UTC(2021, 0, 1) + 59 * DAY })
    expect(one.w.map((x) => x.code)).toEqual(['sorted'])
    expect(one.w[0]!.message).toMatch(/^The rows are not in time order \(the first out of order at line \d+\); a run sorts them by "date", and the warnings here read them so\.$/)
    // numeric ids (101, 102, 103) and categorical ones, shuffled, grouped by store, or by date
    const numeric = rows(['101', '102', '103'])
    const byDate = [...numeric].sort((a, b) => a.split(',')[1]!.localeCompare(b.split(',')[1]!))
    for (const [name, lines, sorted] of [['shuffled.csv', shuffled(numeric), true], ['bystore.csv', numeric, false], ['bydate.csv', byDate, false], ['cat.csv', shuffled(rows(['S1', 'S2', 'S3'])), true]] as const) {
      const { ds, w } = await warnings([...lines], name)
      expect(ds.series?.columns, name).toEqual(['store'])
      const t = (ds.columns.find((c) => c.name === 'date') as { values: Float64Array }).values
      expect(timeSpan(t), name).toEqual({ first: Date.UTC(2021, 0, 1), last: Date.UTC(2021, 0, 1) + 79 * DAY })
      expect(w.map((x) => x.code), name).toEqual(sorted ? ['sorted'] : [])
      if (sorted) expect(w[0]!.message, name).toMatch(/^The rows are not in time order within their series \(the first out of order at line \d+\)/)
    }
    // a gap in one series is still found among shuffled rows
    const holes = shuffled(numeric.filter((l) => l !== `102,${day(30)},2`))
    expect((await warnings(holes, 'holes.csv')).w.find((x) => x.code === 'irregular')?.message).toBe("1 of 206 steps between rows of a series differs from that series' usual step; most series step by a day (daily).")
  })

  it('does not call a business-day column irregular at its weekends, and says a missing weekday as a holiday', () => {
    const ds = smallDataset(30)
    const t = (ds.columns[0] as { values: Float64Array }).values
    const days: number[] = []
    for (let d = Date.UTC(2024, 0, 1); days.length < 30; d += 86_400_000) if (new Date(d).getUTCDay() % 6 !== 0) days.push(d)
    t.set(days)
    expect(datasetWarnings(ds).some((w) => w.code === 'irregular')).toBe(false)
    const more = [...days, days[29]! + 3 * 86_400_000] // ... Friday 9 Feb, Monday 12 Feb
    t.set(more.filter((_, i) => i !== 10)) // Monday 15 Jan missing (a holiday)
    expect(datasetWarnings(ds).some((x) => x.code === 'irregular')).toBe(false)
    expect(datasetWarnings(ds).find((x) => x.code === 'holidays')?.message).toMatch(/^1 weekday without a row \(holidays\?\), 2024-01-15: /)
  })

  it('keeps short series whole and reduces long ones to their min/max envelope in time order', () => {
    const v = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10))
    expect(chartPoints(v, null, 2000)).toHaveLength(1000)
    const pts = chartPoints(v, null, 100)
    expect(pts.length).toBeLessThanOrEqual(100)
    expect(Math.max(...pts.map((p) => p.y!))).toBe(Math.max(...v))
    expect(Math.min(...pts.map((p) => p.y!))).toBe(Math.min(...v))
    expect(pts.every((p, i) => i === 0 || p.x > pts[i - 1]!.x)).toBe(true)
  })

  it('charts the envelope rows with gaps for missing values, x from the time column', () => {
    const v = Float64Array.from({ length: 20 }, (_, i) => (i >= 8 && i < 12 ? NaN : i % 3))
    const t = Float64Array.from({ length: 20 }, (_, i) => 1000 + i)
    expect(envelopeIndices(v, 20)).toBeNull()
    const rows = envelopeIndices(v, 10)! // 5 buckets of 4 rows, each its min and max in row order; rows 8-11 are all missing
    expect(Array.from(rows)).toEqual([0, 2, 5, 6, 8, 12, 14, 17, 18])
    const pts = pointsAt(v, t, rows)
    expect(pts[4]).toEqual({ x: 1008, y: null })
    expect(pts[5]).toEqual({ x: 1012, y: 0 })
    expect(pointsAt(v, null, null)).toHaveLength(20)
  })

  it('seeds the per-column caches from a summary made elsewhere (the import worker)', () => {
    const ds = smallDataset(40)
    const s = summarise(smallDataset(40)) // same data, other column objects: as after postMessage
    s.columns[1]!.stats.max = 123 // a marker that only the seeded summary carries
    seedSummary(ds, s)
    expect(columnStats(ds.columns[1]!).max).toBe(123)
    expect(chartIndices(ds.columns[1] as { kind: 'numeric'; name: string; values: Float64Array })).toBeNull()
    expect(s.warnings.map((w) => w.code)).toEqual(datasetWarnings(ds).map((w) => w.code))
  })
})

describe('formatValue', () => {
  it('keeps every digit of a value read, rounds a computed one to enough digits, in the file\'s decimal comma', () => {
    const grouped = { comma: true as const, grouped: true }
    expect([12701.45, -1234567.5, 0.000123, 1e-7].map((v) => formatValue(v))).toEqual(['12701.45', '-1234567.5', '0.000123', '1e-7'])
    expect([12701.45, -1234567.5, 999, 1e-7].map((v) => formatValue(v, grouped))).toEqual(['12.701,45', '-1.234.567,5', '999', '1e-7'])
    expect(formatValue(12701.45, { comma: true, grouped: false })).toBe('12701,45')
    expect([12034.5666, 0.123456789, 123456789.123].map((v) => formatValue(v, null, 7))).toEqual(['12034.57', '0.1234568', '123456789.12'])
    expect([NaN, null, undefined].map((v) => formatValue(v, grouped))).toEqual(['—', '—', '—'])
  })
})

describe('decimalCommaNote', () => {
  it("says a file was read with a decimal comma, as core/data's import decided it, with an example from its values", async () => {
    const { importCsv } = await import('../../../core/data/import')
    const comma = await importCsv('date;count;price\n2020-01-01;3;12,5\n2020-01-02;4;13,25\n2020-01-03;5;14\n', { fileName: 'prices.csv' })
    expect(comma.format.decimal).toBe('comma')
    expect(decimalCommaNote(comma)).toBe('This file writes numbers with a decimal comma, and they were read so: “12,5” is 12.5. Check that the Min, Max and Mean below look right.')
    // the cell quoted as the file writes it: thousands grouped, or a value that reads either way
    const grouped = await importCsv('date;sales\n2015-01-01;5.128,8\n2015-01-02;5.664,9\n', { fileName: 'eu.csv' })
    expect(decimalCommaNote(grouped)).toBe('This file writes numbers with a decimal comma, and they were read so: “5.128,8” is 5128.8. Check that the Min, Max and Mean below look right.')
    const either = await importCsv('date;n;m\n2020-01-01;1,500;2,5\n2020-01-02;2,250;3\n', { fileName: 'either.csv' })
    expect(decimalCommaNote(either)).toMatch(/read so: “1,500” is 1\.5\. /)
    // a dataset stored before the import kept its example: no quote made up from a number
    expect(decimalCommaNote({ ...grouped, format: { ...grouped.format, decimalExample: undefined } })).toBe('This file writes numbers with a decimal comma, and they were read so (“12,5” is 12.5). Check that the Min, Max and Mean below look right.')
    expect(decimalCommaNote(await importCsv('date,price\n2020-01-01,12.5\n2020-01-02,13.25\n', { fileName: 'dot.csv' }))).toBeNull()
    expect(decimalCommaNote(await importCsv('date;n\n2020-01-01;3\n2020-01-02;4\n', { fileName: 'whole.csv' }))).toBeNull()
  })
})

describe('formatWhen', () => {
  it("a run's date in local time to the minute, one format app-wide", () => {
    expect(formatWhen(new Date(2026, 11, 5, 14, 3, 59).getTime())).toBe('2026-12-05 14:03')
    expect(formatWhen(new Date(2027, 0, 1, 0, 0).getTime())).toBe('2027-01-01 00:00')
    expect(formatWhen(NaN)).toBe('—')
  })
})

describe('columnDecimals and formatFixed: one number of decimals per column of one quantity', () => {
  const col = (vs: number[]) => { const d = columnDecimals(vs); return vs.map((v) => formatFixed(v, d)) }
  it('a forecast column that formatNumber showed as 417 / 416.4 / 415 lines up in one decimal', () => {
    expect(col([417, 416.4, 415])).toEqual(['417.0', '416.4', '415.0'])
  })
  it('no more decimals than the values need: whole numbers stay whole', () => {
    expect(col([101, 102, 103])).toEqual(['101', '102', '103'])
    expect(col([1.5, 2.25, 3])).toEqual(['1.50', '2.25', '3.00'])
  })
  it('min, max and mean of one data column: chosen from the largest', () => {
    expect(col([189.7, 1219, 704.35])).toEqual(['190', '1219', '704'])
    expect(col([0.0123, 0.5, -0.25])).toEqual(['0.0123', '0.5000', '-0.2500'])
  })
  it('no minus on a zero, a gap stays a dash, exponent form where formatNumber uses it', () => {
    expect(col([-0.00001, 2.5])).toEqual(['0.0', '2.5'])
    expect(formatFixed(null, 2)).toBe('—')
    expect(columnDecimals([123456, 2])).toBeNull()
    expect(formatFixed(123456, columnDecimals([123456, 2]))).toBe('1.23e+5')
    expect(columnDecimals([null, NaN])).toBeNull()
    expect(columnDecimals([0, 0])).toBe(0)
  })
})
