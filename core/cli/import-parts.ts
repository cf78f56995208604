// The CLI's import of a large file in two parts at once, as the app's import worker reads one with
// its helper (renderer/src/workers/import-file.ts): a worker thread (import-part-thread.ts, built as
// out/node/import-part-thread.js) reads from the first line break past the middle while this thread
// reads up to it, and core/data/parts.ts merges the second part into the first, the result exactly
// importCsv's; where it cannot (a break inside a quoted field, a thread that fails), this thread
// reads on alone. Node only.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { CsvLayout } from '../data/import'
import { BREAK_LOOK, breakAfter, importCsvInTwo, PARALLEL_MIN, type RangeResult, type SecondPart } from '../data/parts'
import type { Dataset, ImportOptions, ImportProgress } from '../data/types'


/** What the thread is asked to read: the file from byte `start` on, with the first part's layout. */
export interface PartThreadRequest { path: string; start: number; layout: CsvLayout; options: ImportOptions }
export type PartThreadReply = ({ type: 'progress' } & ImportProgress) | { type: 'part'; result: RangeResult }

/** import-part-thread.js beside the bundle `moduleUrl` belongs to, or one folder up (a chunk of
 *  it); FW_IMPORT_THREAD wins ('' turns the thread off). undefined when not built (tests from source). */
export function partThreadFile(moduleUrl: string = import.meta.url): string | undefined {
  const env = process.env['FW_IMPORT_THREAD']
  if (env !== undefined) return env !== '' && existsSync(env) ? env : undefined
  const here = dirname(fileURLToPath(moduleUrl))
  return [resolve(here, 'import-part-thread.js'), resolve(here, '../import-part-thread.js')].find((f) => existsSync(f))
}

/** The byte after the first line break past the middle of the file, or -1 if none is within 1 MiB. */
export function middleBreak(path: string, size: number): number {
  const mid = Math.floor(size / 2)
  const buf = Buffer.alloc(Math.max(0, Math.min(BREAK_LOOK, size - mid)))
  const fd = openSync(path, 'r')
  let n = 0
  try {
    n = readSync(fd, buf, 0, buf.length, mid)
  } finally {
    closeSync(fd)
  }
  return breakAfter(buf.subarray(0, n), mid, size)
}

function readInThread(file: string, req: PartThreadRequest, onProgress: (p: ImportProgress) => void): SecondPart {
  const w = new Worker(file, { workerData: req })
  const result = new Promise<RangeResult | null>((done) => {
    w.on('message', (m: PartThreadReply) => (m.type === 'progress' ? onProgress(m) : done(m.result)))
    // a thread that fails or ends without its part: this thread reads the part itself
    w.on('error', () => done(null))
    w.on('exit', () => done(null))
  })
  return { result, cancel: () => void w.terminate() }
}

/**
 * `path` read in two parts, or null when it is to be read in one: smaller than `minSize`, no line
 * break near its middle, or no thread built. `open(start, end)`: the file's text from byte `start`
 * (to byte `end`, inclusive), as the caller reads files.
 */
export async function importInTwo(
  path: string,
  options: ImportOptions,
  open: (start: number, end?: number) => AsyncIterable<string>,
  onProgress?: (p: ImportProgress) => void,
  minSize = PARALLEL_MIN
): Promise<Dataset | null> {
  const thread = partThreadFile()
  const size = statSync(path).size
  if (!thread || size < minSize) return null
  const at = middleBreak(path, size)
  if (at < 0) return null
  return importCsvInTwo(
    {
      first: open(0, at - 1),
      // the part after a line break keeps a U+FEFF there as text: Node's UTF-8 decoding keeps every one
      rest: () => open(at),
      second: (layout, onPart) => readInThread(thread, { path, start: at, layout, options }, onPart)
    },
    options,
    onProgress
  )
}
