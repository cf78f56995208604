// A trained model applied to new data: load the model file (network + stored pipeline), forecast
// from every window of a new CSV, or forecast N steps past its end. Intervals are the run's
// split-conformal half-width q (fitted on validation residuals of h-step forecasts). A direct model
// (window.targets 'all') has h outputs, output k forecasting k rows ahead, each with its own q.
import { andList, labelWords } from '../data/words'
import { anchorWindow, applyScaler, copyRow, asWords, fix, isGapFill, knownGiven, relativeOffsets, scaledToTarget, validateConfig, words, PipelineError, type Applied, type Dataset, type Words, type FittedPipeline, type PipelineConfig, type Scaler } from '../data'
import { calendarColumns, calendarValues } from '../data/calendar'
import { parseModel, predict, type Model } from '../engine'
import { restoreStat, type StatFit, type StoredStat } from '../data'
import { aheadOffsets, blend, MIN_STEP_RESIDUALS, replayHistory, type ForecastChoice, type StoredAhead } from './choice'
import { networkPaths } from './paths'
import { boundsIn, clipValue, offsetBoundsIn, type Domain, type HistoryRange } from './domain'
import { advanceTime, clockNote, inferStep, pastLastYearOf, pastLastYearWords, type TimeStep } from './time-step'
import { localClockTimes } from '../data/series'
import { noticeTime, pastEndZoneNote } from '../data/time-cell'
import { seasonStart } from './season-start'

export type ForecastErrorCode = 'bad-model' | 'too-new' | 'needs-future-features' | 'cannot-recurse' | 'short-series' | 'bad-steps' | 'no-series' // no-series: the data holds none of a global model's series

export class ForecastError extends Error {
  override name = 'ForecastError'
  /** The app's words where they differ from the message (the CLI's): words.ts. */
  readonly app?: string
  constructor(
    readonly code: ForecastErrorCode,
    message: string | Words
  ) {
    const w = asWords(message)
    super(w.message)
    if (w.app !== undefined) this.app = w.app
  }
}

export interface LoadedModel {
  model: Model
  config: PipelineConfig
  fitted: FittedPipeline
  /** Split-conformal half-width in target units, or null (classification, or no validation windows). */
  intervalHalfWidth: number | null
  /** Direct models: the half-width of each horizon step 1..h, or null. Absent for plain models. */
  intervalHalfWidths?: number[] | null
  level: number | null
  meta: Record<string, unknown>
  /** The forecaster chosen on validation (absent in files from before the choice: the network). */
  choice: ForecastChoice | null
  /** Per-step half-widths 1..K past an origin for the chosen forecaster (log ratios when log). */
  ahead: StoredAhead | null
  /** 'non-negative': forecasts and bounds are clipped at 0 (domain.ts); null in files from before. */
  domain: Domain | null
  /** The observed target's range before the run's test period (domain.ts beyondHistory); null in
   *  files from before it and for classification. */
  history?: HistoryRange | null
}

export interface ForecastPoint {
  /** Row of the forecast value: < N inside the data, >= N past its end. */
  row: number
  /** Rows ahead of the last row the forecast used as input (h for window forecasts; 1..steps past the end). */
  step: number
  time: number | null // epoch ms; past the end, extended with the series' inferred frequency
  /** Regression: original units; binary classification: P(class 1); K > 2: the most probable class index. */
  value: number
  probs: number[] | null // (K) class probabilities, classification only
  lower: number | null
  upper: number | null
  actual: number | null
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const bad = (field: string, what: string): never => {
  throw new ForecastError('bad-model', `pipeline.${field} ${what}`)
}

/** Model file JSON -> network + pipeline, refusing files made by a newer app or without a pipeline. */
export function loadModelFile(json: unknown, appVersion?: string): LoadedModel {
  const { model, pipeline, meta = {} } = parseModel(json)
  const made = meta['appVersion']
  if (appVersion && typeof made === 'string' && newerVersion(made, appVersion))
    throw new ForecastError('too-new', `the model was saved by Forecast Workbench ${made}, newer than this app (${appVersion}); update the app to use it`)
  if (!isObj(pipeline)) throw new ForecastError('bad-model', 'the model file has no pipeline (columns, scalers, window), so new data cannot be prepared for it; export it from a training run')
  let config: PipelineConfig
  try {
    config = validateConfig(pipeline['config'])
  } catch (e) {
    throw e instanceof PipelineError ? new ForecastError('bad-model', `pipeline.config.${e.message}`) : e
  }
  const fitted = checkFitted(pipeline['fitted'], config)
  if (model.spec.inputSize !== fitted.D) bad('fitted.D', `is ${fitted.D} but the network takes ${model.spec.inputSize} inputs`)
  const t = fitted.target
  const direct = config.window.targets === 'all'
  if (direct && t.kind !== 'regression') bad('config.window.targets', "is 'all' (direct) but the target is not a regression")
  const O = direct ? config.window.horizon : t.kind === 'regression' || t.classes.length === 2 ? 1 : t.classes.length
  if (model.spec.outputSize !== O) bad('fitted.target', `needs ${O} network outputs, the network has ${model.spec.outputSize}`)
  const q = pipeline['intervalHalfWidth']
  const qs = pipeline['intervalHalfWidths']
  const level = pipeline['level']
  const perStep = Array.isArray(qs) && qs.length === O && qs.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (qs as number[]) : null
  const choice = checkChoice(pipeline['choice'])
  const ahead = checkAhead(pipeline['ahead'])
  const domain = pipeline['domain'] ?? null
  if (domain !== null && domain !== 'non-negative') bad('domain', "must be 'non-negative' or absent")
  const h: unknown = pipeline['history']
  const history = h === undefined ? null : isObj(h) && Number.isFinite(h['min']) && Number.isFinite(h['max']) && (h['min'] as number) <= (h['max'] as number) ? { min: h['min'] as number, max: h['max'] as number } : bad('history', 'must be { min, max } with min <= max, or absent')
  return {
    model, config, fitted, meta, choice, ahead, domain: domain as Domain | null, history,
    intervalHalfWidth: typeof q === 'number' && Number.isFinite(q) ? q : null,
    ...(direct ? { intervalHalfWidths: perStep } : {}),
    level: typeof level === 'number' ? level : null
  }
}

function checkChoice(c: unknown): ForecastChoice | null {
  if (c === undefined || c === null) return null
  if (!isObj(c)) return bad('choice', 'must be an object')
  if (typeof c['chosen'] !== 'string' || typeof c['label'] !== 'string') return bad('choice', 'needs chosen and label strings')
  if (typeof c['network'] !== 'number' || !(c['network'] >= 0 && c['network'] <= 1)) return bad('choice.network', 'must be a weight in [0, 1]')
  if (!Array.isArray(c['members'])) return bad('choice.members', 'must be an array')
  let total = c['network'] as number
  ;(c['members'] as unknown[]).forEach((x, i) => {
    if (!isObj(x) || typeof x['weight'] !== 'number' || !(x['weight'] > 0)) return bad(`choice.members[${i}].weight`, 'must be a positive number')
    total += x['weight'] as number
    for (const k of ['fit', 'full'] as const) {
      try {
        restoreStat(x[k] as StoredStat)
      } catch (e) {
        bad(`choice.members[${i}].${k}`, `is not a statistical model this app can use (${(e as Error).message})`)
      }
    }
  })
  if (Math.abs(total - 1) > 1e-9) bad('choice', `weights must sum to 1 (got ${total})`)
  const o = c['outliers']
  if (o !== undefined) {
    if (!isObj(o) || typeof o['log'] !== 'boolean') return bad('choice.outliers', 'must be { log, train, all, val? }')
    for (const k of ['train', 'all', 'val'] as const) {
      const list = o[k]
      if (k === 'val' && list === undefined) continue // none, and runs stored before
      const ok = (r: unknown) => isObj(r) && Number.isInteger(r['row']) && (r['row'] as number) >= 0 && Number.isFinite(r['value']) && Number.isFinite(r['replacement'])
      if (!Array.isArray(list) || !list.every(ok)) return bad(`choice.outliers.${k}`, 'must be a list of { row, value, replacement }')
    }
  }
  return c as unknown as ForecastChoice
}

function checkAhead(a: unknown): LoadedModel['ahead'] {
  if (a === undefined || a === null) return null
  const finite = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v))
  if (!isObj(a) || !finite(a['q']) || typeof a['log'] !== 'boolean' || typeof a['calibrated'] !== 'number')
    return bad('ahead', 'must be { q: number[], calibrated, log }')
  // the asymmetric bounds (absent in files from before them): one offset per step, lower <= 0 <= upper
  const K = a['q'].length
  if (a['lower'] !== undefined && !(finite(a['lower']) && a['lower'].length === K && a['lower'].every((v) => v <= 0)))
    return bad('ahead.lower', `must be ${K} finite numbers <= 0, one per step`)
  if (a['upper'] !== undefined && !(finite(a['upper']) && a['upper'].length === K && a['upper'].every((v) => v >= 0)))
    return bad('ahead.upper', `must be ${K} finite numbers >= 0, one per step`)
  if ((a['lower'] === undefined) !== (a['upper'] === undefined)) return bad('ahead', 'has one of lower and upper without the other')
  return a as unknown as StoredAhead
}

/** The statistical members of a loaded run's forecast, ready to forecast (empty when the network
 *  alone is the forecast). Window forecasts (predictWindows) use their fits on the training rows,
 *  so that the run's own data gives back its test forecasts; the forecast past the end uses their
 *  refits on every row, as R's forecast() does. */
function membersOf(m: LoadedModel, full = false): { fit: StatFit; weight: number }[] {
  return (m.choice?.members ?? []).map((x) => ({ fit: restoreStat(full ? x.full : x.fit), weight: x.weight }))
}

/** The chosen forecast from the network's values (W, k) and the members' (each (W, k)). */
function mixOf(m: LoadedModel, net: Float64Array | null, members: { weight: number }[], parts: Float64Array[]): Float64Array {
  return blend(net, m.choice ? m.choice.network : 1, parts, members.map((x) => x.weight))
}

/** The target of new data in original units with gaps filled, as the statistical models need it:
 *  as the run filled the history its models read (Applied.targetHistory: the run's rule and season,
 *  fitted.gapFill); in a model file without gapFill, the last value carried forward, else
 *  the next, as before. null when the data has no target column. */
function filledTarget(a: Applied): Float64Array | null {
  if (!a.targetRaw) return null
  if (a.targetHistory) return a.targetHistory
  const y = Float64Array.from(a.targetRaw)
  let last = NaN
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) last = y[i]!
    else y[i] = last
  const first = y.findIndex((v) => v === v)
  for (let i = 0; i < first; i++) y[i] = y[first]!
  return y
}

/** a > b for dotted numeric versions ('0.2.0' > '0.1.9'); anything unparsable counts as not newer. */
function newerVersion(a: string, b: string): boolean {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number)
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number)
  if ([...pa, ...pb].some((x) => !Number.isInteger(x))) return false
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0)
  return false
}

function checkScaler(s: unknown, field: string): Scaler {
  if (!isObj(s)) return bad(field, 'must be a scaler object')
  const num = (k: string) => typeof s[k] === 'number' && Number.isFinite(s[k])
  if (s['kind'] === 'none' || (s['kind'] === 'zscore' && num('mean') && num('std')) || (s['kind'] === 'minmax' && num('min') && num('max'))) return s as Scaler
  return bad(field, `is not a valid scaler (${JSON.stringify(s)})`)
}

function checkFitted(f: unknown, config: PipelineConfig): FittedPipeline {
  if (!isObj(f)) return bad('fitted', 'must be an object')
  if (!Array.isArray(f['inputs'])) bad('fitted.inputs', 'must be an array')
  if (!isObj(f['scalers']) || !isObj(f['imputers'])) bad('fitted', 'needs scalers and imputers objects')
  const scalers = f['scalers'] as Record<string, unknown>
  const imputers = f['imputers'] as Record<string, unknown>
  let D = 0
  ;(f['inputs'] as unknown[]).forEach((b, i) => {
    const at = `fitted.inputs[${i}]`
    if (!isObj(b) || typeof b['column'] !== 'string' || !['numeric', 'boolean', 'one-hot'].includes(b['kind'] as string)) return bad(at, 'must be { column, kind: numeric|boolean|one-hot, offset, size }')
    if (b['offset'] !== D || !Number.isInteger(b['size']) || (b['size'] as number) < 1) bad(`${at}.offset`, `must be ${D} with an integer size >= 1`)
    if (b['static'] !== undefined && b['static'] !== true) bad(`${at}.static`, 'must be true or absent')
    if (b['known'] !== undefined && b['known'] !== true) bad(`${at}.known`, 'must be true or absent')
    D += b['size'] as number
    if (b['kind'] === 'one-hot') {
      const levels = b['levels']
      if (!Array.isArray(levels) || levels.length !== b['size'] || !levels.every((l) => typeof l === 'string')) bad(`${at}.levels`, 'must list one name per one-hot input')
      if (typeof imputers[b['column']] !== 'string') bad(`fitted.imputers.${b['column']}`, 'must be the training mode (a level name)')
    } else {
      checkScaler(scalers[b['column']], `fitted.scalers.${b['column']}`)
      if (typeof imputers[b['column']] !== 'number') bad(`fitted.imputers.${b['column']}`, 'must be the training mean (a number)')
    }
  })
  if (f['D'] !== D) bad('fitted.D', `must be ${D}, the sum of the input sizes`)
  const t = f['target']
  if (!isObj(t) || t['column'] !== config.target) return bad('fitted.target', `must describe the target "${config.target}"`)
  if (t['kind'] === 'regression') {
    checkScaler(t['scaler'], 'fitted.target.scaler')
    if (t['relative'] !== undefined && t['relative'] !== true) bad('fitted.target.relative', 'must be true or absent')
    if (t['transform'] !== undefined && t['transform'] !== 'log') bad('fitted.target.transform', "must be 'log' or absent")
  }
  else if (t['kind'] !== 'classification' || !Array.isArray(t['classes']) || t['classes'].length < 2) bad('fitted.target', 'must be a regression (with a scaler) or a classification with >= 2 classes')
  const step = f['step']
  if (step !== undefined && (!isObj(step) || !(typeof step['ms'] === 'number' && step['ms'] > 0) || (step['weekdays'] !== undefined && step['weekdays'] !== true) || (step['index'] !== undefined && typeof step['index'] !== 'boolean')))
    bad('fitted.step', 'must be { ms, weekdays?, index? } with ms > 0 (weekdays true, index true or false, where present), or absent')
  if (f['start'] !== undefined && !(typeof f['start'] === 'string' && Number.isFinite(Date.parse(f['start']))))
    bad('fitted.start', 'must be an ISO time, or absent')
  const closed = f['closed']
  if (closed !== undefined && !(Array.isArray(closed) && closed.every((d) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && Number.isFinite(Date.parse(d)))))
    bad('fitted.closed', 'must be a list of days (YYYY-MM-DD), or absent')
  const g = f['gapFill']
  if (g !== undefined && !isGapFill(g))
    bad('fitted.gapFill', 'must be { season, cuts } with an integer season above 1 and three ISO times, or absent')
  return f as unknown as FittedPipeline
}

/** Last-step network outputs (B, O) for the windows ending at `ends` (each window: rows [e-L+1, e]),
 *  with the stored pipeline's relative inputs taken relative to each window's last row. */
function outputsAt(m: LoadedModel, inputs: Float32Array, D: number, L: number, ends: number[]): Float64Array {
  const model = m.model
  const rel = relativeOffsets(m.fitted)
  const O = model.spec.outputSize
  const out = new Float64Array(ends.length * O) // (W, O)
  for (let s = 0; s < ends.length; s += 256) {
    const B = Math.min(256, ends.length - s)
    const x = new Float32Array(L * B * D) // (T, B, D) time-major, as the engine wants
    for (let b = 0; b < B; b++) {
      const start = ends[s + b]! - L + 1
      for (let t = 0; t < L; t++) copyRow(x, (t * B + b) * D, inputs, (start + t) * D, D)
      if (rel.length) anchorWindow(x, inputs, D, rel, L, B, b, ends[s + b]!)
    }
    const y = predict(model, x, L, B) // per-step (T, B, O) | final (B, O)
    const last = model.spec.outputMode === 'per-step' ? (L - 1) * B * O : 0
    for (let i = 0; i < B * O; i++) out[s * O + i] = y[last + i]!
  }
  return out
}

/** The scaled target at row `end` of the inputs: the anchor of a level-relative output (else 0). */
function anchorOf(m: LoadedModel, inputs: Float32Array, D: number, end: number): number {
  const t = m.fitted.target
  if (t.kind !== 'regression' || !t.relative) return 0
  const block = m.fitted.inputs.find((b) => b.column === t.column)
  return block ? inputs[end * D + block.offset]! : 0
}

/** One output row (O values at `i`) in forecast terms: value, class probabilities. `anchor`: the
 *  window's scaled last target value (level-relative models; see anchorOf). */
function readOutput(m: LoadedModel, out: Float64Array, i: number, anchor: number): { value: number; probs: number[] | null } {
  const t = m.fitted.target
  if (t.kind === 'regression') return { value: scaledToTarget(t, out[i]! + anchor), probs: null }
  if (t.classes.length === 2) return { value: out[i]!, probs: [1 - out[i]!, out[i]!] }
  const K = t.classes.length
  const probs = Array.from(out.subarray(i * K, (i + 1) * K))
  return { value: probs.indexOf(Math.max(...probs)), probs }
}

/** Direct model: the (regression) output k-1 of window i, in original units. */
function readDirect(m: LoadedModel, out: Float64Array, i: number, k: number, anchor: number): number {
  const t = m.fitted.target
  const h = m.config.window.horizon
  return t.kind === 'regression' ? scaledToTarget(t, out[i * h + k - 1]! + anchor) : NaN
}

/** Half-width of a direct model's step k (1..h): its own q, else the run's q at h for step h. */
function directQ(m: LoadedModel, k: number): number | null {
  const qs = m.intervalHalfWidths
  if (qs) return qs[k - 1] ?? null
  return k === m.config.window.horizon ? m.intervalHalfWidth : null
}

/** The forecast of every window of the new data: the window ending at row o (o >= L-1) forecasts
 *  row o + h (past the end of the data for the last h windows, with no actual); a direct model
 *  forecasts rows o + 1 ... o + h, one point per step, window by window. */
export function predictWindows(m: LoadedModel, a: Applied): ForecastPoint[] {
  const { lookback: L, horizon: h } = m.config.window
  // known blocks led past the end read the future values the data gives; a window that reads one
  // not given (its forecast row lies past them) is left out, never fed a guess
  const inputs = knownTail(m, a)
  const ends = Array.from({ length: a.N - L + 1 }, (_, i) => L - 1 + i).filter((e) => knownGiven(m.fitted, inputs, a.D, e - L + 1, e + 1))
  const out = outputsAt(m, inputs, a.D, L, ends) // (W, O)
  const q = m.fitted.target.kind === 'regression' ? m.intervalHalfWidth : null
  const log = logIntervals(m)
  const step = stepOf(m, a)
  const actualAt = (row: number) => (row < a.N && a.targetRaw && a.targetRaw[row] === a.targetRaw[row] ? a.targetRaw[row]! : null)
  const members = membersOf(m)
  const direct = m.config.window.targets === 'all'
  // the chosen statistical models at the same origins, steps 1..h: (W, h) each
  const y = members.length ? needTarget(m, a) : null
  // the history as the run's statistical models read theirs: outliers replaced (choice.outliers),
  // its first row in the season position its date has (season-start.ts)
  const start = members.length ? seasonStart(m, a).start : 0
  const hist = y && replayHistory(m.choice, y, 'train', start)
  const st = members.map((x) => x.fit.forecastAt(hist!, Int32Array.from(ends), h, start))
  const mix = (net: number, i: number, k: number) => (st.length ? mixOf(m, Float64Array.of(net), members, st.map((p) => Float64Array.of(p[i * h + k - 1]!)))[0]! : net)
  if (direct) {
    return ends.flatMap((o, i) => Array.from({ length: h }, (_, j) => {
      const k = j + 1
      const value = clipValue(m.domain, mix(readDirect(m, out, i, k, anchorOf(m, a.inputs, a.D, o)), i, k))
      const qk = directQ(m, k)
      const [lower, upper] = qk === null ? [null, null] : boundsIn(m.domain, value, qk, log)
      return { row: o + k, step: k, time: timeOfRow(a, step, o + k), value, probs: null, lower, upper, actual: actualAt(o + k) }
    }))
  }
  return ends.map((o, i) => {
    const row = o + h
    const r = readOutput(m, out, i, anchorOf(m, a.inputs, a.D, o))
    const value = m.fitted.target.kind === 'regression' ? clipValue(m.domain, mix(r.value, i, h)) : r.value
    const [lower, upper] = q === null ? [null, null] : boundsIn(m.domain, value, q, log)
    return { row, step: h, time: timeOfRow(a, step, row), value, probs: r.probs, lower, upper, actual: actualAt(row) }
  })
}

/** What predictWindows left out of `a`'s windows (those ending at rows L-1 .. N-1) because their
 *  inputs known in the future, led by the horizon, read values the data does not give: null when
 *  none was; else a note naming the inputs and the last forecast row made. */
export function windowsLeftOut(m: LoadedModel, a: Applied, points: ForecastPoint[]): string | null {
  const { lookback: L, horizon: h } = m.config.window
  const made = m.config.window.targets === 'all' ? points.length / h : points.length
  const left = a.N - L + 1 - made
  if (left <= 0) return null
  const names = [...new Set(m.fitted.inputs.filter((b) => b.known && (b.lead ?? 0) > 0).map((b) => b.column))]
  return `${left === 1 ? 'the last window is' : `the last ${left} windows are`} left out: ${andList(names)} ${names.length === 1 ? 'is' : 'are'} known in the future and read ${h} ${h === 1 ? 'row' : 'rows'} ahead, and the data has no value for ${left === 1 ? 'its forecast row' : 'their forecast rows'}; add rows after the last target value (the target left empty) with those values`
}

/** Intervals of a log-transformed target are ratios around the forecast (see choice.bounds). */
function logIntervals(m: LoadedModel): boolean {
  const t = m.fitted.target
  return t.kind === 'regression' && t.transform === 'log'
}

/** The target history a statistical forecaster needs, or a ForecastError saying so. */
function needTarget(m: LoadedModel, a: Applied): Float64Array {
  const y = filledTarget(a)
  if (!y) throw new ForecastError('bad-model', `the run's forecast is ${m.choice ? labelWords(m.choice.label) : 'a statistical model'}, which forecasts from the history of "${m.config.target}"; the data has no such column`)
  return y
}

/** How the app gives a model the future values of its known inputs: the run's own rows. */
const FUTURE_ROWS = 'add rows with those times to the CSV (the target left empty, the known values filled in), import it and train again: a run reads these values from the rows after its last target value'

/** needsFuture's refusal: the model reads features whose future is unknown to the run, so it stops
 *  at its horizon (a global model forecasts its other series past it, forecast-global.ts); not a
 *  known input's value missing from the data or --future file, which stays a refusal. */
export class FeaturesUnknownAhead extends ForecastError {}

/** Forecasting past the end of a model whose other features' future is unknown: past its horizon
 *  only a target-only model (or features known in the future) can go on. */
function needsFuture(others: string[], steps: number, h: number): ForecastError {
  const what = `${others.length === 1 ? 'feature' : 'features'} ${andList(others)} would need future values`
  const reach = `${h} ${h === 1 ? 'step' : 'steps'} past the end`
  return new FeaturesUnknownAhead('needs-future-features', {
    message: `${what}; forecasting ${steps} steps ahead needs their values or a target-only model (train with --features ""); this model reaches ${reach}`,
    app: `${what} to forecast ${steps} steps ahead, and their future is unknown to the run: this model reaches ${reach}, and only a model that reads the target alone forecasts further; or, where the CSV holds their future values (rows after the last target value), mark them known in the future in Setup and train again`
  })
}

/**
 * Forecast past the end with the forecaster chosen on validation: the network's path (recursive
 * for a target-only model), the statistical model's, or their mean. Step k's interval is the
 * split-conformal bounds of step k, calibrated on validation and test paths (pipeline.ahead: lower
 * and upper offsets, or +- q in files from before them); steps past the stored ones take the last
 * stored bounds scaled by sqrt(k / K), an approximation (choice.aheadOffsets).
 */
function forecastChosen(m: LoadedModel, a: Applied, steps: number): ForecastPoint[] {
  const c = m.choice!
  const { lookback: L, horizon: h } = m.config.window
  const N = a.N
  const needNet = c.network > 0
  const members = membersOf(m, true)
  const direct = m.config.window.targets === 'all'
  let net: Float64Array | null = null
  if (needNet) {
    const others = [...new Set(m.fitted.inputs.filter((b) => b.column !== m.config.target && !b.static && !b.known).map((b) => b.column))]
    if (others.length && steps > h)
      throw needsFuture(others, steps, h)
    const need = direct ? L : L + h - 1
    if (N < need) throw new ForecastError('short-series', `need at least ${need} rows to forecast past the end with look-back ${L} and horizon ${h}, have ${N}`)
    const ka = futureInputs(m, a, steps)
    net = networkPaths({ model: m.model, fitted: m.fitted, window: m.config.window }, ka.inputs, a.D, [N - 1], steps, 256, ka.future)
  }
  const y = members.length ? needTarget(m, a) : null
  const start = members.length ? seasonStart(m, a).start : 0
  const hist = y && replayHistory(c, y, 'all', start)
  const values = mixOf(m, net, members, members.map((x) => x.fit.forecastAt(hist!, Int32Array.of(N - 1), steps, start)))
  const ahead = m.ahead && m.ahead.q.length ? m.ahead : null
  const step = stepOf(m, a)
  return Array.from(values, (raw, j) => {
    const k = j + 1
    const value = clipValue(m.domain, raw)
    const [lower, upper] = ahead === null ? [null, null] : offsetBoundsIn(m.domain, value, ...aheadOffsets(ahead, k), ahead.log)
    return { row: N + j, step: k, time: timeOfRow(a, step, N + j), value, probs: null, lower, upper, actual: null }
  })
}

/**
 * Forecasts rows N .. N+steps-1, past the end of the data.
 * - Target-only regression models recurse: row r is forecast from the window ending at r - h, whose
 *   rows past the end are earlier forecasts fed back in as the target's input. With h = 1 that is the
 *   usual one-step recursion; with h > 1 the h rows of each block come from h direct forecasts, so
 *   every forecast is the h-step-ahead one the model was trained for.
 * - Intervals: step k is ⌈k/h⌉ recursions deep and gets ±q·√⌈k/h⌉. This is an APPROXIMATION that
 *   treats each recursion's error as independent with the spread of one direct forecast; only the
 *   first h steps carry the calibrated split-conformal coverage.
 * - Models with other inputs (past covariates) are refused: their future values are unknown and are
 *   never invented. Classification models are refused beyond h steps (a class cannot be fed back).
 * - Direct models: the window ending at row N - 1 gives rows N ... N + h - 1 at once; past that they
 *   recurse in blocks of h (target-only, as above), step k taking its own q_k·√(recursion depth).
 */
export function forecastAhead(m: LoadedModel, a: Applied, steps: number): ForecastPoint[] {
  const { config, fitted } = m
  const { lookback: L, horizon: h } = config.window
  if (!Number.isInteger(steps) || steps < 1) throw new ForecastError('bad-steps', `steps must be an integer >= 1 (got ${steps})`)
  // dates past year 9999 cannot be written (a cell read "+010353-03-01"): refused, naming the last
  const step = stepOf(m, a)
  const past = pastEndOf(m, a, steps)
  if (past) throw new ForecastError('bad-steps', pastLastYearWords(past, steps))
  if (fitted.target.kind === 'regression' && m.choice) return forecastChosen(m, a, steps)
  // a classification model goes no further than h steps whatever its inputs (a class cannot be fed
  // back): said first, since a model on the target alone would not go further either
  const target = fitted.target
  if (target.kind === 'classification' && steps > h)
    throw new ForecastError('cannot-recurse', `a classification model cannot feed its forecasts back as inputs; it forecasts at most ${h} ${h === 1 ? 'step' : 'steps'} past the end (asked for ${steps})`)
  // other features' values are known up to the last row: the first h steps read windows inside the
  // data (a classification model's, and a plain model's within its horizon); later steps need more
  const others = [...new Set(fitted.inputs.filter((b) => b.column !== config.target && !b.static && !b.known).map((b) => b.column))]
  if (others.length && steps > h)
    throw needsFuture(others, steps, h)
  const N = a.N
  const D = a.D
  const direct = config.window.targets === 'all' // needs only one window: the one ending at N - 1
  const need = direct ? L : L + h - 1
  if (N < need) throw new ForecastError('short-series', `need at least ${need} rows to forecast past the end with look-back ${L}${direct ? '' : ` and horizon ${h}`}, have ${N}`)
  if (target.kind === 'regression') {
    // A file from before the choice: the network is the forecast, computed by the same recursion as
    // the choice's paths; intervals widen with the recursion depth as they always did for it.
    if (!fitted.inputs.some((b) => b.column === config.target)) throw new ForecastError('bad-model', 'the model does not take the target as an input, so it has nothing to forecast from')
    const ka = futureInputs(m, a, steps)
    const values = networkPaths({ model: m.model, fitted, window: config.window }, ka.inputs, D, [N - 1], steps, 256, ka.future)
    return Array.from(values, (raw, j) => {
      const k = j + 1
      const value = clipValue(m.domain, raw)
      const q = direct ? directQ(m, ((k - 1) % h) + 1) : m.intervalHalfWidth
      const w = q === null ? null : q * Math.sqrt(Math.ceil(k / h))
      const [lower, upper] = w === null ? [null, null] : boundsIn(m.domain, value, w, false)
      return { row: N + j, step: k, time: timeOfRow(a, step, N + j), value, probs: null, lower, upper, actual: null }
    })
  }
  // classification: at most h steps, each from its own window (nothing is fed back)
  const rows = Array.from({ length: steps }, (_, i) => N + i)
  // windows ending inside the data; their known blocks read up to `steps` rows past the end
  const out = outputsAt(m, futureInputs(m, a, steps).inputs, D, L, rows.map((r) => r - h))
  return rows.map((r, i) => ({ row: r, step: i + 1, time: timeOfRow(a, step, r), ...readOutput(m, out, i, 0), lower: null, upper: null, actual: null }))
}

// ---- inputs known in the future ---------------------------------------------------------------

/** The inputs a forecast past the end reads: the data's rows (N, D) with the known blocks' last
 *  rows led into the future, and the rows past the end (F, D), of which only known blocks are read
 *  (null for a model without known blocks: `inputs` is then the data's own). */
export interface KnownAhead { inputs: Float32Array; future: Float32Array | null }

/**
 * The inputs a forecast of `steps` steps past the end reads for the model's known blocks (the
 * data's own, and no future rows, when it has none). A block with a lead (InputBlock.lead = h) holds at row r the value at r + h, so the
 * window ending at the last row already reads the value h rows past the end: step 1 needs the
 * value at the first future time. The values past the end are calendar inputs computed from the
 * future timestamps (the data's regular step carried on) and declared known features from the
 * future rows of the data (matched by time, else in order). Only the values the windows read are
 * required (a plain model's step j reads the window ending at row N - 1 + j - h; a direct model's
 * blocks of h one window each); a required value that is missing is refused naming the column and
 * its timestamp.
 */
export function futureInputs(m: LoadedModel, a: Applied, steps: number): KnownAhead {
  if (!m.fitted.inputs.some((b) => b.known)) return { inputs: a.inputs, future: null }
  const { horizon: h } = m.config.window
  // the last window the forecast runs ends `reach` rows past the last data row (negative: inside)
  const reach = m.config.window.targets === 'all' ? h * Math.floor((steps - 1) / h) : steps - h
  return knownAhead(m, a, reach, steps)
}

/** `a`'s inputs (a copy when patched) with the known blocks' last rows holding their led values
 *  where the data gives them (calendar from the time column, declared features from the rows
 *  after the last target value), NaN where it does not: the windows inside the data, whose
 *  forecasts reach up to `lead` rows past it (predictWindows, and fw explain's last window). */
export function knownTail(m: LoadedModel, a: Applied): Float32Array {
  return m.fitted.inputs.some((b) => b.known) ? knownAhead(m, a, 0, null).inputs : a.inputs
}

/**
 * futureInputs' rows for windows ending up to `reach` rows past the last data row (F = max(0, reach)
 * rows past the end). A block led by lb reads the values at rows N .. N + reach + lb - 1. `steps`
 * given: such a value the data lacks is refused (ForecastError) as a forecast of that many steps
 * would read it; null: a data row keeps the value applyFitted led into it (the file's next row,
 * or NaN) and a row past the end is NaN, so that the windows reading it are left out
 * (predictWindows). Rows no window reads stay as they are.
 */
function knownAhead(m: LoadedModel, a: Applied, reach: number, steps: number | null): KnownAhead {
  const knowns = m.fitted.inputs.filter((b) => b.known)
  const D = a.D
  const N = a.N
  const F = Math.max(0, reach)
  const lead = Math.max(0, ...knowns.map((b) => b.lead ?? 0))
  const R = F + lead // the values at rows N .. N + R - 1 are written where given
  const inputs = lead > 0 ? Float32Array.from(a.inputs) : a.inputs
  const future = new Float32Array(F * D) // (F, D) only the known blocks are read
  if (R === 0) return { inputs, future }
  const strict = steps !== null
  const step = stepOf(m, a)
  const cal = m.config.calendar ? calendarColumns(m.config.calendar) : []
  const fail = (why: string | Words): never => {
    throw new ForecastError('needs-future-features', why)
  }
  if (strict && a.time && !step)
    fail(`the future values of ${andList(knowns.map((b) => b.column))} are matched to future timestamps, and the time column has no regular step to carry on; resample the data to a regular frequency`)
  if (strict && cal.length && !a.time) fail('calendar inputs need the time column to forecast past the end; the data has none')
  const times = Float64Array.from({ length: R }, (_, j) => (a.time && step ? advanceTime(a.time[N - 1]!, step, j + 1) : NaN)) // (R) row N + j
  const calValues = cal.length && a.time && step ? calendarValues(m.config.calendar!, times) : null
  const fut = a.future
  const byTime = new Map<number, number>()
  if (fut?.time) fut.time.forEach((t, i) => byTime.set(t, i))
  const label = (j: number) => (a.time && step ? noticeTime(times[j]!, a.zone) : `row ${N + j + 1} (step ${j + 1} past the end)`)
  for (const b of knowns) {
    const lb = b.lead ?? 0
    const read = reach + lb // the values at rows N .. N + read - 1 are read
    // the value at row N + j goes to row N + j - lb: a data row (j < lb) or future row j - lb
    for (let j = 0; j < F + lb; j++) {
      const row = N + j - lb
      if (row < 0) continue
      const at = row < N ? row * D + b.offset : (row - N) * D + b.offset
      const dest = row < N ? inputs : future
      if (cal.includes(b.column) && calValues) {
        dest[at] = applyScaler(m.fitted.scalers[b.column] ?? { kind: 'none' }, calValues.get(b.column)![j]!)
        continue
      }
      const src = cal.includes(b.column) ? undefined : a.time ? (fut?.time && step ? byTime.get(times[j]!) : undefined) : fut && j < fut.F ? j : undefined
      const v = src === undefined ? null : fut!.inputs.subarray(src * D + b.offset, src * D + b.offset + b.size)
      if (!v || v.some((x) => x !== x)) {
        if (strict && j < read)
          fail(words`"${b.column}" has no future value at ${label(j)}: forecasting ${steps} ${steps === 1 ? 'step' : 'steps'} ahead reads its values up to ${label(read - 1)}${j === 0 ? ', and no step can be forecast without the first' : ''}; ${fix(
            'add rows with those times (the target left empty) to the file, or give them with --future FILE',
            j === 0 ? `${FUTURE_ROWS}. Or, if they are not known ahead after all, untick them in Setup's inputs known in the future and train again` : `forecast fewer steps, or ${FUTURE_ROWS}`)}`)
        // not found here: a data row keeps what applyFitted led into it (the file's next rows, or NaN)
        if (row >= N) dest.fill(NaN, at, at + b.size)
      } else dest.set(v, at)
    }
  }
  return { inputs, future }
}

// ---- time stamps past the end (time-step.ts) -------------------------------------------------

export { advanceTime, inferStep, type TimeStep } from './time-step'

/** The step of the data's time column past its end, with the model's holiday table (time-step.ts). */
function stepOf(m: LoadedModel, a: Applied): TimeStep | null {
  return a.time ? inferStep(a.time, m.config.calendar?.holidays, a.clock) : null
}

/** What a forecast past the end (`points`) says of its stamps and the data's clock (time-step.ts
 *  clockNote): that they follow the clock changes the file's offsets show, or that a step of
 *  several hours steps in steady time against them, or, for local clock times (the model's time
 *  column in `ds` read without an offset), that they know none; or, where the rows' own offsets
 *  follow no rule, that the stamps past the end take the last row's (../data/time-cell). */
export function aheadClockNote(m: LoadedModel, ds: Pick<Dataset, 'columns' | 'timeColumn'>, a: Applied, points: readonly ForecastPoint[]): string | null {
  if (!a.time) return null
  const name = m.config.time.column ?? ds.timeColumn
  const col = ds.columns.find((c) => c.name === name)
  // the stamps past the data's last row alone: fw forecast's are all, fw predict's the last windows'
  const end = a.time[a.N - 1] ?? Infinity
  const times = points.flatMap((x) => (x.time !== null && x.time > end ? [x.time] : []))
  return clockNote(times, stepOf(m, a), localClockTimes(col), a.clock) ?? pastEndZoneNote(a.zone, times, end, a.time ?? undefined)
}

function timeOfRow(a: Applied, s: TimeStep | null, row: number): number | null {
  if (!a.time) return null
  if (row < a.N) return a.time[row]!
  return s ? advanceTime(a.time[a.N - 1]!, s, row - a.N + 1) : null
}

/** How far `steps` steps past the end of `a` go past year 9999 (time-step.ts pastLastYearOf); null
 *  when they stay within it, or the rows have no dates. */
export function pastEndOf(m: LoadedModel, a: Applied, steps: number): ReturnType<typeof pastLastYearOf> {
  const step = stepOf(m, a)
  return a.time && a.N > 0 && step ? pastLastYearOf(a.time[a.N - 1]!, step, steps) : null
}

/** The steps a run validated ahead: its horizon, or the steps its intervals were calibrated on, but
 *  no further than the choice scored (choice-steps.ts: at horizon 365 on 169 validation rows, 169). */
export const validatedSteps = (m: LoadedModel): number => {
  const all = Math.max(m.config.window.horizon, m.ahead?.q.length ?? 0)
  return m.choice?.scored ? Math.min(all, m.choice.scored.steps) : all
}

/** farAheadNote's ending, after the steps validated. */
export const EXTRAPOLATION = 'the later steps are an extrapolation far past anything validated, a trend to read with care rather than a forecast'

/** Said once when a forecast runs more steps past the end than the rows it starts from: those
 *  steps extrapolate far past what the run validated (its horizon, or the steps its intervals were
 *  calibrated on). null otherwise. */
export function farAheadNote(m: LoadedModel, rows: number, steps: number): string | null {
  if (steps <= rows) return null
  const checked = validatedSteps(m)
  return `${steps} steps ahead is more than the ${rows} rows of history the forecast starts from, and the run was validated ${checked} ${checked === 1 ? 'step' : 'steps'} ahead: ${EXTRAPOLATION}`
}

/**
 * What the intervals of a forecast `steps` ahead rest on, when some step is not calibrated on its
 * own validation errors (choice.ts's PathCalibration and aheadOffsets): steps 1..calibrated are;
 * the rest of the stored K steps take every step's errors pooled, scaled by √k; steps past K take
 * step K's bounds widened by √(k/K). Null when every step asked for is calibrated.
 */
export function aheadNote(a: StoredAhead, steps: number): string | null {
  const K = a.q.length
  const cal = Math.min(a.calibrated, K)
  if (steps <= cal) return null
  const range = (from: number, to: number) => (from === to ? `step ${from}` : `steps ${from}-${to}`)
  const own = cal > 0
    ? `${range(1, cal)} ${cal === 1 ? 'is' : 'are'} calibrated on ${cal === 1 ? 'its' : 'their'} own validation errors`
    : `no step has the ${MIN_STEP_RESIDUALS} validation errors it needs to be calibrated on its own`
  const rest: string[] = []
  if (cal < K) rest.push(`${range(cal + 1, Math.min(K, steps))} take${cal + 1 === Math.min(K, steps) ? 's' : ''} the errors of every step pooled, scaled by √k`)
  if (steps > K) rest.push(`${range(K + 1, steps)} take${K + 1 === steps ? 's' : ''} step ${K}'s bounds widened by √(k/${K})`)
  return `intervals: ${own}; ${rest.join(', and ')}: an approximation without calibrated coverage`
}

/** For fw forecast and the app's forecast past the end: how many of the first `steps` steps have
 *  intervals calibrated on their own validation errors, and what the others rest on; null when
 *  every step asked for is calibrated, or the forecast has no intervals. A model file from before
 *  the per-step calibration widens every step past its horizon by √(recursion depth). */
export function aheadIntervals(m: Pick<LoadedModel, 'ahead' | 'config' | 'intervalHalfWidth'>, steps: number): { calibrated: number; note: string } | null {
  if (m.ahead && m.ahead.q.length) {
    const note = aheadNote(m.ahead, steps)
    return note ? { calibrated: Math.min(m.ahead.calibrated, m.ahead.q.length), note } : null
  }
  const h = m.config.window.horizon
  if (m.ahead || steps <= h || m.intervalHalfWidth === null) return null
  return { calibrated: h, note: `intervals past step ${h} are widened by √(recursion depth), an approximation without calibrated coverage` }
}

