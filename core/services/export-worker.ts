// Worker-thread entry (built as its own file: out/main/export-worker.js; tests bundle it with vite):
// export jobs (export-job.ts), one message each, answered in turn with the output or the error. It
// keeps the last done run it rebuilt (rebuildOnce), so a second file of the same run skips the
// rebuild. Main ends the thread to cancel; the thread holds no file and no database. Threads of the
// same file, each its own (apart-thread.ts), fit the classes of runs listed without them
// (listed-classes-thread.ts), explain a forecast (explain-thread.ts) and forecast past the end
// (ahead-thread.ts), each keeping its own rebuild.
import { parentPort, workerData } from 'node:worker_threads'
import { rebuildOnce, runExportJob } from './export-job'
import type { ExportRequest, ExportWorkerMessage } from './export-runner'
import { fittedRunTarget } from './run-export'
import type { ClassesRequest } from './listed-classes-thread'
import { explainSnapshot, type ExplainRequest } from './explain-thread'
import { aheadOfSnapshot, type AheadRequest } from './ahead-thread'
import { apartReply, cancelCheck, threadErrorOf } from './apart-thread'

const post = (m: ExportWorkerMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(m, transfer)
const rebuild = rebuildOnce()
// the marks main sets on a request superseded by a newer one of its view (apart-thread.ts)
const marks = (workerData as { cancel?: unknown } | null)?.cancel instanceof SharedArrayBuffer ? new Int32Array((workerData as { cancel: SharedArrayBuffer }).cancel) : null

parentPort?.on('message', (m: ExportRequest | ClassesRequest | ExplainRequest | AheadRequest) => {
  if ('fit' in m) return void parentPort?.postMessage(apartReply(m.id, () => fittedRunTarget(m.fit)))
  if ('explain' in m) return void parentPort?.postMessage(apartReply(m.id, () => explainSnapshot(rebuild, m.explain, cancelCheck(marks, m.id))))
  if ('ahead' in m) return void parentPort?.postMessage(apartReply(m.id, () => aheadOfSnapshot(rebuild, m.ahead)))
  const { id, job } = m
  runExportJob(job, rebuild, (progress) => post({ type: 'progress', id, progress })).then(
    (output) => {
      // a plain copy of its own (a Node Buffer may share a pooled ArrayBuffer), handed over, not cloned
      const bytes = output.bytes ? new Uint8Array(output.bytes) : undefined
      post({ type: 'done', id, output: { ...output, ...(bytes ? { bytes } : {}) } }, bytes ? [bytes.buffer] : [])
    },
    (e: unknown) => post({ type: 'failed', id, error: threadErrorOf(e) })
  )
})
