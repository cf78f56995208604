// One filtering pass over y for every forecast origin at once: the state moves through y[0..t] and,
// whenever t is an origin, the model writes its h forecasts into that origin's row. O(n + W h) for
// O(1) steps, whatever order the origins come in; nothing after the last origin is read.

import { checkOrigins } from './types'

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
