// @vitest-environment happy-dom
// A second start queued behind a training run: Train keeps showing the run that trains, with its
// Stop, and lists the queued start below it with a Stop of its own; Runs offers Stop for the
// training run and lists the queued start.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunDetail, TrainingItem } from '../../../electron/contract'
import { defaultConfig } from '../../../core/train/config'
import { useRunStore } from '../stores/run'
import { setUpView, type FakeApi } from '../test/fakes'
import RunsView from './RunsView.vue'
import TrainView from './TrainView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let opts: { global: { plugins: unknown[] } }
let items: TrainingItem[] = []
let starts = 0
const config = defaultConfig('temp')
const detail = (id: number, status: 'done' | 'running', epochs: number): RunDetail => ({
  summary: { id, datasetId: 1, sweepId: null, name: null, notes: null, status, createdAt: 0, finishedAt: status === 'done' ? 1 : null, error: null, cell: 'gru', epochs, bestValLoss: 0.5, testMetric: null },
  config, epochs: Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, trainLoss: 1, valLoss: 1, gradNorm: 1, clipRate: 0, lr: 0.005, seconds: 1 })),
  metrics: [], forecasts: [], hasTime: false, gradFlow: null, canResume: false, choice: null, unit: null, range: null
})
const item = (o: Partial<TrainingItem>): TrainingItem => ({ startId: null, runId: null, state: 'training', name: null, datasetId: 1, epochs: 40, cell: 'gru', sweepId: null, datasetName: 'd.csv', config, ...o })

beforeEach(() => {
  items = []
  starts = 0
  ;({ api, mountOptions: opts } = setUpView({
    listTraining: vi.fn(async () => items),
    stopRun: vi.fn(async () => ({ stopped: true })),
    cancelStart: vi.fn(async () => ({ cancelled: true })),
    startRun: vi.fn(async () => ({ startId: ++starts }))
  }) as never)
})

/** Run 7 trains (start 1, at epoch 7 of 40), then a second start (2) is queued behind it. */
async function secondQueued(): Promise<void> {
  const run = useRunStore()
  items = [item({ startId: 1, state: 'training' })]
  await run.start(1, { ...config, training: { ...config.training, epochs: 40 } })
  items = [item({ startId: 1, runId: 7, state: 'training' })]
  api.emit({ runId: 7, startId: 1, event: { type: 'started', epochs: 40, windows: { train: 20, val: 5, test: 5 }, notices: [] } })
  api.emit({ runId: 7, event: { type: 'epoch', epoch: 7, trainLoss: 1, valLoss: 1, gradNorm: 1, clipRate: 0, lr: 0.005, seconds: 1, gradFlow: null } as never })
  await flushPromises()
  items = [item({ startId: 1, runId: 7, state: 'training' }), item({ startId: 2, state: 'queued', epochs: 3, name: 'short one' })]
  await run.start(1, { ...config, training: { ...config.training, epochs: 3 } })
  await flushPromises()
}

describe('a start queued behind a training run', () => {
  it('Train keeps the training run, its Stop stopping it, and lists the queued start with its own Stop', async () => {
    await secondQueued()
    const w = mount(TrainView, opts)
    await flushPromises()
    expect(useRunStore().runId).toBe(7)
    expect(w.text()).toContain('Run #7')
    await w.get('[data-testid="stop"]').trigger('click')
    expect(api.stopRun).toHaveBeenCalledWith({ runId: 7 })
    expect(api.cancelStart).not.toHaveBeenCalled()

    const queued = w.findAll('[data-testid="training-item"]')
    expect(queued).toHaveLength(1)
    expect(queued[0]!.text()).toContain('#1 in queue · “short one”')
    const stop = queued[0]!.get('[data-testid="training-stop"]')
    expect(stop.element.tagName).toBe('BUTTON') // a button: reached and pressed from the keyboard
    expect(stop.attributes('aria-label')).toBe('Remove from queue: #1 in queue · “short one”, temp on d.csv')
    items = [item({ startId: 1, runId: 7, state: 'training' })]
    await stop.trigger('click')
    await flushPromises()
    expect(api.cancelStart).toHaveBeenCalledWith({ startId: 2 })
    expect(w.find('[data-testid="training-item"]').exists()).toBe(false)
    expect(useRunStore().runId).toBe(7)
  })

  it('Runs offers Stop for the run training here and lists the queued start', async () => {
    await secondQueued()
    const summary = { id: 7, datasetId: 1, sweepId: null, name: null, notes: null, status: 'running' as const, createdAt: 0, finishedAt: null, error: null, cell: 'gru', epochs: 7, bestValLoss: 1, testMetric: null, datasetName: 'd.csv', target: 'temp' }
    api.listRuns = vi.fn(async () => [summary])
    const w = mount(RunsView, opts)
    await flushPromises()
    const row = w.get('[data-run="7"]')
    await row.get('button[aria-label="Stop run 7"]').trigger('click')
    expect(api.stopRun).toHaveBeenCalledWith({ runId: 7 })
    const queued = w.findAll('[data-testid="training-item"]')
    expect(queued.map((q) => q.text())).toEqual([expect.stringContaining('#1 in queue · “short one”')])
    await queued[0]!.get('[data-testid="training-stop"]').trigger('click')
    expect(api.cancelStart).toHaveBeenCalledWith({ startId: 2 })
  })
})

describe('a start queued from another window or tab', () => {
  it("shows in this one's Runs and training list at the queue event main sends, with nothing refreshed by hand", async () => {
    const runs = mount(RunsView, opts)
    await useRunStore().restore() // as the app does at its start: this tab listens to main's events
    await flushPromises()
    expect(runs.find('[data-testid="training-item"]').exists()).toBe(false)
    // the other tab's Start: main queues it behind a run of its own and tells every window
    items = [item({ startId: 4, runId: 9, state: 'training', name: 'long one' }), item({ startId: 5, state: 'queued', epochs: 3, name: 'from the other tab' })]
    api.emit({ runId: null, startId: 5, event: { type: 'queue', change: 'queued' } })
    await flushPromises()
    expect(useRunStore().training.map((t) => t.startId)).toEqual([4, 5])
    expect(runs.findAll('[data-testid="training-item"]').map((q) => q.text())).toContainEqual(expect.stringContaining('#1 in queue · “from the other tab”'))
    // taken off the queue there: gone here too
    items = [item({ startId: 4, runId: 9, state: 'training', name: 'long one' })]
    api.emit({ runId: null, startId: 5, event: { type: 'queue', change: 'removed' } })
    await flushPromises()
    expect(runs.text()).not.toContain('from the other tab')
  })
})

describe('a run another window or tab started', () => {
  it('Train shows it, live with its Stop, when it opens on a finished run of its own', async () => {
    api.getRun = vi.fn(async ({ runId }: { runId: number }) => (runId === 3 ? detail(3, 'done', 40) : detail(9, 'running', 2)))
    const run = useRunStore()
    await run.open(3) // this tab shows its last finished run
    items = [item({ startId: 4, runId: 9, state: 'training' })] // the other tab's Start, training
    const w = mount(TrainView, opts)
    await flushPromises()
    expect(run.runId).toBe(9)
    expect(w.get('[data-testid="run-status"]').text()).toBe('running')
    expect(w.text()).toContain('Run #9')
    // its epochs come live, and its Stop stops it
    api.emit({ runId: 9, event: { type: 'epoch', epoch: 3, trainLoss: 1, valLoss: 1, gradNorm: 1, clipRate: 0, lr: 0.005, seconds: 1, gradFlow: null } as never })
    await vi.waitFor(() => expect(w.get('[data-testid="epoch"]').text()).toBe('3'))
    await w.get('[data-testid="stop"]').trigger('click')
    expect(api.stopRun).toHaveBeenCalledWith({ runId: 9 })
  })
})

describe('two starts queued alike', () => {
  it('each says its place, its target and data, and the settings in which it differs; each button has a name of its own', async () => {
    const lr = (x: number, more: Partial<typeof config.training> = {}) => ({ ...config, training: { ...config.training, epochs: 300, lr: x, ...more } })
    const other = { ...config, data: { ...config.data, target: 'rain' } }
    items = [
      item({ startId: 1, runId: 7, state: 'training' }),
      item({ startId: 2, state: 'queued', epochs: 300, cell: 'lstm', config: lr(0.01) }),
      item({ startId: 3, state: 'queued', epochs: 300, cell: 'lstm', config: lr(0.02, { batchSize: 64 }) }),
      item({ startId: 4, state: 'queued', epochs: 300, cell: 'lstm', config: lr(0.02, { batchSize: 64 }), datasetName: 'other.csv' }),
      item({ startId: 5, state: 'queued', epochs: 40, cell: 'lstm', config: other })
    ]
    await useRunStore().refreshTraining()
    const w = mount(RunsView, opts)
    await flushPromises()
    const queued = w.findAll('[data-testid="training-item"][data-state="queued"]')
    expect(queued.map((q) => q.find('b').text())).toEqual(['#1 in queue · LSTM run', '#2 in queue · LSTM run', '#3 in queue · LSTM run', '#4 in queue · LSTM run'])
    expect(queued.map((q) => q.get('[data-testid="training-apart"]').text())).toEqual([
      'Learning rate: 0.01 (0.005 before)',
      'Learning rate: 0.02 (0.01 before) · Batch size: 64 (32 before)',
      'the same settings as the one before',
      'Learning rate: 0.005 (0.02 before) · Batch size: 32 (64 before)'
    ])
    expect(queued[2]!.text()).toContain('temp on other.csv')
    expect(queued[3]!.text()).toContain('rain on d.csv')
    const names = w.findAll('[data-testid="training-stop"]').map((b) => b.attributes('aria-label'))
    expect(new Set(names).size).toBe(names.length)
    expect(names[1]).toBe('Remove from queue: #2 in queue · LSTM run, temp on d.csv')
  })

  it("a single-series start queued behind a global run names the series setting in Setup's words, not its config keys", async () => {
    const global = { ...config, data: { ...config.data, series: { columns: ['store'], values: null, global: { short: 'skip' as const, cuts: 'auto' as const } } } }
    const one = { ...config, data: { ...config.data, series: { columns: ['store'], values: ['S7'] } } }
    items = [item({ startId: 1, runId: 7, state: 'training', config: global }), item({ startId: 2, state: 'queued', config }), item({ startId: 3, state: 'queued', config: one })]
    await useRunStore().refreshTraining()
    const w = mount(RunsView, opts)
    await flushPromises()
    const apart = w.findAll('[data-testid="training-item"][data-state="queued"]').map((q) => q.get('[data-testid="training-apart"]').text())
    expect(apart).toEqual([
      'Series: the whole file as one series (one model across all series of store (global; cuts auto; a series the cuts leave without a window: skip it) before)',
      'Series: one series: store = S7 (the whole file as one series before)'
    ])
    expect(apart.join(' ')).not.toMatch(/data\.series|values none|short skip/)
  })
})

describe('a start queued while Train shows a finished run and another trains', () => {
  it('Train shows the run that trains, not the queued start as "Starting", and lists the start in its place', async () => {
    api.getRun = vi.fn(async ({ runId }: { runId: number }) => (runId === 3 ? detail(3, 'done', 40) : detail(9, 'running', 2)))
    const run = useRunStore()
    await run.open(3) // this window's first run, finished; its second start (run 9) trains unwatched
    items = [item({ startId: 4, runId: 9, state: 'training' }), item({ startId: 1, state: 'queued', name: 'third' })]
    await run.start(1, config)
    await flushPromises()
    expect(run.runId).toBe(9)
    expect(run.startId).toBe(null)
    const w = mount(TrainView, opts)
    await flushPromises()
    expect(w.text()).toContain('Run #9')
    expect(w.text()).not.toContain('Starting ·')
    expect(w.get('[data-testid="run-status"]').text()).toBe('running')
    const queued = w.findAll('[data-testid="training-item"]')
    expect(queued.map((q) => q.text())).toEqual([expect.stringContaining('#1 in queue · “third”')])
    expect(w.get('[data-testid="training-queue"] h3').text()).toBe('1 queued')
  })

  it('a watched start queued behind one not stored yet says how many are ahead, and Train moves to the run that trains once it is stored', async () => {
    api.getRun = vi.fn(async () => detail(9, 'running', 2))
    const run = useRunStore()
    // start 4 is still preparing (no run yet): there is no run to show, so the start is watched
    items = [item({ startId: 4, state: 'training' }), item({ startId: 5, state: 'queued' }), item({ startId: 1, state: 'queued', name: 'third' })]
    await run.start(1, config)
    const w = mount(TrainView, opts)
    await flushPromises()
    expect(run.startId).toBe(1)
    expect(w.get('[data-testid="train-queued"]').text()).toBe('Queued, 2 ahead')
    expect(w.text()).not.toContain('Starting ·') // (the start ahead of it is "Starting GRU run" in the list)
    expect(w.get('[data-testid="training-queue"] h3').text()).toBe('1 more training, 1 queued')
    // start 4 is stored as run 9 and trains: Train shows it, the start listed below it
    items = [item({ startId: 4, runId: 9, state: 'training' }), item({ startId: 5, state: 'queued' }), item({ startId: 1, state: 'queued', name: 'third' })]
    api.emit({ runId: 9, startId: 4, event: { type: 'started', epochs: 40, windows: { train: 20, val: 5, test: 5 }, notices: [] } })
    await flushPromises()
    expect(run.runId).toBe(9)
    expect(w.text()).toContain('Run #9')
    expect(w.findAll('[data-testid="training-item"]').map((q) => q.text())).toEqual([expect.stringContaining('#1 in queue'), expect.stringContaining('#2 in queue · “third”')])
  })
})
