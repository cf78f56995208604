// The run config's split by date: one cut with an offset and one without, within hours, cannot be
// ordered without the file's clock (the split does it: core/data/split-zone.test.ts). Berlin's 11:30
// is 10:30 UTC, before a test start of 10:45 UTC; read as UTC it was after, and the config refused.
import { expect, it } from 'vitest'
import { resolveConfig } from './config'

const withSplit = (valStart: string, testStart: string) => resolveConfig({ data: { target: 'y', split: { kind: 'date', valStart, testStart } } }).data.split

it('takes a cut without an offset and one with, within hours, for the split to order on the file\'s clock', () => {
  expect(withSplit('2024-01-31 11:30', '2024-01-31T10:45:00Z')).toMatchObject({ kind: 'date', valStart: '2024-01-31 11:30', testStart: '2024-01-31T10:45:00Z' })
  expect(withSplit('2024-01-31T10:45:00+01:00', '2024-01-31 09:00')).toMatchObject({ testStart: '2024-01-31 09:00' })
})

it('refuses an order no UTC offset (at most 14 h) can mend, and two cuts read alike in the wrong order', () => {
  expect(() => withSplit('2024-02-02 00:00', '2024-01-31T00:00:00Z')).toThrow(/data\.split\.testStart.*must come after data\.split\.valStart/)
  expect(() => withSplit('2024-01-31 11:30', '2024-01-31 11:00')).toThrow(/must come after/)
  expect(() => withSplit('2024-01-31T11:30:00Z', '2024-01-31T12:00:00+01:00')).toThrow(/must come after/)
})
