// tsoutliers and its parts against R (fixtures/r-outliers.json, written by generate-outliers.R from
// Debian's r-cran-forecast 8.20, on 19 series of R's datasets package, 7 of them with planted bad
// prints and 4 with gaps). Tolerance 1e-9 of the series' range for every value; measured
// (`npx vitest run core/data/stats/outliers.test.ts`): supsmu 8e-14, the robust STL 5e-13,
// na.interp 7e-15 (its Fourier and polynomial fill solved on scaled powers where R uses poly()'s
// orthogonal basis: the same fitted values), tsoutliers' replacements 2e-14, its indices exactly.
// Then statOutliers, the run's rule on top of tsoutliers.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import raw from './fixtures/r-outliers.json'
import { stl } from './arima-diffs'
import { cleanOutliers, INTERMITTENT_ZEROS, naInterp, OUTLIER_PASSES, statOutliers, statOutliersOfTailPausing, supsmu, tsoutliers, withReplaced } from './outliers'

interface ROutliers {
  period: number
  x: (number | null)[]
  supsmu?: number[]
  mstl_trend?: number[]
  mstl_seasonal?: number[]
  na_interp?: number[]
  outliers: number[] | number
  replacements: number[] | number
}

const data = raw as unknown as Record<string, ROutliers>
const names = Object.keys(data).filter((k) => k !== '_meta')
const list = (v: number[] | number): number[] => (Array.isArray(v) ? v : [v])
const series = (s: ROutliers) => Float64Array.from(s.x, (v) => (v === null ? NaN : v))
const period = (s: ROutliers) => (s.period > 1 ? s.period : null)

function scaleOf(x: Float64Array): number {
  let lo = Infinity
  let hi = -Infinity
  for (const v of x) if (v === v) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
  return hi - lo
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!))
  return d
}

describe('outliers against R', () => {
  it('has the fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(20)
  })

  for (const name of names) {
    const s = data[name]!
    const x = series(s)
    const scale = scaleOf(x)
    if (s.supsmu) {
      it(`supsmu(1:n, ${name})`, () => {
        const t = Float64Array.from(x, (_, i) => i + 1)
        expect(maxAbsDiff(supsmu(t, x), s.supsmu!) / scale).toBeLessThan(1e-9)
      })
    }
    if (s.mstl_trend) {
      it(`mstl(${name}, robust = TRUE)`, () => {
        const fit = stl(x, s.period, 11, true)
        expect(maxAbsDiff(fit.trend, s.mstl_trend!) / scale).toBeLessThan(1e-9)
        expect(maxAbsDiff(fit.seasonal, s.mstl_seasonal!) / scale).toBeLessThan(1e-9)
      })
    }
    if (s.na_interp) {
      it(`na.interp(${name})`, () => {
        expect(maxAbsDiff(naInterp(x, s.period > 1 ? s.period : 1), s.na_interp!) / scale).toBeLessThan(1e-9)
      })
    }
    it(`tsoutliers(${name})`, () => {
      const found = tsoutliers(x, period(s))
      expect(found.index.map((i) => i + 1)).toEqual(list(s.outliers))
      expect(maxAbsDiff(found.replacements, list(s.replacements)) / scale).toBeLessThan(1e-9)
    })
  }

  it('finds a planted bad print and puts back a value near its neighbours', () => {
    const s = data['Nile_bad']!
    const x = series(s)
    const found = tsoutliers(x, null)
    expect(found.index).toEqual([59])
    // how far beyond the quartiles, in IQRs: past tsoutliers' 3, and far past it for a 3000 in the Nile
    expect(found.severity).toHaveLength(1)
    expect(found.severity[0]).toBeGreaterThan(10)
    for (const name of names) for (const v of tsoutliers(series(data[name]!), period(data[name]!)).severity) expect(v).toBeGreaterThanOrEqual(3)
    const clean = cleanOutliers(x, found)
    expect(clean[59]).toBeGreaterThan(Math.min(x[58]!, x[60]!))
    expect(clean[59]).toBeLessThan(Math.max(x[58]!, x[60]!))
    expect(clean).not.toBe(x)
    expect(cleanOutliers(x, { index: [], replacements: [] })).toBe(x)
  })
})

describe('statOutliers: what the statistical models leave out', () => {
  const air = series(data['AirPassengers']!)

  it('keeps a multiplicative season\'s peaks, which tsoutliers on the values calls outliers', () => {
    expect(tsoutliers(air, 12).index.length).toBe(7)
    expect(statOutliers(air, 12)).toEqual({ replaced: [], log: true })
    // read on the values alone, the peaks are still no further from their replacements than a few
    // of the series' month-to-month moves
    expect(statOutliers(air, 12, false).replaced).toEqual([])
  })

  it('keeps the CO2 sample\'s first springs, which tsoutliers calls outliers on its narrow residuals', () => {
    const co2 = Float64Array.from(readFileSync(new URL('../../../resources/samples/co2-concentration.csv', import.meta.url), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1])))
    const train = co2.slice(0, 519) // a default run's training rows
    expect(tsoutliers(train, 12).index.length).toBeGreaterThan(40)
    expect(statOutliers(train, 12).replaced).toEqual([])
    // and every row, as the refit reads them: with all of 1959's flagged springs left out at once,
    // the seasonal fill puts them 5 moves away; each alone is under 4
    expect(tsoutliers(co2, 12).index.length).toBeGreaterThan(30)
    expect(statOutliers(co2, 12).replaced).toEqual([])
  })

  it('keeps the first values of a series that grows from near 0, which tsoutliers on the logs calls outliers', () => {
    const line = Float64Array.from({ length: 140 }, (_, t) => 2 * t + 1)
    expect(tsoutliers(line.map(Math.log), null).index.length).toBeGreaterThan(10)
    expect(statOutliers(line, null).replaced).toEqual([])
  })

  it('replaces one bad print of a seasonal series by what na.interp puts there', () => {
    const bad = Float64Array.from(air)
    bad[40] = 20000
    const { replaced, log } = statOutliers(bad, 12)
    expect(log).toBe(true)
    expect(replaced.map((r) => r.row)).toEqual([40])
    expect(replaced[0]!.value).toBe(20000)
    const gaps = Float64Array.from(bad)
    gaps[40] = NaN
    expect(replaced[0]!.replacement).toBe(naInterp(gaps, 12)[40])
    // near the months either side of it, not near the bad print
    expect(Math.abs(replaced[0]!.replacement - air[40]!)).toBeLessThan(0.2 * air[40]!)
    expect(withReplaced(bad, replaced)[40]).toBe(replaced[0]!.replacement)
  })

  it('reads a series with values at or below 0 on its values', () => {
    const nile = series(data['Nile_bad']!).map((v) => v - 1000)
    const { replaced, log } = statOutliers(nile, null)
    expect(log).toBe(false)
    expect(replaced.map((r) => r.row)).toEqual([59])
  })

  it('keeps a level shift, and a last value far from the rest', () => {
    const shifted = Float64Array.from(series(data['Nile']!), (v, i) => (i >= 70 ? v * 4 : v))
    expect(tsoutliers(shifted, null).index).toEqual(expect.arrayContaining([68, 69, 71]))
    for (const r of statOutliers(shifted, null).replaced) expect(r.row < 66 || r.row > 73).toBe(true)
    const last = Float64Array.from(series(data['Nile']!))
    last[99] = 5000
    expect(tsoutliers(last, null).index).toContain(99)
    expect(statOutliers(last, null).replaced.map((r) => r.row)).not.toContain(99)
  })

  it('replaces nothing in an intermittent series', () => {
    const counts = Float64Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0 : 5 + (i % 7)))
    counts[50] = 400
    const { replaced } = statOutliers(counts, null)
    expect(counts.filter((v) => v === 0).length / counts.length).toBeGreaterThanOrEqual(INTERMITTENT_ZEROS)
    expect(replaced).toEqual([])
    // with fewer zeros the bad print is found
    const fewer = counts.map((v, i) => (v === 0 && i % 2 === 0 ? 6 : v))
    expect(statOutliers(fewer, null).replaced.map((r) => r.row)).toContain(50)
  })
})

describe('the search pauses within its passes', () => {
  // a run's preparation lets a cancel in at the search's pauses (pausable.ts): each half of a pass
  // (a robust STL: 0.2-0.9 s on 20,000 hourly rows; the smoother) and each filling of the gaps was
  // one piece of work, one pause after it. Now the STL pauses after each of its 16 passes' two parts,
  // the smoother after each of its 7 running lines, na.interp around its least squares.
  it('pauses many times between any two of its counted passes, and finds what statOutliers finds', () => {
    const y = Float64Array.from({ length: 2000 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + 0.01 * i + ((i * 37) % 11) / 10)
    for (const i of [300, 900, 1500]) y[i] = 400
    const pausesAt: number[] = [] // the pauses made before each count
    let pauses = 0
    const work = statOutliersOfTailPausing(y, 24, true, () => void pausesAt.push(pauses))
    let r = work.next()
    while (!r.done) (pauses++, (r = work.next()))
    expect(pausesAt).toHaveLength(OUTLIER_PASSES)
    const between = pausesAt.map((p, i) => p - (i ? pausesAt[i - 1]! : 0))
    // a decomposition's half: 32 and more (16 passes of the robust STL, two parts each); a smoother's
    // half: 7 and more; the judging, filling the gaps again (na.interp's STL): 32 and more
    expect(between.filter((_, i) => i % 2 === 0).every((n) => n >= 32)).toBe(true)
    expect(Math.min(...between)).toBeGreaterThanOrEqual(7)
    expect(r.value.replaced.map((x) => x.row)).toEqual([300, 900, 1500])
    expect(r.value).toEqual({ ...statOutliers(y, 24), from: 0 })
  })
})
