// Months, quarters and years written back as periods (explore23 items 2 and 3): a monthly file of
// 2018M01 stamps was taken in file order (predictions.csv wrote a row column), and quarterly and
// yearly files came back as first-of-period dates (2023 Q1 as 2023-01-01, 2024 as 2024-01-01).
// Now predictions.csv and fw forecast write "2021-12", "2022 Q4" and "2023", past the end too,
// and a config's date split may be written as a period ("2021 Q1").
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-periods-'))
const times = (csv: string) => csv.trim().split('\n').map((l) => l.split(',')[0]!)
const value = (i: number, season: number) => (100 + 20 * Math.sin((2 * Math.PI * i) / season) + (i % 3)).toFixed(2)

async function roundTrip(name: string, header: string, stamps: string[], season: number, extra: string[] = []): Promise<{ predicted: string[]; ahead: string[] }> {
  const csv = join(dir, `${name}.csv`)
  writeFileSync(csv, [header, ...stamps.map((s, i) => `${s},${value(i, season)}`)].join('\n') + '\n')
  const t = await fw('train', '--csv', csv, '--target', 'v', '--epochs', '1', '--seed', '1', '--no-db', '--forecaster', 'naive', '--out', join(dir, name), ...extra)
  expect(t.code, t.stderr).toBe(0)
  const f = await fw('forecast', '--model', join(dir, name, 'model.json'), '--csv', csv, '--steps', '3', '--out', join(dir, `${name}-f.csv`))
  expect(f.code, f.stderr).toBe(0)
  return { predicted: times(readFileSync(join(dir, name, 'predictions.csv'), 'utf8')), ahead: times(readFileSync(join(dir, `${name}-f.csv`), 'utf8')) }
}

describe('periods written back as periods', () => {
  it('months written 2018M01: predictions.csv has a time column of months, fw forecast the next months', async () => {
    const stamps = Array.from({ length: 48 }, (_, i) => `${2018 + Math.floor(i / 12)}M${String((i % 12) + 1).padStart(2, '0')}`)
    const { predicted, ahead } = await roundTrip('monthly', 'date,v', stamps, 12)
    expect(predicted[0]).toBe('time')
    expect(predicted.at(-1)).toBe('2021-12')
    expect(predicted.slice(1).filter((s) => !/^20(18|19|20|21)-(0[1-9]|1[0-2])$/.test(s))).toEqual([])
    expect(ahead.slice(1)).toEqual(['2022-01', '2022-02', '2022-03'])
  })

  it('quarters, with the split dates written as quarters in the config', async () => {
    const stamps = Array.from({ length: 32 }, (_, i) => `${2015 + Math.floor(i / 4)} Q${(i % 4) + 1}`)
    const cfg = join(dir, 'split.json')
    writeFileSync(cfg, JSON.stringify({ data: { split: { kind: 'date', valStart: '2021 Q1', testStart: '2022 Q1', gap: 0 } } }))
    const { predicted, ahead } = await roundTrip('quarterly', 'date,v', stamps, 4, ['--config', cfg])
    // the test rows are the four quarters from 2022 Q1, as the config says
    expect([...new Set(predicted.slice(1))]).toEqual(['2022 Q1', '2022 Q2', '2022 Q3', '2022 Q4'])
    expect(ahead.slice(1)).toEqual(['2023 Q1', '2023 Q2', '2023 Q3'])
  })

  it('years', async () => {
    const stamps = Array.from({ length: 30 }, (_, i) => String(1994 + i))
    const { predicted, ahead } = await roundTrip('yearly', 'year,v', stamps, 5)
    expect(predicted.at(-1)).toBe('2023')
    expect(ahead.slice(1)).toEqual(['2024', '2025', '2026'])
  })

  it('--type date=date on Excel serial day numbers says what they are, not --na 44256', async () => {
    const csv = join(dir, 'serial.csv')
    writeFileSync(csv, ['date,load', ...Array.from({ length: 20 }, (_, i) => `${44256 + i},${value(i, 7)}`)].join('\n') + '\n')
    const r = await fw('inspect', '--csv', csv, '--type', 'date=date')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('(line 2, record 1, column "date"): "44256" looks like an Excel serial day number (2021-03-01), a date cell saved as a number, not a date written out (the column is set to date): format the column as dates in the spreadsheet and export the file again')
    expect(r.stderr).not.toContain('--na')
    expect(r.stderr).toContain('rerun with --type date=categorical to read the column as text, or --type date=ignore to leave it out')
  })
})
