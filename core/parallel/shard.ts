// Cutting a time-major batch into contiguous row ranges [b0, b1) and copying one range into
// contiguous (T, b1-b0, ...) buffers, the layout a shard's lossAndGrad expects.
import type { Batch, FloatArray, ModelSpec } from '../engine'

export interface Range { b0: number; b1: number }

/** S contiguous ranges of sizes differing by at most one, larger ones first. */
export function shardRanges(B: number, S: number): Range[] {
  const out: Range[] = []
  const base = Math.floor(B / S)
  const extra = B % S
  let b0 = 0
  for (let s = 0; s < S; s++) {
    const b1 = b0 + base + (s < extra ? 1 : 0)
    out.push({ b0, b1 })
    b0 = b1
  }
  return out
}

/** Shards for a batch of B sequences of T steps: min(threads, floor(B / minRows)), fewer while a
 *  shard would do under minWork recurrent multiply-adds T·B_w·(G·H·(H+D) + (L-1)·G·H·2H). */
export function shardCount(spec: ModelSpec, threads: number, B: number, T: number, minRows: number, minWork: number): number {
  const G = spec.cell === 'lstm' ? 4 : spec.cell === 'gru' ? 3 : 1
  const H = spec.hiddenSize
  const workPerRowStep = G * H * (H + spec.inputSize) + (spec.numLayers - 1) * G * H * 2 * H
  let S = Math.min(threads, Math.floor(B / minRows))
  while (S > 1 && (T * (B / S) * workPerRowStep) < minWork) S--
  return Math.max(1, S)
}

type Arr = FloatArray | Int32Array

/** dst (T, b1-b0, W) <- src (T, B, W) rows b0..b1-1 at every t. */
export function gatherRows(src: Arr, dst: Arr, T: number, B: number, W: number, r: Range): void {
  const n = (r.b1 - r.b0) * W
  for (let t = 0; t < T; t++) {
    const a = (t * B + r.b0) * W
    dst.set(src.subarray(a, a + n), t * n)
  }
}

/** Lengths of the shard's x, target and stepWeight for rows r of `batch`. */
export function shardLengths(batch: Batch, r: Range, D: number, O: number, perStep: boolean): { x: number; target: number; stepWeight: number } {
  const Bw = r.b1 - r.b0
  const T = batch.T
  const classes = batch.target instanceof Int32Array
  const rows = perStep ? T * Bw : Bw
  const sw = batch.stepWeight
  return {
    x: T * Bw * D,
    target: classes ? rows : rows * O,
    stepWeight: !perStep || !sw ? 0 : sw.length === T ? T : T * Bw
  }
}

/** Copies rows r of the batch into x/target/stepWeight (already of the right lengths). */
export function copyShard(batch: Batch, r: Range, D: number, O: number, perStep: boolean, x: Arr, target: Arr, stepWeight: Arr | null): void {
  const { T, B } = batch
  gatherRows(batch.x, x, T, B, D, r)
  const W = batch.target instanceof Int32Array ? 1 : O
  if (perStep) gatherRows(batch.target, target, T, B, W, r)
  else gatherRows(batch.target, target, 1, B, W, r)
  const sw = batch.stepWeight
  if (stepWeight && sw) {
    if (sw.length === T) stepWeight.set(sw)
    else gatherRows(sw, stepWeight, T, B, 1, r)
  }
}
