// Evaluation's outlier searches (among the training and validation rows, and among every row: the
// histories its statistical models read) pause within their passes as preparation's search does:
// a cancel asked for inside one of them is heard before that pass is counted, both where evaluate
// searches them itself (evaluatePausing) and where a training searches them before it sends the
// fits to the worker (statJobOfPausing). Pauses are counted, not timed: untilStopped here lets the
// loop in (and asks) at every pause.
import { expect, it } from 'vitest'
import { createModel, Rng } from '../engine'
import { importCsv, OUTLIER_PASSES } from '../data'
import { resolveConfig } from './config'
import { prepareRun } from './prepare'
import { untilStopped, finish } from './pauses'
import { evaluatePausing, statJobOf, statJobOfPausing } from './evaluate'

const HOUR = 3_600_000
const csv = ['time,y', ...Array.from({ length: 3000 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1) + i * HOUR).toISOString().slice(0, 16)},${(i % 401 === 200 ? 400 : 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + 0.01 * i).toFixed(2)}`)].join('\n') + '\n'

async function prepared() {
  const ds = await importCsv(csv, { fileName: 'hourly.csv' })
  const cfg = resolveConfig({ data: { target: 'y' }, training: { epochs: 1 } })
  expect(cfg.model.outliers).toBe('clean')
  return prepareRun(cfg, ds)
}

/** For each of the first counted passes: a stop asked at the second pause after the pass before it
 *  was told (the first may be right after that step) ends the work before that pass is counted. */
async function stopsInsidePasses(work: (step: () => void) => Generator<void, unknown, void>) {
  for (const before of [0, 1, 3, OUTLIER_PASSES + 1]) {
    let told = 0
    let pausesSince = 0
    const stop = () => told >= before && ++pausesSince >= 2
    const r = await untilStopped(work(() => void told++), { shouldStop: stop, yieldNow: () => Promise.resolve() }, 0)
    expect(r).toBeNull()
    expect(told).toBe(before)
  }
}

it("evaluate's own outlier searches let a cancel in inside each of their passes", async () => {
  const run = await prepared()
  const model = createModel(run.spec, new Rng(0))
  await stopsInsidePasses((step) => evaluatePausing(model, run, 0.9, undefined, step))
}, 60_000)

it('the searches a training makes before fitting the statistical models elsewhere let a cancel in inside each pass, and find what statJobOf finds', async () => {
  const run = await prepared()
  await stopsInsidePasses((step) => statJobOfPausing(run, step))
  const once = statJobOf(run)!
  const paused = finish(statJobOfPausing(run))!
  expect(paused.histories.outliers).toEqual(once.histories.outliers)
  expect(once.histories.outliers!.all.length).toBeGreaterThan(0) // the spikes were found and replaced
  expect(Array.from(paused.job.series)).toEqual(Array.from(once.job.series))
  expect(Array.from(paused.job.trainY)).toEqual(Array.from(once.job.trainY))
}, 60_000)
