import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { gauss } from '../data/testing'
import { resolveConfig } from './config'
import { noWeekGlobalNote, runGlobalTraining, weeklyNote } from './global'
import { defaultSteps, prepareRun } from './prepare'
import { MAX_PATH_ORIGINS, MAX_PATH_VALUES, pathOriginsOf } from './evaluate'
import { SUB_DAILY_LOOKBACK_CAP, defaultLookBack, defaultLookBackWords, defaultSeasonAndLookBack, longSeasonNote, noWeekNote, resolveSeasonOf, shortLookBackNote, suggestLookBack, WEEKLY_GAIN, weeklySeasonNote, type DefaultLookBack } from './season'
import { fitStatModels } from './choice'

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
    expect(resolveSeasonOf('auto', time, y)).toEqual({ season: 168, week: { day: 24, ratio: expect.any(Number) }, noWeek: null })
    const note = weeklySeasonNote(resolveSeasonOf('auto', time, y))!.message
    expect(note).toMatch(/^season: 168 rows, a week \(on the training rows the seasonal naive forecast of the week before errs 0\.\d\d× that of the day before; --season 24 keeps the day\)$/)
    expect(Number(note.match(/errs (0\.\d\d)×/)![1])).toBeLessThanOrEqual(WEEKLY_GAIN)
  })

  it('scores the week over the day by the plain means of the differences, summed in time order to the last bit', () => {
    // the ratio the note shows and WEEKLY_GAIN judges: nothing trimmed, nothing re-ordered (a sorted
    // sum, as the daily test's trimmed one needs, differs from this one in its last bits)
    const { time, y } = hourly(5 * 168, 30, 3)
    const mean = (lag: number) => {
      let s = 0
      for (let t = 168; t < y.length; t++) s += Math.abs(y[t]! - y[t - lag]!)
      return s / (y.length - 168)
    }
    expect(resolveSeasonOf('auto', time, y).week!.ratio).toBe(mean(168) / mean(24))
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
    const run = prepareRun(resolveConfig({ data: { target: 'load', lookBack: 24 }, training: { epochs: 1 } }), ds)
    expect(run.season).toBe(168)
    expect(run.steps).toBe(48)
    expect(run.prep.notices.find((n) => n.code === 'season-week')?.message).toMatch(/^season: 168 rows, a week/)
    const day = prepareRun(resolveConfig({ data: { target: 'load', lookBack: 48, season: 24 }, training: { epochs: 1 } }), ds)
    expect(day.season).toBe(24)
    expect(day.prep.notices.some((n) => n.code === 'season-week')).toBe(false)
  })
})

/** A global run (one epoch) over two sites' rows; each series' season by its label, and the run's notes. */
async function twoSites(rows: readonly (readonly [string, { time: Float64Array; y: Float64Array }])[], stamp: (t: number) => string, lookBack: number, timeColumn?: string) {
  const lines = ['site,time,v', ...rows.flatMap(([k, s]) => Array.from(s.y, (v, i) => `${k},${stamp(s.time[i]!)},${v.toFixed(3)}`))]
  const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'sites.csv', decimal: 'dot', series: ['site'], ...(timeColumn ? { timeColumn } : {}) })
  const config = resolveConfig({
    data: { target: 'v', features: [], lookBack, horizon: 1, series: { columns: ['site'], values: null, global: { short: 'skip', oneHot: false } } },
    training: { epochs: 1, seed: 1 },
    model: { hiddenSize: 2 }
  })
  const r = (await runGlobalTraining({ config, dataset: ds }, { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }))!
  return { season: (label: string) => r.series.find((s) => s.label === label)!.season, notes: r.notes, timeFormat: ds.columns.find((c) => c.name === ds.timeColumn)?.kind === 'date' ? (ds.columns.find((c) => c.name === ds.timeColumn) as { format?: string }).format : null }
}

describe('a global run whose series differ: each takes its own season, and the run names the weekly ones', () => {
  it('gives the series with a weekend its week and the other its day, in one note', async () => {
    const n = 4 * 168
    const office = hourly(n, 30, 4)
    const flat = hourly(n, 0, 5)
    const r = await twoSites([['office', office], ['flat', flat]], (t) => new Date(t).toISOString(), 24)
    const season = r.season
    expect(season('site = office')).toBe(168)
    expect(season('site = flat')).toBe(24)
    expect(r.notes).toContainEqual(weeklyNote(['site = office'], 2))
    const said = '1 of 2 series take the week as their season (site = office): on their training rows the seasonal naive forecast of the week before errs at most 0.9 times that of the day before; '
    expect(weeklyNote(['site = office'], 2)).toEqual({ message: `${said}--season keeps one period for all`, app: `${said}Season in Setup keeps one period for all` })
    expect(weeklyNote([], 2)).toBeNull()
    expect(weeklyNote(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 9)!.message).toMatch(/^7 of 9 series take the week as their season \(a, b, c, d, e and 2 more\)/)
    expect(weeklyNote(['a', 'b', 'c'], 9)!.message).toMatch(/^3 of 9 series take the week as their season \(a, b and c\)/)
  }, 60_000)
})

const DAY = 24 * HOUR

/** n daily rows from T0 (business days: Monday to Friday only): a random walk (a river's flow, a
 *  price), plus a lower level of `weekend` on Saturdays and Sundays (and Mondays for business days). */
function daily(n: number, weekend: number, seed = 1, weekdays = false): { time: Float64Array; y: Float64Array } {
  const g = gauss(seed)
  const days: number[] = []
  for (let t = T0; days.length < n; t += DAY) if (!weekdays || ![0, 6].includes(new Date(t).getUTCDay())) days.push(t)
  const time = Float64Array.from(days)
  let level = 100
  const y = Float64Array.from(time, (t) => {
    level += g()
    const day = new Date(t).getUTCDay()
    return level - ((weekdays ? day === 1 : day === 0 || day === 6) ? weekend : 0)
  })
  return { time, y }
}

describe('the week of daily rows: taken where the training rows show it', () => {
  it('leaves a daily random walk without a season, and says so in both wordings', () => {
    const { time, y } = daily(300, 0)
    const r = resolveSeasonOf('auto', time, y)
    expect(r).toEqual({ season: 1, week: null, noWeek: { period: 7, ratio: expect.any(Number) } })
    expect(r.noWeek!.ratio).toBeGreaterThan(WEEKLY_GAIN)
    const said = `season: none, not the week of daily rows (on the training rows the seasonal naive forecast of the week before errs ${r.noWeek!.ratio.toFixed(2)}× as much as that of the day before, where a weekly cycle needs 0.90× or less (lower is better): no weekly cycle; `
    expect(noWeekNote(r)).toEqual({ message: `${said}--season 7 keeps the week)`, app: `${said}Season 7 in Setup keeps the week)` })
    // a season given is kept, and says nothing
    expect(resolveSeasonOf(7, time, y)).toEqual({ season: 7, week: null, noWeek: null })
    // business days: the week is 5 rows
    const b = daily(300, 0, 2, true)
    expect(resolveSeasonOf('auto', b.time, b.y).noWeek).toEqual({ period: 5, ratio: expect.any(Number) })
  })

  it('takes the week where it is there (sales lower at the weekend), on daily rows and on business days', () => {
    const { time, y } = daily(300, 8, 3)
    expect(resolveSeasonOf('auto', time, y)).toEqual({ season: 7, week: null, noWeek: null })
    expect(noWeekNote(resolveSeasonOf('auto', time, y))).toBeNull()
    const b = daily(300, 8, 4, true)
    expect(resolveSeasonOf('auto', b.time, b.y).season).toBe(5)
  })

  it('keeps the week where one wild value (a bad print) would decide a plain mean of the errors', () => {
    const { time, y } = daily(300, 8, 3)
    y[150] = 5000
    expect(resolveSeasonOf('auto', time, y)).toEqual({ season: 7, week: null, noWeek: null })
  })

  it('scores the week of daily rows by the means less their largest 2 %, summed in ascending order to the last bit', () => {
    // the ratio the note shows and WEEKLY_GAIN judges, as a comparator's sort of the differences gives
    // it (season.ts sorts them as a typed array, many times faster for every series of a long file)
    const { time, y } = daily(300, 0, 5)
    y[40] = NaN // its two differences are skipped
    const trimmedMean = (lag: number) => {
      const d: number[] = []
      for (let t = 7; t < y.length; t++) if (!Number.isNaN(y[t]! - y[t - lag]!)) d.push(Math.abs(y[t]! - y[t - lag]!))
      d.sort((a, b) => a - b)
      const keep = d.length - Math.ceil(0.02 * d.length)
      let s = 0
      for (let i = 0; i < keep; i++) s += d[i]!
      return s / keep
    }
    expect(resolveSeasonOf('auto', time, y).noWeek!.ratio).toBe(trimmedMean(7) / trimmedMean(1))
  })

  it('gives a constant daily series no season, and says why', () => {
    const time = Float64Array.from({ length: 60 }, (_, i) => T0 + i * DAY)
    const r = resolveSeasonOf('auto', time, new Float64Array(60).fill(3))
    expect(r.season).toBe(1)
    expect(noWeekNote(r)!.message).toBe('season: none, not the week of daily rows (the training rows do not change from one day to the next: no weekly cycle; --season 7 keeps the week)')
  })

  it('scores the choice over the week\'s 14 steps still, gives the network 12 rows of look-back, and notes it on the run', async () => {
    const { time, y } = daily(400, 0, 5)
    const lines = ['time,flow', ...Array.from(y, (v, i) => `${new Date(time[i]!).toISOString().slice(0, 10)},${v.toFixed(3)}`)]
    const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'river.csv', decimal: 'dot' })
    expect(defaultLookBack(ds, 'flow', 'auto', 1)).toBe(12)
    const run = prepareRun(resolveConfig({ data: { target: 'flow', lookBack: 12 }, training: { epochs: 1 } }), ds)
    expect(run.season).toBe(1)
    expect(run.steps).toBe(14)
    expect(run.prep.notices.find((n) => n.code === 'season-none')?.message).toMatch(/^season: none, not the week of daily rows \(on the training rows the seasonal naive forecast of the week before errs \d\.\d\d× as much/)
    const week = prepareRun(resolveConfig({ data: { target: 'flow', lookBack: 12, season: 7 }, training: { epochs: 1 } }), ds)
    expect(week.season).toBe(7)
    expect(week.steps).toBe(14)
    expect(week.prep.notices.some((n) => n.code === 'season-none')).toBe(false)
  })

  it('names, in a global run, the series whose daily rows did not take the week', async () => {
    const n = 200
    const shop = daily(n, 8, 6)
    const river = daily(n, 0, 7)
    const r = await twoSites([['shop', shop], ['river', river]], (t) => new Date(t).toISOString().slice(0, 10), 14)
    expect(['site = shop', 'site = river'].map(r.season)).toEqual([7, 1])
    expect(r.notes).toContainEqual(noWeekGlobalNote(['site = river'], 2))
    const said = '1 of 2 series have no season, not the week of their daily rows (site = river): on their training rows the seasonal naive forecast of the week before errs more than 0.9 times that of the day before; '
    expect(noWeekGlobalNote(['site = river'], 2)).toEqual({ message: `${said}--season keeps one period for all`, app: `${said}Season in Setup keeps one period for all` })
    expect(noWeekGlobalNote([], 2)).toBeNull()
  }, 60_000)
})

const MINUTE = 6e4

/** A file of `y` at the stamps `time` (ISO), one column 'load'. */
async function loadCsv(time: Float64Array, y: Float64Array) {
  const lines = ['time,load', ...Array.from(y, (v, i) => `${new Date(time[i]!).toISOString()},${v.toFixed(3)}`)]
  return importCsv(lines.join('\n') + '\n', { fileName: 'load.csv', decimal: 'dot' })
}

describe('rows 5 to 20 minutes apart: the day as their season, and a look-back the default caps', () => {
  it('takes the day of 5-, 10- and 20-minute rows, and the week of 5-minute rows with a weekend', () => {
    for (const [minutes, day] of [[5, 288], [10, 144], [20, 72]] as const) {
      const { time, y } = hourly(3 * day, 0, minutes, minutes * MINUTE)
      expect(resolveSeasonOf('auto', time, y).season, `${minutes}-minute rows`).toBe(day)
      // fewer than two days of training rows: no season, as for any spacing
      expect(resolveSeasonOf('auto', time.subarray(0, 2 * day - 1), y.subarray(0, 2 * day - 1)).season).toBe(1)
    }
    const { time, y } = hourly(3 * 2016, 30, 2, 5 * MINUTE)
    expect(resolveSeasonOf('auto', time, y)).toEqual({ season: 2016, week: { day: 288, ratio: expect.any(Number) }, noWeek: null })
    // the steps the choice scores: a day of more than 96 rows, one day, for the day and for the
    // week alike; 20-minute rows two days (144), as 24 and 168 get 48
    for (const [season, K] of [[288, 288], [2016, 288], [144, 144], [1008, 144], [720, 720], [5040, 720], [1440, 1440], [10080, 1440], [72, 144], [504, 144], [96, 192], [672, 192]] as const) expect(defaultSteps(season, 1), `season ${season}`).toBe(K)
  })

  it('keeps every spacing it had (the quality benchmark\'s periods), and the short 1- and 10-minute series without one', () => {
    for (const [stepMs, period] of [[15 * MINUTE, 96], [30 * MINUTE, 48], [HOUR, 24], [DAY, 7], [7 * DAY, 52]] as const) {
      const time = Float64Array.from({ length: 3 * period }, (_, i) => T0 + i * stepMs)
      const y = Float64Array.from(time, (_, i) => 10 + Math.sin((2 * Math.PI * i) / period) + (i % 3) / 10)
      expect(resolveSeasonOf('auto', time, y).season, `step ${stepMs} ms`).toBe(period)
    }
    // 1- and 2-minute rows keep no standard season however many days they hold: with the day
    // (1440 rows) a week of minutes forecast worse (test MASE 0.744 -> 0.869, docs/forecasting.md), and
    // 2-minute rows with theirs (720 rows) too (held-out MASE 0.366 -> 0.489, at 54 times the CPU)
    for (const [minutes, day] of [[1, 1440], [2, 720]] as const) {
      const { time, y } = hourly(3 * day, 0, 3, minutes * MINUTE)
      expect(resolveSeasonOf('auto', time, y).season, `${minutes}-minute rows`).toBe(1)
    }
    // WWWusage (100 rows a minute apart) and lh (48 rows ten minutes apart): less than two days
    for (const [n, minutes] of [[100, 1], [48, 10]] as const) {
      const { time, y } = hourly(n, 0, 9, minutes * MINUTE)
      expect(resolveSeasonOf('auto', time, y)).toEqual({ season: 1, week: null, noWeek: null })
    }
  })

  it('gives rows less than a day apart a default look-back of two days of rows, at most SUB_DAILY_LOOKBACK_CAP, and says so where that cuts it', async () => {
    expect(SUB_DAILY_LOOKBACK_CAP).toBe(96)
    // minutes between rows -> the default look-back: the same span of time (two days) down to
    // 30-minute rows, 96 rows below; 1- and 2-minute rows have no standard season: 12 rows, as any
    const want: [number, number, number][] = [[1, 1, 12], [2, 1, 12], [5, 288, 96], [10, 144, 96], [15, 96, 96], [20, 72, 96], [30, 48, 96], [60, 24, 48]]
    for (const [minutes, season, lookBack] of want) {
      const { time, y } = hourly((10 * 1440) / minutes, 0, 3, minutes * MINUTE)
      const ds = await loadCsv(time, y)
      const basis = season > 1 ? { kind: 'days', rows: (2 * 1440) / minutes } : { kind: 'none' } // two days of rows, or no season
      expect(defaultSeasonAndLookBack(ds, 'load', 'auto', 1), `${minutes}-minute rows`).toEqual({ season, lookBack, full: lookBack, basis, calendar: [] })
    }
    const { time, y } = hourly(20 * 288, 0, 3, 5 * MINUTE)
    const ds = await loadCsv(time, y)
    expect(defaultLookBack(ds, 'load', 288, 1)).toBe(576) // a season given: two of them, as for any
    const run = prepareRun(resolveConfig({ data: { target: 'load', lookBack: 96 }, training: { epochs: 1 } }), ds)
    expect(run.season).toBe(288)
    expect(run.steps).toBe(288)
    const said = 'look-back 96 rows, less than two days of rows (576): the default reads two days of rows but no more than 96, as a network unrolled over two days of rows this close trains many times longer for a forecast no better ('
    expect(run.prep.notices.find((n) => n.code === 'lookback-cap')).toEqual({ code: 'lookback-cap', message: `${said}--lookback 576 reads two days)`, app: `${said}Look-back 576 in Setup reads two days)` })
    // another look-back, or the season given: nothing to say
    for (const data of [{ lookBack: 300 }, { lookBack: 96, season: 288 }]) {
      expect(prepareRun(resolveConfig({ data: { target: 'load', ...data }, training: { epochs: 1 } }), ds).prep.notices.some((n) => n.code === 'lookback-cap')).toBe(false)
    }
    // 30-minute rows (two days are 96 rows), or 1-minute rows (no season) read 96 rows: nothing said
    for (const minutes of [30, 1]) {
      const h = hourly((10 * 1440) / minutes, 0, 3, minutes * MINUTE)
      const hs = await loadCsv(h.time, h.y)
      expect(prepareRun(resolveConfig({ data: { target: 'load', lookBack: 96 }, training: { epochs: 1 } }), hs).prep.notices.some((n) => n.code === 'lookback-cap'), `${minutes}-minute rows`).toBe(false)
    }
  }, 60_000)
})

describe('the origins of long paths', () => {
  it('keeps every origin up to MAX_PATH_VALUES path values, and spreads fewer over the split past it', () => {
    // 48 steps (hourly rows): every origin whose next row is in the split, the last 2000 on long splits
    expect(Array.from(pathOriginsOf({ start: 100, end: 110 }, 48))).toEqual([99, 100, 101, 102, 103, 104, 105, 106, 107, 108])
    const long = pathOriginsOf({ start: 0, end: 5000 }, 48)
    expect([long.length, long[0], long[long.length - 1]]).toEqual([MAX_PATH_ORIGINS, 2999, 4998])
    // the day of 5-minute rows over 20 days' validation rows (864): every third origin, the last kept
    const day = pathOriginsOf({ start: 4032, end: 4896 }, 288)
    expect(day.length).toBe(288)
    expect(day.length * 288).toBeLessThanOrEqual(MAX_PATH_VALUES)
    expect([day[0], day[1], day[day.length - 1]]).toEqual([4033, 4036, 4894])
    // a day of 1-minute rows over 1512 rows: 66 origins, 23 rows apart
    const minute = pathOriginsOf({ start: 7056, end: 8568 }, 1440)
    expect([minute.length, minute[1]! - minute[0]!, minute[minute.length - 1]]).toEqual([66, 23, 8566])
    expect(minute[0]).toBeGreaterThanOrEqual(7055)
  })
})

describe('the season of an integer step index', () => {
  // t = 1..400 counts steps, a count with no calendar period: the season is found in the values,
  // as it is in the same values with no time column
  async function files(): Promise<{ steps: Awaited<ReturnType<typeof importCsv>>; plain: Awaited<ReturnType<typeof importCsv>> }> {
    const g = gauss(11)
    const y = Array.from({ length: 400 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 12) + g())
    const steps = await importCsv(['t,y', ...y.map((v, i) => `${i + 1},${v.toFixed(3)}`)].join('\n') + '\n', { fileName: 'steps.csv', decimal: 'dot' })
    const plain = await importCsv(['y', ...y.map((v) => v.toFixed(3))].join('\n') + '\n', { fileName: 'plain.csv', decimal: 'dot' })
    return { steps, plain }
  }

  it('finds it as with no time column, for the run and for the default look-back', async () => {
    const { steps, plain } = await files()
    expect(steps.timeColumn).toBe('t')
    expect(plain.timeColumn).toBeNull()
    const config = resolveConfig({ data: { target: 'y', lookBack: 24 }, training: { epochs: 1 } })
    expect(prepareRun(config, plain).season).toBe(12)
    expect(prepareRun(config, steps).season).toBe(12)
    const d = defaultSeasonAndLookBack(steps, 'y', 'auto', 1)
    expect(d).toEqual(defaultSeasonAndLookBack(plain, 'y', 'auto', 1))
    expect([d.season, d.lookBack, d.basis]).toEqual([12, 24, { kind: 'seasons', rows: 24 }])
  })

  it('finds it for each series of a global run', async () => {
    const g = gauss(12)
    const wave = (lift: number) => ({ time: Float64Array.from({ length: 300 }, (_, i) => i + 1), y: Float64Array.from({ length: 300 }, (_, i) => lift + 10 * Math.sin((2 * Math.PI * i) / 12) + g()) })
    const r = await twoSites([['a', wave(50)], ['b', wave(80)]], String, 24, 'time')
    expect(r.timeFormat).toBe('step')
    expect([r.season('site = a'), r.season('site = b')]).toEqual([12, 12])
  }, 60_000)
})

describe('a season given that the statistical models cannot fit on the training rows', () => {
  /** n rows of a strong cycle of m rows: a peak at its start, on a little wobble. */
  const cycle = (n: number, m: number) => Float64Array.from({ length: n }, (_, t) => 100 + (t % m === 0 ? 30 : 0) + (t % 3))
  const fitted = (n: number, m: number) => fitStatModels(cycle(n, m), m, ['theta', 'arima']).fits

  it('longer than the training rows: none of them reads it, and the season it names lets Theta fit one', () => {
    const note = longSeasonNote(40, 22)!
    expect(note.message).toBe('season 40 (--season, data.season) is longer than the 22 training rows: the statistical models read no season (seasonal naive is not fitted; ETS, Theta and ARIMA fit none); --season 10 or less (more than two seasons in the training rows), or none (auto) lets them fit one')
    expect(note.app).toBe('Season 40 is longer than the 22 training rows: the statistical models read no season (seasonal naive is not fitted; ETS, Theta and ARIMA fit none); a Season of 10 or less (more than two seasons in the training rows), or the field left empty lets them fit one')
    expect(fitted(22, 10).find((f) => f.name === 'theta')!.period).toBe(10)
  })

  it('half the training rows or more: Theta and ARIMA fit none (said with the rows they need), as with no season', () => {
    // the explored case: 32 quarters, 22 training rows, a season of 12
    const note = longSeasonNote(12, 22)!
    expect(note.message).toBe('season 12 (--season, data.season) needs more than two seasons of training rows (25 or more) for Theta and ARIMA to fit it, and the run has 22: they fit no season, as with none; --season 10 or less (more than two seasons in the training rows), or none (auto) lets them fit one')
    expect(note.app).toBe('Season 12 needs more than two seasons of training rows (25 or more) for Theta and ARIMA to fit it, and the run has 22: they fit no season, as with none; a Season of 10 or less (more than two seasons in the training rows), or the field left empty lets them fit one')
    for (const [m, n] of [[12, 22], [11, 22], [12, 24]] as const) {
      expect(longSeasonNote(m, n)).not.toBeNull()
      for (const f of fitted(n, m)) expect([f.name, f.period, f.label]).toEqual([f.name, 1, expect.not.stringContaining('[')])
    }
    // one row more than two seasons: the note is gone, and Theta reads the cycle
    expect(longSeasonNote(12, 25)).toBeNull()
    expect(fitted(25, 12).find((f) => f.name === 'theta')!.period).toBe(12)
    expect(longSeasonNote('auto', 5)).toBeNull()
  })
})

describe('the default look-back in words: true on every branch of the rule', () => {
  /** The default look-back of N rows with period m (basis: what it is two of), as defaultSeasonAndLookBack makes it. */
  const lb = (N: number, m: number, basis: DefaultLookBack['basis'], most = 4096): DefaultLookBack => ({ season: m, lookBack: suggestLookBack(N, m, 1, most), full: suggestLookBack(Infinity, m, 1, most), basis, calendar: [] })
  const seasons = (m: number) => ({ kind: 'seasons' as const, rows: 2 * m })
  const days = (perDay: number) => ({ kind: 'days' as const, rows: 2 * perDay })
  const shortSaid = (d: DefaultLookBack, N: number) => shortLookBackNote(d, N)?.message ?? null

  it('no season: 12 rows, or fewer on a short series', () => {
    expect(defaultLookBackWords(lb(1000, 1, { kind: 'none' }))).toBe('12 rows, no season')
    expect(shortSaid(lb(1000, 1, { kind: 'none' }), 1000)).toBeNull()
    const d = lb(30, 1, { kind: 'none' })
    expect(d.lookBack).toBe(9)
    expect(defaultLookBackWords(d)).toBe('9 rows, as the series is short (with rows enough: 12 rows, no season)')
  })

  it('two seasons, or fewer on a short series', () => {
    expect(defaultLookBackWords(lb(1000, 12, seasons(12)))).toBe('24 rows, two seasons')
    const d = lb(40, 12, seasons(12))
    expect(d.lookBack).toBe(13)
    expect(shortSaid(d, 40)).toBe('look-back 13 rows, as the series is short (with rows enough: 24 rows, two seasons): more would leave too few training windows in 40 rows; --lookback N sets it')
  })

  it('two seasons under 12 rows: 12, the least it takes; a short series below it, above two seasons or not', () => {
    expect(defaultLookBackWords(lb(1000, 4, seasons(4)))).toBe('12 rows, the least it takes (two seasons would be 8)')
    // the explored case: 32 quarters, look-back 10, above two seasons (8) and below the least (12)
    const q = lb(32, 4, seasons(4))
    expect([q.lookBack, q.full]).toEqual([10, 12])
    expect(shortSaid(q, 32)).toBe('look-back 10 rows, as the series is short (with rows enough: 12 rows, the least it takes, where two seasons are 8): more would leave too few training windows in 32 rows; --lookback N sets it')
    // shorter still, under two seasons too
    const q7 = lb(24, 4, seasons(4))
    expect(q7.lookBack).toBe(7)
    expect(defaultLookBackWords(q7)).toBe('7 rows, as the series is short (with rows enough: 12 rows, the least it takes, where two seasons are 8)')
  })

  it('two days of rows, at most 96; a short series below either', () => {
    expect(defaultLookBackWords(lb(5000, 24, days(24), SUB_DAILY_LOOKBACK_CAP))).toBe('48 rows, two days')
    expect(defaultLookBackWords(lb(5000, 96, days(96), SUB_DAILY_LOOKBACK_CAP))).toBe('96 rows, the most it takes (two days would be 192)')
    const d = lb(150, 96, days(96), SUB_DAILY_LOOKBACK_CAP)
    expect(d.lookBack).toBe(51)
    expect(defaultLookBackWords(d)).toBe('51 rows, as the series is short (with rows enough: 96 rows, the most it takes, where two days are 192)')
    expect(defaultLookBackWords(lb(60, 24, days(24), SUB_DAILY_LOOKBACK_CAP))).toBe('20 rows, as the series is short (with rows enough: 48 rows, two days)')
  })

  it('fw train on 32 quarters says it so (defaultSeasonAndLookBack of the file)', async () => {
    const quarters = Array.from({ length: 32 }, (_, i) => `${2015 + Math.floor(i / 4)} Q${(i % 4) + 1},${(100 + i + 5 * Math.sin(i)).toFixed(2)}`)
    const ds = await importCsv(['date,gdp', ...quarters].join('\n') + '\n', { fileName: 'q_space.csv', decimal: 'dot' })
    const d = defaultSeasonAndLookBack(ds, 'gdp', 'auto', 1)
    expect(shortLookBackNote(d, 32)?.message).toMatch(/^look-back 10 rows, as the series is short \(with rows enough: 12 rows, the least it takes, where two seasons are 8\)/)
  })
})
