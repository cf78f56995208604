// What an exported .onnx file promises beyond the graph: the metadata keys, the scaling and the
// initializer names. onnx.ts writes them and onnx-import.ts reads them back.
import type { CellKind } from '../../engine/types'

export const ONNX_FORMAT = 'forecast-workbench-onnx'
/** Bumped when the graph or metadata change in a way an older reader would misread. The newest
 *  version this app reads and writes; a file is written with the lowest version that describes it:
 *  1 without level steps (as before), 2 with them (OnnxLevel), 3 for a global model's graph, 4 for
 *  either kind when it leads inputs (metadata lead_inputs). */
export const ONNX_FORMAT_VERSION = 4
/** The first format with the level steps (log inputs, level-relative windows, exp of the output). */
export const ONNX_LEVEL_FORMAT_VERSION = 2
/** A global model's one graph for many series (onnx-global.ts): each series' scaling enters through
 *  the SERIES_INPUT graph inputs, and the metadata's series_table holds every series' values. */
export const ONNX_GLOBAL_FORMAT_VERSION = 3
/** A file whose window holds some inputs led (metadata lead_inputs: row r holds the value of row
 *  r + lead), single-series or global (then it has a series_table), with level steps or without
 *  (then it has no target_transform). An app that knows format 3 at most refuses it; it would read
 *  the led columns as the row's own values. */
export const ONNX_LEAD_FORMAT_VERSION = 4
export const OPSET = 17
export const IR_VERSION = 8 // the IR version that goes with opset 17

export const INPUT_NAME = 'window'
export const OUTPUT_NAME = 'forecast'

/** Format 3's per-series graph inputs, float32, one row per window of the batch, so one batch may
 *  mix series. series_target_log is present only when some series models log(y). */
export const SERIES_INPUT = {
  inputMean: 'series_input_mean', // (batch, D)
  inputStd: 'series_input_std', // (batch, D)
  targetMean: 'series_target_mean', // (batch, 1)
  targetStd: 'series_target_std', // (batch, 1)
  targetLog: 'series_target_log' // (batch, 1): 1 where the window's series models log(y), else 0
} as const

/** Per-column affine scaling in plain numbers: scaled = (x - mean) / std. A min-max scaler maps on
 *  with mean = min and std = max - min. `targetMean`/`targetStd` hold 1 value (shared by every
 *  output) or one per output. */
export interface OnnxScaling {
  inputMean: number[] // (D)
  inputStd: number[] // (D)
  targetMean: number[] // (1) or (O)
  targetStd: number[] // (1) or (O)
}

export type OnnxTask = 'regression' | 'classification'

/**
 * The data pipeline's level-relative modelling and log transform (core/data LevelMode 'window',
 * TargetTransform 'log') as graph steps. Indices are feature indices (into D):
 *   x' = log(x) on `logInputs`, then the scaling; `relativeInputs` minus their scaled value at
 *   the window's last step; after the network, + the scaled last-step value of `targetInput`
 *   (the anchor), the inverse target scaling, then exp when `targetLog`.
 */
export interface OnnxLevel {
  logInputs: number[]
  relativeInputs: number[]
  targetInput: number | null // null: no anchor is added (the target is not relative)
  targetLog: boolean
}

export interface OnnxExportOptions {
  scaling: OnnxScaling | null
  featureNames: string[] // (D), in the window's column order
  target: string
  lookBack: number
  horizon: number
  appVersion: string
  task: OnnxTask
  /** Absent or null: no level steps (a format-1 file, as before). Needs `scaling`; regression only. */
  level?: OnnxLevel | null
  /** The run's forecast when it is not this network alone (core/train/choice.ts): written as
   *  metadata so whoever loads the file knows the graph is only the network part. */
  runForecast?: { label: string; networkWeight: number; message: string } | null
  /** Inputs known in the future that the window holds led (core/data InputBlock.lead): feature
   *  name -> lead; the window's row r holds that feature's value at row r + lead. Absent or empty:
   *  every row holds its own values, as in files from before leads. */
  leads?: Record<string, number> | null
  /** The calendar inputs' definition (core/data CalendarConfig: features, holiday table), so that
   *  whoever applies the graph can derive the `cal:*` columns from the time column. */
  calendar?: { features: string[]; holidays?: string[] } | null
  /** The grid the run put its rows on (core/data TimeConfig.resample: a step, and how rows within one
   *  are aggregated), so that whoever applies the graph puts a file's rows on the same grid first.
   *  Absent or null: the rows as they are, as in files from before. `auto`: data.resample "auto"
   *  chose it (it fills absent periods of the rows' own step, and rows of another step are refused by
   *  `step`, not averaged onto it); absent for a grid by name and in files from before. */
  resample?: { freq: { unit: string; every: number }; agg: string; auto?: true } | null
  /** The usual step of the rows the run was fitted on (core/data FittedPipeline.step: ms, and
   *  `weekdays` for business days), so that whoever applies the graph refuses rows of another step as
   *  the JSON model file refuses them (series.ts otherStepWords). Absent or null: not checked, as in
   *  files from before. */
  step?: { ms: number; weekdays?: true; index?: boolean } | null
  /** The run's time column (core/data PipelineConfig.time.column), so that whoever applies the graph
   *  orders the rows by it and refuses a file without it, as the JSON model file does. Absent or
   *  null: the file's detected time column, if any, as in files from before. */
  timeColumn?: string | null
  /** How the run treats rows that repeat a time (core/data TimeConfig.duplicates: keep, error, or
   *  merge by mean, sum, first, last), so that whoever applies the graph merges them as the JSON model
   *  file does. Absent or null: files from before, whose reader keeps them (and says so). */
  duplicates?: string | null
  /** How the run's model file fills missing values on new rows (core/data PipelineConfig.missing: a
   *  policy per column, the default for the rest; FittedPipeline.imputers: the training mean or mode
   *  per column), so that whoever applies the graph fills a file's gaps (an absent period of the grid
   *  included) as the JSON model file does. Absent or null: files from before, whose reader forward
   *  fills. */
  missing?: { default: string; columns: Record<string, string>; imputers: Record<string, number | string>; gapFill?: { season: number; cuts: [string, string, string] } } | null
  /** Classification: the class names in output order (core/data FittedTarget.classes) and the rule
   *  that made them from the target column, so that whoever applies the graph can name its outputs
   *  and read the actual class of a row. Absent in files from before. */
  classes?: { names: string[]; rule: { column: string | null; op: string; value: number | string } | null } | null
  /** A regression's domain (core/train/domain.ts, the model file's pipeline.domain): 'non-negative'
   *  when every training value of the target is >= 0, so that whoever forecasts with the graph clips
   *  at 0 as the model file does. Absent or null: no clipping, as in files from before. */
  domain?: 'non-negative' | null
}

/** custom_metadata_map keys, plain so Python's `get_modelmeta().custom_metadata_map` reads well. */
export const META = {
  format: 'format',
  formatVersion: 'format_version',
  appVersion: 'app_version',
  featureNames: 'feature_names', // JSON array
  target: 'target',
  lookBack: 'look_back',
  horizon: 'horizon',
  task: 'task',
  outputMode: 'output_mode',
  spec: 'model_spec', // JSON ModelSpec of core/engine
  // format 2 (OnnxLevel), written only with level steps:
  logInputs: 'log_inputs', // JSON array of feature names that enter as log(x)
  relativeInputs: 'relative_inputs', // JSON array of feature names taken relative to the last step
  targetInput: 'target_input', // the feature whose scaled last-step value is added to the output; '' = none
  targetTransform: 'target_transform', // 'log' (exp of the output) or 'none'
  // any format, only when some inputs are led (known in the future, read h rows ahead):
  leadInputs: 'lead_inputs', // JSON { <feature name>: lead }: the window's row r holds the value at row r + lead
  // any format, only with calendar inputs (cal:dow.sin, …, cal:holiday):
  calendar: 'calendar', // JSON { features: ['dow', …], holidays?: ['YYYY-MM-DD', …] }
  // any format, only when the run put its rows on a calendar grid (a few periods were absent):
  resample: 'resample', // JSON { freq: { unit: 'month', every: 1 }, agg: 'mean', auto?: true } (auto: data.resample "auto" chose it)
  // any format, single-series files from this version on, with a time column of two rows or more:
  step: 'step', // JSON { ms: 2678400000, weekdays?: true, index?: boolean }: the usual step of the training rows (FittedPipeline.step; index true: of an integer step index's integers, its time column read as one; false: dates; absent: not recorded, unchecked)
  // any format, files from this version on (a global graph's too, the same for every series), when the run had a time column:
  timeColumn: 'time_column', // its name (PipelineConfig.time.column): a file without it is refused, as the JSON model file refuses it
  // any format, single-series files from this version on (readers from before forward fill):
  duplicates: 'duplicates', // 'keep' | 'error' | 'mean' | 'sum' | 'last' | 'first': rows repeating a time
  // and 'missing' in a global graph too, the rule only ({ default, columns }): each series' imputers
  // and gapFill are in its series_table entry
  missing: 'missing', // JSON { default: 'interpolate', columns: { <column>: policy }, imputers: { <column>: mean or mode }, gapFill?: { season, cuts } (a seasonal target's gaps, as FittedPipeline.gapFill) }
  // any format, classification only:
  classes: 'classes', // JSON array of class names; a two-class output is the probability of the second
  classRule: 'class_rule', // JSON { column, op, value } when the classes are the rule's false/true
  // any format, a regression whose every training value is >= 0 (a global graph: each series_table entry's 'domain'):
  domain: 'domain', // 'non-negative': forecasts are clipped at 0, as the model file's (pipeline.domain); absent: not clipped
  // any format, only when the run's forecast is not the network alone:
  runForecast: 'run_forecast', // e.g. 'mean of ETS(M,A,M) and Theta'
  runForecastNote: 'run_forecast_note', // why, and what this graph is
  // format 3 (a global model's graph):
  seriesColumns: 'series_columns', // JSON array: the series id column(s)
  seriesInputs: 'series_inputs', // JSON array: the graph's per-series input names, in order
  seriesTable: 'series_table' // JSON [{ key, label, inputs: { <series input name>: number[] } }]
} as const

/** ONNX gate blocks in PyTorch block indices: ONNX LSTM is (i, o, f, c) where PyTorch is
 *  (i, f, g, o); ONNX GRU is (z, r, h) where PyTorch is (r, z, n). */
export function onnxGateOrder(cell: CellKind): number[] {
  return cell === 'lstm' ? [0, 3, 1, 2] : cell === 'gru' ? [1, 0, 2] : [0]
}

export const ONNX_OP: Record<CellKind, string> = { elman: 'RNN', lstm: 'LSTM', gru: 'GRU' }

export const initName = {
  W: (l: number) => `W_l${l}`, // (1, G*H, D_l) ONNX gate order
  R: (l: number) => `R_l${l}`, // (1, G*H, H)
  B: (l: number) => `B_l${l}`, // (1, 2*G*H) = W_b || R_b
  headWeightT: 'head_weight_t', // (H, O), head.weight transposed for MatMul
  headBias: 'head_bias', // (O)
  inputMean: 'input_mean', // (D)
  inputStd: 'input_std', // (D)
  targetMean: 'target_mean', // (O)
  targetStd: 'target_std', // (O)
  logMask: 'log_mask', // (D) bool, format 2: the inputs that enter as log(x)
  relativeMask: 'relative_mask' // (D) bool, format 2: the inputs taken relative to the last step
}

/** Whether `level` asks for any graph step at all (otherwise the file is written as format 1). */
export function hasLevelSteps(level: OnnxLevel | null | undefined): level is OnnxLevel {
  return !!level && (level.logInputs.length > 0 || level.relativeInputs.length > 0 || level.targetInput !== null || level.targetLog)
}

/** Copies (G*H, C) blocks of H rows from `src` into `dst` so that dst block k = src block order[k]
 *  (toOnnx), or the reverse (fromOnnx). */
export function permuteGateRows(src: ArrayLike<number>, dst: Float32Array, order: number[], H: number, C: number, toOnnx: boolean): void {
  const block = H * C
  order.forEach((from, k) => {
    const s = (toOnnx ? from : k) * block
    const d = (toOnnx ? k : from) * block
    for (let i = 0; i < block; i++) dst[d + i] = src[s + i]
  })
}
