import { naturalBy, seriesLabelOf } from '../data/natural'
import { toCsv } from '../export/csv'
import { classCell, classColumns, classProbCells, forecastColumn } from '../export/forecast-csv'
import { timeCells } from '../export/time-cell'
import type { ForecastClasses } from '../export/types'
import type { ForecastRow } from '../train/types'
import type { SeriesPoints } from '../train/forecast-global'
import type { ForecastPoint } from '../train/forecast'

/** Forecast rows as a formula-safe CSV: time (UTC, as the export writes it: ../export/time-cell) or row index, step, forecast, bounds, actual.
 *  `classes` (a classification model's, with its target) name the forecast column as the export does;
 *  with more than two, forecast and actual name the class, and a column per class its probability. */
export function forecastCsv(rows: ForecastRow[], hasTime: boolean, classes: { target: string; classes: ForecastClasses | null } | null = null): string {
  const c = classes?.classes
  // the probabilities where the rows hold them (a file without its classes cannot name them)
  const probs = classes !== null && rows.some((r) => r.probs)
  const time = timeColumn(rows, hasTime)
  return toCsv(
    [hasTime ? 'time' : 'row', 'step', classes ? forecastColumn(classes.target, c) : 'forecast', 'lower', 'upper', 'actual', ...(probs ? classColumns(classes.target, c) : [])],
    rows.map((r, i) => [time[i]!, r.step, classCell(c, r.value), r.lower, r.upper, classCell(c, r.actual), ...(probs ? classProbCells(c, r.probs) : [])])
  )
}

/** A model's forecast points as the CSV's rows (fw predict, fw forecast, the app's Apply model): the
 *  time, or the row where there is none, and with more than two classes every class's probability. */
export function forecastRowsOf(points: readonly ForecastPoint[]): ForecastRow[] {
  return points.map((p) => ({ ts: p.time ?? p.row, step: p.step, value: p.value, lower: p.lower, upper: p.upper, actual: p.actual, ...(p.probs && p.probs.length > 2 ? { probs: p.probs } : {}) }))
}

/** A model's fitted target as forecastCsv names the forecast column by it (null: regression). */
export function csvClassesOf(target: string, t: { kind: string; classes?: readonly string[]; rule?: ForecastClasses['rule'] }): { target: string; classes: ForecastClasses | null } | null {
  return t.kind === 'classification' && t.classes ? { target, classes: { names: t.classes, rule: t.rule ?? null } } : null
}

/** A global model's forecast: the same columns after one column per series id (e.g. store), the
 *  series' blocks one after another in natural order of their labels (store 2 before store 10),
 *  each block's rows as given (in time order). */
export function seriesForecastCsv(columns: string[], blocks: { key: string[]; rows: ForecastRow[] }[], hasTime: boolean): string {
  const rows = naturalBy(blocks, (b) => seriesLabelOf(columns, b.key)).flatMap((b) => b.rows.map((r) => ({ key: b.key, r })))
  // one form of stamp for the whole file, every series' rows together
  const time = timeColumn(rows.map((x) => x.r), hasTime)
  return toCsv(
    [...columns, hasTime ? 'time' : 'row', 'step', 'forecast', 'lower', 'upper', 'actual'],
    rows.map(({ key, r }, i) => [...key, time[i]!, r.step, r.value, r.lower, r.upper, r.actual])
  )
}

/** The first cell of each row: its time in the file's one form of stamp, or its row index. */
function timeColumn(rows: readonly ForecastRow[], hasTime: boolean): (string | number | null)[] {
  return hasTime ? timeCells(rows.map((r) => r.ts)) : rows.map((r) => r.ts)
}

/** A global model's forecast blocks (forecastGlobal's, one per series) as each series' rows, and
 *  the CSV of them all that fw predict and fw forecast --model write and the app's Apply model saves. */
export function seriesForecastFile(columns: string[], blocks: SeriesPoints[]): { hasTime: boolean; series: { key: string[]; label: string; rows: ForecastRow[] }[]; text: string } {
  const hasTime = blocks.some((b) => b.points.some((x) => x.time !== null))
  const series = blocks.map((b) => ({ key: b.key, label: b.label, rows: b.points.map((x): ForecastRow => ({ ts: x.time ?? x.row, step: x.step, value: x.value, lower: x.lower, upper: x.upper, actual: x.actual })) }))
  return { hasTime, series, text: seriesForecastCsv(columns, series, hasTime) }
}
