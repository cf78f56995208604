// A run's row of the Runs list (listRuns) from its full summary: what the list reads, and no more.
import type { RunListItem, RunSummary } from '../contract'

/** Optional fields of a summary left out of a list row where null (the list reads null and absent alike). */
const DROPPED_WHEN_NULL = ['ending', 'lossSteps', 'lossOutputs', 'runningElsewhere', 'unit', 'global', 'forecaster'] as const

/** Summary `s` as a Runs list row (RunListItem): its range only where some test values lie outside
 *  it (rangeWarning says nothing otherwise), its sweep score and rank note only for a sweep's trial,
 *  and the optional fields that are null left out. */
export function runListItem(s: RunSummary): RunListItem {
  const { range, finishedAt: _finished, datasetId: _dataset, trialForecast, trialUnranked, ...rest } = s
  const item: RunListItem = rest
  for (const k of DROPPED_WHEN_NULL) if (item[k] === null) delete item[k]
  if (range && range.above + range.below > 0) item.range = range
  if (s.sweepId !== null) Object.assign(item, { trialForecast: trialForecast ?? null, trialUnranked: trialUnranked ?? null })
  return item
}
