import { describe, expect, it } from 'vitest'
import { defaultConfig, parseRule, validateConfig, type PipelineConfig } from './config'
import { PipelineError } from './errors'
import { importCsv } from './import'
import { countGaps, fillCodes, filledNote, knownAhead, fillNumeric, inverseTarget, preparePipeline, prepareShrinking, shortSeriesSplit } from './pipeline'
import { computeSplits, gatherBatch, targetRows, targetSpan, windowIndex } from './windows'

/** Tiny seeded PRNG (mulberry32) so the synthetic series are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function csv(n: number, seed = 1, edit?: (row: number, fields: string[]) => void): string {
  const r = rng(seed)
  const lines = ['d,y,x,c,k']
  for (let i = 0; i < n; i++) {
    const f = [new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10), (10 + 5 * Math.sin(i / 5) + r()).toFixed(3),
      i % 9 === 4 ? 'NA' : (r() * 100).toFixed(2), ['a', 'b', 'c'][i % 3], '7']
    edit?.(i, f)
    lines.push(f.join(','))
  }
  return lines.join('\n')
}
const load = (text: string) => importCsv(text, { fileName: 'p.csv' })

describe('windowIndex', () => {
  it('final mode: the target at end + h lies in the range; stride counts back from the last window', () => {
    const w = windowIndex(20, { start: 0, end: 14 }, { lookback: 3, horizon: 1, stride: 2, mode: 'final' })
    // last start s: s + 3 - 1 + 1 < 14 -> s = 10; then 8, 6, ..., 0
    expect(Array.from(w.starts)).toEqual([0, 2, 4, 6, 8, 10])
    const v = windowIndex(20, { start: 14, end: 17 }, { lookback: 3, horizon: 1, stride: 1, mode: 'final' })
    // target s + 3 in [14, 17) -> s in {11, 12, 13}: inputs look back into training rows
    expect(Array.from(v.starts)).toEqual([11, 12, 13])
  })

  it('per-step mode: every shifted target lies in the range', () => {
    const v = windowIndex(20, { start: 14, end: 17 }, { lookback: 3, horizon: 1, stride: 1, mode: 'per-step' })
    // targets s+1..s+3 in [14, 17) -> s = 13 only
    expect(Array.from(v.starts)).toEqual([13])
    expect(targetSpan(13, v)).toEqual([14, 16])
  })

  it('skips windows with an invalid target', () => {
    const w = windowIndex(10, { start: 0, end: 10 }, { lookback: 2, horizon: 2, stride: 1, mode: 'final' }, (r) => r !== 6)
    // targets s + 3 for s = 0..6; s = 3 (target row 6) is skipped
    expect(Array.from(w.starts)).toEqual([0, 1, 2, 4, 5, 6])
  })
})

describe('gatherBatch', () => {
  const N = 12
  const D = 2
  const inputs = Float32Array.from({ length: N * D }, (_, i) => Math.floor(i / D) * 10 + (i % D)) // row*10 + d
  const target = Float32Array.from({ length: N }, (_, i) => 100 + i)
  it('lays windows out time-major (T, B, D) with final targets (B)', () => {
    const w = windowIndex(N, { start: 0, end: N }, { lookback: 3, horizon: 2, stride: 1, mode: 'final' })
    const b = gatherBatch({ D, inputs, target }, w, [4, 0])
    expect([b.T, b.B]).toEqual([3, 2])
    for (let t = 0; t < 3; t++)
      for (const [bi, s] of [[0, 4], [1, 0]])
        for (let d = 0; d < D; d++) expect(b.x[(t * 2 + bi) * D + d]).toBe((s + t) * 10 + d)
    expect(Array.from(b.target)).toEqual([100 + 4 + 2 + 2, 100 + 0 + 2 + 2]) // row s + L - 1 + h
  })
  it('per-step targets are (T, B): the target column shifted by h', () => {
    const w = windowIndex(N, { start: 0, end: N }, { lookback: 3, horizon: 1, stride: 1, mode: 'per-step' })
    const b = gatherBatch({ D, inputs, target }, w, [1, 5])
    expect(Array.from(b.target)).toEqual([102, 106, 103, 107, 104, 108]) // t-major: (t0: s+1), (t1: s+2), ...
  })
  it('class targets come back as Int32 indices, or 0/1 floats on request', () => {
    const cls = Int32Array.from({ length: N }, (_, i) => i % 2)
    const w = windowIndex(N, { start: 0, end: N }, { lookback: 2, horizon: 1, stride: 1, mode: 'final' })
    expect(gatherBatch({ D, inputs, target: cls }, w, [0]).target).toBeInstanceOf(Int32Array)
    expect(gatherBatch({ D, inputs, target: cls }, w, [0], { classesAsFloat: true }).target).toBeInstanceOf(Float32Array)
  })
})

describe('splits', () => {
  const base = (p: Partial<PipelineConfig>, ds: Awaited<ReturnType<typeof load>>) => defaultConfig(ds, 'y', { window: { lookback: 5, horizon: 2, stride: 1, mode: 'per-step' }, ...p })
  it.each(['final', 'per-step'] as const)('no %s target comes from a later split; gap rows are never scored targets', async (mode) => {
    const ds = await load(csv(200))
    const cfg = base({ split: { by: 'fraction', train: 0.6, val: 0.2, gap: 3 }, window: { lookback: 5, horizon: 2, stride: 1, mode } }, ds)
    const p = preparePipeline(ds, cfg)
    expect(p.splits).toEqual({ train: { start: 0, end: 120 }, val: { start: 123, end: 160 }, test: { start: 163, end: 200 } })
    for (const name of ['train', 'val', 'test'] as const) {
      const r = p.splits[name]
      const w = p.windows[name]
      w.starts.forEach((s, i) => {
        const [first, last] = targetSpan(s, w)
        // a per-step validation or test window's steps before its split are not scored (skip)
        expect(first + (w.skip?.[i] ?? 0)).toBeGreaterThanOrEqual(r.start)
        expect(last).toBeLessThan(r.end)
      })
    }
    // final mode: the first validation window looks back across the boundary into the gap and training rows
    if (mode === 'final') expect(p.windows.val.starts[0]).toBeLessThan(120)
  })

  it('per-step and final-only runs score the same validation and test rows; per-step steps before the split weigh 0', async () => {
    const ds = await load(csv(200))
    const at = (mode: 'final' | 'per-step') => preparePipeline(ds, base({ split: { by: 'fraction', train: 0.6, val: 0.2, gap: 0 }, window: { lookback: 12, horizon: 1, stride: 1, mode } }, ds))
    const [fin, per] = [at('final'), at('per-step')]
    for (const name of ['val', 'test'] as const) expect(Array.from(targetRows(per.windows[name]).target)).toEqual(Array.from(targetRows(fin.windows[name]).target))
    expect(targetRows(per.windows.test).target[0]).toBe(160) // the test split's first row
    // training windows keep every target in the training rows
    expect(Array.from(per.windows.train.starts)).toEqual(Array.from(fin.windows.train.starts))
    // the first test window: targets rows 149..160, its first 11 in validation rows, not scored
    const b = gatherBatch(per, per.windows.test, [0, 11])
    expect(Array.from({ length: 12 }, (_, t) => b.stepWeight![t * 2])).toEqual([...Array(11).fill(0), 1])
    expect(Array.from({ length: 12 }, (_, t) => b.stepWeight![t * 2 + 1])).toEqual(Array(12).fill(1))
  })

  it('splits by date at the first row on or after each date', async () => {
    const ds = await load(csv(100))
    const cfg = base({ split: { by: 'date', valStart: '2020-03-01', testStart: '2020-03-21', gap: 0 } }, ds)
    const s = computeSplits(100, cfg, (ds.columns[0] as { values: Float64Array }).values)
    expect(s).toEqual({ train: { start: 0, end: 60 }, val: { start: 60, end: 80 }, test: { start: 80, end: 100 } }) // Jan 31 + Feb 29 days = 60
  })

  it('a series too short for the windows says how many rows it needs', async () => {
    const ds = await load(csv(30))
    const cfg = base({ window: { lookback: 25, horizon: 1, stride: 1, mode: 'final' } }, ds)
    let err: unknown
    try {
      preparePipeline(ds, cfg)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(PipelineError)
    expect((err as PipelineError).code).toBe('short-series')
    // train needs L + h = 26 rows: floor(0.7 n) >= 26 first holds at n = 38 (0.7 * 38 = 26.6);
    // val and test then have 6 rows each, more than the 1 row each needs.
    expect((err as Error).message).toMatch(/need at least 38 rows, have 30/)
  })
})

describe('prepareShrinking: a split too coarse for a short series', () => {
  // direct runs (every step 1..h a target): a validation or test window needs h rows of its split
  const cfg = (ds: Awaited<ReturnType<typeof load>>, horizon: number, split: PipelineConfig['split'] = { by: 'fraction', train: 0.7, val: 0.15, gap: 0 }) =>
    defaultConfig(ds, 'y', { split, window: { lookback: 3, horizon, stride: 1, mode: 'final', targets: 'all' } })
  const error = (f: () => unknown) => {
    try {
      f()
    } catch (e) {
      return e as PipelineError
    }
    throw new Error('no error')
  }

  it('is made finer, said in a notice (60 rows, direct horizon 12: 9 validation rows hold no window)', async () => {
    const ds = await load(csv(60))
    expect(error(() => preparePipeline(ds, cfg(ds, 12))).code).toBe('short-series')
    const p = prepareShrinking(ds, cfg(ds, 12))
    // 12 + max(2, 5 % of 60) = 15 rows each for validation and test at least: 16 each, as the
    // training rows' floor(60 * 0.483) = 28 leaves them
    expect(p.splits).toEqual({ train: { start: 0, end: 28 }, val: { start: 28, end: 44 }, test: { start: 44, end: 60 } })
    expect(p.notices.find((n) => n.code === 'short-series')?.message).toBe('short series (60 rows): validation and test take 16 rows each instead of 15 %, so that each holds a window with look-back 3 and horizon 12')
  })

  it('leaves a series that fits alone, and keeps the first error when no finer split helps', async () => {
    const ds = await load(csv(60))
    expect(prepareShrinking(ds, cfg(ds, 1)).splits).toEqual(preparePipeline(ds, cfg(ds, 1)).splits)
    // 30 rows: validation and test of 14 rows each would leave training 2 rows (under 40 %)
    const short = await load(csv(30))
    expect(shortSeriesSplit(cfg(short, 12), 30)).toBeNull()
    expect(error(() => prepareShrinking(short, cfg(short, 12))).message).toBe(error(() => preparePipeline(short, cfg(short, 12))).message)
    // a split by date is the user's: never moved
    const byDate: PipelineConfig['split'] = { by: 'date', valStart: '2020-02-20', testStart: '2020-02-25', gap: 0 }
    expect(error(() => prepareShrinking(ds, cfg(ds, 12, byDate))).message).toBe(error(() => preparePipeline(ds, cfg(ds, 12, byDate))).message)
  })
})

describe('leakage', () => {
  it.each(['ffill', 'interpolate', 'mean'] as const)('changing validation/test values changes no fitted parameter and no training window (%s)', async (policy) => {
    const edit = (row: number, f: string[]) => {
      if (row >= 140) {
        f[1] = (Number(f[1]) * 3 + 50).toFixed(3)
        f[2] = row % 4 === 0 ? 'NA' : '999'
        f[3] = 'zzz' // a level never seen in training
      }
    }
    const a = await load(csv(200, 7))
    const b = await load(csv(200, 7, edit))
    const cfg = defaultConfig(a, 'y', { missing: { default: policy, columns: {} }, window: { lookback: 8, horizon: 1, stride: 1, mode: 'per-step' } })
    const pa = preparePipeline(a, cfg)
    const pb = preparePipeline(b, cfg)
    expect(pa.splits.train.end).toBe(140)
    expect(pb.fitted).toEqual(pa.fitted)
    expect(Array.from(pb.windows.train.starts)).toEqual(Array.from(pa.windows.train.starts))
    const all = Array.from(pa.windows.train.starts, (_, i) => i)
    const ba = gatherBatch(pa, pa.windows.train, all)
    const bb = gatherBatch(pb, pb.windows.train, all)
    expect(bb.x).toEqual(ba.x)
    expect(bb.target).toEqual(ba.target)
    // and the edit did reach the validation inputs
    expect(gatherBatch(pb, pb.windows.test, [0]).x).not.toEqual(gatherBatch(pa, pa.windows.test, [0]).x)
  })
})

describe('scaling and missing values', () => {
  it.each(['ffill', 'interpolate', 'mean'] as const)('a missing target value is filled as an input but no window learns or is scored on it (%s)', async (policy) => {
    const gap = (row: number, f: string[]) => {
      if ((row >= 60 && row < 63) || (row >= 170 && row < 180)) f[1] = ''
    }
    const ds = await load(csv(200, 3, gap))
    const cfg = defaultConfig(ds, 'y', { missing: { default: policy, columns: {} }, window: { lookback: 8, horizon: 1, stride: 1, mode: 'final' } })
    const p = preparePipeline(ds, cfg)
    expect(p.splits.test.start).toBeLessThanOrEqual(170)
    // the target as observed: NaN where missing; the input block filled
    for (let r = 170; r < 180; r++) expect(p.targetRaw[r]).toBeNaN()
    expect(p.inputs.every((v) => Number.isFinite(v))).toBe(true)
    const targets = (w: typeof p.windows.train) => Array.from(w.starts, (s) => s + w.lookback - 1 + w.horizon)
    const all = [...targets(p.windows.train), ...targets(p.windows.val), ...targets(p.windows.test)]
    for (const r of [60, 61, 62, ...Array.from({ length: 10 }, (_, i) => 170 + i)]) expect(all).not.toContain(r)
    // every other row of a split is some window's target
    expect(targets(p.windows.test).length).toBe(p.splits.test.end - p.splits.test.start - 10)
    const note = p.notices.find((n) => n.code === 'missing-target')?.message
    // the fill said in words, as the input fills are (exploratory pass 22, finding 12)
    const how = { ffill: 'with the value before', interpolate: 'with the value before', mean: "with the training rows' mean" }[policy]
    expect(note).toBe(`target "y" is missing on 13 rows (3 training, 0 validation, 10 test): filled ${how} where the target is an input, but no window is trained on or scored against a missing value`)
    // a seasonal target's gaps, filled from its season (core/train/prepare.ts gives the season): said so
    if (policy === 'interpolate')
      expect(preparePipeline(ds, cfg, { season: 7 }).notices.find((n) => n.code === 'missing-target')?.message).toBe('target "y" is missing on 13 rows (3 training, 0 validation, 10 test): filled with the value before plus the change between the same rows a season (7 rows) earlier (the value before where fewer rows come before) where the target is an input, but no window is trained on or scored against a missing value')
    // nothing missing: no note
    expect(preparePipeline(await load(csv(200, 3)), cfg).notices.some((n) => n.code === 'missing-target')).toBe(false)
    // one: "1 row", not "1 rows" (exploratory pass 20, finding 11)
    const one = preparePipeline(await load(csv(200, 3, (row, f) => void (row === 60 && (f[1] = '')))), cfg).notices.find((n) => n.code === 'missing-target')?.message
    expect(one).toMatch(/^target "y" is missing on 1 row \(1 training, 0 validation, 0 test\): /)
  })

  it('a zero-variance column gets scale 1 and a warning, never NaN', async () => {
    const ds = await load(csv(100))
    const p = preparePipeline(ds, defaultConfig(ds, 'y', { window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } }))
    expect(p.fitted.scalers.k).toEqual({ kind: 'zscore', mean: 7, std: 1 })
    expect(p.fitted.warnings.join()).toContain('"k" is constant')
    expect(p.inputs.every((v) => Number.isFinite(v))).toBe(true)
    const mm = preparePipeline(ds, defaultConfig(ds, 'y', { scaling: 'minmax', window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } }))
    expect(mm.fitted.scalers.k).toEqual({ kind: 'minmax', min: 7, max: 8 })
  })

  it('z-score uses training rows only and inverts back to original units', async () => {
    const ds = await load(csv(100))
    const p = preparePipeline(ds, defaultConfig(ds, 'y', { window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } }))
    const y = (ds.columns[1] as { values: Float64Array }).values.subarray(0, 70)
    const mean = y.reduce((s, v) => s + v, 0) / 70
    const s = p.fitted.scalers.y
    expect(s.kind === 'zscore' && s.mean).toBeCloseTo(mean, 12)
    const back = inverseTarget(p.fitted, p.target.subarray(90, 95))
    for (let i = 0; i < 5; i++) expect(back[i]).toBeCloseTo(p.targetRaw[90 + i], 4)
  })

  // rows: train [0, 6), val [6, 8), test [8, 10); x = [1, NA, 3, NA, NA, 9 | NA, 5 | 7, 8]
  const text = 'y,x\n' + ['1,1', '2,NA', '3,3', '4,NA', '5,NA', '6,9', '7,NA', '8,5', '9,7', '10,8'].join('\n')
  const xs = async (policy: 'ffill' | 'interpolate' | 'mean' | 'drop') => {
    const ds = await importCsv(text, { fileName: 'm.csv' })
    const cfg = defaultConfig(ds, 'y', {
      targetAsInput: false, features: ['x'], scaling: 'none', missing: { default: 'ffill', columns: { x: policy } },
      split: { by: 'fraction', train: 0.6, val: 0.2, gap: 0 }, window: { lookback: 1, horizon: 1, stride: 1, mode: 'final' }
    })
    return Array.from(preparePipeline(ds, cfg).inputs)
  }
  it('forward fill', async () => expect(await xs('ffill')).toEqual([1, 1, 3, 3, 3, 9, 9, 5, 7, 8]))
  it("'interpolate' (the default) reads no later row: the value before, as forward fill (was a line to the value after: [1, 2, 3, 5, 7, 9, 9, 5, 7, 8])", async () =>
    expect(await xs('interpolate')).toEqual([1, 1, 3, 3, 3, 9, 9, 5, 7, 8]))
  it('training mean (of 1, 3, 9)', async () => {
    const m = Math.fround(13 / 3)
    expect(await xs('mean')).toEqual([1, m, 3, m, m, 9, m, 5, 7, 8])
  })
  it('drop removes the rows before the split', async () => expect(await xs('drop')).toEqual([1, 3, 9, 5, 7, 8]))
})

/** Each row's line in a file of one header line and one line per row: row i on line i + 2. */
const LINES = Int32Array.from({ length: 20 }, (_, i) => i + 2)

describe('the note on filled input gaps (filledNote)', () => {
  it('says the cells before a column\'s first value as filled: by the training mean or mode, not the rule that reads the value before', () => {
    const x = Float64Array.of(NaN, NaN, 3, NaN, 5)
    const sky = { kind: 'categorical' as const, name: 'sky', codes: Int32Array.of(-1, 1, -1, 0), levels: ['dry', 'wet'] }
    // the fill itself: the training mean (9) and mode (0, 'dry') where no earlier value is
    const v = Float64Array.from(x)
    fillNumeric(v, 'interpolate', 9)
    expect(Array.from(v)).toEqual([9, 9, 3, 3, 5]) // the mean at row 0, then the value before
    const k = Int32Array.from(sky.codes)
    fillCodes(k, 'ffill', 0)
    expect(Array.from(k)).toEqual([0, 1, 1, 0])
    const w = Float64Array.of(NaN, NaN, 7)
    fillNumeric(w, 'ffill', 9)
    expect(Array.from(w)).toEqual([9, 9, 7])
    const columns = [{ kind: 'numeric' as const, name: 'x', values: x }, sky, { kind: 'numeric' as const, name: 'w', values: Float64Array.of(NaN, NaN, 7) }, { kind: 'numeric' as const, name: 'z', values: Float64Array.of(NaN, 1) }]
    const gaps = countGaps(columns, LINES, (n) => (n === 'x' ? 'interpolate' : n === 'z' ? 'mean' : 'ffill'))
    expect(gaps.map((g) => [g.cells, g.leading])).toEqual([[3, 2], [2, 1], [2, 2], [1, 0]])
    expect(filledNote(gaps)).toBe("missing inputs filled by the run's rule (x: 3 cells, at lines 2, 3 and 5: 1 by the value before, the first 2 by the training rows' mean; sky: 2 cells, at lines 2 and 4: 1 by the level before, the first one by the training rows' most frequent level; w: 2 cells, at lines 2 and 3, by the training rows' mean; z: 1 cell, at line 2, by the training rows' mean)") // was "x: 3 cells, at lines 2, 3 and 5: 2 by a straight line between the values either side, the first one by the training rows' mean; …"
    // a column of values with no value at all: the mean on every row, under 'interpolate' too
    const none = Float64Array.of(NaN, NaN)
    fillNumeric(none, 'interpolate', 9)
    expect(Array.from(none)).toEqual([9, 9])
    expect(filledNote(countGaps([{ kind: 'numeric', name: 'x', values: Float64Array.of(NaN, NaN) }], LINES, () => 'interpolate'))).toBe("missing inputs filled by the run's rule (x: 2 cells, at lines 2 and 3, by the training rows' mean)")
  })
})

describe('the rows the note on filled input gaps names', () => {
  it("names the file's lines of the filled cells, first in the file first, the first 3 and how many more; a period resampling added apart", () => {
    // rows in time order from a file written out of order: each row's line in the file (0: a period
    // the grid added, in no line of the file)
    const lines = Int32Array.of(9, 2, 7, 0, 4, 3, 8, 0, 5)
    const x = Float64Array.of(1, NaN, NaN, NaN, 5, NaN, NaN, NaN, 9)
    const [g] = countGaps([{ kind: 'numeric', name: 'x', values: x }], lines, () => 'interpolate')
    // rows 1, 2, 3, 5, 6, 7: lines 2, 7, 3 and 8 of the file, and two periods the grid added
    expect(filledNote([g!])).toBe("missing inputs filled by the run's rule (x: 6 cells, at lines 2, 3, 7 and 1 more and in 2 periods absent from the file, by the value before)")
    // three or fewer: every one named
    const y = Float64Array.of(1, NaN, 3, 4, NaN, 6, 7, 8, 9)
    expect(filledNote(countGaps([{ kind: 'numeric', name: 'y', values: y }], lines, () => 'mean'))).toBe("missing inputs filled by the run's rule (y: 2 cells, at lines 2 and 4, by the training rows' mean)")
    // one cell, in a period the grid added; a category's cells with its fills' counts after them
    const z = Float64Array.of(1, 2, 3, NaN, 5, 6, 7, 8, 9)
    const sky = { kind: 'categorical' as const, name: 'sky', codes: Int32Array.of(-1, 0, 0, 0, 0, -1, 0, 0, 0), levels: ['dry'] }
    expect(filledNote(countGaps([{ kind: 'numeric', name: 'z', values: z }, sky], lines, () => 'ffill'))).toBe("missing inputs filled by the run's rule (z: 1 cell, in a period absent from the file, by the value before; sky: 2 cells, at lines 3 and 9: 1 by the level before, the first one by the training rows' most frequent level)")
  })

  it("names the lines of a file written out of time order as the file has them, not the sorted rows' places", async () => {
    // the rows of csv(100) written last first: the row of time i is on line 100 - i + 1; x is blank
    // ('NA') on the times i % 9 == 4 (4, 13, ..., 94), so on lines 97, 88, ..., 7
    const [header, ...rows] = csv(100).split('\n')
    const ds = await load([header, ...rows.reverse()].join('\n'))
    const cfg = defaultConfig(ds, 'y', { features: ['x'], window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } })
    const prep = preparePipeline(ds, cfg)
    expect(prep.notices.map((n) => n.code)).toContain('sorted') // the premise: the rows were sorted by time
    const note = prep.notices.find((n) => n.code === 'filled-inputs')!.message
    expect(note).toBe("missing inputs filled by the run's rule (x: 11 cells, at lines 7, 16, 25 and 8 more, by the value before)")
  })

  it("names a merged row's cell by the first line of the rows merged, each of them blank there", async () => {
    // x is blank ('NA') on days 4, 13, 22 and 31 (lines 6, 15, 24 and 33); the last two lines (42 and
    // 43) repeat day 13 with x blank and day 22 with a value: merged by mean, day 13 stays blank, day
    // 22 takes the value
    const text = csv(40)
    const day = (i: number) => text.split('\n')[i + 1]!
    const ds = await load([text, day(13), day(22).replace(/^([^,]*,[^,]*),NA,/, '$1,50,')].join('\n'))
    expect(day(22)).toContain(',NA,') // the premise: the repeated day 22 is blank on its own line
    const cfg = defaultConfig(ds, 'y', { features: ['x'], time: { column: 'd', duplicates: 'mean', resample: null }, window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } })
    const note = preparePipeline(ds, cfg).notices.find((n) => n.code === 'filled-inputs')!.message
    // days 4, 13 and 31 blank: day 13's lines 15 and 42 merged into one cell, named by line 15
    expect(note).toBe("missing inputs filled by the run's rule (x: 3 cells, at lines 6, 15 and 33, by the value before)")
  })
})

describe("the note on a known-future input's blanks at the end", () => {
  it('says them as its future not yet written in, apart from the gaps its rule filled', () => {
    const x = Float64Array.of(1, NaN, 3, 4, NaN, NaN, NaN)
    const [g] = knownAhead(countGaps([{ kind: 'numeric', name: 'promo', values: x }], LINES, () => 'interpolate'), [{ kind: 'numeric', name: 'promo', values: x }], ['promo'])
    expect(g).toMatchObject({ cells: 4, leading: 0, ahead: 3 })
    // the line of the cell the rule filled (row 1), not those of the blanks at the end, said as its future
    expect(filledNote([g!])).toBe("missing inputs filled by the run's rule (promo: 1 cell, at line 3, by the value before; its last 3 rows are blank, its future not yet written in: the windows that reach them read the value before, and a forecast past the end needs its values in rows after the last target value)")
    // only blanks at the end: none filled by the rule
    const y = Float64Array.of(1, 2, NaN)
    const [h] = knownAhead(countGaps([{ kind: 'numeric', name: 'promo', values: y }], LINES, () => 'mean'), [{ kind: 'numeric', name: 'promo', values: y }], ['promo'])
    expect(filledNote([h!])).toBe("missing inputs (promo: its last row is blank, its future not yet written in: the windows that reach it read the training rows' mean, and a forecast past the end needs its values in rows after the last target value)")
    // an input not known in the future: its rule's words, as before
    const [k] = knownAhead(countGaps([{ kind: 'numeric', name: 'temp', values: x }], LINES, () => 'interpolate'), [{ kind: 'numeric', name: 'temp', values: x }], ['promo'])
    expect(k!.ahead).toBeUndefined()
  })
})

describe("the note on the cells 'interpolate' fills", () => {
  it('fills every cell from the rows before it, whatever split it is in, and says so (was a line inside a split, the value before at its edges)', () => {
    const x = Float64Array.of(1, 2, NaN, NaN, NaN, 6, 7, 8, 9, 10, NaN, NaN)
    const v = Float64Array.from(x)
    fillNumeric(v, 'interpolate', 0)
    expect(Array.from(v)).toEqual([1, 2, 2, 2, 2, 6, 7, 8, 9, 10, 10, 10])
    // which is not what a line between the values either side gives on rows 2, 3, 4, 10, 11
    const [g] = countGaps([{ kind: 'numeric', name: 'x', values: x }], LINES, () => 'interpolate')
    expect(g).toMatchObject({ cells: 5, leading: 0 })
    expect(filledNote([g!])).toBe("missing inputs filled by the run's rule (x: 5 cells, at lines 4, 5, 6 and 2 more, by the value before)") // was "…: 5 cells, at lines 4, 5, 6 and 2 more, carried forward from the value before (…)" with the splits at rows 4 and 8
    // with a season of 4 rows: the value before plus the change between the same rows a season earlier
    const s = Float64Array.of(10, 20, 30, 40, 11, NaN, 31, 41, 12, NaN, NaN, 42)
    fillNumeric(s, 'interpolate', 0, 4)
    expect(Array.from(s)).toEqual([10, 20, 30, 40, 11, 21, 31, 41, 12, 22, 32, 42])
    expect(filledNote([{ ...g!, season: 4 }])).toBe("missing inputs filled by the run's rule (x: 5 cells, at lines 4, 5, 6 and 2 more, by the value before plus the change between the same rows a season (4 rows) earlier)")
  })

  it("fw train's note says an input's gaps at the validation rows' start, inside the training rows and at its end alike", async () => {
    const n = 100
    const probe = await load(csv(n))
    const cfg = defaultConfig(probe, 'y', { features: ['x'], missing: { default: 'interpolate', columns: {} }, window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } })
    const val = computeSplits(n, cfg, null).val.start
    // x blank on the validation rows' first row, on a row inside the training rows and on the last row
    const ds = await load(csv(n, 1, (i, f) => {
      f[2] = i === val || i === 20 || i === n - 1 ? '' : f[2] === 'NA' ? '50' : f[2]!
    }))
    const note = preparePipeline(ds, cfg).notices.find((m) => m.code === 'filled-inputs')!.message
    // rows 20, val and n - 1 on lines 22, val + 2 and n + 1
    expect(note).toBe(`missing inputs filled by the run's rule (x: 3 cells, at lines 22, ${val + 2} and ${n + 1}, by the value before)`) // was "x: 3 cells, at lines …: 1 by a straight line between the values either side, 2 carried forward from the value before (…)"
  })
})

describe('tasks', () => {
  it('classification from a rule: "y > 10" is class 1', async () => {
    const ds = await load(csv(100))
    const p = preparePipeline(ds, defaultConfig(ds, 'y', { task: { kind: 'classification', rule: 'y > 10' }, window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } }))
    expect(p.fitted.target).toMatchObject({ kind: 'classification', classes: ['false', 'true'] })
    expect(p.target).toBeInstanceOf(Int32Array)
    for (let i = 0; i < 100; i++) expect(p.target[i]).toBe((ds.columns[1] as { values: Float64Array }).values[i] > 10 ? 1 : 0)
  })

  it('multi-class from a categorical column, one-hot inputs with training levels', async () => {
    const ds = await load(csv(100, 3, (r, f) => (f[3] = r >= 90 ? 'new' : f[3])))
    const p = preparePipeline(ds, defaultConfig(ds, 'c', { window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } }))
    expect(p.fitted.target).toMatchObject({ kind: 'classification', classes: ['a', 'b', 'c'] })
    expect(p.fitted.inputNames.filter((n) => n.startsWith('c='))).toEqual(['c=a', 'c=b', 'c=c'])
    // class 'new' is unknown (-1) and its windows are not scored
    expect(p.target[95]).toBe(-1)
    // test targets are rows [85, 100); rows >= 90 are 'new', so only targets 85..89 remain
    expect(p.windows.test.starts.length).toBe(5)
    for (const s of p.windows.test.starts) expect(p.target[s + 4]).toBeGreaterThanOrEqual(0)
  })

  it('an input level first seen after the training rows is said once, in fw predict\'s words, and enters as zeros', async () => {
    const ds = await load(csv(100, 3, (r, f) => (f[3] = r >= 90 ? 'new' : f[3])))
    const p = preparePipeline(ds, defaultConfig(ds, 'y', { features: ['c'], window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } }))
    const c = p.fitted.inputs.find((b) => b.column === 'c')!
    expect(c.levels).toEqual(['a', 'b', 'c'])
    expect(Array.from(p.inputs.subarray(95 * p.D + c.offset, 95 * p.D + c.offset + c.size))).toEqual([0, 0, 0])
    const unseen = p.notices.filter((n) => n.code === 'unseen-levels')
    expect(unseen).toEqual([{ code: 'unseen-levels', column: 'c', message: '"c" has a value the model never saw in training ("new"; 10 rows): it enters as none of its known values' }])
    const seen = await load(csv(100, 3))
    expect(preparePipeline(seen, defaultConfig(seen, 'y', { features: ['c'], window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } })).notices.some((n) => n.code === 'unseen-levels')).toBe(false)
  })

  it('parses rules', () => {
    expect(parseRule('precipitation > 0')).toEqual({ column: 'precipitation', op: '>', value: 0 })
    expect(parseRule('temp>=1.5')).toEqual({ column: 'temp', op: '>=', value: 1.5 })
    expect(parseRule('weather == rain')).toEqual({ column: 'weather', op: '==', value: 'rain' })
    expect(() => parseRule('weather > rain')).toThrow(PipelineError)
    expect(() => parseRule('nonsense')).toThrow(/cannot read the rule/)
  })
})

describe('config', () => {
  it('round-trips through JSON and names a bad field', async () => {
    const ds = await load(csv(50))
    const cfg = defaultConfig(ds, 'y')
    expect(validateConfig(JSON.parse(JSON.stringify(cfg)))).toEqual(cfg)
    const bad = { ...cfg, window: { ...cfg.window, lookback: 0 } }
    expect(() => validateConfig(bad)).toThrow(/window\.lookback: must be an integer >= 1/)
    expect(() => validateConfig({ ...cfg, missing: { default: 'ffill', columns: { x: 'guess' } } })).toThrow(/missing\.columns\.x/)
  })
  it('the fitted pipeline is JSON', async () => {
    const ds = await load(csv(100))
    const p = preparePipeline(ds, defaultConfig(ds, 'y', { window: { lookback: 4, horizon: 1, stride: 1, mode: 'final' } }))
    expect(JSON.parse(JSON.stringify(p.fitted))).toEqual(p.fitted)
  })
})
