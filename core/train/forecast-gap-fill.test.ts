// Applying a model (fw forecast, fw predict, the app's Apply model) fills the target's absent periods
// as its run filled them (FittedPipeline.gapFill): the value before plus the change a season earlier,
// from the rows before each gap only, the run's own rows and rows appended past its end alike.
import { describe, expect, it } from 'vitest'
import { applyFitted, importCsv, restoreStat, targetWithFilled, type Prepared } from '../data'
import type { Applied } from '../data/apply'
import { replayHistory } from './choice'
import { resolveConfig } from './config'
import { forecastAhead, loadModelFile, predictWindows } from './forecast'
import { prepareRun } from './prepare'
import { runTraining } from './run'

const month = (i: number) => new Date(Date.UTC(2015, i, 1)).toISOString().slice(0, 10)
// a rising level, a season of amplitude 10, a wobble off the season
const value = (i: number) => 100 + 0.5 * i + 10 * Math.sin((2 * Math.PI * i) / 12) + Math.sin(i * 1.7)
const TRAIN_ABSENT = [27, 39] // peaks of the season, training rows of the run's 72 months
const NEW_ABSENT = [75, 87] // peaks too, in rows appended past the run's end
function csv(months: number, absent: number[], edit: (i: number, v: number) => number = (_i, v) => v): string {
  const rows = ['date,units']
  for (let i = 0; i < months; i++) if (!absent.includes(i)) rows.push(`${month(i)},${edit(i, value(i)).toFixed(4)}`)
  return rows.join('\n') + '\n'
}
const config = resolveConfig({ data: { target: 'units', features: [], lookBack: 6, horizon: 1, resample: { unit: 'month', every: 1, agg: 'mean' } }, training: { epochs: 1, seed: 2 } })

/** The target's input column in original units (the network's scaled input, inverted). */
function targetInput(p: Pick<Prepared, 'fitted' | 'inputs' | 'D'> | Applied, fitted: Prepared['fitted']): number[] {
  const b = fitted.inputs.find((x) => x.column === 'units')!
  const s = fitted.scalers['units'] ?? (fitted.target as { scaler: { kind: 'zscore'; mean: number; std: number } }).scaler
  const N = p.inputs.length / p.D
  return Array.from({ length: N }, (_, i) => {
    const x = p.inputs[i * p.D + b.offset]!
    return s.kind === 'zscore' ? x * s.std + s.mean : s.kind === 'minmax' ? x * (s.max - s.min) + s.min : x
  })
}

describe("applying a model to rows with absent periods", () => {
  it("fills the target as the run did: the run's own rows to the same values, new rows by the season from the rows before them", async () => {
    const ds = await importCsv(csv(72, TRAIN_ABSENT), { fileName: 'shop.csv', decimal: 'dot' })
    const prep = prepareRun(config, ds).prep
    expect(prep.fitted.gapFill?.season).toBe(12)
    // the run's own file: every input as the run's
    const own = applyFitted(ds, prep.config, prep.fitted)
    expect(own.N).toBe(72)
    expect(Array.from(own.inputs)).toEqual(Array.from(prep.inputs))
    // 24 months appended, two of them absent: the run's rows keep their fills (no new row reaches
    // them), the new gaps take the value before plus the change between the same months a year
    // earlier (was: from the season and the level either side, the month after included)
    const more = await importCsv(csv(96, [...TRAIN_ABSENT, ...NEW_ABSENT], (i, v) => (i >= 72 ? v + 3 : v)), { fileName: 'shop-2.csv', decimal: 'dot' })
    const a = applyFitted(more, prep.config, prep.fitted)
    expect(a.N).toBe(96)
    const ownY = targetInput(own, prep.fitted)
    const y = targetInput(a, prep.fitted)
    for (const i of TRAIN_ABSENT) expect(y[i]).toBe(ownY[i])
    for (const i of NEW_ABSENT) expect(y[i]).toBeCloseTo(y[i - 1]! + y[i - 12]! - y[i - 13]!, 3)
  })

  it('fills by the value before for a model file without gapFill (saved before it, or a run without a season)', async () => {
    const ds = await importCsv(csv(96, [...TRAIN_ABSENT, ...NEW_ABSENT]), { fileName: 'shop.csv', decimal: 'dot' })
    const prep = prepareRun(config, await importCsv(csv(72, TRAIN_ABSENT), { fileName: 'shop.csv', decimal: 'dot' })).prep
    const { gapFill: _gapFill, ...before } = prep.fitted
    const a = applyFitted(ds, prep.config, before)
    const y = targetInput(a, prep.fitted)
    for (const i of NEW_ABSENT) expect(y[i]).toBeCloseTo(a.targetRaw![i - 1]!, 4) // was the line to the month after
  })
})

describe("the statistical models' history in a forecast from the model file", () => {
  // absent months in the training rows and, where the season climbs or falls most, in the test rows near the end, where a forecast past the
  // end reads them: carried forward, a peak month would read as the month before
  const ABSENT = [27, 39, 84, 90]
  const run = { ...config, model: { ...config.model, cell: 'gru' as const, hiddenSize: 4, forecaster: 'combination' as const }, training: { ...config.training, epochs: 1, batchSize: 64, earlyStopping: null } }
  const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }

  it('is the target filled as the run filled it (gapFill), so fw forecast and fw predict give back what the run computed', async () => {
    const ds = await importCsv(csv(96, ABSENT), { fileName: 'shop.csv', decimal: 'dot' })
    const r = (await runTraining({ config: run, dataset: ds, appVersion: '0.1.0' }, hooks))!
    const m = loadModelFile(JSON.parse(JSON.stringify(r.modelFile)), '0.1.0')
    expect(m.fitted.gapFill?.season).toBe(12)
    expect(m.choice!.network).toBe(0)
    const a = applyFitted(ds, m.config, m.fitted)
    // the run's test forecasts, windows whose history holds the absent months 84 and 90 among them
    const byTime = new Map(predictWindows(m, a).map((p) => [p.time, p.value]))
    expect(r.forecasts.length).toBeGreaterThan(5)
    for (const f of r.forecasts) expect(byTime.get(f.ts)).toBeCloseTo(f.value, 9)
    // past the end: the members' refits read the history the run filled, not the carried-forward one
    const prep = prepareRun(run, ds).prep
    const filled = targetWithFilled(prep)
    const carried = Float64Array.from(a.targetRaw!)
    for (let i = 1; i < carried.length; i++) if (carried[i] !== carried[i]) carried[i] = carried[i - 1]!
    for (const i of [84, 90]) expect(Math.abs(filled[i]! - carried[i]!)).toBeGreaterThan(1)
    const mix = (y: Float64Array) => m.choice!.members.reduce((acc, x) => acc.map((v, k) => v + x.weight * restoreStat(x.full).forecastAt(replayHistory(m.choice, y, 'all'), Int32Array.of(95), 6)[k]!), new Float64Array(6))
    const want = mix(filled)
    const before = mix(carried)
    const ahead = forecastAhead(m, a, 6)
    ahead.forEach((p, k) => expect(p.value).toBeCloseTo(want[k]!, 9))
    expect(Math.max(...want.map((v, k) => Math.abs(v - before[k]!)))).toBeGreaterThan(0.01)
    // a model file from before gapFill: the last value carried forward, as before
    const { gapFill: _g, ...old } = m.fitted
    const olds = { ...m, fitted: old }
    forecastAhead(olds, applyFitted(ds, m.config, old), 6).forEach((p, k) => expect(p.value).toBeCloseTo(before[k]!, 9))
  }, 60_000)
})
