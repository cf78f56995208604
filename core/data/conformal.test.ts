import { describe, expect, it } from 'vitest'
import { CONFORMAL_DECAY, conformalDecay, conformalThroughTest, coverage, fewestCalibrating, MOST_WINDOWS, fitConformal, GrowingQuantile, noIntervalNote, RADIX_SMALL, RANK_ROWS_PER_PAUSE, ranksOf, ranksOfPausing, sequentialConformal, zeroWidthNote } from './conformal'
import { gauss } from './testing'


describe('split conformal', () => {
  it('uses the ceil((n+1)(1-alpha))-th smallest absolute residual', () => {
    const r = [-9, 1, 2, -3, 4, 5, 6, 7, -8] // |r| sorted 1..9, n = 9
    expect(fitConformal(r, 1, 0.9).q[0]).toBe(9) // ceil(10 * 0.9) = 9
    expect(fitConformal(r, 1, 0.8).q[0]).toBe(8) // ceil(10 * 0.8) = 8
    expect(fitConformal(r, 1, 0.5).q[0]).toBe(5) // ceil(10 * 0.5) = 5
  })

  it('is unbounded when there are too few residuals for the level', () => {
    expect(fitConformal([1, 2, 3, 4, 5], 1, 0.9).q[0]).toBe(Infinity) // ceil(6 * 0.9) = 6 > 5
  })

  it('covers k/(n+1) of Gaussian noise per horizon step, k the corrected rank, within a sampling tolerance', () => {
    // n = 24 validation residuals: the corrected rank is ceil(25 * 0.9) = 23, the uncorrected
    // ceil(24 * 0.9) = 22, so the exact expected coverages differ: 23/25 = 0.92 against 22/25 = 0.88.
    // (At n = 99 both ranks are 90 and no coverage test can tell them apart.) 300 trials of 100 test
    // points: a trial's coverage has variance Beta(k, n+1-k) + binomial = k(n+1-k)/((n+1)^2(n+2))
    // + 0.08/100; the mean over 300 trials has sd sqrt((0.00283 + 0.0008) / 300) = 0.0035. Allow
    // 4 sd (0.014), under half the 0.04 gap.
    const g = gauss(42)
    const H = 2
    const n = 24
    const sigma = [1, 3] // a wider spread at the second step
    const cov = new Float64Array(H)
    const trials = 300
    for (let k = 0; k < trials; k++) {
      const res = Float64Array.from({ length: n * H }, (_, i) => sigma[i % H] * g())
      const ci = fitConformal(res, H, 0.9)
      expect(ci.n).toBe(n)
      const y = Float64Array.from({ length: 100 * H }, (_, i) => 5 + sigma[i % H] * g())
      const yhat = new Float64Array(100 * H).fill(5)
      const c = coverage(ci, y, yhat)
      for (let h = 0; h < H; h++) cov[h] += c[h] / trials
    }
    const sd = Math.sqrt(((23 * 2) / (25 * 25 * 26) + (0.92 * 0.08) / 100) / trials)
    for (let h = 0; h < H; h++) expect(Math.abs(cov[h] - 23 / 25), `step ${h + 1}: ${cov[h]}`).toBeLessThan(4 * sd)
  })

  it('finite-sample correction: where ceil((n+1)(1-alpha)) and ceil(n(1-alpha)) differ, the larger rank is used', () => {
    // residuals with |r| = 1..n in a scrambled order and mixed signs, so the rank reads off the value
    const scrambled = (n: number) => Array.from({ length: n }, (_, i) => ((i * 3) % n) + 1).map((v, i) => (i % 3 === 0 ? -v : v))
    const cases: [n: number, level: number, corrected: number, plain: number][] = [
      [10, 0.9, 10, 9], // ceil(9.9) = 10, ceil(9) = 9
      [20, 0.8, 17, 16], // ceil(16.8) = 17, ceil(16) = 16
      [50, 0.9, 46, 45], // ceil(45.9) = 46, ceil(45) = 45
      [14, 0.5, 8, 7] // ceil(7.5) = 8, ceil(7) = 7
    ]
    for (const [n, level, corrected, plain] of cases) {
      expect(Math.ceil((n + 1) * level)).toBe(corrected) // the premise: the ranks differ
      expect(Math.ceil(n * level)).toBe(plain)
      expect(new Set(scrambled(n).map(Math.abs)).size).toBe(n) // 3 is coprime to n: a permutation of 1..n
      expect(fitConformal(scrambled(n), 1, level).q[0], `n = ${n}, level ${level}`).toBe(corrected)
    }
  })

  it('per horizon step, each column gets its own rank-k residual (an independent check of the rank)', () => {
    // n = 10, H = 3, level 0.8: k = ceil(11 * 0.8) = 9. Column h holds |r| = (h + 1) * (1..10), scrambled.
    const n = 10
    const H = 3
    const res = new Float64Array(n * H)
    for (let i = 0; i < n; i++) for (let h = 0; h < H; h++) res[i * H + h] = (h % 2 ? -1 : 1) * (h + 1) * (((i * 3) % n) + 1)
    const ci = fitConformal(res, H, 0.8)
    expect(Array.from(ci.q)).toEqual([9, 18, 27])
    // the coverage of the validation residuals themselves is k / n
    const zero = new Float64Array(n * H)
    expect(Array.from(coverage(ci, res, zero))).toEqual([0.9, 0.9, 0.9])
  })
})

describe('growing conformal quantile', () => {
  it('equals fitConformal on the residuals let in so far, after every add, in any order', () => {
    const g = gauss(7)
    const res = Array.from({ length: 57 }, () => g() * 3)
    res[11] = res[4]! // ties
    res[30] = -res[4]!
    const order = Array.from({ length: res.length }, (_, i) => (i * 23) % res.length) // a permutation (23 coprime to 57)
    expect(new Set(order).size).toBe(res.length)
    for (const level of [0.5, 0.8, 0.9, 0.95]) {
      const q = new GrowingQuantile(res)
      expect(q.quantile(level)).toBe(Infinity)
      const seen: number[] = []
      for (const i of order) {
        q.add(i)
        seen.push(res[i]!)
        expect(q.size).toBe(seen.length)
        expect(q.quantile(level), `level ${level}, ${seen.length} in`).toBe(fitConformal(seen, 1, level).q[0])
      }
    }
  })

  it('never counts a non-finite residual', () => {
    const q = new GrowingQuantile([1, NaN, 2, Infinity, 3, -Infinity, 4, 5, 6, 7, 8, 9, 10])
    for (let i = 0; i < 13; i++) q.add(i)
    expect(q.size).toBe(10)
    expect(q.quantile(0.9)).toBe(10) // ceil(11 * 0.9) = 10th of 1..10
    expect(q.quantile(0.5)).toBe(6) // ceil(5.5) = 6th
  })
})

describe('sequential split conformal over a test period', () => {
  // brute force: at each origin, fitConformal on validation's residuals and the test residuals observed by then
  function byHand(cal: number[], test: number[], seen: number[], origins: number[], H: number, level: number): number[] {
    const out: number[] = []
    for (let i = 0; i < origins.length; i++) {
      for (let h = 0; h < H; h++) {
        const pool = cal.filter((_, j) => j % H === h)
        for (let j = 0; j < origins.length; j++) if (seen[j * H + h]! <= origins[i]!) pool.push(test[j * H + h]!)
        out.push(fitConformal(pool, 1, level).q[0]!)
      }
    }
    return out
  }

  it('calibrates each test window on validation and on the test residuals observed by its origin, per step', () => {
    const g = gauss(11)
    const H = 3
    const nv = 25
    const nt = 40
    const cal = Array.from({ length: nv * H }, (_, i) => g() * (1 + (i % H)))
    // errors that grow through the test period, as on a series whose trend accelerates
    const test = Array.from({ length: nt * H }, (_, i) => g() * (1 + (i % H)) * (1 + Math.floor(i / H) / 10))
    const origins = Array.from({ length: nt }, (_, i) => 100 + i)
    const seen = test.map((_, i) => origins[Math.floor(i / H)]! + (i % H) + 1)
    const q = sequentialConformal(cal, test, seen, origins, H, 0.9)
    expect(Array.from(q)).toEqual(byHand(cal, test, seen, origins, H, 0.9))
    // the first window sees no test residual: its half-widths are validation's alone
    const valOnly = fitConformal(cal, H, 0.9).q
    for (let h = 0; h < H; h++) expect(q[h]).toBe(valOnly[h])
    // and the last window's step-1 half-width has grown with the test errors it has seen
    expect(q[(nt - 1) * H]!).toBeGreaterThan(valOnly[0]!)
  })

  it('takes the origins in any order', () => {
    const g = gauss(3)
    const cal = Array.from({ length: 30 }, () => g())
    const test = Array.from({ length: 20 }, () => 2 * g())
    const origins = [5, 1, 9, 3, 7, 0, 2, 8, 4, 6, 15, 11, 19, 13, 17, 10, 12, 18, 14, 16]
    const seen = origins.map((o) => o + 2)
    expect(Array.from(sequentialConformal(cal, test, seen, origins, 1, 0.8))).toEqual(byHand(cal, test, seen, origins, 1, 0.8))
  })

  it('rejects a level outside (0, 1)', () => {
    expect(() => sequentialConformal([1], [1], [1], [0], 1, 1)).toThrow(/level/)
  })
})

// Nonexchangeable (weighted) conformal quantiles, by brute force: residual j weighs w[j], the new
// point wNew at +Infinity; the quantile is the smallest |residual| at which the sorted running
// weight reaches level x (sum of w + wNew), Infinity when the residuals' weight never does.
function weightedByHand(res: number[], w: number[], wNew: number, level: number): number {
  const idx = res.map((_, j) => j).sort((a, b) => Math.abs(res[a]!) - Math.abs(res[b]!))
  const total = w.reduce((s, v) => s + v, 0) + wNew
  let run = 0
  for (const j of idx) {
    run += w[j]!
    if (run >= level * total) return Math.abs(res[j]!)
  }
  return Infinity
}

describe('weighted conformal quantiles (residuals weighted by age)', () => {
  it('GrowingQuantile: the brute-force weighted quantile after every add; all weights 1 is the unweighted rank', () => {
    const g = gauss(5)
    const res = Array.from({ length: 61 }, () => g() * 2)
    res[9] = -res[2]! // a tie
    const w = res.map(() => 0.05 + Math.abs(g()))
    const order = Array.from({ length: res.length }, (_, i) => (i * 17) % res.length)
    for (const level of [0.5, 0.9, 0.95]) {
      const q = new GrowingQuantile(res, false, true)
      const ones = new GrowingQuantile(res, false, true)
      const plain = new GrowingQuantile(res)
      const seen: number[] = []
      const ws: number[] = []
      for (const i of order) {
        q.add(i, w[i])
        ones.add(i, 1)
        plain.add(i)
        seen.push(res[i]!)
        ws.push(w[i]!)
        for (const wNew of [0.3, 1, 4]) expect(q.quantile(level, wNew), `level ${level}, ${seen.length} in, new ${wNew}`).toBe(weightedByHand(seen, ws, wNew, level))
        expect(ones.quantile(level)).toBe(plain.quantile(level))
      }
    }
  })

  it('GrowingQuantile: scaling every weight and the new one alike changes nothing', () => {
    const g = gauss(8)
    const res = Array.from({ length: 40 }, () => g())
    const q = new GrowingQuantile(res, false, true)
    res.forEach((_, i) => q.add(i, 0.99 ** (40 - i)))
    const before = q.quantile(0.9, 1)
    q.scale(2 ** -300)
    expect(q.quantile(0.9, 2 ** -300)).toBe(before)
    expect(before).toBe(weightedByHand(res, res.map((_, i) => 0.99 ** (40 - i)), 1, 0.9))
  })

  it('fitConformal with a decay: window i of n weighs decay^(n - i), the new point 1', () => {
    const g = gauss(21)
    const n = 80
    const H = 2
    const res = Array.from({ length: n * H }, (_, i) => g() * (1 + Math.floor(i / H) / 20))
    for (const decay of [0.99, 0.95, 0.8]) {
      const q = fitConformal(res, H, 0.9, decay).q
      for (let h = 0; h < H; h++) {
        const col = res.filter((_, i) => i % H === h)
        expect(q[h], `decay ${decay}, step ${h + 1}`).toBe(weightedByHand(col, col.map((_, i) => decay ** (n - i)), 1, 0.9))
      }
    }
    // the errors grow with time: weighting the recent ones widens the band
    expect(fitConformal(res, H, 0.9, 0.95).q[0]).toBeGreaterThan(fitConformal(res, H, 0.9).q[0]!)
    // too little weight for the level: a steep decay leaves about 1 / (1 - decay) residuals' worth
    expect(fitConformal(res, H, 0.9, 0.8).q[0]).toBe(Infinity)
    expect(() => fitConformal(res, H, 0.9, 0)).toThrow(/decay/)
    expect(() => fitConformal(res, H, 0.9, 1.1)).toThrow(/decay/)
  })

  it('sequentialConformal with a decay: each test window weighs every window by its age at that origin, the brute force', () => {
    const g = gauss(13)
    const H = 2
    const nv = 30
    const cal = Array.from({ length: nv * H }, () => g())
    for (const [nt, decay] of [[60, 0.99], [700, 0.5]] as const) {
      // 700 origins at decay 0.5 pass the point where the weights are rescaled (every ~288 origins)
      const test = Array.from({ length: nt * H }, (_, i) => g() * (1 + Math.floor(i / H) / 30))
      const origins = Array.from({ length: nt }, (_, i) => 50 + i).reverse() // any order
      const seen = test.map((_, i) => origins[Math.floor(i / H)]! + (i % H) + 1)
      const q = sequentialConformal(cal, test, seen, origins, H, 0.9, decay)
      // positions in time: validation's windows 0..nv-1, then the test windows by origin
      const pos = (j: number) => nv + (origins[j]! - 50)
      for (let i = 0; i < nt; i++) {
        for (let h = 0; h < H; h++) {
          const pool: number[] = []
          const w: number[] = []
          for (let j = 0; j < nv; j++) (pool.push(cal[j * H + h]!), w.push(decay ** (pos(i) - j)))
          for (let j = 0; j < nt; j++) if (seen[j * H + h]! <= origins[i]!) (pool.push(test[j * H + h]!), w.push(decay ** (pos(i) - pos(j))))
          expect(q[i * H + h], `nt ${nt}, window ${i}, step ${h + 1}`).toBe(weightedByHand(pool, w, 1, 0.9))
        }
      }
    }
  })

  it('covers errors whose scale drifts up nearer the level than equal weights do', () => {
    // one-step errors: validation at scale 1, then 600 test windows whose scale climbs to 2, as on a
    // series whose trend accelerates. Equal weights read the test period with the older, smaller
    // errors and fall short of 90 %; weights by age follow the drift (with seeds 1-3: 0.80-0.835
    // against 0.87-0.887).
    const g = gauss(99)
    const cal = Array.from({ length: 100 }, () => g())
    const nt = 600
    const test = Array.from({ length: nt }, (_, i) => g() * (1 + i / nt))
    const origins = Array.from({ length: nt }, (_, i) => 100 + i)
    const seen = origins.map((o) => o + 1)
    const covered = (decay: number) => {
      const q = sequentialConformal(cal, test, seen, origins, 1, 0.9, decay)
      return test.filter((e, i) => Math.abs(e) <= q[i]!).length / nt
    }
    const equal = covered(1)
    const weighted = covered(0.99)
    expect(equal).toBeLessThan(0.85)
    expect(weighted).toBeGreaterThan(0.86)
    expect(weighted).toBeLessThan(0.95)
    expect(weighted - equal).toBeGreaterThan(0.03)
  })
})

describe('an interval of zero width (every error it is calibrated on 0 to rounding)', () => {
  it('says so, counting the errors that were 0, and says nothing where some step is wider', () => {
    const tol = 1e-9 * 170 // EXACT_FIT of a target that reaches 170
    const rounding = [5.7e-14, -2.8e-14, 0, 1.1e-13]
    expect(zeroWidthNote(fitConformal(rounding, 1, 0.5).q, rounding, tol, 0.9)).toBe('the 90 % prediction interval has zero width: every one of the 4 validation and test errors it is calibrated on was 0 (to rounding: the forecast fits these rows exactly), so it promises nothing about new data, where any error at all falls outside it; judge the forecast by whether the series keeps to the pattern fitted, not by the interval')
    // 19 errors of 0 and one of 2: the 90 % quantile is still 0, and the words say one was not
    const one = [...Array.from({ length: 19 }, () => 0), 2]
    expect(zeroWidthNote([0], one, tol, 0.9)).toContain('zero width: 19 of the 20 validation and test errors it is calibrated on were 0 (to rounding')
    // a step whose half-width is more than rounding, or none at all
    expect(zeroWidthNote([0, 1e-6], rounding, tol, 0.9)).toBeNull()
    expect(zeroWidthNote([Infinity], rounding, tol, 0.9)).toBeNull()
    expect(zeroWidthNote([NaN], rounding, tol, 0.9)).toBeNull()
    expect(zeroWidthNote([], rounding, tol, 0.9)).toBeNull()
    // exactly 0 with no scale (tol 0): still zero width
    expect(zeroWidthNote([0], [0, 0], 0, 0.8)).toMatch(/^the 80 % prediction interval has zero width: every one of the 2 /)
  })
})

describe('ranksOf', () => {
  // the ranks GrowingQuantile took from an index sort with a comparator call per comparison
  const byComparator = (keys: Float64Array) => {
    const order = Array.from({ length: keys.length }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b)
    const rank = new Int32Array(keys.length)
    order.forEach((i, r) => (rank[i] = r + 1))
    return rank
  }

  it('gives the ranks of sorting by key, then by index, to the bit: ties, -0 beside 0, the infinities, negative keys', () => {
    let s = 11
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31)
    for (const n of [0, 1, 2, 7, 1000, RADIX_SMALL - 1, RADIX_SMALL, 20_000]) {
      const keys = Float64Array.from({ length: n }, (_, i) => {
        const u = rnd()
        if (u < 0.05) return i % 2 ? -0 : 0
        if (u < 0.08) return Infinity
        if (u < 0.1) return -Infinity
        if (u < 0.3) return Math.round(20 * rnd()) - 10 // ties
        return (rnd() - 0.5) * 10 ** Math.round(12 * rnd() - 6) // tiny to large, either sign
      })
      expect(Array.from(ranksOf(keys))).toEqual(Array.from(byComparator(keys)))
    }
  })
  // how much faster it is than the comparator sort (200,000 keys; 57 sets of 200, one interval
  // calibration's) is measured by `npm run bench -- --section ranks`, not asserted here: a timing
  // cannot fail honestly on a loaded machine

  it('pauses after every RANK_ROWS_PER_PAUSE rows of each pass, its ranks those of the comparator sort', () => {
    let s = 5
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31)
    const n = 2 * RANK_ROWS_PER_PAUSE + 17
    const keys = Float64Array.from({ length: n }, () => (rnd() < 0.2 ? Math.round(10 * rnd()) : rnd() - 0.5))
    const work = ranksOfPausing(keys)
    let pauses = 0
    let r = work.next()
    for (; !r.done; r = work.next()) pauses++
    // the keys' bits, then each of 4 passes (16-bit digits) counting and placing: 3 chunks each
    expect(pauses).toBe(3 * (1 + 2 * 4))
    expect(Array.from(r.value)).toEqual(Array.from(byComparator(keys)))
  })
})

describe('GrowingQuantile.pausing', () => {
  const res = Float64Array.from({ length: RANK_ROWS_PER_PAUSE + 3 }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 13)))

  it('builds the quantile the constructor builds, signed or not, weighted or not', () => {
    for (const [signed, weighted] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const work = GrowingQuantile.pausing(res, signed, weighted)
      let r = work.next()
      while (!r.done) r = work.next()
      const paused = r.value
      const whole = new GrowingQuantile(res, signed, weighted)
      for (let i = 0; i < res.length; i += 7) paused.add(i, 0.5 + (i % 3)), whole.add(i, 0.5 + (i % 3))
      for (const level of [0.5, 0.8, 0.9, 0.95]) expect(paused.quantile(level, 2)).toBe(whole.quantile(level, 2))
    }
  })

  it('can be left at a pause before its ranks are made (a stop while it builds)', () => {
    const work = GrowingQuantile.pausing(res)
    expect(work.next().done).toBe(false)
    expect(work.return(undefined as never).done).toBe(true)
  })
})

describe('why a run has no interval (the fewest validation windows a level needs)', () => {
  const finite = (n: number, level: number) => n > 0 && Number.isFinite(fitConformal(new Float64Array(n).fill(1), 1, level, CONFORMAL_DECAY).q[0])

  it('names the fewest windows that calibrate the level as a run weighs them: one fewer leaves it unbounded', () => {
    for (const level of [0.5, 0.8, 0.9, 0.95, 0.98]) {
      const n = fewestCalibrating(level)!
      expect([level, finite(n, level), finite(n - 1, level)]).toEqual([level, true, false])
    }
    // the recency weights count more windows than the equal weights' ceil((n + 1) level) <= n (9 at 90 %)
    expect(finite(9, 0.9)).toBe(false)
    const note = noIntervalNote(0.9)
    expect(note.message).toBe(`no prediction interval: a 90% split-conformal interval needs at least ${fewestCalibrating(0.9)} validation windows, and this run has fewer; more rows or a larger validation share give one`)
    expect(note.app).toBe(`No prediction interval: a 90 % interval needs at least ${fewestCalibrating(0.9)} validation windows (forecasts scored on the validation rows), and this run has fewer; more rows, or a larger validation share in Setup's split, give one`)
  })

  it('a level the recency weights never reach says so, and what reaches it', () => {
    // at 0.99 a window the weights add up to less than 0.99 / (1 - 0.99) = 99 windows' worth however
    // many there are; 99.5 % needs 199
    expect(finite(MOST_WINDOWS, 0.995)).toBe(false)
    expect(fewestCalibrating(0.995, CONFORMAL_DECAY)).toBeNull()
    const note = noIntervalNote(0.995, CONFORMAL_DECAY)
    expect(note.message).toBe("no prediction interval: a 99.5% interval cannot be calibrated from any number of validation windows: each error weighs 0.99 times the next one's, so at most 99 windows' worth counts, and 99.5% needs more; interval.level below 0.99 gives one")
    expect(note.app).toBe("No prediction interval: a 99.5 % interval cannot be calibrated from any number of validation windows: each error weighs 0.99 times the next one's, so at most 99 windows' worth counts, and 99.5 % needs more; a config's interval.level below 0.99 gives one")
  })

  it('a level of 0.99 and above weighs errors by a slower decay, which enough windows calibrate', () => {
    // the config takes levels up to 0.999; each must be reachable: its decay's weights add up to
    // twice the windows' worth the level needs, level / (1 - level)
    expect(conformalDecay(0.9)).toBe(CONFORMAL_DECAY)
    expect(conformalDecay(0.98)).toBe(CONFORMAL_DECAY)
    expect(conformalDecay(0.99)).toBeCloseTo(0.995, 12)
    expect(conformalDecay(0.999)).toBeCloseTo(0.9995, 12)
    const at = (n: number, level: number) => n > 0 && Number.isFinite(fitConformal(new Float64Array(n).fill(1), 1, level, conformalDecay(level)).q[0])
    for (const level of [0.985, 0.99, 0.995, 0.999]) {
      const n = fewestCalibrating(level)
      expect(n).not.toBeNull()
      expect([level, at(n!, level), at(n! - 1, level)]).toEqual([level, true, false])
      expect(noIntervalNote(level).message).toBe(`no prediction interval: a ${+(level * 100).toFixed(1)}% split-conformal interval needs at least ${n} validation windows, and this run has fewer; more rows or a larger validation share give one`)
    }
    // 99 % from 300 exchangeable errors: the interval's test coverage is about the level (binomial
    // sd of 20,000 test points about 0.0007; the quantile's own sampling spread is wider)
    const g = gauss(7)
    const cal = Float64Array.from({ length: 300 }, g)
    const ci = fitConformal(cal, 1, 0.99, conformalDecay(0.99))
    expect(Number.isFinite(ci.q[0])).toBe(true)
    const y = Float64Array.from({ length: 20000 }, g)
    expect(coverage(ci, y, new Float64Array(y.length))[0]).toBeGreaterThan(0.975)
    // and conformalThroughTest's default decay is the level's
    const test = Float64Array.from({ length: 50 }, g)
    const origins = Int32Array.from({ length: 50 }, (_, i) => 300 + i)
    const seen = Int32Array.from(origins, (o) => o + 1)
    expect(Array.from(conformalThroughTest(cal, test, seen, origins, 1, 0.99).perWindow)).toEqual(Array.from(sequentialConformal(cal, test, seen, origins, 1, 0.99, conformalDecay(0.99))))
  })
})
