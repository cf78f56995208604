// How many inputs Explain lists before "Show all N" (ExplainHeatmap, ExplainPanel's importance):
// a run of 200 inputs drew all 200 rows, 6,428 px (explore25 finding 2).

/** Up to this many inputs, Explain shows every one, as it always did. */
export const TOP_INPUTS = 20

/** Input indices by weight, largest first (a tie in the file's order). */
export function ranked(weights: readonly number[]): number[] {
  return weights.map((_, d) => d).sort((a, b) => weights[b]! - weights[a]! || a - b)
}

/** The input indices a heatmap shows: up to TOP_INPUTS inputs, all in the file's order; past it, by
 *  weight, largest first, the TOP_INPUTS largest unless `all`. */
export function topInputs(weights: readonly number[], all: boolean): number[] {
  if (weights.length <= TOP_INPUTS) return weights.map((_, d) => d)
  const r = ranked(weights)
  return all ? r : r.slice(0, TOP_INPUTS)
}
