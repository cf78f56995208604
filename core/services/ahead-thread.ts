// Forecast past the end of a stored run (Evaluate's and Export's "forecast past the end", main's
// forecastAhead verb): a single-series run rebuilt from its snapshot (seconds on a long series) and
// forecast by its model file, a global run's every series by its stored model file. Main reads the
// snapshot (milliseconds) and answers; the forecast is made on a thread of its own (apart-thread.ts),
// which keeps the last done run it rebuilt (rebuildOnce): asking another number of steps of the same
// run does not rebuild it. Main stays the only user of the database.
import { applyFitted } from '../data/apply'
import { appWords } from '../data/words'
import { formatNumber } from '../export/report/scale'
import { beyondHistory } from '../train/domain'
import { aheadClockNote, aheadIntervals, farAheadNote, forecastAhead, loadModelFile } from '../train/forecast'
import { ApartThread } from './apart-thread'
import { rebuildOnce, unavailableAs, type Rebuilder } from './export-job'
import { parseGlobalSummary, storedGlobalForecast } from './global-run'
import { snapshotReader, type RebuiltRun, type RunSnapshot } from './run-export'

/** main -> export-worker.ts: forecast the snapshot's run `steps` past the end (appVersion: the app's,
 *  which reads a global run's model file). */
export interface AheadRequest { id: number; ahead: { snapshot: RunSnapshot; steps: number; appVersion: string } }

/** A single-series run's forecast past the end, as fw forecast --run gives it, with its notes. */
export function singleAhead(r: RebuiltRun, steps: number) {
  const m = loadModelFile(r.rebuilt.modelFile)
  const applied = applyFitted(r.dataset, m.config, m.fitted)
  // the last values outside the history the run was fitted and chosen on: said in the app's words
  const beyond = beyondHistory(m.history ?? null, m.config.target, applied.targetRaw, applied.time, applied.lines, (x) => formatNumber(x, 4), applied.zone)
  const points = forecastAhead(m, applied, steps)
  return { points, hasTime: applied.time !== null, zone: applied.zone, domain: m.domain, intervals: aheadIntervals(m, steps), beyond: beyond ? appWords(beyond) : null, far: farAheadNote(m, applied.N, steps), clock: aheadClockNote(m, r.dataset, applied, points) }
}

/** A global run's every series forecast past the end by its stored model file (its model itself left
 *  out: main needs the blocks and notes only). */
function globalAhead(s: RunSnapshot, steps: number, appVersion: string) {
  const { gm: _gm, ...ahead } = unavailableAs(s.run.id, () => storedGlobalForecast(snapshotReader(s), s.run.id, steps, appVersion))
  return ahead
}

export type Ahead = ({ kind: 'single' } & ReturnType<typeof singleAhead>) | ({ kind: 'global' } & ReturnType<typeof globalAhead>)

/** What the thread answers an AheadRequest with, rebuilding a single-series run by `rebuild`. A
 *  forecast that cannot be made throws its ForecastError (or, of a global run, ExportUnavailable). */
export function aheadOfSnapshot(rebuild: Rebuilder, { snapshot, steps, appVersion }: AheadRequest['ahead']): Ahead {
  if (parseGlobalSummary(snapshot.run.globalJson)) return { kind: 'global', ...globalAhead(snapshot, steps, appVersion) }
  return { kind: 'single', ...singleAhead(rebuild(snapshot), steps) }
}

export class AheadThread {
  private readonly apart: ApartThread<Omit<AheadRequest, 'id'>>
  /** the calling thread's rebuild, kept as the thread keeps its own (no worker file) */
  private readonly rebuild = rebuildOnce()

  /** @param workerFile the built export-worker.js; undefined forecasts on the calling thread. */
  constructor(workerFile?: string) {
    this.apart = new ApartThread(workerFile, 'the forecast thread', 'the forecast past the end was made')
  }

  /** The snapshot's run forecast `steps` past the end (aheadOfSnapshot), on the thread. */
  ahead(snapshot: RunSnapshot, steps: number, appVersion: string): Promise<Ahead> {
    const ahead = { snapshot, steps, appVersion }
    return this.apart.ask({ ahead }, () => aheadOfSnapshot(this.rebuild, ahead))
  }

  /** Ends the thread; a forecast under way rejects. */
  close(): Promise<void> {
    return this.apart.close()
  }
}
