// A global model (one network across many series, core/train/global.ts) as ONE ONNX graph for all
// its series (core/export/onnx-global.ts): from a global model file, or from a stored global run,
// whose per-series pipelines are rebuilt from its stored dataset and config exactly as training
// prepared them (prepareGlobalRun: the same cuts, shared dates or per series, scalers fitted on each series' training rows)
// and whose weights are its best checkpoint. `fw export --run N --onnx FILE` calls storedGlobalOnnx.
import { andList } from '../data/words'
import { exportGlobalOnnx, onnxLeadsFromPipeline, onnxLevelFromPipeline, onnxScalingFromPipeline, type OnnxSeries } from '../export'
import type { FittedPipeline, PipelineConfig } from '../data'
import type { CalendarConfig } from '../data/calendar'
import type { TimeConfig } from '../data/series'
import { createModel, Rng, type Model } from '../engine'
import { resolveConfig, withStoredDefaults } from '../train/config'
import type { ForecastChoice } from '../train/choice'
import type { GlobalModel } from '../train/forecast-global'
import { prepareGlobalRun, seriesDomainOf } from '../train/global'
import type { Domain } from '../train/domain'
import type { OnSeries } from './global-run'
import { fromStoredDataset } from './datasets'
import type { GlobalRunReader } from './run-export'

/** forecastBy: what the run forecast the series with when not the network alone (a statistical
 *  model or a mix, chosen on its validation rows), else null. */
interface SeriesPipeline { key: string[]; label: string; fitted: FittedPipeline; forecastBy: string | null; time: TimeConfig; domain: Domain | null }
interface GlobalGraph { model: Model; columns: string[]; target: string; lookBack: number; horizon: number; appVersion: string; series: SeriesPipeline[]; calendar: CalendarConfig | null; missing: PipelineConfig['missing'] | null }

function onnxSeriesOf(s: SeriesPipeline): OnnxSeries {
  // its own training means and modes, and a seasonal target's gap fill, as a single-series file's 'missing'
  const missing = { imputers: s.fitted.imputers, ...(s.fitted.gapFill ? { gapFill: s.fitted.gapFill } : {}) }
  // and its training rows' step and grid: new rows of another step refused, put on the grid, as its JSON pipeline does
  return { key: s.key, label: s.label, scaling: onnxScalingFromPipeline(s.fitted), level: onnxLevelFromPipeline(s.fitted), forecastBy: s.forecastBy, missing, step: s.fitted.step ?? null, resample: s.time.resample, domain: s.domain }
}

const notNetwork = (c: ForecastChoice | null): string | null => (c && c.network < 1 ? c.label : null)

function globalOnnx(g: GlobalGraph): Uint8Array {
  const names = g.series[0]!.fitted.inputNames
  g.series.forEach((s) => {
    // prepareGlobal refuses series with other inputs; a hand-edited file could still differ
    if (s.fitted.inputNames.join('\u0000') !== names.join('\u0000')) throw new Error(`series ${s.label} has the inputs ${andList(s.fitted.inputNames)}, not ${andList(names)} as ${g.series[0]!.label}; one graph needs the same inputs for every series`)
  })
  // a classification's class names and rule, as a single-series graph carries them (run-export.ts pipelineOnnx)
  const t = g.series[0]!.fitted.target
  const classes = t.kind === 'classification' ? { task: 'classification' as const, classes: { names: t.classes, rule: t.rule } } : {}
  return exportGlobalOnnx(g.model, { ...classes, featureNames: names, target: g.target, lookBack: g.lookBack, horizon: g.horizon, appVersion: g.appVersion, seriesColumns: g.columns, series: g.series.map(onnxSeriesOf), leads: onnxLeadsFromPipeline(g.series[0]!.fitted), calendar: g.calendar, missing: g.missing, duplicates: g.series[0]!.time.duplicates, timeColumn: g.series[0]!.time.column })
}

/** The graph of a global model file (loadGlobalModelFile): its network and every series' stored pipeline. */
export function globalModelOnnx(gm: GlobalModel, appVersion: string): Uint8Array {
  const first = gm.series[0]!.m
  return globalOnnx({
    model: first.model, columns: gm.columns, target: first.config.target, lookBack: first.config.window.lookback, horizon: first.config.window.horizon, appVersion,
    series: gm.series.map((s) => ({ key: s.key, label: s.label, fitted: s.m.fitted, forecastBy: notNetwork(s.m.choice), time: s.m.config.time, domain: s.m.domain })),
    calendar: first.config.calendar ?? null,
    missing: first.config.missing
  })
}

/** The graph of stored global run `runId`: pipelines rebuilt from its dataset and config, weights
 *  of its best checkpoint (its last when it never validated). */
export function storedGlobalOnnx(store: GlobalRunReader, runId: number, onSeries?: OnSeries): Uint8Array {
  const run = store.runs.get(runId)
  const cp = store.checkpoints.load(runId, 'best') ?? store.checkpoints.load(runId, 'last')
  if (!cp) throw new Error(`run ${runId} has no saved weights yet (status ${run.status})`)
  const config = resolveConfig(withStoredDefaults(JSON.parse(run.configJson)), { stored: true })
  if (!config.data.series?.global) throw new Error(`run ${runId} is not a global run`)
  const g = prepareGlobalRun(config, fromStoredDataset(store.datasets.load(run.datasetId)), onSeries)
  const model = createModel(g.spec, new Rng(0))
  if (cp.weights.length !== model.params.length) throw new Error(`run ${runId}: stored weights have ${cp.weights.length} values, the model needs ${model.params.length}`)
  model.params.set(cp.weights)
  // what forecast each series, as the run stored it (null in runs stored before: the network)
  const stored = new Map(store.series.list(runId).map((r) => [JSON.stringify(r.key), r]))
  const forecastBy = (key: string[]): string | null => {
    const r = stored.get(JSON.stringify(key))
    return r?.forecastBy && r.forecastBy !== 'network' ? (r.forecastLabel ?? r.forecastBy) : null
  }
  return globalOnnx({
    model, columns: g.gp.columns, target: config.data.target, lookBack: config.data.lookBack, horizon: config.data.horizon, appVersion: run.appVersion,
    series: g.gp.parts.map((p) => ({ key: p.key, label: p.label, fitted: p.prep.fitted, forecastBy: forecastBy(p.key), time: p.prep.config.time, domain: seriesDomainOf(p.prep) })),
    calendar: g.gp.parts[0]?.prep.config.calendar ?? null,
    missing: g.gp.parts[0]?.prep.config.missing ?? null
  })
}
