// The target's unit and the run's stored range facts in the report and the workbook (issue 18):
// headers in the unit where the values are in it, the out-of-range warning, the clipping note.
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { sampleForecastExport, sampleReport } from '../../test/fixtures/export/sample-run'
import { forecastCsv } from './forecast-csv'
import { forecastXlsx, SHEETS } from './forecast-xlsx'
import { renderReport } from './report'
import { noIntervalNote } from '../data/conformal'
import { esc } from './report/scale'

const range = { domain: 'non-negative' as const, min: 3, max: 9, n: 10, above: 4, below: 1 }

async function sheets(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  return wb
}
const row = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1)

describe('report', () => {
  it('puts the unit beside the target, the axis and the metrics measured in it, and the stored warnings in the verdict', () => {
    const r = sampleReport()
    const html = renderReport({ ...r, unit: 'ppm', range, forecast: r.forecast.map((f, i) => (i === 0 ? { ...f, lower: 0 } : f)) })
    expect(html).toMatch(/<td>mae \(ppm\)<\/td>/)
    expect(html).toMatch(/<td>rmse \(ppm\)<\/td>/)
    expect(html).not.toMatch(/mase \(ppm\)/)
    expect(html).toContain('id="range-warning"')
    expect(html).toContain('5 of 10 test values lie outside everything seen before the test period (3 to 9), 4 above it, 1 below it')
    expect(html).toContain('bounds clipped at 0: every training value is ≥ 0')
    // no bound reached 0: nothing was clipped, and nothing is said (explore19: CO2's 313 to 415)
    expect(renderReport({ ...r, unit: 'ppm', range })).not.toContain('clipped at 0')
  })

  it('a run without unit or range (stored before) reads as before', () => {
    const html = renderReport(sampleReport())
    expect(html).not.toContain('range-warning')
    expect(html).not.toContain('clipped at 0')
    expect(html).toMatch(/<td>rmse<\/td>/)
  })
})

describe('workbook and CSV', () => {
  it('XLSX: forecast and metric headers in the unit, the unit and the warnings on About; the CSV keeps bare names', async () => {
    const sample = sampleForecastExport()
    const fx = { ...sample, unit: 'ppm', range, rows: sample.rows.map((x, i) => (i === 0 ? { ...x, lower: 0 } : x)) }
    const wb = await sheets(await forecastXlsx(fx))
    expect(row(wb.getWorksheet(SHEETS.forecast)!, 1)).toEqual(expect.arrayContaining(['forecast (ppm)', 'lower (ppm)', 'upper (ppm)', 'actual (ppm)', 'baseline_naive (ppm)']))
    const metrics = wb.getWorksheet(SHEETS.metrics)!.getColumn(2).values as unknown[]
    expect(metrics).toContain('rmse (ppm)')
    expect(metrics.some((v) => typeof v === 'string' && v.startsWith('mase ('))).toBe(false)
    const about = Object.fromEntries((wb.getWorksheet(SHEETS.about)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => [r[1], r[2]]))
    expect(about['unit']).toBe('ppm')
    expect(about['test values outside the history']).toContain('5 of 10 test values')
    expect(about['interval bounds']).toBe('clipped at 0: every training value is ≥ 0')
    const unclipped = await sheets(await forecastXlsx({ ...sample, unit: 'ppm', range }))
    expect((unclipped.getWorksheet(SHEETS.about)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r[1])).not.toContain('interval bounds')
    expect(forecastCsv(fx).split('\r\n')[0]).toBe('time,row,step,forecast,lower,upper,actual,baseline_naive,baseline_seasonal_naive')
  })
})

describe('a regression run with no interval', () => {
  const why = noIntervalNote(0.9).app
  it('the workbook says why on About, and the HTML report beside its forecast', async () => {
    const sample = sampleForecastExport()
    const fx = { ...sample, intervalLevel: null, rows: sample.rows.map((x) => ({ ...x, lower: null, upper: null })) }
    const about = async (f: typeof fx | typeof sample) => Object.fromEntries(((await sheets(await forecastXlsx(f))).getWorksheet(SHEETS.about)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => [r[1], r[2]]))
    expect((await about(fx))['prediction interval']).toBe(why)
    expect((await about(sample))['prediction interval']).toBeUndefined()
    const r = sampleReport()
    const html = renderReport({ ...r, intervalLevel: null, intervalCoverage: null, forecast: fx.rows })
    expect(html).toContain(`${esc(why)}.`)
    expect(renderReport(r)).not.toContain('No prediction interval')
    // a classification run has no interval by its nature: nothing said
    expect(renderReport(sampleReport('classification'))).not.toContain('No prediction interval')
  })
})
