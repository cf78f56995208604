// The global run (global.ts) is leak-free across series: changing one series' test values changes
// neither the training losses nor the weights, only that series' test scores.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { resolveConfig } from './config'
import { runGlobalTraining } from './global'
import type { TrainEvent } from './types'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
function csv(edit: (shop: string, i: number, v: number) => number): string {
  const rows = ['shop,date,units']
  for (const [k, s] of ['x', 'y'].entries()) for (let i = 0; i < 60; i++) rows.push(`${s},${day(i)},${edit(s, i, 20 + 30 * k + 0.2 * i + 4 * Math.sin(i + k)).toFixed(3)}`)
  return rows.join('\n') + '\n'
}

async function run(text: string) {
  const ds = await importCsv(text, { fileName: 'shops.csv', series: ['shop'], decimal: 'dot' })
  const config = resolveConfig({
    data: { target: 'units', features: [], lookBack: 5, horizon: 1, series: { columns: ['shop'], values: null, global: { short: 'skip' } } },
    training: { epochs: 3, seed: 2 }
  })
  const losses: number[] = []
  const emit = (e: TrainEvent) => void (e.type === 'epoch' && losses.push(e.trainLoss, e.valLoss ?? NaN))
  const r = await runGlobalTraining({ config, dataset: ds }, { emit, shouldStop: () => false, yieldNow: async () => {} })
  return { r: r!, losses }
}

describe('runGlobalTraining', () => {
  it("is leak-free: series y's test values change no loss and no weight, only y's test scores", async () => {
    const a = await run(csv((_s, _i, v) => v))
    // the cut: 60 days, test from day floor(60 * 0.85) = 51
    const b = await run(csv((s, i, v) => (s === 'y' && i >= 51 ? v * 10 : v)))
    expect(b.losses).toEqual(a.losses)
    expect((b.r.modelFile as { weights: unknown }).weights).toEqual((a.r.modelFile as { weights: unknown }).weights)
    expect(b.r.series[0]!.test).toEqual(a.r.series[0]!.test)
    expect(b.r.series[1]!.test.mae).not.toBe(a.r.series[1]!.test.mae)
    expect(a.r.series.map((s) => s.test.n)).toEqual([9, 9])
    expect(a.r.cuts).toEqual({ valStart: `${day(42)}T00:00:00.000Z`, testStart: `${day(51)}T00:00:00.000Z` })
  })
})
