import { describe, expect, it } from 'vitest'
import type { ForecastChoice } from '../train/choice'
import { pathCoverageWords } from './train'

// small25: fw train said 'over steps 1-365 ahead' on a run whose test period held 169 rows, so steps
// past 169 were never measured
describe('fw train: the test paths\' coverage says the steps it measured', () => {
  const choice = { steps: 365 } as ForecastChoice
  it('names the steps the test period held where it holds fewer rows than the horizon', () => {
    expect(pathCoverageWords({ choice, pathCoverage: 0.912, pathCoverageSteps: { steps: 169, rows: 169, reach: 365 } }))
      .toBe('; over steps 1–169 of 365 ahead 91.2% (the test period holds 169 rows; each test interval calibrated on the errors known at its origin)')
  })
  it('says every step where the test period holds them all, or the run was stored before the steps were kept', () => {
    expect(pathCoverageWords({ choice, pathCoverage: 0.9, pathCoverageSteps: { steps: 365, rows: 400, reach: 365 } })).toBe('; over steps 1–365 ahead 90.0% (each test interval calibrated on the errors known at its origin)')
    expect(pathCoverageWords({ choice, pathCoverage: 0.9 })).toBe('; over steps 1–365 ahead 90.0% (each test interval calibrated on the errors known at its origin)')
    expect(pathCoverageWords({ choice, pathCoverage: null })).toBe(' (each test interval calibrated on the errors known at its origin)')
  })
})
