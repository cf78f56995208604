// The fit loop: seeded shuffled mini-batches, clipping, LR schedule, early stopping with the best
// weights restored, and a checkpoint of the full training state after every epoch so that a
// killed run resumes to exactly the weights an uninterrupted run would reach.
import {
  Adam, SGD, Rng, DivergedError, cloneModel, computeLoss, createModel, dropoutActs, lossAndGrad, lrAt, trainStep
} from '../engine'
import type { Batch, FloatArray, GradOptions, GradResult, Model, StepStats } from '../engine'
import type { LossKind, ModelSpec, Truncation } from '../engine/types'
import { carryApp } from '../data/words'
import { DIVERGED_GROWTH, divergedWords, explodedWords, type DivergedCause, type StepFacts } from './diverged'
import type { Checkpoint, TrainEvent, TrainingConfig } from './types'

/** Windows of one split, materialised a mini-batch at a time (time-major, engine layout). */
export interface WindowSource {
  readonly count: number
  batch(indices: ArrayLike<number>): Batch
}

export interface FitHooks {
  emit(e: TrainEvent): void
  /** Polled between mini-batches; true stops the loop at the next batch boundary. */
  shouldStop(): boolean
  /** Lets the host's messages (cancel) in between mini-batches. */
  yieldNow(): Promise<void>
}

export interface FitOptions {
  spec: ModelSpec
  loss: LossKind
  training: TrainingConfig
  /** The full training state of a previous attempt (the last checkpoint, plus the best one). */
  resume?: { last: Checkpoint; best: Checkpoint | null }
  /** Another way to compute a step's loss and gradient (core/parallel's worker threads), supplied
   *  by a Node host: this module stays free of Node imports. Absent: the engine on this thread. */
  gradients?: GradientProvider
}

/** Computes training steps' loss and gradient for the model it was created with. */
export interface GradientBackend {
  /** The model to train: a copy of the one given (params possibly in shared memory). fit trains
   *  this one and updates its params in place; never replace the array. */
  readonly model: Model
  /** Threads it uses, the caller's included. */
  readonly threads: number
  /** How many threads a batch of B sequences of T steps is split over (1: the caller's alone). */
  shardsFor(B: number, T: number): number
  /** The engine's lossAndGrad(model, batch, {loss, truncation, ...step}, work), computed its way. */
  lossAndGrad(batch: Batch, step: { training: boolean; rng: Rng }, work?: FloatArray): GradResult
  close(): Promise<void>
}

export interface GradientProvider {
  /** A backend for `model`, or null where the engine on this thread does as well (e.g. batches of
   *  B sequences of T steps too small to split). Rejects when the backend cannot start; fit then
   *  trains on one thread and says so in a 'log' warning. `stop` (hooks.shouldStop) is asked while
   *  it starts (worker threads take about a second): once true it ends what it started and
   *  resolves null, so that a cancel then ends the run at once rather than after the start. */
  create(model: Model, fixed: { loss: LossKind; truncation: Truncation }, shape: { B: number; T: number }, stop?: () => boolean): Promise<GradientBackend | null>
}

export interface FitOutcome {
  model: Model // best weights when validation exists, else the last ones
  bestEpoch: number
  epochsRun: number
  stoppedEarly: boolean
  cancelled: boolean
  /** Where the loss or a gradient became NaN or infinite after at least one good epoch: training
   *  stopped there and `model` holds the best epoch's weights (the last good one's without
   *  validation), as early stopping keeps them. Divergence before any good epoch throws, and so does
   *  a run whose best epoch has itself exploded (explodedWords). `grew`: the loss was finite still,
   *  but had grown over DIVERGED_GROWTH times the first step's. */
  diverged?: { epoch: number; step: number; facts: StepFacts } & DivergedCause
}

const YIELD_EVERY_MS = 20
/** An epoch that has run this long says how many of its batches are done ('progress', phase
 *  'batches'), at most this often: a large file's epoch takes seconds with no other event. The
 *  times only space the events; what they say is the count of batches trained. */
const BATCH_PROGRESS_AFTER_MS = 1000
const BATCH_PROGRESS_EVERY_MS = 250

export async function fit(train: WindowSource, val: WindowSource | null, opts: FitOptions, hooks: FitHooks): Promise<FitOutcome> {
  const tc = opts.training
  const rng = new Rng(tc.seed)
  const B = Math.min(tc.batchSize, train.count)
  const stepper = await startBackend(createModel(opts.spec, rng, 'float32'), train, B, opts, hooks)
  try {
    return await fitLoop(train, val, opts, hooks, rng, B, stepper)
  } finally {
    await stepper.close?.()
  }
}

type Stepper = { model: Model; close?: () => Promise<void>; step: (o: Adam | SGD, batch: Batch, g: GradOptions & { clipNorm?: number; lr: number }, where: { epoch: number; step: number }, work: FloatArray) => StepStats }

/** The provider's backend when it has one for these batches, else the engine's own trainStep. */
async function startBackend(model: Model, train: WindowSource, B: number, opts: FitOptions, hooks: FitHooks): Promise<Stepper> {
  const plain: Stepper = { model, step: (o, batch, g, where, work) => trainStep(model, o, batch, g, where, work) }
  // stopped already: nothing to start (fitLoop asks again before its first step and ends the run)
  if (!opts.gradients || train.count === 0 || hooks.shouldStop()) return plain
  const T = train.batch([0]).T // every window of a split has the same length
  let be: GradientBackend | null
  try {
    be = await opts.gradients.create(model, { loss: opts.loss, truncation: opts.training.truncation }, { B, T }, () => hooks.shouldStop())
  } catch (e) {
    hooks.emit({ type: 'log', level: 'warn', message: `training on one thread: the parallel trainer did not start (${(e as Error).message ?? String(e)})` })
    return plain
  }
  if (!be) return plain
  const b = be
  hooks.emit({ type: 'log', level: 'info', message: `training on ${b.threads} threads (batches of ${B} split into ${b.shardsFor(B, T)})` })
  return { model: b.model, close: () => b.close(), step: (o, batch, g, where, work) => backendStep(b, o, batch, g, where, work) }
}

/** trainStep (its checks, clipping and in-place update) with the backend computing the gradient. */
function backendStep(b: GradientBackend, o: Adam | SGD, batch: Batch, g: GradOptions & { clipNorm?: number; lr: number }, where: { epoch: number; step: number }, work: FloatArray): StepStats {
  return trainStep(b.model, o, batch, g, where, work, (_m, bt, op, w) => b.lossAndGrad(bt, { training: op.training ?? true, rng: op.rng as Rng }, w))
}

async function fitLoop(train: WindowSource, val: WindowSource | null, opts: FitOptions, hooks: FitHooks, rng: Rng, B: number, stepper: Stepper): Promise<FitOutcome> {
  const tc = opts.training
  const model = stepper.model
  const size = model.params.length
  const optimizer = tc.optimizer === 'adam'
    ? new Adam(size, { lr: tc.lr, weightDecay: tc.weightDecay })
    : new SGD(size, { lr: tc.lr, momentum: tc.momentum, weightDecay: tc.weightDecay })
  // Dropout's masks come from a generator of the step's own, seeded by one draw of the run's: the
  // run's generator (which shuffles the batches and is kept in checkpoints) then advances alike on
  // one thread or several, whatever each draws for its masks (one shard or S). With one layer
  // dropout does nothing (dropoutActs): no draw at all, as without dropout.
  const dropout = dropoutActs(opts.spec)
  const gradOpts: GradOptions = { loss: opts.loss, truncation: tc.truncation, training: dropout }
  const grads = new Float32Array(size)

  let startEpoch = 1
  let best: { epoch: number; valLoss: number; params: Float32Array } | null = null
  // the weights at the end of the last epoch that trained without diverging: what a divergence
  // keeps where no epoch improved on validation (or there is none)
  let good: { epoch: number; params: Float32Array } | null = null
  if (opts.resume) {
    const { last, best: b } = opts.resume
    model.params.set(last.weights) // in place: a backend's workers read these very params
    optimizer.setState({ step: last.optimizer.step, m: last.optimizer.m, v: last.optimizer.v })
    rng.setState(last.rngState)
    startEpoch = last.epoch + 1
    if (b && b.valLoss !== null) best = { epoch: b.epoch, valLoss: b.valLoss, params: new Float32Array(b.weights) }
    if (last.epoch > 0) good = { epoch: last.epoch, params: new Float32Array(last.weights) }
  }

  const order = Array.from({ length: train.count }, (_, i) => i)
  const nBatches = Math.ceil(train.count / B)
  let lastYield = now()
  let epoch = startEpoch - 1
  // A checkpoint taken at the epoch where early stopping fired (the run was then stopped or killed
  // before it finished, or while a global run chose its forecasters) trains nothing more, as the
  // uninterrupted run did not.
  let stoppedEarly = !!(opts.resume && tc.earlyStopping && best && opts.resume.last.epoch - best.epoch >= tc.earlyStopping.patience)
  // The loss of the first step this attempt trains (a resumed one's: of the weights it resumed): a
  // step whose loss grows over DIVERGED_GROWTH times it has diverged though still finite, and the
  // epoch a run keeps must have a loss within that bound of it, on the same rows.
  // A step's loss far over it may be the data's (a batch holding one value far out of scale), not
  // the weights': the first step's rows (refBatch), scored again under the weights now, tell the
  // two apart, as their loss grows only when the weights have exploded.
  let firstLoss: number | null = null
  let refBatch: Batch | null = null
  const refGrowth = (params: Float32Array | null): number => {
    const m = params ? cloneModel(model) : model
    if (params) m.params.set(params)
    const loss = computeLoss(m, refBatch!, { loss: opts.loss })
    return Number.isFinite(loss) ? loss / firstLoss! : Infinity
  }
  // what the advice of a divergence rests on (divergedAdvice)
  const facts: StepFacts = { optimizer: tc.optimizer, clipNorm: tc.clipNorm, lr: tc.lr }
  const kept = (k: { epoch: number; params: Float32Array }): { epoch: number; params: Float32Array } => {
    const grew = firstLoss !== null && refBatch ? refGrowth(k.params) : 0
    if (grew > DIVERGED_GROWTH) {
      const w = explodedWords(k.epoch, grew, facts)
      const e = new DivergedError(k.epoch, 0)
      e.message = w.message
      throw carryApp(e, w)
    }
    return k
  }
  // after good epochs, the run keeps the best of them, as early stopping does; before any, it has
  // nothing to keep and fails
  const diverged = (e: DivergedError, epoch: number, cause?: DivergedCause): FitOutcome => {
    if (good) return divergedOutcome(model, kept(best ?? good), epoch, e, facts, cause)
    hooks.emit({ type: 'checkpoint', checkpoint: snapshot(model, optimizer, rng, epoch - 1, 'last', null) })
    const w = divergedWords(e, null, cause, facts)
    e.message = w.message
    throw carryApp(e, w)
  }

  if (!stoppedEarly) for (epoch = startEpoch; epoch <= tc.epochs; epoch++) {
    const t0 = now()
    let lastProgress = t0
    const lr = lrAt(tc.lr, tc.lrSchedule.kind === 'cosine' ? { kind: 'cosine', tMax: tc.epochs } : tc.lrSchedule, epoch - 1)
    // Each epoch's order depends on the RNG state alone (not on the previous permutation), so a
    // run resumed from a checkpoint visits the batches in exactly the same order.
    for (let i = 0; i < order.length; i++) order[i] = i
    rng.shuffle(order)
    let lossSum = 0
    let normSum = 0
    let clipped = 0
    for (let s = 0; s < nBatches; s++) {
      if (hooks.shouldStop()) return { model: cloneModel(model), bestEpoch: best?.epoch ?? epoch - 1, epochsRun: epoch - 1, stoppedEarly: false, cancelled: true }
      const idx = order.slice(s * B, Math.min((s + 1) * B, train.count))
      const batch = withWarmup(train.batch(idx), opts.spec, tc.warmupSteps)
      let stats
      try {
        const masks = dropout ? new Rng(rng.nextU32()) : undefined
        stats = stepper.step(optimizer, batch, { ...gradOpts, rng: masks, clipNorm: tc.clipNorm > 0 ? tc.clipNorm : undefined, lr }, { epoch, step: s + 1 }, grads)
      } catch (e) {
        if (!(e instanceof DivergedError)) throw e
        return diverged(e, epoch)
      }
      if (firstLoss === null) {
        firstLoss = stats.loss > 0 ? stats.loss : null
        refBatch = firstLoss === null ? null : batch
      } else if (stats.loss > DIVERGED_GROWTH * firstLoss && refBatch) {
        const grew = refGrowth(null)
        if (grew > DIVERGED_GROWTH) return diverged(new DivergedError(epoch, s + 1), epoch, { grew })
      }
      lossSum += stats.loss * idx.length
      normSum += stats.gradNorm
      if (stats.clipped) clipped++
      if (now() - lastYield > YIELD_EVERY_MS) {
        const at = now()
        if (at - t0 > BATCH_PROGRESS_AFTER_MS && at - lastProgress >= BATCH_PROGRESS_EVERY_MS && s + 1 < nBatches) {
          hooks.emit({ type: 'progress', phase: 'batches', epoch, done: s + 1, total: nBatches })
          lastProgress = at
        }
        await hooks.yieldNow()
        lastYield = now()
      }
    }
    const valLoss = val && val.count > 0 ? meanLoss(model, val, opts, tc.batchSize) : null
    const flow = gradFlow(model, train, opts, gradOpts, tc.warmupSteps)
    hooks.emit({
      type: 'epoch', epoch, trainLoss: lossSum / train.count, valLoss, gradNorm: normSum / nBatches,
      clipRate: clipped / nBatches, lr, seconds: (now() - t0) / 1000, gradFlow: flow
    })
    if (valLoss !== null && (best === null || valLoss < best.valLoss)) {
      best = { epoch, valLoss, params: new Float32Array(model.params) }
      hooks.emit({ type: 'checkpoint', checkpoint: snapshot(model, optimizer, rng, epoch, 'best', valLoss) })
    }
    hooks.emit({ type: 'checkpoint', checkpoint: snapshot(model, optimizer, rng, epoch, 'last', valLoss) })
    good = { epoch, params: new Float32Array(model.params) }
    if (tc.earlyStopping && best && epoch - best.epoch >= tc.earlyStopping.patience) {
      stoppedEarly = true
      break
    }
    await hooks.yieldNow()
    lastYield = now()
  }
  const epochsRun = Math.min(epoch, tc.epochs) // after a break, epoch is the last one run
  const out = cloneModel(model)
  if (best) out.params.set(kept(best).params)
  return { model: out, bestEpoch: best?.epoch ?? epochsRun, epochsRun, stoppedEarly, cancelled: false }
}

function divergedOutcome(model: Model, kept: { epoch: number; params: Float32Array }, epoch: number, e: DivergedError, facts: StepFacts, cause?: DivergedCause): FitOutcome {
  const out = cloneModel(model)
  out.params.set(kept.params)
  return { model: out, bestEpoch: kept.epoch, epochsRun: epoch - 1, stoppedEarly: false, cancelled: false, diverged: { epoch: e.epoch, step: e.step, facts, ...cause } }
}

/** Mean loss per window over a whole split (the engine's loss is a mean over the batch). */
export function meanLoss(model: Model, src: WindowSource, opts: FitOptions, batchSize: number): number {
  let sum = 0
  for (let s = 0; s < src.count; s += batchSize) {
    const idx = range(s, Math.min(s + batchSize, src.count))
    const batch = withWarmup(src.batch(idx), opts.spec, opts.training.warmupSteps)
    sum += computeLoss(model, batch, { loss: opts.loss }) * idx.length
  }
  return sum / src.count
}

/** ‖∂L/∂h_t‖ for every t on a fixed batch (the first windows of the training split), so the
 *  curves of successive epochs are comparable. */
function gradFlow(model: Model, train: WindowSource, opts: FitOptions, g: GradOptions, warmup: number): number[] {
  const batch = withWarmup(train.batch(range(0, Math.min(opts.training.batchSize, train.count))), opts.spec, warmup)
  const r = lossAndGrad(model, batch, { ...g, training: false, gradFlow: true })
  return Array.from(r.gradFlow ?? [])
}

function withWarmup(batch: Batch, spec: ModelSpec, warmup: number): Batch {
  if (spec.outputMode !== 'per-step' || warmup === 0) return batch
  const had = batch.stepWeight // (T, B): a validation window's steps scored before its split (gatherBatch)
  if (had && had.length === batch.T * batch.B) {
    const w = Float32Array.from(had) // (T, B)
    w.fill(0, 0, Math.min(warmup, batch.T) * batch.B)
    return { ...batch, stepWeight: w }
  }
  const w = new Float32Array(batch.T).fill(1) // (T)
  w.fill(0, 0, warmup)
  return { ...batch, stepWeight: w }
}

function snapshot(model: Model, opt: Adam | SGD, rng: Rng, epoch: number, kind: 'best' | 'last', valLoss: number | null): Checkpoint {
  const s: { step: number; m: Float64Array; v?: Float64Array } = opt.getState()
  return {
    epoch, kind, valLoss,
    weights: new Float32Array(model.params),
    layout: model.layout.map((v) => ({ name: v.name, shape: [...v.shape], offset: v.offset, size: v.size })),
    optimizer: { step: s.step, m: new Float64Array(s.m), v: s.v ? new Float64Array(s.v) : new Float64Array(0) },
    rngState: rng.getState()
  }
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i)
}

const now = (): number => performance.now()
