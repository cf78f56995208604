// Calendar inputs (calendar.ts): values at known dates read back from their sin/cos pair, UTC so no
// daylight-saving shift, the holiday table, and the refusals.
import { describe, expect, it } from 'vitest'
import { autoCalendar, calendarAtStep, calendarColumns, calendarValues, checkCalendar, offStepCalendarNote, parseHolidays, withCalendar } from './calendar'
import { PipelineError } from './errors'
import { importCsv } from './import'

/** The position in the cycle a (sin, cos) pair encodes, in [0, period). */
const decode = (s: number, c: number, period: number) => (((Math.atan2(s, c) / (2 * Math.PI)) * period) % period + period) % period
const at = (iso: string) => Date.parse(iso)
const read = (features: ('dow' | 'month' | 'doy' | 'hour')[], iso: string[]) => {
  const v = calendarValues({ features }, iso.map(at))
  return (f: string, period: number) => iso.map((_, i) => Math.round(decode(v.get(`cal:${f}.sin`)![i]!, v.get(`cal:${f}.cos`)![i]!, period) * 1000) / 1000)
}

describe('calendarValues', () => {
  it('2024-02-29 is a Thursday (day 4, Sunday = 0) in February (month index 1), day 59 of a 366-day year', () => {
    const r = read(['dow', 'month', 'doy'], ['2024-02-29T00:00:00Z', '2023-12-31T00:00:00Z', '2024-12-31T12:00:00Z'])
    expect(r('dow', 7)).toEqual([4, 0, 2]) // Thursday; 2023-12-31 a Sunday; 2024-12-31 a Tuesday
    expect(r('month', 12)).toEqual([1, 11, 11])
    // day of year from 0 = 1 January: 31 + 28 = 59; 2023 has 365 days; leap 2024's last day is 365
    const v = calendarValues({ features: ['doy'] }, [at('2024-02-29T00:00:00Z'), at('2023-12-31T00:00:00Z'), at('2024-12-31T12:00:00Z')])
    const doy = (i: number, period: number) => Math.round(decode(v.get('cal:doy.sin')![i]!, v.get('cal:doy.cos')![i]!, period))
    expect([doy(0, 366), doy(1, 365), doy(2, 366)]).toEqual([59, 364, 365])
  })

  it('every value of a pair lies on the unit circle', () => {
    const v = calendarValues({ features: ['month'] }, [at('2021-05-17T00:00:00Z')])
    expect(v.get('cal:month.sin')![0]! ** 2 + v.get('cal:month.cos')![0]! ** 2).toBeCloseTo(1, 12)
  })

  it('hours are UTC: across the nights Europe and the US change their clocks, consecutive hours stay consecutive', () => {
    // a local-time reading would repeat or skip an hour here; the process is put in a zone with DST
    const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env
    const tz = env['TZ']
    env['TZ'] = 'Europe/Berlin'
    try {
      const hours = (start: string) => read(['hour'], Array.from({ length: 6 }, (_, i) => new Date(at(start) + i * 3_600_000).toISOString()))('hour', 24)
      expect(hours('2024-03-31T00:00:00Z')).toEqual([0, 1, 2, 3, 4, 5])
      expect(hours('2024-10-27T00:00:00Z')).toEqual([0, 1, 2, 3, 4, 5])
      expect(hours('2024-03-10T05:00:00Z')).toEqual([5, 6, 7, 8, 9, 10])
      // the day of week switches at midnight UTC, not at local midnight
      expect(read(['dow'], ['2024-03-30T23:30:00Z'])('dow', 7)).toEqual([6])
    } finally {
      if (tz === undefined) delete env['TZ']
      else env['TZ'] = tz
    }
    // minutes count as fractions of the hour
    expect(read(['hour'], ['2024-06-01T13:30:00Z'])('hour', 24)).toEqual([13.5])
  })

  it('flags every time on a holiday (sub-daily rows too), and none on other days', () => {
    const v = calendarValues({ features: ['holiday'], holidays: ['2024-12-25'] }, ['2024-12-24T23:00:00Z', '2024-12-25T00:00:00Z', '2024-12-25T18:00:00Z', '2024-12-26T00:00:00Z'].map(at))
    expect(Array.from(v.get('cal:holiday')!)).toEqual([0, 1, 1, 0])
  })
})

describe('withCalendar', () => {
  it('appends the named columns from the time column, in calendarColumns order', async () => {
    const ds = await importCsv('date,y\n2024-02-28,1\n2024-02-29,2\n2024-03-01,3\n', { fileName: 'a.csv' })
    const cal = { features: ['dow' as const, 'holiday' as const], holidays: ['2024-02-29'] }
    const out = withCalendar(ds, cal)
    expect(out.columns.map((c) => c.name)).toEqual(['date', 'y', ...calendarColumns(cal)])
    expect(calendarColumns(cal)).toEqual(['cal:dow.sin', 'cal:dow.cos', 'cal:holiday'])
    const hol = out.columns.find((c) => c.name === 'cal:holiday')!
    expect(hol.kind).toBe('boolean')
    expect(Array.from((hol as { values: Float64Array }).values)).toEqual([0, 1, 0])
  })

  it('refuses data without a time column, naming the file', async () => {
    const ds = await importCsv('x,y\n1,2\n3,4\n', { fileName: 'plain.csv' })
    expect(() => withCalendar(ds, { features: ['dow'] })).toThrow(/plain\.csv has none/)
  })

  it('refuses a file column with a calendar column\'s name', async () => {
    const ds = await importCsv('date,cal:dow.sin\n2024-02-28,1\n2024-02-29,2\n', { fileName: 'c.csv' })
    expect(() => withCalendar(ds, { features: ['dow'] })).toThrow(/c\.csv already has a column "cal:dow\.sin"/)
  })
})

describe('autoCalendar', () => {
  const steps = (ms: number) => Array.from({ length: 10 }, (_, i) => Date.UTC(2024, 0, 1) + i * ms)
  it('picks the features the time step supports', () => {
    expect(autoCalendar(steps(3_600_000))).toEqual(['hour', 'dow'])
    expect(autoCalendar(steps(864e5))).toEqual(['dow', 'month'])
    expect(autoCalendar(steps(7 * 864e5))).toEqual(['month'])
    expect(autoCalendar(Array.from({ length: 10 }, (_, i) => Date.UTC(2024, i, 1)))).toEqual([])
    expect(autoCalendar([Date.UTC(2024, 0, 1)])).toEqual([])
  })
})

describe('parseHolidays and checkCalendar', () => {
  it('reads the first column, skips a header, sorts and drops repeats', () => {
    expect(parseHolidays('date,name\n2024-12-25,Christmas\n2024-01-01,New Year\n2024-12-25,again\n', 'h.csv')).toEqual(['2024-01-01', '2024-12-25'])
  })
  it('names the file, line and value of a bad date', () => {
    expect(() => parseHolidays('date\n2024-12-25\n2024-02-30\n', 'h.csv')).toThrow('h.csv, line 3: "2024-02-30" is not a date written YYYY-MM-DD')
    expect(() => parseHolidays('2024-13-01\n', 'm.csv')).toThrow('m.csv, line 1: "2024-13-01" is not a date written YYYY-MM-DD')
    expect(() => parseHolidays('date\n', 'e.csv')).toThrow(/e\.csv lists no holiday dates/)
  })
  it('refuses an unknown feature, a repeat, and a holiday flag without a table', () => {
    expect(() => checkCalendar({ features: ['week'] })).toThrow(PipelineError)
    expect(() => checkCalendar({ features: ['dow', 'dow'] })).toThrow(/twice/)
    expect(() => checkCalendar({ features: ['holiday'] })).toThrow(/needs a holiday table/)
    expect(checkCalendar({ features: ['dow'] })).toEqual({ features: ['dow'] })
  })
})

describe('calendarAtStep', () => {
  const every = (ms: number, n = 40) => Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * ms)
  const months = Float64Array.from({ length: 40 }, (_, i) => Date.UTC(2020, i, 1))
  it.each([
    ['hourly', every(3600e3), ['dow', 'month', 'doy', 'hour']],
    ['daily', every(86400e3), ['dow', 'month', 'doy']],
    ['weekly', every(7 * 86400e3), ['month', 'doy']],
    ['monthly', months, ['month', 'doy']],
    ['yearly', Float64Array.from({ length: 10 }, (_, i) => Date.UTC(2000 + i, 0, 1)), []],
    ['one time', every(3600e3, 1), []]
  ])('%s rows: the cycles that change from row to row', (_, t, want) => {
    expect(calendarAtStep(t)).toEqual(want)
  })
})

describe('calendar inputs asked for that do not cycle at the rows\' step', () => {
  const quarters = Float64Array.from({ length: 32 }, (_, i) => Date.UTC(2015, 3 * i, 1))
  it('quarterly rows with hour and day of week: both named, the hour as the same on every row', () => {
    const note = offStepCalendarNote(['hour', 'dow'], quarters)!
    // the hour is 0 at every quarter's start, the day of week is not the same (a fact, checked here)
    expect(new Set(calendarValues({ features: ['hour'] }, quarters).get('cal:hour.sin')).size).toBe(1)
    expect(new Set(calendarValues({ features: ['dow'] }, quarters).get('cal:dow.sin')).size).toBeGreaterThan(1)
    expect(note.message).toBe('calendar inputs hour, dow (--calendar) have no cycle at the rows\' step: hour of day is the same on every row; day of week falls on another weekday from row to row, in no weekly cycle (the hour of day cycles on rows under a day apart, the day of week under a week, the month and day of year under a year); --calendar without them (or none) leaves them out')
    expect(note.app).toBe('Calendar inputs Hour of day, Day of week have no cycle at the rows\' step: hour of day is the same on every row; day of week falls on another weekday from row to row, in no weekly cycle (the hour of day cycles on rows under a day apart, the day of week under a week, the month and day of year under a year); untick them under Inputs known in the future in Setup')
  })
  it('the cycles the step has, and the holiday flag, say nothing', () => {
    expect(offStepCalendarNote(['month', 'holiday'], quarters)).toBeNull()
    expect(offStepCalendarNote(['hour', 'dow'], Float64Array.from({ length: 48 }, (_, i) => Date.UTC(2020, 0, 1) + i * 3600e3))).toBeNull()
    expect(offStepCalendarNote([], quarters)).toBeNull()
  })
})
