// data.resample "auto" and fw train --resample: a series whose usual step is a calendar step (a day,
// a week, a month, a quarter, a year) with a few periods absent is put on that grid, so that a season
// of 12 rows is 12 months and the baselines' "one step back" is one month back; the absent periods
// become missing rows, filled as the run fills missing values, and never scored. Chosen against the
// rows before the run starts and stored with the run's config (marked auto), which the run's notice
// says; series without gaps keep their rows as they are. The measurement behind the default is in
// docs/data.md ("Missing periods").
import { calendarGaps, filterSeries, fix, gridWords, selectRows, periodsWords, PipelineError, words, type Dataset, type Frequency, type MissingPolicy, type TimeReport, type Words } from '../data'
import { clockBucket, clockNext } from '../data/series'
import { fileTime, seriesRows } from '../data/global'
import { ownZone, pickRows, zoneMarkOf, type TimeZoneMark } from '../data/time-cell'
import { isStepIndex, refuseGridOnStepIndex } from '../data/step-index'
import type { DataConfig } from './types'

type Resample = DataConfig['resample']

/** What a run resamples by where neither --resample nor the config says (docs/data.md, "Missing
 *  periods", has the measurement). */
export const DEFAULT_RESAMPLE = 'auto'
const UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month'] as const
const AGGS = ['mean', 'sum', 'last', 'first'] as const
const NAMED: Record<string, { unit: (typeof UNITS)[number]; every: number }> = {
  daily: { unit: 'day', every: 1 }, weekly: { unit: 'week', every: 1 }, monthly: { unit: 'month', every: 1 },
  quarterly: { unit: 'month', every: 3 }, yearly: { unit: 'month', every: 12 }, hourly: { unit: 'hour', every: 1 }
}

/** data.duplicates: how rows sharing a time are treated before the grid ('keep' keeps them apart). */
type Duplicates = DataConfig['duplicates']

/** The sorted, distinct times of `column` (rows without one left out): the times of the rows once
 *  repeated times are merged as data.duplicates says (a repeat used to turn "auto" off, exploratory
 *  pass 22); null where the column is not a date, or a time repeats and `duplicates` is 'keep' (a
 *  grid would merge the rows it keeps apart). */
function distinctTimes(ds: Dataset, column: string | null | undefined, duplicates: Duplicates = 'mean'): Float64Array | null {
  const c = column ? ds.columns.find((x) => x.name === column) : undefined
  // a step index has no calendar grid (refuseGridOnStepIndex): "auto" finds none on it
  return c?.kind === 'date' && !isStepIndex(c) ? distinct(c.values, duplicates === 'keep') : null
}

/** The zone whose clock a grid of `column` is on, as prepareSeries puts its rows on it (zoneMarkOf). */
const gridZone = (ds: Dataset, column: string | null | undefined): TimeZoneMark => (column ? zoneMarkOf(ds.columns.find((x) => x.name === column)) : null)

function distinct(v: Float64Array, nullOnRepeat = false): Float64Array | null {
  // rows in time order (the common case) need no sort; others are checked for a repeat as they are
  // read, which a long file of many series meets within its first series (no sort of a million rows)
  let last = -Infinity
  let ordered = true
  for (let i = 0; i < v.length && ordered; i++) if (v[i] === v[i]) ordered = v[i]! > last ? ((last = v[i]!), true) : false
  if (ordered) return v.filter((x) => x === x)
  const seen = new Set<number>()
  for (const x of v) {
    if (x !== x) continue
    if (seen.has(x) && nullOnRepeat) return null
    seen.add(x)
  }
  return Float64Array.from(seen).sort()
}

/** What "auto" is on these rows: their calendar grid (by mean), marked auto; null where calendarGaps
 *  finds none (no period absent, times off the grid, business days, more than a few absent). */
export function autoResample(ds: Dataset, timeColumn: string | null | undefined, duplicates?: Duplicates): Resample {
  return autoGrid(ds, timeColumn, duplicates)?.resample ?? null
}

/** The series a run reads (data.series): one model across all of them (global), one picked by its
 *  id values, or (absent) the rows as one series. */
export interface SeriesOfRun {
  columns: string[]
  values: string[] | null
  global?: unknown
}

/** What "auto" is for a run on these rows, the same for fw train and Setup: the rows as one series,
 *  the series picked, or, for a global model, every series together: their common calendar grid
 *  where at least one of them has a few periods absent on it and every other lies on it (none
 *  absent, or a few), so that a store missing 2 weeks gets them back whatever the order of the
 *  rows; null where a series has another step, times off the grid, or more than a few absent (the
 *  pipeline then says its gaps per series), or no series has a gap. */
export function autoResampleFor(ds: Dataset, timeColumn: string | null | undefined, series?: SeriesOfRun | null, duplicates?: Duplicates): Resample {
  if (!series || series.columns.length === 0) return autoResample(ds, timeColumn, duplicates)
  if (!series.global) return autoResample(series.values ? selectRows(ds, filterSeries(ds, series.columns, series.values).rows) : ds, timeColumn, duplicates)
  const c = timeColumn ? ds.columns.find((x) => x.name === timeColumn) : undefined
  if (!c || c.kind !== 'date' || isStepIndex(c)) return null
  let grid: Frequency | null = null
  const each: Float64Array[] = []
  // each series on its own clock, as the run puts it on its grid (selectRows: ownZone), where the
  // file keeps each row's offset (series in different zones); else the file's one zone holds
  const fileZone = gridZone(ds, timeColumn)
  const own = !!(c.offsets || c.rowOffsets)
  const zones: TimeZoneMark[] = []
  for (const s of seriesRows(ds, series.columns)) {
    const t = distinct(Float64Array.from(s.rows, (i) => c.values[i]!), duplicates === 'keep')
    if (!t) return null
    const zone = own ? zoneMarkOf(ownZone(pickRows(c, s.rows))) : fileZone
    const g = calendarGaps(t, zone)
    if (g && grid && (g.freq.unit !== grid.unit || g.freq.every !== grid.every)) return null
    if (g) grid = g.freq
    else {
      each.push(t)
      zones.push(zone)
    }
  }
  if (!grid) return null
  // the series without a gap: on that grid, one period apart (a daily series is not made weekly)
  const f = grid
  if (!each.every((t, k) => t.every((x, i) => clockBucket(x, f, zones[k]!) === x && (i === 0 || clockNext(t[i - 1]!, f, zones[k]!) === x)))) return null
  return { unit: grid.unit, every: grid.every, agg: 'mean', auto: true }
}

function autoGrid(ds: Dataset, timeColumn: string | null | undefined, duplicates?: Duplicates): { resample: NonNullable<Resample>; missing: number } | null {
  const t = distinctTimes(ds, timeColumn, duplicates)
  const g = t ? calendarGaps(t, gridZone(ds, timeColumn)) : null
  return g ? { resample: { unit: g.freq.unit, every: g.freq.every, agg: 'mean', auto: true }, missing: g.missing } : null
}

/** Setup's Calendar grid choices: the key the select shows, and the step. */
export const GRID_STEPS = {
  day: { unit: 'day', every: 1 }, week: { unit: 'week', every: 1 }, month: { unit: 'month', every: 1 },
  quarter: { unit: 'month', every: 3 }, year: { unit: 'month', every: 12 }
} as const
export type GridKey = keyof typeof GRID_STEPS

/** The Calendar grid choice of a config's data.resample: 'off' for null, 'other' for a step Setup
 *  does not list (a config file's 2 hours). */
export function gridKeyOf(r: Resample): GridKey | 'off' | 'other' {
  if (!r) return 'off'
  const k = (Object.keys(GRID_STEPS) as GridKey[]).find((g) => GRID_STEPS[g].unit === r.unit && GRID_STEPS[g].every === r.every && r.agg === 'mean')
  return k ?? 'other'
}

/** Setup's offer where the grid is off and the rows are a calendar step with a few periods absent:
 *  the grid "auto" takes, and the button's words ("Put on a monthly grid (6 months missing, filled
 *  with the value before, plus the change a season earlier where there is a season)"); null otherwise. */
export function gridOffer(ds: Dataset, timeColumn: string | null | undefined, fill: MissingPolicy, duplicates?: Duplicates): { resample: NonNullable<Resample>; label: string } | null {
  const g = autoGrid(ds, timeColumn, duplicates)
  if (!g) return null
  const f = { unit: g.resample.unit, every: g.resample.every }
  // the run's season is not known yet (data.season resolves on the training rows): both fills said
  const how = fill === 'interpolate' ? OFFER_INTERPOLATE : FILLED[fill]
  return { resample: g.resample, label: `Put on a ${gridWords(f)} grid (${periodsWords(f, g.missing)} missing, ${how})` }
}

/** --resample STEP|auto|off as data.resample: off null, auto autoResampleFor (of `series`), a step "month", "2 week",
 *  "weekly", "quarterly", with ":sum" (":mean" by default) for how the rows of a period are joined. */
export function resampleFlag(text: string, ds: Dataset, timeColumn: string | null | undefined, series?: SeriesOfRun | null, duplicates?: Duplicates): Resample {
  const v = text.trim().toLowerCase()
  if (v === 'off' || v === 'none') return null
  if (v === 'auto') return autoResampleFor(ds, timeColumn, series, duplicates)
  const m = /^(\d+)?\s*([a-z]+?)s?(?::([a-z]+))?$/.exec(v)
  const named = m && !m[1] ? NAMED[m[2]!] ?? NAMED[m[2]! + 's'] : undefined
  const unit = named?.unit ?? (UNITS as readonly string[]).find((u) => u === m?.[2])
  const every = named?.every ?? (m?.[1] ? Number(m[1]) : 1)
  const agg = m?.[3] ?? 'mean'
  if (!m || !unit || !(every >= 1 && every <= 10000) || !(AGGS as readonly string[]).includes(agg))
    throw new PipelineError('bad-config', `--resample ${text}: give auto, off, or a step: day, week, month (2 week, quarterly, monthly:sum; ${UNITS.join(', ')}; :${AGGS.join(', :')})`, 'data.resample')
  refuseGridOnStepIndex(ds, timeColumn, `--resample ${text}`, 'data.resample')
  return { unit: unit as (typeof UNITS)[number], every, agg: agg as (typeof AGGS)[number] }
}

const FILLED: Record<MissingPolicy, string> = {
  interpolate: 'filled with the value before',
  ffill: 'filled with the value before',
  mean: "filled with the training rows' mean",
  drop: 'dropped again by the missing-value rule (drop), so the rows still skip them'
}

/** 'interpolate' on a seasonal target (the run's season above 1): the value before moved as the
 *  series moved a season earlier (core/data/pipeline.ts, fillNumeric). */
const SEASONAL_FILL = 'filled with the value before plus the change a season earlier'
const OFFER_INTERPOLATE = 'filled from the rows before them, following the season where there is one'

/** The run's notice where "auto" put the rows on a grid: the step, how many periods were absent and
 *  the first, how they were filled (the target's missing-value rule; `seasonal`: by the season, as
 *  the pipeline filled them; null: not known yet, both said; the first named by the file's day,
 *  `zone` the zone its times were written in), and how to keep the rows as they are. Not said
 *  where the grid was asked for by name (the resample notice says it). */
export function autoGridNote(r: NonNullable<Resample>, report: Pick<TimeReport, 'insertedRows' | 'firstInserted'>, fill: MissingPolicy, seasonal: boolean | null = false, zone: TimeZoneMark = null): Required<Words> {
  const f = { unit: r.unit, every: r.every }
  // seasonal null: before the run, whose season is not known yet (fw inspect): both fills said
  const filled = fill === 'interpolate' && seasonal === null ? OFFER_INTERPOLATE : seasonal && fill === 'interpolate' ? SEASONAL_FILL : FILLED[fill]
  const first = report.firstInserted === undefined ? '' : `, ${report.insertedRows === 1 ? '' : 'the first '}${fileTime(report.firstInserted, zone)}`
  return words`put on a ${gridWords(f)} grid: ${periodsWords(f, report.insertedRows)} absent${first}, ${filled} and not scored; the statistical models' season and the baselines' step count in ${periodsWords(f, 2).slice(2)} (${fix('--resample off', 'Calendar grid: Off, in Setup,')} keeps the rows as they are)`
}
