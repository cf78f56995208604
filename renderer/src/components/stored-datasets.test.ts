// @vitest-environment happy-dom
// The Data view's list of stored datasets with a fake api: each with its rows, columns, size, when
// it was imported and the runs that use it; Open makes it the working dataset; Delete asks first,
// then deletes and reads the list again; a dataset that runs use has Delete off with the store's
// reason beside it, and a refusal from the store (a run started meanwhile) is said.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, type StoredDatasetInfo } from '../../../electron/contract'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { formatWhen } from '../lib/columns'
import { answerConfirm, confirmOpen } from '../test/confirm'
import { setUpView, smallDataset, type FakeApi } from '../test/fakes'
import DataView from '../views/DataView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const IMPORTED = Date.UTC(2026, 4, 3, 9, 30)
const info = (id: number, name: string, runIds: number[], over: Partial<StoredDatasetInfo> = {}): StoredDatasetInfo => ({
  id, name, sourceFile: `/home/ana/${name}`, rowCount: 250_000, importedAt: IMPORTED,
  columns: [{ name: 'date', kind: 'date', unit: null }, { name: 'temp', kind: 'numeric', unit: '°C' }, { name: 'sky', kind: 'categorical', unit: null }],
  runIds, bytes: 16_000_000,
  inUse: runIds.length ? `dataset ${id} is used by runs ${runIds.join(' and ')}; delete those runs first` : null,
  sameRows: [],
  ...over
})

let api: FakeApi
let mountOptions: ReturnType<typeof setUpView>['mountOptions']
let stored: StoredDatasetInfo[]
beforeEach(() => {
  localStorage.clear()
  stored = [info(4, 'spare.csv', [], { bytes: 1_300, rowCount: 80 }), info(2, 'weather.csv', [3, 5])]
  const ds = smallDataset(60)
  ;({ api, mountOptions } = setUpView({
    listDatasets: vi.fn(async () => stored),
    deleteDataset: vi.fn(async ({ datasetId }: { datasetId: number }) => {
      stored = stored.filter((d) => d.id !== datasetId)
      return { deleted: true, said: `dataset ${datasetId} deleted; the database file went from 16.8 MB to 0.4 MB` }
    }),
    getDataset: vi.fn(async ({ datasetId }: { datasetId: number }) => ({ summary: { id: datasetId, name: 'spare.csv', sourceFile: null, rowCount: ds.rowCount, importedAt: 0, columns: [] }, columns: ds.columns.filter((c) => c.kind !== 'text') }))
  }))
  setImportWorkerFactory(() => { throw new Error('no worker here') })
})
afterEach(() => vi.unstubAllGlobals())

async function view(): Promise<VueWrapper> {
  const w = mount(DataView, mountOptions)
  await flushPromises()
  return w
}
const row = (w: VueWrapper, id: number) => w.find(`[data-testid="stored-datasets-table"] tr[data-dataset="${id}"]`)
const cells = (w: VueWrapper, id: number) => row(w, id).findAll('td').map((td) => td.text())
const deleteOf = (w: VueWrapper, id: number) => row(w, id).find('[data-testid="stored-delete"]')

describe('Stored datasets in the Data view', () => {
  it('lists each dataset with its rows, columns, size, import time and runs', async () => {
    const w = await view()
    expect(w.find('#stored-datasets-title').text()).toBe('Stored datasets (2)')
    expect(cells(w, 2).slice(0, 7)).toEqual(['2', 'weather.csv', '250,000', '3', '16.0 MB', formatWhen(IMPORTED), '2 (#3, #5)'])
    expect(cells(w, 4).slice(0, 7)).toEqual(['4', 'spare.csv', '80', '3', '1.3 kB', formatWhen(IMPORTED), 'none'])
    expect(row(w, 2).find('[data-testid="stored-name"]').attributes('title')).toBe('/home/ana/weather.csv')
    w.unmount()
  })

  it('says beside a dataset which others hold the same rows (an older version kept one per run), and nothing beside the rest', async () => {
    stored = [info(5, 'weather.csv', [], { sameRows: [1, 2] }), info(3, 'co2.csv', [4]), info(2, 'weather.csv', [2], { sameRows: [1, 5] }), info(1, 'weather.csv', [1], { sameRows: [2, 5] })]
    const w = await view()
    expect(row(w, 5).find('[data-testid="stored-same"]').text()).toBe('Same rows as datasets #1 and #2')
    expect(row(w, 1).find('[data-testid="stored-same"]').text()).toBe('Same rows as datasets #2 and #5')
    expect(row(w, 3).find('[data-testid="stored-same"]').exists()).toBe(false)
    // nothing is merged: each stays its own row, with its own Delete
    expect(w.findAll('[data-testid="stored-datasets-table"] tbody tr')).toHaveLength(4)
    stored = [info(5, 'weather.csv', [], { sameRows: [1] }), info(1, 'weather.csv', [1], { sameRows: [5] })]
    await w.find('#stored-datasets-title').element.parentElement!.querySelector('button')!.click()
    await flushPromises()
    expect(row(w, 5).find('[data-testid="stored-same"]').text()).toBe('Same rows as dataset #1')
    w.unmount()
  })

  it("turns Delete off for a dataset runs use, its reason in the title and beside it, and asks nothing", async () => {
    const w = await view()
    const del = deleteOf(w, 2)
    const reason = 'Dataset 2 is used by runs 3 and 5; delete those runs first.'
    expect(del.attributes('disabled')).toBeDefined()
    expect(del.attributes('title')).toBe(reason)
    const hint = row(w, 2).find('[data-testid="stored-in-use"]')
    expect(hint.text()).toBe(reason)
    expect(del.attributes('aria-describedby')).toBe(hint.attributes('id'))
    await del.trigger('click')
    await flushPromises()
    expect(confirmOpen(w)).toBe(false)
    expect(api.deleteDataset).not.toHaveBeenCalled()
    // one no run uses: Delete is on, with no hint
    expect(deleteOf(w, 4).attributes('disabled')).toBeUndefined()
    expect(row(w, 4).find('[data-testid="stored-in-use"]').exists()).toBe(false)
    w.unmount()
  })

  it('deletes a dataset no run uses once confirmed, says what it gave back and lists the rest', async () => {
    const w = await view()
    await deleteOf(w, 4).trigger('click')
    expect(await answerConfirm(w, false)).toContain('Delete dataset #4 “spare.csv” (80 rows, 1.3 kB)?')
    expect(api.deleteDataset).not.toHaveBeenCalled()
    await deleteOf(w, 4).trigger('click')
    await answerConfirm(w, true)
    expect(api.deleteDataset).toHaveBeenCalledWith({ datasetId: 4 })
    expect(w.find('[data-testid="stored-datasets-done"]').text()).toBe('Dataset 4 deleted; the database file went from 16.8 MB to 0.4 MB.')
    expect(row(w, 4).exists()).toBe(false)
    expect(w.find('#stored-datasets-title').text()).toBe('Stored datasets (1)')
    w.unmount()
  })

  it("says the store's refusal when a run started from it meanwhile, and shows the list as it now is", async () => {
    const w = await view()
    stored = [info(4, 'spare.csv', [9]), stored[1]!]
    vi.mocked(api.deleteDataset).mockRejectedValueOnce(new ApiError({ name: 'StoreError', code: 'in-use', message: 'dataset 4 is used by run 9; delete run 9 first' }))
    await deleteOf(w, 4).trigger('click')
    await answerConfirm(w, true)
    expect(w.find('[data-testid="stored-datasets-error"]').text()).toBe('Dataset 4 is used by run 9; delete run 9 first.')
    expect(deleteOf(w, 4).attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('opens a stored dataset as the working one; deleting it then leaves it open, to be stored again by a run', async () => {
    const w = await view()
    await row(w, 4).find('[data-testid="stored-open"]').trigger('click')
    await flushPromises()
    const data = useDatasetStore()
    expect(api.getDataset).toHaveBeenCalledWith({ datasetId: 4 })
    expect(data.datasetId).toBe(4)
    expect(data.fileName).toBe('spare.csv')
    expect(row(w, 4).find('[data-testid="stored-open"]').attributes('disabled')).toBeDefined()
    expect(row(w, 4).text()).toContain('open')
    await deleteOf(w, 4).trigger('click')
    await answerConfirm(w, true)
    expect(data.datasetId).toBeNull()
    expect(data.dataset?.rowCount).toBe(60)
    w.unmount()
  })

  it('moves the focus a pressed Open or Delete loses to the line that says what happened', async () => {
    const w = mount(DataView, { ...mountOptions, attachTo: document.body })
    await flushPromises()
    const press = async (b: ReturnType<typeof deleteOf>) => {
      ;(b.element as HTMLButtonElement).focus()
      await b.trigger('click')
      if (confirmOpen(w)) await answerConfirm(w, true)
      await flushPromises()
    }
    // Open turns itself off: the focus goes to the line saying the dataset is open
    await press(row(w, 4).find('[data-testid="stored-open"]'))
    const done = () => w.find('[data-testid="stored-datasets-done"]')
    expect(done().text()).toBe('Dataset #4 “spare.csv” is open, to set up a new run on it.')
    expect(document.activeElement).toBe(done().element)
    // Delete takes its row away: the focus goes to the line saying what it gave back
    await press(deleteOf(w, 4))
    expect(row(w, 4).exists()).toBe(false)
    expect(done().text()).toBe('Dataset 4 deleted; the database file went from 16.8 MB to 0.4 MB.')
    expect(document.activeElement).toBe(done().element)
    // a refused Delete turns its button off: the focus goes to the refusal
    stored = [info(6, 'late.csv', []), ...stored]
    await w.findAll('[data-testid="stored-datasets"] button').find((b) => b.text() === 'Refresh')!.trigger('click')
    await flushPromises()
    stored = [info(6, 'late.csv', [9]), ...stored.slice(1)]
    vi.mocked(api.deleteDataset).mockRejectedValueOnce(new ApiError({ name: 'StoreError', code: 'in-use', message: 'dataset 6 is used by run 9; delete run 9 first' }))
    await press(deleteOf(w, 6))
    expect(deleteOf(w, 6).attributes('disabled')).toBeDefined()
    expect(document.activeElement).toBe(w.find('[data-testid="stored-datasets-error"]').element)
    w.unmount()
  })

  it('shows nothing while no dataset is stored, and says why when the list cannot be read', async () => {
    stored = []
    const w = await view()
    expect(w.find('[data-testid="stored-datasets"]').exists()).toBe(false)
    w.unmount()
    vi.mocked(api.listDatasets).mockRejectedValueOnce(new ApiError({ name: 'Error', code: 'not-available', message: 'the run store is not part of this build' }))
    const v = await view()
    expect(v.find('[data-testid="stored-datasets-error"]').text()).toBe('Could not list the stored datasets: the run store is not part of this build')
    v.unmount()
  })

  it('a dataset, or the runs that used one, deleted in another window or tab: the list is read again at once', async () => {
    const w = await view()
    stored = [info(2, 'weather.csv', [])] // spare.csv deleted elsewhere, and runs 3 and 5 with it
    api.emit({ runId: null, event: { type: 'deleted', runIds: [3, 5], datasetIds: [4] } })
    await flushPromises()
    expect(row(w, 4).exists()).toBe(false)
    expect(cells(w, 2)[6]).toBe('none')
    expect(deleteOf(w, 2).attributes('disabled')).toBeUndefined()
    w.unmount()
    // once gone, the view reads nothing more on a deletion
    const reads = vi.mocked(api.listDatasets).mock.calls.length
    api.emit({ runId: null, event: { type: 'deleted', runIds: [1], datasetIds: [] } })
    await flushPromises()
    expect(api.listDatasets).toHaveBeenCalledTimes(reads)
  })
})
