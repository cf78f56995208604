// What follows the names a file lacks (columnGuess): a list joined by ';' is said as such, and the
// other missing names keep their "did you mean" guesses beside it (before, one name with the ';'
// hint dropped the guesses for all the others).
import { describe, expect, it } from 'vitest'
import { columnGuess } from './near'

const names = ['date', 'temp_min', 'temp_max', 'wind']

describe('columnGuess', () => {
  it('gives the ";" hint and the guesses for the other missing names', () => {
    expect(columnGuess(['temp_min;wind', 'tmp_max'], names)).toBe(' (did you mean "temp_max" for "tmp_max"?); a list is separated by ",", not ";" ("temp_min,wind")')
  })

  it('gives the ";" hint alone where no other missing name has a column near it', () => {
    expect(columnGuess(['temp_min;wind', 'zzz'], names)).toBe('; a list is separated by ",", not ";" ("temp_min,wind")')
    expect(columnGuess(['temp_min;wind'], names)).toBe('; a list is separated by ",", not ";" ("temp_min,wind")')
  })

  it('guesses as before where no name is a list', () => {
    expect(columnGuess(['tmp_max'], names)).toBe(' (did you mean "temp_max"?)')
    expect(columnGuess(['tmp_max', 'wnd'], names)).toBe(' (did you mean "temp_max" for "tmp_max" and "wind" for "wnd"?)')
  })
})
