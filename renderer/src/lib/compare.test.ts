// Runs › Compare names each run's test period as fw compare does: in the zone its data's files
// wrote the times in (RunDetail.zone, core/data/time-cell noticeTime), a step index as its integers.
import { expect, it } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { RunDetail } from '../../../electron/contract'
import { notComparable } from './compare'

const detail = (id: number, ts: number[], more: Partial<RunDetail> = {}): RunDetail => ({
  summary: { id, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 3, bestValLoss: 0.1, testMetric: null, datasetName: 'berlin.csv' },
  config: defaultConfig('y'), epochs: [], metrics: [],
  forecasts: ts.map((t) => ({ ts: t, step: 1, value: 1, lower: null, upper: null, actual: 1 })),
  hasTime: true, gradFlow: null, canResume: false, choice: null, unit: null, range: null, ...more
})

it("names a zoned test period as the file wrote it (Berlin's midnights), not as the UTC day before", () => {
  // Berlin's midnights of 1 to 3 February: 23:00 UTC the day before
  const berlin = [1, 2, 3].map((d) => Date.UTC(2024, 1, d) - 36e5)
  expect(notComparable(detail(1, berlin, { zone: 60 }), detail(2, berlin.slice(1), { zone: 60 }))).toEqual([
    'Test period: run #1 is scored on 2024-02-01T00:00:00+01:00 – 2024-02-03T00:00:00+01:00 (3 points), run #2 on 2024-02-02T00:00:00+01:00 – 2024-02-03T00:00:00+01:00 (2 points).'
  ])
  // a clock rule: each time with the offset its clock shows (summer +02:00)
  const summer = [Date.UTC(2024, 6, 1, 22), Date.UTC(2024, 6, 2, 22)]
  expect(notComparable(detail(1, summer, { zone: { rule: 'EU', std: 60 } }), detail(2, summer.slice(1), { zone: { rule: 'EU', std: 60 } }))[0]).toBe(
    'Test period: run #1 is scored on 2024-07-02T00:00:00+02:00 – 2024-07-03T00:00:00+02:00 (2 points), run #2 on 2024-07-03T00:00:00+02:00 – 2024-07-03T00:00:00+02:00 (1 point).'
  )
})

it("names a step index's test period by its integers (zone 'step'), and a file without offsets by its day", () => {
  expect(notComparable(detail(1, [161, 162, 163], { zone: 'step' }), detail(2, [162, 163], { zone: 'step' }))[0]).toBe('Test period: run #1 is scored on 161 – 163 (3 points), run #2 on 162 – 163 (2 points).')
  const days = [1, 2].map((d) => Date.UTC(2024, 1, d))
  expect(notComparable(detail(1, days), detail(2, days.slice(1)))[0]).toBe('Test period: run #1 is scored on 2024-02-01 – 2024-02-02 (2 points), run #2 on 2024-02-02 – 2024-02-02 (1 point).')
})
