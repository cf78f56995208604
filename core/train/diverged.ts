// What a run says when its loss or a gradient became NaN or infinite, or grew over DIVERGED_GROWTH:
// where, what it kept, and what to change, which follows the run's optimizer, clip norm and learning
// rate (StepFacts), in the CLI's words (fw train's flag where it has one, else the
// config file's field) and the app's (Setup's fields).
import { fix, words, type Words } from '../data/words'

export const LR = fix('--lr', 'Learning rate in Setup')
export const CLIP = fix('training.clipNorm in the --config file', 'Clip gradient norm in Setup')

/** Training diverged after good epochs and stopped, keeping the best one's weights (FitOutcome):
 *  where, and the sentence that says so; a single run's and a global run's result alike. */
export interface Divergence { epoch: number; step: number; words: Words }

/** What the advice of a diverged run rests on: its optimizer, its clip norm (0: off) and its
 *  learning rate, as configured. */
export interface StepFacts { optimizer: 'adam' | 'sgd'; clipNorm: number; lr: number }

/** A result's `diverged`, present only where the fit diverged after good epochs. */
export function divergenceOf(outcome: { diverged?: { epoch: number; step: number; facts: StepFacts } & DivergedCause; bestEpoch: number }): { diverged?: Divergence } {
  const d = outcome.diverged
  return d ? { diverged: { epoch: d.epoch, step: d.step, words: divergedWords(d, outcome.bestEpoch, d, d.facts) } } : {}
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

/** Plain SGD without clipping: the one case where the step grows with the gradient unbounded, so
 *  the growth is the gradient's (exploding gradients) and clipping would bound it. Adam's step is
 *  about the learning rate whatever the gradient's size, and a clipped SGD step is at most the
 *  learning rate times the clip norm: there the step size, the learning rate, is the cause. */
const unbounded = (f: StepFacts): boolean => f.optimizer === 'sgd' && !(f.clipNorm > 0)

/** "(over 1000×: exploding gradients)" only where the gradient's size drives the step. */
const over = (f: StepFacts): string => `over ${DIVERGED_GROWTH}×${unbounded(f) ? ': exploding gradients' : ''}`

function what(cause: DivergedCause | undefined, f: StepFacts): string {
  return cause?.grew !== undefined
    ? `the loss on the first step's rows grew to ${times(cause.grew)}× what it was (${over(f)})`
    : 'the loss or a gradient became NaN or infinite'
}

/** What to change: a learning rate under the run's (a tenth of it, e.g.), and clipping only where
 *  it is off and the optimizer is plain SGD; elsewhere why clipping cannot help. */
export function divergedAdvice(f: StepFacts): Required<Words> {
  const lower = words`a learning rate lower than ${f.lr} (${LR}), e.g. ${Number((f.lr / 10).toPrecision(3))}`
  if (unbounded(f)) return words`train again with ${lower}, or clip the gradient norm (${CLIP})`
  if (f.optimizer === 'sgd') return words`the gradient norm was clipped at ${f.clipNorm} already, so the learning rate sets how far each step goes: train again with ${lower}`
  const clip = f.clipNorm > 0 ? ` (on already, at ${f.clipNorm})` : ''
  return words`Adam's step size is set by the learning rate, not by the gradient's size, so clipping the gradient norm${clip} cannot help: train again with ${lower}`
}

/** A divergence's cause stored in the CLI's words alone (fw train stored no app words for a failed
 *  run before it kept both): the same sentence with each fix divergedAdvice names (LR, CLIP) in the
 *  app's words; any other message as it is. */
export function divergedAppText(message: string): string {
  if (!message.startsWith('diverged')) return message
  return [LR, CLIP].reduce((m, f) => m.replaceAll(`(${f.cli})`, `(${f.app})`), message)
}

/** `kept`: the epoch whose weights the run kept; null when it diverged before any good epoch. */
export function divergedWords(at: { epoch: number; step: number }, kept: number | null, cause: DivergedCause | undefined, f: StepFacts): Required<Words> {
  return kept === null
    ? words`diverged at epoch ${at.epoch}, step ${at.step}, before any epoch finished: ${what(cause, f)}; ${divergedAdvice(f)}`
    : words`diverged at epoch ${at.epoch}, step ${at.step}: ${what(cause, f)}, so training stopped and kept epoch ${kept}'s weights; ${divergedAdvice(f)}`
}

/** A run whose best epoch itself has exploded (its loss on the first training step's rows `ratio`
 *  times their loss before training, over DIVERGED_GROWTH): its weights forecast nonsense, so the
 *  run fails rather than keep them. */
export function explodedWords(epoch: number, ratio: number, f: StepFacts): Required<Words> {
  return words`diverged: even the best epoch (${epoch}) has a loss on the first training step's rows ${times(ratio)}× what it was before training (${over(f)}), so its weights would forecast nonsense and the run keeps none; ${divergedAdvice(f)}`
}
