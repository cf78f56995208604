// CSV import benchmark: a synthetic 1M-row x 10-column file (one date-time column, eight numeric columns,
// one categorical) written to a temp file and streamed through importCsv from fs in one part (time,
// rows/s, peak RSS and heap sampled during the import), then read as the CLI reads it (readCsvFile:
// two parts at once, the second in a worker thread), papaparse alone, the app worker's path in node,
// and the app itself in chromium where it can run (import-app.ts). Not a test: figures only.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import Papa from 'papaparse'
import { openAsBlob } from 'node:fs'
import { importCsv } from '../core/data/import'
import { CSV_CHUNK, readCsvFile } from '../core/cli/io'
import { partThreadFile } from '../core/cli/import-parts'
import { summarise } from '../renderer/src/lib/summary'
import { appImport } from './import-app'

/** The app's import worker's path (renderer/src/workers/import.worker.ts) in node's V8: the file as
 *  a Blob, its stream through a TextDecoderStream, importCsv, then the Data view's summary. */
async function workerPath(path: string): Promise<{ importSeconds: number; summarySeconds: number; rows: number }> {
  const blob = await openAsBlob(path)
  async function* textChunks(): AsyncGenerator<string> {
    const reader = blob.stream().pipeThrough(new TextDecoderStream('utf-8')).getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  }
  const t0 = performance.now()
  const ds = await importCsv(textChunks(), { fileName: 'bench.csv' })
  const t1 = performance.now()
  summarise(ds)
  return { importSeconds: (t1 - t0) / 1000, summarySeconds: (performance.now() - t1) / 1000, rows: ds.rowCount }
}

/** papaparse alone on the same stream, the way importCsv drives it (its low-level Parser, the
 *  unfinished last record of a chunk carried to the next), without building any column: the share
 *  of the import that is papaparse's. */
async function papaOnly(path: string): Promise<{ seconds: number; rows: number }> {
  const parser = new Papa.Parser({ delimiter: ',', newline: '\n', quoteChar: '"' })
  const t0 = performance.now()
  let pending = ''
  let rows = 0
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: CSV_CHUNK }) as AsyncIterable<string>) {
    const text = pending + chunk
    const res = parser.parse(text, 0, true)
    rows += res.data.length
    pending = text.substring(res.meta.cursor)
  }
  rows += parser.parse(pending, 0, false).data.length
  return { seconds: (performance.now() - t0) / 1000, rows }
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path)
  out.write('time,a,b,c,d,e,f,g,h,station\n')
  const t0 = Date.UTC(2000, 0, 1)
  const stations = ['north', 'south', 'east', 'west']
  let buf = ''
  for (let i = 0; i < rows; i++) {
    const t = new Date(t0 + i * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
    buf += `${t},${(Math.sin(i / 24) * 10).toFixed(3)},${i % 1000},${(i * 0.37) % 97 | 0}.5,${Math.random().toFixed(5)},` +
      `${(i % 7) - 3},${i % 50 === 0 ? 'NA' : (i / 3).toFixed(2)},${-i},1e-3,${stations[i % 4]}\n`
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain')
      buf = ''
    }
  }
  out.end(buf)
  await once(out, 'finish')
}

export async function run(opts: { quick: boolean; log: (s: string) => void; repoRoot: string }): Promise<Record<string, unknown>> {
  const rows = opts.quick ? 100_000 : 1_000_000
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-import-'))
  const path = join(dir, 'bench.csv')
  try {
    await writeCsv(path, rows)
    const bytes = statSync(path).size
    ;(globalThis as { gc?: () => void }).gc?.()
    const base = process.memoryUsage()
    let peakRss = base.rss
    const baseHeap = base.heapUsed + base.arrayBuffers
    let peakHeap = baseHeap
    const sample = () => {
      const m = process.memoryUsage()
      if (m.rss > peakRss) peakRss = m.rss
      if (m.heapUsed + m.arrayBuffers > peakHeap) peakHeap = m.heapUsed + m.arrayBuffers
    }
    const timer = setInterval(sample, 20)
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const ds = await importCsv(createReadStream(path, { encoding: 'utf8', highWaterMark: CSV_CHUNK }) as AsyncIterable<string>,
      { fileName: 'bench.csv' }, sample)
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6 // less sensitive than wall time to a busy machine
    clearInterval(timer)
    sample()
    const mb = (x: number) => Math.round(x / 2 ** 20)
    // the bytes the Dataset keeps: every column's typed arrays and the line numbers
    const kept = ds.lines.byteLength + ds.columns.reduce((a, c) => a + ('values' in c ? c.values.byteLength : 0) + ('codes' in c ? c.codes.byteLength : 0), 0)
    const res = {
      rows: ds.rowCount, columns: ds.columns.length, fileMiB: mb(bytes), seconds: +seconds.toFixed(3), cpuSeconds: +cpuSeconds.toFixed(3),
      rowsPerSecond: Math.round(ds.rowCount / seconds), kinds: ds.columns.map((c) => c.kind).join(','),
      baseRssMiB: mb(base.rss), peakRssMiB: mb(peakRss), peakHeapPlusBuffersMiB: mb(peakHeap),
      columnDataMiB: mb(kept),
      // issue 13's memory rule: what the import added at its peak, over the columns it keeps (<= 2)
      peakOverColumns: +((peakHeap - baseHeap) / kept).toFixed(2)
    }
    opts.log(`import ${res.rows} x ${res.columns} (${res.fileMiB} MiB): ${res.seconds} s (CPU ${res.cpuSeconds} s), peak RSS ${res.peakRssMiB} MiB (base ${res.baseRssMiB}), peak heap+buffers ${res.peakHeapPlusBuffersMiB} MiB (base ${mb(baseHeap)}): the import's peak is ${res.peakOverColumns}x the ${res.columnDataMiB} MiB of columns it keeps`)
    // the CLI's own read (readCsvFile): this file in two parts, the second in a worker thread
    const cliParts = partThreadFile() ? 2 : 1
    const tc = performance.now()
    const cliDs = await readCsvFile(path)
    const cliSeconds = (performance.now() - tc) / 1000
    if (cliDs.rowCount !== ds.rowCount) throw new Error(`readCsvFile read ${cliDs.rowCount} rows, importCsv ${ds.rowCount}`)
    opts.log(`the CLI's read (readCsvFile, ${cliParts === 2 ? 'two parts at once, the second in a worker thread' : 'one part: no built import-part-thread.js'}): ${cliSeconds.toFixed(3)} s`)
    const papa = await papaOnly(path)
    if (papa.rows !== ds.rowCount + 1) throw new Error(`papaparse alone read ${papa.rows} records, the import ${ds.rowCount} rows and a header`)
    opts.log(`papaparse alone on the same stream (its Parser, no columns built): ${papa.seconds.toFixed(3)} s, ${((papa.seconds / seconds) * 100).toFixed(0)} % of the import's wall time`)
    const w = await workerPath(path)
    if (w.rows !== ds.rowCount) throw new Error(`the worker's path read ${w.rows} rows, the import ${ds.rowCount}`)
    opts.log(`the app worker's path in node (Blob stream, TextDecoderStream, then the Data view's summary): import ${w.importSeconds.toFixed(3)} s + summary ${w.summarySeconds.toFixed(3)} s`)
    const app = await appImport(opts.repoRoot, path, rows, opts.quick ? 2 : 5, opts.log)
    if (app) opts.log(`the app's import in chromium (the Data view's "read in" time: the worker's read, in two parts from 8 MiB, and its summary), ${app.runs.length} freshly loaded pages: median ${app.median} s (min ${app.min}, max ${app.max}; each ${app.runs.join(', ')} s; to the finished Data view ${app.toDataView.join(', ')} s)`)
    // this machine's speed drifts by a third from minute to minute: the reads in units of papaparse's
    // own parse of the same file in the same run compare across runs better than seconds do
    const inPapa = { cli: +(cliSeconds / papa.seconds).toFixed(2), ...(app ? { app: +(app.median / papa.seconds).toFixed(2) } : {}) }
    opts.log(`in units of papaparse's own parse of the file in this run (${papa.seconds.toFixed(3)} s): the CLI's read ${inPapa.cli}${app ? `, the app's median ${inPapa.app}` : ''}`)
    return { ...res, papaparseSeconds: +papa.seconds.toFixed(3), papaparseShare: +(papa.seconds / seconds).toFixed(3), workerPath: { importSeconds: +w.importSeconds.toFixed(3), summarySeconds: +w.summarySeconds.toFixed(3) }, cli: { seconds: +cliSeconds.toFixed(3), parts: cliParts }, ...(app ? { appChromium: app } : {}), inPapaparseUnits: inPapa }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
