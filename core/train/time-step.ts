// The spacing of a time column and stamps past its end: calendar months (same day of month, or
// month ends), weekdays (business days: no row at a weekend) or a fixed step in ms (the median
// spacing). Its only imports are core/data/weekdays.ts, days.ts and clock-rule.ts (no others), so
// the renderer can use it (season.ts) without the engine.
import { DAY_MS as DAY } from '../data/days'
import { clockOf, clockTimes, instantOf, keepsClockTimes, switchesOf, type ClockRule } from '../data/clock-rule'
import { addWeekdays, closedHolidays, utcDay, weekdaysOnly } from '../data/weekdays'

/** Calendar months (same day of month, or month ends; `clock`: counted on the clock of the rule the
 *  data's offsets follow, where the rows keep their clock times there, as Berlin's 1st of each month
 *  at 00:00+01:00 in winter and 00:00+02:00 in summer), weekdays (Monday to Friday, a Friday's next
 *  step the Monday; `closed`: a holiday table's weekdays that the rows skip, skipped past the end
 *  too) or a fixed step in ms (the median spacing; `clock`: the daylight-saving rule the data's
 *  offsets follow, core/data/clock-rule.ts, which whole days, and steps of hours whose rows keep
 *  their clock times, step by in clock time). */
export type TimeStep = { kind: 'months'; months: number; monthEnd: boolean; clock?: ClockRule } | { kind: 'weekdays'; closed?: number[] } | { kind: 'ms'; ms: number; clock?: ClockRule }

const HOUR = 36e5
/** Steps a clock rule is always followed at: those that divide an hour (instants, which skip the
 *  spring hour and repeat the autumn one as the clock does). Whole days (local midnight stays
 *  midnight) and steps of several hours (2, 6, 12) follow it only where the rows themselves keep
 *  their clock times (keepsClockTimes); else they stay steady (days at a steady UTC time, as the
 *  rows step), and clockNote says where hours drift. */
const followsClock = (ms: number): boolean => ms <= HOUR && HOUR % ms === 0

const timeOfDay = (t: number) => ((t % DAY) + DAY) % DAY
const monthIndex = (t: number) => new Date(t).getUTCFullYear() * 12 + new Date(t).getUTCMonth()
const isMonthEnd = (t: number) => new Date(t + DAY).getUTCDate() === 1

/** The step of `time` (sorted epoch ms). holidays: the run's holiday table (YYYY-MM-DD), read only
 *  for business days: when the rows skip every one of its weekdays within their span, the stamps
 *  past the end skip its days as well (closedHolidays). clock: the rule the time column's offsets
 *  follow (DateColumn.clock), kept with a fixed step it can be followed at. */
export function inferStep(time: Float64Array, holidays?: readonly string[] | null, clock?: ClockRule | null): TimeStep | null {
  if (time.length < 2) return null
  const d = new Float64Array(time.length - 1) // (N - 1) the spacings, sorted
  for (let i = 0; i + 1 < time.length; i++) d[i] = time[i + 1]! - time[i]!
  d.sort()
  const ms = d[d.length >> 1]!
  if (ms >= 28 * DAY) {
    // under a rule, where the rows keep their clock times (the reading series.ts judges their steps
    // on), months on its clock: Berlin's 1st at 00:00 is 23:00 UTC in winter, 22:00 in summer
    const c = clock ? clockTimes(time, clock) : null
    const onClock = c ? calendarMonths(c) : null
    if (onClock) return { ...onClock, clock: clock! }
    const m = calendarMonths(time)
    if (m) return m
  }
  if (weekdaysOnly(time, ms)) {
    const closed = holidays?.length ? closedHolidays(time, holidays).closed : null
    return closed ? { kind: 'weekdays', closed } : { kind: 'weekdays' }
  }
  if (!(ms > 0)) return null
  return clock && (followsClock(ms) || keepsClockTimes(time, ms, clock)) ? { kind: 'ms', ms, clock } : { kind: 'ms', ms }
}

/** Calendar months of sorted times (UTC, or clock times as if UTC): every row at one time of day, on
 *  one day of month or on month ends, a median of at least one month apart; null otherwise. */
function calendarMonths(time: Float64Array): { kind: 'months'; months: number; monthEnd: boolean } | null {
  const day = new Date(time[0]!).getUTCDate()
  const tod = timeOfDay(time[0]!)
  const sameTod = time.every((t) => timeOfDay(t) === tod)
  const sameDay = time.every((t) => new Date(t).getUTCDate() === day)
  const monthEnd = !sameDay && time.every(isMonthEnd)
  if (!sameTod || !(sameDay || monthEnd)) return null
  const md = Float64Array.from({ length: time.length - 1 }, (_, i) => monthIndex(time[i + 1]!) - monthIndex(time[i]!)).sort()
  const months = md[md.length >> 1]!
  return months >= 1 ? { kind: 'months', months, monthEnd } : null
}

/** Steps over an hour (whole days, or the hours keepsClockTimes finds) stepped in the clock time
 *  of a rule (null: none, or a step of instants). */
const clockDays = (s: TimeStep): ClockRule | null => (s.kind === 'ms' && s.clock && s.ms > HOUR ? s.clock : null)

/** t advanced by k steps; a day of month that the target month lacks is clamped to its last day. */
export function advanceTime(t: number, s: TimeStep, k: number): number {
  const clock = clockDays(s)
  if (clock) return instantOf(clockOf(t, clock) + k * (s as { ms: number }).ms, clock)
  if (s.kind === 'ms') return t + k * s.ms
  if (s.kind === 'weekdays') return addWeekdays(t, k, s.closed ? closedSet(s.closed) : undefined)
  if (s.clock) return instantOf(addMonths(clockOf(t, s.clock), s, k), s.clock)
  return addMonths(t, s, k)
}

/** t (UTC, or a clock time as if UTC) advanced by k steps of calendar months. */
function addMonths(t: number, s: { months: number; monthEnd: boolean }, k: number): number {
  const d = new Date(t)
  const m = d.getUTCFullYear() * 12 + d.getUTCMonth() + k * s.months
  const y = Math.floor(m / 12)
  const mo = m - y * 12
  const last = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate()
  return Date.UTC(y, mo, s.monthEnd ? last : Math.min(d.getUTCDate(), last)) + timeOfDay(t)
}

/** The last instant a date can have: 9999-12-31, the last day with a four-digit year (a CSV or
 *  spreadsheet cell past it reads "+010353-03-01"). */
export const LAST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/** How far `steps` steps past `t` go past 9999-12-31: the year they reach, the most steps that stay
 *  within it (`most`) and the last one's time; null when they stay within it. */
export function pastLastYearOf(t: number, s: TimeStep, steps: number): { year: string; most: number; last: number } | null {
  const end = advanceTime(t, s, steps)
  if (end <= LAST_TIME) return null
  let lo = 0 // advanceTime(t, s, lo) <= LAST_TIME < advanceTime(t, s, hi)
  let hi = steps
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (advanceTime(t, s, mid) <= LAST_TIME) lo = mid
    else hi = mid
  }
  const year = Number.isFinite(end) && Math.abs(end) <= 8.64e15 ? String(new Date(end).getUTCFullYear()) : 'past 275,000'
  return { year, most: lo, last: advanceTime(t, s, lo) }
}

/** Why `steps` steps past the end cannot be dated (they leave year 9999), from pastLastYearOf's
 *  facts: the year they reach, and the most steps that stay within it with the last one's date. */
export function pastLastYearWords(p: { year: string; most: number; last: number }, steps: number): string {
  const last = p.most === 0 ? '' : `: at most ${p.most} ${p.most === 1 ? 'step' : 'steps'}, the last on ${new Date(p.last).toISOString().slice(0, 10)}`
  return `${steps} steps past the end reach year ${p.year}, and dates stop at 9999-12-31${last}`
}

const closedSets = new WeakMap<number[], Set<number>>()
/** One Set per step's closed days, not one per stamp. */
function closedSet(days: number[]): Set<number> {
  let set = closedSets.get(days)
  if (!set) closedSets.set(days, (set = new Set(days)))
  return set
}

/** What a run says of its holiday table when the time column is business days (null otherwise, or
 *  with no table): whether the stamps past the end skip the table's days, and why. */
export function holidaysNote(time: Float64Array | null, holidays: readonly string[] | undefined): string | null {
  if (!time || !holidays?.length) return null
  const s = inferStep(time)
  if (s?.kind !== 'weekdays') return null
  const { closed, within, open } = closedHolidays(time, holidays)
  const span = 'between the first and last row'
  if (closed)
    return `the rows skip ${within === 1 ? 'the one weekday' : `all ${within} weekdays`} of the holiday table ${span} (a business-day series closed on holidays): forecasts past the end skip the table's holidays too, as they skip weekends`
  if (within === 0) return `none of the holiday table's weekdays lies ${span}, so the rows cannot tell whether the series closes on holidays: forecasts past the end keep every weekday`
  return `the rows have a row on ${open} of the holiday table's ${within} weekdays ${span}: the series is open on holidays, so forecasts past the end keep every weekday, holidays included`
}

/** The whole number of steps k from time a to time b (negative when b is before a): the k with
 *  advanceTime(a, s, k) === b, counted as advanceTime counts them (business days skip weekends and
 *  a closed holiday table's days; calendar months count months). null when b is no whole number of
 *  steps from a (another time of day, a weekend day, a day of month the step never reaches). */
export function stepsBetween(a: number, b: number, s: TimeStep): number | null {
  if (b < a) {
    const k = stepsBetween(b, a, s)
    return k === null ? null : -k
  }
  let k: number
  const clock = clockDays(s)
  if (clock) k = (clockOf(b, clock) - clockOf(a, clock)) / (s as { ms: number }).ms
  else if (s.kind === 'ms') k = (b - a) / s.ms
  else if (s.kind === 'months') k = s.clock ? (monthIndex(clockOf(b, s.clock)) - monthIndex(clockOf(a, s.clock))) / s.months : (monthIndex(b) - monthIndex(a)) / s.months
  else {
    const closed = s.closed ? closedSet(s.closed) : undefined
    const open = (t: number) => utcWeekday(t) && !closed?.has(Math.floor(t / DAY))
    if ((b - a) % DAY !== 0 || !open(a) || !open(b)) return null
    // whole weeks hold 5 weekdays; the few days left are counted one by one, and so are the closed days
    const days = (b - a) / DAY
    k = Math.floor(days / 7) * 5
    for (let t = a + Math.floor(days / 7) * 7 * DAY + DAY; t <= b; t += DAY) if (utcWeekday(t)) k++
    if (closed) for (const d of closed) if (d * DAY > a && d * DAY <= b && utcWeekday(d * DAY)) k--
  }
  return Number.isInteger(k) && advanceTime(a, s, k) === b ? k : null
}

const utcWeekday = (t: number) => utcDay(t) % 6 !== 0

/** Whether a local clock time falls where a daylight-saving change can: a Sunday, midnight to
 *  4 a.m., in March, April, September, October or November (the rules of Europe, North America,
 *  Australia and Chile all switch then). */
function switchNight(t: number): boolean {
  const d = new Date(t)
  return d.getUTCDay() === 0 && d.getUTCHours() < 4 && [2, 3, 8, 9, 10].includes(d.getUTCMonth())
}

/** What a forecast past the end says of local clock times (read without a UTC offset, `local`) at
 *  a step under a day, where its stamps (`times`) pass a night a daylight-saving change can fall on:
 *  they step in steady clock time, with no change, as the data's clock (its zone unknown, and the
 *  machine's zone no guide to it) may or may not have one then. Null otherwise. */
export function steadyClockNote(times: readonly (number | null)[], s: TimeStep | null, local: boolean): string | null {
  if (!local || s?.kind !== 'ms' || s.ms >= DAY) return null
  const night = times.find((t): t is number => t !== null && switchNight(t))
  if (night === undefined) return null
  const day = new Date(night).toISOString().slice(0, 10)
  return `the times are local clock times (no UTC offset), so the stamps past the end step in steady clock time, with no daylight-saving change: they pass the night of Sunday ${day}, when many clocks change; if this data's clock changes then, the stamps after it are an hour off its clock, and one may name an hour the clock skips`
}

/** The switches of `rule` the stamps past the end (`times`, a step `s` after the data's last row)
 *  pass, in order, each with the way the clocks go. */
function switchesPassed(times: readonly (number | null)[], s: TimeStep, rule: ClockRule): [number, 'forward' | 'back'][] {
  // a loop, not Math.min(...t): fw forecast --steps has no upper bound, and spreading 130,000
  // stamps or more overflows the stack
  let first = Infinity
  let to = -Infinity
  for (const x of times) if (x !== null && Number.isFinite(x)) (first = Math.min(first, x)), (to = Math.max(to, x))
  if (to === -Infinity) return []
  const from = advanceTime(first, s, -1) // the data's last row
  const passed: [number, 'forward' | 'back'][] = []
  for (let y = new Date(from).getUTCFullYear(); y <= new Date(to).getUTCFullYear(); y++) {
    const [fwd, back] = switchesOf(y, rule)
    if (fwd > from && fwd <= to) passed.push([fwd, 'forward'])
    if (back > from && back <= to) passed.push([back, 'back'])
  }
  return passed
}

/** The first switch passed, in words: "the clocks go forward on Sunday 2024-03-31, and 1 change more". */
function passedWords(passed: [number, 'forward' | 'back'][]): string {
  const [x, way] = passed[0]!
  const more = passed.length > 1 ? `, and ${passed.length - 1} ${passed.length === 2 ? 'change' : 'changes'} more` : ''
  return `the clocks go ${way} on Sunday ${new Date(x).toISOString().slice(0, 10)}${more}`
}

/** What a forecast past the end says of its stamps (`times`, step `s`) and the clock: where the
 *  step follows the rule the file's offsets show (s.clock: days, hours, or calendar months) and the stamps pass a switch, that they
 *  follow it; where the file's offsets follow a rule (`rule`: DateColumn.clock) that a step of
 *  several hours under a day (2, 6, 12 h) does not follow, and the stamps pass a switch, that they
 *  step in steady time and drift an hour against the file's clock; else, for local clock times
 *  (`local`), steadyClockNote's warning. Null otherwise. */
export function clockNote(times: readonly (number | null)[], s: TimeStep | null, local: boolean, rule: ClockRule | null = null): string | null {
  if ((s?.kind === 'ms' || s?.kind === 'months') && s.clock) {
    const passed = switchesPassed(times, s, s.clock)
    return passed.length ? `the times past the end follow the ${s.clock.rule} clock changes seen in the file (${passedWords(passed)})` : null
  }
  if (s?.kind === 'ms' && rule && s.ms < DAY) {
    const passed = switchesPassed(times, s, rule)
    if (!passed.length) return null
    const drift = passed[0]![1] === 'forward' ? 'an hour later' : 'an hour earlier'
    return `the times past the end step in steady time, every ${s.ms % HOUR === 0 ? `${s.ms / HOUR} h` : `${s.ms / 6e4} min`}, not with the ${rule.rule} clock changes seen in the file (${passedWords(passed)}): after it their clock times of day are ${drift} (the files write each with its offset, so every stamp is its instant)`
  }
  return steadyClockNote(times, s, local)
}
