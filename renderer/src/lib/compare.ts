// Whether two runs' test scores can be set side by side (Runs › Compare): the rule and its words are
// core's (core/export/compare.ts notComparable), which fw compare says too; here a RunDetail is read
// as it. Pure, so the reasons are tested without a view.
import type { RunDetail } from '../../../electron/contract'
import { notComparable as whyNotComparable, type ScoredOn } from '../../../core/export/compare'
import { formatCount } from './columns'
import { lossSumMark, scoredSteps, summedOutputs } from '../../../core/train/clip-rate'

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

/** A run's loss as Runs marks it: "sum of 12 steps" (per-step), "sum of 6 outputs" (direct); null for one. */
const lossMark = (d: RunDetail): string | null => lossSumMark(scoredSteps(d.config), summedOutputs(d.config))

/** Why the losses of runs `a` and `b` are not one quantity, so that Compare draws them apart rather
 *  than on one axis (null when they are): one sums the loss over more steps or outputs of each window
 *  than the other (about that many times as large), or they learn other data or another target,
 *  each loss in the scale of its own series. */
export function lossApart(a: RunDetail, b: RunDetail): string | null {
  const [A, B] = [`#${a.summary.id}`, `#${b.summary.id}`]
  const [ma, mb] = [lossMark(a), lossMark(b)]
  if (ma !== mb) return `Not overlaid: ${A}'s loss is ${ma ?? 'one step of one output'} of each window, ${B}'s ${mb ?? 'one step of one output'}; they are not the same quantity.`
  const [sa, sb] = [scoredOn(a), scoredOn(b)]
  const data = (s: ScoredOn) => JSON.stringify([s.dataset.name, s.dataset.content ?? s.dataset.id, s.series, s.data.target, s.data.task])
  if (data(sa) !== data(sb)) return `Not overlaid: ${A} and ${B} learn other data or another target, each loss in the scale of its own series.`
  return null
}

/** A run's loss mark for a chart's title: " (sum of 12 steps)", or nothing. */
export const lossTitleMark = (d: RunDetail): string => (lossMark(d) ? ` (${lossMark(d)})` : '')
