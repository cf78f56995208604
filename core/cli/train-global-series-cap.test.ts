// fw train --global lists its series as fw show does: all of them where they fit in 20, else the 20
// with the highest MASE, worst first, and where the others are. It printed every series' row (330
// lines for 320 series) with no way to shorten them.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-train-global-cap-'))
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const label = (k: number) => `S${String(k + 1).padStart(2, '0')}`

/** `count` weekly-seasonal series of 56 days, each on its own level. */
function file(count: number): string {
  const rows = ['store,date,sales']
  for (let k = 0; k < count; k++) for (let i = 0; i < 56; i++) rows.push(`${label(k)},${day(i)},${(50 + 5 * k + 4 * Math.sin((2 * Math.PI * i) / 7) + ((i * 7 + k) % 5)).toFixed(2)}`)
  const f = join(dir, `s${count}.csv`)
  writeFileSync(f, rows.join('\n') + '\n')
  return f
}

const train = (csv: string, ...more: string[]) => fw('train', '--csv', csv, '--target', 'sales', '--time', 'date', '--series', 'store', '--global', '--epochs', '1', '--hidden', '4', '--lookback', '7', '--threads', '1', '--out', join(dir, 'out'), ...more)
/** The series labels at the start of the table's rows, in order. */
const listed = (out: string) => out.split('\n').map((l) => /^store = (S\d\d)\s/.exec(l)?.[1]).filter(Boolean)

describe('fw train --global: the series table', () => {
  it('lists the 20 series with the highest MASE, worst first, past 20 series, and names where the rest are', async () => {
    const r = await train(file(24), '--db', join(dir, 'runs.db'))
    expect(r.code, r.stderr).toBe(0)
    const id = /^run (\d+) saved/m.exec(r.stdout)![1]
    expect(r.stdout).toContain('the 20 series with the highest MASE, worst first:')
    expect(listed(r.stdout)).toHaveLength(20)
    expect(r.stdout).toContain(`… and 4 more (fw show ${id} --json or fw export --run ${id} --xlsx FILE has them all)`)
    const j = await train(file(24), '--no-db', '--json')
    const all = (JSON.parse(j.stdout) as { series: { label: string; test: { mase: number | null } }[] }).series
    expect(all).toHaveLength(24)
    // the worst by MASE first, as fw show orders them
    const worst = [...all].sort((a, b) => (b.test.mase ?? -Infinity) - (a.test.mase ?? -Infinity)).slice(0, 20).map((s) => s.label.replace('store = ', ''))
    expect(new Set(listed(r.stdout))).toEqual(new Set(worst))
    const noDb = await train(file(24), '--no-db')
    expect(noDb.stdout).toContain('… and 4 more (--json lists them all)')
  }, 180_000)

  it('lists every series in natural order where they fit in 20, with no line about the others', async () => {
    const r = await train(file(3), '--no-db')
    expect(r.code, r.stderr).toBe(0)
    expect(listed(r.stdout)).toEqual(['S01', 'S02', 'S03'])
    expect(r.stdout).not.toMatch(/highest MASE|more \(/)
  }, 120_000)
})
