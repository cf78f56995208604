// @vitest-environment happy-dom
// One run named and numbered the same way in every view: its models by their stored labels
// (never 'arima' beside 'ARIMA(2,1,1)', nor 'stats mean' beside 'ETS + Theta + ARIMA'), metrics in
// the same significant digits with MAPE and sMAPE in %, and its date in one format.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { ChoiceSummary, RunDetail, RunSummary } from '../../../electron/contract'
import { useRunStore } from '../stores/run'
import { setUpView } from '../test/fakes'
import type { FakeApi } from '../test/fakes'
import EvaluateView from './EvaluateView.vue'
import RunsView from './RunsView.vue'

enableAutoUnmount(afterEach)
vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView())
})
const opts = () => ({ global: { plugins: [pinia] } })

const LABEL = 'mean of ETS(A,N,A), Theta and ARIMA(2,1,1)'
const choice: ChoiceSummary = {
  chosen: 'combination', label: LABEL, network: 0,
  members: [{ name: 'ets', label: 'ETS(A,N,A)', weight: 1 / 3 }, { name: 'theta', label: 'Theta', weight: 1 / 3 }, { name: 'arima', label: 'ARIMA(2,1,1)', weight: 1 / 3 }],
  season: 7, steps: 1,
  validation: [{ name: 'combination', label: LABEL, mae: 1 }, { name: 'arima', label: 'ARIMA(2,1,1)', mae: 1.1 }, { name: 'naive', label: 'Naive', mae: 1.3 }, { name: 'network', label: 'network', mae: 1.5 }],
  message: 'the network lost on validation; the forecast is the mean of ETS(A,N,A), Theta and ARIMA(2,1,1)'
}
const CREATED = new Date(2026, 11, 5, 14, 3).getTime()
function summary(id: number): RunSummary {
  return {
    id, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: CREATED, finishedAt: CREATED + 1, error: null, cell: 'lstm', epochs: 3,
    bestValLoss: 0.1, testMetric: { metric: 'rmse', value: 2.77, skill: 0.125 }, datasetName: 'weather.csv', target: 'temp', forecaster: { chosen: 'combination', label: LABEL, network: 0, lost: true }
  }
}
function detail(id: number): RunDetail {
  const row = (model: string, metric: string, value: number) => ({ split: 'test' as const, model, metric, value })
  return {
    summary: summary(id), config: defaultConfig('temp'), epochs: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false, choice, unit: null, range: null,
    metrics: [
      row('model', 'mae', 2.18912), row('model', 'mape', 13.91876), row('model', 'smape', 12.98), row('model', 'r2', 0.0024281234), row('model', 'rmse', 2.77), row('model', 'skill', 0.125),
      row('arima', 'mae', 2.4), row('arima', 'mape', 15.5), row('arima', 'smape', 14), row('arima', 'r2', 0.85987654), row('arima', 'rmse', 3.1),
      row('naive', 'mae', 2.5), row('naive', 'rmse', 3.2)
    ]
  }
}

describe('one name and one number format for a run, in every view', () => {
  it('Evaluate: a model by the label the verdict gives it; MAPE and sMAPE in %, R² as the other metrics, skill signed', async () => {
    api.getRun = vi.fn(async () => detail(4))
    await useRunStore().open(4)
    const w = mount(EvaluateView, opts())
    await flushPromises()
    const table = w.get('[data-testid="metrics-table"]')
    const heads = table.findAll('thead th').map((t) => t.text())
    const cells = (model: string) => table.get(`tr[data-model="${model}"]`).findAll('td').map((t) => t.text())
    expect(heads).toEqual(['Model', 'MAE', 'MAPE', 'sMAPE', 'R²', 'RMSE', 'Skill of forecast'])
    // each metric's column in one number of decimals, as in Export's table: its digits line up
    expect(cells('model')).toEqual([`Forecast: the ${LABEL}`, '2.189', '13.92 %', '12.98 %', '0.0024', '2.77', ''])
    expect(cells('arima')).toEqual(['ARIMA(2,1,1)', '2.400', '15.50 %', '14.00 %', '0.8599', '3.10', '+10.6 %'])
    expect(cells('naive').slice(1, 2)).toEqual(['2.500'])
    expect(cells('naive')[0]).toBe('Naive')
    // the validation scores name the same models the same way
    const scored = w.findAll('[data-testid="validation-scores"] tbody tr td:first-child').map((t) => t.text().replace(/, forecast$/, ''))
    expect(scored).toEqual([LABEL, 'ARIMA(2,1,1)', 'Naive', 'network'])
    // their MAE column in one number of decimals: 1.0, not 1 above 1.1
    expect(w.findAll('[data-testid="validation-scores"] tbody tr td:nth-child(2)').map((t) => t.text())).toEqual(['1.0', '1.1', '1.3', '1.5'])
  })

  it('Runs (in the words of fw runs, the label in the title) and Compare: the same label, and the date as "2026-12-05 14:03"', async () => {
    api.listRuns = vi.fn(async () => [summary(4), summary(5)])
    api.getRun = vi.fn(async ({ runId }: { runId: number }) => detail(runId))
    const w = mount(RunsView, opts())
    await flushPromises()
    const row = w.get('tr[data-run="4"]')
    expect(row.get('[data-testid="run-forecast"]').text()).toBe('ETS + Theta + ARIMA') // fw runs' words
    expect(row.get('[data-testid="run-forecast"]').attributes('title')).toBe(LABEL)
    expect(row.findAll('td')[4]!.text()).toBe('2026-12-05 14:03')
    expect(row.text()).toContain('RMSE 2.77')
    for (const id of [4, 5]) await w.get(`input[aria-label="Select run ${id}"]`).setValue(true)
    await w.get('[data-testid="compare"]').trigger('click')
    await flushPromises()
    const rows = w.findAll('[data-testid="compare-results"] tbody tr').map((tr) => [tr.get('th').text(), ...tr.findAll('td').map((td) => td.text())])
    expect(rows).toContainEqual(['Forecast by', LABEL, LABEL])
    expect(rows).toContainEqual(['MAPE (test)', '13.92 %', '13.92 %'])
    expect(rows).toContainEqual(['R² (test)', '0.002428', '0.002428'])
  })
})
