// A stored run's verdict (core/export/verdict.ts) from its detail, for the verdict panel and for
// what the Train view announces when the run it watches ends.
import type { RunDetail, RunStatus } from '../../../electron/contract'
import { fewestEvents, knownInputNames, scoredForecasts, verdictOf, type Verdict } from '../../../core/export/verdict'
import { targetScale } from '../../../core/data/metrics'
import { classRowsWhere, runClasses } from '../../../core/export/forecast-csv'

export function runVerdict(d: RunDetail): Verdict {
  return verdictOf(d.config.data.task, d.choice ?? null, d.metrics, d.summary.global ?? null, scoredForecasts(d.forecasts), targetScale(d.range), fewestEvents(d.forecasts, d.classes, classRowsWhere(d.config.data.target, runClasses(d.classes, d.config.data.rule, d.classWords))), 'app', knownInputNames(d.config.data), d.testNoise ?? null)
}

/** Said once to a screen reader when a watched run ends (the badge, the ending line and the verdict
 *  are plain text): done with its verdict's headline, or stopped; null while it runs, and for a done
 *  run whose verdict is not loaded yet (said once it is, not twice). A failure and an interruption
 *  are said by their own alerts, and a stop with nothing stored or nothing to resume by its own
 *  status line (`saidElsewhere`), so not twice either. */
export function runEndWords(runId: number | null, status: RunStatus | null, verdict: Verdict | null, saidElsewhere = false): string | null {
  if (saidElsewhere) return null
  const run = runId === null ? 'Training' : `Run ${runId}`
  if (status === 'done') return verdict ? `${run} done: ${verdict.headline}.` : null
  if (status === 'cancelled') return `${run} stopped.`
  return null
}
