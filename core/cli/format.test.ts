import { expect, it } from 'vitest'
import { displayWidth, metricsTable, table } from './format'

it('lists metrics in the order a run computes them, whatever order they come in (a stored run: by name)', () => {
  const row = (metric: string, value: number) => ({ split: 'test' as const, model: 'model', metric, value })
  const byName = ['mae', 'mape', 'mase', 'r2', 'rmse', 'rmse@2', 'rmse@10', 'skill', 'smape'].map((m, i) => row(m, i))
  const header = metricsTable(byName).split('\n')[0]!.trim().split(/\s+/)
  expect(header).toEqual(['predictor', 'mae', 'rmse', 'mape', 'smape', 'mase', 'r2', 'rmse@2', 'rmse@10', 'skill'])
  const cls = ['accuracy', 'auc', 'brier', 'f1', 'logloss', 'precision', 'recall', 'skill'].map((m, i) => row(m, i))
  expect(metricsTable(cls).split('\n')[0]!.trim().split(/\s+/)).toEqual(['predictor', 'accuracy', 'f1', 'precision', 'recall', 'logloss', 'brier', 'auc', 'skill'])
})

it('tables align by the columns a terminal draws: CJK and emoji take two, combining marks none', () => {
  expect([displayWidth('store'), displayWidth('店铺'), displayWidth('🚀x'), displayWidth('é'), displayWidth('e\u0301')]).toEqual([5, 4, 3, 1, 1])
  const lines = table(['series', 'mae'], [['店铺 1', '1.5'], ['shop 22', '10.25'], ['🚀', '3']]).split('\n')
  // every row's last cell ends in the same column
  expect(new Set(lines.map(displayWidth))).toEqual(new Set([displayWidth(lines[0]!)]))
  expect(lines[2]).toBe('店铺 1     1.5')
})
