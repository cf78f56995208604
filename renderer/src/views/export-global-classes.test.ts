// @vitest-environment happy-dom
// Export of a global classification (one network across series for a class target): its workbook
// and report are made, as a global regression's are, and say what they hold for classes; its ONNX
// graph is made too (each class's probability), and the card says so. A global regression keeps its
// ONNX button and its own words.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail } from '../../../electron/contract'
import { useRunStore } from '../stores/run'
import { setUpView } from '../test/fakes'
import type { FakeApi } from '../test/fakes'
import ExportView from './ExportView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView({ saveFile: vi.fn(async () => ({ saved: true, where: 'download' })) }))
})

const global = { columns: ['city'], series: 3, meanMase: null, meanNaiveMase: null, beatNaive: 0, beatBestNaive: 0, skipped: [] }
const row = (number: number) => ({ number, key: [`c${number}`], label: `city = c${number}`, n: 10, mae: null, mase: null, naiveMae: null, seasonalNaiveMae: null, coverage: null, beatsNaive: false, forecastBy: 'network', forecastLabel: null, rangeNote: null })

async function exportOf(task: 'classification' | 'regression', classes: string[] | null, extra: Partial<RunDetail['config']['data']> = {}) {
  const config = defaultConfig('sky')
  api.listRunSeries = vi.fn(async () => [row(1), row(2), row(3)])
  api.getRun = vi.fn(async () => ({
    summary: { id: 7, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done' as const, createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 2, bestValLoss: 0.5, testMetric: null, global: task === 'classification' ? { ...global, classification: { accuracy: 0.7, brier: 0.4, rateBrier: 0.45, beatRate: 2 } } : { ...global, meanMase: 0.9, meanNaiveMase: 1, beatNaive: 2, beatBestNaive: 2 } },
    config: { ...config, data: { ...config.data, task, horizon: 1, features: [], series: { columns: ['city'], values: null, global: { short: 'skip' as const } }, ...extra } },
    epochs: [], metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false,
    ...(classes ? { classes } : {})
  }))
  await useRunStore().open(7)
  const w = mount(ExportView, { global: { plugins: [pinia] } })
  await flushPromises()
  return w
}
const button = (w: Awaited<ReturnType<typeof exportOf>>, id: string) => w.find<HTMLButtonElement>(`[data-testid="${id}"]`)

describe("Export of a global classification", () => {
  it('two classes: XLSX, report and ONNX on, saying what they hold', async () => {
    const w = await exportOf('classification', ['false', 'true'], { target: 'sales', rule: 'sales > 150' })
    expect(button(w, 'export-xlsx').element.disabled).toBe(false)
    expect(button(w, 'export-report').element.disabled).toBe(false)
    expect(button(w, 'export-csv').element.disabled).toBe(false)
    expect(button(w, 'export-model').element.disabled).toBe(false)
    expect(button(w, 'export-onnx').element.disabled).toBe(false)
    expect(w.find('[data-testid="global-class-onnx"]').text()).toBe("For this global classification: one graph for all 3 series, whose output is P(sales > 150) (a sigmoid: the probability of the second of its two classes), the classes named in the model's metadata. Each series' scaling goes in through its own inputs, read from the series table in the model's metadata.")
    expect(w.find('[data-testid="global-onnx"]').exists()).toBe(false)
    expect(w.find('[data-testid="xlsx-sheets"]').text()).toContain("every series' class scores against its own baselines (Series), the means over the series against the majority, persistence and training-rate baselines (Metrics)")
    expect(w.find('[data-testid="xlsx-sheets"]').text()).not.toContain('against naive')
    expect(w.find('[data-testid="global-report"]').text()).toBe("For this global classification: every series' class scores against its own baselines, the means over the series, the predicted P(sales > 150) against the actual class of the series Evaluate shows first, and the confusion matrix of every series' test rows pooled.")
    expect(w.find('[data-testid="csv-columns"]').text()).toContain('The series id column, then time, step, P(sales > 150) and actual')

    // the workbook and the report are asked of main, and saved
    api.exportXlsx = vi.fn(async () => ({ fileName: 'run-7.xlsx', bytes: new Uint8Array([1]) }))
    await button(w, 'export-xlsx').trigger('click')
    await flushPromises()
    expect(api.exportXlsx).toHaveBeenCalledWith({ runId: 7 })
    expect(w.find('[data-testid="export-message"]').text()).toBe('Excel workbook saved.')
    api.exportReport = vi.fn(async () => ({ fileName: 'run-7.html', text: '<html></html>' }))
    await button(w, 'export-report').trigger('click')
    await flushPromises()
    expect(api.exportReport).toHaveBeenCalledWith({ runId: 7 })
    expect(w.find('[data-testid="export-message"]').text()).toBe('Report saved.')
    api.exportOnnx = vi.fn(async () => ({ fileName: 'run-7.onnx', bytes: new Uint8Array([1]) }))
    await button(w, 'export-onnx').trigger('click')
    await flushPromises()
    expect(api.exportOnnx).toHaveBeenCalledWith({ runId: 7 })
    expect(w.find('[data-testid="export-message"]').text()).toBe('ONNX model saved.')
  })

  it('three classes: the report draws the probabilities rebuilt from the model file; ONNX on', async () => {
    const w = await exportOf('classification', ['rain', 'snow', 'sun'])
    expect(button(w, 'export-onnx').element.disabled).toBe(false)
    expect(button(w, 'export-report').element.disabled).toBe(false)
    expect(w.find('[data-testid="global-report"]').text()).toBe("For this global classification: every series' class scores against its own baselines, the means over the series, the probability the model gave the actual class and its likeliest class for the series Evaluate shows first (rebuilt from the run's model file: the run keeps each row's likeliest class alone), and the confusion matrix of every series' test rows pooled.")
    expect(w.find('[data-testid="csv-columns"]').text()).toContain('forecast (the likeliest class, by name) and actual')
    expect(w.find('[data-testid="global-class-onnx"]').text()).toContain("whose output is each class's probability, the classes named in the model's metadata")
  })

  it('a global regression keeps its ONNX button and its own words', async () => {
    const w = await exportOf('regression', null, { target: 'sales' })
    expect(button(w, 'export-onnx').element.disabled).toBe(false)
    expect(w.find('[data-testid="global-class-onnx"]').exists()).toBe(false)
    expect(w.find('[data-testid="global-onnx"]').exists()).toBe(true)
    expect(w.find('[data-testid="xlsx-sheets"]').text()).toContain('the metrics against naive')
  })
})
