// The bundled sample datasets import cleanly and run through the whole pipeline.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectPeriod, regressionBaselines } from './baselines'
import { defaultConfig } from './config'
import { importCsv } from './import'
import { regressionMetrics } from './metrics'
import { preparePipeline } from './pipeline'
import { targetRows } from './windows'

const sample = (name: string) => readFileSync(resolve(__dirname, '../../resources/samples', name), 'utf8')

describe('sample datasets', () => {
  it('seattle-weather.csv: types, time column, and "will it rain tomorrow"', async () => {
    const ds = await importCsv(sample('seattle-weather.csv'), { fileName: 'seattle-weather.csv' })
    expect(ds.rowCount).toBe(1461)
    expect(ds.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([
      'date:date', 'precipitation:numeric', 'temp_max:numeric', 'temp_min:numeric', 'wind:numeric', 'weather:categorical'
    ])
    expect(ds.timeColumn).toBe('date')
    const cfg = defaultConfig(ds, 'precipitation', { task: { kind: 'classification', rule: 'precipitation > 0' }, window: { lookback: 14, horizon: 1, stride: 1, mode: 'final' } })
    const p = preparePipeline(ds, cfg)
    expect(p.report.irregularSteps).toBe(0)
    expect(p.fitted.inputNames).toContain('weather=rain')
    expect(p.windows.train.starts.length).toBeGreaterThan(900)
  })

  it('co2-concentration.csv: monthly series with gaps reported, 12-month season found', async () => {
    const ds = await importCsv(sample('co2-concentration.csv'), { fileName: 'co2-concentration.csv' })
    expect(ds.rowCount).toBe(741)
    const p = preparePipeline(ds, defaultConfig(ds, 'CO2', { features: [], window: { lookback: 24, horizon: 1, stride: 1, mode: 'final' } }))
    expect(p.report.irregularSteps).toBeGreaterThan(0) // months without valid data are absent from the file
    const y = p.targetRaw
    const diff = Array.from(y.subarray(1, p.splits.train.end), (v, i) => v - y[i]) // remove the trend
    expect(detectPeriod(diff, 36)).toBe(12)
    const { origin, target } = targetRows(p.windows.test)
    const base = regressionBaselines(y, origin, 1, 24, 12)
    const truth = Array.from(target, (r) => y[r])
    // with a strong trend, last value beats the 24-month mean
    expect(regressionMetrics(truth, base.naive as Float64Array).mae).toBeLessThan(regressionMetrics(truth, base['moving-average'] as Float64Array).mae)
  })
})
