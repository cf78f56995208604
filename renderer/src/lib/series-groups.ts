// The series of a long file, grouped once for the Data view's small multiples (issue 13): each
// series' id values and its rows, in order of first appearance. Typed arrays and one counting sort,
// in steps of 100,000 rows, so that 1,000 series of 1,000 rows group on the main thread without a
// long task (core/data's seriesRows builds a key string per row: right for training, not here).
import type { Column, Dataset } from '../../../core/data/types'
import { exposed, type SteppedWork } from './perf'

export interface SeriesGroups {
  /** Per series, one value per id column, as written (the values the picker takes). */
  keys: string[][]
  /** Row numbers, series by series: series g's rows are order[starts[g]] .. order[starts[g + 1] - 1]. */
  order: Int32Array
  starts: Int32Array
  /** Rows left out because an id column is empty there: they belong to no series. */
  missing: number
}

/** Rows handled between two yields of groupSeriesSteps: a few milliseconds of work on a busy machine. */
export const GROUP_CHUNK = 10_000

/** Per row a dense code of the column's value (-1 when missing), and each code's value as written. */
function* codesOf(c: Column, n: number, chunk: number): Generator<void, { codes: Int32Array; names: string[] }, void> {
  if (c.kind === 'categorical') return { codes: c.codes, names: c.levels }
  if (c.kind !== 'numeric' && c.kind !== 'boolean') throw new Error(`column "${c.name}" is ${c.kind} and cannot name series`)
  const codes = new Int32Array(n) // (N)
  const map = new Map<number, number>()
  const names: string[] = []
  // rows of one series usually come together: the previous row's code is checked first
  let last = NaN
  let lastCode = -1
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % chunk === 0) yield
    const v = c.values[i]!
    if (v !== v) {
      codes[i] = -1
      continue
    }
    if (v !== last) {
      let k = map.get(v)
      if (k === undefined) map.set(v, (k = names.push(String(v)) - 1))
      last = v
      lastCode = k
    }
    codes[i] = lastCode
  }
  return { codes, names }
}

/** The series `columns` make in `ds`, yielding every `chunk` rows so that a caller can spread the
 *  work over several tasks (the Data view does). Throws, naming the column, when one is not in the file. */
export function* groupSeriesSteps(ds: Dataset, columns: string[], chunk = GROUP_CHUNK): Generator<void, SeriesGroups, void> {
  const n = ds.rowCount
  const cols: { codes: Int32Array; names: string[] }[] = []
  for (const name of columns) {
    const c = ds.columns.find((x) => x.name === name)
    if (!c) throw new Error(`the series column "${name}" is not in ${ds.file}`)
    cols.push(yield* codesOf(c, n, chunk))
  }
  // one code per row across the id columns, numbered in order of first appearance, and each
  // series' row count (in starts[g + 1], summed below)
  const group = new Int32Array(n) // (N) the row's series, -1 when an id is missing
  const keys: string[][] = []
  const counts: number[] = [0]
  const seen = new Map<number, number>() // combined code -> series (several id columns)
  const first = new Int32Array(cols.length === 1 ? cols[0]!.names.length : 0).fill(-1) // (levels) one id column
  let missing = 0
  for (let from = 0; from < n; from += chunk) {
    if (from > 0) yield
    const to = Math.min(n, from + chunk)
    if (cols.length === 1) {
      // one id column (the usual case): a tight loop over its codes
      const { codes, names } = cols[0]!
      for (let i = from; i < to; i++) {
        const k = codes[i]!
        if (k < 0) {
          group[i] = -1
          missing++
          continue
        }
        let g = first[k]!
        if (g < 0) {
          first[k] = g = keys.push([names[k]!]) - 1
          counts.push(0)
        }
        group[i] = g
        counts[g + 1] = counts[g + 1]! + 1
      }
      continue
    }
    for (let i = from; i < to; i++) {
      let combined = 0
      let empty = false
      for (const { codes, names } of cols) {
        const k = codes[i]!
        if (k < 0) {
          empty = true
          break
        }
        combined = combined * (names.length + 1) + k
      }
      if (empty) {
        group[i] = -1
        missing++
        continue
      }
      let g = seen.get(combined)
      if (g === undefined) {
        seen.set(combined, (g = keys.length))
        keys.push(cols.map(({ codes, names }) => names[codes[i]!]!))
        counts.push(0)
      }
      group[i] = g
      counts[g + 1] = counts[g + 1]! + 1
    }
  }
  // counting sort of the rows by series, keeping file order within each
  const starts = Int32Array.from(counts) // (G + 1)
  for (let g = 0; g < keys.length; g++) starts[g + 1] = starts[g + 1]! + starts[g]!
  const next = starts.slice(0, keys.length) // (G)
  const order = new Int32Array(n - missing) // (N - missing)
  for (let from = 0; from < n; from += chunk) {
    yield
    const to = Math.min(n, from + chunk)
    for (let i = from; i < to; i++) {
      const g = group[i]!
      if (g < 0) continue
      order[next[g]!] = i
      next[g] = next[g]! + 1
    }
  }
  return { keys, order, starts, missing }
}

/** groupSeriesSteps run to the end at once. */
export function groupSeries(ds: Dataset, columns: string[]): SeriesGroups {
  const steps = groupSeriesSteps(ds, columns)
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

/** Series g's rows. */
export function rowsOf(groups: SeriesGroups, g: number): Int32Array {
  return groups.order.subarray(groups.starts[g]!, groups.starts[g + 1]!)
}

/** The script time one task of runInSteps may take before it gives the page back (ms): a few steps
 *  a task, so small steps cost no more tasks than large ones, and one slow step (a loaded machine)
 *  ends the task alone. */
export const STEP_BUDGET_MS = 8

/** Runs a stepping generator to its end in tasks (setTimeout) of `budgetMs` of steps at most (by
 *  default STEP_BUDGET_MS), plus the one step that passes it, so that no task of it grows long under
 *  the 50 ms rule. `work`: what the steps do (its units, at most `chunk` a step), listed with the
 *  steps taken on window.__fwSteps when the page has `perf` in its URL (lib/perf.ts). Aborted through `signal`, it calls no further step, closes the generator and
 *  rejects with the signal's reason (a caller that asked for the abort ignores that). */
export function runInSteps<T>(steps: Generator<void, T, void>, { budgetMs = STEP_BUDGET_MS, signal, work }: { budgetMs?: number; signal?: AbortSignal; work?: Omit<SteppedWork, 'steps'> } = {}): Promise<T> {
  let stepped = 0
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let stepping = false
    const abort = (): void => {
      clearTimeout(timer)
      if (!stepping) steps.return(undefined as T) // (aborted by a step itself: closed once it returns, below)
      reject(signal!.reason)
    }
    const end = (): void => signal?.removeEventListener('abort', abort)
    if (signal?.aborted) return abort()
    signal?.addEventListener('abort', abort, { once: true })
    const task = (): void => {
      const until = performance.now() + budgetMs
      for (;;) {
        let r: IteratorResult<void, T>
        stepping = true
        stepped++
        try {
          r = steps.next()
        } catch (e) {
          end()
          return reject(e)
        } finally {
          stepping = false
        }
        if (signal?.aborted) {
          steps.return(undefined as T)
          return
        }
        if (r.done) {
          end()
          if (work) exposed('__fwSteps', { ...work, steps: stepped })
          return resolve(r.value)
        }
        if (performance.now() >= until) break
      }
      timer = setTimeout(task)
    }
    timer = setTimeout(task)
  })
}

/** Per file and id: the grouping under way, and the groups once it is done. */
const grouped = new WeakMap<Dataset, Map<string, { pending: Promise<SeriesGroups>; done: SeriesGroups | null }>>()
/** The grouping of `ds` by `columns` if seriesGroupsOf has finished it, else null (never starts it). */
export function readySeriesGroups(ds: Dataset, columns: string[]): SeriesGroups | null {
  return grouped.get(ds)?.get(columns.join('\u0000'))?.done ?? null
}
/** The series of `ds` by `columns`, grouped once per file and id (runInSteps): the Data view's small
 *  multiples and Setup's all-series timeline share the one grouping. */
export function seriesGroupsOf(ds: Dataset, columns: string[]): Promise<SeriesGroups> {
  let byColumns = grouped.get(ds)
  if (!byColumns) grouped.set(ds, (byColumns = new Map()))
  const key = columns.join('\u0000')
  let entry = byColumns.get(key)
  if (!entry) {
    const e: { pending: Promise<SeriesGroups>; done: SeriesGroups | null } = { pending: runInSteps(groupSeriesSteps(ds, columns)), done: null }
    e.pending.then((g) => (e.done = g), () => {})
    byColumns.set(key, (entry = e))
  }
  return entry.pending
}
