// @vitest-environment happy-dom
// Evaluate draws the steps the run stored. A run with horizon h > 1 that forecasts step h only
// (the default outputs) stores step h alone: its charts were empty at step 1, the only step offered
// first. A direct model stores steps 1..h, each one picked from the list.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import { parseRule } from '../../../core/data/config'
import { forecastColumn } from '../../../core/export/forecast-csv'
import { noIntervalNote } from '../../../core/data/conformal'
import type { RunDetail } from '../../../electron/contract'
import { useRunStore } from '../stores/run'
import { setUpView } from '../test/fakes'
import EvaluateView from './EvaluateView.vue'

enableAutoUnmount(afterEach)

type Stub = { data: { datasets?: { label?: string; data: unknown[] }[] }; title?: string }
const charts: Stub[] = []
vi.mock('../lib/chart', async () => {
  const stub = await import('../test/chart-stub')
  return {
    ...stub,
    createChart: (_c: unknown, config: { data: Stub['data']; options: { scales: { y: { title: { text?: string } } } } }) => {
      const c = { ...stub.createChart(), data: config.data, title: config.options.scales.y.title.text }
      charts.push(c)
      return c
    }
  }
})

let pinia: ReturnType<typeof createPinia>
let api: ReturnType<typeof setUpView>['api']
beforeEach(() => {
  ;({ api, pinia } = setUpView({}))
  charts.length = 0
})

function detail(horizon: number, steps: number[]): RunDetail {
  const config = defaultConfig('temp')
  return {
    summary: { id: 7, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.1, testMetric: null },
    config: { ...config, data: { ...config.data, horizon } },
    epochs: [],
    metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 1 }, { split: 'test', model: 'naive', metric: 'mae', value: 1.2 }],
    forecasts: Array.from({ length: 10 }, (_, i) => steps.map((k) => ({ ts: Date.UTC(2020, 0, i + 1 + k), step: k, value: i + k, lower: i, upper: i + 2 * k, actual: i + 1 }))).flat(),
    hasTime: true, gradFlow: null, canResume: false, choice: null, unit: null, range: null
  }
}
/** The forecast chart's 'forecast' points (the chart whose y axis is the target). */
const forecastPoints = () => charts.filter((c) => c.title === 'temp').at(-1)!.data.datasets!.find((s) => s.label === 'forecast')!.data as { x: number; y: number }[]

describe('Evaluate: the steps the run stored', () => {
  it('horizon 7, step 7 stored alone: the charts draw it, and say every forecast is 7 steps ahead', async () => {
    api.getRun = vi.fn(async () => detail(7, [7]))
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    // the chart is drawn first and its forecast points join it a task later: wait for them (a
    // loaded CI machine took more than vi.waitFor's default second)
    await vi.waitFor(() => expect(forecastPoints().map((p) => p.y)).toEqual(Array.from({ length: 10 }, (_, i) => i + 7)), { timeout: 15_000 })
    expect(w.find('[data-testid="step-picker"]').exists()).toBe(false)
    expect(w.find('[data-testid="step-only"]').text()).toContain('Every forecast here is 7 steps ahead')
    expect(w.find('[data-testid="forecast-note"]').text()).toContain('7 steps ahead')
    expect(w.find('[aria-label="Test metrics"] .panel-head').text()).toContain('Forecasts 7 steps ahead.')
  })

  it('a direct model\'s steps 1..3: the first drawn, each one picked from the list', async () => {
    api.getRun = vi.fn(async () => detail(3, [1, 2, 3]))
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    await vi.waitFor(() => expect(forecastPoints().map((p) => p.y)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1)), { timeout: 15_000 })
    const picker = w.find('[data-testid="step-picker"]')
    expect(picker.findAll('option').map((o) => o.text())).toEqual(['1 step ahead', '2 steps ahead', '3 steps ahead'])
    await picker.findAll('option')[2]!.setSelected()
    await flushPromises()
    await vi.waitFor(() => expect(forecastPoints().map((p) => p.y)).toEqual(Array.from({ length: 10 }, (_, i) => i + 3)), { timeout: 15_000 })
    expect(w.find('[aria-label="Test metrics"] .panel-head').text()).not.toContain('Forecasts 3 steps ahead')
  })
})

describe('Evaluate: classification', () => {
  function cls(classes: string[] | undefined, rows: [number, number][]): RunDetail {
    const base = detail(1, [1])
    return { ...base, config: { ...base.config, data: { ...base.config.data, task: 'classification' } }, classes, metrics: [{ split: 'test', model: 'model', metric: 'brier', value: 0.3 }], forecasts: rows.map(([value, actual], i) => ({ ts: Date.UTC(2020, 0, i + 1), step: 1, value, lower: null, upper: null, actual })) }
  }
  const matrix = (w: ReturnType<typeof mount>) => w.findAll('[data-testid="confusion"] tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))

  it('three classes: a 3 × 3 matrix by name from the most likely class, points not lines, and no two-class ROC', async () => {
    // value: the most likely class' index; actual: the class' index
    api.getRun = vi.fn(async () => cls(['fog', 'rain', 'sun'], [[2, 2], [2, 1], [1, 1], [0, 2], [2, 2]]))
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    expect(matrix(w)).toEqual([
      ['', 'predicted fog', 'predicted rain', 'predicted sun'],
      ['actual fog', '0', '0', '0'],
      ['actual rain', '0', '1', '1'],
      ['actual sun', '1', '0', '2']
    ])
    expect(w.find('[data-testid="multiclass-note"]').text()).toContain('mean of each class\'s AUC against the rest')
    expect(w.text()).not.toContain('ROC curve')
    expect(w.text()).toContain('Predicted class vs actual class (test)')
    await vi.waitFor(() => expect(charts.some((c) => c.title?.startsWith('class (0 = fog, 1 = rain, 2 = sun)'))).toBe(true), { timeout: 15_000 })
    const sets = charts.find((c) => c.title?.startsWith('class'))!.data.datasets as unknown as { label: string; showLine?: boolean }[]
    expect(sets.map((s) => [s.label, s.showLine])).toEqual([['actual', false], ['predicted (most likely class)', false]])
  })

  it('two classes by a rule: the probability named as the forecast files and report name it, a 2 × 2 matrix at 0.5 named false / true, and the ROC', async () => {
    const run = cls(['false', 'true'], [[0.9, 1], [0.2, 0], [0.7, 0], [0.4, 1]])
    run.config.data.rule = 'temp > 10'
    api.getRun = vi.fn(async () => run)
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    expect(matrix(w)).toEqual([['', 'predicted false', 'predicted true'], ['actual false', '1', '1'], ['actual true', '1', '1']])
    expect(w.text()).toContain('ROC curve')
    // the axis as the export's column (forecastColumn) and the report's chart name it, not 'probability of true'
    await vi.waitFor(() => expect(charts.some((c) => c.title === 'P(temp > 10)')).toBe(true), { timeout: 15_000 })
    expect(forecastColumn('temp', { names: ['false', 'true'], rule: parseRule('temp > 10') })).toBe('P(temp > 10)')
    expect(w.find('[data-testid="threshold-panel"] label').text()).toBe('Predict “temp > 10” when its probability is above')
    // the ROC and calibration charts described by their numbers: the AUC and the 0.5 threshold's
    // point (marked on the curve), each bin's predicted and observed share and the largest gap
    const said = (title: string) => w.find(`[id="${w.find(`section[aria-label^="${title}"] canvas[role="img"]`).attributes('aria-describedby')}"]`).text()
    expect(said('ROC curve')).toBe('ROC over 4 test points (2 of the class): AUC 0.75 (0.5 is chance); at the 0.5 threshold, true positive rate 0.5 at false positive rate 0.5')
    // bins of equal counts, at least 3 each (lib/calibration-bins.test.ts): 4 points make one
    expect(said('Calibration')).toBe('predicted 0.55 → observed 0.5 over 1 bin of 4 test points (too few for two bins of 3); largest gap 0.05 at predicted 0.55 (observed 0.5)')
  })

  it('two classes with no row above 0.5: says it predicts no positives there, and its accuracy, the majority guess\'s, is not bold', async () => {
    // exploratory pass 23, finding 2: the tie with always guessing the majority class was bolded as the best accuracy
    const run = cls(['false', 'true'], [[0.09, 0], [0.2, 1], [0.1, 0], [0.3, 0]])
    run.metrics = ['model', 'majority'].flatMap((model) => [{ split: 'test', model, metric: 'accuracy', value: 0.75 }, { split: 'test', model, metric: 'brier', value: model === 'model' ? 0.3 : 0.5 }])
    api.getRun = vi.fn(async () => run)
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    expect(w.get('[data-testid="no-positives"]').text()).toMatch(/^The forecast predicts no positives at the 0\.5 cut-off: no test row has a P\(\S+ = true\) above 0\.5/)
    const cells = w.findAll('[data-testid="metrics-table"] tr[data-model="model"] td.num').slice(0, 2)
    expect(cells.map((c) => (c.attributes('style') ?? '').includes('font-weight: 700'))).toEqual([false, true])
  })

  it("describes each chart to a screen reader by the numbers of the step it draws", async () => {
    const d = detail(2, [1, 2])
    d.forecasts = d.forecasts.map((r) => (r.step === 1 ? { ...r, actual: r.value + (r.value % 2 ? 0.5 : -0.5) } : r))
    api.getRun = vi.fn(async () => d)
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    await vi.waitFor(() => expect(charts.some((c) => c.title === 'temp')).toBe(true), { timeout: 15_000 })
    const said = (title: string) => {
      const canvas = w.find(`section[aria-label^="${title}"] canvas[role="img"]`)
      return w.find(`[id="${canvas.attributes('aria-describedby')}"]`).text()
    }
    expect(said('Forecast vs actual')).toBe('test period, 10 points: forecast vs actual, MAE 0.5; the 90 % interval covers 100 %')
    expect(said('Residuals over time')).toMatch(/^residuals of 10 test points: mean -?0(\.\d+)?, 90 % within ±0\.5$/)
    // round bins, not thirtieths of the range, and no more than 10 residuals fill (their square root, 4)
    expect(said('Residual histogram')).toMatch(/^10 residuals in 4 bins 0\.25 wide from -0\.5 to 0\.5; the most, \d+ points, from /)
  })
})

describe('Evaluate: a run with no interval says why, as fw train does', () => {
  const bare = (level = 0.9): RunDetail => {
    const d = detail(1, [1])
    return { ...d, config: { ...d.config, interval: { level } }, forecasts: d.forecasts.map((r) => ({ ...r, lower: null, upper: null })) }
  }
  it('too few validation windows: how many the level needs, under the forecast chart', async () => {
    api.getRun = vi.fn(async () => bare())
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    expect(w.get('[data-testid="no-interval"]').text()).toBe(`${noIntervalNote(0.9).app}.`)
    expect(w.get('[data-testid="no-interval"]').text()).toContain('needs at least 10 validation windows')
  })
  it('a run with an interval says nothing of it', async () => {
    api.getRun = vi.fn(async () => detail(1, [1]))
    await useRunStore().open(7)
    const w = mount(EvaluateView, { global: { plugins: [pinia] } })
    await flushPromises()
    expect(w.find('[data-testid="forecast-note"]').exists()).toBe(true)
    expect(w.find('[data-testid="no-interval"]').exists()).toBe(false)
  })
})
