// @vitest-environment happy-dom
// Setup's split by dates and the chart's handles: a handle dragged (or moved by its keys) writes the
// time of the row it comes to into Validation from or Test from, and a date typed moves its handle to
// the row it cuts. Before, a split by dates drew no handles at all (timeline and lanes): only the
// fields moved the cuts, so a drag did nothing to the dates.
import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { computeSplits } from '../../../core/data/windows'
import { importCsv } from '../../../core/data/import'
import { setUpView, smallDataset } from '../test/fakes'
import { mountSetup } from './mount-setup'

enableAutoUnmount(afterEach)
vi.mock('../lib/chart', () => import('../test/chart-stub'))

let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  ;({ mountOptions } = setUpView())
})
afterEach(() => {
  vi.restoreAllMocks()
})

const DAY = 86_400_000
const T0 = Date.UTC(2023, 0, 1)
const day = (i: number) => new Date(T0 + i * DAY).toISOString().slice(0, 10)
/** `n` days from 2023-01-01, one row each. */
const daily = (n: number): Dataset => ({ ...smallDataset(n), file: 'daily.csv', timeColumn: 'date', columns: [
  { kind: 'date', name: 'date', values: Float64Array.from({ length: n }, (_, i) => T0 + i * DAY), format: 'iso', hasTime: false },
  { kind: 'numeric', name: 'y', values: Float64Array.from({ length: n }, (_, i) => 10 + 5 * Math.sin(i / 5) + i / 50) }
] })
const field = (w: VueWrapper, id: 'split-val-start' | 'split-test-start') => (w.get(`[data-testid="${id}"]`).element as HTMLInputElement).value
const handle = (w: VueWrapper, k: 1 | 2, within = '') => w.get(`${within} [data-testid="split-handle-${k}"]`.trim())
/** Split by dates chosen in mounted Setup. */
async function byDates(w: VueWrapper): Promise<void> {
  await w.get('[data-testid="split-kind-date"]').setValue(true)
  await flushPromises()
}
/** Handle `k` dragged to `share` of the chart's width (a chart 1,000 px wide from x = 100). */
async function drag(h: ReturnType<typeof handle>, share: number): Promise<void> {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ left: 100, width: 1000, top: 0, height: 120, right: 1100, bottom: 120, x: 100, y: 0, toJSON: () => ({}) })
  const clientX = 100 + share * 1000
  await h.trigger('pointerdown', { pointerId: 1, clientX })
  await h.trigger('pointermove', { pointerId: 1, clientX })
  await h.trigger('pointerup', { pointerId: 1, clientX })
  await flushPromises()
}

it('a dragged handle writes the date of the row it comes to, and the run cuts at that row', async () => {
  const { w, setup } = await mountSetup(daily(200), mountOptions)
  await byDates(w)
  // 70 % and 85 % of 200 rows: validation from row 140, test from row 170
  expect([field(w, 'split-val-start'), field(w, 'split-test-start')]).toEqual([day(140), day(170)])
  expect(w.findAll('[role="slider"]')).toHaveLength(2)
  await drag(handle(w, 1), 0.6)
  expect(setup.draft!.data.split).toEqual({ kind: 'date', valStart: day(120), testStart: day(170), gap: 0 })
  expect(field(w, 'split-val-start')).toBe(day(120))
  // between rows (60.2 % of 200 is row 120.4): the nearest row's date, not an instant between two
  await drag(handle(w, 2), 0.902)
  expect(setup.draft!.data.split).toEqual({ kind: 'date', valStart: day(120), testStart: day(180), gap: 0 })
  const times = Float64Array.from({ length: 200 }, (_, i) => T0 + i * DAY)
  const cut = computeSplits(200, { split: { by: 'date', valStart: day(120), testStart: day(180), gap: 0 } }, times)
  expect([cut.val.start, cut.test.start]).toEqual([120, 180])
  expect(w.text()).toContain(`Validation 30 % · from ${day(120)}`)
  expect(w.get('[data-testid="start-training"]').attributes('disabled')).toBeUndefined()
})

it('the keys move a handle a row or more at a time, never past the other cut', async () => {
  // 30 rows: a row is 3.3 points, so 1 point would snap back to the same row
  const { w, setup } = await mountSetup(daily(30), mountOptions)
  await byDates(w)
  expect(setup.draft!.data.split).toMatchObject({ valStart: day(21), testStart: day(25) })
  await handle(w, 1).trigger('keydown', { key: 'ArrowRight' })
  expect(field(w, 'split-val-start')).toBe(day(22))
  await handle(w, 2).trigger('keydown', { key: 'ArrowLeft' })
  expect(field(w, 'split-test-start')).toBe(day(24))
  // End: as far as it goes, which for validation's start is the row before the test's
  await handle(w, 1).trigger('keydown', { key: 'End' })
  expect(setup.draft!.data.split).toMatchObject({ valStart: day(23), testStart: day(24) })
  await handle(w, 2).trigger('keydown', { key: 'Home' })
  expect(setup.draft!.data.split).toMatchObject({ valStart: day(23), testStart: day(24) })
})

it('a typed date moves its handle to the row it cuts', async () => {
  const { w } = await mountSetup(daily(200), mountOptions)
  await byDates(w)
  expect(handle(w, 1).attributes('aria-valuenow')).toBe('70')
  await w.get('[data-testid="split-val-start"]').setValue(day(100))
  await flushPromises()
  expect(handle(w, 1).attributes('aria-valuenow')).toBe('50')
  expect((handle(w, 1).element as HTMLElement).style.left).toBe('50%')
  expect(handle(w, 1).attributes('aria-valuetext')).toBe(`50 % (${day(100)})`)
  // a date between rows (midday) cuts at the next row's
  await w.get('[data-testid="split-test-start"]').setValue(`${day(179)} 12:00`)
  await flushPromises()
  expect(handle(w, 2).attributes('aria-valuenow')).toBe('90')
  // dates out of order: no handle, none having a place that is its date's, until they are in order again
  await w.get('[data-testid="split-test-start"]').setValue(day(90))
  await flushPromises()
  expect(w.findAll('[role="slider"]')).toHaveLength(0)
  await w.get('[data-testid="split-test-start"]').setValue(day(190))
  await flushPromises()
  expect(handle(w, 2).attributes('aria-valuenow')).toBe('95')
})

it("writes the date on the file's clock: Berlin's midnight, not the UTC instant before it", async () => {
  // Berlin's midnights (+01:00: 23:00 UTC the day before), 60 days
  const text = `time,y\n${Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)}T00:00:00+01:00,${(i * 7) % 11}`).join('\n')}\n`
  const { w, setup } = await mountSetup(await importCsv(text, { fileName: 'berlin.csv' }), mountOptions)
  await byDates(w)
  await drag(handle(w, 1), 0.5)
  expect(setup.draft!.data.split).toMatchObject({ kind: 'date', valStart: '2024-01-31' })
  expect(w.text()).toContain('Validation')
  expect(handle(w, 1).attributes('aria-valuenow')).toBe('50')
})

const iso = (i: number) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)
/** Stores a and b, 40 days each from 2020-01-01: long format. */
const stores = () => importCsv(`store,date,y\n${['a', 'b'].flatMap((id, k) => Array.from({ length: 40 }, (_, i) => `${id},${iso(i)},${10 * k + Math.sin(i / 3)}`)).join('\n')}\n`, { fileName: 'stores.csv', series: ['store'] })
async function settle(): Promise<void> {
  for (let k = 0; k < 8; k++) {
    await new Promise((r) => setTimeout(r))
    await flushPromises()
  }
}

it("a global run's lanes: a handle moved writes the pooled time it comes to, and a typed date moves it", async () => {
  const { w, setup } = await mountSetup(await stores(), mountOptions, { columns: ['store'], count: 2, values: null })
  await w.get('[data-testid="series-mode-global"]').setValue(true)
  await flushPromises()
  await byDates(w)
  await settle()
  // the pooled axis: 40 days, cut at 28 and 34
  expect(setup.draft!.data.split).toEqual({ kind: 'date', valStart: iso(28), testStart: iso(34), gap: 0 })
  const lanes = '[data-testid="split-lanes"]'
  expect(w.findAll(`${lanes} [role="slider"]`)).toHaveLength(2)
  // a day of the 40 is 2.5 points: an arrow moves the cut one day
  await handle(w, 2, lanes).trigger('keydown', { key: 'ArrowRight' })
  expect(field(w, 'split-test-start')).toBe(iso(35))
  await drag(handle(w, 1, lanes), 0.5)
  expect(setup.draft!.data.split).toEqual({ kind: 'date', valStart: iso(20), testStart: iso(35), gap: 0 })
  await settle()
  expect(w.get('[data-testid="split-lanes-summary"]').text()).toContain(`validation from ${iso(20)}, test from ${iso(35)}.`)
  await w.get('[data-testid="split-val-start"]').setValue(iso(10))
  await flushPromises()
  expect(handle(w, 1, lanes).attributes('aria-valuenow')).toBe('25')
})
