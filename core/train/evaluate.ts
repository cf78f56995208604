// Scores the trained network against every baseline on the same forecast origins, per split, in
// original units; fits split-conformal intervals on validation residuals, recalibrated through the
// test period as its outcomes arrive, and reports their test coverage; turns the test windows into
// forecast rows.
import type { TimeZoneMark } from '../data/time-cell'
import {
  classificationBaselines, classificationMetrics, conformalDecay, conformalThroughTest, fitConformal, zeroWidthNote, restoreStat, skillBaseline, targetWithFilled,
  changesFollow, FOLLOWS_ALPHA, FOLLOWS_MIN_R2, OUTLIER_PASSES, randomWalkTest, regressionBaselines, type RowRange, type StatFit, type StatName, type StoredStat, regressionMetrics, scaledToTarget, targetRows, withReplaced, type ReplacedValue, type SplitName
} from '../data'
import { brierNoise, errorNoise, EXACT_FIT, headlineMetric, magnitudeOf, skillOf, targetScale, type TestNoise } from '../data/metrics'
import { chooseThreshold, type ThresholdChoice } from '../data/threshold'
import { CALENDAR_PREFIX } from '../data/calendar'
import { ConfigError, predict, type Model } from '../engine'
import { blend, choiceMessage, choose, fewRowsClause, fitStatModels, offsetBounds, outliersSentence, PathCalibration, pathIntervalsPausing, refitOnAll, sameTrainOutliers, STAT_ORDER, statHistoriesPausing, storedAhead, type ForecastChoice, type NetworkAlone, type StatHistories, type StatJob, type Forecaster, type PathBands, type StatJobResult, type StoredAhead } from './choice'
import { networkPathsPausing, networkReach, type PathModel } from './paths'
import { highestScoredStep, scoredStepsClause, type ScoredSteps } from './choice-steps'
import { finish, type Pausable } from './pauses'
import { boundsIn, clipValues, targetRangeOf, type Domain, type TargetRange } from './domain'
import type { WindowSource } from './fit'
import type { PreparedRun } from './prepare'
import { inParts, inShares, inTicks } from './progress'
import type { ForecastRow, MetricRow } from './types'

export interface Evaluation {
  metrics: MetricRow[]
  forecasts: ForecastRow[]
  intervalCoverage: number | null
  intervalHalfWidth: number | null
  /** Direct models only: the split-conformal half-width of each horizon step 1..h (original units). */
  intervalHalfWidths?: number[] | null
  bestBaseline: string | null
  /** Regression: the forecaster chosen on validation (choice.ts); null for classification. */
  choice?: ForecastChoice | null
  /** Regression: split-conformal bounds of steps 1..K past the end for the chosen forecaster
   *  (log ratios when log), calibrated on its validation and test paths, and how many of them are
   *  calibrated (the rest are extrapolated); coverage: the test paths' share inside the bounds each
   *  test origin had (calibrated on what was observed by then); validationQ: the half-widths
   *  calibrated on validation alone; coverageSteps: the steps that coverage measured (choice-steps.ts). */
  ahead?: StoredAhead & { coverage: number | null; coverageSteps: ScoredSteps | null; validationQ: number[] }
  notices?: string[]
  /** Two classes: the threshold chosen on the validation rows' probabilities (core/data/threshold.ts),
   *  or why none; absent for regression and more than two classes. */
  threshold?: ThresholdChoice
  /** Classification: the per-row Brier differences on test against the baseline the skill is
   *  measured against (core/data brierNoise), for the verdict's "level"; absent where there is none. */
  noise?: TestNoise
  /** Regression: the note on an interval of zero width (zeroWidthNote), kept with the run. */
  zeroWidth?: string | null
  /** Regression: the target's domain (forecasts clipped at 0 when every training value is >= 0)
   *  and the test values outside its history (domain.ts); null for classification. */
  range?: TargetRange | null
  /** The test split window by window, for exports: target rows, actuals, the network's forecast
   *  (regression: original units; classification: (W, K) probabilities) and every baseline's. */
  test: TestDetail | null
}

export interface TestDetail {
  rows: Int32Array // (W) dataset row of each window's target
  y: Float64Array // (W) actual value or class index
  yhat: Float64Array // regression (W); classification (W, K)
  baselines: Record<string, Float64Array> // same shapes as yhat
  classes: string[] | null
}

const SPLITS: SplitName[] = ['train', 'val', 'test']
/** Validation (and test) origins scored on paths 1..K: enough for the choice and the per-step
 *  intervals, and a bound on the recursion's cost (K network calls per batch of origins). */
export const MAX_PATH_ORIGINS = 2000
/** The most path values (origins x K) a split is scored on: MAX_PATH_ORIGINS paths of 48 steps
 *  (hourly rows). A longer K (the day of 5-minute rows, 288) gets fewer origins, spread evenly
 *  over the split: the network's paths cost origins x K x look-back, and two days of 576 steps
 *  from every validation and test origin took most of a 5-minute run's time (docs/forecasting.md). */
export const MAX_PATH_VALUES = MAX_PATH_ORIGINS * 48

/** The origins of a split's paths of K steps: every origin whose next row is in the split, the last
 *  MAX_PATH_ORIGINS of them on long series, and where K x that many exceeds MAX_PATH_VALUES every
 *  s-th of them (the last one kept), s the smallest stride that fits. */
export function pathOriginsOf(r: RowRange, K: number): Int32Array {
  const n = Math.min(Math.max(0, r.end - r.start), MAX_PATH_ORIGINS)
  const s = Math.max(1, Math.ceil((n * K) / MAX_PATH_VALUES))
  const m = Math.ceil(n / s)
  return Int32Array.from({ length: m }, (_, i) => r.end - 2 - (m - 1 - i) * s)
}
const clean = (v: number): number | null => (Number.isFinite(v) ? v : null)

/** The network's output at the last step of every window of a split: (W, O) after g*. `predicted`:
 *  told the windows done after each batch. */
export function predictSplit(model: Model, run: PreparedRun, split: SplitName, batchSize = 256, predicted?: (done: number) => void): Float64Array {
  return windowOutputs(model, run.sources[split], batchSize, predicted)
}

/** The network's outputs at each window's last step of `src`, (W, O): O = 1, the forecast h rows
 *  ahead, or a direct model's steps 1..h (a single run's split, predictSplit, or a global run's).
 *  `predicted`: told the windows done after each batch. */
export function windowOutputs(model: Model, src: WindowSource, batchSize = 256, predicted?: (done: number) => void): Float64Array {
  const O = model.spec.outputSize
  const y = new Float64Array(src.count * O) // (W, O)
  for (let from = 0; from < src.count; from += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, src.count - from) }, (_, i) => from + i)
    const b = src.batch(idx)
    const out = predict(model, b.x, b.T, b.B) // per-step (T, B, O) | final (B, O)
    const base = model.spec.outputMode === 'per-step' ? (b.T - 1) * b.B * O : 0
    y.set(out.subarray(base, base + b.B * O), from * O)
    predicted?.(from + b.B)
  }
  return y
}

/** The parts the splits' predictions are counted in, by the windows predicted of every split's
 *  (splitsCounted): the training split's alone, 14,000 windows of 20,000 hourly rows, was one step
 *  of 2.3-4.1 s on a loaded machine when each split was counted as one. */
const PREDICT_PARTS = 10

/** PREDICT_PARTS calls of `step` over the windows of every split as they are predicted: of(split)
 *  is told that split's windows done (predictSplit's `predicted`); end() makes up the parts not made
 *  (a split without windows, or one not predicted). */
function splitsCounted(run: PreparedRun, step: () => void): { of(split: SplitName): (done: number) => void; end(): void } {
  const parts = inShares(PREDICT_PARTS, step)
  const total = SPLITS.reduce((a, s) => a + run.sources[s].count, 0)
  const before = (split: SplitName) => SPLITS.slice(0, SPLITS.indexOf(split)).reduce((a, s) => a + run.sources[s].count, 0)
  return { of: (split) => {
    const at = before(split)
    return (done) => parts.share(at + done, total)
  }, end: parts.end }
}

/** The metrics a run computes per predictor and split, in this order (fw train and fw show list
 *  them so): regression at step h, and classification. */
export const REGRESSION_METRICS = ['mae', 'rmse', 'mape', 'smape', 'mase', 'r2'] as const
export const CLASSIFICATION_METRICS = ['accuracy', 'f1', 'precision', 'recall', 'logloss', 'brier', 'auc'] as const

/** Network outputs (W, H) to original units: level-relative outputs are changes from the window's
 *  last target value (the anchor at `origin`), absolute ones are the scaled value itself. */
export function networkInUnits(run: PreparedRun, out: Float64Array, origin: Int32Array, H: number): Float64Array {
  const { prep } = run
  const t = prep.fitted.target
  if (t.kind !== 'regression') return out
  const rel = t.relative === true
  return Float64Array.from(out, (v, i) => scaledToTarget(t, rel ? v + prep.target[origin[Math.floor(i / H)]!]! : v))
}

/** A regression run's statistical models fitted elsewhere (statJobOf's job, run by a StatFitter) and
 *  the histories they were fitted on: the choice uses them instead of fitting them itself. */
export interface FittedStats { pre: StatJobResult; histories: StatHistories }

/** `step`: called EVALUATE_STEPS[task] times as evaluate's work goes (a rebuild counts it). */
export function evaluate(model: Model, run: PreparedRun, level: number, stats?: FittedStats, step: () => void = () => {}): Evaluation {
  return finish(evaluatePausing(model, run, level, stats, step))
}

/** evaluate, pausing (pauses.ts) in a regression's choice (after each call of the network on its
 *  paths, each test origin replayed, each of its phases) and after each split predicted: a
 *  training runs it so (runTraining), a cancel heard at its pauses. */
export function* evaluatePausing(model: Model, run: PreparedRun, level: number, stats?: FittedStats, step: () => void = () => {}): Pausable<Evaluation> {
  return run.prep.fitted.target.kind === 'regression' ? yield* evaluateRegression(model, run, level, stats, step) : evaluateClassification(model, run, step)
}

/** The parts the test intervals' replay is counted in (chooseForecaster). */
const REPLAY_PARTS = 5
/** The parts the network's validation paths, and its test paths, are each counted in, by the
 *  network's calls (chooseForecaster, networkPaths' `called`): one step of 4-11 s on 20,000 hourly
 *  rows, then eight parts of one batch of origins each (its K calls), 1.4-7 s on a loaded machine;
 *  28 make under a third of a batch each there. (An export tells each of a rebuild's steps,
 *  export-job.ts rebuildProgress: their count is not capped at 100.) */
export const PATH_PARTS = 28
/** The parts the validation intervals' quantiles, and the test intervals' calibration, are each
 *  counted in, by residuals sorted (PathCalibration): each step's quantiles take half of them, every
 *  step's residuals pooled the other half, so six parts count each of the pooled quantiles (one
 *  step of up to 2.5 s on 20,000 hourly rows, when they were counted as one). */
export const QUANTILE_PARTS = 6
/** The parts the statistical models' fits on the training rows, and the chosen ones' refits on
 *  every row, are each counted in, by the work they do as it goes (inTicks: ETS's candidates,
 *  ARIMA's search and each iteration of its maximum-likelihood fits). Each was one step, the
 *  longest silence of a training on the CO2 sample (2.1 s; the search ends in an ML fit of 47
 *  iterations, 1.7 s on a loaded machine, the refit in one of 70, 2.7 s). */
export const FIT_PARTS = 40
/** The steps chooseForecaster counts (ChoiceInput.step). */
export const CHOICE_STEPS = 2 * FIT_PARTS + 2 * PATH_PARTS + 2 * QUANTILE_PARTS + REPLAY_PARTS

/** The steps evaluate counts: a regression's histories (the outlier searches among the training
 *  and validation rows and among every row, by their OUTLIER_PASSES passes each), the choice's
 *  CHOICE_STEPS, the splits' predictions (PREDICT_PARTS) and the intervals; a classification's
 *  predictions (PREDICT_PARTS) and its threshold. */
export const EVALUATE_STEPS: Record<'regression' | 'classification', number> = { regression: 2 * OUTLIER_PASSES + CHOICE_STEPS + PREDICT_PARTS + 1, classification: PREDICT_PARTS + 1 }

/** The statistical fits a regression run's choice makes (null for classification), as one StatJob:
 *  a StatFitter runs it off this thread, so a cancel is heard while ARIMA searches for seconds.
 *  `pass`: the outlier searches' passes, as evaluate counts them (2 OUTLIER_PASSES). */
export function statJobOf(run: PreparedRun, pass?: () => void): { job: StatJob; histories: StatHistories } | null {
  return finish(statJobOfPausing(run, pass))
}

/** statJobOf, paused within its outlier searches' passes (a training makes them before it sends the
 *  fits to the worker, a cancel heard meanwhile: runTraining). */
export function* statJobOfPausing(run: PreparedRun, pass?: () => void): Pausable<{ job: StatJob; histories: StatHistories } | null> {
  const { prep } = run
  if (prep.fitted.target.kind !== 'regression') return null
  const series = targetWithFilled(prep)
  const { train } = prep.splits
  const histories = yield* runHistories(run, series, pass)
  return { job: { trainY: histories.scored.slice(train.start, train.end), series: histories.all, m: run.season, models: STAT_ORDER }, histories }
}

/** statHistories of the run's target (`series`: targetWithFilled), the training outliers taken
 *  from preparation (prepareRun) where it searched these very values, not searched again; paused
 *  within the searches' passes. */
function* runHistories(run: PreparedRun, series: Float64Array, pass?: () => void): Pausable<StatHistories> {
  const { train, val } = run.prep.splits
  yield // the work before (the target with its filled values, its range) apart from the searches'
  return yield* statHistoriesPausing(series, train, run.season, run.outliers === 'clean', sameTrainOutliers(run.trainOutliers, series, train), pass, val)
}

function* evaluateRegression(model: Model, run: PreparedRun, level: number, stats: FittedStats | undefined, step: () => void): Pausable<Evaluation> {
  const { prep } = run
  const W = prep.config.window
  const t = prep.fitted.target
  const log = t.kind === 'regression' && t.transform === 'log'
  // Direct models have one output per horizon step k = 1..h; the others one output, at k = h. The
  // un-suffixed metrics, the skill, the interval half-width and the test detail stay "at h", so a
  // direct run reads like a plain one; direct runs add 'rmse@k' rows and per-step intervals.
  const H = W.targets === 'all' ? W.horizon : 1 // network outputs per window
  const steps = H > 1 ? Array.from({ length: H }, (_, j) => j + 1) : [W.horizon]
  // (N) the target in original units: the observed values exactly, and the imputed ones (which exist
  // only in scaled float32 form) where a value was missing, so baselines see what the network saw.
  const series = targetWithFilled(prep)
  const { train, test: testRows } = prep.splits
  const range = targetRangeOf(prep.targetRaw, train, testRows)
  const domain: Domain | null = range?.domain ?? null
  const m = run.season
  const period = m > 1 ? m : null
  // the outlier searches among the training and validation rows and among every row, counted by
  // their passes (none: made up at once)
  const passes = inParts(2 * OUTLIER_PASSES, 2 * OUTLIER_PASSES, step)
  const histories = stats ? stats.histories : yield* runHistories(run, series, passes.next)
  passes.end()
  // MASE's scale, the training rows' mean one-step change, over the training values as the
  // statistical models read them: with the values the outlier rule replaced (model.outliers
  // 'clean'), since one bad print (5000 among values near 50) made it 5.8 times larger and every
  // MASE 5.8 times smaller. M4's definition reads every value as it is; the run's notice says where
  // the two differ by more than MASE_SCALE_RATIO (prepareRun, out-of-scale.ts), and the quality
  // bench keeps M4's.
  const scaleY = histories.scored.subarray(train.start, train.end)
  const scaleMagnitude = magnitudeOf(scaleY) // "0 to rounding"'s, once: every split, step and model below is scored against it

  // The honest choice, on multi-step paths from every validation origin (choice.ts).
  const { fits, skipped, wNet, members, mix, choice, ahead, forward, pathCoverage, coverageSteps, statSeries } = yield* chooseForecasterPausing({
    series, observed: prep.targetRaw, splits: prep.splits, season: m, steps: run.steps, forecaster: run.forecaster, outliers: run.outliers, time: prep.time, zone: prep.zone, level, log,
    ...(stats ? { pre: stats.pre } : {}), histories, step,
    net: { pm: { model, fitted: prep.fitted, window: W }, inputs: prep.inputs, D: prep.D }
  })

  const metrics: MetricRow[] = []
  // y, yhat (Wn, H) every step; yH, yhatH, base (Wn) at step h
  const pred: Partial<Record<SplitName, { origin: Int32Array; rows: Int32Array; y: Float64Array; yhat: Float64Array; yH: Float64Array; yhatH: Float64Array; base: Record<string, Float64Array> }>> = {}
  const hmax = steps[steps.length - 1]!
  const predicted = splitsCounted(run, step)
  for (const split of SPLITS) {
    const { target, origin } = targetRows(prep.windows[split])
    if (target.length === 0) continue
    const net = networkInUnits(run, predictSplit(model, run, split, undefined, predicted.of(split)), origin, H) // (Wn, H)
    yield
    // every statistical model at these origins, steps 1..hmax (Wn, hmax)
    const statAt = new Map(fits.map((f) => [f, f.forecastAt(statSeries, origin, hmax)]))
    const atSteps = (p: Float64Array) => Float64Array.from({ length: origin.length * H }, (_, i) => p[Math.floor(i / H) * hmax + steps[i % H]! - 1]!) // (Wn, H)
    const out = clipValues(domain, members.length ? mix(net, members.map((x) => atSteps(statAt.get(x.fit)!))) : net)
    const y = Float64Array.from({ length: origin.length * H }, (_, i) => prep.targetRaw[origin[Math.floor(i / H)]! + steps[i % H]!]!) // (Wn, H)
    for (let j = 0; j < H; j++) {
      const k = steps[j]!
      const at = (a: Float64Array) => (H === 1 ? a : Float64Array.from(origin, (_, i) => a[i * H + j]!))
      const base = regressionBaselines(series, origin, k, W.lookback, period) as Record<string, Float64Array>
      for (const f of fits) if (f.name !== 'naive' && f.name !== 'seasonal-naive') base[f.name] = Float64Array.from(origin, (_, i) => statAt.get(f)![i * hmax + k - 1]!)
      const yk = at(y)
      const yhatk = at(out)
      if (k === W.horizon) pred[split] = { origin, rows: target, y, yhat: out, yH: yk, yhatH: yhatk, base }
      const rows: [string, Float64Array][] = [['model', yhatk], ...(wNet === 1 ? [] : [['network', at(net)] as [string, Float64Array]]), ...Object.entries(base)]
      for (const [name, p] of rows) {
        const mm = regressionMetrics(yk, p, scaleY, 1, scaleMagnitude)
        if (k === W.horizon) for (const key of REGRESSION_METRICS) metrics.push({ split, model: name, metric: key, value: clean(mm[key]) })
        if (H > 1) metrics.push({ split, model: name, metric: `rmse@${k}`, value: clean(mm.rmse) })
      }
    }
  }
  predicted.end()
  // a forecast made of statistical models (one alone when the network lost, a random walk's naive,
  // their mean, the network's mean with them) is judged against the best of the baselines it is
  // not made of: against one of its own members its skill would be ~0 by construction
  const best0 = addSkill(metrics, headlineMetric('regression'), targetScale(range), choice ? choice.members.map((x) => x.fit.name) : [])
  // the verdict's "level": the headline metric's row errors at step h on test against the skill's
  // baseline's, their difference's noise allowing for the overlap of h-step forecasts (errorNoise)
  const noise = regressionNoise(pred.test, best0, W.horizon)

  // Split-conformal per horizon step (in the model's own space: log ratios for a log-transformed
  // target). Each test window's interval is calibrated at its origin on validation's residuals and
  // the test residuals observed by then (conformalThroughTest), and coverage is counted on those;
  // the half-widths kept for what comes after the data (the model file's, fw predict's) are
  // calibrated on validation's and every test residual, as the forecast past the end's are.
  let q: Float64Array | null = null
  let qTest: Float64Array | null = null // (Wt, H) each test window's half-widths at its origin
  let cover: number | null = null
  const val = pred.val
  const test = pred.test
  const tr = (v: number) => (log ? Math.log(v) : v)
  let calibratedOn: Float64Array[] = [] // the residuals behind q
  if (val && val.y.length > 0) {
    const valRes = Float64Array.from(val.y, (y, i) => tr(y) - tr(val.yhat[i]!)) // (Wv, H)
    const ci = fitConformal(valRes, H, level, conformalDecay(level))
    q = ci.q.every(Number.isFinite) ? ci.q : null
    calibratedOn = [valRes]
    if (test && test.y.length > 0 && q !== null) {
      const testRes = Float64Array.from(test.y, (y, i) => tr(y) - tr(test.yhat[i]!)) // (Wt, H)
      calibratedOn = [valRes, testRes]
      const seen = Float64Array.from(testRes, (_, i) => test.origin[Math.floor(i / H)]! + steps[i % H]!)
      const t = conformalThroughTest(valRes, testRes, seen, test.origin, H, level)
      qTest = t.perWindow
      cover = t.coverage[H - 1]!
      q = t.q
    }
  }
  // errors in the model's space: log ratios (relative) for a logged target, else the target's units
  const zeroWidth = q === null ? null : zeroWidthNote(q, calibratedOn.flatMap((r) => Array.from(r)), EXACT_FIT * (log ? 1 : targetScale(range) ?? 0), level)
  const forecasts: ForecastRow[] = []
  if (test) {
    for (let i = 0; i < test.origin.length; i++) {
      for (let j = 0; j < H; j++) {
        const v = test.yhat[i * H + j]!
        const row = test.origin[i]! + steps[j]!
        const qi = qTest === null ? null : qTest[i * H + j]!
        const [lower, upper] = qi === null ? [null, null] : boundsIn(domain, v, qi, log)
        forecasts.push({ ts: prep.time ? prep.time[row]! : row, step: steps[j]!, value: v, lower, upper, actual: clean(test.y[i * H + j]!) })
      }
    }
  }
  const detail: TestDetail | null = test ? { rows: test.rows, y: test.yH, yhat: test.yhatH, baselines: test.base, classes: null } : null
  step()
  return {
    metrics, forecasts, intervalCoverage: cover, intervalHalfWidth: q === null ? null : q[H - 1]!, bestBaseline: best0, test: detail,
    ...(H > 1 ? { intervalHalfWidths: q === null ? null : Array.from(q) } : {}),
    choice: choice && noise ? { ...choice, testNoise: noise } : choice, ahead: { ...storedAhead(forward, log), coverage: pathCoverage, coverageSteps, validationQ: ahead.q }, notices: skipped.map((s) => `statistical model skipped: ${s}`), zeroWidth, range
  }
}

export interface ChoiceInput {
  /** (N) the target in original units, imputed values filled in. */
  series: Float64Array
  /** (N) the target as observed, NaN where a value was missing: what every candidate is scored
   *  and its intervals calibrated against (a filled value is not an observation). Default: series. */
  observed?: ArrayLike<number>
  splits: { train: RowRange; val: RowRange; test: RowRange }
  season: number
  /** Steps ahead scored on validation paths (PreparedRun.steps). */
  steps: number
  forecaster: Forecaster
  level: number
  /** A log-transformed target: intervals are ratios. */
  log: boolean
  /** The network and the prepared (N, D) inputs of this series. */
  net: { pm: PathModel; inputs: Float32Array; D: number }
  /** The statistical models to fit (default: all of them; global runs bound this per series). */
  models?: readonly StatName[]
  /** Refit the chosen statistical models on every row for the forecast past the end (default; single
   *  series and each series of a global run). false: they keep their training-row parameters there
   *  too, their states still filtered through every row. */
  refit?: boolean
  /** The statistical models already fitted, as runStatJob fits them on this series (a global run's,
   *  in worker threads, on statHistories' histories): used as they are, instead of fitting them here. */
  pre?: StatJobResult
  /** model.outliers: 'clean' replaces what tsoutliers finds before the statistical models read
   *  the series (statHistories); default 'keep'. */
  outliers?: 'clean' | 'keep'
  /** statHistories(series, splits.train, season, outliers === 'clean') where the caller has it
   *  already (a global run, whose worker threads fit on it): not searched again. */
  histories?: StatHistories
  /** (N) epoch ms of each row, for the sentence to name a replaced value's time (none: its row). */
  time?: Float64Array | null
  /** The zone the run's files write `time` in (Prepared.zone), which the sentence writes it in too. */
  zone?: TimeZoneMark
  /** Called CHOICE_STEPS times as the choice's work goes: the models fitted (in parts, by their
   *  work), the network's validation paths (in parts, by the network's calls), the validation
   *  intervals (in parts, by the steps' quantiles built), the test paths (in parts), the test
   *  intervals replayed (in parts), the chosen models refitted on every row (in parts, by their work). */
  step?: () => void
}

export interface ChoiceOutcome {
  fits: StatFit[]
  /** Models that could not be fitted, with why. */
  skipped: string[]
  /** null: no validation origin, so nothing was chosen (the network is the forecast). */
  choice: ForecastChoice | null
  wNet: number
  members: { fit: StatFit; weight: number }[]
  /** The chosen forecast from the network's values and the members' (same shapes). */
  mix: (net: Float64Array | null, parts: Float64Array[]) => Float64Array
  /** Path half-widths 1..K calibrated on validation; forward: on validation and test (past the end). */
  ahead: PathBands
  forward: PathBands
  /** Test-path coverage of the bounds each test origin had (PathCalibration up to it). */
  pathCoverage: number | null
  /** The steps ahead pathCoverage measured: fewer than K where the test period holds fewer rows. */
  coverageSteps: ScoredSteps | null
  /** The history the statistical models read at the validation and test origins: the series with
   *  the outliers among its training rows replaced (model.outliers 'clean'), else the series. */
  statSeries: Float64Array
  /** The network alone chosen for making NETWORK_ALONE_RATIO times less validation error than the
   *  rule's choice before it (choice.ts, Pick.aloneOver); null otherwise. */
  aloneOver: NetworkAlone | null
}

/**
 * The honest choice for one series (choice.ts): the statistical models fitted on its training rows
 * only, every candidate's paths from its validation origins, the rule, and the chosen forecaster's
 * path intervals. Single-series runs (evaluate) and each series of a global run (global.ts) call it.
 */
/** The columns a network reads besides its target's history (not a global run's series id), with
 *  the calendar's sin/cos inputs as one 'the calendar'. */
function inputsBesidesTarget(pm: PathModel): string[] {
  const t = pm.fitted.target.column
  return [...new Set(pm.fitted.inputs.filter((b) => b.column !== t && !b.static).map((b) => (b.column.startsWith(CALENDAR_PREFIX) ? 'the calendar' : b.column)))]
}

/** The input known in the future whose changes the target's training changes move with most
 *  plainly (changesFollow; p under FOLLOWS_ALPHA over the number of known input columns, and at
 *  least FOLLOWS_MIN_R2 of their variance explained), or null.
 *  `y`: the target in the model's space (log for a log target); `inputs`: the network's (N, D), each
 *  known block led by its lead, so row s - lead holds its value at row s. */
function knownInputFollowed(pm: PathModel, inputs: Float32Array, D: number, y: ArrayLike<number>, train: RowRange): { input: string; t: number; p: number } | null {
  // led blocks only: a known input that is not led (a run stored before leads, knownLead false)
  // reaches the network only up to the window's end, never at the row it forecasts
  const cols = pm.fitted.inputs.filter((b) => b.known && (b.lead ?? 0) > 0).flatMap((b) => Array.from({ length: b.size }, (_, j) => ({ col: b.offset + j, lead: b.lead! })))
  let best: { input: string; t: number; p: number } | null = null
  for (const { col, lead } of cols) {
    const from = Math.max(train.start + 1, lead + 1)
    const n = Math.max(0, train.end - from)
    const dy = Float64Array.from({ length: n }, (_, i) => y[from + i]! - y[from + i - 1]!)
    const dx = Float64Array.from({ length: n }, (_, i) => inputs[(from + i - lead) * D + col]! - inputs[(from + i - lead - 1) * D + col]!)
    const f = changesFollow(dy, dx)
    if (f.p < FOLLOWS_ALPHA / cols.length && f.r2 >= FOLLOWS_MIN_R2 && (best === null || f.p < best.p)) best = { input: inputWord(pm.fitted.inputNames[col]!), t: f.t, p: f.p }
  }
  return best
}

const CALENDAR_WORDS: Record<string, string> = { dow: 'the day of the week', month: 'the month', doy: 'the day of the year', hour: 'the hour of the day', holiday: 'the holidays' }

/** An input column as a sentence names it: 'promo', 'weather=rain', or for a calendar column
 *  (cal:dow.sin, cal:holiday) what it encodes, 'the day of the week', 'the holidays'. */
function inputWord(name: string): string {
  if (!name.startsWith(CALENDAR_PREFIX)) return name
  const f = name.slice(CALENDAR_PREFIX.length).split('.')[0]!
  return CALENDAR_WORDS[f] ?? name
}

export function chooseForecaster(c: ChoiceInput): ChoiceOutcome {
  return finish(chooseForecasterPausing(c))
}

/** chooseForecaster, pausing (pauses.ts) after each of its phases, each call of the network on its
 *  paths and each test origin replayed. */
export function* chooseForecasterPausing(c: ChoiceInput): Pausable<ChoiceOutcome> {
  const { series, level, log } = c
  const step = c.step ?? (() => {})
  const { train, val: valRows, test: testRows } = c.splits
  const m = c.season
  const K = c.steps
  const pm = c.net.pm
  // what the statistical models read: outliers among the training rows replaced (model.outliers)
  const hist = c.histories ?? (yield* statHistoriesPausing(series, train, m, c.outliers === 'clean', undefined, undefined, valRows))
  // the fits counted by the work they do (none, fitted elsewhere: made up at once)
  const fitted = inTicks(FIT_PARTS, step)
  const { fits, skipped } = c.pre ? { fits: c.pre.fits.map(restoreStat), skipped: c.pre.skipped } : fitStatModels(hist.scored.slice(train.start, train.end), m, c.models, fitted.tick)
  fitted.end()
  yield
  const vo = pathOriginsOf(valRows, K)
  const to = pathOriginsOf(testRows, K)
  const reach = networkReach(pm, K)
  // the network's validation paths, counted by the network's calls (none: made up at once)
  const valPaths = inShares(PATH_PARTS, step)
  const netVal = vo.length ? yield* networkPathsPausing(pm, c.net.inputs, c.net.D, vo, K, undefined, null, valPaths.share) : null
  const statVal: { fit: StatFit; paths: Float64Array }[] = []
  for (const fit of fits) {
    statVal.push({ fit, paths: fit.forecastAt(hist.scored, vo, K) })
    yield
  }
  valPaths.end()
  const forced = c.forecaster
  // the random-walk test reads the training rows in the model's space (ratios for a log target)
  const inModel = log ? Float64Array.from(series, Math.log) : series
  let rw = randomWalkTest(inModel.subarray(train.start, train.end), m)
  // a random walk by its own history whose changes move with an input the network reads at the row
  // it forecasts (a promotion) is not one given that input
  if (rw.randomWalk) {
    const follows = knownInputFollowed(pm, c.net.inputs, c.net.D, inModel, train)
    if (follows) rw = { ...rw, randomWalk: false, follows }
  }
  const seen = c.observed ?? series
  // the candidates are scored against the validation values the statistical models read: a value
  // replaced there (an outlier, validationOutliers) would add the same error to every forecaster
  // and squeeze the ratios the rule reads (the trimming, naive's margin) towards 1
  const scoredAt = replacedWhereSeen(seen, hist.outliers?.val ?? [])
  const pick = vo.length ? choose(scoredAt, vo, K, valRows, { network: netVal, stats: statVal, networkInputs: inputsBesidesTarget(pm) }, reach, forced, rw) : null
  if (forced !== 'auto' && pick && pick.chosen !== forced)
    throw new ConfigError('model.forecaster', `'${forced}' could not be fitted to this series (${skipped.find((s) => s.startsWith(forced)) ?? 'it needs two of ETS, Theta and ARIMA fitted'})`)
  const wNet = pick?.network ?? 1
  const members = pick?.members ?? []
  const mix = (net: Float64Array | null, parts: Float64Array[]) => blend(net, wNet, parts, members.map((x) => x.weight))
  const pathsOf = (fit: StatFit) => statVal.find((x) => x.fit === fit)!.paths
  const chosenVal = vo.length ? mix(netVal, members.map((x) => pathsOf(x.fit))) : null
  // the validation intervals, counted by the residuals their quantiles sort (each step's, then the
  // pooled ones: QUANTILE_PARTS)
  const aheadBuilt = inShares(QUANTILE_PARTS, step)
  const ahead: PathBands = chosenVal ? yield* pathIntervalsPausing(seen, chosenVal, vo, K, valRows, level, log, conformalDecay(level), aheadBuilt.share) : { q: [], lower: [], upper: [], calibrated: 0 }
  aheadBuilt.end()
  yield
  let pathCoverage: number | null = null
  let coverageSteps: ScoredSteps | null = null
  // the forecast past the end is calibrated on every out-of-sample path, validation's and test's
  // (the test coverage reported is that of the bounds each test origin had: nothing is measured on
  // the residuals it was calibrated with)
  let forward = ahead
  // the test intervals replayed, the longest of these steps (seconds on a long series): counted in
  // parts, of the calibration's quantiles built (by the residuals sorted, QUANTILE_PARTS), then of the
  // test origins replayed; made up at once where there is nothing to replay
  const built = inShares(QUANTILE_PARTS, step)
  const replayed = inParts(REPLAY_PARTS, to.length, step)
  const testPaths = inShares(PATH_PARTS, step)
  if (chosenVal && to.length) {
    const netTest = wNet > 0 ? yield* networkPathsPausing(pm, c.net.inputs, c.net.D, to, K, undefined, null, testPaths.share) : null
    const chosenTest = mix(netTest, members.map((x) => x.fit.forecastAt(hist.scored, to, K)))
    testPaths.end()
    yield
    const both = new Float64Array(chosenVal.length + chosenTest.length) // (W_val + W_test, K)
    both.set(chosenVal)
    both.set(chosenTest, chosenVal.length)
    const cal = yield* PathCalibration.pausing(seen, both, Int32Array.from([...vo, ...to]), K, valRows.start, log, conformalDecay(level), built.share)
    // each test path's intervals as they were at its origin: validation's residuals and the test
    // residuals already observed (origins ascend, so the calibration set only grows)
    if (ahead.q.length) pathCoverage = yield* coverageOfPaths(seen, chosenTest, to, K, testRows, (i) => {
      const bands = cal.upTo(Math.max(valRows.end, to[i]! + 1), level)
      replayed.next()
      return bands
    }, log)
    if (pathCoverage !== null) coverageSteps = { steps: highestScoredStep(seen, to, testRows, reach), rows: testRows.end - testRows.start, reach }
    forward = cal.upTo(testRows.end, level)
  }
  testPaths.end() // no test paths: made up at once
  built.end()
  replayed.end()
  // every row, for the forecast past the end (refitOnAll), or as the fits handed in were refit;
  // counted as the fits are
  const refitted = inTicks(FIT_PARTS, step)
  const refit = (fit: StatFit): StoredStat => (c.refit === false ? fit.toJSON() : c.pre?.full[fits.indexOf(fit)] ?? refitOnAll(fit, hist.all, m, refitted.tick))
  const full: StoredStat[] = []
  if (pick)
    for (const x of members) {
      yield
      full.push(refit(x.fit))
    }
  // the steps the candidates were scored on: 1..K only where validation holds K rows past its first
  // origin and the network reaches K (choice-steps.ts)
  const scored: ScoredSteps = { steps: highestScoredStep(scoredAt, vo, valRows, reach), rows: valRows.end - valRows.start, reach }
  const choice: ForecastChoice | null = pick && {
    chosen: pick.chosen, label: pick.label, network: wNet,
    members: members.map((x, i) => ({ name: x.fit.name, label: x.fit.label, weight: x.weight, fit: x.fit.toJSON(), full: full[i]! })),
    season: m, steps: K, scored, validation: pick.validation, message: choiceMessage(pick) + scoredStepsClause({ steps: K, scored }, pm.window.horizon) + fewRowsClause(pick, valRows.end - valRows.start) + outliersSentence(hist.outliers, c.time, c.zone),
    ...(hist.outliers ? { outliers: hist.outliers } : {})
  }
  refitted.end()
  return { fits, skipped, choice, wNet, members, mix, ahead, forward, pathCoverage, coverageSteps, statSeries: hist.scored, aloneOver: pick?.aloneOver ? { network: pick.aloneOver.network, forecast: pick.aloneOver.forecast } : null }
}

/** `seen` (the target as observed) with `replaced` put in at the rows it observed (a missing value
 *  stays missing); `seen` itself when there are none. */
function replacedWhereSeen(seen: ArrayLike<number>, replaced: readonly ReplacedValue[]): ArrayLike<number> {
  const at = replaced.filter((r) => seen[r.row] === seen[r.row])
  return at.length ? withReplaced(Float64Array.from(seen), at) : seen
}

/** Share of test path points inside their step's interval; bandsAt(i): the bounds at origin i
 *  (asked for in order of i; none: no interval, those points are not counted). */
function* coverageOfPaths(y: ArrayLike<number>, paths: Float64Array, origins: Int32Array, K: number, range: RowRange, bandsAt: (i: number) => PathBands, log: boolean): Pausable<number | null> {
  let n = 0
  let inside = 0
  for (let i = 0; i < origins.length; i++) {
    yield // each origin's bounds are calibrated anew (bandsAt)
    const b = bandsAt(i)
    if (!b.q.length) continue
    for (let k = 1; k <= K; k++) {
      const r = origins[i]! + k
      const f = paths[i * K + k - 1]!
      if (r < range.start || r >= range.end || f !== f || y[r] !== y[r]) continue
      const [lo, hi] = offsetBounds(f, b.lower[k - 1]!, b.upper[k - 1]!, log)
      n++
      if (y[r]! >= lo && y[r]! <= hi) inside++
    }
  }
  return n ? inside / n : null
}

function evaluateClassification(model: Model, run: PreparedRun, step: () => void): Evaluation {
  const { prep, K } = run
  const cls = prep.target as Int32Array // (N) class index, -1 unknown
  const metrics: MetricRow[] = []
  const forecasts: ForecastRow[] = []
  let detail: TestDetail | null = null
  // no validation window: chosen on no rows, which says so
  let threshold = K === 2 ? chooseThreshold([], []) : undefined
  const predicted = splitsCounted(run, step)
  for (const split of SPLITS) {
    const { target, origin } = targetRows(prep.windows[split])
    if (target.length === 0) continue
    const out = predictSplit(model, run, split, undefined, predicted.of(split))
    // Binary networks have one sigmoid output P(class 1); expand to (W, 2) probabilities.
    const prob = K === 2 && model.spec.outputSize === 1 ? Float64Array.from({ length: target.length * 2 }, (_, j) => (j % 2 ? out[j >> 1]! : 1 - out[j >> 1]!)) : out
    const y = Float64Array.from(target, (r) => cls[r]!)
    const base = classificationBaselines(cls, origin, K, prep.splits.train) as Record<string, Float64Array>
    for (const [name, p] of [['model', prob] as const, ...Object.entries(base)]) {
      const m = classificationMetrics(y, p, K)
      const f1 = m.binary ? m.binary.f1 : m.macroF1
      const values: Record<(typeof CLASSIFICATION_METRICS)[number], number> = {
        accuracy: m.accuracy, f1, precision: m.binary ? m.binary.precision : m.macroPrecision,
        recall: m.binary ? m.binary.recall : m.macroRecall, logloss: m.logLoss, brier: m.brier, auc: m.rocAuc
      }
      for (const metric of CLASSIFICATION_METRICS) metrics.push({ split, model: name, metric, value: clean(values[metric]) })
    }
    if (split === 'val' && K === 2) threshold = chooseThreshold(y, Float64Array.from({ length: target.length }, (_, i) => prob[i * 2 + 1]!))
    if (split === 'test') {
      const classes = prep.fitted.target.kind === 'classification' ? prep.fitted.target.classes : null
      detail = { rows: target, y, yhat: prob, baselines: base, classes }
      for (let i = 0; i < target.length; i++) {
        let arg = 0
        for (let k = 1; k < K; k++) if (prob[i * K + k]! > prob[i * K + arg]!) arg = k
        forecasts.push({
          ts: prep.time ? prep.time[target[i]!]! : target[i]!,
          step: prep.config.window.horizon,
          value: K === 2 ? prob[i * 2 + 1]! : arg,
          lower: null,
          upper: null,
          actual: y[i]! >= 0 ? y[i]! : null,
          ...(K > 2 ? { probs: Array.from(prob.subarray(i * K, (i + 1) * K)) } : {})
        })
      }
    }
  }
  predicted.end()
  const best = addSkill(metrics, headlineMetric('classification'), null)
  // the verdict's "level": the difference from the skill's baseline, row by row on test, against its noise
  const t = detail as TestDetail | null // assigned in the loop, which narrowing does not see
  const against = best !== null ? t?.baselines[best] : undefined
  const rows = t && against ? brierNoise(t.y, t.yhat, against, K) : null
  const noise: TestNoise | null = rows && best !== null && Number.isFinite(rows.mean) && Number.isFinite(rows.se) ? { baseline: best, ...rows } : null
  step()
  return { metrics, forecasts, intervalCoverage: null, intervalHalfWidth: null, bestBaseline: best, test: detail, ...(threshold ? { threshold } : {}), ...(noise ? { noise } : {}) }
}

/** A regression run's test errors at step `horizon` (the headline metric's rows) against those of
 *  `baseline` (the skill's yardstick), differenced by errorNoise with horizon - 1 Newey-West lags;
 *  null where there is no test split, no baseline, or too few rows. */
function regressionNoise(test: { yH: Float64Array; yhatH: Float64Array; base: Record<string, Float64Array> } | undefined, baseline: string | null, horizon: number): TestNoise | null {
  const against = baseline !== null ? test?.base[baseline] : undefined
  const key = headlineMetric('regression')
  if (!test || !against || key !== 'rmse') return null
  const n = errorNoise(test.yH, test.yhatH, against, key, horizon - 1)
  return n && Number.isFinite(n.mean) && Number.isFinite(n.se) ? { baseline: baseline!, ...n } : null
}

/** Skill on each split = 1 - metric(model) / metric(yardstick), the yardstick the best baseline on
 *  validation of those the forecast is not made of (core/data skillBaseline, the rule every view
 *  shows). key: the headline metric (an error: RMSE, Brier). target: the run's targetScale (null for
 *  classification). members: the baselines the forecast is made of (core/export/verdict.ts
 *  forecastMembers), left out. */
function addSkill(metrics: MetricRow[], key: string, target: number | null, members: readonly string[] = []): string | null {
  const best = skillBaseline(metrics, key, members)
  if (best === null) return null
  for (const split of SPLITS) {
    const model = metrics.find((m) => m.split === split && m.model === 'model' && m.metric === key)?.value
    const base = metrics.find((m) => m.split === split && m.model === best && m.metric === key)?.value
    // the one rule (skillOf): none against a baseline perfect to rounding (a constant test period
    // for persistence: Brier 1e-17, not a skill of -3e16), nor where both fit exactly (a line both
    // fit to 1e-14: a ratio of rounding, not a skill of +37 %)
    const s = skillOf(key, model, base, target).skill
    if (s !== null) metrics.push({ split, model: 'model', metric: 'skill', value: clean(s) })
  }
  return best
}
