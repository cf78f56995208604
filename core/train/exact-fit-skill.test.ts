// A series the statistical models fit exactly (a straight line: drift and ARIMA with drift forecast
// it to 1e-14) leaves no skill to measure: 1 − model / baseline of two rounding errors was stored
// and shown as "+16.8 %". The run stores none, and the verdict, the exports' table and the app's say
// why, through the one rule (core/data/metrics skillOf).
import { expect, it } from 'vitest'
import { importCsv } from '../data'
import { targetScale } from '../data/metrics'
import { metricsTable } from '../export/metrics-table'
import { verdictOf } from '../export/verdict'
import { resolveConfig } from './config'
import { runTraining } from './run'

const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }

/** 120 months of 100.3 + 0.7 t: a line whose forecasts differ from the actuals by rounding only. */
const line = ['date,y', ...Array.from({ length: 120 }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,${(100.3 + 0.7 * i).toFixed(10)}`)].join('\n')

it('a line fitted exactly: no stored skill, and every place says both errors are rounding', async () => {
  const dataset = await importCsv(line, { fileName: 'line.csv' })
  const config = resolveConfig({ data: { target: 'y', time: 'date', features: [] } as never, model: { hiddenSize: 4 }, training: { epochs: 1, earlyStopping: null } })
  const r = (await runTraining({ config, dataset, appVersion: '0.1.0' }, hooks))!
  const value = (model: string) => r.metrics.find((m) => m.split === 'test' && m.model === model && m.metric === 'rmse')!.value!
  // the premise: the forecast and the statistical models err by rounding on values near 100-170
  expect(value('model')).toBeLessThan(1e-10)
  expect(value('drift')).toBeLessThan(1e-10)
  expect(r.metrics.filter((m) => m.metric === 'skill')).toEqual([])

  const target = targetScale(r.range)
  expect(target).toBeGreaterThan(100)
  const v = verdictOf('regression', r.choice, r.metrics, null, null, target)
  expect(v.skill).toBeNull()
  expect(v.tone).toBe('warn')
  expect(v.headline).toMatch(/No test skill could be measured: the forecast and the \w+ baseline both fit the test period exactly \(RMSE 0 to rounding\)/)

  // the exports' table: no skill on any row whose errors are all rounding (R² too: 1 to rounding)
  const rows = metricsTable(r.metrics, ['naive', 'drift', 'ets', 'theta', 'arima', 'linear'], target).filter((t) => t.split === 'test')
  const rmse = rows.find((t) => t.metric === 'rmse')!
  expect([rmse.skill, rmse.noSkill]).toEqual([null, 'exact-fit'])
  for (const t of rows) expect(t.skill).toBeNull()

  // its interval has zero width (every validation and test error rounding): kept with the run, so
  // fw train, fw show, the app's verdict and the exports say so
  expect(r.intervalHalfWidth!).toBeLessThan(1e-10)
  expect(r.notices?.map((n) => n.message)).toContainEqual(expect.stringMatching(/^the 90 % prediction interval has zero width: every one of the \d+ validation and test errors it is calibrated on was 0 \(to rounding/))
}, 60_000)

it('a series with errors keeps no note of zero width', async () => {
  const wavy = ['date,y', ...Array.from({ length: 120 }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,${(100 + 10 * Math.sin(i / 2) + ((i * 7) % 5)).toFixed(2)}`)].join('\n')
  const dataset = await importCsv(wavy, { fileName: 'wavy.csv' })
  const config = resolveConfig({ data: { target: 'y', time: 'date', features: [] } as never, model: { hiddenSize: 4 }, training: { epochs: 1, earlyStopping: null } })
  const r = (await runTraining({ config, dataset, appVersion: '0.1.0' }, hooks))!
  expect(r.intervalHalfWidth!).toBeGreaterThan(0.1)
  expect((r.notices ?? []).filter((n) => n.message.includes('zero width'))).toEqual([])
}, 60_000)
