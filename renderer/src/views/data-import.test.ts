// @vitest-environment happy-dom
// What the Data view shows once a file is imported: that its numbers were read with a decimal
// comma, and the preview of the new file from its first row.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { importCsv } from '../../../core/data/import'
import type { ImportOptions } from '../../../core/data/types'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { afterStages, doneReply, setUpView } from '../test/fakes'
import DataView from './DataView.vue'

enableAutoUnmount(afterEach)
vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ pinia } = setUpView())
  // the import worker, reading the text as the real one does (core/data/import)
  setImportWorkerFactory(() => {
    const w = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null,
      postMessage(msg: { type: string; source: string; options: ImportOptions }) {
        if (msg.type === 'import') void importCsv(msg.source, msg.options).then((ds) => w.onmessage?.({ data: doneReply(ds) } as MessageEvent))
      },
      terminate() {}
    }
    return w as unknown as Worker
  })
})

const days = (n: number, value: (i: number) => string, sep = ',') =>
  `date${sep}value\n` + Array.from({ length: n }, (_, i) => `${new Date(Date.UTC(2024, 0, 1) + i * 864e5).toISOString().slice(0, 10)}${sep}${value(i)}`).join('\n') + '\n'

describe('Data view after an import', () => {
  it('says a file was read with a decimal comma, with an example of its values; a decimal point says nothing', async () => {
    const ds = useDatasetStore()
    const w = mount(DataView, { global: { plugins: [pinia] } })
    await ds.importFrom(days(10, (i) => `${12 + i},5`, ';'), 'comma.csv')
    await flushPromises()
    expect(w.get('[data-testid="decimal-comma"]').text()).toBe('This file writes numbers with a decimal comma, and they were read so: “12,5” is 12.5. Check that the Min, Max and Mean below look right.')
    expect(w.get('[data-testid="decimal-comma"]').attributes('role')).toBe('note')
    await ds.importFrom(days(10, (i) => `${12 + i}.5`), 'dot.csv')
    await flushPromises()
    expect(w.find('[data-testid="decimal-comma"]').exists()).toBe(false)
  })

  it('shows the numbers of the preview, Min, Max and Mean to their last digit, with the file\'s decimal comma', async () => {
    // euro.csv of an exploratory pass: 12.701,45 showed as 12701.5 and the Mean as 12000, right
    // under "check that the Min, Max and Mean look right"
    const ds = useDatasetStore()
    const w = mount(DataView, { global: { plugins: [pinia] } })
    const euro = ['12.701,45', '14.463,95', '15.175,33']
    await ds.importFrom(days(3, (i) => euro[i]!, ';'), 'euro.csv')
    await afterStages()
    const stats = () => w.findAll('tr').find((r) => r.find('td').exists() && r.text().startsWith('value'))!.findAll('td.num').map((c) => c.text())
    expect(stats().slice(0, 3)).toEqual(['12.701,45', '15.175,33', '14.113,58'])
    expect(w.get('[aria-label="Data preview"] tbody tr[aria-rowindex="2"]').text()).toContain('12.701,45')
    // a decimal point: the numbers as the file writes them, every digit
    await ds.importFrom(days(3, (i) => ['12701.45', '1234567.891', '0.000123'][i]!), 'dot.csv')
    await afterStages()
    expect(stats().slice(0, 3)).toEqual(['0.000123', '1234567.891', '415756.45'])
    expect(w.get('[aria-label="Data preview"] tbody tr[aria-rowindex="2"]').text()).toContain('12701.45')
  })

  it('shows a new file\'s preview from its first row, wherever the last one was scrolled to', async () => {
    const ds = useDatasetStore()
    const w = mount(DataView, { global: { plugins: [pinia] } })
    await ds.importFrom(days(400, (i) => String(i)), 'first.csv')
    await afterStages()
    const box = w.get('[aria-label="Data preview"]')
    box.element.scrollTop = 5600 // row 200
    await box.trigger('scroll')
    expect(box.find('tbody tr[aria-rowindex]').attributes('aria-rowindex')).not.toBe('2')
    await ds.importFrom(days(300, (i) => String(1000 + i)), 'second.csv')
    await afterStages()
    const now = w.get('[aria-label="Data preview"]')
    expect(now.element.scrollTop).toBe(0)
    expect(now.find('tbody tr[aria-rowindex]').attributes('aria-rowindex')).toBe('2') // the first row
    expect(now.find('tbody tr[aria-rowindex]').text()).toContain('1000')
  })
})

describe('Data view while a file is read', () => {
  it('moves the focus from Open CSV… to the import\'s Cancel on the tick it appears, and back when the import ends', async () => {
    const w = mount(DataView, { global: { plugins: [pinia] }, attachTo: document.body })
    const ds = useDatasetStore()
    const open = w.find('[data-testid="open-csv"]')
    ;(open.element as HTMLButtonElement).focus()
    ds.progress = { fraction: 0, records: 0 } // the file picked: its import has begun
    await flushPromises()
    expect(document.activeElement).toBe(w.find('[data-testid="cancel-import"]').element)
    ds.progress = null // read (or cancelled)
    await flushPromises()
    expect(document.activeElement).toBe(open.element)
  })
})
