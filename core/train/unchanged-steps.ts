// A regression target that stays the same from one row to the next on most of its training rows: a
// slow quantity rounded finely and sampled often (temperature to 0.01 every 5 minutes), or counts
// that are mostly still. Measured on such a file (300,000 5-minute rows, temp unchanged on 98 % of
// its steps): the network's training loss stays at the last value's own (27.4 in the window unit)
// at any learning rate, with clipping or without, because the loss is almost all the rare moves,
// and which row moves next is not in the window. Only the data can change that, so the run says so
// (and the stall note names it instead of the learning rate, stalled.ts).
import { fix, words, type Words } from '../data/words'
import type { RowRange } from '../data/windows'

/** The share of unchanged steps from which the run is told: most of them. */
export const UNCHANGED_MOSTLY = 0.5

export interface UnchangedSteps {
  /** Share (0..1) of the training rows' one-step changes that are 0 (pairs with a missing value left out). */
  share: number
  /** The smallest non-zero |change| among them: the series' rounding step, as it moves. */
  smallest: number
}

/** The training rows' unchanged steps of `v` (the target as observed, NaN where missing), or null where fewer than UNCHANGED_MOSTLY of them are unchanged, none moves (a
 *  constant series has its own warning), or there are no steps. */
export function unchangedSteps(v: ArrayLike<number>, train: RowRange): UnchangedSteps | null {
  let steps = 0
  let still = 0
  let smallest = Infinity
  for (let i = train.start + 1; i < train.end; i++) {
    const d = Math.abs(v[i]! - v[i - 1]!)
    if (d !== d) continue
    steps++
    if (d === 0) still++
    else if (d < smallest) smallest = d
  }
  if (steps === 0 || still === steps || still < UNCHANGED_MOSTLY * steps) return null
  return { share: still / steps, smallest }
}

const pct = (share: number): string => (share > 0.995 && share < 1 ? 'over 99' : String(Math.round(share * 100)))

/** The run's notice: the fact, what it does to the network's loss, and what would change it;
 *  `chosen`: the forecaster is chosen on validation (auto), which then falls back. And what it does
 *  to MASE (core/data/metrics naiveScale: the training rows' mean one-step change, still steps
 *  counted as 0): its scale is (1 - share) of the moving steps' mean, so every MASE is 1 / (1 -
 *  share) times what the moves alone would give (a naive forecast's test MASE of 19.2 on a series
 *  still on 95 % of its steps, exploratory pass 24), "about" since the scale reads the values the
 *  outlier rule replaced. */
export function unchangedStepsNotice(u: UnchangedSteps, target: string, lookback: number, chosen: boolean): Required<Words> {
  const fallback = chosen ? ', and the forecast falls back to a statistical model where the network does no better' : ''
  const times = Number((1 / (1 - u.share)).toPrecision(2))
  return words`target "${target}" is the same as on the row before on ${pct(u.share)} % of its training rows (its moves are steps of ${Number(u.smallest.toPrecision(3))} or more): the network's loss is then almost all those few moves, and where a ${lookback}-row look-back cannot tell which row moves next, it stays near the last value's loss whatever the learning rate${fallback}; rows at a coarser time step (${fix('--resample STEP', 'one row per step, made before the file is imported')}) move at more of their steps; MASE divides by the training rows' mean one-step change, ${pct(u.share)} % of which are 0, so every MASE of this run is about ${times} times what it would be over the steps that move`
}

/** What the stall note says instead of the learning rate for such a target. */
export function unchangedStallWords(u: UnchangedSteps): Required<Words> {
  return words`the target is the same as on the row before on ${pct(u.share)} % of its training rows, so the loss is almost all its few moves, which a learning rate does not make foreseeable (see the run's note on it)`
}
