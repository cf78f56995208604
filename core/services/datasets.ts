// A core/data Dataset <-> the run store's typed-array columns. Main and the CLI both save and
// load datasets through these two functions, so a dataset reads back exactly as it was imported.
import type { Column, Dataset } from '../data'
import type { DatasetColumnInput, DatasetInput, Dataset as StoredDataset } from '../store'

interface StoredMeta {
  timeColumn: string | null
  format: Dataset['format']
}

/** `units`: column name -> the unit the user gave it (display only; the store checks them). */
export function toStoredDataset(ds: Dataset, name: string, sourceFile: string | null, units: Record<string, string> = {}): DatasetInput {
  const columns: DatasetColumnInput[] = []
  for (const c of ds.columns) {
    const u = units[c.name] ? { unit: units[c.name]! } : {}
    if (c.kind === 'numeric' || c.kind === 'boolean') columns.push({ name: c.name, kind: c.kind, data: c.values, ...u })
    else if (c.kind === 'date') columns.push({ name: c.name, kind: 'date', data: c.values, meta: { format: c.format, hasTime: c.hasTime }, ...u })
    else if (c.kind === 'categorical') columns.push({ name: c.name, kind: 'categorical', data: c.codes, meta: { levels: c.levels }, ...u })
    // text columns (ids, comments) are not model inputs and are not stored
  }
  const meta: StoredMeta = { timeColumn: ds.timeColumn, format: ds.format }
  return { name, sourceFile, columns, meta }
}

export function fromStoredDataset(s: StoredDataset): Dataset {
  const meta = (s.meta ?? {}) as Partial<StoredMeta>
  const columns = s.columns.map((c): Column => {
    const m = (c.meta ?? {}) as { levels?: string[]; format?: string; hasTime?: boolean }
    switch (c.kind) {
      case 'numeric':
      case 'boolean':
        return { kind: c.kind, name: c.name, values: asF64(c.data) }
      case 'date':
        return { kind: 'date', name: c.name, values: asF64(c.data), format: (m.format ?? 'iso') as 'iso', hasTime: m.hasTime ?? false }
      case 'categorical':
        return { kind: 'categorical', name: c.name, codes: c.data instanceof Int32Array ? c.data : Int32Array.from(c.data), levels: m.levels ?? [] }
      default:
        throw new Error(`dataset ${s.id}: column ${c.name} has unknown kind ${c.kind}`)
    }
  })
  return {
    file: s.sourceFile ?? s.name,
    rowCount: s.rowCount,
    columns,
    lines: Int32Array.from({ length: s.rowCount }, (_, i) => i + 2),
    format: meta.format ?? { delimiter: ',', decimal: null, newline: '\n', bom: false },
    timeColumn: meta.timeColumn ?? null,
    notices: []
  }
}

const asF64 = (a: ArrayLike<number>): Float64Array => (a instanceof Float64Array ? a : Float64Array.from(a))
