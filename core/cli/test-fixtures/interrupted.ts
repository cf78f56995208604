// A run stored as interrupted after some epochs, as a killed `fw train` leaves it (its checkpoint
// kept), for the tests of `fw resume`.
import { openStore } from '../../store'
import { runTraining } from '../../train/run'
import { parseArgs } from '../args'
import { readCsvFile } from '../io'
import { recordNewRun } from '../runs'
import { buildConfig, TRAIN_FLAGS } from '../train'

/** Trains `fw train` args (--csv and --target among them) into `db` and stops after `epochs`
 *  epochs, the run then found interrupted; its id. */
export async function interruptedRun(db: string, csv: string, args: string[], epochs: number): Promise<number> {
  const ds = await readCsvFile(csv)
  const config = buildConfig(parseArgs(['--csv', csv, ...args], TRAIN_FLAGS), ds)
  const store = openStore(db)
  try {
    const { runId, record } = recordNewRun(store, ds, csv, config, null)
    let done = 0
    const out = await runTraining({ config, dataset: ds }, { emit: (e) => (record(e), e.type === 'epoch' && (done = e.epoch)), shouldStop: () => done >= epochs, yieldNow: () => Promise.resolve() })
    if (out !== null) throw new Error(`the run trained to its end before epoch ${epochs}: nothing to resume`)
    if (!store.recoverInterrupted('the process was killed').includes(runId)) throw new Error(`run ${runId} was not found interrupted`)
    return runId
  } finally {
    store.close()
  }
}
