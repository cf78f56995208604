// @vitest-environment happy-dom
// The split's boundaries are sliders (role=slider): the keys of the WAI-ARIA slider pattern move
// them, and their aria-valuemin / aria-valuemax are the least and the most each may be (exploratory
// pass 7, defect 15: Home, End, Page Up and Page Down did nothing; the range said 0 to 100).
import { mount } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import SplitHandles from './SplitHandles.vue'

const handles = () => mount(SplitHandles, { props: { train: 0.7, val: 0.15, height: 100, valueText: () => '' } })

it('Home and End take a boundary to its least and most; Page Up and Page Down move it 10 points', async () => {
  const w = handles()
  const h1 = w.get('[data-testid="split-handle-1"]')
  const h2 = w.get('[data-testid="split-handle-2"]')
  expect([h1.attributes('aria-valuemin'), h1.attributes('aria-valuemax')]).toEqual(['5', '83'])
  expect([h2.attributes('aria-valuemin'), h2.attributes('aria-valuemax')]).toEqual(['72', '95'])
  for (const key of ['Home', 'End', 'PageDown', 'PageUp']) await h1.trigger('keydown', { key })
  // training's end: 5 %, then 83 % (validation's end, 85 %, less 2 points), 60 %, 80 %; the
  // validation's end stays at 85 % each time
  expect(w.emitted('update:train')).toEqual([[0.05], [0.83], [0.6], [0.8]])
  expect(w.emitted('update:val')).toEqual([[0.8], [0.02], [0.25], [0.05]])
  for (const key of ['Home', 'End', 'PageUp']) await h2.trigger('keydown', { key })
  // validation's end: 72 % (2 points past training's 70 %), 95 %, 95 % (no further)
  expect(w.emitted('update:val')!.slice(4)).toEqual([[0.02], [0.25], [0.25]])
  const end = new KeyboardEvent('keydown', { key: 'End', cancelable: true })
  h2.element.dispatchEvent(end)
  expect(end.defaultPrevented).toBe(true) // the page does not scroll to its end
})

it('a drag moves the boundary once a frame, to where the pointer was last, and ends where the pointer was let go', async () => {
  // the lanes re-cut every series at each move: three moves in one frame were three cuts in a row
  const frames: FrameRequestCallback[] = []
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f))
  vi.stubGlobal('cancelAnimationFrame', (id: number) => id && (frames[id - 1] = () => {}))
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ left: 100, width: 1000, top: 0, height: 100, right: 1100, bottom: 100, x: 100, y: 0, toJSON: () => ({}) })
  const nextFrame = () => frames.splice(0).forEach((f) => f(0))
  try {
    const w = handles()
    const h2 = w.get('[data-testid="split-handle-2"]')
    await h2.trigger('pointerdown', { pointerId: 1, clientX: 950 })
    for (const clientX of [960, 980, 1000]) await h2.trigger('pointermove', { pointerId: 1, clientX })
    expect(w.emitted('update:val')).toBeUndefined()
    nextFrame()
    expect(w.emitted('update:val')).toEqual([[0.2]]) // 90 % less training's 70 %
    // moves not yet made when the pointer is let go are made then, not a frame later
    await h2.trigger('pointermove', { pointerId: 1, clientX: 1010 })
    await h2.trigger('pointerup', { pointerId: 1, clientX: 1010 })
    expect(w.emitted('update:val')).toEqual([[0.2], [0.21]])
    nextFrame()
    // a click on a boundary, without a move, leaves it where it is
    await h2.trigger('pointerdown', { pointerId: 1, clientX: 1005 })
    await h2.trigger('pointerup', { pointerId: 1, clientX: 1005 })
    nextFrame()
    expect(w.emitted('update:val')).toHaveLength(2)
  } finally {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  }
})
