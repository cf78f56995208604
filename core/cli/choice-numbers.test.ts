// The choice's sentence and the metrics table beside it write a number far from 1 alike: at x1e12 the
// sentence had "MAE 3535631959748.1 against 743732452902.0" under a table of 7.65e+11.
import { describe, expect, it } from 'vitest'
import { choiceNumber, choiceNumbers } from '../data/words'
import { fmt } from './format'

describe("the choice's numbers in the table's form", () => {
  it('writes 1e6 and up, and below 1e-3, as the table does', () => {
    for (const v of [3535631959748.1, 743732452902.0, 1e6, -2.5e9, 7.91e-4, 3.62e-9, -4e-5]) expect(choiceNumber(v)).toBe(fmt(v))
    expect(choiceNumber(3535631959748.1)).toBe('3.54e+12')
    expect(choiceNumber(0)).toBe('0.00')
    expect(choiceNumber(204.24)).toBe('204.2') // nearer 1: as before
    expect(choiceNumber(0.0481)).toBe('0.0481')
  })
  it('tells two such numbers apart with more digits in the same form', () => {
    expect(choiceNumbers(7.437e11, 7.438e11)).toEqual(['7.437e+11', '7.438e+11'])
    expect(choiceNumbers(1.2341e-5, 1.2342e-5)).toEqual(['1.2341e-5', '1.2342e-5'])
  })
})
