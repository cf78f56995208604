// Evaluation summaries computed from stored metric and forecast rows.
import type { MetricRow } from '../../../core/train/types'
import { higherIsBetter } from '../../../core/export/metrics-table'
import type { ForecastPoint as ForecastRow } from '../../../electron/contract'
import type { ThresholdChoice } from '../../../core/data/threshold'
import { skillPercent } from '../../../core/export/verdict'
import { columnDecimals, formatFixed, formatNumber } from './columns'
import { byPredictor } from '../../../core/data/baselines'
import { BRIER_WORDS, DEFAULT_THRESHOLD, intervalHits, metricName, skillOf, undefinedWords, type NoSkill } from '../../../core/data/metrics'

export { metricName }

/** Metrics where lower is better; skill = 1 − model / baseline for these. */
const LOWER_BETTER = new Set(['mae', 'rmse', 'mse', 'smape', 'mase', 'gmrae', 'logloss', 'log_loss', 'brier'])

export interface MetricTable {
  metrics: string[]
  /** itself: the row is the forecast's own (a forecast of one statistical model is that baseline's
   *  forecast): no skill, which against itself would read 0 %, not a comparison. */
  rows: { model: string; values: (number | null)[]; skill: number | null; noSkill: NoSkill | null; itself: boolean
    /** Per metric: whether the run stored it for this row (false: no such row was kept, a value of
     *  another version's; null where stored is a value undefined: undefinedTitle's). */
    stored: boolean[] }[]
  skillMetric: string | null
}

/** own: the baseline that is the forecast itself (core/export/verdict.ts ownBaseline), or null.
 *  target: the run's targetScale (core/data/metrics), null when unknown. */
export function metricTable(rows: MetricRow[], split: 'test' | 'val' | 'train' = 'test', own: string | null = null, target: number | null = null): MetricTable {
  const here = rows.filter((r) => r.split === split)
  // The pipeline's own 'skill' row is replaced by a per-baseline skill column.
  const metrics = [...new Set(here.map((r) => r.metric))].filter((m) => m !== 'skill')
  const models = [...new Set(here.map((r) => r.model))].sort(byPredictor) // the CLI's order too
  const get = (model: string, metric: string) => here.find((r) => r.model === model && r.metric === metric)?.value ?? null
  // the metric the run's own skill and verdict use (core/train/evaluate.ts addSkill): RMSE for
  // regression, the Brier score for classification; the table's skill column must say the same.
  // A global run's is its GMRAE (core/services/global-run.ts globalRunMetrics): it stores no MAE
  const skillMetric = ['rmse', 'brier', 'mae', 'gmrae', 'logloss', 'log_loss'].find((m) => metrics.includes(m)) ?? metrics.find((m) => LOWER_BETTER.has(m.toLowerCase())) ?? null
  const mine = skillMetric ? get('model', skillMetric) : null
  return {
    metrics,
    skillMetric,
    rows: models.map((model) => {
      const base = skillMetric ? get(model, skillMetric) : null
      // as the files' tables (skillOf): none against a baseline perfect to rounding (Brier 1e-17),
      // nor where both fit exactly (a line fitted to 1e-14: a ratio of rounding)
      const itself = model === own
      const s = model === 'model' || itself || skillMetric === null ? { skill: null, none: null } : skillOf(skillMetric, mine, base, target)
      return { model, values: metrics.map((m) => get(model, m)), skill: s.skill, noSkill: s.none, itself, stored: metrics.map((m) => here.some((r) => r.model === model && r.metric === m)) }
    })
  }
}

/** A histogram of `values` in bins of a round width (1, 2, 2.5 or 5 times a power of ten: the least
 *  that makes at most `bins` of them) whose edges are multiples of it, so that they read as round
 *  numbers (-0.8, -0.7, …), not the min-to-max thirtieths they were (-0.804, -0.7345, …). A value on
 *  an edge counts in the bin above it, the largest in the last bin (numpy's rule); values all equal
 *  are binned over a width of 1 around them. `bins` by default: the square root of the values
 *  counted, at most 30, so that a few residuals are not spread one to a bin over many empty ones
 *  (5 residuals were drawn in 22 bins). */
export function histogram(values: number[], bins?: number): { edges: number[]; centers: number[]; counts: number[] } {
  const v = values.filter(Number.isFinite)
  if (!v.length) return { edges: [], centers: [], counts: [] }
  bins ??= Math.min(30, Math.ceil(Math.sqrt(v.length)))
  let lo = Math.min(...v)
  let hi = Math.max(...v)
  if (lo === hi) (lo -= 0.5), (hi += 0.5)
  const raw = (hi - lo) / bins
  const ten = 10 ** Math.floor(Math.log10(raw))
  // the width: at least raw, and enough that the bins from the round edge below lo reach past hi
  let width = NaN
  let first = 0
  let n = 0
  for (const m of [1, 2, 2.5, 5, 10, 20, 25, 50]) {
    width = m * ten
    first = Math.floor(lo / width + 1e-9)
    n = Math.max(1, Math.ceil(hi / width - 1e-9) - first)
    if (m * ten >= raw && n <= bins) break
  }
  // edges as k × width, rounded off to the width's digits (0.30000000000000004 is 0.3)
  const at = (k: number) => +(k * width).toPrecision(12)
  const edges = Array.from({ length: n + 1 }, (_, i) => at(first + i))
  const counts = new Array<number>(n).fill(0)
  for (const x of v) counts[Math.min(n - 1, Math.max(0, Math.floor(x / width + 1e-9) - first))]!++
  return { edges, centers: counts.map((_, i) => +((edges[i]! + edges[i + 1]!) / 2).toPrecision(12)), counts }
}

/** K × K counts, [actual][predicted]: two classes by the probability of the second above the
 *  threshold (0.5: as core/data/metrics' argmax, which keeps the first class on a tie), more by
 *  the forecast's class index (the most likely class). */
export function confusionMatrix(rows: ForecastRow[], K: number, threshold = DEFAULT_THRESHOLD): number[][] {
  const m = Array.from({ length: K }, () => new Array<number>(K).fill(0))
  for (const r of rows) {
    if (r.actual === null) continue
    const p = K === 2 ? Number(r.value > threshold) : Math.round(r.value)
    const a = Math.round(r.actual)
    if (a >= 0 && a < K && p >= 0 && p < K) m[a]![p]!++
  }
  return m
}

/** A two-class run's test rows (value: the probability of the second class) scored at a threshold:
 *  core/data/metrics rowsAtThreshold, as fw show scores them. */
export { rowsAtThreshold as atThreshold } from '../../../core/data/metrics'

/** A threshold as the Threshold panel writes it: two decimals where it has no more (the slider's
 *  steps), else as it was chosen on validation (0.4273). */
export function thresholdText(t: number): string {
  return Math.abs(Math.round(t * 100) - t * 100) < 1e-9 ? t.toFixed(2) : String(t)
}

/** The Threshold panel's sentence on the threshold chosen on the validation rows when the run
 *  trained (core/data/threshold.ts, Youden's J): where it was chosen, on what; else why none was,
 *  or that none is kept (a run stored before runs kept one). names: the two classes as named
 *  (core/export classLabels: a yes/no target's in its file's words where known). */
export function validationThresholdWords(c: ThresholdChoice | null, names: readonly string[]): string {
  const [a, b] = [`“${names[0]}”`, `“${names[1]}”`]
  if (c === null) return 'No threshold chosen on validation is kept with this run: it was trained before runs kept one.'
  if (c.threshold !== null) {
    return `Chosen on validation: ${thresholdText(c.threshold)}, where Youden’s J (true positive rate minus false positive rate) is largest, ${formatNumber(c.validation!.j)}, on ${c.n} validation rows (${c.positives} of them ${b}). The test rows played no part in choosing it, so the test scores at it are not flattered by the choice.`
  }
  const why = c.reason === 'no-rows' ? 'the run had no validation rows with a known class'
    : c.reason === 'one-class' ? `its ${c.n} validation rows are all ${c.positives ? b : a}, so no threshold can be judged on them`
    : c.reason === 'undefined-probability' ? 'the network gave undefined probabilities on the validation rows'
    : `no threshold told ${a} from ${b} better than chance on its ${c.n} validation rows`
  return `No threshold was chosen on validation: ${why}.`
}

/** What the files keep whatever the panel shows, and where they show the threshold chosen on validation. */
export const THRESHOLD_FILES_WORDS = 'The exported files keep the probabilities, and their metrics, like the metrics table and the verdict, stay at 0.5; the report and the workbook add the test scores at the threshold chosen on validation beside them.'

/** A two-class run's ROC curve over the test rows with an actual, its AUC and the positive and
 *  negative counts; no curve with one class only. Its operating point at a threshold is
 *  atThreshold's fpr and tpr (the Threshold panel's). */
export function roc(rows: ForecastRow[]): { points: { x: number; y: number }[]; auc: number | null; positives: number; negatives: number } {
  const r = rows.filter((x) => x.actual !== null).sort((a, b) => b.value - a.value)
  const P = r.filter((x) => x.actual! >= 0.5).length
  const N = r.length - P
  if (!P || !N) return { points: [], auc: null, positives: P, negatives: N }
  const points = [{ x: 0, y: 0 }]
  let tp = 0
  let fp = 0
  let auc = 0
  for (let i = 0; i < r.length; i++) {
    if (r[i]!.actual! >= 0.5) tp++
    else (fp++), (auc += tp)
    if (i === r.length - 1 || r[i + 1]!.value !== r[i]!.value) points.push({ x: fp / N, y: tp / P })
  }
  return { points, auc: auc / (P * N), positives: P, negatives: N }
}

/** A calibration bin: the mean predicted probability, the observed share of the class, the rows;
 *  `same`: the one bin of a run whose probabilities are all the same (nothing to bin by). */
export interface CalibrationBin { x: number; y: number; n: number; same?: true }
/** The fewest rows a calibration bin holds where the rows allow (fewer bins, not thinner ones). */
export const CALIBRATION_MIN_BIN = 3

/** A two-class run's calibration over the test rows with an actual: up to `bins` bins of equal
 *  counts (at least CALIBRATION_MIN_BIN rows each) in order of predicted probability, rows of one
 *  probability never split between two. */
export function calibration(rows: ForecastRow[], bins = 10): CalibrationBin[] {
  const scored = rows.filter((r) => r.actual !== null).sort((a, b) => a.value - b.value)
  const n = scored.length
  if (!n) return []
  // equal counts in order of probability: bins of equal width put every row of an imbalanced run
  // (probabilities all under 0.1) in one, which shows nothing (exploratory pass 23, finding 2)
  const B = Math.max(1, Math.min(bins, Math.floor(n / CALIBRATION_MIN_BIN)))
  const out: CalibrationBin[] = []
  for (let k = 0, start = 0; k < B && start < n; k++) {
    // this bin's share of the rows left; rows of its last probability stay with it
    let end = k === B - 1 ? n : start + Math.round((n - start) / (B - k))
    while (end < n && scored[end]!.value === scored[end - 1]!.value) end++
    const part = scored.slice(start, end)
    out.push({ x: part.reduce((a, r) => a + r.value, 0) / part.length, y: part.filter((r) => r.actual! >= 0.5).length / part.length, n: part.length })
    start = end
  }
  if (out.length === 1 && scored[0]!.value === scored[n - 1]!.value) out[0]!.same = true
  return out
}

/** One line each for the header tooltips (issue 18, words); the names are core/data/metrics metricName. */
export const METRIC_HELP: Record<string, string> = {
  mae: 'Mean absolute error: the average size of a miss, in the target’s units',
  rmse: 'Root mean squared error: like MAE, but large misses weigh more',
  mse: 'Mean squared error',
  mape: 'Mean absolute percentage error',
  smape: 'Symmetric mean absolute percentage error, 0–200 %',
  mase: 'Mean absolute scaled error: MAE divided by the naive forecast’s in-sample MAE (the training rows’ mean one-step change, with the values the outlier rule replaced read as the statistical models read them; a notice says when that moves it by more than 20 %); below 1 beats that in-sample naive, not necessarily naive on the test rows; a global run’s is the mean over its series',
  gmrae: 'Geometric mean over the series of each series’ MAE divided by its naive forecast’s MAE: every series counts once whatever its units; below 1 beats naive',
  r2: 'Coefficient of determination: 1 is perfect, 0 is no better than the mean',
  accuracy: 'Share of test points classified correctly',
  f1: 'Harmonic mean of precision and recall',
  precision: 'Share of the points predicted positive that are positive',
  recall: 'Share of the positive points predicted positive',
  logloss: 'Cross-entropy of the predicted probabilities; lower is better',
  auc: 'Area under the ROC curve: 0.5 is chance, 1 is perfect',
  brier: BRIER_WORDS
}

/** Metrics in per cent: a MAPE of 12.5 is 12.5 %. */
const PERCENT = new Set(['mape', 'smape'])
/** A metric's value as every view shows it: the app's significant digits (formatNumber) for all,
 *  R² included; MAPE and sMAPE with their per cent sign; a skill as the Runs list gives it ('+12.5 %'). */
export function formatMetric(metric: string, v: number | null | undefined): string {
  const base = metric.split('@')[0]!.toLowerCase()
  if (v === null || v === undefined || !Number.isFinite(v)) return formatNumber(v)
  if (base === 'skill') return skillPercent(v)
  return PERCENT.has(base) ? `${formatNumber(v)} %` : formatNumber(v)
}

/** A column (or row) of one metric in a table: formatMetric's cells with one number of decimals for
 *  all, columnDecimals' of its values as Export's table has them, so that the digits line up
 *  ('2.189', '2.400', '2.500', not '2.189', '2.4', '2.5'). A skill keeps its per cent form. */
export function metricColumn(metric: string, values: readonly (number | null | undefined)[]): (v: number | null | undefined) => string {
  const base = metric.split('@')[0]!.toLowerCase()
  if (base === 'skill') return (v) => formatMetric(metric, v)
  const decimals = columnDecimals(values)
  return (v) => (v === null || v === undefined || !Number.isFinite(v) ? formatNumber(v) : PERCENT.has(base) ? `${formatFixed(v, decimals)} %` : formatFixed(v, decimals))
}

/** A metric cell's title where its value is undefined ("—"): why, as core/data/metrics
 *  undefinedWords says it (a skill's reasons are noSkillWords'); undefined for a value. */
export function undefinedTitle(metric: string, v: number | null | undefined): string | undefined {
  if (v !== null && v !== undefined && Number.isFinite(v)) return undefined
  const why = undefinedWords(metric)
  return why ? `Undefined: ${why}` : undefined
}

/** Why a metric cell of a global run is empty when its run kept no value for it at all: a run made
 *  before a version that stores it (seasonal naive's mean MASE, kept since 2026-12-07), never
 *  computed, so not undefined for undefinedTitle's reason (a constant training series). */
export function notStoredTitle(model: string, metric: string): string {
  const seasonalMase = model === 'seasonal-naive' && metric.split('@')[0]!.toLowerCase() === 'mase'
  return `Not stored by this run's version: ${seasonalMase ? 'global runs made before 2026-12-07 kept no mean MASE for seasonal naive (it was never computed); train the run again to have one' : 'the app that made it kept no value here'}`
}

/** The best value of each metric column (lowest error, highest score), for bolding; none for an
 *  accuracy no better than the majority baseline's (always guessing the majority class). */
export function bestInColumn(t: MetricTable): (number | null)[] {
  const majority = t.rows.find((r) => r.model === 'majority')
  return t.metrics.map((m, i) => {
    const vs = t.rows.map((r) => r.values[i]).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v))
    if (!vs.length) return null
    const base = m.split('@')[0]!.toLowerCase()
    const best = LOWER_BETTER.has(base) ? Math.min(...vs) : higherIsBetter(base) ? Math.max(...vs) : null
    // an accuracy no better than always guessing the majority class is no one's best (an
    // imbalanced run that predicts no positives ties with it: exploratory pass 23, finding 2)
    return base === 'accuracy' && best !== null && majority?.values[i] === best ? null : best
  })
}

/** Where a two-class run's forecast predicts no test row as the class at the stored scores' 0.5
 *  (DEFAULT_THRESHOLD): that said, with what it means for its accuracy and recall; `probability`,
 *  the class's probability as the chart names it (P(fraud = 1)). Null where a row is above it, or
 *  no row has an actual. */
export function noPositivesWords(rows: readonly ForecastRow[], probability: string): string | null {
  const scored = rows.filter((r) => r.actual !== null)
  if (!scored.length || scored.some((r) => r.value > DEFAULT_THRESHOLD)) return null
  return `The forecast predicts no positives at the ${DEFAULT_THRESHOLD} cut-off: no test row has a ${probability} above ${DEFAULT_THRESHOLD}, so its accuracy there is that of always guessing the majority class and its recall 0. The Threshold panel shows the scores at another cut-off.`
}

/** P(X <= k) for X ~ Binomial(n, p), summed in log space (n up to the test rows of a long run). */
function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  const lp = Math.log(p)
  const lq = Math.log1p(-p)
  let logC = 0 // log C(n, i), built up term by term
  let sum = 0
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log((n - i + 1) / i)
    sum += Math.exp(logC + i * lp + (n - i) * lq)
  }
  return Math.min(1, sum)
}

/** Measured coverage of the interval on rows with an actual and bounds, and whether it is `off`
 *  the nominal level: 'low' (too narrow) or 'high' (wider than needed) when so few or so many hits
 *  would happen less than 2.5 % of the time with bounds that hold their level, null otherwise. A
 *  fixed margin would call 22 of 22 test points (95.5 % when one misses) off at 90 %, though bounds
 *  that hold 90 % cover all 22 one time in ten (issue 18). */
export function coverageOf(rows: ForecastRow[], level: number): { coverage: number | null; n: number; off: 'low' | 'high' | null } {
  const { n, hit } = intervalHits(rows)
  const coverage = n ? hit / n : null
  const off = !n ? null : binomialCdf(hit, n, level) < 0.025 ? 'low' : 1 - binomialCdf(hit - 1, n, level) < 0.025 ? 'high' : null
  return { coverage, n, off }
}
