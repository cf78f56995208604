import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv'

describe('formula-safe CSV', () => {
  it('prefixes text that a spreadsheet would run as a formula, never numbers', () => {
    expect(csvCell('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)")
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-cmd')).toBe("'-cmd")
    expect(csvCell('@x')).toBe("'@x")
    expect(csvCell('\tx')).toBe("'\tx")
    expect(csvCell('\rx')).toBe("\"'\rx\"")
    expect(csvCell(-1.5)).toBe('-1.5')
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell(null)).toBe('')
    expect(csvCell(Number.NaN)).toBe('')
  })

  it('quotes delimiters, quotes and newlines and round-trips through a CSV parser', () => {
    const rows = [['a,b', 1.25, null], ['say "hi"', -2, 'line\nbreak'], ['=1+1', 0, '@home']]
    const text = toCsv(['name', 'value', 'note'], rows)
    const back = Papa.parse<string[]>(text.trim(), { newline: '\r\n' }).data
    expect(back).toEqual([
      ['name', 'value', 'note'],
      ['a,b', '1.25', ''],
      ['say "hi"', '-2', 'line\nbreak'],
      ["'=1+1", '0', "'@home"]
    ])
  })

  it('writes decimal commas with the semicolon delimiter', () => {
    expect(toCsv(['x', 'y'], [[1.5, 'a;b']], { delimiter: ';', decimal: ',' })).toBe('x;y\r\n1,5;"a;b"\r\n')
    expect(() => toCsv(['x'], [[1]], { delimiter: ',', decimal: ',' })).toThrow(/semicolon/)
  })
})
