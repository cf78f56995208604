import { describe, expect, it } from 'vitest'
import { verdictOf } from './verdict'

// an imbalanced two-class file (11 of 90 test rows positive): the network's Brier 0.2157 against the
// training rate's 0.2176, skill +0.9 %; a difference of 0.0019 a row, with a standard error of 0.002
const cls = (model: number, rate: number) => [
  { split: 'val', model: 'training-rate', metric: 'brier', value: 0.2 },
  { split: 'val', model: 'majority', metric: 'brier', value: 0.25 },
  { split: 'test', model: 'model', metric: 'brier', value: model },
  { split: 'test', model: 'training-rate', metric: 'brier', value: rate },
  { split: 'test', model: 'majority', metric: 'brier', value: 0.2444 },
  { split: 'test', model: 'model', metric: 'skill', value: 1 - model / rate }
]
const enough = { fewest: 11, absent: [] }

describe('verdictOf: a classification run level with its baseline within noise', () => {
  it('says "level" in amber where the difference of Brier scores is within twice its standard error', () => {
    const noise = { baseline: 'training-rate', mean: 0.2157 - 0.2176, se: 0.00205, rows: 90 }
    const v = verdictOf('classification', null, cls(0.2157, 0.2176), null, 90, null, enough, 'app', [], noise)
    expect(v.tone).toBe('warn')
    expect(v.headline).toBe('Level with the best baseline (training rate) on test (Brier score): the difference, 0.0019 a row lower for the forecast, is within the noise of 90 test rows (± 0.0041)')
    expect(v.action).toMatch(/^Predict with the training rate baseline, or change the features or the model and train again/)
    // a loss as small is level too, not red
    const lost = verdictOf('classification', null, cls(0.2177, 0.2176), null, 90, null, enough, 'app', [], { ...noise, mean: 0.0001 })
    expect(lost.tone).toBe('warn')
    expect(lost.headline).toMatch(/^Level with the best baseline \(training rate\) on test \(Brier score\): the difference, 0\.0001 a row higher for the forecast, is within the noise of 90 test rows/)
  })

  it('a clearly separable run is better, still green; a run stored before (no noise) keeps its verdict', () => {
    const clear = { baseline: 'training-rate', mean: -0.15, se: 0.01, rows: 90 }
    const v = verdictOf('classification', null, cls(0.05, 0.2), null, 90, null, enough, 'app', [], clear)
    expect(v.tone).toBe('good')
    expect(v.headline).toBe('Better than the best baseline (training rate) by 75.0 % on test (Brier score)')
    const before = verdictOf('classification', null, cls(0.2157, 0.2176), null, 90, null, enough)
    expect(before.tone).toBe('good')
    expect(before.headline).toBe('Better than the best baseline (training rate) by 0.9 % on test (Brier score)')
    // noise against another baseline than the skill's is not this skill's: today's rule
    expect(verdictOf('classification', null, cls(0.2157, 0.2176), null, 90, null, enough, 'app', [], { baseline: 'majority', mean: -0.0019, se: 0.002, rows: 90 }).tone).toBe('good')
    // a clearly worse run stays red
    expect(verdictOf('classification', null, cls(0.3, 0.2), null, 90, null, enough, 'app', [], { baseline: 'training-rate', mean: 0.1, se: 0.01, rows: 90 }).tone).toBe('bad')
  })
})

describe('verdictOf: a global classification judged against its noise, as a single run is', () => {
  // three series; their mean Brier 0.2100 against the training rate's 0.2120 (the best baseline)
  const stored = (rateNoise: { beat: number; level: number } | undefined, noise: { baseline: string; mean: number; se: number; rows: number } | undefined) => ({
    classes: ['false', 'true'], model: { accuracy: 0.7, brier: 0.21, logLoss: 0.6 },
    baselines: { majority: { accuracy: 0.7, brier: 0.25, logLoss: 0.7 }, persistence: { accuracy: 0.6, brier: 0.3, logLoss: 1 }, 'training-rate': { accuracy: 0.7, brier: 0.212, logLoss: 0.61 } },
    validation: null, bestBaseline: 'training-rate', skill: 1 - 0.21 / 0.212, beatRate: 2,
    ...(rateNoise ? { rateNoise } : {}), ...(noise ? { noise } : {})
  })
  const global = (c: ReturnType<typeof stored>) => ({ series: 3, beatNaive: 0, beatBestNaive: 0, meanMase: null, meanNaiveMase: null, classification: c })

  it('a run within its noise is "level", amber, its series counted beyond their own noise', () => {
    const noise = { baseline: 'training-rate', mean: -0.002, se: 0.0015, rows: 270 }
    const v = verdictOf('classification', null, [], global(stored({ beat: 0, level: 3 }, noise)))
    expect(v.tone).toBe('warn')
    expect(v.headline).toBe("Level with the best baseline (training rate) on test (mean Brier over the series): the difference, 0.0020 a row lower for the forecast, is within the noise of 270 test rows (± 0.0030); 0 of 3 series beat their training rate on test beyond the noise of their test rows, 3 level with it within that noise (mean Brier 0.210, the training rate's 0.212)")
    // the app's run detail carries the counts, and the run's noise beside them (RunDetail.testNoise)
    const app = verdictOf('classification', null, [], { series: 3, beatNaive: 0, beatBestNaive: 0, meanMase: null, meanNaiveMase: null, classification: { brier: 0.21, rateBrier: 0.212, beatRate: 2, rateNoise: { beat: 0, level: 3 } } }, null, null, null, 'app', [], noise)
    expect([app.tone, app.headline]).toEqual([v.tone, v.headline])
  })

  it('series that beat their rate only within noise do not make it green; a run stored before keeps its count', () => {
    const clear = { baseline: 'training-rate', mean: -0.002, se: 0.0005, rows: 270 }
    const v = verdictOf('classification', null, [], global(stored({ beat: 1, level: 2 }, clear)))
    expect(v.tone).toBe('warn')
    expect(v.headline).toBe("1 of 3 series beat their training rate on test beyond the noise of their test rows, 2 level with it within that noise (mean Brier 0.210, the training rate's 0.212)")
    const before = verdictOf('classification', null, [], global(stored(undefined, undefined)))
    expect([before.tone, before.headline]).toEqual(['good', "2 of 3 series beat their training rate on test (mean Brier 0.210, the training rate's 0.212)"])
  })
})
