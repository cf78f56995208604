// The daylight-saving rule a file's UTC offsets follow (clock-rule.ts), learnt on import only where
// every offset fits one known rule and the rows show a switch each way; and the stamps past the end
// (core/train/time-step.ts) that follow it: advanceTime, stepsBetween and the year-9999 check agree.
import { describe, expect, it } from 'vitest'
import { importCsv } from './index'
import { instantOf, offsetAt, type ClockRule } from './clock-rule'
import { offsetText } from './time-cell'
import type { DateColumn } from './types'
import { advanceTime, clockNote, inferStep, pastLastYearOf, stepsBetween } from '../train/time-step'

const HOUR = 36e5
const DAY = 24 * HOUR
const BERLIN: ClockRule = { rule: 'EU', std: 60 }
const NEW_YORK: ClockRule = { rule: 'US', std: -300 }
/** Instant t as the file writes it, in the clock of `offset` minutes east of UTC. */
const stamp = (t: number, offset: number) => `${new Date(t + offset * 6e4).toISOString().slice(0, 16)}${offsetText(offset)}`
/** A CSV of instants `times`, each written with the offset `offsetOf` gives it. */
const csv = (times: number[], offsetOf: (t: number) => number) => `time,load\n${times.map((t, i) => `${stamp(t, offsetOf(t))},${i % 24}`).join('\n')}\n`
const hours = (from: number, to: number) => Array.from({ length: (to - from) / HOUR + 1 }, (_, i) => from + i * HOUR)
const timeOf = async (text: string) => (await importCsv(text, { fileName: 'berlin.csv' })).columns[0] as DateColumn

describe('the rule a file\'s offsets follow', () => {
  it('an hourly file over both switches with Berlin\'s offsets (+01:00, +02:00): the EU rule at +01:00', async () => {
    const col = await timeOf(csv(hours(Date.UTC(2023, 2, 1), Date.UTC(2023, 10, 30, 23)), (t) => offsetAt(t, BERLIN)))
    expect(col.offsetMin).toBeUndefined() // several offsets
    expect(col.clock).toEqual(BERLIN)
    // the switch hours themselves: 02:00 never written in spring, 02:00 written twice in autumn
    expect(stamp(Date.UTC(2023, 2, 26, 1), offsetAt(Date.UTC(2023, 2, 26, 1), BERLIN))).toBe('2023-03-26T03:00+02:00')
    expect([0, 1].map((h) => stamp(Date.UTC(2023, 9, 29, h), offsetAt(Date.UTC(2023, 9, 29, h), BERLIN)))).toEqual(['2023-10-29T02:00+02:00', '2023-10-29T02:00+01:00'])
  })

  it('New York\'s offsets (-05:00, -04:00) over both switches: the US rule at -05:00; London\'s (Z, +01:00): the EU rule at 0', async () => {
    expect((await timeOf(csv(hours(Date.UTC(2023, 2, 1), Date.UTC(2023, 10, 30)), (t) => offsetAt(t, NEW_YORK)))).clock).toEqual(NEW_YORK)
    const london: ClockRule = { rule: 'EU', std: 0 }
    expect((await timeOf(csv(hours(Date.UTC(2023, 2, 1), Date.UTC(2023, 10, 30)), (t) => offsetAt(t, london)))).clock).toEqual(london)
  })

  it('no rule is guessed: one switch only, switches on other days, one offset', async () => {
    // spring only: the autumn switch is not seen
    expect((await timeOf(csv(hours(Date.UTC(2023, 2, 1), Date.UTC(2023, 5, 1)), (t) => offsetAt(t, BERLIN)))).clock).toBeUndefined()
    // a clock that changes a week after the EU's (no known rule)
    const late = (t: number) => offsetAt(t - 7 * DAY, BERLIN)
    expect((await timeOf(csv(hours(Date.UTC(2023, 2, 1), Date.UTC(2023, 10, 30)), late))).clock).toBeUndefined()
    // one offset all year
    const one = await timeOf(csv(hours(Date.UTC(2023, 2, 1), Date.UTC(2023, 10, 30)), () => 60))
    expect(one.clock).toBeUndefined()
    expect(one.offsetMin).toBe(60)
  })

  it('rows out of order read as in order; one row off the rule among them, none', async () => {
    const times = hours(Date.UTC(2023, 2, 1), Date.UTC(2023, 10, 30))
    const shuffled = times.map((_, i) => times[(i * 7919) % times.length]!) // 7919 is prime to the count: every row once
    expect(new Set(shuffled).size).toBe(times.length)
    expect((await timeOf(csv(shuffled, (t) => offsetAt(t, BERLIN)))).clock).toEqual(BERLIN)
    const odd = shuffled[100]!
    expect((await timeOf(csv(shuffled, (t) => (t === odd ? offsetAt(t, BERLIN) === 60 ? 120 : 60 : offsetAt(t, BERLIN))))).clock).toBeUndefined()
  })

  it('daily rows at Berlin\'s midnight over both switches: the EU rule', async () => {
    const days = Array.from({ length: 400 }, (_, i) => Date.UTC(2023, 0, 1 + i) - offsetAt(Date.UTC(2023, 0, 1 + i) - 60 * 6e4, BERLIN) * 6e4)
    expect((await timeOf(csv(days, (t) => offsetAt(t, BERLIN)))).clock).toEqual(BERLIN)
  })

  it('monthly rows at Berlin\'s midnight on the 1st (2022-01 .. 2024-03): the EU rule, the autumn switch seen across 31 days and an hour', async () => {
    // 1 October 00:00+02:00 to 1 November 00:00+01:00 is 31 days and an hour of instants
    expect((await timeOf(csv(berlinMonths(2022, 27), (t) => offsetAt(t, BERLIN)))).clock).toEqual(BERLIN)
  })
})

/** `n` instants of Berlin's midnight on the 1st of each month from January of `year` (months > 1: every few months). */
function berlinMonths(year: number, n: number, months = 1): number[] {
  return Array.from({ length: n }, (_, i) => instantOf(Date.UTC(year, i * months, 1), BERLIN))
}

describe('stamps past the end follow the rule', () => {
  it('daily rows keep Berlin\'s midnight past the spring switch; advanceTime, stepsBetween and the year-9999 check agree', () => {
    // Berlin's midnights of 2024-03-28 .. 30 (23:00 UTC the day before); 31 March's is still winter time (the clock
    // goes forward at 02:00), 1 and 2 April's are summer time (22:00 UTC)
    const rows = Float64Array.from([27, 28, 29], (d) => Date.UTC(2024, 2, d, 23))
    const s = inferStep(rows, null, BERLIN)!
    expect(s).toEqual({ kind: 'ms', ms: DAY, clock: BERLIN })
    const last = rows[2]!
    expect([1, 2, 3].map((k) => new Date(advanceTime(last, s, k)).toISOString())).toEqual(['2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z', '2024-04-01T22:00:00.000Z'])
    expect(stepsBetween(last, Date.UTC(2024, 3, 1, 22), s)).toBe(3)
    expect(stepsBetween(Date.UTC(2024, 3, 1, 22), last, s)).toBe(-3)
    expect(stepsBetween(last, Date.UTC(2024, 3, 1, 23), s)).toBeNull() // 01:00 summer time: no whole day
    // autumn: midnight of the 27th in summer time, of the 28th in winter time (25 hours on)
    expect([1, 2].map((k) => new Date(advanceTime(Date.UTC(2024, 9, 25, 22), s, k)).toISOString())).toEqual(['2024-10-26T22:00:00.000Z', '2024-10-27T23:00:00.000Z'])
    // the year-9999 check counts the same steps: its last step is the last Berlin midnight within 9999 UTC (1 January 10000, at 23:00 UTC)
    const past = pastLastYearOf(last, s, 3_000_000)!
    expect(new Date(past.last).toISOString()).toBe('9999-12-31T23:00:00.000Z')
    expect(advanceTime(last, s, past.most)).toBe(past.last)
    expect(stepsBetween(last, past.last, s)).toBe(past.most)
  })

  // review (Medium): a fixed step of about 30.96 days, which drifted off the 1st within a few steps
  it('monthly rows at Berlin\'s midnight on the 1st: the stamps past the end are the next 1sts at 00:00 with the rule\'s offset; advanceTime, stepsBetween and the year-9999 check agree', () => {
    const rows = Float64Array.from(berlinMonths(2022, 27)) // 2022-01-01T00:00+01:00 .. 2024-03-01T00:00+01:00
    const s = inferStep(rows, null, BERLIN)!
    expect(s).toEqual({ kind: 'months', months: 1, monthEnd: false, clock: BERLIN })
    const last = rows[26]!
    const ahead = [1, 2, 3, 4, 5, 6].map((k) => advanceTime(last, s, k))
    expect(ahead.map((t) => stamp(t, offsetAt(t, BERLIN)))).toEqual(['2024-04-01T00:00+02:00', '2024-05-01T00:00+02:00', '2024-06-01T00:00+02:00', '2024-07-01T00:00+02:00', '2024-08-01T00:00+02:00', '2024-09-01T00:00+02:00'])
    expect(ahead.map((t) => stepsBetween(last, t, s))).toEqual([1, 2, 3, 4, 5, 6])
    expect(stepsBetween(ahead[5]!, rows[0]!, s)).toBe(-32)
    expect(stepsBetween(last, ahead[0]! + HOUR, s)).toBeNull() // 01:00 summer time: no month step
    // autumn: 1 November back at +01:00
    const oct = instantOf(Date.UTC(2024, 9, 1), BERLIN)
    expect(stamp(advanceTime(oct, s, 1), offsetAt(advanceTime(oct, s, 1), BERLIN))).toBe('2024-11-01T00:00+01:00')
    expect(clockNote(ahead, s, false)).toBe('the times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31)')
    // the year-9999 check counts the same steps: its last is Berlin's 1 January 10000 at 00:00+01:00, 23:00 UTC within 9999
    const past = pastLastYearOf(last, s, 200_000)!
    expect(new Date(past.last).toISOString()).toBe('9999-12-31T23:00:00.000Z')
    expect(advanceTime(last, s, past.most)).toBe(past.last)
    expect(stepsBetween(last, past.last, s)).toBe(past.most)
  })

  it('quarterly and yearly rows at Berlin\'s midnight on the 1st: calendar quarters and years on the clock; month ends too', () => {
    const quarters = Float64Array.from(berlinMonths(2021, 12, 3))
    const q = inferStep(quarters, null, BERLIN)!
    expect(q).toEqual({ kind: 'months', months: 3, monthEnd: false, clock: BERLIN })
    expect([1, 2].map((k) => stamp(advanceTime(quarters[11]!, q, k), offsetAt(advanceTime(quarters[11]!, q, k), BERLIN)))).toEqual(['2024-01-01T00:00+01:00', '2024-04-01T00:00+02:00'])
    const july = Float64Array.from([2019, 2020, 2021, 2022], (y) => instantOf(Date.UTC(y, 6, 1), BERLIN))
    const y = inferStep(july, null, BERLIN)!
    expect(y).toEqual({ kind: 'months', months: 12, monthEnd: false, clock: BERLIN })
    expect(stamp(advanceTime(july[3]!, y, 2), offsetAt(advanceTime(july[3]!, y, 2), BERLIN))).toBe('2024-07-01T00:00+02:00')
    // month ends at local midnight: 31 March 00:00+02:00, 30 April 00:00+02:00, ...
    const ends = Float64Array.from(Array.from({ length: 24 }, (_, i) => instantOf(Date.UTC(2023, i + 1, 0), BERLIN)))
    const e = inferStep(ends, null, BERLIN)!
    expect(e).toEqual({ kind: 'months', months: 1, monthEnd: true, clock: BERLIN })
    expect(stamp(advanceTime(ends[23]!, e, 2), offsetAt(advanceTime(ends[23]!, e, 2), BERLIN))).toBe('2025-02-28T00:00+01:00')
  })

  it('daily rows at a steady UTC time (01:00+01:00, then 02:00+02:00 across the switch) step in instants past the end too, as the rows do', () => {
    // (followed, the stamps past the spring switch moved to 23:00 UTC, an hour off the rows' rhythm)
    const rows = Float64Array.from({ length: 400 }, (_, i) => Date.UTC(2023, 0, 1 + i))
    const s = inferStep(rows, null, BERLIN)!
    expect(s).toEqual({ kind: 'ms', ms: DAY })
    const last = Date.UTC(2024, 2, 30)
    expect([1, 2, 3].map((k) => stamp(advanceTime(last, s, k), offsetAt(advanceTime(last, s, k), BERLIN)))).toEqual(['2024-03-31T01:00+01:00', '2024-04-01T02:00+02:00', '2024-04-02T02:00+02:00'])
  })

  it('hourly stamps skip the spring hour and repeat the autumn one, as instants; the note says the rule was followed', () => {
    const rows = Float64Array.from(hours(Date.UTC(2024, 9, 26, 19), Date.UTC(2024, 9, 26, 22)))
    const s = inferStep(rows, null, BERLIN)!
    const ahead = [1, 2, 3, 4].map((k) => advanceTime(rows[3]!, s, k))
    expect(ahead.map((t) => stamp(t, offsetAt(t, BERLIN)))).toEqual(['2024-10-27T01:00+02:00', '2024-10-27T02:00+02:00', '2024-10-27T02:00+01:00', '2024-10-27T03:00+01:00'])
    expect(clockNote(ahead, s, false)).toBe('the times past the end follow the EU clock changes seen in the file (the clocks go back on Sunday 2024-10-27)')
    expect(clockNote(ahead.slice(0, 1), s, false)).toBeNull() // not yet past the switch
    // fw forecast --steps has no upper bound: 200,000 hours past the end are said, not a stack overflow
    const many = Array.from({ length: 200_000 }, (_, k) => advanceTime(rows[3]!, s, k + 1))
    expect(clockNote(many, s, false)).toBe('the times past the end follow the EU clock changes seen in the file (the clocks go back on Sunday 2024-10-27, and 45 changes more)')
    // a step no rule is followed at (2 hours): steady, as before
    expect(inferStep(Float64Array.from([0, 2 * HOUR, 4 * HOUR]), null, BERLIN)).toEqual({ kind: 'ms', ms: 2 * HOUR })
  })

  // left by stop 52: 2, 6 and 12 h steps under a learnt rule stayed steady past the end and said nothing
  it('6-hourly stamps under the rule step in steady time, and say they drift against the file\'s clock once they pass a switch', () => {
    // Berlin's 00:00, 06:00, 12:00, 18:00 on 2024-03-30 (winter time), the last row 18:00+01:00
    const rows = Float64Array.from([0, 6, 12, 18].map((h) => Date.UTC(2024, 2, 29, 23 + h)))
    const s = inferStep(rows, null, BERLIN)!
    expect(s).toEqual({ kind: 'ms', ms: 6 * HOUR })
    const ahead = [1, 2, 3].map((k) => advanceTime(rows[3]!, s, k))
    // steady: 00:00+01:00, then 07:00+02:00 and 13:00+02:00, an hour later than the rows' times of day
    expect(ahead.map((t) => stamp(t, offsetAt(t, BERLIN)))).toEqual(['2024-03-31T00:00+01:00', '2024-03-31T07:00+02:00', '2024-03-31T13:00+02:00'])
    expect(clockNote(ahead, s, false, BERLIN)).toBe('the times past the end step in steady time, every 6 h, not with the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31): after it their clock times of day are an hour later (the files write each with its offset, so every stamp is its instant)')
    expect(clockNote(ahead.slice(0, 1), s, false, BERLIN)).toBeNull() // not yet past the switch
    // autumn: an hour earlier; 12-hourly says its own step
    const autumn = [1, 2, 3].map((k) => Date.UTC(2024, 9, 26, 16) + k * 12 * HOUR)
    expect(clockNote(autumn, { kind: 'ms', ms: 12 * HOUR }, false, BERLIN)).toMatch(/^the times past the end step in steady time, every 12 h, not with the EU clock changes seen in the file \(the clocks go back on Sunday 2024-10-27\): after it their clock times of day are an hour earlier /)
    // no rule learnt: nothing claimed, as before
    expect(clockNote(ahead, s, false, null)).toBeNull()
  })

  it('6-hourly rows that keep their clock times across the switches (00:00, 06:00, 12:00, 18:00 all year): the stamps past the end keep them too', () => {
    const clockTimes = Array.from({ length: 4 * 400 }, (_, i) => Date.UTC(2023, 0, 1) + i * 6 * HOUR)
    const rows = Float64Array.from(clockTimes, (c) => instantOf(c, BERLIN))
    const s = inferStep(rows, null, BERLIN)!
    expect(s).toEqual({ kind: 'ms', ms: 6 * HOUR, clock: BERLIN })
    const last = instantOf(Date.UTC(2024, 2, 30, 18), BERLIN)
    const ahead = [1, 2, 3].map((k) => advanceTime(last, s, k))
    expect(ahead.map((t) => stamp(t, offsetAt(t, BERLIN)))).toEqual(['2024-03-31T00:00+01:00', '2024-03-31T06:00+02:00', '2024-03-31T12:00+02:00'])
    expect(ahead.map((t) => stepsBetween(last, t, s))).toEqual([1, 2, 3])
    expect(clockNote(ahead, s, false, BERLIN)).toBe('the times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31)')
    // 2-hourly at even hours: 02:00 is the hour the spring switch skips, so no clock time is kept there: steady
    const even = Float64Array.from(Array.from({ length: 12 * 400 }, (_, i) => instantOf(Date.UTC(2023, 0, 1) + i * 2 * HOUR, BERLIN)))
    expect(inferStep(even, null, BERLIN)).toEqual({ kind: 'ms', ms: 2 * HOUR })
  })
})
