// @vitest-environment happy-dom
// Setup with Classification and a target of categories predicts the categories themselves, as fw
// train --task classification does, whatever their number: before, a target of more than two
// ticked "two classes by a rule" with its first level (weather == drizzle, 4 % of the rows).
import { flushPromises } from '@vue/test-utils'
import { beforeEach, expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { setUpView, smallDataset } from '../test/fakes'
import { mountSetup } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  ;({ mountOptions } = setUpView())
})

const LEVELS = ['drizzle', 'rain', 'sun', 'fog', 'snow']

function weather(): Dataset {
  const base = smallDataset(60)
  return { ...base, file: 'weather.csv', columns: [...base.columns, { kind: 'categorical', name: 'weather', levels: LEVELS, codes: Int32Array.from({ length: 60 }, (_, i) => (i * 7) % 5) }] }
}

it('a target of five categories predicts the categories by default; the rule stays one tick away', async () => {
  const { w, setup } = await mountSetup(weather(), mountOptions)
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
