// The seasonal period of a run and the look-back that goes with it. The period comes from the time
// column's spacing where it has a conventional one (months -> 12, quarters -> 4, days -> 7,
// weekdays -> 5, hours -> 24, ...), else from the autocorrelation of the training rows (detectPeriod); 1 = no season.
// Sub-daily rows have two conventional cycles, the day and the week (electricity demand, traffic,
// web visits: weekends differ); the week is taken when its seasonal naive fits the training rows
// clearly better than the day's (weeklySeason). The week of daily rows (and of business days) is a
// cycle of human activity that a river's flow, the weather or a price on trading days lacks: it is
// taken only when its seasonal naive fits the training rows clearly better than naive does.
import { detectPeriod, fix, words, type Dataset, type Words } from '../data'
import { isStepIndex } from '../data/step-index'
import type { CalendarFeature } from '../data/calendar'
import type { ClockRule } from '../data/clock-rule'
import { inferStep } from './time-step'

const HOUR = 36e5
const DAY = 24 * HOUR
const MINUTE = 6e4
/** Periods per spacing in ms: a cycle a day (sub-daily data), a week (daily), a year (weekly). */
const MS_PERIODS: [number, number][] = [
  [5 * MINUTE, 288], [10 * MINUTE, 144], [15 * MINUTE, 96], [20 * MINUTE, 72], [30 * MINUTE, 48],
  [HOUR, 24], [DAY, 7], [7 * DAY, 52]
]

/** The conventional period of a time column's spacing, and whether it is the day of sub-daily rows
 *  (24 hourly rows), or null when it has none (irregular, yearly, seconds). One inferStep, on the
 *  clock rule the column's offsets follow (DateColumn.clock): Berlin's midnight on the 1st is months. */
function timePeriod(time: Float64Array | null, clock?: ClockRule | null): { m: number; subDaily: boolean; week: boolean } | null {
  if (!time || time.length < 3) return null
  const s = inferStep(time, null, clock)
  if (!s) return null
  if (s.kind === 'months') return 12 % s.months === 0 && s.months < 12 ? { m: 12 / s.months, subDaily: false, week: false } : null
  if (s.kind === 'weekdays') return { m: 5, subDaily: false, week: true } // a week of business days
  const hit = MS_PERIODS.find(([ms]) => Math.abs(s.ms - ms) < 1e-6 * ms)
  return hit ? { m: hit[1], subDaily: s.ms < DAY, week: s.ms === DAY } : null
}

/** Days in the week that sub-daily rows may take as their season. */
export const WEEK_DAYS = 7

/** The week is taken over the day when its seasonal naive's mean absolute error on the training
 *  rows is at most this share of the day's (a real weekly pattern, not noise: with none, the two
 *  errors differ by a few per cent either way). The week of daily rows is taken when its seasonal
 *  naive's error is at most this share of naive's (the day before): with no weekly pattern the two
 *  are about equal on noise, and the week's is the larger on a series that wanders (1.7 to 4.6 times
 *  naive's on the quality benchmark's 15 daily series, none of which has a weekly cycle). */
export const WEEKLY_GAIN = 0.9

/** Mean |y[t] - y[t - lag]| over t >= from (pairs with a missing value skipped), less its largest
 *  `trim` share. The week of daily rows trims DAILY_TRIM: a wild value moves two differences, which
 *  would decide a plain mean, while a weekly cycle moves a seventh of them or more. With nothing
 *  trimmed (the week of sub-daily rows) the differences are summed in time order, unsorted, so its
 *  ratio, shown in the run's note, stays what it was to the last bit. */
function lagMae(y: Float64Array, lag: number, from: number, trim: number): number {
  const all = new Float64Array(Math.max(0, y.length - from)) // (pairs) the differences, NaN skipped
  let n = 0
  for (let t = from; t < y.length; t++) {
    const v = Math.abs(y[t]! - y[t - lag]!)
    if (v === v) all[n++] = v
  }
  // a typed array sorts numbers ascending many times faster than a comparator (Setup works this out
  // for every series of a long file: global-lookback.ts); no -0 or NaN, so the order of the values is
  // a comparator's to the bit
  const d = all.subarray(0, n)
  const keep = d.length - Math.ceil(trim * d.length)
  if (keep < 1) return NaN
  if (keep < d.length) d.sort()
  let s = 0
  for (let i = 0; i < keep; i++) s += d[i]!
  return s / keep
}
const DAILY_TRIM = 0.02

/** data.season resolved (resolveSeasonOf), with `week` set when 'auto' took the week of sub-daily
 *  rows over their day: the day's rows and the ratio of the two seasonal naive errors. */
export interface ResolvedSeason {
  season: number
  week: { day: number; ratio: number } | null
  /** The week of daily rows (or business days) that 'auto' did not take, as the training rows show
   *  no weekly cycle: its period and its seasonal naive's error over naive's. */
  noWeek: { period: number; ratio: number } | null
}

/** The time column's values as the season reads them: none for an integer step index (a run's
 *  time zone mark 'step', core/data/step-index.ts), a count of steps with no calendar period, whose
 *  season is then found in the training rows' values, as with no time column; else `time`. */
export const calendarTime = (time: Float64Array | null, zone: unknown): Float64Array | null => (zone === 'step' ? null : time)

/** data.season resolved: a number as given, else the time column's period, else the training
 *  rows' autocorrelation peak, else 1. A period needs two full cycles of training rows to be used.
 *  Sub-daily rows whose day is m rows take the week, 7m rows, instead when the training rows hold
 *  two weeks and the week's seasonal naive errs on them at most WEEKLY_GAIN times the day's (both
 *  over the rows from the first week on). On the quality benchmark's hourly series (taylor's
 *  electricity demand) the week errs 0.45 times the day on the training rows; the held-out 48 hours,
 *  a weekend, were forecast with MASE 2.05 on the daily season and 0.39 on the weekly one.
 *  Daily rows (and business days) take the week only when its seasonal naive errs on the training
 *  rows at most WEEKLY_GAIN times naive's (mean absolute errors less the largest 2 %, so that a few
 *  wild values do not decide), else no season (`noWeek`); the steps the choice scores
 *  stay the week's (defaultSteps of noWeek.period). clock: the rule the time column's offsets follow
 *  (DateColumn.clock), on which its spacing is read. */
export function resolveSeasonOf(season: 'auto' | number, time: Float64Array | null, trainY: Float64Array, clock?: ClockRule | null): ResolvedSeason {
  if (season !== 'auto') return { season, week: null, noWeek: null }
  const p = timePeriod(time, clock)
  const m = p ? p.m : time ? null : detectPeriod(trainY)
  if (m === null || m <= 1 || trainY.length < 2 * m) return { season: 1, week: null, noWeek: null }
  const w = WEEK_DAYS * m
  if (p?.subDaily && trainY.length >= 2 * w) {
    const ratio = lagMae(trainY, w, w, 0) / lagMae(trainY, m, w, 0)
    if (ratio <= WEEKLY_GAIN) return { season: w, week: { day: m, ratio }, noWeek: null }
  }
  if (p?.week) {
    // a constant series (naive's error 0) has no weekly cycle either: the ratio is NaN or infinite
    const ratio = lagMae(trainY, m, m, DAILY_TRIM) / lagMae(trainY, 1, m, DAILY_TRIM)
    if (!(ratio <= WEEKLY_GAIN)) return { season: 1, week: null, noWeek: { period: m, ratio } }
  }
  return { season: m, week: null, noWeek: null }
}

/** What a run says when data.season 'auto' took the week of sub-daily rows over the day; null
 *  otherwise. */
export function weeklySeasonNote(r: ResolvedSeason): Words | null {
  return r.week && words`season: ${r.season} rows, a week (on the training rows the seasonal naive forecast of the week before errs ${r.week.ratio.toFixed(2)}× that of the day before; ${fix(`--season ${r.week.day}`, `Season ${r.week.day} in Setup`)} keeps the day)`
}

/** What a run says when data.season 'auto' did not take the week of its daily rows; null otherwise. */
export function noWeekNote(r: ResolvedSeason): Words | null {
  if (!r.noWeek) return null
  const why = Number.isFinite(r.noWeek.ratio) ? `on the training rows the seasonal naive forecast of the week before errs ${r.noWeek.ratio.toFixed(2)}× as much as that of the day before, where a weekly cycle needs ${WEEKLY_GAIN.toFixed(2)}× or less (lower is better)` : 'the training rows do not change from one day to the next'
  return words`season: none, not the week of daily rows (${why}: no weekly cycle; ${fix(`--season ${r.noWeek.period}`, `Season ${r.noWeek.period} in Setup`)} keeps the week)`
}

/** The default look-back of rows less than a day apart whose season 'auto' finds (the day, or its
 *  week) is two days of rows (two seasons of the day: 48 hourly rows, 96 half-hourly ones), at most
 *  SUB_DAILY_LOOKBACK_CAP rows: the same span of time down to 30-minute rows, and
 *  SUB_DAILY_LOOKBACK_CAP rows below (20-minute rows 32 hours, 15-minute rows a day, 10-minute rows
 *  16 hours, 5-minute rows 8 hours). A network unrolled over two days of finer rows trains and
 *  scores its paths many times longer for a forecast no better (docs/forecasting.md, section 2);
 *  the statistical models carry the season. Rows with no standard season (1 and 2 minutes apart)
 *  keep the look-back of no season, 12 rows; a season given as a number gets two of it, uncapped. */
export const SUB_DAILY_LOOKBACK_CAP = 96

/** Rows a day of a time column whose spacing (a fixed step) is under a day, else null. */
function rowsADay(time: Float64Array | null): number | null {
  const s = time && time.length >= 2 ? inferStep(time) : null
  return s?.kind === 'ms' && s.ms < DAY ? DAY / s.ms : null
}

/** Default look-back for N rows with period m and horizon h: two seasons (at least 12 rows, at most
 *  `most`), capped so that the training rows (70 %) still hold twice as many rows as one window spans. */
export function suggestLookBack(N: number, m: number, h: number, most = 4096): number {
  const want = Math.min(Math.max(2 * m, 12), most)
  const cap = Math.floor((0.7 * N) / 2) - h
  return Math.max(2, Math.min(want, cap, 4096))
}

/** The look-back a run on `ds` gets when none is given: suggestLookBack with the season that
 *  data.season resolves to on the first 70 % of the rows (the default training share). A week of
 *  sub-daily rows found by 'auto' gets the day's look-back (two days): the statistical models carry
 *  the week, and a network unrolled over two weeks of hours trains about 3 times longer (taylor's 720
 *  hours, the look-back capped at 187: 16 s against 5.5 s) for a forecast the choice did not take. */
export function defaultLookBack(ds: Dataset, target: string, season: 'auto' | number, horizon: number): number {
  return defaultSeasonAndLookBack(ds, target, season, horizon).lookBack
}

/** defaultLookBack, and the season it was derived from (what data.season resolves to on the first
 *  70 % of the rows: Setup shows it beside the empty Season field), and `full`, the look-back it
 *  would be with rows enough. */
export function defaultSeasonAndLookBack(ds: Dataset, target: string, season: 'auto' | number, horizon: number): DefaultLookBack {
  const col = ds.columns.find((c) => c.name === target)
  const tcol = ds.timeColumn ? ds.columns.find((c) => c.name === ds.timeColumn) : undefined
  // a step index reads as no time column: no calendar period, nor a day of rows
  const time = tcol && 'values' in tcol && !isStepIndex(tcol) ? (tcol.values as Float64Array) : null
  const n = Math.floor(0.7 * ds.rowCount)
  const y = col && col.kind === 'numeric' ? col.values.subarray(0, n) : new Float64Array(0)
  const r = resolveSeasonOf(season, time ? time.subarray(0, n) : null, y, tcol?.kind === 'date' ? tcol.clock : null)
  const day = season === 'auto' && r.season > 1 ? rowsADay(time ? time.subarray(0, n) : null) : null
  const m = day !== null ? Math.round(day) : r.week ? r.week.day : r.season
  const most = day !== null ? SUB_DAILY_LOOKBACK_CAP : 4096
  // full: the look-back with rows enough (what a short series falls below)
  const basis: DefaultLookBack['basis'] = day !== null ? { kind: 'days', rows: Math.round(2 * day) } : m > 1 ? { kind: 'seasons', rows: 2 * m } : { kind: 'none' }
  return { season: r.season, lookBack: suggestLookBack(ds.rowCount, m, horizon, most), full: suggestLookBack(Infinity, m, horizon, most), basis, calendar: r.week ? WEEK_CALENDAR : [] }
}

/** defaultSeasonAndLookBack's answer. basis: what the look-back is two of (`rows`: that many rows,
 *  before the bounds): two days of rows less than a day apart whose season 'auto' found, two
 *  seasons of other rows, or none (no season: 12 rows). */
export interface DefaultLookBack {
  season: number
  lookBack: number
  full: number
  basis: { kind: 'days' | 'seasons'; rows: number } | { kind: 'none' }
  /** The calendar inputs a run reads when data.calendar is not given: WEEK_CALENDAR where the
   *  season is the week of sub-daily rows, none otherwise. */
  calendar: readonly CalendarFeature[]
}

/** The calendar a run of sub-daily rows reads by default where data.season 'auto' takes the week:
 *  its look-back is two days (the day's), so without the hour of day and the day of week the network
 *  cannot tell a Monday from a Sunday. Measured against no calendar on the quality benchmark's hourly
 *  series and on generated hourly load (docs/forecasting.md, section 2). */
export const WEEK_CALENDAR: readonly CalendarFeature[] = ['hour', 'dow']

/** What a run says (a warning, kept with it) and Setup's Season field shows when the season given
 *  (data.season, --season) is more than the statistical models can fit on the training rows: longer
 *  than them, no model reads it (seasonal naive needs a season of rows, R's ETS more, Theta and
 *  ARIMA more than two), so they fit none; half of them or more, Theta and ARIMA fit none (thetaf's
 *  seasonal test and auto.arima's seasonal differencing need more than two seasons of rows, and its
 *  seasonal terms three: core/data/stats), giving the scores of no season. The season it advises
 *  is the longest of which the training rows hold more than two. null for 'auto' or a shorter season. */
export function longSeasonNote(season: 'auto' | number, trainRows: number): Required<Words> | null {
  if (season === 'auto' || 2 * season < trainRows) return null
  const most = Math.floor((trainRows - 1) / 2)
  const fits = fix(`--season ${most} or less (more than two seasons in the training rows), or none (auto)`, `a Season of ${most} or less (more than two seasons in the training rows), or the field left empty`)
  if (season > trainRows) return words`${fix(`season ${season} (--season, data.season)`, `Season ${season}`)} is longer than the ${trainRows} training rows: the statistical models read no season (seasonal naive is not fitted; ETS, Theta and ARIMA fit none); ${fits} lets them fit one`
  return words`${fix(`season ${season} (--season, data.season)`, `Season ${season}`)} needs more than two seasons of training rows (${2 * season + 1} or more) for Theta and ARIMA to fit it, and the run has ${trainRows}: they fit no season, as with none; ${fits} lets them fit one`
}

/** What a run says when it reads WEEK_CALENDAR by default. */
export function weekCalendarNote(): Required<Words> {
  return words`calendar inputs on: hour of day, day of week, as the rows take the week; ${fix('--calendar none turns them off', 'untick Hour of day and Day of week under Inputs known in the future in Setup to turn them off')}`
}

/** The default look-back in words, for Setup's look-back field: "48 rows, two days", "24 rows, two
 *  seasons", "96 rows, the most it takes (two days would be 192)", "12 rows, no season", and a short
 *  series' "6 rows, as the series is short (with rows enough: 14 rows, two seasons)". A short
 *  series whose look-back with rows enough is the least or the most the rule takes says that one and
 *  two seasons (or days) side by side, "10 rows, as the series is short (with rows enough: 12 rows,
 *  the least it takes, where two seasons are 8)": its look-back is cut from that one, which may lie
 *  above two seasons, and not from two seasons. */
export function defaultLookBackWords(d: DefaultLookBack): string {
  const b = d.basis
  const two = b.kind === 'days' ? 'two days' : 'two seasons'
  const short = d.lookBack < d.full
  const full =
    b.kind === 'none' ? `${d.full} rows, no season`
    : d.full === b.rows ? `${d.full} rows, ${two}`
    : `${d.full} rows, the ${d.full < b.rows ? 'most' : 'least'} it takes${short ? `, where ${two} are ${b.rows}` : ` (${two} would be ${b.rows})`}`
  return short ? `${d.lookBack} rows, as the series is short (with rows enough: ${full})` : full
}

/** What a run says when it takes the default look-back of a short series, below the one with rows
 *  enough (defaultLookBackWords, the words of Setup's look-back field): "look-back 2 rows, as the
 *  series is short (with rows enough: 14 rows, two seasons): more would leave too few training
 *  windows in 120 rows; --lookback N sets it". null when the series is long enough. */
export function shortLookBackNote(d: DefaultLookBack, rows: number): Words | null {
  if (d.lookBack >= d.full) return null
  return words`look-back ${defaultLookBackWords(d)}: more would leave too few training windows in ${rows} rows; ${fix('--lookback N sets it', 'the Look-back field sets it')}`
}

/** What a run says when its look-back is SUB_DAILY_LOOKBACK_CAP for rows less than a day apart
 *  whose season 'auto' found (the day or its week), where two days of rows would be more; null
 *  otherwise (a season given or none found, coarser rows, another look-back). */
export function lookBackCapNote(r: ResolvedSeason, time: Float64Array | null, lookBack: number, seasonGiven: boolean): Words | null {
  const day = seasonGiven || r.season <= 1 || lookBack !== SUB_DAILY_LOOKBACK_CAP ? null : rowsADay(time)
  const two = day === null ? 0 : Math.round(2 * day)
  if (two <= SUB_DAILY_LOOKBACK_CAP) return null
  return words`look-back ${lookBack} rows, less than two days of rows (${two}): the default reads two days of rows but no more than ${SUB_DAILY_LOOKBACK_CAP}, as a network unrolled over two days of rows this close trains many times longer for a forecast no better (${fix(`--lookback ${two}`, `Look-back ${two} in Setup`)} reads two days)`
}
