// @vitest-environment happy-dom
// Setup's window diagram draws what one training sample of the run holds: L look-back rows in, and
// the rows it learns to predict: every step 1..h with Direct steps on, step h alone with it off.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import WindowDiagram from './WindowDiagram.vue'

const draw = (lookBack: number, horizon: number, direct: boolean) => {
  const w = mount(WindowDiagram, { props: { lookBack, horizon, direct } })
  const svg = w.get('svg')
  return { label: svg.attributes('aria-label'), text: svg.text(), outputs: w.findAll('rect.out').length }
}

describe('the window diagram', () => {
  it('draws and says step h alone with Direct steps off', () => {
    const d = draw(12, 400, false)
    expect(d.outputs).toBe(1)
    expect(d.text).toContain('y: t+400')
    expect(d.text).not.toContain('t+1 …')
    expect(d.label).toBe('One sample: 12 rows of history predict the row 400 rows ahead (step 400 only, not the rows between)')
  })

  it('draws and says every step 1..h with Direct steps on', () => {
    const d = draw(12, 400, true)
    expect(d.outputs).toBe(6) // at most 6 drawn
    expect(d.text).toContain('y: t+1 … t+400')
    expect(d.label).toBe('One sample: 12 rows of history predict each of the 400 rows ahead, one output per step')
  })

  it('says one row ahead alike either way at horizon 1', () => {
    for (const direct of [false, true]) {
      const d = draw(24, 1, direct)
      expect([d.outputs, d.label]).toEqual([1, 'One sample: 24 rows of history predict the next row'])
      expect(d.text).toContain('y: t+1')
    }
  })
})
