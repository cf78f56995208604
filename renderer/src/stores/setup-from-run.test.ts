// @vitest-environment happy-dom
// Runs › Settings: a stored run's settings become Setup's draft, to change one thing and train
// again. The run's dataset is opened first when another one is open; a run whose columns its
// dataset no longer has is refused, and the draft stays as it was.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { TrainConfig } from '../../../core/train/types'
import type { RunDetail, RunSummary } from '../../../electron/contract'
import { setImportWorkerFactory, useDatasetStore } from './dataset'
import { DRAFT_KEY, useSetupStore } from './setup'
import { useUiStore } from './ui'
import { afterStages, setUpView, smallDataset } from '../test/fakes'
import SetupView from '../views/SetupView.vue'
import RunsView from '../views/RunsView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const summary = (id: number, datasetId: number, name: string | null = null): RunSummary => ({
  id, datasetId, sweepId: null, name, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'gru', epochs: 5,
  bestValLoss: 0.1, testMetric: { metric: 'rmse', value: 1, skill: 0.1 }, datasetName: `d${datasetId}.csv`, target: 'temp'
})
function tuned(target = 'temp'): TrainConfig {
  const c = defaultConfig(target)
  c.data.time = 'date'
  c.data.features = []
  c.data.lookBack = 17
  c.data.horizon = 3
  c.model.cell = 'gru'
  c.training.epochs = 5
  return c
}

function untimed(): TrainConfig {
  const c = tuned()
  delete c.data.time
  return c
}

let runs: Record<number, RunDetail>
let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  localStorage.clear()
  const ds = smallDataset(120)
  runs = {
    7: { summary: summary(7, 9, 'short window'), config: tuned(), epochs: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false, metrics: [] },
    8: { summary: summary(8, 9), config: { ...tuned(), data: { ...tuned().data, features: ['rain'] } }, epochs: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false, metrics: [] },
    // as fw train stores it: no data.time, so it trained on the dataset's time column
    9: { summary: summary(9, 9), config: untimed(), epochs: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false, metrics: [] }
  }
  ;({ mountOptions } = setUpView({
    listRuns: vi.fn(async () => Object.values(runs).map((d) => d.summary)),
    getRun: vi.fn(async ({ runId }: { runId: number }) => runs[runId]!),
    getDataset: vi.fn(async ({ datasetId }: { datasetId: number }) => ({ summary: { id: datasetId, name: `d${datasetId}.csv`, sourceFile: null, rowCount: ds.rowCount, importedAt: 0, columns: [] }, columns: ds.columns }))
  }))
  setImportWorkerFactory(() => { throw new Error('no worker here') })
})

it("opens the run's dataset and takes its settings as the draft, kept across a reload", async () => {
  const data = useDatasetStore()
  const setup = useSetupStore()
  await data.loadStored(3)
  await flushPromises()
  expect(setup.draft!.data.lookBack).not.toBe(17)

  await setup.fromRun(7)
  await flushPromises()
  expect(data.datasetId).toBe(9)
  expect(setup.draft).toEqual(tuned())
  expect(setup.check.config).not.toBeNull()
  expect(setup.from).toEqual({ runId: 7, name: 'short window' })
  expect(JSON.parse(localStorage.getItem(DRAFT_KEY)!)).toEqual({ datasetId: 9, config: tuned() })
  // "Reset to defaults" forgets where they came from
  setup.resetWithUndo()
  expect(setup.from).toBeNull()
  expect(setup.draft!.data.lookBack).not.toBe(17)
})

it("a run stored without a time column (fw train's) shows the dataset's, which it trained on; Setup offers no 'none' it would not honour", async () => {
  const setup = useSetupStore()
  await setup.fromRun(9)
  await flushPromises()
  expect(setup.draft!.data.time).toBe('date')
  const w = mount(SetupView, mountOptions)
  await afterStages()
  const select = w.find('[data-testid="role-time"]')
  expect((select.element as HTMLSelectElement).value).toBe('date')
  expect(select.findAll('option').map((o) => o.text())).toEqual(['date'])
  w.unmount()
})

it('refuses a run whose columns the dataset no longer has, and leaves the draft as it was', async () => {
  const data = useDatasetStore()
  const setup = useSetupStore()
  await data.loadStored(9)
  await flushPromises()
  const before = JSON.parse(JSON.stringify(setup.draft))
  await expect(setup.fromRun(8)).rejects.toThrow(/Run #8 needs column “rain”/)
  expect(setup.draft).toEqual(before)
  expect(setup.from).toBeNull()
})

it('the Settings button of a run row goes to Setup with that run’s settings', async () => {
  const w = mount(RunsView, mountOptions)
  await flushPromises()
  await w.find('[data-run="7"] [data-testid="use-settings"]').trigger('click')
  await flushPromises()
  expect(useUiStore().view).toBe('setup')
  expect(useSetupStore().draft!.data.lookBack).toBe(17)
  // a refused run says why on the Runs view, and stays there
  useUiStore().go('runs')
  await w.find('[data-run="8"] [data-testid="use-settings"]').trigger('click')
  await flushPromises()
  expect(w.find('[role="alert"]').text()).toMatch(/needs column “rain”/)
  expect(useUiStore().view).toBe('runs')
})
