// Browser mode's back end puts the database's quick_check off until its first change, as fw does:
// a 400 MB file cost ~2 s of CPU at start before the page was served. A damaged file is still
// never written, and what a read meets is still reported as damaged.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openStore } from '../../core/store'
import { checkpoint, epoch, seedRun } from '../../core/store/test-fixtures/sample'
import { createBackend, type Backend } from './backend'

let tmp: string
let file: string
let backend: Backend | null = null
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-backend-'))
  file = path.join(tmp, 'runs.db')
})
afterEach(async () => {
  await backend?.close()
  backend = null
  fs.rmSync(tmp, { recursive: true, force: true })
})

const sha256 = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex')

/** A stored run whose checkpoints table's root page is overwritten: a page the Runs list never reads. */
function damagedStore(): number {
  const store = openStore(file)
  const { runId } = seedRun(store)
  store.epochs.append(runId, [1, 2, 3].map((n) => epoch(n)))
  store.saveCheckpoint(runId, ['last', 'best'], checkpoint(3, 50_000))
  store.close()
  const db = new Database(file, { readonly: true })
  const root = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get('checkpoints') as number
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.close()
  const fd = fs.openSync(file, 'r+')
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize)
  fs.closeSync(fd)
  return runId
}

const open = () =>
  (backend = createBackend({
    dbPath: file,
    samplesDir: tmp,
    trainerPath: path.join(tmp, 'no-trainer.js'),
    fork: () => {
      throw new Error('no trainer in this test')
    },
    version: 'test',
    mode: 'web',
    broadcast: () => {},
    broadcastBacktest: () => {}
  }))

it('browser mode opens a damaged file without the check: lists its runs, refuses the first change as damaged, never writes it', async () => {
  const runId = damagedStore()
  const before = sha256(file)
  const b = open() // before: the quick_check on open threw 'database damaged'
  const list = await b.dispatcher.dispatch('listRuns', undefined)
  expect(list.ok && (list.value as { id: number }[]).map((r) => r.id)).toEqual([runId])
  const renamed = await b.dispatcher.dispatch('updateRun', { runId, name: 'renamed' })
  expect(renamed.ok).toBe(false)
  expect(!renamed.ok && renamed.error.message).toContain(`database damaged: ${file}`)
  expect(b.store.heartbeat()).toBe(0) // the idle timer's beat is no change: nothing of this process to beat
  await b.close()
  backend = null
  expect(sha256(file)).toBe(before)
})

it('main still checks on open when asked (after an unclean shutdown)', () => {
  damagedStore()
  const before = sha256(file)
  expect(() => createBackend({ dbPath: file, samplesDir: tmp, trainerPath: 'x', fork: () => { throw new Error('no') }, version: 'test', mode: 'electron', broadcast: () => {}, broadcastBacktest: () => {}, verify: true })).toThrow(/database damaged/)
  expect(sha256(file)).toBe(before)
})
