// Most steps off the usual one (exploratory pass 7, defect 6: 127 of 149 steps off an hourly median
// trained as hourly with only a count): fw train says before training what that does to the season,
// horizon and future timestamps and that a regular step is advised, in the CLI's words, as Setup
// does in the app's (core/data/series mostlyIrregularNote). It still trains.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mostlyIrregularNote, mostlyIrregularSeriesNote } from '../data/series'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-mostly-irregular-'))
/** 80 rows from 2024-01-01 00:00, each `hours(i)` hours after the row before. */
function file(name: string, hours: (i: number) => number): string {
  let t = Date.UTC(2024, 0, 1)
  const rows = Array.from({ length: 80 }, (_, i) => {
    if (i > 0) t += hours(i) * 36e5
    return `${new Date(t).toISOString().slice(0, 16)},${(100 + 10 * Math.sin(i / 3) + (i % 5)).toFixed(2)}`
  })
  const f = join(dir, name)
  writeFileSync(f, ['time,y', ...rows].join('\n') + '\n')
  return f
}
const quick = ['--target', 'y', '--epochs', '1', '--lookback', '4', '--seed', '1', '--no-db']

describe('most time steps irregular', () => {
  it('the rule: more than half the steps, each front end in its words', () => {
    expect(mostlyIrregularNote(127, 149, '1 h')).toEqual({
      message: "127 of 149 time steps (85 %) differ from the usual step of 1 h: the season, the horizon and the forecast's timestamps past the end all assume that every step is the usual one, so they mean little here; resample the rows to a regular step, or aggregate them to a coarser one (--resample STEP, or data.resample in the --config file), and train on that",
      app: "127 of 149 time steps (85 %) differ from the usual step of 1 h: the season, the horizon and the forecast's timestamps past the end all assume that every step is the usual one, so they mean little here; resample the rows to a regular step, or aggregate them to a coarser one (one row per step, made before the file is imported), and train on that"
    })
    expect(mostlyIrregularNote(50, 100, '1 h')).toBeNull()
    expect(mostlyIrregularNote(51, 100, '1 h')).not.toBeNull()
    expect(mostlyIrregularNote(1, 1, '1 h')).toBeNull()
  })

  it('the rule per series of a global run: the one series it holds for, or those it holds for grouped', () => {
    const s = (label: string, irregular: number, usual = '2 h') => ({ label, irregular, steps: 79, usual })
    expect(mostlyIrregularSeriesNote([s('a', 39), s('b', 10)])).toBeNull()
    expect(mostlyIrregularSeriesNote([s('a', 52), s('b', 10)])!.message).toBe(`in series a, ${mostlyIrregularNote(52, 79, '2 h')!.message}`)
    const many = mostlyIrregularSeriesNote([s('a', 52), s('b', 10), s('c', 48), s('d', 52), s('e', 60)])!
    expect(many.message).toMatch(/^in 4 series: a, c, d and 1 more, most time steps \(61 to 76 %\) differ from the usual step of 2 h: the season, .* \(--resample STEP, or data\.resample in the --config file\), and train on that$/)
    expect(many.app).toContain('(one row per step, made before the file is imported)')
    expect(mostlyIrregularSeriesNote([s('a', 52, '2 h'), s('b', 52, '3 h')])!.message).toMatch(/^in 2 series: a and b, most time steps \(66 %\) differ from each series' usual step: /)
  })

  it('fw train says it before the first epoch where most steps are off, and trains; not where few are', async () => {
    // steps of 1, 2 and 3 h in turn: the usual (median) step is 2 h, and 52 of the 79 differ from it
    const most = await fw('train', '--csv', file('most.csv', (i) => 1 + (i % 3)), ...quick, '--out', join(dir, 'most'))
    expect(most.code).toBe(0)
    expect(most.stdout.indexOf('[#')).toBeGreaterThan(0) // the progress bar
    const before = most.stdout.slice(0, most.stdout.indexOf('[#'))
    expect(before).toContain("note: 52 of 79 time steps (66 %) differ from the usual step of 2 h: the season, the horizon and the forecast's timestamps past the end all assume")
    expect(before).toContain('(--resample STEP, or data.resample in the --config file)')
    // every tenth step 3 h: 7 of 79 off, counted as before and no more
    const few = await fw('train', '--csv', file('few.csv', (i) => (i % 10 === 0 ? 3 : 1)), ...quick, '--out', join(dir, 'few'))
    expect(few.code).toBe(0)
    expect(few.stdout).toContain('note: 7 of 79 time steps differ from the usual step of an hour (hourly)')
    expect(few.stdout).not.toContain('mean little here')
  })

  it('fw train --global says it once, before the first epoch, naming the series where most steps are off', async () => {
    // a, b and c step 1, 2 and 3 h in turn (52 of 79 off the usual 2 h); d and e every 2 h
    const lines = ['shop,time,y']
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      let t = Date.UTC(2024, 0, 1)
      for (let i = 0; i < 80; i++) {
        if (i > 0) t += (id < 'd' ? 1 + (i % 3) : 2) * 36e5
        lines.push(`${id},${new Date(t).toISOString().slice(0, 16)},${(100 + 10 * Math.sin(i / 3) + (i % 5)).toFixed(2)}`)
      }
    }
    const f = join(dir, 'shops.csv')
    writeFileSync(f, lines.join('\n') + '\n')
    const r = await fw('train', '--csv', f, '--series', 'shop', '--global', ...quick, '--out', join(dir, 'shops'))
    expect(r.code).toBe(0)
    const before = r.stdout.slice(0, r.stdout.indexOf('[#'))
    expect(before).toContain("note: in 3 series: shop = a, shop = b and shop = c, most time steps (66 %) differ from the usual step of 2 h: the season, the horizon and the forecast's timestamps past the end all assume")
    expect(before.match(/mean little here/g)).toHaveLength(1)
    expect(r.stdout).not.toMatch(/shop = [de]:? .*mean little/)
  })
})
