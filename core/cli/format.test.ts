import { expect, it } from 'vitest'
import { metricsTable } from './format'

it('lists metrics in the order a run computes them, whatever order they come in (a stored run: by name)', () => {
  const row = (metric: string, value: number) => ({ split: 'test' as const, model: 'model', metric, value })
  const byName = ['mae', 'mape', 'mase', 'r2', 'rmse', 'rmse@2', 'rmse@10', 'skill', 'smape'].map((m, i) => row(m, i))
  const header = metricsTable(byName).split('\n')[0]!.trim().split(/\s+/)
  expect(header).toEqual(['predictor', 'mae', 'rmse', 'mape', 'smape', 'mase', 'r2', 'rmse@2', 'rmse@10', 'skill'])
  const cls = ['accuracy', 'auc', 'brier', 'f1', 'logloss', 'precision', 'recall', 'skill'].map((m, i) => row(m, i))
  expect(metricsTable(cls).split('\n')[0]!.trim().split(/\s+/)).toEqual(['predictor', 'accuracy', 'f1', 'precision', 'recall', 'logloss', 'brier', 'auc', 'skill'])
})
