// Many series in one long file (issue 13): when timestamps repeat, which column (or pair of
// columns) splits the rows into series with one row per time each. Found, it is proposed as the
// series id, and training on all rows at once is refused (series.ts) rather than averaging
// different series into one; chosen, the rows are filtered to one series (filterSeries).
// Costs one pass over the time column when the times are increasing (the usual single series).

import { PipelineError } from './errors'
import { andList, fix, words } from './words'
import type { Column, Dataset, Notice } from './types'
import { timeOfDayMs } from './values'

/** A proposed or declared series id: its column(s) and how many series it makes. */
export interface SeriesId { columns: string[]; count: number }

export interface SeriesDetection {
  /** Rows whose timestamp another, earlier row already has (rows without a time not counted). */
  duplicateRows: number
  /** The id that makes every (series, time) unique, with the fewest series; null when none does. */
  candidate: SeriesId | null
  /** The duplicates are too many to be chance (>= 5 % of the rows) and the id splits the rows
   *  into series of two rows or more on average: training on all rows would mix series. */
  strong: boolean
  /** Text columns (too many distinct values to keep as categories) that could not be checked. */
  unchecked: string[]
}

/** Share of rows with a repeated timestamp above which a splitting column is taken as a series id. */
const STRONG_SHARE = 0.05
/** Columns tried in pairs (the first ones in file order), to bound the work. */
const MAX_PAIR_COLUMNS = 6

/** Codes per row (-1 missing) and their count, for a column that can name series. */
interface Keyed { names: string[]; codes: Int32Array; levels: number }

function keyedColumn(c: Column): Keyed | null {
  if (c.kind === 'categorical') return { names: [c.name], codes: c.codes, levels: c.levels.length }
  if (c.kind !== 'numeric') return null
  // whole numbers (store 1, 2, 3) can be ids too; at most 100 000 distinct
  const map = new Map<number, number>()
  const codes = new Int32Array(c.values.length) // (N)
  for (let i = 0; i < codes.length; i++) {
    const v = c.values[i]
    if (v !== v) {
      codes[i] = -1
      continue
    }
    if (!Number.isInteger(v)) return null
    let k = map.get(v)
    if (k === undefined) {
      if (map.size >= 100_000) return null
      map.set(v, (k = map.size))
    }
    codes[i] = k
  }
  return { names: [c.name], codes, levels: map.size }
}

/** Each row's rank among the distinct timestamps (-1 without a time) and the number of distinct ones. */
function timeRanks(t: Float64Array): { rank: Int32Array; distinct: number; valid: number } {
  // a plain loop: TypedArray.filter with a callback is ten times slower on a million rows
  let valid = 0
  for (let i = 0; i < t.length; i++) if (t[i] === t[i]) valid++
  const sorted = new Float64Array(valid) // (valid)
  for (let i = 0, k = 0; i < t.length; i++) if (t[i] === t[i]) sorted[k++] = t[i]
  sorted.sort()
  let u = 0
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i]
  const uniq = sorted.subarray(0, u)
  const rank = new Int32Array(t.length) // (N)
  for (let i = 0; i < t.length; i++) {
    const x = t[i]
    if (x !== x) {
      rank[i] = -1
      continue
    }
    let lo = 0
    let hi = u - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (uniq[mid] < x) lo = mid + 1
      else hi = mid
    }
    rank[i] = lo
  }
  return { rank, distinct: u, valid }
}

/** True when no two rows share (code, time rank); a missing code is a level of its own. */
function splitsUniquely(codes: Int32Array, levels: number, rank: Int32Array, distinct: number): boolean {
  const L = levels + 1 // + the missing level
  const bits = L * distinct
  if (bits <= 1 << 28) {
    const seen = new Uint32Array(Math.ceil(bits / 32)) // (L * distinct) bits
    for (let i = 0; i < codes.length; i++) {
      if (rank[i] < 0) continue
      const k = (codes[i] < 0 ? levels : codes[i]) * distinct + rank[i]
      const w = k >>> 5
      const b = 1 << (k & 31)
      if (seen[w] & b) return false
      seen[w] |= b
    }
    return true
  }
  const seen = new Set<number>()
  for (let i = 0; i < codes.length; i++) {
    if (rank[i] < 0) continue
    const k = (codes[i] < 0 ? levels : codes[i]) * distinct + rank[i]
    if (seen.has(k)) return false
    seen.add(k)
  }
  return true
}

/** The pair's combined codes, renumbered densely. */
function pairOf(a: Keyed, b: Keyed): Keyed {
  const map = new Map<number, number>()
  const codes = new Int32Array(a.codes.length) // (N)
  for (let i = 0; i < codes.length; i++) {
    const x = a.codes[i]
    const y = b.codes[i]
    if (x < 0 || y < 0) {
      codes[i] = -1
      continue
    }
    const key = x * (b.levels + 1) + y
    let k = map.get(key)
    if (k === undefined) map.set(key, (k = map.size))
    codes[i] = k
  }
  return { names: [...a.names, ...b.names], codes, levels: map.size }
}

function strictlyIncreasing(t: Float64Array): boolean {
  let prev = -Infinity
  for (let i = 0; i < t.length; i++) {
    const x = t[i]
    if (x !== x) continue
    if (!(x > prev)) return false
    prev = x
  }
  return true
}

/** Which column(s) split rows with repeated timestamps into series; `time` defaults to ds.timeColumn. */
export function detectSeriesId(ds: Dataset, time: string | null = ds.timeColumn): SeriesDetection {
  const none: SeriesDetection = { duplicateRows: 0, candidate: null, strong: false, unchecked: [] }
  const tc = time === null ? undefined : ds.columns.find((c) => c.name === time)
  if (!tc || tc.kind !== 'date' || strictlyIncreasing(tc.values)) return none
  const { rank, distinct, valid } = timeRanks(tc.values)
  const duplicateRows = valid - distinct
  if (duplicateRows === 0) return none
  const unchecked = ds.columns.filter((c) => c.kind === 'text').map((c) => c.name)
  const usable = (k: Keyed | null): k is Keyed => k !== null && k.levels >= 2
  // a column of times of day (13:00) beside the dates is the rest of the time, never an id
  const others = ds.columns.filter((c) => c.name !== time && !(c.kind === 'categorical' && c.levels.every((l) => timeOfDayMs(l) === timeOfDayMs(l))))
  // categories first, fewer series first; whole numbers (read into codes only when needed) next
  const cats = others.filter((c) => c.kind === 'categorical').map(keyedColumn).filter(usable).sort((a, b) => a.levels - b.levels)
  const first = (ks: Keyed[]) => ks.find((k) => splitsUniquely(k.codes, k.levels, rank, distinct)) ?? null
  let found = first(cats)
  // a number column is an id only where series hold two rows each on average: one whose values are
  // mostly distinct (a measured load of 73 rows, 72 values) splits repeats into series of one row
  if (!found) found = first(others.filter((c) => c.kind === 'numeric').map(keyedColumn).filter((k): k is Keyed => usable(k) && k.levels <= valid / 2).sort((a, b) => a.levels - b.levels))
  if (!found) {
    const few = cats.slice(0, MAX_PAIR_COLUMNS)
    for (let i = 0; i < few.length; i++)
      for (let j = i + 1; j < few.length; j++) {
        const p = pairOf(few[i], few[j])
        if ((!found || p.levels < found.levels) && splitsUniquely(p.codes, p.levels, rank, distinct)) found = p
      }
  }
  if (!found) return { duplicateRows, candidate: null, strong: false, unchecked }
  const candidate = { columns: found.names, count: found.levels }
  const strong = duplicateRows >= Math.max(2, STRONG_SHARE * valid) && found.levels <= valid / 2
  return { duplicateRows, candidate, strong, unchecked }
}

/** Columns named in a message: '"store"', '"store" and "item"', '"a", "b" and "c"'. */
export const quotedColumns = (cols: readonly string[]): string => andList(cols.map((c) => `"${c}"`))

/** How to train one model across every series of a long file (fw train --global). */
export const acrossAll = (columns: string[]) => fix(`--series ${columns.join(',')} --global`, 'choose "One model across all series" in Setup')

/** How to train one series of a long file. */
export const pickOne = (columns: string[]) => fix(`--series ${columns.join(',')} --series-value VALUE`, 'the series picker in Data')

/** What the import says about repeated timestamps: the proposed id, or the columns it could not check. */
export function seriesNotice(d: SeriesDetection, rows: number): Notice | null {
  if (d.duplicateRows === 0) return null
  const c = d.candidate
  if (c && d.strong)
    return {
      code: 'series-id',
      column: c.columns[0],
      ...words`timestamps repeat (${d.duplicateRows} of ${rows} rows share a time with another row): ${c.columns.length > 1 ? 'columns' : 'column'} ${quotedColumns(c.columns)} ${c.columns.length > 1 ? 'split' : 'splits'} them into ${c.count} series with one row per time each, proposed as the series id. Pick one series to train on (${pickOne(c.columns)}), or train one model across them all (${acrossAll(c.columns)})`
    }
  if (d.unchecked.length)
    return {
      code: 'series-unchecked',
      column: d.unchecked[0],
      ...words`timestamps repeat (${d.duplicateRows} rows) and ${quotedColumns(d.unchecked)} ${d.unchecked.length > 1 ? 'have' : 'has'} too many distinct values to check as a series id; if ${d.unchecked.length > 1 ? 'one' : 'it'} names the series, declare it (${fix(`--series ${d.unchecked[0]}`, `"Use ${d.unchecked[0]} as the series id" in Data`)})`
    }
  return null
}

/** How many distinct series the id columns make (a missing value counts as one). */
export function countSeries(ds: Dataset, columns: string[]): number {
  const cols = columns.map((n) => ds.columns.find((c) => c.name === n))
  const at = (c: Column | undefined, i: number) => (c?.kind === 'categorical' ? c.codes[i] : c && 'values' in c ? c.values[i] : '')
  if (cols.length === 1) {
    const seen = new Set<number | string>()
    for (let i = 0; i < ds.rowCount; i++) seen.add(at(cols[0], i))
    return seen.size
  }
  const seen = new Set<string>()
  for (let i = 0; i < ds.rowCount; i++) seen.add(cols.map((c) => at(c, i)).join('\u0000'))
  return seen.size
}

/** Rows of `ds` in the series whose id columns hold `values` (one per column; numbers as written). */
export function filterSeries(ds: Dataset, columns: string[], values: string[]): { rows: Int32Array } {
  if (columns.length === 0) throw new PipelineError('bad-config', 'names no column', 'time.series.columns')
  if (values.length !== columns.length)
    throw new PipelineError('bad-config', `needs one value per series column (${columns.join(', ')}), got ${values.length}: ${values.join(', ')}`, 'time.series.values')
  const one = columns.length === 1 ? ds.columns.find((x) => x.name === columns[0]) : undefined
  if (one?.kind === 'categorical') {
    // the usual id, one categorical column: its codes compared in two passes, no per-row masks (the
    // app finds a long file's first series on the main thread when Setup opens)
    const code = one.levels.indexOf(values[0]!)
    let kept = 0
    if (code >= 0) for (let i = 0; i < one.codes.length; i++) if (one.codes[i] === code) kept++
    if (kept > 0) {
      const rows = new Int32Array(kept) // (rows in the series)
      for (let i = 0, k = 0; i < one.codes.length; i++) if (one.codes[i] === code) rows[k++] = i
      return { rows }
    }
  }
  const keep = new Uint8Array(ds.rowCount).fill(1) // (N) 1 = in the series
  columns.forEach((name, j) => {
    const c = ds.columns.find((x) => x.name === name)
    if (!c) throw new PipelineError('unknown-column', `the series column "${name}" is not in ${ds.file} (${ds.columns.map((x) => x.name).join(', ')})`, 'time.series.columns')
    const want = values[j]
    const { match, levels: listLevels } = matchLevel(c, want, ds.file)
    if (match.indexOf(1) < 0) {
      const levels = listLevels()
      const shown = levels.slice(0, 10).join(', ') + (levels.length > 10 ? `, … (${levels.length} in all)` : '')
      throw new PipelineError('unknown-series', `column "${name}" has no series "${want}"; its values: ${shown}`, 'time.series.values')
    }
    // plain loops: typed-array map/from with a callback take tens of ms on a million rows (the
    // app filters on the main thread when a series is picked)
    for (let i = 0; i < keep.length; i++) keep[i] &= match[i]
  })
  let kept = 0
  for (let i = 0; i < keep.length; i++) kept += keep[i]
  const rows = new Int32Array(kept) // (rows in the series)
  for (let i = 0, k = 0; i < keep.length; i++) if (keep[i]) rows[k++] = i
  if (rows.length === 0) throw new PipelineError('unknown-series', `no rows have ${columns.map((c, j) => `${c} = ${values[j]}`).join(' and ')}`, 'time.series.values')
  return { rows }
}

/** Per row: 1 when the column holds `want`; and the column's distinct values, for messages (listed
 *  only when asked: a numeric column's take a third of a second over a million rows, and the app
 *  filters on the main thread each time a series is picked). */
function matchLevel(c: Column, want: string, file: string): { match: Uint8Array; levels: () => string[] } {
  if (c.kind === 'categorical') {
    const code = c.levels.indexOf(want)
    const match = new Uint8Array(c.codes.length) // (N)
    if (code >= 0) for (let i = 0; i < match.length; i++) match[i] = c.codes[i] === code ? 1 : 0
    return { match, levels: () => c.levels }
  }
  if (c.kind === 'numeric' || c.kind === 'boolean') {
    const v = Number(want)
    const levels = () => [...new Set(Array.from(c.values).filter((x) => x === x))].sort((a, b) => a - b).map(String)
    const match = new Uint8Array(c.values.length) // (N)
    if (want.trim() !== '') for (let i = 0; i < match.length; i++) match[i] = c.values[i] === v ? 1 : 0
    return { match, levels }
  }
  throw new PipelineError('bad-config', `column "${c.name}" of ${file} is ${c.kind === 'text' ? 'text with too many distinct values to keep; declare it as the series column when reading the file' : c.kind} and cannot name series`, 'time.series.columns')
}
