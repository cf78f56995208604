// A season given (--season, data.season) longer than the training rows: the statistical models
// cannot read it; half of them or more: Theta and ARIMA cannot. Said as a warning naming the flag and field, the season and the training rows, and
// what the run did instead; kept with the run (fw show), not an info line about one skipped model.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)

describe('a season longer than the training rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-long-season-'))
  const csv = join(dir, 'short.csv')
  // 100 daily rows: 70 training rows at the default split
  writeFileSync(csv, ['date,y', ...Array.from({ length: 100 }, (_, i) => `${day(i)},${(10 + 0.1 * i + 3 * Math.sin((2 * Math.PI * i) / 7)).toFixed(2)}`)].join('\n') + '\n')
  const warning = 'warn: season 80 (--season, data.season) is longer than the 70 training rows: the statistical models read no season (seasonal naive is not fitted; ETS, Theta and ARIMA fit none); --season 34 or less (more than two seasons in the training rows), or none (auto) lets them fit one\n'

  it('--season: a warning, once, and no info line of the model skipped; fw show says it again', async () => {
    const db = join(dir, 'runs.db')
    const t = await fw('train', '--csv', csv, '--target', 'y', '--season', '80', '--epochs', '1', '--hidden', '4', '--db', db, '--out', dir)
    expect([t.code, t.stderr]).toEqual([0, ''])
    expect(t.stdout.split(warning).length - 1).toBe(1)
    expect(t.stdout).not.toContain('statistical model skipped: seasonal-naive')
    const id = /run (\d+) saved/.exec(t.stdout)![1]!
    expect((await fw('show', id, '--db', db)).stdout).toContain(warning.replace(/^warn: /, 'note: '))
  }, 60_000)

  it('data.season in --config alike', async () => {
    const config = join(dir, 'config.json')
    writeFileSync(config, JSON.stringify({ data: { season: 80 } }))
    const t = await fw('train', '--csv', csv, '--target', 'y', '--config', config, '--epochs', '1', '--hidden', '4', '--no-db', '--out', dir)
    expect([t.code, t.stderr]).toEqual([0, ''])
    expect(t.stdout).toContain(warning)
  }, 60_000)

  it('a season of half the training rows or more: a warning that Theta and ARIMA fit none, with the rows they need', async () => {
    const t = await fw('train', '--csv', csv, '--target', 'y', '--season', '35', '--epochs', '1', '--hidden', '4', '--no-db', '--out', dir)
    expect([t.code, t.stderr]).toEqual([0, ''])
    expect(t.stdout).toContain('warn: season 35 (--season, data.season) needs more than two seasons of training rows (71 or more) for Theta and ARIMA to fit it, and the run has 70: they fit no season, as with none; --season 34 or less (more than two seasons in the training rows), or none (auto) lets them fit one\n')
  }, 60_000)

  it('a season the training rows hold more than two of says nothing of it', async () => {
    const t = await fw('train', '--csv', csv, '--target', 'y', '--season', '7', '--epochs', '1', '--hidden', '4', '--no-db', '--out', dir)
    expect(t.stdout).not.toMatch(/is longer than the|more than two seasons/)
  }, 60_000)
})
