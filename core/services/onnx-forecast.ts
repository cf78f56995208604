// `fw forecast --model model.onnx`: an exported ONNX graph forecasting past the end of a CSV, by the
// recursion the JSON model file's network runs (core/train/paths.ts networkPaths): the plain model's
// step j from the window ending j - h rows after the last, its earlier forecasts fed back as the
// target's values there; a direct model's h steps from one window, the next h from the window after
// them. The graph takes raw windows in original units, so its forecasts are fed back as they come.
// The rows are read as fw predict reads them (onnx-predict.ts onnxRowsOf: sorted, merged, cut,
// dropped, filled). What the graph cannot do is refused, naming the file: a led input (its values
// past the end are not in the graph), more than h steps of a classification (a class cannot be fed
// back) or of a model with inputs other than the target (their values past the end are not known).
// A graph whose metadata says the target's domain is 'non-negative' is clipped at 0 as the model file
// clips (core/train/domain.ts): the written forecast, never the value fed back (networkPaths feeds
// the network's own); a graph from before carries no domain and is not clipped.
import { andList } from '../data/words'
import { domainNote } from '../data/range'
import { clipValue } from '../train/domain'
import { CALENDAR_PREFIX } from '../data/calendar'
import type { Dataset, DateColumn, FilledGaps, Notice, SeriesChoice } from '../data'
import type { TimeZoneMark } from '../data/time-cell'
import type { ImportedOnnx } from '../export/onnx-import'
import { advanceTime, inferStep } from '../train/forecast'
import { pastLastYearOf, pastLastYearWords } from '../train/time-step'
import type { ForecastRow } from '../train/types'
import { aheadClockWords, assembleInputs, assertPositive, forecastAllWindows, onnxRowsOf, OnnxInputError } from './onnx-predict'

/** `clipped`: the model file's words where a forecast was clipped at 0 (domainNote), else null. */
export interface OnnxAhead { rows: ForecastRow[]; hasTime: boolean; gaps: FilledGaps[]; dropped: number; trailing: string | null; notices: Notice[]; clock: string | null; clipped: string | null; zone: TimeZoneMark }

/** Why the graph in `file` cannot forecast `steps` steps past the end, as a sentence naming the file;
 *  null when it can. */
export function onnxAheadRefusal(m: ImportedOnnx, file: string, steps: number): string | null {
  const h = m.horizon
  const led = Object.keys(m.leads ?? {}).filter((f) => m.leads![f]! > 0)
  // calendar inputs alone: the model file derives their values past the end from the time column (no --future)
  const calendar = led.length > 0 && led.every((f) => f.startsWith(CALENDAR_PREFIX))
  if (led.length) return `${file} reads ${andList(led)} ahead of the window (${calendar ? 'calendar inputs, ' : ''}known in the future): their values past the end are not in the ONNX graph; forecast with the run's model.json${calendar ? ', which derives them from the time column' : ' and --future FILE'}, or fw forecast --run RUN`
  if (steps <= h) return null
  const most = `it forecasts at most ${h} ${h === 1 ? 'step' : 'steps'} past the end (asked for ${steps})`
  if (m.task !== 'regression') return `${file} is a classification graph: a class cannot be fed back as an input, so ${most}`
  if (!m.featureNames.includes(m.target)) return `${file} does not take the target "${m.target}" as an input, so it has nothing to forecast from past its horizon: ${most}`
  const others = m.featureNames.filter((f) => f !== m.target)
  if (others.length) return `${file} takes inputs other than the target (${andList(others)}) whose values past the end are not known, so ${most}; a model of the target alone (fw train --features "") forecasts further`
  return null
}

/** `steps` forecasts past the end of `ds` from the ONNX graph `m` (onnxAheadRefusal first: this
 *  throws its sentence as an OnnxInputError), one row per step, with the time it forecasts (the rows'
 *  step carried on; the row index where the rows have no time), no interval and no actual; `pick` one
 *  series of a long file, `zone` the zone of the rows read (onnxRowsOf). */
export function forecastOnnxAhead(m: ImportedOnnx, file: string, ds: Dataset, steps: number, pick: SeriesChoice | null = null): OnnxAhead {
  const refused = onnxAheadRefusal(m, file, steps)
  if (refused) throw new OnnxInputError(refused)
  const L = m.lookBack
  const h = m.horizon
  const { slots, series, dropped, notices, trailing, zone } = onnxRowsOf(m, ds, pick)
  const N = series.rowCount
  const direct = m.task === 'regression' && m.model.spec.outputSize > 1
  const need = direct ? L : L + h - 1
  if (N < need) throw new OnnxInputError(`${ds.file} has ${N} rows${dropped ? ` (${dropped} more with a missing value left out by the run's rule)` : ''}; forecasting past the end with look-back ${L}${direct ? '' : ` and horizon ${h}`} needs at least ${need}`)
  const { raw: known, gaps } = assembleInputs(slots, series, m.missing, m.target)
  assertPositive(m, known, series)
  const D = m.featureNames.length
  const at = m.featureNames.indexOf(m.target) // the target's input, fed back past the end (-1: none, steps <= h)
  const raw = new Float32Array((N + steps) * D) // (N + steps, D): the rows, then the forecasts fed back
  raw.set(known)

  const timeCol = series.timeColumn ? (series.columns.find((c) => c.name === series.timeColumn) as DateColumn) : undefined
  const time = timeCol?.values ?? null
  const step = time && N ? inferStep(time, m.calendar?.holidays ?? null, timeCol?.clock) : null
  // dates past year 9999 cannot be written: refused, naming the last, as the JSON model file refuses them
  const past = time && N && step ? pastLastYearOf(time[N - 1]!, step, steps) : null
  if (past) throw new OnnxInputError(pastLastYearWords(past, steps))

  const rows: ForecastRow[] = []
  const ahead: number[] = []
  const add = (j: number, value: number, probs: Float64Array | null) => {
    const t = time ? (step ? advanceTime(time[N - 1]!, step, j) : null) : null
    if (t != null) ahead.push(t)
    if (at >= 0 && m.task === 'regression') raw[(N - 1 + j) * D + at] = value
    const shown = m.task === 'regression' ? clipValue(m.domain ?? null, value) : value
    rows.push({ ts: t ?? N - 1 + j, step: j, value: shown, lower: null, upper: null, actual: null, ...(probs ? { probs: Array.from(probs) } : {}) })
  }
  if (direct)
    // steps j0 .. j0 + h - 1 from the window ending at row N - 2 + j0
    for (let j0 = 1; j0 <= steps; j0 += h) {
      const { values } = forecastAllWindows(m, raw, Int32Array.of(N - 1 + j0 - L))
      for (let k = 0; k < h && j0 + k <= steps; k++) add(j0 + k, values[k]!, null)
    }
  else
    // step j from the window ending at row N - 1 + j - h (inside the data for j <= h)
    for (let j = 1; j <= steps; j++) {
      const { values, probs } = forecastAllWindows(m, raw, Int32Array.of(N + j - h - L))
      add(j, values[0]!, probs)
    }
  const lastOwn = time && N ? time[N - 1]! : Infinity
  const clock = time ? aheadClockWords(timeCol, step, ahead, ahead, lastOwn) : null
  return { rows, hasTime: time !== null, gaps, dropped, trailing, notices, clock, clipped: m.task === 'regression' ? domainNote(m.domain, rows.map((r) => r.value)) : null, zone }
}
