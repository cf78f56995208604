// The daylight-saving rule a time column's UTC offsets follow, learnt from the file itself: times
// written with offsets that change (2024-03-31T01:00:00+01:00, then 03:00:00+02:00) show where the
// data's clock switched. Where every offset matches one known rule (the EU's or the US's) and the
// rows show at least one switch each way, the stamps past the end follow that rule (time-step.ts);
// otherwise none is guessed, and they step in steady time as before. Pure; imports only days.ts.
//   EU: summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
//       October, at every standard offset (Lisbon, London, Berlin, Helsinki alike).
//   US: daylight time from 02:00 local standard time on the second Sunday of March to 02:00 local
//       daylight time on the first Sunday of November (the rule since 2007).
// Both move the clock by one hour.
import { DAY_MS } from './days'

export type ClockRuleName = 'EU' | 'US'
/** A rule and the data's standard (winter) offset, in minutes east of UTC (+01:00: 60). */
export interface ClockRule { rule: ClockRuleName; std: number }

const RULES: readonly ClockRuleName[] = ['EU', 'US']
const HOUR = 36e5
const MIN = 6e4

/** Sunday number n (1, 2: from the month's start; -1: the last) of month m (0-based) of year y, at 00:00 UTC. */
function sunday(y: number, m: number, n: number): number {
  if (n > 0) {
    const first = Date.UTC(y, m, 1)
    return first + (((7 - new Date(first).getUTCDay()) % 7) + 7 * (n - 1)) * DAY_MS
  }
  const last = Date.UTC(y, m + 1, 0)
  return last - new Date(last).getUTCDay() * DAY_MS
}

/** The instants year y's clock goes forward and back under `r`. */
export const switchesOf = (y: number, r: ClockRule): [number, number] => switchesFor(y, r.rule, r.std)

function switchesFor(y: number, rule: ClockRuleName, std: number): [number, number] {
  // an import asks this of every row, for two rules and two offsets: kept per rule, offset and year
  const key = (y * 4096 + std + 2048) * 2 + (rule === 'EU' ? 0 : 1)
  let s = switchMemo.get(key)
  if (!s) {
    if (switchMemo.size > 4096) switchMemo.clear()
    s = rule === 'EU' ? [sunday(y, 2, -1) + HOUR, sunday(y, 9, -1) + HOUR] : [sunday(y, 2, 2) + 2 * HOUR - std * MIN, sunday(y, 10, 1) + 2 * HOUR - (std + 60) * MIN]
    switchMemo.set(key, s)
  }
  return s
}
const switchMemo = new Map<number, [number, number]>()

/** The UTC year of instant t (the last year asked kept, as rows come in order). */
function yearOf(t: number): number {
  if (t >= lastYear.from && t < lastYear.to) return lastYear.y
  const y = new Date(t).getUTCFullYear()
  lastYear = { y, from: new Date(0).setUTCFullYear(y, 0, 1), to: new Date(0).setUTCFullYear(y + 1, 0, 1) } // (Date.UTC reads years 0-99 as 19xx)
  return y
}
let lastYear = { y: NaN, from: NaN, to: NaN }

/** The offset (minutes east of UTC) the clock of `r` shows at instant t. */
export const offsetAt = (t: number, r: ClockRule): number => offsetFor(t, r.rule, r.std)

function offsetFor(t: number, rule: ClockRuleName, std: number): number {
  const s = switchesFor(yearOf(t), rule, std)
  return t >= s[0] && t < s[1] ? std + 60 : std
}

/** The instant whose clock time under `r` reads `clock` (a clock time as ms, as if UTC). A time the
 *  spring switch skips reads as the instant an hour later's clock would (02:30 as 03:30 summer
 *  time); a time the autumn switch repeats, as its first (summer) instant. */
export function instantOf(clock: number, r: ClockRule): number {
  const summer = clock - (r.std + 60) * MIN
  if (offsetAt(summer, r) === r.std + 60) return summer
  return clock - r.std * MIN
}

/** The clock time (ms, as if UTC) instant t shows under `r`. */
export const clockOf = (t: number, r: ClockRule): number => t + offsetAt(t, r) * MIN

/** The time of day of ms t (UTC, or a clock time as if UTC). */
const dayTime = (t: number): number => ((t % DAY_MS) + DAY_MS) % DAY_MS

/** Whether sorted rows `time` a step of `ms` apart keep their clock times of day under `rule`
 *  across its switches, so the stamps past the end can keep them too (core/train/time-step.ts), and
 *  their steps are judged on the clock (series.ts). Whole days: every step across a switch is whole
 *  days on the clock (local midnight, 23 or 25 hours apart there; none crossed: either reading is
 *  the same), not rows at a steady UTC time (01:00+01:00, then 02:00+02:00), which step in instants.
 *  Hours dividing a day (00:00, 06:00, 12:00, 18:00 in winter and summer: a 5 h or 7 h step across
 *  each): every step across a switch is one step on the clock, at least one is, and none of those
 *  clock times falls in the hour a switch skips or repeats (there the clock time would name no
 *  instant, or two). */
export function keepsClockTimes(time: Float64Array, ms: number, rule: ClockRule): boolean {
  if (ms > 0 && ms % DAY_MS === 0) {
    for (let i = 1; i < time.length; i++) {
      const [a, b] = [time[i - 1]!, time[i]!]
      if (clockOf(a, rule) - a !== clockOf(b, rule) - b && (clockOf(b, rule) - clockOf(a, rule)) % DAY_MS !== 0) return false
    }
    return true
  }
  if (ms <= HOUR || ms >= DAY_MS || DAY_MS % ms !== 0) return false
  let crossed = 0
  for (let i = 1; i < time.length; i++) {
    const [a, b] = [time[i - 1]!, time[i]!]
    if (clockOf(a, rule) - a === clockOf(b, rule) - b) continue // no switch between
    if (clockOf(b, rule) - clockOf(a, rule) !== ms) return false
    crossed++
  }
  const [fwd, back] = switchesOf(new Date(time[0]!).getUTCFullYear(), rule)
  const odd = [dayTime(fwd + rule.std * MIN), dayTime(back + rule.std * MIN)] // the clock hour skipped, the one repeated
  for (let x = dayTime(clockOf(time[0]!, rule)) % ms; x < DAY_MS; x += ms) if (odd.some((h) => x >= h && x < h + HOUR)) return false
  return crossed > 0
}

/** Sorted instants `t` as the clock of `rule` shows them, where the rows keep their clock times at
 *  their usual step on that clock (keepsClockTimes): whole days (daily, weekly, monthly rows at
 *  local midnight: a 23 h day is a day there) or hours dividing a day (00:00, 06:00, ...); null for
 *  other steps, which step in instants (hourly: the clock skips and repeats an hour; days at a
 *  steady UTC time, 01:00+01:00 then 02:00+02:00). One reading for judging the steps within the
 *  file (core/data/series.ts) and for the step past its end (core/train/time-step.ts). */
export function clockTimes(t: Float64Array, rule: ClockRule): Float64Array | null {
  if (t.length < 2) return null
  const c = Float64Array.from(t, (x) => clockOf(x, rule))
  const d = new Float64Array(c.length - 1) // (N-1)
  for (let i = 1; i < c.length; i++) d[i - 1] = c[i]! - c[i - 1]!
  const median = d.sort()[d.length >> 1]!
  return median > 0 && keepsClockTimes(t, median, rule) ? c : null
}

/** What the rows' (instant, offset) pairs say of each rule, gathered row by row (a file read in
 *  parts merges them with mergeClockEvidence): per rule, the standard offset the rows imply (null:
 *  none yet; NaN: rows disagree, or one fits no reading) and the standard offsets that every row
 *  both readings fit allows (rows within an hour of a US switch, read as standard or as daylight
 *  time of the offset an hour behind; null: no such row). */
export type ClockEvidence = Record<ClockRuleName, { std: number | null; either: number[] | null }>

export const newClockEvidence = (): ClockEvidence => ({ EU: { std: null, either: null }, US: { std: null, either: null } })

const same = (a: number | null, b: number | null): number | null => (a === null ? b : b === null || a === b ? a : NaN)
const both = (a: number[] | null, b: number[]): number[] => (a === null ? b : a.filter((x) => b.includes(x)))

/** Adds one row: instant t written with offset o (minutes east of UTC). */
export function addClockEvidence(ev: ClockEvidence, t: number, o: number): void {
  if (!Number.isFinite(t)) return
  // a row with the last row's offset, between the same switches, says what it said: skipped (rows
  // come in order, so an import reads the switches once per stretch, not per row)
  if (o === seen.o && t >= seen.from && t < seen.to && seen.ev === ev) return
  const y = yearOf(t)
  let from = lastYear.from
  let to = lastYear.to
  for (const rule of RULES) {
    const e = ev[rule]
    for (const std of [o, o - 60]) {
      for (const x of switchesFor(y, rule, std)) {
        if (x <= t && x > from) from = x
        if (x > t && x < to) to = x
      }
    }
    if (e.std !== null && e.std !== e.std) continue
    const asStd = offsetFor(t, rule, o) === o
    const asSummer = offsetFor(t, rule, o - 60) === o
    if (asStd && asSummer) e.either = both(e.either, [o, o - 60])
    else e.std = same(e.std, asStd ? o : asSummer ? o - 60 : NaN)
  }
  seen = { ev, o, from, to }
}
/** The stretch the last row's verdict holds on (addClockEvidence), for the evidence it went to. */
let seen: { ev: ClockEvidence | null; o: number; from: number; to: number } = { ev: null, o: NaN, from: NaN, to: NaN }

export function mergeClockEvidence(a: ClockEvidence, b: ClockEvidence): void {
  for (const rule of RULES) {
    a[rule].std = same(a[rule].std, b[rule].std)
    a[rule].either = b[rule].either === null ? a[rule].either : both(a[rule].either, b[rule].either)
  }
}

/** Rows further apart than this do not show a switch between them (a month: rows either side; the
 *  longest month on the clock plus the hour an autumn switch adds, so monthly rows at local midnight,
 *  00:00+02:00 on the 1st of October then 00:00+01:00 on the 1st of November, show it). */
const SEEN_WITHIN = 31 * DAY_MS + HOUR

/** The rule the rows follow: the one rule every row's offset fits, with at least one switch
 *  forward and one back between rows at most a month apart (`times`: the rows' instants). Null
 *  where no rule, or more than one, fits, or the rows do not show both switches. */
export function learnClockRule(ev: ClockEvidence, times: Float64Array): ClockRule | null {
  const fits = RULES.flatMap((rule): ClockRule[] => {
    const { std, either } = ev[rule]
    if (std === null || std !== std || (either !== null && !either.includes(std))) return []
    return [{ rule, std }]
  })
  if (fits.length !== 1) return null
  const r = fits[0]!
  const t = Float64Array.from(times.filter((x) => Number.isFinite(x))).sort()
  let forward = false
  let back = false
  for (let i = 1; i < t.length; i++) {
    if (t[i]! === t[i - 1]! || t[i]! - t[i - 1]! > SEEN_WITHIN) continue
    const a = offsetAt(t[i - 1]!, r)
    const b = offsetAt(t[i]!, r)
    if (b > a) forward = true
    else if (b < a) back = true
  }
  return forward && back ? r : null
}

/** The rule as a stored column's metadata holds it (ClockRule), or null for anything else. */
export function clockRuleOf(x: unknown): ClockRule | null {
  const c = x as Partial<ClockRule> | null | undefined
  return c && typeof c === 'object' && (c.rule === 'EU' || c.rule === 'US') && Number.isInteger(c.std) && Math.abs(c.std!) <= 14 * 60 ? { rule: c.rule, std: c.std! } : null
}
