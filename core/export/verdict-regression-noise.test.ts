// A regression verdict's words must be true (exploratory pass 24, run 9: flat.csv): the network did
// best on validation (MAE 3.300) and the random-walk rule chose naive (3.557), yet every view said
// "the network lost"; and "Worse than drift by 0.0 % on test: use the drift forecast" was said of
// RMSEs 2.4329 against 2.4318 over 45 test rows, a difference within the noise of those rows.
import { describe, expect, it } from 'vitest'
import { errorNoise } from '../data/metrics'
import { parseStoredChoice } from '../services/stored-choice'
import { listedSkill } from '../services/listed-skill'
import { renderReport } from './report'
import { sampleReport } from '../../test/fixtures/export/sample-run'
import { levelWords, networkLostOf, networkPassedOver, slimChoice, toneOf, verdictOf, type ChoiceSummary } from './verdict'

// run 9's choice: naive by the random-walk test, the network best on validation
const walk: ChoiceSummary = {
  chosen: 'naive', label: 'Naive', network: 0, members: [{ name: 'naive', label: 'Naive', weight: 1 }], season: 1, steps: 14,
  validation: [{ name: 'network', label: 'network', mae: 3.3 }, { name: 'drift', label: 'Drift', mae: 3.49 }, { name: 'naive', label: 'Naive', mae: 3.557 }, { name: 'ensemble', label: 'mean of the network, ETS and Theta', mae: 8.41 }],
  message: 'the naive forecast (the last value) beats the mean of the network and the statistical models by more than 10 % on validation (MAE 3.557 against 8.410; network 3.300): the series behaves like a random walk here, so the forecast falls back to naive; the network did better still there (MAE 3.300), but the rule falls back to naive alone'
}
// run 9's test rows: naive (the forecast) against drift, the skill's yardstick (RMSE)
const rmse = (split: string, scores: Record<string, number>) => Object.entries(scores).map(([model, value]) => ({ split, model, metric: 'rmse', value }))
const run9 = [
  ...rmse('val', { drift: 3.6, naive: 3.7, 'moving-average': 4.5 }),
  ...rmse('test', { model: 2.4329, naive: 2.4329, drift: 2.4318, 'moving-average': 3.3612 }),
  { split: 'test', model: 'model', metric: 'skill', value: 1 - 2.4329 / 2.4318 }
]
// as fw train stored it: the squared errors' mean difference and its standard error
const within = { baseline: 'drift', mean: 0.005317, se: 0.010708, rows: 45, metric: 'rmse' as const, lag: 0 }

describe('the network lost only where its validation score was worse than the forecast chosen', () => {
  it('a network that did better on validation and was passed over by the random-walk rule did not lose', () => {
    expect(networkLostOf(walk, 60)).toBe(false)
    expect(networkPassedOver(walk, 60)).toEqual({ network: 3.3, forecast: 3.557 })
    const v = verdictOf('regression', walk, run9, null, 45, 60)
    expect(v.networkLost).toBe(false)
    expect(v.headline).not.toMatch(/network lost/)
    expect(v.passedOver).toBe("The network did better on validation than Naive (MAE 3.300 against 3.557), but the forecast leaves it out by the rule the choice's sentence names")
    // the rule it names is the choice's own sentence, shown beside it
    expect(v.detail).toMatch(/the network did better still there \(MAE 3\.300\), but the rule falls back to naive alone\.$/)
  })

  it('a network worse than the forecast chosen lost, and nothing says it was passed over', () => {
    const worse = { ...walk, validation: walk.validation.map((x) => (x.name === 'network' ? { ...x, mae: 3.9 } : x)) }
    expect(networkLostOf(worse, 60)).toBe(true)
    expect(networkPassedOver(worse, 60)).toBeNull()
    const v = verdictOf('regression', worse, run9, null, 45, 60)
    expect(v.networkLost).toBe(true)
    expect(v.passedOver).toBeUndefined()
    // a network in the forecast neither lost nor was passed over
    expect(networkPassedOver({ ...walk, network: 0.5 }, 60)).toBeNull()
  })

  it("the report says it was passed over, not that it lost", () => {
    const html = renderReport({ ...sampleReport(), choice: walk })
    expect(html).toContain("The network did better on validation than Naive (MAE 3.300 against 3.557), but the forecast leaves it out by the rule the choice&#39;s sentence names: every forecast and interval in this report comes from Naive.")
    expect(html).not.toContain('The network lost to the statistical models')
  })
})

describe('errorNoise: the row errors of a forecast against a baseline', () => {
  it('differences the squared or absolute errors row by row, with the standard error of their mean', () => {
    const y = [1, 2, 3, 4]
    const model = [1.5, 2, 2, 4] // errors 0.5, 0, -1, 0
    const base = [1, 3, 3, 6] // errors 0, 1, 0, 2
    // squared: 0.25 - 0, 0 - 1, 1 - 0, 0 - 4 → mean -0.9375
    const sq = errorNoise(y, model, base, 'rmse')!
    expect(sq.mean).toBeCloseTo(-0.9375, 12)
    const d = [0.25, -1, 1, -4]
    const sd = Math.sqrt(d.reduce((s, x) => s + (x + 0.9375) ** 2, 0) / 3)
    expect(sq.se).toBeCloseTo(sd / 2, 12)
    expect(sq.rows).toBe(4)
    // absolute: 0.5 - 0, 0 - 1, 1 - 0, 0 - 2 → mean -0.375
    expect(errorNoise(y, model, base, 'mae')!.mean).toBeCloseTo(-0.375, 12)
    // a row without an actual is left out of both; fewer than two rows: none
    expect(errorNoise([1, NaN, 3], [1, 5, 4], [2, 5, 3], 'mae')!.rows).toBe(2)
    expect(errorNoise([1], [2], [3], 'rmse')).toBeNull()
  })

  it('widens the standard error for the overlap of h-step forecasts (Newey-West, lag h - 1)', () => {
    // differences that run in pairs, as 2-step forecasts from consecutive origins do
    const y = new Array(8).fill(0)
    const base = new Array(8).fill(0)
    const model = [1, 1, 0, 0, 1, 1, 0, 0] // absolute differences 1,1,0,0,1,1,0,0: mean 0.5
    const plain = errorNoise(y, model, base, 'mae', 0)!
    const nw = errorNoise(y, model, base, 'mae', 1)!
    // by hand: deviations ±0.5; gamma0 = 8 · 0.25 / 7; gamma1 = (0.25 - 0.25 + 0.25 - 0.25 + 0.25 - 0.25 + 0.25) / 7 = 0.25 / 7
    const g0 = 2 / 7
    const g1 = 0.25 / 7
    expect(plain.se).toBeCloseTo(Math.sqrt(g0 / 8), 12)
    expect(nw.se).toBeCloseTo(Math.sqrt((g0 + 2 * 0.5 * g1) / 8), 12)
    expect(nw.lag).toBe(1)
  })
})

describe('a regression verdict within the noise of its test errors is level', () => {
  it('run 9: level with drift, amber, and never "use the drift forecast"', () => {
    const v = verdictOf('regression', { ...walk, testNoise: within }, run9, null, 45, 60)
    expect(v.tone).toBe('warn')
    expect(v.headline).toBe('Level with the best baseline (drift; naive, part of the forecast, is left out) on test (RMSE): the difference of squared errors, 0.00532 a row higher for the forecast, is within the noise of 45 test rows (± 0.0214)')
    expect(v.action).toMatch(/^Neither the forecast nor the drift baseline can be called better on these test rows/)
    expect(`${v.headline} ${v.action}`).not.toMatch(/[Uu]se the drift/)
  })

  it('a difference beyond twice its standard error keeps its verdict; so does a run stored before (no noise kept)', () => {
    const clear = verdictOf('regression', { ...walk, testNoise: { ...within, se: 0.001 } }, run9, null, 45, 60)
    expect(clear.tone).toBe('bad')
    expect(clear.headline).toMatch(/^Worse than drift .*: use the drift forecast$/)
    const before = verdictOf('regression', walk, run9, null, 45, 60)
    expect(before.tone).toBe('bad')
    expect(before.headline).toMatch(/^Worse than drift /)
    // noise measured against another baseline than the skill's: not this skill's
    expect(verdictOf('regression', { ...walk, testNoise: { ...within, baseline: 'moving-average' } }, run9, null, 45, 60).tone).toBe('bad')
  })

  it('the overlap of h-step forecasts is said, and a gain as small is level too, not green', () => {
    const gain = run9.map((m) => (m.split === 'test' && m.model === 'model' ? { ...m, value: m.metric === 'skill' ? 1 - 2.43 / 2.4318 : 2.43 } : m))
    const v = verdictOf('regression', { ...walk, testNoise: { ...within, mean: -0.0088, lag: 2 } }, gain, null, 45, 60)
    expect(v.tone).toBe('warn')
    expect(v.headline).toMatch(/: the difference of squared errors, 0\.00880 a row lower for the forecast, is within the noise of 45 test rows \(± 0\.0214, allowing for the overlap of 3-step forecasts\)$/)
  })

  it('is kept with the stored choice and read back; a malformed one is dropped, not the choice', () => {
    const stored = JSON.stringify(slimChoice({ ...walk, testNoise: within }))
    expect(parseStoredChoice(stored)?.testNoise).toEqual(within)
    const bad = JSON.parse(stored) as Record<string, unknown>
    bad['testNoise'] = { ...within, metric: 'mape' }
    const read = parseStoredChoice(JSON.stringify(bad))
    expect(read?.chosen).toBe('naive')
    expect(read?.testNoise).toBeUndefined()
  })

  it('the Runs lists mark it level with the verdict\'s words, amber', () => {
    const parsed = { choice: { ...walk, testNoise: within }, range: null }
    const r = { status: 'done' as const, testMetrics: { rmse: 2.4329, skill: 1 - 2.4329 / 2.4318 } }
    const s = listedSkill(r, parsed, 'regression', 'rmse', () => run9.map((m) => ({ ...m, split: m.split as 'val' | 'test' })))
    expect(s.level).toEqual(within)
    expect(toneOf(s.skill, false, !!s.plainBetter, false, s.level !== undefined)).toBe('warn')
    expect(levelWords(s.level!)).toBe('level with the best baseline (drift) on test: the difference of squared errors, 0.00532 a row higher for the forecast, is within the noise of 45 test rows (± 0.0214)')
    // stored before: no level
    expect(listedSkill(r, { choice: walk, range: null }, 'regression', 'rmse', () => run9.map((m) => ({ ...m, split: m.split as 'val' | 'test' }))).level).toBeUndefined()
  })
})
