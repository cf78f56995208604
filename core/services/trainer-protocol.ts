// Messages between main (TrainerHost) and one trainer process. Both sides validate every message
// they receive with the functions below; a message that fails is rejected with a ProtocolError
// naming the field (`start.config.training.lr: expected number, got string`) and never acted on.
//
// Typed arrays travel as typed arrays: Electron's utilityProcess structured-clones them, and under
// Node `child_process.fork` must be called with `serialization: 'advanced'` (see
// core/services/node-fork.ts), otherwise they arrive as plain objects and are rejected here.
import { ConfigError } from '../engine/errors'
import { MAX_THREADS, resolveConfig, withStoredDefaults } from '../train/config'
import type { Checkpoint, ProgressEvent, TrainConfig, TrainEvent, TrainResult } from '../train/types'
import type { GlobalResult } from '../train/global'
import { isGlobalModelFile } from '../train/forecast-global'
import type { Chosen } from '../train/choice'
import type { BacktestFold } from '../train/backtest'
import { BACKTEST_FOLDS } from '../train/backtest-table'
import { STAT_NAMES } from '../data/stats'
import { appErrorText } from '../data/words'

export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime'

/** One dataset column. Categorical data are level indices into `levels`; datetimes are epoch ms. */
export interface ColumnPayload {
  name: string
  kind: ColumnKind
  data: Float64Array | Int32Array // (rows,)
  levels?: string[]
  /** A datetime column that is an integer step index (core/data/step-index: format 'step', its
   *  values the integers); absent for dates. */
  step?: boolean
}

/** Continue from `checkpoint` (the last one stored); `best`, when known, lets early stopping and
 *  the final model pick up where they were (core/train's `resume: { last, best }`). */
export interface ResumePayload {
  checkpoint: Checkpoint
  best?: Checkpoint | null
  epochsDone: number
}

/** What `TrainerHost.start` takes: the start message without its envelope. */
export interface StartPayload {
  config: TrainConfig
  columns: ColumnPayload[]
  resume?: ResumePayload
  /** The threads to train on instead of what config.training.threads gives, where the host runs
   *  several at once (a sweep's trials share the cores: core/train/sweep.ts trialThreads); the
   *  config, stored with the run, keeps what the user chose. */
  threads?: number
  /** The dataset's name (its file's, as Setup names it), which the run's refusals name; absent:
   *  "dataset". */
  file?: string
}

export type StartMessage = { type: 'start'; runId: string } & StartPayload
export type CancelMessage = { type: 'cancel'; runId: string }

/** What BacktestHost.start takes: a walk-forward backtest (core/train/backtest.ts) of `config` on
 *  `columns` in `folds` folds. The trainer trains every fold; nothing of it is stored. */
export interface BacktestPayload {
  config: TrainConfig
  columns: ColumnPayload[]
  folds: number
  /** As StartPayload.file. */
  file?: string
}
/** `runId` is the backtest's job id ("backtest-3"), so that cancel reaches it as it reaches a run. */
export type BacktestStartMessage = { type: 'backtest'; runId: string } & BacktestPayload
/** host -> trainer */
export type HostMessage = StartMessage | CancelMessage | BacktestStartMessage
/** A finished global run (config.data.series.global: one network across every series,
 *  core/train/global.ts) as it crosses to main: the result with its model file, which main stores
 *  with the run, and whether its forecasts' `ts` are times (else row indices). Main records it with
 *  core/services/global-run.ts's globalRunResults, as fw train --global does. */
export interface GlobalDone {
  result: GlobalResult
  hasTime: boolean
}
export type GlobalDoneMessage = { type: 'global-done'; runId: string } & GlobalDone
/** trainer -> host: one TrainEvent, tagged with the run it belongs to, or a global run's end. */
export type TrainerMessage = (TrainEvent & { runId: string }) | GlobalDoneMessage

/** trainer -> BacktestHost, for a backtest: each fold's start (with its planned epochs), its epochs,
 *  its scores, then every fold at the end; or failed. */
export type BacktestTrainerMessage =
  | { type: 'fold-started'; runId: string; fold: number; folds: number; epochs: number }
  | { type: 'fold-epoch'; runId: string; fold: number; epoch: number }
  /** what the fold is doing while no epoch ends (ProgressEvent: its batches, its series' models and choice) */
  | ({ type: 'fold-progress'; runId: string; fold: number } & Omit<ProgressEvent, 'type'>)
  | { type: 'fold-done'; runId: string; result: BacktestFold }
  | { type: 'backtest-done'; runId: string; folds: BacktestFold[] }
  | Extract<TrainerMessage, { type: 'failed' } | { type: 'log' }>

export class ProtocolError extends Error {
  readonly field: string
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`)
    this.name = 'ProtocolError'
    this.field = field
  }
}

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: ProtocolError }

export function parseHostMessage(raw: unknown): Parsed<HostMessage> {
  return attempt(() => {
    const type = envelope(raw, 'start', 'cancel', 'backtest')
    if (type === 'cancel') return cancelMessage(raw, 'cancel')
    const r = raw as Record<string, unknown>
    const message = (type === 'start' ? startMessage : backtestMessage)({ ...r, config: withStoredDefaults(r['config']) }, type)
    crossCheckStart(message, type)
    return message
  })
}

export function parseBacktestMessage(raw: unknown): Parsed<BacktestTrainerMessage> {
  return attempt(() => {
    const type = envelope(raw, ...BACKTEST_TYPES)
    return backtestMessages[type](raw, type)
  })
}

export function parseTrainerMessage(raw: unknown): Parsed<TrainerMessage> {
  return attempt(() => {
    const type = envelope(raw, ...TRAINER_TYPES)
    return trainerMessages[type](raw, type)
  })
}

/** Errors cross the process boundary as `{ name, message }`. */
export function errorPayload(e: unknown): { name: string; message: string; app?: string } {
  if (e instanceof Error) {
    const app = appErrorText(e)
    return { name: e.name, message: e.message, ...(app !== e.message ? { app } : {}) }
  }
  return { name: 'Error', message: String(e) }
}

// ---- checks: each returns its input typed, or throws ProtocolError at `path` ----

type Check<T> = (v: unknown, path: string) => T

function attempt<T>(fn: () => T): Parsed<T> {
  try {
    return { ok: true, message: fn() }
  } catch (e) {
    if (e instanceof ProtocolError) return { ok: false, error: e }
    throw e
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (ArrayBuffer.isView(v)) return v.constructor.name
  if (typeof v === 'object') return v.constructor?.name === 'Object' ? 'object' : String(v.constructor?.name ?? 'object')
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)
  return typeof v === 'number' ? String(v) : typeof v
}

const fail = (path: string, expected: string, v: unknown): never => {
  throw new ProtocolError(path, `expected ${expected}, got ${describe(v)}`)
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v)

/** Losses may legitimately be NaN or Infinity when a run diverges; the trainer reports them as is. */
const num: Check<number> = (v, p) => (typeof v === 'number' ? v : fail(p, 'number', v))
const finite: Check<number> = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(p, 'finite number', v))
const count: Check<number> = (v, p) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fail(p, 'non-negative integer', v))
const str: Check<string> = (v, p) => (typeof v === 'string' ? v : fail(p, 'string', v))
const id: Check<string> = (v, p) => (typeof v === 'string' && v.length > 0 ? v : fail(p, 'non-empty string', v))
const bool: Check<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'boolean', v))
const trueOnly: Check<true> = (v, p) => (v === true ? v : fail(p, 'true', v))
const any: Check<unknown> = (v, p) => (v === undefined ? fail(p, 'a value', v) : v)

function lit<const T extends readonly string[]>(...options: T): Check<T[number]> {
  return (v, p) => (typeof v === 'string' && options.includes(v) ? v : fail(p, `one of ${options.join('|')}`, v))
}

function typed<T>(ctor: { new (n: number): T; name: string }): Check<T> {
  return (v, p) => (v instanceof ctor ? v : fail(p, ctor.name, v))
}

function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, p) => (v === null ? null : check(v, p))
}

/** Marks an object field that may be absent (undefined). */
function optional<T>(check: Check<T>): Check<T | undefined> {
  const c: Check<T | undefined> = (v, p) => (v === undefined ? undefined : check(v, p))
  return Object.assign(c, { optional: true })
}

function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'array', v)
    for (let i = 0; i < v.length; i++) check(v[i], `${p}[${i}]`)
    return v as T[]
  }
}


type Shape = Record<string, Check<unknown>>
type Of<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> }

/** Extra keys are tolerated: they are never read, and rejecting them would make the protocol
 *  brittle across a renderer and trainer built minutes apart in development. */
function obj<S extends Shape>(shape: S): Check<Of<S>> {
  return (v, p) => {
    if (!isObj(v)) return fail(p, 'object', v)
    for (const [k, check] of Object.entries(shape)) {
      if (!(k in v) && !(check as { optional?: boolean }).optional) throw new ProtocolError(`${p}.${k}`, 'missing')
      check(v[k], `${p}.${k}`)
    }
    return v as Of<S>
  }
}

// ---- the config, column and checkpoint shapes ----

// The config is checked by the one validator every entry point uses (core/train/config.ts), so the
// protocol cannot drift from it; its errors are re-labelled with their path in the message.
// On the wire a config must be complete (the host sends resolved configs): a setting the validator
// would fill with a default is reported missing rather than silently defaulted.
// One exception: training.threads, added after runs were first stored; parseHostMessage fills it
// in as one thread (withStoredDefaults) before this check.
const trainConfig: Check<TrainConfig> = (v, p) => {
  let resolved: TrainConfig
  try {
    resolved = resolveConfig(v)
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    throw new ProtocolError(`${p}.${e.field}`, e.message.slice(e.field.length + 1))
  }
  const gap = firstMissing(resolved, v, p)
  if (gap) throw new ProtocolError(gap, 'missing')
  return resolved
}

function firstMissing(full: unknown, given: unknown, p: string): string | null {
  if (!isObj(full)) return null
  if (!isObj(given)) return p
  for (const [k, sub] of Object.entries(full)) {
    if (!(k in given)) return `${p}.${k}`
    const deeper = firstMissing(sub, given[k], `${p}.${k}`)
    if (deeper) return deeper
  }
  return null
}

const checkpoint: Check<Checkpoint> = obj({
  epoch: count,
  kind: lit('best', 'last'),
  valLoss: nullable(num),
  weights: typed(Float32Array),
  layout: arrayOf(obj({ name: str, shape: arrayOf(count), offset: count, size: count })),
  optimizer: obj({ step: count, m: typed(Float64Array), v: typed(Float64Array) }),
  rngState: arrayOf(finite)
})

const column: Check<ColumnPayload> = (v, p) => {
  const c = obj({
    name: id,
    kind: lit('numeric', 'categorical', 'boolean', 'datetime'),
    data: (d, q) => (d instanceof Float64Array || d instanceof Int32Array ? d : fail(q, 'Float64Array or Int32Array', d)),
    levels: optional(arrayOf(str)),
    step: optional(bool)
  })(v, p)
  if (c.kind === 'categorical' && c.levels === undefined) throw new ProtocolError(`${p}.levels`, 'missing (required for a categorical column)')
  if (c.kind === 'categorical' && !(c.data instanceof Int32Array)) fail(`${p}.data`, 'Int32Array of level indices', c.data)
  return c
}

const startMessage: Check<StartMessage> = obj({
  type: lit('start'),
  runId: id,
  config: trainConfig,
  columns: arrayOf(column),
  resume: optional(obj({ checkpoint, best: optional(nullable(checkpoint)), epochsDone: count })),
  threads: optional((v, p) => (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_THREADS ? (v as number) : fail(p, `an integer from 1 to ${MAX_THREADS}`, v))),
  file: optional(id)
})

const cancelMessage: Check<CancelMessage> = obj({ type: lit('cancel'), runId: id })

const folds: Check<number> = (v, p) =>
  Number.isInteger(v) && (v as number) >= BACKTEST_FOLDS.min && (v as number) <= BACKTEST_FOLDS.max ? (v as number) : fail(p, `an integer from ${BACKTEST_FOLDS.min} to ${BACKTEST_FOLDS.max}`, v)

const backtestMessage: Check<BacktestStartMessage> = obj({ type: lit('backtest'), runId: id, config: trainConfig, columns: arrayOf(column), folds, file: optional(id) })

/** What a well-formed start (or backtest) message still has to agree on: the config's ranges and
 *  cross-field rules (core/train/config), and columns that exist, are unique and have one length. */
function crossCheckStart(m: StartMessage | BacktestStartMessage, at: string): void {
  const names = new Map<string, number>()
  m.columns.forEach((c, i) => {
    if (names.has(c.name)) throw new ProtocolError(`${at}.columns[${i}].name`, `duplicate column "${c.name}"`)
    names.set(c.name, i)
    const rows = m.columns[0]!.data.length
    if (c.data.length !== rows) throw new ProtocolError(`${at}.columns[${i}].data`, `has ${c.data.length} rows, columns[0] has ${rows}`)
  })
  const { target, features, time, series } = m.config.data
  const needed: [string, string][] = [['target', target], ...features.map((f, i): [string, string] => [`features[${i}]`, f])]
  if (time !== undefined) needed.push(['time', time])
  series?.columns.forEach((c, i) => needed.push([`series.columns[${i}]`, c]))
  for (const [field, name] of needed) {
    if (!names.has(name)) throw new ProtocolError(`${at}.config.data.${field}`, `column "${name}" is not among the columns sent`)
  }
}

// ---- trainer -> host ----

const TRAINER_TYPES = ['started', 'epoch', 'checkpoint', 'done', 'global-done', 'failed', 'log', 'progress'] as const
type TrainerType = (typeof TRAINER_TYPES)[number]

const forecastRow = obj({ ts: finite, step: count, value: num, lower: nullable(num), upper: nullable(num), actual: nullable(num), probs: optional(arrayOf(num)) })

const metricRow = obj({ split: lit('train', 'val', 'test'), model: str, metric: str, value: nullable(num) })

const divergence = obj({ epoch: count, step: count, words: obj({ message: str, app: optional(str) }) })

// a two-class run's threshold chosen on validation (core/data/threshold.ts): finite numbers only
const thresholdChoice = obj({
  rule: lit('youden'),
  threshold: nullable(finite),
  reason: nullable(lit('no-rows', 'one-class', 'undefined-probability', 'no-better-than-chance')),
  n: count,
  positives: count,
  validation: nullable(obj({ j: finite, tpr: finite, fpr: finite, accuracy: finite, precision: finite, recall: finite, f1: finite }))
})

// a classification run's class names, in its forecasts' order, and a yes/no target's words for no
// and yes (TrainResult.classes): the store keeps them with the run (runs.classes_json)
const twoWords: Check<[string, string]> = (v, p) => (Array.isArray(v) && v.length === 2 ? [str(v[0], `${p}[0]`), str(v[1], `${p}[1]`)] : fail(p, 'two words (no, yes)', v))
const classNames: Check<string[]> = (v, p) => (Array.isArray(v) && v.length < 2 ? fail(p, 'at least two class names', v) : arrayOf(str)(v, p))
// and its per-row Brier differences on test against its skill's baseline (TestNoise: the verdict's "level")
const testNoise = obj({ baseline: str, mean: finite, se: finite, rows: count })
const runClasses = obj({ names: classNames, words: optional(twoWords), noise: optional(testNoise) })

// Annotated like trainConfig, so that TrainResult and this check cannot drift apart.
const trainResult: Check<TrainResult> = obj({
  epochsRun: count,
  bestEpoch: count,
  stoppedEarly: bool,
  diverged: optional(divergence),
  metrics: arrayOf(metricRow),
  forecasts: arrayOf(forecastRow),
  intervalCoverage: nullable(num),
  intervalHalfWidth: nullable(num),
  bestBaseline: nullable(str),
  notices: optional(arrayOf(obj({ message: str, app: optional(str) }))),
  threshold: optional(thresholdChoice),
  classes: optional(runClasses),
  modelFile: any
})

const score = obj({ n: count, mae: num, mase: num, naiveMae: num, naiveMase: num, seasonalNaiveMae: nullable(num), seasonalNaiveMase: nullable(num), beatsNaive: bool, beatsBestNaive: bool })
const summaryShape = { series: count, meanMase: nullable(num), meanNaiveMase: nullable(num), beatNaive: count, beatBestNaive: count, seasonalNaive: optional(obj({ meanMase: num, series: count })), bestNaiveNoise: optional(obj({ beat: count, level: count })) }
// a global regression series' test errors against the better of its naive forecasts (the verdict's "level")
const seriesNoise = obj({ baseline: lit('naive', 'seasonal-naive'), mean: finite, se: finite, rows: count, metric: lit('rmse', 'mae'), lag: count })
const chosen: Check<Chosen> = lit('network', 'ensemble', 'combination', ...STAT_NAMES)
/** How many series each forecaster won: { ets: 3, network: 1 }. */
const forecastCounts: Check<Partial<Record<Chosen, number>>> = (v, p) => {
  if (!isObj(v)) return fail(p, 'object', v)
  for (const [k, n] of Object.entries(v)) {
    chosen(k, `${p} key`)
    count(n, `${p}.${k}`)
  }
  return v as Partial<Record<Chosen, number>>
}

// Annotated like trainResult. Scores may be NaN (the MASE of a constant series): globalRunResults
// stores those as null.
const globalResult: Check<GlobalDone['result']> = obj({
  epochsRun: count,
  bestEpoch: count,
  stoppedEarly: bool,
  diverged: optional(divergence),
  // ownClocks: the split's dates as written, each series' own clock's (series in different zones)
  cuts: nullable(obj({ valStart: str, testStart: str, ownClocks: optional(trueOnly) })),
  cutMode: lit('dates', 'series'),
  series: arrayOf(obj({
    key: arrayOf(str),
    label: str,
    rows: count,
    season: count,
    test: score,
    network: score,
    forecastBy: obj({ chosen, label: str, message: str }),
    intervalHalfWidth: nullable(num),
    intervalHalfWidths: optional(nullable(arrayOf(num))),
    intervalCoverage: nullable(num),
    forecasts: arrayOf(forecastRow),
    noise: optional(nullable(seriesNoise))
  })),
  summary: obj({ ...summaryShape, network: obj(summaryShape), forecastBy: forecastCounts, validation: optional(obj({ gmrae: nullable(num), networkSeries: count })) }),
  skipped: arrayOf(obj({ key: arrayOf(str), label: str, rows: count, reason: str })),
  notes: arrayOf(obj({ message: str, app: optional(str) })),
  notices: optional(arrayOf(obj({ message: str, app: optional(str) }))),
  // checked in full when it is read back (loadGlobalModelFile); here only that it is one
  modelFile: (v, p) => (isGlobalModelFile(v) ? v : fail(p, 'a global model file (pipeline.global)', v))
})

const trainerMessages: { [K in TrainerType]: Check<TrainerMessage & { type: K }> } = {
  started: obj({
    type: lit('started'),
    runId: id,
    epochs: count,
    windows: obj({ train: count, val: count, test: count }),
    paramCount: count,
    // series: a global model's note of one series, for fw train to group by kind (groupedNotes)
    notices: arrayOf(obj({ message: str, app: optional(str), series: optional(obj({ label: str, kind: str, note: str })) })),
    series: optional(count)
  }),
  epoch: obj({
    type: lit('epoch'),
    runId: id,
    epoch: count,
    trainLoss: num,
    valLoss: nullable(num),
    gradNorm: num,
    clipRate: num,
    lr: num,
    seconds: num,
    gradFlow: arrayOf(num)
  }),
  checkpoint: obj({ type: lit('checkpoint'), runId: id, checkpoint }),
  done: obj({ type: lit('done'), runId: id, result: trainResult }),
  'global-done': obj({ type: lit('global-done'), runId: id, result: globalResult, hasTime: bool }),
  failed: obj({ type: lit('failed'), runId: id, error: obj({ name: str, message: str, app: optional(str) }) }),
  log: obj({ type: lit('log'), runId: id, level: lit('info', 'warn'), message: str }),
  progress: (v, p) => progressOf(obj({ type: lit('progress'), runId: id, ...PROGRESS_SHAPE })(v, p), p)
}

const PROGRESS_SHAPE = { phase: lit('prepare', 'preparing', 'prepare-check', 'prepare-again', 'batches', 'seasons', 'models', 'choice', 'choosing'), done: count, total: count, epoch: optional(count) }

/** A progress event's counts agree: `done` of `total` (at least one), and 'batches' name their epoch. */
export function progressOf<T extends Omit<ProgressEvent, 'type'>>(e: T, p: string): T {
  if (e.total < 1) throw new ProtocolError(`${p}.total`, `expected at least 1, got ${e.total}`)
  if (e.done > e.total) throw new ProtocolError(`${p}.done`, `${e.done} is more than total ${e.total}`)
  if (e.phase === 'batches' && e.epoch === undefined) throw new ProtocolError(`${p}.epoch`, 'missing (required for batches)')
  return e
}

// ---- trainer -> BacktestHost ----

const BACKTEST_TYPES = ['fold-started', 'fold-epoch', 'fold-progress', 'fold-done', 'backtest-done', 'failed', 'log'] as const
type BacktestType = (typeof BACKTEST_TYPES)[number]

// Annotated like trainResult, so that BacktestFold and this check cannot drift apart.
const foldSkip = obj({ series: str, why: str, rows: optional(count) })
const backtestFold: Check<BacktestFold> = obj({ fold: count, trainRows: count, testRows: count, metrics: arrayOf(metricRow), members: optional(arrayOf(str)), notes: arrayOf(str), skipped: optional(arrayOf(foldSkip)), series: optional(obj({ scored: count, total: count, seasonalNaive: optional(count) })) })

const backtestMessages: { [K in BacktestType]: Check<BacktestTrainerMessage & { type: K }> } = {
  'fold-started': obj({ type: lit('fold-started'), runId: id, fold: count, folds: count, epochs: count }),
  'fold-epoch': obj({ type: lit('fold-epoch'), runId: id, fold: count, epoch: count }),
  'fold-progress': (v, p) => progressOf(obj({ type: lit('fold-progress'), runId: id, fold: count, ...PROGRESS_SHAPE })(v, p), p),
  'fold-done': obj({ type: lit('fold-done'), runId: id, result: backtestFold }),
  'backtest-done': obj({ type: lit('backtest-done'), runId: id, folds: arrayOf(backtestFold) }),
  failed: trainerMessages.failed,
  log: trainerMessages.log
}

/** Checks the envelope (an object with a known `type`) and returns the type. */
function envelope<const T extends readonly string[]>(raw: unknown, ...types: T): T[number] {
  if (!isObj(raw)) return fail('message', 'object', raw)
  const type = raw['type']
  if (typeof type !== 'string' || !types.includes(type)) {
    throw new ProtocolError('message.type', `unknown message type ${describe(type)} (expected ${types.join('|')})`)
  }
  return type
}
