// @vitest-environment happy-dom
// Times written with a UTC offset are shown as the file wrote them (core/data fileTime, as fw
// writes them): ExplainPanel's slider (with the time of day on sub-daily rows) and SplitTimeline's
// starts (the file's day), not the UTC day or hour unmarked.
import { flushPromises, mount } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import type { RunExplanation } from '../../../core/train/explain-run'
import { setApi } from '../api'
import { fakeApi } from '../test/fakes'
import ExplainPanel from './ExplainPanel.vue'
import SplitTimeline from './SplitTimeline.vue'

const H = 36e5
const explanation = (ts: number) => ({ target: 'y', lookback: 1, horizon: 1, step: 1, inputNames: ['y'], lags: [1], baseline: { kind: 'no change', perInput: [0], words: 'a flat history' }, method: { quadrature: 'gauss-legendre', steps: 32 }, at: { end: 9, row: 10, time: ts, endTime: ts - H, forecast: 1, fromBaseline: 1, attributions: [[0]], gradientTimesInput: [[0]], gap: 0, tolerance: 5e-4, evaluations: 32 }, global: null, permutation: null, members: [], notes: [] }) as unknown as RunExplanation
const pointsAt = (ts: number[]) => ts.map((t) => ({ ts: t, step: 1, value: 1, lower: null, upper: null, actual: 1 }))

async function slider(points: ReturnType<typeof pointsAt>, zone?: unknown) {
  setApi(fakeApi({ explainForecast: vi.fn(async (r: { ts: number }) => explanation(r.ts)) }))
  const w = mount(ExplainPanel, { props: { runId: 4, points, hasTime: true, target: 'y', ...(zone === undefined ? {} : { zone }) } })
  await flushPromises()
  const label = w.find('[data-testid="explain-point"]').element.parentElement!.querySelector('b')!.textContent
  w.unmount()
  return label
}

it("ExplainPanel names the forecast as the file wrote it: Berlin's midnight, not the UTC day before", async () => {
  const days = [1, 2, 3].map((d) => Date.UTC(2024, 1, d) - H)
  expect(await slider(pointsAt(days), 60)).toBe('2024-02-03')
})

it('ExplainPanel shows the date and the time on hourly data (it showed the date alone)', async () => {
  const hours = [0, 1, 2].map((h) => Date.UTC(2024, 1, 1, h))
  expect(await slider(pointsAt(hours))).toBe('2024-02-01 02:00')
  expect(await slider(pointsAt(hours), 60)).toBe('2024-02-01T03:00:00+01:00')
  expect(await slider(pointsAt([161, 162]), 'step')).toBe('162')
})

it("SplitTimeline names the validation and test starts by the file's day", () => {
  // 20 of Berlin's midnights: 23:00 UTC the day before
  const time = Float64Array.from({ length: 20 }, (_, i) => Date.UTC(2024, 1, 1 + i) - H)
  const values = Float64Array.from({ length: 20 }, (_, i) => i % 3)
  const w = mount(SplitTimeline, { props: { values, time, zone: 60, train: 0.5, val: 0.25, lookBack: 2, horizon: 1, stride: 1 } })
  expect(w.text()).toContain('Validation 25 % · from 2024-02-11')
  expect(w.text()).toContain('Test 25 % · from 2024-02-16')
})
