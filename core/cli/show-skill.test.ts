// fw show's test metrics table gives the forecast's skill by the verdict's rule (runSkill), so that
// the table, the verdict under it and fw runs say one number: a run stored before its yardstick left
// out the forecast's own members kept +0.4 % against ARIMA, a third of its forecast (run 9).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { defaultConfig } from '../train/config'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-show-skill-'))
const db = join(dir, 'runs.db')
let run9 = 0

const rmse = (split: 'val' | 'test', v: Record<string, number>) => Object.entries(v).map(([model, value]) => ({ split, model, metric: 'rmse', value }))

beforeAll(() => {
  const store = openStore(db, { appVersion: 'test' })
  try {
    const datasetId = store.datasets.save({ name: 'levelshift.csv', sourceFile: null, columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from({ length: 40 }, (_, i) => 50 + (i % 2)) }], meta: { timeColumn: null } })
    run9 = store.runs.create({ datasetId, configJson: JSON.stringify(defaultConfig('y')), seed: 1 })
    store.startRun(run9)
    const members = ['ets', 'theta', 'arima'].map((name) => ({ name, label: name, weight: 1 / 3 }))
    const choice = { chosen: 'combination', label: 'mean of ETS, Theta and ARIMA', network: 0, members, season: 1, steps: 1, validation: [], message: 'the network lost' }
    store.finishRun(run9, {
      metrics: [
        ...rmse('val', { arima: 1.048, ets: 1.0481, theta: 1.0766, 'moving-average': 1.0947, drift: 1.5645, naive: 1.5645, model: 1.0503 }),
        ...rmse('test', { arima: 21.232, ets: 21.218, theta: 20.99, 'moving-average': 12.743, drift: 6.115, naive: 6.1159, model: 21.146 }),
        { split: 'test', model: 'model', metric: 'skill', value: 0.00404 } // stored against ARIMA
      ],
      forecasts: [],
      choice,
      range: { domain: null, min: 49, max: 51, n: 0, above: 0, below: 0 }
    })
  } finally {
    store.close()
  }
})

describe("fw show: the test metrics table's skill", () => {
  it("is the verdict's, recomputed against a baseline the forecast is not made of, not the one an older run stored (run 9)", async () => {
    const r = await fw('show', String(run9), '--db', db)
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    const header = lines.findIndex((l) => /^predictor\s/.test(l))
    const cols = lines[header]!.trim().split(/\s+/)
    const model = lines.slice(header).find((l) => l.startsWith('model '))!.trim().split(/\s+/)
    const skill = model[cols.indexOf('skill')]
    expect(skill).toBe((1 - 21.146 / 12.743).toFixed(4)) // -0.6594, against moving average
    expect(r.stdout).not.toContain('0.0040')
    expect(r.stdout).toMatch(/verdict: The drift baseline did better|verdict: Worse than moving average by 65\.9 %/)
    // fw runs says the same skill
    expect((await fw('runs', '--db', db)).stdout).toContain('-65.9 %')
  })
})
