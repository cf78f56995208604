// A two-class run's threshold chosen on validation, past fw show: fw train prints it (the lines fw
// show prints, and --json the same field), and the report and the workbook show the test rows
// scored at it beside 0.5, recounted here from the exported probabilities; a run stored before
// schema 14 (no threshold kept) still exports and says none is kept.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { Window } from 'happy-dom'
import { beforeAll, describe, expect, it } from 'vitest'
import { SHEETS } from '../export/forecast-xlsx'
import { fw } from './test-fixtures/fw'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-threshold-exports-'))
const db = join(dir, 'runs.db')
const PROB = 'P(precipitation > 0)'
const args = ['--csv', sample, '--target', 'precipitation', '--rule', 'precipitation > 0', '--epochs', '3', '--seed', '42']
let trained = ''

/** The test rows of a forecast CSV (probability and actual class) scored at t, counted here. */
function recount(csv: string, t: number): { tp: number; fp: number; fn: number; tn: number; accuracy: number } {
  const rows = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data.filter((r) => r['actual'] !== '')
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 }
  for (const r of rows) {
    const yes = Number(r[PROB]) > t
    if (Number(r['actual']) === 1) yes ? c.tp++ : c.fn++
    else yes ? c.fp++ : c.tn++
  }
  return { ...c, accuracy: (c.tp + c.tn) / rows.length }
}

async function sheetRows(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(file)
  const rows: unknown[][] = []
  wb.getWorksheet(SHEETS.about)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

function reportDoc(file: string) {
  return new new Window().DOMParser().parseFromString(readFileSync(file, 'utf8'), 'text/html')
}

beforeAll(async () => {
  const r = await fw('train', ...args, '--db', db, '--out', join(dir, 'train'))
  expect(r.code).toBe(0)
  trained = r.stdout
}, 120_000)

describe('fw train: the threshold chosen on validation', () => {
  it('prints the lines fw show prints of the stored run, its test scores at it recounted from predictions.csv', async () => {
    const shown = (await fw('show', '1', '--db', db)).stdout.split('\n')
    const from = shown.findIndex((l) => l.startsWith('threshold chosen on validation: '))
    expect(from).toBeGreaterThan(-1)
    const lines = shown.slice(from, from + 5)
    expect(trained).toContain(lines.join('\n') + '\n')
    const t = Number(/^threshold chosen on validation: ([\d.]+) \(Youden's J/.exec(lines[0]!)![1])
    expect(t).not.toBe(0.5) // the Seattle run's choice, where the table below has two columns
    const csv = readFileSync(join(dir, 'train', 'predictions.csv'), 'utf8')
    expect(lines[1]).toMatch(new RegExp(`^  test at ${t}: accuracy ${recount(csv, t).accuracy.toFixed(4)}, `))
    expect(lines[2]).toMatch(new RegExp(`^  test at 0.5: accuracy ${recount(csv, 0.5).accuracy.toFixed(4)}, `))
  })

  it('gives it in --json as fw show --json does, with the test rows at it and at 0.5', async () => {
    const out = join(dir, 'json')
    const r = await fw('train', ...args, '--no-db', '--out', out, '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout).threshold
    const shown = JSON.parse((await fw('show', '1', '--db', db, '--json')).stdout).threshold
    // the same seed trains the same run: the same field, whether just trained or stored
    expect(j).toEqual(shown)
    expect(j).toMatchObject({ kept: true, rule: 'youden', why: null, stored: 0.5, validation: { n: expect.any(Number), j: expect.any(Number) } })
    const csv = readFileSync(join(out, 'predictions.csv'), 'utf8')
    expect(j.test.accuracy).toBeCloseTo(recount(csv, j.threshold).accuracy, 12)
    expect(j.testAtStored.accuracy).toBeCloseTo(recount(csv, 0.5).accuracy, 12)
  }, 120_000)
})

describe('the exports of a two-class run', () => {
  it('show the chosen threshold, where it was chosen and the test counts at it beside 0.5 (report and workbook)', async () => {
    const out = join(dir, 'export')
    const r = await fw('export', '--run', '1', '--db', db, '--csv', join(out, 'f.csv'), '--xlsx', join(out, 'f.xlsx'), '--report', join(out, 'r.html'))
    expect(r.code).toBe(0)
    const j = JSON.parse((await fw('show', '1', '--db', db, '--json')).stdout).threshold
    const t = j.threshold as number
    const csv = readFileSync(join(out, 'f.csv'), 'utf8')
    const [at5, atT] = [recount(csv, 0.5), recount(csv, t)]
    expect([atT.tp, atT.fp, atT.fn, atT.tn]).not.toEqual([at5.tp, at5.fp, at5.fn, at5.tn]) // the two columns differ
    const where = `Chosen on validation: ${t}, where Youden’s J (true positive rate minus false positive rate) is largest, ${j.validation.j.toFixed(4)}, on ${j.validation.n} validation rows (${j.validation.positives} where the class holds).`

    const about = await sheetRows(join(out, 'f.xlsx'))
    const said = about.find((row) => row[0] === 'threshold chosen on validation')
    expect(String(said?.[1])).toContain(where)
    expect(about).toContainEqual(['test rows scored at', '0.5 (the stored scores)', `${t} (chosen on validation)`])
    expect(about).toContainEqual(['true positives', at5.tp, atT.tp])
    expect(about).toContainEqual(['false positives', at5.fp, atT.fp])
    expect(about).toContainEqual(['false negatives', at5.fn, atT.fn])
    expect(about).toContainEqual(['true negatives', at5.tn, atT.tn])
    expect((about.find((row) => row[0] === 'accuracy')![2] as number)).toBeCloseTo(atT.accuracy, 12)

    const doc = reportDoc(join(out, 'r.html'))
    expect(doc.querySelector('#threshold-words')!.textContent).toContain(where.replace(j.validation.j.toFixed(4), String(Number(j.validation.j.toPrecision(4)))))
    const cells = [...doc.querySelectorAll('#threshold-table tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent))
    expect(cells[0]).toEqual(['test rows scored at', '0.5 (the stored scores)', `${t} (chosen on validation)`])
    expect(cells).toContainEqual(['true positives', String(at5.tp), String(atT.tp)])
    expect(cells).toContainEqual(['false positives', String(at5.fp), String(atT.fp)])
    expect(cells).toContainEqual(['accuracy', String(Number(at5.accuracy.toPrecision(4))), String(Number(atT.accuracy.toPrecision(4)))])
  }, 120_000)

  it('of a run stored before schema 14 (no threshold kept) still export, saying none is kept, at 0.5 alone', async () => {
    const raw = new Database(db)
    raw.prepare('UPDATE runs SET threshold_json = NULL WHERE id = 1').run()
    raw.close()
    const out = join(dir, 'before')
    const r = await fw('export', '--run', '1', '--db', db, '--csv', join(out, 'f.csv'), '--xlsx', join(out, 'f.xlsx'), '--report', join(out, 'r.html'))
    expect(r.code).toBe(0)
    const none = 'No threshold chosen on validation is kept with this run: it was stored before runs kept one; everything here uses 0.5.'
    const about = await sheetRows(join(out, 'f.xlsx'))
    expect(about).toContainEqual(['threshold chosen on validation', none])
    expect(about).toContainEqual(['test rows scored at', '0.5 (the stored scores)'])
    const at5 = recount(readFileSync(join(out, 'f.csv'), 'utf8'), 0.5)
    expect(about).toContainEqual(['true positives', at5.tp])
    const doc = reportDoc(join(out, 'r.html'))
    expect(doc.querySelector('#threshold-words')!.textContent).toBe(none)
    expect([...doc.querySelectorAll('#threshold-table th')].map((c) => c.textContent)).toEqual(['test rows scored at', '0.5 (the stored scores)'])
  }, 120_000)
})
