import { describe, expect, it } from 'vitest'
import { addWeekdays, MIN_WEEKENDS, utcDay, weekdaysOnly } from './weekdays'

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
})
