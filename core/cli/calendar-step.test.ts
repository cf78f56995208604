// Calendar inputs asked for that have no cycle at the rows' step (--calendar hour,dow on quarterly
// rows): a warning naming them, kept with the run; the cycles the step has say nothing.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

describe('--calendar on rows too coarse for it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-calendar-step-'))
  const csv = join(dir, 'q.csv')
  writeFileSync(csv, ['date,gdp', ...Array.from({ length: 32 }, (_, i) => `${2015 + Math.floor(i / 4)} Q${(i % 4) + 1},${(100 + i + 5 * Math.sin(i)).toFixed(2)}`)].join('\n') + '\n')

  it('hour and day of week on quarters: a warning naming both, the hour as the same on every row; fw show says it again', async () => {
    const db = join(dir, 'runs.db')
    const t = await fw('train', '--csv', csv, '--target', 'gdp', '--calendar', 'hour,dow', '--epochs', '1', '--hidden', '4', '--db', db, '--out', dir)
    expect([t.code, t.stderr]).toEqual([0, ''])
    const warning = "calendar inputs hour, dow (--calendar) have no cycle at the rows' step: hour of day is the same on every row; day of week falls on another weekday from row to row, in no weekly cycle"
    expect(t.stdout).toContain(`warn: ${warning}`)
    const id = /run (\d+) saved/.exec(t.stdout)![1]!
    expect((await fw('show', id, '--db', db)).stdout).toContain(warning)
  }, 60_000)

  it('the month on quarters says nothing of it', async () => {
    const t = await fw('train', '--csv', csv, '--target', 'gdp', '--calendar', 'month', '--epochs', '1', '--hidden', '4', '--no-db', '--out', dir)
    expect(t.code).toBe(0)
    expect(t.stdout).not.toContain('no cycle at the rows')
  }, 60_000)
})
