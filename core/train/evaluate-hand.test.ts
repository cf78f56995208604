// evaluate against values worked out by hand, where the statistical model is one whose forecast is a
// formula: drift (y[o+k] = y[o] + k * b, b = mean of the training rows' differences, R's rwf(drift =
// TRUE)). A forecaster forced to drift makes the forecasts, the stored choice, the path intervals and
// their coverage, the per-step (direct) intervals, the clipping at 0 and the skill guard checkable
// from the series alone. Also: an ensemble is the weighted mean it says it is, a forecaster that
// cannot be fitted is refused with the reason, an interval too wide for its validation rows is none,
// rows without dates are numbered, and the classification rows are those of the forecasts shown.
// Every regression fixture is non-seasonal (season 1) so the statistical fits take well under a
// second (a weekly seasonal ARIMA search takes seconds, paid by every mutant run that reaches here).
import { describe, expect, it } from 'vitest'
import { targetRows, type Dataset } from '../data'
import { agedConformal, type AgedResidual } from '../data/testing'
import { ConfigError, Rng, createModel, type Model } from '../engine'
import { resolveConfig } from './config'
import { evaluate, networkInUnits, predictSplit } from './evaluate'
import { prepareRun, type PreparedRun } from './prepare'
import { columnsCsv, uniform } from './testing'
import type { MetricRow } from './types'

const N = 300 // fraction split 0.7 / 0.15 / 0.15: rows 0-209 train, 210-254 val, 255-299 test
const noise = uniform(23)
/** Swings around zero with noise (negative values: no clipping domain); not seasonal. */
const wavy = (t: number) => 3 * Math.sin(t / 5) + 2 * noise(t) - 0.5

const csv = (cols: Record<string, (t: number) => number | string>, dated = true, rows = N): Promise<Dataset> => columnsCsv(cols, rows, 'hand.csv', dated)

function setup(ds: Dataset, data: Record<string, unknown>, model: Record<string, unknown> = {}, seed = 3): { run: PreparedRun; net: Model } {
  const config = resolveConfig({
    data: { target: 'y', lookBack: 6, ...(data['task'] === 'classification' ? {} : { level: 'global', transform: 'none', season: 1 }), ...data },
    model: { cell: 'gru', hiddenSize: 4, forecaster: 'network', ...model },
    training: { epochs: 1, earlyStopping: null }
  })
  const run = prepareRun(config, ds)
  return { run, net: createModel(run.spec, new Rng(seed), 'float32') }
}

const rowsOf = (ms: MetricRow[], split: string, model: string, metric: string) => ms.filter((m) => m.split === split && m.model === model && m.metric === metric)
const value = (ms: MetricRow[], split: string, model: string, metric: string) => {
  const found = rowsOf(ms, split, model, metric)
  expect(found, `${split}/${model}/${metric}`).toHaveLength(1)
  return found[0]!.value
}

/** Path bounds from each step's residuals (choice.pathIntervals with >= 20 per step): each side the
 *  larger of the symmetric quantile and its own at 1 - (1 - level) / 2, widening with k; q the larger side. */
function bands(resPerStep: AgedResidual[][], level: number): { q: number[]; lower: number[]; upper: number[] } {
  const lower: number[] = []
  const upper: number[] = []
  resPerStep.forEach((res, k) => {
    const q = agedConformal(res, level)
    const side = 1 - (1 - level) / 2
    lower.push(Math.min(-q, -agedConformal(res.map((r) => ({ ...r, e: -r.e })), side, true), k ? lower[k - 1]! : 0))
    upper.push(Math.max(q, agedConformal(res, side, true), k ? upper[k - 1]! : 0))
  })
  return { q: upper.map((u, k) => Math.max(u, -lower[k]!)), lower, upper }
}

/** Drift's slope on rows [start, end): the mean difference. */
const slope = (y: ArrayLike<number>, start: number, end: number) => (y[end - 1]! - y[start]!) / (end - start - 1)

describe('evaluate with the forecaster forced to drift (every number worked from the series)', () => {
  it('forecasts y[o] + b, stores the fit on the training rows and the refit on every row, and its path intervals and their test coverage are the conformal ones', async () => {
    const { run, net } = setup(await csv({ y: wavy }), {}, { forecaster: 'drift' })
    const ev = evaluate(net, run, 0.9)
    const y = run.prep.targetRaw
    const { train, val, test } = run.prep.splits
    const b = slope(y, train.start, train.end)
    const K = run.steps
    expect(K).toBe(6) // no season: M4's yearly horizon

    // the stored choice: drift alone, fitted on the training rows; refitted on all rows for the future
    const c = ev.choice!
    expect(c).toMatchObject({ chosen: 'drift', label: expect.any(String), network: 0, season: 1, steps: K })
    expect(c.message).toMatch(/as configured/)
    expect(c.members).toHaveLength(1)
    const m = c.members[0]!
    expect(m).toMatchObject({ name: 'drift', weight: 1 })
    expect(m.label).toBe(c.label)
    expect(m.fit.params).toEqual({ last: y[train.end - 1], drift: expect.closeTo(b, 9) })
    expect(m.full.params).toEqual({ last: y[N - 1], drift: expect.closeTo(slope(y, 0, N), 9) })
    expect(c.validation.map((v) => v.name)).toContain('drift')

    // the model's test forecasts are drift's, one step ahead of each origin
    const { origin } = targetRows(run.prep.windows.test)
    expect(ev.forecasts).toHaveLength(origin.length)
    ev.forecasts.forEach((f, i) => expect(f.value).toBeCloseTo(y[origin[i]!]! + b, 9))
    // the table: model, network (the network is not the model here) and every baseline, 6 metrics on
    // each of the 3 splits, plus one skill row per split; nothing else
    const names = Object.keys(ev.test!.baselines)
    expect(names).toEqual(expect.arrayContaining(['naive', 'drift', 'ets', 'theta', 'arima']))
    expect(names).not.toContain('seasonal-naive') // season 1
    expect(ev.metrics).toHaveLength(3 * (2 + names.length) * 6 + 3)
    for (const split of ['train', 'val', 'test']) {
      expect(value(ev.metrics, split, 'model', 'rmse')).toBeCloseTo(value(ev.metrics, split, 'drift', 'rmse')!, 9)
      expect(value(ev.metrics, split, 'network', 'rmse')).not.toBeCloseTo(value(ev.metrics, split, 'model', 'rmse')!, 3)
    }

    // path intervals: validation origins o = val.start - 1 .. val.end - 2, residuals y[o+k] - (y[o] + k b)
    // where o + k is a validation row; each step its own quantiles (>= 20 residuals), never narrowing
    // with k; a residual from origin o weighs by its age at the new forecast's origin `from`
    const resAt = (k: number, o0: number, o1: number, end: number, from: number) => {
      const res: AgedResidual[] = []
      for (let o = o0; o <= o1; o++) if (o + k < end) res.push({ e: y[o + k]! - (y[o]! + k * b), age: from - o })
      return res
    }
    for (let k = 1; k <= K; k++) expect(resAt(k, val.start - 1, val.end - 2, val.end, val.end - 1).length).toBeGreaterThanOrEqual(20)
    const q = bands(Array.from({ length: K }, (_, k) => resAt(k + 1, val.start - 1, val.end - 2, val.end, val.end - 1)), 0.9)
    expect(ev.ahead!.calibrated).toBe(K)
    expect(ev.ahead!.log).toBe(false)
    ev.ahead!.validationQ.forEach((v, k) => expect(v, `step ${k + 1}`).toBeCloseTo(q.q[k]!, 9))
    // the forecast past the end: the same on every out-of-sample path, validation's and test's
    // (origins val.start - 1 .. test.end - 2, points o + k in val.start .. test.end - 1)
    const fwd = bands(Array.from({ length: K }, (_, k) => resAt(k + 1, val.start - 1, test.end - 2, test.end, test.end - 1)), 0.9)
    for (let k = 0; k < K; k++) {
      expect(ev.ahead!.lower![k], `forward lower step ${k + 1}`).toBeCloseTo(fwd.lower[k]!, 9)
      expect(ev.ahead!.upper![k], `forward upper step ${k + 1}`).toBeCloseTo(fwd.upper[k]!, 9)
      expect(ev.ahead!.q[k], `forward step ${k + 1}`).toBeCloseTo(fwd.q[k]!, 9)
    }
    expect(ev.ahead!.q[0]).not.toBeCloseTo(q.q[0]!, 6) // the premise: the test rows change it
    // their coverage: test origins o = test.start - 1 .. test.end - 2, points o + k inside the test
    // rows, each origin's bounds calibrated on the path residuals at validation's rows and at the
    // test rows observed by then (rows up to o)
    const qAt = (o: number) => bands(Array.from({ length: K }, (_, k) => resAt(k + 1, val.start - 1, test.end - 2, Math.max(val.end, o + 1), Math.max(val.end - 1, o))), 0.9)
    expect(qAt(test.start - 1)).toEqual(q) // the first test origin has seen validation's rows only
    let n = 0
    let inside = 0
    let insideStatic = 0
    for (let o = test.start - 1; o <= test.end - 2; o++) {
      const qo = qAt(o)
      for (let k = 1; k <= K; k++) {
        if (o + k >= test.end) continue
        n++
        const e = y[o + k]! - (y[o]! + k * b)
        if (e >= qo.lower[k - 1]! && e <= qo.upper[k - 1]!) inside++
        if (e >= q.lower[k - 1]! && e <= q.upper[k - 1]!) insideStatic++
      }
    }
    expect(inside).toBeGreaterThan(0)
    expect(inside).toBeLessThan(n) // the premise: coverage is neither 0 nor 1
    expect(inside).not.toBe(insideStatic) // and the test rows seen move it
    expect(ev.ahead!.coverage).toBeCloseTo(inside / n, 12)
  })

  it('direct, 3 steps: each step forecasts y[o] + k b, with its own conformal half-width from the validation windows and the test windows observed by its origin, and coverage at step 3', async () => {
    const { run, net } = setup(await csv({ y: wavy }), { horizon: 3, direct: true }, { forecaster: 'drift' })
    const ev = evaluate(net, run, 0.8)
    const y = run.prep.targetRaw
    const b = slope(y, run.prep.splits.train.start, run.prep.splits.train.end)
    const { origin } = targetRows(run.prep.windows.test)
    expect(ev.forecasts).toHaveLength(3 * origin.length)
    ev.forecasts.forEach((f, i) => {
      const o = origin[Math.floor(i / 3)]!
      const k = (i % 3) + 1
      expect(f.step).toBe(k)
      expect(f.value).toBeCloseTo(y[o]! + k * b, 9)
      expect(f.actual).toBeCloseTo(y[o + k]!, 9)
    })
    for (const split of ['train', 'val', 'test'])
      for (const k of [1, 2, 3]) expect(value(ev.metrics, split, 'model', `rmse@${k}`)).toBeCloseTo(value(ev.metrics, split, 'drift', `rmse@${k}`)!, 9)
    // per-step half-widths of a test window at origin o: the conformal quantile of step k's
    // validation residuals and of the test residuals of step k already observed (o' + k <= o); those
    // kept for later (the model file's): every validation and test residual of step k
    // Each residual weighs by its window's age in windows: validation's in order, then the test ones
    // (positions 0..nv-1, nv..nv+nt-1); at test window t the age of the window at position j is
    // nv + t - j, and for those kept for later nv + nt - j.
    const vo = targetRows(run.prep.windows.val).origin
    const nv = vo.length
    const nt = origin.length
    const res = (o: number, k: number) => y[o + k]! - (y[o]! + k * b)
    const qAt = (t: number, k: number) =>
      agedConformal([...Array.from(vo, (v, j) => ({ e: res(v, k), age: nv + t - j })), ...Array.from(origin).flatMap((u, j) => (u + k <= origin[t]! ? [{ e: res(u, k), age: t - j }] : []))], 0.8)
    const q = [1, 2, 3].map((k) => agedConformal([...Array.from(vo, (v, j) => ({ e: res(v, k), age: nv + nt - j })), ...Array.from(origin, (u, j) => ({ e: res(u, k), age: nt - j }))], 0.8))
    expect(ev.intervalHalfWidths).toHaveLength(3)
    ev.intervalHalfWidths!.forEach((v, j) => expect(v).toBeCloseTo(q[j]!, 9))
    expect(ev.intervalHalfWidth).toBe(ev.intervalHalfWidths![2])
    ev.forecasts.forEach((f, i) => {
      const t = Math.floor(i / 3)
      expect(f.upper! - f.value).toBeCloseTo(qAt(t, f.step), 9)
      expect(f.value - f.lower!).toBeCloseTo(qAt(t, f.step), 9)
    })
    // the premise: the test residuals seen move the half-widths within the test period
    expect(new Set(ev.forecasts.filter((f) => f.step === 1).map((f) => (f.upper! - f.value).toFixed(9))).size).toBeGreaterThan(1)
    // coverage is that of step 3 (the horizon)
    const at3 = ev.forecasts.filter((f) => f.step === 3)
    const inside3 = at3.filter((f) => f.actual! >= f.lower! && f.actual! <= f.upper!).length
    const inside1 = ev.forecasts.filter((f) => f.step === 1 && f.actual! >= f.lower! && f.actual! <= f.upper!).length
    expect(inside1).not.toBe(inside3) // the premise: steps 1 and 3 cover differently
    expect(ev.intervalCoverage).toBeCloseTo(inside3 / at3.length, 12)
  })
})

describe('evaluate: clipping, the skill guard and skipped models (a line falling through 0 after training)', () => {
  // 4300 rows, so 3010 training rows: more than ARIMA is fitted on (ARIMA_MAX_ROWS = 3000, a policy
  // of choice.ts), so it is skipped and named. y = 2 (3009 - t) + 1: every training value >= 1
  // (domain: non-negative), validation and test values below 0. Drift fits it exactly (b = -2), so its
  // forecasts are the line itself, below 0 past training. The forecast shown is clipped at 0, the
  // baselines are not.
  const ROWS = 4300
  const line = (t: number) => 2 * (3009 - t) + 1

  it('clips the forecasts and bounds at 0, shows no skill against a perfect yardstick, and names the skipped model', async () => {
    const { run, net } = setup(await csv({ y: line }, true, ROWS), {}, { forecaster: 'drift' })
    expect(run.prep.splits.train.end - run.prep.splits.train.start).toBe(3010)
    const ev = evaluate(net, run, 0.9)
    expect(ev.range?.domain).toBe('non-negative')
    const { origin } = targetRows(run.prep.windows.test)
    const drift = ev.test!.baselines['drift']!
    origin.forEach((o, i) => expect(drift[i]).toBeCloseTo(line(o + 1), 9)) // the exact line, below 0
    expect(drift.every((v) => v < 0)).toBe(true)
    for (const f of ev.forecasts) {
      expect(f.value).toBe(0)
      expect(f.lower).toBe(0)
      expect(f.upper!).toBeGreaterThan(0)
    }
    expect(Array.from(ev.test!.yhat).every((v) => v === 0)).toBe(true)
    // drift's validation RMSE is 0, so it is the yardstick, and 1 - RMSE / 0 is no skill at all: no row
    expect(value(ev.metrics, 'val', 'drift', 'rmse')).toBeCloseTo(0, 9)
    expect(ev.bestBaseline).not.toBeNull()
    expect(value(ev.metrics, 'val', ev.bestBaseline!, 'rmse')).toBe(0)
    expect(ev.metrics.filter((m) => m.metric === 'skill')).toEqual([])
    // ARIMA was not fitted, and the run says why
    expect(ev.notices).toEqual(['statistical model skipped: arima: not fitted on 3010 training rows (more than 3000)'])
  })

  it('refuses a forced forecaster that could not be fitted, with the reason it was skipped', async () => {
    const { run, net } = setup(await csv({ y: line }, true, ROWS), {}, { forecaster: 'arima' })
    let err: unknown
    try {
      evaluate(net, run, 0.9)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).message).toContain("'arima' could not be fitted to this series (arima: not fitted on 3010 training rows (more than 3000))")
  })

  it('refuses a seasonal-naive forecast without a season, saying what the fallbacks need', async () => {
    const { run, net } = setup(await csv({ y: wavy }), {}, { forecaster: 'seasonal-naive' })
    expect(() => evaluate(net, run, 0.9)).toThrow(/'seasonal-naive' could not be fitted to this series \(it needs two of ETS, Theta and ARIMA fitted\)/)
  })
})

describe('evaluate: an ensemble is the weighted mean it reports', () => {
  it('test forecasts = network weight x the network + each member weight x its forecast, weights summing to 1', async () => {
    const { run, net } = setup(await csv({ y: wavy }), {}, { forecaster: 'ensemble' })
    const ev = evaluate(net, run, 0.9)
    const c = ev.choice!
    expect(c.chosen).toBe('ensemble')
    expect(c.members.length).toBeGreaterThanOrEqual(2)
    expect(c.network).toBeCloseTo(1 / (c.members.length + 1), 12)
    expect(c.network + c.members.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 12)
    const { origin } = targetRows(run.prep.windows.test)
    const netTest = networkInUnits(run, predictSplit(net, run, 'test'), origin, 1)
    const base = ev.test!.baselines
    ev.forecasts.forEach((f, i) => {
      const want = c.network * netTest[i]! + c.members.reduce((s, m) => s + m.weight * base[m.name]![i]!, 0)
      expect(f.value).toBeCloseTo(want, 9)
    })
    // the network has its own row, and it is not the model's
    expect(value(ev.metrics, 'test', 'network', 'rmse')).not.toBeCloseTo(value(ev.metrics, 'test', 'model', 'rmse')!, 6)
  })
})

describe('evaluate: no interval when validation is too short for the level', () => {
  // 45 validation windows: the 0.99 quantile's rank ceil(46 x 0.99) = 46 is past the last residual,
  // so the honest interval is unbounded, and none is shown. The file has no date column: rows are
  // numbered.
  it('direct, 2 steps, level 0.99: no half-widths, bounds or coverage; forecasts dated by row number', async () => {
    const { run, net } = setup(await csv({ y: wavy }, false), { horizon: 2, direct: true })
    expect(run.prep.time).toBeNull()
    const ev = evaluate(net, run, 0.99)
    expect(targetRows(run.prep.windows.val).target.length).toBeLessThan(99)
    expect(ev.intervalHalfWidth).toBeNull()
    expect(ev.intervalHalfWidths).toBeNull()
    expect(ev.intervalCoverage).toBeNull()
    const { origin } = targetRows(run.prep.windows.test)
    expect(ev.forecasts).toHaveLength(2 * origin.length)
    ev.forecasts.forEach((f, i) => {
      expect([f.lower, f.upper]).toEqual([null, null])
      expect(f.ts).toBe(origin[Math.floor(i / 2)]! + f.step)
    })
  })
})

describe('evaluate (classification): the rows are those of the forecasts shown', () => {
  const u = uniform(29)
  it('binary: forecasts are the network\'s P(true); precision, recall and F1 are class true\'s, counted by hand; undated rows are numbered', async () => {
    const y = (t: number) => 2 * Math.sin(t / 3) + (u(t) - 0.5)
    // seed 4: an untrained network whose P(true) straddles 0.5 on test (the premise below)
    const { run, net } = setup(await csv({ y }, false), { task: 'classification', rule: 'y > 0' }, { forecaster: 'auto' }, 4)
    const ev = evaluate(net, run, 0.9)
    const { target } = targetRows(run.prep.windows.test)
    const p1 = predictSplit(net, run, 'test') // one sigmoid output: P(true)
    expect(p1).toHaveLength(target.length)
    let tp = 0
    let fp = 0
    let fn = 0
    ev.forecasts.forEach((f, i) => {
      expect(f.value).toBeCloseTo(p1[i]!, 12)
      expect(f.ts).toBe(target[i])
      const hat = f.value > 0.5 ? 1 : 0
      if (hat === 1 && f.actual === 1) tp++
      if (hat === 1 && f.actual === 0) fp++
      if (hat === 0 && f.actual === 1) fn++
    })
    expect(tp + fp).toBeGreaterThan(0) // the premise: both kinds of prediction happen
    expect(tp + fn).toBeGreaterThan(0)
    const precision = tp / (tp + fp)
    const recall = tp / (tp + fn)
    expect(value(ev.metrics, 'test', 'model', 'precision')).toBeCloseTo(precision, 12)
    expect(value(ev.metrics, 'test', 'model', 'recall')).toBeCloseTo(recall, 12)
    expect(value(ev.metrics, 'test', 'model', 'f1')).toBeCloseTo(precision + recall ? (2 * precision * recall) / (precision + recall) : 0, 12)
  })

  it('multi-class: precision, recall and F1 are the means over classes of the per-class ones, counted by hand', async () => {
    const c = (t: number) => ['low', 'mid', 'high'][Math.floor(u(t) * 3)]!
    const { run, net } = setup(await csv({ y: wavy, c }), { target: 'c', features: ['y'], task: 'classification' }, { forecaster: 'auto' })
    const ev = evaluate(net, run, 0.9)
    const K = 3
    const conf = Array.from({ length: K }, () => [0, 0, 0])
    for (const f of ev.forecasts) conf[f.actual!]![f.value]!++
    const div = (a: number, b: number) => (b === 0 ? 0 : a / b)
    const prec = [0, 1, 2].map((k) => div(conf[k]![k]!, conf[0]![k]! + conf[1]![k]! + conf[2]![k]!))
    const rec = [0, 1, 2].map((k) => div(conf[k]![k]!, conf[k]!.reduce((a, b) => a + b, 0)))
    const f1 = [0, 1, 2].map((k) => div(2 * prec[k]! * rec[k]!, prec[k]! + rec[k]!))
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length
    expect(new Set(ev.forecasts.map((f) => f.value)).size).toBeGreaterThanOrEqual(2) // the premise: more than one class predicted
    expect(value(ev.metrics, 'test', 'model', 'precision')).toBeCloseTo(mean(prec), 12)
    expect(value(ev.metrics, 'test', 'model', 'recall')).toBeCloseTo(mean(rec), 12)
    expect(value(ev.metrics, 'test', 'model', 'f1')).toBeCloseTo(mean(f1), 12)
  })
})
