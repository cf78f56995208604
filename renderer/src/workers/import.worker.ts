// Parses one CSV off the main thread with core/data's streaming importer, posting progress about
// ten times a second, then summarises it (stats, chart envelopes, warnings) here too, so that the
// page receives finished results. Every buffer is transferred, none copied. Cancel is
// worker.terminate() on the page's side, which ends the helper worker too: nothing is half-imported.
//
// A file of PARALLEL_MIN bytes or more is read in two parts at once (core/data/parts.ts): this worker
// reads up to the first line break past the middle, its helper (import-part.worker.ts, made and
// warmed with this one) reads the rest, and the helper's columns are merged into these, the result
// exactly importCsv's (import-file.ts).
import { importCsv } from '../../../core/data/import'
import type { Dataset, ImportProgress } from '../../../core/data/types'
import { farValues } from '../../../core/train/far-values'
import { summarise, summaryTransfer } from '../lib/summary'
import { PARALLEL_MIN, tenPerSecond } from '../../../core/data/parts'
import { importFile, type PartRequest } from './import-file'
import { errorReply, type ImportReply, type ImportRequest } from './protocol'
import { textChunks } from './text-chunks'
import { warmUpCsv } from './warm-up'

const post = (msg: ImportReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer)

/** The helper worker, kept between imports; null until made, or once it had to be stopped. */
let helper: Worker | null = null
/** The helper, made if need be; warm: let it read the warm-up rows first (not when a file waits). */
function ensureHelper(warm: boolean): Worker | null {
  // one core: two workers would only take turns
  if (helper || typeof Worker === 'undefined' || (navigator.hardwareConcurrency ?? 2) < 2) return helper
  try {
    helper = new Worker(new URL('./import-part.worker.ts', import.meta.url), { type: 'module' })
  } catch {
    return null // no nested workers here: one worker reads every file
  }
  if (warm) helper.postMessage({ type: 'warm' } satisfies PartRequest)
  return helper
}

function datasetTransfer(ds: Dataset): Transferable[] {
  // A Set: transferring one buffer twice (columns sharing one) would throw DataCloneError.
  const out = new Set<ArrayBuffer>([ds.lines.buffer as ArrayBuffer])
  for (const c of ds.columns) {
    if ('values' in c) out.add(c.values.buffer as ArrayBuffer)
    if ('codes' in c) out.add(c.codes.buffer as ArrayBuffer)
  }
  return [...out]
}

// One request at a time: an import asked for while the warm-up runs waits for it (its time counts
// from its arrival, so the wait is in the "read in" the Data view shows).
let queue: Promise<void> = Promise.resolve()
self.onmessage = (e: MessageEvent<ImportRequest>) => {
  const t0 = performance.now()
  queue = queue.then(() => handle(e.data, t0))
}

async function handle(req: ImportRequest, t0: number): Promise<void> {
  if (req.type === 'far') return post({ type: 'far', far: farValues(req.values, req.time, req.clock, req.stepIndex) })
  if (req.type === 'summarise') {
    const summary = summarise(req.dataset)
    return post({ type: 'summary', summary }, summaryTransfer(summary))
  }
  if (req.type === 'warm') {
    // the path a dropped file takes (a Blob's stream, decoded, imported, summarised), on generated rows
    ensureHelper(true)
    try {
      summarise(await importCsv(textChunks(new Blob([warmUpCsv()])), { fileName: 'warm-up.csv' }))
    } catch {
      // a warm-up that fails only leaves the engine cold
    }
    return post({ type: 'warm', seconds: (performance.now() - t0) / 1000 })
  }
  const { source, options } = req
  // chars are UTF-16 units and file.size is bytes: close enough for a progress bar on mostly-ASCII CSV.
  const totalChars = typeof source === 'string' ? source.length : source.size
  try {
    const progress = tenPerSecond((p: ImportProgress) => post({ type: 'progress', records: p.records, chars: p.chars, totalChars }), () => performance.now())
    const stopped = (h: unknown) => {
      if (helper === h) helper = null
    }
    const dataset = typeof source === 'string' ? await importCsv(source, options, progress) : await importFile(source, options, progress, () => ensureHelper(false), stopped)
    const summary = summarise(dataset)
    post({ type: 'done', dataset, summary, seconds: (performance.now() - t0) / 1000 }, [...datasetTransfer(dataset), ...summaryTransfer(summary)])
  } catch (err) {
    post(errorReply(err))
  }
  // a helper stopped during this import (its part was not needed) is made afresh for the next file
  if (typeof source !== 'string' && source.size >= PARALLEL_MIN) ensureHelper(true)
}
