import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from './index'
import { STALE_HEARTBEAT_MS, currentOwner, describeOwner, ownerGone, pidAlive, processStart, type OwnerRow } from './owner'
import { checkpoint, epoch, seedRun } from './test-fixtures/sample'
import { tempDir } from './test-fixtures/temp'

// Ownership is judged against real processes: a child that is alive, one that has exited, and a
// live child whose pid is paired with another start token (what a reused pid looks like).

let file: string
const children: ChildProcess[] = []
beforeEach(() => {
  file = tempDir('fw-store-owner-').file
})
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL')
})

/** A real process that just waits; resolves once it runs. */
async function sleeper(): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['-e', 'process.stdout.write("up"); setTimeout(() => {}, 60_000)'], { stdio: ['ignore', 'pipe', 'ignore'] })
  children.push(c)
  await new Promise<void>((resolve) => c.stdout!.once('data', () => resolve()))
  return c
}

async function deadPid(): Promise<number> {
  const c = await sleeper()
  const exited = new Promise((r) => c.once('exit', r))
  c.kill('SIGKILL')
  await exited
  return c.pid!
}

const HOST = os.hostname()
const NOW = 1_800_000_000_000
const linux = processStart(process.pid) !== null

/** Rewrites a running run's owner stamp, as another process would have written it. */
function stamp(store: Store, runId: number, o: Partial<Record<'host' | 'pid' | 'start' | 'kind' | 'heartbeat', unknown>>): void {
  store.db.prepare(`UPDATE runs SET owner_host = ?, owner_pid = ?, owner_start = ?, owner_instance = 'other', owner_kind = ?, heartbeat_at = ? WHERE id = ?`)
    .run(o.host ?? HOST, o.pid ?? null, o.start ?? null, o.kind ?? 'cli', o.heartbeat ?? Date.now(), runId)
}

function row(o: Partial<OwnerRow>): OwnerRow {
  return { ownerHost: HOST, ownerPid: null, ownerStart: null, ownerInstance: 'x', ownerKind: 'cli', heartbeatAt: NOW, ...o }
}

describe('ownerGone', () => {
  const self = currentOwner('app')

  it('on this host: a dead pid is gone, a live one is not', async () => {
    const dead = await deadPid()
    expect(pidAlive(dead)).toBe(false)
    expect(ownerGone(row({ ownerPid: dead }), self, NOW)).toBe(`the process training it (CLI, pid ${dead}) has ended`)
    const live = await sleeper()
    expect(ownerGone(row({ ownerPid: live.pid!, ownerStart: processStart(live.pid!) }), self, NOW)).toBeNull()
  })

  it.runIf(linux)('on this host: a live pid with another start token is a reused pid, so gone', async () => {
    const live = await sleeper()
    const reused = row({ ownerPid: live.pid!, ownerStart: 'another-boot/123', heartbeatAt: NOW - 3_600_000 })
    expect(ownerGone(reused, self, NOW)).toMatch(/pid \d+ now belongs to another process|that pid now belongs to another process/)
    // the same process with a stale heartbeat (stopped with Ctrl-Z, say) is not dead
    expect(ownerGone({ ...reused, ownerStart: processStart(live.pid!) }, self, NOW)).toBeNull()
  })

  it('on another host only the heartbeat decides, against the documented limit', () => {
    const far = row({ ownerHost: 'elsewhere', ownerPid: 1 })
    expect(ownerGone({ ...far, heartbeatAt: NOW - STALE_HEARTBEAT_MS }, self, NOW)).toBeNull()
    expect(ownerGone({ ...far, heartbeatAt: NOW - STALE_HEARTBEAT_MS - 1 }, self, NOW)).toBe(
      'the process training it (CLI, pid 1 on elsewhere) has sent no heartbeat for 10 min (limit 10 min)'
    )
  })

  it('a row from before owners were recorded has no live owner', () => {
    expect(ownerGone(row({ ownerHost: null, ownerPid: null }), self, NOW)).toMatch(/older version/)
  })

  it('names owners the way the Runs view shows them', () => {
    expect(describeOwner({ ownerKind: 'cli', ownerPid: 42, ownerHost: HOST })).toBe('CLI, pid 42')
    expect(describeOwner({ ownerKind: 'app', ownerPid: 7, ownerHost: 'box' })).toBe('app, pid 7 on box')
  })
})

describe('opening the database', () => {
  it('marks runs of gone owners interrupted and leaves live ones alone', async () => {
    const store = openStore(file, { recover: false })
    const { datasetId, runId: deadRun } = seedRun(store)
    const reusedRun = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
    const liveRun = store.runs.create({ datasetId, configJson: '{}', seed: 2 })
    const mine = store.runs.create({ datasetId, configJson: '{}', seed: 3 })
    for (const id of [reusedRun, liveRun, mine]) store.startRun(id)
    const live = await sleeper()
    stamp(store, deadRun, { pid: await deadPid() })
    // a stale heartbeat from a pid that now belongs to another process
    stamp(store, reusedRun, { pid: live.pid, start: linux ? 'another-boot/1' : null, heartbeat: Date.now() - STALE_HEARTBEAT_MS - 60_000 })
    stamp(store, liveRun, { pid: live.pid, start: processStart(live.pid!), kind: 'app' })
    store.close()

    const other = openStore(file)
    expect([...other.recovered].sort()).toEqual([deadRun, reusedRun])
    expect(other.runs.get(deadRun)).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/^interrupted: the process training it \(CLI, pid \d+\) has ended$/) })
    expect(other.runs.get(reusedRun).status).toBe('interrupted')
    expect(other.runs.get(liveRun)).toMatchObject({ status: 'running', ownerKind: 'app', ownerPid: live.pid })
    expect(other.runs.get(mine)).toMatchObject({ status: 'running', ownerPid: process.pid }) // this very process
    other.close()
  })

  it('cancels a queued run whose process is gone (fw resume then starts it from the beginning), and leaves a live queue alone', async () => {
    const store = openStore(file, { recover: false })
    const { datasetId } = seedRun(store)
    const orphan = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
    const waiting = store.runs.create({ datasetId, configJson: '{}', seed: 2 })
    expect(store.runs.get(waiting)).toMatchObject({ status: 'queued', ownerPid: process.pid, ownerInstance: store.owner.instance })
    stamp(store, orphan, { pid: await deadPid(), kind: 'app' })
    store.close()

    const other = openStore(file)
    expect(other.recovered).toEqual([orphan])
    expect(other.runs.get(orphan)).toMatchObject({ status: 'cancelled', error: expect.stringMatching(/^cancelled before it started: the process training it \(app, pid \d+\) has ended$/) })
    expect(other.runs.get(waiting).status).toBe('queued')
    other.restartRun(orphan)
    expect(other.runs.get(orphan).status).toBe('running')
    other.close()
  })

  it('refuses to delete a run another live process trains or queues, naming it; deletes it once that process is gone', async () => {
    const store = openStore(file, { recover: false })
    const { datasetId, runId: training } = seedRun(store)
    const queued = store.runs.create({ datasetId, configJson: '{}', seed: 2 })
    const live = await sleeper()
    stamp(store, training, { pid: live.pid, start: processStart(live.pid!), kind: 'cli' })
    stamp(store, queued, { pid: live.pid, start: processStart(live.pid!), kind: 'app' })
    store.close()

    const other = openStore(file)
    expect(() => other.runs.remove(training)).toThrow(`run ${training} is being trained by another process (CLI, pid ${live.pid}); stop it there first, or wait for it to finish`)
    expect(() => other.runs.remove(queued)).toThrow(`run ${queued} is queued to train by another process (app, pid ${live.pid})`)
    expect(other.runs.get(training).status).toBe('running')
    // this store's own queued run is its own to delete (fw drops a run that failed before it started)
    const own = other.runs.create({ datasetId, configJson: '{}', seed: 3 })
    other.runs.remove(own)
    stamp(other, training, { pid: await deadPid() })
    other.runs.remove(training)
    expect(() => other.runs.get(training)).toThrow(/not found/)
    other.close()
  })

  it('stamps the owner on start and resume, and beats until another process takes the run', () => {
    const store = openStore(file, { ownerKind: 'cli' })
    const { runId } = seedRun(store)
    const run = store.runs.get(runId)
    expect(run).toMatchObject({ ownerHost: HOST, ownerPid: process.pid, ownerKind: 'cli', ownerInstance: store.owner.instance })
    expect(run.heartbeatAt).toBeGreaterThan(0)
    store.db.prepare('UPDATE runs SET heartbeat_at = 1 WHERE id = ?').run(runId)
    store.appendEpoch(runId, epoch(1))
    expect(store.runs.get(runId).heartbeatAt).toBeGreaterThan(1)
    expect(store.heartbeat(runId)).toBe(1)
    // another process decided the owner was gone
    store.db.prepare(`UPDATE runs SET status = 'interrupted' WHERE id = ?`).run(runId)
    expect(store.heartbeat(runId)).toBe(0)
    store.saveCheckpoint(runId, ['last'], checkpoint(1))
    store.resumeRun(runId)
    expect(store.heartbeat(runId)).toBe(1)
    store.close()
  })

  it('restarts a run that was killed before its first checkpoint, and refuses one that has a checkpoint', () => {
    const store = openStore(file)
    const { runId } = seedRun(store)
    store.appendEpoch(runId, epoch(1))
    store.interruptRun(runId, 'killed')
    expect(() => store.resumeRun(runId)).toThrow(/checkpoint to resume run/)
    store.restartRun(runId)
    expect(store.runs.get(runId).status).toBe('running')
    expect(store.epochs.list(runId)).toEqual([])
    store.saveCheckpoint(runId, ['last'], checkpoint(1))
    store.cancelRun(runId)
    expect(() => store.restartRun(runId)).toThrow(/has a checkpoint; resume it/)
    store.close()
  })
})
