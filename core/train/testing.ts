// Tests only: fit hooks that record every event and can stop after a given epoch (a cancel), a
// deterministic noise, and a small CSV built from one function per column.
import { importCsv, type Dataset } from '../data'
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

/** The first row's date in a dated columnsCsv: 2021-01-01 (UTC, ms); each row a day after it. */
export const T0 = Date.UTC(2021, 0, 1)

/** A CSV of `rows` rows imported as `fileName`: one column per entry of `cols`, row t holding
 *  cols[name](t) (numbers to 6 decimals), led by a daily `date` column from T0 where `dated`. */
export function columnsCsv(cols: Record<string, (t: number) => number | string>, rows: number, fileName: string, dated = false): Promise<Dataset> {
  const names = Object.keys(cols)
  const lines = [[...(dated ? ['date'] : []), ...names].join(',')]
  for (let t = 0; t < rows; t++) {
    const cells = names.map((n) => {
      const v = cols[n]!(t)
      return typeof v === 'number' ? v.toFixed(6) : v
    })
    lines.push([...(dated ? [new Date(T0 + t * 864e5).toISOString().slice(0, 10)] : []), ...cells].join(','))
  }
  return importCsv(lines.join('\n') + '\n', { fileName })
}
