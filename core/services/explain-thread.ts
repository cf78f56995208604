// The app's explanation of one forecast of a stored run (Evaluate's "why this forecast"): the run
// rebuilt from its snapshot, then explainRun's integrated gradients (2-4 s where the path is refined
// on an hourly run) and, asked for, importance on up to 500 validation windows (minutes where many
// of them are refined; a newer request of the same view stops it: ApartThread.ask).
// Main reads the snapshot (milliseconds) and answers; the rest is done on a thread of its own
// (apart-thread.ts), which keeps the last done run it rebuilt (rebuildOnce): each click on the
// chart explains one more forecast of the same run without rebuilding it.
import { appErrorText, carryApp } from '../data/words'
import type { RunExplanation } from '../train/explain-run'
import { ApartThread } from './apart-thread'
import { rebuildOnce, type Rebuilder } from './export-job'
import { explanationOf, type RebuiltRun, type RunSnapshot } from './run-export'

/** Which forecast: its time (or row, in a run without one); global adds importance on validation,
 *  its windows refined within refineBudget gradient evaluations (absent: GLOBAL_REFINE_BUDGET). */
export interface ExplainAsk { ts: number; global: boolean; refineBudget?: number }
/** main -> export-worker.ts: explain one forecast of the snapshot's run. */
export interface ExplainRequest { id: number; explain: { snapshot: RunSnapshot; ask: ExplainAsk } }

/** A request the run cannot answer, with the code and field the app's contract gives it. */
export class ExplainRefused extends Error {
  override name = 'ExplainRefused'
  constructor(readonly code: 'not-available' | 'not-found', message: string, readonly field?: string) {
    super(message)
  }
}

/** The forecast of `r` at `ask.ts` explained; a classification run and a time with no row refused.
 *  `check` is called as the work goes (each engine call's batch of windows, each round of
 *  refinement, each permutation), and stops it by throwing (cancelCheck). */
export function explainRebuilt(r: RebuiltRun, ask: ExplainAsk, check?: () => void): RunExplanation {
  if (r.config.data.task !== 'regression') throw new ExplainRefused('not-available', `run ${r.runId} classifies; explanations are for regression runs`)
  const { prep } = r.rebuilt.run
  const row = prep.time ? prep.time.indexOf(ask.ts) : ask.ts
  if (row < 0 || row >= prep.N) throw new ExplainRefused('not-found', `run ${r.runId} has no row at ${ask.ts}`, 'ts')
  try {
    return explanationOf(r, { end: row - r.config.data.horizon, localOnly: !ask.global, ...(ask.refineBudget !== undefined ? { refineTotal: ask.refineBudget } : {}), ...(check ? { onProgress: () => check() } : {}) })!
  } catch (e) {
    // a window the explanation cannot read (too early a row): said in the app's words, on the time
    if (e instanceof RangeError) throw carryApp(new ExplainRefused('not-available', e.message, 'ts'), { message: e.message, app: appErrorText(e) })
    throw e
  }
}

/** What the thread answers an ExplainRequest with, rebuilding by `rebuild`; `check` as explainRebuilt's,
 *  called before the rebuild and at each of its steps too. */
export function explainSnapshot(rebuild: Rebuilder, { snapshot, ask }: ExplainRequest['explain'], check?: () => void): RunExplanation {
  check?.()
  return explainRebuilt(rebuild(snapshot, check && (() => check())), ask, check)
}

export class ExplainThread {
  private readonly apart: ApartThread<Omit<ExplainRequest, 'id'>>
  /** the calling thread's rebuild, kept as the thread keeps its own (no worker file) */
  private readonly rebuild = rebuildOnce()

  /** @param workerFile the built export-worker.js; undefined explains on the calling thread. */
  constructor(workerFile?: string) {
    this.apart = new ApartThread(workerFile, 'the explanation thread', 'the forecast was explained')
  }

  /** The forecast of the snapshot's run at `ask.ts` explained (explainRebuilt), on the thread. A
   *  `view` (one panel's forecast, or its importance) cancels that view's explanation under way: it
   *  stops and rejects with code 'cancelled' (ApartThread.ask). */
  explain(snapshot: RunSnapshot, ask: ExplainAsk, view?: string): Promise<RunExplanation> {
    return this.apart.ask({ explain: { snapshot, ask } }, () => explainSnapshot(this.rebuild, { snapshot, ask }), view)
  }

  /** Ends the thread; an explanation under way rejects. */
  close(): Promise<void> {
    return this.apart.close()
  }
}
