// ONNX export of a trained model: one self-contained graph from the raw window in original units
// to the forecast in original units (or class probabilities).
//
//   window (batch, L, D) -> [log on log_mask] -> (x - input_mean) / input_std
//   -> [relative_mask: minus the scaled last step] -> Transpose -> (L, batch, D)
//   -> per layer: RNN | LSTM | GRU (opset 17) -> Squeeze the direction axis -> (L, batch, H)
//   -> head: per-step (batch, L, H) · V^T + c -> (batch, L, O); final Y_h (batch, H) · V^T + c -> (batch, O)
//   -> Sigmoid | Softmax -> [+ anchor] -> y * target_std + target_mean (regression) -> [exp] -> forecast
//
// The bracketed steps are format 2 (OnnxLevel, the pipeline's level-relative windows and log
// transform); without them the file is format 1, byte for byte what earlier versions wrote.
//
// PyTorch and ONNX agree on the cell equations once the gate blocks are reordered (onnxGateOrder)
// and GRU uses linear_before_reset = 1 (b_hn inside r ⊙ (W_hn h + b_hn)).
import { paramView, type Model } from '../engine/model'
import { gateCount } from '../engine/params'
import { ExportError } from './errors'
import { boolTensor, floatTensor, int64Tensor, node, valueInfo, type NodeObj, type TensorObj } from './onnx/build'
import { hasLevelSteps, INPUT_NAME, initName, IR_VERSION, META, ONNX_FORMAT, ONNX_LEAD_FORMAT_VERSION, ONNX_LEVEL_FORMAT_VERSION, ONNX_OP, onnxGateOrder, OPSET, OUTPUT_NAME, permuteGateRows, type OnnxExportOptions, type OnnxLevel, type OnnxScaling } from './onnx/format'
import { modelProtoType } from './onnx/onnx-proto'

export type { OnnxExportOptions, OnnxLevel, OnnxScaling, OnnxTask } from './onnx/format'

const ACT_NAME = { tanh: 'Tanh', relu: 'Relu', sigmoid: 'Sigmoid' } as const

function checkOptions(model: Model, opts: OnnxExportOptions): void {
  const { inputSize: D, outputSize: O, outputActivation } = model.spec
  if (opts.featureNames.length !== D) throw new ExportError('featureNames', `has ${opts.featureNames.length} names but the model takes ${D} input features`)
  if (!Number.isInteger(opts.lookBack) || opts.lookBack < 1) throw new ExportError('lookBack', `must be an integer >= 1 (got ${opts.lookBack})`)
  if (!Number.isInteger(opts.horizon) || opts.horizon < 1) throw new ExportError('horizon', `must be an integer >= 1 (got ${opts.horizon})`)
  if (opts.task === 'classification' && outputActivation === 'identity') {
    throw new ExportError('task', "is 'classification' but the model's output activation is 'identity'; probabilities need sigmoid or softmax")
  }
  checkLevel(opts, D)
  checkClasses(opts, O, outputActivation)
  const s = opts.scaling
  if (s === null) return
  const vec = (field: keyof OnnxScaling, lengths: number[]) => {
    const v = s[field]
    if (!lengths.includes(v.length)) throw new ExportError(`scaling.${field}`, `must have ${lengths.join(' or ')} values (got ${v.length})`)
    v.forEach((x, i) => {
      if (!Number.isFinite(x)) throw new ExportError(`scaling.${field}[${i}]`, `must be finite (got ${x})`)
      if (field.endsWith('Std') && x === 0) throw new ExportError(`scaling.${field}[${i}]`, 'is 0; a constant column cannot be scaled')
    })
  }
  vec('inputMean', [D])
  vec('inputStd', [D])
  vec('targetMean', [1, O])
  vec('targetStd', [1, O])
}

/** A sigmoid output is the probability of the second of two classes; a softmax's O outputs are O
 *  classes' probabilities. */
export function checkClasses(opts: Pick<OnnxExportOptions, 'classes' | 'task'>, O: number, act: string): void {
  const c = opts.classes
  if (!c) return
  if (opts.task !== 'classification') throw new ExportError('classes', `are given for a '${opts.task}' model; only classification has classes`)
  const n = act === 'sigmoid' ? 2 : O
  if (c.names.length !== n || (act === 'sigmoid' && O !== 1) || c.names.some((x) => typeof x !== 'string'))
    throw new ExportError('classes', `must be ${n} class names for the model's ${O} ${act} ${O === 1 ? 'output' : 'outputs'} (got ${JSON.stringify(c.names)})`)
}

function checkLevel(opts: OnnxExportOptions, D: number): void {
  const lv = opts.level
  if (!hasLevelSteps(lv)) return
  if (opts.task !== 'regression') throw new ExportError('level', 'applies to regression only')
  if (opts.scaling === null) throw new ExportError('level', 'needs scaling: the relative steps work on the scaled inputs')
  if (new Set(opts.featureNames).size !== opts.featureNames.length) throw new ExportError('featureNames', 'must be unique names when level steps refer to them')
  const index = (field: string, i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= D) throw new ExportError(field, `must be a feature index in 0..${D - 1} (got ${i})`)
  }
  lv.logInputs.forEach((i, k) => index(`level.logInputs[${k}]`, i))
  lv.relativeInputs.forEach((i, k) => index(`level.relativeInputs[${k}]`, i))
  if (lv.targetInput !== null) {
    index('level.targetInput', lv.targetInput)
    // the anchor is the network's own (relative) reference: the target input must be relative too
    if (!lv.relativeInputs.includes(lv.targetInput)) throw new ExportError('level.targetInput', 'must be one of level.relativeInputs')
  }
}

function widen(v: number[], n: number): number[] {
  return v.length === n ? v : Array.from({ length: n }, () => v[0])
}

/** The RNN layers: node list plus W, R, B initializers per layer; returns the top layer's outputs
 *  (its full sequence only in per-step mode, where the head reads every step). */
function recurrentLayers(model: Model, x: string, nodes: NodeObj[], inits: TensorObj[]): { ySeq: string; yLast: string } {
  const perStep = model.spec.outputMode === 'per-step'
  const { cell, hiddenSize: H, numLayers, hiddenActivation } = model.spec
  const G = gateCount(cell)
  const order = onnxGateOrder(cell)
  if (perStep || numLayers > 1) inits.push(int64Tensor('axes_dir', [1]))
  let input = x
  let yLast = ''
  for (let l = 0; l < numLayers; l++) {
    const wih = paramView(model, `weight_ih_l${l}`) // (G*H, D_l)
    const D = wih.length / (G * H)
    const W = new Float32Array(G * H * D)
    const R = new Float32Array(G * H * H)
    const Bb = new Float32Array(2 * G * H) // W_b || R_b
    permuteGateRows(wih, W, order, H, D, true)
    permuteGateRows(paramView(model, `weight_hh_l${l}`), R, order, H, H, true)
    permuteGateRows(paramView(model, `bias_ih_l${l}`), Bb.subarray(0, G * H), order, H, 1, true)
    permuteGateRows(paramView(model, `bias_hh_l${l}`), Bb.subarray(G * H), order, H, 1, true)
    inits.push(floatTensor(initName.W(l), [1, G * H, D], W), floatTensor(initName.R(l), [1, G * H, H], R), floatTensor(initName.B(l), [1, 2 * G * H], Bb))
    const attrs: Record<string, number | string[]> = { hidden_size: H }
    if (cell === 'elman') attrs.activations = [ACT_NAME[hiddenActivation]]
    if (cell === 'gru') attrs.linear_before_reset = 1
    const top = l === numLayers - 1
    const y = top && !perStep ? '' : `Y_l${l}` // (L, 1, batch, H); '' = output not computed
    const yh = `Y_h_l${l}` // (1, batch, H)
    nodes.push(node(ONNX_OP[cell], [input, initName.W(l), initName.R(l), initName.B(l)], [y, yh], attrs))
    if (y !== '') {
      nodes.push(node('Squeeze', [y, 'axes_dir'], [`h_l${l}`])) // (L, batch, H)
      input = `h_l${l}`
    }
    yLast = yh
  }
  return { ySeq: input, yLast }
}

/**
 * The format-2 input steps, from the raw window to the network's input (batch, L, D):
 *   absolute  a = (f(x) - input_mean) / input_std, f = log on log_mask, identity elsewhere
 *   relative  r = g(x, x_last) / input_std, g = log(x / x_last) on log_mask, x - x_last elsewhere
 *   input     Where(relative_mask, r, a)
 * r is a - a_last rewritten so that float32 does not subtract two large scaled levels (with a log
 * target the scale is the mean log change, ~1e-3, and log(x) - log(x_last) would lose ~4 digits).
 * Where keeps log's NaN for a negative input in a column outside the mask out of the result.
 * Returns the input and the anchor: a at the last step in the target's column, (batch, 1, 1).
 */
function levelInputs(level: OnnxLevel, D: number, nodes: NodeObj[], inits: TensorObj[]): { x: string; anchor: string | null } {
  const logMask = Array.from({ length: D }, (_, d) => level.logInputs.includes(d))
  const relMask = Array.from({ length: D }, (_, d) => level.relativeInputs.includes(d))
  const anyLog = logMask.some(Boolean)
  let f = INPUT_NAME
  if (anyLog) {
    inits.push(boolTensor(initName.logMask, logMask))
    nodes.push(node('Log', [INPUT_NAME], ['x_log_all']), node('Where', [initName.logMask, 'x_log_all', INPUT_NAME], ['x_log']))
    f = 'x_log'
  }
  nodes.push(node('Sub', [f, initName.inputMean], ['x_centered']), node('Div', ['x_centered', initName.inputStd], ['x_abs']))
  let x = 'x_abs'
  if (relMask.some(Boolean)) {
    inits.push(boolTensor(initName.relativeMask, relMask), int64Tensor('last_start', [-1]), int64Tensor('last_end', [2 ** 31 - 1]), int64Tensor('axes_time', [1]))
    nodes.push(node('Slice', [INPUT_NAME, 'last_start', 'last_end', 'axes_time'], ['x_last'])) // (batch, 1, D)
    nodes.push(node('Sub', [INPUT_NAME, 'x_last'], ['x_diff']))
    let delta = 'x_diff'
    if (logMask.some((m, d) => m && relMask[d])) {
      nodes.push(node('Div', [INPUT_NAME, 'x_last'], ['x_ratio']), node('Log', ['x_ratio'], ['x_log_ratio']), node('Where', [initName.logMask, 'x_log_ratio', 'x_diff'], ['x_delta']))
      delta = 'x_delta'
    }
    nodes.push(node('Div', [delta, initName.inputStd], ['x_rel']), node('Where', [initName.relativeMask, 'x_rel', 'x_abs'], ['x_scaled']))
    x = 'x_scaled'
  }
  if (level.targetInput === null) return { x, anchor: null }
  const k = level.targetInput
  inits.push(int64Tensor('anchor_start', [-1, k]), int64Tensor('anchor_end', [2 ** 31 - 1, k + 1]), int64Tensor('axes_anchor', [1, 2]))
  nodes.push(node('Slice', ['x_abs', 'anchor_start', 'anchor_end', 'axes_anchor'], ['anchor'])) // (batch, 1, 1)
  return { x, anchor: 'anchor' }
}

/**
 * The network, from its scaled input x (batch, L, D) to its output y (per-step (batch, L, O), final
 * (batch, O)): Transpose, the recurrent layers, the head and the output activation. Shared by
 * exportOnnx and the global graph (onnx-global.ts); returns y's name.
 */
export function networkNodes(model: Model, x: string, nodes: NodeObj[], inits: TensorObj[]): string {
  const { outputSize: O, hiddenSize: H, outputMode, outputActivation } = model.spec
  nodes.push(node('Transpose', [x], ['x_tbd'], { perm: [1, 0, 2] })) // (L, batch, D)
  const { ySeq, yLast } = recurrentLayers(model, 'x_tbd', nodes, inits)

  let h: string
  if (outputMode === 'per-step') {
    nodes.push(node('Transpose', [ySeq], ['h_btH'], { perm: [1, 0, 2] })) // (batch, L, H)
    h = 'h_btH'
  } else {
    inits.push(int64Tensor('axes_0', [0]))
    nodes.push(node('Squeeze', [yLast, 'axes_0'], ['h_final'])) // (batch, H)
    h = 'h_final'
  }
  const V = paramView(model, 'head.weight') // (O, H)
  const Vt = new Float32Array(H * O) // (H, O)
  for (let o = 0; o < O; o++) for (let j = 0; j < H; j++) Vt[j * O + o] = V[o * H + j]
  inits.push(floatTensor(initName.headWeightT, [H, O], Vt), floatTensor(initName.headBias, [O], paramView(model, 'head.bias')))
  nodes.push(node('MatMul', [h, initName.headWeightT], ['z_lin']), node('Add', ['z_lin', initName.headBias], ['z']))

  if (outputActivation === 'identity') return 'z'
  nodes.push(node(outputActivation === 'sigmoid' ? 'Sigmoid' : 'Softmax', ['z'], ['y_act'], outputActivation === 'softmax' ? { axis: -1 } : {}))
  return 'y_act'
}

/** The metadata every export starts with, in the order the files have always had. `formatVersion`
 *  is the file's kind (1, 2 or 3); a file that leads inputs is written as ONNX_LEAD_FORMAT_VERSION. */
export function commonMeta(model: Model, opts: Pick<OnnxExportOptions, 'appVersion' | 'featureNames' | 'target' | 'lookBack' | 'horizon' | 'task' | 'leads' | 'calendar' | 'resample' | 'step' | 'timeColumn' | 'duplicates' | 'missing' | 'classes' | 'domain'>, formatVersion: number): Record<string, string> {
  const leads = Object.entries(opts.leads ?? {}).filter(([, l]) => l > 0)
  for (const [f, l] of leads)
    if (!opts.featureNames.includes(f) || !Number.isInteger(l)) throw new ExportError('leads', `'${f}' must be one of the feature names, with an integer lead (got ${l})`)
  return {
    [META.format]: ONNX_FORMAT,
    [META.formatVersion]: String(leads.length ? ONNX_LEAD_FORMAT_VERSION : formatVersion),
    [META.appVersion]: opts.appVersion,
    [META.featureNames]: JSON.stringify(opts.featureNames),
    [META.target]: opts.target,
    [META.lookBack]: String(opts.lookBack),
    [META.horizon]: String(opts.horizon),
    [META.task]: opts.task,
    [META.outputMode]: model.spec.outputMode,
    [META.spec]: JSON.stringify(model.spec),
    ...(leads.length ? { [META.leadInputs]: JSON.stringify(Object.fromEntries(leads)) } : {}),
    ...(opts.calendar?.features.length ? { [META.calendar]: JSON.stringify(opts.calendar) } : {}),
    ...(opts.resample ? { [META.resample]: JSON.stringify({ freq: opts.resample.freq, agg: opts.resample.agg, ...(opts.resample.auto ? { auto: true } : {}) }) } : {}),
    // optional keys: a reader from before ignores them, so no format version of their own
    ...(opts.step ? { [META.step]: JSON.stringify({ ms: opts.step.ms, ...(opts.step.weekdays ? { weekdays: true } : {}), ...(opts.step.index !== undefined ? { index: opts.step.index } : {}) }) } : {}),
    ...(opts.duplicates ? { [META.duplicates]: opts.duplicates } : {}),
    ...(opts.timeColumn ? { [META.timeColumn]: opts.timeColumn } : {}),
    ...(opts.missing ? { [META.missing]: JSON.stringify(opts.missing) } : {}),
    ...(opts.classes ? { [META.classes]: JSON.stringify(opts.classes.names), ...(opts.classes.rule ? { [META.classRule]: JSON.stringify(opts.classes.rule) } : {}) } : {}),
    // an optional key: a reader from before ignores it and clips nothing, as it always did
    ...(opts.domain && opts.task === 'regression' ? { [META.domain]: opts.domain } : {})
  }
}

/** Serialised onnx.ModelProto bytes; write them to a .onnx file as they are. */
export function exportOnnx(model: Model, opts: OnnxExportOptions): Uint8Array {
  checkOptions(model, opts)
  const { inputSize: D, outputSize: O, outputMode } = model.spec
  const nodes: NodeObj[] = []
  const inits: TensorObj[] = []
  const s = opts.scaling

  const level = hasLevelSteps(opts.level) ? opts.level : null
  let x = INPUT_NAME // (batch, L, D)
  let anchor: string | null = null // (batch, 1, 1) the scaled last-step target (level-relative)
  if (s !== null) {
    inits.push(floatTensor(initName.inputMean, [D], s.inputMean), floatTensor(initName.inputStd, [D], s.inputStd))
    if (level !== null) ({ x, anchor } = levelInputs(level, D, nodes, inits))
    else {
      nodes.push(node('Sub', [x, initName.inputMean], ['x_centered']), node('Div', ['x_centered', initName.inputStd], ['x_scaled']))
      x = 'x_scaled'
    }
  }
  let y = networkNodes(model, x, nodes, inits)
  if (anchor !== null) {
    // per-step (batch, L, O) + (batch, 1, 1); final (batch, O) + (batch, 1): every output of the
    // window is relative to its last step (gatherBatch's targets), a direct model's h outputs too
    if (outputMode === 'final') {
      inits.push(int64Tensor('axes_1', [1]))
      nodes.push(node('Squeeze', [anchor, 'axes_1'], ['anchor_b1']))
      anchor = 'anchor_b1'
    }
    nodes.push(node('Add', [y, anchor], ['y_level']))
    y = 'y_level'
  }
  if (s !== null && opts.task === 'regression') {
    inits.push(floatTensor(initName.targetStd, [O], widen(s.targetStd, O)), floatTensor(initName.targetMean, [O], widen(s.targetMean, O)))
    const exp = level?.targetLog === true
    nodes.push(node('Mul', [y, initName.targetStd], ['y_spread']), node('Add', ['y_spread', initName.targetMean], [exp ? 'y_log' : OUTPUT_NAME]))
    if (exp) nodes.push(node('Exp', ['y_log'], [OUTPUT_NAME]))
  } else {
    nodes.push(node('Identity', [y], [OUTPUT_NAME]))
  }

  const names = (ix: number[]) => JSON.stringify([...new Set(ix)].sort((a, b) => a - b).map((i) => opts.featureNames[i]))
  const meta: Record<string, string> = {
    ...commonMeta(model, opts, level === null ? 1 : ONNX_LEVEL_FORMAT_VERSION),
    ...(level === null ? {} : {
      [META.logInputs]: names(level.logInputs),
      [META.relativeInputs]: names(level.relativeInputs),
      [META.targetInput]: level.targetInput === null ? '' : opts.featureNames[level.targetInput],
      [META.targetTransform]: level.targetLog ? 'log' : 'none'
    }),
    ...(opts.runForecast && opts.runForecast.networkWeight < 1 ? {
      [META.runForecast]: opts.runForecast.label,
      [META.runForecastNote]: `This graph is the run's network only (weight ${+opts.runForecast.networkWeight.toFixed(4)} in the run's forecast); ${opts.runForecast.message}. Use the model file (JSON) for the run's forecast.`
    } : {})
  }
  const doc = `${model.spec.cell} forecaster for '${opts.target}': window (batch, ${opts.lookBack}, ${D}) in original units -> ${OUTPUT_NAME}`
  return encodeModel(model, opts, doc, nodes, inits, [valueInfo(INPUT_NAME, ['batch', opts.lookBack, D])], meta)
}

/** The ModelProto around a graph: its inputs, the one output `forecast` and the metadata. */
export function encodeModel(model: Model, opts: Pick<OnnxExportOptions, 'appVersion' | 'lookBack'>, doc: string, nodes: NodeObj[], inits: TensorObj[], inputs: Record<string, unknown>[], meta: Record<string, string>): Uint8Array {
  const O = model.spec.outputSize
  const outDims = model.spec.outputMode === 'per-step' ? ['batch', opts.lookBack, O] : ['batch', O]
  const proto = {
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET }],
    producer_name: 'forecast-workbench',
    producer_version: opts.appVersion,
    doc_string: doc,
    graph: {
      name: 'forecaster',
      node: nodes,
      initializer: inits,
      input: inputs,
      output: [valueInfo(OUTPUT_NAME, outDims)]
    },
    metadata_props: Object.entries(meta).map(([key, value]) => ({ key, value }))
  }
  const T = modelProtoType()
  return T.encode(T.fromObject(proto)).finish()
}
