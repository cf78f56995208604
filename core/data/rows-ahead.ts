// Rows at the end of a file with no value of a column while other columns have one: as the target,
// rows ahead (a run leaves them out of its split, never fills them, and forecasts read the inputs
// known in the future from them: core/data/pipeline.ts withoutFutureRows). The Data view and
// fw inspect count them apart from the column's inner gaps (exploratory pass 22, finding 3: they
// were said to be "interpolated").
import type { Column, Dataset } from './types'
import type { MissingPolicy } from './config'
import { seriesGroup } from './words'

/** The missing-value rule of a column no config names (core/train/config.ts DEFAULT_DATA.missingDefault). */
const DEFAULT_MISSING: MissingPolicy = 'interpolate'

const blank = (c: Column, i: number): boolean => (c.kind === 'categorical' ? c.codes[i]! < 0 : c.kind !== 'text' && c.values[i] !== c.values[i])

/** How many rows at the end hold no value of `column` while another column (not the time) holds
 *  one in each of them; 0 where the last row has the value, or some trailing row is blank
 *  throughout (those end the file, not rows ahead). `rows`: one series' rows of a long file, in
 *  file order, whose id columns (`ids`) hold a value in every row and so do not count as another. */
export function rowsAhead(ds: Dataset, column: string, rows?: ArrayLike<number>, ids: readonly string[] = []): number {
  const c = ds.columns.find((x) => x.name === column)
  if (!c || c.kind === 'text' || c.kind === 'date') return 0
  const others = ds.columns.filter((x) => x !== c && x.name !== ds.timeColumn && x.kind !== 'date' && !ids.includes(x.name))
  const count = rows ? rows.length : ds.rowCount
  const at = (k: number) => (rows ? rows[k]! : k)
  let n = 0
  for (let k = count - 1; k >= 0 && blank(c, at(k)); k--) {
    if (!others.some((o) => o.kind !== 'text' && !blank(o, at(k)))) return 0
    n++
  }
  return n === count ? 0 : n
}

/** The rows ahead of each series of a long file (rowsAhead over the series' own rows, `ids` its id
 *  columns): the series with any, each with their count and its first such row's line. */
export function seriesRowsAhead(ds: Dataset, column: string, series: readonly { label: string; rows: ArrayLike<number> }[], ids: readonly string[]): { label: string; n: number; line: number }[] {
  return series.flatMap((s) => {
    const n = ids.includes(column) ? 0 : rowsAhead(ds, column, s.rows, ids)
    return n ? [{ label: s.label, n, line: ds.lines[s.rows[s.rows.length - n]!]! }] : []
  })
}

/** What a run does with an input's blanks at the end (core/data/pipeline.ts fillNumeric, fillCodes,
 *  dropMissingRows): 'interpolate' and 'ffill' carry the last value before them forward (nothing
 *  after them to draw a line to), 'mean' takes the training mean (a category's most common training
 *  value), 'drop' leaves those rows out. */
function inputFill(policy: MissingPolicy, n: number): string {
  const them = n === 1 ? 'it' : 'them'
  if (policy === 'drop') return `leaves ${n === 1 ? 'that row' : 'those rows'} out (its rule: drop)`
  if (policy === 'mean') return `fills ${them} with the training mean, or a category's most common training value (its rule: mean)`
  return `fills ${them} with the last value before ${them} (its rule: ${policy}, which has no later value to draw a line to)`
}

/** The words for them: with the run's target and the column's missing-value rule known (`role`: Setup's
 *  target, fw inspect --target), as that column reads them (the target: rows ahead; another column:
 *  how its rule fills them); without, both ways, the target not being chosen yet. */
export function rowsAheadWords(ds: Dataset, column: string, n: number, role?: { target: string; policy: MissingPolicy }): string {
  const head = `${n === 1 ? `1 row at the end (line ${ds.lines[ds.rowCount - 1]}) has` : `${n} rows at the end (from line ${ds.lines[ds.rowCount - n]}) have`} no "${column}"`
  return `${head}: ${aheadTail(column, n, role)}`
}

/** The rows ahead of a long file's series (seriesRowsAhead) in rowsAheadWords' terms: the series
 *  that end alike grouped ("in 2 series: north and south, the last 3 rows have no "sales""), one
 *  series alone with its lines; null when no series has any. */
export function seriesAheadWords(column: string, ahead: readonly { label: string; n: number; line: number }[], role?: { target: string; policy: MissingPolicy }): string | null {
  if (!ahead.length) return null
  const byCount = new Map<number, { labels: string[]; line: number }>()
  for (const a of ahead) {
    const g = byCount.get(a.n)
    if (g) g.labels.push(a.label)
    else byCount.set(a.n, { labels: [a.label], line: a.line })
  }
  const last = (n: number) => (n === 1 ? 'the last row' : `the last ${n} rows`)
  const heads = [...byCount].sort(([a], [b]) => b - a).map(([n, g]) => {
    const lines = g.labels.length === 1 ? ` (${n === 1 ? `line ${g.line}` : `from line ${g.line}`})` : ''
    return `in ${seriesGroup(g.labels)}, ${last(n)}${lines} ${n === 1 ? 'has' : 'have'} no "${column}"`
  })
  return `${heads.join('; ')}: ${aheadTail(column, ahead.reduce((a, s) => a + s.n, 0), role)}`
}

/** What the rows ahead of `column` are to a run, `n` of them (rowsAheadWords). */
function aheadTail(column: string, n: number, role?: { target: string; policy: MissingPolicy }): string {
  const them = n === 1 ? 'it' : 'them'
  const asTarget = `rows ahead, not filled: a run leaves ${them} out of training and forecasts read the inputs known in the future from ${them}`
  if (role?.target === column) return `as the target, ${asTarget}`
  if (role) return `an input of a run on "${role.target}", which ${inputFill(role.policy, n)}`
  return `as the target, ${asTarget}; as an input, a run ${inputFill(DEFAULT_MISSING, n)}`
}
