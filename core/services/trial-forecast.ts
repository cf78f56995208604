// What a sweep trial's run forecasts, scored on validation (core/train/sweep.ts TrialForecast),
// read from the run as stored: the one reader for fw sweep and the app's Sweep panel (listRuns).
import type { ChoiceSummary } from '../export/verdict'
import type { Run } from '../store'
import type { TrialForecast, Unranked } from '../train/sweep'
import { parseGlobalSummary } from './global-run'
import { parseStoredChoice } from './stored-choice'

/** A global run: its chosen forecasts' validation GMRAE (GlobalSummary.validation); a single-series
 *  run: its chosen forecaster's validation MAE (the stored choice). Null where the run keeps neither
 *  (unfinished, stored before the score was kept); a classification run: the network's best
 *  validation loss `bestValLoss`, its forecast being the network's. `choice`: the run's stored choice
 *  where the caller has parsed it already (a list's row, parsedRun). */
export function trialForecast(run: Pick<Run, 'choiceJson' | 'globalJson' | 'configJson'>, bestValLoss: number | null, choice?: ChoiceSummary | null): TrialForecast | null {
  // a classification run has no choice: its forecast is the network's, scored by its validation loss
  if ((JSON.parse(run.configJson) as { data?: { task?: string } }).data?.task === 'classification') return { error: bestValLoss, metric: 'loss', usesNetwork: true }
  if (run.globalJson) {
    const v = (parseGlobalSummary(run.globalJson)?.summary as { validation?: { gmrae?: unknown; networkSeries?: unknown } } | undefined)?.validation
    if (!v || typeof v.networkSeries !== 'number' || (v.gmrae !== null && typeof v.gmrae !== 'number')) return null
    return { error: v.gmrae as number | null, metric: 'gmrae', usesNetwork: v.networkSeries > 0 }
  }
  const c = choice === undefined ? parseStoredChoice(run.choiceJson) : choice
  if (!c) return null
  return { error: c.validation.find((s) => s.name === c.chosen)?.mae ?? null, metric: 'mae', usesNetwork: c.network > 0 }
}

/** Why a done trial's run has no rank (core/train/sweep.ts Unranked), from trialForecast's answer:
 *  a global run whose summary keeps no validation score was stored before it was kept
 *  ('stored-before'); a forecast with no validation error had none to score ('no-validation'). Null
 *  for a run not done (its status says why), one with a score, and a single-series run with no
 *  stored choice (stored before choices were, or trained with no validation rows: not told apart). */
export function trialUnranked(run: Pick<Run, 'status' | 'globalJson'>, forecast: TrialForecast | null): Unranked | null {
  if (run.status !== 'done') return null
  if (forecast === null) return run.globalJson ? 'stored-before' : null
  return forecast.error === null || !Number.isFinite(forecast.error) ? 'no-validation' : null
}
