// @vitest-environment happy-dom
// Imports are atomic on screen too (issue 18): a refused file leaves the previous dataset fully
// shown, under its own name, and Continue waits for a good import or a dismissed error.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { doneReply, fakeWorker, setUpView } from '../test/fakes'
import DataView from './DataView.vue'

// unmount every view after its test, so the Series chart's staged drawing never fires on a gone DOM
enableAutoUnmount(afterEach)

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ pinia } = setUpView())
})
const refusal = { type: 'error' as const, error: { name: 'ImportError', code: 'ragged-row', message: 'bad.csv (line 3, record 2): expected 3 fields, found 2' } }

describe('a refused import', () => {
  it('keeps the previous file\'s name with its rows, says so, and disables Continue until dismissed', async () => {
    const ds = useDatasetStore()
    setImportWorkerFactory(fakeWorker(doneReply()))
    expect(await ds.importFrom('good', 'small.csv')).toBe(true)
    const w = mount(DataView, { global: { plugins: [pinia] } })
    await flushPromises()
    expect(w.find('[data-testid="continue-setup"]').attributes('disabled')).toBeUndefined()

    setImportWorkerFactory(fakeWorker(refusal))
    expect(await ds.importFrom('bad', 'bad.csv')).toBe(false)
    await flushPromises()
    expect(ds.fileName).toBe('small.csv')
    expect(ds.dataset?.file).toBe('small.csv')
    expect(w.find('[data-testid="import-error"]').text()).toContain('Could not import bad.csv.')
    expect(w.find('[data-testid="import-kept"]').text()).toBe('Still showing small.csv, unchanged; open a corrected file to continue.')
    expect(w.text()).not.toMatch(/bad\.csv\s*file/) // the file tile still names small.csv
    expect(w.find('[data-testid="continue-setup"]').attributes('disabled')).toBeDefined()
    await w.find('[data-testid="dismiss-import-error"]').trigger('click')
    expect(w.find('[data-testid="continue-setup"]').attributes('disabled')).toBeUndefined()
  })

  it('a retype that fails names the column, keeps its type and does not claim an import failed', async () => {
    const ds = useDatasetStore()
    setImportWorkerFactory(fakeWorker(doneReply()))
    await ds.importFrom('good', 'small.csv')
    setImportWorkerFactory(fakeWorker({ type: 'error', error: { name: 'ImportError', code: 'bad-number', message: 'line 4: "sun" is not a number' } }))
    await ds.retype('sky', 'numeric')
    expect(ds.overrides).toEqual({})
    const w = mount(DataView, { global: { plugins: [pinia] } })
    await flushPromises()
    const text = w.find('[data-testid="import-error"]').text()
    expect(text).toContain('Could not read column sky as numeric.')
    expect(text).toContain('The column keeps its previous type; nothing else changed.')
    expect(text).not.toContain('Could not import')
  })
})
