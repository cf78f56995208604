// A global run through the store and out again: finishRun keeps what globalRunResults makes of a
// GlobalResult, and the forecast CSV and XLSX of it carry the series id column(s) first.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forecastCsv, forecastXlsx, SHEETS } from '../export'
import { openStore, type RunResults, type Store } from '../store'
import { seedRun } from '../store/test-fixtures/sample'
import { sampleGlobalConfig, sampleGlobalResult } from '../../test/fixtures/global-run'
import { renderReport } from '../export'
import { esc } from '../export/report/scale'
import Database from 'better-sqlite3'
import { MIGRATIONS } from '../store/migrations'
import { migrate } from '../store/migrate'
import type { GlobalResult } from '../train/global'
import { seasonalNaiveMetric, summariseSeries } from '../train/evaluate-series'
import { chartSeries, globalForecastExportOf, globalReportInputOf, globalRunMetrics, globalRunResults, parseGlobalSummary, seriesNoiseOf, seriesRateNoiseOf } from './global-run'

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

function storedGlobalRun(run: GlobalResult = result, kept: (r: RunResults) => RunResults = (r) => r): number {
  // a long file as the app stores it: the series id columns, a date column and the target
  const datasetId = store.datasets.save({
    name: 'stores', sourceFile: '/home/ana/clients/stores.csv', // the app keeps the full path
    contentHash: 'sha256:long',
    columns: [
      { name: 'store', kind: 'categorical', data: Int32Array.from({ length: 24 }, (_, i) => i % 2), meta: { levels: ['s1', 's2'] } },
      { name: 'item', kind: 'categorical', data: Int32Array.from({ length: 24 }, (_, i) => i % 2), meta: { levels: ['a', 'b'] } },
      { name: 'month', kind: 'date', data: Float64Array.from({ length: 24 }, (_, i) => Date.UTC(2020, i >> 1, 1)) },
      { name: 'sales', kind: 'numeric', data: Float64Array.from({ length: 24 }, (_, i) => 10 + i) }
    ]
  })
  const runId = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 42 })
  store.startRun(runId)
  store.finishRun(runId, kept(globalRunResults(run, config, true)))
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

  it('stores scale-free headline metrics: mean MASE and the geometric mean of MAE / naive MAE, never a mean of MAEs in mixed units', () => {
    const id = storedGlobalRun()
    const test = store.metrics.list(id).filter((m) => m.split === 'test')
    // s1: 2 / 3 (network 2.5 / 3), s2: 4 / 3 (network 5 / 3)
    const g = Math.sqrt((2 / 3) * (4 / 3))
    const at = (model: string, metric: string) => test.find((m) => m.model === model && m.metric === metric)?.value
    expect(at('model', 'gmrae')).toBeCloseTo(g, 12)
    expect(at('model', 'skill')).toBeCloseTo(1 - g, 12)
    expect(at('network', 'gmrae')).toBeCloseTo(Math.sqrt((2.5 / 3) * (5 / 3)), 12)
    expect(at('naive', 'gmrae')).toBe(1)
    expect(test.filter((m) => m.metric === 'mae' || m.metric === 'rmse')).toEqual([])
  })

  it('a series a thousand times larger counts once: the headline is the same whatever its units', () => {
    const m = { series: 2, meanMase: 1, meanNaiveMase: 1.5, beatNaive: 1, beatBestNaive: 1, network: { meanMase: 1 } }
    const small = globalRunMetrics(m, [{ mae: 0.001, naiveMae: 0.002, seasonalNaiveMae: null, networkMae: null }, { mae: 600, naiveMae: 500, seasonalNaiveMae: null, networkMae: null }])
    const scaled = globalRunMetrics(m, [{ mae: 1, naiveMae: 2, seasonalNaiveMae: null, networkMae: null }, { mae: 0.6, naiveMae: 0.5, seasonalNaiveMae: null, networkMae: null }])
    expect(small.find((r) => r.metric === 'skill')!.value).toBeCloseTo(scaled.find((r) => r.metric === 'skill')!.value!, 12)
    // a series with no naive error (or none of its own) is left out, not counted as 0 or infinity
    const perfect = globalRunMetrics(m, [{ mae: 1, naiveMae: 2, seasonalNaiveMae: null, networkMae: null }, { mae: 0, naiveMae: 0, seasonalNaiveMae: null, networkMae: null }])
    expect(perfect.find((r) => r.metric === 'gmrae' && r.model === 'model')!.value).toBeCloseTo(0.5, 12)
    expect(perfect.find((r) => r.metric === 'gmrae' && r.model === 'network')!.value).toBeNull()
  })

  it('rewrites a global run stored before (schema 9) to the same scale-free metrics; a single-series run keeps its MAE', () => {
    const file = path.join(tmp, 'v9.db')
    const raw = new Database(file)
    migrate(raw, file, MIGRATIONS.slice(0, 9))
    raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('d', 'h', 0, 0)").run()
    raw.prepare(`INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at, global_json) VALUES (1, '{}', 1, 'old', 'done', 0, '{"version":1}')`).run()
    raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at) VALUES (1, '{}', 1, 'old', 'done', 0)").run()
    const rows = [[0.001, 0.0012, 0.0011], [580, 947, 700], [2, 1.5, null], [0, 0, 0]] as const
    const ins = raw.prepare(`INSERT INTO run_series (run_id, position, key_json, label, rows, season, n, mae, mase, naive_mae, network_mae, beats_naive, beats_best_naive) VALUES (1, ?, '["s"]', 's', 50, 12, 5, ?, 1, ?, ?, 0, 0)`)
    rows.forEach(([mae, naive, net], i) => ins.run(i, mae, naive, net))
    const put = raw.prepare("INSERT INTO metrics (run_id, split, model, metric, value) VALUES (?, 'test', ?, ?, ?)")
    put.run(1, 'model', 'mae', 145.5), put.run(1, 'naive', 'mae', 236.9), put.run(1, 'network', 'mae', 175), put.run(1, 'model', 'mase', 0.8)
    put.run(2, 'model', 'mae', 3.5), put.run(2, 'model', 'skill', 0.2)
    raw.close()

    const old = openStore(file)
    try {
      const want = globalRunMetrics({ series: 4, meanMase: 0.8, meanNaiveMase: null, beatNaive: 0, beatBestNaive: 0, network: { meanMase: null } }, rows.map(([mae, naiveMae, networkMae]) => ({ mae, naiveMae, seasonalNaiveMae: null, networkMae })))
      const got = old.metrics.list(1)
      for (const w of want.filter((m) => m.metric === 'gmrae' || m.metric === 'skill')) expect(got.find((m) => m.model === w.model && m.metric === w.metric)?.value, `${w.model} ${w.metric}`).toBeCloseTo(w.value!, 12)
      expect(got.filter((m) => m.metric === 'mae')).toEqual([])
      expect(got).toContainEqual({ split: 'test', model: 'model', metric: 'mase', value: 0.8 })
      expect(old.metrics.list(2)).toEqual([{ split: 'test', model: 'model', metric: 'mae', value: 3.5 }, { split: 'test', model: 'model', metric: 'skill', value: 0.2 }])
      expect(old.runs.list().find((r) => r.id === 1)!.testMetrics['skill']).toBeCloseTo(want.find((m) => m.metric === 'skill')!.value!, 12)
    } finally {
      old.close()
    }
  })

  it("exports the run's own figures: pooled coverage, naive as the baseline with skill, and the dataset's columns and time column", async () => {
    const id = storedGlobalRun()
    const input = globalReportInputOf(store, id)
    // s1: 11 in [6, 14], 9 in [8, 16]; s2 has no interval: 2 of 2 points, not the first series' alone
    expect(input.intervalCoverage).toBe(1)
    expect(input.data.timeColumn).toBe('month')
    expect(input.data.name).toBe('stores.csv') // a report is shared: the file's name, not its folders
    expect(input.data.columns.map((c) => [c.name, c.role])).toEqual([['store', 'series'], ['item', 'series'], ['month', 'time'], ['sales', 'target']])
    // no mean or spread pooled over series in their own units; the count and the range stay
    const sales = input.data.columns.find((c) => c.name === 'sales')!
    expect([sales.mean, sales.std, sales.count > 0, sales.min !== null && sales.max !== null]).toEqual([null, null, true, true])
    const html = renderReport(input)
    const kpis = html.slice(html.indexOf('<div class="kpis'), html.indexOf('<main'))
    expect(kpis).toContain('test GMRAE')
    expect(kpis).toContain('best baseline, naive')
    expect(kpis).not.toContain('no baseline')
    expect(kpis).toContain(`+${((1 - Math.sqrt((2 / 3) * (4 / 3))) * 100).toFixed(1)} %`)
    expect(kpis).toContain("every series' points")
    const data = html.slice(html.indexOf('<section id="data">'), html.indexOf('</section>', html.indexOf('<section id="data">')))
    expect(data).toContain('<td>sales</td>')
    expect(html).not.toContain('/home/ana')

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(globalForecastExportOf(store, id))).buffer as ArrayBuffer)
    const d = wb.getWorksheet(SHEETS.data)!
    expect(d.getRow(2).getCell(3).value).toBe('month')
    expect(d.getRow(2).getCell(1).value).toBe('stores.csv')
    const cells = (ws: ExcelJS.Worksheet) => { const out: unknown[][] = []; ws.eachRow((r) => out.push((r.values as unknown[]).slice(1))); return out }
    expect(cells(d).some((r) => r[0] === 'sales' && r[1] === 'target' && r[3] === 24)).toBe(true)
    const m = cells(wb.getWorksheet(SHEETS.metrics)!)
    expect(m[0]).toEqual(['split', 'metric', 'model', 'network alone', 'naive', 'best baseline', 'skill vs best'])
    const gmrae = m.find((r) => r[1] === 'gmrae')!
    expect(gmrae[4]).toBe(1)
    expect(gmrae[5]).toBe('naive')
    expect(gmrae[6] as number).toBeCloseTo(1 - Math.sqrt((2 / 3) * (4 / 3)), 12)
    expect(m.some((r) => r[1] === 'mae')).toBe(false)
  })

  it("keeps seasonal naive's GMRAE beside naive's, as Evaluate computes it, and the report and the workbook show it; a run stored before without it shows none", async () => {
    // s1's seasonal naive errs 1.5 against naive's 3; s2 has no season
    const seasonal = { ...result, series: result.series.map((s, i) => ({ ...s, test: { ...s.test, seasonalNaiveMae: i === 0 ? 1.5 : null } })) } as GlobalResult
    const id = storedGlobalRun(seasonal)
    const rows = store.metrics.list(id).filter((m) => m.model === 'seasonal-naive')
    expect(rows).toEqual([{ split: 'test', model: 'seasonal-naive', metric: 'gmrae', value: 0.5 }])
    expect(rows[0]!.value).toBe(seasonalNaiveMetric(store.series.list(id))!.value) // Evaluate's one computation
    const metricsOf = (html: string) => html.slice(html.indexOf('<section id="metrics">'), html.indexOf('</section>', html.indexOf('<section id="metrics">')))
    const html = metricsOf(renderReport(globalReportInputOf(store, id)))
    expect(html).toContain('<th class="num">seasonal naive</th>')
    expect(html).toContain("Seasonal naive&#39;s gmrae is over the 1 of 2 series with a season.")
    const sheet = async (runId: number) => {
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await forecastXlsx(globalForecastExportOf(store, runId))).buffer as ArrayBuffer)
      const out: unknown[][] = []
      wb.getWorksheet(SHEETS.metrics)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)))
      return out
    }
    const m = await sheet(id)
    expect(m[0]).toEqual(['split', 'metric', 'model', 'network alone', 'naive', 'seasonal-naive', 'best baseline', 'skill vs best'])
    const g = Math.sqrt((2 / 3) * (4 / 3))
    // the yardstick stays naive, as the run's stored skill (1 − gmrae): seasonal naive (0.5, better
    // on test and over the series with a season only) is a column beside it, never picked on test
    expect(m.find((r) => r[1] === 'gmrae')!.slice(2, 7)).toEqual([g, Math.sqrt((2.5 / 3) * (5 / 3)), 1, 0.5, 'naive'])
    // seasonal naive has no mean MASE: an empty cell
    expect(m.find((r) => r[1] === 'mase')!.slice(4, 7)).toEqual([1.5, undefined, 'naive'])
    // stored before the run kept it: the same series, no row, nothing computed in its place
    const before = storedGlobalRun(seasonal, (r) => ({ ...r, metrics: r.metrics.filter((x) => x.model !== 'seasonal-naive') }))
    const old = renderReport(globalReportInputOf(store, before))
    expect(metricsOf(old)).not.toContain('seasonal naive')
    expect(old).toContain('<th class="num">seasonal naive MAE</th>') // each series' own, as it was
    expect((await sheet(before))[0]).toEqual(['split', 'metric', 'model', 'network alone', 'naive', 'best baseline', 'skill vs best'])
  })

  it("keeps seasonal naive's mean MASE beside naive's, over the series with a season, and the report and the workbook show it with how many; naive stays the yardstick", async () => {
    // s1's seasonal naive errs 1.5 on its scale 2 (MASE 0.75); s2 has no season (and no MASE)
    const series = result.series.map((s, i) => ({ ...s, test: { ...s.test, seasonalNaiveMae: i === 0 ? 1.5 : null, seasonalNaiveMase: i === 0 ? 0.75 : null } }))
    const own = summariseSeries(series.map((s) => s.test)).seasonalNaive
    expect(own).toEqual({ meanMase: 0.75, series: 1 })
    const id = storedGlobalRun({ ...result, series, summary: { ...result.summary, seasonalNaive: own } } as GlobalResult)
    expect(store.metrics.list(id).filter((m) => m.model === 'seasonal-naive').map((m) => [m.metric, m.value]).sort()).toEqual([['gmrae', 0.5], ['mase', 0.75]])
    const said = "Seasonal naive's gmrae and mase are over the 1 of 2 series with a season."
    const html = renderReport(globalReportInputOf(store, id))
    expect(html).toContain(said.replace("'", '&#39;'))
    // its skill is against naive alone: seasonal naive, better here, is not a baseline it beats
    expect(html).toContain('Positive means the forecast beats naive.')
    expect(html).not.toContain('beats every baseline')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(globalForecastExportOf(store, id))).buffer as ArrayBuffer)
    const m: unknown[][] = []
    wb.getWorksheet(SHEETS.metrics)!.eachRow((r) => m.push((r.values as unknown[]).slice(1)))
    expect(m[0]).toEqual(['split', 'metric', 'model', 'network alone', 'naive', 'seasonal-naive', 'best baseline', 'skill vs best'])
    // 0.75 beats naive's 1.5 on test, over 1 series: a column beside naive, never the yardstick
    expect(m.find((r) => r[1] === 'mase')!.slice(4, 7)).toEqual([1.5, 0.75, 'naive'])
    const about: unknown[][] = []
    wb.getWorksheet(SHEETS.about)!.eachRow((r) => about.push((r.values as unknown[]).slice(1)))
    expect(String(about.find((r) => r[0] === 'metrics')![1])).toContain(said)
  })

  it("keeps its notes in the CLI's words and the app's, as a run's notices; notes stored as text read the same in both", () => {
    const notes = [{ message: 'split per series; --cuts dates keeps the dates', app: 'split per series; Cuts in Setup keeps the dates' }, { message: 'chosen per series' }]
    const id = storedGlobalRun({ ...result, notes })
    expect(parseGlobalSummary(store.runs.get(id).globalJson)!.notes).toEqual(notes)
    const old = parseGlobalSummary(JSON.stringify({ version: 1, columns: ['store'], summary: result.summary, notes: ['the forecast is the network\'s', 3] }))!
    expect(old.notes).toEqual([{ message: 'the forecast is the network\'s' }])
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
    expect(header).toEqual(['store', 'item', 'time', 'step', 'forecast', 'lower', 'upper', 'actual'])
    expect(rows).toEqual([
      ['s1', 'a', '2020-11-01', '1', '10', '6', '14', '11'],
      ['s1', 'a', '2020-12-01', '1', '12', '8', '16', '9'],
      ['s2', 'b', '2020-11-01', '1', '20', '', '', '25']
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
    expect((f.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['store', 'item', 'time'])
    expect((f.getRow(4).values as unknown[]).slice(1, 3)).toEqual(['s2', 'b'])
    const s = wb.getWorksheet(SHEETS.series)!
    expect((s.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['store', 'item', 'test forecasts', 'mae'])
    expect((s.getRow(3).values as unknown[]).slice(1)).toEqual(['s2', 'b', 2, 4, undefined, 3, undefined, undefined, 'no', 'no', 'naive'])
    expect((s.getRow(2).values as unknown[]).slice(-1)).toEqual(['network + stats'])
  })

  it('lists the series in natural order (s2 before s10) in the CSV, the workbook and the report, each series\' rows in time order; the store keeps file order', async () => {
    // the file's order: s10 first, then s2 (its second row first, to show each block keeps time order)
    const [a, b] = result.series
    const id = storedGlobalRun({ ...result, series: [{ ...a!, key: ['s10', 'a'], label: 's10, a' }, { ...b!, key: ['s2', 'b'], label: 's2, b' }] })
    expect(store.series.list(id).map((s) => s.label)).toEqual(['s10, a', 's2, b'])
    const fx = globalForecastExportOf(store, id)
    const rows = Papa.parse<string[]>(forecastCsv(fx), { skipEmptyLines: true }).data.slice(1)
    expect(rows.map((r) => `${r[0]} ${r[2]!.slice(0, 7)}`)).toEqual(['s2 2020-11', 's10 2020-11', 's10 2020-12'])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(fx)).buffer as ArrayBuffer)
    const column = (sheet: string, n: number) => Array.from({ length: n }, (_, i) => wb.getWorksheet(sheet)!.getRow(i + 2).getCell(1).value)
    expect(column(SHEETS.forecast, 3)).toEqual(['s2', 's10', 's10'])
    expect(column(SHEETS.series, 2)).toEqual(['s2', 's10'])
    const html = renderReport(globalReportInputOf(store, id))
    const table = html.slice(html.indexOf('<section id="series">'), html.indexOf('</section>', html.indexOf('<section id="series">')))
    expect([...table.matchAll(/<tr><td>(s\d+)<\/td>/g)].map((m) => m[1])).toEqual(['s2', 's10'])
    // the chart shows a typical series (chartSeries): here the only one with a MASE, not the table's first
    expect(html).toContain('Series s10, a, the only one of 2 with a MASE')
  })

  it('charts the series of median MASE, saying so; the first where none has a MASE (exploratory pass 15, finding 11)', () => {
    const row = (label: string, mase: number | null) => ({ label, mase })
    // stores.csv: FLAT and ZERO (no MASE) sort first; the chart was FLAT's flat line
    const stores = [row('store = FLAT', null), row('store = S01', 0.38), row('store = S02', 0.35), row('store = S03', 0.31), row('store = S04', 0.28), row('store = S05', 0.33), row('store = ZERO', NaN)]
    expect(chartSeries(stores)).toEqual({ row: stores[5], why: 'the median MASE (0.33) of the 5 series with one, a typical series' })
    expect(chartSeries(stores.slice(1, 5))?.row.label).toBe('store = S03') // the lower of the middle two
    expect(chartSeries([row('b', null), row('a', null)])).toEqual({ row: row('a', null), why: 'the first of 2' })
    expect(chartSeries([])).toBeNull()
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
    expect(html).toContain('Series s1, a, the only one of 2 with a MASE')
    // the verdict reads the aggregate stored with the run, as the app and fw runs show it
    expect(input.series!.summary).toEqual(result.summary)
    expect(html).toContain(esc("1 of 2 series beat the better of naive and seasonal naive on test (mean MASE 1.00, naive's 1.50)"))
    expect(html).not.toContain('<section id="split">')
  })
})

describe('a stored global classification', () => {
  it('keeps each series\' class scores (migration 021), its classes and its threshold, and the means over series as its metrics', async () => {
    const { importCsv } = await import('../data')
    const { resolveConfig } = await import('../train/config')
    const { runGlobalTraining } = await import('../train/global')
    const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
    const rows = ['city,date,rain']
    for (const [k, c] of ['a', 'b', 'c'].entries()) for (let i = 0; i < 80; i++) rows.push(`${c},${day(i)},${(i + k) % 3 === 0 ? 'yes' : 'no'}`)
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'rain.csv', series: ['city'], decimal: 'dot' })
    const cfg = resolveConfig({ data: { target: 'rain', features: [], lookBack: 5, horizon: 1, task: 'classification', series: { columns: ['city'], values: null, global: { short: 'skip' } } }, training: { epochs: 2, seed: 2 } })
    const r = (await runGlobalTraining({ config: cfg, dataset: ds }, { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }))!
    const { runId } = seedRun(store)
    store.finishRun(runId, globalRunResults(r, cfg, true))
    const series = store.series.list(runId)
    expect(series.map((s) => [s.label, s.accuracy, s.brier, s.logLoss, s.rateBrier, s.persistenceBrier, s.majorityAccuracy, s.mae, s.mase])).toEqual(
      r.series.map((s) => [s.label, s.classes!.accuracy, s.classes!.brier, s.classes!.logLoss, s.classes!.rateBrier, s.classes!.persistenceBrier, s.classes!.majorityAccuracy, null, null]))
    const run = store.runs.get(runId)
    // a yes/no target's words, and the run's Brier noise against its best baseline, as a single run keeps them
    expect(r.summary.classification!.noise).toBeDefined()
    expect(JSON.parse(run.classesJson!)).toEqual({ names: ['false', 'true'], words: ['no', 'yes'], noise: r.summary.classification!.noise })
    expect(JSON.parse(run.thresholdJson!)).toEqual(JSON.parse(JSON.stringify(r.threshold)))
    expect(store.metrics.list(runId)).toContainEqual({ split: 'test', model: 'model', metric: 'brier', value: r.summary.classification!.model.brier })
    expect(parseGlobalSummary(run.globalJson)!.summary).toMatchObject({ classification: { classes: r.summary.classification!.classes, beatRate: r.summary.classification!.beatRate, rateNoise: r.summary.classification!.rateNoise, noise: r.summary.classification!.noise } })
    // each series' noise against its own training rate, by its position (run_series has fixed columns), for the tables' "level"
    const g = parseGlobalSummary(run.globalJson)!
    expect(g.seriesRateNoise).toEqual(JSON.parse(JSON.stringify(r.series.map((s) => s.classes!.rateNoise))))
    for (const s of series) expect(seriesRateNoiseOf(g, s.position)).toEqual({ rateNoise: g.seriesRateNoise![s.position] })
  }, 30_000)

  it('reads a run stored before each series\' noise was kept, or a list not one per series, as keeping none', () => {
    const json = (extra: object) => JSON.stringify({ version: 1, columns: ['city'], cuts: null, cutMode: 'series', summary: { series: 2, classification: {} }, skipped: [], notes: [], hasTime: true, ...extra })
    const before = parseGlobalSummary(json({}))!
    expect(before.seriesRateNoise).toBeUndefined()
    expect(seriesRateNoiseOf(before, 0)).toEqual({})
    const n = { mean: -0.01, se: 0.002, rows: 40 }
    expect(parseGlobalSummary(json({ seriesRateNoise: [n, null] }))!.seriesRateNoise).toEqual([n, null])
    expect(parseGlobalSummary(json({ seriesRateNoise: [n] }))!.seriesRateNoise).toBeUndefined()
    expect(parseGlobalSummary(json({ seriesRateNoise: [n, { mean: 'x', se: 1, rows: 2 }] }))!.seriesRateNoise).toBeUndefined()
  })

  it("reads a regression's series noise and its counts together, or neither where either is malformed (read as a run stored before)", () => {
    const counts = { beat: 1, level: 1 }
    const json = (extra: object, summary: object = { bestNaiveNoise: counts }) => JSON.stringify({ version: 1, columns: ['city'], cuts: null, cutMode: 'series', summary: { series: 2, meanMase: 1, meanNaiveMase: 1, beatNaive: 2, beatBestNaive: 2, ...summary }, skipped: [], notes: [], hasTime: true, ...extra })
    const n = { baseline: 'naive', mean: -0.01, se: 0.02, rows: 40, metric: 'mae', lag: 0 }
    const ok = parseGlobalSummary(json({ seriesNoise: [n, null] }))!
    expect(ok.seriesNoise).toEqual([n, null])
    expect(ok.summary.bestNaiveNoise).toEqual(counts)
    expect(seriesNoiseOf(ok, 0)).toEqual({ noise: n })
    const none = (g: ReturnType<typeof parseGlobalSummary>) => [g!.seriesNoise, g!.summary.bestNaiveNoise, seriesNoiseOf(g!, 0)]
    // stored before: neither kept
    expect(none(parseGlobalSummary(json({}, {})))).toEqual([undefined, undefined, {}])
    // a list not one per series, an entry against another baseline, of another metric, without lags; counts that are no counts
    for (const bad of [json({ seriesNoise: [n] }), json({ seriesNoise: [n, { ...n, baseline: 'drift' }] }), json({ seriesNoise: [n, { ...n, metric: 'brier' }] }), json({ seriesNoise: [{ ...n, lag: undefined }, n] }), json({ seriesNoise: [n, n] }, { bestNaiveNoise: { beat: 2, level: 1 } }), json({ seriesNoise: [n, n] }, { bestNaiveNoise: { beat: '1', level: 0 } })])
      expect(none(parseGlobalSummary(bad))).toEqual([undefined, undefined, {}])
  })
})
