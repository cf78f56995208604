// Main's side of finding the classes of a run listed without them (listed-skill.ts
// findRunClassesApart): preparing the run again to read them takes seconds on a large file, and
// main's event loop serves every window's IPC and browser mode's sockets. The fitting is done on a
// worker thread of its own, started from the export worker's file (export-worker.ts answers both),
// so that an export under way is neither waited for nor cancelled. Main reads the store before and
// writes it after: it stays the only writer. Without a built worker file (tests, a build without
// it) the fitting runs on the calling thread, as it did before.
import { Worker } from 'node:worker_threads'
import { fittedRunTarget, type RunTargetInput, type StoredRunTarget } from './run-export'

/** main -> export-worker.ts: fit the classes of one run. */
export interface ClassesRequest { id: number; fit: RunTargetInput }
/** export-worker.ts -> main: its classes (null: its dataset no longer prepares), or why it failed. */
export type ClassesReply = { type: 'classes'; id: number; target: StoredRunTarget | null } | { type: 'failed'; id: number; error: { name: string; message: string } }

export class ListedClassesThread {
  private worker: Worker | null = null
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (t: StoredRunTarget | null) => void; reject: (e: Error) => void }>()

  /** @param workerFile the built export-worker.js; undefined fits on the calling thread. */
  constructor(private readonly workerFile?: string) {}

  /** The classes `input` gives (fittedRunTarget), fitted on the thread. */
  fit(input: RunTargetInput): Promise<StoredRunTarget | null> {
    if (!this.workerFile) return Promise.resolve(fittedRunTarget(input))
    const worker = this.thread()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.postMessage({ id, fit: input } satisfies ClassesRequest)
    })
  }

  /** Ends the thread; a fitting under way rejects. */
  async close(): Promise<void> {
    const w = this.worker
    this.worker = null
    this.fail(new Error('the app closed before the run\'s classes were read'))
    await w?.terminate()
  }

  private fail(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e)
    this.waiting.clear()
  }

  /** The worker, started on first use; it never keeps the process alive on its own. */
  private thread(): Worker {
    if (this.worker) return this.worker
    const w = new Worker(this.workerFile!, {})
    w.unref()
    w.on('message', (m: ClassesReply) => {
      const waiting = this.waiting.get(m?.id)
      if (!waiting) return
      this.waiting.delete(m.id)
      if (m.type === 'classes') waiting.resolve(m.target)
      else waiting.reject(Object.assign(new Error(typeof m.error?.message === 'string' ? m.error.message : 'the classes thread sent a malformed message'), { name: m.error?.name ?? 'Error' }))
    })
    const gone = (e: Error) => {
      if (this.worker === w) this.worker = null
      this.fail(e)
    }
    w.on('error', gone)
    w.on('exit', (code) => {
      if (this.worker === w) gone(new Error(`the classes thread stopped (exit code ${code}) before the run's classes were read`))
    })
    this.worker = w
    return w
  }
}
