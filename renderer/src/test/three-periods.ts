// A long file of three daily series spanning different periods, no offsets: store a for three years
// from 2022-01-01, store b for two and a half, store c from 2024-01-01 on, two years after the
// others start. A global run's cuts 'auto' split each series on its own rows where the same dates
// for all would skip store c (core/data/global prepareGlobal), as shares of the pooled times do.
import { importCsv } from '../../../core/data/import'
import type { Dataset } from '../../../core/data/types'

const day = (i: number) => new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)

export function threePeriods(): Promise<Dataset> {
  const rows = ['store,time,y']
  const at = (id: string, from: number, n: number) => {
    for (let d = from; d < from + n; d++) rows.push(`${id},${day(d)},${(10 + (d % 7) + 0.01 * d).toFixed(2)}`)
  }
  at('a', 0, 1096)
  at('b', 0, 912)
  at('c', 730, 366)
  return importCsv(rows.join('\n') + '\n', { fileName: 'periods.csv', series: ['store'] })
}
