// Checks of bench/experiments/boxcox.ts (the Box-Cox transforms of EXP_BOXCOX in choice-rules.exp.ts);
// R is not installed here, so Guerrero's lambda is checked against the one value R's documentation
// and tutorials print (BoxCox.lambda(AirPassengers) = -0.2947156, forecast 8.x) and, on other
// series, against a grid search of the criterion it minimises (R's guer.cv):
//   npx vitest run --config bench/experiments/vitest.config.ts bench/experiments/boxcox.exp.ts
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { boxCox, brentMin, guerreroCv, guerreroLambda, invBoxCox } from './boxcox'

const root = new URL('../..', import.meta.url).pathname
const series = (name: string) => Float64Array.from(readFileSync(`${root}/bench/quality/series/${name}.csv`, 'utf8').trim().split('\n').slice(1), (l) => Number(l.split(',')[1]))

it("Guerrero's lambda is R's BoxCox.lambda on AirPassengers", () => {
  const air = series('AirPassengers')
  expect(Math.abs(guerreroLambda(air, 12) - -0.2947156)).toBeLessThan(5e-8) // R prints 7 digits
  // a value at or below 0 raises the lower bound to 0; two periods or fewer: 1
  // (UKgas with a zero: its criterion is least at a negative lambda)
  const zero = series('UKgas').map((v, i) => (i === 0 ? 0 : v))
  expect(brentMin((l) => guerreroCv(l, zero, 4), -1, 2)).toBeLessThan(0)
  expect(guerreroLambda(zero, 4)).toBeGreaterThanOrEqual(0)
  expect(guerreroLambda(air.subarray(0, 24), 12)).toBe(1)
})

it("Guerrero's lambda is the minimum of its criterion on other series (a grid of step 1e-3 over [-1, 2])", () => {
  for (const [n, m] of [['lynx', 1], ['USAccDeaths', 12], ['UKgas', 4], ['JohnsonJohnson', 4], ['co2', 12], ['Nile', 1]] as const) {
    const x = series(n)
    const l = guerreroLambda(x, m)
    let best = -1
    for (let g = -1; g <= 2 + 1e-9; g += 1e-3) if (guerreroCv(g, x, m) < guerreroCv(best, x, m)) best = g
    expect(Math.abs(l - best), n).toBeLessThan(2e-3)
    expect(guerreroCv(l, x, m), n).toBeLessThanOrEqual(guerreroCv(best, x, m) + 1e-9)
  }
})

it('the transforms round-trip, and the bias adjustment raises a back-transformed value by its variance', () => {
  const y = series('AirPassengers')
  for (const lam of [0, -0.29, 0.5, 1.3]) {
    const b = invBoxCox(boxCox(y, lam), lam)
    b.forEach((v, i) => expect(Math.abs(v - y[i]!) / y[i]!).toBeLessThan(1e-14))
  }
  // log: exp(mu) (1 + s2 / 2)
  expect(invBoxCox([Math.log(100)], 0, [0.04])[0]).toBeCloseTo(102, 10)
  // past the range of a negative lambda: NaN, as R's NA
  expect(invBoxCox([4], -0.5)[0]).toBeNaN()
})
