// Monthly and quarterly dates as analysts write them (explore23 item 2): statistics offices'
// 2018M01, Excel's mmm-yy (Jan-18), 01/2018, 2018/01, 2018-1, yy-mmm (18-Jan), German
// month names, and quarters of two-digit years (15Q1). Two-digit years take the one pivot the
// product uses elsewhere, and say so; a form that could be another thing is refused, not guessed.
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { importCsv } from './import'
import type { Dataset, DateColumn } from './types'

const csv = (header: string, rows: string[]) => `${header}\n${rows.map((r) => `${r},1`).join('\n')}\n`
const read = (text: string) => importCsv(text, { fileName: 'd.csv' })
const days = (ds: Dataset) => {
  const c = ds.columns[0] as DateColumn
  expect(c.kind).toBe('date')
  return Array.from(c.values, (v) => new Date(v).toISOString().slice(0, 10))
}

describe('months and quarters in the forms analysts write', () => {
  const cases: [string, string[], string[], string][] = [
    ['yyyyMmm', ['2018M01', '2018M02', '2018M12'], ['2018-01-01', '2018-02-01', '2018-12-01'], 'year-month'],
    ['yyyy/mm', ['2018/01', '2018/02', '2018/12'], ['2018-01-01', '2018-02-01', '2018-12-01'], 'year-month'],
    ['yyyy-m', ['2018-1', '2018-2', '2018-10'], ['2018-01-01', '2018-02-01', '2018-10-01'], 'year-month'],
    ['mm/yyyy', ['01/2018', '2/2018', '12/2018'], ['2018-01-01', '2018-02-01', '2018-12-01'], 'year-month'],
    ['mmm-yy', ['Jan-18', 'Feb-18', 'Dec-18'], ['2018-01-01', '2018-02-01', '2018-12-01'], 'month-name'],
    ['mmm yy', ['Jan 98', 'Feb 98', 'Dec 99'], ['1998-01-01', '1998-02-01', '1999-12-01'], 'month-name'],
    ['yy-mmm', ['18-Nov', '18-Dec', '19-Jan'], ['2018-11-01', '2018-12-01', '2019-01-01'], 'month-name'],
    ['German month names', ['Jan 2018', 'Mär 2018', 'Mai 2018', 'Okt 2018', 'Dez 2018', 'März 2019', 'Juni 2019'], ['2018-01-01', '2018-03-01', '2018-05-01', '2018-10-01', '2018-12-01', '2019-03-01', '2019-06-01'], 'month-name'],
    ['yyQq', ['15Q1', '15Q2', '15q3', '15Q4'], ['2015-01-01', '2015-04-01', '2015-07-01', '2015-10-01'], 'quarter']
  ]
  for (const [what, rows, want, format] of cases)
    it(`${what}: ${rows[0]}`, async () => {
      const ds = await read(csv('when,v', rows))
      expect(days(ds)).toEqual(want)
      expect((ds.columns[0] as DateColumn).format).toBe(format)
      expect(ds.timeColumn).toBe('when')
    })

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

  it('does not read 18-01 (year-month or month-year?) or a month number past 12 as a month', async () => {
    for (const rows of [['18-01', '18-02', '18-03'], ['2018M13', '2018M01'], ['13/2018', '01/2018']]) {
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
