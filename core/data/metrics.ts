// Forecast metrics. Regression metrics take values in original units; classification metrics take
// class indices and per-class probabilities (N, K) row-major.

export interface RegressionMetrics {
  mae: number
  rmse: number
  /** Percent. Rows with y = 0 are skipped and counted in mapeSkipped; NaN when every y is 0. */
  mape: number
  mapeSkipped: number
  /** Percent, 200 |e| / (|y| + |yhat|) over the rows where y and yhat are not both 0 to rounding
   *  (EXACT_FIT of the training values' magnitudeOf); NaN when no row is. */
  smape: number
  /** MAE divided by the in-sample naive (lag `season`) MAE on the training series; NaN if that is 0. */
  mase: number
  r2: number
  n: number
}

/** `magnitude`: trainY's magnitudeOf, where a caller scoring many forecasts against the same
 *  training rows has worked it out once (it sorts them). */
export function regressionMetrics(y: ArrayLike<number>, yhat: ArrayLike<number>, trainY?: ArrayLike<number>, season = 1, magnitude?: number): RegressionMetrics {
  const n = y.length
  if (yhat.length !== n) throw new RangeError(`y has ${n} values, yhat ${yhat.length}`)
  let ae = 0
  let se = 0
  let ape = 0
  let nape = 0
  let sape = 0
  let nsape = 0
  let scale = 0
  if (trainY) scale = magnitude ?? magnitudeOf(trainY)
  const near = EXACT_FIT * scale
  let mean = 0
  for (let i = 0; i < n; i++) mean += y[i] / n
  let sst = 0
  for (let i = 0; i < n; i++) {
    const e = yhat[i] - y[i]
    ae += Math.abs(e)
    se += e * e
    if (y[i] !== 0) {
      ape += Math.abs(e / y[i])
      nape++
    }
    // a point whose actual and forecast are both 0 to rounding (EXACT_FIT of the training values'
    // scale) has no relative error: undefined, left out (it counted as 0, and 4e-5 against 0 as 200)
    const den = Math.abs(y[i]) + Math.abs(yhat[i])
    if (den > near) {
      sape += (2 * Math.abs(e)) / den
      nsape++
    }
    sst += (y[i] - mean) ** 2
  }
  const mae = ae / n
  return {
    mae,
    rmse: Math.sqrt(se / n),
    mape: nape ? (100 * ape) / nape : NaN,
    mapeSkipped: n - nape,
    smape: nsape ? (100 * sape) / nsape : NaN,
    mase: trainY ? mae / naiveScale(trainY, season) : NaN,
    // a constant series has no variance to explain: its sum of squares is 0 but for the rounding of
    // the mean (a constant 5 gave R² of -2e26); anything within that rounding counts as 0
    r2: sst <= n * (16 * Number.EPSILON * Math.max(1, Math.abs(mean))) ** 2 ? NaN : 1 - se / sst,
    n
  }
}

/** Mean |y_t - y_{t-m}| over the training series: the denominator of MASE. */
export function naiveScale(trainY: ArrayLike<number>, m = 1): number {
  let s = 0
  let k = 0
  for (let t = m; t < trainY.length; t++) {
    const d = trainY[t] - trainY[t - m]
    if (d === d) {
      s += Math.abs(d)
      k++
    }
  }
  return k ? s / k : NaN
}

/** Metrics where higher is better (scores); every other metric is an error or a loss. One list for
 *  the exports' tables, the backtest table and the app's bolding. */
const SCORES = new Set(['accuracy', 'f1', 'auc', 'r2', 'precision', 'recall'])

export function higherIsBetter(metric: string): boolean {
  return SCORES.has(metric.toLowerCase())
}

const METRIC_NAMES: Record<string, string> = { mae: 'MAE', rmse: 'RMSE', mse: 'MSE', mape: 'MAPE', smape: 'sMAPE', mase: 'MASE', gmrae: 'GMRAE', r2: 'R²', accuracy: 'Accuracy', f1: 'F1', logloss: 'Log loss', log_loss: 'Log loss', auc: 'AUC', brier: 'Brier score', precision: 'Precision', recall: 'Recall' }

/** A metric's name spelled out, as the app, the verdict and the report say it: 'RMSE', 'R²',
 *  'Brier score', 'MAE at step 3' (mae@3). */
export function metricName(m: string): string {
  const [base, at] = m.split('@') as [string, string | undefined]
  const name = METRIC_NAMES[base.toLowerCase()] ?? base
  return at ? `${name} at step ${at}` : name
}

/** The metric a run is judged by: the one its stored test skill (metric 'skill', core/train/evaluate.ts),
 *  its verdict, the run lists (app and fw runs), fw compare and the exports' headline all use, so that
 *  no number is printed beside another metric's skill. RMSE for regression; the Brier score for
 *  classification (accuracy ignores how sure the forecast was). */
export function headlineMetric(task: 'regression' | 'classification'): 'rmse' | 'brier' {
  return task === 'classification' ? 'brier' : 'rmse'
}

/** The headline among the metric names a run stored: headlineMetric(task) when there, else a global
 *  run's GMRAE (its skill is 1 − GMRAE; it stores no MAE or RMSE, whose units differ per series), else
 *  MASE or MAE; null when it has none, rather than some other metric beside a skill not its own. */
export function storedHeadline(task: 'regression' | 'classification', stored: Iterable<string>): string | null {
  const names = new Set(stored)
  const main = headlineMetric(task)
  return names.has(main) ? main : task === 'regression' ? (FALLBACK_HEADLINES.find((m) => names.has(m)) ?? null) : null
}

/** A regression run's headline where it stored no RMSE, in order (storedHeadline). */
const FALLBACK_HEADLINES = ['gmrae', 'mase', 'mae'] as const

/** The scores a classification verdict does not judge by (it judges by the Brier score, the
 *  probabilities') but reads beside it: a baseline with a higher one on test is said
 *  (core/export/verdict.ts classScoresBetter), in the verdict and the run lists alike. */
export const CLASS_SIDE_SCORES = ['accuracy', 'f1'] as const
export type ClassSideScore = (typeof CLASS_SIDE_SCORES)[number]

/** Every metric storedHeadline can name, the stored skill, and the scores a classification verdict
 *  reads beside its headline (CLASS_SIDE_SCORES): all that a run list's skill and its words read of
 *  a run's metrics (core/services/listed-skill.ts), so that the list reads these rows alone. */
export const LISTED_SKILL_METRICS: readonly string[] = [headlineMetric('regression'), headlineMetric('classification'), ...FALLBACK_HEADLINES, 'skill', ...CLASS_SIDE_SCORES]

/** The Brier score as stored (metrics.brier: the sum over classes, so 0-2; for two classes twice
 *  scikit-learn's brier_score_loss), in the words every place that explains it uses. */
export const BRIER_WORDS = 'Brier score: mean over rows of the squared differences between each class\'s predicted probability and 1 for the actual class, 0 for the others, summed over the classes; 0 is perfect, 2 the worst (for two classes twice the one-class Brier score, e.g. scikit-learn\'s brier_score_loss)'

/** The rule that turns probabilities into a class for accuracy, F1, precision, recall and the
 *  confusion matrix (classificationMetrics): the likeliest class, i.e. for two classes the second
 *  when its probability is above 0.5. */
export function classThresholdWords(classes: number, threshold = DEFAULT_THRESHOLD): string {
  return classes === 2 ? `a probability above ${threshold} counts as the predicted class (threshold ${threshold})` : 'the class with the highest probability counts as the predicted class'
}

/** A baseline error of 0, or below a billionth of the model's: 1 - model / base would be noise (a
 *  one-class test period gives persistence a Brier score of 1e-15, a skill of -3e16). */
export function perfectBaseline(model: number, base: number): boolean {
  return Math.abs(base) <= 1e-9 * Math.abs(model) || base === 0
}

/** Errors at most this share of their scale are rounding, not error (EXACT_FIT × the target's scale
 *  for MAE and RMSE: a line fitted to 1e-14 on values of 100). */
export const EXACT_FIT = 1e-9

/** Errors of the network at most this share of the values' magnitude are its float32 arithmetic's
 *  rounding (a float32 holds 7 digits; scaling, the cells and the inverse add their roundings): the
 *  tolerance the ONNX graph is held to against the app's engine (docs/export.md). */
export const FLOAT32_FIT = 1e-5

/** Whether a network that lost on validation only to rounding did: the forecaster chosen fits to
 *  rounding (EXACT_FIT of `scale`, computed in float64) and the network within its float32
 *  rounding (FLOAT32_FIT), as on a constant series (MAE 3.6e-6 against 0 on values of 5): level,
 *  not a loss. False where either error is unknown. */
export function levelToRounding(network: number | null | undefined, chosen: number | null | undefined, scale: number | null): boolean {
  if (scale === null || !Number.isFinite(scale) || network === null || network === undefined || chosen === null || chosen === undefined) return false
  return chosen <= EXACT_FIT * scale && network <= FLOAT32_FIT * scale
}

/** The target's scale a run's errors in its units are measured against, from the range facts
 *  stored with every regression run (runs.range_json), so that the trainer, the app, the CLI and the
 *  exports all read the same one: their `scale` (magnitudeOf the values before the test period),
 *  or in runs stored before it the largest absolute value; null without them. */
export function targetScale(range: { min: number; max: number; scale?: number } | null | undefined): number | null {
  if (!range) return null
  const s = range.scale ?? Math.max(Math.abs(range.min), Math.abs(range.max))
  return Number.isFinite(s) ? s : null
}

/** The share of the values (by |value|, ascending) at or below which magnitudeOf reads the scale. */
export const MAGNITUDE_QUANTILE = 0.9

/** The typical magnitude of `values` (NaN: missing), which "0 to rounding" is a billionth of
 *  (EXACT_FIT): the MAGNITUDE_QUANTILE quantile of |value|, so that one or a few far values cannot
 *  set it (with the largest, one 1e15 among values near 100 made every error of a run "0 to
 *  rounding" and its interval "zero width" beside ±3.2); the largest |value| where that is 0 (a
 *  mostly-zero series), 0 where there is none. Rounding is a few 1e-16 of the largest value, so the
 *  rule holds unless the largest is 1e6 times the typical one. */
export function magnitudeOf(values: ArrayLike<number>): number {
  const a: number[] = []
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) a.push(Math.abs(values[i]!))
  if (!a.length) return 0
  a.sort((x, y) => x - y)
  const q = a[Math.floor(MAGNITUDE_QUANTILE * (a.length - 1))]!
  return q > 0 ? q : a[a.length - 1]!
}

/** The scale of a metric's error: the target's (targetScale) for MAE and RMSE at any step (its
 *  square for MSE, in squared units), 100 for the percentages (MAPE, sMAPE), 1 for ratios,
 *  probabilities and scores' gap to 1 (MASE, GMRAE, Brier, log loss, 1 − R², 1 − accuracy); null
 *  where the target's scale is not known. */
function errorScale(metric: string, target: number | null): number | null {
  const base = metric.split('@')[0]!.toLowerCase()
  if (base === 'mae' || base === 'rmse') return target
  if (base === 'mse') return target === null ? null : target * target
  return base === 'mape' || base === 'smape' ? 100 : 1
}

/** Why there is no skill: the baseline is perfect (to rounding, against the forecast's error), or
 *  the forecast and the baseline both fit exactly (errors that are rounding against the target's
 *  scale: their ratio is noise, a "skill" of +37 % or -120 %). */
export type NoSkill = 'perfect-baseline' | 'exact-fit'

/**
 * The skill of a forecast against a baseline, the one rule every place that computes or shows one
 * uses (the stored skill, the exports' tables, the app's, the run lists, the verdict, global runs):
 * for errors 1 − model / baseline (0.25 = a quarter less error); for scores (higherIsBetter) the
 * share of the baseline's remaining gap to 1 that the model closes. None (skill null, with why)
 * against a perfect baseline, and where both errors are rounding against their scale (errorScale;
 * `target`: targetScale of the run, null when unknown, which leaves only the perfect baseline's
 * rule for MAE and RMSE). Missing values give null, why null.
 */
export function skillOf(metric: string, model: number | null | undefined, base: number | null | undefined, target: number | null): { skill: number | null; none: NoSkill | null } {
  if (model == null || base == null || !Number.isFinite(model) || !Number.isFinite(base)) return { skill: null, none: null }
  const higher = higherIsBetter(metric)
  // errors, and scores as their gap to a perfect 1
  const m = higher ? 1 - model : model
  const b = higher ? 1 - base : base
  const scale = errorScale(metric, target)
  if (scale !== null && Math.max(Math.abs(m), Math.abs(b)) <= EXACT_FIT * scale) return { skill: null, none: 'exact-fit' }
  if (perfectBaseline(m, b)) return { skill: null, none: 'perfect-baseline' }
  return { skill: 1 - m / b, none: null }
}

/** Why a metric is undefined where it is stored empty and shown "—": the 0 / 0 behind it, in words
 *  after "undefined:" for the app's metrics tables' titles and the CLI table's footnotes, as
 *  noSkillWords gives skill's (core/export/verdict.ts). null for a metric that is never undefined
 *  on scored rows. Precision, recall and F1 are a two-class run's positive class's (a multi-class
 *  run's macro average is undefined only where every class's is). */
export function undefinedWords(metric: string): string | null {
  return UNDEFINED_WORDS[metric.split('@')[0]!.toLowerCase()] ?? null
}
const UNDEFINED_WORDS: Record<string, string> = {
  mape: 'every actual is 0, and a percentage of 0 is 0 / 0 (MAPE leaves out the actuals of 0)',
  smape: "every point's actual and forecast are both 0 to rounding, so no point has a relative error (0 / 0); sMAPE leaves such points out",
  mase: "the training rows' naive forecast has no error (a constant training series), so MAE / 0",
  r2: 'the actuals are constant: there is no variance to explain (0 / 0)',
  precision: 'nothing was predicted as the class (0 / 0)',
  recall: 'no row of the class was there to find (0 / 0)',
  f1: 'nothing was predicted as the class and no row of it was there to find (0 / 0)',
  auc: 'only one class is present, so there is no pair of rows of two classes to rank'
}

/** The line under a regression run's metrics table where MAPE leaves out most test points (more
 *  than half: their actual is 0, of which no percentage is taken), so that its value speaks for the
 *  few others: the CLI's tables, the app's Evaluate and the report say it alike. `rows`: the test
 *  forecasts stored, scored at the last step stored (the step the table's metrics are of). null
 *  where MAPE keeps at least half of them, or none has an actual. */
export function mapeLeftOutWords(rows: readonly { step: number; actual: number | null }[]): string | null {
  let last = -Infinity
  for (const r of rows) if (r.actual !== null && r.step > last) last = r.step
  let scored = 0
  let zeros = 0
  for (const r of rows) {
    if (r.actual === null || r.step !== last || r.actual !== r.actual) continue
    scored++
    if (r.actual === 0) zeros++
  }
  if (scored === 0 || zeros * 2 <= scored) return null
  return `MAPE leaves out ${zeros} of the ${scored} test points, whose actual is 0 (a percentage of 0 is undefined): it is over the other ${scored - zeros} alone; MAE and sMAPE count every point`
}

/** 1 - metric / baseline: 0 = as good as the baseline, 1 = perfect, < 0 = worse (for error metrics). */
export function skill(metric: number, baseline: number): number {
  return 1 - metric / baseline
}

export interface ClassificationMetrics {
  accuracy: number
  confusion: number[][] // [true][predicted]
  precision: number[] // per class
  recall: number[]
  f1: number[]
  macroPrecision: number
  macroRecall: number
  macroF1: number
  /** Binary only: precision/recall/F1 of class 1. Every precision, recall and F1 is NaN where it
   *  is 0 / 0 (nothing predicted, nothing to find: undefined, stored as null, shown as "—"). */
  binary: { precision: number; recall: number; f1: number } | null
  logLoss: number
  /** Mean over rows of sum_k (p_k - [y = k])^2 (for 2 classes this is twice the usual binary Brier score). */
  brier: number
  /** Binary: rank AUC of class 1; multi-class: macro one-vs-rest. Ties get average ranks. */
  rocAuc: number
  n: number
}

/** a / b, NaN for 0 / 0: a precision with nothing predicted, a recall with nothing to find, are
 *  undefined (scikit-learn's zero_division=np.nan), not 0 (a run with no positive in its test
 *  period showed precision, recall and F1 of 0.0000 beside an accuracy of 1). */
const div = (a: number, b: number) => (b === 0 ? NaN : a / b)
/** The mean of the defined values (NaN when none is): a class with an undefined precision is left
 *  out of the macro average, as scikit-learn's zero_division=np.nan leaves it. */
const definedMean = (a: number[]) => {
  const d = a.filter((x) => x === x)
  return d.length ? d.reduce((s, x) => s + x, 0) / d.length : NaN
}

/** `prob` (N, K) row-major probabilities; predicted class = argmax. */
export function classificationMetrics(y: ArrayLike<number>, prob: ArrayLike<number>, K: number): ClassificationMetrics {
  const n = y.length
  if (prob.length !== n * K) throw new RangeError(`prob has ${prob.length} values, expected N*K = ${n * K}`)
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0))
  let ll = 0
  let brier = 0
  let correct = 0
  for (let i = 0; i < n; i++) {
    let best = 0
    for (let k = 1; k < K; k++) if (prob[i * K + k] > prob[i * K + best]) best = k
    confusion[y[i]][best]++
    if (best === y[i]) correct++
    const p = Math.min(Math.max(prob[i * K + y[i]], 1e-15), 1 - 1e-15)
    ll -= Math.log(p)
    for (let k = 0; k < K; k++) brier += (prob[i * K + k] - (k === y[i] ? 1 : 0)) ** 2
  }
  const { precision, recall, f1 } = classScores(confusion)
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length
  let auc: number
  if (K === 2) auc = rocAuc(Array.from(y, (v) => (v === 1 ? 1 : 0)), Array.from({ length: n }, (_, i) => prob[i * K + 1]))
  else {
    const per: number[] = []
    for (let k = 0; k < K; k++) {
      const a = rocAuc(Array.from(y, (v) => (v === k ? 1 : 0)), Array.from({ length: n }, (_, i) => prob[i * K + k]))
      if (a === a) per.push(a)
    }
    auc = per.length ? mean(per) : NaN
  }
  return {
    accuracy: correct / n, confusion, precision, recall, f1,
    macroPrecision: definedMean(precision), macroRecall: definedMean(recall), macroF1: definedMean(f1),
    binary: K === 2 ? { precision: precision[1], recall: recall[1], f1: f1[1] } : null,
    logLoss: ll / n, brier: brier / n, rocAuc: auc, n
  }
}

/** Each class's precision, recall and F1 from a K × K confusion matrix [actual][predicted]. */
function classScores(confusion: number[][]): { precision: number[]; recall: number[]; f1: number[] } {
  const K = confusion.length
  const precision: number[] = []
  const recall: number[] = []
  const f1: number[] = []
  for (let k = 0; k < K; k++) {
    const tp = confusion[k][k]
    let col = 0
    let row = 0
    for (let j = 0; j < K; j++) {
      col += confusion[j][k]
      row += confusion[k][j]
    }
    precision.push(div(tp, col))
    recall.push(div(tp, row))
    // 2 tp / (2 tp + fp + fn): 0 where there were rows of the class or predictions of it but no hit,
    // undefined only where there were neither
    f1.push(div(2 * tp, col + row))
  }
  return { precision, recall, f1 }
}

/** The threshold every stored two-class score uses (classificationMetrics' argmax: class 1 when
 *  its probability is above 0.5). */
export const DEFAULT_THRESHOLD = 0.5

export interface ThresholdMetrics {
  threshold: number
  /** [actual][predicted], class 1 predicted when its probability is above the threshold */
  confusion: number[][]
  accuracy: number
  /** class 1's; NaN where 0 / 0, as classificationMetrics' */
  precision: number
  recall: number
  f1: number
  /** the operating point on the ROC curve: false and true positive rates (NaN without negatives,
   *  or without positives) */
  fpr: number
  tpr: number
  n: number
}

/** A two-class forecast scored at a threshold other than 0.5: y01 the actual class (0 or 1), p1
 *  the predicted probability of class 1; class 1 is predicted where p1 > threshold. At 0.5 it
 *  agrees with classificationMetrics. */
export function thresholdMetrics(y01: ArrayLike<number>, p1: ArrayLike<number>, threshold: number): ThresholdMetrics {
  const n = y01.length
  if (p1.length !== n) throw new RangeError(`y has ${n} values, p ${p1.length}`)
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`threshold ${threshold} is not between 0 and 1`)
  const confusion = [[0, 0], [0, 0]]
  for (let i = 0; i < n; i++) confusion[y01[i] === 1 ? 1 : 0][p1[i] > threshold ? 1 : 0]++
  const { precision, recall, f1 } = classScores(confusion)
  const [[tn, fp], [fn, tp]] = confusion as [[number, number], [number, number]]
  return { threshold, confusion, accuracy: div(tp + tn, n), precision: precision[1], recall: recall[1], f1: f1[1], fpr: div(fp, fp + tn), tpr: div(tp, tp + fn), n }
}

/** A two-class run's stored test rows (value: the probability of class 1; actual: the class, null
 *  where unknown) scored at a threshold (thresholdMetrics); null without a row that has an actual. */
export function rowsAtThreshold(rows: readonly { value: number; actual: number | null }[], threshold: number): ThresholdMetrics | null {
  const known = rows.filter((r) => r.actual !== null)
  return known.length ? thresholdMetrics(known.map((r) => Math.round(r.actual!)), known.map((r) => r.value), threshold) : null
}

/** Rank-based (Mann-Whitney) AUC; tied scores get their average rank. NaN when one class is absent. */
export function rocAuc(y01: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = y01.length
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b])
  const rank = new Float64Array(n) // (N) 1-based average ranks
  for (let i = 0; i < n; ) {
    let j = i
    while (j + 1 < n && score[idx[j + 1]] === score[idx[i]]) j++
    for (let k = i; k <= j; k++) rank[idx[k]] = (i + j) / 2 + 1
    i = j + 1
  }
  let pos = 0
  let sumPos = 0
  for (let i = 0; i < n; i++)
    if (y01[i] === 1) {
      pos++
      sumPos += rank[i]
    }
  const neg = n - pos
  if (pos === 0 || neg === 0) return NaN
  return (sumPos - (pos * (pos + 1)) / 2) / (pos * neg)
}

/** Of the rows with an actual and both bounds, how many there are and how many actuals lie within
 *  their interval: the count behind every interval coverage (the app's, the global report's). */
export function intervalHits(rows: Iterable<{ actual: number | null; lower: number | null; upper: number | null }>): { n: number; hit: number } {
  let n = 0
  let hit = 0
  for (const r of rows) {
    if (r.actual === null || r.lower === null || r.upper === null) continue
    n++
    if (r.actual >= r.lower && r.actual <= r.upper) hit++
  }
  return { n, hit }
}

/** A classification forecast's Brier score against a baseline's, row by row: the mean over the
 *  rows with a class (y >= 0) of the forecast's row Brier minus the baseline's (as
 *  classificationMetrics sums it over the classes; negative: the forecast erred less), its standard
 *  error (sample standard deviation / sqrt(rows)) and the rows. What tells a difference of Brier
 *  scores from noise (the verdict's "level"); null on fewer than two rows. `model`, `base`: (N, K). */
export interface BrierNoise { mean: number; se: number; rows: number }

/** brierNoise on a run's test rows against the baseline its skill is measured against (`baseline`),
 *  kept with a classification run (runs.classes_json's noise) for its verdict's "level"; or
 *  errorNoise, kept with a regression run (its choice's testNoise, runs.choice_json), whose `metric`
 *  says which errors were differenced and `lag` the Newey-West lags of its standard error. */
export interface TestNoise extends BrierNoise { baseline: string; metric?: ErrorNoiseMetric; lag?: number }

/** The regression metrics whose row errors errorNoise differences: RMSE's squared errors, MAE's
 *  absolute ones. */
export type ErrorNoiseMetric = 'rmse' | 'mae'

/** A regression forecast's errors against a baseline's on the same rows: the mean over the rows
 *  where the actual and both forecasts are known of the forecast's squared error (RMSE's metric) or
 *  absolute error (MAE) minus the baseline's (negative: the forecast erred less), and its standard
 *  error by Newey-West with `lag` lags (Bartlett weights; lag 0: the sample standard deviation /
 *  sqrt(rows)). h-step forecasts from consecutive origins share h - 1 of the values they forecast
 *  over, so their differences are correlated up to lag h - 1 (the Diebold-Mariano test's lag).
 *  What tells a regression verdict's difference from noise (its "level"); null on fewer than two
 *  rows, or fewer rows than lag + 2. */
export function errorNoise(y: ArrayLike<number>, model: ArrayLike<number>, base: ArrayLike<number>, metric: ErrorNoiseMetric, lag = 0): (BrierNoise & { metric: ErrorNoiseMetric; lag: number }) | null {
  const loss = metric === 'rmse' ? (e: number) => e * e : Math.abs
  const d: number[] = []
  for (let i = 0; i < y.length; i++) {
    const a = y[i]!, f = model[i]!, b = base[i]!
    if (Number.isFinite(a) && Number.isFinite(f) && Number.isFinite(b)) d.push(loss(f - a) - loss(b - a))
  }
  const n = d.length
  const L = Math.max(0, Math.floor(lag))
  if (n < 2 || n < L + 2) return null
  const mean = d.reduce((s, x) => s + x, 0) / n
  const gamma = (l: number) => {
    let s = 0
    for (let t = l; t < n; t++) s += (d[t]! - mean) * (d[t - l]! - mean)
    return s / (n - 1) // (n - 1): lag 0 is the sample variance, as brierNoise's
  }
  let variance = gamma(0)
  for (let l = 1; l <= L; l++) variance += 2 * (1 - l / (L + 1)) * gamma(l)
  return { mean, se: Math.sqrt(Math.max(0, variance) / n), rows: n, metric, lag: L }
}

/** A difference of Brier scores within this many standard errors of 0 is level: not told apart
 *  from noise (about 95 % of differences of a forecast no better than its baseline fall within). */
export const NOISE_SE = 2

/** Whether a run (or a global run's series) is level with `baseline` on test: its noise was
 *  measured against that baseline and the mean difference lies within NOISE_SE standard errors of
 *  0. The one rule: the verdicts, the Runs lists and the series tables all read it (core/export
 *  verdict.ts re-exports it). */
export function levelWithin(noise: TestNoise | null | undefined, baseline: string | null): noise is TestNoise {
  return !!noise && noise.baseline === baseline && Math.abs(noise.mean) < NOISE_SE * noise.se
}

export function brierNoise(y: ArrayLike<number>, model: ArrayLike<number>, base: ArrayLike<number>, K: number): BrierNoise | null {
  const d: number[] = []
  for (let i = 0; i < y.length; i++) {
    if (!(y[i]! >= 0)) continue
    let diff = 0
    for (let k = 0; k < K; k++) {
      const o = k === y[i] ? 1 : 0
      diff += (model[i * K + k]! - o) ** 2 - (base[i * K + k]! - o) ** 2
    }
    d.push(diff)
  }
  const n = d.length
  if (n < 2) return null
  const mean = d.reduce((s, x) => s + x, 0) / n
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)
  return { mean, se: Math.sqrt(variance / n), rows: n }
}
