// A run that predicts a category of more than two levels (seattle-weather's weather: drizzle, fog,
// rain, snow, sun), exported: the report's AUC is the table's (the mean of each class's AUC against
// the rest) and draws no ROC curve of one class against the rest; every forecast file names the
// classes (not their indices) and holds each class's probability.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Window } from 'happy-dom'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../cli/index'
import { openStore, type Store } from '../store'
import { renderReport } from '../export/report'
import { formatNumber } from '../export/report/scale'
import { forecastCsv } from '../export/forecast-csv'
import { forecastXlsx, SHEETS } from '../export/forecast-xlsx'
import ExcelJS from 'exceljs'
import { forecastExportOf, rebuildStoredRun, reportInputOf, storedRunClasses } from './run-export'

const root = new URL('../..', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-multiclass-'))
const db = join(dir, 'runs.db')
const silent = { write: () => {}, isTTY: false }

function withStore<T>(f: (s: Store) => T): T {
  const store = openStore(db)
  try {
    return f(store)
  } finally {
    store.close()
  }
}

function parse(html: string) {
  const window = new Window()
  return new window.DOMParser().parseFromString(html, 'text/html')
}

describe('a run of five classes, exported', () => {
  beforeAll(async () => {
    const code = await main(['train', '--csv', join(root, 'resources/samples/seattle-weather.csv'), '--target', 'weather', '--task', 'classification', '--epochs', '1', '--seed', '1', '--out', join(dir, 'out'), '--db', db], silent, silent)
    expect(code).toBe(0)
  }, 120_000)

  it("the report's AUC card is the metrics table's macro AUC, and no ROC curve of the last class is drawn", () => {
    const { input, auc } = withStore((store) => ({ input: reportInputOf(store, rebuildStoredRun(store, 1)), auc: store.metrics.list(1).find((m) => m.split === 'test' && m.model === 'model' && m.metric === 'auc')!.value! }))
    expect(input.classification!.labels).toHaveLength(5)
    expect(input.classification!.roc).toBeNull()
    const doc = parse(renderReport(input))
    const card = [...doc.querySelectorAll('.kpi')].map((k) => k.textContent!).find((t) => t.includes('test AUC'))!
    expect(card).toContain(`test AUC${formatNumber(auc)}`)
    expect(card).toContain("mean of each of the 5 classes' AUC against the rest")
    expect(doc.querySelector('#classification svg[aria-label="ROC curve"]')).toBeNull()
    expect(doc.querySelector('#no-roc')!.textContent).toBe("An ROC curve is drawn for two classes. With 5, the AUC in the metrics table is the mean of each class's AUC against the rest.")
  })

  // the run's classes in its output order (the training rows' order of appearance)
  let CLASSES: string[] = []
  let P: string[] = []
  beforeAll(() => {
    CLASSES = withStore((store) => storedRunClasses(store, 1))!
    expect([...CLASSES].sort()).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun'])
    P = CLASSES.map((c) => `P(weather = ${c})`)
  })

  /** Every row names its classes, and its probabilities add up to 1 with the forecast the likeliest. */
  function expectNamed(header: string[], rows: string[][], classColumns: string[]) {
    expect(header.slice(-5)).toEqual(P)
    for (const row of rows) {
      for (const c of classColumns) expect(CLASSES, `${c}: ${row.join(',')}`).toContain(row[header.indexOf(c)])
      const probs = P.map((p) => Number(row[header.indexOf(p)]))
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4)
      expect(CLASSES[probs.indexOf(Math.max(...probs))]).toBe(row[header.indexOf('forecast')])
    }
  }
  const csvRows = (text: string) => text.trim().split(/\r?\n/).map((l) => l.split(','))

  it("fw train's predictions.csv names the classes and gives each class's probability", () => {
    const [header, ...rows] = csvRows(readFileSync(join(dir, 'out', 'predictions.csv'), 'utf8'))
    expect(header).toEqual(['time', 'step', 'forecast', 'actual', ...P]) // was with empty lower, upper
    expect(rows.some((r) => r[2] !== r[3])).toBe(true) // a wrong forecast too: not the actual copied
    expect(rows.length).toBeGreaterThan(100)
    expectNamed(header!, rows, ['forecast', 'actual'])
  })

  it("the export's CSV and XLSX name the forecast, actual and baseline classes and give each class's probability", async () => {
    const fx = withStore((store) => forecastExportOf(store, rebuildStoredRun(store, 1)))
    const [header, ...rows] = csvRows(forecastCsv(fx))
    const baselines = header!.filter((h) => h.startsWith('baseline_'))
    expect(baselines.length).toBeGreaterThan(0)
    expectNamed(header!, rows, ['forecast', 'actual', ...baselines])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await forecastXlsx(fx)).buffer as ArrayBuffer)
    const sheet: string[][] = []
    wb.getWorksheet(SHEETS.forecast)!.eachRow((r) => void sheet.push((r.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? '')))))
    expect(sheet[0]).toEqual(header)
    expectNamed(sheet[0]!, sheet.slice(1), ['forecast', 'actual', ...baselines])
    const about: string[][] = []
    wb.getWorksheet(SHEETS.about)!.eachRow((r) => void about.push((r.values as unknown[]).slice(1).map(String)))
    expect(about.find((r) => r[0] === 'forecast column')![1]).toContain('the likeliest class by name')
  })

  it("fw forecast's file names the class and gives each class's probability", async () => {
    const out = join(dir, 'ahead.csv')
    expect(await main(['forecast', '--run', '1', '--steps', '1', '--out', out, '--db', db], silent, silent)).toBe(0)
    const [header, ...rows] = csvRows(readFileSync(out, 'utf8'))
    expect(rows).toHaveLength(1)
    expectNamed(header!, rows, ['forecast'])
  })

  it("the report draws probabilities, not class indices, and names the classes", () => {
    const doc = parse(renderReport(withStore((store) => reportInputOf(store, rebuildStoredRun(store, 1)))))
    const section = doc.querySelector('#forecast')!
    expect(section.querySelector('h2')!.textContent).toBe('Predicted probability of the actual class')
    expect(section.textContent).not.toContain('index')
    expect(section.querySelector('.lead')!.textContent).toContain(`5 classes (${CLASSES.join(', ')})`)
    expect(section.querySelector('svg')!.textContent).toContain('P(the actual class)')
  })
})
