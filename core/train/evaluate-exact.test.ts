// evaluate where the answer is exact: the refits stored for the forecast past the end are the ones
// the data layer gives for every row, a line that drift fits exactly has zero-width path intervals
// that cover every test point and a baseline (never the model) as its yardstick, a network that
// cannot reach past its horizon has its path coverage counted on the steps it reaches, and the
// classification table has one row per split, model and metric, with ties going to the first class.
import { describe, expect, it } from 'vitest'
import { fitStat, refitStat, targetRows, type Dataset } from '../data'
import { agedConformal } from '../data/testing'
import { Rng, createModel, type Model } from '../engine'
import { resolveConfig } from './config'
import { evaluate, networkInUnits, predictSplit } from './evaluate'
import { prepareRun, type PreparedRun } from './prepare'
import { columnsCsv, uniform } from './testing'

const N = 300 // fraction split 0.7 / 0.15 / 0.15: rows 0-209 train, 210-254 val, 255-299 test
const noise = uniform(37)
const wavy = (t: number) => 3 * Math.sin(t / 5) + 2 * noise(t) - 0.5

const csv = (cols: Record<string, (t: number) => number | string>): Promise<Dataset> => columnsCsv(cols, N, 'exact.csv')

function setup(ds: Dataset, data: Record<string, unknown>, model: Record<string, unknown> = {}): { run: PreparedRun; net: Model } {
  const regression = data['task'] !== 'classification'
  const config = resolveConfig({
    data: { target: 'y', lookBack: 6, ...(regression ? { level: 'global', transform: 'none', season: 1 } : {}), ...data },
    model: { cell: 'gru', hiddenSize: 4, forecaster: regression ? 'network' : 'auto', ...model },
    training: { epochs: 1, earlyStopping: null }
  })
  const run = prepareRun(config, ds)
  return { run, net: createModel(run.spec, new Rng(3), 'float32') }
}

describe('evaluate: what is stored for the forecast past the end', () => {
  it('a combination (direct, 2 steps): ARIMA keeps its orders and is re-estimated on every row, ETS and Theta are fitted afresh on every row', async () => {
    const { run, net } = setup(await csv({ y: wavy }), { horizon: 2, direct: true }, { forecaster: 'combination' })
    const ev = evaluate(net, run, 0.9)
    const series = Float64Array.from(run.prep.targetRaw)
    const members = ev.choice!.members
    expect(members.map((m) => m.name).sort()).toEqual(['arima', 'ets', 'theta'])
    for (const m of members) {
      const want = m.name === 'arima' ? refitStat(m.fit, series).toJSON() : fitStat(m.name, series, null).toJSON()
      expect(m.full, m.name).toEqual(want)
      expect(m.full, m.name).not.toEqual(m.fit) // the premise: every row says something the training rows did not
    }
    const arima = members.find((m) => m.name === 'arima')!
    expect((arima.full.params as { order: unknown }).order).toEqual((arima.fit.params as { order: unknown }).order)
    // a direct run's table: the six metrics at h = 2, RMSE at each step, and the skill; nothing else
    expect(new Set(ev.metrics.map((m) => m.metric))).toEqual(new Set(['mae', 'rmse', 'mape', 'smape', 'mase', 'r2', 'rmse@1', 'rmse@2', 'skill']))
  })

  it('a forced forecaster that cannot be fitted is a configuration error of model.forecaster', async () => {
    const { run, net } = setup(await csv({ y: wavy }), {}, { forecaster: 'seasonal-naive' })
    // (one call: it fits every statistical model before refusing; 'field' is ConfigError's)
    expect(() => evaluate(net, run, 0.9)).toThrow(expect.objectContaining({ field: 'model.forecaster' }))
  })
})

describe('evaluate: a line drift fits exactly', () => {
  // y = 2t + 1: drift's slope is exactly 2, so every validation and test path of the forecast is exact
  it('has zero-width path intervals that cover every test point, and a baseline, not the model, as its yardstick', async () => {
    const { run, net } = setup(await csv({ y: (t) => 2 * t + 1 }), {}, { forecaster: 'drift' })
    const ev = evaluate(net, run, 0.9)
    expect(ev.ahead!.q).toHaveLength(run.steps)
    for (const q of ev.ahead!.q) expect(q).toBe(0)
    expect(ev.ahead!.coverage).toBe(1) // every point lies on its (zero-width) band's edges
    // the model (drift) scores 0 on validation, as the drift baseline does: the yardstick is a baseline
    expect(ev.metrics.find((m) => m.split === 'val' && m.model === 'model' && m.metric === 'rmse')!.value).toBe(0)
    expect(Object.keys(ev.test!.baselines)).toContain(ev.bestBaseline)
    expect(ev.metrics.find((m) => m.split === 'val' && m.model === ev.bestBaseline && m.metric === 'rmse')!.value).toBe(0)
  })
})

describe('evaluate: a network with an input it cannot know ahead', () => {
  // x is an ordinary input (not known in the future), so the network's paths reach step 1 only
  // (networkReach): later steps are NaN and are not counted in the path coverage.
  it('counts the path coverage on the step it reaches: the test forecasts inside their own intervals', async () => {
    const { run, net } = setup(await csv({ y: wavy, x: (t) => Math.cos(t / 7) }), { features: ['x'] })
    const ev = evaluate(net, run, 0.9)
    expect(ev.choice!.chosen).toBe('network')
    expect(ev.ahead!.calibrated).toBe(1) // steps 2.. have no residuals
    // test origins test.start - 1 .. test.end - 2 are the test windows' origins: step 1 is each
    // forecast row, and both calibrate each origin on validation's and the observed test residuals
    expect(ev.forecasts).toHaveLength(run.prep.splits.test.end - run.prep.splits.test.start)
    // validation's step-1 residuals, and the test forecasts' own
    const { splits } = run.prep
    const val = targetRows(run.prep.windows.val)
    const valHat = networkInUnits(run, predictSplit(net, run, 'val'), val.origin, 1)
    const valRes = Array.from(val.target, (r, i) => run.prep.targetRaw[r]! - valHat[i]!)
    const testRes = ev.forecasts.map((f) => f.actual! - f.value)
    // each test origin o = splits.test.start - 1 + i knows validation's residuals and the test
    // residuals at rows <= o, each weighing by its age in origins (validation's origins run on into
    // test's: the residual at position j of the known ones is nv + i - j old): the window intervals
    // are +- their symmetric quantile; the path bands reach on each side the larger of it and that
    // side's own quantile at 95 %
    let insideWindow = 0
    let insidePath = 0
    ev.forecasts.forEach((f, i) => {
      const known = [...valRes, ...testRes.slice(0, i)]
      const quantile = (xs: number[], level: number) => agedConformal(xs.map((e, j) => ({ e, age: known.length - j })), level, true)
      const q = quantile(known.map(Math.abs), 0.9)
      expect(f.upper! - f.value, `window interval ${i}`).toBeCloseTo(q, 9)
      if (Math.abs(testRes[i]!) <= q) insideWindow++
      const lo = -Math.max(q, quantile(known.map((e) => -e), 0.95))
      const hi = Math.max(q, quantile(known, 0.95))
      if (testRes[i]! >= lo && testRes[i]! <= hi) insidePath++
    })
    expect(splits.test.end - splits.test.start).toBe(testRes.length)
    expect(insideWindow).toBeGreaterThan(0)
    expect(ev.intervalCoverage).toBeCloseTo(insideWindow / testRes.length, 12)
    expect(ev.ahead!.coverage).toBeCloseTo(insidePath / testRes.length, 12)
  })
})

describe('evaluate (classification): the table and ties', () => {
  const u = uniform(41)
  const c = (t: number) => ['low', 'mid', 'high'][Math.floor(u(t) * 3)]!

  it('has 7 metrics for the model and each baseline on each split, and one skill row per split', async () => {
    const { run, net } = setup(await csv({ y: wavy, c }), { target: 'c', features: ['y'], task: 'classification' })
    const ev = evaluate(net, run, 0.9)
    const baselines = Object.keys(ev.test!.baselines)
    expect(baselines.length).toBeGreaterThanOrEqual(2)
    expect(ev.metrics).toHaveLength(3 * (1 + baselines.length) * 7 + 3)
    for (const m of ev.metrics) expect(m).toMatchObject({ split: expect.any(String), model: expect.any(String), metric: expect.any(String) })
  })

  it('a network that outputs nothing (equal probabilities) forecasts the first class, as the table scores it', async () => {
    const { run, net } = setup(await csv({ y: wavy, c }), { target: 'c', features: ['y'], task: 'classification' })
    net.params.fill(0)
    const ev = evaluate(net, run, 0.9)
    const K = ev.test!.classes!.length
    expect(K).toBe(3)
    const { target } = targetRows(run.prep.windows.test)
    for (let i = 0; i < target.length; i++) for (let k = 0; k < K; k++) expect(ev.test!.yhat[i * K + k]).toBe(ev.test!.yhat[i * K]) // float32 1/3, equal
    for (const f of ev.forecasts) expect(f.value).toBe(0)
    const first = ev.forecasts.filter((f) => f.actual === 0).length / ev.forecasts.length
    expect(ev.metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === 'accuracy')!.value).toBeCloseTo(first, 12)
  })
})
