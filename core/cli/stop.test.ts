import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HEARTBEAT_MS, openStore } from '../store'
import { checkpoint, seedRun } from '../store/test-fixtures/sample'
import { OUTLIER_PASSES } from '../data'
import { EVALUATE_STEPS, FIT_PARTS, PATH_PARTS, QUANTILE_PARTS } from '../train/evaluate'
import { PREPARE_STEPS } from '../train/prepare'
import { parseArgs } from './args'
import { RunTaken, Stopped, stopHooks, stoppedRun, trapStop } from './stop'
import { TRAIN_FLAGS, train } from './train'
import { trainGlobalCommand } from './global'

// Real signals are sent to real processes in processes.test.ts; this covers the bookkeeping.

afterEach(() => vi.restoreAllMocks())

describe('the training loop hooks', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'fw-cli-stop-')), 'runs.db')

  it('beat for the run every few seconds, and stop once another process has marked it interrupted', () => {
    const store = openStore(db, { ownerKind: 'cli' })
    const { runId } = seedRun(store)
    let t = 1_000_000
    vi.spyOn(Date, 'now').mockImplementation(() => t)
    const hooks = stopHooks(null, store, () => runId)
    expect(hooks.shouldStop()).toBe(false)
    t += HEARTBEAT_MS
    expect(hooks.shouldStop()).toBe(false)
    expect(store.runs.get(runId).heartbeatAt).toBe(t)
    // another process took this one for dead
    store.db.prepare(`UPDATE runs SET status = 'interrupted', error = 'interrupted: no heartbeat' WHERE id = ?`).run(runId)
    expect(hooks.shouldStop()).toBe(false) // not yet time for the next beat
    t += HEARTBEAT_MS
    expect(hooks.shouldStop()).toBe(true)
    expect(hooks.taken()).toBe(true)
    expect(() => stoppedRun(null, true, store, runId)).toThrow(
      new RunTaken(`run ${runId} was marked interrupted by another process (interrupted: no heartbeat); training stopped here. No epoch finished, so no checkpoint is kept: fw resume ${runId} trains it again from the start (same seed)`)
    )
    expect(store.runs.get(runId).status).toBe('interrupted') // left as the other process marked it
    store.close()
  })

  it('a stop request cancels the run and names the epoch to resume after', () => {
    const store = openStore(db, { ownerKind: 'cli' })
    const { runId } = seedRun(store)
    store.saveCheckpoint(runId, ['last'], checkpoint(3))
    const trap = { signal: 'SIGTERM' as const, setQuitHint: () => {}, onStop: () => {}, training: () => {}, release: () => {} }
    expect(stopHooks(trap, store, () => runId).shouldStop()).toBe(true)
    expect(() => stoppedRun(trap, false, store, runId)).toThrow(new Stopped(`stopped by SIGTERM: run ${runId} cancelled after epoch 3. Continue it with: fw resume ${runId}`))
    expect(store.runs.get(runId).status).toBe('cancelled')
    expect(() => stoppedRun(trap, false, null, null)).toThrow(new Stopped('stopped by SIGTERM; nothing was saved'))
    store.close()
  })

  // explore25 finding 8: "Continue it with: fw resume 1", then fw resume 1 said "training it again from the start"
  it('a stop before the first epoch ends says that nothing is kept and fw resume trains the run again from the start', () => {
    const store = openStore(db, { ownerKind: 'cli' })
    const { runId } = seedRun(store)
    const trap = { signal: 'SIGINT' as const, setQuitHint: () => {}, onStop: () => {}, training: () => {}, release: () => {} }
    expect(() => stoppedRun(trap, false, store, runId)).toThrow(new Stopped(`stopped by SIGINT: run ${runId} cancelled before its first epoch finished, so no checkpoint is kept: fw resume ${runId} trains it again from the start (same seed)`))
    const other = seedRun(store).runId
    store.db.prepare(`UPDATE runs SET status = 'interrupted', error = 'interrupted: no heartbeat' WHERE id = ?`).run(other)
    expect(() => stoppedRun(null, true, store, other)).toThrow(/; training stopped here\. No epoch finished, so no checkpoint is kept: fw resume \d+ trains it again from the start \(same seed\)$/)
    store.close()
  })
})

describe('a stop request after the last epoch', () => {
  const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
  // the choice's steps (evaluate.ts) before the test intervals' calibration: the outlier passes,
  // the fits, the validation paths, their intervals and the test paths
  const calibrating = 2 * OUTLIER_PASSES + FIT_PARTS + 2 * PATH_PARTS + QUANTILE_PARTS

  it('heard during the test intervals\' calibration: the run is cancelled within half a second, no file written, no result stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-stop-cal-'))
    const db = join(dir, 'runs.db')
    const out = join(dir, 'out')
    const p = parseArgs(['--csv', sample, '--target', 'CO2', '--epochs', '2', '--db', db, '--out', out, '--json'], TRAIN_FLAGS, 'train')
    let training = 0 // trap.training() calls: the first signal's line says 'after this batch' from then
    const trap = { signal: null as NodeJS.Signals | null, setQuitHint: () => {}, onStop: () => {}, training: () => void training++, release: () => {} }
    let sent = 0 // when the signal was sent (ms)
    let landed = 0 // when its handler ran
    let told = 0 // the choice's steps told by then
    const stopped = train(p, { write: () => true, isTTY: false }, (e) => {
      if (e.type !== 'progress' || e.phase !== 'choosing') return
      if (!landed) told = e.done
      // a signal's handler runs on the event loop, as the timer's does: only when the work lets it in
      if (e.done === calibrating && !sent) {
        sent = performance.now()
        setTimeout(() => ((trap.signal = 'SIGINT'), (landed = performance.now())))
      }
    }, trap)
    await expect(stopped).rejects.toThrow(/^stopped by SIGINT: run 1 cancelled after epoch 2\. Continue it with: fw resume 1$/)
    const end = performance.now()
    console.log(`calibration stop: heard ${(landed - sent).toFixed(0)} ms after it was sent, at step ${told}; run ended ${(end - sent).toFixed(0)} ms after it was sent`)
    expect(told).toBeLessThan(EVALUATE_STEPS.regression)
    expect(training).toBe(1)
    expect(end - sent).toBeLessThan(500)
    const store = openStore(db, { ownerKind: 'cli' })
    expect(store.runs.get(1).status).toBe('cancelled')
    expect(store.metrics.list(1)).toEqual([])
    expect(store.forecasts.list(1)).toEqual([])
    store.close()
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  })
})

describe('a stop request while the data is prepared', () => {
  it('heard at the next of preparation\'s steps: the run ends before it starts, nothing stored, no file written', async () => {
    // 30,000 hourly rows: the pipeline and the outlier search's passes (on the last 20,000 training
    // rows) each take tens of milliseconds and more, so the preparation pauses between them
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-stop-prep-'))
    const csv = join(dir, 'hourly.csv')
    const t0 = Date.UTC(2020, 0, 1)
    writeFileSync(csv, 'time,y\n' + Array.from({ length: 30_000 }, (_, i) => `${new Date(t0 + i * 3_600_000).toISOString()},${(10 + 5 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13) / 13).toFixed(2)}`).join('\n') + '\n')
    const db = join(dir, 'runs.db')
    const out = join(dir, 'out')
    const p = parseArgs(['--csv', csv, '--target', 'y', '--epochs', '1', '--db', db, '--out', out, '--json'], TRAIN_FLAGS, 'train')
    let training = 0 // trap.training() calls: none while the data is prepared
    const trap = { signal: null as NodeJS.Signals | null, setQuitHint: () => {}, onStop: () => {}, training: () => void training++, release: () => {} }
    let told = 0 // preparation's steps told
    let started = false
    const stopped = train(p, { write: () => true, isTTY: false }, (e) => {
      if (e.type === 'started') started = true
      if (e.type !== 'progress' || e.phase !== 'preparing') return
      told = e.done
      // the signal's handler runs on the event loop, as the timer's does: only when the work lets it in
      if (e.done === 1) setTimeout(() => (trap.signal = 'SIGINT'))
    }, trap)
    // before, it was heard at the first batch, after 'started' had stored the run: "run 1 cancelled before its first epoch finished"
    await expect(stopped).rejects.toThrow(/^stopped by SIGINT; nothing was saved$/)
    expect(started).toBe(false)
    expect(training).toBe(0)
    expect(told).toBeGreaterThanOrEqual(1)
    expect(told).toBeLessThan(PREPARE_STEPS)
    const store = openStore(db, { ownerKind: 'cli' })
    expect(store.runs.list()).toEqual([])
    expect(store.datasets.list()).toEqual([])
    store.close()
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  }, 60_000)
})

describe('a stop request while a global run prepares its series', () => {
  it('heard after the series in hand: the run ends before it starts, nothing stored', async () => {
    // 400 series of 120 days: each prepared in a few milliseconds, the whole in about a second
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-stop-global-'))
    const csv = join(dir, 'long.csv')
    const t0 = Date.UTC(2020, 0, 1)
    const lines: string[] = []
    for (let s = 0; s < 400; s++) for (let i = 0; i < 120; i++) lines.push(`${new Date(t0 + i * 864e5).toISOString().slice(0, 10)},s${s},${(10 + s % 7 + Math.sin(i / 3) + ((i * 31 + s) % 11) / 11).toFixed(2)}`)
    writeFileSync(csv, 'day,shop,y\n' + lines.join('\n') + '\n')
    const db = join(dir, 'runs.db')
    const p = parseArgs(['--csv', csv, '--target', 'y', '--series', 'shop', '--global', '--epochs', '1', '--db', db, '--out', join(dir, 'out')], TRAIN_FLAGS, 'train')
    const trap = { signal: null as NodeJS.Signals | null, setQuitHint: () => {}, onStop: () => {}, training: () => {}, release: () => {} }
    const said: string[] = []
    const stopped = trainGlobalCommand(p, { isTTY: false, write: (s: string) => {
      said.push(s)
      // the signal's handler runs on the event loop, as the timer's does: only when the work lets it in
      if (/preparing the data: [1-9][\d,]* of 400 series prepared/.test(s) && trap.signal === null) setTimeout(() => (trap.signal = 'SIGINT'))
      return true
    } }, trap)
    // before, it was heard at the first batch, after 'started' had stored the run
    await expect(stopped).rejects.toThrow(/^stopped by SIGINT; nothing was saved$/)
    expect(said.some((s) => /series prepared/.test(s))).toBe(true)
    expect(said.some((s) => s.startsWith('windows: '))).toBe(false) // it never started
    const store = openStore(db, { ownerKind: 'cli' })
    expect(store.runs.list()).toEqual([])
    store.close()
  }, 60_000)
})

describe('the first signal\'s line', () => {
  it('says what fits the phase: the next step of preparing the data, then, once training began, after this batch', () => {
    // the process's own SIGINT listeners (the test runner's) set aside while the trap's are tried
    const others = process.rawListeners('SIGINT') as ((...a: unknown[]) => void)[]
    process.removeAllListeners('SIGINT')
    try {
      const said = (training: boolean) => {
        let text = ''
        const trap = trapStop({ write: (s) => void (text += s), isTTY: false }, () => {})
        if (training) trap.training()
        process.emit('SIGINT', 'SIGINT')
        trap.release()
        return text
      }
      // before: "stopping after this batch" while the data was still prepared (a cancel there is heard at its next step)
      expect(said(false)).toBe('\nfw: SIGINT: stopping at the next step of preparing the data, before training starts; press Ctrl-C again to quit at once\n')
      expect(said(true)).toBe('\nfw: SIGINT: stopping after this batch; press Ctrl-C again to quit at once\n')
    } finally {
      for (const l of others) process.on('SIGINT', l)
    }
  })
})
