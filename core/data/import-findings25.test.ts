// Three findings of exploratory pass 25 on the import: a header written in decomposed Unicode (NFD,
// as macOS tools write é: e + U+0301), a trailing comma on the data rows only, and a Windows-1252
// file (Excel's plain "CSV (Comma delimited)") read as UTF-8.
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { importCsv } from './import'
import { importRefusal } from './testing'
import type { ImportOptions } from './types'

const refusal = (text: string, opts: Partial<ImportOptions> = {}): Promise<ImportError> => importRefusal(text, { fileName: 'f.csv', ...opts })

const nfd = (s: string) => s.normalize('NFD')

describe('a header in decomposed Unicode (NFD)', () => {
  it('reads the names in composed form (NFC), the form they are typed in', async () => {
    const ds = await importCsv(`date,${nfd('ventes_été')},${nfd('température')}\n2020-01-01,52.58,16.45\n2020-01-02,57.97,14.32\n`, { fileName: 'nfd.csv' })
    expect(ds.columns.map((c) => c.name)).toEqual(['date', 'ventes_été', 'température'])
    expect(ds.columns.map((c) => c.name)).not.toEqual(['date', nfd('ventes_été'), nfd('température')])
  })

  it('matches the options\' names in either form (time column, column types, series)', async () => {
    const text = `${nfd('jour')},${nfd('magasin_é')},${nfd('ventes_é')}\n2020-01-01,a,1\n2020-01-02,a,2\n2020-01-01,b,3\n2020-01-02,b,4\n`
    const ds = await importCsv(text, { fileName: 'f.csv', timeColumn: nfd('jour'), series: [nfd('magasin_é')], columns: { [nfd('ventes_é')]: { type: 'categorical' } } })
    expect(ds.timeColumn).toBe('jour')
    expect(ds.series?.columns).toEqual(['magasin_é'])
    expect(ds.columns.find((c) => c.name === 'ventes_é')?.kind).toBe('categorical')
  })

  it('refuses two names that are one once composed, as it refuses two that are one once trimmed, saying which was decomposed', async () => {
    const e = await refusal(`date,ventes_été,${nfd('ventes_été')}\n2020-01-01,1,2\n`)
    expect(e.code).toBe('duplicate-column')
    expect(e.message).toBe('f.csv (line 1, column "ventes_été"): the column name "ventes_été" is used twice (columns 2 and 3; column 3 is written with accents as separate characters (Unicode NFD) in the file, its name read in the composed form)')
    const both = await refusal(`date,ventes_été ,${nfd('ventes_été')}\n2020-01-01,1,2\n`)
    expect(both.message).toContain('(columns 2 and 3; column 2 is "ventes_été " in the file, its name read without the spaces around it; column 3 is written with accents as separate characters (Unicode NFD) in the file, its name read in the composed form)')
  })
})

describe('a trailing comma on the data rows only', () => {
  const rows = 'date,a,b\n2020-01-01,1,2,\n2020-01-02,3,4,\n2020-01-03,5,6,\n'

  it('imports the header\'s columns, with a notice that every row\'s extra field is empty', async () => {
    const ds = await importCsv(rows, { fileName: 'f.csv' })
    expect(ds.columns.map((c) => c.name)).toEqual(['date', 'a', 'b'])
    expect(Array.from((ds.columns[2] as { values: Float64Array }).values)).toEqual([2, 4, 6])
    expect(ds.notices.find((n) => n.code === 'trailing-delimiter')?.message).toBe('every data row ends in a \',\' that the header does not: an empty field 4, after the header\'s 3 columns; read without it')
  })

  it('says the same with CR LF line ends, a semicolon and spaces in the empty field', async () => {
    const ds = await importCsv('date;a;b\r\n2020-01-01;1,5;2; \r\n2020-01-02;3,5;4;\r\n', { fileName: 'f.csv' })
    expect(ds.columns.map((c) => c.name)).toEqual(['date', 'a', 'b'])
    expect(ds.notices.some((n) => n.code === 'trailing-delimiter')).toBe(true)
  })

  it('still refuses a row whose extra field holds a value, naming the first such row', async () => {
    const e = await refusal('date,a,b\n2020-01-01,1,2,\n2020-01-02,3,4,x\n2020-01-03,5,6,y\n')
    expect(e.code).toBe('ragged-row')
    expect([e.line, e.row]).toEqual([3, 2])
    expect(e.message).toBe('f.csv (line 3, record 2): expected 3 fields like the header, found 4: field 4 is "x", where the rows before it end in an empty one (a trailing \',\')')
    const first = await refusal('date,a,b\n2020-01-01,1,2,x\n2020-01-02,3,4,\n')
    expect(first.message).toBe('f.csv (line 2, record 1): expected 3 fields like the header, found 4')
  })

  it('refuses a row without the extra field among rows with it, and one with it among rows without', async () => {
    const lacks = await refusal('date,a,b\n2020-01-01,1,2,\n2020-01-02,3,4\n')
    expect(lacks.message).toBe('f.csv (line 3, record 2): expected 4 fields like the rows before it (the header\'s 3 and an empty field 4, a trailing \',\'), found 3')
    const late = await refusal('date,a,b\n2020-01-01,1,2\n2020-01-02,3,4,\n')
    expect(late.message).toBe('f.csv (line 3, record 2): expected 3 fields like the header, found 4')
  })

  it('leaves a header with the trailing comma too as it was: an unnamed 4th column', async () => {
    const ds = await importCsv('date,a,b,\n2020-01-01,1,2,\n2020-01-02,3,4,\n', { fileName: 'f.csv' })
    expect(ds.columns.map((c) => c.name)).toEqual(['date', 'a', 'b', 'column_4'])
    expect(ds.notices.some((n) => n.code === 'trailing-delimiter')).toBe(false)
  })
})

describe('a Windows-1252 file (Excel\'s "CSV (Comma delimited)")', () => {
  const bytes = new Uint8Array([...Buffer.from('date,ventes_'), 0xe9, 0x74, 0xe9, ...Buffer.from(',temp\n2020-01-01,1,2\n2020-01-02,3,caf'), 0xe9, 0x0a])
  const asUtf8 = new TextDecoder('utf-8').decode(bytes)

  it('read as UTF-8: names the line and the column of the first byte that is not UTF-8, with Excel\'s steps and Windows-1252', async () => {
    const e = await refusal(asUtf8)
    expect(e.code).toBe('invalid-utf8')
    expect([e.line, e.column]).toEqual([1, undefined])
    expect(e.message).toBe('f.csv (line 1): bytes that are not valid UTF-8 in column 2 of the header. Excel\'s plain "CSV (Comma delimited)" saves Windows-1252 text: save it as UTF-8 instead (Excel: File › Save As, "CSV UTF-8 (Comma delimited)"), or read it as Windows-1252')
  })

  it('names the column by its name where the bad byte is in a data row', async () => {
    const e = await refusal('date,note\n2020-01-01,a\n2020-01-02,"two\nlines ' + '\uFFFD' + '"\n')
    expect([e.line, e.row, e.column]).toEqual([4, 2, 'note'])
    expect(e.message).toContain('f.csv (line 4, record 2, column "note"): bytes that are not valid UTF-8. Excel\'s plain')
  })

  it('read as Windows-1252 when asked: the text decoded so, and a notice that says it', async () => {
    const ds = await importCsv(new TextDecoder('windows-1252').decode(bytes), { fileName: 'f.csv', encoding: 'windows-1252' })
    expect(ds.columns.map((c) => c.name)).toEqual(['date', 'ventes_été', 'temp'])
    expect(ds.notices.find((n) => n.code === 'encoding')?.message).toBe('read as Windows-1252 (as asked), not UTF-8')
  })

  it('refuses an encoding it does not know', async () => {
    const e = await refusal('a,b\n1,2\n', { encoding: 'latin2' as 'windows-1252' })
    expect(e.message).toBe('f.csv: encoding must be \'utf-8\' or \'windows-1252\' (got "latin2")')
  })
})
