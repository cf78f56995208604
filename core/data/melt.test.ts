// Wide to long (issue 13, item 2): the melted file has the layout of a long file, the series id is
// declared, and one series of it equals the wide column it came from, through prepareSeries too.
import { describe, expect, it } from 'vitest'
import { importCsv } from './import'
import { pipelineError } from './testing'
import { meltWide } from './melt'
import { prepareSeries } from './series'
import { detectSeriesId } from './series-id'
import type { CategoricalColumn, Dataset, NumericColumn } from './types'

const wide = 'date,north,south,holiday,region\n2020-01-01,1,10,0,x\n2020-01-02,2,,1,y\n2020-01-03,3,30,0,x\n'
const load = () => importCsv(wide, { fileName: 'wide.csv' })
const col = <T>(ds: Dataset, name: string) => ds.columns.find((c) => c.name === name) as T

describe('meltWide', () => {
  it('stacks the chosen columns series after series, repeating the others, with a notice and the id declared', async () => {
    const long = meltWide(await load(), { columns: ['north', 'south'] })
    expect(long.rowCount).toBe(6)
    expect(long.columns.map((c) => c.name)).toEqual(['date', 'holiday', 'region', 'series', 'value'])
    const s = col<CategoricalColumn>(long, 'series')
    expect(Array.from(s.codes, (k) => s.levels[k])).toEqual(['north', 'north', 'north', 'south', 'south', 'south'])
    expect(Array.from(col<NumericColumn>(long, 'value').values)).toEqual([1, 2, 3, 10, NaN, 30])
    expect(Array.from(col<NumericColumn>(long, 'holiday').values)).toEqual([0, 1, 0, 0, 1, 0])
    const r = col<CategoricalColumn>(long, 'region')
    expect(Array.from(r.codes, (k) => r.levels[k])).toEqual(['x', 'y', 'x', 'x', 'y', 'x'])
    expect(Array.from(long.lines)).toEqual([2, 3, 4, 2, 3, 4])
    expect(long.series).toEqual({ columns: ['series'], count: 2, declared: true })
    expect(long.notices.at(-1)).toEqual({ code: 'melted', column: 'series', message: '2 columns (north and south) taken as separate series: 6 rows of "series" and "value"' })
  })

  it('gives the layout series detection finds in a long file, and one series is the wide column again', async () => {
    const long = meltWide(await load(), { columns: ['north', 'south'], seriesColumn: 'sector', valueColumn: 'sales' })
    const d = detectSeriesId(long)
    expect(d.candidate).toEqual({ columns: ['sector'], count: 2 })
    expect(d.strong).toBe(true)
    const { dataset } = prepareSeries(long, { column: 'date', duplicates: 'mean', resample: null, series: { columns: ['sector'], values: ['south'] } })
    expect(Array.from(col<NumericColumn>(dataset, 'sales').values)).toEqual([10, NaN, 30])
    expect(dataset.notices.find((n) => n.code === 'series')?.message).toBe('series sector = south: 3 of 6 rows')
  })

  it('refuses, naming the field: no columns, an unknown or non-numeric column, a name taken, a column twice', async () => {
    const ds = await load()
    expect(pipelineError(() => meltWide(ds, { columns: [] })).message).toBe('melt.columns: names no column to treat as a series')
    expect(pipelineError(() => meltWide(ds, { columns: ['west'] })).message).toBe('melt.columns: no column "west" in wide.csv; its columns: date, north, south, holiday, region')
    expect(pipelineError(() => meltWide(ds, { columns: ['north', 'region'] })).message).toBe('melt.columns: column "region" of wide.csv is categorical; only numeric columns can be melted into one value column')
    expect(pipelineError(() => meltWide(ds, { columns: ['north'], seriesColumn: 'region' })).message).toBe('melt.seriesColumn: "region" is already a column of wide.csv; choose another name')
    expect(pipelineError(() => meltWide(ds, { columns: ['north', 'north'] })).message).toBe('melt.columns: names a column twice (north, north)')
    expect(pipelineError(() => meltWide(ds, { columns: ['north'], seriesColumn: 'v', valueColumn: 'v' })).message).toBe('melt.valueColumn: must differ from the series column name "v"')
  })

  it('leaves the wide dataset unchanged', async () => {
    const ds = await load()
    const before = Array.from(col<NumericColumn>(ds, 'north').values)
    meltWide(ds, { columns: ['north', 'south'] })
    expect(ds.rowCount).toBe(3)
    expect(Array.from(col<NumericColumn>(ds, 'north').values)).toEqual(before)
  })
})
