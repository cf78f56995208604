// The CSV corpus: every file in test/fixtures/csv is one test, driven by expectations.json (either the
// typed error with its code/line/record/column, or exact parsed values). Each file is fed in 3-character
// chunks so every chunk boundary case (inside quotes, between CR and LF, inside the BOM's neighbour) runs.
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { importCsv } from './import'
import type { Column, Dataset, ImportOptions } from './types'

const dir = resolve(__dirname, '../../test/fixtures/csv')
interface Expectation {
  file?: string
  note: string
  options?: Partial<ImportOptions>
  error?: { code: string; line?: number; row?: number; column?: string; choices?: string[] }
  values?: Record<string, unknown[]>
  kinds?: Record<string, string>
  lines?: number[]
  format?: Record<string, unknown>
  notices?: string[]
  absent?: string[]
}
const table = JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8')) as Record<string, Expectation>

async function* tiny(text: string, n: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += n) yield text.slice(i, i + n)
}

function plain(c: Column): unknown[] {
  switch (c.kind) {
    case 'numeric': return Array.from(c.values, (v) => (Number.isNaN(v) ? null : v))
    case 'boolean': return Array.from(c.values, (v) => (Number.isNaN(v) ? null : v === 1))
    case 'categorical': return Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]))
    case 'date': return Array.from(c.values, (v) => (Number.isNaN(v) ? null : new Date(v).toISOString()))
    case 'text': return []
  }
}

async function load(key: string, e: Expectation, chunk: number): Promise<Dataset> {
  const file = e.file ?? key
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync(join(dir, file))) // invalid bytes -> U+FFFD
  return importCsv(tiny(text, chunk), { fileName: file, ...e.options })
}

describe('CSV corpus (test/fixtures/csv/expectations.json)', () => {
  it('has at least 30 files, each with an expectation', () => {
    const files = readdirSync(dir).filter((f) => f !== 'expectations.json')
    expect(files.length).toBeGreaterThanOrEqual(30)
    const covered = new Set(Object.entries(table).map(([k, e]) => e.file ?? k))
    expect(files.filter((f) => !covered.has(f))).toEqual([])
  })

  for (const [key, e] of Object.entries(table)) {
    it(`${key}: ${e.note}`, async () => {
      if (e.error) {
        const err = await load(key, e, 3).then(
          () => null,
          (x: unknown) => x
        )
        expect(err).toBeInstanceOf(ImportError)
        const ie = err as ImportError
        expect({ code: ie.code, line: ie.line, row: ie.row, column: ie.column }).toEqual({
          code: e.error.code, line: e.error.line, row: e.error.row, column: e.error.column
        })
        if (e.error.choices) expect(ie.choices).toEqual(e.error.choices)
        expect(ie.message).toContain(e.file ?? key)
        return
      }
      const ds = await load(key, e, 3)
      const byName = new Map(ds.columns.map((c) => [c.name, c]))
      for (const [name, want] of Object.entries(e.values ?? {})) {
        const col = byName.get(name)
        expect(col, name).toBeDefined()
        const got = plain(col as Column)
        expect(got.length).toBe(want.length)
        want.forEach((w, i) => (typeof w === 'number' ? expect(got[i]).toBeCloseTo(w, 12) : expect(got[i]).toEqual(w)))
      }
      for (const [name, kind] of Object.entries(e.kinds ?? {})) expect(byName.get(name)?.kind).toBe(kind)
      if (e.lines) expect(Array.from(ds.lines)).toEqual(e.lines)
      if (e.format) expect(ds.format).toMatchObject(e.format)
      for (const code of e.notices ?? []) expect(ds.notices.map((n) => n.code)).toContain(code)
      for (const name of e.absent ?? []) expect(byName.has(name)).toBe(false)
    })
  }
})

describe('importCsv streaming and options', () => {
  it('gives the same dataset for one string and for 1-character chunks', async () => {
    const text = 'date;v;c\r\n2020-01-01;"1,5";a\r\n2020-01-02;2;"b\r\nc"\r\n2020-01-03;NA;a\r\n'
    const a = await importCsv(text, { fileName: 'x.csv' })
    const b = await importCsv(tiny(text, 1), { fileName: 'x.csv' })
    expect(b.columns.map(plain)).toEqual(a.columns.map(plain))
    expect(plain(a.columns[1])).toEqual([1.5, 2, null])
    expect(Array.from(b.lines)).toEqual([2, 3, 5])
  })

  it('a file that mixes LF and CR LF line ends: an empty last cell is missing, not 0, and no record is swallowed', async () => {
    const rows = ['2020-01-01,1,5.5', '2020-01-02,0,', '2020-01-03,1,"x"', '2020-01-04,0,']
    // an LF header with CR LF rows (rows appended on another system)
    for (const text of ['date,promo,sales\n' + rows.join('\r\n') + '\r\n']) {
      const ds = await importCsv(text, { fileName: 'mixed.csv', columns: { sales: { type: 'categorical' } } })
      expect(ds.rowCount).toBe(4)
      expect(ds.columns.map((c) => c.name)).toEqual(['date', 'promo', 'sales'])
      const sales = ds.columns[2] as { codes: Int32Array; levels: string[] }
      expect(Array.from(sales.codes, (k) => (k < 0 ? null : sales.levels[k]))).toEqual(['5.5', null, 'x', null])
      for (const t of [text, tiny(text, 1)]) {
        const n = (await importCsv(t, { fileName: 'mixed.csv' })).columns[1]!
        expect(plain(n)).toEqual([1, 0, 1, 0])
      }
    }
    const numeric = await importCsv('date,promo,sales\n2020-01-01,1,5.5\r\n2020-01-02,0,\r\n2020-01-03,1,7\r\n', { fileName: 'mixed.csv' })
    expect(plain(numeric.columns[2])).toEqual([5.5, null, 7])
    // the reverse, a CR LF header with LF rows, reads as one record with line breaks in it (a CR LF
    // file may hold bare LFs in its values): refused, saying why
    await expect(importCsv('date,promo,sales\r\n' + rows.filter((r) => !r.includes('"')).join('\n') + '\n', { fileName: 'mixed.csv' })).rejects.toThrow(/the file mixes line ends; save it with one kind/)
  })

  it('cuts large chunks into 64 KiB pieces without breaking a record, a CR LF or an emoji that straddles a cut', async () => {
    const body: string[] = []
    for (let i = 0; i < 12000; i++) body.push(`${String(i).padStart(5, '0')},${i % 3 === 0 ? 'a😀b' : 'abcd'}xyz`)
    const rest = body.join('\r\n') + '\r\n'
    // pad the header (trailing spaces are trimmed from names) so that an emoji's high surrogate is the
    // last character of the first 64 KiB piece and its low surrogate the first of the next
    const k = rest.indexOf('😀', 65536 - 200)
    const header = 'd,c' + ' '.repeat(65535 - 5 - k) + '\r\n'
    const text = header + rest
    expect([text.charCodeAt(65535) >= 0xd800 && text.charCodeAt(65535) < 0xdc00, text.charCodeAt(65536) >= 0xdc00]).toEqual([true, true])
    const whole = await importCsv(tiny(text, 1 << 21), { fileName: 'big.csv' }) // one 2 MiB chunk, as chromium's File stream gives
    const small = await importCsv(tiny(text, 4093), { fileName: 'big.csv' })
    expect(whole.rowCount).toBe(12000)
    expect(whole.columns.map((c) => c.name)).toEqual(['d', 'c'])
    expect(whole.columns.map(plain)).toEqual(small.columns.map(plain))
    expect(new Set(plain(whole.columns[1]))).toEqual(new Set(['a😀bxyz', 'abcdxyz']))
    expect(Array.from(whole.lines)).toEqual(Array.from(small.lines))
  })

  it('obeys an explicit delimiter over detection', async () => {
    const ds = await importCsv('a;b,c\n1;2,3\n', { fileName: 'x.csv', delimiter: ',' })
    expect(ds.columns.map((c) => c.name)).toEqual(['a;b', 'c'])
  })

  it('reports progress and stops on abort with no dataset', async () => {
    const text = 'a,b\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i * 2}`).join('\n')
    const seen: number[] = []
    const signal = { aborted: false }
    const err = await importCsv(tiny(text, 1000), { fileName: 'big.csv' }, (p) => {
      seen.push(p.records)
      if (p.records > 100) signal.aborted = true
    }, signal).catch((x: unknown) => x)
    expect((err as ImportError).code).toBe('aborted')
    expect(seen.length).toBeGreaterThan(0)
  })

  it('rejects a bad option naming it', async () => {
    const err = await importCsv('a\n1\n', { fileName: 'x.csv', decimal: 'point' as never }).catch((x: unknown) => x)
    expect((err as ImportError).code).toBe('bad-option')
    expect((err as Error).message).toContain('decimal')
  })

  it('a column with more than maxLevels distinct words becomes text, with a notice', async () => {
    const text = 'id,v\n' + Array.from({ length: 30 }, (_, i) => `id${i},${i}`).join('\n')
    const ds = await importCsv(text, { fileName: 'x.csv', maxLevels: 10 })
    expect(ds.columns[0].kind).toBe('text')
    expect(ds.notices.map((n) => n.code)).toContain('text-column')
  })
})

describe('the number reading is dropped once a column cannot be numeric', () => {
  it('keeps counting: a stray word first, then 99 numbers, is still the 90 % error naming that cell', async () => {
    const text = 'v,w\nabc,1\n' + Array.from({ length: 99 }, (_, i) => `${i},2`).join('\n') + '\n'
    const err = await importCsv(tiny(text, 7), { fileName: 'stray.csv' }).catch((x: unknown) => x)
    expect(err).toBeInstanceOf(ImportError)
    expect({ code: (err as ImportError).code, line: (err as ImportError).line, column: (err as ImportError).column, value: (err as ImportError).value }).toEqual({ code: 'non-numeric', line: 2, column: 'v', value: 'abc' })
  })

  it('holds no number builder for a word column or a date column, and keeps one for a set numeric type', async () => {
    const { ColumnAcc } = await import('./accumulate')
    const words = new ColumnAcc('city', undefined, 1000)
    const dates = new ColumnAcc('date', undefined, 1000)
    const forced = new ColumnAcc('n', { type: 'numeric' }, 1000)
    for (const [a, s] of [[words, 'north'], [dates, '2020-01-01'], [forced, 'x']] as const) a.push(s)
    expect([words.num, dates.num, forced.num === null]).toEqual([null, null, false])
    words.push('15') // counted still in both styles: the 90 % rule needs the counts
    expect([words.dotValid, words.commaValid, words.nonMissing]).toEqual([1, 1, 2])
    // a value that reads in one style only keeps the reading ("1,5": comma yes, dot no)
    const comma = new ColumnAcc('c', undefined, 1000)
    comma.push('1,5')
    expect(comma.num).not.toBeNull()
  })
})

describe('a UTF-16 file', () => {
  // the app reads a file's bytes as UTF-8 (renderer/src/workers/text-chunks.ts), the CLI too
  const asUtf8 = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes)
  const csv = 'date,temp\n2020-01-01,12.5\n2020-01-02,13.0\n'
  const le = new Uint8Array(Buffer.from(csv, 'utf16le'))
  const be = le.map((_, i) => le[i ^ 1]!)
  const withBom = (bom: number[], b: Uint8Array) => new Uint8Array([...bom, ...b])

  it.each([
    ['little-endian with its byte order mark', withBom([0xff, 0xfe], le)],
    ['big-endian with its byte order mark', withBom([0xfe, 0xff], be)],
    ['little-endian without one', le],
    ['big-endian without one', be]
  ])('%s: said to be UTF-16, with how to save it as UTF-8', async (_, bytes) => {
    const err = await importCsv(asUtf8(bytes), { fileName: 'w.csv' }).catch((x: unknown) => x)
    expect(err).toBeInstanceOf(ImportError)
    expect((err as ImportError).message).toBe('w.csv (line 1): the file is UTF-16 text (its first bytes say so); only UTF-8 is read: save it as UTF-8 (Excel: Save As, "CSV UTF-8 (Comma delimited)"; Notepad: Save As, Encoding "UTF-8")')
  })

  it('a Latin-1 file is still said to have bytes that are not UTF-8, and a binary file a NUL byte', async () => {
    const latin = await importCsv(asUtf8(new Uint8Array([0x63, 0x69, 0x74, 0xe9, 0x2c, 0x79, 0x0a, 0x61, 0x2c, 0x31, 0x0a])), { fileName: 'l.csv' }).catch((x: unknown) => x)
    expect((latin as ImportError).message).toMatch(/bytes that are not valid UTF-8/)
    const binary = await importCsv(asUtf8(new Uint8Array([0x41, 0x00, 0x00, 0x00, 0x42, 0x43, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x0a])), { fileName: 'b.csv' }).catch((x: unknown) => x)
    expect((binary as ImportError).message).toMatch(/NUL byte: this is a binary file/)
  })
})
