// The one class that owns trainer processes: one process per run, at most `concurrency` at once,
// the rest queued. Everything a run produces goes to the RunSink in the order the trainer sent it;
// the host itself stores nothing. Exits are classified: after `done`/`failed` an exit is expected,
// after cancel it is `cancelled`, at quit `interrupted`, and otherwise it is a crash: the run is
// `interrupted` with the reason, and crashes are counted so that a crash loop stops new starts.
import os from 'node:os'
import type { Checkpoint, ProgressEvent, TrainEvent, TrainResult } from '../train/types'
import { parseHostMessage, parseTrainerMessage, ProtocolError, errorPayload, type GlobalDone, type StartPayload, type TrainerMessage } from './trainer-protocol'
import { describeExit, type ExitInfo, type ForkFn, type TrainerChild } from './trainer-child'

export type StartedEvent = Extract<TrainEvent, { type: 'started' }>
export type EpochEvent = Extract<TrainEvent, { type: 'epoch' }>
export type ErrorPayload = { name: string; message: string; app?: string }

/** Where the host persists and forwards a run. Called synchronously, in event order. */
export interface RunSink {
  onQueued?(runId: string): void
  onStarted(runId: string, e: StartedEvent): void
  onEpoch(runId: string, e: EpochEvent): void
  onCheckpoint(runId: string, cp: Checkpoint): void
  onDone(runId: string, result: TrainResult): void
  /** A global run (config.data.series.global) finished: its per-series result instead of onDone. */
  onGlobalDone(runId: string, done: GlobalDone): void
  onFailed(runId: string, error: ErrorPayload): void
  /** The process ended without finishing: "crashed (SIGSEGV)", "out of memory", "the app quit", ... */
  onInterrupted(runId: string, reason: string): void
  onCancelled(runId: string): void
  /** Throttled to one call per `progressIntervalMs` per run, plus one before the run ends. */
  onProgress(runId: string, snapshot: ProgressSnapshot): void
}

export interface ProgressSnapshot {
  epoch: number // epochs completed (1-based epoch numbers, counting those before a resume)
  epochs: number // planned, from `started`
  trainLoss: number | null
  valLoss: number | null
  bestValLoss: number | null
  lr: number | null
  elapsedMs: number // since this process started
  etaMs: number | null
}

export type RunOutcome =
  | { status: 'done'; result: TrainResult }
  | { status: 'done'; global: GlobalDone }
  | { status: 'failed'; error: ErrorPayload }
  | { status: 'cancelled' }
  | { status: 'interrupted'; reason: string }

export type HostEvent =
  | { type: 'queued'; runId: string }
  | { type: 'running'; runId: string; pid: number | undefined }
  | { type: 'progress'; runId: string; snapshot: ProgressSnapshot }
  | { type: 'log'; runId: string; level: 'info' | 'warn' | 'error'; message: string }
  /** what the trainer is doing between epochs, with the work done (ProgressEvent): shown, not stored */
  | ({ runId: string } & Omit<ProgressEvent, 'type'> & { type: 'phase' })
  | { type: 'finished'; runId: string; outcome: RunOutcome }
  | { type: 'crash-loop'; error: CrashLoopError }

export class CrashLoopError extends Error {
  readonly crashes: number
  readonly windowMs: number
  readonly lastError: string
  constructor(crashes: number, windowMs: number, lastError: string) {
    super(
      `The trainer crashed ${crashes} times in ${duration(windowMs)}; last error: ${lastError}. ` +
        'Try a smaller model or batch size, or restart the app.'
    )
    this.name = 'CrashLoopError'
    this.crashes = crashes
    this.windowMs = windowMs
    this.lastError = lastError
  }
}

export interface TrainerHostOptions {
  fork: ForkFn
  /** The trainer entry: out/main/trainer.js in the app, a fixture in tests. */
  modulePath: string
  sink: RunSink
  concurrency?: number // default os.availableParallelism()
  now?: () => number
  progressIntervalMs?: number // default 250
  crashLoop?: { max: number; windowMs: number } // default 3 in 5 minutes
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

interface Run {
  runId: string
  payload: StartPayload
  phase: 'queued' | 'running' | 'cancelling' | 'stopping'
  child: TrainerChild | null
  started: boolean
  /** Set once the trainer reported done/failed (or was failed by the host); the exit then follows. */
  outcome: RunOutcome | null
  startedAt: number
  epochsSeen: number
  snapshot: ProgressSnapshot | null
  snapshotPending: boolean
  lastProgressAt: number
  progressTimer: ReturnType<typeof setTimeout> | null
  settled: Promise<RunOutcome>
  settle: (o: RunOutcome) => void
}

const SHUTDOWN_WAIT_MS = 5000

export class TrainerHost {
  private readonly opts: Required<Omit<TrainerHostOptions, 'log'>> & Pick<TrainerHostOptions, 'log'>
  private readonly runs = new Map<string, Run>() // queued and active, in start order
  private readonly listeners = new Set<(e: HostEvent) => void>()
  private crashes: { at: number; reason: string }[] = []
  private tripped: CrashLoopError | null = null
  private closed = false

  constructor(options: TrainerHostOptions) {
    const concurrency = options.concurrency ?? os.availableParallelism()
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`)
    this.opts = {
      now: Date.now,
      progressIntervalMs: 250,
      crashLoop: { max: 3, windowMs: 5 * 60_000 },
      ...options,
      concurrency
    }
  }

  /** True once shutdown() began: what ends from then on ended because the app stops. */
  get shuttingDown(): boolean {
    return this.closed
  }

  /** How many runs train at once; the rest wait in the queue. */
  get concurrency(): number {
    return this.opts.concurrency
  }

  /** Queues a run; resolves with its outcome. Throws (synchronously) a ProtocolError naming the
   *  field for a bad payload, a CrashLoopError while the crash-loop limit holds, or an Error for a
   *  duplicate runId or after shutdown. Nothing is forked for a rejected start. */
  start(runId: string, payload: StartPayload): Promise<RunOutcome> {
    if (this.closed) throw new Error('The trainer host has shut down')
    if (this.runs.has(runId)) throw new Error(`Run ${runId} is already queued or running`)
    const parsed = parseHostMessage({ type: 'start', runId, ...payload })
    if (!parsed.ok) throw parsed.error
    const tripped = this.crashLoopState()
    if (tripped) throw tripped
    let settle!: (o: RunOutcome) => void
    const settled = new Promise<RunOutcome>((resolve) => (settle = resolve))
    const run: Run = {
      runId, payload, phase: 'queued', child: null, started: false, outcome: null, startedAt: 0, epochsSeen: 0,
      snapshot: null, snapshotPending: false, lastProgressAt: -Infinity, progressTimer: null, settled, settle
    }
    this.runs.set(runId, run)
    if (this.activeRuns().length < this.opts.concurrency) this.launch(run)
    else {
      this.call(() => this.opts.sink.onQueued?.(runId))
      this.emit({ type: 'queued', runId })
    }
    return settled
  }

  /** Continues a run from `payload.resume` (a checkpoint and the epochs done before it). */
  resume(runId: string, payload: StartPayload): Promise<RunOutcome> {
    if (!payload.resume) throw new ProtocolError('start.resume', 'missing (a resume needs a checkpoint)')
    return this.start(runId, payload)
  }

  /** Kills the run's trainer (or drops it from the queue) and marks it cancelled. Resolves true
   *  when this call cancelled it, false when the run was unknown or had already finished. */
  cancel(runId: string): Promise<boolean> {
    const run = this.runs.get(runId)
    if (!run) return Promise.resolve(false)
    if (run.phase === 'queued') {
      this.call(() => this.opts.sink.onCancelled(runId))
      this.finish(run, { status: 'cancelled' })
      return Promise.resolve(true)
    }
    if (run.phase !== 'running' || run.outcome) return run.settled.then(() => false)
    run.phase = 'cancelling'
    this.stopProgress(run)
    this.post(run, { type: 'cancel', runId })
    run.child?.kill()
    return run.settled.then((o) => o.status === 'cancelled')
  }

  /** At quit: queued runs and running ones are marked interrupted ("the app quit") and every
   *  trainer is killed. Resolves when all have exited, or after 5 s regardless. */
  async shutdown(): Promise<void> {
    this.closed = true
    const waits: Promise<RunOutcome>[] = []
    for (const run of [...this.runs.values()]) {
      if (run.phase === 'queued') {
        this.call(() => this.opts.sink.onInterrupted(run.runId, 'the app quit before the run started'))
        this.finish(run, { status: 'interrupted', reason: 'the app quit before the run started' })
        continue
      }
      if (run.phase === 'running' && !run.outcome) run.phase = 'stopping'
      this.stopProgress(run)
      run.child?.kill()
      waits.push(run.settled)
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)))
    await Promise.race([Promise.all(waits), timeout])
    clearTimeout(timer)
    for (const run of [...this.runs.values()]) {
      this.log('error', `trainer for run ${run.runId} (pid ${run.child?.pid}) did not exit at quit`)
      this.onExit(run, { code: null, signal: null })
    }
  }

  active(): { runId: string; pid: number | undefined; startedAt: number }[] {
    return this.activeRuns().map((r) => ({ runId: r.runId, pid: r.child?.pid, startedAt: r.startedAt }))
  }

  queued(): string[] {
    return [...this.runs.values()].filter((r) => r.phase === 'queued').map((r) => r.runId)
  }

  /** The outcome of a queued or active run; undefined once it has finished (see start's promise). */
  settled(runId: string): Promise<RunOutcome> | undefined {
    return this.runs.get(runId)?.settled
  }

  /** Subscribes the UI to host events; returns the unsubscribe function. */
  onEvent(listener: (e: HostEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** After the user has acted on a CrashLoopError (e.g. chose a smaller model), allow starts again. */
  resetCrashLoop(): void {
    this.crashes = []
    this.tripped = null
  }

  // ---- process lifecycle ----

  private launch(run: Run): void {
    run.phase = 'running'
    run.startedAt = this.opts.now()
    let child: TrainerChild
    try {
      child = this.opts.fork(this.opts.modulePath)
    } catch (e) {
      const info: ExitInfo = { code: null, signal: null, reason: 'launch-failed', detail: errorPayload(e).message }
      queueMicrotask(() => this.onExit(run, info))
      return
    }
    run.child = child
    child.onMessage((m) => this.onMessage(run, m))
    child.onExit((info) => this.onExit(run, info))
    this.post(run, { type: 'start', runId: run.runId, ...run.payload })
    // A utility process has its pid only once spawned; `running` waits for it (not if it never
    // spawns: its exit then reports the run).
    const running = (): void => this.emit({ type: 'running', runId: run.runId, pid: child.pid })
    if (child.onSpawn) child.onSpawn(running)
    else running()
  }

  private post(run: Run, message: Parameters<TrainerChild['postMessage']>[0]): void {
    try {
      run.child?.postMessage(message)
    } catch (e) {
      // The channel is gone, so the process is exiting; its exit is reported on its own.
      this.log('warn', `could not send ${message.type} to the trainer of run ${run.runId}: ${errorPayload(e).message}`)
    }
  }

  private onMessage(run: Run, raw: unknown): void {
    // After done/failed/cancel the process is on its way out; what it still says is not acted on.
    if (run.phase !== 'running' || run.outcome) return
    const parsed = parseTrainerMessage(raw)
    if (!parsed.ok) return this.reject(run, parsed.error.message)
    const m = parsed.message
    if (m.runId !== run.runId) return this.reject(run, `message.runId: expected "${run.runId}", got "${m.runId}"`)
    if (m.type === 'started' && run.started) return this.reject(run, 'started: sent twice')
    if ((m.type === 'epoch' || m.type === 'checkpoint' || m.type === 'done' || m.type === 'global-done') && !run.started) {
      return this.reject(run, `${m.type}: sent before started`)
    }
    // A global run ends with its series (global-done), any other with one result (done).
    const global = run.payload.config.data.series?.global !== undefined
    if ((m.type === 'done' && global) || (m.type === 'global-done' && !global)) {
      return this.reject(run, `${m.type}: the run is ${global ? '' : 'not '}a global run`)
    }
    this.dispatch(run, m)
  }

  private dispatch(run: Run, m: TrainerMessage): void {
    const { sink } = this.opts
    const id = run.runId
    switch (m.type) {
      case 'started': {
        run.started = true
        const { runId: _, ...e } = m
        if (!this.record(run, () => sink.onStarted(id, e))) return
        const epoch = run.payload.resume?.epochsDone ?? 0
        return this.progress(run, { epoch, epochs: m.epochs, trainLoss: null, valLoss: null, bestValLoss: null, lr: null, elapsedMs: 0, etaMs: null })
      }
      case 'epoch': {
        const { runId: _, ...e } = m
        if (!this.record(run, () => sink.onEpoch(id, e))) return
        run.epochsSeen++
        const prev = run.snapshot
        const epochs = prev?.epochs ?? m.epoch
        const elapsedMs = this.opts.now() - run.startedAt
        const best = prev?.bestValLoss ?? null
        return this.progress(run, {
          epoch: m.epoch,
          epochs,
          trainLoss: m.trainLoss,
          valLoss: m.valLoss,
          bestValLoss: m.valLoss === null ? best : best === null ? m.valLoss : Math.min(best, m.valLoss),
          lr: m.lr,
          elapsedMs,
          etaMs: (elapsedMs / run.epochsSeen) * Math.max(0, epochs - m.epoch)
        })
      }
      case 'checkpoint':
        this.record(run, () => sink.onCheckpoint(id, m.checkpoint))
        return
      case 'done':
        return this.conclude(run, { status: 'done', result: m.result }, () => sink.onDone(id, m.result))
      case 'global-done': {
        const { type: _t, runId: _r, ...done } = m
        return this.conclude(run, { status: 'done', global: done }, () => sink.onGlobalDone(id, done))
      }
      case 'failed':
        return this.conclude(run, { status: 'failed', error: m.error }, () => sink.onFailed(id, m.error))
      case 'log':
        this.log(m.level, `run ${id}: ${m.message}`)
        return this.emit({ type: 'log', runId: id, level: m.level, message: m.message })
      case 'progress': {
        const { type: _, ...e } = m
        return this.emit({ ...e, type: 'phase' })
      }
    }
  }

  /** A malformed or out-of-order message: never acted on; the run fails and its trainer is killed. */
  private reject(run: Run, problem: string): void {
    this.log('error', `trainer of run ${run.runId} sent a malformed message, rejected: ${problem}`)
    const error = { name: 'ProtocolError', message: `The trainer sent a malformed message (${problem}); the run was stopped.` }
    this.conclude(run, { status: 'failed', error }, () => this.opts.sink.onFailed(run.runId, error))
  }

  /** Records the terminal outcome, tells the sink, and ends the process (it may already be exiting). */
  private conclude(run: Run, outcome: RunOutcome, tell: () => void): void {
    this.flushProgress(run)
    run.outcome = outcome
    this.call(tell)
    run.child?.kill()
  }

  private onExit(run: Run, info: ExitInfo): void {
    if (this.runs.get(run.runId) !== run) return // already finished (e.g. given up on at shutdown)
    this.stopProgress(run)
    const { sink } = this.opts
    let outcome = run.outcome
    if (!outcome && run.phase === 'cancelling') {
      outcome = { status: 'cancelled' }
      this.call(() => sink.onCancelled(run.runId))
    } else if (!outcome) {
      const reason = run.phase === 'stopping' ? 'the app quit' : describeExit(info)
      outcome = { status: 'interrupted', reason }
      this.flushProgress(run)
      this.call(() => sink.onInterrupted(run.runId, reason))
      if (run.phase === 'running') {
        this.log('error', `trainer of run ${run.runId} (pid ${run.child?.pid}) ${reason}`)
        this.noteCrash(reason)
      }
    }
    this.finish(run, outcome)
    this.pump()
  }

  private finish(run: Run, outcome: RunOutcome): void {
    this.runs.delete(run.runId)
    run.settle(outcome)
    this.emit({ type: 'finished', runId: run.runId, outcome })
  }

  private pump(): void {
    for (const run of this.runs.values()) {
      if (this.closed || this.tripped || this.activeRuns().length >= this.opts.concurrency) return
      if (run.phase === 'queued') this.launch(run)
    }
  }

  private activeRuns(): Run[] {
    return [...this.runs.values()].filter((r) => r.phase !== 'queued')
  }

  // ---- crash loop ----

  private noteCrash(reason: string): void {
    this.crashes.push({ at: this.opts.now(), reason })
    const before = this.tripped
    const error = this.crashLoopState()
    if (!error || error === before) return
    this.log('error', error.message)
    this.emit({ type: 'crash-loop', error })
    for (const run of [...this.runs.values()]) {
      if (run.phase !== 'queued') continue
      this.call(() => this.opts.sink.onFailed(run.runId, errorPayload(error)))
      this.finish(run, { status: 'failed', error: errorPayload(error) })
    }
  }

  /** The current CrashLoopError if `max` crashes fall within the window, else null. */
  private crashLoopState(): CrashLoopError | null {
    const { max, windowMs } = this.opts.crashLoop
    const since = this.opts.now() - windowMs
    this.crashes = this.crashes.filter((c) => c.at > since)
    if (this.crashes.length < max) return (this.tripped = null)
    this.tripped ??= new CrashLoopError(this.crashes.length, windowMs, this.crashes.at(-1)!.reason)
    return this.tripped
  }

  // ---- progress, throttled per run ----

  private progress(run: Run, snapshot: ProgressSnapshot): void {
    run.snapshot = snapshot
    run.snapshotPending = true
    if (run.progressTimer) return
    const wait = run.lastProgressAt + this.opts.progressIntervalMs - this.opts.now()
    if (wait <= 0) this.flushProgress(run)
    else run.progressTimer = setTimeout(() => this.flushProgress(run), wait)
  }

  private flushProgress(run: Run): void {
    this.stopProgress(run)
    if (!run.snapshotPending || !run.snapshot) return
    run.snapshotPending = false
    run.lastProgressAt = this.opts.now()
    const snapshot = run.snapshot
    this.call(() => this.opts.sink.onProgress(run.runId, snapshot))
    this.emit({ type: 'progress', runId: run.runId, snapshot })
  }

  private stopProgress(run: Run): void {
    if (run.progressTimer) clearTimeout(run.progressTimer)
    run.progressTimer = null
  }

  // ---- plumbing ----

  /** Runs a sink call for a non-terminal event; if recording fails, the run cannot go on unrecorded. */
  private record(run: Run, fn: () => void): boolean {
    try {
      fn()
      return true
    } catch (e) {
      const error = { name: 'RecordError', message: `Could not record the run: ${errorPayload(e).message}` }
      this.log('error', `run ${run.runId}: ${error.message}`)
      this.conclude(run, { status: 'failed', error }, () => this.opts.sink.onFailed(run.runId, error))
      return false
    }
  }

  /** Runs a sink call whose failure must not derail the host's bookkeeping. */
  private call(fn: () => void): void {
    try {
      fn()
    } catch (e) {
      this.log('error', `run sink failed: ${errorPayload(e).message}`)
    }
  }

  private emit(e: HostEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch (err) {
        this.log('error', `host event listener failed: ${errorPayload(err).message}`)
      }
    }
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    if (this.opts.log) this.opts.log(level, message)
    else if (level !== 'info') console.warn(`[trainer-host] ${message}`)
  }
}

function duration(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`
  return `${Math.round(ms / 1000)} seconds`
}
