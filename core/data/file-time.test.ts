// The app's views name times as the file wrote them (fileTime), in the zone fw writes them in
// (time-cell noticeTime), and say whether rows are sub-daily on the file's own clock.
import { expect, it } from 'vitest'
import { fileTime } from './series'
import { hasTimeOfDay } from './time-cell'

const H = 36e5

it("names a zoned time with its offset, or the file's day where only a date fits", () => {
  const berlinMidnight = Date.UTC(2024, 1, 1) - H // 2024-02-01T00:00:00+01:00
  expect(fileTime(berlinMidnight, 60, true)).toBe('2024-02-01T00:00:00+01:00')
  expect(fileTime(berlinMidnight, 60)).toBe('2024-02-01') // not the UTC day, 2024-01-31
  expect(fileTime(Date.UTC(2024, 1, 1, 3), -300)).toBe('2024-01-31') // New York's 22:00 the day before
  // a clock rule: the offset its clock shows, +02:00 in summer
  expect(fileTime(Date.UTC(2024, 6, 1, 22), { rule: 'EU', std: 60 }, true)).toBe('2024-07-02T00:00:00+02:00')
  // each row's own offsets by instant
  expect(fileTime(Date.UTC(2024, 0, 1, 20), { at: [0, Date.UTC(2024, 0, 1)], min: [0, 330] }, true)).toBe('2024-01-02T01:30:00+05:30')
  expect(fileTime(Date.UTC(2024, 0, 1, 20), 'Z', true)).toBe('2024-01-01T20:00:00Z')
})

it('names times without an offset as read, a step index by its integer, none as a dash', () => {
  expect(fileTime(Date.UTC(2024, 1, 1, 13), null, true)).toBe('2024-02-01 13:00')
  expect(fileTime(Date.UTC(2024, 1, 1, 13), null)).toBe('2024-02-01')
  expect(fileTime(161, 'step', true)).toBe('161')
  expect(fileTime(NaN, 60, true)).toBe('—')
})

it("says rows are sub-daily by the file's clock: zoned midnights are days, hours are not", () => {
  const midnights = [1, 2, 3].map((d) => Date.UTC(2024, 1, d) - H)
  expect(hasTimeOfDay(midnights, 60)).toBe(false)
  expect(hasTimeOfDay(midnights, null)).toBe(true) // 23:00 as read
  expect(hasTimeOfDay([Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 1, 1)], null)).toBe(true)
  expect(hasTimeOfDay([Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 2)], null)).toBe(false)
  expect(hasTimeOfDay([1, 2, 3], 'step')).toBe(false)
})
