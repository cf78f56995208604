// Per-series scores of a global model (issue 13, item 3): each series' network forecasts against
// that series' own naive and seasonal-naive forecasts at the same origins, MASE scaled by that
// series' training rows, then aggregated (mean MASE, how many series beat naive).
import { EXACT_FIT, magnitudeOf, naiveScale } from '../data'
import { errorNoise, levelWithin, type TestNoise } from '../data/metrics'

export interface SeriesForecasts {
  y: ArrayLike<number> // (W) actual values at the windows' targets, original units
  yhat: ArrayLike<number> // (W) the network's forecasts
  naive: ArrayLike<number> // (W) the value at each window's origin
  /** (W) the value a season (or whole seasons) before each target; NaN where the series has none. null: no season. */
  seasonalNaive: ArrayLike<number> | null
  trainY: ArrayLike<number> // the series' training rows, for MASE's denominator
}

export interface SeriesScore {
  n: number
  mae: number
  /** MAE over the mean absolute one-step change of the series' training rows (NaN if constant). */
  mase: number
  naiveMae: number
  naiveMase: number
  /** null: no season, or too few rows a season back. */
  seasonalNaiveMae: number | null
  /** seasonalNaiveMae over the same scale as mase (NaN where that is; null where seasonalNaiveMae is). */
  seasonalNaiveMase: number | null
  beatsNaive: boolean
  /** Better than the better of naive and seasonal naive. */
  beatsBestNaive: boolean
}

export interface SeriesSummary {
  series: number
  /** Mean of the series' MASE (series with a finite MASE), and of naive's on the same series. */
  meanMase: number | null
  meanNaiveMase: number | null
  beatNaive: number
  beatBestNaive: number
  /** Seasonal naive's mean MASE over the series that have one (of those meanMase is over), and how
   *  many those are: a mean over fewer series than naive's, so said with its count. Absent where no
   *  series has one, and in runs stored before 2026-12-07 (nothing is computed in its place). */
  seasonalNaive?: { meanMase: number; series: number }
  /** How many series beat the better of naive and seasonal naive beyond the noise of their test
   *  rows, and how many are level with it within that noise (againstBestNaive); absent in runs
   *  stored before 2026-12-08, whose verdict counts by the MAE alone. */
  bestNaiveNoise?: { beat: number; level: number }
}

const meanAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i])
  return s / a.length
}

/** The series' own scale (magnitudeOf its training values: one far value cannot set it): an MAE
 *  at most EXACT_FIT of it is rounding, not error, and counts as 0 (core/data/metrics skillOf's
 *  rule for a single run), so that a line fitted to 1e-14 neither "beats" naive by rounding nor,
 *  as a ratio of 1e-14 to naive's, decides a global run's geometric mean (geometricRelativeMae
 *  leaves 0 out). */
function roundingToZero(trainY: ArrayLike<number>): (mae: number) => number {
  const top = magnitudeOf(Array.prototype.filter.call(trainY, Number.isFinite) as number[])
  return (mae) => (mae <= EXACT_FIT * top ? 0 : mae)
}

export function scoreSeries(f: SeriesForecasts): SeriesScore {
  const n = f.y.length
  if (n === 0) throw new RangeError('a series needs at least one forecast to score')
  if (f.yhat.length !== n || f.naive.length !== n || (f.seasonalNaive && f.seasonalNaive.length !== n)) throw new RangeError('y, yhat and the baselines must have one value per window')
  const scale = naiveScale(f.trainY, 1)
  const exact = roundingToZero(f.trainY)
  const mae = exact(meanAbs(f.y, f.yhat))
  const naiveMae = exact(meanAbs(f.y, f.naive))
  const sn = f.seasonalNaive
  const seasonalNaiveMae = sn && Array.from(sn).every((v) => v === v) ? exact(meanAbs(f.y, sn)) : null
  const best = seasonalNaiveMae === null ? naiveMae : Math.min(naiveMae, seasonalNaiveMae)
  const mase = (v: number) => (scale > 0 ? v / scale : NaN)
  return { n, mae, mase: mase(mae), naiveMae, naiveMase: mase(naiveMae), seasonalNaiveMae, seasonalNaiveMase: seasonalNaiveMae === null ? null : mase(seasonalNaiveMae), beatsNaive: mae < naiveMae, beatsBestNaive: mae < best }
}

/** The better of naive and seasonal naive on a series' test rows (the lower MAE; naive where the
 *  series has no seasonal naive): the baseline a global regression's verdict counts its series by. */
export function bestNaiveOf(s: { naiveMae: number | null; seasonalNaiveMae: number | null }): 'naive' | 'seasonal-naive' {
  return s.seasonalNaiveMae !== null && s.naiveMae !== null && s.seasonalNaiveMae < s.naiveMae ? 'seasonal-naive' : 'naive'
}

/** A series' test forecast against the better of its naive forecasts (bestNaiveOf), as a single
 *  run's verdict measures its noise (core/data errorNoise, NOISE_SE): the absolute errors (the
 *  series' scores are MAEs) at step h, differenced row by row, with h - 1 Newey-West lags; null on
 *  too few rows. */
export function seriesErrorNoise(f: Pick<SeriesForecasts, 'y' | 'yhat' | 'naive' | 'seasonalNaive'>, score: SeriesScore, horizon: number): TestNoise | null {
  const baseline = bestNaiveOf(score)
  const against = baseline === 'seasonal-naive' ? f.seasonalNaive : f.naive
  const n = against ? errorNoise(f.y, f.yhat, against, 'mae', horizon - 1) : null
  return n && Number.isFinite(n.mean) && Number.isFinite(n.se) ? { baseline, ...n } : null
}

/** A series of a global regression against the better of its naive forecasts: 'level' where its
 *  noise (seriesErrorNoise, against that baseline) says the difference is within what its test rows
 *  can tell (levelWithin, the single run's rule), else 'beats' where its MAE is lower, 'loses' where
 *  not. `noise` undefined: a run stored before each series' noise was kept, by the MAE alone. */
export function againstBestNaive(s: { beatsBestNaive: boolean; naiveMae: number | null; seasonalNaiveMae: number | null }, noise?: TestNoise | null): 'beats' | 'level' | 'loses' {
  if (noise !== undefined && levelWithin(noise, bestNaiveOf(s))) return 'level'
  return s.beatsBestNaive ? 'beats' : 'loses'
}

/** How many series beat the better naive beyond their noise and how many are level with it
 *  (SeriesSummary.bestNaiveNoise), each series with its noise by position. */
export function bestNaiveCounts(scores: readonly SeriesScore[], noise: readonly (TestNoise | null)[]): { beat: number; level: number } {
  const said = scores.map((s, i) => againstBestNaive(s, noise[i] ?? null))
  return { beat: said.filter((a) => a === 'beats').length, level: said.filter((a) => a === 'level').length }
}

/** A global run's scale-free headline (GMRAE): the geometric mean over its series of each series'
 *  MAE over its own naive forecast's MAE on the same test points; below 1 beats naive. Each series
 *  counts once whatever its units (a plain mean of MAEs in units 0.001 to 580 is decided by the
 *  largest). Series whose MAE or naive MAE is 0 (rounding counts as 0: scoreSeries) or undefined are left out (a ratio of 0 or
 *  infinity has no logarithm); null when none is left. Store migration 010 computes the same in SQL
 *  for global runs stored before. */
export function geometricRelativeMae(series: readonly { mae: number | null; naiveMae: number | null }[]): number | null {
  let sum = 0
  let n = 0
  for (const s of series) {
    if (s.mae === null || s.naiveMae === null || !(s.mae > 0) || !(s.naiveMae > 0) || !Number.isFinite(s.mae) || !Number.isFinite(s.naiveMae)) continue
    sum += Math.log(s.mae / s.naiveMae)
    n++
  }
  return n ? Math.exp(sum / n) : null
}

export function summariseSeries(scores: SeriesScore[]): SeriesSummary {
  const finite = scores.filter((s) => Number.isFinite(s.mase) && Number.isFinite(s.naiveMase))
  const meanOf = (of: SeriesScore[], f: (s: SeriesScore) => number) => (of.length ? of.reduce((a, s) => a + f(s), 0) / of.length : null)
  const mean = (f: (s: SeriesScore) => number) => meanOf(finite, f)
  // of those, the series with a season (a seasonal naive MAE): naive's mean is over them all
  const seasonal = finite.filter((s) => s.seasonalNaiveMase !== null && Number.isFinite(s.seasonalNaiveMase))
  return {
    series: scores.length,
    meanMase: mean((s) => s.mase),
    meanNaiveMase: mean((s) => s.naiveMase),
    beatNaive: scores.filter((s) => s.beatsNaive).length,
    beatBestNaive: scores.filter((s) => s.beatsBestNaive).length,
    ...(seasonal.length ? { seasonalNaive: { meanMase: meanOf(seasonal, (s) => s.seasonalNaiveMase!)!, series: seasonal.length } } : {})
  }
}

/** Seasonal naive's test metric in a global run's table, from its series' scores: the run's metrics
 *  keep it (globalRunMetrics, since 2026-12-06; Evaluate computes it here from the series table for a
 *  run stored before, and for the note under its table): the geometric mean of each series' seasonal-naive MAE over its
 *  naive MAE (gmrae, as geometricRelativeMae; below 1 beats naive), over the series that have one,
 *  and how many those are. The verdict counts series that beat the better of naive and seasonal
 *  naive: Evaluate's table shows both. None where no series has a seasonal naive MAE. */
export function seasonalNaiveMetric(series: readonly { naiveMae: number | null; seasonalNaiveMae: number | null }[]): { split: 'test'; model: 'seasonal-naive'; metric: 'gmrae'; value: number | null; of: number } | null {
  const some = series.filter((s) => s.seasonalNaiveMae !== null)
  return some.length ? { split: 'test', model: 'seasonal-naive', metric: 'gmrae', value: geometricRelativeMae(some.map((s) => ({ mae: s.seasonalNaiveMae, naiveMae: s.naiveMae }))), of: some.length } : null
}
