// @vitest-environment happy-dom
// Setup names the data Start trains on (explore24 finding 6): after Runs › Open run 8 (break.csv)
// Data and Setup stayed on neg.csv, both files' target 'y', and nothing in Setup named a file, so
// Start would have trained on neg.csv unawares. Opening a run still leaves Data's file (an import
// not stored would be lost), but Setup now names its file beside Start, and says when the run
// Evaluate shows was trained on other data, with the way to that run's data and settings.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail, RunSummary } from '../../../electron/contract'
import { setUpView, smallDataset } from '../test/fakes'
import { useRunStore } from '../stores/run'
import { mountSetup } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const run8 = (datasetId: number, datasetName: string): RunDetail => ({
  summary: { id: 8, datasetId, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.1, testMetric: null, datasetName, target: 'temp' } as RunSummary,
  config: defaultConfig('temp'), epochs: [], metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false
})

let mountOptions: ReturnType<typeof setUpView>['mountOptions']
let api: ReturnType<typeof setUpView>['api']
beforeEach(() => {
  localStorage.clear()
  ;({ mountOptions, api } = setUpView({ getRun: vi.fn(async () => run8(5, 'break.csv')) }))
})

describe('Setup names the data Start trains on', () => {
  it('names the file open in Data beside Start, and whether it is stored', async () => {
    const { w, ds } = await mountSetup(smallDataset(), mountOptions)
    ds.fileName = 'neg.csv'
    await flushPromises()
    expect(w.get('[data-testid="trains-on"]').text()).toBe('Trains on neg.csv (not stored yet: it is stored when training starts)')
    ds.datasetId = 3
    await flushPromises()
    expect(w.get('[data-testid="trains-on"]').text()).toBe('Trains on neg.csv (dataset 3)')
    expect(w.find('[data-testid="run-other-data"]').exists()).toBe(false) // no run shown
  })

  it("says when the run shown in Evaluate was trained on other data, and takes that run's data and settings on request", async () => {
    const { w, ds } = await mountSetup(smallDataset(), mountOptions)
    ds.fileName = 'neg.csv'
    ds.datasetId = 3
    useRunStore().detail = run8(5, 'break.csv')
    await flushPromises()
    const note = w.get('[data-testid="run-other-data"]')
    expect(note.text()).toContain('Run #8, shown in Evaluate, was trained on break.csv; Start trains on neg.csv, the file open in Data.')
    expect(note.get('[data-testid="use-shown-run"]').text()).toBe("Set up run #8's data and settings instead")
    await note.get('[data-testid="use-shown-run"]').trigger('click')
    await flushPromises()
    expect(api.getRun).toHaveBeenCalledWith({ runId: 8 })
    // the run shown was trained on the file open: nothing to say
    useRunStore().detail = run8(3, 'neg.csv')
    await flushPromises()
    expect(w.find('[data-testid="run-other-data"]').exists()).toBe(false)
  })

  it('warns that the switch closes a file not stored', async () => {
    const { w, ds } = await mountSetup(smallDataset(), mountOptions)
    ds.fileName = 'neg.csv'
    useRunStore().detail = run8(5, 'break.csv')
    await flushPromises()
    expect(w.get('[data-testid="use-shown-run"]').text()).toBe("Set up run #8's data and settings instead: this closes neg.csv, which is not stored")
  })

  // explore25 finding 7: wide200.csv imported in the app while run 9 (fw train on the same file) was
  // shown: "Run #9 … was trained on wide200.csv; Start trains on wide200.csv … this closes
  // wide200.csv, which is not stored", though fw had stored those very rows as run 9's dataset
  it("a file not stored whose rows main holds as the run's dataset is that dataset: nothing said of other data, or of a file not stored", async () => {
    const findStoredDataset = vi.fn(async () => ({ datasetId: 5 }))
    ;({ mountOptions, api } = setUpView({ getRun: vi.fn(async () => run8(5, 'wide200.csv')), findStoredDataset }))
    const { w, ds } = await mountSetup(smallDataset(), mountOptions)
    ds.fileName = 'wide200.csv'
    useRunStore().detail = run8(5, 'wide200.csv')
    await flushPromises()
    expect(findStoredDataset).toHaveBeenCalledWith(expect.objectContaining({ name: 'wide200.csv', columns: expect.any(Array) }))
    expect(w.find('[data-testid="run-other-data"]').exists()).toBe(false)
    expect(w.get('[data-testid="trains-on"]').text()).toBe('Trains on wide200.csv (dataset 5)')
    expect(ds.closesUnstored).toBeNull()
  })

  it('a file whose rows main holds as another dataset than the run\'s: the run\'s other data said, the file not called unstored', async () => {
    ;({ mountOptions, api } = setUpView({ getRun: vi.fn(async () => run8(5, 'break.csv')), findStoredDataset: vi.fn(async () => ({ datasetId: 7 })) }))
    const { w, ds } = await mountSetup(smallDataset(), mountOptions)
    ds.fileName = 'neg.csv'
    useRunStore().detail = run8(5, 'break.csv')
    await flushPromises()
    expect(w.get('[data-testid="run-other-data"]').text()).toContain('Run #8, shown in Evaluate, was trained on break.csv; Start trains on neg.csv, the file open in Data.')
    expect(w.get('[data-testid="use-shown-run"]').text()).toBe("Set up run #8's data and settings instead")
    expect(w.get('[data-testid="trains-on"]').text()).toBe('Trains on neg.csv (dataset 7)')
  })
})
