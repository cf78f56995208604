// @vitest-environment happy-dom
// Browser mode after its server dies (exploratory pass 8, item 7): the page had kept saying
// "running … 2 min 23 s left" with a live badge. Now it says plainly that the connection is lost and
// what to do, stops claiming the run is live, and re-reads the run once the server answers again.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionState } from '../../electron/contract'
import App from './App.vue'
import { useRunStore } from './stores/run'
import { setUpView, type FakeApi } from './test/fakes'

vi.mock('./lib/chart', () => import('./test/chart-stub'))

let api: FakeApi
let tell: (s: ConnectionState) => void = () => {}
let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  location.hash = '#train'
  ;({ api, mountOptions } = setUpView({ onConnection: (l: (s: ConnectionState) => void) => ((tell = l), () => {}), startRun: vi.fn(async () => ({ startId: 2 })) }))
})

describe('the app when its server stops answering', () => {
  it('says so, stops showing the run as live, and re-reads it once the server is back', async () => {
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => (cb(0), 1))
    const cfg = (await import('../../core/train/config')).defaultConfig('temp')
    const w = mount(App, { ...mountOptions, attachTo: document.body })
    await flushPromises()
    await useRunStore().start(1, cfg)
    api.emit({ runId: 4, startId: 2, event: { type: 'started', epochs: 40, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] } })
    api.emit({ runId: 4, event: { type: 'epoch', epoch: 1, trainLoss: 1, valLoss: 1.1, gradNorm: 3, clipRate: 0, lr: 0.005, seconds: 3, gradFlow: [0.1, 0.2] } })
    await new Promise((r) => setTimeout(r, 20))
    await flushPromises()
    expect(w.text()).toMatch(/s left/)
    expect(w.find('[data-view="train"] .badge').exists()).toBe(true)
    expect(w.find('[data-testid="stop"]').exists()).toBe(true)

    tell('lost')
    await flushPromises()
    const banner = w.find('[data-testid="connection-lost"]')
    expect(banner.attributes('role')).toBe('alert')
    expect(banner.text()).toMatch(/Connection to the app's server lost.*Restart the app/)
    expect(w.text()).not.toMatch(/s left/)
    expect(w.find('[data-testid="run-status"]').text()).toBe('connection lost')
    expect(w.find('[data-view="train"] .badge').exists()).toBe(false)
    expect(w.find('[data-testid="stop"]').exists()).toBe(false)

    // The server answers again: the run is read afresh (interrupted while the page could not hear).
    api.getRun = vi.fn(async () => ({ summary: { id: 4, datasetId: 1, status: 'interrupted', error: 'its trainer ended' }, config: cfg, epochs: [] }) as never)
    tell('live')
    await flushPromises()
    expect(api.getRun).toHaveBeenCalledWith({ runId: 4 })
    expect(w.find('[data-testid="connection-lost"]').exists()).toBe(false)
    expect(useRunStore().status).toBe('interrupted')
    w.unmount()
  })
})
