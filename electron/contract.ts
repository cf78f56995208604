// The one IPC contract between the renderer and main, shared by both transports (Electron's
// ipcRenderer.invoke via the preload, and browser mode's HTTP + WebSocket). Channel names, request
// and response types, and a validator for every request payload live here. Main validates every
// payload before a handler sees it; a bad one gets a typed ContractError and main keeps running.
import { z } from 'zod'
import type { Column, TextColumn } from '../core/data/types'
import { isPeriodMark, type PeriodMark, type TimeZoneMark } from '../core/data/time-cell'
import type { MetricRow, TrainConfig, TrainEvent } from '../core/train/types'
import type { ChoiceSummary, ScoreBetter } from '../core/export/verdict'
import type { SeriesMetricsExport } from '../core/export/types'
import type { EndingSummary } from '../core/export/ending'
import type { RunExplanation } from '../core/train/explain-run'
import type { Domain, TargetRange } from '../core/train/domain'
import type { ThresholdChoice } from '../core/data/threshold'
import type { TestNoise } from '../core/data/metrics'
import type { SeriesSummary } from '../core/train/evaluate-series'
import type { EpochRow as StoredEpochRow } from '../core/store/epochs'
import type { TrialForecast, Unranked } from '../core/train/sweep'
import { unitError } from '../core/data/units'
import { appErrorText } from '../core/data/words'
import { COLUMN_NAME_MAX } from '../core/data/limits'
import type { BacktestEvent } from '../core/services/backtest-host'
import type { ExportProgress } from '../core/export/progress'
import { BACKTEST_FOLDS } from '../core/train/backtest-table'

export type { ChoiceSummary } from '../core/export/verdict'
export type { Domain, TargetRange } from '../core/train/domain'
export type { BacktestEvent } from '../core/services/backtest-host'
export type { BacktestFold } from '../core/train/backtest'
export type { ExportProgress } from '../core/export/progress'

// ---------- limits ----------
export const LIMITS = {
  name: 200, // dataset/run/file names (a column's: COLUMN_NAME_MAX, as the import reads it)
  text: 4096, // any other short string
  notes: 20_000,
  columns: 1000,
  rows: 5_000_000,
  levels: 100_000,
  depth: 24, // nesting depth of any payload
  sampleBytes: 50_000_000,
  forecastSteps: 10_000,
  sweepTrials: 64,
  deleteRuns: 10_000, // runs deleted at once (Runs' ticked rows)
  fileBytes: 50_000_000,
  modelBytes: 50_000_000, // an uploaded model file (JSON or ONNX)
  openFileBytes: 1024 ** 3 // a CSV main reads for the menu's Open (bigger ones: drop them, they stream)
} as const

// ---------- wire types ----------
/** The typed columns of core/data, minus text columns (kept by name only, never trained on). Typed
 *  arrays cross both transports as bytes. */
export type DatasetColumn = Exclude<Column, TextColumn>
export type ColumnKind = DatasetColumn['kind']

export interface DatasetSummary {
  id: number
  name: string
  sourceFile: string | null
  rowCount: number
  importedAt: number
  /** unit: what the user gave the column ("°C", "ppm"; display only), null when none. */
  columns: { name: string; kind: ColumnKind; unit?: string | null }[]
}

/** A stored dataset as the Data view lists it (core/services/datasets.ts storedDatasets): the runs
 *  that use it, its size, and why it cannot be deleted. */
export interface StoredDatasetInfo extends DatasetSummary {
  /** The runs that train on it, ascending. */
  runIds: number[]
  /** Bytes of its column data in the database. */
  bytes: number
  /** Why deleteDataset would refuse it (runs use it, named), in the store's words; null: it may go. */
  inUse: string | null
  /** The other stored datasets holding the same rows (the same content), ascending; an older
   *  version kept one copy per run. Said in the list, never merged. */
  sameRows: number[]
}

/** Column name -> unit; '' clears a unit (core/data/units.ts says what a unit may be). */
export type ColumnUnits = Record<string, string>

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'interrupted' | 'cancelled'

/** A training this app runs or has queued (listTraining): a start not yet training has no run
 *  (runId null; stopped with cancelStart), one training has its run (stopped with stopRun). */
export interface TrainingItem {
  /** startRun's (or rerun's, or a sweep trial's) handle; null for a resumed run. */
  startId: number | null
  runId: number | null
  state: 'queued' | 'training'
  name: string | null
  datasetId: number
  /** Its config's epochs (a resumed run: all of them, those done before included). */
  epochs: number
  cell: string
  sweepId: number | null
  /** Its dataset's name (null: the dataset is gone) and its config, so that two queued alike can be
   *  told apart by what differs (renderer/src/lib/queue-words.ts). */
  datasetName: string | null
  config: TrainConfig
}

export interface RunSummary {
  id: number
  datasetId: number
  sweepId: number | null
  name: string | null
  notes: string | null
  status: RunStatus
  createdAt: number
  finishedAt: number | null
  /** Why it failed, was interrupted or cancelled, in the app's words. */
  error: string | null
  /** A done run that ended short of its epochs (it diverged after good epochs and kept its best),
   *  the sentence in the app's words; null or absent otherwise. */
  ending?: EndingSummary | null
  cell: string
  epochs: number // epochs recorded so far
  bestValLoss: number | null
  /** A per-step run's: the scored steps its losses sum (core/train/clip-rate.ts scoredSteps), so that
   *  its best val loss is not read as a final-output run's; absent for a loss of one step. */
  lossSteps?: number
  /** A direct run's (data.direct): the outputs its losses sum, one per step ahead
   *  (core/train/clip-rate.ts summedOutputs); absent for one output. */
  lossOutputs?: number
  /** noSkill: why skill is null where the rule says (core/data/metrics skillOf), in words;
   *  plainBetter: a plain baseline (naive, seasonal naive, drift) that did far better than the
   *  forecast on test (core/export/verdict.ts plainBeater), in words: the run's tone is red;
   *  fewEvents: a classification run's test rows of its rarer class, where fewer than
   *  FEW_TEST_EVENTS and its skill positive: the run's tone is amber, as its verdict's;
   *  scoresBetter: a classification run's baselines that beat its forecast on test accuracy or F1
   *  (core/export/verdict.ts classScoresBetter: each score's best, its value and the forecast's),
   *  where its skill is positive, absent where none did: the Runs row says them in its verdict's
   *  words (scoresBetterWords), its tone unchanged. */
  testMetric: { metric: string; value: number | null; skill: number | null; noSkill?: string; plainBetter?: string; fewEvents?: { fewest: number; absent: number[]; names?: readonly string[]; where?: readonly string[]; target?: string }; scoresBetter?: ScoreBetter[]; level?: TestNoise } | null
  /** What the run forecasts, scored on validation, and whether the network has a part in it: what
   *  the Sweep panel ranks a sweep's trials by (core/train/sweep.ts rankTrials); null where the run
   *  keeps no such score (unfinished, classification, stored before). */
  trialForecast?: TrialForecast | null
  /** Why a done run of a sweep has no rank (core/train/sweep.ts Unranked): said below the Sweep
   *  panel's ranking; null or absent otherwise. */
  trialUnranked?: Unranked | null
  /** A running run that another process trains: "CLI, pid 4242" (core/store/owner.ts); null otherwise. */
  runningElsewhere?: string | null
  /** The dataset's name and the run's target column, for the Runs table. */
  datasetName?: string
  target?: string
  /** The series of a long file the run trained on ("store = B"); absent for one series or a global run. */
  series?: string
  /** Shape of the network, for the automatic name ("co2.csv · LSTM 32 · 14→1"). */
  hiddenSize?: number
  lookBack?: number
  horizon?: number
  /** Regression: which forecaster the run's forecast is ('network', 'combination', 'naive', …) and
   *  its label; null for classification, unfinished runs and runs stored before the choice existed.
   *  lost: whether the network lost on validation, as Evaluate and fw show judge it (networkLostOf,
   *  core/export/verdict.ts, on the run's targetScale): false where the network has a weight, and
   *  where it lost only to its float32 rounding against a forecaster exact to rounding (a constant
   *  series). The Runs list colours the forecast amber by it. */
  forecaster?: { chosen: string; label: string; network: number; lost: boolean } | null
  /** Regression: the target's domain and the test values outside its history, as stored when the
   *  run trained (core/train/domain.ts); null for classification and runs stored before. */
  range?: TargetRange | null
  /** The unit of the run's target column, null when none was given. */
  unit?: string | null
  /** A global run (one model across many series): its id column(s) and aggregate; null or absent
   *  for single-series runs. Its series: listRunSeries; each one's forecast: getSeriesForecast. */
  global?: GlobalRunInfo | null
}

/** A row of the Runs list (listRuns): a run's summary with what the Runs table and the Sweep panel
 *  read, and no more (2,000 runs were 1.5 MB). Its target range only where test values lie outside
 *  it (the table's warning), its sweep score (trialForecast, trialUnranked) only for a sweep's
 *  trials, and an optional field that is null left out. The other views read a run in full (getRun's
 *  summary, updateRun). */
export interface RunListItem extends Omit<RunSummary, 'range' | 'finishedAt' | 'datasetId'> {
  range?: TargetRange
}

/** A global run's scores over its series (core/train/evaluate-series SeriesSummary: mean MASE and
 *  naive's, how many beat naive and the better naive, seasonal naive's where a series has a season),
 *  with its columns and the series left out. */
export interface GlobalRunInfo extends SeriesSummary {
  columns: string[]
  /** Series left out (too short), by label. */
  skipped: string[]
  /** A global classification: its mean accuracy and Brier over the series, its training rate's,
   *  and how many series beat their training rate (each series' scores: RunSeriesRow.classes);
   *  rateNoise: how many beat it beyond the noise of their test rows and how many are level with it
   *  within that noise; noise: the run's Brier difference from its best baseline (the verdict's
   *  "level"); both absent in runs stored before. Absent for a regression. */
  classification?: { accuracy: number | null; brier: number | null; rateBrier: number | null; beatRate: number; rateNoise?: { beat: number; level: number }; noise?: TestNoise }
}

/** One series of a global run with its test scores (null where undefined, e.g. MASE of a constant
 *  series), as the export's Series sheet has them. */
export interface RunSeriesRow extends Omit<SeriesMetricsExport, 'series' | 'beatsBestNaive' | 'noise'> {
  /** Its number in the run, 1 = the first (getSeriesForecast's `series`). */
  number: number
  key: string[]
  label: string
  /** Why its scores may be poor: its test values lie outside everything seen of it before its test
   *  period (core/data/range.ts rangeWarning, from run_series.range_json); null when none lie
   *  outside, or for runs stored before. */
  rangeNote: string | null
  /** The global network's own test MAE and MASE of this series (mae and mase are the chosen
   *  forecast's): Compare sets two global runs' networks side by side with them. Null in rows stored
   *  before (their mae and mase are the network's) and for a classification's series. */
  networkMae?: number | null
  networkMase?: number | null
  /** A global classification's series (run_series, migration 021): the network's test accuracy,
   *  Brier and log loss, its own training rate's Brier (fitted on its training rows), and whether
   *  its Brier beats that (null where either is undefined); absent for a regression's series.
   *  mae, mase and naiveMae are null then, and beatsNaive false. */
  classes?: SeriesClassScores
  /** A global regression's series against the better of naive and seasonal naive (core/export
   *  beatsBetterNaiveWord, as its verdict counts it): 'level' where its MAE's difference is within
   *  the noise of its test rows, else 'yes' (a lower MAE) or 'no'; a run stored before each series'
   *  noise was kept, 'yes' or 'no' by the MAE alone. Absent for a classification's series. */
  beatsBetterNaive?: 'yes' | 'no' | 'level'
  /** The zone its times are written in, its own (checkAheadZone): its rows' offsets, where the file
   *  keeps each row's and its series' differ (a long file of sites in Berlin and New York); its
   *  chart's time axis is on that clock. Absent where it has none of its own: the run's
   *  (RunDetail.zone) holds. Given with every series here, once, so getSeriesForecast needs none. */
  zone?: AheadZone
}

export interface SeriesClassScores {
  accuracy: number | null
  brier: number | null
  logLoss: number | null
  rateBrier: number | null
  /** Against its own training rate: 'level' where its Brier difference is within the noise of its
   *  test rows (core/export beatsRateWord), else 'yes' (a lower Brier) or 'no'; a run stored before
   *  each series' noise was kept, 'yes' or 'no' by the Brier alone; null where a Brier is undefined. */
  beatsRate: 'yes' | 'no' | 'level' | null
}

/** One series of a global run forecast past the end (forecastAhead), by its stored model file. */
export interface SeriesAhead {
  /** Its number in the run (RunSeriesRow.number). */
  number: number
  key: string[]
  label: string
  rows: ForecastPoint[]
  /** The zone its times are written in, its own (checkAheadZone); absent where they carried no offset. */
  zone?: AheadZone
}

/** The zone a forecast past the end writes its times in, as its CSV does (core/data/time-cell
 *  TimeZoneMark where the times carried an offset): one offset in minutes east of UTC, 'Z' (UTC),
 *  the daylight-saving rule the offsets follow, or each row's offset by instant (ZoneSteps); or
 *  'step', no zone: the times are an integer step index's integers (core/data/step-index); or a
 *  period (PeriodMark: 'iso-week', 'month', 'quarter', 'year'), no zone: the times were periods,
 *  written back as periods. */
export type AheadZone = number | 'Z' | 'step' | PeriodMark | { rule: 'EU' | 'US'; std: number } | { at: number[]; min: number[] }

/** A zone of a forecast past the end as it goes out and as it comes in (`field` names it): one of
 *  AheadZone's forms, each offset a whole number of minutes of at most 14 h; anything else refused. */
export function checkAheadZone(z: unknown, field: string): AheadZone {
  const minutes = (m: unknown) => typeof m === 'number' && Number.isInteger(m) && Math.abs(m) <= 840
  const o = z as { rule?: unknown; std?: unknown; at?: unknown; min?: unknown } | null
  if (z === 'Z' || z === 'step' || isPeriodMark(z) || minutes(z)) return z as AheadZone
  if (typeof o === 'object' && o !== null) {
    const keys = Object.keys(o).sort().join()
    if (keys === 'rule,std' && (o.rule === 'EU' || o.rule === 'US') && minutes(o.std)) return o as AheadZone
    const at = o.at as unknown[]
    const min = o.min as unknown[]
    if (keys === 'at,min' && Array.isArray(at) && Array.isArray(min) && at.length > 0 && at.length === min.length && at.length <= LIMITS.rows && at.every((t, i) => typeof t === 'number' && Number.isFinite(t) && (i === 0 || t > (at[i - 1] as number))) && min.every(minutes)) return o as AheadZone
  }
  throw new ContractError('invalid-payload', "must be a UTC offset in minutes, 'Z', 'step' (an integer step index), 'iso-week', 'month', 'quarter' or 'year' (periods), a clock rule { rule: 'EU' | 'US', std } or offsets by instant { at, min }", field)
}

/** A forecast's zone (core/data/time-cell TimeZoneMark) as it goes out (checkAheadZone, `field`
 *  naming it): none where its times carried no offset and were no periods (null). */
export function aheadZoneOf(zone: TimeZoneMark | undefined, field: string): { zone?: AheadZone } {
  return zone == null ? {} : { zone: checkAheadZone(zone, field) }
}

/** One epoch of a run's loss history as getRun sends it: the stored row (core/store EpochRow)
 *  without its per-step gradient flow. */
export type EpochRow = Omit<StoredEpochRow, 'gradFlow'>

/** One forecast point as stored: `ts` is the target's time in epoch ms, or its row index when the
 *  data has no time column (then `RunDetail.hasTime` is false). */
export interface ForecastPoint {
  ts: number
  step: number // horizon step, 1 = one ahead
  value: number
  lower: number | null
  upper: number | null
  actual: number | null
  /** A forecast past the end of a run with more than two classes: each class's probability, in
   *  the run's class order (`value` is then the likeliest class's index); absent otherwise. */
  probs?: number[]
}

export interface RunDetail {
  summary: RunSummary
  config: TrainConfig
  epochs: EpochRow[]
  metrics: MetricRow[]
  forecasts: ForecastPoint[]
  hasTime: boolean
  /** The zone its data's files wrote its times in (core/services storedRunZone, as fw compare and fw
   *  show read it; aheadZoneOf's forms), in which the views name its times as the file wrote them:
   *  'step', an integer step index (core/data/step-index), whose `ts` are its integers (not times
   *  since 1970); absent: none (times without an offset, shown as read). */
  zone?: AheadZone
  /** What its dataset's rows are (core/store datasetContentKey): Compare says two runs forecast the
   *  same data when these are equal, whichever import stored them; absent or null: not known. */
  datasetContent?: string | null
  /** Regression: the honest choice (core/train/choice.ts) as stored with the run; null for
   *  classification and for runs stored before the choice existed. */
  choice?: ChoiceSummary | null
  /** As in the summary: the stored range facts and the target's unit (null when none). */
  range?: TargetRange | null
  unit?: string | null
  /** The notices kept with the run (runs.notices_json: a log turned off by a later value, a MASE
   *  scaled by out-of-scale training values), in the app's words; absent or empty: none. */
  notices?: string[]
  /** Last gradient flow seen live, when the run is still in this process's memory. */
  gradFlow: number[] | null
  canResume: boolean
  /** The folder `fw train --out` named for the run's model.json and predictions.csv (runs.out_dir),
   *  where `fw resume` writes them, and the app's Resume too once the run is done (a notice kept
   *  with the run says whether they were written, naming the folder, or why not). Absent
   *  or null: none (the app's runs, a sweep's trials, runs stored before schema 15). */
  outDir?: string | null
  /** Classification: the class names, by the class index of the forecasts' value (more than two
   *  classes) and actual; absent or null for regression. */
  classes?: string[] | null
  /** A yes/no target's words for no and yes in its data file ('no', 'yes'; '0', '1'), which name its
   *  probability as its forecast files do ('P(rain = yes)'); absent where not known (a dataset stored
   *  before kept none: 'P(rain = true)') and for other targets. */
  classWords?: [string, string]
  /** Classification: the threshold chosen on the validation rows when it trained (core/data/threshold.ts;
   *  two classes only, its `threshold` null where none could be chosen), null where none is kept
   *  (a run stored before schema 14, more than two classes); absent for regression. */
  threshold?: ThresholdChoice | null
  /** Classification: the per-row Brier differences on test against the skill's baseline, kept with
   *  the run (core/data TestNoise), for the verdict's "level"; null where none is kept (runs stored
   *  before, global runs: today's rule); absent for regression. */
  testNoise?: TestNoise | null
  /** A done global run: how far past the end its series are forecast, read from its model file
   *  (core/train/forecast-global.ts globalAheadReach): the horizon and the inputs with no future
   *  that stop its network there, and how many series stop there (`series`, of `of`: the others,
   *  forecast without the network, go on), or null where every series goes as far as asked; absent
   *  for other runs and where no model file is kept. */
  aheadReach?: { steps: number; features: string[]; series: number; of: number } | null
}

/** The trainer's events as the renderer sees them: checkpoints without weights, the result without
 *  the model file, plus status changes decided by main (stopped, interrupted). */
export type UiRunEvent =
  | Exclude<TrainEvent, { type: 'started' } | { type: 'checkpoint' } | { type: 'done' }>
  /** the run's notices in the app's words (core/data/words.ts) */
  | (Omit<Extract<TrainEvent, { type: 'started' }>, 'notices'> & { notices: string[] })
  | { type: 'checkpoint'; epoch: number; kind: 'best' | 'last'; valLoss: number | null }
  /** ending: how training ended short, in the app's words (it diverged and kept the best epoch) */
  | { type: 'done'; epochsRun: number; bestEpoch: number; stoppedEarly: boolean; ending?: string }
  | { type: 'status'; status: RunStatus; error: string | null }
  /** the training queue changed (a start queued, begun, removed before training, or ended): every
   *  window re-reads listTraining and the runs, so a start from another window or tab shows at once */
  | { type: 'queue'; change: QueueChange }
  /** stored runs or datasets were deleted (Delete in any window or tab, or a dataset dropped with
   *  the start it was stored for): every window drops them from its lists at once, and one that
   *  shows them says they are gone, rather than learning it at its next request */
  | { type: 'deleted'; runIds: number[]; datasetIds: number[] }
  /** stored runs' classes were found after the Runs list answered without them (classification
   *  runs stored before their classes were kept: core/services/listed-skill.ts findRunClassesApart, after
   *  the answer, prepared on a worker thread; one event names every run found after one answer): every window reads the Runs
   *  list again, its cautions then naming the classes */
  | { type: 'classes'; runIds: number[] }

export const QUEUE_CHANGES = ['queued', 'started', 'removed', 'finished'] as const
export type QueueChange = (typeof QUEUE_CHANGES)[number]

/** A queue event as it goes out and as it comes in: its change one of QUEUE_CHANGES, its start a
 *  positive integer, its run a positive integer or null; anything else is refused, naming the field. */
export function checkQueueMessage(msg: unknown): RunEventMessage & { event: { type: 'queue' } } {
  const m = msg as { runId?: unknown; startId?: unknown; event?: { type?: unknown; change?: unknown } } | null
  const id = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0
  if (typeof m !== 'object' || m === null || m.event?.type !== 'queue') throw new ContractError('invalid-payload', 'not a queue event', 'event.type')
  if (!QUEUE_CHANGES.includes(m.event.change as QueueChange)) throw new ContractError('invalid-payload', `must be one of ${QUEUE_CHANGES.join(', ')}`, 'event.change')
  if (m.runId !== null && !id(m.runId)) throw new ContractError('invalid-payload', 'must be a run id or null', 'runId')
  if (m.startId !== undefined && !id(m.startId)) throw new ContractError('invalid-payload', 'must be a start id', 'startId')
  return m as RunEventMessage & { event: { type: 'queue' } }
}

/** A deletion event as it goes out and as it comes in: no run or start of its own (runId null),
 *  its runIds and datasetIds lists of positive integers, at least one id in all; anything else is
 *  refused, naming the field. */
export function checkDeletedMessage(msg: unknown): RunEventMessage & { event: { type: 'deleted' } } {
  const m = msg as { runId?: unknown; startId?: unknown; event?: { type?: unknown; runIds?: unknown; datasetIds?: unknown } } | null
  if (typeof m !== 'object' || m === null || m.event?.type !== 'deleted') throw new ContractError('invalid-payload', 'not a deletion event', 'event.type')
  if (m.runId !== null) throw new ContractError('invalid-payload', 'must be null: a deletion names its runs in event.runIds', 'runId')
  if (m.startId !== undefined) throw new ContractError('invalid-payload', 'a deletion has no start', 'startId')
  for (const field of ['runIds', 'datasetIds'] as const) {
    const ids = m.event[field]
    if (!Array.isArray(ids) || ids.length > LIMITS.deleteRuns || !ids.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0)) {
      throw new ContractError('invalid-payload', `must be a list of at most ${LIMITS.deleteRuns} ids`, `event.${field}`)
    }
  }
  if ((m.event.runIds as number[]).length + (m.event.datasetIds as number[]).length === 0) throw new ContractError('invalid-payload', 'names no run and no dataset', 'event.runIds')
  return m as RunEventMessage & { event: { type: 'deleted' } }
}

/** A classes event as it goes out and as it comes in: no run or start of its own (runId null), its
 *  runIds a list of 1 to LIMITS.deleteRuns positive integers; anything else is refused, naming the field. */
export function checkClassesMessage(msg: unknown): RunEventMessage & { event: { type: 'classes' } } {
  const m = msg as { runId?: unknown; startId?: unknown; event?: { type?: unknown; runIds?: unknown } } | null
  if (typeof m !== 'object' || m === null || m.event?.type !== 'classes') throw new ContractError('invalid-payload', 'not a classes event', 'event.type')
  if (m.runId !== null) throw new ContractError('invalid-payload', 'must be null: a classes event names its runs in event.runIds', 'runId')
  if (m.startId !== undefined) throw new ContractError('invalid-payload', 'a classes event has no start', 'startId')
  const ids = m.event.runIds
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > LIMITS.deleteRuns || !ids.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0)) {
    throw new ContractError('invalid-payload', `must be a list of 1 to ${LIMITS.deleteRuns} run ids`, 'event.runIds')
  }
  return m as RunEventMessage & { event: { type: 'classes' } }
}

/** runId: the stored run; null on the last event of a start that ended before training (refused,
 *  stopped or its trainer gone), which stores no run. startId: startRun's, rerun's or a sweep trial's handle, on every
 *  event of such a start until it is stored, and on its 'started' event, which gives its runId. */
export interface RunEventMessage {
  runId: number | null
  startId?: number
  event: UiRunEvent
}

/** A backtest's progress and outcome (startBacktest's job), on a channel of its own: a backtest is
 *  no run, and its job ids are not run ids. */
export interface BacktestEventMessage {
  jobId: number
  event: BacktestEvent
}

export const MENU_COMMANDS = ['open-csv', 'export', 'runs', 'data', 'setup', 'train', 'evaluate'] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

/** A file main read after its open dialog; the renderer imports the bytes as it would a dropped File. */
export interface OpenedFile {
  name: string
  path: string
  bytes: Uint8Array
}

export interface AppInfo {
  version: string
  mode: 'electron' | 'web'
  samples: string[]
  /** Back-end modules this build could load; a missing one makes its verbs answer 'not-available'. */
  available: { store: boolean; trainer: boolean; config: boolean }
  /** The run database when main opened it read-only (its file or folder cannot be written): its
   *  path and why, so the app says so from the start, before any save fails; null: writable. */
  readOnly: { file: string; reason: string } | null
  /** The run database when main found it at an older schema and upgraded it as it opened it:
   *  from and to which schema, and the copy kept of it as it was (core/store keepOldCopy), which
   *  older versions of the app can still open; null: no upgrade. */
  upgraded: { file: string; from: number; to: number; copy: string } | null
  /** The starts the app had taken and not begun when it last stopped (the app closed, the server
   *  was killed), taken up at this start of the app: how many starts of their own began training
   *  at once (started) and how many were queued again behind them (queued), each sweep cut short (its name, its number of trials, how many had begun or ended
   *  before it stopped, how many of its remaining trials are queued again and those that no longer
   *  could be, each with why), and the starts of their own that no longer could be, each with why. */
  requeue: { started: number; queued: number; refused: string[]; sweeps: RequeuedSweep[] }
  /** The runs this start of the app found interrupted (the process training them, this app or a
   *  fw, had ended: killed, or the computer stopped) and still interrupted, each to be resumed from
   *  its last checkpoint: its id and name. */
  interrupted: { runId: number; name: string | null }[]
  /** The runs the app stopped as it last closed (a normal quit while they trained or waited to
   *  resume: kept interrupted, resumable) and still interrupted: its id and name. Named at the start
   *  after that close only (the close leaves their ids beside the database, runs.db.stopped, and
   *  this start reads and removes them: electron/web/stopped-at-quit.ts), not at every start. */
  stoppedAtQuit: { runId: number; name: string | null }[]
  /** This start of the app (main's process, or browser mode's server), a random id: the app shows
   *  the three notices above (requeue, interrupted, stoppedAtQuit) once a start, and a page or
   *  window loaded again in the same start (a reload, another tab) not again. */
  appStartId: string
}

/** A sweep cut short by the app stopping, queued again at this start (AppInfo's requeue). */
export interface RequeuedSweep {
  name: string
  trials: number
  /** Its trials that had begun (stored as runs) or ended before the app stopped: not run again. */
  done: number
  /** Its remaining trials queued again; the rest of them, refused, are in `refused`. */
  queued: number
  /** Its remaining trials that could no longer be queued again, each with why. */
  refused: string[]
}

export interface FileText {
  fileName: string
  text: string
  /** What the user should know of the file (a stored run's forecast remade by another forecaster
   *  than the run chose: core/services/run-export.ts remadeNote); absent: nothing. */
  note?: string
}

/** A binary file made in main (ONNX, XLSX): a plain Uint8Array on both transports. */
export interface FileBytes {
  fileName: string
  bytes: Uint8Array
  note?: string // as FileText.note
}

/** CSV conventions: en-US is ',' with a decimal point; de-DE is ';' with a decimal comma (what
 *  spreadsheets in most of continental Europe expect). */
export const CSV_LOCALES = ['en-US', 'de-DE'] as const
export type CsvLocaleName = (typeof CSV_LOCALES)[number]

/** A model file applied to a stored dataset: one forecast per window, as `fw predict` writes it. */
export interface ModelPrediction {
  kind: 'json' | 'onnx'
  target: string
  lookBack: number
  horizon: number
  hasTime: boolean
  rows: ForecastPoint[]
  /** What made the forecasts, in words: the run's forecaster for a JSON model file ("the mean of
   *  the network, ETS(A,A,N) and Theta"), the network alone for an ONNX graph. */
  forecaster: string
  /** What the user should know about how the forecasts were made (e.g. ONNX gap filling). */
  notes: string[]
  /** What may make the forecasts wrong (values far outside the run's training range, a season the
   *  dates cannot place), shown as warnings; absent when there is none. */
  warnings?: string[]
  /** The rows as the CSV `fw predict` writes. */
  csv: FileText
  /** The zone `rows`' times are written in, as the CSV writes them (aheadZoneOf; 'step': the
   *  integers of a step index); absent where they carried none. A global file's: each series'. */
  zone?: AheadZone
  /** A global model file: its series id column(s) and every series found in the dataset, each with
   *  its windows' forecasts and its forecaster as its run chose it on its validation rows (`rows`
   *  is then empty, as forecastAhead's of a global run). Absent for a single-series file. */
  global?: { columns: string[]; series: ModelSeries[] }
}

/** One series of a global model file applied to a dataset (ModelPrediction.global). */
export interface ModelSeries extends SeriesAhead {
  /** What forecast it, in words ("ETS(A,Ad,A)", "the network"). */
  forecaster: string
}

// ---------- errors ----------
export type WireErrorCode =
  | 'invalid-payload' // failed the contract's validator; `field` names the place
  | 'hostile-payload' // __proto__ keys, ../ paths, absurd nesting
  | 'unknown-channel'
  | 'forbidden' // wrong sender frame, token, origin or host
  | 'not-available' // the back-end module this verb needs is not part of this build
  | 'not-found'
  | 'missing-features' // a model file needs columns the dataset lacks; the message names them
  | 'too-new' // a model file written by a newer app
  | 'bad-model' // not a model file of ours, or damaged
  | 'bad-data' // the dataset cannot feed the model (wrong column kind, too short, no values)
  | 'cancelled' // the user cancelled it (an export), or a newer request of its view did (an explanation): no result follows
  | 'invalid-reply' // the renderer refused main's reply: it failed its validator (electron/replies.ts); `field` names the place
  | 'failed' // the handler threw; `name` keeps the original error's name

export interface WireError {
  name: string
  code: WireErrorCode | string
  message: string
  field?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError }

export class ContractError extends Error {
  override name = 'ContractError'
  constructor(
    readonly code: WireErrorCode,
    message: string,
    readonly field?: string
  ) {
    super(field ? `${field}: ${message}` : message)
  }
}

/** A core error refused to the app as `code`: in the app's words where the error carries them
 *  (core/data/words.ts: a Setup field or view, never a CLI flag), its message where it does not.
 *  Main and browser mode turn every core error they refuse with into a ContractError through this. */
export const appContractError = (code: WireErrorCode, e: unknown, field?: string): ContractError => new ContractError(code, appErrorText(e), field)

// ---------- validators ----------
const name = z.string().min(1).max(LIMITS.name)
/** A column's name: as long as the import reads one (a 307-character header was read, then refused here at 200). */
const columnName = z.string().min(1).max(COLUMN_NAME_MAX)
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
/** A bare file name: no directories, no traversal, no NUL, no leading dot. */
export const safeFileName = z
  .string()
  .min(1)
  .max(LIMITS.name)
  .refine((s) => !/[\\/\0]/.test(s) && !s.startsWith('.') && !s.includes('..'), 'must be a plain file name (no / \\ .. or leading dot)')

const rows = <T extends { length: number }>(a: T) => a.length <= LIMITS.rows
const f64 = z.instanceof(Float64Array).refine(rows, `at most ${LIMITS.rows} rows`)
const column = z.discriminatedUnion('kind', [
  // unit: the sign the file wrote the numbers with ("%"), which the import read off them (saveDataset's
  // units say which the user keeps); words: a yes/no column's own words for no and yes ('N', 'Y')
  z.object({ kind: z.literal('numeric'), name: columnName, values: f64, unit: z.string().max(LIMITS.text).optional() }).strict(),
  z.object({ kind: z.literal('boolean'), name: columnName, values: f64, words: z.tuple([z.string().max(LIMITS.text), z.string().max(LIMITS.text)]).optional() }).strict(),
  z
    .object({
      kind: z.literal('categorical'),
      name: columnName,
      codes: z.instanceof(Int32Array).refine(rows, `at most ${LIMITS.rows} rows`),
      levels: z.array(z.string().max(LIMITS.text)).max(LIMITS.levels)
    })
    .strict(),
  z
    .object({
      kind: z.literal('date'),
      name: columnName,
      values: f64,
      format: z.enum(['iso', 'year-month', 'dmy', 'mdy', 'epoch-s', 'epoch-ms', 'month-name', 'quarter', 'iso-week', 'year', 'step']),
      hasTime: z.boolean(),
      zoned: z.boolean().optional(),
      // the one UTC offset of zoned times (minutes east of UTC), and the daylight-saving rule several follow
      offsetMin: z.number().int().min(-840).max(840).optional(),
      clock: z.object({ rule: z.enum(['EU', 'US']), std: z.number().int().min(-840).max(840) }).strict().optional(),
      // several offsets that follow no rule: each row's, by ascending instant, where it changes (core/data ZoneSteps)
      offsets: z
        .object({ at: z.array(z.number().finite()).min(1).max(LIMITS.rows), min: z.array(z.number().int().min(-840).max(840)).min(1).max(LIMITS.rows) })
        .strict()
        .refine((o) => o.at.length === o.min.length && o.at.every((t, i) => i === 0 || t > o.at[i - 1]!), 'offsets.at must be ascending, one per offset')
        .optional(),
      // rows at one instant with two offsets (series in different zones): each row's, NaN for none (core/data DateColumn.rowOffsets)
      rowOffsets: f64.refine((o) => o.every((m) => m !== m || (Number.isInteger(m) && Math.abs(m) <= 840)), 'rowOffsets must each be a whole number of minutes within ±840, or NaN').optional()
    })
    .strict()
    .refine((c) => !c.rowOffsets || c.rowOffsets.length === c.values.length, { message: 'rowOffsets must hold one offset per row of values', path: ['rowOffsets'] })
])
const columnLength = (c: { kind: string; values?: { length: number }; codes?: { length: number } }) => (c.kind === 'categorical' ? c.codes!.length : c.values!.length)
/** A dataset's typed columns: one length, each name once (saveDataset's, and predictWithModel's
 *  dataset, which is not stored). */
const datasetColumns = z
  .array(column)
  .min(1)
  .max(LIMITS.columns)
  .refine((cs) => new Set(cs.map(columnLength)).size === 1, 'all columns must have the same length')
  .refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, 'duplicate column name')

const runRef = z.object({ runId: id }).strict()
const aheadSteps = z.number().int().min(1).max(LIMITS.forecastSteps)
/** Column name -> unit, each checked by core/data/units.ts; the message names the column. */
const columnUnits = z
  .record(columnName, z.string().max(64))
  .refine((u) => Object.keys(u).length <= LIMITS.columns, `at most ${LIMITS.columns} columns`)
  .superRefine((u, ctx) => {
    for (const [column, unit] of Object.entries(u)) {
      const why = unitError(column, unit)
      if (why) ctx.addIssue({ code: 'custom', message: why, path: [column] })
    }
  })
const none = z.union([z.undefined(), z.null(), z.object({}).strict()])

/** The config is checked structurally here (a plain bounded object); main then runs core/train's
 *  validateConfig, which names the offending field. */
/** config.data.series: a long file's series id and the one series to train (values), or one model
 *  across every series (global, values null; issue 13). Its types are checked here, naming the
 *  field, so that a wrong one never reaches the trainer; resolveConfig checks how they combine. */
const seriesConfig = z
  .object({
    columns: z.array(columnName).max(LIMITS.columns),
    values: z.array(z.string().max(LIMITS.text)).max(LIMITS.columns).nullable(),
    global: z.object({ short: z.enum(['skip', 'refuse']), oneHot: z.boolean().optional(), cuts: z.enum(['auto', 'dates', 'series']).optional() }).strict().optional()
  })
  .strict()
const configShape = z.record(z.string().max(LIMITS.name), z.unknown()).superRefine((c, ctx) => {
  const data = c['data']
  if (typeof data !== 'object' || data === null || !('series' in data)) return
  const r = seriesConfig.safeParse((data as Record<string, unknown>)['series'])
  if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: ['data', 'series', ...i.path] })
})

/** An imported file's typed columns as saveDataset stores them (and findStoredDataset looks for). */
const datasetInput = z
  .object({
    name,
    sourceFile: z.string().max(LIMITS.text).nullable(),
    columns: datasetColumns,
    units: columnUnits.optional(),
    // the time column the import found (core/data Dataset.timeColumn), kept with the dataset as fw keeps it
    timeColumn: z.string().max(LIMITS.text).nullable().optional()
  })
  .strict()
  .refine((d) => d.timeColumn == null || d.columns.some((c) => c.name === d.timeColumn), { message: 'is not one of the columns', path: ['timeColumn'] })

export const REQUEST_SCHEMAS = {
  appInfo: none,
  readSample: z.object({ name: safeFileName }).strict(),
  saveDataset: datasetInput,
  findStoredDataset: datasetInput,
  listDatasets: none,
  getDataset: z.object({ datasetId: id }).strict(),
  // a stored dataset no run uses; one that runs use is refused ('in-use', naming them)
  deleteDataset: z.object({ datasetId: id }).strict(),
  setColumnUnits: z.object({ datasetId: id, units: columnUnits }).strict(),
  startRun: z.object({ datasetId: id, config: configShape, name: name.nullable().optional(), calendarByDefault: z.boolean().optional() }).strict(),
  stopRun: runRef,
  // a start not yet training (startRun's handle): its trainer is stopped, nothing is stored
  cancelStart: z.object({ startId: id }).strict(),
  resumeRun: runRef,
  rerun: runRef,
  listRuns: none,
  // what this app trains now and has queued, in start order (Train and Runs show each, with Stop)
  listTraining: none,
  // a walk-forward backtest of the config on the stored dataset, in the trainer; nothing is stored
  startBacktest: z.object({ datasetId: id, config: configShape, folds: z.number().int().min(BACKTEST_FOLDS.min).max(BACKTEST_FOLDS.max) }).strict(),
  cancelBacktest: z.object({ jobId: id }).strict(),
  // the export under way (one at a time); its verb answers 'cancelled' and no file is written
  cancelExport: none,
  // how far the export under way is (the Export view asks while it waits)
  exportProgress: none,
  // the most folds a backtest of the config on the stored dataset can train (the panel caps its input)
  backtestLimit: z.object({ datasetId: id, config: configShape }).strict(),
  startSweep: z
    .object({
      datasetId: id,
      config: configShape,
      name,
      // dotted config path -> the values to try, e.g. { "model.hiddenSize": [16, 32, 64] }
      grid: z
        .record(z.string().min(1).max(LIMITS.name).regex(/^[A-Za-z][\w.]*$/, 'must be a dotted config path'), z.array(z.union([z.number(), z.string().max(LIMITS.name), z.boolean()])).min(1).max(16))
        .refine((g) => Object.keys(g).length >= 1 && Object.keys(g).length <= 4, 'one to four settings')
        .refine((g) => Object.values(g).reduce((n, v) => n * v.length, 1) <= LIMITS.sweepTrials, `at most ${LIMITS.sweepTrials} trials`),
      calendarByDefault: z.boolean().optional()
    })
    .strict(),
  // every trial of startSweep's sweep not yet ended: queued, starting (nothing stored) or training
  stopSweep: z.object({ sweepId: id }).strict(),
  getRun: runRef,
  listRunSeries: runRef,
  // series: the series' number in the global run, 1 = its first (RunSeriesRow.number)
  getSeriesForecast: z.object({ runId: id, series: id }).strict(),
  // name, notes: absent leaves it; null or a blank text clears it (the run shows its automatic name)
  updateRun: z
    .object({ runId: id, name: z.string().max(LIMITS.name).nullable().optional(), notes: z.string().max(LIMITS.notes).nullable().optional() })
    .strict(),
  deleteRun: runRef,
  // the runs ticked in Runs, in one transaction or none (one training here is refused, named)
  deleteRuns: z.object({ runIds: z.array(id).min(1).max(LIMITS.deleteRuns) }).strict(),
  forecastAhead: z.object({ runId: id, steps: aheadSteps }).strict(),
  // ts: the forecast row's time (epoch ms) or, without a time column, its row, as ForecastPoint.ts.
  // global: also importance on the validation windows (~2 s; ask once per run).
  // view: who asks (one panel's forecast, or its importance); a newer request of the same view
  // cancels the one under way, which stops and answers 'cancelled'
  // refineBudget: with global, the gradient evaluations for refining the validation windows whose
  // attributions miss the move, all together (absent: GLOBAL_REFINE_BUDGET; 0: none refined)
  explainForecast: z.object({ runId: id, ts: id, global: z.boolean().optional(), refineBudget: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(), view: z.string().regex(/^[\w:.-]{1,100}$/, 'must be 1 to 100 letters, digits or _ : . -').optional() }).strict(),
  // aheadSteps (global runs): every series' rows past the end after its test rows (forecastAhead's)
  exportForecastCsv: z.object({ runId: id, locale: z.enum(CSV_LOCALES).optional(), aheadSteps: aheadSteps.optional() }).strict(),
  exportModel: runRef,
  exportOnnx: runRef,
  exportXlsx: z.object({ runId: id, aheadSteps: aheadSteps.optional() }).strict(),
  exportReport: runRef,
  // the dataset: a stored one (datasetId: a run's, or the open file once stored), or the file open in
  // Data as its typed columns (dataset), which is not stored: files are kept when a run trains on them
  predictWithModel: z
    .object({
      datasetId: id.optional(),
      dataset: z.object({ name, columns: datasetColumns }).strict().optional(),
      fileName: safeFileName,
      bytes: z
        .instanceof(Uint8Array)
        .refine((b) => b.length > 0, 'the file is empty')
        .refine((b) => b.length <= LIMITS.modelBytes, `model file larger than ${LIMITS.modelBytes} bytes`),
      // the open dataset's column of times of day that the import read as the time of day of its
      // days (notice date-time-joined), which a stored dataset does not keep: for the refusal's hint
      // when the model read that column apart, as text (fw predict's, core/data/apply.ts)
      joined: z.object({ day: columnName, time: columnName }).strict().optional()
    })
    .strict()
    .refine((r) => (r.datasetId === undefined) !== (r.dataset === undefined), { message: 'give exactly one of datasetId or dataset', path: ['datasetId'] }),
  saveFile: z
    .object({
      suggestedName: safeFileName,
      text: z.string().max(LIMITS.fileBytes).optional(),
      bytes: z.instanceof(Uint8Array).refine((b) => b.length <= LIMITS.fileBytes, 'file too large').optional()
    })
    .strict()
    .refine((f) => (f.text === undefined) !== (f.bytes === undefined), 'give exactly one of text or bytes')
} as const

/** A run's stored choice (runs.choice_json) as main sends it: checked on the way out by the reader
 *  the CLI uses too, so a damaged or foreign row shows as "no choice" instead of breaking the views. */
export { parseStoredChoice } from '../core/services/stored-choice'

export type Verb = keyof typeof REQUEST_SCHEMAS

export interface Requests {
  appInfo: void
  readSample: { name: string }
  saveDataset: { name: string; sourceFile: string | null; columns: DatasetColumn[]; units?: ColumnUnits; timeColumn?: string | null }
  findStoredDataset: Requests['saveDataset']
  listDatasets: void
  getDataset: { datasetId: number }
  deleteDataset: { datasetId: number }
  setColumnUnits: { datasetId: number; units: ColumnUnits }
  /** calendarByDefault: the config's calendar is the one Setup set by default, untouched (the run
   *  keeps a note that it is on by default, as fw train says it); absent: false. */
  startRun: { datasetId: number; config: TrainConfig; name?: string | null; calendarByDefault?: boolean }
  stopRun: { runId: number }
  cancelStart: { startId: number }
  resumeRun: { runId: number }
  rerun: { runId: number }
  listRuns: void
  listTraining: void
  startBacktest: { datasetId: number; config: TrainConfig; folds: number }
  cancelBacktest: { jobId: number }
  cancelExport: void
  exportProgress: void
  backtestLimit: { datasetId: number; config: TrainConfig }
  /** calendarByDefault: as startRun's, for the trials whose calendar the grid leaves as it is. */
  startSweep: { datasetId: number; config: TrainConfig; name: string; grid: Record<string, (number | string | boolean)[]>; calendarByDefault?: boolean }
  stopSweep: { sweepId: number }
  getRun: { runId: number }
  listRunSeries: { runId: number }
  getSeriesForecast: { runId: number; series: number }
  /** name, notes: absent leaves it as it is; null or a blank text clears it. */
  updateRun: { runId: number; name?: string | null; notes?: string | null }
  deleteRun: { runId: number }
  deleteRuns: { runIds: number[] }
  forecastAhead: { runId: number; steps: number }
  explainForecast: { runId: number; ts: number; global?: boolean; refineBudget?: number; view?: string }
  exportForecastCsv: { runId: number; locale?: CsvLocaleName; aheadSteps?: number }
  exportModel: { runId: number }
  exportOnnx: { runId: number }
  exportXlsx: { runId: number; aheadSteps?: number }
  exportReport: { runId: number }
  /** Exactly one of datasetId (a stored dataset) and dataset (the open file's columns, not stored). */
  predictWithModel: { datasetId?: number; dataset?: { name: string; columns: DatasetColumn[] }; fileName: string; bytes: Uint8Array; joined?: { day: string; time: string } }
  saveFile: { suggestedName: string; text?: string; bytes?: Uint8Array }
}

export interface Responses {
  appInfo: AppInfo
  readSample: FileText
  /** reused: an identical dataset was stored already (the same typed columns, units, name and
   *  source path) and datasetId is its number; nothing was stored again. */
  saveDataset: { datasetId: number; reused: boolean }
  /** The stored dataset saveDataset would reuse for these columns (the same rows, units, name and
   *  time column), found without storing anything; null where saveDataset would store them anew. */
  findStoredDataset: { datasetId: number | null }
  listDatasets: StoredDatasetInfo[]
  getDataset: { summary: DatasetSummary; columns: DatasetColumn[] }
  /** said: the outcome in words, the space given back included ("dataset 4 deleted; the database
   *  file went from 16.8 MB to 0.4 MB", or only what was given back where the sizes read alike). */
  deleteDataset: { deleted: boolean; said: string }
  setColumnUnits: DatasetSummary
  /** The run is stored when its trainer starts training (its 'started' event names both); a start
   *  refused before takes no run number, and its 'failed' event carries startId alone. */
  startRun: { startId: number }
  stopRun: { stopped: boolean }
  cancelStart: { cancelled: boolean }
  resumeRun: { runId: number }
  rerun: { startId: number }
  listRuns: RunListItem[]
  listTraining: TrainingItem[]
  /** The job's events follow on EVENT_CHANNELS.backtestEvent (onBacktestEvent). */
  startBacktest: { jobId: number }
  /** cancelled: false when the job had already finished (or was unknown). */
  cancelBacktest: { cancelled: boolean }
  /** cancelled: false when no export was under way. */
  cancelExport: { cancelled: boolean }
  /** The export under way: `done` of `total` of its current part, counted as the work is done
   *  (core/export/progress.ts ExportProgress); null when none is under way or it has told nothing yet. */
  exportProgress: { progress: ExportProgress | null }
  /** most: the most folds (up to BACKTEST_FOLDS.max) that every fold count from 2 to it can train;
   *  0: none. why: why one more (or, with none, 2) cannot; null when most is BACKTEST_FOLDS.max. */
  backtestLimit: { most: number; why: string | null }
  /** Each trial is a start of its own (startIds, in the grid's order, with the name its run is
   *  stored under): stored when its trainer starts training, as startRun's run is; one refused
   *  before stores nothing, its 'failed' event carrying its startId alone. The first trial the
   *  store will not take stops the others; a sweep none of whose trials was stored is dropped. */
  startSweep: { sweepId: number; startIds: number[]; names: string[] }
  /** stopped: how many trials this call stopped (0: the sweep had ended, or was unknown). */
  stopSweep: { stopped: number }
  getRun: RunDetail
  listRunSeries: RunSeriesRow[]
  /** The series' own zone, where it has one: its listRunSeries row's. */
  getSeriesForecast: { rows: ForecastPoint[]; hasTime: boolean }
  updateRun: RunSummary
  /** note: the runs are deleted but their space was not given back (a full disk), in words to show. */
  deleteRun: { deleted: boolean; note?: string }
  deleteRuns: { deleted: number; note?: string }
  /** domain: 'non-negative' when values and bounds are clipped at 0 (core/train/domain.ts). A global
   *  run: `rows` empty, and every series' block in `series`. */
  forecastAhead: {
    rows: ForecastPoint[]; hasTime: boolean; domain?: Domain | null; series?: SeriesAhead[]
    /** When some step asked for is not calibrated on its own validation errors: how many of the
     *  first are, and what the rest rest on (core/train/forecast.ts aheadIntervals); else null. */
    intervals?: { calibrated: number; note: string } | null
    /** When the data's last values lie outside everything the run saw before its test period: how
     *  many, and what to do, in the app's words (core/train/domain.ts beyondHistory); else null. */
    beyond?: string | null
    /** A global run: the series that cannot be forecast that far (their network reads features whose
     *  future is unknown), grouped, in the app's words (core/train/series-notes.ts notForecastWords);
     *  the others are in `series`. null when every series is. */
    notForecast?: string | null
    /** When the steps asked for exceed the rows of history the forecast starts from: that they
     *  extrapolate far past what the run validated (core/train/forecast.ts farAheadNote); else null. */
    far?: string | null
    /** What the stamps past the end do at the data's clock changes (core/train/forecast.ts
     *  aheadClockNote), as fw forecast says it: they follow the changes the file's UTC offsets show,
     *  or (local clock times) they know none; else null. */
    clock?: string | null
    /** A single-series run's: the zone `rows`' times are written in (a global run's: each series'). */
    zone?: AheadZone
  }
  explainForecast: RunExplanation
  exportForecastCsv: FileText
  exportModel: FileText
  exportOnnx: FileBytes
  exportXlsx: FileBytes
  exportReport: FileText
  predictWithModel: ModelPrediction
  saveFile: { saved: boolean; where: string | null }
}

/** Verb -> channel. The preload maps each verb to exactly this channel and nothing else. */
export const CHANNELS: { readonly [V in Verb]: string } = {
  appInfo: 'app:info',
  readSample: 'sample:read',
  saveDataset: 'dataset:save',
  findStoredDataset: 'dataset:find',
  listDatasets: 'dataset:list',
  getDataset: 'dataset:get',
  deleteDataset: 'dataset:delete',
  setColumnUnits: 'dataset:units',
  startRun: 'run:start',
  stopRun: 'run:stop',
  cancelStart: 'run:cancel-start',
  resumeRun: 'run:resume',
  rerun: 'run:rerun',
  listRuns: 'run:list',
  listTraining: 'run:training',
  startBacktest: 'backtest:start',
  cancelBacktest: 'backtest:cancel',
  cancelExport: 'export:cancel',
  exportProgress: 'export:progress',
  backtestLimit: 'backtest:limit',
  startSweep: 'sweep:start',
  stopSweep: 'sweep:stop',
  getRun: 'run:get',
  listRunSeries: 'run:series',
  getSeriesForecast: 'run:series-forecast',
  updateRun: 'run:update',
  deleteRun: 'run:delete',
  deleteRuns: 'run:delete-many',
  forecastAhead: 'run:forecast',
  explainForecast: 'run:explain',
  exportForecastCsv: 'export:forecast-csv',
  exportModel: 'export:model',
  exportOnnx: 'export:onnx',
  exportXlsx: 'export:xlsx',
  exportReport: 'export:report',
  predictWithModel: 'model:predict',
  saveFile: 'file:save'
}

export const EVENT_CHANNELS = { runEvent: 'run:event', backtestEvent: 'backtest:event', menu: 'menu:command', openFile: 'menu:open-file' } as const

export const VERBS = Object.keys(CHANNELS) as Verb[]

export function isVerb(v: unknown): v is Verb {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(CHANNELS, v)
}

/** The typed API the renderer programs against (renderer/src/api.ts builds it from a transport). */
export type Api = { [V in Verb]: (req: Requests[V]) => Promise<Responses[V]> } & ApiEvents

/** What a transport provides: every verb answers a Result, because an Error thrown across Electron's
 *  contextBridge loses its code and field. The preload exposes exactly this as `window.api`. */
export type TransportApi = { [V in Verb]: (req: Requests[V]) => Promise<Result<Responses[V]>> } & ApiEvents

export type ConnectionState = 'live' | 'lost' | 'replaced'

export interface ApiEvents {
  onRunEvent(listener: (msg: RunEventMessage) => void): () => void
  onBacktestEvent(listener: (msg: BacktestEventMessage) => void): () => void
  onMenu(listener: (command: MenuCommand) => void): () => void
  /** The file-system path of a dropped File (Electron), or null in a browser. */
  pathForFile(file: File): string | null
  /** Electron only: a CSV chosen in main's open dialog (File › Open CSV…), for the renderer's import. */
  onOpenFile?(listener: (file: OpenedFile) => void): () => void
  /** Browser mode only: whether the page still reaches its server ('lost' once the server stops
   *  answering, 'replaced' when a server answers that no longer knows this page's token, 'live' again
   *  once it is reached). Electron's window and main live and die together, so it has none. */
  onConnection?(listener: (state: ConnectionState) => void): () => void
  readonly mode: 'electron' | 'web'
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
/** A `..` path segment, with / or \ separators. */
const TRAVERSAL = /(^|[\\/])\.\.([\\/]|$)/

/** Rejects prototype-pollution keys, absurd nesting, non-plain objects and traversal paths anywhere
 *  in a payload, before any schema looks at it. */
export function assertNotHostile(value: unknown, path = '', depth = 0): void {
  if (depth > LIMITS.depth) throw new ContractError('hostile-payload', `nested deeper than ${LIMITS.depth}`, path || '(root)')
  if (typeof value === 'string') {
    if (TRAVERSAL.test(value)) throw new ContractError('hostile-payload', 'path traversal (..) is not allowed', path || '(root)')
    if (value.includes('\0')) throw new ContractError('hostile-payload', 'NUL character', path || '(root)')
    return
  }
  if (value === null || typeof value !== 'object') return
  if (ArrayBuffer.isView(value)) return
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertNotHostile(v, `${path}[${i}]`, depth + 1))
    return
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) throw new ContractError('hostile-payload', 'only plain objects are accepted', path || '(root)')
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') throw new ContractError('hostile-payload', 'symbol keys are not accepted', path || '(root)')
    const at = path ? `${path}.${key}` : key
    if (FORBIDDEN_KEYS.has(key)) throw new ContractError('hostile-payload', `forbidden key "${key}"`, at)
    if (TRAVERSAL.test(key)) throw new ContractError('hostile-payload', 'path traversal (..) is not allowed in a key', at)
    assertNotHostile((value as Record<string, unknown>)[key], at, depth + 1)
  }
}

/** A validator issue's path as a field: `runs[3].bestValLoss`. */
export function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[')
}

/** Validates one request payload; throws ContractError naming the field. */
export function validateRequest<V extends Verb>(verb: V, payload: unknown): Requests[V] {
  assertNotHostile(payload)
  const parsed = REQUEST_SCHEMAS[verb].safeParse(payload)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ContractError('invalid-payload', issue.message, fieldOf(issue.path) || '(payload)')
  }
  return parsed.data as Requests[V]
}

/** Any thrown value as a WireError; never leaks a stack. */
export function toWireError(e: unknown): WireError {
  if (e instanceof ContractError) return { name: e.name, code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) }
  if (e instanceof Error) {
    const x = e as Error & { code?: unknown; field?: unknown }
    return {
      name: e.name,
      code: typeof x.code === 'string' ? x.code : 'failed',
      // the app is the only reader: a core message in its words (a Setup field, not a flag)
      message: appErrorText(e).slice(0, LIMITS.text),
      ...(typeof x.field === 'string' ? { field: x.field } : {})
    }
  }
  return { name: 'Error', code: 'failed', message: String(e).slice(0, LIMITS.text) }
}

/** The renderer's side of a WireError: a real Error with the code and field kept. */
export class ApiError extends Error {
  readonly code: string
  readonly field?: string
  constructor(e: WireError) {
    super(e.message)
    this.name = e.name
    this.code = e.code
    if (e.field !== undefined) this.field = e.field
  }
}

export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value
  throw new ApiError(r.error)
}
