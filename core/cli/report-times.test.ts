// The HTML report wrote every time of the data as UTC ("2024-09-11 22:00 UTC", a chart axis
// "time (UTC)"): wrong for local clock times (a file whose stamps carry no zone: their zone is
// unknown) and for times under a learnt clock rule, which the forecast files write with their own
// offsets. The report now writes them as the workbook's Data sheet and the CSV do: no zone for local
// clock times, Z for UTC, each time's offset under a rule (named on the chart's axis). Three runs of
// the same 6-hourly rows, stored and exported as CSV, XLSX and report.
import ExcelJS from 'exceljs'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { offsetAt, type ClockRule } from '../data/clock-rule'
import { SHEETS } from '../export/forecast-xlsx'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-report-times-'))
const db = join(dir, 'runs.db')
const BERLIN: ClockRule = { rule: 'EU', std: 60 }
const H6 = 6 * 3_600_000
/** 6-hourly rows from 2023-03-01 to 2024-11-29 (both 2023 switches, and the autumn 2024 one in the
 *  test period), written as local clock times, in UTC marked Z, or with Berlin's offsets. */
const instants = Array.from({ length: 2560 }, (_, i) => Date.UTC(2023, 2, 1) + i * H6)
function csv(kind: 'local' | 'Z' | 'berlin'): string {
  const rows = instants.map((t, i) => {
    const off = kind === 'berlin' ? offsetAt(t, BERLIN) : 0
    const clock = new Date(t + off * 60_000).toISOString().slice(0, 19)
    const zone = kind === 'local' ? '' : kind === 'Z' ? 'Z' : `+0${off / 60}:00`
    return `${clock}${zone},${(100 + 10 * Math.sin((2 * Math.PI * i) / 4) + 0.5 * Math.sin(i * 12.9898)).toFixed(3)}`
  })
  const f = join(dir, `${kind}.csv`)
  writeFileSync(f, ['time,load', ...rows].join('\n') + '\n')
  return f
}

/** A workbook cell's date as its number format shows it: 'yyyy-mm-dd hh:mm:ss"+02:00"' reads
 *  2024-09-12 00:00:00+02:00. */
function shown(cell: ExcelJS.Cell): string {
  const iso = (cell.value as Date).toISOString()
  const fmt = cell.numFmt
  const zone = /"(.*)"$/.exec(fmt)?.[1] ?? ''
  return (fmt.startsWith('yyyy-mm-dd hh:mm:ss') ? iso.slice(0, 19).replace('T', ' ') : iso.slice(0, 10)) + zone
}

/** Trains a run on `kind`'s file and exports it: the report's dataset span and split dates, its
 *  chart's time axis, the workbook Data sheet's same cells as shown, and the CSV's times. */
async function exported(kind: 'local' | 'Z' | 'berlin') {
  const t = await fw('train', '--csv', csv(kind), '--decimal', 'dot', '--target', 'load', '--epochs', '1', '--seed', '1', '--forecaster', 'naive', '--lookback', '8', '--db', db, '--out', join(dir, kind), '--json')
  expect(t.code, t.stderr).toBe(0)
  const run = String((JSON.parse(t.stdout.slice(t.stdout.indexOf('{'))) as { runId: number }).runId)
  const files = { csv: join(dir, `${kind}-f.csv`), xlsx: join(dir, `${kind}.xlsx`), report: join(dir, `${kind}.html`) }
  const e = await fw('export', '--run', run, '--csv', files.csv, '--xlsx', files.xlsx, '--report', files.report, '--db', db)
  expect(e.code, e.stderr).toBe(0)
  const html = readFileSync(files.report, 'utf8')
  const split = /<section id="split">.*?<tbody>(.*?)<\/tbody>/s.exec(html)![1]!
  const splits = [...split.matchAll(/<tr><td>(\w+)<\/td>(?:<td[^>]*>[^<]*<\/td>){2}<td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2], m[3]])
  const span = /from ([^<]*) to ([^<]*)<\/p>/.exec(/<section id="data">.*?<\/p>/s.exec(html)![0])!.slice(1)
  const axis = /<section id="forecast">.*?<text class="axlabel"[^>]*>([^<]*)<\/text>/s.exec(html)![1]
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(files.xlsx)
  const d = wb.getWorksheet(SHEETS.data)!
  const sheet = { span: [shown(d.getRow(2).getCell(4)), shown(d.getRow(2).getCell(5))], splits: [5, 6, 7].map((r) => [d.getRow(r).getCell(1).value, shown(d.getRow(r).getCell(4)), shown(d.getRow(r).getCell(5))]) }
  const times = readFileSync(files.csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!)
  const created = /created [^<]*/.exec(html)![0]
  // the explanation's forecast past the end, in the same form
  const ahead = /The forecast for (.+?): [-\d.]+ \(baseline/.exec(html)![1]
  return { html: html.replace(created, ''), span, splits, axis, sheet, times, ahead }
}

const spaced = (s: unknown) => String(s).replace('T', ' ')
/** The report's span and split dates are the workbook Data sheet's cells as shown (its format has a
 *  space for the CSV's T), and the test period's last time is among the CSV's. */
function agrees(r: Awaited<ReturnType<typeof exported>>): void {
  expect(r.span.map(spaced)).toEqual(r.sheet.span)
  expect(r.splits.map((s) => s.map(spaced))).toEqual(r.sheet.splits)
  expect(r.times).toContain(r.splits[2]![2])
}

describe('the report writes the data\'s times as the workbook and the CSV do', () => {
  it.each([
    ['local clock times: no zone, never UTC', 'local', ['2023-03-01 00:00:00', '2024-11-29 18:00:00'], 'time', '2024-11-30 00:00:00'],
    ['times in UTC (Z): written with Z, the axis in UTC', 'Z', ['2023-03-01T00:00:00Z', '2024-11-29T18:00:00Z'], 'time (UTC)', '2024-11-30T00:00:00Z'],
    // the file's first row, 2023-03-01 01:00+01:00 (00:00 UTC), and its last, 19:00+01:00 (18:00 UTC)
    ["Berlin's offsets under the learnt EU rule: each time with its own offset, the axis naming the rule", 'berlin', ['2023-03-01T01:00:00+01:00', '2024-11-29T19:00:00+01:00'], 'time (EU clock: +02:00 and +01:00)', '2024-11-30T01:00:00+01:00']
  ] as const)('%s', async (_, kind, span, axis, ahead) => {
    const r = await exported(kind)
    expect(r.span).toEqual(span)
    agrees(r)
    expect(r.axis).toBe(axis)
    expect(r.ahead).toBe(ahead)
    // only the run's creation time (left out of html) is said in UTC; Z's axis names it
    expect(r.html.replace('time (UTC)', '')).not.toContain('UTC')
    if (kind === 'berlin') {
      expect(r.splits.some((x) => x[1]!.endsWith('+02:00'))).toBe(true)
      expect(r.times).toContain(r.splits[2]![1])
    }
  }, 120_000)
})
