// Days as the workbench counts them: UTC days (no time zone, no daylight saving), numbered from
// 1 January 1970 (day 0; earlier days are negative) and written YYYY-MM-DD. A holiday table's dates,
// a model file's closed weekdays (fitted.closed) and the notices' dates all go through here. No
// imports, so the renderer and every part of core use it as it is.

/** Milliseconds in a day (UTC days have no daylight saving). */
export const DAY_MS = 864e5

/** The UTC day number of a time in ms since 1970 (its time of day dropped). */
export const dayNumber = (t: number): number => Math.floor(t / DAY_MS)

/** The UTC day number of a date written YYYY-MM-DD (a holiday table's), NaN when it is not one. */
export function isoToDay(s: string): number {
  return dayNumber(Date.parse(`${s}T00:00:00Z`))
}

/** A UTC day number written YYYY-MM-DD: isoToDay's inverse. Throws, as toISOString does, for NaN. */
export function dayToIso(d: number): string {
  return isoDate(d * DAY_MS)
}

/** The UTC day of a time in ms since 1970, written YYYY-MM-DD (its time of day dropped). */
export function isoDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10)
}

/** A time as the notices write it: the day alone (YYYY-MM-DD) at midnight UTC, else the whole ISO
 *  stamp (2024-03-01T13:00:00.000Z); a step index's time (`step`: its time column is an integer
 *  step index, core/data/step-index) as its integer, never read as milliseconds since 1970. */
export function isoDayOrStamp(t: number, step = false): string {
  if (step) return String(t)
  const s = new Date(t).toISOString()
  return s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : s
}
