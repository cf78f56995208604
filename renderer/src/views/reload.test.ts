// @vitest-environment happy-dom
// After a reload the Data view shows the file opened last, not the last run's (issue 18, stale screens).
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import App from '../App.vue'
import type { FakeApi } from '../test/fakes'
import { setUpView } from '../test/fakes'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
const run = { id: 4, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done' as const, createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 1, bestValLoss: null, testMetric: null }
beforeEach(() => {
  ;({ api, pinia } = setUpView({
    listRuns: vi.fn(async () => [run]),
    getRun: vi.fn(async () => ({ summary: run, config: defaultConfig('temp'), epochs: [], metrics: [], forecasts: [], hasTime: false, gradFlow: null, canResume: false, choice: null })),
    getDataset: vi.fn(async () => { throw new Error('stop here') })
  }))
  location.hash = ''
  localStorage.clear()
})

describe('reload', () => {
  it('reopens the last stored file, not the last run\'s dataset', async () => {
    localStorage.setItem('fw.lastDataset', JSON.stringify({ name: 'later.csv', datasetId: 9 }))
    const w = mount(App, { global: { plugins: [pinia] } })
    await flushPromises()
    expect(api.getDataset).toHaveBeenCalledWith({ datasetId: 9 })
    w.unmount()
  })

  it('says so when the last file was never stored, instead of showing another one', async () => {
    localStorage.setItem('fw.lastDataset', JSON.stringify({ name: 'draft.csv', datasetId: null }))
    const w = mount(App, { global: { plugins: [pinia] } })
    await flushPromises()
    await vi.waitFor(() => expect(w.find('[data-testid="not-stored"]').exists()).toBe(true))
    expect(w.find('[data-testid="not-stored"]').text()).toContain('draft.csv was open before the reload')
    expect(api.getDataset).not.toHaveBeenCalled()
    w.unmount()
  })
})
