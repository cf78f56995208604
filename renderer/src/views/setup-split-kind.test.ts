// @vitest-environment happy-dom
// Setup's choice of split: by share of rows (the timeline's handles) or by dates (two fields). Before,
// a split by dates showed only where a loaded config or a run's settings had one: nothing chose it.
// Switching keeps the cuts (the shares become the dates where they fall, the dates the shares that cut
// the same rows), the timeline and the all-series lanes draw the dates' cuts, and Start sends the
// split chosen, which main's validator takes.
import { flushPromises } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { computeSplits } from '../../../core/data/windows'
import { resolveConfig } from '../../../core/train/config'
import { validateRequest } from '../../../electron/contract'
import { smallDataset } from '../test/fakes'
import { clickStart, mountSetup, runRefusal, setupFakesEach, startStubs } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach(startStubs)

const DAY = 86_400_000
const day = (i: number) => new Date(Date.UTC(2023, 0, 1) + i * DAY).toISOString().slice(0, 10)
/** 200 days from 2023-01-01, one row each. */
const daily = (): Dataset => {
  const n = 200
  return { ...smallDataset(n), file: 'daily.csv', timeColumn: 'date', columns: [
    { kind: 'date', name: 'date', values: Float64Array.from({ length: n }, (_, i) => Date.UTC(2023, 0, 1) + i * DAY), format: 'iso', hasTime: false },
    { kind: 'numeric', name: 'y', values: Float64Array.from({ length: n }, (_, i) => 10 + 5 * Math.sin(i / 5) + i / 50) }
  ] }
}
const radio = (w: Awaited<ReturnType<typeof mountSetup>>['w'], kind: 'fraction' | 'date') => w.get<HTMLInputElement>(`[data-testid="split-kind-${kind}"]`)
const start = (w: Awaited<ReturnType<typeof mountSetup>>['w']) => w.get<HTMLButtonElement>('[data-testid="start-training"]')

it('offers the split by share of rows or by dates as a labelled radio group that the keyboard reaches and moves in', async () => {
  const { w } = await mountSetup(daily(), fakes.mountOptions)
  const group = w.get('[data-testid="split-kind"]')
  expect(group.element.tagName).toBe('FIELDSET')
  expect(group.get('legend').text()).toBe('Split by')
  const [share, dates] = [radio(w, 'fraction'), radio(w, 'date')]
  // native radios of one name in a fieldset: Tab reaches the group, the arrow keys move between them
  expect([share.attributes('type'), dates.attributes('type'), share.attributes('name')]).toEqual(['radio', 'radio', dates.attributes('name')])
  expect([share.element.tabIndex, dates.element.tabIndex]).toEqual([0, 0])
  expect([share.element.disabled, dates.element.disabled]).toEqual([false, false])
  expect(share.element.closest('label')!.textContent!.trim()).toBe('share of rows')
  expect(dates.element.closest('label')!.textContent!.trim()).toBe('dates')
  expect(share.element.checked).toBe(true)
  // chosen (Space or an arrow key on the focused radio): the date fields follow it, in tab order
  await dates.setValue(true)
  await flushPromises()
  expect(w.get('[data-testid="split-val-start"]').element.tagName).toBe('INPUT')
  expect((w.get('[data-testid="split-val-start"]').element as HTMLInputElement).tabIndex).toBe(0)
})

it('turns the shares into the dates where their cuts fall, and back into the same shares', async () => {
  const { w, setup } = await mountSetup(daily(), fakes.mountOptions)
  expect(setup.draft!.data.split).toEqual({ kind: 'fraction', train: 0.7, val: 0.15, gap: 0 })
  // 200 rows cut at 0.7 and 0.85: validation from row 140, test from row 170
  expect(w.text()).toContain(`from ${day(140)}`)
  await radio(w, 'date').setValue(true)
  await flushPromises()
  expect(setup.draft!.data.split).toEqual({ kind: 'date', valStart: day(140), testStart: day(170), gap: 0 })
  expect((w.get('[data-testid="split-val-start"]').element as HTMLInputElement).value).toBe(day(140))
  expect((w.get('[data-testid="split-test-start"]').element as HTMLInputElement).value).toBe(day(170))
  // the timeline draws the dates' cuts, its handles at them (setup-split-handles-dates.test.ts)
  expect(w.text()).toContain(`from ${day(140)}`)
  expect(w.text()).toContain(`from ${day(170)}`)
  expect(w.findAll('[role="slider"]').map((h) => h.attributes('aria-valuenow'))).toEqual(['70', '85'])
  expect(w.find('[data-testid="split-kind-note"]').exists()).toBe(false)
  expect(start(w).element.disabled).toBe(false)

  await radio(w, 'fraction').setValue(true)
  await flushPromises()
  expect(setup.draft!.data.split).toEqual({ kind: 'fraction', train: 0.7, val: 0.15, gap: 0 })
  expect(w.findAll('[role="slider"]')).toHaveLength(2)
})

it('turns typed dates into the shares that cut the same rows', async () => {
  const { w, setup } = await mountSetup(daily(), fakes.mountOptions)
  await radio(w, 'date').setValue(true)
  await w.get('[data-testid="split-val-start"]').setValue(day(151))
  await w.get('[data-testid="split-test-start"]').setValue(day(181))
  await flushPromises()
  // the timeline moves with them
  expect(w.text()).toContain(`Validation 15 % · from ${day(151)}`)
  await radio(w, 'fraction').setValue(true)
  await flushPromises()
  const s = setup.draft!.data.split
  if (s.kind !== 'fraction') throw new Error('still by dates')
  // rows [151/200, 152/200) and [181/200, 182/200): the shortest shares there
  expect(s).toEqual({ kind: 'fraction', train: 0.755, val: 0.15, gap: 0 })
  const cut = computeSplits(200, { split: { by: 'fraction', train: s.train, val: s.val, gap: 0 } }, null)
  expect([cut.val.start, cut.test.start]).toEqual([151, 181])
  expect(w.text()).toContain(`from ${day(151)}`)
  expect(w.text()).toContain(`from ${day(181)}`)
})

it('gives back the shares it had where the dates cut none, and says so', async () => {
  const { w, setup } = await mountSetup(daily(), fakes.mountOptions)
  setup.draft!.data.split = { kind: 'fraction', train: 0.6, val: 0.2, gap: 0 }
  await flushPromises()
  await radio(w, 'date').setValue(true)
  await w.get('[data-testid="split-test-start"]').setValue('2024-03-01')
  await flushPromises()
  await radio(w, 'fraction').setValue(true)
  await flushPromises()
  expect(setup.draft!.data.split).toEqual({ kind: 'fraction', train: 0.6, val: 0.2, gap: 0 })
  expect(w.get('[data-testid="split-kind-note"]').text()).toBe(`The dates cut no shares of the rows (Test from (2024-03-01) is after the last row (${day(199)}): no test rows): the split is by share of rows at 60 % training and 20 % validation, as before the dates.`)
})

it('checks the dates’ order as they are typed after the switch, with Start off and the reason beside Test from', async () => {
  const { w, setup, ds } = await mountSetup(daily(), fakes.mountOptions)
  await radio(w, 'date').setValue(true)
  await w.get('[data-testid="split-test-start"]').setValue(day(100))
  await flushPromises()
  expect(start(w).element.disabled).toBe(true)
  expect(w.get('[data-testid="start-blocker"]').text()).toMatch(/Test from must come after/i)
  expect(runRefusal(ds.dataset!, setup.draft!)).toMatch(/must come after data\.split\.valStart/)
  await w.get('[data-testid="split-test-start"]').setValue(day(180))
  await flushPromises()
  expect(start(w).element.disabled).toBe(false)
})

it('sends the split by dates at Start, which main validates and takes as it is', async () => {
  const { w } = await mountSetup(daily(), fakes.mountOptions)
  await radio(w, 'date').setValue(true)
  await w.get('[data-testid="split-val-start"]').setValue(day(120))
  await flushPromises()
  const sent = await clickStart(w, fakes.api)
  expect(sent.config.data.split).toEqual({ kind: 'date', valStart: day(120), testStart: day(170), gap: 0 })
  const checked = validateRequest('startRun', JSON.parse(JSON.stringify(sent)))
  expect(resolveConfig(checked.config).data.split).toEqual({ kind: 'date', valStart: day(120), testStart: day(170), gap: 0 })
})

it('offers no split by dates without a time column, and says why', async () => {
  const rows: Dataset = { ...daily(), timeColumn: null }
  rows.columns = rows.columns.filter((c) => c.kind !== 'date')
  const { w, setup } = await mountSetup(rows, fakes.mountOptions)
  expect(radio(w, 'date').element.disabled).toBe(true)
  expect(w.get('#split-kind-hint').text()).toBe('Not offered: a split by dates needs a time column.')
  expect(radio(w, 'date').attributes('aria-describedby')).toBe('split-kind-hint')
  expect(setup.chooseSplitKind('date')).toBe('No split by dates: a split by dates needs a time column.')
  expect(setup.draft!.data.split.kind).toBe('fraction')
})

const CITIES = ['Oslo', 'Rome', 'Lima']
/** Oslo and Rome 40 days from 2020-01-01, Lima the first 20 of them: long format. */
function long(): Dataset {
  const days = [40, 40, 20]
  const city: number[] = []
  const date: number[] = []
  const temp: number[] = []
  days.forEach((n, k) => {
    for (let i = 0; i < n; i++) city.push(k), date.push(Date.UTC(2020, 0, 1 + i)), temp.push(10 * k + Math.sin(i / 3))
  })
  return { ...smallDataset(city.length), file: 'cities.csv', timeColumn: 'date', columns: [
    { kind: 'categorical', name: 'city', codes: Int32Array.from(city), levels: CITIES },
    { kind: 'date', name: 'date', values: Float64Array.from(date), format: 'iso', hasTime: false },
    { kind: 'numeric', name: 'temp', values: Float64Array.from(temp) }
  ] }
}
async function settle(): Promise<void> {
  for (let k = 0; k < 8; k++) {
    await new Promise((r) => setTimeout(r))
    await flushPromises()
  }
}
const iso = (i: number) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)

it('a global run: the dates where the shared cuts fall, every series cut at them, and the lanes say which the dates skip', async () => {
  const { w, setup } = await mountSetup(long(), fakes.mountOptions, { columns: ['city'], count: 3, values: null })
  await w.get('[data-testid="series-mode-global"]').setValue(true)
  await w.get('[data-testid="global-cuts"]').setValue('series')
  await flushPromises()
  await radio(w, 'date').setValue(true)
  await flushPromises()
  // the pooled axis: 40 distinct days, cut at floor(40 * 0.7) = 28 and floor(40 * 0.85) = 34
  expect(setup.draft!.data.split).toEqual({ kind: 'date', valStart: iso(28), testStart: iso(34), gap: 0 })
  // each series on its own rows is cut by shares: the dates cut every series alike, and it says so
  expect(setup.draft!.data.series?.global?.cuts).toBe('dates')
  expect(w.get('[data-testid="split-kind-note"]').text()).toBe('Each series on its own rows is cut by shares of its rows: the cuts are now the same dates for every series.')
  await settle()
  const summary = w.get('[data-testid="split-lanes-summary"]').text()
  expect(summary).toBe(`Every series cut at the same dates: validation from ${iso(28)}, test from ${iso(34)}. 2 of 3 series kept; 1 ends before the test cut: it would be skipped.`)
  expect(w.findAll('[data-testid="split-lanes"] [role="slider"]').map((h) => h.attributes('aria-valuenow'))).toEqual(['70', '85'])
  // typed: the lanes follow
  await w.get('[data-testid="split-test-start"]').setValue(iso(36))
  await settle()
  expect(w.get('[data-testid="split-lanes-summary"]').text()).toContain(`test from ${iso(36)}.`)
  // back to shares: those of the pooled axis that cut at the same days
  await radio(w, 'fraction').setValue(true)
  await flushPromises()
  expect(setup.draft!.data.split).toEqual({ kind: 'fraction', train: 0.7, val: 0.2, gap: 0 })
  await settle()
  expect(w.get('[data-testid="split-lanes-summary"]').text()).toContain(`validation from ${iso(28)}, test from ${iso(36)}.`)
})

it('a loaded split by dates with each series cut on its own rows stops Start under Cuts, as the run refuses it', async () => {
  const { w, setup } = await mountSetup(long(), fakes.mountOptions, { columns: ['city'], count: 3, values: null })
  await w.get('[data-testid="series-mode-global"]').setValue(true)
  await flushPromises()
  setup.draft!.data.series!.global!.cuts = 'series'
  setup.draft!.data.split = { kind: 'date', valStart: iso(28), testStart: iso(34), gap: 0 }
  await flushPromises()
  expect(start(w).element.disabled).toBe(true)
  expect(setup.errorFor('data.series.global.cuts')).toMatch(/^Each series on its own rows is cut by shares of its rows; a split by dates/)
})

it('names the dates out of order where they cut no shares, as the run would refuse them', async () => {
  const { w, setup } = await mountSetup(daily(), fakes.mountOptions)
  await radio(w, 'date').setValue(true)
  await w.get('[data-testid="split-test-start"]').setValue(day(100))
  await flushPromises()
  await radio(w, 'fraction').setValue(true)
  await flushPromises()
  expect(setup.draft!.data.split).toEqual({ kind: 'fraction', train: 0.7, val: 0.15, gap: 0 })
  expect(w.get('[data-testid="split-kind-note"]').text()).toBe('The dates cut no shares of the rows (Test from must come after Validation from): the split is by share of rows at 70 % training and 15 % validation, as before the dates.')
})
