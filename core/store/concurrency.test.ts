import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isSqliteCode } from './errors'
import { openStore } from './store'
import { bundleStore } from './test-fixtures/bundle'
import { startWriter } from './test-fixtures/child'
import { prng } from './test-fixtures/prng'

// These tests run the real store in child processes (see test-fixtures/writer.mjs) and check the
// database with a plain better-sqlite3 connection, independent of the store's own read code.

let bundle: { module: string; dir: string }
let tmp: string

beforeAll(async () => {
  bundle = await bundleStore()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-store-conc-'))
})
afterAll(() => {
  fs.rmSync(bundle.dir, { recursive: true, force: true })
  fs.rmSync(tmp, { recursive: true, force: true })
})

const WEIGHTS = 4096
const expectedWeight = (runId: number, epoch: number, i: number) => Math.fround(runId * 1000 + epoch + i / WEIGHTS)

interface CheckpointRow {
  run_id: number
  kind: string
  epoch: number
  optim_step: number
  weights: Buffer
  optim_m: Buffer
  optim_v: Buffer
}

/** Checks a checkpoint blob element by element: a torn or mixed write cannot pass. */
function checkpointIsWhole(c: CheckpointRow): boolean {
  const w = new Float32Array(new Uint8Array(c.weights).buffer)
  const m = new Float64Array(new Uint8Array(c.optim_m).buffer)
  const v = new Float64Array(new Uint8Array(c.optim_v).buffer)
  if (w.length !== WEIGHTS || m.length !== WEIGHTS || v.length !== WEIGHTS || c.optim_step !== c.epoch * 10) return false
  for (let i = 0; i < WEIGHTS; i++) {
    if (w[i] !== expectedWeight(c.run_id, c.epoch, i) || m[i] !== c.epoch || v[i] !== 2 * c.epoch) return false
  }
  return true
}

/** A fresh connection to check the database with: read-only, unless SQLite must first repair what
 *  the killed writer left, which a read-only connection cannot do: a hot rollback journal from a
 *  kill while the store was still opening the file, before it switched to WAL
 *  (SQLITE_READONLY_ROLLBACK, "attempt to write a readonly database": seen once in CI, and on 17 of
 *  40 kills of a writer in rollback mode), or a WAL to recover (SQLITE_READONLY_RECOVERY). Then
 *  read-write, as the next writer opens it and repairs it. */
function checkConnection(file: string): Database.Database {
  const db = new Database(file, { readonly: true })
  try {
    db.pragma('schema_version')
    return db
  } catch (e) {
    db.close()
    if (!isSqliteCode(e, 'SQLITE_READONLY')) throw e
    return new Database(file, { fileMustExist: true })
  }
}

/** Every invariant the kill test demands, checked on a fresh connection. Returns the problems found. */
function verify(file: string, acks: string[]): string[] {
  const db = checkConnection(file)
  const problems: string[] = []
  try {
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[]
    if (integrity[0]?.integrity_check !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity)}`)
    const fk = db.pragma('foreign_key_check') as unknown[]
    if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk)}`)
    if (db.pragma('user_version', { simple: true }) === 0) {
      // Killed before the first migration committed: it must have left no tables behind.
      const tables = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get()
      if (tables !== 0) problems.push(`user_version 0 but ${tables} schema objects`)
      if (acks.length > 0) problems.push(`not migrated, yet ${acks.length} acks`)
      return problems
    }

    const runs = db.prepare('SELECT id, status FROM runs').all() as { id: number; status: string }[]
    const epochsOf = db.prepare('SELECT epoch FROM epochs WHERE run_id = ? ORDER BY epoch').pluck()
    const ckpts = db.prepare('SELECT * FROM checkpoints WHERE run_id = ?')
    const count = (table: string, id: number) => db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(id) as number
    const byId = new Map<number, { status: string; epochs: number; last: number }>()
    for (const r of runs) {
      const epochs = epochsOf.all(r.id) as number[]
      // Each append is 3 epochs in one transaction: a run holds whole batches, numbered 1..n.
      if (epochs.length % 3 !== 0 || epochs.some((e, i) => e !== i + 1)) problems.push(`run ${r.id}: epochs ${epochs.join(',')}`)
      let last = 0
      for (const c of ckpts.all(r.id) as CheckpointRow[]) {
        if (!checkpointIsWhole(c)) problems.push(`run ${r.id}: ${c.kind} checkpoint at epoch ${c.epoch} is not whole`)
        if (c.epoch > epochs.length) problems.push(`run ${r.id}: checkpoint epoch ${c.epoch} after last epoch ${epochs.length}`)
        if (c.kind === 'last') last = c.epoch
      }
      // finishRun is one transaction: a done run has everything, any other run has no results.
      const done = r.status === 'done'
      const results = [count('metrics', r.id), count('forecasts', r.id)]
      if (done && (epochs.length !== 12 || last !== 12 || results[0] !== 2 || results[1] !== 3)) {
        problems.push(`run ${r.id}: done but incomplete (epochs ${epochs.length}, last ${last}, results ${results})`)
      }
      if (!done && (results[0] !== 0 || results[1] !== 0)) problems.push(`run ${r.id}: ${r.status} but has results ${results}`)
      byId.set(r.id, { status: r.status, epochs: epochs.length, last })
    }
    // No acknowledged commit may be missing.
    for (const line of acks) {
      const [what, idText, nText] = line.split(' ')
      const run = byId.get(Number(idText))
      const n = Number(nText)
      if (what === 'run' && run === undefined) problems.push(`acked ${line}, run missing`)
      if (what === 'running' && (run === undefined || run.status === 'queued')) problems.push(`acked ${line}, status ${run?.status}`)
      if (what === 'epochs' && (run?.epochs ?? 0) < n) problems.push(`acked ${line}, found ${run?.epochs} epochs`)
      if (what === 'checkpoint' && (run?.last ?? 0) < n) problems.push(`acked ${line}, last checkpoint at ${run?.last}`)
      if (what === 'done' && run?.status !== 'done') problems.push(`acked ${line}, status ${run?.status}`)
    }
  } finally {
    db.close()
  }
  return problems
}

describe('kill -9 during writes', () => {
  it('keeps the database whole and every acknowledged commit, over 50 kills at random moments', async () => {
    // A fixed seed, so a failure replays with the same kill moments (FW_KILL_SEED=n tries others).
    // The kill moments are still subject to timing: kill -9 inside an epoch batch is checked
    // deterministically below ('a kill inside an epoch batch') and in durability.test.ts.
    const seed = Number(process.env.FW_KILL_SEED ?? 190_001)
    console.log(`kill test: seed ${seed} (replay with FW_KILL_SEED=${seed})`)
    const random = prng(seed)
    const file = path.join(tmp, 'kill.db')
    const allAcks: string[] = []
    let killedMidRun = 0
    // Two writers load ahead (they wait for go() before touching the database), hiding start-up time.
    const spares = [startWriter(bundle.module, file, 'kill'), startWriter(bundle.module, file, 'kill')]
    for (let i = 0; i < 50; i++) {
      const writer = spares.shift()!
      await writer.waitFor((l) => l === 'loaded')
      writer.go()
      if (i % 10 === 0) {
        // Sometimes while it is still opening: creating the file, migrating, recovering the WAL.
        await new Promise((r) => setTimeout(r, random() * 20))
      } else {
        // Otherwise after a random number of acknowledged writes (a run's life is ~11 of them)
        // plus a random fraction of a millisecond or so, so the kill lands inside a write.
        // Counting acks rather than milliseconds keeps the spread the same on a busy machine.
        const after = Math.floor(random() * 14)
        await writer.waitFor(() => writer.acks.length >= after + 3) // + 'loaded', 'ready', 'dataset'
        await new Promise((r) => setTimeout(r, random() * 3))
      }
      writer.child.kill('SIGKILL')
      const { signal, stderr } = await writer.exited
      spares.push(startWriter(bundle.module, file, 'kill'))
      expect(stderr, `writer failed on its own (seed ${seed}, kill ${i})`).toBe('')
      expect(signal).toBe('SIGKILL')
      allAcks.push(...writer.acks.filter((l) => l !== 'ready' && l !== 'loaded'))
      if (!fs.existsSync(file)) {
        expect(allAcks, 'killed before the file existed, so nothing can have been acknowledged').toEqual([])
        continue
      }
      if (/^(epochs|checkpoint|running)/.test(writer.acks.at(-1) ?? '')) killedMidRun++

      expect(verify(file, allAcks), `seed ${seed}, kill ${i}`).toEqual([])

      // What any process does on its next open: runs left running by the killed writer (its pid
      // now dead) become interrupted with the reason, runs it only queued cancelled, nothing else.
      const raw = new Database(file, { readonly: true })
      const hasRuns = raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'runs'").get() as { n: number }
      const left = (status: string) => (hasRuns.n === 0 ? [] : (raw.prepare('SELECT id FROM runs WHERE status = ?').all(status) as { id: number }[]).map((r) => r.id))
      const [running, queued] = [left('running'), left('queued')]
      raw.close()
      const store = openStore(file)
      expect([...store.recovered].sort()).toEqual([...running, ...queued].sort())
      expect([...store.runs.list({ status: 'running' }), ...store.runs.list({ status: 'queued' })]).toEqual([])
      for (const id of running) expect(store.runs.get(id).error).toMatch(/^interrupted: the process training it \(app, pid \d+\) has ended/)
      for (const id of queued) expect(store.runs.get(id)).toMatchObject({ status: 'cancelled', error: expect.stringMatching(/^cancelled before it started: /) })
      store.close()
    }
    for (const spare of spares) spare.child.kill('SIGKILL')
    await Promise.all(spares.map((s) => s.exited))
    console.log(`kill test: seed ${seed}, ${allAcks.length} acked commits, ${killedMidRun}/50 kills landed mid-run`)
  }, 240_000) // 50 process start-ups: ~20 s on 2 idle cores, far longer when the CPU is shared
})

describe('a kill inside an epoch batch', () => {
  it('leaves none of the batch: epochs 1-3 committed, 4-6 absent, the file whole', async () => {
    const file = path.join(tmp, 'die-mid-batch.db')
    const writer = startWriter(bundle.module, file, 'die-mid-batch')
    await writer.waitFor((l) => l === 'loaded')
    writer.go()
    const { signal, stderr } = await writer.exited
    expect(stderr).toBe('')
    expect(signal).toBe('SIGKILL')
    expect(writer.acks).toContain('epochs 1 3')
    expect(writer.acks).not.toContain('epochs 1 6')
    const db = new Database(file, { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.prepare('SELECT epoch FROM epochs WHERE run_id = 1 ORDER BY epoch').pluck().all()).toEqual([1, 2, 3])
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name NOT IN ('runs_keep_last_id', 'datasets_keep_last_id')").pluck().get()).toBe(0) // the schema's own (009, 012) aside
    } finally {
      db.close()
    }
  }, 60_000)
})

describe('a reader during commits', () => {
  it('sees only whole committed batches, and the WAL is emptied by a checkpoint afterwards', async () => {
    const file = path.join(tmp, 'reader.db')
    const batches = 250
    const writer = startWriter(bundle.module, file, 'batches', batches)
    writer.go()
    await writer.waitFor((l) => l.startsWith('run '))
    const runId = Number(writer.acks.find((l) => l.startsWith('run '))!.split(' ')[1])
    const reader = openStore(file, { readonly: true })
    let closed = false
    void writer.exited.then(() => (closed = true))
    let reads = 0
    let maxWal = 0
    const seen = new Set<number>()
    while (!closed) {
      const { epochs, best } = reader.getRun(runId)
      // Each commit adds 4 epochs and the matching checkpoint: any other view is a torn read.
      expect(epochs.length % 4).toBe(0)
      expect(epochs.map((e) => e.epoch)).toEqual(epochs.map((_, i) => i + 1))
      expect(best?.epoch ?? 0).toBe(epochs.length)
      if (best !== null) expect(best.weights.every((w, i) => w === expectedWeight(runId, best.epoch, i))).toBe(true)
      seen.add(epochs.length)
      maxWal = Math.max(maxWal, fs.existsSync(file + '-wal') ? fs.statSync(file + '-wal').size : 0)
      reads++
      await new Promise((r) => setImmediate(r))
    }
    const { code, stderr } = await writer.exited
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(reader.getRun(runId).epochs).toHaveLength(batches * 4)
    reader.close()
    // No bound on maxWal here: a reader that is always mid-read can keep the WAL from restarting for
    // as long as the scheduler lets it (SQLite's checkpoint starvation), so the size this reader sees
    // depends on the machine's load (4 MiB on a quiet machine, 21 MiB once on a loaded CI). The bound
    // is checked deterministically below, with reads between commits; here the WAL must still empty.
    const store = openStore(file)
    expect(store.checkpointWal('TRUNCATE').busy).toBe(false)
    expect(fs.statSync(file + '-wal').size).toBe(0)
    store.close()
    console.log(`reader test: ${reads} reads saw ${seen.size} distinct committed states; max WAL ${(maxWal / 1048576).toFixed(1)} MiB`)
  })
})

describe('the WAL between commits', () => {
  it('stays bounded over 250 commits of 160 KB with a reader reading between them', () => {
    const file = path.join(tmp, 'wal-bound.db')
    const store = openStore(file)
    const reader = openStore(file, { readonly: true })
    try {
      const datasetId = store.datasets.save({ name: 'd', contentHash: 'h', columns: [{ name: 'y', kind: 'numeric', data: new Float64Array(10) }] })
      const runId = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
      store.startRun(runId)
      const epochRow = (epoch: number) => ({ epoch, trainLoss: 1 / epoch, valLoss: 1.1 / epoch, gradNorm: 0.5, clipRate: 0, lr: 1e-3, seconds: 0.01 })
      let maxWal = 0
      for (let b = 0; b < 250; b++) {
        const last = b * 4 + 4
        const weights = new Float32Array(WEIGHTS) // (WEIGHTS,)
        for (let i = 0; i < WEIGHTS; i++) weights[i] = expectedWeight(runId, last, i)
        store.transaction(() => {
          store.epochs.append(runId, [1, 2, 3, 4].map((k) => epochRow(b * 4 + k)))
          store.saveCheckpoint(runId, ['last', 'best'], {
            epoch: last,
            valLoss: 1 / (last + 1),
            weights,
            layout: [{ name: 'w', shape: [64, 64], offset: 0, size: WEIGHTS }],
            optimizer: { step: last * 10, m: new Float64Array(WEIGHTS).fill(last), v: new Float64Array(WEIGHTS).fill(2 * last), rng: { s: [last, runId] } }
          })
        }, 'FULL')
        expect(reader.getRun(runId).epochs).toHaveLength(last)
        maxWal = Math.max(maxWal, fs.statSync(file + '-wal').size)
      }
      // 40 MB of frames in all; with auto-checkpointing every 256 pages (4 MiB) and no reader holding
      // an old snapshot at commit time, the WAL restarts and never grows past a checkpoint's worth
      // plus one commit. Without auto-checkpointing it would reach tens of MiB.
      expect(maxWal).toBeLessThan(6 * 1024 * 1024)
      expect(maxWal).toBeGreaterThan(160 * 1024)
    } finally {
      reader.close()
      store.close()
    }
  })
})
