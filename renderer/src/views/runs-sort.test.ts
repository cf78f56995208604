// @vitest-environment happy-dom
// The Runs table sorted by Name and by Test metric: by the name shown (an automatic one where the
// run has none) in natural order, and a global run's GMRAE never ranked among RMSEs in other units.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, expect, it, vi } from 'vitest'
import type { RunSummary } from '../../../electron/contract'
import { setUpView } from '../test/fakes'
import RunsView from './RunsView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let runs: RunSummary[]
let opts: { global: { plugins: unknown[] } }
const summary = (id: number, o: Partial<RunSummary>): RunSummary => ({
  id, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: id, finishedAt: null, error: null,
  cell: 'lstm', epochs: 5, bestValLoss: 1, testMetric: null, datasetName: 'co2.csv', target: 'ppm', ...o
})
beforeEach(() => {
  runs = []
  ;({ mountOptions: opts } = setUpView({ listRuns: vi.fn(async () => runs) }) as never)
})

const rowIds = (w: ReturnType<typeof mount>) => w.findAll('tbody tr[data-run]').map((tr) => Number(tr.attributes('data-run')))
async function sortedBy(label: string) {
  const w = mount(RunsView, opts)
  await flushPromises()
  await w.findAll('th button.sort').find((b) => b.text().startsWith(label))!.trigger('click')
  await flushPromises()
  return w
}

it('by Name: the name shown, automatic ones among the rest, numbers in natural order', async () => {
  runs = [summary(1, { name: 'bulk 10' }), summary(2, { name: 'bulk 2' }), summary(3, { datasetName: 'sales.csv' }), summary(4, { name: 'alpha' })]
  const w = await sortedBy('Name')
  // before: the unnamed run first (sorted as ''), and bulk 10 before bulk 2
  expect(rowIds(w)).toEqual([4, 2, 1, 3])
})

it('by Test metric: runs of one metric and unit together, each by value; runs without one last', async () => {
  const m = (metric: string, value: number) => ({ metric, value, skill: 0.1 })
  runs = [
    summary(1, { testMetric: m('rmse', 0.5), unit: 'ppm' }),
    summary(2, { testMetric: m('gmrae', 0.8) }),
    summary(3, { testMetric: m('rmse', 0.2), unit: 'ppm' }),
    summary(4, { testMetric: m('rmse', 0.6), unit: '$' }),
    summary(5, {})
  ]
  const w = await sortedBy('Test metric')
  // before: [3, 1, 4, 2, 5], the GMRAE ranked among the RMSEs
  expect(rowIds(w)).toEqual([2, 4, 3, 1, 5])
  expect(w.findAll('th button.sort').find((b) => b.text().startsWith('Test metric'))!.attributes('title')).toContain('Skill compares across runs')
})
