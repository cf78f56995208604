// Precision, recall and F1 that are 0 / 0 are stored null (core/data/metrics): a run with no
// positive in its test period (run 23). The workbook and the report open with them as empty cells
// and dashes (the report's title says why), never "NaN" or "null", and the rest is unharmed.
import ExcelJS from 'exceljs'
import { Window } from 'happy-dom'
import { describe, expect, it } from 'vitest'
import { sampleForecastExport, sampleReport } from '../../test/fixtures/export/sample-run'
import { forecastXlsx, SHEETS } from './forecast-xlsx'
import { renderReport } from './report'

const UNDEFINED = ['precision', 'recall', 'f1']
/** The sample classification run, its model's and majority's precision, recall and F1 0 / 0. */
function run23() {
  const r = sampleReport('classification')
  const metrics = [...r.metrics, ...UNDEFINED.flatMap((metric) => ['model', 'majority'].map((model) => ({ split: 'test' as const, model, metric, value: null }))), { split: 'test' as const, model: 'persistence', metric: 'f1', value: 0.4 }]
  return { ...r, metrics, forecast: r.forecast.map((x) => ({ ...x, actual: x.actual === null ? null : 0 })) }
}

describe('0 / 0 classification scores in the exports', () => {
  it('the workbook: empty cells on the Metrics sheet, nothing reads NaN', async () => {
    const r = run23()
    const fx = { ...sampleForecastExport(), task: 'classification' as const, target: 'rain', intervalLevel: null, metrics: r.metrics, baselineNames: r.baselineNames, rows: r.forecast.map((x) => ({ ...x, baselines: r.baselineNames.map(() => null) })) }
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(fx)) as unknown as ArrayBuffer)
    const ws = wb.getWorksheet(SHEETS.metrics)!
    const rows: unknown[][] = []
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    const [header, ...body] = rows as [string[], ...unknown[][]]
    const at = (metric: string, col: string) => body.find((x) => x[0] === 'test' && x[1] === metric)![header.indexOf(col)] ?? null
    for (const metric of UNDEFINED) for (const col of ['model', 'majority']) expect(at(metric, col)).toBeNull()
    expect(at('f1', 'persistence')).toBe(0.4)
    expect(at('brier', 'model')).toBe(0.24) // the rest of the sheet as before
    for (const s of wb.worksheets) s.eachRow((row) => row.eachCell((c) => expect(String(c.value)).not.toMatch(/\bNaN\b|^null$|undefined/)))
  })

  it('the report: a dash with why in the metrics table, no NaN anywhere, and the verdict says the test period holds no positive', () => {
    const html = renderReport(run23())
    expect(html).not.toMatch(/\bNaN\b|>null<|>undefined</)
    const doc = new new Window().DOMParser().parseFromString(html, 'text/html')
    const row = [...doc.querySelectorAll('#metrics tr')].find((tr) => tr.querySelectorAll('td')[1]?.textContent === 'precision')!
    const cells = [...row.querySelectorAll('td')].slice(2)
    expect(cells.map((td) => td.textContent)).toEqual(['–', '–', '–', '–']) // model, majority, persistence (none stored), skill
    expect(cells[0]!.getAttribute('title')).toBe('Undefined: nothing was predicted as the class (0 / 0)')
    expect(html).toContain('the test period holds no row of one of the classes')
  })

  it("with a rule's classes, the report's and the workbook's verdicts say the rows it lacks by the rule, not by the class's stored name", async () => {
    const rule = { names: ['false', 'true'], rule: { column: null, op: '>' as const, value: 0 } }
    const r = { ...run23(), target: 'rain', classes: rule }
    expect(renderReport(r)).toContain('the test period holds no row where rain &gt; 0')
    const fx = { ...sampleForecastExport(), task: 'classification' as const, target: 'rain', classes: rule, intervalLevel: null, metrics: r.metrics, baselineNames: r.baselineNames, rows: r.forecast.map((x) => ({ ...x, baselines: r.baselineNames.map(() => null) })) }
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(fx)) as unknown as ArrayBuffer)
    const cells: string[] = []
    wb.getWorksheet(SHEETS.about)!.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value))))
    expect(cells.some((c) => c.includes('the test period holds no row where rain > 0'))).toBe(true)
    expect(cells.some((c) => c.includes('no row of true'))).toBe(false)
  })
})
