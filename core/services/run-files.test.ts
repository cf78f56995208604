// A run's two files are written together or not at all: a model file without its predictions is
// not left in the folder (fw train, fw resume and the app's Resume write through writeRunFiles).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import * as fs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  return { ...real, writeFileSync: vi.fn(real.writeFileSync) }
})
const { writeRunFiles, writeResumedRunFiles } = await import('./run-files')
const { WriteRefused } = await import('./files')

afterEach(() => vi.mocked(fs.writeFileSync).mockRestore())

/** The write of predictions.csv fails as a full disk fails it. */
function diskFullAtPredictions(): void {
  const real = vi.mocked(fs.writeFileSync).getMockImplementation()!
  vi.mocked(fs.writeFileSync).mockImplementation((file, data, o) => {
    if (String(file).includes('predictions.csv')) throw Object.assign(new Error('ENOSPC: write failed'), { code: 'ENOSPC' })
    return real(file, data, o)
  })
}

describe('writeRunFiles', () => {
  it('writes both files and says which were there before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-run-files-'))
    expect(writeRunFiles(dir, { model: '{}', predictions: 'a\n' })).toEqual({ files: { model: join(dir, 'model.json'), predictions: join(dir, 'predictions.csv') }, replaced: null })
    expect(writeRunFiles(dir, { model: '{"b":1}', predictions: 'b\n' }).replaced).toMatch(/^replaced .*model\.json and .*predictions\.csv, which were there before/)
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe('{"b":1}')
  })

  it('leaves no model file of its own where the predictions cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-run-files-'))
    diskFullAtPredictions()
    expect(() => writeRunFiles(dir, { model: '{}', predictions: 'a\n' })).toThrow(WriteRefused)
    expect(existsSync(join(dir, 'model.json'))).toBe(false)
    expect(existsSync(join(dir, 'predictions.csv'))).toBe(false)
  })

  it('keeps an earlier run\'s two files as they were where the predictions cannot be written (the shared default folder)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-run-files-'))
    writeRunFiles(dir, { model: '{"run":1}', predictions: 'run 1\n' })
    diskFullAtPredictions()
    expect(() => writeRunFiles(dir, { model: '{"run":2}', predictions: 'run 2\n' })).toThrow(WriteRefused)
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe('{"run":1}')
    expect(readFileSync(join(dir, 'predictions.csv'), 'utf8')).toBe('run 1\n')
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'predictions.csv'])
  })
})

describe('writeResumedRunFiles', () => {
  it('keeps what it did with a run whose stored notices are damaged (the rest of the app leaves those out), not a JSON error', () => {
    const kept: unknown[] = []
    const store = {
      runs: { get: () => ({ outDir: '/nonexistent/out', status: 'done', appVersion: '1', noticesJson: '[{"message":"kept","app":"kept here"},' }), setNotices: (_: number, n: unknown[]) => kept.push(...n) },
      datasets: { load: () => { throw new Error('dataset 7 not found') } }
    } as unknown as Parameters<typeof writeResumedRunFiles>[0]
    const words = writeResumedRunFiles(store, 3, () => ({ model: '{}', predictions: '' }))
    expect(words?.message).toContain('were not written to /nonexistent/out')
    expect(kept).toEqual([words])
  })
})

