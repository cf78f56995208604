// @vitest-environment happy-dom
// Setup's draft survives a reload: the stored dataset reopened after it comes back with the draft
// that was being edited for it, not the defaults; another dataset, a fresh import, a draft that no
// longer fits and "Reset to defaults" get the defaults.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, expect, it, vi } from 'vitest'
import { setApi } from '../api'
import { setImportWorkerFactory, useDatasetStore } from './dataset'
import { DRAFT_KEY, useSetupStore } from './setup'
import { fakeApi, setUpView, smallDataset } from '../test/fakes'

function serve(): void {
  const ds = smallDataset(120)
  const columns = ds.columns
  setApi(fakeApi({ getDataset: vi.fn(async ({ datasetId }: { datasetId: number }) => ({ summary: { id: datasetId, name: `d${datasetId}.csv`, sourceFile: null, rowCount: ds.rowCount, importedAt: 0, columns: [] }, columns })) }))
  setImportWorkerFactory(() => { throw new Error('no worker here') }) // the summary then comes from the main thread
}

beforeEach(() => {
  setUpView()
  localStorage.clear()
  serve()
})

/** A fresh page (stores and all) that reopens stored dataset `id`, as App does after a reload. */
async function reload(id: number) {
  setUpView()
  serve()
  const data = useDatasetStore()
  const setup = useSetupStore()
  await data.loadStored(id)
  await flushPromises()
  return { data, setup }
}

it('the draft edited for a stored dataset is the draft again after a reload', async () => {
  const first = await reload(9)
  expect(first.setup.draft!.data.target).toBe('temp')
  const defaults = JSON.parse(JSON.stringify(first.setup.draft))
  first.setup.draft!.data.lookBack = 17
  first.setup.draft!.training.epochs = 5
  first.setup.draft!.model.cell = 'gru'
  await flushPromises()

  const again = await reload(9)
  expect(again.setup.draft!.data.lookBack).toBe(17)
  expect(again.setup.draft!.training.epochs).toBe(5)
  expect(again.setup.draft!.model.cell).toBe('gru')
  // "Reset to defaults" still resets, and what it gives is kept from then on
  again.setup.resetWithUndo()
  await flushPromises()
  expect(again.setup.draft).toEqual(defaults)
  expect((await reload(9)).setup.draft).toEqual(defaults)
})

it('another dataset, or a kept draft that no longer fits the columns, starts from the defaults', async () => {
  const first = await reload(9)
  first.setup.draft!.data.lookBack = 17
  await flushPromises()
  expect((await reload(3)).setup.draft!.data.lookBack).not.toBe(17)
  // the kept draft is now dataset 3's; one naming a column the dataset lacks is not adopted
  localStorage.setItem(DRAFT_KEY, JSON.stringify({ datasetId: 9, config: { ...JSON.parse(JSON.stringify(first.setup.draft)), data: { ...first.setup.draft!.data, features: ['rain'] } } }))
  expect((await reload(9)).setup.draft!.data.lookBack).not.toBe(17)
  localStorage.setItem(DRAFT_KEY, '{not json')
  expect((await reload(9)).setup.draft!.data.target).toBe('temp')
})

it('a draft edited on a fresh import is kept once the dataset is stored (its first run), for the reload after', async () => {
  setApi(fakeApi({ saveDataset: vi.fn(async () => ({ datasetId: 4, reused: false })) }))
  const data = useDatasetStore()
  const setup = useSetupStore()
  data.dataset = smallDataset(120)
  await flushPromises()
  setup.draft!.data.horizon = 7
  setup.draft!.training.epochs = 9
  await flushPromises()
  expect(await data.save()).toBe(4)
  await flushPromises()
  const again = await reload(4)
  expect([again.setup.draft!.data.horizon, again.setup.draft!.training.epochs]).toEqual([7, 9])
})
