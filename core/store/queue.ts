// The app's training queue, kept in the database (queued_starts, migration 016): a start the app
// has accepted whose run is not stored yet. Main (or the browser-mode server) is the only writer:
// it adds a row when it takes a start, deletes it in the transaction that stores the start's run
// (or when the start is removed or refused), and on opening takes over the rows of a process that
// is gone, to queue them again. Rows of a live process (another app on the same file) are its own.
// A sweep's trial is a row too (migration 017), naming its sweep and the sweep's number of trials.
import { now, read, write, type Ctx } from './context'
import { ownerGone, type Owner } from './owner'
import { integer, jsonText, textOrNull } from './validate'

export interface QueuedStartInput {
  /** The app's handle of the start (startRun's startId). */
  startId: number
  datasetId: number
  /** The checked config the trainer is given, as JSON text. */
  configJson: string
  name?: string | null
  /** The run this start re-runs (its run is stored as that run's re-run). */
  parentRunId?: number | null
  /** The sweep this start is a trial of, with how many trials the sweep has in all; absent: a
   *  start of its own. */
  sweep?: QueuedSweep | null
  /** Its calendar is the one Setup set by default, untouched (startRun's calendarByDefault,
   *  migration 022): the start queued again says so to the trainer, whose run keeps the note. */
  calendarByDefault?: boolean
}

export interface QueuedSweep {
  id: number
  trials: number
}

export interface QueuedStart {
  id: number
  startId: number
  datasetId: number
  parentRunId: number | null
  name: string | null
  configJson: string
  queuedAt: number
  /** The sweep it is a trial of; null: a start of its own. */
  sweep: QueuedSweep | null
  /** As QueuedStartInput's; false for rows queued before migration 022. */
  calendarByDefault: boolean
}

const COLS = `id, start_id AS startId, dataset_id AS datasetId, parent_run_id AS parentRunId, name, config_json AS configJson, queued_at AS queuedAt, sweep_id AS sweepId, sweep_trials AS sweepTrials, calendar_by_default AS calendarByDefault`
type Row = Omit<QueuedStart, 'sweep' | 'calendarByDefault'> & { sweepId: number | null; sweepTrials: number | null; calendarByDefault: 0 | 1 }
type OwnedRow = Row & { ownerHost: string; ownerPid: number; ownerStart: string | null; ownerInstance: string; ownerKind: 'cli' | 'app'; heartbeatAt: number }

export function queueTable(ctx: Ctx, owner: Owner) {
  const insert = ctx.db.prepare(
    `INSERT INTO queued_starts (start_id, dataset_id, parent_run_id, name, config_json, queued_at, sweep_id, sweep_trials, calendar_by_default, owner_host, owner_pid, owner_start, owner_instance, owner_kind, heartbeat_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const remove = ctx.db.prepare<[number, string]>('DELETE FROM queued_starts WHERE id = ? AND owner_instance = ?')
  const selectMine = ctx.db.prepare<[string], Row>(`SELECT ${COLS} FROM queued_starts WHERE owner_instance = ? ORDER BY queued_at, id`)
  const selectOthers = ctx.db.prepare<[string], OwnedRow>(
    `SELECT ${COLS}, owner_host AS ownerHost, owner_pid AS ownerPid, owner_start AS ownerStart, owner_instance AS ownerInstance,
       owner_kind AS ownerKind, heartbeat_at AS heartbeatAt FROM queued_starts WHERE owner_instance <> ? ORDER BY queued_at, id`
  )
  // the owner stamp is part of the condition: a row another process took over in between is left
  const takeOver = ctx.db.prepare(
    `UPDATE queued_starts SET owner_host = :host, owner_pid = :pid, owner_start = :start, owner_instance = :instance, owner_kind = :kind, heartbeat_at = :now
     WHERE id = :id AND owner_instance = :was AND heartbeat_at = :heartbeat`
  )
  const lastStart = ctx.db.prepare<[], { n: number | null }>('SELECT max(start_id) AS n FROM queued_starts')
  const beat = ctx.db.prepare<[number, string]>('UPDATE queued_starts SET heartbeat_at = ? WHERE owner_instance = ?')

  return {
    /** Records a start this process has taken; returns its row id. */
    add(input: QueuedStartInput): number {
      const t = now()
      const p = [
        integer('queued.startId', input.startId, 1),
        integer('queued.datasetId', input.datasetId, 1),
        input.parentRunId == null ? null : integer('queued.parentRunId', input.parentRunId, 1),
        textOrNull('queued.name', input.name),
        jsonText('queued.configJson', input.configJson),
        t,
        input.sweep == null ? null : integer('queued.sweep.id', input.sweep.id, 1),
        input.sweep == null ? null : integer('queued.sweep.trials', input.sweep.trials, 1),
        input.calendarByDefault === true ? 1 : 0,
        owner.host, owner.pid, owner.start, owner.instance, owner.kind, t
      ]
      return write(ctx, 'queued training', 'NORMAL', () => Number(insert.run(...p).lastInsertRowid))
    },

    /** Deletes row `id` of this process (its run was stored, or the start ended unstored); true
     *  when it was there. Call it inside the transaction that stores the run. */
    remove(id: number): boolean {
      return write(ctx, 'queued training', 'NORMAL', () => remove.run(id, owner.instance).changes === 1)
    },

    /** This process's rows, oldest first. */
    mine(): QueuedStart[] {
      return read(ctx, () => selectMine.all(owner.instance)).map(queued)
    },

    /**
     * Takes over the rows of every process that is gone (owner.ts: `ownerGone`), oldest first, and
     * returns them: this process queues them again. Rows of a live process are left to it.
     */
    adopt(at = now()): QueuedStart[] {
      if (ctx.readonly) return []
      const gone = () => read(ctx, () => selectOthers.all(owner.instance)).filter((r) => ownerGone(r, owner, at) !== null)
      if (gone().length === 0) return [] // the common case takes no write lock
      return write(ctx, 'queued training', 'FULL', () =>
        gone()
          .filter((r) => takeOver.run({ id: r.id, was: r.ownerInstance, heartbeat: r.heartbeatAt, host: owner.host, pid: owner.pid, start: owner.start, instance: owner.instance, kind: owner.kind, now: at }).changes === 1)
          .map(queued)
      )
    },

    /** The largest start handle any row has (0: none), so a new start never takes one again. */
    lastStartId(): number {
      return read(ctx, () => lastStart.get()?.n ?? 0)
    },

    /** Marks this process's rows as alive (another process on another host judges by it). */
    heartbeat(): number {
      if (ctx.readonly) return 0
      return write(ctx, 'heartbeat', 'NORMAL', () => beat.run(now(), owner.instance).changes)
    }
  }
}

/** A row as the queue hands it out: its sweep as one field, the owner stamp left out. */
function queued(r: Row): QueuedStart {
  const { id, startId, datasetId, parentRunId, name, configJson, queuedAt, sweepId, sweepTrials, calendarByDefault } = r
  return { id, startId, datasetId, parentRunId, name, configJson, queuedAt, sweep: sweepId === null ? null : { id: sweepId, trials: sweepTrials! }, calendarByDefault: calendarByDefault === 1 }
}

export type QueueTable = ReturnType<typeof queueTable>
