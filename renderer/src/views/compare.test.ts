// @vitest-environment happy-dom
// Runs › Compare: beside the config diff, what each run forecast (data, forecaster) and its
// forecast's test metrics, as fw compare prints them (core/export/compare.ts).
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail, RunSeriesRow, RunSummary } from '../../../electron/contract'
import { answerConfirm } from '../test/confirm'
import { setUpView } from '../test/fakes'
import RunsView from './RunsView.vue'
import ChartPanel from '../components/ChartPanel.vue'
import { useRunStore } from '../stores/run'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const summary = (id: number, datasetName: string, forecaster: RunSummary['forecaster']): RunSummary => ({
  id, datasetId: datasetName === 'co2.csv' ? 1 : 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3,
  bestValLoss: 0.1, testMetric: { metric: 'rmse', value: 1, skill: 0.1 }, datasetName, target: 'value', forecaster
})
const detail = (s: RunSummary, mae: number, skill: number, lr: number): RunDetail => ({
  summary: s, config: { ...defaultConfig('value'), training: { ...defaultConfig('value').training, lr } }, epochs: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false,
  metrics: [
    { split: 'test', model: 'model', metric: 'skill', value: skill },
    { split: 'test', model: 'model', metric: 'mae', value: mae },
    { split: 'test', model: 'network', metric: 'mae', value: 99 }, // the network's own: not the run's forecast, a row of its own
    { split: 'val', model: 'model', metric: 'mae', value: 77 } // validation: not compared
  ]
})

let runs: Record<number, RunDetail>
let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  runs = {
    1: detail(summary(1, 'co2.csv', { chosen: 'combination', label: 'mean of ETS and Theta', network: 0 }), 0.5, -0.25, 0.005),
    2: detail(summary(2, 'co2.csv', { chosen: 'ensemble', label: 'mean of the network, ETS and Theta', network: 1 / 3 }), 0.4, 0.125, 0.01),
    3: detail(summary(3, 'seattle.csv', null), 3.5, 0.02, 0.005)
  }
  ;({ mountOptions } = setUpView({
    listRuns: vi.fn(async () => Object.values(runs).map((d) => d.summary)),
    getRun: vi.fn(async ({ runId }: { runId: number }) => runs[runId]!)
  }))
})

async function compare(a: number, b: number) {
  const w = mount(RunsView, mountOptions)
  await flushPromises()
  for (const id of [a, b]) await w.find(`input[aria-label="Select run ${id}"]`).setValue(true)
  await w.find('[data-testid="compare"]').trigger('click')
  await flushPromises()
  return w
}
const warning = (w: Awaited<ReturnType<typeof compare>>) => w.findAll('[data-testid="compare-not-comparable"] li').map((li) => li.text())
const rows = (w: Awaited<ReturnType<typeof compare>>) =>
  w.findAll('[data-testid="compare-results"] tbody tr').map((tr) => [tr.find('th').text(), ...tr.findAll('td').map((td) => td.text())])

describe('Runs › Compare', () => {
  it("titles the overlaid loss chart's y axis 'loss', as Train's loss chart does", async () => {
    const w = await compare(1, 2)
    const chart = w.findAllComponents(ChartPanel).find((c) => c.props('title') === 'Loss, overlaid')!
    expect(chart.props('yTitle')).toBe('loss')
  })
  it("draws a per-step run's summed loss apart from a final-only run's, each chart titled with its mark, and says why", async () => {
    const base = runs[2]!
    runs[2] = { ...base, config: { ...base.config, model: { ...base.config.model, outputMode: 'per-step' } }, epochs: [{ epoch: 1, trainLoss: 4.5, valLoss: 8.4 } as RunDetail['epochs'][number]] }
    const w = await compare(1, 2)
    const titles = w.findAllComponents(ChartPanel).map((c) => c.props('title'))
    expect(titles).not.toContain('Loss, overlaid')
    expect(titles).toEqual(expect.arrayContaining(['Loss of #1', `Loss of #2 (sum of ${base.config.data.lookBack} steps)`]))
    expect(w.find('[data-testid="loss-apart"]').text()).toBe(`Not overlaid: #1's loss is one step of one output of each window, #2's sum of ${base.config.data.lookBack} steps; they are not the same quantity.`)
    // two final-only runs on one file: one overlay, no word
    runs[2] = base
    const same = await compare(1, 2)
    expect(same.findAllComponents(ChartPanel).map((c) => c.props('title'))).toContain('Loss, overlaid')
    expect(same.find('[data-testid="loss-apart"]').exists()).toBe(false)
  })
  it('says a run failed and has no forecast, never that its network forecast', async () => {
    runs[2] = { ...runs[2]!, summary: { ...runs[2]!.summary, status: 'failed', error: 'diverged at epoch 1', forecaster: null }, metrics: [] }
    const w = await compare(1, 2)
    expect(rows(w).find((r) => r[0] === 'Forecast by')?.[2]).toBe('none (failed)')
    expect(w.findAll('[data-testid="compare-unfinished"]').map((p) => p.text())).toEqual(['#2 failed (diverged at epoch 1): it has no forecast and no test metrics to compare'])
  })
  it("compares a classification run's 0 / 0 precision, recall and F1 (stored null) as '—', with why in the title, never NaN", async () => {
    const cls = (s: RunSummary, v: number | null): RunDetail => ({
      ...detail(s, 0, 0.5, 0.005), config: { ...defaultConfig('value'), data: { ...defaultConfig('value').data, task: 'classification', rule: 'value > 0' } },
      metrics: ['precision', 'recall', 'f1'].map((metric) => ({ split: 'test' as const, model: 'model', metric, value: v })).concat([{ split: 'test', model: 'model', metric: 'brier', value: 0.01 }])
    })
    runs[1] = cls(summary(1, 'co2.csv', null), null)
    runs[2] = cls(summary(2, 'co2.csv', null), 0.5)
    const w = await compare(1, 2)
    const r = rows(w)
    for (const name of ['Precision (test)', 'Recall (test)', 'F1 (test)']) expect(r.find((x) => x[0] === name)).toEqual([name, '—', '0.5'])
    expect(w.find('[data-testid="compare-results"]').text()).not.toMatch(/NaN|null/)
    const precision = w.findAll('[data-testid="compare-results"] tbody tr').find((tr) => tr.find('th').text() === 'Precision (test)')!
    expect(precision.findAll('td')[0]!.attributes('title')).toBe('Undefined: nothing was predicted as the class (0 / 0)')
    expect(precision.findAll('td')[1]!.attributes('title')).toBeUndefined()
  })

  it('marks a setting that had no effect on either run, as fw compare does (core/train/idle-settings.ts)', async () => {
    const lstm = (d: RunDetail, hiddenActivation: 'tanh' | 'relu'): RunDetail => ({ ...d, config: { ...d.config, model: { ...d.config.model, cell: 'lstm', hiddenActivation } } })
    runs[1] = lstm(runs[1]!, 'tanh')
    runs[2] = lstm(runs[2]!, 'relu')
    const w = await compare(1, 2)
    const keys = w.findAll('[data-testid="compare-diff"] tbody tr').map((tr) => tr.find('td').text())
    expect(keys).toEqual(['model.hiddenActivation (no effect on LSTM)', 'training.lr'])
    // on an Elman cell it acts: named as it is
    runs[1] = { ...runs[1]!, config: { ...runs[1]!.config, model: { ...runs[1]!.config.model, cell: 'elman' } } }
    runs[2] = { ...runs[2]!, config: { ...runs[2]!.config, model: { ...runs[2]!.config.model, cell: 'elman' } } }
    const elman = await compare(1, 2)
    expect(elman.findAll('[data-testid="compare-diff"] tbody tr').map((tr) => tr.find('td').text())).toEqual(['model.hiddenActivation', 'training.lr'])
  })

  it("shows each run's data, forecaster and its forecast's test metrics", async () => {
    const w = await compare(1, 2)
    expect(rows(w)).toEqual([
      ['Dataset', 'co2.csv', 'co2.csv'],
      ['Target', 'value', 'value'],
      ['Forecast by', 'mean of ETS and Theta', 'mean of the network, ETS and Theta'],
      ['MAE (test)', '0.5', '0.4'],
      ['Skill on RMSE (test)', '-25.0 %', '+12.5 %'],
      ['Network alone: MAE (test)', '99', '99'] // the network's own, after the forecast's: neither run's forecast is the network alone
    ])
    expect(w.find('[data-testid="compare-not-comparable"]').exists()).toBe(false) // same data, horizon and test period
    // the config diff is still there
    expect(w.text()).toContain('training.lr')
  })

  it('says when the runs forecast different data; a run from before the choice is forecast by its network', async () => {
    const w = await compare(1, 3)
    expect(rows(w)[0]).toEqual(['Dataset', 'co2.csv', 'seattle.csv'])
    expect(rows(w)[2]).toEqual(['Forecast by', 'mean of ETS and Theta', 'network'])
    expect(warning(w)).toEqual(["Data: run #1 forecasts co2.csv, run #3 seattle.csv. MAE and RMSE are each in the units of their own file; MASE, sMAPE and skill have no units, but still measure other series."])
  })

  it('warns that the scores do not compare when the runs forecast another horizon, and says why', async () => {
    runs[2]!.config = { ...runs[2]!.config, data: { ...runs[2]!.config.data, horizon: 7 } }
    const w = await compare(1, 2)
    const box = w.get('[data-testid="compare-not-comparable"]')
    expect(box.attributes('role')).toBe('note')
    expect(box.text()).toMatch(/^These scores are not comparable\. The two runs were scored on different things, so a lower error here does not mean a better model:/)
    expect(warning(w)).toEqual(['Horizon: run #1 is scored on forecasts 1 step ahead, run #2 on forecasts 7 steps ahead. Errors grow the further ahead a forecast looks.'])
  })

  it('… another test period, another target or another series', async () => {
    const day = (d: number) => Date.UTC(2020, 0, d)
    runs[1]!.forecasts = [1, 2, 3].map((d) => ({ ts: day(d), step: 1, value: 1, lower: null, upper: null, actual: 1 }))
    runs[2]!.forecasts = [2, 3].map((d) => ({ ts: day(d), step: 1, value: 1, lower: null, upper: null, actual: 1 }))
    runs[2]!.config = { ...runs[2]!.config, data: { ...runs[2]!.config.data, target: 'level' } }
    runs[2]!.summary.series = 'station = B'
    const w = await compare(1, 2)
    expect(warning(w)).toEqual([
      'Series: run #1 forecasts the whole file, run #2 station = B.',
      'Target: run #1 forecasts value, run #2 level.',
      'Test period: run #1 is scored on 2020-01-01 – 2020-01-03 (3 points), run #2 on 2020-01-02 – 2020-01-03 (2 points).'
    ])
  })

  it('… two imports of one file name, or classification by other rules', async () => {
    runs[2]!.summary.datasetId = 7
    expect(warning(await compare(1, 2))).toEqual(['Data: run #1 and run #2 forecast two different imports named co2.csv (datasets 1 and 7): their rows may differ.'])
    // the same rows stored twice (fw and the app, an older version each): the same data, said by content, not by number
    runs[1]!.datasetContent = 'sha256:same'
    runs[2]!.datasetContent = 'sha256:same'
    expect(warning(await compare(1, 2))).toEqual([])
    runs[2]!.datasetContent = 'sha256:edited'
    expect(warning(await compare(1, 2))).toEqual(['Data: run #1 and run #2 forecast two different imports named co2.csv (datasets 1 and 7): their rows differ.'])
    delete runs[1]!.datasetContent
    delete runs[2]!.datasetContent
    runs[2]!.summary.datasetId = 1
    for (const [r, rule] of [[1, 'value > 0'], [2, 'value > 5']] as const) runs[r]!.config = { ...runs[r]!.config, data: { ...runs[r]!.config.data, task: 'classification', rule } }
    expect(warning(await compare(1, 2))).toEqual(['Classes: run #1 predicts whether value > 0, run #2 whether value > 5: other classes, other base rates.'])
    runs[2]!.config = { ...runs[2]!.config, data: { ...runs[2]!.config.data, rule: 'value > 0' } }
    expect(warning(await compare(1, 2))).toEqual([])
  })

  it('… or split their rows otherwise, where a run stored no forecasts to date its test period', async () => {
    runs[2]!.config = { ...runs[2]!.config, data: { ...runs[2]!.config.data, split: { kind: 'date', valStart: '2019-01-01', testStart: '2020-01-01', gap: 0 } } }
    const w = await compare(1, 2)
    expect(warning(w)).toEqual(['Test period: run #1 is scored on the last 15 % of its rows, run #2 on its rows from 2020-01-01.'])
  })
})

describe('Runs › Compare a global run with a run of one of its series alone', () => {
  // as fw compare (core/cli/show-global-series.test.ts): the global run's row for that series, not
  // its means over all its series, and said
  const row = (n: number, label: string, mae: number, mase: number, forecastBy: string | null): RunSeriesRow => ({
    number: n, key: [label], label, rangeNote: null, n: 24, mae, mase, naiveMae: 4, seasonalNaiveMae: null, coverage: null, beatsNaive: mase < 1, forecastBy, forecastLabel: forecastBy && 'ETS'
  })
  beforeEach(() => {
    const g = detail({ ...summary(4, 'co2.csv', null), global: { columns: ['store'], series: 3, meanMase: 0.7, meanNaiveMase: 1, beatNaive: 2, beatBestNaive: 2, skipped: [] } }, 3.25, 0.3, 0.005)
    g.metrics.push({ split: 'test', model: 'model', metric: 'mase', value: 0.7 })
    g.config = { ...g.config, data: { ...g.config.data, series: { columns: ['store'], values: null, global: { short: 'skip' } } } }
    runs[4] = g
    const one = detail({ ...summary(5, 'co2.csv', { chosen: 'naive', label: 'naive', network: 0 }), series: 'store = S2' }, 9, 0.1, 0.005)
    one.metrics.push({ split: 'test', model: 'model', metric: 'mase', value: 2.1 })
    one.config = { ...one.config, data: { ...one.config.data, series: { columns: ['store'], values: ['S2'] } } }
    runs[5] = one
  })

  it("compares the global run's row for that series, says which, and gives its means on a keyboard-reachable button", async () => {
    const listRunSeries = vi.fn(async () => [row(1, 'S1', 1, 0.5, 'network'), row(2, 'S2', 10, 2.36, 'ets'), row(3, 'S3', 2, 0.4, null)])
    ;({ mountOptions } = setUpView({ listRuns: vi.fn(async () => Object.values(runs).map((d) => d.summary)), getRun: vi.fn(async ({ runId }: { runId: number }) => runs[runId]!), listRunSeries }))
    const w = await compare(4, 5)
    expect(listRunSeries).toHaveBeenCalledWith({ runId: 4 })
    const note = w.get('[data-testid="compare-series-row"]')
    expect(note.text()).toContain('Run #4 is a global run of 3 series: its row for series S2 is compared with run #5, a run of that series alone.')
    expect(w.get('[data-testid="compare-series-head"]').text()).toBe('· series S2')
    const cells = (name: string) => rows(w).find((r) => r[0] === name)
    // S2's own MAE 10 and MASE 2.36 and its forecaster, not the run's means (MAE 3.25, MASE 0.7, "per series")
    expect(cells('MAE (test)')).toEqual(['MAE (test)', '10', '9'])
    expect(cells('MASE (test)')).toEqual(['MASE (test)', '2.36', '2.1'])
    expect(cells('Forecast by')![1]).not.toBe('per series')
    // the same series: no "Series" reason among the warnings
    expect(warning(w).filter((x) => x.startsWith('Series'))).toEqual([])
    // its means over all series, on a button (Tab, then Enter or Space), and back
    const toggle = w.get('[data-testid="compare-series-toggle"]')
    expect(toggle.element.tagName).toBe('BUTTON')
    expect(toggle.text()).toBe('Compare its means over all series')
    await toggle.trigger('click')
    expect(cells('MASE (test)')).toEqual(['MASE (test)', '0.7', '2.1'])
    expect(cells('Forecast by')![1]).toBe('per series')
    expect(w.find('[data-testid="compare-series-head"]').exists()).toBe(false)
    expect(w.get('[data-testid="compare-series-row"]').text()).toContain("Run #4's means over all its 3 series are compared with run #5, a run of series S2 alone.")
    expect(warning(w)[0]).toMatch(/^Series: run #4 forecasts all 3 series with one model, run #5 store = S2\.$/)
    await w.get('[data-testid="compare-series-toggle"]').trigger('click')
    expect(cells('MASE (test)')).toEqual(['MASE (test)', '2.36', '2.1'])
  })

  it('compares the means of a global run beside a run of a series it has no row for, or of another dataset, and says nothing', async () => {
    const listRunSeries = vi.fn(async () => [row(1, 'S1', 1, 0.5, 'network')])
    ;({ mountOptions } = setUpView({ listRuns: vi.fn(async () => Object.values(runs).map((d) => d.summary)), getRun: vi.fn(async ({ runId }: { runId: number }) => runs[runId]!), listRunSeries }))
    let w = await compare(5, 4)
    expect(w.find('[data-testid="compare-series-row"]').exists()).toBe(false)
    expect(rows(w).find((r) => r[0] === 'MASE (test)')).toEqual(['MASE (test)', '2.1', '0.7'])
    runs[5]!.summary.datasetId = 3
    listRunSeries.mockClear()
    w = await compare(5, 4)
    expect(listRunSeries).not.toHaveBeenCalled()
    expect(w.find('[data-testid="compare-series-row"]').exists()).toBe(false)
  })
})

describe('Runs › Best val loss', () => {
  it.each([
    ["a per-step run's best val loss as the sum of its scored steps, so it is not read as a final-output run's", { bestValLoss: 6.956, lossSteps: 12 }, 'loss-steps', '(sum of 12 steps)', "Per-step outputs: the loss sums 12 steps of each window, so it is about 12 times a final-output run's"],
    // 9.78 beside 1.32 read alike before
    ["a direct run's best val loss as the sum of its outputs, one per step ahead", { bestValLoss: 9.782, lossOutputs: 6 }, 'loss-outputs', '(sum of 6 outputs)', "One output per step ahead: the loss sums the 6 outputs of each window, so it is about 6 times a one-output run's"]
  ] as const)('marks %s', async (_, summary, testid, text, title) => {
    runs[2] = { ...runs[2]!, summary: { ...runs[2]!.summary, ...summary } }
    const w = mount(RunsView, mountOptions)
    await flushPromises()
    const marks = w.findAll(`[data-testid="${testid}"]`)
    expect(marks).toHaveLength(1)
    expect(marks[0]!.text()).toBe(text)
    expect(marks[0]!.attributes('title')).toBe(title)
    expect(marks[0]!.element.parentElement!.textContent!.startsWith(String(summary.bestValLoss))).toBe(true)
  })
})

describe('Runs › Delete', () => {
  it('the run on screen, deleted, is no longer the one Train, Evaluate and Export show; another run stays', async () => {
    const deleteRun = vi.fn(async ({ runId }: { runId: number }) => {
      delete runs[runId]
      return { deleted: true }
    })
    ;({ mountOptions } = setUpView({ listRuns: vi.fn(async () => Object.values(runs).map((d) => d.summary)), getRun: vi.fn(async ({ runId }: { runId: number }) => runs[runId]!), deleteRun }))
    const run = useRunStore()
    await run.open(2)
    const w = mount(RunsView, mountOptions)
    await flushPromises()
    await w.find('[aria-label="Delete run 3"]').trigger('click')
    await answerConfirm(w, true)
    expect([run.runId, run.detail?.summary.id]).toEqual([2, 2]) // another run: the one on screen stays
    await w.find('[aria-label="Delete run 2"]').trigger('click')
    await answerConfirm(w, true)
    expect(deleteRun).toHaveBeenCalledTimes(2)
    expect([run.runId, run.detail, run.status, run.epochs]).toEqual([null, null, null, []])
    expect(w.findAll('tbody tr').length).toBe(1)
  })
})

describe('Runs › a run on one series of a long file', () => {
  it('names the series under its dataset and in its automatic name', async () => {
    runs[3]!.summary.series = 'store = B'
    const w = mount(RunsView, mountOptions)
    await flushPromises()
    const row = w.find('tr[data-run="3"]')
    expect(row.find('[data-testid="run-series"]').text()).toBe('store = B')
    expect(row.text()).toContain('seattle.csv · store = B · LSTM')
    expect(w.find('tr[data-run="1"] [data-testid="run-series"]').exists()).toBe(false)
  })
})

describe('Runs › Compare: what a network setting changed, where the chosen forecasts agree', () => {
  it("adds the network alone's test metrics as rows (explore24 finding 5: LSTM vs GRU, both forecast by the same statistical mean)", async () => {
    runs[2] = { ...runs[2]!, summary: { ...runs[2]!.summary, forecaster: runs[1]!.summary.forecaster }, metrics: runs[2]!.metrics.map((m) => (m.model === 'network' ? { ...m, value: 98 } : m)) }
    const w = await compare(1, 2)
    expect(rows(w).find((r) => r[0] === 'Network alone: MAE (test)')).toEqual(['Network alone: MAE (test)', '99', '98'])
    expect(w.find('[data-testid="compare-network-note"]').exists()).toBe(true)
  })

  it("two global runs: how many series each run's network wins, and every series' forecast and network MASE side by side", async () => {
    const global = (id: number) => {
      const g = detail({ ...summary(id, 'co2.csv', null), global: { columns: ['store'], series: 2, meanMase: 0.3, meanNaiveMase: 1, beatNaive: 2, beatBestNaive: 2, skipped: [] } }, 3, 0.6, 0.005)
      g.config = { ...g.config, data: { ...g.config.data, series: { columns: ['store'], values: null, global: { short: 'skip' } } } }
      return g
    }
    runs[6] = global(6)
    runs[7] = global(7)
    const row = (n: number, label: string, networkMase: number): RunSeriesRow => ({
      number: n, key: [label], label, rangeNote: null, n: 24, mae: 1, mase: 0.3, naiveMae: 4, seasonalNaiveMae: null, coverage: null, beatsNaive: true, forecastBy: 'combination', forecastLabel: 'mean of ETS and Theta', networkMae: 2, networkMase
    })
    const series: Record<number, RunSeriesRow[]> = { 6: [row(1, 'S1', 0.41), row(2, 'S2', 0.36)], 7: [row(1, 'S1', 0.39), row(2, 'S2', 0.36)] }
    const listRunSeries = vi.fn(async ({ runId }: { runId: number }) => series[runId]!)
    ;({ mountOptions } = setUpView({ listRuns: vi.fn(async () => Object.values(runs).map((d) => d.summary)), getRun: vi.fn(async ({ runId }: { runId: number }) => runs[runId]!), listRunSeries }))
    const w = await compare(6, 7)
    expect(w.findAll('[data-testid="compare-series-wins"] li').map((li) => li.text())).toEqual([
      'Forecast: #6 is lower on 0 series, #7 on 0 (2 alike).',
      'Network alone: #6 is lower on 0 series, #7 on 1 (1 alike).'
    ])
    const cells = w.findAll('[data-testid="compare-series"] tbody tr').map((tr) => [tr.find('th').text(), ...tr.findAll('td').map((td) => td.text())])
    expect(cells).toEqual([['S1', '0.3', '0.3', '0.41', '0.39'], ['S2', '0.3', '0.3', '0.36', '0.36']])
  })
})
