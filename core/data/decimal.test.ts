// The ambiguous-decimal guard at the import level (the CLI test checks the same through `fw train`):
// "1,500" is 1.5 with a decimal comma and 1500 with a thousands comma, so it is asked, never guessed.
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { importCsv } from './import'
import type { Dataset } from './types'

const values = (ds: Dataset, name: string) => {
  const c = ds.columns.find((x) => x.name === name)!
  expect(c.kind).toBe('numeric')
  return Array.from((c as { values: Float64Array }).values)
}

async function refused(text: string): Promise<ImportError> {
  const err = await importCsv(text, { fileName: 'amb.csv' }).then(() => null, (e: unknown) => e)
  expect(err).toBeInstanceOf(ImportError)
  return err as ImportError
}

describe('an ambiguous decimal comma', () => {
  const text = 'date;v\n2020-01-01;1,500\n2020-01-02;2,250\n2020-01-03;7\n'

  it('is refused, naming the value, its line and column, and the two choices', async () => {
    const e = await refused(text)
    expect(e.code).toBe('ambiguous-number-format')
    expect(e.column).toBe('v')
    expect(e.value).toBe('1,500')
    expect(e.line).toBe(2)
    expect(e.choices).toEqual(['dot', 'comma'])
    expect(e.message).toContain('amb.csv')
  })

  it('reads either way once told', async () => {
    expect(values(await importCsv(text, { fileName: 'amb.csv', decimal: 'comma' }), 'v')).toEqual([1.5, 2.25, 7])
    expect(values(await importCsv(text, { fileName: 'amb.csv', decimal: 'dot' }), 'v')).toEqual([1500, 2250, 7])
  })

  it('is decided by another column that reads only one way, with a notice', async () => {
    // "3,14159" cannot be a thousands group (five digits), so the file uses a decimal comma
    const ds = await importCsv('v;w\n1,500;3,14159\n2,250;2,5\n', { fileName: 'amb.csv' })
    expect(values(ds, 'v')).toEqual([1.5, 2.25])
    expect(values(ds, 'w')).toEqual([3.14159, 2.5])
    expect(ds.notices.map((n) => n.code)).toContain('decimal-from-other-columns')
  })

  it('is not raised where no value reads differently ("1,5" can only be a decimal comma)', async () => {
    expect(values(await importCsv('v\n"1,5"\n"2,25"\n', { fileName: 'ok.csv' }), 'v')).toEqual([1.5, 2.25])
  })

  it('is still refused when the ambiguous value comes after many plain integers', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => String(i)).concat(['12,345'])
    const e = await refused('v\n' + rows.map((r) => `"${r}"`).join('\n') + '\n')
    expect(e.code).toBe('ambiguous-number-format')
    expect(e.value).toBe('12,345')
  })
})

describe('a decimal mark chosen that the file does not use', () => {
  it('is refused as the wrong mark, naming the value, its line and column and the mark every value has, not as a word among numbers', async () => {
    const dot = await importCsv('date,v,w\n2020-01-01,315.70,1\n2020-01-02,316.5,2\n', { fileName: 'dot.csv', decimal: 'comma' }).then(() => null, (e: unknown) => e as ImportError)
    expect(dot).toBeInstanceOf(ImportError)
    expect([dot!.code, dot!.line, dot!.column, dot!.value, dot!.choices]).toEqual(['wrong-decimal', 2, 'v', '315.70', ['dot']])
    expect(dot!.message).toBe('dot.csv (line 2, record 1, column "v"): "315.70" has a decimal dot, as every value of the column has, but the decimal comma was chosen: the file\'s numbers use a decimal dot')
    const comma = await importCsv('date;v\n2020-01-01;12,5\n2020-01-02;7,25\n', { fileName: 'comma.csv', decimal: 'dot' }).then(() => null, (e: unknown) => e as ImportError)
    expect([comma!.code, comma!.value, comma!.choices]).toEqual(['wrong-decimal', '12,5', ['comma']])
  })

  it('a word among numbers is still a word among numbers', async () => {
    const e = await importCsv('date,v\n2020-01-01,315.70\n2020-01-02,oops\n' + Array.from({ length: 20 }, (_, i) => `2020-02-${String(i + 1).padStart(2, '0')},${i}.5`).join('\n'), { fileName: 'w.csv', decimal: 'comma' }).then(() => null, (x: unknown) => x as ImportError)
    expect(e!.code).toBe('non-numeric')
  })
})

describe('thousands grouped by spaces or apostrophes, as French and Swiss spreadsheets write them', () => {
  it('reads "1 234,50" (any of three spaces) as a decimal comma and "1\'234.50" as a decimal dot', async () => {
    const fr = await importCsv('date;v\n2020-01-01;1 234,50\n2020-01-02;12\u00a0345,5\n2020-01-03;1\u202f000\u202f000\n2020-01-04;999,1\n', { fileName: 'fr.csv' })
    expect(values(fr, 'v')).toEqual([1234.5, 12345.5, 1000000, 999.1])
    expect(fr.format.decimal).toBe('comma')
    const ch = await importCsv("date,v\n2020-01-01,1'234.50\n2020-01-02,-2\u2019345\n2020-01-03,7.25\n", { fileName: 'ch.csv' })
    expect(values(ch, 'v')).toEqual([1234.5, -2345, 7.25])
  })

  it('with a unit sign too ("1 234,50 €"); groups that are not thousands stay text', async () => {
    const eu = await importCsv('date;v\n2020-01-01;1 234,50 €\n2020-01-02;12,00 €\n', { fileName: 'eu.csv' })
    expect(values(eu, 'v')).toEqual([1234.5, 12])
    // two separators, a group of four, a first group starting with 0, a doubled separator, a short group: not numbers
    for (const odd of ["1 234'567", '1 2345', '01 234', "1''234", '1 23']) {
      const ds = await importCsv(`date;v\n2020-01-01;${odd}\n2020-01-02;${odd}\n`, { fileName: 'odd.csv' })
      expect(ds.columns[1]!.kind, odd).toBe('categorical')
    }
  })

  it('"1 500" is 1500 in either decimal style, so a grouped whole number never asks', async () => {
    const ds = await importCsv('date;v\n2020-01-01;1 500\n2020-01-02;2 250\n', { fileName: 'g.csv' })
    expect(values(ds, 'v')).toEqual([1500, 2250])
  })
})

describe("the file's decimal mark (format.decimal, fw inspect's first line)", () => {
  // weather.csv's 12.58 went unsaid while wide500.csv's 0.904 (which also reads as 904) said 'dot'
  it.each([
    ['values only a dot reads', 'date,t\n2020-01-01,12.58\n2020-01-02,13.07\n', 'dot'],
    // 1.171 reads as 1171 with a decimal comma, 0.904 only with a dot: the same mark whichever comes first
    ['one that reads either way, then one only a dot reads', 'date,t\n2020-01-01,1.171\n2020-01-02,0.904\n', 'dot'],
    ['one only a dot reads, then one that reads either way', 'date,t\n2020-01-01,0.904\n2020-01-02,1.171\n', 'dot'],
    ['values only a comma reads', 'date;t\n2020-01-01;12,58\n2020-01-02;13,07\n', 'comma'],
    ['whole numbers: nothing tells', 'date,t\n2020-01-01,12\n2020-01-02,13\n', null]
  ])('%s', async (_, text, mark) => {
    expect((await importCsv(text, { fileName: 'f.csv' })).format.decimal).toBe(mark)
  })
})
