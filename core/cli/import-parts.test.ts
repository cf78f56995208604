// The CLI's two-part import through a real worker thread (import-part-thread.ts, built here as
// `npm run build` builds it): the Dataset equals the one-part import's, or the error is the same;
// the thread reads its part alone; a thread that fails leaves this thread to read on. The merge
// rules themselves are tested in core/data/parts.test.ts.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCsv } from '../data/import'
import type { Dataset, ImportOptions } from '../data/types'
import { importInTwo, middleBreak, partThreadFile, type PartThreadReply } from './import-parts'
import { fileText } from './text-stream'

const root = resolve(__dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'fw-import-parts-'))
// built inside the package, where the thread's bare imports (papaparse) resolve, as out/node's do
const built = join(root, 'node_modules', '.cache', `fw-import-thread-${process.pid}-${Date.now()}`)
const thread = join(built, 'import-part-thread.js')
const before = process.env['FW_IMPORT_THREAD']

beforeAll(async () => {
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: { ssr: join(root, 'core/cli/import-part-thread.ts'), outDir: built, emptyOutDir: false, minify: false, rollupOptions: { output: { format: 'es', entryFileNames: 'import-part-thread.js' } } }
  })
  process.env['FW_IMPORT_THREAD'] = thread
}, 120_000)

afterAll(() => {
  if (before === undefined) delete process.env['FW_IMPORT_THREAD']
  else process.env['FW_IMPORT_THREAD'] = before
  rmSync(dir, { recursive: true, force: true })
  rmSync(built, { recursive: true, force: true })
})

const open = (path: string) => (start = 0, end?: number) => createReadStream(path, { encoding: 'utf8', highWaterMark: 4096, start, ...(end === undefined ? {} : { end }) }) as AsyncIterable<string>
const opts = (o: Partial<ImportOptions> = {}): ImportOptions => ({ fileName: 'f.csv', ...o })

function write(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

/** The two-part and one-part imports of `path`, and where the two-part one opened the file: [0]
 *  when the thread's part was merged, [0, break] when this thread read on from the break itself. */
async function both(path: string, o = opts()): Promise<{ two: Dataset | Error | null; one: Dataset | Error; opened: number[] }> {
  const opened: number[] = []
  const read = open(path)
  const two = await importInTwo(path, o, (start = 0, end) => (opened.push(start), read(start, end)), undefined, 0).catch((e: Error) => e)
  const one = await importCsv(open(path)(), o).catch((e: Error) => e)
  return { two, one, opened }
}

// 6,000 rows: a date-time, numbers with NA, a category whose last levels appear only in the second half
const big = ['time,x,site,n', ...Array.from({ length: 6000 }, (_, i) => `2020-01-01 ${String(i % 24).padStart(2, '0')}:00,${i % 17 === 0 ? 'NA' : (i * 0.25).toFixed(2)},${i < 4000 ? ['a', 'b'][i % 2] : ['c', 'b', 'a'][i % 3]},${-i}`)].join('\n') + '\n'

describe('the CLI reads a large file in two parts with a worker thread', () => {
  it('gives exactly the one-part Dataset', async () => {
    const path = write('big.csv', big)
    expect(middleBreak(path, big.length)).toBeGreaterThan(big.length / 2)
    const { two, one, opened } = await both(path)
    expect(opened).toEqual([0]) // the thread's part was merged: this thread never read past the break
    expect(two).toEqual(one)
    expect((two as Dataset).rowCount).toBe(6000)
    const site = (two as Dataset).columns.find((c) => c.name === 'site')
    expect(site?.kind === 'categorical' && site.levels).toEqual(['a', 'b', 'c'])
  })

  it('the thread reads its part alone and posts it back', async () => {
    const path = write('part.csv', big)
    const at = middleBreak(path, big.length)
    const w = new Worker(partThreadFile()!, { workerData: { path, start: at, layout: { delimiter: ',', newline: '\n', header: ['time', 'x', 'site', 'n'], extraField: false }, options: opts() } })
    const reply = await new Promise<PartThreadReply>((done) => w.on('message', (m: PartThreadReply) => m.type === 'part' && done(m)))
    expect(reply.type === 'part' && reply.result.ok && reply.result.part.records).toBe(big.slice(at).trim().split('\n').length)
  })

  it('a quoted line break at the middle, an error in the second half, and a failing thread end as one part does', async () => {
    const quoted = ['id,note', ...Array.from({ length: 3001 }, (_, i) => (i === 1500 ? `${i},"a\n${'b\n'.repeat(5000)}c"` : `${i},n${i % 5}`))].join('\n')
    const q = await both(write('quoted.csv', quoted))
    expect(q.opened).toHaveLength(2) // the break is inside a record: read on from it here
    expect(q.two).toEqual(q.one)
    const ragged = big.replace('\n2020-01-01 07:00,', '\n2020-01-01 07:00,1,')
    const lines = big.split('\n')
    const late = [...lines.slice(0, 5000), lines[5000] + ',extra', ...lines.slice(5001)].join('\n')
    for (const text of [ragged, late]) {
      const r = await both(write('ragged.csv', text))
      expect(r.one).toBeInstanceOf(Error)
      expect(r.two).toBeInstanceOf(Error)
      expect((r.two as Error).message).toBe((r.one as Error).message)
      expect(r.two).toMatchObject({ line: (r.one as unknown as { line: number }).line, row: (r.one as unknown as { row: number }).row })
    }
    process.env['FW_IMPORT_THREAD'] = write('broken-thread.mjs', "throw new Error('no')\n")
    try {
      const b = await both(write('again.csv', big))
      expect(b.opened).toEqual([0, middleBreak(join(dir, 'again.csv'), big.length)])
      expect(b.two).toEqual(b.one)
    } finally {
      process.env['FW_IMPORT_THREAD'] = thread
    }
  })

  it('a Windows-1252 file read as such (--encoding): the thread decodes its part so too', async () => {
    const text = big.replace('time,x,site,n', 'time,x,café,n').replace(/,c,/g, ',crème,')
    const path = join(dir, 'w1252.csv')
    writeFileSync(path, Buffer.from(text, 'latin1'))
    const o = opts({ encoding: 'windows-1252' })
    const read = (start = 0, end?: number) => fileText(path, 'windows-1252', 4096, start, end)
    const opened: number[] = []
    const two = await importInTwo(path, o, (start = 0, end) => (opened.push(start), read(start, end)), undefined, 0)
    expect(opened).toEqual([0])
    expect(two).toEqual(await importCsv(read(), o))
    const site = two!.columns.find((c) => c.name === 'café')
    expect(site?.kind === 'categorical' && site.levels).toEqual(['a', 'b', 'crème'])
  })

  it('reads a small file, or one without a built thread, in one part (null: the caller imports it)', async () => {
    const path = write('small.csv', 'a,b\n1,2\n3,4\n')
    expect(await importInTwo(path, opts(), open(path))).toBeNull() // under PARALLEL_MIN
    process.env['FW_IMPORT_THREAD'] = ''
    try {
      expect(partThreadFile()).toBeUndefined()
      expect(await importInTwo(write('b2.csv', big), opts(), open(join(dir, 'b2.csv')), undefined, 0)).toBeNull()
    } finally {
      process.env['FW_IMPORT_THREAD'] = thread
    }
  })
})
