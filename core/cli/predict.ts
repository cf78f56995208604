// `fw predict` and `fw forecast`: a saved model applied to a new CSV. predict writes one row per
// window (its forecast h rows ahead, the actual where the CSV has it); forecast writes the N rows past
// the end of the data. Both reuse the table layout of `fw train`'s predictions.csv.
import type { TimeZoneMark } from '../data/time-cell'
import { applyFitted, type Applied, type Dataset } from '../data'
import { stepClass } from '../data/series'
import { appendFuture } from '../data/future'
import { DAY_MS, isoToDay } from '../data/days'
import { aheadClockNote, aheadIntervals, farAheadNote, forecastAhead, loadModelFile, predictWindows, windowsLeftOut, type ForecastPoint, type LoadedModel } from '../train/forecast'
import type { ForecastRow } from '../train/types'
import { UsageError, need, str, wholeNumber, type Parsed } from './args'
import { rebuildStoredRun } from '../services/run-export'
import { openCliStore } from './runs'
import { csvClassesOf, forecastCsv, forecastRowsOf } from '../services/forecast-csv'
import { fmt, type Out } from './format'
import { CSV_FLAGS, checkWritable, csvOptions, decimalNotes, namingFutureCell, readCsvFile, readJsonFile, writeFileAtomic } from './io'
import { isOnnxModelPath, runForecastOnnx, runPredictOnnx } from './predict-onnx'
import { checkModelFileKind, MODEL_JSON } from './file-kind'
import { APP_VERSION } from './train'
import { withSeries } from './series'
import { globalModelCommand, globalRunForecast } from './global'
import { domainNote } from '../data/range'
import { choiceWords, knownInputNames } from '../export/verdict'
import { beyondHistory, outsideHistory } from '../train/domain'
import { seasonStart } from '../train/season-start'
import { MELT_FLAGS, readTrainingCsv } from './wide'

export const PREDICT_FLAGS = { model: 'string', csv: 'string', out: 'string', ...CSV_FLAGS, ...MELT_FLAGS } as const
export const FORECAST_FLAGS = { ...PREDICT_FLAGS, steps: 'integer', run: 'string', db: 'string', future: 'string' } as const

/** The data, followed by the rows of --future FILE (known-future features past the end) when given,
 *  and the notes on the files read (`read`: the data was read from --csv now, not stored). */
async function withFuture(ds: Dataset, p: Parsed, read: boolean): Promise<{ ds: Dataset; notes: string }> {
  const file = str(p, 'future')
  const { series: _s, ...plain } = csvOptions(p)
  const opts = { ...plain, ...(ds.series?.declared ? { series: ds.series.columns } : {}) }
  const future = file === undefined ? undefined : await readCsvFile(file, opts)
  const notes = decimalNotes(read ? ds : undefined, future).map((n) => `note: ${n}\n`).join('')
  return { ds: future ? await namingFutureCell(file!, opts, () => appendFuture(ds, future)) : ds, notes }
}

async function load(p: Parsed, command: string) {
  if (command === 'forecast' && str(p, 'run') !== undefined) return loadRun(p)
  const modelPath = need(p, 'model', command)
  need(p, 'csv', command)
  const outPath = need(p, 'out', command)
  checkWritable(outPath, `--out ${outPath}`)
  const json = readJsonFile(modelPath, 'model')
  let m: LoadedModel
  try {
    m = loadModelFile(json, APP_VERSION)
  } catch (e) {
    ;(e as Error).message = `${modelPath}: ${(e as Error).message}`
    throw e
  }
  // --melt: a wide file read as the long layout the model was trained on (fw train --melt)
  const { ds, notes } = await withFuture(await readTrainingCsv(p, command), p, true)
  const applied = applyFitted(ds, withSeries(m.config, p), m.fitted)
  return { m, applied, outPath, file: ds.file, zone: applied.zone, ds, prepared: notes + preparedNotes(ds, applied) + seasonNote(m, applied, ds.file) }
}

/** Where the data's first row falls in the season of the run's statistical models, when its dates
 *  cannot place it (season-start.ts): a note or warning line, else nothing. */
function seasonNote(m: LoadedModel, a: Applied, file: string): string {
  const n = seasonStart(m, a, file).note
  return n ? `${n.level}: ${n.message}\n` : ''
}

/** What applying the model did to the rows, as fw train says it (sorted, repeated times merged,
 *  rows dropped): the notices applyFitted added to the data's own, one note line each. */
function preparedNotes(ds: Dataset, a: Applied): string {
  return a.notices.slice(ds.notices.length).map((n) => `note: ${n.message}\n`).join('')
}

/** `fw forecast --run RUN`: the stored run's model, applied to its own dataset (or to --csv). */
async function loadRun(p: Parsed) {
  const id = wholeNumber(str(p, 'run')) ?? NaN
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`fw forecast: --run must be a run id (got '${str(p, 'run')}')`)
  const outPath = need(p, 'out', 'forecast')
  checkWritable(outPath, `--out ${outPath}`)
  const store = openCliStore(p)
  try {
    const r = rebuildStoredRun(store, id)
    const m = loadModelFile(r.rebuilt.modelFile, APP_VERSION)
    const csv = str(p, 'csv')
    const { ds, notes } = await withFuture(csv ? await readTrainingCsv(p, 'forecast') : r.dataset, p, csv !== undefined)
    const applied = applyFitted(ds, withSeries(m.config, p), m.fitted)
    return { m, applied, outPath, file: ds.file, zone: applied.zone, ds, prepared: notes + preparedNotes(ds, applied) + seasonNote(m, applied, ds.file), remade: r.remade ? `note: run ${id}: ${r.remade}\n` : '' }
  } finally {
    store.close()
  }
}

/** `what`: the rows written, as one and as several ("future row", "future rows"). */
function write(points: ForecastPoint[], hasTime: boolean, zone: TimeZoneMark, outPath: string, out: Out, what: [string, string], m: LoadedModel, words?: Applied['targetWords']): void {
  const rows: ForecastRow[] = forecastRowsOf(points)
  writeFileAtomic(outPath, forecastCsv(rows, hasTime, csvClassesOf(m.config.target, m.fitted.target, words), zone))
  out.write(`${points.length} ${what[points.length === 1 ? 0 : 1]} written to ${outPath}\n`)
  const clipped = domainNote(m.domain, points.flatMap((p) => [p.value, p.lower]))
  if (clipped) out.write(`note: forecasts and interval bounds of ${m.config.target} are ${clipped}\n`)
}

/** --model naming a CSV, a database or other text: said as such before it is parsed as a model. */
function checkModelFile(path: string | undefined): void {
  checkModelFileKind(path, 'model', `${MODEL_JSON}, or an .onnx file from fw export --onnx`)
}

export async function runPredict(p: Parsed, out: Out): Promise<void> {
  checkModelFile(str(p, 'model'))
  if (isOnnxModelPath(need(p, 'model', 'predict'))) return runPredictOnnx(p, out)
  if (await globalModelCommand(p, out, 'predict', null)) return
  const { m, applied, outPath, prepared, file, zone, ds } = await load(p, 'predict')
  const points = predictWindows(m, applied)
  const ahead = `${m.config.window.horizon} ${m.config.window.horizon === 1 ? 'row' : 'rows'} ahead of`
  write(points, applied.time !== null, zone, outPath, out, [`forecast (${ahead} its window)`, `forecasts (${ahead} each window)`], m, applied.targetWords)
  out.write(prepared)
  // the last windows' forecasts past the end: the clock changes the file's offsets show, as fw
  // forecast and the ONNX graph say it, or the last row's offset where the rows' own are kept
  const clock = aheadClockNote(m, ds, applied, points)
  if (clock) out.write(`note: ${clock}\n`)
  // the file's values against the range the run was fitted on (the Apply model panel says the same)
  const outside = outsideHistory(m.history ?? null, m.config.target, applied.targetRaw, file, fmt)
  if (outside) out.write(`warning: ${outside}\n`)
  const left = windowsLeftOut(m, applied, points)
  if (left) out.write(`note: ${left}\n`)
  forecasterLine(m, out)
}

/** What made the numbers: the run's forecaster as it chose it on validation (files from before the
 *  choice say nothing: their forecast is the network). */
function forecasterLine(m: LoadedModel, out: Out): void {
  if (m.choice) out.write(`forecaster: ${m.choice.label}${m.choice.chosen === 'network' ? '' : ` (${choiceWords(m.choice, 'cli', knownInputNames({ known: m.config.known, calendar: m.config.calendar?.features, holidays: m.config.calendar?.holidays }))})`}\n`)
}

export async function runForecast(p: Parsed, out: Out): Promise<void> {
  const steps = p.flags['steps']
  if (steps === undefined) throw new UsageError('fw forecast: --steps N is required (the steps to forecast past the end)')
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1) throw new UsageError(`fw forecast: --steps must be a whole number >= 1 (got ${steps})`)
  // --run forecasts with the stored run's own model: a --model beside it would go unread
  const model = str(p, 'model')
  if (model !== undefined && str(p, 'run') !== undefined) throw new UsageError(`fw forecast: give --model FILE or --run RUN, not both: --run forecasts with the stored run's own model, and would leave ${model} unread`)
  checkModelFile(model)
  // an ONNX graph (fw export --onnx): its network forecasts past the end, as far as it can
  if (model !== undefined && isOnnxModelPath(model)) return runForecastOnnx(p, out, steps)
  if (str(p, 'run') === undefined ? await globalModelCommand(p, out, 'forecast', steps) : await globalRunForecast(p, out, steps)) return
  const loaded = await load(p, 'forecast')
  const { m, applied, outPath, prepared, zone, ds } = loaded
  const points = forecastAhead(m, applied, steps)
  write(points, applied.time !== null, zone, outPath, out, ['future row', 'future rows'], m, applied.targetWords)
  out.write(prepared)
  const holidays = holidaysNote(m, points)
  if (holidays) out.write(`note: ${holidays}\n`)
  // the clock changes the file's offsets show, followed; local clock times: the stamps know none (pass 15, item 5)
  const clock = aheadClockNote(m, ds, applied, points)
  if (clock) out.write(`note: ${clock}\n`)
  forecasterLine(m, out)
  // the last values outside the history the run was fitted and chosen on (the test period's rule)
  const beyond = beyondHistory(m.history ?? null, m.config.target, applied.targetRaw, applied.time, applied.lines, fmt, applied.zone)
  if (beyond) out.write(`warning: ${beyond.message}\n`)
  if ('remade' in loaded) out.write(loaded.remade)
  const intervals = aheadIntervals(m, steps)
  if (intervals) out.write(`note: ${intervals.note}\n`)
  const far = farAheadNote(m, applied.N, steps)
  if (far) out.write(`warning: ${far}\n`)
}

/** The CLI's note when a forecast reads the holiday input past the holiday table's last date: the days
 *  after it are taken as working days, which the table may only not list yet. Null otherwise. */
export function holidaysNote(m: LoadedModel, points: ForecastPoint[]): string | null {
  const cal = m.config.calendar
  if (!cal?.features.includes('holiday') || !cal.holidays?.length) return null
  const last = cal.holidays.reduce((a, b) => (b > a ? b : a))
  const end = (isoToDay(last) + 1) * DAY_MS
  const after = points.filter((p) => p.time !== null && p.time >= end)
  if (!after.length) return null
  const [one, many] = stepNouns(m.fitted.step)
  return `the holiday table ends on ${last}; ${after.length === 1 ? `the forecast ${one} after it is` : `the ${after.length} forecast ${many} after it are`} taken as no holiday: extend the table (fw train --holidays FILE) if some are`
}

/** A forecast step of the model's rows in words (one, many): business days, days, weeks, hours,
 *  months, quarters, years; 'step' for another spacing or a model file from before fitted.step. */
function stepNouns(step: LoadedModel['fitted']['step']): [string, string] {
  const c = step ? stepClass(step.ms, !!step.weekdays) : null
  const named: Record<string, string> = { weekday: 'business day', month: 'month', quarter: 'quarter', year: 'year', [String(DAY_MS)]: 'day', [String(7 * DAY_MS)]: 'week', '3600000': 'hour', '60000': 'minute' }
  const one = (c && named[c]) ?? 'step'
  return [one, `${one}s`]
}
