// A global model's ONNX graph (format 3, core/export/onnx-global.ts) applied to a long file of many
// series, window by window: `fw predict --model global.onnx` (core/cli/predict-onnx.ts). Each series
// the model knows is cut from the file by its id column(s) and run as a single-series export of it
// would be (predictOnnxRows): the shared network with the series' own scaling, level steps and
// training means from its series_table entry, the run's missing-value rule, calendar and led inputs.
// The series the file lacks, and those the model does not know, are said in the global JSON model
// file's words (core/train/forecast-global.ts forecastGlobal); a series that cannot be forecast
// refuses the file, after its name, as that path refuses it.
import { dataZoneMark, type TimeZoneMark } from '../data/time-cell'
import { droppedRowsNote, filledNote, selectRows, type Dataset } from '../data'
import { seriesRows } from '../data/global'
import type { ImportedGlobalOnnx, ImportedOnnx } from '../export/onnx-import'
import { labelWords } from '../export/verdict'
import { clippedSaid, firstThree, named, seriesClockNote, noSeriesError, notInFileNote, unknownSeriesNote, type SeriesSaid } from '../train/forecast-global'
import type { ForecastRow } from '../train/types'
import { onnxCsvClassesOf, seriesForecastCsv } from './forecast-csv'
import { fillNote, ledNote, OnnxInputError, predictOnnxRows, type Led } from './onnx-predict'

/** Series `s` of the graph as a single-series import would hold it: the shared network and settings,
 *  its own scaling, level steps, fill, step and grid; `runForecastLabel` what forecast it in the run where that
 *  was not the network alone. */
export function seriesOnnx(g: ImportedGlobalOnnx, s: ImportedGlobalOnnx['series'][number]): ImportedOnnx {
  const { seriesColumns: _columns, series: _series, missing, ...common } = g
  return { ...common, scaling: s.scaling, level: s.level, missing: missing && s.missing ? { ...missing, ...s.missing } : null, runForecastLabel: s.forecastBy, step: s.step, resample: s.resample, domain: s.domain }
}

export interface GlobalOnnxForecast {
  series: { key: string[]; label: string; rows: ForecastRow[]; zone?: TimeZoneMark }[] // zone: the series' own (its rows' offsets)
  hasTime: boolean
  /** The file's series the run was not trained on and the model's series the file lacks (the JSON
   *  path's words), then per series what was left out, what putting its rows in order did, and how
   *  its gaps were filled (each series' own, in the JSON path's words: firstThree). */
  notes: string[]
  /** The CSV: the global JSON model file's columns (one per series id first), series in natural order. */
  text: string
  /** Some series had a cell filled or a row left out (said per series in `notes`). */
  filledAny: boolean
  /** The series the run forecast by another forecaster than the network (its label, the forecaster). */
  others: { label: string; by: string }[]
}

/** What `each` gives predictGlobalOnnx of one series: predictOnnxRows', or forecastOnnxAhead's
 *  (onnx-forecast.ts: past the end, no led windows). */
type SeriesForecast = Omit<ReturnType<typeof predictOnnxRows>, 'led'> & { led?: Led | null; clipped?: string | null }

/** Every series of `ds` that the graph knows, forecast from each of its windows (fw predict), or as
 *  `each` forecasts a series (fw forecast: past the end). */
export function predictGlobalOnnx(g: ImportedGlobalOnnx, ds: Dataset, each: (m: ImportedOnnx, ds: Dataset) => SeriesForecast = predictOnnxRows): GlobalOnnxForecast {
  const inFile = new Map(seriesRows(ds, g.seriesColumns).map((s) => [s.key.join('\u0000'), s]))
  const notes: string[] = []
  const series: GlobalOnnxForecast['series'] = []
  let hasTime = false
  const trailing: SeriesSaid[] = []
  const led: SeriesSaid[] = []
  const ordered: SeriesSaid[] = []
  const filled: SeriesSaid[] = []
  const dropped: SeriesSaid[] = []
  const clocks: SeriesSaid[] = [] // the stamps past the end and each series' clock, grouped (seriesClockNote)
  const clipped: SeriesSaid[] = [] // past the end, the series whose forecast was clipped at 0 (its series_table 'domain')
  for (const s of g.series) {
    const id = s.key.join('\u0000')
    const rows = inFile.get(id)
    if (!rows) {
      notes.push(notInFileNote(s.label, ds.file))
      continue
    }
    inFile.delete(id)
    let r: SeriesForecast
    // its own rows, in its own zone (selectRows: a long file whose series are in different zones)
    const own = { ...selectRows(ds, rows.rows), notices: [] }
    try {
      r = each(seriesOnnx(g, s), own)
    } catch (e) {
      // the series' own refusal after its name, as the JSON path names it
      if (e instanceof OnnxInputError) throw new OnnxInputError(`series ${s.label}: ${e.message}`, { cause: e })
      named(s.label, e)
    }
    series.push({ key: s.key, label: s.label, rows: r.rows, zone: dataZoneMark(own) })
    hasTime ||= r.hasTime
    if (r.trailing) trailing.push({ label: s.label, note: r.trailing })
    if (r.led) led.push({ label: s.label, note: ledNote(r.led) })
    if (r.clock) clocks.push({ label: s.label, note: r.clock })
    const clip = g.task === 'regression' ? clippedSaid(s.label, g.target, s.domain, r.rows) : null
    if (clip) clipped.push(clip)
    // what putting its rows in time order did (sorted, repeated times merged), after its name
    ordered.push(...r.notices.map((n) => ({ label: s.label, note: n.message })))
    // its gaps, each filled by its own means, in the JSON path's words (applyFitted's notices): the
    // run's rule where the graph carries it, forward fill in a graph from before (fillNote)
    if (r.gaps.some((x) => x.cells > 0)) filled.push({ label: s.label, note: g.missing ? filledNote(r.gaps) : fillNote({ missing: null }, r.gaps, 0) })
    if (r.dropped) dropped.push({ label: s.label, note: droppedRowsNote(r.dropped) })
  }
  const unknown = [...inFile.values()]
  if (unknown.length) notes.push(unknownSeriesNote(unknown.map((s) => s.label), ds.file))
  if (series.length === 0) throw noSeriesError(g.series.length, g.seriesColumns, ds.file)
  notes.push(...firstThree(trailing), ...firstThree(led), ...firstThree(ordered), ...firstThree(dropped), ...firstThree(filled), ...firstThree(clipped))
  const clock = seriesClockNote(clocks, series.length)
  if (clock) notes.push(clock)
  const others = g.series.filter((s) => s.forecastBy && series.some((x) => x.label === s.label)).map((s) => ({ label: s.label, by: s.forecastBy! }))
  // a classification's forecast named as the class it gives, as the global JSON model file's file names it
  return { series, hasTime, notes, text: seriesForecastCsv(g.seriesColumns, series, hasTime, dataZoneMark(ds), onnxCsvClassesOf(g, ds)), filledAny: filled.length + dropped.length > 0, others }
}

/** The series the run forecast by another forecaster than the network (GlobalOnnxForecast.others),
 *  the first five named with their forecaster in the verdict's words ("store = north by the mean of
 *  network and ETS"): fw predict and the app's Apply model say the same list. */
export function othersList(others: GlobalOnnxForecast['others']): string {
  return others.slice(0, 5).map((o) => `${o.label} by ${labelWords(o.by)}`).join('; ') + (others.length > 5 ? '; …' : '')
}
