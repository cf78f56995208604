// Setup's split turned from shares into dates and back (split-kind.ts): the dates are written on the
// file's clock and read back as the instants they came from, and the shares cut the same rows.
import { expect, it } from 'vitest'
import { importCsv } from '../../../core/data/import'
import { computeSplits } from '../../../core/data/windows'
import { splitInstant, zoneMarkOf } from '../../../core/data/time-cell'
import type { DateColumn } from '../../../core/data/types'
import { datesToFractions, fractionsToDates, splitDateText } from './split-kind'

// Berlin's midnights (+01:00: 23:00 UTC the day before), 60 days
const berlin = () => importCsv(`time,y\n${Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)}T00:00:00+01:00,${i % 7}`).join('\n')}\n`, { fileName: 'berlin.csv' })

it("writes a zoned file's midnight as its own day, not the UTC day before, and reads it back as that instant", async () => {
  const ds = await berlin()
  const t = ds.columns.find((c): c is DateColumn => c.kind === 'date')!
  const zone = zoneMarkOf(t)
  // row 42: 2024-02-12 00:00 in Berlin, 2024-02-11 23:00 UTC
  expect(new Date(t.values[42]!).toISOString()).toBe('2024-02-11T23:00:00.000Z')
  expect(splitDateText(t.values[42]!, zone)).toBe('2024-02-12')
  expect(splitInstant('2024-02-12', zone)).toBe(t.values[42])
  const dates = fractionsToDates({ kind: 'fraction', train: 0.7, val: 0.15, gap: 2 }, t.values, zone)
  expect(dates).toEqual({ kind: 'date', valStart: '2024-02-12', testStart: '2024-02-21', gap: 2 })
  const back = datesToFractions(dates as Exclude<typeof dates, { error: string }>, t.values, zone)
  expect(back).toEqual({ kind: 'fraction', train: 0.7, val: 0.15, gap: 2 })
})

it('writes a time of day to the minute, or the second where it has one', () => {
  expect(splitDateText(Date.UTC(2024, 2, 1, 13, 30), null)).toBe('2024-03-01 13:30')
  expect(splitDateText(Date.UTC(2024, 2, 1, 13, 30, 5), null)).toBe('2024-03-01 13:30:05')
})

it('turns dates into the shortest shares that cut the same rows, whatever the row count', () => {
  for (const N of [7, 13, 49, 101, 997]) {
    const rows = Float64Array.from({ length: N }, (_, i) => Date.UTC(2020, 0, 1 + i))
    for (const [a, b] of [[1, 2], [Math.floor(N / 3), Math.floor((2 * N) / 3)], [N - 2, N - 1]]) {
      if (!(a >= 1 && b > a && b < N)) continue
      const day = (i: number) => new Date(rows[i]!).toISOString().slice(0, 10)
      const f = datesToFractions({ kind: 'date', valStart: day(a), testStart: day(b), gap: 0 }, rows, null)
      if ('error' in f) throw new Error(f.error)
      const cut = computeSplits(N, { split: { by: 'fraction', train: f.train, val: f.val, gap: 0 } }, null)
      expect([N, cut.val.start, cut.test.start]).toEqual([N, a, b])
      expect(f.train + f.val).toBeLessThan(1)
    }
  }
})

it('says why dates cut no shares: before the first row, after the last, none between', () => {
  const rows = Float64Array.from({ length: 10 }, (_, i) => Date.UTC(2020, 0, 1 + i))
  const f = (valStart: string, testStart: string) => datesToFractions({ kind: 'date', valStart, testStart, gap: 0 }, rows, null)
  expect(f('2019-12-01', '2020-01-05')).toEqual({ error: 'Validation from (2019-12-01) is at or before the first row (2020-01-01): no training rows' })
  expect(f('2020-01-03', '2020-02-01')).toEqual({ error: 'Test from (2020-02-01) is after the last row (2020-01-10): no test rows' })
  expect(f('2020-01-03 06:00', '2020-01-03 18:00')).toEqual({ error: 'no row lies from Validation from (2020-01-03 06:00) to before Test from (2020-01-03 18:00): no validation rows' })
  expect(f('soon', '2020-01-05')).toEqual({ error: 'Validation from is not a date (got "soon")' })
})
