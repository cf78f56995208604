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

  it('writes numbers to 15 significant digits: float noise goes, every digit a value was written with stays', () => {
    expect(86.32 + 1e-14).not.toBe(86.32)
    expect(csvCell(86.32 + 1e-14)).toBe('86.32')
    expect(csvCell(0.1 + 0.2)).toBe('0.3')
    expect(csvCell(78.03999999999999)).toBe('78.04')
    expect(csvCell(123456.789012345)).toBe('123456.789012345')
    expect(csvCell(1.5e-9)).toBe('1.5e-9')
    expect(csvCell(1700000000000)).toBe('1700000000000')
    expect(csvCell(-0.000123456789)).toBe('-0.000123456789')
    expect(toCsv(['x'], [[2.0000000000000004]], { delimiter: ';', decimal: ',' })).toBe('x\r\n2\r\n')
  })

  it('writes decimal commas with the semicolon delimiter', () => {
    expect(toCsv(['x', 'y'], [[1.5, 'a;b']], { delimiter: ';', decimal: ',' })).toBe('x;y\r\n1,5;"a;b"\r\n')
    expect(() => toCsv(['x'], [[1]], { delimiter: ',', decimal: ',' })).toThrow(/semicolon/)
  })
})

describe('the byte-order mark', () => {
  it('starts a file with text beyond ASCII, so a spreadsheet reads it as UTF-8; an ASCII file has none', async () => {
    const wide = toCsv(['time', 'Verkäufe'], [['2024-01-01', 1.5]])
    expect(wide.charCodeAt(0)).toBe(0xfeff)
    expect(toCsv(['time', 'sales'], [['2024-01-01', 1.5]])).toBe('time,sales\r\n2024-01-01,1.5\r\n')
    // what the workbench's own import reads back: the header's first name without the mark
    const { importCsv } = await import('../data/import')
    const ds = await importCsv(wide, { fileName: 'wide.csv' })
    expect(ds.columns.map((c) => c.name)).toEqual(['time', 'Verkäufe'])
  })
})
