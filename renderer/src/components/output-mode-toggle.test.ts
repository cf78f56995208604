// @vitest-environment happy-dom
// The output-mode radios are named by their own words, not by the text of the drawing inside their
// label ("x1x2x3x4x5ŷ5Last step only L = L_T", as a screen reader read them before).
import { mount } from '@vue/test-utils'
import { expect, it } from 'vitest'
import OutputModeToggle from './OutputModeToggle.vue'

it('names each output-mode radio by its choice', () => {
  const w = mount(OutputModeToggle, { props: { modelValue: 'final' } })
  const radios = w.findAll('input[type="radio"]')
  expect(radios.map((r) => [r.attributes('value'), r.attributes('aria-label')])).toEqual([['per-step', 'Every step'], ['final', 'Last step only']])
  // the drawings are left out of the names: they say what the explanation below says in words
  for (const svg of w.findAll('svg')) expect(svg.attributes('aria-hidden')).toBe('true')
})
