// The workbook's numbers in a format that shows their digits whatever the series' size (explore24
// finding 1): a series near 1e-9 showed 0.0000 in every forecast, actual and baseline cell, and an
// MAE of 3.9e-11 in Metrics as 0.0000, while ordinary series keep their four decimals.
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { sampleForecastExport } from '../../test/fixtures/export/sample-run'
import { forecastXlsx, SHEETS } from './forecast-xlsx'
import type { ForecastExport } from './types'

/** The sample run with every value in the target's unit times `k` (its MAE and RMSE too). */
function scaled(k: number): ForecastExport {
  const fx = sampleForecastExport()
  const x = (v: number | null) => (v === null ? null : v * k)
  return {
    ...fx,
    rows: fx.rows.map((r) => ({ ...r, forecast: r.forecast * k, lower: x(r.lower), upper: x(r.upper), actual: x(r.actual), baselines: r.baselines.map(x) })),
    metrics: fx.metrics.map((m) => ({ ...m, value: x(m.value) }))
  }
}

/** A number as Excel shows it in the two formats the workbook gives numbers; any other refused. */
function shown(v: number, fmt: string): string {
  if (fmt === '0.0000') return v.toFixed(4)
  if (fmt === '0.0000E+00') return v.toExponential(4).replace(/e([+-])(\d)$/, 'E$10$2').replace('e', 'E')
  throw new Error(`a number format this test does not know: ${fmt}`)
}

/** Every number cell of `sheet` past its header: its value, its format and how it shows. */
async function numbers(fx: ForecastExport, sheet: string): Promise<{ v: number; fmt: string; text: string }[]> {
  const bytes = await forecastXlsx(fx)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  const out: { v: number; fmt: string; text: string }[] = []
  wb.getWorksheet(sheet)!.eachRow((row, n) => {
    if (n === 1) return
    row.eachCell((c) => { if (typeof c.value === 'number' && c.numFmt?.startsWith('0.0000')) out.push({ v: c.value, fmt: c.numFmt, text: shown(c.value, c.numFmt) }) })
  })
  return out
}

describe('number formats by the size of the values', () => {
  it('a series near 1e-9: every forecast, bound, actual, baseline and metric shows its digits', async () => {
    for (const sheet of [SHEETS.forecast, SHEETS.metrics]) {
      const cells = await numbers(scaled(1e-11), sheet)
      expect(cells.length).toBeGreaterThan(sheet === SHEETS.forecast ? 100 : 5)
      for (const c of cells) if (c.v !== 0) expect(c.text, `${sheet}: ${c.v} as ${c.fmt}`).toMatch(/[1-9]/)
      expect(cells[0]!.text).toMatch(/^-?\d\.\d{4}E-\d\d$/)
    }
  })

  it('a series near 1e12 in exponent form; an ordinary series keeps four decimals', async () => {
    const huge = await numbers(scaled(1e10), SHEETS.forecast)
    expect(huge.every((c) => c.fmt === '0.0000E+00')).toBe(true)
    expect(huge[0]!.text).toMatch(/^\d\.\d{4}E\+1[12]$/)
    for (const sheet of [SHEETS.forecast, SHEETS.metrics]) {
      const plain = await numbers(sampleForecastExport(), sheet)
      expect(plain.length).toBeGreaterThan(5)
      expect(plain.every((c) => c.fmt === '0.0000')).toBe(true)
    }
  })
})
