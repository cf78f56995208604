// Engine section: the standard training workloads of shared/bench/workloads.json, float32, one
// thread, measured with the protocol defined there, beside TF.js (cpu and wasm backends) and
// PyTorch measured in the same run. Ratios are engine / peer.
// Loss scale: the engine's MSE is 1/2 (yhat - y)^2 summed over steps and outputs, mean over the
// batch; the peers use the mean over (batch, outputs) of (yhat - y)^2 summed over steps (TF.js
// scales its mean by T). The scale differs, the work per train step does not.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Adam, lossAndGrad } from '../core/engine'
import { getKernelBackend, wasmKernelInfo } from '../core/engine/kernels'
import type { SectionOptions } from './index'
import { runThreads, threadsTable, type ThreadsResult } from './parallel'
import { runTfjs } from './peers/tfjs'
import { measure, QUICK, trainStepFlops, workloadSetup, type PeerResult, type Protocol, type Workload } from './protocol'

interface WorkloadsFile { defaults: { optimizer: { lr: number; beta1: number; beta2: number; eps: number } }; protocol: Protocol; workloads: Workload[] }

function findBenchDir(repoRoot: string): string | null {
  const candidates = [process.env.FW_BENCH_DIR, resolve(repoRoot, '../shared/bench'), resolve(repoRoot, 'shared/bench')]
  for (const c of candidates) if (c && existsSync(resolve(c, 'workloads.json'))) return c
  return null
}

function engineStepsPerSec(w: Workload, f: WorkloadsFile, p: Protocol): number {
  const { model, batch } = workloadSetup(w)
  const { lr, beta1, beta2, eps } = f.defaults.optimizer
  const opt = new Adam(model.params.length, { lr, beta1, beta2, eps })
  const grads = new Float32Array(model.params.length) // same layout as model.params
  return measure(() => {
    const r = lossAndGrad(model, batch, { loss: 'mse' }, grads)
    opt.step(model.params, r.grads)
  }, p)
}

function runPytorch(benchDir: string, workloadsFile: string, w: Workload, quick: boolean, threads: number): PeerResult {
  const script = resolve(benchDir, 'pytorch_rnn.py')
  const python = '/usr/bin/python3'
  if (!existsSync(python)) return { note: `skipped: ${python} not found` }
  const args = [script, '--threads', String(threads), '--workloads', w.id, '--file', workloadsFile]
  if (quick) args.push('--quick')
  const r = spawnSync(python, args, {
    encoding: 'utf8',
    timeout: 600_000,
    env: {
      ...process.env,
      LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-pthread',
      OMP_NUM_THREADS: String(threads),
      OPENBLAS_NUM_THREADS: String(threads)
    }
  })
  if (r.error) return { note: `skipped: ${r.error.message}` }
  if (/No module named 'torch'/.test(r.stderr)) return { note: 'skipped: torch is not installed (apt-get install python3-torch libopenblas0-pthread)' }
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'))
  if (r.status !== 0 || !line) return { note: `failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}` }
  const j = JSON.parse(line) as { seqStepsPerSec: number; blas: string; version: string }
  // Only an OpenBLAS run is the peer to beat; the reference BLAS is several times slower.
  const out: PeerResult = { seqStepsPerSec: j.seqStepsPerSec, blas: j.blas, isPeer: j.blas === 'openblas', version: j.version }
  if (j.blas !== 'openblas') out.note = `measured on '${j.blas}' BLAS: not the peer (needs OpenBLAS)`
  return out
}

const fmt = (x: number | undefined) => (x === undefined ? '-' : x >= 1e5 ? `${(x / 1e3).toFixed(0)}k` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0))

export async function run(opts: SectionOptions): Promise<Record<string, unknown>> {
  const benchDir = findBenchDir(opts.repoRoot)
  if (!benchDir) throw new Error(`bench: workloads.json not found under ../shared/bench (set FW_BENCH_DIR)`)
  const shared = JSON.parse(readFileSync(resolve(benchDir, 'workloads.json'), 'utf8')) as WorkloadsFile
  // The standard W1-W4 plus this repository's extra workloads (bench/workloads-extra.json: W5, GRU),
  // written to one file with the shared defaults and protocol so that every peer reads the same list.
  const extra = JSON.parse(readFileSync(resolve(opts.repoRoot, 'bench/workloads-extra.json'), 'utf8')) as { workloads: Workload[] }
  const file: WorkloadsFile = { ...shared, workloads: [...shared.workloads, ...extra.workloads] }
  const mergedFile = resolve(mkdtempSync(join(tmpdir(), 'fw-bench-')), 'workloads.json')
  writeFileSync(mergedFile, JSON.stringify(file))
  const protocol: Protocol = { ...file.protocol, ...(opts.quick ? QUICK : {}) }
  const wanted = opts.workloads
  for (const id of wanted ?? []) {
    if (!file.workloads.some((w) => w.id === id)) throw new Error(`bench: unknown workload '${id}'`)
  }
  const kernels = { backend: getKernelBackend(), wasm: wasmKernelInfo() }
  opts.log(`workloads from ${benchDir}; float32; engine threads 1${opts.threads > 1 ? ` and ${opts.threads} (core/parallel)` : ''}; kernels ${JSON.stringify(kernels)}`)
  const entries: Record<string, unknown>[] = []
  const rows: string[][] = []
  const threadRows: { id: string; oneThread: number; pytorchOne: PeerResult; r: ThreadsResult }[] = []
  for (const w of file.workloads.filter((x) => !wanted || wanted.includes(x.id))) {
    const flops = trainStepFlops(w)
    const seq = w.B * w.T
    const engineRate = engineStepsPerSec(w, file, protocol)
    const engine = { seqStepsPerSec: engineRate * seq, trainStepsPerSec: engineRate, gflops: (engineRate * flops) / 1e9 }
    opts.log(`${w.id} engine: ${fmt(engine.seqStepsPerSec)} seq-steps/s, ${engine.gflops.toFixed(2)} GFLOP/s`)
    const peers: Record<string, PeerResult> = {}
    for (const backend of opts.peers ? (['cpu', 'wasm'] as const) : []) {
      peers[`tfjs-${backend}`] = await runTfjs(backend, w, file.defaults.optimizer.lr, protocol)
      opts.log(`${w.id} tfjs-${backend}: ${fmt(peers[`tfjs-${backend}`].seqStepsPerSec)} ${peers[`tfjs-${backend}`].note ?? ''}`)
    }
    // the one-thread row compares with one-thread PyTorch; --threads N adds its own block below
    peers.pytorch = opts.peers ? runPytorch(benchDir, mergedFile, w, opts.quick, 1) : { note: 'skipped: --no-peers' }
    opts.log(`${w.id} pytorch: ${fmt(peers.pytorch.seqStepsPerSec)} ${peers.pytorch.blas ?? ''} ${peers.pytorch.note ?? ''}`)
    for (const p of Object.values(peers)) {
      if (p.seqStepsPerSec) {
        p.gflops = (p.seqStepsPerSec / seq) * flops / 1e9
        p.ratio = engine.seqStepsPerSec / p.seqStepsPerSec
      }
    }
    const tfjsRates = [peers['tfjs-cpu'], peers['tfjs-wasm']].map((p) => p?.seqStepsPerSec ?? 0)
    const vsBestTfjs = Math.max(...tfjsRates) > 0 ? engine.seqStepsPerSec / Math.max(...tfjsRates) : undefined
    let threads: ThreadsResult | undefined
    if (opts.threads > 1) {
      const pytorchN = opts.peers ? runPytorch(benchDir, mergedFile, w, opts.quick, opts.threads) : { note: 'skipped: --no-peers' }
      threads = await runThreads(w, file.defaults.optimizer, protocol, opts.threads, opts.repoRoot, engine.seqStepsPerSec, peers.pytorch, pytorchN)
      threadRows.push({ id: w.id, oneThread: engine.seqStepsPerSec, pytorchOne: peers.pytorch, r: threads })
      opts.log(`${w.id} engine x${opts.threads}: ${fmt(threads.engine.seqStepsPerSec)} seq-steps/s (${threads.shards} shards, ${threads.speedupVsOneThread.toFixed(2)}x one thread); pytorch x${opts.threads}: ${fmt(pytorchN.seqStepsPerSec)}`)
    }
    entries.push({ workload: w.id, name: w.name, flopsPerTrainStep: flops, engine, peers, vsBestTfjs, ...(threads ? { nThreads: threads } : {}) })
    const cell = (p: PeerResult | undefined) => (p?.seqStepsPerSec ? `${fmt(p.seqStepsPerSec)} (${(p.ratio as number).toFixed(2)}x)` : 'n/a')
    rows.push([w.id, fmt(engine.seqStepsPerSec), engine.gflops.toFixed(2), cell(peers['tfjs-cpu']), cell(peers['tfjs-wasm']),
      cell(peers.pytorch) + (peers.pytorch.blas && peers.pytorch.blas !== 'openblas' ? ' [ref BLAS]' : ''),
      vsBestTfjs === undefined ? 'n/a' : `${vsBestTfjs.toFixed(2)}x`])
  }
  const head = ['workload', 'engine seq/s', 'GFLOP/s', 'tfjs-cpu (eng/peer)', 'tfjs-wasm (eng/peer)', 'pytorch (eng/peer)', 'eng/best tfjs']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  opts.log('')
  opts.log(head.map((h, i) => h.padEnd(widths[i])).join(' | '))
  opts.log(widths.map((x) => '-'.repeat(x)).join('-|-'))
  for (const r of rows) opts.log(r.map((c, i) => c.padEnd(widths[i])).join(' | '))
  threadsTable(threadRows, opts.log)
  return { protocol, kernels, lossNote: 'engine MSE = 1/2 sum over steps, mean over batch; peers: mean, times T for per-step; same work', workloads: entries }
}
