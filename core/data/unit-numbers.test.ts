// Numbers written with a unit sign, as spreadsheets export formatted cells ("$1,234.50", "4.7%",
// "1.234,50 €", "(£5.00)"): read as numbers without the sign, which becomes the column's unit, said
// in a notice; two signs in one column are an error naming both cells, never a silent merge.
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { importCsv } from './import'
import { meltWide } from './melt'
import { readUnits } from './units'
import type { Dataset, ImportOptions, NumericColumn } from './types'
import { splitUnit, unitPart } from './values'

const load = (text: string, o: Partial<ImportOptions> = {}): Promise<Dataset> => importCsv(text, { fileName: 'f.csv', ...o })
const col = (ds: Dataset, name: string): NumericColumn => ds.columns.find((c) => c.name === name) as NumericColumn
const monthly = (cells: string[], header = 'date,v'): string =>
  [header, ...cells.map((c, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,${c}`)].join('\n') + '\n'

async function importError(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p
  } catch (e) {
    if (e instanceof ImportError) return e
    throw e
  }
  throw new Error('no ImportError')
}

describe('splitUnit', () => {
  const split = (s: string) => (splitUnit(s) ? { ...unitPart } : null)
  it('takes a currency sign off either end, a per cent sign off the end, and reads accountant parentheses as minus', () => {
    expect(split('$1,234.50')).toEqual({ core: '1,234.50', sign: '$', negate: false })
    expect(split('-$12')).toEqual({ core: '-12', sign: '$', negate: false })
    expect(split('$-12')).toEqual({ core: '-12', sign: '$', negate: false })
    expect(split('+€ 7')).toEqual({ core: '+7', sign: '€', negate: false })
    expect(split('(£5.00)')).toEqual({ core: '5.00', sign: '£', negate: true })
    expect(split('( ¥300 )')).toEqual({ core: '300', sign: '¥', negate: true })
    expect(split('1.234,50 €')).toEqual({ core: '1.234,50', sign: '€', negate: false })
    expect(split('1.234,50\u00a0€')).toEqual({ core: '1.234,50', sign: '€', negate: false }) // a no-break space, as French spreadsheets write
    expect(split('12.5%')).toEqual({ core: '12.5', sign: '%', negate: false })
    expect(split('-4,2 %')).toEqual({ core: '-4,2', sign: '%', negate: false })
  })

  it('reads parentheses as minus with no sign at all, or inside a sign', () => {
    expect(split('(1,234.00)')).toEqual({ core: '1,234.00', sign: '', negate: true })
    expect(split('$(5.00)')).toEqual({ core: '5.00', sign: '$', negate: true })
    expect(split('(5,00) €')).toEqual({ core: '5,00', sign: '€', negate: true })
    expect(split('()')).toBeNull()
  })

  it('refuses a sign alone, two minus signs, a minus inside parentheses and words', () => {
    for (const s of ['$', '%', '( $ )', '-$-12', '($-5)', '(-5%)', 'USD', 'rain', '12', '5$%x', '%5']) expect(split(s), s).toBeNull()
  })
})

describe('importing numbers written with a unit sign', () => {
  it('reads a currency and a per cent column as numbers, each with its sign as its unit, said in a notice', async () => {
    const ds = await load(monthly(['"$1,200.50",5%', '"$1,250.00",4.2%', '($3.00),-1 %', '$0.99,0%'], 'date,price,growth'))
    expect(Array.from(col(ds, 'price').values)).toEqual([1200.5, 1250, -3, 0.99])
    expect(Array.from(col(ds, 'growth').values)).toEqual([5, 4.2, -1, 0]) // per cent as written: 5% is 5, not 0.05
    expect(readUnits(ds.columns)).toEqual({ price: '$', growth: '%' })
    expect(ds.notices.filter((n) => n.code === 'unit-numbers').map((n) => n.message)).toEqual([
      'column "price": numbers written with a currency sign are read as numbers without it ("$1,200.50", line 2, as 1200.5); its unit is "$"',
      'column "growth": numbers written with a per cent sign are read as numbers without it ("5%", line 2, as 5); its unit is "%"'
    ])
    expect(ds.format.decimal).toBe('dot') // "$1,200.50" and "4.2%" read only with a decimal dot
  })

  it('a decimal comma after the number, as in Europe; an ambiguous "$1,200" is asked about, and read as answered', async () => {
    const eu = await load(monthly(['"1.234,50 €"', '12 €', '"0,5 €"']), { delimiter: ',' })
    expect(Array.from(col(eu, 'v').values)).toEqual([1234.5, 12, 0.5])
    expect(col(eu, 'v').unit).toBe('€')
    const amb = monthly(['"$1,200"', '$7', '"$2,500"'])
    const e = await importError(load(amb))
    expect([e.code, e.value, e.line, e.choices]).toEqual(['ambiguous-number-format', '$1,200', 2, ['dot', 'comma']])
    expect(Array.from(col(await load(amb, { decimal: 'dot' }), 'v').values)).toEqual([1200, 7, 2500])
    expect(Array.from(col(await load(amb, { decimal: 'comma' }), 'v').values)).toEqual([1.2, 7, 2.5])
  })

  it('two signs in one column are an error naming both cells; a stray word is the 90 % error; set categorical, the text stays', async () => {
    const mixed = monthly(['$5', '$6', '€7', '$8'])
    const e = await importError(load(mixed))
    expect([e.code, e.line, e.row, e.column, e.value]).toEqual(['mixed-units', 4, 3, 'v', '€7'])
    expect(e.message).toBe('f.csv (line 4, record 3, column "v"): "€7" carries another unit than "$5" (line 2): a column of numbers holds one unit; correct the cell, or set the column\'s type to categorical to keep it as text')
    const pct = monthly(['5%', '6%', '$7', '8%'])
    expect((await importError(load(pct))).value).toBe('$7') // a per cent and a currency are two units too
    const kept = await load(mixed, { columns: { v: { type: 'categorical' } } })
    expect(kept.columns[1]).toMatchObject({ kind: 'categorical', levels: ['$5', '$6', '€7', '$8'] })
    const stray = monthly([...Array.from({ length: 11 }, (_, i) => `$${i + 1}`), 'soon'])
    expect(await importError(load(stray))).toMatchObject({ code: 'non-numeric', value: 'soon', line: 13 })
  })

  it('numbers in parentheses are negative, said in a notice, with or without a unit; never years', async () => {
    const ds = await load(monthly(['"1,234.00"', '"(1,250.50)"', '7.25', '(3)']), { decimal: 'dot' })
    expect(Array.from(col(ds, 'v').values)).toEqual([1234, -1250.5, 7.25, -3])
    expect('unit' in col(ds, 'v')).toBe(false)
    expect(ds.notices.find((n) => n.code === 'negative-parentheses')?.message).toBe('column "v": 2 values in parentheses are read as negative, as accountants write them ("(1,250.50)", line 3, as -1250.5)')
    const usd = await load(monthly(['$5.00', '$(2.50)']))
    expect(Array.from(col(usd, 'v').values)).toEqual([5, -2.5])
    expect(usd.notices.find((n) => n.code === 'negative-parentheses')?.message).toContain('a value in parentheses is read as negative')
    const years = await load('year,v\n2001,1\n(2002),2\n')
    expect(years.columns[0]).toMatchObject({ kind: 'numeric' })
    expect(years.timeColumn).toBeNull()
    expect((await load(monthly(['(a)', '(b)']))).columns[1]!.kind).toBe('categorical') // words in parentheses are words
    expect((await load(monthly(['((5))', '((6))']))).columns[1]!.kind).toBe('categorical') // one pair of parentheses only
  })

  it('plain numbers among signed ones are taken in the same unit, and the notice counts them', async () => {
    const ds = await load(monthly(['5%', '0', '7.5%', '']))
    expect(Array.from(col(ds, 'v').values)).toEqual([5, 0, 7.5, NaN])
    expect(ds.notices.find((n) => n.code === 'unit-numbers')?.message).toBe('column "v": numbers written with a per cent sign are read as numbers without it ("5%", line 2, as 5); its unit is "%"; 2 of its 3 values carry the sign, the others are taken in the same unit')
    const one = await load(monthly(['$5', '6', '7']))
    expect(one.notices.find((n) => n.code === 'unit-numbers')?.message).toContain('; 1 of its 3 values carries the sign')
  })

  it('never turns money into years or epoch times, and a column set to numeric reads the signs too', async () => {
    const ds = await load('year,v\n"$2,001",1\n"$2,002",2\n', { decimal: 'dot' })
    expect(ds.columns[0]).toMatchObject({ kind: 'numeric', unit: '$' })
    expect(ds.timeColumn).toBeNull()
    const forced = await load(monthly(['12%', '13%']), { columns: { v: { type: 'numeric' } } })
    expect(col(forced, 'v')).toMatchObject({ kind: 'numeric', unit: '%' })
    expect(Array.from(col(forced, 'v').values)).toEqual([12, 13])
  })

  it('plain numbers carry no unit, and a melt of columns that share a sign keeps it for the values', async () => {
    const plain = await load(monthly(['1.5', '2']))
    expect('unit' in col(plain, 'v')).toBe(false)
    expect(readUnits(plain.columns)).toEqual({})
    const two = await load(monthly(['$1,$2,3%', '$4,$5,6%'], 'date,a,b,c'), { decimal: 'dot' })
    expect(col(meltWide(two, { columns: ['a', 'b'] }), 'value').unit).toBe('$')
    expect('unit' in col(meltWide(two, { columns: ['a', 'c'] }), 'value')).toBe(false) // $ and %: no one unit
  })
})
