// A global run's interval half-widths, as fw predict and the app's "Apply a model file" read them:
// in each series' model space (a log ratio for a series that models log(y)), as a single-series
// run's are, and per step for a direct model. Before, a log(y) series' half-width was stored in
// units and read as a log ratio: an interval of x1/16 to x16 around a forecast of 55; and a direct
// model's steps 1..h-1 had none.
import { describe, expect, it } from 'vitest'
import { importCsv, type Dataset } from '../data'
import { resolveConfig } from './config'
import { forecastGlobal, loadGlobalModelFile } from './forecast-global'
import { runGlobalTraining } from './global'

const N = 160
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const wobble = (i: number) => (((i * 7919) % 13) - 6) / 6 // in [-1, 1], fixed
const LEVELS: Record<string, (i: number) => number> = {
  small: (i) => 8 * Math.exp(0.012 * i) * (1 + 0.05 * Math.sin(i / 3) + 0.02 * wobble(i)), // spans x6: log(y)
  mid: (i) => 500 + 0.5 * i + 15 * Math.sin(i / 2) + 6 * wobble(i)
}
const text = ['shop,date,units']
for (const [name, f] of Object.entries(LEVELS)) for (let i = 0; i < N; i++) text.push(`${name},${day(i)},${f(i).toFixed(2)}`)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }

async function trained(direct: boolean): Promise<{ ds: Dataset; file: Record<string, any> }> {
  const ds = await importCsv(text.join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'] })
  const config = resolveConfig({
    data: { target: 'units', lookBack: 8, horizon: 3, direct, series: { columns: ['shop'], values: null, global: { short: 'skip', oneHot: false } } } as never,
    model: { cell: 'gru', hiddenSize: 8 },
    training: { epochs: 3, seed: 2 }
  })
  const r = await runGlobalTraining({ config, dataset: ds }, hooks)
  return { ds, file: JSON.parse(JSON.stringify(r!.modelFile)) }
}

describe("a global run's intervals", () => {
  it('are in the model space of each series: a log ratio for log(y), units otherwise; they cover the windows about as calibrated', async () => {
    const { ds, file } = await trained(false)
    const gm = loadGlobalModelFile(file)
    const small = gm.series.find((s) => s.label === 'shop = small')!.m
    const mid = gm.series.find((s) => s.label === 'shop = mid')!.m
    expect(small.fitted.target).toMatchObject({ transform: 'log' })
    expect(mid.fitted.target).not.toMatchObject({ transform: 'log' })
    const { blocks } = forecastGlobal(gm, ds, null)
    for (const b of blocks) {
      const m = b.label === 'shop = small' ? small : mid
      const q = m.intervalHalfWidth!
      const pts = b.points.filter((p) => p.actual !== null)
      expect(pts.length).toBeGreaterThan(100)
      for (const p of pts) {
        if (m === small) expect(Math.log(p.upper! / p.value)).toBeCloseTo(q, 9)
        else expect(p.upper! - p.value).toBeCloseTo(q, 9)
      }
      // a few per cent of the level wide (the noise is ~2 % for both), not x16
      const width = pts.map((p) => (p.upper! - p.lower!) / p.value).sort((a, b) => a - b)
      expect(width[width.length >> 1]!).toBeLessThan(0.3)
      const inside = pts.filter((p) => p.actual! >= p.lower! && p.actual! <= p.upper!).length / pts.length
      expect(inside).toBeGreaterThan(0.7)
      expect(inside).toBeLessThan(1)
    }
  }, 60_000)

  it('of a direct model: every step 1..h has its own half-width, and each window gives an interval at every step', async () => {
    const { ds, file } = await trained(true)
    const gm = loadGlobalModelFile(file)
    for (const s of gm.series) {
      expect(s.m.intervalHalfWidths).toHaveLength(3)
      expect(s.m.intervalHalfWidths![2]).toBe(s.m.intervalHalfWidth)
    }
    const { blocks } = forecastGlobal(gm, ds, null)
    for (const b of blocks) {
      for (const k of [1, 2, 3]) {
        const pts = b.points.filter((p) => p.step === k && p.actual !== null)
        expect(pts.length).toBeGreaterThan(100)
        expect(pts.every((p) => p.lower !== null && p.upper !== null && p.lower < p.value && p.value < p.upper)).toBe(true)
        expect(pts.filter((p) => p.actual! >= p.lower! && p.actual! <= p.upper!).length / pts.length).toBeGreaterThan(0.7)
      }
    }
  }, 60_000)

  it('are clipped at 0, with the forecasts, for a series whose training values are all >= 0, as a single-series run\'s', async () => {
    const rows = ['shop,date,units']
    const fade = (i: number) => Math.max(0, 8 - 0.06 * i + 0.3 * wobble(i)) // down to 0 from row ~133
    for (const [name, f] of [['fade', fade], ['mid', LEVELS['mid']!]] as const) for (let i = 0; i < N; i++) rows.push(`${name},${day(i)},${f(i).toFixed(2)}`)
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'fade.csv', series: ['shop'] })
    const config = resolveConfig({
      data: { target: 'units', lookBack: 8, horizon: 3, series: { columns: ['shop'], values: null, global: { short: 'skip', oneHot: false } } } as never,
      model: { cell: 'gru', hiddenSize: 8 },
      training: { epochs: 3, seed: 2 }
    })
    const r = await runGlobalTraining({ config, dataset: ds }, hooks)
    const file = JSON.parse(JSON.stringify(r!.modelFile))
    expect(file.pipeline.global.series.map((s: { domain?: string }) => s.domain)).toEqual(['non-negative', 'non-negative'])
    const fadeTest = r!.series.find((s) => s.label === 'shop = fade')!.forecasts
    expect(fadeTest.every((p) => p.value >= 0 && (p.lower === null || p.lower >= 0))).toBe(true)
    const points = (f: unknown, steps: number | null) => forecastGlobal(loadGlobalModelFile(f), ds, steps).blocks.find((b) => b.label === 'shop = fade')!.points
    for (const steps of [null, 10]) expect(points(file, steps).every((p) => p.value >= 0 && (p.lower === null || p.lower >= 0))).toBe(true)
    // a file from before (no domain) reads the same half-widths unclipped: below 0 near the end
    for (const s of file.pipeline.global.series) delete s.domain
    expect(points(file, null).some((p) => p.lower !== null && p.lower < 0)).toBe(true)
  }, 60_000)

  it('a file from before keeps a log(y) series\' half-width in units: left out, with a note; the other series keep theirs', async () => {
    const { ds, file } = await trained(false)
    for (const s of file.pipeline.global.series) {
      delete s.intervalSpace
      if (s.label === 'shop = small') s.intervalHalfWidth = 3.2 // units, as stored then
    }
    const gm = loadGlobalModelFile(file)
    expect(gm.unitIntervals).toEqual(['shop = small'])
    const { blocks, notes } = forecastGlobal(gm, ds, null)
    expect(blocks.find((b) => b.label === 'shop = small')!.points.every((p) => p.lower === null && p.upper === null)).toBe(true)
    expect(blocks.find((b) => b.label === 'shop = mid')!.points.every((p) => p.lower !== null)).toBe(true)
    expect(notes).toContain("1 series that model log(y) have no interval (shop = small): the model file, from an earlier version, keeps their half-width in units where this version reads a log ratio; train the run again to have them")
    // the forecast past the end reads its path intervals (pipeline.ahead), unaffected
    expect(forecastGlobal(gm, ds, 3).notes.join(' ')).not.toContain('no interval')
    // a file from before the per-series choice (no choice, no path intervals) reads its half-width
    // past the end in units, as it was written: kept there
    for (const s of file.pipeline.global.series) if (s.label === 'shop = small') (s.choice = null), (s.ahead = null)
    const past = forecastGlobal(loadGlobalModelFile(file), ds, 1).blocks.find((b) => b.label === 'shop = small')!.points[0]!
    expect(past.upper! - past.value).toBeCloseTo(3.2, 9)
  }, 60_000)
})
