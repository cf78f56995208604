// The honest choice per series of a global run (issue 13 with issue 12's choice): each series'
// statistical models are fitted on its training rows alone and compared on its validation rows with
// the global network's forecasts of it; a random walk falls back to naive, saying so; a strongly
// seasonal series the network barely learned goes to the statistical models; the model file keeps
// each series' choice and fw forecast / fw predict apply it; files from before still forecast with
// the network.
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { fitStat, importCsv, restoreStat, withReplaced, type ReplacedValue, type StatName, type StoredStat } from '../data'
import { blend, runStatJob, type StatFitter } from './choice'
import { resolveConfig } from './config'
import { forecastGlobal, loadGlobalModelFile } from './forecast-global'
import { evaluateGlobal, prepareGlobalRun, runGlobalTraining, type GlobalResult } from './global'
import { Rng, createModel } from '../engine'
import { progressWords } from './progress'
import type { TrainEvent } from './types'

const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }
const N = 210

function gauss(seed: number): () => number {
  let s = seed
  const u = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1)
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())
}

/** 'walk': a pure random walk; 'season': a weekly cycle of amplitude 30 with little noise. */
function values(): Record<string, number[]> {
  const g = gauss(11)
  const walk: number[] = []
  let level = 500
  for (let i = 0; i < N; i++) walk.push((level += 5 * g()))
  const season = Array.from({ length: N }, (_, i) => 100 + 30 * Math.sin((2 * Math.PI * i) / 7) + 0.5 * g())
  return { walk, season }
}

const csvOf = (v: Record<string, number[]>) => ['id,date,y', ...Object.entries(v).flatMap(([k, ys]) => ys.map((y, i) => `${k},${day(i)},${y.toFixed(4)}`))].join('\n') + '\n'

async function train(v: Record<string, number[]>, forecaster: 'auto' | 'combination' = 'auto') {
  const ds = await importCsv(csvOf(v), { fileName: 'two.csv', series: ['id'] })
  // a network too small and too briefly trained to learn the cycle
  const config = resolveConfig({
    data: { target: 'y', features: [], lookBack: 7, horizon: 1, season: 7, series: { columns: ['id'], values: null, global: { short: 'skip', oneHot: false } } },
    training: { epochs: 1, seed: 1 },
    model: { hiddenSize: 2, forecaster }
  })
  const r = (await runGlobalTraining({ config, dataset: ds }, hooks))!
  return { ds, r }
}

const of = (r: GlobalResult, label: string) => r.series.find((s) => s.label === label)!

describe('global runs: the choice per series', () => {
  it('forecasts a random walk by naive with a note, and a seasonal series the network missed by the statistical models', async () => {
    const { r } = await train(values())
    const walk = of(r, 'id = walk')
    expect(walk.forecastBy.chosen).toBe('naive')
    expect(walk.forecastBy.message).toContain('random walk')
    // naive's forecast is the last value: the chosen test forecasts are naive's
    expect(walk.test.mae).toBeCloseTo(walk.test.naiveMae, 9)
    const season = of(r, 'id = season')
    expect(['combination', 'ets', 'theta', 'seasonal-naive']).toContain(season.forecastBy.chosen)
    expect(season.forecastBy.message).toContain('the network lost')
    // the series' scores are the chosen forecast's; the network's own stay beside them
    expect(season.test.mase).toBeLessThan(season.network.mase / 3)
    expect(season.forecasts.map((f) => f.value)).not.toEqual(expect.arrayContaining([NaN]))
    expect(r.summary.forecastBy).toEqual({ naive: 1, [season.forecastBy.chosen]: 1 })
    expect(r.summary.network.meanMase).toBeCloseTo((walk.network.mase + season.network.mase) / 2, 12)
    expect(r.summary.meanMase).toBeCloseTo((walk.test.mase + season.test.mase) / 2, 12)
    expect(r.summary.meanMase!).toBeLessThan(r.summary.network.meanMase!)
  }, 60_000)

  it("keeps the chosen forecasts' validation GMRAE and how many series give the network weight (what a sweep ranks by)", async () => {
    const { r } = await train(values())
    // neither series' forecast is the network's: the swept network settings change nothing here
    expect(r.summary.validation).toEqual({ gmrae: expect.any(Number), networkSeries: 0 })
    // the walk's forecast is naive's, so its ratio is 1; the season's is the statistical models'
    expect(r.summary.validation!.gmrae!).toBeGreaterThan(0)
    expect(r.summary.validation!.gmrae!).toBeLessThan(1)
    const ds = await importCsv(csvOf(values()), { fileName: 'two.csv', series: ['id'] })
    const config = resolveConfig({
      data: { target: 'y', features: [], lookBack: 7, horizon: 1, season: 7, series: { columns: ['id'], values: null, global: { short: 'skip', oneHot: false } } },
      training: { epochs: 1, seed: 1 },
      model: { hiddenSize: 2, forecaster: 'network' }
    })
    const n = (await runGlobalTraining({ config, dataset: ds }, hooks))!
    expect(n.summary.validation!.networkSeries).toBe(2)
  }, 60_000)

  it('fits each series\' statistical models on its training rows only: its validation and test values change no fitted parameter', async () => {
    const v = values()
    const a = await train(v, 'combination')
    // validation and test rows of the seasonal series: from the validation cut on
    const cut = a.r.cuts!.valStart.slice(0, 10)
    const from = Array.from({ length: N }, (_, i) => day(i)).indexOf(cut)
    expect(from).toBeGreaterThan(100)
    const changed = { ...v, season: v.season.map((y, i) => (i >= from ? y * 3 + 40 : y)) }
    const b = await train(changed, 'combination')
    const fits = (r: GlobalResult) => {
      const file = r.modelFile as { pipeline: { global: { series: { label: string; choice: { members: { fit: StoredStat; full: StoredStat }[] } }[] } } }
      return file.pipeline.global.series.find((s) => s.label === 'id = season')!.choice.members as { name: StatName; fit: StoredStat; full: StoredStat }[]
    }
    expect(fits(a.r).length).toBeGreaterThanOrEqual(2)
    expect(fits(b.r).map((m) => m.fit)).toEqual(fits(a.r).map((m) => m.fit))
    // the forecast past the end refits them on every row of the series, as a single-series run does
    // (evaluate.ts chooseForecaster's refit: fitStat on all rows, the model's form chosen again, with
    // the outliers found among all of them replaced), so those fits do read the later rows
    const all = (x: number[]) => Float64Array.from(x, (y) => Number(y.toFixed(4))) // the CSV's values
    const outliersOf = (r: GlobalResult) => (r.modelFile as { pipeline: { global: { series: { label: string; choice: { outliers: { all: ReplacedValue[] } } }[] } } }).pipeline.global.series.find((s) => s.label === 'id = season')!.choice.outliers
    // the level shift of b is kept: at most the odd row beside it is replaced
    expect(outliersOf(b.r).all.length).toBeLessThanOrEqual(2)
    for (const [r, ys] of [[a.r, v.season], [b.r, changed.season]] as const)
      expect(fits(r).map((m) => m.full)).toEqual(fits(r).map((m) => fitStat(m.name, withReplaced(all(ys), outliersOf(r).all), 7).toJSON()))
    expect(fits(a.r).map((m) => m.full)).not.toEqual(fits(a.r).map((m) => m.fit))
    expect(fits(b.r).map((m) => m.full)).not.toEqual(fits(a.r).map((m) => m.full))
    // while the network did see another validation set: the runs differ where they may
    expect(of(b.r, 'id = season').test.mae).not.toBeCloseTo(of(a.r, 'id = season').test.mae, 3)
  }, 60_000)

  it('keeps each series\' choice in the model file: fw forecast and fw predict apply it per series', async () => {
    const { ds, r } = await train(values())
    const json = JSON.parse(JSON.stringify(r.modelFile))
    const gm = loadGlobalModelFile(json)
    const season = gm.series.find((s) => s.label === 'id = season')!
    const c = season.m.choice!
    expect(c.chosen).toBe(of(r, 'id = season').forecastBy.chosen)
    expect(c.network).toBe(0)
    // past the end: the members' refits on every row, weighted; the network takes no part
    const y = Float64Array.from(values().season, (v) => Number(v.toFixed(4))) // as the file holds it
    const parts = c.members.map((m) => restoreStat(m.full).forecastAt(y, Int32Array.of(y.length - 1), 5))
    const want = blend(null, 0, parts, c.members.map((m) => m.weight))
    const { blocks } = forecastGlobal(gm, ds, 5)
    const got = blocks.find((b) => b.label === 'id = season')!.points
    got.forEach((p, k) => expect(p.value).toBeCloseTo(want[k]!, 6))
    // the interval is the chosen forecaster's, calibrated on its paths
    expect(got[0]!.upper! - got[0]!.value).toBeCloseTo(season.m.ahead!.q[0]!, 9)
    // the walk: naive, its last value at every step
    for (const p of blocks.find((b) => b.label === 'id = walk')!.points) expect(p.value).toBeCloseTo(Number(values().walk[N - 1]!.toFixed(4)), 9)
    // every window (fw predict): the run's own test forecasts come back from the file
    const windows = forecastGlobal(gm, ds, null).blocks
    for (const s of r.series) {
      const pts = windows.find((b) => b.label === s.label)!.points
      for (const f of s.forecasts) expect(pts.find((p) => p.time === f.ts)!.value).toBeCloseTo(f.value, 6)
    }
  }, 60_000)

  it('refuses a forecaster that global runs do not fit per series (ARIMA) before training, naming the field', async () => {
    const ds = await importCsv(csvOf(values()), { fileName: 'two.csv', series: ['id'] })
    const config = resolveConfig({ data: { target: 'y', features: [], series: { columns: ['id'], values: null, global: { short: 'skip', oneHot: false } } }, model: { forecaster: 'arima' } })
    const started = vi.fn()
    await expect(runGlobalTraining({ config, dataset: ds }, { ...hooks, emit: started })).rejects.toThrow(/^model\.forecaster 'arima' is not fitted per series of a global run/)
    expect(started).not.toHaveBeenCalled()
  })

  /** Twelve seasonal series, one global run's data prepared, an untrained network. */
  async function twelveSeries() {
    const twelve = Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`s${k}`, values().season.map((y) => y + 10 * k)]))
    const ds = await importCsv(csvOf(twelve), { fileName: 'twelve.csv', series: ['id'] })
    const config = resolveConfig({ data: { target: 'y', features: [], lookBack: 7, season: 7, series: { columns: ['id'], values: null, global: { short: 'skip', oneHot: false } } } })
    const run = prepareGlobalRun(config, ds)
    return { run, model: createModel(run.spec, new Rng(1)) }
  }

  it('lets a stop request in between series while choosing, and stops there', async () => {
    const { run, model } = await twelveSeries()
    const yieldNow = vi.fn(async () => {})
    expect(await evaluateGlobal(model, run, 7, 0.9, 'auto', { shouldStop: () => true, yieldNow })).toBeNull()
    expect(yieldNow).toHaveBeenCalledTimes(1) // after the first series
    const emit = vi.fn()
    const all = await evaluateGlobal(model, run, 7, 0.9, 'auto', { shouldStop: () => false, yieldNow, emit })
    expect(all!.series).toHaveLength(12)
    // progress for the host, series by series: 0 of 12 chosen before the first, 12 of 12 at the end
    const events = emit.mock.calls.map(([e]) => e)
    expect(events.filter((e) => e.phase === 'choice')).toEqual(Array.from({ length: 13 }, (_, done) => ({ type: 'progress', phase: 'choice', done, total: 12 })))
    expect(progressWords({ phase: 'choice', done: 300, total: 1000 })).toBe("choosing each series' forecast on its validation rows: 300 of 1,000 series done")
  }, 60_000)

  it("says how many series' season and outliers are read after the last epoch, and hears a stop there, before any model is fitted", async () => {
    // on 320 series this step took 11 to 28 s after the last epoch, with no progress line and no stop
    // heard until the models' fits
    const { run, model } = await twelveSeries()
    const seen: string[] = []
    const emit = (e: TrainEvent) => void (e.type === 'progress' && seen.push(`${e.phase} ${e.done}/${e.total}`))
    const statFits: StatFitter = async (jobs, done) => jobs.map((j, i) => (done(i + 1), runStatJob(j)))
    const all = await evaluateGlobal(model, run, 7, 0.9, 'auto', { shouldStop: () => false, yieldNow: async () => {}, emit }, statFits)
    expect(all!.series).toHaveLength(12)
    expect(seen[0]).toBe('seasons 0/12')
    expect(seen.filter((s) => s.startsWith('seasons')).at(-1)).toBe('seasons 12/12')
    expect(seen.indexOf('seasons 12/12')).toBeLessThan(seen.indexOf('models 0/12'))
    expect(progressWords({ phase: 'seasons', done: 120, total: 320 })).toBe("reading each series' season and outliers on its training rows: 120 of 320 series")
    // a stop asked once the step has begun: heard before any series' models are fitted
    seen.length = 0
    const stopped = await evaluateGlobal(model, run, 7, 0.9, 'auto', { shouldStop: () => seen.length > 0, yieldNow: async () => {}, emit }, statFits)
    expect(stopped).toBeNull()
    expect(seen).toEqual(['seasons 0/12'])
  }, 60_000)

  it("says how many series' statistical models are fitted, then how many forecasts are chosen, when the models are fitted elsewhere", async () => {
    const four = Object.fromEntries(Array.from({ length: 4 }, (_, k) => [`s${k}`, values().season.map((y) => y + 10 * k)]))
    const ds = await importCsv(csvOf(four), { fileName: 'four.csv', series: ['id'] })
    const config = resolveConfig({ data: { target: 'y', features: [], lookBack: 7, season: 7, series: { columns: ['id'], values: null, global: { short: 'skip', oneHot: false } } } })
    const run = prepareGlobalRun(config, ds)
    const model = createModel(run.spec, new Rng(1))
    // the fits made here, job by job, each reported done as a worker's would be
    const statFits: StatFitter = async (jobs, done) => jobs.map((j, i) => (done(i + 1), runStatJob(j)))
    const emit = vi.fn()
    const all = await evaluateGlobal(model, run, 7, 0.9, 'auto', { shouldStop: () => false, yieldNow: async () => {}, emit }, statFits)
    expect(all!.series).toHaveLength(4)
    const seen = emit.mock.calls.map(([e]) => e).filter((e) => e.type === 'progress').map((e) => `${e.phase} ${e.done}/${e.total}`)
    expect(seen.filter((e) => !e.startsWith('seasons'))).toEqual(['models 0/4', 'models 1/4', 'models 2/4', 'models 3/4', 'models 4/4', 'choice 0/4', 'choice 1/4', 'choice 2/4', 'choice 3/4', 'choice 4/4'])
    expect(progressWords({ phase: 'models', done: 12, total: 30 })).toBe("fitting each series' statistical models: 12 of 30 series")
  }, 60_000)

  it('forecasts with the network alone from a global model file written before the choice', async () => {
    const dir = 'core/train/test-fixtures'
    const gm = loadGlobalModelFile(JSON.parse(readFileSync(`${dir}/global-model-v1-network.json`, 'utf8')))
    expect(gm.series.map((s) => s.m.choice)).toEqual([null, null])
    const ds = await importCsv(readFileSync(`${dir}/global-shops.csv`, 'utf8'), { fileName: 'shops.csv', series: ['shop'] })
    const want = JSON.parse(readFileSync(`${dir}/global-model-v1-network.forecast.json`, 'utf8')) as { label: string; values: number[]; lower: number[] }[]
    const { blocks } = forecastGlobal(gm, ds, 3)
    expect(blocks.map((b) => b.label)).toEqual(want.map((w) => w.label))
    blocks.forEach((b, i) => b.points.forEach((p, k) => {
      expect(p.value).toBeCloseTo(want[i]!.values[k]!, 9)
      expect(p.lower!).toBeCloseTo(want[i]!.lower[k]!, 9)
    }))
  })
})
