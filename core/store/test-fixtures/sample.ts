import type { CheckpointInput, EpochRow, Store } from '../index'

/** A dataset plus a running run, the usual starting point for a test. */
export function seedRun(store: Store, config = '{"cell":"lstm","hidden":16,"optimizer":{"name":"adam","lr":0.001}}'): { datasetId: number; runId: number } {
  const datasetId = store.datasets.save({
    name: 'airline',
    sourceFile: 'airline.csv',
    contentHash: 'sha256:abc',
    columns: [
      { name: 'month', kind: 'time', data: Float64Array.from({ length: 24 }, (_, i) => Date.UTC(2020, i, 1)) },
      { name: 'passengers', kind: 'numeric', data: Float64Array.from({ length: 24 }, (_, i) => 100 + i) }
    ]
  })
  const runId = store.runs.create({ datasetId, configJson: config, seed: 42 })
  store.startRun(runId)
  return { datasetId, runId }
}

export function epoch(n: number, valLoss: number | null = 1 / n): EpochRow {
  return { epoch: n, trainLoss: 2 / n, valLoss, gradNorm: 0.7, clipRate: 0.1, lr: 1e-3, seconds: 0.25 }
}

/** A checkpoint of `size` weights whose values encode `epoch`. */
export function checkpoint(epochNo: number, size = 6): CheckpointInput {
  const weights = Float32Array.from({ length: size }, (_, i) => epochNo + i / 8) // (size,)
  return {
    epoch: epochNo,
    valLoss: 1 / epochNo,
    weights,
    layout: [{ name: 'weightIh', shape: [size], offset: 0, size }],
    optimizer: { step: epochNo * 3, m: new Float64Array(size).fill(0.5), v: new Float64Array(size).fill(0.25), rng: { state: [1, 2, 3, epochNo] } }
  }
}
