// The vanishing-gradient note (core/train/vanishing.ts) as the views show it: in the app's words
// (appWords), a sentence of its own. One rule for the Train and Evaluate views.
import { appWords } from '../../../core/data/words'
import { vanishingWords, type VanishingModel } from '../../../core/train/vanishing'

/** The note for a run whose latest epoch's gradient through time is `gradFlow` (null: none kept), or
 *  null where most of the look-back does not get a negligible gradient (or per-step outputs).
 *  `model`: the run's config.model (its outputs, cell and layers). */
export function vanishingSaid(gradFlow: number[] | null, model: VanishingModel): string | null {
  const w = vanishingWords([{ gradFlow }], model)
  if (!w) return null
  const s = appWords(w)
  return s.charAt(0).toUpperCase() + s.slice(1)
}
