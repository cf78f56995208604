// The table of a run that is not judged (a global run) picks its yardstick with the one picker
// (core/data skillBaseline), on each row's own split and of the table's columns alone.
import { describe, expect, it } from 'vitest'
import { beatsNaiveWord, beatsRateWord, GLOBAL_METRICS_NOTE, globalMetricsNote, meanMaseOver, metricsTable, seasonalNaiveMaseWords, skippedSeriesWords } from './metrics-table'
import type { MetricValue, Split } from './types'

const rows = (split: Split, metric: string, values: Record<string, number | null>): MetricValue[] => Object.entries(values).map(([model, value]) => ({ split, model, metric, value }))

describe('metricsTable without judging', () => {
  it('a non-finite baseline score is no yardstick: -Infinity is not the lowest error, nor NaN the first one', () => {
    const t = metricsTable([...rows('test', 'rmse', { model: 2, naive: -Infinity, drift: 4 }), ...rows('test', 'mae', { model: 1, naive: NaN, drift: 2 })], ['naive', 'drift'])
    expect(t.map((r) => [r.metric, r.bestBaseline, r.skill])).toEqual([['rmse', 'drift', 0.5], ['mae', 'drift', 0.5]])
    expect(metricsTable(rows('test', 'rmse', { model: 2, naive: Infinity, drift: NaN }), ['naive', 'drift'])[0]).toMatchObject({ bestBaseline: null, skill: null })
  })
  it('a tie goes to the plainer baseline, whatever the columns\' order, as the judged rule', () => {
    const t = metricsTable(rows('test', 'rmse', { model: 1, arima: 2, naive: 2 }), ['arima', 'naive'])
    expect(t[0]).toMatchObject({ bestBaseline: 'naive', baselines: [2, 2], skill: 0.5 })
    expect(metricsTable(rows('test', 'accuracy', { model: 0.9, persistence: 0.8, majority: 0.8 }), ['persistence', 'majority'])[0]!.bestBaseline).toBe('majority')
  })
  it("each row's own split, of the columns the table shows; a global run's naive", () => {
    const m = [...rows('val', 'rmse', { model: 1, naive: 3, drift: 2, ets: 0.5 }), ...rows('test', 'rmse', { model: 1, naive: 2, drift: 4, ets: 0.1 }), ...rows('train', 'rmse', { model: 1, naive: null, drift: 5 })]
    expect(metricsTable(m, ['naive', 'drift']).map((r) => [r.split, r.bestBaseline])).toEqual([['test', 'naive'], ['val', 'drift'], ['train', 'drift']])
    const global = [...rows('test', 'mase', { model: 0.8, network: 0.9, naive: 1.1 }), ...rows('test', 'gmrae', { model: 0.7, network: 0.75, naive: 1 })]
    expect(metricsTable(global, ['naive']).map((r) => [r.metric, r.bestBaseline, r.skill])).toEqual([['mase', 'naive', 1 - 0.8 / 1.1], ['gmrae', 'naive', 1 - 0.7]])
  })
})

describe("a global run's series without a MASE or tying naive", () => {
  // exploratory pass 15, finding 9: the mean MASE was over 5 of 7 series, unsaid, and a perfect
  // forecast of a constant series (MAE 0 against naive's 0) was said not to beat naive
  const rows = [{ mae: 1, naiveMae: 2, mase: 0.5, beatsNaive: true }, { mae: 0, naiveMae: 0, mase: null, beatsNaive: false }, { mae: 0, naiveMae: 0, mase: NaN, beatsNaive: false }, { mae: 3, naiveMae: 2, mase: 1.5, beatsNaive: false }].map((r) => ({ ...r, seasonalNaiveMae: null }))
  it('says how many series the mean MASE is over, and why not the rest', () => {
    expect(meanMaseOver(rows)).toBe('over 2 of 4 series (2 have no MASE: constant training rows)')
    expect(meanMaseOver(rows.slice(0, 2))).toBe('over 1 of 2 series (1 has no MASE: constant training rows)')
    expect(meanMaseOver([rows[0]!])).toBe('')
    expect(globalMetricsNote(rows, [], null)).toContain("mase is the mean of the series' MASE over 2 of 4 series (2 have no MASE: constant training rows), gmrae")
    expect(globalMetricsNote([rows[0]!], [], null)).toBe(GLOBAL_METRICS_NOTE)
  })
  it("says over how many series seasonal naive's gmrae and mean MASE are, from the metrics the run keeps and its summary's count", () => {
    // 3 series with a season, one of them constant (no MASE): gmrae over 3 of 4, mase over 2 of them
    const seasonal = rows.map((r, i) => ({ ...r, naiveMae: 2, seasonalNaiveMae: i < 3 ? 1 : null }))
    const kept = [{ model: 'seasonal-naive', metric: 'gmrae' }]
    const both = [...kept, { model: 'seasonal-naive', metric: 'mase' }]
    const summary = { series: 4, seasonalNaive: { meanMase: 0.4, series: 2 } }
    expect(globalMetricsNote(seasonal, both, summary)).toMatch(/ Seasonal naive's gmrae is over the 3 of 4 series with a season, its mase over 2 of them \(1 has no MASE: constant training rows\)\.$/)
    expect(globalMetricsNote(seasonal, both, { ...summary, seasonalNaive: { meanMase: 0.4, series: 3 } })).toMatch(/ Seasonal naive's gmrae and mase are over the 3 of 4 series with a season\.$/)
    // a run stored before kept its gmrae alone (or a summary without the count): its mase is not said
    expect(globalMetricsNote(seasonal, kept, summary)).toMatch(/ Seasonal naive's gmrae is over the 3 of 4 series with a season\.$/)
    expect(globalMetricsNote(seasonal, both, { series: 4 })).toMatch(/ Seasonal naive's gmrae is over the 3 of 4 series with a season\.$/)
    expect(seasonalNaiveMaseWords(summary, String)).toBe('seasonal naive 0.4 (2 of 4 series)')
    expect(seasonalNaiveMaseWords({ series: 4, seasonalNaive: { meanMase: 0.4, series: 4 } }, String)).toBe('seasonal naive 0.4 (all 4 series)')
    expect([seasonalNaiveMaseWords({ series: 4 }, String), seasonalNaiveMaseWords(null, String)]).toEqual(['', ''])
  })
  it('says a forecast as good as naive ties it', () => {
    expect(rows.map(beatsNaiveWord)).toEqual(['yes', 'ties', 'ties', 'no'])
  })
})

describe("a global run's skipped series", () => {
  it('are said with their rows beside the series trained, in natural order', () => {
    expect(skippedSeriesWords([{ label: 'store = S10', rows: 3 }, { label: 'store = S6', rows: 1 }], 7)).toBe('2 of 9 series skipped: store = S6 (1 row) and store = S10 (3 rows)')
    expect(skippedSeriesWords([], 7)).toBe('')
  })
})

describe("a global classification's series against its training rate", () => {
  it('is level within 2 SE of its test rows\' noise, a beat or not beyond it, and by the Brier alone in a run stored before', () => {
    const s = { brier: 0.20, rateBrier: 0.21 }
    // a Brier 0.01 lower, its noise ± 0.012 (2 SE): level; ± 0.008: a beat
    expect(beatsRateWord(s, { mean: -0.01, se: 0.006, rows: 50 })).toBe('level')
    expect(beatsRateWord(s, { mean: -0.01, se: 0.004, rows: 50 })).toBe('yes')
    expect(beatsRateWord({ brier: 0.22, rateBrier: 0.21 }, { mean: 0.01, se: 0.006, rows: 50 })).toBe('level')
    expect(beatsRateWord({ brier: 0.22, rateBrier: 0.21 }, { mean: 0.01, se: 0.004, rows: 50 })).toBe('no')
    // fewer than two test rows: no noise, the Brier decides; a run stored before (undefined) too
    expect(beatsRateWord(s, null)).toBe('yes')
    expect(beatsRateWord(s)).toBe('yes')
    expect(beatsRateWord({ brier: 0.22, rateBrier: 0.21 })).toBe('no')
    expect(beatsRateWord({ brier: null, rateBrier: 0.21 }, { mean: -0.01, se: 0.006, rows: 50 })).toBeNull()
  })
})
