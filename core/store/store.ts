import fs from 'node:fs'
import type Database from 'better-sqlite3'
import { checkpointsTable, type Checkpoint, type CheckpointsTable, type CheckpointInput, type CheckpointKind } from './checkpoints'
import { diffConfigs, type ConfigChange } from './configDiff'
import { read, write, type Ctx } from './context'
import { datasetsTable, type DatasetsTable } from './datasets'
import { compactAlone, OPEN_ELSEWHERE, openConnection, reclaimSpace, walCheckpoint, type CheckpointMode, type Durability, type OpenOptions, type Reclaimed, type Upgraded } from './db'
import { epochsTable, type EpochRow, type EpochsTable } from './epochs'
import { StoreError, notFound, translateSqliteError } from './errors'
import { idsTable, type IdsTable } from './ids'
import { forecastsTable, type ForecastRow, type ForecastsTable } from './forecasts'
import { metricsTable, type MetricRow, type MetricsTable } from './metrics'
import { currentOwner, HEARTBEAT_MS, type Owner, type OwnerKind } from './owner'
import { queueTable, type QueueTable } from './queue'
import { runsTable, type Run, type RunEnding, type RunsTable, type StoredClasses } from './runs'
import { seriesTable, type SeriesInput, type SeriesTable } from './series'
import { sweepsTable, type SweepsTable } from './sweeps'
import type { Words } from '../data/words'

export interface StoreOptions extends OpenOptions {
  /** Recorded with every run this store creates (main, browser mode and the CLI: core/services/app-version.ts APP_VERSION). */
  appVersion?: string
  /** Who this process is, as other processes see it on the runs it trains (default 'app'). */
  ownerKind?: OwnerKind
  /**
   * On open, mark running runs whose owner is provably gone as interrupted (default true; see
   * `recoverStale`). Tests of the raw lifecycle turn it off.
   */
  recover?: boolean
  /** How often (ms) this store's running runs get a heartbeat while the event loop is free (default 5000). */
  heartbeatMs?: number
}

/** One run in full, as the Evaluate view needs it. */
export interface RunDetail {
  run: Run
  epochs: EpochRow[]
  best: Checkpoint | null
  metrics: MetricRow[]
  forecasts: ForecastRow[]
}

export interface RunResults {
  metrics: MetricRow[]
  forecasts: ForecastRow[]
  /** Regression: the forecast choice to keep with the run (stored as JSON; absent or null: none). */
  choice?: unknown
  /** Regression: the target's range facts (core/train/domain.ts; stored as JSON; absent or null: none). */
  range?: unknown
  /** A global run: its summary (stored as JSON in runs.global_json) and every series with its
   *  scores and test forecast (run_series, series_forecasts), and its model file's JSON text
   *  (global_models; null: none kept). Absent: a single-series run. */
  global?: { summary: unknown; series: readonly SeriesInput[]; modelJson?: string | null }
  /** How training ended short of its epochs where the run should say so (it diverged after good
   *  epochs and kept the best), in both wordings (runs.ending_json, migration 011). */
  ending?: RunEnding | null
  /** The notices to keep with the run (runs.notices_json, migration 013): said while it trained,
   *  and by fw show and the app's views of it after. Absent or empty: none. */
  notices?: readonly Words[]
  /** A two-class run: the threshold chosen on its validation rows (core/data/threshold.ts
   *  ThresholdChoice; runs.threshold_json, migration 014). Absent or null: none kept. */
  threshold?: unknown
  /** A classification run: its class names in the order its forecasts index them (its pipeline's
   *  fitted target classes) and a yes/no target's words for no and yes (runs.classes_json,
   *  migration 019). Absent or null: none kept. */
  classes?: StoredClasses | null
}

/**
 * The run store: one connection, its prepared statements, and the operations main and the CLI
 * need. Build it with `openStore`. Main and any number of `fw` processes may write at once: each
 * stamps the runs it trains with its owner (owner.ts), so none takes another's live run for dead.
 */
export class Store {
  readonly file: string
  readonly readonly: boolean
  /** Why the store is read-only (for the UI), or null. */
  readonly readonlyReason: string | null
  /** The raw connection, for tests and one-off maintenance. Prefer the typed operations. */
  readonly db: Database.Database
  /** This process, as recorded on the runs it starts or resumes. */
  readonly owner: Owner
  /** Runs this open marked interrupted because their owner was gone. */
  readonly recovered: number[]
  /** The upgrade this open made of an older database and the copy it kept of it first, to be said
   *  (fw on stderr, the app in a notice); null: none. */
  readonly upgraded: Upgraded | null

  readonly datasets: DatasetsTable
  readonly sweeps: SweepsTable
  readonly runs: RunsTable
  readonly epochs: EpochsTable
  readonly checkpoints: CheckpointsTable
  readonly metrics: MetricsTable
  readonly forecasts: ForecastsTable
  readonly series: SeriesTable
  /** The app's training queue: starts taken whose runs are not stored yet (queue.ts). */
  readonly queue: QueueTable
  /** The ids stored and whether another connection committed since (ids.ts): main's watch for
   *  deletions made by another process. */
  readonly ids: IdsTable

  private readonly ctx: Ctx
  private readonly cleanup: (() => void) | null
  private readonly beat: ReturnType<typeof setInterval> | null

  constructor(file: string, opts: StoreOptions = {}) {
    const conn = openConnection(file, opts)
    this.file = conn.file
    this.readonly = conn.readonly
    this.readonlyReason = conn.readonlyReason
    this.upgraded = conn.upgraded
    this.db = conn.db
    this.cleanup = conn.close
    this.ctx = { db: conn.db, file: conn.file, readonly: conn.readonly, beforeWrite: conn.beforeWrite, checkPending: conn.checkPending }
    this.datasets = datasetsTable(this.ctx)
    this.sweeps = sweepsTable(this.ctx)
    this.owner = currentOwner(opts.ownerKind ?? 'app')
    this.runs = runsTable(this.ctx, opts.appVersion ?? 'unknown', this.owner)
    this.epochs = epochsTable(this.ctx)
    this.checkpoints = checkpointsTable(this.ctx)
    this.metrics = metricsTable(this.ctx)
    this.forecasts = forecastsTable(this.ctx)
    this.series = seriesTable(this.ctx)
    this.queue = queueTable(this.ctx, this.owner)
    this.ids = idsTable(this.ctx)
    this.recovered = opts.recover === false ? [] : this.recoverStale()
    // A timer only fires while the event loop is free (the app's main, between a CLI's batches);
    // the CLI also beats from its training loop. unref: it never keeps a process alive.
    this.beat = this.readonly ? null : setInterval(() => this.heartbeat(), opts.heartbeatMs ?? HEARTBEAT_MS)
    this.beat?.unref()
  }

  /**
   * Runs `fn` as one transaction; writes inside it commit together or not at all. Use FULL when
   * it includes a checkpoint or a run's final results.
   */
  transaction<T>(fn: () => T, durability: Durability = 'NORMAL'): T {
    return write(this.ctx, 'data', durability, fn)
  }

  /** queued -> running. */
  startRun(runId: number): void {
    this.runs.transition(runId, 'running')
  }

  /** Saves metrics and forecast and marks the run done, all in one FULL-durability transaction. */
  finishRun(runId: number, results: RunResults): void {
    write(this.ctx, 'run results', 'FULL', () => {
      this.metrics.save(runId, results.metrics)
      this.forecasts.replace(runId, results.forecasts)
      if (results.choice != null) this.runs.setChoice(runId, JSON.stringify(results.choice))
      if (results.range != null) this.runs.setRange(runId, JSON.stringify(results.range))
      if (results.global) {
        this.runs.setGlobal(runId, JSON.stringify(results.global.summary))
        this.series.replace(runId, results.global.series)
        if (results.global.modelJson != null) this.runs.setGlobalModel(runId, results.global.modelJson)
      }
      if (results.ending) this.runs.setEnding(runId, results.ending)
      if (results.notices?.length) this.runs.setNotices(runId, results.notices)
      if (results.threshold != null) this.runs.setThreshold(runId, JSON.stringify(results.threshold))
      if (results.classes != null) this.runs.setClasses(runId, results.classes)
      this.runs.transition(runId, 'done')
    })
    this.checkpointWal('TRUNCATE')
  }

  /** `message`: why, as text (the same in both front ends) or in both wordings (core/data/words.ts). */
  failRun(runId: number, message: string | Words): void {
    this.runs.transition(runId, 'failed', message, 'FULL')
  }

  cancelRun(runId: number): void {
    this.runs.transition(runId, 'cancelled', null, 'FULL')
  }

  /** The trainer died or was killed while this run was running. */
  interruptRun(runId: number, reason: string): void {
    this.runs.transition(runId, 'interrupted', reason, 'FULL')
  }

  /**
   * Running runs whose owner is provably gone become 'interrupted' (resumable) with the reason;
   * runs another live process trains are left alone. Runs on every open; returns the ids marked.
   */
  recoverStale(): number[] {
    try {
      return this.runs.recoverStale()
    } catch (e) {
      // Another writer holding the lock past busy_timeout must not stop this process from
      // opening the database, nor must a full disk (fw runs, show and rm, which frees space, would
      // all fail on it); the next open tries again.
      if (e instanceof StoreError && (e.code === 'busy' || e.code === 'disk-full')) return []
      throw e
    }
  }

  /**
   * Tells other processes that this store's running runs (or run `id`) are alive. Returns the
   * rows touched: 0 for `id` means the run is no longer ours (see `runs.heartbeat`).
   */
  heartbeat(id?: number): number {
    if (!this.db.open) return 0
    // A connection whose put-off quick_check ('before-write') has not run has changed nothing, so
    // it owns no run and no queued start: there is nothing to beat, and beating would run that
    // check (seconds on a big file) on a timer, not before a change (browser mode's idle page).
    if (this.ctx.checkPending?.()) return 0
    try {
      const runs = this.runs.heartbeat(id)
      if (id === undefined) this.queue.heartbeat()
      return runs
    } catch (e) {
      if (e instanceof StoreError && e.code === 'busy') return id === undefined ? 0 : 1 // try again next beat
      throw e
    }
  }

  /**
   * Every 'running' run becomes 'interrupted' with `reason`, whoever owns it. Only for a process
   * that knows no one else can be training (tests, maintenance); use `recoverStale` otherwise.
   */
  recoverInterrupted(reason: string): number[] {
    return this.runs.recoverInterrupted(reason)
  }

  /**
   * Resumes an interrupted or cancelled run from its 'last' checkpoint: drops the epochs after it
   * (they will be computed again), marks the run running and returns the checkpoint to continue from.
   */
  resumeRun(runId: number): Checkpoint {
    return write(this.ctx, 'run status', 'FULL', () => {
      const last = this.checkpoints.load(runId, 'last')
      if (last === null) throw notFound(`checkpoint to resume run ${runId} from`)
      this.epochs.removeAfter(runId, last.epoch)
      this.runs.transition(runId, 'running')
      return last
    })
  }

  /**
   * Starts an interrupted or cancelled run again from the beginning, for a run killed before its
   * first checkpoint: drops its epochs and marks it running. Training from the stored seed
   * reproduces the same run.
   */
  restartRun(runId: number): void {
    write(this.ctx, 'run status', 'FULL', () => {
      if (this.checkpoints.load(runId, 'last') !== null) {
        throw new StoreError('invalid', `run ${runId} has a checkpoint; resume it from there`, { field: 'status' })
      }
      this.epochs.removeAfter(runId, -1)
      this.runs.transition(runId, 'running')
    })
  }

  /** Saves a checkpoint as 'last' and, when validation improved, also as 'best'. */
  saveCheckpoint(runId: number, kinds: readonly CheckpointKind[], cp: CheckpointInput): void {
    this.checkpoints.save(runId, kinds, cp)
  }

  /** Appends one epoch row; an epoch is also a heartbeat of the run's owner. */
  appendEpoch(runId: number, row: EpochRow): void {
    this.epochs.append(runId, [row])
    this.heartbeat(runId)
  }

  /** The run, its loss history, best checkpoint, metrics and forecast, from one snapshot. */
  getRun(runId: number): RunDetail {
    return read(this.ctx, () => ({
      run: this.runs.get(runId),
      epochs: this.epochs.list(runId),
      best: this.checkpoints.load(runId, 'best'),
      metrics: this.metrics.list(runId),
      forecasts: this.forecasts.list(runId)
    }))
  }

  /** What changed in the config from run `a` to run `b`, by flattened key path. */
  diffRuns(a: number, b: number): ConfigChange[] {
    return diffConfigs(this.runs.get(a).configJson, this.runs.get(b).configJson)
  }

  /**
   * Folds the WAL back into the database. The store does this after checkpoints (PASSIVE) and
   * finished runs (TRUNCATE); call it when idle, too. Returns whether a reader kept it from finishing.
   */
  checkpointWal(mode: CheckpointMode = 'TRUNCATE'): { busy: boolean } {
    if (this.readonly) return { busy: false }
    return walCheckpoint(this.db, mode)
  }

  /** Gives the pages freed by deletions back to the disk where the file allows it (db.ts reclaimSpace). */
  reclaimSpace(): Reclaimed {
    if (this.readonly) return { returned: 0, kept: 0 }
    this.ctx.beforeWrite?.()
    try {
      return reclaimSpace(this.db)
    } catch (e) {
      throw translateSqliteError(e, this.file, 'space', 'the freed space was not given back to the disk')
    }
  }

  /** Rewrites the file with no free space kept inside it, and from then on gives deleted space back
   *  (db.ts compactAlone); refuses ('in-use') while another process has the file open. */
  compact(): void {
    if (this.readonly) throw new StoreError('invalid', 'the database is open read-only')
    this.ctx.beforeWrite?.()
    let alone: boolean
    try {
      alone = compactAlone(this.db)
    } catch (e) {
      // VACUUM writes a whole copy before it replaces the file: a full disk leaves the file as it was
      throw translateSqliteError(e, this.file, 'compaction', 'the file was not compacted (it is as it was)')
    }
    if (!alone) throw new StoreError('in-use', OPEN_ELSEWHERE)
  }

  /** Writes a consistent copy of the database to `dest`, which must not exist yet. */
  backupTo(dest: string): void {
    if (fs.existsSync(dest)) throw new StoreError('invalid', `backup target already exists: ${dest}`, { field: 'dest' })
    this.ctx.beforeWrite?.() // a copy of a damaged file is no backup
    this.db.prepare('VACUUM INTO ?').run(dest)
  }

  close(): void {
    if (this.beat !== null) clearInterval(this.beat)
    if (!this.db.open) return
    if (!this.readonly) {
      try {
        this.checkpointWal('TRUNCATE')
      } catch {
        // Closing must not fail because the WAL could not be folded back; SQLite retries next open.
      }
    }
    this.db.close()
    this.cleanup?.()
  }

}

/** Opens (creating and migrating if needed) the run store at `file`. Throws StoreError. */
export function openStore(file: string, opts: StoreOptions = {}): Store {
  return new Store(file, opts)
}
