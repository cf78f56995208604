// fw inspect named the values far from the rest of a zoned file at their UTC times (2023-08-23 00:00
// for the file's 2023-08-23T02:00:00+02:00), not as the file wrote them. Now as the forecast files
// write that column (../data/time-cell timeCell, in the column's zone): each with its offset.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { offsetAt, type ClockRule } from '../data/clock-rule'
import { offsetText } from '../data/time-cell'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-far-times-'))
const BERLIN: ClockRule = { rule: 'EU', std: 60 }
/** 6-hourly rows from 2023-03-01 00:00 UTC for a year, written with `offset` (minutes, or Berlin's
 *  rule), row 700 (2023-08-23 00:00 UTC) 80 above the rest and row 1200 (2023-12-26 00:00 UTC) 70 below. */
function file(name: string, offset: number | ClockRule): string {
  const lines = Array.from({ length: 1584 }, (_, i) => {
    const t = Date.UTC(2023, 2, 1) + i * 6 * 3_600_000
    const o = typeof offset === 'number' ? offset : offsetAt(t, offset)
    const v = 100 + 10 * Math.sin((Math.PI * i) / 2) + 0.5 * Math.sin(i * 12.9898) + (i === 700 ? 80 : i === 1200 ? -70 : 0)
    return `${new Date(t + o * 60_000).toISOString().slice(0, 19)}${offsetText(o)},${v.toFixed(2)}`
  })
  const f = join(dir, name)
  writeFileSync(f, ['time,load', ...lines].join('\n') + '\n')
  return f
}
const farLine = (stdout: string) => /^ {2}load: .*$/m.exec(stdout)?.[0]

describe('fw inspect: the values far from the rest at the times the file wrote', () => {
  it('offsets that follow the EU rule: each with the offset its row was written with', async () => {
    const r = await fw('inspect', '--csv', file('berlin.csv', BERLIN))
    expect(r.code, r.stderr).toBe(0)
    expect(farLine(r.stdout)).toMatch(/^ {2}load: 2023-08-23T02:00:00\+02:00: 180\.\d+ \(≈ [\d.]+\); 2023-12-26T01:00:00\+01:00: 29\.\d+ \(≈ [\d.]+\)$/)
  })
  it('one offset (+05:30), and Z', async () => {
    const r = await fw('inspect', '--csv', file('kolkata.csv', 330))
    expect(farLine(r.stdout)).toMatch(/^ {2}load: 2023-08-23T05:30:00\+05:30: .*; 2023-12-26T05:30:00\+05:30: /)
    const z = await fw('inspect', '--csv', file('utc.csv', 0))
    expect(farLine(z.stdout)).toMatch(/^ {2}load: 2023-08-23T00:00:00Z: .*; 2023-12-26T00:00:00Z: /)
  })
})
