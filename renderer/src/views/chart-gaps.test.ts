// @vitest-environment happy-dom
// A monthly series with months absent: the Data view's chart and Evaluate's forecast chart break
// the line at the missing months (a point of no value there, spanGaps false) rather than drawing
// straight across them.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail } from '../../../electron/contract'
import { useDatasetStore } from '../stores/dataset'
import { useRunStore } from '../stores/run'
import { setUpView, smallDataset } from '../test/fakes'
import DataView from './DataView.vue'
import EvaluateView from './EvaluateView.vue'

enableAutoUnmount(afterEach)
type Set = { label?: string; data: { x: number; y: number | null }[]; spanGaps?: boolean }
const charts: { data: { datasets?: Set[] } }[] = []
vi.mock('../lib/chart', async () => {
  const stub = await import('../test/chart-stub')
  return {
    ...stub,
    createChart: (_c: unknown, config: { data: { datasets?: Set[] } }) => {
      const c = { ...stub.createChart(), data: config.data }
      charts.push(c)
      return c
    }
  }
})
const drawn = (label: string) => charts.flatMap((c) => c.data.datasets ?? []).find((s) => s.label === label)

let pinia: ReturnType<typeof createPinia>
let api: ReturnType<typeof setUpView>['api']
beforeEach(() => {
  ;({ api, pinia } = setUpView())
  charts.length = 0
})

/** Monthly from January 2020, 24 months less June and July 2020. */
const months = Array.from({ length: 24 }, (_, k) => k).filter((k) => k !== 5 && k !== 6).map((k) => Date.UTC(2020, k, 1))
/** The y of the drawn points from May to August 2020: the break is a null between them. */
const aroundGap = (s: Set) => s.data.filter((p) => p.x >= Date.UTC(2020, 4, 1) && p.x <= Date.UTC(2020, 7, 1)).map((p) => p.y)

describe('charts break at missing periods', () => {
  it('Data: the series line breaks where months are absent', async () => {
    const base = smallDataset(months.length)
    useDatasetStore().dataset = {
      ...base,
      columns: base.columns.map((c) => (c.kind === 'date' ? { ...c, values: Float64Array.from(months) } : c.kind === 'numeric' ? { ...c, values: Float64Array.from(months, (_, i) => 10 + i) } : c))
    }
    mount(DataView, { global: { plugins: [pinia] } })
    await vi.waitFor(() => expect(drawn('temp')).toBeDefined())
    const s = drawn('temp')!
    expect(s.spanGaps).toBe(false)
    expect(aroundGap(s)).toEqual([14, null, 15])
    expect(s.data.filter((p) => p.y === null)).toHaveLength(1) // no break elsewhere
  })

  it("Data, a long file's small multiples: each series' line breaks at its own missing months", async () => {
    const all = Array.from({ length: 24 }, (_, k) => Date.UTC(2020, k, 1))
    const rows = [...all.map((t) => ({ t, store: 0 })), ...months.map((t) => ({ t, store: 1 }))] // store B lacks June and July
    const ds = useDatasetStore()
    ds.dataset = {
      file: 'stores.csv', rowCount: rows.length, lines: Int32Array.from(rows, (_, i) => i + 2), format: { delimiter: ',', decimal: null, newline: '\n', bom: false }, timeColumn: 'date', notices: [],
      columns: [
        { kind: 'date', name: 'date', values: Float64Array.from(rows, (r) => r.t), format: 'iso', hasTime: false },
        { kind: 'categorical', name: 'store', codes: Int32Array.from(rows, (r) => r.store), levels: ['A', 'B'] },
        { kind: 'numeric', name: 'sales', values: Float64Array.from(rows, (r, i) => 10 + (i % 24)) }
      ]
    }
    ds.series = { columns: ['store'], count: 2, values: null }
    mount(DataView, { global: { plugins: [pinia] } })
    const sales = () => charts.flatMap((c) => c.data.datasets ?? []).filter((s) => s.label === 'sales')
    await vi.waitFor(() => expect(sales()).toHaveLength(2))
    const [a, b] = sales()
    expect(a!.data.some((p) => p.y === null)).toBe(false)
    expect(aroundGap(b!)).toEqual([14, null, 15])
  })

  it('Evaluate: the forecast, the actuals and the interval break there too', async () => {
    const config = defaultConfig('temp')
    const detail: RunDetail = {
      summary: { id: 7, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.1, testMetric: null },
      config, epochs: [],
      metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 1 }, { split: 'test', model: 'naive', metric: 'mae', value: 1.2 }],
      forecasts: months.map((ts, i) => ({ ts, step: 1, value: i, lower: i - 1, upper: i + 1, actual: i + 0.5 })),
      hasTime: true, gradFlow: null, canResume: false, choice: null, unit: null, range: null
    }
    api.getRun = vi.fn(async () => detail)
    await useRunStore().open(7)
    mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    await vi.waitFor(() => expect(drawn('forecast')).toBeDefined())
    expect(aroundGap(drawn('forecast')!)).toEqual([4, null, 5])
    expect(aroundGap(drawn('actual')!)).toEqual([4.5, null, 5.5])
    expect(aroundGap(drawn('lower')!)).toEqual([3, null, 4])
    expect(aroundGap(drawn('actual − forecast')!)).toEqual([0.5, null, 0.5])
    expect(drawn('forecast')!.spanGaps).toBe(false)
  })
})
