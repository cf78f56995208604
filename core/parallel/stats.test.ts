// A global run's per-series statistical fits over worker threads (stats.ts): the same fits as in the
// thread that chooses, so a global run gives the same choices, scores and model file with them as
// without; a stop between series ends it; a worker that cannot run is an error the run recovers from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { gauss } from '../data/testing'
import { resolveConfig, type PartialConfig } from '../train/config'
import { GLOBAL_STAT_MODELS, runGlobalTraining } from '../train/global'
import { runStatJob, type StatFitter, type StatJob } from '../train/choice'
import { backtest } from '../train/backtest'
import type { TrainEvent } from '../train/types'
import { readFileSync } from 'node:fs'
import { OUTLIER_PASSES } from '../data'
import { EVALUATE_STEPS, FIT_PARTS } from '../train/evaluate'
import { runTraining } from '../train/run'
import { bundleParallelWorker } from './test-bundle'
import { parallelStatFits } from './stats'

let bundle: Awaited<ReturnType<typeof bundleParallelWorker>>
beforeAll(async () => {
  bundle = await bundleParallelWorker('stats-test')
}, 120_000)
afterAll(() => bundle?.remove())

/** Daily series with a weekly cycle, their own level and trend, and noise. */
function series(k: number, n = 140): Float64Array {
  const g = gauss(k + 1)
  return Float64Array.from({ length: n }, (_, i) => 20 + 5 * k + 0.03 * k * i + 3 * Math.sin((2 * Math.PI * i) / 7) + g())
}

/** Four such series in one long file, and a global run's config of them. */
async function shops(training: PartialConfig['training']) {
  const lines = ['shop,day,sales']
  for (let k = 0; k < 4; k++) series(k).forEach((v, i) => lines.push(`s${k},${new Date(Date.UTC(2024, 0, 1) + i * 864e5).toISOString().slice(0, 10)},${v.toFixed(3)}`))
  const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'shops.csv', decimal: 'dot', series: ['shop'] })
  const config = resolveConfig({
    data: { target: 'sales', features: [], lookBack: 14, horizon: 1, series: { columns: ['shop'], values: null, global: { short: 'skip', oneHot: false } } },
    training,
    model: { hiddenSize: 4 }
  })
  return { ds, config }
}

describe('parallelStatFits', () => {
  it('gives each job what runStatJob gives in this thread, in order, and counts them done', async () => {
    const jobs: StatJob[] = Array.from({ length: 5 }, (_, k) => {
      const y = series(k)
      return { trainY: y.slice(0, 100), series: y, m: k === 4 ? 1 : 7, models: GLOBAL_STAT_MODELS }
    })
    const fitter = parallelStatFits({ threads: 2, workerFile: bundle.file })!
    const done: number[] = []
    const got = await fitter(jobs, (k) => done.push(k), () => false)
    expect(got).toEqual(jobs.map((j) => runStatJob(j)))
    expect(got![0]!.fits.map((f) => f.name)).toEqual(['naive', 'seasonal-naive', 'drift', 'ets', 'theta'])
    expect(done).toEqual([1, 2, 3, 4, 5])
    // stopped after the first result: null
    expect(await fitter(jobs, () => {}, () => true)).toBeNull()
    // one thread, or no built worker: nothing to run elsewhere
    expect(parallelStatFits({ threads: 1, workerFile: bundle.file })).toBeUndefined()
    expect(parallelStatFits({ threads: 2 })).toBeUndefined()
    await expect(parallelStatFits({ threads: 2, workerFile: '/nonexistent/parallel-worker.mjs' })!(jobs, () => {}, () => false)).rejects.toThrow()
  }, 60_000)

  it('a global run with the fits from the workers: the same series results and model file; a failed worker falls back, said', async () => {
    const { ds, config } = await shops({ epochs: 2, seed: 1 })
    const hooks = (logs: TrainEvent[]) => ({ emit: (e: TrainEvent) => void logs.push(e), shouldStop: () => false, yieldNow: async () => {} })
    const here = (await runGlobalTraining({ config, dataset: ds }, hooks([])))!
    const logs: TrainEvent[] = []
    const there = (await runGlobalTraining({ config, dataset: ds, statFits: parallelStatFits({ threads: 2, workerFile: bundle.file }) }, hooks(logs)))!
    expect(there.series).toEqual(here.series)
    expect(there.modelFile).toEqual(here.modelFile)
    expect(logs.filter((e) => e.type === 'log' && e.level === 'warn')).toEqual([])
    const failed: TrainEvent[] = []
    const fallback = (await runGlobalTraining({ config, dataset: ds, statFits: parallelStatFits({ threads: 2, workerFile: '/nonexistent/parallel-worker.mjs' }) }, hooks(failed)))!
    expect(fallback.series).toEqual(here.series)
    expect(failed.some((e) => e.type === 'log' && e.level === 'warn' && /on one thread: the worker threads failed/.test(e.message))).toBe(true)
  }, 120_000)

  it("a global run's backtest fits each fold's series on the workers too, with the same folds as on one thread", async () => {
    const { ds, config } = await shops({ epochs: 1, seed: 1, threads: 1 })
    const workers = parallelStatFits({ threads: 2, workerFile: bundle.file })!
    const calls: number[] = [] // the series each call fitted
    const counted: StatFitter = (jobs, done, stop) => (calls.push(jobs.length), workers(jobs, done, stop))
    const here = await backtest(config, ds, { words: 'app', folds: 2 })
    const there = await backtest(config, ds, { words: 'app', folds: 2, statFits: counted })
    expect(calls).toEqual([4, 4]) // once a fold, every series of it
    expect(there).toEqual(here)
  }, 120_000)

  it("a single series' backtest fits each fold's models on one worker even on one thread, with the same folds", async () => {
    const lines = ['day,sales', ...Array.from(series(1, 120), (v, i) => `${new Date(Date.UTC(2024, 0, 1) + i * 864e5).toISOString().slice(0, 10)},${v.toFixed(3)}`)]
    const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'one.csv', decimal: 'dot' })
    const config = resolveConfig({ data: { target: 'sales', features: [], lookBack: 14, horizon: 1 }, training: { epochs: 1, seed: 1, threads: 1 }, model: { hiddenSize: 4 } })
    const worker = parallelStatFits({ threads: 1, workerFile: bundle.file, offThread: true })!
    const calls: number[] = []
    const counted: StatFitter = (jobs, done, stop) => (calls.push(jobs.length), worker(jobs, done, stop))
    const here = await backtest(config, ds, { words: 'app', folds: 2 })
    const there = await backtest(config, ds, { words: 'app', folds: 2, statFits: counted })
    expect(calls).toEqual([1, 1])
    expect(there).toEqual(here)
  }, 120_000)

  it("a single series' fits on a worker are counted in its choice's steps as the worker works; the model file as on this thread", async () => {
    const text = readFileSync(new URL('../../resources/samples/co2-concentration.csv', import.meta.url), 'utf8')
    const ds = await importCsv(text, { fileName: 'co2-concentration.csv' })
    const config = resolveConfig({ data: { target: 'CO2' }, training: { epochs: 1, seed: 1 }, model: { hiddenSize: 4 } })
    const counts = (events: TrainEvent[]) => events.flatMap((e) => (e.type === 'progress' && e.phase === 'choosing' ? [e.done] : []))
    const run = async (events: TrainEvent[], statFits?: StatFitter) => {
      const r = await runTraining({ config, dataset: ds, ...(statFits ? { statFits } : {}) }, { emit: (e) => void events.push(e), shouldStop: () => false, yieldNow: async () => {} })
      return { r: r!, events }
    }
    const worker = parallelStatFits({ threads: 1, workerFile: bundle.file, offThread: true })!
    let whenFitted = -1 // the steps told by the time the worker's fits came back
    const told: TrainEvent[] = []
    const there = await run(told, (jobs, done, stop, tick) => worker(jobs, done, stop, tick).then((got) => ((whenFitted = counts(told).length), got)))
    const here = await run([])
    const total = EVALUATE_STEPS.regression
    expect(counts(there.events)).toEqual(Array.from({ length: total + 1 }, (_, i) => i))
    expect(counts(here.events)).toEqual(counts(there.events))
    // the outlier passes and all but the last of the fits' parts, told while the worker fitted
    expect(whenFitted).toBeGreaterThanOrEqual(1 + 2 * OUTLIER_PASSES + FIT_PARTS - 1)
    // the same values (a fit restored from the worker's stored form lists its spec's keys in another order)
    expect(there.r.modelFile).toEqual(here.r.modelFile)
  }, 120_000)

  it('a stop asked while a worker fits (an ARIMA search of seconds) ends it at once, not when the fit ends', async () => {
    const y = series(2, 200)
    const jobs: StatJob[] = [{ trainY: y.slice(0, 180), series: y, m: 7, models: ['ets', 'arima'] }]
    const fitter = parallelStatFits({ threads: 1, workerFile: bundle.file, offThread: true })!
    let t = performance.now()
    expect(await fitter(jobs, () => {}, () => false)).not.toBeNull()
    const whole = performance.now() - t
    expect(whole).toBeGreaterThan(400) // else this test proves nothing
    t = performance.now()
    expect(await fitter(jobs, () => {}, () => performance.now() - t > 100)).toBeNull()
    const stopped = performance.now() - t
    expect(stopped).toBeLessThan(Math.max(250, whole / 3))
  }, 120_000)
})
