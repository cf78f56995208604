// A user's file is written whole or not at all, and the file system's refusals are sentences.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as fs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  return { ...real, writeFileSync: vi.fn(real.writeFileSync) }
})
const { WriteRefused, writeFileAtomic } = await import('./files')
const cli = await import('../cli/io')
const { UsageError } = await import('../cli/args')

const dir = mkdtempSync(join(tmpdir(), 'fw-files-'))
afterEach(() => vi.mocked(fs.writeFileSync).mockRestore())

/** The next write fails part-way, as the file system says it with `code`, after writing a little. */
function failNextWrite(code: string): void {
  const real = vi.mocked(fs.writeFileSync).getMockImplementation()!
  vi.mocked(fs.writeFileSync).mockImplementationOnce((file, data) => {
    real(file, String(data).slice(0, 3))
    throw Object.assign(new Error(`${code}: write failed`), { code })
  })
}

describe('writeFileAtomic', () => {
  it('writes the whole file', () => {
    writeFileAtomic(join(dir, 'a.csv'), 'time,value\n1,2\n')
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('time,value\n1,2\n')
  })

  it.each([
    ['EFBIG', 'the file would be larger than this system allows one file to be'],
    ['ENOSPC', 'the disk is full'],
    ['EDQUOT', 'the disk quota is used up']
  ])('%s: says why in words, naming the file, and leaves the file as it was, with no temporary file', (code, why) => {
    const f = join(dir, `${code}.csv`)
    writeFileSync(f, 'the earlier export\n')
    failNextWrite(code)
    expect(() => writeFileAtomic(f, 'time,value\n1,2\n')).toThrow(new WriteRefused(f, code))
    expect(() => { failNextWrite(code); writeFileAtomic(f, 'x') }).toThrow(`cannot write ${f}: ${why}`)
    expect(readFileSync(f, 'utf8')).toBe('the earlier export\n')
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([])
  })

  it('a folder where the file should be, or a file where a folder should be', () => {
    expect(() => writeFileAtomic(dir, 'x')).toThrow(`cannot write ${dir}: it is a folder`)
    writeFileSync(join(dir, 'plain'), '')
    expect(() => writeFileAtomic(join(dir, 'plain', 'b.csv'), 'x')).toThrow('a folder above it is a file')
  })

  it('an error that is not a refusal is thrown as it is', () => {
    failNextWrite('EIO')
    expect(() => writeFileAtomic(join(dir, 'c.csv'), 'x')).toThrow('EIO: write failed')
  })

  it('fw: a refusal is a usage error (exit 2) with the same sentence, not an internal error', () => {
    const f = join(dir, 'big.xlsx')
    failNextWrite('EFBIG')
    const e = (() => { try { cli.writeFileAtomic(f, 'x'); return null } catch (err) { return err } })()
    expect(e).toBeInstanceOf(UsageError)
    expect((e as Error).message).toBe(`cannot write ${f}: the file would be larger than this system allows one file to be`)
  })
})
