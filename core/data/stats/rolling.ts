// One filtering pass over y for every forecast origin at once: the state moves through y[0..t] and,
// whenever t is an origin, the model writes its h forecasts into that origin's row. O(n + W h) for
// O(1) steps, whatever order the origins come in; nothing after the last origin is read.

import { checkOrigins, checkSeries } from './types'

export interface Filter {
  /** Moves the state past observation y[t]. */
  step(yt: number, t: number): void
  /** Writes forecasts 1..h from the current state (the state after origin t) into out[offset..offset+h). */
  emit(t: number, h: number, out: Float64Array, offset: number): void
}

export function rollingForecast(y: Float64Array, origins: Int32Array, h: number, what: string, filter: Filter): Float64Array {
  const last = checkOrigins(y, origins, h, what)
  const W = origins.length
  const out = new Float64Array(W * h) // (W, h)
  const order = Array.from({ length: W }, (_, i) => i).sort((a, b) => origins[a] - origins[b])
  let k = 0
  for (let t = 0; t <= last && k < W; t++) {
    filter.step(y[t], t)
    while (k < W && origins[order[k]] === t) {
      filter.emit(t, h, out, order[k] * h)
      k++
    }
  }
  return out
}

/** A Filter whose state can be copied out and put back, so that many edited copies of a series
 *  that share a prefix filter that prefix once. */
export interface SavableFilter<S> extends Filter {
  save(): S
  load(state: S): void
}

/**
 * For origins o_i of y and a window length L, a function that gives what forecastAt(y', [o_i], h)
 * gives for each origin, where y' is y with rows o_i - L + 1 .. o_i replaced by window i of its
 * argument `windows` (W, L). The pass over y that saves the state before each window runs once, here;
 * each call then steps every window from its saved state: the same steps in the same order as that
 * forecastAt, so the same numbers to the bit, in O(n) once and O(W (L + h)) per call instead of
 * O(W n) per call. The function returns (W, h).
 */
export function windowForecaster<S>(y: Float64Array, origins: ArrayLike<number>, L: number, h: number, what: string, filter: SavableFilter<S>): (windows: Float64Array) => Float64Array {
  const W = origins.length
  const o32 = Int32Array.from(origins)
  checkOrigins(y, o32, h, what)
  const order = Array.from({ length: W }, (_, i) => i).sort((a, b) => o32[a] - o32[b])
  const before: S[] = new Array(W) // the state after rows 0 .. o_i - L, before window i's first row
  let k = 0
  for (let t = -1; k < W; t++) {
    if (t >= 0) filter.step(y[t], t)
    while (k < W && o32[order[k]] - L === t) before[order[k++]] = filter.save()
    if (k < W && o32[order[k]] - L < t) throw new RangeError(`${what}: origin ${o32[order[k]]} has fewer than ${L} rows before it`)
  }
  return (windows) =>
    eachWindow(windows, W, L, h, what, (i, win, out) => {
      filter.load(before[i])
      const o = o32[i]
      for (let j = 0; j < L; j++) filter.step(win[j], o - L + 1 + j)
      filter.emit(o, h, out, i * h)
    })
}

/** Calls fn(i, window i, out) for each of the W windows (W, L) after checking their size and values
 *  (finite, as forecastAt checks its rows); returns out (W, h), which fn fills. */
export function eachWindow(windows: Float64Array, W: number, L: number, h: number, what: string, fn: (i: number, win: Float64Array, out: Float64Array) => void): Float64Array {
  if (windows.length !== W * L) throw new RangeError(`${what}: expected ${W} windows of ${L} rows (${W * L} values), got ${windows.length} values`)
  const out = new Float64Array(W * h) // (W, h)
  for (let i = 0; i < W; i++) {
    const win = windows.subarray(i * L, (i + 1) * L) // (L)
    checkSeries(win, 0, what)
    fn(i, win, out)
  }
  return out
}
