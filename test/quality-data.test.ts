// The quality benchmark's manifest (bench/quality/series.json): every series has a known group, every
// group is there, every CSV exists and reads with the manifest's n, and the committed R reference
// covers every series with the manifest's h and m (the bench falls back to it when R is absent).
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GROUPS, loadManifest, qualityDir, readRReference, readSeries } from '../bench/quality-data'

const root = resolve(import.meta.dirname, '..')

describe('quality manifest', () => {
  const all = loadManifest(root)

  it('gives every series a known group, every group non-empty, names unique', () => {
    for (const s of all) expect(GROUPS, s.name).toContain(s.group)
    expect(loadManifest(root, 'tuning').length).toBe(27)
    expect(loadManifest(root, 'holdout').length).toBeGreaterThanOrEqual(12)
    expect(loadManifest(root, 'fresh').length).toBeGreaterThanOrEqual(30)
    expect(GROUPS.reduce((n, g) => n + loadManifest(root, g).length, 0)).toBe(all.length)
    expect(new Set(all.map((s) => s.name)).size).toBe(all.length)
  })

  it('has a CSV for every series, with n finite values and room for h', () => {
    for (const spec of all) {
      expect(existsSync(resolve(qualityDir(root), spec.file)), spec.file).toBe(true)
      const s = readSeries(root, spec)
      expect(s.value.length, spec.name).toBe(spec.n)
      expect(spec.n - spec.horizon, spec.name).toBeGreaterThanOrEqual(2 * Math.max(spec.period, 1))
    }
  })

  it('is covered by the committed R reference, with the same h and m', () => {
    const ref = readRReference(resolve(qualityDir(root), 'r-reference.json'))
    for (const s of all) {
      const r = ref.series[s.name]
      expect(r, s.name).toBeDefined()
      expect([r!.n, r!.h, r!.m], s.name).toEqual([s.n, s.horizon, s.period])
      for (const m of ['ets', 'arima', 'theta']) expect(r!.methods[m]?.mean?.length, `${s.name} ${m}`).toBe(s.horizon)
    }
  })

  it('reads a missing group as tuning and refuses an unknown one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-manifest-'))
    try {
      mkdirSync(join(dir, 'bench/quality'), { recursive: true })
      const write = (series: unknown[]) => writeFileSync(join(dir, 'bench/quality/series.json'), JSON.stringify({ series }))
      const base = { name: 'a', file: 'series/a.csv', frequency: 'yearly', period: 1, horizon: 6, n: 10, origin: 'x' }
      write([base, { ...base, name: 'b', group: 'holdout' }])
      expect(loadManifest(dir).map((s) => s.group)).toEqual(['tuning', 'holdout'])
      expect(loadManifest(dir, 'holdout').map((s) => s.name)).toEqual(['b'])
      write([{ ...base, group: 'test' }])
      expect(() => loadManifest(dir)).toThrow(/group 'test'/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
