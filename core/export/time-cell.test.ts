// The time column of the forecast files as a spreadsheet reads a date: a date alone for daily and
// monthly runs (2015-05-26, never 2015-05-26T00:00:00.000Z, which Excel keeps as text), the time of
// day in UTC for hourly ones (2015-05-26 13:00:00), the same in every writer, a date-only number
// format in the XLSX where the CSV writes a date alone, and read back by the importer on the same
// instants (a forecast file fed back to the app's Apply model or fw predict).
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { Window } from 'happy-dom'
import { sampleForecastExport, sampleReport } from '../../test/fixtures/export/sample-run'
import { importCsv } from '../data/import'
import type { DateColumn } from '../data/types'
import { forecastCsv as rowsCsv, seriesForecastCsv } from '../services/forecast-csv'
import type { ForecastRow } from '../train/types'
import { csvLocaleFor, forecastCsv } from './forecast-csv'
import { forecastXlsx, SHEETS } from './forecast-xlsx'
import { renderReport } from './report'
import { forecastTimeMs, pastEndZoneNote, splitInstant, stepsOffsetAt, timeCell, timeCells, zoneMarkOf, zoneStepsOf, zoneWords, type PeriodMark, type TimeZoneMark } from '../data/time-cell'
import { offsetAt, type ClockRule } from '../data/clock-rule'
import type { ForecastExport } from './types'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const base = sampleForecastExport()

/** The sample run with its rows (and its data's dates) at `times`. */
function runAt(times: number[]): ForecastExport {
  const rows = times.map((time, i) => ({ ...base.rows[i % base.rows.length]!, time }))
  const [start, end] = [times[0]!, times[times.length - 1]!]
  return { ...base, rows, data: { ...base.data, start, end, splits: base.data.splits.map((p) => ({ ...p, start, end })) } }
}

const daily = Array.from({ length: 5 }, (_, i) => Date.UTC(2015, 4, 26) + i * DAY)
const monthly = Array.from({ length: 5 }, (_, i) => Date.UTC(2015, 10 + i, 1)) // across a year's end
const hourly = Array.from({ length: 30 }, (_, i) => Date.UTC(2015, 4, 26, 13) + i * HOUR) // across midnight

const csvTimes = (text: string, column = 'time', delimiter = ','): string[] => {
  const [header, ...rows] = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true }).data
  const k = header!.indexOf(column)
  return rows.map((r) => r[k]!)
}
const forecastRows = (times: number[]): ForecastRow[] => times.map((ts, i) => ({ ts, step: 1, value: i, lower: null, upper: null, actual: null }))

/** Each writer's time column: the export (en-US and de-DE), fw train/predict/forecast and the app's
 *  Apply model (core/services forecastCsv), and a global model's series file; `zone` the data's. */
function writersTimes(times: number[], zone: TimeZoneMark = null): Record<string, string[]> {
  const fx = { ...runAt(times), timeZone: zone }
  const half = Math.ceil(times.length / 2)
  return {
    export: csvTimes(forecastCsv(fx)),
    'export de-DE': csvTimes(forecastCsv(fx, csvLocaleFor('de-DE')), 'time', ';'),
    predictions: csvTimes(rowsCsv(forecastRows(times), true, null, zone)),
    // two series, each with its half of the rows, the file's blocks in order
    series: csvTimes(seriesForecastCsv(['store'], [{ key: ['a'], rows: forecastRows(times.slice(0, half)) }, { key: ['b'], rows: forecastRows(times.slice(half)) }], true, zone))
  }
}

async function forecastSheet(fx: ForecastExport): Promise<{ formats: string[]; dates: number[]; data: string[] }> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await forecastXlsx(fx)) as unknown as ArrayBuffer)
  const f = wb.getWorksheet(SHEETS.forecast)!
  const cells = fx.rows.map((_, i) => f.getRow(i + 2).getCell(1))
  const d = wb.getWorksheet(SHEETS.data)!
  // the data's start and end, and the first split's
  const data = [d.getRow(2).getCell(4), d.getRow(2).getCell(5), d.getRow(5).getCell(4), d.getRow(5).getCell(5)].map((c) => c.numFmt)
  return { formats: cells.map((c) => c.numFmt), dates: cells.map((c) => (c.value as Date).getTime()), data }
}

describe('forecast files: the time column', () => {
  it.each([
    ['daily', daily, ['2015-05-26', '2015-05-27', '2015-05-28', '2015-05-29', '2015-05-30']],
    ['monthly', monthly, ['2015-11-01', '2015-12-01', '2016-01-01', '2016-02-01', '2016-03-01']]
  ])('%s rows: a date alone in every CSV writer, yyyy-mm-dd in the XLSX', async (_, times, want) => {
    for (const [writer, got] of Object.entries(writersTimes(times))) expect(got, writer).toEqual(want)
    const sheet = await forecastSheet(runAt(times))
    expect(sheet.dates).toEqual(times)
    expect(new Set(sheet.formats)).toEqual(new Set(['yyyy-mm-dd']))
    expect(sheet.data).toEqual(Array(4).fill('yyyy-mm-dd'))
  })

  it('hourly rows: the UTC time of day in every CSV writer, midnight included, the date and time in the XLSX', async () => {
    const want = hourly.map((t) => new Date(t).toISOString().slice(0, 19).replace('T', ' '))
    expect(want.slice(10, 12)).toEqual(['2015-05-26 23:00:00', '2015-05-27 00:00:00'])
    for (const [writer, got] of Object.entries(writersTimes(hourly))) expect(got, writer).toEqual(want)
    const sheet = await forecastSheet(runAt(hourly))
    expect(sheet.dates).toEqual(hourly)
    expect(new Set(sheet.formats)).toEqual(new Set(['yyyy-mm-dd hh:mm:ss']))
    expect(sheet.data).toEqual(Array(4).fill('yyyy-mm-dd hh:mm:ss'))
  })

  it('one stamp off midnight gives the whole column its time of day; a fraction of a second its milliseconds', () => {
    expect(timeCells([daily[0]!, daily[1]! + 1000])).toEqual(['2015-05-26 00:00:00', '2015-05-27 00:00:01'])
    expect(timeCells([daily[0]!, daily[1]! + 250, null])).toEqual(['2015-05-26 00:00:00.000', '2015-05-27 00:00:00.250', null])
    // before 1970 and past year 9999 too
    expect(timeCells([Date.UTC(1871, 0, 1), Date.UTC(12000, 0, 1)])).toEqual(['1871-01-01', '+012000-01-01'])
  })

  it('reads every form back on the instants written, and the ISO stamps of files written before', () => {
    for (const times of [daily, monthly, hourly, [daily[0]!, daily[0]! + 250], [Date.UTC(1871, 0, 1)]]) expect(timeCells(times).map((c) => forecastTimeMs(c!))).toEqual(times)
    expect(forecastTimeMs('2015-05-26T13:00:00.000Z')).toBe(Date.UTC(2015, 4, 26, 13))
    expect(forecastTimeMs('26.05.2015')).toBeNaN()
  })

  it.each([['daily', daily], ['hourly', hourly], ['to the millisecond', hourly.map((t, i) => t + i)]])('%s: a forecast file fed back as data is read on the same instants (UTC)', async (_, times) => {
    const ds = await importCsv(rowsCsv(forecastRows(times), true), { fileName: 'forecast.csv' })
    expect(ds.timeColumn).toBe('time')
    expect(Array.from((ds.columns.find((c) => c.name === 'time') as DateColumn).values)).toEqual(times)
  })

  // exploratory pass 15, item 4: data written with a UTC offset came back in UTC with no zone
  it.each([
    ['one offset: kept', '+01:00', false, ['2015-05-26T00:00:00+01:00', '2015-05-27T00:00:00+01:00'], 'yyyy-mm-dd hh:mm:ss"+01:00"'],
    ['UTC marked Z (several offsets, below)', '+02:00', true, ['2015-05-25T22:00:00Z', '2015-05-26T22:00:00Z'], 'yyyy-mm-dd hh:mm:ss"Z"']
  ] as const)('times read with an offset, %s, in the CSV, the XLSX, and back on the same instants', async (_, offset, several, want, format) => {
    const ds = await importCsv(['time,y', `2015-05-26T00:00${offset},1`, `2015-05-27T00:00${offset},2`].join('\n'), { fileName: 'a.csv' })
    const col = ds.columns.find((c) => c.name === 'time') as DateColumn
    const zone = several ? 'Z' : zoneMarkOf(col)
    const times = Array.from(col.values)
    expect(csvTimes(rowsCsv(forecastRows(times), true, null, zone))).toEqual(want)
    const fx = { ...runAt(times), timeZone: zone }
    expect(csvTimes(forecastCsv(fx))).toEqual(want)
    const sheet = await forecastSheet(fx)
    expect(new Set(sheet.formats)).toEqual(new Set([format]))
    // the Data sheet's span and splits in the same zone
    expect(sheet.data).toEqual(Array(4).fill(format))
    // the cell holds the clock time the CSV writes
    expect(sheet.dates).toEqual(want.map((w) => Date.parse(w.slice(0, 19) + 'Z')))
    expect(want.map(forecastTimeMs)).toEqual(times)
    const back = await importCsv(rowsCsv(forecastRows(times), true, null, zone), { fileName: 'forecast.csv' })
    expect(Array.from((back.columns.find((c) => c.name === 'time') as DateColumn).values)).toEqual(times)
  })

  // left by stop 52: a file whose offsets follow the EU clock changes came back in UTC marked Z
  it('offsets that follow a learnt clock rule: each stamp with its own offset in the CSV and the XLSX, the rule\'s past the end, back on the same instants', async () => {
    const BERLIN: ClockRule = { rule: 'EU', std: 60 }
    // hourly Berlin rows over both 2023 switches: the import learns the EU rule
    const rows = Array.from({ length: 30 * 24 * 9 }, (_, i) => Date.UTC(2023, 2, 1) + i * HOUR)
    const written = (t: number) => timeCell(t, 'seconds', offsetAt(t, BERLIN))!
    const ds = await importCsv(['time,y', ...rows.map((t, i) => `${written(t)},${i % 24}`)].join('\n'), { fileName: 'berlin.csv' })
    const col = ds.columns.find((c) => c.name === 'time') as DateColumn
    expect(col.clock).toEqual(BERLIN)
    const zone = zoneMarkOf(col)
    // what fw inspect and fw train say of it
    expect(zoneWords(ds)).toBe('the times of "time" carry UTC offsets that follow the EU clock changes: a run reads them in UTC (steps, and the calendar\'s hour of day, are UTC\'s), and the forecast files write each with its own offset, as the file does (the first, 2023-03-01T01:00:00+01:00)')
    // the spring night as the file wrote it, then the autumn night's 02:00 twice, then a stamp past the end in winter
    const times = [Date.UTC(2023, 2, 26, 0), Date.UTC(2023, 2, 26, 1), Date.UTC(2023, 9, 29, 0), Date.UTC(2023, 9, 29, 1), Date.UTC(2023, 11, 24, 12)]
    const want = ['2023-03-26T01:00:00+01:00', '2023-03-26T03:00:00+02:00', '2023-10-29T02:00:00+02:00', '2023-10-29T02:00:00+01:00', '2023-12-24T13:00:00+01:00']
    expect(csvTimes(rowsCsv(forecastRows(times), true, null, zone))).toEqual(want)
    expect(csvTimes(seriesForecastCsv(['store'], [{ key: ['a'], rows: forecastRows(times) }], true, zone))).toEqual(want)
    const fx = { ...runAt(times), timeZone: zone }
    expect(csvTimes(forecastCsv(fx))).toEqual(want)
    // every imported row written back as the file had it
    expect(timeCells(Array.from(col.values), zone).slice(0, 3)).toEqual(rows.slice(0, 3).map(written))
    // the workbook: each cell the clock time, its own offset in its format
    const sheet = await forecastSheet(fx)
    expect(sheet.formats).toEqual(want.map((w) => `yyyy-mm-dd hh:mm:ss"${w.slice(19)}"`))
    expect(sheet.dates).toEqual(want.map((w) => Date.parse(w.slice(0, 19) + 'Z')))
    expect(sheet.data).toEqual(['yyyy-mm-dd hh:mm:ss"+01:00"', 'yyyy-mm-dd hh:mm:ss"+01:00"', 'yyyy-mm-dd hh:mm:ss"+01:00"', 'yyyy-mm-dd hh:mm:ss"+01:00"'])
    const back = await importCsv(forecastCsv(fx), { fileName: 'forecast.csv' })
    expect(Array.from((back.columns.find((c) => c.name === 'time') as DateColumn).values)).toEqual(times)
  })

  // left by stop 53: several offsets and no rule learnt (one switch seen, +05:30 and +05:45) came back in UTC marked Z
  it('offsets that follow no rule: each row with its own in the CSV and the XLSX, the last row\'s past the end, back on the same instants', async () => {
    // one switch only (the autumn's): no rule learnt
    const dst = await importCsv('time,y\n2021-10-31T01:00+02:00,1\n2021-10-31T02:00+01:00,2\n', { fileName: 'a.csv' })
    const one = dst.columns.find((c) => c.name === 'time') as DateColumn
    expect(one.offsetMin).toBeUndefined()
    expect(one.clock).toBeUndefined()
    expect(timeCells(Array.from(one.values), zoneMarkOf(one))).toEqual(['2021-10-31T01:00:00+02:00', '2021-10-31T02:00:00+01:00'])
    // rows at +05:45, one at +05:30 between, then +05:30
    const file = ['2021-06-01T05:45:00+05:45', '2021-06-01T06:30:00+05:30', '2021-06-01T07:45:00+05:45', '2021-06-01T08:30:00+05:30', '2021-06-01T09:30:00+05:30']
    const ds = await importCsv(['time,y', ...file.map((t, i) => `${t},${i}`)].join('\n'), { fileName: 'kathmandu.csv' })
    const col = ds.columns.find((c) => c.name === 'time') as DateColumn
    expect(col.offsets).toEqual({ at: [Date.UTC(2021, 5, 1, 0), Date.UTC(2021, 5, 1, 1), Date.UTC(2021, 5, 1, 2), Date.UTC(2021, 5, 1, 3)], min: [345, 330, 345, 330] })
    const zone = zoneMarkOf(col)
    expect(zoneWords(ds)).toBe('the times of "time" carry more than one UTC offset, which follow no clock rule: a run reads them in UTC (steps, and the calendar\'s hour of day, are UTC\'s), and the forecast files write each with its own offset, as the file does, and those past the end with the last row\'s (the first, 2021-06-01T05:45:00+05:45)')
    const times = [...Array.from(col.values), Date.UTC(2021, 5, 1, 5)] // and one past the end
    const want = [...file, '2021-06-01T10:30:00+05:30']
    expect(csvTimes(rowsCsv(forecastRows(times), true, null, zone))).toEqual(want)
    expect(csvTimes(seriesForecastCsv(['store'], [{ key: ['a'], rows: forecastRows(times) }], true, zone))).toEqual(want)
    const fx = { ...runAt(times), timeZone: zone }
    expect(csvTimes(forecastCsv(fx))).toEqual(want)
    expect(pastEndZoneNote(zone, times, times[4]!)).toBe("the times past the end are written with the last row's UTC offset, +05:30 (the file's rows carry several offsets that follow no clock rule)")
    expect(pastEndZoneNote(zone, times.slice(0, 5), times[4]!)).toBeNull()
    const sheet = await forecastSheet(fx)
    expect(sheet.formats).toEqual(want.map((w) => `yyyy-mm-dd hh:mm:ss"${w.slice(19)}"`))
    expect(sheet.dates).toEqual(want.map((w) => Date.parse(w.slice(0, 19) + 'Z')))
    const back = await importCsv(forecastCsv(fx), { fileName: 'forecast.csv' })
    expect(Array.from((back.columns.find((c) => c.name === 'time') as DateColumn).values)).toEqual(times)
  })

  // explore25 finding 6: one Berlin spring switch was said to "follow no clock rule", though it is the EU's
  it('offsets with switches seen one way only: the switch said, and why no rule is learnt from it', async () => {
    const rows = Array.from({ length: 27 * 24 + 6 }, (_, h) => Date.UTC(2021, 2, 1, h)) // 2021-03-01 00:00 UTC on, across 01:00 UTC on the 28th (and the US's 14th)
    const cell = (t: number) => timeCell(t, 'seconds', t >= Date.UTC(2021, 2, 28, 1) ? 120 : 60)!
    const ds = await importCsv(['time,y', ...rows.map((t, i) => `${cell(t)},${i}`)].join('\n'), { fileName: 'berlin.csv' })
    const col = ds.columns.find((c) => c.name === 'time') as DateColumn
    expect(col.clock).toBeUndefined()
    expect(col.offsets?.min).toEqual([60, 120])
    const seen = "with one switch seen (+01:00 to +02:00 at 2021-03-28T03:00:00+02:00, the EU's spring change), and a clock rule is learnt only from a switch each way"
    expect(zoneWords(ds)).toBe(`the times of "time" carry more than one UTC offset, ${seen}: a run reads them in UTC (steps, and the calendar's hour of day, are UTC's), and the forecast files write each with its own offset, as the file does, and those past the end with the last row's (the first, 2021-03-01T01:00:00+01:00)`)
    const end = rows[rows.length - 1]!
    expect(pastEndZoneNote(zoneMarkOf(col), [end + 36e5], end, col.values)).toBe(`the times past the end are written with the last row's UTC offset, +02:00 (the file's rows carry several offsets ${seen})`)
    // without the rows, the first row's instant bounds the change, which the US rule's (the 14th) fits too: no rule named
    expect(pastEndZoneNote(zoneMarkOf(col), [end + 36e5], end)).toContain('(the file\'s rows carry several offsets with one switch seen (+01:00 to +02:00 at 2021-03-28T03:00:00+02:00), and a clock rule')
    // the autumn's, at US offsets (New York, 2021-11-07 06:00 UTC)
    const ny = Array.from({ length: 6 }, (_, h) => Date.UTC(2021, 10, 7, 3 + h))
    const nyCell = (t: number) => timeCell(t, 'seconds', t >= Date.UTC(2021, 10, 7, 6) ? -300 : -240)!
    const us = await importCsv(['time,y', ...ny.map((t, i) => `${nyCell(t)},${i}`)].join('\n'), { fileName: 'ny.csv' })
    expect(zoneWords(us)).toContain("carry more than one UTC offset, with one switch seen (-04:00 to -05:00 at 2021-11-07T01:00:00-05:00, the US's autumn change), and a clock rule is learnt only from a switch each way: ")
    // an hour forward that is no rule's change: no rule named
    const odd = await importCsv('time,y\n2021-06-01T00:00:00+01:00,1\n2021-06-01T02:00:00+02:00,2\n', { fileName: 'odd.csv' })
    expect(zoneWords(odd)).toContain('carry more than one UTC offset, with one switch seen (+01:00 to +02:00 at 2021-06-01T02:00:00+02:00), and a clock rule is learnt only from a switch each way: ')
  })
  it('rows\' offsets by instant: in any order; two offsets at one instant keep none by instant, but each row\'s own', async () => {
    expect(zoneStepsOf([3, 1, 2, NaN, 4], [60, 30, 30, 45, 60])).toEqual({ at: [1, 3], min: [30, 60] })
    expect(zoneStepsOf([1, 2, 1], [30, 30, 30])).toEqual({ at: [1], min: [30] })
    expect(zoneStepsOf([1, 2, 1], [30, 30, 60])).toBeNull()
    const z = { at: [10, 20], min: [30, 60] }
    expect([0, 10, 15, 20, 99].map((t) => stepsOffsetAt(t, z))).toEqual([30, 30, 30, 60, 60])
    // a long file whose series share an instant with two offsets
    const ds = await importCsv('time,id,y\n2021-06-01T05:45:00+05:45,a,1\n2021-06-01T05:30:00+05:30,b,2\n', { fileName: 'two.csv' })
    // the whole file in UTC marked Z; each row's offset kept for its series' files (DateColumn.rowOffsets)
    expect(zoneMarkOf(ds.columns.find((c) => c.name === 'time'))).toBe('Z')
    expect(Array.from((ds.columns.find((c) => c.name === 'time') as DateColumn).rowOffsets ?? [])).toEqual([345, 330])
    // said as what it is, not as a daylight-saving change (which a clock rule or the rows' own offsets keep)
    expect(zoneWords(ds)).toBe('the times of "time" carry more than one UTC offset, and rows at one instant carry two (series in different zones: each row\'s is kept): a run reads them in UTC (steps, and the calendar\'s hour of day, are UTC\'s), and the forecast files write each series\' times with its own offsets, as the file does (the first, 2021-06-01T05:45:00+05:45); all its rows as one series, in UTC marked Z')
  })
})

describe('forecast files: ISO weeks (stop 53: written back as Monday dates)', () => {
  // 2026 has 53 weeks (1 January a Thursday); 2026-12-28 starts 2026-W53 and 2027-01-04 2027-W01
  const mondays = Array.from({ length: 4 }, (_, i) => Date.UTC(2026, 11, 21) + i * 7 * DAY)
  const weeks = ['2026-W52', '2026-W53', '2027-W01', '2027-W02']

  it('the column read from ISO weeks writes them back as weeks in every CSV writer, as text in the XLSX', async () => {
    const ds = await importCsv(`week,y\n${weeks.map((w, i) => `${w},${i}`).join('\n')}\n`, { fileName: 'weeks.csv' })
    const col = ds.columns.find((c) => c.name === 'week') as DateColumn
    expect(Array.from(col.values)).toEqual(mondays)
    expect(zoneMarkOf(col)).toBe('iso-week')
    for (const [writer, got] of Object.entries(writersTimes(mondays, 'iso-week'))) expect(got, writer).toEqual(weeks)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx({ ...runAt(mondays), timeZone: 'iso-week' })) as unknown as ArrayBuffer)
    expect(mondays.map((_, i) => wb.getWorksheet(SHEETS.forecast)!.getRow(i + 2).getCell(1).value)).toEqual(weeks)
    expect(wb.getWorksheet(SHEETS.data)!.getRow(2).getCell(4).value).toBe('2026-W52')
    // read back by the importer and by forecastTimeMs on the same Mondays
    expect(weeks.map(forecastTimeMs)).toEqual(mondays)
    const back = await importCsv(forecastCsv({ ...runAt(mondays), timeZone: 'iso-week' }), { fileName: 'forecast.csv' })
    expect(Array.from((back.columns.find((c) => c.name === 'time') as DateColumn).values)).toEqual(mondays)
  })

  it('an ISO year\'s week 1 that starts in December, and week 53, as the import reads them', () => {
    const years = [2019, 2020, 2021, 2024, 2025, 2032, 1999, 1]
    for (const y of years) {
      for (const w of ['01', '02', '52']) {
        const text = `${String(y).padStart(4, '0')}-W${w}`
        expect(timeCells([forecastTimeMs(text)], 'iso-week')).toEqual([text])
      }
    }
    expect(timeCells([Date.UTC(2024, 11, 30)], 'iso-week')).toEqual(['2025-W01'])
    expect(timeCells([Date.UTC(2020, 11, 28)], 'iso-week')).toEqual(['2020-W53'])
    expect(forecastTimeMs('2021-W53')).toBeNaN() // 2021 has 52 weeks
  })

  it('a file with a stamp that starts no week (the weeks resampled to months) writes dates, and other columns no weeks', () => {
    expect(timeCells([Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1)], 'iso-week')).toEqual(['2026-01-01', '2026-02-01'])
    expect(timeCells([mondays[0]!, mondays[0]! + HOUR], 'iso-week')).toEqual(['2026-12-21 00:00:00', '2026-12-21 01:00:00'])
    expect(timeCells(mondays)).toEqual(['2026-12-21', '2026-12-28', '2027-01-04', '2027-01-11'])
  })
})

describe('forecast files: months, quarters and years (explore23: written back as first-of-period dates)', () => {
  const cases: [PeriodMark, string, string[], number[], string][] = [
    ['month', 'date', ['2018M11', '2018M12', '2019M01', '2019M02'], [Date.UTC(2018, 10, 1), Date.UTC(2018, 11, 1), Date.UTC(2019, 0, 1), Date.UTC(2019, 1, 1)], 'yyyy-mm'],
    ['quarter', 'date', ['2022 Q3', '2022 Q4', '2023 Q1', '2023 Q2'], [Date.UTC(2022, 6, 1), Date.UTC(2022, 9, 1), Date.UTC(2023, 0, 1), Date.UTC(2023, 3, 1)], '@'],
    ['year', 'year', ['2022', '2023', '2024', '2025'], [Date.UTC(2022, 0, 1), Date.UTC(2023, 0, 1), Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)], 'yyyy']
  ]
  const written: Record<PeriodMark, string[]> = { 'iso-week': [], month: ['2018-11', '2018-12', '2019-01', '2019-02'], quarter: ['2022 Q3', '2022 Q4', '2023 Q1', '2023 Q2'], year: ['2022', '2023', '2024', '2025'] }
  for (const [mark, header, cells, starts, format] of cases)
    it(`a column of ${mark}s writes them back as ${written[mark][0]} in every writer and the XLSX, and they read back`, async () => {
      const ds = await importCsv(`${header},y\n${cells.map((w, i) => `${w},${i}`).join('\n')}\n`, { fileName: 'p.csv' })
      const col = ds.columns.find((c) => c.name === header) as DateColumn
      expect(Array.from(col.values)).toEqual(starts)
      expect(zoneMarkOf(col)).toBe(mark)
      for (const [writer, got] of Object.entries(writersTimes(starts, mark))) expect(got, writer).toEqual(written[mark])
      // months and years Excel dates shown as their periods, quarters the CSV's text
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await forecastXlsx({ ...runAt(starts), timeZone: mark })) as unknown as ArrayBuffer)
      const cell = wb.getWorksheet(SHEETS.forecast)!.getRow(2).getCell(1)
      expect([cell.numFmt ?? '@', cell.value instanceof Date ? cell.value.getTime() : cell.value]).toEqual([format, mark === 'quarter' ? written[mark][0] : starts[0]])
      expect(written[mark].map(forecastTimeMs)).toEqual(starts)
      const back = await importCsv(forecastCsv({ ...runAt(starts), timeZone: mark }), { fileName: 'forecast.csv' })
      expect(Array.from((back.columns.find((c) => c.name === 'time') as DateColumn).values)).toEqual(starts)
    })

  it('a stamp that starts no such period writes dates; a split date may be written as a period', () => {
    expect(timeCells([Date.UTC(2022, 0, 1), Date.UTC(2022, 1, 1)], 'quarter')).toEqual(['2022-01-01', '2022-02-01'])
    expect(timeCells([Date.UTC(2022, 0, 1), Date.UTC(2022, 0, 2)], 'month')).toEqual(['2022-01-01', '2022-01-02'])
    expect(['2021 Q1', '2021Q2', 'Q3 2021', '2021-07', '2021M08', '2021-W01', '2021'].map((t) => splitInstant(t, 'quarter'))).toEqual([Date.UTC(2021, 0, 1), Date.UTC(2021, 3, 1), Date.UTC(2021, 6, 1), Date.UTC(2021, 6, 1), Date.UTC(2021, 7, 1), Date.UTC(2021, 0, 4), Date.UTC(2021, 0, 1)])
    expect(splitInstant('21Q1')).toBeNaN() // a two-digit year is not guessed
  })
})

describe('the report: ISO weeks as the forecast files write them', () => {
  it('writes the data\'s span and the splits\' dates as weeks (2026-W52), not as Monday dates', () => {
    const mondays = Array.from({ length: 4 }, (_, i) => Date.UTC(2026, 11, 21) + i * 7 * DAY)
    const r = sampleReport()
    const data = { ...r.data, timeColumn: 'week', start: mondays[0]!, end: mondays[3]!, splits: r.data.splits.map((s, i) => ({ ...s, start: mondays[i]!, end: mondays[i + 1]! })) }
    const doc = new Window().document
    doc.write(renderReport({ ...r, data, timeZone: 'iso-week' }))
    expect(doc.querySelector('#data .lead')!.textContent).toContain('from 2026-W52 to 2027-W02')
    const cells = [...doc.querySelectorAll('#split tbody tr')].map((tr) => [tr.children[3]!.textContent, tr.children[4]!.textContent])
    expect(cells).toEqual([['2026-W52', '2026-W53'], ['2026-W53', '2027-W01'], ['2027-W01', '2027-W02']])
  })
})

describe('forecast files: an integer step index (t = 1..N) writes its integers, never a date', () => {
  const steps = [198, 199, 200, 201]
  it('in every CSV writer, as a number cell in the XLSX, and on the report, whose axis reads numbers', async () => {
    const ds = await importCsv(`t,y\n${steps.map((t, i) => `${t},${i}.5`).join('\n')}\n`, { fileName: 'steps.csv', timeColumn: 't' })
    const col = ds.columns.find((c) => c.name === 't') as DateColumn
    expect(zoneMarkOf(col)).toBe('step')
    for (const [writer, got] of Object.entries(writersTimes(steps, 'step'))) expect(got, writer).toEqual(steps.map(String))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx({ ...runAt(steps), timeZone: 'step' })) as unknown as ArrayBuffer)
    expect(steps.map((_, i) => wb.getWorksheet(SHEETS.forecast)!.getRow(i + 2).getCell(1).value)).toEqual(steps)
    const r = sampleReport()
    const doc = new Window().document
    const forecast = r.forecast.map((f, i) => ({ ...f, time: f.time === null ? null : 150 + i }))
    doc.write(renderReport({ ...r, forecast, data: { ...r.data, timeColumn: 't', start: 1, end: 200 }, timeZone: 'step' }))
    expect(doc.querySelector('#data .lead')!.textContent).toContain('from 1 to 200')
    expect(doc.body.innerHTML).not.toContain('1970')
  })
})
