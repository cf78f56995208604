// A two-class run's threshold chosen on its validation rows (runs.threshold_json, migration 014),
// read back for fw show and the app's Evaluate view alike.
import { THRESHOLD_RULE, type NoThresholdReason, type ThresholdChoice } from '../data/threshold'
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
