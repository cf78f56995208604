// @vitest-environment happy-dom
// Evaluate says a vanishing gradient as the Train view does (core/train/vanishing.ts, the app's
// words): the test scores of a network that learnt from its latest rows only read differently.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail } from '../../../electron/contract'
import { useRunStore } from '../stores/run'
import { setUpView } from '../test/fakes'
import EvaluateView from './EvaluateView.vue'

enableAutoUnmount(afterEach)
vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
let api: ReturnType<typeof setUpView>['api']
beforeEach(() => {
  ;({ api, pinia } = setUpView({}))
})

const elman = Array.from({ length: 200 }, (_, t) => 0.15 * 0.6 ** (199 - t)) // the latest 28 steps get over 1e-6 of the last one's
function detail(id: number, gradFlow: number[] | null, outputMode: 'final' | 'per-step' = 'final'): RunDetail {
  const config = defaultConfig('temp')
  return {
    summary: { id, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'elman', epochs: 1, bestValLoss: 0.1, testMetric: null },
    config: { ...config, data: { ...config.data, lookBack: 200 }, model: { ...config.model, cell: 'elman', outputMode } },
    epochs: [{ epoch: 1, trainLoss: 1, valLoss: 0.9, gradNorm: 1, clipRate: 0, lr: 0.005, seconds: 1 }],
    metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 1 }, { split: 'test', model: 'naive', metric: 'mae', value: 1.2 }],
    forecasts: Array.from({ length: 10 }, (_, i) => ({ ts: Date.UTC(2020, 0, i + 2), step: 1, value: i, lower: i - 1, upper: i + 1, actual: i + 1 })),
    hasTime: true, gradFlow, canResume: false, choice: null, unit: null, range: null
  }
}

describe('Evaluate: the vanishing-gradient note', () => {
  it("says it as the Train view does, in Setup's words; nothing for a flow that reaches back, per-step outputs or none kept", async () => {
    const runs: Record<number, RunDetail> = { 7: detail(7, elman), 8: detail(8, elman.map(() => 0.15)), 9: detail(9, elman, 'per-step'), 10: detail(10, null) }
    api.getRun = vi.fn(async ({ runId }: { runId: number }) => runs[runId]!)
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    expect(w.get('[data-testid="evaluate-vanishing"]').text()).toMatch(/^Vanishing gradient: the oldest 172 of the window's 200 steps get under 1e-6 of the gradient that reaches the last one \(the oldest step \de-\d+ of it\), so the network learns from about the latest 28 rows only \(its effective memory\); an LSTM or GRU cell \(Cell in Setup\) keeps the gradient further back, or a shorter look-back \(Look-back in Setup\) trains as well in less time\.$/)
    for (const id of [8, 9, 10]) {
      await useRunStore().open(id)
      await flushPromises()
      expect(w.find('[data-testid="evaluate-vanishing"]').exists()).toBe(false)
      expect(w.find('[data-testid="metrics-table"]').exists()).toBe(true)
    }
  })
})
