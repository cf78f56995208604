// The forecast as an Excel workbook with five sheets (six for a global run, with Series after Forecast): Forecast, Metrics, Config, Data, About (which
// forecaster made the numbers, the verdict and every candidate's validation score). Numbers are
// written as numbers and times as Excel dates (UTC; where the data's times carried offsets, the
// clock time the CSV writes, each cell's format naming its zone: ZonedTime), so the workbook
// sorts, filters and charts without conversion.
// Types only here: exceljs takes ~0.5 s of CPU to load, which every `fw` command paid at start-up
// although only XLSX exports use it; forecastXlsx loads it on first use.
import { Writable } from 'node:stream'
import type ExcelJS from 'exceljs'
import { flattenConfig } from './config-rows'
import { classColumns, classRowsWhere, exportLayoutOf, forecastColumn, layoutCells, layoutColumns, rowZone } from './forecast-csv'
import { beatsBetterNaiveWord, beatsNaiveWord, beatsRateWord, GLOBAL_CLASS_BASELINES, globalBaselines, globalClassMetricsNote, globalClassWords, globalMetricsNote, hasNetworkColumn, metricsTable, skippedSeriesWords } from './metrics-table'
import type { ForecastExport } from './types'
import { SCORE_ROWS, thresholdTable, thresholdWords } from './threshold-table'
import { fewestEvents, knownInputsOfConfig, scoredForecasts, verdictOf } from './verdict'
import { forecastCountWords, forecasterName } from './forecaster-name'
import { metricUnit, withUnit } from '../data/units'
import { BRIER_WORDS, classThresholdWords, targetScale } from '../data/metrics'
import { domainNote, rangeWarning } from '../data/range'
import { noIntervalWords } from './no-interval'
import { sentenceOf } from '../data/words'
import { isOffsetMark, stampZone, timeCell, timeStampOf, xlsxTimeFormat, XLSX_TIME_FORMAT, zoneClock, type TimeZoneMark } from '../data/time-cell'
import { countedSteps } from '../train/progress'
import { scoredStepsWords } from '../train/choice-steps'

export const SHEETS = { forecast: 'Forecast', series: 'Series', metrics: 'Metrics', config: 'Config', data: 'Data', about: 'About' } as const
/** The time format of a column of `times`: a date alone where all are midnight (daily data), as the CSV writes them (../data/time-cell). */
const timeFormatOf = (times: (number | null)[], zone: TimeZoneMark): string => xlsxTimeFormat(timeStampOf(times, zone), null)
/** Four decimals: numbers of ordinary size (a forecast of 412.3456, an MAE of 0.8123). */
const NUM_FMT = '0.0000'
/** Five significant digits in exponent form: 8.2887E-09, 1.2346E+12. */
const SCI_FMT = '0.0000E+00'

/** The format of numbers said together in one unit (a series' forecasts, bounds and actuals; one
 *  metric of every model): four decimals, but where the largest is under 1e-3 (a series near 1e-9
 *  showed 0.0000 in every cell, its MAE of 3.9e-11 too) or at least 1e9, exponent form. The largest
 *  decides, as fw's tables do (core/cli/format.ts fmtAlike), so that the numbers keep one form. */
function numFmtOf(values: Iterable<number | null | undefined>): string {
  let big = 0
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) big = Math.max(big, Math.abs(v))
  return big !== 0 && (big < 1e-3 || big >= 1e9) ? SCI_FMT : NUM_FMT
}

/** A regression's forecast rows' numbers, all in the target's unit. */
function* valuesOf(rows: ForecastExport['rows']): Generator<number | null> {
  for (const r of rows) {
    yield r.forecast
    yield r.lower
    yield r.upper
    yield r.actual
    yield* r.baselines
  }
}

/** A zoned time's cell: the clock time its zone shows, the zone named in its own format (a clock
 *  rule's offsets differ from cell to cell: 2024-03-31 01:00:00"+01:00", then 03:00:00"+02:00"). */
class ZonedTime {
  constructor(readonly date: Date, readonly numFmt: string) {}
}

type Value = string | number | boolean | Date | ZonedTime | null

function date(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms)
}

/** The cell of a time among `times` (one column's, one form: timeStampOf): a date (UTC) where the
 *  data's times had no zone, else a ZonedTime in the stamp's own zone (../data/time-cell stampZone),
 *  so each cell shows the clock time and offset the CSV writes. */
function timeCellOf(times: (number | null)[], zone: TimeZoneMark): (ms: number | null) => Value {
  return timeCellIn(timeStampOf(times, zone), zone)
}

/** timeCellOf with the column's form (`stamp`) known: a global run's rows each in their series' zone. */
function timeCellIn(stamp: ReturnType<typeof timeStampOf>, zone: TimeZoneMark): (ms: number | null) => Value {
  // ISO weeks and quarters: the CSV's text (2024-W05, 2024 Q1), which no date format shows (months
  // and years are dates shown as yyyy-mm and yyyy: XLSX_TIME_FORMAT)
  if (stamp === 'week' || stamp === 'quarter') return (ms) => timeCell(ms, stamp)
  // a step index: the integer, a number cell
  if (stamp === 'step') return (ms) => ms
  if (!isOffsetMark(zone)) return date
  return (ms) => {
    if (ms === null) return null
    const z = stampZone(ms, zone)
    return new ZonedTime(new Date(zoneClock(ms, z)), xlsxTimeFormat(stamp, z))
  }
}

/** A table's header (bold, shaded) and its columns' widths, from the header and its first 200
 *  rows: set before any row is written, as a streamed sheet needs them. */
function head(ws: ExcelJS.Worksheet, header: string[], rows: Value[][], formats: (string | undefined)[]): void {
  const h = ws.addRow(header)
  h.font = { bold: true }
  h.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } }
  header.forEach((name, i) => {
    const width = (v: Value): number => (v instanceof ZonedTime ? v.numFmt.length - 2 : v instanceof Date ? (formats[i] ?? XLSX_TIME_FORMAT.seconds).length : String(v ?? '').length)
    const longest = Math.max(name.length, ...rows.slice(0, 200).map((r) => width(r[i] ?? null)))
    ws.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2))
  })
}

function addRow(ws: ExcelJS.Worksheet, r: Value[], formats: (string | undefined)[]): ExcelJS.Row {
  const row = ws.addRow(r.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v instanceof ZonedTime ? v.date : v))) // an empty cell, never a #NUM!
  formats.forEach((f, i) => { if (f !== undefined) row.getCell(i + 1).numFmt = f })
  r.forEach((v, i) => { if (v instanceof ZonedTime) row.getCell(i + 1).numFmt = v.numFmt })
  return row
}

/** A small table, its rows kept in the sheet until the sheet is committed (so still open to change). */
function table(ws: ExcelJS.Worksheet, header: string[], rows: Value[][], formats: (string | undefined)[] = []): ExcelJS.Row[] {
  head(ws, header, rows, formats)
  return rows.map((r) => addRow(ws, r, formats))
}

/** How often, in ms, the Forecast sheet's writing gives way while its rows are written, so that
 *  exceljs's zip compresses them as they come instead of all after the last. */
const GIVE_WAY_MS = 20

/** A long table written row by row: each row's cells made from `items` only as it is written, then
 *  committed (written out as XML into the zip), `onRow` told after each. */
async function streamedTable<T>(ws: ExcelJS.Worksheet, header: string[], items: readonly T[], cells: (item: T) => Value[], formats: (string | undefined)[], onRow?: (done: number, total: number) => void): Promise<void> {
  head(ws, header, items.slice(0, 200).map(cells), formats)
  let turn = performance.now()
  for (let i = 0; i < items.length; i++) {
    addRow(ws, cells(items[i]!), formats).commit()
    onRow?.(i + 1, items.length)
    if (performance.now() - turn > GIVE_WAY_MS) {
      await new Promise((resolve) => setImmediate(resolve))
      turn = performance.now()
    }
  }
  ws.commit()
}

/** How far a workbook is (an export's progress): `rows`, told each time one more of the Forecast
 *  sheet's rows is written; `parts`, told as each of its other parts is done (WORKBOOK_PARTS): exceljs
 *  loaded before the first row (1.9-3.7 s at a load average of 23 on 2 cores), the other sheets and
 *  the finish after the last (under 0.9 s each on a 100,000-row sheet there). */
export interface XlsxProgress {
  rows?: (done: number, total: number) => void
  parts?: (done: number, total: number) => void
}


/** A global run's series by forecaster, in the words of fw train --global's "forecast by" line
 *  (forecastCountWords: "ets (180 series), network (18 series)"), and in how many of them the
 *  network lost on validation: those whose forecast gives it no weight (neither the network nor
 *  network + stats). A series with no forecaster stored (a run made before the choice) is the network's. */
function seriesForecasters(series: readonly { forecastBy?: string | null }[]): { words: string; lost: string } {
  const counts = new Map<string, number>()
  let lost = 0
  for (const s of series) {
    const by = s.forecastBy ?? 'network'
    const name = forecasterName(by)
    counts.set(name, (counts.get(name) ?? 0) + 1)
    if (by !== 'network' && by !== 'ensemble') lost++
  }
  return { words: forecastCountWords(counts), lost: `in ${lost} of ${series.length} series: their forecast gives the network no weight (forecast by, and the Series sheet)` }
}
/** The parts of a workbook counted besides its rows: exceljs loaded (before the first row), then,
 *  after the last, its other sheets made and the whole finished (its styles, shared strings and zip). */
export const WORKBOOK_PARTS = 3

export async function forecastXlsx(fx: ForecastExport, progress: XlsxProgress = {}): Promise<Uint8Array> {
  const part = countedSteps(WORKBOOK_PARTS, progress.parts)
  const { default: Excel } = await import('exceljs')
  part()
  // exceljs's streaming writer: the Forecast sheet's rows written out (and compressed) one by one as
  // they are made, where the in-memory Workbook made them all again as XML after the last, seconds
  // untold on a long sheet. The file's bytes are kept as they come, the whole returned at the end.
  const chunks: Buffer[] = []
  const stream = new Writable({ write: (chunk: Buffer, _: unknown, done: () => void) => void (chunks.push(chunk), done()) })
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true })
  wb.creator = 'Forecast Workbench'
  wb.title = `${fx.runName}: forecast of ${fx.target}`

  const f = wb.addWorksheet(SHEETS.forecast, { views: [{ state: 'frozen', ySplit: 1 }] })
  // the CSV's layout (./forecast-csv), its times Excel dates
  const layout = exportLayoutOf(fx)
  // The sheet is read by people: values in the target's unit say so ("forecast (ppm)"); the CSV
  // keeps bare column names for programs.
  const header = layoutColumns(layout, (name) => withUnit(name, fx.task === 'regression' ? fx.unit : null))
  const ids = fx.seriesColumns ?? []
  const numeric = header.length - ids.length - (layout.row ? 3 : 2)
  // zoned data: the cell holds the clock time in the stamp's zone, its format names the zone
  const zone = layout.zone ?? null
  const times = fx.rows.map((r) => r.time)
  const stamp = timeStampOf(times, zone)
  // a global run whose series are in different zones: each row in its series' own (rowZone)
  const cells = new Map<TimeZoneMark, (ms: number | null) => Value>()
  const timeCell = (z: TimeZoneMark) => cells.get(z) ?? cells.set(z, timeCellIn(stamp, z)).get(z)!
  // a classification's numbers are probabilities (and class codes): four decimals
  const valueFmt = fx.task === 'regression' ? numFmtOf(valuesOf(fx.rows)) : NUM_FMT
  await streamedTable(f, header, fx.rows, (r) => layoutCells(layout, r, timeCell(rowZone(layout, r))),
    [...ids.map(() => undefined), timeFormatOf(times, zone), ...(layout.row ? [undefined] : []), undefined, ...Array<string>(numeric).fill(valueFmt)], progress.rows)

  const classSummary = fx.seriesSummary?.classification ?? null
  if (fx.seriesMetrics?.length && classSummary) {
    // A global classification: each series' class scores against its own baselines (fitted on its
    // training rows), as fw show's table has them; every series is forecast by the network.
    const s = wb.addWorksheet(SHEETS.series, { views: [{ state: 'frozen', ySplit: 1 }] })
    table(s, [...ids, 'test forecasts', 'accuracy', 'brier', 'log loss', 'training-rate brier', 'persistence brier', 'majority accuracy', 'beats training rate', 'forecast by'],
      fx.seriesMetrics.map((m) => {
        const c = m.classScores ?? null
        return [...m.series, m.n, c?.accuracy ?? null, c?.brier ?? null, c?.logLoss ?? null, c?.rateBrier ?? null, c?.persistenceBrier ?? null, c?.majorityAccuracy ?? null, beatsRateWord(c ?? {}, c?.rateNoise), forecasterName(m.forecastBy ?? 'network', m.forecastLabel)]
      }),
      [...ids.map(() => undefined), undefined, NUM_FMT, NUM_FMT, NUM_FMT, NUM_FMT, NUM_FMT, NUM_FMT])
  } else if (fx.seriesMetrics?.length) {
    // A global run: each series' test scores against its own naive forecasts, and what forecasts it
    // (chosen on its validation rows; empty for runs stored before, whose forecast is the network's).
    const s = wb.addWorksheet(SHEETS.series, { views: [{ state: 'frozen', ySplit: 1 }] })
    // the MAEs in the target's unit, in one format; MASE is unitless
    const maeFmt = numFmtOf(fx.seriesMetrics.flatMap((m) => [m.mae, m.naiveMae, m.seasonalNaiveMae]))
    // against the better of naive and seasonal naive, "level" within each series' noise (the verdict's
    // count), where the export carries it (a run's export does: beatsBestNaive)
    const better = fx.seriesMetrics.some((m) => m.beatsBestNaive !== undefined)
    table(s, [...ids, 'test forecasts', ...['mae', 'mase', 'naive mae', 'seasonal naive mae'].map((n) => withUnit(n, metricUnit(n === 'mase' ? 'mase' : 'mae', fx.unit))), 'coverage', 'beats naive', ...(better ? ['beats better naive'] : []), 'forecast by'],
      fx.seriesMetrics.map((m) => [...m.series, m.n, m.mae, m.mase, m.naiveMae, m.seasonalNaiveMae, m.coverage, beatsNaiveWord(m), ...(better ? [beatsBetterNaiveWord(m, m.noise)] : []), m.forecastBy ? forecasterName(m.forecastBy, m.forecastLabel) : null]),
      [...ids.map(() => undefined), undefined, maeFmt, NUM_FMT, maeFmt, maeFmt, '0.0%'])
  }

  const m = wb.addWorksheet(SHEETS.metrics, { views: [{ state: 'frozen', ySplit: 1 }] })
  // a global run's forecast rows carry no baseline, its metrics naive's (and seasonal naive's)
  // a global classification's, each series' own majority, persistence and training rate, meaned as its scores are
  const baselines = classSummary ? [...GLOBAL_CLASS_BASELINES] : fx.seriesMetrics ? globalBaselines(fx.metrics) : fx.baselineNames
  const mt = metricsTable(fx.metrics, baselines, targetScale(fx.range), classSummary ? { yardstick: classSummary.bestBaseline } : fx.seriesMetrics ? null : { task: fx.task, choice: fx.choice })
  // the network alone beside the forecast where they differ (never a baseline: skill is the forecast's)
  const net = hasNetworkColumn(mt)
  const scores = mt.map((r) => [r.model, ...(net ? [r.network] : []), ...r.baselines])
  const metricRows = table(m, ['split', 'metric', 'model', ...(net ? ['network alone'] : []), ...baselines, 'best baseline', 'skill vs best'],
    mt.map((r, i) => [r.split, withUnit(r.metric, metricUnit(r.metric, fx.unit)), ...scores[i]!, r.bestBaseline, r.skill]),
    [undefined, undefined, NUM_FMT, ...(net ? [NUM_FMT] : []), ...baselines.map(() => NUM_FMT), undefined, '0.0%'])
  // each metric in its own size: a series near 1e-9 has an MAE near 1e-11 beside a MASE near 1
  scores.forEach((row, i) => {
    const fmt = numFmtOf(row)
    if (fmt !== NUM_FMT) row.forEach((_, c) => void (metricRows[i]!.getCell(3 + c).numFmt = fmt))
  })

  table(wb.addWorksheet(SHEETS.config), ['setting', 'value'], flattenConfig(fx.config))

  const d = wb.addWorksheet(SHEETS.data)
  const s = fx.data
  // the data's span and the splits' dates in one format
  // in the Forecast sheet's zone, where the data's times carried an offset
  const spans = [s.start, s.end, ...s.splits.flatMap((p) => [p.start, p.end])]
  const when = timeFormatOf(spans, zone)
  const zoned = timeCellOf(spans, zone)
  // the run's rows (which start and end cover) and the file's (which the column table below counts)
  // apart, as the report's Dataset section says them
  table(d, ['dataset', 'rows in the run', 'time column', 'start', 'end', 'rows in the file', 'rows added by the time grid'], [[s.name, s.rows, s.timeColumn, zoned(s.start), zoned(s.end), s.fileRows ?? s.rows, s.gridRows ?? 0]], [undefined, undefined, undefined, when, when])
  d.addRow([])
  table(d, ['split', 'rows', 'windows', 'start', 'end', 'first row', 'last row'],
    s.splits.map((p) => [p.split, p.rows, p.windows, zoned(p.start), zoned(p.end), p.startRow, p.endRow]), [undefined, undefined, undefined, when, when])
  d.addRow([])
  table(d, ['column', 'role', 'type', 'count', 'missing', 'mean', 'std', 'min', 'max'],
    s.columns.map((c) => [c.name, c.role, c.type, c.count, c.missing, c.mean, c.std, c.min, c.max]))
  d.getColumn(4).width = d.getColumn(5).width = 21

  // About: the forecast column's maker in plain words (the CSV keeps its columns unchanged and
  // says nothing of it; docs/export.md).
  const a = wb.addWorksheet(SHEETS.about)
  const global = fx.seriesSummary ?? null
  const bounds = domainNote(fx.range?.domain, fx.rows.map((x) => x.lower))
  const noInterval = noIntervalWords(fx, !!fx.seriesColumns?.length)
  const v = verdictOf(fx.task, fx.choice ?? null, fx.metrics, global, scoredForecasts(fx.rows), targetScale(fx.range), fewestEvents(fx.rows, fx.classes?.names, classRowsWhere(fx.target, fx.classes)), 'app', knownInputsOfConfig(fx.config), fx.noise ?? null)
  table(a, ['item', 'value'], [
    ['run', fx.runName],
    ['target', fx.target],
    // the Data sheet's counts (the run's rows, the file's), from the same fields
    ['rows in the run', s.rows],
    ['rows in the file', s.fileRows ?? s.rows],
    ...(fx.unit ? [['unit', fx.unit] as Value[]] : []),
    // remade: the forecast column is the rebuild's (the remade row names it), the choice the run's
    [fx.remade ? 'forecast chosen when the run trained' : 'forecast made by', v.forecaster],
    ...(fx.remade ? [['remade', fx.remade] as Value[]] : []),
    ...(fx.aheadIntervals ? [['steps past the end', fx.aheadIntervals] as Value[]] : []),
    ...(fx.aheadLeftOut ? [['series not forecast past the end', fx.aheadLeftOut] as Value[]] : []),
    ...(fx.aheadFar ? [['steps past the history', fx.aheadFar] as Value[]] : []),
    // a global run's series each have their own forecaster: the Series sheet's "forecast by"
    ...(fx.seriesSkipped?.length ? [['series skipped', skippedSeriesWords(fx.seriesSkipped, fx.seriesMetrics?.length ?? 0)] as Value[]] : []),
    // a global classification: what the run is, its one forecaster, and what its metrics are
    ...(global && classSummary ? [
      ['run kind', globalClassWords(fx, classSummary)] as Value[],
      ['forecaster id', 'network'] as Value[],
      ['forecast by', seriesForecasters(fx.seriesMetrics ?? []).words] as Value[],
      ['metrics', globalClassMetricsNote(classSummary.bestBaseline)] as Value[]
    ] : global ? [['forecaster id', 'per series (Series sheet)'] as Value[], ['forecast by', seriesForecasters(fx.seriesMetrics ?? []).words] as Value[], ['metrics', globalMetricsNote(fx.seriesMetrics ?? [], fx.metrics, fx.seriesSummary ?? null)] as Value[]] : [
      ['forecaster id', fx.task === 'regression' ? fx.choice?.chosen ?? 'network' : 'network'] as Value[],
      ['network weight', fx.task === 'regression' ? fx.choice?.network ?? 1 : 1] as Value[]
    ]),
    ...(fx.choice?.members ?? []).map((m): Value[] => [`weight of ${m.label}`, m.weight]),
    ['verdict', v.headline],
    // a global run's network loses or not per series: in how many (it said false where the network
    // forecast 18 of 320 series); a classification's never does: no statistical model forecasts a class
    ['network lost on validation', global && !classSummary ? seriesForecasters(fx.seriesMetrics ?? []).lost : v.networkLost],
    // a network that did better on validation, left out by another part of the rule: not "lost"
    ...(v.passedOver ? [['network passed over', `${v.passedOver}.`] as Value[]] : []),
    ['why', v.detail],
    ...(v.action ? [['what to do', v.action] as Value[]] : []),
    ...(rangeWarning(fx.range) ? [['test values outside the history', rangeWarning(fx.range)] as Value[]] : []),
    // the notices kept with the run, as the report and the app say them
    ...(fx.notices ?? []).map((n): Value[] => ['notice', sentenceOf(n)]),
    ...(bounds ? [['interval bounds', bounds] as Value[]] : []),
    // lower and upper empty: why, as Evaluate says it
    ...(noInterval ? [['prediction interval', noInterval] as Value[]] : []),
    // classification: what the forecast column holds, the rule behind accuracy, F1, precision and
    // recall, and what the Brier score in Metrics sums (its range 0-2)
    ...(fx.task === 'classification' ? [
      // a global run's rows carry no baseline, and of more than two classes no class's probability (exportLayoutOf)
      ['forecast column', fx.classes?.names.length === 2 ? `${forecastColumn(fx.target, fx.classes)}: the predicted probability, 0 to 1${global ? '' : '; the baseline columns too'}` : global ? 'the likeliest class by name, as actual names its; a global run keeps no probability of each class' : `the likeliest class by name, as actual and the baseline columns name theirs; ${classColumns(fx.target, fx.classes).join(', ')}: the probability of each class, 0 to 1, adding up to 1`],
      ['predicted class', `${classThresholdWords(fx.classes?.names.length ?? 2)} (accuracy, F1, precision, recall)`],
      ['brier', BRIER_WORDS],
      // two classes: the threshold chosen on validation (its table below), or why there is none
      ...(fx.threshold ? [['threshold chosen on validation', thresholdWords(fx.threshold, (x) => x.toFixed(4))]] : [])
    ] as Value[][] : [])
  ])
  const tt = fx.threshold ? thresholdTable(fx.threshold) : null
  if (tt) {
    a.addRow([])
    const written = table(a, tt.header, tt.rows)
    // the scores to four decimals, the counts as whole numbers
    tt.rows.forEach((r, i) => { if (!SCORE_ROWS.has(r[0])) return; for (let c = 2; c <= r.length; c++) written[i]!.getCell(c).numFmt = NUM_FMT })
  }
  if (v.validation.length) {
    a.addRow([])
    table(a, [`candidate (validation MAE, ${scoredStepsWords(fx.choice ?? { steps: 1 })})`, 'MAE', 'is the forecast'], v.validation.map((x) => [x.label, x.mae, x.chosen]), [undefined, numFmtOf(v.validation.map((x) => x.mae))])
  }
  a.getColumn(2).width = 60

  part()
  await wb.commit()
  part()
  // commit resolves once the zip has ended `stream`
  const buf = Buffer.concat(chunks)
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length)
}
