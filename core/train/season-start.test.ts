// A saved run's ETS and Theta applied to a file that starts at another row than its training file:
// the season is placed by the file's dates (pipeline.fitted.start and the step), so the forecasts do
// not depend on where the file starts; the training file itself gives back the run's test forecasts
// to the bit; where the dates cannot place the season it is said (season-start.ts).
import { describe, expect, it } from 'vitest'
import { applyFitted, defaultConfig, importCsv, preparePipeline } from '../data'
import { resolveConfig } from './config'
import { forecastAhead, loadModelFile, predictWindows, type LoadedModel } from './forecast'
import { runTraining } from './run'
import { seasonStart } from './season-start'
import { stepsBetween } from './time-step'

const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
const DAY = 864e5
const T0 = Date.UTC(2021, 0, 1)
const N = 280

/** A weekly season of amplitude 20 on daily rows, with a little noise. */
const rows = (() => {
  let s = 11
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31)
  return Array.from({ length: N }, (_, t) => ({ time: T0 + t * DAY, y: 100 + 20 * Math.sin((2 * Math.PI * t) / 7) + 2 * (rnd() - 0.5) }))
})()
const csvOf = (rs: { time: number; y: number }[]) => ['date,sales', ...rs.map((r) => `${new Date(r.time).toISOString().slice(0, 10)},${r.y.toFixed(4)}`)].join('\n') + '\n'

let run: Promise<{ json: Record<string, unknown>; forecasts: { ts: number; value: number }[] }> | null = null
function trained() {
  run ??= (async () => {
    const config = resolveConfig({
      data: { target: 'sales', features: [], lookBack: 14 } as never,
      model: { cell: 'gru', hiddenSize: 4, forecaster: 'combination' },
      training: { epochs: 1, batchSize: 64, earlyStopping: null }
    })
    const r = (await runTraining({ config, dataset: await importCsv(csvOf(rows), { fileName: 'sales.csv' }), appVersion: '0.1.0' }, hooks))!
    return { json: JSON.parse(JSON.stringify(r.modelFile)) as Record<string, unknown>, forecasts: r.forecasts }
  })()
  return run
}
const load = (json: unknown) => loadModelFile(JSON.parse(JSON.stringify(json)), '0.1.0')
const apply = async (m: LoadedModel, rs: { time: number; y: number }[], file = 'part.csv') => applyFitted(await importCsv(csvOf(rs), { fileName: file }), m.config, m.fitted)
/** The model file as an earlier version wrote it: no fitted.start. */
function withoutStart(json: Record<string, unknown>): Record<string, unknown> {
  const j = JSON.parse(JSON.stringify(json)) as { pipeline: { fitted: Record<string, unknown> } }
  delete j.pipeline.fitted['start']
  return j
}

describe('a saved run applied to a file that starts later', () => {
  it('records where its training rows start, and its forecast holds ETS and Theta with a weekly season', async () => {
    const { json } = await trained()
    const m = load(json)
    expect(m.fitted.start).toBe('2021-01-01T00:00:00.000Z')
    // (ARIMA joins them since its refits go on past 8 failures; it reads its season from the rows)
    expect(m.choice!.members.map((x) => [x.name, x.fit.period])).toEqual([['ets', 7], ['theta', 7], ['arima', 7]])
  })

  it('gives back the run\'s test forecasts to the bit on its own training file', async () => {
    const { json, forecasts } = await trained()
    const m = load(json)
    const a = await apply(m, rows, 'sales.csv')
    expect(seasonStart(m, a)).toEqual({ start: 0, note: null })
    const byTime = new Map(predictWindows(m, a).map((p) => [p.time, p.value]))
    expect(forecasts.length).toBeGreaterThan(30)
    for (const f of forecasts) expect(byTime.get(f.ts)).toBe(f.value)
  })

  it.each([200, 201, 203, 206])('forecasts the same rows alike from a file that starts at row %i (the season placed by its dates)', async (k) => {
    const { json } = await trained()
    const m = load(json)
    const full = new Map(predictWindows(m, await apply(m, rows)).map((p) => [p.time, p.value]))
    const a = await apply(m, rows.slice(k))
    expect(seasonStart(m, a)).toEqual({ start: k, note: null })
    const part = predictWindows(m, a).filter((p) => p.actual !== null)
    // the level and the SES start from the fitted start, so the first rows differ a little; the season does not
    const diff = part.map((p) => Math.abs(p.value - full.get(p.time)!))
    expect(Math.max(...diff.slice(-30))).toBeLessThan(1) // against a season of amplitude 20 (before: up to 35 at k = 203)
    const ahead = (b: typeof a) => forecastAhead(m, b, 7).map((p) => p.value)
    const fullAhead = ahead(await apply(m, rows))
    ahead(a).forEach((v, j) => expect(Math.abs(v - fullAhead[j]!)).toBeLessThan(1))
  })

  it('places a file dated before the training rows by its dates too', async () => {
    const { json } = await trained()
    const m = load(json)
    // the same weekly cycle carried back 40 days (rows -40 .. -1, then the training rows)
    const before = Array.from({ length: 100 }, (_, i) => ({ time: T0 + (i - 40) * DAY, y: 100 + 20 * Math.sin((2 * Math.PI * (i - 40)) / 7) }))
    const a = await apply(m, before)
    expect(seasonStart(m, a).start).toBe(-40)
    const late = predictWindows(m, a).filter((p) => p.actual !== null).slice(-30)
    for (const p of late) expect(Math.abs(p.value - p.actual!)).toBeLessThan(2)
  })

  it('says when it cannot place the season: a file from before fitted.start, a first time off the step, rows that skip steps', async () => {
    const { json } = await trained()
    const old = load(withoutStart(json))
    const a = await apply(old, rows.slice(203))
    const said = seasonStart(old, a, 'part.csv')
    expect(said.start).toBe(0)
    expect(said.note?.level).toBe('warning')
    expect(said.note?.message).toContain('the model file does not record when its training rows start')
    expect(said.note?.message).toContain('part.csv')

    const m = load(json)
    // daily rows at noon: a day apart as the training rows, but not on their times
    const csvNoon = ['date,sales', ...rows.slice(203).map((r) => `${new Date(r.time + DAY / 2).toISOString().replace('.000Z', 'Z')},${r.y}`)].join('\n') + '\n'
    const an = applyFitted(await importCsv(csvNoon, { fileName: 'noon.csv' }), m.config, m.fitted)
    const off = seasonStart(m, an, 'noon.csv')
    expect(off.start).toBe(0)
    expect(off.note?.level).toBe('warning')
    // the file wrote its times in UTC marked Z: named so, as its predictions.csv writes them
    expect(off.note?.message).toMatch(/^the first time of noon\.csv \(2021-07-23T12:00:00Z\) is not a whole number of steps of 1 d from the training rows' first \(2021-01-01T00:00:00Z\)/)

    const gap = [...rows.slice(200, 230), ...rows.slice(233)]
    const g = seasonStart(m, await apply(m, gap), 'gap.csv')
    expect(g.start).toBe(200)
    expect(g.note?.level).toBe('note')
    expect(g.note?.message).toContain(`gap.csv has ${gap.length} rows from 2021-07-20 to 2021-10-07, which span ${gap.length + 3} steps`)
    expect(g.note?.message).toMatch(/ place their season by its first row's date and read the rows as consecutive steps, so after a row that skips steps their season \(7 rows\) is off/)
  })
})

describe('stepsBetween', () => {
  const d = (s: string) => Date.parse(`${s}T00:00:00Z`)
  it('counts days, business days (weekends and closed holidays skipped), months, and back in time', () => {
    expect(stepsBetween(d('2021-01-01'), d('2021-02-05'), { kind: 'ms', ms: DAY })).toBe(35)
    expect(stepsBetween(d('2021-02-05'), d('2021-01-01'), { kind: 'ms', ms: DAY })).toBe(-35)
    expect(stepsBetween(d('2021-01-01'), d('2021-01-01') + 36e5, { kind: 'ms', ms: DAY })).toBeNull()
    // Friday 2021-01-01 to Monday 2021-01-11: 6 weekdays on; with Wednesday 6 January closed, 5
    expect(stepsBetween(d('2021-01-01'), d('2021-01-11'), { kind: 'weekdays' })).toBe(6)
    expect(stepsBetween(d('2021-01-01'), d('2021-01-11'), { kind: 'weekdays', closed: [d('2021-01-06') / DAY] })).toBe(5)
    expect(stepsBetween(d('2021-01-11'), d('2021-01-01'), { kind: 'weekdays' })).toBe(-6)
    expect(stepsBetween(d('2021-01-01'), d('2021-01-09'), { kind: 'weekdays' })).toBeNull() // a Saturday
    expect(stepsBetween(d('2021-01-31'), d('2022-04-30'), { kind: 'months', months: 1, monthEnd: true })).toBe(15)
    expect(stepsBetween(d('2021-01-01'), d('2022-04-01'), { kind: 'months', months: 3, monthEnd: false })).toBe(5)
    expect(stepsBetween(d('2021-01-01'), d('2022-05-01'), { kind: 'months', months: 3, monthEnd: false })).toBeNull()
  })
})

describe('a business-day series with holidays (weekdays without a row), no holiday table', () => {
  // weekdays from Monday 2021-01-04, a few of them holidays without a row, as a market closes
  const holidays = ['2021-01-18', '2021-02-15', '2021-04-02', '2021-05-31', '2021-07-05', '2021-09-06', '2021-10-11', '2021-11-25']
  const days = (() => {
    const out: number[] = []
    for (let t = Date.UTC(2021, 0, 4); out.length < 240; t += DAY) {
      const wd = new Date(t).getUTCDay()
      if (wd !== 0 && wd !== 6 && !holidays.includes(new Date(t).toISOString().slice(0, 10))) out.push(t)
    }
    return out
  })()
  const biz = days.map((time, i) => ({ time, y: 100 + 10 * Math.sin((2 * Math.PI * i) / 5) }))
  /** The run's pipeline as fitted on `biz`, and a model whose ETS has a weekly season (5 rows). */
  const model = async () => {
    const ds = await importCsv(csvOf(biz), { fileName: 'biz.csv' })
    const fitted = preparePipeline(ds, defaultConfig(ds, 'sales')).fitted
    const ets = { name: 'ets', fit: { name: 'ets', label: 'ETS(A,N,A)', period: 5 }, full: { name: 'ets', label: 'ETS(A,N,A)', period: 5 } }
    return { fitted, config: { calendar: undefined }, choice: { members: [ets] } } as unknown as LoadedModel
  }
  const times = (rs: { time: number }[]) => ({ N: rs.length, time: Float64Array.from(rs, (r) => r.time) })

  it('the run records the weekdays its rows skip as holidays', async () => {
    const m = await model()
    expect(m.fitted.closed).toEqual(holidays)
  })

  it('places the season by business days without the holidays: no note on its own file or on a later part of it', async () => {
    const m = await model()
    // before: the training file itself "spans 248 steps" (its 8 holidays counted), a note
    expect(seasonStart(m, times(biz), 'biz.csv')).toEqual({ start: 0, note: null })
    // before: a start past 200 (the holidays before row 200 counted as steps), and a note of steps skipped
    expect(seasonStart(m, times(biz.slice(200)), 'later.csv')).toEqual({ start: 200, note: null })
    // rows past the training rows: the file's own holiday is no step either
    const next: number[] = []
    for (let t = biz.at(-1)!.time + DAY; next.length < 7; t += DAY) if (new Date(t).getUTCDay() % 6 !== 0) next.push(t)
    const more = next.filter((_, i) => i !== 2) // the third weekday on is closed
    const past = seasonStart(m, times([...biz.slice(230), ...more.map((time) => ({ time }))]), 'past.csv')
    expect(past).toEqual({ start: 230, note: null })
    // a file with a row on a day the training rows skipped: that row is a step (before it, the one the
    // training rows skipped is not)
    const filled = [...biz.slice(8, 10), { time: Date.parse('2021-01-18T00:00:00Z'), y: 100 }, ...biz.slice(10, 40)]
    expect(filled.map((r) => new Date(r.time).toISOString().slice(0, 10)).slice(0, 4)).toEqual(['2021-01-14', '2021-01-15', '2021-01-18', '2021-01-19'])
    expect(seasonStart(m, times(filled), 'filled.csv')).toEqual({ start: 8, note: null })
  })

  it('still says so where the rows skip more than holidays do (a missing fortnight)', async () => {
    const m = await model()
    const gap = [...biz.slice(150, 180), ...biz.slice(190)]
    const g = seasonStart(m, times(gap), 'gap.csv')
    expect(g.start).toBe(150)
    const last = new Date(biz.at(-1)!.time).toISOString().slice(0, 10)
    expect(g.note?.message).toContain(`gap.csv has ${gap.length} rows from 2021-08-09 to ${last}, which span ${gap.length + 10} steps`)
    // one model: singular (explore19: "ETS(M,A,M) place their season")
    expect(g.note?.message).toContain(": ETS(A,N,A) places its season by its first row's date and reads the rows as consecutive steps, so after a row that skips steps its season (5 rows) is off by the steps skipped")
  })
})
