// @vitest-environment happy-dom
// Setup's Season field (issue 12): empty is 'auto', digits are a period, anything else is named
// as an error; the default look-back follows the data's season.
import { flushPromises } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import { gauss } from '../../../core/data/testing'
import type { Dataset } from '../../../core/data/types'
import { smallDataset } from '../test/fakes'
import { mountSetup, setupFakesEach } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

/** 120 monthly rows with a yearly cycle. */
function monthly(): Dataset {
  const n = 120
  const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2000, i, 1))
  const y = Float64Array.from({ length: n }, (_, i) => 100 + i + 10 * Math.sin((2 * Math.PI * i) / 12))
  return { ...smallDataset(n), file: 'monthly.csv', timeColumn: 'month', columns: [
    { kind: 'date', name: 'month', values: t, format: 'iso', hasTime: false },
    { kind: 'numeric', name: 'sales', values: y }
  ] }
}

it('takes the season as typed, and derives the default look-back from the monthly cycle', async () => {
  const { w, setup } = await mountSetup(monthly(), fakes.mountOptions)
  expect(setup.draft!.data.season).toBe('auto')
  expect(setup.draft!.data.lookBack).toBe(24) // two seasons of 12
  const field = w.get('[data-testid="season"]')
  await field.setValue('4')
  expect(setup.draft!.data.season).toBe(4)
  await field.setValue('')
  expect(setup.draft!.data.season).toBe('auto')
  await field.setValue('often')
  await flushPromises()
  expect(setup.check.error?.field).toBe('data.season')
  expect(w.text()).toMatch(/Season/)
})

/** Five weeks of hourly rows from a Monday: a daily cycle, lower at weekends when `weekend`. */
function hourly(weekend: boolean): Dataset {
  const n = 5 * 168
  const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 36e5)
  const g = gauss(3)
  const y = Float64Array.from(t, (ms, i) => {
    const d = new Date(ms).getUTCDay()
    return 100 + 20 * Math.sin((2 * Math.PI * i) / 24) - (weekend && (d === 0 || d === 6) ? 30 : 0) + 2 * g()
  })
  return { ...smallDataset(n), file: 'load.csv', timeColumn: 'time', columns: [
    { kind: 'date', name: 'time', values: t, format: 'iso', hasTime: true },
    { kind: 'numeric', name: 'load', values: y }
  ] }
}

it('shows the season auto gives beside the empty field: the week for hourly rows whose weekends differ, with two days of look-back', async () => {
  for (const [weekend, season, lookBack] of [[true, 168, 48], [false, 24, 48]] as const) {
    const { w, setup } = await mountSetup(hourly(weekend), fakes.mountOptions)
    setup.reset()
    await flushPromises()
    expect(setup.draft!.data.season).toBe('auto')
    expect(setup.draft!.data.lookBack).toBe(lookBack)
    expect(w.get('[data-testid="season"]').attributes('placeholder')).toBe(`auto: ${season}`)
    await w.get('[data-testid="season"]').setValue('24')
    expect(setup.draft!.data.season).toBe(24)
    w.unmount()
  }
})

/** 300 rows in file order (no time column): a with a cycle of 12 rows, b with one of 7. */
function twoCycles(): Dataset {
  const n = 300
  const g = gauss(5)
  const a = Float64Array.from({ length: n }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 12) + g())
  const b = Float64Array.from({ length: n }, (_, i) => 20 + 5 * Math.sin((2 * Math.PI * i) / 7) + g())
  return { ...smallDataset(n), file: 'cycles.csv', timeColumn: null, columns: [
    { kind: 'numeric', name: 'a', values: a },
    { kind: 'numeric', name: 'b', values: b }
  ] }
}

it('another target brings its own season, and its default look-back unless the look-back was set by hand', async () => {
  const { w, setup } = await mountSetup(twoCycles(), fakes.mountOptions)
  const field = w.get('[data-testid="season"]')
  expect(setup.draft!.data.target).toBe('a')
  expect(field.attributes('placeholder')).toBe('auto: 12')
  expect(setup.draft!.data.lookBack).toBe(24)
  setup.draft!.data.target = 'b'
  await flushPromises()
  expect(field.attributes('placeholder')).toBe('auto: 7')
  expect(setup.draft!.data.lookBack).toBe(14)
  setup.draft!.data.lookBack = 30 // by hand: kept
  setup.draft!.data.target = 'a'
  await flushPromises()
  expect(field.attributes('placeholder')).toBe('auto: 12')
  expect(setup.draft!.data.lookBack).toBe(30)
  // a loaded config keeps its look-back, whatever its target's default
  setup.load(JSON.stringify({ data: { target: 'b', lookBack: 24 } }))
  await flushPromises()
  expect(setup.draft!.data.lookBack).toBe(24)
  expect(field.attributes('placeholder')).toBe('auto: 7')
})

/** `days` days of rows `minutes` apart from a Monday, with a daily cycle. */
function subDaily(minutes: number, days: number): Dataset {
  const n = (days * 1440) / minutes
  const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * minutes * 60e3)
  const g = gauss(7)
  const y = Float64Array.from(t, (ms) => 100 + 20 * Math.sin((2 * Math.PI * ms) / 864e5) + 2 * g())
  return { ...smallDataset(n), file: 'load.csv', timeColumn: 'time', columns: [
    { kind: 'date', name: 'time', values: t, format: 'iso', hasTime: true },
    { kind: 'numeric', name: 'load', values: y }
  ] }
}

it("says the default look-back of the data and settings on screen beside the look-back field, as the run works it out", async () => {
  const hint = (w: Awaited<ReturnType<typeof mountSetup>>['w']) => {
    const id = w.get('[data-testid="lookback"]').attributes('aria-describedby')
    return w.get(`[id="${id}"]`).text()
  }
  const said = (words: string) => `How many past steps the network reads for each forecast (default: ${words}).`
  // rows under a day apart: two days of rows, at most 96; 1-minute rows have no season: 12 rows
  for (const [minutes, words] of [[60, '48 rows, two days'], [30, '96 rows, two days'], [15, '96 rows, the most it takes (two days would be 192)'], [1, '12 rows, no season']] as const) {
    const { w, setup } = await mountSetup(subDaily(minutes, 10), fakes.mountOptions)
    setup.reset()
    await flushPromises()
    expect(hint(w), `${minutes}-minute rows`).toBe(said(words))
    expect(setup.draft!.data.lookBack, `${minutes}-minute rows`).toBe(Number(words.split(' ')[0]))
    w.unmount()
  }
  // monthly rows: two seasons; the season and horizon typed change it as they would change the run's
  const { w, setup } = await mountSetup(monthly(), fakes.mountOptions)
  expect(hint(w)).toBe(said('24 rows, two seasons'))
  await w.get('[data-testid="season"]').setValue('4')
  expect(hint(w)).toBe(said('12 rows, the least it takes (two seasons would be 8)'))
  await w.get('[data-testid="season"]').setValue('30')
  setup.draft!.data.horizon = 12
  await flushPromises()
  // 120 rows: the training rows (84) hold twice a window of 60 + 12 rows no more
  expect(hint(w)).toBe(said('30 rows, as the series is short (with rows enough: 60 rows, two seasons)'))
})

it('keeps the Season hint to one short sentence; how an empty field is filled is behind a "Left empty?" disclosure', async () => {
  const { w } = await mountSetup(monthly(), fakes.mountOptions)
  const field = w.get('[data-testid="season"]')
  const hint = w.get(`#${field.attributes('aria-describedby')}`).text()
  expect(hint.length).toBeLessThan(90) // it was 260 characters, about 14 lines in Setup's narrow column
  const why = w.get('details[data-testid="season-why"]')
  expect(why.get('summary').text()).toBe('Left empty?')
  expect(why.text()).toContain("time column's spacing")
})

it('warns where the season typed is more than the models fit on the training rows, naming both and what the run does instead', async () => {
  const { w } = await mountSetup(monthly(), fakes.mountOptions)
  expect(w.find('[data-testid="long-season"]').exists()).toBe(false)
  await w.get('[data-testid="season"]').setValue('90') // 120 rows: 84 training rows at the default split
  expect(w.get('[data-testid="long-season"]').text()).toBe('Season 90 is longer than the 84 training rows: the statistical models read no season (seasonal naive is not fitted; ETS, Theta and ARIMA fit none); a Season of 41 or less (more than two seasons in the training rows), or the field left empty lets them fit one.')
  await w.get('[data-testid="season"]').setValue('42') // half the training rows: Theta and ARIMA fit none
  expect(w.get('[data-testid="long-season"]').text()).toBe('Season 42 needs more than two seasons of training rows (85 or more) for Theta and ARIMA to fit it, and the run has 84: they fit no season, as with none; a Season of 41 or less (more than two seasons in the training rows), or the field left empty lets them fit one.')
  await w.get('[data-testid="season"]').setValue('12')
  expect(w.find('[data-testid="long-season"]').exists()).toBe(false)
})

it("says in the Target field's hint why the default target was picked", async () => {
  const { w } = await mountSetup(monthly(), fakes.mountOptions)
  expect(w.text()).toContain('The column to forecast. Picked by default: the one numeric column.')
})
