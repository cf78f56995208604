// @vitest-environment happy-dom
// A wide file read as separate series in the Data view (issue 13, item 2: "treat these numeric
// columns as separate series"), as fw train --melt reads it: the long layout, proposed as a long
// file's series, the values the target Setup offers, and back to the file as imported.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { meltWide } from '../../../core/data/melt'
import type { Dataset } from '../../../core/data/types'
import { summarise } from '../lib/summary'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { useSetupStore } from '../stores/setup'
import { afterStages, doneReply, fakeWorker, setUpView, smallDataset } from '../test/fakes'
import type { ImportReply, ImportRequest } from '../workers/protocol'
import DataView from './DataView.vue'

enableAutoUnmount(afterEach)
vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ pinia } = setUpView())
})

/** 60 days of three stores' sales side by side, a temperature, and a column already called "series". */
function wide(): Dataset {
  const ds = smallDataset(60)
  const col = (name: string, f: (i: number) => number) => ({ kind: 'numeric' as const, name, values: Float64Array.from({ length: 60 }, (_, i) => f(i)) })
  return { ...ds, file: 'stores.csv', columns: [ds.columns[0]!, col('north', (i) => 10 + i), col('south', (i) => 50 - i / 2), col('east', (i) => 30 + Math.sin(i)), col('series', (i) => i % 3)] }
}

/** An import worker that reads `ds` and answers summaries as the real one does. */
function worker(ds: Dataset): () => Worker {
  const done = fakeWorker(doneReply(ds))
  return () => {
    const w = done()
    const post = w.postMessage.bind(w)
    w.postMessage = (req: ImportRequest) => {
      if (req.type !== 'summarise') return post(req)
      setTimeout(() => w.onmessage?.({ data: { type: 'summary', summary: summarise(req.dataset) } satisfies ImportReply } as MessageEvent))
    }
    return w
  }
}

it('ticked columns become series of one id column, the long file Setup trains on; Back restores the file', async () => {
  const src = wide()
  setImportWorkerFactory(worker(src))
  const ds = useDatasetStore()
  await ds.importFrom('x', 'stores.csv')
  await ds.setUnit('north', 'kEUR')
  await ds.setUnit('south', 'kEUR')
  const w = mount(DataView, { global: { plugins: [pinia] } })
  await flushPromises()
  const panel = w.get('[data-testid="melt"]')
  expect(panel.attributes('open')).toBeUndefined()
  expect(w.get('[data-testid="melt-apply"]').attributes('disabled')).toBeDefined() // none ticked
  await w.get('[data-testid="melt-south"]').setValue(true)
  await w.get('[data-testid="melt-north"]').setValue(true)
  expect(w.get('[data-testid="melt-apply"]').text()).toBe('Treat these 2 columns as separate series')
  await w.get('[data-testid="melt-apply"]').trigger('click')
  await afterStages() // the summary comes from the worker, a task later

  // the file's order, and the names free in this file: "series" is taken
  const long = ds.dataset!
  expect(long.rowCount).toBe(120)
  expect(long.columns.map((c) => c.name)).toEqual(['date', 'east', 'series', 'series_2', 'value'])
  const values = (name: string) => Array.from((src.columns.find((c) => c.name === name) as { values: Float64Array }).values)
  expect(Array.from((long.columns[4] as { values: Float64Array }).values)).toEqual([...values('north'), ...values('south')])
  expect(ds.series).toEqual({ columns: ['series_2'], count: 2, values: null })
  expect(ds.units['value']).toBe('kEUR') // the unit both columns had
  expect(w.get('[data-testid="melt-status"]').text()).toContain('2 columns read as the series of “series_2”, their values in “value”: 120 rows.')
  expect(w.find('[data-testid="series-picker"]').exists()).toBe(true)
  expect(w.get('[aria-label="Type of value"]').attributes('disabled')).toBeDefined() // types change on the file itself
  expect(w.get('[data-testid="melt-apply"]').attributes('disabled')).toBeDefined() // the same columns again
  const setup = useSetupStore()
  setup.reset()
  expect(setup.draft!.data.target).toBe('value')
  expect(setup.draft!.data.features).not.toContain('series_2')

  await w.get('[data-testid="melt-back"]').trigger('click')
  await flushPromises()
  expect(ds.dataset).toBe(src)
  expect(ds.series).toBeNull()
  expect(ds.units).toEqual({ north: 'kEUR', south: 'kEUR' })
  expect(w.find('[data-testid="melt-status"]').exists()).toBe(false)
  expect(w.get('[aria-label="Type of north"]').attributes('disabled')).toBeUndefined()
})

it('is not offered for a long file, nor with fewer than two numeric columns', async () => {
  const one = smallDataset(30) // one numeric column
  setImportWorkerFactory(worker(one))
  const ds = useDatasetStore()
  await ds.importFrom('y', 'small.csv')
  const w = mount(DataView, { global: { plugins: [pinia] } })
  await flushPromises()
  expect(w.find('[data-testid="melt"]').exists()).toBe(false)
  const long = meltWide(wide(), { columns: ['north', 'south'], seriesColumn: 'site' })
  setImportWorkerFactory(worker(long))
  await ds.importFrom('z', 'long.csv')
  await flushPromises()
  expect(ds.series?.columns).toEqual(['site'])
  expect(w.find('[data-testid="melt"]').exists()).toBe(false)
})
