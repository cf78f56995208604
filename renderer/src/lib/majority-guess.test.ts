// An imbalanced two-class run whose probabilities all lie under 0.5 (exploratory pass 23, finding
// 2): at the stored scores' 0.5 cut-off it predicts no positives, so its accuracy is that of always
// guessing the majority class (0.8778 for both), which Evaluate's table bolded as the best. Now an
// accuracy no better than the majority class's guess is bolded in no row, and Evaluate says that
// the forecast predicts no positives at the 0.5 cut-off where that is so.
import { describe, expect, it } from 'vitest'
import { bestInColumn, noPositivesWords, type MetricTable } from './evaluate'

const table = (accuracy: Record<string, number>, brier: Record<string, number>): MetricTable => ({
  metrics: ['accuracy', 'brier'],
  rows: Object.keys(accuracy).map((model) => ({ model, values: [accuracy[model]!, brier[model]!], skill: null, noSkill: null, itself: false, stored: [true, true] })),
  skillMetric: 'brier'
})
const row = (i: number, value: number, actual: number | null) => ({ ts: i, step: 1, value, lower: null, upper: null, actual })

describe('accuracy against the majority class guess', () => {
  it('no bold in the accuracy column where the best is the majority class guess; the other columns as before', () => {
    const t = table({ model: 0.8778, majority: 0.8778, persistence: 0.7667, 'training-rate': 0.8778 }, { model: 0.2157, majority: 0.2444, persistence: 0.4667, 'training-rate': 0.2176 })
    expect(bestInColumn(t)).toEqual([null, 0.2157])
  })

  it('an accuracy above the majority guess is bolded as before', () => {
    const t = table({ model: 0.91, majority: 0.8778, persistence: 0.7667 }, { model: 0.2, majority: 0.24, persistence: 0.46 })
    expect(bestInColumn(t)).toEqual([0.91, 0.2])
  })

  it('says that the forecast predicts no positives at the 0.5 cut-off, only where no test row is above it', () => {
    const low = [row(0, 0.09, 0), row(1, 0.3, 1), row(2, 0.5, 0), row(3, 0.7, null)]
    expect(noPositivesWords(low, 'P(fraud = 1)')).toBe('The forecast predicts no positives at the 0.5 cut-off: no test row has a P(fraud = 1) above 0.5, so its accuracy there is that of always guessing the majority class and its recall 0. The Threshold panel shows the scores at another cut-off.')
    expect(noPositivesWords([...low, row(4, 0.51, 0)], 'P(fraud = 1)')).toBeNull()
    expect(noPositivesWords([], 'P(fraud = 1)')).toBeNull()
  })
})
