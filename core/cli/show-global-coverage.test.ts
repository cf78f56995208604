// fw show of a global run gives each series' interval coverage, as fw train --global's table does,
// and the run's coverage over every series' test points pooled, as the report gives it
// (exploratory pass 20, finding 11: fw show dropped the column and gave no overall coverage).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-show-global-coverage-'))

it("fw show: the coverage column of fw train's table, and the pooled coverage recomputed from predictions.csv", async () => {
  const rows = ['date,store,sales']
  for (const s of ['s1', 's2', 's3'])
    for (let i = 0; i < 90; i++) rows.push(`${new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)},${s},${(10 * s.length + 3 * Math.sin(i / 2) + ((i * 7) % 5)).toFixed(2)}`)
  const csv = join(dir, 'long.csv')
  writeFileSync(csv, rows.join('\n') + '\n')
  const db = join(dir, 'runs.db')
  const t = await fw('train', '--csv', csv, '--target', 'sales', '--series', 'store', '--global', '--epochs', '1', '--lookback', '5', '--db', db, '--out', join(dir, 'o'))
  expect(t.code, t.stderr).toBe(0)
  const cells = (text: string) => text.split('\n').filter((l) => /^store = s\d /.test(l)).map((l) => /(\d+%|—)\s+\S+\s+\S+\s*$/.exec(l)?.[1])
  const s = await fw('show', '1', '--db', db)
  expect(s.code, s.stderr).toBe(0)
  expect(s.stdout).toMatch(/snaive mae\s+coverage\s+beats naive/)
  expect(cells(s.stdout)).toEqual(cells(t.stdout))
  expect(cells(s.stdout).every((c) => c && c.endsWith('%'))).toBe(true)
  const lines = readFileSync(join(dir, 'o', 'predictions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
  const scored = lines.filter((f) => f[4] !== '' && f[5] !== '' && f[6] !== '')
  const hit = scored.filter((f) => Number(f[6]) >= Number(f[4]) && Number(f[6]) <= Number(f[5])).length
  const pooled = `interval coverage on the test split, every series' test points pooled: ${((hit / scored.length) * 100).toFixed(1)}% (target 90%)\n`
  expect(s.stdout).toContain(pooled)
  // fw train --global says the same line (pooledCoverage of the same rows)
  expect(t.stdout).toContain(pooled)
}, 60_000)
