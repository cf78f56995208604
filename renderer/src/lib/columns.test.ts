import { describe, expect, it } from 'vitest'
import { smallDataset } from '../test/fakes'
import { chartPoints, columnStats, datasetWarnings, defaultRoles, lag1Autocorrelation, windowCount } from './columns'

describe('column helpers', () => {
  it('computes stats with missing values left out', () => {
    expect(columnStats({ kind: 'numeric', name: 'y', values: new Float64Array([1, NaN, 3]) })).toEqual({ min: 1, max: 3, mean: 2, missing: 1 })
    expect(columnStats({ kind: 'categorical', name: 'c', codes: new Int32Array([0, -1, 1]), levels: ['a', 'b'] }).missing).toBe(1)
  })

  it('picks the smoothest numeric column as the default target', () => {
    const ds = smallDataset()
    ds.columns.push({ kind: 'numeric', name: 'noise', values: Float64Array.from({ length: ds.rowCount }, (_, i) => (i % 2 ? 1 : -1)) })
    expect(lag1Autocorrelation(Float64Array.from([1, -1, 1, -1, 1]))).toBeLessThan(0)
    expect(defaultRoles(ds)).toEqual({ time: 'date', target: 'temp', features: [] })
  })

  it('counts windows per split block', () => {
    expect(windowCount(10, 3, 1, 1)).toBe(7) // targets 3..9
    expect(windowCount(10, 3, 2, 2)).toBe(3) // 6 origins, every other one
    expect(windowCount(3, 3, 1, 1)).toBe(0)
  })

  it('warns about missing values, irregular gaps and duplicate timestamps', () => {
    const ds = smallDataset(30)
    const t = (ds.columns[0] as { values: Float64Array }).values
    t[10] = t[9]! // a duplicate
    t[20] = t[20]! + 5 * 86_400_000 // a gap
    const codes = datasetWarnings(ds).map((w) => w.code)
    expect(codes).toEqual(expect.arrayContaining(['missing', 'duplicates', 'irregular']))
  })

  it('keeps short series whole and reduces long ones to their min/max envelope in time order', () => {
    const v = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10))
    expect(chartPoints(v, null, 2000)).toHaveLength(1000)
    const pts = chartPoints(v, null, 100)
    expect(pts.length).toBeLessThanOrEqual(100)
    expect(Math.max(...pts.map((p) => p.y!))).toBe(Math.max(...v))
    expect(Math.min(...pts.map((p) => p.y!))).toBe(Math.min(...v))
    expect(pts.every((p, i) => i === 0 || p.x > pts[i - 1]!.x)).toBe(true)
  })
})
