// One training job, start to finish, as the trainer process and the CLI run it:
// prepare (split, fit scalers on train, window) -> fit -> evaluate -> model file.
import { Rng, createModel, serializeModel } from '../engine'
import type { Dataset } from '../data'
import { evaluate } from './evaluate'
import { fit, type FitHooks } from './fit'
import { prepareRun } from './prepare'
import type { Checkpoint, TrainConfig, TrainResult } from './types'

export interface RunInput {
  config: TrainConfig
  dataset: Dataset
  /** Continue a cancelled or interrupted run from its last checkpoint (and its best one). */
  resume?: { last: Checkpoint; best: Checkpoint | null }
  appVersion?: string
}

/** Resolves to the result, or null when the run was cancelled through hooks.shouldStop. */
export async function runTraining(input: RunInput, hooks: FitHooks): Promise<TrainResult | null> {
  const { config } = input
  const run = prepareRun(config, input.dataset)
  const { sources, spec } = run
  hooks.emit({
    type: 'started',
    epochs: config.training.epochs,
    windows: { train: sources.train.count, val: sources.val.count, test: sources.test.count },
    paramCount: createModel(spec, new Rng(0)).params.length,
    notices: [...run.prep.notices.map((n) => n.message), ...run.prep.fitted.warnings]
  })
  const outcome = await fit(sources.train, sources.val.count > 0 ? sources.val : null, { spec, loss: run.loss, training: config.training, resume: input.resume }, hooks)
  if (outcome.cancelled) return null
  const ev = evaluate(outcome.model, run, config.interval.level)
  const modelFile = serializeModel(outcome.model, {
    pipeline: { config: run.pipelineConfig, fitted: run.prep.fitted, intervalHalfWidth: ev.intervalHalfWidth, level: config.interval.level },
    meta: { appVersion: input.appVersion ?? 'unknown', trainConfig: config, bestEpoch: outcome.bestEpoch, loss: run.loss }
  })
  return {
    epochsRun: outcome.epochsRun,
    bestEpoch: outcome.bestEpoch,
    stoppedEarly: outcome.stoppedEarly,
    metrics: ev.metrics,
    forecasts: ev.forecasts,
    intervalCoverage: ev.intervalCoverage,
    intervalHalfWidth: ev.intervalHalfWidth,
    bestBaseline: ev.bestBaseline,
    modelFile
  }
}
