// A file read in two parts (parts.ts) gives exactly what importCsv gives for the whole file: the same
// Dataset (columns, levels and codes, lines, format, notices, series) or the same error (code, message,
// line, record, column, value), for every line break the second part could start after. `merged`
// says whether the second part was used (the break ended a record and every column could be merged)
// or the first part's reader read on; the tests ask for merges where they must happen.
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { CsvReader, importCsv } from './import'
import { absorbPart, importCsvInTwo, readPart, tenPerSecond } from './parts'
import { gauss } from './testing'
import { offsetAt } from './clock-rule'
import { offsetText } from './time-cell'
import type { Dataset, ImportOptions } from './types'

async function* pieces(text: string, n: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += n) yield text.slice(i, i + n)
}

type Outcome = { ds: Dataset } | { error: Record<string, unknown> }

async function outcome(p: Promise<Dataset>): Promise<Outcome> {
  try {
    return { ds: await p }
  } catch (e) {
    if (!(e instanceof ImportError)) throw e
    return { error: { code: e.code, message: e.message, line: e.line, row: e.row, column: e.column, value: e.value, choices: e.choices } }
  }
}

async function inTwo(text: string, split: number, opts: ImportOptions, chunk: number): Promise<{ out: Outcome; merged: boolean }> {
  let started = false
  let fell = false
  const out = await outcome(
    importCsvInTwo(
      {
        first: pieces(text.slice(0, split), chunk),
        rest: () => {
          fell = true
          return pieces(text.slice(split), chunk)
        },
        second: (layout, onProgress) => {
          started = true
          return { result: readPart(pieces(text.slice(split), chunk), layout, opts, onProgress), cancel() {} }
        }
      },
      opts
    )
  )
  return { out, merged: started && !fell }
}

/** Every split after a line break (or `at` only): each equals the whole-file import. Returns how many merged. */
async function sameForEverySplit(text: string, opts: ImportOptions, chunk = 7, at?: number[]): Promise<{ merged: number; splits: number; whole: Outcome }> {
  const whole = await outcome(importCsv(pieces(text, chunk), opts))
  const splits = at ?? [...text.matchAll(/\n/g)].map((m) => (m.index as number) + 1).filter((i) => i < text.length)
  let merged = 0
  for (const s of splits) {
    const r = await inTwo(text, s, opts, chunk)
    expect(r.out, `split at ${s} of ${text.length}`).toEqual(whole)
    if (r.merged) merged++
  }
  return { merged, splits: splits.length, whole }
}

function rows(n: number, f: (i: number) => string, header: string, nl = '\n'): string {
  return [header, ...Array.from({ length: n }, (_, i) => f(i))].join(nl) + nl
}

const opts = (o: Partial<ImportOptions> = {}): ImportOptions => ({ fileName: 'two.csv', ...o })

describe('the CSV corpus read in two parts, split after every line break', () => {
  const dir = resolve(__dirname, '../../test/fixtures/csv')
  const table = JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8')) as Record<string, { file?: string; options?: Partial<ImportOptions> }>
  it('equals importCsv for each file and option set', async () => {
    let merged = 0
    for (const [key, e] of Object.entries(table)) {
      const file = e.file ?? key
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync(join(dir, file)))
      for (const chunk of [3, 1 << 16]) merged += (await sameForEverySplit(text, { fileName: file, ...e.options }, chunk)).merged
    }
    expect(merged).toBeGreaterThan(200)
    expect(readdirSync(dir).length).toBeGreaterThan(30)
  })
})

describe('a file read in two parts', () => {
  it('merges at every record boundary of a plain file: numbers, dates, categories, missing values, lines', async () => {
    const text = rows(40, (i) => `2020-01-${String((i % 28) + 1).padStart(2, '0')} 0${i % 10}:00,${i % 5 === 0 ? 'NA' : (i * 1.25).toFixed(2)},${['a', 'b', 'c'][i % 3]},${i % 7 === 0 ? '' : -i}`, 'time,x,site,n')
    const r = await sameForEverySplit(text, opts())
    expect(r.merged).toBe(r.splits)
  })

  it('falls back when the split falls inside a quoted field that holds a line break, and merges after it', async () => {
    const text = rows(30, (i) => (i % 4 === 1 ? `${i},"line one\nline ""two""\nthree",x` : `${i},plain ${i % 3},y`), 'id,note,z')
    const r = await sameForEverySplit(text, opts())
    const inside = [...text.matchAll(/line one\n|two""\n/g)].map((m) => (m.index as number) + m[0].length)
    for (const s of inside) expect((await inTwo(text, s, opts(), 7)).merged).toBe(false)
    expect(r.merged).toBe(r.splits - inside.length)
    expect('ds' in r.whole && Array.from(r.whole.ds.lines).slice(0, 4)).toEqual([2, 3, 6, 7])
  })

  it('a header row repeated in either part is skipped and named by its line in the whole file', async () => {
    // two files pasted together, the second's header (with spaces, and an unnamed column) at lines 12 and 25
    const body = (i: number) => `2020-01-${String(i + 1).padStart(2, '0')},${i * 1.5},${i % 3}`
    const text = rows(10, body, 'date,sales,') + ' date , sales ,\n' + rows(12, (i) => body(i + 10), '').slice(1) + 'date,sales,\n' + rows(5, (i) => body(i + 22), '').slice(1)
    const r = await sameForEverySplit(text, opts())
    expect(r.merged).toBeGreaterThan(20)
    if (!('ds' in r.whole)) throw new Error(JSON.stringify(r.whole.error))
    expect(r.whole.ds.rowCount).toBe(27)
    expect(r.whole.ds.columns.find((c) => c.name === 'sales')?.kind).toBe('numeric')
    expect(r.whole.ds.columns.find((c) => c.name === 'date')?.kind).toBe('date')
    expect(Array.from(r.whole.ds.lines).slice(9, 12)).toEqual([11, 13, 14])
    expect(r.whole.ds.notices.filter((n) => n.code === 'header-repeated').map((n) => n.message)).toEqual(['lines 12 and 25 repeat the header row: skipped'])
  })

  it('a trailing comma on the data rows only: merged at every split, its refusals placed in the whole file', async () => {
    const body = (i: number) => `2020-01-${String((i % 28) + 1).padStart(2, '0')},${i * 1.5},${i % 3},`
    const ok = await sameForEverySplit(rows(30, body, 'date,sales,n'), opts(), 5)
    if (!('ds' in ok.whole)) throw new Error(JSON.stringify(ok.whole.error))
    expect(ok.whole.ds.columns.map((c) => c.name)).toEqual(['date', 'sales', 'n'])
    expect(ok.merged).toBe(ok.splits)
    expect(ok.whole.ds.notices.filter((n) => n.code === 'trailing-delimiter')).toHaveLength(1)
    const late = await sameForEverySplit(rows(30, (i) => (i === 24 ? body(i) + 'x' : i === 27 ? body(i).slice(0, -1) : body(i)), 'date,sales,n'), opts(), 5)
    expect('error' in late.whole && late.whole.error).toMatchObject({ code: 'ragged-row', line: 26, row: 25 })
  })

  it('a byte that is not UTF-8 in the second part: its line, record and column in the whole file', async () => {
    const r = await sameForEverySplit(rows(30, (i) => `${i},${i === 21 ? 'caf\uFFFD' : 'cafe'}`, 'id,note'), opts(), 5)
    expect('error' in r.whole && r.whole.error).toMatchObject({ code: 'invalid-utf8', line: 23, row: 22, column: 'note' })
  })

  it('CR LF line breaks, a BOM, quoted CR LF and blank lines', async () => {
    const text = '\uFEFF' + rows(30, (i) => (i % 9 === 4 ? '' : `${i};"a\r\nb${i % 2}";${i},5`), 'k;t;v', '\r\n')
    const r = await sameForEverySplit(text, opts())
    expect(r.merged).toBeGreaterThan(20)
    expect('ds' in r.whole && r.whole.ds.format).toMatchObject({ bom: true, newline: '\r\n', delimiter: ';', decimal: 'comma' })
  })

  it('levels first seen in the second part take the next codes, in order of first appearance', async () => {
    const text = rows(40, (i) => `${i},${i < 20 ? ['x', 'y'][i % 2] : ['z', 'y', 'w', 'x'][i % 4]}`, 'i,c')
    const r = await sameForEverySplit(text, opts())
    expect(r.merged).toBe(r.splits)
    const c = 'ds' in r.whole ? r.whole.ds.columns[1] : null
    expect(c?.kind === 'categorical' && c.levels).toEqual(['x', 'y', 'z', 'w'])
  })

  it('a column numeric in the first part and not in the second becomes categorical, or the 90 % error naming the cell', async () => {
    const cat = rows(40, (i) => `${i},${i < 30 ? i * 2 : `w${i % 4}`}`, 'i,v')
    const r1 = await sameForEverySplit(cat, opts())
    expect('ds' in r1.whole && r1.whole.ds.columns[1].kind).toBe('categorical')
    expect(r1.merged).toBeGreaterThan(30)
    const stray = rows(60, (i) => `${i},${i === 45 ? 'oops' : (i / 4).toFixed(2)}`, 'i,v')
    const r2 = await sameForEverySplit(stray, opts())
    expect('error' in r2.whole && r2.whole.error).toMatchObject({ code: 'non-numeric', line: 47, row: 46, value: 'oops' })
    expect(r2.merged).toBeGreaterThan(40)
  })

  it('numbers written with a unit sign: the sign, its count and the first other sign merge as the whole file reads them', async () => {
    const usd = rows(40, (i) => `${i},"${i % 7 === 3 ? `($${i}.25)` : `$${i + 1},${100 + i}.50`}",${i < 25 ? i : `${i}%`}`, 'i,price,rate')
    const r1 = await sameForEverySplit(usd, opts({ decimal: 'dot' }))
    expect('ds' in r1.whole && r1.whole.ds.columns.map((c) => (c as { unit?: string }).unit)).toEqual([undefined, '$', '%'])
    expect('ds' in r1.whole && r1.whole.ds.notices.find((n) => n.column === 'rate')?.message).toContain('15 of its 40 values carry the sign')
    expect(r1.merged).toBeGreaterThan(30)
    const mixed = rows(40, (i) => `${i},${i === 33 ? '€5' : i === 36 ? '£5' : `$${i}`}`, 'i,price')
    const r2 = await sameForEverySplit(mixed, opts())
    expect('error' in r2.whole && r2.whole.error).toMatchObject({ code: 'mixed-units', line: 35, row: 34, value: '€5' })
    expect(r2.merged).toBeGreaterThan(30)
  })

  it('times with and without a UTC offset: the first of each merges as the whole file reads them', async () => {
    const t = (i: number) => `2021-06-0${1 + Math.floor(i / 24)}T${String(i % 24).padStart(2, '0')}:00:00`
    const mixed = rows(40, (i) => `${t(i)}${i >= 33 ? '+02:00' : ''},${i}`, 'time,v')
    const r = await sameForEverySplit(mixed, opts())
    expect('error' in r.whole && r.whole.error).toMatchObject({ code: 'mixed-time-zones', line: 35, row: 34, value: `${t(33)}+02:00` })
    expect('error' in r.whole && r.whole.error.message).toContain(`and "${t(0)}" (line 2) does not`)
    expect(r.merged).toBeGreaterThan(30)
  })

  it('times whose offsets follow the EU rule: the rule is learnt from both parts, as the whole file learns it', async () => {
    const berlin = { rule: 'EU' as const, std: 60 }
    // Berlin's midnights of 400 days from 2023-01-01: spring's switch in the first part, autumn's in the second
    const at = (i: number) => Date.UTC(2023, 0, 1 + i) - offsetAt(Date.UTC(2023, 0, 1 + i) - 36e5, berlin) * 6e4
    const text = rows(400, (i) => `${new Date(at(i) + offsetAt(at(i), berlin) * 6e4).toISOString().slice(0, 19)}${offsetText(offsetAt(at(i), berlin))},${i}`, 'time,v')
    const breaks = [...text.matchAll(/\n/g)].map((m) => (m.index as number) + 1)
    const r = await sameForEverySplit(text, opts(), 4096, [breaks[150]!, breaks[200]!, breaks[250]!])
    expect('ds' in r.whole && r.whole.ds.columns[0]).toMatchObject({ kind: 'date', zoned: true, clock: berlin })
    expect(r.merged).toBeGreaterThan(0)
    // the second part's clock goes back a week late: no rule fits the whole file, nor the parts merged
    const late = (t: number) => (t > Date.UTC(2023, 6, 1) ? offsetAt(t - 7 * 864e5, berlin) : offsetAt(t, berlin))
    const odd = rows(400, (i) => `${new Date(at(i) + late(at(i)) * 6e4).toISOString().slice(0, 19)}${offsetText(late(at(i)))},${i}`, 'time,v')
    const oddBreaks = [...odd.matchAll(/\n/g)].map((m) => (m.index as number) + 1)
    const o = await sameForEverySplit(odd, opts(), 4096, [oddBreaks[150]!, oddBreaks[200]!])
    expect('ds' in o.whole && o.whole.ds.columns[0]).not.toHaveProperty('clock')
    expect(o.merged).toBeGreaterThan(0)
  })

  it('times with offsets that follow no rule: each row\'s offset kept from both parts, as the whole file keeps it', async () => {
    // hourly rows at +05:45, then +05:30 from row 10, +05:45 again from 20, +05:30 from 33; a row with no time at 25
    const off = (i: number) => (i < 10 ? 345 : i < 20 ? 330 : i < 33 ? 345 : 330)
    const text = rows(40, (i) => (i === 25 ? `,${i}` : `${new Date(Date.UTC(2021, 5, 1, i) + off(i) * 6e4).toISOString().slice(0, 19)}${offsetText(off(i))},${i}`), 'time,v')
    const r = await sameForEverySplit(text, opts())
    const h = (i: number) => Date.UTC(2021, 5, 1, i)
    expect('ds' in r.whole && r.whole.ds.columns[0]).toMatchObject({ kind: 'date', zoned: true, offsets: { at: [h(0), h(10), h(20), h(33)], min: [345, 330, 345, 330] } })
    expect(r.merged).toBeGreaterThan(30)
  })

  it('a column of times of day beside the dates: joined as the whole file joins it, or kept where a part has another value', async () => {
    const t = (i: number) => `2021-06-0${1 + Math.floor(i / 24)},${String(i % 24).padStart(2, '0')}:00`
    const r = await sameForEverySplit(rows(40, (i) => `${t(i)},${i}`, 'date,time,v'), opts())
    expect('ds' in r.whole && r.whole.ds.columns.map((c) => c.name)).toEqual(['date', 'v'])
    expect(r.merged).toBeGreaterThan(30)
    const late = await sameForEverySplit(rows(40, (i) => `${i === 35 ? '2021-06-02,noon' : t(i)},${i}`, 'date,time,v'), opts())
    expect('ds' in late.whole && late.whole.ds.columns.map((c) => c.name)).toEqual(['date', 'time', 'v'])
  })

  it('a word in the first part and dot decimals after it: the 90 % rule counts the comma readings the whole file would', async () => {
    // the first part's word rules out both styles; the second part alone would skip the comma reading
    const text = rows(60, (i) => `${i},${i === 3 ? 'n.a.' : i % 2 ? (i / 8).toFixed(3) : `"${(i * 1000 + 0.5).toLocaleString('en-US')}"`}`, 'i,v')
    const r = await sameForEverySplit(text, opts())
    expect('error' in r.whole && r.whole.error).toMatchObject({ code: 'non-numeric', value: 'n.a.' })
  })

  it('the comma readings the whole file counts where the second part alone would have skipped them, or not', async () => {
    // first part: a word and decimal commas (both styles fail); second: a dot decimal (the comma style
    // fails), whole numbers the part alone skips the comma reading of, decimal commas. 90 % read with a
    // comma over the whole file: the error naming the word
    const first = ['x', ...Array.from({ length: 20 }, (_, i) => `${i},5`)]
    const second = ['0.125', ...Array.from({ length: 20 }, (_, i) => String(i)), ...Array.from({ length: 5 }, (_, i) => `${i},25`)]
    const skipped = rows(first.length + second.length, (i) => `${i};${[...first, ...second][i]}`, 'i;v')
    const r1 = await sameForEverySplit(skipped, opts())
    expect('error' in r1.whole && r1.whole.error).toMatchObject({ code: 'non-numeric', value: 'x', row: 1 })
    // first part: dot decimals (the comma style fails); second: whole numbers the whole file skips the
    // comma reading of (no dot failure yet), then decimal commas: under 90 % either way, categorical
    const dots = Array.from({ length: 5 }, (_, i) => `${i}.125`)
    const then = [...Array.from({ length: 30 }, (_, i) => String(i)), ...Array.from({ length: 20 }, (_, i) => `${i},5`)]
    const notSkipped = rows(dots.length + then.length, (i) => `${i};${[...dots, ...then][i]}`, 'i;v')
    const r2 = await sameForEverySplit(notSkipped, opts())
    expect('ds' in r2.whole && r2.whole.ds.columns[1].kind).toBe('categorical')
    expect(r2.merged).toBe(r2.splits)
  })

  it('decimal commas decided in the second part, ambiguous numbers, and the error asking which', async () => {
    const late = rows(40, (i) => `${i};${i < 30 ? `${i},000` : `${i},5`}`, 'i;v')
    const r1 = await sameForEverySplit(late, opts())
    expect('ds' in r1.whole && r1.whole.ds.format.decimal).toBe('comma')
    expect(r1.merged).toBe(r1.splits)
    const amb = rows(40, (i) => `${i};${i + 1},500`, 'i;v')
    const r2 = await sameForEverySplit(amb, opts())
    expect('error' in r2.whole && r2.whole.error).toMatchObject({ code: 'ambiguous-number-format', choices: ['dot', 'comma'], row: 1 })
    expect(r2.merged).toBe(r2.splits)
    const dot = rows(40, (i) => `${i};${i + 1},500;${i}.25`, 'i;v;w')
    expect((await sameForEverySplit(dot, opts())).merged).toBe(40)
    const inf = rows(40, (i) => `${i};${i === 33 ? '1,5e400' : `${i},5`}`, 'i;v')
    const r3 = await sameForEverySplit(inf, opts())
    expect('error' in r3.whole && r3.whole.error).toMatchObject({ code: 'out-of-range', value: '1,5e400', row: 34 })
  })

  it('dd-mm-yy or yy-mm-dd settled by the order of the rows, read in two parts as whole', async () => {
    const days = rows(40, (i) => new Date(Date.UTC(2020, 0, 10 + i)).toISOString().slice(2, 10).split('-').reverse().join('-') + `,${i}`, 'd,v')
    const r = await sameForEverySplit(days, opts())
    expect('ds' in r.whole && r.whole.ds.columns[0]).toMatchObject({ kind: 'date', format: 'dmy' })
    expect(r.merged).toBe(r.splits)
  })

  it('months yy-mm or mm-yy: settled by a value in the second part, by the order, or asked about', async () => {
    const ym = rows(24, (i) => `${String(1 + Math.floor(i / 12)).padStart(2, '0')}-${String((i % 12) + 1).padStart(2, '0')},${i}`, 'm,v')
    const r1 = await sameForEverySplit(ym + '13-01,1\n', opts())
    expect('ds' in r1.whole && r1.whole.ds.columns[0]).toMatchObject({ kind: 'date', format: 'year-month' })
    expect('ds' in r1.whole && r1.whole.ds.notices.find((n) => n.code === 'month-order')?.message).toContain('"13-01" (line 26, row 25) has a first part above 12')
    const r2 = await sameForEverySplit(ym, opts())
    expect('ds' in r2.whole && r2.whole.ds.notices.find((n) => n.code === 'month-order')?.message).toContain('only so do the rows go forward in time')
    const amb = rows(9, (i) => `0${i + 1}-05,${i}`, 'm,v')
    expect((await sameForEverySplit(amb, opts())).whole).toMatchObject({ error: { code: 'ambiguous-month-format', choices: ['ym', 'my'] } })
    expect((await sameForEverySplit(amb, opts({ monthOrder: 'ym' }))).merged).toBe(9)
    // newest first (02-12 … 01-01: yy-mm, the one order so in time) and one-digit months (9-12 … 1-12:
    // both orders newest first, asked) are read in two parts as in one
    const newest = rows(24, (i) => `${String(2 - Math.floor(i / 12)).padStart(2, '0')}-${String(12 - (i % 12)).padStart(2, '0')},${i}`, 'm,v')
    const r3 = await sameForEverySplit(newest, opts())
    expect('ds' in r3.whole && r3.whole.ds.notices.find((n) => n.code === 'month-order')?.message).toContain('only so are the rows in time order, newest first')
    const oneDigit = rows(9, (i) => `${9 - i}-12,${i}`, 'm,v')
    expect((await sameForEverySplit(oneDigit, opts())).whole).toMatchObject({ error: { code: 'ambiguous-month-format', value: '9-12' } })
    expect('ds' in (await sameForEverySplit(oneDigit, opts({ monthOrder: 'my' }))).whole).toBe(true)
  })

  it('dates: day/month order settled by a value in the second part, ambiguous order asked about, contradictions', async () => {
    const dmy = rows(40, (i) => `${String((i % 12) + 1).padStart(2, '0')}/0${(i % 9) + 1}/2020,${i}`, 'd,v') + '25/01/2020,1\n'
    const r1 = await sameForEverySplit(dmy, opts())
    expect('ds' in r1.whole && r1.whole.ds.columns[0]).toMatchObject({ kind: 'date', format: 'dmy' })
    expect(r1.merged).toBe(r1.splits)
    const amb = rows(30, (i) => `0${(i % 9) + 1}/0${(i % 8) + 1}/2021,${i}`, 'd,v')
    const r2 = await sameForEverySplit(amb, opts())
    expect('error' in r2.whole && r2.whole.error).toMatchObject({ code: 'ambiguous-date-format', choices: ['dmy', 'mdy'] })
    expect((await sameForEverySplit(amb, opts({ dateOrder: 'mdy' }))).merged).toBe(30)
    const contra = dmy + '01/13/2020,2\n'
    const r3 = await sameForEverySplit(contra, opts())
    expect('error' in r3.whole && r3.whole.error).toMatchObject({ code: 'invalid-date', value: '01/13/2020' })
  })

  it('two-digit years: yy-mm-dd settled by a value in the second part, and the notice, as the whole file reads them', async () => {
    // each value reads as dd-mm-yy and as yy-mm-dd until 32-01-21, which has no 32nd day
    const dash = rows(30, (i) => `${String((i % 28) + 1).padStart(2, '0')}-01-21,${i}`, 'd,v') + '32-01-21,1\n'
    const r = await sameForEverySplit(dash, opts())
    expect('ds' in r.whole && r.whole.ds.columns[0]).toMatchObject({ kind: 'date', format: 'iso' })
    expect('ds' in r.whole && r.whole.ds.notices.find((n) => n.code === 'two-digit-years')?.message).toBe('column "d" has two-digit years, read as Excel reads them (00–29 as 2000–2029, 30–99 as 1930–1999): "01-01-21" (line 2) as 2001-01-21, the last date (line 32) as 1932-01-21')
    expect(r.merged).toBe(r.splits)
  })

  it('dates of another format in the second part, and a date column that turns to words', async () => {
    const mixed = rows(40, (i) => (i < 20 ? `2020-02-${String(i + 1).padStart(2, '0')},${i}` : `0${(i % 9) + 1}/03/2020,${i}`), 'd,v')
    await sameForEverySplit(mixed, opts())
    const words = rows(80, (i) => (i < 40 ? `2020-02-${String((i % 28) + 1).padStart(2, '0')},${i}` : `later ${i % 3},${i}`), 'date,v')
    const r = await sameForEverySplit(words, opts())
    expect('ds' in r.whole && r.whole.ds.notices.some((n) => n.code === 'time-not-read')).toBe(true)
    const late = rows(80, (i) => `${i},${i < 40 ? '' : `2020-02-${String((i % 28) + 1).padStart(2, '0')}`}`, 'i,note') // all missing in the first part
    expect((await sameForEverySplit(late, opts())).merged).toBe(80)
    for (const format of ['dmy', 'mdy']) {
      const [a, b] = format === 'dmy' ? ['%d', '0%m'] : ['0%m', '%d']
      const date = (i: number) => `${a}/${b}/2020`.replace('%d', String((i % 28) + 1).padStart(2, '0')).replace('0%m', `0${(i % 9) + 1}`)
      const early = rows(80, (i) => `${i},${i < 40 ? date(i) : ''}`, 'i,when') // all missing in the second part
      const r2 = await sameForEverySplit(early, opts())
      expect('ds' in r2.whole && r2.whole.ds.columns[1]).toMatchObject({ kind: 'date', format })
      expect(r2.merged).toBe(80)
    }
  })

  it('where the whole file gives up reading a column as dates: inside the second part, or not where the part alone did', async () => {
    // 39 dates and a word, then words: the whole file stops reading dates at the 11th word, with 39
    // valid of 80 values (under half: no notice that the column looks like dates)
    const words = rows(80, (i) => `${i},${i < 39 ? `2020-03-${String((i % 28) + 1).padStart(2, '0')}` : `w${i % 3}`}`, 'i,v1')
    const r1 = await sameForEverySplit(words, opts())
    expect('ds' in r1.whole && r1.whole.ds.notices.map((n) => n.code)).not.toContain('time-not-read')
    expect(r1.merged).toBe(r1.splits)
    // 150 dates, then 12 words and 100 dates: the second part alone gives up after 11 words, the
    // whole file does not (12 bad of 162), and the column is 95 % dates: the error naming the first word
    const most = rows(262, (i) => `${i},${i >= 150 && i < 162 ? `w${i}` : `2020-03-${String((i % 28) + 1).padStart(2, '0')}`}`, 'i,v1')
    const r2 = await sameForEverySplit(most, opts())
    expect('error' in r2.whole && r2.whole.error).toMatchObject({ code: 'invalid-date', value: 'w150' })
  })

  it('a control character in the second part is placed by physical lines (a bare LF inside a CR LF file)', async () => {
    const text = rows(30, (i) => (i === 25 ? '9,a\u0002' : `${i},${i % 5 === 2 ? 'two\nlines' : 'x'}`), 'a,b', '\r\n')
    const r = await sameForEverySplit(text, opts())
    expect('error' in r.whole && r.whole.error).toMatchObject({ code: 'control-char', line: 32 })
    expect(r.merged).toBeGreaterThan(25)
  })

  it('an error in the second part names the same line and record: ragged row, bad quote, control character, unclosed quote', async () => {
    const base = (i: number) => `${i},"q ${i}\nz",${i % 3}`
    for (const [bad, code] of [
      ['1,2', 'ragged-row'],
      ['7,"x"y,1', 'bad-quote'],
      ['7,a\u0001b,1', 'control-char'],
      ['7,"never closed,1', 'unclosed-quote']
    ] as const) {
      const at = code === 'unclosed-quote' ? 29 : 24 // an unclosed quote runs to the end of the file
      const text = rows(30, (i) => (i === at ? bad : base(i)), 'a,b,c')
      const r = await sameForEverySplit(text, opts())
      expect('error' in r.whole && r.whole.error.code).toBe(code)
      expect(r.merged).toBeGreaterThan(25)
    }
  })

  it('maxLevels distinct values over both parts stay categorical; one more is text', async () => {
    for (const [levels, kind] of [['abcdef', 'categorical'], ['abcdefg', 'text']] as const) {
      const text = rows(30, (i) => `${i},${levels[i < 15 ? i % 3 : 3 + (i % (levels.length - 3))]}`, 'i,k')
      const r = await sameForEverySplit(text, opts({ maxLevels: 6 }))
      expect('ds' in r.whole && r.whole.ds.columns[1].kind).toBe(kind)
      expect(r.merged).toBe(r.splits)
    }
  })

  it('more distinct values than maxLevels over both parts: text, or the error for a set categorical', async () => {
    const text = rows(40, (i) => `${i % 2 ? 'x' : `id${i}`},k${i % 6}`, 'id,k')
    const r = await sameForEverySplit(text, opts({ maxLevels: 12 }))
    expect('ds' in r.whole && r.whole.ds.columns.map((c) => c.kind)).toEqual(['text', 'categorical'])
    expect(r.merged).toBe(r.splits)
    const r2 = await sameForEverySplit(text, opts({ maxLevels: 12, columns: { id: { type: 'categorical' } } }))
    expect('error' in r2.whole && r2.whole.error.code).toBe('too-many-levels')
  })

  it('series files: the declared id counted over both parts, the proposed id and its notice', async () => {
    const text = rows(60, (i) => `2020-01-${String((i % 20) + 1).padStart(2, '0')},s${Math.floor(i / 20) + 1},${i}`, 'date,store,v') // s3 only after the middle
    const r = await sameForEverySplit(text, opts())
    expect('ds' in r.whole && r.whole.ds.notices.map((n) => n.code)).toContain('series-id')
    expect(r.merged).toBe(r.splits)
    const d = await sameForEverySplit(text, opts({ series: ['store'] }))
    expect('ds' in d.whole && d.whole.ds.series).toEqual({ columns: ['store'], count: 3, declared: true })
  })

  it('random files of every column kind equal importCsv at random splits', async () => {
    const g = gauss(13)
    const u = () => (g() + 4) / 8
    for (let f = 0; f < 25; f++) {
      const kinds = Array.from({ length: 5 }, () => Math.floor(u() * 8))
      const n = 50 + Math.floor(u() * 150)
      const cell = (k: number, i: number): string => {
        if (u() < 0.05) return ['', 'NA', '-'][i % 3]
        const late = i > n / 2 && u() < 0.1
        switch (k) {
          case 0: return late ? 'x1' : (g() * 100).toFixed(2)
          case 1: return String(Math.round(g() * 1000))
          case 2: return late ? `${Math.round(u() * 9)},5` : `${Math.round(u() * 9)},25`
          case 3: return `${String(1 + Math.floor(u() * 12)).padStart(2, '0')}/${String(1 + Math.floor(u() * 28)).padStart(2, '0')}/20${10 + (i % 10)}`
          case 4: return late ? 'later' : `2021-03-${String(1 + (i % 28)).padStart(2, '0')}`
          case 5: return ['red', 'green', 'blue', late ? 'violet' : 'red'][i % 4]
          case 6: return `"q${i % 5}\n${late ? 'x' : 'y'}"`
          default: return ['yes', 'no'][i % 2]
        }
      }
      const text = rows(n, (i) => kinds.map((k) => cell(k, i)).join(','), kinds.map((k, j) => `c${j}k${k}`).join(','))
      const breaks = [...text.matchAll(/\n/g)].map((m) => (m.index as number) + 1)
      const at = Array.from({ length: 6 }, () => breaks[Math.floor(u() * (breaks.length - 1))])
      for (const o of [opts(), opts({ decimal: 'comma', dateOrder: 'mdy' })]) await sameForEverySplit(text, o, 5, at)
    }
  })

  it('after the merge, a column that reads as a number in neither style holds no number reading', async () => {
    // c: decimal commas (the dot style fails) in the first part, whole numbers and a dot decimal (the
    // comma style fails) last in the second
    const text = rows(20, (i) => `${i},"${i < 10 ? `${i},5` : i < 19 ? i : `${i}.25`}"`, 'i,c')
    const split = text.indexOf('\n10,') + 1
    const r = new CsvReader(opts())
    await r.openFile(text.slice(0, split))
    await r.read(false)
    const layout = r.layout()
    const res = await readPart(text.slice(split), layout as NonNullable<typeof layout>, opts())
    expect(res.ok && res.part.accs[1].num !== null && r.accs[1].num !== null).toBe(true) // each part alone keeps it
    expect(absorbPart(r, (res as Extract<typeof res, { ok: true }>).part)).toBe(true)
    expect(r.accs.map((a) => a.num === null)).toEqual([false, true])
  })

  it('progress counts both parts', async () => {
    const text = rows(3000, (i) => `${i},${i % 7}`, 'a,b')
    const split = text.indexOf('\n', text.length >> 1) + 1
    const seen: number[] = []
    await importCsvInTwo(
      {
        first: pieces(text.slice(0, split), 1000),
        rest: () => pieces(text.slice(split), 1000),
        second: (layout, onProgress) => ({ result: readPart(pieces(text.slice(split), 1000), layout, opts(), onProgress), cancel() {} })
      },
      opts(),
      (p) => seen.push(p.records)
    )
    expect(Math.max(...seen)).toBe(3000)
  })
})

describe('tenPerSecond', () => {
  it('passes the first report on at once (even at time 0, as in a fresh worker), then one per 100 ms', () => {
    let t = 0
    const got: number[] = []
    const report = tenPerSecond((p: number) => got.push(p), () => t)
    for (let i = 0; i <= 30; i++) {
      t = i * 10 // a report every 10 ms for 300 ms
      report(i)
    }
    expect(got).toEqual([0, 11, 22])
  })
})

// The category reading of a column waits while every value is a number whose text it gives back
// (ColumnAcc.catDeferred); its codes are made from the numbers when another value comes. A column
// set to categorical reads every cell as a category from the start: the same codes and levels.
describe('the category reading that waits for a value other than a number', () => {
  const codesOf = (o: Outcome, j: number) => {
    const c = 'ds' in o ? o.ds.columns[j] : null
    return c?.kind === 'categorical' ? { codes: Array.from(c.codes), levels: c.levels } : c?.kind ?? o
  }
  const cases: [string, (i: number) => string][] = [
    ['whole numbers, then words', (i) => (i < 30 ? String((i * 7) % 5 - 2) : `w${i % 3}`)],
    ['two decimals, missing values, then words', (i) => (i % 6 === 0 ? 'NA' : i < 25 ? ((i % 4) * 0.25).toFixed(2) : `s${i % 2}`)],
    ['decimals of another count first', (i) => (i < 10 ? (i / 2).toFixed(1) : i < 20 ? (i / 4).toFixed(2) : `k${i % 5}`)],
    ...['007', '+3', '1e-3', '-0', '-0.0', '.5', '5.', '0.10'].map((t): [string, (i: number) => string] => [
      `"${t}" after whole numbers (a text no number writes back)`,
      (i) => (i < 5 ? String(i) : i === 5 ? t : i < 20 ? String(i % 3) : `w${i % 2}`)
    ]),
    ['numbers of more than 15 digits', (i) => (i % 3 ? '1234567890123456' : `t${i % 2}`)],
    ['words first, then numbers', (i) => (i < 5 ? `w${i}` : String(i % 4))]
  ]
  for (const [name, f] of cases) {
    it(`${name}: the codes and levels of the column set to categorical, at every split`, async () => {
      const text = rows(40, (i) => `${i},${f(i)}`, 'i,c')
      const r = await sameForEverySplit(text, opts())
      const set = await outcome(importCsv(text, opts({ columns: { c: { type: 'categorical' } } })))
      expect(codesOf(r.whole, 1)).toEqual(codesOf(set, 1))
      expect(r.merged).toBeGreaterThan(0)
    })
  }

  it('a numeric column keeps no category reading to its end, and its values are exact', async () => {
    const text = rows(40, (i) => `${i},${(i % 7) - 3},${((i * 37) % 11) / 4}`, 'i,a,b')
    const r = await sameForEverySplit(text, opts())
    expect('ds' in r.whole && r.whole.ds.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'numeric'])
  })

  it('more distinct numbers than maxLevels before the first word: text, as without the wait', async () => {
    const text = rows(40, (i) => `${i},${i < 30 ? i : 'w'}`, 'i,c')
    const r = await sameForEverySplit(text, opts({ maxLevels: 12 }))
    expect('ds' in r.whole && r.whole.ds.columns[1].kind).toBe('text')
    const set = await outcome(importCsv(text, opts({ maxLevels: 12, columns: { c: { type: 'categorical' } } })))
    expect('error' in set && set.error.code).toBe('too-many-levels')
    // 12 distinct numbers and the word: categorical, the levels in order of first appearance
    const few = rows(40, (i) => `${i},${i < 30 ? i % 12 : 'w'}`, 'i,c')
    const r2 = await sameForEverySplit(few, opts({ maxLevels: 13 }))
    expect(codesOf(r2.whole, 1)).toMatchObject({ levels: [...Array.from({ length: 12 }, (_, k) => String(k)), 'w'] })
  })
})
