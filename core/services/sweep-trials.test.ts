// A stored sweep told again without training: each run matched to its trial by rebuilding the
// trials from the sweep's spec over its config, the trials with no run named, which sweep fw sweep
// run again continues (fw's own, lacking trials, none training), and a trial's standing for fw show.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { resolveConfig } from '../train/config'
import { expandGrid } from '../train/sweep'
import { storedRanking, sweepStanding, sweepToContinue, trialName } from './sweep-trials'

const store = openStore(join(mkdtempSync(join(tmpdir(), 'fw-sweep-trials-')), 'runs.db'), { appVersion: 'test' })
afterAll(() => store.close())

const ds = store.datasets.save({ name: 'small.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2, 3]) }] })
const grid = { 'model.hiddenSize': [2, 3, 4] }
const trials = expandGrid(resolveConfig({ data: { target: 'y' } } as never), grid)
/** A sweep of `spec` with trials `stored` (indices) stored as runs, each with a chosen forecast's
 *  validation MAE of 10 - its index; `status` of each. */
function sweepOf(spec: string, stored: number[], status: 'done' | 'cancelled' | 'running' = 'done'): { sweepId: number; runs: number[] } {
  const sweepId = store.sweeps.create({ name: 'sweep of small.csv', specJson: spec })
  const runs = stored.map((i) => {
    const t = trials[i]!
    const id = store.runs.create({ datasetId: ds, sweepId, configJson: JSON.stringify(t.config), seed: t.config.training.seed, name: trialName(sweepId, i, t.params) })
    store.runs.transition(id, 'running')
    if (status !== 'running') {
      store.runs.setChoice(id, JSON.stringify({ chosen: 'ets', label: 'ETS', network: 0, season: 1, steps: 1, message: 'ETS chosen', members: [{ name: 'ets', label: 'ETS', weight: 1 }], validation: [{ name: 'ets', label: 'ETS', mae: 10 - i }] }))
      store.runs.transition(id, status)
    }
    return id
  })
  return { sweepId, runs }
}
const fwSpec = JSON.stringify({ grid, random: null })

describe('a stored sweep told again', () => {
  it('ranks its runs by trial, and names the trials that have none', () => {
    const { sweepId, runs } = sweepOf(fwSpec, [2, 0])
    const r = storedRanking(store, sweepId)
    expect(r.trials).toBe(3)
    expect(r.unstored).toEqual([2])
    expect(r.ofFw).toBe(true)
    expect(r.ranked.map((x) => [x.rank, x.trial, x.runId, x.params['model.hiddenSize']])).toEqual([[1, 3, runs[0], 4], [2, 1, runs[1], 2]])
    expect(sweepStanding(store, { id: runs[1]!, sweepId })).toMatchObject({ sweepId, trials: 3, ranked: 2, row: { rank: 2, trial: 1 } })
    // the same command again continues it, with its stored trials by index
    const c = sweepToContinue(store, ds, fwSpec, trials)
    expect(c?.sweepId).toBe(sweepId)
    expect([...c!.stored.keys()].sort()).toEqual([0, 2])
  })

  it('continues no sweep that has every trial, trains now, is on other data or has another spec', () => {
    const mark = store.sweeps.list().length
    sweepOf(fwSpec, [0, 1, 2])
    const training = sweepOf(fwSpec, [1], 'running')
    expect(sweepToContinue(store, ds, fwSpec, trials)?.sweepId).not.toBe(training.sweepId)
    const other = store.datasets.save({ name: 'other.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2]) }] })
    expect(sweepToContinue(store, other, fwSpec, trials)).toBeNull()
    expect(sweepToContinue(store, ds, JSON.stringify({ grid, random: 3 }), trials)).toBeNull()
    expect(store.sweeps.list().length).toBe(mark + 2)
  })

  it("says an app's sweep (its spec the grid alone) is not fw sweep's to continue", () => {
    const { sweepId } = sweepOf(JSON.stringify({ grid }), [1], 'cancelled')
    const r = storedRanking(store, sweepId)
    expect(r.ofFw).toBe(false)
    expect(r.unstored).toEqual([1, 3])
    expect(r.ranked[0]).toMatchObject({ trial: 2, status: 'cancelled' })
  })
})
