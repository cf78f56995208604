// @vitest-environment happy-dom
// Keyboard: focus moves to the new view's heading on navigation, and a skip link reaches it (issue 18).
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { setApi } from '../api'
import App from '../App.vue'
import { fakeApi } from '../test/fakes'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  setApi(fakeApi())
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
