// A file whose numbers have a decimal comma (12,5) is read as such by fw train, predict and forecast,
// and each says so, naming the file, as fw inspect's first line does: never a silent 12,5 = 12.5.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-decimal-comma-'))
const day = (i: number) => new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10)
/** Semicolon-separated, decimal commas: date;y;promo (promo known in the future). */
const rows = (from: number, to: number, y: boolean) => Array.from({ length: to - from }, (_, k) => {
  const i = from + k
  return [day(i), ...(y ? [(50 + 8 * Math.sin(i) + (i % 7) / 4).toFixed(2).replace('.', ',')] : []), (i % 5 === 0 ? 1.5 : 0.25).toFixed(2).replace('.', ',')].join(';')
})
const data = join(dir, 'sales.csv')
writeFileSync(data, ['date;y;promo', ...rows(0, 150, true)].join('\n') + '\n')
const future = join(dir, 'promo-ahead.csv')
writeFileSync(future, ['date;promo', ...rows(150, 153, false)].join('\n') + '\n')
const model = join(dir, 'model')
const NOTE = (file: string) => `note: ${file}: numbers read with a decimal comma (12,5 as 12.5)\n`

let trained: Awaited<ReturnType<typeof fw>>
beforeAll(async () => {
  trained = await fw('train', '--csv', data, '--target', 'y', '--known-future', 'promo', '--epochs', '1', '--no-db', '--out', model)
}, 60_000)

describe('numbers with a decimal comma', () => {
  it('fw inspect names the decimal comma (as before)', async () => {
    expect((await fw('inspect', '--csv', data)).stdout).toMatch(/^.*sales\.csv: 150 rows, ';'-separated, decimal comma\n/)
  })

  it('fw train says it read them so, naming the file; --json lists it in notes', async () => {
    expect(trained.code).toBe(0)
    expect(trained.stdout).toContain(NOTE('sales.csv'))
    const j = await fw('train', '--csv', data, '--target', 'y', '--epochs', '1', '--no-db', '--out', join(dir, 'json'), '--json')
    expect(j.code).toBe(0)
    expect((JSON.parse(j.stdout) as { notes: string[] }).notes).toEqual(['sales.csv: numbers read with a decimal comma (12,5 as 12.5)'])
    // a file with a decimal dot: no such note
    const dot = join(dir, 'dot.csv')
    writeFileSync(dot, ['date,y', ...Array.from({ length: 60 }, (_, i) => `${day(i)},${(50 + Math.sin(i)).toFixed(2)}`)].join('\n') + '\n')
    const d = await fw('train', '--csv', dot, '--target', 'y', '--epochs', '1', '--no-db', '--out', join(dir, 'dot'), '--json')
    expect((JSON.parse(d.stdout) as { notes: string[] }).notes).toEqual([])
  }, 60_000)

  it('fw forecast says it of the data and of the --future file, fw predict of its CSV', async () => {
    const f = await fw('forecast', '--model', join(model, 'model.json'), '--csv', data, '--future', future, '--steps', '3', '--out', join(dir, 'ahead.csv'))
    expect([f.code, f.stderr]).toEqual([0, ''])
    expect(f.stdout).toContain(NOTE('sales.csv') + NOTE('promo-ahead.csv'))
    const p = await fw('predict', '--model', join(model, 'model.json'), '--csv', data, '--out', join(dir, 'pred.csv'))
    expect([p.code, p.stderr]).toEqual([0, ''])
    expect(p.stdout).toContain(NOTE('sales.csv'))
  })

  it('fw backtest says it too', async () => {
    const b = await fw('backtest', '--csv', data, '--target', 'y', '--folds', '2', '--epochs', '1')
    expect([b.code, b.stderr]).toEqual([0, ''])
    expect(b.stdout).toContain(NOTE('sales.csv'))
  }, 60_000)
})
