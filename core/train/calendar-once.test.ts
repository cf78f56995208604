// toPipelineConfig reads the 'auto' calendar off the time column's step (a pass and two sorts over
// every row: 40-122 ms on 200,100 rows), and Setup resolves the config at each edit of a field: the
// step is worked out once per time column, not again for a new split or look-back.
import { expect, it, vi } from 'vitest'
import { toPipelineConfig } from './prepare'
import { defaultConfig, resolveConfig } from './config'
import * as calendar from '../data/calendar'
import type { Dataset } from '../data/types'

vi.mock('../data/calendar', async (original) => {
  const m = await original<typeof import('../data/calendar')>()
  return { ...m, autoCalendar: vi.fn(m.autoCalendar) }
})

function hourly(n: number): Dataset {
  const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 3_600_000)
  return { file: 'h.csv', rowCount: n, timeColumn: 'date', lines: Int32Array.from({ length: n }, (_, i) => i + 2), notices: [],
    columns: [{ kind: 'date', name: 'date', values: t, format: 'iso', hasTime: true }, { kind: 'numeric', name: 'y', values: Float64Array.from({ length: n }, (_, i) => i % 24) }] } as unknown as Dataset
}

it("works out the 'auto' calendar once per time column, whatever else the config changes", () => {
  const spy = vi.mocked(calendar.autoCalendar)
  const ds = hourly(500)
  const c = defaultConfig('y')
  c.data.time = 'date'
  c.data.features = []
  c.data.calendar = 'auto'
  const a = toPipelineConfig(resolveConfig(JSON.parse(JSON.stringify(c))), ds)
  c.data.lookBack = 30
  c.data.split = { kind: 'fraction', train: 0.6, val: 0.2, gap: 0 }
  const b = toPipelineConfig(resolveConfig(JSON.parse(JSON.stringify(c))), ds)
  expect(a.calendar).toEqual({ features: ['hour', 'dow'] })
  expect(b.calendar).toEqual(a.calendar)
  expect(b.window.lookback).toBe(30)
  expect(spy).toHaveBeenCalledTimes(1)
  // another time column (another file, a Data view edit: new values) is read anew
  const daily = hourly(500)
  ;(daily.columns[0] as { values: Float64Array }).values = Float64Array.from({ length: 500 }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000)
  expect(toPipelineConfig(resolveConfig(JSON.parse(JSON.stringify(c))), daily).calendar).toEqual({ features: ['dow', 'month'] })
  expect(spy).toHaveBeenCalledTimes(2)
})
