// A global classification (global-classes.ts): one network across series, its classes pooled over
// every series' training rows, each series scored on its own windows against its own baselines.
import { describe, expect, it } from 'vitest'
import { classificationBaselines, classificationMetrics, importCsv, targetRows } from '../data'
import { brierNoise } from '../data/metrics'
import { againstNoise, runNoise } from './global-classes'
import { resolveConfig } from './config'
import { globalTestMetrics, prepareGlobalRun, runGlobalTraining } from './global'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const quiet = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }

async function train(rows: string[], data: Record<string, unknown> = { task: 'classification' }) {
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'rain.csv', series: ['city'], decimal: 'dot' })
  const config = resolveConfig({ data: { target: 'rain', features: [], lookBack: 5, horizon: 1, ...data, series: { columns: ['city'], values: null, global: { short: 'skip' } } }, training: { epochs: 4, seed: 2 } })
  return { ds, config, r: (await runGlobalTraining({ config, dataset: ds }, quiet))! }
}

describe('a global classification', () => {
  it('trains one sigmoid network on three series of 0/1 and scores each series on its own test windows against its own baselines', async () => {
    const rows = ['city,date,rain']
    for (const [k, c] of ['a', 'b', 'c'].entries()) for (let i = 0; i < 80; i++) rows.push(`${c},${day(i)},${(i + k) % 3 === 0 ? 1 : 0}`)
    const { ds, config, r } = await train(rows)
    const file = r.modelFile as { spec: { outputSize: number; outputActivation: string }; meta: { loss: string } }
    expect([file.spec.outputSize, file.spec.outputActivation, file.meta.loss]).toEqual([1, 'sigmoid', 'bce'])
    expect(r.series.map((s) => s.label)).toEqual(['city = a', 'city = b', 'city = c'])
    // each series' scores are those of its own windows: recomputed here from the model's forecasts
    const run = prepareGlobalRun(config, ds)
    for (const [p, s] of r.series.entries()) {
      const prep = run.gp.parts[p]!.prep
      const { target, origin } = targetRows(prep.windows.test)
      const y = Float64Array.from(target, (t) => (prep.target as Int32Array)[t]!)
      const prob = Float64Array.from(s.forecasts.flatMap((f) => [1 - f.value, f.value]))
      expect(s.forecasts.map((f) => f.actual)).toEqual(Array.from(y))
      const m = classificationMetrics(y, prob, 2)
      const rate = classificationMetrics(y, classificationBaselines(prep.target as Int32Array, origin, 2, prep.splits.train)['training-rate'], 2)
      expect(s.classes).toMatchObject({ n: y.length, accuracy: m.accuracy, brier: m.brier, logLoss: m.logLoss, rateBrier: rate.brier, beatsRate: m.brier < rate.brier })
      expect(s.test.mae).toBeNaN() // a class has no MAE
      expect(s.forecastBy.chosen).toBe('network')
    }
    const c = r.summary.classification!
    expect(c.classes).toEqual(['false', 'true'])
    expect(c.model.brier).toBeCloseTo(r.series.reduce((a, s) => a + s.classes!.brier, 0) / 3, 12)
    expect(c.beatRate).toBe(r.series.filter((s) => s.classes!.beatsRate).length)
    // the run's metrics: the series' means, and the skill against the baseline best on validation
    const metrics = globalTestMetrics(r)
    expect(metrics.find((m) => m.model === 'model' && m.metric === 'accuracy')?.value).toBe(c.model.accuracy)
    expect(metrics.find((m) => m.model === 'training-rate' && m.metric === 'brier')?.value).toBe(c.baselines['training-rate'].brier)
    expect(metrics.find((m) => m.metric === 'skill')?.value).toBeCloseTo(1 - c.model.brier! / c.baselines[c.bestBaseline as 'majority'].brier!, 12)
    // one threshold, chosen on every series' validation windows pooled
    expect(r.threshold?.n).toBe(run.gp.windows.val.starts.length)
    // the verdict's "level", as a single run keeps it: each series' Brier difference from its own
    // training rate against its noise, and the run's from its best baseline, the series' combined
    const best = c.bestBaseline as 'majority' | 'persistence' | 'training-rate'
    const perSeries = r.series.map((s, p) => {
      const prep = run.gp.parts[p]!.prep
      const { target, origin } = targetRows(prep.windows.test)
      const y = Float64Array.from(target, (t) => (prep.target as Int32Array)[t]!)
      const prob = Float64Array.from(s.forecasts.flatMap((f) => [1 - f.value, f.value]))
      const base = classificationBaselines(prep.target as Int32Array, origin, 2, prep.splits.train)
      expect(s.classes!.rateNoise).toEqual(brierNoise(y, prob, base['training-rate'], 2))
      return brierNoise(y, prob, base[best], 2)!
    })
    const S = perSeries.length
    const mean = perSeries.reduce((a, n) => a + n.mean, 0) / S
    expect(c.noise).toEqual({ baseline: best, mean: expect.closeTo(mean, 12), se: expect.closeTo(Math.sqrt(perSeries.reduce((a, n) => a + n.se ** 2, 0)) / S, 12), rows: perSeries.reduce((a, n) => a + n.rows, 0) })
    // the mean difference is the difference of the mean Briers the run reports
    expect(c.noise!.mean).toBeCloseTo(c.model.brier! - c.baselines[best].brier!, 12)
    const said = r.series.map((s) => againstNoise(s.classes!.brier, s.classes!.rateBrier, s.classes!.rateNoise))
    expect(c.rateNoise).toEqual({ beat: said.filter((x) => x === 'beats').length, level: said.filter((x) => x === 'level').length })
    // kept with the run's classes, as a single run keeps its noise (runs.classes_json)
    expect(r.classes?.noise).toEqual(c.noise)
  }, 30_000)

  it('calls a Brier difference level within two standard errors, and combines series as independent means', () => {
    expect(againstNoise(0.20, 0.21, { mean: -0.01, se: 0.006, rows: 50 })).toBe('level')
    expect(againstNoise(0.20, 0.21, { mean: -0.01, se: 0.004, rows: 50 })).toBe('beats')
    expect(againstNoise(0.22, 0.21, { mean: 0.01, se: 0.004, rows: 50 })).toBe('loses')
    expect(againstNoise(0.20, 0.21, null)).toBe('beats')
    // two series: mean (-0.02 + 0) / 2, se sqrt(0.003² + 0.004²) / 2 = 0.0025
    expect(runNoise([{ mean: -0.02, se: 0.003, rows: 40 }, { mean: 0, se: 0.004, rows: 60 }])).toEqual({ mean: -0.01, se: 0.0025, rows: 100 })
    expect(runNoise([{ mean: -0.02, se: 0.003, rows: 40 }, null])).toBeNull()
  })

  it('trains a softmax network over classes pooled across series, one of them absent from a series, and says so', async () => {
    const rows = ['city,date,rain']
    for (const [k, c] of ['a', 'b', 'c'].entries()) for (let i = 0; i < 80; i++) rows.push(`${c},${day(i)},${c === 'c' ? (i % 2 ? 'dry' : 'wet') : (i + k) % 3 === 0 ? 'wet' : c === 'a' && i % 5 === 0 ? 'snow' : 'dry'}`)
    const events: string[] = []
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'rain.csv', series: ['city'], decimal: 'dot' })
    const config = resolveConfig({ data: { target: 'rain', features: [], lookBack: 5, horizon: 1, task: 'classification', series: { columns: ['city'], values: null, global: { short: 'skip' } } }, training: { epochs: 2, seed: 2 } })
    const r = (await runGlobalTraining({ config, dataset: ds }, { ...quiet, emit: (e) => void (e.type === 'started' && events.push(...e.notices!.map((n) => n.message))) }))!
    expect((r.modelFile as { spec: { outputSize: number } }).spec.outputSize).toBe(3)
    expect(r.summary.classification!.classes).toEqual(['wet', 'dry', 'snow'])
    expect(r.threshold).toBeUndefined()
    expect(events.some((m) => /^some series hold no training row of a class of "rain": "snow" \(2 of 3 series: city = b; city = c\)/.test(m))).toBe(true)
    for (const s of r.series) for (const f of s.forecasts) expect([0, 1, 2]).toContain(f.value)
  }, 30_000)
})
