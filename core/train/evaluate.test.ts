// evaluate's honesty, through its public entry: MASE is scaled by the training rows alone, the
// skill yardstick (best baseline) is picked on validation, and each test interval is calibrated on
// validation and the test residuals observed by its origin. Rows are looked up by split/model/metric, so new baselines or metric rows change
// nothing here; an untrained model is enough (what is checked does not depend on its quality).
import { describe, expect, it } from 'vitest'
import { chooseThreshold, importCsv, naiveScale, targetRows, type Dataset } from '../data'
import { Rng, createModel, type Model } from '../engine'
import { resolveConfig } from './config'
import { evaluate, predictSplit, type Evaluation } from './evaluate'
import { prepareRun } from './prepare'
import { uniform } from './testing'
import type { MetricRow } from './types'

const N = 400 // fraction split 0.7 / 0.15 / 0.15: rows 0-279 train, 280-339 val, 340-399 test

function csv(y: (t: number) => number): Promise<Dataset> {
  const lines = ['date,y']
  for (let t = 0; t < N; t++) lines.push(`${new Date(Date.UTC(2020, 0, 1 + t)).toISOString().slice(0, 10)},${y(t).toFixed(6)}`)
  return importCsv(lines.join('\n') + '\n', { fileName: 'synthetic.csv' })
}

async function evaluated(ds: Dataset, data: Record<string, unknown> = {}): Promise<{ ev: Evaluation; run: ReturnType<typeof prepareRun>; model: Model }> {
  const config = resolveConfig({ data: { target: 'y', lookBack: 8, ...data }, model: { cell: 'gru', hiddenSize: 4 }, training: { epochs: 1, earlyStopping: null } })
  const run = prepareRun(config, ds)
  const model = createModel(run.spec, new Rng(5), 'float32')
  return { ev: evaluate(model, run, 0.9), run, model }
}

const row = (ms: MetricRow[], split: string, model: string, metric: string) => ms.find((m) => m.split === split && m.model === model && m.metric === metric)?.value ?? null
const NOT_BASELINES = new Set(['model', 'network'])

/** mae / mase for every (split, model) row that has both: the MASE scale evaluate used. */
function scales(ms: MetricRow[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const m of ms) {
    if (m.metric !== 'mae' || m.value === null || m.value === 0) continue
    const mase = row(ms, m.split, m.model, 'mase')
    if (mase !== null && mase !== 0) out.set(`${m.split}/${m.model}`, m.value / mase)
  }
  return out
}

describe('evaluate: MASE is scaled by the training rows only', () => {
  // Calm training rows (a small sine), then validation and test rows of uniform noise +-100: a scale
  // computed over the whole series would be tens of times larger than the training rows' one.
  const calm = (t: number) => Math.sin((2 * Math.PI * t) / 10) + 0.1 * Math.cos(t)
  const noise = uniform(3)
  const wild = (amp: number) => (t: number) => (t < 280 ? calm(t) : amp * (2 * noise(t) - 1) + calm(t))

  it('uses one scale for every split and model, the training rows\' naive MAE, untouched by validation and test values', async () => {
    const a = await evaluated(await csv(wild(100)))
    const b = await evaluated(await csv(wild(300)))
    const sa = scales(a.ev.metrics)
    const sb = scales(b.ev.metrics)
    expect(sa.size).toBeGreaterThanOrEqual(6) // model and baselines, on every split
    for (const split of ['train', 'val', 'test']) expect([...sa.keys()].some((k) => k.startsWith(`${split}/`)), split).toBe(true)
    const train = a.run.prep.splits.train
    const trainY = a.run.prep.targetRaw.subarray(train.start, train.end)
    expect(train.end - train.start).toBeGreaterThan(200)
    const scale = [...sa.values()][0]!
    for (const [key, s] of sa) expect(s, key).toBeCloseTo(scale, 6)
    // validation and test values changed threefold; the scale did not move
    for (const [key, s] of sb) expect(s, key).toBeCloseTo(scale, 6)
    // it is the naive MAE of the training rows (lag 1 or a seasonal lag), not of the whole series
    const lags = Array.from({ length: 24 }, (_, i) => i + 1)
    const all = a.run.prep.targetRaw
    expect(lags.some((m) => Math.abs(naiveScale(trainY, m) - scale) < 1e-6 * scale), `scale ${scale}`).toBe(true)
    for (const m of lags) expect(naiveScale(all, m), `whole-series lag ${m}`).toBeGreaterThan(10 * scale) // the premise
  })
})

describe('evaluate: the skill yardstick is picked on validation, not on test', () => {
  // Classification on y > 0. Validation holds long runs (persistence is nearly perfect there), test
  // alternates every row (persistence is always wrong there): the two splits rank the baselines in
  // opposite orders.
  const u = uniform(19)
  const y = (t: number) => (t < 280 ? (u(t) < 0.5 ? -1 : 1) : t < 340 ? (Math.floor((t - 280) / 15) % 2 ? 1 : -1) : t % 2 ? 1 : -1)

  it('names the baseline best on validation and scores test skill against it', async () => {
    const { ev } = await evaluated(await csv(y), { task: 'classification', rule: 'y > 0' })
    const metric = 'brier'
    const scores = (split: string) => new Map(ev.metrics.filter((m) => m.split === split && m.metric === metric && !NOT_BASELINES.has(m.model) && m.value !== null).map((m) => [m.model, m.value!]))
    const val = scores('val')
    const test = scores('test')
    expect(val.size).toBeGreaterThanOrEqual(2)
    const argmin = (s: Map<string, number>) => [...s.entries()].reduce((a, b) => (b[1] < a[1] ? b : a))[0]
    const onVal = argmin(val)
    const onTest = argmin(test)
    // the premise: the splits disagree, clearly
    expect(onVal).not.toBe(onTest)
    expect(val.get(onTest)!).toBeGreaterThan(val.get(onVal)! + 0.1)
    expect(test.get(onVal)!).toBeGreaterThan(test.get(onTest)! + 0.1)

    expect(ev.bestBaseline).toBe(onVal)
    const model = row(ev.metrics, 'test', 'model', metric)!
    expect(row(ev.metrics, 'test', 'model', 'skill')).toBeCloseTo(1 - model / test.get(onVal)!, 12)
    expect(row(ev.metrics, 'val', 'model', 'skill')).toBeCloseTo(1 - row(ev.metrics, 'val', 'model', metric)! / val.get(onVal)!, 12)
  })
})

describe('evaluate: a two-class run\'s threshold is chosen on its validation rows', () => {
  const u = uniform(23)
  const y = (t: number) => (u(t) < 0.4 ? -1 : 1)
  // the same series with other test rows (340-399)
  const otherTest = (t: number) => (t < 340 ? y(t) : t % 3 ? -1 : 1)

  it('chooses on the validation windows alone: other test rows leave it as it was', async () => {
    const { ev, run, model } = await evaluated(await csv(y), { task: 'classification', rule: 'y > 0' })
    const { target } = targetRows(run.prep.windows.val)
    const classes = Array.from(target, (r) => run.prep.target[r]!)
    expect(target.length).toBeGreaterThan(30)
    expect(ev.threshold).toMatchObject({ rule: 'youden', n: target.length, positives: classes.filter((c) => c === 1).length })
    // the network's validation probabilities of class 1 (one sigmoid output), and nothing else
    const p1 = predictSplit(model, run, 'val')
    expect(p1.length).toBe(target.length)
    expect(ev.threshold).toEqual(chooseThreshold(classes, p1))
    expect((await evaluated(await csv(otherTest), { task: 'classification', rule: 'y > 0' })).ev.threshold).toEqual(ev.threshold)
  })

  it('says why none is chosen where validation holds one class, and keeps none for regression', async () => {
    const oneClass = (t: number) => (t >= 280 && t < 340 ? 1 : y(t))
    expect((await evaluated(await csv(oneClass), { task: 'classification', rule: 'y > 0' })).ev.threshold).toMatchObject({ threshold: null, reason: 'one-class', validation: null })
    expect((await evaluated(await csv((t) => Math.sin(t / 5)))).ev.threshold).toBeUndefined()
  })
})

describe('evaluate: each test interval is calibrated on what was known at its origin', () => {
  // Calm rows up to validation's end, then a test split that swings by +-100 and more, each swing a
  // little wider (so every residual differs and any one more or less moves the quantile): test
  // residuals are huge whatever the model says, validation residuals are not.
  const calm = (t: number) => Math.sin((2 * Math.PI * t) / 10) - 0.5
  const yv = (t: number) => (t < 340 ? calm(t) : (t % 2 ? 1 : -1) * (100 + 3 * (t - 340)))
  // the same series with its last 20 test rows swinging by +-20
  const later = (t: number) => (t < 380 ? yv(t) : (t % 2 ? 20 : -20))

  it('starts the test period with validation\'s half-width and widens as the swings are observed', async () => {
    const { ev, run } = await evaluated(await csv(yv))
    const nVal = run.prep.windows.val.starts.length
    const valRmse = row(ev.metrics, 'val', 'model', 'rmse')!
    expect(nVal).toBeGreaterThan(20)
    const half = ev.forecasts.filter((f) => f.upper !== null).map((f) => f.upper! - f.value)
    expect(half.length).toBe(ev.forecasts.length)
    // the first test interval has seen no test residual: its half-width is one of the |validation
    // residuals|, each at most sqrt(n) * RMSE
    expect(half[0]!).toBeLessThanOrEqual(Math.sqrt(nVal) * valRmse * (1 + 1e-9))
    // the premise: most test residuals are far larger
    const testRes = ev.forecasts.map((f) => Math.abs(f.actual! - f.value)).sort((a, b) => a - b)
    expect(testRes[Math.floor(testRes.length / 2)]!).toBeGreaterThan(2 * Math.sqrt(nVal) * valRmse)
    // wide once the swings make up more than a tenth of what it has seen
    for (const h of half.slice(-20)) expect(h).toBeGreaterThan(100)
    // the half-width kept for after the data has seen every residual: the widest
    expect(ev.intervalHalfWidth!).toBeGreaterThanOrEqual(half.at(-1)! - 1e-9)
  })

  it('does not look ahead: test values after an origin change nothing in its interval', async () => {
    const a = (await evaluated(await csv(yv))).ev.forecasts
    const b = (await evaluated(await csv(later))).ev.forecasts
    expect(a.length).toBe(b.length)
    let same = 0
    for (let i = 0; i < a.length; i++) {
      const origin = (a[i]!.ts as number) - a[i]!.step * 86_400_000 // daily rows
      if (origin < Date.UTC(2020, 0, 1 + 380)) {
        // every row up to the origin is the same in both files, so is the interval
        expect(b[i]!.value).toBe(a[i]!.value)
        expect(b[i]!.upper).toBe(a[i]!.upper)
        same++
      }
    }
    expect(same).toBeGreaterThanOrEqual(35)
    // the premise: the files' forecasts do differ once the origin has seen the changed rows
    expect(b.at(-1)!.value).not.toBe(a.at(-1)!.value)
  })
})
