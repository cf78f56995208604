// Hyperparameter sweeps: a grid or a seeded random search over dotted paths into TrainConfig
// ("model.hiddenSize", "training.lr"), expanded into complete, validated configs, then ranked by
// what each trial forecasts on validation (rankTrials). Running the trials is the caller's: `runSweep`
// takes a function that trains one (in-process for the CLI, through TrainerHost in the app) and
// keeps `concurrency` of them going.
import { ConfigError } from '../engine/errors'
import { Rng } from '../engine/rng'
import { resolveConfig, unknownKeyHelp } from './config'
import type { TrainConfig } from './types'
import { andList, andListCut } from '../data/words'

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
  index: number // from 0; said as trial index + 1 (fw sweep numbers its trials from 1, and so do its errors)
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

/** The most trials a sweep has (fw sweep --random N takes at most this). */
export const MAX_TRIALS = 1024

/** Every combination, the first path varying slowest (like itertools.product). */
export function expandGrid(base: TrainConfig, grid: SweepGrid): SweepTrial[] {
  checkGrid(grid)
  const paths = Object.keys(grid)
  let combos: Record<string, unknown>[] = [{}]
  for (const path of paths) {
    const values = grid[path]!
    checkValues(path, values)
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [path]: v })))
    if (combos.length > MAX_TRIALS) throw new SweepError(path, `makes the grid larger than ${MAX_TRIALS} trials`)
  }
  return combos.map((params, index) => trial(base, params, index))
}

/** Said of a grid or space that names no setting: its one trial would be the base config alone. */
const NO_SETTING = 'names no setting to vary: give at least one, e.g. {"model.hiddenSize": [16, 32]}'

/** `trials` different draws from `space` (no two trials alike: a repeated combination would train
 *  the same run again, seed included); the same seed gives the same trials. A space of fewer
 *  combinations than `trials` (every setting a list, or whole numbers in a range) is run whole,
 *  once each, in the grid's order: `whole` says so, for the caller to tell. */
export function randomSearch(base: TrainConfig, space: SweepSpace, opts: { trials: number; seed: number }): SweepTrial[] & { whole?: number } {
  if (!Number.isInteger(opts.trials) || opts.trials < 1 || opts.trials > MAX_TRIALS) {
    throw new SweepError('trials', `must be an integer in [1, ${MAX_TRIALS}] (got ${opts.trials})`)
  }
  checkGrid(space)
  const entries = Object.entries(space).map(([path, d]): [string, SweepDistribution] => {
    checkDistribution(path, d)
    return [path, Array.isArray(d) ? { kind: 'choice', values: d } : (d as SweepDistribution)]
  })
  // every combination, where there are no more of them than trials asked for
  const finite = entries.map(([path, d]) => [path, valuesOf(d, opts.trials)] as const)
  if (finite.every(([, v]) => v !== null)) {
    let size = 1
    for (const [, v] of finite) size *= v!.length
    if (size <= opts.trials) return Object.assign(expandGrid(base, Object.fromEntries(finite) as SweepGrid), { whole: size })
  }
  const rng = new Rng(opts.seed)
  const out: SweepTrial[] = []
  const seen = new Set<string>()
  // a space of at least `trials` combinations: a repeat is drawn again. Floats so close together
  // that they hold fewer distinct values (uniform in [1, 1 + 1e-15]) would loop: refused instead
  for (let tries = 0; out.length < opts.trials; tries++) {
    if (tries >= 100 * opts.trials + 1000) throw new SweepError('grid', `has fewer than ${opts.trials} different combinations to draw from: give wider ranges or fewer trials`)
    const params: Record<string, unknown> = {}
    for (const [path, d] of entries) params[path] = draw(d, rng)
    const key = JSON.stringify(entries.map(([path]) => params[path]))
    if (seen.has(key)) continue
    seen.add(key)
    out.push(trial(base, params, out.length))
  }
  return out
}

/** A grid (or space) is an object of at least one setting path; refused as SweepError field 'grid'
 *  (fw sweep names its file). */
function checkGrid(grid: unknown): void {
  if (grid === null || typeof grid !== 'object' || Array.isArray(grid)) {
    throw new SweepError('grid', `must be an object of setting paths to lists of values, e.g. {"model.hiddenSize": [16, 32]} (got ${Array.isArray(grid) ? 'a list' : JSON.stringify(grid)})`)
  }
  if (Object.keys(grid).length === 0) throw new SweepError('grid', NO_SETTING)
}

/** A distribution's every value when it has at most `most` (a list, whole numbers in a range, a
 *  range of one number), else null. */
function valuesOf(d: SweepDistribution, most: number): readonly unknown[] | null {
  if (d.kind === 'choice') return d.values
  if (d.min === d.max) return [d.min]
  if (d.kind === 'int' && d.max - d.min + 1 <= most) return Array.from({ length: d.max - d.min + 1 }, (_, i) => d.min + i)
  return null
}

/** A setting's list of values: not empty, no value twice (two trials alike). */
function checkValues(path: string, values: unknown): void {
  if (!Array.isArray(values) || values.length === 0) {
    const got = values !== null && typeof values === 'object' && !Array.isArray(values)
      ? `got an object; a setting is named by its whole path, e.g. "${path}.${Object.keys(values)[0] ?? 'key'}": [ … ]`
      : `got ${JSON.stringify(values)}`
    throw new SweepError(path, `needs a non-empty list of values (${got})`)
  }
  const said = values.map((v) => JSON.stringify(v))
  const twice = said.find((v, i) => said.indexOf(v) !== i)
  if (twice !== undefined) throw new SweepError(path, `lists ${twice} twice: each value once, or two trials are the same run`)
}

/** The threads a sweep's trial trains on, given to its trainer (StartPayload.threads) and not stored
 *  with its run: where the user left training.threads 'auto', what the cores leave each of the
 *  `concurrency` trials at once (at most 2, as 'auto'), since the trials already share the cores;
 *  undefined where the user chose a number, which stands. The run's config keeps 'auto', so a
 *  re-run of the trial alone trains as any run does. */
export function trialThreads(setting: TrainConfig['training']['threads'], cores: number, concurrency: number): number | undefined {
  return setting === 'auto' ? Math.max(1, Math.min(2, Math.floor(cores / concurrency))) : undefined
}

/** The most keys a grid's unknown key lists beside its suggestion (model's 9 are; data's are not). */
const FEW_KEYS = 10

/** A copy of `config` with the setting at `path` replaced; the path must already exist. */
export function withSetting(config: TrainConfig, path: string, value: unknown): TrainConfig {
  const copy = structuredClone(config) as unknown as Record<string, unknown>
  const keys = path.split('.')
  let node: Record<string, unknown> = copy
  keys.forEach((key, i) => {
    if (typeof node !== 'object' || node === null || !(key in node)) {
      const where = keys.slice(0, i).join('.') || 'config'
      if (typeof node !== 'object' || node === null) throw new SweepError(path, `is not a setting (${where} is ${JSON.stringify(node)}, not a group of settings)`)
      // as a config file's unknown key: the nearest one (the rest of the path after it), and the
      // keys beside it where they are few
      const known = Object.keys(node)
      const few = known.length <= FEW_KEYS ? `; ${where} has ${andList(known)}` : ''
      throw new SweepError(path, `is not a known setting${unknownKeyHelp(key, known, where, keys.slice(i + 1).map((k) => `.${k}`).join(''))}${few}; see docs/config.md`)
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

/** What a trial's run forecasts, scored on its validation rows: the forecast the run gives, not its
 *  network alone (a run whose choice falls back to a statistical model forecasts that model).
 *  `error`: a single-series run's chosen forecaster's validation MAE (metric 'mae'), a global run's
 *  chosen forecasts' validation GMRAE over its series ('gmrae'); a classification run's, whose forecast
 *  is the network's, the network's best validation loss ('loss'); null: not known (unfinished, no
 *  validation rows, a run stored before). `usesNetwork`: whether the network has any weight in it. */
export interface TrialForecast { error: number | null; metric: 'mae' | 'gmrae' | 'loss'; usesNetwork: boolean }

export type RankedTrial<T> = T & { rank: number | null }

/** Two validation errors this close are the same forecast's (rounding of identical sums). */
const SAME_ERROR = 1e-9

/** The sweep's ranking, for fw sweep and the app's Sweep panel alike: best first by the validation
 *  error of what each trial forecasts (TrialForecast), equal errors sharing a rank. Trials without
 *  one (running, failed, refused, stored before) have no rank and go last, by the network's
 *  validation loss. Ranking by the network's loss would order trials whose forecasts are identical
 *  where the statistical models forecast every series. Stable. */
export function rankTrials<T extends { valLoss: number | null; forecast: TrialForecast | null }>(results: readonly T[]): RankedTrial<T>[] {
  const err = (r: T): number | null => (r.forecast && r.forecast.error !== null && Number.isFinite(r.forecast.error) ? r.forecast.error : null)
  const loss = (r: T): number => (r.valLoss === null || Number.isNaN(r.valLoss) ? Infinity : r.valLoss)
  const order = results.map((r, i) => ({ r, i })).sort((a, b) => {
    const ea = err(a.r)
    const eb = err(b.r)
    if (ea !== null && eb !== null) return ea - eb || a.i - b.i
    if (ea !== null || eb !== null) return ea !== null ? -1 : 1
    return loss(a.r) - loss(b.r) || a.i - b.i
  })
  const out: RankedTrial<T>[] = []
  let prev: number | null = null
  let rank = 0
  for (const [i, { r }] of order.entries()) {
    const e = err(r)
    if (e === null) {
      out.push({ ...r, rank: null })
      continue
    }
    if (prev === null || Math.abs(e - prev) > SAME_ERROR * Math.max(Math.abs(e), Math.abs(prev))) rank = i + 1
    prev = e
    out.push({ ...r, rank })
  }
  return out
}

/** Said beside a ranking whose ranked trials tie: why, when no trial's forecast uses the network
 *  (the swept settings are the network's, so they change nothing the analyst gets), or which tie
 *  otherwise; null when no two ranked trials tie. The same words in fw sweep and the app. */
export function trialTieNote(ranked: readonly { rank: number | null; forecast: TrialForecast | null }[]): string | null {
  const scored = ranked.filter((r) => r.rank !== null)
  if (scored.length < 2) return null
  const tied = scored.filter((r) => scored.filter((o) => o.rank === r.rank).length > 1)
  if (!scored.some((r) => r.forecast!.usesNetwork)) {
    const which = scored[0]!.forecast!.metric === 'gmrae' ? 'every series is forecast by the statistical models chosen on its validation rows' : 'the forecast is the statistical model chosen on validation'
    return tied.length === scored.length
      ? `No trial's forecast uses the network: in each, ${which}, so the settings swept do not change the forecast and the trials tie.`
      : `No trial's forecast uses the network: in each, ${which}; the ranking orders those forecasts, not the network's settings.`
  }
  if (!tied.length) return null
  return `${tied.length} trials tie: their forecasts score the same on validation.`
}

/** Why a trial whose run is done has no rank (rankTrials): its run was stored before runs kept the
 *  validation score of what they forecast ('stored-before': a global run stored before its summary
 *  kept the chosen forecasts' validation GMRAE, or a single-series run before it kept its choice),
 *  or its forecast has no validation score ('no-validation': no validation rows, or none with an
 *  error to score). A global run's score is not recomputed: it is the geometric mean over series of
 *  the chosen forecast's validation MAE at the horizon over naive's, and the run stores neither
 *  those validation forecasts (its stored forecasts are the test rows') nor those MAEs (its model
 *  file's per-series choices score every step 1..K, unclipped: another number). */
export type Unranked = 'stored-before' | 'no-validation'

/** Said below a ranking with done trials that have no rank, naming them and why (Unranked); null
 *  when there are none. The same words in fw sweep and the app. */
export function unrankedNote(trials: readonly { name: string; rank: number | null; unranked: Unranked | null }[]): string | null {
  const named = (ns: string[]) => andListCut(ns, 5)
  const said: string[] = []
  const before = trials.filter((t) => t.rank === null && t.unranked === 'stored-before').map((t) => t.name)
  if (before.length) {
    const one = before.length === 1
    said.push(`${named(before)} ${one ? 'has' : 'have'} no rank: ${one ? 'its run was' : 'their runs were'} stored before runs kept the validation score of what they forecast, and it cannot be recomputed from what ${one ? 'the run stores' : 'they store'} (not ${one ? 'its' : 'their'} validation forecasts); train ${one ? 'it' : 'them'} again to rank ${one ? 'it' : 'them'}.`)
  }
  const none = trials.filter((t) => t.rank === null && t.unranked === 'no-validation').map((t) => t.name)
  if (none.length) said.push(`${named(none)} ${none.length === 1 ? 'has' : 'have'} no rank: no validation rows scored ${none.length === 1 ? 'its forecast' : 'their forecasts'}.`)
  return said.length ? said.join(' ') : null
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
    throw new SweepError(e.field, `${e.message.slice(e.field.length + 1)} in trial ${index + 1} (${what})`)
  }
}

function checkDistribution(path: string, d: SweepDistribution | readonly unknown[]): void {
  if (Array.isArray(d)) return checkValues(path, d)
  const dist = d as SweepDistribution
  if (dist === null || typeof dist !== 'object' || !['choice', 'uniform', 'log-uniform', 'int'].includes(dist.kind)) return checkValues(path, d)
  if (dist.kind === 'choice') return checkValues(path, dist.values)
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

/** Whether a trial's run of `status` ended part way, to be resumed (fw resume, the app's Resume). */
export const resumableTrial = (status: string): boolean => status === 'cancelled' || status === 'interrupted'

/** A trial of a sweep stopped part way, as its front end knows it: its number (1-based), its run
 *  (null: none stored) and that run's status (or, with none, 'cancelled' for one stopped before
 *  training). */
export interface TrialLeft { trial: number | null; runId: number | null; status: string }

/** What remains of a sweep stopped part way (fw sweep's stop, the app's Stop sweep): the trials
 *  stopped while training (a run kept, cancelled or interrupted: resumed from its last checkpoint),
 *  and those that never started (no run, stopped before training). A trial refused for its settings
 *  is neither: it would be refused again. */
export function trialsLeft<T extends TrialLeft>(rows: readonly T[]): { stopped: T[]; never: T[] } {
  return { stopped: rows.filter((r) => r.runId !== null && resumableTrial(r.status)), never: rows.filter((r) => r.runId === null && r.status === 'cancelled') }
}

/** "trial 3", "trials 2, 3 and 4". */
export const trialsWords = (rows: readonly { trial: number | null }[]): string => `${rows.length === 1 ? 'trial' : 'trials'} ${andListCut(rows.map((r) => r.trial ?? '?'), 8)}`
