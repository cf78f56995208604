// What a spreadsheet writes into a CSV beside its numbers: Excel's #N/A is its missing value and reads
// as missing unasked; its other errors are formulas that went wrong and stay refused, naming the cell.
// And a workbook itself given as a CSV is named as one, with how to save it as CSV.
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

describe('a workbook given as a CSV', () => {
  // the file's first bytes as the app's worker and the CLI decode them (UTF-8, invalid bytes U+FFFD)
  const decoded = (bytes: number[], rest = '') => new TextDecoder().decode(new Uint8Array([...bytes, ...Buffer.from(rest, 'latin1')]))
  const refusal = (text: string) => importCsv(text, { fileName: 'book.csv' }).catch((x: unknown) => x)

  it('an .xlsx, an .xls and an .ods are named, with how to save them as CSV UTF-8', async () => {
    const zip = [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x08, 0, 0x08, 0, 0x0f, 0x02, 0x87, 0x5d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x13, 0, 0, 0]
    expect(await refusal(decoded(zip, '[Content_Types].xml\x9c\x01'))).toMatchObject({ line: 1, message: expect.stringContaining('the file is an Excel workbook (.xlsx), not CSV text: save it as CSV UTF-8 (Excel: File › Save As') })
    expect(await refusal(decoded(zip, 'xl/theme/theme1.xml\xed'))).toMatchObject({ message: expect.stringContaining('an Excel workbook (.xlsx)') })
    expect(await refusal(decoded([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]))).toMatchObject({ line: 1, message: expect.stringContaining('the file is an Excel workbook (.xls), not CSV text: save it as CSV UTF-8') })
    expect(await refusal(decoded(zip, 'mimetypeapplication/vnd.oasis.opendocument.spreadsheet'))).toMatchObject({ message: expect.stringContaining('an OpenDocument spreadsheet (.ods)') })
    expect(await refusal(decoded(zip, 'data.csv\x01'))).toMatchObject({ message: expect.stringContaining('a zip archive, not CSV text: unzip it') })
  })
})
