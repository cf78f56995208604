// @vitest-environment happy-dom
// A file whose times carry a UTC offset (Berlin's midnights, +01:00: 23:00 UTC the day before): the
// Data view and Evaluate show its times as the file wrote them (core/data fileTime, as fw writes
// them), not the UTC day or hour unmarked.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail } from '../../../electron/contract'
import type { DateFormat } from '../../../core/data/types'
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

// Periods in the Data view's range line and series chart (dates24 item 2): a quarterly file's table
// showed 2020 Q1 while the chart's axis said 2020-01 and 2020-04, and a file of three months was
// ticked every 14 days (2020-01-13). The range line and the ticks go through the table's formatter
// (core/data fileTime, periodCell), the ticks at the starts of the file's periods only.
/** The Data view of a file whose time column has `format` and `times`: its range line, and the
 *  series chart's ticks laid out over the times (their instants and labels). */
async function dataView(format: DateFormat, times: number[]): Promise<{ range: string; at: number[]; labels: string[] }> {
  charts.length = 0
  const base = smallDataset(times.length)
  useDatasetStore().dataset = { ...base, columns: base.columns.map((c) => (c.kind === 'date' ? { ...c, values: Float64Array.from(times), format } : c)) }
  const w = mount(DataView, { global: { plugins: [pinia] } })
  await flushPromises()
  await vi.waitFor(() => expect(charts.some((c) => c.data.datasets?.some((s) => s.label === 'temp'))).toBe(true))
  const range = w.findAll('.kpi').find((k) => k.find('span').text() === 'range')!.find('b').text()
  w.unmount()
  return { range, ...axis('temp', times[0]!, times[times.length - 1]!) }
}

const months = (n: number, from = 0) => Array.from({ length: n }, (_, i) => Date.UTC(2020, from + i, 1))

it('a quarterly file: the range line and the ticks name quarters, as the table does', async () => {
  const { range, at, labels } = await dataView('quarter', months(8 * 3).filter((_, i) => i % 3 === 0))
  expect(range).toBe('2020 Q1 – 2021 Q4')
  expect(labels.length).toBeGreaterThan(1)
  expect(labels.every((l) => /^\d{4} Q[1-4]$/.test(l)), labels.join(' ')).toBe(true)
  expect(at.every((t) => new Date(t).getUTCMonth() % 3 === 0 && new Date(t).getUTCDate() === 1)).toBe(true)
})

it('a monthly file: months in the range line, ticks at the starts of months only, even over three months', async () => {
  for (const n of [3, 30]) {
    const { range, at, labels } = await dataView('year-month', months(n))
    expect(range).toBe(n === 3 ? '2020-01 – 2020-03' : '2020-01 – 2022-06')
    expect(labels.length, `${n} months`).toBeGreaterThan(1)
    expect(at.every((t) => new Date(t).getUTCDate() === 1 && t % 86_400_000 === 0), `${n} months: ${labels.join(' ')}`).toBe(true)
    expect(labels.every((l) => /^\d{4}(-\d{2})?$/.test(l)), labels.join(' ')).toBe(true)
  }
})

it('a yearly file: years, never a day', async () => {
  const { range, labels } = await dataView('year', [2001, 2002, 2003].map((y) => Date.UTC(y, 0, 1)))
  expect(range).toBe('2001 – 2003')
  expect(labels).toEqual(['2001', '2002', '2003'])
})
