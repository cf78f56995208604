// evaluate's edges: a network with several outputs read at its last step in batches, outputs that
// are probabilities left as they are, and a log target's interval calibrated on log ratios (worked
// by hand from drift's forecasts).
import { describe, expect, it } from 'vitest'
import { targetRows, type Dataset } from '../data'
import { agedConformal } from '../data/testing'
import { Rng, createModel, predict, type Model } from '../engine'
import { resolveConfig } from './config'
import { evaluate, networkInUnits, predictSplit } from './evaluate'
import { perfectBaseline } from '../data/metrics'
import { prepareRun, type PreparedRun } from './prepare'
import { columnsCsv, uniform } from './testing'

const N = 300 // fraction split 0.7 / 0.15 / 0.15: rows 0-209 train, 210-254 val, 255-299 test
const noise = uniform(31)
const wavy = (t: number) => 3 * Math.sin(t / 5) + 2 * noise(t) - 0.5

const csv = (cols: Record<string, (t: number) => number | string>): Promise<Dataset> => columnsCsv(cols, N, 'edges.csv')

function setup(ds: Dataset, data: Record<string, unknown>, model: Record<string, unknown> = {}): { run: PreparedRun; net: Model } {
  const config = resolveConfig({ data: { target: 'y', lookBack: 6, ...data }, model: { cell: 'gru', hiddenSize: 4, forecaster: 'network', ...model }, training: { epochs: 1, earlyStopping: null } })
  const run = prepareRun(config, ds)
  return { run, net: createModel(run.spec, new Rng(3), 'float32') }
}

const level = (t: number) => ['low', 'mid', 'high'][Math.floor(noise(t + 1000) * 3)]!

describe('predictSplit with several outputs', () => {
  it('a per-step 3-class network in batches of 7: each window\'s 3 outputs are those of its last step', async () => {
    const { run, net } = setup(await csv({ y: wavy, c: level }), { target: 'c', features: ['y'], task: 'classification' }, { outputMode: 'per-step', forecaster: 'auto' })
    const O = net.spec.outputSize
    expect(O).toBe(3)
    const src = run.sources.val
    expect(src.count % 7).not.toBe(0) // a last, short batch
    const out = predictSplit(net, run, 'val', 7)
    expect(out).toHaveLength(src.count * O)
    for (let i = 0; i < src.count; i++) {
      const b = src.batch([i])
      const y = predict(net, b.x, b.T, b.B) // (T, 1, O)
      for (let o = 0; o < O; o++) {
        expect(out[i * O + o], `window ${i} output ${o}`).toBeCloseTo(y[(b.T - 1) * O + o]!, 6)
        if (i === 0) expect(out[o]).not.toBeCloseTo(y[o]!, 4) // the premise: the first step differs
      }
    }
  })

  it('batches of 1 and one batch of every window give the default batching\'s outputs (no empty batch past the end)', async () => {
    const { run, net } = setup(await csv({ y: wavy }), { level: 'global', transform: 'none', season: 1 })
    const count = run.sources.val.count
    const all = predictSplit(net, run, 'val')
    expect(all).toHaveLength(count)
    for (const size of [1, count]) predictSplit(net, run, 'val', size).forEach((v, i) => expect(v, `batch ${size}, window ${i}`).toBeCloseTo(all[i]!, 6))
  })

  it('networkInUnits leaves classification outputs (probabilities) as they are', async () => {
    const { run, net } = setup(await csv({ y: wavy, c: level }), { target: 'c', features: ['y'], task: 'classification' }, { forecaster: 'auto' })
    const out = predictSplit(net, run, 'test')
    const { origin } = targetRows(run.prep.windows.test)
    expect(networkInUnits(run, out, origin, 1)).toBe(out)
  })
})

describe('evaluate: a log target\'s interval is calibrated on log ratios', () => {
  it('forced drift: the half-width is the conformal quantile of |log y - log forecast| on validation (and the test rows observed), each bound a ratio of it', async () => {
    const y = (t: number) => Math.exp(wavy(t) / 4) + 1 // positive, swinging by a factor of ~4
    const { run, net } = setup(await csv({ y }), { transform: 'log', level: 'global', season: 1 }, { forecaster: 'drift' })
    const ev = evaluate(net, run, 0.9)
    const raw = run.prep.targetRaw
    const { train } = run.prep.splits
    const b = (raw[train.end - 1]! - raw[train.start]!) / (train.end - train.start - 1)
    const vo = targetRows(run.prep.windows.val).origin
    const to = targetRows(run.prep.windows.test).origin
    // the windows in time order, validation's then test's, each residual weighing by its age in
    // windows at the forecast it calibrates (agedConformal)
    const all = [...vo, ...to]
    const quantile = (os: number[], f: (o: number) => number, from: number) => agedConformal(os.map((o, j) => ({ e: f(o), age: from - j })), 0.9)
    const logRes = (o: number) => Math.abs(Math.log(raw[o + 1]!) - Math.log(raw[o]! + b))
    // kept for later: every validation and test residual
    expect(ev.intervalHalfWidth).toBeCloseTo(quantile(all, logRes, all.length), 9)
    // the premise: the raw residuals' quantile is another number
    expect(quantile(all, (o) => Math.abs(raw[o + 1]! - (raw[o]! + b)), all.length)).not.toBeCloseTo(ev.intervalHalfWidth!, 2)
    ev.forecasts.forEach((f, i) => {
      // the test window at origin o: validation's residuals and the test ones observed by o
      const q = quantile([...vo, ...Array.from(to).filter((t) => t + 1 <= to[i]!)], logRes, vo.length + i)
      expect(f.upper!).toBeCloseTo(f.value * Math.exp(q), 9)
      expect(f.lower!).toBeCloseTo(f.value * Math.exp(-q), 9)
    })
    const inside = ev.forecasts.filter((f) => f.actual! >= f.lower! && f.actual! <= f.upper!).length
    expect(ev.intervalCoverage).toBeCloseTo(inside / ev.forecasts.length, 12)
  })
})

describe('perfectBaseline: when a run stores no skill', () => {
  it('a baseline error of 0, or of rounding next to the model\'s (a one-class test period: Brier 2e-15 against 0.65, a skill of -3e16 %)', () => {
    expect([perfectBaseline(0.65, 0), perfectBaseline(0.65, 2e-15), perfectBaseline(0, 0)]).toEqual([true, true, true])
    expect([perfectBaseline(0.65, 0.5), perfectBaseline(1e-12, 1e-13), perfectBaseline(0, 1e-20)]).toEqual([false, false, false])
  })
})
