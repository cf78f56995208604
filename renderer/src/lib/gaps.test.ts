// Line charts break where the data skips periods, rather than drawing straight across them.
import { describe, expect, it } from 'vitest'
import { instantOf, type ClockRule } from '../../../core/data/clock-rule'
import { breakAtGaps, gapLine, spansGap, timeGaps } from './gaps'

const DAY = 864e5
const month = (y: number, m: number) => Date.UTC(y, m, 1)
/** Monthly from January 2020, the months in `skip` (0-based from the start) absent. */
const monthly = (n: number, skip: number[]) => Array.from({ length: n }, (_, k) => k).filter((k) => !skip.includes(k)).map((k) => month(2020, k))

describe('timeGaps', () => {
  it('a monthly series with months absent: a gap where each is missing, none between months of 28 to 31 days', () => {
    const t = monthly(24, [5, 6, 15])
    expect(timeGaps(t)).toEqual([[month(2020, 4), month(2020, 7)], [month(2021, 2), month(2021, 4)]])
    expect(timeGaps(monthly(24, []))).toEqual([])
  })

  it('a daily series: a missing day is a gap', () => {
    const t = [0, 1, 2, 3, 5, 6, 7].map((d) => Date.UTC(2021, 0, 1) + d * DAY)
    expect(timeGaps(t)).toEqual([[Date.UTC(2021, 0, 4), Date.UTC(2021, 0, 6)]])
  })

  it('a business-day series: a weekend is no gap, a missing week is', () => {
    const weekdays: number[] = []
    for (let d = Date.UTC(2024, 0, 1); d < Date.UTC(2024, 2, 1); d += DAY) {
      const w = new Date(d).getUTCDay()
      if (w !== 0 && w !== 6 && !(d >= Date.UTC(2024, 1, 5) && d < Date.UTC(2024, 1, 12))) weekdays.push(d)
    }
    expect(timeGaps(weekdays)).toEqual([[Date.UTC(2024, 1, 2), Date.UTC(2024, 1, 12)]])
  })

  it('a business-day series: its holidays (a few weekdays without a row) are no gap, a missing week still is', () => {
    // Mondays, a Thursday-Friday run, a Wednesday.
    const closed = [Date.UTC(2024, 0, 15), Date.UTC(2024, 1, 19), Date.UTC(2024, 2, 28), Date.UTC(2024, 2, 29), Date.UTC(2024, 4, 1)]
    const week = (d: number) => d >= Date.UTC(2024, 1, 5) && d < Date.UTC(2024, 1, 12)
    const weekdays: number[] = []
    for (let d = Date.UTC(2024, 0, 2); d < Date.UTC(2024, 5, 1); d += DAY) {
      const w = new Date(d).getUTCDay()
      if (w !== 0 && w !== 6 && !closed.includes(d) && !week(d)) weekdays.push(d)
    }
    expect(timeGaps(weekdays)).toEqual([[Date.UTC(2024, 1, 2), Date.UTC(2024, 1, 12)]])
    // Too many missing weekdays to be holidays (every other Wednesday): each is a gap, as the run's notice counts them.
    const sparse = weekdays.filter((d) => !(new Date(d).getUTCDay() === 3 && Math.floor(d / (7 * DAY)) % 2 === 0))
    expect(timeGaps(sparse)).toContainEqual([Date.UTC(2024, 2, 27), Date.UTC(2024, 3, 1)])
  })

  it("monthly rows at Berlin's midnight on the 1st (23:00 or 22:00 UTC the day before): no gap between months of 28 to 31 days and an hour, a gap where a month is missing", () => {
    // timeGaps has no clock rule (a fixed step of the median spacing, about 31 days), which tells months from gaps all the same
    const BERLIN: ClockRule = { rule: 'EU', std: 60 }
    const t = Array.from({ length: 27 }, (_, k) => instantOf(month(2022, k), BERLIN)) // 2022-01 .. 2024-03
    expect(timeGaps(t)).toEqual([])
    expect(timeGaps(t.filter((_, k) => k !== 9 && k !== 25))).toEqual([
      [Date.UTC(2022, 7, 31, 22), Date.UTC(2022, 9, 31, 23)], // no 2022-10: 1 September 00:00+02:00 to 1 November 00:00+01:00
      [Date.UTC(2023, 11, 31, 23), Date.UTC(2024, 1, 29, 23)] // no February 2024 (29 days): 1 January to 1 March, 00:00+01:00
    ])
  })

  it('rows without a time are skipped, too few times make no gap, and an unsorted file has the gaps of its times in order', () => {
    expect(timeGaps([0, NaN, DAY, 2 * DAY, 5 * DAY])).toEqual([[2 * DAY, 5 * DAY]])
    expect(timeGaps([0, 10 * DAY])).toEqual([])
    expect(timeGaps([3 * DAY, 0, 2 * DAY, DAY, 4 * DAY, 8 * DAY, 7 * DAY])).toEqual([[4 * DAY, 7 * DAY]])
  })
})

describe('breakAtGaps', () => {
  const gaps = [[3, 6]] as const
  it('puts a point of no value between the points either side of a gap', () => {
    const pts = [1, 2, 3, 6, 7].map((x) => ({ x, y: x * 10 }))
    expect(breakAtGaps(pts, gaps)).toEqual([{ x: 1, y: 10 }, { x: 2, y: 20 }, { x: 3, y: 30 }, { x: 4.5, y: null }, { x: 6, y: 60 }, { x: 7, y: 70 }])
  })

  it('also between points further apart than the gap (a thinned-out series), and never without one', () => {
    expect(breakAtGaps([{ x: 1, y: 1 }, { x: 9, y: 9 }], gaps).map((p) => p.y)).toEqual([1, null, 9])
    const pts = [{ x: 1, y: 1 }, { x: 2, y: 2 }]
    expect(breakAtGaps(pts, gaps)).toEqual(pts)
    expect(breakAtGaps(pts, [])).toBe(pts)
  })
})

describe('gapLine', () => {
  it('spanGaps false, and a segment that spans a gap drawn transparent (points dropped by decimation)', () => {
    const line = gapLine([{ x: 1, y: 1 }, { x: 9, y: 9 }], [[3, 6]])
    expect(line.spanGaps).toBe(false)
    const seg = (x0: number, x1: number) => ({ p0: { parsed: { x: x0 } }, p1: { parsed: { x: x1 } } })
    expect(line.segment!.borderColor(seg(1, 9))).toBe('transparent')
    expect(line.segment!.backgroundColor(seg(2, 7))).toBe('transparent')
    expect(line.segment!.borderColor(seg(1, 3))).toBeUndefined()
    expect(line.segment!.borderColor(seg(6, 9))).toBeUndefined()
    expect(gapLine([{ x: 1, y: 1 }], []).segment).toBeUndefined()
  })

  it('spansGap: only a gap wholly between the two ends', () => {
    expect(spansGap([[3, 6], [10, 12]], 4, 11)).toBe(false)
    expect(spansGap([[3, 6], [10, 12]], 4, 12)).toBe(true)
    expect(spansGap([[3, 6]], 9, 1)).toBe(false)
  })
})
