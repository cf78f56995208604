import { describe, expect, it } from 'vitest'
import { compareRows, compareSeries, notComparable, seriesSide, seriesWords, winsWords, type CompareSide, type ScoredOn, type SeriesScore } from './compare'
import { defaultConfig } from '../train/config'

const side = (datasetName: string, target: string, forecaster: CompareSide['forecaster'], metrics: [string, string, string, number | null][]): CompareSide =>
  ({ datasetName, target, forecaster, metrics: metrics.map(([split, model, metric, value]) => ({ split, model, metric, value })) })

describe('compareRows', () => {
  it("gives each run's data and forecaster, then its forecast's test metrics in reading order", () => {
    const a = side('co2.csv', 'CO2', { chosen: 'theta', label: 'Theta' }, [['test', 'model', 'skill', 0.2], ['test', 'model', 'mase', 0.5], ['test', 'model', 'mae', 1], ['test', 'network', 'mae', 9], ['val', 'model', 'rmse', 8], ['test', 'model', 'zeta', 3]])
    const b = side('co2.csv', 'CO2', null, [['test', 'model', 'mae', 2], ['test', 'model', 'rmse', 2.5]])
    const { rows, sameData } = compareRows(a, b)
    expect(sameData).toBe(true)
    expect(rows).toEqual([
      { label: 'dataset', a: 'co2.csv', b: 'co2.csv' },
      { label: 'target', a: 'CO2', b: 'CO2' },
      { label: 'forecast by', a: 'Theta', b: 'network' }, // a run stored before the choice: its network's
      { label: 'mae', a: 1, b: 2 },
      { label: 'rmse', a: null, b: 2.5 },
      { label: 'skill', a: 0.2, b: null, of: 'rmse' }, // a regression run's skill is its RMSE's
      { label: 'mase', a: 0.5, b: null },
      { label: 'zeta', a: 3, b: null }, // a metric without a place in the order comes last
      { label: 'network mae', a: 9, b: null, network: 'mae' } // the network's own, where a run's forecast is not the network
    ])
  })

  it("adds the network's own test metrics where the forecasts hide a network change, none where both forecasts are the network", () => {
    const stats = { chosen: 'combination', label: 'mean of ETS, Theta, ARIMA' }
    const a = side('neg.csv', 'y', stats, [['test', 'model', 'mae', 1.641], ['test', 'network', 'mae', 3.2339], ['test', 'network', 'rmse', 4.35], ['val', 'network', 'mae', 1]])
    const b = side('neg.csv', 'y', stats, [['test', 'model', 'mae', 1.641], ['test', 'network', 'mae', 3.3582], ['test', 'network', 'rmse', 4.3]])
    expect(compareRows(a, b).rows.slice(3)).toEqual([
      { label: 'mae', a: 1.641, b: 1.641 },
      { label: 'network mae', a: 3.2339, b: 3.3582, network: 'mae' },
      { label: 'network rmse', a: 4.35, b: 4.3, network: 'rmse' }
    ])
    const net = { chosen: 'network', label: 'the network' }
    expect(compareRows({ ...a, forecaster: net }, { ...b, forecaster: net }).rows.some((r) => r.network)).toBe(false)
  })

  it("classification: the skill follows the Brier score it is measured on, not accuracy", () => {
    const m = (acc: number, brier: number, skill: number): [string, string, string, number][] => [['test', 'model', 'accuracy', acc], ['test', 'model', 'logloss', 0.5], ['test', 'model', 'brier', brier], ['test', 'model', 'skill', skill]]
    const a = { ...side('w.csv', 'rain', null, m(0.78, 0.31, 0.33)), task: 'classification' as const }
    const b = side('w.csv', 'rain', null, m(0.8, 0.3, 0.35)) // task read from its metrics
    expect(compareRows(a, b).rows.slice(3)).toEqual([
      { label: 'accuracy', a: 0.78, b: 0.8 },
      { label: 'logloss', a: 0.5, b: 0.5 },
      { label: 'brier', a: 0.31, b: 0.3 },
      { label: 'skill', a: 0.33, b: 0.35, of: 'brier' }
    ])
    // runs judged on different metrics: a bare skill row, in its usual place
    const r = { ...side('w.csv', 'y', null, [['test', 'model', 'rmse', 2], ['test', 'model', 'skill', 0.1]]), task: 'regression' as const }
    expect(compareRows(a, r).rows.find((x) => x.label === 'skill')).toEqual({ label: 'skill', a: 0.33, b: 0.1 })
  })

  it('says when the data differ, by file or by target', () => {
    const m: [string, string, string, number][] = [['test', 'model', 'mae', 1]]
    expect(compareRows(side('a.csv', 'y', null, m), side('b.csv', 'y', null, m)).sameData).toBe(false)
    expect(compareRows(side('a.csv', 'y', null, m), side('a.csv', 'z', null, m)).sameData).toBe(false)
    expect(compareRows(side('a.csv', 'y', { chosen: 'ensemble', label: 'mean of the network and ETS' }, m), side('a.csv', 'y', { chosen: 'combination', label: 'mean of ETS and Theta' }, m)).rows[2])
      .toEqual({ label: 'forecast by', a: 'network + stats', b: 'stats mean' })
  })

  it('a global run is forecast per series, whatever single choice it holds', () => {
    const m: [string, string, string, number][] = [['test', 'model', 'mae', 1]]
    const g = { ...side('sales.csv', 'sales', null, m), global: true }
    expect(compareRows(g, side('sales.csv', 'sales', { chosen: 'ets', label: 'ETS(A,N,N)' }, m)).rows[2]).toEqual({ label: 'forecast by', a: 'per series', b: 'ETS(A,N,N)' })
    // a global run's skill is 1 - its GMRAE: named so and placed after it, never 'skill (rmse)'
    const scored = (skill: number): [string, string, string, number][] => [['test', 'model', 'mase', 0.84], ['test', 'model', 'gmrae', 1 - skill], ['test', 'model', 'skill', skill]]
    const [g1, g2] = [{ ...side('l.csv', 'value', null, scored(0.26)), global: true }, { ...side('l.csv', 'value', null, scored(0.2)), global: true }]
    expect(compareRows(g1, g2).rows.slice(3)).toEqual([
      { label: 'mase', a: 0.84, b: 0.84 },
      { label: 'gmrae', a: 0.74, b: 0.8 },
      { label: 'skill', a: 0.26, b: 0.2, of: 'gmrae' }
    ])
  })

  it("a judged run's skill is its verdict's (the app's Compare panel and fw compare), not the one it stored", () => {
    // the mean of ETS and Theta, stored against ETS (best on test, a member): -3.6 %; its verdict's
    // yardstick is seasonal naive, the best on validation of the others: +20 %
    const choice = { chosen: 'combination', label: 'mean of ETS and Theta', network: 0, members: [{ name: 'ets', label: 'ETS', weight: 0.5 }, { name: 'theta', label: 'Theta', weight: 0.5 }], season: 7, steps: 1, validation: [], message: '' }
    const rows: [string, string, string, number | null][] = [
      ['val', 'seasonal-naive', 'rmse', 5], ['val', 'ets', 'rmse', 3.1], ['val', 'naive', 'rmse', 10],
      ['test', 'model', 'rmse', 8], ['test', 'seasonal-naive', 'rmse', 10], ['test', 'ets', 'rmse', 7.7], ['test', 'naive', 'rmse', 12], ['test', 'model', 'skill', 1 - 8 / 7.7]
    ]
    const a: CompareSide = { ...side('spike.csv', 'y', { chosen: 'combination', label: choice.label }, rows), task: 'regression', judged: { choice, target: null } }
    const skill = compareRows(a, { ...a, judged: undefined }).rows.find((r) => r.label === 'skill')!
    expect(skill.a).toBeCloseTo(0.2, 10)
    expect(skill.b).toBeCloseTo(1 - 8 / 7.7, 10) // unjudged: the stored one, as before
  })
})

describe('notComparable: the one rule fw compare and the app say', () => {
  const run = (id: number, o: Partial<ScoredOn> = {}): ScoredOn => ({
    id,
    dataset: { id: 1, name: 'w.csv', content: 'sha256:rows' },
    data: { ...defaultConfig('y').data },
    hasTime: false,
    forecasts: [1, 2, 3].map((ts) => ({ step: 1, ts })),
    ...o
  })
  it('judges the data by its rows where both are known, else by the dataset number', () => {
    expect(notComparable(run(1), run(2, { dataset: { id: 4, name: 'w.csv', content: 'sha256:rows' } }))).toEqual([])
    expect(notComparable(run(1), run(2, { dataset: { id: 4, name: 'w.csv', content: 'sha256:other' } }))).toEqual(['Data: run #1 and run #2 forecast two different imports named w.csv (datasets 1 and 4): their rows differ.'])
    expect(notComparable(run(1), run(2, { dataset: { id: 4, name: 'w.csv' } }), { name: (id) => `run ${id}` })).toEqual(['Data: run 1 and run 2 forecast two different imports named w.csv (datasets 1 and 4): their rows may differ.'])
  })
  it('names a global run by its series, and row numbers where the run has no times', () => {
    const g = run(2, { global: { series: 1200 }, forecasts: [5, 6].map((ts) => ({ step: 1, ts })) })
    expect(notComparable(run(1, { series: seriesWords({ columns: ['store'], values: ['B'] }) ?? null }), g)).toEqual([
      'Series: run #1 forecasts store = B, run #2 all 1,200 series with one model.',
      'Test period: run #1 is scored on row 1 – row 3 (3 points), run #2 on row 5 – row 6 (2 points).'
    ])
  })
  it('names a test period of times written with an offset as the files write them, not as the UTC day before', () => {
    // Berlin's midnights of 1 to 3 February (23:00 UTC the day before): before, '2024-01-31 – 2024-02-02'
    const berlin = [1, 2, 3].map((d) => ({ step: 1, ts: Date.UTC(2024, 1, d) - 36e5 }))
    const a = run(1, { hasTime: true, zone: 60, forecasts: berlin })
    expect(notComparable(a, run(2, { hasTime: true, zone: 60, forecasts: berlin.slice(1) }))).toEqual([
      'Test period: run #1 is scored on 2024-02-01T00:00:00+01:00 – 2024-02-03T00:00:00+01:00 (3 points), run #2 on 2024-02-02T00:00:00+01:00 – 2024-02-03T00:00:00+01:00 (2 points).'
    ])
    // without a zone (local clock times), the day as before
    expect(notComparable(run(1, { hasTime: true, forecasts: [1, 2].map((d) => ({ step: 1, ts: Date.UTC(2024, 1, d) })) }), run(2, { hasTime: true, forecasts: [{ step: 1, ts: Date.UTC(2024, 1, 2) }] }))[0]).toBe('Test period: run #1 is scored on 2024-02-01 – 2024-02-02 (2 points), run #2 on 2024-02-02 – 2024-02-02 (1 point).')
  })
})

describe('compareSeries', () => {
  const s = (key: string, mase: number | null, networkMase: number | null, forecastBy: string | null = 'combination'): SeriesScore => ({ key: [key], label: `store = ${key}`, mase, networkMase, forecastBy })
  it('matches series by key in natural order and counts which run is lower, on the forecast and on the network alone', () => {
    const c = compareSeries([s('10', 0.3, 0.5), s('2', 0.3, 0.4), s('x', null, null), s('a', 0.2, 0.2)], [s('2', 0.3, 0.45), s('10', 0.3, 0.49), s('x', null, null), s('b', 1, 1)])
    expect(c.rows.map((r) => r.label)).toEqual(['store = 2', 'store = 10', 'store = a', 'store = b', 'store = x'])
    expect(c.rows[0]).toEqual({ label: 'store = 2', a: { forecast: 0.3, network: 0.4 }, b: { forecast: 0.3, network: 0.45 } })
    expect(c.forecast).toEqual({ a: 0, b: 0, equal: 2, unscored: 1 })
    expect(c.network).toEqual({ a: 1, b: 1, equal: 0, unscored: 1 })
    expect([c.onlyA, c.onlyB]).toEqual([1, 1])
    expect(winsWords(c.network, [2, 13], (id) => `run ${id}`)).toBe('run 2 is lower on 1 series, run 13 on 1 (1 without a MASE)')
  })
  it("a row stored before the network's own scores were kept reads its MASE as the network's where the network forecast", () => {
    const c = compareSeries([s('a', 0.5, null, null)], [s('a', 0.3, 0.6)])
    expect(c.rows[0]).toEqual({ label: 'store = a', a: { forecast: 0.5, network: 0.5 }, b: { forecast: 0.3, network: 0.6 } })
    expect(c.network).toEqual({ a: 1, b: 0, equal: 0, unscored: 0 })
  })
  it("a global run's row beside a single-series run carries the network's own scores where another forecaster was chosen", () => {
    const g: CompareSide = { datasetName: 'l.csv', target: 'y', forecaster: null, global: true, metrics: [] }
    expect(seriesSide(g, { mae: 1, mase: 0.3, forecastBy: 'ets', forecastLabel: 'ETS', networkMae: 2, networkMase: 0.6 }).metrics.filter((m) => m.model === 'network')).toEqual([
      { split: 'test', model: 'network', metric: 'mae', value: 2 },
      { split: 'test', model: 'network', metric: 'mase', value: 0.6 }
    ])
    expect(seriesSide(g, { mae: 1, mase: 0.3, forecastBy: 'network', forecastLabel: 'the network', networkMae: 1, networkMase: 0.3 }).metrics.some((m) => m.model === 'network')).toBe(false)
  })
})
