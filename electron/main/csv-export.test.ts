import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv-export'

describe('forecast CSV cells', () => {
  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tx')).toBe("'\tx")
    expect(csvCell('\rx')).toBe(`"'\rx"`)
  })
  it('keeps numbers bare, negative ones included, and empties non-finite ones', () => {
    expect(csvCell(-3.5)).toBe('-3.5')
    expect(csvCell(0)).toBe('0')
    expect(csvCell(NaN)).toBe('')
    expect(csvCell(null)).toBe('')
  })
  it('writes a header and CRLF rows', () => {
    expect(toCsv(['a', 'b'], [['x,y', 1]])).toBe('a,b\r\n"x,y",1\r\n')
  })
})
