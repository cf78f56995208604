// fw train --melt on a committed wide file (issue 13, item 2): the columns become series, trained
// as one global model or one chosen series; and the inputs known in the future from the command
// line (--calendar, --holidays, --known-future, fw forecast --future).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from './index'
import { fw } from './test-fixtures/fw'
import { commandHelp } from './help'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-wide-'))
const file = join(__dirname, 'test-fixtures', 'regions-wide.csv') // date, north, south, temp: 80 days
const quick = ['--epochs', '2', '--lookback', '7', '--seed', '3', '--no-db']

const csvRows = (path: string) => readFileSync(path, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','))
/** The wide file's value of `column` on `date` (YYYY-MM-DD). */
const wide = (column: string, date: string) => {
  const rows = csvRows(file)
  return Number(rows.find((r) => r[0] === date)![rows[0]!.indexOf(column)])
}

describe('fw train --melt', () => {
  it('--global: one model across the melted columns, each scored and forecast as its own series', async () => {
    const out = join(dir, 'global')
    const t = await fw('train', '--csv', file, '--melt', 'north,south', '--global', '--features', '', ...quick, '--out', out)
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    expect(t.stdout).toMatch(/\nseries = north +\d+ /)
    expect(t.stdout).toMatch(/\nseries = south +\d+ /)
    // the test actuals are the wide file's own columns on those dates
    const pred = csvRows(join(out, 'predictions.csv'))
    expect(pred[0]![0]).toBe('series')
    for (const r of pred.slice(1)) expect(Number(r[6])).toBe(wide(r[0]!, r[1]!.slice(0, 10)))
    expect(new Set(pred.slice(1).map((r) => r[0]))).toEqual(new Set(['north', 'south']))
    // its model file forecasts the same data written long (series, date, value), each series on its own scale
    const rows = csvRows(file).slice(1)
    const long = join(dir, 'long.csv')
    writeFileSync(long, ['series,date,value', ...['north', 'south'].flatMap((s, k) => rows.map((r) => `${s},${r[0]},${r[1 + k]}`))].join('\n') + '\n')
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', long, '--steps', '2', '--out', join(out, 'f.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    const ahead = csvRows(join(out, 'f.csv')).slice(1)
    expect(ahead.map((r) => [r[0], r[1]!.slice(0, 10)])).toEqual([['north', '2021-03-22'], ['north', '2021-03-23'], ['south', '2021-03-22'], ['south', '2021-03-23']])
    // --melt reads the wide file itself as that long layout: the same forecast, byte for byte
    const fm = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--melt', 'north,south', '--steps', '2', '--out', join(out, 'fm.csv'))
    expect(fm.stderr).toBe('')
    expect(fm.code).toBe(0)
    expect(readFileSync(join(out, 'fm.csv'), 'utf8')).toBe(readFileSync(join(out, 'f.csv'), 'utf8'))
    // the wide file without --melt: refused, naming the --melt that reads it
    const nomelt = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--steps', '2', '--out', join(out, 'fn.csv'))
    expect(nomelt.code).toBe(2)
    expect(nomelt.stderr).toContain('the series column "series" is not in the header')
    expect(nomelt.stderr).toContain('; this model was trained on a wide file melted into series: read it the same way with --melt north,south')
    const pm = await fw('predict', '--model', join(out, 'model.json'), '--csv', file, '--melt', 'north,south', '--out', join(out, 'pm.csv'))
    expect(pm.code).toBe(0)
    const pl = await fw('predict', '--model', join(out, 'model.json'), '--csv', long, '--out', join(out, 'pl.csv'))
    expect(pl.code).toBe(0)
    expect(readFileSync(join(out, 'pm.csv'), 'utf8')).toBe(readFileSync(join(out, 'pl.csv'), 'utf8'))
    // north runs near 120, south near 55: each block continues its own series
    expect(Math.abs(Number(ahead[0]![3]) - wide('north', '2021-03-21'))).toBeLessThan(Math.abs(Number(ahead[0]![3]) - wide('south', '2021-03-21')))
    expect(Math.abs(Number(ahead[2]![3]) - wide('south', '2021-03-21'))).toBeLessThan(Math.abs(Number(ahead[2]![3]) - wide('north', '2021-03-21')))
  }, 60_000)

  it('--global --calendar dow: every series\' pipeline derives the calendar, and the forecast goes past the end', async () => {
    const out = join(dir, 'global-cal')
    const t = await fw('train', '--csv', file, '--melt', 'north,south', '--global', '--features', '', '--calendar', 'dow', ...quick, '--out', out)
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { pipeline: { global: { series: { fitted: { inputNames: string[] } }[] } } }
    for (const s of model.pipeline.global.series) expect(s.fitted.inputNames).toEqual(['value', 'cal:dow.sin', 'cal:dow.cos'])
    const rows = csvRows(file).slice(1)
    const long = join(dir, 'long-cal.csv')
    writeFileSync(long, ['series,date,value', ...['north', 'south'].flatMap((s, k) => rows.map((r) => `${s},${r[0]},${r[1 + k]}`))].join('\n') + '\n')
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', long, '--steps', '3', '--out', join(out, 'f.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    expect(csvRows(join(out, 'f.csv')).slice(1).map((r) => r[1]!.slice(0, 10))).toEqual(['2021-03-22', '2021-03-23', '2021-03-24', '2021-03-22', '2021-03-23', '2021-03-24'])
  }, 60_000)

  it('--series-value: one of the melted columns, the rest of the run as for a single series', async () => {
    const out = join(dir, 'one')
    const t = await fw('train', '--csv', file, '--melt', 'north,south', '--series-value', 'south', '--features', '', ...quick, '--out', out)
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    const pred = csvRows(join(out, 'predictions.csv')).slice(1)
    expect(pred.length).toBeGreaterThan(5)
    for (const r of pred) expect(Number(r[5])).toBe(wide('south', r[0]!.slice(0, 10)))
    // its model forecasts from the wide file with --melt (and --series-value picks the column again)
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--melt', 'north,south', '--series-value', 'south', '--steps', '3', '--out', join(out, 'f.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    const ahead = csvRows(join(out, 'f.csv')).slice(1)
    expect(ahead.map((r) => r[0]!.slice(0, 10))).toEqual(['2021-03-22', '2021-03-23', '2021-03-24'])
    expect(Math.abs(Number(ahead[0]![2]) - wide('south', '2021-03-21'))).toBeLessThan(Math.abs(Number(ahead[0]![2]) - wide('north', '2021-03-21')))
  }, 60_000)

  it('without --global or --series-value it is refused as any many-series file is, and bad columns are named', async () => {
    const all = await fw('train', '--csv', file, '--melt', 'north,south', ...quick, '--out', join(dir, 'x'))
    expect(all.code).toBe(2)
    expect(all.stderr).toContain('series')
    const target = await fw('train', '--csv', file, '--melt', 'north,south', '--target', 'temp', ...quick, '--out', join(dir, 'x'))
    expect(target.code).toBe(2)
    expect(target.stderr).toContain('--target value')
    const date = await fw('train', '--csv', file, '--melt', 'north,date', '--global', ...quick, '--out', join(dir, 'x'))
    expect(date.code).toBe(2)
    expect(date.stderr).toContain('column "date" of regions-wide.csv is date')
  }, 60_000)
})

describe('inputs known in the future from the command line', () => {
  it('fw train --help names --calendar, --holidays, --known-future and --melt', () => {
    const help = commandHelp(COMMANDS['train']!)
    for (const f of ['--calendar dow,month,doy,hour|auto|none', '--holidays FILE', '--known-future', '--melt']) expect(help).toContain(f)
    expect(commandHelp(COMMANDS['forecast']!)).toContain('--future FILE')
  })

  it('--calendar dow --holidays: fw forecast goes past the end, with dates continuing the data', async () => {
    const out = join(dir, 'cal')
    const hol = join(dir, 'holidays.csv')
    writeFileSync(hol, 'date\n2021-01-01\n2021-03-22\n')
    const t = await fw('train', '--csv', file, '--target', 'north', '--features', '', '--calendar', 'dow', '--holidays', hol, '--forecaster', 'network', ...quick, '--out', out)
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { pipeline: { config: { calendar: unknown }; fitted: { inputNames: string[] } } }
    expect(model.pipeline.config.calendar).toEqual({ features: ['dow', 'holiday'], holidays: ['2021-01-01', '2021-03-22'] })
    expect(model.pipeline.fitted.inputNames).toEqual(['north', 'cal:dow.sin', 'cal:dow.cos', 'cal:holiday'])
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--steps', '4', '--out', join(out, 'f.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    expect(csvRows(join(out, 'f.csv')).slice(1).map((r) => r[0]!.slice(0, 10))).toEqual(['2021-03-22', '2021-03-23', '2021-03-24', '2021-03-25'])
    const bad = join(dir, 'bad-holidays.csv')
    writeFileSync(bad, 'date\n2021-13-01\n')
    const b = await fw('train', '--csv', file, '--target', 'north', '--holidays', bad, ...quick, '--out', out)
    expect(b.code).toBe(2)
    expect(b.stderr).toContain('bad-holidays.csv, line 2: "2021-13-01" is not a date written YYYY-MM-DD')
  }, 60_000)

  it('--known-future temp: fw forecast --future FILE gives its values; a missing one is named with its date', async () => {
    const out = join(dir, 'known')
    const t = await fw('train', '--csv', file, '--target', 'north', '--features', 'temp', '--known-future', 'temp', '--forecaster', 'network', ...quick, '--out', out)
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    const fut = join(dir, 'future.csv')
    writeFileSync(fut, 'date,temp\n2021-03-22,11.5\n2021-03-23,12\n2021-03-24,12.5\n')
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--future', fut, '--steps', '3', '--out', join(out, 'f.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    expect(csvRows(join(out, 'f.csv')).slice(1)).toHaveLength(3)
    // 4 steps read temp up to 2021-03-25 (step 4's own day: it is led by the horizon), which the
    // future file lacks
    const g = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--future', fut, '--steps', '4', '--out', join(out, 'g.csv'))
    expect(g.code).toBe(2)
    expect(g.stderr).toContain('"temp" has no future value at 2021-03-25')
    // without the future file the model is refused, naming the first day
    const h = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--steps', '2', '--out', join(out, 'h.csv'))
    expect(h.code).toBe(2)
    expect(h.stderr).toContain('"temp" has no future value at 2021-03-22')
  }, 60_000)
})
