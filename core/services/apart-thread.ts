// Main's side of one kind of slow, pure computation done on a worker thread of its own, started from
// the export worker's file (export-worker.ts answers each kind): main's event loop serves every
// window's IPC and browser mode's sockets, and a request made meanwhile is answered. Main reads the
// store before and writes it after: it stays the only writer. The thread lives between requests
// and answers them in turn; a second ApartThread of the same file is another thread, so an export
// or another kind's request under way is neither waited for nor cancelled. Without a built worker
// file (tests, a build without it) each request runs on the calling thread, as it did before.
// A request asked for a view (`ask`'s `view`: one panel's explanation) supersedes that view's request
// still under way: main marks the older one cancelled in memory both threads share, the thread's
// work checks the mark as it goes (cancelCheck) and stops, and its caller gets a 'cancelled' error.
import { Worker } from 'node:worker_threads'
import { carryApp } from '../data/words'

/** Slots of the shared cancel marks: request id i is cancelled when slot i % CANCEL_SLOTS holds i. */
export const CANCEL_SLOTS = 256

/** A request superseded by a newer one of the same view, stopped where its work checked. */
export class ApartCancelled extends Error {
  override name = 'ApartCancelled'
  readonly code = 'cancelled'
}

/** In the thread: a check for request `id` that throws ApartCancelled once main has marked it
 *  cancelled in `marks` (the worker's workerData.cancel); without marks, a check that never throws. */
export function cancelCheck(marks: Int32Array | null, id: number): () => void {
  return () => {
    if (marks && Atomics.load(marks, id % CANCEL_SLOTS) === id) throw new ApartCancelled(`request ${id} was superseded by a newer one of the same view; its work stopped`)
  }
}

/** A thrown error as a worker posts it: its name, message, and the code, field and app words the
 *  dispatcher reads. */
export interface ThreadError { name: string; message: string; code?: string; field?: string; app?: string }

/** export-worker.ts -> main: one request's answer, by its id. */
export type ApartReply = { type: 'answer'; id: number; value: unknown } | { type: 'failed'; id: number; error: ThreadError }

/** `e` as a worker posts it (ThreadError). */
export function threadErrorOf(e: unknown): ThreadError {
  const x = e instanceof Error ? (e as Error & { code?: unknown; field?: unknown; app?: unknown }) : null
  return { name: x?.name ?? 'Error', message: x?.message ?? String(e), ...(typeof x?.code === 'string' ? { code: x.code } : {}), ...(typeof x?.field === 'string' ? { field: x.field } : {}), ...(typeof x?.app === 'string' ? { app: x.app } : {}) }
}

/** A worker's error as an Error with its name, code, field and app words, as the dispatcher reads them. */
export function errorFromThread(x: ThreadError): Error {
  const e = new Error(x.message) as Error & { code?: string; field?: string }
  e.name = x.name
  if (x.code !== undefined) e.code = x.code
  if (x.field !== undefined) e.field = x.field
  return carryApp(e, { message: x.message, ...(x.app !== undefined ? { app: x.app } : {}) })
}

/** The answer `work` gives (or its error), as export-worker.ts posts it for request `id`. */
export function apartReply(id: number, work: () => unknown): ApartReply {
  try {
    return { type: 'answer', id, value: work() }
  } catch (e) {
    return { type: 'failed', id, error: threadErrorOf(e) }
  }
}

export class ApartThread<Request extends object> {
  private worker: Worker | null = null
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  /** each view's request under way, by its id */
  private readonly views = new Map<string, number>()
  /** (CANCEL_SLOTS) the cancel marks, shared with the thread */
  private readonly marks = new Int32Array(new SharedArrayBuffer(CANCEL_SLOTS * 4))

  /** @param workerFile the built export-worker.js; undefined answers on the calling thread.
   *  @param name the thread as its errors name it: "the classes thread".
   *  @param until what its errors say did not happen: "the run's classes were read". */
  constructor(private readonly workerFile: string | undefined, private readonly name: string, private readonly until: string) {}

  /** What the worker answers `request` (posted with an id), or, without a worker file, `here()`.
   *  With a `view`, the request of that view still under way is cancelled: its work stops where it
   *  next checks (cancelCheck), and it rejects with the thread's ApartCancelled. */
  ask<T>(request: Request, here: () => T, view?: string): Promise<T> {
    if (!this.workerFile) return new Promise((resolve) => resolve(here()))
    const worker = this.thread()
    const id = this.nextId++
    if (view !== undefined) {
      const before = this.views.get(view)
      if (before !== undefined && this.waiting.has(before)) Atomics.store(this.marks, before % CANCEL_SLOTS, before)
      this.views.set(view, id)
    }
    const settled = () => {
      if (view !== undefined && this.views.get(view) === id) this.views.delete(view)
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: (v) => (settled(), resolve(v as T)), reject: (e) => (settled(), reject(e)) })
      worker.postMessage({ ...request, id })
    })
  }

  /** Ends the thread; a request under way rejects. */
  async close(): Promise<void> {
    const w = this.worker
    this.worker = null
    this.fail(new Error(`the app closed before ${this.until}`))
    await w?.terminate()
  }

  private fail(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e)
    this.waiting.clear()
  }

  /** The worker, started on first use; it never keeps the process alive on its own. */
  private thread(): Worker {
    if (this.worker) return this.worker
    const w = new Worker(this.workerFile!, { workerData: { cancel: this.marks.buffer } })
    w.unref()
    w.on('message', (m: ApartReply) => {
      const waiting = this.waiting.get(m?.id)
      if (!waiting) return
      this.waiting.delete(m.id)
      if (m.type === 'answer') waiting.resolve(m.value)
      else waiting.reject(m.type === 'failed' && typeof m.error?.message === 'string' ? errorFromThread(m.error) : new Error(`${this.name} sent a malformed message before ${this.until}`))
    })
    const gone = (e: Error) => {
      if (this.worker === w) this.worker = null
      this.fail(e)
    }
    w.on('error', gone)
    w.on('exit', (code) => {
      if (this.worker === w) gone(new Error(`${this.name} stopped (exit code ${code}) before ${this.until}`))
    })
    this.worker = w
    return w
  }
}
