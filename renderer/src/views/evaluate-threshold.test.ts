// @vitest-environment happy-dom
// Evaluate: a two-class run's threshold, a what-if on the test rows shown (exploratory pass 7,
// defect 13): the confusion matrix, accuracy, precision, recall and F1 at the threshold chosen,
// its point on the ROC curve, and the stored scores at 0.5 beside them.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { ForecastPoint, RunDetail } from '../../../electron/contract'
import ChartPanel from '../components/ChartPanel.vue'
import { useRunStore } from '../stores/run'
import type { FakeApi } from '../test/fakes'
import { setUpView } from '../test/fakes'
import EvaluateView from './EvaluateView.vue'

vi.mock('../lib/chart', async () => await import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView())
})

// actual [1, 0, 1, 1, 0] with P(rain) [0.9, 0.4, 0.35, 0.8, 0.6]: at 0.5 [[1, 1], [1, 2]]; at 0.3
// every row is rain, [[0, 2], [0, 3]]
const P = [0.9, 0.4, 0.35, 0.8, 0.6]
const Y = [1, 0, 1, 1, 0]
const forecasts: ForecastPoint[] = P.map((p, i) => ({ ts: Date.UTC(2020, 0, i + 1), step: 1, value: p, lower: null, upper: null, actual: Y[i]! }))
function detail(): RunDetail {
  const cfg = defaultConfig('weather')
  return {
    summary: { id: 3, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 5, bestValLoss: 0.1, testMetric: null },
    config: { ...cfg, data: { ...cfg.data, task: 'classification' } },
    epochs: [],
    metrics: [
      { split: 'test', model: 'model', metric: 'accuracy', value: 0.6 },
      { split: 'test', model: 'model', metric: 'f1', value: 2 / 3 },
      { split: 'test', model: 'model', metric: 'brier', value: 0.4 }
    ],
    forecasts, hasTime: true, gradFlow: null, canResume: false, classes: ['dry', 'rain']
  }
}

describe('Evaluate: the threshold of a two-class run', () => {
  it('moving it recomputes the confusion matrix and the scores, marks the ROC, and keeps 0.5 as stored', async () => {
    api.getRun = vi.fn(async () => detail())
    await useRunStore().open(3)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    const cells = () => w.findAll('[data-testid="confusion"] tbody td').map((c) => Number(c.text()))
    const row = (m: string) => w.findAll(`[data-testid="threshold-table"] tr[data-metric="${m}"] td`).map((c) => c.text())
    const rocPanel = () => w.findAllComponents(ChartPanel).find((c) => c.props('title') === 'ROC curve')!
    const rocPoint = () => rocPanel().props('datasets').find((s: { label?: string }) => s.label?.startsWith('threshold'))
    expect(cells()).toEqual([1, 1, 1, 2])
    // the slider on 0.5: one column, not the stored scores twice (exploratory pass 20, finding 9)
    expect(row('f1')).toEqual(['F1', '0.6667'])
    expect(rocPoint()).toMatchObject({ label: 'threshold 0.5', data: [{ x: 0.5, y: 2 / 3 }] })
    expect(rocPanel().props('summary')).toContain('at the 0.5 threshold, true positive rate 0.667 at false positive rate 0.5')
    expect(w.find('[data-testid="threshold-reset"]').attributes('disabled')).toBeDefined()

    await w.find('[data-testid="threshold"]').setValue('0.3')
    expect(w.find('[data-testid="threshold-value"]').text()).toBe('0.30')
    expect(cells()).toEqual([0, 2, 0, 3])
    expect(w.find('[aria-label="Confusion matrix"] h3').text()).toBe('Confusion matrix (threshold 0.3)')
    // a column (the scores at one threshold) in one number of decimals: its digits line up
    expect(row('accuracy')).toEqual(['Accuracy', '0.6000', '0.60'])
    expect(row('precision')).toEqual(['Precision', '0.6667', '0.60'])
    expect(row('recall')).toEqual(['Recall', '0.6667', '1.00'])
    expect(row('f1')).toEqual(['F1', '0.6667', '0.75'])
    expect(rocPoint()).toMatchObject({ label: 'threshold 0.3', data: [{ x: 1, y: 1 }] })
    // the chart's description for a screen reader names the point marked, not 0.5's
    expect(rocPanel().props('summary')).toContain('at the 0.3 threshold, true positive rate 1 at false positive rate 1')
    // the stored table and the words say the stored rule; the panel says the exported metrics use 0.5
    expect(w.find('[data-testid="class-rule"]').text()).toContain('threshold 0.5')
    expect(w.find('[data-testid="threshold-panel"]').text()).toContain('the exported metrics use 0.5')

    await w.find('[data-testid="threshold-reset"]').trigger('click')
    expect(cells()).toEqual([1, 1, 1, 2])
  })

  // chosen on validation at 0.37: at it the test rows give [[0, 2], [1, 2]]: accuracy 0.4,
  // precision 0.5, recall 2/3, F1 4/7
  const chosen = { rule: 'youden' as const, threshold: 0.37, reason: null, n: 40, positives: 9, validation: { j: 0.5, tpr: 0.75, fpr: 0.25, accuracy: 0.75, precision: 0.5, recall: 0.75, f1: 0.6 } }

  it('offers the threshold chosen on validation: its test scores beside 0.5, and one click moves the what-if there', async () => {
    api.getRun = vi.fn(async () => ({ ...detail(), threshold: chosen }))
    await useRunStore().open(3)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    const row = (m: string) => w.findAll(`[data-testid="threshold-table"] tr[data-metric="${m}"] td`).map((c) => c.text())
    const cells = () => w.findAll('[data-testid="confusion"] tbody td').map((c) => Number(c.text()))
    expect(w.find('[data-testid="threshold-validation-head"]').text()).toBe('At 0.37 (chosen on validation)')
    // the slider on 0.5 is the stored column's threshold: no third column
    expect(row('f1')).toEqual(['F1', '0.6667', '0.5714'])
    expect(row('accuracy')).toEqual(['Accuracy', '0.6000', '0.4000'])
    const said = w.find('[data-testid="threshold-validation"]').text()
    expect(said).toContain('Chosen on validation: 0.37')
    expect(said).toContain('on 40 validation rows (9 of them “rain”)')
    expect(said).toContain('not flattered')
    expect(said).toContain('The exported files keep the probabilities, and their metrics, like the metrics table and the verdict, stay at 0.5; the report and the workbook add the test scores at the threshold chosen on validation beside them.')
    const use = w.find('[data-testid="threshold-use-validation"]')
    expect(use.text()).toBe('Use 0.37, chosen on validation')
    await use.trigger('click')
    expect(w.find('[data-testid="threshold-value"]').text()).toBe('0.37')
    expect(cells()).toEqual([0, 2, 1, 2])
    expect(w.find('[data-testid="threshold-use-validation"]').attributes('disabled')).toBeDefined()
    // the slider on the chosen threshold: its column, not a third
    expect(row('recall')).toEqual(['Recall', '0.6667', '0.6667'])
  })

  // exploratory pass 20, finding 9: validation chose 0.5, and the table showed three identical
  // columns, "At 0.5 (stored) | At 0.50 (chosen on validation) | At 0.50"
  it('shows a chosen 0.5 in one column, said to be both stored and chosen, and the slider beside it once moved', async () => {
    api.getRun = vi.fn(async () => ({ ...detail(), threshold: { ...chosen, threshold: 0.5 } }))
    await useRunStore().open(3)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    const heads = () => w.findAll('[data-testid="threshold-table"] th').map((c) => c.text())
    expect(heads()).toEqual(['Test', 'At 0.5 (stored, and chosen on validation)'])
    expect(w.find('[data-testid="threshold-validation-head"]').text()).toBe('At 0.5 (stored, and chosen on validation)')
    expect(w.findAll('[data-testid="threshold-table"] tr[data-metric="f1"] td').map((c) => c.text())).toEqual(['F1', '0.6667'])
    await w.find('[data-testid="threshold"]').setValue('0.3')
    expect(heads()).toEqual(['Test', 'At 0.5 (stored, and chosen on validation)', 'At 0.30'])
  })

  // Exploratory pass 16: Enter on either button disabled the focused button and the focus fell to the page.
  it('keeps the keyboard focus in the panel when a button disables itself: on the other button, else the slider', async () => {
    api.getRun = vi.fn(async () => ({ ...detail(), threshold: chosen }))
    await useRunStore().open(3)
    const w = mount(EvaluateView, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    const el = (id: string) => w.find<HTMLElement>(`[data-testid="${id}"]`).element
    el('threshold-use-validation').focus()
    await w.find('[data-testid="threshold-use-validation"]').trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(el('threshold-reset'))
    await w.find('[data-testid="threshold-reset"]').trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(el('threshold-use-validation'))
    w.unmount()
    // no threshold chosen on validation: Back to 0.5 hands the focus to the slider
    api.getRun = vi.fn(async () => detail())
    await useRunStore().open(3)
    const v = mount(EvaluateView, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    await v.find('[data-testid="threshold"]').setValue('0.3')
    const reset = v.find<HTMLElement>('[data-testid="threshold-reset"]')
    reset.element.focus()
    await reset.trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(v.find('[data-testid="threshold"]').element)
    v.unmount()
  })

  it('says that a run stored before keeps none, and why a run\'s validation chose none, with nothing to click', async () => {
    for (const [threshold, words] of [
      [null, 'No threshold chosen on validation is kept with this run: it was trained before runs kept one.'],
      [{ ...chosen, threshold: null, reason: 'one-class' as const, positives: 0, validation: null }, 'No threshold was chosen on validation: its 40 validation rows are all “dry”, so no threshold can be judged on them.']
    ] as const) {
      api.getRun = vi.fn(async () => ({ ...detail(), threshold }))
      await useRunStore().open(3)
      const w = mount(EvaluateView, { global: { plugins: [pinia] } })
      await flushPromises()
      expect(w.find('[data-testid="threshold-validation"]').text()).toContain(words)
      expect(w.find('[data-testid="threshold-use-validation"]').exists()).toBe(false)
      expect(w.find('[data-testid="threshold-validation-head"]').exists()).toBe(false)
      w.unmount()
    }
  })
})
