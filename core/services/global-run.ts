// A global run (one network across every series of a long file, core/train/global.ts) as the run
// store keeps it, and back: the results finishRun writes, the summary read from runs.global_json,
// and the forecast files' input with the series id column(s) first. The CLI records global runs;
// main and the CLI read and export them through these.
import { dataZoneMark, type TimeZoneMark } from '../data/time-cell'
import type { ClassificationResult, ColumnSummary, DataSummary, ForecastClasses, ForecastExport, ForecastExportRow, ReportInput, SplitSummary } from '../export'
import { seriesZoneMarks, type SkippedSeries } from '../data/global'
import type { SeriesSummary } from '../train/evaluate-series'
import type { GlobalClassSummary } from '../train/global-classes'
import { intervalHits, type BrierNoise, type TestNoise } from '../data/metrics'
import { naturalBy } from '../data/natural'
import type { Dataset } from '../data/types'
import { asWords, type Words } from '../data/words'
import { StoreError, parseStoredClasses, type RunResults, type SeriesInput, type SeriesRow } from '../store'
import { parseRule } from '../data/config'
import { GLOBAL_CLASS_BASELINES, globalBaselines } from '../export/metrics-table'
import { classLabels, whereClassHolds } from '../export/forecast-csv'
import { DEFAULT_THRESHOLD } from '../data/metrics'
import { storedThreshold, thresholdSummary } from './stored-threshold'
import { chartSeries } from '../export/chart-series'
import { globalTestMetrics, type CutDates, type GlobalResult } from '../train/global'
import type { TrainConfig } from '../train/types'
import type { PreparePhase } from '../train/progress'
import { ForecastError } from '../train/forecast'
import { PipelineError } from '../data/errors'
import { forecastGlobal, loadGlobalModelFile, type GlobalModel, type SeriesPoints } from '../train/forecast-global'
import { fileNameOf, fromStoredDataset, storedZoneMark } from './datasets'
import { columnSummaries, keptNotices, rocCurve, runTimeColumn, type GlobalRunReader } from './run-export'
import { prepareGlobalRun } from '../train/global'
import { resolveConfig, withStoredDefaults } from '../train/config'
import { divergedEnding, endingSummary } from './run-words'

export { chartSeries }

/** runs.global_json: what a global run's views need besides each series' row. */
export interface GlobalRunSummary {
  version: 1
  /** The series id column(s), e.g. ['store']. */
  columns: string[]
  /** The shared cut dates; null when each series was split on its own rows (cutMode 'series'). Runs
   *  stored before per-series cuts: always the dates, cutMode absent (read as 'dates'). ownClocks:
   *  the split's dates as written, on each series' own clock (series in different zones). */
  cuts: CutDates | null
  cutMode: 'dates' | 'series'
  /** A classification's summary holds none of a regression's values, and its own in classification. */
  summary: SeriesSummary & { classification?: GlobalClassSummary }
  skipped: SkippedSeries[]
  /** The run's notes in the CLI's words and the app's (core/data/words.ts; app ?? message is what the
   *  app shows); runs stored before kept the CLI's text alone, read back as { message }. */
  notes: Words[]
  /** Whether forecast `ts` values are times (ms) rather than row indices. */
  hasTime: boolean
  /** A global classification's: each series' per-row Brier differences from its own training rate
   *  on test (SeriesClassScore.rateNoise; null on fewer than two rows), by its run_series position,
   *  which tell the series tables' "level" from a beat (beatsRateWord). Absent in runs stored before
   *  (their tables say yes or no by the Brier alone) and in a regression. */
  seriesRateNoise?: (BrierNoise | null)[]
  /** A global regression's: each series' test errors against the better of its naive forecasts
   *  (core/train/evaluate-series seriesErrorNoise: a TestNoise, as a single run's choice keeps, of
   *  absolute errors at step h with h - 1 Newey-West lags; null on too few rows), by its run_series
   *  position, which tell the verdict's and the series tables' "level" from a beat (againstBestNaive).
   *  Absent in runs stored before 2026-12-08 (their verdict and tables count by the MAE alone) and
   *  in a classification. */
  seriesNoise?: (TestNoise | null)[]
}

const num = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null)

/** What store.finishRun keeps of a finished global run: the aggregate as the chosen forecasts' (and
 *  the network's alone, and naive's) test metrics, the summary (with how many series each forecaster
 *  was chosen for), every series with its scores, its choice and its test forecast, and the model
 *  file as the JSON text fw train --global writes to model.json (none when result.modelFile is null). */
export function globalRunResults(result: GlobalResult, config: TrainConfig, hasTime: boolean): RunResults {
  const m = result.summary
  // a classification's series' noise, by position (run_series has fixed columns: it is kept here)
  // and a regression's, against the better of each series' naive forecasts
  const seriesRateNoise = m.classification ? { seriesRateNoise: result.series.map((s) => s.classes?.rateNoise ?? null) } : { seriesNoise: result.series.map((s) => s.noise ?? null) }
  const summary: GlobalRunSummary = { version: 1, columns: config.data.series!.columns, cuts: result.cuts, cutMode: result.cutMode, summary: m, skipped: result.skipped, notes: result.notes, hasTime, ...seriesRateNoise }
  const series: SeriesInput[] = result.series.map((s, position) => ({
    position, key: s.key, label: s.label, rows: s.rows, season: s.season, n: s.test.n,
    mae: num(s.test.mae), mase: num(s.test.mase), naiveMae: num(s.test.naiveMae), naiveMase: num(s.test.naiveMase),
    seasonalNaiveMae: num(s.test.seasonalNaiveMae), intervalHalfWidth: num(s.intervalHalfWidth), coverage: num(s.intervalCoverage),
    beatsNaive: s.test.beatsNaive, beatsBestNaive: s.test.beatsBestNaive, forecasts: s.forecasts,
    forecastBy: s.forecastBy.chosen, forecastLabel: s.forecastBy.label, forecastNote: s.forecastBy.message,
    networkMae: num(s.network.mae), networkMase: num(s.network.mase), rangeJson: s.range ? JSON.stringify(s.range) : null,
    // a classification's (migration 021): its network's and its own baselines' test scores
    ...(s.classes ? { accuracy: num(s.classes.accuracy), brier: num(s.classes.brier), logLoss: num(s.classes.logLoss), rateBrier: num(s.classes.rateBrier), persistenceBrier: num(s.classes.persistenceBrier), majorityAccuracy: num(s.classes.majorityAccuracy) } : {})
  }))
  return {
    metrics: globalTestMetrics(result),
    forecasts: [],
    notices: result.notices ?? [],
    global: { summary, series, modelJson: result.modelFile == null ? null : globalModelJson(result.modelFile) },
    // as a single run's (store-sink): where it diverged, in both wordings, and the epoch it kept
    ending: result.diverged ? divergedEnding(result.diverged, result.bestEpoch) : null,
    // a classification's, as a single run's: its classes (runs.classes_json) and its threshold
    ...(result.classes ? { classes: result.classes } : {}),
    ...(result.threshold ? { threshold: result.threshold } : {})
  }
}

export { globalRunMetrics } from '../train/global'

/** A global model file as JSON text: what fw train --global writes to model.json and the store keeps. */
export function globalModelJson(modelFile: unknown): string {
  return JSON.stringify(modelFile)
}

/** Global run `runId`'s model file as stored (JSON text); throws, saying to train it again, for a
 *  global run stored before model files were kept (migration 008), and for a run that is not global. */
export function storedGlobalModelJson(store: GlobalRunReader, runId: number): string {
  globalSummaryOf(store, runId)
  const json = store.runs.globalModel(runId)
  if (json === null) throw new StoreError('not-found', `run ${runId} was stored before global model files were kept; train it again`)
  return json
}

/** Global run `runId`'s model file, loaded and checked (loadGlobalModelFile) as fw forecast --model
 *  loads model.json; throws as storedGlobalModelJson does. */
export function storedGlobalModel(store: GlobalRunReader, runId: number, appVersion?: string): GlobalModel {
  try {
    return loadGlobalModelFile(JSON.parse(storedGlobalModelJson(store, runId)), appVersion)
  } catch (e) {
    if (e instanceof ForecastError) throw new ForecastError(e.code, `run ${runId}: ${e.message}`)
    throw e
  }
}

/** The stored summary, or null for a single-series run (and for JSON that is not one of ours). */
export function parseGlobalSummary(json: string | null | undefined): GlobalRunSummary | null {
  if (!json) return null
  try {
    const g = JSON.parse(json) as Partial<GlobalRunSummary>
    if (g.version !== 1 || !Array.isArray(g.columns) || !g.columns.every((c) => typeof c === 'string') || typeof g.summary !== 'object' || g.summary === null) return null
    const noise = storedSeriesNoise(g.seriesRateNoise, g.summary.series)
    // a regression's series noise and its counts read as one: either malformed, neither is read
    const errors = g.summary.classification ? null : storedSeriesNoise(g.seriesNoise, g.summary.series, isSeriesErrorNoise)
    const { bestNaiveNoise, ...summary } = g.summary
    const counted: GlobalRunSummary['summary'] = errors && storedCounts(bestNaiveNoise, g.summary.series) ? { ...summary, bestNaiveNoise } : summary
    return { version: 1, columns: g.columns, cuts: g.cutMode === 'series' ? null : g.cuts ?? { valStart: '', testStart: '' }, cutMode: g.cutMode === 'series' ? 'series' : 'dates', summary: counted, skipped: g.skipped ?? [], notes: storedNotes(g.notes), hasTime: g.hasTime !== false, ...(noise ? { seriesRateNoise: noise } : {}), ...(errors && counted.bestNaiveNoise ? { seriesNoise: errors as (TestNoise | null)[] } : {}) }
  } catch {
    return null
  }
}

/** Each series' stored noise (seriesRateNoise), one per series of the run: anything else (a run
 *  stored before, or a list that is not ours) is read as none, so its tables say yes or no by the
 *  Brier alone, as they did, rather than "level" from numbers it cannot trust. */
function storedSeriesNoise(noise: unknown, series: number, more: (n: Record<string, unknown>) => boolean = () => true): (BrierNoise | null)[] | null {
  if (!Array.isArray(noise) || noise.length !== series) return null
  const ok = noise.every((n: unknown) => {
    if (n === null) return true
    const b = n as Partial<BrierNoise>
    return typeof b === 'object' && Number.isFinite(b.mean) && Number.isFinite(b.se) && Number.isInteger(b.rows) && more(n as Record<string, unknown>)
  })
  return ok ? (noise as (BrierNoise | null)[]) : null
}

/** A regression series' stored noise (seriesNoise) beyond a BrierNoise: against naive or seasonal
 *  naive, of absolute or squared errors, with a whole number of lags. */
const isSeriesErrorNoise = (n: Record<string, unknown>): boolean =>
  (n['baseline'] === 'naive' || n['baseline'] === 'seasonal-naive') && (n['metric'] === 'mae' || n['metric'] === 'rmse') && Number.isInteger(n['lag']) && (n['lag'] as number) >= 0

/** The stored counts of series beyond noise and level (bestNaiveNoise): two whole numbers that
 *  add up to at most the run's series. */
function storedCounts(c: unknown, series: number): c is { beat: number; level: number } {
  const x = c as { beat?: unknown; level?: unknown } | null
  return typeof x === 'object' && x !== null && Number.isInteger(x.beat) && Number.isInteger(x.level) && (x.beat as number) >= 0 && (x.level as number) >= 0 && (x.beat as number) + (x.level as number) <= series
}

/** Stored notes back in both wordings: text (runs stored before both were kept) reads the same in
 *  both; anything else is dropped rather than shown broken. */
function storedNotes(notes: unknown): Words[] {
  if (!Array.isArray(notes)) return []
  return notes.flatMap((n: unknown) => {
    if (typeof n === 'string') return [asWords(n)]
    const w = n as Partial<Words> | null
    return w && typeof w.message === 'string' ? [{ message: w.message, ...(typeof w.app === 'string' ? { app: w.app } : {}) }] : []
  })
}

/** The global run's summary; throws when run `runId` is not a global run. */
export function globalSummaryOf(store: GlobalRunReader, runId: number): GlobalRunSummary {
  const g = parseGlobalSummary(store.runs.get(runId).globalJson)
  if (!g) throw new Error(`run ${runId} is not a global run`)
  return g
}

/** Told each time one more of the run's series is prepared again from its stored dataset, in each
 *  pass of its preparation (prepareGlobalRun's `tell`: an export's progress). */
export type OnSeries = (phase: PreparePhase, done: number, total: number) => void

/** Which series to forecast: the model narrowed to them, and the rows of a dataset that are theirs. */
export type SeriesPick = (gm: GlobalModel) => { gm: GlobalModel; rows: (d: Dataset) => Dataset }

/** Every series of global run `runId` (or those `pick` keeps) forecast `steps` rows past the end of
 *  the run's own dataset, with its stored model file, as `fw forecast --model model.json --csv` (the
 *  same file) forecasts them: one block per series, and notes naming series the data lacks. */
export function storedGlobalForecast(store: GlobalRunReader, runId: number, steps: number, appVersion?: string, future?: Dataset, pick?: SeriesPick): { gm: GlobalModel; zone: TimeZoneMark } & ReturnType<typeof forecastGlobal> {
  const all = storedGlobalModel(store, runId, appVersion)
  const { gm, rows } = pick ? pick(all) : { gm: all, rows: (d: Dataset) => d }
  const dataset = rows(fromStoredDataset(store.datasets.load(store.runs.get(runId).datasetId)))
  return { gm, zone: dataZoneMark(dataset), ...forecastGlobal(gm, dataset, steps, future && rows(future)) }
}

/** The forecast files' input for a global run: each series' stored test forecast, its id values
 *  first, and each series' scores (the XLSX's Series sheet). Built from the store alone: no rebuild
 *  of the network, so no per-row baseline columns (each series' naive MAE is in Series). `ahead`:
 *  blocks past the end (storedGlobalForecast), each after its series' test rows, actual empty. */
export function globalForecastExportOf(store: GlobalRunReader, runId: number, ahead: SeriesPoints[] = [], onSeries?: OnSeries): ForecastExport {
  const run = store.runs.get(runId)
  const g = globalSummaryOf(store, runId)
  const config = JSON.parse(run.configJson) as TrainConfig
  // every series in natural order of its label (store 2 before store 10), each one's rows in time
  // order: the Forecast sheet and CSV, the Series sheet and the report's table (display only)
  const series = naturalBy(store.series.list(runId), (s) => s.label)
  const dataset = store.datasets.list().find((d) => d.id === run.datasetId)
  const future = new Map(ahead.map((b) => [JSON.stringify(b.key), b.points]))
  // the data's times carried an offset: the files write it (../data/time-cell); where the file kept
  // each row's own (its series in different zones: by instant, or by row where they share instants,
  // which reads as 'Z' here), each series' rows in that series' own zone
  const timeZone = dataset ? storedZoneMark(dataset.columns, config.data.time) : null
  const zones = timeZone === 'Z' || (timeZone !== null && typeof timeZone === 'object' && !('rule' in timeZone)) ? seriesZoneMarks(fromStoredDataset(store.datasets.load(run.datasetId)), config.data.time, g.columns) : new Map<string, TimeZoneMark>()
  const rows: ForecastExportRow[] = series.flatMap((s) => {
    const zone = zones.get(s.key.join('\u0000'))
    const own = zone !== undefined ? { zone } : {}
    return [
      ...store.series.forecasts(runId, s.position).map((f) => ({
        series: s.key, time: g.hasTime ? f.ts : null, row: g.hasTime ? null : f.ts, step: f.step, forecast: f.value, lower: f.lower, upper: f.upper, actual: f.actual, baselines: [], ...own
      })),
      ...(future.get(JSON.stringify(s.key)) ?? []).map((x) => ({
        series: s.key, time: x.time, row: x.time === null ? x.row : null, step: x.step, forecast: x.value, lower: x.lower, upper: x.upper, actual: null, baselines: [], ...own
      }))
    ]
  })
  const classes = globalClassesOf(run.classesJson, config, g)
  return {
    runName: run.name ?? `run ${runId}`,
    target: config.data.target,
    // a classification's forecast is P(the second class), or the most likely class, named as a single run's
    ...classes,
    // two classes: the threshold chosen on every series' validation windows pooled, every series' test rows at it (rows past the end have no class to score)
    ...(classes.classes?.names.length === 2 ? { threshold: thresholdSummary(storedThreshold(run), rows.map((x) => ({ value: x.forecast, actual: x.actual })), whereClassHolds(config.data.target, classes.classes)) } : {}),
    intervalLevel: series.some((s) => s.intervalHalfWidth !== null) ? config.interval.level : null,
    baselineNames: [],
    rows,
    metrics: store.metrics.list(runId),
    config,
    data: globalDataSummary(store, runId, config, g, onSeries),
    choice: null,
    unit: dataset?.columns.find((c) => c.name === config.data.target)?.unit ?? null,
    range: null,
    ...keptNotices(store, runId),
    seriesColumns: g.columns,
    timeZone,
    seriesSummary: g.summary,
    seriesSkipped: g.skipped.map((s) => ({ label: s.label, rows: s.rows })),
    seriesMetrics: series.map((s: SeriesRow) => ({
      series: s.key, n: s.n, mae: s.mae, mase: s.mase, naiveMae: s.naiveMae, seasonalNaiveMae: s.seasonalNaiveMae, coverage: s.coverage, beatsNaive: s.beatsNaive, forecastBy: s.forecastBy, forecastLabel: s.forecastLabel,
      // a regression's series against the better naive, with its noise where the run keeps it (the tables' "level")
      ...(g.summary.classification ? {} : { beatsBestNaive: s.beatsBestNaive, ...seriesNoiseOf(g, s.position) }),
      // a classification's series: its class scores as stored (migration 021), the Series sheet's and the report's columns
      // and its noise against its training rate where the run keeps it (the tables' "level")
      ...(g.summary.classification ? { classScores: { accuracy: s.accuracy ?? null, brier: s.brier ?? null, logLoss: s.logLoss ?? null, rateBrier: s.rateBrier ?? null, persistenceBrier: s.persistenceBrier ?? null, majorityAccuracy: s.majorityAccuracy ?? null, ...seriesRateNoiseOf(g, s.position) } } : {})
    }))
  }
}

/** Series `position`'s noise against the better of its naive forecasts as the run keeps it
 *  ({ noise }), for againstBestNaive; {} for a run stored before, whose tables count by the MAE alone. */
export function seriesNoiseOf(g: GlobalRunSummary, position: number): { noise?: TestNoise | null } {
  return g.seriesNoise ? { noise: g.seriesNoise[position] ?? null } : {}
}

/** Series `position`'s noise against its training rate as the run keeps it ({ rateNoise }), for
 *  beatsRateWord; {} for a run stored before, whose tables say yes or no by the Brier alone. */
export function seriesRateNoiseOf(g: GlobalRunSummary, position: number): { rateNoise?: BrierNoise | null } {
  return g.seriesRateNoise ? { rateNoise: g.seriesRateNoise[position] ?? null } : {}
}

/** A global run's task, and a classification's classes as kept with it (runs.classes_json), which
 *  name its forecast column as a single run's file names it. */
function globalClassesOf(classesJson: string | null, config: TrainConfig, g: GlobalRunSummary): Pick<ForecastExport, 'task' | 'classes'> {
  const kept = g.summary.classification ? parseStoredClasses(classesJson) : null
  if (!kept) return { task: 'regression' }
  return { task: 'classification', classes: { names: kept.names, rule: config.data.rule ? parseRule(config.data.rule) : null, ...(kept.words ? { words: kept.words } : {}) } }
}

/** A global run's dataset as the report's Dataset and Split sections and the workbook's Data sheet
 *  show it: its columns with their roles (the series id columns 'series'), the time column, and
 *  each split summed over the series as the run split them again from the stored dataset (rows and
 *  windows of all series, from the earliest series' first row to the latest one's last; no row
 *  numbers: a long file's series interleave). No splits when the stored data no longer prepares. */
function globalDataSummary(store: GlobalRunReader, runId: number, config: TrainConfig, g: GlobalRunSummary, onSeries?: OnSeries): DataSummary {
  const run = store.runs.get(runId)
  let ds: Dataset
  try {
    ds = fromStoredDataset(store.datasets.load(run.datasetId))
  } catch (e) {
    // a dataset the app cannot read back: the exports keep the forecasts and say what is missing
    const name = store.datasets.list().find((x) => x.id === run.datasetId)?.name ?? `dataset ${run.datasetId}`
    return { name: `${name} (unreadable: ${(e as Error).message})`, rows: 0, timeColumn: null, start: null, end: null, columns: [], splits: [] }
  }
  const timeName = g.hasTime ? runTimeColumn(config.data, ds) : null
  const d = config.data
  const role = (name: string) => (g.columns.includes(name) ? 'series' : name === timeName ? 'time' : name === d.target ? 'target' : d.features.includes(name) ? 'feature' : 'ignored')
  let splits: SplitSummary[] = []
  // the rows the run read over its series (its future rows left out, its grids' rows added), which
  // the date range covers; the file's beside them
  let read: { rows: number; gridRows: number } | null = null
  try {
    const parts = prepareGlobalRun(resolveConfig(withStoredDefaults(config), { stored: true }), ds, onSeries).gp.parts
    splits = (['train', 'val', 'test'] as const).map((split) => {
      let n = 0, windows = 0, start: number | null = null, end: number | null = null
      for (const { prep } of parts) {
        const rg = prep.splits[split]
        n += rg.end - rg.start
        windows += prep.windows[split].starts.length
        if (prep.time && rg.end > rg.start) (start = Math.min(start ?? Infinity, prep.time[rg.start]!)), (end = Math.max(end ?? -Infinity, prep.time[rg.end - 1]!))
      }
      return { split, rows: n, windows, start, end, startRow: null, endRow: null }
    })
    read = { rows: parts.reduce((n, p) => n + p.prep.N, 0), gridRows: parts.reduce((n, p) => n + p.prep.lines.filter((l) => l === 0).length, 0) }
  } catch {
    splits = []
  }
  const times = splits.flatMap((s) => [s.start, s.end]).filter((t): t is number => t !== null)
  return { name: fileNameOf(ds.file), rows: read?.rows ?? ds.rowCount, fileRows: ds.rowCount, gridRows: read?.gridRows ?? 0, timeColumn: timeName, start: times.length ? Math.min(...times) : null, end: times.length ? Math.max(...times) : null, columns: pooledColumns(columnSummaries(ds, role)), splits }
}

/** A long file's columns as a global run's exports list them: a number column's mean and standard
 *  deviation over every series pooled would mix the series' units (sales of 3 and of 3,000), so they
 *  are left out; its count, missing values and range stay. Each series' own scores are in the Series
 *  sheet and table. */
function pooledColumns(cols: ColumnSummary[]): ColumnSummary[] {
  return cols.map((c) => (c.type === 'number' ? { ...c, mean: null, std: null } : c))
}

/** The share of forecasts whose actual lies within their interval, over every row with an actual
 *  and both bounds (every series' test points pooled); null when there is none. */
export function pooledCoverage(rows: Iterable<Pick<ForecastExportRow, 'actual' | 'lower' | 'upper'>>): number | null {
  const { n, hit } = intervalHits(rows)
  return n ? hit / n : null
}

/** The run report's input for a global run: its loss history, every series' scores in a table, and
 *  one series' test forecast in the chart (chartSeries); a classification's, its classes and every
 *  series' test rows pooled in its confusion matrix (and ROC curve and threshold, two classes). */
export function globalReportInputOf(store: GlobalRunReader, runId: number, onSeries?: OnSeries): ReportInput {
  const fx = globalForecastExportOf(store, runId, [], onSeries)
  const run = store.runs.get(runId)
  const chart = chartSeries(store.series.list(runId))
  const first = chart?.row ?? null
  const firstKey = JSON.stringify(first?.key ?? null)
  const pooled = fx.task === 'classification' && fx.classes ? pooledClasses(fx.rows, fx.classes) : null
  const c = fx.seriesSummary?.classification ?? null
  const rebuilt = withRebuiltProbs(store, runId, first?.key ?? null, fx.rows.filter((r) => JSON.stringify(r.series) === firstKey), fx.classes?.names.length ?? 0)
  return {
    title: fx.runName,
    appVersion: run.appVersion,
    createdAt: run.createdAt,
    task: fx.task,
    target: fx.target,
    config: fx.config,
    data: fx.data,
    epochs: store.epochs.list(runId).map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, valLoss: e.valLoss, gradNorm: e.gradNorm, gradFlow: e.gradFlow ? Array.from(e.gradFlow) : null })),
    bestEpoch: store.checkpoints.load(runId, 'best')?.epoch ?? null,
    metrics: fx.metrics,
    // naive (and seasonal naive) are scored in the aggregate (globalRunMetrics): the metrics table's
    // baselines and skill; a classification's, each series' own majority, persistence and training rate
    baselineNames: c ? [...GLOBAL_CLASS_BASELINES] : globalBaselines(fx.metrics),
    forecast: rebuilt.rows,
    ...(fx.classes ? { classes: fx.classes } : {}),
    // the run's coverage: every series' test points with an interval pooled, not the first series'
    intervalLevel: fx.intervalLevel,
    intervalCoverage: pooledCoverage(fx.rows),
    choice: null,
    unit: fx.unit ?? null,
    range: null,
    classification: pooled,
    // two classes: the threshold chosen on every series' validation windows pooled, the test rows of every series at it
    ...(fx.threshold ? { threshold: fx.threshold } : {}),
    explanation: null,
    timeZone: fx.timeZone ?? null,
    ending: endingSummary(run, 'app'),
    ...(fx.notices ? { notices: fx.notices } : {}),
    series: { columns: fx.seriesColumns ?? [], rows: fx.seriesMetrics ?? [], shown: first?.label ?? '', shownWhy: chart?.why ?? '', ...(rebuilt.why ? { probsWhy: rebuilt.why } : {}), summary: fx.seriesSummary!, skipped: fx.seriesSkipped ?? [] }
  }
}

/** A global classification of more than two classes keeps each test row's likeliest class alone
 *  (run_series forecasts), no probability to draw: the report's chart of the series shown takes
 *  each class's probability from the run's model file (its stored weights, as fw forecast --run
 *  applies them) on its stored dataset, where that file's likeliest class is the stored one at
 *  every test row (`probsRebuilt` on each row). The rows as they are otherwise: two classes (the
 *  probability is stored), a run stored before model files were kept, a rebuild that disagrees or
 *  that throws (a damaged model file, data the file refuses), with `why` in the report's words. */
function withRebuiltProbs(store: GlobalRunReader, runId: number, key: string[] | null, rows: ForecastExportRow[], K: number): { rows: ForecastExportRow[]; why?: string } {
  if (key === null || K <= 2 || rows.length === 0 || rows.some((r) => r.probs)) return { rows }
  const json = store.runs.globalModel(runId)
  if (json === null) return { rows, why: 'is not kept (a run stored before model files were kept)' }
  let points: SeriesPoints['points']
  try {
    const gm = storedGlobalModel(store, runId)
    const one = gm.series.filter((s) => JSON.stringify(s.key) === JSON.stringify(key))
    if (one.length !== 1) return { rows, why: 'does not hold the series shown' }
    points = forecastGlobal({ ...gm, series: one }, fromStoredDataset(store.datasets.load(store.runs.get(runId).datasetId)), null).blocks[0]?.points ?? []
  } catch (e) {
    // a damaged file or data it refuses: the report without the chart, not no report
    if (e instanceof ForecastError || e instanceof PipelineError) return { rows, why: `could not be rebuilt: ${e.message}` }
    throw e
  }
  const at = new Map(points.map((p) => [`${p.time ?? p.row}@${p.step}`, p.probs]))
  const probs = rows.map((r) => at.get(`${r.time ?? r.row}@${r.step}`) ?? null)
  const agrees = probs.every((p, i) => p !== null && p.length === K && p.indexOf(Math.max(...p)) === rows[i]!.forecast)
  return agrees ? { rows: rows.map((r, i) => ({ ...r, probs: probs[i]!, probsRebuilt: true })) } : { rows, why: 'does not give the stored class at every test row' }
}

/** A global classification's test rows of every series pooled: the confusion matrix (two classes:
 *  the class at 0.5 of the probability stored, as the stored scores count it; more: the likeliest
 *  class stored) and, of two classes, the ROC curve of the probabilities. Rows with no known class
 *  are left out. */
function pooledClasses(rows: readonly ForecastExportRow[], classes: ForecastClasses): ClassificationResult {
  const K = classes.names.length
  const known = rows.filter((r) => r.actual !== null && Number.isInteger(r.actual) && r.actual >= 0 && r.actual < K)
  const confusion = classes.names.map(() => new Array<number>(K).fill(0))
  for (const r of known) confusion[r.actual!]![K === 2 ? (r.forecast > DEFAULT_THRESHOLD ? 1 : 0) : r.forecast]!++
  return { labels: [...classLabels(classes)], confusion, roc: K === 2 ? rocCurve(known.map((r) => r.actual!), known.map((r) => r.forecast)) : null }
}
