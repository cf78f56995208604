// preparePipeline: Dataset + config -> scaled, encoded model inputs, targets, split ranges and window
// indexes. Everything that is learned from data (imputer means, scalers, one-hot levels, classes) is
// fitted on the training rows only and returned as JSON (`fitted`) to be stored with the run.

import { zeroOneAsYesNo, zeroOneRegressionNote, isZeroOne } from './yes-no'
import { LOG_AUTO_RATIO, parseRule, ruleOffTarget, testRule, type MissingPolicy, type PipelineConfig, type Rule } from './config'
import { PipelineError } from './errors'
import { isStepIndex } from './step-index'
import { formatTime, prepareSeries, selectRows, type FittedStep, type TimeReport } from './series'
import { calendarColumns, holidayRowsNote, withCalendar } from './calendar'
import type { CategoricalColumn, Column, Dataset, DateColumn, Notice } from './types'
import type { ClockRule } from './clock-rule'
import { noticeTime, zoneMarkOf, type TimeZoneMark } from './time-cell'
import { unitNumberExample } from './units'
import { computeSplits, hasKnownWindow, missingBefore, splitWindow, splitWindows, windowCountIn, windowIndex, type Relative, type RowRange, type SplitName, type Windows } from './windows'
import { SQUARE_MAX, withReplaced, type ReplacedValue } from './stats/outliers'
import { andList, andListCut, fix, noticeWords, words, type Words } from './words'
import { closedDays } from './weekdays'
import { caseVariants, columnGuess, columnsClause } from './near'
import { dayToIso } from './days'
import { finish, type Pausable } from './pausable'

export type Scaler = { kind: 'zscore'; mean: number; std: number } | { kind: 'minmax'; min: number; max: number } | { kind: 'none' }
/** relative: in every window this input is taken relative to its value at the window's last step.
 *  static: the same value at every row of a series (a global model's series id, or a category input
 *  with one level per series, core/data/global.ts),
 *  so known past the end: a forecast carries the last row's value forward.
 *  known: known in the future (a calendar input, or a feature listed in config.known), so a forecast
 *  past the end reads it from the future rows (forecast.ts futureInputs) instead of refusing.
 *  lead: the block at row r holds the column's value at row r + lead (a known block led by the
 *  horizon h, so that the window ending at t sees the value at t + h, the row it forecasts; model
 *  files from before leads have none: 0, each row its own value). Rows whose lead row is not given
 *  hold NaN (leadKnown). */
export interface InputBlock { column: string; kind: 'numeric' | 'boolean' | 'one-hot'; offset: number; size: number; levels?: string[]; relative?: true; static?: true; known?: true; lead?: number }
export type FittedTarget =
  /** relative: windows are expressed relative to their last target value (LevelMode 'window');
   *  transform 'log': the scaler and the network see log(y). Both absent in older model files. */
  | { column: string; kind: 'regression'; scaler: Scaler; relative?: true; transform?: 'log' }
  | { column: string; kind: 'classification'; classes: string[]; rule: Rule | null }

/** Everything fitted on the training rows; JSON-serialisable, stored with the run next to the config. */
export interface FittedPipeline {
  inputs: InputBlock[]
  inputNames: string[] // (D) e.g. 'temp_max', 'weather=rain'
  D: number
  scalers: Record<string, Scaler>
  /** Training mean per numeric/boolean column, training mode level per categorical column. */
  imputers: Record<string, number | string>
  target: FittedTarget
  splits: Record<SplitName, RowRange>
  warnings: string[]
  /** The usual step of the rows it was fitted on (after any resampling): new rows of another step
   *  are refused (apply.ts, series.ts otherStepWords). Absent in model files from before it, and for
   *  data without a time column or of one row: not checked. */
  step?: FittedStep
  /** The time of the first row it was fitted on (row 0, after any resampling), ISO: where a run's
   *  statistical models start their season. Applied to new rows, ETS and Theta place the season by
   *  the steps from here to the new rows' first time (core/train/season-start.ts). Absent in model
   *  files from before it and for data without a time column. */
  start?: string
  /** A seasonal target's gaps under 'interpolate' (the run's season above 1): the season the run
   *  filled them by, so that applying the model fills new rows' gaps alike (apply.ts). Absent: the
   *  value before (no season, another rule, no time column, model files from before it). */
  gapFill?: GapFill
  /** Business days only: the weekdays within the fitted rows' span without a row that read as
   *  holidays (closedWeekdays), YYYY-MM-DD; [] when none. The rows skip them, so the statistical
   *  models' season counts them as no step: season-start.ts places new rows' season without them.
   *  Absent for other steps and in model files from before it. */
  closed?: string[]
}

/** The run's season in rows, and the times (ISO) its validation rows start, its test rows start and
 *  its last row. The cuts are kept for the model file's format (an app from before filled each split
 *  apart by them); fillNumeric reads no later row, so it needs no cuts. */
export interface GapFill { season: number; cuts: [string, string, string] }

/** Whether `g` is a GapFill as a model file or an ONNX file's metadata carries it. */
export function isGapFill(g: unknown): g is GapFill {
  if (typeof g !== 'object' || g === null || Array.isArray(g)) return false
  const { season, cuts } = g as Record<string, unknown>
  return Number.isInteger(season) && (season as number) > 1 && Array.isArray(cuts) && cuts.length === 3 && cuts.every((c) => typeof c === 'string' && Number.isFinite(Date.parse(c)))
}

/** The GapFill of a run with these splits, rows and season; null without a season or times. */
function gapFillOf(splits: Record<SplitName, RowRange>, time: Float64Array | null, season: number): GapFill | null {
  if (!(season > 1) || !time) return null
  const iso = (row: number) => new Date(time[row]!).toISOString()
  // cuts: written, never read (no fill reads a later row, so none needs the splits); kept only so
  // that the model-file and ONNX formats stay as they were (isGapFill and the readers of files
  // require three times): an app from before filled each split apart by them. docs/model-format.md
  return { season, cuts: [iso(splits.val.start), iso(splits.test.start), iso(splits.test.end - 1)] }
}

/** `prep` with its fitted GapFill by `season` (above 1: a regression target under 'interpolate'
 *  whose training rows held no gap, so its pipeline was not prepared again with the season). */
export function withGapFill(prep: Prepared, season: number): Prepared {
  const gapFill = gapFillOf(prep.splits, prep.time, season)
  return gapFill ? { ...prep, fitted: { ...prep.fitted, gapFill } } : prep
}

export interface Prepared {
  config: PipelineConfig
  fitted: FittedPipeline
  N: number
  D: number
  inputs: Float32Array // (N, D) imputed, scaled, one-hot encoded
  /** Regression: target scaled with fitted.target.scaler; classification: class index, -1 = unknown. */
  target: Float32Array | Int32Array // (N)
  /** Regression target in original units (NaN = missing); classification: class index as a float. */
  targetRaw: Float64Array // (N)
  time: Float64Array | null // (N) epoch ms
  /** The daylight-saving rule the time column's offsets follow (DateColumn.clock), which stamps past
   *  the end follow (core/train/time-step.ts inferStep); absent where it has none. */
  clock?: ClockRule
  /** The zone the run's files write the rows' times in (./time-cell zoneMarkOf of its time column:
   *  one series' own, where the run reads one of a long file), as Applied.zone. */
  zone: TimeZoneMark
  lines: Int32Array // (N) 1-based line in the file, 0 for rows made by resampling
  splits: Record<SplitName, RowRange>
  windows: Record<SplitName, Windows>
  report: TimeReport
  notices: Notice[]
  /** LevelMode 'window': what gatherBatch takes relative to each window's last row. */
  relative?: Relative
}

export function applyScaler(s: Scaler, x: number): number {
  return s.kind === 'zscore' ? (x - s.mean) / s.std : s.kind === 'minmax' ? (x - s.min) / (s.max - s.min) : x
}
export function invertScaler(s: Scaler, y: number): number {
  return s.kind === 'zscore' ? y * s.std + s.mean : s.kind === 'minmax' ? y * (s.max - s.min) + s.min : y
}
/** Scaled (absolute, not relative) target values back to original units, on a copy. */
export function inverseTarget(fitted: FittedPipeline, y: ArrayLike<number>): Float64Array {
  const t = fitted.target
  if (t.kind !== 'regression') return Float64Array.from(y)
  return Float64Array.from(y, (v) => scaledToTarget(t, v))
}

/** The regression target in original units: as observed, and where a value was missing the filled
 *  one the network reads (its scaled form inverted), as the statistical models and baselines read it. */
export function targetWithFilled(prep: Pick<Prepared, 'fitted' | 'target' | 'targetRaw'>): Float64Array {
  const imputed = inverseTarget(prep.fitted, prep.target)
  return Float64Array.from(prep.targetRaw, (v, i) => (v === v ? v : imputed[i]!))
}
/** One scaled target value (absolute) to original units: the inverse scaler, then exp for 'log'. */
export function scaledToTarget(t: FittedTarget & { kind: 'regression' }, v: number): number {
  const u = invertScaler(t.scaler, v)
  return t.transform === 'log' ? Math.exp(u) : u
}
/** One target value in original units to the scale the network sees (absolute). */
export function targetToScaled(t: FittedTarget & { kind: 'regression' }, y: number): number {
  return applyScaler(t.scaler, t.transform === 'log' ? Math.log(y) : y)
}
/**
 * Leads the blocks with a `lead` in place over the rows of `rows` taken end to end (the data's
 * (N, D), then any future rows (F, D)): row r takes the block's value at row r + lead; the last
 * `lead` rows of the whole get NaN (over a one-hot block's width), a value not given, never a guess.
 */
export function leadKnown(blocks: InputBlock[], D: number, rows: Float32Array[]): void {
  const lens = rows.map((a) => a.length / D)
  const total = lens.reduce((a, b) => a + b, 0)
  const at = (r: number): [Float32Array, number] => {
    let k = 0
    while (r >= lens[k]!) r -= lens[k++]!
    return [rows[k]!, r * D]
  }
  for (const b of blocks) {
    const lead = b.lead ?? 0
    if (lead <= 0) continue
    for (let r = 0; r < total; r++) {
      const [to, i] = at(r)
      if (r + lead < total) {
        const [from, j] = at(r + lead)
        to.set(from.subarray(j + b.offset, j + b.offset + b.size), i + b.offset)
      } else to.fill(NaN, i + b.offset, i + b.offset + b.size)
    }
  }
}

/** true when some input of `f` is led (a block with a `lead` above 0): a model file that carries
 *  it needs version MODEL_LEAD_VERSION, which an app from before leads refuses. */
export function leadsInputs(f: Pick<FittedPipeline, 'inputs'>): boolean {
  return f.inputs.some((b) => (b.lead ?? 0) > 0)
}

/** Whether every known block of `inputs` (N, D) holds a value (not NaN: a led value past what is
 *  given) on rows [from, to). */
export function knownGiven(f: Pick<FittedPipeline, 'inputs'>, inputs: ArrayLike<number>, D: number, from: number, to: number): boolean {
  for (const b of f.inputs) {
    if (!b.known) continue
    for (let r = from; r < to; r++) for (let k = 0; k < b.size; k++) if (inputs[r * D + b.offset + k]! !== inputs[r * D + b.offset + k]!) return false
  }
  return true
}

/** Offsets (into D) of the relative input blocks. */
export function relativeOffsets(fitted: Pick<FittedPipeline, 'inputs'>): number[] {
  return fitted.inputs.filter((b) => b.relative).map((b) => b.offset)
}
/** The transformed target's training-row mean absolute one-step change, the unit of LevelMode
 *  'window' (MASE's denominator, on the transformed series). 1 with a warning for a constant series. */
function changeScale(v: Float64Array, r: RowRange, name: string, warnings: string[]): number {
  let s = 0
  let n = 0
  for (let i = r.start + 1; i < r.end; i++) {
    const d = v[i] - v[i - 1]
    if (d === d) (s += Math.abs(d)), n++
  }
  if (n === 0 || s === 0) {
    warnings.push(`column "${name}" does not change on the training rows; its scale is set to 1`)
    return 1
  }
  return s / n
}

/** The refusal of a column with no value on the training rows (none to fit its mean, scale or levels on). */
function noTrainingValues(name: string, field: string): PipelineError {
  return new PipelineError('short-series', `column "${name}" has no values in the training rows`, field)
}

function fitScaler(kind: PipelineConfig['scaling'], v: Float64Array, r: RowRange, name: string, warnings: string[]): Scaler {
  if (kind === 'none') return { kind: 'none' }
  let n = 0
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (let i = r.start; i < r.end; i++) {
    const x = v[i]
    if (x !== x) continue
    n++
    sum += x
    if (x < min) min = x
    if (x > max) max = x
  }
  if (n === 0) throw noTrainingValues(name, 'features')
  const mean = sum / n
  let ss = 0
  for (let i = r.start; i < r.end; i++) if (v[i] === v[i]) ss += (v[i] - mean) ** 2
  const std = Math.sqrt(ss / n) // population std, as sklearn's StandardScaler
  if (kind === 'zscore') {
    if (std === 0) warnings.push(`column "${name}" is constant on the training rows; its scale is set to 1`)
    return { kind: 'zscore', mean, std: std === 0 ? 1 : std }
  }
  if (max === min) {
    warnings.push(`column "${name}" is constant on the training rows; its range is set to 1`)
    return { kind: 'minmax', min, max: min + 1 }
  }
  return { kind: 'minmax', min, max }
}

/** Each missing-value rule as the notes say how it filled a gap of numbers (fillNumeric) and of
 *  levels (fillCodes: the level before, the training mode where the rule takes the mean or no
 *  earlier level is). */
const FILL_WORDS: Record<'values' | 'levels', Record<MissingPolicy, string>> = {
  values: {
    interpolate: 'the value before',
    ffill: 'the value before',
    mean: "the training rows' mean",
    drop: "the training rows' mean" // only where the rows left out still leave a gap: none do
  },
  levels: {
    interpolate: 'the level before',
    ffill: 'the level before',
    mean: "the training rows' most frequent level",
    drop: "the training rows' most frequent level"
  }
}

/** One column's gaps that a run's rule filled: how many cells, the rule, whether the column holds
 *  levels (a category) or values, and `leading`: how many of the cells before the column's first
 *  value the training mean or most frequent level filled in place of the rule (gapCounts). */
export interface FilledGaps {
  column: string
  cells: number
  policy: MissingPolicy
  levels?: boolean
  leading?: number
  /** the season (rows) a seasonal target's gaps are filled by under 'interpolate' (gapFill) */
  season?: number
  /** of a known-future input, the cells blank at its end: its future not yet written in, said apart
   *  from the gaps the rule filled (knownAhead) */
  ahead?: number
  /** each cell's line in the file (Dataset.lines), in the rows' order (time order where the rows were
   *  sorted); 0: a period resampling added, in no line of the file */
  lines: number[]
}

/** `gaps` with each known-future input's blanks at its end counted (FilledGaps.ahead): `columns`
 *  the rows the gaps were counted on, `known` the inputs known in the future. */
export function knownAhead(gaps: readonly FilledGaps[], columns: readonly Column[], known: Iterable<string>): FilledGaps[] {
  const names = new Set(known)
  return gaps.map((g) => {
    const c = columns.find((x) => x.name === g.column)
    if (!names.has(g.column) || !c || g.policy === 'drop' || g.cells === 0) return g
    const blank = (i: number) => (c.kind === 'categorical' ? c.codes[i]! < 0 : c.kind === 'numeric' || c.kind === 'boolean' ? c.values[i] !== c.values[i] : false)
    const n = c.kind === 'categorical' ? c.codes.length : c.kind === 'numeric' || c.kind === 'boolean' ? c.values.length : 0
    let ahead = 0
    while (ahead < n && blank(n - 1 - ahead)) ahead++
    return ahead > 0 && ahead < n ? { ...g, ahead } : g
  })
}

/** How 'interpolate' fills a seasonal target's gap (fillNumeric), as the notes say it. */
export const seasonalFillWords = (season: number) => `the value before plus the change between the same rows a season (${season} rows) earlier`

/** At most this many lines of a column's filled cells are named ("at lines 4, 9, 12 and 3 more"). */
const LINES_NAMED = 3

/** Where a column's cells the rule filled are in the file: "at lines 4, 9, 12 and 3 more" (the
 *  first in the file first, not in the rows' time order), and those in periods resampling added,
 *  on no line ("and in 2 periods absent from the file"); '' for no cell. */
function linesWords(lines: readonly number[]): string {
  const inFile = lines.filter((l) => l > 0).sort((a, b) => a - b)
  const absent = lines.length - inFile.length
  const at = inFile.length ? `at ${inFile.length === 1 ? 'line' : 'lines'} ${andListCut(inFile, LINES_NAMED)}` : ''
  const periods = absent ? `in ${absent === 1 ? 'a period' : inFile.length ? `${absent} periods` : 'periods'} absent from the file` : ''
  return [at, periods].filter(Boolean).join(' and ')
}

/** The note on the missing input cells a run's rule filled, one for fw train, fw predict and the
 *  app's Apply model, the JSON model file and the ONNX file alike: each column's count, where the
 *  cells are in the file (their lines, linesWords) and rule ("humidity: 6 cells, at lines 4, 9, 12
 *  and 3 more, by the value before"), the leading cells the training mean or mode filled instead
 *  (", the first 2 by the training rows' mean"), the rows the rule 'drop' left out where the caller
 *  counts them, `how` after "the run's rule" (", as the JSON model file fills them"). */
export function filledNote(gaps: readonly FilledGaps[], dropped = 0, how = ''): string {
  // a known-future input's blanks at its end: its future, not written in yet, which the rule's value
  // stands in for where a window reaches it (the value before: the column's end has no value after)
  const aheadOf = (g: FilledGaps) => Math.min(g.ahead ?? 0, g.cells - (g.policy === 'interpolate' || g.policy === 'ffill' ? Math.min(g.leading ?? 0, g.cells) : 0))
  const future = (g: FilledGaps, n: number) => {
    const read = g.policy === 'mean' ? (g.levels ? FILL_WORDS.levels.mean : FILL_WORDS.values.mean) : g.levels ? 'the level before' : 'the value before'
    const them = n === 1 ? 'it' : 'them'
    return `its last ${n === 1 ? 'row is' : `${n} rows are`} blank, its future not yet written in: the windows that reach ${them} read ${read}, and a forecast past the end needs its values in rows after the last target value`
  }
  const byRule = (g: FilledGaps) => {
    const words = g.season && g.season > 1 && !g.levels ? { ...FILL_WORDS.values, interpolate: seasonalFillWords(g.season) } : FILL_WORDS[g.levels ? 'levels' : 'values']
    const lead = g.policy === 'interpolate' || g.policy === 'ffill' ? Math.min(g.leading ?? 0, g.cells) : 0
    // the blanks at the end (said as its future) are the column's last: none is a leading cell
    const rule = g.cells - lead - aheadOf(g)
    // with both fills, each with its count, so that they add up to the cells
    if (rule > 0 && lead > 0) return `: ${rule} by ${words[g.policy]}, the first ${lead === 1 ? 'one' : lead} by ${words.mean}`
    return ` by ${rule > 0 ? words[g.policy] : words.mean}`
  }
  const each = gaps.filter((g) => g.cells > 0).map((g) => {
    const ahead = aheadOf(g)
    const filled = g.cells - ahead
    // the lines of the cells filled (the blanks at the end said as its future are the column's last),
    // set off by commas before " by …" and a comma before ": 2 by …, the first one by …"
    const where = linesWords(g.lines.slice(0, g.lines.length - ahead))
    const how = byRule(g)
    const placed = !where ? how : how.startsWith(':') ? `, ${where}${how}` : `, ${where},${how}`
    const ruled = filled > 0 ? `${filled} ${filled === 1 ? 'cell' : 'cells'}${placed}` : ''
    return `${g.column}: ${[ruled, ahead > 0 ? future(g, ahead) : ''].filter(Boolean).join('; ')}`
  })
  const left = dropped ? `${dropped} ${dropped === 1 ? 'row' : 'rows'} with a missing value left out by the rule 'drop'` : ''
  const byTheRule = dropped > 0 || gaps.some((g) => g.cells - aheadOf(g) > 0) || !gaps.some((g) => g.cells > 0)
  return `missing inputs${byTheRule ? ` filled by the run's rule${how}` : ''} (${[...each, left].filter(Boolean).join('; ') || 'none were missing'})`
}

/** Counts the missing cells of each column in `columns` (NaN, or a level code < 0), with its rule,
 *  their lines (`lines`: each row's line in the file, Dataset.lines) and how many of them the
 *  training mean or mode fills for want of a value before (gapCounts). */
export function countGaps(columns: readonly Column[], lines: ArrayLike<number>, policy: (name: string) => MissingPolicy): FilledGaps[] {
  return columns.map((c) => {
    const missing: ArrayLike<boolean> = c.kind === 'categorical' ? Array.from(c.codes, (k) => k < 0) : c.kind === 'numeric' || c.kind === 'boolean' ? Array.from(c.values, (x) => x !== x) : []
    const { cells, leading } = gapCounts(missing, policy(c.name))
    const at: number[] = []
    for (let i = 0; i < missing.length; i++) if (missing[i]) at.push(lines[i]!)
    return { column: c.name, cells, policy: policy(c.name), ...(c.kind === 'categorical' ? { levels: true } : {}), leading, lines: at }
  })
}

/** How many of `missing` are true (cells), and how many of those before the first false the
 *  training mean or most frequent level fills in place of `policy` for want of a value before
 *  (leading; fillNumeric, fillCodes): all of them under 'ffill' and 'interpolate'. 'mean' and
 *  'drop' fill with the mean anyway: none. */
export function gapCounts(missing: ArrayLike<boolean>, policy: MissingPolicy): { cells: number; leading: number } {
  let cells = 0
  let before = 0
  for (let i = 0; i < missing.length; i++) {
    if (!missing[i]) continue
    if (cells++ === i) before++
  }
  return { cells, leading: policy === 'interpolate' || policy === 'ffill' ? before : 0 }
}

/** Fills NaN gaps of v in place by policy, each from the rows before it only, never a later row:
 *  the value after a gap is the one a window ending in the gap is scored on (a straight line to it
 *  put the scored value into the window: exploratory pass 23), and the statistical models' history
 *  at a forecast origin is the same whatever the rows after it hold. 'ffill' and 'interpolate': the
 *  value before (the training mean where none is); with a season of m > 1 rows, 'interpolate' moves
 *  the value before as the series moved a season earlier (v[i-1] + v[i-m] - v[i-m-1], where m + 1
 *  rows come before), so a missing month keeps the season's shape. 'mean' and 'drop': the training mean. */
export function fillNumeric(v: Float64Array, policy: MissingPolicy, trainMean: number, season = 1): void {
  const m = policy === 'interpolate' && season > 1 ? season : 0
  for (let i = 0; i < v.length; i++) {
    if (v[i] === v[i]) continue
    if (policy === 'mean' || policy === 'drop' || i === 0) v[i] = trainMean
    else v[i] = m && i > m ? v[i - 1] + v[i - m] - v[i - m - 1] : v[i - 1]
  }
}

/** Fills missing codes (< 0) in place: the last earlier code ('ffill', 'interpolate'), else `mode`. */
export function fillCodes(codes: Int32Array, policy: MissingPolicy, mode: number): void {
  let last = -1
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] >= 0) last = codes[i]
    else codes[i] = policy === 'mean' || policy === 'drop' || last < 0 ? mode : last
  }
}

/** Column `name`'s missing-value policy: its own, else the config's default. */
export const missingPolicyOf = (cfg: Pick<PipelineConfig, 'missing'>, name: string): MissingPolicy => cfg.missing.columns[name] ?? cfg.missing.default

/** Rows with a missing value in any of `cols` removed (with a notice); `ds` itself when none is.
 *  Rows from `upTo` on are kept whatever they hold (an ONNX file's future rows of led inputs, after
 *  the last target value, which applyFitted keeps apart from the drop). */
export function dropMissingRows(ds: Dataset, cols: Column[], upTo = ds.rowCount): Dataset {
  if (!cols.length) return ds
  const keep: number[] = []
  for (let i = 0; i < ds.rowCount; i++)
    if (i >= upTo || cols.every((c) => (c.kind === 'categorical' ? c.codes[i] >= 0 : c.kind === 'text' || c.values[i] === c.values[i]))) keep.push(i)
  if (keep.length === ds.rowCount) return ds
  const out = selectRows(ds, Int32Array.from(keep))
  out.notices.push({ code: 'dropped-missing', message: droppedRowsNote(ds.rowCount - keep.length) + holesWords(ds, keep) })
  return out
}

/** The holes 'drop' leaves between kept dated rows, said as the spacing notice says a gap (a dated
 *  series made irregular was unsaid, and its weekly season fitted across the hole: exploratory pass
 *  22, finding 10), with the largest by rows; '' where the rows have no dates or none lies between. */
function holesWords(ds: Dataset, keep: number[]): string {
  const tc = ds.columns.find((c) => c.name === ds.timeColumn)
  if (tc?.kind !== 'date' || isStepIndex(tc)) return ''
  let holes = 0
  let largest = { rows: 0, from: 0, to: 0 }
  for (let k = 1; k < keep.length; k++) {
    const rows = keep[k]! - keep[k - 1]! - 1
    if (rows === 0) continue
    holes++
    if (rows > largest.rows) largest = { rows, from: keep[k - 1]! + 1, to: keep[k]! - 1 }
  }
  if (!holes) return ''
  const at = (i: number) => formatTime(tc.values[i]!, tc.hasTime)
  const where = largest.rows === 1 ? `1 row, ${at(largest.from)}` : `${largest.rows} rows from ${at(largest.from)} to ${at(largest.to)}`
  return `, which leaves ${holes === 1 ? 'a hole' : `${holes} holes`} in the dates: a window, the baselines and the statistical models' season read the rows either side of a hole as one step apart; ${holes === 1 ? 'it is' : 'the largest,'} ${where}`
}

/** dropMissingRows' notice: `n` rows the rule 'drop' left out (a global ONNX graph's path says it per series too). */
export const droppedRowsNote = (n: number) => `${n} rows with missing values were dropped`

/** Writes a one-hot block: row i gets a 1 at `offset + k[i]` when 0 <= k[i] < size (else all zeros). */
export function writeOneHot(inputs: Float32Array, D: number, offset: number, size: number, k: Int32Array): void {
  for (let i = 0; i < k.length; i++) if (k[i] >= 0 && k[i] < size) inputs[i * D + offset + k[i]] = 1
}

/** The largest magnitude the network's 32-bit floats hold (a scaled value past it is Infinity). */
const FLOAT32_MAX = 3.4028234663852886e38

/** The refusal of a value of column `name` (`field`) that a run cannot compute with, or null: one
 *  whose square is past the largest 64-bit number (|v| > SQUARE_MAX: the scaler's variance, the
 *  squared-error loss and RMSE would be infinite, and the run's words false: every error "0 to
 *  rounding" beside an MAE of 6e305), or, with `scaled` (row → the value as the network reads it),
 *  one that scaled is past the network's 32-bit floats (the engine met it as Infinity and said so
 *  with no file, line or column). `v`: the column's values in file units, NaN where missing. */
export function tooLargeRefusal(ds: Pick<Dataset, 'file' | 'lines'>, name: string, field: string, v: ArrayLike<number>, scaled?: (row: number) => number): PipelineError | null {
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!
    if (x !== x) continue
    const square = !(Math.abs(x) <= SQUARE_MAX)
    if (!square && !(scaled && !(Math.abs(scaled(i)) <= FLOAT32_MAX))) continue
    const why = square
      ? 'its square is past 1.8e308, the largest number a computer holds, so the scaling, the loss and RMSE would be infinite'
      : `scaled by the training values it is ${Number(scaled!(i).toPrecision(2))}, past 3.4e38, the largest of the network's 32-bit numbers`
    return new PipelineError('bad-config', words`"${name}" is ${x} on line ${ds.lines[i]}${fix(` of ${ds.file}`, '')}, too large to compute with: ${why}; it is most likely a mistake or a code for a missing value: fix or remove it in the file`, field)
  }
  return null
}

/** Writes one scaled numeric column into its slot of the (N, D) inputs. */
export function writeScaled(inputs: Float32Array, D: number, offset: number, s: Scaler, v: Float64Array): void {
  for (let i = 0; i < v.length; i++) inputs[i * D + offset] = applyScaler(s, v[i])
}

/** What a caller fits across more than one series (a global run, core/data/global.ts): the
 *  one-hot levels of category inputs, taken from every series' training rows pooled, instead of
 *  this series' own; and the category inputs that are static (one level per series), so that a
 *  forecast past the end carries the last row's level forward. */
export interface SharedFit {
  levels?: Readonly<Record<string, readonly string[]>>
  /** A global classification's classes, pooled over every series' training rows (core/data/global.ts
   *  sharedClasses): a series' class indices, its one-hot target input and its fitted classes are
   *  these, not its own training levels; its training rows may hold one class of them. */
  classes?: readonly string[]
  /** One series of a global classification before its classes are pooled: its training rows may
   *  hold one class (the refusal is of one class over every series' rows pooled). */
  pooledClasses?: boolean
  static?: readonly string[]
}

/** What a run fits its pipeline with beyond its config: what a caller fits across series
 *  (SharedFit), and `fitReplaced`: the training values of the target that the statistical models'
 *  outlier rule replaces (model.outliers 'clean', statOutliers on the training rows), each with its
 *  replacement: the target's scaler and the automatic log decision are fitted with them in place,
 *  so one bad print neither squashes the network's inputs nor logs a series that spans 1.3x. The
 *  network still reads every value as it is. */
/** `season`: the run's season in rows (data.season resolved); above 1, the target's gaps that
 *  'interpolate' fills move the value before as the series moved a season earlier (fillNumeric). */
export interface PrepareOptions extends SharedFit { fitReplaced?: readonly ReplacedValue[]; season?: number }

/** A column `ds` lacks, said with the column nearest to the name and, for a target (`numbers`),
 *  the numeric columns it could be, else every column. */
export function noColumn(ds: Dataset, name: string, field: string, numbers: boolean): PipelineError {
  return noColumns(ds, [name], field, numbers)
}

/** noColumn of several names at once (inputs a file lacks): every one named, each with its nearest column. */
export function noColumns(ds: Dataset, missing: readonly string[], field: string, numbers = false): PipelineError {
  const names = ds.columns.map((c) => c.name)
  const list = numbers ? columnsClause(ds.columns.filter((c) => c.kind === 'numeric').map((c) => c.name), 'numeric columns') : columnsClause(names)
  const said = andList(missing.map((n) => `"${n}"`))
  return new PipelineError('unknown-column', `no column${missing.length > 1 ? 's' : ''} ${said} in ${ds.file}${columnGuess(missing, names)}${list}`, field)
}

/** What to do where a rule on a category (`weather == Rain`) holds on no training row, or on all:
 *  the levels the training rows hold, first seen first, and the one that matches the rule's value
 *  but for case (a rule compares with case), where there is one. */
function ruleLevelsHint(rule: Rule, c: CategoricalColumn, train: RowRange): string {
  const seen = new Set<string>()
  for (let i = train.start; i < train.end; i++) if (c.codes[i]! >= 0) seen.add(c.levels[c.codes[i]!]!)
  const levels = [...seen]
  const shown = levels.slice(0, 12).join(', ') + (levels.length > 12 ? `, … (${levels.length} in all)` : '')
  const cased = caseVariants(String(rule.value), levels).filter((l) => l !== String(rule.value))
  const hint = cased.length ? `; a rule compares values with their case: did you mean "${cased[0]}"?` : ''
  return `the training rows of "${c.name}" hold ${shown}${hint}`
}

/** The classes of a rule's target and of a true/false one (a column of 0s and 1s without a rule is
 *  read as one: zeroOneAsYesNo), in output order, whatever its rows hold; a column of categories'
 *  classes are instead the levels its training rows hold (section 5 below). */
export const TWO_CLASSES: readonly string[] = ['false', 'true']

/** (N) each row's class as a classification run reads its target (`rule`: 1 where it holds, 0
 *  where not; true/false: 1, 0; categories: the index of its level among those the `train` rows
 *  hold): NaN where the row holds no value, or a level the training rows never hold, which no window
 *  is trained on or scored against (section 6); `shared`: a global run's pooled classes in place of
 *  the `train` rows' levels. Setup's check (windowShortfall) reads it as the run. */
export function classesOfRows(targetCol: Column, rule: Rule | null, train: RowRange, shared?: readonly string[]): Float64Array {
  if (targetCol.kind === 'categorical') {
    const pos = new Int32Array(targetCol.levels.length).fill(-1) // (levels) -> class, -1: not in training
    if (shared) targetCol.levels.forEach((l, i) => (pos[i] = shared.indexOf(l)))
    else {
      for (let i = train.start; i < train.end; i++) if (targetCol.codes[i]! >= 0) pos[targetCol.codes[i]!] = 0
      let k = 0
      for (let l = 0; l < pos.length; l++) if (pos[l] === 0) pos[l] = k++
    }
    return Float64Array.from(targetCol.codes, (c) => (c < 0 ? NaN : rule ? (testRule(rule, targetCol.levels[c]!) ? 1 : 0) : pos[c]! < 0 ? NaN : pos[c]!))
  }
  if (targetCol.kind === 'numeric' || targetCol.kind === 'boolean') return Float64Array.from(targetCol.values, (x) => (x !== x ? NaN : (rule ? testRule(rule, x) : x >= 0.5) ? 1 : 0))
  return new Float64Array(0)
}

/** One class on every training row ("y > 1000" never true), of the run's classes of each row
 *  (`raw`: classesOfRows): nothing to learn to tell apart, and a majority baseline that is always
 *  right; said, not trained into a one-class model. Null where the training rows hold two classes
 *  or more (or none: the run says that sooner). The run's refusal, and Setup's before Start.
 *  Where the other classes are on rows outside the training rows (rain only in the test period), no
 *  threshold helps: that is said, with the first such row's time (`time`: the rows' times, null
 *  without a time column) and where the training rows end, and the split named as the fix. */
export function oneClassRefusal(raw: Float64Array, train: RowRange, cfg: PipelineConfig, rule: Rule | null, targetCol: Column, file: string, time: Float64Array | null, zone: TimeZoneMark = null): PipelineError | null {
  let at = -1
  for (let i = train.start; i < train.end; i++) {
    const k = raw[i]!
    if (k !== k) continue
    if (at < 0) at = i
    else if (k !== raw[at]) return null
  }
  if (at < 0) return null
  // the class's name: the level of categories, else TWO_CLASSES' (as the run's classes)
  const levels = !rule && targetCol.kind === 'categorical' ? targetCol : null
  const only = levels ? levels.levels[levels.codes[at]!]! : TWO_CLASSES[raw[at]!]!
  const outside = otherClassRows(raw, train, at, levels)
  const ruleText = cfg.task.kind === 'classification' ? cfg.task.rule : ''
  const head = rule ? `the rule "${ruleText}" is ${only} on every training row of ${file}` : `"${cfg.target}" is ${JSON.stringify(only)} on every training row of ${file}`
  if (outside) {
    const others = rule ? `the ${outside.count} ${outside.count === 1 ? 'row' : 'rows'} where it is ${TWO_CLASSES[1 - raw[at]!]}` : `the ${outside.count} ${outside.count === 1 ? 'row' : 'rows'} of ${andList(outside.classes.map((c) => JSON.stringify(c)))}`
    const where = outside.after ? `${outside.count === 1 ? 'comes' : 'all come'} after them` : `${outside.count === 1 ? 'lies' : 'all lie'} outside them`
    const daily = time ? [time[outside.first]!, time[train.end - 1]!].every((t) => t % 86_400_000 === 0) : true
    // times that carried an offset, or a step index's integers, as the file wrote them (noticeTime)
    const timeAt = (t: number) => (zone !== null ? noticeTime(t, zone) : formatTime(t, !daily))
    const when = time
      ? `(the first on ${timeAt(time[outside.first]!)}; the training rows end on ${timeAt(time[train.end - 1]!)})`
      : `(the first is row ${outside.first + 1} of the rows split; the training rows end at row ${train.end})`
    const fix = rule ? ', so no threshold helps' : ''
    return new PipelineError('bad-config', `${head}, and ${others} ${where} ${when}${fix}: a classifier needs rows of ${rule ? 'both classes' : 'at least two classes'} among the training rows; move the split later, or add such rows before it`, 'split')
  }
  return new PipelineError('bad-config', rule
    ? `${head}: a classifier needs rows of both classes; ${targetCol.kind === 'categorical' ? ruleLevelsHint(rule, targetCol, train) : 'change the threshold'}`
    : `${head}: a classifier needs rows of at least two classes`, rule ? 'task.rule' : 'target')
}

/** The rows outside `train` of another class than row `at`'s (of `raw`, or of the levels of
 *  `levels`, whose levels the training rows never hold are NaN in raw): how many, the first, whether
 *  all come after the training rows, and the classes; null: none. */
function otherClassRows(raw: Float64Array, train: RowRange, at: number, levels: CategoricalColumn | null): { count: number; first: number; after: boolean; classes: string[] } | null {
  let count = 0
  let first = -1
  let after = true
  const classes = new Set<string>()
  for (let i = 0; i < raw.length; i++) {
    if (i === train.start) i = train.end
    if (i >= raw.length) break
    const other = levels ? levels.codes[i]! >= 0 && levels.codes[i] !== levels.codes[at] : raw[i] === raw[i] && raw[i] !== raw[at]
    if (!other) continue
    count++
    if (first < 0) first = i
    if (i < train.start) after = false
    classes.add(levels ? levels.levels[levels.codes[i]!]! : TWO_CLASSES[raw[i]!]!)
  }
  return count ? { count, first, after, classes: [...classes] } : null
}

export function preparePipeline(dataset: Dataset, config: PipelineConfig, opts: PrepareOptions = {}): Prepared {
  return finish(preparePipelinePausing(dataset, config, opts))
}

/** preparePipeline, pausing (pausable.ts) between its passes over the rows: after the series' rows
 *  are found, sorted and put on their grid, after the calendar, after the rows of the run, after the
 *  target, after each input column and after each split's windows. On a file of 200,000 rows the
 *  whole took seconds, and a run's cancel waited for it (prepareRunPausing). */
export function* preparePipelinePausing(dataset: Dataset, config: PipelineConfig, opts: PrepareOptions = {}): Pausable<Prepared> {
  const cfg = config
  const { dataset: series, report } = prepareSeries(dataset, cfg.time)
  yield
  let ds = cfg.calendar ? withCalendar(series, cfg.calendar) : series
  // how many of the holiday table's dates fall on a row (a week's row counts its 7 days'), said
  const holidays = cfg.calendar && ds.timeColumn ? holidayRowsNote(cfg.calendar, (ds.columns.find((c) => c.name === ds.timeColumn) as DateColumn).values, !!cfg.time.resample) : null
  if (holidays) ds = { ...ds, notices: [...ds.notices, { code: 'holiday-rows', ...holidays }] }
  if (cfg.calendar) yield
  // a classification target of 0s and 1s, without a rule, is a yes/no class: read so, and said
  if (cfg.task.kind === 'classification' && !cfg.task.rule) ds = zeroOneAsYesNo(ds, [cfg.target])
  const col = (name: string, field: string): Column => {
    const c = ds.columns.find((c) => c.name === name)
    if (!c) throw noColumn(ds, name, field, field === 'target')
    return c
  }
  let targetCol = col(cfg.target, 'target')
  // said as what the column is (it failed as "cannot be a model input", the target's own past)
  if (targetCol.kind === 'date' || targetCol.kind === 'text') {
    const numbers = ds.columns.filter((c) => c.kind === 'numeric').map((c) => `"${c.name}"`)
    const what = targetCol.kind === 'text' ? 'text (too many distinct values to be classes)' : ds.timeColumn === cfg.target ? 'the time column (dates)' : 'a column of dates'
    throw new PipelineError('bad-config', `"${cfg.target}" is ${what} of ${ds.file}, not values to forecast; the target is a column of numbers${numbers.length ? ` (here: ${numbers.slice(0, 5).join(', ')}${numbers.length > 5 ? ', …' : ''})` : ''}, or of classes with a classification task`, 'target')
  }
  const rule = cfg.task.kind === 'classification' && cfg.task.rule ? parseRule(cfg.task.rule) : null
  const offTarget = rule && ruleOffTarget(rule, cfg.target)
  if (offTarget) throw offTarget
  const calendar = cfg.calendar ? calendarColumns(cfg.calendar) : []
  const known = new Set([...calendar, ...(cfg.known ?? [])])
  // led by the horizon, unless the run was stored before the lead (cfg.knownLead false)
  const lead = cfg.knownLead === false ? {} : { lead: cfg.window.horizon }
  // every input the file lacks named at once (fw train checks them sooner, the app's runs meet them here)
  const lacked = cfg.features.filter((f) => !ds.columns.some((c) => c.name === f))
  if (lacked.length) throw noColumns(ds, lacked, 'features')
  const inputNames = [...(cfg.targetAsInput ? [cfg.target] : []), ...cfg.features.filter((f) => f !== cfg.target), ...calendar]
  inputNames.forEach((n, i) => {
    const c = col(n, `features[${i}]`)
    if (c.kind === 'date' || c.kind === 'text') throw new PipelineError('bad-config', `column "${n}" is ${c.kind} and cannot be a model input`, 'features')
  })
  const policy = (n: string): MissingPolicy => missingPolicyOf(cfg, n)

  // 1. drop rows with a missing value in a 'drop' column (before the split, so fractions count kept rows)
  ds = rowsOfRun(ds, cfg, [...new Set([cfg.target, ...inputNames])], known.size > 0, col)
  yield
  targetCol = col(cfg.target, 'target')
  const N = ds.rowCount
  // a value too large to compute with, refused before any fitting (tooLargeRefusal)
  for (const [n, field] of [...(cfg.task.kind === 'regression' ? [[cfg.target, 'target']] : []), ...inputNames.map((n) => [n, 'features'])] as [string, string][]) {
    const c = col(n, field)
    const huge = c.kind === 'numeric' ? tooLargeRefusal(ds, n, field, c.values) : null
    if (huge) throw huge
  }
  const timeCol = ds.timeColumn ? (ds.columns.find((c) => c.name === ds.timeColumn) as DateColumn) : null
  const time = timeCol ? timeCol.values : null

  // 2. split ranges (target rows) and the training rows every fit uses
  const splits = computeSplits(N, cfg, time, zoneMarkOf(timeCol))
  const train = splits.train
  const warnings: string[] = []
  const scalers: Record<string, Scaler> = {}
  const imputers: Record<string, number | string> = {}

  const filledNumeric = new Map<string, Float64Array>()
  const numericFilled = (c: Column & { values: Float64Array }): Float64Array => {
    let v = filledNumeric.get(c.name)
    if (v) return v
    v = Float64Array.from(c.values)
    let s = 0
    let n = 0
    for (let i = train.start; i < train.end; i++) if (v[i] === v[i]) (s += v[i]), n++
    if (n === 0) throw noTrainingValues(c.name, c.name === cfg.target ? 'target' : 'features')
    imputers[c.name] = s / n
    fillNumeric(v, policy(c.name), s / n, c.name === cfg.target ? opts.season : 1)
    filledNumeric.set(c.name, v)
    return v
  }
  /** `input`: an input column, whose levels a global run may give (opts.levels); the target's
   *  classes are this series' own training levels, or a global run's pooled ones (opts.classes). */
  const categoricalFilled = (c: CategoricalColumn, input = false): { codes: Int32Array; levels: string[] } => {
    const count = new Int32Array(c.levels.length) // (levels)
    for (let i = train.start; i < train.end; i++) if (c.codes[i] >= 0) count[c.codes[i]]++
    const trainLevels = c.levels.map((_, k) => k).filter((k) => count[k] > 0)
    if (trainLevels.length === 0) throw noTrainingValues(c.name, c.name === cfg.target ? 'target' : 'features')
    const mode = trainLevels.reduce((a, k) => (count[k] > count[a] ? k : a), trainLevels[0])
    imputers[c.name] = c.levels[mode]
    const codes = Int32Array.from(c.codes)
    fillCodes(codes, policy(c.name), mode)
    const given = input ? opts.levels?.[c.name] : undefined
    return { codes, levels: given ? [...given] : trainLevels.map((k) => c.levels[k]) }
  }

  // 3. the regression target: transform (log) and its scaler, shared by its input block
  const level = cfg.task.kind === 'regression' ? (cfg.level ?? 'global') : 'global'
  let transform: 'none' | 'log' = 'none'
  let targetValues: Float64Array | null = null // (N) transformed, imputed target
  const transformNotes: Notice[] = []
  if (cfg.task.kind === 'regression') {
    if (targetCol.kind !== 'numeric') {
      const hint = targetCol.kind === 'categorical' ? unitHint(targetCol, ds) : ''
      // a column of words or true/false is a class to predict, unless its words are numbers with a unit
      // said in the user's words (the column, what to do in each front end), not by a config path
      const kind = targetCol.kind === 'categorical' ? 'text (categories)' : targetCol.kind === 'boolean' ? 'true/false' : targetCol.kind === 'date' ? 'dates' : targetCol.kind
      const classes = hint === '' && (targetCol.kind === 'categorical' || targetCol.kind === 'boolean') ? words`; to predict its classes, ${fix('train with --task classification', 'choose Classification as the Task in Setup')}` : ''
      throw new PipelineError('bad-config', words`the target column "${cfg.target}" holds ${kind}, not numbers, and a regression forecasts numbers${hint}${classes}`)
    }
    // a target of 0s and 1s is most likely a yes/no class: a regression forecasts a number between
    // them (and MAPE leaves out every 0); said, not switched
    if (isZeroOne(targetCol)) transformNotes.push(zeroOneRegressionNote(cfg.target))
    const v = numericFilled(targetCol)
    // (N) what the scaler and the log decision read: v with the training outliers replaced (opts)
    const fitV = withReplaced(v, (opts.fitReplaced ?? []).filter((r) => r.row >= train.start && r.row < train.end && v[r.row] === r.value))
    if (cfg.transform === 'auto') {
      const auto = autoTransform(fitV, train)
      transform = auto.transform
      if (auto.notPositive !== undefined) {
        const row = auto.notPositive
        // the app's trainer reads columns, not the file: there the line alone, as the app's other notices
        transformNotes.push({ code: 'transform', column: cfg.target, ...words`the training rows of "${cfg.target}" span a factor of ${auto.ratio.toFixed(1)} (at least ${LOG_AUTO_RATIO}: a log would be taken), but it is ${v[row]} on line ${ds.lines[row]}${fix(` of ${ds.file}`, '')} (${splitOf(splits, row)}), which has no log: it is modelled as it is` })
      }
    } else transform = cfg.transform ?? 'none'
    if (transform === 'log') {
      const bad = v.findIndex((x) => !(x > 0))
      if (bad >= 0) throw new PipelineError('bad-config', `a log transform needs a positive target; "${cfg.target}" is ${v[bad]} on line ${ds.lines[bad]} of ${ds.file}`, 'transform')
    }
    const logOf = (x: Float64Array) => (transform === 'log' ? Float64Array.from(x, Math.log) : x)
    targetValues = logOf(v)
    const fitT = fitV === v ? targetValues : logOf(fitV)
    if (level === 'window') {
      let sum = 0
      for (let i = train.start; i < train.end; i++) sum += fitT[i]
      scalers[cfg.target] = { kind: 'zscore', mean: sum / (train.end - train.start), std: changeScale(fitT, train, cfg.target, warnings) }
    } else scalers[cfg.target] = fitScaler(cfg.scaling, fitT, train, cfg.target, warnings)
    yield
  }

  // 4. input blocks
  const blocks: InputBlock[] = []
  const names: string[] = []
  let D = 0
  for (const n of inputNames) {
    const c = col(n, 'features')
    if (c.kind === 'numeric' || c.kind === 'boolean') {
      blocks.push({ column: n, kind: c.kind, offset: D, size: 1, ...(n === cfg.target && level === 'window' ? { relative: true as const } : {}), ...(known.has(n) ? { known: true as const, ...lead } : {}) })
      names.push(n)
      D += 1
    } else if (c.kind === 'categorical') {
      const { levels } = categoricalFilled(c, true)
      const fixed = !known.has(n) && opts.static?.includes(n) ? { static: true as const } : {}
      blocks.push({ column: n, kind: 'one-hot', offset: D, size: levels.length, levels, ...(known.has(n) ? { known: true as const, ...lead } : {}), ...fixed })
      for (const l of levels) names.push(`${n}=${l}`)
      D += levels.length
      yield
    }
  }
  const inputs = new Float32Array(N * D) // (N, D)
  const unseenLevels: Notice[] = [] // a category level first seen after the training rows
  for (const b of blocks) {
    const c = col(b.column, 'features')
    if (b.kind === 'one-hot') {
      const cc = c as CategoricalColumn
      const { codes } = categoricalFilled(cc, true)
      const pos = new Map((b.levels as string[]).map((l, k) => [l, k]))
      const k = Int32Array.from(codes, (code) => pos.get(cc.levels[code]) ?? -1) // a level never seen in training: all zeros
      writeOneHot(inputs, D, b.offset, b.size, k)
      // said as fw predict says it (a global run says its pooled levels' own notice instead)
      const unseen = unseenLevelsNotice(cc, b.levels as string[])
      if (unseen) unseenLevels.push(unseen)
      yield
      continue
    }
    const isTarget = b.column === cfg.target && targetValues !== null
    const v = isTarget ? (targetValues as Float64Array) : numericFilled(c as Column & { values: Float64Array })
    const s = isTarget ? scalers[b.column] : b.kind === 'boolean' ? ({ kind: 'none' } as Scaler) : fitScaler(cfg.scaling, v, train, b.column, warnings)
    scalers[b.column] = s
    const over = b.kind === 'numeric' ? tooLargeRefusal(ds, b.column, isTarget ? 'target' : 'features', (c as Column & { values: Float64Array }).values, (i) => applyScaler(s, v[i]!)) : null
    if (over) throw over
    writeScaled(inputs, D, b.offset, s, v)
    yield
  }
  // known inputs led by the horizon: the window ending at t reads them up to t + h, the row it
  // forecasts. The last h rows' lead rows are the future rows cut above: NaN there, and no window
  // that is trained or scored reads them (its targets would lie past the data).
  leadKnown(blocks, D, [inputs])

  // 5. target
  let target: Float32Array | Int32Array
  const targetRaw = new Float64Array(N) // (N)
  let fittedTarget: FittedTarget
  if (targetValues !== null) {
    const s = scalers[cfg.target]
    target = Float32Array.from(targetValues, (x) => applyScaler(s, x))
    const tv = targetValues
    const over = tooLargeRefusal(ds, cfg.target, 'target', (targetCol as Column & { values: Float64Array }).values, (i) => applyScaler(s, tv[i]!))
    if (over) throw over
    // as observed: a missing value stays NaN (the filled one is an input only; section 6)
    targetRaw.set((targetCol as Column & { values: Float64Array }).values)
    fittedTarget = { column: cfg.target, kind: 'regression', scaler: s, ...(level === 'window' ? { relative: true as const } : {}), ...(transform === 'log' ? { transform: 'log' as const } : {}) }
  } else {
    let cls: Int32Array
    let classes: string[]
    if (rule) {
      if (targetCol.kind === 'categorical') {
        const { codes } = categoricalFilled(targetCol)
        cls = Int32Array.from(codes, (k) => (testRule(rule, targetCol.levels[k]) ? 1 : 0))
      } else if (targetCol.kind === 'numeric' || targetCol.kind === 'boolean') {
        const v = numericFilled(targetCol)
        cls = Int32Array.from(v, (x) => (testRule(rule, x) ? 1 : 0))
      } else throw new PipelineError('bad-config', `a rule needs a numeric or categorical target; "${cfg.target}" is ${targetCol.kind}`, 'task.rule')
      classes = [...TWO_CLASSES]
    } else if (targetCol.kind === 'categorical') {
      const { codes, levels } = categoricalFilled(targetCol)
      const shared = opts.classes ? [...opts.classes] : levels
      const pos = new Map(shared.map((l, k) => [l, k]))
      cls = Int32Array.from(codes, (k) => pos.get(targetCol.levels[k]) ?? -1) // class not seen in training: -1
      classes = shared
    } else if (targetCol.kind === 'boolean') {
      const v = numericFilled(targetCol)
      cls = Int32Array.from(v, (x) => (x >= 0.5 ? 1 : 0))
      classes = [...TWO_CLASSES]
    } else throw new PipelineError('bad-config', `classification needs a categorical or boolean target, or a rule such as "${cfg.target} > 0"`, 'task.rule')
    target = cls
    targetRaw.set(classesOfRows(targetCol, rule, splits.train, rule ? undefined : opts.classes))
    const one = opts.pooledClasses || opts.classes ? null : oneClassRefusal(targetRaw, splits.train, cfg, rule, targetCol, ds.file, time, zoneMarkOf(timeCol))
    if (one) throw one
    fittedTarget = { column: cfg.target, kind: 'classification', classes, rule }
  }

  yield
  // 6. windows: a window is valid only if all its targets are known. A missing target value is
  // filled where the target is an input (its missing policy), but no window is trained on it or
  // scored against it: a filled value is not an observation.
  const valid = (row: number) => targetRaw[row] === targetRaw[row]
  const unseen = missingTargetNote(targetRaw, splits, cfg.target, policy(cfg.target), opts.season ?? 1)
  const trainWindows = windowIndex(N, splits.train, cfg.window, valid)
  yield
  const windows = { train: trainWindows, val: splitWindows(N, splits.val, cfg.window, 'val', valid), test: splitWindows(N, splits.test, cfg.window, 'test', valid) }
  yield
  for (const name of ['train', 'val', 'test'] as const)
    if (windows[name].starts.length === 0) {
      const blank = missingIn(targetCol, splits[name])
      throw shortSeries(name, N, cfg, splits, blank, nanIn(targetRaw, splits[name]) - blank)
    }
  // the inputs' gaps the run's rule filled, counted per column (the target's own note is above)
  const gapColumns = inputNames.filter((n) => n !== cfg.target && !calendar.includes(n)).map((n) => col(n, 'features'))
  const gaps = knownAhead(countGaps(gapColumns, ds.lines, policy), gapColumns, known)
  const filled = gaps.some((g) => g.cells > 0) ? [{ code: 'filled-inputs', message: filledNote(gaps) }] : []
  const notices = [...ds.notices, ...transformNotes, ...warnings.map((w) => ({ code: 'scaler', message: w })), ...unseenLevels, ...(unseen ? [{ code: 'missing-target', message: unseen }] : []), ...filled]
  // a step index's step is in its integers (index: true), which a model file applied to new rows reads its
  // time column as; index: false records dates (absent, in files from before it, records neither)
  const step = report.medianStepMs === null ? {} : { step: { ms: report.medianStepMs, ...(report.weekdays ? { weekdays: true as const } : {}), index: isStepIndex(timeCol) } }
  const start = time && N > 0 && Number.isFinite(time[0]) ? { start: new Date(time[0]!).toISOString() } : {}
  const closed = report.weekdays && time ? { closed: (closedDays(time) ?? []).map(dayToIso) } : {}
  const gapFill = cfg.task.kind === 'regression' && policy(cfg.target) === 'interpolate' ? gapFillOf(splits, time, opts.season ?? 1) : null
  const fitted: FittedPipeline = { inputs: blocks, inputNames: names, D, scalers, imputers, target: fittedTarget, splits, warnings, ...step, ...start, ...closed, ...(gapFill ? { gapFill } : {}) }
  const relative = level === 'window' ? { offsets: relativeOffsets(fitted), target: true } : undefined
  const resolved: PipelineConfig = cfg.task.kind === 'regression' && (cfg.transform !== undefined || transform === 'log') ? { ...cfg, transform } : cfg
  return { config: resolved, fitted, N, D, inputs, target, targetRaw, time, ...(timeCol?.clock ? { clock: timeCol.clock } : {}), zone: zoneMarkOf(timeCol), lines: ds.lines, splits, windows, report, notices, ...(relative ? { relative } : {}) }
}

/** The values of categorical column `c` that are none of the model's `known` levels (a value the
 *  model never saw in training, which enters as a one-hot of zeros), said once with how many rows
 *  hold them, as training says it (preparePipeline: a level first seen after the training rows, kept
 *  with the run), and the JSON model file's path (applyFitted) and the .onnx path
 *  (core/services/onnx-predict.ts) say it; null where every value is known. */
export function unseenLevelsNotice(c: CategoricalColumn, known: readonly string[]): Notice | null {
  const knownSet = new Set(known)
  const unseen = new Map<string, number>()
  for (const code of c.codes) if (code >= 0 && !knownSet.has(c.levels[code]!)) unseen.set(c.levels[code]!, (unseen.get(c.levels[code]!) ?? 0) + 1)
  if (!unseen.size) return null
  const rows = [...unseen.values()].reduce((a, n) => a + n, 0)
  const names = [...unseen.keys()].slice(0, 5).map((v) => `"${v}"`).join(', ') + (unseen.size > 5 ? ', …' : '')
  return { code: 'unseen-levels', column: c.name, message: `"${c.name}" has ${unseen.size === 1 ? 'a value' : `${unseen.size} values`} the model never saw in training (${names}; ${rows} ${rows === 1 ? 'row' : 'rows'}): ${unseen.size === 1 ? 'it enters' : 'they enter'} as none of its known values` }
}

/** What a run says of target values missing in its rows (none: null): how many in each split, and
 *  that no window learns or is scored on them. */
function missingTargetNote(targetRaw: Float64Array, splits: Record<SplitName, RowRange>, target: string, policy: MissingPolicy, season: number): string | null {
  const count = (r: RowRange) => nanIn(targetRaw, r)
  const [tr, va, te] = [count(splits.train), count(splits.val), count(splits.test)]
  if (tr + va + te === 0) return null
  // what was done, in words (not "filled (interpolate)" where the season filled them: exploratory pass 22, finding 12)
  const how = `with ${policy === 'interpolate' && season > 1 ? `${seasonalFillWords(season)} (the value before where fewer rows come before)` : FILL_WORDS.values[policy]}`
  return `target "${target}" is missing on ${tr + va + te} row${tr + va + te === 1 ? '' : 's'} (${tr} training, ${va} validation, ${te} test): filled ${how} where the target is an input, but no window is trained on or scored against a missing value`
}

/**
 * A fraction split too coarse for a short series (a split with no window: 100 monthly rows with a
 * direct horizon of 18 leave 15 validation rows) becomes validation and test blocks that each hold
 * one window plus a few rows (5 % of the series, at least 2), when the training rows keep 40 % of
 * the series; otherwise null and the original error stands. Said in a notice.
 */
export function shortSeriesSplit(cfg: PipelineConfig, N: number): { config: PipelineConfig; message: string } | null {
  if (cfg.split.by !== 'fraction') return null
  const w = cfg.window
  const needOther = w.targets === 'all' ? w.horizon : 1 // a validation or test window's last target in the split (splitWindow)
  const rows = needOther + Math.max(2, Math.round(0.05 * N)) + cfg.split.gap
  const f = (rows + 0.5) / N // + 0.5: floor(N * f) is still `rows`
  if (1 - 2 * f < 0.4) return null
  const config: PipelineConfig = { ...cfg, split: { ...cfg.split, train: 1 - 2 * f, val: f } }
  const was = Math.round(100 * cfg.split.val)
  // the rows they get (floor(N * (1 - 2f)) rounds the training rows down: a row more than `rows` each, at times)
  const s = computeSplits(N, config, null)
  const nv = s.val.end - s.val.start
  const nt = s.test.end - s.test.start
  const take = nv === nt ? `take ${nv} rows each` : `take ${nv} and ${nt} rows`
  return { config, message: `short series (${N} rows): validation and test ${take} instead of ${was} %, so that each holds a window with look-back ${w.lookback} and horizon ${w.horizon}` }
}

/**
 * preparePipeline, and for a series too short for its fraction split, once more with
 * shortSeriesSplit's finer one (said in a notice), as a run prepares its series (a single-series
 * run, and each series of a global run split on its own rows). When the finer split cannot be made,
 * or is still too short, the first error stands: it names what the split as set needs.
 */
export function prepareShrinking(ds: Dataset, cfg: PipelineConfig, opts: PrepareOptions = {}): Prepared {
  return finish(prepareShrinkingPausing(ds, cfg, opts))
}

/** prepareShrinking, pausing where preparePipelinePausing does. */
export function* prepareShrinkingPausing(ds: Dataset, cfg: PipelineConfig, opts: PrepareOptions = {}): Pausable<Prepared> {
  try {
    return yield* preparePipelinePausing(ds, cfg, opts)
  } catch (e) {
    if (!(e instanceof PipelineError) || e.code !== 'short-series') throw e
    // the rows of the series the pipeline reads: one series of a long file (time.series), merged
    // duplicates and resampling applied, not the whole file's row count
    const alt = shortSeriesSplit(cfg, prepareSeries(ds, cfg.time).dataset.rowCount)
    if (!alt) throw e
    let prep: Prepared
    try {
      prep = yield* preparePipelinePausing(ds, alt.config, opts)
    } catch (e2) {
      throw e2 instanceof PipelineError && e2.code === 'short-series' ? e : e2
    }
    prep.notices.push({ code: 'short-series', message: alt.message })
    return prep
  }
}

/** The index of the last row with a target value (-1 when none). */
export function lastTargetRow(c: Column): number {
  const has = (i: number) => (c.kind === 'categorical' ? c.codes[i] >= 0 : c.kind !== 'text' && c.values[i] === c.values[i])
  const n = c.kind === 'categorical' ? c.codes.length : c.kind === 'text' ? 0 : c.values.length
  for (let i = n - 1; i >= 0; i--) if (has(i)) return i
  return -1
}

/** The rows a run splits, from its series' rows (prepareSeries): 1. the rows past the last target
 *  value cut (withoutFutureRows), whatever the inputs: no window is scored on them, and as test rows
 *  they would only shrink the test period; with inputs known in the future (`known`) they are those
 *  inputs' future rows (forecast.ts reads them), never reaching a fit; 2. those with a missing value
 *  in a 'drop' column of `used` left out (before the split, so fractions count kept rows). */
function rowsOfRun(ds: Dataset, cfg: PipelineConfig, used: string[], known: boolean, col: (name: string, field: string) => Column): Dataset {
  const cut = withoutFutureRows(ds, col(cfg.target, 'target'), cfg, known)
  const find = (n: string) => cut.columns.find((c) => c.name === n) ?? col(n, 'missing')
  return dropMissingRows(cut, used.filter((n) => missingPolicyOf(cfg, n) === 'drop').map(find))
}

/** The rows a run would split (rowsOfRun of its series' rows): their count, times, and the count of
 *  rows with no target value before each row (`missing`, N + 1: a period the grid put back, a blank
 *  cell; null when every row holds one); null when the rows raise an error before the split (a time
 *  column that is not dates), which the run says.
 *  The costly half of windowShortfall (a pass or two over the rows): it reads no split or window.
 *  `seriesRows`: the rows of the one series of a long file that cfg.time.series picks, when the
 *  caller has them (Setup: the Data view's pick), not found again in every row of the file. */
export function rowsToSplit(dataset: Dataset, cfg: PipelineConfig, seriesRows?: Int32Array): SplitRows | null {
  try {
    return splitRowsOf(dataset, cfg, seriesRows)
  } catch (e) {
    if (e instanceof PipelineError) return null
    throw e
  }
}

/** What rowsToSplit gives: the rows' count, times and count of rows with no target value before
 *  each; for a classification run its target column, whose classes a split's training rows choose
 *  (classesOfRows: a level they never hold is a missing target, as the run reads it); the rows after
 *  the last target value, left out of the split, and the run's note of them (`future`). */
export interface SplitRows { N: number; time: Float64Array | null; missing: Int32Array | null; classTarget?: Column; future?: { rows: number; note: Words }; zone?: TimeZoneMark }

/** rowsToSplit, throwing the error the run would meet on the rows (a global run's series: Setup's
 *  lanes say it, naming the series, as the run refuses). */
export function splitRowsOf(dataset: Dataset, cfg: PipelineConfig, seriesRows?: Int32Array): SplitRows {
  const picked = seriesRows && cfg.time.series?.values
  let ds = picked ? prepareSeries(selectRows(dataset, seriesRows), { ...cfg.time, series: { columns: [], values: [] } }).dataset : prepareSeries(dataset, cfg.time).dataset
  // as preparePipeline reads a classification target of 0s and 1s without a rule: a yes/no class
  if (cfg.task.kind === 'classification' && !cfg.task.rule) ds = zeroOneAsYesNo(ds, [cfg.target])
  const col = (name: string, field: string): Column => {
    const c = ds.columns.find((x) => x.name === name)
    if (!c) throw noColumn(ds, name, field, field === 'target')
    return c
  }
  // the rows after the last target value, which rowsOfRun cuts and says (Setup shows its words)
  const ahead = ds.rowCount - 1 - lastTargetRow(col(cfg.target, 'target'))
  ds = rowsOfRun(ds, cfg, [...new Set([cfg.target, ...cfg.features])], !!cfg.calendar || !!cfg.known?.length, col)
  const cut = ds.notices.find((n) => n.code === 'future-rows')
  const future = cut ? { future: { rows: ahead, note: noticeWords(cut) } } : {}
  const target = col(cfg.target, 'target')
  const missing = target.kind === 'text' ? null : missingBefore(ds.rowCount, target.kind === 'categorical' ? (r) => target.codes[r]! < 0 : (r) => target.values[r] !== target.values[r])
  // the classes only of a target the run reads them from (a column of categories or true/false, or
  // numbers under a rule): of any other the run refuses in its own words, which are not these
  const classed = cfg.task.kind === 'classification' && (target.kind === 'categorical' || target.kind === 'boolean' || (target.kind === 'numeric' && !!cfg.task.rule))
  const tc = ds.timeColumn ? ds.columns.find((c) => c.name === ds.timeColumn) : undefined
  return { N: ds.rowCount, time: tc ? (tc as { values: Float64Array }).values : null, missing, ...(classed ? { classTarget: target } : {}), ...future, zone: zoneMarkOf(tc) }
}

/**
 * The refusal a run would meet for want of windows, from its rows alone, before anything is
 * fitted: the rows it splits (rowsToSplit), the fraction split shrunk for a short series as
 * prepareShrinking shrinks it, and the first refusal left, in the pipeline's own words: training
 * rows that hold some row but no target value ("column "sales" has no values in the training
 * rows"), else a classification's training rows of one class only (oneClassRefusal; a level they
 * never hold is a missing target), else the first split with no window whose targets are all known ("need at least 22 rows,
 * have 6: ..."; a missing target value, blank or a period the grid put back, is never a window's
 * target); null when every split holds such a window, or when the rows or a split by date without
 * a time column raise an error of their own, which the run says. Setup says it beside Start.
 * `rows`: rowsToSplit's, worked out once for several windows.
 */
export function windowShortfall(dataset: Dataset, cfg: PipelineConfig, rows = rowsToSplit(dataset, cfg)): PipelineError | null {
  if (!rows) return null
  const { N, time, classTarget, zone } = rows
  const refusal = (c: PipelineConfig): PipelineError | null => {
    const s = computeSplits(N, c, time, zone)
    const t = s.train
    let missing = rows.missing
    if (missing && t.end > t.start && missing[t.end]! - missing[t.start]! === t.end - t.start) return noTrainingValues(c.target, 'target')
    if (classTarget) {
      // the classes as the run reads them from these training rows: one class only is refused, and
      // a level they never hold is a missing target
      const rule = c.task.kind === 'classification' && c.task.rule ? parseRule(c.task.rule) : null
      const raw = classesOfRows(classTarget, rule, t)
      const one = oneClassRefusal(raw, t, c, rule, classTarget, dataset.file, time, zone)
      if (one) return one
      missing = missingBefore(N, (r) => raw[r] !== raw[r])
    }
    const known = (n: SplitName) => (missing ? hasKnownWindow(N, s[n], splitWindow(c.window, n), missing) : windowCountIn(N, s[n], splitWindow(c.window, n)) > 0)
    const name = (['train', 'val', 'test'] as const).find((n) => !known(n))
    const count = (m: Int32Array | null, r: RowRange) => (m ? m[r.end]! - m[r.start]! : 0)
    if (!name) return null
    const blank = count(rows.missing, s[name])
    return shortSeries(name, N, c, s, blank, count(missing, s[name]) - blank)
  }
  const tried = (c: PipelineConfig): PipelineError | null => {
    try {
      return refusal(c)
    } catch (x) {
      if (x instanceof PipelineError) return null
      throw x
    }
  }
  // as prepareShrinking: only a short series is tried again on the finer split, whose refusal other
  // than a short series stands
  const e = tried(cfg)
  if (e === null || e.code !== 'short-series') return e
  const alt = shortSeriesSplit(cfg, N)
  const e2 = alt ? tried(alt.config) : e
  return e2 === null ? null : e2.code === 'short-series' ? e : e2
}

/** `ds` without the rows after its last target value (with futureRowsNote's notice), or `ds` when
 *  there are none (or no target value at all: the run refuses that in its own words). */
function withoutFutureRows(ds: Dataset, target: Column, cfg: PipelineConfig, known: boolean): Dataset {
  const last = lastTargetRow(target)
  if (last === ds.rowCount - 1 || last < 0) return ds
  const out = selectRows(ds, Int32Array.from({ length: last + 1 }, (_, i) => i))
  out.notices.push({ code: 'future-rows', column: target.name, ...futureRowsNote(ds, cfg, last, known) })
  return out
}

/** What a run says of the rows after the last target value (row `last` of `ds`): left out of the
 *  split; with inputs known in the future, that they hold those inputs' future; without, the run's
 *  inputs with a value on every one of those rows (rows ahead, as a forecast reads them), named as
 *  the ones to mark known in the future. */
function futureRowsNote(ds: Dataset, cfg: PipelineConfig, last: number, known: boolean): Required<Words> {
  const n = ds.rowCount - 1 - last
  const head = `the last ${n === 1 ? `row (line ${ds.lines[last + 1]}) has` : `${n} rows (from line ${ds.lines[last + 1]}) have`} no "${cfg.target}": left out of the split`
  if (known) return words`${head}; ${n === 1 ? 'it holds' : 'they hold'} the future values of the inputs known in the future, which forecasts past the end read`
  const filled = cfg.features.filter((f) => {
    const c = f === cfg.target ? undefined : ds.columns.find((x) => x.name === f)
    if (!c || c.kind === 'text' || c.kind === 'date') return false
    for (let i = last + 1; i < ds.rowCount; i++) if (c.kind === 'categorical' ? c.codes[i]! < 0 : c.values[i] !== c.values[i]) return false
    return true
  })
  if (!filled.length) return words`${head}, as ${n === 1 ? 'it' : 'they'} cannot be scored`
  const them = filled.join(', ')
  return words`${head}; ${n === 1 ? 'it looks like a row' : 'they look like rows'} ahead (${them} filled in): ${fix(`give --known-future ${filled.join(',')}`, `mark ${them} known in the future in Setup`)} to forecast with ${n === 1 ? 'it' : 'them'}`
}

/** LOG_AUTO_RATIO's rule, fitted on the training rows: every one positive, and their max/min at
 *  least the ratio. A later row that is not positive cannot be logged: then 'none', with that row
 *  (`notPositive`) for the run to say so, rather than a log turned off in silence. */
function autoTransform(v: Float64Array, train: RowRange): { transform: 'none' | 'log'; ratio: number; notPositive?: number } {
  let lo = Infinity
  let hi = -Infinity
  for (let i = train.start; i < train.end; i++) {
    if (!(v[i] > 0)) return { transform: 'none', ratio: NaN }
    ;(lo = Math.min(lo, v[i])), (hi = Math.max(hi, v[i]))
  }
  const ratio = hi / lo
  if (!(ratio >= LOG_AUTO_RATIO)) return { transform: 'none', ratio }
  const bad = v.findIndex((x) => !(x > 0))
  return bad >= 0 ? { transform: 'none', ratio, notPositive: bad } : { transform: 'log', ratio }
}

/** Which split a row falls in, in words ("the test rows"); rows of a gap between splits are said so. */
function splitOf(splits: Record<SplitName, RowRange>, row: number): string {
  for (const name of ['train', 'val', 'test'] as const) if (row >= splits[name].start && row < splits[name].end) return `the ${SPLIT_WORD[name]} rows`
  return 'a gap between the splits'
}

const SPLIT_WORD: Record<SplitName, string> = { train: 'training', val: 'validation', test: 'test' }

/** How many rows of `r` hold no value of `c` (a blank, or a period the grid put back). */
function missingIn(c: Column, r: RowRange): number {
  let n = 0
  for (let i = r.start; i < r.end; i++) if (c.kind === 'categorical' ? c.codes[i]! < 0 : c.kind !== 'text' && c.values[i] !== c.values[i]) n++
  return n
}

/** How many of the rows of `r` are NaN in `v`. */
function nanIn(v: Float64Array, r: RowRange): number {
  let n = 0
  for (let i = r.start; i < r.end; i++) if (v[i] !== v[i]) n++
  return n
}

/** A split with no window, said: where its rows hold windows but none with every target known
 *  (`missing`: its rows with no target value; `unseen`: a classification's rows of a class the
 *  training rows never hold), those rows; else the smallest row count that gives every split a
 *  window (fraction splits). */
function shortSeries(split: SplitName, N: number, cfg: PipelineConfig, splits: Record<SplitName, RowRange>, missing = 0, unseen = 0): PipelineError {
  const { lookback: L, horizon: h } = cfg.window
  const r0 = splits[split]
  if (missing + unseen > 0 && windowCountIn(N, r0, splitWindow(cfg.window, split)) > 0) {
    const what = [missing ? `missing on ${missing}` : '', unseen ? `a class the training rows never hold on ${unseen}` : ''].filter(Boolean).join(' and ')
    return new PipelineError('short-series', `the ${SPLIT_WORD[split]} split (rows ${r0.start + 1}-${r0.end}) has no window with look-back ${L} and horizon ${h} whose targets are all known: "${cfg.target}" is ${what} of its ${r0.end - r0.start} rows, and no window is trained on or scored against ${unseen ? 'such a value' : 'a missing value'}`, 'window')
  }
  const needTrain = L + h
  const needOther = cfg.window.targets === 'all' ? h : 1 // a validation or test window's last target in the split (splitWindow)
  let need = N + 1
  if (cfg.split.by === 'fraction') {
    for (let n = Math.max(N, 1); n < 1e8; n += n < 1e5 ? 1 : Math.ceil(n * 0.01)) {
      const s = computeSplits(n, cfg, null)
      if (s.train.end - s.train.start >= needTrain && s.val.end - s.val.start >= needOther && s.test.end - s.test.start >= needOther) {
        need = n
        break
      }
    }
  }
  const r = splits[split]
  // an empty split has no rows to name ("rows 145-144" read as a typo)
  const where = r.end > r.start ? `(rows ${r.start + 1}-${r.end}) has no window` : 'has no rows, so no window'
  return new PipelineError('short-series',
    `need at least ${need} rows, have ${N}: the ${SPLIT_WORD[split]} split ${where} with look-back ${L} and horizon ${h}` +
    ` (train needs ${needTrain} rows, validation and test ${needOther} each)`, 'window')
}

/** Why a categorical target that looks numeric is not: its values carry a unit sign (units.ts) and
 *  the column was set to categorical, or written in a form the import does not read as a number. */
function unitHint(c: CategoricalColumn, ds: Pick<Dataset, 'lines' | 'file'>): string {
  const ex = unitNumberExample(c.levels)
  if (!ex) return ''
  const row = c.codes.indexOf(c.levels.indexOf(ex.value))
  return `: its values are numbers written with a ${ex.sign} sign ("${ex.value}" on line ${ds.lines[row]} of ${ds.file}), read as text; import the file with the column's type numeric or left to the import, which reads such numbers without their sign`
}
