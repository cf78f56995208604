// What evaluate hands the analyst, checked against itself and against first principles: the metric
// table is computed from the very forecasts and actuals shown (and the baselines in the export), the
// naive baseline is the last known value, the interval is the split-conformal quantile of the
// validation residuals and its coverage is the share of test actuals inside the bounds shown, direct
// models report every step, and a network that outputs nothing (zero weights) forecasts exactly what
// its level mode promises: no change (window) or the training mean (global). One evaluate call per
// test: each is checked where it is computed, so a mutant run needs only the tests that reach it.
import { describe, expect, it } from 'vitest'
import { regressionMetrics, targetRows, type Dataset } from '../data'
import { agedConformal } from '../data/testing'
import { Rng, createModel, predict, type Model } from '../engine'
import { resolveConfig } from './config'
import { evaluate, networkInUnits, predictSplit, type Evaluation } from './evaluate'
import { prepareRun, type PreparedRun } from './prepare'
import { T0, columnsCsv, uniform } from './testing'
import type { MetricRow } from './types'

const N = 300 // fraction split 0.7 / 0.15 / 0.15: rows 0-209 train, 210-254 val, 255-299 test
const DAY = 864e5

const noise = uniform(7)
/** Weekly swings around zero (negative values: no clipping domain), with noise. */
const wavy = (t: number) => 3 * Math.sin((2 * Math.PI * t) / 7) + 2 * noise(t) - 0.8

const csv = (cols: Record<string, (t: number) => number | string>): Promise<Dataset> => columnsCsv(cols, N, 'rows.csv', true)

function setup(ds: Dataset, data: Record<string, unknown>, model: Record<string, unknown> = {}, zero = false): { run: PreparedRun; net: Model } {
  const config = resolveConfig({ data: { target: 'y', lookBack: 6, ...data }, model: { cell: 'gru', hiddenSize: 4, forecaster: 'network', ...model }, training: { epochs: 1, earlyStopping: null } })
  const run = prepareRun(config, ds)
  const net = createModel(run.spec, new Rng(3), 'float32')
  if (zero) net.params.fill(0)
  return { run, net }
}

const value = (ms: MetricRow[], split: string, model: string, metric: string) => {
  const found = ms.filter((m) => m.split === split && m.model === model && m.metric === metric)
  expect(found, `${split}/${model}/${metric}`).toHaveLength(1)
  return found[0]!.value
}
const KEYS = ['mae', 'rmse', 'mape', 'smape', 'mase', 'r2'] as const

/** Checks each metric of a row against regressionMetrics of the given values. */
function expectMetrics(ev: Evaluation, split: string, model: string, y: ArrayLike<number>, yhat: ArrayLike<number>, trainY: ArrayLike<number>): void {
  const m = regressionMetrics(y, yhat, trainY, 1)
  for (const k of KEYS) {
    const v = value(ev.metrics, split, model, k)
    if (Number.isFinite(m[k])) expect(v, `${split}/${model}/${k}`).toBeCloseTo(m[k], 9)
    else expect(v, `${split}/${model}/${k}`).toBeNull()
  }
}

describe('evaluate (regression): the table, the forecasts and the interval agree', () => {
  it('test metrics are those of the forecast rows and the exported baselines; every split and model has each metric once', async () => {
    const { run, net } = setup(await csv({ y: wavy }), {})
    const ev = evaluate(net, run, 0.9)
    const { prep } = run
    const test = ev.test!
    const trainY = prep.targetRaw.subarray(prep.splits.train.start, prep.splits.train.end)
    const { target } = targetRows(prep.windows.test)

    // one forecast per test window, at the horizon, dated by its target row, with its actual value
    expect(ev.forecasts).toHaveLength(target.length)
    expect(target.length).toBeGreaterThan(30)
    expect(Array.from(test.rows)).toEqual(Array.from(target))
    ev.forecasts.forEach((f, i) => {
      expect(f.step).toBe(1)
      expect(f.ts).toBe(T0 + target[i]! * DAY)
      expect(f.actual).toBeCloseTo(prep.targetRaw[target[i]!]!, 9)
      expect(f.value).toBe(test.yhat[i])
      expect(f.actual).toBe(test.y[i])
    })
    expect(ev.range?.domain ?? null).toBeNull() // negative values: nothing is clipped

    // the naive baseline is the last value known at the origin
    const naive = test.baselines['naive']!
    naive.forEach((v, i) => expect(v).toBeCloseTo(prep.targetRaw[target[i]! - 1]!, 9))

    expectMetrics(ev, 'test', 'model', test.y, test.yhat, trainY)
    const names = Object.keys(test.baselines)
    expect(names.length).toBeGreaterThanOrEqual(3)
    for (const b of names) expectMetrics(ev, 'test', b, test.y, test.baselines[b]!, trainY)
    for (const split of ['train', 'val', 'test']) for (const b of ['model', ...names]) for (const k of KEYS) value(ev.metrics, split, b, k)
    // a forced network is the model: no separate 'network' row
    expect(ev.metrics.some((m) => m.model === 'network')).toBe(false)

    // the yardstick is the baseline with the lowest validation RMSE; skill = 1 - RMSE / its RMSE, on every split
    const valRmse = names.map((b) => [b, value(ev.metrics, 'val', b, 'rmse')!] as const)
    const best = valRmse.reduce((a, b) => (b[1] < a[1] ? b : a))[0]
    expect(ev.bestBaseline).toBe(best)
    for (const split of ['train', 'val', 'test'])
      expect(value(ev.metrics, split, 'model', 'skill')).toBeCloseTo(1 - value(ev.metrics, split, 'model', 'rmse')! / value(ev.metrics, split, best, 'rmse')!, 12)

    // the interval: the split-conformal quantile of the absolute residuals, +-q around each forecast:
    // at each test row, validation's and those of the test rows before it; kept for later, all of them
    const vr = targetRows(prep.windows.val)
    const valHat = networkInUnits(run, predictSplit(net, run, 'val'), vr.origin, 1)
    const valRes = Array.from(vr.target, (r, i) => Math.abs(prep.targetRaw[r]! - valHat[i]!))
    const testRes = ev.forecasts.map((f) => Math.abs(f.actual! - f.value))
    // (each weighs by its age in windows at the forecast it calibrates: the j-th known of m, m - j)
    const quantile = (res: number[]) => agedConformal(res.map((e, j) => ({ e, age: res.length - j })), 0.9)
    expect(ev.intervalHalfWidth!).toBeCloseTo(quantile([...valRes, ...testRes]), 6)
    let inside = 0
    ev.forecasts.forEach((f, i) => {
      const q = quantile([...valRes, ...testRes.slice(0, i)]) // horizon 1: row i - 1 is known at row i's origin
      expect(f.upper! - f.value).toBeCloseTo(q, 6)
      expect(f.value - f.lower!).toBeCloseTo(q, 6)
      if (f.actual! >= f.lower! && f.actual! <= f.upper!) inside++
    })
    expect(ev.intervalCoverage).toBeCloseTo(inside / ev.forecasts.length, 12)
    expect(inside).toBeGreaterThan(0)
    expect(ev.intervalHalfWidths).toBeUndefined() // per-step widths are for direct models

    // the path intervals of the chosen forecaster: one half-width per step ahead, and their test coverage
    expect(ev.ahead!.q).toHaveLength(run.steps)
    expect(ev.ahead!.log).toBe(false)
    expect(ev.ahead!.calibrated).toBeGreaterThan(0)
    expect(ev.ahead!.coverage).toBeGreaterThan(0)
    expect(ev.ahead!.coverage).toBeLessThanOrEqual(1)
    expect(ev.choice?.chosen).toBe('network')
  })

  it('a statistical forecaster chosen by name is the model: its scores are that baseline\'s, and the network gets its own row', async () => {
    const { run, net } = setup(await csv({ y: wavy }), { level: 'global', transform: 'none' }, { forecaster: 'theta' })
    const ev = evaluate(net, run, 0.9)
    expect(ev.choice).toMatchObject({ chosen: 'theta', network: 0 })
    const test = ev.test!
    test.yhat.forEach((v, i) => expect(v).toBeCloseTo(test.baselines['theta']![i]!, 9))
    ev.forecasts.forEach((f, i) => expect(f.value).toBe(test.yhat[i]))
    for (const split of ['train', 'val', 'test'])
      for (const k of KEYS) {
        expect(value(ev.metrics, split, 'model', k)).toBeCloseTo(value(ev.metrics, split, 'theta', k)!, 9)
        expect(value(ev.metrics, split, 'network', k)).not.toBeNull()
      }
    expect(value(ev.metrics, 'test', 'network', 'rmse')).not.toBeCloseTo(value(ev.metrics, 'test', 'model', 'rmse')!, 3)
    expect(ev.ahead!.coverage).not.toBeNull()
  })

  it('a window-level network that outputs nothing forecasts no change: the naive forecast, step by step (direct, 3 steps)', async () => {
    const { run, net } = setup(await csv({ y: wavy }), { level: 'window', transform: 'none', horizon: 3, direct: true }, {}, true)
    const ev = evaluate(net, run, 0.9)
    const { prep } = run
    const { origin } = targetRows(prep.windows.test)
    // three forecast rows per origin, steps 1..3, each dated by its own row, all equal to the value at the origin
    expect(ev.forecasts).toHaveLength(origin.length * 3)
    ev.forecasts.forEach((f, i) => {
      const o = origin[Math.floor(i / 3)]!
      const k = (i % 3) + 1
      expect(f.step).toBe(k)
      expect(f.ts).toBe(T0 + (o + k) * DAY)
      expect(f.value).toBeCloseTo(prep.targetRaw[o]!, 5)
      expect(f.actual).toBeCloseTo(prep.targetRaw[o + k]!, 9)
    })
    // so its per-step scores are the naive baseline's, and the un-suffixed ones are those at h = 3
    for (const split of ['train', 'val', 'test']) {
      for (const k of [1, 2, 3]) expect(value(ev.metrics, split, 'model', `rmse@${k}`)).toBeCloseTo(value(ev.metrics, split, 'naive', `rmse@${k}`)!, 5)
      expect(value(ev.metrics, split, 'model', 'rmse')).toBe(value(ev.metrics, split, 'model', 'rmse@3'))
      expect(value(ev.metrics, split, 'model', 'skill')).not.toBeNull()
    }
    expect(value(ev.metrics, 'test', 'model', 'rmse@1')).toBeLessThan(value(ev.metrics, 'test', 'model', 'rmse@3')!) // the premise: steps differ
    // one interval half-width per step, widening with the step here. Step k's residuals are the
    // naive forecast's, y[o + k] - y[o]: each test window's own from validation's windows and the
    // test windows whose step k it has seen, the kept ones from all of them, each weighing by its
    // age in windows (validation's windows first, then test's)
    const q = ev.intervalHalfWidths!
    expect(q).toHaveLength(3)
    expect(ev.intervalHalfWidth).toBe(q[2])
    expect(q[0]!).toBeLessThan(q[2]!)
    const vo = targetRows(prep.windows.val).origin
    const y = prep.targetRaw
    const res = (o: number, k: number) => y[o + k]! - y[o]!
    for (const k of [1, 2, 3]) {
      const own = ev.forecasts.filter((f) => f.step === k).map((f) => f.upper! - f.value)
      origin.forEach((o, t) => {
        const known = [...Array.from(vo, (v, j) => ({ e: res(v, k), age: vo.length + t - j })), ...Array.from(origin).flatMap((u, j) => (u + k <= o ? [{ e: res(u, k), age: t - j }] : []))]
        expect(own[t], `step ${k}, test window ${t}`).toBeCloseTo(agedConformal(known, 0.9), 5)
      })
      const all = [...Array.from(vo, (v, j) => ({ e: res(v, k), age: vo.length + origin.length - j })), ...Array.from(origin, (u, j) => ({ e: res(u, k), age: origin.length - j }))]
      expect(q[k - 1]).toBeCloseTo(agedConformal(all, 0.9), 5)
    }
    // the export's detail is at h = 3
    expect(Array.from(ev.test!.yhat)).toEqual(ev.forecasts.filter((f) => f.step === 3).map((f) => f.value))
  })

  it('a plain (not direct) model with horizon 2 forecasts 2 rows ahead; a weekly season adds the seasonal-naive baseline', async () => {
    const { run, net } = setup(await csv({ y: wavy }), { level: 'global', transform: 'none', horizon: 2, season: 7 })
    const ev = evaluate(net, run, 0.9)
    const { prep } = run
    const { target, origin } = targetRows(prep.windows.test)
    expect(run.season).toBe(7)
    expect(ev.forecasts).toHaveLength(target.length)
    ev.forecasts.forEach((f, i) => {
      expect(f.step).toBe(2)
      expect(target[i]).toBe(origin[i]! + 2)
      expect(f.ts).toBe(T0 + target[i]! * DAY)
    })
    const test = ev.test!
    test.baselines['naive']!.forEach((v, i) => expect(v).toBeCloseTo(prep.targetRaw[origin[i]!]!, 9)) // the last known value, 2 rows back
    test.baselines['seasonal-naive']!.forEach((v, i) => expect(v).toBeCloseTo(prep.targetRaw[target[i]! - 7]!, 9)) // a week before the target
    expect(ev.metrics.some((m) => m.metric.startsWith('rmse@'))).toBe(false)
  })

  it('a global-level network that outputs nothing forecasts the training mean', async () => {
    const { run, net } = setup(await csv({ y: wavy }), { level: 'global', transform: 'none' }, {}, true)
    const ev = evaluate(net, run, 0.9)
    const { prep } = run
    const train = prep.splits.train
    let mean = 0
    for (let i = train.start; i < train.end; i++) mean += prep.targetRaw[i]!
    mean /= train.end - train.start
    for (const f of ev.forecasts) expect(f.value).toBeCloseTo(mean, 4)
  })

  it('a log target gets intervals that are ratios: upper / forecast = forecast / lower', async () => {
    // season 1: what is checked does not depend on the season, and a weekly seasonal ARIMA's search
    // on this positive series takes ~11 s (a cost every mutant reaching evaluate would pay)
    const { run, net } = setup(await csv({ y: (t) => Math.exp(wavy(t) / 2) + 0.5 }), { transform: 'log', level: 'global', season: 1 })
    const ev = evaluate(net, run, 0.9)
    expect(ev.intervalHalfWidth!).toBeGreaterThan(0)
    for (const f of ev.forecasts) {
      expect(f.value).toBeGreaterThan(0)
      expect(f.upper! / f.value).toBeCloseTo(f.value / f.lower!, 9)
      expect(f.upper! / f.value).toBeGreaterThan(1)
    }
    expect(ev.ahead!.log).toBe(true)
  })
})

describe('predictSplit', () => {
  it('batching does not change a forecast, and a per-step network is read at its last step', async () => {
    const { run, net } = setup(await csv({ y: wavy }), { level: 'global', transform: 'none' }, { outputMode: 'per-step' })
    const all = predictSplit(net, run, 'val')
    const small = predictSplit(net, run, 'val', 7)
    expect(small).toHaveLength(all.length)
    small.forEach((v, i) => expect(v).toBeCloseTo(all[i]!, 6)) // float32 sums may round differently per batch size
    const src = run.sources.val
    expect(all).toHaveLength(src.count)
    for (const i of [0, 5, src.count - 1]) {
      const b = src.batch([i])
      const y = predict(net, b.x, b.T, b.B) // (T, 1, 1)
      expect(all[i]).toBeCloseTo(y[b.T - 1]!, 6)
      expect(all[i]).not.toBeCloseTo(y[0]!, 3) // the premise: the steps differ
    }
  })
})

describe('evaluate (classification)', () => {
  const u = uniform(11)
  it('binary: each forecast is P(true) at the horizon, the table scores those probabilities', async () => {
    const y = (t: number) => 2 * Math.sin(t / 3) + (u(t) - 0.5)
    const { run, net } = setup(await csv({ y }), { task: 'classification', rule: 'y > 0' }, { forecaster: 'auto' })
    const ev = evaluate(net, run, 0.9)
    const test = ev.test!
    expect(test.classes).toEqual(['false', 'true'])
    const { target } = targetRows(run.prep.windows.test)
    expect(ev.forecasts).toHaveLength(target.length)
    let right = 0
    ev.forecasts.forEach((f, i) => {
      expect(f.value).toBeCloseTo(test.yhat[2 * i + 1]!, 12)
      expect(test.yhat[2 * i]! + test.yhat[2 * i + 1]!).toBeCloseTo(1, 12)
      expect(f.step).toBe(1)
      expect(f.ts).toBe(T0 + target[i]! * DAY)
      expect(f.actual).toBe(y(target[i]!) > 0 ? 1 : 0)
      expect([f.lower, f.upper]).toEqual([null, null])
      if ((f.value > 0.5 ? 1 : 0) === f.actual) right++
    })
    expect(value(ev.metrics, 'test', 'model', 'accuracy')).toBeCloseTo(right / target.length, 12)
    let brier = 0
    ev.forecasts.forEach((f) => (brier += (f.value - f.actual!) ** 2))
    // Brier over both classes' probabilities: twice the binary squared error
    expect(value(ev.metrics, 'test', 'model', 'brier')).toBeCloseTo((2 * brier) / target.length, 9)
    for (const split of ['train', 'val', 'test'])
      for (const m of ['model', ...Object.keys(test.baselines)])
        for (const k of ['accuracy', 'f1', 'precision', 'recall', 'logloss', 'brier', 'auc']) value(ev.metrics, split, m, k)
    const valBrier = Object.keys(test.baselines).map((b) => [b, value(ev.metrics, 'val', b, 'brier')!] as const)
    expect(ev.bestBaseline).toBe(valBrier.reduce((a, b) => (b[1] < a[1] ? b : a))[0])
    expect(ev.intervalCoverage).toBeNull()
  })

  it('multi-class: each forecast is the most probable class', async () => {
    const c = (t: number) => ['low', 'mid', 'high'][Math.floor(u(t) * 3)]!
    const { run, net } = setup(await csv({ y: wavy, c }), { target: 'c', features: ['y'], task: 'classification' }, { forecaster: 'auto' })
    const ev = evaluate(net, run, 0.9)
    const test = ev.test!
    const K = test.classes!.length
    expect(K).toBe(3)
    const levels = test.classes!
    const { target } = targetRows(run.prep.windows.test)
    ev.forecasts.forEach((f, i) => {
      const p = Array.from(test.yhat.subarray(i * K, i * K + K))
      expect(f.value).toBe(p.indexOf(Math.max(...p)))
      expect(levels[f.actual!]).toBe(c(target[i]!))
    })
    expect(new Set(ev.forecasts.map((f) => f.value)).size).toBeGreaterThanOrEqual(1)
  })
})
