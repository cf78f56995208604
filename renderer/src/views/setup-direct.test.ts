// @vitest-environment happy-dom
// Setup shows and sets data.direct, fw train --direct's one output per step 1..h (exploratory pass
// 16, finding 7): ⚙ on a direct run carried it into Setup with no sign of it, and the app could not
// set it at all.
import { flushPromises } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import { resolveConfig } from '../../../core/train/config'
import { smallDataset } from '../test/fakes'
import { mountSetup, setupFakesEach } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

it('a "Direct steps" box: off by default, it sets data.direct, and shows a direct draft as ticked', async () => {
  const { w, setup } = await mountSetup(smallDataset(120), fakes.mountOptions)
  const box = () => w.get<HTMLInputElement>('[data-testid="direct"]')
  expect(box().element.checked).toBe(false)
  const hintOf = () => w.get(`[id="${box().attributes('aria-describedby')}"]`).text()
  // in the CLI's words for --direct: one output per step 1..h instead of step h only
  expect(box().element.closest('label')!.textContent).toContain('One output per step 1..h')
  expect(hintOf()).toBe('Instead of step h only.')
  await box().setValue(true)
  expect(resolveConfig(JSON.parse(JSON.stringify(setup.draft))).data.direct).toBe(true)
  await box().setValue(false)
  expect(setup.draft!.data.direct).toBe(false)
  // a draft from a direct run (⚙ in Runs, a config file) shows it
  setup.draft!.data.direct = true
  await flushPromises()
  expect(box().element.checked).toBe(true)
})

it('is off with the reason while the outputs are every step; switching them under a ticked box says so in the app\'s words', async () => {
  const { w, setup } = await mountSetup(smallDataset(120), fakes.mountOptions)
  setup.draft!.model.outputMode = 'per-step'
  await flushPromises()
  const box = w.get<HTMLInputElement>('[data-testid="direct"]')
  expect(box.element.disabled).toBe(true)
  expect(w.get(`[id="${box.attributes('aria-describedby')}"]`).text()).toContain('Outputs: Last step only')
  setup.draft!.data.direct = true
  await flushPromises()
  expect(setup.check.error?.field).toBe('data.direct')
  const said = w.get(`[id="${box.attributes('aria-describedby')}"]`).text()
  expect(said).toContain('Outputs: Last step only')
  expect(said).not.toContain('model.outputMode')
})
