// How a done run ended short of its epochs, as the run lists (the app's Runs view, fw runs) and the
// report say it. The only ending stored is a divergence after good epochs (core/train/diverged.ts),
// which keeps the best epoch's weights; the full sentence, with what to change, is the mark's title.

/** A done run that diverged after good epochs and kept the weights of epoch `kept` (null: not
 *  known, a run stored before schema 11 without a best checkpoint); `words`: the sentence, in the
 *  words of the front end that shows it. */
export interface EndingSummary {
  kind: 'diverged'
  kept: number | null
  words: string
}

/** The short mark beside a run's epochs: "diverged, kept epoch 3". */
export function endingMark(e: { kept: number | null }): string {
  return e.kept === null ? 'diverged' : `diverged, kept epoch ${e.kept}`
}
