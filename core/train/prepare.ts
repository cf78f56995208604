// From a Dataset and the run's TrainConfig to everything the fit loop needs: the data pipeline
// (split first, then imputers/scalers fitted on training rows only), the engine's ModelSpec and
// loss, and window sources that materialise mini-batches on demand.
import { defaultConfig as defaultPipeline, fix, gatherBatch, missingPolicyOf, OUTLIER_PASSES, PipelineError, words, prepareShrinkingPausing, targetWithFilled, withGapFill, type Dataset, type PipelineConfig, type Prepared, type SplitName } from '../data'
import { autoCalendar, holidaySpan, offStepCalendarNote, type CalendarFeature, type HolidaySpan } from '../data/calendar'
import { wideFeaturesNote } from '../data/config'
import { validateSpec, type ModelSpec, type LossKind } from '../engine'
import type { WindowSource } from './fit'
import { calendarTime, longSeasonNote, lookBackCapNote, noWeekNote, resolveSeasonOf, weeklySeasonNote } from './season'
import { trainOutliersPausing, type TrainOutliers } from './choice'
import { finish, type Pausable } from './pauses'
import { inParts } from './progress'
import { holidaysNote } from './time-step'
import { autoGridNote } from './grid'
import { maseScaleNotice, mergedLinesOf, outOfScaleAt, type OutOfScale } from './out-of-scale'
import { unchangedSteps, unchangedStepsNotice, type UnchangedSteps } from './unchanged-steps'
import { idleSettings } from './idle-settings'
import type { Words } from '../data/words'
import type { TrainConfig } from './types'

export interface PreparedRun {
  prep: Prepared
  pipelineConfig: PipelineConfig
  spec: ModelSpec
  loss: LossKind
  /** Number of classes (classification) or 1. */
  K: number
  sources: Record<SplitName, WindowSource>
  /** Seasonal period (1 = none), resolved from data.season on the training rows (season.ts). */
  season: number
  /** Steps ahead that the choice and the intervals of a forecast past the end are calibrated for. */
  steps: number
  forecaster: TrainConfig['model']['forecaster']
  outliers: TrainConfig['model']['outliers']
  /** The training values the outlier rule replaced to fit the target's scaler, which the network
   *  reads as they are (out-of-scale.ts); empty where none. */
  outOfScale: OutOfScale[]
  /** What the outlier rule found among the training rows (model.outliers 'clean'): the target's
   *  scaler is fitted with it replaced (but where data.cleanScale is false) and MASE's notice
   *  measured with it, and the training values it searched (targetWithFilled before the refit): the statistical models'
   *  histories reuse it where those values are still the same (evaluate.ts runHistories), not
   *  searching again (seconds on a long series). Absent where preparation did not search. */
  trainOutliers?: TrainOutliers & { values: Float64Array }
  /** A regression target the same as on the row before on most training rows (unchanged-steps.ts); absent otherwise. */
  unchanged?: UnchangedSteps
}

/** M4's forecast horizons by seasonal period (monthly 18, quarterly 8, daily 14 (business days,
 *  a week of 5, too), weekly 13, hourly 48, and hourly rows' weekly season 168 too); other periods
 *  two seasons (half-hourly 96, and two days for its week, 336), none 6 (M4's yearly). A day of
 *  more than 96 rows (rows 10, 5, 2 or 1 minutes apart) and its week: one day (144, 288, 720,
 *  1440), as each step scored costs a network call per batch of origins (docs/forecasting.md). */
export function defaultSteps(season: number, horizon: number): number {
  const m4: Record<number, number> = { 12: 18, 4: 8, 7: 14, 5: 14, 52: 13, 24: 48, 168: 48, 336: 96, 672: 192, 504: 144, 144: 144, 1008: 144, 288: 288, 2016: 288, 720: 720, 5040: 720, 1440: 1440, 10080: 1440 }
  return Math.max(horizon, m4[season] ?? (season > 1 ? 2 * season : 6))
}

/** The data half of a TrainConfig in the data pipeline's own terms. */
export function toPipelineConfig(cfg: TrainConfig, ds: Dataset): PipelineConfig {
  const d = cfg.data
  const base = defaultPipeline(ds, d.target)
  return {
    ...base,
    time: {
      column: d.time ?? base.time.column,
      duplicates: d.duplicates,
      resample: d.resample ? { freq: { unit: d.resample.unit, every: d.resample.every }, agg: d.resample.agg, ...(d.resample.auto ? { auto: true as const } : {}) } : null,
      ...(d.series ? { series: { columns: [...d.series.columns], values: d.series.values ? [...d.series.values] : null } } : {})
    },
    task: d.task === 'regression' ? { kind: 'regression' } : { kind: 'classification', rule: d.rule ?? null },
    features: [...d.features],
    missing: { default: d.missingDefault, columns: { ...d.missing } },
    scaling: d.scaling,
    // 'auto' level: window-relative for regression (the only task it applies to)
    level: d.task === 'regression' && d.level !== 'global' ? 'window' : 'global',
    transform: d.task === 'regression' ? d.transform : 'none',
    split: d.split.kind === 'fraction'
      ? { by: 'fraction', train: d.split.train, val: d.split.val, gap: d.split.gap }
      : { by: 'date', valStart: d.split.valStart, testStart: d.split.testStart, gap: d.split.gap },
    window: { lookback: d.lookBack, horizon: d.horizon, stride: d.stride, mode: cfg.model.outputMode, ...(d.direct ? { targets: 'all' as const } : {}) },
    ...calendarOf(d, ds),
    ...(d.known?.length ? { known: [...d.known] } : {}),
    ...(d.knownLead === false ? { knownLead: false as const } : {})
  }
}

/** autoCalendar of each time column's values, worked out once per array: its pass and two sorts over
 *  every row took 34-128 ms (median 63) on 200,100 rows here, and Setup resolves the config at each
 *  edit of a field (its lanes, its check beside Start) though the calendar reads only these times.
 *  (A column's values are not changed in place: an edit in the Data view makes a new dataset.) */
const autoCalendars = new WeakMap<Float64Array, readonly CalendarFeature[]>()
function autoCalendarOf(times: Float64Array): readonly CalendarFeature[] {
  let f = autoCalendars.get(times)
  if (!f) autoCalendars.set(times, (f = autoCalendar(times)))
  return f
}

/** data.calendar resolved for the pipeline: 'auto' from the time column's step, the holiday flag
 *  added when a holiday table is given; nothing when there is no calendar. */
function calendarOf(d: TrainConfig['data'], ds: Dataset): Pick<PipelineConfig, 'calendar'> {
  const tname = d.time ?? ds.timeColumn
  const tc = tname ? ds.columns.find((c) => c.name === tname) : undefined
  const listed = d.calendar === undefined || d.calendar === 'none' ? [] : d.calendar === 'auto' ? (tc?.kind === 'date' && tc.format !== 'step' ? autoCalendarOf(tc.values) : []) : d.calendar
  const features: CalendarFeature[] = [...listed.filter((f) => f !== 'holiday'), ...(d.holidays ? ['holiday' as const] : [])]
  const span = d.holidays ? spanOf(d, tc) : null
  // a row dated by its period's last day (data.periodLabel): not on a grid, which dates each row by
  // its period's first day (the holiday note says so)
  const label = span && d.periodLabel === 'end' && !d.resample ? { label: 'end' as const } : {}
  return features.length ? { calendar: { features, ...(d.holidays ? { holidays: [...d.holidays] } : {}), ...(span ? { span } : {}), ...label } } : {}
}

/** The period a row covers for the holiday flag (calendar.ts holidaySpan): the grid's step where the
 *  run puts its rows on one, else the time column's usual step (worked out once per array, as
 *  autoCalendarOf). */
function spanOf(d: TrainConfig['data'], tc: Dataset['columns'][number] | undefined): HolidaySpan | null {
  const r = d.resample
  if (r) return r.unit === 'week' ? { days: 7 * r.every } : r.unit === 'month' ? { months: r.every } : r.unit === 'day' && r.every >= 2 ? { days: r.every } : null
  if (tc?.kind !== 'date') return null
  if (!spans.has(tc.values)) spans.set(tc.values, holidaySpan(tc.values))
  return spans.get(tc.values)!
}
const spans = new WeakMap<Float64Array, HolidaySpan | null>()

/** The network of a run: D inputs, and one output (K classes; direct: one per horizon step). */
export function modelSpecOf(cfg: TrainConfig, D: number, loss: LossKind, K: number): ModelSpec {
  const m = cfg.model
  const auto = loss === 'mse' ? 'identity' : loss === 'bce' ? 'sigmoid' : 'softmax'
  return validateSpec({
    cell: m.cell,
    inputSize: D,
    hiddenSize: m.hiddenSize,
    numLayers: m.numLayers,
    outputSize: loss === 'softmax-ce' ? K : cfg.data.direct ? cfg.data.horizon : 1, // direct: (B, h), one output per step
    hiddenActivation: m.hiddenActivation,
    outputActivation: m.outputActivation === 'auto' ? auto : m.outputActivation,
    outputMode: m.outputMode,
    dropout: m.dropout
  })
}

/** The pipeline's config fields under the run config's names, where they differ: a rule is
 *  data.rule to whoever wrote the run's config (and --rule to the CLI), task.rule to the pipeline;
 *  the split (the classes of a classification all on rows after the training rows) data.split;
 *  repeated times refused (time.duplicates 'error') data.duplicates. */
const TRAIN_FIELDS: Partial<Record<string, string>> = { 'task.rule': 'data.rule', split: 'data.split', 'time.duplicates': 'data.duplicates' }

/** `fn`'s result; a pipeline refusal of one of TRAIN_FIELDS is named by the run config's field. */
export function asTrainField<T>(fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    throw trainFieldError(e)
  }
}

/** asTrainField of work that pauses (prepareGlobalPausing). */
export function* asTrainFieldPausing<T>(work: Pausable<T>): Pausable<T> {
  try {
    return yield* work
  } catch (e) {
    throw trainFieldError(e)
  }
}

/** `e`, or a pipeline refusal of one of TRAIN_FIELDS named by the run config's field. */
function trainFieldError(e: unknown): unknown {
  const to = e instanceof PipelineError && e.field ? TRAIN_FIELDS[e.field] : undefined
  if (!to) return e
  const p = e as PipelineError
  const bare = (t: string) => (t.startsWith(`${p.field}: `) ? t.slice(p.field!.length + 2) : t)
  return new PipelineError(p.code, { message: bare(p.message), ...(p.app !== undefined ? { app: bare(p.app) } : {}) }, to)
}

/** The training rows' target values, as the season is resolved from them. */
function trainValues(prep: Prepared): Float64Array {
  const { train } = prep.splits
  return (prep.fitted.target.kind === 'regression' ? targetWithFilled(prep) : prep.targetRaw).subarray(train.start, train.end)
}

/** The season by which the target's gaps are filled (PrepareOptions.season: the value before plus
 *  the change a season earlier, core/data fillNumeric, not the value before alone, which flattens the
 *  season there): a regression target under 'interpolate', its season resolved from its training
 *  rows as `season` says; 1 otherwise (the value before). A single-series run's and each series' of a global run. */
export function gapSeasonOf(prep: Prepared, season: 'auto' | number): number {
  if (prep.fitted.target.kind !== 'regression' || missingPolicyOf(prep.config, prep.config.target) !== 'interpolate') return 1
  return resolveSeasonOf(season, calendarTime(prep.time, prep.zone), trainValues(prep), prep.clock).season
}

/** `prep` filled by `season` (gapSeasonOf): prepared again with it by `again` where its target has
 *  a gap, else only its fitted GapFill recorded (the season new rows' gaps are filled by, apply.ts). */
export function withGapSeason(prep: Prepared, season: number, again: (opts: { season: number }) => Prepared): Prepared {
  if (!(season > 1)) return prep
  return prep.targetRaw.some((x) => x !== x) ? again({ season }) : withGapFill(prep, season)
}

/** withGapSeason, and whether the season filled a gap differently from the value before (said so
 *  where it did: a gap with a season and a row before it). */
export function seasonFilledGaps(prep: Prepared, season: number, again: (opts: { season: number }) => Prepared): { prep: Prepared; seasonFilled: boolean } {
  const line = gapLineOf(prep, season)
  const next = withGapSeason(prep, season, again)
  return { prep: next, seasonFilled: filledDiffers(line, next) }
}

/** The target with its gaps filled by the value before, where `season` will fill them instead. */
export function gapLineOf(prep: Prepared, season: number): ArrayLike<number> | null {
  return season > 1 && prep.targetRaw.some((x) => x !== x) ? targetWithFilled(prep) : null
}

/** Whether `next`, filled by the season, differs from the value-before fill `line` (gapLineOf). */
export function filledDiffers(line: ArrayLike<number> | null, next: Prepared): boolean {
  if (!line) return false
  const filled = targetWithFilled(next)
  for (let i = 0; i < line.length; i++) if (Math.abs(line[i]! - filled[i]!) > 1e-9 * (1 + Math.abs(line[i]!))) return true
  return false
}

/** prep's notices where "auto" put the rows on a grid (data.resample.auto): the pipeline's resample
 *  notice in the grid's words (autoGridNote), or none where no period was absent on these rows (a
 *  series of a global model without a gap, put on the grid another series needed). */
export function autoGridNotices(prep: Prepared, cfg: TrainConfig, seasonFilled: boolean): Prepared['notices'] {
  const grid = cfg.data.resample
  if (!grid?.auto) return prep.notices
  const rest = prep.notices.filter((n) => n.code !== 'resampled')
  if (prep.report.insertedRows === 0) return rest
  return [...rest, { code: 'resampled', column: prep.config.time.column ?? undefined, ...autoGridNote(grid, prep.report, missingPolicyOf(prep.config, cfg.data.target), seasonFilled, prep.zone) }]
}

/** The steps prepareRun counts: the pipeline prepared, the outlier search among the training rows
 *  by its OUTLIER_PASSES (made up where there is none), the pipeline prepared again. */
export const PREPARE_STEPS = 2 + OUTLIER_PASSES

/** `step`: called PREPARE_STEPS times as the work goes (a rebuild counts it). */
export function prepareRun(cfg: TrainConfig, ds: Dataset, step: () => void = () => {}): PreparedRun {
  return finish(prepareRunPausing(cfg, ds, step))
}

/** prepareRun, paused after each of its counted steps (each told to `step` first): a run's
 *  preparation takes seconds on a large file, and a cancel is heard meanwhile (runTraining). */
export function* prepareRunPausing(cfg: TrainConfig, ds: Dataset, step: () => void = () => {}): Pausable<PreparedRun> {
  if (cfg.data.series?.global)
    throw new PipelineError('bad-config', words`a global model across series is trained by ${fix('fw train --global', 'choosing "One model across all series" in Setup')}; this path trains one series`, 'data.series.global')
  const pipelineConfig = toPipelineConfig(cfg, ds)
  // paused within too (prepareShrinkingPausing): this first pass over a large file's rows is its
  // longest step, and a cancel is heard meanwhile
  let prep = yield* asTrainFieldPausing(prepareShrinkingPausing(ds, pipelineConfig))
  step()
  yield
  const train = prep.splits.train
  const resolved = resolveSeasonOf(cfg.data.season, calendarTime(prep.time, prep.zone), trainValues(prep), prep.clock)
  const season = resolved.season
  // a seasonal target's gaps (absent periods the grid put back, missing values) filled by the value
  // before plus the change a season earlier, from earlier rows only, not by the value before alone,
  // which flattens the season there: the pipeline again, only where the target has a gap
  const fillSeason = gapSeasonOf(prep, season)
  const fillOpts = fillSeason > 1 ? { season: fillSeason } : {}
  // said so where it filled a gap (one with a season and a row before it)
  const line = gapLineOf(prep, fillSeason)
  // as withGapSeason, the pipeline prepared again pausing (a pass as long as the first)
  if (fillSeason > 1) prep = prep.targetRaw.some((x) => x !== x) ? yield* asTrainFieldPausing(prepareShrinkingPausing(ds, pipelineConfig, { season: fillSeason })) : withGapFill(prep, fillSeason)
  const seasonFilled = filledDiffers(line, prep)
  yield // and after the pipeline prepared again where the season fills a gap (no step of its own)
  // the target's scaler and log decision fitted with the training outliers replaced: the pipeline
  // again, only where the rule finds one (every other run's pipeline is the one above, to the bit)
  let outOfScale: OutOfScale[] = []
  let maseNotice: Words | null = null
  let found: PreparedRun['trainOutliers']
  const passes = inParts(OUTLIER_PASSES, OUTLIER_PASSES, step)
  // searched wherever the statistical models read the replacements (and MASE's scale with them,
  // evaluate.ts); the scaler is refitted on them unless the run predates data.cleanScale
  if (prep.fitted.target.kind === 'regression' && cfg.model.outliers === 'clean') {
    const series = targetWithFilled(prep)
    found = { ...(yield* trainOutliersPausing(series, train, season, passes.next)), values: series.slice(train.start, train.end) }
    passes.end()
    const fitReplaced = found.replaced
    const cleanScale = cfg.data.cleanScale !== false
    if (cleanScale && fitReplaced.length) prep = yield* asTrainFieldPausing(prepareShrinkingPausing(ds, pipelineConfig, { ...fillOpts, fitReplaced }))
    // those the network reads as they are (the pipeline replaces only a training row's own value)
    const raw = prep.targetRaw
    const inTrain = fitReplaced.filter((r) => r.row >= train.start && r.row < train.end && raw[r.row] === r.value)
    // a row that merged repeated times holds their value together, said with their lines
    const by = cfg.data.duplicates
    const mergedOf = (line: number) => {
      const lines = by === 'keep' || by === 'error' ? null : mergedLinesOf(ds, cfg.data.time ?? ds.timeColumn, line)
      return lines ? { lines, by } : undefined
    }
    if (cleanScale) outOfScale = inTrain.map((r) => outOfScaleAt(prep.lines[r.row]!, r.value, mergedOf))
    maseNotice = maseScaleNotice(series, train, inTrain, prep.lines, mergedOf)
  }
  const t = prep.fitted.target
  const K = t.kind === 'classification' ? t.classes.length : 1
  const loss: LossKind = t.kind === 'regression' ? 'mse' : K === 2 ? 'bce' : 'softmax-ce'
  const spec = modelSpecOf(cfg, prep.D, loss, K)
  const classesAsFloat = loss === 'bce'
  const source = (split: SplitName): WindowSource => ({
    count: prep.windows[split].starts.length,
    batch: (indices) => gatherBatch(prep, prep.windows[split], indices, { classesAsFloat })
  })
  prep.notices = autoGridNotices(prep, cfg, seasonFilled)
  const week = weeklySeasonNote(resolved)
  if (week) prep.notices = [...prep.notices, { code: 'season-week', ...week }]
  const noWeek = noWeekNote(resolved)
  if (noWeek) prep.notices = [...prep.notices, { code: 'season-none', ...noWeek }]
  const capped = lookBackCapNote(resolved, calendarTime(prep.time, prep.zone), prep.config.window.lookback, cfg.data.season !== 'auto')
  if (capped) prep.notices = [...prep.notices, { code: 'lookback-cap', ...capped }]
  // calendar inputs asked for that have no cycle at the rows' step: a warning (run.ts), kept
  const offStep = prep.time && prep.config.calendar ? offStepCalendarNote(prep.config.calendar.features, prep.time) : null
  if (offStep) prep.notices = [...prep.notices, { code: 'calendar-step', ...offStep }]
  const closed = holidaysNote(prep.time, prep.config.calendar?.holidays)
  if (closed) prep.notices = [...prep.notices, { code: 'holidays', message: closed }]
  if (maseNotice) prep.notices = [...prep.notices, { code: 'mase-scale', ...maseNotice }]
  // a season given longer than the training rows: a warning (run.ts), kept with the run
  const long = t.kind === 'regression' ? longSeasonNote(cfg.data.season, train.end - train.start) : null
  if (long) prep.notices = [...prep.notices, { code: 'season-long', ...long }]
  const wide = wideFeaturesNote(prep.config.features.length, train.end - train.start, cfg.data.target)
  if (wide) prep.notices = [...prep.notices, { code: 'wide-features', ...wide }]
  // settings that do nothing for this run (an LSTM's hidden activation, …): said, and kept with it
  prep.notices = [...prep.notices, ...idleSettings(cfg, prep.config.window.lookback).map((i) => ({ code: 'idle-setting', ...i.words }))]
  passes.end()
  step()
  const unchanged = prep.fitted.target.kind === 'regression' ? unchangedSteps(prep.targetRaw, train) : null
  if (unchanged) prep.notices = [...prep.notices, { code: 'unchanged-steps', ...unchangedStepsNotice(unchanged, cfg.data.target, prep.config.window.lookback, cfg.model.forecaster === 'auto') }]
  return { prep, outOfScale, ...(unchanged ? { unchanged } : {}), ...(found ? { trainOutliers: found } : {}), pipelineConfig: prep.config, spec, loss, K, season, steps: defaultSteps(resolved.noWeek?.period ?? season, cfg.data.horizon), forecaster: cfg.model.forecaster, outliers: cfg.model.outliers, sources: { train: source('train'), val: source('val'), test: source('test') } }
}
