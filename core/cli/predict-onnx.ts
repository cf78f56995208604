// `fw predict --model model.onnx`: an exported ONNX model applied to a new CSV. The .onnx file
// carries the scaling but not the run's data pipeline, so this file rebuilds what the graph needs:
// raw inputs in original units, in the order of the metadata's feature names, one 0/1 column per
// one-hot slot `column=level`. The graph does not impute: missing inputs are filled by the run's
// rule the file carries (metadata 'missing'; forward fill in files from before), and repeated
// times merged by the run's rule (metadata 'duplicates'; kept in files from before), both as the
// JSON model file does and said in its words (core/services/onnx-predict.ts). The output table is
// the JSON path's. A global model's graph (format 3) is applied to every series of a long file that
// it knows, each by its own series_table values (core/services/global-onnx-predict.ts).
// A format-2 file's level steps (log, level-relative windows) are inside the graph and its mirror
// predictWindows, so raw windows in original units are all it takes here too.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs'
import { labelWords } from '../data/words'
import { MissingFeaturesError, ModelImportError } from '../export/errors'
import { openModelFile } from '../export/model-file'
import type { ImportedGlobalOnnx, ImportedOnnx } from '../export/onnx-import'
import { othersList, predictGlobalOnnx } from '../services/global-onnx-predict'
import { fillNote, ledNote, OnnxInputError, predictOnnxRows } from '../services/onnx-predict'
import { forecastOnnxAhead } from '../services/onnx-forecast'
import { UsageError, need, str, type Parsed } from './args'
import { forecastCsv, onnxCsvClassesOf } from '../services/forecast-csv'
import type { Out } from './format'
import { checkWritable, csvOptions, decimalNotes, readCsvFile, writeFileAtomic } from './io'
import { seriesOption } from './series'
import { APP_VERSION } from './train'

/** The `fw predict` dispatch rule: JSON when the name ends in .json or the first byte is '{'
 *  (as openModelFile decides), ONNX otherwise, whatever the extension. A missing file goes the
 *  JSON way, which names it. */
export function isOnnxModelPath(path: string): boolean {
  if (path.toLowerCase().endsWith('.json') || !existsSync(path)) return false
  const head = new Uint8Array(64)
  const fd = openSync(path, 'r')
  const n = readSync(fd, head, 0, head.length, 0)
  closeSync(fd)
  const first = head.subarray(0, n).find((b) => ![0x20, 0x0a, 0x0d, 0x09, 0xef, 0xbb, 0xbf].includes(b))
  return first !== 0x7b
}

/** The export module's errors are bad input here (exit 2), with their messages unchanged. */
function asUsage<T>(f: () => T): T {
  try {
    return f()
  } catch (e) {
    if (e instanceof ModelImportError || e instanceof MissingFeaturesError || e instanceof OnnxInputError) throw new UsageError(e.message, { cause: e })
    throw e
  }
}

export async function runPredictOnnx(p: Parsed, out: Out): Promise<void> {
  const modelPath = need(p, 'model', 'predict')
  const csv = need(p, 'csv', 'predict')
  const outPath = need(p, 'out', 'predict')
  checkWritable(outPath, `--out ${outPath}`)
  const opened = asUsage(() => openModelFile(new Uint8Array(readFileSync(modelPath)), modelPath, APP_VERSION))
  if (opened.kind === 'json') throw new UsageError(`${modelPath}: is a JSON model file; name it .json`)
  if (opened.kind === 'onnx-global') return predictGlobal(opened, p, csv, outPath, out)
  const m: ImportedOnnx = opened
  const h = m.horizon

  const ds = await readCsvFile(csv, csvOptions(p))
  // --series/--series-value: that series' rows, in its own zone, as the JSON model file reads them
  const { rows, hasTime, gaps, dropped, trailing, led, notices, clock, clipped, zone } = asUsage(() => predictOnnxRows(m, ds, seriesOption(p) ?? null))
  // a yes/no target's actual in this file's own words where it wrote words (docs/export.md)
  writeFileAtomic(outPath, forecastCsv(rows, hasTime, onnxCsvClassesOf(m, ds), zone))

  const direct = m.task === 'regression' && m.model.spec.outputSize > 1
  out.write(`${rows.length} forecasts (${direct ? `steps 1-${h}` : `${h} ${h === 1 ? 'row' : 'rows'}`} ahead of each window) written to ${outPath}\n`)
  if (clipped) out.write(`note: forecasts of ${m.target} are ${clipped}\n`)
  out.write(
    (trailing ? `note: ONNX model: ${trailing}\n` : '') +
      `note: ONNX model: ${fillNote(m, gaps, dropped)}. No prediction interval: the ONNX file carries none.\n` +
      // a classification run's forecast is always the network: no statistical model is chosen for it
      (m.task === 'regression' ? `note: the ONNX graph is the network alone; where the run's forecast is a statistical model or a mean with one (fw show RUN says which), only the JSON model file forecasts as the run does (docs/export.md)\n` : '')
  )
  // what putting the rows in time order did (sorted, repeated times merged, irregular steps), as the
  // JSON model file's path says it
  for (const n of notices) out.write(`note: ${n.message}\n`)
  if (led) out.write(`note: ${ledNote(led)}\n`)
  // the stamps past the end and the data's clock, as fw forecast and the global graph say it
  if (clock) out.write(`note: ${clock}\n`)
  for (const n of decimalNotes(ds)) out.write(`note: ${n}\n`)
}

/** A global model's graph (format 3) on a long file: every series the model knows, each by its own
 *  values from the series_table (with `steps`, fw forecast's: each past its end, onnx-forecast.ts),
 *  in the global JSON model file's table (one column per series id) and its words for the series
 *  the file lacks or the model does not know (predictGlobalOnnx). */
async function predictGlobal(g: ImportedGlobalOnnx, p: Parsed, csv: string, outPath: string, out: Out, steps?: number): Promise<void> {
  // not read here, so refused rather than left unsaid: --melt, --series-value (the JSON model file takes them)
  for (const flag of ['melt', 'series-value']) if (str(p, flag) !== undefined) throw new UsageError(`--${flag} is not read with a global model's ONNX graph: it forecasts every series of ${csv} that it knows, by its id ${g.seriesColumns.join(', ')}; give a long file of those series (the global model file, model.json, takes --${flag})`)
  // --series: the model's own id (every series), as the global model file takes it; another column refused in its words
  const named = seriesOption(p)
  if (named && named.columns.join(',') !== g.seriesColumns.join(',')) throw new UsageError(`--series must be ${g.seriesColumns.join(',')}, the model's series id`)
  const ds = await readCsvFile(csv, { ...csvOptions(p), series: g.seriesColumns })
  // fw forecast: each series past its end (onnx-forecast.ts), as a single-series graph forecasts
  const f = asUsage(() => (steps === undefined ? predictGlobalOnnx(g, ds) : predictGlobalOnnx(g, ds, (m, d) => forecastOnnxAhead(m, need(p, 'model', 'forecast'), d, steps))))
  writeFileAtomic(outPath, f.text)
  const n = f.series.reduce((a, b) => a + b.rows.length, 0)
  out.write(`${n} ${steps === undefined ? 'forecast' : 'future row'}${n === 1 ? '' : 's'} for ${f.series.length} series written to ${outPath}\n`)
  for (const note of f.notes) out.write(`note: ${note}\n`)
  // each series' fills are said above, after its name, as the model file's path says them
  out.write(`note: ONNX model: no prediction interval (the ONNX file carries none)${f.filledAny ? '' : '; no input values were missing'}\n`)
  if (f.others.length) {
    out.write(`note: the ONNX graph is the network alone; the run forecast ${f.others.length} of these series otherwise (${othersList(f.others)}): only the JSON model file forecasts them as the run does (docs/export.md)\n`)
  }
  for (const d of decimalNotes(ds)) out.write(`note: ${d}\n`)
}

/** `fw forecast --model model.onnx`: `steps` rows past the end of the CSV from the graph
 *  (core/services/onnx-forecast.ts), in fw forecast's table, said as fw predict says an ONNX file's
 *  fills and what the graph is not. A global model's graph forecasts each series it knows (predictGlobal). */
export async function runForecastOnnx(p: Parsed, out: Out, steps: number): Promise<void> {
  const modelPath = need(p, 'model', 'forecast')
  const csv = need(p, 'csv', 'forecast')
  const outPath = need(p, 'out', 'forecast')
  checkWritable(outPath, `--out ${outPath}`)
  // not read from an ONNX graph's file, so refused rather than left unsaid
  if (str(p, 'future') !== undefined) throw new UsageError(`--future is not read with an ONNX model (${modelPath}): the graph forecasts from the target alone past its horizon; the run's model.json takes --future`)
  const opened = asUsage(() => openModelFile(new Uint8Array(readFileSync(modelPath)), modelPath, APP_VERSION))
  if (opened.kind === 'json') throw new UsageError(`${modelPath}: is a JSON model file; name it .json`)
  if (opened.kind === 'onnx-global') return predictGlobal(opened, p, csv, outPath, out, steps)
  const m: ImportedOnnx = opened
  const ds = await readCsvFile(csv, csvOptions(p))
  const f = asUsage(() => forecastOnnxAhead(m, modelPath, ds, steps, seriesOption(p) ?? null))
  writeFileAtomic(outPath, forecastCsv(f.rows, f.hasTime, onnxCsvClassesOf(m, ds), f.zone))
  out.write(`${f.rows.length} future ${f.rows.length === 1 ? 'row' : 'rows'} written to ${outPath}\n`)
  // as the model file says it (predict.ts), without the bounds the graph does not make
  if (f.clipped) out.write(`note: forecasts of ${m.target} are ${f.clipped}\n`)
  out.write(
    (f.trailing ? `note: ONNX model: ${f.trailing}\n` : '') +
      `note: ONNX model: ${fillNote(m, f.gaps, f.dropped)}. No prediction interval: the ONNX file carries none.\n` +
      (m.task !== 'regression' ? ''
        : m.runForecastLabel ? `note: the run's forecast is ${labelWords(m.runForecastLabel)}; the ONNX graph is its network alone, so these are the network's forecasts, not the run's: the JSON model file forecasts as the run does (docs/export.md)\n`
        : `note: the ONNX graph is the network alone; where the run's forecast is a statistical model or a mean with one (fw show RUN says which), only the JSON model file forecasts as the run does (docs/export.md)\n`)
  )
  for (const n of f.notices) out.write(`note: ${n.message}\n`)
  if (f.clock) out.write(`note: ${f.clock}\n`)
  for (const n of decimalNotes(ds)) out.write(`note: ${n}\n`)
}
