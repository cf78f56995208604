import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { applyFitted, importCsv, type Applied } from '../data'
import { ConfigError } from '../engine'
import { resolveConfig } from './config'
import { advanceTime, EXTRAPOLATION, farAheadNote, forecastAhead, ForecastError, inferStep, loadModelFile, predictWindows, type LoadedModel } from './forecast'
import { runTraining } from './run'
import type { TrainResult } from './types'

const text = (name: string) => readFileSync(new URL(`../../resources/samples/${name}`, import.meta.url), 'utf8')
const co2 = () => importCsv(text('co2-concentration.csv'), { fileName: 'co2-concentration.csv' })
const weather = () => importCsv(text('seattle-weather.csv'), { fileName: 'seattle-weather.csv' })
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }

async function trained(data: Record<string, unknown>, csv: typeof co2): Promise<TrainResult> {
  const config = resolveConfig({
    data: { lookBack: 12, ...data } as never,
    model: { cell: 'gru', hiddenSize: 8, forecaster: 'network' },
    training: { epochs: 3, batchSize: 64, earlyStopping: null }
  })
  return (await runTraining({ config, dataset: await csv(), appVersion: '0.1.0' }, hooks))!
}
/** The model file as it comes back from disk. */
const fromDisk = (r: TrainResult) => loadModelFile(JSON.parse(JSON.stringify(r.modelFile)), '0.1.0')

describe('predictWindows', () => {
  it('on the training CSV gives the test forecasts of the run, with the same intervals', async () => {
    const r = await trained({ target: 'CO2', features: [] }, co2)
    const m = fromDisk(r)
    const a = applyFitted(await co2(), m.config, m.fitted)
    const points = predictWindows(m, a)
    expect(points.length).toBe(a.N - 12 + 1)
    const byTime = new Map(points.map((p) => [p.time, p]))
    expect(r.forecasts.length).toBeGreaterThan(50)
    for (const f of r.forecasts) {
      const p = byTime.get(f.ts)!
      expect(p.value).toBeCloseTo(f.value, 9)
      expect(p.actual).toBe(f.actual)
      expect(p.upper! - p.value).toBeCloseTo(r.intervalHalfWidth!, 9)
    }
    // the last window forecasts the month after the data, with no actual
    const last = points[points.length - 1]!
    expect(last.actual).toBeNull()
    expect(new Date(last.time!).toISOString().slice(0, 10)).toBe(new Date(advanceTime(a.time![a.N - 1]!, { kind: 'months', months: 1, monthEnd: false }, 1)).toISOString().slice(0, 10))
  })
})

describe('forecastAhead', () => {
  it('horizon 3: the first 3 steps are the last 3 window forecasts; later steps read earlier forecasts as inputs', async () => {
    const r = await trained({ target: 'CO2', features: [], horizon: 3 }, co2)
    const m = fromDisk(r)
    const a = applyFitted(await co2(), m.config, m.fitted)
    const ahead = forecastAhead(m, a, 7)
    expect(ahead.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7])
    const windows = predictWindows(m, a)
    for (let k = 0; k < 3; k++) expect(ahead[k]!.value).toBe(windows[windows.length - 3 + k]!.value)
    // step 4 by hand: the data plus the 3 forecasts (scaled like the target input), then the last window
    const s = m.fitted.scalers['CO2']!
    const scale = (v: number) => (s.kind === 'zscore' ? (v - s.mean) / s.std : s.kind === 'minmax' ? (v - s.min) / (s.max - s.min) : v)
    const ext: Applied = { ...a, N: a.N + 3, inputs: Float32Array.from([...a.inputs, ...ahead.slice(0, 3).map((p) => scale(p.value))]), targetRaw: null, time: null }
    const w2 = predictWindows(m, ext)
    expect(ahead[3]!.value).toBe(w2[w2.length - 3]!.value)
    // each step k has the bounds calibrated for step k on validation and test paths
    // (pipeline.ahead; evaluate-hand.test.ts works them out by hand)
    const { q, lower, upper } = m.ahead!
    expect(q.length).toBe(r.choice!.steps)
    for (let k = 0; k < 7; k++) {
      expect(ahead[k]!.upper! - ahead[k]!.value).toBeCloseTo(upper![k]!, 9)
      expect(ahead[k]!.lower! - ahead[k]!.value).toBeCloseTo(lower![k]!, 9)
    }
    expect(lower!.some((lo, k) => lo !== -upper![k]!)).toBe(true) // the bounds lean here: the test tells the sides apart
    // a model file from before the asymmetric bounds (no lower and upper) forecasts +- q, past the
    // stored steps q's last value times sqrt(k / K)
    const file = JSON.parse(JSON.stringify(r.modelFile))
    delete file.pipeline.ahead.lower
    delete file.pipeline.ahead.upper
    const before = forecastAhead(loadModelFile(file, '0.1.0'), a, q.length + 2)
    before.forEach((p, k) => {
      const qk = k < q.length ? q[k]! : q[q.length - 1]! * Math.sqrt((k + 1) / q.length)
      expect(p.value).toBe(forecastAhead(m, a, q.length + 2)[k]!.value)
      expect(p.upper! - p.value, `step ${k + 1}`).toBeCloseTo(qk, 9)
      expect(p.value - p.lower!, `step ${k + 1}`).toBeCloseTo(qk, 9)
    })
  })

  it('refuses models with other features, naming them, and classification beyond the horizon', async () => {
    const withFeatures = fromDisk(await trained({ target: 'temp_max', features: ['temp_min', 'wind'] }, weather))
    const a = applyFitted(await weather(), withFeatures.config, withFeatures.fitted)
    expect(() => forecastAhead(withFeatures, a, 5)).toThrow(/features temp_min and wind would need future values; forecasting 5 steps ahead/)
    const rain = fromDisk(await trained({ target: 'precipitation', features: [], task: 'classification', rule: 'precipitation > 0' }, weather))
    const b = applyFitted(await weather(), rain.config, rain.fitted)
    for (const p of predictWindows(rain, b)) expect(p.value >= 0 && p.value <= 1 && p.lower === null).toBe(true)
    expect(forecastAhead(rain, b, 1)).toHaveLength(1)
    expect(() => forecastAhead(rain, b, 2)).toThrow(ForecastError)
    // a feature's values are known up to the last row: the step within the horizon needs no more
    const rainT = fromDisk(await trained({ target: 'precipitation', features: ['temp_min'], task: 'classification', rule: 'precipitation > 0' }, weather))
    const c = applyFitted(await weather(), rainT.config, rainT.fitted)
    const [one] = forecastAhead(rainT, c, 1)
    expect(one!.value >= 0 && one!.value <= 1).toBe(true)
    // past it, what a classification model cannot do is said first: a model on the target alone
    // would not go further, so the features' future (and its advice to drop them) is beside the point
    expect(() => forecastAhead(rainT, c, 2)).toThrow(/^a classification model cannot feed its forecasts back as inputs; it forecasts at most 1 step past the end \(asked for 2\)$/)
  })
})

describe('loadModelFile', () => {
  it('refuses a file from a newer app, one without a pipeline, and a damaged pipeline, naming the field', async () => {
    const r = await trained({ target: 'CO2', features: [] }, co2)
    const json = JSON.parse(JSON.stringify(r.modelFile))
    expect(() => loadModelFile({ ...json, meta: { ...json.meta, appVersion: '0.2.0' } }, '0.1.0')).toThrow(/saved by Forecast Workbench 0\.2\.0, newer than this app \(0\.1\.0\)/)
    expect(() => loadModelFile({ ...json, version: 99 })).toThrow(ConfigError)
    expect(() => loadModelFile({ ...json, pipeline: undefined })).toThrow(/no pipeline/)
    const broken = JSON.parse(JSON.stringify(json))
    broken.pipeline.fitted.scalers.CO2 = { kind: 'zscore', mean: 1 }
    expect(() => loadModelFile(broken)).toThrow(/pipeline\.fitted\.scalers\.CO2/)
    broken.pipeline.config.window.lookback = 0
    expect(() => loadModelFile(broken)).toThrow(/pipeline\.config\.window\.lookback/)
    // the bounds past the end: one offset per step, below and above the forecast, both or neither
    const K = json.pipeline.ahead.q.length
    const withAhead = (ahead: Record<string, unknown>) => ({ ...json, pipeline: { ...json.pipeline, ahead: { ...json.pipeline.ahead, ...ahead } } })
    expect(() => loadModelFile(withAhead({ lower: json.pipeline.ahead.upper }))).toThrow(new RegExp(`pipeline\\.ahead\\.lower.*must be ${K} finite numbers <= 0`))
    expect(() => loadModelFile(withAhead({ upper: json.pipeline.ahead.upper.slice(1) }))).toThrow(/pipeline\.ahead\.upper/)
    expect(() => loadModelFile(withAhead({ lower: undefined }))).toThrow(/pipeline\.ahead.*one of lower and upper without the other/)
    expect(loadModelFile(withAhead({})).ahead).toEqual(json.pipeline.ahead)
  })
})

describe('future time stamps', () => {
  const utc = (...a: [number, number, number]) => Date.UTC(...a)
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
  it('calendar months, month ends, quarters, and a fixed median step', () => {
    const monthly = Float64Array.from([0, 1, 2, 4], (m) => utc(1958, 2 + m, 15)) // one gap: the median decides
    const s = inferStep(monthly)!
    expect(s).toEqual({ kind: 'months', months: 1, monthEnd: false })
    expect([1, 2, 12].map((k) => iso(advanceTime(monthly[3]!, s, k)))).toEqual(['1958-08-15', '1958-09-15', '1959-07-15'])
    const ends = Float64Array.from([0, 1, 2], (m) => utc(2021, m + 1, 0)) // Jan 31, Feb 28, Mar 31
    const e = inferStep(ends)!
    expect(e).toEqual({ kind: 'months', months: 1, monthEnd: true })
    expect([1, 2].map((k) => iso(advanceTime(ends[2]!, e, k)))).toEqual(['2021-04-30', '2021-05-31'])
    const quarters = Float64Array.from([0, 3, 6], (m) => utc(2020, m, 1))
    expect(inferStep(quarters)).toEqual({ kind: 'months', months: 3, monthEnd: false })
    const daily = Float64Array.from([0, 1, 2, 3, 5], (d) => utc(2020, 0, 1 + d))
    expect(inferStep(daily)).toEqual({ kind: 'ms', ms: 864e5 })
  })
})

describe('future time stamps of business days', () => {
  it('a weekday-only column steps by weekdays: Friday to Monday, and a season of 5', async () => {
    const { resolveSeasonOf } = await import('./season')
    // the period auto reads from the column (constant values show no weekly cycle, so the season
    // itself is none: season.ts)
    const seasonFromTime = (t: Float64Array) => resolveSeasonOf('auto', t, new Float64Array(t.length)).noWeek?.period
    const days: number[] = []
    for (let t = Date.UTC(2024, 0, 1); days.length < 30; t += 864e5) if (new Date(t).getUTCDay() % 6 !== 0) days.push(t)
    const time = Float64Array.from(days) // Mon 1 Jan .. Fri 9 Feb 2024
    const s = inferStep(time)!
    expect(s).toEqual({ kind: 'weekdays' })
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
    expect(iso(time[29]!)).toBe('2024-02-09')
    expect([1, 2, 5, 6].map((k) => iso(advanceTime(time[29]!, s, k)))).toEqual(['2024-02-12', '2024-02-13', '2024-02-16', '2024-02-19'])
    expect(seasonFromTime(time)).toBe(5)
    const { defaultSteps } = await import('./prepare')
    expect(defaultSteps(5, 1)).toBe(14) // M4's daily horizon, as for 7
    // a Saturday row makes it a plain daily column again
    const sat = Float64Array.from([...days, Date.UTC(2024, 1, 10)])
    expect(inferStep(sat)).toEqual({ kind: 'ms', ms: 864e5 })
    expect(seasonFromTime(sat)).toBe(7)
  })
})

describe('farAheadNote', () => {
  // small25: a run at horizon 365 whose validation held 169 rows scored steps 1–169 only, yet the note said 'validated 365 steps ahead'
  const model = (scored?: { steps: number; rows: number; reach: number }) =>
    ({ config: { window: { horizon: 365 } }, ahead: { q: new Array(365).fill([1]) }, choice: { steps: 365, ...(scored ? { scored } : {}) } }) as unknown as LoadedModel
  it('says the steps validation scored, not the horizon, where it scored fewer', () => {
    expect(farAheadNote(model({ steps: 169, rows: 169, reach: 365 }), 100, 400)).toBe(`400 steps ahead is more than the 100 rows of history the forecast starts from, and the run was validated 169 steps ahead: ${EXTRAPOLATION}`)
  })
  it('says the horizon where every step was scored, or the run was stored before the steps scored were kept', () => {
    expect(farAheadNote(model({ steps: 365, rows: 500, reach: 365 }), 100, 400)).toMatch(/validated 365 steps ahead/)
    expect(farAheadNote(model(), 100, 400)).toMatch(/validated 365 steps ahead/)
  })
})
