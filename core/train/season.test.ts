import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { gauss } from '../data/testing'
import { resolveConfig } from './config'
import { runGlobalTraining, weeklyNote } from './global'
import { defaultSteps, prepareRun } from './prepare'
import { defaultLookBack, resolveSeasonOf, WEEKLY_GAIN, weeklySeasonNote } from './season'

const HOUR = 36e5
const T0 = Date.UTC(2024, 0, 1) // a Monday

/** n hourly rows from T0: a daily cycle, and (weekend) a lower level on Saturdays and Sundays. */
function hourly(n: number, weekend: number, seed = 1, stepMs = HOUR): { time: Float64Array; y: Float64Array } {
  const g = gauss(seed)
  const time = Float64Array.from({ length: n }, (_, i) => T0 + i * stepMs)
  const y = Float64Array.from(time, (t) => {
    const h = new Date(t).getUTCHours()
    const day = new Date(t).getUTCDay()
    return 100 + 20 * Math.sin((2 * Math.PI * h) / 24) - (day === 0 || day === 6 ? weekend : 0) + 2 * g()
  })
  return { time, y }
}

describe('the season of sub-daily rows: the day, or the week', () => {
  it('takes the week when its seasonal naive errs clearly less on the training rows, and says so', () => {
    const { time, y } = hourly(5 * 168, 30)
    expect(resolveSeasonOf('auto', time, y).season).toBe(168)
    expect(resolveSeasonOf('auto', time, y)).toEqual({ season: 168, week: { day: 24, ratio: expect.any(Number) } })
    const note = weeklySeasonNote(resolveSeasonOf('auto', time, y))!.message
    expect(note).toMatch(/^season: 168 rows, a week \(on the training rows the seasonal naive forecast of the week before errs 0\.\d\d× that of the day before; --season 24 keeps the day\)$/)
    expect(Number(note.match(/errs (0\.\d\d)×/)![1])).toBeLessThanOrEqual(WEEKLY_GAIN)
  })

  it('keeps the day when the days of the week look alike (the two errors differ by noise)', () => {
    const { time, y } = hourly(5 * 168, 0)
    expect(resolveSeasonOf('auto', time, y).season).toBe(24)
    expect(weeklySeasonNote(resolveSeasonOf('auto', time, y))).toBeNull()
  })

  it('keeps the day with fewer than two weeks of training rows, and leaves other spacings and a given season alone', () => {
    const short = hourly(2 * 168 - 1, 30)
    expect(resolveSeasonOf('auto', short.time, short.y).season).toBe(24)
    const two = hourly(2 * 168, 30)
    expect(resolveSeasonOf('auto', two.time, two.y).season).toBe(168)
    expect(resolveSeasonOf(24, two.time, two.y).season).toBe(24)
    expect(weeklySeasonNote(resolveSeasonOf(24, two.time, two.y))).toBeNull()
    // daily rows: the week is already the season (7), never 49
    const daily = hourly(400, 30, 2, 24 * HOUR)
    expect(resolveSeasonOf('auto', daily.time, daily.y).season).toBe(7)
    // half-hourly rows: a day is 48 rows, a week 336
    const half = hourly(5 * 336, 30, 3, HOUR / 2)
    expect(resolveSeasonOf('auto', half.time, half.y).season).toBe(336)
  })

  it('calibrates the week of hourly rows for M4\'s hourly 48 steps, and gives its network two days of look-back', async () => {
    expect(defaultSteps(168, 1)).toBe(48)
    expect(defaultSteps(336, 1)).toBe(96)
    expect(defaultSteps(24, 1)).toBe(48)
    const { time, y } = hourly(8 * 168, 30)
    const lines = ['time,load', ...Array.from(y, (v, i) => `${new Date(time[i]!).toISOString()},${v.toFixed(3)}`)]
    const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'load.csv', decimal: 'dot' })
    expect(defaultLookBack(ds, 'load', 'auto', 1)).toBe(48)
    expect(defaultLookBack(ds, 'load', 168, 1)).toBe(336) // a season given: two of them, as for any
    const run = prepareRun(resolveConfig({ data: { target: 'load', lookBack: 48 }, training: { epochs: 1 } }), ds)
    expect(run.season).toBe(168)
    expect(run.steps).toBe(48)
    expect(run.prep.notices.find((n) => n.code === 'season-week')?.message).toMatch(/^season: 168 rows, a week/)
    const day = prepareRun(resolveConfig({ data: { target: 'load', lookBack: 48, season: 24 }, training: { epochs: 1 } }), ds)
    expect(day.season).toBe(24)
    expect(day.prep.notices.some((n) => n.code === 'season-week')).toBe(false)
  })
})

describe('a global run whose series differ: each takes its own season, and the run names the weekly ones', () => {
  it('gives the series with a weekend its week and the other its day, in one note', async () => {
    const n = 4 * 168
    const office = hourly(n, 30, 4)
    const flat = hourly(n, 0, 5)
    const rows = [['office', office], ['flat', flat]] as const
    const lines = ['site,time,load', ...rows.flatMap(([k, s]) => Array.from(s.y, (v, i) => `${k},${new Date(s.time[i]!).toISOString()},${v.toFixed(3)}`))]
    const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'sites.csv', decimal: 'dot', series: ['site'] })
    const config = resolveConfig({
      data: { target: 'load', features: [], lookBack: 24, horizon: 1, series: { columns: ['site'], values: null, global: { short: 'skip', oneHot: false } } },
      training: { epochs: 1, seed: 1 },
      model: { hiddenSize: 2 }
    })
    const r = (await runGlobalTraining({ config, dataset: ds }, { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }))!
    const season = (label: string) => r.series.find((s) => s.label === label)!.season
    expect(season('site = office')).toBe(168)
    expect(season('site = flat')).toBe(24)
    expect(r.notes).toContainEqual(weeklyNote(['site = office'], 2))
    const said = '1 of 2 series take the week as their season (site = office): on their training rows the seasonal naive forecast of the week before errs at most 0.9 times that of the day before; '
    expect(weeklyNote(['site = office'], 2)).toEqual({ message: `${said}--season keeps one period for all`, app: `${said}Season in Setup keeps one period for all` })
    expect(weeklyNote([], 2)).toBeNull()
    expect(weeklyNote(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 9)!.message).toMatch(/^7 of 9 series take the week as their season \(a, b, c, d, e and 2 more\)/)
  }, 60_000)
})
