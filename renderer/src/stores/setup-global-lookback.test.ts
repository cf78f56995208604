// @vitest-environment happy-dom
// Setup's default look-back for one model across all series of a long file is fw train --global's
// (core/train/global-lookback.ts: the median of the series' own defaults), whatever the order of the
// rows; it was the first series' (last stop's note, item 1). The view still shows the first series;
// a series picked in Data still takes its own. core/cli/global-lookback-order.test.ts reads the same
// file through fw train.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, expect, it } from 'vitest'
import { importCsv } from '../../../core/data/import'
import { storesCsv } from '../../../core/train/test-fixtures/stores-of-three-lengths'
import { useDatasetStore } from './dataset'
import { useSetupStore } from './setup'
import { setUpView } from '../test/fakes'

beforeEach(() => {
  setUpView()
})

async function open(order: string[]) {
  const data = useDatasetStore()
  const setup = useSetupStore()
  data.series = { columns: ['store'], count: 3, values: null }
  data.dataset = await importCsv(storesCsv(order), { fileName: 'stores.csv' })
  await flushPromises()
  return { data, setup }
}

it("takes the median of the series' own look-backs, whichever series comes first, as fw train --global does", async () => {
  const got: number[] = []
  for (const order of [['a', 'b', 'c'], ['c', 'b', 'a']]) {
    const { setup } = await open(order)
    // no series picked yet: shown is the first series, the default is every series'
    expect(setup.shownSeries?.label).toBe(`store = ${order[0]}`)
    const before = setup.draft!.data.lookBack
    setup.chooseGlobal({ short: 'skip', oneHot: false })
    await flushPromises()
    expect(setup.draft!.data.lookBack).toBe(before)
    got.push(setup.draft!.data.lookBack)
  }
  expect(got[1]).toBe(got[0])
  // fw train --global's on the same file (global-lookback-order.test.ts): the 60-month store's 20
  expect(got[0]).toBe(20)
})

it('a series picked in Data takes its own default, and one model across all series the median again', async () => {
  const { data, setup } = await open(['c', 'b', 'a'])
  data.pickSeries(['a'])
  await flushPromises()
  const a = setup.draft!.data.lookBack
  expect(a).toBeLessThan(20) // 40 months: 24 rows capped
  setup.chooseGlobal({ short: 'skip', oneHot: false })
  await flushPromises()
  expect(setup.draft!.data.lookBack).toBe(20)
  // a look-back set by hand is kept when the choice changes
  setup.draft!.data.lookBack = 9
  setup.chooseGlobal(null)
  await flushPromises()
  expect(setup.draft!.data.lookBack).toBe(9)
})

it("a loaded config of one model across all series keeps its look-back, though it is the picked series' default", async () => {
  const { data, setup } = await open(['a', 'b', 'c'])
  data.pickSeries(['a'])
  await flushPromises()
  const a = setup.draft!.data.lookBack
  setup.load(JSON.stringify({ data: { target: 'sales', lookBack: a, series: { columns: ['store'], values: null, global: { short: 'skip' } } } }))
  await flushPromises()
  expect(setup.draft!.data.series?.global).toBeTruthy()
  expect(setup.draft!.data.lookBack).toBe(a)
})
