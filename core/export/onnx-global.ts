// ONNX export of a global model (core/train/global.ts): ONE graph for every series. The network is
// shared; what differs per series (its scalers, fitted on its own training rows, and whether it
// models log(y)) enters through graph inputs, one row per window, so one batch may mix series:
//
//   window (batch, L, D), series_input_mean/std (batch, D), series_target_mean/std (batch, 1),
//   [series_target_log (batch, 1)]
//   -> [log on log columns where series_target_log = 1] -> (x - mean) / std
//   -> [relative_mask: minus the scaled last step] -> the network (onnx.ts networkNodes)
//   -> [+ anchor] -> y * target_std + target_mean -> [exp where series_target_log = 1] -> forecast
//
// The same steps as format 2 (onnx.ts levelInputs), with the per-series constants as inputs instead
// of initializers. Every series' values are in the metadata (series_table, by series id), so a
// caller looks them up by id and feeds them beside the window. Format 3 (ONNX_GLOBAL_FORMAT_VERSION).
//
// A global classification (task 'classification') has no target scaling nor level steps (the
// pipeline takes a class target on global levels): its series inputs are series_input_mean/std
// only, and the network's sigmoid or softmax is the output, as a single-series classification's
// graph; the class names and rule are in the metadata ('classes', 'class_rule') as there.
import type { Model } from '../engine/model'
import type { FittedStep, TimeConfig } from '../data/series'
import { ExportError } from './errors'
import { checkClasses, commonMeta, encodeModel, networkNodes } from './onnx'
import { boolTensor, floatTensor, int64Tensor, node, valueInfo, type NodeObj, type TensorObj } from './onnx/build'
import { hasLevelSteps, INPUT_NAME, META, ONNX_GLOBAL_FORMAT_VERSION, OUTPUT_NAME, SERIES_INPUT, type OnnxExportOptions, type OnnxLevel, type OnnxScaling, type OnnxTask } from './onnx/format'

/** One series of a global model: its id, and its scaling and level steps as a single-series export
 *  would have them (scaling.ts onnxScalingFromPipeline, onnxLevelFromPipeline of its pipeline). */
export interface OnnxSeries {
  key: string[] // one value per id column
  label: string // e.g. 'store = north'
  scaling: OnnxScaling // targetMean/targetStd: one value
  level: OnnxLevel | null
  /** The run's forecast of this series when it is not this network alone (a statistical model or
   *  its mix with the network, chosen on the series' validation rows), e.g. 'ETS(A,N,N)'. */
  forecastBy?: string | null
  /** Its fill of new rows' missing values under the run's rule (GlobalOnnxOptions.missing): the
   *  training mean or mode per column of its own training rows, and a seasonal target's gap fill
   *  (FittedPipeline.imputers, gapFill); written into its series_table entry as `missing`. */
  missing?: { imputers: Record<string, number | string>; gapFill?: { season: number; cuts: [string, string, string] } } | null
  /** The usual step of its training rows (FittedPipeline.step) and the grid its rows were put on
   *  (its config's time.resample): a reader refuses rows of another step and puts them on the grid,
   *  as its JSON pipeline does; written into its series_table entry as `step` and `resample`. */
  step?: FittedStep | null
  resample?: TimeConfig['resample']
  /** 'non-negative' where every training value of its target is >= 0 (its model file's
   *  pipeline.domain): a reader clips its forecasts at 0; written into its entry as `domain`. */
  domain?: 'non-negative' | null
}

export interface GlobalOnnxOptions {
  featureNames: string[] // (D), the same for every series
  target: string
  lookBack: number
  horizon: number
  appVersion: string
  seriesColumns: string[]
  series: OnnxSeries[]
  /** Led inputs (OnnxExportOptions.leads), the same for every series. */
  leads?: Record<string, number> | null
  calendar?: OnnxExportOptions['calendar']
  /** The run's missing-value rule, the same for every series (core/data PipelineConfig.missing: a
   *  policy per column, the default for the rest): metadata 'missing', each series' training means
   *  and modes in its series_table entry. Absent or null: files from before, which say no rule. */
  missing?: { default: string; columns: Record<string, string> } | null
  /** How the run treats rows that repeat a time (time.duplicates), the same for every series: metadata 'duplicates'. */
  duplicates?: TimeConfig['duplicates'] | null
  /** The run's time column (time.column), the same for every series: metadata 'time_column', so a
   *  file without it is refused as the global JSON model file refuses it. Absent or null: none. */
  timeColumn?: string | null
  /** Absent: 'regression' (files from before). 'classification': the network's probabilities are
   *  the output, no series has level steps, and `classes` names them (OnnxExportOptions.classes). */
  task?: OnnxTask
  classes?: OnnxExportOptions['classes']
}

/** The level steps every series shares (which columns are relative, the anchor) and the columns
 *  that enter as log(x) in the series that model log(y). */
interface SharedLevel { relativeInputs: number[]; targetInput: number | null; logColumns: number[]; anyLog: boolean }

const NONE: OnnxLevel = { logInputs: [], relativeInputs: [], targetInput: null, targetLog: false }
const sameSet = (a: number[], b: number[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i])

function checkOptions(model: Model, opts: GlobalOnnxOptions): SharedLevel {
  const { inputSize: D, outputActivation } = model.spec
  if (opts.featureNames.length !== D) throw new ExportError('featureNames', `has ${opts.featureNames.length} names but the model takes ${D} input features`)
  if (new Set(opts.featureNames).size !== D) throw new ExportError('featureNames', 'must be unique names')
  if (!Number.isInteger(opts.lookBack) || opts.lookBack < 1) throw new ExportError('lookBack', `must be an integer >= 1 (got ${opts.lookBack})`)
  if (!Number.isInteger(opts.horizon) || opts.horizon < 1) throw new ExportError('horizon', `must be an integer >= 1 (got ${opts.horizon})`)
  const classification = opts.task === 'classification'
  if (!classification && outputActivation !== 'identity') throw new ExportError('model', `has output activation '${outputActivation}'; a global regression's output is the identity (a global classification's graph has task 'classification')`)
  if (classification) {
    if (outputActivation === 'identity') throw new ExportError('task', "is 'classification' but the model's output activation is 'identity'; probabilities need sigmoid or softmax")
    if (!opts.classes) throw new ExportError('classes', "are absent; a global classification's graph names its classes")
    checkClasses({ task: 'classification', classes: opts.classes }, model.spec.outputSize, outputActivation)
  }
  if (opts.seriesColumns.length === 0) throw new ExportError('seriesColumns', 'must name the series id column(s)')
  if (opts.series.length === 0) throw new ExportError('series', 'must list at least one series')
  const first = opts.series[0]!
  const l0 = hasLevelSteps(first.level) ? first.level : NONE
  const logColumns = [...new Set(opts.series.flatMap((s) => s.level?.logInputs ?? []))].sort((a, b) => a - b)
  const seen = new Set<string>()
  opts.series.forEach((s, k) => {
    const at = `series[${k}] (${s.label})`
    if (s.key.length !== opts.seriesColumns.length) throw new ExportError(`${at}.key`, `has ${s.key.length} values for the ${opts.seriesColumns.length} id column(s) ${opts.seriesColumns.join(', ')}`)
    const id = JSON.stringify(s.key)
    if (seen.has(id)) throw new ExportError(`${at}.key`, `repeats the id ${id} of an earlier series`)
    seen.add(id)
    // the run's rule and each series' means travel together: a reader needs both to fill
    if (!opts.missing !== !s.missing) throw new ExportError(`${at}.missing`, opts.missing ? "is absent; with the run's missing-value rule every series needs its training means and modes" : "is given, but the run's missing-value rule (missing) is not")
    const vec = (field: keyof OnnxScaling, n: number) => {
      const v = s.scaling[field]
      if (v.length !== n) throw new ExportError(`${at}.scaling.${field}`, `must have ${n} values (got ${v.length})`)
      v.forEach((x, i) => {
        if (!Number.isFinite(x)) throw new ExportError(`${at}.scaling.${field}[${i}]`, `must be finite (got ${x})`)
        if (field.endsWith('Std') && x === 0) throw new ExportError(`${at}.scaling.${field}[${i}]`, 'is 0; a constant column cannot be scaled')
      })
    }
    vec('inputMean', D)
    vec('inputStd', D)
    vec('targetMean', 1)
    vec('targetStd', 1)
    const lv = hasLevelSteps(s.level) ? s.level : NONE
    if (classification && lv !== NONE) throw new ExportError(`${at}.level`, 'has level steps; a class target has none (they apply to regression only)')
    // one graph: the relative columns and the anchor are the same for every series (data.level is
    // one setting of the run); only the log (data.transform 'auto', chosen per series) may differ
    if (!sameSet(lv.relativeInputs, l0.relativeInputs) || lv.targetInput !== l0.targetInput)
      throw new ExportError(`${at}.level`, `takes inputs ${JSON.stringify(lv.relativeInputs)} relative (anchor ${lv.targetInput}) but ${first.label} takes ${JSON.stringify(l0.relativeInputs)} (anchor ${l0.targetInput}); one graph needs the same level steps for every series`)
    if (lv.targetLog ? !sameSet(lv.logInputs, logColumns) : lv.logInputs.length > 0)
      throw new ExportError(`${at}.level.logInputs`, `are ${JSON.stringify(lv.logInputs)} with targetLog ${lv.targetLog}; a series that models log(y) logs the columns ${JSON.stringify(logColumns)}, any other none`)
    ;[...lv.relativeInputs, ...lv.logInputs, ...(lv.targetInput === null ? [] : [lv.targetInput])].forEach((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= D) throw new ExportError(`${at}.level`, `names feature index ${i}, outside 0..${D - 1}`)
    })
    if (lv.targetInput !== null && !lv.relativeInputs.includes(lv.targetInput)) throw new ExportError(`${at}.level.targetInput`, 'must be one of level.relativeInputs')
  })
  return { relativeInputs: l0.relativeInputs, targetInput: l0.targetInput, logColumns, anyLog: opts.series.some((s) => s.level?.targetLog === true) }
}

/**
 * Raw window -> the network's input, with the series' constants from the inputs: as onnx.ts
 * levelInputs (read its comment for why r is computed from x - x_last), where the log mask is the
 * log columns AND the window's series_target_log. Returns the input, the anchor (batch, 1, 1) and
 * the per-window log flag (batch, 1, 1) bool, or null when no series models log(y).
 */
function seriesInputs(lv: SharedLevel, D: number, nodes: NodeObj[], inits: TensorObj[]): { x: string; anchor: string | null; isLog: string | null } {
  inits.push(int64Tensor('axes_series', [1]))
  nodes.push(node('Unsqueeze', [SERIES_INPUT.inputMean, 'axes_series'], ['mean_b1d']), node('Unsqueeze', [SERIES_INPUT.inputStd, 'axes_series'], ['std_b1d'])) // (batch, 1, D)
  let f = INPUT_NAME
  let isLog: string | null = null
  let logMask: string | null = null
  if (lv.anyLog) {
    inits.push(boolTensor('log_columns', Array.from({ length: D }, (_, d) => lv.logColumns.includes(d))))
    // a flag of 1 from the table (anything > 0.5) turns the log on for that window's series
    inits.push(floatTensor('half', [], [0.5]))
    nodes.push(node('Greater', [SERIES_INPUT.targetLog, 'half'], ['is_log_flag']), node('Unsqueeze', ['is_log_flag', 'axes_series'], ['is_log'])) // (batch, 1, 1)
    nodes.push(node('And', ['log_columns', 'is_log'], ['log_mask_b'])) // (batch, 1, D)
    nodes.push(node('Log', [INPUT_NAME], ['x_log_all']), node('Where', ['log_mask_b', 'x_log_all', INPUT_NAME], ['x_log']))
    f = 'x_log'
    isLog = 'is_log'
    logMask = 'log_mask_b'
  }
  nodes.push(node('Sub', [f, 'mean_b1d'], ['x_centered']), node('Div', ['x_centered', 'std_b1d'], ['x_abs']))
  let x = 'x_abs'
  if (lv.relativeInputs.length > 0) {
    inits.push(boolTensor('relative_mask', Array.from({ length: D }, (_, d) => lv.relativeInputs.includes(d))), int64Tensor('last_start', [-1]), int64Tensor('last_end', [2 ** 31 - 1]), int64Tensor('axes_time', [1]))
    nodes.push(node('Slice', [INPUT_NAME, 'last_start', 'last_end', 'axes_time'], ['x_last'])) // (batch, 1, D)
    nodes.push(node('Sub', [INPUT_NAME, 'x_last'], ['x_diff']))
    let delta = 'x_diff'
    if (logMask !== null && lv.logColumns.some((d) => lv.relativeInputs.includes(d))) {
      nodes.push(node('Div', [INPUT_NAME, 'x_last'], ['x_ratio']), node('Log', ['x_ratio'], ['x_log_ratio']), node('Where', [logMask, 'x_log_ratio', 'x_diff'], ['x_delta']))
      delta = 'x_delta'
    }
    nodes.push(node('Div', [delta, 'std_b1d'], ['x_rel']), node('Where', ['relative_mask', 'x_rel', 'x_abs'], ['x_scaled']))
    x = 'x_scaled'
  }
  if (lv.targetInput === null) return { x, anchor: null, isLog }
  const k = lv.targetInput
  inits.push(int64Tensor('anchor_start', [-1, k]), int64Tensor('anchor_end', [2 ** 31 - 1, k + 1]), int64Tensor('axes_anchor', [1, 2]))
  nodes.push(node('Slice', ['x_abs', 'anchor_start', 'anchor_end', 'axes_anchor'], ['anchor'])) // (batch, 1, 1)
  return { x, anchor: 'anchor', isLog }
}

/** The per-series graph inputs of a file for these series, in order: a classification's inputs'
 *  scaling only (its output is probabilities, never rescaled). */
export function seriesInputNames(anyLog: boolean, task: OnnxTask = 'regression'): string[] {
  const { inputMean, inputStd, targetMean, targetStd, targetLog } = SERIES_INPUT
  return task === 'classification' ? [inputMean, inputStd] : [inputMean, inputStd, targetMean, targetStd, ...(anyLog ? [targetLog] : [])]
}

/** Serialised onnx.ModelProto bytes of one graph for every series of a global model (format 3). */
export function exportGlobalOnnx(model: Model, opts: GlobalOnnxOptions): Uint8Array {
  const lv = checkOptions(model, opts)
  const { inputSize: D, outputMode } = model.spec
  const perStep = outputMode === 'per-step'
  const nodes: NodeObj[] = []
  const inits: TensorObj[] = []
  const { x, anchor, isLog } = seriesInputs(lv, D, nodes, inits)
  let y = networkNodes(model, x, nodes, inits) // per-step (batch, L, O), final (batch, O)
  const task = opts.task ?? 'regression'
  // a classification's probabilities are the output as they are (no level steps: checkOptions)
  if (task === 'classification') return encodeGlobal(model, opts, lv, [...nodes, node('Identity', [y], [OUTPUT_NAME])], inits)
  // per-window values broadcast against y: (batch, 1, 1) per-step, (batch, 1) final
  const perWindow = (name: string, b11: string): string => {
    if (perStep) return b11
    if (!inits.some((t) => t.name === 'axes_1')) inits.push(int64Tensor('axes_1', [1]))
    nodes.push(node('Squeeze', [b11, 'axes_1'], [`${name}_b1`]))
    return `${name}_b1`
  }
  if (anchor !== null) {
    nodes.push(node('Add', [y, perWindow('anchor', anchor)], ['y_level']))
    y = 'y_level'
  }
  let tMean: string = SERIES_INPUT.targetMean // (batch, 1)
  let tStd: string = SERIES_INPUT.targetStd
  if (perStep) {
    nodes.push(node('Unsqueeze', [tMean, 'axes_series'], ['target_mean_b11']), node('Unsqueeze', [tStd, 'axes_series'], ['target_std_b11']))
    ;[tMean, tStd] = ['target_mean_b11', 'target_std_b11']
  }
  nodes.push(node('Mul', [y, tStd], ['y_spread']), node('Add', ['y_spread', tMean], [isLog ? 'y_log' : OUTPUT_NAME]))
  if (isLog !== null) nodes.push(node('Exp', ['y_log'], ['y_exp']), node('Where', [perWindow('is_log', isLog), 'y_exp', 'y_log'], [OUTPUT_NAME]))
  return encodeGlobal(model, opts, lv, nodes, inits)
}

/** The ModelProto of a global graph: its inputs, the series table and the metadata. */
function encodeGlobal(model: Model, opts: GlobalOnnxOptions, lv: SharedLevel, nodes: NodeObj[], inits: TensorObj[]): Uint8Array {
  const D = model.spec.inputSize
  const task = opts.task ?? 'regression'
  const names = (ix: number[]) => JSON.stringify(ix.map((i) => opts.featureNames[i]))
  const inputNames = seriesInputNames(lv.anyLog, task)
  const table = opts.series.map((s) => ({
    key: s.key,
    label: s.label,
    inputs: Object.fromEntries(inputNames.map((n) => [n, n === SERIES_INPUT.inputMean ? s.scaling.inputMean : n === SERIES_INPUT.inputStd ? s.scaling.inputStd
      : n === SERIES_INPUT.targetMean ? s.scaling.targetMean : n === SERIES_INPUT.targetStd ? s.scaling.targetStd : [s.level?.targetLog ? 1 : 0]])),
    ...(s.forecastBy ? { forecast_by: s.forecastBy } : {}),
    ...(s.missing ? { missing: s.missing } : {}),
    ...(s.step ? { step: { ms: s.step.ms, ...(s.step.weekdays ? { weekdays: true } : {}), ...(s.step.index ? { index: true } : {}) } } : {}),
    ...(s.resample ? { resample: { freq: s.resample.freq, agg: s.resample.agg, ...(s.resample.auto ? { auto: true } : {}) } } : {}),
    ...(s.domain && task === 'regression' ? { domain: s.domain } : {})
  }))
  const others = opts.series.filter((s) => s.forecastBy).length
  const meta: Record<string, string> = {
    // the rules here, each series' means and modes, step and grid in its series_table entry
    ...commonMeta(model, { ...opts, task, missing: null, step: null, resample: null, classes: task === 'classification' ? opts.classes : null }, ONNX_GLOBAL_FORMAT_VERSION),
    ...(opts.missing ? { [META.missing]: JSON.stringify({ default: opts.missing.default, columns: opts.missing.columns }) } : {}),
    // the level steps of a regression (a classification has none)
    ...(task === 'regression' ? {
      [META.logInputs]: names(lv.logColumns),
      [META.relativeInputs]: names([...lv.relativeInputs].sort((a, b) => a - b)),
      [META.targetInput]: lv.targetInput === null ? '' : opts.featureNames[lv.targetInput]!
    } : {}),
    [META.seriesColumns]: JSON.stringify(opts.seriesColumns),
    [META.seriesInputs]: JSON.stringify(inputNames),
    [META.seriesTable]: JSON.stringify(table),
    ...(others > 0 ? { [META.runForecastNote]: `This graph is the global network. ${others} of ${opts.series.length} series were forecast in the run by another forecaster, chosen on their validation rows (forecast_by in their series_table entry); use the model file (JSON) for their run forecast.` } : {})
  }
  const inputs = [valueInfo(INPUT_NAME, ['batch', opts.lookBack, D]), ...inputNames.map((n) => valueInfo(n, ['batch', n === SERIES_INPUT.inputMean || n === SERIES_INPUT.inputStd ? D : 1]))]
  const doc = `${model.spec.cell} ${task === 'classification' ? 'classifier' : 'forecaster'} for '${opts.target}' across ${opts.series.length} series of ${opts.seriesColumns.join(', ')}: window (batch, ${opts.lookBack}, ${D}) in original units and each window's series values from series_table -> ${OUTPUT_NAME}${task === 'classification' ? ' (class probabilities)' : ''}`
  return encodeModel(model, opts, doc, nodes, inits, inputs, meta)
}
