// An interrupted run in fw show and fw runs (explore19 finding 9): fw show said "interrupted
// (interrupted: the process … has ended)", the word twice, and neither command said how to go on.
// Both now point to fw resume RUN, with the --db they were given, and say whether it continues from
// a checkpoint or trains again from the start.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'
import { co2Sample as sample, withTrainedRun } from './test-fixtures/trained-run'

const dir = mkdtempSync(join(tmpdir(), 'fw interrupted-'))
const db = join(dir, 'runs.db')
// what the store writes when it finds a run's process gone (core/store/runs.ts recoverStale)
const GONE = 'interrupted: the process training it (CLI, pid 13502) has ended'

let kept = 0
let bare = 0
beforeAll(async () => {
  await withTrainedRun(db, dir, (store, run, cp) => {
    kept = store.runs.create({ datasetId: run.datasetId, configJson: run.configJson, seed: 1 })
    store.startRun(kept)
    store.saveCheckpoint(kept, ['best', 'last'], { epoch: 1, valLoss: 0.5, weights: cp.weights, layout: cp.layout, optimizer: cp.optimizer })
    store.interruptRun(kept, GONE)
    bare = store.runs.create({ datasetId: run.datasetId, configJson: run.configJson, seed: 1 })
    store.startRun(bare)
    store.interruptRun(bare, GONE)
  })
}, 120_000)

describe('an interrupted run', () => {
  it('fw show names the status once, says why, and gives the fw resume command for this database', async () => {
    const s = await fw('show', String(kept), '--db', db)
    expect(s.code).toBe(0)
    const lines = s.stdout.split('\n')
    expect(lines[0]).toBe(`run ${kept}: interrupted (the process training it (CLI, pid 13502) has ended)`)
    expect(lines[1]).toBe(`continue it from its last checkpoint (epoch 1) with: fw resume ${kept} --db '${db}'`)
  })

  it('fw show of one stopped before its first checkpoint says fw resume trains it again from the start', async () => {
    const s = await fw('show', String(bare), '--db', db)
    expect(s.stdout.split('\n')[1]).toBe(`it stopped before its first checkpoint: fw resume ${bare} --db '${db}' trains it again from the start (same seed)`)
  })

  it('fw runs lists the interrupted runs under the table with the command that continues one', async () => {
    const r = await fw('runs', '--db', db)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`\nnote: runs ${bare} and ${kept} were interrupted; continue one with: fw resume RUN --db '${db}'\n`)
  })

  it('fw runs says nothing of resuming where no run is interrupted, and fw show of a done run neither', async () => {
    const other = join(dir, 'done.db')
    expect((await fw('train', '--csv', sample, '--target', 'CO2', '--epochs', '1', '--seed', '1', '--db', other, '--out', join(dir, 'out2'))).code).toBe(0)
    expect((await fw('runs', '--db', other)).stdout).not.toContain('fw resume')
    expect((await fw('show', '1', '--db', other)).stdout).not.toContain('fw resume')
  }, 120_000)
})
