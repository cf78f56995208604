// Issue 12's guarantees, end to end: level-relative transforms round-trip, nothing is fitted on
// validation or test rows, the defaults beat naive on the shipped sample and on public series
// (thresholds from the same run's baselines), and a run stored before this change still opens,
// predicts and exports.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyFitted, importCsv, naiveScale, scaledToTarget, targetToScaled, type Dataset } from '../core/data'
import { onnxOf, rebuildStoredRun, forecastExportOf } from '../core/services/run-export'
import { openStore } from '../core/store'
import { resolveConfig } from '../core/train/config'
import { forecastAhead, loadModelFile, predictWindows } from '../core/train/forecast'
import { prepareRun } from '../core/train/prepare'
import { runTraining } from '../core/train/run'
import { defaultLookBack } from '../core/train/season'
import type { TrainConfig } from '../core/train/types'

const root = new URL('..', import.meta.url)
const text = (p: string) => readFileSync(new URL(p, root), 'utf8')
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
const co2 = () => importCsv(text('resources/samples/co2-concentration.csv'), { fileName: 'co2-concentration.csv' })

/** The defaults as `fw train --csv F --target T --features ""` builds them (look-back from the data). */
function defaults(ds: Dataset, target: string, extra: Record<string, unknown> = {}): TrainConfig {
  return resolveConfig({ data: { target, features: [], lookBack: defaultLookBack(ds, target, 'auto', 1), ...extra } })
}

describe('level-relative transforms', () => {
  it('round-trip exactly, and every window is relative to its last target value', async () => {
    const ds = await co2()
    const run = prepareRun(defaults(ds, 'CO2', { transform: 'log' }), ds)
    const t = run.prep.fitted.target
    if (t.kind !== 'regression') throw new Error('regression expected')
    expect(t.relative).toBe(true)
    expect(t.transform).toBe('log')
    for (const y of [0.001, 1, 315.7, 416.18, 1e6]) expect(Math.abs(scaledToTarget(t, targetToScaled(t, y)) - y) / y).toBeLessThan(1e-13)
    // a batch: the target's input at the last step is 0, the target is the scaled change from it
    const b = run.sources.train.batch([0, 5])
    const L = run.prep.config.window.lookback
    const off = run.prep.fitted.inputs.find((x) => x.column === 'CO2')!.offset
    const D = run.prep.D
    for (let bi = 0; bi < 2; bi++) {
      const s = run.prep.windows.train.starts[[0, 5][bi]!]!
      const anchor = run.prep.target[s + L - 1]!
      expect(b.x[((L - 1) * 2 + bi) * D + off]).toBe(0)
      expect(b.x[bi * D + off]).toBe(Math.fround(run.prep.inputs[s * D + off]! - anchor))
      expect(b.target[bi]).toBe(Math.fround(run.prep.target[s + L]! - anchor))
      // back to ppm: the change plus the anchor, inverted, is the observed value
      expect(scaledToTarget(t, b.target[bi]! + anchor)).toBeCloseTo(run.prep.targetRaw[s + L]!, 3)
    }
    // the stored pipeline applied to the same file gives the same inputs as training saw
    const a = applyFitted(ds, run.prep.config, run.prep.fitted)
    let worst = 0
    for (let i = 0; i < a.inputs.length; i++) worst = Math.max(worst, Math.abs(a.inputs[i]! - run.prep.inputs[i]!))
    expect(worst).toBe(0)
  })
})

describe('no leakage with level-relative modelling and statistical models', () => {
  it('changing validation and test values changes no fitted parameter and no training batch', async () => {
    const ds = await co2()
    const cfg = defaults(ds, 'CO2', { transform: 'log' })
    const cut = Math.floor(ds.rowCount * 0.7)
    const poisoned: Dataset = {
      ...ds,
      columns: ds.columns.map((c) => {
        if (c.kind !== 'numeric') return c
        const v = Float64Array.from(c.values)
        for (let i = cut; i < v.length; i++) v[i] = v[i]! * 3 + 50 // validation and test rows only
        return { ...c, values: v }
      })
    }
    const a = prepareRun(cfg, ds)
    const b = prepareRun(cfg, poisoned)
    expect(b.prep.fitted).toEqual(a.prep.fitted)
    expect(b.season).toBe(a.season)
    const all = Array.from({ length: a.sources.train.count }, (_, i) => i)
    expect(b.sources.train.batch(all)).toEqual(a.sources.train.batch(all))
    // the statistical members are fitted on the training rows: the same parameters either way
    const quick = resolveConfig({ ...cfg, training: { epochs: 2 }, model: { ...cfg.model, forecaster: 'combination' } })
    const ra = (await runTraining({ config: quick, dataset: ds }, hooks))!
    const rb = (await runTraining({ config: quick, dataset: poisoned }, hooks))!
    expect(rb.choice!.members.map((m) => m.fit)).toEqual(ra.choice!.members.map((m) => m.fit))
    expect(rb.choice!.members.map((m) => m.full)).not.toEqual(ra.choice!.members.map((m) => m.full)) // the refit on every row does see them
  })
})

describe('the defaults beat naive', () => {
  it('on the shipped CO2 sample, on its own test split, with calibrated intervals', async () => {
    const ds = await co2()
    const r = (await runTraining({ config: defaults(ds, 'CO2'), dataset: ds }, hooks))!
    const mae = (model: string) => r.metrics.find((m) => m.split === 'test' && m.model === model && m.metric === 'mae')!.value!
    expect(mae('model')).toBeLessThan(0.5 * mae('naive')) // measured 0.33 against 1.24 (c5d9e0d)
    expect(mae('model')).toBeLessThan(mae('seasonal-naive'))
    expect(r.intervalCoverage!).toBeGreaterThanOrEqual(0.75) // nominal 0.9, issue 12's target 0.85-0.95 (measured 0.795 at c5d9e0d with validation-only calibration; 0.848 here since 5b222c1's sequential one, 0.857 with fw train's defaults)
    expect(r.intervalCoverage!).toBeLessThanOrEqual(0.99)
  })

  // M4's protocol on public series from bench/quality (sources in bench/quality/SOURCES.md): fit on
  // all but the last h, forecast h past the end. Series the benchmark shows to be random walks
  // (stock indices, gold) are not here: there naive is the best forecast.
  const series: [string, number][] = [['AirPassengers', 18], ['Nile', 6], ['UKDriverDeaths', 18], ['JohnsonJohnson', 8]]
  for (const [name, h] of series) {
    it(`on ${name}, held-out ${h} steps, against naive and seasonal naive`, async () => {
      const lines = text(`bench/quality/series/${name}.csv`).trim().split('\n')
      const train = lines.slice(0, lines.length - h).join('\n')
      const test = lines.slice(lines.length - h).map((l) => Number(l.split(',')[1]))
      const ds = await importCsv(train, { fileName: `${name}.csv` })
      const r = (await runTraining({ config: defaults(ds, 'value'), dataset: ds }, hooks))!
      const m = loadModelFile(JSON.parse(JSON.stringify(r.modelFile)), '0.1.0')
      const f = forecastAhead(m, applyFitted(ds, m.config, m.fitted), h).map((p) => p.value)
      const y = (ds.columns.find((c) => c.name === 'value') as { values: Float64Array }).values
      const season = r.choice!.season
      const n = y.length
      const mae = (fc: (k: number) => number) => test.reduce((s, v, k) => s + Math.abs(v - fc(k)), 0) / h
      const mine = mae((k) => f[k]!)
      const naive = mae(() => y[n - 1]!)
      const snaive = mae((k) => y[n - season + (k % season)]!)
      expect(mine).toBeLessThan(Math.min(naive, snaive))
      expect(mine / naiveScale(y, season)).toBeLessThan(3.5) // MASE (measured: AirPassengers 1.07, Nile 1.28, UKDriverDeaths 0.61, JohnsonJohnson 3.04)
    })
  }
})

describe('a run stored before level-relative modelling', () => {
  it('still opens, predicts as it did, and exports', () => {
    // made by the app at aa9fe4c: fw train --csv (first 199 rows of the CO2 sample) --target CO2
    // --features '' --epochs 3 --db v0.1-global-co2.db; its model file beside it
    const dir = mkdtempSync(join(tmpdir(), 'fw-old-'))
    const file = join(dir, 'runs.db')
    copyFileSync(new URL('test/fixtures/stored-runs/v0.1-global-co2.db', root), file)
    const store = openStore(file)
    try {
      const r = rebuildStoredRun(store, 1)
      expect(r.config.data.level).toBe('global')
      expect(r.config.data.transform).toBe('none')
      expect(r.config.model.forecaster).toBe('network')
      // the stored test forecasts come back from the rebuilt model
      const stored = store.forecasts.list(1)
      const rebuilt = r.rebuilt.evaluation.forecasts
      expect(rebuilt.length).toBe(stored.length)
      stored.forEach((s, i) => expect(rebuilt[i]!.value).toBeCloseTo(s.value, 9))
      // the old model file loads and predicts the same numbers on the same data
      const old = loadModelFile(JSON.parse(text('test/fixtures/stored-runs/v0.1-global-co2.model.json')), '0.1.0')
      expect(old.choice).toBeNull()
      const points = predictWindows(old, applyFitted(r.dataset, old.config, old.fitted))
      const byTime = new Map(points.map((p) => [p.time, p.value]))
      for (const s of stored) expect(byTime.get(s.ts)).toBeCloseTo(s.value, 9)
      // and forecasts past the end as the network alone: step 1 is the last window's forecast,
      // and the intervals widen by sqrt(k) (h = 1) as such files always did
      const ahead = forecastAhead(old, applyFitted(r.dataset, old.config, old.fitted), 3)
      expect(ahead[0]!.value).toBeCloseTo(points[points.length - 1]!.value, 5)
      ahead.forEach((p, k) => expect(p.upper! - p.value).toBeCloseTo(old.intervalHalfWidth! * Math.sqrt(k + 1), 9))
      expect(forecastExportOf(store, r).rows.length).toBe(stored.length)
      expect(onnxOf(r).length).toBeGreaterThan(1000)
    } finally {
      store.close()
    }
  })
})
