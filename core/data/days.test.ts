import { describe, expect, it } from 'vitest'
import { DAY_MS, dayNumber, dayToIso, isoDate, isoDayOrStamp, isoToDay } from './days'

describe('UTC days: day number <-> YYYY-MM-DD', () => {
  it('numbers days from 1 January 1970, before it too', () => {
    expect(isoToDay('1970-01-01')).toBe(0)
    expect(isoToDay('1970-01-02')).toBe(1)
    expect(isoToDay('1969-12-31')).toBe(-1)
    expect(isoToDay('1900-03-01')).toBe(-25508)
    expect(dayToIso(-1)).toBe('1969-12-31')
    expect(dayToIso(-25508)).toBe('1900-03-01')
    expect(dayToIso(19783)).toBe('2024-03-01')
    // a time of day is dropped, before 1970 as after (floor, not truncation toward zero)
    expect(dayNumber(Date.UTC(1969, 11, 31, 23, 59))).toBe(-1)
    expect(dayNumber(Date.UTC(1970, 0, 1, 0, 0, 0, 1))).toBe(0)
    expect(isoDate(Date.UTC(1969, 11, 31, 23, 59))).toBe('1969-12-31')
  })

  it('round-trips every day from 1899 to 2101, each one day after the last, across leap days and daylight-saving changes', () => {
    const from = isoToDay('1899-01-01')
    const to = isoToDay('2101-12-31')
    const wrong: string[] = []
    let prev = ''
    for (let d = from; d <= to; d++) {
      const iso = dayToIso(d)
      // the form the code wrote inline before, from the ms of the day's midnight
      const inline = new Date(Date.UTC(1899, 0, 1 + d - from)).toISOString().slice(0, 10)
      if (isoToDay(iso) !== d || iso !== inline || !(iso > prev)) wrong.push(`${d}: ${iso} (${inline})`)
      prev = iso
    }
    expect(wrong).toEqual([])
    expect(to - from + 1).toBe(203 * 365 + 49) // 1904 to 2096 are leap years, 2000 too; 1900 and 2100 are not
  })

  it('UTC ignores daylight saving: the days around the changes are DAY_MS apart', () => {
    // Europe's and North America's changes in 2024 (31 March, 27 October; 10 March, 3 November)
    for (const iso of ['2024-03-31', '2024-10-27', '2024-03-10', '2024-11-03']) {
      const d = isoToDay(iso)
      expect(Date.parse(`${dayToIso(d + 1)}T00:00:00Z`) - Date.parse(`${iso}T00:00:00Z`)).toBe(DAY_MS)
      expect(dayNumber(Date.parse(`${iso}T23:30:00Z`))).toBe(d)
      expect(dayToIso(d - 1) < iso && iso < dayToIso(d + 1)).toBe(true)
    }
  })

  it('refuses what is not a date: NaN one way, a throw the other', () => {
    for (const s of ['', '2024-13-01', 'holiday', '2024-1-5']) expect(isoToDay(s)).toBeNaN()
    expect(() => dayToIso(NaN)).toThrow(RangeError)
  })

  it('writes a notice time as the day alone at midnight UTC, else the whole stamp', () => {
    expect(isoDayOrStamp(Date.UTC(1960, 5, 1))).toBe('1960-06-01')
    expect(isoDayOrStamp(Date.UTC(2024, 2, 31, 1, 0))).toBe('2024-03-31T01:00:00.000Z')
  })
})
