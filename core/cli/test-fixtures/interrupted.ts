// A run stored as interrupted after some epochs, as a killed `fw train` leaves it (its checkpoint
// kept), for the tests of `fw resume`.
import { openStore } from '../../store'
import { runTraining } from '../../train/run'
import { runGlobalTraining } from '../../train/global'
import type { Dataset } from '../../data'
import type { FitHooks } from '../../train/fit'
import type { TrainConfig } from '../../train/types'
import { parseArgs } from '../args'
import { readCsvFile } from '../io'
import { recordNewRun } from '../runs'
import { buildConfig, TRAIN_FLAGS } from '../train'
import { readTrainingCsv } from '../wide'

/** Trains `fw train` args (--csv and --target among them) into `db` and stops after `epochs`
 *  epochs, the run then found interrupted; its id. */
export async function interruptedRun(db: string, csv: string, args: string[], epochs: number): Promise<number> {
  const ds = await readCsvFile(csv)
  const config = buildConfig(parseArgs(['--csv', csv, ...args], TRAIN_FLAGS), ds)
  return stoppedRun(db, ds, csv, config, epochs, undefined, (hooks) => runTraining({ config, dataset: ds }, hooks))
}

/** As interruptedRun, for `fw train --global` args (--csv, --target, --series and --global among
 *  them): the run stored into `db` with its files' folder `out`, stopped after `epochs` epochs and
 *  then found interrupted; its id. */
export async function interruptedGlobalRun(db: string, args: string[], epochs: number, out: string): Promise<number> {
  const parsed = parseArgs(args, TRAIN_FLAGS)
  const ds = await readTrainingCsv(parsed, 'train')
  const config = buildConfig(parsed, ds)
  return stoppedRun(db, ds, parsed.flags['csv'] as string, config, epochs, out, (hooks) => runGlobalTraining({ config, dataset: ds }, hooks))
}

/** The run recorded into `db`, trained by `train` until `epochs` epochs, then found interrupted. */
async function stoppedRun(db: string, ds: Dataset, csv: string, config: TrainConfig, epochs: number, out: string | undefined, train: (hooks: Pick<FitHooks, 'emit' | 'shouldStop' | 'yieldNow'>) => Promise<unknown>): Promise<number> {
  const store = openStore(db)
  try {
    const { runId, record } = out === undefined ? recordNewRun(store, ds, csv, config, null) : recordNewRun(store, ds, csv, config, null, {}, out)
    let done = 0
    const end = await train({ emit: (e) => (record(e), e.type === 'epoch' && (done = e.epoch)), shouldStop: () => done >= epochs, yieldNow: () => Promise.resolve() })
    if (end !== null) throw new Error(`the run trained to its end before epoch ${epochs}: nothing to resume`)
    if (!store.recoverInterrupted('the process was killed').includes(runId)) throw new Error(`run ${runId} was not found interrupted`)
    return runId
  } finally {
    store.close()
  }
}
