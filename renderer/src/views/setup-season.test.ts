// @vitest-environment happy-dom
// Setup's Season field (issue 12): empty is 'auto', digits are a period, anything else is named
// as an error; the default look-back follows the data's season.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { useDatasetStore } from '../stores/dataset'
import { useSetupStore } from '../stores/setup'
import { afterStages, setUpView, smallDataset } from '../test/fakes'
import SetupView from './SetupView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ pinia } = setUpView())
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
  const ds = useDatasetStore()
  ds.dataset = monthly()
  await flushPromises()
  const w = mount(SetupView, { global: { plugins: [pinia] } })
  await afterStages() // Setup mounts its sections a task apart
  const setup = useSetupStore()
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
