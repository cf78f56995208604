// With `perf` in the page URL (the e2e suite opens it so), the page lists what the e2e suite checks
// or measures on window: its charts (__fwCharts, to time a redraw) and the work it spread over tasks
// (__fwSteps: how many steps each runInSteps took for how much work, a count no machine's speed
// changes, where the suite's long-task figures are measurements only).
export const exposeForPerf = typeof location !== 'undefined' && new URLSearchParams(location.search).has('perf')

/** What runInSteps did of one piece of work: `units` (rows, series) at most `chunk` a step by its
 *  generator's design, in `steps` steps (calls of the generator's next). */
export interface SteppedWork {
  name: string
  units: number
  chunk: number
  steps: number
}

/** Appends `item` to window[`list`] when the page is opened with `perf`. */
export function exposed<T>(list: '__fwCharts' | '__fwSteps', item: T): void {
  if (exposeForPerf) ((window as unknown as Record<string, T[] | undefined>)[list] ??= []).push(item)
}
