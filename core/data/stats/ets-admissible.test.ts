// The parameter region ets() searches (bounds = "both"). R finds the roots of the characteristic
// polynomial with polyroot(); we use the Schur-Cohn recursion, so both are checked: against
// polynomials with known roots, and against forecast:::admissible() on 300 random parameter sets.
import { describe, expect, it } from 'vitest'
import { admissible, initParams, paramsOk, rootsWithin } from './ets-init'
import { fixtures } from './fixtures/r-fixtures'
import type { EtsSpec } from './ets-model'

/** Coefficients (ascending powers) of prod (z - r_k) for real roots r_k. */
function fromRoots(roots: number[]): Float64Array {
  let c = [1]
  for (const r of roots) {
    const next = new Array<number>(c.length + 1).fill(0)
    for (let k = 0; k < c.length; k++) {
      next[k + 1] += c[k]
      next[k] -= r * c[k]
    }
    c = next
  }
  return Float64Array.from(c)
}

describe('Schur-Cohn root test', () => {
  it('real roots inside and outside the circle', () => {
    expect(rootsWithin(fromRoots([0.5, -0.9, 0.99]), 1)).toBe(true)
    expect(rootsWithin(fromRoots([0.5, -0.9, 1.01]), 1)).toBe(false)
    expect(rootsWithin(fromRoots([0.2, -1.2]), 1)).toBe(false)
    // the radius: a root at 1 + 5e-11 passes R's 1 + 1e-10, one at 1 + 2e-10 does not
    expect(rootsWithin(fromRoots([0.3, 1 + 5e-11]), 1 + 1e-10)).toBe(true)
    expect(rootsWithin(fromRoots([0.3, 1 + 2e-10]), 1 + 1e-10)).toBe(false)
  })
  it('a complex pair of modulus rho: z^2 - 2 rho cos(t) z + rho^2', () => {
    for (const [rho, inside] of [[0.95, true], [1.05, false]] as const)
      expect(rootsWithin(Float64Array.of(rho * rho, -2 * rho * Math.cos(1.1), 1), 1)).toBe(inside)
  })
  it('degree 13 (m = 12) with all 13 roots at 0.97 e^(2 pi i k / 13) (z^13 - 0.97^13)', () => {
    const c = new Float64Array(14)
    c[13] = 1
    c[0] = -(0.97 ** 13)
    expect(rootsWithin(c, 1)).toBe(true)
    c[0] = -(1.03 ** 13)
    expect(rootsWithin(c, 1)).toBe(false)
  })
})

describe("admissible() agrees with forecast:::admissible() (polyroot)", () => {
  it(`all ${fixtures.admissible.length} random seasonal parameter sets (m = 4 and 12)`, () => {
    let agree = 0
    for (const a of fixtures.admissible) {
      const spec: EtsSpec = { error: 'A', trend: 'A', damped: true, season: 'A', m: a.m }
      if (admissible(spec, { alpha: a.alpha, beta: a.beta, gamma: a.gamma, phi: a.phi }) === a.ok) agree++
    }
    expect(agree).toBe(fixtures.admissible.length)
  })
  it("ets()'s starting parameters are inside the region for every model kind", () => {
    for (const season of ['N', 'A', 'M'] as const)
      for (const [trend, damped] of [['N', false], ['A', false], ['A', true]] as const) {
        const spec: EtsSpec = { error: 'M', trend, damped, season, m: season === 'N' ? 1 : 12 }
        const v = initParams(spec)
        let j = 0
        const p = { alpha: v[j++], beta: trend === 'A' ? v[j++] : 0, gamma: season !== 'N' ? v[j++] : 0, phi: damped ? v[j++] : 1 }
        expect(paramsOk(spec, p), JSON.stringify(spec)).toBe(true)
      }
  })
})
