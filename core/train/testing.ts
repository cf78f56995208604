// Tests only: fit hooks that record every event and can stop after a given epoch (a cancel).
import type { FitHooks } from './fit'
import type { TrainEvent } from './types'

export function recorder(stopAfterEpoch = Infinity): { events: TrainEvent[]; hooks: FitHooks } {
  const events: TrainEvent[] = []
  let epochs = 0
  return {
    events,
    hooks: {
      emit: (e) => {
        events.push(e)
        if (e.type === 'epoch') epochs = e.epoch
      },
      shouldStop: () => epochs >= stopAfterEpoch,
      yieldNow: () => Promise.resolve()
    }
  }
}

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32): value t of the
 *  sequence, the same on every run. */
export function uniform(seed: number): (t: number) => number {
  const cache: number[] = []
  let a = seed >>> 0
  return (t) => {
    while (cache.length <= t) {
      a = (a + 0x6d2b79f5) >>> 0
      let x = Math.imul(a ^ (a >>> 15), 1 | a)
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
      cache.push(((x ^ (x >>> 14)) >>> 0) / 4294967296)
    }
    return cache[t]!
  }
}
