// Wide to long (issue 13, item 2): "treat these numeric columns as separate series". A wide file
// (date, north, south, east: one column per series) becomes the long layout of many-series files
// (date, series, value: one row per series per time), the same layout a long file has, so one
// path (series-id.ts, and later the global model) serves both.

import { andList } from './words'
import { PipelineError } from './errors'
import { noColumns } from './pipeline'
import type { Column, Dataset } from './types'

export interface MeltOptions {
  /** The numeric columns that are series (at least one). */
  columns: string[]
  /** Name of the new series-id column (default 'series'). */
  seriesColumn?: string
  /** Name of the new value column (default 'value'). */
  valueColumn?: string
}

/**
 * The long form of `ds`: for each melted column in the order given, all rows of the file (series
 * after series), with the other columns (the time, covariates) repeated, a categorical series id
 * whose levels are the melted columns' names, and their values in one numeric column. Missing values
 * stay missing. `series` is set to the new id (declared), with a notice.
 */
export function meltWide(ds: Dataset, opts: MeltOptions): Dataset {
  const seriesName = opts.seriesColumn ?? 'series'
  const valueName = opts.valueColumn ?? 'value'
  const bad = (field: string, what: string): never => {
    throw new PipelineError('bad-config', what, field)
  }
  if (!Array.isArray(opts.columns) || opts.columns.length === 0) bad('melt.columns', 'names no column to treat as a series')
  if (new Set(opts.columns).size !== opts.columns.length) bad('melt.columns', `names a column twice (${opts.columns.join(', ')})`)
  if (seriesName === valueName) bad('melt.valueColumn', `must differ from the series column name "${seriesName}"`)
  // every column the file lacks, at once, each with its nearest column
  const lacked = opts.columns.filter((name) => !ds.columns.some((x) => x.name === name))
  if (lacked.length) throw noColumns(ds, lacked, 'melt.columns')
  const melted = opts.columns.map((name) => {
    const c = ds.columns.find((x) => x.name === name)!
    if (c.kind !== 'numeric') bad('melt.columns', `column "${name}" of ${ds.file} is ${c.kind}; only numeric columns can be melted into one value column`)
    return c as Extract<Column, { kind: 'numeric' }>
  })
  const kept = ds.columns.filter((c) => !opts.columns.includes(c.name))
  for (const name of [seriesName, valueName])
    if (kept.some((c) => c.name === name)) bad(name === seriesName ? 'melt.seriesColumn' : 'melt.valueColumn', `"${name}" is already a column of ${ds.file}; choose another name`)

  const N = ds.rowCount
  const K = melted.length
  const repeat = <T extends Float64Array | Int32Array>(src: T, make: (n: number) => T): T => {
    const out = make(N * K) // (K * N) series-major
    for (let k = 0; k < K; k++) out.set(src, k * N)
    return out
  }
  const columns: Column[] = kept.map((c): Column => {
    switch (c.kind) {
      case 'numeric':
      case 'boolean':
        return { ...c, values: repeat(c.values, (n) => new Float64Array(n)) }
      case 'date':
        return { ...c, values: repeat(c.values, (n) => new Float64Array(n)), ...(c.rowOffsets ? { rowOffsets: repeat(c.rowOffsets, (n) => new Float64Array(n)) } : {}) }
      case 'categorical':
        return { ...c, codes: repeat(c.codes, (n) => new Int32Array(n)) }
      case 'text':
        return c
    }
  })
  const codes = new Int32Array(N * K) // (K * N) series k on rows [k N, (k + 1) N)
  const values = new Float64Array(N * K) // (K * N)
  melted.forEach((c, k) => {
    codes.fill(k, k * N, (k + 1) * N)
    values.set(c.values, k * N)
  })
  columns.push({ kind: 'categorical', name: seriesName, codes, levels: [...opts.columns] })
  // the values keep the unit sign their columns were written with, when they share one
  const signs = new Set(melted.map((c) => c.unit ?? ''))
  const unit = signs.size === 1 ? [...signs][0]! : ''
  columns.push({ kind: 'numeric', name: valueName, values, ...(unit ? { unit } : {}) })
  const lines = repeat(ds.lines, (n) => new Int32Array(n))
  return {
    ...ds,
    rowCount: N * K,
    columns,
    lines,
    series: { columns: [seriesName], count: K, declared: true },
    notices: [
      ...ds.notices,
      { code: 'melted', column: seriesName, message: `${K} columns (${andList(opts.columns)}) taken as separate series: ${N * K} rows of "${seriesName}" and "${valueName}"` }
    ]
  }
}
