// @vitest-environment happy-dom
// A yes/no target's probability named in its data file's own word for yes, as its forecast files
// name it: Evaluate's chart axis and Threshold panel, and Export's forecast column, say
// P(rain = yes) for a file of no/yes and P(rain = 1) for a file of 0/1 (RunDetail.classWords),
// and the confusion matrix and the threshold sentence name its classes in the same words
// ('predicted no', 'actual 1', '9 of them “yes”'); a run whose words are not known (stored
// before) keeps P(rain = true) and the class names.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { ForecastPoint, RunDetail } from '../../../electron/contract'
import ChartPanel from '../components/ChartPanel.vue'
import { useRunStore } from '../stores/run'
import { setUpView, type FakeApi } from '../test/fakes'
import EvaluateView from './EvaluateView.vue'
import ExportView from './ExportView.vue'

vi.mock('../lib/chart', async () => await import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView())
})

const forecasts: ForecastPoint[] = [0.9, 0.4, 0.35].map((p, i) => ({ ts: Date.UTC(2020, 0, i + 1), step: 1, value: p, lower: null, upper: null, actual: i % 2 }))
const chosen = { rule: 'youden' as const, threshold: 0.37, reason: null, n: 40, positives: 9, validation: { j: 0.5, tpr: 0.75, fpr: 0.25, accuracy: 0.75, precision: 0.5, recall: 0.75, f1: 0.6 } }
function detail(words: [string, string] | undefined): RunDetail {
  const cfg = defaultConfig('rain')
  return {
    summary: { id: 3, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 5, bestValLoss: 0.1, testMetric: null },
    config: { ...cfg, data: { ...cfg.data, task: 'classification', features: [] } },
    epochs: [], metrics: [], forecasts, hasTime: true, gradFlow: null, canResume: false,
    classes: ['false', 'true'], ...(words ? { classWords: words } : {}), threshold: chosen
  }
}

describe("a yes/no target's probability in the app, in its file's words", () => {
  for (const [words, yes] of [[['no', 'yes'], 'yes'], [['0', '1'], '1'], [undefined, 'true']] as const) {
    it(`${words ? words.join('/') : 'words not known'}: P(rain = ${yes})`, async () => {
      api.getRun = vi.fn(async () => detail(words ? [words[0], words[1]] : undefined))
      await useRunStore().open(3)
      const evaluate = mount(EvaluateView, { global: { plugins: [pinia] } })
      await flushPromises()
      const chart = evaluate.findAllComponents(ChartPanel).find((c) => c.props('title') === 'Predicted probability vs actual class (test)')!
      expect(chart.props('yTitle')).toBe(`P(rain = ${yes})`)
      expect(evaluate.find('[data-testid="threshold-panel"] label').text()).toContain(`Predict “rain = ${yes}” when its probability is above`)
      // the confusion matrix and the threshold chosen on validation name the classes in the same words
      const [no] = words ?? ['false']
      const matrix = evaluate.find('[data-testid="confusion"]').findAll('tr').map((r) => r.findAll('th').map((c) => c.text()))
      expect(matrix).toEqual([['', `predicted ${no}`, `predicted ${yes}`], [`actual ${no}`], [`actual ${yes}`]])
      expect(evaluate.find('[data-testid="threshold-validation"]').text()).toContain(`on 40 validation rows (9 of them “${yes}”)`)
      const exp = mount(ExportView, { global: { plugins: [pinia] } })
      await flushPromises()
      expect(exp.find('[data-testid="csv-forecaster"]').text()).toMatch(new RegExp(`^The P\\(rain = ${yes}\\) column is made by`))
    })
  }
})
