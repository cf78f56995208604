// A global classification judged against its noise as a single run is (level-verdict.test.ts): a
// class drawn at random in every series is "level" with the run's best baseline, amber, in fw show
// and marked in fw runs; its series are counted as beating their training rate only beyond the
// noise of their own test rows; the run's noise is kept with its classes (runs.classes_json).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore, storedTestNoise } from '../store'
import { parseGlobalSummary } from '../services/global-run'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-level-global-'))
const db = join(dir, 'runs.db')

/** Three stores of 300 daily rows, a class drawn at random (one row in eight), nothing to learn. */
function csv(): string {
  let s = 777
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
  const lines = ['store,date,x1,fraud']
  for (const store of ['a', 'b', 'c'])
    for (let i = 0; i < 300; i++) lines.push(`${store},${new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)},${(rand() * 2 - 1).toFixed(3)},${Number(rand() < 0.12)}`)
  const path = join(dir, 'noise.csv')
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

describe('fw show and fw runs: a global classification within noise is level', () => {
  it('says "level" with the difference and its noise, and counts series beyond their own noise', async () => {
    const t = await fw('train', '--csv', csv(), '--target', 'fraud', '--task', 'classification', '--series', 'store', '--global', '--out', join(dir, 'out'), '--db', db)
    expect(t.code, t.stderr).toBe(0)
    const id = Number(/run (\d+) saved/.exec(t.stdout)![1])
    const store = openStore(db, { appVersion: 'test' })
    let n, c
    try {
      const run = store.runs.get(id)
      n = storedTestNoise(run)!
      c = parseGlobalSummary(run.globalJson)!.summary.classification!
    } finally {
      store.close()
    }
    // kept the same way as a single run's, and in the run's summary beside its series' counts
    expect(n).toEqual(c.noise)
    expect(n.baseline).toBe(c.bestBaseline)
    expect(Math.abs(n.mean)).toBeLessThan(2 * n.se)
    expect(c.rateNoise!.beat + c.rateNoise!.level).toBeLessThanOrEqual(3)
    const show = await fw('show', String(id), '--db', db)
    expect(show.code, show.stderr).toBe(0)
    const verdict = /\nverdict: (.*)\n/.exec(show.stdout)![1]!
    const level = c.rateNoise!.level ? `, ${c.rateNoise!.level} level with it within that noise` : ''
    expect(verdict).toMatch(new RegExp(`^Level with the best baseline \\(${n.baseline.replace('-', ' ')}\\) on test \\(mean Brier over the series\\): the difference, ${Math.abs(n.mean).toFixed(4)} a row ${n.mean < 0 ? 'lower' : 'higher'} for the forecast, is within the noise of ${n.rows} test rows \\(± ${(2 * n.se).toFixed(4)}\\); ${c.rateNoise!.beat} of 3 series beat their training rate on test beyond the noise of their test rows${level} \\(mean Brier `))
    // its series table says "level" for each series within its own noise, as the verdict counts them
    const said = ['a', 'b', 'c'].map((x) => / (yes|no|level)$/.exec(show.stdout.split('\n').find((l) => l.startsWith(`store = ${x} `))!)![1])
    expect([said.filter((w) => w === 'yes').length, said.filter((w) => w === 'level').length]).toEqual([c.rateNoise!.beat, c.rateNoise!.level])
    expect(c.rateNoise!.level).toBeGreaterThan(0)
    // and the line under it counts them as it says them
    expect(show.stdout).toContain(`; ${c.beatRate} of 3 series beat their training rate (a lower Brier), ${c.rateNoise!.beat} beyond the noise of their test rows, ${c.rateNoise!.level} level with it within that noise\n`)
    const runs = await fw('runs', '--db', db)
    expect(runs.code, runs.stderr).toBe(0)
    expect(runs.stdout).toContain(`note: run ${id}: level with the best baseline (${n.baseline.replace('-', ' ')}) on test: the difference, ${Math.abs(n.mean).toFixed(4)}`)
    expect(runs.stdout).toContain(`${c.rateNoise!.beat} beat their training rate beyond noise`)
  }, 180_000)
})
