import type { Column } from './types'

// A column's unit ("°C", "ppm", "USD"): display-only text the user gives, kept with the dataset
// and shown on chart axes, metric tables and export headers (issue 18). Checked the same way by the
// store, the IPC contract, the CLI and the Data view, so every front door refuses the same units.

/** Longest unit accepted, in characters. */
export const MAX_UNIT_LENGTH = 16

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/** Why `unit` is not a usable unit of `column`, in words naming the column; null when it is. The
 *  empty string is accepted: it clears the unit. */
export function unitError(column: string, unit: unknown): string | null {
  if (typeof unit !== 'string') return `the unit of column "${column}" must be text`
  if ([...unit].length > MAX_UNIT_LENGTH) return `the unit of column "${column}" is ${[...unit].length} characters long; at most ${MAX_UNIT_LENGTH} are allowed`
  if (CONTROL.test(unit)) return `the unit of column "${column}" contains a control character (a tab, a line break or similar)`
  if (unit !== unit.trim()) return `the unit of column "${column}" starts or ends with a space`
  return null
}

/** " (ppm)" after a label, or nothing when there is no unit. */
export function withUnit(label: string, unit: string | null | undefined): string {
  return unit ? `${label} (${unit})` : label
}

/** The unit of a metric's values: the target's for errors measured as distances (MAE and RMSE,
 *  at any step, e.g. 'rmse@3'); null for relative or unitless ones (MAPE, MASE, R², skill). */
export function metricUnit(metric: string, unit: string | null | undefined): string | null {
  const base = metric.split('@')[0]!.toLowerCase()
  return unit && (base === 'mae' || base === 'rmse') ? unit : null
}

/** A number with a currency sign before or after it, or a per cent sign after it, as spreadsheets
 *  write formatted cells into a CSV ("$1,234.50", "-€12", "(£5.00)", "1.234,50 €", "12.5 %"). */
const UNIT_NUMBER = /^\s*(?:[-+(]?\s*[$€£¥₹]\s*[-+]?[\d.,]*\d[\d.,]*\s*\)?|[-+]?[\d.,]*\d[\d.,]*\s*[%$€£¥₹])\s*$/

/**
 * When a categorical column's values are numbers written with a unit sign (at least 90 % of its
 * first 200 levels), the first such value and the sign; null otherwise. The import reads such
 * numbers without their sign (values.ts splitUnit), so a column holding them is categorical only
 * when it was set so, or when its numbers are in a form no decimal style reads: the Data view and a
 * refused regression target say why.
 */
export function unitNumberExample(levels: readonly string[]): { value: string; sign: 'per cent' | 'currency' } | null {
  const first = levels.slice(0, 200)
  const hits = first.filter((l) => UNIT_NUMBER.test(l))
  if (hits.length === 0 || hits.length < 0.9 * first.length) return null
  return { value: hits[0]!, sign: hits[0]!.includes('%') ? 'per cent' : 'currency' }
}

/** The units the import read off the values ("%", "$": NumericColumn.unit), by column: where a
 *  column's unit starts before the user gives another. */
export function readUnits(columns: readonly Column[]): Record<string, string> {
  return Object.fromEntries(columns.flatMap((c) => (c.kind === 'numeric' && c.unit ? [[c.name, c.unit]] : [])))
}
