// Plain inputs of the forecast files and the run report. The CLI fills them from core/store, the
// Export view from its run store; nothing here depends on either.
import type { ChoiceSummary, GlobalExportSummary } from './verdict'
import type { TargetRange } from '../data/range'
import type { TimeZoneMark } from '../data/time-cell'
import type { Rule } from '../data/config'
import type { EndingSummary } from './ending'
import type { BrierNoise, TestNoise, ThresholdMetrics } from '../data/metrics'
import type { ThresholdChoice } from '../data/threshold'

export type Split = 'train' | 'val' | 'test'

/** One forecast value. Times are ms since the epoch (UTC). */
export interface ForecastExportRow {
  time: number | null // the forecast's target time, null when the data has no time column
  row: number | null // row index of the target in the dataset, when known
  step: number // horizon step, 1 = one step ahead
  forecast: number
  lower: number | null // prediction interval, null when none was computed
  upper: number | null
  actual: number | null // null where not (yet) observed
  baselines: (number | null)[] // one per ForecastExport.baselineNames, same order
  /** A global run: this row's series, its values of ForecastExport.seriesColumns in order. */
  series?: string[]
  /** A global run over a long file whose series are in different zones: this row's series' own
   *  zone (../data/series.ts seriesZoneMarks), which its time is written in; absent: the file's. */
  zone?: TimeZoneMark
  /** More than two classes: each class's probability in ForecastExport.classes' order (forecast,
   *  actual and the baselines are then class indices, which the files write as names); null or
   *  absent otherwise. */
  probs?: number[] | null
  /** A global classification's probabilities, which the run does not keep, rebuilt from its model
   *  file for the report's chart (services/global-run.ts withRebuiltProbs). */
  probsRebuilt?: true
}

/** One series' test scores in a global run's export (the Series sheet, the report's table). */
export interface SeriesMetricsExport {
  series: string[] // its values of ForecastExport.seriesColumns
  n: number
  mae: number | null
  mase: number | null
  naiveMae: number | null
  seasonalNaiveMae: number | null
  coverage: number | null
  beatsNaive: boolean
  /** Whether its MAE is below the better of naive's and seasonal naive's (the verdict's count), and
   *  its test errors' noise against that baseline (core/train/evaluate-series seriesErrorNoise),
   *  which makes the tables' "beats better naive" say "level" within it: absent in runs stored
   *  before it was kept (yes or no by the MAE alone). Absent beatsBestNaive: not a regression's. */
  beatsBestNaive?: boolean
  noise?: TestNoise | null
  /** What forecasts the series, chosen on its validation rows ('network', 'ensemble', 'combination',
   *  'naive', 'ets', ...), and its label; null or absent for runs stored before (the network). */
  forecastBy?: string | null
  forecastLabel?: string | null
  /** A global classification's series: its class scores as run_series keeps them (migration 021);
   *  mae, mase and the naive MAEs are null then. Absent or null: a regression's series. */
  classScores?: SeriesClassScoresExport | null
}

/** One series' test class scores: the network's accuracy, Brier and log loss, its own training
 *  rate's and persistence's Brier and its majority class's accuracy (null where undefined). */
export interface SeriesClassScoresExport {
  accuracy: number | null
  brier: number | null
  logLoss: number | null
  rateBrier: number | null
  persistenceBrier: number | null
  majorityAccuracy: number | null
  /** Its per-row Brier differences from its training rate on test (null on fewer than two rows),
   *  which make the tables' "beats training rate" say "level" within them; absent in runs stored
   *  before they were kept (yes or no by the Brier alone). */
  rateNoise?: BrierNoise | null
}

export interface MetricValue {
  split: Split
  model: string // 'model' for the network, else a baseline name
  metric: string // 'mae', 'rmse', 'smape', 'mase', 'accuracy', 'f1', 'logloss', 'auc', ...
  value: number | null
}

export interface ColumnSummary {
  name: string
  role: string // 'time' | 'target' | 'feature' | 'ignored'
  type: string // 'number' | 'date' | 'category' | 'boolean' | 'text'
  count: number // non-missing values
  missing: number
  mean: number | null
  std: number | null
  min: number | null
  max: number | null
}

export interface SplitSummary {
  split: Split
  rows: number
  windows: number | null
  start: number | null // ms since the epoch, or null without a time column
  end: number | null
  startRow: number | null // dataset row indices, inclusive; null for a global run's (its series' rows interleave in the file)
  endRow: number | null
}

export interface DataSummary {
  name: string // the source file's name, without its folders (fileNameOf: a report is shared)
  /** the rows the run read (after the rows past the target's last value are left out, on the time
   *  grid where it resampled): start and end are theirs */
  rows: number
  /** the rows in the file, as the column table counts them; absent: taken to be `rows` */
  fileRows?: number
  /** of `rows`, those the run's regular time grid added where the file has no row */
  gridRows?: number
  timeColumn: string | null
  start: number | null // ms since the epoch, of the run's rows
  end: number | null
  columns: ColumnSummary[]
  splits: SplitSummary[]
}

/** Everything the CSV and XLSX forecast files hold. */
export interface ForecastExport {
  runName: string
  target: string
  task: 'regression' | 'classification'
  intervalLevel: number | null // e.g. 0.9 for a 90 % interval
  baselineNames: string[]
  rows: ForecastExportRow[]
  metrics: MetricValue[]
  config: unknown // the run's TrainConfig as stored; any JSON value
  data: DataSummary
  /** Which forecaster made the numbers (regression); null or absent: the network, in a run stored
   *  before the choice existed, or a classification run. */
  choice?: ChoiceSummary | null
  /** The target's unit ("ppm"), shown in headers where it makes sense; null or absent: none. */
  unit?: string | null
  /** The target's range facts as stored with the run (core/train/domain.ts); null or absent: none. */
  range?: TargetRange | null
  /** A global run's series id column(s): each row then carries `series`, and the files put these
   *  columns first. Absent or empty: a single-series run, exported as before. */
  seriesColumns?: string[]
  /** The zone its times are written in (../data/time-cell zoneMarkOf of the time column): absent
   *  or null where the data's times carried no offset. */
  timeZone?: TimeZoneMark
  /** A global run: each series' test scores (the XLSX's Series sheet). */
  seriesMetrics?: SeriesMetricsExport[]
  /** A global run: the series it skipped (too short, or a column without a value), with their rows. */
  seriesSkipped?: { label: string; rows: number }[]
  /** A global run: the aggregate stored with it (core/train's summariseSeries, the numbers the app
   *  and fw runs show), which its verdict reads. */
  seriesSummary?: GlobalExportSummary
  /** A stored run whose rebuild chose another forecaster than the run did (core/services/run-export.ts
   *  remadeNote): the sentence that says so. Absent: the forecast is the run's own. */
  remade?: string
  /** The notices kept with the run that bear on reading its results (runs.notices_json: a log
   *  turned off by a later value, MASE scaled by out-of-scale training values), in the app's words
   *  (core/services/run-words.ts runNotices): an export is one file whoever makes it. Absent or
   *  empty: none (runs stored before keep none). */
  notices?: string[]
  /** Rows past the end whose intervals are not all calibrated on their own validation errors
   *  (core/train/forecast.ts aheadIntervals): what they rest on, for the workbook's About sheet.
   *  Absent: no such rows. */
  aheadIntervals?: string
  /** A global run's rows past the end: the series left out of them, that cannot reach so far, and
   *  why (core/train/series-notes.ts notForecastWords, in the app's words), for the workbook's About
   *  sheet. Absent: every series has its rows. */
  aheadLeftOut?: string
  /** Rows past the end further than the rows of history they start from: the warning fw forecast
   *  and the app's Forecast past the end give (core/train/forecast.ts farAheadNote; a global run's,
   *  series-notes.ts farAheadSeriesWords), for the workbook's About sheet. Absent: not so far. */
  aheadFar?: string
  /** Classification: the classes and the rule that made them, which name the forecast column
   *  (forecastColumn: 'P(precipitation > 0)'); null or absent: regression. */
  classes?: ForecastClasses | null
  /** Two classes (single series): the threshold chosen on validation and the test rows scored at it
   *  beside 0.5 (the workbook's About sheet). Null or absent: any other run. */
  threshold?: ThresholdSummary | null
  /** Classification (single series): the per-row Brier differences on test kept with the run, for
   *  the verdict's "level" (verdictOf's noise). Null or absent: any other run, runs stored before. */
  noise?: TestNoise | null
}

/** A two-class run's threshold chosen on its validation rows (core/data/threshold.ts, kept with the
 *  run since schema 14) and its test rows scored at it and at 0.5, the threshold of the stored
 *  scores: the report's and the workbook's Threshold tables, fw train's and fw show's lines
 *  (core/services/stored-threshold.ts thresholdSummary makes it). */
export interface ThresholdSummary {
  /** false: the run was stored before runs kept a choice, and everything uses 0.5 */
  kept: boolean
  /** null: none chosen (why says why, or kept is false) */
  threshold: number | null
  /** why there is no threshold (no capital, no stop); null when one was chosen */
  why: string | null
  /** the validation rows it was chosen on and its scores there; null when none was chosen */
  validation: (NonNullable<ThresholdChoice['validation']> & { n: number; positives: number }) | null
  /** the test rows with a known class scored at the chosen threshold; null: none chosen, or no such row */
  test: ThresholdMetrics | null
  /** the same rows at 0.5, as the stored scores count them; null: no such row */
  atDefault: ThresholdMetrics | null
  /** what its rows of the class are counted by ('9 where rain = yes'; 'the class holds' where the
   *  data file's words are not known): core/export whereClassHolds */
  holds: string
}

/** A classification target's classes (the forecast of two is the probability of the second) and
 *  the rule that made them from a number column, if any. */
export interface ForecastClasses {
  names: readonly string[]
  rule: Rule | null
  /** A yes/no target without a rule: the data file's words for no and yes ('no', 'yes'; '0', '1'),
   *  in which the actual column is written (0 and 1 as numbers) and the probability named
   *  ('P(rain = yes)'); absent where they are not known (the class names name it: 'P(rain = true)')
   *  and for other classes. */
  words?: readonly [string, string]
}

export interface EpochPoint {
  epoch: number
  trainLoss: number
  valLoss: number | null
  gradNorm: number | null
  gradFlow: number[] | null // ||dL/dh_t|| for t = 1..L, top layer, as the trainer reports it
}

export interface ClassificationResult {
  labels: string[] // class names, in the confusion matrix's order
  confusion: number[][] // [actual][predicted] counts on the test split
  roc: { fpr: number[]; tpr: number[]; auc: number | null } | null // positive class vs rest
}

/** Everything the HTML run report shows. */
export interface ReportInput {
  title: string // run name
  appVersion: string
  createdAt: number // ms since the epoch
  task: 'regression' | 'classification'
  target: string
  config: unknown // the run's TrainConfig
  data: DataSummary
  epochs: EpochPoint[]
  bestEpoch: number | null
  metrics: MetricValue[]
  baselineNames: string[]
  forecast: ForecastExportRow[] // baselines are not drawn
  /** Classification: the classes and rule, which name the probability drawn (forecastColumn). */
  classes?: ForecastClasses | null
  intervalLevel: number | null
  intervalCoverage: number | null // share of test actuals inside the interval
  choice?: ChoiceSummary | null // as ForecastExport.choice
  unit?: string | null // as ForecastExport.unit
  range?: TargetRange | null // as ForecastExport.range
  remade?: string // as ForecastExport.remade
  notices?: string[] // as ForecastExport.notices
  classification: ClassificationResult | null
  /** As ForecastExport.threshold: the Classification section's Threshold table. */
  threshold?: ThresholdSummary | null
  /** As ForecastExport.noise: the verdict's "level". */
  noise?: TestNoise | null
  /** How training ended short of its epochs (it diverged after good epochs and kept its best), in
   *  the app's words; null or absent: it did not. */
  ending?: EndingSummary | null
  /** Why the network forecasts what it does (core/train/explain-run.ts); null or absent: none. */
  explanation?: ExplanationSummary | null
  /** As ForecastExport.timeZone: the zone the data's times are written in (the tables write each as
   *  the workbook's Data sheet does, the chart's axis names it); absent or null: none (local clock
   *  times, written with no zone). */
  timeZone?: TimeZoneMark
  /** A global run: its id column(s) and every series' scores (a table of its own); `forecast` then
   *  holds the series named `shown` alone. Null or absent: a single-series run. */
  series?: { columns: string[]; rows: SeriesMetricsExport[]; shown: string; shownWhy?: string; /** More than two classes: why the shown series' probabilities are not drawn, after "this run's model file" (is not kept, could not be rebuilt: …). */ probsWhy?: string; summary: GlobalExportSummary; skipped?: { label: string; rows: number }[] } | null
}

/** The part of core/train's RunExplanation the report draws (structurally the same fields). */
export interface ExplanationSummary {
  target: string
  lookback: number
  horizon: number
  inputNames: string[]
  lags: number[] // (L)
  baseline: { words: string }
  method: { quadrature: string; steps: number }
  at: { row: number; time: number | null; forecast: number; fromBaseline: number; attributions: number[][] /* (L, D) */; gap: number }
  global: null | { windows: number; meanAbs: number[][] /* (L, D) */; perInput: number[]; effectiveMemory: number; share: number }
  permutation: null | { by: 'feature' | 'lag'; base: number; items: { name: string; increase: number }[] }
  notes: string[]
}
