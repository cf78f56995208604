// The quality benchmark's metric code against R: bench/quality/r-reference.json holds, per series and
// method, R's point forecasts, R's own sMAPE (M4 formula, computed in R) and forecast::accuracy()'s
// MASE. The harness's functions must reproduce R's numbers from R's forecasts, and its naive and
// seasonal-naive forecasts must equal R's naive() and snaive().
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadManifest, readRReference, readSeries, split } from '../bench/quality-data'
import { anyBeatsBetterNaive, coverage, geomean, mase, maseScale, naiveForecast, seasonalNaiveForecast, smape, worseThanTwiceBest } from '../bench/quality-metrics'

const root = resolve(import.meta.dirname, '..')
const ref = readRReference(resolve(root, 'bench/quality/r-reference.json'))
const manifest = loadManifest(root)
// one series per period: m = 1 (yearly), 4, 12, 24, and a daily one
const NAMES = ['Nile', 'UKgas', 'AirPassengers', 'taylor-hourly', 'EuStockMarkets-DAX']

describe('quality metrics agree with R', () => {
  for (const name of NAMES) {
    const s = readSeries(root, manifest.find((x) => x.name === name)!)
    const { train, test } = split(s)
    const r = ref.series[name]!

    it(`${name}: MASE and sMAPE of R's forecasts equal accuracy()'s and R's sMAPE`, () => {
      expect(r.h).toBe(s.horizon)
      expect(r.m).toBe(s.period)
      for (const method of ['snaive', 'naive', 'drift', 'ets', 'arima', 'theta']) {
        const f = r.methods[method]!
        expect(f.error, `${name} ${method}`).toBeUndefined()
        expect(mase(test, f.mean!, train, s.period)).toBeCloseTo(f.mase!, 10)
        expect(smape(test, f.mean!)).toBeCloseTo(f.smape!, 10)
      }
    })

    it(`${name}: naive and seasonal naive forecasts equal R's naive() and snaive()`, () => {
      const naive = naiveForecast(train, s.horizon)
      const snaive = seasonalNaiveForecast(train, s.period, s.horizon)
      r.methods['naive']!.mean!.forEach((v, i) => expect(naive[i]).toBeCloseTo(v, 9))
      r.methods['snaive']!.mean!.forEach((v, i) => expect(snaive[i]).toBeCloseTo(v, 9))
    })
  }

  it('seasonal naive scores MASE 1 on its own training series shifted by one season (the scale is its MAE)', () => {
    const y = Float64Array.from({ length: 40 }, (_, t) => 10 + Math.sin(t) * 3 + t * 0.5)
    expect(maseScale(y, 4)).toBeCloseTo(mase(y.subarray(4), y.subarray(0, 36), y, 4) * maseScale(y, 4), 12)
  })

  it('coverage counts bounds as inside, and geomean skips what cannot be logged', () => {
    expect(coverage([1, 2, 3, 4], [1, 0, 3.5, 0], [2, 1, 4, 4])).toBe(0.5)
    expect(geomean([1, 4, NaN, 0])).toBeCloseTo(2, 12)
    expect(smape([0, 1], [0, 1])).toBe(0)
  })

  it("counts a contestant worse than twice the best of the others' MASE, or unscored", () => {
    const scores = { naive: 1, ets: 0.4, theta: 0.81, arima: 0.8, defaults: Number.NaN }
    expect(worseThanTwiceBest(scores, 'theta')).toBe(true) // 0.81 > 2 x 0.4
    expect(worseThanTwiceBest(scores, 'arima')).toBe(false) // 0.8 is exactly twice: not worse
    expect(worseThanTwiceBest(scores, 'ets')).toBe(false) // the best itself, against 0.8
    expect(worseThanTwiceBest(scores, 'naive')).toBe(true)
    expect(worseThanTwiceBest(scores, 'defaults')).toBe(true) // no score
    expect(worseThanTwiceBest({ ets: 5, naive: Number.NaN }, 'ets')).toBe(false) // nothing to compare with
  })

  it('counts a series as beatable when any listed contestant beats the better naive, a tie not counted', () => {
    const scores = { naive: 1, snaive: 0.9, ets: 0.95, theta: 0.9, arima: Number.NaN, defaults: 0.5 }
    expect(anyBeatsBetterNaive(scores, ['ets', 'theta', 'arima'])).toBe(false) // 0.95 > 0.9; 0.9 is a tie
    expect(anyBeatsBetterNaive({ ...scores, arima: 0.89 }, ['ets', 'theta', 'arima'])).toBe(true)
    expect(anyBeatsBetterNaive(scores, ['defaults'])).toBe(true)
    expect(anyBeatsBetterNaive(scores, [])).toBe(false)
  })
})
