// Reads an .onnx file written by exportOnnx back into an engine Model plus its metadata, so a model
// exported on one machine can be used for prediction on another (`fw predict --model x.onnx`).
// Only our own exports are accepted: the spec comes from the metadata and every weight from the
// initializer of the same name; shapes are checked against the spec.
import { allocParams, validateSpec, type Model } from '../engine/model'
import { buildLayout, gateCount } from '../engine/params'
import { predict } from '../engine/bptt'
import { MissingFeaturesError, ModelImportError } from './errors'
import { hasLevelSteps, initName, META, ONNX_FORMAT, ONNX_FORMAT_VERSION, ONNX_GLOBAL_FORMAT_VERSION, ONNX_LEAD_FORMAT_VERSION, ONNX_LEVEL_FORMAT_VERSION, SERIES_INPUT, onnxGateOrder, permuteGateRows, type OnnxLevel, type OnnxScaling, type OnnxTask } from './onnx/format'
import { checkCalendar, type CalendarConfig } from '../data/calendar'
import { checkMissing, checkResample, type PipelineConfig } from '../data/config'
import type { FittedStep, TimeConfig } from '../data/series'
import { isGapFill, type GapFill } from '../data/pipeline'
import type { Words } from '../data/words'
import type { Rule } from '../data/config'
import type { Domain } from '../data/range'
import { modelProtoType, TENSOR_FLOAT } from './onnx/onnx-proto'

export interface ImportedOnnx {
  model: Model // float32
  scaling: OnnxScaling | null // targetMean/targetStd widened to one value per output
  featureNames: string[]
  target: string
  lookBack: number
  horizon: number
  task: OnnxTask
  /** Format 2's level steps (log inputs, level-relative windows, exp); null in a format-1 file. */
  level: OnnxLevel | null
  appVersion: string // the version that wrote the file
  /** Led inputs, feature name -> lead (metadata 'lead_inputs': the window's row r holds the
   *  feature's value at row r + lead); null in files without led inputs. */
  leads: Record<string, number> | null
  /** The calendar inputs' definition (metadata 'calendar'), to derive their columns from the time
   *  column; null in files without calendar inputs. */
  calendar: CalendarConfig | null
  /** The grid the run put its rows on (metadata 'resample'): a file's rows go on it before the
   *  windows are cut, as the JSON model file puts them; null in files without one. */
  resample: TimeConfig['resample']
  /** The usual step of the run's training rows (metadata 'step', FittedPipeline.step): a file whose
   *  rows step otherwise is refused as the JSON model file refuses it (otherStepWords); absent or
   *  null in files from before, which are not checked. */
  step?: FittedStep | null
  /** The run's time column (metadata 'time_column'): a file without it is refused, in the JSON
   *  model file's words; absent or null in files from before, which take the file's detected one. */
  timeColumn?: string | null
  /** How the run treats rows that repeat a time (metadata 'duplicates'): a file's repeated times are
   *  merged (or kept, or refused) as the JSON model file treats them; null in files from before,
   *  whose repeated times are kept. */
  duplicates?: TimeConfig['duplicates'] | null
  /** How the run's model file fills missing values on new rows (metadata 'missing': a policy per
   *  column, the default for the rest, and the training mean or mode per column); null in files
   *  from before, which are forward filled. */
  missing: OnnxMissing | null
  /** Classification: the class names in output order and the rule that made them from the target
   *  column (metadata 'classes', 'class_rule'); null in regression files and files from before. */
  classes: { names: string[]; rule: Rule | null } | null
  /** The run's forecast when it was not this network alone (metadata 'run_forecast', e.g. 'mean of
   *  ETS(M,A,M) and Theta'): the graph is then only its network part. null otherwise. */
  runForecastLabel: string | null
  /** 'non-negative' (metadata 'domain'; a global graph's series_table entry's 'domain'): every
   *  training value of the target was >= 0, so forecasts are clipped at 0 as the model file clips
   *  them; absent or null in files from before and where the target went below 0: not clipped. */
  domain?: Domain | null
}

/** The model file's fill of new rows, as the metadata 'missing' carries it. */
export type OnnxMissing = PipelineConfig['missing'] & SeriesFill

/** One series' fill of new rows under the run's rule: its training means and modes, and a seasonal
 *  target's gap fill. */
export interface SeriesFill { imputers: Record<string, number | string>; gapFill?: GapFill }

interface TensorMsg { name?: string; dims?: number[]; data_type?: number; raw_data?: Uint8Array; float_data?: number[] }

function semver(v: string): number[] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null
}

/** true when version `a` is newer than `b` (major.minor.patch; pre-release tags are ignored). */
export function isNewerVersion(a: string, b: string): boolean {
  const x = semver(a)
  const y = semver(b)
  if (x === null || y === null) return false
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i]
  return false
}

/** A global model's graph read back (format 3, onnx-global.ts): the one network, and per series the
 *  scaling and level steps of its series_table row, as a single-series import would hold them, so
 *  predictWindows runs series k with `{ model, task, ...series[k] }`. */
export interface ImportedGlobalOnnx extends Omit<ImportedOnnx, 'scaling' | 'level' | 'missing'> {
  /** 'classification': the graph's output is the classes' probabilities (`classes` names them; a
   *  series has no target scaling, targetMean 0 and targetStd 1, nor level steps). */
  seriesColumns: string[]
  /** The run's missing-value rule (metadata 'missing', without means: those are per series); null
   *  in files from before, which carry none. */
  missing: PipelineConfig['missing'] | null
  /** `missing`: the series' own training means and modes (its series_table entry's 'missing');
   *  null in files from before. */
  series: { key: string[]; label: string; scaling: OnnxScaling; level: OnnxLevel | null; missing: SeriesFill | null; forecastBy: string | null
    /** Its training rows' step and grid (series_table 'step', 'resample'; null in files from before,
     *  unchecked and without a grid); the run's rule for repeated times is `duplicates`. */
    step: FittedStep | null; resample: TimeConfig['resample']
    /** 'non-negative': its forecasts are clipped at 0 (series_table 'domain'); null where absent. */
    domain: Domain | null }[]
}

/** Parses bytes of an exported single-series .onnx file. `file` names it in errors; `appVersion` is
 *  this app's. A global model's graph (format 3) is refused with what it is: importGlobalOnnx reads
 *  it, importAnyOnnx either kind. */
export function importOnnx(bytes: Uint8Array, opts: { file: string; appVersion: string }): ImportedOnnx {
  const r = readOnnx(bytes, opts)
  if (r.isGlobal) {
    const cols = r.meta.get(META.seriesColumns)
    if (cols === undefined) r.fail(`metadata '${META.formatVersion}'`, `is ${r.formatVersion}, a global model's graph, but the file has no '${META.seriesColumns}': it is damaged, or was edited`)
    r.fail(`metadata '${META.formatVersion}'`, `is ${r.formatVersion}: the file is the graph of a global model (one network for many series of ${cols!}), whose scaling differs per series and enters through its series_* inputs; read it with importGlobalOnnx (openModelFile reads either kind, as fw predict and the app's Apply model do)`)
  }
  return r.single()
}

/** Either kind of export, said by `kind`: a single-series file (as importOnnx reads it) or a
 *  global model's graph (as importGlobalOnnx reads it). openModelFile reads .onnx files with it. */
export function importAnyOnnx(bytes: Uint8Array, opts: { file: string; appVersion: string }): ({ kind: 'onnx' } & ImportedOnnx) | ({ kind: 'onnx-global' } & ImportedGlobalOnnx) {
  const r = readOnnx(bytes, opts)
  return r.isGlobal ? { kind: 'onnx-global', ...r.global() } : { kind: 'onnx', ...r.single() }
}

/** Parses a global model's graph (format 3); any other export is refused, naming its format. */
export function importGlobalOnnx(bytes: Uint8Array, opts: { file: string; appVersion: string }): ImportedGlobalOnnx {
  const r = readOnnx(bytes, opts)
  if (!r.isGlobal) r.fail(`metadata '${META.formatVersion}'`, `is ${r.formatVersion}, a single-series export; a global model's graph has format ${ONNX_GLOBAL_FORMAT_VERSION}, or ${ONNX_LEAD_FORMAT_VERSION} with a '${META.seriesTable}' (read it with importOnnx)`)
  return r.global()
}

function readOnnx(bytes: Uint8Array, opts: { file: string; appVersion: string }) {
  const fail = (field: string, problem: string | Words): never => { throw new ModelImportError(opts.file, field, problem) }
  let msg: Record<string, unknown>
  try {
    const T = modelProtoType()
    msg = T.toObject(T.decode(bytes), { longs: Number, defaults: false }) as Record<string, unknown>
  } catch (e) {
    return fail('(file)', `is not an ONNX model (${(e as Error).message})`)
  }
  const meta = new Map<string, string>()
  for (const p of (msg.metadata_props ?? []) as { key?: string; value?: string }[]) if (p.key !== undefined) meta.set(p.key, p.value ?? '')
  const need = (key: string): string => meta.get(key) ?? fail(`metadata '${key}'`, 'is missing; only models exported by Forecast Workbench can be imported')

  if (need(META.format) !== ONNX_FORMAT) fail(`metadata '${META.format}'`, `is '${meta.get(META.format)}', not '${ONNX_FORMAT}'`)
  const appVersion = need(META.appVersion)
  const formatVersion = Number(need(META.formatVersion))
  if (!Number.isInteger(formatVersion) || formatVersion < 1) fail(`metadata '${META.formatVersion}'`, `must be a positive integer (got '${meta.get(META.formatVersion)}')`)
  if (formatVersion > ONNX_FORMAT_VERSION || isNewerVersion(appVersion, opts.appVersion)) {
    fail(`metadata '${META.appVersion}'`, `says the file was written by Forecast Workbench ${appVersion} (export format ${formatVersion}); this app is ${opts.appVersion} (format ${ONNX_FORMAT_VERSION}). Update the app to open it.`)
  }
  // format 4 (led inputs) is either kind: a global graph has a series table, a level-relative one
  // its target transform
  const isGlobal = formatVersion === ONNX_GLOBAL_FORMAT_VERSION || (formatVersion === ONNX_LEAD_FORMAT_VERSION && meta.has(META.seriesTable))
  const hasLevel = formatVersion === ONNX_LEVEL_FORMAT_VERSION || (formatVersion === ONNX_LEAD_FORMAT_VERSION && meta.has(META.targetTransform))
  // format 4 is written only for led inputs: without their names, the led columns would be read unled
  if (formatVersion === ONNX_LEAD_FORMAT_VERSION && !meta.has(META.leadInputs)) fail(`metadata '${META.leadInputs}'`, `is missing; format ${ONNX_LEAD_FORMAT_VERSION} is written for a model that reads inputs ahead of the window's rows, and names them there: the file is damaged, or was edited`)

  const json = (key: string): unknown => {
    try { return JSON.parse(need(key)) } catch { return fail(`metadata '${key}'`, 'is not valid JSON') }
  }
  const positiveInt = (key: string): number => {
    const n = Number(need(key))
    return Number.isInteger(n) && n >= 1 ? n : fail(`metadata '${key}'`, `must be an integer >= 1 (got '${meta.get(key)}')`)
  }
  let spec
  try { spec = validateSpec(json(META.spec), 'spec.') } catch (e) { return fail(`metadata '${META.spec}'`, (e as Error).message) }
  const featureNames = json(META.featureNames)
  if (!Array.isArray(featureNames) || featureNames.length !== spec.inputSize || featureNames.some((f) => typeof f !== 'string')) {
    fail(`metadata '${META.featureNames}'`, `must be an array of ${spec.inputSize} column names`)
  }
  const task = need(META.task)
  if (task !== 'regression' && task !== 'classification') fail(`metadata '${META.task}'`, `must be 'regression' or 'classification' (got '${task}')`)

  // initializers by name, as float32
  const inits = new Map<string, { dims: number[]; data: Float32Array }>()
  const graph = (msg.graph ?? {}) as { initializer?: TensorMsg[] }
  for (const t of graph.initializer ?? []) {
    if (t.name === undefined || t.data_type !== TENSOR_FLOAT) continue
    const n = (t.dims ?? []).reduce((a, b) => a * b, 1)
    let data: Float32Array
    if (t.raw_data !== undefined && t.raw_data.length > 0) {
      if (t.raw_data.length !== 4 * n) fail(`initializer '${t.name}'`, `has ${t.raw_data.length} bytes for ${n} float32 values`)
      const dv = new DataView(t.raw_data.buffer, t.raw_data.byteOffset, t.raw_data.byteLength)
      data = new Float32Array(n).map((_, i) => dv.getFloat32(4 * i, true))
    } else {
      data = Float32Array.from(t.float_data ?? [])
      if (data.length !== n) fail(`initializer '${t.name}'`, `has ${data.length} values for shape [${(t.dims ?? []).join(', ')}]`)
    }
    inits.set(t.name, { dims: t.dims ?? [], data })
  }
  const tensor = (name: string, dims: number[]): Float32Array => {
    const t = inits.get(name) ?? fail(`initializer '${name}'`, 'is missing')
    if (t.dims.length !== dims.length || t.dims.some((d, i) => d !== dims[i])) fail(`initializer '${name}'`, `has shape [${t.dims.join(', ')}], expected [${dims.join(', ')}]`)
    return t.data
  }

  const { layout, size } = buildLayout(spec)
  const params = allocParams('float32', size) as Float32Array
  const at = (name: string) => { const v = layout.find((p) => p.name === name)!; return params.subarray(v.offset, v.offset + v.size) }
  const { hiddenSize: H, outputSize: O } = spec
  const G = gateCount(spec.cell)
  const order = onnxGateOrder(spec.cell)
  for (let l = 0; l < spec.numLayers; l++) {
    const D = l === 0 ? spec.inputSize : H
    permuteGateRows(tensor(initName.W(l), [1, G * H, D]), at(`weight_ih_l${l}`), order, H, D, false)
    permuteGateRows(tensor(initName.R(l), [1, G * H, H]), at(`weight_hh_l${l}`), order, H, H, false)
    const b = tensor(initName.B(l), [1, 2 * G * H])
    permuteGateRows(b.subarray(0, G * H), at(`bias_ih_l${l}`), order, H, 1, false)
    permuteGateRows(b.subarray(G * H), at(`bias_hh_l${l}`), order, H, 1, false)
  }
  const Vt = tensor(initName.headWeightT, [H, O]) // (H, O)
  const V = at('head.weight') // (O, H)
  for (let o = 0; o < O; o++) for (let j = 0; j < H; j++) V[o * H + j] = Vt[j * O + o]
  at('head.bias').set(tensor(initName.headBias, [O]))

  const common = {
    model: { spec, dtype: 'float32' as const, params, layout },
    featureNames: featureNames as string[],
    target: need(META.target),
    lookBack: positiveInt(META.lookBack),
    horizon: positiveInt(META.horizon),
    appVersion,
    // what the run forecast with where that was not this network alone (a statistical model, a mean)
    runForecastLabel: meta.get(META.runForecast) || null
  }
  const names = featureNames as string[]
  const indexOf = (key: string, name: unknown): number => {
    const i = typeof name === 'string' ? names.indexOf(name) : -1
    return i >= 0 ? i : fail(`metadata '${key}'`, `names '${String(name)}', which is not in '${META.featureNames}'`)
  }
  const indices = (key: string): number[] => {
    const v = json(key)
    return Array.isArray(v) ? v.map((n) => indexOf(key, n)) : fail(`metadata '${key}'`, 'must be a JSON array of feature names')
  }
  const leads = ((): Record<string, number> | null => {
    if (!meta.has(META.leadInputs)) return null
    const v = json(META.leadInputs)
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(`metadata '${META.leadInputs}'`, 'must be a JSON object of feature name -> lead')
    for (const [name, l] of Object.entries(v as Record<string, unknown>)) {
      indexOf(META.leadInputs, name)
      if (!Number.isInteger(l) || (l as number) < 0) fail(`metadata '${META.leadInputs}'`, `gives '${name}' the lead ${String(l)}; a lead is an integer >= 0`)
    }
    return v as Record<string, number>
  })()
  const calendar = ((): CalendarConfig | null => {
    if (!meta.has(META.calendar)) return null
    try {
      return checkCalendar(json(META.calendar))
    } catch (e) {
      return fail(`metadata '${META.calendar}'`, (e as Error).message)
    }
  })()
  const classes = ((): ImportedOnnx['classes'] => {
    if (!meta.has(META.classes)) return null
    const names = json(META.classes)
    const n = spec.outputActivation === 'sigmoid' ? 2 : spec.outputSize
    if (task !== 'classification') fail(`metadata '${META.classes}'`, `is given for a '${task}' model; only classification has classes`)
    if (!Array.isArray(names) || names.length !== n || names.some((x) => typeof x !== 'string')) fail(`metadata '${META.classes}'`, `must be a JSON array of ${n} class names for the model's ${spec.outputSize} ${spec.outputActivation} outputs`)
    if (!meta.has(META.classRule)) return { names: names as string[], rule: null }
    const r = json(META.classRule) as Partial<Rule> | null
    const ops: unknown[] = ['>', '>=', '<', '<=', '==', '!=']
    const ok = typeof r === 'object' && r !== null && (r.column === null || typeof r.column === 'string') && ops.includes(r.op) &&
      ((typeof r.value === 'number' && Number.isFinite(r.value)) || (typeof r.value === 'string' && (r.op === '==' || r.op === '!=')))
    if (!ok) fail(`metadata '${META.classRule}'`, `must be a JSON object { column, op, value } with op one of ${ops.join(' ')} (a text value only with == or !=)`)
    return { names: names as string[], rule: r as Rule }
  })()
  /** The run's rule of metadata 'missing' (a policy per column, the default for the rest); null
   *  in files from before. */
  const missingRule = (): PipelineConfig['missing'] | null => {
    if (!meta.has(META.missing)) return null
    try {
      return checkMissing(json(META.missing), META.missing)
    } catch (e) {
      return fail(`metadata '${META.missing}'`, (e as Error).message)
    }
  }
  /** A fill's training means and modes and a seasonal target's gap fill: metadata 'missing' of a
   *  single-series file, a series_table entry's 'missing' of a global one. */
  const seriesFill = (value: unknown, field: string): SeriesFill => {
    const v = (typeof value === 'object' && value !== null ? value : {}) as { imputers?: unknown; gapFill?: unknown }
    const imp = v.imputers
    if (typeof imp !== 'object' || imp === null || Array.isArray(imp) || Object.values(imp).some((x) => typeof x !== 'string' && !(typeof x === 'number' && Number.isFinite(x))))
      fail(field, "must hold 'imputers', a JSON object of column -> training mean (a number) or mode (a level)")
    if (v.gapFill !== undefined && !isGapFill(v.gapFill))
      fail(field, "has a 'gapFill' that is not { season, cuts } with an integer season above 1 and three ISO times")
    return { imputers: imp as Record<string, number | string>, ...(v.gapFill ? { gapFill: v.gapFill as GapFill } : {}) }
  }
  /** The training rows' step (metadata 'step'; a global graph's series_table entry's 'step'). */
  const stepOf = (value: unknown, field: string): FittedStep => {
    const v = value as { ms?: unknown; weekdays?: unknown; index?: unknown } | null
    if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof v.ms !== 'number' || !(v.ms > 0 && Number.isFinite(v.ms)) || (v.weekdays !== undefined && v.weekdays !== true) || (v.index !== undefined && typeof v.index !== 'boolean'))
      fail(field, "must be a JSON object { ms, weekdays?, index? }: the training rows' step in milliseconds (a number above 0), weekdays true for business days, index true for an integer step index (ms then in its integers) and false for dates")
    return { ms: v!.ms as number, ...(v!.weekdays === true ? { weekdays: true as const } : {}), ...(typeof v!.index === 'boolean' ? { index: v!.index } : {}) }
  }
  /** The grid the run put its rows on (metadata 'resample'; a series_table entry's 'resample'). */
  const resampleOf = (value: unknown, field: string): TimeConfig['resample'] => {
    try {
      return checkResample(value, field)
    } catch (e) {
      return fail(field, (e as Error).message)
    }
  }
  /** The run's time column (metadata 'time_column'); null in files from before. */
  const timeColumn = (): string | null => {
    const t = meta.get(META.timeColumn) ?? null
    return t === '' ? fail(`metadata '${META.timeColumn}'`, 'must name the time column') : t
  }
  /** A regression's domain (metadata 'domain'; a series_table entry's 'domain'); null where absent. */
  const domainOf = (value: unknown, field: string): Domain | null => {
    if (value === undefined) return null
    if (task !== 'regression') fail(field, `is given for a '${task}' model; only a regression is clipped`)
    return value === 'non-negative' ? value : fail(field, `must be 'non-negative' (got ${JSON.stringify(value)})`)
  }
  /** The run's rule for rows that repeat a time (metadata 'duplicates'); null in files from before. */
  const duplicates = (): TimeConfig['duplicates'] | null => {
    if (!meta.has(META.duplicates)) return null
    const d = meta.get(META.duplicates)
    const rules: TimeConfig['duplicates'][] = ['keep', 'error', 'mean', 'sum', 'last', 'first']
    return rules.find((r) => r === d) ?? fail(`metadata '${META.duplicates}'`, `must be one of ${rules.join(', ')} (got '${d}')`)
  }
  const single = (): ImportedOnnx => {
    let scaling: OnnxScaling | null = null
    if (inits.has(initName.inputMean)) {
      const regression = task === 'regression'
      scaling = {
        inputMean: Array.from(tensor(initName.inputMean, [spec.inputSize])),
        inputStd: Array.from(tensor(initName.inputStd, [spec.inputSize])),
        targetMean: regression ? Array.from(tensor(initName.targetMean, [O])) : [0],
        targetStd: regression ? Array.from(tensor(initName.targetStd, [O])) : [1]
      }
    }
    let level: OnnxLevel | null = null
    if (hasLevel) {
      const tt = need(META.targetTransform)
      if (tt !== 'log' && tt !== 'none') fail(`metadata '${META.targetTransform}'`, `must be 'log' or 'none' (got '${tt}')`)
      const ti = need(META.targetInput)
      level = { logInputs: indices(META.logInputs), relativeInputs: indices(META.relativeInputs), targetInput: ti === '' ? null : indexOf(META.targetInput, ti), targetLog: tt === 'log' }
      if (scaling === null || task !== 'regression') fail(`metadata '${META.formatVersion}'`, `is ${formatVersion} with level steps ('${META.targetTransform}') but the file has no regression scaling`)
    }
    const resample = meta.has(META.resample) ? resampleOf(json(META.resample), `metadata '${META.resample}'`) : null
    const missing = ((): OnnxMissing | null => {
      const policy = missingRule()
      return policy && { ...policy, ...seriesFill(json(META.missing), `metadata '${META.missing}'`) }
    })()
    const step = meta.has(META.step) ? stepOf(json(META.step), `metadata '${META.step}'`) : null
    return { ...common, scaling, level, task: task as OnnxTask, leads, calendar, resample, step, timeColumn: timeColumn(), duplicates: duplicates(), missing, classes, domain: domainOf(meta.get(META.domain), `metadata '${META.domain}'`) }
  }
  const global = (): ImportedGlobalOnnx => {
    const columns = json(META.seriesColumns)
    if (!Array.isArray(columns) || columns.length === 0 || columns.some((c) => typeof c !== 'string')) fail(`metadata '${META.seriesColumns}'`, 'must be a JSON array of the series id column names')
    // a global classification (onnx-global.ts): its class names, the inputs' scaling only, no level steps
    const classification = task === 'classification'
    if (classification && classes === null) fail(`metadata '${META.classes}'`, "is missing; a global classification's graph names its classes")
    if (classification === (spec.outputActivation === 'identity')) fail(`metadata '${META.task}'`, `is '${task}' but the model's output activation is '${spec.outputActivation}'`)
    const inputNames = json(META.seriesInputs)
    const expected: string[] = classification ? [SERIES_INPUT.inputMean, SERIES_INPUT.inputStd] : [SERIES_INPUT.inputMean, SERIES_INPUT.inputStd, SERIES_INPUT.targetMean, SERIES_INPUT.targetStd]
    const anyLog = !classification && Array.isArray(inputNames) && inputNames.length === 5 && inputNames[4] === SERIES_INPUT.targetLog
    if (!Array.isArray(inputNames) || inputNames.length !== expected.length + (anyLog ? 1 : 0) || expected.some((n, i) => inputNames[i] !== n))
      fail(`metadata '${META.seriesInputs}'`, `must be ${JSON.stringify(expected)}${classification ? ' for a classification' : `, with '${SERIES_INPUT.targetLog}' after them when some series models log(y)`}`)
    const logColumns = classification ? [] : indices(META.logInputs)
    const relativeInputs = classification ? [] : indices(META.relativeInputs)
    const ti = classification ? '' : need(META.targetInput)
    const targetInput = ti === '' ? null : indexOf(META.targetInput, ti)
    const missing = missingRule()
    const table = json(META.seriesTable)
    if (!Array.isArray(table) || table.length === 0) fail(`metadata '${META.seriesTable}'`, 'must be a JSON array with one entry per series')
    const D = spec.inputSize
    const series = (table as unknown[]).map((e, k) => {
      const at = `metadata '${META.seriesTable}' [${k}]`
      const row = e as { key?: unknown; label?: unknown; inputs?: Record<string, unknown> }
      if (!Array.isArray(row.key) || row.key.length !== (columns as string[]).length || row.key.some((v) => typeof v !== 'string') || typeof row.label !== 'string' || typeof row.inputs !== 'object' || row.inputs === null)
        fail(at, `needs a key (one string per id column), a label and the inputs ${JSON.stringify(inputNames)}`)
      const vec = (name: string, n: number): number[] => {
        const v = row.inputs![name]
        return Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : fail(`${at} (${String(row.label)}) input '${name}'`, `must be ${n} finite number(s)`)
      }
      const scaling: OnnxScaling = { inputMean: vec(SERIES_INPUT.inputMean, D), inputStd: vec(SERIES_INPUT.inputStd, D), targetMean: classification ? [0] : vec(SERIES_INPUT.targetMean, 1), targetStd: classification ? [1] : vec(SERIES_INPUT.targetStd, 1) }
      const targetLog = anyLog && vec(SERIES_INPUT.targetLog, 1)[0]! > 0.5
      const level: OnnxLevel = { logInputs: targetLog ? logColumns : [], relativeInputs, targetInput, targetLog }
      // the series' fill under the run's rule: a rule without it, or it without a rule, is damage
      const fill = (e as { missing?: unknown }).missing
      if ((fill === undefined) !== (missing === null)) fail(`${at} (${String(row.label)})`, missing === null ? `has a 'missing' but the file has no metadata '${META.missing}'` : `has no 'missing', which metadata '${META.missing}' asks of every series`)
      // what forecast the series in the run where not this network alone (its 'forecast_by')
      const by = (e as { forecast_by?: unknown }).forecast_by
      if (by !== undefined && typeof by !== 'string') fail(`${at} (${String(row.label)}) 'forecast_by'`, 'must be the name of a forecaster')
      // its training rows' step and grid (absent in files from before: unchecked, no grid)
      const time = e as { step?: unknown; resample?: unknown }
      const step = time.step === undefined ? null : stepOf(time.step, `${at} (${String(row.label)}) 'step'`)
      const resample = time.resample === undefined ? null : resampleOf(time.resample, `${at} (${String(row.label)}) 'resample'`)
      // clipped at 0 past the end where its every training value was >= 0 (absent in files from before: not clipped)
      const domain = domainOf((e as { domain?: unknown }).domain, `${at} (${String(row.label)}) 'domain'`)
      return { key: row.key as string[], label: row.label as string, scaling, level: hasLevelSteps(level) ? level : null, missing: fill === undefined ? null : seriesFill(fill, `${at} (${String(row.label)}) 'missing'`), forecastBy: typeof by === 'string' && by !== '' ? by : null, step, resample, domain }
    })
    return { ...common, task: task as OnnxTask, classes, seriesColumns: columns as string[], series, leads, calendar, resample: null, timeColumn: timeColumn(), duplicates: duplicates(), missing }
  }
  return { formatVersion, isGlobal, meta, fail, single, global }
}

/** Throws MissingFeaturesError naming every model input that `columns` lacks. */
export function assertFeaturesPresent(featureNames: string[], columns: string[], source: string): void {
  const have = new Set(columns)
  const missing = featureNames.filter((f) => !have.has(f))
  if (missing.length > 0) throw new MissingFeaturesError(source, missing)
}

/**
 * What the exported graph computes, with the engine: raw windows (B, L, D) in original units ->
 * forecasts in original units (per-step (B, L, O), final (B, O)), or probabilities. The same
 * float32 steps as the graph, in its order (onnx.ts, levelInputs for format 2).
 */
export function predictWindows(m: Pick<ImportedOnnx, 'model' | 'scaling' | 'task'> & { level?: OnnxLevel | null }, windows: Float32Array, B: number): Float32Array {
  const { inputSize: D, outputSize: O, outputMode } = m.model.spec
  const T = windows.length / (B * D)
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`windows has ${windows.length} values, not a multiple of batch ${B} × features ${D}`)
  const f32 = Math.fround
  const s = m.scaling
  const lv = s !== null ? (m.level ?? null) : null
  const isLog = Array.from({ length: D }, (_, d) => lv?.logInputs.includes(d) ?? false)
  const isRel = Array.from({ length: D }, (_, d) => lv?.relativeInputs.includes(d) ?? false)
  const x = new Float32Array(T * B * D) // (T, B, D), time-major for the engine
  const anchor = new Float32Array(B) // (B) the scaled last-step target, 0 without one
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let d = 0; d < D; d++) {
    const v = windows[(b * T + t) * D + d]
    if (s === null) {
      x[(t * B + b) * D + d] = v
      continue
    }
    const abs = f32(f32((isLog[d] ? f32(Math.log(v)) : v) - s.inputMean[d]) / s.inputStd[d])
    let z = abs
    if (isRel[d]) {
      const last = windows[(b * T + T - 1) * D + d]
      z = f32((isLog[d] ? f32(Math.log(f32(v / last))) : f32(v - last)) / s.inputStd[d])
    }
    x[(t * B + b) * D + d] = z
    if (t === T - 1 && d === lv?.targetInput) anchor[b] = abs
  }
  const y = predict(m.model, x, T, B) // per-step (T, B, O), final (B, O)
  const out = new Float32Array(y.length)
  const inverse = s !== null && m.task === 'regression'
  for (let r = 0; r < y.length / O; r++) {
    const b = outputMode === 'per-step' ? r % B : r
    const dst = outputMode === 'per-step' ? (b * T + Math.floor(r / B)) * O : r * O // engine row r = t * B + b
    for (let o = 0; o < O; o++) {
      if (!inverse) {
        out[dst + o] = y[r * O + o]
        continue
      }
      const z = lv?.targetInput != null ? f32(y[r * O + o] + anchor[b]) : y[r * O + o]
      const u = f32(f32(z * s.targetStd[o % s.targetStd.length]) + s.targetMean[o % s.targetMean.length])
      out[dst + o] = lv?.targetLog ? f32(Math.exp(u)) : u
    }
  }
  return out
}
