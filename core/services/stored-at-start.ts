// A run stored when its trainer starts training, as fw train, fw sweep and the app all store theirs:
// a start the trainer refuses before training (a look-back longer than the series, a target with no
// value) takes no run number and leaves no failed run behind. The trainer host keys such a start by
// a name of its own ("trial 3", "start 2"); this sink in front of the store's creates the run at
// the trainer's 'started' event and hands every later event on under the run's id.
import type { Store } from '../store'
import type { RunSink } from './trainer-host'

export interface StoredAtStart {
  sink: RunSink
  /** The stored run a host key stands for; null for a start not (yet) stored. */
  runOf(key: string): number | null
  /** The host key run `runId` trains under: the start's where it began as one, else its own id. */
  keyOf(runId: number): string
}

/**
 * `inner` (the store's sink; null: none) with each start stored as a run at its 'started' event.
 * `isStart(key)`: the key is a start's, not a stored run's own id (a resumed run's, whose events go
 * straight on); `create(key)`: stores the start's run and gives its id, called once, at 'started'.
 * A start's events before then (a refusal, a stop, a crash) reach no store: it has no run.
 */
export function storedAtStart(inner: RunSink | null, isStart: (key: string) => boolean, create: (key: string) => number): StoredAtStart {
  const ids = new Map<string, number>()
  const keys = new Map<number, string>()
  const runOf = (key: string): number | null => ids.get(key) ?? (isStart(key) ? null : Number(key))
  const started = <A extends unknown[]>(f: (s: RunSink, id: string, ...a: A) => void) => (key: string, ...a: A): void => {
    const id = runOf(key)
    if (id !== null && inner) f(inner, String(id), ...a)
  }
  // the start's process has ended: a resume of its run trains under the run's own id
  const ended = <A extends unknown[]>(f: (s: RunSink, id: string, ...a: A) => void) => (key: string, ...a: A): void => {
    started(f)(key, ...a)
    const id = ids.get(key)
    if (id !== undefined) keys.delete(id)
  }
  const sink: RunSink = {
    onQueued: started((s, id) => s.onQueued?.(id)),
    onStarted(key, e) {
      if (isStart(key) && !ids.has(key)) {
        const id = create(key)
        ids.set(key, id)
        keys.set(id, key)
      }
      started((s, id) => s.onStarted(id, e))(key)
    },
    onEpoch: started((s, id, e) => s.onEpoch(id, e)),
    onCheckpoint: started((s, id, cp) => s.onCheckpoint(id, cp)),
    onDone: ended((s, id, r) => s.onDone(id, r)),
    onGlobalDone: ended((s, id, d) => s.onGlobalDone(id, d)),
    onFailed: ended((s, id, e) => s.onFailed(id, e)),
    onInterrupted: ended((s, id, why) => s.onInterrupted(id, why)),
    onCancelled: ended((s, id) => s.onCancelled(id)),
    onProgress: started((s, id, p) => s.onProgress(id, p))
  }
  return { sink, runOf, keyOf: (runId) => keys.get(runId) ?? String(runId) }
}

/** A sweep's trials stored at start (storedAtStart's `create` for each), as fw sweep and the app's
 *  Sweep both store them. */
export interface SweepTrialStore {
  /** Stores trial `key`'s run with `create`. The first trial the store will not take (a full disk)
   *  stops every other trial (`stop`): the sweep cannot go on unrecorded; its error is rethrown,
   *  so the host fails that trial with the store's reason. */
  store(key: string, create: () => number): number
  /** The store's first refusal; null: every trial that started was stored. */
  readonly unstored: unknown
  /** How many of its trials were stored. */
  readonly stored: number
}

/** `keys()`: the sweep's trials' host keys; `stop(key)`: stops one (queued, starting or training). */
export function sweepTrialStore(keys: () => Iterable<string>, stop: (key: string) => void): SweepTrialStore {
  let unstored: unknown = null
  let stored = 0
  return {
    store(key, create) {
      try {
        const id = create()
        stored++
        return id
      } catch (e) {
        unstored ??= e
        for (const other of keys()) if (other !== key) stop(other)
        throw e
      }
    },
    get unstored() {
      return unstored
    },
    get stored() {
      return stored
    }
  }
}

/** A sweep none of whose trials was stored is no sweep: its row goes, with `datasetId` (the
 *  dataset stored for it alone; null: none), in one transaction. False where the store refuses
 *  writes altogether (the empty sweep then stays). */
export function dropEmptySweep(store: Store, sweepId: number, datasetId: number | null): boolean {
  try {
    store.transaction(() => {
      store.sweeps.remove(sweepId)
      if (datasetId !== null) store.datasets.remove(datasetId)
    })
    return true
  } catch {
    return false
  }
}
