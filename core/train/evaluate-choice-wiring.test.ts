// chooseForecaster (evaluate.ts) called directly, with small statistical sets (drift, naive, Theta:
// no ETS or ARIMA search unless a case needs one), so a mutation run pays well under a second per
// test: the fallbacks for a series with no validation or no test rows (which evaluate never meets,
// but a global run's series may), the stored refit (or not) for the forecast past the end, a seasonal
// model's refit on the last rows ARIMA's budget allows, the random-walk test read in log space for a
// log target, and path coverage counted only on rows inside the test split. Every expectation is
// worked from the series (drift: y[o] + k b, b = the mean training difference).
import { describe, expect, it } from 'vitest'
import { fitStat, importCsv, randomWalkTest, refitStat, type Dataset } from '../data'
import { agedConformal, type AgedResidual } from '../data/testing'
import { Rng, createModel } from '../engine'
import { ARIMA_SEASONAL_BUDGET, pathIntervals } from './choice'
import { resolveConfig } from './config'
import { chooseForecaster, evaluate, pathOriginsOf, type ChoiceInput } from './evaluate'
import { prepareRun } from './prepare'
import { uniform } from './testing'

const N = 300
const noise = uniform(41)
const wavy = (t: number) => 3 * Math.sin(t / 5) + 2 * noise(t) - 0.5

function csv(y: (t: number) => number, rows = N): Promise<Dataset> {
  const lines = ['y']
  for (let t = 0; t < rows; t++) lines.push(y(t).toFixed(6))
  return importCsv(lines.join('\n') + '\n', { fileName: 'wiring.csv' })
}

/** The prepared network of a lookback-6 GRU over `ds` and the input for chooseForecaster. */
async function input(y: (t: number) => number, over: Partial<ChoiceInput> = {}, rows = N): Promise<ChoiceInput> {
  const config = resolveConfig({
    data: { target: 'y', lookBack: 6, level: 'global', transform: 'none', season: 1 },
    model: { cell: 'gru', hiddenSize: 4, forecaster: 'network' },
    training: { epochs: 1, earlyStopping: null }
  })
  const run = prepareRun(config, await csv(y, rows))
  const { prep } = run
  return {
    series: Float64Array.from(prep.targetRaw), splits: prep.splits, season: 1, steps: 6, forecaster: 'drift', level: 0.9, log: false,
    net: { pm: { model: createModel(run.spec, new Rng(3), 'float32'), fitted: prep.fitted, window: prep.config.window }, inputs: prep.inputs, D: prep.D },
    models: ['naive', 'drift'],
    ...over
  }
}

/** Drift's bounds per step 1..K from origins o0..o1 (inclusive), residuals on rows [start, end),
 *  for a forecast from origin end - 1 (a residual from origin o weighs by its age, end - 1 - o):
 *  each side the larger of the symmetric quantile and its own at 1 - (1 - level) / 2, running
 *  extremes; q the larger side. */
function driftQ(y: ArrayLike<number>, b: number, o0: number, o1: number, start: number, end: number, K: number, level: number): { q: number[]; lower: number[]; upper: number[] } {
  const lower: number[] = []
  const upper: number[] = []
  for (let k = 1; k <= K; k++) {
    const res: AgedResidual[] = []
    for (let o = o0; o <= o1; o++) if (o + k >= start && o + k < end) res.push({ e: y[o + k]! - (y[o]! + k * b), age: end - 1 - o })
    const q = agedConformal(res, level)
    const side = 1 - (1 - level) / 2
    lower.push(Math.min(-q, -agedConformal(res.map((r) => ({ ...r, e: -r.e })), side, true), k > 1 ? lower[k - 2]! : 0))
    upper.push(Math.max(q, agedConformal(res, side, true), k > 1 ? upper[k - 2]! : 0))
  }
  return { q: upper.map((u, k) => Math.max(u, -lower[k]!)), lower, upper }
}

/** Each step's bounds of `got` equal `want`'s (to 1e-9). */
function expectBands(got: { q: number[]; lower: number[]; upper: number[] }, want: { q: number[]; lower: number[]; upper: number[] }, what: string): void {
  expect(got.q).toHaveLength(want.q.length)
  for (const side of ['q', 'lower', 'upper'] as const) got[side].forEach((v, k) => expect(v, `${what} ${side} step ${k + 1}`).toBeCloseTo(want[side][k]!, 9))
}

const slope = (y: ArrayLike<number>, start: number, end: number) => (y[end - 1]! - y[start]!) / (end - start - 1)

describe('chooseForecaster: no validation rows', () => {
  it('chooses nothing (the network is the forecast), has no path intervals or coverage, and does not refuse a forced forecaster', async () => {
    const c = await input(wavy)
    const { train, test } = c.splits
    const out = chooseForecaster({ ...c, splits: { train, val: { start: train.end, end: train.end }, test } })
    expect(out.fits.map((f) => f.name)).toEqual(['naive', 'drift'])
    expect(out.skipped).toEqual([])
    expect(out.choice).toBeNull()
    expect(out.wNet).toBe(1)
    expect(out.members).toEqual([])
    expect(out.ahead).toEqual({ q: [], lower: [], upper: [], calibrated: 0 })
    expect(out.forward).toEqual({ q: [], lower: [], upper: [], calibrated: 0 })
    expect(out.pathCoverage).toBeNull()
    // the forecast is the network's own values
    expect(Array.from(out.mix(Float64Array.of(1.5, -2, 7), []))).toEqual([1.5, -2, 7])
  })
})

describe('chooseForecaster: the steps scored (explore25: horizon 365 on 169 validation rows said "steps 1–365")', () => {
  it('stores the steps validation held and says them in the sentence where fewer than K, or where K is not the horizon', async () => {
    const c = await input(wavy)
    const V = c.splits.val.end - c.splits.val.start
    const longOut = chooseForecaster({ ...c, steps: V + 20 })
    const long = longOut.choice!
    // the test paths' coverage measured the steps the test period holds, not all K (small25)
    const T = c.splits.test.end - c.splits.test.start
    expect(T).toBeLessThan(V + 20)
    expect(longOut.pathCoverage).not.toBeNull()
    expect(longOut.coverageSteps).toEqual({ steps: T, rows: T, reach: V + 20 })
    expect(chooseForecaster(c).coverageSteps).toEqual({ steps: 6, rows: T, reach: 6 })
    expect(long.steps).toBe(V + 20)
    expect(long.scored).toEqual({ steps: V, rows: V, reach: V + 20 })
    expect(long.message).toContain(`; every candidate was scored on validation over steps 1–${V} of ${V + 20} ahead: validation holds ${V} rows, so no forecast further ahead was scored`)
    // K = 6 within validation, at horizon 1: every step scored, and the sentence says how far ahead
    const short = chooseForecaster(c).choice!
    expect(short.scored).toEqual({ steps: 6, rows: V, reach: 6 })
    expect(short.message).toContain("; every candidate was scored on its forecasts 1 to 6 steps ahead from each validation origin (the run's horizon is 1)")
  })
})

describe('chooseForecaster: no test rows', () => {
  it('calibrates the forecast past the end on validation alone and measures no coverage, even where the empty test split ends later', async () => {
    const c = await input(wavy)
    const { train, val } = c.splits // 0-209, 210-254
    // an empty test split at row 280: rows 255-279 belong to no split and must not be read as residuals
    const out = chooseForecaster({ ...c, splits: { train, val, test: { start: 280, end: 280 } } })
    const b = slope(c.series, train.start, train.end)
    const q = driftQ(c.series, b, val.start - 1, val.end - 2, val.start, val.end, 6, 0.9)
    expect(out.choice!.chosen).toBe('drift')
    expectBands(out.ahead, q, 'validation')
    expect(out.forward).toEqual(out.ahead)
    expect(out.pathCoverage).toBeNull()
    // the premise: reading rows 255-279 from the validation origins would change the half-widths
    const leak = driftQ(c.series, b, val.start - 1, val.end - 2, val.start, 280, 6, 0.9)
    expect(leak).not.toEqual(q)
  })
})

describe('chooseForecaster: the validation intervals', () => {
  it('are pathIntervals\' over the chosen forecast\'s validation paths, to the last digit', async () => {
    const c = await input(wavy)
    const out = chooseForecaster(c)
    const vo = pathOriginsOf(c.splits.val, 6)
    const drift = out.fits.find((f) => f.name === 'drift')!
    const chosen = out.mix(null, [drift.forecastAt(out.statSeries, vo, 6)])
    expect(out.ahead.calibrated).toBe(6)
    expect(out.ahead).toEqual(pathIntervals(c.series, chosen, vo, 6, c.splits.val, 0.9, false))
  })
})

describe('chooseForecaster: path coverage and the forward calibration', () => {
  it('counts coverage on test rows only, each origin with the half-widths of validation\'s rows and the test rows observed by then; the forward half-widths read validation and test rows', async () => {
    const c = await input(wavy)
    const { train, val, test } = c.splits // 0-209, 210-254, 255-299
    const y = c.series
    // the test split ends 20 rows before the data does: a path running past it must not be scored
    const cut = { start: test.start, end: test.end - 20 }
    const out = chooseForecaster({ ...c, splits: { train, val, test: cut } })
    const b = slope(y, train.start, train.end)
    const q = driftQ(y, b, val.start - 1, val.end - 2, val.start, val.end, 6, 0.9)
    expectBands(out.ahead, q, 'validation')
    expect(out.ahead.calibrated).toBe(6)
    let n = 0
    let inside = 0
    for (let o = cut.start - 1; o <= cut.end - 2; o++) {
      // every path residual from validation and test origins, at rows up to o (and all of validation's)
      const qo = driftQ(y, b, val.start - 1, cut.end - 2, val.start, Math.max(val.end, o + 1), 6, 0.9)
      for (let k = 1; k <= 6; k++) {
        if (o + k >= cut.end) continue
        n++
        const e = y[o + k]! - (y[o]! + k * b)
        if (e >= qo.lower[k - 1]! && e <= qo.upper[k - 1]!) inside++
      }
    }
    expect(inside).toBeGreaterThan(0)
    expect(inside).toBeLessThan(n)
    expect(out.pathCoverage).toBeCloseTo(inside / n, 12)
    const fwd = driftQ(y, b, val.start - 1, cut.end - 2, val.start, cut.end, 6, 0.9)
    expectBands(out.forward, fwd, 'forward')
    expect(fwd).not.toEqual(q) // the premise: the test rows change the forward half-widths
  })
})

describe('chooseForecaster: what is stored for the forecast past the end', () => {
  it('refits the chosen model on every row by default, and keeps the training-row fit with refit: false', async () => {
    const c = await input(wavy)
    const { train } = c.splits
    const y = c.series
    const again = chooseForecaster(c).choice!
    expect(again).toMatchObject({ chosen: 'drift', network: 0, season: 1, steps: 6 })
    expect(again.members).toHaveLength(1)
    expect(again.members[0]!.fit.params).toEqual({ last: y[train.end - 1], drift: expect.closeTo(slope(y, train.start, train.end), 9) })
    expect(again.members[0]!.full.params).toEqual({ last: y[N - 1], drift: expect.closeTo(slope(y, 0, N), 9) })
    const kept = chooseForecaster({ ...c, refit: false }).choice!
    expect(kept.members[0]!.full).toEqual(kept.members[0]!.fit)
    expect(kept.members[0]!.full).not.toEqual(again.members[0]!.full)
  })

  it('a seasonal Theta is refitted afresh on every row, a seasonal ARIMA (orders kept) on the last rows of its budget', async () => {
    // a seasonal AR(1) of period 12: ARIMA's seasonal budget is 2400 / 12 = 200 rows, fewer than the
    // 300 rows (its search reads the last 200 of the 210 training rows: about 0.1 s)
    const m = 12
    const shock = uniform(43)
    const ys: number[] = []
    for (let t = 0; t < N; t++) ys.push(10 + (t >= m ? 0.6 * (ys[t - m]! - 10) : 0) + 2 * (shock(t) - 0.5))
    const c = await input((t) => ys[t]!, { season: m, forecaster: 'combination', models: ['theta', 'arima'] })
    const y = c.series
    const budget = Math.floor(ARIMA_SEASONAL_BUDGET / m)
    expect(budget).toBeLessThan(N)
    const { choice } = chooseForecaster(c)
    const theta = choice!.members.find((x) => x.name === 'theta')!
    const arima = choice!.members.find((x) => x.name === 'arima')!
    expect(arima.fit.period).toBe(m)
    expect(theta.full).toEqual(fitStat('theta', y, m).toJSON())
    expect(theta.full).not.toEqual(refitStat(theta.fit, y.subarray(N - budget)).toJSON())
    expect(arima.full).toEqual(refitStat(arima.fit, y.subarray(N - budget)).toJSON())
    expect(arima.full).not.toEqual(refitStat(arima.fit, y).toJSON())
  })
})

describe('chooseForecaster: a log target', () => {
  it('tests the training rows for a random walk in log space (ratios), and says so with that test\'s figures', async () => {
    // a geometric random walk: its log changes are white noise without drift
    const steps = uniform(6)
    const y: number[] = [50]
    for (let t = 1; t < N; t++) y.push(y[t - 1]! * Math.exp(0.08 * (steps(t) - 0.5)))
    const c = await input((t) => y[t]!, { forecaster: 'auto', log: true })
    const { train } = c.splits
    const trainY = c.series.subarray(train.start, train.end)
    const inLog = randomWalkTest(Float64Array.from(trainY, Math.log), 1)
    const raw = randomWalkTest(trainY, 1)
    expect(inLog.randomWalk).toBe(true)
    expect(inLog.p.toFixed(2)).not.toBe(raw.p.toFixed(2)) // the premise: the two tests read differently
    const { choice } = chooseForecaster(c)
    expect(choice!.chosen).toBe('naive')
    expect(choice!.message).toContain(`up to lag ${inLog.lag} by tests that allow a changing variance: p = ${inLog.p.toFixed(2)} on the changes, ${inLog.signP.toFixed(2)} on their signs; drift t = ${inLog.driftT.toFixed(2)}`)
  })
})

describe('chooseForecaster: no interval, and a refit that fails', () => {
  it('has no path half-widths and no coverage when validation is too short for the level', async () => {
    // 45 validation rows give about 250 pooled residuals: a 0.999 quantile needs 999
    const out = chooseForecaster({ ...(await input(wavy)), level: 0.999 })
    expect(out.choice!.chosen).toBe('drift')
    expect(out.ahead).toEqual({ q: [], lower: [], upper: [], calibrated: 0 })
    expect(out.pathCoverage).toBeNull()
    expect(out.forward.q).toEqual([]) // validation and test (90 rows) are still too few
  })

  it('keeps the training-row fit for the forecast past the end when the refit on every row throws', async () => {
    const c = await input(wavy)
    // a value missing from the last row (the caller fills these in; here it is left as NaN): the
    // training rows fit, a fit over every row refuses NaN
    const series = Float64Array.from(c.series)
    series[N - 1] = NaN
    expect(() => fitStat('drift', series, null)).toThrow(RangeError) // the premise
    const { choice } = chooseForecaster({ ...c, series })
    expect(choice!.members[0]!.full).toEqual(choice!.members[0]!.fit)
    expect(choice!.members[0]!.fit.params).toEqual({ last: series[c.splits.train.end - 1], drift: expect.closeTo(slope(series, 0, c.splits.train.end), 9) })
  })
})

describe('evaluate: the skill yardstick is a baseline, never the network', () => {
  it('names the best baseline on validation even where the network (not the chosen forecast) beats them all', async () => {
    // training rows: a trend around 5 (mean exactly 5: the noise comes in +e, -e pairs), then 5 on
    // every validation and test row. A network with zero weights at the global level forecasts the
    // training mean, 5, exactly; every baseline is off on validation (drift and the trend models
    // extrapolate the trend, naive and the moving averages carry training values into it)
    const e = uniform(47)
    const y = (t: number) => (t < 210 ? 5 + 0.05 * (t - 104.5) + (t % 2 ? -1 : 1) * Math.round(1000 * (e(t - (t % 2)) - 0.5)) / 1000 : 5)
    const config = resolveConfig({
      data: { target: 'y', lookBack: 6, level: 'global', transform: 'none', season: 1 },
      model: { cell: 'gru', hiddenSize: 4, forecaster: 'drift' },
      training: { epochs: 1, earlyStopping: null }
    })
    const run = prepareRun(config, await csv(y))
    expect(run.prep.splits.train).toEqual({ start: 0, end: 210 })
    const net = createModel(run.spec, new Rng(3), 'float32')
    net.params.fill(0)
    const ev = evaluate(net, run, 0.9)
    const rmse = (split: string, model: string) => ev.metrics.find((m) => m.split === split && m.model === model && m.metric === 'rmse')!.value!
    const baselines = Object.keys(ev.test!.baselines)
    expect(baselines).toEqual(expect.arrayContaining(['naive', 'drift', 'ets', 'theta', 'arima']))
    const best = baselines.reduce((a, b) => (rmse('val', b) < rmse('val', a) ? b : a))
    // the premise: the network's row beats every baseline on validation, by far
    expect(rmse('val', 'network')).toBeLessThan(1e-6)
    expect(rmse('val', best)).toBeGreaterThan(1e-3)
    expect(ev.bestBaseline).toBe(best)
    const skill = (split: string) => ev.metrics.filter((m) => m.split === split && m.model === 'model' && m.metric === 'skill').map((m) => m.value)
    expect(best).toBe('naive') // 0.80 on validation: the training row it starts from (about 10.2) is 5.2 off, once in 45 rows
    for (const split of ['train', 'val']) expect(skill(split), split).toEqual([expect.closeTo(1 - rmse(split, 'model') / rmse(split, best), 12)])
    // on test naive is exact (every origin holds 5): no skill against a perfect yardstick
    expect(rmse('test', best)).toBe(0)
    expect(skill('test')).toEqual([])
  })
})
