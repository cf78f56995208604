// One global model across series (issue 13, item 3), data side: the same cut dates for every
// series, scalers fitted on each series' own training rows, windows that never cross from one
// series into the next, and a series too short for the cuts reported (or the run refused).
import { describe, expect, it } from 'vitest'
import { defaultConfig, type PipelineConfig } from './config'
import { categoryInputsCheck, differentInputs, summariseCategories, prepareGlobal, pooledCuts, SERIES_ONEHOT_MAX_LEVELS, seriesRows } from './global'
import { preparePipeline } from './pipeline'
import { selectRows } from './series'
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
  it('says the row counts where no series holds even one window (pass 18: 200 stores of 1 row each)', async () => {
    const one = ['store,date,sales', ...Array.from({ length: 40 }, (_, i) => `s${i},${day(i)},${value('a', i)}`)]
    const ds = await load(one.join('\n') + '\n')
    expect(() => prepareGlobal(ds, config(ds), ['store'])).toThrow(/has a window in each of training, validation and test at the cut dates \S+ and \S+: every series has 1 row; one window takes 7 \(look-back 5 and horizon 2\)$/)
    const few = [...one, `s0,${day(41)},1`, `s0,${day(42)},2`]
    const ds2 = await load(few.join('\n') + '\n')
    expect(() => prepareGlobal(ds2, config(ds2), ['store'])).toThrow(/: the series have 1 to 3 rows; one window takes 7 \(look-back 5 and horizon 2\)$/)
  })

  it('refuses a series id that is also a feature, naming its columns as a list reads', async () => {
    const rows = ['store,item,date,sales']
    for (const s of ['a', 'b']) for (let i = 0; i < 30; i++) rows.push(`${s},${s}1,${day(i)},${value(s, i)}`)
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'stores.csv', series: ['store', 'item'] })
    expect(() => prepareGlobal(ds, config(ds, { features: ['item'] }), ['store', 'item'])).toThrow('the series id "store" and "item" cannot also be the target or a feature') // was "store", "item"
  })

  it('one-hot encodes a category constant per series (a region per store) with levels pooled over every series\' training rows: the same inputs everywhere, static', async () => {
    const rows = ['store,date,sales,region,promo']
    for (const [s, r] of [['a', 'north'], ['b', 'south']]) for (let i = 0; i < 60; i++) rows.push(`${s},${day(i)},${value(s!, i)},${r},${i % 3}`)
    const ds = await load(rows.join('\n') + '\n')
    const g = prepareGlobal(ds, config(ds, { features: ['region', 'promo'] }), ['store'])
    expect(g.parts).toHaveLength(2)
    for (const [j, p] of g.parts.entries()) {
      const b = p.prep.fitted.inputs.find((x) => x.column === 'region')!
      expect(b).toMatchObject({ kind: 'one-hot', size: 2, levels: ['north', 'south'], static: true })
      expect(p.prep.fitted.inputNames).toEqual(g.parts[0]!.prep.fitted.inputNames)
      expect(p.prep.fitted.imputers['region']).toBe(['north', 'south'][j]) // each series' own training mode
      for (const i of [0, p.prep.N - 1]) expect(Array.from(g.inputs.subarray((p.offset + i) * g.D + b.offset, (p.offset + i) * g.D + b.offset + 2))).toEqual(j === 0 ? [1, 0] : [0, 1])
    }
    // a numeric input keeps its scaler fitted on each series' own training rows
    expect(g.parts[0]!.prep.fitted.scalers['promo']).toEqual(preparePipeline({ ...selectRows(ds, seriesRows(ds, ['store'])[0]!.rows), notices: [] }, g.parts[0]!.prep.config).fitted.scalers['promo'])
    expect(g.notices.filter((n) => n.code === 'unseen-levels')).toEqual([])
    // the guard for inputs that differ otherwise
    expect(differentInputs({ label: 'a', names: ['y', 'x'] }, { label: 'b', names: ['y'] }).message).toMatch(/one network needs the same inputs/)
    // the inputs named as a list reads (was "y, x, promo")
    expect(differentInputs({ label: 'a', names: ['y', 'x', 'promo'] }, { label: 'b', names: ['y'] }).message).toBe('features: series a has the inputs y, x and promo but series b has y; one network needs the same inputs for every series')
  })

  it('fits category levels on the training rows only: changing validation and test rows\' categories changes no fitted encoding; a level only there enters as zeros, said', async () => {
    // weather varies within each series; store a has "sun" and "rain" in training, b only "sun"
    const csv = (later: (s: string, i: number) => string) => {
      const rows = ['store,date,sales,weather,region']
      for (const [s, r] of [['a', 'north'], ['b', 'south']]) for (let i = 0; i < 60; i++) rows.push(`${s},${day(i)},${value(s!, i)},${i < 42 ? (s === 'a' && i % 2 ? 'rain' : 'sun') : later(s!, i)},${i < 42 ? r : later(s!, i) === 'snow' ? 'east' : r}`)
      return rows.join('\n') + '\n'
    }
    const cfgOf = (ds: Dataset) => config(ds, { features: ['weather', 'region'] })
    const base = await load(csv(() => 'sun'))
    const g = prepareGlobal(base, cfgOf(base), ['store'])
    const changed = await load(csv((s, i) => (i % 5 === 0 ? 'snow' : s === 'b' ? 'rain' : 'sun')))
    const h = prepareGlobal(changed, cfgOf(changed), ['store'])
    expect(g.cuts).toEqual(h.cuts)
    expect(Date.parse(day(42))).toBeGreaterThanOrEqual(g.cuts!.valStart) // every changed row is past the training rows
    for (const [j, p] of g.parts.entries()) {
      const q = h.parts[j]!
      const blocks = (x: typeof p) => x.prep.fitted.inputs.map(({ column, levels, offset, size }) => ({ column, levels, offset, size }))
      expect(blocks(q)).toEqual(blocks(p))
      expect(blocks(p).find((b) => b.column === 'weather')!.levels).toEqual(['sun', 'rain']) // b never saw rain in training: pooled from a's
      expect(q.prep.fitted.imputers).toEqual(p.prep.fitted.imputers)
      expect(q.prep.fitted.scalers).toEqual(p.prep.fitted.scalers)
      const tr = p.prep.splits.train
      expect(Array.from(h.inputs.subarray((q.offset + tr.start) * h.D, (q.offset + tr.end) * h.D))).toEqual(Array.from(g.inputs.subarray((p.offset + tr.start) * g.D, (p.offset + tr.end) * g.D)))
    }
    // region changed after training in the changed file: no longer static; snow and east unseen
    expect(g.parts[0]!.prep.fitted.inputs.find((b) => b.column === 'region')!.static).toBe(true)
    expect(h.parts[0]!.prep.fitted.inputs.find((b) => b.column === 'region')!.static).toBeUndefined()
    const unseen = h.notices.filter((n) => n.code === 'unseen-levels')
    expect(unseen.map((n) => n.column)).toEqual(['weather', 'region'])
    expect(unseen[0]!.message).toBe('"weather" has a level that no series\' training rows hold, only later rows: "snow" (6 rows, in store = a; store = b); it enters as none of its levels (all zeros), as the network never learned it')
    // Setup's check, from the cuts it draws, says what the run says
    const check = (ds: Dataset, at: number) => categoryInputsCheck(summariseCategories(ds, cfgOf(ds), 'date', seriesRows(ds, ['store'])), [0, 1].map((index) => ({ index, trainUntil: at })))
    expect(check(changed, h.cuts!.valStart)).toEqual({ static: [], notices: unseen })
    expect(check(base, g.cuts!.valStart)).toEqual({ static: ['region'], notices: [] })
    const p = h.parts[1]!
    const wb = p.prep.fitted.inputs.find((b) => b.column === 'weather')!
    const snowRow = Array.from(p.prep.time!).findIndex((t) => t === Date.parse(day(45)))
    expect(Array.from(h.inputs.subarray((p.offset + snowRow) * h.D + wb.offset, (p.offset + snowRow) * h.D + wb.offset + wb.size))).toEqual([0, 0])
  })

  it('cuts the pooled time axis once: every series changes split at the same dates', async () => {
    const ds = await load(longCsv())
    const g = prepareGlobal(ds, config(ds), ['store'])
    // 60 distinct days: validation from day floor(60 * 0.7) = 42, test from floor(60 * 0.85) = 51
    expect(new Date(g.cuts!.valStart).toISOString().slice(0, 10)).toBe(day(42))
    expect(new Date(g.cuts!.testStart).toISOString().slice(0, 10)).toBe(day(51))
    expect(g.parts.map((p) => p.label)).toEqual(['store = a', 'store = b'])
    for (const p of g.parts) {
      const t = p.prep.time!
      const { train, val, test } = p.prep.splits
      expect(t[train.end - 1]).toBeLessThan(g.cuts!.valStart)
      expect(t[val.start]).toBe(g.cuts!.valStart)
      expect(t[val.end - 1]).toBeLessThan(g.cuts!.testStart)
      expect(t[test.start]).toBe(g.cuts!.testStart)
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
    // c starts on day 52, after the validation cut (day 42): the reason says so, not "too short"
    expect(g.skipped[0].reason).toBe(`starts on ${day(52)}, after the validation cut date ${day(42)}: no training rows at the shared cut dates (column "sales" has no values in the training rows)`)
    expect(g.notices.find((n) => n.code === 'short-series')?.message).toBe(`1 series skipped (1 start after the validation cut date ${day(42)}): store = c (8 rows)`)
    expect(() => prepareGlobal(ds, config(ds), ['store'], 'refuse')).toThrow(/series store = c \(8 rows, first on line 122\): starts on 2020-02-22, after the validation cut date 2020-02-12: no training rows at the shared cut dates \(column "sales" has no values in the training rows\)/)
    // c is short on its own rows too (8 rows, a window needs 7 in training): 'auto' keeps the dates
    expect(g.cutMode).toBe('dates')
    expect(g.notices.some((n) => n.code === 'split-per-series')).toBe(false)
  })

  it('says a series whose target is empty in every row is skipped for that, not as too short for the cut dates', async () => {
    // d spans the same 60 days as a and b, with no sales value at all
    const rows = longCsv().trimEnd().split('\n').filter((r) => !r.startsWith('c,'))
    for (let i = 0; i < 60; i++) rows.push(`d,${day(i)},`)
    const ds = await load(rows.join('\n') + '\n')
    const g = prepareGlobal(ds, config(ds), ['store'])
    expect(g.skipped).toEqual([{ key: ['d'], label: 'store = d', rows: 60, reason: 'column "sales" has no value in any of its 60 rows' }])
    expect(g.notices.find((n) => n.code === 'short-series')?.message).toBe('1 series skipped (1 with no value of "sales"): store = d (60 rows, none with a value of "sales")')
    expect(() => prepareGlobal(ds, config(ds), ['store'], 'refuse')).toThrow(/series store = d \(60 rows, first on line 122\): column "sales" has no value in any of its 60 rows/)
    // beside a series too short for the cut dates, each is counted under its own reason
    const both = await load(longCsv() + Array.from({ length: 60 }, (_, i) => `d,${day(i)},`).join('\n') + '\n')
    expect(prepareGlobal(both, config(both), ['store']).notices.find((n) => n.code === 'short-series')?.message).toBe(`2 series skipped (1 start after the validation cut date ${day(42)}, 1 with no value of "sales"): store = c (8 rows); store = d (60 rows, none with a value of "sales")`)
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

  it('refuses business days beside calendar days (both step by one day), and takes business days alone', async () => {
    // day(0) is Wednesday 2020-01-01; the weekdays among the first 120 days
    const weekdays = Array.from({ length: 120 }, (_, i) => i).filter((i) => new Date(Date.UTC(2020, 0, 1) + i * 864e5).getUTCDay() % 6 !== 0)
    const rows = ['store,date,sales']
    for (let i = 0; i < 120; i++) rows.push(`a,${day(i)},${value('a', i)}`)
    for (const i of weekdays) rows.push(`b,${day(i)},${value('b', i)}`)
    const ds = await load(rows.join('\n') + '\n')
    expect(() => prepareGlobal(ds, config(ds), ['store'])).toThrow('series store = b (first on line 122) has a row every weekday (none at weekends), series store = a every 1 d; one global model needs one frequency')
    const both = ['store,date,sales', ...['b', 'c'].flatMap((st) => weekdays.map((i) => `${st},${day(i)},${value('b', i)}`))]
    const bd = await load(both.join('\n') + '\n')
    expect(prepareGlobal(bd, config(bd), ['store']).parts).toHaveLength(2)
  })

  it('cuts a fraction split on distinct times, not rows', () => {
    const t = Float64Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9])
    expect(pooledCuts(t, { by: 'fraction', train: 0.6, val: 0.2, gap: 0 })).toEqual({ valStart: 6, testStart: 8 })
  })
})

// Series spanning different periods (issue 13's long files: one series ends years before another):
// a and b over days 0-89, early over days 0-49 only. The pooled axis has 90 days: validation from
// day 62 (floor(90 * 0.7) in floating point), test from day 76: early ends before the test cut.
function staggeredCsv(edit: (s: string, i: number, v: number) => number = (_s, _i, v) => v): string {
  const rows = ['store,date,sales']
  for (const s of ['a', 'b', 'early']) for (let i = 0; i < (s === 'early' ? 50 : 90); i++) rows.push(`${s},${day(i)},${edit(s, i, s === 'early' ? 40 + 5 * Math.cos(i / 2) + 0.2 * i : value(s, i))}`)
  return rows.join('\n') + '\n'
}

describe('prepareGlobal cuts: shared dates or per series', () => {
  it("'dates' skips a series that ends before the test cut date, and says that, not \"too short\"", async () => {
    const ds = await load(staggeredCsv())
    const g = prepareGlobal(ds, config(ds), ['store'], 'skip', false, { cuts: 'dates' })
    expect(g.cutMode).toBe('dates')
    expect(new Date(g.cuts!.testStart).toISOString().slice(0, 10)).toBe(day(76))
    expect(g.parts.map((p) => p.label)).toEqual(['store = a', 'store = b'])
    expect(g.skipped).toHaveLength(1)
    expect(g.skipped[0].reason).toMatch(new RegExp(`^ends on ${day(49)}, before the test cut date ${day(76)}: no test rows at the shared cut dates \\(`))
    expect(g.notices.find((n) => n.code === 'short-series')?.message).toBe(`1 series skipped (1 end before the test cut date ${day(76)}): store = early (50 rows)`)
  })

  it("'series' gives every series its own split, the one a single-series run of it makes: each has test windows", async () => {
    const ds = await load(staggeredCsv())
    const g = prepareGlobal(ds, config(ds), ['store'], 'skip', false, { cuts: 'series' })
    expect(g.cutMode).toBe('series')
    expect(g.cuts).toBeNull()
    expect(g.skipped).toEqual([])
    expect(g.parts.map((p) => p.label)).toEqual(['store = a', 'store = b', 'store = early'])
    const rows = seriesRows(ds, ['store'])
    for (const [j, p] of g.parts.entries()) {
      expect(g.windowCounts.test[j]).toBeGreaterThan(0)
      // the same split and fitted scalers as the series prepared on its own with the same config
      const alone = preparePipeline({ ...selectRows(ds, rows[j].rows), notices: [] }, { ...config(ds), time: { ...config(ds).time, series: { columns: [], values: [] } } })
      expect(p.prep.splits).toEqual(alone.splits)
      expect(p.prep.fitted).toEqual(alone.fitted)
    }
    // early: 50 rows cut at floor(50 * 0.7) = 35 and floor(50 * 0.85) = 42
    const early = g.parts[2].prep
    expect([early.splits.val.start, early.splits.test.start]).toEqual([35, 42])
    expect(early.time![early.splits.test.start]).toBe(Date.parse(day(42)))
  })

  it("'auto' takes the shared dates when the spans align, per-series cuts when they do not, saying so and why", async () => {
    const aligned = await load(longCsv().split('\n').filter((l) => !l.startsWith('c,')).join('\n'))
    const a = prepareGlobal(aligned, config(aligned), ['store'])
    expect(a.cutMode).toBe('dates')
    expect(a.cuts).not.toBeNull()
    expect(a.notices.map((n) => n.code)).not.toContain('split-per-series')
    const ds = await load(staggeredCsv())
    const g = prepareGlobal(ds, config(ds), ['store'])
    expect(g.cutMode).toBe('series')
    expect(g.cuts).toBeNull()
    expect(g.skipped).toEqual([])
    expect(g.parts).toHaveLength(3)
    expect(g.notices.find((n) => n.code === 'split-per-series')?.message).toBe(
      `the series span different periods (their last rows run from ${day(49)} to ${day(89)}): the same cut dates for all (validation from ${day(62)}, test from ${day(76)}) would skip 1 of 3 series that their own split keeps (1 end before the test cut date ${day(76)}), so each series is split on its own rows (70 % training, 15 % validation, the rest test, as a single-series run splits it); cuts 'dates' (--cuts dates) keeps the shared dates and skips them`
    )
    // all ending on the same day, the starts differ: the starts are said, not 'from d to d' of the
    // ends (exploratory pass 15, finding 10)
    const lateRows = ['store,date,sales']
    for (const st of ['a', 'b', 'c']) for (let i = st === 'c' ? 88 : 0; i < 120; i++) lateRows.push(`${st},${day(i)},${value(st, i)}`)
    const late = await load(lateRows.join('\n') + '\n')
    const l = prepareGlobal(late, config(late), ['store'])
    expect(l.cutMode).toBe('series')
    expect(l.notices.find((n) => n.code === 'split-per-series')?.message).toMatch(new RegExp(`^the series span different periods \\(their first rows run from ${day(0)} to ${day(88)}\\): `))
    // the same parts as 'series' asked for
    const s = prepareGlobal(ds, config(ds), ['store'], 'skip', false, { cuts: 'series' })
    expect(g.parts.map((p) => p.prep.splits)).toEqual(s.parts.map((p) => p.prep.splits))
  })

  it("per-series cuts fit each series' scalers on its own training rows: its validation and test values change none of them", async () => {
    const ds = await load(staggeredCsv())
    const g = prepareGlobal(ds, config(ds), ['store'], 'skip', false, { cuts: 'series' })
    // early's validation and test rows are 35-49 (a and b's: 62-89)
    const changed = await load(staggeredCsv((s, i, v) => ((s === 'early' && i >= 35) || (s !== 'early' && i >= 62) ? v * 50 + 7 : v)))
    const h = prepareGlobal(changed, config(changed), ['store'], 'skip', false, { cuts: 'series' })
    for (const j of [0, 1, 2]) expect(h.parts[j].prep.fitted).toEqual(g.parts[j].prep.fitted)
    // a training row of early does change its scaler (the check above can fail)
    const early = await load(staggeredCsv((s, i, v) => (s === 'early' && i === 34 ? v + 300 : v)))
    const e = prepareGlobal(early, config(early), ['store'], 'skip', false, { cuts: 'series' })
    expect(e.parts[2].prep.fitted.scalers['sales']).not.toEqual(g.parts[2].prep.fitted.scalers['sales'])
    expect(e.parts[0].prep.fitted).toEqual(g.parts[0].prep.fitted)
  })

  it('refuses per-series cuts with a split by date: those dates cut every series', async () => {
    const ds = await load(staggeredCsv())
    const cfg = config(ds, { split: { by: 'date', valStart: day(62), testStart: day(76), gap: 0 } })
    expect(() => prepareGlobal(ds, cfg, ['store'], 'skip', false, { cuts: 'series' })).toThrow(/per-series cuts split each series by the split's fractions/)
    expect(prepareGlobal(ds, cfg, ['store']).cutMode).toBe('dates')
  })
})


describe('per-series notes in the app', () => {
  // exploratory pass 15, finding 2: a series' note with the app's own words lost its series name
  // there (the CLI's message was prefixed, the app's passed through as it was)
  it('name their series in both wordings', async () => {
    const ds = await load(longCsv((s, i, v) => (s === 'b' ? i % 2 : v)))
    const g = prepareGlobal(ds, config(ds), ['store'])
    const note = g.notices.find((n) => n.code === 'zero-one-regression')!
    expect(note.message).toMatch(/^series store = b: "sales" holds only 0 and 1: .* train with --task classification$/)
    expect(note.app).toMatch(/^series store = b: "sales" holds only 0 and 1: .* choose Classification as the Task in Setup$/)
  })
})

describe('prepareGlobal: classification (classes pooled over every series\' training rows)', () => {
  const cls = (ds: Dataset, target: string, rule?: string) =>
    defaultConfig(ds, target, { features: [], task: { kind: 'classification', rule: rule ?? null }, window: { lookback: 5, horizon: 1, stride: 1, mode: 'final' } })
  const rain = (of: (s: string, i: number) => string, days = 60) => {
    const rows = ['store,date,rain']
    for (const s of ['a', 'b', 'c']) for (let i = 0; i < days; i++) rows.push(`${s},${day(i)},${of(s, i)}`)
    return load(rows.join('\n') + '\n')
  }

  it('gives every series the same classes, in the column\'s order, though one series\' training rows hold one class; its class indices read them', async () => {
    // c is dry on every row; a alone has snow (in its training rows)
    const ds = await rain((s, i) => (s === 'c' ? 'dry' : i % 3 === 0 ? 'wet' : s === 'a' && i % 7 === 0 && i < 30 ? 'snow' : 'dry'))
    const g = prepareGlobal(ds, cls(ds, 'rain'), ['store'])
    expect(g.parts.map((p) => p.label)).toEqual(['store = a', 'store = b', 'store = c'])
    for (const p of g.parts) expect(p.prep.fitted.target).toMatchObject({ kind: 'classification', classes: ['wet', 'dry', 'snow'] })
    expect(g.target).toBeInstanceOf(Int32Array)
    // c's dry is class 1 of the pooled three, not class 0 of its own one
    const c = g.parts[2]!
    expect(Array.from(g.target.subarray(c.offset, c.offset + c.prep.N)).every((k) => k === 1)).toBe(true)
    const note = g.notices.find((n) => n.code === 'absent-classes')!
    expect(note.message).toBe('some series hold no training row of a class of "rain": "snow" (2 of 3 series: store = b; store = c), "wet" (1 of 3 series: store = c); the network learns them from the other series\' rows, and those series\' baselines only know their own')
  })

  it('says a class that only later rows hold, which is neither trained on nor scored', async () => {
    const ds = await rain((s, i) => (s === 'b' && i >= 55 ? 'hail' : i % 3 === 0 ? 'wet' : 'dry'))
    const g = prepareGlobal(ds, cls(ds, 'rain'), ['store'])
    expect(g.parts[0]!.prep.fitted.target).toMatchObject({ classes: ['wet', 'dry'] })
    expect(g.notices.find((n) => n.code === 'unseen-classes')?.message).toBe('"rain" has a class that no series\' training rows hold, only later rows: "hail" (5 rows, in store = b); those rows are neither trained on nor scored, as the network never learned it')
    const b = g.parts[1]!
    expect(Number.isNaN(b.prep.targetRaw[57]!)).toBe(true)
  })

  it('refuses one class on every training row of every series, naming the file; a rule true in one series only trains', async () => {
    const dry = await rain(() => 'dry')
    expect(() => prepareGlobal(dry, cls(dry, 'rain'), ['store'])).toThrow('"rain" is "dry" on every training row of every series of stores.csv: a classifier needs rows of at least two classes')
    const mm = await rain((s, i) => String(s === 'a' ? i % 4 : 0))
    expect(() => prepareGlobal(mm, cls(mm, 'rain', 'rain > 5'), ['store'])).toThrow('the rule "rain > 5" is false on every training row of every series of stores.csv: a classifier needs rows of both classes; change the threshold')
    const g = prepareGlobal(mm, cls(mm, 'rain', 'rain > 2'), ['store'])
    expect(g.parts.map((p) => p.prep.fitted.target)).toMatchObject([{ classes: ['false', 'true'] }, { classes: ['false', 'true'] }, { classes: ['false', 'true'] }])
    expect(g.notices.find((n) => n.code === 'absent-classes')?.message).toMatch(/^some series hold no training row of a class of "rain": "true" \(2 of 3 series: store = b; store = c\)/)
  })
})
