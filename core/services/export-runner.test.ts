// The app's exports of a single-series run are made on a worker thread (export-runner.ts) from a
// snapshot of the run's rows: the files must be fw export's, byte for byte; main's event loop must
// keep turning while one is made; a cancel must end it with no output; an error must keep its code.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../cli/index'
import { openStore } from '../store'
import { bundleWorker } from '../parallel/test-bundle'
import { ExportCancelled, ExportRunner } from './export-runner'
import { runSnapshot, type RunSnapshot } from './run-export'
import { rebuildOnce, runExportJob, type ExportKind, type ExportProgress } from './export-job'
import { EVALUATE_STEPS } from '../train/evaluate'
import { PREPARE_STEPS } from '../train/prepare'
import { WORKBOOK_PARTS } from '../export/forecast-xlsx'

/** The workbook's k-th part of WORKBOOK_PARTS (forecast-xlsx) told. */
const part = (k: number): ExportProgress => ({ phase: 'workbook', done: k, total: WORKBOOK_PARTS })

const root = new URL('../..', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-export-runner-'))
const db = join(dir, 'runs.db')
const silent = { write: () => {}, isTTY: false }
let bundle: Awaited<ReturnType<typeof bundleWorker>>
let snapshot: RunSnapshot
const KINDS: ExportKind[] = ['csv', 'xlsx', 'report', 'onnx', 'model']

beforeAll(async () => {
  bundle = await bundleWorker('export-runner-test', 'core/services/export-worker.ts', 'export-worker.mjs')
  const code = await main(['train', '--csv', join(root, 'bench/quality/series/gold.csv'), '--target', 'value', '--epochs', '2', '--seed', '1', '--db', db, '--out', join(dir, 'out')], silent, silent)
  expect(code).toBe(0)
  // fw export's files of run 1, every kind at once
  expect(await main(['export', '--run', '1', ...KINDS.flatMap((k) => [`--${k}`, join(dir, `fw.${k}`)]), '--db', db], silent, silent)).toBe(0)
  snapshot = snapshotOf(db)
}, 180_000)
afterAll(() => bundle?.remove())

/** Run 1 of the database `file`, as main sends it to the worker. */
function snapshotOf(file: string): RunSnapshot {
  const store = openStore(file)
  try {
    return runSnapshot(store, 1)
  } finally {
    store.close()
  }
}

/** fw export's file of run 1 in `kind`. */
const fwFile = (kind: ExportKind): Buffer => readFileSync(join(dir, `fw.${kind}`))

/** Every sheet's cell values, row by row (a workbook's zip also holds the time it was made). */
async function sheets(bytes: Uint8Array): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  return wb.worksheets.map((ws) => ws.getSheetValues())
}

describe('exports on the worker thread', () => {
  it("writes fw export's bytes for every kind", async () => {
    const runner = new ExportRunner(bundle.file)
    for (const kind of ['csv', 'report', 'onnx', 'model'] as const) {
      const out = await runner.run({ kind, snapshot })
      const got = out.text !== undefined ? Buffer.from(out.text) : Buffer.from(out.bytes!)
      expect(got.equals(fwFile(kind)), kind).toBe(true)
    }
    const xlsx = await runner.run({ kind: 'xlsx', snapshot })
    expect(await sheets(xlsx.bytes!)).toEqual(await sheets(fwFile('xlsx')))
  }, 120_000)

  it("leaves main's event loop free while it rebuilds the run", async () => {
    const runner = new ExportRunner(bundle.file)
    let ticks = 0
    const timer = setInterval(() => ticks++, 10)
    const started = Date.now()
    try {
      await runner.run({ kind: 'report', snapshot })
    } finally {
      clearInterval(timer)
    }
    // a blocked loop ticks once at most, after the export; a free one about every 10 ms
    expect(ticks).toBeGreaterThan(Math.min(20, (Date.now() - started) / 40))
  }, 60_000)

  it('a cancel ends the export: its promise rejects as cancelled, no output, and the runner is idle', async () => {
    const runner = new ExportRunner(bundle.file)
    const pending = runner.run({ kind: 'report', snapshot })
    const outcome = pending.then(() => 'finished', (e: unknown) => e)
    await new Promise((r) => setTimeout(r, 50))
    expect(runner.busy()).toBe(true)
    expect(await runner.cancel()).toBe(true)
    const e = await outcome
    expect(e).toBeInstanceOf(ExportCancelled)
    expect((e as ExportCancelled).code).toBe('cancelled')
    expect(runner.busy()).toBe(false)
    expect(await runner.cancel()).toBe(false)
    // and the next export runs as before
    expect((await runner.run({ kind: 'model', snapshot })).text).toBe(fwFile('model').toString())
  }, 60_000)

  it("an export that fails says why, with the store's code, across the thread", async () => {
    const runner = new ExportRunner(bundle.file)
    const e = await runner.run({ kind: 'csv', snapshot: { ...snapshot, best: null, last: null } }).then(() => null, (x: unknown) => x as Error & { code?: string })
    expect(e?.message).toMatch(/run 1 has no saved weights yet/)
    expect(e?.code).toBe('not-found')
  }, 60_000)

  it("tells its rebuild's progress in counted steps, then the workbook's rows, the same across the thread and on fw export's terminal", async () => {
    const inline: ExportProgress[] = []
    const out = await runExportJob({ kind: 'xlsx', snapshot }, undefined, (p) => inline.push(p))
    const rows = (await sheets(out.bytes!))[0]!.filter(Boolean).length - 1
    const rebuilt = inline.filter((p) => p.phase === 'rebuild')
    const total = PREPARE_STEPS + EVALUATE_STEPS.regression
    // every step of the rebuild, counted as it ends, before the first row is written
    expect(rebuilt).toEqual(Array.from({ length: total }, (_, i) => ({ phase: 'rebuild', done: i + 1, total })))
    // then the workbook: exceljs loaded, its rows, and its other parts after the last
    const written = inline.filter((p) => p.phase === 'rows')
    expect(inline).toEqual([...rebuilt, part(1), ...written, ...[2, 3].map(part)])
    expect(written.at(-1)).toEqual({ phase: 'rows', done: rows, total: rows })
    const runner = new ExportRunner(bundle.file)
    const told: ExportProgress[] = []
    await runner.run({ kind: 'xlsx', snapshot }, (p) => told.push(p))
    expect(told).toEqual(inline)
    // the next file of the same done run reuses its rebuild: nothing to count
    const again: ExportProgress[] = []
    await runner.run({ kind: 'csv', snapshot }, (p) => again.push(p))
    expect(again).toEqual([])
    const tty: string[] = []
    const file = join(dir, 'tty.csv')
    expect(await main(['export', '--run', '1', '--csv', file, '--db', db], silent, { write: (t) => void tty.push(t), isTTY: true })).toBe(0)
    expect(tty.filter((t) => t.includes(`${file}: 100 % (rebuilding the run's forecast: ${total} of ${total} steps done)`))).toHaveLength(1)
    expect(tty.at(-1)).toBe('\r\x1b[K')
    const piped: string[] = []
    expect(await main(['export', '--run', '1', '--csv', file, '--db', db], silent, { write: (t) => void piped.push(t), isTTY: false })).toBe(0)
    expect(piped).toEqual([])
  }, 120_000)

  it('keeps the last done run rebuilt for the next file of it, and rebuilds once its weights, config or identity differ', () => {
    const rebuild = rebuildOnce()
    const first = rebuild(snapshot)
    // each export sends its own copy of the rows, as the worker receives them
    expect(rebuild(structuredClone(snapshot))).toBe(first)
    const resumed = { ...snapshot, best: { ...snapshot.best!, epoch: snapshot.best!.epoch + 1 } }
    const again = rebuild(resumed)
    expect(again).not.toBe(first)
    expect(rebuild(resumed)).toBe(again)
    // the same id taken by another run (deleted, then a new one stored)
    expect(rebuild({ ...resumed, run: { ...resumed.run, createdAt: resumed.run.createdAt + 1 } })).not.toBe(again)
    // a run still training is rebuilt each time: its weights are still changing
    const running = { ...snapshot, run: { ...snapshot.run, status: 'running' as const } }
    expect(rebuild(running)).not.toBe(rebuild(running))
  }, 60_000)
})

describe("a global run's exports on the worker thread", () => {
  let global: RunSnapshot
  const gdb = join(dir, 'global.db')
  const SERIES = 6
  beforeAll(async () => {
    const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
    const rows = Array.from({ length: SERIES }, (_, s) => Array.from({ length: 90 }, (_, i) => `s${s},${day(i)},${(20 + 5 * s + 3 * Math.sin((2 * Math.PI * i) / 7) + 0.05 * i).toFixed(2)}`)).flat()
    const csv = join(dir, 'shops.csv')
    writeFileSync(csv, ['store,date,sales', ...rows].join('\n') + '\n')
    expect(await main(['train', '--csv', csv, '--target', 'sales', '--series', 'store', '--global', '--epochs', '1', '--lookback', '7', '--seed', '1', '--db', gdb, '--out', join(dir, 'gout')], silent, silent)).toBe(0)
    expect(await main(['export', '--run', '1', ...KINDS.flatMap((k) => [`--${k}`, join(dir, `g.${k}`)]), '--db', gdb], silent, silent)).toBe(0)
    global = snapshotOf(gdb)
  }, 180_000)

  it("writes fw export's bytes for every kind, from the snapshot of its stored series", async () => {
    const runner = new ExportRunner(bundle.file)
    for (const kind of ['csv', 'report', 'onnx', 'model'] as const) {
      const out = await runner.run({ kind, snapshot: global })
      const got = out.text !== undefined ? Buffer.from(out.text) : Buffer.from(out.bytes!)
      expect(got.equals(readFileSync(join(dir, `g.${kind}`))), kind).toBe(true)
    }
    expect(await sheets((await runner.run({ kind: 'xlsx', snapshot: global })).bytes!)).toEqual(await sheets(readFileSync(join(dir, 'g.xlsx'))))
  }, 120_000)

  it('tells its progress as the work is done: every series prepared, then every forecast row written, the same across the thread', async () => {
    const inline: ExportProgress[] = []
    const out = await runExportJob({ kind: 'xlsx', snapshot: global }, undefined, (p) => inline.push(p))
    const rows = (await sheets(out.bytes!))[0]!.filter(Boolean).length - 1
    const series = inline.filter((p) => p.phase === 'prepare')
    const written = inline.filter((p) => p.phase === 'rows')
    // the parts in turn, each counting up to its whole, at most once per percent, the workbook's
    // own parts around its rows
    expect(inline).toEqual([...series, part(1), ...written, ...[2, 3].map(part)])
    expect(series.at(-1)).toEqual({ phase: 'prepare', done: SERIES, total: SERIES })
    expect(written.at(-1)).toEqual({ phase: 'rows', done: rows, total: rows })
    for (const part of [series, written]) {
      expect(part.every((p, i) => i === 0 || p.done > part[i - 1]!.done)).toBe(true)
      expect(part.length).toBeLessThanOrEqual(101)
    }
    expect(series.length).toBe(SERIES)
    const runner = new ExportRunner(bundle.file)
    const told: ExportProgress[] = []
    const asked: (ExportProgress | null)[] = []
    // what the app's exportProgress answers meanwhile: the last progress told
    await runner.run({ kind: 'xlsx', snapshot: global }, (p) => (told.push(p), asked.push(runner.progress())))
    expect(told).toEqual(inline)
    expect(asked).toEqual(told)
    expect(runner.progress()).toBeNull() // none under way
    // fw export on a terminal shows the same counts on stderr, one line rewritten, cleared at the end; on a pipe nothing
    const tty: string[] = []
    const file = join(dir, 'tty.xlsx')
    expect(await main(['export', '--run', '1', '--xlsx', file, '--db', gdb], silent, { write: (t) => void tty.push(t), isTTY: true })).toBe(0)
    expect(tty.filter((t) => t.includes(`${file}: 100 % (preparing the data: ${SERIES} of ${SERIES} series prepared)`))).toHaveLength(1)
    expect(tty.filter((t) => t.includes(`${file}: 100 % (${rows} of ${rows} forecast rows written)`))).toHaveLength(1)
    expect(tty.every((t) => t.startsWith('\r') && t.endsWith('\x1b[K'))).toBe(true)
    expect(tty.at(-1)).toBe('\r\x1b[K')
    const piped: string[] = []
    expect(await main(['export', '--run', '1', '--xlsx', file, '--db', gdb], silent, { write: (t) => void piped.push(t), isTTY: false })).toBe(0)
    expect(piped).toEqual([])
    // prepared in one pass: the shared cut dates skip none of these series
    expect(inline.filter((p) => p.phase === 'prepare-check' || p.phase === 'prepare-again')).toEqual([])
    // the report and the ONNX graph prepare every series too
    for (const kind of ['report', 'onnx'] as const) {
      const parts: ExportProgress[] = []
      await runExportJob({ kind, snapshot: global }, undefined, (p) => parts.push(p))
      expect(parts.at(-1)).toEqual({ phase: 'prepare', done: SERIES, total: SERIES })
    }
  }, 120_000)

  it("tells the second pass over the series where 'auto' cuts prepare them again on their own rows: the check, then the others, across the thread and on fw export's terminal", async () => {
    // two of six series end before the shared test cut date: each series is split on its own rows
    const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
    const rows = Array.from({ length: 6 }, (_, s) => Array.from({ length: s < 2 ? 50 : 90 }, (_, i) => `s${s},${day(i)},${(20 + 5 * s + 3 * Math.sin((2 * Math.PI * i) / 7) + 0.05 * i).toFixed(2)}`)).flat()
    const csv = join(dir, 'staggered.csv')
    const sdb = join(dir, 'staggered.db')
    writeFileSync(csv, ['store,date,sales', ...rows].join('\n') + '\n')
    expect(await main(['train', '--csv', csv, '--target', 'sales', '--series', 'store', '--global', '--epochs', '1', '--lookback', '7', '--seed', '1', '--db', sdb, '--out', join(dir, 'sout')], silent, silent)).toBe(0)
    const staggered = snapshotOf(sdb)
    const inline: ExportProgress[] = []
    await runExportJob({ kind: 'csv', snapshot: staggered }, undefined, (p) => inline.push(p))
    const of = (phase: ExportProgress['phase']) => inline.filter((p) => p.phase === phase)
    // every series at the shared dates, the two they skip checked on their own rows, the four others prepared again
    expect(inline).toEqual([...of('prepare'), ...of('prepare-check'), ...of('prepare-again')])
    expect([of('prepare').at(-1), of('prepare-check').at(-1), of('prepare-again').at(-1)]).toEqual([
      { phase: 'prepare', done: 6, total: 6 }, { phase: 'prepare-check', done: 2, total: 2 }, { phase: 'prepare-again', done: 4, total: 4 }
    ])
    const told: ExportProgress[] = []
    await new ExportRunner(bundle.file).run({ kind: 'csv', snapshot: staggered }, (p) => told.push(p))
    expect(told).toEqual(inline)
    const tty: string[] = []
    const file = join(dir, 'staggered-tty.csv')
    expect(await main(['export', '--run', '1', '--csv', file, '--db', sdb], silent, { write: (t) => void tty.push(t), isTTY: true })).toBe(0)
    expect(tty.filter((t) => t.includes(`${file}: 100 % (preparing the data again, each series on its own rows: 4 of 4 series)`))).toHaveLength(1)
    expect(tty.filter((t) => t.includes(`${file}: 100 % (checking the series the shared cut dates would skip, each on its own rows: 2 of 2 series)`))).toHaveLength(1)
  }, 120_000)
})
