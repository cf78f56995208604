// @vitest-environment happy-dom
// The small multiples of a global run with many series: a chart is made, and its forecast fetched,
// only when its cell comes into view; a forecast arriving leaves the other charts' data as it was
// (no redraw of every chart per arrival); the horizon step rebuilds them.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChartDataset } from 'chart.js'
import type { ForecastPoint, RunSeriesRow } from '../../../electron/contract'
import { setUpView, type FakeApi } from '../test/fakes'
import { installFakeIntersectionObserver, showElements, watchedCount } from '../test/intersection'
import ChartPanel from './ChartPanel.vue'
import SeriesMultiples from './SeriesMultiples.vue'
import { createChart } from '../lib/chart'

vi.mock('../lib/chart', async () => {
  const stub = await import('../test/chart-stub')
  return { ...stub, createChart: vi.fn(stub.createChart) }
})

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
afterEach(() => {
  vi.unstubAllGlobals()
  vi.mocked(createChart).mockClear()
})

const inView = (numbers: number[]) => showElements((el) => numbers.includes(Number((el as HTMLElement).dataset.multiple)))
/** The titles of the panels whose chart is made (or being made): those not deferred. */
const made = (w: VueWrapper) => w.findAllComponents(ChartPanel).filter((c) => !c.props('deferred')).map((c) => c.props('title') as string)
/** A chart is made a frame and a few tasks after it is wanted. */
const settle = () => new Promise((r) => setTimeout(r, 60))
const fetched = () => (api.getSeriesForecast as ReturnType<typeof vi.fn>).mock.calls.map((c) => (c[0] as { series: number }).series)

describe('SeriesMultiples with 1,000 series', () => {
  it('makes charts and fetches forecasts for the cells in view only', async () => {
    const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: SERIES, hasTime: false, step: 1 } })
    await flushPromises()
    expect(w.findAll('[data-multiple]')).toHaveLength(12)
    expect(w.findAll('[data-testid="multiple-placeholder"] h3').map((p) => p.text())).toEqual(SERIES.slice(0, 12).map((s) => s.label))
    expect(made(w)).toEqual([])
    await settle()
    expect(createChart).not.toHaveBeenCalled()
    expect(fetched()).toEqual([])

    inView([1, 2, 3])
    await flushPromises()
    expect(made(w)).toEqual(['store = s1', 'store = s2', 'store = s3'])
    await settle()
    expect(createChart).toHaveBeenCalledTimes(3)
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

  it('gives every chart its Save PNG from the start, before its pick button: a chart made later, as Tab scrolls it into view, adds nothing to the tab order', async () => {
    const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: SERIES.slice(0, 3), hasTime: false, step: 1 } })
    await flushPromises()
    const buttons = () => w.findAll('button').map((b) => b.element)
    const before = buttons()
    expect(before.map((b) => b.getAttribute('aria-label') ?? b.textContent)).toEqual(SERIES.slice(0, 3).flatMap((s) => [`Save ${s.label} as PNG`, `Show ${s.label} above`]))
    inView([1])
    await flushPromises()
    await settle()
    expect(made(w)).toEqual(['store = s1'])
    expect(buttons()).toEqual(before) // the same elements, in the same order
  })

  it('a Save PNG pressed before its cell came into view draws that chart, its forecast fetched, then saves it', async () => {
    api.saveFile = vi.fn(async () => ({ saved: true, where: 'download' as const }))
    const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: SERIES.slice(0, 3), hasTime: false, step: 1 } })
    await flushPromises()
    const panel = () => w.findAllComponents(ChartPanel)[1]!
    await panel().get('button[aria-label="Save store = s2 as PNG"]').trigger('click')
    expect(panel().get('[role="status"]').text()).toBe('Drawing the chart to save it…')
    for (let k = 0; k < 5; k++) {
      await flushPromises()
      await settle()
    }
    // that chart alone made, after its forecast came, and saved once
    expect(fetched()).toEqual([2])
    expect(made(w)).toEqual(['store = s2'])
    expect(createChart).toHaveBeenCalledTimes(1)
    const made2 = vi.mocked(createChart).mock.results[0]!.value as { data: { datasets: ChartDataset[] } }
    expect(made2.data.datasets.map((d) => d.data.length)).toEqual([2, 2]) // drawn with its forecast
    expect(api.saveFile).toHaveBeenCalledTimes(1)
    expect(api.saveFile).toHaveBeenCalledWith({ suggestedName: 'store-s2.png', bytes: expect.any(Uint8Array) })
    expect(panel().get('[role="status"]').text()).toBe('Saved')
  })

  it('stops watching the cells when unmounted', async () => {
    const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: SERIES, hasTime: false, step: 1 } })
    await flushPromises()
    expect(watchedCount()).toBe(12)
    w.unmount()
    expect(watchedCount()).toBe(0)
  })
})

it("puts each series' chart on the file's clock where the run's times carry an offset", async () => {
  // Berlin's midnights: the chart's ticks and labels are on that clock (ChartPanel zone), not UTC's
  const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: SERIES.slice(0, 3), hasTime: true, zone: 60, step: 1 } })
  await flushPromises()
  expect(w.findAllComponents(ChartPanel).map((c) => c.props('zone'))).toEqual([60, 60, 60])
  w.unmount()
})

it("puts each series on its own clock where listRunSeries gave its zone (a long file of sites in Berlin and New York)", async () => {
  const york = { rule: 'US' as const, std: -300 }
  api.getSeriesForecast = vi.fn(async ({ series }: { series: number }) => ({ rows: forecastOf(series), hasTime: true }))
  const zoned = [{ ...SERIES[0]!, zone: { rule: 'EU' as const, std: 60 } }, { ...SERIES[1]!, zone: york }, SERIES[2]!]
  const w = mount(SeriesMultiples, { ...mountOptions, props: { runId: 3, series: zoned, hasTime: true, zone: 60, step: 1 } })
  inView([1, 2, 3])
  await flushPromises()
  expect(fetched()).toEqual([1, 2, 3])
  // series 3 says none of its own: the run's holds
  expect(w.findAllComponents(ChartPanel).map((c) => c.props('zone'))).toEqual([{ rule: 'EU', std: 60 }, york, 60])
  w.unmount()
})
