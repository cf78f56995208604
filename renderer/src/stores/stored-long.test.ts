// @vitest-environment happy-dom
// A long file reopened from storage (a reload, Runs › Settings) reads its time within each series,
// as its import did: the step back from one store's last month to the next store's first is no gap.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, expect, it, vi } from 'vitest'
import type { Column } from '../../../core/data/types'
import { setImportWorkerFactory, useDatasetStore } from './dataset'
import { setUpView } from '../test/fakes'

function longColumns(stores: number, months: number): Column[] {
  const n = stores * months
  return [
    { kind: 'date', name: 'date', values: Float64Array.from({ length: n }, (_, i) => Date.UTC(2022, i % months, 1)), format: 'iso', hasTime: false },
    { kind: 'categorical', name: 'store', codes: Int32Array.from({ length: n }, (_, i) => Math.floor(i / months)), levels: Array.from({ length: stores }, (_, k) => String.fromCharCode(65 + k)) },
    { kind: 'numeric', name: 'sales', values: Float64Array.from({ length: n }, (_, i) => 100 + (i % months) + 10 * Math.floor(i / months)) }
  ]
}

beforeEach(() => {
  const columns = longColumns(3, 24)
  setUpView({ getDataset: vi.fn(async ({ datasetId }: { datasetId: number }) => ({ summary: { id: datasetId, name: 'stores.csv', sourceFile: null, rowCount: 72, importedAt: 0, columns: [] }, columns })) })
  setImportWorkerFactory(() => { throw new Error('no worker here') })
})

it('proposes the series id and warns of no gap between one series and the next', async () => {
  const data = useDatasetStore()
  await data.loadStored(4)
  await flushPromises()
  expect(data.series?.columns).toEqual(['store'])
  expect(data.warnings.map((w) => w.code)).not.toContain('irregular')
  expect(data.dataset!.series).toEqual({ columns: ['store'], count: 3, declared: false })
})
