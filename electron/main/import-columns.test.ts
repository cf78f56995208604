// Every typed column the import reads reaches the app's store as it was read: a yes/no column keeps
// the file's own words (BooleanColumn.words) and a column of numbers written with a sign keeps it
// (NumericColumn.unit), as the renderer sends them to saveDataset and to Apply model unstored; and
// the dataset the app stores is the one fw train stores of the same file.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toStoredDataset } from '../../core/services/datasets'
import { readUnits } from '../../core/data/units'
import { importCsv } from '../../core/data'
import { testWorkbench } from './testing'

const { store, dir, ok, d: api } = testWorkbench('fw-import-columns-')

const text = `day,sales,promo\n${Array.from({ length: 12 }, (_, i) => `2021-01-${String(i + 1).padStart(2, '0')},${10 + i} %,${i % 3 ? 'N' : 'Y'}`).join('\n')}\n`

describe('the app stores the columns the import reads', () => {
  it("a yes/no column with the file's words and numbers written with a sign: stored, read back, and fw's dataset reused", async () => {
    const ds = await importCsv(text, { fileName: 'promo.csv' })
    const promo = ds.columns.find((c) => c.name === 'promo')
    const sales = ds.columns.find((c) => c.name === 'sales')
    expect(promo).toMatchObject({ kind: 'boolean', words: ['N', 'Y'] })
    expect(sales).toMatchObject({ kind: 'numeric', unit: '%' })
    // as the renderer sends them (renderer/src/stores/dataset.ts typedColumns, save)
    const columns = ds.columns.filter((c) => c.kind !== 'text')
    const units = readUnits(ds.columns)
    const { datasetId, reused } = await ok<{ datasetId: number; reused: boolean }>('saveDataset', { name: 'promo.csv', sourceFile: null, columns, units, timeColumn: ds.timeColumn })
    expect(reused).toBe(false)
    const back = await ok<{ columns: unknown[] }>('getDataset', { datasetId })
    expect(back.columns.find((c) => (c as { name: string }).name === 'promo')).toMatchObject({ kind: 'boolean', words: ['N', 'Y'] })
    // fw train of the same file is the dataset the app stored
    expect(store.datasets.saveOrReuse(toStoredDataset(ds, 'promo.csv', join(dir, 'promo.csv'), units))).toEqual({ id: datasetId, reused: true })
    // Apply model takes the same columns without storing them: refused for a bad model file, not for the columns
    const r = await api.dispatch('predictWithModel', { dataset: { name: 'promo.csv', columns }, fileName: 'm.json', bytes: new TextEncoder().encode('{}') })
    expect(r.ok ? null : r.error.code).not.toBe('invalid-payload')
  })
})
