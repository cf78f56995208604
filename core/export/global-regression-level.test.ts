// A global regression's verdict and series tables count each series against the better of naive and
// seasonal naive beyond the noise of its test rows (the single run's rule, levelWithin), and a run
// stored before (no noise kept) keeps today's words and count.
import { describe, expect, it } from 'vitest'
import { globalVerdict, type GlobalVerdictInput } from './verdict'
import { beatsBetterNaiveWord } from './metrics-table'
import { bestNaiveCounts, bestNaiveOf, seriesErrorNoise, scoreSeries } from '../train/evaluate-series'

const run: GlobalVerdictInput = { series: 3, beatNaive: 3, beatBestNaive: 3, meanMase: 0.8, meanNaiveMase: 1 }
const noise = (baseline: string, mean: number, se: number) => ({ baseline, mean, se, rows: 40, metric: 'mae' as const, lag: 0 })

describe('globalVerdict beyond noise', () => {
  it('counts only the series beyond their noise as beating, and says how many are level', () => {
    const v = globalVerdict({ ...run, bestNaiveNoise: { beat: 1, level: 2 } })
    expect(v.headline).toBe("1 of 3 series beat the better of naive and seasonal naive on test beyond the noise of their test rows, 2 level with it within that noise (mean MASE 0.800, naive's 1.00)")
    // one of three beyond noise is no majority: amber, not green
    expect(v.tone).toBe('warn')
  })

  it('a run stored before counts by the MAE alone, in its old words', () => {
    const v = globalVerdict(run)
    expect(v.headline).toBe("3 of 3 series beat the better of naive and seasonal naive on test (mean MASE 0.800, naive's 1.00)")
    expect(v.tone).toBe('good')
  })
})

describe("a series' word against the better naive", () => {
  const s = { beatsBestNaive: true, naiveMae: 2, seasonalNaiveMae: 1.5 }
  it('is level within the noise measured against that baseline, else yes or no by the MAE', () => {
    expect(beatsBetterNaiveWord(s, noise('seasonal-naive', -0.1, 0.2))).toBe('level')
    expect(beatsBetterNaiveWord(s, noise('seasonal-naive', -0.5, 0.2))).toBe('yes')
    expect(beatsBetterNaiveWord({ ...s, beatsBestNaive: false }, noise('seasonal-naive', 0.5, 0.2))).toBe('no')
    // noise measured against another baseline says nothing of this one
    expect(beatsBetterNaiveWord(s, noise('naive', -0.1, 0.2))).toBe('yes')
    // no noise kept (stored before), or too few rows: by the MAE alone
    expect(beatsBetterNaiveWord(s)).toBe('yes')
    expect(beatsBetterNaiveWord(s, null)).toBe('yes')
    // not a regression's series
    expect(beatsBetterNaiveWord({ naiveMae: null, seasonalNaiveMae: null })).toBeNull()
  })

  it('counts the series as the tables say them', () => {
    const y = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i) * 3 + i)
    const naive = Float64Array.from(y, (_, i) => (i ? y[i - 1]! : y[0]!))
    // halfway between naive and the actual: half naive's error on every row, beyond the noise
    const close = Float64Array.from(y, (v, i) => v + (naive[i]! - v) * 0.5)
    const f = { y, naive, seasonalNaive: null, trainY: y }
    const score = scoreSeries({ ...f, yhat: close })
    expect(bestNaiveOf(score)).toBe('naive')
    const n = seriesErrorNoise({ ...f, yhat: close }, score, 1)!
    expect(n).toMatchObject({ baseline: 'naive', metric: 'mae', lag: 0, rows: 30 })
    expect(n.mean).toBeLessThan(0)
    expect(bestNaiveCounts([score, score], [n, noise('naive', -1e-9, 1)])).toEqual({ beat: 1, level: 1 })
  })
})
