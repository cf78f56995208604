// Vanishing gradients through time (the lecture's: ‖∂L/∂h_t‖ shrinks by a factor per step back from
// the window's end, fast for an Elman cell): fit.ts records, per epoch, the norm of the gradient
// reaching each step of a fixed batch's windows (epochs.grad_flow), at the top layer only (a stacked
// run's lower layers are not measured, and the note says so). Where most of the look-back gets
// a negligible share of what reaches the last step, those rows barely train the network: told by
// fw train, fw show, the app's Train view and the report, each in its own words.
import { fix, plural, words, type Words } from '../data/words'
import { DEFAULT_MODEL } from './config'

/** A step whose gradient is under this share of the last step's gets a negligible one. Measured on
 *  Seattle's temp_max at look-back 200 (docs/forecasting.md): Elman's oldest 164 of 200 steps fell
 *  under it (the oldest to 1e-45), LSTM's oldest 63, GRU's none; at look-back 60 Elman's oldest 2. */
export const NEGLIGIBLE_GRADIENT = 1e-6
/** The note is given when over this share of the look-back's steps get a negligible gradient. */
export const VANISHED_MOSTLY = 0.5

const CELL = fix('--cell', 'Cell in Setup')
const LOOKBACK = fix('--lookback', 'Look-back in Setup')
const LAYERS = fix('--layers', 'Layers in Setup')

/** What the note reads of the run's model: its outputs, cell and layers (a stored config's missing
 *  fields read as the defaults'). */
export type VanishingModel = { outputMode?: string; cell?: string; numLayers?: number } | undefined

export interface Vanishing {
  /** The window's steps (the look-back). */
  steps: number
  /** The latest steps whose gradient is at least NEGLIGIBLE_GRADIENT of the last step's: the rows
   *  the gradient reaches, the effective memory through training. */
  reached: number
  /** The oldest step's share of the last step's gradient. */
  oldest: number
}

/** What the gradient reaches of a window, from the last epoch's flow that has one; null with none,
 *  with per-step outputs (every step's own loss feeds its gradient: the flow does not fall), or
 *  where the last step gets no gradient. */
export function vanishingOf(epochs: readonly { gradFlow?: ArrayLike<number> | null }[], outputMode: string | undefined): Vanishing | null {
  if (outputMode === 'per-step') return null
  const flow = [...epochs].reverse().find((e) => e.gradFlow && e.gradFlow.length > 1)?.gradFlow
  if (!flow) return null
  const steps = flow.length
  const last = flow[steps - 1]!
  if (!(last > 0) || !Array.from(flow).every(Number.isFinite)) return null
  let reached = 0
  while (reached < steps && flow[steps - 1 - reached]! / last >= NEGLIGIBLE_GRADIENT) reached++
  return { steps, reached, oldest: flow[0]! / last }
}

/** What to change, by the cell the run has: an Elman run an LSTM or GRU cell, whose gates carry the
 *  gradient further back (on Seattle's temp_max at look-back 200 LSTM's oldest 63 steps fell under
 *  the bound and GRU's none, Elman's 164); an LSTM or GRU run, which has such a cell already, a
 *  look-back near its effective memory, and fewer layers where it stacks several (the pass's 4-layer
 *  LSTM there lost its oldest 162 steps). */
function remedy(v: Vanishing, m: VanishingModel): Required<Words> {
  const cell = m?.cell ?? DEFAULT_MODEL.cell
  const layers = m?.numLayers ?? DEFAULT_MODEL.numLayers
  if (cell === 'elman') return words`an LSTM or GRU cell (${CELL}) keeps the gradient further back, or a shorter look-back (${LOOKBACK}) trains as well in less time`
  const shorter = words`a shorter look-back, about ${plural(v.reached, 'step')} (${LOOKBACK}), trains as well in less time`
  const has = `the ${cell.toUpperCase()} cell it has keeps it no further here`
  return layers > 1
    ? words`${has}: with ${layers} stacked layers, fewer (${LAYERS}) may let it reach further back, or ${shorter}`
    : words`${has}: ${shorter}`
}

/** The note, where over VANISHED_MOSTLY of the look-back gets a negligible gradient; else null. */
export function vanishingWords(epochs: readonly { gradFlow?: ArrayLike<number> | null }[], model: VanishingModel): Required<Words> | null {
  const v = vanishingOf(epochs, model?.outputMode)
  if (!v || v.steps - v.reached <= VANISHED_MOSTLY * v.steps) return null
  const oldest = v.oldest === 0 ? 'none at all' : `${v.oldest.toExponential(0)} of it`
  // the flow is the top layer's ‖∂L/∂hₜ‖ (core/engine/bptt.ts): a stacked run's lower layers are not measured
  const layers = model?.numLayers ?? DEFAULT_MODEL.numLayers
  const top = layers > 1 ? ` (measured at the top of the ${layers} layers only)` : ''
  return words`vanishing gradient${top}: the oldest ${v.steps - v.reached} of the window's ${v.steps} steps get under ${NEGLIGIBLE_GRADIENT.toExponential(0)} of the gradient that reaches the last one (the oldest step ${oldest}), so the network learns from about the latest ${v.reached === 1 ? 'row' : plural(v.reached, 'row')} only (its effective memory); ${remedy(v, model)}`
}
