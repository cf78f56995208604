// Engine section, N threads (--threads N > 1): the same workloads trained through core/parallel
// (shard 0 on this thread, shards 1..N-1 on workers sharing the params), beside PyTorch at 1 and
// N threads measured in the same run. Reported apart from the one-thread figures.
import { resolve } from 'node:path'
import { Adam, lossAndGrad } from '../core/engine'
import { createParallelTrainer } from '../core/parallel'
import { measure, trainStepFlops, workloadSetup, type PeerResult, type Protocol, type Workload } from './protocol'

export interface ThreadsResult {
  threads: number
  shards: number // what the trainer's size rule chose for this workload (1 = it stayed on one thread)
  engine: { seqStepsPerSec: number; trainStepsPerSec: number; gflops: number }
  forced?: { shards: number; seqStepsPerSec: number } // split regardless of the size rule, for the record
  speedupVsOneThread: number // protocol figures, measured tens of seconds apart
  speedupInterleaved: number // median of alternated one/N-thread rounds (see stepsPerSec)
  pytorch: PeerResult // at N threads
  pytorchBest?: { threads: number; seqStepsPerSec: number } // best of PyTorch at 1 and N threads
  vsPytorchBest?: number
}

/** Train steps per second with `threads` threads; the model and batch are those of engine.ts. */
async function stepsPerSec(w: Workload, lr: { lr: number; beta1: number; beta2: number; eps: number }, p: Protocol, threads: number,
  workerFile: string, force: boolean): Promise<{ rate: number; shards: number; interleaved: number }> {
  const { model, batch } = workloadSetup(w)
  const t = await createParallelTrainer(model, { threads, workerFile, loss: 'mse', ...(force ? { minRowsPerShard: 1, minShardWork: 0 } : {}) })
  try {
    const opt = new Adam(model.params.length, lr)
    const grads = new Float32Array(model.params.length) // same layout as params
    const stepN = () => opt.step(t.model.params, t.lossAndGrad(batch, {}, grads).grads)
    const rate = measure(stepN, p)
    // The machine is shared: alternate short one- and N-thread rounds so that a load change hits
    // both, and keep the median of the per-round ratios beside the protocol's figures.
    const opt1 = new Adam(model.params.length, lr)
    const step1 = () => opt1.step(model.params, lossAndGrad(model, batch, { loss: 'mse' }, grads).grads)
    const ratios: number[] = []
    for (let r = 0; r < INTERLEAVED_ROUNDS; r++) ratios.push(roundRate(stepN) / roundRate(step1))
    ratios.sort((a, b) => a - b)
    return { rate, shards: t.shardsFor(w.B, w.T), interleaved: ratios[ratios.length >> 1] }
  } finally {
    await t.close()
  }
}

const INTERLEAVED_ROUNDS = 7
function roundRate(step: () => void, ms = 250): number {
  const t0 = performance.now()
  let n = 0
  while (performance.now() - t0 < ms) {
    step()
    n++
  }
  return n / (performance.now() - t0)
}

export async function runThreads(w: Workload, optim: { lr: number; beta1: number; beta2: number; eps: number }, p: Protocol, threads: number,
  repoRoot: string, oneThreadSeqPerSec: number, pytorchOne: PeerResult, pytorchN: PeerResult): Promise<ThreadsResult> {
  const workerFile = resolve(repoRoot, 'out/node/parallel-worker.js')
  const seq = w.B * w.T
  const flops = trainStepFlops(w)
  const { rate, shards, interleaved } = await stepsPerSec(w, optim, p, threads, workerFile, false)
  const out: ThreadsResult = {
    threads, shards,
    engine: { seqStepsPerSec: rate * seq, trainStepsPerSec: rate, gflops: (rate * flops) / 1e9 },
    speedupVsOneThread: (rate * seq) / oneThreadSeqPerSec,
    speedupInterleaved: interleaved,
    pytorch: { ...pytorchN }
  }
  if (shards === 1) {
    const f = await stepsPerSec(w, optim, p, threads, workerFile, true)
    out.forced = { shards: f.shards, seqStepsPerSec: f.rate * seq }
  }
  const cands = [{ threads: 1, r: pytorchOne }, { threads, r: pytorchN }].filter((c) => c.r.seqStepsPerSec && c.r.isPeer !== false)
  if (out.pytorch.seqStepsPerSec) {
    out.pytorch.gflops = (out.pytorch.seqStepsPerSec / seq) * flops / 1e9
    out.pytorch.ratio = out.engine.seqStepsPerSec / out.pytorch.seqStepsPerSec
  }
  if (cands.length) {
    const best = cands.reduce((a, b) => ((b.r.seqStepsPerSec as number) > (a.r.seqStepsPerSec as number) ? b : a))
    out.pytorchBest = { threads: best.threads, seqStepsPerSec: best.r.seqStepsPerSec as number }
    out.vsPytorchBest = out.engine.seqStepsPerSec / out.pytorchBest.seqStepsPerSec
  }
  return out
}

const fmt = (x: number | undefined) => (x === undefined ? '-' : x >= 1e5 ? `${(x / 1e3).toFixed(0)}k` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0))

export function threadsTable(rows: { id: string; oneThread: number; pytorchOne: PeerResult; r: ThreadsResult }[], log: (s: string) => void): void {
  if (rows.length === 0) return
  const N = rows[0].r.threads
  const head = ['workload', 'engine x1', `engine x${N} (shards)`, 'speed-up', 'interleaved', `GFLOP/s x${N}`, 'pytorch x1', `pytorch x${N}`, `eng x${N}/best pytorch`]
  const cells = rows.map(({ id, oneThread, pytorchOne, r }) => [
    id, fmt(oneThread),
    `${fmt(r.engine.seqStepsPerSec)} (${r.shards})` + (r.forced ? ` [forced ${r.forced.shards}: ${fmt(r.forced.seqStepsPerSec)}]` : ''),
    `${r.speedupVsOneThread.toFixed(2)}x`, `${r.speedupInterleaved.toFixed(2)}x`, r.engine.gflops.toFixed(2),
    fmt(pytorchOne.seqStepsPerSec), fmt(r.pytorch.seqStepsPerSec),
    r.vsPytorchBest === undefined ? 'n/a' : `${r.vsPytorchBest.toFixed(2)}x (best x${r.pytorchBest?.threads})`
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  log('')
  log(head.map((h, i) => h.padEnd(widths[i])).join(' | '))
  log(widths.map((x) => '-'.repeat(x)).join('-|-'))
  for (const c of cells) log(c.map((v, i) => v.padEnd(widths[i])).join(' | '))
}
