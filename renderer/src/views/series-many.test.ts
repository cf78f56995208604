// @vitest-environment happy-dom
// 1,000 series in the Data view (issue 13): the picker lists 100 values at a time and a search box
// narrows them; the small multiples show 12 series a page, paged, and pick the series clicked.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { importCsv } from '../../../core/data/import'
import ChartPanel from '../components/ChartPanel.vue'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { doneReply, fakeWorker, setUpView } from '../test/fakes'
import DataView from './DataView.vue'

enableAutoUnmount(afterEach)
vi.mock('../lib/chart', () => import('../test/chart-stub'))

let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  ;({ mountOptions } = setUpView())
})

const id = (s: number) => `s${String(s).padStart(4, '0')}`
/** 1,000 series of 3 days each; series s's value on day d is s * 10 + d, its units d * 2. */
async function thousandSeries(): Promise<void> {
  const rows = ['series,date,value,units']
  for (let s = 0; s < 1000; s++) for (let d = 0; d < 3; d++) rows.push(`${id(s)},2020-01-0${d + 1},${s * 10 + d},${d * 2}`)
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'many.csv', decimal: 'dot' })
  setImportWorkerFactory(fakeWorker(doneReply(ds)))
  expect(await useDatasetStore().importFrom('x', 'many.csv')).toBe(true)
}
/** Past the view's staged tasks (the detail one task later, the grouping's steps, the page shown). */
async function settle(): Promise<void> {
  for (let k = 0; k < 6; k++) {
    await new Promise((r) => setTimeout(r))
    await flushPromises()
  }
}

describe('Data view with 1,000 series', () => {
  it('the picker lists 100 values and says so; the search narrows them and keeps the one picked', async () => {
    await thousandSeries()
    const ds = useDatasetStore()
    const w = mount(DataView, mountOptions)
    await settle()
    const select = w.find('[data-testid="series-value-series"]')
    const options = () => select.findAll('option').map((o) => o.attributes('value'))
    expect(options()).toEqual(['', ...Array.from({ length: 100 }, (_, s) => id(s))])
    expect(w.find('[data-testid="series-more-series"]').text()).toBe('the first 100 of 1,000 values; type to narrow')
    await w.find('[data-testid="series-find-series"]').setValue('S077') // case-insensitive
    expect(options()).toEqual(['', ...Array.from({ length: 10 }, (_, k) => id(770 + k))])
    expect(w.find('[data-testid="series-more-series"]').text()).toBe('10 matching')
    await select.setValue('s0777')
    expect(ds.series?.values).toEqual(['s0777'])
    expect(w.find('[data-testid="series-rows"]').text()).toBe('3 of 3,000 rows')
    await w.find('[data-testid="series-find-series"]').setValue('zz')
    expect(options()).toEqual(['', 's0777'])
    expect(w.find('[data-testid="series-more-series"]').text()).toBe('none matches')
  })

  it('small multiples: 12 series a page of the charted column, paged, and the one clicked picked', async () => {
    await thousandSeries()
    const ds = useDatasetStore()
    const w = mount(DataView, mountOptions)
    await settle()
    const panel = () => w.find('[data-testid="data-multiples"]')
    const cells = () => panel().findAll('[data-multiple]').map((c) => c.attributes('data-multiple'))
    const charts = () => panel().findAllComponents(ChartPanel).map((c) => [c.props('title'), (c.props('datasets')[0]!.data as { y: number }[]).map((p) => p.y)])
    expect(cells()).toEqual(Array.from({ length: 12 }, (_, s) => id(s)))
    expect(charts()[1]).toEqual(['s0001', [10, 11, 12]])
    expect(w.find('[data-testid="data-multiples-page"]').text()).toBe('Series 1–12 of 1,000')
    expect(w.find('[data-testid="data-multiples-prev"]').attributes('disabled')).toBeDefined()

    const uids = () => panel().findAllComponents(ChartPanel).map((c) => c.vm.$.uid)
    const instances = uids()
    await w.find('[data-testid="data-multiples-next"]').trigger('click')
    expect(cells()).toEqual(Array.from({ length: 12 }, (_, k) => id(12 + k)))
    // the same 12 charts with new data: paging makes (and destroys) none
    expect(uids()).toEqual(instances)
    expect(charts()[0]).toEqual(['s0012', [120, 121, 122]])
    expect(w.find('[data-testid="data-multiples-page"]').text()).toBe('Series 13–24 of 1,000')

    await w.find('[data-multiple="s0013"] [data-testid="data-multiple-pick"]').trigger('click')
    expect(ds.series?.values).toEqual(['s0013'])
    expect((w.find('[data-testid="series-value-series"]').element as HTMLSelectElement).value).toBe('s0013')
    expect(w.find('[data-multiple="s0013"] [data-testid="data-multiple-pick"]').attributes('aria-pressed')).toBe('true')

    for (let p = 1; p < 83; p++) await w.find('[data-testid="data-multiples-next"]').trigger('click')
    expect(w.find('[data-testid="data-multiples-page"]').text()).toBe('Series 997–1,000 of 1,000')
    expect(cells()).toEqual(['s0996', 's0997', 's0998', 's0999'])
    expect(w.find('[data-testid="data-multiples-next"]').attributes('disabled')).toBeDefined()

    // another charted column: the multiples follow it
    expect(charts()[3]).toEqual(['s0999', [9990, 9991, 9992]])
    await w.find('select[aria-label="Column to chart"]').setValue('units')
    expect(charts()[3]).toEqual(['s0999', [0, 2, 4]])
    expect(panel().find('h3').text()).toBe('units, series by series')
  })

  it('small multiples in natural order of the series (s2 before s10), whatever the file\'s', async () => {
    const rows = ['series,date,value']
    for (const s of ['s10', 's2', 'S1']) for (let d = 0; d < 3; d++) rows.push(`${s},2020-01-0${d + 1},${d}`)
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'three.csv', decimal: 'dot' })
    setImportWorkerFactory(fakeWorker(doneReply(ds)))
    expect(await useDatasetStore().importFrom('x', 'three.csv')).toBe(true)
    const w = mount(DataView, mountOptions)
    await settle()
    expect(w.find('[data-testid="data-multiples"]').findAll('[data-multiple]').map((c) => c.attributes('data-multiple'))).toEqual(['S1', 's2', 's10'])
  })

  it('a file of one series has no small multiples', async () => {
    const ds = await importCsv('date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n', { fileName: 'one.csv' })
    setImportWorkerFactory(fakeWorker(doneReply(ds)))
    await useDatasetStore().importFrom('x', 'one.csv')
    const w = mount(DataView, mountOptions)
    await settle()
    expect(w.find('[data-testid="data-multiples"]').exists()).toBe(false)
  })
})
