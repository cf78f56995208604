// runs.listed: the runs list's own read (the app's Runs view, fw runs' table). It gives what list
// gives of each run that a list shows, in one read, without the stored texts only an opened run needs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore, type MetricRow } from '.'
import { LISTED_SKILL_METRICS } from '../data/metrics'
import { defaultConfig } from '../train/config'
import { epoch } from './test-fixtures/sample'

const store = openStore(join(mkdtempSync(join(tmpdir(), 'fw-listed-')), 'runs.db'), { appVersion: 'test' })
afterAll(() => store.close())

const ds = store.datasets.save({ name: 'small.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2, 3]) }] })
const config = defaultConfig('y')
config.data.features = ['x', 'z']
config.model.outputMode = 'per-step'
config.data.series = { columns: ['store'], values: ['B'] }
const metrics: MetricRow[] = []
for (const split of ['train', 'val', 'test'] as const) {
  for (const model of ['model', 'naive', 'ets']) {
    for (const [i, metric] of ['rmse', 'mae', 'smape', 'mase', 'r2', 'skill', 'coverage'].entries()) metrics.push({ split, model, metric, value: 0.1 + i / 7 + (model === 'naive' ? 1 / 3 : 0) })
  }
}
const done = store.runs.create({ datasetId: ds, configJson: JSON.stringify(config), seed: 7, name: 'full' })
store.epochs.append(done, [epoch(1, 0.9), epoch(2, 0.4), epoch(3, null)])
store.metrics.save(done, metrics)
store.runs.setRange(done, '{"min":1,"max":3}')
const bare = store.runs.create({ datasetId: ds, configJson: '{}', seed: 1 }) // a config with none of the listed fields

describe('runs.listed', () => {
  const full = store.runs.list()
  const listed = store.runs.listed()

  it('gives each run as list does, newest first, for every field a list shows', () => {
    expect(listed.map((r) => r.id)).toEqual([bare, done])
    for (const [i, r] of listed.entries()) {
      const f = full[i]!
      for (const k of ['id', 'datasetId', 'sweepId', 'name', 'notes', 'status', 'createdAt', 'startedAt', 'finishedAt', 'error', 'errorApp', 'choiceJson', 'rangeJson', 'globalJson', 'endingJson', 'ownerInstance', 'ownerHost', 'heartbeatAt', 'datasetName', 'epochCount', 'bestValLoss', 'testMetrics'] as const) {
        expect(r[k], `${r.id} ${k}`).toEqual(f[k])
      }
    }
    expect(listed[1]!.epochCount).toBe(3)
    expect(listed[1]!.bestValLoss).toBe(0.4)
  })

  it("holds only the config's fields a list shows, each as stored, and none the config lacks", () => {
    expect(JSON.parse(listed[1]!.configJson)).toEqual({
      data: { task: config.data.task, target: 'y', lookBack: config.data.lookBack, horizon: config.data.horizon, direct: false, series: { columns: ['store'], values: ['B'] } },
      model: { cell: config.model.cell, hiddenSize: config.model.hiddenSize, outputMode: 'per-step' },
      training: { warmupSteps: config.training.warmupSteps }
    })
    expect(JSON.parse(listed[0]!.configJson)).toEqual({ data: {}, model: {}, training: {} })
    expect(listed[1]!).not.toHaveProperty('noticesJson')
    expect(listed[1]!).not.toHaveProperty('thresholdJson')
  })

  it("reads a run's validation and test rows of the skill's metrics alone, exactly as stored", () => {
    const want = store.metrics.list(done).filter((m) => m.split !== 'train' && LISTED_SKILL_METRICS.includes(m.metric))
    expect(want.length).toBeGreaterThan(0)
    expect(listed[1]!.scores()).toEqual(want)
    expect(listed[0]!.scores()).toEqual([])
  })

  it('keeps the filters list has', () => {
    expect(store.runs.listed({ limit: 1 }).map((r) => r.id)).toEqual([bare])
    expect(store.runs.listed({ status: 'done' })).toEqual([])
  })
})
