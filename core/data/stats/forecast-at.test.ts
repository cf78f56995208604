// Test 4: forecastAt() is the fitted model replayed. At the fitted series' last index it is forecast(h)
// to the bit; origin o reads nothing after y[o]; the order of the origins does not matter; one-step
// forecasts along the training series are R's fitted values; restoreStat(toJSON()) forecasts the same.
import { describe, expect, it } from 'vitest'
import { fixtures, maxRelDiff } from './fixtures/r-fixtures'
import { fitStat, restoreStat, STAT_NAMES, type StatFit } from './index'

const air = fixtures.series.AirPassengers // ETS(M,Ad,M): the class3 forecast mean
const jj = fixtures.series.JohnsonJohnson // ETS(M,A,A)
const nile = fixtures.series.Nile // non-seasonal
const cases = [air, jj, nile]

function allOrigins(from: number, to: number): Int32Array {
  return Int32Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

describe('forecastAt replays the fit', () => {
  for (const s of cases)
    for (const name of STAT_NAMES) {
      const y = Float64Array.from(s.y)
      const n = y.length
      const h = s.h
      const fit: StatFit = fitStat(name, y, s.period)
      it(`${s.name} ${fit.label}: last origin equals forecast(h) exactly`, () => {
        expect(Array.from(fit.forecastAt(y, Int32Array.of(n - 1), h))).toEqual(Array.from(fit.forecast(h)))
      })
      it(`${s.name} ${fit.label}: no lookahead, any origin order`, () => {
        // the fitted series followed by 20 more rows, as validation/test rows follow training rows
        const longer = Float64Array.from([...s.y, ...s.y.slice(0, 20).map((v) => v * 1.1)])
        const origins = allOrigins(Math.max(0, n - 40), longer.length - 1)
        const all = fit.forecastAt(longer, origins, h) // (W, h)
        const tampered = Float64Array.from(longer)
        for (const o of [n - 30, n - 1, n + 5]) {
          tampered.fill(NaN, o + 1) // everything after o is unreadable now
          const row = fit.forecastAt(tampered, Int32Array.of(o), h)
          const i = o - origins[0]
          expect(Array.from(row), `origin ${o}`).toEqual(Array.from(all.subarray(i * h, (i + 1) * h)))
          tampered.set(longer)
        }
        const shuffled = Int32Array.from(origins).reverse()
        const back = fit.forecastAt(longer, shuffled, h)
        const W = origins.length
        for (let i = 0; i < W; i++) expect(Array.from(back.subarray((W - 1 - i) * h, (W - i) * h))).toEqual(Array.from(all.subarray(i * h, (i + 1) * h)))
      })
      it(`${s.name} ${fit.label}: restoreStat(toJSON()) forecasts the same, through JSON text`, () => {
        const g = restoreStat(JSON.parse(JSON.stringify(fit.toJSON())))
        expect([g.name, g.label, g.period, g.aicc]).toEqual([fit.name, fit.label, fit.period, fit.aicc])
        expect(Array.from(g.forecast(h))).toEqual(Array.from(fit.forecast(h)))
        const o = allOrigins(n - 10, n - 1)
        expect(Array.from(g.forecastAt(y, o, h))).toEqual(Array.from(fit.forecastAt(y, o, h)))
      })
    }

  it("one-step forecasts along the training series are R's fitted values (ETS(M,A,A) and ETS(M,N,N), 1e-8)", () => {
    for (const s of [jj, nile]) {
      const y = Float64Array.from(s.y)
      const fit = fitStat('ets', y, s.period)
      expect(fit.label).toBe(s.ets_auto.method)
      const one = fit.forecastAt(y, allOrigins(0, y.length - 2), 1) // (n-1, 1): forecast of y[o+1]
      expect(maxRelDiff(one, s.ets_auto.fitted!.slice(1))).toBeLessThan(1e-8)
    }
  })
})

describe('ETS and Theta: input checks and R special cases', () => {
  const y = Float64Array.from(air.y)
  it('rejects NaN and too-short series, naming the problem', () => {
    const bad = Float64Array.from(y)
    bad[17] = NaN
    expect(() => fitStat('ets', bad, 12)).toThrow(/y\[17\] is NaN/)
    expect(() => fitStat('theta', bad, 12)).toThrow(/y\[17\] is NaN/)
    expect(() => fitStat('ets', y.slice(0, 6), 12)).toThrow(/at least 7/)
    expect(() => fitStat('theta', y.slice(0, 6), 1)).toThrow(/at least 7/)
  })
  it('period is the season length the chosen model uses (1 when none)', () => {
    expect(fitStat('ets', y, 12).period).toBe(12) // ETS(M,Ad,M)
    const lh = fixtures.series.LakeHuron_7
    expect(lh.ets_auto.method).toBe('ETS(A,N,N)')
    expect(fitStat('ets', Float64Array.from(lh.y), 7).period).toBe(1)
    expect(fitStat('theta', Float64Array.from(lh.y), 7).period).toBe(lh.theta.seasonal ? 7 : 1)
  })
  it('period > 24, or no more points than one period: no seasonal ETS (as ets())', () => {
    expect(fitStat('ets', y, 48).label).toMatch(/,N\)$/)
    expect(fitStat('ets', y.slice(0, 12), 12).label).toMatch(/,N\)$/)
  })
  it('data with zeros or negatives: additive error only', () => {
    const shifted = y.map((v) => v - 300)
    expect(fitStat('ets', shifted, 12).label).toMatch(/^ETS\(A,/)
  })
  it('a constant series forecasts its value (ets() hands it to ses(alpha = 0.99999))', () => {
    const c = new Float64Array(30).fill(4.5)
    expect(Array.from(fitStat('ets', c, 12).forecast(3))).toEqual([4.5, 4.5, 4.5])
    expect(Array.from(fitStat('theta', c, 12).forecast(2))).toEqual([4.5, 4.5])
  })
  it('restoreStat names the broken field', () => {
    const j = fitStat('ets', y, 12).toJSON()
    expect(() => restoreStat({ ...j, params: { ...j.params, x0: [1, 2] } })).toThrow(/params\.x0/)
    expect(() => restoreStat({ ...j, params: { ...j.params, spec: { ...(j.params.spec as object), season: 'X' } } })).toThrow(/params\.spec\.season/)
    expect(() => restoreStat({ ...j, params: { ...j.params, par: { alpha: 0.5 } } })).toThrow(/par: params\.beta/)
    const t = fitStat('theta', y, 12).toJSON()
    expect(() => restoreStat({ ...t, params: { ...t.params, figure: [1, 2, 3] } })).toThrow(/params\.figure/)
    expect(() => restoreStat({ ...t, params: { ...t.params, alpha: 0 } })).toThrow(/params\.alpha/)
    expect(() => restoreStat({ ...t, name: 'sarimax' as never })).toThrow(/name must be one of/)
  })
})

describe('an exact fit (a straight line) restores from its fit as from its model file', () => {
  // ETS(A,A,N) fits 10, 11, 12, ... exactly: sigma2 0 and an infinite likelihood, which a model
  // file's JSON keeps as null; the fit in memory (the report's explanation restores it) must too
  const y = Float64Array.from({ length: 28 }, (_, i) => 10 + i)
  for (const name of STAT_NAMES) {
    it(name, () => {
      const fit = fitStat(name, y, 1)
      const stored = fit.toJSON()
      const viaFile = restoreStat(JSON.parse(JSON.stringify(stored)))
      const inMemory = restoreStat(stored)
      expect(Array.from(inMemory.forecast(4))).toEqual(Array.from(viaFile.forecast(4)))
      expect(Array.from(inMemory.forecast(4))).toEqual(Array.from(fit.forecast(4)))
    })
  }
})
