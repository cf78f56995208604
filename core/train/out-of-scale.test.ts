import { describe, expect, it } from 'vitest'
import { maseScaleNotice, outOfScaleWords } from './out-of-scale'

describe('values far out of scale', () => {
  it('names a few lines at most, with their values', () => {
    expect(outOfScaleWords([{ line: 62, value: 1e7 }])).toBe('line 62 (10000000)')
    expect(outOfScaleWords([{ line: 3, value: 500 }, { line: 9, value: -400 }])).toBe('lines 3 (500) and 9 (-400)')
    expect(outOfScaleWords([1, 2, 3, 4, 5].map((line) => ({ line, value: 900 })))).toBe('lines 1 (900), 2 (900) and 3 (900) and 2 more')
  })

  it("MASE's scale is said only where the values replaced make it more than 2x what it would be", () => {
    const series = Float64Array.from({ length: 40 }, (_, i) => 10 + (i % 2))
    const train = { start: 0, end: 30 }
    const lines = Int32Array.from({ length: 40 }, (_, i) => i + 2)
    // a spike of 100 on a series that moves by 1: the mean one-step change grows (27 + 2 × 89) / 29 = 7.07x
    const spiked = Float64Array.from(series, (v, i) => (i === 10 ? 100 : v))
    expect(maseScaleNotice(spiked, train, [{ row: 10, value: 100, replacement: 10 }], lines)?.message).toBe("MASE is scaled by the training rows' mean one-step change, 7.1 times larger with the out-of-scale values at line 12 (100); read it with care")
    // a small one: 1.x times, nothing said
    const small = Float64Array.from(series, (v, i) => (i === 10 ? 12 : v))
    expect(maseScaleNotice(small, train, [{ row: 10, value: 12, replacement: 10 }], lines)).toBeNull()
    expect(maseScaleNotice(spiked, train, [], lines)).toBeNull()
  })
})
