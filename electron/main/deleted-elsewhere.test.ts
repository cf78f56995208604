// Runs and datasets deleted by another process (`fw rm` on the app's database, fw's own connection)
// are told to every window and tab as the app's own deletions are (deleted-broadcast.test.ts), at
// the backend's next check (a timer, and main on a window's focus), not at a window's next request.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { checkDeletedMessage, type RunEventMessage } from '../contract'
import { DELETION_CHECK_MS } from '../../core/services/deletion-watch'
import { defaultConfig } from '../../core/train/config'
import { main as fwMain } from '../../core/cli/index'
import { createBackend, type Backend } from '../web/backend'

let backend: Backend | null = null
afterEach(async () => {
  vi.useRealTimers()
  await backend?.close()
  backend = null
})

/** The back end main and browser mode's server open (createBackend), and what it told every window. */
function opened(): { backend: Backend; file: string; told: RunEventMessage[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fw-deleted-elsewhere-'))
  const file = join(dir, 'runs.db')
  const told: RunEventMessage[] = []
  backend = createBackend({
    dbPath: file,
    samplesDir: dir,
    trainerPath: join(dir, 'no-trainer.js'),
    fork: () => {
      throw new Error('no trainer in this test')
    },
    version: 'test',
    mode: 'web',
    broadcast: (m) => void told.push(m),
    broadcastBacktest: () => {}
  })
  return { backend, file, told }
}

/** `fw ...` on the database, as a user types it (fw's own connection: another one than the app's). */
async function fw(file: string, ...argv: string[]): Promise<string> {
  let out = ''
  let err = ''
  const code = await fwMain([...argv, '--db', file], { write: (s) => void (out += s), isTTY: false }, { write: (s) => void (err += s), isTTY: false })
  expect(code, err).toBe(0)
  return out
}

/** A dataset and `n` runs on it stored by the app (cancelled: fw rm leaves a live process's queued runs alone). */
function stored(b: Backend, k: number, n: number): { datasetId: number; runIds: number[] } {
  const datasetId = b.store.datasets.save({ name: `f${k}.csv`, columns: [{ name: 'temp', kind: 'numeric', data: Float64Array.from({ length: 30 }, (_, i) => k + i) }] })
  const runIds = Array.from({ length: n }, () => b.store.runs.create({ datasetId, configJson: JSON.stringify(defaultConfig('temp')), seed: 1 }))
  for (const id of runIds) b.store.cancelRun(id)
  return { datasetId, runIds }
}
const deletions = (told: RunEventMessage[]) => told.filter((m) => m.event.type === 'deleted')

describe('deletions by another process', () => {
  it('fw rm of runs and of a dataset is told to every window at the next check, as the app tells its own', async () => {
    const { backend: b, file, told } = opened()
    const { runIds: [a, c] } = stored(b, 1, 2)
    const spare = stored(b, 2, 0).datasetId
    await fw(file, 'rm', String(a), String(c))
    expect(deletions(told)).toEqual([]) // not yet looked
    b.checkDeletions()
    await fw(file, 'rm', '--dataset', String(spare))
    b.checkDeletions()
    b.checkDeletions() // nothing new: nothing told again
    expect(deletions(told)).toEqual([
      { runId: null, event: { type: 'deleted', runIds: [a, c], datasetIds: [] } },
      { runId: null, event: { type: 'deleted', runIds: [], datasetIds: [spare] } }
    ])
    for (const m of deletions(told)) expect(() => checkDeletedMessage(m)).not.toThrow()
  })

  it("the backend's timer looks every DELETION_CHECK_MS; closing stops it", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { backend: b, file, told } = opened()
    const { runIds: [a] } = stored(b, 1, 1)
    await fw(file, 'rm', String(a))
    vi.advanceTimersByTime(DELETION_CHECK_MS - 1)
    expect(deletions(told)).toEqual([])
    vi.advanceTimersByTime(1)
    expect(deletions(told)).toEqual([{ runId: null, event: { type: 'deleted', runIds: [a], datasetIds: [] } }])
    await b.close()
    backend = null
    expect(vi.getTimerCount()).toBe(0)
  })

  it("a run the app deleted itself is told once, not again when fw's deletion is found", async () => {
    const { backend: b, file, told } = opened()
    const { runIds: [mine, theirs] } = stored(b, 1, 2)
    const r = await b.dispatcher.dispatch('deleteRun', { runId: mine })
    expect(r.ok).toBe(true)
    await fw(file, 'rm', String(theirs))
    b.checkDeletions()
    expect(deletions(told).map((m) => m.event)).toEqual([
      { type: 'deleted', runIds: [mine], datasetIds: [] },
      { type: 'deleted', runIds: [theirs], datasetIds: [] }
    ])
  })
})
