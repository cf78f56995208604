// @vitest-environment happy-dom
// The small multiples of a global run with many series: a chart is made, and its forecast fetched,
// only when its cell comes into view; a forecast arriving leaves the other charts' data as it was
// (no redraw of every chart per arrival); the horizon step rebuilds them.
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ForecastPoint, RunSeriesRow } from '../../../electron/contract'
import { setUpView, type FakeApi } from '../test/fakes'
import { installFakeIntersectionObserver, showElements, watchedCount } from '../test/intersection'
import ChartPanel from './ChartPanel.vue'
import SeriesMultiples from './SeriesMultiples.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const SERIES: RunSeriesRow[] = Array.from({ length: 1000 }, (_, i) => ({
  number: i + 1, key: [`s${i + 1}`], label: `store = s${i + 1}`, n: 2, mae: 1, mase: 1, naiveMae: 1, seasonalNaiveMae: null, coverage: null, beatsNaive: true
}))
/** Two steps ahead: step 1's forecast of series n is n, n + 1; step 2's is -n, -n - 1. */
const forecastOf = (n: number): ForecastPoint[] => [1, 2].flatMap((step) => [0, 1].map((i) => ({ ts: i, step, value: step === 1 ? n + i : -n - i, lower: null, upper: null, actual: 0 })))

let api: FakeApi
let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  installFakeIntersectionObserver()
  ;({ api, mountOptions } = setUpView({ getSeriesForecast: vi.fn(async ({ series }: { series: number }) => ({ rows: forecastOf(series), hasTime: false })) }))
})
afterEach(() => vi.unstubAllGlobals())

const inView = (numbers: number[]) => showElements((el) => numbers.includes(Number((el as HTMLElement).dataset.multiple)))
const fetched = () => (api.getSeriesForecast as ReturnType<typeof vi.fn>).mock.calls.map((c) => (c[0] as { series: number }).series)

describe('SeriesMultiples with 1,000 series', () => {
  it('makes charts and fetches forecasts for the cells in view only', async () => {
    const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: SERIES, hasTime: false, step: 1 } })
    await flushPromises()
    expect(w.findAll('[data-multiple]')).toHaveLength(12)
    expect(w.findAll('[data-testid="multiple-placeholder"]').map((p) => p.text())).toEqual(SERIES.slice(0, 12).map((s) => s.label))
    expect(w.findAllComponents(ChartPanel)).toHaveLength(0)
    expect(fetched()).toEqual([])

    inView([1, 2, 3])
    await flushPromises()
    expect(w.findAllComponents(ChartPanel).map((c) => c.props('title'))).toEqual(['store = s1', 'store = s2', 'store = s3'])
    expect(fetched()).toEqual([1, 2, 3])
    expect(watchedCount()).toBe(9) // a cell seen once is no longer watched

    await w.find('[data-testid="multiples-more"]').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-multiple]')).toHaveLength(24)
    expect(fetched()).toEqual([1, 2, 3])
    inView([20])
    await flushPromises()
    expect(fetched()).toEqual([1, 2, 3, 20])
  })

  it('a forecast arriving leaves the other charts\' data untouched; the step rebuilds them', async () => {
    const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: SERIES, hasTime: false, step: 1 } })
    inView([1, 2])
    await flushPromises()
    const sets = (title: string) => w.findAllComponents(ChartPanel).find((c) => c.props('title') === title)!.props('datasets') as { label: string; data: { y: number }[] }[]
    const first = sets('store = s1')
    expect(first[1]!.data.map((p) => p.y)).toEqual([1, 2])
    inView([3])
    await flushPromises()
    expect(sets('store = s3')[1]!.data.map((p) => p.y)).toEqual([3, 4])
    expect(sets('store = s1')).toBe(first) // the same arrays: chart s1 is not redrawn
    await w.setProps({ step: 2 })
    expect(sets('store = s1')).not.toBe(first)
    expect(sets('store = s1')[1]!.data.map((p) => p.y)).toEqual([-1, -2])
  })

  it('has one key for every chart (which have no legend): their lines\' names and colours, and the step shown', async () => {
    const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: SERIES, hasTime: false, step: 1 } })
    inView([1])
    await flushPromises()
    const chart = w.findAllComponents(ChartPanel)[0]!
    expect(chart.props('legend')).toBe(false)
    const lines = chart.props('datasets') as { label: string; borderColor: string }[]
    const items = w.findAll('[data-testid="multiples-key"] .key-item')
    expect(items.map((i) => i.text())).toEqual(lines.map((l) => l.label))
    // happy-dom keeps the colour as written (a hex value in the palette)
    expect(items.map((i) => i.find('i').attributes('style'))).toEqual(lines.map((l) => `background: ${l.borderColor};`))
    expect(w.find('[data-testid="multiples-key"]').text()).toContain('each forecast made one step ahead')
    await w.setProps({ step: 3 })
    expect(w.find('[data-testid="multiples-key"]').text()).toContain('each forecast made 3 steps ahead')
  })

  it('stops watching the cells when unmounted', async () => {
    const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: SERIES, hasTime: false, step: 1 } })
    await flushPromises()
    expect(watchedCount()).toBe(12)
    w.unmount()
    expect(watchedCount()).toBe(0)
  })
})
