// @vitest-environment happy-dom
// Setup's Season field (issue 12): empty is 'auto', digits are a period, anything else is named
// as an error; the default look-back follows the data's season.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, expect, it, vi } from 'vitest'
import { gauss } from '../../../core/data/testing'
import type { Dataset } from '../../../core/data/types'
import { setUpView, smallDataset } from '../test/fakes'
import { mountSetup } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  ;({ mountOptions } = setUpView())
})

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
  const { w, setup } = await mountSetup(monthly(), mountOptions)
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
    const { w, setup } = await mountSetup(hourly(weekend), mountOptions)
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
  const { w, setup } = await mountSetup(twoCycles(), mountOptions)
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
