// @vitest-environment happy-dom
// Setup's Calendar grid (exploratory pass 13: the app had no resample control; missing months put
// the statistical models' season in the wrong place). A new dataset of a calendar step with a few
// periods absent takes the grid, as fw train does; Off keeps the rows, and then a button offers it.
import { flushPromises, mount } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { smallDataset } from '../test/fakes'
import { mountSetup, setupFakesEach } from './mount-setup'
import DataView from './DataView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

/** 120 months with a yearly cycle, without those in `skip`. */
function monthly(skip: number[]): Dataset {
  const keep = Array.from({ length: 120 }, (_, i) => i).filter((i) => !skip.includes(i))
  const t = Float64Array.from(keep, (i) => Date.UTC(2000, i, 1))
  const y = Float64Array.from(keep, (i) => 100 + i + 10 * Math.sin((2 * Math.PI * i) / 12))
  return { ...smallDataset(keep.length), file: 'monthly.csv', timeColumn: 'month', columns: [
    { kind: 'date', name: 'month', values: t, format: 'iso', hasTime: false },
    { kind: 'numeric', name: 'sales', values: y }
  ] }
}

it('a monthly series with 6 months missing takes the monthly grid; Off keeps the rows and offers the grid back', async () => {
  const { w, setup } = await mountSetup(monthly([17, 18, 40, 77, 103, 115]), fakes.mountOptions)
  expect(setup.draft!.data.resample).toEqual({ unit: 'month', every: 1, agg: 'mean', auto: true })
  const select = w.get('[data-testid="resample"]')
  expect((select.element as HTMLSelectElement).value).toBe('month')
  expect(w.find('[data-testid="grid-offer"]').exists()).toBe(false)
  await select.setValue('off')
  expect(setup.draft!.data.resample).toBeNull()
  const take = w.get('[data-testid="grid-offer-take"]')
  expect(take.element.tagName).toBe('BUTTON') // keyboard: a button, reached by Tab, pressed by Enter or Space
  expect(take.text()).toBe('Put on a monthly grid (6 months missing, filled from the rows before them, following the season where there is one)')
  await take.trigger('click')
  expect(setup.draft!.data.resample).toEqual({ unit: 'month', every: 1, agg: 'mean', auto: true })
  expect(w.find('[data-testid="grid-offer"]').exists()).toBe(false)
  await select.setValue('quarter')
  expect(setup.draft!.data.resample).toEqual({ unit: 'month', every: 3, agg: 'mean' })
})

it('a series without gaps keeps its rows, with no offer', async () => {
  const { w, setup } = await mountSetup(monthly([]), fakes.mountOptions)
  expect(setup.draft!.data.resample).toBeNull()
  expect((w.get('[data-testid="resample"]').element as HTMLSelectElement).value).toBe('off')
  expect(w.find('[data-testid="grid-offer"]').exists()).toBe(false)
})

// The Data view's warning of irregular steps offers the same grid as Setup's gap notice (the setup
// store's offer, one copy), and says the grid the run takes where it is on.
it("Data: the irregular-steps warning offers Setup's calendar grid where it is off, and says it where it is on", async () => {
  const { w: setupView, setup } = await mountSetup(monthly([17, 18, 40, 77, 103, 115]), fakes.mountOptions)
  const data = mount(DataView, fakes.mountOptions)
  await flushPromises()
  const irregular = () => data.findAll('[aria-label="Warnings"] li').find((li) => li.text().includes('differ from the usual step'))!
  expect(irregular().get('[data-testid="data-grid-on"]').text()).toBe('✓ put on a monthly grid (Setup › Calendar grid)')
  expect(irregular().find('[data-testid="data-grid-offer"]').exists()).toBe(false)
  await setupView.get('[data-testid="resample"]').setValue('off')
  const take = irregular().get('[data-testid="data-grid-offer"]')
  expect(take.element.tagName).toBe('BUTTON') // keyboard: a button, reached by Tab, pressed by Enter or Space
  expect(take.text()).toBe(setupView.get('[data-testid="grid-offer-take"]').text())
  expect(take.text()).toBe('Put on a monthly grid (6 months missing, filled from the rows before them, following the season where there is one)')
  await take.trigger('click')
  expect(setup.draft!.data.resample).toEqual({ unit: 'month', every: 1, agg: 'mean', auto: true })
  expect((setupView.get('[data-testid="resample"]').element as HTMLSelectElement).value).toBe('month')
  expect(setupView.find('[data-testid="grid-offer"]').exists()).toBe(false)
  expect(irregular().find('[data-testid="data-grid-offer"]').exists()).toBe(false)
  expect(irregular().find('[data-testid="data-grid-on"]').exists()).toBe(true)
})

it('Data: a series without gaps has no irregular-steps warning and no offer', async () => {
  await mountSetup(monthly([]), fakes.mountOptions)
  const data = mount(DataView, fakes.mountOptions)
  await flushPromises()
  expect(data.text()).not.toContain('differ from the usual step')
  expect(data.find('[data-testid="data-grid-offer"]').exists()).toBe(false)
  expect(data.find('[data-testid="data-grid-on"]').exists()).toBe(false)
})
