// Every writer of a quarterly file's times writes the same quarters (review24 item 3): the forecast
// CSV (fw train's predictions.csv and fw export --csv), the XLSX, the HTML report, fw forecast, fw
// inspect and the app's tables (Export's: zonedTimeCell on the run's stored zone; the Data table's
// and the split's: fileTime) all write a period through one function (core/data/time-cell
// timeCell: periodText), so none may write 2022-01-01 or 2022-Q1 where another writes 2022 Q1.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fw } from '../core/cli/test-fixtures/fw'
import { storedRunZone } from '../core/services/datasets'
import { openStore } from '../core/store'
import { zonedTimeCell } from '../renderer/src/lib/zoned-time'
import { fileTime } from '../core/data/series'

let dir = ''
const test = ['2022 Q1', '2022 Q2', '2022 Q3', '2022 Q4'] // the test rows: the config's split
const firstCells = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(/[,;]/)[0]!)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fw-period-writers-'))
  const stamps = Array.from({ length: 32 }, (_, i) => `${2015 + Math.floor(i / 4)} Q${(i % 4) + 1}`)
  writeFileSync(join(dir, 'q.csv'), ['date,v', ...stamps.map((s, i) => `${s},${(100 + 20 * Math.sin((Math.PI * i) / 2) + (i % 3)).toFixed(2)}`)].join('\n') + '\n')
  writeFileSync(join(dir, 'split.json'), JSON.stringify({ data: { split: { kind: 'date', valStart: '2021 Q1', testStart: '2022 Q1', gap: 0 } } }))
  const t = await fw('train', '--csv', join(dir, 'q.csv'), '--target', 'v', '--epochs', '1', '--seed', '1', '--forecaster', 'naive', '--config', join(dir, 'split.json'), '--db', join(dir, 'runs.db'), '--out', join(dir, 'out'))
  expect([t.code, t.stderr]).toEqual([0, ''])
}, 120_000)
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe("a quarterly file's times, as every writer writes them", () => {
  it('predictions.csv and fw export --csv: the test quarters', async () => {
    expect([...new Set(firstCells(readFileSync(join(dir, 'out', 'predictions.csv'), 'utf8')))]).toEqual(test)
    const e = await fw('export', '--run', '1', '--db', join(dir, 'runs.db'), '--csv', join(dir, 'e.csv'), '--xlsx', join(dir, 'e.xlsx'), '--report', join(dir, 'r.html'))
    expect([e.code, e.stderr]).toEqual([0, ''])
    const csv = readFileSync(join(dir, 'e.csv'), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n')
    expect([...new Set(firstCells(csv))]).toEqual(test)
  })

  // the splits' first and last rows, as the XLSX's Data sheet and the report's split table name them
  const splits = [['2015 Q1', '2020 Q4'], ['2021 Q1', '2021 Q4'], ['2022 Q1', '2022 Q4']]

  it('the XLSX: the test quarters on its Forecast sheet, the splits on its Data sheet, as text cells (no date format shows a quarter)', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(readFileSync(join(dir, 'e.xlsx')) as unknown as ArrayBuffer)
    const column = (sheet: string, header: string) => {
      const ws = wb.getWorksheet(sheet)!
      const at = (ws.getRow(1).values as unknown[]).indexOf(header)
      return (ws.getColumn(at).values as unknown[]).slice(2)
    }
    expect([...new Set(column('Forecast', 'time'))]).toEqual(test)
    const data = wb.getWorksheet('Data')!
    const rows: unknown[][] = []
    data.eachRow((row) => void rows.push((row.values as unknown[]).slice(1)))
    expect(rows.filter((r) => ['train', 'val', 'test'].includes(r[0] as string)).map((r) => [r[3], r[4]])).toEqual(splits)
    const cells: unknown[] = []
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => void cells.push(c.value))))
    expect(cells.filter((c) => c instanceof Date)).toEqual([]) // none written as the quarter's first day
  })

  it('the report: the same splits and the quarter past the end, and no first-of-quarter date', () => {
    const html = readFileSync(join(dir, 'r.html'), 'utf8')
    expect(html).toContain('from 2015 Q1 to 2022 Q4')
    for (const [first, last] of splits) expect(html).toContain(`<td>${first}</td><td>${last}</td>`)
    expect(html).toContain('The forecast for 2023 Q1:')
    expect(html).not.toMatch(/20(15|2[0-3])-(01|04|07|10)-01/)
  })

  it('fw forecast: the quarters after the last', async () => {
    const f = await fw('forecast', '--model', join(dir, 'out', 'model.json'), '--csv', join(dir, 'q.csv'), '--steps', '3', '--out', join(dir, 'f.csv'))
    expect([f.code, f.stderr]).toEqual([0, ''])
    expect(firstCells(readFileSync(join(dir, 'f.csv'), 'utf8'))).toEqual(['2023 Q1', '2023 Q2', '2023 Q3'])
  })

  it('fw inspect: the first and last quarters', async () => {
    const i = await fw('inspect', '--csv', join(dir, 'q.csv'))
    expect([i.code, i.stderr]).toEqual([0, ''])
    expect(i.stdout).toContain('2015 Q1')
    expect(i.stdout).toContain('2022 Q4')
    expect(i.stdout).not.toMatch(/20(15|22)-(01|10)-01/)
  })

  it("the app's tables: the run's stored zone gives the same quarters (zonedTimeCell: Export's tables; fileTime: the Data table's and the split's)", () => {
    const store = openStore(join(dir, 'runs.db'))
    try {
      const run = store.runs.get(1)
      const zone = storedRunZone(store.datasets.load(run.datasetId), JSON.parse(run.configJson).data.time)
      expect(zone).toBe('quarter')
      const ts = store.forecasts.list(1).map((f) => f.ts)
      const cell = zonedTimeCell(ts, zone as 'quarter')
      expect([...new Set(ts.map(cell))]).toEqual(test)
      expect([...new Set(ts.map((t) => fileTime(t, zone)))]).toEqual(test)
    } finally {
      store.close()
    }
  })
})
