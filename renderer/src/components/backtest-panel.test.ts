// @vitest-environment happy-dom
// Evaluate's Backtest panel with a fake api: it starts the open run's settings as a backtest, shows
// fold i of k with Cancel, then the metric per fold and its mean with the best of each row in bold,
// a one-line summary and the notes; a cancelled backtest shows nothing of it.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { BacktestEvent, BacktestFold, RunDetail } from '../../../electron/contract'
import { ApiError } from '../../../electron/contract'
import type { FakeApi } from '../test/fakes'
import { setUpView } from '../test/fakes'
import { useRunStore } from '../stores/run'
import BacktestPanel from './BacktestPanel.vue'
import EvaluateView from '../views/EvaluateView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  ;({ api, mountOptions } = setUpView({ startBacktest: vi.fn(async () => ({ jobId: 3 })), cancelBacktest: vi.fn(async () => ({ cancelled: true })) }))
})

function detail(task: 'regression' | 'classification' = 'regression', over: Partial<RunDetail> = {}): RunDetail {
  const c = defaultConfig('temp')
  return {
    summary: { id: 7, datasetId: 2, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'gru', epochs: 3, bestValLoss: 0.1, testMetric: null },
    config: { ...c, data: { ...c.data, task } },
    epochs: [], metrics: [{ split: 'test', model: 'model', metric: 'rmse', value: 1 }], forecasts: [], hasTime: true, gradFlow: null, canResume: false, ...over
  }
}
const fold = (n: number, scores: Record<string, number>, notes: string[] = [], metric = 'rmse'): BacktestFold => ({
  fold: n, trainRows: 100 + 20 * n, testRows: 20, notes,
  metrics: Object.entries(scores).map(([model, value]) => ({ split: 'test' as const, model, metric, value }))
})
const FOLDS = [
  fold(1, { model: 0.4, network: 0.45, naive: 0.5, ets: 0.45 }),
  fold(2, { model: 0.6, network: 0.7, naive: 0.55, ets: 0.5 }, ['statistical model skipped: arima: no fit']),
  fold(3, { model: 0.2, network: 0.3, naive: 0.6, ets: 0.45 })
]
const send = async (event: BacktestEvent, jobId = 3) => {
  api.emitBacktest({ jobId, event })
  await flushPromises()
}
async function started(d = detail()): Promise<VueWrapper> {
  const w = mount(BacktestPanel, { props: { detail: d }, ...mountOptions })
  await w.find('[data-testid="start-backtest"]').trigger('click')
  await flushPromises()
  return w
}
const progressbar = (w: VueWrapper) => w.find('[role="progressbar"][aria-label="Backtest progress"]')

describe('Backtest panel', () => {
  it("starts the open run's settings on its dataset and shows fold i of k as the trainer reports it", async () => {
    const w = await started()
    expect(api.startBacktest).toHaveBeenCalledWith({ datasetId: 2, config: detail().config, folds: 5 })
    expect(w.find('[data-testid="start-backtest"]').attributes('disabled')).toBeDefined()
    await send({ type: 'fold-started', fold: 1, folds: 5, epochs: 10 })
    expect(w.find('[data-testid="backtest-progress"]').text()).toBe('Fold 1 of 5 · epoch 0 of 10')
    await send({ type: 'fold-done', folds: 5, result: FOLDS[0]! })
    await send({ type: 'epoch', fold: 2, folds: 5, epoch: 3, epochs: 10 })
    expect(w.find('[data-testid="backtest-progress"]').text()).toBe('Fold 2 of 5 · epoch 3 of 10')
    expect(progressbar(w).attributes('aria-valuenow')).toBe('26') // (1 + 3/10) of 5 folds
    // a finished fold shows at once; the mean waits for the last
    expect(w.findAll('[data-testid="backtest-table"] tbody tr').map((r) => r.attributes('data-fold'))).toEqual(['1'])
    // another job's events are not this one's
    await send({ type: 'fold-started', fold: 4, folds: 5, epochs: 10 }, 99)
    expect(w.find('[data-testid="backtest-progress"]').text()).toContain('Fold 2 of 5')
    // another run opened meanwhile: the running backtest is named by its run, and can still be cancelled
    await w.setProps({ detail: detail('regression', { summary: { ...detail().summary, id: 8 } }) })
    expect(w.find('[data-testid="backtest-progress"]').text()).toBe('Backtest of run #7: Fold 2 of 5 · epoch 3 of 10')
    expect(w.find('[data-testid="cancel-backtest"]').exists()).toBe(true)
    w.unmount()
  })

  it("says what a fold does while no epoch ends, with its counts: its batches, then its series' models and choice", async () => {
    const w = await started()
    const text = () => w.find('[data-testid="backtest-progress"]').text()
    await send({ type: 'fold-started', fold: 2, folds: 5, epochs: 4 })
    await send({ type: 'progress', fold: 2, folds: 5, phase: 'batches', epoch: 1, done: 50, total: 100 })
    expect(text()).toBe('Fold 2 of 5 · epoch 0 of 4 · epoch 1: 50 of 100 batches')
    expect(progressbar(w).attributes('aria-valuenow')).toBe('23') // (1 + 0.5/4) of 5 folds
    await send({ type: 'epoch', fold: 2, folds: 5, epoch: 4, epochs: 4 })
    expect(text()).toBe('Fold 2 of 5 · epoch 4 of 4')
    await send({ type: 'progress', fold: 2, folds: 5, phase: 'models', done: 12, total: 30 })
    expect(text()).toBe("Fold 2 of 5 · epoch 4 of 4 · fitting each series' statistical models: 12 of 30 series")
    await send({ type: 'progress', fold: 2, folds: 5, phase: 'choice', done: 30, total: 30 })
    expect(text()).toBe("Fold 2 of 5 · epoch 4 of 4 · choosing each series' forecast on its validation rows: 30 of 30 series done")
    await send({ type: 'fold-done', folds: 5, result: FOLDS[1]! })
    expect(text()).toBe('Fold 2 of 5 · epoch 4 of 4')
    w.unmount()
  })

  it('shows the metric per fold and its mean, the best of each row bold, a summary, a chart and the notes', async () => {
    const w = await started()
    await send({ type: 'done', folds: FOLDS })
    expect(progressbar(w).exists()).toBe(false)
    const table = w.find('[data-testid="backtest-table"]')
    expect(table.findAll('thead th').map((t) => t.text())).toEqual(['Fold', 'Forecast', 'Network alone', 'Naive', 'ETS'])
    const rows = table.findAll('tbody tr')
    expect(rows.map((r) => r.attributes('data-fold'))).toEqual(['1', '2', '3', 'mean'])
    const bold = (r: (typeof rows)[number]) => r.findAll('td').filter((c) => (c.attributes('style') ?? '').includes('font-weight: 700')).map((c) => c.text())
    expect(rows.map(bold)).toEqual([['0.4'], ['0.5000'], ['0.2'], ['0.4']])
    expect(rows[3]!.findAll('td').map((c) => c.text())).toEqual(['0.4', '0.4833', '0.55', '0.4667'])
    // a predictor's column in one number of decimals, as in Export's table: its digits line up
    const column = (i: number) => rows.map((r) => r.findAll('td')[i]!.text())
    expect(column(1)).toEqual(['0.4500', '0.7000', '0.3000', '0.4833'])
    expect(column(2)).toEqual(['0.50', '0.55', '0.60', '0.55'])
    expect(w.find('[data-testid="backtest-summary"]').text()).toBe('The forecast beat every baseline in 2 of 3 folds; over all folds its mean RMSE is 0.4, against 0.4667 for ETS, the baseline with the best mean.')
    expect(w.findComponent({ name: 'ChartPanel' }).props('datasets')).toHaveLength(4)
    expect(w.find('[data-testid="backtest-notes"]').text()).toBe('Fold 2: ARIMA skipped: no fit')
    expect(w.text()).toContain('Not kept: run it again to see it.')
    w.unmount()
  })

  it("judges each fold against the baselines its forecast is not made of, as Evaluate does", async () => {
    const w = await started()
    // the forecast is the mean of ETS and Theta: between them in every fold, better than seasonal naive
    const made = (n: number, scores: Record<string, number>) => ({ ...fold(n, scores), members: ['ets', 'theta'] })
    await send({ type: 'done', folds: [made(1, { model: 3.2, 'seasonal-naive': 3.9, ets: 3.1, theta: 3.3 }), made(2, { model: 3.6, 'seasonal-naive': 5.3, ets: 3.7, theta: 3.5 })] })
    expect(w.find('[data-testid="backtest-summary"]').text()).toBe(
      'The forecast beat every baseline it is not made of in 2 of 2 folds; over all folds its mean RMSE is 3.4, against 4.6 for seasonal naive, the baseline with the best mean. In every fold the forecast is made of ETS and Theta, which are not among the baselines it must beat.'
    )
    w.unmount()
  })

  it('cancel asks main to stop the job; once cancelled nothing of it is shown', async () => {
    const w = await started()
    await send({ type: 'fold-done', folds: 5, result: FOLDS[0]! })
    await w.find('[data-testid="cancel-backtest"]').trigger('click')
    expect(api.cancelBacktest).toHaveBeenCalledWith({ jobId: 3 })
    await send({ type: 'cancelled' })
    expect(w.find('[data-testid="backtest-cancelled"]').text()).toBe('Backtest cancelled; nothing was kept.')
    expect(w.find('[data-testid="backtest-table"]').exists()).toBe(false)
    expect(progressbar(w).exists()).toBe(false)
    expect(w.find('[data-testid="start-backtest"]').attributes('disabled')).toBeUndefined()
    w.unmount()
  })

  it('scrolls a wide table inside the panel with the Fold column kept in view', async () => {
    const w = await started()
    await send({ type: 'done', folds: FOLDS })
    expect(w.find('[data-testid="backtest-scroll"] > [data-testid="backtest-table"]').exists()).toBe(true)
    // every row's first cell is the sticky Fold column; the row counts go under the fold's number
    const first = w.findAll('[data-testid="backtest-table"] tr').map((r) => r.find('th').classes())
    expect(first).toHaveLength(5)
    for (const c of first) expect(c).toContain('fold-col')
    expect(w.find('[data-fold="1"] th .fold-rows').text()).toBe('(120 rows to train, 20 to test)')
    w.unmount()
  })

  it('draws each of a dozen predictors in a style of its own, the forecast in the first colour', async () => {
    const w = await started()
    const names = ['model', 'network', 'naive', 'seasonal-naive', 'drift', 'mean', 'ets', 'theta', 'arima', 'ensemble', 'linear', 'lagged']
    await send({ type: 'done', folds: [1, 2].map((n) => fold(n, Object.fromEntries(names.map((m, i) => [m, 1 + i / 10])))) })
    const sets = w.findComponent({ name: 'ChartPanel' }).props('datasets') as { label: string; borderColor: string; borderDash?: number[] }[]
    expect(sets).toHaveLength(12)
    const styles = sets.map((s) => `${s.borderColor} ${(s.borderDash ?? []).join(',')}`)
    expect(new Set(styles).size).toBe(12) // Network alone and Theta shared a colour
    expect(sets[0]!.borderColor).toBe('#111')
    w.unmount()
  })

  it('offers Cancel, focused, on the tick Run is pressed, before main answers; pressed then, the job is cancelled once named', async () => {
    let answer!: (r: { jobId: number }) => void
    api.startBacktest.mockImplementationOnce(() => new Promise((r) => (answer = r)))
    const w = mount(BacktestPanel, { props: { detail: detail() }, ...mountOptions, attachTo: document.body })
    const run = w.find('[data-testid="start-backtest"]')
    ;(run.element as HTMLButtonElement).focus()
    await run.trigger('click')
    await flushPromises() // main has not answered: the trainer is still loading
    const cancel = w.find('[data-testid="cancel-backtest"]')
    expect(document.activeElement).toBe(cancel.element)
    expect(cancel.attributes('disabled')).toBeUndefined()
    await cancel.trigger('click') // the second Enter, at once
    expect(api.cancelBacktest).not.toHaveBeenCalled()
    answer({ jobId: 3 })
    await flushPromises()
    expect(api.cancelBacktest).toHaveBeenCalledWith({ jobId: 3 })
    await send({ type: 'cancelled' })
    expect(w.find('[data-testid="backtest-cancelled"]').exists()).toBe(true)
    expect(document.activeElement).toBe(w.find('[data-testid="start-backtest"]').element)
    w.unmount()
  })

  it('moves the focus to Cancel when the backtest starts and back to Run when it ends or is cancelled', async () => {
    const w = mount(BacktestPanel, { props: { detail: detail() }, ...mountOptions, attachTo: document.body })
    const run = w.find('[data-testid="start-backtest"]')
    ;(run.element as HTMLButtonElement).focus()
    await run.trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(w.find('[data-testid="cancel-backtest"]').element)
    await w.find('[data-testid="cancel-backtest"]').trigger('click')
    await send({ type: 'cancelled' })
    await flushPromises()
    expect(document.activeElement).toBe(w.find('[data-testid="start-backtest"]').element)
    // a backtest that ends by itself gives the focus back to Run too
    await w.find('[data-testid="start-backtest"]').trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(w.find('[data-testid="cancel-backtest"]').element)
    await send({ type: 'done', folds: FOLDS })
    await flushPromises()
    expect(document.activeElement).toBe(w.find('[data-testid="start-backtest"]').element)
    w.unmount()
  })

  it('keeps the events that arrive before main answers with the job id', async () => {
    let answer!: (v: { jobId: number }) => void
    api.startBacktest = vi.fn(() => new Promise<{ jobId: number }>((r) => (answer = r)))
    const w = await started()
    await send({ type: 'fold-started', fold: 1, folds: 5, epochs: 4 })
    answer({ jobId: 3 })
    await flushPromises()
    expect(w.find('[data-testid="backtest-progress"]').text()).toBe('Fold 1 of 5 · epoch 0 of 4')
    w.unmount()
  })

  it('takes 2 to 20 folds, and says why it cannot start', async () => {
    const w = mount(BacktestPanel, { props: { detail: detail() }, ...mountOptions })
    await w.find('[data-testid="backtest-folds"]').setValue(21)
    expect(w.find('[data-testid="start-backtest"]').attributes('disabled')).toBeDefined()
    expect(w.text()).toContain('Folds must be a whole number from 2 to 20.')
    await w.find('[data-testid="backtest-folds"]').setValue(3)
    api.startBacktest = vi.fn(async () => { throw new Error('3 rows are too few for 3 folds') })
    await w.find('[data-testid="start-backtest"]').trigger('click')
    await flushPromises()
    expect(api.startBacktest).toHaveBeenCalledWith(expect.objectContaining({ folds: 3 }))
    expect(w.find('[data-testid="backtest-failed"]').text()).toBe('The backtest failed: 3 rows are too few for 3 folds')
    // main's refusal names its field first: the panel gives the sentence alone
    api.startBacktest = vi.fn(async () => { throw new ApiError({ name: 'ContractError', code: 'invalid-payload', message: 'folds: 40 rows allow at most 12 folds', field: 'folds' }) })
    await w.find('[data-testid="start-backtest"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="backtest-failed"]').text()).toBe('The backtest failed: 40 rows allow at most 12 folds')
    w.unmount()
  })

  it("caps the folds at the most the run's data allows, before Run, and says why", async () => {
    const why = 'each fold would be scored on 4 rows; look-back 6 and horizon 5 (direct: a window is scored on 5 rows) need at least 5'
    api.backtestLimit = vi.fn(async () => ({ most: 7, why }))
    const w = mount(BacktestPanel, { props: { detail: detail() }, ...mountOptions })
    await flushPromises()
    expect(api.backtestLimit).toHaveBeenCalledWith({ datasetId: 2, config: detail().config })
    const input = w.find('[data-testid="backtest-folds"]')
    const hint = w.find('[data-testid="backtest-folds-hint"]')
    // the input's own bound (arrow keys stop there) and its description, read with it by a screen reader
    expect(input.attributes('max')).toBe('7')
    expect(input.attributes('aria-describedby')).toBe(hint.attributes('id'))
    expect(hint.text()).toBe(`At most 7 folds: ${why}. Each fold trains a whole run: 5 folds take about 5 times as long as this one did.`)
    await input.setValue(8)
    expect(w.find('[data-testid="start-backtest"]').attributes('disabled')).toBeDefined()
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(hint.text()).toBe(`At most 7 folds: ${why}. Folds must be a whole number from 2 to 7.`)
    await input.setValue(7)
    await w.find('[data-testid="start-backtest"]').trigger('click')
    await flushPromises()
    expect(api.startBacktest).toHaveBeenCalledWith(expect.objectContaining({ folds: 7 }))
    w.unmount()
  })

  it('brings the folds down to the most allowed, and with none allowed offers no backtest and says why', async () => {
    api.backtestLimit = vi.fn(async () => ({ most: 3, why: 'x' }))
    const w = mount(BacktestPanel, { props: { detail: detail() }, ...mountOptions })
    await flushPromises()
    expect((w.find('[data-testid="backtest-folds"]').element as HTMLInputElement).value).toBe('3')
    w.unmount()
    const why = 'the first fold would train on 42 rows; look-back 40 and horizon 1 need at least 49 (85 % of them to train, 15 % to validate)'
    api.backtestLimit = vi.fn(async () => ({ most: 0, why }))
    const n = mount(BacktestPanel, { props: { detail: detail() }, ...mountOptions })
    await flushPromises()
    expect(n.find('[data-testid="backtest-folds"]').attributes('disabled')).toBeDefined()
    expect(n.find('[data-testid="start-backtest"]').attributes('disabled')).toBeDefined()
    expect(n.find('[data-testid="backtest-folds-hint"]').text()).toBe(`No backtest fits this run's data: ${why}.`)
    n.unmount()
  })

  it('scores classification by the Brier score (as the verdict), with accuracy to pick, named in-sentence', async () => {
    const w = await started(detail('classification'))
    const acc = (n: number, model: number, majority: number) => fold(n, { model, majority }, [], 'accuracy')
    const brier = (f: BacktestFold, model: number, majority: number): BacktestFold => ({ ...f, metrics: [...f.metrics, { split: 'test', model: 'model', metric: 'brier', value: model }, { split: 'test', model: 'majority', metric: 'brier', value: majority }] })
    await send({ type: 'done', folds: [brier(acc(1, 0.8, 0.7), 0.1, 0.2), brier(acc(2, 0.6, 0.65), 0.3, 0.2)] })
    expect((w.find('[data-testid="backtest-metric"]').element as HTMLSelectElement).value).toBe('brier')
    expect(w.find('[data-testid="backtest-summary"]').text()).toMatch(/^The forecast beat every baseline in 1 of 2 folds; over all folds its mean Brier score is 0.2, against 0.2 for majority class, the baseline with the best mean\.$/)
    await w.find('[data-testid="backtest-metric"]').setValue('accuracy')
    expect(w.find('[data-testid="backtest-summary"]').text()).toBe('The forecast beat every baseline in 1 of 2 folds; over all folds its mean accuracy is 0.7, against 0.675 for majority class, the baseline with the best mean.')
    // "accuracy" inside the sentence, not "Accuracy"
    expect(w.find('[data-testid="backtest-caption"]').text()).toBe('Test accuracy per fold, higher is better. Bold: the best in each row.')
    expect(w.findComponent({ name: 'ChartPanel' }).props('title')).toBe('Test accuracy per fold')
    w.unmount()
  })
})

describe('Backtest panel, global run', () => {
  const global = { columns: ['store'], series: 2, meanMase: 1, meanNaiveMase: 1, beatNaive: 1, beatBestNaive: 1, skipped: [] }
  const pooled = (n: number, scores: Record<string, [number, number]>, series = { scored: 2, total: 2 }): BacktestFold => ({
    fold: n, trainRows: 300 + 40 * n, testRows: 40, notes: [], series,
    // as globalTestMetrics scores a fold: scale-free only (naive's GMRAE is 1 by definition)
    metrics: Object.entries(scores).flatMap(([model, [mase, gmrae]]) => [{ split: 'test' as const, model, metric: 'mase', value: mase }, { split: 'test' as const, model, metric: 'gmrae', value: gmrae }])
  })

  it("backtests the global run's settings and shows the mean MASE over the series per fold, GMRAE to pick", async () => {
    api.backtestLimit = vi.fn(async () => ({ most: 20, why: null }))
    const d = detail('regression', { summary: { ...detail().summary, global } })
    const w = await started(d)
    expect(api.backtestLimit).toHaveBeenCalledWith({ datasetId: 2, config: d.config })
    expect(api.startBacktest).toHaveBeenCalledWith({ datasetId: 2, config: d.config, folds: 5 })
    await send({ type: 'done', folds: [pooled(1, { model: [0.8, 0.8], network: [0.9, 0.88], naive: [1, 1] }), pooled(2, { model: [1.1, 1.15], network: [0.9, 0.92], naive: [1, 1] })] })
    expect(w.find('[data-testid="backtest-caption"]').text()).toBe('Test MASE per fold, the mean over the series each fold scores, lower is better. Bold: the best in each row.')
    const head = w.findAll('[data-testid="backtest-table"] thead th').map((c) => c.text())
    expect(head).toEqual(['Fold', 'Forecast', 'Network alone', 'Naive'])
    expect(w.find('[data-fold="1"] th').text()).toBe('Fold 1 (340 rows to train, 40 to test; all 2 series scored)')
    expect(w.find('[data-testid="backtest-summary"]').text()).toBe('The forecast beat every baseline in 1 of 2 folds; over all folds its mean MASE is 0.95, against 1 for naive, the baseline with the best mean. Every fold scores all 2 series.')
    expect(w.findAll('[data-testid="backtest-metric"] option').map((o) => o.attributes('value'))).toEqual(['mase', 'gmrae'])
    await w.find('[data-testid="backtest-metric"]').setValue('gmrae')
    expect(w.find('[data-testid="backtest-caption"]').text()).toBe('Test GMRAE per fold, the geometric mean of MAE relative to naive over the series each fold scores, lower is better. Bold: the best in each row.')
    w.unmount()
  })

  it("says how many series each fold scored, and that a figure over 7 of 30 series is not the run's over all 30", async () => {
    api.backtestLimit = vi.fn(async () => ({ most: 20, why: null }))
    const d = detail('regression', { summary: { ...detail().summary, global: { ...global, series: 30 } } })
    const w = await started(d)
    await send({ type: 'done', folds: [pooled(1, { model: [0.09, 0.5], naive: [1, 1] }, { scored: 7, total: 30 }), pooled(2, { model: [0.11, 0.6], naive: [1, 1] }, { scored: 7, total: 30 })] })
    expect(w.find('[data-fold="2"] th').text()).toBe('Fold 2 (380 rows to train, 40 to test; 7 of 30 series scored)')
    expect(w.find('[data-testid="backtest-summary"]').text()).toBe("The forecast beat every baseline in 2 of 2 folds; over all folds its mean MASE is 0.1, against 1 for naive, the baseline with the best mean. Each fold scores 7 of 30 series: the others are left out by the folds' shared dates (see the notes), so these figures are not comparable with a test figure over all 30, such as the run's own.")
    w.unmount()
  })
})

describe('Evaluate', () => {
  it('offers the backtest for a single-series run and for a global one, and shows another run\'s running backtest', async () => {
    api.getRun = vi.fn(async () => detail())
    await useRunStore().open(7)
    const w = mount(EvaluateView, mountOptions)
    await flushPromises()
    expect(w.find('[data-testid="backtest"]').exists()).toBe(true)
    w.unmount()
    const global = { columns: ['store'], series: 2, meanMase: 1, meanNaiveMase: 1, beatNaive: 1, beatBestNaive: 1, skipped: [] }
    api.getRun = vi.fn(async () => detail('regression', { summary: { ...detail().summary, global } }))
    api.listRunSeries = vi.fn(async () => [])
    await useRunStore().open(7)
    const g = mount(EvaluateView, mountOptions)
    await flushPromises()
    expect(g.find('[data-testid="backtest-global"]').text()).toMatch(/^Trains this run's settings again on every series, 5 times, each time up to a later date \(the same for all series\)/)
    expect(g.find('[data-testid="start-backtest"]').exists()).toBe(true)
    g.unmount()
    // another run's backtest running: followed and cancellable from the global run's page too
    const p = await started(detail('regression', { summary: { ...detail().summary, id: 5 } }))
    p.unmount()
    const gp = mount(EvaluateView, mountOptions)
    await flushPromises()
    expect(gp.find('[data-testid="backtest-progress"]').text()).toBe('Backtest of run #5: Starting…')
    expect(gp.find('[data-testid="cancel-backtest"]').exists()).toBe(true)
    gp.unmount()
  })
})
