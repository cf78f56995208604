// `npm run bench -- --section ranks`: conformal's ranksOf (radix sort by 8- or 16-bit digits, core/data/conformal.ts)
// against the comparator index sort it replaced, on the sizes an interval calibration ranks: 57 sets of 200
// residuals (18 horizon steps, three rankings each) and one long series' 200,000. Figures only, not a test:
// core/data/conformal.test.ts checks the two give the same ranks to the bit.
import { ranksOf } from '../core/data/conformal'
import type { SectionOptions } from './index'

/** The ranks GrowingQuantile took before: an index sort with a comparator call per comparison. */
function byComparator(keys: Float64Array): Int32Array {
  const order = Array.from({ length: keys.length }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b)
  const rank = new Int32Array(keys.length)
  order.forEach((i, r) => (rank[i] = r + 1))
  return rank
}

function keysOf(n: number, seed: number): Float64Array {
  let s = seed
  return Float64Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31 - 0.5))
}

/** The best of `repeats` timings of ranking every set, in milliseconds. */
function bestMs(rank: (keys: Float64Array) => Int32Array, sets: Float64Array[], repeats: number): number {
  let best = Infinity
  for (let k = 0; k < repeats; k++) {
    const t = performance.now()
    for (const keys of sets) rank(keys)
    best = Math.min(best, performance.now() - t)
  }
  return best
}

export async function run(opts: SectionOptions): Promise<Record<string, unknown>> {
  const cases = [
    { name: '57 sets of 200 keys', sets: Array.from({ length: 57 }, (_, i) => keysOf(200, 7 + i)) },
    { name: '200,000 keys', sets: [keysOf(200_000, 5)] }
  ]
  const rows = cases.map(({ name, sets }) => {
    const repeats = opts.quick ? 3 : 7
    const radixMs = bestMs(ranksOf, sets, repeats)
    const comparatorMs = bestMs(byComparator, sets, repeats)
    opts.log(`ranks ${name}: ranksOf ${radixMs.toFixed(2)} ms, the comparator sort ${comparatorMs.toFixed(2)} ms (${(comparatorMs / radixMs).toFixed(1)}x)`)
    return { name, radixMs, comparatorMs, speedup: comparatorMs / radixMs }
  })
  return { rows }
}
