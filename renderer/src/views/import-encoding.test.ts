// @vitest-environment happy-dom
// A Windows-1252 file (Excel's plain "CSV (Comma delimited)"), refused as UTF-8 with the column and
// Excel's steps, is read as Windows-1252 by one click on the refusal, never unasked (exploratory
// pass 25, finding 5).
import { Blob } from 'node:buffer'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ImportOptions } from '../../../core/data/types'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { importingWorker, setUpView } from '../test/fakes'
import DataView from './DataView.vue'

enableAutoUnmount(afterEach)
vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ pinia } = setUpView())
})

describe('a Windows-1252 file', () => {
  it('is refused with Excel\'s steps and a button that reads it as Windows-1252, which then says so', async () => {
    const text = 'date,ventes_été\n' + Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},${i}`).join('\n') + '\n'
    const file = new Blob([Buffer.from(text, 'latin1')]) as unknown as File
    const seen: ImportOptions[] = []
    setImportWorkerFactory(importingWorker(seen))
    const ds = useDatasetStore()
    const w = mount(DataView, { global: { plugins: [pinia] } })
    expect(await ds.importFrom(file, 'ventes.csv')).toBe(false)
    await flushPromises()
    const alert = () => w.get('[data-testid="import-error"]').text()
    expect(alert()).toContain('Could not import ventes.csv.')
    expect(alert()).toContain('bytes that are not valid UTF-8 in column 2 of the header')
    expect(alert()).toContain('"CSV UTF-8 (Comma delimited)"')
    expect(w.get('[data-testid="read-as-windows-1252"]').text()).toBe('Read as Windows-1252')
    await w.get('[data-testid="read-as-windows-1252"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="import-error"]').exists()).toBe(false)
    expect(seen.map((o) => o.encoding)).toEqual([undefined, 'windows-1252'])
    expect(ds.dataset?.columns.map((c) => c.name)).toEqual(['date', 'ventes_été'])
    expect(ds.dataset?.notices.find((n) => n.code === 'encoding')?.message).toBe('read as Windows-1252 (as asked), not UTF-8')
    expect(w.get('[data-testid="import-notes"]').text()).toContain('read as Windows-1252 (as asked), not UTF-8')
  })
})
