// What a run says when its loss or a gradient became NaN or infinite (exploding gradients): where,
// what it kept, and what to change, in the CLI's words (the config file's fields: fw train has no
// flag for them) and the app's (Setup's fields).
import { fix, words, type Words } from '../data/words'

export const LR = fix('training.lr in the --config file', 'Learning rate in Setup')
const CLIP = fix('training.clipNorm in the --config file', 'Clip gradient norm in Setup')

/** Training diverged after good epochs and stopped, keeping the best one's weights (FitOutcome):
 *  where, and the sentence that says so; a single run's and a global run's result alike. */
export interface Divergence { epoch: number; step: number; words: Words }

/** A result's `diverged`, present only where the fit diverged after good epochs. */
export function divergenceOf(outcome: { diverged?: { epoch: number; step: number }; bestEpoch: number }): { diverged?: Divergence } {
  return outcome.diverged ? { diverged: { ...outcome.diverged, words: divergedWords(outcome.diverged, outcome.bestEpoch) } } : {}
}

/** `kept`: the epoch whose weights the run kept; null when it diverged before any good epoch. */
export function divergedWords(at: { epoch: number; step: number }, kept: number | null): Required<Words> {
  return kept === null
    ? words`diverged at epoch ${at.epoch}, step ${at.step}, before any epoch finished: the loss or a gradient became NaN or infinite; train again with a lower learning rate (${LR}) or clip the gradient norm (${CLIP})`
    : words`diverged at epoch ${at.epoch}, step ${at.step}: the loss or a gradient became NaN or infinite, so training stopped and kept epoch ${kept}'s weights; a lower learning rate (${LR}) or clipping the gradient norm (${CLIP}) would let it train on`
}
