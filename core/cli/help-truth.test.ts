// What fw's help says is what it does, and a mistake on the command line is said in its words: the
// argument before the database, the flag rather than an internal key, a locale with no number format
// refused rather than written as en-US.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-help-truth-'))
const csv = join(dir, 'y.csv')
writeFileSync(csv, 'date,y\n' + Array.from({ length: 120 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${(10 + 3 * Math.sin(i / 3) + (i % 7)).toFixed(2)}`).join('\n') + '\n')

describe('fw --help and each command\'s help say what the command takes', () => {
  it('fw --help gives fw compare its --json', async () => {
    expect((await fw('--help')).stdout).toMatch(/\n {2}fw compare RUN RUN \[--json\] /)
  })

  it('fw predict and fw forecast: --melt without "--global", which they refuse', async () => {
    for (const c of ['predict', 'forecast']) {
      const help = (await fw(c, '--help')).stdout
      const melt = help.split('\n').find((l) => l.trimStart().startsWith('--melt'))!
      expect(melt, c).toBeDefined()
      expect(melt, c).not.toContain('with --global')
      expect((await fw(c, '--global')).stderr, c).toMatch(/unknown option --global/)
    }
  })

  it('fw backtest takes the run-shaping options fw train takes, into the same config', async () => {
    const r = await fw('backtest', '--csv', csv, '--target', 'y', '--folds', '2', '--epochs', '1', '--seed', '1', '--lookback', '9', '--season', '7', '--resample', 'off', '--level', 'global', '--transform', 'none', '--forecaster', 'network', '--outliers', 'keep', '--threads', '1', '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const { folds } = JSON.parse(r.stdout) as { folds: unknown[] }
    expect(folds).toHaveLength(2)
    // a bad value is refused as fw train refuses it, naming the setting
    const bad = await fw('backtest', '--csv', csv, '--target', 'y', '--folds', '2', '--level', 'sideways')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/level/)
  }, 120_000)
})

describe('a command-line mistake in the command line\'s words', () => {
  it('fw show, fw rm, fw resume and fw compare without a run id say so before opening the database', async () => {
    const db = join(dir, 'not-a-db')
    mkdirSync(db) // a folder: the database cannot open
    for (const c of ['show', 'rm', 'resume', 'compare']) {
      const r = await fw(c, '--db', db)
      expect(r.code, c).toBe(2)
      expect(r.stderr, c).toContain(`fw ${c}: expected a run id (a positive integer), got nothing`)
    }
    const e = await fw('export', '--db', db, '--run', '1')
    expect(e.stderr).toContain('fw export: name at least one of --model FILE')
    const f = await fw('forecast', '--db', db, '--run', '1', '--steps', '3')
    expect(f.stderr).toMatch(/--out/)
  })

  it('fw inspect --time names --time, and the header, for a column the file lacks', async () => {
    const r = await fw('inspect', '--csv', csv, '--time', 'nosuch')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--time "nosuch" is not in the header; its columns: date, y')
    expect(r.stderr).not.toContain('timeColumn')
  })

  it('fw export --locale: a well-formed tag of a language with no number format is refused, not written as en-US', async () => {
    const r = await fw('export', '--run', '1', '--csv', join(dir, 'f.csv'), '--locale', 'xx-YY', '--db', join(dir, 'none.db'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--locale: no number format is known for 'xx-YY'")
  })
})
