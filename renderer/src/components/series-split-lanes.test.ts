// @vitest-environment happy-dom
// Setup's split over all series (issue 13): one lane per series on a canvas, each coloured where a
// global run would cut it and greyed where the cuts skip it; a summary in words (also the canvas's
// label) that follows the boundaries and the cuts mode; the boundaries' keys as on one series.
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { importCsv } from '../../../core/data/import'
import type { Dataset } from '../../../core/data/types'
import { defaultConfig, type PipelineConfig } from '../../../core/data/config'
import type { CutOptions } from '../lib/series-spans'
import SeriesSplitLanes from './SeriesSplitLanes.vue'

/** Each series' split as core/data/windows computes it, counted (the work of a cut: a call per
 *  series and pass). */
const splitsCut = vi.hoisted(() => ({ n: 0 }))
vi.mock('../../../core/data/windows', async (original) => {
  const m = await original<typeof import('../../../core/data/windows')>()
  return { ...m, computeSplits: (...a: Parameters<typeof m.computeSplits>) => (splitsCut.n++, m.computeSplits(...a)) }
})

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
/** Five stores over 100 days: a, b and c all of it, d only the first 60 days, e the last 20. */
async function stores(offset = ''): Promise<Dataset> {
  const rows = ['store,date,sales']
  for (const [s, from, n] of [['a', 0, 100], ['b', 0, 100], ['c', 0, 100], ['d', 0, 60], ['e', 80, 20]] as const)
    for (let i = from; i < from + n; i++) rows.push(`${s},${day(i)}${offset},${10 + (i % 7)}`)
  return importCsv(rows.join('\n') + '\n', { fileName: 'stores.csv', series: ['store'] })
}

/** A 2D context that records each fillRect with the fill style and compositing it was drawn in. */
let rects: { style: string; x: number; y: number; w: number; h: number; op: string }[] = []
beforeEach(() => {
  rects = []
  let style = ''
  const ctx = {
    set fillStyle(v: string) {
      style = v
    },
    get fillStyle() {
      return style
    },
    globalAlpha: 1,
    globalCompositeOperation: 'source-over',
    clearRect: () => (rects = []),
    fillRect: (x: number, y: number, w: number, h: number) => rects.push({ style, x, y, w, h, op: ctx.globalCompositeOperation }),
    strokeStyle: '',
    beginPath: () => {},
    moveTo: () => {},
    lineTo: () => {},
    stroke: () => {},
    createPattern: () => null
  }
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ctx as unknown as CanvasRenderingContext2D)
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => setTimeout(() => f(0)) as unknown as number)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

async function settle(): Promise<void> {
  for (let k = 0; k < 6; k++) {
    await new Promise((r) => setTimeout(r))
    await flushPromises()
  }
}
async function lanes(props: Partial<{ train: number; val: number; cuts: 'auto' | 'dates' | 'series'; inputs: { features: string[]; target: string }; window: CutOptions['window']; config: PipelineConfig; dates: { valStart: string; testStart: string } }> = {}, dataset?: Dataset) {
  const w = mount(SeriesSplitLanes, {
    props: { dataset: dataset ?? (await stores()), columns: ['store'], timeColumn: 'date', train: 0.7, val: 0.15, gap: 0, window: { lookback: 5, horizon: 1, stride: 1, mode: 'final' as const } as CutOptions['window'], cuts: 'dates' as const, short: 'skip' as const, ...props }
  })
  await settle()
  return w
}
const summary = (w: Awaited<ReturnType<typeof lanes>>) => w.get('[data-testid="split-lanes-summary"]').text()

it('draws one lane per series, the skipped ones greyed, and says what the shared dates skip', async () => {
  const w = await lanes()
  expect(summary(w)).toBe('Every series cut at the same dates: validation from 2021-03-12, test from 2021-03-27. 3 of 5 series kept; 1 ends before the test cut, 1 starts after the validation cut: they would be skipped.')
  const canvas = w.get('[data-testid="split-lanes-canvas"]')
  expect(canvas.attributes('aria-label')).toBe(`Split over all 5 series, one lane each from 2021-01-01 to 2021-04-10. ${summary(w)}`)
  // sorted by first time then last: d (ends first), a, b, c, then e; 5 lanes of 8 px
  const lanesAt = [...new Set(rects.filter((r) => r.style !== '#111').map((r) => r.y))].sort((x, y) => x - y)
  expect(lanesAt).toEqual([0, 8, 16, 24, 32])
  const at = (y: number) => rects.filter((r) => r.y === y && r.style !== '#111').map((r) => r.style)
  expect(at(0)).toEqual(['#888']) // d: greyed (happy-dom has no CSS variables, so the fallbacks)
  expect(at(8)).toEqual(['#2563eb', '#ea580c', '#16a34a']) // a: train, validation, test
  expect(at(32)[0]).toBe('#888') // e
  // the shared cut dates: two lines across every lane, at 70 % and 85 % of the pooled axis
  const lines = rects.filter((r) => r.style === '#111').map((r) => r.x + 1)
  expect(lines).toEqual([700, 850])
})

it('says what a global run makes of its category inputs under the cuts drawn: a region fixed per store, and a level no kept series trains on', async () => {
  // a, b and c over 100 days; b's weather turns "snow" from day 90 only (test rows)
  const rows = ['store,date,sales,region,weather']
  for (const [s, r] of [['a', 'north'], ['b', 'south'], ['c', 'north']] as const)
    for (let i = 0; i < 100; i++) rows.push(`${s},${day(i)},${10 + (i % 7)},${r},${s === 'b' && i >= 90 ? 'snow' : i % 2 ? 'sun' : 'rain'}`)
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'stores.csv', series: ['store'] })
  const lines = (w: Awaited<ReturnType<typeof lanes>>) => w.findAll('[data-testid="split-lanes-categories"]').map((p) => p.text())
  const w = await lanes({ inputs: { features: ['region', 'weather'], target: 'sales' } }, ds)
  expect(lines(w)).toEqual([
    '“region” holds one value per series: an input fixed for each series, its values taken from every series\' training rows, and carried forward past the end.',
    '“weather” has a level that no series\' training rows hold, only later rows: “snow” (10 rows, in store = b); it enters as none of its levels (all zeros), as the network never learned it.'
  ])
  // with the test cut past day 90, snow falls in validation; without category inputs, nothing is said
  await w.setProps({ train: 0.85, val: 0.1 })
  await settle()
  expect(lines(w)[1]).toContain('“snow” (10 rows, in store = b)')
  await w.setProps({ inputs: { features: [], target: 'sales' } })
  expect(lines(w)).toEqual([])
})

it('the summary follows the boundaries and the cuts mode', async () => {
  const w = await lanes()
  await w.setProps({ train: 0.35, val: 0.2 })
  await settle()
  expect(summary(w)).toMatch(/^Every series cut at the same dates: validation from 2021-02-05, test from 2021-02-25\. 4 of 5 series kept; 1 starts after the validation cut: it would be skipped\.$/)
  await w.setProps({ cuts: 'series' })
  await settle()
  expect(summary(w)).toBe('Each series split on its own rows (35 % training, 20 % validation, the rest test). All 5 series have a window in each split.')
  expect(rects.some((r) => r.style === '#888')).toBe(false)
  await w.setProps({ cuts: 'auto', train: 0.7, val: 0.15 })
  await settle()
  expect(summary(w)).toBe('Each series split on its own rows (70 % training, 15 % validation, the rest test). Auto: the same dates for all would skip 2 series that their own split keeps. All 5 series have a window in each split.')
  await w.setProps({ cuts: 'dates' })
  expect(summary(w)).toContain('3 of 5 series kept')
  await w.setProps({ short: 'refuse' })
  expect(summary(w)).toMatch(/the run would be refused\.$/)
})

it('keeps the boundaries\' keys, and names the cut date each one sets', async () => {
  const w = await lanes()
  const h1 = w.get('[data-testid="split-handle-1"]')
  expect(h1.attributes('aria-valuetext')).toBe('70 % (validation from 2021-03-12)')
  expect(w.get('[data-testid="split-handle-2"]').attributes('aria-valuetext')).toBe('85 % (test from 2021-03-27)')
  await h1.trigger('keydown', { key: 'ArrowLeft' })
  expect(w.emitted('update:train')).toEqual([[0.69]])
  expect(w.emitted('update:val')).toEqual([[0.16]])
})

it('past 300 lanes the bitmap stays 300 rows: each lane as thin as its share, added, so a row is the mean of its lanes', async () => {
  const rows = ['store,date,sales']
  for (let k = 0; k < 400; k++) for (let i = 0; i < 40; i++) rows.push(`s${k},${day(i)},${k + (i % 5)}`)
  const w = await lanes({}, await importCsv(rows.join('\n') + '\n', { fileName: 'many.csv', series: ['store'] }))
  // 400 series are cut in steps of a time budget: on a loaded machine more steps than settle's rounds
  await vi.waitFor(() => expect(rects.filter((r) => r.style !== '#111')).toHaveLength(3 * 400), { timeout: 15_000, interval: 20 })
  expect(summary(w)).toContain('All 400 series have a window in each split.')
  // 400 lanes of 2 px would be 800 rows, shown 300 px tall: the bitmap is those 300 rows
  expect(w.get('[data-testid="split-lanes-canvas"]').attributes('height')).toBe('300')
  const lanesDrawn = rects.filter((r) => r.style !== '#111')
  expect(lanesDrawn).toHaveLength(3 * 400) // training, validation and test of each series
  expect(lanesDrawn.every((r) => r.op === 'lighter' && r.h === 0.75)).toBe(true)
  expect([...new Set(lanesDrawn.map((r) => r.y))]).toEqual(Array.from({ length: 400 }, (_, k) => k * 0.75))
  // the cut dates' lines are drawn over them, not added
  const lines = rects.filter((r) => r.style === '#111')
  expect(lines).toHaveLength(2)
  expect(lines.every((r) => r.op === 'source-over' && r.h === 300)).toBe(true)
})

it('a boundary moved over more series than a step cuts is cut in the tasks after the move, only the newest move, and drawn as one cut of it at once', async () => {
  // 400 series of 40 days: 300 the whole of it, 50 that end early, 50 that start late
  const rows = ['store,date,sales']
  for (let k = 0; k < 400; k++) for (let i = k >= 350 ? 25 : 0; i < (k >= 300 && k < 350 ? 20 : 40); i++) rows.push(`s${k},${day(i)},${k + (i % 5)}`)
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'many.csv', series: ['store'] })
  const w = await lanes({}, ds)
  const before = summary(w)
  expect(before).toBe('Every series cut at the same dates: validation from 2021-01-29, test from 2021-02-04. 300 of 400 series kept; 50 end before the test cut, 50 are too short for the cut dates: they would be skipped.')
  // three moves in one task, as a drag's: no series is cut in it (1,000 series cut at each move of a
  // drag made a long task on a loaded machine), and the last cut stays drawn and said
  splitsCut.n = 0
  for (const [train, val] of [[0.6, 0.2], [0.5, 0.3], [0.45, 0.35]]) await w.setProps({ train, val })
  expect(splitsCut.n).toBe(0)
  expect(summary(w)).toBe(before)
  await settle()
  // then the newest move alone: each of the 400 series cut at the shared dates, and the 100 skipped
  // cut again to be drawn (three cuts, one a move: 1,500)
  expect(splitsCut.n).toBe(500)
  const drawn = rects.slice()
  // the same as a cut of it in one go
  const once = await lanes({ train: 0.45, val: 0.35 }, ds)
  expect(summary(w)).toBe(summary(once))
  expect(summary(w)).toBe('Every series cut at the same dates: validation from 2021-01-19, test from 2021-02-02. 300 of 400 series kept; 50 end before the test cut, 50 start after the validation cut: they would be skipped.')
  expect(drawn).toEqual(rects)
})

it('a cut under way runs to its end past a newer move, which is cut after it; unmount aborts it', async () => {
  // 400 series: a cut of a move is five steps of at most 200 series; each step made to pass the
  // budget (the clock runs 10 ms a reading), so it is one step a task
  const rows = ['store,date,sales']
  for (let k = 0; k < 400; k++) for (let i = 0; i < 40; i++) rows.push(`s${k},${day(i)},${k + (i % 5)}`)
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'many.csv', series: ['store'] })
  const w = await lanes({}, ds)
  let clock = 0
  vi.spyOn(performance, 'now').mockImplementation(() => (clock += 10))
  const task = () => new Promise((r) => setTimeout(r))
  // a move, its cut's first step (200 series), then a newer move: the first cut goes on to its end
  // (so a fast drag still redraws the lanes), then the newest position is cut
  splitsCut.n = 0
  await w.setProps({ train: 0.6, val: 0.2 })
  await task()
  expect(splitsCut.n).toBe(200)
  await w.setProps({ train: 0.5, val: 0.3 })
  for (let k = 0; k < 20; k++) await task()
  await flushPromises()
  expect(splitsCut.n).toBe(400 + 400)
  // the newest move is what is drawn: its 400 series cut at the shared dates (none skipped)
  expect(summary(w)).toContain('validation from 2021-01-21, test from 2021-02-02. All 400 series')
  // unmounted after its cut's first step: no further series cut
  await w.setProps({ train: 0.4, val: 0.3 })
  await task()
  expect(splitsCut.n).toBe(800 + 200)
  w.unmount()
  for (let k = 0; k < 20; k++) await task()
  expect(splitsCut.n).toBe(800 + 200)
})

it('cuts each series on the rows the run has, given its config: on its grid, with its missing target values', async () => {
  // a, b and c over 100 days; g without every other day from day 70 on; k with sales blank on those days
  const rows = ['store,date,sales']
  for (const s of ['a', 'b', 'c', 'g', 'k'])
    for (let i = 0; i < 100; i++) {
      const off = i >= 70 && i % 2 === 1
      if (!(s === 'g' && off)) rows.push(`${s},${day(i)},${s === 'k' && off ? '' : 10 + (i % 7)}`)
    }
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'stores.csv', series: ['store'] })
  // a direct horizon of 2: no window with both targets known where every other day is empty
  const window: CutOptions['window'] = { lookback: 5, horizon: 2, stride: 1, mode: 'final', targets: 'all' }
  const config = defaultConfig(ds, 'sales', { features: [], window, time: { column: 'date', duplicates: 'mean', resample: { freq: { unit: 'day', every: 1 }, agg: 'mean' } } })
  const w = await lanes({ cuts: 'series', window, config }, ds)
  expect(summary(w)).toBe('Each series split on its own rows (70 % training, 15 % validation, the rest test). 3 of 5 series kept; 2 are too short for a window in each split: they would be skipped.')
  // off the grid, g's rows are its own, every target known: only k is skipped
  await w.setProps({ config: { ...config, time: { ...config.time, resample: null } } })
  await settle()
  expect(summary(w)).toContain('4 of 5 series kept; 1 is too short for a window in each split: it would be skipped.')
})

it('counts and names a series with no target value as the run does, not as too short', async () => {
  // a, b and c over 100 days; k with every sales value blank
  const rows = ['store,date,sales']
  for (const s of ['a', 'b', 'c', 'k']) for (let i = 0; i < 100; i++) rows.push(`${s},${day(i)},${s === 'k' ? '' : 10 + (i % 7)}`)
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'stores.csv', series: ['store'] })
  const window: CutOptions['window'] = { lookback: 5, horizon: 1, stride: 1, mode: 'final', targets: 'all' }
  const config = defaultConfig(ds, 'sales', { features: [], window, time: { column: 'date', duplicates: 'mean', resample: null } })
  const w = await lanes({ cuts: 'series', window, config }, ds)
  expect(summary(w)).toBe('Each series split on its own rows (70 % training, 15 % validation, the rest test). 3 of 4 series kept; 1 with no value of “sales”: it would be skipped.')
})

it("names the cuts and the span by the file's days where its times carry an offset (Berlin's midnights)", async () => {
  // winter days at Berlin's midnight, 23:00 UTC the day before: before, '2021-03-11 23:00'
  const w = await lanes({}, await stores('T00:00:00+01:00'))
  expect(summary(w)).toMatch(/^Every series cut at the same dates: validation from 2021-03-12, test from 2021-03-27\. /)
  expect(w.get('[data-testid="split-lanes-canvas"]').attributes('aria-label')).toContain('from 2021-01-01 to 2021-04-10.')
})

it("cuts a split by dates on each series' own clock where the series carry different UTC offsets, and a boundary moved writes the day each reads as the run does", async () => {
  // store a at Berlin's midnights, b at India's, c at New York's: the run reads 2021-03-12 as each one's own midnight (core/data/global seriesCuts)
  const rows = ['store,date,sales']
  for (const [s, off] of [['a', '+01:00'], ['b', '+05:30'], ['c', '-05:00']] as const) for (let i = 0; i < 100; i++) rows.push(`${s},${day(i)}T00:00:00${off},${10 + (i % 7)}`)
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'zones.csv', series: ['store'] })
  const w = await lanes({ cuts: 'auto', dates: { valStart: '2021-03-12', testStart: '2021-03-27' } }, ds)
  expect(summary(w)).toBe("Every series cut at the same dates, each on its own clock (the series carry different UTC offsets): validation from 2021-03-12, test from 2021-03-27. All 3 series have a window in each split.")
  const h1 = w.get('[data-testid="split-handle-1"]')
  expect(h1.attributes('aria-valuetext')).toMatch(/ \(validation from 2021-03-12, on each series' own clock\)$/)
  // one time later: the next day on every series' own clock, not the file's clock's time of India's midnight
  await h1.trigger('keydown', { key: 'ArrowRight' })
  // Home: 5 % of the times, the 6th day on each series' own clock (on the pooled instants, India's
  // midnight of that day, which a boundary wrote as that one instant for every series, 2021-01-05T18:30:00.000Z)
  await h1.trigger('keydown', { key: 'Home' })
  expect(w.emitted('update:dates')).toEqual([[{ valStart: '2021-03-13', testStart: '2021-03-27' }], [{ valStart: '2021-01-06', testStart: '2021-03-27' }]])
})
