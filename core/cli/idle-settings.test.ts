// Settings that do nothing (core/train/idle-settings.ts), end to end: fw train says each one, the run
// keeps the note for fw show, fw compare marks a difference in a setting that had no effect on
// either run, and fw sweep says up front why its trials tie (exploratory pass 22: ignored.json
// trained with no word, fw compare listed model.hiddenActivation "relu" "tanh" as a difference, and
// a sweep over it said only "2 trials tie").
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-idle-settings-'))
const db = join(dir, 'runs.db')
const cfg = (name: string, c: object): string => {
  const f = join(dir, `${name}.json`)
  writeFileSync(f, JSON.stringify(c))
  return f
}
const runOf = (stdout: string): string => /run (\d+) saved/.exec(stdout)![1]!

let trained = { stdout: '', idle: '', plain: '' }
beforeAll(async () => {
  const ignored = cfg('ignored', { data: { lookBack: 12 }, model: { cell: 'lstm', hiddenActivation: 'relu' }, training: { warmupSteps: 3, truncation: { kind: 'sliding', k: 500 }, epochs: 1 } })
  const a = await fw('train', '--csv', sample, '--target', 'CO2', '--config', ignored, '--db', db, '--out', join(dir, 'a'))
  expect([a.code, a.stderr]).toEqual([0, ''])
  const b = await fw('train', '--csv', sample, '--target', 'CO2', '--config', cfg('plain', { data: { lookBack: 12 }, training: { epochs: 1 } }), '--db', db, '--out', join(dir, 'b'))
  expect([b.code, b.stderr]).toEqual([0, ''])
  trained = { stdout: a.stdout, idle: runOf(a.stdout), plain: runOf(b.stdout) }
}, 120_000)

describe('settings that do nothing', () => {
  it('are said by fw train and kept with the run for fw show', async () => {
    expect(trained.stdout).toContain('\nnote: hidden activation relu does nothing with an LSTM cell: its gates use sigmoid and tanh, and the hidden activation is the Elman cell\'s only (--cell elman)\n')
    expect(trained.stdout).toContain('\nnote: training.warmupSteps 3 does nothing with final outputs')
    expect(trained.stdout).toContain('\nnote: truncated BPTT (sliding, k 500) does nothing at a look-back of 12')
    const show = await fw('show', trained.idle, '--db', db)
    expect(show.stdout).toContain('hidden activation relu does nothing with an LSTM cell')
    expect((await fw('show', trained.plain, '--db', db)).stdout).not.toContain('does nothing')
  })

  it('fw compare marks a difference in a setting that had no effect on either run', async () => {
    const r = await fw('compare', trained.idle, trained.plain, '--db', db)
    expect(r.stdout).toMatch(/model\.hiddenActivation \(no effect on LSTM\) +"?relu"? +"?tanh"?/)
    expect(r.stdout).toMatch(/training\.warmupSteps \(no effect with final outputs\) +3 +0/)
    expect(r.stdout).toMatch(/training\.truncation\.kind \(no effect at look-back 12\)/)
  })

  it('fw sweep over a setting that has no effect in any trial says so before training', async () => {
    const grid = cfg('grid', { 'model.hiddenActivation': ['tanh', 'relu'] })
    const r = await fw('sweep', '--csv', sample, '--target', 'CO2', '--grid', grid, '--epochs', '1', '--lookback', '12', '--db', join(dir, 'sweep.db'))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('\nnote: model.hiddenActivation has no effect in any trial (no effect on LSTM): its values train alike, so trials that differ only in it tie\n')
    expect(r.stdout.indexOf('no effect in any trial')).toBeLessThan(r.stdout.indexOf('trial 1'))
  }, 120_000)
})
