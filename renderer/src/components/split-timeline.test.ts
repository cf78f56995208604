// @vitest-environment happy-dom
// Setup's split over one series: the rows, dates and window counts it shows are the ones the run's
// pipeline cuts (computeSplits), not the fractions rounded on their own.
import { mount } from '@vue/test-utils'
import { expect, it } from 'vitest'
import { defaultConfig } from '../../../core/data/config'
import { importCsv } from '../../../core/data/import'
import { preparePipeline } from '../../../core/data/pipeline'
import { formatTime } from '../lib/columns'
import SplitTimeline from './SplitTimeline.vue'

it('shows the validation and test starts and windows that the run uses', async () => {
  // 144 months: 70 / 15 / 15 % cut at rows 100 and 122 (floor(144 x 0.85)), where 15 % rounded on
  // its own (21 rows) would start the test a row later
  const months = Array.from({ length: 144 }, (_, i) => `${new Date(Date.UTC(2010, i, 1)).toISOString().slice(0, 10)},${100 + i + (i % 12)}`)
  const ds = await importCsv(`month,sales\n${months.join('\n')}\n`, { fileName: 'm.csv' })
  const p = preparePipeline(ds, defaultConfig(ds, 'sales', { window: { lookback: 12, horizon: 1, stride: 1, mode: 'final' } }))
  const time = (ds.columns[0] as { values: Float64Array }).values
  const values = (ds.columns[1] as { values: Float64Array }).values
  const w = mount(SplitTimeline, { props: { values, time, train: 0.7, val: 0.15, lookBack: 12, horizon: 1, stride: 1 } })
  const text = w.text()
  expect(text).toContain(`Validation 15 % · from ${formatTime(time[p.splits.val.start]!)} · ${p.windows.val.starts.length} windows`)
  expect(text).toContain(`Test 15 % · from ${formatTime(time[p.splits.test.start]!)} · ${p.windows.test.starts.length} windows`)
  expect(text).toContain(`Train 70 % · ${p.splits.train.end} rows · ${p.windows.train.starts.length} windows`)
  expect([p.splits.val.start, p.splits.test.start, p.windows.test.starts.length]).toEqual([100, 122, 22])
})

it.each([
  ['final-only, horizon 7', { mode: 'final' as const, horizon: 7 }],
  ['per-step, horizon 3', { mode: 'per-step' as const, horizon: 3 }],
  ['direct, horizon 5', { mode: 'final' as const, horizon: 5, direct: true }]
])('%s: the window counts are the pipeline\'s (they were h - 1 short on validation and test)', async (_, o) => {
  const days = Array.from({ length: 300 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${10 + Math.sin(i / 7)}`)
  const ds = await importCsv(`day,y\n${days.join('\n')}\n`, { fileName: 'd.csv' })
  const p = preparePipeline(ds, defaultConfig(ds, 'y', { window: { lookback: 14, horizon: o.horizon, stride: 1, mode: o.mode, ...(o.direct ? { targets: 'all' as const } : {}) } }))
  const w = mount(SplitTimeline, { props: { values: (ds.columns[1] as { values: Float64Array }).values, time: null, train: 0.7, val: 0.15, lookBack: 14, horizon: o.horizon, stride: 1, mode: o.mode, direct: o.direct } })
  const counts = [...w.text().matchAll(/(\d+) windows/g)].map((m) => Number(m[1]))
  expect(counts).toEqual([p.windows.train.starts.length, p.windows.val.starts.length, p.windows.test.starts.length])
})

it('says one window and one row in the singular (a 6-row series: "Test 15 % · from row 6 · 1 window")', () => {
  const values = Float64Array.from([12, 15, 11, 14, 16, 13])
  const w = mount(SplitTimeline, { props: { values, time: null, train: 0.7, val: 0.15, lookBack: 2, horizon: 1, stride: 1 } })
  const text = w.text()
  expect(text).toContain('Validation 15 % · from row 5 · 1 window')
  expect(text).toContain('Test 15 % · from row 6 · 1 window')
  expect(text).not.toMatch(/\b1 windows|\b1 rows/)
  const one = mount(SplitTimeline, { props: { values: Float64Array.from([1, 2]), time: null, train: 0.5, val: 0.25, lookBack: 1, horizon: 1, stride: 1 } })
  expect(one.text()).toContain('Train 50 % · 1 row · 0 windows')
})

it('counts rows and windows on the calendar grid the run puts the series on (CO2: 494 train windows shown where the run had 495)', async () => {
  const { readFileSync } = await import('node:fs')
  const { autoResample } = await import('../../../core/train/grid')
  const ds = await importCsv(readFileSync('resources/samples/co2-concentration.csv', 'utf8'), { fileName: 'co2-concentration.csv' })
  const grid = autoResample(ds, ds.timeColumn)
  expect(grid).toMatchObject({ unit: 'month', every: 1 })
  const window = { lookback: 24, horizon: 1, stride: 1, mode: 'final' as const }
  const cfg = defaultConfig(ds, 'CO2', { window, features: [] })
  const p = preparePipeline(ds, { ...cfg, time: { ...cfg.time, resample: { freq: { unit: grid!.unit, every: grid!.every }, agg: grid!.agg, auto: true } } })
  const time = ds.columns.find((c) => c.name === 'Date')!.values as Float64Array
  const values = ds.columns.find((c) => c.name === 'CO2')!.values as Float64Array
  const w = mount(SplitTimeline, { props: { values, time, train: 0.7, val: 0.15, lookBack: 24, horizon: 1, stride: 1, grid } })
  const counts = [...w.text().matchAll(/(\d+) windows/g)].map((m) => Number(m[1]))
  expect(counts).toEqual([p.windows.train.starts.length, p.windows.val.starts.length, p.windows.test.starts.length])
  expect(w.text()).toContain(`Train 70 % · ${p.splits.train.end} rows`)
  expect(p.splits.test.end - 741).toBe(5) // the 5 absent months are rows of the run
})
