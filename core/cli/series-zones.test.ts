// A long file whose series are in different zones (site a at Berlin's +01:00/+02:00, site b at New
// York's -05:00/-04:00, each row at its local midnight: no instant shared) kept the file's rows'
// offsets by instant, so series a's stamps past its end took the offset of the file's last row,
// b's (2024-03-30T19:00:00-04:00 for Berlin's 2024-03-31 midnight), and neither series' rule was
// learnt (its 23 h and 25 h days read as irregular steps). Now a series picked from the file reads
// its own rows' offsets: Berlin's rule for a, New York's for b, past the end as well.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { instantOf, offsetAt, type ClockRule } from '../data/clock-rule'
import { offsetText } from '../data/time-cell'
import { fw } from './test-fixtures/fw'
import ExcelJS from 'exceljs'
import { forecastCsv, forecastXlsx, SHEETS } from '../export'
import { openStore } from '../store'
import { globalForecastExportOf, storedGlobalForecast } from '../services/global-run'

const dir = mkdtempSync(join(tmpdir(), 'fw-series-zones-'))
const DAY = 864e5
const ZONES: Record<string, ClockRule> = { a: { rule: 'EU', std: 60 }, b: { rule: 'US', std: -300 } }
/** 455 days from 2023-01-01 to 2024-03-30, each site's row at its local midnight (both rules' 2023
 *  switches seen; Berlin's 2024 spring switch, 2024-03-31, is past the end). */
function file(): string {
  const rows: string[] = []
  for (let d = 0; d < 455; d++) {
    for (const [site, k] of [['a', 0], ['b', 1]] as const) {
      const t = instantOf(Date.UTC(2023, 0, 1) + d * DAY, ZONES[site]!)
      const o = offsetAt(t, ZONES[site]!)
      rows.push(`${new Date(t + o * 60_000).toISOString().slice(0, 19)}${offsetText(o)},${site},${(100 + 10 * k + 10 * Math.sin((2 * Math.PI * d) / 7) + ((d * 13) % 5) / 10).toFixed(2)}`)
    }
  }
  const f = join(dir, 'sites.csv')
  writeFileSync(f, ['time,site,load', ...rows].join('\n') + '\n')
  return f
}
const quick = ['--target', 'load', '--epochs', '1', '--seed', '1', '--forecaster', 'naive', '--lookback', '8', '--horizon', '3', '--no-db']
const times = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]!)

describe('a long file whose series are in two zones: each series past its end in its own', () => {
  it('Berlin (EU rule) and New York (US rule): fw forecast and fw predict per series', async () => {
    const csv = file()
    for (const [site, ahead] of [
      ['a', ['2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00', '2024-04-02T00:00:00+02:00']],
      ['b', ['2024-03-31T00:00:00-04:00', '2024-04-01T00:00:00-04:00', '2024-04-02T00:00:00-04:00']]
    ] as const) {
      const out = join(dir, site)
      const t = await fw('train', '--csv', csv, '--series', 'site', '--series-value', site, ...quick, '--out', out)
      expect(t.code, t.stderr).toBe(0)
      // said of its own rows, and its steps read on its own clock: days, none irregular
      expect(t.stdout).toContain(`carry UTC offsets that follow the ${ZONES[site]!.rule} clock changes`)
      expect(t.stdout).not.toMatch(/time steps differ from the usual step/)
      const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', csv, '--series', 'site', '--series-value', site, '--steps', '3', '--out', join(dir, `${site}-f.csv`))
      expect(f.code, f.stderr).toBe(0)
      expect(times(readFileSync(join(dir, `${site}-f.csv`), 'utf8'))).toEqual(ahead)
      const p = await fw('predict', '--model', join(out, 'model.json'), '--csv', csv, '--series', 'site', '--series-value', site, '--out', join(dir, `${site}-p.csv`))
      expect(p.code, p.stderr).toBe(0)
      expect(times(readFileSync(join(dir, `${site}-p.csv`), 'utf8')).slice(-3)).toEqual(ahead)
      expect(p.stdout).not.toContain("the last row's UTC offset")
      // the run's ONNX graph on that series of the long file: its rows alone, in its own zone
      const onnx = join(dir, `${site}.onnx`)
      expect((await fw('export', '--from', join(out, 'model.json'), '--onnx', onnx)).code).toBe(0)
      const op = await fw('predict', '--model', onnx, '--csv', csv, '--series', 'site', '--series-value', site, '--out', join(dir, `${site}-op.csv`))
      expect(op.code, op.stderr).toBe(0)
      expect(op.stdout).toContain(`series site = ${site}: 455 of 910 rows`)
      const graph = times(readFileSync(join(dir, `${site}-op.csv`), 'utf8'))
      expect(graph.slice(-3)).toEqual(ahead)
      expect(graph).toEqual(times(readFileSync(join(dir, `${site}-p.csv`), 'utf8')))
      const of = await fw('forecast', '--model', onnx, '--csv', csv, '--series', 'site', '--series-value', site, '--steps', '3', '--out', join(dir, `${site}-of.csv`))
      expect(of.code, of.stderr).toBe(0)
      expect(times(readFileSync(join(dir, `${site}-of.csv`), 'utf8'))).toEqual(ahead)
    }
  }, 120_000)
})

describe('a global run over that file: each series past its end in its own zone, the clock note true for each', () => {
  it('fw train --global, then fw forecast and fw predict: Berlin in its offsets, New York in its own', async () => {
    const csv = file()
    const out = join(dir, 'g')
    const t = await fw('train', '--csv', csv, '--global', '--series', 'site', ...quick, '--out', out)
    expect(t.code, t.stderr).toBe(0)
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', csv, '--steps', '3', '--out', join(dir, 'g-f.csv'))
    expect(f.code, f.stderr).toBe(0)
    const rows = readFileSync(join(dir, 'g-f.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
    const of = (site: string) => rows.filter((r) => r[0] === site).map((r) => r[1])
    expect(of('a')).toEqual(['2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00', '2024-04-02T00:00:00+02:00'])
    expect(of('b')).toEqual(['2024-03-31T00:00:00-04:00', '2024-04-01T00:00:00-04:00', '2024-04-02T00:00:00-04:00'])
    // only Berlin's stamps pass a clock change (its 2024-03-31 spring switch); New York's passed on
    // 2024-03-10, before the end: the note names series a, and the EU rule, and nothing of b
    const note = f.stdout.split('\n').filter((l) => l.includes('clock changes'))
    expect(note).toHaveLength(1)
    expect(note[0]).toMatch(/\ba: the times past the end follow the EU clock changes/)
    expect(note[0]).not.toMatch(/\bb[:,]|US/)
    // the run's own test predictions: each series' rows in its own offsets
    const p = readFileSync(join(out, 'predictions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
    expect(p.filter((r) => r[0] === 'a').every((r) => /[+]0[12]:00$/.test(r[1]!))).toBe(true)
    expect(p.filter((r) => r[0] === 'b').every((r) => /-0[45]:00$/.test(r[1]!))).toBe(true)
    // fw predict's last windows, past the end: the same stamps, the same note
    const w = await fw('predict', '--model', join(out, 'model.json'), '--csv', csv, '--out', join(dir, 'g-p.csv'))
    expect(w.code, w.stderr).toBe(0)
    const last = (site: string) => readFileSync(join(dir, 'g-p.csv'), 'utf8').trim().split('\n').filter((l) => l.startsWith(`${site},`)).slice(-1)[0]!.split(',')[1]
    expect([last('a'), last('b')]).toEqual(['2024-04-02T00:00:00+02:00', '2024-04-02T00:00:00-04:00'])
    expect(w.stdout).toMatch(/\ba: the times past the end follow the EU clock changes/)
    // the run's ONNX graph (one for every series) forecast past the end: the same stamps, the same note
    const onnx = join(dir, 'g.onnx')
    expect((await fw('export', '--from', join(out, 'model.json'), '--onnx', onnx)).code).toBe(0)
    const o = await fw('forecast', '--model', onnx, '--csv', csv, '--steps', '3', '--out', join(dir, 'g-o.csv'))
    expect(o.code, o.stderr).toBe(0)
    const graph = readFileSync(join(dir, 'g-o.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
    expect(graph.filter((r) => r[0] === 'a').map((r) => r[1])).toEqual(of('a'))
    expect(graph.filter((r) => r[0] === 'b').map((r) => r[1])).toEqual(of('b'))
    expect(o.stdout).toMatch(/\ba: the times past the end follow the EU clock changes/)
  }, 120_000)

  it('a stored global run: fw forecast --run and the export past the end (CSV and workbook) write each series in its own zone', async () => {
    const csv = file()
    const db = join(dir, 'g.db')
    const t = await fw('train', '--csv', csv, '--global', '--series', 'site', ...quick.filter((x) => x !== '--no-db'), '--db', db, '--out', join(dir, 'gdb'))
    expect(t.code, t.stderr).toBe(0)
    const f = await fw('forecast', '--run', '1', '--db', db, '--steps', '3', '--out', join(dir, 'gdb-f.csv'))
    expect(f.code, f.stderr).toBe(0)
    const ahead = readFileSync(join(dir, 'gdb-f.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
    expect(ahead.filter((r) => r[0] === 'a').map((r) => r[1])).toEqual(['2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00', '2024-04-02T00:00:00+02:00'])
    expect(ahead.filter((r) => r[0] === 'b').map((r) => r[1])).toEqual(['2024-03-31T00:00:00-04:00', '2024-04-01T00:00:00-04:00', '2024-04-02T00:00:00-04:00'])
    // the app's Export, past the end too (export-job.ts): the test rows and the rows after them
    const store = openStore(db, { appVersion: 'test' })
    try {
      const fx = globalForecastExportOf(store, 1, storedGlobalForecast(store, 1, 3).blocks)
      const rows = forecastCsv(fx).trim().split('\n').slice(1).map((l) => l.split(','))
      const site = (s: string) => rows.filter((r) => r[0] === s).map((r) => r[1]!)
      expect(site('a').slice(-3)).toEqual(['2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00', '2024-04-02T00:00:00+02:00'])
      expect(site('b').slice(-3)).toEqual(['2024-03-31T00:00:00-04:00', '2024-04-01T00:00:00-04:00', '2024-04-02T00:00:00-04:00'])
      expect(site('a').every((t) => /[+]0[12]:00$/.test(t))).toBe(true)
      expect(site('b').every((t) => /-0[45]:00$/.test(t))).toBe(true)
      // the workbook: each cell's format names its series' own offset (forecast-xlsx.ts ZonedTime)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(await forecastXlsx(fx)) as unknown as ArrayBuffer)
      const formats: Record<string, string[]> = { a: [], b: [] }
      wb.getWorksheet(SHEETS.forecast)!.eachRow((r, n) => { if (n > 1) formats[String(r.getCell(1).value)]!.push(r.getCell(2).numFmt) })
      expect(formats['a']!.slice(-2)).toEqual(['yyyy-mm-dd hh:mm:ss"+02:00"', 'yyyy-mm-dd hh:mm:ss"+02:00"'])
      expect(formats['b']!.slice(-2)).toEqual(['yyyy-mm-dd hh:mm:ss"-04:00"', 'yyyy-mm-dd hh:mm:ss"-04:00"'])
    } finally {
      store.close()
    }
  }, 120_000)
})
