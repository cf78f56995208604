// The bridge between a run's `training.threads` setting and fit: a GradientProvider that starts
// worker threads only when the run's batches are large enough to split (Node hosts only).
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GradientProvider } from '../train/fit'
import type { TrainingConfig } from '../train/types'
import { shardCount } from './shard'
import { MIN_ROWS_PER_SHARD, MIN_SHARD_WORK, createParallelTrainer, StartStopped } from './trainer'

/** 'auto' is min(cores, 2): the "both cores"; past two, the hand-off has not been measured. */
export function resolveThreads(setting: TrainingConfig['threads'], cores: number = availableParallelism()): number {
  return setting === 'auto' ? Math.max(1, Math.min(cores, 2)) : setting
}

/** parallel-worker.js beside the bundle that `moduleUrl` belongs to, or one folder up (a bundler
 *  may put the caller in a chunks/ folder); FW_PARALLEL_WORKER wins. undefined when not built. */
export function findWorkerFile(moduleUrl: string | URL): string | undefined {
  const env = process.env['FW_PARALLEL_WORKER']
  if (env) return env
  const here = dirname(fileURLToPath(moduleUrl))
  return [resolve(here, 'parallel-worker.js'), resolve(here, '../parallel-worker.js')].find((f) => existsSync(f))
}

export interface ParallelGradientOptions {
  threads: number
  workerFile?: string | URL
  minRowsPerShard?: number
  minShardWork?: number
}

/** A provider for fit, or undefined for one thread. Its backend is null (fit keeps the engine)
 *  when even a full batch would not be split, so small runs never start a worker. */
export function parallelGradients(opts: ParallelGradientOptions): GradientProvider | undefined {
  if (opts.threads <= 1) return undefined
  const minRows = opts.minRowsPerShard ?? MIN_ROWS_PER_SHARD
  const minWork = opts.minShardWork ?? MIN_SHARD_WORK
  return {
    async create(model, fixed, { B, T }, stop) {
      if (shardCount(model.spec, opts.threads, B, T, minRows, minWork) <= 1) return null
      let pt
      try {
        pt = await createParallelTrainer(model, {
          threads: opts.threads, loss: fixed.loss, truncation: fixed.truncation,
          workerFile: opts.workerFile, minRowsPerShard: minRows, minShardWork: minWork, ...(stop ? { stop } : {})
        })
      } catch (e) {
        if (e instanceof StartStopped) return null // stopped meanwhile: fit hears it before its first step
        throw e
      }
      return {
        model: pt.model,
        threads: pt.threads,
        shardsFor: (b, t) => pt.shardsFor(b, t),
        lossAndGrad: (batch, step, work) => pt.lossAndGrad(batch, step, work),
        close: () => pt.close()
      }
    }
  }
}
