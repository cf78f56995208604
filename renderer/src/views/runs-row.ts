// What the Runs table shows of a run beyond its fields: its forecast's name, tone, skill cell and its
// words, automatic name and range warning. Worked out once a row (rowView): a page drew each cell's
// tone four times over (class, data-tone, title and the spoken words), 0.4-0.55 s a 50-row page.
import type { RunListItem } from '../../../electron/contract'
import { butClauses, fewEventsWords, globalClassVerdict, globalVerdict, levelWords, scoresBetterWords, skillPercent, toneOf, type VerdictTone } from '../../../core/export/verdict'
import { rangeWarning } from '../../../core/data/range'
import { naturalCompare } from '../../../core/data/natural'
import { formatNumber } from '../lib/columns'
import { cellName, forecasterLabel } from '../lib/names'
import { forecasterWords } from '../../../core/export/forecaster-name'

/** A run's row as the table draws it. */
export interface RowView {
  /** What made the run's forecast ('' unless done) in a few words, as `fw runs` says it ('ETS +
   *  Theta'), and its full label, as Evaluate and Compare name it, for the cell's title (undefined
   *  where the two are the same). */
  forecast: string
  forecastTitle: string | undefined
  /** Its verdict's tone (a done run's): class and data-tone of the skill cell; null otherwise. */
  tone: VerdictTone | null
  /** The network lost on validation: the forecast is a statistical fallback. */
  lost: boolean
  /** The skill cell's text, its title (tone in words; why a '—'), and what a screen reader hears after it. */
  skill: string
  title: string | undefined
  spoken: string
  /** A name for an unnamed run: "co2.csv · LSTM 32 · 14→1". */
  autoName: string
  /** The out-of-range warning stored with a done run when it trained; null otherwise. */
  range: string | null
}

const TONE_TEXT = { good: 'beats the baselines', warn: 'network lost; statistical fallback', bad: 'worse than a baseline' } as const

/** What made the run's forecast: its stored label, as Evaluate and Compare name it. */
export function forecastWord(r: RunListItem): string {
  if (r.status !== 'done') return ''
  if (r.global) return 'per series' // each series' own choice on its validation rows
  const f = r.forecaster
  return f ? forecasterLabel(f.chosen, f.label) : 'network'
}

/** The forecast's cell: its members in a few words where it has a stored label (the full label
 *  overflowed the column), else forecastWord's; and the full label as its title where they differ. */
function forecastCell(r: RunListItem): { forecast: string; forecastTitle: string | undefined } {
  const full = forecastWord(r)
  const f = r.forecaster
  const short = r.status === 'done' && !r.global && f?.label ? forecasterWords(f.chosen, f.label) : full
  return { forecast: short, forecastTitle: short === full ? undefined : full }
}

/** A name for unnamed runs: "co2.csv · LSTM 32 · 14→1", "stores.csv · store = B · LSTM 32 · 14→1". */
export function autoName(r: RunListItem): string {
  const parts = [r.datasetName, r.series, cellName(r.cell) + (r.hiddenSize ? ` ${r.hiddenSize}` : ''), r.lookBack ? `${r.lookBack}→${r.horizon ?? 1}` : ''].filter(Boolean)
  return parts.join(' · ')
}

/** Run `r`'s row: each value worked out once (a global run's verdict too). */
export function rowView(r: RunListItem): RowView {
  // the verdict's judgement, made on main (networkLostOf): a network level with its yardstick to
  // rounding (a constant series) did not lose, as Evaluate says
  const lost = r.forecaster?.lost === true
  // a global classification's verdict counts the series that beat their training rate (it has no naive)
  const verdict = r.global && r.status === 'done' ? (r.global.classification ? globalClassVerdict(r.global.series, r.global.classification, r.global.classification.noise ?? null) : globalVerdict(r.global)) : null
  // a global run's tone is its verdict's: how many of its series beat the better naive (or their training rate)
  const tone = r.status !== 'done' ? null : verdict ? verdict.tone : toneOf(r.testMetric?.skill ?? null, lost, !!r.testMetric?.plainBetter, r.testMetric?.fewEvents !== undefined, r.testMetric?.level !== undefined)
  // the test skill, as Evaluate gives it (a global run's 1 − its GMRAE, scale-free), and for a
  // global run how many series beat the better naive
  const s = r.testMetric?.skill != null ? skillPercent(r.testMetric.skill) : null
  // a global run's series that beat their training rate (a regression's: the better naive), beyond
  // noise where it is kept (as its verdict counts them)
  const beat = r.global?.classification ? r.global.classification.rateNoise?.beat ?? r.global.classification.beatRate : r.global?.bestNaiveNoise?.beat ?? r.global?.beatBestNaive
  const counted = r.global && r.status === 'done' ? `${beat} of ${r.global.series} series` : null
  const skill = counted ? `${s !== null ? `${s} · ` : ''}${counted}` : s ?? '—'
  // a classification run that beats the baselines: its verdict's cautions, in its words and order
  // (baselines that classified more test rows right, then few rows of its rarer class)
  const t = r.testMetric
  const cautions = butClauses([t?.scoresBetter ? scoresBetterWords(t.scoresBetter) : '', t?.fewEvents !== undefined ? fewEventsWords(t.fewEvents) : ''])
  // a classification run level with its baseline within noise: its verdict's words (few events after them)
  const level = t?.level ? levelWords(t.level) + (t.fewEvents !== undefined ? `; ${fewEventsWords(t.fewEvents)}` : '') : null
  const words = !tone ? '' : verdict ? verdict.headline : level ?? (t?.plainBetter ? `the ${t.plainBetter} baseline did far better on test` : cautions ? `${TONE_TEXT.good}${cautions}` : TONE_TEXT[tone])
  return {
    ...forecastCell(r),
    tone,
    lost,
    skill,
    title: [words, r.testMetric?.noSkill ? `no skill: ${r.testMetric.noSkill}` : ''].filter(Boolean).join('; ') || undefined,
    // the cell already counts a global run's series: its verdict's rest, not the count again
    spoken: !tone ? '' : counted && words.startsWith(counted) ? words.slice(counted.length) : ` (${words})`,
    autoName: autoName(r),
    range: r.status === 'done' ? rangeWarning(r.range, (x) => formatNumber(x)) : null
  }
}

/** rowView, once a row: a refreshed list brings new rows, so a row's view lives as long as the row. */
export function rowViews(): (r: RunListItem) => RowView {
  const seen = new WeakMap<RunListItem, RowView>()
  return (r) => {
    let v = seen.get(r)
    if (!v) seen.set(r, (v = rowView(r)))
    return v
  }
}

/** What the Test metric column's header says of its order. */
export const TEST_METRIC_TITLE = 'Sorted by metric and unit, then value: an RMSE in one unit is not comparable with one in another, nor with a global run\'s GMRAE. Skill compares across runs.'

/** The Runs table's order by Name and by Test metric (ascending). Name: the name shown (the
 *  automatic one where the run has none) in natural order, "bulk 2" before "bulk 10". Test metric:
 *  runs of one metric and unit together (a global run's GMRAE apart from RMSEs in ppm or in
 *  dollars), each group by value; runs without one last. */
export function runsOrder(a: RunListItem, b: RunListItem, key: 'name' | 'test'): number {
  if (key === 'name') return naturalCompare(a.name ?? autoName(a), b.name ?? autoName(b))
  const ma = a.testMetric
  const mb = b.testMetric
  if (!ma || !mb) return ma ? -1 : mb ? 1 : 0
  const group = (r: RunListItem, m: NonNullable<RunListItem['testMetric']>) => `${m.metric}\u0000${r.unit ?? ''}`
  const g = naturalCompare(group(a, ma), group(b, mb))
  if (g) return g
  return (ma.value ?? Infinity) - (mb.value ?? Infinity) || 0
}
