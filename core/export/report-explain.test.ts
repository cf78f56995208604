import { Window } from 'happy-dom'
import { describe, expect, it } from 'vitest'
import { sampleReport } from '../../test/fixtures/export/sample-run'
import { renderReport } from './report'
import type { ExplanationSummary } from './types'

const parse = (html: string) => new new Window().DOMParser().parseFromString(html, 'text/html')

function explanation(): ExplanationSummary {
  const L = 4
  const names = ['load', 'temp', '<b>x</b>']
  return {
    target: 'load', lookback: L, horizon: 1, inputNames: names, lags: [4, 3, 2, 1],
    baseline: { words: 'a flat history' }, method: { quadrature: 'gauss-legendre', steps: 32 },
    at: { row: 100, time: Date.UTC(2024, 0, 5), forecast: 12.5, fromBaseline: 12, attributions: [[0.1, -0.2, 0], [0, 0.1, 0], [0.3, 0, 0], [0, 0.2, 0.01]], gap: 1e-9 },
    global: { windows: 120, meanAbs: [[0.1, 0.2, 0], [0, 0.1, 0], [0.3, 0, 0], [0.05, 0.2, 0.01]], perInput: [0.45, 0.5, 0.01], effectiveMemory: 3, share: 0.95 },
    permutation: { by: 'feature', base: 1.2, items: [{ name: 'load', increase: 0.8 }, { name: 'temp', increase: 0.3 }, { name: '<b>x</b>', increase: -0.01 }] },
    notes: ['level-relative run']
  }
}

describe('report: why the network forecasts this', () => {
  it('draws importance bars, permutation bars, both heatmaps (one cell per lag and input) and the effective memory', () => {
    const doc = parse(renderReport({ ...sampleReport(), explanation: explanation() }))
    const s = doc.querySelector('#explain')!
    expect(s.querySelector('svg[aria-label="importance per input"]')).not.toBeNull()
    expect(s.querySelector('svg[aria-label="permutation importance"]')).not.toBeNull()
    expect(s.querySelectorAll('svg[aria-label="importance heatmap"] rect')).toHaveLength(4 * 3)
    expect(s.querySelectorAll('svg[aria-label="attributions of one forecast"] rect')).toHaveLength(4 * 3)
    expect(s.textContent).toContain('the latest 3 of 4 rows of the window hold 95 %')
    // a negative attribution is red, a positive one blue
    const cells = [...s.querySelectorAll('svg[aria-label="attributions of one forecast"] rect')]
    expect(cells.find((c) => c.querySelector('title')!.textContent!.startsWith('temp, lag 4'))!.getAttribute('fill')).toBe('#b91c1c')
    expect(s.innerHTML).not.toContain('<b>x</b>')
  })

  it('says when the cells do not add up to the move, and by how much; nothing when they do', () => {
    const html = (gap: number) => parse(renderReport({ ...sampleReport(), explanation: { ...explanation(), at: { ...explanation().at, gap } } })).querySelector('#explain')!.textContent!
    expect(html(1e-9)).not.toContain('The cells add up to')
    // the move is 12.5 - 12 = 0.5, the cells sum to 0.2
    expect(html(-0.3)).toContain('The cells add up to 0.2, not to the move 0.5: they miss 0.3 of it (60 %)')
  })

  it('says why there is none for a classification run', () => {
    const doc = parse(renderReport(sampleReport('classification')))
    expect(doc.querySelector('#explain')!.textContent).toContain('regression runs only')
  })
})
