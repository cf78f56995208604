// Worker-thread entry (built as its own file: out/main/export-worker.js; tests bundle it with vite):
// one export job (export-job.ts) from workerData, then its output or its error. Main ends the
// thread to cancel; the thread holds no file and no database.
import { parentPort, workerData } from 'node:worker_threads'
import { runExportJob, type ExportJob } from './export-job'
import type { ExportWorkerMessage } from './export-runner'

const post = (m: ExportWorkerMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(m, transfer)

runExportJob(workerData as ExportJob).then(
  (output) => {
    // a plain copy of its own (a Node Buffer may share a pooled ArrayBuffer), handed over, not cloned
    const bytes = output.bytes ? new Uint8Array(output.bytes) : undefined
    post({ type: 'done', output: { ...output, ...(bytes ? { bytes } : {}) } }, bytes ? [bytes.buffer] : [])
  },
  (e: unknown) => {
    const x = e instanceof Error ? (e as Error & { code?: unknown; field?: unknown; app?: unknown }) : null
    const error = { name: x?.name ?? 'Error', message: x?.message ?? String(e), ...(typeof x?.code === 'string' ? { code: x.code } : {}), ...(typeof x?.field === 'string' ? { field: x.field } : {}), ...(typeof x?.app === 'string' ? { app: x.app } : {}) }
    post({ type: 'failed', error })
  }
)
