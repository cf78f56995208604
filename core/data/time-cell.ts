// The time column of every forecast file (the export's CSV and XLSX, fw train's predictions.csv,
// fw predict and fw forecast, the app's Apply model, a global model's series file), written as a
// spreadsheet reads a date: ISO text with a T, milliseconds and a Z stays text in Excel, so it
// could not be sorted or charted by date. A notice that names times of the data (core/train/
// season-start.ts) writes them in the same forms, so they read as the file's cells do. Pure: here in
// core/data so that core/train as well as core/export can use it.
//
// One form per file, chosen from all its stamps, the least that loses nothing:
//   'date'    every stamp is midnight UTC (daily, weekly, monthly data): 2024-03-01
//   'seconds' some stamp has a time of day, none a fraction of a second: 2024-03-01 13:00:00
//   'millis'  some stamp has a fraction of a second: 2024-03-01 13:00:00.250
// All are UTC with no zone written (docs/export.md says so); the data importer reads them back as
// UTC, so a forecast file fed back to the app or fw predict lands on the same instants.
//
// Data whose times carried a UTC offset (2021-11-04T13:00:00+01:00) is read in UTC, so its stamps
// are instants, and a stamp without a zone would read as another clock's time. Its files write each
// time with its zone instead (TimeZoneMark): in the data's own offset where every time had the one
// offset (13:00:00+01:00, as the file wrote it); where the offsets follow a daylight-saving rule the
// import learnt (./clock-rule), each stamp with the offset its clock shows, as the file wrote it
// (2024-03-31T01:00:00+01:00, then 03:00:00+02:00), and past the end the offset the rule gives;
// where several offsets follow no rule the import learnt (one switch seen, +05:30 and +05:45), each
// row's own offset, kept per instant (ZoneSteps), and past the end the last row's; else (two rows
// at one instant with two offsets, or stored before either was kept) in UTC marked Z. Always with
// the time of day, as a date alone would read back as UTC midnight.
//
// An integer step index (t = 1..N, ./step-index) is no date: its stamps are the integers, written as
// they are ('step'), past the end as well (last + k·step).
//
// Data whose times were ISO weeks (2024-W05, read as the week's Monday) writes its stamps back as
// weeks, 'week', where every stamp of the file is a Monday at midnight UTC (a weekly run and its
// forecasts past the end); a file with another stamp (the weeks resampled to months) writes dates.
// So do months (2024-01, however the file wrote them: 2024M01, Jan-24, 01/2024), quarters (2024 Q1)
// and bare years (2024): each written as its period where every stamp starts one (PeriodMark).
import { DAY_MS, isoDayOrStamp } from './days'
import { DATE_QUARTER, DATE_WEEK, DATE_YM, dateReadings, dr, parseDateParts } from './values'
import { addClockEvidence, learnClockRule, newClockEvidence, offsetAt, switchesOf, type ClockRule, type ClockRuleName } from './clock-rule'
import type { Column, Dataset, DateColumn, DateFormat, ZoneSteps } from './types'

export type { ZoneSteps } from './types'

/** How a file marks its times' zone: null, none (times read without an offset, written as read);
 *  a number, the data's one offset in minutes east of UTC (60: +01:00; 0: Z); a ClockRule, the
 *  offset the rule's clock shows at each stamp; ZoneSteps, the offset each row was written with,
 *  by instant (several offsets that follow no rule); 'Z', UTC marked Z (stored before its offsets
 *  were kept, or two offsets at one instant); 'iso-week', no zone, the data's times were ISO weeks
 *  (written back as weeks where the file's stamps are Mondays: timeStampOf); 'step', no zone, the
 *  time column is an integer step index, written as its integers. */
export type TimeZoneMark = number | 'Z' | ClockRule | ZoneSteps | PeriodMark | 'step' | null

/** No zone: the data's times were periods, ISO weeks, months, quarters or years, read as the
 *  period's first day and written back as periods where the file's stamps start them. */
export type PeriodMark = 'iso-week' | 'month' | 'quarter' | 'year'

export const isPeriodMark = (zone: unknown): zone is PeriodMark => zone === 'iso-week' || zone === 'month' || zone === 'quarter' || zone === 'year'

/** A zone mark that is an offset, a rule or offsets by instant: neither none, nor a period, nor a step index. */
export type OffsetMark = Exclude<TimeZoneMark, null | PeriodMark | 'step'>
export const isOffsetMark = (zone: TimeZoneMark | undefined): zone is OffsetMark => zone != null && zone !== 'step' && !isPeriodMark(zone)

/** The period mark of a date column's format (none: null). */
const PERIOD_OF: Partial<Record<DateFormat, PeriodMark>> = { 'iso-week': 'iso-week', 'year-month': 'month', 'month-name': 'month', quarter: 'quarter', year: 'year' }

/** The offset the rows' own offsets (`z`) give instant `ms`: the offset of the last row at or
 *  before it (a row's own; past the end, the last row's), the first row's before the first. */
export function stepsOffsetAt(ms: number, z: ZoneSteps): number {
  let lo = 0
  let hi = z.at.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (z.at[mid]! <= ms) lo = mid
    else hi = mid - 1
  }
  return z.min[lo]!
}

/** One stamp's zone: its mark's, or for a clock rule the offset it shows at instant `ms`, or for
 *  the rows' own offsets the offset its row was written with. */
export const stampZone = (ms: number, zone: OffsetMark): number | 'Z' =>
  typeof zone !== 'object' ? zone : 'rule' in zone ? offsetAt(ms, zone) : stepsOffsetAt(ms, zone)

/** The zone mark of a time column (null: none, or no time column). */
export const zoneMarkOf = (c: Column | null | undefined): TimeZoneMark =>
  c?.kind === 'date' && c.format === 'step' ? 'step' : c?.kind === 'date' && c.zoned ? c.offsetMin ?? c.clock ?? c.offsets ?? 'Z' : c?.kind === 'date' ? PERIOD_OF[c.format] ?? null : null

/** Rows' instants `t` and the offsets they were written with (`o`, minutes east of UTC; in any
 *  order): the offset of each instant, kept where it changes (ZoneSteps). Null where two rows at
 *  one instant carry two offsets, which no stamp could write both of. */
export function zoneStepsOf(t: ArrayLike<number>, o: ArrayLike<number>): ZoneSteps | null {
  const idx: number[] = []
  for (let i = 0; i < t.length; i++) if (Number.isFinite(t[i]!) && o[i] === o[i]) idx.push(i)
  let sorted = true // (most files: in time order already, then no sort)
  for (let k = 1; k < idx.length && sorted; k++) sorted = t[idx[k]!]! >= t[idx[k - 1]!]!
  if (!sorted) idx.sort((a, b) => t[a]! - t[b]! || a - b)
  const at: number[] = []
  const min: number[] = []
  for (let k = 0; k < idx.length; k++) {
    const [ti, oi] = [t[idx[k]!]!, o[idx[k]!]!]
    if (k > 0 && t[idx[k - 1]!] === ti && o[idx[k - 1]!] !== oi) return null
    if (min.length === 0 || min[min.length - 1] !== oi) {
      at.push(ti)
      min.push(oi)
    }
  }
  return at.length ? { at, min } : null
}

/** Time column `c` over some of the file's rows (one series of a long file, whose series may be in
 *  other zones), whose zone is the whole file's: where that is the rows' own offsets by instant
 *  (ZoneSteps), its own rows' offsets read back from it and said as the import says a file's (one
 *  offset, the daylight-saving rule they follow, or their own), so that its steps are read on its
 *  own clock and its stamps past the end take its own offset, not the file's last row's. Any other
 *  column as it is (one offset, or one rule, holds for any of the file's rows). */
export function ownZone(c: DateColumn): DateColumn {
  if (!c.zoned || (!c.offsets && !c.rowOffsets)) return c
  const t = c.values
  const o = new Float64Array(t.length) // (N) each row's offset, NaN for a row without a time
  let first = NaN
  let one = true
  for (let i = 0; i < t.length; i++) {
    o[i] = !Number.isFinite(t[i]!) ? NaN : c.rowOffsets ? c.rowOffsets[i]! : stepsOffsetAt(t[i]!, c.offsets!)
    if (o[i] !== o[i]) continue
    if (first !== first) first = o[i]!
    else if (o[i] !== first) one = false
  }
  if (first !== first) return c
  const { offsets: _file, rowOffsets: _rows, ...rest } = c
  if (one) return { ...rest, offsetMin: first }
  const ev = newClockEvidence()
  for (let i = 0; i < t.length; i++) if (o[i] === o[i]) addClockEvidence(ev, t[i]!, o[i]!)
  const clock = learnClockRule(ev, t)
  if (clock) return { ...rest, clock }
  const own = zoneStepsOf(t, o)
  return own ? { ...rest, offsets: own } : c
}

/** Time column `c` at rows `idx` of its dataset (-1: a row made by resampling, no time): its
 *  values, and each row's own offset where the file keeps them (DateColumn.rowOffsets), so that
 *  ownZone reads the picked rows' own. */
export function pickRows(c: DateColumn, idx: ArrayLike<number>): DateColumn {
  const pick = (src: Float64Array) => Float64Array.from({ length: idx.length }, (_, k) => (idx[k]! < 0 ? NaN : src[idx[k]!]!)) // (idx.length)
  return { ...c, values: pick(c.values), ...(c.rowOffsets ? { rowOffsets: pick(c.rowOffsets) } : {}) }
}

/** Each row's offset (DateColumn.rowOffsets) as a dataset's stored metadata keeps it: where it
 *  changes, from row `row[i]` (ascending) on, `min[i]`; a row with none (NaN) keeps the one before. */
export interface ZoneRows { row: number[]; min: number[] }

export function zoneRowsOf(o: ArrayLike<number>): ZoneRows {
  const row: number[] = []
  const min: number[] = []
  for (let i = 0; i < o.length; i++) {
    if (o[i] !== o[i] || (min.length > 0 && min[min.length - 1] === o[i])) continue
    row.push(row.length === 0 ? 0 : i)
    min.push(o[i]!)
  }
  return { row, min }
}

/** Stored ZoneRows (zoneRowsOk) as each of `n` rows' offset. */
export function rowOffsetsOf(z: ZoneRows, n: number): Float64Array {
  const o = new Float64Array(n) // (n)
  for (let k = 0; k < z.row.length; k++) o.fill(z.min[k]!, z.row[k]!, k + 1 < z.row.length ? z.row[k + 1]! : n)
  return o
}

/** Whether stored metadata `x` is ZoneRows of a column of `n` rows (the first from row 0, rows
 *  ascending and below n, one whole offset of at most 14 h each). */
export function zoneRowsOk(x: unknown, n: number): x is ZoneRows {
  const z = x as Partial<ZoneRows> | null
  if (!z || typeof z !== 'object' || !Array.isArray(z.row) || !Array.isArray(z.min) || z.row.length === 0 || z.row.length !== z.min.length || z.row[0] !== 0) return false
  return z.row.every((r, i) => Number.isInteger(r) && r < Math.max(n, 1) && (i === 0 || r > z.row![i - 1]!)) && z.min.every((m) => Number.isInteger(m) && Math.abs(m) <= 14 * 60)
}

/** Whether stored metadata `x` is ZoneSteps (ascending instants, one whole offset of at most 14 h each). */
export function zoneStepsOk(x: unknown): x is ZoneSteps {
  const z = x as Partial<ZoneSteps> | null
  if (!z || typeof z !== 'object' || !Array.isArray(z.at) || !Array.isArray(z.min) || z.at.length === 0 || z.at.length !== z.min.length) return false
  return z.at.every((t, i) => Number.isFinite(t) && (i === 0 || t > z.at![i - 1]!)) && z.min.every((m) => Number.isInteger(m) && Math.abs(m) <= 14 * 60)
}

/** What a forecast says of its stamps' offsets where the rows' own offsets are kept (ZoneSteps):
 *  those past the data's last row (instant `end`) are written with the last row's offset. Null
 *  otherwise. */
export function pastEndZoneNote(zone: TimeZoneMark, times: readonly (number | null)[], end: number, rows?: ArrayLike<number>): string | null {
  if (zone === null || typeof zone !== 'object' || 'rule' in zone) return null
  if (!times.some((t) => t !== null && t > end)) return null
  return `the times past the end are written with the last row's UTC offset, ${offsetText(zone.min[zone.min.length - 1]!)} (the file's rows carry several offsets ${switchesSeen(zone, rows) ?? 'that follow no clock rule'})`
}

/** What the rows' own offsets (ZoneSteps) show where their switches are all of an hour (as a
 *  clock rule's are) and all go one way, so that no rule could be learnt from them (learnClockRule
 *  needs a switch each way): the switches seen, the first with the one known rule's change it
 *  fits, if one does (`rows`, the rows' instants, where known: the last row before the switch
 *  bounds where the change may fall; else the first row does, and two rules may fit). Null
 *  otherwise (they follow no clock rule). */
export function switchesSeen(z: ZoneSteps, rows?: ArrayLike<number>): string | null {
  const n = z.min.length - 1
  const up = z.min.slice(1).filter((m, i) => m > z.min[i]!).length
  if (n < 1 || (up > 0 && up < n) || z.min.some((m, i) => i > 0 && Math.abs(m - z.min[i - 1]!) !== 60)) return null
  const [a, b, t] = [z.min[0]!, z.min[1]!, z.at[1]!]
  let before = z.at[0]!
  for (let i = 0; i < (rows?.length ?? 0); i++) if (rows![i]! < t && rows![i]! > before) before = rows![i]!
  const change = (['EU', 'US'] as ClockRuleName[]).filter((rule) => {
    const r = { rule, std: Math.min(a, b) }
    const x = switchesOf(new Date(t).getUTCFullYear(), r)[b > a ? 0 : 1]
    return x > before && x <= t && offsetAt(before, r) === a && offsetAt(t, r) === b
  })
  const which = change.length === 1 ? `, the ${change[0]}'s ${b > a ? 'spring' : 'autumn'} change` : ''
  const first = `${offsetText(a)} to ${offsetText(b)} at ${timeCell(t, 'seconds', b)}${which}`
  const seen = n === 1 ? `one switch seen (${first})` : `${n} switches seen, all ${b > a ? 'forward' : 'back'} (the first ${first})`
  return `with ${seen}, and a clock rule is learnt only from a switch each way`
}

/** The zone mark of a dataset's time column: `time` (a run's config's data.time), else the
 *  dataset's own, else its first date column. */
export function dataZoneMark(ds: Pick<Dataset, 'columns' | 'timeColumn'>, time?: string | null): TimeZoneMark {
  const name = time ?? ds.timeColumn
  return zoneMarkOf(ds.columns.find((c) => c.kind === 'date' && (name == null || c.name === name)))
}

/** What a run and fw inspect say of a time column whose times carried a UTC offset (null where
 *  they did not): read in UTC, and the zone the forecast files write them in. */
export function zoneWords(ds: Pick<Dataset, 'columns' | 'timeColumn'>, time?: string | null): string | null {
  const zone = dataZoneMark(ds, time)
  const c = ds.columns.find((x) => x.kind === 'date' && x.zoned && (time ?? ds.timeColumn) === x.name)
  if (!isOffsetMark(zone) || c?.kind !== 'date') return null
  const first = c.values.find((x) => x === x)
  const example = first === undefined ? '' : ` (the first, ${timeCell(first, 'seconds', zone)})`
  const read = 'a run reads them in UTC (steps, and the calendar\'s hour of day, are UTC\'s)'
  const holds = `the times of "${c.name}" carry ${zoneHolds(zone, !!c.rowOffsets, c.values)}: ${read}`
  if (c.rowOffsets) {
    const i = c.values.findIndex((x) => x === x)
    const own = i < 0 || c.rowOffsets[i] !== c.rowOffsets[i] ? '' : ` (the first, ${timeCell(c.values[i]!, 'seconds', c.rowOffsets[i]!)})`
    return `${holds}, and the forecast files write each series' times with its own offsets, as the file does${own}; all its rows as one series, in UTC marked Z`
  }
  if (typeof zone === 'object' && !('rule' in zone)) return `${holds}, and the forecast files write each with its own offset, as the file does, and those past the end with the last row's${example}`
  if (typeof zone === 'object') return `${holds}, and the forecast files write each with its own offset, as the file does${example}`
  if (zone === 'Z') return `${holds}, and the forecast files write them in UTC, marked Z${example}`
  return `${holds}, and the forecast files write them with ${offsetText(zone)}, as the file does${example}`
}

/** What a zoned time column holds, in one wording for fw inspect, fw train and the Data view: UTC
 *  (Z), one offset, offsets that follow a rule learnt from the switches, several with no rule, or
 *  two at one instant (`perRow`: each row's kept, DateColumn.rowOffsets; `rows`: the rows'
 *  instants, where known, switchesSeen). */
export function zoneHolds(zone: OffsetMark, perRow = false, rows?: ArrayLike<number>): string {
  if (typeof zone === 'object') return 'rule' in zone ? `UTC offsets that follow the ${zone.rule} clock changes` : `more than one UTC offset, ${switchesSeen(zone, rows) ?? 'which follow no clock rule'}`
  if (zone === 'Z' && perRow) return 'more than one UTC offset, and rows at one instant carry two (series in different zones: each row\'s is kept)'
  if (zone === 'Z') return 'more than one UTC offset, and rows at one instant carry two, which no time written with its own offset can show'
  return zone === 0 ? 'the zone Z (UTC)' : `the one UTC offset ${offsetText(zone)}`
}

/** The zone as written after a time: Z, or ±hh:mm. */
export function offsetText(zone: number | 'Z'): string {
  if (zone === 'Z' || zone === 0) return 'Z'
  const a = Math.abs(zone)
  return `${zone < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

/** The clock time a zoned stamp shows: `ms` moved by the offset (UTC: unmoved). */
export const zoneClock = (ms: number, zone: number | 'Z'): number => (zone === 'Z' ? ms : ms + zone * 60_000)

export type TimeStamp = 'step' | 'week' | 'month' | 'quarter' | 'year' | 'date' | 'seconds' | 'millis'

/** The stamp a period mark writes its periods as. */
const PERIOD_STAMP: Record<PeriodMark, TimeStamp> = { 'iso-week': 'week', month: 'month', quarter: 'quarter', year: 'year' }

/** Whether `t` starts a period of `stamp` (month, quarter, year): the first day of such a month at
 *  midnight UTC, in a four-digit year. */
function isPeriodStart(t: number, stamp: 'month' | 'quarter' | 'year'): boolean {
  if (t % DAY_MS !== 0) return false
  const d = new Date(t)
  const m = d.getUTCMonth()
  return d.getUTCDate() === 1 && d.getUTCFullYear() >= 0 && d.getUTCFullYear() <= 9999 && (stamp === 'month' || (stamp === 'quarter' ? m % 3 === 0 : m === 0))
}

/** Whether `t` is a Monday at midnight UTC of a four-digit ISO year (an ISO week's, as the import
 *  reads 2024-W05; 1970-01-01 was a Thursday). */
function isWeekStart(t: number): boolean {
  if (t % DAY_MS !== 0 || ((t / DAY_MS + 3) % 7 + 7) % 7 !== 0) return false
  const y = new Date(t + 3 * DAY_MS).getUTCFullYear()
  return y >= 0 && y <= 9999
}

/** The form a file's stamps take: the least that writes every one of `times` exactly; with a
 *  period `zone` (the data's times were ISO weeks, months, quarters or years), the periods where
 *  every stamp starts one. */
export function timeStampOf(times: Iterable<number | null>, zone: TimeZoneMark = null): TimeStamp {
  if (zone === 'step') return 'step'
  let stamp: TimeStamp = 'date'
  const period = isPeriodMark(zone) ? PERIOD_STAMP[zone] : null
  let periods = period !== null
  for (const t of times) {
    if (t === null || !Number.isFinite(t)) continue
    if (t % 1000 !== 0) return 'millis'
    if (t % DAY_MS !== 0) stamp = 'seconds'
    periods &&= period === 'week' ? isWeekStart(t) : isPeriodStart(t, period as 'month' | 'quarter' | 'year')
  }
  return periods ? period! : stamp
}

/** The ISO week starting at `monday` (isWeekStart), as the import reads it: 2024-W05. Its year is
 *  its Thursday's (2024-12-30 starts 2025-W01). */
function isoWeekText(monday: number): string {
  const thursday = new Date(monday + 3 * DAY_MS)
  const y = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - new Date(0).setUTCFullYear(y, 0, 1)) / (7 * DAY_MS)) + 1
  return `${String(y).padStart(4, '0')}-W${String(week).padStart(2, '0')}`
}

/** The month (2024-01), quarter (2024 Q1) or year (2024) starting at `ms` (isPeriodStart). */
function periodText(ms: number, stamp: 'month' | 'quarter' | 'year'): string {
  const d = new Date(ms)
  const y = String(d.getUTCFullYear()).padStart(4, '0')
  const m = d.getUTCMonth()
  return stamp === 'year' ? y : stamp === 'quarter' ? `${y} Q${Math.floor(m / 3) + 1}` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** A time as the app's views and fw inspect show a period (a week, month, quarter or year) of a
 *  column whose times were periods (`zone`): its period where `ms` starts one, else null. */
export function periodCell(ms: number, zone: TimeZoneMark): string | null {
  if (!isPeriodMark(zone) || !Number.isFinite(ms)) return null
  const stamp = timeStampOf([ms], zone)
  return stamp === 'date' ? null : timeCell(ms, stamp)
}

/** One stamp in the file's form (timeStampOf); null stays an empty cell. A time that is no date
 *  throws, as toISOString does, rather than writing a cell that is no time. */
export function timeCell(ms: number | null, stamp: TimeStamp, zone: TimeZoneMark = null): string | null {
  if (ms === null) return null
  if (stamp === 'step') return String(ms)
  if (stamp === 'week') return isoWeekText(ms)
  if (stamp === 'month' || stamp === 'quarter' || stamp === 'year') return periodText(ms, stamp)
  const z = isOffsetMark(zone) ? stampZone(ms, zone) : null
  const iso = new Date(z === null ? ms : zoneClock(ms, z)).toISOString() // 2024-03-01T13:00:00.250Z, or ±YYYYYY-… past year 9999
  const t = iso.indexOf('T')
  const day = iso.slice(0, t)
  if (z !== null) return `${day}T${iso.slice(t + 1, stamp === 'millis' ? t + 13 : t + 9)}${offsetText(z)}`
  if (stamp === 'date') return day
  return `${day} ${iso.slice(t + 1, stamp === 'seconds' ? t + 9 : t + 13)}`
}

/** A time a notice or an error names, as the forecast files write the data's times: where they
 *  carried an offset, in `zone` with the time of day and the offset its clock shows
 *  (2024-03-31T00:00:00+01:00, as the file wrote it; a UTC instant would name another day at
 *  midnight), else as the notices write times (../data/days isoDayOrStamp: the day alone at
 *  midnight UTC, else the ISO stamp in UTC). */
export function noticeTime(ms: number, zone: TimeZoneMark): string {
  if (zone === 'step') return isoDayOrStamp(ms, true)
  if (!isOffsetMark(zone)) return periodCell(ms, zone) ?? isoDayOrStamp(ms)
  return timeCell(ms, ms % 1000 === 0 ? 'seconds' : 'millis', zone)!
}

/** The clock time instant `ms` shows in `zone` (the file's: its offset there, as noticeTime writes
 *  it); a time without a zone, or a step index, unmoved. */
export function fileClock(ms: number, zone: TimeZoneMark): number {
  return isOffsetMark(zone) ? zoneClock(ms, stampZone(ms, zone)) : ms
}

/** A time a person wrote (fw explain --at, a split's dates), read as the file's times are: with an
 *  offset or Z, the instant it names (`naive` false); without one, a wall time (`naive` true), `ms`
 *  its clock reading taken as UTC, as the import reads a file's times without an offset (a date
 *  alone is its midnight; a space may stand for the T). NaN where it is no time. */
export function readTimeText(text: string): { ms: number; naive: boolean } {
  const at = text.trim()
  const period = periodMs(at)
  if (period === period) return { ms: period, naive: true }
  const naive = !/(?:Z|[+-]\d\d:?\d\d)$/i.test(at)
  return { ms: Date.parse(naive ? `${at.replace(' ', 'T')}${/^\d{4}-\d{2}-\d{2}$/.test(at) ? 'T00:00:00' : ''}Z` : at), naive }
}

/** A period written as the import reads one, a quarter (2021 Q1, 2021Q1, 2021-Q1, Q1 2021), an
 *  ISO week (2021-W05) or a month (2021-01, 2021M01, 01/2021): its first day at midnight, as the
 *  import reads it; NaN for anything else (a date, a time, or a two-digit year, which a split's
 *  date does not guess). */
function periodMs(text: string): number {
  const fam = parseDateParts(text)
  if (fam !== DATE_QUARTER && fam !== DATE_WEEK && fam !== DATE_YM) return NaN
  dateReadings(fam)
  return dr.first
}

/** The first instant at which the file's clock (fileClock) shows wall time `wall` (a readTimeText
 *  reading): where the clock turns back and shows it twice, the first; where it jumps over it, the
 *  instant of the jump (the first the clock shows later). A time without a zone, unmoved. */
export function wallInstant(wall: number, zone: TimeZoneMark): number {
  const off = (t: number) => fileClock(t, zone) - t
  const tries = [...new Set([off(wall - 2 * DAY_MS), off(wall), off(wall + 2 * DAY_MS), off(wall - off(wall))])].map((o) => wall - o)
  const shows = tries.filter((t) => fileClock(t, zone) === wall)
  if (shows.length) return Math.min(...shows)
  // skipped: between an instant whose clock is before it and one whose clock is past it, the jump
  let lo = Math.max(...tries.filter((t) => fileClock(t, zone) < wall), -Infinity)
  let hi = Math.min(...tries.filter((t) => fileClock(t, zone) > wall), Infinity)
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return wall - off(wall)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (fileClock(mid, zone) < wall) lo = mid
    else hi = mid
  }
  return hi
}

/** A split's date (data.split valStart / testStart) as the instant its part starts at: with an
 *  offset, the instant it names; without one, on the file's clock (`zone`, the time column's):
 *  a date is the file's midnight. NaN where it is no time. */
export function splitInstant(text: string, zone: TimeZoneMark = null): number {
  const r = readTimeText(text)
  return r.naive && Number.isFinite(r.ms) ? wallInstant(r.ms, zone) : r.ms
}

/** The most a UTC offset moves a wall time: 14 h (Kiribati's +14:00). */
const MAX_OFFSET_MS = 14 * 3_600_000

/** Whether split cut `later` comes at or before cut `earlier` whatever the file's clock: two read
 *  alike (both with an offset, or both without) compared as they are; one with an offset and one
 *  without only where no offset of at most 14 h puts them in order. Where it depends on the clock,
 *  false: the split orders them as instants on it (splitOutOfOrder). */
export function cutsOutOfOrder(earlier: string, later: string): boolean {
  const a = readTimeText(earlier)
  const b = readTimeText(later)
  return b.ms + (a.naive === b.naive ? 0 : MAX_OFFSET_MS) <= a.ms
}

/** Why split cut `later` (named `field`) is not after `earlier` (named `earlierField`) read as
 *  instants on the file's clock (splitInstant), where one has an offset and the other none (the
 *  config's check, cutsOutOfOrder, could not tell); null where it is after, or both read alike.
 *  `clock` names whose clock `zone` is, said beside the date without an offset: a global run's
 *  series read it on its own (seriesCuts: "its own clock"). */
export function splitOutOfOrder(earlier: string, later: string, zone: TimeZoneMark, earlierField: string, clock = "the file's clock"): string | null {
  if (readTimeText(earlier).naive === readTimeText(later).naive) return null
  const a = splitInstant(earlier, zone)
  const b = splitInstant(later, zone)
  if (b > a) return null
  const utc = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const on = (text: string, t: number) => `${JSON.stringify(text)}${readTimeText(text).naive ? ` on ${clock}` : ''} (${utc(t)})`
  return `must be after ${earlierField}: ${on(later, b)} is ${b === a ? 'the same instant as' : 'before'} ${on(earlier, a)}`
}

/** Whether any of `times` has a time of day on the file's clock (fileClock): sub-daily rows, not
 *  days (a zoned file's midnights are another UTC hour, but still days). */
export function hasTimeOfDay(times: Iterable<number>, zone: TimeZoneMark): boolean {
  if (zone === 'step') return false
  for (const t of times) if (Number.isFinite(t) && ((fileClock(t, zone) % DAY_MS) + DAY_MS) % DAY_MS !== 0) return true
  return false
}

/** Every stamp of one file's time column, in the one form that fits them all. */
export function timeCells(times: readonly (number | null)[], zone: TimeZoneMark = null): (string | null)[] {
  const stamp = timeStampOf(times, zone)
  return times.map((t) => timeCell(t, stamp, zone))
}

/** The XLSX number format that shows a time as its CSV cell does (a week's cell is its CSV text). */
export const XLSX_TIME_FORMAT: Record<TimeStamp, string> = {
  step: '0',
  week: '@',
  month: 'yyyy-mm',
  quarter: '@',
  year: 'yyyy',
  date: 'yyyy-mm-dd',
  seconds: 'yyyy-mm-dd hh:mm:ss',
  millis: 'yyyy-mm-dd hh:mm:ss.000'
}

/** The XLSX number format of a time cell in `zone` (one stamp's: stampZone): as XLSX_TIME_FORMAT, a
 *  zoned one with the time of day and its zone as text after it ("+01:00", "Z"), since an Excel
 *  date holds no zone (the cell holds the clock time the CSV writes: zoneClock). */
export function xlsxTimeFormat(stamp: TimeStamp, zone: number | 'Z' | null): string {
  if (zone === null || stamp === 'step') return XLSX_TIME_FORMAT[stamp]
  return `${XLSX_TIME_FORMAT[stamp === 'seconds' || stamp === 'millis' ? stamp : 'seconds']}"${offsetText(zone)}"`
}

/** A forecast file's time cell as milliseconds since 1970 UTC (NaN where it is none): the forms
 *  above, zoned ones (…T…+01:00, …T…Z), ISO weeks (2024-W05, its Monday), months (2024-01), quarters
 *  (2024 Q1) and years (2024), each its first day, and the ISO 8601 stamps (…T…Z) that files written
 *  before them hold. */
export function forecastTimeMs(cell: string): number {
  const p = /^(\d{4})(?:-(\d\d)| Q([1-4]))?$/.exec(cell.trim())
  if (p) {
    const m = p[2] !== undefined ? Number(p[2]) : p[3] !== undefined ? 3 * Number(p[3]) - 2 : 1
    return m >= 1 && m <= 12 ? new Date(0).setUTCFullYear(Number(p[1]), m - 1, 1) : NaN
  }
  const w = /^(\d{4})-W(\d\d)$/.exec(cell.trim())
  if (w) {
    // the Monday of week 1 is the Monday on or before 4 January
    const jan4 = new Date(0).setUTCFullYear(Number(w[1]), 0, 4)
    const monday = jan4 - ((jan4 / DAY_MS + 3) % 7 + 7) % 7 * DAY_MS + (Number(w[2]) - 1) * 7 * DAY_MS
    return isoWeekText(monday) === w[0] ? monday : NaN
  }
  const m = /^([+-]?\d{4,6}-\d\d-\d\d)(?:[ T](\d\d:\d\d:\d\d(?:\.\d{1,3})?)(Z|[+-]\d\d:\d\d)?)?$/.exec(cell.trim())
  return m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${m[3] ?? 'Z'}`) : NaN
}
