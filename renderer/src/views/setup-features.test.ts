// @vitest-environment happy-dom
// Setup's Extra input features on a wide file (hundreds of columns): Select all / Select none, a
// filter that only hides, and a count of those ticked, where the list alone took one click per column.
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { smallDataset } from '../test/fakes'
import { mountSetup, setupFakesEach } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

/** 80 daily rows of y and 60 noise columns x0 … x59: 56 training rows, room for 5 features. */
function wide(): Dataset {
  const n = 80
  const noise = (k: number) => Float64Array.from({ length: n }, (_, i) => ((i * 7919 + k * 104_729) % 97) / 10)
  return { ...smallDataset(n), file: 'wide.csv', timeColumn: 'Date', columns: [
    { kind: 'date', name: 'Date', values: Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, i + 1)), format: 'iso', hasTime: false },
    { kind: 'numeric', name: 'y', values: Float64Array.from({ length: n }, (_, i) => 100 + i + 3 * Math.sin(i)) },
    ...Array.from({ length: 60 }, (_, k) => ({ kind: 'numeric' as const, name: `x${k}`, values: noise(k) }))
  ] }
}

describe('Extra input features on a wide file', () => {
  it('says how many are ticked, and Select none / Select all untick and tick every one in a click', async () => {
    const { w, setup } = await mountSetup(wide(), fakes.mountOptions)
    const boxes = () => w.findAll('#feature-list input[type="checkbox"]')
    expect(setup.draft!.data.features).toHaveLength(60)
    expect(w.find('[data-testid="features-count"]').text()).toBe('60 of 60 features ticked')
    expect(w.find('[data-testid="wide-features"]').text()).toContain('(Select none under Extra input features, then tick those few)')

    const none = w.find('[data-testid="features-none"]')
    expect(none.element.tagName).toBe('BUTTON')
    expect(none.text()).toBe('Select none')
    await none.trigger('click')
    expect(setup.draft!.data.features).toEqual([])
    expect(boxes().filter((b) => (b.element as HTMLInputElement).checked)).toHaveLength(0)
    expect(w.find('[data-testid="features-count"]').text()).toBe('0 of 60 features ticked')
    expect(w.find('[data-testid="wide-features"]').exists()).toBe(false)

    // then the few that drive the target, one by one
    await boxes()[3]!.setValue(true)
    expect(setup.draft!.data.features).toEqual(['x3'])
    expect(w.find('[data-testid="features-count"]').text()).toBe('1 of 60 features ticked')

    await w.find('[data-testid="features-all"]').trigger('click')
    expect(setup.draft!.data.features).toHaveLength(60)
    expect(new Set(setup.draft!.data.features).size).toBe(60)
    expect(boxes().every((b) => (b.element as HTMLInputElement).checked)).toBe(true)
  })

  it('filters by name and only hides: what it hides stays as it was, and the buttons act on the shown alone', async () => {
    const { w, setup } = await mountSetup(wide(), fakes.mountOptions)
    const filter = w.find('[data-testid="features-filter"]')
    expect(filter.attributes('aria-label')).toBe('Filter features by name')
    const shown = () => w.findAll('#feature-list label').map((l) => l.text())

    await filter.setValue('X1') // any case
    expect(shown()).toEqual(['x1', 'x10', 'x11', 'x12', 'x13', 'x14', 'x15', 'x16', 'x17', 'x18', 'x19'])
    expect(setup.draft!.data.features).toHaveLength(60) // hiding unticks nothing
    expect(w.find('[data-testid="features-count"]').text()).toBe('60 of 60 features ticked; 11 shown, 11 of them ticked')

    const none = w.find('[data-testid="features-none"]')
    expect(none.text()).toBe('Select none of the 11 shown')
    await none.trigger('click')
    expect(setup.draft!.data.features).toHaveLength(49)
    expect(setup.draft!.data.features).not.toContain('x15')
    expect(setup.draft!.data.features).toContain('x2')
    expect(w.find('[data-testid="features-count"]').text()).toBe('49 of 60 features ticked; 11 shown, 0 of them ticked')

    await filter.setValue('zz')
    expect(shown()).toEqual([])
    expect(w.find('[data-testid="features-none-match"]').text()).toBe('No feature\'s name has “zz”.')

    await filter.setValue('')
    await flushPromises()
    expect(shown()).toHaveLength(60)
    const checked = w.findAll('#feature-list input[type="checkbox"]').filter((b) => (b.element as HTMLInputElement).checked)
    expect(checked).toHaveLength(49)
    expect(w.find('[data-testid="features-all"]').text()).toBe('Select all')
    expect(w.find('[data-testid="features-count"]').text()).toBe('49 of 60 features ticked')
  })

  it('offers no filter for a few features, and no buttons for one', async () => {
    const few = wide()
    few.columns = few.columns.slice(0, 5)
    const { w } = await mountSetup(few, fakes.mountOptions)
    expect(w.find('[data-testid="features-filter"]').exists()).toBe(false)
    expect(w.find('[data-testid="features-count"]').text()).toBe('3 of 3 features ticked')
    w.unmount()
    const one = await mountSetup(smallDataset(), fakes.mountOptions)
    expect(one.w.find('#feature-list').text()).toBe('sky')
    expect(one.w.find('[data-testid="features-none"]').exists()).toBe(false)
  })
})
