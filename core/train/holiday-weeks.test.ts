// Weekly rows with a holiday table (exploratory pass 20, item 3): a run flags the week that holds a
// holiday, stores that reading with its pipeline so that forecasts past the end flag their weeks
// alike, and says how many of the table's dates fall on a row.
import { expect, it } from 'vitest'
import { importCsv, preparePipeline } from '../data'
import { resolveConfig } from './config'
import { toPipelineConfig } from './prepare'

const WEEK = 7 * 864e5
const week = (i: number) => new Date(Date.UTC(2023, 0, 2) + i * WEEK).toISOString().slice(0, 10) // Mondays
const csv = ['week,sales', ...Array.from({ length: 120 }, (_, i) => `${week(i)},${(500 + 3 * i + ((i * 37) % 11) * 4).toFixed(1)}`)].join('\n') + '\n'
const HOLIDAYS = ['2023-07-04', '2023-11-23', '2023-12-25', '2024-07-04', '2024-11-28', '2024-12-25']

it('a weekly run flags the week holding each holiday, keeps that reading in its config, and says so', async () => {
  const ds = await importCsv(csv, { fileName: 'weekly.csv' })
  const cfg = toPipelineConfig(resolveConfig({ data: { target: 'sales', lookBack: 8, holidays: HOLIDAYS } as never }), ds)
  expect(cfg.calendar).toEqual({ features: ['holiday'], holidays: HOLIDAYS, span: { days: 7 } })
  const p = preparePipeline(ds, cfg)
  const b = p.fitted.inputs.find((x) => x.column === 'cal:holiday')!
  // the input is led by the horizon (1): row r holds the flag of row r + 1
  const flagged = Array.from({ length: p.N - 1 }, (_, r) => r + 1).filter((r) => p.inputs[(r - 1) * p.D + b.offset] === 1).map(week)
  expect(flagged).toEqual(['2023-07-03', '2023-11-20', '2023-12-25', '2024-07-01', '2024-11-25', '2024-12-23'])
  expect(p.notices.find((n) => n.code === 'holiday-rows')!.message).toBe("6 of the holiday table's 6 dates fall on a row (a row counts those of the 7 days from its date): the holiday input is 1 on 6 rows; each row's date is taken as the first day of its period: for a file that dates each period by its last day (a week ending on Sunday), each row is flagged for the holidays of the period after it, and --period-label end reads them right")
})

// the same holidays on a file that dates each week by its Sunday (its last day): data.periodLabel
// 'end' flags the week that holds each, stored in the pipeline's calendar (label) for forecasts
const sunday = (i: number) => new Date(Date.UTC(2023, 0, 8) + i * WEEK).toISOString().slice(0, 10)
const ending = ['week,sales', ...Array.from({ length: 120 }, (_, i) => `${sunday(i)},${(500 + 3 * i + ((i * 37) % 11) * 4).toFixed(1)}`)].join('\n') + '\n'

it("weeks dated by their Sunday: periodLabel 'end' flags the week holding each holiday, stored with the run and said", async () => {
  const ds = await importCsv(ending, { fileName: 'weeks-ending.csv' })
  const flaggedWith = (periodLabel?: 'start' | 'end') => {
    const cfg = toPipelineConfig(resolveConfig({ data: { target: 'sales', lookBack: 8, holidays: HOLIDAYS, resample: null, ...(periodLabel ? { periodLabel } : {}) } as never }), ds)
    const p = preparePipeline(ds, cfg)
    const b = p.fitted.inputs.find((x) => x.column === 'cal:holiday')!
    return { cfg, p, flagged: Array.from({ length: p.N - 1 }, (_, r) => r + 1).filter((r) => p.inputs[(r - 1) * p.D + b.offset] === 1).map(sunday) }
  }
  const end = flaggedWith('end')
  expect(end.cfg.calendar).toEqual({ features: ['holiday'], holidays: HOLIDAYS, span: { days: 7 }, label: 'end' })
  // each holiday's Monday-to-Sunday week: 2023-07-04 (Tue) ends 07-09, 11-23 (Thu) 11-26, 12-25 (Mon) 12-31
  expect(end.flagged).toEqual(['2023-07-09', '2023-11-26', '2023-12-31', '2024-07-07', '2024-12-01', '2024-12-29'])
  expect(end.p.notices.find((n) => n.code === 'holiday-rows')!.message).toContain("(a row counts those of the 7 days up to its date)")
  expect(end.p.notices.find((n) => n.code === 'holiday-rows')!.message).toContain("each row's date is taken as the last day of its period (--period-label end;")
  // the default ('start', as before): each row flagged for the week after it, and the run says how to change it
  for (const start of [flaggedWith(), flaggedWith('start')]) {
    expect(start.cfg.calendar).toEqual({ features: ['holiday'], holidays: HOLIDAYS, span: { days: 7 } })
    expect(start.flagged).toEqual(['2023-07-02', '2023-11-19', '2023-12-24', '2024-06-30', '2024-11-24', '2024-12-22'])
    const note = start.p.notices.find((n) => n.code === 'holiday-rows')!
    expect(note.message).toContain('--period-label end reads them right')
    expect(note.app).toContain('Rows dated by "end of their period" in Setup reads them right')
  }
})

it('data.periodLabel is checked, and a run on a calendar grid (rows dated by their first day) says so instead', async () => {
  expect(() => resolveConfig({ data: { target: 'sales', periodLabel: 'sunday' } as never })).toThrow(/data\.periodLabel/)
  expect(resolveConfig({ data: { target: 'sales' } }).data.periodLabel).toBeUndefined() // absent: 'start', stored as before
  const ds = await importCsv(ending, { fileName: 'weeks-ending.csv' })
  const cfg = toPipelineConfig(resolveConfig({ data: { target: 'sales', lookBack: 8, holidays: HOLIDAYS, periodLabel: 'end', resample: { unit: 'week', every: 1, agg: 'mean' } } as never }), ds)
  expect(cfg.calendar).toEqual({ features: ['holiday'], holidays: HOLIDAYS, span: { days: 7 } }) // the grid's rows begin their weeks
  const p = preparePipeline(ds, cfg)
  expect(p.notices.find((n) => n.code === 'holiday-rows')!.message).toContain("each row's date is the first day of its period, as the calendar grid dates its rows")
})
