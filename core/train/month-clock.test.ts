// Monthly rows at Berlin's midnight on the 1st (00:00+01:00 in winter, +02:00 in summer: 23:00 or
// 22:00 UTC the day before) step in calendar months on the learnt clock rule (time-step.ts inferStep
// with DateColumn.clock). The season ('auto' finds the year, 12 rows), the season's phase of a
// saved run applied to a later file (season-start.ts) read that step, not a fixed one of about 31
// days. The Data view's gaps (renderer/src/lib/gaps.test.ts) tell months from gaps either way.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { instantOf, offsetAt, type ClockRule } from '../data/clock-rule'
import { offsetText } from '../data/time-cell'
import type { Dataset, DateColumn } from '../data/types'
import type { LoadedModel } from './forecast'
import { resolveConfig } from './config'
import { prepareRun } from './prepare'
import { defaultSeasonAndLookBack, resolveSeasonOf } from './season'
import { seasonStart } from './season-start'

const BERLIN: ClockRule = { rule: 'EU', std: 60 }
const stamp = (t: number) => `${new Date(t + offsetAt(t, BERLIN) * 6e4).toISOString().slice(0, 16)}${offsetText(offsetAt(t, BERLIN))}`
/** `n` of Berlin's midnights on the 1st of each month from January 2022. */
const months = (n: number, from = 0) => Array.from({ length: n }, (_, i) => instantOf(Date.UTC(2022, from + i, 1), BERLIN))
/** A yearly cycle of amplitude 10 with no noise: the year (12 rows) is the season. */
const csv = (ts: number[], from = 0) => `month,sales\n${ts.map((t, i) => `${stamp(t)},${(100 + 10 * Math.sin((2 * Math.PI * (from + i)) / 12)).toFixed(4)}`).join('\n')}\n`
const load = async (ts: number[], from = 0): Promise<Dataset> => importCsv(csv(ts, from), { fileName: 'berlin-months.csv' })

describe('monthly rows at Berlin\'s midnight on the 1st (a learnt clock rule)', () => {
  it('the file learns the EU rule, and its times are not a whole number of UTC days or months apart', async () => {
    const ds = await load(months(27))
    expect((ds.columns[0] as DateColumn).clock).toEqual(BERLIN)
    expect(stamp((ds.columns[0] as DateColumn).values[6]!)).toBe('2022-07-01T00:00+02:00')
  })

  it("season 'auto' finds the year (12 rows) from the months, as it does for UTC months", async () => {
    // 2022-01 .. 2024-12: 36 rows, whose first 70 % (25 rows) hold two years
    const ds = await load(months(36))
    const col = ds.columns[0] as DateColumn
    const y = (ds.columns[1] as { values: Float64Array }).values
    expect(resolveSeasonOf('auto', col.values.subarray(0, 25), y.subarray(0, 25), col.clock).season).toBe(12)
    expect(defaultSeasonAndLookBack(ds, 'sales', 'auto', 6)).toMatchObject({ season: 12, basis: { kind: 'seasons', rows: 24 } })
    // a training run's season (prep.clock, as the run reads the time column)
    expect(prepareRun(resolveConfig({ data: { target: 'sales', lookBack: 6 }, training: { epochs: 1 } }), ds).season).toBe(12)
  })

  it("a saved run's ETS with the year placed by the dates: a file from 2023-05 starts 16 months after 2022-01, with no note", async () => {
    const m = {
      fitted: { start: new Date(months(1)[0]!).toISOString(), step: { ms: 31 * 864e5 } },
      config: { calendar: undefined },
      choice: { members: [{ fit: { name: 'ets', label: 'ETS', period: 12 }, full: { period: 12 } }] }
    } as unknown as Pick<LoadedModel, 'fitted' | 'config' | 'choice'>
    const ds = await load(months(14, 16), 16)
    const col = ds.columns[0] as DateColumn
    expect(stamp(col.values[0]!)).toBe('2023-05-01T00:00+02:00')
    expect(seasonStart(m, { N: 14, time: col.values, clock: col.clock }, 'later.csv')).toEqual({ start: 16, note: null })
  })
})
