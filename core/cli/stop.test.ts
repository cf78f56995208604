import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HEARTBEAT_MS, openStore } from '../store'
import { checkpoint, seedRun } from '../store/test-fixtures/sample'
import { RunTaken, Stopped, stopHooks, stoppedRun } from './stop'

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
      new RunTaken(`run ${runId} was marked interrupted by another process (interrupted: no heartbeat); training stopped here. Continue it with: fw resume ${runId}`)
    )
    expect(store.runs.get(runId).status).toBe('interrupted') // left as the other process marked it
    store.close()
  })

  it('a stop request cancels the run and names the epoch to resume after', () => {
    const store = openStore(db, { ownerKind: 'cli' })
    const { runId } = seedRun(store)
    store.saveCheckpoint(runId, ['last'], checkpoint(3))
    const trap = { signal: 'SIGTERM' as const, setQuitHint: () => {}, onStop: () => {}, release: () => {} }
    expect(stopHooks(trap, store, () => runId).shouldStop()).toBe(true)
    expect(() => stoppedRun(trap, false, store, runId)).toThrow(new Stopped(`stopped by SIGTERM: run ${runId} cancelled after epoch 3. Continue it with: fw resume ${runId}`))
    expect(store.runs.get(runId).status).toBe('cancelled')
    expect(() => stoppedRun(trap, false, null, null)).toThrow(new Stopped('stopped by SIGTERM; nothing was saved'))
    store.close()
  })
})
