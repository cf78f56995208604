// One global network across every series of a long file (issue 13, item 3): prepareGlobal lays the
// series end to end (same cut dates, per-series scalers, no window across a boundary), fit trains
// one network on all their windows, and each series is scored on its own test windows against its
// own naive and seasonal-naive forecasts. Each series then gets the honest choice of a single-series
// run (choice.ts through evaluate.ts's chooseForecaster): statistical models fitted on its training
// rows, compared on its validation rows with the network's forecasts of that series, and its
// forecast is the network, a statistical model, their combination, or naive for a random walk.
import { conformalDecay, conformalThroughTest, fitConformal, zeroWidthNote, gatherBatch, leadsInputs, noticeWords, scaledToTarget, targetWithFilled, type PipelineConfig, type SplitName, type StatName } from '../data'
import type { Dataset, Prepared } from '../data'
import { keptClasses } from './run'
import { dataZoneMark, noticeTime, type TimeZoneMark } from '../data/time-cell'
import { prepareGlobalPausing, seriesRows, type GlobalOptions, type GlobalPrepared, type SkippedSeries } from '../data/global'
import { EXACT_FIT, skillOf, targetScale, type TestNoise } from '../data/metrics'
import { andListCut, fix, prefixed, words, type Words } from '../data/words'
import { ConfigError, Rng, createModel, serializeModel, MODEL_LEAD_VERSION, type LossKind, type Model, type ModelSpec } from '../engine'
import type { ThresholdChoice } from '../data/threshold'
import { globalClassMetrics, scoreGlobalClasses, type GlobalClassSummary, type SeriesClassScore } from './global-classes'
import { statHistories, statHistoriesPausing, storedAhead, type Chosen, type NetworkAlone, type ForecastChoice, type Forecaster, type StatFitter, type StatJobResult, type StoredAhead } from './choice'
import { boundsIn, clipValues, domainOf, targetRangeOf, type Domain, type HistoryRange, type TargetRange } from './domain'
import { maseScaleFactor, maseScaleNotice, mergedLinesOf, type OutOfScale } from './out-of-scale'
import { maseScaleSeriesWords, networkAloneSeriesWords, outsideTestSeriesWords, zeroWidthSeriesWords } from './series-notes'
import { divergenceOf, type Divergence } from './diverged'
import { chooseForecasterPausing, windowOutputs, type ChoiceOutcome } from './evaluate'
import { finish, PAUSE_MS, untilStopped, type Pausable } from './pauses'
import { bestNaiveCounts, geometricRelativeMae, scoreSeries, seasonalNaiveMetric, seriesErrorNoise, summariseSeries, type SeriesScore, type SeriesSummary } from './evaluate-series'
import { fit, type FitHooks, type FitOptions, type GradientProvider, type WindowSource } from './fit'
import { asTrainFieldPausing, autoGridNotices, defaultSteps, gapSeasonOf, modelSpecOf, seasonFilledGaps, toPipelineConfig } from './prepare'
import { calendarTime, resolveSeasonOf, WEEKLY_GAIN } from './season'
import { inferStep } from './time-step'
import { perPhase, type PreparePhase } from './progress'
import type { ForecastRow, MetricRow, TrainConfig } from './types'

/** The statistical models fitted per series of a global run. ARIMA is left out: its automatic
 *  search costs about a second per seasonal series of a few hundred rows (bench: 1.3 s for 350 daily
 *  rows, 3 to 6 s when none of its refits passes), so 1,000 series would wait an hour; ETS (about
 *  0.1 s for 350 rows) and Theta (a millisecond) keep the per-series cost bounded. The chosen models
 *  are refitted on every row of their series for the forecast past the end, as a single-series run
 *  refits them (chooseForecaster's refit), so a series' forecast is what the single-series run makes
 *  of the same choice; only the chosen members are refitted (an ETS selection for the series that
 *  chose ETS). */
export const GLOBAL_STAT_MODELS: readonly StatName[] = ['naive', 'seasonal-naive', 'drift', 'ets', 'theta']

export const GLOBAL_CHOICE_NOTE = 'each series\' forecast is chosen on its validation rows as a single-series run\'s is: the network, a statistical model (ETS, Theta, drift, seasonal naive; ARIMA is not fitted per series of a global run, for time), their combination, or naive for a random walk'

/** How a series of a global run is forecast (choice.ts): what, its label and the sentence why. */
export interface SeriesChoice { chosen: Chosen; label: string; message: string }

export interface GlobalRun {
  gp: GlobalPrepared
  pipelineConfig: PipelineConfig
  spec: ModelSpec
  /** mse for a regression; a classification's bce (two classes, one sigmoid output) or softmax-ce. */
  loss: LossKind
  sources: Record<SplitName, WindowSource>
  /** The lines a series' row at `line` merged (data.duplicates), as a single run's notes name them
   *  (out-of-scale.ts mergedLinesOf, over the series' own rows); absent: none named. */
  mergedOf?: (key: string[], line: number) => OutOfScale['merged']
}

export interface SeriesResult {
  key: string[]
  label: string
  rows: number
  season: number
  /** Test scores of this series' forecast: the one chosen on validation (forecastBy). */
  test: SeriesScore
  /** Test scores of the global network's own forecasts of this series, whatever was chosen. */
  network: SeriesScore
  forecastBy: SeriesChoice
  /** Split-conformal half-width of this series' h-step forecasts (the chosen forecaster's), from its
   *  validation and test windows (null: too few), in the model's own space: a log ratio for a series
   *  that models log(y), as a single-series run's (evaluate.ts). */
  intervalHalfWidth: number | null
  /** A direct model's half-widths of steps 1..h, the same way (null: too few). */
  intervalHalfWidths?: number[] | null
  /** Share of this series' test targets inside the interval (null without an interval). */
  intervalCoverage: number | null
  /** Its test windows' forecasts (predictions.csv). */
  forecasts: ForecastRow[]
  /** Its target's range facts, as a single-series run's (domain.ts targetRangeOf): the history before
   *  its test period and the test values outside it; null without an observed value before the test
   *  period, absent in results made before. */
  range?: TargetRange | null
  /** A classification's test scores (global-classes.ts); `test` and `network` then hold no value
   *  (a class has no MAE). Absent for a regression. */
  classes?: SeriesClassScore
  /** A regression's: the forecast's test errors against the better of its naive forecasts
   *  (seriesErrorNoise), for the verdict's and the series tables' "level"; null on too few rows.
   *  Absent in a classification. */
  noise?: TestNoise | null
}

export interface GlobalResult {
  epochsRun: number
  bestEpoch: number
  stoppedEarly: boolean
  /** As a single run's (TrainResult): said where a single run's ending is, not among the notes. */
  diverged?: Divergence
  /** The shared cut dates, or null when each series was split on its own rows (cutMode 'series').
   *  ownClocks: the dates as written, read on each series' own clock (series in different zones:
   *  ../data/global seriesCuts), which names no one instant. */
  cuts: CutDates | null
  /** How the series were cut: data.series.global.cuts resolved ('auto' becomes one of these). */
  cutMode: 'dates' | 'series'
  series: SeriesResult[]
  summary: GlobalSummary
  /** Wall seconds spent scoring the series and choosing each one's forecaster (bench/global.ts). */
  choiceSeconds?: number
  skipped: SkippedSeries[]
  /** A two-class run's threshold, chosen on every series' validation windows pooled (runs.threshold_json). */
  threshold?: ThresholdChoice
  /** A classification's classes as a single run keeps them (TrainResult.classes, runs.classes_json):
   *  the pooled names and, for a yes/no target, its data file's words for no and yes. */
  classes?: { names: string[]; words?: [string, string]; noise?: TestNoise }
  /** In the CLI's words and the app's (core/data/words.ts), as a run's notices: stored with the run. */
  notes: Words[]
  /** The notices to keep with the run (runs.notices_json), as a single run's TrainResult.notices:
   *  the series whose test values lie outside their history, whose network alone did far better on
   *  validation than the forecast chosen, whose interval has zero width, and whose MASE scale M4's
   *  would exceed (series-notes.ts). */
  notices?: Words[]
  modelFile: unknown
}

/** What the model file keeps of a series' choice (pipeline.global.series[i].choice and .ahead, as a
 *  single-series file's pipeline.choice and pipeline.ahead): its fitted members, the path half-widths. */
export interface SeriesChoiceFile {
  choice: ForecastChoice | null
  ahead: StoredAhead | null
  domain?: Domain | null
  /** The series' observed range before the test period, for the warning past the end (pipeline.history). */
  history?: HistoryRange | null
}

/** The chosen forecasts' aggregate, the network's alone, and how many series each forecaster won. */
export interface GlobalSummary extends SeriesSummary {
  network: SeriesSummary
  forecastBy: Partial<Record<Chosen, number>>
  /** The chosen forecasts on the validation rows (what a sweep ranks trials by): their GMRAE over
   *  the series with validation windows, and how many series' forecasts give the network any weight.
   *  Absent in runs stored before. */
  validation?: { gmrae: number | null; networkSeries: number }
  /** A classification's aggregate (global-classes.ts); the regression fields above then hold none. */
  classification?: GlobalClassSummary
}

/** Refused before any training (and before the data is prepared): every series would fail its choice after it. */
function refuseUnfitted(cfg: TrainConfig): void {
  const f = cfg.model.forecaster
  if (f !== 'auto' && f !== 'network' && f !== 'ensemble' && f !== 'combination' && !GLOBAL_STAT_MODELS.includes(f))
    throw new ConfigError('model.forecaster', `'${f}' is not fitted per series of a global run (its search costs seconds per series); choose one of auto, network, ensemble, combination, ${GLOBAL_STAT_MODELS.join(', ')}`)
}

/** GlobalOptions' counts, each told to `tell` as its phase. */
const told = (tell: (phase: PreparePhase, done: number, total: number) => void): Pick<GlobalOptions, 'onSeries' | 'onCheck' | 'onAgain'> => ({
  onSeries: (d, t) => tell('prepare', d, t),
  onCheck: (d, t) => tell('prepare-check', d, t),
  onAgain: (d, t) => tell('prepare-again', d, t)
})

/** `tell`: each pass's count as GlobalOptions' onSeries ('prepare'), onCheck ('prepare-check') and
 *  onAgain ('prepare-again') tell it (a run's and an export's progress). */
export function prepareGlobalRun(cfg: TrainConfig, ds: Dataset, tell?: (phase: PreparePhase, done: number, total: number) => void): GlobalRun {
  return finish(prepareGlobalRunPausing(cfg, ds, tell))
}

/** prepareGlobalRun, paused after each series it prepares (prepareGlobalPausing). */
function* prepareGlobalRunPausing(cfg: TrainConfig, ds: Dataset, tell?: (phase: PreparePhase, done: number, total: number) => void): Pausable<GlobalRun> {
  const s = cfg.data.series
  if (!s?.global) throw new Error('prepareGlobalRun needs data.series.global')
  refuseUnfitted(cfg)
  const pipelineConfig = toPipelineConfig({ ...cfg, data: { ...cfg.data, series: undefined } }, ds)
  // cuts absent: 'auto' (resolveConfig always sets it; runs stored before it read 'dates', withStoredDefaults)
  const g = s.global
  const gp = yield* asTrainFieldPausing(prepareGlobalPausing(ds, pipelineConfig, s.columns, g.short, g.oneHot === true, { cuts: g.cuts ?? 'auto', shrink: true, refill: (prep, again) => autoGridSaid(seasonFilledGaps(prep, gapSeasonOf(prep, cfg.data.season), again), cfg), ...(tell ? told(tell) : {}) }))
  // a classification's classes are every series' (pooled: prepareGlobal)
  const t = gp.parts[0]!.prep.fitted.target
  const K = t.kind === 'classification' ? t.classes.length : 1
  const loss: LossKind = t.kind === 'regression' ? 'mse' : K === 2 ? 'bce' : 'softmax-ce'
  const spec = modelSpecOf(cfg, gp.D, loss, K)
  const source = (split: SplitName): WindowSource => ({
    count: gp.windows[split].starts.length,
    batch: (indices) => gatherBatch(gp, gp.windows[split], indices, { classesAsFloat: loss === 'bce' })
  })
  // a series' row that merged repeated times holds their value together, said with their lines
  const by = cfg.data.duplicates
  const rowsOf = new Map(by === 'keep' || by === 'error' ? [] : seriesRows(ds, s.columns).map((r) => [r.key.join('\u0000'), r.rows] as const))
  const mergedOf = (key: string[], line: number) => {
    const rows = rowsOf.get(key.join('\u0000'))
    const lines = rows ? mergedLinesOf(ds, cfg.data.time ?? ds.timeColumn, line, rows) : null
    return lines ? { lines, by } : undefined
  }
  return { gp, pipelineConfig, spec, loss, sources: { train: source('train'), val: source('val'), test: source('test') }, mergedOf }
}

/** A series' rows as prepared, its grid said per series in the words of a single run's (autoGridNotices). */
function autoGridSaid(filled: { prep: Prepared; seasonFilled: boolean }, cfg: TrainConfig): Prepared {
  return { ...filled.prep, notices: autoGridNotices(filled.prep, cfg, filled.seasonFilled) }
}

/** Per series: forecasts in original units at each window's h-step target, with the actuals and
 *  the naive and seasonal-naive forecasts from the same origins; `filled`: the series' target with
 *  a missing value filled (targetWithFilled), which the baselines read as the network does.
 *  `out` is windowOutputs' (W, O): with O > 1 (direct) `steps` also holds every step's actual and
 *  network forecast, (W, O), for the per-step intervals. */
function seriesWindows(run: GlobalRun, split: SplitName, out: Float64Array, O: number, p: number, k0: number, season: number, filled: Float64Array) {
  const { gp } = run
  const part = gp.parts[p]!
  const prep = part.prep
  const t = prep.fitted.target
  if (t.kind !== 'regression') throw new Error('global runs are regression only')
  const w = gp.windows[split]
  const n = gp.windowCounts[split][p]!
  const h = w.horizon
  const lag = season > 1 ? season * Math.ceil(h / season) : 0
  const rows = new Int32Array(n) // (W) target rows, series-local
  const y = new Float64Array(n)
  const yhat = new Float64Array(n)
  const naive = new Float64Array(n)
  const snaive = new Float64Array(n)
  const yAll = new Float64Array(n * O) // (W, O)
  const yhatAll = new Float64Array(n * O)
  for (let i = 0; i < n; i++) {
    const origin = w.starts[k0 + i]! - part.offset + w.lookback - 1
    rows[i] = origin + h
    for (let j = 0; j < O; j++) {
      const step = O === 1 ? h : j + 1
      const v = out[(k0 + i) * O + j]!
      yAll[i * O + j] = prep.targetRaw[origin + step]!
      yhatAll[i * O + j] = scaledToTarget(t, t.relative ? v + prep.target[origin]! : v)
    }
    y[i] = yAll[i * O + O - 1]!
    yhat[i] = yhatAll[i * O + O - 1]!
    naive[i] = filled[origin]!
    snaive[i] = lag > 0 && origin + h - lag >= 0 ? filled[origin + h - lag]! : NaN
  }
  return { rows, y, yhat, naive, snaive: lag > 0 ? snaive : null, steps: { y: yAll, yhat: yhatAll } }
}

/** The columns of (W, h) paths that a window's O outputs forecast: step h (O = 1), or steps 1..h. */
const stepsOf = (p: Float64Array, h: number, O: number) => (O === h ? p : Float64Array.from({ length: p.length / h }, (_, i) => p[i * h + h - 1]!))

/** Every series scored and its forecaster chosen, the labels of those whose season is the week
 *  of their sub-daily rows (weekly), and of those whose daily rows did not take the week (noWeek:
 *  season.ts); `hooks` (optional) hear how far it is ('progress': each
 *  series' statistical models fitted, then each series' forecast chosen) and let a host's cancel in
 *  between series and stop there: null when stopped. */
export async function evaluateGlobal(model: Model, run: GlobalRun, season: 'auto' | number, level: number, forecaster: Forecaster = 'auto', hooks?: Pick<FitHooks, 'shouldStop' | 'yieldNow'> & Partial<Pick<FitHooks, 'emit'>>, statFits?: StatFitter, outliers: 'clean' | 'keep' = 'keep'):
  Promise<{ series: SeriesResult[]; summary: GlobalSummary; files: Map<string, SeriesChoiceFile>; weekly: string[]; noWeek: string[]; alone: ({ label: string } & NetworkAlone)[]; zeroWidth: { label: string; note: string }[]; maseScale: { label: string; times: number; note: Words; merged?: string }[]; threshold?: ThresholdChoice } | null> {
  const { gp } = run
  const O = model.spec.outputSize // 1, or a direct model's h steps
  const n = gp.parts.length
  // progress after the last epoch, series by series (the host spaces what it shows): each series'
  // season and outliers read, its statistical models fitted (over worker threads), then its forecast
  // chosen; a cancel is heard between series in each
  const progress = (phase: 'seasons' | 'models' | 'choice', done: number) => hooks?.emit?.({ type: 'progress', phase, done, total: n })
  progress('seasons', 0)
  const val = windowOutputs(model, run.sources.val)
  const test = windowOutputs(model, run.sources.test)
  if (run.loss !== 'mse') return classesScored(run, val, test, O)
  let kv = 0
  let kt = 0
  const files = new Map<string, SeriesChoiceFile>()
  const alone: ({ label: string } & NetworkAlone)[] = [] // the series whose network alone did far better
  const zeroWidth: { label: string; note: string }[] = [] // the series whose interval has zero width (zeroWidthNote)
  const maseScale: { label: string; times: number; note: Words; merged?: string }[] = [] // the series whose MASE scale M4's would exceed (maseScaleNotice)
  const series: SeriesResult[] = []
  const valScores: SeriesScore[] = [] // the chosen forecasts' scores on validation, series with validation windows
  let networkSeries = 0
  const weekly: string[] = [] // the series whose sub-daily rows took the week as their season
  const noWeek: string[] = [] // the series whose daily rows did not take the week (no weekly cycle)
  // each series' season, and its target with imputed values filled in (the statistical models' data):
  // on 320 series of 200 rows this took 10 to 28 s after the last epoch, said and stoppable (paused between series, as
  // untilStopped pauses: the event loop let in at most every PAUSE_MS)
  const per: { trainY: Float64Array; scaleY: Float64Array; resolved: ReturnType<typeof resolveSeasonOf>; y: Float64Array; hist: ReturnType<typeof statHistories> }[] = []
  let paused = performance.now()
  for (const part of gp.parts) {
    if (hooks && (per.length === 0 || performance.now() - paused >= PAUSE_MS)) {
      if (per.length > 0) progress('seasons', per.length)
      await hooks.yieldNow()
      if (hooks.shouldStop()) return null
      paused = performance.now()
    }
    const prep = part.prep
    const train = prep.splits.train
    const y = targetWithFilled(prep)
    const trainY = y.subarray(train.start, train.end)
    const resolved = resolveSeasonOf(season, calendarTime(prep.time, prep.zone), trainY, prep.clock)
    // what its statistical models read (model.outliers), for the worker threads and the choice alike
    // (paused within the searches' passes where a cancel can be heard: seconds on a long series)
    const searching = statHistoriesPausing(y, train, resolved.season, outliers === 'clean', undefined, undefined, prep.splits.val)
    const hist = hooks ? await untilStopped(searching, hooks) : finish(searching)
    if (hist === null) return null
    // MASE's scale over the training rows as those models read them, as a single series' run's (evaluate.ts)
    per.push({ trainY, scaleY: hist.scored.subarray(train.start, train.end), resolved, y, hist })
  }
  progress('seasons', n)
  // the statistical models of every series fitted at once over worker threads, where the host gives
  // them (the same fits as here, two thirds of this loop's time on one thread); else series by series
  let pre: StatJobResult[] | null = null
  if (statFits && n > 1) {
    progress('models', 0)
    try {
      const jobs = gp.parts.map((part, p) => {
        const { hist, resolved } = per[p]!
        return { trainY: hist.scored.slice(part.prep.splits.train.start, part.prep.splits.train.end), series: hist.all, m: resolved.season, models: GLOBAL_STAT_MODELS }
      })
      pre = await statFits(jobs, (done) => progress('models', done), () => hooks?.shouldStop() ?? false)
      if (pre === null) return null // stopped
    } catch (e) {
      hooks?.emit?.({ type: 'log', level: 'warn', message: `fitting each series' statistical models on one thread: the worker threads failed (${(e as Error).message})` })
      pre = null
    }
  }
  for (const [p, part] of gp.parts.entries()) {
    progress('choice', p)
    // a series takes 0.1 s or more: the progress goes out, and a cancel is heard, between series
    if (hooks && p > 0) {
      await hooks.yieldNow()
      if (hooks.shouldStop()) return null
    }
    const prep = part.prep
    const { scaleY, resolved, y, hist } = per[p]!
    const m = resolved.season
    if (resolved.week) weekly.push(part.label)
    if (resolved.noWeek) noWeek.push(part.label)
    const v = seriesWindows(run, 'val', val, O, p, kv, m, y)
    const s = seriesWindows(run, 'test', test, O, p, kt, m, y)
    kv += v.y.length
    kt += s.y.length
    const t = prep.fitted.target
    const log = t.kind === 'regression' && t.transform === 'log'
    const h = gp.windows.test.horizon
    // the honest choice on this series alone: its training rows fit the statistical models, its
    // validation rows compare them with the network's forecasts of it (evaluate.ts)
    // paused in where a cancel can come (hooks): a long series' paths take seconds
    let c: ChoiceOutcome
    try {
      const choosing = chooseForecasterPausing({
        series: y, observed: prep.targetRaw, splits: prep.splits, season: m, steps: defaultSteps(resolved.noWeek?.period ?? m, h), forecaster, level, log, models: GLOBAL_STAT_MODELS, outliers, histories: hist, time: prep.time, zone: prep.zone, ...(pre ? { pre: pre[p]! } : {}),
        net: { pm: { model, fitted: prep.fitted, window: prep.config.window }, inputs: prep.inputs, D: prep.D }
      })
      const chosen = hooks ? await untilStopped(choosing, hooks) : finish(choosing)
      if (chosen === null) return null
      c = chosen
    } catch (e) {
      // both wordings name the series (a PipelineError carries the app's apart)
      const err = e as Error & { app?: string }
      const w = prefixed(`series ${part.label}: `, { message: err.message, ...(typeof err.app === 'string' ? { app: err.app } : {}) })
      err.message = w.message
      if (w.app !== undefined) Object.assign(err, { app: w.app })
      throw e
    }
    // the chosen forecast at each window's targets (step h, or a direct model's steps 1..h): the
    // network's value and the members' from the same origin, (W, O)
    const chosen = (w: typeof v) => {
      if (!c.members.length) return w.steps.yhat
      const origins = Int32Array.from(w.rows, (r) => r - h)
      return c.mix(w.steps.yhat, c.members.map((x) => stepsOf(x.fit.forecastAt(c.statSeries, origins, h), h, O)))
    }
    // clipped at 0 where every training value is >= 0, as a single-series run's (domain.ts)
    const domain = seriesDomainOf(part.prep)
    const vAll = clipValues(domain, chosen(v))
    const sAll = clipValues(domain, chosen(s))
    const sy = Float64Array.from(s.rows, (_, i) => sAll[i * O + O - 1]!)
    if (v.y.length) valScores.push(scoreSeries({ y: v.y, yhat: Float64Array.from(v.rows, (_, i) => vAll[i * O + O - 1]!), naive: v.naive, seasonalNaive: v.snaive, trainY: scaleY }))
    if (!c.choice || c.choice.network > 0) networkSeries++
    // as evaluate's: per step, in the model's own space (log ratios for a log target), each test
    // interval calibrated at its origin on validation's residuals and the test residuals observed by
    // then; the half-widths kept for later on all of them
    const tr = (x: number) => (log ? Math.log(x) : x)
    const valRes = Float64Array.from(v.steps.y, (a, i) => tr(a) - tr(vAll[i]!))
    const testRes = Float64Array.from(s.steps.y, (a, i) => tr(a) - tr(sAll[i]!))
    const origins = Int32Array.from(s.rows, (r) => r - h)
    const seen = Float64Array.from(testRes, (_, i) => origins[Math.floor(i / O)]! + (O === 1 ? h : (i % O) + 1))
    const ci = fitConformal(valRes, O, level, conformalDecay(level)).q.every(Number.isFinite) ? conformalThroughTest(valRes, testRes, seen, origins, O, level) : null
    const qTest = ci?.perWindow ?? null // (Wt, O)
    const hw = ci && Number.isFinite(ci.q[O - 1]!) ? ci.q[O - 1]! : null
    const perStep = O > 1 && ci && ci.q.every(Number.isFinite) ? Array.from(ci.q) : null
    const forecasts: ForecastRow[] = Array.from(s.rows, (r, i) => {
      // ordered: a log ratio around a statistical member's forecast at or below 0 would swap them
      const [lo, hi] = qTest === null ? [null, null] : boundsIn(domain, sy[i]!, qTest[i * O + O - 1]!, log)
      const [lower, upper] = lo === null || hi === null || lo <= hi ? [lo, hi] : [hi, lo]
      return { ts: prep.time ? prep.time[r]! : r, step: h, value: sy[i]!, lower, upper, actual: s.y[i]! }
    })
    const base = { y: s.y, naive: s.naive, seasonalNaive: s.snaive, trainY: scaleY }
    const choice = c.choice
    const range = targetRangeOf(prep.targetRaw, prep.splits.train, prep.splits.test)
    const history = historyOf(range)
    const zero = ci && zeroWidthNote(ci.q, [...valRes, ...testRes], EXACT_FIT * (log ? 1 : targetScale(range) ?? 0), level)
    if (zero) zeroWidth.push({ label: part.label, note: zero })
    // as a single-series run's (prepare.ts): the training values replaced that the network reads as they are
    const replaced = (hist.outliers?.train ?? []).filter((r) => prep.targetRaw[r.row] === r.value)
    const mergedOf = (line: number) => run.mergedOf?.(part.key, line)
    const scaleNote = maseScaleNotice(y, prep.splits.train, replaced, prep.lines, mergedOf)
    const merged = replaced.map((r) => mergedOf(prep.lines[r.row]!)).find((m) => m && m.lines.length > 1)
    if (scaleNote) maseScale.push({ label: part.label, times: maseScaleFactor(y, prep.splits.train, replaced)!, note: scaleNote, ...(merged ? { merged: merged.by } : {}) })
    files.set(part.label, { choice, ahead: choice ? storedAhead(c.forward, log) : null, domain, history })
    if (c.aloneOver) alone.push({ label: part.label, ...c.aloneOver })
    const scored = scoreSeries({ ...base, yhat: sy })
    series.push({
      key: part.key, label: part.label, rows: prep.N, season: m,
      test: scored,
      noise: seriesErrorNoise({ ...base, yhat: sy }, scored, h),
      network: scoreSeries({ ...base, yhat: s.yhat }),
      forecastBy: choice ? { chosen: choice.chosen, label: choice.label, message: choice.message } : { chosen: 'network', label: 'network', message: 'the forecast is the network: no validation rows to choose on' },
      intervalHalfWidth: hw, ...(O > 1 ? { intervalHalfWidths: perStep } : {}), intervalCoverage: hw === null ? null : ci!.coverage[O - 1]!, forecasts, range
    })
  }
  progress('choice', n)
  const forecastBy: Partial<Record<Chosen, number>> = {}
  for (const x of series) forecastBy[x.forecastBy.chosen] = (forecastBy[x.forecastBy.chosen] ?? 0) + 1
  return { series, summary: { ...summariseSeries(series.map((x) => x.test)), bestNaiveNoise: bestNaiveCounts(series.map((x) => x.test), series.map((x) => x.noise ?? null)), network: summariseSeries(series.map((x) => x.network)), forecastBy, validation: { gmrae: geometricRelativeMae(valScores), networkSeries } }, files, weekly, noWeek, alone, zeroWidth, maseScale }
}

/** A global classification's series and summary in evaluateGlobal's shape: every series forecast
 *  by the network (no statistical model forecasts a class), nothing chosen, no interval. */
function classesScored(run: GlobalRun, val: Float64Array, test: Float64Array, O: number) {
  const { gp } = run
  const c = scoreGlobalClasses(gp, val, test, O)
  const series: SeriesResult[] = gp.parts.map((part, p) => {
    const s = c.series[p]!
    return { key: part.key, label: part.label, rows: part.prep.N, season: 1, test: s.network, network: s.network, classes: s.classes, forecastBy: { chosen: 'network', label: 'network', message: CLASS_FORECAST_NOTE }, intervalHalfWidth: null, intervalCoverage: null, forecasts: s.forecasts, range: null }
  })
  const none = { series: series.length, meanMase: null, meanNaiveMase: null, beatNaive: 0, beatBestNaive: 0 }
  const summary: GlobalSummary = { ...none, network: none, forecastBy: { network: series.length }, validation: { gmrae: null, networkSeries: series.length }, classification: c.summary }
  return { series, summary, files: new Map<string, SeriesChoiceFile>(), weekly: [], noWeek: [], alone: [], zeroWidth: [], maseScale: [], ...(c.threshold ? { threshold: c.threshold } : {}) }
}

/** Why every series of a global classification is forecast by the network. */
export const CLASS_FORECAST_NOTE = 'every series\' classes are forecast by the network: no statistical model forecasts a class'

/** A global run's test metrics, each scale-free: every series counts once whatever its units. For
 *  the run's forecast, the network alone and naive: the mean of the series' MASE, and the geometric
 *  mean of their MAE over naive's (gmrae, 1 for naive itself); the run's skill is 1 − its gmrae, the
 *  share of naive's error it removes in the typical series. Seasonal naive's gmrae too, over the
 *  series that have one (seasonalNaiveMetric, as Evaluate computes it from the series table), and
 *  its mean MASE over those of them with a MASE (summariseSeries: the summary's seasonalNaive says
 *  how many), where any has; naive stays the yardstick. No MAE or RMSE: a mean of series' MAEs in their own units is decided by the series with
 *  the largest values; those stay per series (run_series). The run store keeps these as the run's
 *  metrics (store migration 010 rewrote global runs stored before to them; runs stored before
 *  2026-12-06 have no seasonal naive row, those before 2026-12-07 no seasonal naive mase), and a global backtest scores each fold by them. */
export function globalTestMetrics(result: Pick<GlobalResult, 'series' | 'summary'>): MetricRow[] {
  // a classification's: accuracy, Brier and log loss means over the series (global-classes.ts)
  if (result.summary.classification) return globalClassMetrics(result.summary.classification)
  return globalRunMetrics(result.summary, result.series.map((s) => ({ mae: s.test.mae, naiveMae: s.test.naiveMae, seasonalNaiveMae: s.test.seasonalNaiveMae, networkMae: s.network.mae })))
}

/** globalTestMetrics from a run's summary and its series' MAEs (as run_series keeps them). */
export function globalRunMetrics(m: SeriesSummary & { network: { meanMase: number | null } }, series: readonly { mae: number | null; naiveMae: number | null; seasonalNaiveMae: number | null; networkMae: number | null }[]): MetricRow[] {
  const num = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null)
  const model = geometricRelativeMae(series)
  const network = geometricRelativeMae(series.map((s) => ({ mae: s.networkMae, naiveMae: s.naiveMae })))
  // none where no series has a season: a run of series without one has no seasonal naive to show
  const seasonal = seasonalNaiveMetric(series)
  const test = (who: string, metric: string, value: number | null): MetricRow => ({ split: 'test', model: who, metric, value: num(value) })
  return [
    test('model', 'mase', m.meanMase),
    test('model', 'gmrae', model),
    // naive's gmrae is 1 by definition: the one rule (skillOf) gives 1 − gmrae
    test('model', 'skill', skillOf('gmrae', model, 1, null).skill),
    test('network', 'mase', m.network.meanMase),
    test('network', 'gmrae', network),
    test('naive', 'mase', m.meanNaiveMase),
    test('naive', 'gmrae', series.some((s) => s.naiveMae !== null && s.naiveMae > 0 && Number.isFinite(s.naiveMae)) ? 1 : null),
    // its mean MASE over the series with a season (m.seasonalNaive says how many); none in a summary stored before
    ...(m.seasonalNaive ? [test('seasonal-naive', 'mase', m.seasonalNaive.meanMase)] : []),
    ...(seasonal ? [test(seasonal.model, seasonal.metric, seasonal.value)] : [])
  ]
}

/** What a global run says when some of its series took the week as their season (season.ts). */
export function weeklyNote(labels: string[], of: number): Words | null {
  if (!labels.length) return null
  const named = andListCut(labels, 5)
  return words`${labels.length} of ${of} series take the week as their season (${named}): on their training rows the seasonal naive forecast of the week before errs at most ${WEEKLY_GAIN} times that of the day before; ${fix('--season', 'Season in Setup')} keeps one period for all`
}

/** What a global run says when some of its series' daily rows did not take the week (season.ts). */
export function noWeekGlobalNote(labels: string[], of: number): Words | null {
  if (!labels.length) return null
  const named = andListCut(labels, 5)
  return words`${labels.length} of ${of} series have no season, not the week of their daily rows (${named}): on their training rows the seasonal naive forecast of the week before errs more than ${WEEKLY_GAIN} times that of the day before; ${fix('--season', 'Season in Setup')} keeps one period for all`
}

/** What a global run says when some of its business-day series skip every weekday of the holiday
 *  table between their first and last row (time-step.ts): their forecasts past the end skip it too. */
export function holidaysGlobalNote(gp: Pick<GlobalPrepared, 'parts'>): string | null {
  const closed = gp.parts.filter((p) => {
    const hol = p.prep.config.calendar?.holidays
    const s = p.prep.time && hol?.length ? inferStep(p.prep.time, hol) : null
    return s?.kind === 'weekdays' && s.closed !== undefined
  }).map((p) => p.label)
  if (!closed.length) return null
  const named = andListCut(closed, 5)
  return `${closed.length} of ${gp.parts.length} series have no row on any weekday of the holiday table between their first and last row (${named}): closed on holidays, their forecasts past the end skip the table's holidays too, as they skip weekends`
}

/** A direct model's per-step half-widths in a series' model-file entry, as a single-series file
 *  keeps them (pipeline.intervalHalfWidths); nothing for one output. */
const perStepOf = (s: SeriesResult | undefined) => (s?.intervalHalfWidths === undefined ? {} : { intervalHalfWidths: s.intervalHalfWidths })

/** The model file of a global run: one network, and per series its pipeline (config with the
 *  shared cut dates, scalers fitted on its training rows) and interval, under pipeline.global. */
export function globalModelFile(model: Model, run: GlobalRun, config: TrainConfig, series: SeriesResult[], files: Map<string, SeriesChoiceFile>, meta: { appVersion: string; bestEpoch: number }) {
  const { gp } = run
  const half = new Map(series.map((s) => [s.label, s]))
  return serializeModel(model, {
    pipeline: {
      global: {
        version: 1,
        columns: gp.columns,
        cuts: isoCuts(gp),
        cutMode: gp.cutMode,
        // each series' choice and path intervals as a single-series file keeps them (pipeline.choice
        // and pipeline.ahead): fw forecast and fw predict apply them per series
        series: gp.parts.map((p) => {
          const f = files.get(p.label)
          return { key: p.key, label: p.label, config: p.prep.config, fitted: p.prep.fitted, intervalHalfWidth: half.get(p.label)?.intervalHalfWidth ?? null, ...perStepOf(half.get(p.label)), intervalSpace: 'model', choice: f?.choice ?? null, ahead: f?.ahead ?? null, ...(f?.domain ? { domain: f.domain } : {}), ...(f?.history ? { history: f.history } : {}) }
        }),
        skipped: gp.skipped
      },
      level: config.interval.level
    },
    meta: { ...meta, trainConfig: config, loss: run.loss },
    version: gp.parts.some((p) => leadsInputs(p.prep.fitted)) ? MODEL_LEAD_VERSION : 1
  })
}

/** What a model file keeps of the range before the test period (pipeline.history), as a single run's. */
const historyOf = (r: { min: number; max: number } | null): HistoryRange | null => (r ? { min: r.min, max: r.max } : null)

/** A global run's cut dates as stored (GlobalResult.cuts): ISO instants, or with ownClocks the
 *  split's dates as written, each series' own clock's. */
export interface CutDates { valStart: string; testStart: string; ownClocks?: true }

const isoCuts = (gp: GlobalPrepared): CutDates | null =>
  gp.ownClocks ? { ...gp.ownClocks, ownClocks: true } : gp.cuts ? { valStart: new Date(gp.cuts.valStart).toISOString(), testStart: new Date(gp.cuts.testStart).toISOString() } : null

/** How the series were cut, in one sentence for the run's notices and the CLI; a cut at midnight UTC
 *  is written as its day, as the notices write dates; where the data's times carried an offset
 *  (`zone`, the file's: ../data/time-cell dataZoneMark), as the file wrote the time (noticeTime). */
export function cutsLine(g: { cutMode: 'dates' | 'series'; cuts: CutDates | null }, zone: TimeZoneMark = null): string {
  const at = (iso: string) => noticeTime(Date.parse(iso), zone)
  if (g.cuts?.ownClocks) return `cut at the same dates, each on its series' own clock (the series carry different UTC offsets): validation from ${g.cuts.valStart}, test from ${g.cuts.testStart}`
  return g.cuts ? `cut at the same dates: validation from ${at(g.cuts.valStart)}, test from ${at(g.cuts.testStart)}` : 'each series split on its own rows (per-series cuts, as a single-series run splits it)'
}

/** Prepare, fit, score per series and write the model file; null when cancelled through hooks.
 *  `resume`: continue a cancelled or interrupted run from its last checkpoint (and its best one), as
 *  runTraining does; the per-series choice after training is made again (it is deterministic).
 *  `statFits`: where the per-series statistical models are fitted (core/parallel's worker threads;
 *  absent: here, series by series). */
/** prepareGlobalRun, said as it goes: its start (before the first series, which may take seconds
 *  on a large file), then the count of series prepared, once per whole percent; where 'auto' cuts
 *  check the series the shared dates would skip on their own rows, that check's count
 *  ('prepare-check'), and where they prepare the others again, that second pass's ('prepare-again'). */
async function preparedWithProgress(config: TrainConfig, ds: Dataset, hooks: FitHooks): Promise<GlobalRun | null> {
  refuseUnfitted(config) // a refusal says nothing before it
  hooks.emit({ type: 'progress', phase: 'prepare', done: 0, total: 1 })
  await hooks.yieldNow()
  // paused after each series (untilStopped): a cancel meanwhile ends the run before it starts,
  // nothing stored (the run is recorded at 'started'); null then
  return untilStopped(prepareGlobalRunPausing(config, ds, perPhase((phase, done, total) => hooks.emit({ type: 'progress', phase, done, total }))), hooks)
}

/** A regression series' domain (domain.ts): 'non-negative' where every training value of its
 *  target (gaps filled, as its statistical models read it) is >= 0, so its forecasts are clipped at
 *  0; the run's model file and its ONNX graph (services/global-onnx.ts) record the same. */
export function seriesDomainOf(prep: Pick<Prepared, 'fitted' | 'target' | 'targetRaw' | 'splits'>): Domain | null {
  if (prep.fitted.target.kind !== 'regression') return null
  return domainOf(targetWithFilled(prep).subarray(prep.splits.train.start, prep.splits.train.end))
}

/** `prepared`: prepareGlobalRun(config, dataset) made already (a backtest fold reads its notices). */
export async function runGlobalTraining(input: { config: TrainConfig; dataset: Dataset; appVersion?: string; gradients?: GradientProvider; resume?: FitOptions['resume']; statFits?: StatFitter; prepared?: GlobalRun }, hooks: FitHooks): Promise<GlobalResult | null> {
  const { config } = input
  const run = input.prepared ?? (await preparedWithProgress(config, input.dataset, hooks))
  if (run === null) return null
  const { sources, spec, gp } = run
  hooks.emit({
    type: 'started',
    epochs: config.training.epochs,
    windows: { train: sources.train.count, val: sources.val.count, test: sources.test.count },
    paramCount: createModel(spec, new Rng(0)).params.length,
    series: gp.parts.length,
    notices: [{ message: `one global model across ${gp.parts.length} series of "${gp.columns.join(', ')}", ${cutsLine({ cutMode: gp.cutMode, cuts: isoCuts(gp) }, dataZoneMark(input.dataset, config.data.time))}` }, ...gp.notices.map((n) => ({ ...noticeWords(n), ...(n.series ? { series: n.series } : {}) }))]
  })
  const outcome = await fit(sources.train, sources.val.count > 0 ? sources.val : null, { spec, loss: run.loss, training: config.training, resume: input.resume, gradients: input.gradients }, hooks)
  if (outcome.cancelled) return null
  const t0 = performance.now()
  const scored = await evaluateGlobal(outcome.model, run, config.data.season, config.interval.level, config.model.forecaster, hooks, input.statFits, config.model.outliers)
  if (scored === null) return null
  const { series, summary, files, weekly, noWeek, alone, zeroWidth, maseScale } = scored
  const threshold = scored.threshold
  // a classification's run noise kept with its classes as a single run's is (the verdict's "level")
  const classes = keptClasses(gp.parts[0]!.prep.fitted.target, input.dataset, config.data.target, summary.classification?.noise)
  // a single-series run's notes where the network alone did far better, or the interval has zero
  // width, said of the series they concern
  const aloneNote = networkAloneSeriesWords(alone)
  const zeroNote = zeroWidthSeriesWords(zeroWidth.map((z) => z.label), zeroWidth.length === 1 ? zeroWidth[0]!.note : null, config.interval.level)
  const scaleNote = maseScaleSeriesWords(maseScale)
  // a single-series run's test-range warning (rangeWarning), said of the series whose test values
  // lie outside their own history: why their scores may be poor
  const outsideNote = outsideTestSeriesWords(series.flatMap((s) => (s.range ? [{ label: s.label, range: s.range }] : [])))
  const kept = [...(outsideNote ? [outsideNote] : []), ...(aloneNote ? [aloneNote] : []), ...(zeroNote ? [zeroNote] : []), ...(scaleNote ? [scaleNote] : [])]
  const week = weeklyNote(weekly, series.length)
  const weekless = noWeekGlobalNote(noWeek, series.length)
  const holidays = holidaysGlobalNote(gp)
  const modelFile = globalModelFile(outcome.model, run, config, series, files, { appVersion: input.appVersion ?? 'unknown', bestEpoch: outcome.bestEpoch })
  return {
    epochsRun: outcome.epochsRun, bestEpoch: outcome.bestEpoch, stoppedEarly: outcome.stoppedEarly,
    cuts: isoCuts(gp), cutMode: gp.cutMode, series, summary, choiceSeconds: (performance.now() - t0) / 1000, skipped: gp.skipped, notes: [...gp.notices.filter((n) => n.code === 'split-per-series').map(noticeWords), ...(week ? [week] : []), ...(weekless ? [weekless] : []), ...(holidays ? [{ message: holidays }] : []), { message: run.loss === 'mse' ? GLOBAL_CHOICE_NOTE : CLASS_FORECAST_NOTE }], ...(threshold ? { threshold } : {}), ...classes, ...(kept.length ? { notices: kept } : {}), modelFile, ...divergenceOf(outcome)
  }
}
