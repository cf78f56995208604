// A run is given its number only once it can start: the app's main prepares the data as the
// trainer will before it stores the run, so that a refusal (a series too short for its split and
// windows, a rule that matches nothing) is said in Setup and takes no run number. fw train, which
// trains in its own process, stores the run at the trainer's 'started' event instead (core/cli/train.ts).
import type { Dataset } from '../data'
import { prepareGlobalRun } from '../train/global'
import { prepareRun } from '../train/prepare'
import type { TrainConfig } from '../train/types'

/** Throws what the trainer would refuse `config` on `ds` with before its first epoch. */
export function checkRunStarts(config: TrainConfig, ds: Dataset): void {
  if (config.data.series?.global) prepareGlobalRun(config, ds)
  else prepareRun(config, ds)
}
