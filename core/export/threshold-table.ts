// A two-class run's threshold chosen on validation, in the report and the workbook: one sentence on
// where it was chosen (or why there is none), and a table of the test rows scored at 0.5, the
// threshold of the stored scores, beside them scored at the chosen one. Shared by the report's
// Classification section and the workbook's About sheet.
import { DEFAULT_THRESHOLD, type ThresholdMetrics } from '../data/metrics'
import type { ThresholdSummary } from './types'

/** Where the threshold was chosen and on what, or why there is none (a sentence, plain text). */
export function thresholdWords(t: ThresholdSummary, fmt: (v: number) => string): string {
  if (!t.kept) return `No threshold chosen on validation is kept with this run: it was stored before runs kept one; everything here uses ${DEFAULT_THRESHOLD}.`
  if (t.threshold === null || !t.validation) return `No threshold was chosen on validation: ${t.why}; everything here uses ${DEFAULT_THRESHOLD}.`
  const v = t.validation
  return `Chosen on validation: ${t.threshold}, where Youden’s J (true positive rate minus false positive rate) is largest, ${fmt(v.j)}, on ${v.n} validation rows (${v.positives} where ${t.holds}). ` +
    `The test rows played no part in choosing it, so their scores at it are not flattered by the choice. ` +
    `The metrics, the verdict and the confusion matrix use ${DEFAULT_THRESHOLD}; the forecast files hold the probabilities, to which either threshold can be applied.`
}

export interface ThresholdTable {
  header: string[]
  /** one row per score: its name, then its value at 0.5 and (when one was chosen) at the chosen threshold; null where undefined (0 / 0) */
  rows: [string, ...(number | null)[]][]
}

const ROWS: [string, (m: ThresholdMetrics) => number][] = [
  ['accuracy', (m) => m.accuracy],
  ['precision', (m) => m.precision],
  ['recall', (m) => m.recall],
  ['F1', (m) => m.f1],
  ['true positives', (m) => m.confusion[1]![1]!],
  ['false positives', (m) => m.confusion[0]![1]!],
  ['false negatives', (m) => m.confusion[1]![0]!],
  ['true negatives', (m) => m.confusion[0]![0]!],
  ['rows', (m) => m.n]
]

/** The rows of ThresholdTable that hold scores (0 to 1); the others are counts. */
export const SCORE_ROWS: ReadonlySet<string> = new Set(ROWS.slice(0, 4).map(([name]) => name))

/** What a threshold is to a run: the one its stored scores use (0.5), the one chosen on validation,
 *  the app's what-if (its slider). */
export type ThresholdRole = 'stored' | 'chosen' | 'what-if'

/** The thresholds to score the test rows at, each distinct one once with every role it plays (in
 *  the order stored, chosen, what-if): a run whose validation chose 0.5 gets one column, said to be
 *  both, not the same scores twice (exploratory pass 20). fw train's and fw show's lines, the
 *  report's and the workbook's table and the app's Threshold panel read it. chosen: null where none
 *  was chosen; whatIf: the app's slider, absent elsewhere. */
export function thresholdColumns(chosen: number | null, whatIf?: number): { at: number; roles: ThresholdRole[] }[] {
  const columns: { at: number; roles: ThresholdRole[] }[] = []
  const add = (at: number, role: ThresholdRole) => {
    const same = columns.find((c) => Math.abs(c.at - at) < 1e-9)
    if (same) same.roles.push(role)
    else columns.push({ at, roles: [role] })
  }
  add(DEFAULT_THRESHOLD, 'stored')
  if (chosen !== null) add(chosen, 'chosen')
  if (whatIf !== undefined) add(whatIf, 'what-if')
  return columns
}

/** The test rows with a known class at 0.5 and at the chosen threshold, one column each (one for
 *  both where 0.5 was chosen: thresholdColumns); null without such a row. Without a chosen
 *  threshold, the 0.5 column alone. */
export function thresholdTable(t: ThresholdSummary): ThresholdTable | null {
  if (!t.atDefault) return null
  const columns = thresholdColumns(t.test ? t.threshold : null)
  const label = (roles: ThresholdRole[]) => roles.map((r) => (r === 'stored' ? 'the stored scores' : 'chosen on validation')).join(', and ')
  const header = ['test rows scored at', ...columns.map((c) => `${c.at} (${label(c.roles)})`)]
  const at = columns.map((c) => (c.roles.includes('stored') ? t.atDefault! : t.test!))
  return { header, rows: ROWS.map(([name, of]) => [name, ...at.map((m) => (Number.isFinite(of(m)) ? of(m) : null))]) }
}
