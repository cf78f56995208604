// Business-day series: a row every weekday, none on a Saturday or Sunday (closing prices, trading-day
// sales). Their step is one weekday: Friday to Monday is one step, not a gap of three days, the
// weekly cycle is five rows, and the stamps past the end skip weekends. Days are UTC days, as
// everywhere in the workbench. Holidays (a few weekdays without a row, closedWeekdays) are said as
// information, not as irregular steps; inside the data a window reads the rows either side as one
// step apart, as a market closed that day has it. Past the end, the stamps also skip the days of a
// holiday table (fw train --holidays) when the rows show the series closed on them (closedHolidays). Its one
// import is days.ts (UTC day numbers, no imports), so the renderer and core/train use it as it is.

import { DAY_MS as DAY, isoToDay } from './days'

/** 0 = Sunday .. 6 = Saturday, in UTC (1 January 1970 was a Thursday). */
export function utcDay(t: number): number {
  return (((Math.floor(t / DAY) + 4) % 7) + 7) % 7
}

/** Fewest Friday-to-Monday steps before a weekday-only column is read as business days: one could
 *  be a weekend that is merely missing, two in a column with no weekend row at all are a pattern. */
export const MIN_WEEKENDS = 2

/**
 * True when `t` (sorted epoch ms) steps by whole days with a median step of one day, has no row on a
 * Saturday or Sunday, and steps from a Friday to the next Monday at least MIN_WEEKENDS times.
 * `medianMs`: the median of its steps (the caller has it).
 */
export function weekdaysOnly(t: ArrayLike<number>, medianMs: number): boolean {
  if (medianMs !== DAY || t.length < 3) return false
  let weekends = 0
  for (let i = 0; i < t.length; i++) {
    const d = utcDay(t[i]!)
    if (d === 0 || d === 6) return false
    if (i > 0 && d === 1 && t[i]! - t[i - 1]! === 3 * DAY) weekends++
  }
  return weekends >= MIN_WEEKENDS
}

/** t moved k >= 0 weekdays on (t itself a weekday): Friday + 1 is Monday, Monday + 5 the next Monday.
 *  closed: UTC day numbers (floor(ms / day)) that are skipped too, as weekends are. */
export function addWeekdays(t: number, k: number, closed?: ReadonlySet<number>): number {
  if (closed && closed.size) {
    let out = t
    for (let left = k; left > 0; ) {
      out += DAY
      const d = utcDay(out)
      if (d !== 0 && d !== 6 && !closed.has(Math.floor(out / DAY))) left--
    }
    return out
  }
  const d = utcDay(t) // 1..5
  const rem = k % 5
  let days = Math.floor(k / 5) * 7 + rem
  if (d + rem > 5) days += 2
  return t + days * DAY
}

/** Most weekdays in a row that a closure skips and still reads as holidays: a Christmas-to-New-Year
 *  run, a market shut for days (four after 11 September 2001). A missing week or more is a gap. */
export const MAX_CLOSED_RUN = 4
/** Most weekdays without a row, as a share of the weekdays from the first row to the last, that still
 *  read as holidays: exchanges close on some 9 to 16 weekdays a year (4 to 6 %); more is data with gaps. */
export const MAX_CLOSED_SHARE = 0.1

/** Weekdays strictly between two weekday times a whole number of days apart (at most two weeks);
 *  -1 otherwise. */
function weekdaysBetween(a: number, b: number): number {
  const days = (b - a) / DAY
  if (!Number.isInteger(days) || days < 1 || days > 14) return -1
  let n = 0
  for (let k = 1; k < days; k++) if (utcDay(a + k * DAY) % 6 !== 0) n++
  return n
}

/** The weekdays a business-day series (sorted epoch ms, weekdaysOnly) has no row on that read as
 *  holidays: its steps over 1 to MAX_CLOSED_RUN missing weekdays, when those weekdays are at most
 *  MAX_CLOSED_SHARE of the weekdays in its span. `steps`: the indices i whose step to i + 1 skips
 *  them; `days`: how many weekdays; `first`: the first of them (epoch ms). null when there are none,
 *  or too many to be holidays (then every such step is an irregular one). One rule for a run's
 *  notice (core/data/series.ts stepSpacing) and the Data view's. */
export function closedWeekdays(t: ArrayLike<number>): { steps: Set<number>; days: number; first: number } | null {
  const steps = new Set<number>()
  let days = 0
  let first = NaN
  for (let i = 1; i < t.length; i++) {
    const n = weekdaysBetween(t[i - 1]!, t[i]!)
    if (n < 1 || n > MAX_CLOSED_RUN) continue
    steps.add(i - 1)
    days += n
    if (first !== first) first = addWeekdays(t[i - 1]!, 1)
  }
  return days > 0 && days <= MAX_CLOSED_SHARE * (t.length + days) ? { steps, days, first } : null
}

/** The weekdays themselves (UTC day numbers, ascending) that closedWeekdays reads as holidays in
 *  `t`; null where it reads none (none missing, or too many to be holidays). */
export function closedDays(t: ArrayLike<number>): number[] | null {
  const c = closedWeekdays(t)
  if (!c) return null
  const out: number[] = []
  for (const i of c.steps)
    for (let d = Math.floor(t[i]! / DAY) + 1; d < Math.floor(t[i + 1]! / DAY); d++) if (utcDay(d * DAY) % 6 !== 0) out.push(d)
  return out.sort((a, b) => a - b)
}

/** What the rows of a business-day series say of a holiday table: `closed`, the table's weekdays
 *  (UTC day numbers, sorted), when at least one of them lies within the rows' span and none of those
 *  has a row (an exchange closed on its holidays); `within`, how many lie within the span; `open`,
 *  how many of those have a row. */
export interface HolidayReading { closed: number[] | null; within: number; open: number }

/** `t` (sorted epoch ms, a business-day series: weekdaysOnly) read against a holiday table. */
export function closedHolidays(t: ArrayLike<number>, holidays: readonly string[]): HolidayReading {
  const days = [...new Set(holidays.map(isoToDay))].filter((d) => Number.isFinite(d) && utcDay(d * DAY) % 6 !== 0).sort((a, b) => a - b)
  if (!t.length) return { closed: null, within: 0, open: 0 }
  const first = Math.floor(t[0]! / DAY)
  const last = Math.floor(t[t.length - 1]! / DAY)
  const rows = new Set<number>()
  for (let i = 0; i < t.length; i++) rows.add(Math.floor(t[i]! / DAY))
  let within = 0
  let open = 0
  for (const d of days) {
    if (d < first || d > last) continue
    within++
    if (rows.has(d)) open++
  }
  return { closed: within > 0 && open === 0 ? days : null, within, open }
}
