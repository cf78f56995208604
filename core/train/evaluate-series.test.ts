// Per-series scores of a global model against values worked by hand.
import { describe, expect, it } from 'vitest'
import { geometricRelativeMae, scoreSeries, summariseSeries } from './evaluate-series'

describe('scoreSeries', () => {
  // training rows 10, 12, 11, 15: one-step changes 2, 1, 4, mean 7/3
  const trainY = [10, 12, 11, 15]
  it('scores the network and naive on the same origins, MASE over the training rows\' mean change', () => {
    // y 16, 18; network 15, 19 (errors 1, 1 -> MAE 1); naive 15, 16 (errors 1, 2 -> MAE 1.5)
    const s = scoreSeries({ y: [16, 18], yhat: [15, 19], naive: [15, 16], seasonalNaive: [17, 18], trainY })
    expect(s.n).toBe(2)
    expect(s.mae).toBe(1)
    expect(s.mase).toBeCloseTo(3 / 7, 12)
    expect(s.naiveMae).toBe(1.5)
    expect(s.naiveMase).toBeCloseTo(1.5 / (7 / 3), 12)
    // seasonal naive: errors 1, 0 -> 0.5, better than the network's 1
    expect(s.seasonalNaiveMae).toBe(0.5)
    expect(s.beatsNaive).toBe(true)
    expect(s.beatsBestNaive).toBe(false)
  })

  it('leaves seasonal naive out where a window has no value a season back, and with no season', () => {
    expect(scoreSeries({ y: [16, 18], yhat: [15, 19], naive: [15, 16], seasonalNaive: [NaN, 18], trainY }).seasonalNaiveMae).toBeNull()
    const s = scoreSeries({ y: [16, 18], yhat: [16, 16], naive: [15, 16], seasonalNaive: null, trainY })
    expect(s.seasonalNaiveMae).toBeNull()
    expect(s.mae).toBe(1) // errors 0, 2
    expect(s.beatsNaive).toBe(true)
    expect(s.beatsBestNaive).toBe(true)
  })

  it('counts an error within rounding of 0 (1e-9 of the series\' largest training value) as 0', () => {
    // a line fitted to rounding on values near 100, naive off by rounding too: neither "beats"
    // the other, and the pair's ratio (1e-13 / 3e-14) stays out of a global run's geometric mean
    const line = scoreSeries({ y: [104, 105], yhat: [104 + 1e-13, 105 - 1e-13], naive: [104 + 3e-14, 105], seasonalNaive: null, trainY: [100, 101, 102, 103] })
    expect(line.mae).toBe(0)
    expect(line.naiveMae).toBe(0)
    expect(line.beatsNaive).toBe(false)
    const other = scoreSeries({ y: [16, 18], yhat: [15, 19], naive: [15, 16], seasonalNaive: null, trainY: [10, 12, 11, 15] })
    expect(geometricRelativeMae([line, other])).toBeCloseTo(1 / 1.5, 12)
    // an error above rounding stays: 1e-6 on values near 100
    const near = scoreSeries({ y: [104], yhat: [104 + 1e-6], naive: [103], seasonalNaive: null, trainY: [100, 101, 102, 103] })
    expect(near.mae).toBeGreaterThan(9e-7)
    expect(near.beatsNaive).toBe(true)
  })

  it('gives NaN MASE for a constant training series, and refuses mismatched lengths', () => {
    expect(scoreSeries({ y: [1], yhat: [2], naive: [1], seasonalNaive: null, trainY: [3, 3, 3] }).mase).toBeNaN()
    expect(() => scoreSeries({ y: [1, 2], yhat: [2], naive: [1, 2], seasonalNaive: null, trainY })).toThrow(RangeError)
  })
})

describe('summariseSeries', () => {
  it('averages MASE over series with a finite one and counts the series that beat naive', () => {
    const a = scoreSeries({ y: [16, 18], yhat: [15, 19], naive: [15, 16], seasonalNaive: null, trainY: [10, 12, 11, 15] }) // MASE 3/7, naive 4.5/7
    const b = scoreSeries({ y: [5, 5], yhat: [7, 7], naive: [5, 5], seasonalNaive: null, trainY: [0, 2, 4] }) // MAE 2 over scale 2: 1; naive 0
    const c = scoreSeries({ y: [1], yhat: [1], naive: [2], seasonalNaive: null, trainY: [3, 3] }) // constant: left out of the means
    const m = summariseSeries([a, b, c])
    expect(m.series).toBe(3)
    expect(m.meanMase).toBeCloseTo((3 / 7 + 1) / 2, 12)
    expect(m.meanNaiveMase).toBeCloseTo((4.5 / 7 + 0) / 2, 12)
    expect(m.beatNaive).toBe(2) // a and c
    expect(m.beatBestNaive).toBe(2)
    expect(summariseSeries([]).meanMase).toBeNull()
    // no series has a season: no seasonal naive mean, nothing in its place
    expect(m.seasonalNaive).toBeUndefined()
  })

  it("averages seasonal naive's MASE over the series with a season alone, and says how many", () => {
    // scale 7/3 (mean one-step change of 10, 12, 11, 15): seasonal naive MAE 1.5, MASE 1.5 / (7/3)
    const a = scoreSeries({ y: [16, 18], yhat: [15, 19], naive: [15, 16], seasonalNaive: [15, 20], trainY: [10, 12, 11, 15] })
    expect(a.seasonalNaiveMase).toBeCloseTo(1.5 / (7 / 3), 12)
    const b = scoreSeries({ y: [5, 5], yhat: [7, 7], naive: [5, 5], seasonalNaive: null, trainY: [0, 2, 4] }) // no season
    const c = scoreSeries({ y: [1], yhat: [1], naive: [2], seasonalNaive: [4], trainY: [3, 3] }) // constant: no MASE, left out
    expect(c.seasonalNaiveMase).toBeNaN()
    const d = scoreSeries({ y: [6, 6], yhat: [7, 7], naive: [5, 5], seasonalNaive: [3, 9], trainY: [0, 2, 4] }) // scale 2: MAE 3, MASE 1.5
    const m = summariseSeries([a, b, c, d])
    expect(m.meanNaiveMase).toBeCloseTo((4.5 / 7 + 0 + 0.5) / 3, 12) // over a, b and d
    expect(m.seasonalNaive!.series).toBe(2) // a and d: b has no season, c no MASE
    expect(m.seasonalNaive!.meanMase).toBeCloseTo((1.5 / (7 / 3) + 1.5) / 2, 12)
  })
})
