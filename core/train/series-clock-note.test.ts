// A global forecast's clock note (forecast-global.ts seriesClockNote): each series' own
// (aheadClockNote), its series in several zones, grouped where they say one thing.
import { describe, expect, it } from 'vitest'
import { seriesClockNote } from './forecast-global'

const EU = 'the times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31)'
const US = 'the times past the end follow the US clock changes seen in the file (the clocks go back on Sunday 2024-11-03)'

describe('seriesClockNote', () => {
  it('one sentence where every series forecast says the same', () => {
    expect(seriesClockNote([{ label: 'a', note: EU }, { label: 'b', note: EU }], 2)).toBe(EU)
  })
  it('each note after the series that say it, grouped, where they differ or some say none', () => {
    expect(seriesClockNote([{ label: 'a', note: EU }, { label: 'b', note: EU }, { label: 'c', note: US }], 3)).toBe(`a and b: ${EU}; c: ${US}`)
    expect(seriesClockNote([{ label: 'a', note: EU }], 2)).toBe(`a: ${EU}`)
  })
  it('none where no series has one', () => {
    expect(seriesClockNote([], 2)).toBeNull()
  })
})
