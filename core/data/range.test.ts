// The clipping note is said only where clipping happened (explore19: after "no prediction interval",
// and on every CO2 run, whose values are 313-415, it said bounds were clipped at 0).
import { describe, expect, it } from 'vitest'
import { domainNote } from './range'

describe('domainNote', () => {
  const said = 'clipped at 0: every training value is ≥ 0'
  it('names the clipping when a bound (or a forecast) sits at 0, where the domain clips it', () => {
    expect(domainNote('non-negative', [3.2, 0, 1.5])).toBe(said)
    expect(domainNote('non-negative', [null, -0])).toBe(said)
  })
  it('is silent where nothing reached 0: no interval made, or values far above it', () => {
    expect(domainNote('non-negative', [null, null, undefined])).toBeNull()
    expect(domainNote('non-negative', [])).toBeNull()
    expect(domainNote('non-negative', [313.2, 415.1])).toBeNull()
    expect(domainNote(null, [0, 0])).toBeNull()
  })
})
