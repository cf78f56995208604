// Monthly and quarterly dates as analysts write them (explore23 item 2): statistics offices'
// 2018M01, Excel's mmm-yy (Jan-18), 01/2018, 2018/01, 2018-1, yy-mmm (18-Jan), German
// month names, and quarters of two-digit years (15Q1). Two-digit years take the one pivot the
// product uses elsewhere, and say so; a form that could be another thing is refused, not guessed.
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { importCsv } from './import'
import type { Dataset, DateColumn, ImportOptions } from './types'

const csv = (header: string, rows: string[]) => `${header}\n${rows.map((r) => `${r},1`).join('\n')}\n`
const read = (text: string) => importCsv(text, { fileName: 'd.csv' })
const read2 = (text: string, opts: Partial<ImportOptions>) => importCsv(text, { fileName: 'd.csv', ...opts })
const days = (ds: Dataset) => {
  const c = ds.columns[0] as DateColumn
  expect(c.kind).toBe('date')
  return Array.from(c.values, (v) => new Date(v).toISOString().slice(0, 10))
}

describe('months and quarters in the forms analysts write', () => {
  // the forms themselves, each read to its months, are rows of dates.test.ts's table of written dates
  it('says how two-digit years were read, with the pivot used for dd/mm/yy', async () => {
    for (const [rows, first, last] of [[['Jan-18', 'Feb-18'], '2018-01-01', '2018-02-01'], [['15Q1', '15Q2'], '2015-01-01', '2015-04-01'], [['18-Dec', '19-Jan'], '2018-12-01', '2019-01-01']] as const) {
      const ds = await read(csv('when,v', [...rows]))
      expect(ds.notices.find((n) => n.code === 'two-digit-years')?.message).toBe(`column "when" has two-digit years, read as Excel reads them (00–29 as 2000–2029, 30–99 as 1930–1999): "${rows[0]}" (line 2) as ${first}, the last date (line 3) as ${last}`)
    }
  })

  it('refuses yy-mmm whose rows are not in time order as months (days and months without a year, d-mmm)', async () => {
    const e = await read(csv('when,v', ['28-Jan', '29-Jan', '30-Jan', '31-Jan', '01-Feb'])).then(() => null, (x: unknown) => x)
    expect(e).toBeInstanceOf(ImportError)
    expect((e as ImportError).message).toBe('d.csv (line 2, record 1, column "when"): "28-Jan" reads as a two-digit year and a month (yy-mmm), but so read line 4 is earlier than a line above it; a day and a month without a year (d-mmm) is no time: write the dates with four-digit years (Jan 2018, 18 Jan 2018)')
  })

  it('refuses a column mixing two-digit and four-digit years', async () => {
    const e = await read(csv('when,v', ['Jan-18', 'Feb-2018', ...Array(20).fill('Mar-18')])).then(() => null, (x: unknown) => x)
    expect((e as ImportError).message).toContain('"Feb-2018" is a date written in another format than "Jan-18" (line 2) and the column\'s other dates, one with a two-digit year and one with four')
  })

  it('does not read a month number past 12 as a month', async () => {
    for (const rows of [['2018M13', '2018M01'], ['13/2018', '01/2018']]) {
      const ds = await read(csv('when,v', rows))
      expect(ds.columns[0]!.kind, rows.join(' ')).not.toBe('date')
    }
  })

  it('reads mm.yyyy as a number, not a month: 10.2015 is as likely a value with four decimals', async () => {
    for (const rows of [['01.2018', '02.2018', '12.2018'], ['10.0000', '10.3372', '10.6442']]) {
      const ds = await read(csv('when,v', rows))
      expect(ds.columns[0]!.kind, rows.join(' ')).not.toBe('date')
    }
  })

})

// yy-mm and mm-yy (18-01, 01-18: dates24 item 1). Both are written; a column is read one way only
// where the whole column says which (a value that reads only so, or the only reading that keeps the
// rows in time order), said in a notice; where both readings fit it asks (monthOrder, fw's
// --month-order), as for dd/mm vs mm/dd; and codes or ranges (10-12, 18-24) stay text.
describe('yy-mm and mm-yy', () => {
  const refused = (text: string, opts: Partial<ImportOptions> = {}) => importCsv(text, { fileName: 'd.csv', ...opts }).then(() => null, (x: unknown) => x as ImportError)
  const notice = (ds: Dataset, code: string) => ds.notices.find((n) => n.code === code)?.message

  it('reads yy-mm where a first part is above 12, and says so', async () => {
    const ds = await read(csv('when,v', ['18-01', '18-02', '18-12']))
    expect(days(ds)).toEqual(['2018-01-01', '2018-02-01', '2018-12-01'])
    expect((ds.columns[0] as DateColumn).format).toBe('year-month')
    expect(notice(ds, 'month-order')).toBe('column "when" is read year first (yy-mm), as "18-01" (line 2, row 1) has a first part above 12')
    expect(notice(ds, 'two-digit-years')).toContain('"18-01" (line 2) as 2018-01-01, the last date (line 4) as 2018-12-01')
  })

  it('reads mm-yy where a second part is above 12, and says so', async () => {
    const ds = await read(csv('when,v', ['11-17', '12-17', '01-18']))
    expect(days(ds)).toEqual(['2017-11-01', '2017-12-01', '2018-01-01'])
    expect(notice(ds, 'month-order')).toBe('column "when" is read month first (mm-yy), as "11-17" (line 2, row 1) has a second part above 12')
  })

  it('reads the one way that keeps the rows in time order where every value reads both ways', async () => {
    const ds = await read(csv('when,v', ['01-11', '01-12', '02-01', '02-02']))
    expect(days(ds)).toEqual(['2001-11-01', '2001-12-01', '2002-01-01', '2002-02-01'])
    expect(notice(ds, 'month-order')).toBe('column "when" is read year first (yy-mm): every value reads both ways, and only so do the rows go forward in time (read month first, line 4 would be earlier than a line above it)')
  })

  it('asks where both readings keep the rows in time order, and reads the answer', async () => {
    const text = csv('when,v', ['01-05', '02-05', '03-05'])
    const e = await refused(text)
    expect(e).toBeInstanceOf(ImportError)
    expect([e!.code, e!.choices, e!.line, e!.column, e!.value]).toEqual(['ambiguous-month-format', ['ym', 'my'], 2, 'when', '01-05'])
    expect(e!.message).toBe('d.csv (line 2, record 1, column "when"): "01-05" could be yy-mm (2001-05) or mm-yy (2005-01), and every value reads both ways with the rows going forward in time: say whether the year or the month comes first')
    const ym = await read2(text, { monthOrder: 'ym' })
    expect(days(ym)).toEqual(['2001-05-01', '2002-05-01', '2003-05-01'])
    expect(notice(ym, 'month-order')).toBeUndefined()
    expect(days(await read2(text, { monthOrder: 'my' }))).toEqual(['2005-01-01', '2005-02-01', '2005-03-01'])
  })

  it('refuses an answer a value contradicts, naming it', async () => {
    const e = await refused(csv('when,v', ['12-11', '12-12', '13-01']), { monthOrder: 'my' })
    expect([e!.code, e!.line, e!.value]).toEqual(['invalid-date', 4, '13-01'])
    expect(e!.message).toContain('"13-01" is not a valid mm-yy month')
    expect((await refused(csv('when,v', ['01-05']), { monthOrder: 'yy' as never }))!.message).toBe("d.csv: monthOrder must be 'ym' or 'my' (got \"yy\")")
  })

  it('keeps codes and ranges as text: no reading is a month, or none has the rows in time order', async () => {
    // (10-12, 11-05, 09-03, 12-01 are months newest first read mm-yy, 2012-10 to 2001-12, and read so)
    expect(days(await read(csv('band,v', ['10-12', '11-05', '09-03', '12-01'])))).toEqual(['2012-10-01', '2005-11-01', '2003-09-01', '2001-12-01'])
    const codes = ['10-12', '09-03', '11-05', '12-01']
    for (const rows of [codes, ['18-24', '25-34', '35-44', '45-54'], ['18-13', '18-14'], ['10-12', '10-12', '10-12'], ['18-01', '01-18']]) {
      const ds = await read(csv('band,v', rows))
      expect(ds.columns[0]!.kind, rows.join(' ')).not.toBe('date')
      expect(ds.timeColumn, rows.join(' ')).toBeNull()
    }
    // said where every value reads as a month, with the way to read them as months
    expect(notice(await read(csv('band,v', codes)), 'time-not-read')).toBe('column "band" holds values that read as two-digit years and months ("10-12", line 2), but in neither order (yy-mm or mm-yy) does every value read as a month with the rows in time order (oldest or newest first); it is read as categorical. To read them as months, set its type to date (--type band=date)')
    // a stray value does not make a column of them an error (the 90 % rule of dates)
    expect((await read(csv('band,v', [...Array.from({ length: 19 }, (_, i) => `${String(i % 12 + 1).padStart(2, '0')}-05`), '13-14']))).columns[0]!.kind).toBe('categorical')
  })

  it('reads rows written newest first as it reads them oldest first, and says how', async () => {
    const ds = await read(csv('when,v', ['02-02', '02-01', '01-12', '01-11']))
    expect(days(ds)).toEqual(['2002-02-01', '2002-01-01', '2001-12-01', '2001-11-01'])
    expect(notice(ds, 'month-order')).toBe('column "when" is read year first (yy-mm): every value reads both ways, and only so are the rows in time order, newest first (read month first, line 4 would be later than a line above it)')
    expect(notice(await read(csv('when,v', ['24-12', '24-11', '24-10'])), 'month-order')).toBe('column "when" is read year first (yy-mm), as "24-12" (line 2, row 1) has a first part above 12')
  })

  it('asks where both readings are in time order, newest first or one each way, and reads the answer', async () => {
    // 2003-12, 2002-12, 2001-12 or 2012-03, 2012-02, 2012-01
    const newest = csv('when,v', ['03-12', '02-12', '01-12'])
    const e = await refused(newest)
    expect([e!.code, e!.choices, e!.line, e!.value]).toEqual(['ambiguous-month-format', ['ym', 'my'], 2, '03-12'])
    expect(e!.message).toBe('d.csv (line 2, record 1, column "when"): "03-12" could be yy-mm (2003-12) or mm-yy (2012-03), and every value reads both ways with the rows newest first either way: say whether the year or the month comes first')
    expect(days(await read2(newest, { monthOrder: 'my' }))).toEqual(['2012-03-01', '2012-02-01', '2012-01-01'])
    // 2005-01, 2004-02, 2003-03 (newest first) or 2001-05, 2002-04, 2003-03 (oldest first)
    const both = await refused(csv('when,v', ['05-01', '04-02', '03-03']))
    expect(both!.code).toBe('ambiguous-month-format')
    expect(both!.message).toContain('"05-01" could be yy-mm (2005-01) or mm-yy (2001-05), and every value reads both ways with the rows in time order either way (oldest first read mm-yy, newest first read yy-mm)')
  })

  it('reads a one-digit month (1-18) as its two-digit form (01-18), by the same rules', async () => {
    // no month 18: month first, the one reading, as 01-18 is
    const ds = await read(csv('when,v', ['1-18', '2-18', '3-18']))
    expect(days(ds)).toEqual(['2018-01-01', '2018-02-01', '2018-03-01'])
    expect(notice(ds, 'month-order')).toBe('column "when" is read month first (mm-yy), as "1-18" (line 2, row 1) has a second part above 12')
    // both parts 12 or below: asked where both orders fit, as for 01-12; a value of each order is refused
    for (const rows of [['1-12', '2-12', '3-12'], ['01-12', '02-12', '03-12']]) {
      const e = await refused(csv('when,v', rows))
      expect([e!.code, e!.value], rows[0]).toEqual(['ambiguous-month-format', rows[0]])
      expect(e!.message).toContain(`"${rows[0]}" could be yy-mm (2001-12) or mm-yy (2012-01)`)
      expect(days(await read2(csv('when,v', rows), { monthOrder: 'my' }))).toEqual(['2012-01-01', '2012-02-01', '2012-03-01'])
    }
    expect((await read(csv('band,v', ['1-18', '18-01']))).columns[0]!.kind).not.toBe('date')
  })

  it('a column set to date is read where one reading reads every value, in any row order', async () => {
    const ds = await read2(csv('when,v', ['10-13', '11-05', '09-03']), { columns: { when: { type: 'date' } } })
    expect((ds.columns.find((c) => c.name === 'when') as DateColumn).format).toBe('year-month')
    expect(notice(ds, 'month-order')).toContain('month first (mm-yy), as "10-13" (line 2, row 1) has a second part above 12')
    expect(days({ ...ds, columns: ds.columns.filter((c) => c.name === 'when') }).sort()).toEqual(['2003-09-01', '2005-11-01', '2013-10-01'])
  })
})
