// @vitest-environment happy-dom
// A fast run's last epochs and its 'done' come in one burst: the finished state shows them all at
// once, in its charts and their descriptions, not the epochs of the last animation frame (the
// loss chart said "over 1 epoch" under "Finished all 5 epochs" until the stored run came back).
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useRunStore } from '../stores/run'
import { setUpView } from '../test/fakes'
import TrainView from './TrainView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))
afterEach(() => vi.restoreAllMocks())

const epoch = (n: number) => ({ type: 'epoch' as const, epoch: n, trainLoss: 1 / n, valLoss: 1.1 / n, gradNorm: 1, clipRate: 0, lr: 0.005, seconds: 0.05, gradFlow: [0.1, 0.2] })

describe('Train view: a run that finishes', () => {
  it('shows every epoch as it finishes, before the stored run is read back', async () => {
    // the stored run's answer is late; frames are run by hand
    const { api, mountOptions } = setUpView({ startRun: vi.fn(async () => ({ startId: 1 })), getRun: vi.fn(() => new Promise(() => {})) })
    const frames: FrameRequestCallback[] = []
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb))
    const frame = () => frames.splice(0).forEach((cb) => cb(0))
    const cfg = (await import('../../../core/train/config')).defaultConfig('temp')
    const run = useRunStore()
    await run.start(1, cfg)
    const w = mount(TrainView, mountOptions)
    api.emit({ runId: 3, startId: 1, event: { type: 'started', epochs: 5, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] } })
    api.emit({ runId: 3, event: epoch(1) })
    frame()
    await flushPromises()
    const lossSaid = () => {
      const canvas = w.find('canvas[aria-label="Loss"]')
      return w.find(`[id="${canvas.attributes('aria-describedby')}"]`).text()
    }
    expect(lossSaid()).toMatch(/ over 1 epoch;/)
    // the last four epochs and the end in one burst, no frame between
    for (const n of [2, 3, 4, 5]) api.emit({ runId: 3, event: epoch(n) })
    api.emit({ runId: 3, event: { type: 'done', epochsRun: 5, bestEpoch: 5, stoppedEarly: false } })
    await flushPromises()
    expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5])
    expect(w.get('[data-testid="train-end"]').text()).toMatch(/^Finished all 5 epochs\./)
    expect(w.get('[data-testid="epoch"]').text()).toBe('5')
    expect(lossSaid()).toBe('training loss 1 → 0.2 over 5 epochs; best validation loss 0.22 at epoch 5')
    // each "log scale" box says which chart it scales (exploratory pass 18: both were named "log scale")
    expect(w.findAll('input[type="checkbox"]').map((x) => x.attributes('aria-label'))).toEqual(['log scale (Loss chart)', 'log scale (Gradient flow chart)'])
    w.unmount()
  })

  it("does not show a run's batched epochs under the next run watched", async () => {
    const { api } = setUpView({ startRun: vi.fn(async () => ({ startId: 1 })) })
    const frames: FrameRequestCallback[] = []
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb))
    const cfg = (await import('../../../core/train/config')).defaultConfig('temp')
    const run = useRunStore()
    await run.start(1, cfg)
    api.emit({ runId: 3, startId: 1, event: { type: 'started', epochs: 5, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] } })
    api.emit({ runId: 3, event: epoch(1) }) // batched for the next frame
    api.startRun = vi.fn(async () => ({ startId: 2 }))
    await run.start(1, cfg) // another start, watched before that frame
    frames.splice(0).forEach((cb) => cb(0))
    expect(run.startId).toBe(2)
    expect(run.epochs).toEqual([])
  })
})
