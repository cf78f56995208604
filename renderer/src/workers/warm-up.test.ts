// The warm-up rows exercise the readers a real file needs: the time column is found, the numbers
// read as numbers (with missing cells and exponents), and the site is categorical. A warm-up that
// read as text would leave the number and date readers cold.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../../../core/data/import'
import { warmUpCsv } from './warm-up'

describe('warmUpCsv', () => {
  it('imports as a dated file of numeric columns with gaps and a categorical one', async () => {
    const ds = await importCsv(warmUpCsv(3000), { fileName: 'warm-up.csv' })
    expect(ds.rowCount).toBe(3000)
    expect(ds.timeColumn).toBe('time')
    const kind = Object.fromEntries(ds.columns.map((c) => [c.name, c.kind]))
    expect(kind).toMatchObject({ level: 'numeric', count: 'numeric', share: 'numeric', change: 'numeric', note: 'numeric', site: 'categorical' })
    const share = ds.columns.find((c) => c.name === 'share')!
    const change = ds.columns.find((c) => c.name === 'change')!
    expect('values' in share && share.values.some((v) => Number.isNaN(v))).toBe(true)
    expect('values' in change && change.values.some((v) => Number.isNaN(v))).toBe(true)
    expect(warmUpCsv(3000)).toBe(warmUpCsv(3000)) // the same rows every time
  })
})
