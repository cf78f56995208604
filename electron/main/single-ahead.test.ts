// A single-series run's forecast files with the forecast past the end (the Export view's "Add the
// N steps past the end"): trained and recorded by fw train, then opened by main's handlers as the
// app opens it. The rows after the test rows are Forecast past the end's, with no actual and no
// baselines; without the option the files are as before.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../core/cli/index'
import { openStore, type Store } from '../../core/store'
import { forecastTimeMs } from '../../core/data/time-cell'
import { aboutItem } from '../../core/export/fixtures/about'
import type { ForecastPoint } from '../contract'
import type { Dispatcher } from './handlers'
import { answered, dispatcherOver } from './testing'

const dir = mkdtempSync(join(tmpdir(), 'fw-single-ahead-'))
const file = join(__dirname, '..', '..', 'resources', 'samples', 'co2-concentration.csv')
const db = join(dir, 'runs.db')
let store: Store
let api: Dispatcher
let runId: number

const ok = <T>(verb: string, req?: unknown): Promise<T> => answered<T>(api, verb, req)
const csvRows = (text: string) => text.trim().split(/\r?\n/).map((l) => l.split(','))

beforeAll(async () => {
  let stdout = ''
  let stderr = ''
  const code = await main(['train', '--csv', file, '--target', 'CO2', '--epochs', '2', '--seed', '3', '--db', db, '--out', join(dir, 'run'), '--json'], { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
  if (code !== 0) throw new Error(stderr)
  runId = (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { runId: number }).runId
  store = openStore(db, { appVersion: 'test' })
  api = dispatcherOver(store, dir)
}, 120_000)
afterAll(() => store?.close())

describe('a single-series run past the end in the forecast files', () => {
  it('the CSV and XLSX add Forecast past the end\'s rows after the test rows, actual and baselines empty', async () => {
    const plain = csvRows((await ok<{ text: string }>('exportForecastCsv', { runId })).text)
    const withAhead = csvRows((await ok<{ text: string }>('exportForecastCsv', { runId, aheadSteps: 6 })).text)
    expect(withAhead[0]).toEqual(plain[0])
    expect(withAhead.slice(0, plain.length)).toEqual(plain) // the test rows first, unchanged
    const future = withAhead.slice(plain.length)
    const ahead = (await ok<{ rows: ForecastPoint[] }>('forecastAhead', { runId, steps: 6 })).rows
    expect(future).toHaveLength(6)
    const col = (name: string) => plain[0]!.indexOf(name)
    const baselines = plain[0]!.slice(col('actual') + 1)
    expect(baselines.length).toBeGreaterThan(0)
    future.forEach((r, i) => {
      expect(forecastTimeMs(r[col('time')]!)).toBe(ahead[i]!.ts)
      expect(Number(r[col('step')])).toBe(ahead[i]!.step)
      expect(Number(r[col('forecast')])).toBe(Number(ahead[i]!.value.toPrecision(15)))
      expect(Number(r[col('lower')])).toBeLessThan(Number(r[col('forecast')]))
      expect(r.slice(col('actual'))).toEqual(['', ...baselines.map(() => '')])
    })
    // after the last test row, a month apart
    expect(forecastTimeMs(future[0]![col('time')]!)).toBeGreaterThan(forecastTimeMs(plain[plain.length - 1]![col('time')]!))
    const xlsx = new ExcelJS.Workbook()
    await xlsx.xlsx.load(Buffer.from((await ok<{ bytes: Uint8Array }>('exportXlsx', { runId, aheadSteps: 6 })).bytes) as unknown as ArrayBuffer)
    const plainWb = new ExcelJS.Workbook()
    await plainWb.xlsx.load(Buffer.from((await ok<{ bytes: Uint8Array }>('exportXlsx', { runId })).bytes) as unknown as ArrayBuffer)
    expect(xlsx.worksheets[0]!.rowCount - plainWb.worksheets[0]!.rowCount).toBe(6)
  })
})

describe('a single-series run past the end: which steps have calibrated intervals', () => {
  it('says nothing for the steps calibrated on their own errors, and names the rest past them, as fw forecast does', async () => {
    expect((await ok<{ intervals: unknown }>('forecastAhead', { runId, steps: 1 })).intervals).toBeNull()
    const far = (await ok<{ intervals: { calibrated: number; note: string } | null }>('forecastAhead', { runId, steps: 60 })).intervals!
    expect(far.calibrated).toBeGreaterThanOrEqual(0)
    expect(far.calibrated).toBeLessThan(60)
    expect(far.note).toMatch(/^intervals: .*steps? \d+(-60)?.*: an approximation without calibrated coverage$/)
    // the workbook with those steps says so in About; with only calibrated steps it says nothing
    const about = async (aheadSteps: number) => aboutItem((await ok<{ bytes: Uint8Array }>('exportXlsx', { runId, aheadSteps })).bytes, 'steps past the end')
    expect(await about(60)).toBe(far.note)
    expect(await about(1)).toBeNull()
  })
})

describe('a single-series run past the end further than its history', () => {
  it('the CSV and XLSX carry Forecast past the end\'s warning, as the export\'s note and a row of About, as a global run\'s notes', async () => {
    // the CO2 sample's 746 monthly rows: 800 steps run past them, 24 do not
    const far = (await ok<{ far: string | null }>('forecastAhead', { runId, steps: 800 })).far
    expect(far).toMatch(/^800 steps ahead is more than the \d+ rows of history the forecast starts from, and the run was validated \d+ steps? ahead: the later steps are an extrapolation far past anything validated/)
    const csv = await ok<{ text: string; note?: string }>('exportForecastCsv', { runId, aheadSteps: 800 })
    expect(csv.note).toBe(far)
    const xlsx = await ok<{ bytes: Uint8Array; note?: string }>('exportXlsx', { runId, aheadSteps: 800 })
    expect(xlsx.note).toBe(far)
    expect(await aboutItem(xlsx.bytes, 'steps past the history')).toBe(far)
    // not so far: no warning, no note, no row
    expect((await ok<{ far: string | null }>('forecastAhead', { runId, steps: 24 })).far).toBeNull()
    expect((await ok<{ note?: string }>('exportForecastCsv', { runId, aheadSteps: 24 })).note).toBeUndefined()
    const near = await ok<{ bytes: Uint8Array; note?: string }>('exportXlsx', { runId, aheadSteps: 24 })
    expect(near.note).toBeUndefined()
    expect(await aboutItem(near.bytes, 'steps past the history')).toBeNull()
  }, 120_000)
})

describe('a classification run\'s detail names its classes', () => {
  it('by the class index its forecasts and actuals use; a regression run has none', async () => {
    const seattle = join(__dirname, '..', '..', 'resources', 'samples', 'seattle-weather.csv')
    let stdout = ''
    const code = await main(['train', '--csv', seattle, '--target', 'weather', '--task', 'classification', '--epochs', '1', '--seed', '1', '--db', db, '--out', join(dir, 'cls'), '--json'], { write: (s) => void (stdout += s), isTTY: false }, { write: () => {}, isTTY: false })
    expect(code).toBe(0)
    const id = (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { runId: number }).runId
    const d = await ok<{ classes?: string[] | null; forecasts: ForecastPoint[] }>('getRun', { runId: id })
    expect([...d.classes!].sort()).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun'])
    // every forecast is a class index into them (the most likely class), every actual too
    expect(d.forecasts.every((f) => Number.isInteger(f.value) && f.value >= 0 && f.value < 5 && (f.actual === null || Number.isInteger(f.actual)))).toBe(true)
    // the sample's last test day's weather, by name
    const last = d.forecasts.at(-1)!
    const day = new Date(last.ts).toISOString().slice(0, 10)
    const line = (await import('node:fs')).readFileSync(seattle, 'utf8').split('\n').find((l) => l.startsWith(day))!
    expect(d.classes![last.actual!]).toBe(line.trim().split(',').at(-1))
    expect((await ok<{ classes?: unknown }>('getRun', { runId })).classes).toBeUndefined()
    // past the end (Export's Forecast past the end): each class's probability beside the likeliest
    // class, as fw forecast writes them; the CSV's rows past the end carry them too (exploratory pass 18)
    const [ahead] = (await ok<{ rows: ForecastPoint[] }>('forecastAhead', { runId: id, steps: 1 })).rows
    expect(ahead!.probs).toHaveLength(5)
    expect(ahead!.probs!.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 5)
    expect(ahead!.value).toBe(ahead!.probs!.indexOf(Math.max(...ahead!.probs!)))
    const csv = csvRows((await ok<{ text: string }>('exportForecastCsv', { runId: id, aheadSteps: 1 })).text)
    const p = csv[0]!.indexOf(`P(weather = ${d.classes![0]})`)
    expect(p).toBeGreaterThan(0)
    expect(csv.at(-1)!.slice(p).map(Number)).toEqual(ahead!.probs!.map((x) => Number(x.toPrecision(15))))
  }, 120_000)
})
