// Chronological splits and windows. A window is an index range into the columns, never a copy:
//   inputs  rows [s, s + L)                         (L = lookback = T of the batch)
//   targets final:    row s + L - 1 + h
//           per-step: rows s + h ... s + L - 1 + h  (the target column shifted by h)
//           final with targets 'all': rows s + L ... s + L - 1 + h (one per horizon step, direct)
// A window belongs to the split that holds ALL its target rows; its inputs may look back across an
// earlier boundary, but no target is ever taken from a later split than the one it is scored in.

import type { PipelineConfig, WindowConfig } from './config'
import { PipelineError } from './errors'
import { splitInstant, splitOutOfOrder, type TimeZoneMark } from './time-cell'

export type SplitName = 'train' | 'val' | 'test'
/** Target rows [start, end). */
export interface RowRange { start: number; end: number }
export interface Windows {
  starts: Int32Array // (W) first input row of each window
  lookback: number
  horizon: number
  mode: 'per-step' | 'final'
  /** 'all': final mode with the h targets s + L ... s + L - 1 + h; absent: one target per window. */
  targets?: 'all'
  /** per-step validation and test windows (splitWindows): (W) how many leading steps of each window
   *  have their target before the split and are not scored (stepWeight 0); absent: none. */
  skip?: Int32Array
}

/** The index of the first time at or after t in sorted `time` (its length when none is): the rows before t. */
export function firstAtOrAfter(time: Float64Array, t: number): number {
  let lo = 0
  let hi = time.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (time[mid] < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Split boundaries; `gap` rows after each boundary belong to no split (they can still be inputs).
 *  A split by date reads its dates on the clock of `zone` (the time column's, zoneMarkOf). */
export function computeSplits(N: number, cfg: Pick<PipelineConfig, 'split'>, time: Float64Array | null, zone: TimeZoneMark = null): Record<SplitName, RowRange> {
  const s = cfg.split
  let a: number
  let b: number
  if (s.by === 'fraction') {
    a = Math.floor(N * s.train)
    b = Math.floor(N * (s.train + s.val))
  } else {
    if (!time) throw new PipelineError('no-time-column', 'a split by date needs a time column', 'split.by')
    // a date without an offset is the file's midnight (splitInstant, on the time column's clock)
    // a cut with an offset and one without, which the config could not order without the clock
    const order = splitOutOfOrder(s.valStart, s.testStart, zone, 'split.valStart')
    if (order) throw new PipelineError('bad-config', order, 'split.testStart')
    a = firstAtOrAfter(time, splitInstant(s.valStart, zone))
    b = firstAtOrAfter(time, splitInstant(s.testStart, zone))
  }
  return {
    train: { start: 0, end: a },
    val: { start: Math.min(a + s.gap, b), end: b },
    test: { start: Math.min(b + s.gap, N), end: N }
  }
}

/** The window shape that decides which windows a split holds. A validation or test window is
 *  scored on its last step only (evaluate.ts), so a per-step window belongs to the split holding
 *  that step's target, as a final-only window does: both output modes then score the same test
 *  rows. Its earlier steps whose target lies before the split are inputs there, not scored
 *  (splitWindows' skip). Training windows keep every target in the training rows. */
export function splitWindow<W extends Pick<WindowConfig, 'lookback' | 'horizon' | 'mode' | 'targets'>>(w: W, split: SplitName): W {
  return split === 'train' || w.mode !== 'per-step' ? w : { ...w, mode: 'final', targets: undefined }
}

/** windowIndex of a split's rows, its windows chosen by splitWindow's shape: per-step validation
 *  and test windows whose last target lies in `range`, with every target of theirs in `range`
 *  valid, and `skip` the steps whose target lies before it. */
export function splitWindows(
  N: number,
  range: RowRange,
  w: Pick<WindowConfig, 'lookback' | 'horizon' | 'stride' | 'mode' | 'targets'>,
  split: SplitName,
  validTarget?: (row: number) => boolean
): Windows {
  if (splitWindow(w, split) === w) return windowIndex(N, range, w, validTarget)
  const by = windowIndex(N, range, { ...w, mode: 'final', targets: undefined })
  const starts: number[] = []
  const skip: number[] = []
  for (const s of by.starts) {
    const [f, l] = targetSpan(s, w)
    let ok = true
    if (validTarget) for (let r = Math.max(f, range.start); r <= l && ok; r++) ok = validTarget(r)
    if (!ok) continue
    starts.push(s)
    skip.push(Math.max(0, range.start - f))
  }
  return { starts: Int32Array.from(starts), lookback: w.lookback, horizon: w.horizon, mode: w.mode, skip: Int32Array.from(skip) }
}

/** First and last target row of the window starting at s. */
export function targetSpan(s: number, w: Pick<WindowConfig, 'lookback' | 'horizon' | 'mode' | 'targets'>): [number, number] {
  const last = s + w.lookback - 1 + w.horizon
  if (w.mode === 'per-step') return [s + w.horizon, last]
  return [w.targets === 'all' ? s + w.lookback : last, last]
}

/** How many windows windowIndex selects in `range` when every target is valid, without listing
 *  them (Setup recounts on every drag of a split boundary, over up to millions of rows). */
export function windowCountIn(N: number, range: RowRange, w: Pick<WindowConfig, 'lookback' | 'horizon' | 'stride' | 'mode' | 'targets'>): number {
  const lo = Math.max(0, range.start - targetSpan(0, w)[0])
  const hi = Math.min(range.end, N) - w.lookback - w.horizon
  return hi < lo ? 0 : Math.floor((hi - lo) / w.stride) + 1
}

/** Whether windowIndex selects some window in `range` whose targets are all valid; stops at the
 *  first (the last one, as windowIndex aligns them), so a mostly complete series costs little. */
export function hasValidWindow(N: number, range: RowRange, w: Pick<WindowConfig, 'lookback' | 'horizon' | 'stride' | 'mode' | 'targets'>, validTarget: (row: number) => boolean): boolean {
  return hasWindowWhere(N, range, w, (f, l) => {
    for (let r = f; r <= l; r++) if (!validTarget(r)) return false
    return true
  })
}

/** Whether windowIndex selects some window in `range` with no missing target, from the count of
 *  rows with a missing target before each row (`missingBefore`, N + 1; missingBefore): a test a
 *  window whatever its span, for Setup's check at each move of a boundary. */
export function hasKnownWindow(N: number, range: RowRange, w: Pick<WindowConfig, 'lookback' | 'horizon' | 'stride' | 'mode' | 'targets'>, missingBefore: Int32Array): boolean {
  return hasWindowWhere(N, range, w, (f, l) => missingBefore[l + 1] === missingBefore[f])
}

/** (N + 1) how many of the rows before each row `missing` says hold no target value; null when none do. */
export function missingBefore(N: number, missing: (row: number) => boolean): Int32Array | null {
  const out = new Int32Array(N + 1) // (N + 1)
  for (let r = 0; r < N; r++) out[r + 1] = out[r]! + (missing(r) ? 1 : 0)
  return out[N] ? out : null
}

/** Whether windowIndex selects some window in `range` whose target rows [first, last] pass `known`
 *  (from the last window back: windowIndex's alignment). */
function hasWindowWhere(N: number, range: RowRange, w: Pick<WindowConfig, 'lookback' | 'horizon' | 'stride' | 'mode' | 'targets'>, known: (first: number, last: number) => boolean): boolean {
  const lo = Math.max(0, range.start - targetSpan(0, w)[0])
  for (let s = Math.min(range.end, N) - w.lookback - w.horizon; s >= lo; s -= w.stride) {
    const [f, l] = targetSpan(s, w)
    if (known(f, l)) return true
  }
  return false
}

/** Windows whose targets all lie in `range` (and are valid), every `stride` rows, counted from the end. */
export function windowIndex(
  N: number,
  range: RowRange,
  w: Pick<WindowConfig, 'lookback' | 'horizon' | 'stride' | 'mode' | 'targets'>,
  validTarget?: (row: number) => boolean
): Windows {
  const L = w.lookback
  const h = w.horizon
  // s >= 0, first target >= range.start, last target < min(range.end, N)
  const lo = Math.max(0, range.start - targetSpan(0, w)[0])
  const hi = Math.min(range.end, N) - L - h // last valid start
  const starts: number[] = []
  // aligned to the last window so the most recent data is always used
  for (let s = hi; s >= lo; s -= w.stride) {
    if (validTarget) {
      const [f, l] = targetSpan(s, w)
      let ok = true
      for (let r = f; r <= l && ok; r++) ok = validTarget(r)
      if (!ok) continue
    }
    starts.push(s)
  }
  starts.reverse()
  const all = w.mode === 'final' && w.targets === 'all'
  return { starts: Int32Array.from(starts), lookback: L, horizon: h, mode: w.mode, ...(all ? { targets: 'all' as const } : {}) }
}

/** The row each window's (final) target comes from, and the last input row ("origin") before it. */
export function targetRows(w: Windows): { target: Int32Array; origin: Int32Array } {
  const W = w.starts.length
  const target = new Int32Array(W) // (W)
  const origin = new Int32Array(W) // (W)
  for (let i = 0; i < W; i++) {
    origin[i] = w.starts[i] + w.lookback - 1
    target[i] = origin[i] + w.horizon
  }
  return { target, origin }
}

/** Level-relative windows: the inputs at `offsets` and (regression) the target are taken minus
 *  their value at the window's last input row, the anchor. */
export interface Relative { offsets: number[]; target: boolean }

export interface BatchSource {
  D: number
  inputs: Float32Array // (N, D)
  target: Float32Array | Int32Array // (N)
  relative?: Relative
}

export interface GatheredBatch {
  x: Float32Array // (T, B, D)
  /** per-step: (T, B, 1) floats or (T, B) class indices; final: (B, 1) floats or (B) class indices;
   *  final with targets 'all': (B, h), column k-1 the target k rows after the window's last input */
  target: Float32Array | Int32Array
  T: number
  B: number
  /** (T, B) per-step windows with steps not scored (Windows.skip): 0 there, 1 elsewhere; absent: all scored. */
  stepWeight?: Float32Array
}

/**
 * Materialises windows[indices] in the engine's time-major layout. Class targets are Int32 indices
 * (for 'softmax-ce'); pass classesAsFloat for a binary 0/1 Float32 target (for 'bce').
 */
export function gatherBatch(src: BatchSource, windows: Windows, indices: ArrayLike<number>, opts: { classesAsFloat?: boolean } = {}): GatheredBatch {
  const T = windows.lookback
  const B = indices.length
  const D = src.D
  const h = windows.horizon
  const x = new Float32Array(T * B * D) // (T, B, D)
  const inputs = src.inputs
  for (let b = 0; b < B; b++) {
    const s = windows.starts[indices[b]]
    for (let t = 0; t < T; t++) copyRow(x, (t * B + b) * D, inputs, (s + t) * D, D)
  }
  const rel = src.relative
  if (rel) for (let b = 0; b < B; b++) anchorWindow(x, src.inputs, D, rel.offsets, T, B, b, windows.starts[indices[b]] + T - 1)
  const asInt = src.target instanceof Int32Array && !opts.classesAsFloat
  const all = windows.targets === 'all'
  const n = windows.mode === 'per-step' ? T * B : all ? B * h : B
  const target = asInt ? new Int32Array(n) : new Float32Array(n) // per-step (T, B[, 1]); final (B[, 1]); all (B, h)
  for (let b = 0; b < B; b++) {
    const s = windows.starts[indices[b]]
    const a = rel?.target ? src.target[s + T - 1] : 0 // the anchor: the last input row's target
    if (all) for (let k = 1; k <= h; k++) target[b * h + k - 1] = src.target[s + T - 1 + k] - a
    else if (windows.mode === 'final') target[b] = src.target[s + T - 1 + h] - a
    else for (let t = 0; t < T; t++) target[t * B + b] = src.target[s + t + h] - a
  }
  const skip = windows.skip
  let stepWeight: Float32Array | undefined
  if (skip && windows.mode === 'per-step') for (let b = 0; b < B; b++) {
    const k = skip[indices[b]]!
    if (k === 0) continue
    stepWeight ??= new Float32Array(T * B).fill(1) // (T, B)
    for (let t = 0; t < k; t++) stepWeight[t * B + b] = 0
  }
  return { x, target, T, B, ...(stepWeight ? { stepWeight } : {}) }
}

/** dst[at..at+D) = src[from..from+D), element by element: `dst.set(src.subarray(...))` made a view
 *  per row, T * B of them for each batch or window set, most of what training and the network's
 *  forecasts left for the garbage collector. */
export function copyRow(dst: Float32Array, at: number, src: Float32Array, from: number, D: number): void {
  for (let k = 0; k < D; k++) dst[at + k] = src[from + k]
}

/** Window b of x (T, B, D): the inputs at `offsets` minus their value at row `anchor` of `inputs`. */
export function anchorWindow(x: Float32Array, inputs: Float32Array, D: number, offsets: number[], T: number, B: number, b: number, anchor: number): void {
  for (const off of offsets) {
    const a = inputs[anchor * D + off]
    for (let t = 0; t < T; t++) x[(t * B + b) * D + off] -= a
  }
}
