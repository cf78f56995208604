// @vitest-environment happy-dom
// The global run's series picker with 1,000 series: 100 options at a time (a select of 1,000 cost
// 70-125 ms of layout), a search box for the rest, and the series picked always listed.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { RunSeriesRow } from '../../../electron/contract'
import RunSeriesPicker from './RunSeriesPicker.vue'

const rows = (n: number): RunSeriesRow[] => Array.from({ length: n }, (_, i) => ({
  number: i + 1, key: [`s${i + 1}`], label: `Store = S${i + 1}`, n: 2, mae: 1, mase: 1, naiveMae: 1, seasonalNaiveMae: null, coverage: null, beatsNaive: true
}))

describe('RunSeriesPicker', () => {
  it('lists the first 100 of 1,000 series and says so; the search narrows them, case-blind, keeping the one picked', async () => {
    const w = mount(RunSeriesPicker, { props: { rows: rows(1000), modelValue: 1, 'onUpdate:modelValue': (v: number | null) => w.setProps({ modelValue: v }) } })
    const options = () => w.findAll('[data-testid="series-picker"] option').map((o) => Number(o.attributes('value')))
    expect(options()).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(w.find('[data-testid="series-find-note"]').text()).toBe('the first 100 of 1000 series; type to narrow')
    await w.find('[data-testid="series-find"]').setValue('s64')
    expect(options()).toEqual([1, 64, ...Array.from({ length: 10 }, (_, i) => 640 + i)]) // the picked s1 first
    expect(w.find('[data-testid="series-find-note"]').text()).toBe('11 matching')
    await w.find('[data-testid="series-picker"]').setValue('645')
    expect(w.props('modelValue')).toBe(645)
    await w.find('[data-testid="series-find"]').setValue('nothing')
    expect(options()).toEqual([645])
    expect(w.find('[data-testid="series-find-note"]').text()).toBe('none matches')
  })

  it('a run of 100 series or fewer: every series listed, no search box', () => {
    const w = mount(RunSeriesPicker, { props: { rows: rows(100), modelValue: 3 } })
    expect(w.findAll('[data-testid="series-picker"] option')).toHaveLength(100)
    expect(w.find('[data-testid="series-find"]').exists()).toBe(false)
    expect(w.find('[data-testid="series-find-note"]').exists()).toBe(false)
  })
})

describe('RunSeriesPicker order', () => {
  it('lists the series in natural order by label (S2 before S10), each with its own number', () => {
    const shuffled = rows(12).reverse() // file order: S12, S11, …, S1
    const w = mount(RunSeriesPicker, { props: { rows: shuffled, modelValue: 1 } })
    const options = w.findAll('[data-testid="series-picker"] option')
    expect(options.map((o) => o.text())).toEqual(Array.from({ length: 12 }, (_, i) => `Store = S${i + 1}`))
    expect(options.map((o) => Number(o.attributes('value')))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
  })
})
