// A column that counts the rows: whole numbers that go up (or down) by the same step on every row,
// 0, 1, 2, … or 10, 20, 30, …. It says only where a row is. As an input, its values after the
// training rows all lie outside the range of its training values (a network reads them as nothing
// it has seen). So it is never a default feature; as the time column (--time, or named like a time:
// ./step-index) it is an integer step index.

/** How a counting column goes: its first value, its step, its last, its rows. */
export interface Counting {
  first: number
  step: number
  last: number
  rows: number
}

/** `values` as a count of the rows (Counting), or null: at least 3 rows, none missing, whole
 *  numbers, the same non-zero step between every two rows. */
export function countingOf(values: ArrayLike<number>): Counting | null {
  const n = values.length
  if (n < 3) return null
  const first = values[0]!
  const step = values[1]! - first
  if (!Number.isInteger(first) || !Number.isInteger(step) || step === 0) return null
  for (let i = 1; i < n; i++) if (values[i]! - values[i - 1]! !== step || !Number.isInteger(values[i]!)) return null
  return { first, step, last: values[n - 1]!, rows: n }
}

/** "0, 1, 2, …, 299" (every value of 4 rows or fewer). */
export function countingValues(c: Counting): string {
  const shown = Array.from({ length: Math.min(c.rows, 3) }, (_, i) => c.first + i * c.step)
  return c.rows <= 4 ? [...shown, ...(c.rows === 4 ? [c.last] : [])].join(', ') : `${shown.join(', ')}, …, ${c.last}`
}

/** "it counts the rows", "… in steps of 5" where the step is not 1. */
export function countsTheRows(c: Counting): string {
  return `it counts the rows${Math.abs(c.step) === 1 ? '' : ` in steps of ${Math.abs(c.step)}`}`
}
