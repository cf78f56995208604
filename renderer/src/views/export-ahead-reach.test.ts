// @vitest-environment happy-dom
// Export's Forecast past the end, as far as the run reaches and said as the run makes it: a
// classification model stops at its horizon (nothing is fed back) and a network reading features
// with no future past the end too; Steps opens at what the run reaches and goes no further; the
// card says whether the network recurses and the forecast's column is named as the CSV names it.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail } from '../../../electron/contract'
import { useRunStore } from '../stores/run'
import { setUpView } from '../test/fakes'
import type { FakeApi } from '../test/fakes'
import ExportView from './ExportView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView({ saveFile: vi.fn(async () => ({ saved: true, where: 'download' })) }))
})

type Data = Partial<RunDetail['config']['data']>
async function exportOf(data: Data, extra: Partial<RunDetail> = {}, summary: Partial<RunDetail['summary']> = {}) {
  const config = defaultConfig('temp')
  api.getRun = vi.fn(async () => ({
    summary: { id: 5, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done' as const, createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 2, bestValLoss: 0.5, testMetric: null, ...summary },
    config: { ...config, data: { ...config.data, ...data } },
    epochs: [], metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false,
    ...extra
  }))
  await useRunStore().open(5)
  const w = mount(ExportView, { global: { plugins: [pinia] } })
  await flushPromises()
  return w
}
const stepsOf = (w: Awaited<ReturnType<typeof exportOf>>) => w.find<HTMLInputElement>('[data-testid="forecast-steps"]')
const how = (w: Awaited<ReturnType<typeof exportOf>>) => w.find('[data-testid="ahead-how"]').text()

describe('Forecast past the end says what its stamps do at the data\'s clock changes, as fw forecast does', () => {
  it('shows main\'s clock note under the chart, and none where main gives none', async () => {
    const w = await exportOf({ horizon: 1 })
    const clock = 'the times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31)'
    api.forecastAhead = vi.fn(async () => ({ rows: [{ ts: 86_400_000, step: 1, value: 3, lower: null, upper: null }], hasTime: true, clock }))
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="ahead-clock"]').text()).toBe('The times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31).')
    api.forecastAhead = vi.fn(async () => ({ rows: [{ ts: 86_400_000, step: 1, value: 3, lower: null, upper: null }], hasTime: true, clock: null }))
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="ahead-clock"]').exists()).toBe(false)
  })
})

describe('Forecast past the end reaches what the run reaches', () => {
  it('a classification run: Steps at its horizon, nothing said of recursion, the probability named as in the CSV, no retrain on the target alone', async () => {
    const w = await exportOf({ task: 'classification', rule: 'temp > 0', features: ['wind'], horizon: 1 }, { classes: ['temp <= 0', 'temp > 0'] })
    expect(stepsOf(w).element.value).toBe('1')
    expect(stepsOf(w).attributes('max')).toBe('1')
    expect(how(w)).toBe('The network forecasts each step from its own window of the data and feeds nothing back (a class cannot be an input): it reaches 1 step past the end.')
    expect(w.find('[data-testid="csv-forecaster"]').text()).toMatch(/^The P\(temp > 0\) column is made by the network/)
    api.forecastAhead = vi.fn(async () => ({ rows: [{ ts: 86_400_000, step: 1, value: 0.7, lower: null, upper: null }], hasTime: true }))
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(api.forecastAhead).toHaveBeenCalledWith({ runId: 5, steps: 1 })
    expect(w.find('[data-testid="ahead-table"] thead').text()).toContain('P(temp > 0)')
    // asked for more by hand: main's refusal, with the limit and its reason, in the card beside Steps
    // (at the top of the view it was off screen: pressing Forecast seemed to do nothing); no retrain
    // is offered, since a target-only model would not go further
    const refusal = 'a classification model cannot feed its forecasts back as inputs; it forecasts at most 1 step past the end (asked for 7)'
    api.forecastAhead = vi.fn(async () => { throw new Error(refusal) })
    await stepsOf(w).setValue(7)
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('section[aria-label="Forecast ahead"] [data-testid="ahead-error"]').text()).toBe('A classification model cannot feed its forecasts back as inputs; it forecasts at most 1 step past the end (asked for 7).')
    expect(w.findAll('.alert.error')).toHaveLength(1)
    expect(w.find('[data-testid="retrain-target-only"]').exists()).toBe(false)
    // Enter in the field asks as the button does
    api.forecastAhead = vi.fn(async () => ({ rows: [], hasTime: true }))
    await stepsOf(w).setValue(1)
    await stepsOf(w).trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(api.forecastAhead).toHaveBeenCalledWith({ runId: 5, steps: 1 })
    expect(w.find('[data-testid="ahead-error"]').exists()).toBe(false)
  })

  it('a network reading features with no future, asked past its horizon: main\'s refusal and the retrain beside Steps, and Steps that are no whole number said by the field', async () => {
    const w = await exportOf({ features: ['wind', 'sun'], known: ['sun'], horizon: 3 })
    api.forecastAhead = vi.fn(async () => { throw new Error('feature wind would need future values to forecast 5 steps ahead, and their future is unknown to the run: this model reaches 3 steps past the end') })
    await stepsOf(w).setValue(5)
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    const card = w.find('section[aria-label="Forecast ahead"]')
    expect(card.find('[data-testid="ahead-error"]').text()).toMatch(/^Feature wind would need future values to forecast 5 steps ahead, .*this model reaches 3 steps past the end\./)
    expect(card.find('[data-testid="retrain-target-only"]').exists()).toBe(true)
    await stepsOf(w).setValue(0)
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    expect(api.forecastAhead).toHaveBeenCalledTimes(1)
    expect(w.find('[data-testid="forecast-steps-error"]').text()).toBe('Steps must be a whole number of at least 1.')
    expect(stepsOf(w).attributes('aria-invalid')).toBe('true')
    expect(w.find('[data-testid="ahead-error"]').exists()).toBe(false)
  })

  it('a network reading features with no future: Steps at its horizon, and the card says why, not that it recurses', async () => {
    const w = await exportOf({ features: ['wind', 'sun'], known: ['sun'], horizon: 3 })
    expect(stepsOf(w).element.value).toBe('3')
    expect(stepsOf(w).attributes('max')).toBe('3')
    expect(how(w)).toBe('The network reads wind, whose values past the end are unknown to the run: it forecasts from windows inside the data and reaches 3 steps past the end.')
    const two = await exportOf({ features: ['wind', 'rain', 'sun'], known: ['sun'], horizon: 3 })
    expect(how(two)).toMatch(/^The network reads wind and rain, whose values past the end are unknown/) // was "wind, rain"
    expect(w.find('[data-testid="csv-forecaster"]').text()).toMatch(/^The forecast column is made by/)
  })

  it('a target-only network recurses as far as asked; the mean of the network and a statistical model is said as one forecast', async () => {
    const w = await exportOf({ features: [] })
    expect(stepsOf(w).element.value).toBe('30')
    expect(stepsOf(w).attributes('max')).toBe('10000')
    expect(how(w)).toBe('The network recurses: each of its predictions feeds its next step.')
    w.unmount()
    const choice = { chosen: 'ensemble', label: 'mean of the network and ETS(A,N,A)', network: 0.5, members: [], season: 12, steps: 18, validation: [], message: 'the mean won' }
    const e = await exportOf({ features: [] }, { choice: choice as never })
    expect(how(e)).toBe('By the mean of the network and ETS(A,N,A), from the end of the data: one forecast, the mean of their paths; the network\'s recurses, each of its predictions feeding its next step.')
    e.unmount()
    // a statistical forecast leaves the network out: its features do not limit the steps
    const stat = await exportOf({ features: ['wind'] }, { choice: { ...choice, chosen: 'ets', label: 'ETS(A,N,A)', network: 0 } as never })
    expect(stepsOf(stat).element.value).toBe('30')
    expect(how(stat)).toBe('By ETS(A,N,A), from the end of the data; the network takes no part.')
    stat.unmount()
    // with inputs known in the future, that they go unused is said (exploratory pass 20, item 6)
    const known = await exportOf({ features: ['promo', 'price'], known: ['promo', 'price'] }, { choice: { ...choice, chosen: 'ets', label: 'ETS(A,N,A)', network: 0 } as never })
    expect(how(known)).toBe('By ETS(A,N,A), from the end of the data; the network takes no part. The forecast (ETS(A,N,A)) reads none of promo and price: their future values are not used.')
  })
})

describe('a global run: Forecast past the end says how each series is forecast and reaches what its model file does', () => {
  const global = { columns: ['shop'], series: 3, meanMase: 0.9, meanNaiveMase: 1, beatNaive: 2, beatBestNaive: 2, skipped: [] }
  const row = (number: number, forecastBy: string | null, forecastLabel: string | null) =>
    ({ number, key: [`s${number}`], label: `shop = s${number}`, n: 10, mae: 1, mase: 0.9, naiveMae: 1, seasonalNaiveMae: 1, coverage: 0.9, beatsNaive: true, forecastBy, forecastLabel, rangeNote: null })
  async function globalOf(features: string[], aheadReach: RunDetail['aheadReach'], rows: ReturnType<typeof row>[]) {
    api.listRunSeries = vi.fn(async () => rows)
    return exportOf({ features, horizon: 4, series: { columns: ['shop'], values: null, global: { short: 'skip' } } }, { aheadReach }, { global })
  }

  it('a network reading a feature with no future: Steps at the horizon, the series counted by their forecasts, no recursion said', async () => {
    const w = await globalOf(['price'], { steps: 4, features: ['price'], series: 3, of: 3 }, [row(1, 'network', 'network'), row(2, 'ensemble', 'mean of the network and Theta'), row(3, 'network', 'network')])
    expect(stepsOf(w).element.value).toBe('4')
    expect(stepsOf(w).attributes('max')).toBe('4')
    expect(api.listRunSeries).toHaveBeenCalledWith({ runId: 5 })
    expect(how(w)).toBe("Each series by its own forecast, chosen on its validation rows: 2 by the network and 1 by the mean of the network and Theta, with the run's model file. The network reads price, whose values past the end are unknown to the run: it forecasts from windows inside the data, so every series reaches 4 steps past the end.")
  })

  it('where some series leave the network out, says only the others stop at its horizon; past it those series are forecast and the rest said once, left out', async () => {
    const w = await globalOf(['price'], { steps: 4, features: ['price'], series: 2, of: 3 }, [row(1, 'network', 'network'), row(2, 'ets', 'ETS(A,N,N)'), row(3, 'network', 'network')])
    expect(stepsOf(w).element.value).toBe('4')
    // the series forecast without the network go further: Steps is not held at the horizon
    expect(stepsOf(w).attributes('max')).toBe('10000')
    expect(how(w)).toBe("Each series by its own forecast, chosen on its validation rows: 2 by the network and 1 by ETS(A,N,N), with the run's model file. The network reads price, whose values past the end are unknown to the run: it forecasts from windows inside the data, so the 2 series whose forecast takes it reach 4 steps past the end; the other 1, forecast without it, go as far as asked (further, only they are forecast).")
    const leftOut = '2 of 3 series are not forecast 8 steps past the end (shop = s1 and shop = s3): feature price would need future values to forecast 8 steps ahead; the other 1 series is forecast'
    api.forecastAhead = vi.fn(async () => ({ rows: [], hasTime: true, series: [{ number: 2, key: ['s2'], label: 'shop = s2', rows: [{ ts: 86_400_000, step: 1, value: 3, lower: null, upper: null, actual: null }] }], beyond: null, notForecast: leftOut }))
    await stepsOf(w).setValue(8)
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('.alert.error').exists()).toBe(false)
    expect(w.find('[data-testid="ahead-left-out"]').text()).toBe(`${leftOut.charAt(0).toUpperCase()}${leftOut.slice(1)}.`)
    expect(w.text()).toContain('Forecast 8 steps past the end for 1 series.')
  })

  it('a target-only network recurses as far as asked where a series takes it; a run forecast by statistical models alone says nothing of recursion', async () => {
    const w = await globalOf([], null, [row(1, 'ensemble', 'mean of the network and Theta'), row(2, 'ets', 'ETS(A,N,N)'), row(3, 'ets', 'ETS(A,N,N)')])
    expect(stepsOf(w).element.value).toBe('30')
    expect(stepsOf(w).attributes('max')).toBe('10000')
    expect(how(w)).toBe("Each series by its own forecast, chosen on its validation rows: 2 by ETS(A,N,N) and 1 by the mean of the network and Theta, with the run's model file. Where the network takes part, it recurses: each of its predictions feeds its next step.")
    w.unmount()
    const s = await globalOf(['price'], null, [row(1, 'theta', 'Theta'), row(2, 'theta', 'Theta'), row(3, 'theta', 'Theta')])
    expect(stepsOf(s).attributes('max')).toBe('10000')
    expect(how(s)).toBe("Each series by its own forecast, chosen on its validation rows: all 3 by Theta, with the run's model file.")
  })
})

describe("a classification run's forecast past the end, as fw forecast writes it (exploratory pass 18)", () => {
  // the test period's last actuals: classes 0..4 (or 0/1) far from the forecast, which a regression
  // run's jump rule would flag
  const forecasts = Array.from({ length: 30 }, (_, i) => ({ ts: i * 86_400_000, step: 1, value: i % 2, lower: null, upper: null, actual: i === 29 ? 4 : 2 }))
  const weather = ['drizzle', 'rain', 'sun', 'snow', 'fog']

  it('more than two classes: the likeliest class by name and each class\'s probability, no bounds, no jump warning', async () => {
    const w = await exportOf({ task: 'classification', target: 'weather', features: [], horizon: 1 }, { classes: weather, forecasts })
    expect(w.find('[data-testid="csv-columns"]').text()).toMatch(/^Time, step, forecast \(the likeliest class, by name\), actual, and every baseline's class as a column, then each class's probability \(P\(weather = drizzle\), P\(weather = rain\), …\); no bounds\./)
    api.forecastAhead = vi.fn(async () => ({ rows: [{ ts: 30 * 86_400_000, step: 1, value: 1, lower: null, upper: null, actual: null, probs: [0.1, 0.6, 0.2, 0.05, 0.05] }], hasTime: true }))
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    const table = w.find('[data-testid="ahead-table"]')
    expect(table.findAll('th').map((t) => t.text())).toEqual(['Time', 'weather (likeliest class)', ...weather.map((c) => `P(weather = ${c})`)])
    expect(table.findAll('tbody td').slice(1).map((t) => t.text())).toEqual(['rain', '0.1000', '0.6000', '0.2000', '0.0500', '0.0500'])
    expect(w.find('[data-testid="jump-warning"]').exists()).toBe(false)
    // the chart says each class's probability, not class codes as numbers
    const said = w.find('[data-testid="chart-description"]').text()
    expect(said).toContain('P(weather = rain)')
    expect(said).not.toMatch(/actual/)
  })

  it('two classes: the probability, no bounds and no jump warning beside the last 0/1 actual', async () => {
    const two = forecasts.map((f) => ({ ...f, actual: 0 }))
    const w = await exportOf({ task: 'classification', rule: 'precipitation > 0', target: 'precipitation', features: [], horizon: 1 }, { classes: ['precipitation <= 0', 'precipitation > 0'], forecasts: two })
    expect(w.find('[data-testid="csv-columns"]').text()).toMatch(/^Time, step, the probability P\(precipitation > 0\), actual, and every baseline as a column; no bounds\./)
    api.forecastAhead = vi.fn(async () => ({ rows: [{ ts: 30 * 86_400_000, step: 1, value: 0.3973, lower: null, upper: null, actual: null }], hasTime: true }))
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    const table = w.find('[data-testid="ahead-table"]')
    expect(table.findAll('th').map((t) => t.text())).toEqual(['Time', 'P(precipitation > 0)'])
    expect(table.findAll('tbody td').map((t) => t.text())[1]).toBe('0.3973')
    expect(w.find('[data-testid="jump-warning"]').exists()).toBe(false)
  })

  it('a regression run keeps its bounds, its CSV words and its jump warning', async () => {
    const w = await exportOf({ features: [], horizon: 1 }, { forecasts: forecasts.map((f) => ({ ...f, actual: 10 + (f.ts / 86_400_000) % 2 })) })
    expect(w.find('[data-testid="csv-columns"]').text()).toMatch(/^Time, step, forecast, lower and upper bounds, actual, and every baseline as a column\./)
    api.forecastAhead = vi.fn(async () => ({ rows: [{ ts: 30 * 86_400_000, step: 1, value: 40, lower: 35, upper: 45, actual: null }], hasTime: true }))
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="ahead-table"]').findAll('th').map((t) => t.text())).toEqual(['Time', 'Forecast', 'Lower', 'Upper'])
    expect(w.find('[data-testid="jump-warning"]').exists()).toBe(true)
  })
})

describe("Forecast past the end of a global run shows each series' times in its own zone, as the CSV writes them", () => {
  it("Berlin's series with its offsets, New York's with its own; a zone that is none is refused, naming the field", async () => {
    const w = await exportOf({ horizon: 1, features: [], series: { columns: ['site'], values: null, global: { short: 'skip' as const } } }, {}, { global: { columns: ['site'], series: 2, meanMase: 0.9, meanNaiveMase: 1, beatNaive: 2, beatBestNaive: 2, skipped: [] } })
    // Berlin's and New York's midnights of 2024-03-31 and 2024-04-01 (Berlin's clocks go forward between)
    const berlin = [Date.UTC(2024, 2, 30, 23), Date.UTC(2024, 2, 31, 22)]
    const york = [Date.UTC(2024, 2, 31, 4), Date.UTC(2024, 3, 1, 4)]
    const rows = (ts: number[]) => ts.map((t, i) => ({ ts: t, step: i + 1, value: 3, lower: null, upper: null, actual: null }))
    const series = [
      { number: 1, key: ['a'], label: 'site = a', rows: rows(berlin), zone: { rule: 'EU' as const, std: 60 } },
      { number: 2, key: ['b'], label: 'site = b', rows: rows(york), zone: -240 }
    ]
    api.forecastAhead = vi.fn(async () => ({ rows: [], hasTime: true, series }))
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    const times = () => w.findAll('[data-testid="ahead-table"] tbody tr').map((r) => r.find('td').text())
    expect(times()).toEqual(['2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00'])
    await w.findComponent({ name: 'RunSeriesPicker' }).vm.$emit('update:modelValue', 2)
    await flushPromises()
    expect(times()).toEqual(['2024-03-31T00:00:00-04:00', '2024-04-01T00:00:00-04:00'])
    api.forecastAhead = vi.fn(async () => ({ rows: [], hasTime: true, series: [{ ...series[0]!, zone: 'CET' as never }] }))
    await w.find('[data-testid="forecast-ahead"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="ahead-error"]').text()).toContain("Series[0].zone: must be a UTC offset in minutes, 'Z', 'step' (an integer step index), 'iso-week', 'month', 'quarter' or 'year' (periods), a clock rule")
  })
})
