// A two-class run's threshold chosen on its validation rows, so that its test scores at that
// threshold are not flattered by looking at the test rows. The rule is Youden's J = TPR - FPR, the
// operating point on the ROC curve farthest above the diagonal:
// - it treats the two classes alike: which class is "class 1" is an accident of the class order
//   (`P(weather = rain)` names the second class of the column), and swapping them moves the chosen
//   threshold to the same place (p > t becomes 1 - p < 1 - t), where F1 of class 1 would not;
// - it does not depend on how often the class occurs on validation, which may differ on test;
// - it is the point the Evaluate view's ROC curve shows, the farthest above its diagonal.
// Every threshold between two neighbouring validation probabilities gives the same counts; the one
// taken is the middle of that gap (the widest margin either side), written with as few decimals as
// stay inside it, or 0.5 itself where 0.5 lies in it.
import { DEFAULT_THRESHOLD, thresholdMetrics } from './metrics'

export const THRESHOLD_RULE = 'youden'

/** Why no threshold was chosen: no validation row with a known class and a probability; only one
 *  class on validation (TPR or FPR undefined); a probability that is not a number (a network
 *  whose outputs went undefined); or no threshold beats chance (J <= 0 everywhere). */
export type NoThresholdReason = 'no-rows' | 'one-class' | 'undefined-probability' | 'no-better-than-chance'

export interface ThresholdChoice {
  rule: typeof THRESHOLD_RULE
  /** class 1 is predicted where its probability is above this; null: none chosen (reason says why) */
  threshold: number | null
  reason: NoThresholdReason | null
  /** validation rows with a known class, and how many of them are class 1 */
  n: number
  positives: number
  /** the validation scores at the chosen threshold; null when none was chosen */
  validation: { j: number; tpr: number; fpr: number; accuracy: number; precision: number; recall: number; f1: number } | null
}

/** Two J values closer than this are a tie (J is a difference of count ratios). */
const TIE = 1e-12

/** Chooses the threshold on validation rows: y the actual class (0 or 1; anything else, an unknown
 *  class, is left out), p1 the predicted probability of class 1. Ties in J go to the gap nearest
 *  0.5, the threshold every stored score uses, then to the lower one. Never NaN: where J is
 *  undefined or no threshold beats chance, threshold is null and reason says why. */
export function chooseThreshold(y: ArrayLike<number>, p1: ArrayLike<number>): ThresholdChoice {
  if (p1.length !== y.length) throw new RangeError(`y has ${y.length} values, p ${p1.length}`)
  const rows: [number, number][] = [] // (p, class) of the rows with a known class
  for (let i = 0; i < y.length; i++) if (y[i] === 0 || y[i] === 1) rows.push([p1[i], y[i]])
  const n = rows.length
  const positives = rows.reduce((s, r) => s + r[1], 0)
  const none = (reason: NoThresholdReason): ThresholdChoice => ({ rule: THRESHOLD_RULE, threshold: null, reason, n, positives, validation: null })
  if (n === 0) return none('no-rows')
  if (rows.some(([p]) => !Number.isFinite(p))) return none('undefined-probability')
  if (positives === 0 || positives === n) return none('one-class')
  rows.sort((a, b) => a[0] - b[0])
  const negatives = n - positives
  // walk the gaps from the top: above gap i are the rows from i + 1 on, all predicted class 1
  let tp = 0
  let fp = 0
  let best: { j: number; lo: number; hi: number; away: number } | null = null
  for (let i = n - 1; i > 0; i--) {
    if (rows[i][1] === 1) tp++
    else fp++
    const lo = rows[i - 1][0]
    const hi = rows[i][0]
    if (lo === hi) continue // not a gap: equal probabilities move together
    const j = tp / positives - fp / negatives
    const away = DEFAULT_THRESHOLD < lo ? lo - DEFAULT_THRESHOLD : DEFAULT_THRESHOLD >= hi ? DEFAULT_THRESHOLD - hi : 0
    // walking down, a tie keeps the later (lower) gap only when it is nearer 0.5
    if (!best || j > best.j + TIE || (Math.abs(j - best.j) <= TIE && away <= best.away)) best = { j, lo, hi, away }
  }
  if (!best || best.j <= TIE) return none('no-better-than-chance')
  const threshold = best.away === 0 ? DEFAULT_THRESHOLD : shortestInside(best.lo, best.hi)
  const m = thresholdMetrics(rows.map((r) => r[1]), rows.map((r) => r[0]), threshold)
  return {
    rule: THRESHOLD_RULE, threshold, reason: null, n, positives,
    validation: { j: m.tpr - m.fpr, tpr: m.tpr, fpr: m.fpr, accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1 }
  }
}

/** The middle of [lo, hi) with the fewest decimals (2 at least) that stay inside it. */
function shortestInside(lo: number, hi: number): number {
  const mid = (lo + hi) / 2
  for (let d = 2; d <= 12; d++) {
    const t = Math.round(mid * 10 ** d) / 10 ** d
    if (t >= lo && t < hi) return t
  }
  return mid
}
