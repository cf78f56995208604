// A step index crossing to the trainer: before, every date column arrived as epoch ms ('epoch-ms'),
// so the trainer read t = 1..N as instants (calendar 'auto' gave hour and day of week, an order
// check was skipped). The payload now says which datetime column is a step index.
import { describe, expect, it } from 'vitest'
import { columnsToDataset, datasetToColumns } from './trainer-columns'
import type { Dataset } from '../data'

describe('trainer columns', () => {
  it('keep a step index a step index, and dates dates', () => {
    const ds = {
      file: 'f.csv', rowCount: 3, lines: Int32Array.from([2, 3, 4]), notices: [], timeColumn: 't',
      format: { delimiter: ',', decimal: null, newline: '\n', bom: false },
      columns: [
        { kind: 'date', name: 't', values: Float64Array.from([1, 2, 3]), format: 'step', hasTime: false },
        { kind: 'date', name: 'd', values: Float64Array.from([0, 864e5, 2 * 864e5]), format: 'iso', hasTime: false },
        { kind: 'numeric', name: 'y', values: Float64Array.from([1, 2, 3]) }
      ]
    } as Dataset
    const cols = datasetToColumns(ds)
    expect(cols.map((c) => c.step ?? false)).toEqual([true, false, false])
    const back = columnsToDataset(cols, 't')
    expect(back.columns.map((c) => (c.kind === 'date' ? c.format : c.kind))).toEqual(['step', 'epoch-ms', 'numeric'])
  })
})
