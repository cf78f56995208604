// Statistical models beside the network (issue 12, item 3): the naive family, exponential smoothing
// as R's forecast::ets() does it, Theta as forecast::thetaf() does it and ARIMA as
// forecast::auto.arima() does it. All pure TypeScript.
// Each model is fitted once on the training series; forecastAt() then replays it on any series at
// any origins with the fitted parameters, which is how the app scores it beside the network.

import { fitArima, restoreArima } from './arima'
import { fitEts, restoreEts } from './ets'
import { fitTheta, restoreTheta } from './theta'
import { restoreSimple, fitDrift, fitNaive, fitSeasonalNaive } from './simple'
import type { StatFit, StatName, StoredStat } from './types'

export type { StatFit, StatName, StoredStat } from './types'

export const STAT_NAMES: readonly StatName[] = ['naive', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima']

/** Fits one model. period null or 1 = non-seasonal. Throws RangeError naming the problem on NaN or too-short input. */
export function fitStat(name: StatName, y: Float64Array, period: number | null): StatFit {
  switch (name) {
    case 'naive':
      return fitNaive(y)
    case 'seasonal-naive':
      return fitSeasonalNaive(y, period)
    case 'drift':
      return fitDrift(y)
    case 'ets':
      return fitEts(y, period)
    case 'theta':
      return fitTheta(y, period)
    case 'arima':
      return fitArima(y, period)
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
