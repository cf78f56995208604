import { describe, expect, it } from 'vitest'
import { maseScaleNotice, mergedLinesOf, outOfScaleWords } from './out-of-scale'

describe('values far out of scale', () => {
  it('names a few lines at most, with their values', () => {
    expect(outOfScaleWords([{ line: 62, value: 1e7 }])).toBe('line 62 (10000000)')
    expect(outOfScaleWords([{ line: 3, value: 500 }, { line: 9, value: -400 }])).toBe('lines 3 (500) and 9 (-400)')
    expect(outOfScaleWords([1, 2, 3, 4, 5].map((line) => ({ line, value: 900 })))).toBe('lines 1 (900), 2 (900), 3 (900) and 2 more')
  })

  it('writes a value as the other notices do, and a merged row as the mean of the lines it merges (exploratory pass 22, finding 13)', () => {
    expect(outOfScaleWords([{ line: 60, value: 110.85499999999999 }])).toBe('line 60 (110.855)')
    expect(outOfScaleWords([{ line: 9, value: 101.975, merged: { lines: [9, 10], by: 'mean' } }, { line: 60, value: 110.85499999999999, merged: { lines: [60, 61, 62], by: 'mean' } }])).toBe('lines 9 (101.975, the mean of lines 9 and 10) and 60 (110.855, the mean of lines 60, 61 and 62)')
  })

  it('finds the lines a row merged from the file as read', async () => {
    const { importCsv } = await import('../data/import')
    const ds = await importCsv('date,y\n2021-01-01,1\n2021-01-02,2\n2021-01-02,4\n2021-01-03,3\n', { fileName: 'dups.csv' })
    expect(mergedLinesOf(ds, 'date', 3)).toEqual([3, 4])
    expect(mergedLinesOf(ds, 'date', 2)).toBeNull()
  })

  it("MASE's scale is said only where M4's, with the values as they are, is more than 1.2x the run's, with them replaced", () => {
    const series = Float64Array.from({ length: 40 }, (_, i) => 10 + (i % 2))
    const train = { start: 0, end: 30 }
    const lines = Int32Array.from({ length: 40 }, (_, i) => i + 2)
    // a spike of 100 on a series that moves by 1: the mean one-step change grows (27 + 2 × 89) / 29 = 7.07x
    const spiked = Float64Array.from(series, (v, i) => (i === 10 ? 100 : v))
    expect(maseScaleNotice(spiked, train, [{ row: 10, value: 100, replacement: 10 }], lines)?.message).toBe(
      "MASE is scaled by the training rows' mean one-step change with the value at line 12 (100) replaced, as the statistical models read it; with it as it is (M4's definition) the scale would be 7.1 times larger and every MASE 7.1 times smaller"
    )
    // two values: (25 + 4 × 9) / 29 = 2.1x, in the plural; one: (27 + 2 × 9) / 29 = 1.55x, said too
    const twenty = Float64Array.from(series, (v, i) => (i === 10 || i === 20 ? 20 : v))
    expect(maseScaleNotice(twenty, train, [{ row: 10, value: 20, replacement: 10 }, { row: 20, value: 20, replacement: 10 }], lines)?.message).toBe(
      "MASE is scaled by the training rows' mean one-step change with the values at lines 12 (20) and 22 (20) replaced, as the statistical models read them; with them as they are (M4's definition) the scale would be 2.1 times larger and every MASE 2.1 times smaller"
    )
    const one = Float64Array.from(series, (v, i) => (i === 10 ? 20 : v))
    expect(maseScaleNotice(one, train, [{ row: 10, value: 20, replacement: 10 }], lines)?.message).toMatch(/ 1\.55 times larger and every MASE 1\.55 times smaller$/)
    // a small one: 1.1 times, nothing said ((27 + 2 × 2.5) / 29)
    const small = Float64Array.from(series, (v, i) => (i === 10 ? 13.5 : v))
    expect(maseScaleNotice(small, train, [{ row: 10, value: 13.5, replacement: 10 }], lines)).toBeNull()
    expect(maseScaleNotice(spiked, train, [], lines)).toBeNull()
  })
})
