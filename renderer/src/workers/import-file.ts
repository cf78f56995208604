// How the import worker reads a dropped file: alone, or in two parts at once with its helper worker
// (core/data/parts.ts), whose result is exactly the one-part import's. Kept apart from the worker's
// message loop so that tests can run it with an in-process helper.
import { importCsv, type CsvLayout } from '../../../core/data/import'
import { BREAK_LOOK, breakAfter, importCsvInTwo, PARALLEL_MIN, partTransfer, readPart, tenPerSecond, type RangeResult, type SecondPart } from '../../../core/data/parts'
import type { Dataset, ImportOptions, ImportProgress } from '../../../core/data/types'
import { textChunks } from './text-chunks'
import { warmUpCsv } from './warm-up'

/** Messages between the import worker and its helper (import-part.worker.ts). */
export type PartRequest = { type: 'part'; blob: Blob; layout: CsvLayout; options: ImportOptions } | { type: 'warm' }
export type PartReply = ({ type: 'progress' } & ImportProgress) | { type: 'part'; result: RangeResult } | { type: 'warm' }


/** The helper as the import worker sees it (a Worker; a fake in tests). */
export type Helper = Pick<Worker, 'postMessage' | 'terminate' | 'onmessage' | 'onerror'>

function readElsewhere(h: Helper, part: Blob, layout: CsvLayout, options: ImportOptions, onProgress: (p: ImportProgress) => void, stopped: () => void): SecondPart {
  const result = new Promise<RangeResult | null>((resolve) => {
    h.onmessage = (e: MessageEvent<PartReply>) => {
      const m = e.data
      if (m.type === 'progress') onProgress(m)
      else if (m.type === 'part') resolve(m.result)
    }
    h.onerror = () => resolve(null) // the helper failed: the import worker reads the part itself
  })
  h.postMessage({ type: 'part', blob: part, layout, options } satisfies PartRequest)
  return {
    result,
    cancel: () => {
      // its part is not needed (the break was inside a record, or the import failed first)
      h.terminate()
      stopped()
    }
  }
}

/** The byte after the first line break past the middle of the file, or -1 if none is near it. */
export async function middleBreak(file: Blob): Promise<number> {
  const mid = Math.floor(file.size / 2)
  return breakAfter(new Uint8Array(await file.slice(mid, mid + BREAK_LOOK).arrayBuffer()), mid, file.size)
}

/**
 * Imports `file`: from PARALLEL_MIN bytes (minSize) in two parts, the second read by the helper that
 * `helper()` gives (null: none, read alone); `stopped(h)` is told when the helper had to be terminated.
 */
export async function importFile(
  file: Blob,
  options: ImportOptions,
  onProgress: (p: ImportProgress) => void,
  helper: () => Helper | null,
  stopped: (h: Helper) => void,
  minSize = PARALLEL_MIN
): Promise<Dataset> {
  const h = file.size >= minSize ? helper() : null
  const at = h ? await middleBreak(file) : -1
  const encoding = options.encoding
  if (!h || at < 0) return importCsv(textChunks(file, false, encoding), options, onProgress)
  return importCsvInTwo(
    {
      first: textChunks(file.slice(0, at), false, encoding),
      // the part after a line break keeps a U+FEFF there, as the whole file's decoder does
      rest: () => textChunks(file.slice(at), true, encoding),
      second: (layout, onPartProgress) => readElsewhere(h, file.slice(at), layout, options, onPartProgress, () => stopped(h))
    },
    options,
    onProgress
  )
}

/** What the helper does with a request: reads the part (progress about ten times a second), or the
 *  warm-up rows after their header as a part. */
export async function answerPart(req: PartRequest, post: (m: PartReply, transfer?: Transferable[]) => void): Promise<void> {
  if (req.type === 'warm') {
    const csv = warmUpCsv()
    const nl = csv.indexOf('\n')
    await readPart(textChunks(new Blob([csv.slice(nl + 1)]), true), { delimiter: ',', newline: '\n', header: csv.slice(0, nl).split(','), extraField: false }, { fileName: 'warm-up.csv' })
    return post({ type: 'warm' })
  }
  // the part starts after a line break: a U+FEFF there is text, as the whole file's decoder reads it
  const result = await readPart(textChunks(req.blob, true, req.options.encoding), req.layout, req.options, tenPerSecond((p) => post({ type: 'progress', records: p.records, chars: p.chars }), () => performance.now()))
  post({ type: 'part', result }, result.ok ? partTransfer(result.part) : [])
}
