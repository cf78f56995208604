// The forecast as an Excel workbook with five sheets (six for a global run, with Series after Forecast): Forecast, Metrics, Config, Data, About (which
// forecaster made the numbers, the verdict and every candidate's validation score). Numbers are
// written as numbers and times as Excel dates (UTC), so the workbook sorts, filters and charts
// without conversion.
// Types only here: exceljs takes ~0.5 s of CPU to load, which every `fw` command paid at start-up
// although only XLSX exports use it; forecastXlsx loads its Workbook module on first use.
import type ExcelJS from 'exceljs'
import { flattenConfig } from './config-rows'
import { classColumns, exportLayoutOf, forecastColumn, layoutCells, layoutColumns } from './forecast-csv'
import { GLOBAL_BASELINES, GLOBAL_METRICS_NOTE, hasNetworkColumn, metricsTable } from './metrics-table'
import type { ForecastExport } from './types'
import { SCORE_ROWS, thresholdTable, thresholdWords } from './threshold-table'
import { fewestEvents, scoredForecasts, verdictOf } from './verdict'
import { forecasterName } from './forecaster-name'
import { metricUnit, withUnit } from '../data/units'
import { BRIER_WORDS, classThresholdWords, targetScale } from '../data/metrics'
import { domainNote, rangeWarning } from '../data/range'
import { sentenceOf } from '../data/words'
import { timeStampOf, XLSX_TIME_FORMAT } from '../data/time-cell'
import { countedSteps } from '../train/progress'

export const SHEETS = { forecast: 'Forecast', series: 'Series', metrics: 'Metrics', config: 'Config', data: 'Data', about: 'About' } as const
/** The time format of a column of `times`: a date alone where all are midnight (daily data), as the CSV writes them (../data/time-cell). */
const timeFormatOf = (times: (number | null)[]): string => XLSX_TIME_FORMAT[timeStampOf(times)]
const NUM_FMT = '0.0000'

type Value = string | number | boolean | Date | null

function date(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms)
}

function table(ws: ExcelJS.Worksheet, header: string[], rows: Value[][], formats: (string | undefined)[] = [], onRow?: (done: number, total: number) => void): void {
  const h = ws.addRow(header)
  h.font = { bold: true }
  h.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } }
  for (const r of rows) {
    const row = ws.addRow(r.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) // an empty cell, never a #NUM!
    formats.forEach((f, i) => { if (f !== undefined) row.getCell(i + 1).numFmt = f })
    onRow?.(row.number - 1, rows.length)
  }
  header.forEach((name, i) => {
    const longest = Math.max(name.length, ...rows.slice(0, 200).map((r) => (r[i] instanceof Date ? (formats[i] ?? XLSX_TIME_FORMAT.seconds).length : String(r[i] ?? '').length)))
    ws.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2))
  })
}

/** How far a workbook is (an export's progress): `rows`, told each time one more of the Forecast
 *  sheet's rows is written; `parts`, told as each of its other parts is done (WORKBOOK_PARTS), which
 *  took seconds untold on a long run (exceljs loaded before the first row, 1.3-3 s on a loaded
 *  machine; the workbook finished after the last, 2-5 s). */
export interface XlsxProgress {
  rows?: (done: number, total: number) => void
  parts?: (done: number, total: number) => void
}

/** exceljs's stages of writing a workbook, each seconds on a long Forecast sheet: its cells prepared
 *  (shared strings, styles), its sheets written as XML, the whole compressed. They are methods of
 *  exceljs's XLSX writer (exceljs 4), which `counted` wraps to tell each as it ends: the file is the
 *  same, and a test (forecast-files.test.ts) fails if an exceljs of other names leaves one untold. */
const WRITE_STAGES = ['prepareModel', 'addWorksheets', '_finalize'] as const

/** The parts of a workbook counted besides its rows: exceljs loaded (before the first row), then
 *  its other sheets made, and exceljs's own stages of writing it (WRITE_STAGES). */
export const WORKBOOK_PARTS = 2 + WRITE_STAGES.length

/** `x` with each of `stages` telling `done` as it ends (returned or, for an async one, resolved). */
function counted(x: object, stages: readonly string[], done: () => void): void {
  const o = x as Record<string, unknown>
  for (const name of stages) {
    const f = o[name]
    if (typeof f !== 'function') continue
    o[name] = (...a: unknown[]) => {
      const r: unknown = f.apply(x, a)
      if (r instanceof Promise) return r.then((v: unknown) => (done(), v))
      done()
      return r
    }
  }
}

export async function forecastXlsx(fx: ForecastExport, progress: XlsxProgress = {}): Promise<Uint8Array> {
  const part = countedSteps(WORKBOOK_PARTS, progress.parts)
  // exceljs's Workbook module alone, all a workbook written to a buffer needs: the package's entry
  // also loads its streaming reader and writer, 2.2-3.8 s on a loaded machine against 0.9-1.2 s
  const { default: Workbook } = await import('exceljs/lib/doc/workbook.js')
  part()
  const wb = new Workbook()
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
  table(f, header, fx.rows.map((r) => layoutCells(layout, r, date)),
    [...ids.map(() => undefined), timeFormatOf(fx.rows.map((r) => r.time)), ...(layout.row ? [undefined] : []), undefined, ...Array<string>(numeric).fill(NUM_FMT)], progress.rows)

  if (fx.seriesMetrics?.length) {
    // A global run: each series' test scores against its own naive forecasts, and what forecasts it
    // (chosen on its validation rows; empty for runs stored before, whose forecast is the network's).
    const s = wb.addWorksheet(SHEETS.series, { views: [{ state: 'frozen', ySplit: 1 }] })
    table(s, [...ids, 'test forecasts', ...['mae', 'mase', 'naive mae', 'seasonal naive mae'].map((n) => withUnit(n, metricUnit(n === 'mase' ? 'mase' : 'mae', fx.unit))), 'coverage', 'beats naive', 'forecast by'],
      fx.seriesMetrics.map((m) => [...m.series, m.n, m.mae, m.mase, m.naiveMae, m.seasonalNaiveMae, m.coverage, m.beatsNaive ? 'yes' : 'no', m.forecastBy ? forecasterName(m.forecastBy, m.forecastLabel) : null]),
      [...ids.map(() => undefined), undefined, NUM_FMT, NUM_FMT, NUM_FMT, NUM_FMT, '0.0%'])
  }

  const m = wb.addWorksheet(SHEETS.metrics, { views: [{ state: 'frozen', ySplit: 1 }] })
  // a global run's forecast rows carry no baseline, its metrics naive's
  const baselines = fx.seriesMetrics ? [...GLOBAL_BASELINES] : fx.baselineNames
  const mt = metricsTable(fx.metrics, baselines, targetScale(fx.range), fx.seriesMetrics ? null : { task: fx.task, choice: fx.choice })
  // the network alone beside the forecast where they differ (never a baseline: skill is the forecast's)
  const net = hasNetworkColumn(mt)
  table(m, ['split', 'metric', 'model', ...(net ? ['network alone'] : []), ...baselines, 'best baseline', 'skill vs best'],
    mt.map((r) => [r.split, withUnit(r.metric, metricUnit(r.metric, fx.unit)), r.model, ...(net ? [r.network] : []), ...r.baselines, r.bestBaseline, r.skill]),
    [undefined, undefined, NUM_FMT, ...(net ? [NUM_FMT] : []), ...baselines.map(() => NUM_FMT), undefined, '0.0%'])

  table(wb.addWorksheet(SHEETS.config), ['setting', 'value'], flattenConfig(fx.config))

  const d = wb.addWorksheet(SHEETS.data)
  const s = fx.data
  // the data's span and the splits' dates in one format
  const when = timeFormatOf([s.start, s.end, ...s.splits.flatMap((p) => [p.start, p.end])])
  table(d, ['dataset', 'rows', 'time column', 'start', 'end'], [[s.name, s.rows, s.timeColumn, date(s.start), date(s.end)]], [undefined, undefined, undefined, when, when])
  d.addRow([])
  table(d, ['split', 'rows', 'windows', 'start', 'end', 'first row', 'last row'],
    s.splits.map((p) => [p.split, p.rows, p.windows, date(p.start), date(p.end), p.startRow, p.endRow]), [undefined, undefined, undefined, when, when])
  d.addRow([])
  table(d, ['column', 'role', 'type', 'count', 'missing', 'mean', 'std', 'min', 'max'],
    s.columns.map((c) => [c.name, c.role, c.type, c.count, c.missing, c.mean, c.std, c.min, c.max]))
  d.getColumn(4).width = d.getColumn(5).width = 21

  // About: the forecast column's maker in plain words (the CSV keeps its columns unchanged and
  // says nothing of it; docs/export.md).
  const a = wb.addWorksheet(SHEETS.about)
  const global = fx.seriesSummary ?? null
  const v = verdictOf(fx.task, fx.choice ?? null, fx.metrics, global, scoredForecasts(fx.rows), targetScale(fx.range), fewestEvents(fx.rows))
  table(a, ['item', 'value'], [
    ['run', fx.runName],
    ['target', fx.target],
    ...(fx.unit ? [['unit', fx.unit] as Value[]] : []),
    ['forecast made by', v.forecaster],
    ...(fx.remade ? [['remade', fx.remade] as Value[]] : []),
    ...(fx.aheadIntervals ? [['steps past the end', fx.aheadIntervals] as Value[]] : []),
    // a global run's series each have their own forecaster: the Series sheet's "forecast by"
    ...(global ? [['forecaster id', 'per series (Series sheet)'] as Value[], ['metrics', GLOBAL_METRICS_NOTE] as Value[]] : [
      ['forecaster id', fx.task === 'regression' ? fx.choice?.chosen ?? 'network' : 'network'] as Value[],
      ['network weight', fx.task === 'regression' ? fx.choice?.network ?? 1 : 1] as Value[]
    ]),
    ...(fx.choice?.members ?? []).map((m): Value[] => [`weight of ${m.label}`, m.weight]),
    ['verdict', v.headline],
    ['network lost on validation', v.networkLost],
    ['why', v.detail],
    ...(v.action ? [['what to do', v.action] as Value[]] : []),
    ...(rangeWarning(fx.range) ? [['test values outside the history', rangeWarning(fx.range)] as Value[]] : []),
    // the notices kept with the run, as the report and the app say them
    ...(fx.notices ?? []).map((n): Value[] => ['notice', sentenceOf(n)]),
    ...(domainNote(fx.range?.domain) ? [['interval bounds', domainNote(fx.range?.domain)] as Value[]] : []),
    // classification: what the forecast column holds, the rule behind accuracy, F1, precision and
    // recall, and what the Brier score in Metrics sums (its range 0-2)
    ...(fx.task === 'classification' ? [
      ['forecast column', fx.classes?.names.length === 2 ? `${forecastColumn(fx.target, fx.classes)}: the predicted probability, 0 to 1; the baseline columns too` : `the likeliest class by name, as actual and the baseline columns name theirs; ${classColumns(fx.target, fx.classes).join(', ')}: the probability of each class, 0 to 1, adding up to 1`],
      ['predicted class', `${classThresholdWords(fx.classes?.names.length ?? 2)} (accuracy, F1, precision, recall)`],
      ['brier', BRIER_WORDS],
      // two classes: the threshold chosen on validation (its table below), or why there is none
      ...(fx.threshold ? [['threshold chosen on validation', thresholdWords(fx.threshold, (x) => x.toFixed(4))]] : [])
    ] as Value[][] : [])
  ])
  const tt = fx.threshold ? thresholdTable(fx.threshold) : null
  if (tt) {
    a.addRow([])
    table(a, tt.header, tt.rows)
    // the scores to four decimals, the counts as whole numbers
    const first = a.rowCount - tt.rows.length + 1
    tt.rows.forEach((r, i) => { if (!SCORE_ROWS.has(r[0])) return; for (let c = 2; c <= r.length; c++) a.getRow(first + i).getCell(c).numFmt = NUM_FMT })
  }
  if (v.validation.length) {
    a.addRow([])
    table(a, [`candidate (validation MAE, steps 1-${fx.choice?.steps ?? 1})`, 'MAE', 'is the forecast'], v.validation.map((x) => [x.label, x.mae, x.chosen]), [undefined, NUM_FMT])
  }
  a.getColumn(2).width = 60

  part()
  counted(wb.xlsx, WRITE_STAGES, part)
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}
