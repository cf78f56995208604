// The stored skill's yardstick (evaluate's addSkill) and the one every view shows (core/export/verdict
// runSkill, metricsTable) are picked by one rule: these pin down the inputs it gets from evaluate.
// Which keys it scores (the headline metric of each task: an error, lower is better) and what becomes
// of a non-finite score (stored empty, so it is no candidate); an exact tie (a flat validation period).
import { describe, expect, it } from 'vitest'
import { importCsv, regressionMetrics, type Dataset } from '../data'
import { headlineMetric, higherIsBetter } from '../data/metrics'
import { Rng, createModel } from '../engine'
import { runSkill } from '../export/verdict'
import { resolveConfig } from './config'
import { evaluate } from './evaluate'
import { prepareRun } from './prepare'
import { uniform } from './testing'
import type { MetricRow } from './types'

const N = 300

function csv(y: (t: number) => string): Promise<Dataset> {
  const lines = ['date,y']
  for (let t = 0; t < N; t++) lines.push(`${new Date(Date.UTC(2020, 0, 1 + t)).toISOString().slice(0, 10)},${y(t)}`)
  return importCsv(lines.join('\n') + '\n', { fileName: 'yardstick.csv' })
}

function evaluated(ds: Dataset, data: Record<string, unknown> = {}) {
  const config = resolveConfig({ data: { target: 'y', lookBack: 8, ...data }, model: { cell: 'gru', hiddenSize: 4, forecaster: 'network' }, training: { epochs: 1, earlyStopping: null } })
  const run = prepareRun(config, ds)
  return evaluate(createModel(run.spec, new Rng(5), 'float32'), run, 0.9)
}

/** The rows as the store hands them back (ORDER BY split, model, metric), not in evaluate's order. */
const asStored = (ms: MetricRow[]) => [...ms].sort((a, b) => (a.split < b.split ? -1 : a.split > b.split ? 1 : a.model < b.model ? -1 : a.model > b.model ? 1 : a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0))

describe('the stored skill is scored on the headline metric, an error in both tasks', () => {
  it('regression (RMSE) and classification (Brier): lower is better, and the views name the stored yardstick', async () => {
    expect(higherIsBetter(headlineMetric('regression'))).toBe(false)
    expect(higherIsBetter(headlineMetric('classification'))).toBe(false)
    const u = uniform(11)
    const wavy = (t: number) => (3 * Math.sin((2 * Math.PI * t) / 7) + 2 * u(t)).toFixed(6)
    for (const [task, ev] of [['regression', evaluated(await csv(wavy))], ['classification', evaluated(await csv(wavy), { task: 'classification', rule: 'y > 0' })]] as const) {
      const key = headlineMetric(task)
      // every stored skill row is of that key: no score (accuracy, R², AUC) is ever a stored yardstick's metric
      expect(ev.metrics.some((m) => m.metric === 'skill'), task).toBe(true)
      expect(ev.bestBaseline, task).not.toBeNull()
      const base = (split: string) => ev.metrics.find((m) => m.split === split && m.model === ev.bestBaseline && m.metric === key)!.value!
      const mine = (split: string, metric: string = key) => ev.metrics.find((m) => m.split === split && m.model === 'model' && m.metric === metric)!.value!
      expect(mine('test', 'skill'), task).toBeCloseTo(1 - mine('test') / base('test'), 12)
      // the verdict, reading the same rows in evaluate's order or in the store's, names the same baseline
      expect(runSkill(task, null, ev.metrics, null).baseline, task).toBe(ev.bestBaseline)
      expect(runSkill(task, null, asStored(ev.metrics), null).baseline, task).toBe(ev.bestBaseline)
    }
  })
})

describe('an exact tie on validation: the stored yardstick is the one the views show', () => {
  it('a level that steps up before validation (every plain and statistical baseline fits it exactly): naive, read back from the store or not', async () => {
    const ev = evaluated(await csv((t) => (t < 150 ? '5' : '7')))
    const val = ev.metrics.filter((m) => m.split === 'val' && m.metric === 'rmse' && m.model !== 'model' && m.model !== 'network' && m.value === 0).map((m) => m.model)
    expect(val).toEqual(expect.arrayContaining(['naive', 'arima'])) // the premise: a tie, and the store's order (by name) puts arima first
    expect(ev.bestBaseline).toBe('naive')
    expect(runSkill('regression', null, asStored(ev.metrics), null).baseline).toBe('naive')
  })
})

describe('a non-finite score never reaches the yardstick: evaluate stores it empty', () => {
  it('values near 1e154 overflow every RMSE: each is stored null and there is no yardstick (not a nameless one)', async () => {
    // the premise: the squares of errors this size overflow, summed; each value's own square does
    // not (a value past 1.34e154 is refused before training: too-large.test.ts)
    expect(regressionMetrics([1.2e154, -1.2e154], [-1.2e154, 1.2e154]).rmse).toBe(Infinity)
    const u = uniform(3)
    const ev = evaluated(await csv((t) => (1.2e154 * (2 * u(t) - 1)).toPrecision(8)))
    const rmse = ev.metrics.filter((m) => m.metric === 'rmse')
    expect(rmse.length).toBeGreaterThanOrEqual(12)
    for (const m of ev.metrics) if (m.value !== null) expect(Number.isFinite(m.value), `${m.split}/${m.model}/${m.metric}`).toBe(true)
    for (const m of rmse) expect(m.value, `${m.split}/${m.model}`).toBeNull()
    expect(ev.bestBaseline).toBeNull()
    expect(ev.metrics.some((m) => m.metric === 'skill')).toBe(false)
  })
})
