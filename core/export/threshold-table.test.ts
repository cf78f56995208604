// The report's and the workbook's Threshold table and sentence, on hand-counted test rows: the
// chosen threshold beside 0.5, a run whose validation could not choose (0.5 alone, and why), and a
// score that is 0 / 0 (an empty cell, never NaN).
import { describe, expect, it } from 'vitest'
import { rowsAtThreshold } from '../data/metrics'
import { thresholdColumns, thresholdTable, thresholdWords } from './threshold-table'
import type { ThresholdSummary } from './types'

// six test rows; at 0.35: tp 2 (0.6, 0.8), fp 1 (0.4), fn 1 (0.3), tn 2; at 0.5: tp 2, fp 0, fn 1, tn 3
const rows = [[0.2, 0], [0.4, 0], [0.3, 1], [0.6, 1], [0.8, 1], [0.1, 0]].map(([value, actual]) => ({ value: value!, actual: actual! }))
const validation = { j: 0.5, tpr: 0.75, fpr: 0.25, accuracy: 0.75, precision: 0.5, recall: 0.75, f1: 0.6, n: 40, positives: 9 }
const fmt = (v: number) => v.toFixed(4)

describe('thresholdTable and thresholdWords', () => {
  it('score the test rows at 0.5 and at the chosen threshold, one column each, and say where it was chosen', () => {
    const t: ThresholdSummary = { kept: true, threshold: 0.35, why: null, validation, test: rowsAtThreshold(rows, 0.35), atDefault: rowsAtThreshold(rows, 0.5), holds: 'the class holds' }
    expect(thresholdTable(t)).toEqual({
      header: ['test rows scored at', '0.5 (the stored scores)', '0.35 (chosen on validation)'],
      rows: [['accuracy', 5 / 6, 4 / 6], ['precision', 1, 2 / 3], ['recall', 2 / 3, 2 / 3], ['F1', 0.8, 2 / 3],
        ['true positives', 2, 2], ['false positives', 0, 1], ['false negatives', 1, 1], ['true negatives', 3, 2], ['rows', 6, 6]]
    })
    expect(thresholdWords(t, fmt)).toMatch(/^Chosen on validation: 0\.35, where Youden’s J \(true positive rate minus false positive rate\) is largest, 0\.5000, on 40 validation rows \(9 where the class holds\)\. The test rows played no part/)
  })

  it('without a chosen threshold: the 0.5 column alone, and why; a 0 / 0 score is empty, not NaN', () => {
    const none = rows.map((r) => ({ ...r, value: r.value / 10 })) // nothing above 0.5: precision 0 / 0
    const t: ThresholdSummary = { kept: true, threshold: null, why: 'its 12 validation rows hold one class only', validation: null, test: null, atDefault: rowsAtThreshold(none, 0.5), holds: 'the class holds' }
    const table = thresholdTable(t)!
    expect(table.header).toEqual(['test rows scored at', '0.5 (the stored scores)'])
    expect(table.rows.find((r) => r[0] === 'precision')).toEqual(['precision', null])
    expect(table.rows.find((r) => r[0] === 'true negatives')).toEqual(['true negatives', 3])
    expect(thresholdWords(t, fmt)).toBe('No threshold was chosen on validation: its 12 validation rows hold one class only; everything here uses 0.5.')
    expect(thresholdTable({ ...t, atDefault: null })).toBeNull()
  })

  // exploratory pass 20, finding 9: a run whose validation chose 0.5 showed the same column twice
  it('a chosen threshold of 0.5 is one column, said to be both the stored scores\' and the chosen one', () => {
    const t: ThresholdSummary = { kept: true, threshold: 0.5, why: null, validation, test: rowsAtThreshold(rows, 0.5), atDefault: rowsAtThreshold(rows, 0.5), holds: 'the class holds' }
    const table = thresholdTable(t)!
    expect(table.header).toEqual(['test rows scored at', '0.5 (the stored scores, and chosen on validation)'])
    expect(table.rows.find((r) => r[0] === 'accuracy')).toEqual(['accuracy', 5 / 6])
  })
})

describe('thresholdColumns', () => {
  it('gives each distinct threshold once, with every role it plays, in the order stored, chosen, what-if', () => {
    expect(thresholdColumns(0.35)).toEqual([{ at: 0.5, roles: ['stored'] }, { at: 0.35, roles: ['chosen'] }])
    expect(thresholdColumns(0.5)).toEqual([{ at: 0.5, roles: ['stored', 'chosen'] }])
    expect(thresholdColumns(null)).toEqual([{ at: 0.5, roles: ['stored'] }])
    expect(thresholdColumns(0.35, 0.35)).toEqual([{ at: 0.5, roles: ['stored'] }, { at: 0.35, roles: ['chosen', 'what-if'] }])
    expect(thresholdColumns(0.5, 0.5)).toEqual([{ at: 0.5, roles: ['stored', 'chosen', 'what-if'] }])
    expect(thresholdColumns(null, 0.3)).toEqual([{ at: 0.5, roles: ['stored'] }, { at: 0.3, roles: ['what-if'] }])
    // a slider's 0.35000000000000003 is the chosen 0.35
    expect(thresholdColumns(0.35, 0.35000000000000003)).toEqual([{ at: 0.5, roles: ['stored'] }, { at: 0.35, roles: ['chosen', 'what-if'] }])
  })
})
