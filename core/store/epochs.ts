import { StoreError, isSqliteCode, rowOfRun } from './errors'
import { read, write, type Ctx } from './context'
import { finite, finiteOrNull, integer } from './validate'
import { fromBlob, toBlob } from './blobs'

/** One row of the loss history. Absent values are null, never NaN (NaN is rejected). */
export interface EpochRow {
  epoch: number
  trainLoss: number
  valLoss: number | null
  /** Global gradient norm before clipping (mean over the epoch's steps). */
  gradNorm: number | null
  /** Fraction of steps whose gradient was clipped, 0..1. */
  clipRate: number | null
  lr: number
  seconds: number
  /** ||dL/dh_t|| for every time step t (top layer), when the trainer reported it. */
  gradFlow?: Float64Array | number[] | null
}

interface Row {
  epoch: number
  train_loss: number
  val_loss: number | null
  grad_norm: number | null
  clip_rate: number | null
  lr: number
  seconds: number
  grad_flow: Uint8Array | null
}

export function epochsTable(ctx: Ctx) {
  const insert = ctx.db.prepare(
    `INSERT INTO epochs (run_id, epoch, train_loss, val_loss, grad_norm, clip_rate, lr, seconds, grad_flow) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const select = ctx.db.prepare<[number], Row>('SELECT * FROM epochs WHERE run_id = ? ORDER BY epoch')
  const deleteAfter = ctx.db.prepare('DELETE FROM epochs WHERE run_id = ? AND epoch > ?')

  function check(runId: number, r: EpochRow, i: number): unknown[] {
    const f = `epochs[${i}]`
    const clipRate = finiteOrNull(`${f}.clipRate`, r.clipRate)
    if (clipRate !== null && (clipRate < 0 || clipRate > 1)) throw new StoreError('invalid', `${f}.clipRate: must be within 0..1 (got ${clipRate})`, { field: `${f}.clipRate` })
    return [
      runId,
      integer(`${f}.epoch`, r.epoch, 0),
      finite(`${f}.trainLoss`, r.trainLoss),
      finiteOrNull(`${f}.valLoss`, r.valLoss),
      finiteOrNull(`${f}.gradNorm`, r.gradNorm),
      clipRate,
      finite(`${f}.lr`, r.lr),
      finite(`${f}.seconds`, r.seconds),
      gradFlowBlob(`${f}.gradFlow`, r.gradFlow)
    ]
  }

  return {
    /** Appends epoch rows in one transaction (NORMAL durability: survives a crash, not power loss). */
    append(runId: number, rows: readonly EpochRow[]): void {
      const params = rows.map((r, i) => check(runId, r, i)) // validate all before writing any
      write(ctx, 'epoch', 'NORMAL', () => {
        for (const p of params) {
          try {
            rowOfRun(runId, () => insert.run(...p))
          } catch (e) {
            if (isSqliteCode(e, 'SQLITE_CONSTRAINT_PRIMARYKEY')) {
              throw new StoreError('invalid', `epoch ${p[1]} is already recorded for run ${runId}`, { field: 'epoch' })
            }
            throw e
          }
        }
      })
    },

    list(runId: number): EpochRow[] {
      return read(ctx, () => select.all(runId).map(fromRow))
    },

    /** Drops epochs after `epoch`, which a resumed run will compute again. */
    removeAfter(runId: number, epoch: number): number {
      return write(ctx, 'epoch deletion', 'NORMAL', () => deleteAfter.run(runId, epoch).changes)
    }
  }
}

export type EpochsTable = ReturnType<typeof epochsTable>

function fromRow(r: Row): EpochRow {
  return {
    epoch: r.epoch,
    trainLoss: r.train_loss,
    valLoss: r.val_loss,
    gradNorm: r.grad_norm,
    clipRate: r.clip_rate,
    lr: r.lr,
    seconds: r.seconds,
    gradFlow: r.grad_flow ? fromBlob('f64', r.grad_flow) : null
  }
}

/** Gradient norms must be finite and non-negative; NaN would say nothing a NULL does not. */
function gradFlowBlob(field: string, v: Float64Array | number[] | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null
  const a = Float64Array.from(v)
  for (let i = 0; i < a.length; i++) {
    if (!(Number.isFinite(a[i]) && a[i]! >= 0)) throw new StoreError('invalid', `${field}[${i}]: must be a finite number >= 0 (got ${a[i]})`, { field: `${field}[${i}]` })
  }
  return toBlob(a)
}
