// Main's side of the app's exports: each export of a run, single-series or global (export-job.ts), on a worker thread
// (export-worker.ts), so that rebuilding a long run (seconds to a minute) never blocks main's event
// loop, which every window's IPC and browser mode's sockets share. The thread lives between exports
// and keeps the last done run it rebuilt, so the next file of that run is made without rebuilding
// it. One export at a time. cancel() ends the thread (and what it kept): the export's promise
// rejects with ExportCancelled, and nothing is written (the file is written only after the export
// succeeds, whole, by saveFile). Without a built worker file (tests, a build without it) the job
// runs on the calling thread, as it did before, and cannot be cancelled.
import { Worker } from 'node:worker_threads'
import { errorFromThread, type ThreadError } from './apart-thread'
import { EXPORT_PHASES } from '../export/progress'
import { runExportJob, type ExportJob, type ExportOutput, type ExportProgress, type OnProgress } from './export-job'

/** main -> export-worker.ts: one job, answered with the same id. */
export interface ExportRequest {
  id: number
  job: ExportJob
}

/** export-worker.ts -> main: the output, or the error as name, message and its code, field and app words. */
export type ExportWorkerMessage =
  | { type: 'progress'; id: number; progress: ExportProgress }
  | { type: 'done'; id: number; output: ExportOutput }
  | { type: 'failed'; id: number; error: ThreadError }

/** The export was cancelled: no output follows. */
export class ExportCancelled extends Error {
  override name = 'ExportCancelled'
  readonly code = 'cancelled'
}

export class ExportRunner {
  private worker: Worker | null = null
  private nextId = 1
  /** The export under way: its id and how to end its promise. */
  private current: { id: number; settle: (f: () => void) => void; reject: (e: Error) => void; progress: ExportProgress | null } | null = null

  /** @param workerFile the built export-worker.js; undefined runs each job on the calling thread. */
  constructor(private readonly workerFile?: string) {}

  /** Whether an export is under way (on the worker). */
  busy(): boolean {
    return this.current !== null
  }

  /** How far the export under way is (its last progress message); null when none is under way or
   *  it has told nothing yet. */
  progress(): ExportProgress | null {
    return this.current?.progress ?? null
  }

  /** Runs the job; an export still under way is cancelled first (its caller gets ExportCancelled).
   *  onProgress: told each progress the job reports (export-job.ts ExportProgress). */
  async run(job: ExportJob, onProgress?: OnProgress): Promise<ExportOutput> {
    if (!this.workerFile) return runExportJob(job, undefined, onProgress)
    // not awaited: this export is under way (and cancellable) from the moment run() is called
    if (this.current) void this.cancel()
    const worker = this.thread()
    const id = this.nextId++
    return new Promise<ExportOutput>((resolve, reject) => {
      let settled = false
      const settle = (f: () => void) => {
        if (settled) return
        settled = true
        if (this.current?.id === id) this.current = null
        f()
      }
      const current = { id, settle, reject: (e: Error) => settle(() => reject(e)), progress: null as ExportProgress | null }
      this.current = current
      const onMessage = (m: unknown) => {
        if ((m as { id?: unknown } | null)?.id !== id) return
        if (isProgress(m)) {
          current.progress = m.progress
          return onProgress?.(m.progress)
        }
        worker.off('message', onMessage)
        settle(() => (isDone(m) ? resolve(m.output) : reject(isFailed(m) ? errorFromThread(m.error) : new Error('the export worker sent a malformed message'))))
      }
      worker.on('message', onMessage)
      worker.postMessage({ id, job } satisfies ExportRequest)
    })
  }

  /** Ends the export under way, if any, and its thread; resolves true once the thread has stopped,
   *  false when no export ran. */
  async cancel(): Promise<boolean> {
    const c = this.current
    const w = this.worker
    if (!c || !w) return false
    this.current = null
    this.worker = null
    c.reject(new ExportCancelled('the export was cancelled; no file was written'))
    await w.terminate()
    return true
  }

  /** The worker, started on first use; it never keeps the process alive on its own. */
  private thread(): Worker {
    if (this.worker) return this.worker
    const w = new Worker(this.workerFile!, {})
    w.unref()
    const gone = (e: Error) => {
      if (this.worker === w) this.worker = null
      this.current?.reject(e)
    }
    w.on('error', gone)
    w.on('exit', (code) => {
      if (this.worker === w) gone(new Error(`the export worker stopped (exit code ${code}) before the file was made`))
    })
    this.worker = w
    return w
  }
}

const isProgress = (m: unknown): m is Extract<ExportWorkerMessage, { type: 'progress' }> => {
  const o = m as { type?: unknown; progress?: { phase?: unknown; done?: unknown; total?: unknown } } | null
  return o?.type === 'progress' && o.progress !== undefined && EXPORT_PHASES.includes(o.progress.phase as ExportProgress['phase']) && Number.isInteger(o.progress.done) && Number.isInteger(o.progress.total)
}
const isDone = (m: unknown): m is Extract<ExportWorkerMessage, { type: 'done' }> => {
  const o = m as { type?: unknown; output?: { text?: unknown; bytes?: unknown } } | null
  return o?.type === 'done' && typeof o.output === 'object' && o.output !== null && (typeof o.output.text === 'string' || o.output.bytes instanceof Uint8Array)
}
const isFailed = (m: unknown): m is Extract<ExportWorkerMessage, { type: 'failed' }> => {
  const o = m as { type?: unknown; error?: { name?: unknown; message?: unknown } } | null
  return o?.type === 'failed' && typeof o.error?.name === 'string' && typeof o.error.message === 'string'
}
