import { describe, expect, it } from 'vitest'
import type { BacktestFold } from './backtest'
import { backtestMetrics, backtestSummary, backtestTable, groupedNotes, backtestHeadline } from './backtest-table'

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

const summary = (t: ReturnType<typeof backtestTable>) => backtestSummary(t, { metric: (m) => m, value: (_, v) => String(Number(v.toPrecision(4))), baseline: (b) => b })

describe('backtestTable', () => {
  const folds = [
    fold(1, { model: 0.4, network: 0.3, naive: 0.5, ets: 0.45 }),
    fold(2, { model: 0.6, network: 0.7, naive: 0.55, ets: 0.65 }),
    fold(3, { model: 0.2, network: 0.25, naive: 0.6, ets: 0.3 })
  ]

  it('R² is a score, as in every other table: its best is the highest', () => {
    const t = backtestTable([fold(1, { model: 0.9, naive: 0.7 }, 'r2'), fold(2, { model: 0.6, naive: 0.8 }, 'r2')], 'r2')
    expect(t.higherBetter).toBe(true)
    expect(t.rows.map((r) => r.best)).toEqual([0.9, 0.8])
    expect(t.beat).toBe(1)
  })

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

  it("gives the network the forecast's figure in a fold whose forecast is the network alone, and says so (pass 18: \"—\" unexplained)", () => {
    // fold 2 chose the network: its run lists no network row (it would repeat the forecast's)
    const f = [{ ...fold(1, { model: 0.4, network: 0.5, naive: 0.6, ets: 0.45 }), members: ['ets'] }, { ...fold(2, { model: 0.3, naive: 0.6, ets: 0.35 }), members: [] }]
    const t = backtestTable(f, 'rmse')
    expect(t.rows.map((r) => r.values[1])).toEqual([0.5, 0.3])
    expect(t.mean.values[1]).toBeCloseTo(0.4, 12)
    expect(t.networkAlone).toEqual([2])
    expect(summary(t)).toContain("In fold 2 the forecast was the network alone, so the network's figure there is the forecast's.")
    // a fold whose forecast is made of statistical models and lists no network stays blank
    expect(backtestTable([f[0]!, { ...f[1]!, members: ['ets'] }], 'rmse').rows[1]!.values[1]).toBeNull()
  })

  it('judges a fold whose forecast is a baseline alone against the next best baseline, not as a loss', () => {
    // the network lost: in folds 1 and 2 the forecast is ETS's own, to the last digit
    const t = backtestTable([
      fold(1, { model: 0.5, network: 0.9, naive: 0.6, ets: 0.5 }),
      fold(2, { model: 0.4, network: 0.8, naive: 0.3, ets: 0.4 }),
      fold(3, { model: 0.2, network: 0.2, naive: 0.6, ets: 0.3 })
    ], 'rmse')
    // fold 1: 0.5 < naive 0.6 (ETS left out); fold 2: 0.4 > naive 0.3; fold 3: 0.2 < ETS 0.3
    expect([t.beat, t.compared]).toEqual([2, 3])
    expect(t.rows.map((r) => [r.against, r.same])).toEqual([['naive', ['ets']], ['naive', ['ets']], ['ets', []]])
    expect(t.same).toEqual({ folds: 2, models: ['ets'] })
    expect(summary(t)).toBe(
      'The forecast beat every baseline in 2 of 3 folds (the best baseline differs per fold); over all folds its mean rmse is 0.3667, against 0.4 for ets, the baseline with the best mean.' +
        " In 2 folds the forecast was a baseline's own (ets) and is compared with the next best."
    )
    // ETS in every fold: the forecast is ETS, and the mean is compared with the next best too
    const all = backtestTable([fold(1, { model: 0.5, naive: 0.6, ets: 0.5 }), fold(2, { model: 0.4, naive: 0.3, ets: 0.4 })], 'rmse')
    expect(all.bestBaseline?.model).toBe('naive')
    expect(all.bestBaseline?.mean).toBeCloseTo(0.45, 12)
  })

  it("leaves out the baselines each fold's forecast is made of, as Evaluate judges a run", () => {
    // the forecast is the mean of ETS and Theta: it sits between them, and beats every other baseline
    const mean = (n: number, f: Record<string, number>) => ({ ...fold(n, f), members: ['ets', 'theta'] })
    const t = backtestTable([
      mean(1, { model: 3.2, network: 4, naive: 5, 'seasonal-naive': 4.1, ets: 3.1, theta: 3.3 }),
      mean(2, { model: 3.5, network: 4.2, naive: 5.1, 'seasonal-naive': 4.4, ets: 3.4, theta: 3.6 }),
      mean(3, { model: 3.6, network: 4.4, naive: 5.2, 'seasonal-naive': 4.5, ets: 3.7, theta: 3.5 })
    ], 'rmse')
    expect([t.beat, t.compared]).toEqual([3, 3])
    expect(t.rows.map((r) => [r.against, r.members])).toEqual([1, 2, 3].map(() => ['seasonal-naive', ['ets', 'theta']]))
    expect(t.bestBaseline?.model).toBe('seasonal-naive')
    expect(t.bestBaseline?.mean).toBeCloseTo(13 / 3, 12)
    expect(summary(t)).toBe(
      'The forecast beat every baseline it is not made of in 3 of 3 folds; over all folds its mean rmse is 3.433, against 4.333 for seasonal-naive, the baseline with the best mean.' +
        ' In every fold the forecast is made of ets and theta, which are not among the baselines it must beat.'
    )
    // the choice differs by fold: fold 2's forecast is the network alone, judged against ETS too;
    // ETS is left out of the mean, being part of the forecast in folds 1 and 3
    const mixed = backtestTable([
      mean(1, { model: 3.2, network: 4, naive: 5, ets: 3.1, theta: 3.3 }),
      { ...fold(2, { model: 3.3, network: 3.3, naive: 5.1, ets: 3.4, theta: 3.6 }), members: [] },
      { ...fold(3, { model: 3.7, network: 4.4, naive: 5.2, ets: 3.7, theta: 3.5 }), members: ['ets'] }
    ], 'rmse')
    expect(mixed.rows.map((r) => r.against)).toEqual(['naive', 'ets', 'theta'])
    expect([mixed.beat, mixed.compared]).toEqual([2, 3])
    expect(mixed.bestBaseline?.model).toBe('naive')
    expect(summary(mixed)).toBe(
      'The forecast beat every baseline it is not made of in 2 of 3 folds (the best baseline differs per fold); over all folds its mean rmse is 3.4, against 5.1 for naive, the baseline with the best mean.' +
        ' In fold 1 the forecast is made of ets and theta, in fold 3 of ets; there they are not among the baselines it must beat.'
    )
  })

  it('says the best baseline differs per fold rather than comparing the forecast with one of them', () => {
    const t = backtestTable([
      fold(1, { model: 1.5, arima: 1.4, ets: 1.6 }),
      fold(2, { model: 1.3, arima: 1.5, ets: 1.2 }),
      fold(3, { model: 1.485, arima: 1.462, ets: 1.7 })
    ], 'rmse')
    expect([t.beat, t.compared]).toEqual([0, 3])
    expect(summary(t)).toBe('The forecast beat every baseline in 0 of 3 folds (the best baseline differs per fold); over all folds its mean rmse is 1.428, against 1.454 for arima, the baseline with the best mean.')
    // one best baseline throughout: no aside
    const one = [fold(1, { model: 0.4, naive: 0.5, ets: 0.45 }), fold(2, { model: 0.6, naive: 0.55, ets: 0.5 }), fold(3, { model: 0.2, naive: 0.6, ets: 0.45 })]
    expect(summary(backtestTable(one, 'rmse'))).toBe('The forecast beat every baseline in 2 of 3 folds; over all folds its mean rmse is 0.4, against 0.4667 for ets, the baseline with the best mean.')
  })

  it('says each fold note once, naming its folds, with a skipped model named plainly', () => {
    const withNotes = (n: number, notes: string[]): BacktestFold => ({ ...fold(n, { model: 1 }), notes })
    const arima = 'statistical model skipped: arima: ARIMA: none of the 8 best models could be fitted'
    const ets = 'statistical model skipped: ets: not fitted on 9000 training rows (more than 5000)'
    const label = (m: string) => ({ arima: 'ARIMA', ets: 'ETS' })[m] ?? m
    const folds = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => withNotes(n, n === 6 || n === 9 ? [arima, ets] : [arima]))
    expect(groupedNotes(folds, label)).toEqual([
      'Every fold: ARIMA skipped: none of the 8 best models could be fitted',
      'Folds 6, 9: ETS skipped: not fitted on 9000 training rows (more than 5000)'
    ])
    expect(groupedNotes([withNotes(2, ['something else']), withNotes(3, []), withNotes(4, ['something else']), withNotes(5, ['something else']), withNotes(6, ['something else'])], label)).toEqual(['Folds 2, 4–6: something else'])
    expect(groupedNotes([withNotes(3, [ets])], label)).toEqual(['Fold 3: ETS skipped: not fitted on 9000 training rows (more than 5000)'])
    // each fold measures its own training rows: a note whose measured values alone differ is said
    // once, with their range; one on another line (a whole number) is another note
    const ratio = (r: string, line: number) => `# season: ${r}× on line ${line}; 0.50 of them`
    expect(groupedNotes([withNotes(1, [ratio('1.03', 97)]), withNotes(2, [ratio('1.01', 97)]), withNotes(3, [ratio('1.03', 97), ratio('1.20', 120)]), withNotes(4, [ratio('0.98', 97)])], label)).toEqual([
      'Every fold: # season: 0.98–1.03× on line 97; 0.50 of them',
      'Fold 3: # season: 1.20× on line 120; 0.50 of them'
    ])
  })

  it("shows seasonal naive's mean MASE beside naive's in a global run's folds, with over how many series, never judging against it", () => {
    // seasonal naive beats naive and the forecast in fold 2, but over the 2 or 3 of 4 series with a season:
    // naive stays the yardstick, as of the run's own skill
    const global = (n: number, scores: Record<string, number>, seasonal: number): BacktestFold => ({ ...fold(n, scores, 'mase'), series: { scored: 4, total: 4, seasonalNaive: seasonal } })
    const folds = [global(1, { model: 0.8, network: 0.9, naive: 1, 'seasonal-naive': 0.85 }, 3), global(2, { model: 0.8, network: 0.9, naive: 1, 'seasonal-naive': 0.7 }, 2)]
    const t = backtestTable(folds, 'mase')
    expect(t.predictors).toEqual(['model', 'network', 'naive', 'seasonal-naive'])
    expect(t.mean.values[3]).toBeCloseTo(0.775, 12)
    expect([t.beat, t.compared, t.rows.map((r) => r.against)]).toEqual([2, 2, ['naive', 'naive']])
    expect(t.bestBaseline).toEqual({ model: 'naive', mean: 1 })
    expect(t.seasonal).toEqual({ series: { fewest: 2, most: 3, total: 4 } })
    expect(summary(t)).toBe('The forecast beat every baseline in 2 of 2 folds; over all folds its mean mase is 0.8, against 1 for naive, the baseline with the best mean. Every fold scores all 4 series. Seasonal naive is shown beside naive, not judged against: its mase is over the series with a season (2–3 of 4 series, by fold).')
    expect(summary(backtestTable(folds.map((f) => ({ ...f, series: { scored: 4, total: 4, seasonalNaive: 3 } })), 'mase'))).toContain('its mase is over the series with a season (3 of 4 series in every fold).')
    // folds that do not say the count (run before it was kept) say no count; a single series' folds judge seasonal naive as any baseline
    expect(backtestTable(folds.map((f) => ({ ...f, series: { scored: 4, total: 4 } })), 'mase').seasonal).toEqual({ series: null })
    const single = backtestTable([fold(1, { model: 0.8, naive: 1, 'seasonal-naive': 0.7 }, 'mase')], 'mase')
    expect([single.beat, single.rows[0]!.against, single.seasonal]).toEqual([0, 'seasonal-naive', null])
  })

  it('names the headline metric and the metrics scored', () => {
    expect(backtestHeadline('regression')).toBe('rmse')
    expect(backtestHeadline('classification')).toBe('brier') // as Evaluate's verdict and skill
    expect(backtestMetrics(folds)).toEqual(['rmse'])
  })
})
