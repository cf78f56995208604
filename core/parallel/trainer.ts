// Data-parallel lossAndGrad over threads: shard 0 runs on the calling thread, shards 1..S-1 on
// worker threads whose model replicas read the same SharedArrayBuffer params. Each shard's loss
// is a mean over its own B_w rows, so the full-batch gradient is g = Σ_w (B_w / B) g_w exactly
// (up to summation order). The call is synchronous: it blocks on Atomics.wait until every shard
// is done, so it drops in where lossAndGrad is called (Node main thread or a worker; not a
// browser main thread, where Atomics.wait is forbidden).
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import { dropoutActs, lossAndGrad, Rng, type Batch, type FloatArray, type GradOptions, type GradResult, type Model } from '../engine'
import { checkBatch } from '../engine/batch'
import {
  B_, CMD, CMD_EXIT, CMD_STEP, DONE, GEN, SEED, SEQ, SLOT, SPIN, STATUS, SW, SW_NONE, SW_T, SW_TB, T_, TRAIN,
  floatView, kindOf, view, type ArrayKind, type FixedGradOptions, type ShardBuffers, type WorkerFailure, type WorkerInit
} from './protocol'
import { copyShard, shardCount, shardLengths, shardRanges } from './shard'

export interface ParallelOptions extends FixedGradOptions {
  threads: number // total threads including the caller's; 1 = no workers
  /** The built worker entry (parallel-worker.js). Default: FW_PARALLEL_WORKER, else next to or one
   *  folder above this module's bundle (out/node/ and out/node/chunks/). */
  workerFile?: string | URL
  /** Split only into shards of at least this many sequences (default MIN_ROWS_PER_SHARD). */
  minRowsPerShard?: number
  /** ...and of at least this many recurrent multiply-adds, T·B_w·L·G·H·(H+D) (default MIN_SHARD_WORK). */
  minShardWork?: number
  /** Asked every STOP_POLL_MS while the workers start (each loads the worker bundle: about a second
   *  on two cores): once true, the workers started so far and the one starting are ended and the
   *  call rejects with StartStopped, so a cancel then is not kept waiting for them. */
  stop?: () => boolean
}

/** How often a start asks opts.stop while a worker loads. */
const STOP_POLL_MS = 25

/** createParallelTrainer's rejection when opts.stop said stop while its workers started. */
export class StartStopped extends Error {
  constructor() {
    super('parallel: stopped while the worker threads started')
    this.name = 'StartStopped'
  }
}

// Measured (core/parallel/README.md): W1 (442k multiply-adds per shard of 16) gains from a
// second thread, a 24-step H=32 batch of 8 (110k per shard of 4) loses to the hand-off.
export const MIN_ROWS_PER_SHARD = 8
export const MIN_SHARD_WORK = 250_000

export interface ParallelTrainer {
  /** The model to train: same spec/layout as the one given, params in a SharedArrayBuffer.
   *  Update params in place (optimizer.step does); never replace the array. */
  readonly model: Model
  readonly threads: number
  /** How many shards a batch of B sequences of T steps (default: the last batch's T) is cut into. */
  shardsFor(B: number, T?: number): number
  /** Full-batch loss and gradient, as lossAndGrad(model, batch, {...fixed, ...step}, grads).
   *  With dropout between layers and more than one shard, each shard's masks come from its own Rng
   *  seeded by step.rng (S draws), so they differ from a one-thread run's (still deterministic
   *  given the rng). With one layer dropout does nothing, and step.rng is not drawn from. */
  lossAndGrad(batch: Batch, step?: { training?: boolean; rng?: Rng }, grads?: FloatArray): GradResult
  /** Stops the workers; the trainer must not be used afterwards. */
  close(): Promise<void>
}

interface Lane { worker: Worker; port: MessagePort; seq: number; bufs: ShardBuffers | null }

function defaultWorkerFile(): string {
  if (process.env.FW_PARALLEL_WORKER) return process.env.FW_PARALLEL_WORKER
  const here = dirname(fileURLToPath(import.meta.url))
  for (const c of [resolve(here, 'parallel-worker.js'), resolve(here, '../parallel-worker.js')]) if (existsSync(c)) return c
  throw new Error(`parallel: parallel-worker.js not found next to ${here} (build it, or pass workerFile / set FW_PARALLEL_WORKER)`)
}

const CTORS = { f32: Float32Array, f64: Float64Array, i32: Int32Array } as const

function sharedArray(kind: ArrayKind, length: number): { kind: ArrayKind; buffer: SharedArrayBuffer } {
  return { kind, buffer: new SharedArrayBuffer(Math.max(1, length) * CTORS[kind].BYTES_PER_ELEMENT) }
}

export async function createParallelTrainer(source: Model, opts: ParallelOptions): Promise<ParallelTrainer> {
  const threads = opts.threads
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`parallel: threads must be an integer >= 1 (got ${threads})`)
  const minRows = opts.minRowsPerShard ?? MIN_ROWS_PER_SHARD
  const minWork = opts.minShardWork ?? MIN_SHARD_WORK
  const { spec, dtype } = source
  const bytes = dtype === 'float64' ? 8 : 4
  const P = source.params.length
  const paramsSab = new SharedArrayBuffer(P * bytes)
  const params = floatView(dtype, paramsSab) // (P)
  params.set(source.params)
  const model: Model = { spec: { ...spec }, dtype, params, layout: source.layout.map((v) => ({ ...v, shape: [...v.shape] })) }
  const fixed: FixedGradOptions = { loss: opts.loss, huberDelta: opts.huberDelta, truncation: opts.truncation }
  const gradsSab = new SharedArrayBuffer(threads * P * bytes) // (S, P), row 0 unused
  const control = new SharedArrayBuffer(threads * SLOT * 4)
  const lossesSab = new SharedArrayBuffer(threads * 8)
  const ctrl = new Int32Array(control) // (S, SLOT)
  const losses = new Float64Array(lossesSab) // (S)
  const Gw = floatView(dtype, gradsSab) // (S, P)

  const lanes: Lane[] = []
  if (threads > 1) {
    const file = opts.workerFile ?? defaultWorkerFile()
    try {
      for (let k = 1; k < threads; k++) {
        const { port1, port2 } = new MessageChannel()
        const init: WorkerInit = {
          index: k, spec: model.spec, dtype, layout: model.layout, params: paramsSab,
          grads: gradsSab, control, losses: lossesSab, grad: fixed, port: port2
        }
        if (opts.stop?.()) throw new StartStopped()
        const worker = new Worker(file, { workerData: init, transferList: [port2] })
        lanes.push({ worker, port: port1, seq: 0, bufs: null })
        let poll: ReturnType<typeof setInterval> | undefined
        try {
          await new Promise<void>((ok, fail) => {
            worker.once('message', () => ok())
            worker.once('error', fail)
            worker.once('exit', (code) => fail(new Error(`parallel: worker ${k} exited with code ${code} before it was ready`)))
            const stop = opts.stop
            if (stop) poll = setInterval(() => stop() && fail(new StartStopped()), STOP_POLL_MS)
          })
        } finally {
          clearInterval(poll)
        }
        worker.removeAllListeners()
        worker.unref() // a trainer that is never closed does not keep the process alive
      }
    } catch (e) {
      await Promise.all(lanes.map((l) => l.worker.terminate()))
      throw e
    }
  }

  // Shard 0's inputs, on the calling thread: plain arrays, regrown when a batch needs more.
  const local: Record<'x' | 'target' | 'stepWeight', FloatArray | Int32Array | null> = { x: null, target: null, stepWeight: null }
  const localArray = (key: keyof typeof local, kind: ArrayKind, n: number): FloatArray | Int32Array => {
    const a = local[key]
    if (a && kindOf(a) === kind && a.length === n) return a
    local[key] = new CTORS[kind](n)
    return local[key] as FloatArray | Int32Array
  }
  const D = spec.inputSize
  const O = spec.outputSize
  const perStep = spec.outputMode === 'per-step'
  let closed = false

  let lastT = 1
  const shardsFor = (B: number, T = lastT): number => (lanes.length === 0 ? 1 : shardCount(spec, threads, B, T, minRows, minWork))

  function post(k: number, batch: Batch, r: { b0: number; b1: number }, seed: number, training: boolean): void {
    const lane = lanes[k - 1]
    const n = shardLengths(batch, r, D, O, perStep)
    const kinds = { x: kindOf(batch.x), target: kindOf(batch.target), stepWeight: batch.stepWeight ? kindOf(batch.stepWeight) : 'f32' as ArrayKind }
    const b = lane.bufs
    const fits = (key: 'x' | 'target' | 'stepWeight') =>
      b !== null && b[key].kind === kinds[key] && b[key].buffer.byteLength >= n[key] * CTORS[kinds[key]].BYTES_PER_ELEMENT
    if (!fits('x') || !fits('target') || !fits('stepWeight')) {
      lane.bufs = { gen: (b?.gen ?? 0) + 1, x: sharedArray(kinds.x, n.x), target: sharedArray(kinds.target, n.target), stepWeight: sharedArray(kinds.stepWeight, n.stepWeight) }
      lane.port.postMessage(lane.bufs)
    }
    const bufs = lane.bufs as ShardBuffers
    copyShard(batch, r, D, O, perStep, view(bufs.x, n.x), view(bufs.target, n.target), n.stepWeight ? view(bufs.stepWeight, n.stepWeight) : null)
    const base = k * SLOT
    ctrl[base + CMD] = CMD_STEP
    ctrl[base + T_] = batch.T
    ctrl[base + B_] = r.b1 - r.b0
    ctrl[base + GEN] = bufs.gen
    ctrl[base + SW] = n.stepWeight === 0 ? SW_NONE : n.stepWeight === batch.T ? SW_T : SW_TB
    ctrl[base + TRAIN] = training ? 1 : 0
    ctrl[base + SEED] = seed | 0
    lane.seq++
    Atomics.store(ctrl, base + SEQ, lane.seq)
    Atomics.notify(ctrl, base + SEQ)
  }

  /** Waits until shards 1..S-1 are all done (so none still reads a buffer we reuse), then throws
   *  the first worker failure if there was one. */
  function waitAll(S: number): void {
    let failure: Error | null = null
    for (let k = 1; k < S; k++) {
      const lane = lanes[k - 1]
      const i = k * SLOT + DONE
      for (let n = 0; n < SPIN && Atomics.load(ctrl, i) !== lane.seq; n++);
      for (let v = Atomics.load(ctrl, i); v !== lane.seq; v = Atomics.load(ctrl, i)) Atomics.wait(ctrl, i, v)
      if (ctrl[k * SLOT + STATUS] !== 0 && failure === null) {
        const m = receiveMessageOnPort(lane.port)?.message as WorkerFailure | undefined
        failure = new Error(`parallel: shard ${k} failed: ${m ? `${m.error.name}: ${m.error.message}` : 'no error message'}`)
      }
    }
    if (failure) throw failure
  }

  function combinedLossAndGrad(batch: Batch, step: { training?: boolean; rng?: Rng } = {}, grads?: FloatArray): GradResult {
    if (closed) throw new Error('parallel: trainer is closed')
    lastT = batch.T
    const S = shardsFor(batch.B, batch.T)
    const full: GradOptions = { ...fixed, ...step }
    if (S === 1) return lossAndGrad(model, batch, full, grads)
    checkBatch(model, batch, full) // full-batch positions in error messages, before any shard runs
    // as the engine: dropout acts between stacked layers only, so a one-layer model draws no seeds
    // (and its shards train as without dropout)
    const training = step.training === true && dropoutActs(spec)
    const seeds = Array.from({ length: S }, () => (training && step.rng ? Math.floor(step.rng.next() * 2 ** 32) : 0))
    const ranges = shardRanges(batch.B, S)
    for (let k = 1; k < S; k++) post(k, batch, ranges[k], seeds[k], training)

    const r0 = ranges[0]
    const n = shardLengths(batch, r0, D, O, perStep)
    const x = localArray('x', kindOf(batch.x), n.x)
    const target = localArray('target', kindOf(batch.target), n.target)
    const sw = n.stepWeight ? localArray('stepWeight', kindOf(batch.stepWeight as FloatArray), n.stepWeight) : null
    copyShard(batch, r0, D, O, perStep, x, target, sw)
    const shard: Batch = { x: x as FloatArray, target, T: batch.T, B: r0.b1 - r0.b0, stepWeight: (sw ?? undefined) as FloatArray | undefined }
    const opts0: GradOptions = training ? { ...fixed, training: true, rng: new Rng(seeds[0]) } : { ...fixed, training: step.training }
    let res: GradResult
    try {
      res = lossAndGrad(model, shard, opts0, grads)
    } finally {
      waitAll(S)
    }
    const g = res.grads
    const w0 = (r0.b1 - r0.b0) / batch.B
    let loss = w0 * res.loss
    for (let i = 0; i < P; i++) g[i] *= w0
    for (let k = 1; k < S; k++) {
      const wk = (ranges[k].b1 - ranges[k].b0) / batch.B
      loss += wk * losses[k]
      const o = k * P
      for (let i = 0; i < P; i++) g[i] += wk * Gw[o + i]
    }
    return { loss, grads: g }
  }

  async function close(): Promise<void> {
    if (closed) return
    closed = true
    await Promise.all(lanes.map((lane, j) => {
      const base = (j + 1) * SLOT
      lane.worker.ref() // else an otherwise idle process exits while we await the 'exit' event
      const exited = new Promise<void>((ok) => lane.worker.once('exit', () => ok()))
      ctrl[base + CMD] = CMD_EXIT
      Atomics.store(ctrl, base + SEQ, ++lane.seq)
      Atomics.notify(ctrl, base + SEQ)
      lane.port.close()
      return exited
    }))
  }

  return { model, threads, shardsFor, lossAndGrad: combinedLossAndGrad, close }
}
