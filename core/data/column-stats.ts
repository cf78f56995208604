// A column's range, mean and missing count, over its values (numeric, boolean, date) or its codes
// (categorical: the missing count only): what the Data view's table and fw inspect show.

import type { Column } from './types'

export interface ColumnStats {
  min: number | null
  max: number | null
  mean: number | null
  missing: number
}

export function columnStatsOf(c: Column): ColumnStats {
  if (c.kind === 'text') return { min: null, max: null, mean: null, missing: 0 }
  // indexed loops: for-of over a typed array of a million rows took 4x as long in V8
  if (c.kind === 'categorical') {
    const codes = c.codes
    let missing = 0
    for (let i = 0; i < codes.length; i++) if (codes[i]! < 0) missing++
    return { min: null, max: null, mean: null, missing }
  }
  const values = c.values
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v !== v) continue
    if (v < min) min = v
    if (v > max) max = v
    sum += v
    n++
  }
  return n === 0 ? { min: null, max: null, mean: null, missing: c.values.length } : { min, max, mean: sum / n, missing: c.values.length - n }
}
