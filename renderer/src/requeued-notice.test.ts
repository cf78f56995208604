// @vitest-environment happy-dom
// Trainings waiting in the queue when the app (or the browser-mode server) stopped were lost
// without a word. Main now queues them again as it starts (appInfo's requeue), and the app says
// how many, and names those it could not queue again with why, until dismissed. A sweep cut short
// is queued again too, its remaining trials only, and the app says how far it got.
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import App from './App.vue'
import { setUpView, type FakeApi } from './test/fakes'
import { useApi } from './api'
import { useRunStore } from './stores/run'
import type { AppInfo, RunListItem } from '../../electron/contract'
import { defaultConfig } from '../../core/train/config'

vi.mock('./lib/chart', () => import('./test/chart-stub'))

const info = (requeue: AppInfo['requeue'], interrupted: AppInfo['interrupted'] = [], stoppedAtQuit: AppInfo['stoppedAtQuit'] = [], startId: string) => async (): Promise<AppInfo> => ({ version: 't', mode: 'web' as const, samples: [], available: { store: true, trainer: true, config: true }, readOnly: null, upgraded: null, requeue, interrupted, stoppedAtQuit, appStartId: startId })

/** The app opened at a start of its own (each a fresh startId), unless `startId` names one. */
let starts = 0
async function opened(requeue: AppInfo['requeue'], interrupted: AppInfo['interrupted'] = [], overrides: Parameters<typeof setUpView>[0] = {}, stoppedAtQuit: AppInfo['stoppedAtQuit'] = [], startId = `start-${++starts}`) {
  location.hash = '#train'
  const { mountOptions } = setUpView({ appInfo: vi.fn(info(requeue, interrupted, stoppedAtQuit, startId)), ...overrides })
  const w = mount(App, { ...mountOptions, attachTo: document.body })
  await flushPromises()
  return w
}

describe('the queue taken up as the app starts', () => {
  it('says how many trainings were queued again, and which could not be and why, until dismissed', async () => {
    const w = await opened({ started: 0, queued: 2, refused: ['“wide” on seas.csv: model.cell must be one of elman, lstm, gru'], sweeps: [] })
    const notice = w.find('[data-testid="requeued"]')
    expect(notice.attributes('role')).toBe('status')
    expect(notice.text()).toContain('2 trainings waiting in the queue when the app stopped are queued again, in their order')
    expect(notice.text()).toContain('1 training waiting in the queue when the app stopped could not be queued again; start it again from Setup')
    expect(notice.findAll('li').map((l) => l.text())).toEqual(['“wide” on seas.csv: model.cell must be one of elman, lstm, gru'])
    await w.find('[data-testid="requeued-dismiss"]').trigger('click')
    expect(w.find('[data-testid="requeued"]').exists()).toBe(false)
    w.unmount()
  })

  it('says, of each sweep cut short, how many trials it has, after how many it stopped and how many are queued again', async () => {
    const w = await opened({ started: 0, queued: 0, refused: [], sweeps: [{ name: 'lr', trials: 8, done: 3, queued: 5, refused: [] }, { name: 'width', trials: 4, done: 2, queued: 1, refused: ['“width: lr=0.3” on seas.csv: training.lr must be at most 1'] }] })
    expect(w.find('[data-testid="requeued"]').exists()).toBe(true)
    expect(w.findAll('[data-testid="requeued-sweep"]').map((b) => b.text())).toEqual([
      'Sweep “lr”, of 8 trials, was cut short after 3; its 5 remaining trials are queued again.',
      'Sweep “width”, of 4 trials, was cut short after 2; 1 of its 2 trials remaining is queued again.'
    ])
    // a trial refused is said under its sweep, started again with the sweep (the Sweep panel is in
    // Runs), not with the plain queue's words
    const text = w.find('[data-testid="requeued"]').text()
    expect(text).toContain('1 trial of it could not be queued again; start the sweep again from the Sweep panel in Runs')
    expect(text).not.toContain('start it again from Setup')
    expect(w.findAll('[data-testid="requeued-sweep-refused"] li').map((l) => l.text())).toEqual(['“width: lr=0.3” on seas.csv: training.lr must be at most 1'])
    w.unmount()
  })

  it('says a start that began training at once as started, not as waiting with Remove from queue (explore19 finding 4)', async () => {
    const w = await opened({ started: 1, queued: 0, refused: [], sweeps: [] })
    const text = w.find('[data-testid="requeued"]').text()
    expect(text).toContain('1 training waiting in the queue when the app stopped was started again as the app started; Train shows it while it trains, and Runs keeps it')
    expect(text).not.toContain('queued again')
    expect(text).not.toContain('Remove from queue')
    w.unmount()
    const both = await opened({ started: 1, queued: 2, refused: [], sweeps: [] })
    const said = both.find('[data-testid="requeued"]').text()
    expect(said).toContain('1 training waiting in the queue when the app stopped was started again as the app started')
    expect(said).toContain('2 trainings waiting in the queue when the app stopped are queued again, in their order; Train and Runs list them with Remove from queue')
    both.unmount()
  })

  it('names the runs found interrupted, each with Resume, which resumes it and shows Train', async () => {
    const detail = { summary: { id: 2, status: 'interrupted', error: null, datasetId: 1 }, config: defaultConfig('y'), epochs: [] }
    const resumeRun = vi.fn(async ({ runId }: { runId: number }) => ({ runId }))
    const w = await opened({ started: 0, queued: 0, refused: [], sweeps: [] }, [{ runId: 2, name: null }, { runId: 5, name: 'wide' }], { getRun: vi.fn(async () => detail), resumeRun })
    const notice = w.find('[data-testid="interrupted-runs"]')
    expect(notice.attributes('role')).toBe('status')
    expect(notice.text()).toContain('2 runs were interrupted: the process training them had ended (the app or fw stopped, or was killed). Resume one to continue it from its last checkpoint (Train and Runs offer it too):')
    expect(notice.findAll('li').map((l) => l.text())).toEqual(['Run 2 Resume', 'Run 5 “wide” Resume'])
    expect(w.find('[data-testid="requeued"]').exists()).toBe(false)
    await notice.find('button[aria-label="Resume run 2"]').trigger('click')
    await flushPromises()
    expect(resumeRun).toHaveBeenCalledWith({ runId: 2 })
    expect(location.hash).toBe('#train')
    // resumed: no longer listed; the other still is
    expect(w.findAll('[data-testid="interrupted-runs"] li').map((l) => l.text())).toEqual(['Run 5 “wide” Resume'])
    w.unmount()
  })

  it('names the runs the app stopped as it last closed (a normal quit), each with Resume, until resumed or dismissed; apart from runs found interrupted', async () => {
    const detail = { summary: { id: 12, status: 'interrupted', error: 'the app quit', datasetId: 1 }, config: defaultConfig('y'), epochs: [] }
    const resumeRun = vi.fn(async ({ runId }: { runId: number }) => ({ runId }))
    const none = { started: 0, queued: 0, refused: [], sweeps: [] }
    const w = await opened(none, [{ runId: 2, name: null }], { getRun: vi.fn(async () => detail), resumeRun }, [{ runId: 12, name: null }, { runId: 13, name: 'wide' }])
    const notice = w.find('[data-testid="stopped-runs"]')
    expect(notice.attributes('role')).toBe('status')
    expect(notice.text()).toContain('2 runs were stopped when the app last closed: they were training or waiting to resume as the app quit, and are kept as interrupted. Resume one to continue it from its last checkpoint (Train and Runs offer it too):')
    expect(notice.findAll('li').map((l) => l.text())).toEqual(['Run 12 Resume', 'Run 13 “wide” Resume'])
    // the run found interrupted at this start is said apart, in its own words
    expect(w.find('[data-testid="interrupted-runs"]').text()).toContain('1 run was interrupted: the process training it had ended')
    await notice.find('button[aria-label="Resume run 12"]').trigger('click')
    await flushPromises()
    expect(resumeRun).toHaveBeenCalledWith({ runId: 12 })
    expect(w.findAll('[data-testid="stopped-runs"] li').map((l) => l.text())).toEqual(['Run 13 “wide” Resume'])
    expect(w.find('[data-testid="stopped-runs"]').text()).toContain('1 run was stopped when the app last closed: it was training or waiting to resume as the app quit, and is kept as interrupted. Resume it')
    await w.find('[data-testid="stopped-dismiss"]').trigger('click')
    expect(w.find('[data-testid="stopped-runs"]').exists()).toBe(false)
    expect(w.find('[data-testid="interrupted-runs"]').exists()).toBe(true)
    w.unmount()
    // a start after a close that stopped nothing says nothing of them
    const later = await opened(none)
    expect(later.find('[data-testid="stopped-runs"]').exists()).toBe(false)
    later.unmount()
  })

  it('drops a named run once it is deleted, or resumed elsewhere (Runs, Train, another window): its Resume would fail or repeat', async () => {
    const none = { started: 0, queued: 0, refused: [], sweeps: [] }
    const listRuns = vi.fn(async () => [] as RunListItem[])
    const w = await opened(none, [{ runId: 2, name: null }, { runId: 5, name: 'wide' }], { listRuns }, [{ runId: 12, name: null }, { runId: 13, name: null }])
    const api = useApi() as FakeApi
    api.emit({ runId: null, event: { type: 'deleted', runIds: [5, 12], datasetIds: [] } })
    await flushPromises()
    expect(w.findAll('[data-testid="interrupted-runs"] li').map((l) => l.text())).toEqual(['Run 2 Resume'])
    expect(w.findAll('[data-testid="stopped-runs"] li').map((l) => l.text())).toEqual(['Run 13 Resume'])
    // run 13 resumed in Runs (the list read again says it trains), run 2 still interrupted
    listRuns.mockResolvedValue([{ id: 2, status: 'interrupted' }, { id: 13, status: 'running' }] as RunListItem[])
    await useRunStore().refreshList()
    await flushPromises()
    expect(w.find('[data-testid="stopped-runs"]').exists()).toBe(false)
    expect(w.findAll('[data-testid="interrupted-runs"] li').map((l) => l.text())).toEqual(['Run 2 Resume'])
    listRuns.mockResolvedValue([{ id: 2, status: 'done' }] as RunListItem[])
    await useRunStore().refreshList()
    await flushPromises()
    expect(w.find('[data-testid="interrupted-runs"]').exists()).toBe(false)
    w.unmount()
  })

  it('says both resume notices once a start of the app: a reload in the same start does not repeat them', async () => {
    const none = { started: 0, queued: 0, refused: [], sweeps: [] }
    const detail = { summary: { id: 12, status: 'interrupted', error: 'the app quit', datasetId: 1 }, config: defaultConfig('y'), epochs: [] }
    const first = await opened(none, [{ runId: 2, name: null }], { getRun: vi.fn(async () => detail) }, [{ runId: 12, name: null }], 'start-a')
    expect(first.find('[data-testid="interrupted-runs"]').exists()).toBe(true)
    expect(first.find('[data-testid="stopped-runs"]').exists()).toBe(true)
    first.unmount()
    // the page loaded again while the same server (or app) runs: main answers the same runs, unsaid
    const reloaded = await opened(none, [{ runId: 2, name: null }], { getRun: vi.fn(async () => detail) }, [{ runId: 12, name: null }], 'start-a')
    expect(reloaded.find('[data-testid="interrupted-runs"]').exists()).toBe(false)
    expect(reloaded.find('[data-testid="stopped-runs"]').exists()).toBe(false)
    reloaded.unmount()
    // the next start of the app, which finds run 2 interrupted again, says so
    const next = await opened(none, [{ runId: 2, name: null }], { getRun: vi.fn(async () => detail) }, [], 'start-b')
    expect(next.find('[data-testid="interrupted-runs"]').exists()).toBe(true)
    next.unmount()
  })

  it('says the queue taken up once a start of the app too: a reload in the same start does not repeat it', async () => {
    const taken = { started: 1, queued: 2, refused: ['“wide” on seas.csv: model.cell must be one of elman, lstm, gru'], sweeps: [{ name: 'lr', trials: 8, done: 3, queued: 5, refused: [] }] }
    const first = await opened(taken, [], {}, [], 'start-q')
    expect(first.find('[data-testid="requeued"]').exists()).toBe(true)
    first.unmount()
    // main keeps answering the same requeue for the whole start: the page loaded again says it no more
    const reloaded = await opened(taken, [], {}, [], 'start-q')
    expect(reloaded.find('[data-testid="requeued"]').exists()).toBe(false)
    reloaded.unmount()
    // the next start, which takes up a queue of its own, says it
    const next = await opened(taken, [], {}, [], 'start-r')
    expect(next.find('[data-testid="requeued"]').text()).toContain('2 trainings waiting in the queue when the app stopped are queued again')
    next.unmount()
  })

  it('says nothing when no queue was left', async () => {
    const w = await opened({ started: 0, queued: 0, refused: [], sweeps: [] })
    expect(w.find('[data-testid="requeued"]').exists()).toBe(false)
    expect(w.find('[data-testid="interrupted-runs"]').exists()).toBe(false)
    w.unmount()
  })
})
