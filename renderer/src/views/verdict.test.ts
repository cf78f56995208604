// @vitest-environment happy-dom
// Issue 18's verdict and issue 12's honest choice on screen: the Evaluate, Export, Train and Runs
// views say whether the forecast beats the baselines, what made it, and when the network lost.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import { classScoresBetter, verdictOf } from '../../../core/export/verdict'
import type { ChoiceSummary, ForecastPoint, RunDetail, RunSummary } from '../../../electron/contract'
import ChartPanel from '../components/ChartPanel.vue'
import { useRunStore } from '../stores/run'
import type { FakeApi } from '../test/fakes'
import EvaluateView from './EvaluateView.vue'
import ExportView from './ExportView.vue'
import RunsView from './RunsView.vue'
import TrainView from './TrainView.vue'
import { setUpView } from '../test/fakes'

const charts: { options: { scales: { x: { ticks: { callback: (v: number) => string }; afterBuildTicks?: (axis: { min: number; max: number; ticks: { value: number }[] }) => void } } } }[] = []
vi.mock('../lib/chart', async () => {
  const stub = await import('../test/chart-stub')
  return { ...stub, createChart: (_c: unknown, config: (typeof charts)[number]) => (charts.push(config), stub.createChart()) }
})

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView())
  charts.length = 0
})
const opts = () => ({ global: { plugins: [pinia] } })

const LOST: ChoiceSummary = {
  chosen: 'combination', label: 'mean of ETS(M,A,M) and Theta', network: 0,
  members: [{ name: 'ets', label: 'ETS(M,A,M)', weight: 0.5 }, { name: 'theta', label: 'Theta', weight: 0.5 }],
  season: 12, steps: 1,
  validation: [
    { name: 'combination', label: 'mean of ETS(M,A,M) and Theta', mae: 0.494 },
    { name: 'naive', label: 'Naive', mae: 0.61 },
    { name: 'network', label: 'network', mae: 0.871 }
  ],
  message: 'the network lost to the statistical models on validation (MAE 0.871 against 0.494); the forecast falls back to the mean of ETS(M,A,M) and Theta'
}
const WON: ChoiceSummary = { ...LOST, chosen: 'network', label: 'network', network: 1, members: [], message: 'the forecast is the network (validation MAE 0.300)' }

function metrics(skill: number) {
  return [
    { split: 'val' as const, model: 'naive', metric: 'rmse', value: 1.4 },
    { split: 'test' as const, model: 'model', metric: 'rmse', value: 1.4 * (1 - skill) },
    { split: 'test' as const, model: 'model', metric: 'mae', value: 1 },
    { split: 'test' as const, model: 'network', metric: 'rmse', value: 6.87 },
    { split: 'test' as const, model: 'naive', metric: 'rmse', value: 1.4 },
    { split: 'test' as const, model: 'model', metric: 'skill', value: skill }
  ]
}
/** 40 test points, 10 of them outside the interval (75 % coverage for a 90 % interval). */
function forecasts(): ForecastPoint[] {
  return Array.from({ length: 40 }, (_, i) => ({ ts: Date.UTC(2020, i, 1), step: 1, value: 400 + i, lower: 399 + i, upper: 401 + i, actual: i % 4 === 0 ? 410 + i : 400.5 + i }))
}
function detail(choice: ChoiceSummary | null, skill: number, over: Partial<RunDetail> = {}): RunDetail {
  return {
    summary: { id: 7, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 17, bestValLoss: 0.1, testMetric: null },
    config: { ...defaultConfig('CO2'), training: { ...defaultConfig('CO2').training, epochs: 40 } },
    epochs: Array.from({ length: 17 }, (_, i) => ({ epoch: i + 1, trainLoss: 1 / (i + 1), valLoss: i === 10 ? 0.05 : 0.1 + Math.abs(i - 10) / 100, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 0.1 })),
    metrics: metrics(skill), forecasts: forecasts(), hasTime: true, gradFlow: null, canResume: false, choice, ...over
  }
}
async function open(d: RunDetail): Promise<void> {
  api.getRun = vi.fn(async () => d)
  await useRunStore().open(7)
}

describe('Evaluate: the verdict and the validation scores', () => {
  it('the notices kept with the run are said with its verdict in Train, Evaluate and Export, once each', async () => {
    const kept = 'the training rows of "y" span a factor of 7.2 (at least 2: a log would be taken), but it is 0 on line 252 (the validation rows), which has no log: it is modelled as it is'
    await open(detail(WON, 0.2, { notices: [kept] }))
    for (const view of [TrainView, EvaluateView, ExportView]) {
      const w = mount(view, opts())
      await flushPromises()
      expect(w.findAll('[data-testid="run-notice"]').map((p) => p.text())).toEqual([`${kept.charAt(0).toUpperCase()}${kept.slice(1)}.`])
      expect(w.text().split('span a factor of 7.2')).toHaveLength(2)
      w.unmount()
    }
  })

  it("an undefined metric's '—' says why in its title, as a missing skill does", async () => {
    const rows = [...metrics(0.2), { split: 'test' as const, model: 'model', metric: 'smape', value: null }, { split: 'test' as const, model: 'naive', metric: 'smape', value: 4.2 }]
    await open(detail(WON, 0.2, { metrics: rows }))
    const w = mount(EvaluateView, opts())
    await flushPromises()
    const col = w.findAll('[data-testid="metrics-table"] thead th').findIndex((th) => th.text() === 'sMAPE')
    const cell = (model: string) => w.findAll(`[data-testid="metrics-table"] tr[data-model="${model}"] td`)[col]!
    expect(cell('model').text()).toBe('— undefined')
    expect(cell('model').attributes('title')).toBe("Undefined: every point's actual and forecast are both 0 to rounding, so no point has a relative error (0 / 0); sMAPE leaves such points out")
    expect(cell('naive').attributes('title')).toBeUndefined()
  })

  it("a forecast of one statistical model: its own baseline row's skill is no comparison, shown as '—' with why, not a red 0.0 %", async () => {
    const ETS: ChoiceSummary = { ...LOST, chosen: 'ets', label: 'ETS(A,N,N)', members: [{ name: 'ets', label: 'ETS(A,N,N)', weight: 1 }], validation: [{ name: 'ets', label: 'ETS(A,N,N)', mae: 0.5 }, { name: 'naive', label: 'Naive', mae: 0.61 }], message: 'the forecast is ETS(A,N,N)' }
    const rows = [...metrics(0.2).filter((m) => m.model !== 'network'), { split: 'val' as const, model: 'ets', metric: 'rmse', value: 1.1 }, { split: 'test' as const, model: 'ets', metric: 'rmse', value: 1.4 * 0.8 }]
    await open(detail(ETS, 0.2, { metrics: rows }))
    const w = mount(EvaluateView, opts())
    await flushPromises()
    const skillOf = (model: string) => w.find(`[data-testid="metrics-table"] tr[data-model="${model}"] td:last-child`)
    expect(skillOf('ets').text()).toBe('— the forecast itself')
    expect(skillOf('ets').attributes('title')).toBe('This row is the forecast itself: no skill against itself')
    expect(skillOf('ets').attributes('style') ?? '').not.toContain('danger')
    // the other baselines keep their skill
    expect(skillOf('naive').text()).toBe('+20.0 %')
  })

  it('captions the validation scores with the steps the choice scored, fewer than K where validation holds fewer rows (explore25)', async () => {
    await open(detail({ ...LOST, steps: 365, scored: { steps: 169, rows: 169, reach: 365 } }, 0.31))
    const w = mount(EvaluateView, opts())
    await flushPromises()
    const caption = w.find('[data-testid="validation-caption"]').text()
    expect(caption).toMatch(/^Validation MAE over steps 1–169 of 365 ahead: validation holds 169 rows, lower is better; the run's forecast is marked\. The choice scores every candidate 1 to 169 steps ahead from each validation origin/)
  })

  it('a network that lost: amber verdict, the fallback named, the scores with the forecast marked, rows in words', async () => {
    await open(detail(LOST, 0.31))
    const w = mount(EvaluateView, opts())
    await flushPromises()
    const v = w.find('[data-testid="verdict"]')
    expect(v.attributes('data-tone')).toBe('warn')
    expect(v.find('[data-testid="verdict-headline"]').text()).toBe('Better than the best baseline (naive) by 31.0 % on test (RMSE); the network lost on validation, so the forecast is the mean of ETS(M,A,M) and Theta')
    expect(w.find('[data-testid="network-lost"]').text()).toContain('every forecast, interval and export of this run comes from the mean of ETS(M,A,M) and Theta')
    const rows = w.findAll('[data-testid="validation-scores"] tbody tr')
    // the badge is read apart from the name before it (a screen reader ran them together: "…Thetaforecast")
    expect(rows.map((r) => r.find('td').text())).toEqual(['mean of ETS(M,A,M) and Theta, forecast', 'Naive', 'network'])
    expect(rows[0]!.classes()).toContain('chosen')
    // why these scores are not the test table's, nor the choice the lowest of them
    expect(w.find('[data-testid="validation-caption"]').text()).toContain('whatever the horizon, so these differ from the test table\'s; the forecast is chosen by a fixed rule that prefers a mean of models to the single lowest score here')
    const names = w.findAll('[data-testid="metrics-table"] tbody tr td:first-child').map((t) => t.text())
    // a baseline goes by the name the validation scores above give it (its stored label)
    // in fw train's and fw show's order: the forecast, the network alone, the baselines plainest first
    expect(names).toEqual(['Forecast: the mean of ETS(M,A,M) and Theta', 'LSTM network alone', 'Naive'])
    expect(w.find('[data-testid="metrics-table"] thead').text()).toContain('RMSE')
    expect(w.find('[data-testid="metrics-table"] th[title^="Root mean squared error"]').exists()).toBe(true)
  })

  it('a network that did better on validation and was passed over by the random-walk rule: not "lost", and a test difference within noise is level (explore24 run 9)', async () => {
    const walk: ChoiceSummary = {
      ...LOST, chosen: 'naive', label: 'Naive', members: [{ name: 'naive', label: 'Naive', weight: 1 }],
      validation: [{ name: 'network', label: 'network', mae: 3.3 }, { name: 'naive', label: 'Naive', mae: 3.557 }],
      message: 'the series behaves like a random walk, so the forecast is naive; the network did better on validation (MAE 3.300 against 3.557), but a random walk\'s runs over a short stretch look like a trend that does not go on',
      testNoise: { baseline: 'seasonal-naive', mean: 0.0053, se: 0.0107, rows: 40, metric: 'rmse', lag: 0 }
    }
    const m = [
      { split: 'val' as const, model: 'seasonal-naive', metric: 'rmse', value: 1.3 },
      { split: 'val' as const, model: 'naive', metric: 'rmse', value: 1.4 },
      { split: 'test' as const, model: 'model', metric: 'rmse', value: 2.4329 },
      { split: 'test' as const, model: 'naive', metric: 'rmse', value: 2.4329 },
      { split: 'test' as const, model: 'seasonal-naive', metric: 'rmse', value: 2.4318 },
      { split: 'test' as const, model: 'model', metric: 'skill', value: 1 - 2.4329 / 2.4318 }
    ]
    await open({ ...detail(walk, 0), metrics: m })
    const w = mount(EvaluateView, opts())
    await flushPromises()
    const v = w.find('[data-testid="verdict"]')
    expect(v.attributes('data-tone')).toBe('warn')
    expect(v.find('[data-testid="verdict-headline"]').text()).toMatch(/^Level with the best baseline \(seasonal naive; naive, part of the forecast, is left out\) on test \(RMSE\): the difference of squared errors, 0\.00530 a row higher for the forecast, is within the noise of 40 test rows \(± 0\.0214\)$/)
    expect(v.text()).not.toMatch(/[Uu]se the seasonal naive forecast/)
    expect(w.find('[data-testid="network-lost"]').exists()).toBe(false)
    expect(w.find('[data-testid="network-passed-over"]').text()).toBe("The network did better on validation than Naive (MAE 3.300 against 3.557), but the forecast leaves it out by the rule the choice's sentence names: every forecast, interval and export of this run comes from Naive.")
  })

  it('a forecast worse than naive: red, with the action; the interval\'s measured coverage is flagged', async () => {
    await open(detail(WON, -3.94))
    const w = mount(EvaluateView, opts())
    await flushPromises()
    expect(w.find('[data-testid="verdict"]').attributes('data-tone')).toBe('bad')
    expect(w.find('[data-testid="verdict-headline"]').text()).toBe('Worse than naive by 394.0 % on test (RMSE): use the naive forecast')
    expect(w.find('[data-testid="verdict-action"]').text()).toContain('baseline_naive')
    expect(w.find('[data-testid="coverage-warning"]').text()).toContain('covered only 75 % of the 40 test points')
    expect(w.find('[data-testid="forecast-note"]').text()).toContain('one step ahead, with the previous actual known')
  })

  it("a time axis ticks on calendar boundaries: a monthly forecast's on the first of a month", async () => {
    await open(detail(WON, 0.2))
    mount(EvaluateView, opts())
    await flushPromises()
    const x = charts[0]!.options.scales.x
    const axis = { min: Date.UTC(2020, 0, 1), max: Date.UTC(2023, 3, 1), ticks: [{ value: Date.UTC(2020, 2, 3) }] }
    x.afterBuildTicks!(axis)
    expect(axis.ticks.length).toBeGreaterThan(2)
    for (const t of axis.ticks) expect(new Date(t.value).getUTCDate()).toBe(1)
  })

  it('a verdict over few test forecasts says how few, and what gives a surer one', async () => {
    await open(detail(WON, 0.2, { forecasts: forecasts().slice(0, 6) }))
    const w = mount(EvaluateView, opts())
    await flushPromises()
    expect(w.find('[data-testid="verdict-headline"]').text()).toBe('Better than the best baseline (naive) by 20.0 % on test (RMSE, over only 6 test forecasts)')
    expect(w.find('[data-testid="verdict-action"]').text()).toContain('6 test forecasts are too few to tell a real difference from chance')
  })

  it('a run stored before the choice existed says its forecast is the network', async () => {
    await open(detail(null, 0.2))
    const w = mount(EvaluateView, opts())
    await flushPromises()
    expect(w.find('[data-testid="verdict"]').attributes('data-tone')).toBe('good')
    expect(w.find('[data-testid="verdict-forecaster"]').text()).toContain('network (run stored before the choice existed)')
    expect(w.find('[data-testid="validation-scores"]').exists()).toBe(false)
  })
})

describe('Export: what made the numbers', () => {
  it('shows the verdict with the scores and names the forecaster beside the CSV; warns when the first step jumps', async () => {
    await open(detail(LOST, 0.31))
    api.forecastAhead = vi.fn(async () => ({ hasTime: true, rows: [{ ts: Date.UTC(2023, 5, 1), step: 1, value: 382, lower: 380, upper: 384, actual: null }] }))
    const w = mount(ExportView, opts())
    await flushPromises()
    expect(w.find('[data-testid="verdict"]').attributes('data-tone')).toBe('warn')
    expect(w.find('[data-testid="validation-scores"]').exists()).toBe(true)
    expect(w.find('[data-testid="csv-forecaster"]').text()).toContain('made by the mean of ETS(M,A,M) and Theta')
    expect(w.find('[data-testid="onnx-network-only"]').text()).toContain('It holds the network alone')
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="jump-warning"]').text()).toContain('The first step (382) is 57.5 away from the last actual (439.5), more than three typical one-step moves')
  })

  it('stays quiet when the first step moves as the series usually does (a seasonal rise)', async () => {
    await open(detail(LOST, 0.31))
    const last = forecasts().at(-1)!.actual!
    api.forecastAhead = vi.fn(async () => ({ hasTime: true, rows: [{ ts: Date.UTC(2023, 5, 1), step: 1, value: last + 0.8, lower: last + 0.2, upper: last + 1.4, actual: null }] }))
    const w = mount(ExportView, opts())
    await flushPromises()
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="ahead-table"]').exists()).toBe(true)
    expect(w.find('[data-testid="jump-warning"]').exists()).toBe(false)
  })
})

describe('Export: the end of the data beside a forecast made h steps at once', () => {
  it('compares the first step with the last actual of the data, not the last step-1 row (which ends h - 1 rows before)', async () => {
    // a direct model scoring steps 1..3 from each origin: its step-1 rows end two months before its step-3 rows
    const rows: ForecastPoint[] = []
    for (let o = 0; o < 30; o++) for (let h = 1; h <= 3; h++) rows.push({ ts: Date.UTC(2020, o + h, 1), step: h, value: 100 + o + h, lower: 99 + o + h, upper: 101 + o + h, actual: 100 + o + h })
    await open(detail(LOST, 0.31, { forecasts: rows }))
    const last = 100 + 29 + 3 // the actual of the data's last month
    api.forecastAhead = vi.fn(async () => ({ hasTime: true, rows: [{ ts: Date.UTC(2020, 33, 1), step: 1, value: last + 2, lower: last + 1, upper: last + 3, actual: null }] }))
    const w = mount(ExportView, opts())
    await flushPromises()
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    // two months' moves from the data's last actual: no jump (from the last step-1 actual, 130, it read as
    // 4, more than three typical moves of 1)
    expect(w.find('[data-testid="jump-warning"]').exists()).toBe(false)
  })
})

describe('Train: how training ended', () => {
  it('says it stopped early and which epoch’s weights were kept, with the figure Runs shows', async () => {
    await open(detail(WON, 0.2))
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.find('[data-testid="train-end"]').text().replace(/\s+/g, ' ')).toBe('Stopped early at epoch 17 of 40: validation loss had not improved since epoch 11. Weights from epoch 11 kept (validation loss 0.05, the “Best val loss” in Runs).')
    expect(w.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('100')
    expect(w.find('[data-testid="verdict"]').attributes('data-tone')).toBe('good')
  })
})

describe('Train: the end of a run, said to a screen reader', () => {
  const said = (w: ReturnType<typeof mount>) => w.get('[data-testid="train-end-said"]')
  /** Run 7 opened done from Runs, then trained again as run 8, to epoch 2 of 40. */
  async function trainingAgain(w: ReturnType<typeof mount>): Promise<void> {
    api.startRun = vi.fn(async () => ({ startId: 1 }))
    await useRunStore().start(1, detail(WON, 0.2).config)
    api.emit({ runId: 8, startId: 1, event: { type: 'started', epochs: 40, windows: { train: 20, val: 5, test: 5 }, notices: [] } })
    for (const epoch of [1, 2]) api.emit({ runId: 8, event: { type: 'epoch', epoch, trainLoss: 1, valLoss: 1, gradNorm: 1, clipRate: 0, lr: 0.005, seconds: 1, gradFlow: null } as never })
    await flushPromises()
    expect(w.get('[data-testid="run-status"]').text()).toBe('running')
  }

  it('says once, politely, that the run is done with its verdict\'s headline; nothing while it trains, nor for a run opened done', async () => {
    await open(detail(WON, 0.2))
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(said(w).attributes('aria-live')).toBe('polite')
    expect(said(w).attributes('role')).toBe('status')
    expect(said(w).text()).toBe('')
    await trainingAgain(w)
    expect(said(w).text()).toBe('')
    const done = detail(WON, 0.2)
    done.summary = { ...done.summary, id: 8 }
    api.getRun = vi.fn(async () => done)
    api.emit({ runId: 8, event: { type: 'done', epochsRun: 17, bestEpoch: 11, stoppedEarly: true } })
    await flushPromises()
    const headline = w.get('[data-testid="verdict-headline"]').text()
    expect(headline).toMatch(/^Better than/)
    expect(said(w).text()).toBe(`Run 8 done: ${headline}.`)
  })

  it('says a stop that can resume, and leaves an interruption to its own alert', async () => {
    await open(detail(WON, 0.2))
    const w = mount(TrainView, opts())
    await trainingAgain(w)
    const stopped = detail(WON, 0.2)
    stopped.summary = { ...stopped.summary, id: 8, status: 'cancelled' }
    stopped.canResume = true
    api.getRun = vi.fn(async () => stopped)
    api.emit({ runId: 8, event: { type: 'status', status: 'cancelled', error: null } })
    await flushPromises()
    expect(said(w).text()).toBe('Run 8 stopped.')
    await trainingAgain(w)
    expect(said(w).text()).toBe('')
    api.getRun = vi.fn(async () => ({ ...stopped, summary: { ...stopped.summary, status: 'interrupted' as const } }))
    api.emit({ runId: 8, event: { type: 'status', status: 'interrupted', error: 'the trainer exited' } })
    await flushPromises()
    expect(w.get('[data-testid="interrupted"]').attributes('role')).toBe('alert')
    expect(said(w).text()).toBe('')
  })
})

describe('a run that diverged after good epochs, reopened', () => {
  const words = "diverged at epoch 12, step 40: the loss or a gradient became NaN or infinite, so training stopped and kept epoch 11's weights; a lower learning rate (Learning rate in Setup) or clipping the gradient norm (Clip gradient norm in Setup) would let it train on"
  const ending = { kind: 'diverged' as const, kept: 11, words }

  it('Train says how it ended, from the stored ending (a done run has no error)', async () => {
    const d = detail(WON, 0.2)
    d.summary = { ...d.summary, ending }
    await open(d)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.find('[data-testid="train-end"]').text().replace(/\s+/g, ' ')).toMatch(/^Training diverged at epoch 12, step 40: .* \(Learning rate in Setup\) .* would let it train on\. Weights from epoch 11 kept/)
  })

  it('its Runs row marks its epochs: it diverged, and which epoch it kept, the sentence as the title', async () => {
    const d = detail(WON, 0.2)
    api.listRuns = vi.fn(async () => [{ ...d.summary, epochs: 11, ending }, { ...d.summary, id: 8 }])
    const w = mount(RunsView, opts())
    await flushPromises()
    const mark = w.find('tr[data-run="7"] [data-testid="run-ending"]')
    expect(mark.text()).toBe('diverged, kept epoch 11')
    expect(mark.attributes('title')).toBe(`Training ${words}.`)
    expect(w.find('tr[data-run="8"] [data-testid="run-ending"]').exists()).toBe(false)
  })
})

describe('Train: a global run', () => {
  it('says how many series beat the better naive, not that the run predates the choice', async () => {
    const d = detail(null, NaN, { metrics: [] })
    d.summary = { ...d.summary, global: { columns: ['store'], series: 4, meanMase: 0.7, meanNaiveMase: 1.1, beatNaive: 4, beatBestNaive: 3, skipped: [] } }
    await open(d)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.find('[data-testid="verdict"]').attributes('data-tone')).toBe('good')
    expect(w.find('[data-testid="verdict-headline"]').text()).toBe("3 of 4 series beat the better of naive and seasonal naive on test (mean MASE 0.700, naive's 1.10)")
    expect(w.find('[data-testid="verdict-forecaster"]').text()).toContain("each series' own choice on its validation rows")
    expect(w.find('[data-testid="verdict"]').text()).not.toContain('stored before the choice existed')
  })
})

describe('Runs: dataset, target, forecaster and a coloured skill', () => {
  it('colours skill by the same tone and names unnamed runs', async () => {
    const base: RunSummary = { id: 1, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 10, bestValLoss: 0.1, testMetric: { metric: 'rmse', value: 6.87, skill: -3.94 }, datasetName: 'co2.csv', target: 'CO2', hiddenSize: 32, lookBack: 14, horizon: 1, forecaster: { chosen: 'network', label: 'network', network: 1, lost: false } }
    api.listRuns = vi.fn(async () => [
      base,
      { ...base, id: 2, name: 'fallback', testMetric: { metric: 'rmse', value: 1, skill: 0.3 }, forecaster: { chosen: 'combination', label: 'mean of ETS(A,A,N) and Theta', network: 0, lost: true } },
      { ...base, id: 3, testMetric: { metric: 'rmse', value: 1, skill: 0.25 } }
    ])
    const w = mount(RunsView, opts())
    await flushPromises()
    const tone = (id: number) => w.find(`tr[data-run="${id}"] td.skill`).attributes('data-tone')
    expect([tone(1), tone(2), tone(3)]).toEqual(['bad', 'warn', 'good'])
    expect(w.find('tr[data-run="1"] td.skill').text()).toBe('-394.0 % (worse than a baseline)')
    expect(w.find('tr[data-run="1"] [data-testid="auto-name"]').text()).toBe('co2.csv · LSTM 32 · 14→1')
    // the forecaster in a few words, as fw runs says it; its stored label, as Evaluate and Compare
    // name it, in the title
    expect(w.find('tr[data-run="2"] [data-testid="run-forecast"]').text()).toBe('ETS + Theta')
    expect(w.find('tr[data-run="2"] [data-testid="run-forecast"]').attributes('title')).toBe('mean of ETS(A,A,N) and Theta')
    expect(w.find('[data-testid="runs-table"] thead').text()).toMatch(/Dataset · target.*Cell.*Forecast/)
  })

  it('a constant-series run, its network level with the yardstick to float32 rounding, is not amber; a run whose network really lost still is', async () => {
    // main judges it (networkLostOf, as Evaluate): both give the network no weight, one lost only to rounding
    const base: RunSummary = { id: 1, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 10, bestValLoss: 0.1, testMetric: { metric: 'rmse', value: 0, skill: null, noSkill: 'the forecast and the naive baseline both fit the test period exactly (RMSE 0 to rounding), so the ratio of their errors is rounding noise, not skill' }, datasetName: 'flat.csv', target: 'y', forecaster: { chosen: 'combination', label: 'mean of ETS(A,N,N) and Theta', network: 0, lost: false } }
    api.listRuns = vi.fn(async () => [base, { ...base, id: 2, datasetName: 'co2.csv', testMetric: { metric: 'rmse', value: 1, skill: 0.3 }, forecaster: { chosen: 'combination', label: 'mean of ETS(A,N,N) and Theta', network: 0, lost: true } }])
    const w = mount(RunsView, opts())
    await flushPromises()
    const forecast = (id: number) => w.find(`tr[data-run="${id}"] [data-testid="run-forecast"]`)
    const skill = (id: number) => w.find(`tr[data-run="${id}"] td.skill`)
    expect(forecast(1).classes()).not.toContain('lost')
    expect(skill(1).attributes('data-tone')).toBeUndefined()
    expect(skill(1).attributes('title')).not.toContain('network lost')
    expect(forecast(2).classes()).toContain('lost')
    expect(skill(2).attributes('data-tone')).toBe('warn')
    expect(skill(2).attributes('title')).toBe('network lost; statistical fallback')
  })

  it('a classification run whose test period holds few rows of its rarer class is amber, as its verdict, with why; not the lost-network colour', async () => {
    const base: RunSummary = { id: 1, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 10, bestValLoss: 0.1, testMetric: { metric: 'brier', value: 0.044, skill: 0.009, fewEvents: { fewest: 1, absent: [] } }, datasetName: 'alarms.csv', target: 'alarm', forecaster: null }
    api.listRuns = vi.fn(async () => [base, { ...base, id: 2, testMetric: { metric: 'brier', value: 0.044, skill: 0.009 } }])
    const w = mount(RunsView, opts())
    await flushPromises()
    const cell = (id: number) => w.find(`tr[data-run="${id}"] td.skill`)
    expect([cell(1).attributes('data-tone'), cell(2).attributes('data-tone')]).toEqual(['warn', 'good'])
    expect(cell(1).attributes('title')).toBe('beats the baselines, but the test period holds only 1 row of its rarer class')
    expect(w.find('tr[data-run="1"] [data-testid="run-forecast"]').classes()).not.toContain('lost')
  })

  it("a classification run whose persistence baseline classified more test rows right says so after its tone words, as Evaluate's verdict; one without does not", async () => {
    // exploratory pass 20, run 5: green on the Brier score, persistence the better accuracy and F1
    const metrics = [
      { split: 'val', model: 'persistence', metric: 'brier', value: 0.5 },
      ...[['model', 0.3788, 0.7091, 0.6883], ['persistence', 0.5091, 0.7455, 0.7529]].flatMap(([model, brier, accuracy, f1]) => [['brier', brier], ['accuracy', accuracy], ['f1', f1]].map(([metric, value]) => ({ split: 'test', model: model as string, metric: metric as string, value: value as number })))
    ]
    const base: RunSummary = { id: 1, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 10, bestValLoss: 0.1, testMetric: { metric: 'brier', value: 0.3788, skill: 1 - 0.3788 / 0.5091, scoresBetter: classScoresBetter(metrics) }, datasetName: 'rain.csv', target: 'rain', forecaster: null }
    api.listRuns = vi.fn(async () => [base, { ...base, id: 2, testMetric: { metric: 'brier', value: 0.3788, skill: 1 - 0.3788 / 0.5091 } }, { ...base, id: 3, testMetric: { ...base.testMetric!, fewEvents: { fewest: 3, absent: [] } } }])
    const w = mount(RunsView, opts())
    await flushPromises()
    const cell = (id: number) => w.find(`tr[data-run="${id}"] td.skill`)
    const clause = 'on test persistence had a higher accuracy (0.7455 against 0.7091) and F1 (0.7529 against 0.6883)'
    // Evaluate's verdict on the same scores says the same clause
    expect(verdictOf('classification', null, metrics).headline).toBe(`Better than the best baseline (persistence) by 25.6 % on test (Brier score), but ${clause}`)
    expect(cell(1).attributes('title')).toBe(`beats the baselines, but ${clause}`)
    expect(cell(1).text()).toContain(`(beats the baselines, but ${clause})`) // what a screen reader hears
    expect(cell(1).attributes('data-tone')).toBe('good') // the tone stays the Brier score's, as the verdict's
    expect(cell(2).attributes('title')).toBe('beats the baselines')
    // beside few events: both said, in the verdict's order and words
    expect(cell(3).attributes('title')).toBe(`beats the baselines, but ${clause}, and the test period holds only 3 rows of its rarer class`)
    expect(verdictOf('classification', null, metrics, null, null, null, { fewest: 3, absent: [] }).headline).toContain(`, but ${clause}, and the test period holds only 3 rows of its rarer class`)
  })

  it('a long run or dataset name is cut to the column with its full text in the title, so the table fits a 1360 px window', async () => {
    const long = 'quarterly_regional_electricity_demand_forecast_with_holidays_and_weather_2015_2024.csv'
    const base: RunSummary = { id: 1, datasetId: 1, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 10, bestValLoss: 0.1, testMetric: { metric: 'rmse', value: 1, skill: 0.3 }, datasetName: long, target: 'demand_megawatt_hours_per_region', hiddenSize: 32, lookBack: 14, horizon: 1, forecaster: { chosen: 'network', label: 'network', network: 1, lost: false } }
    api.listRuns = vi.fn(async () => [base, { ...base, id: 2, name: `baseline_${long}` }])
    const w = mount(RunsView, opts())
    await flushPromises()
    for (const [sel, full] of [['tr[data-run="2"] [data-testid="run-name"]', `baseline_${long}`], ['tr[data-run="1"] [data-testid="auto-name"]', `${long} · LSTM 32 · 14→1`], ['tr[data-run="1"] [data-testid="run-dataset"]', long]] as const) {
      const el = w.find(sel)
      // the whole name stays in the cell (a screen reader reads it) and in the tooltip; CSS cuts it
      expect(el.text()).toBe(full)
      expect(el.attributes('title')).toBe(full)
      expect(el.classes()).toContain('clip')
    }
  })
})

describe('Charts', () => {
  it('the residual histogram\'s axis shows residual values, not bin numbers', async () => {
    mount(ChartPanel, { props: { title: 'h', type: 'bar', datasets: [], labels: ['-1.5', '-0.5', '0.5'] } })
    await vi.waitFor(() => expect(charts.length).toBe(1))
    expect([0, 1, 2].map((i) => charts[0]!.options.scales.x.ticks.callback(i))).toEqual(['-1.5', '-0.5', '0.5'])
  })
  it('a histogram given its bin edges: a number line from the first edge to the last, labelled at round edges only', async () => {
    const edges = Array.from({ length: 23 }, (_, i) => +(-0.9 + i * 0.1).toFixed(1))
    mount(ChartPanel, { props: { title: 'h', type: 'bar', datasets: [], xEdges: edges } })
    await vi.waitFor(() => expect(charts.length).toBe(1))
    const x = charts[0]!.options.scales.x as unknown as { type: string; afterDataLimits: (a: { min: number; max: number }) => void; afterBuildTicks: (a: { width: number; ticks: { value: number }[] }) => void }
    expect(x.type).toBe('linear')
    const axis = { min: -0.85, max: 1.25, width: 420, ticks: [] as { value: number }[] }
    x.afterDataLimits(axis)
    x.afterBuildTicks(axis)
    expect([axis.min, axis.max]).toEqual([-0.9, 1.3])
    expect(axis.ticks.map((t) => charts[0]!.options.scales.x.ticks.callback(t.value))).toEqual(['-0.5', '0', '0.5', '1'])
  })
  it("a line chart's legend draws each line as a line, a dashed one dashed, and a band as a filled box", async () => {
    const datasets = [
      { label: '90 % interval', data: [], borderColor: 'transparent', backgroundColor: 'rgba(37,99,235,0.15)', fill: '+1' },
      { label: 'lower', data: [], borderColor: 'transparent', backgroundColor: 'transparent' },
      { label: '#1 val', data: [], borderColor: '#ea580c', backgroundColor: '#ea580c', borderDash: [5, 3] }
    ]
    mount(ChartPanel, { props: { title: 'l', datasets: datasets as never } })
    await vi.waitFor(() => expect(charts.length).toBe(1))
    const labels = (charts[0]!.options as unknown as { plugins: { legend: { labels: { generateLabels: (c: unknown) => { text: string; pointStyle: string; lineDash: number[] }[]; filter: (i: { text: string }) => boolean } } } }).plugins.legend.labels
    const items = labels.generateLabels({ data: { datasets }, isDatasetVisible: () => true }).filter(labels.filter)
    expect(items.map((i) => [i.text, i.pointStyle, i.lineDash])).toEqual([['90 % interval', 'rect', []], ['#1 val', 'line', [5, 3]]])
  })
})

describe('Export: forecasting past the end with features', () => {
  /** The Export view of a won run whose data config is patched with `data`, its forecast past the
   *  end answered by `ahead`. */
  async function exportWith(data: Partial<RunDetail['config']['data']>, ahead: (p: { steps: number }) => Promise<unknown>) {
    const d = detail(WON, 0.2)
    d.config = { ...d.config, data: { ...d.config.data, ...data } }
    await open(d)
    api.forecastAhead = vi.fn(ahead) as never
    const w = mount(ExportView, opts())
    await flushPromises()
    return w
  }
  /** Presses Forecast and lets the answer land. */
  async function forecast(w: Awaited<ReturnType<typeof exportWith>>) {
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
  }

  it('offers "Retrain with the target only" instead of CLI advice, and starts that run', async () => {
    api.startRun = vi.fn(async () => ({ startId: 8 }))
    const w = await exportWith({ features: ['temp_min'] }, async () => { throw new Error('feature temp_min would need future values to forecast 30 steps ahead, and their future is unknown to the run: this model reaches 1 step past the end, and only a model that reads the target alone forecasts further; or, where the CSV holds their future values (rows after the last target value), mark them known in the future in Setup and train again') })
    await forecast(w)
    const alert = w.find('.alert.error').text()
    expect(alert).toContain('Feature temp_min would need future values to forecast 30 steps ahead')
    expect(alert).not.toContain('--features')
    await w.find('[data-testid="retrain-target-only"]').trigger('click')
    await flushPromises()
    expect(api.startRun).toHaveBeenCalledWith(expect.objectContaining({ datasetId: 1, config: expect.objectContaining({ data: expect.objectContaining({ features: [], target: 'CO2' }) }) }))
  })

  it('a known-future input without the value a step reads: the app\'s remedy, not the CLI\'s --future FILE', async () => {
    const w = await exportWith({ features: ['promo'], known: ['promo'] }, async () => { throw new Error('"promo" has no future value at 2024-05-01: forecasting 30 steps ahead reads its values up to 2024-05-30; forecast fewer steps, or add rows with those times to the CSV (the target left empty, the known values filled in), import it and train again: a run reads these values from the rows after its last target value') })
    await forecast(w)
    const alert = w.find('.alert.error').text()
    expect(alert).toBe('"promo" has no future value at 2024-05-01: forecasting 30 steps ahead reads its values up to 2024-05-30; forecast fewer steps, or add rows with those times to the CSV (the target left empty, the known values filled in), import it and train again: a run reads these values from the rows after its last target value.')
    expect(w.find('[data-testid="retrain-target-only"]').exists()).toBe(false)
  })

  it('when not even step 1 can be forecast: no "fewer steps" advice, and the way back; an earlier forecast does not stay on screen', async () => {
    let fail = false
    const w = await exportWith({ features: ['promo'], known: ['promo'] }, async ({ steps }: { steps: number }) => {
      if (fail) throw new Error('"promo" has no future value at 2024-05-01: forecasting 5 steps ahead reads its values up to 2024-05-05, and no step can be forecast without the first; add rows with those times to the CSV (the target left empty, the known values filled in), import it and train again: a run reads these values from the rows after its last target value. Or, if they are not known ahead after all, untick them in Setup\'s inputs known in the future and train again')
      return { rows: Array.from({ length: steps }, (_, i) => ({ ts: Date.UTC(2024, 4, 1 + i), step: i + 1, value: 100 + i, lower: 90, upper: 110, actual: null })), hasTime: true }
    })
    await forecast(w)
    expect(w.text()).toContain('Forecast 30 steps past the end.')
    fail = true
    await forecast(w)
    const alert = w.find('.alert.error').text()
    expect(alert).toContain('and no step can be forecast without the first; add rows with those times to the CSV')
    expect(alert).not.toContain('fewer steps')
    expect(alert).toContain("untick them in Setup's inputs known in the future")
    expect(w.find('[data-testid="ahead-table"]').exists()).toBe(false)
  })
})

describe('Verdict: test values outside the history', () => {
  const RANGE = { domain: null, min: 300, max: 389, n: 10, above: 10, below: 0 }
  it('shows the warning stored with the run (a trending series), with no dataset open', async () => {
    await open(detail(WON, 0.2, { range: RANGE }))
    const w = mount(EvaluateView, opts())
    await flushPromises()
    expect(w.find('[data-testid="range-warning"]').text()).toBe('10 of 10 test values lie outside everything seen before the test period (300 to 389), 10 above it: the forecast extrapolates past the history there, so judge it with care.')
    const x = mount(ExportView, opts())
    await flushPromises()
    expect(x.find('[data-testid="range-warning"]').exists()).toBe(true)
  })

  it('a run stored before has no range: no warning, no crash', async () => {
    await open(detail(WON, 0.2))
    const w = mount(EvaluateView, opts())
    await flushPromises()
    expect(w.find('[data-testid="verdict"]').exists()).toBe(true)
    expect(w.find('[data-testid="range-warning"]').exists()).toBe(false)
  })

  it('Runs flags a run whose stored range has test values outside, and not one without', async () => {
    const base = detail(WON, 0.2).summary
    api.listRuns = vi.fn(async () => [{ ...base, id: 1, target: 'CO2', unit: 'ppm', range: RANGE, testMetric: { metric: 'rmse', value: 1.2, skill: 0.2 } }, { ...base, id: 2, target: 'CO2' }])
    const w = mount(RunsView, opts())
    await flushPromises()
    const flags = w.findAll('[data-testid="run-range-warning"]')
    expect(flags).toHaveLength(1)
    expect(flags[0]!.attributes('title')).toContain('10 of 10 test values lie outside')
    expect(w.text()).toContain('CO2 (ppm)')
    expect(w.text()).toContain('1.2 ppm')
  })
})
