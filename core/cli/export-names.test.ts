// fw export names each file with what it writes: --report x.pdf wrote an HTML page into a .pdf that
// no PDF reader opens. A file named with another format's ending is refused before anything is
// opened or written; no ending, or an ending of no known format, is left as given.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkExportName } from './runs'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-export-names-'))

describe('fw export refuses a file named as another format', () => {
  it('--report x.pdf: exit 2, says it writes HTML and how to get a PDF, writes nothing', async () => {
    const pdf = join(dir, 'x.pdf')
    const r = await fw('export', '--run', '1', '--report', pdf, '--db', join(dir, 'runs.db'))
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`fw export: --report ${pdf}: --report writes an HTML page, not a .pdf file; name it ${join(dir, 'x.html')}; for a PDF, open the page in a browser and print it to PDF\n`)
    expect(existsSync(pdf)).toBe(false)
    expect(existsSync(join(dir, 'runs.db'))).toBe(false)
  })

  it('every export, and fw export --from --onnx', async () => {
    expect(() => checkExportName('xlsx', 'f.csv')).toThrow('--xlsx f.csv: --xlsx writes an Excel workbook, not a .csv file; name it f.xlsx')
    expect(() => checkExportName('csv', 'f.XLSX')).toThrow(/--csv writes a CSV file, not a \.xlsx file; name it f\.csv$/)
    expect(() => checkExportName('model', 'm.onnx')).toThrow(/name it m\.json$/)
    expect(() => checkExportName('onnx', 'm.json')).toThrow(/name it m\.onnx$/)
    for (const [kind, file] of [['report', 'r.html'], ['report', 'r.HTM'], ['csv', 'f.txt'], ['model', 'model'], ['report', 'notes.v2'], ['xlsx', 'dir.x/f']] as const) {
      expect(() => checkExportName(kind, file), `${kind} ${file}`).not.toThrow()
    }
    const r = await fw('export', '--from', join(dir, 'model.json'), '--onnx', join(dir, 'm.json'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--onnx writes an ONNX model, not a \.json file/)
  })
})
