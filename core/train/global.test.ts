// The global run (global.ts) is leak-free across series: changing one series' test values changes
// neither the training losses nor the weights, only that series' test scores.
import { describe, expect, it } from 'vitest'
import { importCsv, selectRows } from '../data'
import { seriesRows } from '../data/global'
import { resolveConfig, withStoredDefaults } from './config'
import { prepareGlobalRun, runGlobalTraining } from './global'
import { prepareRun } from './prepare'
import { perPercent } from './progress'
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

describe('a global run before its first epoch', () => {
  it('says that it prepares the data, then counts the series prepared, before it starts', async () => {
    const rows = ['shop,date,units']
    for (const [k, s] of ['a', 'b', 'c'].entries()) for (let i = 0; i < 40; i++) rows.push(`${s},${day(i)},${(20 + 10 * k + 0.3 * i + 3 * Math.sin(i + k)).toFixed(3)}`)
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'], decimal: 'dot' })
    const config = resolveConfig({ data: { target: 'units', features: [], lookBack: 5, horizon: 1, series: { columns: ['shop'], values: null, global: { short: 'skip' } } }, training: { epochs: 1, seed: 2 } })
    const events: string[] = []
    const emit = (e: TrainEvent) => void events.push(e.type === 'progress' ? `${e.phase} ${e.done}/${e.total}` : e.type)
    expect(await runGlobalTraining({ config, dataset: ds }, { emit, shouldStop: () => false, yieldNow: async () => {} })).not.toBeNull()
    expect(events.slice(0, events.indexOf('started') + 1)).toEqual(['prepare 0/1', 'prepare 1/3', 'prepare 2/3', 'prepare 3/3', 'started'])
  })

  it('tells the count once per whole percent, and always the last', () => {
    const told: number[] = []
    const tell = perPercent((done) => void told.push(done))
    for (let d = 1; d <= 250; d++) tell(d, 250)
    expect(told).toHaveLength(101) // 0 % (1 of 250) to 100 %
    expect(told.slice(0, 3)).toEqual([1, 3, 5])
    expect(told.at(-1)).toBe(250)
  })
})

// x over 60 days, z over the first 36 only: z ends before the shared test cut (day 51), and its own
// fraction split is too coarse for a direct horizon of 6 (5 validation rows), so a single-series run
// shrinks it (core/data/pipeline.ts shortSeriesSplit): per-series cuts must do the same.
function staggered(): string {
  const rows = ['shop,date,units']
  for (const [k, s] of ['x', 'z'].entries()) for (let i = 0; i < (s === 'z' ? 36 : 60); i++) rows.push(`${s},${day(i)},${(20 + 30 * k + 0.2 * i + 4 * Math.sin(i + k)).toFixed(3)}`)
  return rows.join('\n') + '\n'
}
const staggeredConfig = (series: object) => resolveConfig({ data: { target: 'units', features: [], lookBack: 5, horizon: 6, direct: true, series }, training: { epochs: 1, seed: 2 } })

describe('global runs with per-series cuts', () => {
  it("split each series as a single-series run of it with the same config does, the short series' shrinking included", async () => {
    const ds = await importCsv(staggered(), { fileName: 'shops.csv', series: ['shop'], decimal: 'dot' })
    const g = prepareGlobalRun(staggeredConfig({ columns: ['shop'], values: null, global: { short: 'skip', cuts: 'series' } }), ds).gp
    expect(g.cutMode).toBe('series')
    expect(g.parts.map((p) => p.label)).toEqual(['shop = x', 'shop = z'])
    for (const j of [0, 1]) {
      // the series in a file of its own (as fw train reads a single-series file), and picked from
      // the long file (--series-value): the same split, shrunk by the series' own rows
      const alone = { ...selectRows(ds, seriesRows(ds, ['shop'])[j]!.rows), notices: [] }
      const one = prepareRun(staggeredConfig({ columns: [], values: [] }), alone).prep
      expect(g.parts[j]!.prep.splits).toEqual(one.splits)
      expect(g.parts[j]!.prep.config.split).toEqual(one.config.split)
      const picked = prepareRun(staggeredConfig({ columns: ['shop'], values: [j === 0 ? 'x' : 'z'] }), ds).prep
      expect(picked.splits).toEqual(one.splits)
      expect(picked.config.split).toEqual(one.config.split)
    }
    // z was shrunk (its 5 validation rows hold no 6-step window), and the notice says so
    expect(g.parts[1]!.prep.config.split).not.toEqual(g.parts[0]!.prep.config.split)
    expect(g.notices.map((n) => n.message)).toContainEqual(expect.stringMatching(/^series shop = z: short series \(36 rows\)/))
    // with the shared dates z ends before the test cut and is skipped
    const d = prepareGlobalRun(staggeredConfig({ columns: ['shop'], values: null, global: { short: 'skip', cuts: 'dates' } }), ds).gp
    expect(d.skipped.map((s) => s.label)).toEqual(['shop = z'])
    expect(d.skipped[0]!.reason).toMatch(/^ends on 2021-02-05, before the test cut date 2021-02-21/)
  })

  it("records the resolved cuts: 'auto' on staggered series runs per series, with the notice in the run's notes", async () => {
    const ds = await importCsv(staggered(), { fileName: 'shops.csv', series: ['shop'], decimal: 'dot' })
    const config = staggeredConfig({ columns: ['shop'], values: null, global: { short: 'skip' } })
    expect(config.data.series?.global?.cuts).toBe('auto')
    const events: string[] = []
    const emit = (e: TrainEvent) => void events.push(e.type === 'progress' ? `${e.phase} ${e.done}/${e.total}` : e.type)
    const r = (await runGlobalTraining({ config, dataset: ds }, { emit, shouldStop: () => false, yieldNow: async () => {} }))!
    // the second pass over the series, on their own rows, counted as its own phases: the series the
    // shared dates skip checked on its own rows first, then the other one prepared again
    expect(events.slice(0, events.indexOf('started') + 1)).toEqual(['prepare 0/1', 'prepare 1/2', 'prepare 2/2', 'prepare-check 1/1', 'prepare-again 1/1', 'started'])
    expect(r.cutMode).toBe('series')
    expect(r.cuts).toBeNull()
    expect(r.skipped).toEqual([])
    expect(r.series.map((s) => s.test.n > 0)).toEqual([true, true])
    expect(r.notes[0]!.message).toMatch(/^the series span different periods \(their last rows run from 2021-02-05 to 2021-03-01\): .* would skip 1 of 2 series that their own split keeps \(1 end before the test cut date 2021-02-21\)/)
    // kept in both wordings, as the run's notices are: the CLI's names its option, the app's the Setup field
    expect(r.notes[0]!.message).toContain("cuts 'dates' (--cuts dates) keeps the shared dates")
    expect(r.notes[0]!.app).toContain('Cuts "the same dates for every series" in Setup keeps the shared dates')
    expect(r.notes.map((n) => n.app ?? n.message).join(' ')).not.toMatch(/--|\bfw /)
    expect((r.modelFile as { pipeline: { global: { cutMode: string; cuts: unknown } } }).pipeline.global).toMatchObject({ cutMode: 'series', cuts: null })
  }, 60_000)
})

describe('data.series.global.cuts', () => {
  it("defaults to 'auto'; a run stored before the setting reads 'dates' (what it did), a stored choice stays", () => {
    const series = (g: object) => ({ data: { target: 'y', series: { columns: ['id'], values: null, global: g } } })
    expect(resolveConfig(series({ short: 'skip' })).data.series?.global?.cuts).toBe('auto')
    expect(resolveConfig(withStoredDefaults(series({ short: 'skip' }))).data.series?.global?.cuts).toBe('dates')
    expect(resolveConfig(withStoredDefaults(series({ short: 'skip', cuts: 'auto' }))).data.series?.global?.cuts).toBe('auto')
    expect(resolveConfig(withStoredDefaults({ data: { target: 'y' } })).data.series).toBeUndefined()
    expect(() => resolveConfig(series({ short: 'skip', cuts: 'rows' }))).toThrow(/data\.series\.global\.cuts/)
  })
})

