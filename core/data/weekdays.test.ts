import { describe, expect, it } from 'vitest'
import { addWeekdays, closedHolidays, MIN_WEEKENDS, utcDay, weekdaysOnly } from './weekdays'
import { isoToDay } from './days'

const DAY = 864e5
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d)
const iso = (t: number) => new Date(t).toISOString().slice(0, 10)

/** n business days from `start` (a weekday), found one calendar day at a time. */
function businessDays(start: number, n: number): Float64Array {
  const out: number[] = []
  for (let t = start; out.length < n; t += DAY) if (new Date(t).getUTCDay() % 6 !== 0) out.push(t)
  return Float64Array.from(out)
}

describe('weekdays', () => {
  it('utcDay agrees with Date.getUTCDay, before 1970 too', () => {
    for (let t = utc(1969, 12, 20); t < utc(1970, 1, 20); t += DAY) expect(utcDay(t)).toBe(new Date(t).getUTCDay())
    for (let t = utc(2024, 2, 20) + 13 * 36e5; t < utc(2024, 3, 20); t += DAY) expect(utcDay(t)).toBe(new Date(t).getUTCDay())
  })

  it('addWeekdays steps over weekends as counting one day at a time does', () => {
    const mondays = utc(2024, 1, 1) // a Monday
    for (let d = 0; d < 5; d++) {
      const start = mondays + d * DAY + 16 * 36e5 // a time of day is kept
      const cal = businessDays(start, 40)
      for (let k = 0; k < 40; k++) expect(iso(addWeekdays(start, k))).toBe(iso(cal[k]!))
    }
    expect(iso(addWeekdays(utc(2024, 1, 5), 1))).toBe('2024-01-08') // Friday -> Monday
    expect(iso(addWeekdays(utc(2024, 1, 4), 2))).toBe('2024-01-08') // Thursday + 2 -> Monday
  })

  it('weekdaysOnly: business days with two weekends, and not otherwise', () => {
    const b = businessDays(utc(2024, 1, 3), 10) // Wed 3 .. Tue 16: crosses two weekends
    expect(weekdaysOnly(b, DAY)).toBe(true)
    expect(weekdaysOnly(b.subarray(0, 7), DAY)).toBe(false) // one weekend could be missing rows
    expect(MIN_WEEKENDS).toBe(2)
    const withSaturday = Float64Array.from([...b, utc(2024, 1, 20)]) // a Saturday row
    expect(weekdaysOnly(withSaturday, DAY)).toBe(false)
    const daily = Float64Array.from({ length: 20 }, (_, i) => utc(2024, 1, 1) + i * DAY)
    expect(weekdaysOnly(daily, DAY)).toBe(false)
    expect(weekdaysOnly(b, 2 * DAY)).toBe(false) // not a daily step
  })

  it('addWeekdays with closed days skips them as it skips weekends, as counting one day at a time does', () => {
    const closed = new Set(['2024-01-05', '2024-01-08', '2024-01-16', '2024-02-29'].map(isoToDay)) // Fri, Mon, Tue, Thu
    const open = (t: number) => new Date(t).getUTCDay() % 6 !== 0 && !closed.has(Math.floor(t / DAY))
    for (let d = 0; d < 5; d++) {
      const start = utc(2024, 1, 1) + d * DAY + 9 * 36e5
      const cal: number[] = []
      for (let t = start + DAY; cal.length < 60; t += DAY) if (open(t)) cal.push(t)
      for (let k = 1; k <= 60; k++) expect(iso(addWeekdays(start, k, closed))).toBe(iso(cal[k - 1]!))
      expect(addWeekdays(start, 0, closed)).toBe(start)
    }
    expect(iso(addWeekdays(utc(2024, 1, 4), 1, closed))).toBe('2024-01-09') // Thu -> (Fri closed, weekend, Mon closed) Tue
    expect(addWeekdays(utc(2024, 1, 4), 7, new Set())).toBe(addWeekdays(utc(2024, 1, 4), 7)) // none closed: the formula
  })

  it('closedHolidays: closed when no weekday of the table within the rows has a row, else not', () => {
    const table = ['2024-01-01', '2024-01-15', '2024-01-20', '2024-02-19', '2024-12-25'] // Mon, Mon, Sat, Mon, Wed
    const all = businessDays(utc(2024, 1, 2), 40) // Tue 2 Jan .. 26 Feb
    const without = Float64Array.from([...all].filter((t) => !table.includes(iso(t))))
    // the Saturday is no business day; 1 January lies before the first row, 25 December after the last
    expect(closedHolidays(without, table)).toEqual({ closed: ['2024-01-01', '2024-01-15', '2024-02-19', '2024-12-25'].map(isoToDay), within: 2, open: 0 })
    expect(closedHolidays(all, table)).toEqual({ closed: null, within: 2, open: 2 })
    const one = Float64Array.from([...all].filter((t) => iso(t) !== '2024-01-15'))
    expect(closedHolidays(one, table)).toEqual({ closed: null, within: 2, open: 1 }) // open on one holiday: not closed
    expect(closedHolidays(without.subarray(0, 8), table)).toEqual({ closed: null, within: 0, open: 0 }) // none within: the rows cannot tell
    expect(closedHolidays(new Float64Array(0), table)).toEqual({ closed: null, within: 0, open: 0 })
  })
})
