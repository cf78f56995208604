import { describe, expect, it } from 'vitest'
import { fitStat, importCsv } from '../data'
import { createModel, Rng } from '../engine'
import type { ForecastChoice } from './choice'
import { resolveConfig } from './config'
import { explainRun } from './explain-run'
import { prepareRun } from './prepare'

// A target-only daily series, an untrained float64 network (explanations hold for any weights) and
// a run forecast that blends it with the naive model.
async function subject() {
  const lines = ['date,y']
  for (let i = 0; i < 200; i++) lines.push(`${new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)},${(50 + 10 * Math.sin(i / 3) + i * 0.1).toFixed(3)}`)
  const ds = await importCsv(lines.join('\n'), { fileName: 'y.csv', decimal: 'dot' })
  const config = resolveConfig({ data: { target: 'y', lookBack: 6 } })
  const run = prepareRun(config, ds)
  const model = createModel(run.spec, new Rng(3), 'float64')
  const naive = fitStat('naive', Float64Array.from(run.prep.targetRaw.subarray(0, run.prep.splits.train.end)), null)
  const choice = { chosen: 'ensemble', label: 'mean of the network and naive', network: 0.5, members: [{ name: 'naive', label: 'Naive', weight: 0.5, fit: naive.toJSON(), full: naive.toJSON() }] } as unknown as ForecastChoice
  return { model, prep: run.prep, lookback: 6, horizon: 1, direct: false, choice }
}

describe('explainRun', () => {
  it('a target-only run: the forecast past the end adds up, permutation goes per lag, and the naive member depends on lag 1 alone', async () => {
    const s = await subject()
    const e = explainRun(s, { windows: 40, repeats: 2 })
    expect(e.at.end).toBe(s.prep.N - 1)
    expect(e.at.row).toBe(s.prep.N)
    expect(e.at.time).toBe(Date.UTC(2021, 0, 1 + 200)) // past the end, by the inferred daily step
    const sum = e.at.attributions.flat().reduce((a, b) => a + b, 0)
    expect(Math.abs(sum - (e.at.forecast - e.at.fromBaseline))).toBeLessThan(1e-9 * Math.max(1, Math.abs(e.at.forecast)))
    expect(Math.abs(e.at.attributions[5]![0]!)).toBe(0) // the anchor row's relative input is 0, so is its attribution
    expect(e.baseline.kind).toBe('no change')
    expect(e.permutation!.by).toBe('lag')
    expect(e.permutation!.items.map((x) => x.name)).toEqual(['lag 6', 'lag 5', 'lag 4', 'lag 3', 'lag 2', 'lag 1'])
    const naive = e.members[0]!
    expect(naive.items.slice(0, 5).every((x) => x.increase === 0)).toBe(true)
    expect(naive.items[5]!.increase).toBeGreaterThan(0)
    expect(e.notes.join(' ')).toMatch(/target-only model/)
    expect(e.global!.windows).toBe(Math.min(40, s.prep.windows.val.starts.length))
  })

  it('refuses a window that does not fit the data', async () => {
    const s = await subject()
    expect(() => explainRun(s, { end: 3, localOnly: true })).toThrow(/must end at a row in 5\.\./)
  })
})
