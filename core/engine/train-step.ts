// One optimisation step with divergence protection: nothing is written to the model or the
// optimiser unless loss and gradients are finite.
import { lossAndGrad, type GradResult } from './bptt'
import type { Batch, GradOptions } from './batch'
import { ConfigError, DivergedError } from './errors'
import type { Model } from './model'
import { Adam, SGD, clipGradNorm } from './optim'
import type { FloatArray } from './types'

export interface StepStats {
  loss: number
  gradNorm: number // global L2 norm before clipping
  clipped: boolean
}

/** How a step's loss and gradient are computed: the engine's lossAndGrad unless a caller (core/parallel's threads) supplies its own. */
export type GradFn = (model: Model, batch: Batch, opts: GradOptions, work?: FloatArray) => GradResult

export function trainStep(
  model: Model, opt: Adam | SGD, batch: Batch, opts: GradOptions & { clipNorm?: number; lr?: number },
  where: { epoch: number; step: number }, work?: FloatArray, compute: GradFn = lossAndGrad
): StepStats {
  if (opts.clipNorm !== undefined && !(opts.clipNorm > 0)) throw new ConfigError('clipNorm', `must be > 0 (got ${opts.clipNorm})`)
  if (opts.lr !== undefined && !(opts.lr >= 0 && Number.isFinite(opts.lr))) throw new ConfigError('lr', `must be a finite number >= 0 (got ${opts.lr})`)
  // training defaults to true here: dropout is on (and then needs opts.rng)
  const { loss, grads } = compute(model, batch, { ...opts, training: opts.training ?? true }, work)
  if (!Number.isFinite(loss)) throw new DivergedError(where.epoch, where.step)
  const gradNorm = clipGradNorm(grads, opts.clipNorm ?? Infinity)
  if (!Number.isFinite(gradNorm)) throw new DivergedError(where.epoch, where.step)
  const clipped = opts.clipNorm !== undefined && gradNorm > opts.clipNorm
  opt.step(model.params, grads, opts.lr)
  return { loss, gradNorm, clipped }
}
