// A two-class run's threshold chosen on its validation rows (runs.threshold_json, migration 014),
// read back for fw show, the exports and the app's Evaluate view alike.
import { DEFAULT_THRESHOLD, rowsAtThreshold } from '../data/metrics'
import { THRESHOLD_RULE, type NoThresholdReason, type ThresholdChoice } from '../data/threshold'
import type { ThresholdSummary } from '../export'
import type { Run } from '../store'

const REASONS: readonly NoThresholdReason[] = ['no-rows', 'one-class', 'undefined-probability', 'no-better-than-chance']
const VALIDATION_SCORES = ['j', 'tpr', 'fpr', 'accuracy', 'precision', 'recall', 'f1'] as const

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** The stored choice, or null where none is kept: a run stored before schema 14, a regression run or
 *  one of more than two classes, and a row this app did not write (a damaged or foreign entry is left
 *  out, not a broken view). */
export function storedThreshold(run: Pick<Run, 'thresholdJson'>): ThresholdChoice | null {
  if (run.thresholdJson === null) return null
  let c: Record<string, unknown>
  try {
    c = JSON.parse(run.thresholdJson) as Record<string, unknown>
  } catch {
    return null
  }
  if (typeof c !== 'object' || c === null || c['rule'] !== THRESHOLD_RULE || !isCount(c['n']) || !isCount(c['positives'])) return null
  const { threshold, reason, validation } = c
  if (threshold === null) {
    if (!REASONS.includes(reason as NoThresholdReason) || validation !== null) return null
  } else {
    if (!isFinite(threshold) || threshold < 0 || threshold > 1 || reason !== null) return null
    if (typeof validation !== 'object' || validation === null || !VALIDATION_SCORES.every((k) => isFinite((validation as Record<string, unknown>)[k]))) return null
  }
  return c as unknown as ThresholdChoice
}

/** Why no threshold was chosen on validation, in words for fw and the exported files alike (no
 *  capital, no stop; the app's Evaluate view says the same in its own). */
function noThresholdWords(c: Pick<ThresholdChoice, 'reason' | 'n' | 'positives'>, holds: string): string {
  switch (c.reason) {
    case 'no-rows': return 'the run had no validation rows with a known class to choose it on'
    case 'one-class': return `its ${c.n} validation rows hold one class only (${c.positives ? 'all' : 'none'} where ${holds}), so no threshold can be judged on them`
    case 'undefined-probability': return 'the network gave undefined probabilities on validation'
    default: return `no threshold told the classes apart better than chance on its ${c.n} validation rows (Youden's J at most 0)`
  }
}

/** What a run stored before schema 14 says in place of a choice. */
const THRESHOLD_NOT_KEPT = 'none is kept with this run: it was stored before runs kept the threshold chosen on validation'

/** A two-class run's threshold (c: as chosen when it trained, or storedThreshold's; null: a run
 *  stored before runs kept one) with its test rows (value: the probability of class 1, actual: the
 *  class or null) scored at it and at 0.5: what fw train, fw show and the exports say of it. holds:
 *  what its rows of the class are counted by (core/export whereClassHolds: 'rain = yes' in the
 *  data file's words, else 'the class holds'). */
export function thresholdSummary(c: ThresholdChoice | null, rows: readonly { value: number; actual: number | null }[], holds: string): ThresholdSummary {
  const atDefault = rowsAtThreshold(rows, DEFAULT_THRESHOLD)
  if (!c) return { kept: false, threshold: null, why: THRESHOLD_NOT_KEPT, validation: null, test: null, atDefault, holds }
  if (c.threshold === null || !c.validation) return { kept: true, threshold: null, why: noThresholdWords(c, holds), validation: null, test: null, atDefault, holds }
  return { kept: true, threshold: c.threshold, why: null, validation: { ...c.validation, n: c.n, positives: c.positives }, test: rowsAtThreshold(rows, c.threshold), atDefault, holds }
}
