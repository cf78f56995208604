import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend } from '../../electron/web/backend'
import type { RunSummary } from '../../electron/contract'
import { bundleCli } from './test-fixtures/bundle-cli'
import { prng } from '../store/test-fixtures/prng'

// Fault injection with real processes: `node cli.js` (this checkout's CLI, bundled once) is
// stopped with real signals, to its whole process group as a terminal or `kill -9 -PGID` would.
// The database is checked with a plain better-sqlite3 connection, apart from the store's code.

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
let cli: { cli: string; remove: () => void }
let dir: string
let small: string // a few quick epochs
let big: string // epochs of one ~2 s batch each: two signals surely land within one
let long: string // long enough for two runs to overlap on a busy machine

beforeAll(async () => {
  cli = await bundleCli()
  dir = mkdtempSync(join(tmpdir(), 'fw-cli-proc-'))
  small = join(dir, 'small.json')
  big = join(dir, 'big.json')
  writeFileSync(small, JSON.stringify({ model: { hiddenSize: 8 }, training: { epochs: 6 } }))
  long = join(dir, 'long.json')
  writeFileSync(long, JSON.stringify({ model: { hiddenSize: 8 }, training: { epochs: 150, earlyStopping: null } }))
  writeFileSync(big, JSON.stringify({ model: { hiddenSize: 96 }, training: { epochs: 3, batchSize: 1024 } }))
}, 120_000)
afterAll(() => {
  cli?.remove()
  rmSync(dir, { recursive: true, force: true })
})

interface Proc {
  pid: number
  stdout: () => string
  stderr: () => string
  /** Resolves once stdout matches. */
  waitFor(re: RegExp): Promise<void>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Signals the child's whole process group. */
  kill(sig: NodeJS.Signals): void
}

function fw(args: string[]): Proc {
  // detached: the child leads its own process group, which kill() signals as a whole
  const child = spawn(process.execPath, [cli.cli, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  const waiters: { re: RegExp; resolve: () => void }[] = []
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    out += s
    for (const w of waiters.splice(0)) (w.re.test(out) ? w.resolve() : waiters.push(w))
  })
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
  return {
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        if (re.test(out)) return resolve()
        waiters.push({ re, resolve })
        void exited.then(() => reject(new Error(`fw exited before printing ${re}:\n${out}\n${err}`)))
      }),
    exited,
    kill: (sig) => {
      try {
        process.kill(-child.pid!, sig)
      } catch {
        // already gone
      }
    }
  }
}

/** Runs fw to the end. */
async function fwDone(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = fw(args)
  const { code } = await p.exited
  return { code, stdout: p.stdout(), stderr: p.stderr() }
}

const trainArgs = (db: string, config: string, seed = 7) => ['train', '--csv', sample, '--target', 'temp_max', '--db', db, '--out', join(dir, 'out'), '--threads', '1', '--config', config, '--seed', String(seed)]

function raw<T>(db: string, fn: (d: Database.Database) => T): T {
  const d = new Database(db, { readonly: true })
  try {
    return fn(d)
  } finally {
    d.close()
  }
}
const statusOf = (db: string, id: number) => raw(db, (d) => d.prepare('SELECT status, error FROM runs WHERE id = ?').get(id) as { status: string; error: string | null })
const bestWeights = (db: string, id: number) => raw(db, (d) => (d.prepare(`SELECT weights FROM checkpoints WHERE run_id = ? AND kind = 'best'`).get(id) as { weights: Buffer }).weights)

describe('Ctrl-C', () => {
  it('once: stops after the batch, cancels the run with a resume hint, exit 130; fw resume reaches the uninterrupted weights', async () => {
    const db = join(dir, 'sigint.db')
    const ref = await fwDone(trainArgs(db, small))
    expect(ref.code).toBe(0)
    const p = fw(trainArgs(db, small))
    await p.waitFor(/epoch 2\/6/)
    p.kill('SIGINT')
    expect(await p.exited).toEqual({ code: 130, signal: null })
    const m = /fw train: stopped by SIGINT: run (\d+) cancelled after epoch (\d+)\. Continue it with: fw resume \1\n$/.exec(p.stderr())
    expect(m, p.stderr()).not.toBeNull()
    const id = Number(m![1])
    expect(Number(m![2])).toBeGreaterThanOrEqual(2)
    expect(statusOf(db, id)).toEqual({ status: 'cancelled', error: null })

    const r = await fwDone(['resume', String(id), '--db', db])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`resuming run ${id} after epoch ${m![2]}`)
    expect(statusOf(db, id).status).toBe('done')
    expect(bestWeights(db, id).equals(bestWeights(db, 1))).toBe(true) // bit for bit
  }, 120_000)

  it('twice: quits at once, and the next process to open the database marks the run interrupted', async () => {
    const db = join(dir, 'sigint2.db')
    const p = fw(trainArgs(db, big))
    await p.waitFor(/^windows: /m)
    // Both arrive while the first ~2 s batch runs; two SIGINTs are two deliveries as long as the
    // kernel has run the first one's handler before the second is sent (hence the gap).
    p.kill('SIGINT')
    await new Promise((r) => setTimeout(r, 150))
    p.kill('SIGINT')
    expect(await p.exited).toEqual({ code: 130, signal: null })
    expect(p.stderr()).toMatch(/SIGINT again: quitting now\. Run 1 becomes interrupted the next time the database is opened; continue it with: fw resume 1\n$/)
    expect(statusOf(db, 1).status).toBe('running')

    const runs = await fwDone(['runs', '--json', '--db', db])
    expect(runs.code).toBe(0)
    const [run] = JSON.parse(runs.stdout) as { id: number; status: string; error: string }[]
    expect(run).toMatchObject({ id: 1, status: 'interrupted', error: `interrupted: the process training it (CLI, pid ${p.pid}) has ended` })
  }, 120_000)
})

describe('kill -9 of fw train', () => {
  it('at 20 random moments: the database stays whole, no run is left running or queued, and every interrupted run resumes to done', async () => {
    const db = join(dir, 'kill.db')
    const t0 = Date.now()
    const ref = await fwDone(trainArgs(db, small))
    expect(ref.code).toBe(0)
    const span = Date.now() - t0 // one whole run, start-up included, on this machine now
    const random = prng(14)
    const landed: string[] = []
    for (let i = 0; i < 20; i++) {
      const p = fw(trainArgs(db, small))
      await new Promise((r) => setTimeout(r, random() * span))
      p.kill('SIGKILL')
      const { code, signal } = await p.exited
      landed.push(signal === 'SIGKILL' ? (/epoch \d+\/6/.exec(p.stdout().split('\n').filter(Boolean).at(-1) ?? '')?.[0] ?? 'before training') : `finished (${code})`)
      const runs = await fwDone(['runs', '--json', '--db', db])
      expect(runs.code, runs.stderr).toBe(0)
      expect((JSON.parse(runs.stdout) as { status: string }[]).filter((r) => r.status === 'running'), `kill ${i}`).toEqual([])
    }
    expect(raw(db, (d) => d.pragma('integrity_check', { simple: true }))).toBe('ok')

    // interrupted while training, or cancelled when killed after queueing the run but before its first epoch
    const interrupted = raw(db, (d) => (d.prepare(`SELECT id FROM runs WHERE status IN ('interrupted', 'cancelled')`).all() as { id: number }[]).map((r) => r.id))
    expect(raw(db, (d) => d.prepare(`SELECT count(*) AS n FROM runs WHERE status NOT IN ('interrupted', 'cancelled', 'done')`).get())).toEqual({ n: 0 })
    // two at a time: also two writers on one database
    for (let i = 0; i < interrupted.length; i += 2) {
      const rs = await Promise.all(interrupted.slice(i, i + 2).map((id) => fwDone(['resume', String(id), '--db', db])))
      for (const r of rs) expect(r.code, r.stderr).toBe(0)
    }
    for (const id of interrupted) {
      expect(statusOf(db, id).status).toBe('done')
      expect(bestWeights(db, id).equals(bestWeights(db, 1)), `run ${id}`).toBe(true)
    }
    console.log(`kill test: run ${span} ms; kills landed: ${landed.join(', ')}; ${interrupted.length} interrupted or cancelled runs resumed to done`)
  }, 600_000)
})

describe('several writers on one database', () => {
  it('two fw train at once and the web backend opened in the middle: both finish done, neither is marked interrupted', async () => {
    const db = join(dir, 'shared.db')
    // a first run creates the file, so the two below start on a migrated database
    const a = fw(trainArgs(db, long, 1))
    await a.waitFor(/^run 1 /m)
    const b = fw(trainArgs(db, long, 2))
    await b.waitFor(/epoch 1\/150/)

    const backend = createBackend({
      dbPath: db, samplesDir: dir, trainerPath: join(dir, 'no-trainer.js'), version: '0.0.0-test', mode: 'web', broadcast: () => {}, broadcastBacktest: () => {},
      fork: () => {
        throw new Error('this test trains nothing in the backend')
      }
    })
    try {
      expect(backend.store.recovered).toEqual([])
      const list = await backend.dispatcher.dispatch('listRuns', undefined)
      expect(list.ok).toBe(true)
      const runs = (list as { value: RunSummary[] }).value.map((r) => [r.id, r.status, r.runningElsewhere])
      // what the Runs view shows: each run named with the CLI process that trains it
      expect(runs).toEqual([[2, 'running', `CLI, pid ${b.pid}`], [1, 'running', `CLI, pid ${a.pid}`]])
    } finally {
      await backend.close()
    }
    const [ea, eb] = await Promise.all([a.exited, b.exited])
    expect([ea.code, eb.code], a.stderr() + b.stderr()).toEqual([0, 0])
    expect(a.stderr() + b.stderr()).not.toMatch(/locked|busy/i)
    expect([statusOf(db, 1), statusOf(db, 2)]).toEqual([{ status: 'done', error: null }, { status: 'done', error: null }])
  }, 180_000)
})

describe('fw --help in a real process', () => {
  // every command is covered in-process by help.test.ts; these are the two the issue found broken
  it('exits 0 for fw export --help and fw sweep --help', () => {
    for (const c of ['export', 'sweep']) {
      const r = spawnSync(process.execPath, [cli.cli, c, '--help'], { encoding: 'utf8' })
      expect([r.status, r.stdout.startsWith(`usage: fw ${c}`)], c).toEqual([0, true])
    }
  })
})
