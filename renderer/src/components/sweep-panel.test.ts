// @vitest-environment happy-dom
// Runs › Sweep with a fake api: a value that is not a number, or one setting chosen in both rows, is
// said beside its field with Start off; Start is off while a start is in flight, so a second Enter
// starts no second sweep, and the focus waits on the status that says so; each ranked trial's Open
// is named by its run; a trial that ends before training is listed with its reason (no run of its
// own to rank), and Stop sweep stops the trials not yet ended.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunSummary } from '../../../electron/contract'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { useRunStore } from '../stores/run'
import { useSetupStore } from '../stores/setup'
import { setUpView, smallDataset, type FakeApi } from '../test/fakes'
import SweepPanel from './SweepPanel.vue'

const summary = (id: number, bestValLoss: number): RunSummary => ({
  id, datasetId: 3, sweepId: 11, name: `sweep · model.hiddenSize=${id}`, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'gru', epochs: 5,
  bestValLoss, testMetric: null, datasetName: 'd3.csv', target: 'y'
})

let api: FakeApi
let mountOptions: ReturnType<typeof setUpView>['mountOptions']
let release: () => void
beforeEach(() => {
  localStorage.clear()
  const ds = smallDataset(120)
  ;({ api, mountOptions } = setUpView({
    getDataset: vi.fn(async ({ datasetId }: { datasetId: number }) => ({ summary: { id: datasetId, name: 'd3.csv', sourceFile: null, rowCount: ds.rowCount, importedAt: 0, columns: [] }, columns: ds.columns })),
    startSweep: vi.fn(() => new Promise((resolve) => (release = () => resolve({ sweepId: 11, startIds: [5, 6], names: ['sweep: hiddenSize=16', 'sweep: hiddenSize=32'] })))),
    stopSweep: vi.fn(async () => ({ stopped: 1 })),
    listRuns: vi.fn(async () => [summary(21, 0.3), summary(22, 0.2)])
  }))
  setImportWorkerFactory(() => { throw new Error('no worker here') })
})

async function panel(): Promise<VueWrapper> {
  const setup = useSetupStore()
  await useDatasetStore().loadStored(3)
  await flushPromises()
  expect(setup.check.config).not.toBeNull()
  const w = mount(SweepPanel, { ...mountOptions, attachTo: document.body })
  await flushPromises()
  return w
}
const start = (w: VueWrapper) => w.find('[data-testid="start-sweep"]')
/** The panel with a sweep of two trials (starts 5 and 6) started. */
async function started(): Promise<VueWrapper> {
  const w = await panel()
  await w.find('[data-testid="sweep-values-0"]').setValue('16, 32')
  await start(w).trigger('click')
  release()
  await flushPromises()
  return w
}

describe('Sweep panel', () => {
  it('starts one sweep however often Start is pressed while it starts, the focus on its status', async () => {
    const w = await panel()
    await w.find('[data-testid="sweep-values-0"]').setValue('16, 32')
    const button = start(w).element as HTMLButtonElement
    button.focus()
    await start(w).trigger('click')
    await start(w).trigger('click')
    await flushPromises()
    expect(api.startSweep).toHaveBeenCalledTimes(1)
    expect(api.startSweep).toHaveBeenCalledWith(expect.objectContaining({ datasetId: 3, grid: { 'model.hiddenSize': [16, 32] } }))
    expect(button.disabled).toBe(true)
    const note = w.find('[data-testid="sweep-starting"]')
    expect(note.text()).toBe('Starting the sweep (2 runs)…')
    expect(document.activeElement).toBe(note.element)
    release()
    await flushPromises()
    expect(w.find('[data-testid="sweep-starting"]').exists()).toBe(false)
    expect(button.disabled).toBe(false)
    expect(document.activeElement).toBe(button)
    // the ranking's Open buttons say which run each opens
    expect(w.findAll('[data-testid="sweep-ranking"] tbody button').map((b) => b.attributes('aria-label'))).toEqual(['Open run 22', 'Open run 21'])
    w.unmount()
  })

  it('lists a trial refused before training with its reason, and stops the trials not yet ended', async () => {
    const w = await panel()
    await w.find('[data-testid="sweep-values-0"]').setValue('16, 32')
    await start(w).trigger('click')
    // the refusal can come before startSweep's answer (browser mode's socket)
    api.emit({ runId: null, startId: 5, event: { type: 'failed', error: { name: 'PipelineError', message: 'short series: 3 training rows (Look-back in Setup)' } } })
    release()
    await flushPromises()
    expect(w.find('[data-testid="sweep-unstored"]').text()).toBe('sweep: hiddenSize=16: refused before training, no run kept — short series: 3 training rows (Look-back in Setup)')
    expect(w.find('[data-testid="sweep-waiting"]').text()).toBe('1 of 2 trials not yet training.')
    expect(w.find('[data-testid="sweep-none-stored"]').exists()).toBe(false)
    await w.find('[data-testid="stop-sweep"]').trigger('click')
    await flushPromises()
    expect(api.stopSweep).toHaveBeenCalledWith({ sweepId: 11 })
    api.emit({ runId: null, startId: 6, event: { type: 'status', status: 'cancelled', error: null } })
    await flushPromises()
    expect(w.findAll('[data-testid="sweep-unstored"] li').map((li) => li.text())[1]).toBe('sweep: hiddenSize=32: stopped before training, no run kept')
    expect(w.find('[data-testid="sweep-none-stored"]').text()).toBe('No trial started training, so the sweep was not kept.')
    expect(w.find('[data-testid="stop-sweep"]').exists()).toBe(false)
    w.unmount()
  })

  it('after Stop sweep, says which trials remain and how to finish them, in the app and with fw', async () => {
    // trial 1 trains as run 21, trial 2 waits; Stop sweep ends run 21 cancelled, trial 2 unstored
    api.listRuns = vi.fn(async () => [{ ...summary(21, 0.3), name: 'sweep: hiddenSize=16', status: 'running' as const, finishedAt: null }])
    const w = await started()
    api.emit({ runId: 21, startId: 5, event: { type: 'started', epochs: 12, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] } })
    await flushPromises()
    expect(w.find('[data-testid="sweep-finish"]').exists()).toBe(false)
    api.listRuns = vi.fn(async () => [{ ...summary(21, 0.3), name: 'sweep: hiddenSize=16', status: 'cancelled' as const }])
    await w.find('[data-testid="stop-sweep"]').trigger('click')
    await flushPromises()
    // trial 2 not yet ended: nothing said before every trial has
    expect(w.find('[data-testid="sweep-finish"]').exists()).toBe(false)
    api.emit({ runId: null, startId: 6, event: { type: 'status', status: 'cancelled', error: null } })
    await flushPromises()
    expect(w.find('[data-testid="sweep-finish"]').text()).toBe('Sweep 11 stopped part way: 2 of its 2 trials remain. To finish it: trial 1 stopped while training (run 21): open it and Resume in Train continues it from its last checkpoint (or fw resume 21); trial 2 never started and has no run: a new sweep over its values trains it (here, or with fw sweep).')
    w.unmount()
  })

  it('shows after a reload the trials that ended with no run, and follows those not yet ended', async () => {
    const w = await started()
    api.emit({ runId: null, startId: 5, event: { type: 'failed', error: { name: 'PipelineError', message: 'short series: 3 training rows (Look-back in Setup)' } } })
    await flushPromises()
    w.unmount()
    // the page reloads: new stores, the same api (main's events go on), localStorage kept
    const again = setUpView({ ...api, listRuns: vi.fn(async () => []) })
    api = again.api
    mountOptions = again.mountOptions
    const w2 = await panel()
    expect(w2.find('[data-testid="sweep-unstored"]').text()).toBe('sweep: hiddenSize=16: refused before training, no run kept — short series: 3 training rows (Look-back in Setup)')
    expect(w2.find('[data-testid="sweep-waiting"]').text()).toBe('1 of 2 trials not yet training.')
    api.emit({ runId: 23, startId: 6, event: { type: 'started', epochs: 12, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] } })
    await flushPromises()
    // stored: no trial waits any more (and the refused one is still said)
    expect(w2.find('[data-testid="sweep-waiting"]').exists()).toBe(false)
    expect(w2.findAll('[data-testid="sweep-unstored"] li')).toHaveLength(1)
    w2.unmount()
  })

  it('a trial that ended before training because the app stopped waits again once the app has queued it again (a sweep cut short)', async () => {
    const w = await started()
    api.emit({ runId: null, startId: 6, event: { type: 'status', status: 'interrupted', error: 'the app quit before the run started' } })
    await flushPromises()
    expect(w.find('[data-testid="sweep-unstored"]').text()).toContain('sweep: hiddenSize=32: ended before training')
    w.unmount()
    // the app starts again and queues trial 6 again; the page opens with the sweep it kept
    const item = { startId: 6, runId: null, state: 'queued' as const, name: 'sweep: hiddenSize=32', datasetId: 3, epochs: 5, cell: 'gru', sweepId: 11, datasetName: 'd3.csv', config: {} as never }
    const again = setUpView({ ...api, listRuns: vi.fn(async () => []), listTraining: vi.fn(async () => [item]) })
    api = again.api
    mountOptions = again.mountOptions
    const w2 = await panel()
    expect(w2.find('[data-testid="sweep-unstored"]').exists()).toBe(false)
    expect(w2.find('[data-testid="sweep-waiting"]').text()).toBe('2 of 2 trials not yet training.')
    w2.unmount()
  })

  it("shows each training trial's epochs and what it does between them, from its events", async () => {
    api.listRuns = vi.fn(async () => [{ ...summary(21, 0.3), status: 'running' as const, bestValLoss: null }, summary(22, 0.2)])
    const w = await panel()
    await w.find('[data-testid="sweep-values-0"]').setValue('16, 32')
    await start(w).trigger('click')
    release()
    await flushPromises()
    api.emit({ runId: 21, startId: 5, event: { type: 'started', epochs: 12, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] } })
    await flushPromises()
    const shown = () => w.find('[data-testid="sweep-trial-progress"]').text()
    expect(shown()).toBe('epoch 0 of 12')
    api.emit({ runId: 21, event: { type: 'progress', phase: 'batches', epoch: 1, done: 30, total: 90 } })
    await flushPromises()
    expect(shown()).toBe('epoch 0 of 12 · epoch 1: 30 of 90 batches')
    api.emit({ runId: 21, event: { type: 'epoch', epoch: 3, trainLoss: 1, valLoss: 1, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 1, gradFlow: [] } })
    await flushPromises()
    expect(shown()).toBe('epoch 3 of 12')
    api.emit({ runId: 21, event: { type: 'progress', phase: 'choice', done: 4, total: 30 } })
    await flushPromises()
    expect(shown()).toBe("epoch 3 of 12 · choosing each series' forecast on its validation rows: 4 of 30 series done")
    // another run's events are not a trial's
    api.emit({ runId: 40, event: { type: 'epoch', epoch: 9, trainLoss: 1, valLoss: 1, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 1, gradFlow: [] } })
    await flushPromises()
    expect(w.findAll('[data-testid="sweep-trial-progress"]').map((x) => x.text())).toEqual(["epoch 3 of 12 · choosing each series' forecast on its validation rows: 4 of 30 series done"])
    w.unmount()
  })

  it("ranks a global sweep's trials by what each forecasts, and says they tie when the network forecasts no series", async () => {
    const g = { error: 0.2118, metric: 'gmrae' as const, usesNetwork: false }
    const trial = (id: number, loss: number) => ({ ...summary(id, loss), name: `sweep: hiddenSize=${id}`, trialForecast: g })
    api.listRuns.mockImplementation(async () => [trial(8, 0.3359), trial(16, 0.3458), trial(24, 0.3057)])
    const w = await panel()
    await w.find('[data-testid="sweep-values-0"]').setValue('8, 16, 24')
    await start(w).trigger('click')
    release()
    await flushPromises()
    const rows = w.findAll('[data-testid="sweep-ranking"] tbody tr').map((tr) => tr.findAll('td').slice(0, 5).map((td) => td.text()))
    expect(rows).toEqual([
      ['1', 'sweep: hiddenSize=8', 'done', '0.2118', 'no'],
      ['1', 'sweep: hiddenSize=16', 'done', '0.2118', 'no'],
      ['1', 'sweep: hiddenSize=24', 'done', '0.2118', 'no']
    ])
    expect(w.find('[data-testid="sweep-ranking"] thead').text()).toContain('Forecast’s validation GMRAE')
    expect(w.find('[data-testid="sweep-tie"]').text()).toBe("No trial's forecast uses the network: in each, every series is forecast by the statistical models chosen on its validation rows, so the settings swept do not change the forecast and the trials tie.")
    // where the forecasts differ, the better forecast ranks first whatever the network's loss
    api.listRuns.mockImplementation(async () => [trial(8, 0.3359), { ...trial(24, 0.3057), trialForecast: { ...g, error: 0.3, usesNetwork: true } }])
    await useRunStore().refreshList()
    await flushPromises()
    expect(w.findAll('[data-testid="sweep-ranking"] tbody tr').map((tr) => tr.findAll('td')[1]!.text())).toEqual(['sweep: hiddenSize=8', 'sweep: hiddenSize=24'])
    expect(w.find('[data-testid="sweep-tie"]').exists()).toBe(false)
    w.unmount()
  })

  it('ranks the last sweep stored when none was started here, and says which it is', async () => {
    // sweeps 9 and 11 stored by fw sweep or an earlier session, and a run of no sweep
    const f = (error: number) => ({ error, metric: 'mae' as const, usesNetwork: true })
    api.listRuns.mockImplementation(async () => [
      { ...summary(31, 0.2), sweepId: 9, name: 'sweep 9 · trial 1 · hiddenSize=4', trialForecast: f(1) },
      { ...summary(41, 0.3), name: 'sweep 11 · trial 1 · hiddenSize=8', trialForecast: f(3) },
      { ...summary(42, 0.4), name: 'sweep 11 · trial 2 · hiddenSize=16', trialForecast: f(2) },
      { ...summary(50, 0.1), sweepId: null, name: null }
    ])
    await useRunStore().refreshList()
    const w = await panel()
    expect(w.findAll('[data-testid="sweep-ranking"] tbody tr').map((tr) => tr.findAll('td').slice(0, 2).map((td) => td.text()))).toEqual([
      ['1', 'sweep 11 · trial 2 · hiddenSize=16'],
      ['2', 'sweep 11 · trial 1 · hiddenSize=8']
    ])
    expect(w.find('[data-testid="sweep-stored"]').text()).toBe('The last sweep stored, sweep 11, ranked; a sweep started here is ranked instead.')
    // a sweep started here is the one ranked
    await w.find('[data-testid="sweep-values-0"]').setValue('16, 32')
    await start(w).trigger('click')
    api.listRuns.mockImplementation(async () => [{ ...summary(60, 0.2), sweepId: 12, name: 'sweep 12 · trial 1 · hiddenSize=16' }])
    release()
    await flushPromises()
    expect(w.find('[data-testid="sweep-stored"]').exists()).toBe(false)
    w.unmount()
  })

  it("says why a sweep's global runs stored before runs kept their validation score have no rank", async () => {
    // stored before: no score in the summary, so no rank (trialForecast null), and the panel says why
    const old = (id: number, loss: number) => ({ ...summary(id, loss), name: `sweep: hiddenSize=${id}`, trialForecast: null, trialUnranked: 'stored-before' as const })
    api.listRuns.mockImplementation(async () => [old(8, 0.3359), old(16, 0.3458)])
    const w = await panel()
    await start(w).trigger('click')
    release()
    await flushPromises()
    expect(w.findAll('[data-testid="sweep-ranking"] tbody tr').map((tr) => tr.findAll('td')[0]!.text())).toEqual(['—', '—'])
    expect(w.find('[data-testid="sweep-unranked"]').text()).toBe(
      'sweep: hiddenSize=8 and sweep: hiddenSize=16 have no rank: their runs were stored before runs kept the validation score of what they forecast, and it cannot be recomputed from what they store (not their validation forecasts); train them again to rank them.'
    )
    w.unmount()
  })

  it('says beside the field which value is not a number, with Start off', async () => {
    const w = await panel()
    const values = w.find('[data-testid="sweep-values-0"]')
    await values.setValue('16, abc')
    const error = w.find('[data-testid="sweep-error-0"]')
    expect(error.text()).toBe('“abc” is not a number; Hidden size takes numbers, comma-separated.')
    expect(values.attributes('aria-invalid')).toBe('true')
    expect(values.attributes('aria-describedby')).toBe(error.attributes('id'))
    expect(start(w).attributes('disabled')).toBeDefined()
    await values.setValue('16, 2.5')
    expect(w.find('[data-testid="sweep-error-0"]').text()).toBe('“2.5” is not a whole number; Hidden size takes whole numbers.')
    expect(start(w).attributes('disabled')).toBeDefined()
    await start(w).trigger('click')
    expect(api.startSweep).not.toHaveBeenCalled()
    await values.setValue('16, 32')
    expect(w.find('[data-testid="sweep-error-0"]').exists()).toBe(false)
    expect(start(w).attributes('disabled')).toBeUndefined()
    expect(start(w).text()).toBe('Start sweep (2 runs)')
    w.unmount()
  })

  it('refuses one setting in both rows, saying so, rather than dropping a row', async () => {
    const w = await panel()
    await w.find('[data-testid="sweep-values-0"]').setValue('16, 32')
    await w.find('[data-testid="sweep-path-1"]').setValue('model.hiddenSize')
    await w.find('[data-testid="sweep-values-1"]').setValue('64')
    expect(w.find('[data-testid="sweep-error-1"]').text()).toBe('Hidden size is already Setting 1: put all its values there, or choose another setting.')
    expect(w.find('[data-testid="sweep-path-1"]').attributes('aria-invalid')).toBe('true')
    expect(start(w).attributes('disabled')).toBeDefined()
    await w.find('[data-testid="sweep-path-1"]').setValue('training.lr')
    await w.find('[data-testid="sweep-values-1"]').setValue('0.01, 0.001')
    expect(w.find('[data-testid="sweep-error-1"]').exists()).toBe(false)
    expect(start(w).text()).toBe('Start sweep (4 runs)')
    expect(start(w).attributes('disabled')).toBeUndefined()
    w.unmount()
  })
})
