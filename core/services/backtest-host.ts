// Walk-forward backtests (core/train/backtest.ts) in a trainer process, so that main stays free
// while every fold trains: the same ForkFn and trainer entry as TrainerHost's runs, one process per
// backtest. A backtest records nothing (as `fw backtest`), so there is no RunSink, queue or resume:
// its events go to `onEvent` and are gone. One backtest at a time: a new one cancels the one before.
// Cancel asks the trainer to stop after its current batch and waits for the process to exit
// (killing it only past `cancelGraceMs`): once cancel resolves nothing runs and no result follows.
// A trainer that has not begun its first fold is still loading (a second or two) and would read the
// cancel only then: it is killed at once, as it holds nothing and a backtest keeps nothing.
import type { BacktestFold } from '../train/backtest'
import type { ProgressEvent } from '../train/types'
import { errorPayload, parseBacktestMessage, parseHostMessage, type BacktestPayload, type BacktestTrainerMessage } from './trainer-protocol'
import { describeExit, type ExitInfo, type ForkFn, type TrainerChild } from './trainer-child'

export type BacktestEvent =
  | { type: 'fold-started'; fold: number; folds: number; epochs: number }
  /** Throttled to one per `progressIntervalMs`, plus each fold's last epoch. */
  | { type: 'epoch'; fold: number; folds: number; epoch: number; epochs: number }
  /** What the fold does while no epoch ends, with the work done (ProgressEvent); throttled as 'epoch'. */
  | ({ type: 'progress'; fold: number; folds: number } & Omit<ProgressEvent, 'type'>)
  | { type: 'fold-done'; folds: number; result: BacktestFold }
  | { type: 'done'; folds: BacktestFold[] }
  | { type: 'failed'; error: { name: string; message: string } }
  | { type: 'cancelled' }

export interface BacktestHostOptions {
  fork: ForkFn
  /** The trainer entry: out/main/trainer.js in the app, a bundle of it in tests. */
  modulePath: string
  onEvent: (jobId: number, event: BacktestEvent) => void
  now?: () => number
  progressIntervalMs?: number // default 250
  /** How long a cancelled backtest may take to finish its batch before it is killed; default 10 s. */
  cancelGraceMs?: number
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

interface Job {
  id: number
  child: TrainerChild
  folds: number
  /** running: its events are told; cancelling: cancel asked, its exit is `cancelled`; ended: its
   *  outcome was told (done or failed) and only its exit is awaited. */
  phase: 'running' | 'cancelling' | 'ended'
  epochs: number // planned per fold, from fold-started
  /** The trainer has said something: it is loaded and hears a cancel between batches and fits. */
  heard: boolean
  lastEpochAt: number
  exited: Promise<void>
}

const SHUTDOWN_WAIT_MS = 5000

export class BacktestHost {
  private readonly jobs = new Map<number, Job>()
  private nextId = 1
  private closed = false

  constructor(private readonly o: BacktestHostOptions) {}

  /** Starts a backtest and returns its job id. Throws (synchronously) a ProtocolError naming the
   *  field for a bad payload (nothing is forked then), or an Error when the process cannot start. */
  start(payload: BacktestPayload): number {
    if (this.closed) throw new Error('The backtest host has shut down')
    const id = this.nextId
    const runId = jobName(id)
    const parsed = parseHostMessage({ type: 'backtest', runId, ...payload })
    if (!parsed.ok) throw parsed.error
    this.nextId++
    for (const j of this.jobs.values()) void this.cancel(j.id)
    let child: TrainerChild
    try {
      child = this.o.fork(this.o.modulePath)
    } catch (e) {
      throw new Error(`The backtest could not be started: ${errorPayload(e).message}`)
    }
    let exited!: () => void
    const job: Job = { id, child, folds: payload.folds, phase: 'running', epochs: 0, heard: false, lastEpochAt: -Infinity, exited: new Promise<void>((r) => (exited = r)) }
    this.jobs.set(id, job)
    child.onMessage((m) => this.onMessage(job, m))
    child.onExit((info) => {
      this.onExit(job, info)
      exited()
    })
    try {
      child.postMessage(parsed.message)
    } catch (e) {
      this.log('warn', `could not send the backtest to its trainer: ${errorPayload(e).message}`) // its exit reports it
    }
    return id
  }

  /** Stops the backtest after the trainer's current batch. Resolves true once its process has
   *  exited, false when the job was unknown or had already finished. */
  async cancel(jobId: number): Promise<boolean> {
    const job = this.jobs.get(jobId)
    if (!job || job.phase !== 'running') {
      await job?.exited
      return false
    }
    job.phase = 'cancelling'
    if (!job.heard) job.child.kill()
    else try {
      job.child.postMessage({ type: 'cancel', runId: jobName(jobId) })
    } catch {
      job.child.kill() // the channel is gone: the process is on its way out anyway
    }
    const timer = setTimeout(() => job.child.kill(), this.o.cancelGraceMs ?? 10_000)
    await job.exited
    clearTimeout(timer)
    return true
  }

  /** Job ids whose trainer process has not exited yet. */
  active(): number[] {
    return [...this.jobs.keys()]
  }

  /** At quit: every backtest's process is killed; resolves when all have exited, or after 5 s. */
  async shutdown(): Promise<void> {
    this.closed = true
    const waits = [...this.jobs.values()].map((j) => {
      if (j.phase === 'running') j.phase = 'cancelling'
      j.child.kill()
      return j.exited
    })
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([Promise.all(waits), new Promise<void>((r) => (timer = setTimeout(r, SHUTDOWN_WAIT_MS)))])
    clearTimeout(timer)
  }

  private onMessage(job: Job, raw: unknown): void {
    // cancelling: what the trainer still says before it exits is not told (no half result)
    if (job.phase !== 'running') return
    job.heard = true
    const parsed = parseBacktestMessage(raw)
    if (!parsed.ok) return this.fail(job, `The trainer sent a malformed message (${parsed.error.message}); the backtest was stopped.`)
    const m = parsed.message
    if (m.runId !== jobName(job.id)) return this.fail(job, `The trainer sent a message for ${m.runId}, not ${jobName(job.id)}; the backtest was stopped.`)
    this.dispatch(job, m)
  }

  private dispatch(job: Job, m: BacktestTrainerMessage): void {
    switch (m.type) {
      case 'fold-started':
        job.epochs = m.epochs
        return this.tell(job.id, { type: 'fold-started', fold: m.fold, folds: job.folds, epochs: m.epochs })
      case 'fold-epoch': {
        const now = (this.o.now ?? Date.now)()
        if (now - job.lastEpochAt < (this.o.progressIntervalMs ?? 250) && m.epoch < job.epochs) return
        job.lastEpochAt = now
        return this.tell(job.id, { type: 'epoch', fold: m.fold, folds: job.folds, epoch: m.epoch, epochs: job.epochs })
      }
      case 'fold-progress': {
        const now = (this.o.now ?? Date.now)()
        if (now - job.lastEpochAt < (this.o.progressIntervalMs ?? 250) && m.done < m.total) return
        job.lastEpochAt = now
        const { type: _t, runId: _r, ...e } = m
        return this.tell(job.id, { ...e, type: 'progress', folds: job.folds })
      }
      case 'fold-done':
        return this.tell(job.id, { type: 'fold-done', folds: job.folds, result: m.result })
      case 'backtest-done':
        return this.end(job, { type: 'done', folds: m.folds })
      case 'failed':
        return this.end(job, { type: 'failed', error: m.error })
      case 'log':
        return this.log(m.level, `backtest ${job.id}: ${m.message}`)
    }
  }

  private fail(job: Job, message: string): void {
    this.log('error', `backtest ${job.id}: ${message}`)
    this.end(job, { type: 'failed', error: { name: 'ProtocolError', message } })
  }

  /** Tells the outcome and ends the process (its job is over; it may already be exiting). */
  private end(job: Job, outcome: BacktestEvent): void {
    job.phase = 'ended'
    this.tell(job.id, outcome)
    job.child.kill()
  }

  private onExit(job: Job, info: ExitInfo): void {
    this.jobs.delete(job.id)
    if (job.phase === 'cancelling') this.tell(job.id, { type: 'cancelled' })
    else if (job.phase === 'running') {
      const reason = describeExit(info)
      this.log('error', `trainer of backtest ${job.id} (pid ${job.child.pid}) ${reason}`)
      this.tell(job.id, { type: 'failed', error: { name: 'TrainerExit', message: `The backtest's training process ${reason}.` } })
    }
  }

  private tell(jobId: number, e: BacktestEvent): void {
    try {
      this.o.onEvent(jobId, e)
    } catch (err) {
      this.log('error', `backtest event listener failed: ${errorPayload(err).message}`)
    }
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    if (this.o.log) this.o.log(level, message)
    else if (level !== 'info') console.warn(`[backtest-host] ${message}`)
  }
}

const jobName = (id: number): string => `backtest-${id}`
