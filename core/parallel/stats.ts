// A global run's per-series statistical fits over worker threads (issue 13's target: one global model
// over 200 series x 500 points in under 60 s on two cores, of which fitting each series' ETS and
// Theta, on its training rows and again on all of them, was two thirds on one thread). The workers
// run the same runStatJob as the choice would here, so the fits are the same, and hand back their
// stored form; the main thread waits (it has nothing else to do), so `threads` workers use the cores.
import { Worker } from 'node:worker_threads'
import type { StatFitter, StatJob, StatJobResult } from '../train/choice'

/** The worker's answer to one job (core/parallel/worker.ts, workerData { kind: 'stats' }). */
export type StatReply = { ok: true; result: StatJobResult } | { ok: false; error: string } | { tick: true }

/** How often a StatFitter asks stop() while its workers fit: a single ARIMA search takes seconds, and
 *  a cancel must not wait for it (the workers are terminated mid-fit; nothing of theirs is kept). */
const STOP_POLL_MS = 25

/** A StatFitter on `threads` worker threads of `workerFile` (parallel-worker.js), or undefined for
 *  no built worker, or one thread unless `offThread`: the choice then fits each series where it runs.
 *  `offThread` (a backtest's trainer): one worker even on one thread, so that stop() is heard. */
export function parallelStatFits(opts: { threads: number; workerFile?: string | URL; offThread?: boolean }): StatFitter | undefined {
  const file = opts.workerFile
  if ((opts.threads <= 1 && !opts.offThread) || !file) return undefined
  return async (jobs, done, stop, tick) => {
    const results: StatJobResult[] = new Array(jobs.length)
    const workers = Array.from({ length: Math.max(1, Math.min(opts.threads, jobs.length)) }, () => new Worker(file, { workerData: { kind: 'stats' } }))
    let poll: ReturnType<typeof setInterval> | undefined
    try {
      const finished = await new Promise<boolean>((resolve, reject) => {
        poll = setInterval(() => stop() && resolve(false), STOP_POLL_MS)
        let next = 0
        let count = 0
        const send = (w: Worker, at: { job: number }) => {
          at.job = next++
          w.postMessage(jobs[at.job] satisfies StatJob)
        }
        for (const w of workers) {
          const at = { job: -1 }
          w.on('message', (m: StatReply) => {
            if ('tick' in m) return tick?.()
            if (!m.ok) return reject(new Error(m.error))
            results[at.job] = m.result
            done(++count)
            if (stop()) return resolve(false)
            if (next < jobs.length) send(w, at)
            else if (count === jobs.length) resolve(true)
          })
          w.on('error', reject)
          w.on('exit', (code) => {
            if (count < jobs.length) reject(new Error(`a statistical-fit worker exited (code ${code}) with ${jobs.length - count} series left`))
          })
          if (next < jobs.length) send(w, at)
        }
      })
      return finished ? results : null
    } finally {
      clearInterval(poll)
      await Promise.all(workers.map((w) => w.terminate()))
    }
  }
}
