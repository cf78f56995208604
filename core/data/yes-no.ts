// A column of 0s and 1s (blanks aside) as a yes/no class: read so where a boolean is asked for (a
// classification target without a rule, a model's boolean input or yes/no target), and said.
// Elsewhere it stays numbers, as a regression or a rule ("rain > 0") reads it.
import type { BooleanColumn, Column, Dataset, Notice } from './types'
import { ZERO_ONE } from './values'
import { fix, words } from './words'

/** Whether `c` holds numbers that are all 0 or 1, both of them: a yes/no class. A column of 0s
 *  alone (or 1s alone) is a constant, not a class, and is said as one elsewhere. */
export function isZeroOne(c: Column): c is Column & { kind: 'numeric' } {
  return zeroOneSeen(c) === 3
}

/** Whether `c` holds numbers that are all 0 or 1, at least one of them: what a column the model
 *  already reads as yes/no (its boolean input, its yes/no target) may hold in new rows, where a
 *  few rows may well hold one class alone. */
export function onlyZeroOne(c: Column): c is Column & { kind: 'numeric' } {
  return zeroOneSeen(c) > 0
}

/** Of a numeric column of 0s and 1s (blanks aside): 1 where a 0 is seen, 2 where a 1 is, both
 *  added; 0 for anything else or nothing. */
function zeroOneSeen(c: Column): number {
  if (c.kind !== 'numeric') return 0
  let seen = 0
  for (const v of c.values) {
    if (v !== v) continue
    if (v !== 0 && v !== 1) return 0
    seen |= v === 0 ? 1 : 2
  }
  return seen
}

/** Whether a classification without a rule reads `c` as two classes, no and yes: a boolean column,
 *  or numbers all 0 or 1, both of them (isZeroOne, as zeroOneAsYesNo reads a rule-less target), as
 *  fw train --task classification does; Setup proposes no rule for it, so that the app trains the
 *  CLI's model (a rule "fraud > 0" reads the target's history as a scaled number instead). */
export function readsAsYesNo(c: Column | undefined): boolean {
  return c !== undefined && (c.kind === 'boolean' || isZeroOne(c))
}

/** The note said where a 0/1 column is read as a yes/no class. */
export function zeroOneNotice(column: string): Notice {
  return { code: 'zero-one', column, message: `"${column}" holds only 0 and 1: read as no/yes` }
}

/** `ds` with each column of `names` that holds only 0 and 1 (both: isZeroOne; `known`, columns a
 *  model already reads as yes/no: either, onlyZeroOne) read as a yes/no (boolean) column, 0 as no
 *  and 1 as yes, each said in a notice; `ds` itself where none does. */
export function zeroOneAsYesNo(ds: Dataset, names: readonly string[], known = false): Dataset {
  const turned = ds.columns.filter((c) => names.includes(c.name) && (known ? onlyZeroOne(c) : isZeroOne(c))).map((c) => c.name)
  if (!turned.length) return ds
  // its words are the file's: 0 and 1 (a forecast file names its class "rain = 1")
  const columns = ds.columns.map((c): Column => (turned.includes(c.name) ? ({ kind: 'boolean', name: c.name, values: (c as BooleanColumn).values, words: ZERO_ONE } satisfies BooleanColumn) : c))
  return { ...ds, columns, notices: [...ds.notices, ...turned.map(zeroOneNotice)] }
}

/** The file's own words for no and yes of a yes/no column (BooleanColumn.words): what forecast files
 *  write a yes/no target's actual in and name its probability by ('P(rain = yes)'); '0', '1' for a
 *  column of 0s and 1s (stored so, or read as no/yes), whose actual stays the numbers 0 and 1;
 *  undefined for a boolean column stored before its words were kept and for any other column. */
export function yesNoWords(ds: Dataset, column: string): readonly [string, string] | undefined {
  const c = ds.columns.find((c) => c.name === column)
  return c?.kind === 'boolean' ? c.words : c && onlyZeroOne(c) ? ZERO_ONE : undefined
}

/** Whether `words` are 0 and 1: the actual is written as the numbers, not as text. */
export const zeroOneWords = (words: readonly [string, string]): boolean => words[0] === ZERO_ONE[0] && words[1] === ZERO_ONE[1]

/** The hint where a 0/1 target is run as a regression, in both front ends' words. */
export function zeroOneRegressionNote(column: string): Notice {
  return { code: 'zero-one-regression', column, ...words`"${column}" holds only 0 and 1: a regression forecasts numbers between them; to predict no/yes, ${fix('train with --task classification', 'choose Classification as the Task in Setup')}` }
}
