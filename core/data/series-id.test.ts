// Many series in one long file (issue 13, item 1, import side): the series id is proposed when
// timestamps repeat, training on all rows is refused instead of averaging different series, one
// series is picked by its id, and duplicates within one series are merged only with a notice.
import { beforeAll, describe, expect, it } from 'vitest'
import { importCsv } from './import'
import { pipelineError } from './testing'
import { prepareSeries, type TimeConfig } from './series'
import { detectSeriesId, filterSeries } from './series-id'
import type { Dataset, NumericColumn } from './types'

const load = (text: string, opts: { series?: string[]; maxLevels?: number } = {}) => importCsv(text, { fileName: 'long.csv', ...opts })
const cfg = (p: Partial<TimeConfig> = {}): TimeConfig => ({ column: 'date', duplicates: 'mean', resample: null, ...p })
const num = (ds: Dataset, name: string) => Array.from((ds.columns.find((c) => c.name === name) as NumericColumn).values)

// five tickers, one row per ticker per month, dates as analysts write them
const TICKERS = ['AAPL', 'MSFT', 'IBM', 'AMZN', 'GOOG']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const long = 'symbol,date,price\n' + TICKERS.flatMap((s, k) => MONTHS.map((m, i) => `${s},${m} 1 2000,${100 * (k + 1) + i}`)).join('\n') + '\n'

describe('detecting the series id', () => {
  it('proposes the column that gives one row per time in each group, with a notice naming it and the count', async () => {
    const ds = await load(long)
    expect(ds.timeColumn).toBe('date')
    expect(ds.series).toEqual({ columns: ['symbol'], count: 5, declared: false })
    expect(ds.notices.find((n) => n.code === 'series-id')?.message).toBe(
      'timestamps repeat (48 of 60 rows share a time with another row): column "symbol" splits them into 5 series with one row per time each, proposed as the series id. Pick one series to train on (--series symbol --series-value VALUE), or train one model across them all (--series symbol --global)'
    )
    expect(ds.notices.find((n) => n.code === 'series-id')?.app).toMatch(/Pick one series to train on \(the series picker in Data\), or train one model across them all \(choose "One model across all series" in Setup\)$/)
  })

  it('finds a pair of columns when neither alone splits the rows (store and item)', async () => {
    const rows = ['store,item,date,sales']
    for (const s of ['s1', 's2']) for (const it of ['a', 'b']) for (let d = 1; d <= 9; d++) rows.push(`${s},${it},2020-01-0${d},${d}`)
    const ds = await load(rows.join('\n') + '\n')
    expect(ds.series).toEqual({ columns: ['store', 'item'], count: 4, declared: false })
    expect(ds.notices.find((n) => n.code === 'series-id')?.message).toContain('columns "store" and "item" split them into 4 series')
  })

  it('takes whole-number ids (store 1, 2, 3) when no category splits the rows', async () => {
    const rows = ['store,date,sales']
    for (const s of [1, 2, 3]) for (let d = 1; d <= 9; d++) rows.push(`${s},2020-01-0${d},${d * s}`)
    expect((await load(rows.join('\n') + '\n')).series).toEqual({ columns: ['store'], count: 3, declared: false })
  })

  it('proposes nothing for unique timestamps, and costs one pass', async () => {
    const ds = await load('date,v,sky\n2020-01-01,1,sun\n2020-01-02,2,rain\n2020-01-03,3,sun\n')
    expect(ds.series).toBeNull()
    expect(detectSeriesId(ds)).toEqual({ duplicateRows: 0, candidate: null, strong: false, unchecked: [] })
  })

  it('does not take a column that splits a few chance duplicates for a series id', async () => {
    const rows = ['date,v,sky']
    for (let d = 0; d < 60; d++) rows.push(`${new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10)},${d},${['sun', 'rain', 'fog'][d % 3]}`)
    rows.push('2020-01-05,99,fog') // one duplicate, split by sky by chance
    const ds = await load(rows.join('\n') + '\n')
    const d = detectSeriesId(ds)
    expect(d.candidate?.columns).toEqual(['sky'])
    expect(d.strong).toBe(false)
    expect(ds.series).toBeNull()
    // training goes on (merged within the one series) and the notice says what would split them
    const { dataset } = prepareSeries(ds, cfg())
    expect(dataset.notices.find((n) => n.code === 'duplicates')?.message).toBe(
      '1 row merged: they repeat an earlier timestamp (first at line 62, 2020-01-05); 61 rows aggregated by mean into 60 ("sky" takes the last value of each time); "sky" would split them into 3 series: if that names series, pick one (--series sky --series-value VALUE)'
    )
  })

  it('an id column with thousands of levels: a notice, not a crash; declared, it is read and counted', async () => {
    const rows = ['sku,date,units']
    for (let s = 0; s < 3000; s++) for (let d = 1; d <= 3; d++) rows.push(`sku${s},2020-01-0${d},${(s + d) % 17}`)
    const text = rows.join('\n') + '\n'
    const ds = await load(text)
    expect(ds.columns[0]!.kind).toBe('text')
    expect(ds.series).toBeNull()
    expect(ds.notices.find((n) => n.code === 'series-unchecked')?.message).toBe(
      'timestamps repeat (8997 rows) and "sku" has too many distinct values to check as a series id; if it names the series, declare it (--series sku)'
    )
    const declared = await load(text, { series: ['sku'] })
    expect(declared.columns[0]!.kind).toBe('categorical')
    expect(declared.series).toEqual({ columns: ['sku'], count: 3000, declared: true })
    expect(declared.notices.find((n) => n.code === 'series-declared')?.message).toBe('series id: "sku", 3000 series')
    // with maxLevels raised it is detected too, and the refusal names the count
    const many = await load(text, { maxLevels: 5000 })
    expect(many.series).toEqual({ columns: ['sku'], count: 3000, declared: false })
    expect(pipelineError(() => prepareSeries(many, cfg())).message).toContain('"sku" splits the rows into 3000 series')
  })
})

describe('never merging series silently', () => {
  it('refuses training on all rows of a long file, naming the id column, its count and how to pick one', async () => {
    const ds = await load(long)
    for (const duplicates of ['mean', 'keep', 'sum', 'error'] as const) {
      const e = pipelineError(() => prepareSeries(ds, cfg({ duplicates })))
      expect(e.code).toBe('mixed-series')
      expect(e.message).toBe(
        'time.series: long.csv: timestamps repeat (48 rows) and "symbol" splits the rows into 5 series; trained as one series they would be mixed (duplicate times averaged across series). Pick one series (--series symbol --series-value VALUE); or train one model across every series (--series symbol --global); if the rows are one series measured several times, --series none merges them'
      )
      expect(e.app).toBe(
        'time.series: long.csv: timestamps repeat (48 rows) and "symbol" splits the rows into 5 series; trained as one series they would be mixed (duplicate times averaged across series). Pick one series (the series picker in Data); or train one model across every series (choose "One model across all series" in Setup)'
      )
    }
  })

  it('merges the rows as one series, with the notice, when told they are one (columns [])', async () => {
    const { dataset } = prepareSeries(await load(long), cfg({ series: { columns: [], values: [] } }))
    expect(dataset.rowCount).toBe(12)
    expect(dataset.notices.find((n) => n.code === 'duplicates')?.message).toBe(
      '48 rows merged: they repeat an earlier timestamp (first at line 14, 2000-01-01); 60 rows aggregated by mean into 12 ("symbol" takes the last value of each time)'
    )
  })

  it('refuses a declared id without a chosen series', async () => {
    const e = pipelineError(() => prepareSeries(ds5, cfg({ series: { columns: ['symbol'], values: null } })))
    expect(e.code).toBe('mixed-series')
    expect(e.message).toContain('long.csv: "symbol" is the series id; it makes 5 series')
  })
  let ds5: Dataset
  beforeAll(async () => void (ds5 = await load(long)))

  it('names an id of three columns as a list: "a", "b" and "c", not "a" and "b" and "c"', async () => {
    const text = 'date,region,store,item,y\n' + ['2020-01-01', '2020-01-02'].flatMap((d) => ['n,1,x', 's,1,x', 'n,2,y'].map((k, i) => `${d},${k},${i}`)).join('\n') + '\n'
    const ds = await load(text, { series: ['region', 'store', 'item'] })
    expect(ds.notices.find((n) => n.code === 'series-declared')?.message).toBe('series id: "region", "store" and "item", 3 series')
    const e = pipelineError(() => prepareSeries(ds, cfg({ series: { columns: ['region', 'store', 'item'], values: null } })))
    expect(e.message).toContain('long.csv: "region", "store" and "item" is the series id; it makes 3 series')
  })

  it('keeps one series: its rows in time order, with a notice', async () => {
    const ds = await load(long)
    const { dataset } = prepareSeries(ds, cfg({ series: { columns: ['symbol'], values: ['IBM'] } }))
    expect(dataset.rowCount).toBe(12)
    expect(num(dataset, 'price')).toEqual(MONTHS.map((_, i) => 300 + i))
    expect(dataset.notices.find((n) => n.code === 'series')?.message).toBe('series symbol = IBM: 12 of 60 rows')
    expect(dataset.notices.some((n) => n.code === 'duplicates')).toBe(false)
  })

  it('merges duplicates within the chosen series only with a notice naming how many rows were merged', async () => {
    const text = long + 'IBM,Mar 1 2000,999\nIBM,Mar 1 2000,1001\n'
    const { dataset } = prepareSeries(await load(text), cfg({ series: { columns: ['symbol'], values: ['IBM'] } }))
    expect(dataset.rowCount).toBe(12)
    expect(num(dataset, 'price')[2]).toBeCloseTo((302 + 999 + 1001) / 3, 10)
    expect(dataset.notices.find((n) => n.code === 'duplicates')?.message).toBe(
      '2 rows merged: they repeat an earlier timestamp (first at line 62, 2000-03-01); 14 rows aggregated by mean into 12 ("symbol" takes the last value of each time)'
    )
  })

  it('names an unknown series value with the column\'s values, and a missing column', async () => {
    const ds = await load(long)
    const e = pipelineError(() => prepareSeries(ds, cfg({ series: { columns: ['symbol'], values: ['TSLA'] } })))
    expect(e.code).toBe('unknown-series')
    expect(e.message).toBe('time.series.values: column "symbol" has no series "TSLA"; its values: AAPL, MSFT, IBM, AMZN, GOOG')
    expect(pipelineError(() => filterSeries(ds, ['ticker'], ['IBM'])).message).toContain('the series column "ticker" is not in long.csv')
  })

  it('gives each value of a categorical id exactly the rows that hold it, in file order, rows interleaved', async () => {
    const ids = ['b', 'a', 'c', 'a', 'b', 'b', 'c', 'a', 'a', 'c', 'b']
    const ds = await load(['ticker,v', ...ids.map((t, i) => `${t},${i}`)].join('\n') + '\n')
    expect(ds.columns.find((c) => c.name === 'ticker')!.kind).toBe('categorical')
    for (const want of ['a', 'b', 'c']) expect(Array.from(filterSeries(ds, ['ticker'], [want]).rows)).toEqual(ids.flatMap((t, i) => (t === want ? [i] : [])))
    expect(pipelineError(() => filterSeries(ds, ['ticker'], ['d'])).message).toBe('time.series.values: column "ticker" has no series "d"; its values: b, a, c')
  })

  it('filters on two columns and on whole-number ids', async () => {
    const rows = ['store,item,date,sales']
    for (const s of [1, 2]) for (const it of ['a', 'b']) for (let d = 1; d <= 5; d++) rows.push(`${s},${it},2020-01-0${d},${s * 100 + d}${it === 'b' ? '.5' : ''}`)
    const ds = await load(rows.join('\n') + '\n')
    const { dataset } = prepareSeries(ds, cfg({ series: { columns: ['store', 'item'], values: ['2', 'b'] } }))
    expect(num(dataset, 'sales')).toEqual([201.5, 202.5, 203.5, 204.5, 205.5])
    expect(pipelineError(() => filterSeries(ds, ['store', 'item'], ['2'])).message).toContain('needs one value per series column (store, item), got 1')
    // an unknown whole-number id names the column's values, in order (listed only for this message)
    expect(pipelineError(() => filterSeries(ds, ['store', 'item'], ['3', 'a'])).message).toBe('time.series.values: column "store" has no series "3"; its values: 1, 2')
  })

  it('takes new data without the id column as the chosen series (a model of one series applied to its own file)', async () => {
    const ds = await load('date,price\nJan 1 2000,1\nFeb 1 2000,2\n')
    const { dataset } = prepareSeries(ds, cfg({ series: { columns: ['symbol'], values: ['IBM'] } }))
    expect(dataset.rowCount).toBe(2)
    expect(dataset.notices.find((n) => n.code === 'series')?.message).toBe('long.csv has no symbol column: its rows are taken as the series IBM')
  })
})
