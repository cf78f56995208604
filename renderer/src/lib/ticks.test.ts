// The charts' axis labels: a log axis over less than a decade labels its round ticks only, so the
// fine ticks chart.js packs near the bottom (a loss curve from 0.77 down to 0.736) never overlap.
import { describe, expect, it } from 'vitest'
import { axisTitle, calendarTicks, edgeTicks, logTick, numberTick, timeTick } from './ticks'

const labels = (values: number[]) => values.map((v, i) => logTick(v, i, values))

describe('logTick', () => {
  it('under a decade: the ticks of two significant digits, not the fine ones between them', () => {
    const values = [0.736, 0.737, 0.738, 0.739, 0.74, 0.745, 0.75, 0.76, 0.77]
    expect(labels(values)).toEqual(['', '', '', '', '0.74', '', '0.75', '0.76', '0.77'])
  })

  it('under a decade with fewer than two round ticks: every tick, as before', () => {
    expect(labels([1.231, 1.232, 1.233, 1.234])).toEqual(['1.231', '1.232', '1.233', '1.234'])
    expect(labels([0.1, 0.2, 0.3])).toEqual(['0.1', '0.2', '0.3'])
    expect(labels([0.25, 0.251])).toEqual(['0.25', '0.251']) // one round tick: both
  })

  it('many ticks within a decade (a loss from 0.49 to 0.44, a tick every 0.001): its round ticks, or every k-th, at most 8 labels', () => {
    const fine = Array.from({ length: 61 }, (_, i) => +(0.44 + i * 0.001).toFixed(3))
    expect(labels(fine).filter(Boolean)).toEqual(['0.44', '0.45', '0.46', '0.47', '0.48', '0.49', '0.5'])
    // no round ticks among them: evenly, six or seven labels
    const odd = Array.from({ length: 40 }, (_, i) => +(1.2301 + i * 0.0001).toFixed(4))
    const l = labels(odd).filter(Boolean)
    expect(l.length).toBeGreaterThanOrEqual(5)
    expect(l.length).toBeLessThanOrEqual(7)
  })

  it('thinned by pixel spacing: a validation loss from 0.47 to 0.7 on a short chart keeps its labels 16 px apart or more', () => {
    // the Train view's loss axis (an exploratory pass's screenshot): 0.5, 0.49, 0.48 and 0.47 about 8 px apart, on top of each other
    const values = [0.47, 0.48, 0.49, 0.5, 0.55, 0.6, 0.7]
    const short = values.map((v, i) => logTick(v, i, values, { min: 0.47, max: 0.7, pixels: 180 }))
    expect(short).toEqual(['', '0.48', '', '0.5', '0.55', '0.6', '0.7'])
    const px = (v: number) => (Math.log(v / 0.47) / Math.log(0.7 / 0.47)) * 180
    const shown = values.filter((_, i) => short[i])
    for (let i = 1; i < shown.length; i++) expect(px(shown[i]!) - px(shown[i - 1]!)).toBeGreaterThanOrEqual(16)
    // a tall chart has room for all of them
    expect(values.map((v, i) => logTick(v, i, values, { min: 0.47, max: 0.7, pixels: 1000 }))).toEqual(labels(values))
  })

  it('over decades: 1, 2, 3 and 5 of each, and the top ticks', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    const l = labels(values)
    expect(l[values.indexOf(4)]).toBe('')
    expect(l[values.indexOf(5)]).toBe('5')
    expect(l[values.indexOf(30)]).toBe('30')
    expect(l[values.indexOf(60)]).toBe('')
    expect(l[values.length - 1]).toBe('100')
    expect(logTick(0, 0, [0, 1])).toBe('0')
  })

  it('numberTick: integers grouped, others to six digits, extremes in exponent form', () => {
    expect(numberTick(12000)).toBe('12,000')
    expect(numberTick(0.1 + 0.2)).toBe('0.3')
    expect(numberTick(2.5e-5)).toBe('2.5e-5')
    expect(numberTick(3e7)).toBe('3.0e+7')
  })
})

describe('timeTick', () => {
  const at = (s: string) => Date.parse(s)
  it('writes the hour where ticks are less than a day apart, the day otherwise', () => {
    const hourly = [at('2023-01-22T00:00Z'), at('2023-01-22T12:00Z'), at('2023-01-23T00:00Z')].map((value) => ({ value }))
    expect(hourly.map((t) => timeTick(t.value, hourly))).toEqual(['2023-01-22 00:00', '2023-01-22 12:00', '2023-01-23 00:00'])
    const daily = [at('2015-03-14T00:00Z'), at('2015-05-10T00:00Z')].map((value) => ({ value }))
    expect(daily.map((t) => timeTick(t.value, daily))).toEqual(['2015-03-14', '2015-05-10'])
    expect(timeTick(at('2015-03-14T00:00Z'), [])).toBe('2015-03-14')
  })

  it('the month where every tick is the first of a month, the year where every tick is the first of January', () => {
    const label = (ts: number[]) => ts.map((value) => ({ value })).map((t, _, all) => timeTick(t.value, all))
    // calendarTicks of a monthly series over a few years: quarters, then decades (the CO2 sample)
    expect(label(calendarTicks(Date.UTC(2018, 2, 3), Date.UTC(2019, 8, 17)))).toEqual(['2018-04', '2018-07', '2018-10', '2019-01', '2019-04', '2019-07'])
    expect(label(calendarTicks(Date.UTC(1958, 2, 1), Date.UTC(2020, 3, 1)))).toEqual(['1960', '1970', '1980', '1990', '2000', '2010', '2020'])
    // a tick off the first of a month, or at an hour, keeps the whole date
    expect(label([at('2015-03-01T00:00Z'), at('2015-04-02T00:00Z')])).toEqual(['2015-03-01', '2015-04-02'])
    expect(label([at('2015-01-01T06:00Z'), at('2016-01-01T06:00Z')])).toEqual(['2015-01-01', '2016-01-01'])
    // days apart on the first of two months only by chance: whole dates (under 28 days apart they are not months)
    expect(label([at('2015-03-01T00:00Z'), at('2015-03-15T00:00Z')])).toEqual(['2015-03-01', '2015-03-15'])
  })
})

describe('calendarTicks', () => {
  const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString().slice(0, 16))
  it('a monthly series over a few years: the first of a month or a quarter, never an odd day', () => {
    const ts = calendarTicks(Date.UTC(2018, 2, 3), Date.UTC(2019, 8, 17))
    expect(ts.length).toBeGreaterThan(2)
    expect(ts.length).toBeLessThanOrEqual(8)
    for (const t of ts) expect(new Date(t).getUTCDate()).toBe(1)
    expect(iso(ts)[0]).toBe('2018-04-01T00:00')
    expect(new Set(ts.map((t) => new Date(t).getUTCMonth() % 3)).size).toBe(1) // one step: every 3 months
  })
  it('decades of yearly data: the first of January every few years; days and hours for short spans', () => {
    const years = calendarTicks(Date.UTC(1871, 0, 1), Date.UTC(1970, 0, 1))
    expect(iso(years)).toEqual(['1880-01-01T00:00', '1900-01-01T00:00', '1920-01-01T00:00', '1940-01-01T00:00', '1960-01-01T00:00'])
    const days = calendarTicks(Date.UTC(2024, 0, 1, 5), Date.UTC(2024, 0, 6))
    expect(iso(days)).toEqual(['2024-01-02T00:00', '2024-01-03T00:00', '2024-01-04T00:00', '2024-01-05T00:00', '2024-01-06T00:00'])
    const hours = calendarTicks(Date.UTC(2024, 0, 1, 0, 30), Date.UTC(2024, 0, 1, 12))
    expect(iso(hours)[0]).toBe('2024-01-01T02:00')
    for (const t of hours) expect(t % 36e5).toBe(0)
    expect(calendarTicks(5, 5)).toEqual([])
  })
})

describe('axisTitle', () => {
  it('keeps a short title on one line, wraps a long one between words, and cuts what does not fit in two lines', () => {
    expect(axisTitle('Umsatz_é (€)')).toEqual(['Umsatz_é (€)'])
    expect(axisTitle('daily mean temperature at the airport (°C)')).toEqual(['daily mean temperature at the', 'airport (°C)'])
    const long = `sehr_langer_Spaltenname_${'x'.repeat(80)}_名前_🚀 (kg)`
    const lines = axisTitle(long)
    expect(lines).toHaveLength(2)
    expect(lines.every((l) => l.length <= 36)).toBe(true)
    expect(lines[0]).toBe(long.slice(0, 36))
    expect(lines[1]!.endsWith('…')).toBe(true)
  })
})

describe("edgeTicks: a histogram's labels at round bin edges, never crowded", () => {
  const edges = Array.from({ length: 23 }, (_, i) => +(-0.9 + i * 0.1).toFixed(1)) // 22 bins 0.1 wide, -0.9 to 1.3
  it('labels the edges on a round step, more of them on a wider axis', () => {
    expect(edgeTicks(edges, 420)).toEqual([-0.5, 0, 0.5, 1])
    expect(edgeTicks(edges, 1200)).toEqual([-0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1, 1.2])
    expect(edgeTicks(edges, 220)).toEqual([0, 1])
  })
  it('keeps 56 px or more between two labels, and every label an edge', () => {
    for (const px of [200, 300, 500, 800, 1600]) {
      const t = edgeTicks(edges, px)
      const gap = (px / 22) * Math.round((t[1]! - t[0]!) / 0.1)
      expect(gap).toBeGreaterThanOrEqual(56)
      for (const v of t) expect(edges).toContain(v)
    }
  })
  it('bins 0.25 wide step by 0.5, 1, 2 (never 1.25); both ends when nothing else fits', () => {
    const q = Array.from({ length: 21 }, (_, i) => -2.5 + i * 0.25)
    expect(edgeTicks(q, 300)).toEqual([-2, -1, 0, 1, 2])
    expect(edgeTicks([0.3, 0.35], 20)).toEqual([0.3, 0.35])
  })
})
