// Every value written to the forecast CSV and XLSX is read back and compared with the input.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { sampleForecastExport, SAMPLE_BASELINES } from '../../test/fixtures/export/sample-run'
import { globalWorkbook, twoClassWorkbook } from '../../test/fixtures/export/workbook-shapes'
import type { CsvLocale } from './csv'
import { csvLocaleFor, forecastColumn, forecastColumns, forecastCsv } from './forecast-csv'
import { flattenConfig } from './config-rows'
import { forecastXlsx, SHEETS, WORKBOOK_PARTS } from './forecast-xlsx'
import { metricsTable } from './metrics-table'

const fx = sampleForecastExport()

function readCsv(text: string, locale: CsvLocale): string[][] {
  const res = Papa.parse<string[]>(text, { delimiter: locale.delimiter, newline: '\r\n', skipEmptyLines: true }) // the final CRLF
  expect(res.errors).toEqual([])
  return res.data
}

describe('forecast CSV', () => {
  it.each([['en-US', ',', '.'], ['de-DE', ';', ',']] as const)('%s: every cell reads back as written', (lang, delimiter, decimal) => {
    const locale = csvLocaleFor(lang)
    expect(locale).toEqual({ delimiter, decimal })
    const [header, ...rows] = readCsv(forecastCsv(fx, locale), locale)
    expect(header).toEqual(['time', 'row', 'step', 'forecast', 'lower', 'upper', 'actual', 'baseline_naive', 'baseline_seasonal_naive'])
    expect(rows).toHaveLength(fx.rows.length)
    const num = (s: string) => (s === '' ? null : Number(decimal === ',' ? s.replace(',', '.') : s))
    rows.forEach((cells, i) => {
      const r = fx.rows[i]
      expect(cells[0]).toBe(new Date(r.time!).toISOString().slice(0, 10)) // daily rows: the date alone (../data/time-cell)
      expect(cells.slice(1).map(num)).toEqual([r.row, r.step, r.forecast, r.lower, r.upper, r.actual, ...r.baselines])
      if (decimal === ',') expect(cells.slice(1).join('')).not.toMatch(/\./)
    })
    expect(rows.some((c) => c[6] === '')).toBe(true) // unobserved actuals stay empty
  })

  it('leaves out the row column and the time when the data has neither', () => {
    const bare = { ...fx, rows: fx.rows.map((r) => ({ ...r, time: null, row: null })) }
    expect(forecastColumns(bare)).toEqual(['time', 'step', 'forecast', 'lower', 'upper', 'actual', 'baseline_naive', 'baseline_seasonal_naive'])
    const [, first] = readCsv(forecastCsv(bare), { delimiter: ',', decimal: '.' })
    expect(first[0]).toBe('')
  })

  it('refuses a row whose baselines do not match the names', () => {
    const bad = { ...fx, rows: [{ ...fx.rows[0], baselines: [1] }] }
    expect(() => forecastCsv(bad)).toThrow(/1 baseline values for 2 baselines/)
  })
})

describe('forecast XLSX', () => {
  it('has five sheets whose numbers are numbers and dates are dates, each equal to the input', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(fx)) as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEETS.forecast, SHEETS.metrics, SHEETS.config, SHEETS.data, SHEETS.about])
    const values = (ws: ExcelJS.Worksheet, r: number, n: number) => Array.from({ length: n }, (_, c) => ws.getRow(r).getCell(c + 1).value ?? null)

    const f = wb.getWorksheet(SHEETS.forecast)!
    expect(values(f, 1, 9)).toEqual(['time', 'row', 'step', 'forecast', 'lower', 'upper', 'actual', 'baseline_naive', 'baseline_seasonal_naive'])
    expect(f.rowCount).toBe(fx.rows.length + 1)
    fx.rows.forEach((r, i) => {
      const got = values(f, i + 2, 9)
      expect(got[0]).toBeInstanceOf(Date)
      expect((got[0] as Date).getTime()).toBe(r.time)
      expect(got.slice(1)).toEqual([r.row, r.step, r.forecast, r.lower, r.upper, r.actual, ...r.baselines])
    })

    const m = wb.getWorksheet(SHEETS.metrics)!
    const table = metricsTable(fx.metrics, SAMPLE_BASELINES)
    expect(values(m, 1, 6)).toEqual(['split', 'metric', 'model', 'naive', 'seasonal_naive', 'best baseline'])
    expect(m.rowCount).toBe(table.length + 1)
    table.forEach((t, i) => expect(values(m, i + 2, 7)).toEqual([t.split, t.metric, t.model, ...t.baselines, t.bestBaseline, t.skill]))
    expect(typeof m.getRow(2).getCell(3).value).toBe('number')

    // no network-alone column where the run's forecast is the network
    expect(values(m, 1, 7)).not.toContain('network alone')

    const c = wb.getWorksheet(SHEETS.config)!
    const pairs = flattenConfig(fx.config)
    expect(c.rowCount).toBe(pairs.length + 1)
    pairs.forEach(([k, v], i) => expect(values(c, i + 2, 2)).toEqual([k, v]))
    const note = pairs.findIndex(([k]) => k === 'notes')
    expect(c.getRow(note + 2).getCell(2).type).toBe(ExcelJS.ValueType.String) // text, never a formula

    const d = wb.getWorksheet(SHEETS.data)!
    const s = fx.data
    const top = values(d, 2, 5)
    expect(top.slice(0, 3)).toEqual([s.name, s.rows, s.timeColumn])
    expect([(top[3] as Date).getTime(), (top[4] as Date).getTime()]).toEqual([s.start, s.end])
    s.splits.forEach((p, i) => {
      const got = values(d, 5 + i, 7)
      expect([got[0], got[1], got[2], (got[3] as Date).getTime(), (got[4] as Date).getTime(), got[5], got[6]]).toEqual([p.split, p.rows, p.windows, p.start, p.end, p.startRow, p.endRow])
    })
    const colHeader = 5 + s.splits.length + 1
    expect(values(d, colHeader, 9)).toEqual(['column', 'role', 'type', 'count', 'missing', 'mean', 'std', 'min', 'max'])
    s.columns.forEach((col, i) => expect(values(d, colHeader + 1 + i, 9)).toEqual([col.name, col.role, col.type, col.count, col.missing, col.mean, col.std, col.min, col.max]))
  })
})

describe('forecast XLSX progress', () => {
  afterEach(() => void vi.useRealTimers())

  // Exploratory pass 20, finding 7: the Data sheet's rows were the run's (1,095 on the daily grid)
  // beside a column table counting the file's 1,090; it says both now, as the report does
  it('the Data sheet says the run\'s rows, the file\'s and those its time grid added', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx({ ...fx, data: { ...fx.data, rows: 1095, fileRows: 1090, gridRows: 5 } })) as unknown as ArrayBuffer)
    const d = wb.getWorksheet(SHEETS.data)!
    const row = (r: number) => Array.from({ length: 7 }, (_, c) => d.getRow(r).getCell(c + 1).value ?? null)
    expect(row(1)).toEqual(['dataset', 'rows in the run', 'time column', 'start', 'end', 'rows in the file', 'rows added by the time grid'])
    expect([row(2)[1], row(2)[5], row(2)[6]]).toEqual([1095, 1090, 5])
    // the About sheet gives the same two counts
    const a = wb.getWorksheet(SHEETS.about)!
    const about = new Map(Array.from({ length: a.rowCount }, (_, r) => [a.getRow(r + 1).getCell(1).value, a.getRow(r + 1).getCell(2).value]))
    expect([about.get('rows in the run'), about.get('rows in the file')]).toEqual([1095, 1090])
  })

  it('tells its parts, one before the first row and the rest after the last, and the file is the same without', async () => {
    // exceljs stamps the workbook and its zip entries with the time: the same clock for both files
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.UTC(2026, 0, 2, 3, 4, 5))
    const told: string[] = []
    const counted = await forecastXlsx(fx, { rows: (d, t) => told.push(`row ${d}/${t}`), parts: (d, t) => told.push(`part ${d}/${t}`) })
    const n = fx.rows.length
    expect(WORKBOOK_PARTS).toBe(3)
    expect(told).toEqual(['part 1/3', ...Array.from({ length: n }, (_, i) => `row ${i + 1}/${n}`), 'part 2/3', 'part 3/3'])
    const plain = await forecastXlsx(fx)
    expect(counted.length).toBeGreaterThan(1000)
    expect(Buffer.from(counted).equals(Buffer.from(plain))).toBe(true)
  })

  it('uses exceljs through its package entry alone, no internal module or method', () => {
    // exceljs's internals (its Workbook module on its own, its XLSX writer's stage methods wrapped to
    // count them) change without notice between versions; its streaming writer is public
    const source = readFileSync(join(import.meta.dirname, 'forecast-xlsx.ts'), 'utf8')
    const specifiers = [...source.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]!)
    expect(specifiers.filter((s) => s.startsWith('exceljs'))).toEqual(['exceljs', 'exceljs'])
    expect(source).not.toMatch(/prepareModel|addWorksheets|_finalize|xlsx\.writeBuffer/)
  })
})

describe('forecast XLSX made by the streaming writer: every cell as the in-memory writer made it', () => {
  // core/export/fixtures/workbook-*.xlsx: written by exceljs's in-memory Workbook (this file's
  // writer before the streaming one, commit bcfd3bd); written again after a deliberate change to the
  // workbook's content, from test/fixtures/export/workbook-shapes.ts
  const read = async (bytes: Uint8Array) => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    return wb
  }
  /** Every sheet's name, views, column widths and cells (value, type, format, font, fill). */
  const content = (wb: ExcelJS.Workbook) => wb.worksheets.map((ws) => ({
    name: ws.name,
    views: ws.views,
    widths: Array.from({ length: ws.columnCount }, (_, i) => ws.getColumn(i + 1).width),
    rows: Array.from({ length: ws.rowCount }, (_, r) => Array.from({ length: ws.columnCount }, (_, c) => {
      const cell = ws.getRow(r + 1).getCell(c + 1)
      return { value: cell.value, type: cell.type, numFmt: cell.numFmt, font: cell.font, fill: cell.fill }
    }))
  }))

  it.each([['two-class', twoClassWorkbook], ['global', globalWorkbook]] as const)('%s run', async (name, shape) => {
    const kept = await read(readFileSync(join(import.meta.dirname, 'fixtures', `workbook-${name}.xlsx`)))
    const made = await read(await forecastXlsx(shape()))
    expect(made.title).toBe(kept.title)
    expect(made.creator).toBe(kept.creator)
    const [a, b] = [content(made), content(kept)]
    expect(a.map((s) => s.name)).toEqual(b.map((s) => s.name))
    a.forEach((sheet, i) => expect(sheet).toEqual(b[i]))
    // the tables they hold: the threshold's scores to four decimals, the counts whole; the series
    expect(b.flatMap((s) => s.rows.flat()).filter((c) => c.numFmt === '0.0000').length).toBeGreaterThan(100)
  })
})

describe('classification forecast files: the probability named, the threshold and the Brier score said', () => {
  const cls = { ...fx, task: 'classification' as const, target: 'precipitation', intervalLevel: null, classes: { names: ['false', 'true'], rule: { column: 'precipitation', op: '>' as const, value: 0 } } }

  it('names the forecast column by the class whose probability it holds, in the CSV and the XLSX', async () => {
    expect(forecastColumns(cls)[3]).toBe('P(precipitation > 0)')
    expect(readCsv(forecastCsv(cls), { delimiter: ',', decimal: '.' })[0]![3]).toBe('P(precipitation > 0)')
    // a two-class column without a rule: its second class
    expect(forecastColumn('weather', { names: ['dry', 'rain'], rule: null })).toBe('P(weather = rain)')
    // more classes (a class index) and regression keep 'forecast'
    expect(forecastColumn('weather', { names: ['fog', 'rain', 'sun'], rule: null })).toBe('forecast')
    expect(forecastColumns(fx)[3]).toBe('forecast')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(cls)) as unknown as ArrayBuffer)
    expect(wb.getWorksheet(SHEETS.forecast)!.getRow(1).getCell(4).value).toBe('P(precipitation > 0)')
    const about: string[] = []
    wb.getWorksheet(SHEETS.about)!.eachRow((r) => about.push(`${String(r.getCell(1).value)}: ${String(r.getCell(2).value)}`))
    expect(about).toContainEqual(expect.stringMatching(/^predicted class: .*threshold 0\.5.*accuracy, F1/))
    expect(about).toContainEqual(expect.stringMatching(/^brier: .*summed over the classes; 0 is perfect, 2 the worst/))
    expect(about).toContainEqual(expect.stringMatching(/^forecast column: P\(precipitation > 0\): the predicted probability/))
  })
})

describe('forecast XLSX About sheet (issue 12: which forecaster made the numbers)', () => {
  const about = async (x: typeof fx) => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(x)) as unknown as ArrayBuffer)
    const a = wb.getWorksheet(SHEETS.about)!
    const rows: unknown[][] = []
    a.eachRow((r) => rows.push([r.getCell(1).value, r.getCell(2).value, r.getCell(3).value]))
    return rows
  }

  it('names the fallback and lists every candidate’s validation MAE when the network lost', async () => {
    const choice = {
      chosen: 'combination', label: 'mean of ETS(M,A,M) and Theta', network: 0,
      members: [{ name: 'ets', label: 'ETS(M,A,M)', weight: 0.5 }, { name: 'theta', label: 'Theta', weight: 0.5 }],
      season: 12, steps: 3,
      validation: [{ name: 'combination', label: 'mean of ETS(M,A,M) and Theta', mae: 0.494 }, { name: 'network', label: 'network', mae: 0.871 }],
      message: 'the network lost to the statistical models on validation (MAE 0.871 against 0.494); the forecast falls back to the mean of ETS(M,A,M) and Theta'
    }
    const rows = await about({ ...fx, choice })
    const get = (k: string) => rows.find((r) => r[0] === k)?.[1]
    expect(get('forecast made by')).toBe('the mean of ETS(M,A,M) and Theta')
    expect(get('forecaster id')).toBe('combination')
    expect(get('network weight')).toBe(0)
    expect(get('network lost on validation')).toBe(true)
    expect(get('weight of Theta')).toBe(0.5)
    expect(rows.filter((r) => r[0] === 'network' || r[0] === 'mean of ETS(M,A,M) and Theta').map((r) => [r[0], r[1], r[2]])).toEqual([
      ['mean of ETS(M,A,M) and Theta', 0.494, true],
      ['network', 0.871, false]
    ])
  })

  it('a network that did better on validation but was passed over did not lose: said as such (explore24 run 9)', async () => {
    const choice = {
      chosen: 'naive', label: 'Naive', network: 0, members: [{ name: 'naive', label: 'Naive', weight: 1 }], season: 1, steps: 14,
      validation: [{ name: 'network', label: 'network', mae: 3.3 }, { name: 'naive', label: 'Naive', mae: 3.557 }],
      message: 'the series behaves like a random walk here, so the forecast falls back to naive; the network did better still there (MAE 3.300), but the rule falls back to naive alone'
    }
    const rows = await about({ ...fx, choice })
    const get = (k: string) => rows.find((r) => r[0] === k)?.[1]
    expect(get('network lost on validation')).toBe(false)
    expect(get('network passed over')).toBe("The network did better on validation than Naive (MAE 3.300 against 3.557), but the forecast leaves it out by the rule the choice's sentence names.")
  })

  it('a global run: each series\' own choice, the verdict over its series, no network weight of its own', async () => {
    const row = (mae: number, naiveMae: number) => ({ series: ['s'], n: 8, mae, mase: mae / 2, naiveMae, seasonalNaiveMae: null, coverage: 0.9, beatsNaive: mae < naiveMae, forecastBy: 'ets', forecastLabel: 'ETS(A,N,N)' })
    const rows = await about({ ...fx, choice: null, seriesColumns: ['store'], rows: fx.rows.map((r) => ({ ...r, series: ['s'] })), seriesMetrics: [row(1, 2), row(3, 2)], seriesSummary: { series: 2, beatNaive: 1, beatBestNaive: 1, meanMase: 1, meanNaiveMase: 1 } })
    const get = (k: string) => rows.find((r) => r[0] === k)?.[1]
    expect(get('forecast made by')).toBe("each series' own choice on its validation rows")
    expect(get('forecaster id')).toBe('per series (Series sheet)')
    expect(get('network weight')).toBeUndefined()
    expect(get('verdict')).toBe("1 of 2 series beat the better of naive and seasonal naive on test (mean MASE 1.00, naive's 1.00)")
  })

  it("a global run: how many series each forecaster took, and in how many the network lost, not one false for all", async () => {
    // 320 series, the network in 18 alone and 40 with statistical models: it said "network lost on
    // validation: false"
    const row = (forecastBy: string | null) => ({ series: ['s'], n: 8, mae: 1, mase: 0.5, naiveMae: 2, seasonalNaiveMae: null, coverage: 0.9, beatsNaive: true, forecastBy, forecastLabel: forecastBy === 'ets' ? 'ETS(A,N,N)' : forecastBy })
    const by = [...Array<string>(18).fill('network'), ...Array<string>(40).fill('ensemble'), ...Array<string>(200).fill('ets'), ...Array<string>(50).fill('combination'), ...Array<string>(12).fill('naive')]
    const rows = await about({ ...fx, choice: null, seriesColumns: ['store'], rows: fx.rows.map((r) => ({ ...r, series: ['s'] })), seriesMetrics: by.map(row), seriesSummary: { series: 320, beatNaive: 300, beatBestNaive: 290, meanMase: 0.8, meanNaiveMase: 1 } })
    const get = (k: string) => rows.find((r) => r[0] === k)?.[1]
    expect(get('forecast by')).toBe('ets (200 series), stats mean (50 series), network + stats (40 series), network (18 series), naive (12 series)')
    expect(get('network lost on validation')).toBe('in 262 of 320 series: their forecast gives the network no weight (forecast by, and the Series sheet)')
    // a run stored before each series kept its forecaster: the network's, all of them
    const before = await about({ ...fx, choice: null, seriesColumns: ['store'], rows: fx.rows.map((r) => ({ ...r, series: ['s'] })), seriesMetrics: [row(null), row(null)], seriesSummary: { series: 2, beatNaive: 1, beatBestNaive: 1, meanMase: 1, meanNaiveMase: 1 } })
    expect(before.find((r) => r[0] === 'network lost on validation')?.[1]).toBe('in 0 of 2 series: their forecast gives the network no weight (forecast by, and the Series sheet)')
  })

  it('says a run without a stored choice is the network alone', async () => {
    const rows = await about({ ...fx, choice: null })
    expect(rows.find((r) => r[0] === 'forecast made by')?.[1]).toBe('network (run stored before the choice existed)')
    expect(rows.find((r) => r[0] === 'network lost on validation')?.[1]).toBe(false)
  })
})

describe('forecast XLSX, a forecast that is not the network', () => {
  it('puts the network alone beside the model, outside the baselines and the skill', async () => {
    const withNet = { ...fx, metrics: [...fx.metrics, ...fx.metrics.filter((m) => m.model === 'model').map((m) => ({ ...m, model: 'network', value: m.value === null ? null : m.value * 2 }))] }
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(withNet)) as unknown as ArrayBuffer)
    const m = wb.getWorksheet(SHEETS.metrics)!
    const values = (r: number, n: number) => Array.from({ length: n }, (_, c) => m.getRow(r).getCell(c + 1).value ?? null)
    expect(values(1, 8)).toEqual(['split', 'metric', 'model', 'network alone', 'naive', 'seasonal_naive', 'best baseline', 'skill vs best'])
    const table = metricsTable(withNet.metrics, SAMPLE_BASELINES)
    table.forEach((t, i) => {
      expect(values(i + 2, 8)).toEqual([t.split, t.metric, t.model, t.network, ...t.baselines, t.bestBaseline, t.skill])
      expect(t.network).toBe(t.model === null ? null : t.model * 2)
    })
    expect(table.map((t) => t.skill)).toEqual(metricsTable(fx.metrics, SAMPLE_BASELINES).map((t) => t.skill))
  })
})
