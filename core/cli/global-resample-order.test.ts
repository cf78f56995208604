// fw train --global --resample auto (exploratory pass 20, finding 1): the grid was decided from the
// first series only, so a store missing 2 weeks had them filled when it came first in the file and
// read across the gap when another came first. Now decided over every series together
// (core/train/grid.ts autoResampleFor, which Setup calls too): the row order changes nothing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-global-resample-'))
const MONDAY = Date.UTC(2023, 0, 2)
/** 3 stores × 80 weeks; store "b" lacks weeks 30 and 31. `order`: the stores in the order of the file. */
function file(name: string, order: string[]): string {
  const rows = ['week,store,sales']
  for (const s of order)
    for (let i = 0; i < 80; i++) {
      if (s === 'b' && (i === 30 || i === 31)) continue
      const level = { a: 100, b: 200, c: 300 }[s]!
      rows.push(`${new Date(MONDAY + i * 7 * 864e5).toISOString().slice(0, 10)},${s},${(level + 10 * Math.sin(i / 3) + ((i * 7 + level) % 5)).toFixed(1)}`)
    }
  const f = join(dir, name)
  writeFileSync(f, rows.join('\n') + '\n')
  return f
}
const run = (csv: string, out: string) => fw('train', '--csv', csv, '--target', 'sales', '--series', 'store', '--global', '--epochs', '1', '--seed', '1', '--lookback', '4', '--no-db', '--out', join(dir, out))
const notes = (text: string) => text.split('\n').filter((l) => l.startsWith('note: ') || l.startsWith('windows: ')).sort()

describe('fw train --global --resample auto', () => {
  it('puts the store with 2 weeks absent on its weekly grid whichever store comes first, with the same notes, windows and forecasts', async () => {
    const first = await run(file('a-first.csv', ['a', 'b', 'c']), 'a')
    const gapFirst = await run(file('b-first.csv', ['b', 'a', 'c']), 'b')
    expect(first.code, first.stderr).toBe(0)
    expect(gapFirst.code, gapFirst.stderr).toBe(0)
    expect(first.stdout).toContain('note: series store = b: put on a weekly grid: 2 weeks absent, the first ')
    expect(first.stdout).not.toContain('time steps differ from the usual step')
    // said of the store that lacked them only, not "0 empty periods" of the others
    expect(first.stdout).not.toMatch(/store = [ac]: (put on|resampled)/)
    expect(notes(first.stdout)).toEqual(notes(gapFirst.stdout))
    const model = (out: string) => JSON.parse(readFileSync(join(dir, out, 'model.json'), 'utf8')).meta.trainConfig.data.resample
    expect(model('a')).toEqual({ unit: 'week', every: 1, agg: 'mean', auto: true })
    expect(model('b')).toEqual(model('a'))
    const lines = (out: string) => readFileSync(join(dir, out, 'predictions.csv'), 'utf8').trim().split('\n').sort()
    expect(lines('a')).toEqual(lines('b'))
  }, 120_000)
})
