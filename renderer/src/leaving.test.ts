// @vitest-environment happy-dom
// Leaving the app (explore24 finding 7): in browser mode a Back press past the first view, a reload
// or a closed tab lost a file imported but not stored, and its Setup, without a word. Now the page
// asks first (beforeunload) while such a file is open, and only then; the Electron window never
// asks (a beforeunload that asks there blocks closing silently), and its mouse back button and
// Alt+Left move between views as a browser's do.
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from './App.vue'
import { setUpView, smallDataset } from './test/fakes'
import { useDatasetStore } from './stores/dataset'
import { historyStep, lostOnLeaving } from './lib/leaving'

vi.mock('./lib/chart', () => import('./test/chart-stub'))

afterEach(() => vi.restoreAllMocks())

async function app(mode: 'web' | 'electron') {
  const { pinia } = setUpView({ mode })
  localStorage.clear()
  const w = mount(App, { global: { plugins: [pinia] } })
  await flushPromises()
  return w
}
/** Whether leaving now would ask (the page cancelled beforeunload). */
function asks(): boolean {
  const e = new Event('beforeunload', { cancelable: true }) as BeforeUnloadEvent
  window.dispatchEvent(e)
  return e.defaultPrevented
}

describe('leaving the page', () => {
  it('browser mode asks while a file imported but not stored is open, and not once it is stored', async () => {
    const w = await app('web')
    expect(asks()).toBe(false) // nothing open
    const ds = useDatasetStore()
    ds.dataset = smallDataset()
    ds.fileName = 'small.csv'
    expect(asks()).toBe(true)
    ds.datasetId = 3 // a run trained on it: stored, and its Setup draft kept across reloads
    expect(asks()).toBe(false)
    w.unmount()
    ds.datasetId = null
    expect(asks()).toBe(false) // the listener goes with the app
  })

  it('the Electron window never asks, and moves back and forward between views with Alt+Left/Right and the mouse buttons', async () => {
    const w = await app('electron')
    const ds = useDatasetStore()
    ds.dataset = smallDataset()
    expect(asks()).toBe(false)
    const back = vi.spyOn(history, 'back').mockImplementation(() => {})
    const forward = vi.spyOn(history, 'forward').mockImplementation(() => {})
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', altKey: true }))
    window.dispatchEvent(new MouseEvent('mouseup', { button: 4 }))
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' })) // no Alt: the caret's, not history's
    expect([back.mock.calls.length, forward.mock.calls.length]).toEqual([1, 1])
    w.unmount()
  })

  it('browser mode leaves Back and Forward to the browser', async () => {
    const w = await app('web')
    const back = vi.spyOn(history, 'back').mockImplementation(() => {})
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', altKey: true }))
    window.dispatchEvent(new MouseEvent('mouseup', { button: 3 }))
    expect(back).not.toHaveBeenCalled()
    w.unmount()
  })
})

describe('historyStep and lostOnLeaving', () => {
  it('reads the keys and buttons as a browser does, Cmd+[ and Cmd+] on a Mac', () => {
    expect(historyStep(new MouseEvent('mouseup', { button: 3 }))).toBe(-1)
    expect(historyStep(new MouseEvent('mouseup', { button: 0 }))).toBe(0)
    expect(historyStep(new KeyboardEvent('keydown', { key: 'ArrowRight', altKey: true }))).toBe(1)
    expect(historyStep(new KeyboardEvent('keydown', { key: 'ArrowLeft', altKey: true }), true)).toBe(0) // a Mac's Alt+Left moves the caret a word
    expect(historyStep(new KeyboardEvent('keydown', { key: '[', metaKey: true }), true)).toBe(-1)
  })
  it('a file importing, or imported and not stored, would be lost; a stored one would not', () => {
    expect(lostOnLeaving({ dataset: {}, datasetId: null, importing: null })).toBe(true)
    expect(lostOnLeaving({ dataset: null, datasetId: null, importing: 'big.csv' })).toBe(true)
    expect(lostOnLeaving({ dataset: {}, datasetId: 2, importing: null })).toBe(false)
    expect(lostOnLeaving({ dataset: null, datasetId: null, importing: null })).toBe(false)
  })
})
