// fw forecast --model global.onnx past the end clips each series at 0 as the global model file does:
// each series_table entry says its own domain ('non-negative' where every training value of its
// target is >= 0), the reader clips that series' forecasts (never the values fed back) and says so
// after its name; a series whose target went below 0 in training is not clipped, nor is a graph from
// before, which carries no domain.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { importGlobalOnnx } from '../export'
import { modelProtoType } from '../export/onnx/onnx-proto'
import { resolveConfig } from '../train/config'
import { forecastGlobal, loadGlobalModelFile } from '../train/forecast-global'
import { prepareGlobalRun, runGlobalTraining, seriesDomainOf } from '../train/global'
import { globalModelOnnx } from './global-onnx'
import { predictGlobalOnnx } from './global-onnx-predict'
import { forecastOnnxAhead } from './onnx-forecast'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }
const STEPS = 6

describe("a global regression's ONNX graph past the end", () => {
  it('clips each series at 0 where its training values never went below, as the model file does, and says which', async () => {
    // both fall by about 1 a day to near 0 at the end; 'up' starts at 100 (every value >= 0), 'down'
    // at 40 (below 0 from day 41, in its training rows)
    const rows = ['shop,date,units']
    for (const [shop, top] of [['up', 100], ['down', 40]] as const) for (let i = 0; i < 100; i++) rows.push(`${shop},${day(i)},${(top - i * (top / 100) * (shop === 'up' ? 1 : 2.5) + 0.3 * Math.sin(i)).toFixed(3)}`)
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'fall.csv', series: ['shop'] })
    const config = resolveConfig({
      data: { target: 'units', features: [], lookBack: 7, horizon: 1, transform: 'none', calendar: 'none', series: { columns: ['shop'], values: null, global: { short: 'skip' } } } as never,
      model: { cell: 'gru', hiddenSize: 8, forecaster: 'network' },
      training: { epochs: 30, seed: 1, batchSize: 16 }
    })
    const r = (await runGlobalTraining({ config, dataset: ds }, hooks))!
    const gm = loadGlobalModelFile(JSON.parse(JSON.stringify(r.modelFile)))
    expect(gm.series.map((s) => [s.label, s.m.domain])).toEqual([['shop = up', 'non-negative'], ['shop = down', null]])
    // a stored run's graph (storedGlobalOnnx) takes each series' domain from its rebuilt rows: the same
    expect(prepareGlobalRun(config, ds).gp.parts.map((p) => seriesDomainOf(p.prep))).toEqual(['non-negative', null])

    const bytes = globalModelOnnx(gm, '0.1.0')
    const g = importGlobalOnnx(bytes, { file: 'g.onnx', appVersion: '0.1.0' })
    expect(g.series.map((s) => s.domain)).toEqual(['non-negative', null])
    const f = predictGlobalOnnx(g, ds, (m, d) => forecastOnnxAhead(m, 'g.onnx', d, STEPS))
    const { blocks, notes } = forecastGlobal(gm, ds, STEPS)
    f.series.forEach((s, k) => s.rows.forEach((x, j) => expect(Math.abs(x.value - blocks[k]!.points[j]!.value)).toBeLessThan(1e-4 * Math.max(1, Math.abs(x.value)))))
    const [up, down] = f.series.map((s) => s.rows.map((x) => x.value))
    expect(up).toContain(0) // clipped
    expect(Math.min(...down!)).toBeLessThan(0) // its training went below 0: never clipped
    expect(f.notes).toContain('series shop = up: forecasts of units are clipped at 0: every training value is ≥ 0')
    expect(f.notes.join('\n')).not.toContain('series shop = down: forecasts')
    // the model file's path (fw forecast --run N of a global run, the app) names it too, in the same
    // words (clippedSaid); its forecasts carry intervals, clipped with them, and it says so
    const said = notes.filter((n) => n.includes('clipped at 0'))
    expect(blocks[0]!.points.every((p) => p.lower !== null)).toBe(true)
    expect(said).toEqual(['series shop = up: forecasts and interval bounds of units are clipped at 0: every training value is ≥ 0'])

    // a graph from before: no domain in its table, nothing clipped, nothing said
    const T = modelProtoType()
    const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
    const table = msg.metadata_props.find((p) => p.key === 'series_table')!
    table.value = JSON.stringify((JSON.parse(table.value) as Record<string, unknown>[]).map(({ domain: _, ...e }) => e))
    const older = importGlobalOnnx(T.encode(T.fromObject(msg)).finish(), { file: 'o.onnx', appVersion: '0.1.0' })
    const o = predictGlobalOnnx(older, ds, (m, d) => forecastOnnxAhead(m, 'o.onnx', d, STEPS))
    expect(Math.min(...o.series[0]!.rows.map((x) => x.value))).toBeLessThan(0)
    expect(o.notes.join('\n')).not.toContain('clipped')
  }, 60_000)
})
