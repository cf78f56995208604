// @vitest-environment happy-dom
// Many series in one file (issue 13) in the Data view: the summary counts the series, the picker
// filters to one (chart rows and Setup's data.series), and an import's ambiguity (decimal comma,
// day/month order) is answered with a button that re-reads the file so.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { importCsv } from '../../../core/data/import'
import type { ImportOptions } from '../../../core/data/types'
import { setApi } from '../api'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { useSetupStore } from '../stores/setup'
import { doneReply, fakeApi, fakeWorker, importingWorker, setUpView, smallDataset } from '../test/fakes'
import DataView from './DataView.vue'

// unmount every view after its test: the Series chart's staged drawing sets timers that must not
// fire once the test's DOM is gone
enableAutoUnmount(afterEach)

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ pinia } = setUpView())
})
const opts = () => ({ global: { plugins: [pinia] } })

const CITIES = ['Oslo', 'Rome', 'Lima']
function longCsv(): string {
  const rows = ['city,date,temp']
  for (const [k, c] of CITIES.entries()) for (let d = 0; d < 40; d++) rows.push(`${c},${new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10)},${k * 10 + (d % 5)}`)
  return rows.join('\n') + '\n'
}

describe('Data view: a long file', () => {
  it('counts the series in the summary, and picking one filters the chart rows and sets data.series', async () => {
    setImportWorkerFactory(importingWorker())
    const ds = useDatasetStore()
    const setup = useSetupStore()
    expect(await ds.importFrom(longCsv(), 'cities.csv')).toBe(true)
    const w = mount(DataView, opts())
    await flushPromises()
    expect(w.find('[data-testid="series-count"]').text()).toBe('3series')
    expect(w.find('[data-testid="series-picker"]').text()).toContain('column city splits the rows into 3 series with one row per time each')
    expect(w.find('[data-testid="series-unpicked"]').text()).toBe('No series picked: training on all rows is refused, as it would mix 3 series. They are one series: merge repeated times')
    expect(w.find('[data-testid="import-notes"]').text()).toContain('proposed as the series id')
    expect(setup.draft?.data.series).toBeUndefined()
    expect(setup.draft?.data.features).not.toContain('city')
    expect(setup.check.error).toEqual({ field: 'config', message: 'Pick one series in Data, or choose one model across all 3 series: city splits the rows into 3 series.' })
    // the chart waits for a pick: drawn together, the three cities' rows would be one line
    await vi.waitFor(() => expect(w.find('[data-testid="series-mixed"]').text()).toBe('Pick a series to chart. This file holds 3 series of city, and the chart shows one at a time: pick one below or with the series picker; drawn together, their rows would join into one line.'))
    // no empty chart (a 0-1 axis and 1970 dates) in its place
    expect(w.find('section[aria-label="Series"] canvas').exists()).toBe(false)

    const select = w.find('[data-testid="series-value-city"]')
    // in natural order, not the file's (Oslo, Rome, Lima): display only, the stored levels keep it
    expect(select.findAll('option').map((o) => o.text())).toEqual(['— pick one —', 'Lima', 'Oslo', 'Rome'])
    await select.setValue('Rome')
    await flushPromises()
    expect(ds.series?.values).toEqual(['Rome'])
    expect(Array.from(ds.seriesRows!)).toEqual(Array.from({ length: 40 }, (_, i) => 40 + i))
    expect(w.find('[data-testid="series-rows"]').text()).toBe('40 of 120 rows')
    expect(w.find('[data-testid="series-mixed"]').exists()).toBe(false)
    expect(w.find('section[aria-label="Series"] canvas').exists()).toBe(true)
    // the picker and the chart were two panels both titled "Series": named apart
    expect(w.find('[data-testid="series-picker"] h3').text()).toBe('Pick a series')
    expect(w.findAll('section[aria-label="Series"]').map((x) => x.attributes('data-testid') ?? 'chart')).not.toContain('series-picker')
    expect(w.find('[data-testid="series-unpicked"]').exists()).toBe(false)
    expect(setup.draft?.data.series).toEqual({ columns: ['city'], values: ['Rome'] })
    expect(setup.check.config?.data.series).toEqual({ columns: ['city'], values: ['Rome'] })
    expect(setup.check.error).toBeNull()

    await select.setValue('')
    expect(ds.series?.values).toBeNull()
    expect(setup.draft?.data.series).toBeUndefined()

    // the escape from a wrong guess: the rows are one series, merged at training (fw --series none)
    await w.find('button[data-testid="series-one"]').trigger('click')
    await flushPromises()
    expect(setup.draft?.data.series).toEqual({ columns: [], values: [] })
    expect(setup.check.error).toBeNull()
    expect(w.find('p[data-testid="series-one"]').text()).toContain('Taken as one series measured several times')
    await w.find('[data-testid="series-one-undo"]').trigger('click')
    await flushPromises()
    expect(setup.draft?.data.series).toBeUndefined()
    expect(setup.check.error?.message).toContain('Pick one series in Data')
  })

  it('a stored dataset reopened (after a reload) proposes its series id again', async () => {
    const long = await importCsv(longCsv(), { fileName: 'cities.csv' })
    const columns = long.columns.filter((c) => c.kind !== 'text')
    setApi(fakeApi({ getDataset: vi.fn(async () => ({ summary: { id: 4, name: 'cities.csv', sourceFile: null, rowCount: long.rowCount, importedAt: 0, columns: [] }, columns })) }))
    setImportWorkerFactory(() => { throw new Error('no worker here') }) // the summary then comes from the main thread
    const ds = useDatasetStore()
    await ds.loadStored(4)
    expect(ds.series).toEqual({ columns: ['city'], count: 3, values: null })
  })

  it('an id column with thousands of values: the notice offers it as the id, and the file is re-read with it declared', async () => {
    const seen: ImportOptions[] = []
    setImportWorkerFactory(importingWorker(seen))
    const rows = ['sku,date,units']
    for (let k = 0; k < 1500; k++) for (let d = 1; d <= 3; d++) rows.push(`sku${k},2020-01-0${d},${(k + d) % 7}`)
    const ds = useDatasetStore()
    expect(await ds.importFrom(rows.join('\n') + '\n', 'skus.csv')).toBe(true)
    expect(ds.series).toBeNull()
    const w = mount(DataView, opts())
    await flushPromises()
    expect(w.find('[data-testid="series-unchecked"]').text()).toContain('"sku" has too many distinct values to check as a series id')
    await w.find('[data-testid="declare-series"]').trigger('click')
    await flushPromises()
    expect(seen.at(-1)).toMatchObject({ fileName: 'skus.csv', series: ['sku'] })
    expect(ds.series).toEqual({ columns: ['sku'], count: 1500, values: null })
    expect(w.find('[data-testid="series-count"]').text()).toBe('1,500series')
    // the first 100 of them listed, and a search box for the rest (series-many.test.ts)
    expect(w.find('[data-testid="series-value-sku"]').findAll('option')).toHaveLength(101)
    expect(w.find('[data-testid="series-more-sku"]').text()).toBe('the first 100 of 1,500 values; type to narrow')
  })

  it('a file of one series shows 1 series and no picker', async () => {
    setImportWorkerFactory(fakeWorker(doneReply(smallDataset())))
    const ds = useDatasetStore()
    await ds.importFrom('x', 'small.csv')
    const w = mount(DataView, opts())
    await flushPromises()
    expect(w.find('[data-testid="series-count"]').text()).toBe('1series')
    expect(w.find('[data-testid="series-picker"]').exists()).toBe(false)
  })
})

describe('Data view: an ambiguity is asked, never guessed', () => {
  /** The Data view's question for `text` refused as ambiguous: its banner and buttons; then the
   *  answer `choice` clicked, the options the file was read again with and the first column read. */
  async function asked(text: string, file: string, choice: string) {
    const seen: ImportOptions[] = []
    setImportWorkerFactory(importingWorker(seen))
    const ds = useDatasetStore()
    expect(await ds.importFrom(text, file)).toBe(false)
    const w = mount(DataView, opts())
    await flushPromises()
    const [banner, buttons] = [w.find('[data-testid="import-error"]').text(), w.find('[data-testid="import-choices"]').text()]
    await w.find(`[data-testid="choose-${choice}"]`).trigger('click')
    await flushPromises()
    expect(ds.error).toBeNull()
    const column = ds.dataset!.columns[0] as { values: Float64Array; format: string }
    return { banner, buttons, options: seen.at(-1), format: column.format, days: Array.from(column.values, (t) => new Date(t).toISOString().slice(0, 10)) }
  }

  const questions = [
    { what: 'day/month order', text: 'when,v\n03/04/2000,1\n05/06/2000,2\n', file: 'dates.csv', choice: 'dmy', answer: { dateOrder: 'dmy' }, says: '"03/04/2000" could be dd/mm/yyyy or mm/dd/yyyy',
      asks: 'Which comes first in the dates of dates.csv, the day or the month? ', buttons: 'Day first (03/04 is 3 April)Month first (03/04 is March 4)', read: ['dmy', '2000-04-03'] },
    // the buttons read the file's own value each way
    { what: 'yy-mm or mm-yy', text: 'month,v\n10-12,1\n11-12,2\n12-12,3\n', file: 'months.csv', choice: 'my', answer: { monthOrder: 'my' }, says: '"10-12" could be yy-mm (2010-12) or mm-yy (2012-10)',
      asks: 'Which comes first in the months of months.csv, the year or the month? ', buttons: 'Year first (10-12 is December 2010)Month first (10-12 is October 2012)', read: ['year-month', '2012-10-01'] },
    // newest first, a one-digit first part: the same question, the value read each way
    { what: 'm-yy or yy-mm, newest first', text: 'month,v\n3-12,1\n2-12,2\n1-12,3\n', file: 'months.csv', choice: 'my', answer: { monthOrder: 'my' }, says: '"3-12" could be yy-mm (2003-12) or mm-yy (2012-03), and every value reads both ways with the rows newest first either way',
      asks: 'Which comes first in the months of months.csv, the year or the month? ', buttons: 'Year first (3-12 is December 2003)Month first (3-12 is March 2012)', read: ['year-month', '2012-03-01'] }
  ]
  for (const q of questions)
    it(`${q.what}: the refusal offers both orders; a click re-reads the file in that order`, async () => {
      const a = await asked(q.text, q.file, q.choice)
      expect(a.banner).toContain(q.says)
      expect(a.banner.startsWith(q.asks), a.banner).toBe(true)
      expect(a.buttons).toBe(q.buttons)
      expect(a.options).toMatchObject({ fileName: q.file, ...q.answer })
      expect([a.format, a.days[0]]).toEqual(q.read)
    })

  it('decimal comma: the same, with the decimal style', async () => {
    const seen: ImportOptions[] = []
    setImportWorkerFactory(importingWorker(seen))
    const ds = useDatasetStore()
    expect(await ds.importFrom('date;v\n2020-01-01;1,500\n2020-01-02;2,250\n', 'amb.csv')).toBe(false)
    const w = mount(DataView, opts())
    await flushPromises()
    // the file's own value, read both ways
    expect(w.find('[data-testid="import-choices"]').text()).toBe('Decimal point (1,500 is 1500: the comma groups thousands)Decimal comma (1,500 is 1.5)')
    await w.find('[data-testid="choose-comma"]').trigger('click')
    await flushPromises()
    expect(seen.at(-1)).toMatchObject({ decimal: 'comma' })
    expect(Array.from((ds.dataset!.columns[1] as { values: Float64Array }).values)).toEqual([1.5, 2.25])
  })
})

describe('Data view: the decimal question is asked as a question, with the file\'s own value', () => {
  it('every value with three decimals (explore19 #14: "19.792"): both readings of that value, under a question, not "Could not import … Nothing was imported"', async () => {
    setImportWorkerFactory(importingWorker())
    const ds = useDatasetStore()
    expect(await ds.importFrom('date,y\n2020-01-01,19.792\n2020-01-02,20.125\n2020-01-03,18.512\n', 'unseen_cat.csv')).toBe(false)
    const w = mount(DataView, opts())
    await flushPromises()
    const banner = w.find('[data-testid="import-error"]')
    expect(banner.text()).toMatch(/^Which decimal mark does unseen_cat\.csv use\? .*"19\.792" reads differently with a decimal dot and a decimal comma/)
    expect(banner.text()).toContain('Answer with a button below to import it.')
    expect(banner.text()).not.toMatch(/Could not import|Nothing was imported/)
    expect(banner.classes()).toContain('warn')
    expect(w.find('[data-testid="import-choices"]').text()).toBe('Decimal point (19.792 is 19.792)Decimal comma (19.792 is 19792: the dot groups thousands)')
  })
})

describe('Data view: two-digit years', () => {
  it('says how they were read among the import notes, as other date notices', async () => {
    setImportWorkerFactory(importingWorker())
    const ds = useDatasetStore()
    const rows = Array.from({ length: 30 }, (_, d) => `${String(d + 1).padStart(2, '0')}/01/21,${d % 7}`)
    expect(await ds.importFrom(['date,sales', ...rows].join('\n') + '\n', 'shop.csv')).toBe(true)
    const w = mount(DataView, opts())
    await flushPromises()
    expect(w.find('[data-testid="import-notes"]').text()).toContain('column "date" has two-digit years, read as Excel reads them (00–29 as 2000–2029, 30–99 as 1930–1999): "01/01/21" (line 2) as 2021-01-01, the last date (line 31) as 2021-01-30')
  })
})
