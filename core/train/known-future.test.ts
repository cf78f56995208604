// Inputs known in the future (issue 13, items 5 and 6): calendar inputs computed from the future
// timestamps and declared known features read from the rows past the last target value, so the
// network forecasts past the end with them; future rows never reach a fit; a missing future value
// is refused naming the column and the timestamp.
import { describe, expect, it } from 'vitest'
import { applyFitted, applyScaler, importCsv, preparePipeline, targetToScaled, type Dataset } from '../data'
import { calendarValues } from '../data/calendar'
import { resolveConfig } from './config'
import { forecastAhead, futureInputs, ForecastError, loadModelFile, predictWindows, type LoadedModel } from './forecast'
import { toPipelineConfig } from './prepare'
import { runTraining } from './run'

const DAY = 864e5
const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * DAY).toISOString().slice(0, 10)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }

/** n days of sales with a weekend bump and a promotion effect; the last `future` rows have no sales. */
function csv(n: number, future = 0, edit?: (i: number, f: string[]) => void): string {
  const lines = ['date,sales,promo']
  for (let i = 0; i < n + future; i++) {
    const promo = (i * 7) % 5 === 0 ? 1 : 0
    const dow = new Date(Date.UTC(2024, 0, 1) + i * DAY).getUTCDay()
    const f = [day(i), i < n ? (50 + 0.05 * i + (dow === 0 || dow === 6 ? 8 : 0) + 6 * promo + ((i * 37) % 11) / 5).toFixed(2) : '', String(promo)]
    edit?.(i, f)
    lines.push(f.join(','))
  }
  return lines.join('\n') + '\n'
}
const load = (text: string) => importCsv(text, { fileName: 'shop.csv' })

async function trained(text: string, data: Record<string, unknown>, forecaster = 'network'): Promise<{ m: LoadedModel; ds: Dataset; notices: string[] }> {
  const config = resolveConfig({
    data: { target: 'sales', lookBack: 7, ...data } as never,
    model: { cell: 'gru', hiddenSize: 6, forecaster: forecaster as never },
    training: { epochs: 2, batchSize: 32, earlyStopping: null, seed: 4 }
  })
  const notices: string[] = []
  const r = await runTraining({ config, dataset: await load(text), appVersion: '0.1.0' }, { ...hooks, emit: (e) => void (e.type === 'started' && notices.push(...e.notices.map((n) => n.message))) })
  return { m: loadModelFile(JSON.parse(JSON.stringify(r!.modelFile)), '0.1.0'), ds: await load(text), notices }
}

describe('calendar inputs past the end', () => {
  it('a stored model re-derives the calendar columns from the time column and forecasts with the future days\' values', async () => {
    const { m, ds } = await trained(csv(120), { features: [], calendar: ['dow', 'month'] })
    expect(m.fitted.inputNames).toEqual(['sales', 'cal:dow.sin', 'cal:dow.cos', 'cal:month.sin', 'cal:month.cos'])
    expect(m.fitted.inputs.filter((b) => b.known).map((b) => b.column)).toEqual(['cal:dow.sin', 'cal:dow.cos', 'cal:month.sin', 'cal:month.cos'])
    expect(m.fitted.inputs.filter((b) => b.known).map((b) => b.lead)).toEqual([1, 1, 1, 1])
    const a = applyFitted(ds, m.config, m.fitted)
    // the stored pipeline's columns on the data, led by the horizon (1): row i holds the scaled
    // calendar of day i + 1, the day its window forecasts; the last row's lead day is past the data
    const cal = calendarValues({ features: ['dow', 'month'] }, a.time!)
    for (const b of m.fitted.inputs.filter((b) => b.known)) {
      for (const i of [0, 1, 59, 118]) expect(a.inputs[i * a.D + b.offset]).toBeCloseTo(applyScaler(m.fitted.scalers[b.column]!, cal.get(b.column)![i + 1]!), 5)
      expect(a.inputs[119 * a.D + b.offset]).toBeNaN()
    }

    // past the end: the last row takes day 120's calendar, the future rows days 121, 122, ... (a
    // copy of the last row would repeat a day)
    const steps = 5
    const ka = futureInputs(m, a, steps)
    expect(ka.future!.length).toBe((steps - 1) * a.D)
    const ahead = calendarValues({ features: ['dow', 'month'] }, Array.from({ length: steps }, (_, j) => Date.parse(day(120 + j))))
    for (const b of m.fitted.inputs.filter((b) => b.known)) {
      expect(ka.inputs[119 * a.D + b.offset]).toBeCloseTo(applyScaler(m.fitted.scalers[b.column]!, ahead.get(b.column)![0]!), 5)
      for (let j = 0; j < steps - 1; j++) expect(ka.future![j * a.D + b.offset]).toBeCloseTo(applyScaler(m.fitted.scalers[b.column]!, ahead.get(b.column)![j + 1]!), 5)
    }
    // the data's rows are not touched: the patch is a copy
    expect(a.inputs[119 * a.D + m.fitted.inputs.find((b) => b.known)!.offset]).toBeNaN()
    const dows = new Set(Array.from({ length: steps - 1 }, (_, j) => ka.future![j * a.D + m.fitted.inputs.find((b) => b.column === 'cal:dow.sin')!.offset]))
    expect(dows.size).toBe(steps - 1)

    const points = forecastAhead(m, a, steps)
    expect(points.map((p) => new Date(p.time!).toISOString().slice(0, 10))).toEqual([120, 121, 122, 123, 124].map(day))
    // step 2 is the one-step forecast of the window ending at day 120, whose row holds step 1's
    // forecast and day 121's calendar
    const D = a.D
    const ext = new Float32Array((a.N + 1) * D)
    ext.set(ka.inputs)
    ext.set(ka.future!.subarray(0, D), a.N * D)
    const t = m.fitted.target
    if (t.kind !== 'regression') throw new Error('regression')
    ext[a.N * D + m.fitted.inputs.find((b) => b.column === 'sales')!.offset] = targetToScaled(t, points[0]!.value)
    const second = predictWindows(m, { ...a, N: a.N + 1, inputs: ext, time: null, targetRaw: null })
    expect(points[1]!.value).toBeCloseTo(second.at(-1)!.value, 6)
    // and with the last row's calendar copied instead, step 2 would differ
    const copied = Float32Array.from(ext)
    for (const b of m.fitted.inputs.filter((b) => b.known)) copied[a.N * D + b.offset] = ka.inputs[(a.N - 1) * D + b.offset]!
    const wrong = predictWindows(m, { ...a, N: a.N + 1, inputs: copied, time: null, targetRaw: null })
    expect(Math.abs(wrong.at(-1)!.value - points[1]!.value)).toBeGreaterThan(1e-6)
  }, 60_000)
})

describe('known-future features', () => {
  it('future rows in the file are cut before the split: the fitted pipeline is the one without them', async () => {
    const base = await load(csv(120))
    const withFuture = await load(csv(120, 10))
    const config = resolveConfig({ data: { target: 'sales', features: ['promo'], known: ['promo'], lookBack: 7 } })
    const a = preparePipeline(withFuture, toPipelineConfig(config, withFuture))
    const b = preparePipeline(base, toPipelineConfig(config, base))
    expect(a.N).toBe(120)
    expect(a.fitted).toEqual(b.fitted)
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs))
    expect(a.notices.map((n) => n.message)).toContain('the last 10 rows (from line 122) have no "sales": left out of the split; they hold the future values of the inputs known in the future, which forecasts past the end read')
    // the future promotions' values reach no scaler: changing them changes nothing
    const odd = await load(csv(120, 10, (i, f) => void (i >= 120 && (f[2] = '1000'))))
    expect(preparePipeline(odd, toPipelineConfig(config, odd)).fitted).toEqual(b.fitted)
  })

  it('forecasts past the end with the file\'s future values, and names the column and the first missing timestamp', async () => {
    const { m } = await trained(csv(120, 10), { features: ['promo'], known: ['promo'] })
    expect(m.fitted.inputs.find((b) => b.column === 'promo')!.known).toBe(true)
    const a = applyFitted(await load(csv(120, 10)), m.config, m.fitted)
    expect(a.N).toBe(120)
    expect(a.future!.F).toBe(10)
    const off = m.fitted.inputs.find((b) => b.column === 'promo')!.offset
    const promo = (i: number) => applyScaler(m.fitted.scalers['promo']!, (i * 7) % 5 === 0 ? 1 : 0)
    // led by the horizon: the data's last row reads day 120's promotion from the file's future rows
    expect(a.inputs[119 * a.D + off]).toBeCloseTo(promo(120), 6)
    expect(a.inputs[118 * a.D + off]).toBeCloseTo(promo(119), 6)
    const ka = futureInputs(m, a, 8)
    for (let j = 0; j < 7; j++) expect(ka.future![j * a.D + off]).toBeCloseTo(promo(121 + j), 6)
    expect(forecastAhead(m, a, 8).map((p) => new Date(p.time!).toISOString().slice(0, 10))).toEqual(Array.from({ length: 8 }, (_, j) => day(120 + j)))
    // 12 steps read the promotions up to day 131 (step 12's own day); the file stops at day 129
    expect(() => forecastAhead(m, a, 12)).toThrow(ForecastError)
    expect(() => forecastAhead(m, a, 12)).toThrow(`"promo" has no future value at ${day(130)}`)
    // a hole in the future rows is named by its date
    const holed = applyFitted(await load(csv(120, 10, (i, f) => void (i === 123 && (f[2] = '')))), m.config, m.fitted)
    expect(() => forecastAhead(m, holed, 8)).toThrow(`"promo" has no future value at ${day(123)}`)
    // without future rows it is refused as before, naming the first future day
    const none = applyFitted(await load(csv(120)), m.config, m.fitted)
    expect(() => forecastAhead(m, none, 3)).toThrow(`"promo" has no future value at ${day(120)}`)
  }, 60_000)
})

describe('a forecast the network takes no part in', () => {
  it('goes past the known rows, as a global run\'s series forecast without the network do: it reads none of the known inputs (exploratory pass 20, item 6)', async () => {
    const net = await trained(csv(120, 10), { features: ['promo'], known: ['promo'] })
    const ets = await trained(csv(120, 10), { features: ['promo'], known: ['promo'] }, 'ets')
    expect(ets.m.choice!.network).toBe(0)
    const a = applyFitted(await load(csv(120, 10)), net.m.config, net.m.fitted)
    // 12 steps read promo up to day 131 where the network takes part; the file stops at day 129
    expect(() => forecastAhead(net.m, a, 12)).toThrow(`"promo" has no future value at ${day(130)}`)
    const b = applyFitted(await load(csv(120, 10)), ets.m.config, ets.m.fitted)
    expect(forecastAhead(ets.m, b, 12).map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, j) => j + 1))
  }, 60_000)
})
