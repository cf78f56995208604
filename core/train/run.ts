// One training job, start to finish, as the trainer process and the CLI run it:
// prepare (split, fit scalers on train, window) -> fit -> evaluate -> model file.
import type { TestNoise } from '../data/metrics'
import { Rng, createModel, serializeModel, MODEL_LEAD_VERSION, type Model } from '../engine'
import { isYesNoTarget, leadsInputs, noticeWords, yesNoWords, type Dataset, type FittedTarget } from '../data'
import type { Words } from '../data/words'
import { EVALUATE_STEPS, FIT_PARTS, evaluate, evaluatePausing, statJobOfPausing, type Evaluation, type FittedStats } from './evaluate'
import { untilStopped } from './pauses'
import { countedSteps, inTicks } from './progress'
import type { StatFitter } from './choice'
import { divergenceOf } from './diverged'
import { fit, type FitHooks, type GradientProvider } from './fit'
import { PREPARE_STEPS, prepareRun, prepareRunPausing, type PreparedRun } from './prepare'
import type { Checkpoint, TrainConfig, TrainResult } from './types'

export interface RunInput {
  config: TrainConfig
  dataset: Dataset
  /** Continue a cancelled or interrupted run from its last checkpoint (and its best one). */
  resume?: { last: Checkpoint; best: Checkpoint | null }
  appVersion?: string
  /** How training steps are computed when not by the engine on this thread (see FitOptions). */
  gradients?: GradientProvider
  /** Where the statistical models are fitted (core/parallel's worker, in the trainer): off this
   *  thread, so that hooks.shouldStop is asked while they fit (ARIMA's search takes seconds) and a
   *  cancel then ends the run at once; absent, they are fitted here, inside evaluate. */
  statFits?: StatFitter
}

/** Resolves to the result, or null when the run was cancelled through hooks.shouldStop. */
export async function runTraining(input: RunInput, hooks: FitHooks): Promise<TrainResult | null> {
  const { config } = input
  // a large file takes seconds to prepare, before its first event: said, and sent, before it starts,
  // then counted in prepareRun's steps as they end (a rebuild counts the same steps)
  const prepared = (done: number) => hooks.emit({ type: 'progress', phase: 'preparing', done, total: PREPARE_STEPS })
  prepared(0)
  await hooks.yieldNow()
  // paused at each of its counted steps (untilStopped): a cancel meanwhile ends the run before it
  // starts, nothing stored (the run is recorded at 'started')
  const run = await untilStopped(prepareRunPausing(config, input.dataset, countedSteps(PREPARE_STEPS, prepared)), hooks)
  if (run === null) return null
  const { sources, spec } = run
  hooks.emit({
    type: 'started',
    epochs: config.training.epochs,
    windows: { train: sources.train.count, val: sources.val.count, test: sources.test.count },
    paramCount: createModel(spec, new Rng(0)).params.length,
    // the fitted pipeline's warnings are among prep.notices (code 'scaler', preparePipeline); a
    // season longer than the training rows is a warning, said as one below
    notices: run.prep.notices.filter((n) => !WARNED_NOTICES.has(n.code)).map(noticeWords)
  })
  for (const n of run.prep.notices) if (WARNED_NOTICES.has(n.code)) hooks.emit({ type: 'log', level: 'warn', message: n.message })
  const outcome = await fit(sources.train, sources.val.count > 0 ? sources.val : null, { spec, loss: run.loss, training: config.training, resume: input.resume, gradients: input.gradients }, hooks)
  if (outcome.cancelled) return null
  // after the last epoch: the statistical models, then the choice on validation (a regression's),
  // each said as it starts (an ARIMA search takes seconds)
  const regression = run.prep.fitted.target.kind === 'regression'
  // a regression's choice counted in evaluate's steps as a rebuild counts them (its outlier
  // searches, statistical models, paths, intervals and predictions), each told as it ends
  const total = EVALUATE_STEPS.regression
  const chose = (done: number) => hooks.emit({ type: 'progress', phase: 'choosing', done, total })
  const step = countedSteps(total, chose)
  if (regression) {
    chose(0)
    await hooks.yieldNow() // the word goes out before evaluate holds the thread
  }
  // the steps statsElsewhere told: evaluate's first as many (the outlier passes and the fits, which
  // it makes at once when they were fitted elsewhere, or makes again where the worker failed) are
  // not told twice
  let told = 0
  const stats = regression && input.statFits ? await statsElsewhere(run, input.statFits, hooks, () => (told++, step())) : undefined
  if (stats === null || hooks.shouldStop()) return null
  // paused in (untilStopped): its paths and calibration take seconds on a long series, and a cancel
  // is heard meanwhile
  const ev = await untilStopped(evaluatePausing(outcome.model, run, config.interval.level, stats, regression ? afterFirst(told, step) : undefined), hooks)
  if (ev === null) return null
  const modelFile = modelFileOf(outcome.model, run, config, ev, { appVersion: input.appVersion ?? 'unknown', bestEpoch: outcome.bestEpoch })
  // seasonal naive not fitted for a season longer than the training rows: the warning said it
  const long = run.prep.notices.some((n) => n.code === 'season-long')
  for (const n of ev.notices ?? []) if (!(long && n.startsWith('statistical model skipped: seasonal-naive:'))) hooks.emit({ type: 'log', level: 'info', message: n })
  return {
    epochsRun: outcome.epochsRun,
    bestEpoch: outcome.bestEpoch,
    stoppedEarly: outcome.stoppedEarly,
    ...divergenceOf(outcome),
    metrics: ev.metrics,
    forecasts: ev.forecasts,
    intervalCoverage: ev.intervalCoverage,
    intervalHalfWidth: ev.intervalHalfWidth,
    bestBaseline: ev.bestBaseline,
    // the choice with the calendar the network read ('auto' resolved), for the sentence on the
    // inputs a forecast without the network leaves unread (core/export/verdict.ts unusedKnownWords)
    ...(ev.choice !== undefined ? { choice: ev.choice && { ...ev.choice, calendar: [...(run.pipelineConfig.calendar?.features ?? [])] }, pathCoverage: ev.ahead?.coverage ?? null, pathCoverageSteps: ev.ahead?.coverageSteps ?? null } : {}),
    ...(ev.range !== undefined ? { range: ev.range && { ...ev.range, ...(run.outOfScale.length ? { outOfScale: run.outOfScale } : {}), ...(run.unchanged ? { unchanged: run.unchanged } : {}) } } : {}),
    ...keptNotices(run, ev),
    ...(ev.threshold ? { threshold: ev.threshold } : {}),
    ...keptClasses(run.prep.fitted.target, input.dataset, config.data.target, ev.noise),
    modelFile
  }
}

/** A classification run's classes as it keeps them (TrainResult.classes, a global run's too): its
 *  pipeline's fitted names and, for a yes/no target, its data file's words for no and yes (yesNoWords);
 *  a single run's noise (Evaluation.noise: the verdict's "level"), a global run's none. */
export function keptClasses(t: FittedTarget, dataset: Dataset, target: string, noise?: TestNoise): { classes?: { names: string[]; words?: [string, string]; noise?: TestNoise } } {
  if (t.kind !== 'classification') return {}
  const words = isYesNoTarget(t) ? yesNoWords(dataset, target) : undefined
  return { classes: { names: [...t.classes], ...(words ? { words: [words[0], words[1]] } : {}), ...(noise ? { noise } : {}) } }
}

/** The notices a stored run keeps (fw show and the app's views of it say them after training): those
 *  that bear on reading its results (a category level first seen after the training rows, which the
 *  network read as none of its levels). The others (the delimiter found, the time column) are said
 *  while it trains. An interval of zero width (zeroWidthNote) is found after training, and kept. */
const KEPT_NOTICES: ReadonlySet<string> = new Set(['transform', 'mase-scale', 'unchanged-steps', 'unseen-levels', 'idle-setting', 'season-long', 'calendar-step'])

/** The preparation's notices said as warnings (a 'log' of level 'warn'), not among the started
 *  event's notes: a season given longer than the training rows (longSeasonNote), calendar inputs
 *  with no cycle at the rows' step (offStepCalendarNote). */
const WARNED_NOTICES: ReadonlySet<string> = new Set(['season-long', 'calendar-step'])

// the calendar turned on by default (weekCalendarNote) is the front end's word, not the run's: kept
// with the run from its start (core/services/run-words.ts keepCalendarNote), and again at its end
function keptNotices(run: PreparedRun, ev: Evaluation): { notices?: Words[] } {
  const kept = [...run.prep.notices.filter((n) => KEPT_NOTICES.has(n.code)).map(noticeWords), ...(ev.zeroWidth ? [{ message: ev.zeroWidth }] : [])]
  return kept.length ? { notices: kept } : {}
}

/** `step`, except its first n calls. */
function afterFirst(n: number, step: () => void): () => void {
  let skipped = 0
  return () => (skipped < n ? void skipped++ : step())
}

/** The run's statistical models fitted by `statFits`; null when stopped meanwhile; undefined (they
 *  are fitted in evaluate) for classification, or when the worker failed, which is said. `step`:
 *  told as evaluate counts the same work: the outlier searches' passes (here, on this thread), then
 *  the fits and refits in FIT_PARTS parts, by the worker's ticks (inTicks). The searches pause within
 *  their passes (untilStopped): a cancel is heard meanwhile. */
async function statsElsewhere(run: PreparedRun, statFits: StatFitter, hooks: FitHooks, step: () => void): Promise<FittedStats | null | undefined> {
  const searched = await untilStopped(jobOf(run, step), hooks)
  if (searched === null) return null
  const s = searched.s
  if (!s) return undefined
  const fitted = inTicks(FIT_PARTS, step)
  try {
    const got = await statFits([{ ...s.job, ticks: true }], () => {}, () => hooks.shouldStop(), fitted.tick)
    if (!got) return null
    fitted.end()
    return { pre: got[0]!, histories: s.histories }
  } catch (e) {
    hooks.emit({ type: 'log', level: 'warn', message: `fitting the statistical models on this thread: the worker thread failed (${(e as Error).message})` })
    return undefined
  }
}

/** statJobOfPausing's answer boxed, so that its null (no job) is not read as untilStopped's (stopped). */
function* jobOf(run: PreparedRun, step: () => void) {
  return { s: yield* statJobOfPausing(run, step) }
}

/** The model file: weights plus everything needed to apply them to new data (the pipeline config,
 *  the scalers and levels fitted on the training rows, the interval half-widths, and the forecaster
 *  chosen on validation with its statistical model). */
export function modelFileOf(model: Model, run: PreparedRun, config: TrainConfig, ev: Evaluation, meta: { appVersion: string; bestEpoch: number }) {
  // intervalHalfWidths (direct models: one per horizon step), choice and ahead are written only
  // when there, so classification models' files are exactly as before
  const perStep = ev.intervalHalfWidths === undefined ? {} : { intervalHalfWidths: ev.intervalHalfWidths }
  // the test errors' noise (testNoise) is the run's verdict's, kept with the run, not the model's
  const { testNoise: _verdictOnly, ...choice } = ev.choice ?? {}
  const chosen = ev.choice ? { choice } : {}
  const ahead = ev.ahead && ev.ahead.q.length ? { ahead: { q: ev.ahead.q, lower: ev.ahead.lower, upper: ev.ahead.upper, calibrated: ev.ahead.calibrated, log: ev.ahead.log } } : {}
  const domain = ev.range?.domain ? { domain: ev.range.domain } : {} // forecasts clipped at 0 (domain.ts)
  // the history before the test period, for the warning past the end (domain.ts beyondHistory)
  const history = ev.range ? { history: { min: ev.range.min, max: ev.range.max } } : {}
  return serializeModel(model, {
    pipeline: { config: run.pipelineConfig, fitted: run.prep.fitted, intervalHalfWidth: ev.intervalHalfWidth, ...perStep, ...chosen, ...ahead, ...domain, ...history, level: config.interval.level },
    meta: { ...meta, trainConfig: config, loss: run.loss },
    version: leadsInputs(run.prep.fitted) ? MODEL_LEAD_VERSION : 1
  })
}

/** Rebuilds a stored run's model file from its dataset, config and saved weights. The pipeline is
 *  deterministic, so refitting it on the same dataset gives back the run's scalers exactly. `steps`:
 *  the steps its choice was scored over, as the run stored them (else its season's). */
/** `tell`: how far the rebuild is, in counted steps (preparing the data, PREPARE_STEPS, then
 *  evaluate's). */
export function rebuildModelFile(config: TrainConfig, dataset: Dataset, weights: Float32Array | Float64Array, meta: { appVersion: string; bestEpoch: number }, steps?: number, tell?: (done: number, total: number) => void) {
  const step = countedSteps(PREPARE_STEPS + EVALUATE_STEPS[config.data.task], tell)
  const prepared = prepareRun(config, dataset, step)
  const run = steps === undefined ? prepared : { ...prepared, steps }
  const model = createModel(run.spec, new Rng(0))
  if (weights.length !== model.params.length) throw new Error(`stored weights have ${weights.length} values, the model needs ${model.params.length}`)
  model.params.set(weights)
  const ev = evaluate(model, run, config.interval.level, undefined, step)
  return { modelFile: modelFileOf(model, run, config, ev, meta), evaluation: ev, run, model }
}
