// @vitest-environment happy-dom
// A file whose times carry a UTC offset (Berlin's midnights, +01:00: 23:00 UTC the day before): the
// Data view and Evaluate show its times as the file wrote them (core/data fileTime, as fw writes
// them), not the UTC day or hour unmarked.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail } from '../../../electron/contract'
import { useDatasetStore } from '../stores/dataset'
import { useRunStore } from '../stores/run'
import { setUpView, smallDataset } from '../test/fakes'
import DataView from './DataView.vue'
import EvaluateView from './EvaluateView.vue'

enableAutoUnmount(afterEach)
type XAxis = { ticks: { callback: (v: number, i: number, ticks: { value: number }[]) => string }; afterBuildTicks?: (axis: { min: number; max: number; ticks: { value: number }[] }) => void }
type Config = { data: { datasets?: { label?: string }[] }; options?: { scales?: { x?: XAxis } } }
const charts: Config[] = []
vi.mock('../lib/chart', async () => {
  const stub = await import('../test/chart-stub')
  return { ...stub, createChart: (_c: unknown, config: Config) => { const c = { ...stub.createChart(), data: config.data, options: config.options }; charts.push(c); return c } }
})
const H = 36e5
/** The x axis of the chart that draws `label`: its ticks laid out over [min, max], and their labels. */
function axis(label: string, min: number, max: number): { at: number[]; labels: string[] } {
  const x = charts.find((c) => (c.data.datasets ?? []).some((s) => s.label === label))!.options!.scales!.x!
  const a = { min, max, ticks: [] as { value: number }[] }
  x.afterBuildTicks!(a)
  return { at: a.ticks.map((t) => t.value), labels: a.ticks.map((t, i) => x.ticks.callback(t.value, i, a.ticks)) }
}

let pinia: ReturnType<typeof setUpView>['pinia']
let api: ReturnType<typeof setUpView>['api']
beforeEach(() => {
  ;({ api, pinia } = setUpView())
  charts.length = 0
})

it("Data: the span, the column's range and the table name Berlin's days, not the UTC days before", async () => {
  const base = smallDataset(60)
  const berlin = Float64Array.from({ length: 60 }, (_, i) => Date.UTC(2020, 0, 1 + i) - H)
  useDatasetStore().dataset = { ...base, columns: base.columns.map((c) => (c.kind === 'date' ? { ...c, values: berlin, zoned: true, offsetMin: 60 } : c)) }
  const w = mount(DataView, { global: { plugins: [pinia] } })
  await flushPromises()
  await vi.waitFor(() => expect(charts.some((c) => c.data.datasets?.some((s) => s.label === 'temp'))).toBe(true))
  await flushPromises()
  expect(w.text()).toContain('2020-01-01 – 2020-02-29')
  expect(w.text()).not.toContain('2019-12-31')
  expect(w.text()).toContain('they are shown here as the file wrote them (the first, 2020-01-01)')
  // the chart's axis: ticks at Berlin's midnights, named by their day
  const { at, labels } = axis('temp', berlin[0]!, berlin[59]!)
  expect(at.length).toBeGreaterThan(1)
  expect(at.every((t) => (t + H) % (24 * H) === 0)).toBe(true)
  expect(labels[0]).toBe(new Date(at[0]! + H).toISOString().slice(0, 10))
})

it('Evaluate: the forecast chart names hourly test times on the file\'s clock', async () => {
  const hours = Array.from({ length: 48 }, (_, i) => Date.UTC(2024, 1, 1, i) - H) // from 2024-02-01T00:00+01:00
  const detail: RunDetail = {
    summary: { id: 7, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.1, testMetric: null },
    config: defaultConfig('y'), epochs: [],
    metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 1 }, { split: 'test', model: 'naive', metric: 'mae', value: 1.2 }],
    forecasts: hours.map((ts, i) => ({ ts, step: 1, value: i, lower: i - 1, upper: i + 1, actual: i + 0.5 })),
    hasTime: true, zone: 60, gradFlow: null, canResume: false, choice: null, unit: null, range: null
  }
  api.getRun = vi.fn(async () => detail)
  await useRunStore().open(7)
  mount(EvaluateView, { global: { plugins: [pinia] } })
  await flushPromises()
  await vi.waitFor(() => expect(charts.some((c) => c.data.datasets?.some((s) => s.label === 'forecast'))).toBe(true))
  const { at, labels } = axis('forecast', hours[0]!, hours[47]!)
  expect(at[0]).toBe(hours[0])
  expect(labels[0]).toBe('2024-02-01 00:00')
})
