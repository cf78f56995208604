// TF.js peer: the same model built with tf.layers (simpleRNN or LSTM + dense head), MSE, Adam,
// one fixed random batch, one optimizer.minimize per train step. Backends 'cpu' (pure JS) and
// 'wasm' (XNNPACK, SIMD where available, pinned to one thread). Batch-major (B, T, D) as Keras wants.
import { dirname } from 'node:path'
import { createRequire } from 'node:module'
import { measure, type PeerResult, type Protocol, type Workload } from '../protocol'

type Tf = typeof import('@tensorflow/tfjs')

let tfPromise: Promise<Tf | null> | null = null
let wasmReady: Promise<string | null> | null = null // null = ok, else why not

async function loadTf(): Promise<Tf | null> {
  try {
    return await import('@tensorflow/tfjs')
  } catch {
    return null
  }
}

async function prepareWasm(): Promise<string | null> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm')
    // Node has no fetch of file URLs: point the backend at its own dist folder on disk.
    const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))
    wasm.setWasmPaths(dist + '/')
    wasm.setThreadsCount(1)
    return null
  } catch (e) {
    return `wasm backend unavailable: ${(e as Error).message}`
  }
}

export async function runTfjs(backend: 'cpu' | 'wasm', w: Workload, lr: number, p: Protocol): Promise<PeerResult> {
  tfPromise ??= loadTf()
  const tf = await tfPromise
  if (!tf) return { note: 'skipped: @tensorflow/tfjs is not installed' }
  if (backend === 'wasm') {
    wasmReady ??= prepareWasm()
    const why = await wasmReady
    if (why) return { note: why }
  }
  if (!(await tf.setBackend(backend))) return { note: `skipped: tf.setBackend('${backend}') failed` }
  await tf.ready()
  const perStep = w.outputs === 'per_step'
  const model = tf.sequential()
  // glorotUniform instead of the default orthogonal recurrent init: setup only (QR of a large
  // matrix, with a console warning); the timed train step does not depend on it.
  const common = { units: w.H, returnSequences: perStep, inputShape: [w.T, w.D], recurrentInitializer: 'glorotUniform' as const }
  model.add(w.cell === 'lstm' ? tf.layers.lstm(common) : w.cell === 'gru' ? tf.layers.gru(common) : tf.layers.simpleRNN({ ...common, activation: 'tanh' }))
  model.add(tf.layers.dense({ units: w.O }))
  const opt = tf.train.adam(lr, 0.9, 0.999, 1e-8)
  const x = tf.randomNormal([w.B, w.T, w.D], 0, 1, 'float32', 7) // (B, T, D)
  const y = tf.randomNormal(perStep ? [w.B, w.T, w.O] : [w.B, w.O], 0, 1, 'float32', 8)
  const step = () => {
    const cost = opt.minimize(() => {
      const yhat = model.apply(x, { training: true }) as import('@tensorflow/tfjs').Tensor
      return tf.mean(tf.squaredDifference(yhat, y)).mul(perStep ? w.T : 1)
    }, true)
    cost?.dataSync() // wait for the backend to finish the step
    cost?.dispose()
  }
  try {
    const rate = measure(step, p)
    const out: PeerResult = { seqStepsPerSec: rate * w.B * w.T, version: tf.version.tfjs }
    if (backend === 'wasm') {
      out.threads = (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount()
      out.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
    }
    return out
  } finally {
    model.dispose()
    opt.dispose()
    x.dispose()
    y.dispose()
  }
}
