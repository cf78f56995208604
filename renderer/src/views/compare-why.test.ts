// @vitest-environment happy-dom
// Runs › Compare takes exactly two runs: with another count ticked the disabled button says why,
// and where the ticked runs are trials of the sweep the Sweep panel ranks, it points to that table.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunSummary } from '../../../electron/contract'
import { setUpView } from '../test/fakes'
import { useSweepStore } from '../stores/sweep'
import RunsView from './RunsView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const summary = (id: number, sweepId: number | null): RunSummary => ({
  id, datasetId: 1, sweepId, name: sweepId ? `sweep hiddenSize=${id}` : null, notes: null, status: 'done', createdAt: id, finishedAt: id + 1, error: null, cell: 'lstm', epochs: 3,
  bestValLoss: 0.1 * id, testMetric: { metric: 'rmse', value: 1, skill: 0.1 }, datasetName: 'co2.csv', target: 'value', forecaster: null
})

let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  localStorage.clear()
  // runs 1 and 2 by hand, 3 to 7 the trials of sweep 4
  ;({ mountOptions } = setUpView({ listRuns: vi.fn(async () => [1, 2, 3, 4, 5, 6, 7].map((id) => summary(id, id > 2 ? 4 : null))) }))
})

async function runsWith(ticked: number[]) {
  const w = mount(RunsView, { ...mountOptions, attachTo: document.body })
  await flushPromises()
  for (const id of ticked) await w.find(`input[aria-label="Select run ${id}"]`).setValue(true)
  return w
}
const button = (w: Awaited<ReturnType<typeof runsWith>>) => w.find('[data-testid="compare"]')
const describedBy = (w: Awaited<ReturnType<typeof runsWith>>) => document.getElementById(button(w).attributes('aria-describedby') ?? '')?.textContent

describe('Runs › Compare with other than two runs ticked', () => {
  it('says "Pick exactly two runs to compare", visibly and as the disabled button\'s description', async () => {
    const w = await runsWith([1])
    expect(button(w).attributes('disabled')).toBeDefined()
    expect(describedBy(w)).toBe('Pick exactly two runs to compare (1 is ticked).')
    expect(w.find('[data-testid="compare-why"]').classes()).not.toContain('sr-only')
    expect(w.find('[data-testid="to-sweep"]').exists()).toBe(false)

    await w.find('input[aria-label="Select run 2"]').setValue(true)
    expect(button(w).attributes('disabled')).toBeUndefined()
    expect(button(w).attributes('aria-describedby')).toBeUndefined()
    expect(w.find('[data-testid="compare-why"]').exists()).toBe(false)

    // none ticked: said to a screen reader, no line on the page
    for (const id of [1, 2]) await w.find(`input[aria-label="Select run ${id}"]`).setValue(false)
    expect(describedBy(w)).toBe('Pick exactly two runs to compare.')
    expect(w.find('[data-testid="compare-why"]').classes()).toContain('sr-only')
    w.unmount()
  })

  it('seven ticked, five of them trials of the sweep the Sweep panel ranks: points to its table, and a button goes there', async () => {
    useSweepStore().sweepId = 4
    const w = await runsWith([1, 2, 3, 4, 5, 6, 7])
    expect(button(w).text()).toBe('Compare selected (7/2)')
    expect(button(w).attributes('disabled')).toBeDefined()
    expect(describedBy(w)).toBe('Pick exactly two runs to compare (7 are ticked). 5 of them are trials of the sweep below: its table ranks every trial side by side.')
    await w.find('[data-testid="to-sweep"]').trigger('click')
    expect(document.activeElement).toBe(w.find('[data-testid="sweep-ranking"]').element)
    w.unmount()
  })

  it('trials of a sweep the panel does not show (one fw sweep made): no pointer to a table the app has not got', async () => {
    useSweepStore().sweepId = null
    const w = await runsWith([3, 4, 5])
    expect(describedBy(w)).toBe('Pick exactly two runs to compare (3 are ticked).')
    expect(w.find('[data-testid="to-sweep"]').exists()).toBe(false)
    w.unmount()
  })
})
