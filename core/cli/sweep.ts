// `fw sweep`: a grid or random search, each trial a normal run grouped under one sweep, trained in
// up to N trainer processes at once (N <= cores) and ranked by what each forecasts on validation.
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TrainerHost } from '../services/trainer-host'
import { dropEmptySweep, storedAtStart, sweepTrialStore } from '../services/stored-at-start'
import { nodeFork } from '../services/node-fork'
import { createStoreSink } from '../services/store-sink'
import { datasetToColumns } from '../services/trainer-columns'
import { toStoredDataset } from '../services/datasets'
import { MAX_TRIALS, SweepError, expandGrid, randomSearch, rankTrials, resumableTrial, trialsLeft, trialsWords, trialThreads, trialTieNote, unrankedNote, type RankedTrial, type SweepTrial } from '../train/sweep'
import { settingText, storedTrialRow, sweepToContinue, trialName, type TrialRow } from '../services/sweep-trials'
import { UsageError, need, str, type Parsed } from './args'
import { fmt, table, type Out } from './format'
import { csvOptions, decimalNotes, readCsvFile, readJsonFile } from './io'
import { openCliStore, resumeCommand } from './runs'
import { TRAIN_FLAGS, buildConfig, idleDropout, unitsOf } from './train'
import { idleAt, inertSettings } from '../train/idle-settings'
import { andListCut } from '../data/words'
import { Stopped, type StopTrap } from './stop'

// every trial is a run in the database (ranked there, resumable): no --no-db, and no --out (a
// trial's model file is exported from its run, fw export --run N --model FILE). With --global
// --series COL each trial is a global run, trained and stored as fw train --global's (the trainer
// runs runGlobalTraining for a config with data.series.global) and ranked by its stored validation score
const { 'no-db': _noDb, out: _out, ...SWEEP_TRAIN_FLAGS } = TRAIN_FLAGS
export const SWEEP_FLAGS = { ...SWEEP_TRAIN_FLAGS, grid: 'string', random: 'integer', concurrency: 'integer' } as const
/** fw train's options a sweep refuses, and why (said in fw sweep --help and usage, and when one is
 *  given). */
export const SWEEP_REFUSED: Record<string, string> = {
  'no-db': 'each trial is a run kept in the database, which ranks the trials and keeps them for fw show, fw export --run and fw resume; --db FILE puts the sweep in a database of its own, which you may delete after',
  out: 'a sweep writes no model files; write a trial\'s with fw export --run N --model FILE'
}
/** The sweep's usage for the options it takes of fw train's: "train options but --no-db, …". */
export const SWEEP_TRAIN_OPTIONS = `train options but ${Object.keys(SWEEP_REFUSED).map((f) => `--${f}`).join(', ')}`

/** What a global sweep ranks by, said above its table: the score each global run stores
 *  (GlobalSummary.validation.gmrae, core/train/global.ts), not recomputed. */
export const GLOBAL_RANK_WORDS = "ranked by each trial's forecast val gmrae: the geometric mean, over the series with validation rows, of the chosen forecast's validation MAE over naive's (below 1 beats naive), as each global run stores it"

/** The built trainer entry (out/main/trainer.js), found from wherever this module runs. */
export function trainerPath(): string {
  if (process.env['FW_TRAINER']) return process.env['FW_TRAINER']
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'out', 'main', 'trainer.js')
    if (existsSync(p)) return p
    if (existsSync(join(dir, 'package.json'))) break
    dir = dirname(dir)
  }
  throw new UsageError('fw sweep: the trainer is not built; run `npm run build` first')
}

/** A grid setting that has no effect in any trial (inertSettings: a hidden activation over LSTM
 *  trials, …): said up front, as its values train alike and the trials that differ only in it tie. */
export function sweepInertSettings(trials: readonly SweepTrial[]): string[] {
  const paths = Object.keys(trials[0]?.params ?? {})
  return paths.flatMap((path) => {
    const inert = trials.map((t) => idleAt(inertSettings(t.config), path))
    if (!inert.every((i) => i !== undefined)) return []
    const whys = [...new Set(inert.map((i) => i!.why))]
    return [`${path} has no effect in any trial (${whys.join('; ')}): its values train alike, so trials that differ only in it tie`]
  })
}

/** fw train's note of a dropout that does nothing (idleDropout), said once for the sweep: as fw
 *  train says it when every trial has the same one (the base config's), else naming the trials it
 *  concerns (a grid over model.dropout or model.numLayers) and the dropouts they use. */
export function sweepIdleDropout(trials: readonly SweepTrial[]): string | null {
  const idle = trials.filter((t) => idleDropout(t.config) !== null)
  if (idle.length === 0) return null
  const values = [...new Set(idle.map((t) => t.config.model.dropout))]
  if (idle.length === trials.length && values.length === 1) return idleDropout(idle[0]!.config)
  const which = idle.length === trials.length ? ', in every trial' : `, in ${idle.length === 1 ? 'trial' : 'trials'} ${andListCut(idle.map((t) => t.index + 1), 5)}`
  return idleDropout(idle[0]!.config, 'set --layers 2 or more (or model.numLayers in the grid) to use it', which, values)
}

/** Said after the trial count where --random N ran the grid whole (randomSearch's `whole`: it has
 *  `combinations`, N or fewer): all of them, each once. */
export function wholeGridNote(combinations: number, random: number): string {
  const why = random > combinations ? `--random ${random} asks for more than it has` : `--random ${random} asks for as many as it has`
  return ` (all the grid's ${combinations} combinations: ${why}, and each is trained once)`
}

/** The sweep's trials; a grid file that is no grid (a list, `{}`) is refused naming the file. */
function gridTrials(file: string, make: () => SweepTrial[]): SweepTrial[] {
  try {
    return make()
  } catch (e) {
    if (e instanceof SweepError && e.field === 'grid') throw new UsageError(`fw sweep: ${file}: the grid ${e.message.slice(`sweep: grid `.length)}`)
    throw e
  }
}

/** A trial's row (core/services/sweep-trials.ts TrialRow) with its rank: null for a trial with no
 *  score (failed, refused, stopped); runId null for a trial refused before training (a look-back
 *  longer than the series): no run. */
export type SweepRow = RankedTrial<TrialRow>

/** Said below a global sweep's ranking where its done trials did not all train the same series (a
 *  longer look-back leaves a short series without a window, and --short-series skip skips it): each
 *  score is a mean over its own series, so such trials' scores do not compare as the ranking has
 *  them; null where every such trial has the same series (or fewer than two have any). */
export function seriesApartNote(trials: readonly { trial: number; series: readonly string[] | null }[]): string | null {
  const done = trials.filter((t) => t.series !== null)
  const all = [...new Set(done.flatMap((t) => t.series!))]
  const short = done.filter((t) => t.series!.length < all.length)
  if (done.length < 2 || !short.length) return null
  const which = short.map((t) => `trial ${t.trial} without ${andListCut(all.filter((l) => !t.series!.includes(l)), 5)}`)
  return `the trials did not all train the same series (${andListCut(which, 5)}: too short for its settings, skipped as --short-series skip skips it), so their scores are means over different series and do not compare as ranked; --short-series refuse refuses such a trial instead`
}

/** The ranking table of a sweep's trials, with its notes: what fw sweep prints at its end (or at a
 *  stop, of the trials stored so far) and fw sweeps SWEEP prints again from the store. */
export function printRanking(out: Out, ranked: readonly SweepRow[], paths: readonly string[], global: boolean): void {
  const metric = `forecast val ${ranked.find((r) => r.forecast)?.forecast!.metric ?? 'mae'}`
  // a trial's run number is given when it starts training, so trial 1 may be run 8: both are said
  if (global && ranked.some((r) => r.forecast?.metric === 'gmrae')) out.write(`\n${GLOBAL_RANK_WORDS}\n`)
  out.write(`\n${table(['rank', 'trial', 'run', ...paths, metric, 'network used', 'best val loss', 'status'], ranked.map((r) => [
    r.rank === null ? '—' : String(r.rank), r.trial === null ? '—' : String(r.trial), r.runId === null ? '—' : String(r.runId), ...paths.map((k) => settingText(r.params[k]) ?? '—'),
    fmt(r.forecast?.error ?? null), r.forecast ? (r.forecast.usesNetwork ? 'yes' : 'no') : '—', fmt(r.valLoss), r.status
  ]))}\n`)
  const tie = trialTieNote(ranked)
  if (tie) out.write(`note: ${tie}\n`)
  const named = (r: SweepRow) => (r.trial === null ? `run ${r.runId}` : `trial ${r.trial}`)
  const unranked = unrankedNote(ranked.map((r) => ({ name: named(r), rank: r.rank, unranked: r.unranked })))
  if (unranked) out.write(`note: ${unranked}\n`)
  const apart = seriesApartNote(ranked.filter((r) => r.trial !== null).map((r) => ({ trial: r.trial!, series: r.series })))
  if (apart) out.write(`note: ${apart}\n`)
}

/** A stopped trial's run, which fw resume continues (one that failed is not). */
const resumable = resumableTrial

/** Said where fw sweep continues a sweep that was stopped: how many trials it lacks, those it
 *  stored already, not trained again, and those of them fw resume continues. */
export function continuedWords(sweepId: number, stored: readonly { trial: number; runId: number; status: string }[], left: number): string {
  const sorted = [...stored].sort((a, b) => a.trial - b.trial)
  const one = sorted.length === 1
  const stopped = sorted.filter((s) => resumable(s.status))
  const resume = stopped.length ? ` (${andListCut(stopped.map((s) => `run ${s.runId}`), 5)} stopped while training: fw resume RUN continues ${stopped.length === 1 ? 'it' : 'each'})` : ''
  return `continuing sweep ${sweepId}, which lacks ${left} of its trials: ${one ? 'trial' : 'trials'} ${andListCut(sorted.map((s) => s.trial), 8)} ${one ? 'is' : 'are'} stored already as ${one ? 'run' : 'runs'} ${andListCut(sorted.map((s) => s.runId), 8)} and not trained again${resume}`
}

/** What finishes a sweep stopped part way, said on the stop: fw resume for each trial stopped while
 *  training, and the same fw sweep command again for the trials that never started (it continues
 *  the sweep, skipping those stored). */
export function finishWords(rows: readonly { trial: number | null; runId: number | null; status: string }[], resume: (runId: number) => string = (id) => `fw resume ${id}`): string {
  const { stopped, never } = trialsLeft(rows)
  const said: string[] = []
  if (stopped.length) said.push(`${stopped.map((r) => resume(r.runId!)).join(', ')} ${stopped.length === 1 ? 'continues the trial' : 'continue the trials'} stopped while training (${trialsWords(stopped)})`)
  if (never.length) said.push(`the same fw sweep command again trains ${never.length === 1 ? 'the trial' : `the ${never.length} trials`} that never started (${trialsWords(never)}), skipping those stored`)
  return said.length ? `to finish it: ${said.join('; ')}` : 'every trial had ended'
}

/** `trap`: on Ctrl-C every trial is cancelled (those already training keep their last checkpoint). */
export async function sweep(p: Parsed, out: Out, trap: StopTrap | null = null): Promise<SweepRow[]> {
  const csv = need(p, 'csv', 'sweep')
  const ds = await readCsvFile(csv, csvOptions(p))
  const base = buildConfig(p, ds)
  const gridFile = need(p, 'grid', 'sweep')
  const grid = readJsonFile(gridFile, 'grid') as Record<string, unknown[]>
  const random = p.flags['random']
  if (random !== undefined && (typeof random !== 'number' || !Number.isInteger(random) || random < 1 || random > MAX_TRIALS))
    throw new UsageError(`fw sweep: --random must be a whole number from 1 to ${MAX_TRIALS} (got ${JSON.stringify(random)})`)
  const trials = gridTrials(gridFile, () => typeof random === 'number'
    ? randomSearch(base, grid as never, { trials: random, seed: base.training.seed })
    : expandGrid(base, grid))
  const whole = 'whole' in trials && typeof random === 'number' ? wholeGridNote(trials.length, random) : ''
  const cores = availableParallelism()
  const asked = p.flags['concurrency']
  if (asked !== undefined && (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 1))
    throw new UsageError(`fw sweep: --concurrency must be an integer >= 1 (got ${JSON.stringify(asked)})`)
  // more trials at once than cores only queues them in the OS, so it is capped at the cores
  const concurrency = Math.min(typeof asked === 'number' ? asked : cores, cores)
  const modulePath = trainerPath()

  const store = openCliStore(p, true)
  try {
    const { id: datasetId, reused } = store.datasets.saveOrReuse(toStoredDataset(ds, basename(csv), resolve(csv), unitsOf(p, ds)))
    const spec = JSON.stringify({ grid, random: random ?? null })
    // the same command again after a stop continues that sweep: its stored trials are not trained again
    const before = sweepToContinue(store, datasetId, spec, trials)
    // continued, the sweep keeps the name it was stored with: another --name would be dropped
    // unsaid, so it is refused (before anything is written: a sweep continued reuses its dataset)
    const asked = str(p, 'name')
    const keptName = before ? store.sweeps.get(before.sweepId).name : null
    if (before && asked !== undefined && asked !== keptName) throw new UsageError(`fw sweep: --name ${JSON.stringify(asked)}: these data, grid and settings continue sweep ${before.sweepId} ${JSON.stringify(keptName)}, which keeps its name; leave out --name (or give --name ${JSON.stringify(keptName)}) to continue it`)
    const sweepId = before?.sweepId ?? store.sweeps.create({ name: asked ?? `sweep of ${basename(csv)}`, specJson: spec })
    const columns = datasetToColumns(ds)
    const paths = Object.keys(grid)
    const byKey = new Map(trials.filter((t) => !before?.stored.has(t.index)).map((t) => [`trial ${t.index + 1}`, t]))
    // each trial stored as a run when its trainer starts training: a refused one takes no number.
    // A trial the store will not take (a full disk) fails at 'started', its trainer stopped by the
    // host; the sweep cannot go on unrecorded: every other trial is stopped, and the store's error thrown
    const trialStore = sweepTrialStore(() => byKey.keys(), (key) => void host.cancel(key))
    const { sink, runOf } = storedAtStart(createStoreSink(store), () => true, (key) => trialStore.store(key, () => {
      trap?.training() // a trial trains: a stop now ends it after its batch (the first signal's line says so)
      const t = byKey.get(key)!
      // the share it trains on kept with it, for a resume to train on the same (schema 20)
      const threads = trialThreads(t.config.training.threads, cores, concurrency)
      return store.runs.create({ datasetId, sweepId, configJson: JSON.stringify(t.config), seed: t.config.training.seed, name: trialName(sweepId, t.index, t.params), trialThreads: threads ?? null })
    }))
    const host: TrainerHost = new TrainerHost({ fork: (m) => nodeFork(m), modulePath, sink, concurrency })
    const global = base.data.series?.global !== undefined
    const each = global ? `, each one global model across every series of ${base.data.series!.columns.join(', ')}` : ''
    out.write(`sweep ${sweepId}: ${trials.length} trials${whole}${each}, ${concurrency} at a time\n`)
    if (before) out.write(`${continuedWords(sweepId, [...before.stored].map(([i, r]) => ({ trial: i + 1, runId: r.id, status: r.status })), byKey.size)}\n`)
    for (const n of decimalNotes(ds)) out.write(`note: ${n}\n`)
    const idle = sweepIdleDropout(trials)
    if (idle) out.write(`note: ${idle}\n`)
    for (const n of sweepInertSettings(trials)) out.write(`note: ${n}\n`)
    trap?.onStop(() => {
      for (const key of byKey.keys()) void host.cancel(key)
    })
    const outcomes = await Promise.all([...byKey].map(async ([key, trial]): Promise<TrialRow> => {
      // Trials already share the cores between them: 'auto' trains on what is left per trial, the
      // stored config keeping 'auto' (what the user chose) and the run its share
      const threads = trialThreads(trial.config.training.threads, cores, concurrency)
      const o = await host.start(key, { config: trial.config, columns, ...(threads === undefined ? {} : { threads }) })
      const runId = runOf(key)
      // a trial that never started training has no run: refused (bad input for its settings) or stopped
      const status = runId === null && o.status === 'failed' && o.error.name !== 'RecordError' ? 'refused' : o.status
      const head = runId === null ? `${key}: ${status} before training, no run stored` : `${key} (run ${runId}): ${status}`
      out.write(`  ${head}${o.status === 'failed' ? ` — ${o.error.message}` : ''}\n`)
      if (runId === null) return { runId, trial: trial.index + 1, params: trial.params, status, valLoss: null, forecast: null, unranked: null, series: null }
      // a global trial's series are those its run trained and scored (the look-back may leave some out)
      return { ...storedTrialRow(store, store.runs.get(runId), trial.index + 1, paths, status), params: trial.params }
    }))
    await host.shutdown()
    // the trials stored by the run of this command that was stopped, ranked with these
    const rows = [...[...(before?.stored ?? [])].map(([i, r]) => ({ ...storedTrialRow(store, store.runs.get(r.id), i + 1, paths), params: trials[i]!.params })), ...outcomes]
    rows.sort((x, y) => x.trial! - y.trial!)
    const kept = rows.filter((o) => o.runId !== null).map((o) => o.runId!)
    // a sweep none of whose trials was stored (each refused before training, stopped, or not taken
    // by the store) is no sweep, as in the app: its row goes, and the dataset it stored for them
    // (where the store refuses writes, the empty sweep stays: its error is below)
    const dropped = !kept.length && dropEmptySweep(store, sweepId, reused ? null : datasetId)
    if (trialStore.unstored !== null) {
      out.write(`sweep ${sweepId} stopped: a trial could not be stored; ${kept.length ? `continue the others with fw resume RUN (runs ${kept.join(', ')})` : 'no trial was stored, nor the sweep'}\n`)
      throw trialStore.unstored
    }
    if (dropped) out.write(`sweep ${sweepId} not kept: no trial started training\n`)
    const ranked = rankTrials(rows)
    // stopped part way, the trials done are ranked too, as a finished sweep's
    if (kept.length) printRanking(out, ranked, paths, global)
    if (trap?.signal) throw new Stopped(`stopped by ${trap.signal}: sweep ${sweepId} cancelled${dropped ? ' and not kept; no trial had started training: the same fw sweep command starts it over' : `; ${finishWords(rows, (id) => resumeCommand(p, String(id)))}`}`)
    return ranked
  } finally {
    store.close()
  }
}
