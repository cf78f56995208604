import { describe, expect, it } from 'vitest'
import { aheadNote } from './predict'
import { MIN_STEP_RESIDUALS } from '../train/choice'

const ahead = (K: number, calibrated: number) => ({ q: Array.from({ length: K }, (_, k) => 1 + k), calibrated, log: false })

describe("fw forecast's note on what its intervals rest on", () => {
  it('says nothing while every step asked for is calibrated on its own', () => {
    expect(aheadNote(ahead(8, 8), 8)).toBeNull()
    expect(aheadNote(ahead(8, 5), 5)).toBeNull()
  })

  it('names the pooled steps and the steps past the stored ones', () => {
    expect(aheadNote(ahead(8, 5), 12)).toBe(
      'note: intervals: steps 1-5 are calibrated on their own validation errors; steps 6-8 take the errors of every step pooled, scaled by √k, and steps 9-12 take step 8\'s bounds widened by √(k/8): an approximation without calibrated coverage')
    expect(aheadNote(ahead(8, 8), 9)).toBe(
      'note: intervals: steps 1-8 are calibrated on their own validation errors; step 9 takes step 8\'s bounds widened by √(k/8): an approximation without calibrated coverage')
    expect(aheadNote(ahead(8, 1), 2)).toBe(
      'note: intervals: step 1 is calibrated on its own validation errors; step 2 takes the errors of every step pooled, scaled by √k: an approximation without calibrated coverage')
  })

  // A short validation (a quarterly series of 60 rows: 9 validation rows) leaves no step with its
  // own quantile; the note said "calibrated on validation for steps 1-0 ... widened by √(k/0)"
  it('says when no step is calibrated on its own, never "steps 1-0"', () => {
    const note = aheadNote(ahead(8, 0), 5)!
    expect(note).toBe(`note: intervals: no step has the ${MIN_STEP_RESIDUALS} validation errors it needs to be calibrated on its own; steps 1-5 take the errors of every step pooled, scaled by √k: an approximation without calibrated coverage`)
    expect(note).not.toMatch(/1-0|k\/0/)
  })
})
