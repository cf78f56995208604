// ets() keeps each season type's starting states (the decomposition) across its candidates
// (SeasonStarts): one decomposition per season type, not per candidate, and every candidate's start
// the same to the bit as when each made its own.
import { describe, expect, it, vi } from 'vitest'
import { etsCandidates, fitEtsAuto } from './ets-fit'
import { initState, SeasonStarts } from './ets-init'
import { fixtures } from './fixtures/r-fixtures'

const calls = vi.hoisted(() => ({ decompose: 0 }))
vi.mock('./linalg', async (original) => {
  const m = await original<typeof import('./linalg')>()
  return { ...m, decomposeFigure: (...a: Parameters<typeof m.decomposeFigure>) => (calls.decompose++, m.decomposeFigure(...a)) }
})

const seasonal = Object.values(fixtures.series).filter((s) => s.period > 1 && s.y.length >= 3 * s.period && s.period <= 24 && s.y.every((v) => v > 0))

describe('SeasonStarts', () => {
  it('has seasonal fixture series to check', () => expect(seasonal.length).toBeGreaterThan(0))

  for (const s of seasonal) {
    it(`${s.name}: each candidate starts from the same bits, kept or made anew`, () => {
      const y = Float64Array.from(s.y)
      const kept = new SeasonStarts(y)
      for (const spec of etsCandidates(y, s.period)) expect(initState(y, spec, kept), spec.season + spec.trend).toEqual(initState(y, spec))
    })

    it(`${s.name}: ets() decomposes the series once per season type (additive, multiplicative)`, () => {
      calls.decompose = 0
      const y = Float64Array.from(s.y)
      fitEtsAuto(y, s.period)
      expect(calls.decompose).toBe(2)
    })
  }

  it('refuses kept starts of another series', () => {
    const y = Float64Array.from(seasonal[0]!.y)
    const spec = etsCandidates(y, seasonal[0]!.period).find((c) => c.season === 'A')!
    expect(() => initState(y.slice(), spec, new SeasonStarts(y))).toThrow(/another series/)
  })
})
