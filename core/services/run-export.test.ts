// A stored run is rebuilt (exports, fw predict, fw explain) with the season it was trained with,
// even when today's 'auto' resolves the same time column to another one: a business-day column
// resolved to 7 before weekdays were recognised (09890e6), to 5 since, and to none where the rows
// show no weekly cycle (gold's prices); and with the steps its choice was scored over.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { labelWords } from '../data/words'
import { main } from '../cli/index'
import { openStore } from '../store'
import ExcelJS from 'exceljs'
import { forecastXlsx, SHEETS } from '../export/forecast-xlsx'
import { renderReport } from '../export/report'
import { dataSummaryOf, forecastExportOf, rebuildStoredRun, remadeNote, reportInputOf, withStoredSeason } from './run-export'
import { parseStoredChoice } from './stored-choice'
import { slimChoice, verdictOf, type ChoiceSummary } from '../export/verdict'

const root = new URL('../..', import.meta.url).pathname
const db = join(mkdtempSync(join(tmpdir(), 'fw-rebuild-season-')), 'runs.db')
const silent = { write: () => {}, isTTY: false }
async function fw(...argv: string[]) {
  let stdout = ''
  const code = await main([...argv, '--db', db], { write: (x) => void (stdout += x), isTTY: false }, silent)
  return { code, stdout }
}

describe('rebuilding a stored run keeps its season', () => {
  beforeAll(async () => {
    // gold: business days (no Saturday or Sunday row), a week of 5 rows that its prices do not
    // follow, so 'auto' resolves to no season, scored over the week's 14 steps
    const code = await main(['train', '--csv', join(root, 'bench/quality/series/gold.csv'), '--target', 'value', '--epochs', '2', '--seed', '1', '--db', db], silent, silent)
    expect(code).toBe(0)
  }, 120_000)

  it("a run of today rebuilds to its stored choice, no season over 14 steps, and says nothing of a remake", async () => {
    const store = openStore(db)
    try {
      const stored = JSON.parse(store.runs.get(1).choiceJson!) as { season: number; steps: number; chosen: string; label: string }
      expect([stored.season, stored.steps]).toEqual([1, 14])
      const r = rebuildStoredRun(store, 1)
      expect([r.rebuilt.evaluation.choice!.season, r.rebuilt.evaluation.choice!.steps]).toEqual([1, 14])
      expect(r.rebuilt.evaluation.choice!.chosen).toBe(stored.chosen)
      expect(r.rebuilt.evaluation.choice!.label).toBe(stored.label)
      expect(r.remade).toBeNull()
      expect('remade' in forecastExportOf(store, r)).toBe(false)
      expect(renderReport(reportInputOf(store, r))).not.toContain('Remade')
    } finally {
      store.close()
    }
    const out = join(mkdtempSync(join(tmpdir(), 'fw-remade-')), 'f.csv')
    expect((await fw('forecast', '--run', '1', '--steps', '3', '--out', out)).stdout).not.toContain('note: run 1')
  })

  it("the data summary names the time column's role, also where the stored dataset keeps none (the app's)", () => {
    const store = openStore(db)
    try {
      const r = rebuildStoredRun(store, 1)
      const roles = (rr: typeof r) => Object.fromEntries(dataSummaryOf(rr).columns.map((c) => [c.name, c.role]))
      expect(roles(r)).toEqual({ time: 'time', value: 'target' })
      expect(roles({ ...r, dataset: { ...r.dataset, timeColumn: null } })).toEqual({ time: 'time', value: 'target' })
    } finally {
      store.close()
    }
  })

  it("the report and the workbook name the CSV by its file name, never its folders (a report is shared)", async () => {
    const store = openStore(db)
    try {
      const r = rebuildStoredRun(store, 1)
      expect(r.dataset.file).toBe(join(root, 'bench/quality/series/gold.csv')) // the app's own, and its errors', full path
      expect(dataSummaryOf(r).name).toBe('gold.csv')
      const html = renderReport(reportInputOf(store, r))
      expect(html).toContain('gold.csv · ')
      expect(html).not.toContain(root)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await forecastXlsx(forecastExportOf(store, r))) as unknown as ArrayBuffer)
      const cells: string[] = []
      wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value)))))
      expect(cells).toContain('gold.csv')
      expect(cells.filter((c) => c.includes(root))).toEqual([])
      // a Windows path too
      expect(dataSummaryOf({ ...r, dataset: { ...r.dataset, file: 'C:\\Users\\ana\\clients\\gold.csv' } }).name).toBe('gold.csv')
    } finally {
      store.close()
    }
  })

  it('a run whose stored choice is not what the rebuild chooses (an older version chose it) says so in exports and fw', async () => {
    const store = openStore(db)
    let label = ''
    try {
      const choice = JSON.parse(store.runs.get(1).choiceJson!) as { label: string }
      label = rebuildStoredRun(store, 1).rebuilt.evaluation.choice!.label
      store.runs.setChoice(1, JSON.stringify({ ...choice, label: 'ETS(M,Md,N)' }))
      const r = rebuildStoredRun(store, 1)
      const note = `the run chose ETS(M,Md,N) when it trained; rebuilt by this version of the app from the same weights and data, its forecast is ${labelWords(label)} (the statistical models or the choice rules changed since): the forecasts here are those of ${labelWords(label)}, the metrics those stored with the run`
      expect(r.remade).toBe(note)
      const fx = forecastExportOf(store, r)
      expect(fx.remade).toBe(note)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await forecastXlsx(fx)) as unknown as ArrayBuffer)
      const rows: unknown[][] = []
      wb.getWorksheet(SHEETS.about)!.eachRow((row) => rows.push([row.getCell(1).value, row.getCell(2).value]))
      expect(rows).toContainEqual(['remade', note])
      expect(renderReport(reportInputOf(store, r))).toContain(`<b>Remade:</b> ${note.replace(/'/g, '&#39;')}.`)
    } finally {
      store.close()
    }
    const dir = mkdtempSync(join(tmpdir(), 'fw-remade-'))
    const exp = await fw('export', '--run', '1', '--csv', join(dir, 'f.csv'))
    expect(exp.code).toBe(0)
    expect(exp.stdout).toContain(`note: run 1: the run chose ETS(M,Md,N) when it trained`)
    const fc = await fw('forecast', '--run', '1', '--steps', '3', '--out', join(dir, 'g.csv'))
    expect(fc.stdout).toContain(`note: run 1: the run chose ETS(M,Md,N) when it trained`)
  }, 60_000)

  it("a remade run's report and workbook judge its stored metrics with its stored choice, as fw show and the app do, never with the rebuilt one", async () => {
    // as an older version stored one (inputs of explore19: a mean of ETS and Theta, rebuilt today
    // as ETS alone): the stored metrics are the stored choice's forecast's, so its members are the
    // baselines left out of its yardstick
    const store = openStore(db)
    const original = store.runs.get(1).choiceJson!
    let headline = ''
    try {
      const rebuilt = rebuildStoredRun(store, 1).rebuilt.evaluation.choice!
      expect(rebuilt.chosen).not.toBe('drift') // else the stored choice below would not differ
      const was = { ...(JSON.parse(original) as ChoiceSummary), chosen: 'drift', label: 'Drift', network: 0, members: [{ name: 'drift', label: 'Drift', weight: 1 }], message: 'the network lost to the statistical models on validation (MAE 2.000 against 1.000); the forecast falls back to Drift' }
      store.runs.setChoice(1, JSON.stringify(was))
      const r = rebuildStoredRun(store, 1)
      expect(r.remade).not.toBeNull()
      const metrics = store.metrics.list(1)
      headline = verdictOf('regression', was, metrics).headline
      // the two choices judge the stored metrics differently (else this test could not fail)
      expect(verdictOf('regression', slimChoice(rebuilt), metrics).headline).not.toBe(headline)
      expect(headline).toContain('drift, part of the forecast, is left out')
      const fx = forecastExportOf(store, r)
      expect(fx.choice).toEqual(parseStoredChoice(JSON.stringify(was)))
      expect(renderReport(reportInputOf(store, r))).toContain(`</span> ${headline.replace(/'/g, '&#39;')}</h2>`)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await forecastXlsx(fx)) as unknown as ArrayBuffer)
      const rows: unknown[][] = []
      wb.getWorksheet(SHEETS.about)!.eachRow((row) => rows.push([row.getCell(1).value, row.getCell(2).value]))
      expect(rows).toContainEqual(['forecaster id', 'drift'])
      // the forecast column is the rebuild's (the remade row says whose): the choice is named as the run's
      const forecaster = verdictOf('regression', was, metrics).forecaster
      expect(rows).toContainEqual(['forecast chosen when the run trained', forecaster])
      expect(rows.map((x) => x[0])).not.toContain('forecast made by')
      expect(renderReport(reportInputOf(store, r))).toContain(`When the run trained, its forecast was made by <b>${forecaster}</b>.`)
      const show = await fw('show', '1')
      expect(show.stdout).toContain(`verdict: ${headline}\n`)
    } finally {
      store.runs.setChoice(1, original)
      store.close()
    }
  }, 60_000)

  it('a run whose choice says 7 (as runs stored before 09890e6 do) rebuilds with 7; its config still reads auto', () => {
    const store = openStore(db)
    try {
      const choice = JSON.parse(store.runs.get(1).choiceJson!) as { season: number }
      store.runs.setChoice(1, JSON.stringify({ ...choice, season: 7 }))
      const r = rebuildStoredRun(store, 1)
      const c = r.rebuilt.evaluation.choice!
      expect(c.season).toBe(7)
      // the seasonal statistical models are fitted with a period of 7 (seasonal naive is one of them)
      expect(c.validation.map((v) => v.label)).toContain('Seasonal naive (7)')
      expect(r.config.data.season).toBe('auto')
      const fx = forecastExportOf(store, r)
      expect((fx.config as { data: { season: unknown } }).data.season).toBe('auto')
    } finally {
      store.close()
    }
  }, 60_000)
})

describe('remadeNote', () => {
  const now = { chosen: 'ets', label: 'ETS(A,N,N)' }
  it('is null for the same choice, no stored choice, or one it cannot read', () => {
    expect(remadeNote(JSON.stringify({ chosen: 'ets', label: 'ETS(A,N,N)' }), now)).toBeNull()
    expect(remadeNote(null, now)).toBeNull()
    expect(remadeNote(JSON.stringify({ chosen: 'ets', label: 'x' }), null)).toBeNull()
    for (const bad of ['not json', 'null', '{}']) expect(remadeNote(bad, now)).toBeNull()
  })
  it('names both when the forecaster or its label differ', () => {
    expect(remadeNote(JSON.stringify({ chosen: 'theta', label: 'Theta' }), now)).toMatch(/^the run chose Theta when it trained; .* its forecast is ETS\(A,N,N\)/)
    expect(remadeNote(JSON.stringify({ chosen: 'ets', label: 'ETS(A,A,N)' }), now)).toMatch(/^the run chose ETS\(A,A,N\) when/)
  })
})

describe('withStoredSeason', () => {
  const raw = { data: { target: 'y', season: 'auto' } }
  it("pins 'auto' (or no season) to the stored choice's season", () => {
    expect(withStoredSeason(raw, JSON.stringify({ season: 7 }))).toEqual({ data: { target: 'y', season: 7 } })
    expect(withStoredSeason({ data: { target: 'y' } }, JSON.stringify({ season: 1 }))).toEqual({ data: { target: 'y', season: 1 } })
  })
  it('leaves a season the user gave, a run with no choice, and a choice without a usable season alone', () => {
    const given = { data: { target: 'y', season: 12 } }
    expect(withStoredSeason(given, JSON.stringify({ season: 7 }))).toBe(given)
    expect(withStoredSeason(raw, null)).toBe(raw)
    for (const bad of ['not json', 'null', '{}', '{"season":0}', '{"season":2.5}', '{"season":"7"}']) expect(withStoredSeason(raw, bad)).toBe(raw)
  })
})
