// Whether two runs' test scores can be set side by side (Runs › Compare): the rule and its words are
// core's (core/export/compare.ts notComparable), which fw compare says too; here a RunDetail is read
// as it. Pure, so the reasons are tested without a view.
import type { RunDetail } from '../../../electron/contract'
import { notComparable as whyNotComparable, type ScoredOn } from '../../../core/export/compare'
import { formatCount } from './columns'

/** A run's detail as core's notComparable reads it. */
export const scoredOn = (d: RunDetail): ScoredOn => ({
  id: d.summary.id,
  dataset: { id: d.summary.datasetId, name: d.summary.datasetName ?? null, content: d.datasetContent ?? null },
  series: d.summary.series ?? null,
  global: d.summary.global ? { series: d.summary.global.series } : null,
  data: d.config.data,
  hasTime: d.hasTime,
  zone: d.zone ?? null,
  forecasts: d.forecasts
})

/** Why the test scores of runs `a` and `b` do not compare, one sentence per reason (core's rule);
 *  empty when they were scored on the same data, series, target, horizon and test period. */
export function notComparable(a: RunDetail, b: RunDetail, { sameSeries = false } = {}): string[] {
  return whyNotComparable(scoredOn(a), scoredOn(b), { sameSeries })
}

/** Why Compare is off with `ticked` runs ticked (it takes exactly two; null when two are), and, where
 *  two or more of them are trials of the sweep the Sweep panel ranks (`sweepShown`), that its table
 *  sets them side by side. */
export function compareHint(ticked: readonly { sweepId: number | null }[], sweepShown: number | null): { text: string; sweep: boolean } | null {
  const n = ticked.length
  if (n === 2) return null
  const text = `Pick exactly two runs to compare${n ? ` (${formatCount(n)} ${n === 1 ? 'is' : 'are'} ticked)` : ''}.`
  const trials = sweepShown === null ? 0 : ticked.filter((r) => r.sweepId === sweepShown).length
  if (trials < 2) return { text, sweep: false }
  return { text: `${text} ${trials === n ? 'They are' : `${formatCount(trials)} of them are`} trials of the sweep below: its table ranks every trial side by side.`, sweep: true }
}
