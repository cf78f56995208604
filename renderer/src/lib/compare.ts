// Whether two runs' test scores can be set side by side (Runs › Compare). A run scored 7 steps
// ahead errs more than one scored 1 step ahead of the same series, and a run tested on another
// stretch of time, another series or another target measures other data: a lower error there says
// nothing about which model is better. Pure, so the reasons are tested without a view.
import type { RunDetail } from '../../../electron/contract'
import { formatCount, formatTime } from './columns'

type Split = RunDetail['config']['data']['split']

/** The test period a run was scored on: the times of its forecasts at its horizon (the step its
 *  test metrics are measured at); null where it stored none (a global run, a run stored before). */
function period(d: RunDetail): { from: number; to: number; n: number } | null {
  const h = d.config.data.horizon
  const ts = d.forecasts.filter((r) => r.step === h).map((r) => r.ts)
  return ts.length ? { from: Math.min(...ts), to: Math.max(...ts), n: ts.length } : null
}
const periodWords = (d: RunDetail, p: { from: number; to: number; n: number }) => {
  const at = (t: number) => (d.hasTime ? formatTime(t) : `row ${formatCount(t)}`)
  return `${at(p.from)} – ${at(p.to)} (${formatCount(p.n)} ${p.n === 1 ? 'point' : 'points'})`
}
const splitWords = (s: Split) => (s.kind === 'fraction' ? `the last ${Math.round((1 - s.train - s.val) * 100)} % of its rows` : `its rows from ${s.testStart}`)
const seriesWords = (d: RunDetail) => (d.summary.global ? `all ${formatCount(d.summary.global.series)} series with one model` : d.summary.series ?? null)
const stepsAhead = (h: number) => `${h} ${h === 1 ? 'step' : 'steps'} ahead`

/** Why the test scores of runs `a` and `b` do not compare, one sentence per reason; empty when
 *  they were scored on the same data, series, target, horizon and test period. `sameSeries`: a
 *  global run's row for the other run's one series is compared (core/export/compare.ts narrowing),
 *  not its means over all its series. */
export function notComparable(a: RunDetail, b: RunDetail, { sameSeries = false } = {}): string[] {
  const [A, B] = [`run #${a.summary.id}`, `run #${b.summary.id}`]
  const why: string[] = []
  const [fa, fb] = [a.summary.datasetName ?? null, b.summary.datasetName ?? null]
  if (fa !== fb) why.push(`Data: ${A} forecasts ${fa ?? 'a file not named'}, ${B} ${fb ?? 'a file not named'}. MAE and RMSE are each in the units of their own file; MASE, sMAPE and skill have no units, but still measure other series.`)
  // two imports of one name (an edited file, another month's export) are other data too
  else if (a.summary.datasetId !== b.summary.datasetId) why.push(`Data: ${A} and ${B} forecast two different imports named ${fa ?? 'alike'} (datasets ${a.summary.datasetId} and ${b.summary.datasetId}): their rows may differ.`)
  const [sa, sb] = [seriesWords(a), seriesWords(b)]
  if (sa !== sb && !sameSeries) why.push(`Series: ${A} forecasts ${sa ?? 'the whole file'}, ${B} ${sb ?? 'the whole file'}.`)
  const [ta, tb] = [a.config.data.target, b.config.data.target]
  if (ta !== tb) why.push(`Target: ${A} forecasts ${ta}, ${B} ${tb}.`)
  else if (a.config.data.task === 'classification' && b.config.data.task === 'classification' && (a.config.data.rule ?? null) !== (b.config.data.rule ?? null))
    why.push(`Classes: ${A} predicts ${a.config.data.rule ? `whether ${a.config.data.rule}` : `the classes of ${ta}`}, ${B} ${b.config.data.rule ? `whether ${b.config.data.rule}` : `the classes of ${tb}`}: other classes, other base rates.`)
  else if (a.config.data.task !== b.config.data.task) why.push(`Task: ${A} ${a.config.data.task === 'classification' ? 'classifies' : 'forecasts values'}, ${B} ${b.config.data.task === 'classification' ? 'classifies' : 'forecasts values'}: their scores are different measures.`)
  const [ha, hb] = [a.config.data.horizon, b.config.data.horizon]
  if (ha !== hb) why.push(`Horizon: ${A} is scored on forecasts ${stepsAhead(ha)}, ${B} on forecasts ${stepsAhead(hb)}. Errors grow the further ahead a forecast looks.`)
  const [pa, pb] = [period(a), period(b)]
  if (pa && pb) {
    if (pa.from !== pb.from || pa.to !== pb.to || pa.n !== pb.n) why.push(`Test period: ${A} is scored on ${periodWords(a, pa)}, ${B} on ${periodWords(b, pb)}.`)
  } else if (JSON.stringify(a.config.data.split) !== JSON.stringify(b.config.data.split)) {
    why.push(`Test period: ${A} is scored on ${splitWords(a.config.data.split)}, ${B} on ${splitWords(b.config.data.split)}.`)
  }
  return why
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
