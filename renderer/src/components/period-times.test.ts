// @vitest-environment happy-dom
// Periods shown as periods (explore23 item 3): the Data view's table showed a quarterly file's
// "2023 Q1" as 2023-01-01 and a year as 2024-01-01, while fw writes them back as the file's
// periods; and SplitTimeline named a quarterly split "from 2020-07-01".
import { mount } from '@vue/test-utils'
import { expect, it } from 'vitest'
import type { Column } from '../../../core/data/types'
import SplitTimeline from './SplitTimeline.vue'
import VirtualTable from './VirtualTable.vue'

const quarters = Float64Array.from({ length: 8 }, (_, i) => Date.UTC(2020 + Math.floor(i / 4), 3 * (i % 4), 1))
const col = (format: 'quarter' | 'year' | 'year-month' | 'iso', values: Float64Array): Column => ({ kind: 'date', name: 'date', values, format, hasTime: false })
const shown = (c: Column) => {
  const w = mount(VirtualTable, { props: { columns: [c], rowCount: c.values.length } })
  const cells = w.findAll('tbody td:not(.muted)').map((td) => td.text()) // the row numbers left out
  w.unmount()
  return cells
}

it('the Data table shows quarters, months and years as the periods they are, dates as dates', () => {
  expect(shown(col('quarter', quarters)).slice(0, 5)).toEqual(['2020 Q1', '2020 Q2', '2020 Q3', '2020 Q4', '2021 Q1'])
  expect(shown(col('year', Float64Array.from([1999, 2000], (y) => Date.UTC(y, 0, 1))))).toEqual(['1999', '2000'])
  expect(shown(col('year-month', Float64Array.from([0, 1], (m) => Date.UTC(2018, m, 1))))).toEqual(['2018-01', '2018-02'])
  expect(shown(col('iso', Float64Array.from([0, 1], (m) => Date.UTC(2018, m, 1))))).toEqual(['2018-01-01', '2018-02-01'])
})

it('SplitTimeline names a quarterly split by its quarters', () => {
  const values = Float64Array.from(quarters, (_, i) => i % 3)
  const w = mount(SplitTimeline, { props: { values, time: quarters, zone: 'quarter', train: 0.5, val: 0.25, lookBack: 1, horizon: 1, stride: 1 } })
  expect(w.text()).toContain('Validation 25 % · from 2021 Q1')
  expect(w.text()).toContain('Test 25 % · from 2021 Q3')
})
