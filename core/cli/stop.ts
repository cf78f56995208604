// Ctrl-C and SIGTERM for the commands that train in this process (fw train, fw resume). The first
// signal stops at the next step of preparing the data (nothing of a new run saved), or, once
// training began (trap.training()), after the current batch: the run keeps its last checkpoint (stored after every
// epoch), becomes 'cancelled', and the CLI says how to resume and exits 130. A second signal
// quits at once; the run is then left 'running' under a dead pid, which the next process to open
// the database marks 'interrupted' (core/store/owner.ts).
import { HEARTBEAT_MS, type Store } from '../store'
import type { FitHooks } from '../train/fit'
import type { Out } from './format'

/** Training stopped on request; the CLI exits 130 (128 + SIGINT), as shells expect of Ctrl-C. */
export class Stopped extends Error {
  override name = 'Stopped'
}

/** Another process took this run for dead and marked it interrupted; training stopped here. */
export class RunTaken extends Error {
  override name = 'RunTaken'
}

export interface StopTrap {
  /** The first signal received, or null. */
  readonly signal: NodeJS.Signals | null
  /** What a second signal prints before quitting (e.g. the run to resume). */
  setQuitHint(hint: string): void
  /** Called on the first signal (fw sweep cancels its trainer processes then). */
  onStop(fn: () => void): void
  /** Training began (its 'started' event): a first signal is now heard after the current batch;
   *  before, while the data is prepared, at preparation's next step, and the first line says which. */
  training(): void
  release(): void
}

/** Installs the SIGINT and SIGTERM handlers; `exit` is process.exit except in tests. */
export function trapStop(err: Out, exit: (code: number) => void = (c) => process.exit(c)): StopTrap {
  let signal: NodeJS.Signals | null = null
  let hint = ''
  let batches = false
  const listeners: (() => void)[] = []
  const on = (s: NodeJS.Signals) => {
    if (signal !== null) {
      err.write(`\nfw: ${s} again: quitting now.${hint ? ` ${hint}` : ''}\n`)
      exit(130)
      return
    }
    signal = s
    err.write(`\nfw: ${s}: ${stoppingWords(batches)}; press Ctrl-C again to quit at once\n`)
    for (const fn of listeners) fn()
  }
  process.on('SIGINT', on)
  process.on('SIGTERM', on)
  return {
    get signal() {
      return signal
    },
    setQuitHint(h) {
      hint = h
    },
    onStop(fn) {
      listeners.push(fn)
    },
    training() {
      batches = true
    },
    release() {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
    }
  }
}

/** What the first signal's line says the command does: after the current batch once training
 *  began, else at the next step of preparing the data (heard there since runTraining pauses). */
export const stoppingWords = (training: boolean): string => (training ? 'stopping after this batch' : 'stopping at the next step of preparing the data, before training starts')

/**
 * The fit hooks that let a stop request and the heartbeat through: `yieldNow` goes through the
 * event loop (a resolved promise would starve the signal handlers and the store's timer), and
 * `shouldStop`, polled between batches, also beats for the run every few seconds and stops when
 * the run is no longer this process's to train.
 */
export function stopHooks(trap: StopTrap | null, store: Store | null, runId: () => number | null): Pick<FitHooks, 'shouldStop' | 'yieldNow'> & { taken(): boolean } {
  let lastBeat = Date.now()
  let taken = false
  return {
    shouldStop() {
      if (trap?.signal) return true
      const id = runId()
      if (store !== null && id !== null && Date.now() - lastBeat >= HEARTBEAT_MS) {
        lastBeat = Date.now()
        if (store.heartbeat(id) === 0) taken = true
      }
      return taken
    },
    yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)),
    taken: () => taken
  }
}

/**
 * After training returned without a result: records the stop and throws what the CLI reports.
 * A signal cancels the run (its last checkpoint stays for `fw resume`); a run taken by another
 * process is left as that process marked it.
 */
export function stoppedRun(trap: StopTrap | null, taken: boolean, store: Store | null, runId: number | null): never {
  // fw resume continues from the last checkpoint; with none (no epoch finished) it trains the run
  // again from the start (runs.ts), which the hint says rather than 'continue'
  const again = (id: number) => `fw resume ${id} trains it again from the start (same seed)`
  if (taken && runId !== null) {
    const why = store?.runs.get(runId).error
    const next = store?.checkpoints.load(runId, 'last') === null ? `No epoch finished, so no checkpoint is kept: ${again(runId)}` : `Continue it with: fw resume ${runId}`
    throw new RunTaken(`run ${runId} was marked interrupted by another process${why ? ` (${why})` : ''}; training stopped here. ${next}`)
  }
  const sig = trap?.signal ?? 'a stop request'
  if (store === null || runId === null) throw new Stopped(`stopped by ${sig}; nothing was saved`)
  if (store.runs.get(runId).status === 'running') store.cancelRun(runId)
  const last = store.checkpoints.load(runId, 'last')
  if (last === null) throw new Stopped(`stopped by ${sig}: run ${runId} cancelled before its first epoch finished, so no checkpoint is kept: ${again(runId)}`)
  throw new Stopped(`stopped by ${sig}: run ${runId} cancelled after epoch ${last.epoch}. Continue it with: fw resume ${runId}`)
}
