// A global run through the store and out again: finishRun keeps what globalRunResults makes of a
// GlobalResult, and the forecast CSV and XLSX of it carry the series id column(s) first.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forecastCsv, forecastXlsx, SHEETS } from '../export'
import { openStore, type Store } from '../store'
import { seedRun } from '../store/test-fixtures/sample'
import { sampleGlobalConfig, sampleGlobalResult } from '../../test/fixtures/global-run'
import { renderReport } from '../export'
import { esc } from '../export/report/scale'
import { globalForecastExportOf, globalReportInputOf, globalRunResults, parseGlobalSummary } from './global-run'

let tmp: string
let store: Store
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-global-export-'))
  store = openStore(path.join(tmp, 'runs.db'), { appVersion: '0.1.0' })
})
afterEach(() => {
  store.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

const config = sampleGlobalConfig
const result = sampleGlobalResult

function storedGlobalRun(): number {
  const { runId } = seedRun(store, JSON.stringify(config))
  store.finishRun(runId, globalRunResults(result, config, true))
  return runId
}

describe('a stored global run', () => {
  it('keeps the summary and each series\' scores (NaN as null) and forecast', () => {
    const id = storedGlobalRun()
    const g = parseGlobalSummary(store.runs.get(id).globalJson)!
    expect(g).toMatchObject({ columns: ['store', 'item'], summary: result.summary, skipped: result.skipped, hasTime: true })
    const series = store.series.list(id)
    expect(series.map((s) => [s.key, s.mae, s.mase, s.beatsNaive])).toEqual([[['s1', 'a'], 2, 1, true], [['s2', 'b'], 4, null, false]])
    // each series' forecaster and the network's own scores beside the chosen forecast's
    expect(series.map((s) => [s.forecastBy, s.forecastLabel, s.networkMae, s.networkMase])).toEqual([['ensemble', 'mean of the network and Theta', 2.5, 1.25], ['naive', 'Naive', 5, null]])
    expect(series[1]!.forecastNote).toBe('it behaves like a random walk')
    expect(g.summary).toMatchObject({ network: { meanMase: 1.25 }, forecastBy: { ensemble: 1, naive: 1 } })
    expect(store.metrics.list(id)).toContainEqual({ split: 'test', model: 'network', metric: 'mase', value: 1.25 })
    expect(store.series.forecasts(id, 0)).toEqual(result.series[0]!.forecasts)
    expect(store.metrics.list(id)).toContainEqual({ split: 'test', model: 'model', metric: 'mase', value: 1 })
  })

  it('keeps how its series were cut; a summary stored before per-series cuts reads as shared dates', () => {
    const old = parseGlobalSummary(JSON.stringify({ version: 1, columns: ['store'], summary: result.summary, cuts: { valStart: 'v', testStart: 't' } }))!
    expect([old.cutMode, old.cuts]).toEqual(['dates', { valStart: 'v', testStart: 't' }])
    const own = parseGlobalSummary(JSON.stringify({ version: 1, columns: ['store'], summary: result.summary, cuts: null, cutMode: 'series' }))!
    expect([own.cutMode, own.cuts]).toEqual(['series', null])
  })

  it('a single-series run has no global summary', () => {
    const { runId } = seedRun(store)
    expect(parseGlobalSummary(store.runs.get(runId).globalJson)).toBeNull()
    expect(() => globalForecastExportOf(store, runId)).toThrow(/not a global run/)
  })

  it('exports a CSV with the series columns first, one block per series', () => {
    const fx = globalForecastExportOf(store, storedGlobalRun())
    const [header, ...rows] = Papa.parse<string[]>(forecastCsv(fx), { skipEmptyLines: true }).data
    expect(header).toEqual(['store', 'item', 'timestamp', 'step', 'forecast', 'lower', 'upper', 'actual'])
    expect(rows).toEqual([
      ['s1', 'a', '2020-11-01T00:00:00.000Z', '1', '10', '6', '14', '11'],
      ['s1', 'a', '2020-12-01T00:00:00.000Z', '1', '12', '8', '16', '9'],
      ['s2', 'b', '2020-11-01T00:00:00.000Z', '1', '20', '', '', '25']
    ])
  })

  it('refuses a row without its series when the export has series columns', () => {
    const fx = globalForecastExportOf(store, storedGlobalRun())
    fx.rows[1] = { ...fx.rows[1]!, series: undefined }
    expect(() => forecastCsv(fx)).toThrow(/names no series of store, item/)
  })

  it('exports an XLSX whose Forecast sheet starts with the series columns and whose Series sheet has each series\' scores', async () => {
    const fx = globalForecastExportOf(store, storedGlobalRun())
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(fx)).buffer as ArrayBuffer)
    const f = wb.getWorksheet(SHEETS.forecast)!
    expect((f.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['store', 'item', 'timestamp'])
    expect((f.getRow(4).values as unknown[]).slice(1, 3)).toEqual(['s2', 'b'])
    const s = wb.getWorksheet(SHEETS.series)!
    expect((s.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['store', 'item', 'test forecasts', 'mae'])
    expect((s.getRow(3).values as unknown[]).slice(1)).toEqual(['s2', 'b', 2, 4, undefined, 3, undefined, undefined, 'no', 'naive'])
    expect((s.getRow(2).values as unknown[]).slice(-1)).toEqual(['network + stats'])
  })

  it('renders a report with every series\' scores in a table of their own and the first series\' forecast in the chart', () => {
    const input = globalReportInputOf(store, storedGlobalRun())
    expect(input.forecast.map((f) => f.forecast)).toEqual([10, 12])
    const html = renderReport(input)
    const table = html.slice(html.indexOf('<section id="series">'), html.indexOf('</section>', html.indexOf('<section id="series">')))
    expect(table).toContain('<th>store</th><th>item</th>')
    expect(table).toContain('<td>s2</td><td>b</td><td class="num">2</td><td class="num">4</td><td class="num">–</td>')
    expect(table).toContain('1 of them beat their naive forecast')
    expect(table).toContain('<td>yes</td><td>network + stats</td></tr>')
    expect(html).toContain('Series s1, a, the first of 2')
    // the verdict reads the aggregate stored with the run, as the app and fw runs show it
    expect(input.series!.summary).toEqual(result.summary)
    expect(html).toContain(esc("1 of 2 series beat the better of naive and seasonal naive on test (mean MASE 1.00, naive's 1.50)"))
    expect(html).not.toContain('<section id="split">')
  })
})
