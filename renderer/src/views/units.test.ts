// @vitest-environment happy-dom
// Units per column (issue 18, "words an analyst uses"): entered in the Data view, kept with the
// dataset, and shown on the metric tables, axes and forecast tables; bounds clipped at 0 say so.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail } from '../../../electron/contract'
import { importCsv } from '../../../core/data/import'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { useRunStore } from '../stores/run'
import { doneReply, fakeWorker, smallDataset, setUpView } from '../test/fakes'
import type { FakeApi } from '../test/fakes'
import DataView from './DataView.vue'
import EvaluateView from './EvaluateView.vue'
import ExportView from './ExportView.vue'

// unmount every view after its test, so the Series chart's staged drawing never fires on a gone DOM
enableAutoUnmount(afterEach)

const titles: (string | undefined)[] = []
const yPrecision = new Map<string | undefined, number | undefined>() // by the y axis' title
vi.mock('../lib/chart', async () => {
  const stub = await import('../test/chart-stub')
  return {
    ...stub,
    createChart: (_c: unknown, config: { options: { scales: { y: { title: { text?: string }; ticks: { precision?: number } } } } }) => {
      titles.push(config.options.scales.y.title.text)
      yPrecision.set(config.options.scales.y.title.text, config.options.scales.y.ticks.precision)
      return stub.createChart()
    }
  }
})

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView({ saveDataset: vi.fn(async () => ({ datasetId: 3, reused: false })), setColumnUnits: vi.fn(async () => ({ id: 3, name: 'small.csv', sourceFile: null, rowCount: 60, importedAt: 0, columns: [] })) }))
  titles.length = 0
})
const opts = () => ({ global: { plugins: [pinia] } })

function detail(over: Partial<RunDetail> = {}): RunDetail {
  return {
    summary: { id: 7, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.1, testMetric: null },
    config: defaultConfig('temp'),
    epochs: [],
    metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 1 }, { split: 'test', model: 'model', metric: 'mase', value: 0.9 }, { split: 'test', model: 'naive', metric: 'mae', value: 1.2 }],
    forecasts: Array.from({ length: 10 }, (_, i) => ({ ts: Date.UTC(2020, 0, i + 1), step: 1, value: i, lower: Math.max(0, i - 2), upper: i + 2, actual: i })),
    hasTime: true, gradFlow: null, canResume: false, choice: null, unit: '°C', range: { domain: 'non-negative', min: 0, max: 20, n: 10, above: 0, below: 0 },
    ...over
  }
}

describe('Data view: a unit per numeric column', () => {
  it('is sent with the dataset when it is stored, and stored at once afterwards', async () => {
    const ds = useDatasetStore()
    ds.dataset = smallDataset()
    const w = mount(DataView, opts())
    await flushPromises()
    const input = w.find('[data-testid="unit-temp"]')
    expect(input.exists()).toBe(true)
    expect(w.find('[data-testid="unit-sky"]').exists()).toBe(false) // categorical: no unit
    await input.setValue(' °C ')
    await input.trigger('change')
    await flushPromises()
    expect(ds.units).toEqual({ temp: '°C' })
    expect(api.setColumnUnits).not.toHaveBeenCalled() // not stored yet: it goes with the dataset
    await ds.save()
    expect(api.saveDataset).toHaveBeenCalledWith(expect.objectContaining({ units: { temp: '°C' } }))
    await input.setValue('K')
    await input.trigger('change')
    await flushPromises()
    expect(api.setColumnUnits).toHaveBeenCalledWith({ datasetId: 3, units: { temp: 'K' } })
  })

  it('starts as the sign the values were written with ("$1,250.00": "$"), stored with the dataset unless changed or cleared', async () => {
    const text = 'day,price,rate\n' + Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},"$1,${200 + i}.00",${i % 5}.5%`).join('\n') + '\n'
    setImportWorkerFactory(fakeWorker(doneReply(await importCsv(text, { fileName: 'prices.csv' }))))
    const ds = useDatasetStore()
    expect(await ds.importFrom(text, 'prices.csv')).toBe(true)
    expect(ds.units).toEqual({ price: '$', rate: '%' })
    const w = mount(DataView, opts())
    await flushPromises()
    expect((w.find('[data-testid="unit-price"]').element as HTMLInputElement).value).toBe('$')
    expect(w.text()).toContain('column "price": numbers written with a currency sign are read as numbers without it ("$1,200.00", line 2, as 1200); its unit is "$"')
    const rate = w.find('[data-testid="unit-rate"]')
    await rate.setValue('')
    await rate.trigger('change')
    await flushPromises()
    await ds.save()
    expect(api.saveDataset).toHaveBeenCalledWith(expect.objectContaining({ units: { price: '$' } }))
  })

  it('refuses a unit that is too long or holds a control character, naming the column beside the field', async () => {
    const ds = useDatasetStore()
    ds.dataset = smallDataset()
    const w = mount(DataView, opts())
    await flushPromises()
    const input = w.find('[data-testid="unit-temp"]')
    await input.setValue('degrees Celsius, daily max')
    await input.trigger('change')
    await flushPromises()
    expect(w.find('#unit-error-temp').text()).toBe('the unit of column "temp" is 26 characters long; at most 16 are allowed')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(ds.units).toEqual({})
    await input.setValue('°C')
    await input.trigger('change')
    await flushPromises()
    expect(w.find('#unit-error-temp').exists()).toBe(false)
  })
})

describe('Data view: numbers written with a unit sign', () => {
  it('says why a column of "5.3%" or "$1,250.00" is not numeric, and says nothing of words', async () => {
    const ds = useDatasetStore()
    const base = smallDataset()
    const n = base.rowCount
    ds.dataset = {
      ...base,
      columns: [
        ...base.columns,
        { kind: 'categorical', name: 'rate', codes: Int32Array.from({ length: n }, (_, i) => i % 3), levels: ['5.3%', '4.9%', '6.0%'] },
        { kind: 'categorical', name: 'price', codes: Int32Array.from({ length: n }, (_, i) => i % 2), levels: ['$1,250.00', '($12.50)'] }
      ]
    }
    const w = mount(DataView, opts())
    await flushPromises()
    expect(w.find('[data-testid="unit-numbers-rate"]').text()).toBe('numbers with a per cent sign ("5.3%"), read as text: choose the type numeric to read them as numbers')
    expect(w.find('[data-testid="unit-numbers-price"]').text()).toContain('numbers with a currency sign ("$1,250.00")')
    expect(w.find('[data-testid="unit-numbers-sky"]').exists()).toBe(false) // 'sun' and 'rain' are words
    expect(w.find('[data-testid="no-numeric"]').exists()).toBe(false) // 'temp' is numeric: charted
  })

  it('with no numeric column, says so instead of drawing an empty chart', async () => {
    const ds = useDatasetStore()
    const base = smallDataset()
    ds.dataset = { ...base, columns: base.columns.filter((c) => c.kind !== 'numeric') }
    const w = mount(DataView, opts())
    await flushPromises()
    await new Promise((r) => setTimeout(r)) // the detail comes a task after the summary
    await flushPromises()
    expect(w.find('[data-testid="no-numeric"]').text()).toContain('No numeric column to chart')
  })
})

describe('Evaluate and Export show the unit and the clipping', () => {
  it('metric headers in the unit where it applies (MAE, not MASE); axes; the interval says ≥ 0', async () => {
    api.getRun = vi.fn(async () => detail())
    await useRunStore().open(7)
    const w = mount(EvaluateView, opts())
    await flushPromises()
    await vi.waitFor(() => expect(titles.length).toBeGreaterThan(0))
    const head = w.findAll('[data-testid="metrics-table"] thead th').map((t) => t.text())
    expect(head).toContain('MAE (°C)')
    expect(head).toContain('MASE') // relative: no unit
    expect(titles).toContain('temp (°C)')
    // the residual histogram counts test points: whole-number ticks; values keep theirs
    await vi.waitFor(() => expect(yPrecision.has('test points')).toBe(true))
    expect(yPrecision.get('test points')).toBe(0)
    expect(yPrecision.get('temp (°C)')).toBeUndefined()

    expect(w.find('[data-testid="domain-note"]').text()).toBe('Forecasts and interval bounds clipped at 0: every training value is ≥ 0.')
  })

  it('the validation scores of the choice are in the unit too', async () => {
    const choice = { chosen: 'network', label: 'network', network: 1, members: [], season: 7, steps: 7, validation: [{ name: 'network', label: 'network', mae: 0.3 }, { name: 'naive', label: 'Naive', mae: 0.5 }], message: 'the forecast is the network' }
    api.getRun = vi.fn(async () => detail({ choice }))
    await useRunStore().open(7)
    const w = mount(EvaluateView, opts())
    await flushPromises()
    expect(w.find('[data-testid="validation-scores"] thead').text()).toContain('MAE (°C)')
  })

  it('a run stored before units and ranges: plain headers, no note', async () => {
    api.getRun = vi.fn(async () => detail({ unit: undefined, range: undefined }))
    await useRunStore().open(7)
    const w = mount(EvaluateView, opts())
    await flushPromises()
    expect(w.findAll('[data-testid="metrics-table"] thead th').map((t) => t.text())).toContain('MAE')
    expect(w.find('[data-testid="domain-note"]').exists()).toBe(false)
  })

  it('the forecast past the end: table headers in the unit and the clipping note', async () => {
    api.getRun = vi.fn(async () => detail())
    api.forecastAhead = vi.fn(async () => ({ rows: [{ ts: Date.UTC(2020, 1, 1), step: 1, value: 0, lower: 0, upper: 2, actual: null }], hasTime: true, domain: 'non-negative' as const }))
    await useRunStore().open(7)
    const w = mount(ExportView, opts())
    await flushPromises()
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="ahead-table"] thead').text()).toContain('Forecast (°C)')
    expect(w.find('[data-testid="ahead-domain-note"]').text()).toContain('clipped at 0')
    // every step asked for is calibrated: no note on the intervals
    expect(w.find('[data-testid="ahead-intervals"]').exists()).toBe(false)
  })

  it('the forecast past the end says which steps have calibrated intervals and what the others rest on', async () => {
    api.getRun = vi.fn(async () => detail())
    const note = "intervals: steps 1-2 are calibrated on their own validation errors; step 3 takes step 2's bounds widened by √(k/2): an approximation without calibrated coverage"
    api.forecastAhead = vi.fn(async () => ({ rows: [1, 2, 3].map((step) => ({ ts: Date.UTC(2020, step, 1), step, value: 1, lower: 0, upper: 2, actual: null })), hasTime: true, intervals: { calibrated: 2, note } }))
    await useRunStore().open(7)
    const w = mount(ExportView, opts())
    await flushPromises()
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="ahead-intervals"]').text()).toBe("Intervals: steps 1-2 are calibrated on their own validation errors; step 3 takes step 2's bounds widened by √(k/2): an approximation without calibrated coverage.")
  })
})
