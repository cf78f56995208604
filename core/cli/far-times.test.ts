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

// fw inspect printed a zoned file's time range (its first line and the table's min and max) in UTC
// with no mark: "2023-03-01 00:00 to 2024-03-30 18:00" for a file that starts 2023-03-01T01:00:00+01:00.
// Now the first and last stamps as the file wrote them, each in its own offset.
describe("fw inspect: the time column's range as the file wrote it", () => {
  it('the EU rule: the first stamp in winter time, the last too; the table says the same', async () => {
    const r = await fw('inspect', '--csv', file('berlin-range.csv', BERLIN))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('time column: time, 2023-03-01T01:00:00+01:00 to 2024-03-30T19:00:00+01:00\n')
    expect(r.stdout).toMatch(/^time +date +0 +2023-03-01T01:00:00\+01:00 +2024-03-30T19:00:00\+01:00 *$/m)
  })
  it('one offset (+05:30), and Z', async () => {
    expect((await fw('inspect', '--csv', file('kolkata-range.csv', 330))).stdout).toContain('time column: time, 2023-03-01T05:30:00+05:30 to 2024-03-30T23:30:00+05:30\n')
    expect((await fw('inspect', '--csv', file('utc-range.csv', 0))).stdout).toContain('time column: time, 2023-03-01T00:00:00Z to 2024-03-30T18:00:00Z\n')
  })
  it('times written without an offset stay as they were read, with no zone', async () => {
    const f = join(dir, 'plain.csv')
    writeFileSync(f, ['time,load', ...Array.from({ length: 40 }, (_, i) => `${new Date(Date.UTC(2023, 2, 1) + i * 6 * 3_600_000).toISOString().slice(0, 19)},${100 + (i % 4)}`)].join('\n') + '\n')
    expect((await fw('inspect', '--csv', f)).stdout).toContain('time column: time, 2023-03-01 00:00 to 2023-03-10 18:00\n')
  })
})
