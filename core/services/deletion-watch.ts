// Runs and datasets deleted by another process (`fw rm` on the app's database) are told to every
// window and tab as the app's own deletions are (electron/main/handlers.ts `deleted`), not learnt
// at a window's next request about them ("run 7 not found"). Main stays the only writer of what it
// owns: this only reads. A check costs one PRAGMA when no other connection has committed since the
// last (data_version changes only on another connection's commits) and a range read of ids above
// the highest known, for the runs and datasets this process stored itself; only after another
// connection committed are all ids read (from an index, not the rows) and compared with those known.
import type { IdsTable } from '../store'

/** How often main and browser mode's server look for deletions made by another process (ms). */
export const DELETION_CHECK_MS = 1500

export interface DeletionWatch {
  /** Looks now (the timer's tick; main on a window's focus too). Never throws: a database that
   *  refuses the read (busy, closed) is looked at again at the next check; a `told` that throws is
   *  logged (once a watch) and the watch goes on. */
  check(): void
  /** Ids this process deleted and has told itself: not told again when the next check misses them. */
  forget(runIds: readonly number[], datasetIds: readonly number[]): void
  /** Stops the timer (the app quits; the store is about to close). */
  stop(): void
}

/** Watches `ids` (a store's), calling `told(runIds, datasetIds)` with the ids another connection
 *  deleted since the last check, ascending, at least one of the two lists not empty. `everyMs`:
 *  the timer (unref'd: it keeps no process alive); absent, only `check()` looks. */
export function watchDeletions(ids: IdsTable, told: (runIds: number[], datasetIds: number[]) => void, o: { everyMs?: number } = {}): DeletionWatch {
  let version: number | null = null // none read yet: the first check reads every id
  let toldFailed = false // a broadcast that threw: said once, not every 1.5 s
  // per table: the ids known to be stored, the largest id given when they were read in full (or
  // since, by a range read), and those above it this process deleted and told itself of
  type Known = { ids: Set<number>; top: number; forgotten: Set<number> }
  const runs: Known = { ids: new Set(), top: 0, forgotten: new Set() }
  const datasets: Known = { ids: new Set(), top: 0, forgotten: new Set() }
  const added = (k: Known, now: readonly number[]): void => {
    for (const id of now) k.ids.add(id), (k.top = Math.max(k.top, id))
  }
  /** The ids of `k` gone from `now`, and those given since the last full read that are gone too (a
   *  run the app stored and fw rm deleted before any check saw it; one fw stored and deleted between
   *  two checks is told as well, to windows that never listed it, which drop nothing). `k` then
   *  holds `now`. */
  const goneFrom = (k: Known, now: readonly number[], last: number): number[] => {
    const still = new Set(now)
    const was = [...k.ids]
    for (let id = k.top + 1; id <= last; id++) if (!k.forgotten.has(id)) was.push(id)
    k.ids = still
    k.top = last
    k.forgotten.clear()
    return was.filter((id) => !still.has(id)).sort((a, b) => a - b)
  }
  function check(): void {
    let goneRuns: number[]
    let goneDatasets: number[]
    try {
      const v = ids.dataVersion()
      if (v === version) {
        const since = ids.list({ runs: runs.top, datasets: datasets.top })
        return void (added(runs, since.runs), added(datasets, since.datasets))
      }
      const now = ids.list()
      const first = version === null
      version = v // only once read: a refused read is done again at the next check
      goneRuns = goneFrom(runs, now.runs, first ? 0 : now.last.runs)
      goneDatasets = goneFrom(datasets, now.datasets, first ? 0 : now.last.datasets)
      if (first) (runs.top = now.last.runs), (datasets.top = now.last.datasets)
    } catch {
      return // busy or closed: the next check reads again
    }
    if (!goneRuns.length && !goneDatasets.length) return
    try {
      told(goneRuns, goneDatasets)
    } catch (e) {
      // thrown in the timer, it would be uncaught (browser mode's server would stop): said once, and
      // the watch goes on; the windows it did not reach learn of the deletion at their next request
      if (!toldFailed) console.warn(`[deletion-watch] telling the windows of a deletion by another process failed: ${e instanceof Error ? e.message : String(e)}`)
      toldFailed = true
    }
  }
  check()
  const timer = o.everyMs === undefined ? null : setInterval(check, o.everyMs)
  timer?.unref()
  return {
    check,
    forget(runIds, datasetIds) {
      for (const [k, gone] of [[runs, runIds], [datasets, datasetIds]] as const) {
        for (const id of gone) {
          k.ids.delete(id)
          if (id > k.top) k.forgotten.add(id)
        }
      }
    },
    stop: () => void (timer !== null && clearInterval(timer))
  }
}
