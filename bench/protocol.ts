// The timing protocol of shared/bench/workloads.json, shared by the engine and every peer.
import { createModel, Rng, validateSpec, type Batch, type Model } from '../core/engine'

export interface Workload { id: string; name: string; cell: 'elman' | 'lstm' | 'gru'; D: number; H: number; O: number; T: number; B: number; outputs: 'per_step' | 'final' }
export interface Protocol { warmup_seconds: number; warmup_min_steps: number; rep_target_seconds: number; reps: number }
export interface PeerResult { seqStepsPerSec?: number; gflops?: number; ratio?: number; note?: string; [k: string]: unknown }

export const QUICK: Partial<Protocol> = { warmup_seconds: 0.2, warmup_min_steps: 2, rep_target_seconds: 0.2, reps: 3 }

/** The same loop as shared/bench/pytorch_rnn.py: warm-up, size a rep to the target time, median of rates. */
export function measure(step: () => void, p: Protocol): number {
  let t0 = performance.now()
  let n = 0
  while (n < p.warmup_min_steps || performance.now() - t0 < p.warmup_seconds * 1000) {
    step()
    n++
  }
  t0 = performance.now()
  step()
  step()
  const perStep = (performance.now() - t0) / 2000
  const k = Math.max(1, Math.round(p.rep_target_seconds / perStep))
  const rates: number[] = []
  for (let r = 0; r < p.reps; r++) {
    const t = performance.now()
    for (let i = 0; i < k; i++) step()
    rates.push(k / ((performance.now() - t) / 1000))
  }
  rates.sort((a, b) => a - b)
  const m = rates.length >> 1
  return rates.length % 2 ? rates[m] : (rates[m - 1] + rates[m]) / 2
}

/** Nominal FLOPs of one train step, as workloads.json's protocol.flops_note defines them. */
export function trainStepFlops(w: Workload): number {
  const G = w.cell === 'lstm' ? 4 : w.cell === 'gru' ? 3 : 1
  const nOut = w.outputs === 'per_step' ? w.T : 1
  return 3 * (w.T * 2 * w.B * G * (w.H * w.H + w.H * w.D) + nOut * 2 * w.B * w.H * w.O)
}

/** The engine's model and the one fixed random batch of a workload (seeded, so every engine
 *  measurement, one thread or several, trains the very same problem). */
export function workloadSetup(w: Workload): { model: Model; batch: Batch } {
  const spec = validateSpec({
    cell: w.cell, inputSize: w.D, hiddenSize: w.H, numLayers: 1, outputSize: w.O,
    outputMode: w.outputs === 'per_step' ? 'per-step' : 'final'
  })
  const rng = new Rng(7)
  const model = createModel(spec, rng, 'float32')
  const normals = (n: number) => Float32Array.from({ length: n }, () => rng.normal())
  const batch: Batch = {
    x: normals(w.T * w.B * w.D), // (T, B, D)
    target: normals(w.outputs === 'per_step' ? w.T * w.B * w.O : w.B * w.O), // (T, B, O) or (B, O)
    T: w.T,
    B: w.B
  }
  return { model, batch }
}
