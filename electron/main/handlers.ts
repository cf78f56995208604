// Main-side handlers of the contract, independent of the transport: Electron's ipcMain (ipc.ts) and
// browser mode's HTTP server (electron/web/server.ts) both call `dispatch`. Nothing here imports
// 'electron', so browser mode runs it under plain Node.
import { aheadZoneOf, appContractError, checkClassesMessage, checkDeletedMessage, checkQueueMessage, ContractError, isVerb, parseStoredChoice, toWireError, validateRequest, type QueueChange } from '../contract'
import type { Requests, Responses, Result, RunEventMessage, Verb } from '../contract'
import { randomUUID } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { datasetContentKey, describeOwner, readOnly, StoreError, storedTestNoise, type QueuedStart, type Store, type Dataset as StoredDataset, type ListedRun, type DatasetInput } from '../../core/store'
import { resolveConfig, withStoredDefaults } from '../../core/train/config'
import { expandGrid, trialThreads } from '../../core/train/sweep'
import { backtestRefusal, maxBacktestFolds } from '../../core/train/backtest'
import { scoredSteps, summedOutputs } from '../../core/train/clip-rate'
import { BACKTEST_FOLDS } from '../../core/train/backtest-table'
import type { TrainConfig } from '../../core/train/types'
import type { Divergence } from '../../core/train/diverged'
import { dateTimeJoined } from '../../core/data/finalize'
import { andList, appWords, type Words } from '../../core/data/words'
import { formatNumber } from '../../core/export/report/scale'
import { seriesWords } from '../../core/export/compare'
import { beatsBetterNaiveWord, beatsRateWord, seasonalNaiveMaseOf } from '../../core/export/metrics-table'
import { endingSummary, keepCalendarNote, keptCalendarByDefault, runError, runNotices } from '../../core/services/run-words'
import { storedThreshold } from '../../core/services/stored-threshold'
import { storedHeadline } from '../../core/data/metrics'
import { findRunClassesApart, knownRunClasses, listedForecaster, listedSkill, parsedRun } from '../../core/services/listed-skill'
import { runListItem } from './run-list'
import { trialForecast, trialUnranked } from '../../core/services/trial-forecast'
import { databaseBytes, dropUnusedDataset, fromStoredColumn, reclaimAfterDeletion, fromStoredDataset, removeDataset, storedDatasets, storedRunZone, storedTimeColumn, toStoredColumn, unstoredDataset } from '../../core/services/datasets'
import { runSnapshot, storedRunTarget } from '../../core/services/run-export'
import { ExportRunner } from '../../core/services/export-runner'
import { ListedClassesThread } from '../../core/services/listed-classes-thread'
import { ExplainThread } from '../../core/services/explain-thread'
import { AheadThread } from '../../core/services/ahead-thread'
import { ExportUnavailable, type ExportJob } from '../../core/services/export-job'
import { ForecastError } from '../../core/train/forecast'
import { parseTargetRange } from '../../core/train/domain'
import { rangeWarning } from '../../core/data/range'
import type { AppInfo, DatasetColumn, DatasetSummary, ForecastPoint, GlobalRunInfo, RunDetail, RunSeriesRow, RunStatus, RunSummary, SeriesAhead, TrainingItem, UiRunEvent } from '../contract'
import { parseGlobalSummary, seriesNoiseOf, seriesRateNoiseOf, storedGlobalModel } from '../../core/services/global-run'
import { globalAheadReach } from '../../core/train/forecast-global'
import { LIMITS } from '../contract'
import type { ColumnPayload, StartPayload } from '../../core/services/trainer-protocol'
import type { RunSink, TrainerHost } from '../../core/services/trainer-host'
import { dropEmptySweep, storedAtStart, sweepTrialStore, type SweepTrialStore } from '../../core/services/stored-at-start'
import { trialName } from '../../core/services/sweep-trials'
import type { BacktestHost } from '../../core/services/backtest-host'
import { resumeState, withAppVersion } from '../../core/services/store-sink'
import { globalRunFileTexts, runFileTexts, storedSeriesZones, writeResumedRunFiles } from '../../core/services/run-files'
import type { TimeZoneMark } from '../../core/data/time-cell'
import { applyModelFile } from './apply-model'
import { watchDeletions } from '../../core/services/deletion-watch'

/** A plain Uint8Array copy: protobufjs and exceljs hand out Node Buffers, which JSON (browser
 *  mode's wire) would turn into { type: 'Buffer', data: [...] }. */
const plainBytes = (b: Uint8Array): Uint8Array => (Object.getPrototypeOf(b) === Uint8Array.prototype ? b : new Uint8Array(b))

export type HandlerImpl = { [V in Verb]?: (req: Requests[V]) => Promise<Responses[V]> | Responses[V] }

export interface Dispatcher {
  dispatch(verb: unknown, payload: unknown): Promise<Result<unknown>>
}

/** Validates, calls, and turns every failure into a typed Result; never throws, so a hostile or
 *  broken request can not take main down. */
export function createDispatcher(impl: HandlerImpl): Dispatcher {
  return {
    async dispatch(verb, payload) {
      try {
        if (!isVerb(verb)) throw new ContractError('unknown-channel', `no such verb ${JSON.stringify(String(verb).slice(0, 64))}`)
        const req = validateRequest(verb, payload)
        const fn = impl[verb] as ((r: unknown) => unknown) | undefined
        if (!fn) throw new ContractError('not-available', `${verb} is not available in this build`)
        return { ok: true, value: await fn(req) }
      } catch (e) {
        return { ok: false, error: toWireError(e) }
      }
    }
  }
}

/** Where run events go: every open window (Electron) or every connected socket (browser mode). */
export type Broadcast = (msg: RunEventMessage) => void

// ---------------------------------------------------------------------------------------------
// The workbench: the contract's verbs over core/store and the TrainerHost.


export interface WorkbenchOptions {
  store: Store | null
  samplesDir: string
  version: string
  mode: 'electron' | 'web'
  broadcast: Broadcast
  /** The store-writing sink the host reports to; the workbench adds the UI's events around it. */
  storeSink: RunSink | null
  /** Electron's save dialog; browser mode saves in the page instead. */
  saveFile?: HandlerImpl['saveFile']
  /** The built export worker (out/main/export-worker.js): a run's exports (single-series or global) are made
   *  there, off main's event loop, and can be cancelled. Without it they run on main, uncancellable. */
  exportWorker?: string
  /** Every this many ms, the runs and datasets another process deleted (`fw rm`) are looked for and
   *  told as this process's own deletions are (core/services/deletion-watch.ts); absent, only
   *  `checkDeletions()` looks. */
  deletionCheckMs?: number
  /** The runs the app stopped as it last closed (electron/web/stopped-at-quit.ts): appInfo names
   *  those still interrupted, at this start only. */
  stoppedAtQuit?: number[]
}

export interface Workbench {
  impl: HandlerImpl
  /** Give this to the TrainerHost: it records (storeSink) and then tells the renderer. */
  sink: RunSink
  attachHost(host: TrainerHost): void
  /** Backtests run in trainer processes of their own (core/services/backtest-host.ts). */
  attachBacktests(host: BacktestHost): void
  /** Looks now for runs and datasets another process deleted, and tells every window of them
   *  (main calls it when a window gets the focus; the timer of `deletionCheckMs` calls it too). */
  checkDeletions(): void
  /** Stops looking (before the store closes). */
  close(): void
}


/** A finished run's 'done' event, a single run's or a global one's alike: how it ended, with the
 *  sentence, in the app's words, where it diverged after good epochs and kept the best. */
function doneEvent(r: { epochsRun: number; bestEpoch: number; stoppedEarly: boolean; diverged?: Divergence }): UiRunEvent {
  return { type: 'done', epochsRun: r.epochsRun, bestEpoch: r.bestEpoch, stoppedEarly: r.stoppedEarly, ...(r.diverged ? { ending: appWords(r.diverged.words) } : {}) }
}

/** A stored run's cause and ending in the app's words (core/services/run-words.ts): fw trains runs
 *  into the same database, and keeps both wordings of what it stores, as the app does. */
const storedText = (w: Words | null): string | null => (w === null ? null : appWords(w))

/** saveDataset's (and findStoredDataset's) columns as the store takes them, each with its unit. */
function storedInput({ name, sourceFile, columns, units, timeColumn }: Requests['saveDataset']): DatasetInput {
  const unknown = Object.keys(units ?? {}).find((k) => !columns.some((c) => c.name === k))
  if (unknown !== undefined) throw new ContractError('invalid-payload', `no column named ${JSON.stringify(unknown)}`, `units.${unknown}`)
  return { name, sourceFile, columns: columns.map((c) => toStoredColumn(c, units?.[c.name])), ...(timeColumn !== undefined ? { meta: { timeColumn } } : {}) }
}

const notAvailable = (what: string) => new ContractError('not-available', `${what} is not available in this build`)

export function createWorkbench(o: WorkbenchOptions): Workbench {
  let host: TrainerHost | null = null
  let backtestHost: BacktestHost | null = null
  const gradFlows = new Map<number, number[]>() // runId -> last ‖∂L/∂h_t‖ seen live
  const exports = new ExportRunner(o.exportWorker)
  /** This start's id (AppInfo's appStartId): the resume notices are shown once a start. */
  const appStartId = randomUUID()
  const store = (): Store => o.store ?? (() => { throw notAvailable('the run database') })()
  const trainer = (): TrainerHost => host ?? (() => { throw notAvailable('the trainer') })()
  const backtests = (): BacktestHost => backtestHost ?? (() => { throw notAvailable('the trainer') })()

  // A new run trains under a start's key ("start 3", startRun's handle) and is stored when its
  // trainer says 'started', as fw train stores its run: a start refused before training (a look-back
  // longer than the series) takes no run number, and Train says why. Preparing the data here first
  // would hold main (6.4 s on a 1,000,000-row file). A resumed run trains under its own id.
  const startOf = (key: string): number | undefined => (/^start \d+$/.test(key) ? Number(key.slice(6)) : undefined)
  const toStore = new Map<string, () => number>() // start key -> stores its run
  let lastStart = 0
  // A sweep's trials are starts too, each stored at its 'started' (sweepTrialStore: the first the
  // store will not take stops the others); one none of whose trials was stored is dropped. `before`:
  // its trials stored by an earlier process (a sweep queued again after a restart of the app).
  interface LiveSweep { id: number; keys: string[]; trials: SweepTrialStore; open: number; before: number }
  const sweepOf = new Map<string, LiveSweep>() // a trial's start key -> its sweep, until it ends
  const liveSweeps = new Map<number, LiveSweep>() // sweep id -> the sweep, until every trial ended
  const stored = storedAtStart(o.storeSink, (key) => startOf(key) !== undefined, (key) => {
    const create = toStore.get(key)!
    toStore.delete(key)
    const sweep = sweepOf.get(key)
    return sweep ? sweep.trials.store(key, create) : create()
  })
  /** Trial `key` of `sweep` has ended: once none is left, a sweep with no stored trial is dropped. */
  function trialEnded(sweep: LiveSweep, key: string): void {
    if (sweepOf.get(key) !== sweep) return
    sweepOf.delete(key)
    if (--sweep.open > 0) return
    liveSweeps.delete(sweep.id)
    // the app is stopping: the trials not begun stay queued (their rows name the sweep) for the next start
    if (sweep.trials.stored + sweep.before === 0 && !host?.shuttingDown) dropEmptySweep(store(), sweep.id, null)
  }
  /** A sweep followed by this process: its trials are stopped together, and it goes if none is stored. */
  function liveSweep(id: number, before: number): LiveSweep {
    const h = trainer()
    const sweep: LiveSweep = { id, keys: [], open: 0, before, trials: sweepTrialStore(() => sweep.keys, (key) => void h.cancel(key)) }
    liveSweeps.set(id, sweep)
    return sweep
  }
  const inner = stored.sink
  /** A start's events carry its handle until it is stored, and on 'started', which names its run. */
  const emit = (key: string, event: UiRunEvent) => {
    const runId = stored.runOf(key)
    const startId = startOf(key)
    o.broadcast({ runId, ...(startId !== undefined && (runId === null || event.type === 'started') ? { startId } : {}), event })
  }

  /** A resumed run (trained under its own id, not a start's) that fw train --out started gets its
   *  model.json and predictions.csv in that folder as fw resume would write them, once the store
   *  holds it done; the notice saying so, or why not, is kept with the run, and its detail (read
   *  again at 'done') shows it. The model file names the run's version, as the stored one does. */
  function resumedFiles(key: string, texts: Parameters<typeof writeResumedRunFiles>[2]): void {
    if (startOf(key) !== undefined || !o.store) return
    const runId = stored.runOf(key)
    if (runId === null) return
    try {
      writeResumedRunFiles(o.store, runId, texts)
    } catch (e) {
      // the database refused the notice (busy, full): the run is done all the same
      console.error(`run ${runId}: ${(e as Error).message}`)
    }
  }

  const sink: RunSink = {
    onQueued: (id) => inner.onQueued?.(id),
    onStarted(id, e) {
      inner.onStarted(id, e)
      emit(id, { ...e, notices: e.notices.map(appWords) })
    },
    onEpoch(id, e) {
      inner.onEpoch(id, e)
      const runId = stored.runOf(id)
      if (runId !== null) gradFlows.set(runId, e.gradFlow)
      emit(id, e)
    },
    onCheckpoint(id, cp) {
      inner.onCheckpoint(id, cp)
      emit(id, { type: 'checkpoint', epoch: cp.epoch, kind: cp.kind, valLoss: cp.valLoss })
    },
    onDone(id, result) {
      inner.onDone(id, result)
      resumedFiles(id, (f, version) => runFileTexts(f.config, { ...result, modelFile: withAppVersion(result.modelFile, version) }, f.hasTime, f.zone, f.words, version))
      emit(id, doneEvent(result))
    },
    onGlobalDone(id, done) {
      inner.onGlobalDone(id, done)
      resumedFiles(id, (f, version) => globalRunFileTexts(f.config, { ...done.result, modelFile: withAppVersion(done.result.modelFile, version) }, f.hasTime, f.zone, f.seriesZones))
      emit(id, doneEvent(done.result))
    },
    onFailed(id, error) {
      inner.onFailed(id, error)
      // the app's words of a core message (a Setup field where the CLI's names a flag)
      emit(id, { type: 'failed', error: { name: error.name, message: appWords(error) } })
    },
    onInterrupted(id, reason) {
      inner.onInterrupted(id, reason)
      emit(id, { type: 'status', status: 'interrupted', error: reason })
    },
    onCancelled(id) {
      inner.onCancelled(id)
      emit(id, { type: 'status', status: 'cancelled', error: null })
    },
    onProgress: (id, snap) => inner.onProgress(id, snap)
  }

  async function samples(): Promise<string[]> {
    try {
      return (await readdir(o.samplesDir)).filter((f) => f.endsWith('.csv')).sort()
    } catch {
      return []
    }
  }

  function summaryOf(d: Pick<StoredDataset, 'id' | 'name' | 'sourceFile' | 'rowCount' | 'importedAt'> & { columns: { name: string; kind: string; unit: string | null }[] }): DatasetSummary {
    return { id: d.id, name: d.name, sourceFile: d.sourceFile, rowCount: d.rowCount, importedAt: d.importedAt, columns: d.columns.map((c) => ({ name: c.name, kind: c.kind as DatasetColumn['kind'], unit: c.unit })) }
  }

  /** Dataset id -> column name -> unit (null: none given), read once per request. */
  type Units = Map<number, Map<string, string | null>>
  function datasetUnits(): Units {
    return new Map(store().datasets.list().map((d) => [d.id, new Map(d.columns.map((c) => [c.name, c.unit]))]))
  }
  const unitOf = (units: Units, datasetId: number, column: string): string | null => units.get(datasetId)?.get(column) ?? null
  function trainerColumns(d: StoredDataset): ColumnPayload[] {
    return d.columns.map((c) => {
      const meta = (c.meta ?? {}) as { levels?: string[]; format?: string }
      const kind = c.kind === 'date' ? 'datetime' : (c.kind as ColumnPayload['kind'])
      return { name: c.name, kind, data: c.data as Float64Array | Int32Array, ...(c.kind === 'categorical' ? { levels: meta.levels ?? [] } : {}), ...(c.kind === 'date' && meta.format === 'step' ? { step: true } : {}) }
    })
  }

  function configOf(runId: number): TrainConfig {
    return JSON.parse(store().runs.get(runId).configJson) as TrainConfig
  }

  /** Starts (or resumes) in the trainer under host key `key` (a run's id, or a start's); the
   *  outcome arrives through the sink. */
  /** What listTraining says of each training this app runs or has queued, by host key, in start order. */
  const training = new Map<string, Omit<TrainingItem, 'startId' | 'runId' | 'state' | 'datasetName'>>()
  /** Tells every window that the training queue changed (checked as the renderer checks it). */
  function queueChanged(key: string, change: QueueChange): void {
    const startId = startOf(key)
    o.broadcast(checkQueueMessage({ runId: stored.runOf(key), ...(startId !== undefined ? { startId } : {}), event: { type: 'queue', change } }))
  }
  /** Tells every window and tab that stored runs or datasets are gone: each drops them at once (its
   *  Runs list, the run it shows, its open file's stored number) instead of at its next request. */
  // and those another process deleted (fw rm), told the same way once a check finds them gone
  const deletions = o.store ? watchDeletions(o.store.ids, (runIds, datasetIds) => deleted(runIds, datasetIds), o.deletionCheckMs === undefined ? {} : { everyMs: o.deletionCheckMs }) : null
  function deleted(runIds: readonly number[], datasetIds: readonly number[]): void {
    deletions?.forget(runIds, datasetIds)
    o.broadcast(checkDeletedMessage({ runId: null, event: { type: 'deleted', runIds: [...runIds], datasetIds: [...datasetIds] } }))
  }

  // The datasets saveDataset stored (not one it found already there) that no start of this process
  // has ended on yet: the renderer stores the open file just before its Start. When the last start
  // on one ends before its run exists (stopped while preparing or queued, refused by the trainer),
  // the dataset goes too, as fw train stores nothing then; one a run or a queued start uses stays.
  // So does one whose start main refused outright (its config, its columns, a read-only database).
  const unclaimed = new Set<number>()
  function settleDataset(datasetId: number): void {
    if (!unclaimed.has(datasetId) || [...training.values()].some((t) => t.datasetId === datasetId)) return
    unclaimed.delete(datasetId)
    try {
      if (dropUnusedDataset(store(), datasetId)) deleted([], [datasetId])
    } catch {
      // the database refused (busy, full): the dataset stays, listed as used by no run
    }
  }

  /** `start` (startRun's, startSweep's) on dataset `datasetId`: refused, it leaves nothing, as a start
   *  that ends before its run exists: the dataset saveDataset stored for it goes (settleDataset). */
  function refusedSettles<T>(datasetId: number, start: () => T): T {
    try {
      return start()
    } catch (e) {
      settleDataset(datasetId)
      throw e
    }
  }

  function launch(key: string, payload: StartPayload, about: { name: string | null; datasetId: number; sweepId?: number }): void {
    const h = trainer()
    const p = payload.resume ? h.resume(key, payload) : h.start(key, payload)
    training.set(key, { name: about.name, datasetId: about.datasetId, epochs: payload.config.training.epochs, cell: payload.config.model.cell, sweepId: about.sweepId ?? null, config: payload.config })
    queueChanged(key, h.queued().includes(key) ? 'queued' : 'started')
    // outcomes are reported through the sink; a start that ended unstored stores nothing later
    p.catch(() => {}).finally(() => {
      // ended before any run was stored (stopped while queued, refused): removed; else finished
      queueChanged(key, stored.runOf(key) === null ? 'removed' : 'finished')
      unqueue(key)
      training.delete(key)
      toStore.delete(key)
      const sweep = sweepOf.get(key)
      if (sweep) trialEnded(sweep, key)
      settleDataset(about.datasetId)
    })
  }

  // A classification run stored before its classes were kept is listed at once without them (its
  // caution counts the classes its test period lacks, not which): reading them can prepare the run
  // again, seconds on a large file, which held up the whole list. They are found after the answer,
  // one run at a time, its preparing on a worker thread (listed-classes-thread.ts) so that main
  // answers every other request meanwhile, kept with the run by main, and every window told once,
  // when none is left to find, to read the list again (one event naming them all, not one list
  // read per run).
  const classesToFind = new Set<number>()
  let classesFound: number[] = []
  let findingClasses = false
  let closed = false
  const classesThread = new ListedClassesThread(o.exportWorker)
  function classesNow(r: ListedRun): ReturnType<typeof knownRunClasses>['listed'] {
    const known = knownRunClasses(store(), r)
    if (known.pending) {
      classesToFind.add(r.id)
      if (!findingClasses) (findingClasses = true), setImmediate(() => void findClasses())
    }
    return known.listed
  }
  async function findClasses(): Promise<void> {
    for (let [id] = classesToFind; id !== undefined && o.store && !closed; [id] = classesToFind) {
      classesToFind.delete(id)
      try {
        if (await findRunClassesApart(store(), { id }, (input) => classesThread.fit(input))) classesFound.push(id)
      } catch (e) {
        // not a refusal for now (busy) nor a run deleted since, which findRunClassesApart answers: a
        // fault of this run's own, said here; the others are still found
        if (!closed) console.error(`run ${id}: its classes could not be read: ${(e as Error).message}`)
      }
      await new Promise((next) => setImmediate(next)) // a turn of the event loop between runs
    }
    // told only once settled: one refused for now is read again at the next list, not in a loop
    if (classesFound.length && o.store && !closed) o.broadcast(checkClassesMessage({ runId: null, event: { type: 'classes', runIds: classesFound } }))
    classesFound = []
    findingClasses = false
  }

  function runSummary(r: ListedRun, units: Units = datasetUnits()): RunSummary {
    const cfg = JSON.parse(r.configJson) as Partial<TrainConfig>
    // the run's headline metric, the one its skill is measured on (core/data/metrics)
    const metric = storedHeadline(cfg.data?.task === 'classification' ? 'classification' : 'regression', Object.keys(r.testMetrics))
    // The run's own test skill, as Evaluate, the CLI and the report give it (against the baseline
    // picked on validation: core/train/evaluate.ts); runs stored without one fall back to the best
    // baseline on test on the same metric, never the run's own network
    // its stored choice and range, read once for its skill, forecaster and sweep score
    const parsed = parsedRun(r)
    const forecast = trialForecast(r, r.bestValLoss, parsed.choice)
    const { skill, noSkill, plainBetter, fewEvents, scoresBetter, level } = listedSkill(r, parsed, cfg.data?.task === 'classification' ? 'classification' : 'regression', metric, r.scores, () => store().forecasts.classTally(r.id), () => classesNow(r), storedTestNoise(r))
    return {
      id: r.id,
      datasetId: r.datasetId,
      sweepId: r.sweepId,
      name: r.name,
      notes: r.notes,
      status: r.status as RunStatus,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
      error: storedText(runError(r)),
      ending: endingSummary(r, 'app'),
      cell: cfg.model?.cell ?? '?',
      epochs: r.epochCount,
      bestValLoss: r.bestValLoss,
      ...(scoredSteps(cfg) > 1 ? { lossSteps: scoredSteps(cfg) } : summedOutputs(cfg) > 1 ? { lossOutputs: summedOutputs(cfg) } : {}),
      testMetric: metric ? { metric, value: r.testMetrics[metric] ?? null, skill, ...(noSkill ? { noSkill } : {}), ...(plainBetter ? { plainBetter } : {}), ...(fewEvents !== undefined ? { fewEvents } : {}), ...(scoresBetter ? { scoresBetter } : {}), ...(level ? { level } : {}) } : null,
      datasetName: r.datasetName,
      target: cfg.data?.target ?? '',
      ...(seriesWords(cfg.data?.series) !== undefined ? { series: seriesWords(cfg.data?.series) } : {}),
      ...(cfg.model?.hiddenSize !== undefined ? { hiddenSize: cfg.model.hiddenSize } : {}),
      ...(cfg.data?.lookBack !== undefined ? { lookBack: cfg.data.lookBack, horizon: cfg.data.horizon ?? 1 } : {}),
      forecaster: listedForecaster(parsed),
      trialForecast: forecast,
      trialUnranked: trialUnranked(r, forecast),
      range: parsed.range,
      unit: cfg.data?.target ? unitOf(units, r.datasetId, cfg.data.target) : null,
      // A fw process (or another app) trains it: this app shows it but cannot stop or resume it.
      runningElsewhere: r.status === 'running' && r.ownerInstance !== store().owner.instance ? describeOwner(r) : null,
      global: globalInfo(r.globalJson)
    }
  }

  function globalInfo(json: string | null): GlobalRunInfo | null {
    const g = parseGlobalSummary(json)
    if (!g) return null
    const m = g.summary
    const seasonal = seasonalNaiveMaseOf(m)
    const c = m.classification
    // the series beating their rate beyond noise, and the run's noise: the verdict's "level" (runs stored before: none)
    const classes = c ? { classification: { accuracy: c.model.accuracy, brier: c.model.brier, rateBrier: c.baselines['training-rate'].brier, beatRate: c.beatRate, ...(c.rateNoise ? { rateNoise: c.rateNoise } : {}), ...(c.noise ? { noise: c.noise } : {}) } } : {}
    return { columns: g.columns, series: m.series, meanMase: m.meanMase, meanNaiveMase: m.meanNaiveMase, beatNaive: m.beatNaive, beatBestNaive: m.beatBestNaive, ...(seasonal ? { seasonalNaive: seasonal } : {}), ...(m.bestNaiveNoise ? { bestNaiveNoise: m.bestNaiveNoise } : {}), skipped: g.skipped.map((s) => s.label), ...classes }
  }

  function summaryById(runId: number, units?: Units): RunSummary {
    const r = store().runs.listed().find((x) => x.id === runId)
    if (!r) throw new ContractError('not-found', `run ${runId} not found`)
    return runSummary(r, units)
  }

  function checkedConfig(raw: unknown): TrainConfig {
    return resolveConfig(raw) // throws ConfigError naming the field
  }

  /** The stored dataset `config` trains on, once every column the config names is in it. */
  function datasetFor(datasetId: number, config: TrainConfig): StoredDataset {
    let data: StoredDataset
    try {
      data = store().datasets.load(datasetId)
    } catch (e) {
      // deleted since the window stored it (Delete in another window, fw rm --dataset, a start on it
      // that ended before its run): field datasetId tells the window to store its columns again
      if (e instanceof StoreError && e.code === 'not-found') throw new ContractError('not-found', `dataset ${datasetId} not found`, 'datasetId')
      throw e
    }
    checkColumns(data, datasetId, config)
    return data
  }
  function checkColumns(data: StoredDataset, datasetId: number, config: TrainConfig): void {
    const names = new Set(data.columns.map((c) => c.name))
    const series = (config.data.series?.columns ?? []).map((c, i) => [`data.series.columns[${i}]`, c])
    for (const [field, col] of [['data.target', config.data.target], ['data.time', config.data.time], ...config.data.features.map((f, i) => [`data.features[${i}]`, f]), ...series] as [string, string | undefined][]) {
      if (col !== undefined && !names.has(col)) throw new ContractError('invalid-payload', `column "${col}" is not in dataset ${datasetId}`, field)
    }
  }

  /** Sends a new run to the trainer; its run is stored at 'started' (see storedAtStart above).
   *  Returns the start's handle. */
  // Each start is a row of the store's queue (core/store/queue.ts) from when it is taken until its
  // run is stored (in the same transaction) or it ends unstored: one taken when the app stopped is
  // queued again by the next start of the app, under the same handle.
  const queueRows = new Map<string, number>() // start key -> its queue row
  /** A new start of `config` on dataset `datasetId`. parent: the run it trains again (rerun);
   *  requeued: its queue row from an earlier process; calendarByDefault: its calendar is the default
   *  one, untouched (Setup's word, or the run trained again kept the note), which the run says. */
  function startNew(datasetId: number, config: TrainConfig, name: string | null, how: { parent?: number; requeued?: QueuedStart; calendarByDefault?: boolean } = {}): number {
    const { parent, requeued } = how
    const s = store()
    // the run is stored later, at 'started': a read-only store refuses now, as storing it at Start did
    if (s.readonly) throw readOnly(s.file)
    const data = datasetFor(datasetId, config)
    trainer()
    const startId = requeued?.startId ?? ++lastStart
    const key = `start ${startId}`
    const row = requeued?.id ?? s.queue.add({ startId, datasetId, configJson: JSON.stringify(config), name, parentRunId: parent ?? null, calendarByDefault: how.calendarByDefault === true })
    queueRows.set(key, row)
    const create = () => (parent !== undefined ? s.runs.rerun(parent) : s.runs.create({ datasetId, configJson: JSON.stringify(config), seed: config.training.seed, name }))
    toStore.set(key, () => s.transaction(() => {
      s.queue.remove(row)
      return keepCalendarNote(s.runs, create(), how.calendarByDefault === true)
    }))
    try {
      launch(key, { config, columns: trainerColumns(data), file: data.name }, { name, datasetId })
    } catch (e) {
      toStore.delete(key) // refused by the host itself (a crash loop): nothing started
      unqueue(key)
      throw e
    }
    return startId
  }
  /** A trial of `sweep`, queue row `row` under handle `startId`, sent to the trainer; its run is
   *  stored at 'started' as one of the sweep's, in the transaction that removes its row. */
  function startTrial(sweep: LiveSweep, trial: { startId: number; row: number; datasetId: number; config: TrainConfig; name: string | null; columns: ColumnPayload[]; file: string; calendarByDefault: boolean }): void {
    const s = store()
    const { startId, row, datasetId, config, name } = trial
    const key = `start ${startId}`
    // Trials already share the cores between processes: 'auto' trains on what is left per trial
    // (as fw sweep does); the stored config and queue row keep 'auto', what the user chose, and the
    // run its share, which a Resume trains on too
    const threads = trialThreads(config.training.threads, availableParallelism(), trainer().concurrency)
    queueRows.set(key, row)
    toStore.set(key, () => s.transaction(() => {
      s.queue.remove(row)
      return keepCalendarNote(s.runs, s.runs.create({ datasetId, configJson: JSON.stringify(config), seed: config.training.seed, sweepId: sweep.id, name, trialThreads: threads ?? null }), trial.calendarByDefault)
    }))
    sweepOf.set(key, sweep)
    sweep.keys.push(key)
    try {
      launch(key, { config, columns: trial.columns, file: trial.file, ...(threads === undefined ? {} : { threads }) }, { name, datasetId, sweepId: sweep.id })
    } catch (e) {
      toStore.delete(key)
      sweepOf.delete(key)
      sweep.keys.pop()
      unqueue(key)
      throw e
    }
    sweep.open++
  }


  /** Start `key` has ended unstored (removed, refused, crashed) or was stored: its queue row goes,
   *  unless the app is stopping, when the next start of the app queues it again. */
  function unqueue(key: string): void {
    const row = queueRows.get(key)
    queueRows.delete(key)
    if (row === undefined || host?.shuttingDown) return
    try {
      store().queue.remove(row)
    } catch {
      // the database refused (busy, full): the row stays, and the next start of the app queues it
      // again; nothing else can be done from the end of a start
    }
  }

  /** At attach: the starts a process that is gone had taken and not begun are queued again, in
   *  their order; one that can no longer start (its config refused by this version, its dataset
   *  unreadable) leaves the queue, and the app says why (appInfo's requeue). A sweep's trials not
   *  begun are queued again as trials of the same sweep, which the app names with how far it got. */
  const requeue: AppInfo['requeue'] = { started: 0, queued: 0, refused: [], sweeps: [] }
  function requeueLeft(): void {
    const s = o.store
    if (!s || s.readonly) return
    const taken = s.queue.adopt()
    lastStart = Math.max(lastStart, s.queue.lastStartId())
    // each sweep cut short: followed again here, its trials sent with the columns read once
    const sweeps = new Map<number, { live: LiveSweep; said: AppInfo['requeue']['sweeps'][number] }>()
    const loaded = new Map<number, { data: StoredDataset; columns: ColumnPayload[] }>()
    for (const q of taken) {
      // a trial's sweep is named before its settings are checked, so a refused trial is said under it
      let sweep = q.sweep ? sweeps.get(q.sweep.id) : undefined
      try {
        if (q.sweep && !sweep) {
          const left = taken.filter((t) => t.sweep?.id === q.sweep!.id).length
          const said = { name: s.sweeps.get(q.sweep.id).name, trials: q.sweep.trials, done: q.sweep.trials - left, queued: 0, refused: [] as string[] }
          sweep = { live: liveSweep(q.sweep.id, s.runs.list().filter((r) => r.sweepId === q.sweep!.id).length), said }
          sweeps.set(q.sweep.id, sweep)
          requeue.sweeps.push(said)
        }
        const config = checkedConfig(JSON.parse(q.configJson))
        if (!sweep) {
          startNew(q.datasetId, config, q.name, { ...(q.parentRunId === null ? {} : { parent: q.parentRunId }), requeued: q, calendarByDefault: q.calendarByDefault })
          // one the trainer took at once trains now: said as started, not as waiting in the queue
          if (host?.queued().includes(`start ${q.startId}`)) requeue.queued++
          else requeue.started++
          continue
        }
        let d = loaded.get(q.datasetId)
        if (!d) {
          const data = s.datasets.load(q.datasetId)
          loaded.set(q.datasetId, (d = { data, columns: trainerColumns(data) }))
        }
        checkColumns(d.data, q.datasetId, config)
        // its calendar on by default as its queue row keeps it (migration 022)
        startTrial(sweep.live, { startId: q.startId, row: q.id, datasetId: q.datasetId, config, name: q.name, columns: d.columns, file: d.data.name, calendarByDefault: q.calendarByDefault })
        sweep.said.queued++
      } catch (e) {
        s.queue.remove(q.id)
        const dataset = s.datasets.list().find((d) => d.id === q.datasetId)?.name ?? `dataset ${q.datasetId}`
        const refused = sweep ? sweep.said.refused : requeue.refused // a trial is said under its sweep
        refused.push(`${q.name ? `“${q.name}”` : 'a run'} on ${dataset}: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
    // a sweep none of whose trials could be queued again is followed no longer (and goes if none was stored)
    for (const { live } of sweeps.values()) {
      if (live.open > 0) continue
      liveSweeps.delete(live.id)
      if (live.before === 0) dropEmptySweep(s, live.id, null)
    }
  }

  /** Deletes stored runs `ids`, all or none: one this app trains is refused first, naming it (the
   *  store refuses a missing one, or one another process trains); their pages go back to the disk
   *  once, as fw rm gives them; `note`: why they were not (a full disk), the deletion being done. */
  function deleteStored(ids: readonly number[]): { note?: string } {
    const keys = new Set(host?.active().map((a) => a.runId) ?? [])
    const busy = ids.filter((id) => keys.has(stored.keyOf(id)))
    // no field: the message names the runs already, and the app shows it as it is ("runIds: run 3 …" read as code)
    if (busy.length) throw new ContractError('invalid-payload', `${busy.length === 1 ? `run ${busy[0]} is` : `runs ${andList(busy.map(String))} are`} training; stop ${busy.length === 1 ? 'it' : 'them'} first`)
    const before = databaseBytes(store().file)
    store().runs.removeMany(ids)
    deleted(ids, [])
    const after = reclaimAfterDeletion(store(), before)
    return after.skipped ? { note: `${ids.length === 1 ? `Run #${ids[0]}` : `${ids.length} runs`} deleted${after.said}.` } : {}
  }

  /** A global run's stored summary; null for any other run. */
  const globalSummaryOf = (runId: number) => parseGlobalSummary(store().runs.get(runId).globalJson)

  /** A run's export, made from a snapshot of its rows on the export worker (core/services/
   *  export-runner.ts); a forecast past the end that cannot be made, and a global run's file that
   *  cannot be (ExportUnavailable), as 'not-available'. */
  async function runExport(runId: number, job: Omit<ExportJob, 'snapshot' | 'appVersion'>) {
    try {
      return await exports.run({ ...job, appVersion: o.version, snapshot: runSnapshot(store(), runId) })
    } catch (e) {
      throw unavailableError(e)
    }
  }

  /** A core refusal of a file or forecast that cannot be made, as 'not-available'; anything else as it is. */
  function unavailableError(e: unknown): unknown {
    if (!(e instanceof Error)) return e
    // no field: its message begins with the run already (unavailableAs), and the app shows the message
    if (e instanceof ExportUnavailable || e.name === 'ExportUnavailable') return appContractError('not-available', e)
    if (e instanceof ForecastError || e.name === 'ForecastError') return appContractError('not-available', e)
    return e
  }

  // A forecast past the end rebuilds a single-series run (seconds on a long series) and runs every
  // series of a global one: done on a thread of its own (core/services/ahead-thread.ts), which keeps
  // the last done run it rebuilt; main reads the run's snapshot and answers every other request meanwhile.
  const aheads = new AheadThread(o.exportWorker)

  /** Run `runId` forecast `steps` past the end on the forecast thread, as fw forecast --run gives it
   *  (a global run: every series by its stored model file); one that cannot be made as 'not-available'. */
  async function aheadOf(runId: number, steps: number) {
    try {
      return await aheads.ahead(runSnapshot(store(), runId), steps, o.version)
    } catch (e) {
      throw unavailableError(e)
    }
  }

  // a done run's class names never change: fitted once per run
  const classNames = new Map<number, Pick<RunDetail, 'classes' | 'classWords'>>()
  function classesOf(runId: number, status: RunStatus): Pick<RunDetail, 'classes' | 'classWords'> {
    const known = classNames.get(runId)
    if (known !== undefined) return known
    const t = storedRunTarget(store(), runId)
    const c = { classes: t?.names ?? null, ...(t?.words ? { classWords: [t.words[0], t.words[1]] as [string, string] } : {}) }
    if (status === 'done') classNames.set(runId, c)
    return c
  }
  // nor a done global run's reach past the end: read from its model file once per run
  const reaches = new Map<number, RunDetail['aheadReach']>()
  function aheadReachOf(runId: number): RunDetail['aheadReach'] {
    if (reaches.has(runId)) return reaches.get(runId)
    let r: RunDetail['aheadReach']
    try {
      r = globalAheadReach(storedGlobalModel(store(), runId, o.version))
    } catch {
      // no model file kept (a run from before) or one this version cannot read: no reach is said,
      // and Forecast refuses with the reason (aheadOf)
      r = undefined
    }
    reaches.set(runId, r)
    return r
  }

  /** Refuses a global run: there is no explanation or single-series rebuild of one here. */
  function notGlobal(runId: number): void {
    if (globalSummaryOf(runId)) {
      throw new ContractError('not-available', `run ${runId} is a global run: it exports the forecast CSV, XLSX, report, ONNX graph (one block, or one series_table row, per series) and its model file, and forecasts every series past the end; there is no explanation for global runs here yet`)
    }
  }

  // Explaining a forecast rebuilds the run and takes seconds (a minute with importance on
  // validation): done on a thread of its own (core/services/explain-thread.ts), which keeps the
  // last done run it rebuilt, so each click on Evaluate's chart explains one more forecast of it
  // without rebuilding; main reads the run's snapshot and answers every other request meanwhile.
  const explainer = new ExplainThread(o.exportWorker)

  function lastGradFlow(epochs: { gradFlow?: ArrayLike<number> | null }[]): number[] | null {
    const g = epochs.at(-1)?.gradFlow
    return g ? Array.from(g) : null
  }

  const impl: HandlerImpl = {
    async appInfo(): Promise<AppInfo> {
      const readOnly = o.store?.readonly ? { file: o.store.file, reason: o.store.readonlyReason ?? 'read-only' } : null
      const upgraded = o.store?.upgraded ? { file: o.store.file, ...o.store.upgraded } : null
      // the runs this start of the app found interrupted (their process gone: the app or a fw
      // killed), those not resumed or deleted since, to be resumed
      const s = o.store
      const stillInterrupted = (ids: readonly number[]) => ids.flatMap((id) => {
        try {
          const r = s!.runs.get(id)
          return r.status === 'interrupted' ? [{ runId: id, name: r.name }] : []
        } catch {
          return [] // deleted since
        }
      })
      const interrupted = stillInterrupted(s?.recovered ?? [])
      // the runs the app's last close stopped (a normal quit), not resumed or deleted since
      const stoppedAtQuit = s ? stillInterrupted(o.stoppedAtQuit ?? []) : []
      return { version: o.version, mode: o.mode, samples: await samples(), available: { store: !!o.store, trainer: !!host, config: true }, readOnly, upgraded, interrupted, stoppedAtQuit, requeue, appStartId }
    },
    async readSample({ name }) {
      if (!(await samples()).includes(name)) throw new ContractError('not-found', `no sample named ${name}`, 'name')
      const file = join(o.samplesDir, name)
      if ((await stat(file)).size > LIMITS.sampleBytes) throw new ContractError('invalid-payload', 'sample too large', 'name')
      return { fileName: name, text: await readFile(file, 'utf8') }
    },
    saveDataset(input) {
      // the same rows imported again, by the app or by fw, are the dataset already stored
      // (core/store saveOrReuse): the same typed columns, units, file name and time column,
      // from whatever path (browser mode has none) and however the file wrote them
      const r = store().datasets.saveOrReuse(storedInput(input))
      if (!r.reused) unclaimed.add(r.id)
      return { datasetId: r.id, reused: r.reused }
    },
    // the dataset saveDataset would reuse, nothing stored: Setup's words of a file not stored yet,
    // whose rows fw (or an earlier start) may have stored already, are true only when it knows
    findStoredDataset: (input) => ({ datasetId: store().datasets.findSame(storedInput(input)) }),
    setColumnUnits({ datasetId, units }) {
      store().datasets.setUnits(datasetId, units)
      const d = store().datasets.list().find((x) => x.id === datasetId)
      if (!d) throw new ContractError('not-found', `dataset ${datasetId} not found`)
      return summaryOf(d)
    },
    listDatasets: () => storedDatasets(store()).map((d) => ({ ...summaryOf(d), runIds: d.runIds, bytes: d.bytes, inUse: d.inUse, sameRows: d.sameRows })),
    getDataset({ datasetId }) {
      const d = store().datasets.load(datasetId)
      return { summary: summaryOf(d), columns: d.columns.map((c) => fromStoredColumn(c, d.id)) }
    },
    deleteDataset({ datasetId }) {
      // the store refuses one that runs use (a run started since the list was read included)
      const { said } = removeDataset(store(), datasetId)
      deleted([], [datasetId])
      return { deleted: true, said }
    },
    startRun({ datasetId, config, name, calendarByDefault }) {
      return { startId: refusedSettles(datasetId, () => startNew(datasetId, checkedConfig(config), name ?? null, { calendarByDefault: calendarByDefault === true })) }
    },
    startBacktest({ datasetId, config, folds }) {
      const c = checkedConfig(config)
      const data = datasetFor(datasetId, c)
      // folds too short to train (a test block or the first fold's training rows with no window):
      // refused here, naming the most that fit, rather than by the trainer after it has started
      const refused = backtestRefusal(c, fromStoredDataset(data), folds)
      if (refused) throw new ContractError('invalid-payload', refused, 'folds')
      return { jobId: backtests().start({ config: c, columns: trainerColumns(data), folds, file: data.name }) }
    },
    backtestLimit({ datasetId, config }) {
      const c = checkedConfig(config)
      const { most, why } = maxBacktestFolds(c, fromStoredDataset(datasetFor(datasetId, c)), BACKTEST_FOLDS.max)
      return { most, why }
    },
    async cancelBacktest({ jobId }) {
      return { cancelled: await backtests().cancel(jobId) }
    },
    async stopRun({ runId }) {
      return { stopped: await trainer().cancel(stored.keyOf(runId)) }
    },
    async cancelStart({ startId }) {
      return { cancelled: await trainer().cancel(`start ${startId}`) }
    },
    resumeRun({ runId }) {
      const s = store()
      const h = trainer()
      const config = configOf(runId)
      const run = s.runs.get(runId)
      if (run.status === 'running' && run.ownerInstance !== s.owner.instance) {
        throw new ContractError('invalid-payload', `run ${runId} is training in another process (${describeOwner(run)}); stop it there first`)
      }
      const data = s.datasets.load(run.datasetId)
      void h // fail before touching the store when there is no trainer
      const { last, best } = resumeState(s, runId)
      // a sweep's trial trains on the share it had (run.trialThreads), so it ends as it would have
      const threads = run.trialThreads === null ? {} : { threads: run.trialThreads }
      // its calendar note, where its start kept one, is kept again at its end (the store sink)
      launch(String(runId), { config, columns: trainerColumns(data), file: data.name, resume: { checkpoint: last, best, epochsDone: last.epoch }, ...threads }, { name: run.name, datasetId: run.datasetId })
      return { runId }
    },
    rerun({ runId }) {
      const src = store().runs.get(runId)
      // its calendar on by default where the run trained again kept that note (its default, untouched)
      return { startId: startNew(src.datasetId, checkedConfig(withStoredDefaults(JSON.parse(src.configJson))), null, { parent: runId, calendarByDefault: keptCalendarByDefault(src) }) }
    },
    listTraining: () => {
      if (!host) return []
      const queued = new Set(host.queued())
      const active = new Set(host.active().map((a) => a.runId))
      const names = new Map(o.store ? store().datasets.list().map((d) => [d.id, d.name]) : [])
      return [...training].filter(([key]) => queued.has(key) || active.has(key)).map(([key, about]) => ({
        startId: startOf(key) ?? null,
        runId: stored.runOf(key),
        state: queued.has(key) ? ('queued' as const) : ('training' as const),
        ...about,
        datasetName: names.get(about.datasetId) ?? null
      }))
    },
    listRuns: () => {
      // A fw process killed while the app is open would otherwise show as running until the next
      // start: the Runs view applies the same owner check as opening the database.
      store().recoverStale()
      const units = datasetUnits()
      return store().runs.listed().map((r) => runListItem(runSummary(r, units)))
    },
    startSweep(req) {
      return refusedSettles(req.datasetId, () => {
        const { datasetId, config, name, grid, calendarByDefault } = req
        const s = store()
        // its trials are stored later, each at its 'started': a read-only store refuses now
        if (s.readonly) throw readOnly(s.file)
        const base = checkedConfig(config)
        const trials = expandGrid(base, grid) // SweepError / ConfigError name the path
        const h = trainer()
        const data = datasetFor(datasetId, base)
        const columns = trainerColumns(data)
        const startIds = trials.map(() => ++lastStart)
        // Setup's default calendar, where the grid leaves the trial's as it is (kept with its queue row)
        const byDefault = trials.map((t) => calendarByDefault === true && JSON.stringify(t.config.data.calendar) === JSON.stringify(base.data.calendar))
        // The sweep and a queue row for each trial, all or none: a sweep cut short by the app stopping
        // is queued again, its remaining trials only, when the app next starts (requeueLeft). Each
        // trial named as fw sweep names it, by its sweep's number (trialName)
        const { sweepId, rows, names } = s.transaction(() => {
          const sweepId = s.sweeps.create({ name, specJson: JSON.stringify({ grid }) })
          const sweep = { id: sweepId, trials: trials.length }
          const names = trials.map((t) => trialName(sweepId, t.index, t.params))
          return { sweepId, names, rows: trials.map((t, i) => s.queue.add({ startId: startIds[i]!, datasetId, configJson: JSON.stringify(t.config), name: names[i], sweep, calendarByDefault: byDefault[i] })) }
        })
        const sweep = liveSweep(sweepId, 0)
        // Each trial is a start of its own; the host queues what it cannot run at once.
        let launched = 0
        try {
          for (; launched < trials.length; launched++) {
            const trial = trials[launched]!.config
            startTrial(sweep, { startId: startIds[launched]!, row: rows[launched]!, datasetId, config: trial, name: names[launched]!, columns, file: data.name, calendarByDefault: byDefault[launched]! })
          }
        } catch (e) {
          // refused by the host itself (a crash loop): nothing half started; the trials already
          // queued are stopped, those not sent leave the queue, and the sweep goes once they have
          // ended (at once where none had)
          for (const key of sweep.keys) void h.cancel(key)
          for (const row of rows.slice(launched + 1)) {
            try {
              s.queue.remove(row)
            } catch {
              // the database refused: the next start of the app finds the rows and says so
            }
          }
          if (sweep.open === 0) {
            liveSweeps.delete(sweepId)
            dropEmptySweep(s, sweepId, null)
          }
          throw e
        }
        return { sweepId, startIds, names }
      })
    },
    async stopSweep({ sweepId }) {
      // every trial not yet ended: queued, starting (nothing is stored) or training (its run is
      // cancelled, its last checkpoint kept)
      const sweep = liveSweeps.get(sweepId)
      if (!sweep) return { stopped: 0 }
      const h = trainer()
      const stopped = await Promise.all(sweep.keys.map((key) => h.cancel(key)))
      return { stopped: stopped.filter(Boolean).length }
    },
    getRun({ runId }): RunDetail {
      const d = store().getRun(runId)
      const config = JSON.parse(d.run.configJson) as TrainConfig
      const status = d.run.status as RunStatus
      const last = status === 'interrupted' || status === 'cancelled' ? store().checkpoints.load(runId, 'last') : null
      // the run's dataset summary, read once for its target's unit and its time column
      const dataset = store().datasets.list().find((x) => x.id === d.run.datasetId)
      // its units for the summary too, instead of every dataset's read again
      const units: Units = new Map(dataset ? [[dataset.id, new Map(dataset.columns.map((c) => [c.name, c.unit]))]] : [])
      return {
        summary: summaryById(runId, units),
        config,
        epochs: d.epochs.map(({ gradFlow: _g, ...e }) => e),
        metrics: d.metrics,
        forecasts: d.forecasts as ForecastPoint[],
        // the forecasts' ts are times when the run had a time column: the config's (the app sets
        // it) or the one the import found (fw train keeps it with the dataset, not the config)
        hasTime: parseGlobalSummary(d.run.globalJson)?.hasTime ?? (config.data.time !== undefined || storedTimeColumn(dataset) !== null),
        ...aheadZoneOf(storedRunZone(dataset, config.data.time), 'zone'),
        datasetContent: dataset ? datasetContentKey(dataset) : null,
        choice: parseStoredChoice(d.run.choiceJson),
        range: parseTargetRange(d.run.rangeJson),
        unit: dataset?.columns.find((c) => c.name === config.data.target)?.unit ?? null,
        notices: runNotices(d.run, 'app'),
        gradFlow: gradFlows.get(runId) ?? lastGradFlow(d.epochs),
        canResume: last !== null,
        // fw train --out's folder, which a Resume here writes nothing to (the view says so)
        outDir: d.run.outDir,
        ...(config.data.task === 'classification' ? { ...classesOf(runId, status), threshold: storedThreshold(d.run), testNoise: storedTestNoise(d.run) } : {}),
        ...(status === 'done' && d.run.globalJson && aheadReachOf(runId) !== undefined ? { aheadReach: aheadReachOf(runId) } : {})
      }
    },
    listRunSeries({ runId }): RunSeriesRow[] {
      const rows = store().series.list(runId)
      const classes = rows.length > 0 && configOf(runId).data.task === 'classification'
      // each series' noise against its training rate (a regression's: against the better naive),
      // where the run keeps it: "level" within it
      const g = rows.length > 0 ? globalSummaryOf(runId) : null
      // every series' own zone (storedSeriesZones), read once with the list: each chart's clock
      const zones = rows.length > 0 ? storedSeriesZones(store(), runId) : new Map<string, TimeZoneMark>()
      return rows.map((s) => ({
        ...aheadZoneOf(zones.get(s.key.join('\u0000')), `[${s.position}].zone`),
        number: s.position + 1, key: s.key, label: s.label, n: s.n, mae: s.mae, mase: s.mase, naiveMae: s.naiveMae, seasonalNaiveMae: s.seasonalNaiveMae, coverage: s.coverage, beatsNaive: s.beatsNaive, forecastBy: s.forecastBy ?? null, forecastLabel: s.forecastLabel ?? null, networkMae: s.networkMae, networkMase: s.networkMase, rangeNote: rangeWarning(parseTargetRange(s.rangeJson), (x) => formatNumber(x, 4)),
        // a global classification's series: its class scores, as fw show's table has them (core/cli/global-classes.ts)
        ...(classes ? { classes: { accuracy: s.accuracy ?? null, brier: s.brier ?? null, logLoss: s.logLoss ?? null, rateBrier: s.rateBrier ?? null, beatsRate: beatsRateWord(s, g ? seriesRateNoiseOf(g, s.position).rateNoise : undefined) } } : { beatsBetterNaive: beatsBetterNaiveWord(s, g ? seriesNoiseOf(g, s.position).noise : undefined)! })
      }))
    },
    getSeriesForecast({ runId, series }) {
      const g = globalSummaryOf(runId)
      if (!g) throw new ContractError('not-found', `run ${runId} is not a global run`)
      const rows = store().series.forecasts(runId, series - 1) as ForecastPoint[]
      // its own zone came with its row of listRunSeries
      return { rows, hasTime: g.hasTime }
    },
    updateRun({ runId, name, notes }) {
      // null or a blank text clears a field (the run shows its automatic name); absent leaves it
      const labels: { name?: string | null; notes?: string | null } = {}
      if (name !== undefined) labels.name = name
      if (notes !== undefined) labels.notes = notes
      store().runs.label(runId, labels)
      return summaryById(runId)
    },
    deleteRun({ runId }) {
      return { deleted: true, ...deleteStored([runId]) }
    },
    deleteRuns({ runIds }) {
      const ids = [...new Set(runIds)]
      return { deleted: ids.length, ...deleteStored(ids) }
    },
    async exportForecastCsv({ runId, locale, aheadSteps }) {
      const out = await runExport(runId, { kind: 'csv', ...(locale ? { locale } : {}), ...(aheadSteps !== undefined ? { aheadSteps } : {}) })
      return { fileName: `forecast-run-${runId}.csv`, text: out.text!, ...(out.note ? { note: out.note } : {}) }
    },
    async exportModel({ runId }) {
      // a global run's model file as fw train --global wrote it, kept with the run (migration 008)
      return { fileName: `model-run-${runId}.json`, text: (await runExport(runId, { kind: 'model' })).text! }
    },
    async exportOnnx({ runId }) {
      // a global run: one graph for every series, each one's scaling taken through its inputs (docs/export.md)
      return { fileName: `model-run-${runId}.onnx`, bytes: plainBytes((await runExport(runId, { kind: 'onnx' })).bytes!) }
    },
    async exportXlsx({ runId, aheadSteps }) {
      const out = await runExport(runId, { kind: 'xlsx', ...(aheadSteps !== undefined ? { aheadSteps } : {}) })
      return { fileName: `forecast-run-${runId}.xlsx`, bytes: plainBytes(out.bytes!), ...(out.note ? { note: out.note } : {}) }
    },
    async exportReport({ runId }) {
      const out = await runExport(runId, { kind: 'report' })
      return { fileName: `report-run-${runId}.html`, text: out.text!, ...(out.note ? { note: out.note } : {}) }
    },
    async cancelExport() {
      return { cancelled: await exports.cancel() }
    },
    exportProgress() {
      return { progress: exports.progress() }
    },
    predictWithModel({ datasetId, dataset, fileName, bytes, joined }) {
      // a stored dataset, or the open file's columns, applied to as they are and not stored (the
      // contract gives exactly one)
      const ds = datasetId !== undefined ? fromStoredDataset(store().datasets.load(datasetId)) : unstoredDataset(dataset!.name, dataset!.columns)
      if (!joined) return applyModelFile(bytes, fileName, ds, o.version)
      // the import's notice, which the columns sent lost: its days are a date column, its times of day gone
      const which = datasetId !== undefined ? `dataset ${datasetId}` : ds.file
      if (ds.columns.find((c) => c.name === joined.day)?.kind !== 'date') throw new ContractError('invalid-payload', `${which} has no date column ${JSON.stringify(joined.day)}`, 'joined.day')
      if (ds.columns.some((c) => c.name === joined.time)) throw new ContractError('invalid-payload', `${which} keeps the column ${JSON.stringify(joined.time)}: it was not joined to the days`, 'joined.time')
      return applyModelFile(bytes, fileName, { ...ds, notices: [dateTimeJoined(joined.day, joined.time)] }, o.version)
    },
    explainForecast({ runId, ts, global, refineBudget, view }) {
      notGlobal(runId)
      // a failed run, or one with no weights: the thread's rebuild refuses it, as rebuilt() does;
      // the view's explanation still under way (a forecast clicked before this one) stops
      return explainer.explain(runSnapshot(store(), runId), { ts, global: global === true, ...(refineBudget !== undefined ? { refineBudget } : {}) }, view)
    },
    async forecastAhead({ runId, steps }) {
      const ahead = await aheadOf(runId, steps)
      if (ahead.kind === 'global') {
        // every series by its stored model file, as fw forecast --run gives them
        const { blocks, beyond, notForecast, far, clock, zone } = ahead
        const numbers = new Map(store().series.list(runId).map((s) => [JSON.stringify(s.key), s.position + 1]))
        // each series' times in its own zone, as the export's CSV writes them (forecastGlobal's block zone)
        const series: SeriesAhead[] = blocks.map((b, i) => ({
          number: numbers.get(JSON.stringify(b.key)) ?? 0, key: b.key, label: b.label,
          rows: b.points.map((f) => ({ ts: f.time ?? f.row, step: f.step, value: f.value, lower: f.lower, upper: f.upper, actual: null })),
          ...aheadZoneOf(b.zone === undefined ? zone : b.zone, `series[${i}].zone`)
        }))
        // the series whose last values lie outside what the run saw of them, grouped (as fw forecast warns)
        // and the series it leaves out, that cannot reach so far (their network's features), once per reason
        return { rows: [], hasTime: blocks.some((b) => b.points.some((f) => f.time !== null)), series, beyond: beyond ? appWords(beyond) : null, notForecast: notForecast.length ? notForecast.map(appWords).join('; ') : null, far, clock }
      }
      const { points, hasTime, domain, intervals, beyond, far, clock, zone } = ahead
      // more than two classes: each class's probability beside the likeliest class (fw forecast's P(…) columns)
      return { rows: points.map((f) => ({ ts: f.time ?? f.row, step: f.step, value: f.value, lower: f.lower, upper: f.upper, actual: null, ...(f.probs && f.probs.length > 2 ? { probs: f.probs } : {}) })), hasTime, domain, intervals, beyond, far, clock, ...aheadZoneOf(zone, 'zone') }
    },
    ...(o.saveFile ? { saveFile: o.saveFile } : {})
  }

  return {
    impl,
    sink,
    checkDeletions: () => deletions?.check(),
    close: () => {
      deletions?.stop()
      closed = true
      void classesThread.close()
      void explainer.close()
      void aheads.close()
    },
    attachBacktests(h) {
      backtestHost = h
    },
    attachHost(h) {
      host = h
      requeueLeft()
      // the trainer's notes reach the watching view, and what the run is doing while no epoch ends
      // (a large epoch's batches, a global run choosing each series' forecast after its last one)
      h.onEvent((e) => {
        if (e.type === 'log' && e.level !== 'error') emit(e.runId, { type: 'log', level: e.level, message: e.message })
        if (e.type === 'phase') emit(e.runId, { type: 'progress', phase: e.phase, done: e.done, total: e.total, ...(e.epoch !== undefined ? { epoch: e.epoch } : {}) })
      })
    }
  }
}
