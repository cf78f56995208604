// @vitest-environment happy-dom
// Runs' ⚙ (a run's data and settings in Setup) opens the run's dataset, which closes a file imported
// and not stored yet, losing it. It used to do so without a word; it now asks first, in the words of
// Setup's button to the same place (f2a19124), and goes on without asking where nothing is lost.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunSummary } from '../../../electron/contract'
import { answerConfirm, confirmOpen } from '../test/confirm'
import { setUpView, smallDataset } from '../test/fakes'
import { useDatasetStore } from '../stores/dataset'
import { useSetupStore } from '../stores/setup'
import RunsView from './RunsView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const run8: RunSummary = {
  id: 8, datasetId: 5, sweepId: null, name: null, notes: null, status: 'done', createdAt: 8, finishedAt: 9, error: null,
  cell: 'lstm', epochs: 5, bestValLoss: 1, testMetric: null, datasetName: 'break.csv', target: 'y'
}

let opts: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  ;({ mountOptions: opts } = setUpView({ listRuns: vi.fn(async () => [run8]) }))
})

/** Runs mounted over neg.csv open in Data (stored as `stored`, or not), Setup's fromRun watched. */
async function mounted(stored: number | null) {
  const ds = useDatasetStore()
  ds.dataset = smallDataset()
  ds.fileName = 'neg.csv'
  ds.datasetId = stored
  const fromRun = vi.spyOn(useSetupStore(), 'fromRun').mockResolvedValue(undefined)
  const w = mount(RunsView, { ...opts, attachTo: document.body })
  await flushPromises()
  return { w, fromRun, gear: () => w.get('tr[data-run="8"] [data-testid="use-settings"]').trigger('click') }
}

describe("Runs' ⚙ warns before it closes a file not stored", () => {
  it('asks, with the words of Setup’s button, and keeps the file where the answer is no', async () => {
    const { w, fromRun, gear } = await mounted(null)
    await gear()
    expect(await answerConfirm(w, false)).toBe("Open run #8's data and settings in Setup? This closes neg.csv, which is not stored.")
    expect(fromRun).not.toHaveBeenCalled()
    expect(useDatasetStore().fileName).toBe('neg.csv')
    await gear()
    expect(await answerConfirm(w, true)).toContain('This closes neg.csv, which is not stored.')
    expect(fromRun).toHaveBeenCalledWith(8)
    w.unmount()
  })

  it('asks nothing where the file open is stored (nothing is lost)', async () => {
    const { w, fromRun, gear } = await mounted(3)
    await gear()
    await flushPromises()
    expect(confirmOpen(w)).toBe(false)
    expect(fromRun).toHaveBeenCalledWith(8)
    w.unmount()
  })

  it('asks nothing where main holds the file\'s rows already (fw stored them): the file is that dataset, nothing is lost', async () => {
    const findStoredDataset = vi.fn(async () => ({ datasetId: 5 }))
    ;({ mountOptions: opts } = setUpView({ listRuns: vi.fn(async () => [run8]), findStoredDataset }))
    const { w, fromRun, gear } = await mounted(null)
    await gear()
    await flushPromises()
    expect(findStoredDataset).toHaveBeenCalledWith(expect.objectContaining({ name: 'neg.csv' }))
    expect(confirmOpen(w)).toBe(false)
    expect(useDatasetStore().datasetId).toBe(5)
    expect(fromRun).toHaveBeenCalledWith(8)
    w.unmount()
  })
})
