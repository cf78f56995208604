// A validator for every reply main (or browser mode's server) gives the renderer, in the style of
// the request validators (contract.ts REQUEST_SCHEMAS): the renderer's api wrapper checks each reply
// before a view reads it (renderer/src/api.ts fromTransport, both transports), so a malformed one (a
// database row from an older build with a null where a number is expected, a field of the wrong
// type) is refused with an error naming the verb and the field, instead of breaking a view later
// with "cannot read properties of null". Objects may carry fields not named here (a newer main's
// additions are not refused); every field named is checked. Large arrays of forecast points are
// checked in one loop rather than through zod (200,000 points in a getRun).
import { z } from 'zod'
import { checkAheadZone, EVENT_CHANNELS, fieldOf, MENU_COMMANDS, QUEUE_CHANGES, type AheadZone, type BacktestEventMessage, type ForecastPoint, type MenuCommand, type OpenedFile, type Responses, type RunEventMessage, type Verb } from './contract'
import { EXPORT_PHASES, type ExportProgress } from '../core/export/progress'

type ExportPhase = ExportProgress['phase']

// The renderer's Content-Security-Policy has no 'unsafe-eval': zod's compiled parsers would probe
// `new Function` at the first parse, which the page reports as a CSP violation (a console error)
// even though zod catches it. The renderer is the one that imports this module; there zod parses
// without compiling.
z.config({ jitless: true })

/** A number of any value: NaN and the infinities cross both transports and are kept (a loss that
 *  diverged); null, strings and absent ones are refused. */
const num = z.custom<number>((v) => typeof v === 'number', { error: (i) => `Invalid input: expected number, received ${kindOf(i.input)}` })
const int = z.number().int()
const id = z.number().int().positive()
const str = z.string()
const bool = z.boolean()
const obj = z.looseObject
/** A plain object of any fields (a run's config, its stored choice): its content is checked where it is read. */
const record = z.record(z.string(), z.unknown())

function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

/** A typed array of one kind, by its tag (a realm apart, as contextBridge's copies are, still passes). */
interface TypedArrays { Float64Array: Float64Array; Int32Array: Int32Array; Uint8Array: Uint8Array }
const typed = <Tag extends keyof TypedArrays>(tag: Tag) =>
  z.custom<TypedArrays[Tag]>((v) => Object.prototype.toString.call(v) === `[object ${tag}]`, { error: (i) => `Invalid input: expected ${tag}, received ${kindOf(i.input)}` })

const NUMERIC_OR_NULL = ['lower', 'upper', 'actual'] as const

/** ForecastPoint[], checked in one pass: the first bad point's field is named. (Typed as what it
 *  checks, for electron/reply-drift.ts: a superRefine of unknown outputs unknown.) */
const points: z.ZodType<ForecastPoint[]> = z.unknown().superRefine((rows, ctx) => {
  if (!Array.isArray(rows)) return void ctx.addIssue({ code: 'custom', message: `Invalid input: expected array, received ${kindOf(rows)}` })
  for (let i = 0; i < rows.length; i++) {
    const p = rows[i] as Record<string, unknown> | null
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return void ctx.addIssue({ code: 'custom', path: [i], message: `Invalid input: expected object, received ${kindOf(p)}` })
    for (const f of ['ts', 'step', 'value'] as const) {
      if (typeof p[f] !== 'number') return void ctx.addIssue({ code: 'custom', path: [i, f], message: `Invalid input: expected number, received ${kindOf(p[f])}` })
    }
    for (const f of NUMERIC_OR_NULL) {
      if (p[f] !== null && typeof p[f] !== 'number') return void ctx.addIssue({ code: 'custom', path: [i, f], message: `Invalid input: expected number or null, received ${kindOf(p[f])}` })
    }
    const probs = p['probs']
    if (probs !== undefined && !(Array.isArray(probs) && probs.every((x) => typeof x === 'number'))) return void ctx.addIssue({ code: 'custom', path: [i, 'probs'], message: 'Invalid input: expected an array of numbers' })
  }
}) as z.ZodType<unknown> as z.ZodType<ForecastPoint[]>

/** AheadZone, as checkAheadZone checks it (typed as what it checks, as `points`). */
const aheadZone = z.unknown().superRefine((v, ctx) => {
  try {
    checkAheadZone(v, 'zone')
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^zone: /, '') })
  }
}) as z.ZodType<unknown> as z.ZodType<AheadZone>

const fileText = obj({ fileName: str, text: str, note: str.optional() })
const fileBytes = obj({ fileName: str, bytes: typed('Uint8Array'), note: str.optional() })
const columnKind = z.enum(['numeric', 'boolean', 'categorical', 'date'])
const datasetSummary = obj({ id, name: str, sourceFile: str.nullable(), rowCount: int, importedAt: num, columns: z.array(obj({ name: str, kind: columnKind, unit: str.nullish() })) })
const datasetColumn = z.discriminatedUnion('kind', [
  obj({ kind: z.literal('numeric'), name: str, values: typed('Float64Array') }),
  obj({ kind: z.literal('boolean'), name: str, values: typed('Float64Array') }),
  obj({ kind: z.literal('categorical'), name: str, codes: typed('Int32Array'), levels: z.array(str) }),
  obj({ kind: z.literal('date'), name: str, values: typed('Float64Array'), format: str, hasTime: bool })
])

// a run's test errors against its skill's baseline (core/data TestNoise): a classification run's
// Brier differences, a regression run's squared or absolute errors (metric) with its Newey-West lags
const testNoise = obj({ baseline: str, mean: num, se: num, rows: int, metric: z.enum(['rmse', 'mae']).optional(), lag: int.optional() })
const targetRange = obj({ domain: z.literal('non-negative').nullable(), min: num, max: num, scale: num.optional(), n: int, above: int, below: int })
const globalInfo = obj({
  columns: z.array(str), series: int, meanMase: num.nullable(), meanNaiveMase: num.nullable(), beatNaive: int, beatBestNaive: int,
  seasonalNaive: obj({ meanMase: num, series: int }).optional(), bestNaiveNoise: obj({ beat: int, level: int }).optional(), skipped: z.array(str),
  classification: obj({ accuracy: num.nullable(), brier: num.nullable(), rateBrier: num.nullable(), beatRate: int, rateNoise: obj({ beat: int, level: int }).optional(), noise: testNoise.optional() }).optional()
})
/** What RunSummary and RunListItem share. */
const runFields = {
  id, sweepId: id.nullable(), name: str.nullable(), notes: str.nullable(),
  status: z.enum(['queued', 'running', 'done', 'failed', 'interrupted', 'cancelled']),
  createdAt: num, error: str.nullable(), ending: obj({ kind: str, kept: int.nullable(), words: str }).nullish(),
  cell: str, epochs: int, bestValLoss: num.nullable(), lossSteps: int.optional(), lossOutputs: int.optional(),
  testMetric: obj({
    metric: str, value: num.nullable(), skill: num.nullable(), noSkill: str.optional(), plainBetter: str.optional(),
    fewEvents: obj({ fewest: int, absent: z.array(int) }).optional(),
    scoresBetter: z.array(obj({ metric: str, model: str, value: num, mine: num })).optional(),
    level: testNoise.optional()
  }).nullable(),
  trialForecast: obj({ error: num.nullable(), metric: z.enum(['mae', 'gmrae', 'loss']), usesNetwork: bool }).nullish(),
  trialUnranked: z.enum(['stored-before', 'no-validation']).nullish(),
  runningElsewhere: str.nullish(), datasetName: str.optional(), target: str.optional(), series: str.optional(),
  hiddenSize: int.optional(), lookBack: int.optional(), horizon: int.optional(),
  forecaster: obj({ chosen: str, label: str, network: num, lost: bool }).nullish(),
  unit: str.nullish(), global: globalInfo.nullish()
}
const runSummary = obj({ ...runFields, datasetId: id, finishedAt: num.nullable(), range: targetRange.nullish() })
const runListItem = obj({ ...runFields, range: targetRange.optional() })
const classScores = obj({ accuracy: num.nullable(), brier: num.nullable(), logLoss: num.nullable(), rateBrier: num.nullable(), beatsRate: z.enum(['yes', 'no', 'level']).nullable() })
const seriesAhead = obj({ number: int, key: z.array(str), label: str, rows: points, zone: aheadZone.optional() })
const runStart = obj({ runId: id, name: str.nullable() })

export const RESPONSE_SCHEMAS = {
  appInfo: obj({
    version: str, mode: z.enum(['electron', 'web']), samples: z.array(str),
    available: obj({ store: bool, trainer: bool, config: bool }),
    readOnly: obj({ file: str, reason: str }).nullable(),
    upgraded: obj({ file: str, from: int, to: int, copy: str }).nullable(),
    requeue: obj({ started: int, queued: int, refused: z.array(str), sweeps: z.array(obj({ name: str, trials: int, done: int, queued: int, refused: z.array(str) })) }),
    interrupted: z.array(runStart), stoppedAtQuit: z.array(runStart), appStartId: str
  }),
  readSample: fileText,
  saveDataset: obj({ datasetId: id, reused: bool }),
  findStoredDataset: obj({ datasetId: id.nullable() }),
  listDatasets: z.array(datasetSummary.extend({ runIds: z.array(id), bytes: num, inUse: str.nullable(), sameRows: z.array(id) })),
  getDataset: obj({ summary: datasetSummary, columns: z.array(datasetColumn) }),
  deleteDataset: obj({ deleted: bool, said: str }),
  setColumnUnits: datasetSummary,
  startRun: obj({ startId: id }),
  stopRun: obj({ stopped: bool }),
  cancelStart: obj({ cancelled: bool }),
  resumeRun: obj({ runId: id }),
  rerun: obj({ startId: id }),
  listRuns: z.array(runListItem),
  listTraining: z.array(obj({
    startId: id.nullable(), runId: id.nullable(), state: z.enum(['queued', 'training']), name: str.nullable(), datasetId: id,
    epochs: int, cell: str, sweepId: id.nullable(), datasetName: str.nullable(), config: record
  })),
  startBacktest: obj({ jobId: id }),
  cancelBacktest: obj({ cancelled: bool }),
  cancelExport: obj({ cancelled: bool }),
  exportProgress: obj({ progress: obj({ phase: z.enum(EXPORT_PHASES as [ExportPhase, ...ExportPhase[]]), done: num, total: num }).nullable() }),
  backtestLimit: obj({ most: int, why: str.nullable() }),
  startSweep: obj({ sweepId: id, startIds: z.array(id), names: z.array(str) }),
  stopSweep: obj({ stopped: int }),
  getRun: obj({
    summary: runSummary, config: record,
    epochs: z.array(obj({ epoch: int, trainLoss: num, valLoss: num.nullable(), gradNorm: num.nullable(), clipRate: num.nullable(), lr: num, seconds: num })),
    metrics: z.array(obj({ split: z.enum(['train', 'val', 'test']), model: str, metric: str, value: num.nullable() })),
    forecasts: points, hasTime: bool, zone: aheadZone.optional(), datasetContent: str.nullish(), choice: record.nullish(),
    range: targetRange.nullish(), unit: str.nullish(), notices: z.array(str).optional(), gradFlow: z.array(num).nullable(), canResume: bool,
    outDir: str.nullish(), classes: z.array(str).nullish(), classWords: z.tuple([str, str]).optional(), threshold: record.nullish(),
    testNoise: testNoise.nullish(),
    aheadReach: obj({ steps: int, features: z.array(str), series: int, of: int }).nullish()
  }),
  listRunSeries: z.array(obj({
    number: int, key: z.array(str), label: str, rangeNote: str.nullable(), n: int, mae: num.nullable(), mase: num.nullable(), naiveMae: num.nullable(),
    seasonalNaiveMae: num.nullable(), coverage: num.nullable(), beatsNaive: bool, forecastBy: str.nullish(), forecastLabel: str.nullish(), classes: classScores.optional(), beatsBetterNaive: z.enum(['yes', 'no', 'level']).optional(),
    networkMae: num.nullish(), networkMase: num.nullish(), zone: aheadZone.optional()
  })),
  getSeriesForecast: obj({ rows: points, hasTime: bool }),
  updateRun: runSummary,
  deleteRun: obj({ deleted: bool, note: str.optional() }),
  deleteRuns: obj({ deleted: int, note: str.optional() }),
  forecastAhead: obj({
    rows: points, hasTime: bool, domain: z.literal('non-negative').nullish(), series: z.array(seriesAhead).optional(),
    intervals: obj({ calibrated: int, note: str }).nullish(), beyond: str.nullish(), notForecast: str.nullish(), far: str.nullish(), clock: str.nullish(), zone: aheadZone.optional()
  }),
  explainForecast: obj({
    target: str, lookback: int, horizon: int, step: int, inputNames: z.array(str), lags: z.array(num), baseline: record, method: record,
    at: obj({ end: int, row: int, time: num.nullable(), endTime: num.nullable(), forecast: num, fromBaseline: num, attributions: z.array(z.array(num)), gradientTimesInput: z.array(z.array(num)), gap: num, tolerance: num })
  }),
  exportForecastCsv: fileText,
  exportModel: fileText,
  exportOnnx: fileBytes,
  exportXlsx: fileBytes,
  exportReport: fileText,
  predictWithModel: obj({
    kind: z.enum(['json', 'onnx']), target: str, lookBack: int, horizon: int, hasTime: bool, rows: points, forecaster: str, notes: z.array(str),
    warnings: z.array(str).optional(), csv: fileText, zone: aheadZone.optional(),
    global: obj({ columns: z.array(str), series: z.array(seriesAhead.extend({ forecaster: str })) }).optional()
  }),
  saveFile: obj({ saved: bool, where: str.nullable() })
} satisfies { [V in Verb]: z.ZodType }

// ---------- push events (main -> renderer) ----------
// The events main pushes unasked (EVENT_CHANNELS), checked as replies are before a listener sees
// them: the preload (electron/preload) and browser mode's socket (renderer/src/transports/web.ts)
// drop a malformed one with a console error naming the event and the field (checkedListener).

const trainError = obj({ name: str, message: str, app: str.optional() })
const runStatus = z.enum(['queued', 'running', 'done', 'failed', 'interrupted', 'cancelled'])
const progressPhase = z.enum(['prepare', 'preparing', 'prepare-check', 'prepare-again', 'batches', 'seasons', 'models', 'choice', 'choosing'])
const progressFields = { phase: progressPhase, done: num, total: num, epoch: int.optional() }
/** UiRunEvent, by its type. */
const uiRunEvent = z.discriminatedUnion('type', [
  obj({ type: z.literal('started'), epochs: int, windows: obj({ train: int, val: int, test: int }), paramCount: int, notices: z.array(str), series: int.optional() }),
  obj({ type: z.literal('epoch'), epoch: int, trainLoss: num, valLoss: num.nullable(), gradNorm: num, clipRate: num, lr: num, seconds: num, gradFlow: z.array(num) }),
  obj({ type: z.literal('checkpoint'), epoch: int, kind: z.enum(['best', 'last']), valLoss: num.nullable() }),
  obj({ type: z.literal('done'), epochsRun: int, bestEpoch: int, stoppedEarly: bool, ending: str.optional() }),
  obj({ type: z.literal('failed'), error: trainError }),
  obj({ type: z.literal('log'), level: z.enum(['info', 'warn']), message: str }),
  obj({ type: z.literal('progress'), ...progressFields }),
  obj({ type: z.literal('status'), status: runStatus, error: str.nullable() }),
  obj({ type: z.literal('queue'), change: z.enum(QUEUE_CHANGES) }),
  obj({ type: z.literal('deleted'), runIds: z.array(id), datasetIds: z.array(id) }),
  obj({ type: z.literal('classes'), runIds: z.array(id) })
])
const metricRow = obj({ split: z.enum(['train', 'val', 'test']), model: str, metric: str, value: num.nullable() })
const backtestFold = obj({
  fold: int, trainRows: int, testRows: int, metrics: z.array(metricRow), members: z.array(str).optional(), notes: z.array(str),
  skipped: z.array(z.unknown()).optional(), series: obj({ scored: int, total: int, seasonalNaive: int.optional() }).optional()
})
/** BacktestEvent, by its type. */
const backtestEvent = z.discriminatedUnion('type', [
  obj({ type: z.literal('fold-started'), fold: int, folds: int, epochs: int }),
  obj({ type: z.literal('epoch'), fold: int, folds: int, epoch: int, epochs: int }),
  obj({ type: z.literal('progress'), fold: int, folds: int, ...progressFields }),
  obj({ type: z.literal('fold-done'), folds: int, result: backtestFold }),
  obj({ type: z.literal('done'), folds: z.array(backtestFold) }),
  obj({ type: z.literal('failed'), error: obj({ name: str, message: str }) }),
  obj({ type: z.literal('cancelled') })
])

/** What each push event carries to its listener. */
export interface Events {
  runEvent: RunEventMessage
  backtestEvent: BacktestEventMessage
  menu: MenuCommand
  openFile: OpenedFile
}
export type PushEvent = keyof typeof EVENT_CHANNELS

export const EVENT_SCHEMAS = {
  runEvent: obj({ runId: id.nullable(), startId: id.optional(), event: uiRunEvent }),
  backtestEvent: obj({ jobId: id, event: backtestEvent }),
  menu: z.enum(MENU_COMMANDS),
  openFile: obj({ name: str, path: str, bytes: typed('Uint8Array') })
} satisfies { [E in PushEvent]: z.ZodType }

/** Checks push event `event`'s payload; returns it as it came (typed arrays kept) or throws an
 *  EventError naming the event and the field ('(event)' for the whole of it) and why. */
export function validateEvent<E extends PushEvent>(event: E, value: unknown): Events[E] {
  const bad = firstIssue(EVENT_SCHEMAS[event], value)
  if (!bad) return value as Events[E]
  const field = bad.field || '(event)'
  throw Object.assign(new Error(`The app's event ${event} is malformed at ${field}: ${bad.why}`), { name: 'EventError', field })
}

/** The first issue `schema` finds in `value` (its field, '' for the whole, and why); null: none. */
function firstIssue(schema: z.ZodType, value: unknown): { field: string; why: string } | null {
  const parsed = schema.safeParse(value)
  if (parsed.success) return null
  const issue = parsed.error.issues[0]!
  return { field: fieldOf(issue.path), why: issue.message }
}

/** `listener`, given only payloads of `event` that pass validateEvent: a malformed one is dropped,
 *  said on the console (naming the event and the field), never passed on. */
export function checkedListener<E extends PushEvent>(event: E, listener: (payload: Events[E]) => void): (payload: unknown) => void {
  return (payload) => {
    let checked: Events[E]
    try {
      checked = validateEvent(event, payload)
    } catch (e) {
      console.error((e as Error).message)
      return
    }
    listener(checked)
  }
}

/** A reply that failed its validator: the verb, the field (a path into the reply, '(reply)' for the
 *  whole of it) and why. Crosses to the views as an ApiError with code 'invalid-reply'. */
export class ReplyError extends Error {
  override name = 'ReplyError'
  readonly code = 'invalid-reply'
  constructor(
    readonly verb: Verb,
    readonly field: string,
    why: string
  ) {
    super(`The app's reply to ${verb} is malformed at ${field}: ${why}`)
  }
}

/** Checks `verb`'s reply; returns it as it came (not a copy: typed arrays and large arrays are kept)
 *  or throws ReplyError naming the verb and the field. */
export function validateReply<V extends Verb>(verb: V, value: unknown): Responses[V] {
  const bad = firstIssue(RESPONSE_SCHEMAS[verb], value)
  if (bad) throw new ReplyError(verb, bad.field || '(reply)', bad.why)
  return value as Responses[V]
}
