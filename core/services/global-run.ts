// A global run (one network across every series of a long file, core/train/global.ts) as the run
// store keeps it, and back: the results finishRun writes, the summary read from runs.global_json,
// and the forecast files' input with the series id column(s) first. The CLI records global runs;
// main and the CLI read and export them through these.
import type { ForecastExport, ForecastExportRow, ReportInput } from '../export'
import type { SkippedSeries } from '../data/global'
import type { Dataset } from '../data/types'
import { StoreError, type RunResults, type SeriesInput, type SeriesRow, type Store } from '../store'
import type { SeriesSummary } from '../train/evaluate-series'
import type { GlobalResult } from '../train/global'
import type { TrainConfig } from '../train/types'
import { ForecastError } from '../train/forecast'
import { forecastGlobal, loadGlobalModelFile, type GlobalModel, type SeriesPoints } from '../train/forecast-global'
import { fromStoredDataset } from './datasets'

/** runs.global_json: what a global run's views need besides each series' row. */
export interface GlobalRunSummary {
  version: 1
  /** The series id column(s), e.g. ['store']. */
  columns: string[]
  /** The shared cut dates; null when each series was split on its own rows (cutMode 'series'). Runs
   *  stored before per-series cuts: always the dates, cutMode absent (read as 'dates'). */
  cuts: { valStart: string; testStart: string } | null
  cutMode: 'dates' | 'series'
  summary: SeriesSummary
  skipped: SkippedSeries[]
  notes: string[]
  /** Whether forecast `ts` values are times (ms) rather than row indices. */
  hasTime: boolean
}

const num = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null)

/** What store.finishRun keeps of a finished global run: the aggregate as the chosen forecasts' (and
 *  the network's alone, and naive's) test metrics, the summary (with how many series each forecaster
 *  was chosen for), every series with its scores, its choice and its test forecast, and the model
 *  file as the JSON text fw train --global writes to model.json (none when result.modelFile is null). */
export function globalRunResults(result: GlobalResult, config: TrainConfig, hasTime: boolean): RunResults {
  const m = result.summary
  const mean = (f: (s: GlobalResult['series'][number]) => number) => (result.series.length ? result.series.reduce((a, s) => a + f(s), 0) / result.series.length : null)
  const summary: GlobalRunSummary = { version: 1, columns: config.data.series!.columns, cuts: result.cuts, cutMode: result.cutMode, summary: m, skipped: result.skipped, notes: result.notes, hasTime }
  const series: SeriesInput[] = result.series.map((s, position) => ({
    position, key: s.key, label: s.label, rows: s.rows, season: s.season, n: s.test.n,
    mae: num(s.test.mae), mase: num(s.test.mase), naiveMae: num(s.test.naiveMae), naiveMase: num(s.test.naiveMase),
    seasonalNaiveMae: num(s.test.seasonalNaiveMae), intervalHalfWidth: num(s.intervalHalfWidth), coverage: num(s.intervalCoverage),
    beatsNaive: s.test.beatsNaive, beatsBestNaive: s.test.beatsBestNaive, forecasts: s.forecasts,
    forecastBy: s.forecastBy.chosen, forecastLabel: s.forecastBy.label, forecastNote: s.forecastBy.message,
    networkMae: num(s.network.mae), networkMase: num(s.network.mase)
  }))
  return {
    metrics: [
      { split: 'test', model: 'model', metric: 'mase', value: num(m.meanMase) },
      { split: 'test', model: 'model', metric: 'mae', value: num(mean((s) => s.test.mae)) },
      { split: 'test', model: 'network', metric: 'mase', value: num(m.network.meanMase) },
      { split: 'test', model: 'network', metric: 'mae', value: num(mean((s) => s.network.mae)) },
      { split: 'test', model: 'naive', metric: 'mase', value: num(m.meanNaiveMase) },
      { split: 'test', model: 'naive', metric: 'mae', value: num(mean((s) => s.test.naiveMae)) }
    ],
    forecasts: [],
    global: { summary, series, modelJson: result.modelFile == null ? null : globalModelJson(result.modelFile) }
  }
}

/** A global model file as JSON text: what fw train --global writes to model.json and the store keeps. */
export function globalModelJson(modelFile: unknown): string {
  return JSON.stringify(modelFile)
}

/** Global run `runId`'s model file as stored (JSON text); throws, saying to train it again, for a
 *  global run stored before model files were kept (migration 008), and for a run that is not global. */
export function storedGlobalModelJson(store: Store, runId: number): string {
  globalSummaryOf(store, runId)
  const json = store.runs.globalModel(runId)
  if (json === null) throw new StoreError('not-found', `run ${runId} was stored before global model files were kept; train it again`)
  return json
}

/** Global run `runId`'s model file, loaded and checked (loadGlobalModelFile) as fw forecast --model
 *  loads model.json; throws as storedGlobalModelJson does. */
export function storedGlobalModel(store: Store, runId: number, appVersion?: string): GlobalModel {
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
    return { version: 1, columns: g.columns, cuts: g.cutMode === 'series' ? null : g.cuts ?? { valStart: '', testStart: '' }, cutMode: g.cutMode === 'series' ? 'series' : 'dates', summary: g.summary, skipped: g.skipped ?? [], notes: g.notes ?? [], hasTime: g.hasTime !== false }
  } catch {
    return null
  }
}

/** The global run's summary; throws when run `runId` is not a global run. */
export function globalSummaryOf(store: Store, runId: number): GlobalRunSummary {
  const g = parseGlobalSummary(store.runs.get(runId).globalJson)
  if (!g) throw new Error(`run ${runId} is not a global run`)
  return g
}

/** Every series of global run `runId` forecast `steps` rows past the end of the run's own dataset,
 *  with its stored model file, as `fw forecast --model model.json --csv` (the same file) forecasts
 *  them: one block per series, and notes naming series the data lacks. */
export function storedGlobalForecast(store: Store, runId: number, steps: number, appVersion?: string, future?: Dataset): { gm: GlobalModel; blocks: SeriesPoints[]; notes: string[] } {
  const gm = storedGlobalModel(store, runId, appVersion)
  const dataset = fromStoredDataset(store.datasets.load(store.runs.get(runId).datasetId))
  return { gm, ...forecastGlobal(gm, dataset, steps, future) }
}

/** The forecast files' input for a global run: each series' stored test forecast, its id values
 *  first, and each series' scores (the XLSX's Series sheet). Built from the store alone: no rebuild
 *  of the network, so no per-row baseline columns (each series' naive MAE is in Series). `ahead`:
 *  blocks past the end (storedGlobalForecast), each after its series' test rows, actual empty. */
export function globalForecastExportOf(store: Store, runId: number, ahead: SeriesPoints[] = []): ForecastExport {
  const run = store.runs.get(runId)
  const g = globalSummaryOf(store, runId)
  const config = JSON.parse(run.configJson) as TrainConfig
  const series = store.series.list(runId)
  const dataset = store.datasets.list().find((d) => d.id === run.datasetId)
  const future = new Map(ahead.map((b) => [JSON.stringify(b.key), b.points]))
  const rows: ForecastExportRow[] = series.flatMap((s) => [
    ...store.series.forecasts(runId, s.position).map((f) => ({
      series: s.key, time: g.hasTime ? f.ts : null, row: g.hasTime ? null : f.ts, step: f.step, forecast: f.value, lower: f.lower, upper: f.upper, actual: f.actual, baselines: []
    })),
    ...(future.get(JSON.stringify(s.key)) ?? []).map((x) => ({
      series: s.key, time: x.time, row: x.time === null ? x.row : null, step: x.step, forecast: x.value, lower: x.lower, upper: x.upper, actual: null, baselines: []
    }))
  ])
  let start: number | null = null
  let end: number | null = null
  for (const r of rows) if (r.time !== null) (start = Math.min(start ?? r.time, r.time)), (end = Math.max(end ?? r.time, r.time))
  return {
    runName: run.name ?? `run ${runId}`,
    target: config.data.target,
    task: 'regression',
    intervalLevel: series.some((s) => s.intervalHalfWidth !== null) ? config.interval.level : null,
    baselineNames: [],
    rows,
    metrics: store.metrics.list(runId),
    config,
    data: { name: dataset?.name ?? `dataset ${run.datasetId}`, rows: dataset?.rowCount ?? 0, timeColumn: g.hasTime ? config.data.time ?? null : null, start, end, columns: [], splits: [] },
    choice: null,
    unit: dataset?.columns.find((c) => c.name === config.data.target)?.unit ?? null,
    range: null,
    seriesColumns: g.columns,
    seriesSummary: g.summary,
    seriesMetrics: series.map((s: SeriesRow) => ({ series: s.key, n: s.n, mae: s.mae, mase: s.mase, naiveMae: s.naiveMae, seasonalNaiveMae: s.seasonalNaiveMae, coverage: s.coverage, beatsNaive: s.beatsNaive, forecastBy: s.forecastBy, forecastLabel: s.forecastLabel }))
  }
}

/** The run report's input for a global run: its loss history, every series' scores in a table, and
 *  the first series' test forecast in the chart (a chart of 1,000 series would say nothing). */
export function globalReportInputOf(store: Store, runId: number): ReportInput {
  const fx = globalForecastExportOf(store, runId)
  const run = store.runs.get(runId)
  const first = store.series.list(runId)[0] ?? null
  const firstKey = JSON.stringify(first?.key ?? null)
  return {
    title: fx.runName,
    appVersion: run.appVersion,
    createdAt: run.createdAt,
    task: 'regression',
    target: fx.target,
    config: fx.config,
    data: fx.data,
    epochs: store.epochs.list(runId).map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, valLoss: e.valLoss, gradNorm: e.gradNorm, gradFlow: e.gradFlow ? Array.from(e.gradFlow) : null })),
    bestEpoch: store.checkpoints.load(runId, 'best')?.epoch ?? null,
    metrics: fx.metrics,
    baselineNames: [],
    forecast: fx.rows.filter((r) => JSON.stringify(r.series) === firstKey),
    intervalLevel: first?.intervalHalfWidth != null ? fx.intervalLevel : null,
    intervalCoverage: first?.coverage ?? null,
    choice: null,
    unit: fx.unit ?? null,
    range: null,
    classification: null,
    explanation: null,
    series: { columns: fx.seriesColumns ?? [], rows: fx.seriesMetrics ?? [], shown: first?.label ?? '', summary: fx.seriesSummary! }
  }
}
