import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type CheckpointInput, type EpochRow } from '../core/store'

/**
 * Run-store benchmarks against the targets:
 *   store a 1M-row x 10-column dataset   <= 1 s
 *   append one epoch row                  <= 1 ms
 *   load a run with 1,000 epochs + best   <= 50 ms
 * `quick` shrinks the dataset to 100k rows for smoke runs.
 */
export async function run(opts: { quick: boolean; log: (s: string) => void }): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-bench-store-'))
  const file = path.join(dir, 'runs.db')
  const ms = (t0: number) => performance.now() - t0
  // CPU time next to wall time: on a shared machine the wall clock mostly measures the queue.
  const cpuMs = (c0: NodeJS.CpuUsage) => {
    const c = process.cpuUsage(c0)
    return (c.user + c.system) / 1000
  }
  try {
    let store = openStore(file, { appVersion: 'bench' })

    const rows = opts.quick ? 100_000 : 1_000_000
    const columns = Array.from({ length: 10 }, (_, c) => ({
      name: `c${c}`,
      kind: 'numeric',
      data: Float64Array.from({ length: rows }, (_, i) => Math.sin(i * (c + 1) * 1e-3)) // (rows,)
    }))
    let t0 = performance.now()
    let c0 = process.cpuUsage()
    const datasetId = store.datasets.save({ name: 'bench', contentHash: 'bench', columns })
    const datasetSaveMs = ms(t0)
    const datasetSaveCpuMs = cpuMs(c0)
    // The save's commit runs SQLite's auto-checkpoint, so it is inside datasetSaveMs. This shows
    // it: had the save left frames in the WAL, this checkpoint would copy them and take time.
    t0 = performance.now()
    store.db.pragma('wal_checkpoint(PASSIVE)')
    const checkpointAfterSaveMs = ms(t0)
    opts.log(
      `store: saved ${rows} x 10 dataset (${((rows * 80) / 1e6).toFixed(0)} MB) in ${datasetSaveMs.toFixed(0)} ms ` +
        `(CPU ${datasetSaveCpuMs.toFixed(0)} ms; checkpoint work it left for later: ${checkpointAfterSaveMs.toFixed(1)} ms)`
    )

    // Reopen first: a dataset is loaded at the start of a run, long after the WAL was checkpointed.
    store.close()
    store = openStore(file, { appVersion: 'bench' })
    t0 = performance.now()
    c0 = process.cpuUsage()
    const loaded = store.datasets.load(datasetId)
    const datasetLoadMs = ms(t0)
    const datasetLoadCpuMs = cpuMs(c0)
    if (loaded.columns[9].data[rows - 1] !== columns[9].data[rows - 1]) throw new Error('dataset round trip mismatch')

    const runId = store.runs.create({ datasetId, configJson: '{"cell":"lstm","hidden":64}', seed: 1 })
    store.startRun(runId)
    const appendTimes: number[] = []
    for (let e = 1; e <= 1000; e++) {
      const row: EpochRow = { epoch: e, trainLoss: 1 / e, valLoss: 1.1 / e, gradNorm: 0.5, clipRate: 0.05, lr: 1e-3, seconds: 0.8 }
      t0 = performance.now()
      store.appendEpoch(runId, row)
      appendTimes.push(ms(t0))
    }
    appendTimes.sort((a, b) => a - b)
    const appendMean = appendTimes.reduce((s, x) => s + x, 0) / appendTimes.length
    const appendP99 = appendTimes[Math.floor(appendTimes.length * 0.99)]
    opts.log(`store: append epoch row mean ${appendMean.toFixed(3)} ms, p99 ${appendP99.toFixed(3)} ms`)

    // An LSTM of hidden 64 over 10 inputs with a linear head: ~19k parameters; use 100k to be generous.
    const params = 100_000
    const cp: CheckpointInput = {
      epoch: 1000,
      valLoss: 0.001,
      weights: new Float32Array(params).fill(0.1), // (params,)
      layout: [{ name: 'all', shape: [params], offset: 0, size: params }],
      optimizer: { step: 1000, m: new Float64Array(params), v: new Float64Array(params), rng: { s: [1, 2, 3, 4] } }
    }
    t0 = performance.now()
    store.saveCheckpoint(runId, ['last', 'best'], cp)
    const checkpointSaveMs = ms(t0)
    store.close()

    t0 = performance.now()
    store = openStore(file)
    const reopenMs = ms(t0) // includes PRAGMA quick_check over the whole file
    const loadTimes: number[] = []
    for (let i = 0; i < 20; i++) {
      t0 = performance.now()
      const detail = store.getRun(runId)
      loadTimes.push(ms(t0))
      if (detail.epochs.length !== 1000 || detail.best?.weights.length !== params) throw new Error('run load mismatch')
    }
    loadTimes.sort((a, b) => a - b)
    const runLoadMedian = loadTimes[loadTimes.length >> 1]
    c0 = process.cpuUsage()
    store.getRun(runId)
    const runLoadCpuMs = cpuMs(c0)
    opts.log(`store: load run with 1000 epochs + best checkpoint (${params} weights) median ${runLoadMedian.toFixed(2)} ms`)
    store.close()

    return {
      datasetRows: rows,
      datasetSaveMs: round(datasetSaveMs),
      datasetSaveCpuMs: round(datasetSaveCpuMs),
      datasetSaveTargetMs: 1000,
      checkpointAfterSaveMs: round(checkpointAfterSaveMs),
      datasetLoadMs: round(datasetLoadMs),
      datasetLoadCpuMs: round(datasetLoadCpuMs),
      epochAppendMeanMs: round(appendMean, 4),
      epochAppendP99Ms: round(appendP99, 4),
      epochAppendTargetMs: 1,
      checkpointSaveMs: round(checkpointSaveMs),
      runLoadMedianMs: round(runLoadMedian),
      runLoadCpuMs: round(runLoadCpuMs),
      runLoadTargetMs: 50,
      reopenWithQuickCheckMs: round(reopenMs),
      dbSizeMB: round(fs.statSync(file).size / 1e6, 1)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits
