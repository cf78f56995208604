// A global classification (one network across series, core/train/global.ts) scored series by
// series as a single-series classification is (evaluate.ts evaluateClassification): each series'
// validation and test windows against its own majority, persistence and training-rate baselines,
// those fitted on its own training rows. The run's aggregate is the mean over series (each series
// counts once), its skill the mean Brier's against the baseline best on validation; a two-class run
// gets one threshold, chosen on every series' validation windows pooled. No statistical model
// forecasts a class: every series is forecast by the network.
import { brierNoise, NOISE_SE, type BrierNoise, type TestNoise } from '../data/metrics'
import { chooseThreshold, classificationBaselines, classificationMetrics, skillBaseline, skillOf, targetRows, type ClassificationBaseline, type SplitName, type ThresholdChoice } from '../data'
import type { GlobalPrepared } from '../data/global'
import type { SeriesScore } from './evaluate-series'
import type { ForecastRow, MetricRow } from './types'

export const CLASS_BASELINES: readonly ClassificationBaseline[] = ['majority', 'persistence', 'training-rate']

/** A series' class scores on its test windows: the network's, and its own baselines'. */
export interface SeriesClassScore {
  n: number
  accuracy: number
  brier: number
  logLoss: number
  /** Its training rate's Brier (each class at its share of the series' own training rows). */
  rateBrier: number
  /** Persistence's Brier (the class at the window's last row). */
  persistenceBrier: number
  /** Majority's accuracy (the series' most frequent training class, always). */
  majorityAccuracy: number
  /** The network's Brier below its training rate's. */
  beatsRate: boolean
  /** The per-row Brier differences on its test windows against its training rate (core/data
   *  brierNoise), which tell a series' beat from noise; null on fewer than two rows. */
  rateNoise: BrierNoise | null
}

/** A series' (or a run's) Brier difference against a baseline: 'beats' below it beyond the noise,
 *  'level' within LEVEL_SE standard errors of 0, 'loses' above it beyond; without noise (fewer than
 *  two rows) by the difference alone, as before. */
export function againstNoise(model: number, base: number, noise: BrierNoise | null): 'beats' | 'level' | 'loses' {
  if (noise && Math.abs(noise.mean) < NOISE_SE * noise.se) return 'level'
  return model < base ? 'beats' : 'loses'
}

/** The run's Brier difference against a baseline from its series' (each counts once, as the run's
 *  mean Brier weighs them): the mean of their mean differences, which is the difference of the two
 *  mean Briers, its standard error that of a mean of independent series, sqrt(sum of se²) / S, and
 *  every test row; null where a series has no noise (fewer than two rows). */
export function runNoise(series: readonly (BrierNoise | null)[]): BrierNoise | null {
  if (!series.length || series.some((n) => n === null || !Number.isFinite(n.mean) || !Number.isFinite(n.se))) return null
  const S = series.length
  const mean = series.reduce((a, n) => a + n!.mean, 0) / S
  const se = Math.sqrt(series.reduce((a, n) => a + n!.se ** 2, 0)) / S
  return { mean, se, rows: series.reduce((a, n) => a + n!.rows, 0) }
}

/** A model's means over the series: accuracy, Brier and log loss (null: no series with a finite one). */
export interface ClassMeans { accuracy: number | null; brier: number | null; logLoss: number | null }

/** A global classification's aggregate (GlobalSummary.classification; runs.global_json). */
export interface GlobalClassSummary {
  /** The classes, in the order the forecasts index them (pooled over every series' training rows). */
  classes: string[]
  /** Test means over the series: the network's, and each baseline's. */
  model: ClassMeans
  baselines: Record<ClassificationBaseline, ClassMeans>
  /** The same on validation (what the yardstick and a sweep read); null without validation windows. */
  validation: { model: ClassMeans; baselines: Record<ClassificationBaseline, ClassMeans> } | null
  /** The baseline with the lowest mean validation Brier (skillBaseline's rule), and the test skill
   *  against it: 1 − model Brier / its Brier. */
  bestBaseline: string | null
  skill: number | null
  /** How many series' test Brier is below their training rate's. */
  beatRate: number
  /** How many series beat their training rate beyond the noise of their test rows, and how many are
   *  level with it within that noise (againstNoise); absent in runs stored before. */
  rateNoise?: { beat: number; level: number }
  /** The run's Brier difference against bestBaseline on test (runNoise, as a single run's
   *  TestNoise), for the verdict's "level"; absent where there is none and in runs stored before. */
  noise?: TestNoise
}

/** Each series' score where a regression's would be: a class has none (stored as null). */
export const noValueScore = (n: number): SeriesScore => ({ n, mae: NaN, mase: NaN, naiveMae: NaN, naiveMase: NaN, seasonalNaiveMae: null, seasonalNaiveMase: null, beatsNaive: false, beatsBestNaive: false })

/** (W, K) probabilities from a network's (W, O) outputs: one sigmoid output is P(class 1). */
function probabilities(out: Float64Array, K: number, O: number): Float64Array {
  return K === 2 && O === 1 ? Float64Array.from({ length: out.length * 2 }, (_, j) => (j % 2 ? out[j >> 1]! : 1 - out[j >> 1]!)) : out
}

type Scores = Record<'model' | ClassificationBaseline, { accuracy: number; brier: number; logLoss: number }>

/** Every series scored on validation and test (`val`, `test`: the network's (W, O) outputs of every
 *  series' windows, series after series), its test forecasts, the aggregate and the threshold. */
export function scoreGlobalClasses(gp: GlobalPrepared, val: Float64Array, test: Float64Array, O: number): {
  series: { classes: SeriesClassScore; network: SeriesScore; forecasts: ForecastRow[] }[]
  summary: GlobalClassSummary
  threshold?: ThresholdChoice
} {
  const t0 = gp.parts[0]!.prep.fitted.target
  if (t0.kind !== 'classification') throw new Error('scoreGlobalClasses needs a classification')
  const K = t0.classes.length
  const pooled = { y: [] as number[], p1: [] as number[] } // every series' validation windows (two classes)
  const per: Record<SplitName, Scores[]> = { train: [], val: [], test: [] }
  const k0: Record<'val' | 'test', number> = { val: 0, test: 0 }
  const noiseBy: Record<ClassificationBaseline, (BrierNoise | null)[]> = { majority: [], persistence: [], 'training-rate': [] }
  const series = gp.parts.map((part, p) => {
    const prep = part.prep
    const cls = prep.target as Int32Array // (N) class index, -1 unknown
    let forecasts: ForecastRow[] = []
    let own: Scores | null = null
    for (const [split, out] of [['val', val], ['test', test]] as const) {
      const n = gp.windowCounts[split][p]!
      const { target, origin } = targetRows(prep.windows[split])
      const prob = probabilities(out.subarray(k0[split] * O, (k0[split] + n) * O), K, O) // (W, K)
      k0[split] += n
      if (!n) continue
      const y = Float64Array.from(target, (r) => cls[r]!)
      const base = classificationBaselines(cls, origin, K, prep.splits.train)
      const s = { model: classificationMetrics(y, prob, K), ...Object.fromEntries(CLASS_BASELINES.map((b) => [b, classificationMetrics(y, base[b], K)])) } as Record<'model' | ClassificationBaseline, ReturnType<typeof classificationMetrics>>
      const scores = Object.fromEntries(Object.entries(s).map(([k, m]) => [k, { accuracy: m.accuracy, brier: m.brier, logLoss: m.logLoss }])) as Scores
      per[split].push(scores)
      if (split === 'val' && K === 2) for (let i = 0; i < n; i++) (pooled.y.push(y[i]!), pooled.p1.push(prob[i * 2 + 1]!))
      if (split === 'test') {
        own = scores
        for (const b of CLASS_BASELINES) noiseBy[b].push(brierNoise(y, prob, base[b], K))
        forecasts = Array.from(target, (r, i) => {
          let arg = 0
          for (let k = 1; k < K; k++) if (prob[i * K + k]! > prob[i * K + arg]!) arg = k
          return { ts: prep.time ? prep.time[r]! : r, step: prep.config.window.horizon, value: K === 2 ? prob[i * 2 + 1]! : arg, lower: null, upper: null, actual: y[i]! >= 0 ? y[i]! : null }
        })
      }
    }
    const n = gp.windowCounts.test[p]!
    // prepareGlobal keeps only series with a test window
    const m = own as Scores | null
    if (!m) throw new Error(`series ${part.label} has no test window`)
    return {
      classes: { n, accuracy: m.model.accuracy, brier: m.model.brier, logLoss: m.model.logLoss, rateBrier: m['training-rate'].brier, persistenceBrier: m.persistence.brier, majorityAccuracy: m.majority.accuracy, beatsRate: m.model.brier < m['training-rate'].brier, rateNoise: noiseBy['training-rate'][p] ?? null },
      network: noValueScore(n),
      forecasts
    }
  })
  const means = (split: SplitName, who: 'model' | ClassificationBaseline): ClassMeans => ({ accuracy: meanOf(per[split].map((s) => s[who].accuracy)), brier: meanOf(per[split].map((s) => s[who].brier)), logLoss: meanOf(per[split].map((s) => s[who].logLoss)) })
  const all = (split: SplitName) => ({ model: means(split, 'model'), baselines: Object.fromEntries(CLASS_BASELINES.map((b) => [b, means(split, b)])) as Record<ClassificationBaseline, ClassMeans> })
  const testMeans = all('test')
  const validation = per.val.length ? all('val') : null
  const rows = [...classMetricRows('test', testMeans), ...(validation ? classMetricRows('val', validation) : [])]
  const bestBaseline = skillBaseline(rows, 'brier')
  const best = bestBaseline ? testMeans.baselines[bestBaseline as ClassificationBaseline].brier : null
  // the verdict's "level", as a single run's: the run's difference from its best baseline against
  // its noise, and each series' from its own training rate against its own
  const against = series.map((s) => againstNoise(s.classes.brier, s.classes.rateBrier, s.classes.rateNoise))
  const diff = bestBaseline ? runNoise(noiseBy[bestBaseline as ClassificationBaseline]) : null
  const noise: TestNoise | null = diff && bestBaseline ? { baseline: bestBaseline, ...diff } : null
  const summary: GlobalClassSummary = {
    classes: [...t0.classes], ...testMeans, validation, bestBaseline,
    skill: skillOf('brier', testMeans.model.brier, best, null).skill, beatRate: series.filter((s) => s.classes.beatsRate).length,
    rateNoise: { beat: against.filter((a) => a === 'beats').length, level: against.filter((a) => a === 'level').length },
    ...(noise ? { noise } : {})
  }
  return { series, summary, ...(K === 2 ? { threshold: chooseThreshold(pooled.y, pooled.p1) } : {}) }
}

const meanOf = (xs: number[]): number | null => {
  const f = xs.filter(Number.isFinite)
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : null
}

/** One split's means as metric rows: accuracy, Brier and log loss of the model and each baseline. */
function classMetricRows(split: SplitName, m: { model: ClassMeans; baselines: Record<ClassificationBaseline, ClassMeans> }): MetricRow[] {
  return (['model', ...CLASS_BASELINES] as const).flatMap((who) => {
    const x = who === 'model' ? m.model : m.baselines[who]
    return [{ split, model: who, metric: 'accuracy', value: x.accuracy }, { split, model: who, metric: 'brier', value: x.brier }, { split, model: who, metric: 'logloss', value: x.logLoss }]
  })
}

/** A global classification's metrics as the run store keeps them: the test means of the network and
 *  of each baseline (accuracy, Brier, log loss), and the network's skill against the baseline best
 *  on validation. */
export function globalClassMetrics(c: GlobalClassSummary): MetricRow[] {
  return [...classMetricRows('test', c), ...(c.skill !== null ? [{ split: 'test' as const, model: 'model', metric: 'skill', value: c.skill }] : [])]
}
