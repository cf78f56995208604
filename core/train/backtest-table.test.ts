import { describe, expect, it } from 'vitest'
import type { BacktestFold } from './backtest'
import { backtestMetrics, backtestTable, headlineMetric } from './backtest-table'

const fold = (n: number, scores: Record<string, number | null>, metric = 'rmse'): BacktestFold => ({
  fold: n,
  trainRows: 100 + 10 * n,
  testRows: 10,
  metrics: [
    ...Object.entries(scores).map(([model, value]) => ({ split: 'test' as const, model, metric, value })),
    { split: 'test' as const, model: 'model', metric: 'skill', value: 0.1 }
  ],
  notes: []
})

describe('backtestTable', () => {
  const folds = [
    fold(1, { model: 0.4, network: 0.3, naive: 0.5, ets: 0.45 }),
    fold(2, { model: 0.6, network: 0.7, naive: 0.55, ets: 0.65 }),
    fold(3, { model: 0.2, network: 0.25, naive: 0.6, ets: 0.3 })
  ]

  it('gives each fold its values, the best of each row, and the means', () => {
    const t = backtestTable(folds, 'rmse')
    expect(t.predictors).toEqual(['model', 'network', 'naive', 'ets'])
    expect(t.rows.map((r) => r.best)).toEqual([0.3, 0.55, 0.2])
    expect(t.mean.values[0]).toBeCloseTo(0.4, 12)
    expect(t.mean.values[2]).toBeCloseTo(0.55, 12)
    expect(t.mean.best).toBeCloseTo(0.4, 12) // the forecast's; the network alone has 1.25 / 3
  })

  it('counts the folds the forecast beat the best baseline, never the network alone', () => {
    const t = backtestTable(folds, 'rmse')
    // fold 1: 0.4 < 0.45; fold 2: 0.6 > 0.55; fold 3: 0.2 < 0.3. The network (0.3 in fold 1) is not a baseline.
    expect([t.beat, t.compared]).toEqual([2, 3])
    expect(t.bestBaseline?.model).toBe('ets')
    expect(t.bestBaseline?.mean).toBeCloseTo(1.4 / 3, 12)
  })

  it('reads accuracy as higher is better', () => {
    const acc = [fold(1, { model: 0.8, majority: 0.7 }, 'accuracy'), fold(2, { model: 0.6, majority: 0.65 }, 'accuracy')]
    const t = backtestTable(acc, 'accuracy')
    expect(t.higherBetter).toBe(true)
    expect(t.rows.map((r) => r.best)).toEqual([0.8, 0.65])
    expect([t.beat, t.compared]).toEqual([1, 2])
    expect(t.bestBaseline).toEqual({ model: 'majority', mean: 0.675 })
  })

  it('leaves the mean blank for a predictor a fold could not score', () => {
    const t = backtestTable([fold(1, { model: 1, arima: 2 }), fold(2, { model: 1 })], 'rmse')
    expect(t.rows[1]!.values).toEqual([1, null])
    expect(t.mean.values).toEqual([1, null])
    expect(t.bestBaseline).toBeNull()
    expect([t.beat, t.compared]).toEqual([1, 1])
  })

  it('names the headline metric and the metrics scored', () => {
    expect(headlineMetric('regression')).toBe('rmse')
    expect(headlineMetric('classification')).toBe('accuracy')
    expect(backtestMetrics(folds)).toEqual(['rmse'])
  })
})
