// @vitest-environment happy-dom
// A run database main could not open for writing (its file or folder not writable) was only said
// when a save failed (Start training). The app now says it as it opens, and keeps saying it: which
// file, why, what still works and what to do.
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import App from './App.vue'
import { setUpView } from './test/fakes'

vi.mock('./lib/chart', () => import('./test/chart-stub'))

const info = (readOnly: { file: string; reason: string } | null) => async () => ({ version: 't', mode: 'web' as const, samples: [], available: { store: true, trainer: true, config: true }, readOnly, upgraded: null, requeue: { started: 0, queued: 0, refused: [], sweeps: [] }, interrupted: [], stoppedAtQuit: [], appStartId: 'start-1' })

describe('the app over a read-only run database', () => {
  it('says so as it opens, naming the file, why and what to do, and keeps it in view across views', async () => {
    location.hash = '#data'
    const { mountOptions } = setUpView({ appInfo: vi.fn(info({ file: '/mnt/share/runs.db', reason: 'no permission to write in folder /mnt/share' })) })
    const w = mount(App, { ...mountOptions, attachTo: document.body })
    await flushPromises()
    const notice = w.find('[data-testid="read-only-database"]')
    expect(notice.text()).toContain('The run database cannot be written: /mnt/share/runs.db (no permission to write in folder /mnt/share)')
    expect(notice.text()).toContain('Stored runs can be viewed and exported, but nothing new is saved')
    expect(notice.text()).toContain('Give your user write permission on the file and its folder')
    await w.find('[data-view="runs"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="read-only-database"]').exists()).toBe(true)
    w.unmount()
  })

  it('shows no such notice over a database it can write', async () => {
    location.hash = '#data'
    const { mountOptions } = setUpView({ appInfo: vi.fn(info(null)) })
    const w = mount(App, { ...mountOptions, attachTo: document.body })
    await flushPromises()
    expect(w.find('[data-testid="read-only-database"]').exists()).toBe(false)
    w.unmount()
  })
})

describe('the app over a run database it upgraded from an older schema', () => {
  it('says from and to which schema, that older versions cannot open it, and where the copy for them is, until dismissed', async () => {
    location.hash = '#data'
    const upgraded = { file: '/home/a/runs.db', from: 4, to: 21, copy: '/home/a/runs.db.schema4.bak' }
    const { mountOptions } = setUpView({ appInfo: vi.fn(async () => ({ ...(await info(null)()), upgraded })) })
    const w = mount(App, { ...mountOptions, attachTo: document.body })
    await flushPromises()
    const notice = w.find('[data-testid="upgraded-database"]')
    expect(notice.attributes('role')).toBe('status')
    expect(notice.text()).toContain('The run database /home/a/runs.db was upgraded from schema 4 to 21, which older versions of Forecast Workbench cannot open. A copy of it as it was is kept for them at /home/a/runs.db.schema4.bak.')
    await w.find('[data-testid="upgraded-dismiss"]').trigger('click')
    expect(w.find('[data-testid="upgraded-database"]').exists()).toBe(false)
    w.unmount()
  })

  it('says nothing of an upgrade where none was made', async () => {
    location.hash = '#data'
    const { mountOptions } = setUpView({ appInfo: vi.fn(info(null)) })
    const w = mount(App, { ...mountOptions, attachTo: document.body })
    await flushPromises()
    expect(w.find('[data-testid="upgraded-database"]').exists()).toBe(false)
    w.unmount()
  })
})
