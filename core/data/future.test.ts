// appendFuture (fw forecast --future FILE): the second file's rows after the data's, with the
// target missing; a row not after the data, or a column the data lacks, is refused by name.
import { describe, expect, it } from 'vitest'
import { appendFuture, FutureKindError } from './future'
import { importCsv } from './import'

const data = () => importCsv('date,y,promo,kind\n2024-01-01,1,0,a\n2024-01-02,2,1,b\n', { fileName: 'data.csv' })

describe('appendFuture', () => {
  it('appends the rows, the target left missing and categories matched by name', async () => {
    const out = appendFuture(await data(), await importCsv('date,promo,kind\n2024-01-03,1,b\n2024-01-04,0,c\n', { fileName: 'future.csv' }))
    expect(out.rowCount).toBe(4)
    const col = (n: string) => out.columns.find((c) => c.name === n)!
    expect(Array.from((col('y') as { values: Float64Array }).values)).toEqual([1, 2, NaN, NaN])
    expect(Array.from((col('promo') as { values: Float64Array }).values)).toEqual([0, 1, 1, 0])
    const kind = col('kind') as { codes: Int32Array; levels: string[] }
    expect(Array.from(kind.codes, (k) => kind.levels[k])).toEqual(['a', 'b', 'b', 'c'])
    expect(Array.from(out.lines)).toEqual([2, 3, 2, 3])
  })

  it('refuses a row that is not after the data, naming the file, line and time', async () => {
    const f = await importCsv('date,promo\n2024-01-03,1\n2024-01-02,0\n', { fileName: 'future.csv' })
    const ds = await data()
    expect(() => appendFuture(ds, f)).toThrow('future.csv, line 3: "date" is 2024-01-02, not after the last time of data.csv (2024-01-02)')
  })

  it('refuses a time given twice, naming the file, the lines of both rows and the time; per series in a long file', async () => {
    const ds = await data()
    const twice = await importCsv('date,promo\n2024-01-03,1\n2024-01-04,0\n2024-01-03,1\n', { fileName: 'future.csv' })
    expect(() => appendFuture(ds, twice)).toThrow('future: future.csv, lines 2 and 4: both rows are 2024-01-03 ("date"); a future file holds one row per time: remove one of them')
    // the same time for two series is one row each; twice for one series is refused, naming it
    const long = await importCsv('date,shop,y\n2024-01-01,a,1\n2024-01-01,b,2\n2024-01-02,a,3\n2024-01-02,b,4\n', { fileName: 'long.csv', series: ['shop'] })
    const perShop = await importCsv('date,shop\n2024-01-03,a\n2024-01-03,b\n', { fileName: 'ahead.csv', series: ['shop'] })
    expect(appendFuture(long, perShop).rowCount).toBe(6)
    const again = await importCsv('date,shop\n2024-01-03,a\n2024-01-03,b\n2024-01-04,b\n2024-01-03,b\n', { fileName: 'ahead.csv', series: ['shop'] })
    expect(() => appendFuture(long, again)).toThrow('ahead.csv, lines 3 and 5: both rows are 2024-01-03 ("date") for shop = b; a future file holds one row per time and series: remove one of them')
  })

  it("a column of another kind than the data's says which, with the data's kind for a caller to read it again so", async () => {
    const ds = await data()
    const words = await importCsv('date,promo\n2024-01-03,1\n2024-01-04,lots\n', { fileName: 'future.csv' })
    const e = (() => {
      try {
        appendFuture(ds, words)
      } catch (x) {
        return x as FutureKindError
      }
    })()
    expect(e).toBeInstanceOf(FutureKindError)
    expect([e!.message, e!.column, e!.kind, e!.dataFile]).toEqual(['future: column "promo" is categorical in future.csv but numeric in data.csv', 'promo', 'numeric', 'data.csv'])
  })

  it('refuses a column the data lacks, and a file without the time column', async () => {
    const extra = await importCsv('date,price\n2024-01-03,1\n', { fileName: 'future.csv' })
    const ds = await data()
    expect(() => appendFuture(ds, extra)).toThrow('future.csv has a column "price" that data.csv lacks')
    const noTime = await importCsv('promo\n1\n', { fileName: 'future.csv' })
    expect(() => appendFuture(ds, noTime)).toThrow('future.csv needs the time column "date"')
  })
})
