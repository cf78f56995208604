import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { applyFitted, CONFORMAL_DECAY, fitConformal, importCsv } from '../data'
import { ConfigError } from '../engine'
import { resolveConfig } from './config'
import { forecastAhead, loadModelFile, predictWindows, type LoadedModel } from './forecast'
import { prepareRun } from './prepare'
import { runTraining } from './run'
import type { TrainConfig, TrainResult } from './types'

// Direct multi-horizon regression: one window, h outputs, output k forecasting k rows ahead.
const text = readFileSync(new URL('../../resources/samples/co2-concentration.csv', import.meta.url), 'utf8')
const co2 = () => importCsv(text, { fileName: 'co2-concentration.csv' })
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
const H = 3

function configError(input: unknown): ConfigError {
  try {
    resolveConfig(input)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return e as ConfigError
  }
  throw new Error('resolveConfig accepted the config')
}

describe('data.direct config', () => {
  it('defaults to false and must be a boolean', () => {
    expect(resolveConfig({ data: { target: 'y' } }).data.direct).toBe(false)
    expect(configError({ data: { target: 'y', direct: 'yes' } }).field).toBe('data.direct')
  })

  it('is refused with classification and with per-step output', () => {
    expect(configError({ data: { target: 'y', task: 'classification', direct: true } }).field).toBe('data.direct')
    expect(configError({ data: { target: 'y', direct: true }, model: { outputMode: 'per-step' } }).field).toBe('data.direct')
  })
})

describe('a direct CO2 model with h = 3', () => {
  let config: TrainConfig
  let r: TrainResult
  let m: LoadedModel
  beforeAll(async () => {
    config = resolveConfig({
      data: { target: 'CO2', features: [], lookBack: 12, horizon: H, direct: true },
      model: { cell: 'gru', hiddenSize: 8, forecaster: 'network' },
      training: { epochs: 5, batchSize: 64, earlyStopping: null }
    })
    r = (await runTraining({ config, dataset: await co2(), appVersion: '0.1.0' }, hooks))!
    m = loadModelFile(JSON.parse(JSON.stringify(r.modelFile)), '0.1.0')
  })

  it('has h outputs and trains on (B, h) targets', async () => {
    const run = prepareRun(config, await co2())
    expect(run.spec.outputSize).toBe(H)
    const b = run.sources.train.batch([0, 1])
    expect(b.target.length).toBe(2 * H)
    // window 0's step-k target is the scaled target k rows after its last input, relative to
    // that last input's (level-relative modelling, the default)
    const s = run.prep.windows.train.starts[0]!
    const t = run.prep.target
    for (let k = 1; k <= H; k++) expect(b.target[k - 1]).toBe(Math.fround(t[s + 12 - 1 + k]! - t[s + 12 - 1]!))
  })

  it('writes forecast rows with steps 1..h per test origin, consecutive months', () => {
    expect(r.forecasts.length % H).toBe(0)
    expect(r.forecasts.length / H).toBeGreaterThan(50)
    for (let i = 0; i < r.forecasts.length; i += H) {
      const rows = r.forecasts.slice(i, i + H)
      expect(rows.map((f) => f.step)).toEqual([1, 2, 3])
      for (let k = 1; k < H; k++) {
        const a = new Date(rows[k - 1]!.ts)
        const b = new Date(rows[k]!.ts)
        expect(b.getUTCFullYear() * 12 + b.getUTCMonth() - (a.getUTCFullYear() * 12 + a.getUTCMonth())).toBe(1)
      }
      for (const f of rows) {
        expect(Number.isFinite(f.value)).toBe(true)
        expect(f.actual).not.toBeNull()
      }
    }
  })

  it('reports finite metrics at h (the plain names) and per step (rmse@k)', () => {
    const get = (split: string, metric: string) => r.metrics.find((x) => x.split === split && x.model === 'model' && x.metric === metric)?.value
    for (const split of ['train', 'val', 'test']) {
      for (const metric of ['mae', 'rmse', 'smape', 'mase', 'r2', 'rmse@1', 'rmse@2', 'rmse@3']) expect(Number.isFinite(get(split, metric)), `${split} ${metric}`).toBe(true)
      expect(get(split, 'rmse')).toBe(get(split, `rmse@${H}`))
      // baselines are scored per step on the same origins
      expect(r.metrics.some((x) => x.split === split && x.model === 'naive' && x.metric === 'rmse@1')).toBe(true)
    }
    expect(r.bestBaseline).not.toBeNull()
  })

  it('gives each step its own split-conformal interval: at least the level of the validation and test windows inside, through the model file', async () => {
    const qs = m.intervalHalfWidths!
    expect(qs).toHaveLength(H)
    expect(r.intervalHalfWidth).toBe(qs[H - 1])
    // Recompute from the saved model on the CSV: the validation and test windows' residuals per step.
    // (Observed: the widths need not grow with k here; the error is dominated by the trend
    // leaving the training range, not by the horizon, so no monotonicity is asserted.)
    const ds = await co2()
    const a = applyFitted(ds, m.config, m.fitted)
    const byOrigin = new Map<number, number[]>()
    for (const p of predictWindows(m, a)) {
      const o = p.row - p.step
      if (!byOrigin.has(o)) byOrigin.set(o, [])
      byOrigin.get(o)!.push(p.actual! - p.value)
    }
    const prep = prepareRun(config, ds).prep
    const resOf = (split: 'val' | 'test') => Array.from(prep.windows[split].starts, (s) => byOrigin.get(s + 12 - 1)!).flat() // (n, H)
    const val = resOf('val')
    const res = [...val, ...resOf('test')]
    // windows weighted by age (window i of n: CONFORMAL_DECAY^(n - i)), so at least the level of
    // the windows' weight lies inside
    const ci = fitConformal(res, H, config.interval.level, CONFORMAL_DECAY)
    const n = res.length / H
    for (let k = 0; k < H; k++) {
      expect(qs[k]).toBeCloseTo(ci.q[k]!, 6)
      let inside = 0
      let total = 0
      for (let i = 0; i < n; i++) {
        const w = CONFORMAL_DECAY ** (n - i)
        total += w
        if (Math.abs(res[i * H + k]!) <= qs[k]! + 1e-9) inside += w
      }
      expect(inside / total).toBeGreaterThanOrEqual(config.interval.level)
    }
    // the first test window has seen no test residual: its half-widths are validation's
    const first = fitConformal(val, H, config.interval.level, CONFORMAL_DECAY).q
    for (const f of r.forecasts.slice(0, H)) expect(f.upper! - f.value).toBeCloseTo(first[f.step - 1]!, 6)
    expect(Array.from(first)).not.toEqual(qs) // the premise: the test windows moved them
  })

  it('predictWindows reproduces the run\'s test forecasts step by step, and forecastAhead starts from the last window', async () => {
    const a = applyFitted(await co2(), m.config, m.fitted)
    const points = predictWindows(m, a)
    expect(points.length).toBe((a.N - 12 + 1) * H)
    const key = (ts: number, step: number) => `${ts}/${step}`
    const byKey = new Map(points.map((p) => [key(p.time!, p.step), p]))
    for (const f of r.forecasts) expect(byKey.get(key(f.ts, f.step))!.value).toBeCloseTo(f.value, 9)
    const ahead = forecastAhead(m, a, 7)
    expect(ahead.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7])
    const last = points.slice(-H)
    for (let k = 0; k < H; k++) {
      expect(ahead[k]!.value).toBe(last[k]!.value)
      expect(ahead[k]!.upper! - ahead[k]!.value).toBeCloseTo(m.ahead!.upper![k]!, 9)
      expect(ahead[k]!.lower! - ahead[k]!.value).toBeCloseTo(m.ahead!.lower![k]!, 9)
    }
    // steps 4..7 come from the second and third blocks, each with its own validated bounds
    for (let k = 3; k < 7; k++) {
      expect(ahead[k]!.upper! - ahead[k]!.value).toBeCloseTo(m.ahead!.upper![k]!, 9)
      expect(ahead[k]!.lower! - ahead[k]!.value).toBeCloseTo(m.ahead!.lower![k]!, 9)
    }
    for (const p of ahead) expect(Number.isFinite(p.value)).toBe(true)
  })
})
