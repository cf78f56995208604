// fw on the three import findings of exploratory pass 25: a header written in decomposed Unicode
// (NFD), a trailing comma on the data rows only, and a Windows-1252 file (Excel's plain "CSV (Comma
// delimited)"), which fw reads with --encoding windows-1252 when asked, never unasked.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-findings25-'))
const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)
const body = (n: number, end = '') => Array.from({ length: n }, (_, i) => `${day(i)},${(50 + 5 * Math.sin(i / 3) + (i % 7)).toFixed(2)},${(15 + (i % 5)).toFixed(1)}${end}`)
const write = (name: string, text: string | Uint8Array) => {
  const f = join(dir, name)
  writeFileSync(f, text)
  return f
}

describe('a header in decomposed Unicode (NFD)', () => {
  const nfd = write('nfd.csv', [`date,${'ventes_été'.normalize('NFD')},${'température'.normalize('NFD')}`, ...body(80)].join('\n') + '\n')
  const nfc = write('nfc.csv', ['date,ventes_été,température', ...body(80)].join('\n') + '\n')

  it('fw train --target as typed (composed) finds the column', async () => {
    const r = await fw('train', '--csv', nfd, '--target', 'ventes_été', '--features', 'température', '--epochs', '1', '--no-db', '--out', join(dir, 'nfd'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it('a --target pasted in decomposed form finds the composed column', async () => {
    const r = await fw('train', '--csv', nfc, '--target', 'ventes_été'.normalize('NFD'), '--features', 'température'.normalize('NFD'), '--epochs', '1', '--no-db', '--out', join(dir, 'typed-nfd'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it('fw predict with a model trained on the composed file reads the decomposed one', async () => {
    const t = await fw('train', '--csv', nfc, '--target', 'ventes_été', '--epochs', '1', '--no-db', '--out', join(dir, 'nfc'))
    expect(t.code).toBe(0)
    const r = await fw('predict', '--model', join(dir, 'nfc', 'model.json'), '--csv', nfd, '--out', join(dir, 'p.csv'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const [head, first] = readFileSync(join(dir, 'p.csv'), 'utf8').split(/\r?\n/)
    expect(head).toBe('time,step,forecast,lower,upper,actual')
    expect(Number(first!.split(',').at(-1))).toBeGreaterThan(40) // the target's values, read from the decomposed column
  })
})

describe('a trailing comma on the data rows only', () => {
  it('fw inspect reads the header\'s columns and says so', async () => {
    const f = write('trail.csv', ['date,ventes,temp', ...body(20, ',')].join('\n') + '\n')
    const r = await fw('inspect', '--csv', f)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("every data row ends in a ',' that the header does not: an empty field 4, after the header's 3 columns; read without it")
  })
})

describe('a Windows-1252 file', () => {
  const text = ['date,ventes_été,temp', ...body(20)].join('\n') + '\n'
  const f = write('latin1.csv', new Uint8Array(Buffer.from(text, 'latin1')))

  it('is refused, with the line, the column, Excel\'s steps and the flag that reads it as Windows-1252', async () => {
    const r = await fw('inspect', '--csv', f)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('latin1.csv (line 1): bytes that are not valid UTF-8 in column 2 of the header. Excel\'s plain "CSV (Comma delimited)" saves Windows-1252 text: save it as UTF-8 instead (Excel: File › Save As, "CSV UTF-8 (Comma delimited)"), or pass --encoding windows-1252')
  })

  it('--encoding windows-1252 reads it, and says so', async () => {
    const r = await fw('inspect', '--csv', f, '--encoding', 'windows-1252')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('ventes_été')
    expect(r.stdout).toContain('read as Windows-1252 (as asked), not UTF-8')
    const t = await fw('train', '--csv', f, '--target', 'ventes_été', '--encoding', 'windows-1252', '--epochs', '1', '--no-db', '--out', join(dir, 'w1252'))
    expect(t.code).toBe(0)
  })

  it('--encoding takes utf-8 or windows-1252 only, and is in --help', async () => {
    const r = await fw('inspect', '--csv', f, '--encoding', 'latin2')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--encoding must be utf-8 or windows-1252 (got 'latin2')")
    for (const cmd of ['inspect', 'train', 'predict']) expect((await fw(cmd, '--help')).stdout).toContain('--encoding')
  })
})
