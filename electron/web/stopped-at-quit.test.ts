// A normal quit while a run trains keeps it interrupted, resumable, and the next start of the app
// names it (appInfo's stoppedAtQuit), once: the start after that says nothing of it. A kill is the
// other notice's (appInfo's interrupted: runs this start found with their process gone). The real
// back end, store and host, with the fake trainer process.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { nodeFork } from '../../core/services/node-fork'
import { FAKE_TRAINER } from '../../test/fixtures/trainer/payload'
import type { AppInfo } from '../contract'
import { createBackend, type Backend } from './backend'
import { stoppedFile, takeStoppedAtQuit } from './stopped-at-quit'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-stopped-at-quit-'))
const file = path.join(tmp, 'runs.db')
let open: Backend | null = null
afterEach(async () => {
  await open?.close()
  open = null
})

function backend(): Backend {
  return (open = createBackend({
    dbPath: file, samplesDir: tmp, trainerPath: FAKE_TRAINER, version: 'test', mode: 'web', broadcast: () => {}, broadcastBacktest: () => {},
    fork: (p) => nodeFork(p, { env: { ...process.env, FAKE_TRAINER: JSON.stringify({ epochDelayMs: 2000 }) } })
  }))
}
async function call<T>(b: Backend, verb: string, req?: unknown): Promise<T> {
  const r = await b.dispatcher.dispatch(verb as never, req as never)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as T
}
async function closed(b: Backend): Promise<void> {
  await b.close()
  open = null
}

const N = 64
const columns = [{ kind: 'numeric' as const, name: 'y', values: Float64Array.from({ length: N }, (_, i) => Math.sin(i / 5)) }]
const config = { data: { target: 'y', features: [], lookBack: 4 }, model: { cell: 'gru', hiddenSize: 8 }, training: { epochs: 50, lr: 0.01 } }

it('a quit mid-training: the next start names the run, still interrupted, and the start after says nothing', async () => {
  const first = backend()
  const { datasetId } = await call<{ datasetId: number }>(first, 'saveDataset', { name: 'f.csv', sourceFile: null, columns })
  await call(first, 'startRun', { datasetId, config, name: 'long' })
  // training: stored as running
  for (let i = 0; i < 200 && !(await call<{ status: string }[]>(first, 'listRuns')).some((r) => r.status === 'running'); i++) await new Promise((r) => setTimeout(r, 25))
  const [run] = await call<{ id: number; status: string }[]>(first, 'listRuns')
  expect(run!.status).toBe('running')
  await closed(first) // the app quits
  expect(fs.existsSync(stoppedFile(file))).toBe(true)

  const second = backend()
  const info = await call<AppInfo>(second, 'appInfo')
  expect(info.stoppedAtQuit).toEqual([{ runId: run!.id, name: 'long' }])
  expect(info.interrupted).toEqual([]) // not killed: this start found nothing with its process gone
  // one id a start, by which a page loaded again in this start shows the notice no more (App.vue)
  expect((await call<AppInfo>(second, 'appInfo')).appStartId).toBe(info.appStartId)
  expect((await call<{ summary: { status: string } }>(second, 'getRun', { runId: run!.id })).summary.status).toBe('interrupted')
  expect(fs.existsSync(stoppedFile(file))).toBe(false) // read once
  await closed(second) // nothing training: nothing to name next time

  const third = backend()
  const thirdInfo = await call<AppInfo>(third, 'appInfo')
  expect(thirdInfo.stoppedAtQuit).toEqual([])
  expect(thirdInfo.appStartId).not.toBe(info.appStartId)
})

it('a file beside the database that is not a list of run ids is said and read as none; a list is read once', () => {
  const said: string[] = []
  fs.writeFileSync(stoppedFile(file), '{"runIds": ["x"]}\n')
  expect(takeStoppedAtQuit(file, (l) => said.push(l))).toEqual([])
  expect(said).toEqual([`${stoppedFile(file)}: runIds is not a list of run ids; the runs stopped when the app last closed are not named at this start (Runs lists them as interrupted)`])
  expect(fs.existsSync(stoppedFile(file))).toBe(false)
  fs.writeFileSync(stoppedFile(file), '{"runIds": [3, 4]}\n')
  expect(takeStoppedAtQuit(file)).toEqual([3, 4])
  // a file that is no JSON: one line, the consequence said once
  said.length = 0
  fs.writeFileSync(stoppedFile(file), '{"runIds": [3,\n')
  expect(takeStoppedAtQuit(file, (l) => said.push(l))).toEqual([])
  expect(said).toHaveLength(1)
  expect(said[0]).toMatch(new RegExp(`^${stoppedFile(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not read \\(.+\\); the runs stopped when the app last closed are not named at this start \\(Runs lists them as interrupted\\)$`))
  expect(said[0]!.split('Runs lists them as interrupted')).toHaveLength(2)
})

it('a file beside the database that cannot be removed (a read-only folder; here a folder of that name) names none and does not stop the start', () => {
  const dir = path.join(tmp, 'locked.db')
  fs.mkdirSync(stoppedFile(dir))
  const said: string[] = []
  expect(takeStoppedAtQuit(dir, (l) => said.push(l))).toEqual([])
  // said once, why it was not removed: named at this start it would be named at every start after
  expect(said.filter((l) => l.includes('not removed'))).toHaveLength(1)
})
