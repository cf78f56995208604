// The watch for deletions by another process: what it reads per check (cheap while nothing changed
// elsewhere) and what it tells, over a real store and a second connection to the same file.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openStore, type IdsTable, type Store } from '../store'
import { watchDeletions } from './deletion-watch'

const open: Store[] = []
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})
/** The app's store and a second connection to the same file (fw's, in another process). */
function twoConnections(): { app: Store; other: Store } {
  const file = join(mkdtempSync(join(tmpdir(), 'fw-deletion-watch-')), 'runs.db')
  const app = openStore(file, { appVersion: 'test' })
  const other = openStore(file, { appVersion: 'test', ownerKind: 'cli' })
  open.push(app, other)
  return { app, other }
}
const dataset = (s: Store, k: number) => s.datasets.save({ name: `f${k}.csv`, columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([k, k + 1, k + 2]) }] })
/** A run stored and cancelled (another connection may not delete a live process's queued run). */
function run(s: Store, datasetId: number): number {
  const id = s.runs.create({ datasetId, configJson: '{}', seed: 1 })
  s.cancelRun(id)
  return id
}

describe('store.ids', () => {
  it("data_version moves on another connection's commit, not on this one's", () => {
    const { app, other } = twoConnections()
    const v0 = app.ids.dataVersion()
    run(app, dataset(app, 1))
    expect(app.ids.dataVersion()).toBe(v0)
    dataset(other, 2)
    expect(app.ids.dataVersion()).not.toBe(v0)
  })

  it('lists every id, or those above the ones given, and the largest ever given', () => {
    const { app } = twoConnections()
    const [d1, d2] = [dataset(app, 1), dataset(app, 2)]
    const [r1, r2, r3] = [run(app, d1), run(app, d1), run(app, d2)]
    expect(app.ids.list()).toEqual({ runs: [r1, r2, r3], datasets: [d1, d2], last: { runs: r3, datasets: d2 } })
    app.runs.remove(r3)
    expect(app.ids.list({ runs: r1, datasets: d2 })).toEqual({ runs: [r2], datasets: [], last: { runs: r3, datasets: d2 } })
  })
})

describe('watchDeletions', () => {
  it('tells the runs and datasets another connection deleted, those this one stored after it started included', () => {
    const { app, other } = twoConnections()
    const d1 = dataset(app, 1)
    const r1 = run(app, d1)
    const told: [number[], number[]][] = []
    const w = watchDeletions(app.ids, (runs, datasets) => void told.push([runs, datasets]))
    // stored by this connection after the watch began: no data_version change, found by the range read
    const d2 = dataset(app, 2)
    const r2 = run(app, d2)
    w.check()
    expect(told).toEqual([])
    other.runs.remove(r2)
    other.runs.remove(r1)
    w.check()
    other.datasets.remove(d2)
    w.check()
    w.check() // nothing more changed: nothing more told
    expect(told).toEqual([[[r1, r2], []], [[], [d2]]])
  })

  it('tells a run this connection stored and another deleted before any check saw it', () => {
    const { app, other } = twoConnections()
    const d = dataset(app, 1)
    const told: number[][] = []
    const w = watchDeletions(app.ids, (runs) => void told.push(runs))
    const [kept, gone] = [run(app, d), run(app, d)]
    other.runs.remove(gone)
    w.check()
    expect(told).toEqual([[gone]])
    expect(app.ids.list().runs).toEqual([kept])
  })

  it('does not tell again what this process deleted and forgot; tells only what another did', () => {
    const { app, other } = twoConnections()
    const d = dataset(app, 1)
    const [mine, theirs] = [run(app, d), run(app, d)]
    const told: number[][] = []
    const w = watchDeletions(app.ids, (runs) => void told.push(runs))
    const late = run(app, d) // above the ids the watch has read
    app.runs.remove(mine)
    app.runs.remove(late)
    w.forget([mine, late], [])
    other.runs.remove(theirs)
    w.check()
    expect(told).toEqual([[theirs]])
  })

  it('reads every id only after another connection committed; otherwise one PRAGMA and a range read above the highest id', () => {
    const { app, other } = twoConnections()
    run(app, dataset(app, 1))
    const reads: string[] = []
    const counted: IdsTable = {
      dataVersion: () => (reads.push('version'), app.ids.dataVersion()),
      list: (above) => (reads.push(above ? `above ${above.runs},${above.datasets}` : 'all'), app.ids.list(above))
    }
    const w = watchDeletions(counted, () => {})
    reads.length = 0
    w.check()
    w.check()
    expect(reads).toEqual(['version', 'above 1,1', 'version', 'above 1,1'])
    reads.length = 0
    dataset(other, 2)
    w.check()
    w.check()
    expect(reads).toEqual(['version', 'all', 'version', 'above 1,2'])
  })

  it('a refused read is read again at the next check; nothing is lost', () => {
    const { app, other } = twoConnections()
    const r = run(app, dataset(app, 1))
    let refuse = false
    const flaky: IdsTable = {
      dataVersion: () => app.ids.dataVersion(),
      list: (above) => {
        if (refuse) throw new Error('database is locked')
        return app.ids.list(above)
      }
    }
    const told: number[][] = []
    const w = watchDeletions(flaky, (runs) => void told.push(runs))
    other.runs.remove(r)
    refuse = true
    expect(() => w.check()).not.toThrow()
    refuse = false
    w.check()
    expect(told).toEqual([[r]])
  })

  it('a broadcast that throws is logged once and the watch goes on telling', () => {
    const { app, other } = twoConnections()
    const d = dataset(app, 1)
    const [r1, r2, r3] = [run(app, d), run(app, d), run(app, d)]
    const told: number[][] = []
    const w = watchDeletions(app.ids, (runs) => {
      told.push(runs)
      if (told.length < 3) throw new Error('window gone')
    })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      other.runs.remove(r1)
      expect(() => w.check()).not.toThrow()
      other.runs.remove(r2)
      expect(() => w.check()).not.toThrow()
      other.runs.remove(r3)
      w.check()
      expect(told).toEqual([[r1], [r2], [r3]])
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]![0])).toContain('window gone')
    } finally {
      warn.mockRestore()
    }
  })
})
