// @vitest-environment happy-dom
// Evaluate of a global run (issue 13, item 8): the per-series table sorts by any column from its
// header buttons, pages 50 rows at a time (1,000 series never reach the DOM at once), and the
// series picked in the table or the picker is the one whose forecast the chart shows.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { ForecastPoint, RunDetail, RunSeriesRow } from '../../../electron/contract'
import SeriesMultiples from '../components/SeriesMultiples.vue'
import ChartPanel from '../components/ChartPanel.vue'
import { useRunStore } from '../stores/run'
import { afterStages, setUpView, type FakeApi } from '../test/fakes'
import { installFakeIntersectionObserver, showElements } from '../test/intersection'
import EvaluateView from './EvaluateView.vue'
import { chartSeries } from '../../../core/export/chart-series'
import ExportView from './ExportView.vue'
import RunsView from './RunsView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const N = 1000
/** Series n: MAE 1000 - n (so the last series has the lowest), MASE null for every 100th, beats naive when n is even;
 *  forecast (chosen on validation) by naive when n is a multiple of 4, else by ETS when n is odd, else by the network with the statistical models. */
const FORECAST_BY = (n: number) => (n % 4 === 0 ? { forecastBy: 'naive', forecastLabel: 'Naive' } : n % 2 ? { forecastBy: 'ets', forecastLabel: 'ETS(A,N,A)' } : { forecastBy: 'ensemble', forecastLabel: 'mean of the network and ETS(A,N,A)' })
const SERIES: RunSeriesRow[] = Array.from({ length: N }, (_, i) => ({
  number: i + 1, key: [`s${i + 1}`], label: `store = s${i + 1}`, n: 4, mae: N - i, mase: (i + 1) % 100 === 0 ? null : (N - i) / 100,
  naiveMae: 500, seasonalNaiveMae: null, coverage: 0.9, beatsNaive: (i + 1) % 2 === 0, ...FORECAST_BY(i + 1), rangeNote: null
}))
/** The series of median MASE (chartSeries): the one the chart shows first, as the report's chart. */
const MEDIAN = 501
const forecastOf = (n: number): ForecastPoint[] => Array.from({ length: 4 }, (_, i) => ({ ts: Date.UTC(2021, i, 1), step: 1, value: n * 10 + i, lower: null, upper: null, actual: n * 10 + i + 1 }))

const detail: RunDetail = {
  summary: { id: 9, datasetId: 1, sweepId: null, name: 'stores', notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.1, testMetric: null,
    global: { columns: ['store'], series: N, meanMase: 0.8, meanNaiveMase: 1.1, beatNaive: 500, beatBestNaive: 400, skipped: ['store = tiny'] } },
  config: defaultConfig('sales'), epochs: [], metrics: [{ split: 'test', model: 'model', metric: 'mase', value: 0.8 }], forecasts: [], hasTime: true, gradFlow: null, canResume: false
}

let api: FakeApi
let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(async () => {
  ;({ api, mountOptions } = setUpView({
    getRun: vi.fn(async () => detail),
    listRunSeries: vi.fn(async () => SERIES),
    getSeriesForecast: vi.fn(async ({ series }: { series: number }) => ({ rows: forecastOf(series), hasTime: true }))
  }))
  await useRunStore().open(9)
})

async function view() {
  const w = mount(EvaluateView, mountOptions)
  await flushPromises()
  await afterStages() // the table's rows past the first 20 come a frame after the series
  return w
}
/** A click on a sort header or a page button: the table applies it a task later. */
async function press(w: Awaited<ReturnType<typeof view>>, selector: string) {
  await w.find(selector).trigger('click')
  await afterStages()
}
const labels = (w: Awaited<ReturnType<typeof view>>) => w.findAll('[data-testid="series-table"] tbody tr td:first-child').map((t) => t.text())
const chartForecast = (w: Awaited<ReturnType<typeof view>>) => {
  const sets = w.findAllComponents(ChartPanel)[0]!.props('datasets') as { label: string; data: { y: number }[] }[]
  return sets.find((s) => s.label === 'forecast')!.data.map((p) => p.y)
}

describe('Evaluate: a global run', () => {
  it('a global classification shows its means over the series and each series\' class scores in the table', async () => {
    const classes = { ...detail, config: { ...detail.config, data: { ...detail.config.data, task: 'classification' as const } }, summary: { ...detail.summary, global: { ...detail.summary.global!, meanMase: null, meanNaiveMase: null, beatNaive: 0, beatBestNaive: 0, classification: { accuracy: 0.75, brier: 0.3, rateBrier: 0.44, beatRate: 700 } } }, metrics: [{ split: 'test' as const, model: 'model', metric: 'brier', value: 0.3 }] }
    api.getRun = vi.fn(async () => classes)
    // each series' test forecast: P(class 1) and the class that came
    api.getSeriesForecast = vi.fn(async () => ({ rows: Array.from({ length: 4 }, (_, i) => ({ ts: Date.UTC(2021, i, 1), step: 1, value: 0.2 + 0.2 * i, lower: null, upper: null, actual: i % 2 })), hasTime: true }))
    // each series' class scores (run_series, migration 021), its MAE and MASE null
    api.listRunSeries = vi.fn(async () => SERIES.map((r, i) => ({ ...r, mae: null, mase: null, naiveMae: null, beatsNaive: false, forecastBy: 'network', forecastLabel: null, classes: { accuracy: 0.5, brier: 0.25 + i / 10000, logLoss: 0.7, rateBrier: 0.3, beatsRate: 0.25 + i / 10000 < 0.3 ? 'yes' : 'no' } })))
    await useRunStore().open(9)
    const w = await view()
    expect(w.find('[data-testid="global-classes"]').text()).toBe('Mean over the series: accuracy 0.75, Brier 0.3 (training rate 0.44); 700 of 1000 series beat their training rate (a lower Brier). Each series\' scores are in the table below.')
    expect(w.find('[data-testid="global-aggregate"]').exists()).toBe(false)
    // its verdict counts the series that beat their training rate, not naive's MASE (which a class has none of)
    expect(w.find('[data-testid="verdict-headline"]').text()).toBe("700 of 1000 series beat their training rate on test (mean Brier 0.300, the training rate's 0.440)")
    expect(w.findAll('[data-testid="series-table"] thead th').map((t) => t.text())).toEqual(['Series', 'Accuracy', 'Brier', 'Log loss', 'Training rate Brier', 'Beats training rate', 'Note'])
    expect(w.findAll('[data-testid="series-table"] tbody tr')[0]!.findAll('td').map((t) => t.text())).toEqual(['store = s1', '0.5', '0.2500', '0.7', '0.3', 'yes', ''])
  })

  it('counts the series beyond the noise of their test rows where the run keeps it: a classification\'s line and a regression\'s, and the verdict', async () => {
    const classes = { ...detail, config: { ...detail.config, data: { ...detail.config.data, task: 'classification' as const } }, summary: { ...detail.summary, global: { ...detail.summary.global!, meanMase: null, meanNaiveMase: null, beatNaive: 0, beatBestNaive: 0, classification: { accuracy: 0.75, brier: 0.3, rateBrier: 0.44, beatRate: 700, rateNoise: { beat: 600, level: 150 } } } }, metrics: [{ split: 'test' as const, model: 'model', metric: 'brier', value: 0.3 }] }
    api.getRun = vi.fn(async () => classes)
    api.listRunSeries = vi.fn(async () => SERIES.map((r) => ({ ...r, mae: null, mase: null, naiveMae: null, beatsNaive: false, classes: { accuracy: 0.5, brier: 0.25, logLoss: 0.7, rateBrier: 0.3, beatsRate: 'level' as const } })))
    await useRunStore().open(9)
    let w = await view()
    expect(w.find('[data-testid="global-classes"]').text()).toBe('Mean over the series: accuracy 0.75, Brier 0.3 (training rate 0.44); 700 of 1000 series beat their training rate (a lower Brier), 600 beyond the noise of their test rows, 150 level with it within that noise. Each series\' scores are in the table below.')
    w.unmount()
    // a global regression: the better naive, beyond noise, in its line and its verdict; each series' word in the table
    api.getRun = vi.fn(async () => ({ ...detail, summary: { ...detail.summary, global: { ...detail.summary.global!, bestNaiveNoise: { beat: 300, level: 60 } } } }))
    api.listRunSeries = vi.fn(async () => SERIES.map((r, i) => ({ ...r, beatsBetterNaive: i === 0 ? ('level' as const) : ('no' as const) })))
    await useRunStore().open(9)
    w = await view()
    expect(w.find('[data-testid="global-aggregate"]').text()).toContain('500 of 1000 series beat naive, 400 the better of naive and seasonal naive, 300 beyond the noise of their test rows, 60 level with it within that noise.')
    expect(w.find('[data-testid="verdict-headline"]').text()).toBe("300 of 1000 series beat the better of naive and seasonal naive on test beyond the noise of their test rows, 60 level with it within that noise (mean MASE 0.800, naive's 1.10)")
    expect(w.findAll('[data-testid="series-table"] thead th').map((t) => t.text())).toContain('Beats better naive')
    expect(w.findAll('[data-testid="series-table"] tbody tr')[0]!.findAll('td').map((t) => t.text())).toContain('level')
  })

  it('shows the aggregate and the first 50 of 1,000 series, in natural order, with a page at a time', async () => {
    const w = await view()
    expect(w.find('[data-testid="global-aggregate"]').text()).toContain('500 of 1000 series beat naive')
    expect(w.find('[data-testid="global-aggregate"]').text()).toContain('Skipped (too short): store = tiny')
    // the run's forecast is each series' own choice: neither the verdict nor the metrics row says it predates the choice
    expect(w.find('[data-testid="verdict-headline"]').text()).toBe("400 of 1000 series beat the better of naive and seasonal naive on test (mean MASE 0.800, naive's 1.10)")
    expect(w.text()).not.toContain('stored before the choice existed')
    expect(w.text()).toContain("Forecast: each series' own choice on its validation rows")
    expect(w.findAll('[data-testid="series-table"] tbody tr')).toHaveLength(50)
    expect(labels(w)[0]).toBe('store = s1')
    // a numeric column in one number of decimals, as in Export's table: MASE 10.00, 9.99, 9.98 (was 10, 9.99, 9.98)
    const mase = () => w.findAll('[data-testid="series-table"] tbody tr td:nth-child(4)').map((t) => t.text())
    expect(mase().slice(0, 3)).toEqual(['10.00', '9.99', '9.98'])
    expect(mase()[9]).toBe('9.91')
    expect(w.find('[data-testid="series-page"]').text()).toBe('Series 1–50 of 1000')
    expect(w.find('[data-testid="series-prev"]').attributes('disabled')).toBeDefined()
    await press(w, '[data-testid="series-next"]')
    expect(labels(w)[0]).toBe('store = s51')
    expect(w.find('[data-testid="series-page"]').text()).toBe('Series 51–100 of 1000')
    for (let i = 0; i < 25; i++) await press(w, '[data-testid="series-next"]')
    expect(w.find('[data-testid="series-page"]').text()).toBe('Series 951–1000 of 1000')
    expect(w.find('[data-testid="series-next"]').attributes('disabled')).toBeDefined()
  })

  it("draws the series picked on its own clock where listRunSeries gave its zone, else on the run's", async () => {
    const york = { rule: 'US' as const, std: -300 }
    api.getRun = vi.fn(async () => ({ ...detail, zone: 60 }))
    api.listRunSeries = vi.fn(async () => SERIES.map((s) => (s.number === MEDIAN ? { ...s, zone: york } : s)))
    await useRunStore().open(9)
    const w = await view()
    expect(api.getSeriesForecast).toHaveBeenCalledWith({ runId: 9, series: MEDIAN })
    // the forecast and the residuals: New York's clock, the series' own
    const residuals = () => w.findAllComponents(ChartPanel).find((c) => c.props('title') === 'Residuals over time')!
    expect([w.findAllComponents(ChartPanel)[0]!.props('zone'), residuals().props('zone')]).toEqual([york, york])
    w.findAllComponents(SeriesMultiples)[0]!.vm.$emit('select', 1)
    await flushPromises()
    expect([w.findAllComponents(ChartPanel)[0]!.props('zone'), residuals().props('zone')]).toEqual([60, 60])
  })

  it('lists a run\'s series in natural order whatever the file\'s (s2 before s10): the table, the small multiples and the series shown first; each keeps its number', async () => {
    // the run's (file's) order: s10, s2, s1
    const three = [10, 2, 1].map((k, i) => ({ ...SERIES[k - 1]!, number: i + 1 }))
    api.listRunSeries = vi.fn(async () => three)
    installFakeIntersectionObserver()
    const w = await view()
    expect(labels(w)).toEqual(['store = s1', 'store = s2', 'store = s10'])
    expect(api.getSeriesForecast).toHaveBeenNthCalledWith(1, { runId: 9, series: 2 }) // s2, the median MASE of the three (the report's chart, chartSeries), the run's series 2
    expect(w.findAll('[data-testid="series-multiples"] [data-multiple]').map((m) => Number(m.attributes('data-multiple')))).toEqual([3, 2, 1])
  })

  it('draws the first 20 rows when the series arrive, and a frame apart the rest of the page, the series picked, then the picker and the multiples; a sort or page applies a task after its click', async () => {
    const w = mount(EvaluateView, mountOptions)
    await flushPromises()
    expect(w.findAll('[data-testid="series-table"] tbody tr')).toHaveLength(20)
    expect(w.find('[data-testid="series-page"]').text()).toBe('Series 1–50 of 1000')
    // the series' arrival task renders the table alone
    expect(w.findAll('[data-testid="series-picker"] option')).toHaveLength(0)
    expect(w.find('[data-testid="series-multiples"]').exists()).toBe(false)
    expect(api.getSeriesForecast).not.toHaveBeenCalled()
    await afterStages()
    expect(w.findAll('[data-testid="series-table"] tbody tr')).toHaveLength(50)
    expect(api.getSeriesForecast).toHaveBeenCalledWith({ runId: 9, series: MEDIAN })
    expect(w.findAll('[data-testid="series-picker"] option')).toHaveLength(101) // the first 100 and the series picked
    expect(w.find('[data-testid="series-multiples"]').exists()).toBe(true)
    await w.find('[data-testid="series-next"]').trigger('click')
    await w.find('button[data-sort="label"]').trigger('click')
    expect(labels(w)[0]).toBe('store = s1')
    await afterStages()
    expect(w.find('[data-testid="series-page"]').text()).toBe('Series 1–50 of 1000') // in click order: page 2, then the new order from page 1
    expect(w.find('th[aria-sort="ascending"] button').attributes('data-sort')).toBe('label')
  })

  it('sorts by a column from its header button, ascending then descending, undefined values last; aria-sort says so', async () => {
    const w = await view()
    expect(w.find('button[data-sort="mae"]').element.tagName).toBe('BUTTON')
    await press(w, 'button[data-sort="mae"]')
    expect(labels(w).slice(0, 2)).toEqual(['store = s1000', 'store = s999'])
    expect(w.find('th[aria-sort="ascending"] button').attributes('data-sort')).toBe('mae')
    await press(w, 'button[data-sort="mae"]')
    expect(labels(w).slice(0, 2)).toEqual(['store = s1', 'store = s2'])
    expect(w.find('th[aria-sort="descending"]').exists()).toBe(true)
    await press(w, 'button[data-sort="mase"]') // ascending: s999 (0.02) first; s100, s200, … (null) last
    expect(labels(w)[0]).toBe('store = s999')
    for (let i = 0; i < 19; i++) await press(w, '[data-testid="series-next"]')
    expect(labels(w).slice(-2)).toEqual(['store = s900', 'store = s1000'])
    await press(w, 'button[data-sort="beatsNaive"]')
    expect(w.find('[data-testid="series-page"]').text()).toBe('Series 1–50 of 1000') // a new order starts on page 1
    expect(labels(w).slice(0, 2)).toEqual(['store = s2', 'store = s4'])
    await press(w, 'button[data-sort="label"]')
    expect(labels(w).slice(0, 3)).toEqual(['store = s1', 'store = s2', 'store = s3']) // numeric collation, not s1, s10, s100
  })

  it('says what forecasts each series (chosen on its validation rows), sorts by it, and counts the series per forecaster', async () => {
    const w = await view()
    const column = () => w.findAll('[data-testid="series-table"] tbody tr td:nth-child(2)').map((t) => t.text())
    expect(w.find('button[data-sort="forecastBy"]').text()).toBe('Forecast by')
    // each series' forecaster by its stored label, as a run's is named everywhere
    expect(column().slice(0, 4)).toEqual(['ETS(A,N,A)', 'mean of the network and ETS(A,N,A)', 'ETS(A,N,A)', 'Naive'])
    // the column is 12em wide and cuts a long forecaster with an ellipsis: the whole name is in its title
    const titles = w.findAll('[data-testid="series-table"] tbody tr td:nth-child(2)').slice(0, 2).map((t) => t.attributes('title'))
    expect(titles).toEqual(['ETS(A,N,A)', 'mean of the network and ETS(A,N,A)'])
    expect(w.find('[data-testid="global-forecast-by"]').text()).toBe('ETS(A,N,A) (500 series), Naive (250 series), mean of the network and ETS(A,N,A) (250 series)')
    await press(w, 'button[data-sort="forecastBy"]')
    expect(column().every((c) => c === 'ETS(A,N,A)')).toBe(true)
    expect(labels(w).slice(0, 2)).toEqual(['store = s1', 'store = s3'])
  })

  it('a global run stored before the per-series choice shows no forecaster and no counts', async () => {
    api.listRunSeries = vi.fn(async () => SERIES.map((r) => ({ ...r, forecastBy: null, forecastLabel: null })))
    const w = await view()
    expect(w.findAll('[data-testid="series-table"] tbody tr td:nth-child(2)').slice(0, 2).map((t) => t.text())).toEqual(['—', '—'])
    expect(w.find('[data-testid="global-forecast-by"]').exists()).toBe(false)
  })

  it("marks the row of a series whose test values left its history, with the reason on the row (why it scored badly)", async () => {
    const why = '10 of 24 test values lie outside everything seen before the test period (277.4 to 498.9), 10 above it: the forecast extrapolates past the history there, so judge it with care.'
    api.listRunSeries = vi.fn(async () => SERIES.map((r) => (r.number === 7 ? { ...r, rangeNote: why } : r)))
    const w = await view()
    const notes = w.findAll('[data-testid="series-range-note"]')
    expect(notes.map((n) => n.text())).toEqual([why])
    const row = w.find('[data-series="7"]')
    expect(row.find('[data-testid="series-range-note"]').exists()).toBe(true)
    expect(row.find('.mark').text()).toBe('⚠')
    // the series' cell keeps its own name alone (the chart's pick); the note is the row's last cell
    expect(row.find('td').text()).toBe('store = s7')
    expect(row.findAll('td').at(-1)!.text()).toBe(`⚠ ${why}`)
    expect(w.findAll('[data-testid="series-table"] thead th').at(-1)!.text()).toBe('Note')
  })

  it("the chart shows the report's series (the median MASE, not the first: stores.csv's FLAT), then the one picked in the table or the picker", async () => {
    const w = await view()
    expect(chartSeries(SERIES)?.row.number).toBe(MEDIAN)
    expect(api.getSeriesForecast).toHaveBeenCalledWith({ runId: 9, series: MEDIAN }) // was series 1
    expect(chartForecast(w)).toEqual([5010, 5011, 5012, 5013])
    await w.find('[data-series="17"] td button').trigger('click')
    await flushPromises()
    expect(api.getSeriesForecast).toHaveBeenLastCalledWith({ runId: 9, series: 17 })
    expect(chartForecast(w)).toEqual([170, 171, 172, 173])
    expect(w.find('[data-series="17"] td button').attributes('aria-pressed')).toBe('true')
    await w.find('[data-testid="series-find"]').setValue('s640') // the picker lists 100 series; a search finds the rest
    await w.find('[data-testid="series-picker"]').setValue('640')
    await flushPromises()
    expect(chartForecast(w)).toEqual([6400, 6401, 6402, 6403])
    expect(w.findAllComponents(ChartPanel)[0]!.props('title')).toContain('store = s640')
    expect(api.listRunSeries).toHaveBeenCalledTimes(1)
  })

  it('small multiples: the first 12 series, 12 more per "Show more", each forecast fetched once; a multiple picks its series for the big chart', async () => {
    installFakeIntersectionObserver() // every cell scrolled into view (series-multiples.test.ts: only those in view)
    const w = await view()
    showElements()
    await flushPromises()
    const multiples = () => w.findAll('[data-testid="series-multiples"] [data-multiple]').map((m) => Number(m.attributes('data-multiple')))
    expect(multiples()).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    const fetched = () => new Set((api.getSeriesForecast as ReturnType<typeof vi.fn>).mock.calls.map((c) => (c[0] as { series: number }).series))
    expect([...fetched()].sort((a, b) => a - b)).toEqual([...Array.from({ length: 12 }, (_, i) => i + 1), MEDIAN]) // and the big chart's
    const small = w.findAllComponents(ChartPanel).find((c) => c.props('title') === 'store = s3')!
    expect((small.props('datasets') as { label: string; data: { y: number }[] }[])[1]!.data.map((p) => p.y)).toEqual([30, 31, 32, 33])
    await w.find('[data-testid="multiples-more"]').trigger('click')
    await flushPromises()
    showElements()
    await flushPromises()
    expect(multiples()).toHaveLength(24)
    expect(fetched().has(24)).toBe(true)
    expect(fetched().has(25)).toBe(false)
    const calls = (api.getSeriesForecast as ReturnType<typeof vi.fn>).mock.calls.length
    await w.find('[data-multiple="20"] [data-testid="multiple-pick"]').trigger('click')
    await flushPromises()
    expect(chartForecast(w)).toEqual([200, 201, 202, 203])
    expect((api.getSeriesForecast as ReturnType<typeof vi.fn>).mock.calls.length).toBe(calls + 1) // the big chart's own fetch
    vi.unstubAllGlobals()
  })
})

describe('Evaluate: a global run\'s metrics table', () => {
  it('lists seasonal naive beside naive, as the verdict speaks of both (it listed naive only)', async () => {
    // the series' seasonal-naive MAE: half of naive's in the first 600 series, none in the rest
    const rows = SERIES.map((s, i) => ({ ...s, seasonalNaiveMae: i < 600 ? 250 : null }))
    api.listRunSeries = vi.fn(async () => rows)
    const metrics = [{ split: 'test' as const, model: 'model', metric: 'gmrae', value: 0.8 }, { split: 'test' as const, model: 'naive', metric: 'gmrae', value: 1 }]
    api.getRun = vi.fn(async () => ({ ...detail, metrics }))
    await useRunStore().open(9)
    const w = await view()
    const row = w.find('[data-testid="metrics-table"] tr[data-model="seasonal-naive"]')
    expect(row.exists()).toBe(true)
    expect(row.text()).toContain('0.5') // 250 / 500 in every series with one
    expect(w.find('[data-testid="seasonal-naive-note"]').text()).toContain('600 of 1000 series with a season')
    // stored before its mean MASE was kept: naive's alone, nothing computed in its place
    expect(w.find('[data-testid="global-aggregate"]').text()).toMatch(/^Mean MASE 0\.8 \(naive 1\.1\); /)
  })

  it("says seasonal naive's empty MASE cell of a run stored before it was kept is not stored, not a constant training series", async () => {
    // the title said "the training rows' naive forecast has no error (a constant training series), so
    // MAE / 0" of a run whose series are none of them constant: the mean was simply never computed
    const rows = SERIES.map((s, i) => ({ ...s, seasonalNaiveMae: i < 600 ? 250 : null }))
    api.listRunSeries = vi.fn(async () => rows)
    const gmrae = (model: string, value: number) => ({ split: 'test' as const, model, metric: 'gmrae', value })
    const mase = (model: string, value: number | null) => ({ split: 'test' as const, model, metric: 'mase', value })
    api.getRun = vi.fn(async () => ({ ...detail, metrics: [mase('model', 0.8), gmrae('model', 0.8), mase('naive', 1.1), gmrae('naive', 1)] }))
    await useRunStore().open(9)
    const w = await view()
    const cells = w.findAll('[data-testid="metrics-table"] tr[data-model="seasonal-naive"] td.num')
    const maseCell = cells[[...w.findAll('[data-testid="metrics-table"] thead th')].findIndex((h) => h.text().startsWith('MASE')) - 1]!
    expect(maseCell.text()).toBe("— not stored by this run's version")
    expect(maseCell.attributes('title')).toMatch(/^Not stored by this run's version: global runs made before 2026-12-07 kept no mean MASE for seasonal naive/)
    expect(maseCell.attributes('title')).not.toMatch(/constant/)
    // a value stored as undefined keeps its reason
    api.getRun = vi.fn(async () => ({ ...detail, metrics: [mase('model', 0.8), gmrae('model', 0.8), mase('naive', 1.1), gmrae('naive', 1), mase('seasonal-naive', null)] }))
    await useRunStore().open(9)
    const again = await view()
    const stored = again.findAll('[data-testid="metrics-table"] tr[data-model="seasonal-naive"] td.num').find((c) => c.attributes('title') !== undefined)!
    expect(stored.attributes('title')).toMatch(/^Undefined: .*constant training series/)
  })

  it("gives seasonal naive's mean MASE beside naive's, saying over how many series, where the run keeps it", async () => {
    const rows = SERIES.map((s, i) => ({ ...s, seasonalNaiveMae: i < 600 ? 250 : null }))
    api.listRunSeries = vi.fn(async () => rows)
    const mase = (model: string, value: number) => ({ split: 'test' as const, model, metric: 'mase', value })
    const metrics = [mase('model', 0.8), mase('naive', 1.1), mase('seasonal-naive', 0.87), { split: 'test' as const, model: 'seasonal-naive', metric: 'gmrae', value: 0.5 }]
    api.getRun = vi.fn(async () => ({ ...detail, metrics, summary: { ...detail.summary, global: { ...detail.summary.global!, seasonalNaive: { meanMase: 0.87, series: 600 } } } }))
    await useRunStore().open(9)
    const w = await view()
    expect(w.find('[data-testid="global-aggregate"]').text()).toMatch(/^Mean MASE 0\.8 \(naive 1\.1, seasonal naive 0\.87 \(600 of 1000 series\)\); /)
    expect(w.find('[data-testid="metrics-table"] tr[data-model="seasonal-naive"]').text()).toContain('0.870')
  })
})

describe('Runs and Export of a global run', () => {
  it('Runs says the run is global and how many series it has', async () => {
    api.listRuns = vi.fn(async () => [detail.summary, { ...detail.summary, id: 8, global: null }])
    const w = mount(RunsView, mountOptions)
    await flushPromises()
    expect(w.findAll('[data-testid="run-global"]').map((x) => x.text())).toEqual(['· global, 1000 series'])
    // its forecast is each series' own, and its skill how many series beat the better naive, in the verdict's tone
    const row = w.find('tr[data-run="9"]')
    expect(row.text()).toContain('per series')
    // said once: the cell counts the series, and what a screen reader hears after it finishes the sentence
    expect(row.find('td.skill').text()).toBe("400 of 1000 series beat the better of naive and seasonal naive on test (mean MASE 0.800, naive's 1.10)")
    expect(row.find('td.skill').attributes('data-tone')).toBe('warn')
  })

  it('Runs sorts a global run by its skill among single runs', async () => {
    const single = (id: number, skill: number) => ({ ...detail.summary, id, global: null, testMetric: { metric: 'rmse', value: 1, skill } })
    // the global run's test skill over its series pooled, as Evaluate gives it; run 3 has none
    const global = { ...detail.summary, testMetric: { metric: 'mae', value: 69, skill: 0.273 } }
    api.listRuns = vi.fn(async () => [single(1, 0.5), global, single(2, 0.1), { ...detail.summary, id: 3 }])
    const w = mount(RunsView, mountOptions)
    await flushPromises()
    const order = () => w.findAll('tr[data-run]').map((x) => x.attributes('data-run'))
    const header = w.findAll('th').find((th) => th.text().startsWith('Skill'))!
    await header.find('button').trigger('click') // descending: the best first
    expect(order()).toEqual(['1', '9', '2', '3'])
    await header.find('button').trigger('click')
    expect(order()).toEqual(['3', '2', '9', '1'])
    expect(w.find('tr[data-run="9"] td.skill').text()).toMatch(/^\+27\.3 % · 400 of 1000 series beat the better of naive/)
    // with no test skill, the cell still counts the series
    expect(w.find('tr[data-run="3"] td.skill').text()).toMatch(/^400 of 1000 series beat the better of naive/)
  })

  it('Export offers the forecast CSV, XLSX, report, model file, the one-graph ONNX and the forecast past the end', async () => {
    const w = mount(ExportView, mountOptions)
    await flushPromises()
    for (const id of ['export-csv', 'export-xlsx', 'export-report', 'export-onnx', 'export-model', 'forecast-ahead']) expect(w.find(`[data-testid="${id}"]`).attributes('disabled'), id).toBeUndefined()
    expect(w.find('[data-testid="global-model"]').text()).toContain('every series\' pipeline and chosen forecaster')
    expect(w.find('[data-testid="csv-forecaster"]').text()).toContain("made by each series' own choice on its validation rows")
    expect(w.find('[data-testid="csv-columns"]').text()).toContain('The series id column, then time, step')
    api.exportModel = vi.fn(async () => ({ fileName: 'model-run-9.json', text: '{}' }))
    await w.find('[data-testid="export-model"]').trigger('click')
    await flushPromises()
    expect(api.exportModel).toHaveBeenCalledWith({ runId: 9 })
    expect(api.saveFile).toHaveBeenCalledWith({ suggestedName: 'model-run-9.json', text: '{}' })
    expect(w.find('[data-testid="global-onnx"]').text()).toContain('one graph for all 1000 series')
  })

  it('Export forecasts every series past the end: the chart and table show the series picked, and the CSV and XLSX add them when asked', async () => {
    const block = (n: number) => ({ number: n, key: [`s${n}`], label: `store = s${n}`, rows: [1, 2, 3].map((k) => ({ ts: Date.UTC(2022, k, 1), step: k, value: 100 * n + k, lower: null, upper: null, actual: null })) })
    api.forecastAhead = vi.fn(async () => ({ rows: [], hasTime: true, series: [block(1), block(2)] }))
    const w = mount(ExportView, mountOptions)
    await flushPromises()
    await w.find('[data-testid="forecast-steps"]').setValue(3)
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(api.forecastAhead).toHaveBeenCalledWith({ runId: 9, steps: 3 })
    expect(w.find('[data-testid="export-message"]').text()).toBe('Forecast 3 steps past the end for each of 2 series.')
    const table = () => w.findAll('[data-testid="ahead-table"] tbody tr td:nth-child(2)').map((t) => t.text())
    expect(table()).toEqual(['101', '102', '103'])
    expect(w.find('[data-testid="ahead-series"]').text()).toContain('store = s1')
    await w.find('[data-testid="series-picker"]').setValue('2')
    await flushPromises()
    expect(table()).toEqual(['201', '202', '203'])
    expect(w.find('[data-testid="ahead-series"]').text()).toContain('store = s2')
    // the CSV and XLSX: without the box their test rows alone, with it every series' steps past the end
    api.exportForecastCsv = vi.fn(async () => ({ fileName: 'f.csv', text: 'x' }))
    api.exportXlsx = vi.fn(async () => ({ fileName: 'f.xlsx', bytes: new Uint8Array([1]) }))
    await w.find('[data-testid="export-csv"]').trigger('click')
    await flushPromises()
    expect(api.exportForecastCsv).toHaveBeenLastCalledWith({ runId: 9, locale: 'en-US' })
    await w.find('[data-testid="csv-with-ahead"]').setValue(true)
    await w.find('[data-testid="export-csv"]').trigger('click')
    await flushPromises()
    expect(api.exportForecastCsv).toHaveBeenLastCalledWith({ runId: 9, locale: 'en-US', aheadSteps: 3 })
    await w.find('[data-testid="export-xlsx"]').trigger('click')
    await flushPromises()
    expect(api.exportXlsx).toHaveBeenLastCalledWith({ runId: 9, aheadSteps: 3 })
  })
})
