// @vitest-environment happy-dom
// A classification run whose Brier difference from its baseline lies within the noise kept with it
// (RunDetail.testNoise, RunSummary.testMetric.level): Evaluate's verdict says "Level with the best
// baseline" in amber, and the Runs list colours its row amber with the same words; without noise
// (a run stored before), both as before.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { ForecastPoint, RunDetail, RunSummary } from '../../../electron/contract'
import { useRunStore } from '../stores/run'
import type { FakeApi } from '../test/fakes'
import { setUpView } from '../test/fakes'
import EvaluateView from './EvaluateView.vue'
import RunsView from './RunsView.vue'

vi.mock('../lib/chart', async () => await import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView())
})

// 30 test rows, 15 of each class: no caution of few events
const forecasts: ForecastPoint[] = Array.from({ length: 30 }, (_, i) => ({ ts: Date.UTC(2020, 0, i + 1), step: 1, value: 0.5, lower: null, upper: null, actual: i % 2 }))
const noise = { baseline: 'training-rate', mean: -0.0019, se: 0.0018, rows: 30 }
const summary: RunSummary = { id: 3, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 5, bestValLoss: 0.1, testMetric: { metric: 'brier', value: 0.2157, skill: 1 - 0.2157 / 0.2176 }, datasetName: 'cls_imb.csv', target: 'fraud', forecaster: null }
function detail(testNoise: typeof noise | null): RunDetail {
  const cfg = defaultConfig('fraud')
  return {
    summary,
    config: { ...cfg, data: { ...cfg.data, task: 'classification', rule: 'fraud > 0' } },
    epochs: [],
    metrics: [
      { split: 'val', model: 'training-rate', metric: 'brier', value: 0.21 },
      { split: 'test', model: 'model', metric: 'brier', value: 0.2157 },
      { split: 'test', model: 'training-rate', metric: 'brier', value: 0.2176 },
      { split: 'test', model: 'model', metric: 'skill', value: 1 - 0.2157 / 0.2176 }
    ],
    forecasts, hasTime: true, gradFlow: null, canResume: false, classes: ['false', 'true'], testNoise
  }
}
async function verdictOfView(testNoise: typeof noise | null): Promise<{ tone: string | undefined; headline: string }> {
  api.getRun = vi.fn(async () => detail(testNoise))
  await useRunStore().open(3)
  const w = mount(EvaluateView, { global: { plugins: [pinia] } })
  await flushPromises()
  const v = { tone: w.find('[data-testid="verdict"]').attributes('data-tone'), headline: w.find('[data-testid="verdict-headline"]').text() }
  w.unmount()
  return v
}

describe('a classification run level with its baseline within noise', () => {
  it("Evaluate's verdict says the Level words from testNoise, in amber; without it, better as before", async () => {
    expect(await verdictOfView(noise)).toEqual({ tone: 'warn', headline: 'Level with the best baseline (training rate) on test (Brier score): the difference, 0.0019 a row lower for the forecast, is within the noise of 30 test rows (± 0.0036)' })
    expect(await verdictOfView(null)).toEqual({ tone: 'good', headline: 'Better than the best baseline (training rate) by 0.9 % on test (Brier score)' })
  })

  it('the Runs list colours its row amber with the same words; a run stored without noise green', async () => {
    api.listRuns = vi.fn(async () => [{ ...summary, testMetric: { ...summary.testMetric!, level: noise } }, { ...summary, id: 4 }])
    const w = mount(RunsView, { global: { plugins: [pinia] } })
    await flushPromises()
    const cell = (id: number) => w.find(`tr[data-run="${id}"] td.skill`)
    expect([cell(3).attributes('data-tone'), cell(4).attributes('data-tone')]).toEqual(['warn', 'good'])
    expect(cell(3).attributes('title')).toBe('level with the best baseline (training rate) on test: the difference, 0.0019 a row lower for the forecast, is within the noise of 30 test rows (± 0.0036)')
  })
})
