// fw show says how often the gradient-norm clip cut the gradient (the epochs' stored clip rates,
// over the whole run), as the app's Train view does (core/train/clip-rate.ts); --json gives it as
// clipRate. A run stored without rates, or trained without clipping, says nothing (not 0 %). Also the
// notes beside it: a per-step run's clip rate and best val loss, and a vanishing gradient (fw train too).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { clipWords } from '../train/clip-rate'
import { fw } from './test-fixtures/fw'
import { interruptedGlobalRun, interruptedRun } from './test-fixtures/interrupted'

const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-clip-rate-'))
const db = join(dir, 'runs.db')
const ids = { mostly: 0, old: 0, off: 0, perStep: 0, vanishing: 0, direct: 0 }

beforeAll(async () => {
  const t = await fw('train', '--csv', sample, '--target', 'CO2', '--epochs', '1', '--db', db, '--out', join(dir, 'out'), '--json')
  expect(t.code).toBe(0)
  const done = (JSON.parse(t.stdout.slice(t.stdout.indexOf('{'))) as { runId: number }).runId
  const store = openStore(db, { appVersion: 'test' })
  try {
    const run = store.runs.get(done)
    const config = JSON.parse(run.configJson) as { training: Record<string, unknown>; model: Record<string, unknown>; data: Record<string, unknown> }
    const stored = (clipRates: (number | null)[], clipNorm = 1, perStep = false, gradFlow: number[] | null = null, direct = false) => {
      const model = perStep ? { ...config.model, outputMode: 'per-step' } : config.model
      const training = { ...config.training, clipNorm, ...(perStep ? { warmupSteps: 2 } : {}) }
      const data = perStep ? { ...config.data, lookBack: 14 } : direct ? { ...config.data, direct: true, horizon: 6 } : config.data
      const id = store.runs.create({ datasetId: run.datasetId, configJson: JSON.stringify({ ...config, data, model, training }), seed: 1 })
      store.startRun(id)
      clipRates.forEach((clipRate, i) => store.appendEpoch(id, { epoch: i + 1, trainLoss: 1, valLoss: 1, gradNorm: 3, clipRate, lr: 0.005, seconds: 1, gradFlow }))
      store.cancelRun(id)
      return id
    }
    ids.mostly = stored([1, 0.9, 0.95])
    ids.old = stored([null, null])
    ids.off = stored([0, 0], 0)
    ids.perStep = stored([1, 1], 1, true)
    // a flow at look-back 200 falling 0.6× a step back (stored with the CO2 run's LSTM config), so the latest 28 steps get over 1e-6 of the last one's
    ids.vanishing = stored([0.1], 1, false, Array.from({ length: 200 }, (_, t) => 0.15 * 0.6 ** (199 - t)))
    ids.direct = stored([0.5], 1, false, null, true)
  } finally {
    store.close()
  }
})

describe('fw show: the gradient clip rate', () => {
  it('is the share of the run\'s steps, with the exploding-gradient hint near 100 %', async () => {
    const r = await fw('show', String(ids.mostly), '--db', db)
    expect(r.stdout).toContain("\ngradient clipped in 95 % of the run's steps (clip norm 1): nearly every step was cut down to the clip norm, so the gradient is exploding or the clip norm is small for this model (the grad norm column's values show their size); a lower learning rate (--lr) usually tames an exploding gradient\n")
    const j = JSON.parse((await fw('show', String(ids.mostly), '--db', db, '--json')).stdout) as { clipRate: number | null; sweep: unknown }
    expect(j.clipRate).toBeCloseTo(0.95, 12)
    expect(j.sweep).toBeNull() // a run of no sweep
  })

  it('with per-step outputs, says the norm is large because the loss sums the scored steps, not that the gradient explodes', async () => {
    const r = await fw('show', String(ids.perStep), '--db', db)
    expect(r.stdout).toContain("\ngradient clipped in 100 % of the run's steps (clip norm 1): with per-step outputs the loss sums the 12 scored steps of each window, so the gradient norm is about 12 times that of final outputs (the grad norm column's values show its size): that, not an exploding gradient, is why nearly every step was cut; a clip norm of about 12 (training.clipNorm in the --config file) leaves it the room 1 leaves final outputs\n")
    expect(r.stdout).not.toMatch(/exploding or/)
    expect(clipWords([{ clipRate: 1 }], 1, 12)?.app).toContain('a clip norm of about 12 (Clip gradient norm in Setup)')
    expect(clipWords([{ clipRate: 0.5 }], 1, 12)?.message).toBe("gradient clipped in 50 % of the run's steps (clip norm 1)")
  })

  it("fw runs marks a per-step run's best val loss as a sum of its scored steps, not a final-output run's loss", async () => {
    const lines = (await fw('runs', '--db', db)).stdout.split('\n')
    expect(lines.find((l) => l.startsWith(`${ids.perStep} `))).toContain('1.0000 (sum of 12 steps)')
    expect(lines.find((l) => l.startsWith(`${ids.mostly} `))).not.toMatch(/sum of/)
    // a direct run's (one output per step ahead) sums its outputs: marked too
    expect(lines.find((l) => l.startsWith(`${ids.direct} `))).toContain('1.0000 (sum of 6 outputs)')
  })

  it('notes a vanishing gradient from the stored flow (effective memory, what to change); a run whose flow keeps the gradient gets no note', async () => {
    const r = await fw('show', String(ids.vanishing), '--db', db)
    expect(r.stdout).toMatch(/\nnote: vanishing gradient: the oldest 172 of the window's 200 steps get under 1e-6 of the gradient that reaches the last one \(the oldest step \de-\d+ of it\), so the network learns from about the latest 28 rows only \(its effective memory\); the LSTM cell it has keeps it no further here: a shorter look-back, about 28 steps \(--lookback\), trains as well in less time\n/)
    expect((await fw('show', String(ids.mostly), '--db', db)).stdout).not.toMatch(/vanishing/)
  })

  it('fw train says it too, before the scores (Elman at look-back 200 on Seattle, one epoch)', async () => {
    const cfg = join(dir, 'elman200.json')
    writeFileSync(cfg, JSON.stringify({ data: { lookBack: 200 }, model: { cell: 'elman' }, training: { epochs: 1 } }))
    const seattle = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
    const r = await fw('train', '--csv', seattle, '--target', 'temp_max', '--config', cfg, '--no-db', '--out', join(dir, 'elman200'))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/\nnote: vanishing gradient: the oldest \d+ of the window's 200 steps get under 1e-6 of the gradient that reaches the last one .*an LSTM or GRU cell \(--cell\).*\n\ntest metrics/)
  }, 60_000)

  it('fw train says why a per-step run clipped nearly every step, as fw show does (Seattle, look-back 12, one epoch)', async () => {
    const cfg = join(dir, 'perstep.json')
    writeFileSync(cfg, JSON.stringify({ model: { outputMode: 'per-step' }, training: { epochs: 1 } }))
    const seattle = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
    const r = await fw('train', '--csv', seattle, '--target', 'temp_max', '--config', cfg, '--no-db', '--out', join(dir, 'perstep'))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/\nnote: gradient clipped in \d+ % of the run's steps \(clip norm 1\): with per-step outputs the loss sums the 12 scored steps of each window.*\n(note: .*\n)*\ntest metrics/)
  }, 60_000)

  it('fw resume says it too, judging every stored epoch (those before the stop too), as fw train does', async () => {
    const cfg = join(dir, 'perstep-resume.json')
    writeFileSync(cfg, JSON.stringify({ model: { outputMode: 'per-step' }, training: { epochs: 2 } }))
    const seattle = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
    const resumeDb = join(dir, 'resume.db')
    // one epoch, then the process "dies"
    const runId = await interruptedRun(resumeDb, seattle, ['--target', 'temp_max', '--config', cfg], 1)
    const r = await fw('resume', String(runId), '--db', resumeDb, '--out', join(dir, 'perstep-resumed'))
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(/\nnote: gradient clipped in \d+ % of the run's steps \(clip norm 1\): with per-step outputs the loss sums the 12 scored steps of each window.*\n(note: .*\n)*\ntest metrics \(2 epochs/)
  }, 120_000)

  it('fw train --global and its fw resume say it too, as a single run does (stores-long.csv, per-step outputs)', async () => {
    const cfg = join(dir, 'perstep-global.json')
    writeFileSync(cfg, JSON.stringify({ model: { outputMode: 'per-step' }, training: { epochs: 2 } }))
    const stores = new URL('./test-fixtures/stores-long.csv', import.meta.url).pathname
    const args = ['--csv', stores, '--target', 'sales', '--series', 'store', '--global', '--config', cfg, '--lookback', '7', '--seed', '3']
    const said = /\nnote: gradient clipped in \d+ % of the run's steps \(clip norm 1\): with per-step outputs the loss sums the 7 scored steps of each window.*\n/
    const t = await fw('train', ...args, '--no-db', '--out', join(dir, 'perstep-global'))
    expect([t.code, t.stderr]).toEqual([0, ''])
    expect(t.stdout).toMatch(said)
    // one epoch, then the process "dies"; resumed, every stored epoch is judged
    const resumeDb = join(dir, 'resume-global.db')
    const stopped = await interruptedGlobalRun(resumeDb, args, 1, join(dir, 'perstep-global-stopped'))
    const r = await fw('resume', String(stopped), '--db', resumeDb)
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(said)
  }, 120_000)

  it('says nothing for a run stored without rates, or trained without clipping', async () => {
    for (const id of [ids.old, ids.off]) {
      const r = await fw('show', String(id), '--db', db)
      expect(r.code).toBe(0)
      expect(r.stdout).not.toMatch(/clipped/)
      expect((JSON.parse((await fw('show', String(id), '--db', db, '--json')).stdout) as { clipRate: unknown }).clipRate).toBeNull()
    }
  })

  it('rounds honestly at the ends: a rare clip is not 0 %, nor a near-constant one 100 %', () => {
    expect(clipWords([{ clipRate: 0.001 }], 1)?.message).toBe("gradient clipped in under 1 % of the run's steps (clip norm 1)")
    expect(clipWords([{ clipRate: 0 }, { clipRate: 0.4 }], 2)?.message).toBe("gradient clipped in 20 % of the run's steps (clip norm 2)")
    expect(clipWords([{ clipRate: 0.999 }], 1)?.message).toMatch(/^gradient clipped in over 99 % of the run's steps \(clip norm 1\): /)
    expect(clipWords([{ clipRate: 1 }, { clipRate: null }], 1)?.message).toMatch(/^gradient clipped in 100 % of the run's steps/)
  })
})
