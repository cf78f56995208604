// @vitest-environment happy-dom
// The split's boundaries are sliders (role=slider): the keys of the WAI-ARIA slider pattern move
// them, and their aria-valuemin / aria-valuemax are the least and the most each may be (exploratory
// pass 7, defect 15: Home, End, Page Up and Page Down did nothing; the range said 0 to 100).
import { mount } from '@vue/test-utils'
import { expect, it } from 'vitest'
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
