import { describe, expect, it } from 'vitest'
import type { ChartDataset } from 'chart.js'
import { legendItems, legendMark } from './legend'

describe("legend swatches drawn as the chart's lines and bands", () => {
  it('a line is a line, a dashed one dashed (the validation loss, a reference line)', () => {
    expect(legendMark({ label: 'train', data: [], borderColor: '#111', backgroundColor: '#111' })).toEqual({ pointStyle: 'line', fillStyle: '#111', strokeStyle: '#111', lineWidth: 2, lineDash: [] })
    expect(legendMark({ label: '#2 val', data: [], borderColor: '#222', backgroundColor: '#222', borderDash: [5, 3] } as ChartDataset)).toMatchObject({ pointStyle: 'line', strokeStyle: '#222', lineDash: [5, 3] })
  })
  it('an interval band (filled to the next line, no line of its own) is a box in its fill', () => {
    const band = { label: '90 % interval', data: [], borderColor: 'transparent', backgroundColor: 'rgba(37,99,235,0.15)', fill: '+1' } as ChartDataset
    expect(legendMark(band)).toEqual({ pointStyle: 'rect', fillStyle: 'rgba(37,99,235,0.15)', strokeStyle: 'rgba(37,99,235,0.15)', lineWidth: 0, lineDash: [] })
  })
  it('points without a line keep their point (a ring for the values far from the rest)', () => {
    const far = { label: 'far', data: [], showLine: false, pointStyle: 'circle', borderColor: '#c00', backgroundColor: 'transparent', borderWidth: 2 } as ChartDataset
    expect(legendMark(far)).toEqual({ pointStyle: 'circle', fillStyle: 'transparent', strokeStyle: '#c00', lineWidth: 2, lineDash: [] })
    expect(legendMark({ label: 't', data: [], showLine: false, pointStyle: 'rectRot', borderColor: '#444', backgroundColor: '#444' } as ChartDataset).pointStyle).toBe('rectRot')
  })
  it('items: each label with its swatch, a hidden dataset marked so', () => {
    const items = legendItems([{ label: 'a', data: [], borderColor: '#111' }, { label: 'b', data: [], borderColor: '#222', borderDash: [4, 4] } as ChartDataset], (i) => i === 0, '#555')
    expect(items.map((x) => [x.text, x.datasetIndex, x.hidden, x.pointStyle, x.lineDash, x.fontColor])).toEqual([['a', 0, false, 'line', [], '#555'], ['b', 1, true, 'line', [4, 4], '#555']])
  })
})
