// fw forecast --future FILE refuses what it cannot take as it is, naming the file, the row and what
// is wrong there: a word in a numeric column (it named only the column, "categorical in FILE but
// numeric in DATA"), and a time given twice for one series (it was merged by mean, with a note).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-future-file-'))
const day = (i: number) => new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10)
const promo = (i: number) => (i % 5 === 0 ? 1 : 0)
const file = (name: string, lines: string[]) => {
  const path = join(dir, name)
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}
const data = file('sales.csv', ['date,y,promo', ...Array.from({ length: 120 }, (_, i) => `${day(i)},${(50 + 8 * Math.sin(i) + 3 * promo(i)).toFixed(2)},${promo(i)}`)])
const shops = ['north', 'south']
const long = file('shops.csv', ['shop,date,y,promo', ...shops.flatMap((s, k) => Array.from({ length: 80 }, (_, i) => `${s},${day(i)},${(40 + 10 * k + 5 * Math.sin(i) + 3 * promo(i)).toFixed(2)},${promo(i)}`))])
const single = join(dir, 'single')
const global = join(dir, 'global')
const db = join(dir, 'runs.db')
let globalRun = ''

beforeAll(async () => {
  const quick = ['--known-future', 'promo', '--epochs', '1', '--seed', '1']
  expect((await fw('train', '--csv', data, '--target', 'y', ...quick, '--no-db', '--out', single)).code).toBe(0)
  const g = await fw('train', '--csv', long, '--target', 'y', '--series', 'shop', '--global', ...quick, '--lookback', '7', '--db', db, '--out', global, '--json')
  expect(g.code, g.stderr).toBe(0)
  globalRun = String((JSON.parse(g.stdout) as { runId: number }).runId)
}, 120_000)

describe('fw forecast --future FILE', () => {
  it('a word in a numeric column: the file, line, row, column and value', async () => {
    const words = file('words.csv', ['date,promo', `${day(120)},1`, `${day(121)},0`, `${day(122)},lots`, `${day(123)},0`])
    const r = await fw('forecast', '--model', join(single, 'model.json'), '--csv', data, '--future', words, '--steps', '4', '--out', join(dir, 'w.csv'))
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'fw forecast: future: words.csv, line 4 (row 3), column "promo": "lots" is not a number, and the column holds numbers in sales.csv; correct the value\n'])
    expect(existsSync(join(dir, 'w.csv'))).toBe(false)
    // a global model, by its model file and by its stored run
    const longWords = file('long-words.csv', ['shop,date,promo', ...shops.flatMap((s) => [80, 81].map((i) => `${s},${day(i)},${s === 'south' && i === 81 ? 'n/a?' : promo(i)}`))])
    const why = 'future: long-words.csv, line 5 (row 4), column "promo": "n/a?" is not a number, and the column holds numbers in shops.csv; correct the value\n'
    const m = await fw('forecast', '--model', join(global, 'model.json'), '--csv', long, '--future', longWords, '--steps', '2', '--out', join(dir, 'gw.csv'))
    expect([m.code, m.stderr]).toEqual([2, `fw forecast: ${why}`])
    const byRun = await fw('forecast', '--run', globalRun, '--db', db, '--future', longWords, '--steps', '2', '--out', join(dir, 'gw.csv'))
    expect([byRun.code, byRun.stderr]).toEqual([2, `fw forecast: ${why.replace('shops.csv', long)}`]) // the stored dataset is named by its path
    expect(existsSync(join(dir, 'gw.csv'))).toBe(false)
  })

  it('a time given twice for one series: the file, the lines of both rows, and the date; nothing written', async () => {
    const twice = file('twice.csv', ['date,promo', `${day(120)},1`, `${day(121)},0`, `${day(121)},0`, `${day(122)},0`])
    const r = await fw('forecast', '--model', join(single, 'model.json'), '--csv', data, '--future', twice, '--steps', '3', '--out', join(dir, 't.csv'))
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'fw forecast: future: twice.csv, lines 3 and 4: both rows are 2023-05-02 ("date"); a future file holds one row per time: remove one of them\n'])
    expect(existsSync(join(dir, 't.csv'))).toBe(false)
    // a long file: the same date for two shops is one row each; twice for one shop is refused, naming it
    const longTwice = file('long-twice.csv', ['shop,date,promo', `north,${day(80)},1`, `south,${day(80)},1`, `south,${day(81)},0`, `south,${day(80)},1`, `north,${day(81)},0`])
    const g = await fw('forecast', '--model', join(global, 'model.json'), '--csv', long, '--future', longTwice, '--steps', '2', '--out', join(dir, 'gt.csv'))
    expect([g.code, g.stderr]).toEqual([2, 'fw forecast: future: series shop = south: long-twice.csv, lines 3 and 5: both rows are 2023-03-22 ("date"); a future file holds one row per time: remove one of them\n'])
    const ok = file('long-ok.csv', ['shop,date,promo', ...shops.flatMap((s) => [80, 81].map((i) => `${s},${day(i)},${promo(i)}`))])
    expect((await fw('forecast', '--model', join(global, 'model.json'), '--csv', long, '--future', ok, '--steps', '2', '--out', join(dir, 'gt.csv'))).code).toBe(0)
  })
})
