// "Apply a model file to this dataset": the bytes of a JSON model file or an ONNX export (maybe from
// another machine) applied to a stored dataset, as `fw predict --model` does. The JSON path uses the
// run's exact pipeline (core/train/forecast); the ONNX path is the CLI's (core/services/onnx-predict).
// Errors become ModelApplyErrors whose codes the renderer can tell apart.
import { ledNote, OnnxInputError, predictOnnxRows } from '../../core/services/onnx-predict'
import { csvClassesOf, forecastCsv } from '../../core/services/forecast-csv'
import { applyFitted, PipelineError, type Dataset } from '../../core/data'
import { MissingFeaturesError, ModelImportError, ONNX_META, openModelFile } from '../../core/export'
import { ForecastError, loadModelFile, predictWindows, windowsLeftOut } from '../../core/train/forecast'
import type { ForecastRow } from '../../core/train/types'
import { forecasterWords, labelWords } from '../../core/export/verdict'
import type { ModelPrediction } from '../contract'
import { appErrorText } from '../../core/data/words'

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
    throw asApplyError(e)
  }
}

function apply(bytes: Uint8Array, fileName: string, ds: Dataset, appVersion: string): ModelPrediction {
  const opened = openModelFile(bytes, fileName, appVersion)
  const csvName = `predictions-${fileName.replace(/\.(json|onnx)$/i, '')}.csv`
  if (opened.kind === 'onnx') {
    const { rows, hasTime, filled, led } = predictOnnxRows(opened, ds)
    const gaps = [...filled].filter(([, n]) => n > 0)
    const notes = [
      'ONNX model: no prediction interval (the file carries none).',
      gaps.length
        ? `Missing inputs filled by forward fill, then the column's first valid value (${gaps.map(([c, n]) => `${c}: ${n}`).join(', ')} cells); the JSON model file applies the run's exact imputation.`
        : 'No input values were missing.',
      ...(led ? [`${ledNote(led)[0]!.toUpperCase()}${ledNote(led).slice(1)}.`] : []),
      ...(opened.runForecastLabel ? [`The run's forecast was ${labelWords(opened.runForecastLabel)}; this ONNX graph is its network only, so these are the network's forecasts. Apply the run's JSON model file for the run's own forecast.`] : [])
    ]
    return { kind: 'onnx', target: opened.target, lookBack: opened.lookBack, horizon: opened.horizon, hasTime, rows, forecaster: 'the network alone (an ONNX graph holds the network only)', notes, csv: { fileName: csvName, text: forecastCsv(rows, hasTime, opened.classes ? { target: opened.target, classes: opened.classes } : null) } }
  }
  // openModelFile checked the network; loadModelFile adds the pipeline and the version refusal
  const m = loadModelFile(JSON.parse(new TextDecoder().decode(bytes)), appVersion)
  const applied = applyFitted(ds, m.config, m.fitted)
  const hasTime = applied.time !== null
  const points = predictWindows(m, applied)
  const rows: ForecastRow[] = points.map((p) => ({ ts: p.time ?? p.row, step: p.step, value: p.value, lower: p.lower, upper: p.upper, actual: p.actual }))
  const left = windowsLeftOut(m, applied, points)
  const notes = [
    ...(m.intervalHalfWidth !== null && m.level !== null ? [`Intervals: the run's ${Math.round(m.level * 100)}% split-conformal band, calibrated on all its validation and test residuals. The run's own test forecast (Evaluate, its CSV) calibrates each window on the residuals seen by its origin, so its bands there differ a little.`] : []),
    ...(left ? [`${left[0]!.toUpperCase()}${left.slice(1)}.`] : [])
  ]
  // the run's forecaster, as the run chose it on validation (files from before the choice: the network)
  const forecaster = m.fitted.target.kind === 'classification' ? 'the network' : forecasterWords(m.choice, 'regression')
  return { kind: 'json', target: m.config.target, lookBack: m.config.window.lookback, horizon: m.config.window.horizon, hasTime, rows, forecaster, notes, csv: { fileName: csvName, text: forecastCsv(rows, hasTime, csvClassesOf(m.config.target, m.fitted.target)) } }
}

/** Datasets saved by the app carry no time-column note; the first date column is the time, as the
 *  renderer's Data view assumes when it reloads a stored dataset. */
function withTimeColumn(ds: Dataset): Dataset {
  if (ds.timeColumn !== null) return ds
  const date = ds.columns.find((c) => c.kind === 'date')
  return date ? { ...ds, timeColumn: date.name } : ds
}

function asApplyError(e: unknown): unknown {
  // the app is the only reader: a core message in its words where it carries them (words.ts)
  const text = appErrorText(e)
  if (e instanceof MissingFeaturesError) return new ModelApplyError('missing-features', text, 'datasetId')
  // said as a sentence, without the pipeline's field prefix ("features: …")
  if (e instanceof PipelineError && e.code === 'unknown-column') return new ModelApplyError('missing-features', `${e.field ? text.slice(e.field.length + 2) : text}. Open a file with those columns in Data, then apply the model again.`, 'datasetId')
  if (e instanceof ModelImportError)
    return new ModelApplyError(e.field === `metadata '${ONNX_META.appVersion}'` ? 'too-new' : 'bad-model', text, 'bytes')
  if (e instanceof ForecastError && (e.code === 'too-new' || e.code === 'bad-model')) return new ModelApplyError(e.code, text, 'bytes')
  if (e instanceof PipelineError || e instanceof OnnxInputError || e instanceof ForecastError) return new ModelApplyError('bad-data', text, 'datasetId')
  return e
}
