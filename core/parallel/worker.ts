// Worker entry (built as its own file: out/node/parallel-worker.js; tests bundle it with vite).
// Holds a model replica whose params are the main thread's SharedArrayBuffer, and loops:
// wait for SEQ to change, compute lossAndGrad on its shard into its own row of the shared
// gradient buffer, publish DONE. Blocking waits keep a step's hand-off in microseconds.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import { lossAndGrad, Rng, type Batch, type FloatArray, type GradOptions, type Model } from '../engine'
import { runStatJob, type StatJob } from '../train/choice'
import type { StatReply } from './stats'
import {
  B_, CMD, CMD_EXIT, DONE, GEN, SEED, SEQ, SLOT, SPIN, STATUS, SW, SW_T, SW_TB, T_, TRAIN,
  floatView, view, type ShardBuffers, type WorkerFailure, type WorkerInit
} from './protocol'

function main(init: WorkerInit): void {
  const { index, spec, dtype } = init
  const P = floatView(dtype, init.params) // (P)
  const model: Model = { spec, dtype, params: P, layout: init.layout }
  const grads = floatView(dtype, init.grads, index * P.length, P.length) // (P), this worker's row
  const ctrl = new Int32Array(init.control)
  const losses = new Float64Array(init.losses)
  const base = index * SLOT
  const perStep = spec.outputMode === 'per-step'
  const O = spec.outputSize
  const D = spec.inputSize
  let bufs: ShardBuffers | null = null
  parentPort?.postMessage('ready')
  let seen = 0 // main starts SEQ at 0, so a step posted before this line is not missed
  for (;;) {
    // Back-to-back steps arrive within microseconds of the last DONE: a short spin catches them
    // without a futex wake-up (tens of microseconds on a VM); past it, sleep.
    for (let i = 0; i < SPIN && Atomics.load(ctrl, base + SEQ) === seen; i++);
    Atomics.wait(ctrl, base + SEQ, seen)
    const seq = Atomics.load(ctrl, base + SEQ)
    if (seq === seen) continue
    seen = seq
    if (ctrl[base + CMD] === CMD_EXIT) break
    try {
      if (bufs === null || bufs.gen !== ctrl[base + GEN]) {
        // main posted the new buffers before bumping SEQ, so the message is already queued
        for (let m = receiveMessageOnPort(init.port); m; m = receiveMessageOnPort(init.port)) bufs = m.message as ShardBuffers
        if (bufs === null || bufs.gen !== ctrl[base + GEN]) throw new Error(`parallel worker ${index}: shard buffers of generation ${ctrl[base + GEN]} never arrived`)
      }
      const T = ctrl[base + T_]
      const B = ctrl[base + B_]
      const sw = ctrl[base + SW]
      const rows = perStep ? T * B : B
      const classes = bufs.target.kind === 'i32'
      const batch: Batch = {
        x: view(bufs.x, T * B * D) as FloatArray, // (T, B, D)
        target: view(bufs.target, classes ? rows : rows * O) as FloatArray | Int32Array,
        T, B
      }
      if (sw === SW_T || sw === SW_TB) batch.stepWeight = view(bufs.stepWeight, sw === SW_T ? T : T * B) as FloatArray
      const opts: GradOptions = { ...init.grad }
      if (ctrl[base + TRAIN] === 1) {
        opts.training = true
        opts.rng = new Rng(ctrl[base + SEED] >>> 0)
      }
      losses[index] = lossAndGrad(model, batch, opts, grads).loss
      ctrl[base + STATUS] = 0
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e))
      const failure: WorkerFailure = { error: { name: err.name, message: err.message, stack: err.stack } }
      init.port.postMessage(failure)
      ctrl[base + STATUS] = 1
    }
    Atomics.store(ctrl, base + DONE, seq)
    Atomics.notify(ctrl, base + DONE)
  }
  init.port.close()
}

/** A global run's per-series statistical fits (stats.ts): one job a message, answered in order. */
function statsLoop(): void {
  parentPort?.on('message', (job: StatJob) => {
    let reply: StatReply
    try {
      reply = { ok: true, result: runStatJob(job, job.ticks ? () => parentPort?.postMessage({ tick: true } satisfies StatReply) : undefined) }
    } catch (e) {
      reply = { ok: false, error: e instanceof Error ? e.message : String(e) }
    }
    parentPort?.postMessage(reply)
  })
}

if ((workerData as { kind?: string } | null)?.kind === 'stats') statsLoop()
else main(workerData as WorkerInit)
