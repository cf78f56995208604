// An exported ONNX model applied to a dataset, window by window: shared by `fw predict --model
// model.onnx` (core/cli/predict-onnx.ts) and the app's "apply a model file" (electron/main/apply-model.ts).
// The .onnx file carries the scaling but not the run's data pipeline, so this rebuilds what the
// graph needs: raw inputs in original units, in the order of the metadata's feature names, one 0/1
// column per one-hot slot `column=level`. The graph does not impute: missing inputs are filled as
// the JSON model file fills them, by the run's rule that the file carries (metadata 'missing'); a
// file from before has none and is forward filled, then the column's first valid value.
import { andList } from '../data/words'
import { classValues, countGaps, dropMissingRows, missingColumns, selectRows, filledNote, gapFillSeason, knownAhead, lastTargetRow, leadKnown, missingPolicyOf, PipelineError, newRowLevels, newRowNotices, newRowValues, prepareSeries, unseenLevelsNotice, type BooleanColumn, type CategoricalColumn, type Column, type Dataset, type DateColumn, type FilledGaps, type InputBlock, type NewRowFill, type Notice, type NumericColumn, type SeriesChoice } from '../data'
import { withCalendar } from '../data/calendar'
import { localClockTimes, otherStepWords } from '../data/series'
import { withModelTime } from '../data/step-index'
import { assertFeaturesPresent, predictWindows, type ImportedOnnx, type OnnxMissing } from '../export/onnx-import'
import { advanceTime, inferStep } from '../train/forecast'
import { clockNote } from '../train/time-step'
import { clipValue } from '../train/domain'
import { domainNote } from '../data/range'
import { pastEndZoneNote, zoneMarkOf, type TimeZoneMark } from '../data/time-cell'
import type { ForecastRow } from '../train/types'

/** The dataset does not fit the model (a column of the wrong kind, too few rows, a value the
 *  model cannot take); the message names the file, column or line. Bad input for both callers. */
export class OnnxInputError extends Error {
  override name = 'OnnxInputError'
}

/** One model input: a numeric/boolean column as it is, or the 0/1 slot of one categorical level. */
type Slot = { kind: 'value'; column: string } | { kind: 'level'; column: string; level: string }

const BATCH = 256 // windows per engine call: bounds the (B, L, D) buffer on long files

/** Feature names -> slots. An exact column name wins (pre-encoded 0/1 columns work); otherwise
 *  `col=level` of a categorical column. Throws MissingFeaturesError naming every absent column; with
 *  the model's `roles` (its target and time column), the JSON model file's refusal instead, each
 *  column named by its role (core/data/apply.ts missingColumns). */
export function resolveSlots(featureNames: string[], ds: Dataset, roles?: { target: string; timeColumn: string | null }): Slot[] {
  const byName = new Map(ds.columns.map((c) => [c.name, c]))
  const slots: (Slot | null)[] = featureNames.map((f) => {
    if (byName.has(f)) return { kind: 'value', column: f }
    // the longest categorical column name that prefixes `f=` (a column name may contain '=')
    let best: Slot | null = null
    for (const c of ds.columns)
      if (c.kind === 'categorical' && f.startsWith(`${c.name}=`) && (best === null || c.name.length > best.column.length))
        best = { kind: 'level', column: c.name, level: f.slice(c.name.length + 1) }
    return best
  })
  const needed = featureNames.map((f, i) => slots[i]?.column ?? (f.includes('=') ? f.slice(0, f.indexOf('=')) : f))
  const absent = [...new Set(needed)].filter((n) => !byName.has(n))
  if (absent.length && roles) throw missingColumns(ds, absent, roles.target, roles.timeColumn ?? '')
  assertFeaturesPresent([...new Set(needed)], ds.columns.map((c) => c.name), ds.file)
  return slots.map((s, i) => {
    const c = byName.get(needed[i]) as Column
    // present but of the wrong kind: `weather=rain` wanted, `weather` read as numbers (or the reverse)
    if (s === null) throw new OnnxInputError(`column "${c.name}" of ${ds.file} is ${c.kind}, but the model takes the one-hot slot "${featureNames[i]}" of a categorical column`)
    if (s.kind === 'value' && c.kind !== 'numeric' && c.kind !== 'boolean')
      throw new OnnxInputError(`column "${c.name}" of ${ds.file} is ${c.kind}, but the model takes "${featureNames[i]}" as a number; a categorical input appears as one slot per level ("${c.name}=level")`)
    return s
  })
}

/** Raw model inputs (N, D) in original units, gaps filled, and the fills it made, one FilledGaps
 *  per column (countGaps over the rows given): its policy, whether it holds levels, `leading` the
 *  cells the run's training mean or mode fills for want of a value before (none in a file from
 *  before, or a column the run's imputers lack), `season` the season a seasonal target's gaps were
 *  filled by (the fill's own, gapFillSeason: none where the rows have no dates to place it). With the
 *  run's rule (metadata 'missing') the gaps are filled as the JSON model file fills them, through
 *  the same code (core/data newRowValues, newRowLevels); a file from before has none and is forward
 *  filled, then the column's first valid value fills the leading gap. The caller gives the rows the
 *  windows read, cut and dropped first, as applyFitted cuts and drops them before it fills.
 *  `fill` false (the future rows of led inputs): nothing filled, as the JSON model file leaves them
 *  (a missing value stays NaN, over every slot of a categorical column), and no gaps. */
export function assembleInputs(slots: Slot[], series: Dataset, missing: OnnxMissing | null = null, target = '', fill = true): { raw: Float32Array; gaps: FilledGaps[] } {
  const N = series.rowCount
  const D = slots.length
  const raw = new Float32Array(N * D) // (N, D)
  const gaps: FilledGaps[] = []
  const numeric = new Map<string, Float64Array>() // column -> (N) filled values
  const codes = new Map<string, Int32Array>() // column -> (N) filled indices into levelsOf(column)
  const levelsOf = (column: string) => slots.flatMap((s) => (s.kind === 'level' && s.column === column ? [s.level] : []))
  /** The column's fill: the run's policy and training mean or mode; a file from before forward fills
   *  and takes the first valid value where none is earlier. A column the run's imputers lack (a
   *  pre-encoded 0/1 column read under a one-hot slot's name) takes its first valid value too. The
   *  fill's gaps (countGaps over the rows read) carry its season. */
  const fillOf = (c: Column, firstValid: number | string | undefined): NewRowFill | null => {
    if (!fill) return null
    const policy = missing ? missingPolicyOf({ missing }, c.name) : 'ffill'
    const imputer = missing?.imputers[c.name] ?? firstValid
    if (imputer === undefined && N > 0) throw new OnnxInputError(`column "${c.name}" of ${series.file} has no values, so the model's input cannot be filled`)
    const season = gapFillSeason(series, missing?.gapFill, target, c.name)
    const [g] = countGaps([c], series.lines, () => policy)
    gaps.push({ ...g!, leading: missing?.imputers[c.name] === undefined ? 0 : g!.leading, ...(season > 1 ? { season } : {}) })
    return { policy, imputer, season }
  }
  for (const s of slots) {
    const c = series.columns.find((x) => x.name === s.column) as Column
    if (s.kind === 'value' && !numeric.has(s.column)) {
      const { values } = c as NumericColumn | BooleanColumn
      numeric.set(s.column, newRowValues(values, fillOf(c, values.find((x) => x === x))))
    } else if (s.kind === 'level' && !codes.has(s.column)) {
      const cc = c as CategoricalColumn
      const first = cc.codes.find((k) => k >= 0)
      codes.set(s.column, newRowLevels(cc, levelsOf(s.column), fillOf(c, first === undefined ? undefined : cc.levels[first])))
    }
  }
  slots.forEach((s, d) => {
    if (s.kind === 'value') {
      const v = numeric.get(s.column)!
      for (let i = 0; i < N; i++) raw[i * D + d] = v[i]
    } else {
      const code = levelsOf(s.column).indexOf(s.level)
      const k = codes.get(s.column)!
      for (let i = 0; i < N; i++) raw[i * D + d] = !fill && k[i]! < 0 ? NaN : k[i] === code ? 1 : 0 // -1: left unfilled
    }
  })
  return { raw, gaps }
}

/** A format-2 model takes log of some inputs (a log-transformed target): refuses a value <= 0 there
 *  by file and line, as the JSON model file's path does, rather than forecasting NaN. `unfilled`
 *  (future rows): a missing value (NaN) is let be, as the JSON model file lets it be. */
export function assertPositive(m: ImportedOnnx, raw: Float32Array, series: Dataset, unfilled = false): void {
  const D = m.featureNames.length
  for (const d of m.level?.logInputs ?? []) {
    for (let i = 0; i < series.rowCount; i++) {
      const v = raw[i * D + d]!
      if (!(v > 0) && !(unfilled && v !== v)) throw new OnnxInputError(`the model forecasts log("${m.featureNames[d]}"), which needs positive values; ${series.file} has ${v} on line ${series.lines[i]}`)
    }
  }
}

/** Each window's outputs, (W, K), for the windows starting at rows `starts` (W) of `raw` (rows,
 *  D), L rows each: a regression's forecasts (K = 1, or K = h for a direct model: steps 1..h), a
 *  two-class probability (K = 1), or the index of the likeliest of several classes (K = 1). With
 *  several classes `probs` (W, O) holds every class's probability, the graph's softmax in the
 *  classes' order; null otherwise. */
export function forecastAllWindows(m: ImportedOnnx, raw: Float32Array, starts: Int32Array): { values: Float64Array; K: number; probs: Float64Array | null } {
  const { inputSize: D, outputSize: O, outputMode } = m.model.spec
  const L = m.lookBack
  const W = starts.length
  const K = m.task === 'regression' ? O : 1
  const values = new Float64Array(W * K) // (W, K)
  const probs = K === O ? null : new Float64Array(W * O) // (W, O)
  for (let s = 0; s < W; s += BATCH) {
    const B = Math.min(BATCH, W - s)
    // window b covers rows [starts[s+b], starts[s+b]+L): one contiguous run each
    const windows = new Float32Array(B * L * D) // (B, L, D)
    for (let b = 0; b < B; b++) windows.set(raw.subarray(starts[s + b]! * D, (starts[s + b]! + L) * D), b * L * D)
    const y = predictWindows(m, windows, B) // per-step (B, L, O), final (B, O)
    for (let b = 0; b < B; b++) {
      const at = outputMode === 'per-step' ? (b * L + L - 1) * O : b * O // the last step sees the whole window
      if (K === O) for (let k = 0; k < O; k++) values[(s + b) * K + k] = y[at + k]
      else {
        let best = 0
        for (let o = 1; o < O; o++) if (y[at + o] > y[at + best]) best = o
        values[s + b] = best
        probs!.set(y.subarray(at, at + O), (s + b) * O)
      }
    }
  }
  return { values, K, probs }
}

/** Leads the led inputs of `raw` (N, D) in place (metadata 'lead_inputs'): row r takes the value of
 *  row r + lead; the last rows, whose lead rows the file does not have, get NaN. */
export function leadRaw(m: Pick<ImportedOnnx, 'featureNames' | 'leads'>, raw: Float32Array): void {
  // each led feature as a one-column block, led as the pipeline leads its blocks
  const blocks: InputBlock[] = m.featureNames.map((f, d) => ({ column: f, kind: 'numeric', offset: d, size: 1, lead: m.leads?.[f] ?? 0 }))
  leadKnown(blocks, m.featureNames.length, [raw])
}

/** Windows predictOnnxRows leaves out for led inputs (`features`): the last `windows`, whose led
 *  values lie past the file's rows, and `unread` more that read a led value a future row lacks. */
export interface Led { features: string[]; windows: number; unread?: number }

/** The rows of `ds` an ONNX model's windows read, prepared as the JSON model file prepares them:
 *  put in time order (repeated times and the run's grid by its rules, another step refused),
 *  calendar inputs derived (`withCal`), the rows after the last target value cut (`last`; with led
 *  inputs kept apart as `futureDs`, else `after` of them left out, said in `trailing`), rows the
 *  run's rule 'drop' leaves out dropped (`series`, `dropped`), and what that did (`notices`, unseen
 *  levels too). `series` (fw predict's --series/--series-value): the rows of that one series of a
 *  long file, as the JSON model file keeps them, their times in its own zone (selectRows, ownZone).
 *  predictOnnxRows and forecastOnnxAhead (onnx-forecast.ts) both start here. */
export function onnxRowsOf(m: ImportedOnnx, ds: Dataset, series: SeriesChoice | null = null) {
  const L = m.lookBack
  // repeated times treated by the run's rule (metadata 'duplicates'; kept in files from before) and
  // the rows put on the run's grid where it had one (metadata 'resample'), as the JSON model file
  // treats and puts them
  // (the rule 'error' refuses the file as the JSON model file's path refuses it, naming the line)
  // the run's time column (metadata 'time_column'): a file without it is refused in the JSON model
  // file's words, rather than its rows read in file order; files from before take the detected one
  if (m.timeColumn && !ds.columns.some((c) => c.name === m.timeColumn)) throw missingColumns(ds, [m.timeColumn], m.target, m.timeColumn)
  // its time column read as the run read it (metadata 'step' index: a step index; else dates), the
  // other kind refused in the JSON model file's words
  ds = withModelTime(ds, m.timeColumn ?? null, m.step?.index)
  const { dataset: sorted, report } = prepareSeries(ds, { column: m.timeColumn ?? ds.timeColumn, duplicates: m.duplicates ?? 'keep', resample: m.resample, ...(series ? { series } : {}) })
  // rows of another step than the training rows' (metadata 'step'), refused in the JSON model file's
  // words; under a grid "auto" chose, the step of the rows before it, so daily rows for a monthly
  // model are refused rather than averaged onto the grid. Files from before carry no step: unchecked
  const other = otherStepWords(m.step ?? undefined, report, ds.file, L)
  if (other) throw new PipelineError('other-step', other)
  const notices = newRowNotices(sorted.notices.slice(ds.notices.length), m.resample)
  // calendar inputs (cal:dow.sin, …) derived from the time column, as the run derived them
  let withCal = sorted
  if (m.calendar?.features.length) {
    try {
      withCal = withCalendar(sorted, m.calendar)
    } catch (e) {
      throw new OnnxInputError((e as Error).message)
    }
  }
  const slots = resolveSlots(m.featureNames, withCal, { target: m.target, timeColumn: m.timeColumn ?? withCal.timeColumn })
  const lead = Math.max(0, ...m.featureNames.map((f) => m.leads?.[f] ?? 0)) // leadRaw's largest
  // the rows after the last target value are cut first, before anything is dropped or filled, as
  // applyFitted cuts them: with led inputs, future rows that give the led values, kept apart and
  // never filled (a missing value stays NaN); where the model reads the target's history, rows left
  // out (said). Either way no window ends there (its target input would be a fill), and no fill of
  // the rows the windows read draws on them
  const target = withCal.columns.find((c) => c.name === m.target)
  const readsTarget = slots.some((s) => s.column === m.target)
  const last = target && (lead > 0 || readsTarget) ? lastTargetRow(target) : withCal.rowCount - 1
  const rowsOf = (from: number, to: number) => selectRows(withCal, Int32Array.from({ length: to - from }, (_, i) => from + i))
  const cut = last === withCal.rowCount - 1 ? withCal : rowsOf(0, last + 1)
  const futureDs = lead > 0 && cut !== withCal ? rowsOf(last + 1, withCal.rowCount) : null
  const after = lead > 0 ? 0 : withCal.rowCount - 1 - last
  // the run's rule 'drop': rows missing a value of such a column (the target's, an input's) are left
  // out of the rows cut, as the JSON model file leaves them out (never the future rows)
  const policy = m.missing
  const used = [...new Set([...(target ? [m.target] : []), ...slots.map((s) => s.column)])]
  const rows = policy ? dropMissingRows(cut, used.filter((n) => missingPolicyOf({ missing: policy }, n) === 'drop').map((n) => cut.columns.find((c) => c.name === n) as Column)) : cut
  const dropped = cut.rowCount - rows.rowCount
  // categories the model never saw in training enter as none of its slots (a one-hot of zeros):
  // said in the JSON model file's words (unseenLevelsNotice), over the rows the windows read
  for (const column of new Set(slots.flatMap((s) => (s.kind === 'level' ? [s.column] : [])))) {
    const c = rows.columns.find((x) => x.name === column)
    const unseen = c?.kind === 'categorical' ? unseenLevelsNotice(c, slots.flatMap((s) => (s.kind === 'level' && s.column === column ? [s.level] : []))) : null
    if (unseen) notices.push(unseen)
  }
  const trailing = after > 0 ? `the last ${after === 1 ? 'row' : `${after} rows`} of ${ds.file} (from line ${withCal.lines[last + 1]}) ${after === 1 ? 'has' : 'have'} no "${m.target}": the model reads its history, so they are left out, and forecasts start after its last value, as the JSON model file leaves them out` : null
  // the zone its forecast files write its times in: that of the rows read (the series' own), as the JSON model file's (Applied.zone)
  const time = rows.columns.find((c): c is DateColumn => c.kind === 'date' && c.name === rows.timeColumn)
  return { slots, lead, futureDs, series: rows, dropped, notices, trailing, after, zone: zoneMarkOf(time) }
}

/** The ONNX model applied to every window of `ds` (the run's time column, metadata 'time_column',
 *  which a file must have, as the JSON model file needs it; the detected one in files from before;
 *  repeated times merged by the run's rule where the file carries it, kept in files from before):
 *  one row per window, the forecast h rows ahead, as `fw predict` writes it. The rows after the last
 *  target value are cut first, then rows dropped and gaps filled, in applyFitted's order. `gaps` the
 *  fills made per column, their cells counted over the rows the windows read (assembleInputs;
 *  fillNote says them), `dropped` the rows the run's rule 'drop' left out, `trailing` the rows after
 *  the last target value of a model that reads it, left out (a sentence); `notices` are what putting
 *  the rows in time order did (sorted, repeated times merged or kept, irregular steps),
 *  prepareSeries' own words, as the JSON model file's path says them. With led inputs (known in the
 *  future, read `lead` rows ahead), the rows after the last target value are future rows, never
 *  filled; the last `lead` windows read values past the file's rows, and a window that reads a led
 *  value a future row lacks is left out, as the JSON model file leaves it; `led` says both. `clock`
 *  what fw forecast says of the stamps past the end and the data's clock (time-step.ts clockNote:
 *  they follow its learnt rule across a switch, or step in steady time against it; where the rows'
 *  own offsets are kept, that the times past the last row take its offset), else null. `pick`: one
 *  series of a long file (onnxRowsOf); `zone` the zone to write the stamps in, that of the rows read.
 *  The app's "apply a model file" calls this too. */
export function predictOnnxRows(m: ImportedOnnx, ds: Dataset, pick: SeriesChoice | null = null): { rows: ForecastRow[]; hasTime: boolean; gaps: FilledGaps[]; dropped: number; trailing: string | null; led: Led | null; notices: Notice[]; clock: string | null; clipped: string | null; zone: TimeZoneMark } {
  const L = m.lookBack
  const h = m.horizon
  const { slots, lead, futureDs, after, series, dropped, notices, trailing, zone } = onnxRowsOf(m, ds, pick)
  const N = series.rowCount // the rows the windows end on
  const F = futureDs?.rowCount ?? 0
  // the windows whose every row holds its led values: those ending by row N + F - 1 - lead
  const end = Math.min(N + F - lead, N)
  const rowsSaid = `${N} rows${dropped ? ` (${dropped} with a missing value left out by the run's rule)` : ''}`
  if (end < L) {
    throw new OnnxInputError(lead > 0 && (futureDs || N >= L) ? `${ds.file} has ${N} rows with a target value; the model looks back ${L} rows and reads ${andList(Object.keys(m.leads ?? {}))} ${lead} ${lead === 1 ? 'row' : 'rows'} ahead of them`
      : after > 0 ? `${ds.file} has ${rowsSaid} up to its last value of "${m.target}"; the model reads its history and looks back ${L} rows`
      : `${ds.file} has ${rowsSaid}; the model looks back ${L} rows`)
  }
  const targetCol = series.columns.find((c) => c.name === m.target)
  // the rows the windows read are filled, and their fills counted, as the JSON model file fills and
  // counts them; the future rows are not (applyFitted leaves them unfilled)
  const assembled = assembleInputs(slots, series, m.missing, m.target)
  const known = assembled.raw
  // a led input's blanks at the end are its future not yet written in, said as the JSON path says them
  const gaps = knownAhead(assembled.gaps, series.columns, m.featureNames.flatMap((f, d) => ((m.leads?.[f] ?? 0) > 0 && slots[d] ? [slots[d]!.column] : [])))
  assertPositive(m, known, series)
  let raw = known
  if (futureDs) {
    const unfilled = assembleInputs(slots, futureDs, m.missing, m.target, false).raw
    assertPositive(m, unfilled, futureDs, true)
    raw = new Float32Array(known.length + unfilled.length)
    raw.set(known)
    raw.set(unfilled, known.length)
  }
  leadRaw(m, raw)
  // the windows ending at rows L-1 .. end-1, but one that reads a led value a future row lacks (NaN:
  // not filled), which is left out, as the JSON model file leaves it out (knownGiven)
  const D = m.featureNames.length
  const ledSlots = m.featureNames.flatMap((f, d) => ((m.leads?.[f] ?? 0) > 0 ? [d] : []))
  const given = (i: number) => ledSlots.every((d) => { for (let r = i; r < i + L; r++) if (raw[r * D + d] !== raw[r * D + d]) return false; return true })
  const starts = Int32Array.from({ length: end - L + 1 }, (_, i) => i).filter(given)
  const gapped = end - L + 1 - starts.length
  const { values, K, probs } = forecastAllWindows(m, raw, starts)
  const O = m.model.spec.outputSize
  const leftOut = lead > 0 ? N - end : 0

  // the times of the rows the windows end on, then of the future rows: a forecast that lands on a
  // future row takes its time, as the JSON model file's does
  const timeOf = (d: Dataset) => (d.timeColumn ? (d.columns.find((c) => c.name === d.timeColumn) as { values: Float64Array }).values : null)
  const ownTime = timeOf(series)
  const futureTime = futureDs ? timeOf(futureDs) : null
  const timeCol = ownTime && futureTime ? Float64Array.from([...ownTime, ...futureTime]) : ownTime
  const T = timeCol?.length ?? 0
  // past the end, the daylight-saving rule the file's offsets follow (core/data/clock-rule.ts), as fw forecast steps
  const dateCol = series.columns.find((c) => c.name === series.timeColumn) as DateColumn | undefined
  const clock = dateCol?.clock
  const step = timeCol ? inferStep(timeCol, null, clock) : null
  const ahead: number[] = [] // the stamps past the end
  const stamped: number[] = [] // every row's stamp (those past the data's last row take its offset where the rows' own are kept)
  // a classification actual is the row's class index, as the JSON model file gives it; it needs the
  // run's class names and rule (metadata 'classes'), which files from before do not carry
  const actual: Float64Array | null = !targetCol ? null
    : m.task === 'regression' ? (targetCol.kind === 'numeric' ? targetCol.values : null)
    : m.classes ? classValues(targetCol, { column: m.target, classes: m.classes.names, rule: m.classes.rule }, ds.file) : null
  const actualOf = (row: number): number | null => {
    const v = actual !== null && row < N ? actual[row]! : NaN
    return v === v ? v : null
  }
  // a direct model's window gives steps 1..h (K = h), as the JSON path lists them; else step h
  const rows: ForecastRow[] = Array.from(values, (value, j) => {
    const w = Math.floor(j / K)
    const i = starts[w]!
    const k = K === 1 ? h : (j % K) + 1
    const row = L - 1 + i + k
    const time = timeCol === null ? null : row < T ? timeCol[row] : step ? advanceTime(timeCol[T - 1], step, row - T + 1) : null
    if (time != null && row >= T) ahead.push(time)
    if (time != null) stamped.push(time)
    const ts = time ?? row // as the JSON path: the row index where no time is known
    // a regression whose domain is 'non-negative' (metadata 'domain') clipped at 0, as the JSON path's predictWindows clips
    const shown = m.task === 'regression' ? clipValue(m.domain ?? null, value) : value
    // several classes: every class's probability, as the JSON path's rows hold them (forecastRowsOf)
    return { ts, step: k, value: shown, lower: null, upper: null, actual: actualOf(row), ...(probs ? { probs: Array.from(probs.subarray(w * O, (w + 1) * O)) } : {}) }
  })
  const features = Object.keys(m.leads ?? {}).filter((f) => m.leads![f]! > 0)
  const lastOwn = ownTime?.length ? ownTime[ownTime.length - 1]! : Infinity
  const clockWords = timeCol ? aheadClockWords(dateCol, step, ahead, stamped, lastOwn) : null
  const clipped = m.task === 'regression' ? domainNote(m.domain, rows.map((r) => r.value)) : null
  return { rows, hasTime: timeCol !== null, gaps, dropped, trailing, led: leftOut > 0 || gapped > 0 ? { features, windows: leftOut, ...(gapped ? { unread: gapped } : {}) } : null, notices, clock: clockWords, clipped, zone }
}

/** What the stamps past the end (`ahead`) say of the data's clock, as fw forecast says it (forecast.ts
 *  aheadClockNote: time-step.ts clockNote, else, where the rows' own offsets are kept, that the
 *  times past the data's last row, `lastOwn`, take its offset; `stamped` every stamp written). */
export function aheadClockWords(dateCol: DateColumn | undefined, step: ReturnType<typeof inferStep>, ahead: number[], stamped: number[], lastOwn: number): string | null {
  const clockWords = ahead.length ? clockNote(ahead, step, localClockTimes(dateCol), dateCol?.clock ?? null) : null
  return clockWords ?? pastEndZoneNote(zoneMarkOf(dateCol), stamped, lastOwn)
}


/** What `led` of predictOnnxRows means, in one sentence for the CLI and the app. */
export function ledNote(led: Led): string {
  const unread = led.unread ? `${led.unread === 1 ? 'a window reads' : `${led.unread} windows read`} a missing value of ${andList(led.features)} in a row after the last target value, and ${led.unread === 1 ? 'is' : 'are'} left out, as the JSON model file leaves ${led.unread === 1 ? 'it' : 'them'} out (it fills no gap in those rows)` : ''
  if (!led.windows) return unread
  return `${unread ? `${unread}; ` : ''}${led.windows === 1 ? 'the last window is' : `the last ${led.windows} windows are`} left out: ${andList(led.features)} ${led.features.length === 1 ? 'is' : 'are'} known in the future and read ahead, and ${led.windows === 1 ? 'its forecast reads' : 'their forecasts read'} values past the file's rows; the JSON model file forecasts past the end with their future values`
}

/** How predictOnnxRows filled the file's gaps (`gaps`, the fills assembleInputs made), one sentence
 *  for the CLI and the app: the JSON model file's words (filledNote) where the file carries the run's
 *  rule, forward fill where it is from before. */
export function fillNote(m: Pick<ImportedOnnx, 'missing'>, gaps: readonly FilledGaps[], dropped: number): string {
  if (m.missing) return filledNote(gaps, dropped, ', as the JSON model file fills them')
  // as before the files carried the rule
  const each = gaps.filter((g) => g.cells > 0)
  const counts = each.length ? `${each.map((g) => `${g.column}: ${g.cells}`).join(', ')} cells` : 'none were missing'
  return `missing inputs filled by forward fill, then the column's first valid value (${counts}); the JSON model file applies the run's exact imputation`
}
