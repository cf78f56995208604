// A long file whose series share instants but not zones: store A at Berlin's clock (13:00+01:00,
// 14:00+02:00 from 2023-03-26), store B at New York's (07:00-05:00, 08:00-04:00 from 2023-03-12),
// both rows of a day at 12:00 UTC. Two offsets at one instant fit no offset by instant (ZoneSteps),
// so every file wrote both series in UTC marked Z. The import now keeps each row's offset
// (DateColumn.rowOffsets, the date column's meta JSON), and each series' files write its times in
// its own offsets, as the file did: fw train --global's predictions.csv, fw forecast past the end
// (--model and --run), fw export's CSV, workbook and report, and a single series' run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { offsetAt, type ClockRule } from '../data/clock-rule'
import { forecastTimeMs, offsetText } from '../data/time-cell'
import { fw } from './test-fixtures/fw'
import { SHEETS } from '../export'

const dir = mkdtempSync(join(tmpdir(), 'fw-shared-instant-'))
const DAY = 864e5
const ZONES: Record<string, ClockRule> = { A: { rule: 'EU', std: 60 }, B: { rule: 'US', std: -300 } }
const FIRST = Date.UTC(2023, 0, 1, 12)
/** 440 days to 2024-03-15 at 12:00 UTC, each store's row with its own clock's offset. */
function file(): string {
  const rows: string[] = []
  for (let d = 0; d < 440; d++) {
    const t = FIRST + d * DAY
    for (const [store, k] of [['A', 0], ['B', 1]] as const) {
      const o = offsetAt(t, ZONES[store]!)
      rows.push(`${new Date(t + o * 60_000).toISOString().slice(0, 19)}${offsetText(o)},${store},${(100 + 20 * k + 10 * Math.sin(d / 3) + ((d * 7) % 5)).toFixed(1)}`)
    }
  }
  const f = join(dir, 'stores.csv')
  writeFileSync(f, ['time,store,sales', ...rows].join('\n') + '\n')
  return f
}
const quick = ['--target', 'sales', '--epochs', '1', '--seed', '1', '--forecaster', 'naive', '--lookback', '8', '--horizon', '3']
const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
/** Each cell of store `s` written with the offset its own clock shows at that instant, and none other. */
function ownOffsets(rows: string[][], s: string, at = 1): void {
  const mine = rows.filter((r) => r[0] === s).map((r) => r[at]!)
  expect(mine.length).toBeGreaterThan(0)
  for (const cell of mine) expect(cell.slice(-6), cell).toBe(offsetText(offsetAt(forecastTimeMs(cell), ZONES[s]!)))
}
// 2024-03-16..18 at 12:00 UTC: Berlin still in winter time, New York in summer time since 2024-03-10
const AHEAD = { A: ['2024-03-16T13:00:00+01:00', '2024-03-17T13:00:00+01:00', '2024-03-18T13:00:00+01:00'], B: ['2024-03-16T08:00:00-04:00', '2024-03-17T08:00:00-04:00', '2024-03-18T08:00:00-04:00'] }

describe('series of one file at the same instants in different zones: each written in its own', () => {
  it('fw train --global, fw forecast (--model, --run) and fw export: each store in its own offsets', async () => {
    const csv = file()
    const db = join(dir, 'g.db')
    const out = join(dir, 'g')
    const t = await fw('train', '--csv', csv, '--global', '--series', 'store', ...quick, '--db', db, '--out', out)
    expect(t.code, t.stderr).toBe(0)
    expect(t.stdout).toContain("the forecast files write each series' times with its own offsets, as the file does (the first, 2023-01-01T13:00:00+01:00)")
    const p = lines(join(out, 'predictions.csv'))
    ownOffsets(p, 'A')
    ownOffsets(p, 'B')
    expect(p.some((r) => r[0] === 'A' && r[1]!.endsWith('+01:00')) && p.some((r) => r[0] === 'B' && r[1]!.endsWith('-04:00'))).toBe(true)
    for (const how of [['--model', join(out, 'model.json'), '--csv', csv], ['--run', '1', '--db', db]]) {
      const f = await fw('forecast', ...how, '--steps', '3', '--out', join(dir, 'f.csv'))
      expect(f.code, f.stderr).toBe(0)
      const rows = lines(join(dir, 'f.csv'))
      expect(rows.filter((r) => r[0] === 'A').map((r) => r[1])).toEqual(AHEAD.A)
      expect(rows.filter((r) => r[0] === 'B').map((r) => r[1])).toEqual(AHEAD.B)
    }
    const e = await fw('export', '--run', '1', '--db', db, '--csv', join(dir, 'e.csv'), '--xlsx', join(dir, 'e.xlsx'), '--report', join(dir, 'r.html'))
    expect(e.code, e.stderr).toBe(0)
    const ex = lines(join(dir, 'e.csv'))
    ownOffsets(ex, 'A')
    ownOffsets(ex, 'B')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(join(dir, 'e.xlsx'))
    const formats: Record<string, Set<string>> = { A: new Set(), B: new Set() }
    wb.getWorksheet(SHEETS.forecast)!.eachRow((r, n) => { if (n > 1 && r.getCell(1).value) formats[String(r.getCell(1).value)]!.add(r.getCell(2).numFmt) })
    // the test rows, 2024-02 to 03-15: Berlin in winter time; New York across its 2024-03-10 switch
    expect([...formats['A']!].sort()).toEqual(['yyyy-mm-dd hh:mm:ss"+01:00"'])
    expect([...formats['B']!].sort()).toEqual(['yyyy-mm-dd hh:mm:ss"-04:00"', 'yyyy-mm-dd hh:mm:ss"-05:00"'])
    // the report's chart of the series shown: its axis at that series' own clock, not UTC's
    const html = readFileSync(join(dir, 'r.html'), 'utf8')
    expect(html).not.toContain('time (UTC)')
    expect(html).toMatch(/time \(EU clock: [^)]*\+0[12]:00/)
  }, 180_000)

  it('one store of the file: fw train --series-value B and fw forecast write New York\'s offsets', async () => {
    const csv = file()
    const out = join(dir, 'b')
    const t = await fw('train', '--csv', csv, '--series', 'store', '--series-value', 'B', ...quick, '--no-db', '--out', out)
    expect(t.code, t.stderr).toBe(0)
    expect(t.stdout).toContain('carry UTC offsets that follow the US clock changes')
    ownOffsets(lines(join(out, 'predictions.csv')).map((r) => ['B', ...r]), 'B')
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', csv, '--series', 'store', '--series-value', 'B', '--steps', '3', '--out', join(dir, 'b-f.csv'))
    expect(f.code, f.stderr).toBe(0)
    expect(lines(join(dir, 'b-f.csv')).map((r) => r[0])).toEqual(AHEAD.B)
  }, 120_000)
})
