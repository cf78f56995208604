// "Apply a model file to a dataset": the bytes of a JSON model file or an ONNX export (maybe from
// another machine) applied to a stored dataset, as `fw predict --model` does. The JSON path uses the
// run's exact pipeline (core/train/forecast); the ONNX path is the CLI's (core/services/onnx-predict,
// and core/services/global-onnx-predict for a global model's graph).
// Errors become ModelApplyErrors whose codes the renderer can tell apart.
import { dataZoneMark } from '../../core/data/time-cell'
import { fillNote, ledNote, OnnxInputError, predictOnnxRows } from '../../core/services/onnx-predict'
import { csvClassesOf, forecastCsv, forecastRowsOf, onnxCsvClassesOf, seriesForecastFile } from '../../core/services/forecast-csv'
import { forecastGlobal, isGlobalModelFile, loadGlobalModelFile } from '../../core/train/forecast-global'
import { bareWords } from '../../core/data/global'
import { applyFitted, PipelineError, type Dataset } from '../../core/data'
import { MissingFeaturesError, ModelImportError, ONNX_META, openModelFile, type ImportedGlobalOnnx } from '../../core/export'
import { othersList, predictGlobalOnnx } from '../../core/services/global-onnx-predict'
import { aheadClockNote, ForecastError, loadModelFile, predictWindows, windowsLeftOut } from '../../core/train/forecast'
import type { ForecastRow } from '../../core/train/types'
import { forecasterWords, labelWords } from '../../core/export/verdict'
import { aheadZoneOf, type ModelPrediction } from '../contract'
import { appErrorText, appWords, choiceNumber } from '../../core/data/words'
import { domainNote } from '../../core/data/range'
import { outsideHistory } from '../../core/train/domain'
import { seasonStart } from '../../core/train/season-start'

export type ModelApplyCode = 'missing-features' | 'too-new' | 'bad-model' | 'bad-data'

export class ModelApplyError extends Error {
  override name = 'ModelApplyError'
  constructor(
    readonly code: ModelApplyCode,
    message: string,
    readonly field?: string
  ) {
    super(message)
  }
}

/** `bytes` of the file `fileName`, applied to `dataset` by an app of version `appVersion`. */
export function applyModelFile(bytes: Uint8Array, fileName: string, dataset: Dataset, appVersion: string): ModelPrediction {
  try {
    return apply(bytes, fileName, withTimeColumn(dataset), appVersion)
  } catch (e) {
    throw asApplyError(e, fileName)
  }
}

function apply(bytes: Uint8Array, fileName: string, ds: Dataset, appVersion: string): ModelPrediction {
  const opened = openModelFile(bytes, fileName, appVersion)
  const csvName = `predictions-${fileName.replace(/\.(json|onnx)$/i, '')}.csv`
  if (opened.kind === 'onnx') {
    const { rows, hasTime, gaps, dropped, trailing, led, notices, clock, clipped, zone } = predictOnnxRows(opened, ds)
    const fill = fillNote(opened, gaps, dropped)
    const notes = [
      'ONNX model: no prediction interval (the file carries none).',
      ...(trailing ? [`${trailing[0]!.toUpperCase()}${trailing.slice(1)}.`] : []),
      dropped || gaps.some((g) => g.cells > 0) ? `${fill[0]!.toUpperCase()}${fill.slice(1)}.` : 'No input values were missing.',
      // sorted, repeated times merged, irregular steps: the notices the JSON path gives
      ...notices.map((n) => asSentence(n.app ?? n.message)),
      ...(led ? [`${ledNote(led)[0]!.toUpperCase()}${ledNote(led).slice(1)}.`] : []),
      // the stamps past the end and the data's clock, as fw predict says it
      ...(clock ? [asSentence(clock)] : []),
      // clipped at 0 where the graph records the target's domain, as the JSON model file says it
      ...(clipped ? [`Forecasts of ${opened.target} are ${clipped}.`] : []),
      ...(opened.runForecastLabel ? [`The run's forecast was ${labelWords(opened.runForecastLabel)}; this ONNX graph is its network only, so these are the network's forecasts. Apply the run's JSON model file for the run's own forecast.`] : [])
    ]
    return { kind: 'onnx', target: opened.target, lookBack: opened.lookBack, horizon: opened.horizon, hasTime, rows, forecaster: 'the network alone (an ONNX graph holds the network only)', notes, ...aheadZoneOf(zone, 'zone'), csv: { fileName: csvName, text: forecastCsv(rows, hasTime, onnxCsvClassesOf(opened, ds), zone) } }
  }
  if (opened.kind === 'onnx-global') return applyGlobalOnnx(opened, csvName, ds)
  // openModelFile checked the network; loadModelFile adds the pipeline and the version refusal
  const json: unknown = JSON.parse(new TextDecoder().decode(bytes))
  if (isGlobalModelFile(json)) return applyGlobal(json, csvName, ds, appVersion)
  const m = loadModelFile(json, appVersion)
  const applied = applyFitted(ds, m.config, m.fitted)
  const hasTime = applied.time !== null
  const points = predictWindows(m, applied)
  const rows: ForecastRow[] = forecastRowsOf(points)
  const left = windowsLeftOut(m, applied, points)
  const clipped = domainNote(m.domain, points.flatMap((p) => [p.value, p.lower]))
  const placed = seasonStart(m, applied, ds.file).note
  const outside = outsideHistory(m.history ?? null, m.config.target, applied.targetRaw, ds.file, choiceNumber)
  const clock = aheadClockNote(m, ds, applied, points)
  const notes = [
    ...(m.intervalHalfWidth !== null && m.level !== null ? [`Intervals: the run's ${Math.round(m.level * 100)}% split-conformal band, calibrated on all its validation and test residuals. The run's own test forecast (Evaluate, its CSV) calibrates each window on the residuals seen by its origin, so its bands there differ a little.`] : []),
    ...(left ? [asSentence(left)] : []),
    // what applying the model did to the rows, every notice fw predict prints: sorting, merged times,
    // a category level the model never saw, a step not checked (a file from before fitted.step), ...
    ...applied.notices.slice(ds.notices.length).map((n) => asSentence(n.app ?? n.message)),
    ...(clipped ? [`Forecasts and interval bounds of ${m.config.target} are ${clipped}.`] : []),
    ...(placed?.level === 'note' ? [asSentence(placed.message)] : []),
    // the last windows' stamps past the end and the data's clock, as fw predict says it
    ...(clock ? [asSentence(clock)] : [])
  ]
  // what may make the forecasts wrong: values far from the training range, a season the dates cannot place
  const warnings = [...(outside ? [asSentence(outside)] : []), ...(placed?.level === 'warning' ? [asSentence(placed.message)] : [])]
  // the run's forecaster, as the run chose it on validation (files from before the choice: the network)
  const forecaster = m.fitted.target.kind === 'classification' ? 'the network' : forecasterWords(m.choice, 'regression')
  return { kind: 'json', target: m.config.target, lookBack: m.config.window.lookback, horizon: m.config.window.horizon, hasTime, rows, forecaster, notes, ...(warnings.length ? { warnings } : {}), ...aheadZoneOf(applied.zone, 'zone'), csv: { fileName: csvName, text: forecastCsv(rows, hasTime, csvClassesOf(m.config.target, m.fitted.target, applied.targetWords), applied.zone) } }
}

/** A global model file (pipeline.global) applied to every series of `ds` it knows, as fw predict
 *  --model applies it (core/train/forecast-global, core/services/forecast-csv): each series' windows
 *  by its own pipeline and forecaster, the series the file lacks or the model never saw said. */
function applyGlobal(json: unknown, csvName: string, ds: Dataset, appVersion: string): ModelPrediction {
  const gm = loadGlobalModelFile(json, appVersion)
  const { blocks, notes, clock } = forecastGlobal(gm, ds, null)
  const first = gm.series[0]!.m
  // a global classification's column names the class it gives, as fw predict --model's file
  const file = seriesForecastFile(gm.columns, blocks, dataZoneMark(ds), csvClassesOf(first.fitted.target.column, first.fitted.target))
  const byLabel = new Map(gm.series.map((s) => [s.label, s.m]))
  const task = first.fitted.target.kind
  // each series' zone as the contract carries it (aheadZoneOf: none where its times had no offset), as the graph's
  const series = file.series.map(({ zone, ...s }, i) => ({ number: i + 1, ...s, ...aheadZoneOf(zone, `global.series[${i}].zone`), forecaster: forecasterWords(byLabel.get(s.label)!.choice, task) }))
  const level = first.level
  return {
    kind: 'json', target: first.config.target, lookBack: first.config.window.lookback, horizon: first.config.window.horizon, hasTime: file.hasTime, rows: [],
    forecaster: forecasterWords(null, task, true),
    notes: [
      ...(level !== null && gm.series.some((s) => s.m.intervalHalfWidth !== null) ? [`Intervals: each series' ${Math.round(level * 100)}% split-conformal band from its run, calibrated on its validation and test residuals.`] : []),
      ...notes.map((n) => `${n[0]!.toUpperCase()}${n.slice(1)}.`),
      // the last windows' stamps past the end and the data's clock, as fw predict says it
      ...(clock ? [asSentence(clock)] : [])
    ],
    csv: { fileName: csvName, text: file.text },
    global: { columns: gm.columns, series }
  }
}

/** A global model's ONNX graph applied to every series of `ds` it knows, as fw predict --model
 *  applies it (core/services/global-onnx-predict): each series by its own values from the graph's
 *  series_table, the series the file lacks or the model never saw said as the model file says them. */
function applyGlobalOnnx(g: ImportedGlobalOnnx, csvName: string, ds: Dataset): ModelPrediction {
  const f = predictGlobalOnnx(g, ds)
  const alone = 'the network alone (an ONNX graph holds the network only)'
  return {
    kind: 'onnx', target: g.target, lookBack: g.lookBack, horizon: g.horizon, hasTime: f.hasTime, rows: [], forecaster: alone,
    notes: [
      'ONNX model: no prediction interval (the file carries none).',
      // each series' fills are in its notes, after its name, as the model file's path says them
      ...(f.filledAny ? [] : ['No input values were missing.']),
      ...f.notes.map(asSentence),
      ...(f.others.length ? [`The run forecast ${f.others.length} of these series by another forecaster (${othersList(f.others)}); this ONNX graph is its network only, so these are the network's forecasts. Apply the run's JSON model file for the run's own forecast.`] : [])
    ],
    csv: { fileName: csvName, text: f.text },
    global: { columns: g.seriesColumns, series: f.series.map(({ zone, ...s }, i) => ({ number: i + 1, ...s, ...aheadZoneOf(zone, `global.series[${i}].zone`), forecaster: alone })) }
  }
}

/** Datasets the app saved before it sent its time column, and the open file's columns sent unstored,
 *  carry no time-column note; the first date column is the time, as the import chose it and as the
 *  renderer's Data view assumes when it reloads a stored dataset. */
function withTimeColumn(ds: Dataset): Dataset {
  if (ds.timeColumn !== null) return ds
  const date = ds.columns.find((c) => c.kind === 'date')
  return date ? { ...ds, timeColumn: date.name } : ds
}

function asApplyError(e: unknown, fileName: string): unknown {
  // the app is the only reader: a core message in its words where it carries them (words.ts)
  const text = appErrorText(e)
  if (e instanceof MissingFeaturesError) return new ModelApplyError('missing-features', text, 'datasetId')
  // said as sentences, without the pipeline's field prefix ("features: …")
  if (e instanceof PipelineError) {
    const bare = appWords(bareWords(e))
    if (e.code === 'unknown-column') return new ModelApplyError('missing-features', `${sentence(bare)} Open a file with those columns in Data, then apply the model again.`, 'datasetId')
    return new ModelApplyError('bad-data', sentence(bare), 'datasetId')
  }
  if (e instanceof ModelImportError)
    return new ModelApplyError(e.field === `metadata '${ONNX_META.appVersion}'` ? 'too-new' : 'bad-model', text, 'bytes')
  if (e instanceof ForecastError && e.code === 'no-series') return new ModelApplyError('bad-data', `${sentence(text)} The model forecasts only the series it was trained on: open a file of those series in Data, then apply the model again.`, 'datasetId')
  if (e instanceof ForecastError && (e.code === 'too-new' || e.code === 'bad-model')) return new ModelApplyError(e.code, (e.code === 'bad-model' && damagedWords(text, fileName)) || text, 'bytes')
  if (e instanceof OnnxInputError || e instanceof ForecastError) return new ModelApplyError('bad-data', text, 'datasetId')
  return e
}

/** A message as a sentence (its first word may be a file name: kept as written). */
const sentence = (t: string) => `${t}${/[.!?]$/.test(t) ? '' : '.'}`

/** A core note ("the last window is left out: …") as a sentence of the panel's list. */
const asSentence = (t: string) => sentence(`${t[0]!.toUpperCase()}${t.slice(1)}`)

// What a part of a model file's pipeline holds, for a file whose part does not read: the core's
// field path (pipeline.config.lookback) is a reader's detail, not the user's
const PARTS: Record<string, string> = {
  config: 'data settings', fitted: 'fitted scalers and inputs', choice: 'chosen forecaster', ahead: 'interval bounds',
  global: 'list of series', domain: 'forecast range', history: 'observed range', intervalHalfWidth: 'interval', intervalHalfWidths: 'intervals'
}

/** A model file whose pipeline does not read (ForecastError 'bad-model' naming a field path, maybe
 *  after "series X: "), in the app's words: which part, and what to do; null for other messages. */
function damagedWords(text: string, fileName: string): string | null {
  const m = /^(series .+?: )?pipeline\.(\w+)/.exec(text)
  if (!m) return null
  const part = PARTS[m[2]!] ?? 'pipeline'
  return `${fileName} cannot be applied: it is not a model file of this app, or it is damaged (the part that does not read: its ${part}${m[1] ? ` for ${m[1].slice(0, -2)}` : ''}). Export the model file again from its run (Model file in Export) and apply that.`
}
