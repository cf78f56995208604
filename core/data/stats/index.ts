// Statistical models beside the network (issue 12, item 3): the naive family, exponential smoothing
// as R's forecast::ets() does it, Theta as forecast::thetaf() does it and ARIMA as
// forecast::auto.arima() does it. All pure TypeScript.
// Each model is fitted once on the training series; forecastAt() then replays it on any series at
// any origins with the fitted parameters, which is how the app scores it beside the network.

import { fitArima, refitArima, restoreArima } from './arima'
import type { AutoArimaLimits } from './arima-auto'
import { fitEts, restoreEts } from './ets'
import { fitTheta, restoreTheta } from './theta'
import { decimalScale, fitScale, ordinaryScale } from './scale'
import { restoreSimple, fitDrift, fitNaive, fitSeasonalNaive } from './simple'
import type { StatFit, StatName, StoredStat } from './types'

export type { StatFit, StatName, StatRefit, StoredStat } from './types'
export { decimalScale, fitScale, ORDINARY_SCALE, ordinaryScale } from './scale'
export type { AutoArimaLimits } from './arima-auto'
export { changesFollow, FOLLOWS_ALPHA, FOLLOWS_MIN_R2, ljungBox, randomWalkTest, RANDOM_WALK_ALPHA, type RandomWalkTest } from './random-walk'
export { OUTLIER_MAX_ROWS, OUTLIER_PASSES, statOutliers, statOutliersOfTail, statOutliersOfTailPausing, tsoutliers, withReplaced, type Outliers, type ReplacedValue } from './outliers'

export const STAT_NAMES: readonly StatName[] = ['naive', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima']

/**
 * The units ETS, Theta and ARIMA are fitted in. 'as-given': y's own, as R's ets(y), thetaf(y) and
 * auto.arima(y) (whose choices and scores change when y is only rescaled: scale.ts). 'scale-free':
 * y / mean(|y|), mapped back to y's units, so that the same series in any units gives the same model
 * and forecasts in proportion, to rounding. 'ordinary' (what a run uses): as given where mean |y|
 * lies in ORDINARY_SCALE, outside it scale-free (Theta, ARIMA) or, for ETS, y / 10^k with mean |y| / 10^k
 * in [1, 10) (scale.ts says why). The naive family has nothing to fit.
 */
export type StatUnits = 'as-given' | 'scale-free' | 'ordinary'

const scaleOf = (y: Float64Array, units: StatUnits): number => (units === 'scale-free' ? fitScale(y) : units === 'ordinary' ? ordinaryScale(y) : 1)
/** ETS's: in 'ordinary' units past the band, a power of ten, not mean |y| (decimalScale says why). */
const etsScaleOf = (y: Float64Array, units: StatUnits): number => (units === 'ordinary' ? decimalScale(y) : scaleOf(y, units))

/** Fits one model. period null or 1 = non-seasonal. Throws RangeError naming the problem on NaN or
 *  too-short input. `arima`: bounds on auto.arima's search (none: R's defaults). `tick`: told as the
 *  fit goes (a progress count; it changes nothing): ETS's candidates, ARIMA's (autoArima's). */
export function fitStat(name: StatName, y: Float64Array, period: number | null, arima?: AutoArimaLimits, units: StatUnits = 'as-given', tick?: () => void): StatFit {
  switch (name) {
    case 'naive':
      return fitNaive(y)
    case 'seasonal-naive':
      return fitSeasonalNaive(y, period)
    case 'drift':
      return fitDrift(y)
    case 'ets':
      return fitEts(y, period, etsScaleOf(y, units), tick)
    case 'theta':
      return fitTheta(y, period, scaleOf(y, units))
    case 'arima':
      return fitArima(y, period, arima, scaleOf(y, units), tick)
    default:
      throw new RangeError(`fitStat: unknown model name ${JSON.stringify(name)}`)
  }
}

/** Rebuilds a model from its toJSON(); validates and throws naming the field that is wrong. */
export function restoreStat(s: StoredStat): StatFit {
  if (s === null || typeof s !== 'object') throw new RangeError('restoreStat: expected an object')
  if (!STAT_NAMES.includes(s.name)) throw new RangeError(`restoreStat: name must be one of ${STAT_NAMES.join(', ')}, got ${JSON.stringify(s.name)}`)
  if (typeof s.period !== 'number') throw new RangeError(`restoreStat: period must be a number, got ${JSON.stringify(s.period)}`)
  if (s.params === null || typeof s.params !== 'object') throw new RangeError('restoreStat: params must be an object')
  switch (s.name) {
    case 'naive':
    case 'seasonal-naive':
    case 'drift':
      return restoreSimple(s)
    case 'ets':
      return restoreEts(s)
    case 'theta':
      return restoreTheta(s)
    case 'arima':
      return restoreArima(s)
  }
}

/**
 * Refits a stored model on y (typically every row, for the forecast past the end), keeping what was
 * chosen where that is cheap and well defined:
 * - 'arima': the same orders and regression term re-estimated by CSS-ML (R's Arima(y, order, seasonal,
 *   include.mean / include.drift)), no stepwise search; refit.kind 'same-orders'. If that fit fails
 *   (see refitArima), the full auto.arima search on y instead, refit.kind 'search' with the reason.
 * - every other model: fitStat(name, y, period) afresh (ETS and Theta choose their form again; the
 *   naive family has nothing to choose); refit.kind 'fit'.
 * `period`: the data's period for a fresh fit (null = none); default stored.period, except that for
 * ARIMA the stored order's m (the data's period also when a non-seasonal model was chosen).
 * `units` and `tick` as fitStat's. Throws RangeError on a broken stored model or NaN / too-short y,
 * as fitStat and restoreStat do.
 */
export function refitStat(stored: StoredStat, y: Float64Array, period?: number | null, units: StatUnits = 'as-given', tick?: () => void): StatFit {
  if (stored === null || typeof stored !== 'object') throw new RangeError('refitStat: expected an object')
  if (!STAT_NAMES.includes(stored.name)) throw new RangeError(`refitStat: name must be one of ${STAT_NAMES.join(', ')}, got ${JSON.stringify(stored.name)}`)
  if (stored.name === 'arima') return refitArima(stored, y, period, scaleOf(y, units), tick)
  const fit = fitStat(stored.name, y, period === undefined ? stored.period : period, undefined, units, tick)
  fit.refit = { kind: 'fit' }
  return fit
}
