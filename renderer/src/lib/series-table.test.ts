// The per-series table's label order: natural (s2 before s10), without Intl (see naturalCompare).
import { describe, expect, it, vi } from 'vitest'
import { naturalCompare, sortSeries } from './series-table'
import type { RunSeriesRow } from '../../../electron/contract'

describe('naturalCompare', () => {
  it('orders digit runs as numbers and letters case-blind', () => {
    const labels = ['store = s10', 'store = S2', 'store = s1', 'store = s002b', 'store = s2a', 'region = b, store = 3', 'region = a, store = 20', 'store = s']
    expect([...labels].sort(naturalCompare)).toEqual(['region = a, store = 20', 'region = b, store = 3', 'store = s', 'store = s1', 'store = S2', 'store = s2a', 'store = s002b', 'store = s10'])
  })
  it('gives 0 only for equal strings', () => {
    expect(naturalCompare('a1', 'a1')).toBe(0)
    expect(naturalCompare('a01', 'a1')).not.toBe(0)
  })
})

describe('sortSeries by label', () => {
  it('does not create an Intl.Collator (its locale data would load on the click)', () => {
    const spy = vi.spyOn(Intl, 'Collator')
    const row = (n: number, label: string): RunSeriesRow => ({ number: n, key: [label], label, n: 1, mae: n, mase: n, naiveMae: 1, seasonalNaiveMae: null, coverage: null, beatsNaive: true })
    const sorted = sortSeries([row(1, 's10'), row(2, 's9'), row(3, 's100')], 'label', 'asc')
    expect(sorted.map((r) => r.label)).toEqual(['s9', 's10', 's100'])
    expect(sortSeries(sorted, 'mase', 'desc').map((r) => r.number)).toEqual([3, 2, 1])
    expect(spy).not.toHaveBeenCalled()
    spy.mockRestore()
  })
})
