// @vitest-environment happy-dom
// Setup with Classification and a target of categories predicts the categories themselves, as fw
// train --task classification does, whatever their number: before, a target of more than two
// ticked "two classes by a rule" with its first level (weather == drizzle, 4 % of the rows).
import { flushPromises } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { smallDataset } from '../test/fakes'
import { mountSetup, runRefusal, setupFakesEach } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

const LEVELS = ['drizzle', 'rain', 'sun', 'fog', 'snow']

function weather(): Dataset {
  const base = smallDataset(60)
  return { ...base, file: 'weather.csv', columns: [...base.columns, { kind: 'categorical', name: 'weather', levels: LEVELS, codes: Int32Array.from({ length: 60 }, (_, i) => (i * 7) % 5) }] }
}

it('a target of five categories predicts the categories by default; the rule stays one tick away', async () => {
  const { w, setup } = await mountSetup(weather(), fakes.mountOptions)
  await w.get('[data-testid="task"]').setValue('classification')
  await flushPromises()
  await w.get('[data-testid="role-target"]').setValue('weather')
  await flushPromises()
  expect(setup.draft!.data.target).toBe('weather')
  expect(setup.draft!.data.rule).toBeUndefined()
  const box = w.get('[data-testid="use-rule"]').element as HTMLInputElement
  expect(box.checked).toBe(false)
  expect(w.text()).toContain('Predict each of the 5 categories of “weather”.')
  expect(setup.check.error).toBeNull()
  // the rule, when asked for
  await w.get('[data-testid="use-rule"]').setValue(true)
  await flushPromises()
  expect(setup.draft!.data.rule).toBe('weather == drizzle')
  await w.get('[data-testid="use-rule"]').setValue(false)
  await flushPromises()
  expect(setup.draft!.data.rule).toBeUndefined()
})

it('refuses Start, in the run\'s words, where the training rows hold no row of the rule\'s class', async () => {
  // "snow" only in the last 10 rows: the rule weather == snow is false on every training row, and
  // no other rule on weather helps: the split does (the words advised another rule)
  const base = weather()
  const data: Dataset = { ...base, columns: base.columns.map((c) => (c.name === 'weather' ? { ...c, codes: Int32Array.from({ length: 60 }, (_, i) => (i >= 50 ? 4 : i % 3)) } : c)) }
  const { w, setup } = await mountSetup(data, fakes.mountOptions)
  await w.get('[data-testid="task"]').setValue('classification')
  await flushPromises()
  await w.get('[data-testid="role-target"]').setValue('weather')
  await flushPromises()
  setup.draft!.data.rule = 'weather == snow'
  await flushPromises()
  const run = runRefusal(data, setup.draft!)
  expect(run).toMatch(/^the rule "weather == snow" is false on every training row of weather.csv, and the 10 rows where it is true all come after them \(the first on \d{4}-\d\d-\d\d; the training rows end on \d{4}-\d\d-\d\d\), so no threshold helps: a classifier needs rows of both classes among the training rows; move the split later, or add such rows before it$/)
  expect(setup.check.config).toBeNull()
  expect(w.get('[data-testid="start-blocker"]').text()).toBe(`Cannot start yet: ${run}`)
  expect(w.get('[data-testid="start-training"]').attributes('disabled')).toBeDefined()
  // a rule the training rows hold both ways starts
  setup.draft!.data.rule = 'weather == rain'
  await flushPromises()
  expect(setup.check.error).toBeNull()
})
