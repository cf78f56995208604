// @vitest-environment happy-dom
// Setup's choice for a long file (issue 13): one model across all its series (global, with the
// CLI's --short-series and --series-onehot), or the one series picked in Data, as before. The
// choice is a labelled radio group; Start sends data.series.global to main.
import { flushPromises, mount } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { useDatasetStore } from '../stores/dataset'
import { useSetupStore } from '../stores/setup'
import { smallDataset } from '../test/fakes'
import { clickStart, mountSetup, setupFakesEach, startStubs } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach(startStubs)

const CITIES = ['Oslo', 'Rome', 'Lima']
/** Three cities x 40 days, long format: city, date, temp. */
function long(): Dataset {
  const n = 40 * CITIES.length
  const day = (i: number) => Date.UTC(2020, 0, 1 + (i % 40))
  return { ...smallDataset(n), file: 'cities.csv', timeColumn: 'date', columns: [
    { kind: 'categorical', name: 'city', codes: Int32Array.from({ length: n }, (_, i) => Math.floor(i / 40)), levels: CITIES },
    { kind: 'date', name: 'date', values: Float64Array.from({ length: n }, (_, i) => day(i)), format: 'iso', hasTime: false },
    { kind: 'numeric', name: 'temp', values: Float64Array.from({ length: n }, (_, i) => 10 * Math.floor(i / 40) + Math.sin(i / 3)) }
  ] }
}

/** Past the staged tasks of the all-series timeline (grouping, then the series' times). */
async function settle(): Promise<void> {
  for (let k = 0; k < 6; k++) {
    await new Promise((r) => setTimeout(r))
    await flushPromises()
  }
}

const open = () => mountSetup(long(), fakes.mountOptions, { columns: ['city'], count: 3, values: null })

it('offers one model across all series or one series, as a labelled radio group; neither picked blocks Start', async () => {
  const { w, setup } = await open()
  const group = w.get('[data-testid="series-mode"]')
  expect(group.element.tagName).toBe('FIELDSET')
  expect(group.get('legend').text()).toContain('city splits the rows into 3 series')
  const global = w.get<HTMLInputElement>('[data-testid="series-mode-global"]')
  const one = w.get<HTMLInputElement>('[data-testid="series-mode-one"]')
  // native radios of one name in a fieldset: Tab reaches the group, the arrow keys move between them
  expect([global.attributes('type'), one.attributes('type'), global.attributes('name')]).toEqual(['radio', 'radio', one.attributes('name')])
  expect(global.element.closest('label')!.textContent!.trim()).toBe('One model across all 3 series (global)')
  expect(one.element.closest('label')!.textContent!.trim()).toBe('One series: none picked yet (pick one in Data)')
  expect(one.element.checked).toBe(true)
  expect(setup.check.config).toBeNull()
  expect(w.get('[data-testid="start-blocker"]').text()).toContain('Pick one series in Data, or choose one model across all 3 series')
  // said once, beside Start, and announced there (it had also stood in an alert of its own below)
  expect(w.text().split('Pick one series in Data, or choose one model').length - 1).toBe(1)
  expect(w.get('[data-testid="start-blocker"]').attributes('role')).toBe('alert')
  expect(w.get<HTMLButtonElement>('[data-testid="start-training"]').element.disabled).toBe(true)
  // the id column is no input feature
  expect(w.text()).not.toMatch(/Extra input features[\s\S]*\bcity\b/)
})

it('choosing global sets data.series.global with the short-series and one-hot options, and Start sends it', async () => {
  const { w, setup } = await open()
  expect(w.find('[data-testid="short-series"]').exists()).toBe(false)
  await w.get('[data-testid="series-mode-global"]').setValue(true)
  await flushPromises()
  expect(setup.draft!.data.series).toEqual({ columns: ['city'], values: null, global: { short: 'skip' } })
  expect(setup.check.error).toBeNull()
  await w.get('[data-testid="short-series"]').setValue('refuse')
  await w.get('[data-testid="series-onehot"]').setValue(true)
  await flushPromises()
  expect(setup.check.config!.data.series).toEqual({ columns: ['city'], values: null, global: { short: 'refuse', oneHot: true, cuts: 'auto' } })
  expect(setup.check.config!.data.features).not.toContain('city')
  await w.get('[data-testid="global-cuts"]').setValue('series')
  await flushPromises()
  expect(setup.check.config!.data.series).toEqual({ columns: ['city'], values: null, global: { short: 'refuse', oneHot: true, cuts: 'series' } })
  await settle()
  expect(w.get('[data-testid="split-lanes-summary"]').text()).toContain('Each series split on its own rows')
  await w.get('[data-testid="global-cuts"]').setValue('auto')
  await flushPromises()

  const sent = await clickStart(w, fakes.api)
  expect(sent.datasetId).toBe(7)
  expect(sent.config.data.series).toEqual({ columns: ['city'], values: null, global: { short: 'refuse', oneHot: true, cuts: 'auto' } })
})

it('a series picked in Data is the other choice; going back to it trains that series alone, as before', async () => {
  const { w, ds, setup } = await open()
  await w.get('[data-testid="series-mode-global"]').setValue(true)
  ds.pickSeries(['Rome'])
  await flushPromises()
  // picking in Data keeps Setup's explicit global choice, and names the pick as the alternative
  expect(setup.draft!.data.series?.global).toEqual({ short: 'skip' })
  expect(w.get('[data-testid="series-mode-one"]').element.closest('label')!.textContent!.trim()).toBe('One series: city = Rome')
  await w.get('[data-testid="series-mode-one"]').setValue(true)
  await flushPromises()
  expect(setup.check.config!.data.series).toEqual({ columns: ['city'], values: ['Rome'] })
  expect(w.find('[data-testid="short-series"]').exists()).toBe(false)
})

it('allows global with classification (one network across series for a class target, as fw train --global), and offers no choice for a file of one series', async () => {
  const { w, setup } = await open()
  await w.get('[data-testid="series-mode-global"]').setValue(true)
  await w.get('[data-testid="task"]').setValue('classification')
  await flushPromises()
  expect(setup.check.error).toBeNull()
  expect(setup.check.config!.data.task).toBe('classification')
  expect(setup.check.config!.data.series?.global).toMatchObject({ short: 'skip' })
  expect(w.find('[data-testid="start-blocker"]').exists()).toBe(false)

  useDatasetStore().markOneSeries(true)
  await flushPromises()
  expect(w.find('[data-testid="series-mode"]').exists()).toBe(false)
  expect(setup.draft!.data.series).toEqual({ columns: [], values: [] })
})

it('Train offers to resume a cancelled or interrupted global run, as a single one', async () => {
  const { default: TrainView } = await import('./TrainView.vue')
  const { useRunStore } = await import('../stores/run')
  const { setup } = await open()
  setup.chooseGlobal({ short: 'skip', oneHot: false })
  const config = setup.check.config!
  expect(config.data.series?.global).toBeDefined()
  const run = useRunStore()
  run.runId = 9
  run.status = 'cancelled'
  run.detail = { config, summary: { id: 9, status: 'cancelled' }, epochs: [], metrics: [], forecasts: [], canResume: true } as never
  const w = mount(TrainView, fakes.mountOptions)
  await flushPromises()
  expect(w.get('[data-testid="resume"]').text()).toBe('Resume from last checkpoint')
  run.status = 'interrupted'
  await flushPromises()
  expect(w.find('[data-testid="resume"]').exists()).toBe(true)
  expect(w.get('[data-testid="interrupted"]').text()).toContain('resume to continue from it')
  run.status = 'done'
  await flushPromises()
  expect(w.find('[data-testid="resume"]').exists()).toBe(false)
})

it("takes the default look-back from the series (the median of their own, here all the first one's), as fw train --global does, not from the rows pooled", async () => {
  const { defaultLookBack } = await import('../../../core/train/season')
  const { selectRows } = await import('../../../core/data/series')
  const ds = useDatasetStore()
  const setup = useSetupStore()
  // a weekly cycle (a weekend dip), so the first series' daily rows take the week
  const base = long()
  const data = { ...base, columns: base.columns.map((c) => (c.name === 'temp' && c.kind === 'numeric' ? { ...c, values: c.values.map((v, i) => v + ((i % 40) % 7 < 2 ? -10 : 0)) } : c)) }
  ds.series = { columns: ['city'], count: 3, values: null }
  ds.dataset = data
  await flushPromises()
  const first = defaultLookBack(selectRows(data, Int32Array.from({ length: 40 }, (_, i) => i)), 'temp', 'auto', 1)
  expect(setup.draft!.data.lookBack).toBe(first)
  expect(defaultLookBack(data, 'temp', 'auto', 1)).not.toBe(first)
})

it('the split timeline shows one series (the first, then the one picked); a global run draws every series', async () => {
  const { default: SplitTimeline } = await import('../components/SplitTimeline.vue')
  const { w, ds } = await open()
  const shown = () => Array.from(w.getComponent(SplitTimeline).props('values') as Float64Array)
  const temps = (k: number) => Array.from({ length: 40 }, (_, i) => 10 * k + Math.sin((40 * k + i) / 3))
  expect(shown()).toEqual(temps(0))
  expect(w.get('[data-testid="split-series"]').text()).toBe('One series shown: city = Oslo.')
  expect(w.find('[data-testid="split-lanes"]').exists()).toBe(false)
  await w.get('[data-testid="series-mode-global"]').setValue(true)
  await settle()
  expect(w.findComponent(SplitTimeline).exists()).toBe(false)
  expect(w.find('[data-testid="split-series"]').exists()).toBe(false)
  expect(w.get('[data-testid="split-lanes-summary"]').text()).toBe('Every series cut at the same dates: validation from 2020-01-29, test from 2020-02-04. All 3 series have a window in each split.')
  // the boundary's keys move the split of every series
  await w.get('[data-testid="split-handle-1"]').trigger('keydown', { key: 'ArrowLeft', shiftKey: true })
  expect(w.get('[data-testid="split-lanes-summary"]').text()).toContain('validation from 2020-01-27')
  ds.pickSeries(['Lima'])
  await w.get('[data-testid="series-mode-one"]').setValue(true)
  await flushPromises()
  expect(shown()).toEqual(temps(2))
  expect((w.getComponent(SplitTimeline).props('time') as Float64Array).length).toBe(40)
})

it('warns, series by series, when most time steps of some series differ from their usual one, naming them together', async () => {
  // Oslo and Rome step 1, 2 and 3 days in turn (26 of 39 steps off the usual 2 days); Lima daily
  const base = long()
  let t = 0
  const uneven = Float64Array.from({ length: base.rowCount }, (_, i) => {
    const k = i % 40
    if (i >= 80) return Date.UTC(2020, 0, 1 + k)
    t = k === 0 ? Date.UTC(2020, 0, 1) : t + (1 + (k % 3)) * 864e5
    return t
  })
  const { w, ds, setup } = await open()
  ds.dataset = { ...base, columns: base.columns.map((c) => (c.kind === 'date' ? { ...c, values: uneven } : c)) }
  await settle()
  setup.chooseGlobal({ short: 'skip', oneHot: false })
  await settle()
  expect(w.get('[data-testid="mostly-irregular"]').text()).toBe("In 2 series: city = Oslo and city = Rome, most time steps (67 %) differ from the usual step of 2 days: the season, the horizon and the forecast's timestamps past the end all assume that every step is the usual one, so they mean little here; resample the rows to a regular step, or aggregate them to a coarser one (one row per step, made before the file is imported), and train on that.")
  // every series daily: nothing to say
  ds.dataset = long()
  await settle()
  setup.chooseGlobal({ short: 'skip', oneHot: false })
  await settle()
  expect(setup.draft!.data.series?.global).toBeDefined()
  expect(w.find('[data-testid="mostly-irregular"]').exists()).toBe(false)
})

it('counts the hour a spring daylight-saving change skips in each series\' local clock times as no irregular step, as a run does: at the 50 % edge, no warning', async () => {
  // every city hourly in local times (no offset) over the night Europe's clocks go forward (02:00 on
  // 31 March 2024 skipped), with four half-hour steps before: 4 of 9 steps off the usual hour, not
  // most (the skipped hour counted, 5 of 9 would be). Written in UTC (zoned), the hour is a gap.
  const night = [22, 22.5, 23, 23.5, 24, 25, 27, 28, 29, 30].map((h) => Date.UTC(2024, 2, 30) + h * 36e5)
  const n = night.length * CITIES.length
  const cities = (zoned: boolean): Dataset => ({ ...smallDataset(n), file: 'cities.csv', timeColumn: 'date', columns: [
    { kind: 'categorical', name: 'city', codes: Int32Array.from({ length: n }, (_, i) => Math.floor(i / night.length)), levels: CITIES },
    { kind: 'date', name: 'date', values: Float64Array.from({ length: n }, (_, i) => night[i % night.length]!), format: 'iso', hasTime: true, zoned },
    { kind: 'numeric', name: 'temp', values: Float64Array.from({ length: n }, (_, i) => 10 * Math.floor(i / night.length) + Math.sin(i / 3)) }
  ] })
  const irregular = async (zoned: boolean) => {
    const { w, setup } = await mountSetup(cities(zoned), fakes.mountOptions, { columns: ['city'], count: 3, values: null })
    setup.chooseGlobal({ short: 'skip', oneHot: false })
    await settle()
    expect(setup.draft!.data.series?.global).toBeDefined()
    const said = w.find('[data-testid="mostly-irregular"]')
    const text = said.exists() ? said.text() : null
    w.unmount()
    return text
  }
  expect(await irregular(false)).toBeNull()
  expect(await irregular(true)).toMatch(/^In 3 series: city = Oslo, city = Rome and city = Lima, most time steps \(56 %\) differ from the usual step of an hour \(hourly\): /)
})
