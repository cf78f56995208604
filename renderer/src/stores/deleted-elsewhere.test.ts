// @vitest-environment happy-dom
// Runs and datasets deleted in one window or browser tab reach every other at once, on main's
// deletion event (electron/contract.ts checkDeletedMessage): the Runs list drops them, the run shown
// in Train, Evaluate and Export/Forecast is no longer shown and why is said, and the open file forgets
// its stored number (Setup's next Start stores it again), with no request made to learn it.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunEventMessage, RunListItem } from '../../../electron/contract'
import { importedSmall, setUpView, type FakeApi } from '../test/fakes'
import { useRunStore } from './run'
import EvaluateView from '../views/EvaluateView.vue'
import ExportView from '../views/ExportView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const item = (id: number) => ({ id, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 2, bestValLoss: 0.5, testMetric: null }) as unknown as RunListItem
const deleted = (runIds: number[], datasetIds: number[] = []): RunEventMessage => ({ runId: null, event: { type: 'deleted', runIds, datasetIds } })

let api: FakeApi
let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  ;({ api, mountOptions } = setUpView({
    listRuns: vi.fn(async () => [item(1), item(2), item(3)]),
    getRun: vi.fn(async ({ runId }: { runId: number }) => ({ summary: item(runId), config: defaultConfig('temp'), epochs: [], metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false }))
  }))
})

describe('a deletion told by main', () => {
  it('drops the runs from the Runs list at once, without reading the list again', async () => {
    const run = useRunStore()
    run.subscribe()
    await run.refreshList()
    const reads = vi.mocked(api.listRuns).mock.calls.length
    api.emit(deleted([2, 9]))
    expect(run.runs.map((r) => r.id)).toEqual([1, 3])
    expect(api.listRuns).toHaveBeenCalledTimes(reads)
  })

  it('the run shown, deleted in another window or tab: Evaluate and Export say so at once and show it no longer', async () => {
    const run = useRunStore()
    await run.open(2)
    const evaluate = mount(EvaluateView, mountOptions)
    const exported = mount(ExportView, mountOptions)
    api.emit(deleted([2]))
    await flushPromises()
    expect(run.runId).toBeNull()
    expect(run.detail).toBeNull()
    for (const w of [evaluate, exported]) expect(w.get('[data-testid="run-gone"]').text()).toBe('Run #2 was deleted in another window or tab; open another from Runs.')
    evaluate.unmount()
    exported.unmount()
  })

  it('a run deleted by this window (its event before main’s answer): no longer shown, and nothing said', async () => {
    const run = useRunStore()
    await run.open(2)
    await run.deleteHere([2], async () => {
      api.emit(deleted([2])) // Electron sends the event before the verb's answer
      return { deleted: true }
    })
    expect(run.runId).toBeNull()
    expect(run.gone).toBeNull()
  })

  it('another run deleted: the run shown stays', async () => {
    const run = useRunStore()
    await run.open(2)
    api.emit(deleted([1, 3]))
    expect(run.runId).toBe(2)
    expect(run.gone).toBeNull()
  })

  it("Setup's dataset deleted: the open file stays open, its stored number forgotten; another's is kept", async () => {
    useRunStore().subscribe()
    api.saveDataset = vi.fn(async () => ({ datasetId: 4, reused: false }))
    const ds = await importedSmall()
    await ds.save()
    api.emit(deleted([], [7]))
    expect(ds.datasetId).toBe(4)
    api.emit(deleted([], [4]))
    expect(ds.datasetId).toBeNull()
    expect(ds.dataset).not.toBeNull()
  })

  it('a malformed deletion is dropped, not guessed at', async () => {
    const run = useRunStore()
    await run.open(2)
    api.emit({ runId: 2, event: { type: 'deleted', runIds: [2], datasetIds: [] } })
    api.emit({ runId: null, event: { type: 'deleted', runIds: ['2' as unknown as number], datasetIds: [] } })
    expect(run.runId).toBe(2)
    expect(run.runs.map((r) => r.id)).toEqual([1, 2, 3])
  })
})
