import { expect, it } from 'vitest'
import type { ForecastRow } from '../../../core/train/types'
import { coverageOf, formatMetric, histogram, METRIC_HELP, metricColumn, metricName, metricTable } from './evaluate'
import { formatNumber } from './columns'

/** n test rows whose interval holds the actual on the first `hit` of them. */
const rows = (n: number, hit: number): ForecastRow[] =>
  Array.from({ length: n }, (_, i) => ({ ts: i, step: 1, value: 10, lower: 9, upper: 11, actual: i < hit ? 10 : 12 }))

it('flags an interval that covers too few or too many test points only when chance would rarely do so', () => {
  // 22 of 22 at 90 %: bounds that hold 90 % do that one time in ten (0.9^22 = 0.098)
  expect(coverageOf(rows(22, 22), 0.9)).toEqual({ coverage: 1, n: 22, off: null })
  expect(coverageOf(rows(22, 21), 0.9).off).toBeNull()
  // 30 of 40 at 90 %: P(X <= 30) = 0.005
  expect(coverageOf(rows(40, 30), 0.9).off).toBe('low')
  expect(coverageOf(rows(40, 33), 0.9).off).toBeNull() // P(X <= 33) = 0.10
  // 300 of 300 at 90 %: 0.9^300, far wider than its level needs
  expect(coverageOf(rows(300, 300), 0.9).off).toBe('high')
  expect(coverageOf(rows(300, 281), 0.9).off).toBe('high') // 93.7 %: P(X >= 281) = 0.017
  expect(coverageOf(rows(300, 279), 0.9).off).toBeNull() // 93 %: P(X >= 279) = 0.046
  expect(coverageOf(rows(300, 270), 0.9).off).toBeNull()
  // rows without an actual or bounds are not counted
  expect(coverageOf([{ ts: 0, step: 1, value: 1, lower: null, upper: null, actual: 1 }], 0.9)).toEqual({ coverage: null, n: 0, off: null })
})

it("a classification table's skill is the Brier score's, as the run's verdict and skill are", () => {
  const row = (model: string, metric: string, value: number) => ({ split: 'test' as const, model, metric, value })
  const rows = [row('model', 'brier', 0.1649), row('model', 'logloss', 0.3124), row('majority', 'brier', 0.1779), row('majority', 'logloss', 3.06), row('training-rate', 'brier', 0.1623), row('training-rate', 'logloss', 0.3011)]
  const t = metricTable(rows as never)
  expect(t.skillMetric).toBe('brier')
  expect(t.rows.find((r) => r.model === 'majority')!.skill).toBeCloseTo(1 - 0.1649 / 0.1779, 12) // 7.3 %, the verdict's
  expect(t.rows.find((r) => r.model === 'training-rate')!.skill).toBeLessThan(0)
  // regression keeps RMSE
  expect(metricTable([row('model', 'rmse', 1), row('model', 'mae', 0.8), row('naive', 'rmse', 2)] as never).skillMetric).toBe('rmse')
  // a baseline perfect to rounding (a one-class test period) has no skill against it, not -3e16
  const perfect = metricTable([row('model', 'brier', 0.04), row('persistence', 'brier', 1e-17), row('majority', 'brier', 0.05)] as never)
  expect(Object.fromEntries(perfect.rows.map((r) => [r.model, r.skill === null ? null : +r.skill.toFixed(3)]))).toEqual({ model: null, persistence: null, majority: 0.2 })
  // a line fitted to rounding (values up to 171): none against the baselines that fit it too
  const line = metricTable([row('model', 'rmse', 2e-14), row('drift', 'rmse', 2.4e-14), row('naive', 'rmse', 0.7)] as never, 'test', null, 171)
  expect(line.rows.map((r) => [r.model, r.skill === null ? null : +r.skill.toFixed(3), r.noSkill])).toEqual([['model', null, null], ['naive', 1, null], ['drift', null, 'exact-fit']])
})

it("a global run's skill is its GMRAE's, the run's stored skill (its mean MASE would give another)", () => {
  const row = (model: string, metric: string, value: number) => ({ split: 'test' as const, model, metric, value })
  const t = metricTable([row('model', 'gmrae', 0.8), row('model', 'mase', 0.84), row('model', 'skill', 0.2), row('naive', 'gmrae', 1), row('naive', 'mase', 1.15), row('network', 'gmrae', 0.95), row('network', 'mase', 1.04)] as never)
  expect(t.skillMetric).toBe('gmrae')
  expect(t.rows.find((r) => r.model === 'naive')!.skill).toBeCloseTo(0.2, 12)
  expect(metricName('gmrae')).toBe('GMRAE')
  expect(METRIC_HELP['gmrae']).toMatch(/whatever its units/)
})

it('formatMetric: every metric in the significant digits of formatNumber, R² too; MAPE and sMAPE in %; a skill signed', () => {
  expect(formatMetric('r2', 0.85987654)).toBe('0.8599')
  expect(formatMetric('r2', 0.0024281234)).toBe(formatNumber(0.0024281234))
  expect(formatMetric('mae', 2.18912)).toBe('2.189')
  expect(formatMetric('mape', 13.91876)).toBe('13.92 %')
  expect(formatMetric('smape', 12.98)).toBe('12.98 %')
  expect(formatMetric('SMAPE', 7)).toBe('7 %')
  expect(formatMetric('rmse@3', 1.5)).toBe('1.5')
  expect(formatMetric('skill', 0.125)).toBe('+12.5 %')
  expect(formatMetric('mape', null)).toBe('—')
  expect(formatMetric('mape', NaN)).toBe('—')
})

it('metricColumn: one number of decimals for a column of one metric, as Export\'s table; % kept, a skill signed, a gap a dash', () => {
  const col = (metric: string, vs: (number | null)[]) => vs.map(metricColumn(metric, vs))
  expect(col('mae', [2.18912, 2.4, 2.5])).toEqual(['2.189', '2.400', '2.500'])
  expect(col('rmse@3', [12.5, 0.4567, null])).toEqual(['12.50', '0.46', '—'])
  expect(col('mape', [13.91876, 15.5, 14])).toEqual(['13.92 %', '15.50 %', '14.00 %'])
  // whole values stay whole, huge ones in formatNumber's exponent form
  expect(col('mae', [3, 12, 7])).toEqual(['3', '12', '7'])
  expect(col('mse', [123456, 2])).toEqual(['1.23e+5', '2'])
  expect(col('skill', [0.125, -0.5, NaN])).toEqual(['+12.5 %', '-50.0 %', '—'])
})

it('names every classification metric as a name, with its help: precision and recall were shown lower-case', () => {
  for (const m of ['accuracy', 'f1', 'precision', 'recall', 'logloss', 'auc', 'brier']) {
    expect(metricName(m)).toMatch(/^[A-Z]/)
    expect(METRIC_HELP[m]).toBeTruthy()
  }
  expect(metricName('precision@3')).toBe('Precision at step 3')
  // the Brier score as stored: summed over the classes, 0-2 (twice the one-class score)
  expect(METRIC_HELP['brier']).toMatch(/summed over the classes; 0 is perfect, 2 the worst \(for two classes twice/)
})

it('histogram: bins of a round width (1, 2, 2.5, 5 × 10ⁿ) with edges on its multiples, at most 30, every value counted once', () => {
  // residuals from -0.804 to 1.3: thirtieths of the range made edges -0.804, -0.7339, …; now 0.1 wide from -0.9
  const h = histogram([-0.804, 1.3, 0.2, 0.21, 0.25], 30)
  expect(h.edges.slice(0, 4)).toEqual([-0.9, -0.8, -0.7, -0.6])
  expect(h.edges.at(-1)).toBe(1.3)
  expect(h.counts).toHaveLength(22)
  expect(h.counts.reduce((a, c) => a + c, 0)).toBe(5)
  expect(h.counts[0]).toBe(1) // -0.804 in [-0.9, -0.8)
  expect(h.counts[11]).toBe(3) // 0.2, 0.21 and 0.25 in [0.2, 0.3)
  expect(h.counts.at(-1)).toBe(1) // the largest, on the last edge, in the last bin
  expect(h.centers[0]).toBe(-0.85)
  expect(histogram([-0.5, 0.5], 30).edges).toEqual(Array.from({ length: 21 }, (_, i) => +(-0.5 + i * 0.05).toFixed(2)))
  expect(histogram([-1234, 5678], 30).edges.slice(0, 3)).toEqual([-1250, -1000, -750])
  const same = histogram([5, 5, 5])
  expect([same.edges[0], same.edges.at(-1), same.counts.reduce((a, c) => a + c, 0)]).toEqual([4.5, 5.5, 3])
  expect(histogram([])).toEqual({ edges: [], centers: [], counts: [] })
})

it('histogram: by default no more bins than the square root of the values counted (5 residuals were drawn in 22 bins)', () => {
  const five = histogram([-0.804, 1.3, 0.2, 0.21, 0.25])
  expect(five.counts.length).toBeLessThanOrEqual(Math.ceil(Math.sqrt(5)))
  expect(five.counts.reduce((a, c) => a + c, 0)).toBe(5)
  expect(five.edges[0]).toBeLessThanOrEqual(-0.804)
  expect(five.edges.at(-1)).toBeGreaterThanOrEqual(1.3)
  // many values: still at most 30
  const many = histogram(Array.from({ length: 5000 }, (_, i) => Math.sin(i)))
  expect(many.counts.length).toBeLessThanOrEqual(30)
  expect(many.counts.length).toBeGreaterThan(10)
  expect(histogram([Number.NaN, 1, 2]).counts.reduce((a, c) => a + c, 0)).toBe(2)
})
