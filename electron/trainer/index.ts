// The trainer process: pure compute, no database. Started by Electron's utilityProcess.fork or,
// under Node (tests, CLI sweeps), by child_process.fork with serialization 'advanced'. It runs one
// training job at a time and posts every TrainEvent, tagged with its runId, to the host.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parallelGradients, parallelStatFits, resolveThreads } from '../../core/parallel'
import { enableRelaxedSimd } from '../../core/services/wasm-features'
import { runTraining } from '../../core/train/run'
import { runGlobalTraining } from '../../core/train/global'
import { backtest } from '../../core/train/backtest'
import type { TrainEvent } from '../../core/train/types'
import { errorPayload, parseHostMessage, type BacktestStartMessage, type BacktestTrainerMessage, type GlobalDoneMessage, type StartMessage } from '../../core/services/trainer-protocol'
import { columnsToDataset } from '../../core/services/trainer-columns'
import { connectToParent, reportFatalErrors } from './transport'

// The main build puts the worker entry beside this bundle: out/main/parallel-worker.js. Under
// FW_PARALLEL_WORKER (tests) or when it is missing, fit falls back to one thread with a warning.
const WORKER_FILE = process.env['FW_PARALLEL_WORKER'] || join(dirname(fileURLToPath(import.meta.url)), 'parallel-worker.js')

enableRelaxedSimd() // under Node 20 (fork): the kernels Electron's utility process runs, FMA included
const parent = connectToParent()
reportFatalErrors(parent, () => active)
const cancelled = new Set<string>()
let active: string | null = null

parent.onMessage((raw) => {
  const parsed = parseHostMessage(raw)
  if (!parsed.ok) {
    // Never act on a malformed message; say why so the host can fail the run it meant.
    const runId = typeof (raw as { runId?: unknown })?.runId === 'string' ? (raw as { runId: string }).runId : 'unknown'
    // A rejected start must still end its run, or the host would wait for it forever.
    const isStart = (raw as { type?: unknown })?.type === 'start'
    parent.send(isStart
      ? { runId, type: 'failed', error: { name: 'ProtocolError', message: parsed.error.message } }
      : { runId, type: 'log', level: 'warn', message: `rejected message: ${parsed.error.message}` })
    return
  }
  const msg = parsed.message
  if (msg.type === 'cancel') {
    cancelled.add(msg.runId)
    // One process trains one run, and a cancel is always answered: during the run the loop stops
    // at the next batch and the process ends (below); before the start (or with none) it ends now.
    // The host counts the exit of a run it is cancelling as cancelled.
    if (active === null) parent.exit(0)
    else if (active !== msg.runId) parent.send({ runId: msg.runId, type: 'log', level: 'warn', message: `cancel for ${msg.runId}, but this trainer runs ${active}` })
    return
  }
  if (active !== null) {
    parent.send({ runId: msg.runId, type: 'failed', error: { name: 'BusyError', message: `trainer is already running ${active}` } })
    return
  }
  void (msg.type === 'backtest' ? runBacktest(msg) : run(msg))
})

async function run(msg: StartMessage): Promise<void> {
  active = msg.runId
  const emit = (e: TrainEvent): void => parent.send({ runId: msg.runId, ...e })
  const hooks = { emit, shouldStop: () => cancelled.has(msg.runId), yieldNow: () => new Promise<void>((r) => setImmediate(r)) }
  try {
    // a sweep's trial: the threads its host gives it (the cores shared by the trials), else the config's
    const threads = msg.threads ?? resolveThreads(msg.config.training.threads)
    const gradients = parallelGradients({ threads, workerFile: WORKER_FILE })
    const dataset = columnsToDataset(msg.columns, msg.config.data.time, msg.file) // refusals name the file, as Setup does
    const resume = msg.resume ? { last: msg.resume.checkpoint, best: msg.resume.best ?? null } : undefined
    if (msg.config.data.series?.global) {
      // One network across every series (as fw train --global); main records it with its series.
      const statFits = parallelStatFits({ threads, workerFile: WORKER_FILE })
      const r = await runGlobalTraining({ config: msg.config, dataset, resume, gradients, statFits }, hooks)
      if (r) {
        // with its model file, which main keeps with the run (forecasts past the end, Export)
        const done: GlobalDoneMessage = { runId: msg.runId, type: 'global-done', result: r, hasTime: msg.config.data.time !== undefined || dataset.timeColumn !== null }
        parent.send(done)
      }
    } else {
      // its statistical models fitted on a worker, one even on one thread (as a backtest's folds):
      // ARIMA's search and refit hold a thread for seconds, and a cancel must be heard meanwhile
      // (the fitter asks shouldStop while it waits, and ends the worker); its ticks count the
      // choice's steps as it fits
      const statFits = parallelStatFits({ threads, workerFile: WORKER_FILE, offThread: true })
      // a calendar Setup set by default is kept with the run by main, from its start (keepCalendarNote)
      const result = await runTraining({ config: msg.config, dataset, resume, gradients, statFits }, hooks)
      if (result) emit({ type: 'done', result })
    }
  } catch (e) {
    emit({ type: 'failed', error: errorPayload(e) })
  } finally {
    active = null
  }
  if (cancelled.has(msg.runId)) parent.exit(0)
}

/** A walk-forward backtest (BacktestHost): every fold trained as a run is, each fold's start,
 *  epochs and scores posted as they come, then all folds. Cancelled, it stops after the current
 *  batch and exits without a result: a backtest is whole or not at all. */
async function runBacktest(msg: BacktestStartMessage): Promise<void> {
  active = msg.runId
  const send = (m: BacktestTrainerMessage): void => parent.send(m)
  const runId = msg.runId
  try {
    const threads = resolveThreads(msg.config.training.threads)
    const gradients = parallelGradients({ threads, workerFile: WORKER_FILE })
    // every fold fits its statistical models on worker threads (a global run's, each series', as its
    // run does), one even on one thread: ARIMA's search holds its thread for seconds, and a cancel
    // must be heard meanwhile (the fitter asks shouldStop while it waits and ends the workers)
    const statFits = parallelStatFits({ threads, workerFile: WORKER_FILE, offThread: true })
    const folds = await backtest(msg.config, columnsToDataset(msg.columns, msg.config.data.time, msg.file), {
      folds: msg.folds,
      words: 'app', // its notes name Setup's fields (Season 7 in Setup), as the run's notices do
      onEvent: (fold, e) => {
        if (e.type === 'started') send({ type: 'fold-started', runId, fold, folds: msg.folds, epochs: e.epochs })
        else if (e.type === 'epoch') send({ type: 'fold-epoch', runId, fold, epoch: e.epoch })
        else if (e.type === 'log') send({ type: 'log', runId, level: e.level, message: e.message })
        else if (e.type === 'progress') send({ runId, fold, phase: e.phase, done: e.done, total: e.total, ...(e.epoch !== undefined ? { epoch: e.epoch } : {}), type: 'fold-progress' })
      },
      onFold: (result) => send({ type: 'fold-done', runId, result }),
      shouldStop: () => cancelled.has(runId),
      yieldNow: () => new Promise<void>((r) => setImmediate(r)),
      gradients,
      statFits
    })
    if (!cancelled.has(runId)) send({ type: 'backtest-done', runId, folds })
  } catch (e) {
    send({ type: 'failed', runId, error: errorPayload(e) })
  } finally {
    active = null
  }
  if (cancelled.has(runId)) parent.exit(0)
}
