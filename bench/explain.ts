// Explanation speed (issue 16): integrated gradients of one forecast with m = 32 Gauss-Legendre
// nodes for the default model (LSTM 1×32, look-back 14, the Seattle sample's 9 inputs; weights at
// their seeded initialisation, which does not change the cost), global importance over 500 windows,
// and permutation importance of the network over the same windows; then an ARIMA member's
// permutation importance on 5000 and 20000 rows (arimaMember). Targets: ~50 ms and a few
// seconds. Not a test: figures only, with the completeness gap seen.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { importCsv } from '../core/data/import'
import { createModel, Rng } from '../core/engine'
import { resolveConfig } from '../core/train/config'
import { fitStat } from '../core/data'
import { ARIMA_LIMITS } from '../core/train/choice'
import { defaultBaseline, globalImportance, integratedGradients, networkForecaster, permutationImportance, statForecaster, windowAt, type ExplainSubject } from '../core/train/explain'
import { prepareRun } from '../core/train/prepare'
import type { SectionOptions } from './index'

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!

export async function run(opts: SectionOptions): Promise<Record<string, unknown>> {
  const csv = readFileSync(join(opts.repoRoot, 'resources/samples/seattle-weather.csv'), 'utf8')
  const ds = await importCsv(csv, { fileName: 'seattle-weather.csv' })
  const config = resolveConfig({ data: { target: 'temp_max', features: ['precipitation', 'temp_min', 'wind', 'weather'] } }) // what fw train picks untouched
  const prep = prepareRun(config, ds)
  const model = createModel(prep.spec, new Rng(config.training.seed))
  const L = config.data.lookBack
  const { D, N } = prep.prep
  const s: ExplainSubject = { model, fitted: prep.prep.fitted, lookback: L, horizon: config.data.horizon, baseline: defaultBaseline(prep.prep.fitted, prep.prep.inputs) }
  const spec = `${prep.spec.cell} ${prep.spec.numLayers}×${prep.spec.hiddenSize}, L=${L}, D=${D}, ${model.dtype}`

  // one forecast, m = 32, the window past the end of the data
  const w = windowAt(s, prep.prep.inputs, N - 1)
  integratedGradients(s, w.x, w.anchor) // warm-up: workspaces for (L, B)
  const times: number[] = []
  let gap = 0
  for (let i = 0; i < (opts.quick ? 5 : 20); i++) {
    const t0 = performance.now()
    const a = integratedGradients(s, w.x, w.anchor, { steps: 32 })
    times.push(performance.now() - t0)
    gap = Math.abs(a.gap) / Math.max(1e-12, Math.abs(a.Fx - a.Fb))
  }
  const oneMs = median(times)
  opts.log(`explain: one forecast, 32 Gauss-Legendre nodes (${spec}): ${oneMs.toFixed(1)} ms median of ${times.length} (completeness gap ${gap.toExponential(1)} relative)`)

  // 500 windows (all splits: the sample's validation split alone holds fewer)
  const W = opts.quick ? 100 : 500
  const ends = Array.from({ length: W }, (_, i) => L - 1 + Math.floor((i * (N - L - 1)) / W))
  const xs = new Float64Array(W * L * D) // (W, L, D)
  const abs = new Float64Array(W * L * D) // (W, L, D) not anchored
  const anchors = new Float64Array(W) // (W)
  ends.forEach((e, i) => {
    const a = windowAt(s, prep.prep.inputs, e)
    xs.set(a.x, i * L * D)
    abs.set(prep.prep.inputs.subarray((e - L + 1) * D, (e + 1) * D), i * L * D)
    anchors[i] = a.anchor
  })
  let t0 = performance.now()
  const g = globalImportance(s, xs, anchors, { steps: 32 })
  const globalS = (performance.now() - t0) / 1000
  opts.log(`explain: global importance over ${W} windows, m = 32: ${globalS.toFixed(2)} s (effective memory ${g.effectiveMemory} of ${L} rows, mean |gap| ${g.meanAbsGap.toExponential(1)})`)

  const groups = s.fitted.inputs.map((b) => ({ name: b.column, columns: Array.from({ length: b.size }, (_, k) => b.offset + k) }))
  const actual = ends.map((e) => prep.prep.targetRaw[e + 1]!)
  t0 = performance.now()
  permutationImportance(networkForecaster(s), abs, W, L, D, actual, groups, { by: 'feature', repeats: 3, rng: new Rng(1) })
  const permS = (performance.now() - t0) / 1000
  opts.log(`explain: permutation importance, ${groups.length} inputs × 3 repeats over ${W} windows: ${permS.toFixed(2)} s`)
  const members = [5000, 20_000].map((n) => arimaMember(n, W, L, opts))
  return { model: spec, oneForecastMs: oneMs, oneForecastGapRelative: gap, windows: W, globalImportanceS: globalS, permutationS: permS, effectiveMemory: g.effectiveMemory, lookback: L, arimaMember: members }
}

/**
 * An ARIMA member's permutation importance per lag (3 repeats, L lags: 1 + 3 L forecaster calls) on
 * an n-row series (a random walk with AR(1) steps, a weekly wave and noise), the model fitted on the
 * first 2800 rows as a run fits it (at most ARIMA_MAX_ROWS), W windows evenly over the rows after
 * them, stepped from the states saved before each window (windowForecaster). Window by window (a
 * Kalman pass from row 0 for each window and call, the path before) it took 105 s and 223 s.
 */
function arimaMember(n: number, W: number, L: number, opts: SectionOptions): Record<string, unknown> {
  const rng = new Rng(7)
  const y = new Float64Array(n) // (n)
  let e = 0
  let level = 100
  for (let t = 0; t < n; t++) {
    e = 0.5 * e + rng.normal()
    level += 0.02 + e
    y[t] = level + 4 * Math.sin((2 * Math.PI * t) / 7) + rng.normal()
  }
  const fit = fitStat('arima', y.subarray(0, 2800), null, ARIMA_LIMITS)
  const ends = Array.from({ length: W }, (_, i) => 2800 + Math.floor((i * (n - 2802)) / W))
  const windows = new Float64Array(W * L) // (W, L, 1)
  ends.forEach((o, i) => windows.set(y.subarray(o - L + 1, o + 1), i * L))
  const actual = ends.map((o) => y[o + 1]!)
  const t0 = performance.now()
  permutationImportance(statForecaster(fit, y, ends, L, 1), windows, W, L, 1, actual, [{ name: 'y', columns: [0] }], { by: 'lag', repeats: 3, rng: new Rng(1) })
  const savedS = (performance.now() - t0) / 1000
  const calls = 1 + 3 * L
  opts.log(`explain: ${fit.label} member on ${n} rows, permutation importance over ${W} windows (${calls} calls): ${savedS.toFixed(2)} s`)
  return { rows: n, label: fit.label, windows: W, calls, permutationS: savedS }
}
