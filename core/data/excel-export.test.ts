// What a spreadsheet writes into a CSV beside its numbers: Excel's #N/A is its missing value and reads
// as missing unasked; its other errors are formulas that went wrong and stay refused, naming the cell.
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { importCsv } from './import'

const csv = (cell: string) => ['day,v', ...Array.from({ length: 20 }, (_, i) => `2021-01-${String(i + 1).padStart(2, '0')},${i === 6 ? cell : i + 0.5}`)].join('\n')

describe('Excel error values', () => {
  it('#N/A (any case) is missing, as NA is', async () => {
    for (const cell of ['#N/A', '#n/a', ' #N/A ']) {
      const ds = await importCsv(csv(cell), { fileName: 'x.csv' })
      const v = ds.columns.find((c) => c.name === 'v')!
      expect(v.kind).toBe('numeric')
      expect(v.kind === 'numeric' && Number.isNaN(v.values[6]!)).toBe(true)
      expect(v.kind === 'numeric' && v.values[7]).toBe(7.5)
    }
  })

  it.each(['#DIV/0!', '#VALUE!', '#REF!', '#NUM!', '#NAME?', '#NULL!'])('%s is refused, naming its line and column', async (cell) => {
    const e = await importCsv(csv(cell), { fileName: 'x.csv' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ImportError)
    expect(e).toMatchObject({ code: 'non-numeric', line: 8, column: 'v', value: cell })
  })
})
