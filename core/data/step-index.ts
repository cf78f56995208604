// An integer step index as the time column: t = 1..N, "period" 0, 5, 10, …, a "step" column, each row
// a whole number of steps from the first. It is a DateColumn of format 'step' whose values are the
// integers themselves (not epoch ms), so the time machinery (sorting, the step, times past the end:
// last + k·step) works on it unchanged, while everything that reads a calendar or writes a date
// asks isStepIndex first: no calendar inputs, no clock or zone, and every file writes the integer.
//
// Whole numbers 1000-2999 in a column named like a year (or chosen as the time) stay years, as the
// import has always read them (finalize.ts): a step index is the rest.
import { PipelineError } from './errors'
import type { Column, Dataset, DateColumn, NumericColumn } from './types'
import { fix, words, type Fix } from './words'

/** Names that say a whole-number column is the time: t, time, step, period, index, year, …. */
export const STEP_NAME = /^(t|time|times|step|steps|period|periods|index|idx|year|tick)$/i

export const isStepIndex = (c: Column | null | undefined): boolean => c?.kind === 'date' && c.format === 'step'

/** The first row (index) of `values` that is not a whole number (missing ones skipped), or -1. */
export function firstNotWhole(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!
    if (x === x && !Number.isSafeInteger(x)) return i
  }
  return -1
}

/** `c` as the time column, an integer step index: its values kept as they are. */
export const asStepIndex = (c: NumericColumn): DateColumn => ({ kind: 'date', name: c.name, values: c.values, format: 'step', hasTime: false })

/** Whether `values` (none missing) strictly increase. */
function increases(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i]! > values[i - 1]!)) return false
  return values.length >= 3
}

/** The column a file with no date column takes as its step index: the one numeric column named like a
 *  time (STEP_NAME) whose values are whole numbers, none missing, strictly increasing over the file;
 *  null where there is none, or more than one. */
export function stepIndexCandidate(columns: readonly Column[]): NumericColumn | null {
  const fit = columns.filter((c): c is NumericColumn => c.kind === 'numeric' && !c.unit && STEP_NAME.test(c.name) && firstNotWhole(c.values) < 0 && !c.values.some((x) => x !== x) && increases(c.values))
  return fit.length === 1 ? fit[0]! : null
}

/** The step of an index: the median of its positive differences between neighbouring rows, as a
 *  run takes the step of any time column (core/train/time-step inferStep): the most common one
 *  wherever more than half the steps are regular (else the run says the steps are mostly
 *  irregular). Differences that do not increase (one series' end to the next's start in a long
 *  file) are no step. Null without one. */
export function indexStep(values: ArrayLike<number>): number | null {
  const d: number[] = []
  for (let i = 1; i < values.length; i++) if (values[i]! - values[i - 1]! > 0) d.push(values[i]! - values[i - 1]!)
  return d.length ? d.sort((x, y) => x - y)[d.length >> 1]! : null
}

/** What a run and fw inspect say of a step index: its step, and what follows from it. */
export function stepIndexWords(c: DateColumn): string {
  const s = indexStep(c.values)
  const first = c.values.find((x) => x === x)
  const counts = s === null ? 'has no two increasing values, so no step' : `counts steps of ${s} (from ${first})`
  return `"${c.name}" ${counts}: an integer step index, not dates; forecasts past the end go on from each series' last value by the step, the forecast files write the integer, and it gives no calendar inputs`
}

/** `ds` with its column `name`, the time column a model was trained on, read as the model read it:
 *  `index` (the model file's fitted.step.index) true, a step index, whole numbers (a column the import
 *  read as years, 1000-2999 in a column named like a year, back to the whole numbers the file wrote;
 *  anything else refused naming the line); false, dates. A file whose column holds the other kind is
 *  refused in the file's words, saying what the model was trained on and what the column holds.
 *  Undefined (a file from before the field, a step-index run's among them): not recorded, so nothing
 *  is checked, and the column is read as before it, whole numbers as a step index (withStepIndexTime)
 *  and dates as dates. A model without a time column reads `ds` as it is. */
export function withModelTime(ds: Dataset, name: string | null, index: boolean | undefined): Dataset {
  if (index === undefined) return withStepIndexTime(ds, name)
  const c = name === null ? undefined : ds.columns.find((x) => x.name === name)
  if (!c || (c.kind !== 'numeric' && c.kind !== 'date')) return ds // absent, or no time at all: named where it is read
  const other = (was: string, holds: string, give: string) =>
    new PipelineError('other-step', words`the model was trained on ${was}; column "${c.name}" of ${ds.file} holds ${holds}: give it a file whose "${c.name}" holds ${give}, or ${fix(`train a model on ${ds.file} with fw train`, `train a run on ${ds.file} in Setup`)}`)
  const numbers = c.kind === 'numeric' || isStepIndex(c)
  if (!index) {
    if (!numbers) return ds
    const bad = firstNotWhole(c.values)
    throw other('dates', bad < 0 ? 'whole numbers (a step index)' : `numbers, not dates (line ${ds.lines[bad]}: ${c.values[bad]})`, 'dates')
  }
  if (c.kind === 'date' && c.format === 'year') {
    const years = Float64Array.from(c.values, (t) => (t === t ? new Date(t).getUTCFullYear() : NaN))
    return withStepIndexTime({ ...ds, columns: ds.columns.map((x) => (x === c ? { kind: 'numeric', name: c.name, values: years } : x)) }, c.name)
  }
  if (!numbers) throw other('an integer step index (whole numbers)', 'dates', "the step index's whole numbers")
  return withStepIndexTime(ds, c.name)
}

/** `ds` with its column `name`, the time column a model was trained on, read as the model read it:
 *  numbers there are its step index (a file read without --time, where only dates are taken as the
 *  time unless one column alone fits stepIndexCandidate); whole numbers only, else refused naming
 *  the line. Any other dataset as it is. */
export function withStepIndexTime(ds: Dataset, name: string | null): Dataset {
  const at = name === null ? -1 : ds.columns.findIndex((c) => c.name === name)
  const c = ds.columns[at]
  if (c?.kind !== 'numeric') return ds
  const bad = firstNotWhole(c.values)
  if (bad >= 0) throw new PipelineError('no-time-column', `line ${ds.lines[bad]} of ${ds.file}: "${c.name}", the model's time column, holds ${c.values[bad]}, neither a date nor a whole number of its step index`, 'time.column')
  const columns = ds.columns.slice()
  columns[at] = asStepIndex(c)
  return { ...ds, columns, timeColumn: c.name }
}

/** The refusal of a calendar grid (data.resample: one row per day, week, month, …) on the time
 *  column `name` of `ds` where it is a step index: its integers have no calendar to group rows by
 *  (a day bucket would put every row in one). `asked` names the setting as each front end does
 *  (fix('--resample day', 'the Calendar grid (Daily)')); `field` the config field it sets. Nothing
 *  where the column is no step index. */
export function refuseGridOnStepIndex(ds: Dataset, name: string | null | undefined, asked: string | Fix, field: string): void {
  const c = name ? ds.columns.find((x) => x.name === name) : undefined
  if (!isStepIndex(c)) return
  throw new PipelineError('bad-config', words`${asked} asks for one row per calendar period, and the time column "${c!.name}" of ${ds.file} is an integer step index, no date: it has no days, weeks or months to group the rows by; ${fix('leave it out (--resample off)', 'set the Calendar grid to Off')}`, field)
}
