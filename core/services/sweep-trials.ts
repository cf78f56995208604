// A sweep's trials as stored: the one name a trial's run gets (fw sweep and the app's Sweep alike),
// the trials of a stored sweep told again from its spec and its runs (fw sweeps, fw show, and fw
// sweep continuing a sweep that was stopped), and their ranking (core/train/sweep.ts rankTrials).
import type { Run, Store } from '../store'
import { bestValLoss, expandGrid, randomSearch, rankTrials, type RankedTrial, type SweepTrial, type TrialForecast, type Unranked } from '../train/sweep'
import type { TrainConfig } from '../train/types'
import { trialForecast, trialUnranked } from './trial-forecast'

/** The longest run name the store and the app's lists take for a trial. */
const MOST = 200

/** A value a trial tries, as its run name and fw sweep's table write it: text bare (gru), anything
 *  else as JSON writes it (0.01, [1,24]); undefined for none. */
export const settingText = (v: unknown): string | undefined => (typeof v === 'string' ? v : JSON.stringify(v))

/** A trial's run name, the same in fw sweep and the app: "sweep 2 · trial 3 · hiddenSize=4 lr=0.01",
 *  its sweep's number and its own told apart from every other sweep's trial 3, and the settings it
 *  tries by their last name. */
export function trialName(sweepId: number, index: number, params: Record<string, unknown>): string {
  const settings = Object.entries(params).map(([k, v]) => `${k.split('.').pop()}=${settingText(v)}`).join(' ')
  return `sweep ${sweepId} · trial ${index + 1}${settings ? ` · ${settings}` : ''}`.slice(0, MOST)
}

/** What a sweep stores as its spec (fw sweep: the grid and --random N; the app: the grid). */
interface Spec { grid: Record<string, unknown[]>; random?: number | null }

function specOf(specJson: string): Spec | null {
  try {
    const s = JSON.parse(specJson) as Partial<Spec>
    return s && typeof s.grid === 'object' && s.grid !== null && !Array.isArray(s.grid) ? (s as Spec) : null
  } catch {
    return null
  }
}

/** A stored sweep's trials, made again from its spec over one of its runs' configs (the swept
 *  settings are overwritten in each; a random search draws from the seed that config keeps), so
 *  that each run is matched to its trial by its config. Null where the spec or config do not make
 *  them again (a spec of another form, a config the settings refuse). */
export function specTrials(specJson: string, configJson: string): SweepTrial[] | null {
  const spec = specOf(specJson)
  if (!spec) return null
  try {
    const base = JSON.parse(configJson) as TrainConfig
    return typeof spec.random === 'number'
      ? randomSearch(base, spec.grid as never, { trials: spec.random, seed: base.training.seed })
      : expandGrid(base, spec.grid)
  } catch {
    return null
  }
}

/** A stored trial of a sweep: its run and, where told, which trial it is. */
export interface StoredTrial {
  run: Run
  /** its trial (null: its config matches none the spec makes, as in a sweep stored before) */
  trial: SweepTrial | null
}

/** Sweep `sweepId`'s runs, each with its trial, in trial order; `trials`: how many the sweep has in
 *  all (null where its spec does not say). */
export function storedTrials(store: Store, sweepId: number): { trials: number | null; stored: StoredTrial[]; made: SweepTrial[] | null } {
  const sweep = store.sweeps.get(sweepId)
  const runs = store.runs.list({ sweepId }).sort((a, b) => a.id - b.id)
  const made = runs.length ? specTrials(sweep.specJson, runs[0]!.configJson) : null
  const byConfig = new Map((made ?? []).map((t) => [JSON.stringify(t.config), t]))
  const stored = runs.map((run) => ({ run, trial: byConfig.get(run.configJson) ?? null }))
  stored.sort((a, b) => (a.trial?.index ?? Infinity) - (b.trial?.index ?? Infinity) || a.run.id - b.run.id)
  return { trials: made?.length ?? null, stored, made }
}

/** A trial's row in a ranking, as fw sweep prints it and fw sweeps prints it again. */
export interface TrialRow {
  runId: number | null
  /** the trial's number, from 1 (null: not told) */
  trial: number | null
  /** setting path -> the value it tries */
  params: Record<string, unknown>
  status: string
  valLoss: number | null
  forecast: TrialForecast | null
  unranked: Unranked | null
  /** a global trial's series its done run trained (the labels); null otherwise */
  series: string[] | null
}

/** The setting at dotted `path` of a stored config (undefined: none there). */
function settingAt(configJson: string, path: string): unknown {
  let node: unknown = JSON.parse(configJson)
  for (const key of path.split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
  return node
}

/** Stored run `run`'s row: its score read as the run stores it (trialForecast). */
export function storedTrialRow(store: Store, run: Run, trial: number | null, paths: readonly string[], status: string = run.status): TrialRow {
  const valLoss = bestValLoss(store.epochs.list(run.id))
  const forecast = trialForecast(run, valLoss)
  const series = run.globalJson && run.status === 'done' ? store.series.list(run.id).map((s) => s.label) : null
  const params = Object.fromEntries(paths.map((p) => [p, settingAt(run.configJson, p)]))
  return { runId: run.id, trial, params, status, valLoss, forecast, unranked: trialUnranked(run, forecast), series }
}

/** A stored sweep ranked again, best first (rankTrials): its runs' rows, and its trials that have
 *  no run (never started training) named by number; `ofFw`: a sweep of fw sweep (which the same
 *  command continues), not the app's. */
export function storedRanking(store: Store, sweepId: number): { ranked: RankedTrial<TrialRow>[]; paths: string[]; trials: number | null; unstored: number[]; ofFw: boolean } {
  const sweep = store.sweeps.get(sweepId)
  const paths = Object.keys(specOf(sweep.specJson)?.grid ?? {})
  const { trials, stored } = storedTrials(store, sweepId)
  const rows = stored.map((s) => storedTrialRow(store, s.run, s.trial ? s.trial.index + 1 : trialNumberIn(s.run.name), paths))
  const have = new Set(rows.map((r) => r.trial))
  const unstored = trials === null ? [] : Array.from({ length: trials }, (_, i) => i + 1).filter((n) => !have.has(n))
  // fw sweep's spec says --random (null where none): a sweep it continues; the app's names the grid alone
  const ofFw = 'random' in (specOf(sweep.specJson) ?? {})
  return { ranked: rankTrials(rows), paths, trials, unstored, ofFw }
}

/** The trial number in a run's name ("sweep 2 · trial 3 · …", or fw sweep's older "trial 3"). */
function trialNumberIn(name: string | null): number | null {
  const m = name ? /(?:^|· )trial (\d+)(?: ·|$)/.exec(name) : null
  return m ? Number(m[1]) : null
}

/** The stored sweep that `fw sweep` run again with the same data, grid and settings continues: the
 *  newest sweep whose spec is `specJson`, all of whose runs are on dataset `datasetId` with the
 *  config of one of `trials`, which lacks a run for some of them, and none of whose runs trains
 *  now (a sweep still going in another process is left to it). Null: none, a new sweep. */
export function sweepToContinue(store: Store, datasetId: number, specJson: string, trials: readonly SweepTrial[]): { sweepId: number; stored: Map<number, Run> } | null {
  const index = new Map(trials.map((t) => [JSON.stringify(t.config), t.index]))
  for (const sweep of store.sweeps.list()) {
    if (sweep.specJson !== specJson) continue
    const runs = store.runs.list({ sweepId: sweep.id })
    if (!runs.length || runs.some((r) => r.datasetId !== datasetId || !index.has(r.configJson))) continue
    if (runs.some((r) => r.status === 'running' || r.status === 'queued')) continue
    const stored = new Map(runs.map((r) => [index.get(r.configJson)!, r]))
    if (stored.size !== runs.length || stored.size >= trials.length) continue
    return { sweepId: sweep.id, stored }
  }
  return null
}

/** Where stored run `run` stands in its sweep (fw show): the sweep, its trial, its rank among the
 *  ranked trials and the score that ranks it; null for a run of no sweep. */
export function sweepStanding(store: Store, run: Pick<Run, 'id' | 'sweepId'>): { sweepId: number; name: string; row: RankedTrial<TrialRow>; trials: number | null; ranked: number } | null {
  if (run.sweepId === null) return null
  const sweep = store.sweeps.get(run.sweepId)
  const r = storedRanking(store, run.sweepId)
  const row = r.ranked.find((x) => x.runId === run.id)
  return row ? { sweepId: sweep.id, name: sweep.name, row, trials: r.trials, ranked: r.ranked.filter((x) => x.rank !== null).length } : null
}
