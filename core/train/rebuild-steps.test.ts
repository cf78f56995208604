// A stored run's rebuild counts its steps (rebuildModelFile's `tell`: preparing the data,
// PREPARE_STEPS, then evaluate's EVALUATE_STEPS), which an export shows as its progress: the count
// told must reach its total exactly, one step at a time, for a regression and a classification,
// telling it must not change what is rebuilt, and on a long series the counts must come as the work
// is done: the network's paths by its calls, the splits' predictions by their windows, the outlier
// search by its passes, the intervals' quantiles by the residuals they sort.
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { importCsv, OUTLIER_PASSES, statOutliers } from '../data'
import { createModel, Rng } from '../engine'
import { resolveConfig } from './config'
import { EVALUATE_STEPS } from './evaluate'
import { PREPARE_STEPS, prepareRun } from './prepare'
import { inParts, inShares } from './progress'
import { rebuildModelFile } from './run'

/** The work done so far, counted where it is done: the network's calls (engine predict) and the
 *  outlier search's robust STL decompositions (stats stl), the residuals the intervals' quantiles
 *  sort (data's GrowingQuantile; `largest`: the most one sorted, every step's pooled). */
const work = vi.hoisted(() => ({ predict: 0, stl: 0, sorted: 0, largest: 0, arima: 0, mlIters: 0 }))
vi.mock('../engine', async (original) => {
  const m = await original<typeof import('../engine')>()
  return { ...m, predict: (...a: Parameters<typeof m.predict>) => (work.predict++, m.predict(...a)) }
})
vi.mock('../data/conformal', async (original) => {
  const m = await original<typeof import('../data/conformal')>()
  class GrowingQuantile extends m.GrowingQuantile {
    constructor(...a: ConstructorParameters<typeof m.GrowingQuantile>) {
      super(...a)
      work.sorted += a[0].length
      work.largest = Math.max(work.largest, a[0].length)
    }
  }
  return { ...m, GrowingQuantile }
})
vi.mock('../data/stats/arima-fit', async (original) => {
  const m = await original<typeof import('../data/stats/arima-fit')>()
  // every fit, and every iteration of a maximum-likelihood one (CSS-ML), counted whatever the caller asks
  return {
    ...m,
    fitArimaModel: (x: Parameters<typeof m.fitArimaModel>[0], o: Parameters<typeof m.fitArimaModel>[1], xreg: Parameters<typeof m.fitArimaModel>[2], method: Parameters<typeof m.fitArimaModel>[3], fixed?: Float64Array, traceIter?: (iter: number, value: number) => void) => {
      work.arima++
      return m.fitArimaModel(x, o, xreg, method, fixed, (i, v) => (method === 'CSS-ML' && work.mlIters++, traceIter?.(i, v)))
    }
  }
})
vi.mock('../data/stats/arima-diffs', async (original) => {
  const m = await original<typeof import('../data/stats/arima-diffs')>()
  // a decomposition made at once (stl) or pausing within (stlPausing, the outlier search's) counted alike
  return { ...m, stl: (...a: Parameters<typeof m.stl>) => (work.stl++, m.stl(...a)), stlPausing: (...a: Parameters<typeof m.stlPausing>) => (work.stl++, m.stlPausing(...a)) }
})

const text = readFileSync(new URL('../../resources/samples/co2-concentration.csv', import.meta.url), 'utf8')

describe('inParts', () => {
  it('inShares makes its parts as the share done grows, never more, and the rest at the end', () => {
    let calls = 0
    const p = inShares(4, () => void calls++)
    const seen = [[1, 8], [2, 8], [5, 8], [8, 8], [9, 8]].map(([d, t]) => (p.share(d!, t!), calls))
    p.end()
    expect(seen).toEqual([0, 1, 2, 4, 4])
    expect(calls).toBe(4)
  })

  it('makes its parts as the items are done, never more, and the rest at the end', () => {
    const made = (parts: number, n: number, done: number) => {
      let calls = 0
      const p = inParts(parts, n, () => void calls++)
      const seen: number[] = []
      for (let i = 0; i < done; i++) p.next(), seen.push(calls)
      p.end()
      return { seen, calls }
    }
    expect(made(5, 12, 12)).toEqual({ seen: [0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5], calls: 5 })
    expect(made(5, 3, 3)).toEqual({ seen: [1, 3, 5], calls: 5 })
    expect(made(5, 12, 6)).toEqual({ seen: [0, 0, 1, 1, 2, 2], calls: 5 }) // fewer items done: made up at the end
    expect(made(5, 0, 0)).toEqual({ seen: [], calls: 5 })
    expect(made(5, 3, 7)).toEqual({ seen: [1, 3, 5, 5, 5, 5, 5], calls: 5 }) // more items than said: no part more
  })
})

describe('the steps of a rebuild', () => {
  for (const task of ['regression', 'classification'] as const) {
    it(`${task}: told 1 to ${PREPARE_STEPS + EVALUATE_STEPS[task]} of ${PREPARE_STEPS + EVALUATE_STEPS[task]}, in order, the model file as without`, async () => {
      const ds = await importCsv(text, { fileName: 'co2-concentration.csv' })
      const config = resolveConfig({ data: { target: 'CO2', ...(task === 'classification' ? { rule: 'CO2 > 340' } : {}) }, model: { hiddenSize: 4 }, training: { epochs: 1 } })
      expect(config.data.task).toBe(task)
      const weights = Float32Array.from(createModel(prepareRun(config, ds).spec, new Rng(1)).params)
      const told: [number, number][] = []
      const r = rebuildModelFile(config, ds, weights, { appVersion: '0.1.0', bestEpoch: 1 }, undefined, (done, total) => told.push([done, total]))
      const total = PREPARE_STEPS + EVALUATE_STEPS[task]
      expect(told).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]))
      const plain = rebuildModelFile(config, ds, weights, { appVersion: '0.1.0', bestEpoch: 1 })
      expect(JSON.stringify(r.modelFile)).toBe(JSON.stringify(plain.modelFile))
    }, 60_000)
  }
})

describe("the statistical models' fits are counted as they go", () => {
  // ARIMA chosen, so refitted on every row as well: its search on the training rows (24 fits, the
  // last by maximum likelihood, 47 iterations, 1.7 s on a loaded machine) and that refit (70
  // iterations, 2.7 s) were each one step
  it("no count waits for more than a few of ARIMA's fits on the CO2 sample, or a fifth of one by maximum likelihood; the model file as without", async () => {
    const ds = await importCsv(text, { fileName: 'co2-concentration.csv' })
    const config = resolveConfig({ data: { target: 'CO2' }, model: { hiddenSize: 4, forecaster: 'arima' }, training: { epochs: 1 } })
    const weights = Float32Array.from(createModel(prepareRun(config, ds).spec, new Rng(1)).params)
    const gaps: { fits: number; iters: number }[] = []
    let last = { ...work }
    const r = rebuildModelFile(config, ds, weights, { appVersion: '0.1.0', bestEpoch: 1 }, undefined, () => {
      gaps.push({ fits: work.arima - last.arima, iters: work.mlIters - last.mlIters })
      last = { ...work }
    })
    expect(r.evaluation.choice?.members.map((x) => x.name)).toEqual(['arima'])
    expect(gaps.reduce((a, g) => a + g.fits, 0)).toBeGreaterThan(20) // its stepwise search, its refits
    expect(gaps.reduce((a, g) => a + g.iters, 0)).toBeGreaterThan(100)
    expect(Math.max(...gaps.map((g) => g.fits))).toBeLessThanOrEqual(4)
    expect(Math.max(...gaps.map((g) => g.iters))).toBeLessThanOrEqual(16)
    const plain = rebuildModelFile(config, ds, weights, { appVersion: '0.1.0', bestEpoch: 1 })
    expect(JSON.stringify(r.modelFile)).toBe(JSON.stringify(plain.modelFile))
  }, 120_000)
})

describe('the counts of a long series come as the work is done', () => {
  // 6,000 hourly rows (a daily season, a few spikes): 900 validation origins, four batches of the
  // network's paths, and an outlier search of seconds
  const hour = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 36e5).toISOString().slice(0, 19)
  const rows = Array.from({ length: 6000 }, (_, i) => `${hour(i)},${(100 + 10 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13) / 5 + (i % 1501 === 700 ? 80 : 0)).toFixed(2)}`)

  it('no count waits for a quarter of a batch of paths (K network calls), one pass of the outlier search or two sorts of the pooled residuals; the model file as without', async () => {
    const ds = await importCsv(['time,load', ...rows].join('\n'), { fileName: 'hourly.csv' })
    const config = resolveConfig({ data: { target: 'load' }, model: { hiddenSize: 4 }, training: { epochs: 1 } })
    const weights = Float32Array.from(createModel(prepareRun(config, ds).spec, new Rng(1)).params)
    const gaps: { predict: number; stl: number; sorted: number; done: number }[] = []
    let last = { ...work }
    const r = rebuildModelFile(config, ds, weights, { appVersion: '0.1.0', bestEpoch: 1 }, undefined, (done) => {
      gaps.push({ predict: work.predict - last.predict, stl: work.stl - last.stl, sorted: work.sorted - last.sorted, done })
      last = { ...work }
    })
    expect(gaps.map((g) => g.done)).toEqual(Array.from({ length: PREPARE_STEPS + EVALUATE_STEPS.regression }, (_, i) => i + 1))
    // a batch of the validation or test paths is one network call per step ahead: no count waits
    // for a quarter of it, nor for as many of the training split's batches of predictions (one call
    // each; it has more)
    const K = r.run.steps
    expect(K).toBeGreaterThan(1)
    expect(r.evaluation.choice?.validation.length).toBeGreaterThan(0)
    expect(Math.ceil(r.run.sources.train.count / 256)).toBeGreaterThan(K / 4)
    expect(Math.max(...gaps.map((g) => g.predict))).toBeLessThanOrEqual(K / 4)
    // one pass of tsoutliers: its STL, and na.interp's
    expect(Math.max(...gaps.map((g) => g.stl))).toBeLessThanOrEqual(2)
    expect(gaps.reduce((a, g) => a + g.stl, 0)).toBeGreaterThan(4)
    // the intervals' quantiles: no count waits for two sorts of every step's residuals pooled (the
    // three pooled quantiles were one step, validation's and the test's calibration alike)
    expect(work.largest).toBeGreaterThan(1000)
    expect(Math.max(...gaps.map((g) => g.sorted))).toBeLessThan(2 * work.largest)
    const plain = rebuildModelFile(config, ds, weights, { appVersion: '0.1.0', bestEpoch: 1 })
    expect(JSON.stringify(r.modelFile)).toBe(JSON.stringify(plain.modelFile))
  }, 120_000)

  it("statOutliers counts each half of tsoutliers' passes: after the seasonal decomposition, and after the smoother", () => {
    const y = Float64Array.from(rows, (l) => Number(l.split(',')[1]))
    const at: number[] = [] // the STL decompositions made by each count
    const from = work.stl
    statOutliers(y, 24, true, () => void at.push(work.stl - from))
    // on the values, then on the logs: a pass's decomposition, a count, its smoother, a count; the
    // gaps filled (na.interp's decomposition) before the second pass; then a count once the flagged
    // values are judged as spikes or not, each round filling the gaps again (a decomposition)
    expect(at).toEqual([1, 1, 3, 3, 4, 4, 6, 6, 7])
    expect(at).toHaveLength(OUTLIER_PASSES)
    for (let i = 0; i < at.length - 1; i += 2) expect(at[i + 1]).toBe(at[i]) // no decomposition in a smoother's half
    expect(work.stl - from - at.at(-1)!).toBeLessThanOrEqual(1) // after the last count: the replacements' gaps filled, at most
  })

  it('statOutliers tells its OUTLIER_PASSES passes, those not needed at the end, and finds what it finds without', () => {
    const y = Float64Array.from(rows, (l) => Number(l.split(',')[1]))
    for (const series of [y, y.subarray(0, 4), new Float64Array(100)]) {
      let told = 0
      const counted = statOutliers(series, 24, true, () => void told++)
      expect(told).toBe(OUTLIER_PASSES)
      expect(counted).toEqual(statOutliers(series, 24))
    }
  })
})
