// A global classification in the terminal (fw train --global, fw resume, fw show): each series'
// class scores against its own baselines, and the means over the series (core/train/global-classes.ts).
import type { GlobalClassSummary } from '../train/global-classes'
import type { ThresholdChoice } from '../data/threshold'
import { fmt, table } from './format'
import type { BrierNoise } from '../data/metrics'
import { beatsRateWord } from '../export/metrics-table'
import { skillPercent } from '../export/verdict'

/** A series' class scores, as fw train --global has them (SeriesResult.classes) and run_series keeps
 *  them, with its noise against its training rate (runs.global_json's seriesRateNoise; absent in a
 *  run stored before: "beats rate" by the Brier alone). */
export interface ClassSeriesRow { label: string; n: number; accuracy: number | null; brier: number | null; logLoss: number | null; rateBrier: number | null; persistenceBrier: number | null; majorityAccuracy: number | null; rateNoise?: BrierNoise | null }

/** The series table of a global classification: the network's scores beside each series' own baselines'. */
export function classSeriesTable(series: readonly ClassSeriesRow[]): string {
  return table(
    ['series', 'n', 'accuracy', 'brier', 'log loss', 'rate brier', 'persistence brier', 'majority accuracy', 'beats rate'],
    series.map((s) => [s.label, String(s.n), fmt(s.accuracy), fmt(s.brier), fmt(s.logLoss), fmt(s.rateBrier), fmt(s.persistenceBrier), fmt(s.majorityAccuracy), beatsRateWord(s, s.rateNoise) ?? '—'])
  )
}

/** The means over the series, the skill against the baseline best on validation, how many series
 *  beat their training rate (a lower Brier; beyond the noise of their test rows and level within it,
 *  as the table says them, where the run keeps the counts), and a two-class run's threshold (chosen on every series' validation
 *  windows pooled). */
export function classSummaryLines(c: GlobalClassSummary, series: number, threshold: ThresholdChoice | null | undefined): string[] {
  const b = c.baselines
  return [
    `mean over ${series} series: accuracy ${fmt(c.model.accuracy)} (majority ${fmt(b.majority.accuracy)}), Brier ${fmt(c.model.brier)} (training rate ${fmt(b['training-rate'].brier)}, persistence ${fmt(b.persistence.brier)}), log loss ${fmt(c.model.logLoss)}`,
    `skill ${c.skill === null ? '—' : skillPercent(c.skill)} on the mean Brier against ${c.bestBaseline ?? 'no baseline'} (best on validation); ${c.beatRate} of ${series} series beat their training rate${c.rateNoise ? ` (a lower Brier), ${c.rateNoise.beat} beyond the noise of their test rows, ${c.rateNoise.level} level with it within that noise` : ''}`,
    ...(threshold ? [`threshold: ${threshold.threshold === null ? `none (${threshold.reason ?? 'no validation rows'})` : fmt(threshold.threshold)}, chosen on every series' validation windows pooled`] : [])
  ]
}

/** fw train --global's and fw show's sentence above the table: what the classes are. */
export const classesLine = (c: GlobalClassSummary, h: number): string =>
  `test scores per series (the class ${h} ${h === 1 ? 'step' : 'steps'} ahead, of ${c.classes.map((x) => `"${x}"`).join(', ')}; baselines from each series' own training rows):`
