// The steps the choice scored, in words (choice-steps.ts): explore25's daily3y.csv run at horizon
// 365 scored its candidates on 169 validation rows, and every front end said "steps 1–365 ahead".
import { describe, expect, it } from 'vitest'
import { farthestScored, highestScoredStep, scoredPathWords, scoredStepsClause, scoredStepsWords } from './choice-steps'
import { pathOriginsOf } from './evaluate'
import { pathMae } from './choice'

describe('highestScoredStep', () => {
  const y = Array.from({ length: 60 }, (_, i) => i)
  it('is the validation rows where they are fewer than the steps, from the origin before validation', () => {
    const val = { start: 40, end: 52 } // 12 rows
    const origins = pathOriginsOf(val, 30)
    expect(highestScoredStep(y, origins, val, 30)).toBe(12)
    expect(highestScoredStep(y, origins, val, 5)).toBe(5)
    // pathMae scores exactly those steps: a path off by k at step k averages (1 + .. + 12) / 12
    const paths = Float64Array.from({ length: origins.length * 30 }, (_, j) => y[origins[Math.floor(j / 30)]! + (j % 30) + 1] ?? 0).map((v, j) => v + (j % 30) + 1)
    expect(pathMae(y, paths, origins, 30, val)).toBeCloseTo(6.5, 12)
  })
  it('leaves out a farthest row that was not observed, and is 0 with no origin', () => {
    const gap = y.map((v, i) => (i === 51 ? NaN : v))
    const val = { start: 40, end: 52 }
    expect(highestScoredStep(gap, pathOriginsOf(val, 30), val, 30)).toBe(11)
    expect(highestScoredStep(y, [], val, 30)).toBe(0)
  })
})

describe('the words', () => {
  it('says steps 1–K where every step was scored, and in runs stored before', () => {
    expect(scoredStepsWords({ steps: 365 })).toBe('steps 1–365 ahead')
    expect(scoredStepsWords({ steps: 18, scored: { steps: 18, rows: 40, reach: 18 } })).toBe('steps 1–18 ahead')
    expect(scoredStepsWords({ steps: 1 })).toBe('step 1 ahead')
    expect(scoredPathWords({ steps: 365 })).toBe('365 steps ahead')
    expect(farthestScored({ steps: 365 })).toBe(365)
  })
  it('says the steps scored, of K, and why, where fewer were', () => {
    const daily = { steps: 365, scored: { steps: 169, rows: 169, reach: 365 } }
    expect(scoredStepsWords(daily)).toBe('steps 1–169 of 365 ahead: validation holds 169 rows')
    expect(scoredPathWords(daily)).toBe('1 to 169 steps ahead')
    expect(scoredStepsWords({ steps: 48, scored: { steps: 1, rows: 200, reach: 1 } })).toBe('step 1 of 48 ahead: the network reaches 1 step: it reads inputs whose future is unknown')
    expect(scoredStepsWords({ steps: 6, scored: { steps: 2, rows: 2, reach: 6 } })).toBe('steps 1–2 of 6 ahead: validation holds 2 rows')
  })
  it("the sentence's clause: where the steps are not the horizon's (explore25 run 10, horizon 1 scored on 48 steps), or fewer than K", () => {
    expect(scoredStepsClause({ steps: 48, scored: { steps: 48, rows: 200, reach: 48 } }, 1)).toBe("; every candidate was scored on its forecasts 1 to 48 steps ahead from each validation origin (the run's horizon is 1)")
    expect(scoredStepsClause({ steps: 365, scored: { steps: 169, rows: 169, reach: 365 } }, 365)).toBe('; every candidate was scored on validation over steps 1–169 of 365 ahead: validation holds 169 rows, so no forecast further ahead was scored')
    expect(scoredStepsClause({ steps: 6, scored: { steps: 6, rows: 30, reach: 6 } }, 6)).toBe('')
  })
})
