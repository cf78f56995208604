// A holiday counts for the row whose period holds it (exploratory pass 20, item 3): a weekly row
// covers the 7 days from its date, a monthly row the month from its date; daily and finer rows their
// own day, as before. The run says how many of the table's dates fall on a row.
import { describe, expect, it } from 'vitest'
import { calendarValues, checkCalendar, holidayRowsNote, holidaySpan } from './calendar'

const DAY = 864e5
const weeks = (from: string, n: number) => Array.from({ length: n }, (_, i) => Date.parse(from) + i * 7 * DAY)
const months = (n: number) => Array.from({ length: n }, (_, i) => Date.UTC(2024, i, 1))
const HOLIDAYS = ['2023-07-04', '2023-11-23', '2023-12-25', '2024-01-01', '2024-07-04']

describe('holidays on rows of a week or a month', () => {
  it('the span of a row follows the rows\' step: none for daily and finer rows, 7 days for weekly, a month for monthly', () => {
    expect(holidaySpan(Array.from({ length: 10 }, (_, i) => i * DAY))).toBeNull()
    expect(holidaySpan(Array.from({ length: 10 }, (_, i) => i * 3_600_000))).toBeNull()
    expect(holidaySpan(weeks('2023-01-02', 10))).toEqual({ days: 7 })
    expect(holidaySpan(months(12))).toEqual({ months: 1 })
    expect(holidaySpan(Array.from({ length: 8 }, (_, i) => Date.UTC(2020, 3 * i, 1)))).toEqual({ months: 3 })
  })

  it('a weekly row (Mondays) is flagged when a holiday falls in its 7 days, not only on its date', () => {
    const t = weeks('2023-07-03', 27) // 2023-07-03 .. 2024-01-01
    const v = calendarValues({ features: ['holiday'], holidays: HOLIDAYS, span: { days: 7 } }, t)
    const flagged = t.filter((_, i) => v.get('cal:holiday')![i] === 1).map((x) => new Date(x).toISOString().slice(0, 10))
    // 2023-07-04 (Tue) in the week of 07-03, 11-23 (Thu) in that of 11-20, 12-25 and 2024-01-01 on their Mondays
    expect(flagged).toEqual(['2023-07-03', '2023-11-20', '2023-12-25', '2024-01-01'])
    // a stored calendar from before the span flags the row's own day only, as it was trained
    const old = calendarValues({ features: ['holiday'], holidays: HOLIDAYS }, t)
    expect(t.filter((_, i) => old.get('cal:holiday')![i] === 1).length).toBe(2)
  })

  it('a monthly row is flagged when a holiday falls in its month', () => {
    const t = months(12)
    const v = calendarValues({ features: ['holiday'], holidays: HOLIDAYS, span: { months: 1 } }, t)
    expect(Array.from(v.get('cal:holiday')!)).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
  })

  it('says how many of the table\'s dates fall on a row', () => {
    const cal = { features: ['holiday' as const], holidays: HOLIDAYS, span: { days: 7 } }
    const note = holidayRowsNote(cal, weeks('2023-07-03', 27))!
    expect(note.message).toBe("4 of the holiday table's 5 dates fall on a row (a row counts those of the 7 days from its date), the other 1 before the first row, after the last or in a gap: the holiday input is 1 on 4 rows; each row's date is taken as the first day of its period: for a file that dates each period by its last day (a week ending on Sunday), each row is flagged for the holidays of the period after it, and --period-label end reads them right")
    expect(note.app).toContain('Rows dated by "end of their period" in Setup reads them right')
    expect(holidayRowsNote({ features: ['holiday'], holidays: HOLIDAYS }, weeks('2023-07-03', 27))?.message).toBe('2 of the holiday table\'s 5 dates fall on a row (a row counts those of its own day), the other 3 before the first row, after the last or in a gap: the holiday input is 1 on 2 rows')
    expect(holidayRowsNote({ features: ['holiday'], holidays: ['2030-01-01'] }, weeks('2023-07-03', 3))?.message).toBe('none of the holiday table\'s 1 date falls on a row (a row counts those of its own day): the holiday input is 0 on every row')
    expect(holidayRowsNote({ features: ['dow'] }, weeks('2023-07-03', 3))).toBeNull()
  })

  it('a stored span is checked', () => {
    expect(checkCalendar({ features: ['holiday'], holidays: ['2024-01-01'], span: { days: 7 } })).toEqual({ features: ['holiday'], holidays: ['2024-01-01'], span: { days: 7 } })
    expect(() => checkCalendar({ features: ['holiday'], holidays: ['2024-01-01'], span: { days: 0 } })).toThrow(/span/)
    expect(() => checkCalendar({ features: ['holiday'], holidays: ['2024-01-01'], span: 'week' })).toThrow(/span/)
  })

  // a file that dates each week by its last day (a Sunday): the dates alone cannot say so, and read
  // as the first day each row held the next week's holidays
  it('rows dated by the end of their week (label end) are flagged for the holidays of the 7 days up to their date', () => {
    const t = weeks('2023-07-09', 27) // Sundays 2023-07-09 .. 2024-01-07, each ending its Monday-to-Sunday week
    const iso = (v: Float64Array) => t.filter((_, i) => v[i] === 1).map((x) => new Date(x).toISOString().slice(0, 10))
    const end = calendarValues({ features: ['holiday'], holidays: HOLIDAYS, span: { days: 7 }, label: 'end' }, t).get('cal:holiday')!
    // 07-04 (Tue) in the week ending 07-09, 11-23 (Thu) 11-26, 12-25 (Mon) 12-31, 2024-01-01 (Mon) 01-07
    expect(iso(end)).toEqual(['2023-07-09', '2023-11-26', '2023-12-31', '2024-01-07'])
    // read as the start of their week, each a week early: 11-23 flagged the row of 11-19, whose week it is not
    const start = calendarValues({ features: ['holiday'], holidays: HOLIDAYS, span: { days: 7 } }, t).get('cal:holiday')!
    expect(iso(start)).toEqual(['2023-11-19', '2023-12-24', '2023-12-31']) // 07-04 lost: its week's row (07-02) is before the first
    expect(holidayRowsNote({ features: ['holiday'], holidays: HOLIDAYS, span: { days: 7 }, label: 'end' }, t)!.message).toBe(
      "4 of the holiday table's 5 dates fall on a row (a row counts those of the 7 days up to its date), the other 1 before the first row, after the last or in a gap: the holiday input is 1 on 4 rows; each row's date is taken as the last day of its period (--period-label end; --period-label start takes it as the first)"
    )
  })

  it('rows dated by the last day of their month (label end) are flagged for that month\'s holidays', () => {
    const ends = Array.from({ length: 12 }, (_, i) => Date.UTC(2024, i + 1, 0)) // 2024-01-31 .. 2024-12-31
    const end = calendarValues({ features: ['holiday'], holidays: ['2024-01-01', '2024-02-29', '2024-03-01', '2024-07-04', '2024-12-25'], span: { months: 1 }, label: 'end' }, ends).get('cal:holiday')!
    expect(Array.from(end)).toEqual([1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    const quarters = [Date.UTC(2024, 2, 31), Date.UTC(2024, 5, 30)] // quarters ending in March and June
    expect(Array.from(calendarValues({ features: ['holiday'], holidays: ['2024-01-01', '2024-04-01'], span: { months: 3 }, label: 'end' }, quarters).get('cal:holiday')!)).toEqual([1, 1])
  })

  it('a stored label is checked: "end", with a span', () => {
    expect(checkCalendar({ features: ['holiday'], holidays: ['2024-01-01'], span: { days: 7 }, label: 'end' })).toEqual({ features: ['holiday'], holidays: ['2024-01-01'], span: { days: 7 }, label: 'end' })
    expect(() => checkCalendar({ features: ['holiday'], holidays: ['2024-01-01'], span: { days: 7 }, label: 'sunday' })).toThrow(/label must be "end"/)
    expect(() => checkCalendar({ features: ['holiday'], holidays: ['2024-01-01'], label: 'end' })).toThrow(/without a span/)
  })
})
