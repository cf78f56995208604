// @vitest-environment happy-dom
// Trainings waiting in the queue when the app (or the browser-mode server) stopped were lost
// without a word. Main now queues them again as it starts (appInfo's requeue), and the app says
// how many, and names those it could not queue again with why, until dismissed.
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import App from './App.vue'
import { setUpView } from './test/fakes'

vi.mock('./lib/chart', () => import('./test/chart-stub'))

const info = (requeue: { queued: number; refused: string[] }) => async () => ({ version: 't', mode: 'web' as const, samples: [], available: { store: true, trainer: true, config: true }, readOnly: null, requeue })

async function opened(requeue: { queued: number; refused: string[] }) {
  location.hash = '#train'
  const { mountOptions } = setUpView({ appInfo: vi.fn(info(requeue)) })
  const w = mount(App, { ...mountOptions, attachTo: document.body })
  await flushPromises()
  return w
}

describe('the queue taken up as the app starts', () => {
  it('says how many trainings were queued again, and which could not be and why, until dismissed', async () => {
    const w = await opened({ queued: 2, refused: ['“wide” on seas.csv: model.cell must be one of elman, lstm, gru'] })
    const notice = w.find('[data-testid="requeued"]')
    expect(notice.attributes('role')).toBe('status')
    expect(notice.text()).toContain('2 trainings waiting in the queue when the app stopped are queued again, in their order')
    expect(notice.text()).toContain('1 training waiting in the queue when the app stopped could not be queued again; start it again from Setup')
    expect(notice.findAll('li').map((l) => l.text())).toEqual(['“wide” on seas.csv: model.cell must be one of elman, lstm, gru'])
    await w.find('[data-testid="requeued-dismiss"]').trigger('click')
    expect(w.find('[data-testid="requeued"]').exists()).toBe(false)
    w.unmount()
  })

  it('says nothing when no queue was left', async () => {
    const w = await opened({ queued: 0, refused: [] })
    expect(w.find('[data-testid="requeued"]').exists()).toBe(false)
    w.unmount()
  })
})
