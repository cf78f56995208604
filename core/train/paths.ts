// Multi-step forecast paths of the network from many origins at once: for each origin o, the
// forecasts of rows o+1 .. o+K. A target-only model feeds its forecasts back as the target's input
// (recursion); a direct model (h outputs) gives h rows per window; a model with other inputs gives
// only what one window gives, because the future of its covariates is unknown, unless they are
// known in the future (calendar inputs, declared known features): those are read from the rows
// after the origin (inside the data) or from `future` rows past its end, led as the pipeline
// leads them (InputBlock.lead: the window ending at t reads them up to t + h). evaluate() uses it
// on validation and test origins (choice and per-step intervals) and forecastAhead() on the last row.
import { anchorWindow, copyRow, relativeOffsets, scaledToTarget, targetToScaled, type FittedPipeline, type WindowConfig } from '../data'
import { predict, type Model } from '../engine'
import { finish, type Pausable } from './pauses'

export interface PathModel {
  model: Model
  fitted: FittedPipeline
  window: Pick<WindowConfig, 'lookback' | 'horizon' | 'targets'>
}

/** The furthest step the network reaches from an origin: K for a target-only model, which
 *  recurses; min(K, h) for one with other inputs, whose future is unknown. A plain model's steps
 *  j < h come from the windows ending j - h rows before the origin: every forecast is the h-step
 *  one it was trained for. */
export function networkReach(m: PathModel, K: number): number {
  const others = m.fitted.inputs.some((b) => b.column !== m.fitted.target.column && !b.static && !b.known)
  return others ? Math.min(K, m.window.horizon) : K
}

/**
 * Paths (W, K) in original units; steps the network cannot reach are NaN, and so is every step of
 * an origin with too little history (o < L + h - 2 for a plain model, o < L - 1 for a direct one).
 * `inputs` (N, D) holds the prepared rows. Rows after o are never read: recursion writes its
 * forecasts into a scratch copy of each origin's history. Known-future blocks are the exception:
 * on the rows after o they take the data's own values (rows o+1 ..), then `future`'s (F, D) rows
 * (the rows after the data's last one); a step whose window reads a known value not given (a row
 * beyond those, or NaN in them: a led block's value past the data) is NaN rather than a guess.
 * `called`: told the network's calls made of those it makes in all, after each call (a rebuild
 * counts the validation and test paths by it: seconds on a long series, and one batch of origins,
 * K calls of the network, took 1.4-3 s on a loaded machine).
 */
export function networkPaths(m: PathModel, inputs: Float32Array, D: number, origins: ArrayLike<number>, K: number, batch = 256, future: Float32Array | null = null, called?: (done: number, total: number) => void): Float64Array {
  return finish(networkPathsPausing(m, inputs, D, origins, K, batch, future, called))
}

/** networkPaths, pausing after each call of the network (pauses.ts): a training's validation and
 *  test paths, where a cancel must be heard. */
export function* networkPathsPausing(m: PathModel, inputs: Float32Array, D: number, origins: ArrayLike<number>, K: number, batch = 256, future: Float32Array | null = null, called?: (done: number, total: number) => void): Pausable<Float64Array> {
  const W = origins.length
  const out = new Float64Array(W * K).fill(NaN) // (W, K)
  const t = m.fitted.target
  if (t.kind !== 'regression') throw new RangeError('networkPaths: regression models only')
  const { lookback: L, horizon: h } = m.window
  const direct = m.window.targets === 'all'
  const block = m.fitted.inputs.find((b) => b.column === t.column)
  const reach = networkReach(m, K)
  const rel = relativeOffsets(m.fitted)
  const statics = m.fitted.inputs.filter((b) => b.static)
  const knowns = m.fitted.inputs.filter((b) => b.known)
  const N = inputs.length / D
  const F = future ? future.length / D : 0
  const O = m.model.spec.outputSize
  // Scratch rows: P rows of history (the plain model's step j reads the window ending at step j - h),
  // then `reach` rows for the forecasts fed back. Step j (1-based) lives at scratch row P - 1 + j.
  const P = direct ? L : L + h - 1
  const span = P + reach
  const ok = Array.from({ length: W }, (_, i) => origins[i]! >= P - 1)
  const idx = ok.flatMap((v, i) => (v ? [i] : []))
  // the calls each batch makes: one per step reached, or per h steps for a direct model
  const perBatch = direct ? Math.ceil(reach / h) : reach
  const calls = Math.ceil(idx.length / batch) * perBatch
  let made = 0
  for (let s0 = 0; s0 < idx.length; s0 += batch) {
    const members = idx.slice(s0, s0 + batch)
    const B = members.length
    const z = new Float32Array(B * span * D) // (B, P + reach, D)
    members.forEach((i, b) => z.set(inputs.subarray((origins[i]! - P + 1) * D, (origins[i]! + 1) * D), b * span * D))
    // static inputs (a series id) keep the origin's value on the rows past it
    for (const sb of statics)
      for (let b = 0; b < B; b++)
        for (let r = P; r < span; r++) z.copyWithin(b * span * D + r * D + sb.offset, b * span * D + (P - 1) * D + sb.offset, b * span * D + (P - 1) * D + sb.offset + sb.size)
    // known-future inputs: scratch row r is data row origin + r - P + 1
    for (const kb of knowns)
      members.forEach((i, b) => {
        for (let r = P; r < span; r++) {
          const row = origins[i]! + r - P + 1
          const at = b * span * D + r * D + kb.offset
          if (row < N) z.set(inputs.subarray(row * D + kb.offset, row * D + kb.offset + kb.size), at)
          else if (row - N < F) z.set(future!.subarray((row - N) * D + kb.offset, (row - N) * D + kb.offset + kb.size), at)
          else z.fill(NaN, at, at + kb.size) // not given: a window that reads it is unknown (below)
        }
      })
    const x = new Float32Array(L * B * D) // (T, B, D)
    /** Member b's window in x reads a known value not given (NaN: past the future rows, or a led
     *  block's value past the data): it is zeroed for the engine and the window's outputs are NaN. */
    const unknown = new Uint8Array(B) // (B)
    /** Runs the network on the windows ending at scratch row e; writes outputs k -> step j0 + k. */
    const call = (e: number, j0: number, count: number) => {
      unknown.fill(0)
      for (let b = 0; b < B; b++) {
        const base = b * span * D
        for (let tt = 0; tt < L; tt++) copyRow(x, (tt * B + b) * D, z, base + (e - L + 1 + tt) * D, D)
        for (const kb of knowns)
          for (let tt = 0; tt < L; tt++)
            for (let k = (tt * B + b) * D + kb.offset, end = k + kb.size; k < end; k++)
              if (x[k] !== x[k]) (x[k] = 0), (unknown[b] = 1)
        if (rel.length) anchorWindow(x, z.subarray(base, base + span * D), D, rel, L, B, b, e)
      }
      const y = predict(m.model, x, L, B) // per-step (T, B, O) | final (B, O)
      const last = m.model.spec.outputMode === 'per-step' ? (L - 1) * B * O : 0
      for (let b = 0; b < B; b++) {
        const base = b * span * D
        const anchor = t.relative && block ? z[base + e * D + block.offset]! : 0
        for (let k = 0; k < count; k++) {
          const j = j0 + k
          const value = unknown[b] ? NaN : scaledToTarget(t, y[last + b * O + k]! + anchor)
          out[members[b]! * K + j - 1] = value
          if (block) z[base + (P - 1 + j) * D + block.offset] = value === value ? targetToScaled(t, value) : 0
        }
      }
      called?.(++made, calls)
    }
    if (direct)
      for (let j0 = 1; j0 <= reach; j0 += h) {
        call(P - 2 + j0, j0, Math.min(h, reach - j0 + 1))
        yield
      }
    else
      for (let j = 1; j <= reach; j++) {
        call(P - 1 + j - h, j, 1) // steps <= h read only real rows
        yield
      }
  }
  return out
}
