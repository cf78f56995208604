// One global network across every series of a long file (issue 13, item 3): prepareGlobal lays the
// series end to end (same cut dates, per-series scalers, no window across a boundary), fit trains
// one network on all their windows, and each series is scored on its own test windows against its
// own naive and seasonal-naive forecasts. The statistical-model choice (choice.ts) is per single
// series and is NOT applied here: the forecast is the network's, and every result says so.
import { fitConformal, gatherBatch, scaledToTarget, type PipelineConfig, type SplitName } from '../data'
import type { Dataset } from '../data'
import { prepareGlobal, type GlobalPrepared, type SkippedSeries } from '../data/global'
import { Rng, createModel, predict, serializeModel, type Model, type ModelSpec } from '../engine'
import { scoreSeries, summariseSeries, type SeriesScore, type SeriesSummary } from './evaluate-series'
import { fit, type FitHooks, type GradientProvider, type WindowSource } from './fit'
import { modelSpecOf, toPipelineConfig } from './prepare'
import { resolveSeason } from './season'
import type { ForecastRow, TrainConfig } from './types'

export const GLOBAL_CHOICE_NOTE = 'the statistical-model choice (ETS, Theta, ARIMA) is not applied to global runs yet: the forecast is the network\'s, scored per series against naive and seasonal naive'

export interface GlobalRun {
  gp: GlobalPrepared
  pipelineConfig: PipelineConfig
  spec: ModelSpec
  sources: Record<SplitName, WindowSource>
}

export interface SeriesResult {
  key: string[]
  label: string
  rows: number
  season: number
  test: SeriesScore
  /** Split-conformal half-width of this series' h-step forecasts, from its validation windows (null: too few). */
  intervalHalfWidth: number | null
  /** Share of this series' test targets inside the interval (null without an interval). */
  intervalCoverage: number | null
  /** Its test windows' forecasts (predictions.csv). */
  forecasts: ForecastRow[]
}

export interface GlobalResult {
  epochsRun: number
  bestEpoch: number
  stoppedEarly: boolean
  cuts: { valStart: string; testStart: string }
  series: SeriesResult[]
  summary: SeriesSummary
  skipped: SkippedSeries[]
  notes: string[]
  modelFile: unknown
}

export function prepareGlobalRun(cfg: TrainConfig, ds: Dataset): GlobalRun {
  const s = cfg.data.series
  if (!s?.global) throw new Error('prepareGlobalRun needs data.series.global')
  const pipelineConfig = toPipelineConfig({ ...cfg, data: { ...cfg.data, series: undefined } }, ds)
  const gp = prepareGlobal(ds, pipelineConfig, s.columns, s.global.short, s.global.oneHot === true)
  const spec = modelSpecOf(cfg, gp.D, 'mse', 1)
  const source = (split: SplitName): WindowSource => ({
    count: gp.windows[split].starts.length,
    batch: (indices) => gatherBatch(gp, gp.windows[split], indices)
  })
  return { gp, pipelineConfig, spec, sources: { train: source('train'), val: source('val'), test: source('test') } }
}

/** The network's output for the forecast h rows ahead of each window of a split: (W). */
function hStepOutputs(model: Model, src: WindowSource, batchSize = 256): Float64Array {
  const O = model.spec.outputSize // direct models: h outputs, the last one is step h
  const y = new Float64Array(src.count) // (W)
  for (let from = 0; from < src.count; from += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, src.count - from) }, (_, i) => from + i)
    const b = src.batch(idx)
    const out = predict(model, b.x, b.T, b.B) // per-step (T, B, O) | final (B, O)
    const base = model.spec.outputMode === 'per-step' ? (b.T - 1) * b.B * O : 0
    for (let i = 0; i < b.B; i++) y[from + i] = out[base + i * O + O - 1]!
  }
  return y
}

/** Per series: forecasts in original units at each window's h-step target, with the actuals and
 *  the naive and seasonal-naive forecasts from the same origins. */
function seriesWindows(run: GlobalRun, split: SplitName, out: Float64Array, p: number, k0: number, season: number) {
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
  for (let i = 0; i < n; i++) {
    const origin = w.starts[k0 + i]! - part.offset + w.lookback - 1
    rows[i] = origin + h
    y[i] = prep.targetRaw[origin + h]!
    yhat[i] = scaledToTarget(t, t.relative ? out[k0 + i]! + prep.target[origin]! : out[k0 + i]!)
    naive[i] = prep.targetRaw[origin]!
    snaive[i] = lag > 0 && origin + h - lag >= 0 ? prep.targetRaw[origin + h - lag]! : NaN
  }
  return { rows, y, yhat, naive, snaive: lag > 0 ? snaive : null }
}

export function evaluateGlobal(model: Model, run: GlobalRun, season: 'auto' | number, level: number): { series: SeriesResult[]; summary: SeriesSummary } {
  const { gp } = run
  const val = hStepOutputs(model, run.sources.val)
  const test = hStepOutputs(model, run.sources.test)
  let kv = 0
  let kt = 0
  const series = gp.parts.map((part, p) => {
    const prep = part.prep
    const train = prep.splits.train
    const trainY = prep.targetRaw.subarray(train.start, train.end)
    const m = resolveSeason(season, prep.time, trainY)
    const v = seriesWindows(run, 'val', val, p, kv, m)
    const s = seriesWindows(run, 'test', test, p, kt, m)
    kv += v.y.length
    kt += s.y.length
    const q = fitConformal(Float64Array.from(v.y, (y, i) => y - v.yhat[i]!), 1, level).q[0]!
    const hw = Number.isFinite(q) ? q : null
    let inside = 0
    for (let i = 0; i < s.y.length; i++) if (hw !== null && Math.abs(s.y[i]! - s.yhat[i]!) <= hw) inside++
    const forecasts: ForecastRow[] = Array.from(s.rows, (r, i) => ({
      ts: prep.time ? prep.time[r]! : r, step: gp.windows.test.horizon, value: s.yhat[i]!,
      lower: hw === null ? null : s.yhat[i]! - hw, upper: hw === null ? null : s.yhat[i]! + hw, actual: s.y[i]!
    }))
    return {
      key: part.key, label: part.label, rows: prep.N, season: m,
      test: scoreSeries({ y: s.y, yhat: s.yhat, naive: s.naive, seasonalNaive: s.snaive, trainY }),
      intervalHalfWidth: hw, intervalCoverage: hw === null ? null : inside / s.y.length, forecasts
    }
  })
  return { series, summary: summariseSeries(series.map((s) => s.test)) }
}

/** The model file of a global run: one network, and per series its pipeline (config with the
 *  shared cut dates, scalers fitted on its training rows) and interval, under pipeline.global. */
export function globalModelFile(model: Model, run: GlobalRun, config: TrainConfig, series: SeriesResult[], meta: { appVersion: string; bestEpoch: number }) {
  const { gp } = run
  const half = new Map(series.map((s) => [s.label, s.intervalHalfWidth]))
  return serializeModel(model, {
    pipeline: {
      global: {
        version: 1,
        columns: gp.columns,
        cuts: isoCuts(gp),
        series: gp.parts.map((p) => ({ key: p.key, label: p.label, config: p.prep.config, fitted: p.prep.fitted, intervalHalfWidth: half.get(p.label) ?? null })),
        skipped: gp.skipped
      },
      level: config.interval.level
    },
    meta: { ...meta, trainConfig: config, loss: 'mse' }
  })
}

const isoCuts = (gp: GlobalPrepared) => ({ valStart: new Date(gp.cuts.valStart).toISOString(), testStart: new Date(gp.cuts.testStart).toISOString() })

/** Prepare, fit, score per series and write the model file; null when cancelled through hooks. */
export async function runGlobalTraining(input: { config: TrainConfig; dataset: Dataset; appVersion?: string; gradients?: GradientProvider }, hooks: FitHooks): Promise<GlobalResult | null> {
  const { config } = input
  const run = prepareGlobalRun(config, input.dataset)
  const { sources, spec, gp } = run
  hooks.emit({
    type: 'started',
    epochs: config.training.epochs,
    windows: { train: sources.train.count, val: sources.val.count, test: sources.test.count },
    paramCount: createModel(spec, new Rng(0)).params.length,
    notices: [`one global model across ${gp.parts.length} series of "${gp.columns.join(', ')}", cut at ${isoCuts(gp).valStart} (validation) and ${isoCuts(gp).testStart} (test)`, ...gp.notices.map((n) => n.message)]
  })
  const outcome = await fit(sources.train, sources.val.count > 0 ? sources.val : null, { spec, loss: 'mse', training: config.training, gradients: input.gradients }, hooks)
  if (outcome.cancelled) return null
  const { series, summary } = evaluateGlobal(outcome.model, run, config.data.season, config.interval.level)
  const modelFile = globalModelFile(outcome.model, run, config, series, { appVersion: input.appVersion ?? 'unknown', bestEpoch: outcome.bestEpoch })
  return {
    epochsRun: outcome.epochsRun, bestEpoch: outcome.bestEpoch, stoppedEarly: outcome.stoppedEarly,
    cuts: isoCuts(gp), series, summary, skipped: gp.skipped, notes: [GLOBAL_CHOICE_NOTE], modelFile
  }
}
