// A value a run cannot compute with (exploratory pass 18): one 1e308 among sales near 100 trained
// with every MASE 0 and every error "0 to rounding"; 1e200 failed in the engine with
// "x[t=0, b=16, d=0] is Infinity" and no file, line or column; the far-values search missed 1e308;
// one 1e15 set the "0 to rounding" scale and made a ±3.2 interval "zero width".
import { describe, expect, it } from 'vitest'
import { defaultConfig } from '../data/config'
import { importCsv } from '../data/import'
import { magnitudeOf, regressionMetrics, targetScale } from '../data/metrics'
import { preparePipeline } from '../data/pipeline'
import { statOutliers } from '../data/stats/outliers'
import { pipelineError } from '../data/testing'
import { targetRangeOf } from './domain'

/** 200 daily rows of sales near 100 (a weekly wave) and a noise column x; `at` row's sales set to `big`. */
function csv(big: string, at = 120, column: 'sales' | 'x' = 'sales'): string {
  const lines = ['date,sales,x']
  for (let i = 0; i < 200; i++) {
    const sales = (100 + 10 * Math.sin((2 * Math.PI * i) / 7) + ((i * 37) % 11)).toFixed(2)
    const x = ((i * 53) % 17).toFixed(1)
    lines.push([new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10), i === at && column === 'sales' ? big : sales, i === at && column === 'x' ? big : x].join(','))
  }
  return lines.join('\n')
}
const load = (text: string) => importCsv(text, { fileName: 'big.csv' })

describe('a value too large to compute with is refused before any fitting, naming file, line, column and value', () => {
  it.each(['1e308', '1e200', '-2e160'])('target %s', async (big) => {
    const ds = await load(csv(big))
    const e = pipelineError(() => preparePipeline(ds, defaultConfig(ds, 'sales')))
    expect(e.message).toContain(`"sales" is ${Number(big)} on line 122 of big.csv, too large to compute with`)
    expect(e.field).toBe('target')
  })
  it('a feature too', async () => {
    const ds = await load(csv('1e300', 50, 'x'))
    const e = pipelineError(() => preparePipeline(ds, { ...defaultConfig(ds, 'sales'), features: ['x'] }))
    expect(e.message).toContain('"x" is 1e+300 on line 52 of big.csv')
  })
  it('a value whose square is finite but which, scaled by the training values without it, is past 32-bit floats', async () => {
    const ds = await load(csv('1e100'))
    const cfg = defaultConfig(ds, 'sales')
    // as prepareRun fits the scaler: with the far value replaced by one in line with the rest
    const e = pipelineError(() => preparePipeline(ds, cfg, { fitReplaced: [{ row: 120, value: 1e100, replacement: 100 }] }))
    expect(e.message).toMatch(/"sales" is 1e\+100 on line 122 of big\.csv, too large to compute with: scaled by the training values it is \d.*e\+\d+, past 3\.4e38/)
  })
  it('1e15 is computed with (a warning names it, core/train): nothing refused', async () => {
    const ds = await load(csv('1e15'))
    expect(preparePipeline(ds, defaultConfig(ds, 'sales')).N).toBe(200)
  })
})

describe('the far-values search finds a value past SQUARE_MAX', () => {
  it('1e308 among values near 100 is found, with a replacement in line with the rest', async () => {
    const y = Float64Array.from({ length: 200 }, (_, i) => (i === 120 ? 1e308 : 100 + 10 * Math.sin((2 * Math.PI * i) / 7) + ((i * 37) % 11)))
    const r = statOutliers(y, 7)
    expect(r.replaced.map((x) => x.row)).toEqual([120])
    expect(r.replaced[0]!.replacement).toBeGreaterThan(80)
    expect(r.replaced[0]!.replacement).toBeLessThan(130)
    expect(r.log).toBe(true) // the other values are all positive: read on the logs too, as without it
  })
})

describe('"0 to rounding" is measured on the values\' magnitude, which one far value cannot set', () => {
  const y = Float64Array.from({ length: 300 }, (_, i) => (i === 121 ? 1e15 : 90 + (i % 40)))
  it('magnitudeOf and the stored range', () => {
    expect(magnitudeOf(y)).toBeLessThan(130)
    expect(magnitudeOf([0, 0, 0, 0, 5])).toBe(5) // mostly zeros: the largest
    expect(magnitudeOf([])).toBe(0)
    const range = targetRangeOf(y, { start: 0, end: 200 }, { start: 260, end: 300 })!
    expect(range.max).toBe(1e15) // the history as it was
    expect(targetScale(range)).toBeLessThan(130)
    expect(targetScale({ min: 0, max: 1e15 })).toBe(1e15) // a run stored before the scale: as before
  })
  it("sMAPE keeps points whose actual and forecast are far from 0", () => {
    const m = regressionMetrics([100, 110], [101, 108], y.subarray(0, 200), 1)
    expect(m.smape).toBeGreaterThan(0)
  })
})
