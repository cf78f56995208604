import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const sampleRows = Papa.parse<Record<string, string>>(readFileSync(sample, 'utf8').trim(), { header: true }).data // Date, CO2, adjusted CO2

const readCsv = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').trim(), { header: true }).data
const month = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1

const dir = mkdtempSync(join(tmpdir(), 'fw-predict-'))
const targetOnly = join(dir, 'co2-only')
const withFeature = join(dir, 'co2-adjusted')
const quick = ['--epochs', '2', '--seed', '1', '--no-db', '--json']

beforeAll(async () => {
  // --features "" means the target's own past only
  const a = await fw('train', '--csv', sample, '--target', 'CO2', '--features', '', '--out', targetOnly, ...quick)
  expect(a.stderr).toBe('')
  // the network as the forecast: its covariate's future is unknown, so it cannot go past step h
  const b = await fw('train', '--csv', sample, '--target', 'CO2', '--features', 'adjusted CO2', '--forecaster', 'network', '--out', withFeature, ...quick)
  expect(b.stderr).toBe('')
}, 60_000)

describe('fw predict', () => {
  it('writes one row per window with its forecast, interval and the actual value', async () => {
    const file = join(dir, 'pred.csv')
    const r = await fw('predict', '--model', join(targetOnly, 'model.json'), '--csv', sample, '--out', file)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rows = readCsv(file)
    const L = JSON.parse(readFileSync(join(targetOnly, 'model.json'), 'utf8')).pipeline.config.window.lookback as number
    // the run put the sample on its monthly grid (5 of its months are absent), and so does predict:
    // one window per month of the grid, an absent month's row without an actual value
    const months = month(sampleRows[sampleRows.length - 1]!['Date']!) - month(sampleRows[0]!['Date']!) + 1
    expect(months).toBe(sampleRows.length + 5)
    expect(rows.length).toBe(months - L + 1)
    expect(Object.keys(rows[0]!)).toEqual(['time', 'step', 'forecast', 'lower', 'upper', 'actual'])
    const actual = new Map(sampleRows.map((s) => [s['Date'], Number(s['CO2'])]))
    for (const row of rows.slice(0, -1)) {
      const [f, lo, hi] = [Number(row['forecast']), Number(row['lower']), Number(row['upper'])]
      expect(Number.isFinite(f) && lo < f && f < hi).toBe(true)
      const a = actual.get(row['time']!.slice(0, 10))
      expect(row['actual'] === '' ? undefined : Number(row['actual'])).toBe(a)
    }
    // the last window forecasts the month after the data: no actual yet
    expect(rows[rows.length - 1]!['actual']).toBe('')
    expect(month(rows[rows.length - 1]!['time']!)).toBe(month(sampleRows[sampleRows.length - 1]!['Date']!) + 1)
    // what made these numbers: the run's forecaster, as fw forecast says it
    const choice = JSON.parse(readFileSync(join(targetOnly, 'model.json'), 'utf8')).pipeline.choice as { label: string }
    expect(r.stdout).toContain(`forecaster: ${choice.label}`)
  })

  it('exits 2 naming the feature column the new CSV lacks', async () => {
    const file = join(dir, 'no-adjusted.csv')
    writeFileSync(file, ['Date,CO2', ...sampleRows.map((s) => `${s['Date']},${s['CO2']}`)].join('\n'))
    const r = await fw('predict', '--model', join(withFeature, 'model.json'), '--csv', file, '--out', join(dir, 'x.csv'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/no-adjusted\.csv lacks the column "adjusted CO2"/)
  })

  it('exits 2 for a file whose rows step otherwise than the training rows, naming it and both steps', async () => {
    // the monthly rows dated a day apart
    const daily = join(dir, 'co2-daily.csv')
    writeFileSync(daily, ['Date,CO2', ...sampleRows.map((r, i) => `${new Date(Date.UTC(2000, 0, 1) + i * 864e5).toISOString().slice(0, 10)},${r['CO2']}`)].join('\n'))
    for (const argv of [['predict'], ['forecast', '--steps', '2']]) {
      const r = await fw(...argv, '--model', join(targetOnly, 'model.json'), '--csv', daily, '--out', join(dir, 'daily-out.csv'))
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('fw predict: co2-daily.csv has rows 1 d apart, but the model was trained on rows a month apart: its look-back (24 rows), horizon and season count steps of a month'.replace('predict', argv[0]!))
    }
  })
})

describe('fw forecast', () => {
  it('12 monthly steps past the end: one calendar month apart, finite, inside widening intervals, no actual', async () => {
    const file = join(dir, 'future.csv')
    const r = await fw('forecast', '--model', join(targetOnly, 'model.json'), '--csv', sample, '--steps', '12', '--out', file)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rows = readCsv(file)
    expect(rows.map((x) => Number(x['step']))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    const lastData = month(sampleRows[sampleRows.length - 1]!['Date']!)
    rows.forEach((row, i) => {
      expect(month(row['time']!)).toBe(lastData + i + 1)
      expect(row['time']!.slice(8, 10)).toBe('01')
      const [f, lo, hi] = [Number(row['forecast']), Number(row['lower']), Number(row['upper'])]
      expect(Number.isFinite(f) && lo < f && f < hi).toBe(true)
      expect(row['actual']).toBe('')
    })
    const width = rows.map((x) => Number(x['upper']) - Number(x['lower']))
    // never narrower further ahead, and wider at 12 than at 1
    for (let i = 1; i < 12; i++) expect(width[i]!).toBeGreaterThanOrEqual(width[i - 1]! - 1e-9)
    expect(width[11]!).toBeGreaterThan(width[0]!)
  })

  it('one step: "1 future row written", not "1 future rows"', async () => {
    const file = join(dir, 'one.csv')
    const r = await fw('forecast', '--model', join(targetOnly, 'model.json'), '--csv', sample, '--steps', '1', '--out', file)
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe(`1 future row written to ${file}`)
    expect(readCsv(file)).toHaveLength(1)
  })

  it('refuses steps whose dates leave year 9999, naming the last date; warns once past the rows of history', async () => {
    // an exploratory pass: --steps 100000 wrote dates up to '+010353-03-01
    const file = join(dir, 'far.csv')
    const r = await fw('forecast', '--model', join(targetOnly, 'model.json'), '--csv', sample, '--steps', '100000', '--out', file)
    expect([r.code, r.stdout]).toEqual([2, ''])
    expect(r.stderr).toContain('100000 steps past the end reach year 10353, and dates stop at 9999-12-31: at most 95756 steps, the last on 9999-12-01')
    const long = await fw('forecast', '--model', join(targetOnly, 'model.json'), '--csv', sample, '--steps', '800', '--out', file)
    expect(long.code).toBe(0)
    expect(long.stdout.match(/warning: 800 steps ahead is more than the 746 rows of history the forecast starts from, and the run was validated \d+ steps? ahead: the later steps are an extrapolation far past anything validated/g)).toHaveLength(1)
    const near = await fw('forecast', '--model', join(targetOnly, 'model.json'), '--csv', sample, '--steps', '24', '--out', file)
    expect(near.stdout).not.toContain('extrapolation')
  })

  it('refuses a model with a feature input, naming it (exit 2)', async () => {
    const r = await fw('forecast', '--model', join(withFeature, 'model.json'), '--csv', sample, '--steps', '12', '--out', join(dir, 'y.csv'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/feature adjusted CO2 would need future values; forecasting 12 steps ahead needs their values or a target-only model/)
  })

  it('forecasts past the end with a covariate model when its forecast is statistical (needs no future covariate)', async () => {
    const out = join(dir, 'stat')
    const t = await fw('train', '--csv', sample, '--target', 'CO2', '--features', 'adjusted CO2', '--forecaster', 'combination', '--out', out, ...quick)
    expect(t.code).toBe(0)
    const r = await fw('forecast', '--model', join(out, 'model.json'), '--csv', sample, '--steps', '12', '--out', join(dir, 's.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/forecaster: mean of ETS\(.*\), Theta and ARIMA\(/)
    const rows = readFileSync(join(dir, 's.csv'), 'utf8').trim().split('\n').slice(1)
    expect(rows).toHaveLength(12)
    for (const row of rows) expect(Number(row.split(',')[2])).toBeGreaterThan(400) // ppm, continuing from 416
  })

  it('exits 2 for a missing --steps and a missing model file', async () => {
    expect((await fw('forecast', '--model', join(targetOnly, 'model.json'), '--csv', sample, '--out', join(dir, 'z.csv'))).code).toBe(2)
    const r = await fw('predict', '--model', join(dir, 'nope.json'), '--csv', sample, '--out', join(dir, 'z.csv'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/nope\.json/)
  })
})

describe('what applying the model did to the rows', () => {
  it('fw forecast and fw predict say it as fw train does: rows sorted, repeated times merged', async () => {
    // the sample's rows with the last two swapped and one month given twice
    const lines = readFileSync(sample, 'utf8').trim().split('\n')
    const body = lines.slice(1)
    const edited = [lines[0]!, ...body.slice(0, -2), body.at(-1)!, body.at(-2)!, body.at(-3)!].join('\n') + '\n'
    const file = join(dir, 'edited.csv')
    writeFileSync(file, edited)
    for (const cmd of [['forecast', '--steps', '2'], ['predict']]) {
      const r = await fw(cmd[0]!, '--model', join(targetOnly, 'model.json'), '--csv', file, '--out', join(dir, `edited-${cmd[0]}.csv`), ...cmd.slice(1))
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/\nnote: rows were not in time order \(first at line \d+\); sorted by "Date"\n/)
      expect(r.stdout).toMatch(/\nnote: 1 row merged: they repeat an earlier timestamp/)
    }
    // the file as it was: nothing to say
    const plain = await fw('forecast', '--model', join(targetOnly, 'model.json'), '--csv', sample, '--out', join(dir, 'plain.csv'), '--steps', '2')
    expect(plain.stdout).not.toContain('merged')
    expect(plain.stdout).not.toContain('sorted')
  })
})
