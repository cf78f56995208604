// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../App.vue'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { useRunStore } from '../stores/run'
import { useUiStore } from '../stores/ui'
import { useSetupStore } from '../stores/setup'
import { afterStages, fakeWorker, importedSmall, setUpView } from '../test/fakes'
import type { FakeApi } from '../test/fakes'
import DataView from './DataView.vue'
import ExportView from './ExportView.vue'
import RunsView from './RunsView.vue'
import SetupView from './SetupView.vue'
import TrainView from './TrainView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView())
  location.hash = ''
})
const opts = () => ({ global: { plugins: [pinia] } })

describe('App shell', () => {
  it('has a labelled nav of the six views and switches by click and Ctrl+number', async () => {
    const w = mount(App, opts())
    await flushPromises()
    const items = w.findAll('nav[aria-label="Views"] button[data-view]')
    expect(items.map((b) => b.text().replace(/^\d/, ''))).toEqual(['Data', 'Setup', 'Train', 'Evaluate', 'Runs', 'Export'])
    expect(w.find('[aria-current="page"]').text()).toContain('Data')
    // The old view leaves at once and the new one mounts a task later (App.vue splits the switch).
    await items[4]!.trigger('click')
    expect(w.find('[aria-current="page"]').text()).toContain('Runs')
    await vi.waitFor(() => expect(w.find('h2').text()).toBe('Runs'))
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3', ctrlKey: true }))
    await vi.waitFor(() => expect(w.find('h2').text()).toBe('Train'))
    w.unmount()
  })
})

describe('Data view', () => {
  it('offers the sample data on first run', async () => {
    const w = mount(DataView, opts())
    await flushPromises()
    expect(w.find('[data-testid="try-sample"]').text()).toBe('Try the sample data')
  })

  it('shows an import error verbatim', async () => {
    setImportWorkerFactory(fakeWorker({ type: 'error', error: { name: 'ImportError', code: 'ragged-row', message: 'bad.csv (line 3, record 2): expected 3 fields, found 2' } }))
    const w = mount(DataView, opts())
    await useDatasetStore().importFrom('a,b,c\n1,2,3\n4,5', 'bad.csv')
    await flushPromises()
    expect(w.find('[data-testid="import-error"]').text()).toContain('line 3, record 2')
  })

  it('lists columns with types and stats, and warns about missing values with a fix', async () => {
    await importedSmall()
    const w = mount(DataView, opts())
    await flushPromises()
    const rows = w.findAll('section[aria-label="Columns"] tbody tr')
    expect(rows.map((r) => r.find('td').text())).toEqual(['date', 'temp', 'sky'])
    expect(rows[1]!.findAll('td').at(-1)!.text()).toBe('1') // one missing
    const warn = w.find('section[aria-label="Warnings"]')
    expect(warn.text()).toContain('"temp" has 1 missing value')
    // a run fills from the value before by default (the rule 'interpolate'): no button that would change nothing (exploratory pass 22, finding 3)
    expect(warn.find('button').exists()).toBe(false)
    expect(warn.find('[data-testid="data-fill-on"]').text()).toContain('a run fills them from the rows before them')
    // a rule that drops them (a run's settings taken back): the fix is offered, and reaches Setup
    const setup = useSetupStore()
    setup.reset()
    setup.draft!.data.missingDefault = 'drop'
    await flushPromises()
    expect(warn.find('button').text()).toBe('Fill from the value before') // was "Fill by interpolation": the rule no longer interpolates
    await warn.find('button').trigger('click')
    await flushPromises()
    expect(useDatasetStore().fixedMissing.has('temp')).toBe(true)
    expect(setup.draft!.data.missing['temp']).toBe('interpolate')
    expect(warn.find('button').exists()).toBe(false)
  })

  it('cancels an import in progress', async () => {
    const terminate = vi.fn()
    setImportWorkerFactory(() => ({ postMessage() {}, terminate, onmessage: null, onerror: null }) as unknown as Worker)
    const w = mount(DataView, opts())
    void useDatasetStore().importFrom('x', 'big.csv')
    await flushPromises()
    await w.find('button.danger').trigger('click')
    expect(terminate).toHaveBeenCalled()
    expect(w.find('[role="progressbar"]').exists()).toBe(false)
  })
})

describe('Setup view', () => {
  it('starts from valid defaults and shows a validation message beside a bad field', async () => {
    await importedSmall()
    const w = mount(SetupView, opts())
    await afterStages() // Setup mounts its sections a task apart
    expect((w.find('[data-testid="role-target"]').element as HTMLSelectElement).value).toBe('temp')
    const start = w.find('[data-testid="start-training"]')
    expect(start.attributes('disabled')).toBeUndefined()
    await w.find('[data-testid="lr"]').setValue('-1')
    const lr = w.find('[data-testid="lr"]')
    expect(lr.attributes('aria-invalid')).toBe('true')
    const msg = w.find(`#${lr.attributes('aria-describedby')}`)
    // In plain words beside the field (the label names it), and summarised beside Start (issue 18).
    expect(msg.text()).not.toContain('training.lr')
    expect(msg.text()).toMatch(/^Must be /)
    expect(w.find('[data-testid="start-training"]').attributes('disabled')).toBeDefined()
    expect(w.find('[data-testid="start-blocker"]').text()).toMatch(/^Cannot start yet: Learning rate must be /)
  })

  it('moves a split boundary with the arrow keys and recounts windows', async () => {
    await importedSmall()
    const w = mount(SetupView, opts())
    await afterStages() // Setup mounts its sections a task apart
    const before = w.find('[data-testid="test-windows"]').text()
    await w.find('[data-testid="split-handle-2"]').trigger('keydown', { key: 'ArrowLeft', shiftKey: true })
    expect(w.find('[data-testid="test-windows"]').text()).not.toBe(before)
  })
})

describe('Train view', () => {
  it('shows an interrupted run and resumes it', async () => {
    api.getRun = vi.fn(async () => ({
      summary: { id: 9, datasetId: 1, name: null, notes: null, status: 'interrupted' as const, createdAt: 0, finishedAt: null, error: 'trainer crashed (SIGKILL)', cell: 'lstm', epochs: 2, bestValLoss: 0.5, testMetric: null },
      config: (await import('../../../core/train/config')).defaultConfig('temp'),
      epochs: [{ epoch: 1, trainLoss: 1, valLoss: 0.9, gradNorm: 2, clipRate: 0.5, lr: 0.005, seconds: 1 }],
      metrics: [],
      forecasts: [],
      hasTime: true,
      gradFlow: null,
      canResume: true
    }))
    api.resumeRun = vi.fn(async () => ({ runId: 9 }))
    await useRunStore().open(9)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.find('[data-testid="interrupted"]').text()).toContain('SIGKILL')
    await w.find('[data-testid="resume"]').trigger('click')
    expect(api.resumeRun).toHaveBeenCalledWith({ runId: 9 })
    expect(useRunStore().status).toBe('running')
  })

  it('describes the loss, gradient norm and gradient flow charts by their numbers', async () => {
    const epoch = (e: number, trainLoss: number, valLoss: number, gradNorm: number) => ({ epoch: e, trainLoss, valLoss, gradNorm, clipRate: 0, lr: 0.005, seconds: 1 })
    const config = (await import('../../../core/train/config')).defaultConfig('temp')
    api.getRun = vi.fn(async () => ({
      summary: { id: 4, datasetId: 1, name: null, notes: null, status: 'interrupted' as const, createdAt: 0, finishedAt: null, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.25, testMetric: null },
      config: { ...config, training: { ...config.training, clipNorm: 1 } },
      epochs: [epoch(1, 0.5, 0.6, 2.5), epoch(2, 0.3, 0.25, 3.9), epoch(3, 0.2, 0.31, 0.35)],
      metrics: [], forecasts: [], hasTime: true, gradFlow: [0.002, 0.05, 0.4], canResume: true
    }))
    await useRunStore().open(4)
    const w = mount(TrainView, opts())
    await flushPromises()
    const said = (title: string) => w.find(`[id="${w.find(`canvas[aria-label="${title}"]`).attributes('aria-describedby')}"]`).text()
    expect(said('Loss')).toBe('training loss 0.5 → 0.2 over 3 epochs; best validation loss 0.25 at epoch 2')
    expect(said('Gradient norm')).toBe('gradient norm before clipping 2.5 → 0.35 over 3 epochs, largest 3.9 at epoch 2; clipped at 1')
    expect(said('Gradient flow through time')).toBe('gradient through time over 3 steps of the window: 0.4 at the last step, 0.002 at the first (0.5 % of it)')
  })

  it("says beside Resume that a run of fw train --out gets its files in its folder when resumed here", async () => {
    const detail = async (outDir: string | null) => ({
      summary: { id: 6, datasetId: 1, name: null, notes: null, status: 'cancelled' as const, createdAt: 0, finishedAt: null, error: null, cell: 'lstm', epochs: 2, bestValLoss: 0.5, testMetric: null },
      config: (await import('../../../core/train/config')).defaultConfig('temp'),
      epochs: [{ epoch: 1, trainLoss: 1, valLoss: 0.9, gradNorm: 2, clipRate: 0.5, lr: 0.005, seconds: 1 }],
      metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: true, outDir
    })
    api.getRun = vi.fn(() => detail('/home/ana/out/temp'))
    await useRunStore().open(6)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.find('[data-testid="resume"]').exists()).toBe(true)
    expect(w.get('[data-testid="resume-out-dir"]').text()).toBe('This run was started from the command line, to write its model and predictions to /home/ana/out/temp. Resuming it here writes them there when it finishes.')
    w.unmount()
    // a run of the app keeps no folder: nothing is said
    api.getRun = vi.fn(() => detail(null))
    await useRunStore().open(6)
    const v = mount(TrainView, opts())
    await flushPromises()
    expect(v.find('[data-testid="resume"]').exists()).toBe(true)
    expect(v.find('[data-testid="resume-out-dir"]').exists()).toBe(false)
  })

  it('a run stopped before its first checkpoint offers to start again, not to resume', async () => {
    api.getRun = vi.fn(async () => ({
      summary: { id: 5, datasetId: 1, name: null, notes: null, status: 'cancelled' as const, createdAt: 0, finishedAt: null, error: null, cell: 'lstm', epochs: 0, bestValLoss: null, testMetric: null },
      config: (await import('../../../core/train/config')).defaultConfig('temp'),
      epochs: [], metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false
    }))
    api.resumeRun = vi.fn(async () => ({ runId: 5 }))
    await useRunStore().open(5)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.find('[data-testid="resume"]').exists()).toBe(false)
    expect(w.get('[data-testid="no-checkpoint"]').text()).toContain('nothing to resume from')
    await w.get('[data-testid="start-again"]').trigger('click')
    expect(api.resumeRun).not.toHaveBeenCalled()
    expect(useUiStore().view).toBe('setup')
  })

  it('moves focus from Stop to Resume when the run stops, not to the top of the page', async () => {
    const detail = async (status: 'running' | 'cancelled') => ({
      summary: { id: 6, datasetId: 1, name: null, notes: null, status, createdAt: 0, finishedAt: null, error: null, cell: 'lstm', epochs: 2, bestValLoss: 0.5, testMetric: null },
      config: (await import('../../../core/train/config')).defaultConfig('temp'),
      epochs: [], metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: status === 'cancelled'
    })
    api.getRun = vi.fn(async () => detail('running'))
    const run = useRunStore()
    await run.open(6)
    const w = mount(TrainView, { ...opts(), attachTo: document.body })
    await flushPromises()
    ;(w.get('[data-testid="stop"]').element as HTMLButtonElement).focus()
    api.getRun = vi.fn(async () => detail('cancelled'))
    await run.open(6) // as the status event does
    await flushPromises()
    expect(document.activeElement).toBe(w.get('[data-testid="resume"]').element)
    w.unmount()
  })

  it('offers Resume the moment a trainer dies, before the stopped run\'s detail is read again', async () => {
    const detail = async (status: 'running' | 'interrupted') => ({
      summary: { id: 7, datasetId: 1, name: null, notes: null, status, createdAt: 0, finishedAt: null, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.5, testMetric: null },
      config: (await import('../../../core/train/config')).defaultConfig('temp'),
      epochs: [], metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: status === 'interrupted'
    })
    api.getRun = vi.fn(async () => detail('running')) // a reload mid-run: main says canResume false while it runs
    await useRunStore().open(7)
    const w = mount(TrainView, opts())
    await flushPromises()
    let answer: (d: Awaited<ReturnType<typeof detail>>) => void = () => {}
    api.getRun = vi.fn(() => new Promise((r) => (answer = r))) // the detail read again, not yet answered
    api.emit({ runId: 7, event: { type: 'status', status: 'interrupted', error: 'trainer crashed (SIGKILL)' } })
    await flushPromises()
    expect(w.find('[data-testid="interrupted"]').text()).toMatch(/^Training was interrupted: trainer crashed \(SIGKILL\)\. The last checkpoint is saved/)
    expect(w.find('[data-testid="resume"]').exists()).toBe(true)
    expect(w.find('[data-testid="start-again"]').exists()).toBe(false)
    // the store's own wording ("interrupted: …") is not repeated after the headline
    api.emit({ runId: 7, event: { type: 'status', status: 'interrupted', error: 'interrupted: the process training it (app, pid 14997) has ended' } })
    await flushPromises()
    expect(w.find('[data-testid="interrupted"]').text()).toMatch(/^Training was interrupted: the process training it \(app, pid 14997\) has ended\. The last/)
    answer(await detail('interrupted'))
    await flushPromises()
    expect(w.find('[data-testid="resume"]').exists()).toBe(true)
  })

  it('says a finished run\'s training loss barely moved, and that Setup\'s learning rate may be too small; not of a healthy run', async () => {
    const config = (await import('../../../core/train/config')).defaultConfig('temp')
    const detail = (id: number, losses: number[]) => ({
      summary: { id, datasetId: 1, name: null, notes: null, status: 'done' as const, createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: losses.length, bestValLoss: 0.9, testMetric: null },
      config: { ...config, training: { ...config.training, lr: 1e-6, epochs: losses.length } },
      epochs: losses.map((trainLoss, i) => ({ epoch: i + 1, trainLoss, valLoss: 0.9, gradNorm: 1, clipRate: 0, lr: 1e-6, seconds: 1 })),
      metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false
    })
    api.getRun = vi.fn(async ({ runId }: { runId: number }) => (runId === 8 ? detail(8, [0.8305, 0.8303, 0.8301, 0.8299, 0.8297, 0.8294]) : detail(9, [0.8305, 0.8, 0.7, 0.6, 0.5, 0.4])))
    await useRunStore().open(8)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.get('[data-testid="train-end"]').text()).toContain('Finished all 6 epochs.')
    expect(w.get('[data-testid="train-stalled"]').text()).toBe('Training loss barely moved: 0.8305 at epoch 1, 0.8294 at best after 6 epochs (0.13 % lower; under 1 % counts as barely); the learning rate 0.000001 may be too small: train again with a larger one (Learning rate in Setup), e.g. toward the default 0.005.')
    await useRunStore().open(9)
    await flushPromises()
    expect(w.get('[data-testid="train-end"]').text()).toContain('Finished all 6 epochs.')
    expect(w.find('[data-testid="train-stalled"]').exists()).toBe(false)
  })

  it("a stalled run whose training rows hold values far out of scale: the note names them and what to do, in Setup's words, not the learning rate", async () => {
    const config = (await import('../../../core/train/config')).defaultConfig('y')
    const losses = [1.7e10, 1.7e10, 1.7e10, 1.7e10, 1.7e10, 1.7e10]
    api.getRun = vi.fn(async () => ({
      summary: { id: 10, datasetId: 1, name: null, notes: null, status: 'done' as const, createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 6, bestValLoss: 0.9, testMetric: null },
      config: { ...config, training: { ...config.training, epochs: 6 } },
      epochs: losses.map((trainLoss, i) => ({ epoch: i + 1, trainLoss, valLoss: 0.9, gradNorm: 1, clipRate: 0, lr: 0.005, seconds: 1 })),
      metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false,
      range: { domain: null, min: 90, max: 1e7, n: 45, above: 0, below: 0, outOfScale: [{ line: 62, value: 1e7 }] }
    }))
    await useRunStore().open(10)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.get('[data-testid="train-stalled"]').text()).toBe('Training loss barely moved: 1.700e+10 at epoch 1, 1.700e+10 at best after 6 epochs (0.00 % lower; under 1 % counts as barely); the training rows hold a value far out of scale at line 62 (10000000), which the network reads as it is and which dominates its loss (the scaler and the statistical models read it replaced); a learning rate will not change that: fix or remove it in the file, then import the file again and train.')
  })

  it("says a vanishing gradient of a run opened later, from its stored flow (Elman at look-back 200), and a per-step run's clip rate without blaming an exploding gradient", async () => {
    const config = (await import('../../../core/train/config')).defaultConfig('temp')
    const elman = Array.from({ length: 200 }, (_, t) => 0.15 * 0.6 ** (199 - t)) // the latest 28 steps get over 1e-6 of the last one's
    const detail = (id: number) => ({
      summary: { id, datasetId: 1, name: null, notes: null, status: 'done' as const, createdAt: 0, finishedAt: 1, error: null, cell: 'elman', epochs: 1, bestValLoss: 0.9, testMetric: null },
      config: id === 7
        ? { ...config, data: { ...config.data, lookBack: 200 }, model: { ...config.model, cell: 'elman' as const } }
        : { ...config, model: { ...config.model, outputMode: 'per-step' as const, numLayers: 3 } },
      epochs: [{ epoch: 1, trainLoss: 1, valLoss: 0.9, gradNorm: 10, clipRate: 1, lr: 0.005, seconds: 1 }],
      metrics: [], forecasts: [], hasTime: true, gradFlow: id === 7 ? elman : null, canResume: false
    })
    api.getRun = vi.fn(async ({ runId }: { runId: number }) => detail(runId))
    await useRunStore().open(7)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.get('[data-testid="train-vanishing"]').text()).toMatch(/^Vanishing gradient: the oldest 172 of the window's 200 steps get under 1e-6 of the gradient that reaches the last one \(the oldest step \de-\d+ of it\), so the network learns from about the latest 28 rows only \(its effective memory\); an LSTM or GRU cell \(Cell in Setup\) keeps the gradient further back, or a shorter look-back \(Look-back in Setup\) trains as well in less time\.$/)
    expect(w.get('[data-testid="flow-caption"]').text()).not.toContain('Measured at the top')
    expect(w.get('[data-testid="flow-caption"]').text()).toContain('a lower learning rate helps (and clipping, with SGD') // not "clipping helps": Adam's step does not grow with the gradient
    await useRunStore().open(8)
    await flushPromises()
    expect(w.find('[data-testid="train-vanishing"]').exists()).toBe(false)
    expect(w.get('[data-testid="flow-caption"]').text()).toContain('Measured at the top of the 3 layers only.') // the flow is the top layer's
    expect(w.get('[data-testid="train-clip"]').text()).toMatch(/^Gradient clipped in 100 % of the run's steps \(clip norm 1\): with per-step outputs the loss sums the \d+ scored steps of each window.*not an exploding gradient/)
  })

  it('says how often the gradient was clipped over the run, with a hint near 100 %; nothing for a run stored without the rates', async () => {
    const config = (await import('../../../core/train/config')).defaultConfig('temp')
    const detail = (id: number, rates: (number | null)[]) => ({
      summary: { id, datasetId: 1, name: null, notes: null, status: 'done' as const, createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: rates.length, bestValLoss: 0.9, testMetric: null },
      config: { ...config, training: { ...config.training, epochs: rates.length } },
      epochs: rates.map((clipRate, i) => ({ epoch: i + 1, trainLoss: 1 - i / 10, valLoss: 0.9, gradNorm: 1, clipRate, lr: 0.005, seconds: 1 })),
      metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false
    })
    const rates: Record<number, (number | null)[]> = { 4: [0.5, 0.24], 5: [1, 0.96], 6: [null, null] }
    api.getRun = vi.fn(async ({ runId }: { runId: number }) => detail(runId, rates[runId]!))
    await useRunStore().open(4)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.get('[data-testid="train-clip"]').text()).toBe("Gradient clipped in 37 % of the run's steps (clip norm 1).")
    // The progress line's rate is the last epoch's, not the run's mean above: it says so.
    expect(w.text()).toContain('clipped 24 % of steps in epoch 2')
    await useRunStore().open(5)
    await flushPromises()
    expect(w.get('[data-testid="train-clip"]').text()).toBe("Gradient clipped in 98 % of the run's steps (clip norm 1): nearly every step was cut down to the clip norm, so the gradient is exploding or the clip norm is small for this model (the Gradient norm chart's values show their size); a lower learning rate (Learning rate in Setup) usually tames an exploding gradient.")
    await useRunStore().open(6)
    await flushPromises()
    expect(w.find('[data-testid="train-clip"]').exists()).toBe(false)
    expect(w.text()).not.toContain('clipped 0 %')
  })

  it('follows live epoch events', async () => {
    api.startRun = vi.fn(async () => ({ startId: 1 }))
    const cfg = (await import('../../../core/train/config')).defaultConfig('temp')
    await useRunStore().start(1, cfg)
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => (cb(0), 1))
    const w = mount(TrainView, opts())
    // stored when its trainer starts training: 'started' names the start and its run
    api.emit({ runId: 3, startId: 1, event: { type: 'started', epochs: 4, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] } })
    api.emit({ runId: 3, event: { type: 'epoch', epoch: 1, trainLoss: 1, valLoss: 1.1, gradNorm: 3, clipRate: 1, lr: 0.005, seconds: 0.5, gradFlow: [0.1, 0.2] } })
    await flushPromises()
    expect(w.find('[data-testid="epoch"]').text()).toBe('1')
    expect(w.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('25')
    raf.mockRestore()
  })

  it('a start the trainer refuses says why in Train, with no run: no run number, no Resume', async () => {
    api.startRun = vi.fn(async () => ({ startId: 5 }))
    const cfg = (await import('../../../core/train/config')).defaultConfig('temp')
    await useRunStore().start(1, cfg)
    const w = mount(TrainView, opts())
    await flushPromises()
    expect(w.get('[data-testid="run-status"]').text()).toBe('queued')
    expect(w.text()).toContain('Starting · epoch')
    expect(w.find('[data-testid="stop"]').exists()).toBe(true)
    api.emit({ runId: 9, startId: 6, event: { type: 'failed', error: { name: 'PipelineError', message: 'another start' } } }) // not this one
    api.emit({ runId: null, startId: 5, event: { type: 'failed', error: { name: 'PipelineError', message: 'short series: 3 training rows; look-back 40 (Look-back in Setup) needs 41' } } })
    await flushPromises()
    expect(w.get('.alert.error').text()).toBe('Training failed: short series: 3 training rows; look-back 40 (Look-back in Setup) needs 41')
    expect(w.get('[data-testid="run-status"]').text()).toBe('failed')
    expect(w.text()).not.toContain('Run #')
    expect(w.find('[data-testid="resume"]').exists()).toBe(false)
    expect(useRunStore().runId).toBeNull()
    expect(api.getRun).not.toHaveBeenCalled()
  })

  it('Stop before training started stops the start, which stores no run: Start again, not Resume', async () => {
    api.startRun = vi.fn(async () => ({ startId: 7 }))
    api.cancelStart = vi.fn(async () => ({ cancelled: true }))
    const cfg = (await import('../../../core/train/config')).defaultConfig('temp')
    await useRunStore().start(1, cfg)
    const w = mount(TrainView, opts())
    await flushPromises()
    await w.get('[data-testid="stop"]').trigger('click')
    expect(api.cancelStart).toHaveBeenCalledWith({ startId: 7 })
    expect(api.stopRun).not.toHaveBeenCalled()
    api.emit({ runId: null, startId: 7, event: { type: 'status', status: 'cancelled', error: null } })
    await flushPromises()
    expect(w.get('[data-testid="no-run"]').text()).toBe('Stopped before training started: no run was stored; start it again.')
    expect(w.find('[data-testid="resume"]').exists()).toBe(false)
    expect(w.find('[data-testid="start-again"]').exists()).toBe(true)
  })

  it("shows a single series' preparation in its steps before training starts", async () => {
    api.startRun = vi.fn(async () => ({ startId: 9 }))
    const cfg = (await import('../../../core/train/config')).defaultConfig('temp')
    await useRunStore().start(1, cfg)
    const w = mount(TrainView, opts())
    api.emit({ runId: null, startId: 9, event: { type: 'progress', phase: 'preparing', done: 3, total: 11 } })
    await flushPromises()
    const phase = w.find('[data-testid="train-phase"]')
    expect(phase.text()).toBe('Preparing the data (splitting, scaling, cutting it into windows): 3 of 11 steps done')
    expect(w.find('[role="progressbar"][aria-valuenow="27"]').attributes('aria-label')).toBe(phase.text())
  })

  it("keeps a start's events that arrive before its handle (browser mode's socket can outrun the answer)", async () => {
    const cfg = (await import('../../../core/train/config')).defaultConfig('temp')
    api.startRun = vi.fn(async () => {
      api.emit({ runId: 11, startId: 8, event: { type: 'started', epochs: 4, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: ['a notice'] } })
      return { startId: 8 }
    })
    await useRunStore().start(1, cfg)
    expect(useRunStore().runId).toBe(11)
    expect(useRunStore().status).toBe('running')
    expect(useRunStore().notices).toEqual(['a notice'])
  })

  it('says what the run does between epochs and its end (a global run choosing per series), until it ends', async () => {
    api.startRun = vi.fn(async () => ({ startId: 2 }))
    const cfg = (await import('../../../core/train/config')).defaultConfig('temp')
    await useRunStore().start(1, cfg)
    const w = mount(TrainView, opts())
    api.emit({ runId: 4, startId: 2, event: { type: 'started', epochs: 4, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] } })
    const note = "choosing each series' forecast on its validation rows: 300 of 1,000 series done"
    api.emit({ runId: 4, event: { type: 'log', level: 'info', message: note } })
    api.emit({ runId: 5, event: { type: 'log', level: 'info', message: 'another run' } }) // not the watched one
    await flushPromises()
    expect(w.find('[data-testid="train-activity"]').text()).toBe(note)
    expect(w.find('[data-testid="train-activity"]').attributes('role')).toBe('status')
    api.emit({ runId: 4, event: { type: 'failed', error: { name: 'Error', message: 'out of memory' } } })
    await flushPromises()
    expect(w.find('[data-testid="train-activity"]').exists()).toBe(false)
    expect(useRunStore().activity).toBeNull()
  })

  it("shows the trainer's progress between epochs with its counts: an epoch's batches, then each series after the last epoch with the time left they give", async () => {
    api.startRun = vi.fn(async () => ({ startId: 3 }))
    const cfg = (await import('../../../core/train/config')).defaultConfig('temp')
    await useRunStore().start(1, cfg)
    const w = mount(TrainView, opts())
    const phase = () => w.find('[data-testid="train-phase"]')
    const bar = () => Number(w.find('[aria-label="Training progress"]').attributes('aria-valuenow'))
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000)
    api.emit({ runId: 6, startId: 3, event: { type: 'started', epochs: 2, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [], series: 30 } })
    api.emit({ runId: 6, event: { type: 'progress', phase: 'batches', epoch: 1, done: 1641, total: 6563 } })
    await flushPromises()
    expect(phase().text()).toBe('Epoch 1: 1,641 of 6,563 batches')
    expect(phase().attributes('role')).toBe('status')
    expect(bar()).toBe(13) // a quarter of the first of two epochs
    api.emit({ runId: 6, event: { type: 'epoch', epoch: 1, trainLoss: 1, valLoss: 1, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 3, gradFlow: [] } })
    await new Promise((r) => requestAnimationFrame(() => r(null)))
    await flushPromises()
    // the series after the epochs named, their time not known yet (it said "3 s left" and then took minutes)
    expect(w.find('[data-testid="time-left"]').text()).toBe('3 s of training left, then 30 series to fit and choose')
    api.emit({ runId: 6, event: { type: 'epoch', epoch: 2, trainLoss: 1, valLoss: 1, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 3, gradFlow: [] } })
    await new Promise((r) => requestAnimationFrame(() => r(null)))
    await flushPromises()
    expect(phase().exists()).toBe(false) // the epoch said it
    api.emit({ runId: 6, event: { type: 'progress', phase: 'choice', done: 12, total: 30 } })
    await flushPromises()
    expect(phase().text()).toBe("Choosing each series' forecast on its validation rows: 12 of 30 series done")
    expect(w.find('[role="progressbar"][aria-valuenow="40"]').attributes('aria-label')).toBe(phase().text())
    expect(useRunStore().eta).toBeNull() // no epoch left
    expect(w.find('[data-testid="time-left"]').text()).toBe('estimating the time left…')
    now.mockReturnValue(1_006_000)
    api.emit({ runId: 6, event: { type: 'progress', phase: 'choice', done: 24, total: 30 } })
    await flushPromises()
    // 12 series in 6 s: 6 left at that rate
    expect(w.find('[data-testid="time-left"]').text()).toBe('3 s left')
    now.mockRestore()
    // a single series' choice, counted in its steps, in its own words
    api.emit({ runId: 6, event: { type: 'progress', phase: 'choosing', done: 12, total: 40 } })
    await flushPromises()
    expect(phase().text()).toBe('Choosing the forecast on the validation rows: 12 of 40 steps done')
    expect(w.find('[role="progressbar"][aria-valuenow="30"]').attributes('aria-label')).toBe(phase().text())
    api.emit({ runId: 6, event: { type: 'failed', error: { name: 'Error', message: 'out of memory' } } })
    await flushPromises()
    expect(phase().exists()).toBe(false)
  })
})

describe('Runs view', () => {
  const run = (id: number, rmse: number) => ({ id, datasetId: 1, name: `r${id}`, notes: null, status: 'done' as const, createdAt: id, finishedAt: id, error: null, cell: 'gru', epochs: 3, bestValLoss: rmse, testMetric: { metric: 'rmse', value: rmse, skill: 0.1 } })
  it('sorts by a column header', async () => {
    api.listRuns = vi.fn(async () => [run(1, 0.5), run(2, 0.2), run(3, 0.9)])
    const w = mount(RunsView, opts())
    await flushPromises()
    const ids = () => w.findAll('tbody tr[data-run]').map((r) => r.attributes('data-run'))
    expect(ids()).toEqual(['3', '2', '1'])
    await w.findAll('th button').find((b) => b.text().startsWith('Test metric'))!.trigger('click')
    expect(ids()).toEqual(['2', '1', '3'])
  })

  it('says which process trains a run that this app does not', async () => {
    const cli = { ...run(4, 0.3), status: 'running' as const, testMetric: null, runningElsewhere: 'CLI, pid 4242' }
    api.listRuns = vi.fn(async () => [cli, { ...run(5, 0.3), status: 'running' as const, runningElsewhere: null }])
    const w = mount(RunsView, opts())
    await flushPromises()
    const notes = w.findAll('[data-testid="running-elsewhere"]')
    expect(notes.map((n) => n.text())).toEqual(['running in another process (CLI, pid 4242)'])
    expect(notes[0]!.element.closest('tr')!.getAttribute('data-run')).toBe('4')
    // Delete is off for both, and says why: the other process's training would die under it
    const del = (id: number) => w.find(`button[aria-label="Delete run ${id}"]`)
    expect(del(4).attributes()).toMatchObject({ disabled: '', title: 'Being trained by another process (CLI, pid 4242); stop it there first, or wait for it to finish' })
    expect(del(5).attributes()).toMatchObject({ disabled: '', title: 'Training; stop it first' })
  })

  // A narrow window (1024 px) scrolls the table sideways, often to reach Edit in the last column:
  // the form's name field takes the focus, and the pinned columns show their edge once scrolled.
  it('Edit puts the focus in the name field; a sideways scroll marks the table as scrolled', async () => {
    api.listRuns = vi.fn(async () => [run(1, 0.5), run(2, 0.2)])
    const w = mount(RunsView, { ...opts(), attachTo: document.body })
    await flushPromises()
    await w.find('button[aria-label="Rename or add notes to run 1"]').trigger('click')
    await flushPromises()
    const name = w.find<HTMLInputElement>('[data-testid="edit-name"]')
    expect(name.element.value).toBe('r1')
    expect(document.activeElement).toBe(name.element)
    const history = w.find('section[aria-label="Run history"]')
    expect(history.classes()).not.toContain('scrolled')
    history.element.scrollLeft = 120
    await history.trigger('scroll')
    expect(history.classes()).toContain('scrolled')
    history.element.scrollLeft = 0
    await history.trigger('scroll')
    expect(history.classes()).not.toContain('scrolled')
    w.unmount()
  })

  // Exploratory pass 16: an emptied name or notes was sent as null and kept (the store's coalesce),
  // Escape did nothing in the form, and after Save the focus fell to the page.
  it('clears an emptied name and notes; Escape cancels the form; the focus goes back to the row\'s ✎', async () => {
    let runs = [{ ...run(1, 0.5), notes: 'old notes' }, run(2, 0.2)]
    api.listRuns = vi.fn(async () => runs)
    api.updateRun = vi.fn(async ({ runId, name, notes }: { runId: number; name: string | null; notes: string | null }) => {
      runs = runs.map((r) => (r.id === runId ? { ...r, name, notes } : r))
      return runs.find((r) => r.id === runId)
    })
    const w = mount(RunsView, { ...opts(), attachTo: document.body })
    await flushPromises()
    const pencil = () => w.find<HTMLButtonElement>('button[aria-label="Rename or add notes to run 1"]')
    await pencil().trigger('click')
    await flushPromises()
    await w.find('[data-testid="edit-name"]').setValue('changed, then cancelled')
    await w.find('[data-testid="edit-name"]').trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(w.find('[data-testid="edit-name"]').exists()).toBe(false)
    expect(api.updateRun).not.toHaveBeenCalled()
    expect(document.activeElement).toBe(pencil().element)
    // emptied (a name of spaces alike): both cleared, the row shows its automatic name
    await pencil().trigger('click')
    await flushPromises()
    await w.find('[data-testid="edit-name"]').setValue('   ')
    await w.find('textarea').setValue('')
    await w.find('form.edit-form').trigger('submit')
    await flushPromises()
    expect(api.updateRun).toHaveBeenCalledWith({ runId: 1, name: null, notes: null })
    expect(w.find('[data-testid="edit-name"]').exists()).toBe(false)
    const row = w.find('tr[data-run="1"]')
    expect(row.find('[data-testid="run-name"]').exists()).toBe(false)
    expect(row.find('[data-testid="auto-name"]').text()).not.toBe('')
    expect(row.text()).not.toContain('old notes')
    expect(document.activeElement).toBe(pencil().element)
    w.unmount()
  })
})

describe('Export view', () => {
  it('exports the forecast CSV through the API and saves it', async () => {
    api.getRun = vi.fn(async () => ({
      summary: { id: 5, datasetId: 1, name: null, notes: null, status: 'done' as const, createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 2, bestValLoss: 0.5, testMetric: null },
      config: (await import('../../../core/train/config')).defaultConfig('temp'),
      epochs: [], metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false
    }))
    api.exportForecastCsv = vi.fn(async () => ({ fileName: 'forecast-run-5.csv', text: 'date,forecast\r\n' }))
    api.saveFile = vi.fn(async () => ({ saved: true, where: 'download' }))
    await useRunStore().open(5)
    const w = mount(ExportView, opts())
    await w.find('[data-testid="export-csv"]').trigger('click')
    await flushPromises()
    expect(api.saveFile).toHaveBeenCalledWith({ suggestedName: 'forecast-run-5.csv', text: 'date,forecast\r\n' })
    expect(w.find('[data-testid="export-message"]').text()).toContain('Forecast CSV saved')
  })
})
