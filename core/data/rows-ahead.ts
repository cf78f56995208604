// Rows at the end of a file with no value of a column while other columns have one: as the target,
// rows ahead (a run leaves them out of its split, never fills them, and forecasts read the inputs
// known in the future from them: core/data/pipeline.ts withoutFutureRows). The Data view and
// fw inspect count them apart from the column's inner gaps (exploratory pass 22, finding 3: they
// were said to be "interpolated").
import type { Column, Dataset } from './types'

const blank = (c: Column, i: number): boolean => (c.kind === 'categorical' ? c.codes[i]! < 0 : c.kind !== 'text' && c.values[i] !== c.values[i])

/** How many rows at the end hold no value of `column` while another column (not the time) holds
 *  one in each of them; 0 where the last row has the value, or some trailing row is blank
 *  throughout (those end the file, not rows ahead). */
export function rowsAhead(ds: Dataset, column: string): number {
  const c = ds.columns.find((x) => x.name === column)
  if (!c || c.kind === 'text' || c.kind === 'date') return 0
  const others = ds.columns.filter((x) => x !== c && x.name !== ds.timeColumn && x.kind !== 'date')
  let n = 0
  for (let i = ds.rowCount - 1; i >= 0 && blank(c, i); i--) {
    if (!others.some((o) => o.kind !== 'text' && !blank(o, i))) return 0
    n++
  }
  return n === ds.rowCount ? 0 : n
}

/** The words for them, as the target reads them. */
export function rowsAheadWords(ds: Dataset, column: string, n: number): string {
  return `${n === 1 ? `1 row at the end (line ${ds.lines[ds.rowCount - 1]}) has` : `${n} rows at the end (from line ${ds.lines[ds.rowCount - n]}) have`} no "${column}": as the target, rows ahead, not filled: a run leaves ${n === 1 ? 'it' : 'them'} out of training and forecasts read the inputs known in the future from ${n === 1 ? 'it' : 'them'}`
}
