// Rows at the end of a file with no value of a column while other columns have one: as the target,
// rows ahead (a run leaves them out of its split, never fills them, and forecasts read the inputs
// known in the future from them: core/data/pipeline.ts withoutFutureRows). The Data view and
// fw inspect count them apart from the column's inner gaps (exploratory pass 22, finding 3: they
// were said to be "interpolated").
import type { Column, Dataset } from './types'
import type { MissingPolicy } from './config'

/** The missing-value rule of a column no config names (core/train/config.ts DEFAULT_DATA.missingDefault). */
const DEFAULT_MISSING: MissingPolicy = 'interpolate'

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
  const them = n === 1 ? 'it' : 'them'
  const head = `${n === 1 ? `1 row at the end (line ${ds.lines[ds.rowCount - 1]}) has` : `${n} rows at the end (from line ${ds.lines[ds.rowCount - n]}) have`} no "${column}"`
  const asTarget = `rows ahead, not filled: a run leaves ${them} out of training and forecasts read the inputs known in the future from ${them}`
  if (role?.target === column) return `${head}: as the target, ${asTarget}`
  if (role) return `${head}: an input of a run on "${role.target}", which ${inputFill(role.policy, n)}`
  return `${head}: as the target, ${asTarget}; as an input, a run ${inputFill(DEFAULT_MISSING, n)}`
}
