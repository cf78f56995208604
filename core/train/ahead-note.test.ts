import { describe, expect, it } from 'vitest'
import { aheadIntervals, aheadNote } from './forecast'
import { MIN_STEP_RESIDUALS } from './choice'

const ahead = (K: number, calibrated: number) => ({ q: Array.from({ length: K }, (_, k) => 1 + k), calibrated, log: false })

describe("the note, in fw forecast and the app's forecast past the end, on what its intervals rest on", () => {
  it('says nothing while every step asked for is calibrated on its own', () => {
    expect(aheadNote(ahead(8, 8), 8)).toBeNull()
    expect(aheadNote(ahead(8, 5), 5)).toBeNull()
  })

  it('names the pooled steps and the steps past the stored ones', () => {
    expect(aheadNote(ahead(8, 5), 12)).toBe(
      'intervals: steps 1-5 are calibrated on their own validation errors; steps 6-8 take the errors of every step pooled, scaled by √k, and steps 9-12 take step 8\'s bounds widened by √(k/8): an approximation without calibrated coverage')
    expect(aheadNote(ahead(8, 8), 9)).toBe(
      'intervals: steps 1-8 are calibrated on their own validation errors; step 9 takes step 8\'s bounds widened by √(k/8): an approximation without calibrated coverage')
    expect(aheadNote(ahead(8, 1), 2)).toBe(
      'intervals: step 1 is calibrated on its own validation errors; step 2 takes the errors of every step pooled, scaled by √k: an approximation without calibrated coverage')
  })

  // A short validation (a quarterly series of 60 rows: 9 validation rows) leaves no step with its
  // own quantile; the note said "calibrated on validation for steps 1-0 ... widened by √(k/0)"
  it('says when no step is calibrated on its own, never "steps 1-0"', () => {
    const note = aheadNote(ahead(8, 0), 5)!
    expect(note).toBe(`intervals: no step has the ${MIN_STEP_RESIDUALS} validation errors it needs to be calibrated on its own; steps 1-5 take the errors of every step pooled, scaled by √k: an approximation without calibrated coverage`)
    expect(note).not.toMatch(/1-0|k\/0/)
  })

  it('counts the calibrated steps for the app, and knows a model file from before the per-step calibration', () => {
    // the fields aheadIntervals reads: the stored per-step quantiles, the horizon, whether there are intervals
    const model = (a: ReturnType<typeof ahead> | null, hw: number | null) => ({ ahead: a, config: { window: { horizon: 4 } }, intervalHalfWidth: hw }) as unknown as Parameters<typeof aheadIntervals>[0]
    expect(aheadIntervals(model(ahead(8, 5), 1), 12)).toEqual({ calibrated: 5, note: aheadNote(ahead(8, 5), 12) })
    expect(aheadIntervals(model(ahead(8, 8), 1), 8)).toBeNull()
    expect(aheadIntervals(model(null, 1), 6)).toEqual({ calibrated: 4, note: 'intervals past step 4 are widened by √(recursion depth), an approximation without calibrated coverage' })
    expect(aheadIntervals(model(null, 1), 4)).toBeNull()
    expect(aheadIntervals(model(null, null), 6)).toBeNull()
  })
})
