// Business-day series: a row every weekday, none on a Saturday or Sunday (closing prices, trading-day
// sales). Their step is one weekday: Friday to Monday is one step, not a gap of three days, the
// weekly cycle is five rows, and the stamps past the end skip weekends. Days are UTC days, as
// everywhere in the workbench. A holiday (a weekday without a row) stays an irregular step: no
// holiday table is known here. No imports, so the renderer and core/train use it as it is.

const DAY = 864e5

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

/** t moved k >= 0 weekdays on (t itself a weekday): Friday + 1 is Monday, Monday + 5 the next Monday. */
export function addWeekdays(t: number, k: number): number {
  const d = utcDay(t) // 1..5
  const rem = k % 5
  let days = Math.floor(k / 5) * 7 + rem
  if (d + rem > 5) days += 2
  return t + days * DAY
}
