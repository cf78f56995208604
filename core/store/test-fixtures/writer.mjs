// A writer process for the fault tests: it drives the real store (bundled from core/store by
// test-fixtures/bundle.ts) and prints one line per *committed* write, after the call returned,
// so the parent knows which writes were acknowledged when it kills this process with SIGKILL.
//
//   node writer.mjs STORE_MODULE DB_FILE MODE [BATCHES]   (then write a line to its stdin)
//   MODE kill:    endless runs: start, 3-epoch batches, checkpoints, finish
//   MODE batches: one run; BATCHES commits of (4 epochs + checkpoint) in one transaction each
//   MODE die-mid-batch: one run, epochs 1-3 in one append, then an append of 4-6 during which the
//                 process SIGKILLs itself right after row 5 is inserted (a per-connection TEMP
//                 trigger, so the file's schema is untouched): a kill inside a batch, every time
import { pathToFileURL } from 'node:url'

const [storeModule, file, mode, batchesArg] = process.argv.slice(2)
const { openStore } = await import(pathToFileURL(storeModule).href)

const WEIGHTS = 4096

/** Weights whose every element encodes the epoch, so a torn blob is detectable. */
function weightsFor(runId, epoch) {
  const w = new Float32Array(WEIGHTS) // (WEIGHTS,)
  for (let i = 0; i < WEIGHTS; i++) w[i] = runId * 1000 + epoch + i / WEIGHTS
  return w
}

function checkpoint(runId, epoch) {
  const m = new Float64Array(WEIGHTS).fill(epoch)
  const v = new Float64Array(WEIGHTS).fill(epoch * 2)
  return {
    epoch,
    valLoss: 1 / (epoch + 1),
    weights: weightsFor(runId, epoch),
    layout: [{ name: 'w', shape: [64, 64], offset: 0, size: WEIGHTS }],
    optimizer: { step: epoch * 10, m, v, rng: { s: [epoch, runId] } }
  }
}

const epochRow = (epoch) => ({ epoch, trainLoss: 1 / epoch, valLoss: 1.1 / epoch, gradNorm: 0.5, clipRate: 0, lr: 1e-3, seconds: 0.01 })
const ack = (line) => process.stdout.write(line + '\n')

// Start-up (node, the bundle, the native module) is slow next to a write; the parent starts the
// next writer early and says 'go' on stdin once it has checked the previous one's database.
ack('loaded')
await new Promise((resolve) => process.stdin.once('data', resolve))
const store = openStore(file, { appVersion: 'fault-test' })
ack('ready')

if (mode === 'kill') {
  const datasetId =
    store.datasets.list()[0]?.id ??
    store.datasets.save({ name: 'd', contentHash: 'h', columns: [{ name: 'y', kind: 'numeric', data: new Float64Array(100) }] })
  ack(`dataset ${datasetId}`)
  for (;;) {
    const runId = store.runs.create({ datasetId, configJson: '{"cell":"gru","hidden":8}', seed: 7 })
    ack(`run ${runId}`)
    store.startRun(runId)
    ack(`running ${runId}`)
    for (let epoch = 1; epoch <= 12; epoch += 3) {
      store.epochs.append(runId, [epochRow(epoch), epochRow(epoch + 1), epochRow(epoch + 2)])
      ack(`epochs ${runId} ${epoch + 2}`)
      store.saveCheckpoint(runId, epoch % 2 === 1 ? ['last', 'best'] : ['last'], checkpoint(runId, epoch + 2))
      ack(`checkpoint ${runId} ${epoch + 2}`)
    }
    store.finishRun(runId, {
      metrics: [{ split: 'test', model: 'model', metric: 'rmse', value: 0.5 }, { split: 'test', model: 'naive', metric: 'rmse', value: 0.7 }],
      forecasts: [1, 2, 3].map((step) => ({ ts: 1000 + step, step, value: step, lower: null, upper: null, actual: null }))
    })
    ack(`done ${runId}`)
  }
} else if (mode === 'batches') {
  const datasetId = store.datasets.save({ name: 'd', contentHash: 'h', columns: [{ name: 'y', kind: 'numeric', data: new Float64Array(10) }] })
  const runId = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
  store.startRun(runId)
  ack(`run ${runId}`)
  const batches = Number(batchesArg)
  for (let b = 0; b < batches; b++) {
    const first = b * 4 + 1
    store.transaction(() => {
      store.epochs.append(runId, [0, 1, 2, 3].map((k) => epochRow(first + k)))
      store.saveCheckpoint(runId, ['last', 'best'], checkpoint(runId, first + 3))
    }, 'FULL')
    ack(`batch ${b}`)
  }
  store.close()
  ack('closed')
} else if (mode === 'die-mid-batch') {
  const datasetId = store.datasets.save({ name: 'd', contentHash: 'h', columns: [{ name: 'y', kind: 'numeric', data: new Float64Array(10) }] })
  const runId = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
  store.startRun(runId)
  store.epochs.append(runId, [epochRow(1), epochRow(2), epochRow(3)])
  ack(`epochs ${runId} 3`)
  store.db.function('die', () => process.kill(process.pid, 'SIGKILL'))
  store.db.exec('CREATE TEMP TRIGGER die_mid_batch AFTER INSERT ON main.epochs WHEN NEW.epoch = 5 BEGIN SELECT die(); END')
  store.epochs.append(runId, [epochRow(4), epochRow(5), epochRow(6)])
  ack(`epochs ${runId} 6`) // never reached
} else {
  throw new Error(`unknown mode ${mode}`)
}
