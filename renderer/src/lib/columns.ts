// Column statistics, default roles and data warnings for the Data and Setup views. Pure functions
// over core/data's typed columns.
import type { Column, Dataset } from '../../../core/data/types'
import { columnStatsOf, type ColumnStats } from '../../../core/data/column-stats'
import { clockDigits, emptyColumnIn, fileTime, formatTime, seriesRows, type SeriesRows } from '../../../core/data/global'
import { timeOfDayMs } from '../../../core/data/values'
import { andList, formatCount } from '../../../core/data/words'
import { isOffsetMark, offsetText, zoneHolds, zoneMarkOf } from '../../../core/data/time-cell'
import { isStepIndex } from '../../../core/data/step-index'
import { rowsAhead, rowsAheadWords, seriesAheadWords, seriesRowsAhead } from '../../../core/data/rows-ahead'
import { closedWeekdaysNote, clocksBack, clocksForwardNote, mostlyIrregularNote, stepClockOf, stepSpacing, type SeriesSteps, type StepClock } from '../../../core/data/series'

export type { ColumnStats }

/** The column as numbers: values for numeric/boolean/date, codes for categories (-1 -> NaN). */
export function asNumbers(c: Column): Float64Array | null {
  if (c.kind === 'text') return null
  if (c.kind === 'categorical') {
    const out = new Float64Array(c.codes.length) // (N)
    for (let i = 0; i < c.codes.length; i++) out[i] = c.codes[i]! < 0 ? NaN : c.codes[i]!
    return out
  }
  return c.values
}

// Columns are never mutated, only replaced, so per-column results are cached by identity. The import
// worker's summary fills these (seedColumn) so that the page does not recompute them.
const statsCache = new WeakMap<Column, ColumnStats>()
const lag1Cache = new WeakMap<Column, number>()
const chartCache = new WeakMap<Column, Int32Array | null>()

export function columnStats(c: Column): ColumnStats {
  let s = statsCache.get(c)
  if (!s) statsCache.set(c, (s = columnStatsOf(c)))
  return s
}

/** Lag-1 autocorrelation of a numeric column (cached). */
export function columnLag1(c: Column & { values: Float64Array }): number {
  let r = lag1Cache.get(c)
  if (r === undefined) lag1Cache.set(c, (r = lag1Autocorrelation(c.values)))
  return r
}

/** The rows the series chart draws for a numeric column (cached): null = all of them. */
export function chartIndices(c: Column & { values: Float64Array }): Int32Array | null {
  let idx = chartCache.get(c)
  if (idx === undefined) chartCache.set(c, (idx = envelopeIndices(c.values)))
  return idx
}

export function seedColumn(c: Column, stats: ColumnStats, lag1: number | null, chart: Int32Array | null): void {
  statsCache.set(c, stats)
  if (lag1 !== null) lag1Cache.set(c, lag1)
  if (c.kind === 'numeric') chartCache.set(c, chart)
}

/** Lag-1 autocorrelation of the values' ranks (ties share their mean rank), ignoring missing
 *  pairs: a smooth series is a learnable default target. On ranks, so that one far value cannot
 *  decide it: on the values a 1e308 among sales near 100 made it NaN, and a 1e15 made it about 0,
 *  and the target proposed became a noise column. */
export function lag1Autocorrelation(v: Float64Array): number {
  const at: number[] = []
  for (let i = 0; i < v.length; i++) if (v[i] === v[i]) at.push(i)
  const n = at.length
  if (n < 3) return 0
  at.sort((a, b) => v[a]! - v[b]!)
  const rank = new Float64Array(v.length).fill(NaN) // (rows) 1..n, NaN where missing
  for (let k = 0; k < n; ) {
    let e = k + 1
    while (e < n && v[at[e]!] === v[at[k]!]) e++
    for (let j = k; j < e; j++) rank[at[j]!] = (k + 1 + e) / 2
    k = e
  }
  const mean = (n + 1) / 2
  let num = 0
  let den = 0
  for (let i = 0; i < v.length; i++) {
    const a = rank[i]! - mean
    if (a !== a) continue
    den += a * a
    const b = i + 1 < v.length ? rank[i + 1]! - mean : NaN
    if (b === b) num += a * b
  }
  return den === 0 ? 0 : num / den
}

export interface Roles {
  time: string | null
  target: string | null
  features: string[]
}

/** Names of columns derived from another (seasonally adjusted, smoothed, a trend, a lag …). */
const DERIVED = /adjust|deseason|season|smooth|trend|filter|fitted|rolling|moving|lag|diff|cumul|(^|[^a-z])(sa|ma)([^a-z]|$)/i
/** Categories with more levels than this are identifiers or mis-read dates, never default features. */
export { MAX_FEATURE_LEVELS } from '../../../core/data/config'
/** The near-duplicate rule is core/data's, so that fw train's default features are the app's. */
export { NEAR_DUPLICATE, correlation, nearDuplicates } from '../../../core/data/config'
import { countingColumnWords, defaultFeatureChoice, mostlyBlankWords, nearDuplicates } from '../../../core/data/config'

/** An id by its name: "id", "store_id", "store id", "customerId" (not "valid", "humid"). */
const ID_NAME = /(^|[_\s.-])id$/i
const CAMEL_ID = /[a-z]Id$/

/** Why numeric column `c` is no plausible target for a first run (null: it is one): a flag (two
 *  values or fewer, such as a 0/1 holiday column, whose runs of 1s make it look smooth), an id (named
 *  so, or a row counter 1, 2, 3, …), the time column or a series id column. */
export function implausibleTarget(ds: Dataset, c: Column & { values: Float64Array }): 'flag' | 'id' | 'time' | null {
  if (c.name === ds.timeColumn) return 'time'
  if (ds.series?.columns.includes(c.name) || ID_NAME.test(c.name) || CAMEL_ID.test(c.name)) return 'id'
  const v = c.values
  const seen: number[] = []
  let counter = v.length > 2
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!
    if (counter && (i === 0 ? !Number.isInteger(x) : x !== v[i - 1]! + 1)) counter = false
    if (x === x && seen.length <= 2 && !seen.includes(x)) seen.push(x)
    if (!counter && seen.length > 2) return null
  }
  return counter ? 'id' : 'flag'
}

/** Roles that make a first run work untouched: the detected time column; as target the most
 *  autocorrelated numeric column that is a plausible target (implausibleTarget: not a 0/1 flag, an
 *  id or the time), unless its name says it is derived from a near-identical column (CO2's
 *  "adjusted CO2"), which then takes its place; none when no column is plausible (Setup asks for
 *  one rather than forecasting a flag); and as features what defaultFeatures says. */
export function defaultRoles(ds: Dataset): Roles {
  const { target } = pickTarget(ds)
  return { time: ds.timeColumn, target, features: target === null ? [] : defaultFeatures(ds, target) }
}

/** defaultRoles' target, its lag-1 autocorrelation, and the derived column whose place it took
 *  (null: none). */
function pickTarget(ds: Dataset): { target: string | null; lag: number; derived: string | null } {
  let target: string | null = null
  let best = -Infinity
  for (const c of ds.columns) {
    if (c.kind !== 'numeric' || implausibleTarget(ds, c) !== null) continue
    const r = columnLag1(c)
    if (r > best) (best = r), (target = c.name)
  }
  if (target !== null && DERIVED.test(target)) {
    const raw = nearDuplicates(ds, target).find((n) => !DERIVED.test(n))
    if (raw) return { target: raw, lag: best, derived: target }
  }
  return { target, lag: best, derived: null }
}

/** Why Setup's default target is `target` (its Target field's hint), or null when `target` is not
 *  the default one (chosen by hand). */
export function defaultTargetWhy(ds: Dataset, target: string): string | null {
  const p = pickTarget(ds)
  if (p.target === null || p.target !== target) return null
  const numbers = ds.columns.filter((c) => c.kind === 'numeric').length
  if (p.derived) return `Picked by default: "${p.derived}" follows on most closely from one row to the next of the numeric columns, but its name says it is derived, and "${target}" moves with it: the column it is derived from.`
  if (numbers === 1) return `Picked by default: the one numeric column.`
  return `Picked by default: of the numeric columns (flags, ids and the time left out), "${target}" follows on most closely from one row to the next (lag-1 autocorrelation ${p.lag.toFixed(2)}), as a series worth forecasting does.`
}

/** The default features for `target`: core/data's defaultFeatureChoice (the numeric, boolean and
 *  categorical columns other than the target and the time column, less the near-duplicates of the
 *  target, categories with more than MAX_FEATURE_LEVELS levels and mostly blank categories), as fw
 *  train takes them. */
export function defaultFeatures(ds: Dataset, target: string): string[] {
  return defaultFeatureChoice(ds, target).features
}

/** What Setup says of the mostly blank categories and the columns that count the rows it leaves
 *  unticked (fw train says the same), or null when there are none. */
export function untickedNote(ds: Dataset, target: string): string | null {
  const choice = defaultFeatureChoice(ds, target)
  const left = [...choice.mostlyBlank.map(mostlyBlankWords), ...choice.counting.map(countingColumnWords)]
  if (!left.length) return null
  const one = left.length === 1
  return `Not ticked by default: ${andList(left)}. Tick ${one ? 'it' : 'them'} to use ${one ? 'it' : 'them'}.`
}

/**
 * The Data view's note on a file whose numbers were read with a decimal comma ("12,5" as 12.5), as
 * core/data's import decided it (Dataset.format.decimal, what fw inspect prints), with an example
 * from its values; null for a decimal point or a file of whole numbers.
 */
export function decimalCommaNote(ds: Dataset): string | null {
  if (ds.format.decimal !== 'comma') return null
  // the cell as the file writes it ("5.128,8", thousands grouped), and the number read from it
  const ex = ds.format.decimalExample
  if (ex) return `This file writes numbers with a decimal comma, and they were read so: “${ex.raw}” is ${ex.value}. Check that the Min, Max and Mean below look right.`
  return 'This file writes numbers with a decimal comma, and they were read so (“12,5” is 12.5). Check that the Min, Max and Mean below look right.'
}

export interface Fix {
  label: string
  /** join-times: read `column`, times of day kept apart as text, with the days as one time again */
  kind: 'interpolate' | 'retype-numeric' | 'ignore-column' | 'join-times'
  column: string
}

export interface Warning {
  code: string
  message: string
  column?: string
  fix?: Fix
  /** Information, not a warning (the Data view lists it apart): weekdays without a row that read as holidays. */
  info?: true
}

/** The rows of each series of a long file, grouped as a run groups them (core/data's
 *  seriesRows, numeric ids as categorical), or none: one series, or a row with no id or an id column
 *  gone (a run refuses the file, and the id column's missing values are warned about already). */
function seriesGroups(ds: Dataset): SeriesRows[] {
  if (!ds.series?.columns.length) return []
  try {
    return seriesRows(ds, ds.series.columns)
  } catch {
    return []
  }
}

/** The series of a long file with no value of `column` in any row (core/data's emptyColumnIn, the
 *  rule a global run skips them by): how many, their rows, and their labels as a phrase. */
function emptySeries(ds: Dataset, column: string, groups: SeriesRows[]): { count: number; rows: number; text: string } {
  if (ds.series?.columns.includes(column)) return { count: 0, rows: 0, text: '' }
  const empty = groups.filter((g) => emptyColumnIn(ds, g.rows, [column]) !== null)
  const rows = empty.reduce((a, g) => a + g.rows.length, 0)
  const named = empty.slice(0, 3).map((g) => g.label)
  const text = `series ${named.join(', ')}${empty.length > 3 ? ` and ${empty.length - 3} more` : ''}`
  return { count: empty.length, rows, text }
}

export function datasetWarnings(ds: Dataset): Warning[] {
  const out: Warning[] = []
  const groups = seriesGroups(ds)
  for (const c of ds.columns) {
    const s = columnStats(c)
    if (s.missing > 0 && s.missing === ds.rowCount) {
      // nothing to fill from: the fill from the value before would have no value to start from
      out.push({ code: 'missing', column: c.name, message: `"${c.name}" has no values at all, so it can be neither the target nor a feature.`, fix: { label: 'Ignore column', kind: 'ignore-column', column: c.name } })
    } else if (s.missing > 0) {
      // rows at the end with other columns' values but none of this one: rows ahead, which a run
      // neither fills nor trains on, counted apart (a long file: each series' own, grouped where they end alike)
      const perSeries = groups.length ? seriesRowsAhead(ds, c.name, groups, ds.series!.columns) : []
      const ahead = groups.length ? perSeries.reduce((a, s) => a + s.n, 0) : rowsAhead(ds, c.name)
      const said = groups.length ? seriesAheadWords(c.name, perSeries) : ahead ? rowsAheadWords(ds, c.name, ahead) : null
      const aheadText = said ? `${said.charAt(0).toUpperCase()}${said.slice(1)}.` : ''
      const inner = s.missing - ahead
      if (inner === 0) out.push({ code: 'missing', column: c.name, message: aheadText })
      else {
        const count = `"${c.name}" has ${inner} missing value${inner === 1 ? '' : 's'} (${((100 * inner) / ds.rowCount).toFixed(1)} %)${ahead ? ' inside its rows' : ''}`
        const empty = emptySeries(ds, c.name, groups)
        // the fill from the value before fills within a series, from its own values: one with none has nothing to fill from
        const fills = c.kind === 'numeric' && empty.rows < inner
        out.push({
          code: 'missing',
          column: c.name,
          message: empty.rows === 0 ? `${count}.${ahead ? ` ${aheadText}` : ''}`
            : `${count}, ${empty.rows === inner ? 'all' : `${empty.rows} of them`} in ${empty.text}, which ${empty.count === 1 ? 'has' : 'have'} no value of "${c.name}" at all: ${fills ? `the fill from the value before fills the other series' gaps only, and a run across the series leaves ${empty.count === 1 ? 'it' : 'them'} out` : `the fill from the value before has nothing to fill ${empty.count === 1 ? 'it' : 'them'} from, and a run across the series leaves ${empty.count === 1 ? 'it' : 'them'} out`}.`,
          ...(fills ? { fix: { label: 'Fill from the value before', kind: 'interpolate' as const, column: c.name } } : {})
        })
      }
    }
    if (c.kind === 'categorical') {
      const numeric = c.levels.filter((l) => l.trim() !== '' && Number.isFinite(Number(l))).length
      if (numeric > 0 && numeric >= 0.8 * c.levels.length) {
        out.push({
          code: 'looks-numeric',
          column: c.name,
          message: `"${c.name}" was read as a category but ${numeric} of its ${c.levels.length} values are numbers.`,
          fix: { label: 'Read as numbers', kind: 'retype-numeric', column: c.name }
        })
      }
    }
    if (c.kind === 'text') out.push({ code: 'text', column: c.name, message: `"${c.name}" is free text and cannot be used for training.`, fix: { label: 'Ignore column', kind: 'ignore-column', column: c.name } })
  }
  const time = ds.columns.find((c) => c.name === ds.timeColumn)
  // read into UTC from their offsets: said, since a run's steps and calendar are UTC's, not the file's clock
  if (time?.kind === 'date' && time.zoned) {
    // the forecast files keep the file's one offset, or each time's (under a clock rule, or kept per row), else write UTC marked Z (core/data/time-cell)
    // what the column holds, in fw inspect's words (zoneHolds)
    const zone = zoneMarkOf(time) ?? 'Z'
    const files = time.rowOffsets ? "in each series' own offsets, as the file does" : zone === 'Z' ? 'in UTC, marked Z' : typeof zone === 'object' ? ('rule' in zone ? 'each with its own offset, as the file does' : "each with its own offset, as the file does (those past the end with the last row's)") : `with ${offsetText(typeof zone === 'number' ? zone : 'Z')}, as the file does`
    // shown as the file wrote them (fileTime, the table's form: its own offset where each row's is kept)
    const i = time.values.findIndex((x) => x === x)
    const first = i < 0 ? '—' : fileTime(time.values[i]!, time.rowOffsets && time.rowOffsets[i] === time.rowOffsets[i] ? time.rowOffsets[i]! : zone, time.hasTime)
    out.push({ code: 'utc', column: time.name, message: `The times of "${time.name}" carry ${isOffsetMark(zone) ? zoneHolds(zone, !!time.rowOffsets, time.values) : 'a UTC offset'}: they are shown here as the file wrote them (the first, ${first}), and a run reads them in UTC (steps, and the calendar's hour of day, are UTC's); the exported forecast files and Export's forecast past the end write them ${files}.` })
  }
  if (time && time.kind === 'date') out.push(...(ds.series?.columns.length ? seriesTimeWarnings(ds, groups, time.values, time.name, ds.series.columns) : timeWarnings(ds, time.values, time.name)))
  return out
}

/** A long file's time warnings within each series, its rows sorted by time as a run sorts them
 *  (core/data's seriesRows groups them, numeric ids as categorical): the step back from one series'
 *  last row to the next one's first is no gap, and the same time in two series no duplicate. */
function seriesTimeWarnings(ds: Dataset, series: SeriesRows[], t: Float64Array, name: string, ids: string[]): Warning[] {
  // none (a row with no id, seriesGroups): the whole file's times read across series would mislead
  const groups = series.map((s) => s.rows)
  let dups = 0
  let steps = 0
  let off = 0
  const closed = { days: 0, first: Infinity } // weekdays without a row that read as holidays, over the series
  let unsorted: number | null = null // the first row (file order) before an earlier time of its series
  let clocks = true // every series' repeats where clocks go back (a daylight-saving night)
  const local = stepClockOf(ds.columns.find((c) => c.name === name))
  const index = isStepIndex(ds.columns.find((c) => c.name === name)) ? name : undefined
  const forward = { hours: 0, first: Infinity } // night hours a daylight-saving change skips, over the series
  const usual = new Map<string, number>()
  for (const rows of groups) {
    const times = Float64Array.from(rows, (i) => t[i]!)
    const at = firstOutOfOrder(times)
    if (at >= 0 && (unsorted === null || rows[at]! < unsorted)) unsorted = rows[at]!
    const sorted = at >= 0 ? times.sort() : times
    const c = timeCounts(sorted, local, index)
    if (c.dups) clocks &&= clocksBack(sorted)
    dups += c.dups
    steps += c.steps
    off += c.off
    if (c.closed) (closed.days += c.closed.days), (closed.first = Math.min(closed.first, c.closed.first))
    if (c.forward) (forward.hours += c.forward.hours), (forward.first = Math.min(forward.first, c.forward.first))
    if (c.usual) usual.set(c.usual, (usual.get(c.usual) ?? 0) + 1)
  }
  const out: Warning[] = []
  const within = `within its series (${groups.length} series of ${ids.join(', ')})`
  if (unsorted !== null) out.push(unsortedWarning(ds, unsorted, name, ' within their series'))
  if (dups) out.push({ code: 'duplicates', column: name, message: `${dups} row${dups === 1 ? ' shares' : 's share'} a timestamp with the row before ${within}.${clocks ? CLOCKS_BACK_WARNING : ''}${mergeWords(ds)}` })
  const step = [...usual].sort((a, b) => b[1] - a[1])[0]?.[0]
  if (off > 0) out.push({ code: 'irregular', column: name, message: `${stepsOff(off, steps)} between rows of a series ${off === 1 ? 'differs' : 'differ'} from that series' usual step${step ? `; most series step by ${step}` : ''}.` })
  if (closed.days) out.push({ code: 'holidays', column: name, info: true, message: `${closedWeekdaysNote(closed.days, closed.first, ` across the ${groups.length} series`).app}.` })
  if (forward.hours) out.push(clocksForwardWarning(name, forward, ` across the ${groups.length} series`))
  return out
}

/** The first index whose time is before the one of an earlier row (missing times skipped), or -1. */
function firstOutOfOrder(t: Float64Array): number {
  let last = -Infinity
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!
    if (x !== x) continue
    if (x < last) return i
    last = x
  }
  return -1
}

/** Rows not in time order: a run sorts them (core/data/series.ts), as the warnings here read them. */
function unsortedWarning(ds: Dataset, row: number, name: string, where = ''): Warning {
  return { code: 'sorted', column: name, message: `The rows are not in time order${where} (the first out of order at line ${ds.lines[row]}); a run sorts them by "${name}", and the warnings here read them so.` }
}

/** How a run merges the rows of a repeated time (data.duplicates 'mean', core/data aggregateRuns):
 *  numbers by their mean, a category (not a series id) by its last value; the Data view said neither
 *  (exploratory pass 22, findings 15i and 16b). */
function mergeWords(ds: Dataset): string {
  const cats = ds.columns.filter((c) => c.kind === 'categorical' && !ds.series?.columns.includes(c.name)).map((c) => `"${c.name}"`)
  return ` A run merges the rows of a time into one: each number by their mean${cats.length ? `, ${andList(cats)} by the last value` : ''}.`
}

/** Said after a duplicates warning whose repeats fall where clocks go back (core/data clocksBack,
 *  which the run's notice uses too). */
const CLOCKS_BACK_WARNING = ' They fall in the night a daylight-saving change repeats an hour of local clock time: written with their UTC offset (02:00+02:00, then 02:00+01:00) the two hours stay apart; as they are, a run merges each pair.'

function timeWarnings(ds: Dataset, t: Float64Array, name: string): Warning[] {
  const at = firstOutOfOrder(t)
  const sorted = at >= 0 ? Float64Array.from(t).sort() : t
  const col = ds.columns.find((c) => c.name === name)
  const index = isStepIndex(col)
  const { dups, steps, off, usual, firstDup, firstOff, closed, forward } = timeCounts(sorted, stepClockOf(col), index ? name : undefined)
  const out: Warning[] = []
  if (at >= 0) out.push(unsortedWarning(ds, at, name))
  const subDaily = col?.kind === 'date' && col.hasTime
  // as the file wrote them (fileTime, as the table shows them)
  const zone = zoneMarkOf(col)
  const apart = dups ? timesApart(ds, col) : null
  if (dups) out.push({
    code: 'duplicates',
    column: name,
    message: `${dups} row${dups === 1 ? ' shares' : 's share'} a timestamp with the row before${firstDup !== null ? ` (the first at ${fileTime(firstDup, zone, subDaily)})` : ''}.${clocksBack(sorted) ? CLOCKS_BACK_WARNING : ''}${apart ? ` "${apart}" holds times of day, read apart as text, so "${name}" holds the days alone: a run merges each day's rows into one (their mean). To keep every row, read "${name}" and "${apart}" as one time.` : mergeWords(ds)}`,
    ...(apart ? { fix: { label: `Read “${name}” and “${apart}” as one time`, kind: 'join-times' as const, column: apart } } : {})
  })
  if (off > 0) out.push({ code: 'irregular', column: name, message: `${stepsOff(off, steps)} between rows ${off === 1 ? 'differs' : 'differ'} from the usual step of ${usual}${firstOff !== null ? ` (the first after ${fileTime(firstOff, zone, subDaily)})` : ''}; a window reads the rows on either side of a gap as one step apart.` })
  if (closed) out.push({ code: 'holidays', column: name, info: true, message: `${closedWeekdaysNote(closed.days, closed.first).app}.` })
  if (forward) out.push(clocksForwardWarning(name, forward))
  return out
}

/** The column of times of day read apart, as text, beside a time column of days alone (the Data
 *  view's Keep "time" apart, fw's --type time=categorical), whose days then repeat: its name. */
function timesApart(ds: Dataset, time: Column | undefined): string | null {
  if (time?.kind !== 'date' || time.hasTime) return null
  const c = ds.columns.find((x) => x.kind === 'categorical' && !ds.series?.columns.includes(x.name) && x.levels.length > 0 && x.levels.every((l) => timeOfDayMs(l) === timeOfDayMs(l)))
  return c?.name ?? null
}

/** The hours a daylight-saving change skips (core/data clocksForward), as information, in the run's words. */
function clocksForwardWarning(name: string, f: { hours: number; first: number }, where = ''): Warning {
  const note = clocksForwardNote(f.hours, f.first, where)
  return { code: 'clocks-forward', column: name, info: true, message: `${note[0]!.toUpperCase()}${note.slice(1)}.` }
}

/** What Setup says before a run of the times `t` (any order, missing and repeated times as a run
 *  takes them) when most of their steps differ from the usual one (core/data mostlyIrregularNote,
 *  fw train's notice too); null otherwise. `local`: local clock times (core/data localClockTimes),
 *  whose spring-forward hour the run counts as no irregular step. */
export function mostlyIrregularWarning(t: Float64Array, local: StepClock): string | null {
  const { steps, off, usual } = timeCounts(firstOutOfOrder(t) >= 0 ? Float64Array.from(t).sort() : t, local)
  return usual === null ? null : mostlyIrregularNote(off, steps, usual)?.app ?? null
}

/** One series' steps as a run counts them (timeCounts; `local` as for mostlyIrregularWarning), for
 *  core/data mostlyIrregularSeriesNote: Setup's warning for a global run (series-spans.ts
 *  mostlyIrregularSeriesOf); null without two distinct times. */
export function seriesStepsOf(label: string, times: Float64Array, local: StepClock): SeriesSteps | null {
  const { steps, off, usual } = timeCounts(times, local)
  return usual === null ? null : { label, irregular: off, steps, usual }
}

/** "1 of 20 steps", "95 of 149 steps" (the steps between distinct times, as a run counts them). */
const stepsOff = (off: number, steps: number) => `${off} of ${steps} step${steps === 1 ? '' : 's'}`

/** The first and last time of a time column (missing times skipped), whatever the rows' order:
 *  a file need not be sorted (a run sorts it), nor a long file's last row be its latest. */
export function timeSpan(t: Float64Array): { first: number; last: number } | null {
  let first = Infinity
  let last = -Infinity
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!
    if (x < first) first = x
    if (x > last) last = x
  }
  return first <= last ? { first, last } : null
}

/** Rows at the time of the row before, and the steps between the distinct times as a run counts
 *  them once it has merged repeated times (core/data stepSpacing, one rule for both): how many, how
 *  many differ from the usual step, and the time before the first that does (null: none). */
function timeCounts(t: Float64Array, local: StepClock = false, index?: string): { dups: number; steps: number; off: number; usual: string | null; firstDup: number | null; firstOff: number | null; closed: { days: number; first: number } | null; forward: { hours: number; first: number } | null } {
  const distinct = new Float64Array(t.length) // (N)
  let n = 0
  let dups = 0
  let firstDup: number | null = null // the time of the first repeated timestamp
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!
    if (x !== x) continue
    if (n > 0 && x === distinct[n - 1]) (dups++, (firstDup ??= x))
    else distinct[n++] = x
  }
  const s = stepSpacing(distinct.subarray(0, n), local)
  if (!s) return { dups, steps: 0, off: 0, usual: null, firstDup, firstOff: null, closed: null, forward: null }
  // a step index's step in its own integers (`index` its column's name), no span of time
  const usual = s.weekdays ? 'a weekday (Monday to Friday)' : index !== undefined ? `${s.medianStepMs} of "${index}"` : formatStep(s.medianStepMs)
  return { dups, steps: n - 1, off: s.irregularSteps, usual, firstDup, firstOff: s.firstIrregular < 0 ? null : distinct[s.firstIrregular]!, closed: s.closedWeekdays ? { days: s.closedWeekdays, first: s.firstClosed } : null, forward: s.clocksForward ? { hours: s.clocksForward, first: s.firstForward } : null }
}

/** Steps in words ("a month (monthly)", "2 h"): core/data's, as fw's notices write them. */
export { calendarStep, formatStep } from '../../../core/data/series'
import { formatStep } from '../../../core/data/series'

/** Up to this many rows the series chart gets every row, and chart.js's decimation reduces them. */
export const CHART_MAX_POINTS = 100_000
/** Beyond CHART_MAX_POINTS rows, the chart gets a min/max envelope of this many points: about a min
 *  and a max per pixel column of a full-width chart, so the drawn line looks the same, and under
 *  chart.js's decimation threshold (1200), so that chart.js draws it as it is: no 100k {x, y} objects
 *  (and their garbage collection) on the page, nor 4000 chart elements to build and decimate. */
export const ENVELOPE_POINTS = 1000

/** The rows of a min/max envelope of `v` in time order, or null when all rows fit in `max`. Each
 *  bucket keeps its min and max (a bucket with no value keeps its first row, drawn as a gap). */
export function envelopeIndices(v: Float64Array, max = CHART_MAX_POINTS): Int32Array | null {
  const n = v.length
  if (n <= max) return null
  const buckets = Math.min(max, ENVELOPE_POINTS) >> 1
  const out = new Int32Array(2 * buckets) // (≤ 2 buckets) row indices
  let k = 0
  for (let b = 0; b < buckets; b++) {
    const a = Math.floor((b * n) / buckets)
    const e = Math.floor(((b + 1) * n) / buckets)
    let lo = -1
    let hi = -1
    for (let i = a; i < e; i++) {
      const y = v[i]!
      if (Number.isNaN(y)) continue
      if (lo < 0 || y < v[lo]!) lo = i
      if (hi < 0 || y > v[hi]!) hi = i
    }
    if (lo < 0) out[k++] = a
    else if (lo === hi) out[k++] = lo
    else (out[k++] = Math.min(lo, hi)), (out[k++] = Math.max(lo, hi))
  }
  return out.slice(0, k)
}

/** Chart points {x, y} of `v` at rows `rows` (null = all), x from `t` or the row index; NaN -> gap. */
export function pointsAt(v: Float64Array, t: Float64Array | null, rows: Int32Array | null): { x: number; y: number | null }[] {
  const n = rows ? rows.length : v.length
  const out = new Array<{ x: number; y: number | null }>(n)
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k
    const y = v[i]!
    out[k] = { x: t ? t[i]! : i, y: y === y ? y : null }
  }
  return out
}

/** Points for a line chart of `v`: all rows up to `max`, else their min/max envelope. */
export function chartPoints(v: Float64Array, t: Float64Array | null, max = CHART_MAX_POINTS): { x: number; y: number | null }[] {
  return pointsAt(v, t, envelopeIndices(v, max))
}


/** 1234567 -> "1,234,567" (core/data/words, which fw's words share). */
export { formatCount }

/** How a file writes its numbers, where the import knows it: a decimal comma, and thousands grouped
 *  with dots when the file's example cell has them ("12.701,45"). null: a decimal dot, or not known. */
export interface NumberStyle { comma: true; grouped: boolean }

export function numberStyleOf(ds: Dataset): NumberStyle | null {
  if (ds.format.decimal !== 'comma') return null
  return { comma: true, grouped: ds.format.decimalExample?.raw.includes('.') ?? false }
}

/**
 * A value of the data as the Data view shows it, every digit kept: a cell, a Min or a Max is the
 * number read from the file, to the last digit (the shortest text that reads back as it), not
 * rounded (formatNumber's 6 digits showed 12.701,45 as 12701.5). `significant`: for a computed
 * value (the Mean), that many significant digits, and never fewer than the integer part's and two
 * decimals more. In the file's own style where it writes a decimal comma (numberStyleOf).
 */
export function formatValue(v: number | null | undefined, style: NumberStyle | null = null, significant?: number): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  let s = String(v)
  if (significant !== undefined && Number.isFinite(v) && v !== 0) {
    const intDigits = Math.max(1, Math.floor(Math.log10(Math.abs(v))) + 1)
    s = String(+v.toPrecision(Math.min(17, Math.max(significant, intDigits + 2))))
  }
  if (!style) return s
  const [mantissa, exp] = s.split('e')
  const neg = mantissa!.startsWith('-')
  const [int, frac] = (neg ? mantissa!.slice(1) : mantissa!).split('.')
  const grouped = style.grouped && !exp ? int!.replace(/\B(?=(\d{3})+$)/g, '.') : int!
  return (neg ? '-' : '') + grouped + (frac ? `,${frac}` : '') + (exp ? `e${exp}` : '')
}

export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2)
  return String(+v.toPrecision(digits))
}

/** Decimals for a table column of one quantity: enough for `digits` significant digits of its
 *  largest value (fewer where every value needs fewer), the same for every cell, so that the digits line up ("417.0, 416.4, 415.0", not
 *  formatNumber's "417, 416.4, 415"). null where the column is better in exponent form (formatNumber's
 *  rule: a largest value of 1e5 or more, or under 1e-3), or has no finite value. */
export function columnDecimals(values: readonly (number | null | undefined)[], digits = 4): number | null {
  let max = 0
  for (const v of values) if (v !== null && v !== undefined && Number.isFinite(v)) max = Math.max(max, Math.abs(v))
  if (max === 0) return values.some((v) => v === 0) ? 0 : null
  if (max >= 1e5 || max < 1e-3) return null
  const d = Math.max(0, digits - 1 - Math.floor(Math.log10(max)))
  // no more than the values need: whole numbers stay whole ("101, 102, 103", not "101.0, …")
  let need = 0
  for (const v of values) if (v !== null && v !== undefined && Number.isFinite(v)) while (need < d && Number(v.toFixed(d)) !== Number(v.toFixed(need))) need++
  return need
}

/** A cell of a column whose decimals columnDecimals chose (null: formatNumber's own form). */
export function formatFixed(v: number | null | undefined, decimals: number | null): string {
  if (decimals === null || v === null || v === undefined || !Number.isFinite(v)) return formatNumber(v)
  const s = v.toFixed(decimals)
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s
}

/** A moment in the app's own life (a run created), in local time to the minute: "2026-12-05 14:03",
 *  the one format of such dates app-wide. Not toLocaleString, for formatCount's reason. */
export function formatWhen(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`
}

export { clockDigits, fileTime, formatTime }
