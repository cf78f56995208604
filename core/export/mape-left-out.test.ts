// MAPE over a few of the test points (exploratory pass 14, finding 7): a 0/1 target's MAPE of 71.43
// was over 28 of 135 rows, the 107 zero actuals left out without a word under the table. fw train's
// and fw show's table (core/cli/format.ts), the report and the app's Evaluate (one function,
// core/data/metrics mapeLeftOutWords) now say so where more than half are left out.
import { Window } from 'happy-dom'
import { describe, expect, it } from 'vitest'
import { sampleReport } from '../../test/fixtures/export/sample-run'
import { mapeLeftOutWords } from '../data/metrics'
import { metricsTable } from '../cli/format'
import { renderReport } from './report'

/** 10 test points at step 1 (and 10 at step 2, the table's): `zeros` of the step-2 actuals 0. */
const rows = (zeros: number) => [
  ...Array.from({ length: 10 }, (_, i) => ({ step: 1, actual: 5 + i })),
  ...Array.from({ length: 10 }, (_, i) => ({ step: 2, actual: i < zeros ? 0 : 1 }))
]
const WORDS = 'MAPE leaves out 8 of the 10 test points, whose actual is 0 (a percentage of 0 is undefined): it is over the other 2 alone; MAE and sMAPE count every point'
const metrics = ['mae', 'mape'].flatMap((metric) => ['model', 'naive'].map((model) => ({ split: 'test' as const, model, metric, value: 0.5 })))
const regression = { task: 'regression' as const, choice: null, target: null }

describe('MAPE over most test points left out', () => {
  it('is counted at the table\'s step, and said only where more than half are left out', () => {
    expect(mapeLeftOutWords(rows(8))).toBe(WORDS)
    expect(mapeLeftOutWords(rows(5))).toBeNull()
    expect(mapeLeftOutWords([])).toBeNull()
    expect(mapeLeftOutWords([...rows(8), { step: 2, actual: null }])).toBe(WORDS)
  })

  it('fw train and fw show say it under the table, a classification run never', () => {
    expect(metricsTable(metrics, 'test', null, regression, rows(8)).split('\n').at(-1)).toBe(`note: ${WORDS}`)
    expect(metricsTable(metrics, 'test', null, regression, rows(5))).not.toContain('MAPE leaves out')
    expect(metricsTable(metrics, 'test', null, { ...regression, task: 'classification' }, rows(8))).not.toContain('MAPE leaves out')
  })

  it('the report says it under its metrics table', () => {
    const input = sampleReport('regression')
    input.metrics = [...input.metrics, ...metrics.filter((m) => m.metric === 'mape')]
    const zeroed = { ...input, forecast: input.forecast.map((r, i) => ({ ...r, actual: r.actual === null ? null : i % 4 === 0 ? r.actual : 0 })) }
    const doc = (html: string) => new new Window().DOMParser().parseFromString(html, 'text/html')
    expect(doc(renderReport(zeroed)).querySelector('#metrics #mape-left-out')?.textContent).toMatch(/^MAPE leaves out \d+ of the \d+ test points, whose actual is 0/)
    expect(doc(renderReport(input)).querySelector('#mape-left-out')).toBeNull()
  })
})
