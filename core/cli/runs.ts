// The CLI on top of the run store: where the database is, recording a run as it trains, and the
// commands that read it back (runs, show, compare, rm, resume, export).
import { sweepStanding } from '../services/sweep-trials'
import { andList, labelWords } from '../data/words'
import { naturalCompare } from '../data/natural'
import { clipRateOf, clipWords, lossSumMark, scoredSteps, summedOutputs } from '../train/clip-rate'
import { vanishingWords, type VanishingModel } from '../train/vanishing'
import { inertMarker, type IdleConfig } from '../train/idle-settings'
import { existsSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { TimeZoneMark } from '../data/time-cell'
import { databaseBytes, reclaimAfterDeletion, storedRunZone, storedTimeColumn, toStoredDataset } from '../services/datasets'
import { hostname } from 'node:os'
import { changeCells, datasetContentKey, describeOwner, idList, openStore, resolveDbPath, StoreError, createProblem, upgradedWords, writeProblem, storedTestNoise, type IdRange, type Run, type Store } from '../store'
import { keepCalendarNote, keptCalendarByDefault, runEnding, runNotices, withCalendarNote } from '../services/run-words'
import { endingMark } from '../export/ending'
import { runTraining } from '../train/run'
import { forecastCsv, forecastXlsx, renderReport, csvLocaleFor } from '../export'
import { forecasterName, forecasterWords } from '../export/forecaster-name'
import { compareRows, compareSeries, narrowCompare, narrowing, notComparable, seriesWords, unfinishedNotes, winsWords, type CompareSide, type NarrowRun, type ScoredOn, type SeriesCompareRow } from '../export/compare'
import { forecastExportOf, onnxOf, pipelineOnnx, rebuildStoredRun, reportInputOf, storedRunTarget } from '../services/run-export'
import { classRowsWhere, runClasses } from '../export/forecast-csv'
import { parseStoredChoice } from '../services/stored-choice'
import { globalForecastExportOf, globalReportInputOf, globalRunResults, parseGlobalSummary, pooledCoverage, seriesNoiseOf, seriesRateNoiseOf, storedGlobalModelJson } from '../services/global-run'
import { cutsLine, runGlobalTraining, type GlobalResult } from '../train/global'
import { globalModelOnnx, storedGlobalOnnx } from '../services/global-onnx'
import { ExportError } from '../export'
import { exportProgressWords } from '../export/progress'
import { preparing, rebuildProgress, workbookProgress, type OnProgress } from '../services/export-job'
import { ConfigError } from '../engine'
import { ForecastError, loadModelFile } from '../train/forecast'
import { isGlobalModelFile, loadGlobalModelFile } from '../train/forecast-global'
import type { Checkpoint, TrainConfig, TrainEvent, TrainResult } from '../train/types'
import type { Dataset } from '../data'
import { createStoreSink, resumeState } from '../services/store-sink'
import { errorPayload } from '../services/trainer-protocol'
import { storedRunFacts } from '../services/run-files'
import { UsageError, str, wholeNumber, type Parsed } from './args'
import { fmt, metricsTable, statusLine, table, type Out, compactHint } from './format'
import { storedHeadline, targetScale } from '../data/metrics'
import { listedRunClasses, listedSkill, parsedRun, type ParsedRun } from '../services/listed-skill'
import { checkWritable, readJsonFile, writeFileAtomic } from './io'
import { fileKind } from '../services/file-kind'
import { databaseTrouble, troubleStep, type DatabaseTrouble } from '../services/database-file'
import { APP_VERSION, cliGradients, cliStatFits, endRun, idleDropout, progressReporter, shortLookBack } from './train'
import { coverageCell, endGlobalRun, pooledCoverageLine } from './global'
import { classesLine, classSeriesTable, classSummaryLines } from './global-classes'
import { storedThreshold } from '../services/stored-threshold'
import { Stopped, stopHooks, stoppedRun, type StopTrap } from './stop'
import { beyondNoiseClause, butClauses, fewestEvents, fewEventsWords, scoresBetterWords, knownInputsOfConfig, levelWords, levelWithin, runSkill, scoredForecasts, skillPercent, verdictOf } from '../export/verdict'
import { beatsBetterNaiveWord, beatsNaiveWord, globalMetricsNote, meanMaseOver, seasonalNaiveMaseWords, skippedSeriesWords } from '../export/metrics-table'
import { parseTargetRange } from '../train/domain'
import { showThreshold, twoClassRun } from './threshold'
import { domainNote, rangeWarning } from '../data/range'
import { checkModelFileKind, MODEL_JSON } from './file-kind'

/** Where openCliStore says what opening did to the file (an older one upgraded): the command's
 *  stderr, set by main before each command; null says nothing. */
let notices: Out | null = null
export function storeNoticesTo(err: Out | null): void {
  notices = err
}

/** `create`: the commands that record runs (train, sweep) make the database; the others read one,
 *  and a --db (or FW_DB) naming no file is a typo said as such, not an empty database made there. */
/** The zone a stored run's data wrote its times in (../services/datasets storedRunZone of its
 *  dataset's time column), in which fw show names the global cut dates; null where none. */
function runZone(store: Store, r: Run): TimeZoneMark {
  return storedRunZone(store.datasets.list().find((x) => x.id === r.datasetId), (JSON.parse(r.configJson) as { data?: { time?: string | null } }).data?.time)
}

export function openCliStore(p: Parsed, create = false): Store {
  // Opening marks runs of gone owners interrupted, so a killed fw never leaves one running.
  const file = resolveDbPath(str(p, 'db'), process.env)
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`--db ${file}: is a folder; name the database file (e.g. ${join(file, 'runs.db')})`)
  const named = str(p, 'db') ? '--db' : process.env['FW_DB'] ? 'FW_DB' : null
  if (!create && named && !existsSync(file)) throw new UsageError(`${named} ${file}: no such database (fw train makes one there)`)
  // a CSV (or any file but a database) is said to be one, and never opened: SQLite would call it
  // damaged; a damaged one is said so with what to do, in browser mode's words (core/services/database-file.ts)
  const refuse = (t: DatabaseTrouble, cause?: unknown) =>
    new UsageError(`${named ?? 'the run database'} ${file}: ${t.what}; ${troubleStep(t, 'with --db FILE or FW_DB')}${fileKind(file)?.kind === 'csv' ? ', and give the CSV with --csv' : ''}`, { cause })
  const before = databaseTrouble(file)
  if (before) throw refuse(before)
  try {
    // the quick_check that reads every page (a third of fw runs' time on a 400 MB file) runs
    // before this command's first change, not on open: a damaged file is still never written, and
    // a command that only reads reports the damage it meets (core/store/db.ts 'before-write')
    const store = openStore(file, { appVersion: APP_VERSION, ownerKind: 'cli', verify: 'before-write' })
    if (store.upgraded) notices?.write(`note: ${upgradedWords(store.file, store.upgraded)}\n`)
    return store
  } catch (e) {
    const t = databaseTrouble(file, e)
    throw t ? refuse(t, e) : e
  }
}

/** fw train's run database, checked before the CSV is read and the data prepared: an existing
 *  file it cannot write, or one not there yet in a folder it cannot write, is refused now, naming it
 *  and why (it was refused at the run's start, once the whole file had been read and prepared).
 *  --no-db: nothing to check. */
export function refuseUnwritableDb(p: Parsed): void {
  if (p.flags['no-db'] === true) return
  const file = resolveDbPath(str(p, 'db'), process.env)
  const why = !existsSync(file) ? createProblem(file) : !statSync(file).isDirectory() ? writeProblem(file) : null
  if (why) throw new StoreError('read-only', `${why}: the run database cannot be written, so nothing was read or trained; give one you can write (--db FILE or FW_DB), or --no-db`, { file })
}

export function runId(p: Parsed, i: number, command: string): number {
  const raw = p.positional[i]
  const id = wholeNumber(raw) ?? NaN
  if (raw === undefined || !Number.isSafeInteger(id) || id <= 0) throw new UsageError(`fw ${command}: expected a run id (a positive integer)${command === 'rm' && raw !== undefined ? ' or a range of them (3-10)' : ''}, got ${raw === undefined ? 'nothing' : `'${raw}'`}`)
  return id
}

/** Creates the dataset and run rows, once training has started (a run refused before it is not
 *  stored, and takes no number), and returns an emit function that records every event. `outDir`:
 *  the folder fw train writes the run's files to (null: a run that writes none, a sweep's trial). */
/** `calendarByDefault`: fw train turned the calendar on by default (its flags): the run keeps the
 *  note from its start (keepCalendarNote), so that one stopped before its end keeps it for fw resume. */
export function recordNewRun(store: Store, ds: Dataset, csvPath: string, config: TrainConfig, name: string | null, units: Record<string, string> = {}, outDir: string | null = null, calendarByDefault = false): { runId: number; record: (e: TrainEvent) => void } {
  // the same rows are stored once, however many runs (of fw or the app) train on them
  // (core/store saveOrReuse); the path kept is absolute, so that it still names the file from
  // another directory
  // one transaction: a run the store refuses (a full disk) leaves no dataset stored for it either
  const id = store.transaction(() => {
    const datasetId = store.datasets.saveOrReuse(toStoredDataset(ds, basename(csvPath), resolve(csvPath), units)).id
    const run = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: config.training.seed, name })
    // where its files go (fw train --out), absolute: fw resume writes them there from any folder
    if (outDir !== null) store.runs.setOutDir(run, resolve(outDir))
    return keepCalendarNote(store.runs, run, calendarByDefault)
  })
  return { runId: id, record: recorder(store, id) }
}

function recorder(store: Store, id: number): (e: TrainEvent) => void {
  const sink = createStoreSink(store, { lastCheckpointEveryMs: 0 })
  const key = String(id)
  return (e) => {
    if (e.type === 'started') sink.onStarted(key, e)
    else if (e.type === 'epoch') sink.onEpoch(key, e)
    else if (e.type === 'checkpoint') sink.onCheckpoint(key, e.checkpoint)
    else if (e.type === 'done') sink.onDone(key, e.result)
    else if (e.type === 'failed') sink.onFailed(key, e.error)
  }
}

/** Why `fw resume` will not continue a run in this status, in words; null when it will. */
export function resumeRefusal(run: Run, here = hostname()): string | null {
  const id = run.id
  switch (run.status) {
    case 'interrupted':
    case 'cancelled':
      return null
    case 'running':
      return `run ${id} is still training in another process (${describeOwner(run, here)}); stop it there (Ctrl-C), or wait for it to finish`
    case 'queued':
      return `run ${id} has not started yet (queued); there is nothing to resume`
    case 'done':
      return `run ${id} is done; there is nothing to resume (train again with fw train, or see it with fw show ${id})`
    case 'failed':
      return `run ${id} failed${run.error ? ` (${run.error})` : ''}; a failed run cannot be resumed, since its last state led to the failure. Train it again with fw train`
  }
}

/** The folder fw resume writes a run's files to, checked before it trains: --out, else the one fw
 *  train --out named (kept with the run since schema 15), else fw-out, said, for a run that kept
 *  none (the app's, a sweep's trial, or one stored before). */
export function resumeDir(p: Parsed, run: Run, out: Out): string {
  const given = str(p, 'out')
  if (given !== undefined) {
    checkWritable(given, `--out ${given}`, true)
    return given
  }
  if (run.outDir !== null) {
    checkWritable(run.outDir, `run ${run.id}'s output folder ${run.outDir} (its fw train --out; give another with --out DIR)`, true)
    return run.outDir
  }
  checkWritable('fw-out', '--out fw-out', true)
  out.write(`note: run ${run.id} kept no output folder (a run of the app or of fw sweep, or one stored by an older fw): its model.json and predictions.csv go to fw-out; --out DIR names another\n`)
  return 'fw-out'
}

/**
 * \`fw resume RUN\`: continue an interrupted or cancelled run from its last checkpoint, to the
 * weights an uninterrupted run reaches; one killed before its first checkpoint starts over from
 * its stored seed, which reproduces it too. A global run (fw train --global) continues the same
 * way and then makes its per-series choice again, as the uninterrupted run did.
 */
export async function resume(p: Parsed, out: Out, trap: StopTrap | null = null): Promise<TrainResult | GlobalResult> {
  // the argument before the database: a missing id is said as such, whatever the database
  const id = runId(p, 0, 'resume')
  const store = openCliStore(p)
  try {
    const run = store.runs.get(id)
    const refusal = resumeRefusal(run)
    if (refusal !== null) throw new UsageError(refusal)
    // where its files go, checked before any training: --out, else the folder fw train --out named
    const dir = resumeDir(p, run, out)
    if (str(p, 'out') !== undefined) store.runs.setOutDir(id, resolve(dir)) // a later resume writes there too
    // what its files are made from, read from the stored run (core/services/run-files.ts)
    const { config, dataset, hasTime, zone, seriesZones, words, units } = storedRunFacts(store, id)
    let resumeFrom: { last: Checkpoint; best: Checkpoint | null } | undefined
    if (store.checkpoints.load(id, 'last') === null) {
      store.restartRun(id)
      out.write(`run ${id} stopped before its first checkpoint; training it again from the start (same seed)\n`)
    } else {
      resumeFrom = resumeState(store, id)
      out.write(`resuming run ${id} after epoch ${resumeFrom.last.epoch}\n`)
    }
    // as fw train says it; a stored run's layers cannot change, so no fix is offered
    const idle = idleDropout(config, null)
    if (idle) out.write(`note: ${idle}\n`)
    const record = recorder(store, id)
    trap?.setQuitHint(`Run ${id} becomes interrupted the next time the database is opened; continue it with: fw resume ${id}`)
    const stop = stopHooks(trap, store, () => id)
    const said: string[] = [] // the notices said as training started again, as fw train says them
    const emit = progressReporter(out, false, (e) => {
      if (e.type === 'started') {
        trap?.training()
        said.push(...e.notices.map((n) => n.message))
      }
      record(e)
    })
    const input = { config, dataset, ...(resumeFrom ? { resume: resumeFrom } : {}), appVersion: APP_VERSION, gradients: cliGradients(config, run.trialThreads), statFits: cliStatFits(config, run.trialThreads) }
    const hooks = { emit, shouldStop: stop.shouldStop, yieldNow: stop.yieldNow }
    try {
      // it ends as fw train ends (endRun, endGlobalRun), its loss history read back whole, the
      // epochs trained before the stop included
      if (config.data.series?.global !== undefined) {
        const result = await runGlobalTraining(input, hooks)
        if (!result) stoppedRun(trap, stop.taken(), store, id)
        store.finishRun(id, globalRunResults(result, config, hasTime))
        endGlobalRun(out, { config, result, hasTime, zone, seriesZones, dir, runId: id, trainLosses: store.epochs.list(id).map((e) => e.trainLoss), clipRates: store.epochs.list(id), imported: [], started: said, json: false })
        return result
      }
      const trained = await runTraining(input, hooks)
      if (!trained) stoppedRun(trap, stop.taken(), store, id)
      // the calendar note its start kept (fw train's and the app's runs keep it from their start):
      // kept again at its end (the store sink), and said there, as fw train's results say it
      const result = withCalendarNote(trained, keptCalendarByDefault(run))
      record({ type: 'done', result })
      const epochs = store.epochs.list(id)
      endRun(out, { config, result, hasTime, zone, dir, runId: id, units, trainLosses: epochs.map((e) => e.trainLoss), lastFlow: epochs.at(-1)?.gradFlow ?? null, clipRates: epochs, said: new Set(said), lookBackNote: shortLookBack(dataset, config), json: false, words })
      return result
    } catch (e) {
      if (!stop.taken() && !(e instanceof Stopped)) record({ type: 'failed', error: errorPayload(e) })
      throw e
    }
  } finally {
    store.close()
  }
}

/** What made a run's forecast, from its stored choice; null for runs stored before the choice and
 *  for classification (their forecast is the network's). */
/** What made a run's forecast, read from its stored choice as the app reads it (stored-choice.ts). */
function storedForecaster(choiceJson: string | null): { chosen: string; label: string } | null {
  const c = parseStoredChoice(choiceJson)
  return c && { chosen: c.chosen, label: c.label }
}

/** A stored run as fw runs --json and fw show --json give it: `error` why it failed (or was
 *  interrupted or cancelled), `ending` how a done run ended short and `notices` those kept with it,
 *  each in the CLI's words (fw show --json gives a two-class run's threshold apart, as `threshold`). */
function runJson<R extends Run>(run: R): Omit<R, 'errorApp' | 'endingJson' | 'noticesJson' | 'thresholdJson' | 'classesJson'> & { ending: { kind: string; kept: number | null; message: string } | null; notices: string[] } {
  const { errorApp: _a, endingJson: _e, noticesJson: _n, thresholdJson: _t, classesJson: _c, ...rest } = run
  const e = runEnding(run)
  return { ...rest, ending: e && { kind: e.kind, kept: e.kept, message: e.message }, notices: runNotices(run, 'cli') }
}

/** The epochs a run list gives a run, with a mark where it ended short ("3, diverged, kept epoch 3"). */
function epochsOf(r: Pick<Run, 'endingJson'> & { epochCount: number }): string {
  const e = runEnding(r)
  return e ? `${r.epochCount}, ${endingMark(e)}` : String(r.epochCount)
}

/** A stored config's task (runs from before classification existed are regression). */
const taskOf = (configJson: string): 'regression' | 'classification' => ((JSON.parse(configJson) as { data?: { task?: string } }).data?.task === 'classification' ? 'classification' : 'regression')

export function listRuns(p: Parsed, out: Out): void {
  const store = openCliStore(p)
  try {
    // --json gives every stored field of each run; the table, only what it shows (runs.listed)
    if (p.flags['json'] === true) {
      out.write(JSON.stringify(store.runs.list().map(runJson), null, 2) + '\n')
      return
    }
    const runs = store.runs.listed()
    if (!runs.length) {
      out.write(`no runs yet in ${store.file}; start one with: fw train --csv FILE --target COL\n`)
      return
    }
    // the run's headline metric, the one its skill is measured on (core/data/metrics headlineMetric)
    const headline = (r: (typeof runs)[number]) => {
      const key = storedHeadline(taskOf(r.configJson), Object.keys(r.testMetrics))
      return key ? `${key} ${fmt(r.testMetrics[key] ?? null)}` : ''
    }
    // a global run: how many series, and its aggregate (mean MASE, series beating naive)
    const globalHeadline = (r: (typeof runs)[number]) => {
      const g = parseGlobalSummary(r.globalJson)
      // its headline, as the app's Runs list: the GMRAE, whose skill is the one beside it
      // a classification's: its mean Brier, and how many series beat their own training rate
      const c = g?.summary.classification
      // (beyond the noise of their test rows where the run keeps it, as its verdict counts them)
      if (c) return `global, ${g!.summary.series} series: ${headline(r)}, ${c.rateNoise ? `${c.rateNoise.beat} beat their training rate beyond noise${c.rateNoise.level ? `, ${c.rateNoise.level} level with it` : ''}` : `${c.beatRate} beat their training rate`}`
      // a regression's: how many beat naive, and the better of naive and seasonal naive beyond noise where kept (its verdict's count)
      const n = g?.summary.bestNaiveNoise
      return g ? `global, ${g.summary.series} series: ${headline(r)}, ${g.summary.beatNaive} beat naive${n ? `, ${n.beat} the better naive beyond noise${n.level ? `, ${n.level} level with it` : ''}` : ''}` : null
    }
    // what made each run's forecast and its test skill, as the app's Runs list gives them
    const forecastOf = (r: (typeof runs)[number], { choice: c }: ParsedRun) => {
      if (r.status !== 'done') return ''
      if (r.globalJson) return 'per series'
      return c ? forecasterWords(c.chosen, c.label) : 'network'
    }
    // a classification run whose test period holds few rows of its rarer class is marked, as the
    // app's Runs list colours it, and one a baseline classified more test rows of right is said (listedSkill reads the store's count per class where it needs it)
    const few: string[] = []
    const skillOf = (r: (typeof runs)[number], parsed: ParsedRun) => {
      const task = taskOf(r.configJson)
      const ruled = listedSkill(r, parsed, task, storedHeadline(task, Object.keys(r.testMetrics)), r.scores, () => store.forecasts.classTally(r.id), () => listedRunClasses(store, r), storedTestNoise(r))
      // a global classification is level by its mean Brier difference from its best baseline (globalClassVerdict)
      const gc = r.status === 'done' ? parseGlobalSummary(r.globalJson)?.summary.classification : null
      const s = gc && levelWithin(gc.noise, gc.bestBaseline) ? { ...ruled, level: gc.noise } : ruled
      // level with its baseline within noise, as its verdict (fw show) says: marked, and its words under the table
      if (s.level) few.push(`note: run ${r.id}: ${levelWords(s.level)}\n`)
      // the baselines that classified more test rows right, as the Runs list's title names them
      if (s.scoresBetter) few.push(`note: run ${r.id}: beats the baselines${butClauses([scoresBetterWords(s.scoresBetter)])}\n`)
      if (s.fewEvents !== undefined) few.push(`note: run ${r.id}: ${fewEventsWords(s.fewEvents)}, too few to tell its skill from chance\n`)
      return s.skill === null ? '—' : `${skillPercent(s.skill)}${s.level ? ', level' : ''}${s.fewEvents !== undefined ? ', few events' : ''}`
    }
    // a per-step run's loss sums its scored steps, a direct run's its outputs: marked, not to be
    // read as a one-output final-output run's
    const bestValOf = (r: (typeof runs)[number]) => {
      const cfg = JSON.parse(r.configJson) as Parameters<typeof scoredSteps>[0] & Parameters<typeof summedOutputs>[0]
      const mark = r.bestValLoss === null ? null : lossSumMark(scoredSteps(cfg), summedOutputs(cfg))
      return `${fmt(r.bestValLoss)}${mark ? ` (${mark})` : ''}`
    }
    out.write(table(['run', 'status', 'name', 'dataset', 'cell', 'forecast', 'epochs', 'best val', 'test', 'skill', 'created'], runs.map((r) => {
      // its stored choice read once, for its forecast and its skill
      const parsed = parsedRun(r)
      return [
        String(r.id), r.status === 'running' ? `running (${r.ownerInstance === store.owner.instance ? 'here' : describeOwner(r)})` : r.status, r.name ?? '', r.datasetName, cellOf(r.configJson), forecastOf(r, parsed), epochsOf(r), bestValOf(r), globalHeadline(r) ?? headline(r),
        r.status === 'done' ? skillOf(r, parsed) : '',
        new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')
      ]
    })) + '\n')
    out.write(few.join(''))
    const interrupted = runs.filter((r) => r.status === 'interrupted').map((r) => String(r.id))
    if (interrupted.length) out.write(`note: ${interrupted.length === 1 ? `run ${interrupted[0]} was` : `runs ${andList(interrupted)} were`} interrupted; continue ${interrupted.length === 1 ? 'it' : 'one'} with: ${resumeCommand(p, interrupted.length === 1 ? interrupted[0]! : 'RUN')}\n`)
  } finally {
    store.close()
  }
}

/** A run's stored cause without the status it repeats: the store keeps an interrupted run's as
 *  "interrupted: the process … has ended", which fw show printed after the status as well. */
function withoutStatus(status: string, why: string | undefined): string | undefined {
  return why?.startsWith(`${status}: `) ? why.slice(status.length + 2) : why
}

/** `fw resume RUN`, with the --db this command was given (quoted for a POSIX shell where it needs
 *  it), so the command it prints continues the run in the same database. */
export function resumeCommand(p: Parsed, run: string): string {
  const db = str(p, 'db')
  if (db === undefined) return `fw resume ${run}`
  return `fw resume ${run} --db ${/^[\w@%+=:,./-]+$/.test(db) ? db : `'${db.replace(/'/g, `'\\''`)}'`}`
}

/** The run's training.clipNorm, as stored in its config. */
function clipNormOf(configJson: string): number | undefined {
  return (JSON.parse(configJson) as { training?: { clipNorm?: number } }).training?.clipNorm
}

/** How many of a global run's series fw show lists. */
const SHOWN_SERIES = 20

/** A global run's series by MASE, highest first; those without one (a constant training period)
 *  last, in natural order, as are ties. */
function worstFirst<T extends { label: string; mase: number | null }>(series: readonly T[]): T[] {
  return [...series].sort((a, b) => (a.mase === null || b.mase === null ? (a.mase === null ? 1 : 0) - (b.mase === null ? 1 : 0) : b.mase - a.mase) || naturalCompare(a.label, b.label))
}

/** A global run's series table as fw show and fw train --global print it: all of them in natural
 *  order where they fit in SHOWN_SERIES; past it the SHOWN_SERIES with the highest MASE, worst
 *  first, so that no badly forecast series hides among the rest (`above` says so), and `below`
 *  where the others are: the run's (`runId`), else --json's. */
export function shownSeries<T extends { label: string; mase: number | null }>(series: readonly T[], runId: number | null, metric = 'MASE'): { shown: T[]; above: string | null; below: string | null } {
  if (series.length <= SHOWN_SERIES) return { shown: [...series].sort((a, b) => naturalCompare(a.label, b.label)), above: null, below: null }
  const where = runId === null ? '--json lists them all' : `fw show ${runId} --json or fw export --run ${runId} --xlsx FILE has them all`
  return { shown: worstFirst(series).slice(0, SHOWN_SERIES), above: `the ${SHOWN_SERIES} series with the highest ${metric}, worst first:`, below: `… and ${series.length - SHOWN_SERIES} more (${where})` }
}

/** fw show's line of a sweep's trial: its sweep, which trial, its rank and the score that ranks it
 *  (the chosen forecast's validation MAE, a global run's GMRAE), or why it has none. */
export function sweepWords(s: NonNullable<ReturnType<typeof sweepStanding>>): string {
  const f = s.row.forecast
  const which = `sweep ${s.sweepId} "${s.name}": ${s.row.trial === null ? 'a trial' : `trial ${s.row.trial}${s.trials === null ? '' : ` of ${s.trials}`}`}`
  const score = f && f.error !== null ? `forecast val ${f.metric} ${fmt(f.error)}` : null
  const rank = s.row.rank !== null ? `rank ${s.row.rank} of the ${s.ranked} ranked by ${score}` : `not ranked (${sweepJson(s).unranked})`
  return `${which}, ${rank}; fw sweeps ${s.sweepId} ranks its trials`
}

/** fw show --json's `sweep` of a sweep's trial, the same standing as sweepWords: its sweep (id,
 *  name), its trial and the sweep's number of trials (null: not known), its rank among the `ranked`
 *  trials and the score that ranks it (null where unranked: `unranked` says why, as sweepWords). */
export function sweepJson(s: NonNullable<ReturnType<typeof sweepStanding>>): { id: number; name: string; trial: number | null; trials: number | null; rank: number | null; ranked: number; score: { metric: string; value: number } | null; unranked: string | null } {
  const f = s.row.forecast
  const unranked = s.row.rank !== null ? null : s.row.status !== 'done' ? s.row.status : s.row.unranked === 'stored-before' ? 'stored before runs kept the score' : 'no validation score'
  return { id: s.sweepId, name: s.name, trial: s.row.trial, trials: s.trials, rank: s.row.rank, ranked: s.ranked, score: s.row.rank !== null && f && f.error !== null ? { metric: f.metric, value: f.error } : null, unranked }
}

export function showRun(p: Parsed, out: Out): void {
  const id = runId(p, 0, 'show')
  const store = openCliStore(p)
  try {
    const d = store.getRun(id)
    const target = (JSON.parse(d.run.configJson) as { data?: { target?: string } }).data?.target
    const unit = store.datasets.list().find((x) => x.id === d.run.datasetId)?.columns.find((c) => c.name === target)?.unit ?? null
    const range = parseTargetRange(d.run.rangeJson)
    if (p.flags['json'] === true) {
      const { choiceJson, rangeJson: _r, ...run } = runJson(d.run)
      // the share of the run's steps the gradient clip cut (null: no rate stored, or clipping off)
      const clipRate = clipRateOf(d.epochs, clipNormOf(d.run.configJson))
      // the skill row is the verdict's (runSkill), as fw show's table and fw runs give it; the one an
      // older run stored (against one of its own members, or the best on test) kept as skill.stored
      const stored = d.metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === 'skill')?.value ?? null
      const ruled = d.run.globalJson ? null : runSkill(taskOf(d.run.configJson), parseStoredChoice(choiceJson), d.metrics, targetScale(range))
      const metrics = ruled ? d.metrics.map((m) => (m.split === 'test' && m.model === 'model' && m.metric === 'skill' ? { ...m, value: ruled.skill } : m)) : d.metrics
      const skill = ruled ? { value: ruled.skill, baseline: ruled.baseline, stored, recomputed: true } : { value: stored, baseline: null, stored, recomputed: false }
      // a two-class run's threshold chosen on validation (null for other runs)
      const threshold = twoClassRun(store, d.run) ? showThreshold(store, d.run, d.forecasts).json : null
      // a global run's series, each with its scores, its choice and its range facts, as fw train
      // --global --json gives them (in the run's order); absent for other runs
      const series = d.run.globalJson ? { series: store.series.list(id).map(({ rangeJson, ...x }) => ({ ...x, range: parseTargetRange(rangeJson) })) } : {}
      // a sweep's trial: where it stands in its sweep, as fw show's line says it (null: no sweep's)
      const standing = sweepStanding(store, d.run)
      out.write(JSON.stringify({ run, epochs: d.epochs, clipRate, metrics, skill, forecasts: d.forecasts.length, bestEpoch: d.best?.epoch ?? null, choice: choiceJson ? JSON.parse(choiceJson) : null, range, unit, threshold, sweep: standing ? sweepJson(standing) : null, ...series }, null, 2) + '\n')
      return
    }
    const r = d.run
    // why it failed, or how a done run ended short (it diverged and kept its best epoch)
    const why = withoutStatus(r.status, r.error ?? runEnding(r)?.message)
    out.write(`run ${r.id}${r.name ? ` "${r.name}"` : ''}: ${r.status}${why ? ` (${why})` : ''}\n`)
    if (r.status === 'interrupted') {
      const last = store.checkpoints.load(id, 'last')
      out.write(last ? `continue it from its last checkpoint (epoch ${last.epoch}) with: ${resumeCommand(p, String(id))}\n` : `it stopped before its first checkpoint: ${resumeCommand(p, String(id))} trains it again from the start (same seed)\n`)
    }
    const standing = sweepStanding(store, r)
    if (standing) out.write(`${sweepWords(standing)}\n`)
    out.write(`seed ${r.seed}, app ${r.appVersion}, ${d.epochs.length} epochs, best checkpoint at epoch ${d.best?.epoch ?? '—'}\n`)
    const clipLine = clipWords(d.epochs, clipNormOf(r.configJson), scoredSteps(JSON.parse(r.configJson) as Parameters<typeof scoredSteps>[0]))
    if (clipLine) out.write(`${clipLine.message}\n`)
    const vanishing = vanishingWords(d.epochs, (JSON.parse(r.configJson) as { model?: VanishingModel }).model)
    if (vanishing) out.write(`note: ${vanishing.message}\n`)
    if (r.notes) out.write(`notes: ${r.notes}\n`)
    out.write(`config: ${r.configJson}\n`)
    // the last epochs, said as such where there are more (--json has every one)
    const tail = d.epochs.slice(-SHOWN_EPOCHS)
    const cut = d.epochs.length > tail.length ? `the last ${tail.length} of ${d.epochs.length} epochs (fw show ${r.id} --json has them all):\n` : ''
    if (tail.length) out.write(`\n${cut}${table(['epoch', 'train', 'val', 'grad norm', 'lr'], tail.map((e) => [String(e.epoch), fmt(e.trainLoss), fmt(e.valLoss), fmt(e.gradNorm), fmt(e.lr)]))}\n`)
    // the skill column is the verdict's below (runSkill), not the one stored with an older run
    const judging = r.globalJson ? null : { task: taskOf(r.configJson), choice: parseStoredChoice(r.choiceJson), target: targetScale(range) }
    if (d.metrics.length) out.write(`\ntest metrics${unit ? ` (${target} in ${unit})` : ''}:\n${metricsTable(d.metrics, 'test', unit, judging, d.forecasts)}\n`)
    // a global run's are scale-free (core/services/global-run.ts globalRunMetrics): said, with where the units went
    if (d.metrics.length && r.globalJson) out.write(`${globalMetricsNote(store.series.list(r.id), d.metrics, parseGlobalSummary(r.globalJson)?.summary ?? null)}\n`)
    if (r.status === 'done') {
      // The same verdict as the app and the report (core/export/verdict.ts).
      const task = taskOf(r.configJson)
      // a classification run's every class, by name, so that one the test period lacks is counted and named
      const t = task === 'classification' ? storedRunTarget(store, r.id) : null
      const classes = runClasses(t?.names, (JSON.parse(r.configJson) as { data?: { rule?: string } }).data?.rule, t?.words)
      const v = verdictOf(task, parseStoredChoice(r.choiceJson), d.metrics, parseGlobalSummary(r.globalJson)?.summary ?? null, scoredForecasts(d.forecasts), targetScale(range), fewestEvents(d.forecasts, classes?.names, classRowsWhere(target ?? '', classes)), 'cli', knownInputsOfConfig(JSON.parse(r.configJson)), storedTestNoise(r))
      out.write(`\nverdict: ${v.headline}\nforecast made by ${v.forecaster}. ${v.detail}\n`)
      if (v.passedOver) out.write(`note: ${v.passedOver}.\n`)
      // stored when the run trained: shown without its dataset, absent for runs stored before
      const warning = rangeWarning(range, fmt)
      if (warning) out.write(`warning: ${warning}\n`)
      const clipped = domainNote(range?.domain, d.forecasts.map((f) => f.lower))
      if (clipped) out.write(`intervals ${clipped}\n`)
      // kept with the run when it trained (migration 013): what reading its results needs
      for (const n of runNotices(r, 'cli')) out.write(`note: ${n}\n`)
      if (twoClassRun(store, r)) out.write(showThreshold(store, r, d.forecasts).lines.join('\n') + '\n')
    }
    const g = parseGlobalSummary(r.globalJson)
    const gc = g?.summary.classification
    if (g && gc) {
      // a global classification: each series' class scores against its own baselines (migration 021)
      const series = store.series.list(r.id)
      out.write(`\nglobal run across ${series.length} series of ${g.columns.join(', ')}\n${classesLine(gc, (JSON.parse(r.configJson) as TrainConfig).data.horizon)}\n`)
      const { shown, above, below } = shownSeries(series.map((s) => ({ ...s, mase: s.brier ?? null })), r.id, 'Brier')
      if (above) out.write(`${above}\n`)
      out.write(classSeriesTable(shown.map((s) => ({ ...s, accuracy: s.accuracy ?? null, brier: s.brier ?? null, logLoss: s.logLoss ?? null, rateBrier: s.rateBrier ?? null, persistenceBrier: s.persistenceBrier ?? null, majorityAccuracy: s.majorityAccuracy ?? null, ...seriesRateNoiseOf(g, s.position) }))) + '\n')
      if (below) out.write(`${below}\n`)
      out.write(classSummaryLines(gc, series.length, storedThreshold(r)).join('\n') + '\n')
      if (g.cutMode === 'series' || g.cuts?.valStart) out.write(`${cutsLine(g, runZone(store, r))}\n`)
      return
    }
    if (g) {
      const series = store.series.list(r.id)
      // since schema 7 each series says what forecasts it and the network's own MASE; before, the network did
      const net = (g.summary as { network?: { meanMase: number | null } }).network
      // seasonal naive's beside naive's, over the series with a season (none for a run stored before)
      const seasonal = seasonalNaiveMaseWords(g.summary, fmt)
      out.write(`\nglobal run across ${series.length} series of ${g.columns.join(', ')}: mean MASE ${fmt(g.summary.meanMase)} (${net ? `network alone ${fmt(net.meanMase)}, ` : ''}naive ${fmt(g.summary.meanNaiveMase)}${seasonal ? `, ${seasonal}` : ''})${meanMaseOver(series) ? ` ${meanMaseOver(series)}` : ''}; ${g.summary.beatNaive} of ${g.summary.series} beat naive, ${g.summary.beatBestNaive} the better of naive and seasonal naive${beyondNoiseClause(g.summary.bestNaiveNoise)}\n`)
      const skippedLine = skippedSeriesWords(g.skipped, series.length)
      if (skippedLine) out.write(`${skippedLine}\n`)
      const { shown, above, below } = shownSeries(series, r.id)
      if (above) out.write(`${above}\n`)
      // seasonal naive beside naive, as fw train --global's table (none where the series has no season)
      // and each series' interval coverage, as fw train --global's table
      out.write(table(['series', 'n', 'forecast by', 'mae', 'mase', 'network mase', 'naive mae', 'snaive mae', 'coverage', 'beats naive', 'beats better naive'], shown.map((s) => [s.label, String(s.n), s.forecastBy ? forecasterName(s.forecastBy, s.forecastLabel) : 'network', fmt(s.mae), fmt(s.mase), fmt(s.forecastBy ? s.networkMase : s.mase), fmt(s.naiveMae), fmt(s.seasonalNaiveMae), coverageCell(s.coverage), beatsNaiveWord(s), beatsBetterNaiveWord(s, seriesNoiseOf(g, s.position).noise) ?? '—'])) + '\n')
      if (below) out.write(`${below}\n`)
      // the run's coverage, every series' test points pooled, as the report gives it
      const fx = globalForecastExportOf(store, r.id)
      const pooled = pooledCoverageLine(pooledCoverage(fx.rows), fx.intervalLevel)
      if (pooled) out.write(`${pooled}\n`)
      // how its series were cut (runs stored before the summary kept the cuts say nothing)
      if (g.cutMode === 'series' || g.cuts?.valStart) out.write(`${cutsLine(g, runZone(store, r))}\n`)
      return
    }
    out.write(`\n${d.forecasts.length} forecast ${d.forecasts.length === 1 ? 'row' : 'rows'} stored\n`)
  } finally {
    store.close()
  }
}

export function compareRuns(p: Parsed, out: Out): void {
  const a = runId(p, 0, 'compare')
  const b = runId(p, 1, 'compare')
  const store = openCliStore(p)
  try {
    const diff = store.diffRuns(a, b)
    const datasets = store.datasets.list()
    const got = new Map([a, b].map((id) => [id, store.getRun(id)]))
    // a global run beside a single-series run of one of its series (the same dataset): that series'
    // row of the global run is compared, not the run's means over all its series (said), as in the app
    const narrowRun = (id: number): NarrowRun => {
      const r = store.runs.get(id)
      return { datasetId: r.datasetId, globalColumns: parseGlobalSummary(r.globalJson)?.columns ?? null, configJson: r.configJson }
    }
    const n = narrowing(narrowRun(a), narrowRun(b))
    // why their test scores do not compare (other data, series, target, horizon, test period): the
    // app's Compare says the same, by the same rule (core/export/compare.ts notComparable)
    const scoredOn = (id: number): ScoredOn => {
      const d = got.get(id)!
      const config = JSON.parse(d.run.configJson) as TrainConfig
      const ds = datasets.find((x) => x.id === d.run.datasetId)
      const g = parseGlobalSummary(d.run.globalJson)
      return {
        id,
        dataset: { id: d.run.datasetId, name: ds?.name ?? null, content: ds ? datasetContentKey(ds) : null },
        series: seriesWords(config.data.series) ?? null,
        global: g ? { series: g.summary.series } : null,
        data: config.data,
        // as the app reads it (electron/main getRun): the config's time column or the one the import found
        hasTime: g?.hasTime ?? (config.data.time !== undefined || storedTimeColumn(ds) !== null),
        zone: runZone(store, d.run),
        forecasts: d.forecasts
      }
    }
    const side = (id: number): CompareSide => {
      const d = got.get(id)!
      return {
        datasetName: datasets.find((x) => x.id === d.run.datasetId)?.name ?? null,
        target: (JSON.parse(d.run.configJson) as { data?: { target?: string } }).data?.target ?? null,
        forecaster: storedForecaster(d.run.choiceJson),
        global: parseGlobalSummary(d.run.globalJson) !== null,
        task: taskOf(d.run.configJson),
        metrics: d.metrics,
        // its skill as its verdict, fw show and fw runs give it, not the one an older run stored
        judged: { choice: parseStoredChoice(d.run.choiceJson), target: targetScale(parseTargetRange(d.run.rangeJson)) },
        status: d.run.status
      }
    }
    const all = n ? store.series.list(n.global === 0 ? a : b) : []
    const sides = [side(a), side(b)] as const
    const narrowed = narrowCompare(sides, n, all)
    const why = notComparable(scoredOn(a), scoredOn(b), { sameSeries: narrowed !== null, name: (id) => `run ${id}` })
    const { rows, sameData } = compareRows(...(narrowed?.sides ?? sides))
    // two global runs: their series side by side, the network's own scores too, and which run is
    // lower on how many (their means can agree where each series chose the same statistical forecast)
    const bySeries = sides[0].global && sides[1].global ? compareSeries(store.series.list(a), store.series.list(b)) : null
    if (p.flags['json'] === true) {
      const row = n && narrowed ? { run: n.global === 0 ? a : b, series: narrowed.row.label } : null
      out.write(JSON.stringify({ runs: [a, b], config: diff, notComparable: why, testMetrics: { rows, sameData, seriesRowOf: row }, series: bySeries }, null, 2) + '\n')
      return
    }
    // a setting that had no effect on either run (an LSTM's hidden activation) is marked, not listed
    // as if its difference mattered
    const setting = inertMarker(...([a, b].map((id) => JSON.parse(got.get(id)!.run.configJson) as IdleConfig) as [IdleConfig, IdleConfig]))
    out.write(diff.length ? table(['setting', `run ${a}`, `run ${b}`], diff.map((c) => [setting(c.path), ...changeCells(c, `run ${a}`, `run ${b}`)])) + '\n' : 'the two configs are identical\n')
    const cell = (v: string | number | null) => (typeof v === 'number' || v === null ? fmt(v) : v)
    if (n && narrowed) {
      const [g, other] = n.global === 0 ? [a, b] : [b, a]
      out.write(`\nnote: run ${g} is a global run of ${all.length} series: its row for series ${narrowed.row.label} is compared with run ${other}, a run of that series alone (run ${g}'s means over all its series: fw show ${g})\n`)
    }
    const unfinished = unfinishedNotes([{ ...sides[0], id: a, error: got.get(a)!.run.error }, { ...sides[1], id: b, error: got.get(b)!.run.error }], (id) => `run ${id}`)
    if (unfinished.length) out.write(`\n${unfinished.map((w) => `note: ${w}\n`).join('')}`)
    if (why.length) out.write(`\nthese test scores are not comparable: the two runs were scored on different things, so a lower error here does not mean a better model:\n${why.map((w) => `- ${w}\n`).join('')}`)
    out.write(`\nwhat each run forecast, and its forecast's test metrics${sameData ? '' : ' (other data: mae and rmse are each in its own units)'}:\n`)
    out.write(table(['', `run ${a}`, `run ${b}`], rows.map((r) => [r.of ? `skill (${r.of})` : r.label, cell(r.a), cell(r.b)])) + '\n')
    if (rows.some((r) => r.network)) out.write(`(network rows: the network's own forecast, whichever forecast was chosen)\n`)
    if (bySeries) out.write(seriesCompareText(bySeries, [a, b]))
  } finally {
    store.close()
  }
}

/** fw compare's part for two global runs: which run is lower on how many series, for the chosen
 *  forecast and for the network alone, then the series (SHOWN_SERIES of them at most, in natural
 *  order; --json has all). */
function seriesCompareText(c: ReturnType<typeof compareSeries>, [a, b]: [number, number]): string {
  const name = (id: number) => `run ${id}`
  const only = [c.onlyA ? `${c.onlyA} series only in run ${a}` : '', c.onlyB ? `${c.onlyB} series only in run ${b}` : ''].filter(Boolean)
  const lines = [
    `\nper series, test MASE (lower is better):`,
    `- forecast: ${winsWords(c.forecast, [a, b], name)}`,
    `- network alone: ${winsWords(c.network, [a, b], name)}`,
    ...(only.length ? [`- ${only.join('; ')}`] : [])
  ]
  const shown = c.rows.slice(0, SHOWN_SERIES)
  const v = (s: SeriesCompareRow['a'], k: 'forecast' | 'network') => (s ? fmt(s[k]) : 'no such series')
  const head = ['series', `run ${a} forecast`, `run ${b} forecast`, `run ${a} network`, `run ${b} network`]
  const more = c.rows.length > shown.length ? `… and ${c.rows.length - shown.length} more (fw compare ${a} ${b} --json lists them all)\n` : ''
  return `${lines.join('\n')}\n${table(head, shown.map((r) => [r.label, v(r.a, 'forecast'), v(r.b, 'forecast'), v(r.a, 'network'), v(r.b, 'network')]))}\n${more}`
}

/** The most ids one range may span: `fw rm 1-999999999` is a typo, not a request. */
const MAX_RANGE = 100_000

/** The epochs fw show lists, the last ones. */
const SHOWN_EPOCHS = 5

/** fw rm's RUN arguments: ids named alone and ranges A-B (both ends kept), every one checked before
 *  the database is opened: a reversed or malformed range is refused, naming it. */
export function runIdsAndRanges(p: Parsed, command: string): { ids: number[]; ranges: IdRange[] } {
  if (!p.positional.length) return { ids: [runId(p, 0, command)], ranges: [] }
  const ids = new Set<number>()
  const ranges: IdRange[] = []
  p.positional.forEach((raw, i) => {
    const range = /^(\d+)-(\d+)$/.exec(raw)
    if (!range) return void ids.add(runId(p, i, command))
    const [from, to] = [Number(range[1]), Number(range[2])]
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from <= 0) throw new UsageError(`fw ${command}: range '${raw}' must go from one run id (a positive integer) to another`)
    if (from > to) throw new UsageError(`fw ${command}: range '${raw}' is reversed; write ${to}-${from}`)
    if (to - from + 1 > MAX_RANGE) throw new UsageError(`fw ${command}: range '${raw}' spans ${to - from + 1} ids, more than ${MAX_RANGE}`)
    ranges.push({ from, to })
  })
  return { ids: [...ids], ranges }
}

/** fw rm RUN|A-B [RUN|A-B …]: in one transaction, every run named alone (all must exist) and the
 *  runs that exist in each range (the ids already gone are said; a range with none is refused), or
 *  none (a missing run named alone, an empty range, or a run another process trains refuses them
 *  all, naming it). */
export function removeRun(p: Parsed, out: Out): void {
  const { ids, ranges } = runIdsAndRanges(p, 'rm')
  const store = openCliStore(p)
  try {
    const before = databaseBytes(store.file)
    const { deleted, gone } = store.runs.removeMany(ids, ranges)
    // the deletion has committed: a disk too full to give the space back is said, not failed on
    const after = reclaimAfterDeletion(store, before)
    const said = deleted.length === 1 ? `run ${deleted[0]} deleted` : `${deleted.length} runs deleted (${idList(deleted)})`
    const already = gone.map((g) => `already gone in ${g.range.from}-${g.range.to}: ${idList(g.gone)}\n`).join('')
    out.write(`${said}${after.said}\n${already}${compactHint(after.reclaimed)}`)
  } finally {
    store.close()
  }
}

/** --locale: a language tag (en-US, de-DE, fr-FR, pt-BR): comma decimals and ';' where the language
 *  writes 1234,5, else dot and ','. Anything else, or a language with no known number format, is
 *  refused, not read as en-US. */
function localeOf(p: Parsed) {
  const tag = str(p, 'locale')
  if (tag === undefined) return undefined
  if (!/^[a-z]{2,3}([-_][a-z0-9]{2,8})*$/i.test(tag)) throw new UsageError(`--locale: '${tag}' is not a language tag; write e.g. en-US (1234.5 and ,) or de-DE (1234,5 and ;)`)
  // a well-formed tag of a language Intl has no number format for (xx-YY) would be written as
  // en-US without a word: refused (a known language in any region, en-XX, reads as its language)
  if (!Intl.NumberFormat.supportedLocalesOf([tag.replace(/_/g, '-')]).length) throw new UsageError(`--locale: no number format is known for '${tag}'; write e.g. en-US (1234.5 and ,) or de-DE (1234,5 and ;)`)
  return csvLocaleFor(tag)
}

type ExportKind = 'model' | 'onnx' | 'csv' | 'xlsx' | 'report'
/** What each export writes, and the endings a file of it may have. */
const EXPORT_KINDS: Record<ExportKind, { what: string; ends: string[] }> = {
  model: { what: 'a JSON model file', ends: ['json'] },
  onnx: { what: 'an ONNX model', ends: ['onnx'] },
  csv: { what: 'a CSV file', ends: ['csv', 'txt', 'tsv'] },
  xlsx: { what: 'an Excel workbook', ends: ['xlsx'] },
  report: { what: 'an HTML page', ends: ['html', 'htm'] }
}
/** Endings of other formats: a file named so would be opened as what it is not. */
const OTHER_FORMATS = ['pdf', 'doc', 'docx', 'xls', 'ods', 'odt', 'png', 'jpg', 'svg', 'zip', 'db', 'sqlite']

/** An export named with the ending of another format (--report x.pdf, which wrote HTML into a .pdf
 *  that no PDF reader opens) is refused before anything is written; no ending, or one of no known
 *  format, is left as given. */
export function checkExportName(kind: ExportKind, file: string): void {
  const end = /\.([A-Za-z0-9]+)$/.exec(basename(file))?.[1]?.toLowerCase()
  const { what, ends } = EXPORT_KINDS[kind]
  const known = [...Object.values(EXPORT_KINDS).flatMap((k) => k.ends), ...OTHER_FORMATS]
  if (end === undefined || ends.includes(end) || !known.includes(end)) return
  const named = `${file.slice(0, file.length - end.length)}${ends[0]}`
  const pdf = kind === 'report' && end === 'pdf' ? '; for a PDF, open the page in a browser and print it to PDF' : ''
  throw new UsageError(`--${kind} ${file}: --${kind} writes ${what}, not a .${end} file; name it ${named}${pdf}`)
}

/** `fw export --run RUN` with any of --model (JSON model file), --onnx, --csv, --xlsx, --report;
 *  `fw export --from model.json --onnx FILE` without the run store. */
export async function exportRun(p: Parsed, out: Out, err?: Out): Promise<void> {
  if (str(p, 'from') !== undefined) return exportModelFile(p, out)
  const run = str(p, 'run')
  const id = wholeNumber(run) ?? NaN
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`--run RUN is required (or --from model.json with --onnx FILE)${run === undefined ? '' : `; got '${run}', not a run id`}`)
  const targets = ['model', 'onnx', 'csv', 'xlsx', 'report'].filter((k) => str(p, k))
  if (!targets.length) throw new UsageError('fw export: name at least one of --model FILE, --onnx FILE, --csv FILE, --xlsx FILE, --report FILE')
  for (const k of targets) checkExportName(k as ExportKind, str(p, k)!)
  const locale = localeOf(p)
  const store = openCliStore(p)
  try {
    // every output checked before any is written: no export left half done
    for (const k of targets) checkWritable(str(p, k)!, `--${k} ${str(p, k)}`)
    if (parseGlobalSummary(store.runs.get(id).globalJson)) return await exportGlobalRun(p, out, store, id, targets, err)
    // the rebuild (seconds on a long series) counted on the line of the first file it is for
    const r = await withProgress(err, str(p, targets[0]!)!, async (on) => rebuildStoredRun(store, id, rebuildProgress(on)))
    if (r.remade) out.write(`note: run ${id}: ${r.remade}\n`)
    for (const k of targets) {
      const file = str(p, k)!
      if (k === 'model') writeFileAtomic(file, JSON.stringify(r.rebuilt.modelFile))
      else if (k === 'onnx') writeFileAtomic(file, onnxOf(r))
      else if (k === 'csv') writeFileAtomic(file, forecastCsv(forecastExportOf(store, r), locale))
      else if (k === 'xlsx') writeFileAtomic(file, await withProgress(err, file, (on) => forecastXlsx(forecastExportOf(store, r), workbookProgress(on))))
      else writeFileAtomic(file, renderReport(reportInputOf(store, r)))
      out.write(`${k === 'model' ? 'model file' : k} of run ${id} written to ${file}\n`)
      // said where the file is made, not first when fw predict applies it
      const c = r.rebuilt.evaluation.choice
      if (k === 'onnx' && c && c.network < 1) out.write(`note: the ONNX graph is the network alone; the run's forecast is ${labelWords(c.label)}${c.network > 0 ? `, in which the network weighs ${+c.network.toFixed(2)}` : ''}: only the model file (--model) forecasts as the run does\n`)
    }
  } finally {
    store.close()
  }
}

/** fw export of a global run: the forecast CSV and XLSX from its stored series (the series id
 *  column(s) first), the report with every series' scores, one ONNX graph for all its series
 *  (core/services/global-onnx.ts), and its model file as fw train --global wrote it (migration 008). */
async function exportGlobalRun(p: Parsed, out: Out, store: Store, id: number, targets: string[], err?: Out): Promise<void> {
  // a run stored before model files were kept refuses before any file is written
  const modelJson = targets.includes('model') ? storedGlobalModelJson(store, id) : null
  const first = str(p, targets.find((k) => k !== 'model') ?? 'model')!
  const fx = await withProgress(err, first, async (on) => globalForecastExportOf(store, id, [], preparing(on)))
  for (const k of targets) {
    const file = str(p, k)!
    if (k === 'model') {
      writeFileAtomic(file, modelJson!)
      out.write(`model file of run ${id} (one network, ${fx.seriesMetrics?.length ?? 0} series' pipelines and forecasters) written to ${file}\n`)
      continue
    }
    if (k === 'onnx') {
      writeFileAtomic(file, await withProgress(err, file, async (on) => storedGlobalOnnx(store, id, preparing(on))))
      out.write(`onnx of run ${id} (one graph for ${fx.seriesMetrics?.length ?? 0} series; each series' scaling from its series_table, see docs/export.md) written to ${file}\n`)
      continue
    }
    if (k === 'csv') writeFileAtomic(file, forecastCsv(fx, localeOf(p)))
    else if (k === 'xlsx') writeFileAtomic(file, await withProgress(err, file, (on) => forecastXlsx(fx, workbookProgress(on))))
    else writeFileAtomic(file, renderReport(await withProgress(err, file, async (on) => globalReportInputOf(store, id, preparing(on)))))
    out.write(`${k} of run ${id} (${fx.seriesMetrics?.length ?? 0} series) written to ${file}\n`)
  }
}

/** What `make` gives, its progress (export-job.ts) shown on stderr when that is a terminal: one line
 *  rewritten in place, 'FILE: 46 % (23 of 50 series prepared)', cleared once it is made; nothing on
 *  a pipe or a log, whose readers want the files' lines alone. */
async function withProgress<T>(err: Out | undefined, file: string, make: (on: OnProgress | undefined) => Promise<T>): Promise<T> {
  if (!err?.isTTY) return make(undefined)
  const line = statusLine(err)
  try {
    return await make((p) => {
      const w = exportProgressWords(p)
      if (w) line.show(`${file}: ${w.percent} % (${w.what})`)
    })
  } finally {
    line.clear()
  }
}

/** `fw export --from MODEL.json --onnx FILE`: the ONNX model of a model file, e.g. one written by
 *  fw train --no-db, which has no stored run; a global model file gives one graph for every series. */
function exportModelFile(p: Parsed, out: Out): void {
  const from = str(p, 'from')!
  if (str(p, 'run') !== undefined) throw new UsageError('--run and --from both name what to export; give one')
  const others = ['model', 'csv', 'xlsx', 'report'].filter((k) => str(p, k) !== undefined)
  if (others.length) throw new UsageError(`--from writes --onnx only; ${andList(others.map((k) => `--${k}`))} need${others.length === 1 ? 's' : ''} a stored run (--run RUN)`)
  const file = str(p, 'onnx')
  if (file === undefined) throw new UsageError('--from MODEL.json: name the ONNX file to write with --onnx FILE')
  checkExportName('onnx', file)
  checkWritable(file, `--onnx ${file}`)
  checkModelFileKind(from, 'from', MODEL_JSON, false)
  const json = readJsonFile(from, 'model')
  let bytes: Uint8Array
  let what: string
  try {
    if (isGlobalModelFile(json)) {
      const gm = loadGlobalModelFile(json, APP_VERSION)
      bytes = globalModelOnnx(gm, writtenBy(gm.series[0]!.m.meta))
      what = `one graph for ${gm.series.length} series`
    } else {
      const m = loadModelFile(json, APP_VERSION)
      const { lookback, horizon } = m.config.window
      bytes = pipelineOnnx(m.model, m.fitted, { target: m.config.target, lookBack: lookback, horizon, appVersion: writtenBy(m.meta), task: m.fitted.target.kind, choice: m.choice, domain: m.domain, calendar: m.config.calendar ?? null, resample: m.config.time.resample, timeColumn: m.config.time.column, duplicates: m.config.time.duplicates, missing: m.config.missing })
      what = m.config.target
    }
  } catch (e) {
    // a malformed or newer file (parseModel's ConfigError) is named as fw predict names it
    if (e instanceof ForecastError || e instanceof ExportError || e instanceof ConfigError) throw new UsageError(`${from}: ${e.message}`, { cause: e })
    throw e
  }
  writeFileAtomic(file, bytes)
  out.write(`onnx of ${from} (${what}) written to ${file}\n`)
}

/** The app version a model file was written by (the ONNX file says so as a stored run's does). */
const writtenBy = (meta: Record<string, unknown>): string => (typeof meta['appVersion'] === 'string' ? meta['appVersion'] : APP_VERSION)

function cellOf(configJson: string): string {
  try {
    return (JSON.parse(configJson) as { model?: { cell?: string } }).model?.cell ?? '?'
  } catch {
    return '?'
  }
}
