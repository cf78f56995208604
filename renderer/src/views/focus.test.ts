// @vitest-environment happy-dom
// Keyboard: focus moves to the new view's heading on navigation, and a skip link reaches it (issue 18).
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../App.vue'
import { setUpView } from '../test/fakes'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ pinia } = setUpView())
  location.hash = ''
})

describe('focus after navigation', () => {
  it('lands on the new view\'s heading, and the skip link goes there too', async () => {
    const w = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    const runs = w.findAll('nav[aria-label="Views"] button').find((b) => b.text().includes('Runs'))!
    ;(runs.element as HTMLElement).focus()
    await runs.trigger('click')
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('Runs'))
    expect(document.activeElement?.tagName).toBe('H2')
    expect(document.activeElement?.getAttribute('tabindex')).toBe('-1')
    ;(runs.element as HTMLElement).focus()
    const skip = w.find('[data-testid="skip-link"]')
    expect(skip.text()).toBe('Skip to content')
    await skip.trigger('click')
    expect(document.activeElement?.textContent).toBe('Runs')
    w.unmount()
  })
})

describe('help', () => {
  it('opens from the nav and with F1, and explains the verdict colours and the metrics', async () => {
    const w = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    const dialog = w.find('[data-testid="help"]')
    const isOpen = () => (dialog.element as HTMLDialogElement).hasAttribute('open')
    expect(isOpen()).toBe(false)
    await w.find('[data-testid="help-open"]').trigger('click')
    expect(isOpen()).toBe(true)
    expect(dialog.text()).toContain('Amber: it beats the baselines, but the network lost on validation')
    expect(dialog.text()).toContain('MASE')
    await w.find('[data-testid="help-close"]').trigger('click')
    expect(isOpen()).toBe(false)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1' }))
    expect(isOpen()).toBe(true)
    w.unmount()
  })
})
