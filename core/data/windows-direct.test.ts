import { describe, expect, it } from 'vitest'
import { validateConfig } from './config'
import { PipelineError } from './errors'
import { gatherBatch, targetRows, targetSpan, windowIndex } from './windows'

// Direct windows (final mode, targets 'all'): window s forecasts rows s + L ... s + L - 1 + h.
describe("windows with targets 'all'", () => {
  const w = { lookback: 3, horizon: 2, stride: 1, mode: 'final' as const, targets: 'all' as const }

  it('span the h rows after the window and keep all of them inside the split', () => {
    expect(targetSpan(5, w)).toEqual([8, 9])
    const v = windowIndex(20, { start: 10, end: 15 }, w)
    // first target >= 10 -> s >= 7; last target <= 14 -> s <= 10
    expect(Array.from(v.starts)).toEqual([7, 8, 9, 10])
    expect(v.targets).toBe('all')
    // origins and the step-h rows are the same as for a single-target window
    expect(Array.from(targetRows(v).target)).toEqual([11, 12, 13, 14])
  })

  it('drop a window when any one of its h targets is missing', () => {
    const v = windowIndex(20, { start: 0, end: 20 }, w, (r) => r !== 9)
    // row 9 is a target of s = 5 (rows 8, 9) and s = 6 (rows 9, 10)
    expect(Array.from(v.starts)).not.toContain(5)
    expect(Array.from(v.starts)).not.toContain(6)
    expect(Array.from(v.starts)).toContain(4)
    expect(Array.from(v.starts)).toContain(7)
  })

  it('gather (B, h) targets, row-major, step k in column k - 1', () => {
    const N = 12
    const src = { D: 1, inputs: Float32Array.from({ length: N }, (_, i) => i), target: Float32Array.from({ length: N }, (_, i) => 100 + i) }
    const v = windowIndex(N, { start: 0, end: N }, w)
    const b = gatherBatch(src, v, [0, 2])
    const s0 = v.starts[0]!
    const s2 = v.starts[2]!
    expect(Array.from(b.target)).toEqual([100 + s0 + 3, 100 + s0 + 4, 100 + s2 + 3, 100 + s2 + 4])
    expect(b.x.length).toBe(3 * 2 * 1)
  })

  it("leave single-target windows without the field, and validateConfig accepts 'all' only in final mode", () => {
    expect('targets' in windowIndex(20, { start: 0, end: 20 }, { ...w, targets: undefined })).toBe(false)
    const cfg = {
      version: 1, time: { column: null, duplicates: 'keep', resample: null }, target: 'y', task: { kind: 'regression' }, features: [],
      targetAsInput: true, missing: { default: 'ffill', columns: {} }, scaling: 'zscore', split: { by: 'fraction', train: 0.7, val: 0.15, gap: 0 },
      window: { lookback: 4, horizon: 3, stride: 1, mode: 'final' }
    }
    expect('targets' in validateConfig(cfg).window).toBe(false)
    expect(validateConfig({ ...cfg, window: { ...cfg.window, targets: 'all' } }).window.targets).toBe('all')
    const perStep = () => validateConfig({ ...cfg, window: { ...cfg.window, mode: 'per-step', targets: 'all' } })
    expect(perStep).toThrow(PipelineError)
    expect(perStep).toThrow(/window\.targets/)
  })
})
