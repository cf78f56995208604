// @vitest-environment happy-dom
// A short series in Setup (pass 15, finding 1): the default look-back follows the series picked in
// Data, as fw train's follows --series-value, and Start is refused, in the run's own words, while a
// split would have no window (the run would fail its row check and be stored as failed).
import { flushPromises } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { smallDataset } from '../test/fakes'
import { mountSetup, runRefusal, setupFakesEach } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

/** Two stores, long format: S01 with 60 daily rows (a weekly cycle), S06 with 6. */
function stores(): Dataset {
  const lens = [60, 6]
  const store: number[] = []
  const t: number[] = []
  const y: number[] = []
  lens.forEach((len, s) => {
    for (let i = 0; i < len; i++) store.push(s), t.push(Date.UTC(2022, 0, 1 + i)), y.push(100 + 20 * ((i % 7) < 5 ? 1 : 0) + (i % 3) + 10 * s)
  })
  const n = store.length
  return { ...smallDataset(n), file: 'stores.csv', timeColumn: 'date', columns: [
    { kind: 'date', name: 'date', values: Float64Array.from(t), format: 'iso', hasTime: false },
    { kind: 'categorical', name: 'store', codes: Int32Array.from(store), levels: ['S01', 'S06'] },
    { kind: 'numeric', name: 'sales', values: Float64Array.from(y) }
  ] }
}

const hint = (w: Awaited<ReturnType<typeof mountSetup>>['w']) => {
  const id = w.get('[data-testid="lookback"]').attributes('aria-describedby')
  return w.get(`[id="${id}"]`).text()
}

it('takes the default look-back of the series picked, as fw train --series-value does, and keeps one set by hand', async () => {
  const { w, ds, setup } = await mountSetup(stores(), fakes.mountOptions, { columns: ['store'], count: 2, values: null })
  ds.pickSeries(['S01'])
  await flushPromises()
  expect(setup.draft!.data.lookBack).toBe(14) // two weeks of daily rows
  ds.pickSeries(['S06'])
  await flushPromises()
  // fw train --series-value S06 takes 2: 6 rows leave no room for 14
  expect(setup.draft!.data.lookBack).toBe(2)
  expect(hint(w)).toContain('default: 2 rows, as the series is short')
  expect(setup.check.config).not.toBeNull()
  expect(w.find('[data-testid="start-blocker"]').exists()).toBe(false)
  ds.pickSeries(['S01'])
  await flushPromises()
  expect(setup.draft!.data.lookBack).toBe(14)
  // a look-back typed stays when another series is picked
  setup.draft!.data.lookBack = 5
  ds.pickSeries(['S06'])
  await flushPromises()
  expect(setup.draft!.data.lookBack).toBe(5)
})

it('refuses Start while a split would have no window, in the words the run would fail with', async () => {
  const { w, ds, setup } = await mountSetup(stores(), fakes.mountOptions, { columns: ['store'], count: 2, values: null })
  ds.pickSeries(['S06'])
  await flushPromises()
  setup.draft!.data.lookBack = 14
  await flushPromises()
  const why = 'need at least 22 rows, have 6: the training split (rows 1-4) has no window with look-back 14 and horizon 1 (train needs 15 rows, validation and test 1 each)'
  expect(setup.check.config).toBeNull()
  expect(w.get('[data-testid="start-blocker"]').text()).toBe(`Cannot start yet: ${why}`)
  expect(w.get('[data-testid="start-training"]').attributes('disabled')).toBeDefined()
  // and Start comes back with a look-back the rows hold
  setup.draft!.data.lookBack = 2
  await flushPromises()
  expect(setup.check.config).not.toBeNull()
  expect(w.find('[data-testid="start-blocker"]').exists()).toBe(false)
})

it('lets a short series start where the run shrinks its validation and test rows to fit a window', async () => {
  // 60 rows, direct horizon 10: 15 % validation is 9 rows, too few for a window of 10 targets; the
  // run takes 13 rows each for validation and test instead (prepareShrinking), and trains
  const { setup } = await mountSetup(smallDataset(60), fakes.mountOptions)
  Object.assign(setup.draft!.data, { lookBack: 14, horizon: 10, direct: true })
  await flushPromises()
  expect(setup.check.error).toBeNull()
  setup.draft!.data.horizon = 40
  await flushPromises()
  expect(setup.check.error?.message).toMatch(/^need at least \d+ rows, have 60: the training split/)
})

it('refuses Start while a split has windows but none with every target known, as the run refuses', async () => {
  // S01's sales blank on every other row from its validation rows on: no two known targets in a
  // row for a direct horizon of 2, in the validation rows as set or as the run shrinks them
  const data = stores()
  const y = (data.columns[2] as { values: Float64Array }).values
  for (let i = 42; i < 60; i += 2) y[i] = NaN
  const { w, ds, setup } = await mountSetup(data, fakes.mountOptions, { columns: ['store'], count: 2, values: null })
  ds.pickSeries(['S01'])
  await flushPromises()
  Object.assign(setup.draft!.data, { lookBack: 7, horizon: 2, direct: true })
  await flushPromises()
  const run = runRefusal(data, setup.draft!)
  expect(run).toContain('the validation split (rows 43-51) has no window with look-back 7 and horizon 2')
  expect(setup.check.config).toBeNull()
  expect(w.get('[data-testid="start-blocker"]').text()).toBe(`Cannot start yet: ${run}`)
  expect(w.get('[data-testid="start-training"]').attributes('disabled')).toBeDefined()
})
