// Preparation searches the training rows for outliers (to fit the target's scaler, prepareRun);
// the statistical models' histories (evaluate's statJobOf and its own fits) take what it found
// rather than searching the same values again (about 1.4 s on a 100,000-row series), and the
// evaluation is the same to the bit.
import { describe, expect, it, vi } from 'vitest'
import { importCsv, targetWithFilled } from '../data'
import { createModel, Rng } from '../engine'
import { resolveConfig } from './config'
import { prepareRun } from './prepare'
import { evaluate, statJobOf } from './evaluate'
import { statHistories } from './choice'

// the lengths of the searches made, in order: at once, or pausing (trainOutliers, as preparation
// pauses at its passes)
const searchLengths = vi.hoisted(() => [] as number[])
vi.mock('../data/stats/outliers', async (original) => {
  const m = await original<typeof import('../data/stats/outliers')>()
  return {
    ...m,
    statOutliersOfTail: (...a: Parameters<typeof m.statOutliersOfTail>) => (searchLengths.push(a[0].length), m.statOutliersOfTail(...a)),
    statOutliersOfTailPausing: (...a: Parameters<typeof m.statOutliersOfTailPausing>) => (searchLengths.push(a[0].length), m.statOutliersOfTailPausing(...a))
  }
})
const N = 144
const BAD = 40 // a training row
async function spikeRun() {
  let s = 7
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31)
  const ys = Array.from({ length: N }, (_, t) => (t === BAD ? 5000 : 100 + 0.3 * t + 20 * Math.sin((2 * Math.PI * t) / 12) + 2 * (rnd() - 0.5)))
  const csv = ['month,sales', ...ys.map((y, t) => `${new Date(Date.UTC(2010, t, 1)).toISOString().slice(0, 10)},${y.toFixed(4)}`)].join('\n') + '\n'
  const dataset = await importCsv(csv, { fileName: 'sales.csv' })
  const config = resolveConfig({ data: { target: 'sales', features: [], lookBack: 12 } as never, model: { cell: 'gru', hiddenSize: 4, forecaster: 'combination' }, training: { epochs: 1, batchSize: 64, earlyStopping: null } })
  return prepareRun(config, dataset)
}
/** The searches made since `from` of `rows` values (the training rows alone, or every row). */
const searchesOf = (rows: number, from: number) => searchLengths.slice(from).filter((n) => n === rows).length

describe("the training rows' outliers, searched once", () => {
  it("statJobOf takes preparation's finding: equal to a new search's, which it does not make", async () => {
    const run = await spikeRun()
    const { train } = run.prep.splits
    expect(run.trainOutliers!.replaced.map((r) => [r.row, r.value])).toEqual([[BAD, 5000]]) // the premise: the spike found
    const before = searchLengths.length
    const { histories } = statJobOf(run)!
    expect(searchesOf(train.end - train.start, before)).toBe(0)
    expect(searchesOf(N, before)).toBe(1) // every row's search: not preparation's
    const series = targetWithFilled(run.prep)
    const again = statHistories(series, train, run.season, true)
    expect(searchesOf(train.end - train.start, before)).toBe(1)
    expect(histories).toEqual(again)
  })
  it('the evaluation of a run with a spike is the one a new search gives, to the bit; where the values differ it searches them', async () => {
    const run = await spikeRun()
    const model = createModel(run.spec, new Rng(3))
    const before = searchLengths.length
    const reused = evaluate(model, run, 0.9)
    const rows = run.prep.splits.train.end - run.prep.splits.train.start
    expect(searchesOf(rows, before)).toBe(0)
    const searched = evaluate(model, { ...run, trainOutliers: undefined }, 0.9)
    expect(searchesOf(rows, before)).toBe(1)
    expect(reused.choice!.outliers!.train).toEqual([expect.objectContaining({ row: BAD, value: 5000 })])
    expect(reused).toEqual(searched)
    // preparation searched other values (one changed): not taken
    const values = run.trainOutliers!.values.slice()
    values[3]! += 1
    const other = evaluate(model, { ...run, trainOutliers: { ...run.trainOutliers!, replaced: [], values } }, 0.9)
    expect(searchesOf(rows, before)).toBe(2)
    expect(other).toEqual(searched)
  })
})
