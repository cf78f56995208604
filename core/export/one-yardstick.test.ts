// The report's cards and metrics table and the workbook's Metrics sheet measure a forecast's skill
// against the verdict's yardstick (runSkill: the best on validation of the baselines it is not made
// of), never against its own members or the best baseline on test.
import ExcelJS from 'exceljs'
import { Window } from 'happy-dom'
import { describe, expect, it } from 'vitest'
import { sampleForecastExport, sampleReport } from '../../test/fixtures/export/sample-run'
import { forecastXlsx, SHEETS } from './forecast-xlsx'
import { renderReport } from './report'
import type { MetricValue } from './types'
import { verdictOf, type ChoiceSummary } from './verdict'

// the mean of ETS and Theta (run 4 of the exploratory test, spike.csv): ETS is best on test and a
// member; seasonal naive is the best on validation of the others
const baselineNames = ['naive', 'seasonal-naive', 'ets', 'theta']
const choice: ChoiceSummary = {
  chosen: 'combination', label: 'mean of ETS and Theta', network: 0,
  members: [{ name: 'ets', label: 'ETS', weight: 0.5 }, { name: 'theta', label: 'Theta', weight: 0.5 }],
  season: 7, steps: 1, validation: [{ name: 'combination', label: 'mean of ETS and Theta', mae: 2 }], message: 'the mean of ETS and Theta did best on validation'
}
const row = (split: 'val' | 'test', model: string, metric: string, value: number): MetricValue => ({ split, model, metric, value })
const metrics: MetricValue[] = [
  ...[['model', 3], ['naive', 10], ['seasonal-naive', 5], ['ets', 3.1], ['theta', 4]].flatMap(([m, v]) => [row('val', m as string, 'rmse', v as number), row('val', m as string, 'mae', (v as number) / 2)]),
  ...[['model', 8], ['naive', 12], ['seasonal-naive', 10], ['ets', 7.7], ['theta', 9]].flatMap(([m, v]) => [row('test', m as string, 'rmse', v as number), row('test', m as string, 'mae', (v as number) / 2)]),
  // stored by an older build: against ETS, best on test
  row('test', 'model', 'skill', 1 - 8 / 7.7)
]

describe('one yardstick', () => {
  it('the report says the skill the verdict says, against the same baseline', () => {
    const input = { ...sampleReport('regression'), metrics, baselineNames, choice }
    const verdict = verdictOf('regression', choice, metrics)
    expect(verdict.baseline).toBe('seasonal-naive')
    expect(verdict.skill).toBeCloseTo(0.2)
    const doc = new Window().document
    doc.write(renderReport(input))
    const kpis = [...doc.querySelectorAll('.kpi')].map((k) => k.textContent)
    // the baseline's name set off from the label ('… on validation training rate' read as one phrase);
    // picked on validation, its figure the test one (not 'on validation, seasonal naive: 10')
    expect(kpis[0]).toContain('best baseline, seasonal naive (picked on validation): test RMSE 10')
    expect(kpis[1]).toContain('+20.0 %')
    const rmse = [...doc.querySelectorAll('#metrics tbody tr')].find((tr) => tr.querySelectorAll('td')[0]!.textContent === 'test' && tr.querySelectorAll('td')[1]!.textContent!.startsWith('rmse'))!
    expect(rmse.lastElementChild!.textContent).toBe('+20.0 % seasonal naive')
    // every other row is measured against the best on validation that is no member, too
    const mae = [...doc.querySelectorAll('#metrics tbody tr')].find((tr) => tr.querySelectorAll('td')[0]!.textContent === 'test' && tr.querySelectorAll('td')[1]!.textContent!.startsWith('mae'))!
    expect(mae.lastElementChild!.textContent).toBe('+20.0 % seasonal naive')
  })

  it("the workbook's Metrics sheet names the verdict's baseline and skill", async () => {
    const fx = { ...sampleForecastExport(), metrics, baselineNames, rows: [], choice }
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(fx)) as unknown as ArrayBuffer)
    const m = wb.getWorksheet(SHEETS.metrics)!
    const header = (m.getRow(1).values as unknown[]).slice(1)
    const rows = Array.from({ length: m.rowCount - 1 }, (_, i) => (m.getRow(i + 2).values as unknown[]).slice(1))
    const test = rows.find((r) => r[0] === 'test' && String(r[1]).startsWith('rmse'))!
    expect(test[header.indexOf('best baseline')]).toBe('seasonal-naive')
    expect(test[header.indexOf('skill vs best')]).toBeCloseTo(0.2)
  })
})
