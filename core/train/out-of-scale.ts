// Training values far out of scale: those the outlier rule replaced to fit the target's scaler
// (data.cleanScale, prepare.ts). The network still reads them as they are (measured: replacing
// them for the network too is not for now), so where they are large they dominate its loss, and
// M4's MASE scale, the training rows' mean one-step change with every value as it is, would be set
// by them: a run's MASE is scaled with them replaced, as the statistical models read them
// (evaluate.ts). The run says both: a stall note that names them instead of the learning rate
// (stalled.ts), and a notice when M4's scale would be more than MASE_SCALE_RATIO times the run's.
import { naiveScale } from '../data/metrics'
import { withReplaced, type ReplacedValue } from '../data/stats/outliers'
import { andList, andListCut, fix, words, type Words } from '../data/words'
import type { RowRange } from '../data/windows'
import type { Dataset } from '../data/types'

/** A training value the outlier rule replaced to fit the scaler: its line in the file (1 = the
 *  header) and its value as the network reads it; `merged`: where its row merged rows sharing its
 *  time (data.duplicates), their lines and how (the value is theirs together, not the line's own). */
export interface OutOfScale { line: number; value: number; merged?: { lines: number[]; by: string } }

/** At most this many are named in a sentence. */
const NAMED = 3
/** MASE's scale with the values as they are (M4's) over the run's, with them replaced, above which
 *  the run says so: 20 % moves every MASE enough to matter beside M4's or another tool's figure. */
export const MASE_SCALE_RATIO = 1.2

/** "line 120 (10000000)", "lines 120 (1e7) and 180 (-5e6)", "lines 1 (900), 2 (900), 3 (900) and 2 more". */
export function outOfScaleWords(at: readonly OutOfScale[]): string {
  // six significant digits, as the other notices write a value (not 110.85499999999999)
  const value = (v: number) => String(Number(v.toPrecision(6)))
  const merged = (o: OutOfScale) => (o.merged && o.merged.lines.length > 1 ? `, the ${o.merged.by} of lines ${andList(o.merged.lines.map(String))}` : '')
  return `${at.length === 1 ? 'line' : 'lines'} ${andListCut(at.map((o) => `${o.line} (${value(o.value)}${merged(o)})`), NAMED)}`
}

/** A value at `line`, with the lines its row merged where `mergedOf` finds them. */
export function outOfScaleAt(line: number, value: number, mergedOf: (line: number) => OutOfScale['merged']): OutOfScale {
  const merged = mergedOf(line)
  return merged ? { line, value, merged } : { line, value }
}

/** The lines of `ds` (the file as read) whose time is that of the row at `line`, where more than one
 *  shares it (rows data.duplicates merges into one); null otherwise. `rows`: the rows of one series
 *  of a long file (a global run's), whose times alone are compared. */
export function mergedLinesOf(ds: Dataset, timeColumn: string | null | undefined, line: number, rows?: Iterable<number>): number[] | null {
  const c = ds.columns.find((x) => x.name === timeColumn)
  const row = ds.lines.indexOf(line)
  if (c?.kind !== 'date' || row < 0) return null
  const t = c.values[row]!
  const lines: number[] = []
  for (const i of rows ?? Array.from({ length: ds.rowCount }, (_, i) => i)) if (c.values[i] === t) lines.push(ds.lines[i]!)
  return lines.length > 1 ? lines : null
}

/** M4's MASE scale, with the values as they are, over the run's, with `replaced` in place (the
 *  training rows' mean one-step change each), where that is more than MASE_SCALE_RATIO; else null
 *  (or where the scale is 0 or undefined). */
export function maseScaleFactor(series: Float64Array, train: RowRange, replaced: readonly ReplacedValue[]): number | null {
  if (!replaced.length) return null
  const asIs = naiveScale(series.subarray(train.start, train.end))
  const clean = naiveScale(withReplaced(series, replaced).subarray(train.start, train.end))
  return clean > 0 && asIs > MASE_SCALE_RATIO * clean ? asIs / clean : null
}

/** A factor as the notices write it: "1.55", "7.1", "1.7e4". */
export function timesWords(times: number): string {
  return times >= 100 ? times.toExponential(1).replace('e+', 'e') : times.toFixed(times < 2 ? 2 : 1)
}

/** The notice on MASE's scale, or null where the values replaced change it by MASE_SCALE_RATIO
 *  times or less (or the scale is 0 or undefined). `series`: the target in original units;
 *  `replaced`: the training values replaced for the scaler; `lines`: each row's line. */
export function maseScaleNotice(series: Float64Array, train: RowRange, replaced: readonly ReplacedValue[], lines: ArrayLike<number>, mergedOf: (line: number) => OutOfScale['merged'] = () => undefined): Words | null {
  const times = maseScaleFactor(series, train, replaced)
  if (times === null) return null
  const at = replaced.map((r) => outOfScaleAt(lines[r.row]!, r.value, mergedOf))
  const x = timesWords(times)
  const one = at.length === 1
  return { message: `MASE is scaled by the training rows' mean one-step change with the ${one ? 'value' : 'values'} at ${outOfScaleWords(at)} replaced, as the statistical models read ${one ? 'it' : 'them'}; with ${one ? 'it' : 'them'} as ${one ? 'it is' : 'they are'} (M4's definition) the scale would be ${x} times larger and every MASE ${x} times smaller` }
}

/** What the stall note says instead of the learning rate where the training rows hold values far
 *  out of scale: they dominate the network's loss, and what to do. */
export function outOfScaleStallWords(at: readonly OutOfScale[]): Required<Words> {
  const one = at.length === 1
  return words`the training rows hold ${one ? 'a value' : 'values'} far out of scale at ${outOfScaleWords(at)}, which the network reads as ${one ? 'it is' : 'they are'} and which ${one ? 'dominates' : 'dominate'} its loss (the scaler and the statistical models read ${one ? 'it' : 'them'} replaced); a learning rate will not change that: fix or remove ${one ? 'it' : 'them'} in the file, then ${fix('train again', 'import the file again and train')}`
}
