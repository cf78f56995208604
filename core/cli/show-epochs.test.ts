// fw show lists a run's last 5 epochs: where it had more, that is said, with where to find them all
// (it listed the last 5 of 8 as if they were the run's whole history).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { epoch } from '../store/test-fixtures/sample'
import { fw } from './test-fixtures/fw'

function runWith(epochs: number): { db: string; runId: number } {
  const db = join(mkdtempSync(join(tmpdir(), 'fw-show-epochs-')), 'runs.db')
  const store = openStore(db, { appVersion: 'test' })
  const ds = store.datasets.save({ name: 'small.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2, 3]) }] })
  const runId = store.runs.create({ datasetId: ds, configJson: '{}', seed: 1 })
  store.startRun(runId)
  for (let n = 1; n <= epochs; n++) store.appendEpoch(runId, epoch(n))
  store.cancelRun(runId)
  store.close()
  return { db, runId }
}

describe('fw show epochs', () => {
  it('says "the last 5 of 8 epochs" where it lists only the last 5, and nothing more where it lists them all', async () => {
    const eight = runWith(8)
    const r = await fw('show', String(eight.runId), '--db', eight.db)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`\nthe last 5 of 8 epochs (fw show ${eight.runId} --json has them all):\nepoch  `)
    expect(r.stdout.match(/^\d+ {2,}/gm)?.map((l) => l.trim())).toEqual(['4', '5', '6', '7', '8'])
    const five = runWith(5)
    const all = await fw('show', String(five.runId), '--db', five.db)
    expect(all.stdout).toContain('\n\nepoch  ')
    expect(all.stdout).not.toContain('the last')
  })
})
