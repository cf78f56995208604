// The Data view's marks: what a run's statistical models would replace, found on every row.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { instantOf, offsetAt, type ClockRule } from '../data/clock-rule'
import { offsetText } from '../data/time-cell'
import type { DateColumn } from '../data/types'
import { statHistories } from './choice'
import { FAR_MAX_ROWS, farSkipped, farValues } from './far-values'

const MONTH = (i: number) => Date.UTC(2000, i, 1)
/** 120 months of a season and a trend, with small noise. */
const monthly = () => Float64Array.from({ length: 120 }, (_, i) => 50 + 0.1 * i + 5 * Math.sin((2 * Math.PI * i) / 12) + 0.4 * Math.sin(i * 12.9898))
const times = (n: number) => Float64Array.from({ length: n }, (_, i) => MONTH(i))

describe('farValues', () => {
  it('finds a bad print with the monthly season, and replaces it as a run with those training rows does', () => {
    const y = monthly()
    y[61] = 5000
    const far = farValues(y, times(120))!
    expect(far.season).toBe(12)
    expect(far.log).toBe(true)
    expect(far.rows.map((r) => r.row)).toEqual([61])
    expect(far.rows[0]!.value).toBe(5000)
    expect(Math.abs(far.rows[0]!.replacement - (50 + 6.1 + 5 * Math.sin((2 * Math.PI * 61) / 12)))).toBeLessThan(1.5)
    // a run whose training rows are these 120 replaces the same value by the same number
    const run = statHistories(y, { start: 0, end: 120 }, 12, true).outliers!
    expect(run.train).toEqual(far.rows)
  })

  it('a step index (whole numbers, no dates) finds its season from the values, as a run on it does', () => {
    const y = monthly()
    y[61] = 90 // far from the rest, and not so far that the autocorrelation loses the season
    const steps = Float64Array.from({ length: 120 }, (_, i) => i + 1)
    const far = farValues(y, steps, null, true)!
    expect(far.season).toBe(12)
    expect(far.rows.map((r) => r.row)).toEqual([61])
  })

  it("reads monthly rows at Berlin's midnight on the 1st as months on the file's clock rule: the year is the season", async () => {
    // 00:00+01:00 in winter, +02:00 in summer: 23:00 or 22:00 UTC the day before, no whole number of
    // UTC months apart; without the rule the search had no season (1) and missed what a run replaces
    const berlin: ClockRule = { rule: 'EU', std: 60 }
    const stamp = (t: number) => `${new Date(t + offsetAt(t, berlin) * 6e4).toISOString().slice(0, 19)}${offsetText(offsetAt(t, berlin))}`
    const y = monthly()
    y[61] = 5000
    const text = `month,sales\n${Array.from(y, (v, i) => `${stamp(instantOf(MONTH(i), berlin))},${v}`).join('\n')}\n`
    const ds = await importCsv(text, { fileName: 'berlin-months.csv' })
    const col = ds.columns[0] as DateColumn
    expect(col.clock).toEqual(berlin)
    const sales = (ds.columns[1] as { values: Float64Array }).values
    const far = farValues(sales, col.values, col.clock)!
    expect(far.season).toBe(12)
    // the same search as on the same months in UTC
    expect(far).toEqual(farValues(y, times(120)))
  })

  it('finds nothing in a clean series, nor in a level shift', () => {
    expect(farValues(monthly(), times(120))!.rows).toEqual([])
    const shifted = monthly().map((v, i) => (i >= 60 ? v + 40 : v))
    expect(farValues(shifted, times(120))!.rows).toEqual([])
  })

  it('without a time column reads rows one step apart; too short or out of order: no search', () => {
    const y = monthly()
    y[30] = -900
    expect(farValues(y, null)!.rows.map((r) => r.row)).toEqual([30])
    expect(farValues(y.subarray(0, 7), null)).toBeNull()
    const t = times(120)
    ;[t[10], t[11]] = [t[11]!, t[10]!]
    expect(farValues(y, t)).toBeNull()
    expect(farValues(y, times(119))).toBeNull()
  })

  it('a longer series is searched in its last FAR_MAX_ROWS rows, rows counted from its start, as a run searches', () => {
    const n = FAR_MAX_ROWS + 500
    const y = Float64Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 24) + 2 * Math.sin(i * 12.9898))
    const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * 36e5)
    y[100] = 5000 // before the stretch searched
    y[n - 300] = 5000
    const far = farValues(y, t)!
    expect([far.from, far.season]).toEqual([500, 24])
    expect(far.rows.map((r) => r.row)).toEqual([n - 300])
    const run = statHistories(y, { start: 0, end: n }, 24, true).outliers!
    expect(run.train).toEqual(far.rows)
    expect(run.all).toEqual(far.rows)
  })

  it('reads the shipped CO2 sample and finds nothing, as its runs replace nothing', async () => {
    const { readFileSync } = await import('node:fs')
    const text = readFileSync(new URL('../../resources/samples/co2-concentration.csv', import.meta.url), 'utf8')
    const ds = await importCsv(text, { fileName: 'co2.csv' })
    const col = (name: string) => (ds.columns.find((c) => c.name === name) as { values: Float64Array }).values
    const far = farValues(col('CO2'), col(ds.timeColumn!))!
    expect(far.season).toBe(12)
    expect(far.rows).toEqual([])
  })

  it('does not search a column with no values, or too few, and says why', () => {
    const empty = new Float64Array(120).fill(NaN)
    expect(farSkipped(empty, times(120))).toBe('the column has no values')
    expect(farValues(empty, times(120))).toBeNull()
    const sparse = empty.map((_, i) => (i % 20 === 0 ? i : NaN))
    expect(farSkipped(sparse, times(120))).toBe('only 6 of the 120 values are there')
    expect(farValues(sparse, times(120))).toBeNull()
    expect(farSkipped(monthly(), times(120))).toBeNull()
  })
})
