// @vitest-environment happy-dom
// Setup's calendar grid for a long file is decided as fw train decides it (core/train/grid.ts
// autoResampleFor, exploratory pass 20, finding 1): one model across all series takes the grid that a
// store with 2 months absent needs, whichever store comes first; a series picked, its own rows'.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, expect, it, vi } from 'vitest'
import type { Column } from '../../../core/data/types'
import { setImportWorkerFactory, useDatasetStore } from './dataset'
import { useSetupStore } from './setup'
import { setUpView } from '../test/fakes'

/** 3 stores × 36 months, the first store first; store B lacks its months 10 and 11. */
function longColumns(): Column[] {
  const rows: [number, number][] = []
  for (let s = 0; s < 3; s++) for (let m = 0; m < 36; m++) if (!(s === 1 && (m === 10 || m === 11))) rows.push([s, m])
  return [
    { kind: 'date', name: 'date', values: Float64Array.from(rows, ([, m]) => Date.UTC(2020, m, 1)), format: 'iso', hasTime: false },
    { kind: 'categorical', name: 'store', codes: Int32Array.from(rows, ([s]) => s), levels: ['A', 'B', 'C'] },
    { kind: 'numeric', name: 'sales', values: Float64Array.from(rows, ([s, m]) => 100 + 10 * s + (m % 12)) }
  ]
}

beforeEach(() => {
  const columns = longColumns()
  setUpView({ getDataset: vi.fn(async ({ datasetId }: { datasetId: number }) => ({ summary: { id: datasetId, name: 'stores.csv', sourceFile: null, rowCount: 106, importedAt: 0, columns: [] }, columns })) })
  setImportWorkerFactory(() => { throw new Error('no worker here') })
})

it('one model across all series: the monthly grid store B needs, though store A (first) has no gap', async () => {
  const data = useDatasetStore()
  const setup = useSetupStore()
  await data.loadStored(4)
  await flushPromises()
  expect(data.series?.columns).toEqual(['store'])
  setup.chooseGlobal({ short: 'skip', oneHot: false })
  await flushPromises()
  expect(setup.draft!.data.resample).toEqual({ unit: 'month', every: 1, agg: 'mean', auto: true })
  // a series picked: its own rows decide (A has no gap, B has 2 months absent)
  setup.chooseGlobal(null)
  data.pickSeries(['A'])
  await flushPromises()
  expect(setup.draft!.data.resample).toBeNull()
  data.pickSeries(['B'])
  await flushPromises()
  expect(setup.draft!.data.resample).toEqual({ unit: 'month', every: 1, agg: 'mean', auto: true })
})

it('a grid turned Off by hand stays off when one model across all series is chosen (not taken for "auto found none")', async () => {
  const data = useDatasetStore()
  const setup = useSetupStore()
  await data.loadStored(4)
  await flushPromises()
  setup.chooseGrid(null)
  setup.chooseGlobal({ short: 'skip', oneHot: false })
  await flushPromises()
  expect(setup.draft!.data.resample).toBeNull()
  // nor when another series is picked (B has 2 months absent): Off is the user's until a new draft
  data.pickSeries(['B'])
  await flushPromises()
  expect(setup.draft!.data.resample).toBeNull()
})
