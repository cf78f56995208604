import { describe, expect, it } from 'vitest'
import { PipelineError } from './errors'
import { importCsv } from './import'
import { prepareSeries, type TimeConfig } from './series'
import type { Dataset, DateColumn, NumericColumn } from './types'
import { instantOf, offsetAt, type ClockRule } from './clock-rule'
import { timeCell } from './time-cell'

const DAY = 86_400_000

const cfg = (p: Partial<TimeConfig> = {}): TimeConfig => ({ column: 'd', duplicates: 'keep', resample: null, ...p })
const load = (text: string) => importCsv(text, { fileName: 's.csv' })
const num = (ds: Dataset, name: string) => Array.from((ds.columns.find((c) => c.name === name) as NumericColumn).values)
const iso = (ds: Dataset) => num(ds, 'd').map((t) => new Date(t).toISOString().slice(0, 10))

describe('prepareSeries', () => {
  it('sorts unsorted rows with a notice naming the first out-of-order line', async () => {
    const ds = await load('d,v\n2020-01-02,2\n2020-01-01,1\n2020-01-03,3\n')
    const { dataset, report } = prepareSeries(ds, cfg())
    expect(report.sorted).toBe(true)
    expect(num(dataset, 'v')).toEqual([1, 2, 3])
    expect(Array.from(dataset.lines)).toEqual([3, 2, 4])
    const n = dataset.notices.find((n) => n.code === 'sorted')
    expect(n?.message).toContain('line 3')
  })

  it('leaves sorted rows alone and reports no notice', async () => {
    const { dataset, report } = prepareSeries(await load('d,v\n2020-01-01,1\n2020-01-02,2\n'), cfg())
    expect(report.sorted).toBe(false)
    expect(dataset.notices.some((n) => n.code === 'sorted')).toBe(false)
  })

  const dup = 'd,v,w\n2020-01-01,1,a\n2020-01-02,2,a\n2020-01-02,4,b\n2020-01-02,,c\n2020-01-03,5,a\n'
  it('reports duplicate timestamps and keeps them by default', async () => {
    const { dataset, report } = prepareSeries(await load(dup), cfg())
    expect(report.duplicateRows).toBe(2)
    expect(dataset.rowCount).toBe(5)
    expect(dataset.notices.find((n) => n.code === 'duplicates')?.message).toContain('line 4')
  })

  it('says that a merge by mean or sum takes the last value of a category (exploratory pass 22, finding 16)', async () => {
    const mean = prepareSeries(await load(dup), cfg({ duplicates: 'mean' }))
    expect(mean.dataset.notices.find((n) => n.code === 'duplicates')?.message).toBe('2 rows merged: they repeat an earlier timestamp (first at line 4, 2020-01-02); 5 rows aggregated by mean into 3 ("w" takes the last value of each time); "w" would split them into 3 series: if that names series, pick one (--series w --series-value VALUE)')
    const w = mean.dataset.columns.find((c) => c.name === 'w')!
    expect(w.kind === 'categorical' && w.levels[w.codes[1]!]).toBe('c')
    // 'first' and 'last' say which value already
    const first = prepareSeries(await load(dup), cfg({ duplicates: 'first' })).dataset.notices.find((n) => n.code === 'duplicates')?.message
    expect(first).toMatch(/aggregated by first into 3; /)
    expect(first).not.toMatch(/last value/)
  })

  it('says where repeated night hours in autumn look like a daylight-saving change, and not elsewhere', async () => {
    // hourly local times through the night of 27 October 2024, when 02:00-02:59 came twice in Europe
    const hours = ['00', '01', '02', '02', '03', '04'].map((h, i) => `2024-10-27 ${h}:00,${i}`)
    const dst = prepareSeries(await load(`d,v\n${hours.join('\n')}\n`), cfg({ duplicates: 'mean' }))
    expect(dst.dataset.notices.find((n) => n.code === 'duplicates')?.message).toMatch(/merged.*daylight-saving change repeats: if that is the cause, write the times with their UTC offset/)
    // the measured values (every one distinct) are no series id to propose
    expect(dst.dataset.notices.find((n) => n.code === 'duplicates')?.message).not.toMatch(/would split/)
    // the same repeat at noon, or in daily data, is no clock change
    const noon = prepareSeries(await load(`d,v\n${hours.map((r) => r.replace(' 0', ' 1')).join('\n')}\n`), cfg({ duplicates: 'mean' }))
    expect(noon.dataset.notices.find((n) => n.code === 'duplicates')?.message).not.toMatch(/daylight/)
    expect(prepareSeries(await load(dup), cfg()).dataset.notices.find((n) => n.code === 'duplicates')?.message).not.toMatch(/daylight/)
  })

  it('prints a repeated time as the file writes it: no Z or milliseconds for local clock times, with its offset where the file gave one', async () => {
    const hours = ['00', '01', '02', '02', '03', '04'].map((h, i) => `2024-10-27 ${h}:00,${i}`)
    const local = prepareSeries(await load(`d,v\n${hours.join('\n')}\n`), cfg({ duplicates: 'mean' }))
    expect(local.dataset.notices.find((n) => n.code === 'duplicates')?.message).toMatch(/^1 row merged: they repeat an earlier timestamp \(first at line 5, 2024-10-27 02:00\); 6 rows aggregated by mean into 5;/)
    const zoned = prepareSeries(await load(`d,v\n${hours.map((r) => r.replace(':00,', ':00Z,')).join('\n')}\n`), cfg({ duplicates: 'mean' }))
    // before: '2024-10-27 02:00 UTC', and a +01:00 file's 02:00 as '2024-10-27 01:00 UTC'
    expect(zoned.dataset.notices.find((n) => n.code === 'duplicates')?.message).toMatch(/\(first at line 5, 2024-10-27T02:00:00Z\)/)
    const berlin = prepareSeries(await load(`d,v\n${hours.map((r) => r.replace(' ', 'T').replace(':00,', ':00+01:00,')).join('\n')}\n`), cfg({ duplicates: 'mean' }))
    expect(berlin.dataset.notices.find((n) => n.code === 'duplicates')?.message).toMatch(/\(first at line 5, 2024-10-27T02:00:00\+01:00\)/)
  })

  it('says a night hour missing in spring as the hour a daylight-saving change skips, not as an irregular step; elsewhere, or in times with an offset, it is a gap', async () => {
    // hourly local times over 30 and 31 March 2024; 02:00 on the 31st does not exist in Europe
    const rows = (skip: string, zone = '') => {
      const out: string[] = []
      for (const d of ['2024-03-30', '2024-03-31']) for (let h = 0; h < 24; h++) {
        const t = `${d} ${String(h).padStart(2, '0')}:00`
        if (t !== skip) out.push(`${t}${zone},${out.length}`)
      }
      return `d,v\n${out.join('\n')}\n`
    }
    const spring = prepareSeries(await load(rows('2024-03-31 02:00')), cfg())
    expect(spring.report.irregularSteps).toBe(0)
    expect(spring.report.clocksForward).toEqual({ hours: 1, first: Date.UTC(2024, 2, 31, 2) })
    expect(spring.dataset.notices.map((n) => n.code)).not.toContain('irregular')
    expect(spring.dataset.notices.find((n) => n.code === 'clocks-forward')?.message).toBe('the hour from 2024-03-31 02:00 to 03:00 has no row: it is the hour local clock times skip where a daylight-saving change turns the clocks forward, so nothing is missing, and a window reads the rows either side as one step apart, the time that passed between them (were the times in UTC, not local, the hour would be missing)')
    // the same hour missing at noon, or with UTC times (Z), is a gap, said as before
    for (const other of [prepareSeries(await load(rows('2024-03-31 12:00')), cfg()), prepareSeries(await load(rows('2024-03-31 02:00', 'Z')), cfg())]) {
      expect(other.report.irregularSteps).toBe(1)
      expect(other.dataset.notices.map((n) => n.code)).toEqual(expect.arrayContaining(['irregular']))
      expect(other.dataset.notices.map((n) => n.code)).not.toContain('clocks-forward')
    }
    // two hours missing that night are no clock change
    const two = prepareSeries(await load(rows('2024-03-31 02:00').replace(/2024-03-31 03:00,\d+\n/, '')), cfg())
    expect(two.report.irregularSteps).toBe(1)
    expect(two.report.clocksForward).toBeUndefined()
  })

  it.each([
    ['mean', [1, 3, 5], 'c'], // (2 + 4) / 2; the missing value is skipped
    ['sum', [1, 6, 5], 'c'],
    ['last', [1, 4, 5], 'c'], // last non-missing numeric value
    ['first', [1, 2, 5], 'a']
  ] as const)('aggregates duplicates by %s', async (agg, v, w) => {
    const { dataset } = prepareSeries(await load(dup), cfg({ duplicates: agg }))
    expect(num(dataset, 'v')).toEqual(v)
    const wc = dataset.columns.find((c) => c.name === 'w')
    expect(wc?.kind === 'categorical' && wc.levels[wc.codes[1]]).toBe(w)
  })

  it("refuses duplicates with policy 'error'", async () => {
    const ds = await load(dup)
    expect(() => prepareSeries(ds, cfg({ duplicates: 'error' }))).toThrow(PipelineError)
  })

  it('reports irregular spacing with the median step and largest gap', async () => {
    const { report, dataset } = prepareSeries(await load('d,v\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n2020-01-06,4\n2020-01-07,5\n'), cfg())
    expect(report.medianStepMs).toBe(864e5)
    expect(report.irregularSteps).toBe(1)
    expect(report.largestGapMs).toBe(3 * 864e5)
    expect(dataset.notices.find((n) => n.code === 'irregular')?.message).toBe('1 of 4 time steps differ from the usual step of a day (daily); largest gap 3 d; a window reads the rows on either side of a gap as one step apart (resampling, data.resample, fills gaps with missing values instead)')
  })

  it('reads a weekday-only column as business days: Friday to Monday is one step, a missing weekday is not', async () => {
    // Wed 3 Jan 2024 .. Mon 22 Jan: three weekends crossed, no Saturday or Sunday row
    const days = ['03', '04', '05', '08', '09', '10', '11', '12', '15', '16', '17', '18', '19', '22'].map((d, i) => `2024-01-${d},${i}`)
    const { report, dataset } = prepareSeries(await load(`d,v\n${days.join('\n')}\n`), cfg())
    expect(report.weekdays).toBe(true)
    expect(report.irregularSteps).toBe(0)
    expect(dataset.notices.find((n) => n.code === 'weekdays')?.message).toMatch(/rows on weekdays only, none at a weekend \(business days\)/)
    expect(dataset.notices.some((n) => n.code === 'irregular')).toBe(false)
    // a holiday: Monday 15 Jan missing is said as a weekday without a row, not an irregular step
    const holiday = prepareSeries(await load(`d,v\n${days.filter((d) => !d.startsWith('2024-01-15')).join('\n')}\n`), cfg())
    expect(holiday.report.weekdays).toBe(true)
    expect(holiday.report.irregularSteps).toBe(0)
    expect(holiday.report.closedWeekdays).toEqual({ days: 1, first: Date.UTC(2024, 0, 15) })
    expect(holiday.dataset.notices.some((n) => n.code === 'irregular')).toBe(false)
    // a Saturday row: plain days, each weekend an irregular step
    const sat = prepareSeries(await load(`d,v\n${days.join('\n')}\n2024-01-20,10\n`), cfg())
    expect(sat.report.weekdays).toBeUndefined()
    expect(sat.report.irregularSteps).toBe(3) // Friday 5 to Monday 8, 12 to 15, Saturday 20 to Monday 22
  })

  it('says the weekdays a business-day series skips as likely holidays, in both wordings, and still warns of a real gap', async () => {
    const DAY = 864e5
    // weekdays of 2022-2023, less eleven one-day holidays (the Christmas pair a two-day run) and, in
    // the second case, all of March 2023
    const skip = ['2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26', '2022-12-27', '2023-01-02', '2023-01-16']
    const weekdays: string[] = []
    for (let t = Date.UTC(2022, 0, 3); t <= Date.UTC(2023, 11, 29); t += DAY) {
      const d = new Date(t)
      const iso = d.toISOString().slice(0, 10)
      if (d.getUTCDay() % 6 !== 0 && !skip.includes(iso)) weekdays.push(iso)
    }
    const file = (rows: string[]) => load(`d,v\n${rows.map((d, i) => `${d},${i}`).join('\n')}\n`)
    const { report, dataset } = prepareSeries(await file(weekdays), cfg())
    expect(report.irregularSteps).toBe(0)
    expect(dataset.notices.some((n) => n.code === 'irregular' || n.code === 'mostly-irregular')).toBe(false)
    const note = dataset.notices.find((n) => n.code === 'closed-weekdays')
    expect(note?.message).toBe('11 weekdays without a row (holidays?), the first 2022-01-17: a window reads the rows either side as one step apart, as for a market closed that day; forecasts past the end skip weekends but not holidays unless given the holiday dates (fw train --holidays FILE)')
    expect(note?.app).toMatch(/unless given the holiday dates \(Holiday dates… in Setup, under inputs known in the future\)$/)
    expect(note?.message).not.toMatch(/resampl/)
    // a missing month is a gap, not a holiday: it still warns, and the holidays are still information
    const gap = prepareSeries(await file(weekdays.filter((d) => !d.startsWith('2023-03'))), cfg())
    expect(gap.report.irregularSteps).toBe(1)
    expect(gap.dataset.notices.find((n) => n.code === 'irregular')?.message).toMatch(/^1 of \d+ time steps differ from the usual step of a weekday; largest gap 34 d;/)
    expect(gap.report.closedWeekdays?.days).toBe(11)
    // one weekday in five missing is no holiday calendar: every such step is irregular
    const sparse = prepareSeries(await file(weekdays.filter((d) => new Date(d).getUTCDay() !== 3)), cfg())
    expect(sparse.report.closedWeekdays).toBeUndefined()
    expect(sparse.report.irregularSteps).toBeGreaterThan(90)
  })

  it('treats calendar months as regular', async () => {
    const { report } = prepareSeries(await load('d,v\n2020-01-01,1\n2020-02-01,2\n2020-03-01,3\n2020-04-01,4\n'), cfg())
    expect(report.irregularSteps).toBe(0)
  })

  it('treats month ends as regular months, and a month missing among them as a gap', async () => {
    const ends = ['2010-01-31', '2010-02-28', '2010-03-31', '2010-04-30', '2010-05-31', '2010-06-30', '2012-02-29', '2012-03-31']
    const { report, dataset } = prepareSeries(await load(`d,v\n${ends.slice(0, 6).map((d, i) => `${d},${i}`).join('\n')}\n`), cfg())
    expect(report.irregularSteps).toBe(0)
    expect(dataset.notices.some((n) => n.code === 'irregular')).toBe(false)
    const gap = prepareSeries(await load(`d,v\n${ends.filter((d) => d !== '2010-03-31').map((d, i) => `${d},${i}`).join('\n')}\n`), cfg())
    expect(gap.report.irregularSteps).toBe(2) // February to April 2010, June 2010 to February 2012
  })

  // quarters are 90 to 92 days and years 365 or 366: steps of whole calendar months, not gaps
  it('treats calendar quarters, half-years and years as regular, and a skipped one as a gap', async () => {
    const rows = (ds: string[]) => 'd,v\n' + ds.map((x, i) => `${x},${i}`).join('\n') + '\n'
    const quarters = Array.from({ length: 12 }, (_, i) => `${2019 + Math.floor(i / 4)}-${String(1 + 3 * (i % 4)).padStart(2, '0')}-01`)
    expect(prepareSeries(await load(rows(quarters)), cfg()).report.irregularSteps).toBe(0)
    const q = prepareSeries(await load(rows(quarters.filter((_, i) => i !== 5))), cfg())
    expect(q.report.irregularSteps).toBe(1)
    expect(q.dataset.notices.find((n) => n.code === 'irregular')?.message).toMatch(/^1 of 10 time steps differ/)
    const halves = Array.from({ length: 8 }, (_, i) => `${2019 + Math.floor(i / 2)}-${i % 2 ? '07' : '01'}-01`)
    expect(prepareSeries(await load(rows(halves)), cfg()).report.irregularSteps).toBe(0)
    const years = Array.from({ length: 10 }, (_, i) => `${2015 + i}-01-01`) // 2016 and 2020 are leap years
    expect(prepareSeries(await load(rows(years)), cfg()).report.irregularSteps).toBe(0)
    expect(prepareSeries(await load(rows(years.filter((_, i) => i !== 3))), cfg()).report.irregularSteps).toBe(1)
    // days that drift from the first one's day of the month are no calendar step
    expect(prepareSeries(await load(rows(['2020-01-01', '2020-04-01', '2020-07-01', '2020-10-02'])), cfg()).report.irregularSteps).toBe(1)
  })

  it('resamples hourly data to days (mean) and fills an empty day with a missing row', async () => {
    const text = 'd,v\n2020-01-01 00:00,1\n2020-01-01 12:00,3\n2020-01-03 06:00,10\n'
    const { dataset, report } = prepareSeries(await load(text), cfg({ resample: { freq: { unit: 'day', every: 1 }, agg: 'mean' } }))
    expect(iso(dataset)).toEqual(['2020-01-01', '2020-01-02', '2020-01-03'])
    expect(num(dataset, 'v')).toEqual([2, NaN, 10])
    expect(report.insertedRows).toBe(1)
    expect(Array.from(dataset.lines)).toEqual([2, 0, 4])
  })

  it('resamples daily data to months by sum', async () => {
    const text = 'd,v\n2020-01-05,1\n2020-01-20,2\n2020-02-10,4\n2020-03-31,8\n'
    const { dataset } = prepareSeries(await load(text), cfg({ resample: { freq: { unit: 'month', every: 1 }, agg: 'sum' } }))
    expect(iso(dataset)).toEqual(['2020-01-01', '2020-02-01', '2020-03-01'])
    expect(num(dataset, 'v')).toEqual([3, 4, 8])
  })

  it('drops rows without a time, with a notice', async () => {
    const { dataset, report } = prepareSeries(await load('d,v\n2020-01-01,1\nNA,2\n2020-01-02,3\n'), cfg())
    expect(report.droppedNoTime).toBe(1)
    expect(num(dataset, 'v')).toEqual([1, 3])
    expect(dataset.notices.find((n) => n.code === 'no-time')?.message).toBe('1 row without a time was dropped (line 3)')
    const two = prepareSeries(await load('d,v\n2020-01-01,1\n2020-01-02,3\n,2\n2020-01-03,3\nNA,5\n'), cfg())
    expect(two.dataset.notices.find((n) => n.code === 'no-time')?.message).toBe('2 rows without a time were dropped (the first at line 4)')
  })
})

// left by stop 52: daily rows at Berlin's midnight, their offsets learnt as the EU rule, noted the
// 23 h and 25 h days across each switch as irregular steps
describe('steps under a learnt clock rule', () => {
  const BERLIN: ClockRule = { rule: 'EU', std: 60 }
  /** Berlin's local midnights, from 2023-01-01, each written with its own offset. */
  const berlinDays = (n: number, every = 1) => Array.from({ length: n }, (_, i) => {
    const midnight = Date.UTC(2023, 0, 1 + i * every)
    return `${timeCell(instantOf(midnight, BERLIN), 'seconds', offsetAt(instantOf(midnight, BERLIN), BERLIN))},${i}`
  })

  it('daily (and weekly) rows at local midnight across both switches: regular days, no note; a day left out still counts', async () => {
    const daily = await load(`d,v\n${berlinDays(400).join('\n')}\n`)
    expect((daily.columns[0] as DateColumn).clock).toEqual(BERLIN)
    const { dataset, report } = prepareSeries(daily, cfg())
    expect(report.irregularSteps).toBe(0)
    expect(report.medianStepMs).toBe(DAY)
    expect(dataset.notices.map((n) => n.code)).not.toContain('irregular')
    const weekly = prepareSeries(await load(`d,v\n${berlinDays(60, 7).join('\n')}\n`), cfg())
    expect(weekly.report.irregularSteps).toBe(0)
    // the same days with one row left out: one irregular step, said as before
    const gap = prepareSeries(await load(`d,v\n${berlinDays(400).filter((_, i) => i !== 200).join('\n')}\n`), cfg())
    expect(gap.report.irregularSteps).toBe(1)
    expect(gap.dataset.notices.map((n) => n.code)).toContain('irregular')
  })

  it('daily rows at a steady UTC time under the rule (01:00+01:00, then 02:00+02:00) step in instants: no irregular step at the switches', async () => {
    // (judged on the clock, the two switch days read as 25 h and 23 h: "2 of 399 time steps differ")
    const days = Array.from({ length: 400 }, (_, i) => Date.UTC(2023, 0, 1 + i))
    const ds = await load(`d,v\n${days.map((t, i) => `${timeCell(t, 'seconds', offsetAt(t, BERLIN))},${i}`).join('\n')}\n`)
    expect((ds.columns[0] as DateColumn).clock).toEqual(BERLIN)
    const { dataset, report } = prepareSeries(ds, cfg())
    expect([report.irregularSteps, report.medianStepMs]).toEqual([0, DAY])
    expect(dataset.notices.map((n) => n.code)).not.toContain('irregular')
  })

  it('hourly rows under the rule step in instants: the switch nights are no irregular step either', async () => {
    const hours = Array.from({ length: 24 * 300 }, (_, i) => Date.UTC(2023, 2, 1) + i * 3_600_000)
    const ds = await load(`d,v\n${hours.map((t, i) => `${timeCell(t, 'seconds', offsetAt(t, BERLIN))},${i}`).join('\n')}\n`)
    expect((ds.columns[0] as DateColumn).clock).toEqual(BERLIN)
    expect(prepareSeries(ds, cfg()).report.irregularSteps).toBe(0)
  })

  it('6-hourly rows under the rule: those that keep 00:00, 06:00, 12:00, 18:00 across the switches (5 h and 7 h there) and those in steady time alike are regular', async () => {
    const kept = Array.from({ length: 4 * 400 }, (_, i) => instantOf(Date.UTC(2023, 0, 1) + i * 6 * 3_600_000, BERLIN))
    const steady = Array.from({ length: 4 * 400 }, (_, i) => Date.UTC(2023, 0, 1) + i * 6 * 3_600_000)
    for (const rows of [kept, steady]) {
      const ds = await load(`d,v\n${rows.map((t, i) => `${timeCell(t, 'seconds', offsetAt(t, BERLIN))},${i}`).join('\n')}\n`)
      expect((ds.columns[0] as DateColumn).clock).toEqual(BERLIN)
      expect(prepareSeries(ds, cfg()).report.irregularSteps).toBe(0)
    }
  })
})
