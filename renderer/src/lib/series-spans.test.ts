// Setup's all-series split (issue 13): the series' times gathered in steps, and each series cut as a
// global run would cut it. The cuts, the mode 'auto' resolves to, the series skipped and why, and
// every kept series' split rows are checked against core/data/global.ts prepareGlobal itself.
import { describe, expect, it } from 'vitest'
import { defaultConfig, type PipelineConfig } from '../../../core/data/config'
import { prepareGlobal, type GlobalCuts } from '../../../core/data/global'
import { importCsv } from '../../../core/data/import'
import type { Dataset } from '../../../core/data/types'
import { groupSeries } from './series-groups'
import { cutSeries, cutSeriesSteps, ENDS_BEFORE, KEPT, mostlyIrregularSeriesSteps, NO_VALUE, rowsWork, runSpansSteps, seriesSpansSteps, STARTS_AFTER, TOO_SHORT, type CutOptions, type SeriesCuts, type SeriesSpans } from './series-spans'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
/** Series of different spans over 100 days (first day, days): full, full, ends early, starts late,
 *  the last 12 days, 4 days, from day 20, days 66-89 (4 training rows at the shared dates), and
 *  days 70-99 (with per-step windows, its own split has to shrink); 'late' written out of time order. */
const SPANS: [string, number, number][] = [['full', 0, 100], ['twin', 0, 100], ['early', 0, 60], ['late', 72, 28], ['last12', 88, 12], ['tiny', 50, 4], ['mid', 20, 80], ['thin', 66, 24], ['m30', 70, 30]]
async function fixture(): Promise<Dataset> {
  const rows = ['store,date,sales']
  for (const [s, from, n] of SPANS) {
    const days = Array.from({ length: n }, (_, i) => from + i)
    if (s === 'late') days.reverse()
    for (const d of days) rows.push(`${s},${day(d)},${(10 + (d % 7) + 0.1 * d).toFixed(2)}`)
  }
  return importCsv(rows.join('\n') + '\n', { fileName: 'stores.csv', series: ['store'] })
}
function spansOf(ds: Dataset, chunk?: number): { spans: SeriesSpans; steps: number } {
  const gen = seriesSpansSteps(ds, groupSeries(ds, ['store']), 'date', chunk)
  for (let steps = 0; ; steps++) {
    const r = gen.next()
    if (r.done) return { spans: r.value, steps }
  }
}
const options = (cuts: GlobalCuts, train = 0.7, val = 0.15, mode: 'final' | 'per-step' = 'final'): CutOptions => ({ split: { train, val, gap: 0 }, window: { lookback: 5, horizon: 2, stride: 1, mode }, cuts })
const core = (ds: Dataset, o: CutOptions) => {
  const cfg: PipelineConfig = defaultConfig(ds, 'sales', { features: [], level: 'window', window: o.window, split: { by: 'fraction', ...o.split } })
  return prepareGlobal(ds, cfg, ['store'], 'skip', false, { cuts: o.cuts, shrink: true })
}
const label = (spans: SeriesSpans, g: number) => `store = ${spans.keys[g]!.join()}`

describe('seriesSpansSteps', () => {
  it("takes a step per rowsWork chunk of rows at least: the rule the e2e suite checks of Setup's steps", async () => {
    const ds = await fixture()
    const groups = groupSeries(ds, ['store'])
    const rows = SPANS.reduce((a, [, , n]) => a + n, 0)
    for (const chunk of [1, 30, 100, 250]) {
      const work = rowsWork('series times', groups, chunk)
      expect(work).toEqual({ name: 'series times', units: rows, chunk: chunk - 1 + 100 }) // the longest series: 100 rows
      const { steps } = spansOf(ds, chunk)
      expect(steps + 1, `chunk ${chunk}`).toBeGreaterThanOrEqual(Math.ceil(work.units / work.chunk)) // (+1: the step that returns)
    }
    // all in one step (no chunking) breaks it
    expect(spansOf(ds, Infinity).steps + 1).toBeLessThan(Math.ceil(rows / rowsWork('series times', groups, 30).chunk))
  })

  it('gathers each series\' times sorted, the pooled axis and the order by start, in steps', async () => {
    const ds = await fixture()
    const { spans, steps } = spansOf(ds, 50)
    expect(steps).toBeGreaterThan(3)
    expect(spans.keys.map((k) => k[0])).toEqual(SPANS.map((s) => s[0]))
    const late = spans.times.subarray(spans.starts[3]!, spans.starts[4]!)
    expect(late.length).toBe(28)
    expect(Array.from(late)).toEqual(Array.from(late).sort((a, b) => a - b))
    expect(spans.axis.length).toBe(100)
    expect(spans.axis[0]).toBe(Date.parse(day(0)))
    // by first day, then last: full, twin and early start on day 0 (early ends first), then mid, tiny, thin, m30, late, last12
    expect(Array.from(spans.byStart, (g) => spans.keys[g]![0])).toEqual(['early', 'full', 'twin', 'mid', 'tiny', 'thin', 'm30', 'late', 'last12'])
  })
})

describe('mostlyIrregularSeriesSteps', () => {
  it('judges the series a few at a time (a million times took 464 ms in one task) and names those most of whose steps are off', () => {
    const day = (i: number) => Date.UTC(2020, 0, 1) + i * 864e5
    // series 0 and 2 step 1, 2 and 3 days in turn (26 of 39 off the usual 2 days); 1 and 3 daily
    const series = [0, 1, 2, 3].map((g) => {
      let t = day(0)
      return Float64Array.from({ length: 40 }, (_, i) => (g % 2 ? day(i) : (t += i ? (1 + (i % 3)) * 864e5 : 0)))
    })
    const spans = { keys: [['a'], ['b'], ['c'], ['d']], series } as unknown as SeriesSpans
    const steps = mostlyIrregularSeriesSteps(spans, ['shop'], 80)
    let yields = 0
    let r = steps.next()
    for (; !r.done; r = steps.next()) yields++
    expect(yields).toBe(2) // after every 80 times: series 0-1, then 2-3
    expect(r.value).toMatch(/^in 2 series: shop = a and shop = c, most time steps \(67 %\) differ from the usual step of 2 days: /)
  })
})

describe('cutSeries agrees with core/data/global.ts prepareGlobal', () => {
  const cases = [['dates', 0.7, 0.15, 'final'], ['series', 0.7, 0.15, 'final'], ['auto', 0.7, 0.15, 'final'], ['dates', 0.5, 0.2, 'final'], ['auto', 0.5, 0.3, 'final'], ['series', 0.7, 0.15, 'per-step'], ['auto', 0.7, 0.15, 'per-step']] as const
  for (const [cuts, train, val, mode] of cases) {
    it(`cuts ${cuts} at ${train} / ${val}, ${mode} windows`, async () => {
      const ds = await fixture()
      const { spans } = spansOf(ds)
      const o = options(cuts, train, val, mode)
      const mine = cutSeries(spans, o) as SeriesCuts
      const theirs = core(ds, o)
      expect(mine.mode).toBe(theirs.cutMode)
      expect(mine.cuts).toEqual(theirs.cuts)
      const skipped = spans.keys.flatMap((_, g) => (mine.status[g] === KEPT ? [] : [label(spans, g)]))
      expect(skipped).toEqual(theirs.skipped.map((s) => s.label))
      expect(mine.counts.kept).toBe(theirs.parts.length)
      // the reasons, in core's words
      for (const s of theirs.skipped) {
        const g = spans.keys.findIndex((_, k) => label(spans, k) === s.label)
        const why = mine.status[g] === ENDS_BEFORE ? /^ends on .* before the test cut date/ : mine.status[g] === STARTS_AFTER ? /^starts on .* after the validation cut date/ : /^(?!ends on|starts on)/
        expect(s.reason).toMatch(why)
      }
      for (const p of theirs.parts) {
        const g = spans.keys.findIndex((_, k) => label(spans, k) === p.label)
        const { train: tr, val: va, test: te } = p.prep.splits
        expect([mine.trainEnd[g], mine.valStart[g], mine.valEnd[g], mine.testStart[g]]).toEqual([tr.end, va.start, va.end, te.start])
      }
    })
  }

  it('the fixture covers every outcome: shared dates skip early, late, last12, tiny and thin; own rows keep all but tiny', async () => {
    const ds = await fixture()
    const { spans } = spansOf(ds)
    const dates = cutSeries(spans, options('dates')) as SeriesCuts
    expect(Array.from(dates.status)).toEqual([KEPT, KEPT, ENDS_BEFORE, STARTS_AFTER, STARTS_AFTER, ENDS_BEFORE, KEPT, TOO_SHORT, STARTS_AFTER])
    expect(dates.counts).toEqual({ kept: 3, endsBefore: 2, startsAfter: 3, short: 1, empty: new Map() })
    const series = cutSeries(spans, options('series')) as SeriesCuts
    expect(series.cuts).toBeNull()
    expect(Array.from(series.status)).toEqual([KEPT, KEPT, KEPT, KEPT, KEPT, TOO_SHORT, KEPT, KEPT, KEPT])
    const auto = cutSeries(spans, options('auto')) as SeriesCuts
    expect([auto.mode, auto.rescued]).toEqual(['series', 5])
    // the boundaries move the cuts: a later validation start
    // per-step windows: m30 keeps its own 70 % split (21 training rows of 30) as final-only windows
    // do, a validation or test window needing only its last (scored) target there (splitWindow)
    const perStep = cutSeries(spans, options('series', 0.7, 0.15, 'per-step')) as SeriesCuts
    expect(perStep.status[8]).toBe(KEPT)
    expect([perStep.trainEnd[8], perStep.valStart[8]]).toEqual([21, 21])
    const later = cutSeries(spans, options('dates', 0.8, 0.1)) as SeriesCuts
    expect(later.cuts!.valStart).toBe(Date.parse(day(80)))
  })

  it('cutSeriesSteps cuts as much, a few series a step (Setup cuts a dragged boundary so, not 1,000 series in one task)', async () => {
    const { spans } = spansOf(await fixture())
    for (const o of [options('dates'), options('series'), options('auto'), options('auto', 0.5, 0.3)]) {
      const steps = cutSeriesSteps(spans, o, 2)
      let n = 0
      let r = steps.next()
      for (; !r.done; r = steps.next()) n++
      expect(r.value).toEqual(cutSeries(spans, o))
      // 9 series: at least two passes over them (each cut, then each drawn) in steps of 2
      expect(n).toBeGreaterThanOrEqual(8)
    }
  })

  it('says why a run would refuse: a pooled axis too short to cut', async () => {
    const rows = ['store,date,sales', `a,${day(0)},1`, `b,${day(1)},2`, `a,${day(2)},3`]
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'tiny.csv', series: ['store'] })
    const r = cutSeries(spansOf(ds).spans, options('dates'))
    expect(r).toEqual({ error: expect.stringMatching(/the pooled time axis has 3 distinct times, too few/) })
    expect(() => core(ds, options('dates'))).toThrow(/the pooled time axis has 3 distinct times/)
  })
})

describe('the lanes cut the rows a global run has, not the file\'s', () => {
  /** 100 days of five stores: full; dup, days 0-7 each written twice; gaps, every other day absent
   *  from day 70; blank, sales blank on every other day from day 70; late, days 30-99 (and none,
   *  every sales blank, where asked). */
  async function messy(none = false): Promise<Dataset> {
    const rows = ['store,date,sales']
    // none: 100 days whose sales are all blank
    if (none) for (let d = 0; d < 100; d++) rows.push(`none,${day(d)},`)
    const y = (d: number) => (10 + (d % 7) + 0.1 * d).toFixed(2)
    for (let d = 0; d < 100; d++) rows.push(`full,${day(d)},${y(d)}`)
    for (let d = 0; d < 8; d++) rows.push(`dup,${day(d)},${y(d)}`, `dup,${day(d)},${y(d + 1)}`)
    for (let d = 0; d < 100; d++) if (d < 70 || d % 2 === 0) rows.push(`gaps,${day(d)},${y(d)}`)
    for (let d = 0; d < 100; d++) rows.push(`blank,${day(d)},${d >= 70 && d % 2 === 0 ? '' : y(d)}`)
    for (let d = 30; d < 100; d++) rows.push(`late,${day(d)},${y(d)}`)
    return importCsv(rows.join('\n') + '\n', { fileName: 'messy.csv', series: ['store'] })
  }
  const grid: PipelineConfig['time']['resample'] = { freq: { unit: 'day', every: 1 }, agg: 'mean' }
  const configOf = (ds: Dataset, o: CutOptions): PipelineConfig =>
    defaultConfig(ds, 'sales', { features: [], level: 'window', window: o.window, split: { by: 'fraction', ...o.split }, time: { column: 'date', duplicates: 'mean', resample: grid } })
  const runSpans = (ds: Dataset, cfg: PipelineConfig): SeriesSpans => {
    const gen = runSpansSteps(spansOf(ds).spans, ds, groupSeries(ds, ['store']), ['store'], cfg, 40)
    for (;;) {
      const r = gen.next()
      if (r.done) return r.value as SeriesSpans
    }
  }

  for (const cuts of ['series', 'dates', 'auto'] as const)
    it(`keeps and skips the series prepareGlobal keeps and skips (cuts ${cuts}): repeated times merged, on the grid, missing targets`, async () => {
      const ds = await messy()
      // a direct horizon of 2: no two known targets in a row where every other day is blank or put back
      const o: CutOptions = { split: { train: 0.7, val: 0.15, gap: 0 }, window: { lookback: 5, horizon: 2, stride: 1, mode: 'final', targets: 'all' }, cuts }
      const cfg = configOf(ds, o)
      const spans = runSpans(ds, cfg)
      const mine = cutSeries(spans, o) as SeriesCuts
      const theirs = prepareGlobal(ds, cfg, ['store'], 'skip', false, { cuts, shrink: true })
      expect(mine.mode).toBe(theirs.cutMode)
      const skipped = spans.keys.flatMap((_, g) => (mine.status[g] === KEPT ? [] : [label(spans, g)]))
      expect(skipped).toEqual(theirs.skipped.map((s) => s.label))
      expect(skipped).toEqual(expect.arrayContaining(['store = gaps', 'store = blank', 'store = dup']))
      for (const p of theirs.parts) {
        const g = spans.keys.findIndex((_, k) => label(spans, k) === p.label)
        const { train: tr, val: va, test: te } = p.prep.splits
        expect([mine.trainEnd[g], mine.valStart[g], mine.valEnd[g], mine.testStart[g], spans.series[g]!.length]).toEqual([tr.end, va.start, va.end, te.start, p.prep.N])
      }
    })

  it('says the run\'s refusal of a series\' rows, naming the series', async () => {
    const ds = await messy()
    const o = options('series')
    const cfg = { ...configOf(ds, o), time: { column: 'date', duplicates: 'error' as const, resample: null } }
    const gen = runSpansSteps(spansOf(ds).spans, ds, groupSeries(ds, ['store']), ['store'], cfg)
    let r = gen.next()
    while (!r.done) r = gen.next()
    expect(r.value).toEqual({ error: expect.stringMatching(/^series store = dup \(16 rows, first on line 102\): 8 rows repeat an earlier timestamp/) })
    expect(() => prepareGlobal(ds, cfg, ['store'], 'skip', false, { cuts: 'series', shrink: true })).toThrow(/series store = dup \(16 rows, first on line 102\): .*8 rows repeat an earlier timestamp/)
  })

  for (const cuts of ['series', 'dates'] as const)
    it(`counts and names a series with no target value as prepareGlobal does, not as too short (cuts ${cuts})`, async () => {
      const ds = await messy(true)
      const o: CutOptions = { split: { train: 0.7, val: 0.15, gap: 0 }, window: { lookback: 5, horizon: 2, stride: 1, mode: 'final', targets: 'all' }, cuts }
      const cfg = configOf(ds, o)
      const spans = runSpans(ds, cfg)
      const mine = cutSeries(spans, o) as SeriesCuts
      const theirs = prepareGlobal(ds, cfg, ['store'], 'skip', false, { cuts, shrink: true })
      const g = spans.keys.findIndex((k) => k[0] === 'none')
      expect(mine.status[g]).toBe(NO_VALUE)
      expect(mine.counts.empty).toEqual(new Map([['sales', 1]]))
      expect(theirs.notices.find((n) => n.code === 'short-series')?.message).toMatch(new RegExp(`, 1 with no value of "sales"\\): .*store = none \\(100 rows, none with a value of "sales"\\)`))
      // the other skipped series are too short, as the run counts them
      expect(theirs.notices.find((n) => n.code === 'short-series')?.message).toMatch(new RegExp(`[ (]${mine.counts.short} too short for`))
      expect(mine.counts.kept).toBe(theirs.parts.length)
    })
})

