import fs from 'node:fs'
import type Database from 'better-sqlite3'
import { checkpointsTable, type Checkpoint, type CheckpointsTable, type CheckpointInput, type CheckpointKind } from './checkpoints'
import { diffConfigs, type ConfigChange } from './configDiff'
import { read, write, type Ctx } from './context'
import { datasetsTable, type DatasetsTable } from './datasets'
import { openConnection, walCheckpoint, type CheckpointMode, type Durability, type OpenOptions } from './db'
import { epochsTable, type EpochRow, type EpochsTable } from './epochs'
import { StoreError, notFound } from './errors'
import { forecastsTable, type ForecastRow, type ForecastsTable } from './forecasts'
import { metricsTable, type MetricRow, type MetricsTable } from './metrics'
import { runsTable, type Run, type RunsTable } from './runs'
import { sweepsTable, type SweepsTable } from './sweeps'

export interface StoreOptions extends OpenOptions {
  /** Recorded with every run this store creates (main: app.getVersion(); CLI: its package version). */
  appVersion?: string
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
}

/**
 * The run store: one connection, its prepared statements, and the operations main and the CLI
 * need. Build it with `openStore`. Only one process should write (main or the CLI); any number
 * may read.
 */
export class Store {
  readonly file: string
  readonly readonly: boolean
  /** Why the store is read-only (for the UI), or null. */
  readonly readonlyReason: string | null
  /** The raw connection, for tests and one-off maintenance. Prefer the typed operations. */
  readonly db: Database.Database

  readonly datasets: DatasetsTable
  readonly sweeps: SweepsTable
  readonly runs: RunsTable
  readonly epochs: EpochsTable
  readonly checkpoints: CheckpointsTable
  readonly metrics: MetricsTable
  readonly forecasts: ForecastsTable

  private readonly ctx: Ctx
  private readonly cleanup: (() => void) | null

  constructor(file: string, opts: StoreOptions = {}) {
    const conn = openConnection(file, opts)
    this.file = conn.file
    this.readonly = conn.readonly
    this.readonlyReason = conn.readonlyReason
    this.db = conn.db
    this.cleanup = conn.close
    this.ctx = { db: conn.db, file: conn.file, readonly: conn.readonly }
    this.datasets = datasetsTable(this.ctx)
    this.sweeps = sweepsTable(this.ctx)
    this.runs = runsTable(this.ctx, opts.appVersion ?? 'unknown')
    this.epochs = epochsTable(this.ctx)
    this.checkpoints = checkpointsTable(this.ctx)
    this.metrics = metricsTable(this.ctx)
    this.forecasts = forecastsTable(this.ctx)
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
      this.runs.transition(runId, 'done')
    })
    this.checkpointWal('TRUNCATE')
  }

  failRun(runId: number, message: string): void {
    this.runs.transition(runId, 'failed', message, 'FULL')
  }

  cancelRun(runId: number): void {
    this.runs.transition(runId, 'cancelled', null, 'FULL')
  }

  /** The trainer died or was killed while this run was running. */
  interruptRun(runId: number, reason: string): void {
    this.runs.transition(runId, 'interrupted', reason, 'FULL')
  }

  /** Startup after a crash: every 'running' run becomes 'interrupted' with `reason`. */
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

  /** Saves a checkpoint as 'last' and, when validation improved, also as 'best'. */
  saveCheckpoint(runId: number, kinds: readonly CheckpointKind[], cp: CheckpointInput): void {
    this.checkpoints.save(runId, kinds, cp)
  }

  appendEpoch(runId: number, row: EpochRow): void {
    this.epochs.append(runId, [row])
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

  /** Writes a consistent copy of the database to `dest`, which must not exist yet. */
  backupTo(dest: string): void {
    if (fs.existsSync(dest)) throw new StoreError('invalid', `backup target already exists: ${dest}`, { field: 'dest' })
    this.db.prepare('VACUUM INTO ?').run(dest)
  }

  close(): void {
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
