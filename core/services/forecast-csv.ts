import { naturalBy, seriesLabelOf } from '../data/natural'
import { isYesNoTarget } from '../data/apply'
import { yesNoWords } from '../data/yes-no'
import type { Dataset } from '../data/types'
import type { TimeZoneMark } from '../data/time-cell'
import { layoutCsv, type ForecastLayout } from '../export/forecast-csv'
import type { ForecastClasses, ForecastExportRow } from '../export/types'
import type { ForecastRow } from '../train/types'
import type { SeriesPoints } from '../train/forecast-global'
import type { ForecastPoint } from '../train/forecast'

// The forecast CSV of a model's forecast rows (fw train's predictions.csv, fw predict, fw forecast,
// the app's Apply model): the export's writer and row layout (../export/forecast-csv ForecastLayout),
// less what these rows do not hold: no baselines, the row index in place of the time where the data
// has none, and the class probabilities where the rows hold them.

/** Forecast rows as a formula-safe CSV: time (as the export writes it: ../data/time-cell, in `zone`
 *  where the data's times carried an offset) or row index, step, forecast, bounds, actual.
 *  `classes` (a classification model's, with its target) name the forecast column as the export does;
 *  with more than two, forecast and actual name the class, and a column per class its probability. */
export function forecastCsv(rows: ForecastRow[], hasTime: boolean, classes: { target: string; classes: ForecastClasses | null } | null = null, zone: TimeZoneMark = null): string {
  // the probabilities where the rows hold them (a file without its classes cannot name them)
  const probs = classes !== null && rows.some((r) => r.probs)
  return layoutCsv(rowsLayout([], hasTime, classes, probs, zone), rows.map((r) => exportRowOf(r, hasTime)))
}

/** The layout of a model file's forecast CSV: the time, or the row where the data has no time;
 *  `zone`: the data's, where its times carried an offset (../data/time-cell zoneMarkOf). */
function rowsLayout(seriesColumns: string[], hasTime: boolean, classes: { target: string; classes: ForecastClasses | null } | null, probs: boolean, zone: TimeZoneMark): ForecastLayout {
  return { seriesColumns, time: hasTime, row: !hasTime, target: classes?.target ?? '', classes: classes?.classes ?? null, baselineNames: [], probs, zone }
}

/** A forecast row as the layout's writer takes it: its ts the time, or the row index without one. */
function exportRowOf(r: ForecastRow, hasTime: boolean, series?: string[], zone?: TimeZoneMark): ForecastExportRow {
  return { time: hasTime ? r.ts : null, row: hasTime ? null : r.ts, step: r.step, forecast: r.value, lower: r.lower, upper: r.upper, actual: r.actual, baselines: [], probs: r.probs ?? null, ...(series ? { series } : {}), ...(zone !== undefined ? { zone } : {}) }
}

/** A model's forecast points as the CSV's rows (fw predict, fw forecast, the app's Apply model): the
 *  time, or the row where there is none, and with more than two classes every class's probability. */
export function forecastRowsOf(points: readonly ForecastPoint[]): ForecastRow[] {
  return points.map((p) => ({ ts: p.time ?? p.row, step: p.step, value: p.value, lower: p.lower, upper: p.upper, actual: p.actual, ...(p.probs && p.probs.length > 2 ? { probs: p.probs } : {}) }))
}

/** A model's fitted target as forecastCsv names the forecast column by it (null: regression). */
export function csvClassesOf(target: string, t: { kind: string; classes?: readonly string[]; rule?: ForecastClasses['rule'] }, words?: readonly [string, string]): { target: string; classes: ForecastClasses | null } | null {
  return t.kind === 'classification' && t.classes ? { target, classes: { names: t.classes, rule: t.rule ?? null, ...(words && isYesNoTarget(t) ? { words } : {}) } } : null
}

/** An ONNX model's classes (its metadata; null: regression, or a file from before) as forecastCsv
 *  names them, a yes/no target's in the words of `ds`, the file it is applied to (fw predict and the
 *  app's Apply model alike). */
export function onnxCsvClassesOf(m: { target: string; classes: { names: readonly string[]; rule: ForecastClasses['rule'] } | null }, ds: Dataset): { target: string; classes: ForecastClasses | null } | null {
  return m.classes ? csvClassesOf(m.target, { kind: 'classification', classes: m.classes.names, rule: m.classes.rule }, yesNoWords(ds, m.target)) : null
}

/** A global model's forecast: the same columns after one column per series id (e.g. store), the
 *  series' blocks one after another in natural order of their labels (store 2 before store 10),
 *  each block's rows as given (in time order), its times in its own `zone` where it has one (its series'
 *  own: ../data/series.ts seriesZoneMarks), else in `zone`. */
export function seriesForecastCsv(columns: string[], blocks: { key: string[]; rows: ForecastRow[]; zone?: TimeZoneMark }[], hasTime: boolean, zone: TimeZoneMark = null, classes: { target: string; classes: ForecastClasses | null } | null = null): string {
  // one form of stamp for the whole file, every series' rows together (layoutCsv)
  const rows = naturalBy(blocks, (b) => seriesLabelOf(columns, b.key)).flatMap((b) => b.rows.map((r) => exportRowOf(r, hasTime, b.key, b.zone)))
  // a global classification's: its forecast named as the class it gives (csvClassesOf), as a single run's file
  return layoutCsv(rowsLayout(columns, hasTime, classes, false, zone), rows)
}

/** A global model's forecast blocks (forecastGlobal's, one per series) as each series' rows, and
 *  the CSV of them all that fw predict and fw forecast --model write and the app's Apply model saves. */
export function seriesForecastFile(columns: string[], blocks: SeriesPoints[], zone: TimeZoneMark = null, classes: { target: string; classes: ForecastClasses | null } | null = null): { hasTime: boolean; series: { key: string[]; label: string; rows: ForecastRow[]; zone?: TimeZoneMark }[]; text: string } {
  const hasTime = blocks.some((b) => b.points.some((x) => x.time !== null))
  const series = blocks.map((b) => ({ key: b.key, label: b.label, ...(b.zone !== undefined ? { zone: b.zone } : {}), rows: b.points.map((x): ForecastRow => ({ ts: x.time ?? x.row, step: x.step, value: x.value, lower: x.lower, upper: x.upper, actual: x.actual })) }))
  return { hasTime, series, text: seriesForecastCsv(columns, series, hasTime, zone, classes) }
}
