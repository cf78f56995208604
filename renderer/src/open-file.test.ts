// @vitest-environment happy-dom
// Opening a file from any view (issue 17): in Electron main sends the file its dialog opened; in a
// browser Ctrl+O clicks App's file input inside the keydown (the user activation a chooser needs).
// Both land in the dataset store's import and show the Data view. And in Electron a missing preload
// is an error that says so, never a silent switch to browser mode's HTTP transport.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { OpenedFile } from '../../electron/contract'
import { fromTransport, inElectron, missingPreload, setApi } from './api'
import App from './App.vue'
import { useDatasetStore } from './stores/dataset'
import { useUiStore } from './stores/ui'
import { fakeApi } from './test/fakes'

vi.mock('./lib/chart', () => import('./test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  location.hash = '#runs'
})

describe('opening a file from any view', () => {
  it('Electron: a file main opened is imported from the Runs view, and the Data view is shown', async () => {
    let deliver: (f: OpenedFile) => void = () => {}
    setApi(fakeApi({ mode: 'electron', onOpenFile: (l: (f: OpenedFile) => void) => ((deliver = l), () => {}) }))
    const ds = useDatasetStore()
    const importFrom = vi.spyOn(ds, 'importFrom').mockResolvedValue(true)
    const w = mount(App, { global: { plugins: [pinia] } })
    await flushPromises()
    expect(useUiStore().view).toBe('runs')
    deliver({ name: 'q1.csv', path: '/home/ana/q1.csv', bytes: new TextEncoder().encode('date,y\n2024-01-01,1\n') })
    expect(useUiStore().view).toBe('data')
    const [file, name, path] = importFrom.mock.calls[0]!
    expect(name).toBe('q1.csv')
    expect(path).toBe('/home/ana/q1.csv')
    expect(await (file as File).text()).toBe('date,y\n2024-01-01,1\n')
    w.unmount()
  })

  it('browser: Ctrl+O clicks the file input within the keydown, and the chosen file is imported', async () => {
    setApi(fakeApi())
    const ds = useDatasetStore()
    const importFrom = vi.spyOn(ds, 'importFrom').mockResolvedValue(true)
    const w = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    const input = w.find('[data-testid="open-file"]').element as HTMLInputElement
    const click = vi.spyOn(input, 'click').mockImplementation(() => {})
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', ctrlKey: true }))
    expect(click).toHaveBeenCalledTimes(1) // synchronously, inside the key event
    const file = new File(['date,y\n'], 'picked.csv')
    Object.defineProperty(input, 'files', { value: [file], configurable: true })
    input.dispatchEvent(new Event('change'))
    expect(importFrom).toHaveBeenCalledWith(file, 'picked.csv', null)
    expect(useUiStore().view).toBe('data')
    w.unmount()
  })
})

describe('the transport in Electron without a preload', () => {
  it('is recognised by a file: page or an Electron user agent; browser mode is neither', () => {
    expect(inElectron({ protocol: 'file:' }, 'Mozilla/5.0 Chrome/140')).toBe(true)
    expect(inElectron({ protocol: 'http:' }, 'Mozilla/5.0 Chrome/140 Electron/38.8.6 Safari/537.36')).toBe(true)
    expect(inElectron({ protocol: 'http:' }, 'Mozilla/5.0 Chrome/140 Safari/537.36')).toBe(false)
  })

  it('answers every verb with an error naming the preload, never "offline"', async () => {
    const api = fromTransport(missingPreload())
    await expect(api.listRuns({})).rejects.toMatchObject({ code: 'preload-missing', message: expect.stringMatching(/preload script did not load/) })
    expect(api.mode).toBe('electron')
  })
})
