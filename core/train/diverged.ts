// What a run says when its loss or a gradient became NaN or infinite (exploding gradients): where,
// what it kept, and what to change, in the CLI's words (fw train's flag where it has one, else the
// config file's field) and the app's (Setup's fields).
import { fix, words, type Words } from '../data/words'

export const LR = fix('--lr', 'Learning rate in Setup')
export const CLIP = fix('training.clipNorm in the --config file', 'Clip gradient norm in Setup')

/** Training diverged after good epochs and stopped, keeping the best one's weights (FitOutcome):
 *  where, and the sentence that says so; a single run's and a global run's result alike. */
export interface Divergence { epoch: number; step: number; words: Words }

/** A result's `diverged`, present only where the fit diverged after good epochs. */
export function divergenceOf(outcome: { diverged?: { epoch: number; step: number } & DivergedCause; bestEpoch: number }): { diverged?: Divergence } {
  const d = outcome.diverged
  return d ? { diverged: { epoch: d.epoch, step: d.step, words: divergedWords(d, outcome.bestEpoch, d) } } : {}
}

/** A step whose loss is this many times the run's first step's has diverged, though the loss is
 *  still finite: measured on Seattle's temp_max and a stock's close (LSTM, GRU, Elman up to 3
 *  layers, look-back 14 to 200, final and per-step outputs, Adam and SGD), healthy runs' step losses
 *  stay within 3.3× their first step's, while exploding ones pass 1e10× within the epoch where they
 *  blow up (docs/forecasting.md). Also the bound on the loss of the epoch a run keeps, on those rows. The growth is measured on the
 *  first step's rows scored again, so that a batch holding one value far out of scale (its own loss
 *  huge from the start) is not taken for exploding weights. */
export const DIVERGED_GROWTH = 1000

/** Why a run diverged: its loss or a gradient became NaN or infinite, or (finite still) its loss
 *  grew to `grew` times its first step's. */
export type DivergedCause = { grew?: number }

/** "1.2e+4" for a large ratio, "1500" for one that reads well whole. */
const times = (r: number): string => (r < 1e4 ? String(Math.round(r)) : r.toExponential(1))

function what(cause: DivergedCause | undefined): string {
  return cause?.grew !== undefined
    ? `the loss on the first step's rows grew to ${times(cause.grew)}× what it was (over ${DIVERGED_GROWTH}×: exploding gradients)`
    : 'the loss or a gradient became NaN or infinite'
}

/** `kept`: the epoch whose weights the run kept; null when it diverged before any good epoch. */
export function divergedWords(at: { epoch: number; step: number }, kept: number | null, cause?: DivergedCause): Required<Words> {
  return kept === null
    ? words`diverged at epoch ${at.epoch}, step ${at.step}, before any epoch finished: ${what(cause)}; train again with a lower learning rate (${LR}) or clip the gradient norm (${CLIP})`
    : words`diverged at epoch ${at.epoch}, step ${at.step}: ${what(cause)}, so training stopped and kept epoch ${kept}'s weights; a lower learning rate (${LR}) or clipping the gradient norm (${CLIP}) would let it train on`
}

/** A run whose best epoch itself has exploded (its loss on the first training step's rows `ratio`
 *  times their loss before training, over DIVERGED_GROWTH): its weights forecast nonsense, so the
 *  run fails rather than keep them. */
export function explodedWords(epoch: number, ratio: number): Required<Words> {
  return words`diverged: even the best epoch (${epoch}) has a loss on the first training step's rows ${times(ratio)}× what it was before training (over ${DIVERGED_GROWTH}×: exploding gradients), so its weights would forecast nonsense and the run keeps none; train again with a lower learning rate (${LR}) or clip the gradient norm (${CLIP})`
}
