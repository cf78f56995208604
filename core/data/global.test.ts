// One global model across series (issue 13, item 3), data side: the same cut dates for every
// series, scalers fitted on each series' own training rows, windows that never cross from one
// series into the next, and a series too short for the cuts reported (or the run refused).
import { describe, expect, it } from 'vitest'
import { defaultConfig, type PipelineConfig } from './config'
import { prepareGlobal, pooledCuts, SERIES_ONEHOT_MAX_LEVELS, seriesRows } from './global'
import { importCsv } from './import'
import { targetSpan } from './windows'
import type { Dataset } from './types'

const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10)
// stores a and b over 60 days at different levels and scales; c only in the last 8 days
const value = (s: string, i: number) => (s === 'a' ? 10 + (i % 7) + 0.1 * i : s === 'b' ? 1000 + 50 * Math.sin(i / 3) + 3 * i : 5 + i)
function longCsv(edit: (s: string, i: number, v: number) => number = (_s, _i, v) => v): string {
  const rows = ['store,date,sales']
  for (const s of ['a', 'b', 'c']) for (let i = s === 'c' ? 52 : 0; i < 60; i++) rows.push(`${s},${day(i)},${edit(s, i, value(s, i))}`)
  return rows.join('\n') + '\n'
}
const load = (text: string): Promise<Dataset> => importCsv(text, { fileName: 'stores.csv', series: ['store'] })
const config = (ds: Dataset, patch: Partial<PipelineConfig> = {}): PipelineConfig =>
  defaultConfig(ds, 'sales', { features: [], level: 'window', window: { lookback: 5, horizon: 2, stride: 1, mode: 'final' }, ...patch })

describe('prepareGlobal', () => {
  it('cuts the pooled time axis once: every series changes split at the same dates', async () => {
    const ds = await load(longCsv())
    const g = prepareGlobal(ds, config(ds), ['store'])
    // 60 distinct days: validation from day floor(60 * 0.7) = 42, test from floor(60 * 0.85) = 51
    expect(new Date(g.cuts.valStart).toISOString().slice(0, 10)).toBe(day(42))
    expect(new Date(g.cuts.testStart).toISOString().slice(0, 10)).toBe(day(51))
    expect(g.parts.map((p) => p.label)).toEqual(['store = a', 'store = b'])
    for (const p of g.parts) {
      const t = p.prep.time!
      const { train, val, test } = p.prep.splits
      expect(t[train.end - 1]).toBeLessThan(g.cuts.valStart)
      expect(t[val.start]).toBe(g.cuts.valStart)
      expect(t[val.end - 1]).toBeLessThan(g.cuts.testStart)
      expect(t[test.start]).toBe(g.cuts.testStart)
    }
  })

  it('never lets a window cross from one series into the next', async () => {
    const ds = await load(longCsv())
    const g = prepareGlobal(ds, config(ds), ['store'])
    expect(g.N).toBe(120)
    for (const split of ['train', 'val', 'test'] as const) {
      const w = g.windows[split]
      let k = 0
      g.parts.forEach((p, j) => {
        const n = g.windowCounts[split][j]
        expect(n).toBeGreaterThan(0)
        for (let i = k; i < k + n; i++) {
          const s = w.starts[i]
          expect(s).toBeGreaterThanOrEqual(p.offset)
          expect(targetSpan(s, w)[1]).toBeLessThan(p.offset + p.prep.N)
        }
        k += n
      })
      expect(k).toBe(w.starts.length)
    }
    // series b's rows follow series a's: its inputs and targets are its own, scaled by its own scaler
    const b = g.parts[1]
    expect(Array.from(g.target.subarray(b.offset, b.offset + b.prep.N))).toEqual(Array.from(b.prep.target))
  })

  it("fits each series' scalers on its training rows only: its validation and test values change no fitted parameter", async () => {
    const ds = await load(longCsv())
    const g = prepareGlobal(ds, config(ds), ['store'])
    const changed = await load(longCsv((s, i, v) => (s === 'b' && i >= 42 ? v * 100 : v)))
    const h = prepareGlobal(changed, config(changed), ['store'])
    expect(h.parts[1].prep.fitted).toEqual(g.parts[1].prep.fitted)
    expect(h.parts[0].prep.fitted).toEqual(g.parts[0].prep.fitted)
    // ...while a training value does change it (the check above is not vacuous)
    const early = await load(longCsv((s, i, v) => (s === 'b' && i === 3 ? v + 500 : v)))
    expect(prepareGlobal(early, config(early), ['store']).parts[1].prep.fitted.scalers['sales']).not.toEqual(g.parts[1].prep.fitted.scalers['sales'])
  })

  it("gives each series its own level-relative unit: the mean absolute one-step change of its training rows", async () => {
    const ds = await load(longCsv())
    const g = prepareGlobal(ds, config(ds), ['store'])
    for (const [j, s] of ['a', 'b'].entries()) {
      let sum = 0
      for (let i = 1; i < 42; i++) sum += Math.abs(value(s, i) - value(s, i - 1))
      const sc = g.parts[j].prep.fitted.scalers['sales'] as { kind: string; std: number }
      expect(sc.std).toBeCloseTo(sum / 41, 9)
    }
    expect(g.parts[0].prep.fitted.target).toMatchObject({ relative: true })
  })

  it('reports and skips a series too short for the cut dates, or refuses the run when asked', async () => {
    const ds = await load(longCsv())
    const g = prepareGlobal(ds, config(ds), ['store'])
    expect(g.skipped.map((s) => [s.label, s.rows])).toEqual([['store = c', 8]])
    expect(g.notices.find((n) => n.code === 'short-series')?.message).toBe('1 series skipped, too short for the cut dates: store = c (8 rows)')
    expect(() => prepareGlobal(ds, config(ds), ['store'], 'refuse')).toThrow(/series store = c \(8 rows, first on line 122\): column "sales" has no values in the training rows/)
  })

  it('refuses a row whose id is empty, naming its line, and a file without a time column', async () => {
    const ds = await load(longCsv().replace(`b,${day(5)},`, `,${day(5)},`))
    expect(() => seriesRows(ds, ['store'])).toThrow(/stores\.csv, line 67: column "store" is empty/)
    const noTime = await load('store,sales\na,1\nb,2\n')
    expect(() => prepareGlobal(noTime, config(noTime), ['store'])).toThrow(/needs a time column/)
  })

  it('adds the series id as a static one-hot input when asked, in the fitted pipeline of every series', async () => {
    const ds = await load(longCsv())
    const plain = prepareGlobal(ds, config(ds), ['store'])
    const g = prepareGlobal(ds, config(ds), ['store'], 'skip', true)
    expect(g.D).toBe(plain.D + 2) // a and b; c is skipped
    for (const [j, p] of g.parts.entries()) {
      expect(p.prep.fitted.inputs.at(-1)).toEqual({ column: 'store', kind: 'one-hot', offset: plain.D, size: 2, levels: ['a', 'b'], static: true })
      expect(p.prep.fitted.inputNames.slice(-2)).toEqual(['store=a', 'store=b'])
      expect(p.prep.fitted.imputers['store']).toBe(['a', 'b'][j])
      for (const i of [0, p.prep.N - 1]) {
        const row = Array.from(g.inputs.subarray((p.offset + i) * g.D, (p.offset + i + 1) * g.D))
        expect(row.slice(plain.D)).toEqual(j === 0 ? [1, 0] : [0, 1])
        expect(row.slice(0, plain.D)).toEqual(Array.from(plain.inputs.subarray((p.offset + i) * plain.D, (p.offset + i + 1) * plain.D)))
      }
    }
  })

  it(`refuses a one-hot id input past ${SERIES_ONEHOT_MAX_LEVELS} series, naming the column, the count and the way out; without it the same file prepares`, async () => {
    const n = SERIES_ONEHOT_MAX_LEVELS + 1
    const rows = ['store,date,sales']
    for (let s = 0; s < n; s++) for (let i = 0; i < 30; i++) rows.push(`s${s},${day(i)},${10 + s + (i % 5)}`)
    const ds = await load(rows.join('\n') + '\n')
    expect(() => prepareGlobal(ds, config(ds), ['store'], 'skip', true)).toThrow(`the series column "store" has ${n} series (first "s0"), more than the ${SERIES_ONEHOT_MAX_LEVELS} a one-hot id input can take`)
    expect(prepareGlobal(ds, config(ds), ['store']).parts).toHaveLength(n)
  })

  it('refuses series of different frequencies, naming both; calendar months of 28 to 31 days are one frequency', async () => {
    const rows = ['store,date,sales']
    for (let i = 0; i < 420; i++) rows.push(`a,${day(i)},${value('a', i)}`)
    for (let i = 0; i < 60; i++) rows.push(`w,${day(7 * i)},${value('b', i)}`)
    const ds = await load(rows.join('\n') + '\n')
    expect(() => prepareGlobal(ds, config(ds), ['store'])).toThrow('series store = w (first on line 422) has a row every 7 d, series store = a every 1 d; one global model needs one frequency')
    const monthly = ['store,date,sales']
    for (const s of ['a', 'b']) for (let i = 0; i < 40; i++) monthly.push(`${s},${new Date(Date.UTC(2000 + Math.floor((i + (s === 'b' ? 1 : 0)) / 12), (i + (s === 'b' ? 1 : 0)) % 12, 1)).toISOString().slice(0, 10)},${value(s, i)}`)
    const m = await load(monthly.join('\n') + '\n')
    expect(prepareGlobal(m, config(m), ['store']).parts).toHaveLength(2)
  })

  it('cuts a fraction split on distinct times, not rows', () => {
    const t = Float64Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9])
    expect(pooledCuts(t, { by: 'fraction', train: 0.6, val: 0.2, gap: 0 })).toEqual({ valStart: 6, testStart: 8 })
  })
})
