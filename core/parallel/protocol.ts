// What the main thread and the workers share: the layout of the control block (Int32Array over a
// SharedArrayBuffer, one 128-byte line per worker so that two threads never write the same cache
// line) and the messages that carry buffers. Steps themselves never use postMessage.
import type { MessagePort } from 'node:worker_threads'
import type { DType, GradOptions, ModelSpec, ParamView } from '../engine'

export const SLOT = 32 // Int32 entries per worker line (128 bytes)
export const SEQ = 0 // main bumps it to start a command; the worker waits on it
export const DONE = 1 // the worker stores the finished SEQ here; main waits on it
export const CMD = 2 // CMD_STEP or CMD_EXIT
export const T_ = 3 // time steps of this batch
export const B_ = 4 // rows of this worker's shard
export const GEN = 5 // generation of the shard buffers; a new value means "read the port first"
export const SW = 6 // stepWeight: SW_NONE, SW_T (T) or SW_TB (T, B_w)
export const TRAIN = 7 // 1 = dropout active (seeded by SEED)
export const SEED = 8 // uint32 seed of this shard's dropout Rng, stored as int32
export const STATUS = 9 // 0 ok, 1 failed (the error is on the port)

// Atomics.load polls before a blocking wait (a few microseconds): longer spins measured worse on a
// busy two-core machine, where the spinning thread takes the core the other one needs.
export const SPIN = Number(process.env.FW_PARALLEL_SPIN ?? 2000)

export const CMD_STEP = 1
export const CMD_EXIT = 2
export const SW_NONE = 0
export const SW_T = 1
export const SW_TB = 2

export type ArrayKind = 'f32' | 'f64' | 'i32'
export interface SharedArray { kind: ArrayKind; buffer: SharedArrayBuffer }

/** Shard inputs of one worker; replaced (new generation) when a batch outgrows them. */
export interface ShardBuffers { gen: number; x: SharedArray; target: SharedArray; stepWeight: SharedArray }

/** The gradient options fixed for a trainer's lifetime (dropout's rng is per step). */
export type FixedGradOptions = Pick<GradOptions, 'loss' | 'huberDelta' | 'truncation'>

export interface WorkerInit {
  index: number // 1..S-1; shard 0 runs on the main thread
  spec: ModelSpec
  dtype: DType
  layout: ParamView[]
  params: SharedArrayBuffer // (P) shared with main, read-only for workers
  grads: SharedArrayBuffer // (S, P) row `index` is this worker's
  control: SharedArrayBuffer // Int32 (S, SLOT)
  losses: SharedArrayBuffer // Float64 (S)
  grad: FixedGradOptions
  port: MessagePort // ShardBuffers from main, errors to main
}

export interface WorkerFailure { error: { name: string; message: string; stack?: string } }

export function view(a: SharedArray, length: number): Float32Array | Float64Array | Int32Array {
  if (a.kind === 'f32') return new Float32Array(a.buffer, 0, length)
  if (a.kind === 'f64') return new Float64Array(a.buffer, 0, length)
  return new Int32Array(a.buffer, 0, length)
}

export function kindOf(a: Float32Array | Float64Array | Int32Array): ArrayKind {
  return a instanceof Float32Array ? 'f32' : a instanceof Float64Array ? 'f64' : 'i32'
}

/** A float view of the model's dtype over shared memory: `length` elements from element `start`. */
export function floatView(dtype: DType, buffer: SharedArrayBuffer, start = 0, length?: number): Float32Array | Float64Array {
  const bytes = dtype === 'float64' ? 8 : 4
  const n = length ?? buffer.byteLength / bytes - start
  return dtype === 'float64' ? new Float64Array(buffer, start * bytes, n) : new Float32Array(buffer, start * bytes, n)
}
