// @vitest-environment happy-dom
// Setup's Calendar grid (exploratory pass 13: the app had no resample control; missing months put
// the statistical models' season in the wrong place). A new dataset of a calendar step with a few
// periods absent takes the grid, as fw train does; Off keeps the rows, and then a button offers it.
import { beforeEach, expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { setUpView, smallDataset } from '../test/fakes'
import { mountSetup } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  ;({ mountOptions } = setUpView())
})

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
  const { w, setup } = await mountSetup(monthly([17, 18, 40, 77, 103, 115]), mountOptions)
  expect(setup.draft!.data.resample).toEqual({ unit: 'month', every: 1, agg: 'mean', auto: true })
  const select = w.get('[data-testid="resample"]')
  expect((select.element as HTMLSelectElement).value).toBe('month')
  expect(w.find('[data-testid="grid-offer"]').exists()).toBe(false)
  await select.setValue('off')
  expect(setup.draft!.data.resample).toBeNull()
  const take = w.get('[data-testid="grid-offer-take"]')
  expect(take.element.tagName).toBe('BUTTON') // keyboard: a button, reached by Tab, pressed by Enter or Space
  expect(take.text()).toBe('Put on a monthly grid (6 months missing, filled between the values either side, following the season where there is one)')
  await take.trigger('click')
  expect(setup.draft!.data.resample).toEqual({ unit: 'month', every: 1, agg: 'mean', auto: true })
  expect(w.find('[data-testid="grid-offer"]').exists()).toBe(false)
  await select.setValue('quarter')
  expect(setup.draft!.data.resample).toEqual({ unit: 'month', every: 3, agg: 'mean' })
})

it('a series without gaps keeps its rows, with no offer', async () => {
  const { w, setup } = await mountSetup(monthly([]), mountOptions)
  expect(setup.draft!.data.resample).toBeNull()
  expect((w.get('[data-testid="resample"]').element as HTMLSelectElement).value).toBe('off')
  expect(w.find('[data-testid="grid-offer"]').exists()).toBe(false)
})
