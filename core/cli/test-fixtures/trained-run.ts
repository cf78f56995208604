// A run trained for one epoch by `fw train` on the CO2 sample, and the store opened on its
// database, for tests that write the runs around it that a crash or a failure would leave.
import { join } from 'node:path'
import { expect } from 'vitest'
import { openStore, type Checkpoint, type Run, type Store } from '../../store'
import { fw } from './fw'

export const co2Sample = new URL('../../../resources/samples/co2-concentration.csv', import.meta.url).pathname

/** Trains run `done` into `db` (files under `dir`/out), then calls `write` with the store, that run
 *  and its best checkpoint; the store is closed after. Returns the trained run's id. */
export async function withTrainedRun(db: string, dir: string, write: (store: Store, run: Run, cp: Checkpoint) => void): Promise<number> {
  const t = await fw('train', '--csv', co2Sample, '--target', 'CO2', '--epochs', '1', '--seed', '1', '--db', db, '--out', join(dir, 'out'), '--json')
  expect(t.code).toBe(0)
  const done = (JSON.parse(t.stdout.slice(t.stdout.indexOf('{'))) as { runId: number }).runId
  const store = openStore(db, { appVersion: 'test' })
  try {
    write(store, store.runs.get(done), store.checkpoints.load(done, 'best')!)
  } finally {
    store.close()
  }
  return done
}
