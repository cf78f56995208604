// ISO weeks written back as weeks (stop 53, left undone): a weekly file of "2024-W36" stamps was read
// as Mondays and written back as Monday dates (predictions.csv, fw forecast, the workbook), so the
// analyst's own format did not come back. Now every forecast file of such data writes "YYYY-Www",
// the rows past the end included, across a 53-week year.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-weeks-'))
const WEEKS_IN: Record<number, number> = { 2024: 52, 2025: 52, 2026: 53 } // 2026 starts on a Thursday
/** 120 weekly rows, 2024-W36 to 2026-W51, as the analyst writes them. */
function weeks(): string[] {
  const out: string[] = []
  for (let y = 2024, w = 36; out.length < 120; w++) {
    if (w > WEEKS_IN[y]!) [y, w] = [y + 1, 1]
    out.push(`${y}-W${String(w).padStart(2, '0')}`)
  }
  return out
}
const times = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]!)

describe('ISO weeks', () => {
  it('round-trip their stamps through fw train --out and fw forecast', async () => {
    const stamps = weeks()
    expect(stamps.at(-1)).toBe('2026-W51')
    const csv = join(dir, 'weekly.csv')
    writeFileSync(csv, ['week,sales', ...stamps.map((s, i) => `${s},${(100 + 20 * Math.sin((2 * Math.PI * i) / 13) + (i % 5)).toFixed(2)}`)].join('\n') + '\n')
    const t = await fw('train', '--csv', csv, '--target', 'sales', '--epochs', '1', '--seed', '1', '--no-db', '--forecaster', 'naive', '--out', join(dir, 'run'))
    expect(t.code).toBe(0)
    expect(t.stdout).toContain('forecasts and exports write them back as weeks')
    const written = times(readFileSync(join(dir, 'run', 'predictions.csv'), 'utf8'))
    expect(written.length).toBeGreaterThan(0)
    // every stamp is one of the file's own, as the file wrote it, and the test rows end on its last
    expect(written.filter((s) => !stamps.includes(s))).toEqual([])
    expect(written).toContain('2026-W51')
    const f = await fw('forecast', '--model', join(dir, 'run', 'model.json'), '--csv', csv, '--steps', '3', '--out', join(dir, 'f.csv'))
    expect(f.code).toBe(0)
    expect(times(readFileSync(join(dir, 'f.csv'), 'utf8'))).toEqual(['2026-W52', '2026-W53', '2027-W01'])
  })
})
