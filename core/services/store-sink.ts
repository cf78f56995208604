// A RunSink that records a run in core/store as it trains: each epoch as it arrives, a checkpoint
// as 'last' and 'best' whenever validation improves, and metrics, forecasts and status `done` in
// one transaction at the end. Between improvements the trainer's per-epoch 'last' checkpoints are
// written at most every `lastCheckpointEveryMs`: each is a FULL-durability write of weights and
// optimizer moments, and a resume only needs a recent one. Host run ids are the store's numeric
// run ids as strings.
import type { Checkpoint as StoredCheckpoint, Store } from '../store'
import type { Checkpoint, TrainConfig } from '../train/types'
import { prefixed } from '../data/words'
import { slimChoice } from '../export/verdict'
import { globalRunResults } from './global-run'
import { divergedEnding, keptCalendarByDefault, withCalendarNote } from './run-words'
import type { ProgressSnapshot, RunSink } from './trainer-host'

export interface StoreSinkOptions {
  /** Progress is not stored; this forwards it (e.g. to the renderer). */
  onProgress?: (runId: string, snapshot: ProgressSnapshot) => void
  /** Minimum time between stored 'last'-only checkpoints (default 5000; 0 stores every one). */
  lastCheckpointEveryMs?: number
  now?: () => number
}

/** Errors whose message is written for the analyst (core's typed refusals and failures). */
const TOLD = new Set(['DivergedError', 'ConfigError', 'InputError', 'PipelineError', 'ImportError', 'ForecastError', 'StoreError'])

export function createStoreSink(store: Store, opts: StoreSinkOptions = {}): RunSink {
  const every = opts.lastCheckpointEveryMs ?? 5000
  const now = opts.now ?? Date.now
  const lastSaved = new Map<string, { epoch: number; at: number }>() // per active run
  const save = (runId: string, kinds: ('last' | 'best')[], cp: Checkpoint): void => {
    store.saveCheckpoint(storeId(runId), kinds, {
      epoch: cp.epoch,
      valLoss: finiteOrNull(cp.valLoss),
      weights: cp.weights,
      layout: cp.layout,
      optimizer: { ...cp.optimizer, rng: cp.rngState }
    })
    lastSaved.set(runId, { epoch: cp.epoch, at: now() })
  }
  const end = (runId: string, write: () => void): void => {
    lastSaved.delete(runId)
    write()
  }
  return {
    onStarted(runId) {
      const id = storeId(runId)
      // A resumed run is already running (store.resumeRun); a new one is still queued.
      if (store.runs.get(id).status === 'queued') store.startRun(id)
    },
    onEpoch(runId, e) {
      store.appendEpoch(storeId(runId), {
        epoch: e.epoch,
        trainLoss: e.trainLoss,
        // The store refuses NaN (SQLite would turn it into NULL silently); an undefined
        // diagnostic is stored as absent. A NaN trainLoss is refused and fails the run.
        valLoss: finiteOrNull(e.valLoss),
        gradNorm: finiteOrNull(e.gradNorm),
        clipRate: finiteOrNull(e.clipRate),
        lr: e.lr,
        seconds: e.seconds,
        gradFlow: e.gradFlow.every((x) => Number.isFinite(x)) ? e.gradFlow : null
      })
    },
    onCheckpoint(runId, cp) {
      // An improvement is also the newest state, so it is stored as both kinds.
      if (cp.kind === 'best') return save(runId, ['last', 'best'], cp)
      const prev = lastSaved.get(runId)
      // The trainer follows a 'best' with a 'last' of the same epoch: the same state again.
      if (prev && (prev.epoch === cp.epoch || now() - prev.at < every)) return
      save(runId, ['last'], cp)
    },
    // its notices written again, the calendar note its start kept (keepCalendarNote) among them
    onDone: (runId, result) => end(runId, () => store.finishRun(storeId(runId), {
      metrics: result.metrics, forecasts: result.forecasts, choice: slimChoice(result.choice), range: result.range ?? null,
      ending: result.diverged ? divergedEnding(result.diverged, result.bestEpoch) : null,
      notices: withCalendarNote(result, keptCalendarByDefault(store.runs.get(storeId(runId)))).notices ?? [], threshold: result.threshold ?? null,
      classes: result.classes ?? null
    })),
    // A global run is kept as fw train --global keeps it: its series, their scores and forecasts
    // (no NaN: globalRunResults stores an undefined score as null) and its model file, with the
    // config it ran with. The trainer does not know the app's version: the file gets the run's.
    onGlobalDone: (runId, { result, hasTime }) => end(runId, () => {
      const run = store.runs.get(storeId(runId))
      const config = JSON.parse(run.configJson) as TrainConfig
      store.finishRun(storeId(runId), globalRunResults({ ...result, modelFile: withAppVersion(result.modelFile, run.appVersion) }, config, hasTime))
    }),
    onFailed: (runId, error) => end(runId, () => {
      const id = storeId(runId)
      // Refused before its first epoch (a series too short for the cut dates, a bad column): a
      // queued run may only start or be cancelled, so it starts and fails, rather than stay queued.
      if (store.runs.get(id).status === 'queued') store.startRun(id)
      // the typed errors' messages say what was wrong and where; their class names mean nothing to
      // an analyst (an unexpected error keeps its name: it helps a bug report). Both wordings are
      // kept: the app and fw show the same run each in its own (core/services/run-words.ts)
      store.failRun(id, prefixed(TOLD.has(error.name) ? '' : `${error.name}: `, error))
    }),
    onInterrupted: (runId, reason) => end(runId, () => store.interruptRun(storeId(runId), reason)),
    onCancelled: (runId) => end(runId, () => store.cancelRun(storeId(runId))),
    onProgress: (runId, snapshot) => opts.onProgress?.(runId, snapshot)
  }
}

/**
 * What a resume continues from, for the CLI and main alike: the run's last checkpoint (marking the
 * run running again and dropping the epochs logged after it) and its best one, so that early
 * stopping and the final weights pick up where they were. Without the best, a resumed run would
 * start its patience over and overwrite the stored best with a worse one.
 */
export function resumeState(store: Store, runId: number): { last: Checkpoint; best: Checkpoint | null } {
  const last = checkpointFromStore(store.resumeRun(runId))
  const best = store.checkpoints.load(runId, 'best')
  return { last, best: best ? checkpointFromStore(best) : null }
}

/** A stored checkpoint as the trainer takes it back for a resume (`StartPayload.resume`). */
export function checkpointFromStore(cp: StoredCheckpoint): Checkpoint {
  const rng = cp.optimizer.rng
  return {
    epoch: cp.epoch,
    kind: cp.kind,
    valLoss: cp.valLoss,
    weights: cp.weights instanceof Float32Array ? cp.weights : Float32Array.from(cp.weights),
    layout: cp.layout,
    optimizer: { step: cp.optimizer.step, m: cp.optimizer.m, v: cp.optimizer.v },
    rngState: Array.isArray(rng) && rng.every((x) => typeof x === 'number') ? rng : []
  }
}

/** A model file whose meta.appVersion is `appVersion` (in its place: the key order is kept). */
export function withAppVersion(file: unknown, appVersion: string): unknown {
  if (typeof file !== 'object' || file === null) return file
  const f = file as { meta?: Record<string, unknown> }
  return f.meta && typeof f.meta === 'object' ? { ...f, meta: { ...f.meta, appVersion } } : file
}

function storeId(runId: string): number {
  const id = Number(runId)
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`run id "${runId}" is not a store run id`)
  return id
}

function finiteOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null
}
