// The real trainer (electron/trainer/index.ts, bundled as the app builds it) driven by the real
// TrainerHost through child_process.fork, recording into a real store: issue 5's fault tests.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { build } from 'vite'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { importCsv, type Dataset } from '../core/data'
import { openStore, type Store } from '../core/store'
import { toStoredDataset } from '../core/services/datasets'
import { resolveConfig } from '../core/train/config'
import { rebuildModelFile } from '../core/train/run'
import type { TrainConfig } from '../core/train/types'
import { nodeFork } from '../core/services/node-fork'
import type { ExitInfo } from '../core/services/trainer-child'
import { checkpointFromStore, createStoreSink } from '../core/services/store-sink'
import { TrainerHost, type RunSink } from '../core/services/trainer-host'
import { datasetToColumns } from '../core/services/trainer-columns'
import { main } from '../core/cli/index'
import { bundleWorker } from '../core/parallel/test-bundle'
import { trialThreads } from '../core/train/sweep'

const root = resolve(__dirname, '..')
let bundleDir = ''
/** What the trainer says (its protocol's messages), as far as these tests read it. */
type Said = { type?: string; phase?: string; done?: number }
let trainer = ''
let ds: Dataset
let store: Store
let dbFile = ''
/** The hosts' warnings ([trainer-host] …), kept per test: a trainer that cannot start its parallel
 *  worker says so there and fits on its own thread, and then its parallel path went untested. */
const warnings: string[] = []

/** fw sweep with the bundled trainer: its exit code and what it wrote. */
async function fwSweep(...args: string[]): Promise<{ code: number; text: string }> {
  process.env['FW_TRAINER'] = trainer
  let text = ''
  const out = { write: (s: string) => void (text += s), isTTY: false }
  try {
    return { code: await main(['sweep', ...args], out, out), text }
  } finally {
    delete process.env['FW_TRAINER']
  }
}

/** 120 daily rows of a smooth series `y` (date,y) written to `file`. */
function writeSeries(file: string): void {
  const rows = Array.from({ length: 120 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${(20 + 5 * Math.sin(i / 4)).toFixed(2)}`)
  writeFileSync(file, `date,y\n${rows.join('\n')}\n`)
}

/** fw sweep of 120 rows' `y` over the look-backs `lookBacks`, one epoch, one trial at a time, into a
 *  new database (`file`). */
async function sweepLookBacks(prefix: string, lookBacks: number[]): Promise<{ code: number; text: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  writeSeries(join(dir, 'short.csv'))
  writeFileSync(join(dir, 'grid.json'), JSON.stringify({ 'data.lookBack': lookBacks }))
  const file = join(dir, 'runs.db')
  return { ...await fwSweep('--csv', join(dir, 'short.csv'), '--target', 'y', '--epochs', '1', '--grid', join(dir, 'grid.json'), '--concurrency', '1', '--db', file), file }
}

beforeAll(async () => {
  bundleDir = join(root, 'node_modules', '.cache', `fw-trainer-test-${process.pid}-${Date.now()}`)
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: { ssr: join(root, 'electron/trainer/index.ts'), outDir: bundleDir, emptyOutDir: false, minify: false, rollupOptions: { output: { format: 'es', entryFileNames: 'trainer.mjs' } } }
  })
  trainer = join(bundleDir, 'trainer.mjs')
  // core/parallel's worker beside it, as the build puts out/main/parallel-worker.js beside the
  // trainer: its runs fit their statistical models, and train their large batches, on worker threads
  await bundleWorker('trainer-test', 'core/parallel/worker.ts', 'parallel-worker.js', bundleDir)
  const warn = console.warn.bind(console)
  vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => {
    warnings.push(a.map(String).join(' '))
    warn(...a)
  })
  ds = await importCsv(readFileSync(join(root, 'resources/samples/seattle-weather.csv'), 'utf8'), { fileName: 'seattle-weather.csv' })
  dbFile = join(mkdtempSync(join(tmpdir(), 'fw-trainer-')), 'runs.db')
  store = openStore(dbFile)
}, 120_000)

// the worker missing (or failing to start) fails the test that met it, not a silent fallback
afterEach(() => {
  const fellBack = warnings.filter((w) => /worker thread failed|parallel trainer did not start|parallel-worker/.test(w))
  warnings.length = 0
  expect(fellBack, 'a trainer fell back from its parallel worker').toEqual([])
})

afterAll(() => {
  vi.restoreAllMocks()
  store?.close()
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true })
})

function config(epochs: number, seed = 42): TrainConfig {
  return resolveConfig({
    data: { target: 'temp_max', features: ['temp_min'], lookBack: 10 },
    model: { cell: 'gru', hiddenSize: 16 },
    training: { epochs, batchSize: 8, earlyStopping: null, seed }
  })
}

function newRun(cfg: TrainConfig): number {
  const datasetId = store.datasets.save(toStoredDataset(ds, 'seattle', null))
  return store.runs.create({ datasetId, configJson: JSON.stringify(cfg), seed: cfg.training.seed })
}

function host(extra: Partial<RunSink> = {}, concurrency = 2): TrainerHost {
  const sink = createStoreSink(store, { lastCheckpointEveryMs: 0 })
  return new TrainerHost({
    fork: (m) => nodeFork(m),
    modulePath: trainer,
    concurrency,
    progressIntervalMs: 50,
    sink: { ...sink, ...Object.fromEntries(Object.entries(extra).map(([k, f]) => [k, (...a: unknown[]) => { (sink as never as Record<string, (...x: unknown[]) => void>)[k]!(...a); (f as (...x: unknown[]) => void)(...a) }])) } as RunSink
  })
}

describe('the real trainer under TrainerHost', () => {
  it('runs a job end to end with every event stored', async () => {
    const cfg = config(3)
    const id = newRun(cfg)
    const h = host()
    const outcome = await h.start(String(id), { config: cfg, columns: datasetToColumns(ds) })
    await h.shutdown()
    expect(outcome.status).toBe('done')
    const d = store.getRun(id)
    expect(d.run.status).toBe('done')
    expect(d.epochs.map((e) => e.epoch)).toEqual([1, 2, 3])
    expect(d.best).not.toBeNull()
    expect(d.metrics.some((m) => m.split === 'test' && m.model === 'model' && m.metric === 'rmse')).toBe(true)
    expect(d.metrics.some((m) => m.model === 'naive')).toBe(true)
    expect(d.forecasts.length).toBeGreaterThan(100)
  })

  it('cancel midway marks the run cancelled and leaves a loadable last checkpoint', async () => {
    const cfg = config(500)
    const id = newRun(cfg)
    let seen = 0
    let h: TrainerHost
    const cancelled = new Promise<void>((res) => {
      h = host({ onEpoch: () => { if (++seen === 2) void h.cancel(String(id)).then(() => res()) } })
    })
    const outcome = h!.start(String(id), { config: cfg, columns: datasetToColumns(ds) })
    await cancelled
    expect((await outcome).status).toBe('cancelled')
    await h!.shutdown()
    expect(store.runs.get(id).status).toBe('cancelled')
    const last = store.checkpoints.load(id, 'last')!
    expect(last.epoch).toBeGreaterThanOrEqual(1) // the epoch-2 checkpoint follows its epoch event and may be cut off by the cancel
    expect(last.epoch).toBeLessThan(500)
    const rebuilt = rebuildModelFile(cfg, ds, last.weights, { appVersion: 'test', bestEpoch: last.epoch })
    expect(rebuilt.evaluation.metrics.length).toBeGreaterThan(0)
  })

  /** The bundled trainer forked on its own (TrainerHost kills it at a cancel, fw train and a
   *  backtest's folds wait for it to stop) on 200,000 hourly rows, sent a cancel at the first of its
   *  words `at` picks: its exit and every word it said. */
  async function cancelledAt(at: (m: Said, said: Said[]) => boolean): Promise<{ info: ExitInfo; said: Said[] }> {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${new Date(Date.UTC(2000, 0, 1) + i * 3_600_000).toISOString().slice(0, 16)},${(20 + 5 * Math.sin((i / 24) * 2 * Math.PI) + 0.001 * i).toFixed(3)},${Math.cos(i / 7).toFixed(3)}`)
    const big = await importCsv(`time,y,x1\n${rows.join('\n')}\n`, { fileName: 'big.csv' })
    const cfg = resolveConfig({ data: { target: 'y', features: ['x1'] }, training: { epochs: 1 } })
    expect(cfg.model.outliers).toBe('clean') // the outlier search is made
    const child = nodeFork(trainer)
    const said: Said[] = []
    let sent = false
    child.onMessage((x) => {
      const m = x as Said
      said.push(m)
      if (!sent && at(m, said)) (sent = true), child.postMessage({ type: 'cancel', runId: 'big' })
    })
    const exit = new Promise<ExitInfo>((r) => child.onExit(r))
    child.postMessage({ type: 'start', runId: 'big', config: cfg, columns: datasetToColumns(big) })
    return { info: await exit, said }
  }

  it("a cancel sent as a large file's preparation starts is heard by the trainer before the first of its counted steps ends", async () => {
    // the first step (the pipeline's passes over the rows, a second and more here) was one piece of
    // work, and a cancel waited for its end; it pauses between its passes now.
    // at the trainer's first word: preparing, 0 steps done
    const { info, said } = await cancelledAt((m, all) => m.type === 'progress' && m.phase === 'preparing' && all.length === 1)
    expect(info.code).toBe(0) // the trainer's own exit after a cancel, not a kill
    // the steps of its preparation it told done before it ended: none (heard within the first
    // step, not after it), and it never started training
    expect(said.filter((m) => m.phase === 'preparing').map((m) => m.done)).toEqual([0])
    expect(said.map((m) => m.type)).toEqual(['progress'])
  }, 120_000)

  it("a cancel sent during the outlier search is heard by the trainer inside the half of a pass it was sent in", async () => {
    // the search reads the last 20,000 training rows, and each half of its passes (a robust STL:
    // hundreds of ms here) was one piece of work; a cancel sent as the first pass ends (step 3)
    // waited for the second pass's decomposition, and the trainer told it done first ([0, 1, 2, 3,
    // 4]). It pauses within it now (outliers.ts): heard before that step.
    // the search's first pass told done (steps 2 and 3, its halves): its second pass is next
    const { info, said } = await cancelledAt((m) => m.type === 'progress' && m.phase === 'preparing' && m.done === 3)
    expect(info.code).toBe(0)
    // no step told done after the cancel (the second pass's decomposition, step 4, the first), and
    // never started training
    expect(said.filter((m) => m.phase === 'preparing').map((m) => m.done)).toEqual([0, 1, 2, 3])
    expect(said.every((m) => m.type === 'progress')).toBe(true)
  }, 120_000)

  it("a sweep's trial stopped and resumed by fw resume trains on its share of the threads, and ends on the uninterrupted trial's weights bit for bit", async () => {
    // dropout between two layers: its masks depend on how a batch is split across threads (32 rows
    // into 2 shards on 2 threads), so a resume on 'auto' threads (2 where there are 2 cores) ends
    // elsewhere than on the trial's share (1 of 2 cores with 2 trials at once)
    const cfg = resolveConfig({
      data: { target: 'temp_max', features: ['temp_min'], lookBack: 10 },
      model: { cell: 'gru', hiddenSize: 32, numLayers: 2, dropout: 0.3 },
      training: { epochs: 4, batchSize: 32, earlyStopping: null, seed: 7 }
    })
    const share = trialThreads(cfg.training.threads, 2, 2)!
    // the worker beside the trainer, for fw resume in this process too
    const prev = process.env['FW_PARALLEL_WORKER']
    process.env['FW_PARALLEL_WORKER'] = join(bundleDir, 'parallel-worker.js')
    // the trainers forked here run the kernels fw resume runs in this process (plain SIMD: the
    // test does not enable relaxed SIMD's FMA, which the CLI's entry and the trainer's do)
    const prevRelaxed = process.env['FW_WASM_RELAXED']
    process.env['FW_WASM_RELAXED'] = '0'
    try {
      // stored as fw sweep and the app store a trial: the config says 'auto', the run its share
      const sweepId = store.sweeps.create({ name: 'threads', specJson: '{}' })
      const trial = () => store.runs.create({ datasetId: store.datasets.save(toStoredDataset(ds, 'seattle', null)), sweepId, configJson: JSON.stringify(cfg), seed: cfg.training.seed, name: 'trial', trialThreads: share })
      const whole = trial()
      const h0 = host()
      expect((await h0.start(String(whole), { config: cfg, columns: datasetToColumns(ds), threads: share })).status).toBe('done')
      await h0.shutdown()

      const id = trial()
      let seen = 0
      let h: TrainerHost
      const cancelled = new Promise<void>((res) => {
        h = host({ onEpoch: () => { if (++seen === 2) void h.cancel(String(id)).then(() => res()) } })
      })
      const outcome = h!.start(String(id), { config: cfg, columns: datasetToColumns(ds), threads: share })
      await cancelled
      expect((await outcome).status).toBe('cancelled')
      await h!.shutdown()
      expect(store.checkpoints.load(id, 'last')!.epoch).toBeLessThan(4)

      let text = ''
      const out = { write: (t: string) => void (text += t), isTTY: false }
      expect(await main(['resume', String(id), '--db', dbFile, '--out', mkdtempSync(join(tmpdir(), 'fw-trial-resume-'))], out, out), text).toBe(0)
      expect(store.runs.get(id).status).toBe('done')
      expect(store.epochs.list(id).map((e) => e.trainLoss)).toEqual(store.epochs.list(whole).map((e) => e.trainLoss))
      expect(Array.from(store.checkpoints.load(id, 'last')!.weights)).toEqual(Array.from(store.checkpoints.load(whole, 'last')!.weights))
    } finally {
      if (prev === undefined) delete process.env['FW_PARALLEL_WORKER']
      else process.env['FW_PARALLEL_WORKER'] = prev
      if (prevRelaxed === undefined) delete process.env['FW_WASM_RELAXED']
      else process.env['FW_WASM_RELAXED'] = prevRelaxed
    }
  }, 120_000)

  it('kill -9 mid-run marks it interrupted with the reason, and a resume reaches the uninterrupted run\'s final loss', async () => {
    const cfg = config(10)
    const reference = newRun(cfg)
    const h0 = host()
    await h0.start(String(reference), { config: cfg, columns: datasetToColumns(ds) })
    await h0.shutdown()

    const id = newRun(cfg)
    let killedAt = 0
    let interruptedAt = 0
    let seen = 0
    const h = host({
      onEpoch: () => {
        if (++seen !== 3) return
        const pid = h.active().find((r) => r.runId === String(id))!.pid!
        killedAt = performance.now()
        process.kill(pid, 'SIGKILL')
      },
      onInterrupted: () => { interruptedAt = performance.now() }
    })
    const outcome = await h.start(String(id), { config: cfg, columns: datasetToColumns(ds) })
    expect(outcome.status).toBe('interrupted')
    expect(outcome.status === 'interrupted' && outcome.reason).toMatch(/killed|SIGKILL/)
    const run = store.runs.get(id)
    expect(run.status).toBe('interrupted')
    expect(run.error).toMatch(/killed|SIGKILL/)
    const latencyMs = interruptedAt - killedAt
    console.log(`kill -9 to 'interrupted' in the store: ${latencyMs.toFixed(1)} ms`)
    expect(latencyMs).toBeGreaterThan(0)

    const last = checkpointFromStore(store.resumeRun(id))
    expect(last.epoch).toBeLessThan(10)
    const storedBest = store.checkpoints.load(id, 'best')
    const resumed = await h.resume(String(id), { config: cfg, columns: datasetToColumns(ds), resume: { checkpoint: last, epochsDone: last.epoch, best: storedBest ? checkpointFromStore(storedBest) : null } })
    await h.shutdown()
    expect(resumed.status).toBe('done')
    const a = store.epochs.list(reference)
    const b = store.epochs.list(id)
    expect(b.map((e) => e.epoch)).toEqual(a.map((e) => e.epoch))
    expect(b.at(-1)!.trainLoss).toBe(a.at(-1)!.trainLoss)
    expect(Array.from(store.checkpoints.load(id, 'last')!.weights)).toEqual(Array.from(store.checkpoints.load(reference, 'last')!.weights))
  })

  it('fw sweep runs 4 trials, 2 at a time, as runs grouped under one sweep and ranked by the validation error of what each forecasts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-sweep-'))
    writeFileSync(join(dir, 'grid.json'), JSON.stringify({ 'model.hiddenSize': [4, 12], 'training.lr': [0.01, 0.002] }))
    const { code, text } = await fwSweep('--csv', join(root, 'resources/samples/seattle-weather.csv'), '--target', 'temp_max', '--features', 'temp_min',
      '--epochs', '2', '--grid', join(dir, 'grid.json'), '--concurrency', '2', '--db', dbFile, '--json')
    expect(code).toBe(0)
    const ranked = JSON.parse(text) as { rank: number | null; runId: number; status: string; forecast: { error: number | null } | null }[]
    expect(ranked).toHaveLength(4)
    expect(ranked.every((r) => r.status === 'done' && r.rank !== null && r.forecast?.error !== null && r.forecast?.error !== undefined)).toBe(true)
    expect(ranked[0]!.rank).toBe(1)
    for (let i = 1; i < 4; i++) {
      expect(ranked[i]!.forecast!.error!).toBeGreaterThanOrEqual(ranked[i - 1]!.forecast!.error!)
      expect(ranked[i]!.rank!).toBeGreaterThanOrEqual(ranked[i - 1]!.rank!)
    }
    const s = openStore(dbFile, { readonly: true })
    const sweepIds = new Set(ranked.map((r) => s.runs.get(r.runId).sweepId))
    // each trial stored with the threads the user chose (the default, 'auto'), not the share of the
    // cores it trained on: a re-run of one trains as any run does
    const threads = ranked.map((r) => (JSON.parse(s.runs.get(r.runId).configJson) as TrainConfig).training.threads)
    // and the run the share it trained on, which fw resume and the app's Resume train it on again
    const shares = ranked.map((r) => s.runs.get(r.runId).trialThreads)
    s.close()
    expect(threads).toEqual(['auto', 'auto', 'auto', 'auto'])
    expect(shares).toEqual(Array(4).fill(trialThreads('auto', availableParallelism(), 2)))
    expect(sweepIds.size).toBe(1)
    expect([...sweepIds][0]).not.toBeNull()
  })

  it('fw sweep stores a trial as a run when it starts training: a trial refused for its settings takes no run number', async () => {
    // a look-back of 400 rows leaves no window in 120: the trainer refuses that trial before training
    const { code, text, file } = await sweepLookBacks('fw-sweep-refused-', [6, 400])
    expect(code).toBe(0)
    expect(text).toContain('  trial 1 (run 1): done\n')
    expect(text).toMatch(/ {2}trial 2: refused before training, no run stored — .+\n/)
    const s = openStore(file)
    try {
      expect(s.runs.list().map((r) => [r.id, r.name, r.status])).toEqual([[1, 'sweep 1 · trial 1 · lookBack=6', 'done']])
      expect(s.runs.create({ datasetId: s.runs.get(1).datasetId, configJson: '{}', seed: 1 })).toBe(2) // 2 was never given
    } finally {
      s.close()
    }
  })

  it('fw sweep --random N of a grid of fewer combinations trains each once, says so, and names every row by its trial and its run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-sweep-random-'))
    writeSeries(join(dir, 'f.csv'))
    writeFileSync(join(dir, 'grid.json'), JSON.stringify({ 'model.hiddenSize': [4, 8] }))
    const file = join(dir, 'runs.db')
    const { code, text } = await fwSweep('--csv', join(dir, 'f.csv'), '--target', 'y', '--epochs', '1', '--grid', join(dir, 'grid.json'), '--random', '5', '--concurrency', '1', '--db', file)
    expect(code).toBe(0)
    expect(text).toContain("sweep 1: 2 trials (all the grid's 2 combinations: --random 5 asks for more than it has, and each is trained once), 1 at a time\n")
    const s = openStore(file)
    try {
      expect(s.runs.list().map((r) => [r.name, (JSON.parse(r.configJson) as TrainConfig).model.hiddenSize]).sort()).toEqual([['sweep 1 · trial 1 · hiddenSize=4', 4], ['sweep 1 · trial 2 · hiddenSize=8', 8]])
    } finally {
      s.close()
    }
    // the table names each row's trial beside its run
    expect(text).toMatch(/\nrank +trial +run +model\.hiddenSize /)
    expect(text).toMatch(/\n\S+ +1 +\d+ +4 /)
  })

  it('fw sweep keeps no empty sweep (nor the dataset stored for it) when the trainer refuses every trial before training', async () => {
    // look-backs of 300 and 400 rows leave no window in 120: the trainer refuses both trials
    const { code, text, file } = await sweepLookBacks('fw-sweep-all-refused-', [300, 400])
    expect(code).toBe(0)
    expect(text).toMatch(/ {2}trial 1: refused before training, no run stored — .+\n/)
    expect(text).toMatch(/ {2}trial 2: refused before training, no run stored — .+\n/)
    const s = openStore(file)
    try {
      expect([s.runs.list(), s.sweeps.list(), s.datasets.list()]).toEqual([[], [], []])
    } finally {
      s.close()
    }
    expect(text).toContain('sweep 1 not kept: no trial started training\n')
  })

  it('fw sweep stops every trial and fails with the store\'s reason when a trial cannot be stored at its start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-sweep-unstored-'))
    writeSeries(join(dir, 'f.csv'))
    writeFileSync(join(dir, 'grid.json'), JSON.stringify({ 'model.hiddenSize': [4, 8, 12] }))
    const file = join(dir, 'runs.db')
    openStore(file).close()
    // the store's run insert fails, as on a full disk
    const db = new Database(file)
    db.exec("CREATE TRIGGER full BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    db.close()
    const { code, text } = await fwSweep('--csv', join(dir, 'f.csv'), '--target', 'y', '--epochs', '200', '--grid', join(dir, 'grid.json'), '--concurrency', '1', '--db', file)
    expect(code).not.toBe(0)
    expect(text).toMatch(/ {2}trial 1: failed before training, no run stored — Could not record the run: .*database or disk is full\n/)
    expect(text).toContain('  trial 2: cancelled before training, no run stored\n')
    expect(text).toMatch(/fw sweep: .*database or disk is full\n$/)
    const s = openStore(file)
    try {
      expect([s.runs.list(), s.sweeps.list(), s.datasets.list()]).toEqual([[], [], []])
    } finally {
      s.close()
    }
  })

  it('fw sweep says when it read the file with a decimal comma, as fw train does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-sweep-comma-'))
    const rows = Array.from({ length: 120 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)};${(20 + 5 * Math.sin(i / 4)).toFixed(2).replace('.', ',')}`)
    writeFileSync(join(dir, 'comma.csv'), `date;y\n${rows.join('\n')}\n`)
    writeFileSync(join(dir, 'grid.json'), JSON.stringify({ 'model.hiddenSize': [4] }))
    const { code, text } = await fwSweep('--csv', join(dir, 'comma.csv'), '--target', 'y', '--epochs', '1', '--grid', join(dir, 'grid.json'), '--concurrency', '1', '--db', dbFile)
    expect(code).toBe(0)
    expect(text).toContain(`note: comma.csv: numbers read with a decimal comma (12,5 as 12.5)\n`)
  })
})
