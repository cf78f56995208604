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
  expect(p.notices.find((n) => n.code === 'holiday-rows')!.message).toBe("6 of the holiday table's 6 dates fall on a row (a row counts those of the 7 days from its date): the holiday input is 1 on 6 rows")
})
