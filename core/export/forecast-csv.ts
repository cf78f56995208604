// The forecast as CSV: one row per forecast value, through the formula-safe writer in ./csv, in the
// one row layout (ForecastLayout) that every forecast file takes, whichever way it is made.
import { parseRule, type Rule } from '../data/config'
import { toCsv, DEFAULT_LOCALE, type CsvLocale } from './csv'
import type { ForecastClasses, ForecastExport, ForecastExportRow } from './types'
import { timeCell, timeStampOf, type TimeZoneMark } from '../data/time-cell'
import { zeroOneWords } from '../data/yes-no'

export const BASELINE_PREFIX = 'baseline_'

/** The forecast column's name in every forecast file (the export's CSV and XLSX, fw train's
 *  predictions, fw predict and fw forecast, the app's model check). Regression: 'forecast', as
 *  ever. Two classes: the probability it holds, named by its class: 'P(precipitation > 0)' from the
 *  rule, else 'P(weather = rain)'. More classes: 'forecast', the likeliest class by its name (as
 *  are actual and the baselines: classCell), and a probability column per class (classColumns). */
export function forecastColumn(target: string, classes: ForecastClasses | null | undefined): string {
  if (!classes || classes.names.length !== 2) return 'forecast'
  return `P(${positiveClass(target, classes)})`
}

/** The class a two-class forecast's probability is of, in the forecast column's words: the rule
 *  ('precipitation > 0'), else the target equal to the second class ('weather = rain'), a yes/no
 *  target's in the data file's own word for yes where it is known ('rain = yes', 'rain = 1'). */
export function positiveClass(target: string, classes: ForecastClasses): string {
  const r = classes.rule
  return r ? `${r.column ?? target} ${r.op} ${r.value}` : `${target} = ${classLabels(classes)[1]}`
}

/** The names a person reads a target's classes by, in the classes' order (a confusion matrix's
 *  rows and columns, the threshold sentences, the probability's name): a yes/no target's in its
 *  data file's own words where they are known ('no', 'yes'; '0', '1'), else the model's class
 *  names ('false', 'true': a run stored before the words were kept, a rule, other classes). */
export function classLabels(classes: ForecastClasses): readonly string[] {
  return yesNoWordsOf(classes) ?? classes.names
}

/** What the threshold sentences count a two-class target's rows by ('9 where rain = yes'): its
 *  class in the data file's own words where they are known (positiveClass), else 'the class holds'. */
export function whereClassHolds(target: string, classes: ForecastClasses | null | undefined): string {
  return classes && yesNoWordsOf(classes) ? positiveClass(target, classes) : 'the class holds'
}

/** A rule turned round: the operator that holds where the rule's does not. */
const TURNED: Record<Rule['op'], Rule['op']> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '==': '!=', '!=': '==' }

/** Each of a two-class target's classes as the rows that hold it, in the order of its names, for the
 *  caution that names a class its test period lacks ('holds no row where precipitation > 0'): a
 *  rule's own words (positiveClass) and, for the other class, the rule turned round ('precipitation
 *  <= 0'); a yes/no target's in its data file's words ('rain = no', 'rain = yes'). null otherwise:
 *  other classes are named as they are ('holds no row of snow'). */
export function classRowsWhere(target: string, classes: ForecastClasses | null | undefined): readonly [string, string] | null {
  if (!classes || classes.names.length !== 2) return null
  const r = classes.rule
  if (r) return [`${r.column ?? target} ${TURNED[r.op]} ${r.value}`, positiveClass(target, classes)]
  const w = yesNoWordsOf(classes)
  return w ? [`${target} = ${w[0]}`, `${target} = ${w[1]}`] : null
}

/** A yes/no target's words for no and yes where its classes carry them (two classes, no rule). */
const yesNoWordsOf = (classes: ForecastClasses | null | undefined): readonly [string, string] | undefined =>
  classes && classes.names.length === 2 && !classes.rule ? classes.words : undefined

/** A stored run's classes as its forecast files name them (forecastColumn): its class names, the
 *  rule of its config's data.rule and a yes/no target's words (RunDetail.classWords); null without
 *  names (regression, or a run stored before kept them). */
export function runClasses(names: readonly string[] | null | undefined, rule: string | null | undefined, words?: readonly [string, string] | null): ForecastClasses | null {
  return names ? { names, rule: rule ? parseRule(rule) : null, ...(words ? { words } : {}) } : null
}

/** The classes a forecast file names its class cells by: more than two (two are a probability). */
const manyClasses = (classes: ForecastClasses | null | undefined): readonly string[] | null => (classes && classes.names.length > 2 ? classes.names : null)

/** More than two classes: one column per class, 'P(weather = rain)', in the classes' order, after
 *  the file's other columns; none otherwise. */
export function classColumns(target: string, classes: ForecastClasses | null | undefined): string[] {
  return (manyClasses(classes) ?? []).map((n) => `P(${target} = ${n})`)
}

/** A forecast, actual or baseline value as a forecast file writes it: with more than two classes
 *  the class it indexes, by name ('rain'); any other value as it is. */
function classCell(classes: ForecastClasses | null | undefined, v: number | null): string | number | null {
  const names = manyClasses(classes)
  return names && v !== null && Number.isInteger(v) && v >= 0 && v < names.length ? names[v]! : v
}

/** A row's probability cells, one per classColumns (empty where the row holds none). */
function classProbCells(classes: ForecastClasses | null | undefined, probs: readonly number[] | null | undefined): (number | null)[] {
  return (manyClasses(classes) ?? []).map((_, k) => probs?.[k] ?? null)
}

/** The one row layout of every forecast file: the export's CSV (forecastCsv) and workbook
 *  (./forecast-xlsx), and the CSVs made from a model's forecast rows (core/services/forecast-csv:
 *  fw train's predictions.csv, fw predict, fw forecast, the app's Apply model). Columns in file order:
 *  the series' id columns, time, row, step, the forecast, lower, upper (not for classification),
 *  actual, a column per baseline, a probability column per class (more than two). */
export interface ForecastLayout {
  /** A global run's id columns, first; [] or absent: one series. */
  seriesColumns?: readonly string[]
  /** The time column: the export writes it always (empty without a time), the model files' CSVs
   *  where the data has times. */
  time: boolean
  /** The row column: the export's where some row knows its dataset index, the model files' in place
   *  of the time where the data has none. */
  row: boolean
  /** The target and its classes name the forecast column and, with more than two, the class cells. */
  target: string
  classes: ForecastClasses | null | undefined
  baselineNames: readonly string[]
  /** A probability column per class, where there are more than two: the export's always, the model
   *  files' where the rows hold the probabilities. */
  probs: boolean
  /** The zone the times are written in (../data/time-cell): absent or null where the data's times
   *  carried no offset (written as read, as ever). */
  zone?: TimeZoneMark
}

/** The export's layout: a time column always, the row where some row knows it; a global run's
 *  probability columns only where its rows hold probabilities (a global classification of more than
 *  two classes keeps each test row's likeliest class alone: no column that would only ever be empty). */
export function exportLayoutOf(fx: ForecastExport): ForecastLayout {
  return { seriesColumns: fx.seriesColumns, time: true, row: fx.rows.some((r) => r.row !== null), target: fx.target, classes: fx.classes, baselineNames: fx.baselineNames, probs: !fx.seriesColumns?.length || fx.rows.some((r) => !!r.probs), zone: fx.timeZone ?? null }
}

/** Whether the layout has interval bounds: a classification file (its classes known) has none,
 *  its columns would only ever be empty. */
const hasBounds = (l: ForecastLayout): boolean => !l.classes

/** The value columns: forecast, bounds (not for classification), actual, baselines (the workbook
 *  adds the target's unit to them). */
function valueColumns(l: ForecastLayout): string[] {
  return [forecastColumn(l.target, l.classes), ...(hasBounds(l) ? ['lower', 'upper'] : []), 'actual', ...l.baselineNames.map((b) => BASELINE_PREFIX + b)]
}

/** Column names in file order; `unit` names the value columns in the workbook ("forecast (ppm)"). */
export function layoutColumns(l: ForecastLayout, unit: (name: string) => string = (n) => n): string[] {
  return [...(l.seriesColumns ?? []), ...(l.time ? ['time'] : []), ...(l.row ? ['row'] : []), 'step', ...valueColumns(l).map(unit), ...(l.probs ? classColumns(l.target, l.classes) : [])]
}

/** One row's cells in the layout's columns, its time written by `time` (the CSV's text, the
 *  workbook's date). Refuses a row whose series or baselines do not fit the columns. */
export function layoutCells<T>(l: ForecastLayout, r: ForecastExportRow, time: (ms: number | null) => T): (T | string | number | null)[] {
  if (r.baselines.length !== l.baselineNames.length) {
    throw new RangeError(`forecast row at step ${r.step} has ${r.baselines.length} baseline values for ${l.baselineNames.length} baselines`)
  }
  const c = (v: number | null) => classCell(l.classes, v)
  // a yes/no target's actual in the file's own words, where it was read from words (0 and 1 stay numbers)
  const words = yesNoWordsOf(l.classes)
  const actual = words && !zeroOneWords(words) && (r.actual === 0 || r.actual === 1) ? words[r.actual] : c(r.actual)
  return [...seriesCells(l, r), ...(l.time ? [time(r.time)] : []), ...(l.row ? [r.row] : []), r.step, c(r.forecast), ...(hasBounds(l) ? [r.lower, r.upper] : []), actual, ...r.baselines.map(c), ...(l.probs ? classProbCells(l.classes, r.probs) : [])]
}

/** The forecast file of `rows` in layout `l`: formula-safe (./csv), its times in the one form that
 *  writes every row's time exactly (2024-03-01 for daily rows; ../data/time-cell), with the data's
 *  zone where its times carried one (2021-11-04T13:00:00+01:00). */
export function layoutCsv(l: ForecastLayout, rows: readonly ForecastExportRow[], locale: CsvLocale = DEFAULT_LOCALE): string {
  const stamp = timeStampOf(rows.map((r) => r.time), l.zone)
  return toCsv(layoutColumns(l), rows.map((r) => layoutCells(l, r, (ms) => timeCell(ms, stamp, rowZone(l, r)))), locale)
}

/** The zone row `r`'s time is written in: its series' own (a global run whose series are in
 *  different zones), else the layout's. */
export const rowZone = (l: ForecastLayout, r: ForecastExportRow): TimeZoneMark => (r.zone !== undefined ? r.zone : l.zone ?? null)

/** Column names in file order. `row` appears only when some row knows its dataset index. */
export function forecastColumns(fx: ForecastExport): string[] {
  return layoutColumns(exportLayoutOf(fx))
}

/** The export's forecast CSV (the app's Export view, fw export). */
export function forecastCsv(fx: ForecastExport, locale: CsvLocale = DEFAULT_LOCALE): string {
  return layoutCsv(exportLayoutOf(fx), fx.rows, locale)
}

/** A row's id values, one per series column; refuses a row whose series does not fit them. */
function seriesCells(l: Pick<ForecastLayout, 'seriesColumns'>, r: ForecastExportRow): string[] {
  const cols = l.seriesColumns ?? []
  if (cols.length === 0) return []
  if (r.series?.length !== cols.length) throw new RangeError(`forecast row at step ${r.step} names no series of ${cols.join(', ')}`)
  return r.series
}

/** Locales whose spreadsheets expect a decimal comma (and therefore ';' between cells). */
const COMMA_LANGS = new Set(['de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'ru', 'sv', 'da', 'fi', 'nb', 'no', 'cs', 'tr', 'id', 'uk', 'el', 'hu', 'ro', 'sk', 'sl', 'hr', 'bg', 'lt', 'lv', 'et', 'vi'])

/** The CSV locale a user of `bcp47` (e.g. 'de-DE', navigator.language) expects. */
export function csvLocaleFor(bcp47: string): CsvLocale {
  const lang = bcp47.toLowerCase().split(/[-_]/)[0]
  if (bcp47.toLowerCase() === 'pt-br' || COMMA_LANGS.has(lang)) return { delimiter: ';', decimal: ',' }
  return DEFAULT_LOCALE
}
