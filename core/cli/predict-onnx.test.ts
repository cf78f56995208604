import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import { newRowValues, type Dataset, type FilledGaps } from '../data'
import { exportOnnx } from '../export/onnx'
import { importOnnx } from '../export/onnx-import'
import { modelProtoType } from '../export/onnx/onnx-proto'
import { fw } from './test-fixtures/fw'
import { assembleInputs, fillNote, ledNote, resolveSlots } from '../services/onnx-predict'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
const sampleText = readFileSync(sample, 'utf8').trim()

const readCsv = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').trim(), { header: true }).data

const dir = mkdtempSync(join(tmpdir(), 'fw-predict-onnx-'))
const db = join(dir, 'runs.db') // never the user's default database
const outDir = join(dir, 'fw-out')
const onnx = join(dir, 'f.onnx')

beforeAll(async () => {
  const t = await fw('train', '--csv', sample, '--target', 'temp_max', '--features', 'temp_min,weather', '--epochs', '3', '--seed', '1', '--forecaster', 'network', '--out', outDir, '--db', db, '--json')
  expect(t.stderr).toBe('')
  expect(t.code).toBe(0)
  const runId = String(JSON.parse(t.stdout.slice(t.stdout.indexOf('{'))).runId)
  const e = await fw('export', '--run', runId, '--onnx', onnx, '--db', db)
  expect(e.stderr).toBe('')
  expect(e.code).toBe(0)
}, 120_000)

/** The largest relative difference between the forecasts of two `fw predict` tables, over every
 *  row, after checking that they have the same rows (time, step, actual) and that the ONNX one has
 *  no interval. */
function worstDisagreement(x: Record<string, string>[], y: Record<string, string>[]): number {
  expect(Object.keys(x[0]!)).toEqual(['time', 'step', 'forecast', 'lower', 'upper', 'actual'])
  expect(x.length).toBe(y.length)
  let worst = 0
  x.forEach((r, i) => {
    const s = y[i]!
    expect([r['time'], r['step'], r['actual']]).toEqual([s['time'], s['step'], s['actual']])
    expect([r['lower'], r['upper']]).toEqual(['', ''])
    const [f, g] = [Number(r['forecast']), Number(s['forecast'])]
    worst = Math.max(worst, Math.abs(f - g) / Math.max(Math.abs(g), 1e-3))
  })
  // the last window forecasts past the data: no actual
  expect(x[x.length - 1]!['actual']).toBe('')
  return worst
}

describe('fw predict --model x.onnx', () => {
  it('names the features read ahead as a list reads', () => {
    expect(ledNote({ features: ['promo', 'price', 'holiday'], windows: 2 })).toMatch(/^the last 2 windows are left out: promo, price and holiday are known in the future and read ahead/) // was "promo, price, holiday"
  })

  it('agrees with the JSON model file on every window of the sample (no input is missing there)', async () => {
    const fromOnnx = join(dir, 'p-onnx.csv')
    const fromJson = join(dir, 'p-json.csv')
    const a = await fw('predict', '--model', onnx, '--csv', sample, '--out', fromOnnx)
    expect(a.stderr).toBe('')
    expect(a.code).toBe(0)
    expect(a.stdout).toContain("note: ONNX model: missing inputs filled by the run's rule, as the JSON model file fills them (none were missing).")
    expect(a.stdout).toContain('note: the ONNX graph is the network alone; where the run\'s forecast is a statistical model or a mean with one')
    const b = await fw('predict', '--model', join(outDir, 'model.json'), '--csv', sample, '--out', fromJson)
    expect(b.code).toBe(0)

    const x = readCsv(fromOnnx)
    expect(x.length).toBeGreaterThan(1000)
    expect(worstDisagreement(x, readCsv(fromJson))).toBeLessThan(1e-4)
    // the default regression run is level-relative: a format-2 file
    expect(importOnnx(readFileSync(onnx), { file: onnx, appVersion: '0.1.0' }).level).toEqual({ logInputs: [], relativeInputs: [0], targetInput: 0, targetLog: false })
  })

  it('sorts the rows by time first: a shuffled file gives the same table', async () => {
    const [header, ...lines] = sampleText.split('\n')
    const shuffled = join(dir, 'shuffled.csv')
    // a fixed permutation: odd lines reversed, then even lines
    writeFileSync(shuffled, [header, ...lines.filter((_, i) => i % 2).reverse(), ...lines.filter((_, i) => i % 2 === 0)].join('\n'))
    expect((await fw('predict', '--model', onnx, '--csv', shuffled, '--out', join(dir, 'p-shuffled.csv'))).code).toBe(0)
    expect((await fw('predict', '--model', onnx, '--csv', sample, '--out', join(dir, 'p-sorted.csv'))).code).toBe(0)
    expect(readCsv(join(dir, 'p-shuffled.csv'))).toEqual(readCsv(join(dir, 'p-sorted.csv')))
  })

  it('says what the JSON model file says about time, from the same notices, and merges a repeated date as it does', async () => {
    const [header, ...lines] = sampleText.split('\n')
    // a repeated date (another temp_max), two rows out of order and 9 days absent
    const dup = lines[100]!.split(',')
    dup[2] = String(Number(dup[2]) + 5)
    const rows = [...lines.slice(0, 101), dup.join(','), ...lines.slice(101, 200), ...lines.slice(209)]
    ;[rows[300], rows[301]] = [rows[301]!, rows[300]!]
    const file = join(dir, 'time-notes.csv')
    writeFileSync(file, [header, ...rows].join('\n'))
    const [a, b] = [join(dir, 'p-time-onnx.csv'), join(dir, 'p-time-json.csv')]
    const o = await fw('predict', '--model', onnx, '--csv', file, '--out', a)
    const j = await fw('predict', '--model', join(outDir, 'model.json'), '--csv', file, '--out', b)
    expect([o.code, j.code]).toEqual([0, 0])
    const timeNotes = (out: string) => out.split('\n').filter((l) => /not in time order|repeat an earlier timestamp|time steps differ/.test(l))
    expect(timeNotes(j.stdout)).toHaveLength(3)
    expect(timeNotes(o.stdout)).toEqual(timeNotes(j.stdout)) // was []
    expect(timeNotes(o.stdout)[1]).toMatch(/^note: 1 row merged: they repeat an earlier timestamp \(first at line 103, 2012-04-10\); \d+ rows aggregated by mean into \d+ \("weather" takes the last value of each time\)$/)
    // the repeated date merged as the JSON model file merges it: one forecast each, the same numbers
    expect(worstDisagreement(readCsv(a), readCsv(b))).toBeLessThan(1e-4)
  })

  it('says a category the model never saw in training in the JSON model file\'s words (newcat.csv: "hail")', async () => {
    const [header, ...lines] = sampleText.split('\n')
    const hail = lines.map((l, i) => (i === 500 || i === 900 ? l.replace(/,[a-z]+$/, ',hail') : l))
    const file = join(dir, 'newcat.csv')
    writeFileSync(file, [header, ...hail].join('\n'))
    const o = await fw('predict', '--model', onnx, '--csv', file, '--out', join(dir, 'p-newcat-onnx.csv'))
    const j = await fw('predict', '--model', join(outDir, 'model.json'), '--csv', file, '--out', join(dir, 'p-newcat-json.csv'))
    expect([o.code, j.code]).toEqual([0, 0])
    const unseen = (out: string) => out.split('\n').filter((l) => l.includes('never saw in training'))
    expect(unseen(j.stdout)).toEqual(['note: "weather" has a value the model never saw in training ("hail"; 2 rows): it enters as none of its known values'])
    expect(unseen(o.stdout)).toEqual(unseen(j.stdout)) // was []
  })

  it('a file from before the run\'s rule for repeated times keeps them, and says so', async () => {
    const m = importOnnx(readFileSync(onnx), { file: onnx, appVersion: '0.1.0' })
    expect(m.duplicates).toBe('mean')
    const older = join(dir, 'older-dup.onnx')
    writeFileSync(older, exportOnnx(m.model, { ...m, duplicates: null }))
    const r = await fw('predict', '--model', older, '--csv', join(dir, 'time-notes.csv'), '--out', join(dir, 'p-older-dup.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^note: 1 row repeats an earlier timestamp \(first at line 103, 2012-04-10\); kept$/m) // was "1 rows repeat"
  })

  it('fw forecast --model x.onnx of a model with other inputs refuses more steps than its horizon, naming the file, not "not valid JSON"', async () => {
    const r = await fw('forecast', '--model', onnx, '--csv', sample, '--steps', '3', '--out', join(dir, 'f-onnx.csv'))
    expect(r.code).toBe(2)
    // was "not valid JSON (Unexpected token ...)", then a refusal of every ONNX file (core/cli/forecast-onnx.test.ts forecasts from one)
    expect(r.stderr.startsWith(`fw forecast: ${onnx} takes inputs other than the target (temp_min, weather=`), r.stderr).toBe(true)
    expect(r.stderr).toContain(') whose values past the end are not known, so it forecasts at most 1 step past the end (asked for 3)')
  })

  it('recognises ONNX bytes under any file name', async () => {
    const renamed = join(dir, 'model.bin')
    copyFileSync(onnx, renamed)
    const r = await fw('predict', '--model', renamed, '--csv', sample, '--out', join(dir, 'p-bin.csv'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it('exits 2 naming the feature column the CSV lacks, in the JSON model file\'s words', async () => {
    const file = join(dir, 'no-weather.csv')
    writeFileSync(file, sampleText.split('\n').map((l) => l.split(',').slice(0, 5).join(',')).join('\n'))
    const r = await fw('predict', '--model', onnx, '--csv', file, '--out', join(dir, 'x.csv'))
    const j = await fw('predict', '--model', join(outDir, 'model.json'), '--csv', file, '--out', join(dir, 'x-json.csv'))
    expect([r.code, j.code]).toEqual([2, 2])
    // before: "no-weather.csv lacks the column the model was trained on: 'weather'", without its role
    expect(r.stderr).toMatch(/no-weather\.csv lacks the column "weather" that the model needs$/m)
    expect(r.stderr).toBe(j.stderr) // the JSON model file's words
  })

  it('exits 2 with the refusal for a file written by a newer app', async () => {
    const m = importOnnx(readFileSync(onnx), { file: onnx, appVersion: '0.1.0' })
    const newer = join(dir, 'newer.onnx')
    writeFileSync(newer, exportOnnx(m.model, { ...m, appVersion: '99.0.0' }))
    const r = await fw('predict', '--model', newer, '--csv', sample, '--out', join(dir, 'y.csv'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/newer\.onnx: .*written by Forecast Workbench 99\.0\.0.*Update the app to open it\./)
  })
})

describe('fw predict --model x.onnx of a level-relative run with a log target (CO2)', () => {
  const co2 = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
  const co2Dir = join(dir, 'co2')
  const co2Onnx = join(co2Dir, 'm.onnx')

  beforeAll(async () => {
    // the network as the forecast: the ONNX file holds the network, not a statistical model
    writeFileSync(join(dir, 'co2.json'), JSON.stringify({ data: { transform: 'log', lookBack: 12 }, model: { hiddenSize: 6, forecaster: 'network' } }))
    const t = await fw('train', '--csv', co2, '--target', 'CO2', '--features', 'adjusted CO2', '--config', join(dir, 'co2.json'), '--epochs', '2', '--seed', '1', '--forecaster', 'network', '--out', co2Dir, '--db', db, '--json')
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    const runId = String(JSON.parse(t.stdout.slice(t.stdout.indexOf('{'))).runId)
    const e = await fw('export', '--run', runId, '--onnx', co2Onnx, '--db', db)
    expect(e.code).toBe(0)
  }, 120_000)

  it('is a format-2 file that gives the JSON model file\'s numbers on every window', async () => {
    expect(importOnnx(readFileSync(co2Onnx), { file: co2Onnx, appVersion: '0.1.0' }).level).toEqual({ logInputs: [0], relativeInputs: [0], targetInput: 0, targetLog: true })
    const [a, b] = [join(co2Dir, 'p-onnx.csv'), join(co2Dir, 'p-json.csv')]
    const r = await fw('predict', '--model', co2Onnx, '--csv', co2, '--out', a)
    expect(r.code).toBe(0)
    // the run's rule travels in the file: interpolate by default, with the training means
    expect(importOnnx(readFileSync(co2Onnx), { file: co2Onnx, appVersion: '0.1.0' }).missing).toMatchObject({ default: 'interpolate', columns: {}, imputers: { CO2: expect.any(Number), 'adjusted CO2': expect.any(Number) } })
    // the target's absent months by its season, as the run filled them (gapFill); the input's by the
    // value before; both in the months the grid added, on no line of the file
    const said = '(CO2: 5 cells, in periods absent from the file, by the value before plus the change between the same rows a season (12 rows) earlier; adjusted CO2: 5 cells, in periods absent from the file, by the value before)'
    expect(r.stdout).toContain(`missing inputs filled by the run's rule, as the JSON model file fills them ${said}`)
    const j = await fw('predict', '--model', join(co2Dir, 'model.json'), '--csv', co2, '--out', b)
    expect(j.code).toBe(0)
    expect(j.stdout).toContain(`missing inputs filled by the run's rule ${said}`)
    const x = readCsv(a)
    expect(x.length).toBeGreaterThan(700)
    // the run put the sample on its monthly grid (five months absent, the last in 1964): the graph's
    // file says so, and fw predict puts the file's rows on the same grid, so both tables have the
    // same rows, the absent months included (before the file carried it, the ONNX table had 5 fewer)
    expect(importOnnx(readFileSync(co2Onnx), { file: co2Onnx, appVersion: '0.1.0' }).resample).toEqual({ freq: { unit: 'month', every: 1 }, agg: 'mean', auto: true })
    // the absent months are filled by the run's rule, which the file carries, as the model file fills
    // them: every window agrees, those over an absent month included (before, the ONNX path forward
    // filled them: 0.68 % off in the windows over the absent months)
    expect(worstDisagreement(x, readCsv(b))).toBeLessThan(1e-5)
    // in ppm, where CO2 has been
    for (const r of x) expect(Number(r['forecast'])).toBeGreaterThan(300)
  })

  it('leaves out the rows after the last target value, as the model file does, and says so', async () => {
    // the last 3 months without CO2: the model reads its history, so no window ends on a filled value
    const lines = readFileSync(co2, 'utf8').trim().split('\n')
    for (let i = lines.length - 3; i < lines.length; i++) lines[i] = lines[i]!.replace(/^([^,]*),[^,]*/, '$1,')
    const cut = join(co2Dir, 'cut.csv')
    writeFileSync(cut, lines.join('\n') + '\n')
    const [a, b] = [join(co2Dir, 'p-cut-onnx.csv'), join(co2Dir, 'p-cut-json.csv')]
    const r = await fw('predict', '--model', co2Onnx, '--csv', cut, '--out', a)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`note: ONNX model: the last 3 rows of cut.csv (from line ${lines.length - 2}) have no "CO2": the model reads its history, so they are left out, and forecasts start after its last value, as the JSON model file leaves them out`)
    expect((await fw('predict', '--model', join(co2Dir, 'model.json'), '--csv', cut, '--out', b)).code).toBe(0)
    // the same windows, the same forecasts (before: 3 more windows, over forward-filled CO2)
    expect(worstDisagreement(readCsv(a), readCsv(b))).toBeLessThan(1e-5)
  })

  it('says the fill as the JSON model file says it: the gaps of rows no window reads are not counted', async () => {
    // the last 3 months without CO2 nor adjusted CO2: left out by both paths, so neither counts them
    const lines = readFileSync(co2, 'utf8').trim().split('\n')
    for (let i = lines.length - 3; i < lines.length; i++) lines[i] = lines[i]!.replace(/^([^,]*),.*$/, '$1,,')
    const cut = join(co2Dir, 'cut-both.csv')
    writeFileSync(cut, lines.join('\n') + '\n')
    const r = await fw('predict', '--model', co2Onnx, '--csv', cut, '--out', join(co2Dir, 'p-cut-both-onnx.csv'))
    const j = await fw('predict', '--model', join(co2Dir, 'model.json'), '--csv', cut, '--out', join(co2Dir, 'p-cut-both-json.csv'))
    expect([r.code, j.code]).toEqual([0, 0])
    const note = (out: string) => /missing inputs filled by the run's rule(?:, as the JSON model file fills them)? (\(.*?\))(?:\.|\n)/.exec(out)?.[1]
    expect(note(j.stdout)).toBe('(CO2: 5 cells, in periods absent from the file, by the value before plus the change between the same rows a season (12 rows) earlier; adjusted CO2: 5 cells, in periods absent from the file, by the value before)')
    expect(note(r.stdout)).toBe(note(j.stdout)) // was "adjusted CO2: 8 cells": the 3 cells of the rows left out counted
  })

  it('refuses rows without the run\'s time column in the JSON model file\'s words; a file from before the key reads them in file order, as before', async () => {
    const [header, ...rows] = readFileSync(co2, 'utf8').trim().split('\n')
    const bare = [header!, ...rows].map((l) => l.slice(l.indexOf(',') + 1))
    for (const i of [101, 102, 251]) bare[i] = bare[i]!.replace(/^[^,]*/, '')
    const noDates = join(co2Dir, 'no-dates.csv')
    writeFileSync(noDates, bare.join('\n') + '\n')
    const m = importOnnx(readFileSync(co2Onnx), { file: co2Onnx, appVersion: '0.1.0' })
    expect(m.timeColumn).toBe('Date') // the file names the run's time column (metadata 'time_column')
    const r = await fw('predict', '--model', co2Onnx, '--csv', noDates, '--out', join(co2Dir, 'p-no-dates.csv'))
    const j = await fw('predict', '--model', join(co2Dir, 'model.json'), '--csv', noDates, '--out', join(co2Dir, 'p-no-dates-json.csv'))
    expect([r.code, j.code]).toEqual([2, 2]) // was 0 for the ONNX file: 754 rows read in file order
    expect(j.stderr).toContain('time: no-dates.csv lacks the time column "Date" that the model needs')
    expect(r.stderr).toBe(j.stderr)
    // a file from before the key: the rows in file order, as before. The season cannot be placed
    // without dates (gapFillSeason), so the fill is the value before, and the note says that fill
    const older = join(co2Dir, 'older-time.onnx')
    writeFileSync(older, exportOnnx(m.model, { ...m, timeColumn: null }))
    expect(m.missing?.gapFill?.season).toBe(12) // the premise: the file names a season
    const o = await fw('predict', '--model', older, '--csv', noDates, '--out', join(co2Dir, 'p-no-dates-older.csv'))
    expect(o.code).toBe(0)
    // the rows whose dates were cut (bare[101], bare[102] and bare[251]: lines 102, 103 and 252)
    expect(o.stdout).toContain("missing inputs filled by the run's rule, as the JSON model file fills them (CO2: 3 cells, at lines 102, 103 and 252, by the value before)")
  })

  it('cuts the rows after the last target value before it fills the inputs, as the model file does: a gap just before the cut is not drawn towards a row left out', async () => {
    // the last 3 months without CO2 (left out), their adjusted CO2 far off; the last month with CO2
    // lacks its adjusted CO2, which the rule fills from the value before
    const lines = readFileSync(co2, 'utf8').trim().split('\n')
    const n = lines.length
    for (let i = n - 3; i < n; i++) lines[i] = lines[i]!.replace(/^([^,]*),.*$/, '$1,,500')
    lines[n - 4] = lines[n - 4]!.replace(/,[^,]*$/, ',')
    const cut = join(co2Dir, 'cut-gap.csv')
    writeFileSync(cut, lines.join('\n') + '\n')
    const [a, b] = [join(co2Dir, 'p-cut-gap-onnx.csv'), join(co2Dir, 'p-cut-gap-json.csv')]
    const r = await fw('predict', '--model', co2Onnx, '--csv', cut, '--out', a)
    const j = await fw('predict', '--model', join(co2Dir, 'model.json'), '--csv', cut, '--out', b)
    expect([r.code, j.code]).toEqual([0, 0])
    // the same windows, the same forecasts, the last ones over the filled month included (before:
    // its adjusted CO2 drawn half way to 500 from a row left out, the last forecasts off)
    expect(worstDisagreement(readCsv(a), readCsv(b))).toBeLessThan(1e-5)
  })

  it('a file from before the rule was carried keeps the forward fill, and says so', async () => {
    const m = importOnnx(readFileSync(co2Onnx), { file: co2Onnx, appVersion: '0.1.0' })
    const older = join(co2Dir, 'older.onnx')
    writeFileSync(older, exportOnnx(m.model, { ...m, missing: null }))
    const [a, b] = [join(co2Dir, 'p-older.csv'), join(co2Dir, 'p-json.csv')]
    const r = await fw('predict', '--model', older, '--csv', co2, '--out', a)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("note: ONNX model: missing inputs filled by forward fill, then the column's first valid value (CO2: 5, adjusted CO2: 5 cells); the JSON model file applies the run's exact imputation.")
    // the windows over the absent months hold the forward fill: they differ from the model file's
    expect(worstDisagreement(readCsv(a), readCsv(b))).toBeGreaterThan(1e-4)
  })

  it('refuses daily rows as the JSON model file refuses them, in its words, rather than averaging them onto the monthly grid', async () => {
    // the grid "auto" chose fills absent months; rows of another step are refused, by their own step
    const lines = ['Date,CO2,adjusted CO2']
    for (let i = 0; i < 400; i++) lines.push(`${new Date(Date.UTC(1990, 0, 1 + i)).toISOString().slice(0, 10)},${(350 + Math.sin(i / 58)).toFixed(2)},${(350 + i / 365).toFixed(2)}`)
    const daily = join(co2Dir, 'daily.csv')
    writeFileSync(daily, lines.join('\n') + '\n')
    const m = importOnnx(readFileSync(co2Onnx), { file: co2Onnx, appVersion: '0.1.0' })
    expect(m.step?.ms).toBeGreaterThan(27 * 864e5) // the premise: the file says the run's rows were a month apart
    const onnxR = await fw('predict', '--model', co2Onnx, '--csv', daily, '--out', join(co2Dir, 'd-onnx.csv'))
    const jsonR = await fw('predict', '--model', join(co2Dir, 'model.json'), '--csv', daily, '--out', join(co2Dir, 'd-json.csv'))
    expect(jsonR.code).toBe(2)
    expect(jsonR.stderr).toContain('daily.csv has rows 1 d apart, but the model was trained on rows a month apart')
    expect(onnxR.code).toBe(2)
    expect(onnxR.stderr).toBe(jsonR.stderr)
    // a file from before the keys keeps today's reading: the rows averaged onto the grid, nothing new said
    const older = join(co2Dir, 'older-step.onnx')
    writeFileSync(older, exportOnnx(m.model, { ...m, step: null, resample: { freq: m.resample!.freq, agg: m.resample!.agg } }))
    const r = await fw('predict', '--model', older, '--csv', daily, '--out', join(co2Dir, 'd-older.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/apart|does not record the step/)
  })

  it('exits 2 naming the line of a value its log cannot take', async () => {
    const lines = readFileSync(co2, 'utf8').trim().split('\n')
    lines[20] = lines[20]!.replace(/^([^,]*),[^,]*/, '$1,0')
    const bad = join(co2Dir, 'zero.csv')
    writeFileSync(bad, lines.join('\n'))
    const r = await fw('predict', '--model', co2Onnx, '--csv', bad, '--out', join(co2Dir, 'z.csv'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/log\("CO2"\), which needs positive values; .*zero\.csv has 0 on line 21/)
  })

})

describe('fw predict --model x.onnx of a classification run', () => {
  /** Trains a classification run on `csv`, exports its graph and applies both files to the same
   *  CSV: the two `fw predict` tables and the ONNX run's stdout. */
  async function both(name: string, ...args: string[]) {
    return bothOn(sample, name, ...args)
  }
  async function bothOn(csv: string, name: string, ...args: string[]) {
    const out = join(dir, name)
    const t = await fw('train', '--csv', csv, ...args, '--epochs', '2', '--seed', '1', '--out', out, '--no-db')
    expect(t.code).toBe(0)
    const file = join(out, 'm.onnx')
    expect((await fw('export', '--from', join(out, 'model.json'), '--onnx', file)).code).toBe(0)
    const a = await fw('predict', '--model', file, '--csv', csv, '--out', join(out, 'p.csv'))
    expect(a.code).toBe(0)
    expect((await fw('predict', '--model', join(out, 'model.json'), '--csv', csv, '--out', join(out, 'pj.csv'))).code).toBe(0)
    return { file, out, stdout: a.stdout, onnxRows: readCsv(join(out, 'p.csv')), jsonRows: readCsv(join(out, 'pj.csv')) }
  }

  it('a rule: the probability of "true" and each row\'s actual class as the JSON model file gives them, and no note about statistical models, which a classification run never chooses', async () => {
    const { file, out, stdout, onnxRows: rows, jsonRows: json } = await both('cls', '--target', 'precipitation', '--rule', 'precipitation>0')
    expect(stdout).toContain('No prediction interval: the ONNX file carries none.')
    expect(stdout).not.toContain('statistical model')
    expect(rows.length).toBeGreaterThan(1000)
    expect(rows.length).toBe(json.length)
    // both name the probability by the run's rule, as the export does
    const col = 'P(precipitation > 0)'
    expect(Object.keys(rows[0]!)).toContain(col)
    rows.forEach((r, i) => {
      const f = Number(r[col])
      expect(f > 0 && f < 1).toBe(true)
      expect(Math.abs(f - Number(json[i]![col]))).toBeLessThan(1e-4)
      expect(r['actual']).toBe(json[i]!['actual'])
    })
    // rainy days and dry ones (the last window forecasts past the data: no actual)
    expect(new Set(rows.map((r) => r['actual']))).toEqual(new Set(['0', '1', '']))
    expect(rows[rows.length - 1]!['actual']).toBe('')
    const m = importOnnx(new Uint8Array(readFileSync(file)), { file: 'm.onnx', appVersion: '0.1.0' })
    expect(m.classes).toEqual({ names: ['false', 'true'], rule: { column: 'precipitation', op: '>', value: 0 } })

    // a file from before the class metadata: the forecasts, and no actual
    const T = modelProtoType()
    const msg = T.toObject(T.decode(readFileSync(file))) as { metadata_props: { key: string; value: string }[] }
    msg.metadata_props = msg.metadata_props.filter((p) => p.key !== 'classes' && p.key !== 'class_rule')
    const old = join(out, 'old.onnx')
    writeFileSync(old, T.encode(T.fromObject(msg)).finish())
    expect((await fw('predict', '--model', old, '--csv', sample, '--out', join(out, 'po.csv'))).code).toBe(0)
    const before = readCsv(join(out, 'po.csv'))
    // without the classes the file cannot say which class's probability it is: a bare 'forecast'
    expect(before.map((r) => r['forecast'])).toEqual(rows.map((r) => r[col]))
    expect(before.every((r) => r['actual'] === '')).toBe(true)
  }, 60_000)

  it('categories: five classes named in the file, each row\'s forecast and actual its class by name', async () => {
    const { file, onnxRows: rows, jsonRows: json } = await both('cat', '--target', 'weather', '--task', 'classification')
    const m = importOnnx(new Uint8Array(readFileSync(file)), { file: 'm.onnx', appVersion: '0.1.0' })
    expect(m.classes!.rule).toBeNull()
    expect([...m.classes!.names].sort()).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun'])
    expect(rows.length).toBe(json.length)
    rows.forEach((r, i) => expect(r['actual']).toBe(json[i]!['actual']))
    // the sample's first forecast row is 2012-01-0x; its actual is that day's weather, by name
    const weatherOf = new Map(sampleText.split('\n').slice(1).map((l) => l.split(',')).map((c) => [c[0]!, c[c.length - 1]!]))
    for (const r of rows.slice(0, 50)) expect(r['actual']).toBe(weatherOf.get(r['time']!.slice(0, 10)))
    // the forecast names a class too, and both files give each class's probability
    for (const r of rows) expect(m.classes!.names).toContain(r['forecast'])
    expect(Object.keys(json[0]!)).toEqual(expect.arrayContaining(m.classes!.names.map((n) => `P(weather = ${n})`)))
    sameClassFiles(rows, json, 'weather', m.classes!.names)
  }, 60_000)

  it('three classes: the ONNX file\'s columns are the JSON model file\'s, the same probabilities in the same order, each row summing to 1', async () => {
    // the sample's weather with its three rare classes as one: rain, sun and other
    const threeCsv = join(dir, 'three.csv')
    writeFileSync(threeCsv, sampleText.replace(/,(drizzle|fog|snow)$/gm, ',other'))
    const { file, onnxRows: rows, jsonRows: json } = await bothOn(threeCsv, 'three', '--target', 'weather', '--task', 'classification')
    const m = importOnnx(new Uint8Array(readFileSync(file)), { file: 'm.onnx', appVersion: '0.1.0' })
    expect([...m.classes!.names].sort()).toEqual(['other', 'rain', 'sun'])
    expect(Object.keys(rows[0]!)).toEqual(['time', 'step', 'forecast', 'actual', ...m.classes!.names.map((n) => `P(weather = ${n})`)]) // no empty lower, upper
    sameClassFiles(rows, json, 'weather', m.classes!.names)
    expect(new Set(rows.map((r) => r['actual']))).toEqual(new Set(['other', 'rain', 'sun', '']))
  }, 60_000)
})

/** Two forecast files of one run of several classes, the ONNX path's and the JSON path's: the same
 *  columns in the same order, the same rows, each class's probability within float32 rounding, each
 *  row's probabilities summing to 1 and its forecast the likeliest of them. */
function sameClassFiles(onnxRows: Record<string, string>[], jsonRows: Record<string, string>[], target: string, names: readonly string[]): void {
  const cols = names.map((n) => `P(${target} = ${n})`)
  expect(Object.keys(onnxRows[0]!)).toEqual(Object.keys(jsonRows[0]!))
  expect(Object.keys(onnxRows[0]!).slice(-names.length)).toEqual(cols)
  expect(onnxRows.length).toBe(jsonRows.length)
  onnxRows.forEach((r, i) => {
    const s = jsonRows[i]!
    expect([r['time'], r['step'], r['actual'], 'lower' in r, 'upper' in r]).toEqual([s['time'], s['step'], s['actual'], false, false])
    const p = cols.map((c) => Number(r[c]))
    const q = cols.map((c) => Number(s[c]))
    p.forEach((v, k) => expect(Math.abs(v - q[k]!)).toBeLessThan(1e-4))
    expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5)
    expect(r['forecast']).toBe(names[p.indexOf(Math.max(...p))])
    expect(r['forecast']).toBe(s['forecast'])
  })
}

describe('fillNote', () => {
  it("says a category's gaps as levels, a column of values' as values", () => {
    const missing = { default: 'interpolate' as const, columns: {}, imputers: { temp: 10, sky: 'sun' } }
    const ds = {
      file: 'sky.csv', rowCount: 4, lines: Int32Array.from([2, 3, 4, 5]), timeColumn: null, notices: [],
      format: { delimiter: ',', decimal: 'dot', newline: '\n', bom: false },
      columns: [
        { kind: 'numeric', name: 'temp', values: Float64Array.from([1, NaN, NaN, 4]) },
        { kind: 'categorical', name: 'sky', codes: Int32Array.from([0, 1, -1, 0]), levels: ['sun', 'rain'] }
      ]
    } satisfies Dataset
    const { gaps } = assembleInputs(resolveSlots(['temp', 'sky=rain', 'sky=sun'], ds), ds, missing)
    // rows 1 and 2 of temp, row 2 of sky: lines 3 and 4, and 4
    expect(fillNote({ missing }, gaps, 0)).toBe("missing inputs filled by the run's rule, as the JSON model file fills them (temp: 2 cells, at lines 3 and 4, by the value before; sky: 1 cell, at line 4, by the level before)") // was "temp: 2 cells, at lines 3 and 4, by a straight line between the values either side"
  })
})

describe('assembleInputs', () => {
  it("fills 'interpolate' from the rows before each gap, as the JSON model file does, and the note says so", () => {
    const ds = {
      file: 'tiny.csv', rowCount: 5, lines: Int32Array.from([2, 3, 4, 5, 6]), timeColumn: null, notices: [],
      format: { delimiter: ',', decimal: 'dot', newline: '\n', bom: false },
      columns: [{ kind: 'numeric', name: 'x', values: Float64Array.from([1, Number.NaN, 3, Number.NaN, Number.NaN]) }]
    } satisfies Dataset
    const rule = { default: 'interpolate' as const, columns: {}, imputers: { x: 7 } }
    const { raw, gaps } = assembleInputs(resolveSlots(['x'], ds), ds, rule)
    expect(Array.from(raw)).toEqual([1, 1, 3, 3, 3]) // was [1, 2, 3, 3, 3]: row 1 read row 2
    expect(gaps.map((g) => [g.column, g.cells, g.leading])).toEqual([['x', 3, 0]])
    expect(fillNote({ missing: rule }, gaps, 0)).toBe("missing inputs filled by the run's rule, as the JSON model file fills them (x: 3 cells, at lines 3, 5 and 6, by the value before)") // was "x: 3 cells, at lines 3, 5 and 6: 1 by a straight line …, 2 carried forward …"
  })

  it('forward-fills gaps, fills the leading gap with the first valid value, one-hot encodes levels', () => {
    const NaN_ = Number.NaN
    const ds = {
      file: 'tiny.csv', rowCount: 5, lines: Int32Array.from([2, 3, 4, 5, 6]), timeColumn: null, notices: [],
      format: { delimiter: ',', decimal: 'dot', newline: '\n', bom: false },
      columns: [
        { kind: 'numeric', name: 'x', values: Float64Array.from([NaN_, 2, NaN_, NaN_, 5]) },
        { kind: 'categorical', name: 'w', codes: Int32Array.from([-1, -1, 1, -1, 0]), levels: ['sun', 'rain'] }
      ]
    } satisfies Dataset
    // 'w=snow' is a level this file never has: all zeros
    const slots = resolveSlots(['x', 'w=sun', 'w=rain', 'w=snow'], ds)
    const { raw, gaps } = assembleInputs(slots, ds) // (5, 4)
    expect(Array.from(raw)).toEqual([
      2, 0, 1, 0,
      2, 0, 1, 0,
      2, 0, 1, 0,
      2, 0, 1, 0,
      5, 1, 0, 0
    ])
    const cells = (g: FilledGaps[]) => Object.fromEntries(g.map((x) => [x.column, x.cells]))
    const leading = (g: FilledGaps[]) => Object.fromEntries(g.map((x) => [x.column, x.leading]))
    expect(cells(gaps)).toEqual({ x: 3, w: 3 })
    // with the run's rule (an ONNX file's 'missing'): filled as the JSON model file fills new rows,
    // the training mean and mode where no earlier value is (not the first valid value)
    const rule = { default: 'interpolate' as const, columns: { w: 'mean' as const }, imputers: { x: 7, w: 'sun' } }
    const ruled = assembleInputs(slots, ds, rule)
    expect(Array.from(ruled.raw)).toEqual([
      7, 1, 0, 0,
      2, 1, 0, 0,
      2, 0, 1, 0,
      2, 1, 0, 0,
      5, 1, 0, 0
    ]) // x was 3 and 4 on rows 2 and 3: a line to row 4's 5
    expect(cells(ruled.gaps)).toEqual({ x: 3, w: 3 })
    // the cells before each column's first value that the training mean or mode fills in place of
    // the rule (x's first row; w's rule is the mean anyway); none counted without the run's rule
    // (its own sentence: forward fill, then the first valid value)
    expect(leading(ruled.gaps)).toEqual({ x: 1, w: 0 })
    expect(leading(gaps)).toEqual({ x: 0, w: 0 })
    // the note says each column's fill as it was made: a category (its imputer a level) takes the
    // level before, or its most frequent one, never a straight line or a mean; the cells before a
    // column's first value take the training mean or most frequent level, not the rule's fill
    expect(fillNote({ missing: rule }, ruled.gaps, 0)).toBe("missing inputs filled by the run's rule, as the JSON model file fills them (x: 3 cells, at lines 2, 4 and 5: 2 by the value before, the first one by the training rows' mean; w: 3 cells, at lines 2, 3 and 5, by the training rows' most frequent level)") // was "x: 3 cells, at lines 2, 4 and 5: 2 by a straight line between the values either side, …"
    const byLevel = assembleInputs(slots, ds, { ...rule, columns: {} })
    expect(leading(byLevel.gaps)).toEqual({ x: 1, w: 2 })
    expect(fillNote({ missing: { ...rule, columns: {} } }, byLevel.gaps, 0)).toContain("w: 3 cells, at lines 2, 3 and 5: 1 by the level before, the first 2 by the training rows' most frequent level)") // was "w: 3 cells by the level before)"
    // every column filled by the JSON model file's own code for new rows
    expect(Array.from(ruled.raw.filter((_, i) => i % 4 === 0))).toEqual(Array.from(newRowValues((ds.columns[0] as { values: Float64Array }).values, { policy: 'interpolate', imputer: 7 })))
    // a one-hot slot of a column that this file reads as numbers is bad input, named
    expect(() => resolveSlots(['x=1'], ds)).toThrow(/column "x" of tiny\.csv is numeric, but the model takes the one-hot slot "x=1"/)
  })
})
