// Calendar inputs derived from the time column (issue 13, item 5): day of week, month, day of year,
// hour, and a holiday flag from a table of dates. They are known in the future, so a model that
// uses them still forecasts past the end: the forecast computes them from the future timestamps.
//
// Encoding: cyclical, one (sin, cos) pair per feature, not one-hot. Two inputs instead of 7, 12, 24
// or 366, and neighbours stay neighbours (Sunday next to Monday, December next to January, 23:00
// next to 00:00), which one-hot loses; a network with a small hidden layer learns a smooth weekly
// or yearly shape from two inputs more easily than from 12 independent ones on short series.
// Everything is computed in UTC (timestamps are epoch ms), so there is no daylight-saving shift.
import { PipelineError } from './errors'
import { fix, words, type Words } from './words'
import type { Column, Dataset } from './types'
import { isStepIndex } from './step-index'
import { DAY_MS as DAY, isoDate, isoToDay } from './days'

export type CalendarFeature = 'dow' | 'month' | 'doy' | 'hour' | 'holiday'
export const CALENDAR_FEATURES: readonly CalendarFeature[] = ['dow', 'month', 'doy', 'hour', 'holiday']

/** Stored with the pipeline config: which features, the holiday table (ISO dates, UTC days), and the
 *  period a row covers for the holiday flag (`span`, holidaySpan): a row at t is a holiday when a
 *  date of the table falls in [t, t + span). Absent: the row's own day (daily and finer rows, and
 *  runs stored before it, which flagged only a row dated on the holiday). `label` 'end' (with a
 *  span): a row's date is the last day of its period (a week labelled by its Sunday, a month by its
 *  last day), which covers (t - span, t] instead; absent: its first day. Dates alone cannot tell
 *  the two apart, so the run is told (data.periodLabel, fw train --period-label). */
export interface CalendarConfig {
  features: CalendarFeature[]
  holidays?: string[]
  span?: HolidaySpan
  label?: 'end'
}

/** The period a row of weekly or monthly data covers: so many days, or calendar months, from its date. */
export type HolidaySpan = { days: number } | { months: number }

/** Prefix of every derived column; a file column of that name is refused rather than shadowed. */
export const CALENDAR_PREFIX = 'cal:'

/** The derived columns' names, in input order: a sin/cos pair per cyclic feature, one holiday flag. */
export function calendarColumns(cal: CalendarConfig): string[] {
  return cal.features.flatMap((f) => (f === 'holiday' ? [`${CALENDAR_PREFIX}holiday`] : [`${CALENDAR_PREFIX}${f}.sin`, `${CALENDAR_PREFIX}${f}.cos`]))
}

/** Position in the cycle (0..period) and the period of feature f at time t (epoch ms, UTC). */
function phase(f: Exclude<CalendarFeature, 'holiday'>, t: number): [number, number] {
  const d = new Date(t)
  switch (f) {
    case 'dow':
      return [d.getUTCDay(), 7] // 0 = Sunday
    case 'month':
      return [d.getUTCMonth(), 12] // 0 = January
    case 'hour':
      return [d.getUTCHours() + d.getUTCMinutes() / 60, 24]
    case 'doy': {
      const y = d.getUTCFullYear()
      const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
      return [Math.floor((t - Date.UTC(y, 0, 1)) / DAY), leap ? 366 : 365] // 0 = 1 January
    }
  }
}

/** The UTC day number of a holiday table's dates, for a membership test. */
function holidayDays(cal: CalendarConfig): Set<number> {
  return new Set((cal.holidays ?? []).map(isoToDay))
}

/** The day after the last of the period row time t covers (UTC day numbers): its own day without a
 *  span; so many days on; so many calendar months on (the same day of the month, or the month's last
 *  where it has fewer days: 31 January's month ends on the 28th or 29th of February). */
function periodEnd(t: number, span: HolidaySpan | undefined): number {
  const day = Math.floor(t / DAY)
  if (!span) return day + 1
  if ('days' in span) return day + span.days
  const d = new Date(day * DAY)
  const m = d.getUTCMonth() + span.months
  const last = new Date(Date.UTC(d.getUTCFullYear(), m + 1, 0)).getUTCDate()
  return Math.floor(Date.UTC(d.getUTCFullYear(), m, Math.min(d.getUTCDate(), last)) / DAY)
}

/** The first day of the period that ends on row time t's day (UTC day numbers), a row labelled by
 *  its period's last day: so many days back; so many calendar months back, from the day after the
 *  same day of the month (the month's first where t is its last day: 29 February's month begins on
 *  1 February, 31 January's on 1 January). */
function periodStartBack(t: number, span: HolidaySpan): number {
  const day = Math.floor(t / DAY)
  if ('days' in span) return day - span.days + 1
  const d = new Date(day * DAY)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth()
  if (new Date((day + 1) * DAY).getUTCMonth() !== m) return Math.floor(Date.UTC(y, m - span.months + 1, 1) / DAY)
  const last = new Date(Date.UTC(y, m - span.months + 1, 0)).getUTCDate()
  return Math.floor(Date.UTC(y, m - span.months, Math.min(d.getUTCDate(), last)) / DAY) + 1
}

/** The holiday flag at each time (N): 1 where a date of the table falls in the row's period
 *  ([day of t, periodEnd), or [periodStartBack, day of t] for a row labelled by its period's end),
 *  and which of the table's days fall on some row (`hit`). */
function holidayFlags(cal: CalendarConfig, times: ArrayLike<number>): { flags: Float64Array; hit: Set<number> } {
  const days = holidayDays(cal)
  const flags = new Float64Array(times.length) // (N)
  const hit = new Set<number>()
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!
    if (t !== t) continue
    const ends = cal.label === 'end' && cal.span
    const from = ends ? periodStartBack(t, cal.span!) : Math.floor(t / DAY)
    const to = ends ? Math.floor(t / DAY) + 1 : periodEnd(t, cal.span)
    for (let d = from; d < to; d++) if (days.has(d)) (flags[i] = 1), hit.add(d)
  }
  return { flags, hit }
}

/** The period of a row the holiday flag reads, from the times' usual step: none (the row's own day)
 *  under 2 days apart; so many days for weekly (7) and other rows under 28 days apart; so many
 *  calendar months (1, 3, 12) from 28 days apart. Null without two distinct times. */
export function holidaySpan(times: ArrayLike<number>): HolidaySpan | null {
  const step = medianStep(times)
  if (step === null || step < 2 * DAY) return null
  if (step < 28 * DAY) return { days: Math.round(step / DAY) }
  return { months: Math.max(1, Math.round(step / (30.436875 * DAY))) }
}

/** What a run says of its holiday input (null without one): how many of the table's dates fall on a
 *  row of `times` as the flag reads them, and on how many rows it is 1. Where a row covers more than
 *  its own day, which end of its period its date was taken as, and how to take the other (`onGrid`:
 *  the rows were put on a calendar grid, which dates each by its period's first day). */
export function holidayRowsNote(cal: CalendarConfig, times: ArrayLike<number>, onGrid = false): Words | null {
  if (!cal.features.includes('holiday') || !cal.holidays?.length) return null
  const n = cal.holidays.length
  const { flags, hit } = holidayFlags(cal, times)
  const ends = cal.label === 'end' && cal.span
  const period = cal.span ? ('days' in cal.span ? `the ${cal.span.days} days` : `the ${cal.span.months === 1 ? 'month' : `${cal.span.months} months`}`) : ''
  const how = `(a row counts those of ${cal.span ? `${period} ${ends ? 'up to' : 'from'} its date` : 'its own day'})`
  const rows = flags.reduce((a, x) => a + x, 0)
  const rest = n - hit.size
  const found = hit.size === 0
    ? `none of the holiday table's ${n} ${n === 1 ? 'date falls' : 'dates fall'} on a row ${how}: the holiday input is 0 on every row`
    : `${hit.size} of the holiday table's ${n} ${n === 1 ? 'date falls' : 'dates fall'} on a row ${how}${rest ? `, the other ${rest} before the first row, after the last or in a gap` : ''}: the holiday input is 1 on ${rows} ${rows === 1 ? 'row' : 'rows'}`
  if (!cal.span) return { message: found }
  if (onGrid) return { message: `${found}; each row's date is the first day of its period, as the calendar grid dates its rows (a week from its Monday, a month from its 1st)` }
  // the dates cannot say which end of its period a row is labelled by: said, with how to say the other
  if (ends) return words`${found}; each row's date is taken as the last day of its period (${fix('--period-label end', 'Rows dated by "end of their period" in Setup')}; ${fix('--period-label start', '"start of their period"')} takes it as the first)`
  return words`${found}; each row's date is taken as the first day of its period: for a file that dates each period by its last day (a week ending on Sunday), each row is flagged for the holidays of the period after it, and ${fix('--period-label end', 'Rows dated by "end of their period" in Setup')} reads them right`
}

/** Values of every calendar column at the times `times` (epoch ms): name -> (N). */
export function calendarValues(cal: CalendarConfig, times: ArrayLike<number>): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>()
  const N = times.length
  for (const f of cal.features) {
    if (f === 'holiday') {
      out.set(`${CALENDAR_PREFIX}holiday`, holidayFlags(cal, times).flags)
      continue
    }
    const s = new Float64Array(N) // (N)
    const c = new Float64Array(N) // (N)
    for (let i = 0; i < N; i++) {
      const [p, period] = phase(f, times[i]!)
      s[i] = Math.sin((2 * Math.PI * p) / period)
      c[i] = Math.cos((2 * Math.PI * p) / period)
    }
    out.set(`${CALENDAR_PREFIX}${f}.sin`, s)
    out.set(`${CALENDAR_PREFIX}${f}.cos`, c)
  }
  return out
}

/** The refusal of calendar inputs `features` (the holiday flag among them) from the time column
 *  `name` of `ds` where it is an integer step index: its integers have no day of week, month, hour or
 *  holiday. One sentence for a run (withCalendar) and Setup's blocker before Start. Nothing where the
 *  column is no step index, or no features are asked for. */
export function refuseCalendarOnStepIndex(ds: Dataset, name: string | null | undefined, features: readonly CalendarFeature[]): void {
  const tc = name ? ds.columns.find((c) => c.name === name) : undefined
  if (!features.length || !isStepIndex(tc)) return
  throw new PipelineError('bad-config', words`calendar features (${features.join(', ')}) are derived from dates, and the time column "${tc!.name}" of ${ds.file} is an integer step index, no date: it has no day of week, month or hour; leave the calendar out${fix(' (--calendar none)', ' (untick the calendar inputs and remove the holiday dates)')}`, 'calendar')
}

/** `ds` with the calendar columns appended (numeric; the holiday flag boolean), from its time
 *  column. Refuses data without a time column, a row with no time, and a file column that already
 *  has a calendar column's name. */
export function withCalendar(ds: Dataset, cal: CalendarConfig): Dataset {
  if (cal.features.length === 0) return ds
  const tc = ds.timeColumn ? ds.columns.find((c) => c.name === ds.timeColumn) : undefined
  if (!tc || tc.kind !== 'date')
    throw new PipelineError('bad-config', words`calendar features (${cal.features.join(', ')}) are derived from the time column, and ${ds.file} has none; ${fix('name it with --time COL', 'choose the Time column in Setup')} or leave the calendar out`, 'calendar')
  refuseCalendarOnStepIndex(ds, tc.name, cal.features)
  const bad = tc.values.findIndex((t) => t !== t)
  if (bad >= 0) throw new PipelineError('bad-config', `calendar features need a time on every row; line ${ds.lines[bad]} of ${ds.file} has no value in "${tc.name}"`, 'calendar')
  const names = calendarColumns(cal)
  const clash = ds.columns.find((c) => names.includes(c.name))
  if (clash) throw new PipelineError('bad-config', `${ds.file} already has a column "${clash.name}", the name of a calendar input; rename it`, 'calendar')
  const values = calendarValues(cal, tc.values)
  const added: Column[] = names.map((n) => (n === `${CALENDAR_PREFIX}holiday` ? { kind: 'boolean', name: n, values: values.get(n)! } : { kind: 'numeric', name: n, values: values.get(n)! }))
  return { ...ds, columns: [...ds.columns, ...added] }
}

/** 'auto': the features the spacing of the times supports: hour and day of week for sub-daily
 *  data, day of week and month for daily, month for weekly; none for monthly or coarser (the
 *  seasonal period already says what month does there) or without two distinct times. */
export function autoCalendar(times: ArrayLike<number>): CalendarFeature[] {
  const step = medianStep(times)
  if (step === null) return []
  if (step < DAY) return ['hour', 'dow']
  if (step < 7 * DAY) return ['dow', 'month']
  if (step < 28 * DAY) return ['month']
  return []
}

/** The calendar cycles that change from one row to the next at the times' usual step, which Setup
 *  offers: the hour of day only under a day apart, the day of week under a week, the month and the
 *  day of year under a year (a monthly series' hour of day is always 0: no input). Without two
 *  distinct times, none. */
export function calendarAtStep(times: ArrayLike<number>): Exclude<CalendarFeature, 'holiday'>[] {
  const step = medianStep(times)
  if (step === null) return []
  return (['dow', 'month', 'doy', 'hour'] as const).filter((f) => step < (f === 'hour' ? DAY : f === 'dow' ? 7 * DAY : 365 * DAY))
}

/** Each cyclic calendar input in words, as Setup's Inputs known in the future names it. */
const CYCLE_WORDS: Record<Exclude<CalendarFeature, 'holiday'>, string> = { dow: 'day of week', month: 'month', doy: 'day of year', hour: 'hour of day' }
/** What a cycle does at a step too coarse for it where its value still changes. */
const OFF_STEP: Record<Exclude<CalendarFeature, 'holiday'>, string> = { hour: 'changes with the rows\' clock times, in no daily cycle', dow: 'falls on another weekday from row to row, in no weekly cycle', month: 'changes from row to row in no yearly cycle', doy: 'changes from row to row in no yearly cycle' }

/** What a run says (a warning, kept with it) where calendar inputs asked for (data.calendar,
 *  --calendar) have no cycle at the times' step (calendarAtStep: the hour of day on quarterly rows):
 *  each named, as the same on every row where it is (then it is no input at all), else as moving in
 *  no cycle. null where every cyclic input asked for cycles at the step ('auto' takes only those). */
export function offStepCalendarNote(features: readonly CalendarFeature[], times: ArrayLike<number>): Required<Words> | null {
  const cycles = calendarAtStep(times)
  const off = features.filter((f): f is Exclude<CalendarFeature, 'holiday'> => f !== 'holiday' && !cycles.includes(f))
  if (!off.length) return null
  const values = calendarValues({ features: off }, times)
  const constant = (a: Float64Array) => a.every((x) => x === a[0])
  const same = (f: string) => constant(values.get(`${CALENDAR_PREFIX}${f}.sin`)!) && constant(values.get(`${CALENDAR_PREFIX}${f}.cos`)!)
  const what = off.map((f) => `${CYCLE_WORDS[f]} ${same(f) ? 'is the same on every row' : OFF_STEP[f]}`).join('; ')
  const named = fix(`${off.join(', ')} (--calendar)`, off.map((f) => CYCLE_WORDS[f].charAt(0).toUpperCase() + CYCLE_WORDS[f].slice(1)).join(', '))
  return words`${fix('calendar', 'Calendar')} inputs ${named} have no cycle at the rows' step: ${what} (the hour of day cycles on rows under a day apart, the day of week under a week, the month and day of year under a year); ${fix('--calendar without them (or none) leaves them out', 'untick them under Inputs known in the future in Setup')}`
}

/** The median step between the distinct sorted times; null without two. */
function medianStep(times: ArrayLike<number>): number | null {
  const sorted = Float64Array.from(times).filter((t) => t === t).sort()
  const diffs: number[] = []
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! > sorted[i - 1]!) diffs.push(sorted[i]! - sorted[i - 1]!)
  if (diffs.length === 0) return null
  diffs.sort((a, b) => a - b)
  return diffs[Math.floor(diffs.length / 2)]!
}

/** A holiday table: one date per line (YYYY-MM-DD) in the first column; a header line whose first
 *  field is not a date is skipped. A bad date is refused naming the file, line and value. */
export function parseHolidays(text: string, file: string): string[] {
  const out: string[] = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  lines.forEach((line, i) => {
    const first = line.split(/[,;\t]/)[0]!.trim().replace(/^"|"$/g, '')
    if (first === '') return
    const t = Date.parse(`${first}T00:00:00Z`)
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(first) && t === t && isoDate(t) === first
    if (!ok) {
      if (i === 0 && !/^\d/.test(first)) return // a header
      throw new PipelineError('bad-config', `${file}, line ${i + 1}: "${first}" is not a date written YYYY-MM-DD`, 'holidays')
    }
    out.push(first)
  })
  if (out.length === 0) throw new PipelineError('bad-config', `${file} lists no holiday dates (one YYYY-MM-DD per line)`, 'holidays')
  return [...new Set(out)].sort()
}

/** Checks a stored calendar config (pipeline.config.calendar) and returns it typed. */
export function checkCalendar(v: unknown, field = 'calendar'): CalendarConfig {
  const o = v as Record<string, unknown>
  if (typeof v !== 'object' || v === null || !Array.isArray(o['features'])) throw new PipelineError('bad-config', 'must be { features: [...], holidays?: [...] }', field)
  const features = o['features'] as unknown[]
  for (const f of features)
    if (!CALENDAR_FEATURES.includes(f as CalendarFeature)) throw new PipelineError('bad-config', `features: ${JSON.stringify(f)} is not one of ${CALENDAR_FEATURES.join(', ')}`, field)
  if (new Set(features).size !== features.length) throw new PipelineError('bad-config', `features lists one twice (${features.join(', ')})`, field)
  const h = o['holidays']
  if (h !== undefined && (!Array.isArray(h) || !h.every((d) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d))))
    throw new PipelineError('bad-config', 'holidays must be a list of YYYY-MM-DD dates', field)
  if (features.includes('holiday') && !(Array.isArray(h) && h.length)) throw new PipelineError('bad-config', "'holiday' needs a holiday table (holidays: [YYYY-MM-DD, ...])", field)
  const sp = o['span'] as Record<string, unknown> | undefined
  const whole = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 366
  if (sp !== undefined && !(typeof sp === 'object' && sp !== null && Object.keys(sp).length === 1 && (whole(sp['days']) || whole(sp['months']))))
    throw new PipelineError('bad-config', `span must be { days: N } or { months: N }, N a whole number from 1; got ${JSON.stringify(sp)}`, field)
  const span = sp === undefined ? {} : { span: (whole(sp['days']) ? { days: sp['days'] } : { months: sp['months'] }) as HolidaySpan }
  const label = o['label']
  if (label !== undefined && !(label === 'end' && sp !== undefined))
    throw new PipelineError('bad-config', `label must be "end" (a row dated by its period's last day), with a span; got ${JSON.stringify(label)}${sp === undefined ? ' without a span' : ''}`, field)
  return { features: [...(features as CalendarFeature[])], ...(h !== undefined ? { holidays: [...(h as string[])] } : {}), ...span, ...(label === 'end' ? { label: 'end' as const } : {}) }
}
