// Settings that do nothing for the run they are set on, said rather than left to look like settings
// that work (as a dropout on one layer is, core/cli/train.ts idleDropout): a hidden activation on an
// LSTM or GRU cell (its gates have their own sigmoid and tanh; core/engine/cells), warm-up steps with
// final outputs (warm-up leaves out the first steps of a per-step loss; core/engine/batch.ts), and a
// truncation k at or over the look-back (no chunk boundary or sliding start falls inside the window,
// so the gradient is the full BPTT's; core/engine/bptt.ts). Told by fw train and the run's notices
// (the app's Train view and fw show), and named by fw compare and fw sweep.
import { fix, words, type Words } from '../data/words'
import { DEFAULT_DATA, DEFAULT_MODEL, DEFAULT_TRAINING } from './config'
import type { DataConfig, ModelConfig, TrainingConfig } from './types'

/** A config as resolved, or as stored by an older version (its missing fields read as the defaults'). */
export type IdleConfig = { data?: Partial<Pick<DataConfig, 'lookBack'>>; model?: Partial<Pick<ModelConfig, 'cell' | 'hiddenActivation' | 'outputMode'>>; training?: Partial<Pick<TrainingConfig, 'warmupSteps' | 'truncation'>> }

export interface IdleSetting {
  /** The config key that does nothing. */
  key: string
  /** Why, in a few words for a table ("no effect on LSTM"). */
  why: string
  words: Required<Words>
}

/** A setting that has no effect on the run whatever its value (an LSTM's hidden activation, tanh
 *  too): what fw compare and fw sweep mark; `words` where the run set it to a value that would act
 *  elsewhere (relu on an LSTM), the note a run is told. */
export type InertSetting = Omit<IdleSetting, 'words'> & { words?: Required<Words> }

/** Every setting that has no effect on the run, set or not, in config order.
 *  `lookBack`: the window's length as the run prepared it, where that differs from the config's. */
export function inertSettings(cfg: IdleConfig, lookBack = cfg.data?.lookBack ?? DEFAULT_DATA.lookBack): InertSetting[] {
  const out: InertSetting[] = []
  const m = { ...DEFAULT_MODEL, ...cfg.model }
  const cell = m.cell.toUpperCase()
  if (m.cell !== 'elman') {
    out.push({ key: 'model.hiddenActivation', why: `no effect on ${cell}`, ...(m.hiddenActivation !== 'tanh' ? { words: words`hidden activation ${m.hiddenActivation} does nothing with an ${cell} cell: its gates use sigmoid and tanh, and the hidden activation is the Elman cell's only (${fix('--cell elman', 'Cell elman in Setup')})` } : {}) })
  }
  const warm = cfg.training?.warmupSteps ?? DEFAULT_TRAINING.warmupSteps
  if (m.outputMode !== 'per-step') {
    out.push({ key: 'training.warmupSteps', why: 'no effect with final outputs', ...(warm > 0 ? { words: words`training.warmupSteps ${warm} does nothing with final outputs: only the last step is scored, and warm-up leaves out the first steps of a per-step loss` } : {}) })
  }
  const t = cfg.training?.truncation ?? DEFAULT_TRAINING.truncation
  if (t.kind === 'none' || t.k >= lookBack) {
    out.push({ key: 'training.truncation', why: `no effect at look-back ${lookBack}`, ...(t.kind !== 'none' ? { words: words`truncated BPTT (${t.kind}, k ${t.k}) does nothing at a look-back of ${lookBack}: the window has no more steps than k, so the gradient flows back through all of them as without truncation` } : {}) })
  }
  return out
}

/** The settings the run set that do nothing for it (inertSettings with words): the notes it is told. */
export function idleSettings(cfg: IdleConfig, lookBack?: number): IdleSetting[] {
  return inertSettings(cfg, lookBack).filter((i): i is IdleSetting => i.words !== undefined)
}

/** Whether config path `path` (as fw compare and fw sweep name it) lies in an idle setting's key. */
export const idleAt = <T extends InertSetting>(idle: readonly T[], path: string): T | undefined =>
  idle.find((i) => path === i.key || path.startsWith(i.key + '.'))

/** A config path named with why where the setting had no effect on either of two runs
 *  ("model.hiddenActivation (no effect on LSTM)"), as is otherwise: fw compare's and the app's
 *  Compare's setting column, so a difference that changed nothing does not look as if it mattered. */
export function inertMarker(a: IdleConfig, b: IdleConfig): (path: string) => string {
  const [inertA, inertB] = [inertSettings(a), inertSettings(b)]
  return (path) => {
    const [x, y] = [idleAt(inertA, path), idleAt(inertB, path)]
    return x && y ? `${path} (${x.why === y.why ? x.why : `${x.why}; ${y.why}`})` : path
  }
}
