// A stored run, rebuilt and turned into the inputs of core/export: the forecast files, the HTML
// report and the ONNX model. The CLI and main's Export handlers both call these.
import { exportOnnx, onnxLeadsFromPipeline, onnxLevelFromPipeline, onnxScalingFromPipeline, type ColumnSummary, type DataSummary, type ForecastExport, type OnnxTask, type ReportInput, type SplitSummary } from '../export'
import { applyFitted, parseRule, TWO_CLASSES, yesNoWords, type Dataset, type Rule, type FittedPipeline, type PipelineConfig, type Prepared } from '../data'
import { csvClassesOf } from './forecast-csv'
import type { CalendarConfig } from '../data/calendar'
import type { TimeConfig } from '../data/series'
import type { Model } from '../engine'
import { StoreError } from '../store/errors'
import { parseStoredClasses, storedTestNoise } from '../store/runs'
import type { Checkpoint, CheckpointKind, Dataset as StoredDataset, DatasetSummary, EpochRow, ForecastRow, MetricRow, Run, SeriesRow } from '../store'
import { slimChoice, type ChoiceSummary } from '../export/verdict'
import { classLabels, whereClassHolds } from '../export/forecast-csv'
import { resolveConfig, withStoredDefaults } from '../train/config'
import { rebuildModelFile } from '../train/run'
import { prepareRun } from '../train/prepare'
import { knownTail, loadModelFile } from '../train/forecast'
import { explainRun, type ExplainRunOptions, type RunExplanation } from '../train/explain-run'
import type { ForecastChoice } from '../train/choice'
import type { TrainConfig } from '../train/types'
import { fileNameOf, fromStoredDataset } from './datasets'
import { parseTargetRange, type Domain } from '../train/domain'
import { endingSummary, runError, runNotices } from './run-words'
import { carryApp, labelWords, words } from '../data/words'
import { seriesZoneMark } from '../data/series'
import { storedThreshold, thresholdSummary } from './stored-threshold'
import { parseStoredChoice } from './stored-choice'

/** What an export reads of the run store: a Store is one, and so is a run's snapshot
 *  (snapshotReader), which a worker thread reads without the database. */
export interface RunReader {
  runs: { get(id: number): Run }
  checkpoints: { load(runId: number, kind: CheckpointKind): Checkpoint | null }
  datasets: { load(id: number): StoredDataset; list(): DatasetSummary[] }
  metrics: { list(runId: number): MetricRow[] }
  epochs: { list(runId: number): EpochRow[] }
}

/** What a global run's exports read besides (core/services/global-run.ts): its model file and its
 *  series with their stored test forecasts. A Store is one, and so is a global run's snapshot. */
export interface GlobalRunReader extends RunReader {
  runs: RunReader['runs'] & { globalModel(id: number): string | null }
  series: { list(runId: number): SeriesRow[]; forecasts(runId: number, position: number): ForecastRow[] }
}

/** Everything of one run that its exports read, as plain data (structured-cloneable). */
export interface RunSnapshot {
  run: Run
  best: Checkpoint | null
  last: Checkpoint | null
  dataset: StoredDataset
  /** The run's dataset's summary (its columns' units), if listed. */
  datasetSummary: DatasetSummary | null
  metrics: MetricRow[]
  epochs: EpochRow[]
  /** A global run's model file (JSON text, null when none was kept) and series, each with its
   *  stored test forecast (in the series' order); absent for any other run. */
  global?: { modelJson: string | null; series: { row: SeriesRow; forecasts: ForecastRow[] }[] }
}

/** The rows of run `runId` an export reads, read once from the store (milliseconds: the work is
 *  in the rebuild). A failed run or one without weights is refused later, by rebuildStoredRun. */
export function runSnapshot(store: GlobalRunReader, runId: number): RunSnapshot {
  const run = store.runs.get(runId)
  const global = run.globalJson ? { modelJson: store.runs.globalModel(runId), series: store.series.list(runId).map((row) => ({ row, forecasts: store.series.forecasts(runId, row.position) })) } : null
  return {
    run,
    best: store.checkpoints.load(runId, 'best'),
    last: store.checkpoints.load(runId, 'last'),
    dataset: store.datasets.load(run.datasetId),
    datasetSummary: store.datasets.list().find((d) => d.id === run.datasetId) ?? null,
    metrics: store.metrics.list(runId),
    epochs: store.epochs.list(runId),
    ...(global ? { global } : {})
  }
}

/** A reader over a snapshot: it answers for the snapshot's run and dataset only (a run that is not
 *  global has no model file and no series, as in the store). */
export function snapshotReader(s: RunSnapshot): GlobalRunReader {
  const runId = s.run.id
  const forecasts = new Map((s.global?.series ?? []).map((x) => [x.row.position, x.forecasts]))
  const mine = (id: number, what: string) => {
    if (id !== runId) throw new StoreError('not-found', `${what} ${id} is not in this export's snapshot of run ${runId}`)
  }
  return {
    runs: { get: (id) => (mine(id, 'run'), s.run), globalModel: (id) => (mine(id, 'run'), s.global?.modelJson ?? null) },
    checkpoints: { load: (id, kind) => (mine(id, 'run'), kind === 'best' ? s.best : s.last) },
    datasets: {
      load: (id) => {
        if (id !== s.run.datasetId) throw new StoreError('not-found', `dataset ${id} is not in this export's snapshot of run ${runId}`)
        return s.dataset
      },
      list: () => (s.datasetSummary ? [s.datasetSummary] : [])
    },
    metrics: { list: (id) => (mine(id, 'run'), s.metrics) },
    epochs: { list: (id) => (mine(id, 'run'), s.epochs) },
    series: {
      list: (id) => (mine(id, 'run'), (s.global?.series ?? []).map((x) => x.row)),
      forecasts: (id, position) => (mine(id, 'run'), forecasts.get(position) ?? [])
    }
  }
}

export interface RebuiltRun {
  runId: number
  name: string
  appVersion: string
  createdAt: number
  config: TrainConfig
  dataset: Dataset
  bestEpoch: number
  rebuilt: ReturnType<typeof rebuildModelFile>
  /** Why the rebuilt forecast is not the one the run chose when it trained (its statistical models
   *  or the choice rules changed since), in one sentence for exports and fw; null when it is. */
  remade: string | null
}

/** The fields of a run's stored choice (runs.choice_json) that a rebuild and fw's run lists read;
 *  null when there is none or it does not read as an object. */
export function storedChoiceFields(choiceJson: string | null): { chosen?: unknown; label?: unknown; season?: unknown; steps?: unknown } | null {
  if (choiceJson === null) return null
  try {
    const v: unknown = JSON.parse(choiceJson)
    return typeof v === 'object' && v !== null ? v : null
  } catch {
    return null
  }
}

/** The exports' `notices`: the run's kept notices in the app's words (the files are the same from
 *  the app and fw export, and are read by people who may not have the CLI); nothing when it has none. */
export function keptNotices(store: RunReader, runId: number): { notices?: string[] } {
  const notices = runNotices(store.runs.get(runId), 'app')
  return notices.length ? { notices } : {}
}

/** The sentence of RebuiltRun.remade, or null when the rebuild chose what the run stored. */
export function remadeNote(choiceJson: string | null, now: { chosen: string; label: string } | null | undefined): string | null {
  const was = storedChoiceFields(choiceJson)
  if (!was || !now || typeof was.label !== 'string' || (was.chosen === now.chosen && was.label === now.label)) return null
  return `the run chose ${labelWords(was.label)} when it trained; rebuilt by this version of the app from the same weights and data, its forecast is ${labelWords(now.label)} (the statistical models or the choice rules changed since): the forecasts here are those of ${labelWords(now.label)}, the metrics those stored with the run`
}

/**
 * A stored config whose data.season is 'auto', pinned to the season its run resolved (kept in its
 * stored choice): what 'auto' resolves to may change between versions (a business-day column
 * resolved to 7 before 09890e6 and to 5 since), and a rebuilt run must fit its statistical models
 * and make its choice with the run's season, not today's. Anything else is returned as it is.
 */
export function withStoredSeason(raw: unknown, choiceJson: string | null): unknown {
  if (typeof raw !== 'object' || raw === null) return raw
  const data = (raw as { data?: unknown }).data
  if (typeof data !== 'object' || data === null || ((data as { season?: unknown }).season ?? 'auto') !== 'auto') return raw
  const season = storedChoiceFields(choiceJson)?.season
  if (typeof season !== 'number' || !Number.isInteger(season) || season < 1) return raw
  return { ...raw, data: { ...data, season } }
}

/** A classification run's class names in output order (its forecasts' class indices), as its
 *  pipeline fitted them (storedRunTarget); null for a regression run, or when the data no longer
 *  prepares. */
export function storedRunClasses(store: RunReader, runId: number): string[] | null {
  return storedRunTarget(store, runId)?.names ?? null
}

/** A stored classification run's class names (storedRunClasses) and, for a yes/no target, its data
 *  file's words for no and yes where the stored dataset keeps them (yesNoWords), which name its
 *  probability as its forecast files do ('P(rain = yes)'); null as storedRunClasses. fw show and
 *  the app's run view ask for them each time: a done run's are those kept with it (runs.classes_json,
 *  migration 019), or for a done run stored before, read off its stored target column where that
 *  says them (doneRunTarget); the others' from its pipeline fitted again on its stored dataset, which
 *  takes no network but seconds on a large file. `o.readFailures: 'throw'`: a read of the stored
 *  dataset the store refused (busy, closed, unreadable: anything but the dataset not found) is
 *  thrown rather than given as null, for a caller that keeps a null for good (listedRunClasses). */
export function storedRunTarget(store: RunReader, runId: number, o: { readFailures?: 'null' | 'throw' } = {}): StoredRunTarget | null {
  const read = storedRunTargetRead(store, runId, o)
  return 'known' in read ? read.known : fittedRunTarget(read)
}

/** A classification run's class names in output order, and a yes/no target's words (storedRunTarget). */
export interface StoredRunTarget { names: string[]; words?: readonly [string, string] }

/** What fittedRunTarget fits a run's classes from: its stored config and status and its stored
 *  dataset; plain data, which a worker thread takes as it is (listed-classes-thread.ts). */
export interface RunTargetInput { configJson: string; status: string; stored: StoredDataset }

/** The reads of storedRunTarget, all of the store it needs (ms, the dataset's columns): `known`
 *  where they say the answer (a regression or global run, classes kept with the run, its dataset
 *  not found); else what fittedRunTarget fits them from. Refusals as storedRunTarget's. */
export function storedRunTargetRead(store: RunReader, runId: number, o: { readFailures?: 'null' | 'throw' } = {}): { known: StoredRunTarget | null } | RunTargetInput {
  const run = store.runs.get(runId)
  const config = resolveConfig(withStoredDefaults(JSON.parse(run.configJson)), { stored: true })
  if (config.data.task !== 'classification' || config.data.series?.global) return { known: null }
  const kept = run.status === 'done' ? parseStoredClasses(run.classesJson) : null
  if (kept) return { known: { names: [...kept.names], ...(kept.words ? { words: kept.words } : {}) } }
  try {
    return { configJson: run.configJson, status: run.status, stored: store.datasets.load(run.datasetId) }
  } catch (e) {
    if (o.readFailures === 'throw' && !(e instanceof StoreError && e.code === 'not-found')) throw e
    return { known: null }
  }
}

/** The fitting half of storedRunTarget, without the store: the classes its stored dataset gives
 *  run `r` (at once for a done run whose target column says them, else by preparing the run again:
 *  seconds on a large file); null where the dataset no longer prepares. */
export function fittedRunTarget(r: RunTargetInput): StoredRunTarget | null {
  try {
    const config = resolveConfig(withStoredDefaults(JSON.parse(r.configJson)), { stored: true })
    const dataset = fromStoredDataset(r.stored)
    // a run stored before its classes were kept (migration 019): a column of categories' classes
    // are the levels its training rows hold, found only by preparing it again
    const t = (r.status === 'done' ? doneRunTarget(config, dataset) : null) ?? prepareRun(config, dataset).prep.fitted.target
    if (t.kind !== 'classification') return null
    const words = csvClassesOf(config.data.target, t, yesNoWords(dataset, config.data.target))?.classes?.words
    return { names: [...t.classes], ...(words ? { words } : {}) }
  } catch {
    return null
  }
}

/** The target a done classification run stored before its classes were kept (migration 019)
 *  fitted, where its config and its stored target column say it without the rows: two classes
 *  (TWO_CLASSES) for a rule and for a column of true/false or of numbers (without a rule the
 *  pipeline refuses numbers other than 0s and 1s, so a done run's were those). null for a column
 *  of categories, whose classes are the levels its training rows hold (found by preparing the run
 *  again), and for a column it lacks. */
function doneRunTarget(config: TrainConfig, ds: Dataset): { kind: 'classification'; classes: readonly string[]; rule: Rule | null } | null {
  const kind = ds.columns.find((c) => c.name === config.data.target)?.kind
  const rule = config.data.rule ? parseRule(config.data.rule) : null
  return kind === 'boolean' || kind === 'numeric' || (rule && kind === 'categorical') ? { kind: 'classification', classes: TWO_CLASSES, rule } : null
}

/** The run's dataset, config and best weights (its last ones when it never validated). `tell`: how
 *  far the rebuild is, in counted steps (rebuildModelFile), seconds on a long series. */
export function rebuildStoredRun(store: RunReader, runId: number, tell?: (done: number, total: number) => void): RebuiltRun {
  const run = store.runs.get(runId)
  // a failed run's weights are whatever it had when it stopped (a diverged one's forecast 1e26)
  if (run.status === 'failed') {
    // why, in each front end's words (the app's error carries its own: core/data/words.ts)
    const why = runError(run)
    const advice = /diverg/i.test(why?.message ?? '') && !/learning rate/.test(why?.message ?? '') ? ', with a lower learning rate or gradient clipping' : ''
    const w = words`run ${runId} failed${why ? words` (${why})` : ''}: it has no model to export, forecast or explain with; train it again${advice}`
    throw carryApp(new StoreError('not-found', w.message), w)
  }
  const cp = store.checkpoints.load(runId, 'best') ?? store.checkpoints.load(runId, 'last')
  if (!cp) throw new StoreError('not-found', `run ${runId} has no saved weights yet (status ${run.status})${run.status === 'running' ? '; wait for it to finish' : ': it stopped before its first checkpoint; train it again'}`)
  const stored = withStoredDefaults(JSON.parse(run.configJson))
  // the config as the user set it (shown in reports and exports); the rebuild runs with its season
  const config = resolveConfig(stored, { stored: true })
  const dataset = fromStoredDataset(store.datasets.load(run.datasetId))
  // and to the steps its choice was scored over: daily rows that did not take the week keep the
  // week's 14 (season.ts), which their pinned season, 1, would make 6
  const steps = storedChoiceFields(run.choiceJson)?.steps
  const pinned = typeof steps === 'number' && Number.isInteger(steps) && steps >= 1 ? steps : undefined
  const rebuilt = rebuildModelFile(resolveConfig(withStoredSeason(stored, run.choiceJson), { stored: true }), dataset, cp.weights, { appVersion: run.appVersion, bestEpoch: cp.epoch }, pinned, tell)
  const remade = remadeNote(run.choiceJson, rebuilt.evaluation.choice)
  return { runId, name: run.name ?? `run ${runId}`, appVersion: run.appVersion, createdAt: run.createdAt, config, dataset, bestEpoch: cp.epoch, rebuilt, remade }
}

/** The column that orders a run: the config's, else the dataset's, else its first date column (a
 *  dataset the app stored before it sent its time column keeps none of its own: the run's config
 *  names it). */
export function runTimeColumn(d: { time?: string | null }, ds: Dataset): string | null {
  return d.time ?? ds.timeColumn ?? ds.columns.find((c) => c.kind === 'date')?.name ?? null
}

/** Each column of the dataset with its role in the run (`role`) and its count, missing values and,
 *  for numbers, mean, std, min and max: the report's Dataset table and the workbook's Data sheet. */
export function columnSummaries(ds: Dataset, role: (name: string) => string): ColumnSummary[] {
  return ds.columns.map((c) => {
    if (c.kind === 'numeric' || c.kind === 'boolean') {
      let n = 0, sum = 0, sq = 0, min = Infinity, max = -Infinity
      const values = c.values
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!
        if (v === v) (n++, (sum += v), (sq += v * v), (min = Math.min(min, v)), (max = Math.max(max, v)))
      }
      const mean = n ? sum / n : null
      return { name: c.name, role: role(c.name), type: c.kind === 'numeric' ? 'number' : 'boolean', count: n, missing: ds.rowCount - n, mean, std: n && mean !== null ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : null, min: n ? min : null, max: n ? max : null }
    }
    const present = c.kind === 'categorical' ? c.codes.filter((k) => k >= 0).length : c.kind === 'date' ? c.values.filter((v) => v === v).length : ds.rowCount
    return { name: c.name, role: role(c.name), type: c.kind === 'categorical' ? 'category' : c.kind, count: present, missing: ds.rowCount - present, mean: null, std: null, min: null, max: null }
  })
}

export function dataSummaryOf(r: RebuiltRun): DataSummary {
  const { prep } = r.rebuilt.run
  const ds = r.dataset
  const time = prep.time
  const d = r.config.data
  const timeName = runTimeColumn(d, ds)
  const role = (name: string) => (name === timeName ? 'time' : name === d.target ? 'target' : d.features.includes(name) ? 'feature' : 'ignored')
  const columns = columnSummaries(ds, role)
  const splits: SplitSummary[] = (['train', 'val', 'test'] as const).map((s) => {
    const rg = prep.splits[s]
    return { split: s, rows: rg.end - rg.start, windows: prep.windows[s].starts.length, start: time ? time[rg.start]! : null, end: time ? time[rg.end - 1]! : null, startRow: rg.start, endRow: rg.end - 1 }
  })
  // the column that orders the run, as the roles above have it (a stored dataset keeps none of its own)
  // the file's rows beside the run's, and the rows its time grid added (lines 0: made by resampling)
  return { name: fileNameOf(ds.file), rows: prep.N, fileRows: ds.rowCount, gridRows: prep.lines.filter((l) => l === 0).length, timeColumn: time ? timeName : null, start: time ? time[0]! : null, end: time ? time[prep.N - 1]! : null, columns, splits }
}

/** The choice that the exports judge the run's stored metrics with (verdict, skill column, candidate
 *  table): the one stored with it (parseStoredChoice), as fw show and the app's views read it, since
 *  the stored metrics are that forecast's. A rebuild by a later version may choose another
 *  forecaster (RebuiltRun.remade says so): judged with the rebuilt choice, the stored metrics were
 *  compared against one of their own forecast's parts. A run with no stored choice (one stopped
 *  before it stored metrics) has the rebuilt one; a run stored before model.forecaster existed is
 *  rebuilt as the network alone (withStoredDefaults), and says so by having none. */
export function choiceOf(store: RunReader, r: RebuiltRun): ChoiceSummary | null {
  const run = store.runs.get(r.runId)
  const raw = JSON.parse(run.configJson) as { model?: { forecaster?: unknown } }
  if (raw.model?.forecaster === undefined) return null
  return parseStoredChoice(run.choiceJson) ?? slimChoice(r.rebuilt.evaluation.choice)
}

export function forecastExportOf(store: RunReader, r: RebuiltRun): ForecastExport {
  const ev = r.rebuilt.evaluation
  const t = ev.test
  const { prep } = r.rebuilt.run
  const classification = prep.fitted.target.kind === 'classification'
  const K = t?.classes?.length ?? 1
  const names = t ? Object.keys(t.baselines) : []
  // Classification exports P(class 1) for binary targets, the most likely class otherwise (which the
  // files name) with every class's probability.
  const score = (a: Float64Array, i: number) => (!classification ? a[i]! : K === 2 ? a[i * 2 + 1]! : argmax(a, i, K))
  // a yes/no target read from words (no, yes): its actual in them (csvClassesOf's rule)
  const classes = csvClassesOf(r.config.data.target, prep.fitted.target, yesNoWords(r.dataset, r.config.data.target))?.classes ?? null
  const rows = t ? Array.from(t.rows, (row, i) => {
    const f = ev.forecasts[i]!
    return { time: prep.time ? prep.time[row]! : null, row, step: f.step, forecast: f.value, lower: f.lower, upper: f.upper, actual: f.actual, baselines: names.map((n) => score(t.baselines[n]!, i)), ...(classification && K > 2 ? { probs: Array.from(t.yhat.subarray(i * K, (i + 1) * K)) } : {}) }
  }) : []
  return {
    runName: r.name,
    target: r.config.data.target,
    task: r.config.data.task,
    intervalLevel: ev.intervalHalfWidth === null ? null : r.config.interval.level,
    baselineNames: names,
    rows,
    metrics: store.metrics.list(r.runId),
    config: r.config,
    data: dataSummaryOf(r),
    choice: r.config.data.task === 'regression' ? choiceOf(store, r) : null,
    unit: targetUnit(store, r),
    // as stored when the run trained: a run stored before has none, and shows no warning
    range: parseTargetRange(store.runs.get(r.runId).rangeJson),
    ...(r.remade ? { remade: r.remade } : {}),
    ...keptNotices(store, r.runId),
    classes,
    // the data's times carried an offset: the files write it (../data/time-cell)
    timeZone: seriesZoneMark(r.dataset, runTimeColumn(r.config.data, r.dataset), r.config.data.series),
    // two classes: the threshold kept with the run (none for runs stored before schema 14), the test
    // rows at it beside 0.5, its rows of the class counted in the data file's words
    threshold: classification && K === 2 ? thresholdSummary(storedThreshold(store.runs.get(r.runId)), rows.map((x) => ({ value: x.forecast, actual: x.actual })), whereClassHolds(r.config.data.target, classes)) : null,
    // the per-row Brier differences kept with it: the verdict's "level" (none for runs stored before)
    noise: classification ? storedTestNoise(store.runs.get(r.runId)) : null
  }
}

/** The unit the user gave the run's target column, or null. */
export function targetUnit(store: RunReader, r: RebuiltRun): string | null {
  const datasetId = store.runs.get(r.runId).datasetId
  return store.datasets.list().find((d) => d.id === datasetId)?.columns.find((c) => c.name === r.config.data.target)?.unit ?? null
}

export function reportInputOf(store: RunReader, r: RebuiltRun): ReportInput {
  const fx = forecastExportOf(store, r)
  const t = r.rebuilt.evaluation.test
  let classification: ReportInput['classification'] = null
  if (t?.classes) {
    const K = t.classes.length
    const confusion = t.classes.map(() => new Array<number>(K).fill(0))
    for (let i = 0; i < t.y.length; i++) if (t.y[i]! >= 0) confusion[t.y[i]!]![argmax(t.yhat, i, K)]!++
    // an ROC curve is drawn for two classes (class 1 against 0), as the app's Evaluate draws it:
    // with more, one class against the rest would contradict the table's AUC (their mean)
    // the confusion matrix's classes as a person reads them: a yes/no target's in its data file's words
    classification = { labels: fx.classes ? [...classLabels(fx.classes)] : t.classes, confusion, roc: K === 2 ? rocCurve(Array.from(t.y, (y) => (y === 1 ? 1 : 0)), Array.from({ length: t.y.length }, (_, i) => t.yhat[i * K + 1]!)) : null }
  }
  return {
    title: r.name,
    appVersion: r.appVersion,
    createdAt: r.createdAt,
    task: r.config.data.task,
    target: r.config.data.target,
    config: r.config,
    data: fx.data,
    epochs: store.epochs.list(r.runId).map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, valLoss: e.valLoss, gradNorm: e.gradNorm, gradFlow: e.gradFlow ? Array.from(e.gradFlow) : null })),
    bestEpoch: r.bestEpoch,
    metrics: fx.metrics,
    baselineNames: fx.baselineNames,
    forecast: fx.rows,
    intervalLevel: fx.intervalLevel,
    intervalCoverage: r.rebuilt.evaluation.intervalCoverage,
    choice: fx.choice ?? null,
    unit: fx.unit ?? null,
    range: fx.range ?? null,
    ...(r.remade ? { remade: r.remade } : {}),
    ...(fx.notices ? { notices: fx.notices } : {}),
    classes: fx.classes ?? null,
    classification,
    threshold: fx.threshold ?? null,
    noise: fx.noise ?? null,
    explanation: explanationOf(r),
    timeZone: fx.timeZone ?? null,
    // the report is the app's as much as fw's: it says how training ended in the app's words
    ending: endingSummary(store.runs.get(r.runId), 'app')
  }
}

/** The report's explanation: the forecast past the end and importance on up to 500 validation
 *  windows (about 2 s for the default model); null for classification. */
export function explanationOf(r: RebuiltRun, opts: ExplainRunOptions = {}): RunExplanation | null {
  if (r.config.data.task !== 'regression') return null
  return explainRun({ model: r.rebuilt.model, prep: withKnownTail(r), lookback: r.config.data.lookBack, horizon: r.config.data.horizon, direct: r.config.data.direct, choice: r.rebuilt.evaluation.choice ?? null }, opts)
}

/** The run's prepared rows with the led values of its known inputs on its last rows, where its
 *  dataset gives them (the calendar of the days past the end, the rows after the last target
 *  value), as a forecast past the end reads them: the training pipeline cut those rows, so its
 *  last rows hold NaN there. The prepared rows as they are when nothing is led or given. */
function withKnownTail(r: RebuiltRun): Prepared {
  const prep = r.rebuilt.run.prep
  const led = prep.fitted.inputs.filter((b) => b.known && (b.lead ?? 0) > 0)
  if (!led.length) return prep
  let tail: Float32Array
  try {
    const m = loadModelFile(r.rebuilt.modelFile)
    const a = applyFitted(r.dataset, m.config, m.fitted)
    if (a.N !== prep.N || a.D !== prep.D) return prep
    tail = knownTail(m, a)
  } catch {
    return prep // the data does not apply (it did for training): the rows as the run has them
  }
  const inputs = Float32Array.from(prep.inputs)
  const D = prep.D
  for (const b of led)
    for (let row = Math.max(0, prep.N - b.lead!); row < prep.N; row++) inputs.set(tail.subarray(row * D + b.offset, row * D + b.offset + b.size), row * D + b.offset)
  return { ...prep, inputs }
}

export function onnxOf(r: RebuiltRun): Uint8Array {
  const { data } = r.config
  return pipelineOnnx(r.rebuilt.model, r.rebuilt.run.prep.fitted, { target: data.target, lookBack: data.lookBack, horizon: data.horizon, appVersion: r.appVersion, task: data.task, choice: r.rebuilt.evaluation.choice, domain: r.rebuilt.evaluation.range?.domain ?? null, calendar: r.rebuilt.run.prep.config.calendar ?? null, resample: r.rebuilt.run.prep.config.time.resample, timeColumn: r.rebuilt.run.prep.config.time.column, duplicates: r.rebuilt.run.prep.config.time.duplicates, missing: r.rebuilt.run.prep.config.missing })
}

/** The ONNX graph of a network with its fitted pipeline: a stored run's (onnxOf) or a model file's
 *  (`fw export --from model.json`), the same bytes for the same run. */
export function pipelineOnnx(model: Model, fitted: FittedPipeline, o: { target: string; lookBack: number; horizon: number; appVersion: string; task: OnnxTask; choice: ForecastChoice | null | undefined; calendar?: CalendarConfig | null; resample?: TimeConfig['resample']; timeColumn?: string | null; duplicates?: TimeConfig['duplicates']; missing?: PipelineConfig['missing']; domain?: Domain | null }): Uint8Array {
  return exportOnnx(model, {
    scaling: onnxScalingFromPipeline(fitted),
    level: onnxLevelFromPipeline(fitted), // level-relative windows, log target: format 2
    featureNames: fitted.inputNames,
    target: o.target,
    lookBack: o.lookBack,
    horizon: o.horizon,
    appVersion: o.appVersion,
    task: o.task,
    runForecast: choiceNote(o.choice),
    leads: onnxLeadsFromPipeline(fitted),
    calendar: o.calendar ?? null,
    resample: o.resample ?? null,
    // the training rows' step: rows of another step are refused, as the JSON model file refuses them
    step: fitted.step ?? null,
    // the run's time column: a file without it is refused, as the JSON model file refuses it
    timeColumn: o.timeColumn ?? null,
    duplicates: o.duplicates ?? null,
    // the model file's fill of new rows: its rule per column and the training means and modes
    missing: o.missing ? { default: o.missing.default, columns: o.missing.columns, imputers: fitted.imputers, ...(fitted.gapFill ? { gapFill: fitted.gapFill } : {}) } : null,
    classes: fitted.target.kind === 'classification' ? { names: fitted.target.classes, rule: fitted.target.rule } : null,
    // clipped at 0 past the end where every training value is >= 0, as the model file clips
    domain: o.domain ?? null
  })
}

function choiceNote(c: ForecastChoice | null | undefined): { label: string; networkWeight: number; message: string } | null {
  return c ? { label: c.label, networkWeight: c.network, message: c.message } : null
}

/** ROC points by sweeping the threshold over the scores (ties move together). */
export function rocCurve(y01: number[], score: number[]): { fpr: number[]; tpr: number[]; auc: number | null } {
  const P = y01.filter((y) => y === 1).length
  const N = y01.length - P
  if (P === 0 || N === 0) return { fpr: [0, 1], tpr: [0, 1], auc: null }
  const order = score.map((s, i) => [s, y01[i]!] as const).sort((a, b) => b[0] - a[0])
  const fpr = [0]
  const tpr = [0]
  let tp = 0, fp = 0, auc = 0
  for (let i = 0; i < order.length; i++) {
    if (order[i]![1] === 1) tp++
    else fp++
    if (i === order.length - 1 || order[i + 1]![0] !== order[i]![0]) {
      auc += ((fp / N - fpr[fpr.length - 1]!) * (tp / P + tpr[tpr.length - 1]!)) / 2
      fpr.push(fp / N)
      tpr.push(tp / P)
    }
  }
  return { fpr, tpr, auc }
}

function argmax(a: Float64Array, i: number, K: number): number {
  let best = 0
  for (let k = 1; k < K; k++) if (a[i * K + k]! > a[i * K + best]!) best = k
  return best
}
