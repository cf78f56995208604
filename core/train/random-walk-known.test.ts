// A series whose changes look like white noise on their own is forecast by naive (a random walk),
// unless its changes move with those of an input the network reads at the row it forecasts: a
// random walk plus a promotion's lift is not a random walk given the promotion. Before, the guard
// read the target alone and chose naive there.
import { describe, expect, it } from 'vitest'
import { importCsv, randomWalkTest } from '../data'
import { gauss } from '../data/testing'
import { resolveConfig } from './config'
import { runTraining } from './run'

const DAY = 864e5
const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * DAY).toISOString().slice(0, 10)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
const N = 100

/** sales: a random walk (steps N(0, 2)) plus 4 on promotion days (a 0/1 draw, p 0.3); `column`:
 *  that promotion, or (false) an independent draw of the same kind. */
function series(seed: number, relevant: boolean): { csv: string; sales: number[] } {
  const u = gauss(seed)
  const coin = gauss(seed + 1)
  let walk = 100
  const lines = ['date,sales,promo']
  const sales: number[] = []
  for (let i = 0; i < N; i++) {
    walk += 2 * u()
    const p = coin() > 0.5244 ? 1 : 0 // P(z > 0.5244) = 0.3
    const other = coin() > 0.5244 ? 1 : 0
    sales.push(Math.round((walk + 4 * p) * 100) / 100)
    lines.push(`${day(i)},${sales[i]!.toFixed(2)},${relevant ? p : other}`)
  }
  return { csv: lines.join('\n') + '\n', sales }
}

async function choiceOf(csv: string, data: Record<string, unknown> = {}) {
  const config = resolveConfig({
    data: { target: 'sales', features: ['promo'], known: ['promo'], ...data } as never,
    model: { hiddenSize: 8 } as never,
    training: { epochs: 5, seed: 3 }
  })
  const r = await runTraining({ config, dataset: await importCsv(csv, { fileName: 'walk.csv' }) }, hooks)
  const file = r!.modelFile as { pipeline: { choice: { chosen: string; message: string } } }
  return file.pipeline.choice
}

describe('the random-walk guard and inputs known in the future', () => {
  const SEED = 10
  it('a walk whose changes look like noise alone, but move with the promotion: the rule goes on, and says why', async () => {
    const { csv, sales } = series(SEED, true)
    // the premise: by its own training rows (the first 70 %) the series is a random walk
    expect(randomWalkTest(sales.slice(0, 70), 1).randomWalk).toBe(true)
    const c = await choiceOf(csv)
    const follows = /move with those of promo \(t = [\d.]+, p (< 0\.001|= [\d.]+)\), which the network reads at the row it forecasts/
    expect(c.message).toMatch(follows)
    // the exception stands for a forecast with the network, which reads the promotion (choice.test.ts
    // has the other case: without the network the forecast stays naive)
    expect(c.chosen).toBe('ensemble')
    // (then the steps the choice scored: 14 at horizon 1, choice-steps.ts)
    expect(c.message).toMatch(/: not a random walk given promo; every candidate was scored on its forecasts 1 to 14 steps ahead from each validation origin \(the run's horizon is 1\)$/)
  }, 60_000)

  it('a run stored before leads (knownLead false) reads the promotion only up to the window\'s end: naive, as a random walk', async () => {
    const c = await choiceOf(series(SEED, true).csv, { knownLead: false })
    expect(c.chosen).toBe('naive')
    expect(c.message).not.toContain('move with those of promo')
  }, 60_000)

  it('the same walk beside a promotion column drawn apart from it: naive, as a random walk', async () => {
    const { csv } = series(SEED, false)
    const c = await choiceOf(csv)
    expect(c.chosen).toBe('naive')
    expect(c.message).toContain('it behaves like a random walk, whose best forecast is its last value, so the forecast is naive')
    expect(c.message).not.toContain('not a random walk given')
  }, 60_000)
})
