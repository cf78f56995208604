import { fromBlob, toBlob } from './blobs'
import { StoreError, invalid, rowOfRun } from './errors'
import { now, read, write, type Ctx } from './context'
import { walCheckpoint } from './db'
import { allFinite, finiteOrNull, integer, text } from './validate'

export type CheckpointKind = 'best' | 'last'

/** Where one named tensor lives in the flat weight buffer (core/engine's params layout). */
export interface LayoutEntry {
  name: string
  shape: number[]
  offset: number
  size: number
}

/** Everything a resumed run needs to continue exactly: Adam's moments, its step, the RNG. */
export interface OptimizerState {
  step: number
  m: Float64Array // same length as the weights (empty for plain SGD)
  v: Float64Array
  /** The PRNG's state, as JSON-able data; null/absent when not needed. */
  rng?: unknown
}

export interface CheckpointInput {
  epoch: number
  valLoss: number | null
  weights: Float32Array | Float64Array
  layout: LayoutEntry[]
  optimizer: OptimizerState
}

export interface Checkpoint extends CheckpointInput {
  runId: number
  kind: CheckpointKind
  savedAt: number
}

interface Row {
  run_id: number
  kind: CheckpointKind
  epoch: number
  val_loss: number | null
  weights_dtype: 'f32' | 'f64'
  weights: Buffer
  layout_json: string
  optim_step: number
  optim_m: Buffer
  optim_v: Buffer
  rng_json: string | null
  saved_at: number
}

export function checkpointsTable(ctx: Ctx) {
  const upsert = ctx.db.prepare(
    `INSERT INTO checkpoints (run_id, kind, epoch, val_loss, weights_dtype, weights, layout_json, optim_step, optim_m, optim_v, rng_json, saved_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, kind) DO UPDATE SET
       epoch = excluded.epoch, val_loss = excluded.val_loss, weights_dtype = excluded.weights_dtype,
       weights = excluded.weights, layout_json = excluded.layout_json, optim_step = excluded.optim_step,
       optim_m = excluded.optim_m, optim_v = excluded.optim_v, rng_json = excluded.rng_json, saved_at = excluded.saved_at`
  )
  const select = ctx.db.prepare<[number, string], Row>('SELECT * FROM checkpoints WHERE run_id = ? AND kind = ?')

  return {
    /**
     * Saves the checkpoint as the run's 'last' and/or 'best' (replacing the previous one of each
     * kind) in one FULL-durability transaction. A failure (e.g. disk full) leaves the previous
     * checkpoints intact.
     */
    save(runId: number, kinds: readonly CheckpointKind[], cp: CheckpointInput): void {
      const params = validate(cp)
      if (kinds.length === 0 || kinds.some((k) => k !== 'best' && k !== 'last')) throw invalid('kinds', "must list 'best' and/or 'last'")
      write(ctx, 'checkpoint', 'FULL', () => {
        for (const kind of new Set(kinds)) rowOfRun(runId, () => upsert.run(runId, kind, ...params, now()))
      })
      // Weights are the bulk of what goes through the WAL; fold them back into the main file now
      // so the WAL stays small. PASSIVE never waits for readers.
      if (!ctx.db.inTransaction) walCheckpoint(ctx.db, 'PASSIVE')
    },

    load(runId: number, kind: CheckpointKind): Checkpoint | null {
      const row = read(ctx, () => select.get(runId, kind))
      return row === undefined ? null : fromRow(row)
    }
  }
}

export type CheckpointsTable = ReturnType<typeof checkpointsTable>

function validate(cp: CheckpointInput): unknown[] {
  const epoch = integer('checkpoint.epoch', cp.epoch, 0)
  const valLoss = finiteOrNull('checkpoint.valLoss', cp.valLoss)
  const w = cp.weights
  if (!(w instanceof Float32Array || w instanceof Float64Array)) throw invalid('checkpoint.weights', 'must be a Float32Array or Float64Array')
  allFinite('checkpoint.weights', w)
  if (!Array.isArray(cp.layout)) throw invalid('checkpoint.layout', 'must be an array of { name, shape, offset, size }')
  cp.layout.forEach((e, i) => {
    const f = `checkpoint.layout[${i}]`
    text(`${f}.name`, e.name)
    const offset = integer(`${f}.offset`, e.offset, 0)
    const size = integer(`${f}.size`, e.size, 0)
    if (!Array.isArray(e.shape)) throw invalid(`${f}.shape`, 'must be an array of integers')
    const product = e.shape.reduce((p, d, j) => p * integer(`${f}.shape[${j}]`, d, 0), 1)
    if (product !== size) throw invalid(`${f}.size`, `is ${size} but shape [${e.shape.join(', ')}] holds ${product}`)
    if (offset + size > w.length) throw invalid(`${f}`, `ends at ${offset + size}, past the ${w.length} weights`)
  })
  const o = cp.optimizer
  if (typeof o !== 'object' || o === null) throw invalid('checkpoint.optimizer', 'must be { step, m, v, rng? }')
  const step = integer('checkpoint.optimizer.step', o.step, 0)
  for (const key of ['m', 'v'] as const) {
    if (!(o[key] instanceof Float64Array)) throw invalid(`checkpoint.optimizer.${key}`, 'must be a Float64Array')
    allFinite(`checkpoint.optimizer.${key}`, o[key])
  }
  // one value per weight, or none: Adam keeps m and v, SGD its momentum in m and no v
  for (const key of ['m', 'v'] as const)
    if (o[key].length !== 0 && o[key].length !== w.length)
      throw new StoreError('invalid', `checkpoint.optimizer.${key}: has ${o[key].length} values for ${w.length} weights`, { field: `checkpoint.optimizer.${key}` })
  const rngJson = o.rng === undefined || o.rng === null ? null : JSON.stringify(o.rng)
  return [epoch, valLoss, w instanceof Float32Array ? 'f32' : 'f64', toBlob(w), JSON.stringify(cp.layout), step, toBlob(o.m), toBlob(o.v), rngJson]
}

function fromRow(r: Row): Checkpoint {
  return {
    runId: r.run_id,
    kind: r.kind,
    epoch: r.epoch,
    valLoss: r.val_loss,
    weights: r.weights_dtype === 'f32' ? fromBlob('f32', r.weights) : fromBlob('f64', r.weights),
    layout: JSON.parse(r.layout_json) as LayoutEntry[],
    optimizer: {
      step: r.optim_step,
      m: fromBlob('f64', r.optim_m),
      v: fromBlob('f64', r.optim_v),
      ...(r.rng_json === null ? {} : { rng: JSON.parse(r.rng_json) as unknown })
    },
    savedAt: r.saved_at
  }
}
