// @vitest-environment happy-dom
// A run whose time column is an integer step index (t = 1..N, core/data/step-index): the app shows
// its times as the integers, in tables, notes and on the charts' x axis (a number axis, not dates),
// never as 1970-01-01 (the integers read as milliseconds).
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import { aheadZoneOf, type RunDetail } from '../../../electron/contract'
import { useDatasetStore } from '../stores/dataset'
import { useRunStore } from '../stores/run'
import { setUpView, smallDataset } from '../test/fakes'
import DataView from './DataView.vue'
import EvaluateView from './EvaluateView.vue'
import ExportView from './ExportView.vue'

enableAutoUnmount(afterEach)
type XAxis = { ticks: { callback: (v: number, i: number, ticks: { value: number }[]) => string }; afterBuildTicks?: unknown }
type Config = { data: { datasets?: { label?: string }[] }; options?: { scales?: { x?: XAxis } } }
const charts: Config[] = []
vi.mock('../lib/chart', async () => {
  const stub = await import('../test/chart-stub')
  return {
    ...stub,
    createChart: (_c: unknown, config: Config) => {
      // the chart as the panel holds it: its data may be replaced on an update
      const c = { ...stub.createChart(), data: config.data, options: config.options }
      charts.push(c)
      return c
    }
  }
})
/** The x tick labels of the chart that draws `label`, at these values. */
const xTicks = (label: string, at: number[]) => {
  const c = charts.find((c) => (c.data.datasets ?? []).some((s) => s.label === label))!
  return at.map((v) => c.options!.scales!.x!.ticks.callback(v, 0, at.map((value) => ({ value }))))
}

let pinia: ReturnType<typeof setUpView>['pinia']
let api: ReturnType<typeof setUpView>['api']
beforeEach(() => {
  ;({ api, pinia } = setUpView())
  charts.length = 0
})

/** A done run on a step index t = 1..200 (its forecasts at 161..200). */
function stepRun(): RunDetail {
  return {
    summary: { id: 7, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.1, testMetric: null },
    config: defaultConfig('y'), epochs: [],
    metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 1 }, { split: 'test', model: 'naive', metric: 'mae', value: 1.2 }],
    forecasts: Array.from({ length: 40 }, (_, i) => ({ ts: 161 + i, step: 1, value: i, lower: i - 1, upper: i + 1, actual: i + 0.5 })),
    hasTime: true, zone: 'step', gradFlow: null, canResume: false, choice: null, unit: null, range: null
  }
}

describe('a step index as the time', () => {
  it("Export: the forecast past the end comes through (its zone 'step'), its table and chart read 201, 202, 203", async () => {
    // main sends the zone as the CSV writes the times: a step index's is 'step' (it was refused as no UTC offset)
    expect(aheadZoneOf('step', 'zone')).toEqual({ zone: 'step' })
    api.getRun = vi.fn(async () => stepRun())
    await useRunStore().open(7)
    const w = mount(ExportView, { global: { plugins: [pinia] } })
    await flushPromises()
    api.forecastAhead = vi.fn(async () => ({ rows: [201, 202, 203].map((ts, i) => ({ ts, step: i + 1, value: 3, lower: 2, upper: 4 })), hasTime: true, zone: 'step' as const }))
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    const cells = w.findAll('[data-testid="ahead-table"] tbody tr').map((r) => r.find('td').text())
    expect(cells).toEqual(['201', '202', '203'])
    await vi.waitFor(() => expect(charts.some((c) => c.data.datasets?.some((s) => s.label === 'forecast'))).toBe(true))
    expect(xTicks('forecast', [201, 202])).toEqual(['201', '202'])
    expect(w.text()).not.toContain('1970')
  })

  it('Evaluate: the forecast and residual charts read the integers on a number axis', async () => {
    const detail: RunDetail = {
      summary: { id: 7, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.1, testMetric: null },
      config: defaultConfig('y'), epochs: [],
      metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 1 }, { split: 'test', model: 'naive', metric: 'mae', value: 1.2 }],
      forecasts: Array.from({ length: 40 }, (_, i) => ({ ts: 161 + i, step: 1, value: i, lower: i - 1, upper: i + 1, actual: i + 0.5 })),
      hasTime: true, zone: 'step', gradFlow: null, canResume: false, choice: null, unit: null, range: null
    }
    api.getRun = vi.fn(async () => detail)
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    await vi.waitFor(() => expect(charts.some((c) => c.data.datasets?.some((s) => s.label === 'forecast'))).toBe(true))
    expect(xTicks('forecast', [170, 180, 190])).toEqual(['170', '180', '190'])
    expect(xTicks('actual − forecast', [170, 180])).toEqual(['170', '180'])
    expect(w.text()).not.toContain('1970')
  })

  it('Data: the table, the span and the column stats write the integers', async () => {
    const base = smallDataset(200)
    useDatasetStore().dataset = {
      ...base,
      timeColumn: 't',
      columns: base.columns.map((c) => (c.kind === 'date' ? { kind: 'date', name: 't', values: Float64Array.from({ length: 200 }, (_, i) => i + 1), format: 'step', hasTime: false } : c))
    }
    const w = mount(DataView, { global: { plugins: [pinia] } })
    await flushPromises()
    await vi.waitFor(() => expect(charts.some((c) => c.data.datasets?.some((s) => s.label === 'temp'))).toBe(true))
    await flushPromises()
    expect(w.text()).toContain('1 – 200')
    expect(w.text()).not.toContain('1970')
    const c = charts.find((c) => (c.data.datasets ?? []).some((s) => s.label === 'temp'))!
    expect(c.options!.scales!.x!.ticks.callback(150, 0, [{ value: 100 }, { value: 150 }])).toBe('150')
  })
})
