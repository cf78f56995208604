// Migration 006: a global run (one network across many series) is stored like any run, with its
// summary in runs.global_json and each series' scores and test forecast in run_series /
// series_forecasts (issue 13, items 4 and 8).
import path from 'node:path'
import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION, StoreError, migrate, openStore, type SeriesInput, type Store } from './index'
import { seedRun } from './test-fixtures/sample'
import { tempStore, type TempStore } from './test-fixtures/temp'

let tmp: TempStore
let store: Store
beforeEach(() => {
  tmp = tempStore('fw-global-', { appVersion: '0.1.0' })
  store = tmp.store
})

const series = (position: number, key: string, over: Partial<SeriesInput> = {}): SeriesInput => ({
  position, key: [key], label: `store=${key}`, rows: 120, season: 12, n: 3,
  mae: 1.5 + position, mase: 0.8 + position, naiveMae: 2, naiveMase: 1.1, seasonalNaiveMae: null,
  intervalHalfWidth: 3, coverage: 2 / 3, beatsNaive: position === 0, beatsBestNaive: false,
  forecastBy: position === 0 ? 'ensemble' : 'naive', forecastLabel: position === 0 ? 'mean of the network and Theta' : 'Naive',
  forecastNote: 'why', networkMae: 2.5, networkMase: 1.2,
  // the series' range facts (migration 018): the second's test values left its history
  rangeJson: position === 1 ? JSON.stringify({ domain: null, min: 1, max: 9, n: 3, above: 2, below: 0 }) : null,
  // a regression's series have no class scores (migration 021)
  accuracy: null, brier: null, logLoss: null, rateBrier: null, persistenceBrier: null, majorityAccuracy: null,
  forecasts: [1, 2, 3].map((i) => ({ ts: Date.UTC(2020, i, 1), step: 1, value: 10 * position + i, lower: 10 * position + i - 3, upper: 10 * position + i + 3, actual: 10 * position + i + 0.5 })),
  ...over
})
const summary = { columns: ['store'], series: 2, meanMase: 1.3, beatNaive: 1 }

/** A database at schema `version` with one done global run whose one series' row (s1) is stored as before. */
function oldGlobalRun(version: number): string {
  const file = path.join(tmp.dir, `v${version}.db`)
  const raw = new Database(file)
  migrate(raw, file, MIGRATIONS.slice(0, version))
  expect(raw.pragma('user_version', { simple: true })).toBe(version)
  raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('d', 'h', 0, 0)").run()
  raw.prepare(`INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at, global_json) VALUES (1, '{}', 1, 'old', 'done', 0, '{"version":1}')`).run()
  raw.prepare(`INSERT INTO run_series (run_id, position, key_json, label, rows, season, n, mae, mase, naive_mae, naive_mase, snaive_mae, interval_half_width, coverage, beats_naive, beats_best_naive)
    VALUES (1, 0, '["s1"]', 'store=s1', 120, 12, 3, 1.5, 0.8, 2, 1.1, NULL, 3, 0.5, 1, 0)`).run()
  raw.prepare('INSERT INTO series_forecasts (run_id, position, ts, step, value, lower, upper, actual) VALUES (1, 0, 7, 1, 10, 8, 12, 11)').run()
  raw.close()
  return file
}

describe('global runs (migration 006)', () => {
  it('finishRun stores the summary, every series in order and each one\'s forecast; they read back as written', () => {
    const { runId } = seedRun(store)
    const input = [series(0, 's1'), series(1, 's2', { mase: null, beatsNaive: false })]
    store.finishRun(runId, { metrics: [{ split: 'test', model: 'model', metric: 'mase', value: 1.3 }], forecasts: [], global: { summary, series: input } })
    expect(JSON.parse(store.runs.get(runId).globalJson!)).toEqual(summary)
    expect(JSON.parse(store.runs.list().find((r) => r.id === runId)!.globalJson!)).toEqual(summary)
    expect(store.series.list(runId)).toEqual(input.map(({ forecasts: _f, ...s }) => s))
    expect(store.series.forecasts(runId, 1)).toEqual(input[1]!.forecasts)
    expect(store.series.forecasts(runId, 0)).toEqual(input[0]!.forecasts)
    expect(store.runs.get(runId).status).toBe('done')
  })

  it('a single-series run has no global summary and no series; an unknown position is not-found', () => {
    const { runId } = seedRun(store)
    store.finishRun(runId, { metrics: [], forecasts: [] })
    expect(store.runs.get(runId).globalJson).toBeNull()
    expect(store.series.list(runId)).toEqual([])
    expect(() => store.series.forecasts(runId, 0)).toThrow(expect.objectContaining({ code: 'not-found' }))
  })

  it('refuses NaN scores, NaN forecasts and a position given twice, writing nothing and leaving the run running', () => {
    const { runId } = seedRun(store) // seeded running
    const bad = [
      [series(0, 's1', { mae: Number.NaN })],
      [series(0, 's1', { forecasts: [{ ts: 1, step: 1, value: Number.NaN, lower: null, upper: null, actual: null }] })],
      [series(0, 's1'), series(0, 's2')],
      [series(0, 's1', { networkMase: Number.NaN })],
      [series(0, 's1', { forecastBy: '' })]
    ]
    for (const s of bad) {
      const err = (() => { try { store.finishRun(runId, { metrics: [], forecasts: [], global: { summary, series: s } }) } catch (e) { return e } })()
      expect(err).toBeInstanceOf(StoreError)
      expect((err as StoreError).code).toBe('invalid')
    }
    expect(store.series.list(runId)).toEqual([])
    expect(store.runs.get(runId).globalJson).toBeNull()
    expect(store.runs.get(runId).status).toBe('running')
  })

  it('a global classification\'s series keep their class scores (migration 021), NaN refused; a version-20 database\'s rows read them as null', () => {
    const { runId } = seedRun(store)
    const classes = { mae: null, mase: null, naiveMae: null, naiveMase: null, accuracy: 0.75, brier: 0.18, logLoss: 0.52, rateBrier: 0.22, persistenceBrier: 0.5, majorityAccuracy: 2 / 3 }
    const input = [series(0, 's1', classes), series(1, 's2', { ...classes, accuracy: 1, logLoss: null })]
    store.finishRun(runId, { metrics: [], forecasts: [], global: { summary, series: input } })
    expect(store.series.list(runId)).toEqual(input.map(({ forecasts: _f, ...s }) => s))
    const { runId: other } = seedRun(store)
    expect(() => store.finishRun(other, { metrics: [], forecasts: [], global: { summary, series: [series(0, 's1', { brier: Number.NaN })] } })).toThrow(expect.objectContaining({ code: 'invalid', message: expect.stringContaining('series[0].brier') }))

    const old = openStore(oldGlobalRun(20))
    try {
      expect(old.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(old.series.list(1)[0]).toMatchObject({ mae: 1.5, accuracy: null, brier: null, logLoss: null, rateBrier: null, persistenceBrier: null, majorityAccuracy: null })
    } finally {
      old.close()
    }
  })

  it('removing the run removes its series and their forecasts', () => {
    const { runId } = seedRun(store)
    store.finishRun(runId, { metrics: [], forecasts: [], global: { summary, series: [series(0, 's1')] } })
    store.runs.remove(runId)
    expect(store.db.prepare('SELECT count(*) AS n FROM run_series').get()).toEqual({ n: 0 })
    expect(store.db.prepare('SELECT count(*) AS n FROM series_forecasts').get()).toEqual({ n: 0 })
  })

  it('upgrades a version-5 database in place: its runs read back with no global summary, and a global run can be added', () => {
    const file = path.join(tmp.dir, 'v5.db')
    const raw = new Database(file)
    migrate(raw, file, MIGRATIONS.slice(0, 5))
    expect(raw.pragma('user_version', { simple: true })).toBe(5)
    raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('d', 'h', 0, 0)").run()
    raw.prepare("INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at, range_json) VALUES (1, '{}', 1, 'old', 'done', 0, '{\"a\":1}')").run()
    raw.prepare("INSERT INTO forecasts (run_id, ts, step, value) VALUES (1, 5, 1, 2.5)").run()
    raw.close()

    const old = openStore(file)
    try {
      expect(old.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(old.runs.get(1)).toMatchObject({ status: 'done', rangeJson: '{"a":1}', globalJson: null })
      expect(old.forecasts.list(1)).toEqual([{ ts: 5, step: 1, value: 2.5, lower: null, upper: null, actual: null }])
      expect(old.series.list(1)).toEqual([])
      const { runId } = seedRun(old)
      old.finishRun(runId, { metrics: [], forecasts: [], global: { summary, series: [series(0, 's1')] } })
      expect(old.series.list(runId)).toHaveLength(1)
    } finally {
      old.close()
    }
  })

  it('upgrades a version-6 database with a global run in place (migration 007): its series read back with no choice, their scores the network\'s', () => {
    const old = openStore(oldGlobalRun(6))
    try {
      expect(old.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(old.runs.get(1).globalJson).toBe('{"version":1}')
      expect(old.series.list(1)).toEqual([{
        position: 0, key: ['s1'], label: 'store=s1', rows: 120, season: 12, n: 3, mae: 1.5, mase: 0.8, naiveMae: 2, naiveMase: 1.1, seasonalNaiveMae: null,
        intervalHalfWidth: 3, coverage: 0.5, beatsNaive: true, beatsBestNaive: false, forecastBy: null, forecastLabel: null, forecastNote: null, networkMae: null, networkMase: null, rangeJson: null,
        accuracy: null, brier: null, logLoss: null, rateBrier: null, persistenceBrier: null, majorityAccuracy: null
      }])
      expect(old.series.forecasts(1, 0)).toEqual([{ ts: 7, step: 1, value: 10, lower: 8, upper: 12, actual: 11 }])
      // a new global run keeps its choice beside the old one
      const { runId } = seedRun(old)
      old.finishRun(runId, { metrics: [], forecasts: [], global: { summary, series: [series(0, 's1')] } })
      expect(old.series.list(runId)[0]).toMatchObject({ forecastBy: 'ensemble', forecastLabel: 'mean of the network and Theta', networkMae: 2.5, networkMase: 1.2 })
    } finally {
      old.close()
    }
  })

  it('keeps a global run\'s model file byte for byte (migration 008); other runs have none; removing the run removes it', () => {
    const { runId } = seedRun(store)
    const modelJson = '{"format":"fw-model","weights":[{"data":[0.1,1e-7]}],"pipeline":{"global":{"version":1}}}'
    store.finishRun(runId, { metrics: [], forecasts: [], global: { summary, series: [series(0, 's1')], modelJson } })
    expect(store.runs.globalModel(runId)).toBe(modelJson)
    const single = seedRun(store).runId
    store.finishRun(single, { metrics: [], forecasts: [] })
    expect(store.runs.globalModel(single)).toBeNull()
    // listing runs does not carry the file
    expect(JSON.stringify(store.runs.list())).not.toContain('fw-model')
    store.runs.remove(runId)
    expect(store.db.prepare('SELECT count(*) AS n FROM global_models').get()).toEqual({ n: 0 })
  })

  it('refuses a model file that is not JSON, writing nothing and leaving the run running', () => {
    const { runId } = seedRun(store)
    expect(() => store.finishRun(runId, { metrics: [], forecasts: [], global: { summary, series: [series(0, 's1')], modelJson: '{"format":' } })).toThrow(expect.objectContaining({ code: 'invalid' }))
    expect(store.runs.globalModel(runId)).toBeNull()
    expect(store.series.list(runId)).toEqual([])
    expect(store.runs.get(runId).status).toBe('running')
  })

  it('upgrades a version-7 database with a global run in place (migration 008): the old run has no model file, a new one keeps its', () => {
    const file = path.join(tmp.dir, 'v7.db')
    const raw = new Database(file)
    migrate(raw, file, MIGRATIONS.slice(0, 7))
    expect(raw.pragma('user_version', { simple: true })).toBe(7)
    raw.prepare("INSERT INTO datasets (name, content_hash, imported_at, row_count) VALUES ('d', 'h', 0, 0)").run()
    raw.prepare(`INSERT INTO runs (dataset_id, config_json, seed, app_version, status, created_at, global_json) VALUES (1, '{}', 1, 'old', 'done', 0, '{"version":1}')`).run()
    raw.close()
    const old = openStore(file)
    try {
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(8)
      expect(old.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(old.runs.get(1).globalJson).toBe('{"version":1}')
      expect(old.runs.globalModel(1)).toBeNull()
      const { runId } = seedRun(old)
      old.finishRun(runId, { metrics: [], forecasts: [], global: { summary, series: [series(0, 's1')], modelJson: '{"a":1}' } })
      expect(old.runs.globalModel(runId)).toBe('{"a":1}')
    } finally {
      old.close()
    }
  })
})
