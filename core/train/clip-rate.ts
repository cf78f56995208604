// How often a run's gradient-norm clip triggered: fit.ts records, per epoch, the share of its steps
// whose gradient norm was above training.clipNorm (epochs.clip_rate). Every epoch of a run has as
// many steps, so the run's share is the mean over its epochs. Clipped at nearly every step, the
// gradient is exploding (or the clip norm is small for the model) and the clip norm, not the
// gradient, sets every step's size: the usual cure is a lower learning rate. Told by fw show and by the app beside the run's loss history, each
// in its own words.
import { fix, words, type Words } from '../data/words'
import { CLIP, LR } from './diverged'
import { DEFAULT_DATA } from './config'

const NORMS = fix("the grad norm column's values", 'the Gradient norm chart\'s values')

/** From this share of clipped steps on, the hint is given. */
export const CLIP_MOSTLY = 0.9

/** The share (0..1) of the run's steps that were clipped: the mean of its epochs' rates; null when
 *  no epoch has one (a run stored before rates were kept, or none trained), or with clipping off
 *  (clipNorm 0: nothing is ever clipped, and 0 % would say nothing). */
export function clipRateOf(epochs: readonly { clipRate: number | null }[], clipNorm: number | undefined): number | null {
  if (!(clipNorm !== undefined && clipNorm > 0)) return null
  const rates = epochs.map((e) => e.clipRate).filter((r): r is number => r !== null && Number.isFinite(r))
  return rates.length ? rates.reduce((s, r) => s + r, 0) / rates.length : null
}

/** How many time steps a window's loss sums (core/engine/losses.ts: L = Σ_t L_t): per-step outputs
 *  score every step of the look-back but the warm-up ones, final outputs one. The gradient norm
 *  grows with it: Seattle's temp_max per-step (14 steps) has a grad norm of about 10 where the same
 *  run with final outputs has about 1. A stored config's missing fields read as the defaults'. */
export function scoredSteps(config: { model?: { outputMode?: string }; data?: { lookBack?: number }; training?: { warmupSteps?: number } } | null | undefined): number {
  if (config?.model?.outputMode !== 'per-step') return 1
  return Math.max(1, (config.data?.lookBack ?? DEFAULT_DATA.lookBack) - (config.training?.warmupSteps ?? 0))
}

/** How many outputs a window's loss sums besides its steps: a direct run (data.direct) has one
 *  output per step ahead, H in all, and its loss sums them (core/engine/losses.ts); 1 otherwise.
 *  A stored config's missing fields read as the defaults'. */
export function summedOutputs(config: { data?: { direct?: boolean; horizon?: number } } | null | undefined): number {
  return config?.data?.direct ? Math.max(1, config.data.horizon ?? DEFAULT_DATA.horizon) : 1
}

/** How a run list marks a per-step run's losses (its "best val"): "sum of 12 steps", and a direct
 *  run's, "sum of 6 outputs", as they are not the same quantity as a one-output final-output run's
 *  (about that many times as large); null for one step of one output. */
export function lossSumMark(scored: number, outputs = 1): string | null {
  return scored > 1 ? `sum of ${scored} steps` : outputs > 1 ? `sum of ${outputs} outputs` : null
}

/** "gradient clipped in 37 % of the run's steps (clip norm 1)", with a hint near 100 %; null where
 *  clipRateOf is. `scored`: scoredSteps of the run; where its loss sums several steps, the hint
 *  says that the norm is large for that reason, not that the gradient explodes. */
export function clipWords(epochs: readonly { clipRate: number | null }[], clipNorm: number | undefined, scored = 1): Required<Words> | null {
  const rate = clipRateOf(epochs, clipNorm)
  if (rate === null) return null
  const pct = rate > 0 && rate < 0.005 ? 'under 1' : rate < 1 && rate > 0.995 ? 'over 99' : String(Math.round(rate * 100))
  const said = `gradient clipped in ${pct} % of the run's steps (clip norm ${clipNorm})`
  if (rate < CLIP_MOSTLY) return words`${said}`
  if (scored > 1 && clipNorm !== undefined) {
    return words`${said}: with per-step outputs the loss sums the ${scored} scored steps of each window, so the gradient norm is about ${scored} times that of final outputs (${NORMS} show its size): that, not an exploding gradient, is why nearly every step was cut; a clip norm of about ${scored * clipNorm} (${CLIP}) leaves it the room ${clipNorm} leaves final outputs`
  }
  return words`${said}: nearly every step was cut down to the clip norm, so the gradient is exploding or the clip norm is small for this model (${NORMS} show their size); a lower learning rate (${LR}) usually tames an exploding gradient`
}
