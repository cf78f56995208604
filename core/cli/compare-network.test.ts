// fw compare shows what a network setting changed where the chosen forecast hides it: two runs whose
// forecast is the same statistical mean get the network's own test metrics as rows, and two global
// runs their series side by side with how many each run's network wins (explore24 finding 5). --json
// gives the same rows (the top-level help promises test metrics).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore, type SeriesInput } from '../store'
import { defaultConfig } from '../train/config'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-compare-network-'))
const db = join(dir, 'runs.db')
const ids = { lstm: 0, gru: 0, gLstm: 0, gGru: 0 }
const day = 86_400_000
const choice = { chosen: 'combination', label: 'mean of ETS, Theta, ARIMA', network: 0, members: [], season: 1, steps: 1, validation: [], message: 'why' }

const series = (position: number, key: string, networkMase: number): SeriesInput => ({
  position, key: [key], label: `store = ${key}`, rows: 60, season: 1, n: 3,
  mae: 1, mase: 0.3, naiveMae: 2, naiveMase: 1, seasonalNaiveMae: null, intervalHalfWidth: null, coverage: null,
  beatsNaive: true, beatsBestNaive: true, forecastBy: 'combination', forecastLabel: 'mean of ETS, Theta, ARIMA', forecastNote: null,
  networkMae: 2 * networkMase, networkMase, rangeJson: null,
  accuracy: null, brier: null, logLoss: null, rateBrier: null, persistenceBrier: null, majorityAccuracy: null, forecasts: []
})

beforeAll(() => {
  const store = openStore(db, { appVersion: 'test' })
  try {
    const time = { name: 'date', kind: 'date', data: Float64Array.from({ length: 60 }, (_, i) => Date.UTC(2024, 0, 1) + i * day), meta: { format: 'iso', hasTime: false } }
    const y = { name: 'y', kind: 'numeric', data: Float64Array.from({ length: 60 }, (_, i) => Math.sin(i)) }
    const ds = store.datasets.save({ name: 'neg.csv', sourceFile: null, columns: [time, y], meta: {} })
    const config = (cell: 'lstm' | 'gru') => JSON.stringify({ ...defaultConfig('y'), data: { ...defaultConfig('y').data, time: 'date' }, model: { ...defaultConfig('y').model, cell } })
    const single = (cell: 'lstm' | 'gru', networkMae: number) => {
      const id = store.runs.create({ datasetId: ds, configJson: config(cell), seed: 1 })
      store.startRun(id)
      store.finishRun(id, {
        metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 1.641 }, { split: 'test', model: 'network', metric: 'mae', value: networkMae }],
        forecasts: Array.from({ length: 9 }, (_, i) => ({ ts: Date.UTC(2024, 1, 20 + i), step: 1, value: 0, lower: null, upper: null, actual: 0 })),
        choice
      })
      return id
    }
    ids.lstm = single('lstm', 3.2339)
    ids.gru = single('gru', 3.3582)
    const global = (cell: 'lstm' | 'gru', network: number[]) => {
      const id = store.runs.create({ datasetId: ds, configJson: config(cell), seed: 1 })
      store.startRun(id)
      const rows = ['A', 'B', 'C'].map((k, i) => series(i, k, network[i]!))
      store.finishRun(id, {
        metrics: [{ split: 'test', model: 'model', metric: 'mase', value: 0.3 }, { split: 'test', model: 'network', metric: 'mase', value: network.reduce((s, v) => s + v, 0) / 3 }],
        forecasts: [],
        global: { summary: { version: 1, columns: ['store'], summary: { series: 3, meanMase: 0.3, beatNaive: 3 } }, series: rows }
      })
      return id
    }
    ids.gLstm = global('lstm', [0.41, 0.39, 0.36])
    ids.gGru = global('gru', [0.39, 0.39, 0.32])
  } finally {
    store.close()
  }
})

describe('fw compare: the network beside the chosen forecast', () => {
  it('two runs forecast alike by the same statistical mean: the network rows tell them apart, in text and --json', async () => {
    const text = (await fw('compare', String(ids.lstm), String(ids.gru), '--db', db)).stdout
    expect(text).toMatch(/\nmae +1\.6410 +1\.6410\n/)
    expect(text).toMatch(/\nnetwork mae +3\.2339 +3\.3582\n/)
    const json = JSON.parse((await fw('compare', String(ids.lstm), String(ids.gru), '--db', db, '--json')).stdout) as { runs: number[]; config: { path: string }[]; testMetrics: { rows: { label: string; a: unknown; b: unknown }[]; sameData: boolean }; series: unknown }
    expect(json.runs).toEqual([ids.lstm, ids.gru])
    expect(json.config.map((c) => c.path)).toEqual(['model.cell'])
    expect(json.testMetrics.sameData).toBe(true)
    expect(json.testMetrics.rows.find((r) => r.label === 'network mae')).toEqual({ label: 'network mae', a: 3.2339, b: 3.3582, network: 'mae' })
    expect(json.series).toBeNull()
  })

  it("two global runs: each series' forecast and network MASE, and how many series each run's network wins", async () => {
    const text = (await fw('compare', String(ids.gLstm), String(ids.gGru), '--db', db)).stdout
    expect(text).toContain(`- forecast: run ${ids.gLstm} is lower on 0 series, run ${ids.gGru} on 0 (3 alike)`)
    expect(text).toContain(`- network alone: run ${ids.gLstm} is lower on 0 series, run ${ids.gGru} on 2 (1 alike)`)
    expect(text).toMatch(/\nstore = C +0\.3000 +0\.3000 +0\.3600 +0\.3200\n/)
    const json = JSON.parse((await fw('compare', String(ids.gLstm), String(ids.gGru), '--db', db, '--json')).stdout) as { series: { rows: { label: string }[]; network: { a: number; b: number; equal: number } } }
    expect(json.series.rows.map((r) => r.label)).toEqual(['store = A', 'store = B', 'store = C'])
    expect(json.series.network).toMatchObject({ a: 0, b: 2, equal: 1 })
  })
})
