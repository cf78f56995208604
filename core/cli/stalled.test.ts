import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'
import { interruptedRun } from './test-fixtures/interrupted'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname

describe('fw train whose training loss barely moved', () => {
  it('says so after its epochs, and that the learning rate may be too small, naming the flag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-stalled-'))
    const config = join(dir, 'config.json')
    writeFileSync(config, JSON.stringify({ training: { lr: 1e-6, epochs: 5 } }))
    const r = await fw('train', '--csv', sample, '--target', 'temp_max', '--config', config, '--no-db', '--out', dir)
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(/\nnote: training loss barely moved: [\d.]+ at epoch 1, [\d.]+ at best after 5 epochs \(0\.\d\d % lower; under 1 % counts as barely\); the learning rate 0\.000001 may be too small: train again with a larger one \(--lr\), e\.g\. toward the default 0\.005\n\ntest metrics \(5 epochs/)
  })
})

describe('fw resume of a run whose training loss barely moved', () => {
  it('judges every stored epoch, those before the resume too, and says so as fw train does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-stalled-resume-'))
    const db = join(dir, 'runs.db')
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ training: { lr: 1e-6, epochs: 6 } }))
    // 3 epochs, then the process "dies": the resumed part alone (3 epochs) is too short to judge
    const runId = await interruptedRun(db, sample, ['--target', 'temp_max', '--config', join(dir, 'config.json')], 3)
    const r = await fw('resume', String(runId), '--db', db)
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(/\nnote: training loss barely moved: [\d.]+ at epoch 1, [\d.]+ at best after 6 epochs .*\(--lr\)/)
  }, 60_000)
})
