// A yes/no target's classes are named in the data file's own words wherever a person reads them, as
// its probability column is (yes-no-column.test.ts): fw train's summary and fw show count the
// validation rows its threshold was chosen on 'where rain = yes' ('where rain = 1' for a file of
// 0/1), and the export's report draws its confusion matrix with rows and columns 'no' and 'yes' and
// says the same threshold sentence, as does the workbook. A run whose dataset was stored before the
// words were kept keeps the class names ('false', 'true') and 'where the class holds'.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { Window } from 'happy-dom'
import { beforeAll, describe, expect, it } from 'vitest'
import { SHEETS } from '../export/forecast-xlsx'
import { forgetYesNoWords } from './test-fixtures/forget-words'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-yes-no-classes-'))
const db = join(dir, 'runs.db')
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const humidity = (i: number) => ((i * 37) % 61) + 35
/** A daily file where it rains (in `no`/`yes`) the day after a humid one: a threshold is chosen on it. */
function file(name: string, no: string, yes: string): string {
  const path = join(dir, name)
  writeFileSync(path, ['date,humidity,rain', ...Array.from({ length: 200 }, (_, i) => `${day(i)},${humidity(i)},${i > 0 && humidity(i - 1) > 70 ? yes : no}`)].join('\n') + '\n')
  return path
}
const trained: Record<string, string> = {}
/** "N where …)": what the threshold line counts the validation rows by. */
const CHOSEN = /threshold chosen on validation: [\d.]+ \(Youden's J [\d.]+ on \d+ validation rows, \d+ where ([^)]+)\)/

beforeAll(async () => {
  for (const [name, no, yes] of [['yn', 'no', 'yes'], ['01', '0', '1']] as const) {
    const r = await fw('train', '--csv', file(`${name}.csv`, no, yes), '--target', 'rain', '--task', 'classification', '--epochs', '3', '--seed', '1', '--db', db, '--out', join(dir, name))
    expect(r.code, r.stderr).toBe(0)
    trained[name] = r.stdout
  }
}, 120_000)

/** What fw show counts the chosen threshold's rows by, and the report's and the workbook's words. */
async function said(run: number): Promise<{ show: string | undefined; matrix: string[]; report: string; workbook: string }> {
  const s = await fw('show', String(run), '--db', db)
  expect(s.code, s.stderr).toBe(0)
  const out = join(dir, `export-${run}-${Date.now()}`)
  const e = await fw('export', '--run', String(run), '--db', db, '--xlsx', join(out, 'f.xlsx'), '--report', join(out, 'r.html'))
  expect(e.code, e.stderr).toBe(0)
  const doc = new new Window().DOMParser().parseFromString(readFileSync(join(out, 'r.html'), 'utf8'), 'text/html')
  const matrix = Array.from(doc.querySelectorAll('svg[aria-label="confusion matrix"] text.tick')).map((t) => t.textContent ?? '')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(join(out, 'f.xlsx'))
  let workbook = ''
  wb.getWorksheet(SHEETS.about)!.eachRow((row) => {
    if (row.getCell(1).value === 'threshold chosen on validation') workbook = String(row.getCell(2).value)
  })
  return { show: CHOSEN.exec(s.stdout)?.[1], matrix, report: doc.getElementById('threshold-words')?.textContent ?? '', workbook }
}

describe("a yes/no target's classes in the file's own words", () => {
  it("fw train's summary counts the threshold's validation rows in them", () => {
    expect(CHOSEN.exec(trained['yn']!)?.[1]).toBe('rain = yes')
    expect(CHOSEN.exec(trained['01']!)?.[1]).toBe('rain = 1')
  })

  it("fw show, the report's confusion matrix and threshold sentence, and the workbook's", async () => {
    for (const [run, no, yes] of [[1, 'no', 'yes'], [2, '0', '1']] as const) {
      const s = await said(run)
      expect(s.show).toBe(`rain = ${yes}`)
      // the predicted columns' labels, then the actual rows'
      expect(s.matrix).toEqual([no, yes, no, yes])
      expect(s.report).toMatch(new RegExp(`validation rows \\(\\d+ where rain = ${yes}\\)`))
      expect(s.workbook).toMatch(new RegExp(`validation rows \\(\\d+ where rain = ${yes}\\)`))
    }
  }, 60_000)

  it('a run whose dataset was stored before the words were kept keeps the class names', async () => {
    forgetYesNoWords(db, 1, 'rain')
    const s = await said(1)
    expect(s.show).toBe('the class holds')
    expect(s.matrix).toEqual(['false', 'true', 'false', 'true'])
    expect(s.report).toMatch(/validation rows \(\d+ where the class holds\)/)
    expect(s.workbook).toMatch(/validation rows \(\d+ where the class holds\)/)
  }, 60_000)
})
