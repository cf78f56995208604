// Worker-thread entry (built as its own file: out/main/export-worker.js; tests bundle it with vite):
// export jobs (export-job.ts), one message each, answered in turn with the output or the error. It
// keeps the last done run it rebuilt (rebuildOnce), so a second file of the same run skips the
// rebuild. Main ends the thread to cancel; the thread holds no file and no database. A thread of
// the same file fits the classes of runs listed without them (listed-classes-thread.ts).
import { parentPort } from 'node:worker_threads'
import { rebuildOnce, runExportJob } from './export-job'
import type { ExportRequest, ExportWorkerMessage } from './export-runner'
import { fittedRunTarget } from './run-export'
import type { ClassesReply, ClassesRequest } from './listed-classes-thread'

const post = (m: ExportWorkerMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(m, transfer)
const rebuild = rebuildOnce()

parentPort?.on('message', (m: ExportRequest | ClassesRequest) => {
  if ('fit' in m) return void fitClasses(m)
  const { id, job } = m
  runExportJob(job, rebuild, (progress) => post({ type: 'progress', id, progress })).then(
    (output) => {
      // a plain copy of its own (a Node Buffer may share a pooled ArrayBuffer), handed over, not cloned
      const bytes = output.bytes ? new Uint8Array(output.bytes) : undefined
      post({ type: 'done', id, output: { ...output, ...(bytes ? { bytes } : {}) } }, bytes ? [bytes.buffer] : [])
    },
    (e: unknown) => {
      const x = e instanceof Error ? (e as Error & { code?: unknown; field?: unknown; app?: unknown }) : null
      const error = { name: x?.name ?? 'Error', message: x?.message ?? String(e), ...(typeof x?.code === 'string' ? { code: x.code } : {}), ...(typeof x?.field === 'string' ? { field: x.field } : {}), ...(typeof x?.app === 'string' ? { app: x.app } : {}) }
      post({ type: 'failed', id, error })
    }
  )
})

function fitClasses({ id, fit }: ClassesRequest): void {
  let reply: ClassesReply
  try {
    reply = { type: 'classes', id, target: fittedRunTarget(fit) }
  } catch (e) {
    reply = { type: 'failed', id, error: { name: (e as Error)?.name ?? 'Error', message: (e as Error)?.message ?? String(e) } }
  }
  parentPort?.postMessage(reply)
}
