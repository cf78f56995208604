// Hyperparameter sweeps: a grid or a seeded random search over dotted paths into TrainConfig
// ("model.hiddenSize", "training.lr"), expanded into complete, validated configs, then ranked by
// validation loss. Running the trials is the caller's: `runSweep` takes a function that trains one
// (in-process for the CLI, through TrainerHost in the app) and keeps `concurrency` of them going.
import { ConfigError } from '../engine/errors'
import { Rng } from '../engine/rng'
import { resolveConfig } from './config'
import type { TrainConfig } from './types'

/** path -> the values to try, e.g. { "model.hiddenSize": [16, 32], "training.lr": [0.01, 0.003] } */
export type SweepGrid = Record<string, readonly unknown[]>

export type SweepDistribution =
  | { kind: 'choice'; values: readonly unknown[] }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'log-uniform'; min: number; max: number } // for learning rates
  | { kind: 'int'; min: number; max: number } // inclusive

/** path -> a distribution; a plain array is a choice. */
export type SweepSpace = Record<string, SweepDistribution | readonly unknown[]>

export interface SweepTrial {
  index: number
  params: Record<string, unknown> // path -> the value this trial uses
  config: TrainConfig
}

export class SweepError extends Error {
  readonly field: string
  constructor(field: string, problem: string) {
    super(`sweep: ${field} ${problem}`)
    this.name = 'SweepError'
    this.field = field
  }
}

const MAX_TRIALS = 1024

/** Every combination, the first path varying slowest (like itertools.product). */
export function expandGrid(base: TrainConfig, grid: SweepGrid): SweepTrial[] {
  const paths = Object.keys(grid)
  let combos: Record<string, unknown>[] = [{}]
  for (const path of paths) {
    const values = grid[path]!
    if (!Array.isArray(values) || values.length === 0) throw new SweepError(path, 'needs a non-empty list of values')
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [path]: v })))
    if (combos.length > MAX_TRIALS) throw new SweepError(path, `makes the grid larger than ${MAX_TRIALS} trials`)
  }
  return combos.map((params, index) => trial(base, params, index))
}

/** `trials` draws from `space`; the same seed gives the same trials. */
export function randomSearch(base: TrainConfig, space: SweepSpace, opts: { trials: number; seed: number }): SweepTrial[] {
  if (!Number.isInteger(opts.trials) || opts.trials < 1 || opts.trials > MAX_TRIALS) {
    throw new SweepError('trials', `must be an integer in [1, ${MAX_TRIALS}] (got ${opts.trials})`)
  }
  for (const [path, d] of Object.entries(space)) checkDistribution(path, d)
  const rng = new Rng(opts.seed)
  const out: SweepTrial[] = []
  for (let index = 0; index < opts.trials; index++) {
    const params: Record<string, unknown> = {}
    for (const [path, d] of Object.entries(space)) params[path] = draw(Array.isArray(d) ? { kind: 'choice', values: d } : (d as SweepDistribution), rng)
    out.push(trial(base, params, index))
  }
  return out
}

/** A copy of `config` with the setting at `path` replaced; the path must already exist. */
export function withSetting(config: TrainConfig, path: string, value: unknown): TrainConfig {
  const copy = structuredClone(config) as unknown as Record<string, unknown>
  const keys = path.split('.')
  let node: Record<string, unknown> = copy
  keys.forEach((key, i) => {
    if (typeof node !== 'object' || node === null || !(key in node)) {
      const where = keys.slice(0, i).join('.') || 'config'
      throw new SweepError(path, `is not a setting (${where} has ${Object.keys(node ?? {}).join(', ')})`)
    }
    if (i === keys.length - 1) node[key] = structuredClone(value)
    else node = node[key] as Record<string, unknown>
  })
  return copy as unknown as TrainConfig
}

export type Ranked<T> = T & { rank: number }

/** Best first by validation loss; runs without one (failed, no val split, NaN) go last. Stable. */
export function rankByValLoss<T extends { valLoss: number | null }>(results: readonly T[]): Ranked<T>[] {
  const key = (r: T): number => (r.valLoss === null || Number.isNaN(r.valLoss) ? Infinity : r.valLoss)
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => key(a.r) - key(b.r) || a.i - b.i)
    .map(({ r }, i) => ({ ...r, rank: i + 1 }))
}

/** The lowest validation loss among a run's epochs, or null if it never had one. */
export function bestValLoss(epochs: readonly { valLoss: number | null }[]): number | null {
  let best: number | null = null
  for (const e of epochs) if (e.valLoss !== null && !Number.isNaN(e.valLoss) && (best === null || e.valLoss < best)) best = e.valLoss
  return best
}

/** Trains every trial with at most `concurrency` in flight, then ranks them. A trial whose
 *  `runTrial` rejects is ranked last with valLoss null and its error kept. */
export async function runSweep<R extends { valLoss: number | null }>(
  trials: readonly SweepTrial[],
  runTrial: (t: SweepTrial) => Promise<R>,
  opts: { concurrency: number }
): Promise<Ranked<{ trial: SweepTrial; valLoss: number | null; outcome: R | null; error: string | null }>[]> {
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) throw new SweepError('concurrency', `must be a positive integer (got ${opts.concurrency})`)
  const results: { trial: SweepTrial; valLoss: number | null; outcome: R | null; error: string | null }[] = new Array(trials.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < trials.length) {
      const i = next++
      const t = trials[i]!
      try {
        const outcome = await runTrial(t)
        results[i] = { trial: t, valLoss: outcome.valLoss, outcome, error: null }
      } catch (e) {
        results[i] = { trial: t, valLoss: null, outcome: null, error: e instanceof Error ? e.message : String(e) }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, trials.length) }, worker))
  return rankByValLoss(results)
}

function trial(base: TrainConfig, params: Record<string, unknown>, index: number): SweepTrial {
  let config = base
  for (const [path, value] of Object.entries(params)) config = withSetting(config, path, value)
  try {
    return { index, params, config: resolveConfig(config) }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    const what = Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')
    throw new SweepError(e.field, `${e.message.slice(e.field.length + 1)} in trial ${index} (${what})`)
  }
}

function checkDistribution(path: string, d: SweepDistribution | readonly unknown[]): void {
  if (Array.isArray(d)) {
    if (d.length === 0) throw new SweepError(path, 'needs a non-empty list of values')
    return
  }
  const dist = d as SweepDistribution
  if (dist.kind === 'choice') {
    if (!Array.isArray(dist.values) || dist.values.length === 0) throw new SweepError(path, 'needs a non-empty list of values')
    return
  }
  if (!Number.isFinite(dist.min) || !Number.isFinite(dist.max) || dist.min > dist.max) {
    throw new SweepError(path, `needs finite min <= max (got ${dist.min}, ${dist.max})`)
  }
  if (dist.kind === 'log-uniform' && dist.min <= 0) throw new SweepError(path, `log-uniform needs min > 0 (got ${dist.min})`)
  if (dist.kind === 'int' && (!Number.isInteger(dist.min) || !Number.isInteger(dist.max))) throw new SweepError(path, 'int needs integer bounds')
}

function draw(d: SweepDistribution, rng: Rng): unknown {
  switch (d.kind) {
    case 'choice':
      return d.values[rng.int(d.values.length)]
    case 'uniform':
      return d.min + (d.max - d.min) * rng.next()
    case 'log-uniform':
      return Math.exp(Math.log(d.min) + (Math.log(d.max) - Math.log(d.min)) * rng.next())
    case 'int':
      return d.min + rng.int(d.max - d.min + 1)
  }
}
