// Columns as they cross the process boundary (typed arrays + names) and back into the data
// pipeline's Dataset. Only model-relevant columns travel; text columns stay in main.
import type { Column, Dataset } from '../data'
import type { ColumnPayload } from './trainer-protocol'

export function datasetToColumns(ds: Dataset): ColumnPayload[] {
  const out: ColumnPayload[] = []
  for (const c of ds.columns) {
    if (c.kind === 'numeric' || c.kind === 'boolean') out.push({ name: c.name, kind: c.kind, data: c.values })
    else if (c.kind === 'date') out.push({ name: c.name, kind: 'datetime', data: c.values, ...(c.format === 'step' ? { step: true } : {}) })
    else if (c.kind === 'categorical') out.push({ name: c.name, kind: 'categorical', data: c.codes, levels: [...c.levels] })
  }
  return out
}

export function columnsToDataset(cols: ColumnPayload[], timeColumn?: string | null, file = 'dataset'): Dataset {
  const N = cols.length ? cols[0]!.data.length : 0
  const columns: Column[] = cols.map((c): Column => {
    if (c.data.length !== N) throw new Error(`column ${c.name} has ${c.data.length} rows, expected ${N}`)
    switch (c.kind) {
      case 'numeric':
      case 'boolean':
        return { kind: c.kind, name: c.name, values: toF64(c.data) }
      case 'datetime':
        return c.step ? { kind: 'date', name: c.name, values: toF64(c.data), format: 'step', hasTime: false } : { kind: 'date', name: c.name, values: toF64(c.data), format: 'epoch-ms', hasTime: true }
      case 'categorical':
        return { kind: 'categorical', name: c.name, codes: c.data instanceof Int32Array ? c.data : Int32Array.from(c.data), levels: c.levels ?? [] }
    }
  })
  const time = timeColumn !== undefined ? timeColumn : (columns.find((c) => c.kind === 'date')?.name ?? null)
  return {
    file,
    rowCount: N,
    columns,
    lines: Int32Array.from({ length: N }, (_, i) => i + 2),
    format: { delimiter: ',', decimal: null, newline: '\n', bom: false },
    timeColumn: time,
    notices: []
  }
}

const toF64 = (a: Float64Array | Int32Array): Float64Array => (a instanceof Float64Array ? a : Float64Array.from(a))
