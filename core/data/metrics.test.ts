import { describe, expect, it } from 'vitest'
import { classificationBaselines, detectPeriod, regressionBaselines, skillBaseline, type ScoreRow } from './baselines'
import { classificationMetrics, classThresholdWords, naiveScale, regressionMetrics, rocAuc, skill, skillOf, targetScale, thresholdMetrics } from './metrics'

describe('regression metrics (hand-computed)', () => {
  // y = [1, 2, 0, 4], yhat = [2, 2, 1, 2]: errors e = yhat - y = [1, 0, 1, -2]
  const m = regressionMetrics([1, 2, 0, 4], [2, 2, 1, 2], [1, 3, 2, 4], 1)
  it('MAE = (1 + 0 + 1 + 2) / 4 = 1', () => expect(m.mae).toBe(1))
  it('RMSE = sqrt((1 + 0 + 1 + 4) / 4) = sqrt(1.5)', () => expect(m.rmse).toBeCloseTo(Math.sqrt(1.5), 12))
  it('MAPE skips y = 0: 100 * (1/1 + 0/2 + 2/4) / 3 = 50, one skipped', () => {
    expect(m.mape).toBeCloseTo(50, 12)
    expect(m.mapeSkipped).toBe(1)
  })
  // sMAPE terms 2|e|/(|y|+|yhat|): 2/3, 0, 2/1, 4/6 -> sum 10/3 -> 100 * (10/3) / 4
  it('sMAPE = 100 * (2/3 + 0 + 2 + 2/3) / 4', () => expect(m.smape).toBeCloseTo((100 * (10 / 3)) / 4, 12))
  // training naive MAE: |3-1|, |2-3|, |4-2| -> (2 + 1 + 2) / 3 = 5/3, MASE = 1 / (5/3) = 0.6
  it('MASE = MAE / in-sample naive MAE = 0.6', () => expect(m.mase).toBeCloseTo(0.6, 12))
  // mean y = 7/4; SST = (0.75^2 + 0.25^2 + 1.75^2 + 2.25^2) = 8.75; SSE = 6 -> R2 = 1 - 6/8.75
  it('R2 = 1 - 6 / 8.75', () => expect(m.r2).toBeCloseTo(1 - 6 / 8.75, 12))
  it('seasonal naive scale uses lag m', () => expect(naiveScale([1, 5, 2, 7, 4], 2)).toBeCloseTo((1 + 2 + 2) / 3, 12))
  it('skill = 1 - metric / baseline', () => expect(skill(0.8, 1.0)).toBeCloseTo(0.2, 12))
  it('skillOf: none where both errors are rounding against their scale, or the baseline is perfect', () => {
    const target = targetScale({ min: 100.3, max: 171 })
    expect(target).toBe(171)
    // a line both fit to 1e-14: the ratio would read +16.8 %
    expect(skillOf('rmse', 2.01e-14, 2.42e-14, target)).toEqual({ skill: null, none: 'exact-fit' })
    expect(skillOf('rmse@3', 2e-14, 3e-14, target)).toEqual({ skill: null, none: 'exact-fit' })
    expect(skillOf('mase', 2.03e-14, 2.93e-14, null)).toEqual({ skill: null, none: 'exact-fit' })
    expect(skillOf('smape', 7.9e-15, 1.2e-14, null)).toEqual({ skill: null, none: 'exact-fit' })
    expect(skillOf('r2', 1 - 1e-16, 1 - 3e-16, null)).toEqual({ skill: null, none: 'exact-fit' })
    // the same tiny errors on values of 1e-12 are real errors; without the scale only a perfect baseline is ruled out
    expect(skillOf('rmse', 2e-14, 4e-14, targetScale({ min: 0, max: 1e-12 }))!.skill).toBeCloseTo(0.5, 12)
    expect(skillOf('rmse', 2e-14, 4e-14, null)!.skill).toBeCloseTo(0.5, 12)
    // a perfect baseline against a forecast that errs; a real skill; a score's gap to 1
    expect(skillOf('brier', 0.04, 1e-17, null)).toEqual({ skill: null, none: 'perfect-baseline' })
    expect(skillOf('rmse', 0.8, 1, target).skill).toBeCloseTo(0.2, 12)
    expect(skillOf('accuracy', 0.9, 0.8, null).skill).toBeCloseTo(0.5, 12)
    expect(skillOf('rmse', null, 1, target)).toEqual({ skill: null, none: null })
    expect(targetScale(null)).toBeNull()
    // MSE is in squared units: its scale is the target's squared (errors of 3e-4 of values near 1e-3 are real)
    expect(skillOf('mse', 1e-13, 4e-13, 1e-3).skill).toBeCloseTo(0.75, 12)
    expect(skillOf('mse', 1e-28, 2e-28, 171)).toEqual({ skill: null, none: 'exact-fit' })
  })
  it('MAPE is NaN when every y is 0', () => expect(regressionMetrics([0, 0], [1, 2]).mape).toBeNaN())
  it('sMAPE leaves out points where the actual and the forecast are both 0 (to rounding): undefined, NaN when every point is', () => {
    expect(regressionMetrics([0, 0, 0], [0, 0, 0], [0, 0, 0]).smape).toBeNaN() // an all-zero series: no relative error at all
    expect(regressionMetrics([0, 2], [0, 1], [0, 2, 4]).smape).toBeCloseTo(200 * (1 / 3), 12) // the 0/0 point left out, not a 0
    expect(regressionMetrics([0, 2], [1e-12, 1], [0, 2, 4]).smape).toBeCloseTo(200 * (1 / 3), 12) // 1e-12 on values of 4 is rounding
  })
  it('MAPE divides by the actual y, not the forecast: y = [2, 4], yhat = [1, 1] -> 100 * (1/2 + 3/4) / 2 = 62.5', () => {
    // dividing by yhat would give 100 * (1/1 + 3/1) / 2 = 200
    expect(regressionMetrics([2, 4], [1, 1]).mape).toBeCloseTo(62.5, 12)
    // and a row is skipped for y = 0, not for yhat = 0: 100 * (2/2) / 1 = 100, nothing skipped
    const z = regressionMetrics([2], [0])
    expect(z.mape).toBeCloseTo(100, 12)
    expect(z.mapeSkipped).toBe(0)
  })
})

describe('classification metrics (hand-computed)', () => {
  // binary, prob rows [p0, p1]; y = [1, 0, 1, 1, 0]
  const y = [1, 0, 1, 1, 0]
  const p1 = [0.9, 0.4, 0.35, 0.8, 0.6]
  const prob = p1.flatMap((p) => [1 - p, p])
  const m = classificationMetrics(y, prob, 2)
  // predictions argmax: [1, 0, 0, 1, 1] -> confusion [[1, 1], [1, 2]]
  it('confusion and accuracy 3/5', () => {
    expect(m.confusion).toEqual([[1, 1], [1, 2]])
    expect(m.accuracy).toBeCloseTo(0.6, 12)
  })
  it('binary precision 2/3, recall 2/3, F1 2/3; macro averages with class 0 (1/2, 1/2, 1/2)', () => {
    expect(m.binary?.precision).toBeCloseTo(2 / 3, 12)
    expect(m.binary?.recall).toBeCloseTo(2 / 3, 12)
    expect(m.binary?.f1).toBeCloseTo(2 / 3, 12)
    expect(m.macroF1).toBeCloseTo((2 / 3 + 1 / 2) / 2, 12)
  })
  it('0 / 0 is undefined (NaN), not 0: no positive in the test rows, none predicted (run 23), and none found (run 24)', () => {
    // all negatives, all predicted negative: precision 0/0, recall 0/0, F1 0/0; accuracy 1
    const none = classificationMetrics([0, 0, 0], [0.9, 0.1, 0.8, 0.2, 0.7, 0.3], 2)
    expect(none.accuracy).toBe(1)
    expect([none.binary!.precision, none.binary!.recall, none.binary!.f1]).toEqual([NaN, NaN, NaN])
    expect(none.macroF1).toBe(1) // class 0's F1; class 1's undefined one is left out of the mean
    // one positive, missed, nothing predicted positive: precision 0/0, recall 0/1 = 0, F1 2·0/(0 + 1) = 0
    const missed = classificationMetrics([0, 0, 1], [0.9, 0.1, 0.8, 0.2, 0.7, 0.3], 2)
    expect([missed.binary!.precision, missed.binary!.recall, missed.binary!.f1]).toEqual([NaN, 0, 0])
  })
  it('log loss = -mean log p(true)', () => {
    const ll = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8) + Math.log(0.4)) / 5
    expect(m.logLoss).toBeCloseTo(ll, 12)
  })
  it('Brier = mean sum_k (p_k - y_k)^2 = mean 2 (1 - p_true)^2', () => {
    const b = (2 * (0.1 ** 2 + 0.4 ** 2 + 0.65 ** 2 + 0.2 ** 2 + 0.6 ** 2)) / 5
    expect(m.brier).toBeCloseTo(b, 12)
  })
  // positives scores {0.9, 0.35, 0.8}, negatives {0.4, 0.6}: pairs won: 0.9 beats 2, 0.35 beats 0, 0.8 beats 2 -> 4/6
  it('ROC-AUC = 4/6 by pair counting', () => expect(m.rocAuc).toBeCloseTo(4 / 6, 12))
  // ties: pos {0.5, 0.5}, neg {0.5, 0.1}: pairs (0.5 vs 0.5) count 1/2, (0.5 vs 0.1) count 1 -> (0.5+1+0.5+1)/4
  it('ROC-AUC counts ties as half', () => expect(rocAuc([1, 1, 0, 0], [0.5, 0.5, 0.5, 0.1])).toBeCloseTo(0.75, 12))
  it('at another threshold: class 1 above it; at 0.5 the stored scores', () => {
    const at5 = thresholdMetrics(y, p1, 0.5)
    expect(at5.confusion).toEqual(m.confusion)
    expect([at5.accuracy, at5.precision, at5.recall, at5.f1]).toEqual([m.accuracy, m.binary!.precision, m.binary!.recall, m.binary!.f1])
    // above 0.3 every row is predicted 1: [[0, 2], [0, 3]]; precision 3/5, recall 1, F1 6/8
    const low = thresholdMetrics(y, p1, 0.3)
    expect(low.confusion).toEqual([[0, 2], [0, 3]])
    expect(low.accuracy).toBeCloseTo(3 / 5, 12)
    expect(low.precision).toBeCloseTo(3 / 5, 12)
    expect(low.recall).toBe(1)
    expect(low.f1).toBeCloseTo(6 / 8, 12)
    expect([low.fpr, low.tpr]).toEqual([1, 1])
    // above 0.85 only the 0.9: [[2, 0], [2, 1]]; the ROC point (0, 1/3); a probability equal to the threshold is not above it
    const high = thresholdMetrics(y, p1, 0.85)
    expect(high.confusion).toEqual([[2, 0], [2, 1]])
    expect([high.fpr, high.tpr]).toEqual([0, 1 / 3])
    expect(thresholdMetrics(y, p1, 0.9).confusion).toEqual([[2, 0], [3, 0]])
    // nothing predicted, nothing to find: undefined, not 0
    expect(thresholdMetrics([0, 0], [0.2, 0.3], 0.5)).toMatchObject({ precision: NaN, recall: NaN, f1: NaN, tpr: NaN, fpr: 0, accuracy: 1 })
    expect(() => thresholdMetrics(y, p1, 1.5)).toThrow('threshold 1.5 is not between 0 and 1')
    expect(classThresholdWords(2, 0.35)).toBe('a probability above 0.35 counts as the predicted class (threshold 0.35)')
  })
  it('multi-class: macro one-vs-rest AUC and per-class recall', () => {
    const mc = classificationMetrics([0, 1, 2], [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.3, 0.3, 0.4], 3)
    expect(mc.accuracy).toBe(1)
    expect(mc.rocAuc).toBe(1)
    expect(mc.recall).toEqual([1, 1, 1])
    expect(mc.binary).toBeNull()
  })
})

describe('baselines', () => {
  const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
  it('naive, moving average and linear on a straight line', () => {
    // origins 4 and 6, h = 2, L = 3
    const b = regressionBaselines(y, [4, 6], 2, 3, null)
    expect(Array.from(b.naive ?? [])).toEqual([5, 7])
    expect(Array.from(b['moving-average'] ?? [])).toEqual([4, 6]) // mean of y[2..4] = 4
    expect(Array.from(b.linear ?? []).map((v) => +v.toFixed(12))).toEqual([7, 9]) // the line continues: y[6] = 7
    expect(b['seasonal-naive']).toBeUndefined()
  })
  it('seasonal naive takes the value one period back (h <= m) or whole periods back (h > m)', () => {
    const s = [10, 20, 30, 11, 21, 31, 12, 22, 32]
    expect(Array.from(regressionBaselines(s, [5], 1, 2, 3)['seasonal-naive'] ?? [])).toEqual([11]) // row 5 + 1 - 3 = row 3
    expect(Array.from(regressionBaselines(s, [4], 4, 2, 3)['seasonal-naive'] ?? [])).toEqual([s[8 - 6]]) // ceil(4/3) = 2 periods back
  })
  it('detects the period of a noisy sine from the autocorrelation', () => {
    const v = Array.from({ length: 240 }, (_, i) => Math.sin((2 * Math.PI * i) / 12) + 0.1 * Math.cos(i * 1.7))
    expect(detectPeriod(v, 40)).toBe(12)
    expect(detectPeriod([1, 1, 1, 1, 1, 1])).toBeNull()
  })
  it('classification: majority, persistence, training rate', () => {
    const cls = [0, 1, 1, 1, 0, 2, 0, 1]
    const b = classificationBaselines(cls, [4, 5], 3, { start: 0, end: 5 }) // train: 0,1,1,1,0 -> rate [0.4, 0.6, 0]
    expect(Array.from(b.majority)).toEqual([0, 1, 0, 0, 1, 0])
    expect(Array.from(b.persistence)).toEqual([1, 0, 0, 0, 0, 1])
    expect(Array.from(b['training-rate'])).toEqual([0.4, 0.6, 0, 0.4, 0.6, 0])
  })
  it('skillBaseline picks the lowest score', () => expect(skillBaseline(scores('val', 'mae', { naive: 2, linear: 1.5, 'moving-average': 3 }), 'mae')).toBe('linear'))
})

/** One row per model of `values` on `split` under `metric`. */
const scores = (split: string, metric: string, values: Record<string, number | null>): ScoreRow[] => Object.entries(values).map(([model, value]) => ({ split, model, metric, value }))

describe('skillBaseline: the one yardstick of the stored skill and of every view', () => {
  it('is the best baseline on validation, whatever test says; test only where validation has no score', () => {
    const rows = [...scores('val', 'rmse', { model: 0.1, network: 0.2, naive: 3, ets: 2, theta: 2.5 }), ...scores('test', 'rmse', { model: 1, naive: 1, ets: 9, theta: 0.5 })]
    expect(skillBaseline(rows, 'rmse')).toBe('ets')
    expect(skillBaseline(rows.filter((r) => r.split === 'test'), 'rmse')).toBe('theta')
    expect(skillBaseline([...scores('val', 'rmse', { naive: null, ets: null }), ...scores('test', 'rmse', { naive: 1, ets: 2 })], 'rmse')).toBe('naive')
    expect(skillBaseline(scores('val', 'rmse', { model: 1, network: 2 }), 'rmse')).toBeNull()
  })
  it("leaves out the forecast's own members (its skill against one of them would be ~0 by construction)", () => {
    const rows = scores('val', 'rmse', { naive: 3, ets: 1, theta: 2, arima: 1.5 })
    expect(skillBaseline(rows, 'rmse', ['ets'])).toBe('arima')
    expect(skillBaseline(rows, 'rmse', ['ets', 'theta', 'arima'])).toBe('naive')
    expect(skillBaseline(rows, 'rmse', ['naive', 'ets', 'theta', 'arima'])).toBeNull()
  })
  it('where higher is better (accuracy, R²) the highest score', () => {
    expect(skillBaseline(scores('val', 'accuracy', { majority: 0.6, persistence: 0.8, 'training-rate': 0.5 }), 'accuracy')).toBe('persistence')
    expect(skillBaseline(scores('val', 'r2', { naive: -0.2, linear: 0.4 }), 'r2')).toBe('linear')
    expect(skillBaseline(scores('val', 'brier', { majority: 0.6, persistence: 0.8, 'training-rate': 0.5 }), 'brier')).toBe('training-rate')
  })
  it('a missing or non-finite score is no candidate: -Infinity is not the best error, nor NaN or Infinity the only one', () => {
    expect(skillBaseline(scores('val', 'rmse', { naive: -Infinity, ets: NaN, theta: Infinity, arima: 2 }), 'rmse')).toBe('arima')
    expect(skillBaseline(scores('val', 'r2', { naive: Infinity, linear: 0.1 }), 'r2')).toBe('linear')
    expect(skillBaseline(scores('val', 'rmse', { naive: NaN, ets: Infinity, theta: null }), 'rmse')).toBeNull()
    // no finite score on validation: test's
    expect(skillBaseline([...scores('val', 'rmse', { naive: NaN }), ...scores('test', 'rmse', { ets: 4, naive: 5 })], 'rmse')).toBe('ets')
  })
  it('an exact tie goes to the plainer baseline, in whatever order the rows come (evaluate\'s, or the store\'s by name)', () => {
    const flat = { naive: 0, 'moving-average': 0, linear: 0, 'seasonal-naive': 0, drift: 0.01, ets: 0, theta: 0.03, arima: 0 }
    const rows = scores('val', 'rmse', flat)
    const byName = [...rows].sort((a, b) => (a.model < b.model ? -1 : 1))
    expect(byName[0]!.model).toBe('arima') // the premise: the store's order puts another tied baseline first
    expect(skillBaseline(rows, 'rmse')).toBe('naive')
    expect(skillBaseline(byName, 'rmse')).toBe('naive')
    expect(skillBaseline([...rows].reverse(), 'rmse', ['naive'])).toBe('moving-average')
    expect(skillBaseline(scores('val', 'brier', { 'training-rate': 0, persistence: 0, majority: 0 }), 'brier')).toBe('majority')
    // names not listed come after the known ones, by name
    expect(skillBaseline(scores('val', 'rmse', { zeta: 1, alpha: 1, arima: 1 }), 'rmse')).toBe('arima')
    expect(skillBaseline(scores('val', 'rmse', { zeta: 1, alpha: 1 }), 'rmse')).toBe('alpha')
  })
})
