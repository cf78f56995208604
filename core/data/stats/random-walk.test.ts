import { describe, expect, it } from 'vitest'
import { gauss } from '../testing'
import { acf } from './linalg'
import { changesFollow, chiSquaredUpper, ljungBox, logGamma, randomWalkTest, robustPortmanteau, signPortmanteau } from './random-walk'

// R 4.2.2: Rscript -e 'options(digits=17); LakeHuron'
const lakeHuron = [580.38, 581.86, 580.97, 580.8, 579.79, 580.39, 580.42, 580.82, 581.4, 581.32, 581.44, 581.68, 581.17, 580.53, 580.01, 579.91, 579.14, 579.16, 579.55, 579.67, 578.44, 578.24, 579.1, 579.09, 579.35, 578.82, 579.32, 579.01, 579, 579.8, 579.83, 579.72, 579.89, 580.01, 579.37, 578.69, 578.19, 578.67, 579.55, 578.92, 578.09, 579.37, 580.13, 580.14, 579.51, 579.24, 578.66, 578.86, 578.05, 577.79, 576.75, 576.75, 577.82, 578.64, 580.58, 579.48, 577.38, 576.9, 576.94, 576.24, 576.84, 576.85, 576.9, 577.79, 578.18, 577.51, 577.23, 578.42, 579.61, 579.05, 579.26, 579.22, 579.38, 579.1, 577.95, 578.12, 579.75, 580.85, 580.41, 579.96, 579.61, 578.76, 578.18, 577.21, 577.13, 579.1, 578.25, 577.91, 576.89, 575.96, 576.8, 577.68, 578.38, 578.52, 579.74, 579.31, 579.89, 579.96]

/** A random walk of n points from seeded normal changes plus a drift. */
function walk(n: number, seed: number, drift: number): number[] {
  const e = normals(n, seed)
  const y = Array.from(e)
  for (let t = 1; t < n; t++) y[t] = y[t - 1]! + drift + e[t]!
  return y
}

const diff = (y: number[]) => Float64Array.from(y.slice(1), (v, i) => v - y[i]!)

function normals(n: number, seed: number): Float64Array {
  const g = gauss(seed)
  return Float64Array.from({ length: n }, g)
}

describe('chi-squared upper tail', () => {
  it('matches R pchisq(x, df, lower.tail = FALSE) on both sides of the series/continued-fraction switch', () => {
    // Rscript -e 'options(digits=17); pchisq(c(0.5,3,10,25.3,80), df=c(1,4,10,7,24), lower.tail=FALSE)'
    const r = [4.7950012218695348e-1, 5.5782540037107464e-1, 4.4049328506521246e-1, 6.7124407535447926e-4, 6.0842027176640001e-8]
    const got = [chiSquaredUpper(0.5, 1), chiSquaredUpper(3, 4), chiSquaredUpper(10, 10), chiSquaredUpper(25.3, 7), chiSquaredUpper(80, 24)]
    got.forEach((g, i) => expect(Math.abs(g - r[i]!) / r[i]!).toBeLessThan(1e-10))
    expect(chiSquaredUpper(0, 3)).toBe(1)
    expect(() => chiSquaredUpper(1, 0)).toThrow(/df/)
  })
  it('log Gamma is exact at integers and at 1/2', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12)
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12)
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 11)
  })
})

describe('Ljung-Box', () => {
  it("matches R's Box.test(diff(LakeHuron), lag = 10, type = 'Ljung-Box')", () => {
    const b = ljungBox(diff(lakeHuron), 10)
    expect(b.statistic).toBeCloseTo(15.4160832628869411, 10)
    expect(b.p).toBeCloseTo(0.1176124624732886, 10)
    expect(b.df).toBe(10)
  })
  it('fitdf takes degrees of freedom away', () => {
    const b = ljungBox(diff(lakeHuron), 10, 2)
    expect(b.df).toBe(8)
    expect(b.p).toBeCloseTo(chiSquaredUpper(b.statistic, 8), 14)
    expect(b.p).toBeLessThan(ljungBox(diff(lakeHuron), 10).p)
  })
  it('refuses a lag the series cannot give', () => {
    expect(() => ljungBox(new Float64Array(5), 5)).toThrow(/lag/)
  })
})

/** n uncorrelated changes whose variance clusters, as a price's do: GARCH(1,1),
 *  s2_t = omega + alpha e_{t-1}^2 + beta s2_{t-1}, started at its unconditional variance. */
function garch(n: number, seed: number, alpha = 0.15, beta = 0.8): Float64Array {
  const z = normals(n + 200, seed)
  const omega = 1 - alpha - beta
  const e = new Float64Array(n + 200)
  let s2 = 1
  for (let t = 0; t < n + 200; t++) {
    if (t > 0) s2 = omega + alpha * e[t - 1]! * e[t - 1]! + beta * s2
    e[t] = Math.sqrt(s2) * z[t]!
  }
  return e.subarray(200) // past the burn-in
}

describe('the portmanteau test robust to a changing variance', () => {
  it("matches R on diff(LakeHuron) at lag 10 (the formula written out in R: sum(p)^2 / sum(p^2) over lagged products p)", () => {
    // Rscript: e <- x - mean(x); for (k in 1:10) { p <- e[(k+1):n] * e[1:(n-k)]; q <- q + sum(p)^2 / sum(p^2) }; pchisq(q, 10, lower.tail = FALSE)
    const b = robustPortmanteau(diff(lakeHuron), 10)
    expect(b.statistic).toBeCloseTo(12.59576174408025, 10)
    expect(b.p).toBeCloseTo(0.247159250638467, 10)
    expect(b.df).toBe(10)
  })
  it('on independent changes of a constant variance it is about Box-Pierce, n times the sum of squared autocorrelations', () => {
    for (const seed of [1, 2, 3]) {
      const x = normals(2000, seed)
      const q = robustPortmanteau(x, 10).statistic
      const bp = 2000 * acf(x, 10).reduce((a, r) => a + r * r, 0)
      expect(Math.abs(q / bp - 1)).toBeLessThan(0.2)
    }
  })
  it('both it and the sign test keep their 5 % size on uncorrelated changes whose variance clusters, or that hold one bad print, where Ljung-Box rejects far too often', () => {
    const runs = 300
    const rate = (make: (s: number) => Float64Array, test: (x: Float64Array) => number) => Array.from({ length: runs }, (_, s) => test(make(s))).filter((p) => p <= 0.05).length / runs
    const clustered = (s: number) => garch(500, 1000 + s)
    const misprint = (s: number) => {
      const x = garch(500, 1000 + s)
      x[250] = x[250]! + 15 // one level 15 sd off for one day: a change up, then one down
      x[251] = x[251]! - 15
      return x
    }
    // binomial(300, 0.05): mean 15, sd 3.8
    for (const make of [clustered, misprint]) {
      expect(rate(make, (x) => robustPortmanteau(x, 10).p)).toBeLessThan(0.09)
      expect(rate(make, (x) => signPortmanteau(x, 10).p)).toBeLessThan(0.09)
    }
    expect(rate(clustered, (x) => ljungBox(x, 10).p)).toBeGreaterThan(0.15)
    expect(rate(misprint, (x) => ljungBox(x, 10).p)).toBeGreaterThan(0.5)
  })
  it('still finds autocorrelation under a clustering variance: AR(1) changes with phi 0.25', () => {
    let found = 0
    for (let s = 0; s < 50; s++) {
      const e = garch(500, 5000 + s)
      const x = new Float64Array(500)
      for (let t = 1; t < 500; t++) x[t] = 0.25 * x[t - 1]! + e[t]!
      if (robustPortmanteau(x, 10).p <= 0.05) found++
    }
    expect(found).toBeGreaterThanOrEqual(40)
  })
  it('misses dependence whose evidence sits in one wild stretch more often than the sign test does', () => {
    // AR(1) changes, phi 0.5, over 85 years, with 8 years of 5 times the scale (a war's inflation)
    let robust = 0
    let either = 0
    const runs = 200
    for (let s = 0; s < runs; s++) {
      const z = normals(85, 9000 + s)
      const x = new Float64Array(85)
      for (let t = 1; t < 85; t++) x[t] = 0.5 * x[t - 1]! + (t > 50 && t < 59 ? 5 : 1) * z[t]!
      const r = robustPortmanteau(x, 10).p <= 0.05
      robust += +r
      either += +(r || signPortmanteau(x, 10).p <= 0.05)
    }
    expect(robust / runs).toBeLessThan(0.6)
    expect(either / runs).toBeGreaterThan(robust / runs + 0.15)
  })
  it('refuses a lag the series cannot give', () => {
    expect(() => robustPortmanteau(new Float64Array(5), 5)).toThrow(/lag/)
  })
})

describe('the sign portmanteau test', () => {
  it('is Ljung-Box on the signs of the non-zero values', () => {
    const x = Float64Array.from([3, -1, 0, -2, 5, 4, -3.5, 0.5, 0, -6, 2.5, 3.2, -1.5, 4.5])
    const signs = Float64Array.from([1, -1, -1, 1, 1, -1, 1, -1, 1, 1, -1, 1])
    expect(signPortmanteau(x, 3)).toEqual(ljungBox(signs, 3))
    // too few non-zero values for the lag
    expect(signPortmanteau(Float64Array.from([1, 0, 0, -1, 0, 2, 0, 0]), 2).p).toBeNaN()
  })
})

describe('randomWalkTest', () => {
  it('calls a simulated random walk one, and names its p-value and lag', () => {
    const r = randomWalkTest(walk(300, 7, 0), 1)
    expect(r.randomWalk).toBe(true)
    expect(r.lag).toBe(10)
    expect(r.p).toBeGreaterThan(0.05)
    expect(r.n).toBe(299)
  })
  it('a random walk with a clear drift is not one: its changes have a mean the past predicts', () => {
    const r = randomWalkTest(walk(300, 7, 0.5), 1)
    expect(r.driftT).toBeGreaterThan(2)
    expect(r.randomWalk).toBe(false)
  })
  it('an AR(1) whose changes are autocorrelated is not one', () => {
    const e = normals(300, 11)
    const y = new Float64Array(300)
    for (let t = 1; t < 300; t++) y[t] = 0.5 * y[t - 1]! + e[t]!
    const r = randomWalkTest(y, 1)
    expect(r.p).toBeLessThan(0.05)
    expect(r.randomWalk).toBe(false)
  })
  it('a seasonal series is tested at lag 2m, and its season rejects the random walk', () => {
    const e = normals(240, 3)
    const y = Array.from({ length: 240 }, (_, t) => 10 * Math.sin((2 * Math.PI * t) / 12) + e[t]!)
    const r = randomWalkTest(y, 12)
    expect(r.lag).toBe(24)
    expect(r.randomWalk).toBe(false)
  })
  it('LakeHuron (robust p 0.247, R: Box.test p 0.118 on its changes, no drift) is a random walk', () => {
    const r = randomWalkTest(lakeHuron, 1)
    expect(r.signP).toBeGreaterThan(0.05)
    expect(r.p).toBeCloseTo(0.247159250638467, 10)
    expect(r.ljungBoxP).toBeCloseTo(0.1176124624732886, 10)
    expect(Math.abs(r.driftT)).toBeLessThan(2)
    expect(r.randomWalk).toBe(true)
  })
  it('a seasonal series too short for a lag of one season is not tested (3 years monthly: lag 7 < 12)', () => {
    const e = normals(37, 9)
    const y = Array.from({ length: 37 }, (_, t) => 10 * Math.sin((2 * Math.PI * t) / 12) + e[t]!)
    const r = randomWalkTest(y, 12)
    expect(r.lag).toBe(7)
    expect(r.p).toBeNaN()
    expect(r.randomWalk).toBe(false)
    // the same changes read as non-seasonal are tested
    expect(Number.isNaN(randomWalkTest(y, 1).p)).toBe(false)
  })
  it('a walk whose steps cluster in calm and wild stretches is one, though Ljung-Box finds structure in its steps', () => {
    // a seed where Ljung-Box rejects: the decision reads the robust and sign tests, and Ljung-Box's p is kept
    const seeds = Array.from({ length: 200 }, (_, i) => 300 + i)
    const walkOf = (seed: number) => {
      const e = garch(500, seed)
      const y = new Float64Array(500)
      for (let t = 1; t < 500; t++) y[t] = y[t - 1]! + e[t]!
      return y
    }
    const seed = seeds.find((s) => { const r = randomWalkTest(walkOf(s), 1); return r.ljungBoxP <= 0.05 && r.p > 0.05 && r.signP > 0.05 && Math.abs(r.driftT) < 2 })
    expect(seed).toBeDefined()
    const r = randomWalkTest(walkOf(seed!), 1)
    expect(r.randomWalk).toBe(true)
    expect(r.ljungBoxP).toBeLessThanOrEqual(0.05)
  })
  it('too few changes, or a constant series, are never called a random walk', () => {
    expect(randomWalkTest(walk(20, 5, 0), 1).randomWalk).toBe(false) // 19 changes
    expect(randomWalkTest(new Array(50).fill(3), 1).randomWalk).toBe(false)
  })
})

describe('changesFollow: do the changes move with an input known at their row', () => {
  const dy = diff(lakeHuron)
  const dx = diff(Array.from({ length: 98 }, (_, i) => Math.cos((i + 1) / 3)))
  it("matches the HC3 t written out in R (Rscript: the slope of centred dy on dx over sqrt(sum(x^2 e^2 / (1 - h)^2)) / sum(x^2), h = 1/n + x^2 / sum(x^2))", () => {
    // R 4.2.2, dy <- diff(LakeHuron), dx <- diff(cos((1:98) / 3)); OLS's t (lm) is -0.2061, HC0's -0.2322
    const none = changesFollow(dy, dx)
    expect(none.t).toBeCloseTo(-0.226502622648843, 10)
    expect(none.p).toBeCloseTo(0.820810519654022, 10)
    expect(none.n).toBe(97)
    expect(none.r2).toBeCloseTo(0.000447097683923549, 12) // summary(lm(dy ~ dx))$r.squared
    // dx + dy / 4
    const planted = changesFollow(dy, dx.map((v, i) => v + dy[i]! / 4))
    expect(planted.t).toBeCloseTo(8.25020188975173, 9)
    expect(planted.p / 1.58127158791721e-16).toBeCloseTo(1, 6)
    expect(planted.r2).toBeCloseTo(0.374186432905378, 12)
  })
  it('keeps its size on changes whose variance clusters, against a 0/1 input drawn apart from them', () => {
    const runs = 300
    let rejected = 0
    for (let s = 0; s < runs; s++) {
      const y = garch(200, 7000 + s)
      const u = gauss(9000 + s)
      const x = Float64Array.from({ length: 201 }, () => (u() > 0.5 ? 1 : 0))
      if (changesFollow(y, diff(Array.from(x))).p <= 0.05) rejected++
    }
    // binomial(300, 0.05): mean 15, sd 3.8
    expect(rejected / runs).toBeLessThan(0.09)
    expect(rejected).toBeGreaterThan(3)
  })
  it('skips non-finite pairs, and says nothing on too few of them or an input that changes on fewer than 10 rows', () => {
    expect(changesFollow(dy.subarray(0, 19), dx).t).toBeNaN()
    expect(changesFollow(dy, new Float64Array(97)).p).toBeNaN()
    // an input that steps on k rows, which the changes follow (a lift of 2 where it steps): with 9
    // steps (a month input over 10 months) it is not tested, with 10 it is, and found
    const steps = (k: number) => Float64Array.from(dy, (_, i) => (i % 4 === 0 && i / 4 < k ? 1 : 0))
    const follow = (k: number) => changesFollow(dy.map((v, i) => v + 2 * steps(k)[i]!), steps(k))
    expect(follow(9).p).toBeNaN()
    expect(follow(10).p).toBeLessThan(1e-4)
    // a countdown with one reset changes on every row, but only the reset differs from the rest:
    // it alone would carry the slope (its leverage near 1, HC3's error 0/0), so it is not tested
    const countdown = Float64Array.from(dy, (_, i) => (i === 40 ? 30 : -1))
    expect(changesFollow(dy, countdown).p).toBeNaN()
    expect(changesFollow(dy.map((v, i) => v + (i === 40 ? 9 : 0)), countdown).p).toBeNaN()
    const holed = Float64Array.from(dx)
    holed[5] = NaN
    expect(changesFollow(dy, holed).n).toBe(96)
  })
})
