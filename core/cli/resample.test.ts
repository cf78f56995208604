// fw train --resample STEP|auto|off (exploratory pass 13: the CLI's note named data.resample, but fw
// train had no flag for it, and a monthly series with 6 months absent trained off its season).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-resample-'))
/** 60 months from 2015-01, without those in `skip`. */
function file(name: string, skip: number[]): string {
  const rows: string[] = []
  for (let i = 0; i < 60; i++) if (!skip.includes(i)) rows.push(`${new Date(Date.UTC(2015, i, 1)).toISOString().slice(0, 10)},${(500 + 100 * Math.sin((2 * Math.PI * i) / 12) + 2 * i).toFixed(1)}`)
  const f = join(dir, name)
  writeFileSync(f, ['month,units', ...rows].join('\n') + '\n')
  return f
}
const quick = ['--target', 'units', '--epochs', '1', '--seed', '1', '--no-db', '--forecaster', 'naive']
const resampleOf = (out: string) => JSON.parse(readFileSync(join(dir, out, 'model.json'), 'utf8')).meta.trainConfig.data.resample

describe('fw train --resample', () => {
  it('by default puts months with a few absent on the monthly grid, says so, and stores it with the run', async () => {
    const r = await fw('train', '--csv', file('gaps.csv', [17, 40]), ...quick, '--out', join(dir, 'auto'))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('note: put on a monthly grid: 2 months absent, the first 2016-06-01, filled with the value before plus the change a season earlier and not scored')
    expect(resampleOf('auto')).toEqual({ unit: 'month', every: 1, agg: 'mean', auto: true })
    const p = readFileSync(join(dir, 'auto', 'predictions.csv'), 'utf8')
    expect(p).not.toMatch(/^2018-05-01,/m) // an absent month is not scored (row 40)
  })
  it('off keeps the rows; a series without gaps stores null by default', async () => {
    const off = await fw('train', '--csv', file('gaps.csv', [17, 40]), ...quick, '--resample', 'off', '--out', join(dir, 'off'))
    expect(off.code).toBe(0)
    expect(off.stdout).not.toContain('put on a monthly grid')
    expect(off.stdout).toContain('time steps differ from the usual step')
    expect(resampleOf('off')).toBeNull()
    const full = await fw('train', '--csv', file('full.csv', []), ...quick, '--out', join(dir, 'full'))
    expect(full.code).toBe(0)
    expect(resampleOf('full')).toBeNull()
  })
  it('a step by name resamples to it, said as before; a bad one is a usage error naming the flag', async () => {
    const q = await fw('train', '--csv', file('gaps.csv', [17, 40]), ...quick, '--resample', 'quarterly:sum', '--lookback', '4', '--out', join(dir, 'q'))
    expect(q.code).toBe(0)
    expect(q.stdout).toContain('resampled to every 3 months by sum: 20 rows')
    expect(resampleOf('q')).toEqual({ unit: 'month', every: 3, agg: 'sum' })
    const bad = await fw('train', '--csv', file('gaps.csv', [17, 40]), ...quick, '--resample', 'fortnight', '--out', join(dir, 'bad'))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--resample fortnight: give auto, off, or a step')
  })

  it('refuses a grid finer than the rows (upsampling), naming the flag and the rows\' own step; the automatic grid keeps them', async () => {
    // 32 quarters written "2015 Q1" (exploratory pass 23: weeks on them made 405 rows, 373 filled, with only a note)
    const quarters = join(dir, 'q_space.csv')
    writeFileSync(quarters, ['date,gdp', ...Array.from({ length: 32 }, (_, i) => `${2015 + Math.floor(i / 4)} Q${(i % 4) + 1},${(100 + 10 * Math.sin(i * 1.3)).toFixed(2)}`)].join('\n') + '\n')
    const weeks = await fw('train', '--csv', quarters, '--target', 'gdp', '--epochs', '1', '--seed', '1', '--no-db', '--forecaster', 'naive', '--resample', 'week', '--out', join(dir, 'weeks'))
    expect(weeks.code).not.toBe(0)
    expect(weeks.stderr).toContain('resampling to every week (--resample) is finer than the rows of q_space.csv, whose usual step in "date" is a quarter (quarterly): 373 of the grid\'s 405 weeks would hold no row')
    const auto = await fw('train', '--csv', quarters, '--target', 'gdp', '--epochs', '1', '--seed', '1', '--no-db', '--forecaster', 'naive', '--lookback', '4', '--out', join(dir, 'quarters'))
    expect(auto.code).toBe(0)
    expect(resampleOf('quarters')).toBeNull()
    // months with a few absent on their own grid are no upsampling (the first test); every other day absent is
    const days = join(dir, 'alternate.csv')
    writeFileSync(days, ['date,price', ...Array.from({ length: 120 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + 2 * i)).toISOString().slice(0, 10)},${(100 + Math.sin(i)).toFixed(3)}`)].join('\n') + '\n')
    const daily = await fw('train', '--csv', days, '--decimal', 'dot', '--target', 'price', '--epochs', '1', '--seed', '1', '--no-db', '--forecaster', 'naive', '--resample', 'day', '--out', join(dir, 'daily'))
    expect(daily.code).not.toBe(0)
    expect(daily.stderr).toContain('whose usual step in "date" is 2 days: 119 of the grid\'s 239 days would hold no row')
  })
})
