// @vitest-environment happy-dom
// A file imported again is the dataset stored already (main's saveOrReuse): the Data view and the
// run started from it say which number was reused, and say nothing of a dataset stored anew.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import { useRunStore } from '../stores/run'
import { importedSmall, setUpView } from '../test/fakes'
import type { FakeApi } from '../test/fakes'
import DataView from './DataView.vue'
import TrainView from './TrainView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))
enableAutoUnmount(afterEach)

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView({ startRun: vi.fn(async () => ({ startId: 12 })) }))
})
const opts = () => ({ global: { plugins: [pinia] } })

describe('a file stored already', () => {
  it('is said reused, by its number, in the Data view and on the run started from it', async () => {
    api.saveDataset = vi.fn(async () => ({ datasetId: 3, reused: true }))
    const ds = await importedSmall()
    const data = mount(DataView, opts())
    await flushPromises()
    expect(data.find('[data-testid="dataset-reused"]').exists()).toBe(false) // not stored yet
    const id = await ds.save()
    await useRunStore().start(id, defaultConfig('temp'))
    await flushPromises()
    expect(data.get('[data-testid="dataset-reused"]').text()).toBe('small.csv is already stored as dataset 3; reused, not stored again.')
    const train = mount(TrainView, opts())
    await flushPromises()
    expect(train.get('[data-testid="dataset-reused"]').text()).toContain('already stored as dataset 3; reused')
    // another file opened: no longer said of it
    await ds.importFrom('csv text', 'other.csv')
    await flushPromises()
    expect(data.find('[data-testid="dataset-reused"]').exists()).toBe(false)
    expect(train.find('[data-testid="dataset-reused"]').exists()).toBe(false)
  })

  it('a dataset stored anew is not said reused', async () => {
    api.saveDataset = vi.fn(async () => ({ datasetId: 4, reused: false }))
    const ds = await importedSmall()
    await ds.save()
    const data = mount(DataView, opts())
    await flushPromises()
    expect(data.find('[data-testid="dataset-reused"]').exists()).toBe(false)
  })
})
