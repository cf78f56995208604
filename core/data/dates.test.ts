// Dates as analysts write them (issue 13, item 7): month names, quarters, ISO weeks, bare years,
// Unix times, ISO with a time and an offset, dd.mm.yyyy. Ambiguous day/month orders are asked
// about (ambiguous-date-format, like decimal commas); a column that looks like dates but does not
// read as one is named with its first bad value and row; row order is never used without a notice.
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { importCsv } from './import'
import type { Dataset, DateColumn, ImportOptions } from './types'

const iso = (ds: Dataset, name: string) => {
  const c = ds.columns.find((x) => x.name === name) as DateColumn
  expect(c.kind, name).toBe('date')
  return Array.from(c.values, (v) => (v === v ? new Date(v).toISOString().replace(':00.000Z', 'Z').replace('T00:00Z', '') : null))
}
const csv = (header: string, rows: string[]) => `${header}\n${rows.map((r) => (r.includes(',') ? `"${r}"` : r) + ',1').join('\n')}\n`
const read = (text: string, opts: Partial<ImportOptions> = {}) => importCsv(text, { fileName: 'd.csv', ...opts })
async function refused(text: string, opts: Partial<ImportOptions> = {}): Promise<ImportError> {
  const e = await read(text, opts).then(() => null, (x: unknown) => x)
  expect(e).toBeInstanceOf(ImportError)
  return e as ImportError
}
const codes = (ds: Dataset) => ds.notices.map((n) => n.code)

describe('written dates', () => {
  const cases: [string, string[], string[], string][] = [
    ['month day year', ['Jan 1 2000', 'Feb 29 2000', 'Dec 31 2001'], ['2000-01-01', '2000-02-29', '2001-12-31'], 'month-name'],
    ['month day, year (full names, any case)', ['January 1, 2000', 'FEBRUARY 2, 2000', 'sept 3, 2000'], ['2000-01-01', '2000-02-02', '2000-09-03'], 'month-name'],
    ['day month year', ['1 Jan 2000', '15 March 2000', '01-Apr-2000'], ['2000-01-01', '2000-03-15', '2000-04-01'], 'month-name'],
    ['month year', ['January 2000', 'Feb 2000', 'Mar-2000'], ['2000-01-01', '2000-02-01', '2000-03-01'], 'month-name'],
    ['with a time', ['Jan 1 2000 13:45', 'Jan 1 2000 14:00'], ['2000-01-01T13:45Z', '2000-01-01T14:00Z'], 'month-name'],
    ['year-month', ['2000-01', '2000-02', '2000-12'], ['2000-01-01', '2000-02-01', '2000-12-01'], 'year-month'],
    ['quarters', ['2000Q1', '2000Q2', '2000q3', '2000Q4'], ['2000-01-01', '2000-04-01', '2000-07-01', '2000-10-01'], 'quarter'],
    ['quarters with a space or dash', ['2000 Q1', '2000 Q2', '2000-Q3', 'Q4 2000'], ['2000-01-01', '2000-04-01', '2000-07-01', '2000-10-01'], 'quarter'],
    // ISO 8601: week 1 holds 4 January; 2000-W01 starts Monday 3 January 2000; 2004 has 53 weeks
    ['ISO weeks', ['2000-W01', '2000-W05', '2004-W53', '2005W01'], ['2000-01-03', '2000-01-31', '2004-12-27', '2005-01-03'], 'iso-week'],
    ['ISO with a time and an offset', ['2000-01-01T10:00:00+01:00', '2000-01-01T10:30:00.5Z', '2000-01-01 12:00:00-0230'], ['2000-01-01T09:00Z', '2000-01-01T10:30:00.500Z', '2000-01-01T14:30Z'], 'iso'],
    ['dd.mm.yyyy', ['31.12.2000', '1.1.2001', '02.01.2001'], ['2000-12-31', '2001-01-01', '2001-01-02'], 'dmy'],
    // monthly and quarterly forms of statistics offices and Excel (explore23; core/data/month-forms.test.ts)
    ['yyyyMmm', ['2018M01', '2018M02', '2018M12'], ['2018-01-01', '2018-02-01', '2018-12-01'], 'year-month'],
    ['yyyy/mm', ['2018/01', '2018/02', '2018/12'], ['2018-01-01', '2018-02-01', '2018-12-01'], 'year-month'],
    ['yyyy-m', ['2018-1', '2018-2', '2018-10'], ['2018-01-01', '2018-02-01', '2018-10-01'], 'year-month'],
    ['mm/yyyy', ['01/2018', '2/2018', '12/2018'], ['2018-01-01', '2018-02-01', '2018-12-01'], 'year-month'],
    ['mmm-yy', ['Jan-18', 'Feb-18', 'Dec-18'], ['2018-01-01', '2018-02-01', '2018-12-01'], 'month-name'],
    ['mmm yy', ['Jan 98', 'Feb 98', 'Dec 99'], ['1998-01-01', '1998-02-01', '1999-12-01'], 'month-name'],
    ['yy-mmm', ['18-Nov', '18-Dec', '19-Jan'], ['2018-11-01', '2018-12-01', '2019-01-01'], 'month-name'],
    ['German month names', ['Jan 2018', 'Mär 2018', 'Mai 2018', 'Okt 2018', 'Dez 2018', 'März 2019', 'Juni 2019'], ['2018-01-01', '2018-03-01', '2018-05-01', '2018-10-01', '2018-12-01', '2019-03-01', '2019-06-01'], 'month-name'],
    ['yyQq', ['15Q1', '15Q2', '15q3', '15Q4'], ['2015-01-01', '2015-04-01', '2015-07-01', '2015-10-01'], 'quarter'],
    // yy-mm and mm-yy (core/data/month-forms.test.ts): written newest first, read as oldest first is
    // (the run sorts the rows by time), by a value that reads one way only or by the one order so in time
    ['yy-mm, newest first', ['24-12', '24-11', '24-10'], ['2024-12-01', '2024-11-01', '2024-10-01'], 'year-month'],
    ['yy-mm, newest first, every value read both ways', ['02-02', '02-01', '01-12', '01-11'], ['2002-02-01', '2002-01-01', '2001-12-01', '2001-11-01'], 'year-month'],
    ['mm-yy, newest first', ['02-18', '01-18', '12-17'], ['2018-02-01', '2018-01-01', '2017-12-01'], 'year-month'],
    // m-yy, a one-digit month (1-18 as 01-18), beside two-digit ones
    ['m-yy', ['1-18', '2-18', '10-18', '12-18'], ['2018-01-01', '2018-02-01', '2018-10-01', '2018-12-01'], 'year-month'],
    ['m-yy, every value read both ways', ['11-11', '12-11', '1-12', '2-12'], ['2011-11-01', '2011-12-01', '2012-01-01', '2012-02-01'], 'year-month'],
    ['m-yy, newest first', ['2-18', '1-18', '12-17'], ['2018-02-01', '2018-01-01', '2017-12-01'], 'year-month']
  ]
  for (const [what, rows, want, format] of cases)
    it(`${what}: ${rows[0]}`, async () => {
      const ds = await read(csv('when,v', rows))
      expect(iso(ds, 'when')).toEqual(want)
      expect((ds.columns[0] as DateColumn).format).toBe(format)
      expect(ds.timeColumn).toBe('when')
    })

  it('says once that ISO weeks are read as their Mondays, and written back as weeks', async () => {
    const ds = await read(csv('week,v', ['', '2023-W44', '2023-W45', '2023-W46']))
    expect(ds.notices.filter((n) => n.code === 'iso-weeks')).toEqual([{ code: 'iso-weeks', column: 'week', message: 'column "week" holds ISO weeks, each read as its Monday ("2023-W44" (line 3) as 2023-10-30): forecasts and exports write them back as weeks' }])
    expect((await read(csv('when,v', ['2023-10-30', '2023-11-06']))).notices.some((n) => n.code === 'iso-weeks')).toBe(false)
  })

  it('refuses a day that does not exist and an ISO week past the year\'s last', async () => {
    expect((await refused(csv('when,v', ['Jan 1 2000', 'Feb 30 2000', ...Array(20).fill('Jan 2 2000')]))).value).toBe('Feb 30 2000')
    expect((await refused(csv('when,v', ['2000-W01', '2001-W53', ...Array(20).fill('2000-W02')]))).value).toBe('2001-W53')
  })

  it('refuses times with and without a UTC offset in one column, naming the first that disagrees and the first time', async () => {
    // naive times read as UTC would land on (and be averaged with) the offset ones two hours later
    const hours = (from: number, n: number, zone: string) => Array.from({ length: n }, (_, i) => `2021-06-01T${String(from + i).padStart(2, '0')}:00:00${zone}`)
    const e = await refused(csv('time,v', [...hours(0, 4, ''), ...hours(4, 2, '+02:00')]))
    expect([e.code, e.line, e.row, e.column, e.value]).toEqual(['mixed-time-zones', 6, 5, 'time', '2021-06-01T04:00:00+02:00'])
    expect(e.message).toBe('d.csv (line 6, record 5, column "time"): "2021-06-01T04:00:00+02:00" carries a UTC offset and "2021-06-01T00:00:00" (line 2) does not: times with and without an offset cannot be put on one clock; write every time of the column with its offset (or Z), or every time without one')
    const z = await refused(csv('time,v', ['2021-01-01T00:00:00Z', '2021-01-01T01:00:00', '2021-01-01T02:00:00Z']))
    expect([z.line, z.value]).toEqual([3, '2021-01-01T01:00:00'])
    expect(z.message).toContain('"2021-01-01T01:00:00" carries no UTC offset and "2021-01-01T00:00:00Z" (line 2) does:')
    // a date alone has no offset either
    expect((await refused(csv('time,v', ['2021-01-01T00:00:00Z', '2021-01-02']))).value).toBe('2021-01-02')
    // one offset or several, or none: read
    expect(iso(await read(csv('time,v', ['2021-03-28T01:00:00+01:00', '2021-03-28T03:00:00+02:00'])), 'time')).toEqual(['2021-03-28', '2021-03-28T01:00Z'])
  })

  it('leaves words that are not months alone (a categorical column, no date notice)', async () => {
    const ds = await read('sky,v\nsunny day 2,1\nrain,2\nmarch on,3\n')
    expect(ds.columns[0]!.kind).toBe('categorical')
    expect(codes(ds)).not.toContain('time-not-read')
  })
})

describe('the day and the time of day in two columns', () => {
  const hourly = (n: number, time: (i: number) => string, header = 'date,time,v') =>
    `${header}\n${Array.from({ length: n }, (_, i) => `2021-01-0${1 + Math.floor(i / 24)},${time(i)},${i}`).join('\n')}\n`
  const hh = (i: number) => `${String(i % 24).padStart(2, '0')}:00`

  it('are read as one time, with a notice: never 24 series, never a category', async () => {
    const ds = await read(hourly(48, hh))
    expect(ds.columns.map((c) => c.name)).toEqual(['date', 'v'])
    expect(ds.timeColumn).toBe('date')
    expect((ds.columns[0] as DateColumn).hasTime).toBe(true)
    expect(iso(ds, 'date').slice(0, 2)).toEqual(['2021-01-01', '2021-01-01T01:00Z'])
    expect(iso(ds, 'date')[47]).toBe('2021-01-02T23:00Z')
    expect(ds.series ?? null).toBeNull()
    const joined = ds.notices.find((n) => n.code === 'date-time-joined')
    // the CLI's words name the way to keep them apart; the app's leave it to the notice's button
    expect(joined?.message).toBe('columns "date" and "time" hold the day and the time of day: read as one time, "date" (line 2: 2021-01-01 00:00:00); --type time=categorical keeps "time" apart, as text')
    expect(joined?.app).toBe('columns "date" and "time" hold the day and the time of day: read as one time, "date" (line 2: 2021-01-01 00:00:00)')
    expect(joined?.joined).toBe('time')
    // seconds, fractions, one-digit hours; a row with only one of the two has no time
    const odd = await read(hourly(3, (i) => ['9:30', '09:30:15.5', ''][i]!))
    expect(iso(odd, 'date')).toEqual(['2021-01-01T09:30Z', '2021-01-01T09:30:15.500Z', null])
    expect(odd.notices.find((n) => n.code === 'date-time-joined')?.message).toContain('; 1 row has only one of the two and no time')
  })

  it('stay apart when the time column is chosen off, the times are typed or declared a series, or two columns hold times; a column of times is never proposed as a series id', async () => {
    const text = hourly(48, hh)
    for (const opts of [{ timeColumn: null }, { columns: { time: { type: 'categorical' as const } } }, { series: ['time'] }]) {
      const ds = await read(text, opts)
      expect(ds.columns.map((c) => c.name), JSON.stringify(opts)).toEqual(['date', 'time', 'v'])
      expect(codes(ds)).not.toContain('date-time-joined')
    }
    // kept apart by its type (the app's Keep "time" apart): said, with the way back
    const apart = (await read(text, { columns: { time: { type: 'categorical' } } })).notices.find((n) => n.code === 'date-time-apart')
    expect(apart).toEqual({
      code: 'date-time-apart',
      column: 'time',
      joined: 'date',
      message: 'column "time" holds times of day and is read as text, as chosen: the time column "date" holds the days alone; without --type time=categorical the two are read as one time',
      app: 'column "time" holds times of day and is read as text, as chosen: the time column "date" holds the days alone'
    })
    // not for a declared series id, nor with the time column chosen off
    for (const opts of [{ timeColumn: null }, { series: ['time'], columns: { time: { type: 'categorical' as const } } }]) expect(codes(await read(text, opts)), JSON.stringify(opts)).not.toContain('date-time-apart')
    const two = await read(hourly(48, (i) => `${hh(i)},${hh(i + 1)}`, 'date,start,end,v'))
    expect(two.columns.map((c) => c.name)).toEqual(['date', 'start', 'end', 'v'])
    expect(two.series ?? null).toBeNull() // 24 rows a day: the times of day would split them, but are no id
    expect(ds2notices(two)).not.toMatch(/start|end/)
  })
})

const ds2notices = (ds: Dataset) => ds.notices.filter((n) => n.code.startsWith('series')).map((n) => n.message).join('\n')

describe('bare years', () => {
  const years = Array.from({ length: 100 }, (_, i) => 1871 + i)
  it('a column named year (or Year, time) is read as years, with a notice', async () => {
    for (const name of ['year', 'Year', 'time']) {
      const ds = await read(`${name},flow\n${years.map((y) => `${y},${y % 7}`).join('\n')}\n`)
      expect(ds.timeColumn).toBe(name)
      expect(iso(ds, name).slice(0, 2)).toEqual(['1871-01-01', '1872-01-01'])
      expect(ds.notices.find((n) => n.code === 'year-time')?.message).toBe(`column "${name}" read as years (1871–1970)`)
    }
  })

  it('an unnamed column of year-like numbers stays a number, and a notice says how to use it as the time', async () => {
    const ds = await read(`x,flow\n${years.map((y) => `${y},${y % 7}`).join('\n')}\n`)
    expect(ds.columns[0]!.kind).toBe('numeric')
    expect(ds.timeColumn).toBeNull()
    const n = ds.notices.find((x) => x.code === 'year-like')
    expect(n?.message).toBe('column "x" holds whole numbers 1871–1970 that look like years; it is read as a number. To use it as the time in years, read it as years (--type x=date)')
    expect(n?.app).toBe('column "x" holds whole numbers 1871–1970 that look like years; it is read as a number. To use it as the time in years, set its type to date in the column table above')
    expect(ds.notices.find((n) => n.code === 'no-time-column')?.message).toBe('no column reads as dates: the rows are taken in file order, one step apart')
  })

  it('set to date it is read as years; chosen as the time column alone it is a step index, by the rule of a column not chosen', async () => {
    const text = `x,flow\n${years.map((y) => `${y},${y % 7}`).join('\n')}\n`
    const chosen = await read(text, { timeColumn: 'x' })
    expect(chosen.timeColumn).toBe('x')
    expect(chosen.columns[0]).toMatchObject({ kind: 'date', format: 'step' })
    expect((chosen.columns[0] as { values: Float64Array }).values[0]).toBe(1871)
    expect(chosen.notices.some((n) => n.code === 'year-time')).toBe(false)
    const forced = await read(text, { columns: { x: { type: 'date' } } })
    expect(iso(forced, 'x')[0]).toBe('1871-01-01')
    const both = await read(text, { timeColumn: 'x', columns: { x: { type: 'date' } } })
    expect(iso(both, 'x')[0]).toBe('1871-01-01')
    // named like a year, chosen or not: years
    const named = await read(`year,flow\n${years.map((y) => `${y},${y % 7}`).join('\n')}\n`, { timeColumn: 'year' })
    expect(iso(named, 'year')[0]).toBe('1871-01-01')
  })

  it('a count named year with values out of range, or a column set to numeric, stays a number', async () => {
    expect((await read('year,v\n1,2\n2,3\n')).columns[0]!.kind).toBe('numeric')
    expect((await read('year,v\n1990,2\n1991,3\n', { columns: { year: { type: 'numeric' } } })).columns[0]!.kind).toBe('numeric')
  })

  it('a forced year format names the first value that is not a year', async () => {
    const e = await refused('y,v\n1990,1\n12,2\n', { columns: { y: { type: 'date', dateFormat: 'year' } } })
    expect(e.code).toBe('invalid-date')
    expect(e.value).toBe('12')
    expect(e.row).toBe(2)
  })
})

describe('Unix times', () => {
  it('seconds and milliseconds in a column named like a time, with a notice', async () => {
    const s = await read('timestamp,v\n946684800,1\n946688400,2\n')
    expect(iso(s, 'timestamp')).toEqual(['2000-01-01', '2000-01-01T01:00Z'])
    expect(codes(s)).toContain('epoch-time')
    const ms = await read('epoch,v\n946684800000,1\n946684860000,2\n')
    expect(iso(ms, 'epoch')).toEqual(['2000-01-01', '2000-01-01T00:01Z'])
  })

  it('under another name they stay numbers with a notice; chosen as the time they are read', async () => {
    const text = 'when_s,v\n1000000000,1\n1000003600,2\n'
    const ds = await read(text)
    expect(ds.columns[0]!.kind).toBe('numeric')
    expect(ds.notices.find((n) => n.code === 'epoch-like')?.message).toContain('look like Unix seconds')
    expect(iso(await read(text, { timeColumn: 'when_s' }), 'when_s')).toEqual(['2001-09-09T01:46:40.000Z', '2001-09-09T02:46:40.000Z'])
  })
})

describe('ambiguous day/month orders are asked about, as decimal commas are', () => {
  const text = csv('when,v', ['03/04/2000', '05/06/2000', '07/08/2000'])
  it('is refused naming the column, the value, its line and the two choices', async () => {
    const e = await refused(text)
    expect(e.code).toBe('ambiguous-date-format')
    expect(e.column).toBe('when')
    expect(e.value).toBe('03/04/2000')
    expect(e.line).toBe(2)
    expect(e.choices).toEqual(['dmy', 'mdy'])
  })
  it('reads either way once told', async () => {
    expect(iso(await read(text, { dateOrder: 'dmy' }), 'when')[0]).toBe('2000-04-03')
    expect(iso(await read(text, { dateOrder: 'mdy' }), 'when')[0]).toBe('2000-03-04')
  })
  it('is decided by a value with a part above 12', async () => {
    expect(iso(await read(csv('when,v', ['03/04/2000', '13/04/2000'])), 'when')).toEqual(['2000-04-03', '2000-04-13'])
  })
  it('says which value decided the order, and where', async () => {
    const days = Array.from({ length: 15 }, (_, i) => `${String(i + 1).padStart(2, '0')}/01/2021`)
    const dmy = await read(csv('date,load', days))
    expect(dmy.notices.find((n) => n.code === 'date-order')?.message).toBe('column "date" is read day first (dd/mm/yyyy), as "13/01/2021" (line 14, row 13) has a first part above 12')
    const mdy = await read(csv('when,v', ['03/04/2000', '04/04/2000', '04/20/2000']))
    expect(mdy.notices.find((n) => n.code === 'date-order')?.message).toBe('column "when" is read month first (mm/dd/yyyy), as "04/20/2000" (line 4, row 3) has a second part above 12')
    // told, not decided by a value: nothing to say
    expect((await read(csv('when,v', ['03/04/2000', '05/06/2000']), { dateOrder: 'dmy' })).notices.some((n) => n.code === 'date-order')).toBe(false)
    expect((await read(csv('when,v', ['13/04/2000', '15/06/2000']), { dateOrder: 'dmy' })).notices.some((n) => n.code === 'date-order')).toBe(false)
  })
  // Excel's US export: no leading zeros, so the second separator can sit where yyyy-mm's does
  it('reads parts without leading zeros, a one-digit part before a two-digit one included', async () => {
    const us = ['1/1/2022', '1/9/2022', '1/10/2022', '1/31/2022', '12/1/2022', '2/28/2022 13:30']
    expect(iso(await read(csv('when,v', us)), 'when')).toEqual(['2022-01-01', '2022-01-09', '2022-01-10', '2022-01-31', '2022-12-01', '2022-02-28T13:30Z'])
    expect(iso(await read(csv('when,v', ['1-10-2022', '1-13-2022'])), 'when')).toEqual(['2022-01-10', '2022-01-13'])
    expect(iso(await read(csv('when,v', ['1/10/2022', '2/10/2022']), { dateOrder: 'dmy' }), 'when')).toEqual(['2022-10-01', '2022-10-02'])
    expect((await refused(csv('when,v', ['1/10/2022', '2/10/2022']))).code).toBe('ambiguous-date-format')
  })
})

describe('a column that looks like dates but does not read', () => {
  it('is named with its first bad value and row, and the rows are said to be in file order', async () => {
    // 2 of 4 values read: below the 90 % that makes a stray value an error
    const ds = await read(csv('when,v', ['2000-01-01', '2000-01-02', '2000-13-45', 'soon']))
    expect(ds.columns[0]!.kind).toBe('categorical')
    expect(ds.notices.find((n) => n.code === 'time-not-read')?.message).toBe('column "when" looks like dates but "2000-13-45" (line 4, row 3) is not a date in any supported format; it is read as categorical')
    expect(codes(ds)).toContain('no-time-column')
  })

  it('a column named date in an unsupported format is named too', async () => {
    const ds = await read('date,v\n2000.01.01,1\n2000.01.02,2\n')
    expect(ds.notices.find((n) => n.code === 'time-not-read')?.message).toBe('column "date" is named like a time but "2000.01.01" (line 2, row 1) is not a date in any supported format; it is read as categorical')
  })

  it('a column that mixes date formats is refused, naming a value of each, not read as text in file order', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => (i % 2 ? `2020-01-0${i + 1}` : `0${i + 1}.01.2020`))
    const mixed = await refused(csv('date,y', rows))
    expect([mixed.code, mixed.line, mixed.row, mixed.column, mixed.value]).toEqual(['invalid-date', 3, 2, 'date', undefined])
    expect(mixed.message).toBe('d.csv (line 3, record 2, column "date"): column "date" mixes date formats: "01.01.2020" (line 2) and "2020-01-02" (line 3) are dates written in two ways, and a column\'s dates are read in one: write every date of the column in one format')
    // half and half (ISO until line 61, then m/d/yyyy), as a spreadsheet pasted together writes them
    const halves = Array.from({ length: 100 }, (_, i) => (i < 60 ? new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10) : `3/${i - 59}/2020`))
    expect(await refused(csv('date,y', halves))).toMatchObject({ code: 'invalid-date', line: 62, column: 'date' })
    // read as text only when asked to (--type date=categorical, the app's Read as text)
    expect((await read(csv('date,y', rows), { columns: { date: { type: 'categorical' } } })).columns[0]!.kind).toBe('categorical')
    // mostly one format, a stray of another: refused, naming both
    const most = Array.from({ length: 20 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`)
    most.splice(5, 1, '06.01.2020')
    const e = await refused(csv('date,y', most))
    expect(e.code).toBe('invalid-date')
    expect(e.message).toContain('"06.01.2020" is a date written in another format than "2020-01-01" (line 2) and the column\'s other dates (the other values of the column are dates); write every date of the column in one format')
  })

  it('a time-named column of Excel serial day numbers is said to be one, and is no default input', async () => {
    const { defaultConfig } = await import('./config')
    const ds = await read(['date,y,promo', ...Array.from({ length: 10 }, (_, i) => `${43831 + i},${i % 3},${i % 2}`)].join('\n'))
    expect(ds.columns[0]!.kind).toBe('numeric')
    expect(ds.notices.find((n) => n.column === 'date')).toEqual({ code: 'excel-serial', column: 'date', message: 'column "date" is named like a time and holds whole numbers 43831–43840, which look like Excel serial day numbers (2020-01-01 to 2020-01-10): a date cell saved as a number. It is read as a number and is not an input unless chosen; to use it as the time, format the column as dates in the spreadsheet and export the file again' })
    expect(defaultConfig(ds, 'y').features).toEqual(['promo'])
    // a counter named like the time: said, and no default input either; a plain number column stays one
    const n = await read(['day,y,x', ...Array.from({ length: 10 }, (_, i) => `${i + 1},${i % 3},${i}`)].join('\n'))
    expect(n.notices.find((x) => x.column === 'day')?.code).toBe('time-not-read')
    expect(defaultConfig(n, 'y').features).toEqual(['x'])
  })

  it('a date column with one stray value (>= 90 % dates) is an error naming it', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `Jan ${i + 1} 2000`)
    rows.splice(7, 0, 'Jan 1st 2000')
    const e = await refused(csv('when,v', rows))
    expect(e.code).toBe('invalid-date')
    expect(e.value).toBe('Jan 1st 2000')
    expect(e.row).toBe(8)
  })
})

describe('two-digit years, read with a pivot as Excel reads them (00-29 -> 2000s, 30-99 -> 1900s)', () => {
  const said = (ds: Dataset) => ds.notices.find((n) => n.code === 'two-digit-years')?.message
  it('reads dd/mm/yy, mm/dd/yy and dd.mm.yy across the pivot, with a notice of how: the first and the last date as read', async () => {
    const ds = await read(csv('when,v', ['13/04/98', '14/04/99 13:30', '01/05/00', '02/05/29']))
    expect(iso(ds, 'when')).toEqual(['1998-04-13', '1999-04-14T13:30Z', '2000-05-01', '2029-05-02'])
    expect((ds.columns[0] as DateColumn).format).toBe('dmy')
    expect(ds.timeColumn).toBe('when')
    expect(said(ds)).toBe('column "when" has two-digit years, read as Excel reads them (00–29 as 2000–2029, 30–99 as 1930–1999): "13/04/98" (line 2) as 1998-04-13, the last date (line 5) as 2029-05-02')
    expect(iso(await read(csv('when,v', ['3/4/21', '3/25/21'])), 'when')).toEqual(['2021-03-04', '2021-03-25'])
    expect(iso(await read(csv('when,v', ['31.12.30', '1.1.31'])), 'when')).toEqual(['1930-12-31', '1931-01-01'])
    // dd/mm or mm/dd is still asked when no value decides, naming the two-digit forms
    const e = await refused(csv('when,v', ['03/04/21', '05/06/21']))
    expect([e.code, e.value]).toEqual(['ambiguous-date-format', '03/04/21'])
    expect(e.message).toContain('"03/04/21" could be dd/mm/yy or mm/dd/yy')
    expect(iso(await read(csv('when,v', ['03/04/21', '05/06/21']), { dateOrder: 'dmy' }), 'when')).toEqual(['2021-04-03', '2021-06-05'])
    // four-digit years: no notice
    expect(said(await read(csv('when,v', ['13/04/2021', '14/04/2021'])))).toBeUndefined()
  })

  it('reads a-b-yy as yy-mm-dd or dd-mm-yy, as every value reads or as the rows keep time order, and refuses when neither decides', async () => {
    // read day first, 21 March 2029 then 21 April 2001
    const ymd = await read(csv('when,v', ['21-03-28', '21-03-29', '21-04-01']))
    expect(iso(ymd, 'when')).toEqual(['2021-03-28', '2021-03-29', '2021-04-01'])
    expect((ymd.columns[0] as DateColumn).format).toBe('iso')
    expect(said(ymd)).toContain('"21-03-28" (line 2) as 2021-03-28, the last date (line 4) as 2021-04-01')
    // read year first, 2029-03-21 then 1930-03-21
    expect(iso(await read(csv('when,v', ['29-03-21', '30-03-21', '01-04-21'])), 'when')).toEqual(['2021-03-29', '2021-03-30', '2021-04-01'])
    // 99-12-31 reads only as yy-mm-dd (no 99th day), 31-12-99 only as dd-mm-yy
    expect(iso(await read(csv('when,v', ['98-12-31', '99-12-31'])), 'when')).toEqual(['1998-12-31', '1999-12-31'])
    expect(iso(await read(csv('when,v', ['31-12-98', '31-12-99'])), 'when')).toEqual(['1998-12-31', '1999-12-31'])
    const e = await refused(csv('when,v', ['21-03-04', '21-03-05']))
    expect([e.code, e.line, e.value]).toEqual(['invalid-date', 2, '21-03-04'])
    expect(e.message).toBe('d.csv (line 2, record 1, column "when"): "21-03-04" could be yy-mm-dd (2021-03-04) or dd-mm-yy (2004-03-21), every value reads both ways and both readings keep the rows in time order: write the years with four digits')
    // told day first, it is read so
    expect(iso(await read(csv('when,v', ['21-03-04', '21-03-05']), { dateOrder: 'dmy' }), 'when')).toEqual(['2004-03-21', '2005-03-21'])
  })

  it('refuses a column that mixes two- and four-digit years, and rows the pivot puts out of order', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${String(i + 1).padStart(2, '0')}/01/21`)
    rows.splice(4, 1, '05/01/2021')
    const e = await refused(csv('date,v', rows))
    expect([e.code, e.value]).toEqual(['invalid-date', '05/01/2021'])
    expect(e.message).toContain('"05/01/2021" is a date written in another format than "01/01/21" (line 2) and the column\'s other dates, one with a two-digit year and one with four (')
    // 1925 to 1935 written with two digits: in order in one century, read across the pivot they are not
    const out = await refused(csv('date,v', ['31/12/27', '31/12/28', '31/12/29', '31/12/30', '31/12/31']))
    expect([out.code, out.line, out.row]).toEqual(['invalid-date', 5, 4])
    expect(out.message).toBe('d.csv (line 5, record 4, column "date"): two-digit years read with the pivot (00–29 as 2000–2029, 30–99 as 1930–1999) put line 5 (1930-12-31) before line 4 (2029-12-31), while the rows are in time order with every year in one century: write the years with four digits')
    // rows in no order to begin with (a long file, a series after another) are read
    expect(iso(await read(csv('date,v', ['31/12/98', '31/12/05', '31/12/98', '31/12/05'])), 'date')).toEqual(['1998-12-31', '2005-12-31', '1998-12-31', '2005-12-31'])
  })
})
