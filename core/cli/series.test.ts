// fw and long files (issue 13, item 1): the series id is said when found, training on all rows is
// refused naming the id and its count, --series/--series-value train on one series, and fw forecast
// keeps (or switches) the series. Exit 2 with a message for every bad choice.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from './args'
import { fw } from './test-fixtures/fw'
import { readCsvFile } from './io'
import { TRAIN_FLAGS, buildConfig } from './train'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-series-'))

// two cities, one row per city per day, dates written "Jan 1 2000"
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun']
const rows = ['city,date,temp']
for (const [k, city] of ['Oslo', 'Rome'].entries())
  for (const [m, mon] of MONTHS.entries()) for (let d = 1; d <= 28; d++) rows.push(`${city},${mon} ${d} 2000,${(k * 15 + m * 2 + Math.sin(d / 3) * 3).toFixed(2)}`)
const file = join(dir, 'cities.csv')
writeFileSync(file, rows.join('\n') + '\n')
const quick = ['--epochs', '1', '--no-db', '--lookback', '7']

describe('fw train on a long file', () => {
  it('refuses all rows at once, naming the id column, its count and how to pick one (exit 2), after saying what it found', async () => {
    const r = await fw('train', '--csv', file, '--target', 'temp', ...quick, '--out', dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'fw train: cities.csv: timestamps repeat (168 rows) and "city" splits the rows into 2 series; trained as one series they would be mixed (duplicate times averaged across series). Pick one series (--series city --series-value VALUE); or train one model across every series (--series city --global); if the rows are one series measured several times, --series none merges them\n'
    )
  })

  it('trains on the one series chosen with --series and --series-value, saying so; the id is not an input', async () => {
    const out = join(dir, 'rome')
    const r = await fw('train', '--csv', file, '--target', 'temp', '--series', 'city', '--series-value', 'Rome', ...quick, '--out', out)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('note: series id: "city", 2 series')
    expect(r.stdout).toContain('note: series city = Rome: 168 of 336 rows')
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { pipeline: { config: { features: string[]; time: { series: unknown } } } }
    expect(model.pipeline.config.time.series).toEqual({ columns: ['city'], values: ['Rome'] })
    expect(model.pipeline.config.features).toEqual([])

    // fw forecast on the long file keeps the model's series; --series-value switches it
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--steps', '3', '--out', join(out, 'f.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    const lines = readFileSync(join(out, 'f.csv'), 'utf8').trim().split('\n')
    expect(lines[1]!.startsWith('2000-06-29')).toBe(true)
    const g = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--series', 'city', '--series-value', 'Nowhere', '--steps', '3', '--out', join(out, 'g.csv'))
    expect(g.code).toBe(2)
    expect(g.stderr).toContain('column "city" has no series "Nowhere"; its values: Oslo, Rome')
  })

  it('fw backtest of one series says once which rows it reads, not what each fold re-reads', async () => {
    // an exploratory pass: "fold 1: series … 156 of 4680 rows", then "fold 1: … 133 of 133 rows",
    // "fold 2: … 156 of 156 rows", as each fold's run picked the series again from its own rows
    const r = await fw('backtest', '--csv', file, '--target', 'temp', '--series', 'city', '--series-value', 'Rome', '--epochs', '1', '--lookback', '7', '--folds', '2')
    expect(r.code).toBe(0)
    const notes = r.stdout.split('\n').filter((l) => l.includes('series city = Rome'))
    expect(notes).toEqual(['note: every fold: series city = Rome: 168 of 336 rows of the file, from which every fold is cut'])
  }, 60_000)

  it('--series none: the rows are one series, repeated times merged with a note naming how many', async () => {
    const r = await fw('train', '--csv', file, '--target', 'temp', '--series', 'none', ...quick, '--out', join(dir, 'none'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('note: 168 rows merged: they repeat an earlier timestamp')
    expect((await fw('train', '--csv', file, '--target', 'temp', '--series', 'none', '--series-value', 'x', ...quick)).stderr).toContain('--series none takes no --series-value')
  })

  it('names a bad choice: an unknown value, a value without --series, a wrong count, --series alone', async () => {
    const cases: [string[], string][] = [
      [['--series', 'city', '--series-value', 'Paris'], 'column "city" has no series "Paris"; its values: Oslo, Rome'],
      [['--series-value', 'Rome'], '--series-value needs --series COL'],
      [['--series', 'city,date', '--series-value', 'Rome'], '--series-value needs one value per --series column (city, date)'],
      [['--series', 'town', '--series-value', 'Rome'], 'the series column "town" is not in the header'],
      [['--series', 'city'], '"city" is the series id; it makes 2 series']
    ]
    for (const [args, message] of cases) {
      const r = await fw('train', '--csv', file, '--target', 'temp', ...args, ...quick, '--out', dir)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toContain(message)
    }
  })

  it('multi-column ids parse: --series store,item --series-value s2,b', async () => {
    const f = join(dir, 'stores.csv')
    const lines = ['store,item,date,sales']
    for (const s of ['s1', 's2']) for (const it of ['a', 'b']) for (let d = 0; d < 60; d++) lines.push(`${s},${it},${new Date(Date.UTC(2021, 0, 1 + d)).toISOString().slice(0, 10)},${d % 7}`)
    writeFileSync(f, lines.join('\n') + '\n')
    const p = parseArgs(['--csv', f, '--target', 'sales', '--series', 'store,item', '--series-value', 's2,b'], TRAIN_FLAGS)
    const ds = await readCsvFile(f, { series: ['store', 'item'] })
    const config = buildConfig(p, ds)
    expect(config.data.series).toEqual({ columns: ['store', 'item'], values: ['s2', 'b'] })
    expect(config.data.features).toEqual([])
    const refused = await fw('train', '--csv', f, '--target', 'sales', ...quick, '--out', dir)
    expect(refused.stderr).toContain('"store" and "item" splits the rows into 4 series')
  })

  it('a year-like column becomes the time with --time (a step index) or --type x=date (years), and a column that is no time is named', async () => {
    const f = join(dir, 'nile.csv')
    writeFileSync(f, 'x,flow\n' + Array.from({ length: 100 }, (_, i) => `${1871 + i},${1000 + ((i * 37) % 200)}.5`).join('\n') + '\n')
    const r = await fw('train', '--csv', f, '--target', 'flow', '--time', 'x', ...quick, '--out', join(dir, 'nile'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rows = readFileSync(join(dir, 'nile', 'predictions.csv'), 'utf8').trim().split('\n')
    expect(rows.at(-1)!.startsWith('1970,')).toBe(true)
    const y = await fw('train', '--csv', f, '--target', 'flow', '--time', 'x', '--type', 'x=date', ...quick, '--out', join(dir, 'nile-years'))
    expect(y.code).toBe(0)
    // years are written back as years (1970, not 1970-01-01), as the file wrote them
    expect(readFileSync(join(dir, 'nile-years', 'predictions.csv'), 'utf8').trim().split('\n').at(-1)!.startsWith('1970,')).toBe(true)
    const bad = await fw('train', '--csv', f, '--target', 'flow', '--time', 'flow', ...quick, '--out', dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--time "flow" is neither dates nor an integer step index: 1000.5 is not a whole number')
  })

  it('--help describes both options', async () => {
    const r = await fw('train', '--help')
    expect(r.stdout).toMatch(/--series COL\[,COL\]\|none\s+the column\(s\) naming the series of a long file/)
    expect(r.stdout).toMatch(/--series-value VALUE\[,VALUE\]\s+the one series to use/)
    expect((await fw('forecast', '--help')).stdout).toContain('--series-value')
  })
})
