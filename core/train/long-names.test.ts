// A long column name (explore24 finding 2): a 307-character header was read by the import, then
// refused by every run ("data.features[0] must be a non-empty string of at most 256 characters"),
// naming neither the column nor the fix. Names up to COLUMN_NAME_MAX now go through; a longer one is
// refused by the import, naming its position and its start, with what to do.
import { describe, expect, it } from 'vitest'
import { ImportError } from '../data/errors'
import { importCsv } from '../data/import'
import { COLUMN_NAME_MAX } from '../data/limits'
import { resolveConfig } from './config'
import { ConfigError } from '../engine/errors'

async function* once(text: string): AsyncGenerator<string> {
  yield text
}
const rows = '2024-01-01,1,2\n2024-01-02,2,3\n2024-01-03,3,5\n'
const long = (n: number) => 'Average daily revenue in euros '.repeat(Math.ceil(n / 31)).slice(0, n - 1) + 'x'

describe('long column names', () => {
  it('a 307-character name is read and taken as a feature, the target or the time column', async () => {
    const name = long(307)
    const ds = await importCsv(once(`date,${name},sales\n${rows}`), { fileName: 'names.csv' })
    expect(ds.columns.map((c) => c.name)).toContain(name)
    const config = resolveConfig({ data: { target: 'sales', features: [name], time: 'date' } })
    expect(config.data.features).toEqual([name])
    expect(resolveConfig({ data: { target: name } }).data.target).toBe(name)
  })

  it('the import refuses a name over the limit, naming its column, its start and what to do', async () => {
    const name = long(COLUMN_NAME_MAX + 1)
    const e = await importCsv(once(`date,${name},sales\n${rows}`), { fileName: 'names.csv' }).then(() => null, (x: unknown) => x as ImportError)
    expect(e).toBeInstanceOf(ImportError)
    expect(e!.code).toBe('long-column-name')
    expect(e!.message).toContain(`names.csv (line 1`)
    expect(e!.message).toContain(`column 2's name is 1,025 characters long ("${name.slice(0, 40)}…"); a column name may have at most 1,024: shorten it in the file's header, or delete the column from the file`)
    // at the limit: read
    await expect(importCsv(once(`date,${long(COLUMN_NAME_MAX)},sales\n${rows}`), { fileName: 'names.csv' })).resolves.toBeTruthy()
  })

  it('a config naming a column over the limit is refused with the name\'s start, never the whole name', () => {
    const name = long(COLUMN_NAME_MAX + 1)
    let e: unknown
    try { resolveConfig({ data: { target: 'sales', features: [name] } }) } catch (x) { e = x }
    expect(e).toBeInstanceOf(ConfigError)
    expect((e as ConfigError).field).toBe('data.features[0]')
    expect((e as ConfigError).message).toBe(`data.features[0] names a column of 1,025 characters ("${name.slice(0, 40)}…"); a column name may have at most 1,024`)
    expect(() => resolveConfig({ data: { target: 'sales', features: [''] } })).toThrow('data.features[0] must be a non-empty column name')
  })
})
