// @vitest-environment happy-dom
// A chart's canvas is an image named by its title and described by the numbers it shows: the
// view's summary, else its lines' points and ranges; a live chart's description follows its data at
// most once a second (at once as a live chart's data ends), and is not an aria-live region (no
// announcement per epoch).
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ChartDataset } from 'chart.js'
import ChartPanel from './ChartPanel.vue'
import { setApi } from '../api'
import { fakeApi } from '../test/fakes'

vi.mock('../lib/chart', () => import('../test/chart-stub'))
afterEach(() => vi.useRealTimers())

const described = (w: ReturnType<typeof mount>) => {
  const canvas = w.find('canvas[role="img"]')
  const id = canvas.attributes('aria-describedby')
  expect(id).toBeTruthy()
  const p = w.find(`[id="${id}"]`)
  expect(p.attributes('aria-live')).toBeUndefined()
  return { name: canvas.attributes('aria-label'), description: p.text() }
}
const line = (label: string, ys: number[]) => ({ label, data: ys.map((y, x) => ({ x, y })) }) as ChartDataset

describe('Chart panel: its text alternative', () => {
  it('describes the canvas by the summary given, else by its datasets', () => {
    const w = mount(ChartPanel, { props: { title: 'Loss', datasets: [line('train', [0.5, 0.2])], summary: 'training loss 0.5 → 0.2 over 2 epochs' } })
    expect(described(w)).toEqual({ name: 'Loss', description: 'training loss 0.5 → 0.2 over 2 epochs' })
    const v = mount(ChartPanel, { props: { title: 'ROC curve', datasets: [line('model', [0, 0.6, 1])] } })
    expect(described(v).description).toBe('model: 3 points, 0 to 1')
    w.unmount()
    v.unmount()
  })

  it('follows a live chart at most once a second, the last data last', async () => {
    vi.useFakeTimers()
    const w = mount(ChartPanel, { props: { title: 'Loss', datasets: [], summary: 'no epochs yet', live: true } })
    await w.setProps({ summary: 'epoch 1' }) // the first data: said at once
    expect(described(w).description).toBe('epoch 1')
    for (let e = 2; e <= 5; e++) {
      await w.setProps({ summary: `epoch ${e}` })
      vi.advanceTimersByTime(100)
    }
    await w.vm.$nextTick()
    expect(described(w).description).toBe('epoch 1')
    vi.advanceTimersByTime(600)
    await w.vm.$nextTick()
    expect(described(w).description).toBe('epoch 5')
    // the run ends with its last epochs: said with its end, not up to a second later
    await w.setProps({ summary: 'epoch 6' })
    await w.setProps({ summary: 'epoch 7', live: false })
    expect(described(w).description).toBe('epoch 7')
    vi.advanceTimersByTime(1000)
    await w.vm.$nextTick()
    expect(described(w).description).toBe('epoch 7')
    w.unmount()
  })
})

describe('Chart panel: Save PNG', () => {
  it('pressed before the chart is drawn (made a frame and a few tasks after mounting), saves it once drawn, once', async () => {
    const saveFile = vi.fn(async () => ({ saved: true, where: 'download' as const }))
    setApi(fakeApi({ saveFile }))
    const w = mount(ChartPanel, { props: { title: 'Loss', datasets: [line('train', [0.5, 0.2])] } })
    await w.get('button[aria-label="Save Loss as PNG"]').trigger('click')
    await w.get('button[aria-label="Save Loss as PNG"]').trigger('click')
    expect(w.get('[role="status"]').text()).toBe('Drawing the chart to save it…')
    expect(saveFile).not.toHaveBeenCalled()
    for (let k = 0; k < 8; k++) await new Promise((r) => setTimeout(r, 20))
    await flushPromises()
    expect(saveFile).toHaveBeenCalledTimes(1)
    expect(saveFile).toHaveBeenCalledWith({ suggestedName: 'loss.png', bytes: expect.any(Uint8Array) })
    expect(w.get('[role="status"]').text()).toBe('Saved')
    w.unmount()
    setApi(null)
  })
})
