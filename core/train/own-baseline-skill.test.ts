// A forecast of one statistical model alone (the network lost, or --forecaster ets) is that
// baseline's own forecast: its skill is measured against the best of the other baselines on
// validation, not as 0 against itself ("Worse than ETS by 0.0 %: use the ETS forecast").
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { importCsv, type Dataset } from '../data'
import { resolveConfig } from './config'
import { runTraining } from './run'
import type { TrainConfig } from './types'

const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const STATS = ['naive', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima'] as const

async function train(dataset: Dataset, forecaster: TrainConfig['model']['forecaster']) {
  const config = resolveConfig({ data: { target: 'CO2', features: [] } as never, model: { hiddenSize: 4, forecaster }, training: { epochs: 1, earlyStopping: null } })
  const r = (await runTraining({ config, dataset, appVersion: '0.1.0' }, hooks))!
  return (split: string, model: string, metric = 'rmse') => r.metrics.find((m) => m.split === split && m.model === model && m.metric === metric)?.value ?? null
}

it('a forecast that is the best baseline on validation: skill against the next best, not 0 against itself', async () => {
  const dataset = await importCsv(readFileSync(sample, 'utf8'), { fileName: 'co2-concentration.csv' })
  // the statistical model best on validation, forced as the forecast
  const first = await train(dataset, 'naive')
  const val = (v: typeof first) => STATS.map((s) => [s, v('val', s)] as const).filter(([, x]) => x !== null).sort((a, b) => a[1]! - b[1]!)
  const top = val(first)[0]![0]
  const v = await train(dataset, top)
  expect(v('test', 'model')).toBeCloseTo(v('test', top)!, 9) // the forecast is that baseline's own
  const next = val(v).find(([s]) => s !== top)![0]
  expect(v('test', 'model', 'skill')).toBeCloseTo(1 - v('test', 'model')! / v('test', next)!, 12)
  expect(Math.abs(v('test', 'model', 'skill')!)).toBeGreaterThan(1e-6)
})

it('a forecast made of several statistical models (their mean) is judged against a baseline it is not made of', async () => {
  const dataset = await importCsv(readFileSync(sample, 'utf8'), { fileName: 'co2-concentration.csv' })
  const config = resolveConfig({ data: { target: 'CO2', features: [] } as never, model: { hiddenSize: 4, forecaster: 'combination' }, training: { epochs: 1, earlyStopping: null } })
  const r = (await runTraining({ config, dataset, appVersion: '0.1.0' }, hooks))!
  const members = r.choice!.members.map((m) => m.name)
  expect(members.length).toBeGreaterThan(1)
  const at = (split: string, model: string, metric = 'rmse') => r.metrics.find((m) => m.split === split && m.model === model && m.metric === metric)?.value ?? null
  // the yardstick: the best on validation of the baselines that are not members (ETS, Theta, ARIMA are)
  const others = STATS.filter((s) => !members.includes(s) && at('val', s) !== null).sort((a, b) => at('val', a)! - at('val', b)!)
  expect(at('test', 'model', 'skill')).toBeCloseTo(1 - at('test', 'model')! / at('test', others[0]!)!, 12)
  expect(members).not.toContain(others[0])
})
