import type { CalendarFeature } from '../data/calendar'
import type { Words } from '../data/words'
import type { SeriesNote } from '../data/types'
import type { ThresholdChoice } from '../data/threshold'
import type { TestNoise } from '../data/metrics'
// The one config object of a run and the events a run emits. The config is stored verbatim with
// the run (core/store), sent to the trainer process (electron/trainer) and built by the Setup view
// and the CLI. All defaults live in ./config.ts.
import type { CellKind, HiddenActivation, OutputActivation, OutputMode, Truncation } from '../engine/types'
import type { ForecastChoice } from './choice'
import type { ScoredSteps } from './choice-steps'
import type { TargetRange } from './domain'
import type { Divergence } from './diverged'

export type Task = 'regression' | 'classification'
export type ScalingKind = 'zscore' | 'minmax' | 'none'
export type MissingPolicy = 'drop' | 'ffill' | 'interpolate' | 'mean'

export interface DataConfig {
  target: string
  features: string[] // past covariates; the target's own history is always an input
  time?: string
  /** A long file's series id and the one series to train on (one value per column; values null:
   *  refused unless `global`). Absent: a single series, and repeated
   *  timestamps that a column splits into series are refused (core/data/series-id.ts). */
  series?: {
    columns: string[]
    values: string[] | null
    /** One global model across every series of the file (values null; core/train/global.ts). short:
     *  a series too short for the shared cut dates is skipped with a notice, or the run refused;
     *  oneHot: the series id is an input too (one-hot per id column; absent: false). cuts: the same
     *  cut dates for every series ('dates'), each series split on its own rows ('series'), or the
     *  dates unless they would skip series spanning other periods ('auto', core/data/global.ts
     *  GlobalCuts). resolveConfig always sets it; absent (configs built by hand): 'auto'; runs
     *  stored before the setting: 'dates' (withStoredDefaults). */
    global?: { short: 'skip' | 'refuse'; oneHot?: true; cuts?: 'auto' | 'dates' | 'series' }
  }
  task: Task
  /** classification from a numeric column, e.g. "precipitation > 0" */
  rule?: string
  lookBack: number // L
  horizon: number // h
  /** Seasonal period in rows (1 = none), or 'auto': from the time column's spacing or the training
   *  rows' autocorrelation (core/train/season.ts). Used by the statistical models and baselines. */
  season: 'auto' | number
  stride: number
  /** Direct multi-horizon regression (final output mode only): h outputs, output k forecasts the
   *  target k rows after the window's end, trained on the MSE over all h. false: one output at h. */
  direct: boolean
  split: { kind: 'fraction'; train: number; val: number; gap: number } | { kind: 'date'; valStart: string; testStart: string; gap: number }
  scaling: ScalingKind
  /** Regression: how the network sees the target's level (core/data LevelMode). auto: 'window'
   *  for regression, 'global' for classification. Stored runs from before the setting: 'global'. */
  level: 'auto' | 'window' | 'global'
  /** Regression: model log(y) ('log'), y ('none'), or decide from the data ('auto', core/data
   *  LOG_AUTO_RATIO). Stored runs from before the setting: 'none'. */
  transform: 'auto' | 'none' | 'log'
  missing: Record<string, MissingPolicy> // per column; absent columns use `missingDefault`
  missingDefault: MissingPolicy
  /** Rows sharing a timestamp: keep them, refuse the file, or aggregate them into one row. */
  duplicates: 'keep' | 'error' | 'mean' | 'sum' | 'last' | 'first'
  /** Resample to one row per period (empty periods become missing rows), or null to keep the rows.
   *  auto: put there by "auto" (a calendar step with a few periods absent; core/train/grid.ts), which
   *  the run's notices say. */
  resample: { unit: 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month'; every: number; agg: 'mean' | 'sum' | 'last' | 'first'; auto?: true } | null
  /** Calendar inputs from the time column (core/data/calendar.ts), sin/cos pairs: a list of 'dow',
   *  'month', 'doy', 'hour' (and 'holiday' with `holidays`), 'auto' (from the time step), or 'none'.
   *  Absent (the default, and stored runs from before): none. */
  calendar?: 'auto' | 'none' | CalendarFeature[]
  /** Holiday dates (YYYY-MM-DD, UTC) for the 'holiday' flag; given, 'holiday' is added to the calendar. */
  holidays?: string[]
  /** Which day of its period a weekly or monthly row's date is, for the holiday flag: 'start' (a
   *  week by its Monday: the row covers the days from its date) or 'end' (a week by its Sunday: the
   *  days up to its date). The dates cannot tell; the run's holiday note says which was taken.
   *  Absent: 'start' (runs stored before it too). */
  periodLabel?: 'start' | 'end'
  /** Features whose future values are known (their rows past the last target value, or fw forecast
   *  --future FILE), so a forecast past the end can use them. Absent: none. */
  known?: string[]
  /** Whether those inputs and the calendar are read `horizon` rows ahead, the window ending at t
   *  holding their values up to t + h (InputBlock.lead). Set true for every run that has them;
   *  false for runs stored before the lead (withStoredDefaults), whose weights read each row's own
   *  values. Absent when a run has none. */
  knownLead?: boolean
  /** Regression: whether the target's scaler and the automatic log decision are fitted on the
   *  training rows with the outliers the statistical models leave out replaced (model.outliers
   *  'clean'; prepareRun, PrepareOptions.fitReplaced). Set true for every regression run; false for
   *  runs stored before (withStoredDefaults), whose scalers read every value as it is. */
  cleanScale?: boolean
}

export interface ModelConfig {
  cell: CellKind
  numLayers: number
  hiddenSize: number
  hiddenActivation: HiddenActivation
  outputActivation: OutputActivation | 'auto' // auto: identity for regression, sigmoid/softmax for classification
  outputMode: OutputMode
  dropout: number
  /** Regression: what the run's forecast is. auto: the rule of core/train/choice.ts, on
   *  validation (the network with ETS, Theta and ARIMA, less any that does much worse, when it is
   *  at least as good as their mean, else that mean; naive for a random walk); otherwise that
   *  forecaster whatever validation says (the scores are still reported). ensemble: mean of the
   *  network and the combination; combination: mean of ETS, Theta and ARIMA, trimmed so. */
  forecaster: 'auto' | 'network' | 'ensemble' | 'combination' | 'naive' | 'seasonal-naive' | 'drift' | 'ets' | 'theta' | 'arima'
  /** Regression: what the statistical models read at values that R's tsoutliers() calls outliers
   *  (core/data/stats/outliers.ts; on the logs of a positive series). clean: their replacements
   *  (found among the training rows for the fits and the scores, among every row for the forecast
   *  past the end), said in the run's choice sentence; keep: the values as they are. The network
   *  always reads the values as they are. */
  outliers: 'clean' | 'keep'
}

export interface TrainingConfig {
  optimizer: 'adam' | 'sgd'
  lr: number
  momentum: number // sgd only
  weightDecay: number
  lrSchedule: { kind: 'constant' } | { kind: 'step'; stepSize: number; gamma: number } | { kind: 'cosine' }
  epochs: number
  batchSize: number
  clipNorm: number // 0 = no clipping
  truncation: Truncation
  warmupSteps: number // per-step mode: the first k steps of each window are not scored
  earlyStopping: { patience: number } | null
  seed: number
  /** Threads for one training step (data-parallel over the batch; Node hosts only). 'auto' is
   *  min(cores, 2) where the host knows its cores, else 1. Small batches stay on one thread
   *  whatever this says (core/parallel's thresholds). Without dropout between layers (none, or
   *  one layer) the thread count changes only the summation order; with it each shard draws its
   *  own masks (the batches' order stays the same), so a run is reproducible for a fixed count:
   *  set a number to repeat a run on another machine exactly. */
  threads: 'auto' | number
}

export interface TrainConfig {
  version: 1
  data: DataConfig
  model: ModelConfig
  training: TrainingConfig
  interval: { level: number } // split-conformal prediction interval level, e.g. 0.9
}

/** Events of one run, in order: started, (epoch, checkpoint?)*, then done or failed. */
export type TrainEvent =
  /** `series`: a global run's series count (its phases after the last epoch count them); absent for a single series. */
  | { type: 'started'; epochs: number; windows: { train: number; val: number; test: number }; paramCount: number; notices: (Words & { series?: SeriesNote })[]; series?: number }
  | { type: 'epoch'; epoch: number; trainLoss: number; valLoss: number | null; gradNorm: number; clipRate: number; lr: number; seconds: number; gradFlow: number[] }
  | { type: 'checkpoint'; checkpoint: Checkpoint }
  | { type: 'done'; result: TrainResult }
  | { type: 'failed'; error: { name: string; message: string; app?: string } }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | ProgressEvent

/** What a run is doing when no epoch has ended for a while, and how far it is: `done` of `total`
 *  count work done (batches of `epoch`, the steps of a single series' preparation ('preparing':
 *  prepare.ts PREPARE_STEPS; a global run's 'prepare' counts its series), the series a global run's 'auto'
 *  cuts found the shared dates would skip checked on their own rows ('prepare-check'), then the
 *  other series prepared again on their own rows, after a global run's last epoch the series whose
 *  season and outliers are read on their training rows ('seasons'), series whose statistical models are fitted or
 *  whose forecast is chosen ('choice': a global run's), the steps of a single series' choice
 *  ('choosing': evaluate's EVALUATE_STEPS, as a rebuild counts them)), never time. Shown, never stored. */
export type ProgressPhase = 'prepare' | 'preparing' | 'prepare-check' | 'prepare-again' | 'batches' | 'seasons' | 'models' | 'choice' | 'choosing'
export interface ProgressEvent {
  type: 'progress'
  phase: ProgressPhase
  done: number
  total: number
  /** 'batches': the epoch they belong to */
  epoch?: number
}

export interface Checkpoint {
  epoch: number
  kind: 'best' | 'last'
  valLoss: number | null
  weights: Float32Array // model.params, float32
  layout: { name: string; shape: number[]; offset: number; size: number }[]
  optimizer: { step: number; m: Float64Array; v: Float64Array }
  rngState: number[]
}

export interface MetricRow {
  split: 'train' | 'val' | 'test'
  model: string // 'model' or a baseline's name
  metric: string
  value: number | null
}

export interface ForecastRow {
  /** Target time in ms since the epoch, or the row index when the data has no time column. */
  ts: number
  /** Horizon step: 1 = one step ahead of the forecast origin. */
  step: number
  value: number // regression: original units; binary classification: P(class 1); multi-class: predicted class index
  lower: number | null
  upper: number | null
  actual: number | null // null for true out-of-sample forecasts
  /** More than two classes: each class's probability, in the classes' order (the fitted target's
   *  `classes`, which `value` and `actual` index); absent otherwise. */
  probs?: number[]
}

export interface TrainResult {
  epochsRun: number
  bestEpoch: number
  stoppedEarly: boolean
  /** Training diverged after good epochs and stopped, keeping the best one's weights (FitOutcome):
   *  where, and the sentence that says so. Absent when it did not. */
  diverged?: Divergence
  metrics: MetricRow[]
  forecasts: ForecastRow[] // test-set predictions with intervals
  intervalCoverage: number | null // share of test targets inside the interval
  intervalHalfWidth: number | null // conformal q in original units
  /** The baseline that skill is measured against (chosen on validation): metric 'skill' = 1 - model/best. */
  bestBaseline: string | null
  /** Regression: which forecaster the run's forecast is (the network, a statistical model or their
   *  mean), chosen on validation, with its scores and sentence (core/train/choice.ts). Absent for
   *  classification and in runs stored before the choice existed. */
  choice?: ForecastChoice | null
  /** Regression: coverage of the per-step intervals on test paths 1..steps (null: none scored). */
  pathCoverage?: number | null
  /** The steps ahead pathCoverage measured (choice-steps.ts ScoredSteps: fewer than the choice's
   *  steps where the test period holds fewer rows); absent in runs stored before. */
  pathCoverageSteps?: ScoredSteps | null
  /** Regression: the target's domain and the test values outside its history (domain.ts), stored
   *  with the run; absent for classification and in runs stored before. */
  range?: TargetRange | null
  /** The notices kept with the run (core/train/run.ts KEPT_NOTICES), in both front ends' words:
   *  what reading its results needs after training (a log turned off by a later value). Absent:
   *  none, and runs stored before. */
  notices?: Words[]
  /** Two classes: the threshold chosen on the validation rows (core/data/threshold.ts), or why none;
   *  stored with the run. Absent for regression, more than two classes and runs stored before. */
  threshold?: ThresholdChoice
  /** Classification: the class names in the order its forecasts index them (the pipeline's fitted
   *  target classes) and a yes/no target's data file's words for no and yes, stored with the run
   *  (fw show and the Runs lists read them without preparing it again), and its per-row Brier
   *  differences on test against its skill's baseline (Evaluation.noise: the verdict's "level").
   *  Absent for regression. */
  classes?: { names: string[]; words?: [string, string]; noise?: TestNoise }
  modelFile: unknown // core/engine ModelFile with the data pipeline in `pipeline`
}
