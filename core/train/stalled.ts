// A run whose training loss barely moved: the learning rate is the usual cause (1e-6 on Seattle's
// temp_max: 0.8455 at epoch 1, 0.8450 at best after 10 epochs). Told where the run's ending is told,
// in the CLI's words (fw train's --lr) and the app's (Setup's field).
// The rule reads the loss history both front ends hold whole (the store keeps every epoch, across a
// resume), so a run opened later, or resumed, is judged on all its epochs.
import { words, type Words } from '../data/words'
import { DEFAULT_TRAINING } from './config'
import { LR } from './diverged'
import { outOfScaleStallWords } from './out-of-scale'
import { unchangedStallWords } from './unchanged-steps'
import type { TargetRange } from '../data/range'

/** Fewer epochs say too little: the first ones of a healthy run can be flat. */
export const STALL_MIN_EPOCHS = 5
/** The best training loss within this share of the first epoch's: barely moved. */
export const STALL_SHARE = 0.01

/** The note for a run whose training loss (epoch 1, 2, …) barely moved at learning rate `lr` (where
 *  its training rows hold values far out of scale, or a target the same as on the row before on
 *  most of them, the run's range facts, those instead of the rate), or null: fewer than
 *  STALL_MIN_EPOCHS epochs, a loss not finite, a first loss of 0 (nothing left to learn), or a best
 *  loss more than STALL_SHARE below the first. */
export function stalledWords(trainLosses: readonly number[], lr: number, facts: Pick<TargetRange, 'outOfScale' | 'unchanged'> = {}): Required<Words> | null {
  if (trainLosses.length < STALL_MIN_EPOCHS || !trainLosses.every((l) => Number.isFinite(l))) return null
  const first = trainLosses[0]!
  const best = Math.min(...trainLosses)
  if (!(first > 0) || first - best > STALL_SHARE * first) return null
  const drop = ((first - best) / first) * 100
  const moved = `training loss barely moved: ${fmt(first)} at epoch 1, ${fmt(best)} at best after ${trainLosses.length} epochs (${drop.toFixed(2)} % lower; under ${STALL_SHARE * 100} % counts as barely)`
  // values the network reads far out of scale dominate its loss: no learning rate helps that
  if (facts.outOfScale?.length) return words`${moved}; ${outOfScaleStallWords(facts.outOfScale)}`
  // the loss is the target's rare moves, which no rate makes foreseeable
  if (facts.unchanged) return words`${moved}; ${unchangedStallWords(facts.unchanged)}`
  const raise = lr < DEFAULT_TRAINING.lr ? `, e.g. toward the default ${DEFAULT_TRAINING.lr}` : ''
  return words`${moved}; the learning rate ${lr} may be too small: train again with a larger one (${LR})${raise}`
}

const fmt = (v: number): string => v.toPrecision(4)
