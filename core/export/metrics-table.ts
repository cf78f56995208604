// Metrics of the run's forecast (and of the network alone, where that differs) next to the
// baselines, with skill: how much of the best baseline's error the forecast removes. Shared by the XLSX "Metrics" sheet and the report.
import { headlineMetric, higherIsBetter, skillOf, type BrierNoise, type NoSkill, type TestNoise } from '../data/metrics'
import type { MetricValue, Split } from './types'
import { skillBaseline } from '../data/baselines'
import { naturalBy } from '../data/natural'
import { andListCut } from '../data/words'
import { forecastMembers, runSkill, type ChoiceSummary } from './verdict'
import { againstBestNaive, seasonalNaiveMetric } from '../train/evaluate-series'
import { seriesCountWords } from '../train/backtest-table'
import { againstNoise, CLASS_BASELINES } from '../train/global-classes'

export { higherIsBetter }

/** The baselines of a global run's metrics (globalRunMetrics): naive, scored in every series, and
 *  seasonal naive where its metrics keep it (over the series with a season; none in a run stored
 *  before 2026-12-06, nor where no series has a season: no column then). Its forecast rows carry
 *  none (each series' naive errors are in its Series row). */
export function globalBaselines(metrics: readonly { model: string }[]): string[] {
  return ['naive', ...(metrics.some((m) => m.model === 'seasonal-naive') ? ['seasonal-naive'] : [])]
}

/** What a global run's test metrics are, in one sentence for fw show, the report and the workbook. */
export const GLOBAL_METRICS_NOTE = "Across the series, each counted once whatever its units: mase is the mean of the series' MASE, gmrae the geometric mean of each series' MAE over its naive forecast's MAE (below 1 beats naive), and skill is 1 − gmrae. Each series' MAE, in its own units, is in the series table."

/** The baselines of a global classification's metrics (globalClassMetrics): each series' own,
 *  fitted on its training rows, their scores meaned over the series as the network's are. */
export const GLOBAL_CLASS_BASELINES: readonly string[] = CLASS_BASELINES

/** What a global classification's test metrics are, in one sentence for the report and the
 *  workbook; `best`: the baseline best on validation (GlobalClassSummary.bestBaseline), the one its
 *  skill is against; null: none could be picked. */
export function globalClassMetricsNote(best: string | null): string {
  const skill = best ? `Skill is against ${best}, the baseline with the lowest mean Brier on validation: on the brier row 1 − the model's mean Brier / ${best}'s, as the run's own skill.` : 'No baseline had a mean Brier on validation, so no skill is measured.'
  return `Across the series, each counted once: accuracy, brier and logloss are the means of the series' test scores, and each baseline's the mean of its own, fitted on each series' training rows (majority: its most frequent class; persistence: the class at the window's last row; training-rate: each class at its share). ${skill} Each series' scores are in the series table.`
}

/** What a global classification is, in one sentence for the workbook's About sheet and the report:
 *  'a global classification: one network across 4 series (store), forecasting the class of sky 1
 *  step ahead, one of "rain", "sun", "snow"; every series …' (a rule's: 'forecasting whether
 *  sales > 150 1 step ahead'). */
export function globalClassWords(fx: { target: string; seriesColumns?: string[]; seriesMetrics?: readonly unknown[]; config: unknown }, c: { classes: readonly string[] }): string {
  const d = (fx.config as { data?: { horizon?: number; rule?: string } } | null)?.data
  const h = d?.horizon
  const ahead = typeof h === 'number' ? ` ${h} ${h === 1 ? 'step' : 'steps'} ahead` : ''
  const n = fx.seriesMetrics?.length ?? 0
  return `a global classification: one network across ${n} series (${(fx.seriesColumns ?? []).join(', ')}), forecasting ${d?.rule ? `whether ${d.rule}${ahead}` : `the class of ${fx.target}${ahead}, one of ${c.classes.map((x) => `"${x}"`).join(', ')}`}; every series is forecast by it and scored against its own majority, persistence and training-rate baselines`
}

/** GLOBAL_METRICS_NOTE of a run's `series`, saying how many the mean MASE is over where some have
 *  none (meanMaseOver), and, where its `metrics` keep seasonal naive's gmrae (globalRunMetrics),
 *  over which series that is (seasonalNaiveSeries), and where they keep its mase, over how many
 *  series that is (its `summary`'s count, seasonalNaiveMaseOf). */
export function globalMetricsNote(series: readonly { mase: number | null; naiveMae: number | null; seasonalNaiveMae: number | null }[], metrics: readonly { model: string; metric: string }[], summary: GlobalSeasonalSummary | null): string {
  const over = meanMaseOver(series)
  const note = over ? GLOBAL_METRICS_NOTE.replace("the mean of the series' MASE", `the mean of the series' MASE ${over}`) : GLOBAL_METRICS_NOTE
  const seasonal = metrics.some((m) => m.model === 'seasonal-naive' && m.metric === 'gmrae') ? seasonalNaiveMetric(series) : null
  const mase = metrics.some((m) => m.model === 'seasonal-naive' && m.metric === 'mase') ? seasonalNaiveMaseOf(summary) : null
  if (!seasonal) return mase ? `${note} Seasonal naive's mase is over ${seriesCountWords({ scored: mase.series, total: summary!.series })}.` : note
  const those = seasonalNaiveSeries(seasonal.of, series.length)
  if (!mase) return `${note} Seasonal naive's gmrae is over the ${those}.`
  // its mase leaves out, as naive's, the series with no MASE (constant training rows)
  if (mase.series === seasonal.of) return `${note} Seasonal naive's gmrae and mase are over the ${those}.`
  const none = seasonal.of - mase.series
  return `${note} Seasonal naive's gmrae is over the ${those}, its mase over ${mase.series} of them (${none} ${none === 1 ? 'has' : 'have'} no MASE: constant training rows).`
}

/** A global run's summary as far as seasonal naive's mean MASE goes (summariseSeries). */
export interface GlobalSeasonalSummary { series: number; seasonalNaive?: { meanMase: number; series: number } }

/** Seasonal naive's mean MASE of a global run's summary and how many series it is over; null where
 *  the summary keeps none (a run stored before 2026-12-07, no series with a season): nothing is
 *  computed in its place. */
export function seasonalNaiveMaseOf(summary: GlobalSeasonalSummary | null | undefined): { meanMase: number; series: number } | null {
  const s = summary?.seasonalNaive
  return s && typeof s.meanMase === 'number' && Number.isFinite(s.meanMase) && Number.isInteger(s.series) && s.series > 0 ? s : null
}

/** Seasonal naive's mean MASE beside naive's, with how many series it is over (a mean over fewer
 *  series than naive's is not comparable with one over all): 'seasonal naive 0.87 (41 of 50 series)',
 *  each number by `f`; '' where the summary keeps none (seasonalNaiveMaseOf). fw show, fw train
 *  --global and Evaluate say it so. */
export function seasonalNaiveMaseWords(summary: GlobalSeasonalSummary | null | undefined, f: (v: number) => string): string {
  const s = seasonalNaiveMaseOf(summary)
  return s ? `seasonal naive ${f(s.meanMase)} (${seriesCountWords({ scored: s.series, total: summary!.series })})` : ''
}

/** The series a global run's seasonal naive gmrae is over (seasonalNaiveMetric's `of`, of `all`), as
 *  Evaluate's note and the files' say it: '8 series', or '5 of 8 series with a season'. */
export function seasonalNaiveSeries(of: number, all: number): string {
  return of === all ? `${of} series` : `${of} of ${all} series with a season`
}

/** How many of `series` a global run's mean MASE is over, and why not the rest, where some have no
 *  MASE (training rows that never change have no MASE scale): '' where every series has one. */
export function meanMaseOver(series: readonly { mase: number | null }[]): string {
  const over = series.filter((s) => s.mase !== null && Number.isFinite(s.mase)).length
  const none = series.length - over
  return none === 0 ? '' : `over ${over} of ${series.length} series (${none} ${none === 1 ? 'has' : 'have'} no MASE: constant training rows)`
}

/** The series a global run skipped (too short for its split, or with no value of a column), as
 *  fw show, the report and the workbook say it beside the `trained` series: '1 of 8 series skipped:
 *  store = S06 (6 rows)'; '' where none was. */
export function skippedSeriesWords(skipped: readonly { label: string; rows: number }[], trained: number): string {
  if (!skipped.length) return ''
  return `${skipped.length} of ${trained + skipped.length} series skipped: ${andListCut(naturalBy(skipped, (s) => s.label).map((s) => `${s.label} (${s.rows} ${s.rows === 1 ? 'row' : 'rows'})`), 10)}`
}

/** A series' "beats naive" as the tables say it: 'ties' where its MAE equals naive's (both 0 where
 *  the forecast fits a constant series exactly: not beaten, not worse), else yes or no. */
export function beatsNaiveWord(s: { mae: number | null; naiveMae: number | null; beatsNaive: boolean }): 'yes' | 'no' | 'ties' {
  return s.beatsNaive ? 'yes' : s.mae !== null && s.mae === s.naiveMae ? 'ties' : 'no'
}

/** A global regression's series against the better of naive and seasonal naive, as the series
 *  tables say it ("beats better naive": fw train --global, fw show, the report, the workbook's
 *  Series sheet, Evaluate's series table) and its verdict counts it (againstBestNaive): 'level'
 *  where its MAE's difference lies within the noise of its test rows, else 'yes' where its MAE is
 *  lower, 'no' where not; null for a series that is not a regression's (no beatsBestNaive).
 *  `noise` undefined: a run stored before each series' noise was kept, said by the MAE alone. */
export function beatsBetterNaiveWord(s: { beatsBestNaive?: boolean; naiveMae: number | null; seasonalNaiveMae: number | null }, noise?: TestNoise | null): 'yes' | 'no' | 'level' | null {
  if (s.beatsBestNaive === undefined) return null
  const a = againstBestNaive({ beatsBestNaive: s.beatsBestNaive, naiveMae: s.naiveMae, seasonalNaiveMae: s.seasonalNaiveMae }, noise)
  return a === 'level' ? 'level' : a === 'beats' ? 'yes' : 'no'
}

/** A global classification's series against its own training rate, as the series tables say it
 *  (fw show's "beats rate", the report's and the workbook's "beats training rate", Evaluate's
 *  series table): 'level' where its Brier difference lies within the noise of its test rows
 *  (againstNoise: NOISE_SE standard errors), else 'yes' where its Brier is below the rate's, 'no'
 *  where not; null where either Brier is undefined. `rateNoise` undefined: a run stored before each
 *  series' noise was kept (runs.global_json's seriesRateNoise), said by the Brier alone, as then. */
export function beatsRateWord(s: { brier?: number | null; rateBrier?: number | null }, rateNoise?: BrierNoise | null): 'yes' | 'no' | 'level' | null {
  if (s.brier == null || s.rateBrier == null) return null
  if (rateNoise === undefined) return s.brier < s.rateBrier ? 'yes' : 'no'
  const a = againstNoise(s.brier, s.rateBrier, rateNoise)
  return a === 'level' ? 'level' : a === 'beats' ? 'yes' : 'no'
}

/**
 * Skill of `model` against `baseline` (core/data/metrics skillOf): for errors 1 - model / baseline
 * (0.25 = a quarter less error); for scores the share of the baseline's remaining gap to 1 that the
 * model closes. null when undefined (missing values, a perfect baseline, both fitting exactly
 * against `target`: the run's targetScale).
 */
export function skill(metric: string, model: number | null, baseline: number | null, target: number | null = null): number | null {
  return skillOf(metric, model, baseline, target).skill
}

export interface MetricsTableRow {
  split: Split
  metric: string
  model: number | null
  /** The network alone, where the run's forecast is something else (stored as model 'network'); else null. */
  network: number | null
  baselines: (number | null)[] // same order as baselineNames
  bestBaseline: string | null // the yardstick on this metric (see metricsTable)
  skill: number | null // of the model against bestBaseline
  /** Why skill is null where the rule says (skillOf): a perfect baseline, or both fitting exactly. */
  noSkill: NoSkill | null
}

const SPLIT_ORDER: Split[] = ['test', 'val', 'train']

/** How a single-series run is judged: its task and its forecast's choice (core/export/verdict.ts).
 *  A global classification's: one yardstick for every row, the baseline it picked on validation
 *  (GlobalClassSummary.bestBaseline), so that the brier row's skill is the run's stored skill. */
export type TableJudging = { task: 'regression' | 'classification'; choice: ChoiceSummary | null | undefined } | { yardstick: string | null }

/** One row per (split, metric), test split first; `model` is the forecast's name in `metrics`.
 *  The network alone is beside it, never a baseline: skill is the forecast's against the baselines.
 *  target: the run's targetScale (core/data/metrics), null when unknown.
 *  judging: a single-series run's task and choice. With it each row's yardstick is the verdict's
 *  rule: the best on validation (on that metric) of the baselines the forecast is not made of, and
 *  the test headline row's skill is the verdict's own (runSkill), so that the report's cards, its
 *  table and the workbook never measure the forecast against its own members or the best on test.
 *  Without it (a global run), naive on the row's own split (test: a global run has no other), by
 *  the same picker (skillBaseline: a non-finite score is none); seasonal naive, where its metrics
 *  keep it, is a column beside it, never the yardstick. */
export function metricsTable(metrics: MetricValue[], baselineNames: string[], target: number | null = null, judging: TableJudging | null = null, model = 'model'): MetricsTableRow[] {
  const keys: { split: Split; metric: string }[] = []
  const seen = new Set<string>()
  for (const m of metrics) {
    // the run's stored skill is its headline metric's row's skill column, not a metric of its own
    if (m.metric === 'skill') continue
    const k = `${m.split}\u0000${m.metric}`
    if (!seen.has(k)) { seen.add(k); keys.push({ split: m.split, metric: m.metric }) }
  }
  keys.sort((a, b) => SPLIT_ORDER.indexOf(a.split) - SPLIT_ORDER.indexOf(b.split))
  const value = (split: Split, metric: string, who: string) =>
    metrics.find((m) => m.split === split && m.metric === metric && m.model === who)?.value ?? null
  return keys.map(({ split, metric }) => {
    const baselines = baselineNames.map((b) => value(split, metric, b))
    const own = value(split, metric, model)
    const row = { split, metric, model: own, network: value(split, metric, 'network'), baselines }
    if (judging && 'yardstick' in judging) {
      const y = judging.yardstick
      const s = y === null ? { skill: null, none: null } : skillOf(metric, own, value(split, metric, y), target)
      return { ...row, bestBaseline: y, skill: s.skill, noSkill: s.none }
    }
    if (judging) {
      if (split === 'test' && metric === headlineMetric(judging.task)) {
        const r = runSkill(judging.task, judging.choice, metrics, target)
        return { ...row, bestBaseline: r.baseline, skill: r.skill, noSkill: r.none }
      }
      const members = judging.task === 'classification' ? [] : forecastMembers(judging.choice)
      const yardstick = skillBaseline(metrics, metric, members)
      const s = yardstick === null ? { skill: null, none: null } : skillOf(metric, own, value(split, metric, yardstick), target)
      return { ...row, bestBaseline: yardstick, skill: s.skill, noSkill: s.none }
    }
    // Not judged: the one picker (skillBaseline, nothing left out as a member) on the row's own split,
    // of the table's columns alone: the yardstick named is one the table shows. A global run is
    // scored on test alone, against naive, as its stored skill (1 − gmrae) is: seasonal naive is a
    // column beside it, never the yardstick, since picking the better of the two on test would read
    // the test rows to choose, and its gmrae is over the series with a season only
    // (globalMetricsNote says which), not every series the model's is over.
    const yardstick = skillBaseline(metrics, metric, [...unshown(metrics, baselineNames), 'seasonal-naive'], [split])
    const s = yardstick === null ? { skill: null, none: null } : skillOf(metric, own, value(split, metric, yardstick), target)
    return { ...row, bestBaseline: yardstick, skill: s.skill, noSkill: s.none }
  })
}

/** The models in `metrics` that are not among `shown` (the table's baseline columns). */
const unshown = (metrics: readonly MetricValue[], shown: readonly string[]) => [...new Set(metrics.map((m) => m.model))].filter((m) => !shown.includes(m))

/** Whether any row has the network alone: the run's forecast was not the network (or a mean with it alone). */
export function hasNetworkColumn(rows: MetricsTableRow[]): boolean {
  return rows.some((r) => r.network !== null)
}
