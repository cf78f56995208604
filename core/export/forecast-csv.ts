// The forecast as CSV: one row per forecast value, through the formula-safe writer in ./csv.
import { toCsv, DEFAULT_LOCALE, type Cell, type CsvLocale } from './csv'
import type { ForecastClasses, ForecastExport, ForecastExportRow } from './types'
import { timeCell, timeStampOf } from './time-cell'

export const BASELINE_PREFIX = 'baseline_'

/** The forecast column's name in every forecast file (the export's CSV and XLSX, fw train's
 *  predictions, fw predict and fw forecast, the app's model check). Regression: 'forecast', as
 *  ever. Two classes: the probability it holds, named by its class: 'P(precipitation > 0)' from the
 *  rule, else 'P(weather = rain)'. More classes: 'forecast', the likeliest class by its name (as
 *  are actual and the baselines: classCell), and a probability column per class (classColumns). */
export function forecastColumn(target: string, classes: ForecastClasses | null | undefined): string {
  if (!classes || classes.names.length !== 2) return 'forecast'
  const r = classes.rule
  return `P(${r ? `${r.column ?? target} ${r.op} ${r.value}` : `${target} = ${classes.names[1]}`})`
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
export function classCell(classes: ForecastClasses | null | undefined, v: number | null): string | number | null {
  const names = manyClasses(classes)
  return names && v !== null && Number.isInteger(v) && v >= 0 && v < names.length ? names[v]! : v
}

/** A row's probability cells, one per classColumns (empty where the row holds none). */
export function classProbCells(classes: ForecastClasses | null | undefined, probs: readonly number[] | null | undefined): (number | null)[] {
  return (manyClasses(classes) ?? []).map((_, k) => probs?.[k] ?? null)
}

/** Column names in file order. `row` appears only when some row knows its dataset index. */
export function forecastColumns(fx: ForecastExport): string[] {
  const hasRow = fx.rows.some((r) => r.row !== null)
  return [...seriesColumnsOf(fx), 'time', ...(hasRow ? ['row'] : []), 'step', forecastColumn(fx.target, fx.classes), 'lower', 'upper', 'actual', ...fx.baselineNames.map((b) => BASELINE_PREFIX + b), ...classColumns(fx.target, fx.classes)]
}

export function forecastCsv(fx: ForecastExport, locale: CsvLocale = DEFAULT_LOCALE): string {
  const hasRow = fx.rows.some((r) => r.row !== null)
  // UTC, in the one form that writes every row's time exactly (2024-03-01 for daily rows; ./time-cell)
  const stamp = timeStampOf(fx.rows.map((r) => r.time))
  const rows: Cell[][] = fx.rows.map((r) => {
    if (r.baselines.length !== fx.baselineNames.length) {
      throw new RangeError(`forecast row at step ${r.step} has ${r.baselines.length} baseline values for ${fx.baselineNames.length} baselines`)
    }
    return [...seriesCells(fx, r), timeCell(r.time, stamp), ...(hasRow ? [r.row] : []), r.step, ...forecastCells(fx, r), ...classProbCells(fx.classes, r.probs)]
  })
  return toCsv(forecastColumns(fx), rows, locale)
}

/** A row's forecast, bounds, actual and baselines, the class cells by name (classCell). */
export function forecastCells(fx: ForecastExport, r: ForecastExportRow): (string | number | null)[] {
  const c = (v: number | null) => classCell(fx.classes, v)
  return [c(r.forecast), r.lower, r.upper, c(r.actual), ...r.baselines.map(c)]
}

/** A global run's id columns, first in every forecast file; [] for a single-series run. */
export function seriesColumnsOf(fx: ForecastExport): string[] {
  return fx.seriesColumns ?? []
}

/** A row's id values, one per series column; refuses a row whose series does not fit them. */
export function seriesCells(fx: ForecastExport, r: ForecastExportRow): string[] {
  const cols = seriesColumnsOf(fx)
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
